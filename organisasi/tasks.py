import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from inti.antrean import kirim
from inti.tenancy import tenant_scope
from organisasi.impor import impor_periksa, impor_terapkan
from organisasi.models import GangguanTugas, Impor, Pegawai
from organisasi.selectors import instansi_aktif
from organisasi.services import (
    notifikasi_pergantian_pimpinan,
    notifikasi_ringkasan_kirim,
    notifikasi_surel_kirim,
)

logger = logging.getLogger(__name__)
GALAT_TAK_TERDUGA = "Terjadi kesalahan tak terduga; tidak ada data yang diubah. Coba lagi."


def per_instansi(nama, kerja):
    """Run `kerja` in each active tenant's scope and transaction, one at a time: a tenant
    whose data breaks the job is logged, reported to its admin BKD (GangguanTugas) and
    skipped (its transaction rolled back), and the tenants after it still get their locks
    and reminders. A later run that succeeds there clears the report."""
    for instansi_id in instansi_aktif():
        try:
            with tenant_scope(instansi_id), transaction.atomic():
                yield kerja()
                GangguanTugas.objects.filter(tugas=nama).delete()
        except Exception as e:
            logger.exception(
                "%s gagal untuk instansi %s; instansi lain dilanjutkan", nama, instansi_id
            )
            with tenant_scope(instansi_id):
                GangguanTugas.objects.update_or_create(
                    instansi_id=instansi_id,
                    tugas=nama,
                    defaults={"pesan": f"{type(e).__name__}: {e}"[:500], "pada": timezone.now()},
                )


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def kabari_pergantian_pimpinan(instansi_id, unit_id, pimpinan_id):
    """Tell the pegawai who now rate under a new pimpinan. Idempotent."""
    with tenant_scope(instansi_id):
        return notifikasi_pergantian_pimpinan(unit_id=unit_id, pimpinan_id=pimpinan_id)


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def periksa_impor(instansi_id, impor_id):
    """The dry run of an uploaded file. Idempotent: a file already checked is left."""
    with tenant_scope(instansi_id):
        impor = Impor.objects.filter(pk=impor_id).select_related("lingkup_opd").first()
        if impor is None:
            return
        try:
            impor_periksa(impor=impor)
        except ConnectionError:
            raise  # transient: Celery retries
        except Exception:
            # A bug must not leave the page polling forever: the admin sees the refusal,
            # and the file (NIPs, birth dates) is not kept.
            logger.exception("periksa_impor %s gagal", impor_id)
            Impor.objects.filter(pk=impor_id, status=Impor.Status.MEMERIKSA).update(
                status=Impor.Status.DITOLAK, pesan=GALAT_TAK_TERDUGA, isi=b""
            )


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def terapkan_impor(instansi_id, impor_id, oleh_id):
    """Apply a confirmed import. Idempotent: only an import waiting to be applied is."""
    with tenant_scope(instansi_id):
        # The stored plan is only compared by its fingerprint: not loaded (~30 MiB parsed
        # for 20,000 rows).
        impor = (
            Impor.objects.filter(pk=impor_id).select_related("lingkup_opd").defer("rencana").first()
        )
        if impor is None:
            return
        try:
            impor_terapkan(impor=impor, by=Pegawai.objects.filter(pk=oleh_id).first())
        except ConnectionError:
            raise  # transient: Celery retries
        except Exception:
            # The transaction rolled back: nothing was written; the dry run stays to retry.
            logger.exception("terapkan_impor %s gagal", impor_id)
            Impor.objects.filter(pk=impor_id, status=Impor.Status.MENERAPKAN).update(
                status=Impor.Status.PRATINJAU, pesan=GALAT_TAK_TERDUGA
            )


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def buat_surat_aktivasi(instansi_id, surat_id):
    """One step of an activation-letter job; queues the next step while letters remain.
    Idempotent: a step sent twice waits for the first and does the next one or nothing."""
    from organisasi.aktivasi import surat_aktivasi_langkah
    from organisasi.models import SuratAktivasi

    with tenant_scope(instansi_id):
        try:
            masih = surat_aktivasi_langkah(surat_id=surat_id)
        except Exception as e:  # noqa: BLE001 - the page must say it failed, not spin forever
            logger.exception("buat_surat_aktivasi %s gagal", surat_id)
            SuratAktivasi.objects.filter(pk=surat_id).update(
                status=SuratAktivasi.Status.GAGAL, galat=str(e)[:500]
            )
            return None
    if masih:
        kirim(buat_surat_aktivasi, instansi_id, surat_id)
    return surat_id


@shared_task
def tutup_aktivasi_kedaluwarsa():
    """Hourly: activation codes that expired unused are closed and audited, per tenant."""
    from organisasi.aktivasi import aktivasi_tutup_kedaluwarsa

    return sum(per_instansi("tutup_aktivasi_kedaluwarsa", aktivasi_tutup_kedaluwarsa))


@shared_task(
    autoretry_for=(ConnectionError, OSError, SMTPException), retry_backoff=True, max_retries=8
)
def kirim_surel_notifikasi(instansi_id):
    """E-mail a tenant's notifications queued for "at once", in slices until none is left.
    Idempotent: each row is claimed and marked sent in one transaction."""
    with tenant_scope(instansi_id):
        total = 0
        while terkirim := notifikasi_surel_kirim():
            total += terkirim
        return total


@shared_task(
    autoretry_for=(ConnectionError, OSError, SMTPException), retry_backoff=True, max_retries=5
)
def kirim_ringkasan_harian():
    """Hourly: each tenant's morning digest, once its JAM_RINGKASAN has come."""
    sekarang = timezone.now()
    return sum(
        per_instansi(
            "kirim_ringkasan_harian",
            lambda: notifikasi_ringkasan_kirim(sekarang=sekarang),
        )
    )
