"""The pure cell readers of the SI-ASN import (organisasi/rules.py): what a cell of an
export holds (text, int, float, date, datetime, None) and what it becomes here, or the
Indonesian reason it is refused."""

from datetime import date, datetime

import pytest

from organisasi.models import Pegawai, UnitKerja
from organisasi.rules import (
    TAHUN_TERKECIL,
    baca_eselon,
    baca_golongan,
    baca_jenis_asn,
    baca_jenis_jabatan,
    baca_jenis_kelamin,
    baca_nip,
    baca_tanggal,
    baca_ya_tidak,
    jenjang_dari_teks,
    kunci_kolom,
    teks_sel,
)

# The import passes the model's choices; the readers are tested with the same.
GOLONGAN = set(Pegawai.Golongan.values)
ESELON = set(UnitKerja.Eselon.values)
HARI_INI = date(2024, 6, 30)


# --- teks_sel ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai,teks",
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("Budi", "Budi"),
        ("  Budi   Santoso  ", "Budi Santoso"),
        ("Budi\nSantoso\t", "Budi Santoso"),
        ("Budi\xa0Santoso", "Budi Santoso"),  # Excel's non-breaking space
        (21.0, "21"),  # Excel keeps every number as a double
        (21.5, "21.5"),
        (0, "0"),
        (0.0, "0"),
        (42, "42"),
    ],
)
def test_cell_is_read_as_trimmed_text_without_trailing_point_zero(nilai, teks):
    assert teks_sel(nilai) == teks


# --- baca_nip ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai",
    [
        "198503152010011001",
        " 198503152010011001 ",
        "'198503152010011001",  # Excel's text marker kept by some exports
        "19850315 201001 1 001",  # as printed on a SK, with spaces
    ],
)
def test_nip_written_as_text_is_read_without_marker_or_spaces(nilai):
    assert baca_nip(nilai) == "198503152010011001"


@pytest.mark.parametrize("nilai", [1.98503152010011e17, 198503152010011000.0, 12345.0])
def test_nip_stored_by_excel_as_a_number_is_refused_because_digits_are_lost(nilai):
    with pytest.raises(ValueError, match="NIP tersimpan sebagai angka di Excel"):
        baca_nip(nilai)


def test_nip_as_an_integer_longer_than_a_double_keeps_is_refused():
    with pytest.raises(ValueError, match="format kolom NIP sebagai teks"):
        baca_nip(198503152010011001)


def test_short_integer_nip_is_read_as_text_for_the_format_check_to_refuse_later():
    assert baca_nip(12345) == "12345"


def test_empty_nip_cell_is_empty_text():
    assert baca_nip(None) == ""


# --- baca_tanggal ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai",
    [
        "15-03-1985",
        "15/03/1985",
        "1985-03-15",
        "15.03.1985",
        "1985/03/15",
        " 15-03-1985 ",
        "15-03-1985 00:00:00",  # a datetime written as text by a CSV export
        date(1985, 3, 15),
        datetime(1985, 3, 15),
        datetime(1985, 3, 15, 23, 59),
    ],
)
def test_date_in_every_format_siasn_writes_is_read(nilai):
    assert baca_tanggal(nilai, hari_ini=HARI_INI) == date(1985, 3, 15)


def test_day_comes_before_month_in_slashed_dates():
    assert baca_tanggal("01/02/1990", hari_ini=HARI_INI) == date(1990, 2, 1)


@pytest.mark.parametrize("nilai", [None, ""])
def test_empty_date_cell_is_no_date(nilai):
    assert baca_tanggal(nilai, hari_ini=HARI_INI) is None


def test_date_cell_holding_only_spaces_is_no_date():
    assert baca_tanggal("   ", hari_ini=HARI_INI) is None


@pytest.mark.parametrize(
    "nilai",
    ["31-02-1985", "15-13-1985", "1985", "19850315", "15 Maret 1985", "15-03-85", "kemarin"],
)
def test_text_that_is_not_a_date_is_refused_naming_the_expected_format(nilai):
    with pytest.raises(ValueError, match="bukan tanggal .pakai DD-MM-YYYY"):
        baca_tanggal(nilai, hari_ini=HARI_INI)


def test_refused_date_message_quotes_the_cell():
    with pytest.raises(ValueError, match="“31-02-1985”"):
        baca_tanggal("31-02-1985", hari_ini=HARI_INI)


@pytest.mark.parametrize(
    "nilai",
    [
        f"31-12-{TAHUN_TERKECIL - 1}",
        "01-01-1900",  # Excel's day zero
        datetime(1899, 12, 30),  # what an empty Excel date cell formatted as date reads as
        date(1939, 6, 1),
    ],
)
def test_date_before_the_smallest_plausible_year_is_refused(nilai):
    with pytest.raises(ValueError, match="di luar rentang yang wajar"):
        baca_tanggal(nilai, hari_ini=HARI_INI)


def test_first_day_of_the_smallest_plausible_year_is_accepted():
    assert baca_tanggal(f"01-01-{TAHUN_TERKECIL}", hari_ini=HARI_INI) == date(TAHUN_TERKECIL, 1, 1)


@pytest.mark.parametrize("nilai", ["01-07-2024", "2030-01-01", datetime(2024, 7, 1, 8, 0)])
def test_date_after_today_is_refused(nilai):
    with pytest.raises(ValueError, match="di luar rentang yang wajar"):
        baca_tanggal(nilai, hari_ini=HARI_INI)


def test_today_is_not_in_the_future():
    assert baca_tanggal("30-06-2024", hari_ini=HARI_INI) == HARI_INI
    assert baca_tanggal(datetime(2024, 6, 30, 23, 59), hari_ini=HARI_INI) == HARI_INI


def test_out_of_range_message_shows_the_date_as_dd_mm_yyyy():
    with pytest.raises(ValueError, match="Tanggal 01-07-2024 "):
        baca_tanggal("2024-07-01", hari_ini=HARI_INI)


# --- baca_jenis_kelamin ------------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai", ["L", "l", "Laki-laki", "LAKI-LAKI", "Laki laki", "M", "Pria", "1", 1, 1.0]
)
def test_male_is_read_from_every_way_of_writing_it(nilai):
    assert baca_jenis_kelamin(nilai) == "L"


@pytest.mark.parametrize("nilai", ["P", "p", "Perempuan", "PEREMPUAN", "F", "W", "Wanita", "2", 2])
def test_female_is_read_from_every_way_of_writing_it(nilai):
    assert baca_jenis_kelamin(nilai) == "P"


@pytest.mark.parametrize("nilai", [None, "", "  "])
def test_empty_sex_cell_is_left_empty(nilai):
    assert baca_jenis_kelamin(nilai) == ""


@pytest.mark.parametrize("nilai", ["X", "3", "Lelaki"])
def test_unknown_sex_is_refused(nilai):
    with pytest.raises(ValueError, match="Jenis kelamin .* tidak dikenal"):
        baca_jenis_kelamin(nilai)


# --- baca_jenis_asn ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai,kode",
    [
        ("PNS", "PNS"),
        ("pns", "PNS"),
        ("CPNS", "PNS"),
        ("PNS Daerah", "PNS"),
        ("C", "PNS"),  # SI-ASN's kedudukan code for a CPNS
        ("P", "PNS"),
        ("", "PNS"),
        (None, "PNS"),
        ("PPPK", "PPPK"),
        ("pppk", "PPPK"),
        ("P3K", "PPPK"),
        ("Pegawai Pemerintah dengan Perjanjian Kerja", "PPPK"),
    ],
)
def test_jenis_asn_is_pns_or_pppk(nilai, kode):
    assert baca_jenis_asn(nilai) == kode


@pytest.mark.parametrize("nilai", ["Honorer", "TKK", "Non ASN"])
def test_other_kinds_of_staff_are_refused(nilai):
    with pytest.raises(ValueError, match="Jenis pegawai .* tidak dikenal"):
        baca_jenis_asn(nilai)


# --- baca_golongan -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai,kode",
    [
        ("III/a", "III/a"),
        ("III/A", "III/a"),
        ("iii/a", "III/a"),
        ("IIIa", "III/a"),
        ("IIIA", "III/a"),
        ("III / a", "III/a"),
        ("III-a", "III/a"),
        ("Penata Muda (III/a)", "III/a"),
        ("Penata Muda Tingkat I (III/b)", "III/b"),
        ("Penata Muda Tk.I (III/b)", "III/b"),
        ("I/a", "I/a"),
        ("Ia", "I/a"),
        ("II/d", "II/d"),
        ("IId", "II/d"),
        ("IV/a", "IV/a"),
        ("IV/e", "IV/e"),
        ("Pembina Utama (IV/e)", "IV/e"),
    ],
)
def test_pns_golongan_is_read_in_every_spelling(nilai, kode):
    assert baca_golongan(nilai, pilihan=GOLONGAN) == kode


@pytest.mark.parametrize(
    "nilai,kode",
    [("IX", "IX"), ("ix", "IX"), ("V", "V"), ("VII", "VII"), ("XIII", "XIII"), ("(XI)", "XI")],
)
def test_pppk_golongan_is_a_roman_number_alone(nilai, kode):
    assert baca_golongan(nilai, pilihan=GOLONGAN) == kode


@pytest.mark.parametrize("nilai", [None, "", "  "])
def test_empty_golongan_is_left_empty(nilai):
    assert baca_golongan(nilai, pilihan=GOLONGAN) == ""


@pytest.mark.parametrize(
    "nilai", ["III/e", "IV/f", "V/a", "II", "III", "3/a", "Penata Muda", "XX", "Golongan IX"]
)
def test_golongan_that_does_not_exist_is_refused(nilai):
    with pytest.raises(ValueError, match="Golongan .* tidak dikenal"):
        baca_golongan(nilai, pilihan=GOLONGAN)


def test_golongan_outside_the_choices_given_is_refused():
    with pytest.raises(ValueError, match="tidak dikenal"):
        baca_golongan("III/a", pilihan={"IV/a"})


# --- baca_jenis_jabatan and jenjang_dari_teks ---------------------------------------------


@pytest.mark.parametrize(
    "nilai,kode",
    [
        ("Jabatan Fungsional Tertentu", "fungsional"),
        ("Fungsional Tertentu", "fungsional"),
        ("Jabatan Fungsional", "fungsional"),
        ("JABATAN FUNGSIONAL TERTENTU", "fungsional"),
        ("Jabatan Fungsional Umum", "pelaksana"),  # the old name of a pelaksana
        ("Fungsional Umum", "pelaksana"),
        ("Jabatan Pelaksana", "pelaksana"),
        ("Pelaksana", "pelaksana"),
        ("Jabatan Pimpinan Tinggi Pratama", "jpt"),
        ("Jabatan Pimpinan Tinggi Madya", "jpt"),
        ("JPT", "jpt"),
        ("Jabatan Administrator", "administrator"),
        ("Administrator", "administrator"),
        ("Jabatan Pengawas", "pengawas"),
        ("Pengawas", "pengawas"),
    ],
)
def test_jenis_jabatan_is_read_from_the_names_siasn_writes(nilai, kode):
    assert baca_jenis_jabatan(nilai) == kode


@pytest.mark.parametrize("nilai", ["Struktural", "Jabatan Struktural", "STRUKTURAL"])
def test_struktural_alone_is_refused_because_it_names_no_level(nilai):
    with pytest.raises(ValueError, match="Struktural.* saja tidak cukup"):
        baca_jenis_jabatan(nilai)


@pytest.mark.parametrize("nilai", ["Guru", "Tenaga Kesehatan", "Honorer"])
def test_unknown_jenis_jabatan_is_refused(nilai):
    with pytest.raises(ValueError, match="Jenis jabatan .* tidak dikenal"):
        baca_jenis_jabatan(nilai)


@pytest.mark.parametrize("nilai", [None, "", " "])
def test_empty_jenis_jabatan_is_left_empty(nilai):
    assert baca_jenis_jabatan(nilai) == ""


@pytest.mark.parametrize(
    "nilai,kode",
    [
        ("Analis SDM Aparatur Ahli Muda", "ahli_muda"),
        ("Analis SDM Aparatur Ahli Madya", "ahli_madya"),
        ("Perencana Ahli Pertama", "ahli_pertama"),
        ("Widyaiswara Ahli Utama", "ahli_utama"),
        ("Pranata Komputer Penyelia", "penyelia"),
        ("Pranata Komputer Mahir", "mahir"),
        ("Pranata Komputer Terampil", "terampil"),
        ("Arsiparis Pemula", "pemula"),
        ("AHLI MUDA", "ahli_muda"),
        ("ahli_muda", "ahli_muda"),
        ("Ahli  Muda", "ahli_muda"),
    ],
)
def test_jenjang_is_read_from_a_jabatan_title(nilai, kode):
    assert jenjang_dari_teks(nilai) == kode


@pytest.mark.parametrize("nilai", [None, "", "Analis Kepegawaian", "Kepala Bidang"])
def test_title_without_a_jenjang_gives_none(nilai):
    assert jenjang_dari_teks(nilai) == ""


# --- baca_eselon -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nilai,kode",
    [
        ("21", "21"),
        (21, "21"),
        (21.0, "21"),
        ("42", "42"),
        ("00", "00"),
        ("II.a", "21"),
        ("II.A", "21"),
        ("IIa", "21"),
        ("II a", "21"),
        ("II.b", "22"),
        ("I.a", "11"),
        ("I.b", "12"),
        ("III.a", "31"),
        ("IIIb", "32"),
        ("IV.a", "41"),
        ("IVb", "42"),
        ("V.a", "51"),
        ("Non Eselon", "99"),
        ("NON-ESELON", "99"),
        ("non eselon", "99"),
        ("-", "99"),
        ("", "99"),
        (None, "99"),
        ("99", "99"),
    ],
)
def test_eselon_is_read_from_siasn_id_or_name(nilai, kode):
    assert baca_eselon(nilai, pilihan=ESELON) == kode


@pytest.mark.parametrize("nilai", ["II.c", "IIc", "25", "VI.a", "A", "Eselon II.a"])
def test_unknown_eselon_is_refused(nilai):
    with pytest.raises(ValueError, match="Eselon .* tidak dikenal"):
        baca_eselon(nilai, pilihan=ESELON)


# --- baca_ya_tidak -----------------------------------------------------------------------


@pytest.mark.parametrize("nilai", ["1", 1, 1.0, "Ya", "YA", "y", "TRUE", True, "Benar"])
def test_yes_is_read_in_every_spelling(nilai):
    assert baca_ya_tidak(nilai) is True


@pytest.mark.parametrize(
    "nilai", [None, "", "0", 0, 0.0, "Tidak", "t", "N", "FALSE", False, "salah"]
)
def test_no_and_empty_are_read_as_no(nilai):
    assert baca_ya_tidak(nilai) is False


@pytest.mark.parametrize("nilai", ["mungkin", "2", "OPD"])
def test_neither_yes_nor_no_is_refused(nilai):
    with pytest.raises(ValueError, match="harus Ya atau Tidak"):
        baca_ya_tidak(nilai)


# --- kunci_kolom -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "judul", ["NIP_BARU", "NIP BARU", "nip_baru", " Nip-Baru ", "nip.baru", "\ufeffNIP_BARU"]
)
def test_header_names_match_regardless_of_case_spaces_and_punctuation(judul):
    assert kunci_kolom(judul) == kunci_kolom("NIP_BARU") == "NIPBARU"


def test_different_header_names_do_not_match():
    assert kunci_kolom("NIP") != kunci_kolom("NIP_BARU")
    assert kunci_kolom("TMT_CPNS") != kunci_kolom("TMT_PNS")


@pytest.mark.parametrize("judul", [None, "", "  ", "---"])
def test_empty_header_has_an_empty_key(judul):
    assert kunci_kolom(judul) == ""
