"""Copying RHK from another SKP, and a mutasi ending one SKP and starting the next."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from inti.format import format_tanggal
from inti.models import catat_jejak
from organisasi.services import pegawai_ubah_profil
from skp import rules
from skp.models import (
    RHK,
    SKP,
    Indikator,
)
from skp.services._umum import _pastikan_pemilik_dapat_mengubah
from skp.services.penyusunan import skp_buat
from skp.services.persetujuan import FIELD_INDIKATOR


def _rhk_dengan_indikator(skp, *, jenis, uraian, urutan, indikator, tempat="RHK") -> RHK:
    """One RHK with its indikator (dicts of FIELD_INDIKATOR), checked against the model's
    rules; a perspektif is kept only on a JPT SKP. For the writes that bring a whole RHK
    at once (copy, import); `tempat` names it in an error."""
    rhk = RHK.objects.create(
        instansi_id=skp.instansi_id, skp=skp, jenis=jenis, uraian=uraian, urutan=urutan
    )
    daftar = []
    for nomor, i in enumerate(indikator, start=1):
        objek = Indikator(
            instansi_id=skp.instansi_id,
            rhk=rhk,
            # An import brings no target_deskripsi: the field's default stands in.
            **{f: i.get(f, Indikator._meta.get_field(f).get_default()) for f in FIELD_INDIKATOR},
        )
        objek.uraian, objek.satuan = objek.uraian.strip(), objek.satuan.strip()
        objek.target_deskripsi = objek.target_deskripsi.strip()
        objek.perspektif = objek.perspektif if skp.adalah_jpt else ""
        try:
            objek.full_clean(exclude=["instansi", "rhk"])
            if skp.adalah_kualitatif and not objek.target_deskripsi:
                # A numeric target brought into a kualitatif SKP becomes its description
                # ("12 Laporan"), for the pegawai to refine; no number is kept.
                objek.target_deskripsi = objek.target
                objek.target_min = objek.target_maks = None
                objek.satuan = ""
            galat = rules.galat_target(
                kualitatif=skp.adalah_kualitatif,
                target_min=objek.target_min,
                target_maks=objek.target_maks,
                satuan=objek.satuan,
                target_deskripsi=objek.target_deskripsi,
            )
            if galat:
                raise ValidationError(galat)
        except ValidationError as e:
            raise ValidationError(f"{tempat}, indikator {nomor}: {' '.join(e.messages)}") from None
        daftar.append(objek)
    Indikator.objects.bulk_create(daftar)
    return rhk


@transaction.atomic
def skp_salin_rhk(*, tujuan, sumber, by) -> int:
    """Copy RHK and indikator from last year's SKP or a colleague's in the same jabatan.

    Intervensi is not copied: it points at this year's atasan RHK, chosen again.
    """
    tujuan = SKP.objects.select_for_update().get(pk=tujuan.pk)
    _pastikan_pemilik_dapat_mengubah(tujuan, by)
    sendiri = sumber.pegawai_id == by.pk and sumber.pk != tujuan.pk
    rekan = sumber.pegawai_id != by.pk and sumber.jabatan.strip().lower() == (
        tujuan.jabatan.strip().lower()
    )
    if not (sendiri or rekan):
        raise ValidationError("Salin hanya dari SKP Anda sendiri atau rekan dengan jabatan sama.")
    jumlah = 0
    for r in sumber.rhk.prefetch_related("indikator"):
        _rhk_dengan_indikator(
            tujuan, jenis=r.jenis, uraian=r.uraian, urutan=r.urutan,
            indikator=[{f: getattr(i, f) for f in FIELD_INDIKATOR} for i in r.indikator.all()],
        )  # fmt: skip
        jumlah += 1
    catat_jejak(
        instansi_id=tujuan.instansi_id,
        oleh=by,
        aksi="skp_salin_rhk",
        objek=tujuan,
        ke={"sumber_skp": sumber.pk, "jumlah_rhk": jumlah},
    )
    return jumlah


@transaction.atomic
def skp_mutasi(*, skp, tmt, unit_kerja, jabatan, jenis_jabatan, by, jenjang="") -> SKP:
    """Mutasi in one step: the old SKP ends the day before the TMT of the SK, the profile
    moves to the new post (releasing pimpinan), and a new SKP starts at the TMT.

    The old SKP keeps its status, content and evaluations; only its end date changes, and
    it records the kelas jabatan held until the TMT (TPP pays that part of the month at
    it). The new post's kelas is set by the admin: the pegawai paid by it never sets it.
    """
    skp = SKP.objects.select_for_update().get(pk=skp.pk)
    if by.pk != skp.pegawai_id:
        raise ValidationError("Hanya pemilik SKP yang dapat mencatat mutasi.")
    if not (skp.mulai < tmt <= skp.selesai):
        raise ValidationError(
            {
                "tmt": f"TMT mutasi harus setelah {format_tanggal(skp.mulai)} dan paling "
                f"lambat {format_tanggal(skp.selesai)}."
            }
        )
    selesai_lama = skp.selesai
    skp.selesai = tmt - timedelta(days=1)
    skp.kelas_jabatan = skp.pegawai.kelas_jabatan
    skp.save(update_fields=["selesai", "kelas_jabatan"])
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="skp_mutasi_akhiri",
        objek=skp,
        dari={"selesai": str(selesai_lama)},
        ke={"selesai": str(skp.selesai)},
    )
    pegawai = pegawai_ubah_profil(
        pegawai=skp.pegawai,
        by=by,
        unit_kerja=unit_kerja,
        jabatan=jabatan,
        jenis_jabatan=jenis_jabatan,
        jenjang=jenjang if jenis_jabatan == "fungsional" else "",
    )
    return skp_buat(
        pegawai=pegawai,
        tahun=skp.tahun,
        mulai=tmt,
        selesai=selesai_lama,
        pendekatan=skp.pendekatan,
        by=by,
    )
