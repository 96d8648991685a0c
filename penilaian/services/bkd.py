"""Writes of the Tim Penilai Kinerja (BKD): the Sangat Baik review and capaian organisasi."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.models import Jejak, catat_jejak, jejak_baru
from organisasi.models import Notifikasi
from organisasi.services import notifikasi_kirim
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
        alasan_review="",
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
        alasan_review="",
    )


# One pull takes at most this many periods (a sample of an OPD, or one predikat of it):
# each is audited and both sides are notified in the same transaction.
TARIK_MAKS = 1000


@transaction.atomic
def review_tarik(
    *, by, tahun, kode, catatan, opd=None, predikat="", persen_sampel=100
) -> list[PeriodePenilaian]:
    """The Tim Penilai Kinerja pulls rated periods back into review (DOMAIN: Review by
    TPK): those of one period, narrowed to an OPD and/or a predikat, all or a random
    sample of `persen_sampel` %. Each waits in the review queue with `catatan` as the
    reason, is approved or returned like a Sangat Baik, and is audited; the pegawai and
    their penilai are told. Returns the periods pulled."""
    if not by.adalah_admin_bkd:
        raise ValidationError("Hanya Tim Penilai Kinerja (BKD) yang dapat menarik ke review.")
    galat = {}
    if not (catatan or "").strip():
        galat["catatan"] = "Tulis alasan review, mis. 'Sampel acak 10% Triwulan III'."
    if predikat and predikat not in rules.PREDIKAT:
        galat["predikat"] = "Pilih predikat dari daftar."
    if not 1 <= persen_sampel <= 100:
        galat["persen_sampel"] = "Sampel antara 1 dan 100 persen."
    if opd is not None and (opd.instansi_id != by.instansi_id or not opd.adalah_opd):
        galat["opd"] = "Pilih OPD dari daftar."
    if galat:
        raise ValidationError(galat)
    calon = PeriodePenilaian.objects.filter(tahun=tahun, kode=kode, status=Status.DINILAI).exclude(
        pegawai=by
    )  # one's own predikat is reviewed by another member
    if opd is not None:
        calon = calon.filter(skp__unit_kerja__opd=opd)
    if predikat:
        calon = calon.filter(predikat=predikat)
    jumlah = calon.count()
    ambil = min(max(1, round(jumlah * persen_sampel / 100)) if jumlah else 0, TARIK_MAKS)
    if ambil == 0:
        raise ValidationError("Tidak ada periode yang sudah dinilai dengan pilihan itu.")
    dipilih = list(
        calon.order_by("?" if persen_sampel < 100 else "pk").values_list("pk", flat=True)[:ambil]
    )
    sekarang = timezone.now()
    PeriodePenilaian.objects.filter(pk__in=dipilih, status=Status.DINILAI).update(
        status=Status.MENUNGGU_REVIEW, alasan_review=catatan.strip()[:300], catatan_review=""
    )
    ditarik = list(PeriodePenilaian.objects.filter(pk__in=dipilih, status=Status.MENUNGGU_REVIEW))
    Jejak.objects.bulk_create(
        [
            jejak_baru(
                instansi_id=periode.instansi_id,
                oleh=by,
                aksi="periode_tarik_review",
                objek=periode,
                dari={"status": Status.DINILAI, "predikat": periode.predikat},
                ke={"status": Status.MENUNGGU_REVIEW},
                catatan=catatan.strip(),
            )
            for periode in ditarik
        ]
    )
    label = rules.label_periode(kode, tahun)
    kunci = f"review-tarik:{by.pk}:{sekarang.timestamp()}"
    notifikasi_kirim(
        penerima=[p.pegawai_id for p in ditarik],
        jenis=Notifikasi.Jenis.REVIEW,
        kunci=kunci,
        judul=f"Predikat {label} Anda ditinjau ulang Tim Penilai Kinerja",
        isi="Sampai review selesai, statusnya 'menunggu review'.",
        tautan="/penilaian/",
    )
    notifikasi_kirim(
        penerima=sorted({p.penilai_id for p in ditarik if p.penilai_id}),
        jenis=Notifikasi.Jenis.REVIEW,
        kunci=kunci,
        judul=f"Penilaian {label} yang Anda berikan ditinjau ulang Tim Penilai Kinerja",
        isi=f"Alasan: {catatan.strip()}",
        tautan="/penilaian/bawahan/",
    )
    return ditarik


@transaction.atomic
def capaian_tetapkan(*, opd, tahun, capaian, by) -> CapaianOrganisasi:
    """Set the capaian kinerja organisasi of an OPD for a year: one value, used by the
    curve of every period of that year. The audit trail keeps each change (its history)."""
    if not by.adalah_admin_bkd:
        raise ValidationError("Hanya BKD yang menetapkan capaian kinerja organisasi.")
    if opd.instansi_id != by.instansi_id or not opd.adalah_opd:
        raise ValidationError({"opd": "Pilih OPD dari daftar."})
    if capaian not in rules.CAPAIAN_ORGANISASI:
        raise ValidationError({"capaian": "Pilih capaian kinerja organisasi."})
    # Locked, so two BKD staff saving at once record the right "from" value each.
    lama = CapaianOrganisasi.objects.select_for_update().filter(opd=opd, tahun=tahun).first()
    if lama is not None and lama.capaian == capaian:
        return lama  # nothing changed: no history entry
    objek, _ = CapaianOrganisasi.objects.update_or_create(
        opd=opd,
        tahun=tahun,
        defaults={"capaian": capaian, "ditetapkan_oleh": by, "instansi_id": opd.instansi_id},
    )
    catat_jejak(
        instansi_id=opd.instansi_id,
        oleh=by,
        aksi="capaian_organisasi",
        objek=opd,
        dari={"capaian": lama.capaian} if lama else None,
        ke={"capaian": capaian, "tahun": tahun},
    )
    return objek
