"""Dialog kinerja, umpan balik berkelanjutan and pembinaan as people click them: the
pegawai records a dialog on the SKP and the kabid confirms it; the kabid asks a question
on an RHK and the pegawai answers; the kabid rates Triwulan I Dibawah/Sesuai (Butuh
Perbaikan), records a konseling and then its outcome."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from inti.format import format_tanggal
from penilaian.models import KomentarKinerja, Pembinaan, PeriodePenilaian
from skp.models import SKP, DialogKinerja
from tests.bantuan import segar
from tests.e2e.conftest import foto, halaman_baru, masuk, pesan
from tests.penilaian.conftest import URAIAN_RHK, periode_siap_dinilai, semua_rhk, skp_disetujui
from tests.skp.conftest import buat_rantai as buat_rantai  # noqa: F401  (fixture)

pytestmark = pytest.mark.e2e

PERTANYAAN = "Apakah verifikasi usul bisa selesai sebelum akhir bulan?"
JAWABAN = "Bisa, tinggal 3 usul yang menunggu berkas dari OPD."
RENCANA = "Konseling mingguan: target verifikasi harian dan pendampingan."
HASIL = "Pegawai memahami target; verifikasi harian berjalan."


@dataclass
class Arena:
    hari_ini: object
    staf: object
    kabid: object
    skp: SKP
    rhk: list
    periode: PeriodePenilaian


@pytest.fixture
def arena(transactional_db, dunia, buat_rantai, settings, tmp_path) -> Arena:  # noqa: F811
    """The staf's approved SKP (two RHK) of this year, Triwulan I submitted and given
    feedback by the kabid: ready to be rated."""
    settings.MEDIA_ROOT = tmp_path / "media"
    hari_ini = dunia.buleleng.hari_ini()
    with scopes_disabled():
        rantai = buat_rantai(hari_ini.year)
        skp = skp_disetujui(dunia, rantai, dunia.staf)
        staf, kabid = segar(dunia.staf), segar(dunia.kabid)
        periode = periode_siap_dinilai(skp, staf, kabid)
        return Arena(hari_ini, staf, kabid, segar(skp), semua_rhk(skp), periode)


def test_dialog_diskusi_dan_pembinaan(live_server, arena, chromium):
    staf, kabid = arena.staf, arena.kabid
    url_skp = f"{live_server.url}/skp/{arena.skp.pk}/"
    url_periode = f"{live_server.url}/penilaian/periode/{arena.periode.pk}/"

    # ---- (1) the pegawai records a dialog kinerja on the SKP -----------------------------
    page = halaman_baru(chromium)
    masuk(page, live_server, staf.nip)
    page.goto(url_skp)
    dialog = page.locator("#dialog")
    expect(dialog).to_contain_text("Belum ada dialog kinerja tercatat.")
    dialog.get_by_text("Catat dialog kinerja", exact=True).click()
    expect(dialog.get_by_label("Tanggal")).to_have_value(arena.hari_ini.isoformat())
    dialog.get_by_label("Topik").select_option(label="Review progres")
    dialog.get_by_label("Yang dibahas").fill("Progres verifikasi usul triwulan I.")
    dialog.get_by_label("Yang disepakati").fill("Sisa usul selesai dalam dua minggu.")
    dialog.get_by_label(URAIAN_RHK[0]).check()
    foto(page, "01-form-dialog")
    dialog.get_by_role("button", name="Simpan dialog").click()
    expect(pesan(page)).to_have_text("Dialog kinerja dicatat; pihak lain diminta mengonfirmasi.")
    catatan = page.locator("#dialog .dialog")
    expect(catatan).to_have_count(1)
    expect(catatan).to_contain_text("Review progres")
    expect(catatan).to_contain_text("menunggu konfirmasi")
    expect(catatan).to_contain_text(f"RHK: {URAIAN_RHK[0]}")
    expect(catatan.get_by_role("button", name="Konfirmasi")).to_have_count(0)

    # ---- (2) the kabid confirms it ---------------------------------------------------------
    penilai = halaman_baru(chromium)
    masuk(penilai, live_server, kabid.nip)
    penilai.goto(url_skp)
    catatan_penilai = penilai.locator("#dialog .dialog")
    expect(catatan_penilai).to_contain_text(f"dicatat {staf.nama}")
    catatan_penilai.get_by_role("button", name="Konfirmasi").click()
    expect(pesan(penilai)).to_have_text("Dialog dikonfirmasi.")
    expect(penilai.locator("#dialog .dialog")).to_contain_text(
        f"dikonfirmasi {format_tanggal(arena.hari_ini)}"
    )
    foto(penilai, "02-dialog-dikonfirmasi")

    # ---- (3) a question on the first RHK, answered by the pegawai --------------------------
    penilai.goto(url_periode)
    penilai.locator("table.hasil-kerja td").filter(has_text=URAIAN_RHK[0]).get_by_role(
        "link", name=re.compile(r"^Diskusi")
    ).click()
    expect(penilai).to_have_url(re.compile(rf"/penilaian/rhk/{arena.rhk[0].pk}/diskusi/$"))
    url_diskusi = penilai.url
    expect(penilai.get_by_role("heading", name="Umpan balik berkelanjutan")).to_be_visible()
    penilai.get_by_label("Umpan balik atau pertanyaan").fill(PERTANYAAN)
    penilai.get_by_role("button", name="Kirim").click()
    expect(pesan(penilai)).to_have_text("Terkirim.")

    page.goto(url_diskusi)
    expect(page.locator(".komentar")).to_have_count(1)
    expect(page.locator(".komentar")).to_contain_text(PERTANYAAN)
    page.get_by_label("Umpan balik atau pertanyaan").fill(JAWABAN)
    page.get_by_role("button", name="Kirim").click()
    expect(pesan(page)).to_have_text("Terkirim.")
    komentar = page.locator(".komentar")
    expect(komentar).to_have_count(2)
    expect(komentar.nth(0)).to_contain_text(kabid.nama)
    expect(komentar.nth(0)).to_contain_text(PERTANYAAN)
    expect(komentar.nth(1)).to_contain_text(staf.nama)
    expect(komentar.nth(1)).to_contain_text(JAWABAN)
    foto(page, "03-diskusi-pegawai")

    penilai.reload()
    expect(penilai.locator(".komentar")).to_have_count(2)
    expect(penilai.locator(".komentar").nth(1)).to_contain_text(JAWABAN)
    expect(penilai.locator("a.lonceng .lencana")).to_be_visible()
    penilai.locator("a.lonceng").click()
    expect(penilai.locator("body")).to_contain_text(f"Umpan balik baru dari {staf.nama}")

    # ---- (4) Dibawah / Sesuai: Butuh Perbaikan, then a konseling -------------------------
    penilai.goto(f"{url_periode}#penilaian")
    rating = penilai.get_by_test_id("form-rating")
    rating.get_by_role("group", name="Rating hasil kerja").get_by_role(
        "radio", name=re.compile("^Dibawah Ekspektasi")
    ).check()
    rating.get_by_role("group", name="Rating perilaku kerja").get_by_role(
        "radio", name=re.compile("^Sesuai Ekspektasi")
    ).check()
    expect(rating.locator(".pratinjau-predikat")).to_have_text("Predikat: Butuh Perbaikan")
    penilai.get_by_test_id("simpan-rating").click()
    expect(pesan(penilai)).to_contain_text("Dinilai: predikat Butuh Perbaikan.")

    bagian = penilai.locator("#pembinaan")
    expect(bagian.get_by_role("heading", name="Pembinaan kinerja")).to_be_visible()
    tindak_lanjut = arena.hari_ini + timedelta(days=7)
    bagian.get_by_text("Catat pembinaan (bimbingan atau konseling)").click()
    bagian.get_by_label("Jenis").select_option(label="Konseling kinerja")
    bagian.get_by_label("Rencana pembinaan").fill(RENCANA)
    bagian.get_by_label("Tanggal tindak lanjut").fill(tindak_lanjut.isoformat())
    foto(penilai, "04-form-pembinaan")
    bagian.get_by_role("button", name="Simpan").click()
    expect(pesan(penilai)).to_have_text("Pembinaan dicatat.")
    catatan_pembinaan = penilai.locator("#pembinaan .dialog")
    expect(catatan_pembinaan).to_have_count(1)
    expect(catatan_pembinaan).to_contain_text("Konseling kinerja")
    expect(catatan_pembinaan).to_contain_text(RENCANA)

    catatan_pembinaan.get_by_label("Hasil pembinaan").fill(HASIL)
    catatan_pembinaan.get_by_role("button", name="Catat hasil").click()
    expect(pesan(penilai)).to_have_text("Hasil pembinaan dicatat.")
    catatan_pembinaan = penilai.locator("#pembinaan .dialog")
    expect(catatan_pembinaan).to_contain_text(f"Hasil ({format_tanggal(arena.hari_ini)}): {HASIL}")
    expect(catatan_pembinaan.get_by_role("button", name="Catat hasil")).to_have_count(0)
    foto(penilai, "05-pembinaan-selesai")

    # ---- the database ---------------------------------------------------------------------
    with scopes_disabled():
        dialog = DialogKinerja.objects.get(skp=arena.skp)
        isi_komentar = list(
            KomentarKinerja.objects.filter(rhk=arena.rhk[0])
            .order_by("dibuat", "id")
            .values_list("oleh", "isi")
        )
        periode = segar(arena.periode)
        pembinaan = Pembinaan.objects.get(periode=periode)
        rhk_dialog = list(dialog.rhk.values_list("pk", flat=True))
    assert (dialog.pegawai_id, dialog.penilai_id, dialog.dicatat_oleh_id) == (
        staf.pk,
        kabid.pk,
        staf.pk,
    )
    assert dialog.topik == DialogKinerja.Topik.REVIEW
    assert dialog.tanggal == arena.hari_ini
    assert dialog.dikonfirmasi_pada is not None
    assert rhk_dialog == [arena.rhk[0].pk]
    assert isi_komentar == [(kabid.pk, PERTANYAAN), (staf.pk, JAWABAN)]
    assert (periode.status, periode.predikat) == (
        PeriodePenilaian.Status.DINILAI,
        "butuh_perbaikan",
    )
    assert (pembinaan.jenis, pembinaan.rencana, pembinaan.tanggal_tindak_lanjut) == (
        Pembinaan.Jenis.KONSELING,
        RENCANA,
        tindak_lanjut,
    )
    assert (pembinaan.oleh_id, pembinaan.hasil) == (kabid.pk, HASIL)
    assert pembinaan.selesai_pada is not None
