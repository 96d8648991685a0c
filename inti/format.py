"""One way to write a date, a number and a file size for people, in pages and in messages:
"15 Mei 2026", "15 Mei 2026 14:30", "60.000", "10,5", "10,5 MB".

Written here rather than with Django's `date`/`floatformat` filters because those follow
the active locale and settings (USE_THOUSAND_SEPARATOR, the "id" SHORT_DATE_FORMAT
"d-m-Y"), which differ between a page, a PDF rendered by a Celery task and an f-string
in a service; these give the same text everywhere. The template filters of
inti/templatetags/format_id.py call them. An empty value (None, "") gives "", so a
template chooses its own placeholder with `|default:"-"`. Dates and numbers need no
Django; an aware datetime is taken to the current timezone first."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _kosong(nilai) -> bool:
    return nilai is None or nilai == ""


def waktu_setempat(nilai: datetime) -> datetime:
    """An aware datetime in the current timezone (the instansi's, set by the tenancy
    middleware, or TIME_ZONE); a naive one is taken as already local."""
    # Imported here so the pure rule modules (no Django: inti.kalender, skp.rules) may
    # write their dates and numbers with this module too; only a datetime needs Django.
    from django.utils import timezone

    return timezone.localtime(nilai) if timezone.is_aware(nilai) else nilai


def _hari_tanggal(nilai: date | datetime) -> date:
    return waktu_setempat(nilai).date() if isinstance(nilai, datetime) else nilai


def format_tanggal(nilai: date | datetime | None, *, hari: bool = False) -> str:
    """A date as "15 Mei 2026"; with hari=True "Jumat, 15 Mei 2026". A datetime is first taken to
    the current timezone, so 23:30 UTC is already the next day in WITA."""
    if _kosong(nilai):
        return ""
    tanggal = _hari_tanggal(nilai)
    teks = f"{tanggal.day} {BULAN[tanggal.month - 1]} {tanggal.year}"
    return f"{HARI[tanggal.weekday()]}, {teks}" if hari else teks


def format_tanggal_jam(nilai: date | datetime | None, *, zona: bool = False) -> str:
    """A moment as "15 Mei 2026 14:30" in the current timezone; with zona=True "… 14:30
    WITA". A date without a time gives the date alone."""
    if _kosong(nilai):
        return ""
    if not isinstance(nilai, datetime):
        return format_tanggal(nilai)
    setempat = waktu_setempat(nilai)
    teks = f"{format_tanggal(setempat)} {setempat:%H:%M}"
    nama_zona = setempat.tzname() if zona else None
    return f"{teks} {nama_zona}" if nama_zona else teks


def format_rentang(mulai: date | None, selesai: date | None) -> str:
    """A span as "1 Januari – 30 Juni 2026"; the year is written once when both dates share it, and
    a range of one day is that day."""
    if _kosong(mulai) or _kosong(selesai):
        return format_tanggal(mulai) or format_tanggal(selesai)
    awal, akhir = _hari_tanggal(mulai), _hari_tanggal(selesai)
    if awal == akhir:
        return format_tanggal(awal)
    if awal.year == akhir.year:
        return f"{awal.day} {BULAN[awal.month - 1]} – {format_tanggal(akhir)}"
    return f"{format_tanggal(awal)} – {format_tanggal(akhir)}"


def _sebagai_decimal(nilai) -> Decimal | None:
    if isinstance(nilai, Decimal):
        return nilai
    if isinstance(nilai, float):
        return Decimal(repr(nilai))  # the shortest text of the float: 10.1, not 10.0999…
    try:
        return Decimal(str(nilai).strip())
    except InvalidOperation:
        return None


def format_angka(nilai, desimal: int | None = None) -> str:
    """Indonesian grouping and decimal comma: 60000 → "60.000", 10.5 → "10,5".

    `desimal`: None writes the digits the value has (Decimal("2.50") → "2,5"); n ≥ 0
    exactly n decimals, rounded half up ("0" for money); n < 0 at most -n decimals with
    the trailing zeros dropped (1.50 → "1,5", where floatformat:"-2" wrote "1,50"). Text
    that is not a number is returned as it is."""
    if _kosong(nilai):
        return ""
    if isinstance(nilai, bool):
        return str(nilai)
    angka = _sebagai_decimal(nilai)
    if angka is None or not angka.is_finite():
        return str(nilai)
    if desimal is not None:
        angka = angka.quantize(Decimal(1).scaleb(-abs(desimal)), rounding=ROUND_HALF_UP)
    if desimal is None or desimal < 0:
        angka = angka.normalize() if angka != angka.to_integral_value() else angka.quantize(1)
    teks = f"{abs(angka):f}"
    bulat, _, pecahan = teks.partition(".")
    bulat = f"{int(bulat):,}".replace(",", ".")
    tanda = "-" if angka < 0 else ""
    return f"{tanda}{bulat},{pecahan}" if pecahan else f"{tanda}{bulat}"


SATUAN_UKURAN = ("B", "KB", "MB", "GB", "TB")


def format_ukuran(jumlah_bita: int | None) -> str:
    """A file size in 1024 steps with at most one decimal: 52428800 → "50 MB",
    11010048 → "10,5 MB", 800 → "800 B"."""
    if _kosong(jumlah_bita):
        return ""
    ukuran = Decimal(jumlah_bita)
    satuan = 0
    # Compared once rounded, so 1048575 bytes is "1 MB", not "1.024 KB".
    while abs(ukuran.quantize(Decimal("0.1"))) >= 1024 and satuan < len(SATUAN_UKURAN) - 1:
        ukuran /= 1024
        satuan += 1
    return f"{format_angka(ukuran, -1)} {SATUAN_UKURAN[satuan]}"


def format_ukuran_berlebih(jumlah_bita: int, batas: int) -> str:
    """The size of a file over `batas` for the message refusing it: "10,5 MB", or "lebih
    dari 10 MB" when rounding would show the limit itself (10 MB and 30 bytes)."""
    teks = format_ukuran(jumlah_bita)
    return f"lebih dari {teks}" if teks == format_ukuran(batas) else teks
