"""Query-string parameters of the pages that show one periode penilaian of a year."""

from inti.parameter import tahun_dari
from penilaian import rules


def kode_periode(request, tahun) -> str:
    """?periode= when valid, else the period running today (or the last one of a past year)."""
    instansi = request.user.instansi
    per_bulan = instansi.periode_bulanan
    semua = [p.kode for p in rules.pilihan_periode_tahun(tahun, bulanan=per_bulan)]
    kode = request.GET.get("periode", "")
    if kode in semua:
        return kode
    hari_ini = instansi.hari_ini()
    bulan = hari_ini.month if hari_ini.year == tahun else 12
    return f"b{bulan:02d}" if per_bulan else f"tw{(bulan - 1) // 3 + 1}"


def konteks_periode(request) -> dict:
    """The year and period a period page shows, with the picker's choices."""
    tahun = tahun_dari(request)
    kode = kode_periode(request, tahun)
    return {
        "tahun": tahun,
        "kode": kode,
        "label_periode": rules.label_periode(kode, tahun),
        "pilihan_periode": rules.pilihan_periode_tahun(
            tahun, bulanan=request.user.instansi.periode_bulanan
        ),
    }
