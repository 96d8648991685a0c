"""The pure rules of the SKP: who may move an SKP between statuses, the default periode
SKP, which periods are acceptable, and how a target reads (DOMAIN: SKP)."""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from inti.format import format_tanggal
from inti.status import TransisiDitolak
from skp.rules import (
    DIAJUKAN,
    DISETUJUI,
    DRAFT,
    LABEL_STATUS,
    MESIN_SKP,
    PEGAWAI,
    PENILAI,
    REVISI,
    Periode,
    format_target,
    periksa_periode,
    periode_bawaan,
)

periksa_transisi = MESIN_SKP.periksa

STATUS = [DRAFT, DIAJUKAN, REVISI, DISETUJUI]
PERAN = [PEGAWAI, PENILAI]

# Written out from DOMAIN (draft → diajukan → disetujui / revisi → diajukan; an approved
# SKP is amended back to draft by its owner) plus withdrawing a submitted SKP before the
# decision, not read from skp.rules.TRANSISI.
BOLEH = {
    (DRAFT, DIAJUKAN): PEGAWAI,  # ajukan
    (REVISI, DIAJUKAN): PEGAWAI,  # ajukan ulang
    (DIAJUKAN, DISETUJUI): PENILAI,  # setujui
    (DIAJUKAN, REVISI): PENILAI,  # kembalikan
    (DIAJUKAN, DRAFT): PEGAWAI,  # tarik kembali
    (DISETUJUI, DRAFT): PEGAWAI,  # perubahan SKP
}


# --- the status machine ------------------------------------------------------------------


@pytest.mark.parametrize(
    "dari, ke, oleh",
    [
        (dari, ke, oleh)
        for dari, ke, oleh in itertools.product(STATUS, STATUS, PERAN)
        if BOLEH.get((dari, ke)) == oleh
    ],
)
def test_allowed_transition_by_the_right_actor_passes(dari, ke, oleh):
    assert periksa_transisi(dari, ke, oleh) is None


@pytest.mark.parametrize(
    "dari, ke, oleh",
    [
        (dari, ke, oleh)
        for dari, ke, oleh in itertools.product(STATUS, STATUS, PERAN)
        if (dari, ke) not in BOLEH
    ],
)
def test_transition_outside_the_flow_is_refused_whoever_asks(dari, ke, oleh):
    pesan = f"berstatus {LABEL_STATUS[dari]} tidak dapat diubah menjadi {LABEL_STATUS[ke]}"
    with pytest.raises(TransisiDitolak, match=pesan):
        periksa_transisi(dari, ke, oleh)


@pytest.mark.parametrize(
    "dari, ke, oleh",
    [
        (dari, ke, oleh)
        for dari, ke, oleh in itertools.product(STATUS, STATUS, PERAN)
        if (dari, ke) in BOLEH and BOLEH[(dari, ke)] != oleh
    ],
)
def test_allowed_transition_by_the_wrong_actor_is_refused(dari, ke, oleh):
    siapa = "pegawai pemilik SKP" if BOLEH[(dari, ke)] == PEGAWAI else "pejabat penilai"
    with pytest.raises(TransisiDitolak, match=f"Hanya {siapa} yang dapat"):
        periksa_transisi(dari, ke, oleh)


def test_the_three_parametrized_groups_cover_all_32_cases():
    # Guards the parametrisation itself: a typo in BOLEH would silently drop cases.
    lolos = sum(1 for d, k, o in itertools.product(STATUS, STATUS, PERAN) if BOLEH.get((d, k)) == o)
    di_luar = sum(1 for d, k, _ in itertools.product(STATUS, STATUS, PERAN) if (d, k) not in BOLEH)
    salah_peran = sum(
        1
        for d, k, o in itertools.product(STATUS, STATUS, PERAN)
        if (d, k) in BOLEH and BOLEH[(d, k)] != o
    )
    assert (lolos, di_luar, salah_peran) == (6, 20, 6)


def test_refusal_is_a_value_error_so_callers_can_turn_it_into_a_form_error():
    with pytest.raises(ValueError):
        periksa_transisi(DISETUJUI, DIAJUKAN, PEGAWAI)


# --- periode_bawaan ----------------------------------------------------------------------


def test_default_periode_is_the_whole_year():
    assert periode_bawaan(2025, mulai_kerja=None) == Periode(date(2025, 1, 1), date(2025, 12, 31))


def test_default_periode_of_a_pppk_starts_at_the_spmt():
    assert periode_bawaan(2024, mulai_kerja=date(2024, 3, 1)) == Periode(
        date(2024, 3, 1), date(2024, 12, 31)
    )


def test_default_periode_ignores_a_tmt_of_a_previous_year():
    assert periode_bawaan(2024, mulai_kerja=date(2023, 6, 1)) == Periode(
        date(2024, 1, 1), date(2024, 12, 31)
    )


def test_default_periode_with_tmt_on_new_year_starts_on_new_year():
    assert periode_bawaan(2025, mulai_kerja=date(2025, 1, 1)).mulai == date(2025, 1, 1)


def test_default_periode_of_a_cpns_appointed_late_in_the_year_starts_at_tmt():
    assert periode_bawaan(2025, mulai_kerja=date(2025, 12, 1)) == Periode(
        date(2025, 12, 1), date(2025, 12, 31)
    )


# --- periksa_periode ---------------------------------------------------------------------


def _periksa(mulai, selesai, *, tahun=2025, mulai_kerja=None, lain=()):
    return periksa_periode(
        Periode(mulai, selesai), tahun=tahun, mulai_kerja=mulai_kerja, periode_lain=list(lain)
    )


def test_whole_year_without_other_skp_is_valid():
    assert _periksa(date(2025, 1, 1), date(2025, 12, 31)) == {}


def test_end_before_start_is_refused_on_selesai():
    galat = _periksa(date(2025, 6, 1), date(2025, 5, 31))

    assert set(galat) == {"selesai"}
    assert "tidak boleh sebelum awal" in galat["selesai"]


def test_one_day_periode_is_valid():
    assert _periksa(date(2025, 6, 1), date(2025, 6, 1)) == {}


@pytest.mark.parametrize(
    "mulai, selesai",
    [
        (date(2024, 12, 15), date(2025, 12, 31)),  # starts in the previous year
        (date(2025, 1, 1), date(2026, 1, 5)),  # ends in the next year
        (date(2024, 1, 1), date(2024, 12, 31)),  # another year altogether
    ],
)
def test_periode_outside_the_year_is_refused(mulai, selesai):
    galat = _periksa(mulai, selesai, tahun=2025)

    assert "tahun 2025" in galat["mulai"]


def test_periode_starting_before_tmt_or_spmt_is_refused():
    galat = _periksa(date(2025, 1, 1), date(2025, 12, 31), mulai_kerja=date(2025, 3, 1))

    assert "sebelum TMT/SPMT 1 Maret 2025" in galat["mulai"]


def test_periode_starting_on_tmt_is_valid():
    assert _periksa(date(2025, 3, 1), date(2025, 12, 31), mulai_kerja=date(2025, 3, 1)) == {}


def test_tmt_of_an_earlier_year_does_not_restrict_the_periode():
    assert _periksa(date(2025, 1, 1), date(2025, 12, 31), mulai_kerja=date(2010, 1, 1)) == {}


@pytest.mark.parametrize(
    "lain",
    [
        Periode(date(2025, 1, 1), date(2025, 12, 31)),  # the same year again
        Periode(date(2025, 9, 1), date(2025, 10, 31)),  # inside the new one
        Periode(date(2025, 1, 1), date(2025, 8, 15)),  # overlaps its start
        Periode(date(2025, 1, 1), date(2025, 8, 1)),  # touches on one day
        Periode(date(2025, 12, 31), date(2025, 12, 31)),  # touches its last day
    ],
)
def test_periode_overlapping_another_skp_is_refused(lain):
    galat = _periksa(date(2025, 8, 1), date(2025, 12, 31), lain=[lain])

    assert "beririsan dengan SKP lain" in galat["mulai"]
    assert f"{format_tanggal(lain.mulai)} s.d. {format_tanggal(lain.selesai)}" in galat["mulai"]


def test_adjacent_periods_after_mutasi_are_valid():
    # Mutasi with TMT 1 August: the old SKP ends 31 July, the new one starts 1 August.
    lama = Periode(date(2025, 1, 1), date(2025, 7, 31))

    assert _periksa(date(2025, 8, 1), date(2025, 12, 31), lain=[lama]) == {}


def test_overlap_is_found_among_several_other_skp():
    lain = [
        Periode(date(2025, 1, 1), date(2025, 3, 31)),
        Periode(date(2025, 9, 1), date(2025, 12, 31)),
    ]

    assert _periksa(date(2025, 4, 1), date(2025, 8, 31), lain=lain) == {}
    assert "beririsan" in _periksa(date(2025, 4, 1), date(2025, 9, 1), lain=lain)["mulai"]


# --- format_target -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "minimum, maksimum, satuan, teks",
    [
        (Decimal("12.00"), None, "Laporan", "12 Laporan"),
        (Decimal("12"), None, "Bulan", "12 Bulan"),
        (Decimal("90.00"), None, "%", "90 %"),
        (Decimal("80.00"), Decimal("90.00"), "%", "80 – 90 %"),
        (Decimal("2.50"), None, "Dokumen", "2,5 Dokumen"),
        (Decimal("0.75"), Decimal("1.25"), "Juta", "0,75 – 1,25 Juta"),
        (Decimal("100.00"), None, "%", "100 %"),  # zeros before the decimal point stay
        (Decimal("1500000.00"), None, "Rupiah", "1500000 Rupiah"),
        (Decimal("12.00"), None, "", "12"),
        (12, None, "Laporan", "12 Laporan"),
    ],
)
def test_target_reads_as_indonesian_number_and_satuan(minimum, maksimum, satuan, teks):
    assert format_target(minimum, maksimum, satuan) == teks
