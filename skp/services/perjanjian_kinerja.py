"""The sasaran of the instansi's Perjanjian Kinerja, which the top RHK cascade from."""

from django.core.exceptions import ValidationError
from django.db import transaction

from inti.models import catat_jejak
from skp.models import (
    SasaranPerjanjianKinerja,
)


@transaction.atomic
def sasaran_pk_tambah(*, instansi, by, tahun, unit_kerja, sasaran, indikator=""):
    if unit_kerja.instansi_id != instansi.pk:
        raise ValidationError({"unit_kerja": "Unit kerja tidak ditemukan."})
    baru = SasaranPerjanjianKinerja.objects.create(
        instansi=instansi,
        tahun=tahun,
        unit_kerja=unit_kerja,
        sasaran=sasaran.strip(),
        indikator=indikator.strip(),
    )
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="sasaran_pk_tambah",
        objek=baru,
        ke={"tahun": tahun, "sasaran": baru.sasaran[:200]},
    )
    return baru


@transaction.atomic
def sasaran_pk_hapus(*, sasaran, by):
    if sasaran.rhk.exists():
        raise ValidationError("Sasaran ini sudah diintervensi RHK dan tidak dapat dihapus.")
    catat_jejak(
        instansi_id=sasaran.instansi_id,
        oleh=by,
        aksi="sasaran_pk_hapus",
        objek=sasaran,
        dari={"tahun": sasaran.tahun, "sasaran": sasaran.sasaran[:200]},
    )
    sasaran.delete()
