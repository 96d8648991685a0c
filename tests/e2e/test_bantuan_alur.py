"""Bantuan as people click it: the staf reads the FAQ, asks for help from it, the admin OPD
finds the request in the queue with the staf's data attached and answers, the staf reads
the answer and closes the request."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from bantuan.models import Tiket
from tests.e2e.conftest import foto, halaman_baru, masuk, pesan

pytestmark = pytest.mark.e2e

JUDUL = "Nama saya tidak muncul di penilaian kabid"
URAIAN = "Realisasi Triwulan I sudah saya isi, tetapi kabid tidak melihat nama saya."
JAWABAN = "Periode Anda belum diajukan. Buka Penilaian lalu ajukan realisasi Triwulan I."


def test_pegawai_asks_admin_opd_answers_pegawai_closes(
    live_server, transactional_db, dunia, chromium
):
    staf, admin = dunia.staf, dunia.admin_opd

    # ---- (1) the staf asks from the FAQ page -------------------------------------------------
    page = halaman_baru(chromium)
    masuk(page, live_server, staf.nip)
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/bantuan/faq/")
    expect(page.get_by_role("heading", name="Pertanyaan umum")).to_be_visible()
    page.get_by_role("link", name="Minta bantuan").click()
    expect(page).to_have_url(re.compile(r"/bantuan/baru/\?dari=%2Fbantuan%2Ffaq%2F$"))
    form = page.get_by_test_id("form-bantuan")
    # Sent empty first: the errors are beside the fields, in Indonesian.
    form.get_by_role("button", name="Kirim permintaan").click()
    expect(page.locator(".isian.ada-galat")).to_have_count(3)
    expect(page.get_by_text("Tuliskan judul singkat masalah Anda.")).to_be_visible()
    form = page.get_by_test_id("form-bantuan")
    form.get_by_label("Judul").fill(JUDUL)
    form.get_by_label("Kategori").select_option(label="Nama saya / atasan tidak muncul")
    form.get_by_label("Uraian").fill(URAIAN)
    foto(page, "bantuan-01-form")
    form.get_by_role("button", name="Kirim permintaan").click()
    expect(pesan(page)).to_have_text(
        "Permintaan bantuan terkirim ke admin OPD Anda. Jawabannya muncul di sini."
    )
    expect(page.get_by_test_id("status-tiket")).to_have_text("Baru")
    with scopes_disabled():
        tiket = Tiket.objects.get()
    assert tiket.konteks["dari"] == "/bantuan/faq/"
    url_tiket = f"{live_server.url}/bantuan/{tiket.pk}/"
    expect(page).to_have_url(url_tiket)

    # ---- (2) the admin OPD finds it in the queue and answers -------------------------------------
    admin_page = halaman_baru(chromium)
    masuk(admin_page, live_server, admin.nip)
    admin_page.goto(f"{live_server.url}/bantuan/")
    tab = admin_page.get_by_role("navigation", name="Daftar permintaan bantuan")
    expect(tab.get_by_role("link", name="Permintaan masuk (1 menunggu)")).to_be_visible()
    daftar = admin_page.get_by_test_id("daftar-tiket")
    expect(daftar).to_contain_text("Staf PKAP")
    daftar.get_by_role("link", name=JUDUL).click()
    expect(admin_page).to_have_url(url_tiket)
    konteks = admin_page.get_by_test_id("konteks")
    expect(konteks).to_contain_text("/bantuan/faq/")
    expect(konteks).to_contain_text("Kabid PKAP")  # the atasan
    expect(konteks).to_contain_text("Pejabat penilai Anda: Kabid PKAP")  # the diagnosis
    foto(admin_page, "bantuan-02-admin-detail")
    balas = admin_page.get_by_test_id("form-balas")
    balas.get_by_label("Balasan").fill(JAWABAN)
    expect(balas.get_by_label("Setelah dibalas")).to_have_value("menunggu_pegawai")
    balas.get_by_role("button", name="Kirim balasan").click()
    expect(pesan(admin_page)).to_have_text("Balasan terkirim.")
    expect(admin_page.get_by_test_id("status-tiket")).to_have_text("Menunggu jawaban pegawai")

    # ---- (3) the staf reads the answer and closes it ---------------------------------------------
    page.goto(f"{live_server.url}/bantuan/")
    expect(page.get_by_test_id("daftar-tiket")).to_contain_text("Menunggu jawaban pegawai")
    page.get_by_test_id("daftar-tiket").get_by_role("link", name=JUDUL).click()
    balasan = page.get_by_test_id("balasan")
    expect(balasan).to_have_count(1)
    expect(balasan).to_contain_text(admin.nama)
    expect(balasan).to_contain_text(JAWABAN)
    expect(page.get_by_test_id("konteks")).to_have_count(0)
    page.get_by_role("button", name="Masalah sudah beres, tutup").click()
    expect(pesan(page)).to_have_text("Permintaan ditandai selesai.")
    expect(page.get_by_test_id("status-tiket")).to_have_text("Selesai")
    expect(page.get_by_role("button", name="Buka kembali")).to_be_visible()
    expect(page.get_by_test_id("form-balas")).to_have_count(0)
    foto(page, "bantuan-03-selesai")
