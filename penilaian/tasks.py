"""Periodic jobs, thin: each tenant in its own scope, "now" taken once per run.

Both are idempotent and run from celery beat (ekinerja/settings.py CELERY_BEAT_SCHEDULE):
the lock every minute, reminders every hour.
"""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from ekinerja.tenancy import scopes_disabled, tenant_scope
from organisasi.models import Instansi
from penilaian import services

logger = logging.getLogger(__name__)


def _instansi_aktif():
    with scopes_disabled():
        return list(Instansi.objects.filter(aktif=True).values_list("pk", flat=True))


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def kunci_jadwal():
    sekarang = timezone.now()
    total = 0
    for instansi_id in _instansi_aktif():
        with tenant_scope(instansi_id), transaction.atomic():
            total += services.jadwal_kunci(sekarang=sekarang)
    if total:
        logger.info("kunci_jadwal: %s periode dikunci", total)
    return total


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def kirim_pengingat():
    sekarang = timezone.now()
    total = 0
    for instansi_id in _instansi_aktif():
        with tenant_scope(instansi_id), transaction.atomic():
            total += services.pengingat_kirim(sekarang=sekarang)
            total += services.pengingat_pembinaan(sekarang=sekarang)
    return total


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def render_dokumen(instansi_id, dokumen_id):
    from penilaian.models import Dokumen

    with tenant_scope(instansi_id):
        dokumen = Dokumen.objects.filter(pk=dokumen_id).first()
        if dokumen is None:
            return None
        try:
            services.dokumen_render(dokumen=dokumen)
        except Exception as e:  # noqa: BLE001 - the page must say it failed, not spin forever
            logger.exception("render_dokumen %s gagal", dokumen_id)
            Dokumen.objects.filter(pk=dokumen_id).update(
                status=Dokumen.Status.GAGAL, galat=str(e)[:500]
            )
            return None
        return dokumen.sha256


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def buat_cetak_massal(instansi_id, cetak_id):
    from penilaian.models import CetakMassal

    with tenant_scope(instansi_id):
        cetak = CetakMassal.objects.filter(pk=cetak_id).first()
        if cetak is None or cetak.status == CetakMassal.Status.SIAP:
            return None  # already built: running twice builds nothing twice
        try:
            services.cetak_massal_buat(cetak=cetak)
        except Exception as e:  # noqa: BLE001
            logger.exception("buat_cetak_massal %s gagal", cetak_id)
            CetakMassal.objects.filter(pk=cetak_id).update(
                status=CetakMassal.Status.GAGAL, galat=str(e)[:500]
            )
            return None
        return cetak.pk
