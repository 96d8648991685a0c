"""Periodic jobs, thin: each tenant in its own scope, "now" taken once per run.

Idempotent, run from celery beat (ekinerja/settings.py CELERY_BEAT_SCHEDULE): the
pembinaan reminders every hour. The jadwal's lock and reminders are in jadwal/tasks.py.
"""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from inti.tenancy import tenant_scope
from organisasi.selectors import instansi_aktif
from penilaian import services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def kirim_pengingat_pembinaan():
    sekarang = timezone.now()
    total = 0
    for instansi_id in instansi_aktif():
        with tenant_scope(instansi_id), transaction.atomic():
            total += services.pengingat_pembinaan(sekarang=sekarang)
    return total
