"""Access helpers every view starts with. Missing and forbidden answer the same 404,
so an id from another instansi or OPD leaks nothing."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from organisasi.models import Pegawai, UnitKerja
from organisasi.selectors import pegawai_dikelola, unit_dikelola


def _wajib(syarat):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not syarat(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# A pegawai of an instansi (every role but the superadmin).
wajib_pegawai = _wajib(lambda u: u.instansi_id is not None)
wajib_admin = _wajib(lambda u: u.instansi_id is not None and u.adalah_admin)
wajib_bkd = _wajib(lambda u: u.instansi_id is not None and u.adalah_admin_bkd)
wajib_superadmin = _wajib(lambda u: u.adalah_superadmin)


def get_unit_for_admin(request, pk) -> UnitKerja:
    return get_object_or_404(unit_dikelola(request.user).select_related("pimpinan"), pk=pk)


def get_pegawai_for_admin(request, pk) -> Pegawai:
    return get_object_or_404(
        pegawai_dikelola(request.user).select_related("unit_kerja", "admin_opd"), pk=pk
    )


def id_atau_404(nilai) -> int:
    """An id from a query string or form field; anything but digits is a 404, not a 500."""
    # 18 digits at most: anything longer cannot be a bigint id and overflows the database.
    if not str(nilai).isdigit() or len(str(nilai)) > 18:
        raise Http404
    return int(nilai)


def get_unit(request, pk) -> UnitKerja:
    """Any unit of the user's own instansi (the tenant scope hides the others)."""
    return get_object_or_404(UnitKerja.objects.select_related("pimpinan"), pk=id_atau_404(pk))


def unit_terlihat(user, unit) -> bool:
    """Whether a user may look into a unit's subtree (MPH): BKD anywhere in the instansi,
    an admin OPD inside its OPD, a pegawai in the unit they lead or work in and below."""
    if user.adalah_admin_bkd:
        return True
    if user.adalah_admin_opd and unit.opd_id == user.admin_opd_id:
        return True
    sendiri = getattr(user, "unit_dipimpin", None) or user.unit_kerja
    return sendiri is not None and unit.path.startswith(sendiri.path)
