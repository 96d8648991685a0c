"""Issue 18: the menu shows "SKP Bawahan" and "Penilaian Bawahan" only to a pimpinan (who
has bawahan to approve and rate), at no extra query: the unit one leads comes with the
user (inti.auth), and the page counts pinned in tests/test_jumlah_kueri.py stay."""

from django.urls import reverse

from tests.bantuan import masuk, teks


def test_bawahan_pages_are_in_the_menu_of_a_pimpinan_only(client, dunia):
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("beranda")))
    assert "SKP Bawahan" not in halaman and "Penilaian Bawahan" not in halaman
    masuk(client, dunia.kabid)  # pimpinan of Bidang PKAP
    halaman = teks(client.get(reverse("beranda")))
    assert "SKP Bawahan" in halaman and "Penilaian Bawahan" in halaman
