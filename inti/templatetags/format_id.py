"""The filters that write dates, numbers and sizes for people, the same on every page and
PDF (inti.format): `tanggal`, `tanggal_jam`, `rentang`, `angka`, `ukuran`. Loaded in every
template through TEMPLATES["OPTIONS"]["builtins"], so no `{% load %}` is needed.

Machine formats stay with Django's `date` filter: `value="{{ d|date:'Y-m-d' }}"` of an
<input type="date">, a query string."""

from django import template

from inti.format import (
    format_angka,
    format_rentang,
    format_tanggal,
    format_tanggal_jam,
    format_ukuran,
)

register = template.Library()


@register.filter(is_safe=False)
def tanggal(nilai, pilihan=""):
    """{{ d|tanggal }} → "15 Mei 2026"; {{ d|tanggal:"hari" }} → "Jumat, 15 Mei 2026"."""
    return format_tanggal(nilai, hari=pilihan == "hari")


@register.filter(is_safe=False)
def tanggal_jam(nilai, pilihan=""):
    """{{ t|tanggal_jam }} → "15 Mei 2026 14:30"; {{ t|tanggal_jam:"zona" }} adds "WITA"."""
    return format_tanggal_jam(nilai, zona=pilihan == "zona")


@register.filter(is_safe=False)
def rentang(mulai, selesai):
    """{{ skp.mulai|rentang:skp.selesai }} → "1 Januari – 30 Juni 2026"."""
    return format_rentang(mulai, selesai)


@register.filter(is_safe=False)
def angka(nilai, desimal=None):
    """{{ n|angka }} → "60.000", "10,5"; {{ n|angka:0 }} rounds to whole numbers (money);
    {{ n|angka:"-2" }} at most two decimals (see inti.format.format_angka)."""
    if desimal in (None, ""):
        return format_angka(nilai)
    try:
        return format_angka(nilai, int(desimal))
    except (TypeError, ValueError):
        return format_angka(nilai)


@register.filter(is_safe=False)
def ukuran(jumlah_bita):
    """{{ b.ukuran|ukuran }} → "10,5 MB"."""
    return format_ukuran(jumlah_bita)
