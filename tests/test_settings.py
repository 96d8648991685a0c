import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env):
    lingkungan = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    lingkungan.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import ekinerja.settings as s; print(s.DATABASES['default']"
            "['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.SESSION_COOKIE_SECURE if hasattr(s, "
            "'SESSION_COOKIE_SECURE') else None)",
        ],
        cwd=ROOT,
        env=lingkungan,
        capture_output=True,
        text=True,
    )


def test_production_refuses_the_default_secret_key():
    hasil = _import_settings(DEBUG="False")
    assert hasil.returncode != 0
    assert "SECRET_KEY" in hasil.stderr


def test_production_with_own_key_has_secure_sessions():
    hasil = _import_settings(DEBUG="False", SECRET_KEY="kunci-produksi-yang-panjang-dan-acak")
    assert hasil.returncode == 0, hasil.stderr
    assert hasil.stdout.split()[-1] == "True"


def test_nothing_set_means_sqlite_and_eager_celery():
    lingkungan = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL")
    }
    hasil = subprocess.run(
        [
            sys.executable,
            "-c",
            "import ekinerja.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        ],
        cwd=ROOT,
        env=lingkungan,
        capture_output=True,
        text=True,
    )
    assert hasil.stdout.split() == ["django.db.backends.sqlite3", "True"], hasil.stderr
