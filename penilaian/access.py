"""Who may see or act on a periode penilaian. Everything else is a 404, like a missing one."""

from django.http import Http404

from organisasi.izin import ADMIN, PEMILIK, PENILAI, peran_atas
from penilaian.models import BuktiDukung, PeriodePenilaian

__all__ = ["ADMIN", "PEMILIK", "PENILAI", "get_bukti", "get_periode_and_role", "get_periode_for"]


def get_periode_and_role(request, pk) -> tuple[PeriodePenilaian, str]:
    """The period with the viewer's role: its pegawai, the pegawai's current pejabat
    penilai, or an admin whose OPD (or instansi, for BKD/Tim Penilai) holds the pegawai."""
    periode = (
        PeriodePenilaian.objects.select_related(
            "pegawai__unit_kerja__pimpinan",
            "skp__unit_kerja",
            "skp__penilai",
            "penilai",
            "direview_oleh",
            "instansi",  # its rencana aksi rule (Instansi.rencana_aksi_semua_rhk)
        )
        .filter(pk=pk)
        .first()
    )
    if periode is None:
        raise Http404
    peran = peran_atas(request.user, periode.pegawai)
    if not peran:
        raise Http404
    return periode, peran


def get_periode_for(request, pk, *peran) -> PeriodePenilaian:
    periode, role = get_periode_and_role(request, pk)
    if role not in peran:
        raise Http404
    return periode


def get_bukti(request, pk) -> BuktiDukung:
    bukti = BuktiDukung.objects.filter(pk=pk).first()
    if bukti is None:
        raise Http404
    get_periode_and_role(request, bukti.periode_id)
    return bukti
