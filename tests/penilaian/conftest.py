"""Penilaian fixtures on top of `dunia` and the SKP cascade of tests/skp/conftest.py.

Personas (class `Orang`):
- staf: Staf PKAP, owns an approved SKP of TAHUN with two utama RHK, one indikator each;
- kabid: Kabid PKAP, the staf's atasan and so pejabat penilai;
- rekan: Rekan PKAP, a colleague in the same bidang (same atasan, no say over the staf);
- kepala: Kepala BKPSDM, the kabid's own atasan (not the staf's penilai);
- admin_bkd: admin BKD, the Tim Penilai Kinerja;
- admin_opd: admin of BKPSDM;
- admin_lain / pegawai_lain: another instansi.

Everything is built through the services, as the app would write it. The builders are
plain functions too, so the PostgreSQL concurrency tests can call them outside a scope.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisasi.models import Pegawai
from penilaian import rules, services
from penilaian.models import PeriodePenilaian, RencanaAksi
from skp import services as skp_services
from skp.models import RHK, SKP, Indikator
from skp.rules import NAMA_BERAKHLAK
from tests.bantuan import segar
from tests.skp.conftest import buat_rantai as buat_rantai  # noqa: F401  (fixture)
from tests.skp.conftest import pegawai_baru, tambah_rhk
from tests.skp.conftest import rantai as rantai  # noqa: F401  (fixture)

URAIAN_RHK = ["Terverifikasinya usul penilaian", "Tersusunnya laporan kinerja pegawai"]

# Enough of a PNG (signature + IHDR) for the content check of `filetype`.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00\x00\x00\x01" * 2 + b"\x08\x02\x00\x00"
PNG += b"\x00" * 8
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png(nama="foto-kegiatan.png", isi=PNG):
    return SimpleUploadedFile(nama, isi, content_type="image/png")


def pdf(nama="laporan.pdf", isi=PDF):
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


def skp_disetujui(d, rantai, pegawai, *, mulai=None, selesai=None, uraian=URAIAN_RHK) -> SKP:
    """An SKP of `pegawai` (in Bidang PKAP, so the kabid is the atasan) with one utama RHK
    per uraian, each intervening the kabid's RHK, submitted and approved by the kabid."""
    pegawai = segar(pegawai)
    skp = skp_services.skp_buat(
        pegawai=pegawai, tahun=rantai.tahun, by=pegawai, mulai=mulai, selesai=selesai
    )
    for u in uraian:
        tambah_rhk(skp, pegawai, u, intervensi=[rantai.rhk_kabid])
    skp_services.skp_ajukan(skp=segar(skp), by=pegawai)
    return skp_services.skp_setujui(skp=segar(skp), by=segar(d.kabid))


def semua_rhk(skp) -> list[RHK]:
    return list(RHK.objects.filter(skp=skp).order_by("id"))


def semua_indikator(skp) -> list[Indikator]:
    return list(Indikator.objects.filter(rhk__skp=skp).order_by("rhk_id", "id"))


def isi_rencana_aksi(periode, by, rhk_list=None) -> list[RencanaAksi]:
    """One rencana aksi per RHK (all of them unless rhk_list is given)."""
    return [
        services.rencana_aksi_simpan(
            periode=periode,
            rhk=rhk,
            by=by,
            uraian=f"Tahapan {rules.label_periode(periode.kode, periode.tahun)}: {rhk.uraian}",
            target=Decimal("1"),
            satuan="Laporan",
        )
        for rhk in (rhk_list if rhk_list is not None else semua_rhk(periode.skp_id))
    ]


def isi_realisasi(periode, by) -> None:
    """Realisasi of every rencana aksi (periodic) or every indikator (final)."""
    if periode.adalah_final:
        for indikator in semua_indikator(periode.skp_id):
            services.realisasi_simpan(
                periode=periode,
                by=by,
                indikator=indikator,
                realisasi="Tercapai 12 laporan dalam setahun.",
                realisasi_angka=Decimal("12"),
            )
        return
    for ra in RencanaAksi.objects.filter(periode=periode).order_by("id"):
        services.realisasi_simpan(
            periode=periode,
            by=by,
            rencana_aksi=ra,
            realisasi="Laporan selesai dan diserahkan kepada atasan.",
            realisasi_angka=Decimal("1"),
        )


def beri_umpan_balik(periode, penilai, *, rhk=True, perilaku=NAMA_BERAKHLAK) -> None:
    """The penilai's feedback on every RHK (unless rhk=False) and the given BerAKHLAK."""
    if rhk:
        for r in semua_rhk(periode.skp_id):
            services.umpan_balik_simpan(
                periode=periode, by=penilai, rhk=r, isi="Target tercapai tepat waktu."
            )
    for kode in perilaku:
        services.umpan_balik_simpan(
            periode=periode, by=penilai, perilaku=kode, isi="Konsisten dan menjadi contoh."
        )


def periode_siap_dinilai(skp, pegawai, penilai, *, kode="tw1") -> PeriodePenilaian:
    """A period of `skp` submitted with every realisasi and given every feedback."""
    periode = services.periode_tambah(skp=skp, kode=kode, by=pegawai)
    if not periode.adalah_final:
        isi_rencana_aksi(periode, pegawai)
    isi_realisasi(periode, pegawai)
    periode = services.periode_ajukan(periode=periode, by=pegawai)
    beri_umpan_balik(periode, penilai)
    return segar(periode)


@dataclass
class Orang:
    staf: Pegawai
    kabid: Pegawai
    rekan: Pegawai
    kepala: Pegawai
    admin_bkd: Pegawai
    admin_opd: Pegawai
    admin_lain: Pegawai
    pegawai_lain: Pegawai


@pytest.fixture
def orang(dalam_buleleng) -> Orang:
    d = dalam_buleleng
    rekan = pegawai_baru(d, d.bidang, "Rekan PKAP")
    return Orang(
        staf=segar(d.staf),
        kabid=segar(d.kabid),
        rekan=segar(rekan),
        kepala=segar(d.kepala),
        admin_bkd=segar(d.admin_bkd),
        admin_opd=segar(d.admin_opd),
        admin_lain=d.admin_lain,
        pegawai_lain=d.pegawai_lain,
    )


@pytest.fixture(autouse=True)
def media_sementara(settings, tmp_path):
    """Uploads land in a per-test directory, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def skp_staf(rantai, dalam_buleleng, orang) -> SKP:
    """The staf's SKP of TAHUN (1 Jan – 31 Dec), two RHK, approved by the kabid."""
    return skp_disetujui(dalam_buleleng, rantai, orang.staf)


@pytest.fixture
def daftar_rhk(skp_staf) -> list[RHK]:
    return semua_rhk(skp_staf)


@pytest.fixture
def daftar_indikator(skp_staf) -> list[Indikator]:
    return semua_indikator(skp_staf)


@pytest.fixture
def tw1(skp_staf, orang) -> PeriodePenilaian:
    """Triwulan I just added: no rencana aksi yet."""
    return services.periode_tambah(skp=skp_staf, kode="tw1", by=orang.staf)


@pytest.fixture
def tw1_terbuka(tw1, orang) -> tuple[PeriodePenilaian, list[RencanaAksi]]:
    """Triwulan I with a rencana aksi for each RHK: realisasi is open."""
    return tw1, isi_rencana_aksi(tw1, orang.staf)


@pytest.fixture
def final(skp_staf, orang) -> PeriodePenilaian:
    return services.periode_tambah(skp=skp_staf, kode=rules.FINAL, by=orang.staf)


@pytest.fixture
def tw1_diajukan(tw1_terbuka, orang) -> PeriodePenilaian:
    periode, _ = tw1_terbuka
    isi_realisasi(periode, orang.staf)
    return services.periode_ajukan(periode=periode, by=orang.staf)


@pytest.fixture
def tw1_siap_dinilai(tw1_diajukan, orang) -> PeriodePenilaian:
    """Submitted, and the kabid has given feedback on both RHK and all seven values."""
    beri_umpan_balik(tw1_diajukan, orang.kabid)
    return segar(tw1_diajukan)


@pytest.fixture
def tw1_menunggu_review(tw1_siap_dinilai, orang) -> PeriodePenilaian:
    """Rated Sangat Baik by the kabid: waiting for the Tim Penilai Kinerja."""
    return services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.DIATAS,
        rating_perilaku_kerja=rules.DIATAS,
    )
