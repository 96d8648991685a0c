"""Run by tests/organisasi/test_klaim_sqlite.py in a process of its own, on the app's
zero-setup default: a SQLite file (DATABASE_URL) with the settings' SQLite options. Two
threads claim one unit at the same moment; prints what each got, one line each."""

import os
import threading

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from organisasi import services  # noqa: E402
from tests.factories import InstansiFactory, PegawaiFactory, buat_unit  # noqa: E402

call_command("migrate", verbosity=0)
with scopes_disabled():
    instansi = InstansiFactory()
    root = buat_unit(instansi, nama="Pemerintah Kabupaten Uji", eselon="00")
    unit = buat_unit(instansi, root, nama="Seksi Rebutan", eselon="42")
    pengklaim = [PegawaiFactory(instansi=instansi, unit_kerja=unit) for _ in range(2)]
connection.close()

serentak = threading.Barrier(len(pengklaim))
hasil = []


def klaim(pegawai):
    try:
        with scope(instansi=instansi.pk):
            serentak.wait()
            services.pimpinan_klaim(pegawai=pegawai, status="definitif", by=pegawai)
        hasil.append("menang")
    except ValidationError as e:
        hasil.append("ditolak: " + " ".join(e.messages))
    except Exception as e:  # noqa: BLE001 - what the test must not see (was: database is locked)
        hasil.append(f"galat: {type(e).__name__}: {e}")
    finally:
        connection.close()


benang = [threading.Thread(target=klaim, args=(p,)) for p in pengklaim]
for b in benang:
    b.start()
for b in benang:
    b.join()
print("\n".join(sorted(hasil)))
