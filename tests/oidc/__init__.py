"""A real OpenID Connect provider for the SSO tests (penyedia.py), started as a process."""

import os
import select
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


@contextmanager
def penyedia_oidc(folder, kembali: str, nip: list[str]):
    """Start tests/oidc/penyedia.py on a free port with users `nip` and `kembali` as the
    client's redirect URI; yields its issuer URL, stops it after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    lingkungan = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    lingkungan["NIP"] = ",".join(nip)
    proses = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc.penyedia", str(port), str(folder), kembali],
        cwd=ROOT,
        env=lingkungan,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        siap, _, _ = select.select([proses.stdout], [], [], 60)
        assert siap and proses.stdout.readline().strip() == "SIAP", "penyedia OIDC tidak menyala"
        yield f"http://127.0.0.1:{port}/o"
    finally:
        proses.terminate()
        proses.wait(timeout=10)


def atur_sso(instansi, admin, issuer: str) -> None:
    """The instansi's SSO pointed at the test provider, through the service BKD's settings
    page calls, with the client the provider registers (penyedia.py)."""
    from django_scopes import scopes_disabled

    from organisasi import services

    with scopes_disabled():
        services.instansi_atur_sso(
            instansi=instansi,
            by=admin,
            issuer=issuer,
            client_id="ekinerja",
            client_secret="rahasia-klien",
            klaim_nip="nip",
            login_sandi=True,
        )
