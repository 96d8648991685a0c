"""bantuan.rules: the ticket's status moves and who may make them, the page a ticket came
from, and Indonesian phone numbers. Pure; every case listed."""

import pytest

from bantuan import rules
from bantuan.rules import (
    ADMIN_OPD,
    BARU,
    BKD,
    DIPROSES,
    MENUNGGU_PEGAWAI,
    PEMILIK,
    SELESAI,
    TINGKAT_BKD,
    TINGKAT_OPD,
)

SEMUA_STATUS = [BARU, DIPROSES, MENUNGGU_PEGAWAI, SELESAI]
SEMUA_PERAN = [PEMILIK, ADMIN_OPD, BKD, ""]


@pytest.mark.parametrize(
    "status, ke",
    [(BARU, BARU), (DIPROSES, DIPROSES), (MENUNGGU_PEGAWAI, DIPROSES)],
)
def test_the_pegawai_reply_hands_the_ticket_back_to_the_admin(status, ke):
    assert rules.status_setelah_balasan(status, PEMILIK) == ke


@pytest.mark.parametrize("peran", [ADMIN_OPD, BKD])
@pytest.mark.parametrize("status", [BARU, DIPROSES, MENUNGGU_PEGAWAI])
def test_an_admin_reply_goes_where_the_admin_says(peran, status):
    assert rules.status_setelah_balasan(status, peran) == MENUNGGU_PEGAWAI
    for lanjut in rules.LANJUT:
        assert rules.status_setelah_balasan(status, peran, lanjut) == lanjut
    with pytest.raises(ValueError):
        rules.status_setelah_balasan(status, peran, BARU)


@pytest.mark.parametrize("peran", SEMUA_PERAN)
@pytest.mark.parametrize("status", SEMUA_STATUS)
def test_who_may_reply_close_reopen_and_escalate(peran, status):
    terbuka = status != SELESAI
    assert (not rules.alasan_balas(peran, status)) == (bool(peran) and terbuka)
    assert (not rules.alasan_selesai(peran, status)) == (bool(peran) and terbuka)
    assert (not rules.alasan_buka_kembali(peran, status)) == (peran == PEMILIK and not terbuka)
    for tingkat in (TINGKAT_OPD, TINGKAT_BKD):
        boleh = peran == ADMIN_OPD and terbuka and tingkat == TINGKAT_OPD
        assert (not rules.alasan_teruskan(peran, status, tingkat)) == boleh


def test_refusals_say_why_in_indonesian():
    assert rules.alasan_balas(PEMILIK, SELESAI) == (
        "Permintaan ini sudah selesai. Buka kembali bila masalahnya belum beres."
    )
    assert rules.alasan_teruskan(BKD, BARU, TINGKAT_BKD) == (
        "Hanya admin OPD yang dapat meneruskan permintaan ke BKD."
    )
    assert rules.alasan_teruskan(ADMIN_OPD, DIPROSES, TINGKAT_BKD) == (
        "Permintaan ini sudah ditangani BKD."
    )
    assert rules.alasan_buka_kembali(ADMIN_OPD, SELESAI).startswith("Hanya pegawai")


@pytest.mark.parametrize(
    "dari, disimpan",
    [
        ("/skp/12/", "/skp/12/"),
        ("/penilaian/?tahun=2026&periode=tw1", "/penilaian/?tahun=2026&periode=tw1"),
        ("  /profil/  ", "/profil/"),
        ("", ""),
        (None, ""),
        ("https://jahat.example/", ""),
        ("//jahat.example/x", ""),
        ("/\\jahat.example", ""),
        ("javascript:alert(1)", ""),
        ("skp/12/", ""),
        ("/a\x00b", ""),
        ("/baris\nbaru", ""),
        ("/" + "x" * 400, "/" + "x" * 254),
    ],
)
def test_only_a_path_of_this_site_is_kept_as_the_page_of_origin(dari, disimpan):
    assert rules.dari_aman(dari) == disimpan


@pytest.mark.parametrize(
    "nomor, nasional",
    [
        ("081234567890", "081234567890"),
        ("0812-3456-7890", "081234567890"),
        ("0812 3456 789", "08123456789"),
        ("+62 812 3456 7890", "081234567890"),
        ("+6281234567890", "081234567890"),
        ("6281234567890", "081234567890"),
        ("082299395149", "082299395149"),  # BKD NTT's Pelayanan Satu Pintu (seed 004)
        ("0812.3456.78", "0812345678"),
        ("(0362) 21234", "036221234"),
        ("0362-22222", "036222222"),
        ("021 1234 5678", "02112345678"),
        ("+62 21 1234567", "0211234567"),
    ],
)
def test_indonesian_numbers_are_accepted(nomor, nasional):
    assert rules.telepon_nasional(nomor) == nasional
    assert rules.galat_telepon(nomor) == ""


@pytest.mark.parametrize(
    "nomor",
    [
        "12345",
        "0812",
        "08123456",  # a mobile number of 8 digits is cut short
        "08123456789012",  # 14 digits
        "+1 212 555 0100",
        "+6212345",
        "0012345678",
        "0812-3456-abcd",
        "0812345678x",
        "٠٨١٢٣٤٥٦٧٨٩",  # Arabic-Indic digits are not typed on an Indonesian keypad
        "0٨١٢٣٤٥٦٧٨٩",
        '=HYPERLINK("x")',
        "08123456789\x00",
        "0362 123",
    ],
)
def test_other_numbers_are_refused_with_a_sentence_beside_the_field(nomor):
    assert rules.telepon_nasional(nomor) is None
    assert rules.galat_telepon(nomor) == rules.PESAN_TELEPON
    assert "0812-3456-7890" in rules.PESAN_TELEPON


def test_an_empty_number_is_not_an_error():
    assert rules.galat_telepon("") == rules.galat_telepon("  ") == rules.galat_telepon(None) == ""


def test_whatsapp_link_only_for_mobile_numbers():
    assert rules.tautan_whatsapp("0812-3456-7890") == "https://wa.me/6281234567890"
    assert rules.tautan_whatsapp("+62 812 3456 7890") == "https://wa.me/6281234567890"
    assert rules.tautan_whatsapp("(0362) 21234") == ""
    assert rules.tautan_whatsapp("bukan nomor") == ""
