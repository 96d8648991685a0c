"""Periodic jobs, thin: each tenant in its own scope, "now" taken once per run.

Idempotent, run from celery beat (ekinerja/settings.py CELERY_BEAT_SCHEDULE): the
pembinaan reminders every hour. The jadwal's lock and reminders are in jadwal/tasks.py.
"""

import logging

from celery import shared_task
from django.utils import timezone

from organisasi.tasks import per_instansi
from penilaian import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def kirim_pengingat_pembinaan():
    sekarang = timezone.now()
    return sum(
        per_instansi(
            "kirim_pengingat_pembinaan", lambda: services.pengingat_pembinaan(sekarang=sekarang)
        )
    )
