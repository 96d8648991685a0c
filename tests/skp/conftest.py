"""SKP fixtures on top of `dunia`: the cascade of one year, built through the services.

In `dunia` nobody leads Sekda or the root, so the kepala BKPSDM has no atasan: the kepala's
utama RHK intervene a sasaran of the Perjanjian Kinerja, the kabid's intervene the kepala's
RHK, and the staf's intervene the kabid's (DOMAIN: SKP, RHK).
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from skp import services
from skp.models import RHK, SKP, SasaranPerjanjianKinerja
from tests.bantuan import segar
from tests.factories import PegawaiFactory

TAHUN = 2025


def pegawai_baru(d, unit, nama, **extra):
    with scopes_disabled():
        return PegawaiFactory(instansi=d.buleleng, unit_kerja=unit, nama=nama, **extra)


def tambah_rhk(skp, by, uraian, *, jenis=RHK.Jenis.UTAMA, intervensi=(), intervensi_pk=()):
    """An RHK with one kuantitas indikator, so the SKP can be submitted."""
    rhk = services.rhk_simpan(
        skp=skp,
        by=by,
        uraian=uraian,
        jenis=jenis,
        intervensi=intervensi,
        intervensi_pk=intervensi_pk,
    )
    services.indikator_simpan(
        rhk=rhk,
        by=by,
        aspek="kuantitas",
        uraian=f"Jumlah {uraian.lower()}",
        target_min=Decimal("12"),
        satuan="Laporan",
        perspektif="penerima_layanan" if skp.adalah_jpt else "",
    )
    return rhk


@dataclass
class Rantai:
    tahun: int
    sasaran: SasaranPerjanjianKinerja
    skp_kepala: SKP
    rhk_kepala: list[RHK]  # [didukung kabid, tidak didukung siapa pun]
    skp_kabid: SKP
    rhk_kabid: RHK


def rantai_tahun(d, tahun=TAHUN, *, setujui_kabid=True) -> Rantai:
    """The cascade of a year in the world `d` (call it inside a scope): sasaran PK →
    kepala → kabid, the kabid's SKP submitted and approved by the kepala. A plain function,
    so a world built once per module can hold it too."""
    sasaran = services.sasaran_pk_tambah(
        instansi=d.buleleng,
        by=segar(d.admin_bkd),
        tahun=tahun,
        unit_kerja=d.root,
        sasaran=f"Meningkatnya kualitas pelayanan publik {tahun}",
    )
    kepala = segar(d.kepala)
    skp_kepala = services.skp_buat(pegawai=kepala, tahun=tahun, by=kepala)
    rhk_kepala = [
        tambah_rhk(
            skp_kepala, kepala, f"Meningkatnya kinerja ASN {tahun}", intervensi_pk=[sasaran]
        ),
        tambah_rhk(
            skp_kepala,
            kepala,
            f"Terlaksananya pengembangan kompetensi {tahun}",
            intervensi_pk=[sasaran],
        ),
    ]
    kabid = segar(d.kabid)
    skp_kabid = services.skp_buat(pegawai=kabid, tahun=tahun, by=kabid)
    rhk_kabid = tambah_rhk(
        skp_kabid, kabid, f"Tersusunnya penilaian kinerja {tahun}", intervensi=[rhk_kepala[0]]
    )
    if setujui_kabid:
        services.skp_ajukan(skp=skp_kabid, by=kabid)
        services.skp_setujui(skp=segar(skp_kabid), by=kepala)
    return Rantai(tahun, sasaran, segar(skp_kepala), rhk_kepala, segar(skp_kabid), rhk_kabid)


@pytest.fixture
def buat_rantai(dunia):
    """Build the cascade of a year (call it inside a scope): see `rantai_tahun`."""

    def buat(tahun=TAHUN, *, setujui_kabid=True) -> Rantai:
        return rantai_tahun(dunia, tahun, setujui_kabid=setujui_kabid)

    return buat


@pytest.fixture
def rantai(dalam_buleleng, buat_rantai):
    return buat_rantai()


@pytest.fixture
def skp_staf(rantai, dalam_buleleng):
    """The staf's draft SKP of the year, still without RHK."""
    staf = segar(dalam_buleleng.staf)
    return services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)


@pytest.fixture
def skp_staf_diajukan(rantai, skp_staf, dalam_buleleng):
    """The staf's SKP with one utama RHK (intervening the kabid's) submitted to the kabid."""
    staf = segar(dalam_buleleng.staf)
    tambah_rhk(skp_staf, staf, "Terverifikasinya usul penilaian", intervensi=[rantai.rhk_kabid])
    return services.skp_ajukan(skp=skp_staf, by=staf)


@pytest.fixture
def skp_staf_disetujui(skp_staf_diajukan, dalam_buleleng):
    return services.skp_setujui(skp=skp_staf_diajukan, by=segar(dalam_buleleng.kabid))
