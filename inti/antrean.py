"""Queueing a job without losing it, or the request, when the broker is down.

The job's row (Dokumen, CetakMassal, Impor) is the source of truth; the message only wakes
a worker. So a job is sent after the commit, once, without Celery's publish retries (which
held the request ~19 s and then answered 500 after the row was already saved), and if the
broker cannot be reached the request still succeeds: the row stays "antre" and the beat
job `ekinerja.tasks.sapu_antrean` sends it again once the broker is back.
"""

import logging
import time

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


# After a failed send, this process does not try the broker again for JEDA seconds: a
# request that queues three documents waits for one connect timeout (2 s), not three.
JEDA = 30.0
_putus_sampai = 0.0


def kirim(tugas, *args, paksa=False) -> bool:
    """Send `tugas` now; False (logged) when the broker cannot be reached. `paksa` (the
    sweeper) tries even within JEDA of a failure."""
    global _putus_sampai
    if not paksa and time.monotonic() < _putus_sampai:
        logger.warning("%s%s tidak dikirim: broker baru saja tak terjangkau", tugas.name, args)
        return False
    try:
        tugas.apply_async(args=args, retry=False)
    except (OperationalError, ConnectionError, OSError) as e:
        _putus_sampai = time.monotonic() + JEDA
        logger.warning("%s%s tidak terkirim, menunggu penyapu antrean: %s", tugas.name, args, e)
        return False
    _putus_sampai = 0.0
    return True


def antrekan(tugas, *args) -> None:
    """Send `tugas` once the current transaction commits (its row is then visible)."""
    transaction.on_commit(lambda: kirim(tugas, *args))
