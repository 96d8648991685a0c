"""Periodic jobs, thin: each tenant in its own scope, "now" taken once per run.

Both are idempotent and run from celery beat (ekinerja/settings.py CELERY_BEAT_SCHEDULE):
the lock every minute, reminders every hour.
"""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from inti.tenancy import tenant_scope
from jadwal import services
from organisasi.selectors import instansi_aktif

logger = logging.getLogger(__name__)


def _per_instansi(nama, kerja):
    """Run `kerja` in each active tenant's scope and transaction, one at a time: a tenant
    whose data breaks the job is logged and skipped (its transaction rolled back), and the
    tenants after it still get their locks and reminders."""
    for instansi_id in instansi_aktif():
        try:
            with tenant_scope(instansi_id), transaction.atomic():
                yield kerja()
        except Exception:
            logger.exception(
                "%s gagal untuk instansi %s; instansi lain dilanjutkan", nama, instansi_id
            )


# Named as before the move to this app, so messages queued by the old code still run.
@shared_task(
    name="penilaian.tasks.kunci_jadwal",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def kunci_jadwal():
    sekarang = timezone.now()
    total = sum(_per_instansi("kunci_jadwal", lambda: services.jadwal_kunci(sekarang=sekarang)))
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
    return sum(
        _per_instansi("kirim_pengingat", lambda: services.pengingat_kirim(sekarang=sekarang))
    )
