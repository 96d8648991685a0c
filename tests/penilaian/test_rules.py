from datetime import date, timedelta
from decimal import Decimal

import pytest

from inti.format import format_tanggal
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


# --- pilihan_periode ---------------------------------------------------------------------


def _pilihan(mulai, selesai, *, bulanan=False):
    return {p.kode: p for p in rules.pilihan_periode(mulai=mulai, selesai=selesai, bulanan=bulanan)}


def _rentang(pilihan):
    return {k: (p.mulai, p.selesai) for k, p in pilihan.items() if p.tersedia}


def test_whole_year_skp_offers_four_triwulan_and_the_final():
    daftar = rules.pilihan_periode_tahun(2025, bulanan=False)

    assert [(p.kode, p.label, p.mulai, p.selesai, p.alasan) for p in daftar] == [
        ("tw1", "Triwulan I 2025", date(2025, 1, 1), date(2025, 3, 31), ""),
        ("tw2", "Triwulan II 2025", date(2025, 4, 1), date(2025, 6, 30), ""),
        ("tw3", "Triwulan III 2025", date(2025, 7, 1), date(2025, 9, 30), ""),
        ("tw4", "Triwulan IV 2025", date(2025, 10, 1), date(2025, 12, 31), ""),
        ("final", "Final/Tahunan 2025", date(2025, 1, 1), date(2025, 12, 31), ""),
    ]
    assert all(p.tersedia for p in daftar)


def test_skp_from_mid_may_does_not_offer_triwulan_i_and_says_why():
    pilihan = _pilihan(date(2025, 5, 15), date(2025, 12, 31))

    tw1 = pilihan["tw1"]
    assert not tw1.tersedia
    assert (tw1.mulai, tw1.selesai) == (None, None)
    assert "15 Mei 2025 s.d. 31 Desember 2025" in tw1.alasan
    assert "tidak mencakup" in tw1.alasan
    assert _rentang(pilihan) == {
        "tw2": (date(2025, 5, 15), date(2025, 6, 30)),
        "tw3": (date(2025, 7, 1), date(2025, 9, 30)),
        "tw4": (date(2025, 10, 1), date(2025, 12, 31)),
        "final": (date(2025, 5, 15), date(2025, 12, 31)),
    }


def test_skp_ended_by_mutasi_on_31_july_clips_triwulan_iii_and_its_final():
    pilihan = _pilihan(date(2025, 1, 1), date(2025, 7, 31))

    assert _rentang(pilihan) == {
        "tw1": (date(2025, 1, 1), date(2025, 3, 31)),
        "tw2": (date(2025, 4, 1), date(2025, 6, 30)),
        "tw3": (date(2025, 7, 1), date(2025, 7, 31)),
        "final": (date(2025, 1, 1), date(2025, 7, 31)),
    }
    assert "tidak mencakup" in pilihan["tw4"].alasan


def test_skp_after_mutasi_from_1_august_clips_triwulan_iii_and_its_final_counts_from_august():
    pilihan = _pilihan(date(2025, 8, 1), date(2025, 12, 31))

    assert _rentang(pilihan) == {
        "tw3": (date(2025, 8, 1), date(2025, 9, 30)),
        "tw4": (date(2025, 10, 1), date(2025, 12, 31)),
        "final": (date(2025, 8, 1), date(2025, 12, 31)),
    }
    assert not pilihan["tw1"].tersedia and not pilihan["tw2"].tersedia


def test_the_two_skp_of_a_mutasi_split_triwulan_iii_without_overlap():
    lama = _pilihan(date(2025, 1, 1), date(2025, 7, 31))["tw3"]
    baru = _pilihan(date(2025, 8, 1), date(2025, 12, 31))["tw3"]

    assert lama.selesai + timedelta(days=1) == baru.mulai
    assert (lama.mulai, baru.selesai) == (date(2025, 7, 1), date(2025, 9, 30))


def test_pppk_skp_from_the_spmt_starts_triwulan_i_at_the_spmt():
    pilihan = _pilihan(date(2025, 3, 1), date(2025, 12, 31))

    assert (pilihan["tw1"].mulai, pilihan["tw1"].selesai) == (date(2025, 3, 1), date(2025, 3, 31))
    assert (pilihan["final"].mulai, pilihan["final"].selesai) == (
        date(2025, 3, 1),
        date(2025, 12, 31),
    )


@pytest.mark.parametrize("selesai", [date(2025, 11, 30), date(2025, 12, 30), date(2025, 12, 15)])
def test_triwulan_iv_is_offered_only_when_the_skp_reaches_31_december(selesai):
    pilihan = _pilihan(date(2025, 1, 1), selesai)

    tw4 = pilihan["tw4"]
    assert not tw4.tersedia
    assert "31 Desember" in tw4.alasan
    assert format_tanggal(selesai) in tw4.alasan
    assert "Final" in tw4.alasan
    assert pilihan["final"].tersedia
    assert (pilihan["final"].mulai, pilihan["final"].selesai) == (date(2025, 1, 1), selesai)
    assert pilihan["tw3"].tersedia


def test_monthly_mode_offers_twelve_months_and_the_final():
    daftar = rules.pilihan_periode(mulai=date(2025, 1, 1), selesai=date(2025, 12, 31), bulanan=True)

    assert [p.kode for p in daftar] == [f"b{n:02d}" for n in range(1, 13)] + ["final"]
    assert all(p.tersedia for p in daftar)
    assert daftar[0].label == "Januari 2025"
    assert daftar[11].label == "Desember 2025"
    assert (daftar[11].mulai, daftar[11].selesai) == (date(2025, 12, 1), date(2025, 12, 31))
    assert (daftar[3].mulai, daftar[3].selesai) == (date(2025, 4, 1), date(2025, 4, 30))
    # The months tile the year: each starts the day after the previous one ends.
    for kemarin, hari_ini in zip(daftar[:11], daftar[1:12], strict=True):
        assert kemarin.selesai + timedelta(days=1) == hari_ini.mulai


def test_monthly_mode_offers_december_only_when_the_skp_reaches_31_december():
    sampai_pertengahan = _pilihan(date(2025, 1, 1), date(2025, 12, 15), bulanan=True)
    sampai_november = _pilihan(date(2025, 1, 1), date(2025, 11, 30), bulanan=True)

    assert "31 Desember" in sampai_pertengahan["b12"].alasan
    assert (sampai_pertengahan["b11"].mulai, sampai_pertengahan["b11"].selesai) == (
        date(2025, 11, 1),
        date(2025, 11, 30),
    )
    assert not sampai_november["b12"].tersedia
    assert sampai_november["b11"].tersedia
    assert sampai_pertengahan["final"].selesai == date(2025, 12, 15)


def test_monthly_mode_clips_the_first_month_and_refuses_earlier_ones():
    pilihan = _pilihan(date(2025, 5, 15), date(2025, 12, 31), bulanan=True)

    assert [k for k, p in pilihan.items() if not p.tersedia] == ["b01", "b02", "b03", "b04"]
    assert (pilihan["b05"].mulai, pilihan["b05"].selesai) == (date(2025, 5, 15), date(2025, 5, 31))
    assert "tidak mencakup" in pilihan["b01"].alasan


@pytest.mark.parametrize("tahun,akhir", [(2024, 29), (2025, 28), (2000, 29), (2100, 28)])
def test_february_ends_on_its_last_day_in_leap_and_common_years(tahun, akhir):
    pilihan = _pilihan(date(tahun, 1, 1), date(tahun, 12, 31), bulanan=True)

    assert pilihan["b02"].selesai == date(tahun, 2, akhir)
    assert pilihan["b03"].mulai == date(tahun, 3, 1)
    assert rules.periode_kalender("b02", tahun) == (date(tahun, 2, 1), date(tahun, 2, akhir))


def test_skp_ending_on_29_february_is_evaluated_for_all_of_february():
    pilihan = _pilihan(date(2024, 1, 1), date(2024, 2, 29), bulanan=True)

    assert _rentang(pilihan) == {
        "b01": (date(2024, 1, 1), date(2024, 1, 31)),
        "b02": (date(2024, 2, 1), date(2024, 2, 29)),
        "final": (date(2024, 1, 1), date(2024, 2, 29)),
    }


@pytest.mark.parametrize(
    "mulai,selesai",
    [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2025, 5, 15), date(2025, 12, 31)),
        (date(2025, 1, 1), date(2025, 7, 31)),
        (date(2025, 12, 20), date(2025, 12, 31)),
        (date(2025, 3, 3), date(2025, 3, 3)),
    ],
)
@pytest.mark.parametrize("bulanan", [False, True])
def test_every_offered_period_lies_within_the_skp_and_the_final_covers_it(mulai, selesai, bulanan):
    daftar = rules.pilihan_periode(mulai=mulai, selesai=selesai, bulanan=bulanan)

    label = f"Final/Tahunan {mulai.year}"
    assert daftar[-1] == rules.PilihanPeriode("final", label, mulai, selesai)
    for p in daftar:
        if p.tersedia:
            assert mulai <= p.mulai <= p.selesai <= selesai
        else:
            assert p.mulai is None and p.selesai is None


def test_pilihan_periode_tahun_is_the_whole_year():
    assert rules.pilihan_periode_tahun(2025, bulanan=False) == rules.pilihan_periode(
        mulai=date(2025, 1, 1), selesai=date(2025, 12, 31), bulanan=False
    )
    assert len(rules.pilihan_periode_tahun(2025, bulanan=True)) == 13


@pytest.mark.parametrize(
    "kode,label",
    [
        ("tw1", "Triwulan I 2025"),
        ("tw4", "Triwulan IV 2025"),
        ("b01", "Januari 2025"),
        ("b09", "September 2025"),
        ("final", "Final/Tahunan 2025"),
    ],
)
def test_label_periode(kode, label):
    assert rules.label_periode(kode, 2025) == label


# --- periksa_kurva -----------------------------------------------------------------------


def test_istimewa_allows_exactly_70_percent_sangat_baik():
    assert rules.periksa_kurva(capaian=rules.ISTIMEWA, jumlah={SANGAT_BAIK: 7, BAIK: 3}) == []


def test_istimewa_warns_when_sangat_baik_passes_70_percent():
    peringatan = rules.periksa_kurva(capaian=rules.ISTIMEWA, jumlah={SANGAT_BAIK: 8, BAIK: 3})

    assert peringatan == [
        "Sangat Baik: 8 dari 11 (72,7%); paling banyak 70% untuk capaian organisasi Istimewa."
    ]


def test_baik_allows_exactly_70_percent_baik_with_some_below():
    jumlah = {BAIK: 7, BUTUH_PERBAIKAN: 2, SANGAT_BAIK: 1}

    assert rules.periksa_kurva(capaian=BAIK, jumlah=jumlah) == []


def test_baik_warns_when_baik_passes_70_percent():
    [peringatan] = rules.periksa_kurva(capaian=BAIK, jumlah={BAIK: 8, KURANG: 3})

    assert peringatan.startswith("Baik: 8 dari 11 (72,7%); paling banyak 70%")


def test_baik_warns_when_nobody_is_below_baik():
    [peringatan] = rules.periksa_kurva(capaian=BAIK, jumlah={BAIK: 5, SANGAT_BAIK: 5})

    assert peringatan.startswith(
        "Belum ada pegawai Butuh Perbaikan/Kurang/Misconduct/Sangat Kurang"
    )
    assert "Baik" in peringatan


@pytest.mark.parametrize("di_bawah", [BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG])
def test_baik_is_satisfied_by_any_one_predikat_below_baik(di_bawah):
    assert rules.periksa_kurva(capaian=BAIK, jumlah={BAIK: 5, SANGAT_BAIK: 4, di_bawah: 1}) == []


def test_butuh_perbaikan_allows_exactly_60_percent_and_warns_below():
    assert rules.periksa_kurva(capaian=BUTUH_PERBAIKAN, jumlah={BUTUH_PERBAIKAN: 6, BAIK: 4}) == []

    [peringatan] = rules.periksa_kurva(
        capaian=BUTUH_PERBAIKAN, jumlah={BUTUH_PERBAIKAN: 5, BAIK: 5}
    )
    assert peringatan == (
        "Butuh Perbaikan: 5 dari 10 (50,0%); seharusnya paling sedikit 60% untuk capaian "
        "organisasi Butuh Perbaikan."
    )


def test_butuh_perbaikan_allows_exactly_10_percent_sangat_baik_and_warns_above():
    assert (
        rules.periksa_kurva(
            capaian=BUTUH_PERBAIKAN, jumlah={BUTUH_PERBAIKAN: 6, BAIK: 3, SANGAT_BAIK: 1}
        )
        == []
    )

    [peringatan] = rules.periksa_kurva(
        capaian=BUTUH_PERBAIKAN, jumlah={BUTUH_PERBAIKAN: 12, BAIK: 5, SANGAT_BAIK: 2}
    )
    assert peringatan.startswith("Sangat Baik: 2 dari 19 (10,5%); paling banyak 10%")


def test_kurang_on_its_boundaries():
    tepat = {KURANG: 6, BUTUH_PERBAIKAN: 1, BAIK: 2, SANGAT_BAIK: 1}
    assert rules.periksa_kurva(capaian=KURANG, jumlah=tepat) == []

    [peringatan] = rules.periksa_kurva(
        capaian=KURANG, jumlah={KURANG: 5, BUTUH_PERBAIKAN: 1, BAIK: 4}
    )
    assert peringatan.startswith("Kurang/Misconduct: 5 dari 10 (50,0%); seharusnya paling sedikit")


def test_kurang_warns_without_butuh_perbaikan_and_with_too_many_sangat_baik():
    peringatan = rules.periksa_kurva(capaian=KURANG, jumlah={KURANG: 8, SANGAT_BAIK: 2})

    assert peringatan == [
        "Butuh Perbaikan: 0 dari 10 (0,0%); seharusnya paling sedikit 10% untuk capaian "
        "organisasi Kurang.",
        "Sangat Baik: 2 dari 10 (20,0%); paling banyak 10% untuk capaian organisasi Kurang.",
    ]


def test_sangat_kurang_allows_exactly_60_percent_and_warns_below():
    assert rules.periksa_kurva(capaian=SANGAT_KURANG, jumlah={SANGAT_KURANG: 6, KURANG: 4}) == []

    [peringatan] = rules.periksa_kurva(capaian=SANGAT_KURANG, jumlah={SANGAT_KURANG: 5, KURANG: 5})
    assert "seharusnya paling sedikit 60%" in peringatan


def test_sangat_kurang_warns_on_a_single_sangat_baik():
    [peringatan] = rules.periksa_kurva(
        capaian=SANGAT_KURANG, jumlah={SANGAT_KURANG: 99, SANGAT_BAIK: 1}
    )

    assert peringatan == (
        "Sangat Baik: 1 dari 100 (1,0%); tidak boleh ada untuk capaian organisasi Sangat Kurang."
    )


@pytest.mark.parametrize("capaian", list(rules.CAPAIAN_ORGANISASI))
@pytest.mark.parametrize("jumlah", [{}, dict.fromkeys(rules.PREDIKAT, 0), {"": 4}])
def test_an_opd_without_rated_pegawai_breaks_no_curve(capaian, jumlah):
    assert rules.periksa_kurva(capaian=capaian, jumlah=jumlah) == []


@pytest.mark.parametrize(
    "capaian,kalimat",
    [
        (rules.ISTIMEWA, ["Sangat Baik paling banyak 70%"]),
        (
            BAIK,
            [
                "Baik paling banyak 70%",
                "ada pegawai Butuh Perbaikan/Kurang/Misconduct/Sangat Kurang",
            ],
        ),
        (BUTUH_PERBAIKAN, ["Butuh Perbaikan paling sedikit 60%", "Sangat Baik paling banyak 10%"]),
        (
            KURANG,
            [
                "Kurang/Misconduct paling sedikit 60%",
                "Butuh Perbaikan paling sedikit 10%",
                "Sangat Baik paling banyak 10%",
            ],
        ),
        (SANGAT_KURANG, ["Sangat Kurang paling sedikit 60%", "tidak ada Sangat Baik"]),
    ],
)
def test_batas_kurva_states_the_bounds_of_each_capaian(capaian, kalimat):
    assert rules.batas_kurva(capaian) == kalimat


# --- status of a periode -----------------------------------------------------------------


def test_only_sangat_baik_waits_for_review():
    assert rules.status_setelah_rating(SANGAT_BAIK) == rules.MENUNGGU_REVIEW
    for p in (BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG):
        assert rules.status_setelah_rating(p) == rules.DINILAI


def test_only_the_pegawai_submits_and_only_the_tim_penilai_reopens_a_rating():
    assert [
        k
        for k in rules.TRANSISI_PERIODE
        if k[1] == rules.DIAJUKAN and rules.boleh_transisi(*k, rules.PEGAWAI)
    ] == [(rules.PENGISIAN, rules.DIAJUKAN)]
    # A rated period leaves "dinilai" only when the Tim Penilai pulls it into review.
    assert {
        (k, frozenset(v)) for k, v in rules.TRANSISI_PERIODE.items() if k[0] == rules.DINILAI
    } == {((rules.DINILAI, rules.MENUNGGU_REVIEW), frozenset({rules.TIM_PENILAI}))}


def test_a_period_is_rated_only_after_it_is_submitted():
    ke_dinilai = {dari for dari, ke in rules.TRANSISI_PERIODE if ke == rules.DINILAI}
    ke_review = {dari for dari, ke in rules.TRANSISI_PERIODE if ke == rules.MENUNGGU_REVIEW}

    assert ke_review == {rules.DIAJUKAN, rules.DINILAI}  # rated, or pulled back by TPK
    assert rules.PENGISIAN not in ke_dinilai
    # Leaving "menunggu review" is the Tim Penilai's decision alone.
    assert set().union(
        *(v for (dari, _), v in rules.TRANSISI_PERIODE.items() if dari == rules.MENUNGGU_REVIEW)
    ) == {rules.TIM_PENILAI}


# --- angka kredit ------------------------------------------------------------------------


@pytest.mark.parametrize("jenjang", list(rules.KOEFISIEN_TAHUNAN))
def test_baik_earns_exactly_the_annual_coefficient_of_the_jenjang(jenjang):
    koefisien = rules.KOEFISIEN_TAHUNAN[jenjang]

    assert rules.angka_kredit(predikat_kinerja=BAIK, koefisien_tahunan=koefisien) == koefisien


@pytest.mark.parametrize(
    "jenjang,predikat,harapan",
    [
        ("pemula", SANGAT_BAIK, Decimal("5.625")),
        ("terampil", BUTUH_PERBAIKAN, Decimal("3.750")),
        ("mahir", KURANG, Decimal("6.250")),
        ("penyelia", SANGAT_BAIK, Decimal("37.500")),
        ("ahli_muda", BAIK, Decimal("25.000")),
        ("ahli_madya", SANGAT_KURANG, Decimal("9.375")),
        ("ahli_utama", SANGAT_BAIK, Decimal("75.000")),
    ],
)
def test_angka_kredit_per_jenjang_and_predikat(jenjang, predikat, harapan):
    koefisien = rules.KOEFISIEN_TAHUNAN[jenjang]

    assert rules.angka_kredit(predikat_kinerja=predikat, koefisien_tahunan=koefisien) == harapan


def test_koefisien_follow_permenpanrb_1_2023():
    assert rules.KOEFISIEN_TAHUNAN == {
        "pemula": Decimal("3.75"),
        "terampil": Decimal("5"),
        "mahir": Decimal("12.5"),
        "penyelia": Decimal("25"),
        "ahli_pertama": Decimal("12.5"),
        "ahli_muda": Decimal("25"),
        "ahli_madya": Decimal("37.5"),
        "ahli_utama": Decimal("50"),
    }
