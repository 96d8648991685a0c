"""Issue 16 (2, 3): with the broker down a print request still succeeds at once, its row
stays queued, and once the broker is back the sweeper sends it (exactly once); a worker
killed in the middle of a render (its pool child, as the OOM killer does, or the whole
worker) leaves one finished document once the message is delivered again. The broker is a
throwaway redis-server on a free port and the workers are processes of this test, never
the machine's own."""

import os
import shutil
import signal
import socket
import subprocess
import sys
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
from tests.conftest import butuh_layanan
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


# ---- a worker killed mid-task ---------------------------------------------------------


def _tunggu(syarat, detik, pesan):
    batas = time.monotonic() + detik
    while time.monotonic() < batas:
        if hasil := syarat():
            return hasil
        time.sleep(0.2)
    raise AssertionError(pesan)


@pytest.fixture
def pekerja(transactional_db, broker, settings, tmp_path):
    """`mulai(visibility=...)` starts the app's worker as a process of its own (the
    tests.pekerja_uji harness: it pauses 3 s in the first run of a task) on the test
    database and broker. The test database must be one a second process can open."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor != "postgresql":
        butuh_layanan("membutuhkan PostgreSQL (set DATABASE_URL): pekerja proses lain")
    klien = broker()
    penanda = tmp_path / "penanda"
    lingkungan = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": "",
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "REDIS_URL": "",
        "CACHE_URL": "",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TANDA_TANGAN_DIR": str(settings.TANDA_TANGAN_DIR),
        "PENANDA": str(penanda),
        "JEDA_TUGAS": "3",
    }
    proses = []

    def mulai(visibility=1800):
        p = subprocess.Popen(
            [sys.executable, "-m", "tests.pekerja_uji"],
            env={**lingkungan, "CELERY_VISIBILITY_TIMEOUT": str(visibility)},
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: killpg reaches its pool child
        )
        proses.append(p)
        return p

    def jalan():
        """(pid, task id) of each start of a task, in order."""
        if not penanda.exists():
            return []
        return [tuple(b.split()) for b in penanda.read_text().splitlines()]

    yield mulai, jalan, klien
    for p in proses:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait(timeout=10)


def _dokumen_siap(dokumen_id):
    with scopes_disabled():
        d = Dokumen.objects.get(pk=dokumen_id)
    return d if d.status == Dokumen.Status.SIAP else None


def _minta_evaluasi(periode, by):
    with scopes_disabled():
        (dokumen,) = dokumen_services.dokumen_minta(
            periode=periode, by=by, tanggal=TANGGAL, lokasi=LOKASI, jenis=[Dokumen.Jenis.EVALUASI]
        )
    return dokumen


def test_a_render_whose_pool_child_is_killed_is_delivered_again_and_done_once(
    pekerja,
    tw1_dinilai,  # noqa: F811
    orang,
):
    mulai, jalan, klien = pekerja
    dokumen = _minta_evaluasi(tw1_dinilai, orang.staf)  # sent on commit, to our broker
    assert klien.llen("celery") == 1
    mulai()
    ((anak, tugas),) = _tunggu(jalan, 60, "pekerja tidak pernah memulai tugas")
    os.kill(int(anak), signal.SIGKILL)  # the pool child, mid-render, as the OOM killer does

    # The worker rejects the lost task back to the queue (task_reject_on_worker_lost), a
    # new child renders it: the same task twice, one document, ready.
    selesai = _tunggu(lambda: _dokumen_siap(dokumen.pk), 90, "dokumen tetap antre")
    assert [t for _, t in jalan()] == [tugas, tugas]
    assert jalan()[1][0] != anak
    assert selesai.sha256 and selesai.berkas
    assert klien.llen("celery") == 0


def test_a_render_whose_whole_worker_is_killed_is_done_once_by_the_next_worker(
    pekerja,
    tw1_dinilai,  # noqa: F811
    orang,
):
    mulai, jalan, klien = pekerja
    dokumen = _minta_evaluasi(tw1_dinilai, orang.staf)
    pertama = mulai()
    _tunggu(jalan, 60, "pekerja tidak pernah memulai tugas")
    os.killpg(pertama.pid, signal.SIGKILL)  # worker and child: nobody acks or rejects
    pertama.wait(timeout=10)
    assert _dokumen_siap(dokumen.pk) is None

    # The message stays unacked in Redis until the visibility timeout (short here, but
    # longer than a render: a message is delivered again once it is older than that), then
    # a running worker restores it. Meanwhile the sweeper sends the row again: two
    # messages for one job, one render (the task skips a document already rendered).
    mulai(visibility=12)
    assert sapu_antrean(sekarang=timezone.now() + timedelta(minutes=11)) == 1
    selesai = _tunggu(lambda: _dokumen_siap(dokumen.pk), 90, "dokumen tetap antre")
    tertahan = jalan()[0][1]
    _tunggu(lambda: [t for _, t in jalan()].count(tertahan) >= 2, 60, "pesan tertahan tak kembali")
    _tunggu(lambda: klien.llen("celery") == 0 and not klien.hlen("unacked"), 30, "pesan tersisa")
    # Starts: the killed one, the restored one, the swept one; whichever of the last two
    # ran second found the document rendered and left it.
    assert len({t for _, t in jalan()}) == 2
    time.sleep(0.5)
    assert _dokumen_siap(dokumen.pk).selesai_pada == selesai.selesai_pada


# ---- a new pimpinan's notification ----------------------------------------------------


def test_a_pimpinan_change_made_while_the_broker_is_down_still_notifies_the_bawahan(
    broker, dunia, django_capture_on_commit_callbacks
):
    from organisasi import services as organisasi_services
    from organisasi.models import Notifikasi, UnitKerja
    from organisasi.tasks import kabari_pergantian_pimpinan

    d = dunia
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        organisasi_services.pimpinan_tetapkan(
            unit=d.bidang, pegawai=d.staf, status="plt", by=d.admin_bkd
        )
    with scopes_disabled():
        # Saved, and the notification's job is kept on the unit, not lost with the message.
        assert UnitKerja.objects.get(pk=d.bidang.pk).kabar_pimpinan_antre is not None
    klien = broker()
    nanti = timezone.now() + timedelta(minutes=11)
    assert sapu_antrean(sekarang=nanti) == 1
    assert klien.llen("celery") == 1
    # The worker's run (here in-process) writes the notification and ends the job.
    assert kabari_pergantian_pimpinan(d.buleleng.pk, d.bidang.pk, d.staf.pk) > 0
    with scopes_disabled():
        assert UnitKerja.objects.get(pk=d.bidang.pk).kabar_pimpinan_antre is None
        assert Notifikasi.objects.filter(kunci=f"pimpinan:{d.bidang.pk}:{d.staf.pk}").exists()
    assert sapu_antrean(sekarang=nanti) == 0  # nothing left to send


# ---- an import confirmed while the broker is down -------------------------------------


def test_an_import_confirmed_while_the_broker_is_down_is_applied_once_it_is_back(
    broker, dalam_buleleng, django_capture_on_commit_callbacks
):
    from organisasi import impor as impor_svc
    from organisasi.models import Impor, Pegawai
    from organisasi.tasks import terapkan_impor
    from tests.organisasi.bantuan_impor import KOLOM_PEGAWAI, baris_pegawai, unggah, xlsx

    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))
    with django_capture_on_commit_callbacks(execute=True):
        impor = impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    assert impor.status == Impor.Status.MENERAPKAN  # confirmed; its message was not sent

    klien = broker()
    assert sapu_antrean() == 0  # not yet: an apply may still be running
    assert sapu_antrean(sekarang=timezone.now() + timedelta(minutes=11)) == 1
    assert klien.llen("celery") == 1
    # The worker's run (in-process here), twice as a swept and a late message would be:
    # applied once, as the admin who confirmed.
    terapkan_impor(d.buleleng.pk, impor.pk, d.admin_bkd.pk)
    terapkan_impor(d.buleleng.pk, impor.pk, d.admin_bkd.pk)
    impor.refresh_from_db()
    assert impor.status == Impor.Status.SELESAI
    assert Pegawai.objects.filter(nip="198503152010011001").count() == 1
    assert sapu_antrean(sekarang=timezone.now() + timedelta(minutes=11)) == 0


def test_activation_letters_left_queued_are_sent_again(broker, dunia):
    from organisasi.models import SuratAktivasi

    with scopes_disabled():
        SuratAktivasi.objects.create(
            instansi=dunia.buleleng, lingkup="unit", unit=dunia.bidang, oleh=dunia.admin_opd
        )
    klien = broker()
    assert sapu_antrean() == 0
    assert sapu_antrean(sekarang=timezone.now() + timedelta(minutes=11)) == 1
    assert klien.llen("celery") == 1
