"""Issue 16 (6): bad input is an Indonesian error, never a 500 or a wrong number. Values
that used to reach the database (NaN, 1e999, small-integer overflow, a negative potongan,
NUL in text a service stores) are refused, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from penilaian import rules
from penilaian import services as penilaian
from skp.models import SasaranPerjanjianKinerja
from tests.bantuan import masuk, teks
from tests.tpp.test_views import KONFIGURASI_SAH
from tpp.models import KonfigurasiTPP


@pytest.mark.parametrize(
    "field,nilai,pesan",
    [
        ("pagu", "9=NaN", "jumlah 0 sampai di bawah Rp1 triliun"),
        ("pagu", "9=1e999", "jumlah 0 sampai di bawah Rp1 triliun"),
        ("pagu", "9=-5", "jumlah 0 sampai di bawah Rp1 triliun"),
        ("potongan", "tanpa_keterangan=-50", "persen harus antara 0 dan 100"),
        ("potongan", "tanpa_keterangan=NaN", "persen harus antara 0 dan 100"),
        ("potongan", "terlambat=0.5;1e999", "persen harus antara 0 dan 100"),
        ("ambang_aktivitas_penuh", "99999", "lebih kecil dari atau sama dengan 1000"),
    ],
)
def test_tpp_configuration_refuses_out_of_range_numbers(client, dunia, field, nilai, pesan):
    masuk(client, dunia.admin_bkd)
    response = client.post(reverse("tpp_konfigurasi"), {**KONFIGURASI_SAH, field: nilai})
    halaman = teks(response)
    assert response.status_code == 200
    assert pesan in halaman
    with scopes_disabled():
        assert not KonfigurasiTPP.objects.exists()


def test_perjanjian_kinerja_refuses_a_year_beyond_2100(client, dunia):
    masuk(client, dunia.admin_bkd)
    response = client.post(
        reverse("perjanjian_kinerja"),
        {"tahun": "99999", "unit_kerja": dunia.bkpsdm.pk, "sasaran": "Sasaran", "indikator": ""},
    )
    assert response.status_code == 200
    assert "2100" in teks(response)
    with scopes_disabled():
        assert not SasaranPerjanjianKinerja.objects.exists()


def test_nul_in_a_tindak_lanjut_note_is_refused_not_stored(dunia):
    with scope(instansi=dunia.buleleng.pk), pytest.raises(ValidationError) as galat:
        penilaian.tindak_lanjut_putuskan(
            pegawai=dunia.staf,
            tahun=2026,
            jenis=rules.PEMBINAAN,
            keputusan="setuju",
            catatan="SK\x00 1",
            by=dunia.admin_bkd,
        )
    assert "karakter kendali" in str(galat.value)
