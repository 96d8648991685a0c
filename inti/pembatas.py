"""Fixed-window counters in Django's cache (Redis in production), for the limits that
django-axes does not cover: login failures across NIPs or addresses, uploads to the public
verification page."""

from axes.helpers import get_client_ip_address
from django.core.cache import cache


def alamat_klien(request) -> str:
    """The client's address as axes resolves it: REMOTE_ADDR, or the address the
    PROXY_TERPERCAYA reverse proxies in front were given."""
    return (get_client_ip_address(request) if request is not None else "") or ""


def jumlah(kunci: str) -> int:
    return cache.get(kunci) or 0


def tambah(kunci: str, jendela: int) -> int:
    """Count one more for `kunci` and return the count. The window starts at the first
    count and is not extended by later ones."""
    cache.add(kunci, 0, jendela)
    try:
        return cache.incr(kunci)
    except ValueError:  # expired between add and incr
        cache.set(kunci, 1, jendela)
        return 1


def batasan_alamat_nip(request, nip: str, *, awalan: str, per_alamat: int, per_nip: int):
    """The two limits of a form that takes a NIP and a secret (login, activation): tries
    from one address across NIPs (credential stuffing) and of one NIP across addresses,
    as (key, limit, whose words) for `melampaui` and `gagal`."""
    return [
        (f"{awalan}-alamat:{alamat_klien(request)}", per_alamat, "dari alamat ini"),
        (f"{awalan}-nip:{(nip or '')[:32]}", per_nip, "untuk NIP ini"),
    ]


def melampaui(batasan) -> str | None:
    """Whose limit is reached ("dari alamat ini"), or None."""
    for kunci, batas, siapa in batasan:
        if jumlah(kunci) >= batas:
            return siapa
    return None


def gagal(batasan, jendela: int) -> None:
    for kunci, _, _ in batasan:
        tambah(kunci, jendela)
