from celery import shared_task

from ekinerja.tenancy import tenant_scope
from organisasi.services import notifikasi_pergantian_pimpinan


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def kabari_pergantian_pimpinan(instansi_id, unit_id, pimpinan_id):
    """Tell the pegawai who now rate under a new pimpinan. Idempotent."""
    with tenant_scope(instansi_id):
        return notifikasi_pergantian_pimpinan(unit_id=unit_id, pimpinan_id=pimpinan_id)
