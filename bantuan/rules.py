"""The helpdesk's rules, pure (no Django): ticket statuses and who may move them, the page a
ticket came from, and the format of an Indonesian phone number. Tested exhaustively in
tests/app_bantuan/test_rules.py.

A ticket goes to the admin OPD of the pegawai's OPD, or straight to BKD when that OPD has
no admin; the admin OPD answers or escalates it to BKD. The ball is with the admin while
the ticket is BARU or DIPROSES, with the pegawai while it is MENUNGGU_PEGAWAI.
"""

import re

# ---- statuses -------------------------------------------------------------------------

BARU = "baru"
DIPROSES = "diproses"
MENUNGGU_PEGAWAI = "menunggu_pegawai"
SELESAI = "selesai"
LABEL_STATUS = {
    BARU: "Baru",
    DIPROSES: "Diproses",
    MENUNGGU_PEGAWAI: "Menunggu jawaban pegawai",
    SELESAI: "Selesai",
}
TERBUKA = (BARU, DIPROSES, MENUNGGU_PEGAWAI)
# Waiting for the admin who holds it: what the beranda to-do and the queue count.
MENUNGGU_ADMIN = (BARU, DIPROSES)

# Who holds the ticket now.
TINGKAT_OPD = "opd"
TINGKAT_BKD = "bkd"
LABEL_TINGKAT = {TINGKAT_OPD: "Admin OPD", TINGKAT_BKD: "BKD"}

# Who someone is to a ticket.
PEMILIK = "pemilik"  # the pegawai who asked
ADMIN_OPD = "admin_opd"  # an admin OPD of the ticket's OPD
BKD = "bkd"  # an admin BKD of the instansi
PENANGAN = (ADMIN_OPD, BKD)

# What an admin's reply does to the ticket: the ball goes to the pegawai (the default),
# stays with the admin, or the ticket is done.
LANJUT = {
    MENUNGGU_PEGAWAI: "Minta jawaban/konfirmasi pegawai",
    DIPROSES: "Masih saya proses",
    SELESAI: "Selesai (masalah sudah beres)",
}


def status_setelah_balasan(status: str, peran: str, lanjut: str = MENUNGGU_PEGAWAI) -> str:
    """The status after a reply. The pegawai's reply hands the ball back to the admin
    (a ticket nobody has picked up stays BARU); an admin's goes where `lanjut` says."""
    if peran == PEMILIK:
        return BARU if status == BARU else DIPROSES
    if lanjut not in LANJUT:
        raise ValueError(f"lanjut tidak dikenal: {lanjut!r}")
    return lanjut


def alasan_balas(peran: str, status: str) -> str:
    """Why `peran` may not reply now ("" when it may)."""
    if not peran:
        return "Anda bukan pihak pada permintaan bantuan ini."
    if status == SELESAI:
        if peran == PEMILIK:
            return "Permintaan ini sudah selesai. Buka kembali bila masalahnya belum beres."
        return "Permintaan ini sudah selesai; pegawai dapat membukanya kembali."
    return ""


def alasan_teruskan(peran: str, status: str, tingkat: str) -> str:
    """Escalation to BKD: by the admin OPD, once, while the ticket is open."""
    if peran != ADMIN_OPD:
        return "Hanya admin OPD yang dapat meneruskan permintaan ke BKD."
    if status == SELESAI:
        return "Permintaan yang sudah selesai tidak dapat diteruskan."
    if tingkat == TINGKAT_BKD:
        return "Permintaan ini sudah ditangani BKD."
    return ""


def alasan_selesai(peran: str, status: str) -> str:
    """Closing: the pegawai or whoever handles it, while it is open."""
    if not peran:
        return "Anda bukan pihak pada permintaan bantuan ini."
    if status == SELESAI:
        return "Permintaan ini sudah selesai."
    return ""


def alasan_buka_kembali(peran: str, status: str) -> str:
    """Reopening: only the pegawai, only a closed ticket (an admin who is not done simply
    does not close it)."""
    if peran != PEMILIK:
        return "Hanya pegawai yang mengajukan yang dapat membuka kembali permintaan ini."
    if status != SELESAI:
        return "Permintaan ini masih terbuka."
    return ""


# ---- the page a ticket came from -------------------------------------------------------

_KENDALI = re.compile(r"[\x00-\x1f\x7f]")


def dari_aman(teks: str | None) -> str:
    """The `dari` of the ticket form as stored: a path of this site ("/skp/12/?tab=x"), or
    "" for anything else (another site, "//host", a backslash trick, control characters).
    It is only shown to the admin as text, but a link in a ticket must never lead away."""
    teks = (teks or "").strip()
    if not teks.startswith("/") or teks.startswith("//") or "\\" in teks:
        return ""
    if _KENDALI.search(teks):
        return ""
    return teks[:255]


# ---- Indonesian phone numbers -----------------------------------------------------------

_PEMISAH = re.compile(r"[\s\-.()/]")
PESAN_TELEPON = (
    "Nomor telepon tidak sah. Tulis nomor Indonesia yang diawali 08, +62 atau kode "
    "wilayah, mis. 0812-3456-7890, +62 812 3456 7890 atau (0362) 21234."
)


def telepon_nasional(teks: str | None) -> str | None:
    """The number in national form ("081234567890", "036221234"), or None when it is not
    an Indonesian number: a mobile number 08 + 8–11 digits, or a fixed line 0 + area code
    (2–4, 5–7 or 9) + subscriber, 9–12 digits in all. +62 and 62 stand for the leading 0;
    spaces, dots, dashes and parentheses are ignored."""
    angka = _PEMISAH.sub("", teks or "")
    if angka.startswith("+62"):
        angka = "0" + angka[3:]
    elif angka.startswith("62"):
        angka = "0" + angka[2:]
    if not re.fullmatch(r"0[0-9]+", angka):
        return None
    if angka.startswith("08"):
        return angka if 10 <= len(angka) <= 13 else None
    if re.fullmatch(r"0[2-79][0-9]{7,10}", angka):
        return angka
    return None


def galat_telepon(teks: str | None) -> str:
    """The sentence shown beside the field, or "" when the number is fine (or empty)."""
    if not (teks or "").strip():
        return ""
    return "" if telepon_nasional(teks) else PESAN_TELEPON


def tautan_whatsapp(teks: str | None) -> str:
    """wa.me link of a mobile number (WhatsApp lives on mobiles), else ""."""
    nasional = telepon_nasional(teks)
    if not nasional or not nasional.startswith("08"):
        return ""
    return f"https://wa.me/62{nasional[1:]}"
