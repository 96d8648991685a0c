"""The notification task through a real Celery worker and the running Redis.

The worker runs in a thread of this process with its own database connection, so the
data must be committed (transactional tests). It consumes a queue of its own, so a
developer's worker on the same Redis never takes these messages, nor this one theirs.
"""

import threading
import time
import uuid

import pytest
import redis
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.db import connections
from django_scopes import scope, scopes_disabled

from ekinerja.celery import app
from organisasi import services
from organisasi.models import Notifikasi
from organisasi.tasks import kabari_pergantian_pimpinan
from tests.conftest import butuh_layanan
from tests.factories import InstansiFactory, PegawaiFactory, buat_unit, jadikan_pimpinan

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REDIS_BAWAAN = "redis://127.0.0.1:6379/0"


def _redis_url():
    url = django_settings.CELERY_BROKER_URL or REDIS_BAWAAN
    if not url.startswith(("redis://", "rediss://")):
        butuh_layanan(f"broker Celery bukan Redis: {url}")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except (redis.RedisError, OSError):
        butuh_layanan(f"Redis tidak menjawab PING di {url}")
    return url


def _lupakan_koneksi():
    # Celery builds the broker pool, the queues/router and the result backend once, from
    # the settings of first use; the test points the app elsewhere, then back.
    app._pool = None
    app.__dict__.pop("amqp", None)
    app._backend_cache = None
    app._local = threading.local()


def _tutup_koneksi_db(**kwargs):
    # Runs in the worker thread: its connection would otherwise outlive the test and keep
    # PostgreSQL from dropping the test database.
    connections.close_all()


@pytest.fixture
def pekerja(transactional_db, settings):
    url = _redis_url()
    antrean = f"uji-ekinerja-{uuid.uuid4().hex[:12]}"
    settings.CELERY_BROKER_URL = url
    settings.CELERY_RESULT_BACKEND = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_TASK_DEFAULT_QUEUE = antrean
    settings.CELERY_WORKER_HIJACK_ROOT_LOGGER = False
    settings.CELERY_RESULT_EXPIRES = 300  # results of this test are read at once
    _lupakan_koneksi()
    assert not app.conf.task_always_eager and app.conf.task_default_queue == antrean
    signals.task_postrun.connect(_tutup_koneksi_db, weak=False)
    try:
        with start_worker(
            app, perform_ping_check=False, pool="solo", queues=[antrean], shutdown_timeout=20
        ):
            yield antrean
    finally:
        signals.task_postrun.disconnect(_tutup_koneksi_db)
        with redis.Redis.from_url(url) as klien:
            sisa = list(klien.scan_iter(match=f"*{antrean}*"))  # the queue and its bindings
            if sisa:
                klien.delete(*sisa)
        _lupakan_koneksi()


@pytest.fixture
def unit_dipimpin(transactional_db):
    """Committed data: a seksi led by a kasi with two staff."""
    with scopes_disabled():
        instansi = InstansiFactory()
        root = buat_unit(instansi, nama="Pemerintah Kabupaten Uji", eselon="00")
        opd = buat_unit(instansi, root, nama="Dinas Uji", eselon="22", adalah_opd=True)
        seksi = buat_unit(instansi, opd, nama="Seksi Uji", eselon="42")
        kasi = PegawaiFactory(instansi=instansi, unit_kerja=seksi, nama="Kasi Uji")
        staf = {
            PegawaiFactory(instansi=instansi, unit_kerja=seksi, nama=f"Staf {i}") for i in (1, 2)
        }
    return instansi, seksi, kasi, staf


def _penerima(instansi):
    with scope(instansi=instansi.pk):
        return set(Notifikasi.objects.values_list("penerima", flat=True))


def test_worker_notifies_each_bawahan_once(pekerja, unit_dipimpin):
    instansi, seksi, kasi, staf = unit_dipimpin
    jadikan_pimpinan(kasi, seksi)

    pertama = kabari_pergantian_pimpinan.delay(instansi.pk, seksi.pk, kasi.pk)
    assert pertama.get(timeout=20) == 2
    assert _penerima(instansi) == {p.pk for p in staf}

    kedua = kabari_pergantian_pimpinan.delay(instansi.pk, seksi.pk, kasi.pk)
    assert kedua.get(timeout=20) == 0
    with scope(instansi=instansi.pk):
        assert Notifikasi.objects.count() == 2


def test_klaim_queues_the_notification_for_the_worker_after_commit(pekerja, unit_dipimpin):
    instansi, seksi, kasi, staf = unit_dipimpin

    with scope(instansi=instansi.pk):
        services.pimpinan_klaim(pegawai=kasi, status="definitif", by=kasi)

    batas = time.monotonic() + 20
    while _penerima(instansi) != {p.pk for p in staf} and time.monotonic() < batas:
        time.sleep(0.1)
    assert _penerima(instansi) == {p.pk for p in staf}
