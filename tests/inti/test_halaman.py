"""PaginatorHemat: a long list's total is counted once per HITUNG_UMUR for the same
query; the rows of the page are always read fresh."""

from django_scopes import scope

from inti.halaman import PaginatorHemat
from organisasi.models import Pegawai
from tests.factories import PegawaiFactory


def test_the_total_is_reused_for_the_same_query_and_the_rows_are_fresh(
    dunia, settings, django_assert_num_queries
):
    settings.HITUNG_UMUR = 60
    with scope(instansi=dunia.buleleng.pk):
        semua = Pegawai.objects.order_by("nama")
        total = PaginatorHemat(semua, 2).count
        PegawaiFactory(instansi=dunia.buleleng, nama="Aaaa Pertama")
        with django_assert_num_queries(1):  # the page's rows only
            halaman = PaginatorHemat(semua, 2).get_page(1)
            baris = list(halaman.object_list)
        assert halaman.paginator.count == total
        assert baris[0].nama == "Aaaa Pertama"
        # Another query (a search, another admin's scope) has its own total.
        assert PaginatorHemat(semua.filter(nama__startswith="Aaaa"), 2).count == 1
    settings.HITUNG_UMUR = 0
    with scope(instansi=dunia.buleleng.pk):
        assert PaginatorHemat(Pegawai.objects.order_by("nama"), 2).count == total + 1
