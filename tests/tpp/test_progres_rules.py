"""tpp/rules.py, progres harian (BKN 2026): the late window on the tenant's clock, the
month's recap, the status machines, and the slip when a Perkada cuts late or missing days
(DOMAIN.md "TPP"). Pure: no database.

The dates are of March 2025 unless said otherwise: Thursday 6, Friday 7, Saturday 8,
Monday 10, Tuesday 11, Wednesday 12 March. Every rupiah is worked out by hand in a comment.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from inti.kalender import hari_kerja_antara
from inti.status import TransisiDitolak
from penilaian.rules import DIATAS, DIBAWAH, SESUAI
from tpp import rules
from tpp.rules import (
    ATASAN,
    BELUM,
    DIAJUKAN,
    DIKEMBALIKAN,
    DINILAI,
    DISETUJUI,
    DRAFT,
    HARI_DIAJUKAN,
    MESIN_PROGRES_HARIAN,
    MESIN_REALISASI_BULANAN,
    PEGAWAI,
    PENGISIAN,
    PENILAI,
    AturanTPP,
    RekapProgres,
    Rentang,
    batas_tepat_waktu,
    hitung_bagian,
    rekap_progres,
    terlambat,
)

KAMIS, JUMAT, SABTU = date(2025, 3, 6), date(2025, 3, 7), date(2025, 3, 8)
SENIN, SELASA, RABU = date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12)

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")


def utc(tahun, bulan, hari, jam, menit=0, detik=0, mikro=0):
    return datetime(tahun, bulan, hari, jam, menit, detik, mikro, tzinfo=UTC)


# ---- the window: the last day on which a day's progres is on time ----------------------


@pytest.mark.parametrize(
    "tanggal,jendela,hari_kerja,libur,batas",
    [
        # Thursday + 3 working days: Fri 7, Mon 10, Tue 11 (5-day week) …
        (KAMIS, 3, 5, set(), SELASA),
        # … Fri 7, Sat 8, Mon 10 (6-day week).
        (KAMIS, 3, 6, set(), SENIN),
        # A holiday on Monday 10 pushes both one working day further.
        (KAMIS, 3, 5, {SENIN}, RABU),
        (KAMIS, 3, 6, {SENIN}, SELASA),
        # A holiday on Saturday changes nothing for a 5-day unit, one day for a 6-day one.
        (KAMIS, 3, 5, {SABTU}, SELASA),
        (KAMIS, 3, 6, {SABTU}, SELASA),
        # Two holidays in the window (Fri 7 and Mon 10): Tue 11, Wed 12, Thu 13.
        (KAMIS, 3, 5, {JUMAT, SENIN}, date(2025, 3, 13)),
        # Jendela 0: the day itself, whatever the week or the holidays around it.
        (KAMIS, 0, 5, set(), KAMIS),
        (KAMIS, 0, 6, {JUMAT}, KAMIS),
        # Friday + 1: Monday for a 5-day unit, Saturday for a 6-day one.
        (JUMAT, 1, 5, set(), SENIN),
        (JUMAT, 1, 6, set(), SABTU),
        # Progres of a Saturday (6-day unit) with 3: Mon 10, Tue 11, Wed 12.
        (SABTU, 3, 6, set(), RABU),
        # Across the month and the year: Tue 30 Dec 2025 + 3 with 1 Jan 2026 a holiday →
        # Wed 31, Fri 2, Mon 5.
        (date(2025, 12, 30), 3, 5, {date(2026, 1, 1)}, date(2026, 1, 5)),
    ],
)
def test_the_window_counts_working_days_after_the_day(tanggal, jendela, hari_kerja, libur, batas):
    assert batas_tepat_waktu(tanggal, jendela=jendela, hari_kerja=hari_kerja, libur=libur) == batas


# Thursday 6 March with jendela 3 in a 5-day unit: on time until Tuesday 11 March 23:59:59.999
# on the tenant's clock. The instants are in UTC, so only the zone decides:
#   WIB  = UTC+7: Tue 23:59 WIB  = Tue 16:59 UTC; Wed 00:00 WIB  = Tue 17:00 UTC
#   WITA = UTC+8: Tue 23:59 WITA = Tue 15:59 UTC; Wed 00:00 WITA = Tue 16:00 UTC
#   WIT  = UTC+9: Tue 23:59 WIT  = Tue 14:59 UTC; Wed 00:00 WIT  = Tue 15:00 UTC
@pytest.mark.parametrize(
    "zona,diajukan,lambat",
    [
        (WIB, utc(2025, 3, 11, 16, 59), False),  # 23:59 WIB on the last day
        (WIB, utc(2025, 3, 11, 16, 59, 59, 999999), False),  # its very last instant
        (WIB, utc(2025, 3, 11, 17, 0), True),  # 00:00 WIB the next day
        (WITA, utc(2025, 3, 11, 15, 59), False),
        (WITA, utc(2025, 3, 11, 15, 59, 59, 999999), False),
        (WITA, utc(2025, 3, 11, 16, 0), True),
        (WIT, utc(2025, 3, 11, 14, 59), False),
        (WIT, utc(2025, 3, 11, 14, 59, 59, 999999), False),
        (WIT, utc(2025, 3, 11, 15, 0), True),
        # 16:30 UTC on Tuesday is 23:30 WIB (on time) but already Wednesday 00:30 WITA
        # and 01:30 WIT (late).
        (WIB, utc(2025, 3, 11, 16, 30), False),
        (WITA, utc(2025, 3, 11, 16, 30), True),
        (WIT, utc(2025, 3, 11, 16, 30), True),
        # The same day, early on the tenant's clock: Thursday 00:00 WIT = Wed 5 15:00 UTC.
        (WIT, utc(2025, 3, 5, 15, 0), False),
    ],
)
def test_late_is_read_on_the_tenants_clock_at_the_edge_of_the_window(zona, diajukan, lambat):
    hasil = terlambat(KAMIS, diajukan, zona=zona, jendela=3, hari_kerja=5, libur=set())
    assert hasil is lambat


# The 6-day unit's last day is Monday 10: 23:59 local is on time, 00:00 Tuesday is late.
@pytest.mark.parametrize(
    "zona,selisih_jam",
    [(WIB, 7), (WITA, 8), (WIT, 9)],
)
def test_a_six_day_unit_is_late_from_tuesday_midnight_in_every_zone(zona, selisih_jam):
    tengah_malam = datetime(2025, 3, 11, 0, 0, tzinfo=UTC) - timedelta(hours=selisih_jam)
    satu_menit = timedelta(minutes=1)
    kwargs = dict(zona=zona, jendela=3, hari_kerja=6, libur=set())
    assert terlambat(KAMIS, tengah_malam - satu_menit, **kwargs) is False
    assert terlambat(KAMIS, tengah_malam, **kwargs) is True


@pytest.mark.parametrize(
    "zona,terakhir,pertama_telat",
    [
        # A holiday on Monday 10: the 5-day window runs to Wednesday 12.
        (WIB, utc(2025, 3, 12, 16, 59), utc(2025, 3, 12, 17, 0)),
        (WITA, utc(2025, 3, 12, 15, 59), utc(2025, 3, 12, 16, 0)),
        (WIT, utc(2025, 3, 12, 14, 59), utc(2025, 3, 12, 15, 0)),
    ],
)
def test_a_holiday_inside_the_window_extends_it_by_a_day(zona, terakhir, pertama_telat):
    kwargs = dict(zona=zona, jendela=3, hari_kerja=5, libur={SENIN})
    assert terlambat(KAMIS, terakhir, **kwargs) is False
    assert terlambat(KAMIS, pertama_telat, **kwargs) is True


@pytest.mark.parametrize(
    "zona,terakhir,pertama_telat",
    [
        # Jendela 0: Thursday itself, until 23:59 local.
        (WIB, utc(2025, 3, 6, 16, 59), utc(2025, 3, 6, 17, 0)),
        (WITA, utc(2025, 3, 6, 15, 59), utc(2025, 3, 6, 16, 0)),
        (WIT, utc(2025, 3, 6, 14, 59), utc(2025, 3, 6, 15, 0)),
    ],
)
def test_jendela_zero_means_the_same_day(zona, terakhir, pertama_telat):
    kwargs = dict(zona=zona, jendela=0, hari_kerja=5, libur=set())
    assert terlambat(KAMIS, terakhir, **kwargs) is False
    assert terlambat(KAMIS, pertama_telat, **kwargs) is True


# ---- the month's recap ------------------------------------------------------------------


# One required day, Thursday 6 March (5-day unit, jendela 3): its window closes at the end
# of Tuesday 11, so on Tuesday it is still open and from Wednesday 12 it has passed.
# Columns: status of the day (and late), today, expected (terisi, terlambat, kosong, menunggu).
@pytest.mark.parametrize(
    "status,lambat,hari_ini,harapan",
    [
        (DISETUJUI, False, RABU, (1, 0, 0, 0)),
        (DISETUJUI, True, RABU, (1, 1, 0, 0)),
        (HARI_DIAJUKAN, False, RABU, (1, 0, 0, 1)),
        (HARI_DIAJUKAN, True, RABU, (1, 1, 0, 1)),
        # Filled days count before their window closes too.
        (HARI_DIAJUKAN, False, KAMIS, (1, 0, 0, 1)),
        # Not filled: empty once the window has passed …
        (BELUM, False, RABU, (0, 0, 1, 0)),
        (DRAFT, False, RABU, (0, 0, 1, 0)),
        (DIKEMBALIKAN, True, RABU, (0, 0, 1, 0)),
        # … and not yet on its last day, or the day itself.
        (BELUM, False, SELASA, (0, 0, 0, 0)),
        (DRAFT, False, SELASA, (0, 0, 0, 0)),
        (DIKEMBALIKAN, False, SELASA, (0, 0, 0, 0)),
        (BELUM, False, KAMIS, (0, 0, 0, 0)),
    ],
)
def test_one_day_of_the_recap(status, lambat, hari_ini, harapan):
    hari = {} if status == BELUM else {KAMIS: (status, lambat)}
    rekap = rekap_progres([KAMIS], hari, hari_ini=hari_ini, jendela=3, hari_kerja=5, libur=set())
    assert rekap == RekapProgres(1, *harapan)


def test_a_holiday_in_the_window_keeps_an_empty_day_open_one_day_longer():
    # Holiday Monday 10: Thursday's window runs to Wednesday 12, so on Wednesday the empty
    # day is not yet counted; on Thursday 13 it is.
    kwargs = dict(jendela=3, hari_kerja=5, libur={SENIN})
    assert rekap_progres([KAMIS], {}, hari_ini=RABU, **kwargs).kosong == 0
    assert rekap_progres([KAMIS], {}, hari_ini=date(2025, 3, 13), **kwargs).kosong == 1


def test_a_six_day_unit_counts_an_empty_day_one_day_earlier():
    # 6-day unit: Thursday's window ends on Monday 10, so it is empty from Tuesday.
    kwargs = dict(jendela=3, hari_kerja=6, libur=set())
    assert rekap_progres([KAMIS], {}, hari_ini=SENIN, **kwargs).kosong == 0
    assert rekap_progres([KAMIS], {}, hari_ini=SELASA, **kwargs).kosong == 1


def test_a_month_of_progres_is_summed_day_by_day():
    # February 2025, 5-day unit: 20 working days (Mon 3 – Fri 28). Today is Thursday 20
    # February, jendela 3: a day's window has passed when it closed before today, i.e. for
    # the days up to Friday 14 (closes Wed 19); Mon 17 closes Thu 20, still open.
    februari = hari_kerja_antara(date(2025, 2, 1), date(2025, 2, 28), hari_kerja=5, libur=set())
    hari = {
        date(2025, 2, 3): (DISETUJUI, False),
        date(2025, 2, 4): (DISETUJUI, True),  # filled, late
        date(2025, 2, 5): (HARI_DIAJUKAN, True),  # filled, late, waiting
        date(2025, 2, 6): (HARI_DIAJUKAN, False),  # filled, waiting
        date(2025, 2, 7): (DRAFT, False),  # empty (window passed)
        date(2025, 2, 10): (DIKEMBALIKAN, True),  # empty (window passed)
        # 11–14 February: nothing → empty (4 days)
        date(2025, 2, 17): (DRAFT, False),  # window open: not empty
        date(2025, 2, 18): (DISETUJUI, False),
        date(2025, 2, 19): (HARI_DIAJUKAN, False),  # waiting
        # 20–28 February: nothing, windows open → not empty
    }
    rekap = rekap_progres(
        februari, hari, hari_ini=date(2025, 2, 20), jendela=3, hari_kerja=5, libur=set()
    )
    # terisi: 3, 4, 5, 6, 18, 19 = 6; terlambat: 4, 5 = 2; kosong: 7, 10, 11–14 = 6;
    # menunggu: 5, 6, 19 = 3.
    assert rekap == RekapProgres(hari_wajib=20, terisi=6, terlambat=2, kosong=6, menunggu=3)


# ---- the status machines ----------------------------------------------------------------

# Every allowed move, by hand; every other (from, to, role) is refused.
BOLEH_PROGRES = {
    (DRAFT, HARI_DIAJUKAN, PEGAWAI),  # submit
    (DIKEMBALIKAN, HARI_DIAJUKAN, PEGAWAI),  # submit again after a return
    (HARI_DIAJUKAN, DRAFT, PEGAWAI),  # withdraw before the atasan decides
    (HARI_DIAJUKAN, DISETUJUI, ATASAN),  # approve
    (HARI_DIAJUKAN, DIKEMBALIKAN, ATASAN),  # return
}
STATUS_HARI = [DRAFT, HARI_DIAJUKAN, DISETUJUI, DIKEMBALIKAN]

BOLEH_BULANAN = {
    (PENGISIAN, DIAJUKAN, PEGAWAI),  # submit
    (DIAJUKAN, PENGISIAN, PEGAWAI),  # withdraw
    (DIAJUKAN, PENGISIAN, PENILAI),  # return with a note
    (DIAJUKAN, DINILAI, PENILAI),  # rate
}
STATUS_BULAN = [PENGISIAN, DIAJUKAN, DINILAI]


@pytest.mark.parametrize("peran", [PEGAWAI, ATASAN])
@pytest.mark.parametrize("ke", STATUS_HARI)
@pytest.mark.parametrize("dari", STATUS_HARI)
def test_progres_harian_machine_allows_exactly_the_table(dari, ke, peran):
    boleh = (dari, ke, peran) in BOLEH_PROGRES
    assert MESIN_PROGRES_HARIAN.boleh(dari, ke, peran) is boleh
    if boleh:
        MESIN_PROGRES_HARIAN.periksa(dari, ke, peran)
    else:
        with pytest.raises(TransisiDitolak):
            MESIN_PROGRES_HARIAN.periksa(dari, ke, peran)


@pytest.mark.parametrize("peran", [PEGAWAI, PENILAI])
@pytest.mark.parametrize("ke", STATUS_BULAN)
@pytest.mark.parametrize("dari", STATUS_BULAN)
def test_realisasi_bulanan_machine_allows_exactly_the_table(dari, ke, peran):
    boleh = (dari, ke, peran) in BOLEH_BULANAN
    assert MESIN_REALISASI_BULANAN.boleh(dari, ke, peran) is boleh


@pytest.mark.parametrize(
    "mesin,dari,ke,peran,alasan",
    [
        (
            MESIN_PROGRES_HARIAN,
            DISETUJUI,
            DRAFT,
            PEGAWAI,
            "Progres harian berstatus Disetujui tidak dapat diubah menjadi Draft.",
        ),
        (
            MESIN_PROGRES_HARIAN,
            HARI_DIAJUKAN,
            DISETUJUI,
            PEGAWAI,
            "Hanya atasan langsung yang dapat mengubah Progres harian Diajukan menjadi Disetujui.",
        ),
        (
            MESIN_PROGRES_HARIAN,
            DRAFT,
            HARI_DIAJUKAN,
            ATASAN,
            "Hanya pegawai sendiri yang dapat mengubah Progres harian Draft menjadi Diajukan.",
        ),
        (
            MESIN_REALISASI_BULANAN,
            DINILAI,
            PENGISIAN,
            PENILAI,
            "Realisasi bulanan berstatus Dinilai tidak dapat diubah menjadi Pengisian.",
        ),
        (
            MESIN_REALISASI_BULANAN,
            DIAJUKAN,
            DINILAI,
            PEGAWAI,
            "Hanya pejabat penilai yang dapat mengubah Realisasi bulanan Menunggu penilaian "
            "menjadi Dinilai.",
        ),
    ],
)
def test_a_refused_move_says_why_in_indonesian(mesin, dari, ke, peran, alasan):
    assert mesin.alasan(dari, ke, peran) == alasan


# ---- the slip when the Perkada cuts late and missing progres ----------------------------

# 60 % kinerja / 40 % disiplin; Sesuai pays 90 % of the kinerja part. Per working day, of
# the disiplin part: Tanpa Keterangan 3 %, progres harian late 1 %, progres harian missing
# 2 %. Cuti Tahunan and Dinas Luar cut nothing (absent from the table).
ATURAN = AturanTPP(
    bobot_kinerja=Decimal("0.60"),
    bobot_disiplin=Decimal("0.40"),
    persen_rating={DIATAS: Decimal("1.00"), SESUAI: Decimal("0.90"), DIBAWAH: Decimal("0.70")},
    potongan_per_hari={
        "tanpa_keterangan": Decimal("0.03"),
        rules.PROGRES_TERLAMBAT: Decimal("0.01"),
        rules.PROGRES_KOSONG: Decimal("0.02"),
    },
)
PAGU = Decimal("5000000")
# February 2025, 5-day unit, no holiday: 20 working days, Mon 3 – Fri 28.
FEBRUARI = hari_kerja_antara(date(2025, 2, 1), date(2025, 2, 28), hari_kerja=5, libur=set())
SETELAH_FEBRUARI = date(2025, 3, 10)  # every February window has closed (Fri 28 → Wed 5)


def tanggal_feb(*hari):
    return [date(2025, 2, h) for h in hari]


def progres(status, lambat, *hari):
    return {t: (status, lambat) for t in tanggal_feb(*hari)}


def bagian(**kwargs):
    args = dict(
        aturan=ATURAN,
        pagu=PAGU,
        rating=SESUAI,
        hari_kerja_bulan=FEBRUARI,
        dari=date(2025, 2, 1),
        sampai=date(2025, 2, 28),
        pengecualian=[],
        ketidakhadiran=[],
        progres={},
        hari_ini=SETELAH_FEBRUARI,
        jendela=3,
        hari_kerja_minggu=5,
    )
    args.update(kwargs)
    return hitung_bagian(**args)


# February 2025, judged on 10 March:
# - Mon 3: Tanpa Keterangan (cut 3 %; no progres expected);
# - Tue 4 – Wed 5: Cuti Tahunan (no cut; no progres expected);
# - Thu 6: Dinas Luar (no cut, but progres expected): left empty;
# - Fri 7, Mon 10, Tue 11: filled late;
# - Wed 12 draft, Thu 13 nothing, Fri 14 returned: empty;
# - 17–28 February (10 days): filled on time.
KETIDAKHADIRAN_FEB = [
    ("tanpa_keterangan", Rentang(date(2025, 2, 3), date(2025, 2, 3))),
    ("cuti_tahunan", Rentang(date(2025, 2, 4), date(2025, 2, 5))),
    ("dinas_luar", Rentang(date(2025, 2, 6), date(2025, 2, 6))),
]
PROGRES_FEB = {
    **progres(DISETUJUI, True, 7, 10),
    **progres(HARI_DIAJUKAN, True, 11),
    **progres(DRAFT, False, 12),
    **progres(DIKEMBALIKAN, True, 14),
    **progres(DISETUJUI, False, 17, 18, 19, 20, 21, 24, 25, 26, 27),
    **progres(HARI_DIAJUKAN, False, 28),
}


def test_late_and_missing_progres_are_cut_like_absences():
    rincian = bagian(ketidakhadiran=KETIDAKHADIRAN_FEB, progres=PROGRES_FEB)
    # Required days: 20 − 3 (Tanpa Keterangan, Cuti Tahunan) = 17; filled 3 late + 10 on
    # time = 13; empty 6, 12, 13, 14 = 4; waiting 11 and 28 = 2.
    assert rincian.progres == RekapProgres(
        hari_wajib=17, terisi=13, terlambat=3, kosong=4, menunggu=2
    )
    # kinerja   5.000.000 × 60 % × 90 %             = 2.700.000
    # disiplin  5.000.000 × 40 %                    = 2.000.000
    # missing   4 days × 2 % = 8 % of 2.000.000     =   160.000
    # late      3 days × 1 % = 3 % of 2.000.000     =    60.000
    # TK        1 day  × 3 % = 3 % of 2.000.000     =    60.000
    # total 2.700.000 + 2.000.000 − 280.000         = 4.420.000
    assert rincian.baris == [
        ("Kinerja 60% × Sesuai Ekspektasi 90%", Decimal("2700000")),
        ("Disiplin 40%", Decimal("2000000")),
        ("Potongan Progres harian tidak diisi 4 hari × 2%", Decimal("-160000")),
        ("Potongan Progres harian terlambat 3 hari × 1%", Decimal("-60000")),
        ("Potongan Tanpa Keterangan 1 hari × 3%", Decimal("-60000")),
    ]
    assert rincian.total == Decimal("4420000")


def test_progres_cuts_are_truncated_capped_and_taken_from_a_prorated_disiplin_part():
    # Mutasi: this post from Monday 10 February, so 15 of the 20 working days are paid.
    # Missing progres capped at 5 % by this Perkada.
    aturan = AturanTPP(
        bobot_kinerja=ATURAN.bobot_kinerja,
        bobot_disiplin=ATURAN.bobot_disiplin,
        persen_rating=ATURAN.persen_rating,
        potongan_per_hari=ATURAN.potongan_per_hari,
        batas_potongan_jenis={rules.PROGRES_KOSONG: Decimal("0.05")},
    )
    # Served 10–28 February (15 days): late 10, 11; filled on time 12, 13; empty 14, 17,
    # 18, 19 (4 days); on time 20–28.
    isi = {
        **progres(DISETUJUI, True, 10, 11),
        **progres(DISETUJUI, False, 12, 13, 20, 21, 24, 25, 26, 27, 28),
    }
    rincian = bagian(
        aturan=aturan,
        pagu=Decimal("4321987"),
        dari=date(2025, 2, 10),
        progres=isi,
        # Days before the post (3–7 February) are not this post's: no progres expected.
        ketidakhadiran=[],
    )
    assert rincian.progres == RekapProgres(
        hari_wajib=15, terisi=11, terlambat=2, kosong=4, menunggu=0
    )
    # base      4.321.987 × 15/20                   = 3.241.490,25
    # kinerja   3.241.490,25 × 60 % × 90 %          = 1.750.404,735 → 1.750.404
    # disiplin  3.241.490,25 × 40 %                 = 1.296.596,1   → 1.296.596
    # missing   4 × 2 % = 8 %, capped at 5 %: 1.296.596 × 5 % = 64.829,8 → 64.829
    # late      2 × 1 % = 2 %: 1.296.596 × 2 %        = 25.931,92      → 25.931
    # total 1.750.404 + 1.296.596 − 64.829 − 25.931  = 2.956.240
    assert rincian.baris == [
        ("Kinerja 60% × Sesuai Ekspektasi 90%", Decimal("1750404")),
        ("Disiplin 40%", Decimal("1296596")),
        ("Potongan Progres harian tidak diisi 4 hari × 2%, dibatasi 5%", Decimal("-64829")),
        ("Potongan Progres harian terlambat 2 hari × 1%", Decimal("-25931")),
    ]
    assert rincian.total == Decimal("2956240")
    assert rincian.dasar == "Pagu kelas jabatan Rp4.321.987 × 15/20 hari kerja = Rp3.241.490"


def test_days_whose_window_is_still_open_are_not_cut_as_missing():
    # Judged on Thursday 20 February, with nothing filled since Monday 17: the days up to
    # Friday 14 have closed (Fri 14 → Wed 19), 17 onwards have not.
    isi = progres(DISETUJUI, False, 3, 4, 5, 6, 7, 10, 11, 12, 13)
    rincian = bagian(progres=isi, hari_ini=date(2025, 2, 20))
    # Only Friday 14 is missing: 1 × 2 % of 2.000.000 = 40.000; 4.700.000 − 40.000.
    assert rincian.progres == RekapProgres(20, terisi=9, terlambat=0, kosong=1, menunggu=0)
    assert rincian.baris[2:] == [
        ("Potongan Progres harian tidak diisi 1 hari × 2%", Decimal("-40000")),
    ]
    assert rincian.total == Decimal("4660000")


@pytest.mark.parametrize(
    "jenis,kosong",
    [
        # Leave: no progres expected on 3–7 February, so 20 − 5 = 15 required, all empty.
        ("cuti_tahunan", 15),
        ("cuti_sakit", 15),
        ("tanpa_keterangan", 15),
        ("tugas_belajar", 15),
        # A day away on duty, late or leaving early is a day of work: 20 empty.
        ("dinas_luar", 20),
        ("terlambat", 20),
        ("pulang_cepat", 20),
    ],
)
def test_leave_days_are_not_required_days_of_progres(jenis, kosong):
    minggu_pertama = [(jenis, Rentang(date(2025, 2, 3), date(2025, 2, 7)))]
    rincian = bagian(ketidakhadiran=minggu_pertama, progres={})
    assert (rincian.progres.hari_wajib, rincian.progres.kosong) == (kosong, kosong)


def test_exempt_days_are_not_required_days_of_progres():
    cltn = [Rentang(date(2025, 2, 17), None, "CLTN")]
    rincian = bagian(pengecualian=cltn, progres={})
    # Served 3–14 February: 10 days, all empty → 10 × 2 % = 20 % of the prorated
    # disiplin part (5.000.000 × 10/20 × 40 % = 1.000.000) = 200.000.
    assert rincian.progres.kosong == 10
    assert ("Potongan Progres harian tidak diisi 10 hari × 2%", Decimal("-200000")) in (
        rincian.baris
    )


def test_a_perkada_without_progres_rates_counts_the_days_but_cuts_nothing():
    aturan = AturanTPP(
        bobot_kinerja=ATURAN.bobot_kinerja,
        bobot_disiplin=ATURAN.bobot_disiplin,
        persen_rating=ATURAN.persen_rating,
        potongan_per_hari={"tanpa_keterangan": Decimal("0.03")},
    )
    rincian = bagian(aturan=aturan, ketidakhadiran=KETIDAKHADIRAN_FEB, progres=PROGRES_FEB)
    assert (rincian.progres.terlambat, rincian.progres.kosong) == (3, 4)
    # Only the absence: 4.700.000 − 60.000.
    assert rincian.total == Decimal("4640000")
    assert all("Progres" not in uraian for uraian, _ in rincian.baris)


def test_without_progres_data_nothing_is_counted_or_cut():
    # A caller that does not load progres (progres None) gets the slip of absences alone.
    rincian = bagian(ketidakhadiran=KETIDAKHADIRAN_FEB, progres=None)
    assert rincian.progres == RekapProgres()
    assert rincian.total == Decimal("4640000")


def test_a_six_day_unit_uses_its_own_window_for_missing_days():
    # 6-day unit, February 2025: 24 working days (Sat 1, then Mon–Sat). Judged on
    # Wednesday 26 with jendela 3: Fri 21 closed on Tue 25 (Sat 22, Mon 24, Tue 25), Sat 22
    # closes on Wed 26 (still open). So Sat 1 – Fri 21: 1 + 6 + 6 + 5 = 18 days missing.
    # A 5-day window would have closed Fri 21 only on Wed 26 and left it open.
    enam = hari_kerja_antara(date(2025, 2, 1), date(2025, 2, 28), hari_kerja=6, libur=set())
    rincian = bagian(
        hari_kerja_bulan=enam, hari_kerja_minggu=6, progres={}, hari_ini=date(2025, 2, 26)
    )
    assert (rincian.progres.hari_wajib, rincian.progres.kosong) == (24, 18)
