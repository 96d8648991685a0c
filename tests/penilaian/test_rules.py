from decimal import Decimal

import pytest

from penilaian import rules
from penilaian.rules import (
    BAIK,
    BUTUH_PERBAIKAN,
    DIATAS,
    DIBAWAH,
    KURANG,
    SANGAT_BAIK,
    SANGAT_KURANG,
    SESUAI,
)

# DOMAIN.md: rows = hasil kerja, columns = perilaku kerja.
SEMBILAN_SEL = [
    (DIATAS, DIBAWAH, KURANG),
    (DIATAS, SESUAI, BAIK),
    (DIATAS, DIATAS, SANGAT_BAIK),
    (SESUAI, DIBAWAH, KURANG),
    (SESUAI, SESUAI, BAIK),
    (SESUAI, DIATAS, BAIK),
    (DIBAWAH, DIBAWAH, SANGAT_KURANG),
    (DIBAWAH, SESUAI, BUTUH_PERBAIKAN),
    (DIBAWAH, DIATAS, BUTUH_PERBAIKAN),
]


@pytest.mark.parametrize("hasil,perilaku,harapan", SEMBILAN_SEL)
def test_predikat_follows_the_matrix_in_all_nine_cells(hasil, perilaku, harapan):
    assert rules.predikat(hasil_kerja=hasil, perilaku_kerja=perilaku) == harapan


def test_the_transposed_table_would_be_caught():
    # Transposing swaps these two off-diagonal cells; the real table is not symmetric.
    assert rules.predikat(hasil_kerja=DIATAS, perilaku_kerja=DIBAWAH) == KURANG
    assert rules.predikat(hasil_kerja=DIBAWAH, perilaku_kerja=DIATAS) == BUTUH_PERBAIKAN
    asimetris = [
        (h, p)
        for h, p, _ in SEMBILAN_SEL
        if rules.predikat(hasil_kerja=h, perilaku_kerja=p)
        != rules.predikat(hasil_kerja=p, perilaku_kerja=h)
    ]
    assert len(asimetris) == 4


def test_unknown_rating_is_refused():
    with pytest.raises(ValueError):
        rules.predikat(hasil_kerja="baik", perilaku_kerja=SESUAI)


@pytest.mark.parametrize(
    "predikat,harapan",
    [
        (SANGAT_BAIK, Decimal("18.750")),
        (BAIK, Decimal("12.500")),
        (BUTUH_PERBAIKAN, Decimal("9.375")),
        (KURANG, Decimal("6.250")),
        (SANGAT_KURANG, Decimal("3.125")),
    ],
)
def test_angka_kredit_is_a_percentage_of_the_jenjang_coefficient(predikat, harapan):
    # Ahli Pertama: 12.5 a year.
    assert (
        rules.angka_kredit(predikat_kinerja=predikat, koefisien_tahunan=Decimal("12.5")) == harapan
    )
