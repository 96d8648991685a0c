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
