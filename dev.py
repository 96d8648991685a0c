#!/usr/bin/env python3
"""The two commands of the README, with nothing but Python 3.11+ on the machine.

python3 dev.py start   # virtualenv, install, migrate, demo data, run the server
python3 dev.py test    # virtualenv, install test dependencies, run pytest
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("EKINERJA_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def install(extra=""):
    """Create the virtualenv and install the project, only when its dependencies changed:
    reinstalling would restart a `dev.py start` server that is running meanwhile."""
    if sys.version_info < (3, 11):  # noqa: UP036 - a newcomer may run an older python3
        sys.exit("e-Kinerja membutuhkan Python 3.11 atau lebih baru.")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    cap = VENV / f".terpasang{extra.replace('[', '-').replace(']', '')}"
    sidik = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode()).hexdigest()
    if cap.exists() and cap.read_text() == sidik:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f".{extra}")
    cap.write_text(sidik)


def start():
    install()
    # The demo's superadmin looks around without an authenticator app (deployed, the
    # superadmin must set up two-factor).
    os.environ.setdefault("SUPERADMIN_WAJIB_2FA", "False")
    run(PYTHON, "manage.py", "migrate", "--noinput")
    run(PYTHON, "manage.py", "demo", "--password", DEMO_PASSWORD)
    port = os.environ.get("PORT", "8000")
    print(
        f"\ne-Kinerja berjalan di http://127.0.0.1:{port}/  (kata sandi demo: {DEMO_PASSWORD})\n",
        flush=True,
    )
    run(PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}")


def test(pytest_args):
    install("[test]")
    # In parallel on every core (pytest-xdist, one database per worker) unless told otherwise.
    paralel = (
        [] if any(a.startswith(("-n", "--numprocesses")) for a in pytest_args) else ["-n", "auto"]
    )
    result = subprocess.run([str(PYTHON), "-m", "pytest", *paralel, *pytest_args], cwd=ROOT)
    sys.exit(result.returncode)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "start":
        start()
    elif command == "test":
        test(sys.argv[2:])
    else:
        sys.exit(__doc__)
