"""Thin Celery wrappers of the TPP services."""

from datetime import date

from celery import shared_task

from inti.tenancy import tenant_scope
from tpp import services


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def hitung_ulang_tpp_pegawai(instansi_id, pegawai_id, mulai, selesai):
    """Recompute the computed months an exemption or ketidakhadiran touched. Idempotent:
    a second run writes the same amounts."""
    with tenant_scope(instansi_id):
        return services.tpp_hitung_ulang_pegawai(
            pegawai_id=pegawai_id,
            mulai=date.fromisoformat(mulai),
            selesai=date.fromisoformat(selesai) if selesai else None,
        )
