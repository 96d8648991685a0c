"""Issue 18: one way to write dates, numbers and file sizes, from Python (inti.format) and
in every template without a {% load %} (inti/templatetags/format_id.py, a builtin)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone

from inti.format import (
    format_angka,
    format_rentang,
    format_tanggal,
    format_tanggal_jam,
    format_ukuran,
    format_ukuran_berlebih,
)

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")

# 23:30 UTC on 15 May is already 16 May 07:30 in WITA (UTC+8) and 06:30 in WIB (UTC+7).
MALAM_UTC = datetime(2026, 5, 15, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "nilai, harapan",
    [
        (date(2026, 5, 15), "15 Mei 2026"),
        (date(2026, 1, 1), "1 Januari 2026"),
        (date(2025, 8, 17), "17 Agustus 2025"),
        (date(2024, 12, 31), "31 Desember 2024"),
        (MALAM_UTC, "16 Mei 2026"),  # taken to WITA first
        (datetime(2026, 5, 16, 0, 10, tzinfo=WITA), "16 Mei 2026"),
        (datetime(2026, 2, 3, 9, 0), "3 Februari 2026"),  # naive: already local
        (None, ""),
        ("", ""),
    ],
)
def test_format_tanggal(nilai, harapan):
    with timezone.override(WITA):
        assert format_tanggal(nilai) == harapan


def test_format_tanggal_names_the_weekday_when_asked():
    assert format_tanggal(date(2026, 5, 15), hari=True) == "Jumat, 15 Mei 2026"
    assert format_tanggal(date(2026, 5, 17), hari=True) == "Minggu, 17 Mei 2026"


@pytest.mark.parametrize(
    "nilai, zona, harapan",
    [
        (MALAM_UTC, False, "16 Mei 2026 07:30"),
        (MALAM_UTC, True, "16 Mei 2026 07:30 WITA"),
        (datetime(2026, 5, 15, 14, 5, tzinfo=WITA), False, "15 Mei 2026 14:05"),
        (date(2026, 5, 15), True, "15 Mei 2026"),  # a date has no time to show
        (None, True, ""),
    ],
)
def test_format_tanggal_jam_in_the_current_timezone(nilai, zona, harapan):
    with timezone.override(WITA):
        assert format_tanggal_jam(nilai, zona=zona) == harapan


def test_the_same_moment_is_written_in_each_instansi_zone():
    with timezone.override(WIB):
        assert format_tanggal_jam(MALAM_UTC, zona=True) == "16 Mei 2026 06:30 WIB"
    with timezone.override(ZoneInfo("Asia/Jayapura")):
        assert format_tanggal_jam(MALAM_UTC, zona=True) == "16 Mei 2026 08:30 WIT"


@pytest.mark.parametrize(
    "mulai, selesai, harapan",
    [
        (date(2026, 1, 1), date(2026, 6, 30), "1 Januari – 30 Juni 2026"),
        (date(2025, 12, 1), date(2026, 1, 31), "1 Desember 2025 – 31 Januari 2026"),
        (date(2026, 3, 2), date(2026, 3, 2), "2 Maret 2026"),
        (date(2026, 3, 2), None, "2 Maret 2026"),
        (None, None, ""),
    ],
)
def test_format_rentang(mulai, selesai, harapan):
    assert format_rentang(mulai, selesai) == harapan


@pytest.mark.parametrize(
    "nilai, desimal, harapan",
    [
        (60000, None, "60.000"),
        (1234567, None, "1.234.567"),
        (0, None, "0"),
        (-60000, None, "-60.000"),
        (Decimal("10.50"), None, "10,5"),
        (Decimal("2.00"), None, "2"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (10.5, None, "10,5"),
        ("1500000.75", None, "1.500.000,75"),  # text of a number, as JSON keeps money
        (Decimal("1500000.5"), 0, "1.500.001"),  # money: whole rupiah, half up
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("10.5"), 2, "10,50"),
        (Decimal("0.1250"), -4, "0,125"),
        (Decimal("1.50"), -2, "1,5"),
        (Decimal("2.00"), -2, "2"),
        (Decimal("-0.001"), 2, "0,00"),  # no "-0"
        (0.1 + 0.2, -2, "0,3"),
        (None, None, ""),
        ("", 0, ""),
        ("bukan angka", None, "bukan angka"),
    ],
)
def test_format_angka(nilai, desimal, harapan):
    assert format_angka(nilai, desimal) == harapan


@pytest.mark.parametrize(
    "bita, harapan",
    [
        (0, "0 B"),
        (800, "800 B"),
        (1536, "1,5 KB"),
        (1048575, "1 MB"),  # 1023,999 KB rounds to the next unit, not "1.024 KB"
        (50 * 2**20, "50 MB"),
        (11010048, "10,5 MB"),
        (10 * 2**30, "10 GB"),
        (None, ""),
    ],
)
def test_format_ukuran(bita, harapan):
    assert format_ukuran(bita) == harapan


def test_a_size_over_the_limit_never_reads_as_the_limit():
    batas = 10 * 2**20
    assert format_ukuran_berlebih(batas + 30, batas) == "lebih dari 10 MB"
    assert format_ukuran_berlebih(11010048, batas) == "10,5 MB"


def render(teks: str, **konteks) -> str:
    return Template(teks).render(Context(konteks))


@pytest.mark.parametrize(
    "teks, konteks, harapan",
    [
        ("{{ d|tanggal }}", {"d": date(2026, 5, 15)}, "15 Mei 2026"),
        ('{{ d|tanggal:"hari" }}', {"d": date(2026, 5, 15)}, "Jumat, 15 Mei 2026"),
        ("{{ t|tanggal }}", {"t": MALAM_UTC}, "16 Mei 2026"),
        ("{{ t|tanggal_jam }}", {"t": MALAM_UTC}, "16 Mei 2026 07:30"),
        ('{{ t|tanggal_jam:"zona" }}', {"t": MALAM_UTC}, "16 Mei 2026 07:30 WITA"),
        ('{{ d|tanggal|default:"-" }}', {"d": None}, "-"),
        (
            "{{ a|rentang:b }}",
            {"a": date(2026, 1, 1), "b": date(2026, 6, 30)},
            "1 Januari – 30 Juni 2026",
        ),
        ("{{ n|angka }}", {"n": 60000}, "60.000"),
        ("{{ n|angka:0 }}", {"n": Decimal("1500000.40")}, "1.500.000"),
        ('{{ n|angka:"-2" }}', {"n": Decimal("10.50")}, "10,5"),
        ("{{ n|angka }}", {"n": None}, ""),
        ("{{ n|angka }}", {"n": "<b>"}, "&lt;b&gt;"),  # not a number: escaped as any text
        ("{{ b|ukuran }}", {"b": 11010048}, "10,5 MB"),
    ],
)
def test_the_filters_need_no_load_and_write_the_same(teks, konteks, harapan):
    with timezone.override(WITA):
        assert render(teks, **konteks) == harapan
