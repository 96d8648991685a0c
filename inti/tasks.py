"""The beat job that keeps the overviews people are watching counted (inti.rekap)."""

import logging

from celery import shared_task

from inti import rekap
from inti.tenancy import scopes_disabled, tenant_scope

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def rekap_segarkan():
    with scopes_disabled():
        dipantau = list(rekap.rekap_dipantau())
    for instansi_id, jenis, tahun, kode in dipantau:
        with tenant_scope(instansi_id):
            rekap.rekap_hitung(instansi_id=instansi_id, jenis=jenis, tahun=tahun, kode=kode)
    if dipantau:
        logger.info("rekap_segarkan: %s rekap dihitung ulang", len(dipantau))
    return len(dipantau)
