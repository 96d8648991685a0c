"""The beranda's to-do and the notification fan-out on a large instansi, measured in
process (no gunicorn or wrk needed): per role, the beranda's median time and query count;
then one jadwal reminder to every pegawai of the instansi through notifikasi_kirim.

Not part of the test run. On the database built by `manage.py data_skala --json
/tmp/skala.json` (see tests/bench/bench_halaman.py, step 1):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_skala \\
        .venv/bin/python tests/bench/bench_beranda.py --data /tmp/skala.json

The reminder run writes notifications into that database (it is a bench database).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/tmp/skala.json")
    parser.add_argument("--ulang", type=int, default=5)
    parser.add_argument("--tanpa-pengingat", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scope, scopes_disabled

    from organisasi.models import Instansi, Notifikasi, Pegawai
    from organisasi.services import notifikasi_kirim

    settings.ALLOWED_HOSTS = ["*"]
    # The sample admins have no authenticator: measure the pages, not the 2FA redirect.
    settings.DUA_LANGKAH_BAWAAN = "opsional"
    data = json.loads(Path(args.data).read_text())
    with scopes_disabled():
        instansi = Instansi.objects.get(kode=data["instansi"])
    client = Client()
    print(f"{'peran':<12} {'median ms':>10} {'maks ms':>8} {'kueri':>6}")
    for peran in ("pegawai", "penilai_30", "admin_opd", "admin_bkd"):
        with scopes_disabled():
            pegawai = Pegawai.objects.get(nip=data["pengguna"][peran]["nip"])
        client.force_login(pegawai)
        client.get("/")  # warm: the jadwal and rollups cached, connections open
        waktu = []
        for _ in range(args.ulang):
            with CaptureQueriesContext(connection) as kueri:
                mulai = time.perf_counter()
                response = client.get("/")
                waktu.append((time.perf_counter() - mulai) * 1000)
            assert response.status_code == 200, (response.status_code, response.get("Location"))
        print(
            f"{peran:<12} {statistics.median(waktu):>10.1f} {max(waktu):>8.1f} "
            f"{len(kueri.captured_queries):>6}"
        )
    if args.tanpa_pengingat:
        return
    with scope(instansi=instansi.pk):
        semua = Pegawai.objects.filter(is_active=True)
        jumlah = semua.count()
        mulai = time.perf_counter()
        dibuat = notifikasi_kirim(
            penerima=semua,
            jenis=Notifikasi.Jenis.JADWAL,
            kunci=f"bench:{time.time()}",
            judul="Batas waktu realisasi Triwulan IV",
            isi="Realisasi Triwulan IV Anda belum diajukan.",
            tautan="/penilaian/",
        )
        detik = time.perf_counter() - mulai
    print(f"pengingat ke {jumlah} pegawai: {dibuat} notifikasi dalam {detik:.1f} s")


if __name__ == "__main__":
    main()
