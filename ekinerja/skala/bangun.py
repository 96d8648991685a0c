"""Builds, or grows, one large instansi for load tests (`manage.py data_skala`).

Set-based: the rows are planned in Python (ekinerja.skala.rancangan), given their ids
beforehand and written in bulk (ekinerja.skala.penulis: COPY on PostgreSQL), a fixed
number of statements per table whatever the size. The real code still decides what the
rows mean: the unit paths come from organisasi.rules.path_segmen and the OPD links from
organisasi.services.perbarui_opd_subtree, each pegawai's penilai from the pimpinan rule
of organisasi.rules, the predikat from penilaian.rules, the monthly rating limit and
whether a day of progres harian was late from tpp.rules, the TPP itself from
tpp.services.tpp_hitung (set-based too), the jadwal from jadwal.services. The two sample
penilai and their forty bawahan go through the real SKP and penilaian services
(ekinerja.skala.layanan).

One transaction: a failed run leaves nothing behind. A second run with the same kode
adds the missing pegawai as staff of the existing units (with everything a pegawai has,
last month's TPP recomputed for all) and creates no unit, jadwal or sample user again.
"""

import hashlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as jam
from decimal import Decimal

from django.contrib.auth.hashers import check_password, make_password
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from ekinerja.management.commands.demo import LIBUR_NASIONAL
from inti.kalender import NAMA_BULAN, hari_kerja_antara, periode_kalender
from inti.tenancy import scopes_disabled, tenant_scope
from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from jadwal.models import Jadwal
from organisasi.models import HariLibur, Instansi, Pegawai, StatusPimpinan, UnitKerja
from organisasi.rules import path_segmen, pimpinan_terdekat_di_atas
from organisasi.services import perbarui_opd_subtree, unit_kerja_buat
from penilaian import rules as penilaian_rules
from penilaian.models import PeriodePenilaian, RencanaAksi
from skp.models import RHK, SKP, Indikator, PerilakuKerja, SasaranPerjanjianKinerja
from skp.rules import BERAKHLAK
from tpp import rules as tpp_rules
from tpp import services as tpp_services
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    ProgresHarian,
    RealisasiBulanan,
    RealisasiBulananRHK,
)

from . import layanan, rancangan
from .penulis import Penulis

Status = PeriodePenilaian.Status
# id_eksternal of the two sample seksi (their kasi have exactly 10 and 30 bawahan).
KUNCI_SEKSI_SAMPEL = {n: f"sampel-{n}" for n in rancangan.BAWAHAN_SAMPEL}
NAMA_SEKSI_SAMPEL = {10: "SUBBIDANG PENILAIAN KINERJA", 30: "SUBBIDANG PENGEMBANGAN KOMPETENSI"}
SASARAN_PK = [
    ("Meningkatnya kualitas tata kelola pemerintahan", "Indeks Reformasi Birokrasi"),
    ("Meningkatnya kualitas pelayanan publik", "Indeks Kepuasan Masyarakat"),
    ("Meningkatnya kesejahteraan masyarakat", "Indeks Pembangunan Manusia"),
]
PAGU = {k: Decimal(v) for k, v in {
    17: 25_000_000, 16: 20_000_000, 15: 12_000_000, 14: 9_000_000, 13: 8_000_000,
    12: 7_000_000, 11: 6_000_000, 10: 5_500_000, 9: 5_000_000, 8: 4_500_000, 7: 4_000_000,
    6: 3_500_000, 5: 3_000_000, 4: 2_750_000, 3: 2_500_000, 2: 2_250_000, 1: 2_000_000,
}.items()}  # fmt: skip
KETIDAKHADIRAN = {"cuti_tahunan": 50, "dinas_luar": 25, "cuti_sakit": 15, "tanpa_keterangan": 7,
                  "terlambat": 3}  # fmt: skip
PERSEN_TIDAK_HADIR = 0.06  # pegawai with a ketidakhadiran in the TPP month
PERSEN_SUDAH_MENGAJUKAN = 0.10  # of the current quarter's periods, already submitted
PERSEN_SEBAGIAN_TERISI = 0.40  # … with part of the realisasi filled


def angka(n: int) -> str:
    """12.345: thousands as Indonesian readers write them."""
    return f"{n:,}".replace(",", ".")


@dataclass(eq=False)
class Unit:
    pk: int
    nama: str
    tingkat: str  # "instansi", "opd", "bidang", "seksi"
    path: str
    hari_kerja: int  # effective: the OPD's, 5 without one
    opd_id: int | None
    pimpinan_id: int | None = None


@dataclass(eq=False)
class Orang:
    """A pegawai being built, with what the later stages need of them."""

    pk: int
    unit: Unit
    tingkat: str  # the unit's tingkat for a pimpinan, "staf" otherwise
    jpt: bool = False
    atasan_id: int | None = None
    layanan: bool = False  # SKP and current period made by the real services
    jabatan: str = ""
    jenis_jabatan: str = ""
    skp_id: int | None = None
    rhk: list = field(default_factory=list)  # [(id, uraian, utama, (target, satuan))]
    ra_sekarang: dict = field(default_factory=dict)  # RHK id → its rencana aksi this quarter


class Pembangun:
    def __init__(self, *, kode: str, jumlah_pegawai: int, password: str, lapor):
        self.kode = kode
        self.jumlah_pegawai = jumlah_pegawai
        self.password = password
        self.lapor = lapor
        self.penulis = Penulis(connection)
        self.t0 = time.monotonic()

    # ---- the run ----------------------------------------------------------------------

    def jalankan(self) -> Instansi:
        with scopes_disabled():
            with transaction.atomic():
                instansi = Instansi.objects.filter(kode=self.kode).first()
                if instansi is None:
                    self._baru()
                else:
                    self._tumbuh(instansi)
                commit = time.monotonic()
            # PostgreSQL checks the deferred foreign keys of every row written here now.
            self._lapor_waktu("commit", commit)
        return self.instansi

    def _mulai(self, instansi, *, sudah_ada: int):
        self.instansi = instansi
        self.hari_ini = instansi.hari_ini()
        self.tahun = self.hari_ini.year
        self.zona = instansi.zona
        self.sekarang = timezone.now()
        self.triwulan = (self.hari_ini.month - 1) // 3 + 1
        self.kode_sekarang = f"tw{self.triwulan}"
        self.rng = random.Random(f"{self.kode}:{sudah_ada}")

    def _baru(self):
        nama = self.kode.replace("-", " ").replace("_", " ").upper()
        instansi = Instansi(
            nama=f"Pemerintah Kabupaten {nama.title()}",
            kode=self.kode,
            jenis=Instansi.Jenis.KABUPATEN,
            zona_waktu=Instansi.ZonaWaktu.WIB,
            lokasi_cetak=nama.title(),
        )
        instansi.full_clean()
        instansi.save()
        self._mulai(instansi, sudah_ada=0)
        self.hash_sandi = make_password(self.password)
        with tenant_scope(instansi.pk):
            self._tahap("instansi, hari libur, unit induk", self._instansi)
            self._tahap("unit kerja", self._unit)
            self._tahap("pegawai", self._pegawai_baru)
            massal = [o for o in self.orang if not o.layanan]
            self._tahap("SKP, RHK, indikator, perilaku", lambda: self._skp(massal))
            self._tahap("SKP dan periode 42 pegawai sampel (layanan)", self._layanan)
            self._tahap("jadwal", self._jadwal)
            self._tahap("periode penilaian dan rencana aksi", lambda: self._periode(self.orang))
            self._tahap("konfigurasi TPP", self._konfigurasi_tpp)
            self._tahap(
                "progres harian, ketidakhadiran, realisasi bulanan",
                lambda: self._bulanan(self.orang),
            )
            self._tahap("TPP bulanan (tpp_hitung)", self._tpp_hitung)
            self._tahap("kunci jadwal (jadwal_kunci)", self._kunci)

    def _tumbuh(self, instansi):
        with tenant_scope(instansi.pk):
            if UnitKerja.objects.filter(id_eksternal=self._id_eksternal("induk")).count() != 1:
                raise ValueError(
                    f"Instansi {self.kode} tidak dibangun oleh data_skala; pilih kode lain."
                )
            sudah_ada = Pegawai.objects.count()
            self._mulai(instansi, sudah_ada=sudah_ada)
            contoh = Pegawai.objects.order_by("pk").values_list("password", flat=True).first()
            if contoh and check_password(self.password, contoh):
                self.hash_sandi = contoh
            else:
                # One password for the whole instansi, as the JSON tells the benchmark.
                self.hash_sandi = make_password(self.password)
                Pegawai.objects.update(password=self.hash_sandi)
                self.lapor(f"Kata sandi semua pegawai {self.kode} diganti.")
            kurang = self.jumlah_pegawai - sudah_ada
            if kurang <= 0:
                self.lapor(
                    f"Instansi {self.kode} sudah berisi {angka(sudah_ada)} pegawai (diminta "
                    f"{angka(self.jumlah_pegawai)}): tidak ada yang ditambahkan."
                )
                return
            self.lapor(
                f"Instansi {self.kode} berisi {angka(sudah_ada)} pegawai: menambah "
                f"{angka(kurang)} pegawai pada unit yang ada."
            )
            self._tahap("pegawai tambahan", lambda: self._pegawai_tambahan(kurang))
            self._tahap("SKP, RHK, indikator, perilaku", lambda: self._skp(self.orang))
            self._tahap("periode penilaian dan rencana aksi", lambda: self._periode(self.orang))
            self._tahap(
                "progres harian, ketidakhadiran, realisasi bulanan",
                lambda: self._bulanan(self.orang),
            )
            self._tahap("TPP bulanan (tpp_hitung)", self._tpp_hitung)
            self._tahap("kunci jadwal (jadwal_kunci)", self._kunci)

    def _tahap(self, nama, fungsi):
        """Run one stage and report it: elapsed seconds, rows written per table."""
        sebelum = Counter(self.penulis.jumlah)
        mulai = time.monotonic()
        catatan = fungsi()
        baru = self.penulis.jumlah - sebelum
        baris = ", ".join(f"{tabel} {angka(n)}" for tabel, n in baru.items())
        self._lapor_waktu(nama, mulai, "; ".join(x for x in (catatan, baris) if x))

    def _lapor_waktu(self, nama, mulai, catatan=""):
        akhir = time.monotonic()
        self.lapor(
            f"[{akhir - self.t0:6.1f} s] {nama}: {akhir - mulai:.1f} s"
            + (f" ({catatan})" if catatan else "")
        )

    def _waktu(self, tanggal: date, jam_=9, menit=0) -> datetime:
        """A moment in the instansi's zone."""
        return datetime(tanggal.year, tanggal.month, tanggal.day, jam_, menit, tzinfo=self.zona)

    def _lampau(self, tanggal: date, jam_=9, menit=0) -> datetime:
        """The same, never later than now: a run early in a quarter (or in January) must
        not date an approval or a rating in the future."""
        return min(self._waktu(tanggal, jam_, menit), self.sekarang)

    def _id_eksternal(self, kunci) -> str:
        return hashlib.md5(f"{self.kode}:{kunci}".encode()).hexdigest()

    # ---- organisation -----------------------------------------------------------------

    def _instansi(self):
        self.penulis.tulis(
            HariLibur,
            ["instansi_id", "tanggal", "nama"],
            ((self.instansi.pk, tanggal, nama) for tanggal, nama in LIBUR_NASIONAL),
        )
        root = unit_kerja_buat(
            instansi=self.instansi,
            parent=None,
            nama=f"PEMERINTAH KABUPATEN {self.instansi.lokasi_cetak.upper()}",
            eselon=UnitKerja.Eselon.E00,
            id_eksternal=self._id_eksternal("induk"),
        )
        self.root = Unit(root.pk, root.nama, "instansi", root.path, 5, None)
        self.sasaran_pk = [
            s.pk
            for s in SasaranPerjanjianKinerja.objects.bulk_create(
                SasaranPerjanjianKinerja(
                    instansi=self.instansi,
                    tahun=self.tahun,
                    unit_kerja=root,
                    sasaran=sasaran,
                    indikator=indikator,
                )
                for sasaran, indikator in SASARAN_PK
            )
        ]

    def _unit(self):
        rencana = rancangan.rencana_unit(self.jumlah_pegawai, self.rng)
        ids = [self.root.pk, *self.penulis.id_baru(UnitKerja, len(rencana) - 1)]
        unit = [self.root]
        anak = Counter()
        baris = []
        for i, r in enumerate(rencana[1:], start=1):
            induk = unit[r.induk]
            anak[r.induk] += 1
            # The path as unit_kerja_buat numbers children: the n-th child of a parent.
            path = induk.path + path_segmen(anak[r.induk])
            opd = ids[i] if r.adalah_opd else induk.opd_id
            hari_kerja = r.hari_kerja or induk.hari_kerja
            unit.append(Unit(ids[i], r.nama, r.tingkat, path, hari_kerja, opd))
            baris.append(
                (ids[i], self.instansi.pk, self._id_eksternal(i), r.nama, r.eselon, r.adalah_opd,
                 ids[r.induk], path, len(path) // len(path_segmen(1)), r.hari_kerja)
            )  # fmt: skip
        self.penulis.tulis(
            UnitKerja,
            ["id", "instansi_id", "id_eksternal", "nama", "eselon", "adalah_opd", "parent_id",
             "path", "depth", "hari_kerja"],
            baris,
        )  # fmt: skip
        # The OPD links as the services keep them, for the whole tree at once.
        perbarui_opd_subtree(UnitKerja.objects.get(pk=self.root.pk))
        # The sample penilai's seksi through the service, under the BKD's first bidang.
        # rancangan.OPD: the first OPD is the largest, the second the BKD.
        terbesar, bkd = [i for i, r in enumerate(rencana) if r.tingkat == "opd"][:2]
        i_bidang = next(
            i for i, r in enumerate(rencana) if r.tingkat == "bidang" and r.induk == bkd
        )
        self.seksi_sampel = {}
        for n, kunci in KUNCI_SEKSI_SAMPEL.items():
            seksi = unit_kerja_buat(
                instansi=self.instansi,
                parent=UnitKerja.objects.get(pk=ids[i_bidang]),
                nama=NAMA_SEKSI_SAMPEL[n],
                eselon=UnitKerja.Eselon.E42,
                id_eksternal=self._id_eksternal(kunci),
            )
            induk = unit[i_bidang]
            self.seksi_sampel[n] = Unit(
                seksi.pk, seksi.nama, "seksi", seksi.path, induk.hari_kerja, seksi.opd_id
            )
        self.unit = unit
        self.bobot_staf = [r.bobot_staf for r in rencana]
        self.opd_terbesar, self.opd_bkd = unit[terbesar], unit[bkd]
        return f"{len(unit) + len(self.seksi_sampel)} unit"

    def _pegawai_baru(self):
        rng, tahun = self.rng, self.tahun
        rencana = []  # (RencanaOrang, Unit, tingkat, layanan)
        for unit in [*self.unit, *self.seksi_sampel.values()]:
            nama = self.instansi.lokasi_cetak if unit.tingkat == "instansi" else unit.nama
            orang = rancangan.orang_pimpinan(rng, tahun, unit.tingkat, nama)
            rencana.append((orang, unit, unit.tingkat, unit in self.seksi_sampel.values()))
        for n, unit in self.seksi_sampel.items():
            rencana += [(rancangan.orang_staf(rng, tahun), unit, "staf", True) for _ in range(n)]
        staf = self.jumlah_pegawai - len(rencana)
        if staf < 0:
            raise ValueError(
                f"{self.jumlah_pegawai} pegawai terlalu sedikit untuk {len(rencana)} pimpinan "
                "dan bawahan sampel."
            )
        for unit, n in zip(self.unit, rancangan.bagi(staf, self.bobot_staf), strict=True):
            rencana += [(rancangan.orang_staf(rng, tahun), unit, "staf", False) for _ in range(n)]
        peran, admin_bkd = self._peran_admin(rencana)
        ids = self._tulis_pegawai(rencana, peran=peran)
        self.admin_bkd_id = ids[admin_bkd]
        pimpinan = {}
        for pk, (_, unit, tingkat, _) in zip(ids, rencana, strict=True):
            if tingkat != "staf":
                unit.pimpinan_id = pimpinan[unit.path] = pk
        UnitKerja.objects.bulk_update(
            [
                UnitKerja(
                    pk=unit.pk,
                    pimpinan_id=unit.pimpinan_id,
                    status_pimpinan=StatusPimpinan.DEFINITIF,
                )
                for unit in [*self.unit, *self.seksi_sampel.values()]
            ],
            ["pimpinan", "status_pimpinan"],
            batch_size=500,
        )
        self.penulis.analyze(UnitKerja._meta.db_table)
        # Each pimpinan's penilai: the pimpinan of the nearest led unit above (every unit is
        # led here, so the parent's); staff are rated by their own unit's pimpinan.
        di_atas = pimpinan_terdekat_di_atas(pimpinan)
        self.orang = []
        for pk, (orang, unit, tingkat, sampel) in zip(ids, rencana, strict=True):
            if tingkat == "staf":
                atasan = unit.pimpinan_id
            else:
                atasan = pimpinan[di_atas[unit.path]] if di_atas[unit.path] else None
            self.orang.append(self._orang(pk, unit, tingkat, orang, atasan, sampel))
        return f"{angka(len(ids))} pegawai"

    def _orang(self, pk, unit, tingkat, rencana, atasan, layanan=False) -> Orang:
        return Orang(
            pk=pk,
            unit=unit,
            tingkat=tingkat,
            jpt=rencana.jenis_jabatan == Pegawai.JenisJabatan.JPT,
            atasan_id=atasan,
            layanan=layanan,
            jabatan=rencana.jabatan,
            jenis_jabatan=rencana.jenis_jabatan,
        )

    def _peran_admin(self, rencana) -> tuple[dict[int, tuple[str, int | None]], int]:
        """Index in `rencana` → (peran, OPD managed) of an admin OPD of the largest OPD and
        an admin BKD in the BKD, each a staff member of that OPD (its own unit first); and
        the admin BKD's index."""

        def staf_di(opd):
            calon = [
                i
                for i, (_, unit, tingkat, sampel) in enumerate(rencana)
                if tingkat == "staf" and not sampel and unit.opd_id == opd.pk
            ]
            langsung = [i for i in calon if rencana[i][1] is opd]
            return (langsung or calon)[0]

        admin_bkd = staf_di(self.opd_bkd)
        peran = {
            staf_di(self.opd_terbesar): (Pegawai.Peran.ADMIN_OPD, self.opd_terbesar.pk),
            admin_bkd: (Pegawai.Peran.ADMIN_BKD, None),
        }
        return peran, admin_bkd

    def _tulis_pegawai(self, rencana, *, peran) -> list[int]:
        ids = self.penulis.id_baru(Pegawai, len(rencana))
        with scopes_disabled():
            # A NIP is unique nationally: the NIPs of every instansi are taken.
            terpakai = set(Pegawai.objects.values_list("nip", flat=True))
        instansi_id, sandi, pegawai = self.instansi.pk, self.hash_sandi, Pegawai.Peran.PEGAWAI

        def baris():
            for i, (pk, (o, unit, _, _)) in enumerate(zip(ids, rencana, strict=True)):
                pppk = o.jenis_asn == Pegawai.JenisAsn.PPPK
                peran_, admin_opd = peran.get(i, (pegawai, None))
                yield (
                    pk, sandi, instansi_id, rancangan.nip_unik(o, terpakai), o.nama,
                    o.gelar_depan, o.gelar_belakang, o.jenis_asn, o.lahir, o.jenis_kelamin,
                    o.golongan, o.jabatan, o.jenis_jabatan, o.jenjang, o.kelas_jabatan, unit.pk,
                    None if pppk else o.tmt,
                    # A CPNS serves a year's probation before the TMT PNS.
                    None if pppk else o.tmt.replace(year=o.tmt.year + 1),
                    o.tmt if pppk else None, peran_, admin_opd,
                )  # fmt: skip

        self.penulis.tulis(
            Pegawai,
            ["id", "password", "instansi_id", "nip", "nama", "gelar_depan", "gelar_belakang",
             "jenis_asn", "tanggal_lahir", "jenis_kelamin", "pangkat_golongan", "jabatan",
             "jenis_jabatan", "jenjang", "kelas_jabatan", "unit_kerja_id", "tmt_cpns", "tmt_pns",
             "tanggal_spmt", "peran", "admin_opd_id"],
            baris(),
        )  # fmt: skip
        return ids

    def _pegawai_tambahan(self, jumlah: int):
        """New staff for the existing units, in proportion to the staff they have (the
        sample seksi keep exactly their 10 and 30)."""
        sampel = {self._id_eksternal(k) for k in KUNCI_SEKSI_SAMPEL.values()}
        unit, bobot = [], []
        for u in (
            UnitKerja.objects.select_related("opd")
            .annotate(staf=Count("pegawai", filter=~Q(pegawai=F("pimpinan"))))
            .order_by("path")
        ):
            tingkat = {"00": "instansi"}.get(u.eselon) or (
                "opd" if u.adalah_opd else "bidang" if u.eselon.startswith("3") else "seksi"
            )
            unit.append(
                Unit(u.pk, u.nama, tingkat, u.path, u.hari_kerja_efektif, u.opd_id, u.pimpinan_id)
            )
            bisa = u.depth > 1 and u.aktif and u.id_eksternal not in sampel
            bobot.append(u.staf if bisa else 0)
        if not any(bobot):
            bobot = [1 if u.tingkat != "instansi" else 0 for u in unit]
        rencana = []
        for u, n in zip(unit, rancangan.bagi(jumlah, bobot), strict=True):
            rencana += [
                (rancangan.orang_staf(self.rng, self.tahun), u, "staf", False) for _ in range(n)
            ]
        ids = self._tulis_pegawai(rencana, peran={})
        self.orang = [
            self._orang(pk, u, "staf", o, u.pimpinan_id)
            for pk, (o, u, _, _) in zip(ids, rencana, strict=True)
        ]
        self.admin_bkd_id = (
            Pegawai.objects.filter(peran=Pegawai.Peran.ADMIN_BKD)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        return f"{angka(len(ids))} pegawai"

    # ---- SKP --------------------------------------------------------------------------

    def _skp(self, orang: list[Orang]):
        """An approved SKP for the year per pegawai: ~6 RHK with 1–2 indikator, the utama
        ones intervening an RHK of the atasan's SKP (the top: the Perjanjian Kinerja), the
        seven BerAKHLAK values. Approved in January by the penilai of the unit tree."""
        rng, tahun, instansi_id = self.rng, self.tahun, self.instansi.pk
        for o, skp_id in zip(orang, self.penulis.id_baru(SKP, len(orang)), strict=True):
            o.skp_id = skp_id
        rencana = [rancangan.rencana_rhk(rng, o.tingkat, o.unit.nama, jpt=o.jpt) for o in orang]
        rhk_ids = iter(self.penulis.id_baru(RHK, sum(len(r) for r in rencana)))
        for o, daftar in zip(orang, rencana, strict=True):
            o.rhk = [
                (
                    next(rhk_ids),
                    r.uraian,
                    r.utama,
                    rancangan.target_rencana_aksi(r.indikator[0].target, r.indikator[0].satuan),
                )
                for r in daftar
            ]
        utama_atasan = self._rhk_utama_atasan(orang)

        def baris_skp():
            for o in orang:
                diajukan = self._lampau(date(tahun, 1, rng.randint(5, 20)), rng.randint(8, 15))
                disetujui = min(
                    diajukan + timedelta(days=rng.randint(1, 8), hours=rng.randint(0, 5)),
                    self.sekarang,
                )
                yield (
                    o.skp_id, instansi_id, o.pk, tahun, date(tahun, 1, 1), date(tahun, 12, 31),
                    SKP.Status.DISETUJUI, o.unit.pk, o.jabatan, o.jenis_jabatan, o.atasan_id,
                    diajukan, disetujui, "Anggaran DPA dan aplikasi e-Kinerja",
                    "Laporan bulanan kepada atasan langsung",
                    "Sesuai ketentuan penilaian kinerja ASN", diajukan - timedelta(days=2),
                )  # fmt: skip

        self.penulis.tulis(
            SKP,
            ["id", "instansi_id", "pegawai_id", "tahun", "mulai", "selesai", "status",
             "unit_kerja_id", "jabatan", "jenis_jabatan", "penilai_id", "diajukan_pada",
             "disetujui_pada", "dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi",
             "dibuat"],
            baris_skp(),
        )  # fmt: skip
        self.penulis.tulis(
            PerilakuKerja,
            ["instansi_id", "skp_id", "nilai"],
            ((instansi_id, o.skp_id, kode) for o in orang for kode, _, _ in BERAKHLAK),
        )
        self.penulis.tulis(
            RHK,
            ["id", "instansi_id", "skp_id", "jenis", "uraian", "urutan"],
            (
                (rhk_id, instansi_id, o.skp_id, RHK.Jenis.UTAMA if utama else RHK.Jenis.TAMBAHAN,
                 uraian, urutan)
                for o in orang
                for urutan, (rhk_id, uraian, utama, _) in enumerate(o.rhk, start=1)
            ),
        )  # fmt: skip
        self.penulis.tulis(
            Indikator,
            ["instansi_id", "rhk_id", "aspek", "uraian", "target_min", "satuan", "perspektif"],
            (
                (instansi_id, rhk[0], i.aspek, i.uraian, i.target, i.satuan, i.perspektif)
                for o, daftar in zip(orang, rencana, strict=True)
                for rhk, r in zip(o.rhk, daftar, strict=True)
                for i in r.indikator
            ),
        )
        self.penulis.tulis(
            RHK.intervensi.through,
            ["from_rhk_id", "to_rhk_id"],
            (
                (rhk_id, atas[j % len(atas)])
                for o in orang
                if (atas := utama_atasan.get(o.atasan_id))
                for j, (rhk_id, _, utama, _) in enumerate(o.rhk)
                if utama
            ),
        )
        puncak = [o for o in orang if o.tingkat == "instansi"]
        self.penulis.tulis(
            RHK.intervensi_pk.through,
            ["rhk_id", "sasaranperjanjiankinerja_id"],
            (
                (rhk_id, self.sasaran_pk[j % len(self.sasaran_pk)])
                for o in puncak
                for j, (rhk_id, _, utama, _) in enumerate(o.rhk)
                if utama
            ),
        )

    def _rhk_utama_atasan(self, orang: list[Orang]) -> dict[int, list[int]]:
        """Pegawai id → ids of the utama RHK of their SKP this year, for every atasan of
        `orang`: built in this run, or already in the database (a run that grows)."""
        hasil = {o.pk: [r[0] for r in o.rhk if r[2]] for o in orang}
        dibangun = set(hasil)
        if any(o.atasan_id and o.atasan_id not in dibangun for o in orang):
            for pegawai_id, rhk_id in (
                RHK.objects.filter(
                    skp__tahun=self.tahun,
                    jenis=RHK.Jenis.UTAMA,
                    skp__pegawai__unit_dipimpin__isnull=False,
                )
                .order_by("skp__pegawai_id", "urutan", "pk")
                .values_list("skp__pegawai_id", "pk")
            ):
                if pegawai_id not in dibangun:
                    hasil.setdefault(pegawai_id, []).append(rhk_id)
        return hasil

    def _layanan(self):
        sampel = [o for o in self.orang if o.layanan]
        pegawai = Pegawai.objects.select_related("unit_kerja", "instansi").in_bulk(
            [o.pk for o in sampel]
        )
        skp_ids = {}
        for n, unit in self.seksi_sampel.items():
            bawahan = sorted(
                (pegawai[o.pk] for o in sampel if o.unit is unit and o.pk != unit.pimpinan_id),
                key=lambda p: p.pk,
            )
            assert len(bawahan) == n
            skp_ids |= layanan.bangun_seksi_sampel(
                kasi=pegawai[unit.pimpinan_id],
                bawahan=bawahan,
                nama_seksi=unit.nama,
                tahun=self.tahun,
                kode=self.kode_sekarang,
                rng=self.rng,
            )
        # What the set-based stages need of them: their RHK and this quarter's rencana aksi.
        for o in sampel:
            o.skp_id = skp_ids[o.pk]
        per_skp = {o.skp_id: o for o in sampel}
        for rhk in (
            RHK.objects.filter(skp_id__in=per_skp)
            .prefetch_related("indikator")
            .order_by("skp_id", "-jenis", "urutan", "pk")
        ):
            indikator = rhk.indikator.all()[0]
            target = rancangan.target_rencana_aksi(indikator.target_min, indikator.satuan)
            per_skp[rhk.skp_id].rhk.append(
                (rhk.pk, rhk.uraian, rhk.jenis == RHK.Jenis.UTAMA, target)
            )
        for skp_id, rhk_id, ra_id in RencanaAksi.objects.filter(
            periode__skp_id__in=per_skp, periode__kode=self.kode_sekarang
        ).values_list("periode__skp_id", "rhk_id", "pk"):
            per_skp[skp_id].ra_sekarang[rhk_id] = ra_id
        return f"{len(sampel)} pegawai"

    # ---- jadwal and periods -----------------------------------------------------------

    def _jadwal(self):
        """Every step of the year, in the instansi's zone: the current quarter's realisasi
        and penilaian are open now (as are the final's in December), earlier quarters are
        closed; the monthly TPP steps close on the 10th, 12th and 15th of the next month."""
        bkd = Pegawai.objects.get(pk=self.admin_bkd_id)
        t = self.tahun

        def buka(d):
            return self._waktu(d, 0, 0)

        def tutup(d):
            return self._waktu(d, 23, 59)

        jendela = [
            (jadwal_rules.PENYUSUNAN_SKP, "", self._waktu(date(t, 1, 2), 8), tutup(date(t, 1, 31)))
        ]
        hari = timedelta(days=1)
        for q in range(1, 5):
            kode = f"tw{q}"
            awal, akhir = periode_kalender(kode, t)
            penilaian_sampai = date(t + 1, 1, 2) if q == 4 else akhir + 15 * hari
            jendela += [
                (jadwal_rules.REALISASI, kode, buka(awal), tutup(akhir + 9 * hari)),
                (jadwal_rules.PENILAIAN, kode, buka(akhir.replace(day=1)), tutup(penilaian_sampai)),
                (jadwal_rules.CETAK, kode, buka(akhir + hari), tutup(akhir + 30 * hari)),
            ]
        final = penilaian_rules.FINAL
        jendela += [
            (jadwal_rules.REALISASI, final, buka(date(t, 12, 1)), tutup(date(t, 12, 31))),
            (jadwal_rules.PENILAIAN, final, buka(date(t, 12, 1)), tutup(date(t + 1, 1, 2))),
            (jadwal_rules.CETAK, final, buka(date(t + 1, 1, 1)), tutup(date(t + 1, 1, 15))),
        ]
        for langkah, kode, mulai, batas in jendela:
            jadwal_services.jadwal_simpan(
                langkah=langkah, tahun=t, kode=kode, mulai=mulai, batas=batas, by=bkd,
                keterangan="Jadwal data skala",
            )  # fmt: skip
        for langkah, hari in (
            (jadwal_rules.TPP_AKTIVITAS, 10),
            (jadwal_rules.TPP_PENILAIAN, 12),
            (jadwal_rules.KETIDAKHADIRAN, 12),
            (jadwal_rules.CETAK_TPP, 15),
        ):
            jadwal_services.jadwal_bulanan_buat(
                langkah=langkah, tahun=t, by=bkd, hari=hari, jam=23, menit=59
            )
        return f"{Jadwal.objects.filter(tahun=t).count()} jadwal"

    def _periode(self, orang: list[Orang]):
        """TW I up to the quarter before this one rated (dinilai; Sangat Baik reviewed by
        the BKD), this quarter being filled (a tenth already submitted), each with one
        rencana aksi per RHK; realisasi on the rated ones and part of the current ones."""
        rng, tahun, instansi_id = self.rng, self.tahun, self.instansi.pk
        kunci = {
            (j.langkah, j.kode): j.batas
            for j in Jadwal.objects.filter(
                tahun=tahun, langkah__in=[jadwal_rules.REALISASI, jadwal_rules.PENILAIAN]
            )
            if j.batas < self.sekarang
        }
        lalu = [f"tw{q}" for q in range(1, self.triwulan)]
        rencana = [
            (o, kode)
            for o in orang
            for kode in (lalu if o.layanan else [*lalu, self.kode_sekarang])
        ]
        periode_ids = self.penulis.id_baru(PeriodePenilaian, len(rencana))
        ra_ids = iter(self.penulis.id_baru(RencanaAksi, sum(len(o.rhk) for o, _ in rencana)))
        isi = []  # (periode id, orang, kode, RHK with realisasi, hasil kerja)
        baris = []
        for periode_id, (o, kode) in zip(periode_ids, rencana, strict=True):
            mulai, selesai = periode_kalender(kode, tahun)
            hasil = perilaku = predikat = ""
            penilai = diajukan = dinilai = reviewer = direview = None
            if kode != self.kode_sekarang:
                hasil, perilaku = rancangan.rating_periode(rng)
                if o.pk == self.admin_bkd_id and (hasil, perilaku) == (penilaian_rules.DIATAS,) * 2:
                    perilaku = penilaian_rules.SESUAI  # nobody else in the TPK to review it
                predikat = penilaian_rules.predikat(hasil_kerja=hasil, perilaku_kerja=perilaku)
                status, penilai, n_isi = Status.DINILAI, o.atasan_id, len(o.rhk)
                diajukan = self._lampau(
                    selesai + timedelta(days=rng.randint(1, 5)), rng.randint(8, 16)
                )
                dinilai = min(
                    diajukan + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 6)),
                    self.sekarang,
                )
                if predikat == penilaian_rules.SANGAT_BAIK:
                    direview = min(dinilai + timedelta(days=2), self.sekarang)
                    reviewer = self.admin_bkd_id
            else:
                r = rng.random()
                if o.atasan_id and r < PERSEN_SUDAH_MENGAJUKAN:
                    status, n_isi = Status.DIAJUKAN, len(o.rhk)
                    diajukan = self.sekarang - timedelta(hours=rng.randint(2, 60))
                else:
                    status = Status.PENGISIAN
                    n_isi = (
                        len(o.rhk) // 2
                        if r < PERSEN_SUDAH_MENGAJUKAN + PERSEN_SEBAGIAN_TERISI
                        else 0
                    )
            dibuat = self._lampau(mulai + timedelta(days=rng.randint(5, 25)))
            baris.append(
                (periode_id, instansi_id, o.skp_id, o.pk, tahun, kode, mulai, selesai, status,
                 diajukan, penilai, hasil, perilaku, predikat, dinilai, reviewer, direview,
                 kunci.get((jadwal_rules.REALISASI, kode)),
                 kunci.get((jadwal_rules.PENILAIAN, kode)), dibuat)
            )  # fmt: skip
            isi.append((periode_id, o, kode, n_isi, hasil))
        self.penulis.tulis(
            PeriodePenilaian,
            ["id", "instansi_id", "skp_id", "pegawai_id", "tahun", "kode", "mulai", "selesai",
             "status", "diajukan_pada", "penilai_id", "rating_hasil_kerja",
             "rating_perilaku_kerja", "predikat", "dinilai_pada", "direview_oleh_id",
             "direview_pada", "dikunci_realisasi_pada", "dikunci_penilaian_pada", "dibuat"],
            baris,
        )  # fmt: skip
        del baris
        sekarang = self.kode_sekarang
        tercapai = "Target triwulan tercapai; laporan diserahkan kepada atasan."
        sebagian = "Sebagian target tercapai; sisanya dilanjutkan pada triwulan berikutnya."

        def baris_rencana_aksi():
            for periode_id, o, kode, n_isi, hasil in isi:
                kurang = hasil == penilaian_rules.DIBAWAH
                for j, (rhk_id, uraian, _, (target, satuan)) in enumerate(o.rhk):
                    ra_id = next(ra_ids)
                    if kode == sekarang:
                        o.ra_sekarang[rhk_id] = ra_id
                    if j < n_isi:
                        realisasi = sebagian if kurang else tercapai
                        angka = target * 3 // 4 if kurang else target
                    else:
                        realisasi, angka = "", None
                    yield (
                        ra_id, instansi_id, periode_id, rhk_id,
                        rancangan.uraian_rencana_aksi(kode, uraian), target, satuan, realisasi,
                        angka,
                    )  # fmt: skip

        self.penulis.tulis(
            RencanaAksi,
            ["id", "instansi_id", "periode_id", "rhk_id", "uraian", "target", "satuan",
             "realisasi", "realisasi_angka"],
            baris_rencana_aksi(),
        )  # fmt: skip

    # ---- the month: aktivitas, ketidakhadiran, realisasi bulanan, TPP --------------------

    def _konfigurasi_tpp(self):
        tpp_services.konfigurasi_simpan(
            by=Pegawai.objects.get(pk=self.admin_bkd_id),
            berlaku_mulai=date(self.tahun, 1, 1),
            pagu=PAGU,
            potongan={
                "tanpa_keterangan": (Decimal("0.03"), None),
                "terlambat": (Decimal("0.005"), Decimal("0.05")),
                "pulang_cepat": (Decimal("0.005"), Decimal("0.05")),
                tpp_rules.PROGRES_TERLAMBAT: (Decimal("0.005"), Decimal("0.05")),
                tpp_rules.PROGRES_KOSONG: (Decimal("0.01"), Decimal("0.10")),
            },
            keterangan="Perbup TPP (data skala)",
            bobot_kinerja=Decimal("0.6"),
            bobot_disiplin=Decimal("0.4"),
            persen_diatas=Decimal("1"),
            persen_sesuai=Decimal("1"),
            persen_dibawah=Decimal("0.7"),
            ambang_aktivitas_penuh=tpp_rules.AMBANG_PENUH,
            ambang_aktivitas_sesuai=tpp_rules.AMBANG_SESUAI,
        )

    @property
    def bulan_tpp(self) -> int | None:
        """Last month, the one whose TPP is computed now (none in January: last year's)."""
        return self.hari_ini.month - 1 or None

    def _bulanan(self, orang: list[Orang]):
        """Last month: a ketidakhadiran for some, progres harian on working days (1–3
        aktivitas and the day's status; this month's so far too), the realisasi bulanan
        rated within what the count allows."""
        if self.bulan_tpp is None:
            return "Januari: bulan lalu di tahun sebelumnya, dilewati"
        rng, tahun, bulan, instansi_id = self.rng, self.tahun, self.bulan_tpp, self.instansi.pk
        awal = date(tahun, bulan, 1)
        akhir = self.hari_ini.replace(day=1) - timedelta(days=1)
        # Every holiday: a window of the last days of December runs into January.
        libur = set(HariLibur.objects.values_list("tanggal", flat=True))
        hari_kerja = {h: hari_kerja_antara(awal, akhir, hari_kerja=h, libur=libur) for h in (5, 6)}
        kemarin = self.hari_ini - timedelta(days=1)
        hari_kerja_kini = {
            h: hari_kerja_antara(self.hari_ini.replace(day=1), kemarin, hari_kerja=h, libur=libur)
            for h in (5, 6)
        }
        konfigurasi = tpp_services.konfigurasi_berlaku(tahun, bulan)
        ambang = {
            "ambang_penuh": konfigurasi.ambang_aktivitas_penuh,
            "ambang_sesuai": konfigurasi.ambang_aktivitas_sesuai,
        }
        # Last month's rencana aksi are this quarter's only if it is in this quarter.
        tautan_ra_bulan_lalu = (bulan - 1) // 3 + 1 == self.triwulan

        # Days of leave: no progres harian is expected on them (tpp.rules.TANPA_PROGRES;
        # a dinas luar still reports).
        cuti: dict[int, set] = {}
        baris_absen = []
        jenis, bobot = list(KETIDAKHADIRAN), list(KETIDAKHADIRAN.values())
        for o in orang:
            if rng.random() < PERSEN_TIDAK_HADIR:
                hari = hari_kerja[o.unit.hari_kerja]
                i = rng.randrange(len(hari))
                rentang = hari[i : i + rng.randint(1, 3)]
                jenis_ = rng.choices(jenis, bobot)[0]
                if jenis_ in tpp_rules.TANPA_PROGRES:
                    cuti[o.pk] = set(rentang)
                baris_absen.append(
                    (instansi_id, o.pk, jenis_, rentang[0], rentang[-1],
                     "Dicatat admin (data skala)", self.admin_bkd_id)
                )  # fmt: skip
        self.penulis.tulis(
            Ketidakhadiran,
            ["instansi_id", "pegawai_id", "jenis", "mulai", "selesai", "keterangan",
             "dicatat_oleh_id"],
            baris_absen,
        )  # fmt: skip

        dibuat = {
            h: self._lampau(h, 16)
            for hari in [*hari_kerja.values(), *hari_kerja_kini.values()]
            for h in hari
        }
        jam_aktivitas = [
            (jam(8, 0), jam(11, 30)),
            (jam(13, 0), jam(15, 30)),
            (jam(15, 30), jam(16, 30)),
        ]
        jumlah_bulan: dict[int, int] = {}
        # Pegawai id → [(date, number of aktivitas)] filled in last month and this month:
        # the progres harian rows written after the aktivitas.
        diisi: dict[int, tuple[list, list]] = {}

        def baris_aktivitas():
            for o in orang:
                if not o.rhk:
                    continue
                pilihan = [
                    (rhk_id, o.ra_sekarang.get(rhk_id),
                     rng.choice(rancangan.URAIAN_AKTIVITAS).format(rhk=uraian[:150].lower()))
                    for rhk_id, uraian, _, _ in o.rhk
                ]  # fmt: skip
                hari = [h for h in hari_kerja[o.unit.hari_kerja] if h not in cuti.get(o.pk, ())]
                bulan_lalu = rancangan.hari_progres(rng, hari)
                bulan_ini = rancangan.hari_progres(rng, hari_kerja_kini[o.unit.hari_kerja])
                diisi[o.pk] = (bulan_lalu, bulan_ini)
                jumlah_bulan[o.pk] = sum(n for _, n in bulan_lalu)
                k = 0
                for lalu, daftar in ((True, bulan_lalu), (False, bulan_ini)):
                    for tanggal, n in daftar:
                        for j in range(n):
                            rhk_id, ra_id, uraian = pilihan[k % len(pilihan)]
                            k += 1
                            if lalu and not tautan_ra_bulan_lalu:
                                ra_id = None
                            mulai, selesai = jam_aktivitas[j]
                            yield (instansi_id, o.pk, tanggal, uraian, rhk_id, ra_id, mulai,
                                   selesai, dibuat[tanggal])  # fmt: skip

        self.penulis.tulis(
            AktivitasHarian,
            ["instansi_id", "pegawai_id", "tanggal", "uraian", "rhk_id", "rencana_aksi_id",
             "jam_mulai", "jam_selesai", "dibuat"],
            baris_aktivitas(),
        )  # fmt: skip
        self.penulis.tulis(
            ProgresHarian,
            ["instansi_id", "pegawai_id", "tanggal", "status", "diajukan_pertama", "terlambat",
             "diajukan_pada", "catatan", "diputuskan_oleh_id", "diputuskan_pada"],
            self._baris_progres(orang, diisi, libur),
        )  # fmt: skip
        dinilai = [o for o in orang if o.atasan_id and o.pk in jumlah_bulan]
        ids = self.penulis.id_baru(RealisasiBulanan, len(dinilai))
        baris_realisasi = []
        for pk, o in zip(ids, dinilai, strict=True):
            n = jumlah_bulan[o.pk]
            rating = rancangan.rating_bulanan(rng, tpp_rules.rating_diizinkan(n, **ambang))
            diajukan = self.sekarang - timedelta(hours=rng.randint(30, 80))
            baris_realisasi.append(
                (pk, instansi_id, o.pk, tahun, bulan, "Seluruh RHK bulan ini dikerjakan.",
                 RealisasiBulanan.Status.DINILAI, rating, n, o.atasan_id, diajukan,
                 diajukan + timedelta(hours=rng.randint(2, 24)))
            )  # fmt: skip
        self.penulis.tulis(
            RealisasiBulanan,
            ["id", "instansi_id", "pegawai_id", "tahun", "bulan", "realisasi", "status",
             "rating", "jumlah_aktivitas", "penilai_id", "diajukan_pada", "dinilai_pada"],
            baris_realisasi,
        )  # fmt: skip
        nama_bulan = NAMA_BULAN[bulan - 1]
        self.penulis.tulis(
            RealisasiBulananRHK,
            ["instansi_id", "realisasi_bulanan_id", "rhk_id", "uraian"],
            (
                (instansi_id, pk, rhk_id, f"Realisasi {nama_bulan}: {uraian[:150]}")
                for pk, o in zip(ids, dinilai, strict=True)
                for rhk_id, uraian, _, _ in o.rhk
            ),
        )

    def _baris_progres(self, orang: list[Orang], diisi: dict, libur: set):
        """One ProgresHarian per day filled in: submitted within its window or later
        (tpp.rules.terlambat decides, as progres_ajukan does), then approved or returned
        by the atasan a little later; drafts were never sent."""
        rng, instansi_id, zona = self.rng, self.instansi.pk, self.zona
        jendela = self.instansi.jendela_progres
        batas: dict[tuple[date, int], date] = {}
        kembali = "Lengkapi uraian dan bukti aktivitas hari ini."
        Hari = ProgresHarian.Status
        for o in orang:
            if o.pk not in diisi:
                continue
            hk, atasan = o.unit.hari_kerja, o.atasan_id
            for bobot, daftar in zip(
                (rancangan.STATUS_PROGRES_LALU, rancangan.STATUS_PROGRES_KINI),
                diisi[o.pk],
                strict=True,
            ):
                for tanggal, _ in daftar:
                    status, telat = rancangan.status_progres(rng, bobot, ada_atasan=bool(atasan))
                    if status == Hari.DRAFT:
                        yield (instansi_id, o.pk, tanggal, status, None, False, None, "",
                               None, None)  # fmt: skip
                        continue
                    if (tanggal, hk) not in batas:
                        batas[tanggal, hk] = tpp_rules.batas_tepat_waktu(
                            tanggal, jendela=jendela, hari_kerja=hk, libur=libur
                        )
                    if telat:
                        hari = batas[tanggal, hk] + timedelta(days=rng.randint(1, 4))
                    else:
                        hari = tanggal + timedelta(days=rng.randint(0, 1))
                    diajukan = self._lampau(hari, rng.randint(14, 20), rng.randint(0, 59))
                    lambat = tpp_rules.terlambat(
                        tanggal, diajukan, zona=zona, jendela=jendela, hari_kerja=hk, libur=libur
                    )
                    oleh = diputuskan = None
                    if status in (Hari.DISETUJUI, Hari.DIKEMBALIKAN):
                        oleh = atasan
                        diputuskan = min(
                            diajukan + timedelta(hours=rng.randint(1, 40)), self.sekarang
                        )
                    yield (instansi_id, o.pk, tanggal, status, diajukan, lambat, diajukan,
                           kembali if status == Hari.DIKEMBALIKAN else "", oleh,
                           diputuskan)  # fmt: skip

    def _tpp_hitung(self):
        if self.bulan_tpp is None:
            return "dilewati"
        n = tpp_services.tpp_hitung(
            tahun=self.tahun, bulan=self.bulan_tpp, units=UnitKerja.objects.all()
        )
        self.penulis.analyze("tpp_tppbulanan")
        return f"{angka(n)} baris TPP {NAMA_BULAN[self.bulan_tpp - 1]}"

    def _kunci(self):
        n = jadwal_services.jadwal_kunci(sekarang=self.sekarang)
        return f"{n} periode dikunci" if n else ""


# ---- the JSON for the benchmark --------------------------------------------------------


def ringkasan(instansi: Instansi, password: str) -> dict:
    """The sample users and their pages, read back from the database (so a second run,
    or one after the benchmark rated some periods, reports what is there now)."""
    from organisasi.selectors import bawahan_penilai

    with tenant_scope(instansi.pk):
        tahun = instansi.hari_ini().year
        kode = f"tw{(instansi.hari_ini().month - 1) // 3 + 1}"
        sampel = [hashlib.md5(f"{instansi.kode}:{k}".encode()).hexdigest()
                  for k in KUNCI_SEKSI_SAMPEL.values()]  # fmt: skip
        seksi = (
            UnitKerja.objects.filter(eselon__startswith="4")
            .exclude(id_eksternal__in=sampel)
            .annotate(n=Count("pegawai"))
            .order_by("-n", "pk")
            .first()
        )
        periode = (
            PeriodePenilaian.objects.filter(
                pegawai__unit_kerja=seksi,
                pegawai__peran=Pegawai.Peran.PEGAWAI,
                tahun=tahun,
                kode=kode,
                status=Status.PENGISIAN,
            )
            .exclude(pegawai_id=seksi.pimpinan_id)
            .select_related("pegawai")
            .order_by("pegawai_id")
            .first()
        )
        pengguna = {
            "pegawai": {"nip": periode.pegawai.nip, "skp": periode.skp_id, "periode": periode.pk}
        }
        for n, kunci in KUNCI_SEKSI_SAMPEL.items():
            unit = UnitKerja.objects.select_related("pimpinan").get(
                id_eksternal=hashlib.md5(f"{instansi.kode}:{kunci}".encode()).hexdigest()
            )
            bawahan = bawahan_penilai(unit.pimpinan)
            pengguna[f"penilai_{n}"] = {
                "nip": unit.pimpinan.nip,
                "periode_dinilai": PeriodePenilaian.objects.filter(
                    pegawai__in=bawahan, tahun=tahun, kode=kode, status=Status.DIAJUKAN
                )
                .order_by("pk")
                .values_list("pk", flat=True)
                .first(),
                "bawahan": bawahan.count(),
            }
        admin_opd = Pegawai.objects.filter(peran=Pegawai.Peran.ADMIN_OPD).order_by("pk").first()
        admin_bkd = Pegawai.objects.filter(peran=Pegawai.Peran.ADMIN_BKD).order_by("pk").first()
        pengguna["admin_opd"] = {"nip": admin_opd.nip, "opd": admin_opd.admin_opd_id}
        pengguna["admin_bkd"] = {"nip": admin_bkd.nip}
        # The month of progres harian built (and TPP computed): last month, none in
        # January (last year's).
        akhir = instansi.hari_ini().replace(day=1) - timedelta(days=1)
        progres = None
        if akhir.year == tahun:
            progres = {
                "tahun": akhir.year,
                "bulan": akhir.month,
                "hari": ProgresHarian.objects.filter(
                    tanggal__range=(akhir.replace(day=1), akhir)
                ).count(),
            }
        return {
            "instansi": instansi.kode,
            "password": password,
            "pegawai": Pegawai.objects.count(),
            "unit": UnitKerja.objects.count(),
            "tahun": tahun,
            "progres": progres,
            "pengguna": pengguna,
        }
