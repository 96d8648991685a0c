"""Benchmark of the monthly TPP computation (tpp.services.tpp_hitung) for a whole large
instansi: 60,000 pegawai in 60 OPD with a kelas jabatan, a Perkada with a pagu per kelas,
~30 % rated for the month, ~10 % with a ketidakhadiran, some pengecualian (CLTN, dismissed
mid-month), new CPNS from mid-month, a few retired, two holidays.

Not part of the test run (pyproject: python_files = test_*.py, --ignore=tests/bench);
run it by naming the file, preferably against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_bench \\
        python dev.py test tests/bench/bench_tpp.py -p no:cacheprovider -s --create-db

BENCH_PEGAWAI changes the size (default 60000), BENCH_OPD the number of OPD (default 60).

Run 1 inserts every row, run 2 recomputes the same month (the upsert path the admin's
"Hitung ulang" takes); both are timed without tracemalloc, which slows Python code
several times over. A third run, under tracemalloc, measures the peak Python memory.
Queries are counted with an execute wrapper (CaptureQueriesContext would keep every SQL
string, the 2,000-row INSERTs included, and count them as the service's memory).

On PostgreSQL the tables are ANALYZEd after the bulk load, as autovacuum would have done
on a live database (see bench_kunci_jadwal.py for what happens without statistics).
"""

import os
import time
import tracemalloc
from calendar import monthrange
from datetime import date
from decimal import Decimal

from django.db import connection

from inti.kalender import hari_kerja_antara
from inti.tenancy import tenant_scope
from organisasi.models import HariLibur, Pegawai, Pengecualian, UnitKerja
from tests.factories import InstansiFactory, PegawaiFactory, buat_unit
from tpp import rules, services
from tpp.models import Ketidakhadiran, RealisasiBulanan, TPPBulanan

JUMLAH = int(os.environ.get("BENCH_PEGAWAI", "60000"))
JUMLAH_OPD = int(os.environ.get("BENCH_OPD", "60"))
BIDANG_PER_OPD = 4
BATCH = 5000
TAHUN, BULAN = 2025, 5  # Mei 2025: 22 weekdays, two holidays below
AWAL, AKHIR = date(TAHUN, BULAN, 1), date(TAHUN, BULAN, monthrange(TAHUN, BULAN)[1])
LIBUR = [date(TAHUN, BULAN, 1), date(TAHUN, BULAN, 29)]
NIP = "1990010120150"  # + 5 digits: 18 characters, unique to this benchmark
PAGU = {k: Decimal(1_500_000 + 350_000 * k) for k in range(1, 18)}
RATING = [rules.DIATAS, rules.SESUAI, rules.DIBAWAH]
JENIS = list(rules.JENIS_KETIDAKHADIRAN)
HARI_KERJA = hari_kerja_antara(AWAL, AKHIR, hari_kerja=5, libur=set(LIBUR))


def _dalam_batch(baris):
    for i in range(0, len(baris), BATCH):
        yield baris[i : i + BATCH]


def _kelas(i):
    return None if i % 100 == 99 else 5 + i % 11  # 1 % without a kelas jabatan: no pagu


def _bangun(instansi, admin):
    """Unit tree through the service (paths and OPD links as the app writes them), every
    other row in bulk. Returns the ids of the pegawai tpp_hitung computes."""
    root = buat_unit(instansi, nama="Pemerintah Provinsi Bench TPP", eselon="00")
    bidang = []
    for n in range(JUMLAH_OPD):
        # Every fourth OPD works six days a week (schools, hospitals).
        opd = buat_unit(
            instansi,
            root,
            nama=f"Dinas {n}",
            eselon="22",
            adalah_opd=True,
            hari_kerja=6 if n % 4 == 3 else 5,
        )
        bidang.append(opd)
        bidang += [
            buat_unit(instansi, opd, nama=f"Bidang {n}.{b}", eselon="32")
            for b in range(BIDANG_PER_OPD)
        ]

    def unit(i):
        return bidang[i * len(bidang) // JUMLAH]

    def tmt(i):
        # 1 % new CPNS who started mid-month: paid for the working days served.
        return date(TAHUN, BULAN, 15) if i % 100 == 42 else date(2010, 1, 1)

    for potong in _dalam_batch(range(JUMLAH)):
        Pegawai.objects.bulk_create(
            Pegawai(
                instansi=instansi,
                nip=f"{NIP}{i:05d}",
                nama=f"Pegawai {i}",
                password="!",  # unusable: nobody logs in
                unit_kerja=unit(i),
                kelas_jabatan=_kelas(i),
                tmt_cpns=tmt(i),
                # 0.5 % retired: not computed.
                status=Pegawai.Status.PENSIUN if i % 200 == 199 else Pegawai.Status.AKTIF,
            )
            for i in potong
        )
    pegawai = list(
        Pegawai.objects.filter(nip__startswith=NIP).order_by("nip").values_list("pk", flat=True)
    )
    assert len(pegawai) == JUMLAH

    for potong in _dalam_batch(list(enumerate(pegawai))):
        # ~30 % rated this month, ~5 % submitted but not rated yet (no kinerja part).
        RealisasiBulanan.objects.bulk_create(
            RealisasiBulanan(
                instansi=instansi,
                pegawai_id=pk,
                tahun=TAHUN,
                bulan=BULAN,
                realisasi="Laporan bulanan.",
                status=(
                    RealisasiBulanan.Status.DINILAI
                    if i % 10 < 3
                    else RealisasiBulanan.Status.DIAJUKAN
                ),
                rating=RATING[i % 3] if i % 10 < 3 else "",
                jumlah_aktivitas=45 if i % 10 < 3 else 12,
            )
            for i, pk in potong
            if i % 20 < 7
        )
        # ~10 % with one to three working days of some ketidakhadiran.
        Ketidakhadiran.objects.bulk_create(
            Ketidakhadiran(
                instansi=instansi,
                pegawai_id=pk,
                jenis=JENIS[i % len(JENIS)],
                mulai=HARI_KERJA[i % 18],
                selesai=HARI_KERJA[i % 18 + i % 3],
                dicatat_oleh=admin,
            )
            for i, pk in potong
            if i % 10 == 5
        )
        # 0.5 % in CLTN all month (no TPP), 0.5 % dismissed from the 20th.
        Pengecualian.objects.bulk_create(
            Pengecualian(
                instansi=instansi,
                pegawai_id=pk,
                jenis=(
                    Pengecualian.Jenis.CLTN
                    if i % 200 == 3
                    else Pengecualian.Jenis.DIBERHENTIKAN_SEMENTARA
                ),
                mulai=date(TAHUN, 1, 1) if i % 200 == 3 else date(TAHUN, BULAN, 20),
                selesai=None,
            )
            for i, pk in potong
            if i % 200 in (3, 7)
        )
    HariLibur.objects.bulk_create(
        HariLibur(instansi=instansi, tanggal=t, nama=f"Libur {t}") for t in LIBUR
    )
    return [pk for i, pk in enumerate(pegawai) if i % 200 != 199]


def _statistik():
    if connection.vendor != "postgresql":
        return "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '600s'")
        # Inside the test's transaction ANALYZE still samples the rows this transaction
        # inserted, so the planner sees 60,000 rows rather than its empty-table guess.
        for tabel in (
            "organisasi_unitkerja",
            "organisasi_pegawai",
            "organisasi_pengecualian",
            "organisasi_harilibur",
            "tpp_realisasibulanan",
            "tpp_ketidakhadiran",
            "tpp_tppbulanan",
        ):
            cursor.execute(f"ANALYZE {tabel}")
    return "ANALYZE sesudah muat"


class _Penghitung:
    """Counts the queries and the time spent in them, without keeping them."""

    def __init__(self):
        self.n, self.detik = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        mulai = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.detik += time.perf_counter() - mulai


def _hitung(*, ukur_memori=False):
    penghitung = _Penghitung()
    with connection.execute_wrapper(penghitung):
        if ukur_memori:
            tracemalloc.start()
        mulai = time.perf_counter()
        baris = services.tpp_hitung(tahun=TAHUN, bulan=BULAN, units=UnitKerja.objects.all())
        detik = time.perf_counter() - mulai
        puncak = 0
        if ukur_memori:
            _, puncak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    return baris, detik, puncak, penghitung


def test_tpp_hitung_bench(db):
    instansi = InstansiFactory(kode="bench-tpp", nama="Pemerintah Provinsi Bench TPP")
    with tenant_scope(instansi.pk):
        # No unit kerja: the admin is not among the pegawai computed.
        admin = PegawaiFactory(instansi=instansi, peran="admin_bkd", nama="Admin BKD Bench")
        services.konfigurasi_simpan(
            by=admin,
            berlaku_mulai=date(TAHUN, 1, 1),
            pagu=PAGU,
            potongan={
                "tanpa_keterangan": (Decimal("0.03"), None),
                "terlambat": (Decimal("0.005"), Decimal("0.05")),
                "pulang_cepat": (Decimal("0.005"), Decimal("0.05")),
                "dinas_luar": (Decimal("0"), None),
            },
            bobot_kinerja=Decimal("0.60"),
            bobot_disiplin=Decimal("0.40"),
            persen_diatas=Decimal("1"),
            persen_sesuai=Decimal("0.90"),
            persen_dibawah=Decimal("0.70"),
        )
        t0 = time.perf_counter()
        dihitung = _bangun(instansi, admin)
        persiapan = time.perf_counter() - t0
        statistik = _statistik()
        diharapkan = len(dihitung)

        baris, detik, _, kueri = _hitung()
        baris_lagi, detik_lagi, _, kueri_lagi = _hitung()
        baris_mem, detik_mem, puncak, _ = _hitung(ukur_memori=True)

        print(
            f"\n[bench tpp_hitung] {connection.vendor}, {JUMLAH:,} pegawai "
            f"({len(dihitung):,} aktif), {JUMLAH_OPD} OPD, "
            f"{UnitKerja.objects.count()} unit; persiapan {persiapan:.1f} s, "
            f"statistik: {statistik}"
        )
        print(
            f"[bench tpp_hitung] run 1 (insert): {baris:,} baris dalam {detik:.2f} s = "
            f"{baris / detik:,.0f} baris/detik, {kueri.n} kueri "
            f"({kueri.detik:.2f} s di cursor.execute: driver + database)"
        )
        print(
            f"[bench tpp_hitung] run 2 (upsert): {baris_lagi:,} baris dalam {detik_lagi:.2f} s = "
            f"{baris_lagi / detik_lagi:,.0f} baris/detik, {kueri_lagi.n} kueri "
            f"({kueri_lagi.detik:.2f} s di cursor.execute: driver + database)"
        )
        print(
            f"[bench tpp_hitung] run 3 (upsert, di bawah tracemalloc): {detik_mem:.2f} s, "
            f"puncak memori Python {puncak / 1024 / 1024:.1f} MiB "
            f"({puncak / baris_mem / 1024:.2f} KiB per baris)"
        )

        assert baris == baris_lagi == baris_mem == diharapkan
        semua = TPPBulanan.objects.filter(tahun=TAHUN, bulan=BULAN)
        assert semua.count() == diharapkan
        assert kueri.n == kueri_lagi.n  # a fixed number of reads, then the batches

        # Spot checks on the slips (every amount of the rules is tested in tests/tpp).
        def tpp(i):
            return semua.get(pegawai__nip=f"{NIP}{i:05d}")

        # i = 0: kelas 5, rated Diatas, present all month → the whole pagu.
        assert tpp(0).total == PAGU[5]
        # i = 4: kelas 9, submitted but not rated → the disiplin part only.
        assert tpp(4).rating == "" and tpp(4).total == PAGU[9] * Decimal("0.40")
        # i = 3: CLTN all month → nothing, with the reason.
        assert tpp(3).total == 0 and "CLTN" in tpp(3).rincian[0][0]
        # i = 99: no kelas jabatan → nothing.
        assert tpp(99).total == 0 and tpp(99).kelas_jabatan is None
        assert not semua.filter(pegawai__nip=f"{NIP}{199:05d}").exists()  # retired
