"""Checks of free text that reaches a service without a Django form (a form's CharField
already refuses NUL). PostgreSQL cannot store NUL in text: unchecked, it is a 500."""

import re

from django.core.exceptions import ValidationError

# Control characters other than tab, newline and carriage return.
_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def teks_bersih(nilai, *, field: str | None = None) -> str:
    """The text stripped, or ValidationError (on `field`, when given) if it holds a NUL or
    another control character."""
    teks = (nilai or "").strip()
    if _KENDALI.search(teks):
        pesan = (
            "Teks berisi karakter kendali (mis. NUL) yang tidak diizinkan; hapus lalu simpan lagi."
        )
        raise ValidationError({field: pesan} if field else pesan)
    return teks
