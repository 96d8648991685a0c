"""Shared by the services of this package: checks and the status move."""

from django.urls import reverse
from django.utils import timezone

from inti.models import transisi
from organisasi.models import Notifikasi, Pegawai
from organisasi.selectors import atasan_pegawai
from organisasi.services import notifikasi_kirim, notifikasi_selesai
from penilaian import izin, rules
from penilaian.models import (
    PeriodePenilaian,
)

Status = PeriodePenilaian.Status

# Bukti dukung accepted, judged by the file's content (filetype), never by its name.
JENIS_BUKTI = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


def _pastikan_pemilik_mengisi(periode: PeriodePenilaian, by):
    izin.pastikan(izin.alasan_isi, by, periode)


def _pastikan_penilai(periode: PeriodePenilaian, by):
    izin.pastikan(izin.alasan_menilai, by, periode)


def _transisi(periode, *, ke, peran, by, catatan="", **perubahan):
    """Move the period to `ke` if `peran` may and nobody moved it first; the ratings and
    predikat it sets are written in the audit entry too, and whoever the move concerns is
    notified."""
    penilai_sebelum = periode.penilai_id
    periode = transisi(
        periode, mesin=rules.MESIN_PERIODE, ke=ke, peran=peran, by=by, catatan=catatan,
        catat_ke={k: str(v) for k, v in perubahan.items() if k.startswith(("rat", "pre"))},
        **perubahan,
    )  # fmt: skip
    _kabarkan(periode, ke=ke, peran=peran, by=by, catatan=catatan, penilai_id=penilai_sebelum)
    return periode


def _kabarkan(periode, *, ke, peran, by, catatan, penilai_id):
    """Tell the other side of a period's move: the penilai when the pegawai submits or
    withdraws, the pegawai when it is returned, rated or reviewed, the penilai when the
    Tim Penilai Kinerja decides on their Sangat Baik."""
    pegawai = periode.pegawai
    label = periode.label
    if peran != rules.PEGAWAI:
        # Rated, returned or reviewed: "mengajukan realisasi" and a returned Sangat Baik
        # no longer wait for whoever decided.
        notifikasi_selesai(penerima_id=by.pk, awalan_kunci=f"periode:{periode.pk}:")
    tautan = reverse("periode_detail", args=[periode.pk])
    kabar = []  # (penerima, judul, isi)
    if peran == rules.PEGAWAI:
        atasan = atasan_pegawai(pegawai)
        if atasan is not None and ke == Status.DIAJUKAN:
            kabar.append(
                (
                    atasan,
                    f"{pegawai.nama_lengkap} mengajukan realisasi {label}",
                    "Berikan umpan balik, lalu nilai hasil kerja dan perilaku kerjanya.",
                )
            )
        elif atasan is not None:
            kabar.append((atasan, f"{pegawai.nama_lengkap} menarik kembali realisasi {label}", ""))
    elif peran == rules.PENILAI and ke == Status.PENGISIAN:
        kabar.append((pegawai, f"Realisasi {label} dikembalikan pejabat penilai", catatan))
    elif peran == rules.PENILAI and ke == Status.DINILAI:
        kabar.append(
            (
                pegawai,
                f"Kinerja {label} Anda sudah dinilai",
                f"Predikat: {periode.get_predikat_display()}.",
            )
        )
    elif peran == rules.PENILAI and ke == Status.MENUNGGU_REVIEW:
        kabar.append(
            (
                pegawai,
                f"Penilaian {label} Anda menunggu review Tim Penilai Kinerja",
                "Predikat Sangat Baik ditinjau ulang Tim Penilai Kinerja sebelum ditetapkan.",
            )
        )
    elif peran == rules.TIM_PENILAI and ke == Status.DINILAI:
        predikat = periode.get_predikat_display()
        kabar.append((pegawai, f"Kinerja {label} Anda ditetapkan: {predikat}", ""))
        if penilai_id:
            kabar.append(
                (
                    penilai_id,
                    f"Tim Penilai Kinerja menyetujui predikat {pegawai.nama_lengkap}",
                    f"{label}: {predikat}.",
                )
            )
    elif peran == rules.TIM_PENILAI and ke == Status.DIAJUKAN and penilai_id:
        kabar.append(
            (
                penilai_id,
                f"Tim Penilai Kinerja mengembalikan penilaian {pegawai.nama_lengkap}",
                f"{label}. Nilai ulang. Catatan: {catatan}",
            )
        )
    jenis = Notifikasi.Jenis.REVIEW if peran == rules.TIM_PENILAI else Notifikasi.Jenis.PENILAIAN
    for penerima, judul, isi in kabar:
        notifikasi_kirim(
            penerima=penerima if isinstance(penerima, Pegawai) else [penerima],
            jenis=jenis,
            kunci=f"periode:{periode.pk}:{ke}:{by.pk}:{timezone.now().timestamp()}",
            judul=judul,
            isi=isi,
            tautan=tautan,
        )
