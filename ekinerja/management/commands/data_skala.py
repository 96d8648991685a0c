"""Build one large instansi for load tests, or grow it:

    python manage.py data_skala --pegawai 60000 [--instansi KODE] [--json PATH]
                                [--password PW] [--paksa]

About 1,018 units at 60,000 pegawai (fewer for a smaller --pegawai), every pegawai with an
approved SKP, the quarters before this one rated, this one being filled, last month's
aktivitas, realisasi bulanan and TPP, the jadwal of the year. Set-based (COPY on
PostgreSQL); the builder is ekinerja.skala.

A second run with the same kode adds the missing pegawai to the existing units, or says
how many there already are; --json writes the sample users for tests/bench/bench_halaman.py.

Not for a production database: it adds tens of thousands of invented pegawai. Hence the
guard, as in the demo command.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from ekinerja.skala import bangun_skala, ringkasan
from ekinerja.skala.bangun import angka
from ekinerja.skala.rancangan import PEGAWAI_PALING_SEDIKIT
from inti.tenancy import scopes_disabled
from organisasi.models import Instansi, Pegawai


class Command(BaseCommand):
    help = (
        "Bangun (atau tumbuhkan) satu instansi besar untuk uji beban: unit kerja, pegawai, "
        "SKP, penilaian, aktivitas dan TPP, set-based."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pegawai", type=int, default=60_000, help="Jumlah pegawai.")
        parser.add_argument("--instansi", default="skala", help="Kode instansi (bawaan: skala).")
        parser.add_argument(
            "--json", dest="berkas_json", help="Tulis pengguna contoh ke berkas JSON ini."
        )
        parser.add_argument("--password", default="demo12345", help="Kata sandi semua pegawai.")
        parser.add_argument(
            "--paksa",
            action="store_true",
            help="Jalankan juga bila DEBUG=False dan basis data sudah berisi data.",
        )

    def handle(self, *args, pegawai, instansi, berkas_json, password, paksa, **options):
        if pegawai < PEGAWAI_PALING_SEDIKIT:
            raise CommandError(f"--pegawai paling sedikit {PEGAWAI_PALING_SEDIKIT}.")
        if slugify(instansi) != instansi:
            raise CommandError("--instansi harus berupa kode (huruf kecil, angka, tanda -).")
        if not password.strip():
            raise CommandError("Kata sandi tidak boleh kosong.")
        if not settings.DEBUG and not paksa and _berisi_data():
            raise CommandError(
                "DEBUG=False dan basis data sudah berisi data: ini tampaknya server produksi. "
                "data_skala menambah puluhan ribu pegawai rekaan. Tambahkan --paksa bila "
                "basis data ini memang untuk uji beban."
            )
        try:
            hasil = bangun_skala(
                kode=instansi, jumlah_pegawai=pegawai, password=password, lapor=self.stdout.write
            )
        except ValueError as e:
            raise CommandError(str(e)) from None
        data = ringkasan(hasil, password)
        self.stdout.write(
            f"Instansi {data['instansi']}: {angka(data['pegawai'])} pegawai, "
            f"{angka(data['unit'])} unit kerja, tahun {data['tahun']}."
        )
        if berkas_json:
            Path(berkas_json).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(f"Pengguna contoh ditulis ke {berkas_json}.")


def _berisi_data() -> bool:
    with scopes_disabled():
        return Instansi.objects.exists() or Pegawai.objects.exists()
