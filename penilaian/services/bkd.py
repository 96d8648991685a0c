"""Writes of the Tim Penilai Kinerja (BKD): the Sangat Baik review and capaian organisasi."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.models import catat_jejak
from penilaian import izin, rules
from penilaian.models import (
    CapaianOrganisasi,
    PeriodePenilaian,
)
from penilaian.services._umum import Status, _transisi


@transaction.atomic
def review_setujui(*, periode, by) -> PeriodePenilaian:
    izin.pastikan(izin.alasan_review, by, periode)
    return _transisi(
        periode,
        ke=Status.DINILAI,
        peran=rules.TIM_PENILAI,
        by=by,
        direview_oleh=by,
        direview_pada=timezone.now(),
    )


@transaction.atomic
def review_kembalikan(*, periode, by, catatan) -> PeriodePenilaian:
    """Back to the penilai, who rates again; the catatan says why."""
    izin.pastikan(izin.alasan_review, by, periode)
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Tulis alasan pengembalian untuk pejabat penilai."})
    return _transisi(
        periode,
        ke=Status.DIAJUKAN,
        peran=rules.TIM_PENILAI,
        by=by,
        catatan=catatan.strip(),
        catatan_review=catatan.strip(),
        direview_oleh=by,
        direview_pada=timezone.now(),
        rating_hasil_kerja="",
        rating_perilaku_kerja="",
        predikat="",
    )


@transaction.atomic
def capaian_tetapkan(*, opd, tahun, kode, capaian, by) -> CapaianOrganisasi:
    if not by.adalah_admin_bkd:
        raise ValidationError("Hanya BKD yang menetapkan capaian kinerja organisasi.")
    if opd.instansi_id != by.instansi_id or not opd.adalah_opd:
        raise ValidationError({"opd": "Pilih OPD dari daftar."})
    if capaian not in rules.CAPAIAN_ORGANISASI:
        raise ValidationError({"capaian": "Pilih capaian kinerja organisasi."})
    lama = CapaianOrganisasi.objects.filter(opd=opd, tahun=tahun, kode=kode).first()
    objek, _ = CapaianOrganisasi.objects.update_or_create(
        opd=opd,
        tahun=tahun,
        kode=kode,
        defaults={"capaian": capaian, "ditetapkan_oleh": by, "instansi_id": opd.instansi_id},
    )
    catat_jejak(
        instansi_id=opd.instansi_id,
        oleh=by,
        aksi="capaian_organisasi",
        objek=opd,
        dari={"capaian": lama.capaian} if lama else None,
        ke={"capaian": capaian, "periode": rules.label_periode(kode, tahun)},
    )
    return objek
