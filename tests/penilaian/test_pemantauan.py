"""The penilai's monitoring page: who falls behind, at a constant query cost."""

from django.urls import reverse
from django_scopes import scopes_disabled

from organisasi.models import Pegawai
from penilaian.models import RencanaAksi
from tests.bantuan import segar, teks
from tests.conftest import per_modul
from tests.penilaian.bantuan_views import TAHUN, pegawai_massal, skp_massal, tw1_massal

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

PEMANTAUAN_QUERIES = 9
# session; user with the unit they lead (inti.auth); pimpinan of led units below it; the bawahan;
# their SKP of the year (prefetch); their TW I with RHK and rencana aksi counts; rencana
# aksi, realisasi and bukti counts per period; activity counts this month; the
# notification badge.


def _masuk(client, pegawai):
    client.force_login(segar(pegawai))
    return client


def _bawahan(d, n):
    pegawai = pegawai_massal(d, d.bidang, n)
    return tw1_massal(d, skp_massal(d, pegawai, d.bidang, penilai=d.kabid))


def test_pemantauan_costs_the_same_for_10_and_100_bawahan(client, dunia, django_assert_num_queries):
    url = reverse("pemantauan") + f"?tahun={TAHUN}&periode=tw1"
    _masuk(client, dunia.kabid)
    _bawahan(dunia, 10)
    with django_assert_num_queries(PEMANTAUAN_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count("<tr>") == 1 + 11  # header + the staf + 10
    _bawahan(dunia, 90)
    with django_assert_num_queries(PEMANTAUAN_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count("<tr>") == 1 + 50  # a page of 50 of the 101
    assert "Halaman 1 dari 3 (101 data)" in halaman


def test_pemantauan_puts_who_is_behind_first_and_counts_realisasi(client, dunia):
    periode = _bawahan(dunia, 7)  # one of each TW I state, in KEADAAN_TW1 order
    diisi = next(p for p in periode if p.keadaan_uji == "pengisian")
    with scopes_disabled():
        ra = list(RencanaAksi.objects.filter(periode=diisi))
        RencanaAksi.objects.filter(pk=ra[0].pk).update(realisasi="Selesai")
    halaman = teks(
        _masuk(client, dunia.kabid).get(reverse("pemantauan") + f"?tahun={TAHUN}&periode=tw1")
    )
    urutan = [
        halaman.index(s) for s in ("SKP belum disetujui", "Belum menambah periode", "Dinilai")
    ]
    assert urutan == sorted(urutan)
    assert f"1/{len(ra)}" in halaman


def test_pemantauan_shows_only_own_bawahan(client, dunia):
    _bawahan(dunia, 3)
    halaman = teks(
        _masuk(client, dunia.kepala).get(reverse("pemantauan") + f"?tahun={TAHUN}&periode=tw1")
    )
    assert "Bawahan" not in halaman.split("<tbody>")[1]


def test_admin_sees_the_same_view_for_a_unit_they_manage(client, dunia):
    _bawahan(dunia, 3)
    url = reverse("pemantauan") + f"?tahun={TAHUN}&periode=tw1&unit={dunia.bidang.pk}"
    halaman = teks(_masuk(client, dunia.admin_opd).get(url))
    with scopes_disabled():
        # Everyone working in the unit, its pimpinan included.
        di_unit = Pegawai.objects.filter(unit_kerja=dunia.bidang, is_active=True).count()
    assert halaman.count("<tr>") == 1 + di_unit
    assert dunia.bidang.nama in halaman
    # Another OPD's admin, another instansi's admin, a plain pegawai: 404.
    for siapa in (dunia.admin_lain, dunia.staf):
        assert _masuk(client, siapa).get(url).status_code == 404
    assert (
        _masuk(client, dunia.admin_opd)
        .get(url.replace(f"unit={dunia.bidang.pk}", "unit=x"))
        .status_code
        == 404
    )
