"""Pagination for lists that can hold a whole instansi (Kelola Pegawai of BKD: 60,000)."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class PaginatorHemat(Paginator):
    """A Paginator whose total ("Halaman 1 dari 1.200") is counted at most once per
    HITUNG_UMUR seconds for the same query: COUNT(*) over 60,000 pegawai costs ~25 ms on
    every page turn, the rows of one page under 1 ms. The rows shown are always read
    fresh; only the total may be that many seconds old. The key is the query's SQL with
    its parameters, so it differs per instansi, admin scope and search."""

    @cached_property
    def count(self):
        umur = getattr(settings, "HITUNG_UMUR", 60)
        query = getattr(self.object_list, "query", None)
        if not umur or query is None:
            return super().count
        kunci = "hitung:" + hashlib.sha256(str(query).encode()).hexdigest()
        jumlah = cache.get(kunci)
        if jumlah is None:
            jumlah = super().count
            cache.set(kunci, jumlah, umur)
        return jumlah
