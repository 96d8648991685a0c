"""Issue 16 (9): on the zero-setup default (a SQLite file), two Klaim Pimpinan at the same
moment give one winner and, for the other, the message beside the form, not
"database is locked" (a 500 in 6 of 6 tries before the settings' SQLite options).

The claim runs in a process of its own (tests/organisasi/klaim_sqlite.py) on a fresh
SQLite file: the test database cannot show it (PostgreSQL in CI, shared memory locally)."""

import os
import subprocess
import sys

from django.conf import settings


def test_two_simultaneous_claims_on_sqlite_give_one_winner_and_one_message(tmp_path):
    lingkungan = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'ekinerja.sqlite3'}",
        "CELERY_BROKER_URL": "",  # eager, as the default
        "REDIS_URL": "",
        "CACHE_URL": "",
    }
    for _ in range(2):  # without the options, each round failed
        (tmp_path / "ekinerja.sqlite3").unlink(missing_ok=True)
        keluar = subprocess.run(
            [sys.executable, "tests/organisasi/klaim_sqlite.py"],
            env=lingkungan,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert keluar.returncode == 0, keluar.stderr[-2000:]
        ditolak, menang = keluar.stdout.splitlines()
        assert menang == "menang"
        assert ditolak.startswith("ditolak: Seksi Rebutan sudah memiliki pimpinan")
