"""Progres harian on a large instansi, measured in process: (a) the month's TPP of the
whole instansi (tpp.services.tpp_hitung over every unit) now that it reads every day of
progres harian and the aktivitas count of each pegawai, (b) the atasan's grid
(`progres_bawahan`: bawahan × days) for the sample penilai with 10 and 30 bawahan, as
median time and query count, at the two sizes so a count that grows with the bawahan
shows.

Not part of the test run. On the database built by `manage.py data_skala --json
/tmp/skala.json` (one month of progres harian: every pegawai's working days last month,
1–3 aktivitas a day, mostly approved, some waiting, returned, in draft or empty, ~10 %
late; see ekinerja/skala/bangun.py):

    createdb -h 127.0.0.1 -U postgres ekinerja_skala
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_skala
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py data_skala --pegawai 60000 --json /tmp/skala.json
    .venv/bin/python tests/bench/bench_progres.py --data /tmp/skala.json [--profil]

(a) rewrites that month's TPP rows (the "Hitung ulang" path: an upsert) in that database.
The target is 60 s for 60,000 pegawai; the bench prints the time and where it goes
(`_muat_bulan` alone, SQL time, and with --profil the heaviest functions), never fails
on a time. (b) only reads.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")

TARGET_TPP_DETIK = 60


class _Penghitung:
    """Counts the queries and the time spent in them, without keeping them (the
    2,000-row INSERTs of the upsert would be kept by CaptureQueriesContext)."""

    def __init__(self):
        self.n, self.detik = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        mulai = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.detik += time.perf_counter() - mulai


def bench_tpp(instansi, tahun, bulan, *, ulang, profil):
    from django.db import connection
    from django.db.models import Count, Q

    from inti.tenancy import tenant_scope
    from organisasi.models import UnitKerja
    from tpp import services
    from tpp.models import AktivitasHarian, ProgresHarian, TPPBulanan

    with tenant_scope(instansi.pk):
        bulan_ini = Q(tanggal__year=tahun, tanggal__month=bulan)
        hari = ProgresHarian.objects.filter(bulan_ini)
        status = dict(hari.values_list("status").annotate(n=Count("pk")).order_by())
        terlambat = hari.filter(terlambat=True).count()
        aktivitas = AktivitasHarian.objects.filter(bulan_ini).count()
        print(
            f"\n[bench progres] TPP {bulan:02d}/{tahun}: {sum(status.values()):,} hari progres "
            f"({', '.join(f'{s} {n:,}' for s, n in sorted(status.items()))}; "
            f"terlambat {terlambat:,}), {aktivitas:,} aktivitas"
        )
        semua = UnitKerja.objects.all()
        # Where the time goes: the load and the write timed inside tpp_hitung, the rest
        # is the formula per pegawai and building the rows.
        tahap = {}

        def diukur(nama, fungsi):
            def pembungkus(*args, **kwargs):
                mulai = time.perf_counter()
                try:
                    return fungsi(*args, **kwargs)
                finally:
                    tahap[nama] = time.perf_counter() - mulai

            return pembungkus

        services._muat_bulan = diukur("muat", services._muat_bulan)
        services._tulis_bulan = diukur("tulis", services._tulis_bulan)
        hasil = []
        for putaran in range(1, ulang + 1):
            mulai = time.perf_counter()
            services._muat_bulan(tahun, bulan, semua)
            muat = time.perf_counter() - mulai
            penghitung = _Penghitung()
            profiler = cProfile.Profile() if profil and putaran == ulang else None
            with connection.execute_wrapper(penghitung):
                if profiler:
                    profiler.enable()
                mulai, cpu = time.perf_counter(), time.process_time()
                baris = services.tpp_hitung(tahun=tahun, bulan=bulan, units=semua)
                detik, cpu = time.perf_counter() - mulai, time.process_time() - cpu
                if profiler:
                    profiler.disable()
            hasil.append(detik)
            print(
                f"[bench progres] tpp_hitung putaran {putaran}: {baris:,} baris dalam "
                f"{detik:.1f} s{' (di bawah cProfile)' if profiler else ''}, "
                f"{penghitung.n} kueri ({penghitung.detik:.1f} s di cursor.execute); "
                f"CPU proses Python {cpu:.1f} s"
            )
            print(
                f"[bench progres]   _muat_bulan {tahap['muat']:.1f} s, rumus dan baris "
                f"{detik - tahap['muat'] - tahap['tulis']:.1f} s, _tulis_bulan "
                f"{tahap['tulis']:.1f} s; _muat_bulan sendiri sebelumnya {muat:.1f} s"
            )
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        tanpa_profil = hasil[:-1] if profil and ulang > 1 else hasil
        median = statistics.median(tanpa_profil)
        print(
            f"[bench progres] tpp_hitung median {median:.1f} s: "
            + ("dalam" if median <= TARGET_TPP_DETIK else "MELEBIHI")
            + f" target {TARGET_TPP_DETIK} s"
        )
        tpp = TPPBulanan.objects.filter(tahun=tahun, bulan=bulan)
        assert tpp.count() == baris
        potong = tpp.aggregate(
            terlambat=Count("pk", filter=Q(progres_terlambat__gt=0)),
            kosong=Count("pk", filter=Q(progres_kosong__gt=0)),
        )
        print(
            f"[bench progres] slip dengan progres terlambat {potong['terlambat']:,}, "
            f"dengan hari kosong {potong['kosong']:,}"
        )


def bench_grid(data, instansi, tahun, bulan, *, ulang):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from inti.kalender import hari_kerja_antara
    from inti.tenancy import scopes_disabled, tenant_scope
    from organisasi.models import Pegawai
    from organisasi.selectors import bawahan_penilai

    try:
        url = reverse("progres_bawahan")
    except NoReverseMatch:
        print("\n[bench progres] halaman progres_bawahan belum ada: grid tidak diukur")
        return
    settings.ALLOWED_HOSTS = ["*"]
    bulan_kueri = f"rentang=bulan&tahun={tahun}&bulan={bulan}"
    client = Client()
    print(f"\n{'penilai':<11} {'halaman':<22} {'bawahan':>7} {'median ms':>10} {'maks ms':>8} "
          f"{'kueri':>6}")  # fmt: skip
    for peran in ("penilai_10", "penilai_30"):
        with scopes_disabled():
            penilai = Pegawai.objects.select_related("unit_kerja").get(
                nip=data["pengguna"][peran]["nip"]
            )
        with tenant_scope(instansi.pk):
            bawahan = list(bawahan_penilai(penilai).order_by("pk"))
            hk = penilai.unit_kerja.hari_kerja_efektif
        # One day's entries opened from the grid: the first bawahan, mid-month.
        hari = hari_kerja_antara(
            date(tahun, bulan, 1), date(tahun, bulan, 28), hari_kerja=hk, libur=set()
        )
        halaman = {
            "bulan": bulan_kueri,
            "bulan, menunggu": f"{bulan_kueri}&saring=menunggu",
            "bulan, belum diisi": f"{bulan_kueri}&saring=belum",
            "minggu ini": "",
            "bulan, lihat satu hari": (
                f"{bulan_kueri}&lihat={bawahan[0].pk}&tanggal={hari[len(hari) // 2]}"
            ),
        }
        client.force_login(penilai)
        for nama, kueri in halaman.items():
            alamat = f"{url}?{kueri}" if kueri else url
            response = client.get(alamat)  # warm: connections open, caches filled
            if response.status_code != 200:
                print(f"{peran:<11} {nama:<22} HTTP {response.status_code}")
                continue
            waktu = []
            for _ in range(ulang):
                with CaptureQueriesContext(connection) as tertangkap:
                    mulai = time.perf_counter()
                    response = client.get(alamat)
                    waktu.append((time.perf_counter() - mulai) * 1000)
                assert response.status_code == 200, (alamat, response.status_code)
            print(
                f"{peran:<11} {nama:<22} {len(bawahan):>7} {statistics.median(waktu):>10.1f} "
                f"{max(waktu):>8.1f} {len(tertangkap.captured_queries):>6}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/tmp/skala.json")
    parser.add_argument("--ulang", type=int, default=7, help="requests per grid page")
    parser.add_argument("--ulang-tpp", type=int, default=2, help="runs of tpp_hitung")
    parser.add_argument("--profil", action="store_true", help="cProfile the last TPP run")
    parser.add_argument("--tanpa-tpp", action="store_true")
    parser.add_argument("--tanpa-grid", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from inti.tenancy import scopes_disabled
    from organisasi.models import Instansi

    # The sample penilai have no authenticator: measure the page, not the 2FA redirect.
    settings.DUA_LANGKAH_BAWAAN = "opsional"
    data = json.loads(Path(args.data).read_text())
    if not data.get("progres"):
        sys.exit("The JSON has no month of progres harian (built in January?).")
    tahun, bulan = data["progres"]["tahun"], data["progres"]["bulan"]
    with scopes_disabled():
        instansi = Instansi.objects.get(kode=data["instansi"])
    print(f"[bench progres] {connection.vendor}, instansi {instansi.kode}: {data['pegawai']:,} "
          f"pegawai, {data['unit']:,} unit")  # fmt: skip
    if not args.tanpa_tpp:
        bench_tpp(instansi, tahun, bulan, ulang=args.ulang_tpp, profil=args.profil)
    if not args.tanpa_grid:
        bench_grid(data, instansi, tahun, bulan, ulang=args.ulang)


if __name__ == "__main__":
    main()
