"""Shared by the services of this package: checks and the status move."""

from inti.models import transisi
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
    predikat it sets are written in the audit entry too."""
    return transisi(
        periode, mesin=rules.MESIN_PERIODE, ke=ke, peran=peran, by=by, catatan=catatan,
        catat_ke={k: str(v) for k, v in perubahan.items() if k.startswith(("rat", "pre"))},
        **perubahan,
    )  # fmt: skip
