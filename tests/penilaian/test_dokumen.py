"""The three documents of a periode penilaian (DOMAIN: Documents): the default print date,
rendering to PDF through the Celery task, staleness, PAdES signatures, the public
verification page, who may see and upload what, and the ZIP of a whole OPD.

Personas (tests/penilaian/conftest.py): the staf owns the period; the kabid is the staf's
pejabat penilai; the rekan is a colleague; the kepala is the kabid's atasan (not the
staf's); admin_opd manages BKPSDM, admin_dinkes another OPD, admin_bkd the instansi;
admin_lain and pegawai_lain belong to another instansi.

The PDFs are real (WeasyPrint) and read back with pdftotext; the signatures are real
(pyHanko) with a self-signed certificate per instansi, made once per session.
"""

import hashlib
import io
import os
import re
import shutil
import subprocess
import zipfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled
from django_scopes.state import state as scopes_state

from dokumen import services as dokumen_services
from dokumen import tanda_tangan
from dokumen import tasks as dokumen_tasks
from dokumen.models import CetakMassal, Dokumen
from inti.format import format_tanggal
from inti.models import Jejak
from organisasi.models import HariLibur, Instansi, Pegawai, UnitKerja
from penilaian import rules, services
from penilaian.models import PeriodePenilaian, RencanaAksi
from skp import services as skp_services
from tests.bantuan import masuk, pesan, segar, teks
from tests.conftest import butuh_layanan, per_modul
from tests.factories import PegawaiFactory, jadikan_pimpinan
from tests.penilaian.conftest import PDF, periode_siap_dinilai, skp_disetujui
from tests.skp.conftest import TAHUN, tambah_rhk

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

KODE_BULELENG, NAMA_BULELENG = "buleleng", "Pemerintah Kabupaten Buleleng"  # as in `dunia`
TANGGAL = date(TAHUN, 3, 31)  # TW I 2025 ends on Monday 31 March
LOKASI = "Singaraja"
SKP, EVALUASI, DOKUMEN_EVALUASI = Dokumen.Jenis.values


# ---- fixtures and helpers -------------------------------------------------------------


@pytest.fixture(scope="session")
def folder_sertifikat(tmp_path_factory) -> Path:
    """Buleleng's self-signed pair, made once: an RSA key costs a noticeable fraction of
    a second, and every test copies the pair into its own TANDA_TANGAN_DIR."""
    folder = tmp_path_factory.mktemp("sertifikat-sesi")
    with override_settings(TANDA_TANGAN_DIR=folder):
        tanda_tangan.buat_sertifikat_sendiri(KODE_BULELENG, NAMA_BULELENG)
    return folder


@pytest.fixture
def cetak(settings, tmp_path, folder_sertifikat, dunia):
    """What rendering and signing need: WeasyPrint (Pango), pdftotext, eager Celery and
    the instansi's certificate in a per-test folder."""
    try:
        import weasyprint  # noqa: F401
    except OSError:
        butuh_layanan("membutuhkan Pango untuk WeasyPrint")
    if shutil.which("pdftotext") is None:
        butuh_layanan("membutuhkan pdftotext (poppler-utils)")
    # CI sets CELERY_BROKER_URL, which sends tasks to Redis; here they run in-process.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert (dunia.buleleng.kode, dunia.buleleng.nama) == (KODE_BULELENG, NAMA_BULELENG)
    settings.TANDA_TANGAN_DIR = tmp_path / "sertifikat"
    shutil.copytree(folder_sertifikat, settings.TANDA_TANGAN_DIR)
    assert tanda_tangan.sertifikat_tersedia(KODE_BULELENG)
    with scopes_disabled():
        Instansi.objects.filter(pk=dunia.buleleng.pk).update(lokasi_cetak="Buleleng")
    return settings


@pytest.fixture
def minta_dokumen(cetak, django_capture_on_commit_callbacks):
    """dokumen_minta as the print dialog calls it; the render tasks run on commit."""

    def minta(periode, by, *, tanggal=TANGGAL, lokasi=LOKASI, jenis=None) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            diminta = dokumen_services.dokumen_minta(
                periode=periode, by=by, tanggal=tanggal, lokasi=lokasi, jenis=jenis
            )
        return {d.jenis: segar(d) for d in diminta}

    return minta


@pytest.fixture
def tw1_dinilai(tw1_siap_dinilai, orang) -> PeriodePenilaian:
    """Rated by the kabid: hasil kerja Diatas, perilaku Sesuai, so predikat Baik (not
    Sangat Baik: no review needed, the period is Dinilai at once)."""
    return services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.DIATAS,
        rating_perilaku_kerja=rules.SESUAI,
    )


@pytest.fixture
def dokumen_dinilai(tw1_dinilai, orang, minta_dokumen) -> dict:
    return minta_dokumen(tw1_dinilai, orang.staf)


@pytest.fixture
def evaluasi_dinilai(tw1_dinilai, orang, minta_dokumen) -> Dokumen:
    """Only the evaluation form (a third of the rendering time) where one is enough."""
    return minta_dokumen(tw1_dinilai, orang.staf, jenis=[EVALUASI])[EVALUASI]


def isi_berkas(dokumen) -> bytes:
    with dokumen.berkas.open("rb") as f:
        return f.read()


def teks_pdf(isi: bytes) -> str:
    """The PDF's text in reading order, whitespace folded (table cells wrap)."""
    keluar = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=isi, capture_output=True, check=True
    )
    return " ".join(keluar.stdout.decode().split())


def tanda_tangani(dokumen, by) -> Dokumen:
    with scopes_disabled():  # the signer may belong to another instansi
        by = segar(by)
    return dokumen_services.dokumen_tandatangani(dokumen=segar(dokumen), by=by)


def validasi(dokumen) -> list[tanda_tangan.HasilValidasi]:
    return tanda_tangan.validasi(isi_berkas(segar(dokumen)), kode_instansi=KODE_BULELENG)


def unduhan(response) -> bytes:
    # The test client closes a streamed response once it is read to the end; closing it
    # again here would fire request_finished and drop the test's PostgreSQL connection.
    return b"".join(response.streaming_content)


@contextmanager
def tanpa_tenant():
    """As an anonymous request runs in production: no tenant in scope, so a scoped query
    raises. The fixtures hold Buleleng's scope for the whole test; step out of it here so
    the public page cannot lean on it."""
    token = scopes_state.set({"_enabled": True})
    try:
        yield
    finally:
        scopes_state.reset(token)


def unggah(nama, isi, content_type="application/pdf"):
    return SimpleUploadedFile(nama, isi, content_type=content_type)


# ---- default tanggal: the last working day of the period --------------------------------

JUMAT_AGUNG_2024 = date(2024, 3, 29)
# TW I 2025 ends in a run of days off: cuti bersama Nyepi (Fri 28 March), Nyepi (Sat 29),
# Sunday 30, Idul Fitri (Mon 31 March, Tue 1 April).
LIBUR_LEBARAN_2025 = {date(2025, 3, 28), date(2025, 3, 29), date(2025, 3, 31), date(2025, 4, 1)}


@pytest.mark.parametrize(
    ("selesai", "hari_kerja", "libur", "harapan"),
    [
        # DOMAIN: TW I 2024 → 28 March for a 5-day OPD, 30 March for a 6-day one.
        (date(2024, 3, 31), 5, {JUMAT_AGUNG_2024}, date(2024, 3, 28)),
        (date(2024, 3, 31), 6, {JUMAT_AGUNG_2024}, date(2024, 3, 30)),
        # Without the holiday the Friday is the last working day.
        (date(2024, 3, 31), 5, set(), date(2024, 3, 29)),
        # TW II 2024 ends on Sunday 30 June.
        (date(2024, 6, 30), 5, set(), date(2024, 6, 28)),
        (date(2024, 6, 30), 6, set(), date(2024, 6, 29)),
        # August 2024 ends on a Saturday: a working day only for a 6-day OPD.
        (date(2024, 8, 31), 6, set(), date(2024, 8, 31)),
        (date(2024, 8, 31), 5, set(), date(2024, 8, 30)),
        # A working last day is itself the date; holidays before it do not matter.
        (date(2024, 12, 31), 5, {date(2024, 12, 25), date(2024, 12, 26)}, date(2024, 12, 31)),
        # Consecutive holidays and a weekend: back to Thursday for both settings.
        (date(2025, 3, 31), 5, LIBUR_LEBARAN_2025, date(2025, 3, 27)),
        (date(2025, 3, 31), 6, LIBUR_LEBARAN_2025, date(2025, 3, 27)),
        # A holiday on the last day of a month ending on Monday: back to Friday / Saturday.
        (date(2024, 9, 30), 5, {date(2024, 9, 30)}, date(2024, 9, 27)),
        (date(2024, 9, 30), 6, {date(2024, 9, 30)}, date(2024, 9, 28)),
    ],
    ids=[
        "tw1-2024-5hari",
        "tw1-2024-6hari",
        "tw1-2024-tanpa-libur",
        "minggu-5hari",
        "minggu-6hari",
        "sabtu-6hari",
        "sabtu-5hari",
        "hari-kerja",
        "libur-beruntun-5hari",
        "libur-beruntun-6hari",
        "senin-libur-5hari",
        "senin-libur-6hari",
    ],
)
def test_default_print_date_is_the_last_working_day(selesai, hari_kerja, libur, harapan):
    assert rules.tanggal_cetak_bawaan(selesai, hari_kerja=hari_kerja, libur=libur) == harapan


@pytest.fixture
def tw1_2024(dalam_buleleng, buat_rantai, orang) -> PeriodePenilaian:
    """The staf's TW I 2024 (the DOMAIN example), on a cascade of 2024."""
    rantai_2024 = buat_rantai(2024)
    skp = skp_disetujui(dalam_buleleng, rantai_2024, orang.staf)
    return services.periode_tambah(skp=skp, kode="tw1", by=orang.staf)


def _libur(instansi, tanggal, nama):
    with scopes_disabled():
        HariLibur.objects.create(instansi=instansi, tanggal=tanggal, nama=nama)


def _hari_kerja(unit, hari_kerja):
    UnitKerja.objects.filter(pk=unit.pk).update(hari_kerja=hari_kerja)


def test_print_date_follows_the_units_workdays_and_only_the_tenants_holidays(
    tw1_2024, dalam_buleleng
):
    d = dalam_buleleng
    _libur(d.buleleng, JUMAT_AGUNG_2024, "Wafat Yesus Kristus")
    # Another instansi's calendar must not move Buleleng's dates.
    _libur(d.lain, date(2024, 3, 28), "Libur daerah lain")
    _libur(d.lain, date(2024, 3, 30), "Libur daerah lain")

    # Bidang PKAP has no setting of its own: it follows BKPSDM (5 days).
    assert dokumen_services.tanggal_cetak_periode(segar(tw1_2024)) == date(2024, 3, 28)
    _hari_kerja(d.bkpsdm, 6)
    assert dokumen_services.tanggal_cetak_periode(segar(tw1_2024)) == date(2024, 3, 30)
    # The unit's own setting wins over its OPD's.
    _hari_kerja(d.bidang, 5)
    assert dokumen_services.tanggal_cetak_periode(segar(tw1_2024)) == date(2024, 3, 28)


def test_print_dialog_offers_the_default_date_and_the_tenants_lokasi(
    client, tw1_2024, dalam_buleleng, orang, cetak
):
    d = dalam_buleleng
    _libur(d.buleleng, JUMAT_AGUNG_2024, "Wafat Yesus Kristus")
    _hari_kerja(d.bkpsdm, 6)
    halaman = teks(masuk(client, orang.staf).get(reverse("dokumen_periode", args=[tw1_2024.pk])))
    assert 'name="tanggal" value="2024-03-30"' in halaman
    assert 'name="lokasi" value="Buleleng"' in halaman
    assert "Belum ada dokumen" in halaman


# ---- rendering ------------------------------------------------------------------------


def test_request_queues_rendering_until_commit_then_three_pdfs_are_ready(
    tw1_dinilai, orang, cetak, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as antrean:
        diminta = dokumen_services.dokumen_minta(
            periode=tw1_dinilai, by=orang.staf, tanggal=TANGGAL, lokasi=f"  {LOKASI} "
        )
        # Nothing is rendered inside the request's transaction.
        assert [segar(d).status for d in diminta] == [Dokumen.Status.ANTRE] * 3
        assert not any(segar(d).berkas for d in diminta)
    assert len(antrean) == 3

    daftar = list(Dokumen.objects.filter(periode=tw1_dinilai).order_by("jenis"))
    assert sorted(d.jenis for d in daftar) == sorted(Dokumen.Jenis.values)
    assert len({d.kode for d in daftar}) == 3
    for dokumen in daftar:
        assert (dokumen.status, dokumen.galat) == (Dokumen.Status.SIAP, "")
        assert (dokumen.tanggal, dokumen.lokasi) == (TANGGAL, LOKASI)
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{10}", dokumen.kode)
        isi = isi_berkas(dokumen)
        assert isi.startswith(b"%PDF-")
        assert dokumen.sha256 == hashlib.sha256(isi).hexdigest()
        assert dokumen.selesai_pada is not None
        assert not (dokumen.ttd_pegawai_pada or dokumen.ttd_penilai_pada)
    assert Jejak.objects.filter(aksi="dokumen_minta", objek_id=tw1_dinilai.pk).count() == 1


def test_every_document_names_both_people_the_place_date_and_its_code(
    dokumen_dinilai, orang, cetak
):
    for jenis, dokumen in dokumen_dinilai.items():
        isi = teks_pdf(isi_berkas(dokumen))
        assert dokumen.get_jenis_display().upper() in isi, jenis
        assert "PEMERINTAH KABUPATEN BULELENG" in isi
        assert "TRIWULAN I 2025 (1 JANUARI 2025 – 31 MARET 2025)" in isi
        assert f"NAMA {orang.staf.nama_lengkap}" in isi
        assert f"NIP {orang.staf.nip}" in isi
        assert f"NAMA {orang.kabid.nama_lengkap}" in isi
        assert f"NIP {orang.kabid.nip}" in isi
        assert "Singaraja, 31 Maret 2025" in isi, jenis
        assert f"{cetak.SITUS_URL}/v/{dokumen.kode}/ · kode {dokumen.kode}" in isi


def test_skp_document_lists_the_rhk_indikator_and_perilaku(dokumen_dinilai, daftar_indikator):
    isi = teks_pdf(isi_berkas(dokumen_dinilai[SKP]))
    for indikator in daftar_indikator:
        assert f"{indikator.rhk.uraian} {indikator.uraian} 12 Laporan" in isi
    assert "B. Tambahan -" in isi
    for nilai in ["Berorientasi Pelayanan", "Akuntabel", "Kolaboratif"]:
        assert nilai in isi
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in isi


def test_evaluation_form_shows_rencana_aksi_realisasi_feedback_and_predikat(
    dokumen_dinilai, daftar_rhk
):
    isi = teks_pdf(isi_berkas(dokumen_dinilai[EVALUASI]))
    for rhk in daftar_rhk:
        # RHK, rencana aksi with its target, indikator, realisasi and the feedback, in order.
        assert (
            f"{rhk.uraian} Utama Tahapan Triwulan I 2025: {rhk.uraian} Target: 1 Laporan"
        ) in isi
    assert isi.count("Laporan selesai dan diserahkan kepada atasan.") == 2
    assert isi.count("Target tercapai tepat waktu.") == 2
    assert isi.count("Konsisten dan menjadi contoh.") == 7
    assert "RATING HASIL KERJA: DIATAS EKSPEKTASI" in isi
    assert "RATING PERILAKU KERJA: SESUAI EKSPEKTASI" in isi
    # Diatas × Sesuai is Baik (the matrix's rows are hasil kerja), not Sangat Baik.
    assert "PREDIKAT KINERJA PEGAWAI: BAIK" in isi
    assert "SANGAT BAIK" not in isi


def test_dokumen_evaluasi_shows_ratings_predikat_and_the_penilais_atasan(
    dokumen_dinilai, daftar_rhk, orang
):
    isi = teks_pdf(isi_berkas(dokumen_dinilai[DOKUMEN_EVALUASI]))
    atasan_penilai = orang.kepala
    assert f"Atasan pejabat penilai kinerja {atasan_penilai.nama_lengkap} · NIP" in isi
    assert f"NIP {atasan_penilai.nip} · Penata Muda (III/a) · Analis" in isi
    assert "Capaian kinerja organisasi BELUM DITETAPKAN" in isi
    assert "Rating hasil kerja DIATAS EKSPEKTASI" in isi
    assert "Rating perilaku kerja SESUAI EKSPEKTASI" in isi
    assert "Predikat kinerja pegawai BAIK" in isi
    for rhk in daftar_rhk:
        assert f"{rhk.uraian} Target tercapai tepat waktu." in isi
    # The staf is a pelaksana: no angka kredit.
    assert "ANGKA KREDIT" not in isi


def _jadikan_fungsional(pegawai, jenjang):
    with scopes_disabled():
        Pegawai.objects.filter(pk=pegawai.pk).update(
            jenis_jabatan=Pegawai.JenisJabatan.FUNGSIONAL, jenjang=jenjang
        )


def test_dokumen_evaluasi_of_a_fungsional_shows_the_annual_angka_kredit(
    skp_staf, orang, minta_dokumen
):
    """DOMAIN: angka kredit = percentage by predikat × the jenjang's annual coefficient;
    Ahli Pertama 12,5 a year, predikat Baik 100 %."""
    _jadikan_fungsional(orang.staf, "ahli_pertama")
    final = periode_siap_dinilai(skp_staf, orang.staf, orang.kabid, kode=rules.FINAL)
    final = services.periode_nilai(
        periode=final,
        by=orang.kabid,
        rating_hasil_kerja=rules.DIATAS,
        rating_perilaku_kerja=rules.SESUAI,
    )
    dokumen = minta_dokumen(
        final, orang.staf, tanggal=date(TAHUN, 12, 31), jenis=[DOKUMEN_EVALUASI]
    )
    isi = teks_pdf(isi_berkas(dokumen[DOKUMEN_EVALUASI]))
    assert (
        "ANGKA KREDIT JABATAN FUNGSIONAL Jenjang jabatan fungsional Ahli Pertama "
        "Koefisien angka kredit tahunan 12,5 Persentase menurut predikat 100% "
        "Angka kredit 12,5 (100% × 12,5)"
    ) in isi


def test_a_quarter_names_the_jenjang_but_leaves_angka_kredit_to_the_annual_predikat(
    tw1_dinilai, orang, minta_dokumen
):
    _jadikan_fungsional(orang.staf, "penyelia")
    dokumen = minta_dokumen(tw1_dinilai, orang.staf, jenis=[DOKUMEN_EVALUASI])
    isi = teks_pdf(isi_berkas(dokumen[DOKUMEN_EVALUASI]))
    assert (
        "Jenjang jabatan fungsional Penyelia Koefisien angka kredit tahunan 25 "
        "Angka kredit Ditetapkan dari predikat kinerja tahunan (penilaian akhir)."
    ) in isi


def test_sangat_baik_is_printed_as_waiting_for_review_until_the_tim_penilai_approves(
    tw1_menunggu_review, orang, minta_dokumen
):
    dokumen = minta_dokumen(tw1_menunggu_review, orang.staf, jenis=[EVALUASI])[EVALUASI]
    isi = teks_pdf(isi_berkas(dokumen))
    assert "PREDIKAT KINERJA PEGAWAI: SANGAT BAIK (MENUNGGU REVIEW TIM PENILAI KINERJA)" in isi

    services.review_setujui(periode=tw1_menunggu_review, by=orang.admin_bkd)
    assert dokumen_services.dokumen_basi(segar(dokumen))
    dokumen = minta_dokumen(tw1_menunggu_review, orang.staf, jenis=[EVALUASI])[EVALUASI]
    isi = teks_pdf(isi_berkas(dokumen))
    assert "RATING HASIL KERJA: DIATAS EKSPEKTASI" in isi
    assert "PREDIKAT KINERJA PEGAWAI: SANGAT BAIK" in isi
    assert "MENUNGGU REVIEW" not in isi


def test_final_period_form_shows_realisasi_per_indikator_without_rencana_aksi(
    skp_staf, daftar_indikator, orang, minta_dokumen
):
    final = periode_siap_dinilai(skp_staf, orang.staf, orang.kabid, kode=rules.FINAL)
    dokumen = minta_dokumen(final, orang.staf, tanggal=date(TAHUN, 12, 31), jenis=[EVALUASI])
    isi = teks_pdf(isi_berkas(dokumen[EVALUASI]))
    assert "FINAL/TAHUNAN 2025 (1 JANUARI 2025 – 31 DESEMBER 2025)" in isi
    assert "Rencana Aksi" not in isi
    for indikator in daftar_indikator:
        assert (
            f"{indikator.rhk.uraian} Utama {indikator.uraian} 12 Laporan - - "
            "Tercapai 12 laporan dalam setahun. Target tercapai tepat waktu."
        ) in isi
    assert "PREDIKAT KINERJA PEGAWAI: BELUM DINILAI" in isi
    assert "Singaraja, 31 Desember 2025" in isi


def test_printing_again_keeps_the_code_and_prints_the_new_date(
    dokumen_dinilai, orang, minta_dokumen
):
    lama = dokumen_dinilai[SKP]
    baru = minta_dokumen(
        segar(lama.periode), orang.staf, tanggal=date(TAHUN, 4, 2), lokasi="Buleleng", jenis=[SKP]
    )[SKP]
    assert (baru.pk, baru.kode) == (lama.pk, lama.kode)  # the QR already handed out stays valid
    isi = teks_pdf(isi_berkas(baru))
    assert "Buleleng, 2 April 2025" in isi
    assert "31 Maret 2025," not in isi
    assert baru.sha256 != lama.sha256
    # The outdated file is not left behind: deleted once the new one is committed (a
    # rollback would keep the old one, which the row still names).
    penyimpanan = baru.berkas.storage
    assert baru.berkas.name != lama.berkas.name
    assert penyimpanan.exists(baru.berkas.name)
    assert not penyimpanan.exists(lama.berkas.name)


def test_a_render_that_rolls_back_keeps_the_old_file(dokumen_dinilai, orang):
    lama = segar(dokumen_dinilai[SKP])
    isi_lama = isi_berkas(lama)
    with pytest.raises(RuntimeError), transaction.atomic():
        dokumen_services.dokumen_render(dokumen=lama)
        raise RuntimeError("gagal sesudah menulis berkas")
    lama = segar(lama)
    assert lama.berkas.storage.exists(lama.berkas.name)
    assert isi_berkas(lama) == isi_lama


def test_request_needs_a_lokasi_and_a_tanggal(tw1_dinilai, orang, cetak):
    with pytest.raises(ValidationError) as galat:
        dokumen_services.dokumen_minta(
            periode=tw1_dinilai, by=orang.staf, tanggal=TANGGAL, lokasi="  "
        )
    assert "lokasi" in galat.value.message_dict
    with pytest.raises(ValidationError) as galat:
        dokumen_services.dokumen_minta(
            periode=tw1_dinilai, by=orang.staf, tanggal=None, lokasi=LOKASI
        )
    assert "tanggal" in galat.value.message_dict
    assert not Dokumen.objects.filter(periode=tw1_dinilai).exists()


# ---- stale documents ------------------------------------------------------------------


def _basi(dokumen: dict) -> dict:
    return {jenis: dokumen_services.dokumen_basi(segar(d)) for jenis, d in dokumen.items()}


def test_feedback_changed_after_printing_makes_the_evaluation_documents_stale(
    tw1_siap_dinilai, daftar_rhk, orang, minta_dokumen
):
    dokumen = minta_dokumen(tw1_siap_dinilai, orang.staf)
    assert _basi(dokumen) == {SKP: False, EVALUASI: False, DOKUMEN_EVALUASI: False}

    services.umpan_balik_simpan(
        periode=tw1_siap_dinilai, by=orang.kabid, rhk=daftar_rhk[0], isi="Perlu lebih cepat."
    )
    # The SKP does not print feedback; the two evaluation documents do.
    assert _basi(dokumen) == {SKP: False, EVALUASI: True, DOKUMEN_EVALUASI: True}


def test_rating_after_printing_makes_the_evaluation_documents_stale(
    tw1_siap_dinilai, orang, minta_dokumen
):
    dokumen = minta_dokumen(tw1_siap_dinilai, orang.staf)
    services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.SESUAI,
        rating_perilaku_kerja=rules.SESUAI,
    )
    assert _basi(dokumen) == {SKP: False, EVALUASI: True, DOKUMEN_EVALUASI: True}


def test_realisasi_changed_by_service_or_directly_makes_the_form_stale(
    tw1_terbuka, orang, minta_dokumen
):
    periode, daftar_ra = tw1_terbuka
    services.realisasi_simpan(
        periode=periode, by=orang.staf, rencana_aksi=daftar_ra[0], realisasi="Draf laporan."
    )
    dokumen = minta_dokumen(periode, orang.staf, jenis=[SKP, EVALUASI])
    assert _basi(dokumen) == {SKP: False, EVALUASI: False}

    services.realisasi_simpan(
        periode=periode, by=orang.staf, rencana_aksi=daftar_ra[0], realisasi="Laporan final."
    )
    assert _basi(dokumen) == {SKP: False, EVALUASI: True}

    dokumen = minta_dokumen(periode, orang.staf, jenis=[EVALUASI])
    assert _basi(dokumen) == {EVALUASI: False}
    assert "Laporan final." in teks_pdf(isi_berkas(dokumen[EVALUASI]))
    RencanaAksi.objects.filter(pk=daftar_ra[1].pk).update(realisasi="Diubah lewat basis data.")
    assert _basi(dokumen) == {EVALUASI: True}


def test_capaian_organisasi_set_after_printing_makes_dokumen_evaluasi_stale(
    dokumen_dinilai, dalam_buleleng, orang
):
    services.capaian_tetapkan(
        opd=dalam_buleleng.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=orang.admin_bkd
    )
    assert _basi(dokumen_dinilai) == {SKP: False, EVALUASI: False, DOKUMEN_EVALUASI: True}


def test_a_document_being_rendered_is_never_stale(tw1_dinilai, orang, cetak):
    # Without executing the on-commit callbacks, the documents stay queued.
    dokumen = dokumen_services.dokumen_minta(
        periode=tw1_dinilai, by=orang.staf, tanggal=TANGGAL, lokasi=LOKASI
    )
    assert not any(dokumen_services.dokumen_basi(segar(d)) for d in dokumen)


# ---- signatures -----------------------------------------------------------------------


def test_pegawai_then_penilai_sign_and_both_signatures_validate(evaluasi_dinilai, orang):
    dokumen = tanda_tangani(evaluasi_dinilai, orang.staf)
    assert dokumen.ttd_pegawai_pada is not None and dokumen.ttd_penilai_pada is None
    assert [(v.field, v.utuh, v.sah) for v in validasi(dokumen)] == [
        ("PegawaiyangDinilai", True, True)
    ]

    dokumen = segar(tanda_tangani(dokumen, orang.kabid))
    assert dokumen.ttd_penilai_pada is not None and dokumen.ttd_penilai_id == orang.kabid.pk
    isi = isi_berkas(dokumen)
    assert dokumen.sha256 == hashlib.sha256(isi).hexdigest()
    hasil = validasi(dokumen)
    assert [(v.field, v.utuh, v.sah) for v in hasil] == [
        ("PegawaiyangDinilai", True, True),
        ("PejabatPenilaiKinerja", True, True),
    ]
    assert all(v.waktu is not None for v in hasil)
    # Signing adds a revision; the content stays what was rendered.
    assert not dokumen_services.dokumen_basi(dokumen)
    assert "PREDIKAT KINERJA PEGAWAI: BAIK" in teks_pdf(isi)
    if ke := os.environ.get("CETAK_HALAMAN_KE"):
        Path(ke, "bertanda.pdf").write_bytes(isi)
    jejak = Jejak.objects.filter(aksi="dokumen_tanda_tangan", objek_id=dokumen.periode_id)
    assert sorted(j.oleh_id for j in jejak) == sorted([orang.staf.pk, orang.kabid.pk])


def test_a_signed_page_shows_each_signature_in_its_box(evaluasi_dinilai, orang):
    """The signatures are visible on paper: in each signer's box on the page, the name,
    NIP, the time in the tenant's zone (WITA for Buleleng), the code and the verification
    URL (also as a QR code)."""
    from pypdf import PdfReader

    dokumen = segar(tanda_tangani(tanda_tangani(evaluasi_dinilai, orang.staf), orang.kabid))
    pembaca = PdfReader(io.BytesIO(isi_berkas(dokumen)))
    kotak = {}
    for nomor, halaman in enumerate(pembaca.pages):
        for anotasi in halaman.get("/Annots") or []:
            anotasi = anotasi.get_object()
            if anotasi.get("/FT") == "/Sig":
                kotak[anotasi["/T"]] = (nomor, [float(v) for v in anotasi["/Rect"]])
    # Each box is where the render left room for it, on the page of the signatures.
    assert set(kotak) == {"PegawaiyangDinilai", "PejabatPenilaiKinerja"}
    halaman_ttd = len(pembaca.pages) - 1
    assert kotak["PegawaiyangDinilai"] == (halaman_ttd, dokumen.posisi_ttd["pegawai"][1:])
    assert kotak["PejabatPenilaiKinerja"] == (halaman_ttd, dokumen.posisi_ttd["penilai"][1:])
    assert kotak["PegawaiyangDinilai"][1][2] < kotak["PejabatPenilaiKinerja"][1][0]  # side by side
    # The stamp's text is in the page's drawing (its appearance stream), read by pdftotext.
    teks = teks_pdf(isi_berkas(dokumen))
    for penanda, pada in (
        (orang.staf, dokumen.ttd_pegawai_pada),
        (orang.kabid, dokumen.ttd_penilai_pada),
    ):
        waktu = pada.astimezone(ZoneInfo("Asia/Makassar"))
        assert (
            f"Ditandatangani secara elektronik {penanda.nama_lengkap} NIP {penanda.nip} "
            f"{format_tanggal(waktu.date())} {waktu:%H:%M} WITA Kode verifikasi {dokumen.kode}"
        ) in teks
    assert teks.count(f"Kode verifikasi {dokumen.kode}") == 2
    assert teks.count(f"/v/{dokumen.kode}/") >= 3  # both stamps and the footer


def test_signatures_pass_pyhankos_own_validator(evaluasi_dinilai, orang, cetak):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    tanda_tangani(evaluasi_dinilai, orang.staf)
    dokumen = segar(tanda_tangani(evaluasi_dinilai, orang.kabid))
    sertifikat = Path(cetak.TANDA_TANGAN_DIR) / f"{KODE_BULELENG}.cert.pem"
    konteks = ValidationContext(trust_roots=[load_cert_from_pemder(str(sertifikat))])
    tanda = PdfFileReader(io.BytesIO(isi_berkas(dokumen)), strict=False).embedded_signatures
    assert len(tanda) == 2
    status = [validate_pdf_signature(t, konteks) for t in tanda]
    assert all(s.intact and s.valid and s.trusted and s.bottom_line for s in status)
    # The first signature covers its own revision; the penilai's covers the whole file.
    assert status[0].coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert status[1].coverage == SignatureCoverageLevel.ENTIRE_FILE
    # Who signed, why and where, as a PDF reader shows it.
    pegawai, penilai = (t.sig_object for t in tanda)
    assert pegawai["/Name"] == f"{orang.staf.nama_lengkap} (NIP {orang.staf.nip})"
    assert penilai["/Name"] == f"{orang.kabid.nama_lengkap} (NIP {orang.kabid.nip})"
    assert pegawai["/Reason"] == (
        "Pegawai yang Dinilai – Form Penilaian / Hasil Evaluasi Kinerja Triwulan I 2025"
    )
    assert penilai["/Location"] == LOKASI


def test_a_signature_made_with_another_key_is_not_valid(evaluasi_dinilai, orang, cetak):
    tanda_tangani(evaluasi_dinilai, orang.staf)
    # A forger's self-made pair under the same name: intact, but not Buleleng's certificate.
    with override_settings(TANDA_TANGAN_DIR=Path(cetak.TANDA_TANGAN_DIR).parent / "pemalsu"):
        tanda_tangan.buat_sertifikat_sendiri(KODE_BULELENG, NAMA_BULELENG)
        palsu = tanda_tangan.tandatangani(
            isi_berkas(segar(evaluasi_dinilai)),
            kode_instansi=KODE_BULELENG,
            nama_field="Palsu",
            penanda="Pemalsu",
            alasan="uji",
            lokasi="-",
        )
    hasil = tanda_tangan.validasi(palsu, kode_instansi=KODE_BULELENG)
    assert [(v.field, v.utuh, v.sah) for v in hasil] == [
        ("PegawaiyangDinilai", True, True),
        ("Palsu", True, False),
    ]


@pytest.mark.parametrize(
    "nama_persona", ["rekan", "kepala", "admin_opd", "admin_bkd", "pegawai_lain", "admin_lain"]
)
def test_only_the_pegawai_and_the_penilai_may_sign(evaluasi_dinilai, orang, nama_persona):
    dokumen = evaluasi_dinilai
    with pytest.raises(ValidationError) as galat:
        tanda_tangani(dokumen, getattr(orang, nama_persona))
    assert galat.value.messages == [
        "Hanya pegawai yang dinilai dan pejabat penilainya yang menandatangani."
    ]
    setelah = segar(dokumen)
    assert (setelah.sha256, setelah.ttd_pegawai_pada, setelah.ttd_penilai_pada) == (
        dokumen.sha256,
        None,
        None,
    )
    assert validasi(setelah) == []


@pytest.mark.parametrize("nama_persona", ["staf", "kabid"])
def test_nobody_signs_twice(evaluasi_dinilai, orang, nama_persona):
    penanda = getattr(orang, nama_persona)
    dokumen = tanda_tangani(evaluasi_dinilai, penanda)
    with pytest.raises(ValidationError, match="Anda sudah menandatangani dokumen ini"):
        tanda_tangani(dokumen, penanda)
    assert len(validasi(dokumen)) == 1


@pytest.mark.parametrize("keadaan", ["tw1_siap_dinilai", "tw1_menunggu_review"])
def test_a_period_not_yet_rated_is_not_signed(request, keadaan, orang, minta_dokumen):
    periode = request.getfixturevalue(keadaan)
    dokumen = minta_dokumen(periode, orang.staf, jenis=[EVALUASI])[EVALUASI]
    for penanda in (orang.staf, orang.kabid):
        with pytest.raises(ValidationError, match="setelah penilaian selesai"):
            tanda_tangani(dokumen, penanda)
    assert validasi(dokumen) == []


def test_a_stale_document_is_not_signed_until_printed_again(
    tw1_dinilai, dalam_buleleng, orang, minta_dokumen
):
    dokumen = minta_dokumen(tw1_dinilai, orang.staf, jenis=[SKP, DOKUMEN_EVALUASI])
    services.capaian_tetapkan(
        opd=dalam_buleleng.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=orang.admin_bkd
    )
    with pytest.raises(ValidationError, match="Data berubah sejak dokumen dibuat"):
        tanda_tangani(dokumen[DOKUMEN_EVALUASI], orang.staf)
    tanda_tangani(dokumen[SKP], orang.staf)  # the SKP does not print the capaian

    dokumen = minta_dokumen(segar(tw1_dinilai), orang.staf, jenis=[DOKUMEN_EVALUASI])
    assert "Capaian kinerja organisasi BAIK" in teks_pdf(isi_berkas(dokumen[DOKUMEN_EVALUASI]))
    assert len(validasi(tanda_tangani(dokumen[DOKUMEN_EVALUASI], orang.staf))) == 1


def test_without_a_certificate_signing_says_so_in_indonesian(evaluasi_dinilai, orang, cetak):
    shutil.rmtree(cetak.TANDA_TANGAN_DIR)
    with pytest.raises(ValidationError) as galat:
        tanda_tangani(evaluasi_dinilai, orang.staf)
    assert galat.value.messages == [
        f"Sertifikat tanda tangan instansi belum dipasang ({KODE_BULELENG}.cert.pem). Hubungi BKD."
    ]
    setelah = segar(evaluasi_dinilai)
    assert (setelah.sha256, setelah.ttd_pegawai_pada) == (evaluasi_dinilai.sha256, None)


def test_printing_again_clears_the_signatures(evaluasi_dinilai, orang, minta_dokumen):
    tanda_tangani(evaluasi_dinilai, orang.staf)
    ditandatangani = segar(tanda_tangani(evaluasi_dinilai, orang.kabid))
    assert len(validasi(ditandatangani)) == 2

    baru = minta_dokumen(
        segar(ditandatangani.periode), orang.staf, tanggal=date(TAHUN, 4, 1), jenis=[EVALUASI]
    )[EVALUASI]
    assert (baru.ttd_pegawai_pada, baru.ttd_penilai_pada, baru.ttd_penilai_id) == (None,) * 3
    assert validasi(baru) == []
    assert baru.sha256 != ditandatangani.sha256
    # Both sign the new file again.
    tanda_tangani(baru, orang.staf)
    assert len(validasi(tanda_tangani(baru, orang.kabid))) == 2


# ---- public verification page ---------------------------------------------------------


@pytest.fixture
def ditandatangani(evaluasi_dinilai, orang) -> Dokumen:
    """The evaluation form signed by the staf, then the kabid."""
    tanda_tangani(evaluasi_dinilai, orang.staf)
    return segar(tanda_tangani(evaluasi_dinilai, orang.kabid))


def _periksa(client, kode, isi: bytes, nama="dokumen.pdf"):
    with tanpa_tenant():
        return teks(client.post(reverse("verifikasi", args=[kode]), {"berkas": unggah(nama, isi)}))


def test_verification_page_needs_no_login_and_names_the_document_and_signers(
    client, ditandatangani, orang
):
    with tanpa_tenant():
        response = client.get(reverse("verifikasi", args=[ditandatangani.kode]))
    assert response.status_code == 200
    halaman = teks(response)
    assert ditandatangani.kode in halaman
    assert "Form Penilaian / Hasil Evaluasi Kinerja" in halaman
    assert NAMA_BULELENG in halaman
    assert f"{orang.staf.nama_lengkap} (NIP {orang.staf.nip})" in halaman
    assert "Triwulan I 2025" in halaman
    assert "Singaraja, 31 Maret 2025" in halaman
    # Issue 16: a plain verdict, times in the instansi's zone, and not the predikat (anyone
    # holding the code sees this page).
    assert "<strong>SAH.</strong>" in halaman
    assert "Predikat" not in halaman and "<dd>Baik</dd>" not in halaman
    assert halaman.count(" WITA") >= 2  # both signatures
    assert "Pegawai yang dinilai, " in halaman
    assert f"Pejabat penilai {orang.kabid.nama_lengkap}, " in halaman
    assert "Belum ditandatangani" not in halaman
    assert ditandatangani.sha256 in halaman


def test_verification_uploads_are_capped_in_size_and_counted_per_address(
    client, ditandatangani, settings
):
    settings.BUKTI_UKURAN_MAKS = 1024
    halaman = _periksa(client, ditandatangani.kode, b"%PDF-1.4\n" + b"0" * 2048)
    assert "Berkas terlalu besar (2 KB); paling besar 1 KB." in halaman
    assert "cocok" not in halaman.lower()
    settings.BUKTI_UKURAN_MAKS = 10 * 2**20
    from dokumen.views import PERIKSA_MAKS

    isi = isi_berkas(ditandatangani)
    for _ in range(PERIKSA_MAKS - 1):
        _periksa(client, ditandatangani.kode, isi)
    with tanpa_tenant():
        response = client.post(
            reverse("verifikasi", args=[ditandatangani.kode]), {"berkas": unggah("d.pdf", isi)}
        )
    assert response.status_code == 429
    assert "Terlalu banyak pemeriksaan dari alamat ini" in teks(response)


def test_verification_page_of_an_unsigned_document_says_so(client, evaluasi_dinilai):
    with tanpa_tenant():
        halaman = teks(client.get(reverse("verifikasi", args=[evaluasi_dinilai.kode])))
    assert "Belum ditandatangani secara elektronik" in halaman
    assert "Pejabat penilai" not in halaman


def test_the_exact_file_matches_and_any_change_does_not(client, ditandatangani):
    isi = isi_berkas(ditandatangani)
    halaman = _periksa(client, ditandatangani.kode, isi)
    assert "Cocok." in halaman and "Tidak cocok." not in halaman

    satu_byte = bytearray(isi)
    satu_byte[len(isi) // 2] ^= 0x01
    for diubah in (bytes(satu_byte), isi + b"\n", isi[:-1]):
        halaman = _periksa(client, ditandatangani.kode, diubah)
        assert "Tidak cocok." in halaman
        assert "Cocok." not in halaman.replace("Tidak cocok.", "")


def test_an_older_version_no_longer_matches(client, evaluasi_dinilai, orang):
    belum_ditandatangani = isi_berkas(evaluasi_dinilai)
    tanda_tangani(evaluasi_dinilai, orang.staf)
    assert "Tidak cocok." in _periksa(client, evaluasi_dinilai.kode, belum_ditandatangani)


def test_another_documents_file_does_not_match(client, dokumen_dinilai):
    isi_skp = isi_berkas(dokumen_dinilai[SKP])
    assert "Tidak cocok." in _periksa(client, dokumen_dinilai[EVALUASI].kode, isi_skp)


def test_unknown_code_is_404_and_a_lower_case_code_works(client, ditandatangani):
    with tanpa_tenant():
        assert client.get(reverse("verifikasi", args=["ZZZZZZZZZZ"])).status_code == 404
        response = client.get(reverse("verifikasi", args=[ditandatangani.kode.lower()]))
    assert response.status_code == 200
    assert ditandatangani.kode in teks(response)
    assert "Cocok." in _periksa(client, ditandatangani.kode.lower(), isi_berkas(ditandatangani))


def test_verification_page_mentions_an_uploaded_scan(client, evaluasi_dinilai, orang):
    dokumen = dokumen_services.dokumen_unggah_pindaian(
        dokumen=evaluasi_dinilai, by=orang.staf, berkas=unggah("pindaian.pdf", PDF)
    )
    with tanpa_tenant():
        halaman = teks(client.get(reverse("verifikasi", args=[dokumen.kode])))
    assert "Pindaian bertanda tangan" in halaman
    assert "Cocok." in _periksa(client, dokumen.kode, isi_berkas(dokumen))


def test_the_public_page_does_not_vouch_for_a_file_the_pegawai_uploaded(
    client, evaluasi_dinilai, orang
):
    palsu = PDF.replace(b"%%EOF", b"% PREDIKAT: SANGAT BAIK\n%%EOF")
    dokumen = dokumen_services.dokumen_unggah_pindaian(
        dokumen=evaluasi_dinilai, by=orang.staf, berkas=unggah("scan.pdf", palsu)
    )
    halaman = _periksa(client, dokumen.kode, palsu)
    assert "sama persis dengan dokumen yang diterbitkan" not in halaman


# ---- access -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nama_persona", ["admin_lain", "pegawai_lain", "rekan", "kepala", "admin_dinkes"]
)
def test_outsiders_get_404_on_every_document_url(
    client, evaluasi_dinilai, orang, dalam_buleleng, nama_persona
):
    persona = getattr(orang, nama_persona, None) or getattr(dalam_buleleng, nama_persona)
    masuk(client, persona)
    dokumen = evaluasi_dinilai
    permintaan = [
        ("get", reverse("dokumen_periode", args=[dokumen.periode_id]), None),
        ("post", reverse("dokumen_periode", args=[dokumen.periode_id]), {"lokasi": "Luar"}),
        ("get", reverse("dokumen_unduh", args=[dokumen.pk]), None),
        ("get", reverse("dokumen_unduh", args=[dokumen.pk]) + "?pindaian=1", None),
        ("post", reverse("dokumen_tandatangani", args=[dokumen.pk]), None),
        ("post", reverse("dokumen_pindaian", args=[dokumen.pk]), "berkas"),
    ]
    for metode, url, data in permintaan:
        if data == "berkas":
            data = {"berkas": unggah("scan.pdf", PDF)}
        elif data is not None:
            data = {"tanggal": "2025-04-01", **data}
        response = getattr(client, metode)(url, data)
        assert response.status_code == 404, (metode, url)
    setelah = segar(dokumen)
    assert (setelah.sha256, setelah.tanggal, setelah.lokasi, setelah.pindaian.name) == (
        dokumen.sha256,
        TANGGAL,
        LOKASI,
        "",
    )
    assert Dokumen.objects.filter(periode=dokumen.periode_id).count() == 1


def test_the_pages_own_document_ids_do_not_leak_across_periods(
    client, evaluasi_dinilai, orang, dalam_buleleng, minta_dokumen, rantai
):
    # The kabid's own period's document is theirs; the staf may not reach it by its id.
    tw1_kabid = services.periode_tambah(skp=rantai.skp_kabid, kode="tw1", by=orang.kabid)
    dokumen_kabid = minta_dokumen(tw1_kabid, orang.kabid, jenis=[SKP])[SKP]
    masuk(client, orang.staf)
    assert client.get(reverse("dokumen_unduh", args=[dokumen_kabid.pk])).status_code == 404
    assert client.get(reverse("dokumen_unduh", args=[evaluasi_dinilai.pk])).status_code == 200


@pytest.mark.parametrize("nama_persona", ["staf", "kabid", "admin_opd", "admin_bkd"])
def test_pegawai_penilai_and_admins_see_and_download_the_documents(
    client, dokumen_dinilai, orang, nama_persona
):
    masuk(client, getattr(orang, nama_persona))
    dokumen = dokumen_dinilai[EVALUASI]
    response = client.get(reverse("dokumen_periode", args=[dokumen.periode_id]))
    assert response.status_code == 200
    halaman = teks(response)
    for d in dokumen_dinilai.values():
        assert reverse("dokumen_unduh", args=[d.pk]) in halaman
        assert reverse("verifikasi", args=[d.kode]) in halaman
    assert "Singaraja, 31 Maret 2025" in halaman
    response = client.get(reverse("dokumen_unduh", args=[dokumen.pk]))
    assert response.status_code == 200
    assert f'filename="evaluasi-{orang.staf.nip}-tw1.pdf"' in response["Content-Disposition"]
    assert unduhan(response) == isi_berkas(dokumen)


def test_downloading_a_stale_document_queues_it_and_then_serves_the_current_data(
    client, tw1_terbuka, orang, cetak, django_capture_on_commit_callbacks
):
    periode, daftar_ra = tw1_terbuka
    services.realisasi_simpan(
        periode=periode, by=orang.staf, rencana_aksi=daftar_ra[0], realisasi="Draf laporan."
    )
    dokumen = dokumen_services.dokumen_render(
        dokumen=dokumen_services.dokumen_minta(
            periode=periode, by=orang.staf, tanggal=TANGGAL, lokasi=LOKASI, jenis=[EVALUASI]
        )[0]
    )
    services.realisasi_simpan(
        periode=periode, by=orang.staf, rencana_aksi=daftar_ra[0], realisasi="Laporan final."
    )
    klien = masuk(client, orang.staf)
    url = reverse("dokumen_unduh", args=[dokumen.pk])
    # The request does not render: it queues the document (rendered on commit by the task)
    # and sends the pegawai to the page that polls until it is ready; old data is never
    # handed out.
    with django_capture_on_commit_callbacks() as antrean:
        response = klien.get(url)
    assert response.status_code == 302
    assert response.url == reverse("dokumen_periode", args=[periode.pk])
    assert segar(dokumen).status == Dokumen.Status.ANTRE
    assert len(antrean) == 1
    # A second download while it renders queues nothing more.
    with django_capture_on_commit_callbacks() as lagi:
        assert klien.get(url).status_code == 302
    assert lagi == []
    antrean[0]()
    isi = unduhan(klien.get(url))
    assert "Laporan final." in teks_pdf(isi)
    dokumen = segar(dokumen)
    assert (
        dokumen.sha256
        == hashlib.sha256(isi).hexdigest()
        == hashlib.sha256(isi_berkas(dokumen)).hexdigest()
    )
    assert not dokumen_services.dokumen_basi(dokumen)


def test_a_download_does_not_erase_the_signatures(
    client, tw1_dinilai, dalam_buleleng, orang, minta_dokumen
):
    dokumen = minta_dokumen(tw1_dinilai, orang.staf, jenis=[DOKUMEN_EVALUASI])[DOKUMEN_EVALUASI]
    tanda_tangani(dokumen, orang.staf)
    ditandatangani = segar(tanda_tangani(dokumen, orang.kabid))
    # BKD sets the capaian organisasi afterwards, as it often does: the form is now stale.
    services.capaian_tetapkan(
        opd=dalam_buleleng.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=orang.admin_bkd
    )
    unduhan(masuk(client, orang.admin_opd).get(reverse("dokumen_unduh", args=[dokumen.pk])))
    setelah = segar(ditandatangani)
    assert (setelah.ttd_pegawai_pada, setelah.ttd_penilai_pada) == (
        ditandatangani.ttd_pegawai_pada,
        ditandatangani.ttd_penilai_pada,
    )
    assert len(validasi(setelah)) == 2


@pytest.mark.parametrize(
    ("nama_persona", "tombol"), [("staf", True), ("kabid", True), ("admin_opd", False)]
)
def test_sign_button_only_for_the_two_signers(
    client, evaluasi_dinilai, orang, nama_persona, tombol
):
    response = masuk(client, getattr(orang, nama_persona)).get(
        reverse("dokumen_periode", args=[evaluasi_dinilai.periode_id])
    )
    assert ('data-testid="tanda-tangan-evaluasi"' in teks(response)) is tombol


def test_signing_through_the_page(client, evaluasi_dinilai, orang):
    url = reverse("dokumen_tandatangani", args=[evaluasi_dinilai.pk])
    response = masuk(client, orang.staf).post(url, follow=True)
    assert pesan(response) == ["Dokumen ditandatangani secara elektronik."]
    halaman = teks(response)
    assert "Pegawai belum" not in halaman and "Penilai belum" in halaman
    assert 'data-testid="tanda-tangan-evaluasi"' not in halaman  # no second signature

    response = masuk(client, orang.kabid).post(url, follow=True)
    assert pesan(response) == ["Dokumen ditandatangani secara elektronik."]
    assert "Penilai belum" not in teks(response)
    assert len(validasi(evaluasi_dinilai)) == 2
    assert client.get(url).status_code == 405


def test_signing_without_a_certificate_shows_the_message_on_the_page(
    client, evaluasi_dinilai, orang, cetak
):
    shutil.rmtree(cetak.TANDA_TANGAN_DIR)
    url = reverse("dokumen_tandatangani", args=[evaluasi_dinilai.pk])
    response = masuk(client, orang.staf).post(url, follow=True)
    assert pesan(response) == [
        f"Sertifikat tanda tangan instansi belum dipasang ({KODE_BULELENG}.cert.pem). Hubungi BKD."
    ]


def test_stale_document_page_warns_and_offers_no_signing(
    client, tw1_dinilai, dalam_buleleng, orang, minta_dokumen
):
    minta_dokumen(tw1_dinilai, orang.staf, jenis=[SKP, DOKUMEN_EVALUASI])
    services.capaian_tetapkan(
        opd=dalam_buleleng.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=orang.admin_bkd
    )
    halaman = teks(masuk(client, orang.staf).get(reverse("dokumen_periode", args=[tw1_dinilai.pk])))
    assert halaman.count("Data berubah sejak dokumen ini dibuat") == 1
    assert 'data-testid="tanda-tangan-skp"' in halaman
    assert 'data-testid="tanda-tangan-dokumen_evaluasi"' not in halaman


def test_pegawai_uploads_a_pdf_scan_that_the_others_can_download(client, evaluasi_dinilai, orang):
    dokumen = evaluasi_dinilai
    response = masuk(client, orang.staf).post(
        reverse("dokumen_pindaian", args=[dokumen.pk]),
        {"berkas": unggah("ttd-basah.pdf", PDF)},
        follow=True,
    )
    assert pesan(response) == ["Pindaian dokumen disimpan."]
    dokumen = segar(dokumen)
    assert (dokumen.pindaian_ekstensi, dokumen.pindaian_sha256) == (
        ".pdf",
        hashlib.sha256(PDF).hexdigest(),
    )
    assert dokumen.pindaian_pada is not None
    for persona in (orang.staf, orang.kabid, orang.admin_opd):
        response = masuk(client, persona).get(
            reverse("dokumen_unduh", args=[dokumen.pk]) + "?pindaian=1"
        )
        assert f'filename="evaluasi-{orang.staf.nip}-tw1.pdf"' in response["Content-Disposition"]
        assert unduhan(response) == PDF
    # The plain link still serves the rendered file.
    assert unduhan(client.get(reverse("dokumen_unduh", args=[dokumen.pk]))) == isi_berkas(dokumen)


def test_a_text_file_renamed_pdf_is_not_a_scan(client, evaluasi_dinilai, orang):
    dokumen = evaluasi_dinilai
    response = masuk(client, orang.staf).post(
        reverse("dokumen_pindaian", args=[dokumen.pk]),
        {"berkas": unggah("ttd-basah.pdf", b"Ini bukan PDF, hanya teks biasa.\n" * 20)},
        follow=True,
    )
    [galat] = pesan(response)
    assert galat != "Pindaian dokumen disimpan."
    assert not segar(dokumen).pindaian
    url = reverse("dokumen_unduh", args=[dokumen.pk]) + "?pindaian=1"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("nama_persona", ["kabid", "rekan"])
def test_only_the_pegawai_or_their_admin_uploads_a_scan(
    client, evaluasi_dinilai, orang, nama_persona
):
    response = masuk(client, getattr(orang, nama_persona)).post(
        reverse("dokumen_pindaian", args=[evaluasi_dinilai.pk]),
        {"berkas": unggah("ttd-basah.pdf", PDF)},
        follow=True,
    )
    if nama_persona == "rekan":  # a colleague does not even see the period
        assert response.status_code == 404
    else:
        assert pesan(response) == [
            "Hanya pegawai yang dinilai atau admin OPD-nya yang mengunggah pindaian dokumen."
        ]
    assert not segar(evaluasi_dinilai).pindaian


@pytest.mark.parametrize("nama_persona", ["admin_opd", "admin_bkd"])
def test_the_admin_opd_uploads_the_scan_and_is_named_as_uploader(
    client, evaluasi_dinilai, orang, nama_persona
):
    """Seed 000: the Operator OPD collects the signed prints and uploads them to SIMPEG."""
    admin = getattr(orang, nama_persona)
    masuk(client, admin)
    halaman = client.get(reverse("dokumen_periode", args=[evaluasi_dinilai.periode_id]))
    assert reverse("dokumen_pindaian", args=[evaluasi_dinilai.pk]) in teks(halaman)
    response = client.post(
        reverse("dokumen_pindaian", args=[evaluasi_dinilai.pk]),
        {"berkas": unggah("ttd-basah.pdf", PDF)},
        follow=True,
    )
    assert pesan(response) == ["Pindaian dokumen disimpan."]
    dokumen = segar(evaluasi_dinilai)
    assert dokumen.pindaian and dokumen.pindaian_oleh_id == admin.pk
    assert f"diunggah oleh {admin.nama_lengkap}" in teks(response)


@pytest.mark.parametrize("nama_persona", ["admin_dinkes", "admin_lain"])
def test_an_admin_of_another_opd_or_instansi_cannot_upload_a_scan(
    client, evaluasi_dinilai, dunia, nama_persona
):
    with scopes_disabled():
        admin = segar(getattr(dunia, nama_persona))
    response = masuk(client, admin).post(
        reverse("dokumen_pindaian", args=[evaluasi_dinilai.pk]),
        {"berkas": unggah("ttd-basah.pdf", PDF)},
    )
    assert response.status_code == 404
    assert not segar(evaluasi_dinilai).pindaian


def test_print_dialog_requests_the_documents(
    client, tw1_dinilai, orang, cetak, django_capture_on_commit_callbacks
):
    url = reverse("dokumen_periode", args=[tw1_dinilai.pk])
    masuk(client, orang.staf)
    response = client.post(url, {"tanggal": "2025-03-31", "lokasi": "   "})
    assert response.status_code == 200
    assert 'class="isian ada-galat"' in response.content.decode()
    assert not Dokumen.objects.filter(periode=tw1_dinilai).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"tanggal": "2025-03-28", "lokasi": "Singaraja"}, follow=True)
    assert pesan(response) == ["Dokumen masuk antrean dan akan diproses."]
    daftar = list(Dokumen.objects.filter(periode=tw1_dinilai))
    assert {(d.jenis, d.status, d.tanggal, d.lokasi) for d in daftar} == {
        (jenis, Dokumen.Status.SIAP, date(2025, 3, 28), "Singaraja")
        for jenis in Dokumen.Jenis.values
    }


# ---- cetak massal ---------------------------------------------------------------------


def periode_dinkes(d, rantai) -> PeriodePenilaian:
    """A TW I period in Dinas Kesehatan (another OPD): a kadis leads it, a perawat's SKP
    intervenes the kadis's RHK and is approved by the kadis."""
    with scopes_disabled():
        kadis = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.dinkes, nama="Kadis Kesehatan")
        perawat = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.dinkes, nama="Perawat Dinkes")
    jadikan_pimpinan(kadis, d.dinkes)
    kadis, perawat = segar(kadis), segar(perawat)
    skp_kadis = skp_services.skp_buat(pegawai=kadis, tahun=TAHUN, by=kadis)
    rhk_kadis = tambah_rhk(
        skp_kadis, kadis, "Meningkatnya layanan kesehatan", intervensi_pk=[rantai.sasaran]
    )
    skp = skp_services.skp_buat(pegawai=perawat, tahun=TAHUN, by=perawat)
    tambah_rhk(skp, perawat, "Terlayaninya pasien", intervensi=[rhk_kadis])
    skp_services.skp_ajukan(skp=segar(skp), by=perawat)
    skp = skp_services.skp_setujui(skp=segar(skp), by=kadis)
    return services.periode_tambah(skp=skp, kode="tw1", by=perawat)


@pytest.fixture
def opd_penuh(rantai, dalam_buleleng, orang, ditandatangani):
    """BKPSDM's TW I: the staf's (rated, evaluation form signed, the other two never
    printed) and the kabid's (just added); the staf's TW II; a TW I in Dinas Kesehatan."""
    return {
        "kabid": services.periode_tambah(skp=rantai.skp_kabid, kode="tw1", by=orang.kabid),
        "tw2": services.periode_tambah(skp=ditandatangani.periode.skp, kode="tw2", by=orang.staf),
        "dinkes": periode_dinkes(dalam_buleleng, rantai),
        "ditandatangani": ditandatangani,
    }


def _isi_zip(cetak_massal) -> dict[str, bytes]:
    with cetak_massal.berkas.open("rb") as f, zipfile.ZipFile(io.BytesIO(f.read())) as z:
        return {nama: z.read(nama) for nama in z.namelist()}


def _folder(pegawai):
    return f"{pegawai.nip}_{pegawai.nama[:40]}"


def _minta_zip(opd, by, capture) -> CetakMassal:
    with capture(execute=True):
        cetak_massal = dokumen_services.cetak_massal_minta(opd=opd, tahun=TAHUN, kode="tw1", by=by)
    return segar(cetak_massal)


def test_admin_opd_gets_a_zip_of_its_opds_documents(
    client, opd_penuh, dalam_buleleng, orang, django_capture_on_commit_callbacks
):
    d = dalam_buleleng
    masuk(client, orang.admin_opd)
    url = reverse("cetak_massal") + f"?tahun={TAHUN}&periode=tw1"
    with django_capture_on_commit_callbacks(execute=True) as antrean:
        response = client.post(url, {"opd": d.bkpsdm.pk}, follow=True)
    assert pesan(response) == ["Cetak massal dimulai."]
    assert len(antrean) == 1

    cetak_massal = CetakMassal.objects.get()
    assert (cetak_massal.opd_id, cetak_massal.tahun, cetak_massal.kode) == (
        d.bkpsdm.pk,
        TAHUN,
        "tw1",
    )
    assert (cetak_massal.status, cetak_massal.oleh_id) == (
        CetakMassal.Status.SIAP,
        orang.admin_opd.pk,
    )
    assert cetak_massal.jumlah == cetak_massal.selesai == 6
    assert cetak_massal.persen == 100

    isi = _isi_zip(cetak_massal)
    assert set(isi) == {
        f"{_folder(p)}/{jenis}.pdf"
        for p in (orang.staf, orang.kabid)
        for jenis in Dokumen.Jenis.values
    }
    assert all(b.startswith(b"%PDF-") for b in isi.values())
    # The staf's signed form goes in as signed, not rendered again.
    ditandatangani = segar(opd_penuh["ditandatangani"])
    assert isi[f"{_folder(orang.staf)}/evaluasi.pdf"] == isi_berkas(ditandatangani)
    assert ditandatangani.ttd_penilai_pada is not None
    # Documents never printed were made with the defaults: last working day, tenant's lokasi.
    dibuat = Dokumen.objects.filter(periode__in=[opd_penuh["kabid"], ditandatangani.periode_id])
    assert {(x.status, x.tanggal, x.lokasi) for x in dibuat.exclude(pk=ditandatangani.pk)} == {
        (Dokumen.Status.SIAP, TANGGAL, "Buleleng")
    }
    assert "Buleleng, 31 Maret 2025" in teks_pdf(isi[f"{_folder(orang.kabid)}/skp.pdf"])
    # Nothing of TW II, nothing of Dinas Kesehatan.
    assert not Dokumen.objects.filter(periode__in=[opd_penuh["tw2"], opd_penuh["dinkes"]]).exists()

    halaman = teks(client.get(url))
    assert "Selesai (6 dokumen)" in halaman
    response = client.get(reverse("cetak_massal_unduh", args=[cetak_massal.pk]))
    assert response.status_code == 200
    with cetak_massal.berkas.open("rb") as f:
        assert unduhan(response) == f.read()


def test_paket_simpeg_names_files_by_nip_and_indexes_signatures_and_scans(
    client, opd_penuh, dalam_buleleng, orang, django_capture_on_commit_callbacks
):
    """Seed 000: the signed prints go to SIMPEG through the Operator OPD. The package holds
    one file per document named <NIP>_<jenis>_<kode> (the hand-signed scan where there is
    one) and an index of who signed, who uploaded the scan and when."""
    from openpyxl import load_workbook

    d = dalam_buleleng
    ditandatangani = segar(opd_penuh["ditandatangani"])
    dokumen_services.dokumen_unggah_pindaian(
        dokumen=ditandatangani, by=orang.admin_opd, berkas=unggah("ttd-basah.pdf", PDF)
    )
    masuk(client, orang.admin_opd)
    url = reverse("cetak_massal") + f"?tahun={TAHUN}&periode=tw1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"opd": d.bkpsdm.pk, "jenis": "simpeg"}, follow=True)
    assert pesan(response) == ["Cetak massal dimulai."]
    paket = CetakMassal.objects.get()
    assert (paket.jenis, paket.status) == (CetakMassal.Jenis.SIMPEG, CetakMassal.Status.SIAP)
    assert "Paket SIMPEG" in teks(client.get(url))

    dokumen = {
        (x.periode.pegawai_id, x.jenis): x
        for x in Dokumen.objects.filter(periode__kode="tw1", periode__tahun=TAHUN).select_related(
            "periode__pegawai"
        )
    }
    nama = {
        k: f"{x.periode.pegawai.nip}_{x.jenis}_{x.kode}.pdf"
        for k, x in dokumen.items()
        if x.periode_id != opd_penuh["dinkes"].pk
    }
    isi = _isi_zip(paket)
    assert set(isi) == set(nama.values()) | {"indeks.xlsx"} and len(nama) == 6
    # The scan is what SIMPEG gets for the signed form; the others as issued.
    assert isi[nama[orang.staf.pk, EVALUASI]] == PDF
    staf_skp = segar(dokumen[orang.staf.pk, SKP])
    assert isi[nama[orang.staf.pk, SKP]] == isi_berkas(staf_skp)

    lembar = load_workbook(io.BytesIO(isi["indeks.xlsx"])).active
    assert [c.value for c in lembar[3]] == [
        "NIP",
        "Nama",
        "Unit kerja",
        "Jenis dokumen",
        "Kode verifikasi",
        "Tanda tangan elektronik",
        "Isi berkas",
        "Pindaian diunggah oleh",
        "Pindaian diunggah pada",
        "Nama berkas",
    ]
    indeks = {r[9]: r for r in lembar.iter_rows(min_row=4, values_only=True)}
    assert set(indeks) == set(nama.values())
    baris = indeks[nama[orang.staf.pk, EVALUASI]]
    assert baris[:4] == (
        orang.staf.nip,
        orang.staf.nama_lengkap,
        "Bidang PKAP",
        "Form Penilaian / Hasil Evaluasi Kinerja",
    )
    assert baris[5].startswith("Pegawai ") and "; Penilai " in baris[5]
    assert baris[6:8] == ("Pindaian bertanda tangan basah", orang.admin_opd.nama_lengkap)
    assert baris[8] is not None
    baris = indeks[nama[orang.kabid.pk, SKP]]
    assert baris[5:8] == ("Belum ditandatangani elektronik", "PDF dari e-Kinerja", None)

    response = client.get(reverse("cetak_massal_unduh", args=[paket.pk]))
    assert 'filename="paket-simpeg-tw1-2025.zip"' in response["Content-Disposition"]
    for lain in (d.admin_dinkes, d.admin_lain):
        with scopes_disabled():
            lain = segar(lain)
        response = masuk(client, lain).get(reverse("cetak_massal_unduh", args=[paket.pk]))
        assert response.status_code == 404


def test_admin_opd_cannot_request_another_opd(client, opd_penuh, dalam_buleleng, orang):
    d = dalam_buleleng
    with pytest.raises(ValidationError, match="bukan yang Anda kelola"):
        dokumen_services.cetak_massal_minta(
            opd=d.dinkes, tahun=TAHUN, kode="tw1", by=orang.admin_opd
        )
    response = masuk(client, orang.admin_opd).post(
        reverse("cetak_massal") + f"?tahun={TAHUN}&periode=tw1", {"opd": d.dinkes.pk}
    )
    assert response.status_code == 200
    assert 'class="isian ada-galat"' in response.content.decode()
    assert not CetakMassal.objects.exists()


@pytest.mark.parametrize(
    ("nama_persona", "status"),
    [("admin_dinkes", 200), ("admin_bkd", 200), ("admin_opd", 404), ("admin_lain", 404)],
)
def test_a_zip_is_downloaded_only_by_admins_of_its_opd(
    client,
    opd_penuh,
    dalam_buleleng,
    orang,
    django_capture_on_commit_callbacks,
    nama_persona,
    status,
):
    d = dalam_buleleng
    cetak_massal = _minta_zip(d.dinkes, segar(d.admin_dinkes), django_capture_on_commit_callbacks)
    assert cetak_massal.jumlah == cetak_massal.selesai == 3
    perawat = opd_penuh["dinkes"].pegawai
    assert set(_isi_zip(cetak_massal)) == {
        f"{_folder(perawat)}/{jenis}.pdf" for jenis in Dokumen.Jenis.values
    }
    persona = getattr(orang, nama_persona, None) or getattr(d, nama_persona)
    response = masuk(client, persona).get(reverse("cetak_massal_unduh", args=[cetak_massal.pk]))
    assert response.status_code == status
    if status == 200:
        with cetak_massal.berkas.open("rb") as f:
            assert unduhan(response) == f.read()


def test_running_the_task_twice_builds_nothing_twice(
    opd_penuh, dalam_buleleng, orang, django_capture_on_commit_callbacks
):
    d = dalam_buleleng
    cetak_massal = _minta_zip(d.bkpsdm, orang.admin_opd, django_capture_on_commit_callbacks)
    dokumen = {x.pk: (x.sha256, x.selesai_pada) for x in Dokumen.objects.all()}
    assert len(dokumen) == 6
    zip_pertama = cetak_massal.berkas.name

    assert dokumen_tasks.buat_cetak_massal(d.buleleng.pk, cetak_massal.pk) is None
    assert segar(cetak_massal).berkas.name == zip_pertama
    assert {x.pk: (x.sha256, x.selesai_pada) for x in Dokumen.objects.all()} == dokumen
    assert CetakMassal.objects.count() == 1

    # Delivered again while still queued (acks_late: a worker died before acking): the
    # ZIP is made again from the documents already rendered; none is rendered twice.
    CetakMassal.objects.filter(pk=cetak_massal.pk).update(status=CetakMassal.Status.ANTRE)
    assert dokumen_tasks.buat_cetak_massal(d.buleleng.pk, cetak_massal.pk) == cetak_massal.pk
    assert {x.pk: (x.sha256, x.selesai_pada) for x in Dokumen.objects.all()} == dokumen
    assert segar(cetak_massal).selesai == 6


# ---- query count ----------------------------------------------------------------------

# Session; the user (with instansi); the period (pegawai and units, penilai); the SKP
# unit's OPD (its hari kerja, for the default tanggal); the instansi's holidays within
# the period; the documents (with the penilai who signed); the notification badge.
DOKUMEN_QUERIES = 7


def test_dokumen_page_without_documents_costs_seven_queries(
    client, tw1_dinilai, orang, cetak, django_assert_num_queries
):
    masuk(client, orang.staf)
    with django_assert_num_queries(DOKUMEN_QUERIES):
        response = client.get(reverse("dokumen_periode", args=[tw1_dinilai.pk]))
    assert "Belum ada dokumen" in teks(response)


def test_dokumen_page_costs_the_same_for_one_and_three_documents(
    client, tw1_dinilai, orang, minta_dokumen, django_assert_num_queries
):
    url = reverse("dokumen_periode", args=[tw1_dinilai.pk])
    masuk(client, orang.staf)
    minta_dokumen(tw1_dinilai, orang.staf, jenis=[SKP])
    with CaptureQueriesContext(connection) as satu:
        assert client.get(url).status_code == 200
    minta_dokumen(segar(tw1_dinilai), orang.staf)
    with django_assert_num_queries(len(satu)):
        assert client.get(url).status_code == 200


def test_a_print_request_made_while_the_first_renders_is_not_overwritten(
    cetak, tw1_dinilai, orang, django_capture_on_commit_callbacks
):
    """Issue 16 (4): the first render's save must not undo a newer request's date and
    place; the newer request's own render then issues the document."""
    from datetime import timedelta

    with django_capture_on_commit_callbacks(execute=False):
        pertama = dokumen_services.dokumen_minta(
            periode=tw1_dinilai, by=orang.staf, tanggal=TANGGAL, lokasi=LOKASI, jenis=[EVALUASI]
        )[0]
    sedang_dirender = segar(pertama)  # what the task loaded when it started
    kemudian = TANGGAL + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=False):
        dokumen_services.dokumen_minta(
            periode=tw1_dinilai,
            by=orang.staf,
            tanggal=kemudian,
            lokasi="Denpasar",
            jenis=[EVALUASI],
        )
    dokumen_services.dokumen_render(dokumen=sedang_dirender)
    baris = segar(pertama)
    assert (baris.tanggal, baris.lokasi, baris.status) == (
        kemudian,
        "Denpasar",
        Dokumen.Status.ANTRE,
    )
    terbit = dokumen_services.dokumen_render(dokumen=baris)
    assert (terbit.tanggal, terbit.status) == (kemudian, Dokumen.Status.SIAP)
    assert "Denpasar" in teks_pdf(isi_berkas(terbit))
