"""Shared by the SKP services: the period check and the owner's edit check."""

from django.core.exceptions import ValidationError

from skp import izin, rules
from skp.models import (
    SKP,
)


def _periksa_periode(*, pegawai, mulai, selesai, tahun, kecuali=None):
    lain = SKP.objects.filter(pegawai=pegawai)
    if kecuali is not None:
        lain = lain.exclude(pk=kecuali.pk)
    galat = rules.periksa_periode(
        rules.Periode(mulai, selesai),
        tahun=tahun,
        mulai_kerja=pegawai.tanggal_mulai_kerja,
        periode_lain=[s.periode for s in lain],
    )
    if galat:
        raise ValidationError(galat)


def _pastikan_pemilik_dapat_mengubah(skp: SKP, by):
    izin.pastikan(izin.alasan_ubah, by, skp)
