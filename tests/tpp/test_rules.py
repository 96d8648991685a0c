"""tpp/rules.py on hand-computed examples (DOMAIN.md "TPP", seeds 000 and 004).

Every amount below is worked out by hand in a comment, in exact rupiah, before the
assertion; the rules module is pure, so no database is needed.
"""

from datetime import date
from decimal import Decimal

import pytest

from inti.kalender import hari_kerja_antara
from penilaian.rules import DIATAS, DIBAWAH, SESUAI
from tpp import rules
from tpp.rules import (
    AturanTPP,
    Rentang,
    hitung_bagian,
    hitung_tpp,
    penjelasan_batas,
    rating_diizinkan,
)

# ---- rating allowed by the number of aktivitas harian (seed 004) -----------------------

SEMUA = (DIATAS, SESUAI, DIBAWAH)
SESUAI_ATAU_DIBAWAH = (SESUAI, DIBAWAH)
DIBAWAH_SAJA = (DIBAWAH,)


@pytest.mark.parametrize(
    "jumlah,harapan",
    [
        (0, DIBAWAH_SAJA),
        (1, DIBAWAH_SAJA),
        (19, DIBAWAH_SAJA),  # "0 s/d 19: Dibawah Ekspektasi"
        (20, SESUAI_ATAU_DIBAWAH),  # "20 s/d 39: Sesuai, Dibawah"
        (39, SESUAI_ATAU_DIBAWAH),
        (40, SEMUA),  # "40 >": 40 itself already allows every rating (DOMAIN.md: 40 or more)
        (41, SEMUA),
        (250, SEMUA),
    ],
)
def test_rating_allowed_follows_the_ntt_thresholds(jumlah, harapan):
    assert rating_diizinkan(jumlah) == harapan


def test_default_thresholds_are_those_of_seed_004():
    assert (rules.AMBANG_PENUH, rules.AMBANG_SESUAI) == (40, 20)


@pytest.mark.parametrize(
    "jumlah,harapan",
    [
        (0, DIBAWAH_SAJA),
        (9, DIBAWAH_SAJA),
        (10, SESUAI_ATAU_DIBAWAH),
        (29, SESUAI_ATAU_DIBAWAH),
        (30, SEMUA),
        # Under the NTT defaults 20 and 39 would be "Sesuai or Dibawah": the tenant's numbers win.
        (20, SESUAI_ATAU_DIBAWAH),
        (39, SEMUA),
    ],
)
def test_rating_allowed_uses_the_tenants_own_thresholds(jumlah, harapan):
    assert rating_diizinkan(jumlah, ambang_penuh=30, ambang_sesuai=10) == harapan


def test_a_tenant_without_limits_allows_every_rating_from_zero():
    assert rating_diizinkan(0, ambang_penuh=0, ambang_sesuai=0) == SEMUA


def test_dibawah_is_always_allowed_and_diatas_only_with_full_count():
    for jumlah in range(0, 61):
        boleh = rating_diizinkan(jumlah)
        assert DIBAWAH in boleh
        assert (DIATAS in boleh) == (jumlah >= 40)
        assert (SESUAI in boleh) == (jumlah >= 20)


def test_explanation_of_the_limits_reads_the_default_thresholds():
    assert penjelasan_batas() == (
        "40 aktivitas atau lebih: semua rating; 20–39: Sesuai atau Dibawah Ekspektasi; "
        "0–19: Dibawah Ekspektasi saja."
    )


def test_explanation_of_the_limits_reads_the_tenants_thresholds():
    assert penjelasan_batas(ambang_penuh=30, ambang_sesuai=10) == (
        "30 aktivitas atau lebih: semua rating; 10–29: Sesuai atau Dibawah Ekspektasi; "
        "0–9: Dibawah Ekspektasi saja."
    )


# ---- working days ----------------------------------------------------------------------

NATAL = date(2024, 12, 25)  # a Wednesday


def test_december_2024_has_21_working_days_mon_fri_with_christmas_off():
    # 1 December 2024 is a Sunday, so the weekdays are
    #   2–6, 9–13, 16–20, 23–27 (4 × 5 = 20) and 30–31 (2) = 22 weekdays;
    # 25 December (Wednesday) is a holiday → 22 − 1 = 21 working days.
    hari = hari_kerja_antara(date(2024, 12, 1), date(2024, 12, 31), hari_kerja=5, libur={NATAL})
    assert len(hari) == 21
    assert NATAL not in hari
    assert hari[0] == date(2024, 12, 2) and hari[-1] == date(2024, 12, 31)


def test_december_2024_without_holidays_has_22_weekdays():
    hari = hari_kerja_antara(date(2024, 12, 1), date(2024, 12, 31), hari_kerja=5, libur=set())
    assert len(hari) == 22


def test_december_2024_six_day_week_counts_saturdays():
    # The 22 weekdays plus Saturdays 7, 14, 21, 28 = 26; minus 25 December = 25.
    hari = hari_kerja_antara(date(2024, 12, 1), date(2024, 12, 31), hari_kerja=6, libur={NATAL})
    assert len(hari) == 25
    assert date(2024, 12, 28) in hari
    assert all(h.weekday() != 6 for h in hari)  # never a Sunday


def test_working_days_are_ordered_dates_without_weekends_for_five_day_week():
    hari = hari_kerja_antara(date(2024, 12, 2), date(2024, 12, 15), hari_kerja=5, libur=set())
    assert hari == [
        date(2024, 12, 2),
        date(2024, 12, 3),
        date(2024, 12, 4),
        date(2024, 12, 5),
        date(2024, 12, 6),
        date(2024, 12, 9),
        date(2024, 12, 10),
        date(2024, 12, 11),
        date(2024, 12, 12),
        date(2024, 12, 13),
    ]
    assert all(type(h) is date for h in hari)


def test_holidays_are_removed_and_a_holiday_on_a_weekend_changes_nothing():
    # Week of 23–29 December 2024: Mon–Fri = 5 days; 25 off → 4; 26 off (cuti bersama) → 3.
    # 28 December is a Saturday: as a "holiday" it removes nothing in a 5-day week.
    libur = {NATAL, date(2024, 12, 26), date(2024, 12, 28)}
    hari = hari_kerja_antara(date(2024, 12, 23), date(2024, 12, 29), hari_kerja=5, libur=libur)
    assert hari == [date(2024, 12, 23), date(2024, 12, 24), date(2024, 12, 27)]


def test_a_holiday_on_saturday_counts_in_a_six_day_week():
    # Mon 23 – Sat 28 December = 6 days, minus 25 and 28 → 4.
    libur = {NATAL, date(2024, 12, 28)}
    hari = hari_kerja_antara(date(2024, 12, 23), date(2024, 12, 29), hari_kerja=6, libur=libur)
    assert hari == [date(2024, 12, 23), date(2024, 12, 24), date(2024, 12, 26), date(2024, 12, 27)]


def test_a_single_working_day_is_counted_once():
    hari = date(2024, 12, 27)  # Friday
    assert hari_kerja_antara(hari, hari, hari_kerja=5, libur=set()) == [hari]


def test_a_single_holiday_is_no_working_day():
    assert hari_kerja_antara(NATAL, NATAL, hari_kerja=5, libur={NATAL}) == []


def test_a_range_inside_a_weekend_has_no_working_day_in_a_five_day_week():
    sabtu, minggu = date(2024, 12, 7), date(2024, 12, 8)
    assert hari_kerja_antara(sabtu, minggu, hari_kerja=5, libur=set()) == []
    # A 6-day OPD works that Saturday, never the Sunday.
    assert hari_kerja_antara(sabtu, minggu, hari_kerja=6, libur=set()) == [sabtu]


def test_an_inverted_range_has_no_working_day():
    assert hari_kerja_antara(date(2024, 12, 31), date(2024, 12, 1), hari_kerja=5, libur=set()) == []


def test_working_days_cross_the_year_boundary():
    # Mon 30 Dec 2024, Tue 31 Dec, (1 Jan 2025 holiday), Thu 2 Jan, Fri 3 Jan → 4.
    hari = hari_kerja_antara(
        date(2024, 12, 30), date(2025, 1, 5), hari_kerja=5, libur={date(2025, 1, 1)}
    )
    assert hari == [date(2024, 12, 30), date(2024, 12, 31), date(2025, 1, 2), date(2025, 1, 3)]


# ---- perhitungan TPP -------------------------------------------------------------------

# A tenant's Perkada as numbers: 60 % kinerja / 40 % disiplin; the three ratings pay
# different shares so that a mix-up shows; 3 % of the disiplin part per day of Tanpa
# Keterangan, 0.5 % per late arrival or early leave capped at 5 % each, total cut capped
# at 100 % of the disiplin part. Dinas Luar and cuti cut nothing (absent from the table).
ATURAN = AturanTPP(
    bobot_kinerja=Decimal("0.60"),
    bobot_disiplin=Decimal("0.40"),
    persen_rating={DIATAS: Decimal("1.00"), SESUAI: Decimal("0.90"), DIBAWAH: Decimal("0.70")},
    potongan_per_hari={
        "tanpa_keterangan": Decimal("0.03"),
        "terlambat": Decimal("0.005"),
        "pulang_cepat": Decimal("0.005"),
    },
    batas_potongan_jenis={"terlambat": Decimal("0.05"), "pulang_cepat": Decimal("0.05")},
    batas_potongan_total=Decimal("1"),
)
PAGU = Decimal("5000000")
# With PAGU for a full month: kinerja part 5,000,000 × 60 % = 3,000,000;
# disiplin part 5,000,000 × 40 % = 2,000,000.

LABEL_KINERJA_SESUAI = "Kinerja 60% × Sesuai Ekspektasi 90%"
LABEL_DISIPLIN = "Disiplin 40%"


def hitung(**kwargs):
    args = dict(
        aturan=ATURAN,
        pagu=PAGU,
        rating=SESUAI,
        hari_tidak_hadir={},
        hari_kerja_bulan=21,
        hari_kerja_menjabat=21,
    )
    args.update(kwargs)
    return hitung_tpp(**args)


def assert_rupiah_utuh(rincian):
    """Every line is a Decimal of whole rupiah, and the total is their exact sum."""
    for uraian, jumlah in rincian.baris:
        assert isinstance(uraian, str)
        assert type(jumlah) is Decimal, uraian
        assert jumlah == jumlah.to_integral_value(), uraian
        assert jumlah.as_tuple().exponent == 0, uraian  # "2700000", never "2700000.00"
    assert type(rincian.total) is Decimal
    assert rincian.total == sum((j for _, j in rincian.baris), Decimal("0"))


def test_full_month_rated_sesuai_without_absence():
    # Kinerja 3,000,000 × 90 % = 2,700,000; disiplin 2,000,000; total 4,700,000.
    rincian = hitung()
    assert rincian.baris == [
        (LABEL_KINERJA_SESUAI, Decimal("2700000")),
        (LABEL_DISIPLIN, Decimal("2000000")),
    ]
    assert rincian.total == Decimal("4700000")
    assert rincian.dasar == "Pagu kelas jabatan Rp5.000.000"  # no proration shown
    assert_rupiah_utuh(rincian)


def test_diatas_pays_more_kinerja_than_dibawah_and_disiplin_is_the_same():
    # Diatas: 3,000,000 × 100 % = 3,000,000 → total 5,000,000.
    # Dibawah: 3,000,000 × 70 % = 2,100,000 → total 4,100,000.
    diatas = hitung(rating=DIATAS)
    dibawah = hitung(rating=DIBAWAH)
    assert diatas.baris == [
        ("Kinerja 60% × Diatas Ekspektasi 100%", Decimal("3000000")),
        (LABEL_DISIPLIN, Decimal("2000000")),
    ]
    assert dibawah.baris == [
        ("Kinerja 60% × Dibawah Ekspektasi 70%", Decimal("2100000")),
        (LABEL_DISIPLIN, Decimal("2000000")),
    ]
    assert diatas.total == Decimal("5000000")
    assert dibawah.total == Decimal("4100000")
    assert diatas.total - dibawah.total == Decimal("900000")  # 3,000,000 × (100 − 70) %
    assert_rupiah_utuh(diatas)
    assert_rupiah_utuh(dibawah)


def test_not_yet_rated_pays_no_kinerja_but_the_disiplin_part():
    # No rating → kinerja 0; disiplin 2,000,000 still paid; total 2,000,000.
    rincian = hitung(rating=None)
    assert rincian.baris == [
        ("Kinerja 60% × belum dinilai 0%", Decimal("0")),
        (LABEL_DISIPLIN, Decimal("2000000")),
    ]
    assert rincian.total == Decimal("2000000")
    assert_rupiah_utuh(rincian)


def test_empty_rating_string_counts_as_not_yet_rated():
    # The recap stores "" for a pegawai without a rating.
    assert hitung(rating="").baris == hitung(rating=None).baris


def test_two_days_tanpa_keterangan_cut_three_percent_a_day_of_disiplin():
    # 2 days × 3 % = 6 % of 2,000,000 = 120,000 →
    # total 2,700,000 + 2,000,000 − 120,000 = 4,580,000.
    rincian = hitung(hari_tidak_hadir={"tanpa_keterangan": 2})
    assert rincian.baris == [
        (LABEL_KINERJA_SESUAI, Decimal("2700000")),
        (LABEL_DISIPLIN, Decimal("2000000")),
        ("Potongan Tanpa Keterangan 2 hari × 3%", Decimal("-120000")),
    ]
    assert rincian.total == Decimal("4580000")
    assert_rupiah_utuh(rincian)


def test_absence_that_the_perkada_does_not_cut_adds_no_line():
    # Dinas Luar and Cuti Tahunan have no rate; 0 days of Tanpa Keterangan cut nothing.
    rincian = hitung(hari_tidak_hadir={"dinas_luar": 3, "cuti_tahunan": 2, "tanpa_keterangan": 0})
    assert rincian.baris == hitung().baris
    assert rincian.total == Decimal("4700000")


def test_late_arrivals_are_capped_per_kind():
    # 12 × 0.5 % = 6 % > cap 5 % → 5 % of 2,000,000 = 100,000; the slip says it was capped.
    rincian = hitung(hari_tidak_hadir={"terlambat": 12})
    assert rincian.baris[-1] == (
        "Potongan Terlambat masuk 12 hari × 0,5%, dibatasi 5%",
        Decimal("-100000"),
    )
    assert rincian.total == Decimal("4600000")  # 4,700,000 − 100,000
    assert_rupiah_utuh(rincian)


def test_late_arrivals_exactly_at_the_cap_are_not_marked_capped():
    # 10 × 0.5 % = 5 % = the cap → 100,000, no "dibatasi".
    rincian = hitung(hari_tidak_hadir={"terlambat": 10})
    assert rincian.baris[-1] == ("Potongan Terlambat masuk 10 hari × 0,5%", Decimal("-100000"))


def test_each_kind_has_its_own_cap():
    # terlambat 20 × 0.5 % = 10 % → 5 % = 100,000; pulang_cepat 3 × 0.5 % = 1.5 % = 30,000.
    # Total 4,700,000 − 130,000 = 4,570,000. Lines follow a fixed (alphabetical) order.
    rincian = hitung(hari_tidak_hadir={"terlambat": 20, "pulang_cepat": 3})
    assert rincian.baris[2:] == [
        ("Potongan Pulang sebelum waktunya 3 hari × 0,5%", Decimal("-30000")),
        ("Potongan Terlambat masuk 20 hari × 0,5%, dibatasi 5%", Decimal("-100000")),
    ]
    assert rincian.total == Decimal("4570000")


def test_slip_order_does_not_depend_on_the_order_absences_were_entered():
    satu = hitung(hari_tidak_hadir={"terlambat": 2, "tanpa_keterangan": 1, "pulang_cepat": 1})
    dua = hitung(hari_tidak_hadir={"pulang_cepat": 1, "tanpa_keterangan": 1, "terlambat": 2})
    assert satu.baris == dua.baris


def test_forty_days_tanpa_keterangan_cut_the_whole_disiplin_part_and_no_more():
    # 40 × 3 % = 120 % > total cap 100 % → cut 100 % of 2,000,000 = 2,000,000;
    # total = kinerja 2,700,000: the disiplin part is gone, kinerja untouched.
    rincian = hitung(hari_tidak_hadir={"tanpa_keterangan": 40})
    assert rincian.baris[-1] == (
        "Potongan Tanpa Keterangan 40 hari × 3%, batas potongan 100%",
        Decimal("-2000000"),
    )
    assert rincian.total == Decimal("2700000")
    assert_rupiah_utuh(rincian)


def test_after_the_total_cap_is_used_up_later_cuts_are_zero():
    # tanpa_keterangan 40 days takes the whole 100 %; terlambat (after it alphabetically)
    # is still listed, at 0, with the reason; total stays 2,700,000.
    rincian = hitung(hari_tidak_hadir={"tanpa_keterangan": 40, "terlambat": 4})
    assert rincian.baris[-1] == (
        "Potongan Terlambat masuk 4 hari × 0,5%, batas potongan 100%",
        Decimal("0"),
    )
    assert rincian.total == Decimal("2700000")
    assert rincian.total >= rincian.baris[0][1]  # never below the kinerja part
    assert_rupiah_utuh(rincian)


def test_not_rated_and_absent_all_month_pays_zero_never_negative():
    # Kinerja 0 (not rated) + disiplin 2,000,000 − 2,000,000 (cap) = 0.
    rincian = hitung(rating=None, hari_tidak_hadir={"tanpa_keterangan": 40})
    assert rincian.total == Decimal("0")
    assert_rupiah_utuh(rincian)


def test_a_lower_total_cap_of_the_tenant_is_shared_between_kinds():
    # Tenant caps all cuts at 50 % of the disiplin part (2,000,000). Kinds are taken in
    # alphabetical order of their code:
    #   pulang_cepat 10 × 0.5 % = 5 %      → 100,000 (5 % used)
    #   tanpa_keterangan 15 × 3 % = 45 %   → 900,000 (50 % used)
    #   terlambat 4 × 0.5 % = 2 % > 0 % left → 0, marked with the total cap.
    aturan = AturanTPP(
        bobot_kinerja=ATURAN.bobot_kinerja,
        bobot_disiplin=ATURAN.bobot_disiplin,
        persen_rating=ATURAN.persen_rating,
        potongan_per_hari=ATURAN.potongan_per_hari,
        batas_potongan_jenis=ATURAN.batas_potongan_jenis,
        batas_potongan_total=Decimal("0.5"),
    )
    rincian = hitung(
        aturan=aturan,
        hari_tidak_hadir={"tanpa_keterangan": 15, "terlambat": 4, "pulang_cepat": 10},
    )
    assert rincian.baris[2:] == [
        ("Potongan Pulang sebelum waktunya 10 hari × 0,5%", Decimal("-100000")),
        ("Potongan Tanpa Keterangan 15 hari × 3%", Decimal("-900000")),
        ("Potongan Terlambat masuk 4 hari × 0,5%, batas potongan 50%", Decimal("0")),
    ]
    # 2,700,000 + 2,000,000 − 1,000,000 (50 % of disiplin) = 3,700,000.
    assert rincian.total == Decimal("3700000")


def test_partial_month_prorates_the_base_and_shows_it():
    # A new pegawai served 10 of 21 working days:
    #   dasar 5,000,000 × 10/21 = 2,380,952.38… (shown rounded down: Rp2.380.952)
    #   kinerja 2,380,952.38… × 60 % × 90 % = 1,285,714.28… → 1,285,714
    #   disiplin 2,380,952.38… × 40 % = 952,380.95… → 952,380
    #   total 2,238,094.
    rincian = hitung(hari_kerja_menjabat=10)
    assert rincian.dasar == "Pagu kelas jabatan Rp5.000.000 × 10/21 hari kerja = Rp2.380.952"
    assert rincian.baris == [
        (LABEL_KINERJA_SESUAI, Decimal("1285714")),
        (LABEL_DISIPLIN, Decimal("952380")),
    ]
    assert rincian.total == Decimal("2238094")
    assert_rupiah_utuh(rincian)


def test_partial_month_cut_is_taken_from_the_prorated_disiplin_and_truncated():
    # 1 day Tanpa Keterangan on the 10/21 month: 952,380 × 3 % = 28,571.4 → cut 28,571.
    # Every line is truncated towards zero, so a fraction of a cut is not taken (in the
    # pegawai's favour): total 1,285,714 + 952,380 − 28,571 = 2,209,523.
    rincian = hitung(hari_kerja_menjabat=10, hari_tidak_hadir={"tanpa_keterangan": 1})
    assert rincian.baris[-1] == ("Potongan Tanpa Keterangan 1 hari × 3%", Decimal("-28571"))
    assert rincian.total == Decimal("2209523")
    assert_rupiah_utuh(rincian)


@pytest.mark.parametrize(
    "pagu,menjabat,bulan",
    [(Decimal("3000000"), 7, 21), (Decimal("2200000"), 10, 22)],
)
def test_a_prorated_base_that_is_whole_rupiah_loses_nothing(pagu, menjabat, bulan):
    # dasar 1,000,000; kinerja 1,000,000 × 60 % × 90 % = 540,000; disiplin 400,000.
    rincian = hitung(pagu=pagu, hari_kerja_menjabat=menjabat, hari_kerja_bulan=bulan)
    assert rincian.dasar.endswith(f" × {menjabat}/{bulan} hari kerja = Rp1.000.000")
    assert rincian.baris == [
        (LABEL_KINERJA_SESUAI, Decimal("540000")),
        (LABEL_DISIPLIN, Decimal("400000")),
    ]
    assert rincian.total == Decimal("940000")


def test_mutasi_mid_month_pays_each_post_for_its_own_days():
    # 21 working days: 10 in the old post, 11 in the new one, same kelas jabatan.
    # Old post: dasar 5,000,000 × 10/21 = 2,380,952.38…
    #   kinerja × 54 % = 1,285,714.28… → 1,285,714; disiplin × 40 % = 952,380.95… → 952,380
    # New post: dasar 5,000,000 × 11/21 = 2,619,047.61…
    #   kinerja × 54 % = 1,414,285.71… → 1,414,285; disiplin × 40 % = 1,047,619.04… → 1,047,619
    # Kinerja 1,285,714 + 1,414,285 = 2,699,999 (full month 2,700,000): 1 short.
    # Disiplin 952,380 + 1,047,619 = 1,999,999 (full month 2,000,000): 1 short.
    # Each line loses less than 1 rupiah to rounding down, so the two posts together are
    # at most 1 rupiah short per line, 2 on the total (4,699,998 against 4,700,000).
    lama = hitung(hari_kerja_menjabat=10)
    baru = hitung(hari_kerja_menjabat=11)
    penuh = hitung()
    assert [j for _, j in lama.baris] == [Decimal("1285714"), Decimal("952380")]
    assert [j for _, j in baru.baris] == [Decimal("1414285"), Decimal("1047619")]
    for (_, a), (_, b), (_, p) in zip(lama.baris, baru.baris, penuh.baris, strict=True):
        assert p - 1 <= a + b <= p
    assert lama.total + baru.total == Decimal("4699998")
    assert penuh.total - len(penuh.baris) <= lama.total + baru.total <= penuh.total
    assert "× 10/21" in lama.dasar and "× 11/21" in baru.dasar


def test_mutasi_to_another_kelas_uses_each_posts_own_base():
    # 10 days at 4,200,000 + 11 days at 6,300,000 (21 working days), both Sesuai:
    #   old dasar 4,200,000 × 10/21 = 2,000,000 → kinerja 1,080,000, disiplin 800,000
    #   new dasar 6,300,000 × 11/21 = 3,300,000 → kinerja 1,782,000, disiplin 1,320,000
    lama = hitung(pagu=Decimal("4200000"), hari_kerja_menjabat=10)
    baru = hitung(pagu=Decimal("6300000"), hari_kerja_menjabat=11)
    assert [j for _, j in lama.baris] == [Decimal("1080000"), Decimal("800000")]
    assert [j for _, j in baru.baris] == [Decimal("1782000"), Decimal("1320000")]
    assert lama.total + baru.total == Decimal("4982000")


def test_more_days_in_post_than_in_the_month_never_pays_more_than_the_base():
    rincian = hitung(hari_kerja_menjabat=23)
    assert rincian.baris == hitung().baris
    assert rincian.dasar == "Pagu kelas jabatan Rp5.000.000"


def test_an_exempt_pegawai_gets_nothing_and_one_line_saying_why():
    rincian = hitung(
        rating=DIATAS,
        hari_tidak_hadir={"tanpa_keterangan": 2},
        dikecualikan="Cuti di Luar Tanggungan Negara (CLTN)",
    )
    assert rincian.baris == [
        ("Tidak menerima TPP: Cuti di Luar Tanggungan Negara (CLTN)", Decimal("0"))
    ]
    assert rincian.total == Decimal("0")
    assert rincian.dasar == ""
    assert_rupiah_utuh(rincian)


def test_exemption_wins_even_without_working_days():
    rincian = hitung(hari_kerja_menjabat=0, dikecualikan="Diberhentikan sementara")
    assert rincian.baris == [("Tidak menerima TPP: Diberhentikan sementara", Decimal("0"))]


@pytest.mark.parametrize("bulan,menjabat", [(0, 0), (0, 5), (21, 0)])
def test_no_working_days_in_post_pays_nothing_and_says_so(bulan, menjabat):
    rincian = hitung(hari_kerja_bulan=bulan, hari_kerja_menjabat=menjabat)
    assert rincian.baris == [("Tidak ada hari kerja dalam jabatan bulan ini", Decimal("0"))]
    assert rincian.total == Decimal("0")
    assert type(rincian.total) is Decimal
    assert rincian.dasar == ""


@pytest.mark.parametrize(
    "pagu,menjabat,bulan,tidak_hadir",
    [
        (Decimal("4999999"), 21, 21, {"tanpa_keterangan": 1}),
        (Decimal("3333333"), 13, 22, {"terlambat": 3, "pulang_cepat": 1}),
        (Decimal("7777777"), 5, 26, {"tanpa_keterangan": 2, "terlambat": 15}),
        (Decimal("1234567.89"), 19, 23, {"pulang_cepat": 7}),
    ],
)
def test_every_line_is_whole_rupiah_and_the_total_is_their_sum(pagu, menjabat, bulan, tidak_hadir):
    for rating in (DIATAS, SESUAI, DIBAWAH, None):
        rincian = hitung(
            pagu=pagu,
            rating=rating,
            hari_kerja_menjabat=menjabat,
            hari_kerja_bulan=bulan,
            hari_tidak_hadir=tidak_hadir,
        )
        assert_rupiah_utuh(rincian)
        assert Decimal("0") <= rincian.total <= pagu


def test_lines_are_rounded_down_not_to_nearest():
    # 4,999,999 full month: kinerja 4,999,999 × 54 % = 2,699,999.46 → 2,699,999;
    # disiplin × 40 % = 1,999,999.6 → 1,999,999 (to nearest it would be 2,000,000);
    # 1 day TK: 1,999,999 × 3 % = 59,999.97 → 59,999 (to nearest 60,000).
    rincian = hitung(pagu=Decimal("4999999"), hari_tidak_hadir={"tanpa_keterangan": 1})
    assert [j for _, j in rincian.baris] == [
        Decimal("2699999"),
        Decimal("1999999"),
        Decimal("-59999"),
    ]
    assert rincian.total == Decimal("4639999")


def test_amounts_configured_with_database_decimals_give_the_same_slip():
    # DecimalField(decimal_places=4 / 2) hands back 0.6000 and 5000000.00: same labels,
    # same whole-rupiah amounts.
    aturan_db = AturanTPP(
        bobot_kinerja=Decimal("0.6000"),
        bobot_disiplin=Decimal("0.4000"),
        persen_rating={
            DIATAS: Decimal("1.0000"),
            SESUAI: Decimal("0.9000"),
            DIBAWAH: Decimal("0.7000"),
        },
        potongan_per_hari={"tanpa_keterangan": Decimal("0.0300"), "terlambat": Decimal("0.0050")},
        batas_potongan_jenis={"terlambat": Decimal("0.0500")},
        batas_potongan_total=Decimal("1.0000"),
    )
    tidak_hadir = {"tanpa_keterangan": 2, "terlambat": 12}
    dari_db = hitung(aturan=aturan_db, pagu=Decimal("5000000.00"), hari_tidak_hadir=tidak_hadir)
    assert dari_db.baris == hitung(hari_tidak_hadir=tidak_hadir).baris
    assert dari_db.dasar == "Pagu kelas jabatan Rp5.000.000"
    assert_rupiah_utuh(dari_db)


def test_money_is_never_float():
    rincian = hitung(hari_kerja_menjabat=10, hari_tidak_hadir={"tanpa_keterangan": 3})
    assert all(not isinstance(j, float) for _, j in rincian.baris)
    assert not isinstance(rincian.total, float)
    assert_rupiah_utuh(rincian)


def test_an_empty_slip_totals_decimal_zero():
    kosong = rules.RincianTPP()
    assert kosong.total == Decimal("0") and type(kosong.total) is Decimal


# ---- Indonesian labels -----------------------------------------------------------------


@pytest.mark.parametrize(
    "jenis,label",
    [
        ("dinas_luar", "Dinas Luar"),
        ("cuti_tahunan", "Cuti Tahunan"),
        ("cuti_sakit", "Cuti Sakit"),
        ("cuti_besar", "Cuti Besar"),
        ("cuti_melahirkan", "Cuti Melahirkan"),
        ("cuti_alasan_penting", "Cuti Alasan Penting"),
        ("tugas_belajar", "Tugas Belajar"),
        ("tanpa_keterangan", "Tanpa Keterangan"),
        ("terlambat", "Terlambat masuk"),
        ("pulang_cepat", "Pulang sebelum waktunya"),
    ],
)
def test_every_kind_of_absence_is_named_in_indonesian_on_the_slip(jenis, label):
    # DOMAIN.md lists the kinds; a tenant whose Perkada cuts any of them at 1 %/day
    # shows the Indonesian name: 2 days × 1 % = 2 % of 2,000,000 = 40,000.
    aturan = AturanTPP(
        bobot_kinerja=Decimal("0.6"),
        bobot_disiplin=Decimal("0.4"),
        persen_rating=ATURAN.persen_rating,
        potongan_per_hari={jenis: Decimal("0.01")},
    )
    rincian = hitung(aturan=aturan, hari_tidak_hadir={jenis: 2})
    assert rules.JENIS_KETIDAKHADIRAN[jenis] == label
    assert rincian.baris[-1] == (f"Potongan {label} 2 hari × 1%", Decimal("-40000"))


@pytest.mark.parametrize(
    "rating,label",
    [
        (DIATAS, "Kinerja 60% × Diatas Ekspektasi 100%"),
        (SESUAI, "Kinerja 60% × Sesuai Ekspektasi 90%"),
        (DIBAWAH, "Kinerja 60% × Dibawah Ekspektasi 70%"),
        (None, "Kinerja 60% × belum dinilai 0%"),
    ],
)
def test_kinerja_line_names_the_rating_in_indonesian(rating, label):
    assert hitung(rating=rating).baris[0][0] == label


def test_fractional_percentages_use_the_indonesian_decimal_comma():
    # 62.5 % / 37.5 % of 4,000,000: kinerja 2,500,000 × 90 % = 2,250,000; disiplin 1,500,000.
    aturan = AturanTPP(
        bobot_kinerja=Decimal("0.625"),
        bobot_disiplin=Decimal("0.375"),
        persen_rating={SESUAI: Decimal("0.9")},
        potongan_per_hari={"tanpa_keterangan": Decimal("0.025")},
    )
    # 1 day × 2.5 % of 1,500,000 = 37,500.
    rincian = hitung(
        aturan=aturan, pagu=Decimal("4000000"), hari_tidak_hadir={"tanpa_keterangan": 1}
    )
    assert rincian.baris == [
        ("Kinerja 62,5% × Sesuai Ekspektasi 90%", Decimal("2250000")),
        ("Disiplin 37,5%", Decimal("1500000")),
        ("Potongan Tanpa Keterangan 1 hari × 2,5%", Decimal("-37500")),
    ]


def test_base_uses_indonesian_thousand_separators():
    rincian = hitung(pagu=Decimal("12345678"), hari_kerja_menjabat=7, hari_kerja_bulan=22)
    # 12,345,678 × 7/22 = 3,928,170.27… → Rp3.928.170
    assert rincian.dasar == "Pagu kelas jabatan Rp12.345.678 × 7/22 hari kerja = Rp3.928.170"


# ---- one post of the month: days served, exempt days, absences ------------------------

DESEMBER = hari_kerja_antara(date(2024, 12, 1), date(2024, 12, 31), hari_kerja=5, libur={NATAL})


def bagian(**kwargs):
    args = dict(
        aturan=ATURAN,
        pagu=PAGU,
        rating=SESUAI,
        hari_kerja_bulan=DESEMBER,
        dari=date(2024, 12, 1),
        sampai=date(2024, 12, 31),
        pengecualian=[],
        ketidakhadiran=[],
    )
    args.update(kwargs)
    return hitung_bagian(**args)


def test_a_whole_month_in_one_post_is_the_monthly_formula():
    assert bagian().baris == hitung().baris


def test_exempt_days_are_not_paid_and_absences_on_them_are_not_cut():
    cltn = Rentang(date(2024, 12, 16), None, "CLTN")
    # Absent without notice on 2 and 16 December: only the 2nd was a day served.
    absen = [("tanpa_keterangan", Rentang(date(2024, 12, 2), date(2024, 12, 2)))]
    absen.append(("tanpa_keterangan", Rentang(date(2024, 12, 16), date(2024, 12, 16))))
    dengan = bagian(pengecualian=[cltn], ketidakhadiran=absen)
    sampai_15 = [h for h in DESEMBER if h < date(2024, 12, 16)]
    tanpa = hitung(hari_kerja_menjabat=len(sampai_15), hari_tidak_hadir={"tanpa_keterangan": 1})
    assert dengan.baris == tanpa.baris


def test_a_month_wholly_exempt_pays_nothing_and_says_why():
    rincian = bagian(
        pengecualian=[Rentang(date(2024, 11, 1), None, "Cuti di luar tanggungan negara")]
    )
    assert rincian.baris == [("Tidak menerima TPP: Cuti di luar tanggungan negara", Decimal("0"))]


def test_a_kelas_without_pagu_pays_nothing_and_says_why():
    rincian = bagian(pagu=None)
    assert rincian.baris == [
        ("Tidak menerima TPP: kelas jabatan belum diisi atau tanpa pagu", Decimal("0"))
    ]


def test_a_post_taken_mid_month_pays_its_days_only():
    dari = date(2024, 12, 16)
    rincian = bagian(dari=dari)
    assert (
        rincian.baris == hitung(hari_kerja_menjabat=len([h for h in DESEMBER if h >= dari])).baris
    )
