"""Pendekatan kualitatif (PermenPANRB 6/2022): an indikator of a kualitatif SKP carries a
descriptive target instead of a number and satuan; its final realisasi is described and
rated by the penilai without a capaian angka or percentage. Kuantitatif is unchanged.

Personas (tests/penilaian/conftest.py `orang`): staf owns the SKP, kabid is the penilai.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from penilaian import rules as penilaian_rules
from penilaian import services as penilaian_services
from penilaian.models import RealisasiIndikator
from skp import rules, services
from skp.models import RHK, Indikator
from tests.bantuan import masuk, segar, teks
from tests.penilaian.conftest import orang as orang  # noqa: F401  (fixture)
from tests.penilaian.test_dokumen import SKP as JENIS_SKP
from tests.penilaian.test_dokumen import cetak as cetak  # noqa: F401  (fixture)
from tests.penilaian.test_dokumen import folder_sertifikat as folder_sertifikat  # noqa: F401
from tests.penilaian.test_dokumen import isi_berkas, teks_pdf
from tests.penilaian.test_dokumen import minta_dokumen as minta_dokumen  # noqa: F401
from tests.skp.conftest import TAHUN, tambah_rhk

TARGET = "Laporan diterima pimpinan tanpa revisi"


@pytest.fixture
def skp_kualitatif(rantai, dalam_buleleng):
    """The staf's draft SKP of TAHUN, pendekatan kualitatif, with one utama RHK (no
    indikator yet)."""
    staf = segar(dalam_buleleng.staf)
    skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf, pendekatan="kualitatif")
    rhk = services.rhk_simpan(
        skp=skp,
        by=staf,
        uraian="Tersusunnya laporan kinerja bidang",
        jenis=RHK.Jenis.UTAMA,
        intervensi=[rantai.rhk_kabid],
    )
    return segar(skp), rhk


def _indikator_kualitatif(skp, rhk, by, **lain):
    return services.indikator_simpan(
        rhk=rhk,
        by=by,
        aspek="kualitas",
        uraian="Kualitas laporan kinerja",
        target_deskripsi=TARGET,
        **lain,
    )


# ---- rules ----------------------------------------------------------------------------


def test_format_target_shows_a_descriptive_target_as_written():
    assert rules.format_target(None, None, "", deskripsi=TARGET) == TARGET
    assert rules.format_target(Decimal("12"), None, "Laporan") == "12 Laporan"


@pytest.mark.parametrize(
    ("isian", "field_galat"),
    [
        ({"target_deskripsi": ""}, {"target_deskripsi"}),
        ({"target_deskripsi": TARGET, "target_min": Decimal("90")}, {"target_min"}),
        ({"target_deskripsi": TARGET, "target_maks": Decimal("9")}, {"target_maks"}),
        ({"target_deskripsi": TARGET, "satuan": "%"}, {"satuan"}),
        ({"target_deskripsi": TARGET}, set()),
    ],
)
def test_kualitatif_target_is_a_description_without_numbers(isian, field_galat):
    data = {"target_min": None, "target_maks": None, "satuan": "", **isian}
    assert set(rules.galat_target(kualitatif=True, **data)) == field_galat


@pytest.mark.parametrize(
    ("isian", "field_galat"),
    [
        ({}, {"target_min", "satuan"}),
        ({"target_min": Decimal("12"), "satuan": "Laporan"}, set()),
        (
            {"target_min": Decimal("12"), "satuan": "Laporan", "target_deskripsi": TARGET},
            {"target_deskripsi"},
        ),
        ({"target_min": Decimal("9"), "target_maks": Decimal("8"), "satuan": "%"}, {"target_maks"}),
    ],
)
def test_kuantitatif_target_still_needs_its_number_and_satuan(isian, field_galat):
    data = {"target_min": None, "target_maks": None, "satuan": "", "target_deskripsi": "", **isian}
    assert set(rules.galat_target(kualitatif=False, **data)) == field_galat


# ---- services -------------------------------------------------------------------------


def test_kualitatif_indikator_is_saved_with_a_descriptive_target_and_no_number(
    skp_kualitatif, dalam_buleleng
):
    skp, rhk = skp_kualitatif
    indikator = segar(_indikator_kualitatif(skp, rhk, segar(dalam_buleleng.staf)))

    assert indikator.target_deskripsi == TARGET
    assert (indikator.target_min, indikator.target_maks, indikator.satuan) == (None, None, "")
    assert indikator.deskriptif and indikator.target == TARGET


def test_kualitatif_indikator_refuses_a_number_beside_the_field(skp_kualitatif, dalam_buleleng):
    skp, rhk = skp_kualitatif
    with pytest.raises(ValidationError) as galat:
        _indikator_kualitatif(
            skp, rhk, segar(dalam_buleleng.staf), target_min=Decimal("90"), satuan="%"
        )
    assert set(galat.value.message_dict) == {"target_min", "satuan"}
    assert "kualitatif tidak memakai target angka" in galat.value.message_dict["target_min"][0]


def test_kualitatif_indikator_without_description_is_refused_in_indonesian(
    skp_kualitatif, dalam_buleleng
):
    skp, rhk = skp_kualitatif
    with pytest.raises(ValidationError) as galat:
        services.indikator_simpan(
            rhk=rhk, by=segar(dalam_buleleng.staf), aspek="kualitas", uraian="Kualitas laporan"
        )
    assert "tuliskan target sebagai uraian" in galat.value.message_dict["target_deskripsi"][0]
    assert not Indikator.objects.filter(rhk=rhk).exists()


def test_kuantitatif_indikator_still_requires_its_number(rantai, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)
    rhk = services.rhk_simpan(
        skp=skp, by=staf, uraian="Terverifikasinya usul", jenis="utama",
        intervensi=[rantai.rhk_kabid],
    )  # fmt: skip
    with pytest.raises(ValidationError) as galat:
        services.indikator_simpan(
            rhk=rhk, by=staf, aspek="kuantitas", uraian="Jumlah usul", target_deskripsi=TARGET
        )
    assert set(galat.value.message_dict) == {"target_min", "satuan", "target_deskripsi"}
    assert galat.value.message_dict["target_min"] == ["Target wajib diisi."]


def test_pendekatan_cannot_switch_once_indikator_exist(skp_kualitatif, dalam_buleleng):
    skp, rhk = skp_kualitatif
    staf = segar(dalam_buleleng.staf)
    _indikator_kualitatif(skp, rhk, staf)

    with pytest.raises(ValidationError) as galat:
        services.skp_ubah(skp=skp, by=staf, pendekatan="kuantitatif")
    assert "Pendekatan tidak dapat diubah" in galat.value.message_dict["pendekatan"][0]
    assert segar(skp).pendekatan == "kualitatif"
    # The same pendekatan sent again with the lampiran is not a switch.
    services.skp_ubah(skp=skp, by=staf, pendekatan="kualitatif", konsekuensi="Teguran")


def test_rhk_copied_into_a_kualitatif_skp_get_their_target_as_description(rantai, dalam_buleleng):
    # Last year's kuantitatif SKP ("12 Laporan") copied into this year's kualitatif one.
    staf = segar(dalam_buleleng.staf)
    lama = services.skp_buat(pegawai=staf, tahun=TAHUN - 1, by=staf)
    tambah_rhk(lama, staf, "Laporan tahunan", jenis=RHK.Jenis.TAMBAHAN)
    baru = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf, pendekatan="kualitatif")

    services.skp_salin_rhk(tujuan=baru, sumber=lama, by=staf)

    indikator = Indikator.objects.get(rhk__skp=baru)
    assert (indikator.target_deskripsi, indikator.target_min, indikator.satuan) == (
        "12 Laporan",
        None,
        "",
    )


# ---- views ----------------------------------------------------------------------------


def test_indikator_form_of_a_kualitatif_skp_asks_for_a_description_only(
    client, skp_kualitatif, dalam_buleleng
):
    skp, rhk = skp_kualitatif
    masuk(client, dalam_buleleng.staf)
    url = reverse("indikator_tambah", args=[skp.pk, rhk.pk])

    halaman = teks(client.get(url))
    assert 'name="target_deskripsi"' in halaman
    assert 'name="target_min"' not in halaman and 'name="satuan"' not in halaman
    assert "tanpa persentase capaian" in halaman

    kosong = teks(client.post(url, {"aspek": "kualitas", "uraian": "Kualitas laporan"}))
    assert "Tuliskan target sebagai uraian hasil yang diharapkan." in kosong

    jawaban = client.post(
        url, {"aspek": "kualitas", "uraian": "Kualitas laporan", "target_deskripsi": TARGET}
    )
    assert jawaban.status_code == 302
    assert Indikator.objects.get(rhk=rhk).target == TARGET


def test_indikator_form_of_a_kuantitatif_skp_is_unchanged(client, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    skp = services.skp_buat(pegawai=staf, tahun=TAHUN - 1, by=staf)
    rhk = services.rhk_simpan(skp=skp, by=staf, uraian="Laporan", jenis=RHK.Jenis.TAMBAHAN)
    masuk(client, staf)
    url = reverse("indikator_tambah", args=[skp.pk, rhk.pk])

    halaman = teks(client.get(url))
    assert 'name="target_min"' in halaman and 'name="satuan"' in halaman
    assert 'name="target_deskripsi"' not in halaman
    jawaban = client.post(url, {"aspek": "kuantitas", "uraian": "Jumlah laporan"})
    assert jawaban.status_code == 200
    assert not Indikator.objects.filter(rhk=rhk).exists()


def test_detail_and_print_show_the_descriptive_target_without_a_number(
    client, skp_kualitatif, dalam_buleleng
):
    skp, rhk = skp_kualitatif
    _indikator_kualitatif(skp, rhk, segar(dalam_buleleng.staf))
    masuk(client, dalam_buleleng.staf)

    for url in (reverse("skp_detail", args=[skp.pk]), reverse("skp_cetak", args=[skp.pk])):
        halaman = teks(client.get(url))
        assert TARGET in halaman
        assert "None" not in halaman and "%" not in halaman.split(TARGET)[1][:200]
    assert "PENDEKATAN: KUALITATIF" in teks(client.get(reverse("skp_cetak", args=[skp.pk])))


# ---- realisasi (final period) ---------------------------------------------------------


@pytest.fixture
def final_kualitatif(skp_kualitatif, dalam_buleleng, orang):  # noqa: F811
    skp, rhk = skp_kualitatif
    indikator = _indikator_kualitatif(skp, rhk, orang.staf)
    services.skp_ajukan(skp=segar(skp), by=orang.staf)
    services.skp_setujui(skp=segar(skp), by=orang.kabid)
    periode = penilaian_services.periode_tambah(
        skp=segar(skp), kode=penilaian_rules.FINAL, by=orang.staf
    )
    return periode, segar(indikator)


def test_realisasi_of_a_descriptive_target_is_described_without_angka(final_kualitatif, orang):  # noqa: F811
    periode, indikator = final_kualitatif
    with pytest.raises(ValidationError) as galat:
        penilaian_services.realisasi_simpan(
            periode=periode,
            by=orang.staf,
            indikator=indikator,
            realisasi="Laporan diterima",
            realisasi_angka=Decimal("100"),
        )
    assert "tanpa angka capaian" in galat.value.message_dict["realisasi_angka"][0]

    penilaian_services.realisasi_simpan(
        periode=periode,
        by=orang.staf,
        indikator=indikator,
        realisasi="Laporan diterima Kepala Badan tanpa catatan revisi.",
    )
    tersimpan = RealisasiIndikator.objects.get(periode=periode, indikator=indikator)
    assert tersimpan.realisasi_angka is None


def test_final_period_page_shows_no_capaian_for_a_descriptive_target(
    client,
    final_kualitatif,
    orang,  # noqa: F811
):
    periode, indikator = final_kualitatif
    penilaian_services.realisasi_simpan(
        periode=periode, by=orang.staf, indikator=indikator, realisasi="Diterima tanpa revisi."
    )
    masuk(client, orang.staf)
    halaman = teks(client.get(reverse("periode_detail", args=[periode.pk])))

    assert TARGET in halaman and "(target deskriptif)" in halaman
    assert "Diterima tanpa revisi." in halaman
    assert 'name="realisasi_angka"' not in halaman
    assert "Capaian (angka)" not in halaman and "capaian:" not in halaman


def test_skp_pdf_prints_the_descriptive_target(final_kualitatif, orang, minta_dokumen):  # noqa: F811
    periode, _ = final_kualitatif
    dokumen = minta_dokumen(periode, orang.staf, jenis=[JENIS_SKP])[JENIS_SKP]

    isi = " ".join(teks_pdf(isi_berkas(dokumen)).split())
    assert TARGET in isi
    assert "None" not in isi
