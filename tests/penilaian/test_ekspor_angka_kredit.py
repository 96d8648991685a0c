"""Angka kredit in the predikat-per-OPD export (issue 20): the OPD's jabatan fungsional
rated in the period and, for the annual (final) period, their angka kredit per jenjang
and in total (DOMAIN: percentage by predikat × the jenjang's annual coefficient)."""

from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from organisasi.models import Pegawai
from penilaian import rules
from penilaian.models import PeriodePenilaian
from tests.bantuan import masuk
from tests.penilaian.bantuan_views import opd_massal
from tests.skp.conftest import TAHUN


def _lembar(client, kode):
    response = client.get(reverse("kurva") + f"?tahun={TAHUN}&periode={kode}&format=xlsx")
    assert response.status_code == 200
    lembar = load_workbook(BytesIO(response.content)).active
    kepala = [c.value for c in lembar[3]]
    baris = lembar.iter_rows(min_row=4, values_only=True)
    return kepala, {r[0]: dict(zip(kepala, r, strict=True)) for r in baris}


def _fungsional(opd):
    """The OPD's three rated pegawai (Baik, Sangat Baik waiting for review, Butuh
    Perbaikan) made fungsional: Ahli Muda (25 a year), Ahli Pertama, Terampil (5)."""
    with scopes_disabled():
        periode = {
            p.predikat: p
            for p in PeriodePenilaian.objects.filter(skp__unit_kerja__opd=opd).select_related(
                "pegawai"
            )
        }
        for predikat, jenjang in [
            (rules.BAIK, "ahli_muda"),
            (rules.SANGAT_BAIK, "ahli_pertama"),
            (rules.BUTUH_PERBAIKAN, "terampil"),
        ]:
            Pegawai.objects.filter(pk=periode[predikat].pegawai_id).update(
                jenis_jabatan=Pegawai.JenisJabatan.FUNGSIONAL, jenjang=jenjang
            )


def test_quarter_export_counts_the_fungsional_without_angka_kredit(client, dunia):
    (opd,) = opd_massal(dunia, 1)
    _fungsional(opd)
    masuk(client, dunia.admin_bkd)
    kepala, baris = _lembar(client, "tw1")
    assert kepala[-3:] == ["Fungsional dinilai", "Angka kredit per jenjang", "Jumlah angka kredit"]
    # Two are Dinilai; the Sangat Baik still waits for the Tim Penilai Kinerja.
    assert baris[opd.nama]["Fungsional dinilai"] == 2
    assert baris[opd.nama]["Jumlah angka kredit"] is None


def test_final_export_sums_angka_kredit_by_predikat_and_jenjang(client, dunia):
    (opd,) = opd_massal(dunia, 1)
    _fungsional(opd)
    with scopes_disabled():
        PeriodePenilaian.objects.filter(skp__unit_kerja__opd=opd).update(kode=rules.FINAL)
    masuk(client, dunia.admin_bkd)
    _, baris = _lembar(client, rules.FINAL)
    opd_baris = baris[opd.nama]
    # Baik 100 % × 25 (Ahli Muda) + Butuh Perbaikan 75 % × 5 (Terampil) = 28,75.
    assert opd_baris["Fungsional dinilai"] == 2
    assert Decimal(str(opd_baris["Jumlah angka kredit"])) == Decimal("28.75")
    assert opd_baris["Angka kredit per jenjang"] == "Ahli Muda: 25; Terampil: 3,75"
    # An OPD without fungsional: empty angka kredit, zero counted.
    lain = next(v for k, v in baris.items() if k != opd.nama)
    assert lain["Fungsional dinilai"] == 0 and lain["Jumlah angka kredit"] is None
