"""Periodic jobs, thin: each tenant in its own scope, "now" taken once per run.

Both are idempotent and run from celery beat (ekinerja/settings.py CELERY_BEAT_SCHEDULE):
the lock every minute, reminders every hour.
"""

import logging

from celery import shared_task
from django.utils import timezone

from jadwal import services
from organisasi.tasks import per_instansi

logger = logging.getLogger(__name__)


# Named as before the move to this app, so messages queued by the old code still run.
@shared_task(
    name="penilaian.tasks.kunci_jadwal",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def kunci_jadwal():
    sekarang = timezone.now()
    total = sum(per_instansi("kunci_jadwal", lambda: services.jadwal_kunci(sekarang=sekarang)))
    if total:
        logger.info("kunci_jadwal: %s periode dikunci", total)
    return total


# Named as before the move to this app, so messages queued by the old code still run.
@shared_task(
    name="penilaian.tasks.kirim_pengingat",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def kirim_pengingat():
    sekarang = timezone.now()
    return sum(per_instansi("kirim_pengingat", lambda: services.pengingat_kirim(sekarang=sekarang)))
