"""The beranda's "Yang perlu Anda lakukan" as each role follows it: every to-do is a link
straight to the place to act. And notifications: the bell and its unread count, opening
one (marked read, on to its page), and its e-mail, sent at once or held for the morning
digest as the pegawai chose on the Akun page.

The to-do list follows today in the tenant's zone, so every SKP here is of the current
year and the period is the one running today."""

import re

import pytest
from django.core import mail
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from inti.kalender import kode_periode_pada, label_periode
from organisasi.models import Notifikasi, Pegawai
from penilaian import rules as penilaian_rules
from penilaian import services as penilaian_services
from penilaian.models import PeriodePenilaian
from skp import services as skp_services
from skp.models import SKP
from tests.bantuan import segar
from tests.e2e.conftest import foto, halaman_baru, masuk, menu, pesan
from tests.penilaian.conftest import (
    beri_umpan_balik,
    isi_realisasi,
    isi_rencana_aksi,
    skp_disetujui,
)
from tests.skp.conftest import pegawai_baru, rantai_tahun, tambah_rhk

pytestmark = pytest.mark.e2e

CATATAN_REVIEW = "Bukti dukung triwulan ini belum menunjukkan capaian di atas ekspektasi."
CATATAN_SKP = "Indikator RHK terlalu umum: sebutkan jumlah usul yang diverifikasi."
SUREL_STAF = "staf.pkap@bulelengkab.go.id"


def periode_berjalan(dunia):
    """(tahun, kode, label) of the period running today in Buleleng's zone."""
    hari_ini = dunia.buleleng.hari_ini()
    kode = kode_periode_pada(hari_ini, bulanan=dunia.buleleng.periode_bulanan)
    return hari_ini.year, kode, label_periode(kode, hari_ini.year)


def tugas(page):
    """The links of the to-do list, in the order shown."""
    return page.locator("ol.daftar-tugas > li > a")


def butir_tugas(page, judul):
    return page.locator("ol.daftar-tugas > li").filter(
        has=page.get_by_role("link", name=judul, exact=True)
    )


def buka_tugas(page, judul):
    page.locator("ol.daftar-tugas").get_by_role("link", name=judul, exact=True).click()


def ke_beranda(page, nama):
    menu(page, "Beranda")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Selamat datang, {nama}")
    expect(page.get_by_role("heading", name="Yang perlu Anda lakukan")).to_be_visible()


def masuk_ke_beranda(page, live_server, pegawai):
    masuk(page, live_server, pegawai.nip)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Yang perlu Anda lakukan")).to_be_visible()


def ajukan_periode(skp, pegawai, kode):
    """The pegawai's period `kode` with a rencana aksi and realisasi per RHK, submitted."""
    periode = penilaian_services.periode_tambah(skp=skp, kode=kode, by=segar(pegawai))
    isi_rencana_aksi(periode, segar(pegawai))
    isi_realisasi(periode, segar(pegawai))
    return penilaian_services.periode_ajukan(periode=segar(periode), by=segar(pegawai))


def belum_dibaca(pegawai) -> int:
    with scopes_disabled():
        return Notifikasi.objects.filter(penerima=pegawai, dibaca_pada__isnull=True).count()


# ---- pegawai ------------------------------------------------------------------------------


def test_pegawai_follows_todo_from_susun_skp_to_tambah_periode_to_rencana_aksi(
    live_server, transactional_db, dunia, chromium
):
    tahun, kode, label = periode_berjalan(dunia)
    with scopes_disabled():
        rantai = rantai_tahun(dunia, tahun)
    staf = dunia.staf

    # No SKP yet: the one thing to do is to draft it.
    page = halaman_baru(chromium)
    masuk_ke_beranda(page, live_server, staf)
    expect(tugas(page)).to_have_text([f"Susun SKP {tahun}"])
    butir = butir_tugas(page, f"Susun SKP {tahun}")
    expect(butir).to_have_class("mendesak")
    expect(butir).to_contain_text("Tanpa SKP yang disetujui, Anda tidak muncul")
    foto(page, "beranda-01-pegawai-tanpa-skp")
    buka_tugas(page, f"Susun SKP {tahun}")
    expect(page).to_have_url(f"{live_server.url}/skp/buat/")
    expect(page.get_by_role("heading", level=1, name="Buat SKP")).to_be_visible()
    expect(page.get_by_label("Tahun")).to_have_value(str(tahun))
    expect(page.get_by_role("button", name="Simpan")).to_be_visible()

    # The SKP drafted, submitted and approved: the running period is to be added.
    with scopes_disabled():
        skp_disetujui(dunia, rantai, staf)
    ke_beranda(page, staf.nama_lengkap)
    judul_tambah = f"Tambah periode penilaian {label}"
    expect(tugas(page)).to_have_text([judul_tambah])
    foto(page, "beranda-02-pegawai-skp-disetujui")
    buka_tugas(page, judul_tambah)
    expect(page).to_have_url(f"{live_server.url}/penilaian/")
    expect(page.get_by_role("heading", level=1, name=f"Penilaian Kinerja {tahun}")).to_be_visible()
    tambah = page.get_by_role("group", name="Tambah Periode Penilaian")
    tambah.get_by_role("radio", name=re.compile(rf"^{re.escape(label)}\b")).check()
    page.get_by_test_id("tambah-periode").click()
    expect(pesan(page)).to_have_text(f"Periode {label} ditambahkan.")
    with scopes_disabled():
        periode = PeriodePenilaian.objects.get(pegawai=staf, tahun=tahun, kode=kode)

    # Back at the beranda: the period has no rencana aksi yet.
    ke_beranda(page, staf.nama_lengkap)
    judul_rencana = f"Tulis rencana aksi {label}"
    expect(tugas(page)).to_have_text([judul_rencana])
    expect(butir_tugas(page, judul_rencana)).to_contain_text(
        "RHK berikut belum memiliki rencana aksi"
    )
    foto(page, "beranda-03-pegawai-periode-ditambah")
    buka_tugas(page, judul_rencana)
    expect(page).to_have_url(f"{live_server.url}/penilaian/periode/{periode.pk}/")
    expect(
        page.get_by_role("heading", level=1, name=re.compile(rf"^{re.escape(label)}\b"))
    ).to_contain_text("Pengisian realisasi")
    form = page.get_by_test_id("form-rencana-aksi")
    expect(form).to_be_visible()
    expect(form.get_by_role("button", name="Simpan rencana aksi")).to_be_visible()


# ---- penilai ------------------------------------------------------------------------------


def test_penilai_reaches_skp_and_realisasi_waiting_for_them_from_beranda(
    live_server, transactional_db, dunia, chromium
):
    tahun, kode, label = periode_berjalan(dunia)
    with scopes_disabled():
        rantai = rantai_tahun(dunia, tahun)
        # The staf submitted the running period; a colleague submitted an SKP.
        skp_staf = skp_disetujui(dunia, rantai, dunia.staf)
        ajukan_periode(skp_staf, dunia.staf, kode)
        rekan = pegawai_baru(dunia, dunia.bidang, "Rekan PKAP")
        skp_rekan = skp_services.skp_buat(pegawai=rekan, tahun=tahun, by=rekan)
        tambah_rhk(skp_rekan, rekan, "Tersusunnya rekap usul", intervensi=[rantai.rhk_kabid])
        skp_services.skp_ajukan(skp=segar(skp_rekan), by=rekan)
    kabid, staf = dunia.kabid, dunia.staf

    page = halaman_baru(chromium)
    masuk_ke_beranda(page, live_server, kabid)
    judul_skp = "1 SKP bawahan menunggu persetujuan Anda"
    judul_nilai = f"1 bawahan menunggu penilaian {label}"
    # One group per role: the kabid's own period to add, then the bawahan's, urgent first.
    expect(tugas(page)).to_have_text([f"Tambah periode penilaian {label}", judul_skp, judul_nilai])
    expect(page.locator("h3.peran-tugas")).to_have_text(
        ["Untuk Anda sendiri", "Sebagai pejabat penilai"]
    )
    foto(page, "beranda-04-penilai")

    buka_tugas(page, judul_skp)
    expect(page).to_have_url(f"{live_server.url}/skp/bawahan/")
    expect(page.get_by_role("heading", level=1, name=f"SKP Bawahan {tahun}")).to_be_visible()
    baris = page.locator(f"#bawahan-{rekan.pk}")
    expect(baris).to_contain_text("Diajukan")
    expect(baris.get_by_role("button", name="Setujui")).to_be_visible()
    expect(baris.get_by_text("Kembalikan…")).to_be_visible()

    ke_beranda(page, kabid.nama_lengkap)
    buka_tugas(page, judul_nilai)
    expect(page).to_have_url(f"{live_server.url}/penilaian/bawahan/?tahun={tahun}&periode={kode}")
    expect(
        page.get_by_role("heading", level=1, name=f"Penilaian Bawahan · {label}")
    ).to_be_visible()
    baris = page.locator(f"#bawahan-{staf.pk}")
    expect(baris).to_contain_text("Menunggu penilaian")
    expect(baris.get_by_role("link", name="Beri umpan balik dan nilai")).to_be_visible()


# ---- admin OPD ----------------------------------------------------------------------------


def test_admin_opd_reaches_units_without_pimpinan_and_accounts_to_activate(
    live_server, transactional_db, dunia, chromium
):
    tahun = dunia.buleleng.hari_ini().year
    # In BKPSDM nobody leads the Subbidang; a pegawai imported there has no password yet.
    with scopes_disabled():
        baru = pegawai_baru(dunia, dunia.subbidang, "Pegawai Baru Impor")
        baru.set_unusable_password()
        baru.save(update_fields=["password"])
    admin = dunia.admin_opd

    page = halaman_baru(chromium)
    masuk_ke_beranda(page, live_server, admin)
    judul_unit = "1 unit aktif belum memiliki pimpinan"
    judul_aktivasi = "1 pegawai belum mengaktifkan akun"
    # The admin is a pegawai too, without an SKP.
    expect(tugas(page)).to_have_text([f"Susun SKP {tahun}", judul_unit, judul_aktivasi])
    foto(page, "beranda-05-admin-opd")

    buka_tugas(page, judul_unit)
    expect(page).to_have_url(f"{live_server.url}/kelola/unit/?tanpa_pimpinan=1")
    expect(page.get_by_role("heading", level=1, name="Kelola Unit Kerja")).to_be_visible()
    expect(page.get_by_label("Hanya yang tanpa pimpinan")).to_be_checked()
    baris = page.locator("table.tabel tbody tr")
    expect(baris).to_have_count(1)
    expect(baris.get_by_role("link", name="Subbidang Penilaian")).to_be_visible()

    ke_beranda(page, admin.nama_lengkap)
    buka_tugas(page, judul_aktivasi)
    expect(page).to_have_url(f"{live_server.url}/kelola/aktivasi/")
    expect(page.get_by_role("heading", level=1, name="Aktivasi akun pegawai")).to_be_visible()
    expect(page.get_by_role("button", name="Terbitkan")).to_be_visible()
    per_unit = page.locator("section").filter(
        has=page.get_by_role("heading", name="Aktivasi per unit kerja")
    )
    expect(per_unit.get_by_role("row").filter(has_text="Subbidang Penilaian")).to_be_visible()


# ---- admin BKD, and the penilai's bell ----------------------------------------------------


def test_bkd_returns_sangat_baik_and_penilai_finds_it_by_bell_and_beranda(
    live_server, transactional_db, dunia, chromium
):
    tahun, kode, label = periode_berjalan(dunia)
    with scopes_disabled():
        rantai = rantai_tahun(dunia, tahun)
        skp_staf = skp_disetujui(dunia, rantai, dunia.staf)
        periode = ajukan_periode(skp_staf, dunia.staf, kode)
        beri_umpan_balik(periode, segar(dunia.kabid))
        periode = penilaian_services.periode_nilai(
            periode=segar(periode),
            by=segar(dunia.kabid),
            rating_hasil_kerja=penilaian_rules.DIATAS,
            rating_perilaku_kerja=penilaian_rules.DIATAS,
        )
    assert periode.status == PeriodePenilaian.Status.MENUNGGU_REVIEW
    staf, kabid, admin_bkd = dunia.staf, dunia.kabid, dunia.admin_bkd

    # ---- the Tim Penilai Kinerja finds the Sangat Baik and returns it -------------------
    page = halaman_baru(chromium)
    masuk_ke_beranda(page, live_server, admin_bkd)
    judul_review = "1 predikat Sangat Baik menunggu review Tim Penilai Kinerja"
    expect(butir_tugas(page, judul_review)).to_have_class("mendesak")
    foto(page, "beranda-06-admin-bkd")
    buka_tugas(page, judul_review)
    expect(page).to_have_url(f"{live_server.url}/penilaian/review/")
    expect(
        page.get_by_role("heading", level=1, name=f"Review Tim Penilai Kinerja {tahun}")
    ).to_be_visible()
    baris = page.locator(f"#review-{periode.pk}")
    expect(baris).to_contain_text(staf.nama)
    expect(baris).to_contain_text(label)
    expect(baris).to_contain_text(kabid.nama)
    baris.get_by_text("Kembalikan…").click()
    baris.get_by_label(f"Catatan untuk pejabat penilai {staf.nama}").fill(CATATAN_REVIEW)
    baris.get_by_role("button", name="Kembalikan", exact=True).click()
    expect(pesan(page)).to_contain_text(f"Penilaian {staf.nama} dikembalikan ke pejabat penilainya")
    expect(
        page.get_by_text(f"Tidak ada predikat yang menunggu review tahun {tahun}.")
    ).to_be_visible()
    ke_beranda(page, admin_bkd.nama_lengkap)
    expect(butir_tugas(page, judul_review)).to_have_count(0)

    # ---- the penilai: the bell counts it, opening it leads to the period -----------------
    halaman_penilai = halaman_baru(chromium)
    masuk_ke_beranda(halaman_penilai, live_server, kabid)
    # Unread besides the return: the kabid's own SKP approved, the staf's SKP and
    # realisasi submitted (acted on through the services, not by opening them).
    sebelum = belum_dibaca(kabid)
    assert sebelum >= 2
    lonceng = halaman_penilai.locator("header a.lonceng")
    expect(lonceng.locator("span.lencana")).to_have_text(str(sebelum))
    expect(lonceng).to_have_attribute("aria-label", f"Notifikasi: {sebelum} belum dibaca")
    judul_dikembalikan = f"1 penilaian {label} dikembalikan Tim Penilai Kinerja"
    expect(butir_tugas(halaman_penilai, judul_dikembalikan)).to_have_class("mendesak")
    foto(halaman_penilai, "beranda-07-penilai-dikembalikan-tpk")

    lonceng.click()
    expect(halaman_penilai).to_have_url(f"{live_server.url}/notifikasi/?belum=1")
    expect(halaman_penilai.get_by_role("heading", level=1, name="Notifikasi")).to_be_visible()
    notif = halaman_penilai.locator("article.notif.baru")
    expect(notif).to_have_count(sebelum)
    judul_notif = f"Tim Penilai Kinerja mengembalikan penilaian {staf.nama_lengkap}"
    kembali = notif.filter(has=halaman_penilai.get_by_role("link", name=judul_notif))
    expect(kembali).to_contain_text(f"{label}. Nilai ulang. Catatan: {CATATAN_REVIEW}")
    foto(halaman_penilai, "beranda-08-notifikasi-penilai")
    kembali.get_by_role("link", name=judul_notif).click()
    expect(halaman_penilai).to_have_url(f"{live_server.url}/penilaian/periode/{periode.pk}/")
    expect(
        halaman_penilai.get_by_role("heading", name="Penilaian oleh pejabat penilai")
    ).to_be_visible()
    expect(halaman_penilai.get_by_role("alert").filter(has_text=CATATAN_REVIEW)).to_contain_text(
        "Dikembalikan Tim Penilai Kinerja:"
    )
    expect(halaman_penilai.get_by_test_id("form-rating")).to_be_visible()
    expect(lonceng.locator("span.lencana")).to_have_text(str(sebelum - 1))
    assert belum_dibaca(kabid) == sebelum - 1

    # ---- and the beranda's to-do leads to the bawahan waiting again ----------------------
    ke_beranda(halaman_penilai, kabid.nama_lengkap)
    expect(tugas(halaman_penilai)).to_have_text(
        [f"Tambah periode penilaian {label}", judul_dikembalikan]
    )
    expect(butir_tugas(halaman_penilai, judul_dikembalikan)).to_contain_text(
        "Baca catatan review, lalu nilai ulang."
    )
    buka_tugas(halaman_penilai, judul_dikembalikan)
    expect(halaman_penilai).to_have_url(
        f"{live_server.url}/penilaian/bawahan/?tahun={tahun}&periode={kode}"
    )
    expect(
        halaman_penilai.get_by_role("heading", level=1, name=f"Penilaian Bawahan · {label}")
    ).to_be_visible()
    baris = halaman_penilai.locator(f"#bawahan-{staf.pk}")
    expect(baris.get_by_role("link", name="Beri umpan balik dan nilai")).to_be_visible()


# ---- e-mail -------------------------------------------------------------------------------


def test_skp_returned_is_emailed_at_once_then_held_for_digest_when_staf_chooses_it(
    live_server, transactional_db, dunia, chromium, settings, celery_di_proses
):
    tahun = dunia.buleleng.hari_ini().year
    settings.NOTIFIKASI_SUREL = True
    with scopes_disabled():
        rantai = rantai_tahun(dunia, tahun)
        staf = segar(dunia.staf)
        skp = skp_services.skp_buat(pegawai=staf, tahun=tahun, by=staf)
        tambah_rhk(skp, staf, "Terverifikasinya usul penilaian", intervensi=[rantai.rhk_kabid])
        skp_services.skp_ajukan(skp=segar(skp), by=staf)
        Pegawai.objects.filter(pk=staf.pk).update(email=SUREL_STAF)
        assert segar(staf).notifikasi_surel == Pegawai.SurelNotifikasi.SEGERA
    kabid = dunia.kabid
    assert mail.outbox == []  # nobody else here has an e-mail address

    # ---- the kabid returns the SKP from SKP Bawahan --------------------------------------
    halaman_penilai = halaman_baru(chromium)
    masuk_ke_beranda(halaman_penilai, live_server, kabid)
    buka_tugas(halaman_penilai, "1 SKP bawahan menunggu persetujuan Anda")
    baris = halaman_penilai.locator(f"#bawahan-{staf.pk}")
    baris.get_by_text("Kembalikan…").click()
    baris.get_by_label(f"Catatan untuk {staf.nama}").fill(CATATAN_SKP)
    baris.get_by_role("button", name="Kembalikan", exact=True).click()
    expect(pesan(halaman_penilai)).to_have_text(f"SKP {staf.nama} dikembalikan untuk revisi.")

    assert len(mail.outbox) == 1
    surel = mail.outbox[0]
    assert surel.to == [SUREL_STAF]
    assert surel.subject == f"[e-Kinerja] SKP {tahun} Anda dikembalikan untuk diperbaiki"
    assert CATATAN_SKP in surel.body
    assert f"Buka: {settings.SITUS_URL}/skp/{skp.pk}/" in surel.body
    with scopes_disabled():
        assert Notifikasi.objects.get(penerima=staf).surel == Notifikasi.Surel.TERKIRIM

    # ---- the staf reads it on the beranda, then asks for a morning digest ----------------
    page = halaman_baru(chromium)
    masuk_ke_beranda(page, live_server, staf)
    judul_perbaiki = f"Perbaiki SKP {tahun} lalu ajukan lagi"
    expect(tugas(page)).to_have_text([judul_perbaiki])
    expect(butir_tugas(page, judul_perbaiki)).to_contain_text(
        f"Catatan pejabat penilai: {CATATAN_SKP}"
    )
    foto(page, "beranda-09-pegawai-skp-dikembalikan")
    page.locator("header").get_by_role("link", name="Akun", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Akun dan keamanan")).to_be_visible()
    pilihan = page.get_by_role("group", name="Kirim notifikasi ke e-mail saya")
    segera = pilihan.get_by_role("radio", name="Segera, satu e-mail per pemberitahuan")
    expect(segera).to_be_checked()
    pilihan.get_by_role("radio", name="Satu ringkasan setiap pagi").check()
    foto(page, "beranda-10-akun-pilihan-surel")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(pesan(page)).to_have_text("Pilihan e-mail notifikasi disimpan.")
    expect(pilihan.get_by_role("radio", name="Satu ringkasan setiap pagi")).to_be_checked()

    # The staf resubmits from the to-do; the kabid approves: no e-mail now.
    ke_beranda(page, staf.nama_lengkap)
    buka_tugas(page, judul_perbaiki)
    expect(page).to_have_url(f"{live_server.url}/skp/{skp.pk}/")
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(pesan(page)).to_have_text("SKP diajukan ke pejabat penilai.")
    halaman_penilai.goto(f"{live_server.url}/skp/{skp.pk}/")
    halaman_penilai.get_by_role("button", name="Setujui SKP").click()
    expect(pesan(halaman_penilai)).to_have_text(f"SKP {staf.nama} disetujui.")

    assert len(mail.outbox) == 1
    with scopes_disabled():
        disetujui = Notifikasi.objects.get(penerima=staf, judul=f"SKP {tahun} Anda disetujui")
        assert segar(skp).status == SKP.Status.DISETUJUI
    assert disetujui.surel == Notifikasi.Surel.HARIAN  # waits for the morning digest
