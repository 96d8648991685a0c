"""The home instansi's read-only view of its PNS diperbantukan/dipekerjakan elsewhere."""

from django.shortcuts import render

from inti.parameter import tahun_dari
from organisasi.access import wajib_bkd
from penilaian import selectors


@wajib_bkd
def penugasan_keluar(request):
    """BKD of the home instansi: where its seconded PNS work and how they were rated there.
    Nothing here links into the other instansi or can change it."""
    tahun = tahun_dari(request)
    return render(
        request,
        "penilaian/penugasan_keluar.html",
        {"tahun": tahun, "daftar": selectors.hasil_penugasan(request.user.instansi_id, tahun)},
    )
