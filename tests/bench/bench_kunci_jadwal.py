"""Benchmark of the lock job (penilaian.jadwal_services.jadwal_kunci) at the size of a large
instansi: 60,000 pegawai with their Triwulan I, a passed realisasi window and a unit
dispensasi covering 1,000 of them.

Not part of the test run (pyproject: python_files = test_*.py, --ignore=tests/bench);
run it by naming the file, preferably against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_bench \\
        python dev.py test tests/bench/bench_kunci_jadwal.py -p no:cacheprovider -s --create-db

BENCH_PEGAWAI changes the size (default 60000; a multiple of PER_OPD).

On PostgreSQL the tables are ANALYZEd after the bulk load, as autovacuum would have done
on a live database. Without statistics (BENCH_TANPA_ANALYZE=1) the planner expects one
row and runs the `id IN (SELECT ... EXISTS ...)` of the dispensasi and lock UPDATEs as a
nested loop over every pair of periods: at 60,000 periods dispensasi_beri alone ran for
more than 19 minutes before it was stopped (measured; the default run has a 10-minute
statement_timeout so that case fails instead of hanging).
"""

import os
import time
import tracemalloc
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inti.tenancy import tenant_scope
from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from organisasi.models import Pegawai
from penilaian import rules
from penilaian.models import PeriodePenilaian
from skp.models import SKP
from tests.factories import InstansiFactory, PegawaiFactory, buat_unit

JUMLAH = int(os.environ.get("BENCH_PEGAWAI", "60000"))
PER_OPD = 1000  # the dispensasi covers one OPD's subtree: ~1,000 pegawai
BIDANG_PER_OPD = 4
BATCH = 5000
TAHUN = 2024
WITA = ZoneInfo("Asia/Makassar")


def _dalam_batch(baris):
    for i in range(0, len(baris), BATCH):
        yield baris[i : i + BATCH]


def _bangun(instansi):
    """Unit tree through the service (paths as the app writes them), rows in bulk."""
    root = buat_unit(instansi, nama="Pemerintah Provinsi Bench", eselon="00")
    jumlah_opd = JUMLAH // PER_OPD
    opd, bidang = [], []
    for n in range(jumlah_opd):
        unit = buat_unit(instansi, root, nama=f"Dinas {n}", eselon="22", adalah_opd=True)
        opd.append(unit)
        bidang.append(
            [
                buat_unit(instansi, unit, nama=f"Bidang {n}.{b}", eselon="32")
                for b in range(BIDANG_PER_OPD)
            ]
        )

    for potong in _dalam_batch(range(JUMLAH)):
        Pegawai.objects.bulk_create(
            Pegawai(
                instansi=instansi,
                nip=f"1985031520100{i:05d}",
                nama=f"Pegawai {i}",
                password="!",  # unusable: nobody logs in
                unit_kerja=bidang[i // PER_OPD][i % BIDANG_PER_OPD],
            )
            for i in potong
        )
    pegawai = list(
        Pegawai.objects.filter(instansi=instansi, nip__startswith="1985031520100")
        .order_by("pk")
        .values_list("pk", "unit_kerja_id")
    )
    for potong in _dalam_batch(pegawai):
        SKP.objects.bulk_create(
            SKP(
                instansi=instansi,
                pegawai_id=pk,
                tahun=TAHUN,
                mulai=date(TAHUN, 1, 1),
                selesai=date(TAHUN, 12, 31),
                status=SKP.Status.DISETUJUI,
                unit_kerja_id=unit_id,
            )
            for pk, unit_id in potong
        )
    skp = list(SKP.objects.filter(tahun=TAHUN).order_by("pk").values_list("pk", "pegawai_id"))
    mulai, selesai = rules.periode_kalender("tw1", TAHUN)
    for potong in _dalam_batch(skp):
        PeriodePenilaian.objects.bulk_create(
            PeriodePenilaian(
                instansi=instansi,
                skp_id=skp_pk,
                pegawai_id=pegawai_pk,
                tahun=TAHUN,
                kode="tw1",
                mulai=mulai,
                selesai=selesai,
            )
            for skp_pk, pegawai_pk in potong
        )
    return opd


def _statistik():
    if connection.vendor != "postgresql":
        return "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '600s'")
        if os.environ.get("BENCH_TANPA_ANALYZE") == "1":
            return "tanpa ANALYZE"
        # Inside the test's transaction ANALYZE still samples the rows this transaction
        # inserted, so the planner sees 60,000 rows rather than its empty-table guess.
        for tabel in (
            "organisasi_unitkerja",
            "organisasi_pegawai",
            "skp_skp",
            "penilaian_periodepenilaian",
            "penilaian_jadwal",
        ):
            cursor.execute(f"ANALYZE {tabel}")
    return "ANALYZE sesudah muat"


def _kunci(sekarang):
    with CaptureQueriesContext(connection) as kueri:
        tracemalloc.start()
        mulai = time.perf_counter()
        terkunci = jadwal_services.jadwal_kunci(sekarang=sekarang)
        detik = time.perf_counter() - mulai
        _, puncak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return terkunci, detik, puncak, len(kueri)


def test_kunci_jadwal_bench(db):
    instansi = InstansiFactory(kode="bench", nama="Pemerintah Provinsi Bench")
    with tenant_scope(instansi.pk):
        admin = PegawaiFactory(instansi=instansi, peran="admin_bkd", nama="Admin BKD Bench")
        t0 = time.perf_counter()
        opd = _bangun(instansi)
        persiapan = time.perf_counter() - t0
        statistik = _statistik()
        jadwal = jadwal_services.jadwal_simpan(
            langkah=jadwal_rules.REALISASI,
            tahun=TAHUN,
            kode="tw1",
            mulai=datetime(TAHUN, 4, 1, tzinfo=WITA),
            batas=datetime(TAHUN, 4, 9, 23, 59, tzinfo=WITA),
            by=admin,
        )
        t0 = time.perf_counter()
        jadwal_services.dispensasi_beri(
            jadwal=jadwal,
            by=admin,
            unit=opd[0],
            sampai=timezone.now() + timedelta(days=7),
            alasan="Gangguan jaringan di OPD ini.",
        )
        detik_dispensasi = time.perf_counter() - t0
        tercakup = PeriodePenilaian.objects.filter(
            pegawai__unit_kerja__path__startswith=opd[0].path
        ).count()

        sekarang = timezone.now()
        terkunci, detik, puncak, kueri = _kunci(sekarang)
        terkunci_lagi, detik_lagi, puncak_lagi, kueri_lagi = _kunci(sekarang)

        print(
            f"\n[bench kunci_jadwal] {connection.vendor}, {JUMLAH:,} pegawai/periode, "
            f"{len(opd)} OPD, dispensasi unit mencakup {tercakup:,}; persiapan {persiapan:.1f} s, "
            f"statistik: {statistik}; dispensasi_beri {detik_dispensasi:.3f} s"
        )
        print(
            f"[bench kunci_jadwal] run 1: {terkunci:,} dikunci dalam {detik:.3f} s = "
            f"{terkunci / detik:,.0f} baris/detik, {kueri} kueri, "
            f"puncak memori Python {puncak / 1024:.1f} KiB"
        )
        print(
            f"[bench kunci_jadwal] run 2: {terkunci_lagi} dikunci dalam {detik_lagi:.3f} s, "
            f"{kueri_lagi} kueri, puncak memori Python {puncak_lagi / 1024:.1f} KiB"
        )

        assert tercakup == PER_OPD
        assert terkunci == JUMLAH - PER_OPD
        assert terkunci_lagi == 0
        dikunci = PeriodePenilaian.objects.filter(dikunci_realisasi_pada=jadwal.batas)
        assert dikunci.count() == JUMLAH - PER_OPD
        assert not dikunci.filter(pegawai__unit_kerja__path__startswith=opd[0].path).exists()
