"""A real Celery worker process for the fault tests (tests/penilaian/test_antrean_gangguan.py).

It is the app's own worker (prefork pool, one child) with one addition: before each task
the child writes `<pid> <task id>` to the file PENANDA and, the first time it sees a task,
sleeps JEDA_TUGAS seconds, so the test can kill it while the task is running; and it
restores unacked messages every second instead of every 100 s. Started as
`python -m tests.pekerja_uji` with DATABASE_URL, CELERY_BROKER_URL and MEDIA_ROOT of the
test in its environment."""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
django.setup()

from celery import signals  # noqa: E402 - after django.setup()

from ekinerja.celery import app  # noqa: E402


@signals.task_prerun.connect
def _tandai(task_id=None, **kwargs):
    penanda = os.environ["PENANDA"]
    pertama = not os.path.exists(penanda) or task_id not in open(penanda).read()
    with open(penanda, "a") as f:
        f.write(f"{os.getpid()} {task_id}\n")
    if pertama:
        time.sleep(float(os.environ.get("JEDA_TUGAS", "0")))


if __name__ == "__main__":
    # Redis' unacked messages are restored by a running worker every 10 × 10 s (kombu's
    # interval × throttle); every second here, so the test does not wait 100 s for it.
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ]
    )
