"""Rekomendasi tindak lanjut: the rules on hand-made histories, and BKD's page."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from inti.models import Jejak
from penilaian import rules, services
from penilaian.models import KeputusanTindakLanjut
from penilaian.rules import (
    BAIK,
    BUTUH_PERBAIKAN,
    KURANG,
    PEMBINAAN,
    PENGEMBANGAN,
    PENGHARGAAN,
    SANGAT_BAIK,
    SANGAT_KURANG,
    TINJAU_SANKSI,
)
from tests.conftest import per_modul

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")


@pytest.mark.parametrize(
    "riwayat,harapan",
    [
        ([], []),
        ([BAIK, BAIK], []),
        ([BAIK, SANGAT_BAIK], [PENGEMBANGAN]),
        ([SANGAT_BAIK, BAIK], []),
        ([SANGAT_BAIK, BAIK, SANGAT_BAIK], [PENGHARGAAN]),
        ([BAIK, BUTUH_PERBAIKAN], [PEMBINAAN]),
        ([KURANG, BAIK], []),
        ([KURANG, BAIK, SANGAT_KURANG], [PEMBINAAN, TINJAU_SANKSI]),
        ([KURANG, KURANG, BAIK], [TINJAU_SANKSI]),
    ],
)
def test_recommendations_from_a_history(riwayat, harapan):
    assert [j for j, _ in rules.rekomendasi(riwayat)] == harapan


def test_thresholds_are_the_tenants():
    riwayat = [SANGAT_BAIK, BAIK, SANGAT_BAIK]
    # Two Sangat Baik: a penghargaan by default, only pengembangan where three are needed.
    assert rules.rekomendasi(riwayat)[0][0] == PENGHARGAAN
    assert rules.rekomendasi(riwayat, aturan={"sangat_baik_minimal": 3}) == [
        (PENGEMBANGAN, "Sangat Baik pada periode terakhir")
    ]
    assert rules.rekomendasi([KURANG], aturan={"kurang_minimal": 1}) == [
        (PEMBINAAN, "Predikat terakhir Kurang/Misconduct"),
        (TINJAU_SANKSI, "Kurang/Sangat Kurang 1 kali"),
    ]


@pytest.fixture
def dinilai_butuh_perbaikan(tw1_siap_dinilai, orang):
    return services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.DIBAWAH,
        rating_perilaku_kerja=rules.SESUAI,
    )


def _url(periode, opd_id):
    return reverse("tindak_lanjut") + f"?tahun={periode.tahun}&opd={opd_id}"


def test_bkd_sees_the_recommendation_and_records_a_decision(client, orang, dinilai_butuh_perbaikan):
    periode = dinilai_butuh_perbaikan
    opd_id = periode.skp.unit_kerja.opd_id
    client.force_login(orang.admin_bkd)
    halaman = client.get(_url(periode, opd_id)).content.decode()
    assert orang.staf.nama in halaman and "Pembinaan kinerja" in halaman
    client.post(
        _url(periode, opd_id),
        {"pegawai": orang.staf.pk, "jenis": PEMBINAAN, "keputusan": "setuju", "catatan": "SK 1"},
    )
    with scopes_disabled():
        keputusan = KeputusanTindakLanjut.objects.get(pegawai=orang.staf, jenis=PEMBINAAN)
        assert (keputusan.keputusan, keputusan.catatan) == ("setuju", "SK 1")
        assert Jejak.objects.filter(aksi="tindak_lanjut_putuskan").count() == 1
    buku = load_workbook(BytesIO(client.get(_url(periode, opd_id) + "&format=xlsx").content))
    baris = [[c.value for c in r] for r in buku.active.iter_rows(min_row=4)]
    assert baris[0][0] == orang.staf.nip and baris[0][6] == "Disetujui"


@pytest.mark.parametrize("siapa", ["admin_opd", "kabid", "staf", "admin_lain"])
def test_only_bkd_of_the_instansi_opens_it(client, orang, dinilai_butuh_perbaikan, siapa):
    periode = dinilai_butuh_perbaikan
    client.force_login(getattr(orang, siapa))
    assert client.get(_url(periode, periode.skp.unit_kerja.opd_id)).status_code == 404


def test_the_service_refuses_anyone_but_bkd(orang, dinilai_butuh_perbaikan):
    with pytest.raises(ValidationError):
        services.tindak_lanjut_putuskan(
            pegawai=orang.staf, tahun=2025, jenis=PEMBINAAN, keputusan="setuju", by=orang.kabid
        )
    with pytest.raises(ValidationError):
        services.tindak_lanjut_putuskan(
            pegawai=orang.staf, tahun=2025, jenis="apa", keputusan="setuju", by=orang.admin_bkd
        )


def test_malformed_opd_is_not_a_500(client, orang):
    client.force_login(orang.admin_bkd)
    assert client.get(reverse("tindak_lanjut") + "?opd=abc").status_code == 404


TINDAK_LANJUT_QUERIES = 6
# session; user; the OPD picker; the OPD's rated periods as tuples (one query, however
# many pegawai); the page's pegawai with their unit; their decisions. (The badge: 7.)


def test_the_page_costs_the_same_for_10_and_120_recommended(
    client, dunia, django_assert_num_queries
):
    from tests.penilaian.bantuan_views import TAHUN, pegawai_massal, skp_massal, tw1_massal

    d = dunia
    url = reverse("tindak_lanjut") + f"?tahun={TAHUN}&opd={d.bkpsdm.pk}"
    client.force_login(d.admin_bkd)
    for n, total in [(10, 10), (110, 120)]:
        pegawai = pegawai_massal(d, d.bidang, n, awalan="Perlu Bina")
        tw1_massal(
            d,
            skp_massal(d, pegawai, d.bidang, penilai=d.kabid),
            keadaan=[rules.DINILAI],
            predikat=[BUTUH_PERBAIKAN],
        )
        with django_assert_num_queries(TINDAK_LANJUT_QUERIES + 1):
            halaman = client.get(url).content.decode()
        assert halaman.count("Pembinaan kinerja") == min(total, 50)
        assert (f"({total} data)" in halaman) == (total > 50)
