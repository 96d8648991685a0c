"""TPP fixtures on top of `dunia` (tests/conftest.py) and the SKP cascade of
tests/skp/conftest.py.

Personas (`TOrang`), as in the penilaian tests:
- staf: Staf PKAP in Bidang PKAP; the kabid is their pejabat penilai;
- kabid: Kabid PKAP, pimpinan of Bidang PKAP;
- rekan: Rekan PKAP, a colleague of the staf (same atasan, no say over the staf);
- kepala: Kepala BKPSDM, the kabid's own atasan (not the staf's penilai);
- admin_opd: admin of BKPSDM; admin_dinkes: admin of Dinas Kesehatan (another OPD);
- admin_bkd: the BKD of Buleleng, who sets the jadwal and the TPP rules;
- admin_lain / pegawai_lain: another instansi (WIB).

The months under test are in 2025 (the cascade's TAHUN): in the past of "today" on the
instansi's clock, so no date is in the future and no window is set unless a test sets one
(an instansi without a jadwal is not locked). Writes go through the services, as the app
would make them; only the bulk rows of the counts (aktivitas, TPP rows) use bulk_create.

Fixture names start with `t_` so they never shadow those of tests/conftest.py.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from jadwal import services as jadwal_services
from organisasi.models import Pegawai
from skp import services as skp_services
from skp.models import RHK, SKP
from tests.bantuan import segar
from tests.factories import PegawaiFactory
from tests.skp.conftest import TAHUN, tambah_rhk
from tests.skp.conftest import buat_rantai as buat_rantai  # noqa: F401  (fixture)
from tpp import services
from tpp.models import AktivitasHarian, RealisasiBulanan, TPPBulanan

WITA = ZoneInfo("Asia/Makassar")
URAIAN_RHK = ["Terverifikasinya usul penilaian", "Tersusunnya laporan kinerja pegawai"]


# ---- builders (plain functions; each enters the tenant scope it needs) -----------------


def buat_konfigurasi(by, berlaku_mulai=date(TAHUN, 1, 1), *, pagu=None, potongan=None, **angka):
    """A version of the Perkada through the service. Defaults: kelas 9 paid Rp5.000.000,
    kinerja 60 % / disiplin 40 %, kinerja paid 100 % for Diatas and Sesuai, 70 % for
    Dibawah; Tanpa Keterangan cuts 3 % of the disiplin part a working day."""
    nilai = {
        "bobot_kinerja": Decimal("0.60"),
        "bobot_disiplin": Decimal("0.40"),
        "persen_diatas": Decimal("1"),
        "persen_sesuai": Decimal("1"),
        "persen_dibawah": Decimal("0.70"),
    }
    nilai.update(angka)
    with scope(instansi=by.instansi_id):
        return services.konfigurasi_simpan(
            by=by,
            berlaku_mulai=berlaku_mulai,
            pagu={9: Decimal("5000000")} if pagu is None else pagu,
            potongan=(
                {"tanpa_keterangan": (Decimal("0.03"), None)} if potongan is None else potongan
            ),
            **nilai,
        )


def aktivitas_massal(pegawai, tahun, bulan, n, *, awalan="Kegiatan"):
    """n aktivitas harian of `pegawai` spread over days 1–28 of the month (bulk_create: the
    count is what matters, not the path of each row)."""
    with scopes_disabled():
        AktivitasHarian.objects.bulk_create(
            AktivitasHarian(
                instansi_id=pegawai.instansi_id,
                pegawai_id=pegawai.pk,
                tanggal=date(tahun, bulan, 1 + i % 28),
                uraian=f"{awalan} ke-{i + 1}",
            )
            for i in range(n)
        )


def ajukan(pegawai, tahun, bulan, realisasi="Laporan bulanan selesai dan diserahkan."):
    """Submit the month, with a realisasi for every RHK in force as the form requires."""
    with scope(instansi=pegawai.instansi_id):
        rhk = services.rhk_bulan_ini(pegawai, tahun, bulan)
        return services.realisasi_bulanan_ajukan(
            pegawai=segar(pegawai),
            by=segar(pegawai),
            tahun=tahun,
            bulan=bulan,
            realisasi=realisasi,
            per_rhk={r.pk: f"Realisasi {r.uraian}" for r in rhk},
        )


def beri_rating(pegawai, penilai, tahun, bulan, rating):
    """The whole monthly path: 40 aktivitas (every rating allowed), realisasi submitted by
    the pegawai, rated by the penilai through the service."""
    aktivitas_massal(pegawai, tahun, bulan, 40)
    realisasi = ajukan(pegawai, tahun, bulan)
    with scope(instansi=pegawai.instansi_id):
        return services.realisasi_bulanan_nilai(
            realisasi=realisasi, by=segar(penilai), rating=rating
        )


def buat_jadwal(by, langkah, tahun, kode, *, batas, mulai=None):
    """A window set by the BKD through jadwal.services.jadwal_simpan."""
    with scope(instansi=by.instansi_id):
        return jadwal_services.jadwal_simpan(
            langkah=langkah,
            tahun=tahun,
            kode=kode,
            mulai=mulai or min(batas, timezone.now()) - timedelta(days=60),
            batas=batas,
            by=segar(by),
        )


_nip = itertools.count(1)


def pegawai_massal(d, unit, n, awalan="Pegawai Massal") -> list[Pegawai]:
    """n pegawai in `unit` (bulk_create skips the NIP checks: the NIPs are well formed)."""
    with scopes_disabled():
        nips = [f"199202022016{next(_nip):06d}" for _ in range(n)]
        Pegawai.objects.bulk_create(
            Pegawai(
                instansi=d.buleleng,
                unit_kerja=unit,
                nama=f"{awalan} {nip[-4:]}",
                nip=nip,
                jabatan="Pengadministrasi",
                kelas_jabatan=9,
                password="!",
            )
            for nip in nips
        )
        return list(Pegawai.objects.filter(nip__in=nips).order_by("nip"))


def tpp_massal(d, pegawai, tahun, bulan, *, opd, unit, total=Decimal("5000000")):
    """A computed TPP row for each pegawai (as tpp_hitung writes them), for read counts."""
    with scopes_disabled():
        TPPBulanan.objects.bulk_create(
            TPPBulanan(
                instansi=d.buleleng,
                pegawai=p,
                tahun=tahun,
                bulan=bulan,
                unit_kerja=unit,
                opd=opd,
                kelas_jabatan=9,
                pagu=Decimal("5000000"),
                rating="sesuai",
                rincian=[
                    ["Kinerja 60% × Sesuai Ekspektasi 100%", "3000000"],
                    ["Disiplin 40%", "2000000"],
                ],
                total=total,
            )
            for p in pegawai
        )


# ---- fixtures ------------------------------------------------------------------------


@dataclass
class TOrang:
    staf: Pegawai
    kabid: Pegawai
    rekan: Pegawai
    kepala: Pegawai
    admin_opd: Pegawai
    admin_dinkes: Pegawai
    admin_bkd: Pegawai
    admin_lain: Pegawai
    pegawai_lain: Pegawai


@pytest.fixture
def t_orang(dunia) -> TOrang:
    d = dunia
    with scopes_disabled():
        rekan = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.bidang, nama="Rekan PKAP")
    return TOrang(
        staf=segar(d.staf),
        kabid=segar(d.kabid),
        rekan=segar(rekan),
        kepala=segar(d.kepala),
        admin_opd=segar(d.admin_opd),
        admin_dinkes=segar(d.admin_dinkes),
        admin_bkd=segar(d.admin_bkd),
        admin_lain=segar(d.admin_lain),
        pegawai_lain=segar(d.pegawai_lain),
    )


@dataclass
class TSkp:
    skp: SKP
    rhk: list[RHK]  # the staf's two utama RHK
    rhk_kabid: RHK  # an RHK of someone else's SKP (the kabid's)


@pytest.fixture
def t_skp_staf(dunia, t_orang, buat_rantai) -> TSkp:
    """The staf's SKP of TAHUN (1 Jan – 31 Dec), two RHK, approved by the kabid."""
    with scope(instansi=dunia.buleleng.pk):
        rantai = buat_rantai()
        staf = segar(t_orang.staf)
        skp = skp_services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)
        for uraian in URAIAN_RHK:
            tambah_rhk(skp, staf, uraian, intervensi=[rantai.rhk_kabid])
        skp_services.skp_ajukan(skp=segar(skp), by=staf)
        skp = skp_services.skp_setujui(skp=segar(skp), by=segar(t_orang.kabid))
        rhk = list(RHK.objects.filter(skp=skp).order_by("id"))
    return TSkp(skp=segar(skp), rhk=rhk, rhk_kabid=segar(rantai.rhk_kabid))


@pytest.fixture
def t_konfigurasi(t_orang):
    """The Perkada of Buleleng from 1 January TAHUN (defaults of buat_konfigurasi)."""
    return buat_konfigurasi(t_orang.admin_bkd)


@pytest.fixture
def t_kelas_9(dunia, t_orang):
    """Staf, rekan and kabid hold kelas jabatan 9 (pagu Rp5.000.000 in t_konfigurasi)."""
    with scopes_disabled():
        Pegawai.objects.filter(pk__in=[t_orang.staf.pk, t_orang.rekan.pk, t_orang.kabid.pk]).update(
            kelas_jabatan=9
        )
    return t_orang


def realisasi_dari(pegawai, tahun, bulan) -> RealisasiBulanan | None:
    with scopes_disabled():
        return RealisasiBulanan.objects.filter(pegawai=pegawai, tahun=tahun, bulan=bulan).first()
