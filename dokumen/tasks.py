"""Rendering jobs, thin: load by id in the tenant's scope, call the service; a failure is
written on the row so the page says so instead of polling forever."""

import logging

from celery import shared_task

from dokumen import services
from dokumen.models import CetakMassal, Dokumen
from inti.tenancy import tenant_scope

logger = logging.getLogger(__name__)


# Named as before the move to this app, so messages queued by the old code still run.
@shared_task(
    name="penilaian.tasks.render_dokumen",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def render_dokumen(instansi_id, dokumen_id):
    with tenant_scope(instansi_id):
        dokumen = Dokumen.objects.filter(pk=dokumen_id).first()
        if dokumen is None or dokumen.status != Dokumen.Status.ANTRE:
            # Already rendered (a message delivered again after a lost worker, or sent
            # again by the sweeper): one result, not a second render. A new print request
            # or a data change puts the row back to ANTRE before it queues a render.
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


# Named as before the move to this app, so messages queued by the old code still run.
@shared_task(
    name="penilaian.tasks.buat_cetak_massal",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def buat_cetak_massal(instansi_id, cetak_id):
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
