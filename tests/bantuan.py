"""Helpers every test folder uses: log in, reload a row, read a page and its messages."""

import html
import re

from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled


def masuk(client, pegawai):
    """The test client, logged in as `pegawai` (no password round-trip)."""
    client.force_login(pegawai)
    return client


def segar(obj):
    """The row as a request would load it (no cached unit, pimpinan or status), inside a
    tenant scope or outside one."""
    with scopes_disabled():
        return type(obj).objects.get(pk=obj.pk)


def teks(response) -> str:
    """The page as text a person reads (entities unescaped)."""
    return html.unescape(response.content.decode())


def pesan(response) -> list[str]:
    """The flash messages shown on a page."""
    return [
        html.unescape(m) for m in re.findall(r'role="status">(.*?)</li>', response.content.decode())
    ]


def pesan_galat(galat) -> str:
    """A service's refusal as one sentence (a ValidationError or pytest's ExceptionInfo)."""
    galat = getattr(galat, "value", galat)
    assert isinstance(galat, ValidationError), galat
    return " ".join(galat.messages)
