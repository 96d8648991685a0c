"""The sweeper: jobs whose message never reached a worker, or was lost with it, are sent
again (documents, cetak massal, imports, activation letters, a new pimpinan's notice,
notification e-mails).
The rows are the jobs (inti.antrean); the tasks are idempotent, so a job sent twice still
produces one result."""

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from dokumen.models import CetakMassal, Dokumen
from dokumen.tasks import buat_cetak_massal, render_dokumen
from inti.antrean import kirim
from inti.tenancy import scopes_disabled
from organisasi.models import Impor, Notifikasi, SuratAktivasi, UnitKerja
from organisasi.tasks import (
    buat_surat_aktivasi,
    kabari_pergantian_pimpinan,
    kirim_surel_notifikasi,
    periksa_impor,
    terapkan_impor,
)

logger = logging.getLogger(__name__)

# Longer than a render or a dry run takes, so a job still running is not sent twice.
TERTAHAN = timedelta(minutes=10)


@shared_task
def sapu_antrean(sekarang=None) -> int:
    """Send again every job left queued for longer than TERTAHAN. An import being applied
    for longer is sent again too: a second apply waits for the first's lock and then finds
    it applied."""
    batas = (sekarang or timezone.now()) - TERTAHAN
    with scopes_disabled():
        tertahan = [
            (render_dokumen, d.instansi_id, d.pk)
            for d in Dokumen.objects.filter(status=Dokumen.Status.ANTRE, diminta_pada__lt=batas)
        ]
        tertahan += [
            (buat_cetak_massal, c.instansi_id, c.pk)
            for c in CetakMassal.objects.filter(status=CetakMassal.Status.ANTRE, dibuat__lt=batas)
        ]
        tertahan += [
            (periksa_impor, i.instansi_id, i.pk)
            for i in Impor.objects.filter(status=Impor.Status.MEMERIKSA, dibuat__lt=batas).only(
                "pk", "instansi_id"
            )
        ]
        tertahan += [
            (terapkan_impor, *impor)
            for impor in Impor.objects.filter(
                status=Impor.Status.MENERAPKAN, dikonfirmasi_pada__lt=batas
            ).values_list("instansi_id", "pk", "dikonfirmasi_oleh_id")
        ]
        tertahan += [
            (buat_surat_aktivasi, s.instansi_id, s.pk)
            for s in SuratAktivasi.objects.filter(
                status=SuratAktivasi.Status.ANTRE, dibuat__lt=batas
            ).only("pk", "instansi_id")
        ]
        tertahan += [
            (kabari_pergantian_pimpinan, *unit)
            for unit in UnitKerja.objects.filter(kabar_pimpinan_antre__lt=batas).values_list(
                "instansi_id", "pk", "pimpinan_id"
            )
        ]
        # Notification e-mails: one job per tenant that has some waiting.
        tertahan += [
            (kirim_surel_notifikasi, instansi_id)
            for instansi_id in Notifikasi.objects.filter(
                surel=Notifikasi.Surel.ANTRE, dibuat__lt=batas
            )
            .values_list("instansi_id", flat=True)
            .distinct()
        ]
    terkirim = sum(kirim(tugas, *args, paksa=True) for tugas, *args in tertahan)
    if tertahan:
        logger.info("sapu_antrean: %s dari %s pekerjaan dikirim ulang", terkirim, len(tertahan))
    return terkirim
