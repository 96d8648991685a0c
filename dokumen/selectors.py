"""Reads of the documents that are more than a query."""

from django.db.models import Exists, OuterRef

from dokumen.models import Dokumen
from penilaian.models import PeriodePenilaian
from penilaian.selectors import periode_jadwal


def penerima_pengingat_cetak(jadwal) -> dict[int, str]:
    """pegawai id → reminder, for every rated period of the window's code with no signed
    scan or electronically signed form uploaded yet."""
    selesai = Dokumen.objects.filter(periode=OuterRef("pk")).exclude(
        pindaian="", ttd_penilai_pada__isnull=True
    )
    belum = (
        periode_jadwal(jadwal)
        .filter(status=PeriodePenilaian.Status.DINILAI)
        .exclude(Exists(selesai))
        .values_list("pegawai_id", flat=True)
    )
    return dict.fromkeys(
        belum,
        "Dokumen penilaian Anda belum dicetak, ditandatangani dan diunggah.",
    )
