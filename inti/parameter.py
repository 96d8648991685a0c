"""Query-string parameters shared by list pages, validated once."""

TAHUN_TERKECIL, TAHUN_TERBESAR = 2000, 2100


def tahun_dari(request) -> int:
    """The year asked for in ?tahun=, or this year (in the instansi's zone) when it is
    missing or absurd."""
    tahun = request.GET.get("tahun", "")
    if tahun.isdigit() and TAHUN_TERKECIL <= int(tahun) <= TAHUN_TERBESAR:
        return int(tahun)
    return request.user.instansi.hari_ini().year
