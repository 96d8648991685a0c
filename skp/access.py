"""Who may see or act on an SKP. Everything else is a 404, like a missing one."""

from django.http import Http404

from organisasi.izin import ADMIN, PEMILIK, PENILAI, peran_atas
from skp.models import SKP

__all__ = ["ADMIN", "PEMILIK", "PENILAI", "get_skp_and_role"]


def get_skp_and_role(request, pk, *, queryset=None) -> tuple[SKP, str]:
    """The SKP with the viewer's role: its owner, the owner's current pejabat penilai, or
    an admin whose OPD (or instansi, for BKD) holds the owner."""
    queryset = queryset if queryset is not None else SKP.objects.select_related("pegawai")
    skp = queryset.filter(pk=pk).first()
    if skp is None:
        raise Http404
    peran = peran_atas(request.user, skp.pegawai)
    if not peran:
        raise Http404
    return skp, peran


def get_skp_for_pemilik(request, pk) -> SKP:
    skp = SKP.objects.select_related("pegawai").filter(pk=pk, pegawai=request.user).first()
    if skp is None:
        raise Http404
    return skp


def get_skp_for_penilai(request, pk) -> SKP:
    skp, peran = get_skp_and_role(request, pk)
    if peran != PENILAI:
        raise Http404
    return skp
