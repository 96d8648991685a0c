"""Issue 16 (2): with the broker down a print request still succeeds at once, its row
stays queued, and once the broker is back the sweeper sends it (exactly once). The broker
is a throwaway redis-server on a free port, never the machine's own."""

import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.utils import timezone
from django_scopes import scopes_disabled

from dokumen import services as dokumen_services
from dokumen.models import Dokumen
from ekinerja.celery import app
from ekinerja.tasks import sapu_antrean
from inti import antrean
from tests.organisasi.test_celery import _lupakan_koneksi
from tests.penilaian.test_dokumen import LOKASI, TANGGAL, tw1_dinilai  # noqa: F401, F811 (fixture)

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="butuh redis-server")


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def broker(settings, monkeypatch):
    """Celery pointed at a port of our own; `nyalakan()` starts redis-server there."""
    port = _port_bebas()
    # Celery prefers the CELERY_BROKER_URL of the environment (CI sets it) to its settings.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _lupakan_koneksi()
    assert not app.conf.task_always_eager
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    proses = []

    def nyalakan():
        proses.append(
            subprocess.Popen(
                ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )
        )
        klien = redis.Redis(port=port)
        for _ in range(50):
            try:
                klien.ping()
                return klien
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis-server uji tidak mau menyala")

    yield nyalakan
    for p in proses:
        p.terminate()
        p.wait(timeout=10)
    _lupakan_koneksi()
    antrean._putus_sampai = 0.0  # the next tests in this process send (run) their tasks


def test_a_print_request_survives_the_broker_being_down(
    broker,
    tw1_dinilai,  # noqa: F811 (the fixture imported above)
    orang,
    django_capture_on_commit_callbacks,
):
    mulai = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        diminta = dokumen_services.dokumen_minta(
            periode=tw1_dinilai, by=orang.staf, tanggal=TANGGAL, lokasi=LOKASI
        )
    # No 500 and no 19 s wait (one 2 s connect timeout for the three documents): the rows
    # are saved, queued, waiting for the sweeper.
    assert time.monotonic() - mulai < 4
    with scopes_disabled():
        assert {d.status for d in Dokumen.objects.filter(pk__in=[d.pk for d in diminta])} == {
            Dokumen.Status.ANTRE
        }
    # The broker is back: the sweeper sends each queued document once, not a fresh one.
    klien = broker()
    assert sapu_antrean() == 0
    assert sapu_antrean(sekarang=timezone.now() + timedelta(minutes=11)) == len(diminta)
    assert klien.llen("celery") == len(diminta)
