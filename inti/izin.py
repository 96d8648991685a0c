"""The shape of the apps' authorization rules (skp/izin.py, penilaian/izin.py): a rule is
a function (user, obj) → the reason it refuses, in Indonesian, or "" when it allows.

`pastikan` raises that reason for a service; `daftarkan` registers the same function as a
django-rules permission, which `Pegawai.has_perm` and `{% has_perm %}` ask. One function,
so the page and the service cannot drift.
"""

import rules
from django.core.exceptions import ValidationError


def pastikan(alasan, user, obj) -> None:
    """For services: refuse with the rule's own reason."""
    if pesan := alasan(user, obj):
        raise ValidationError(pesan)


def daftarkan(nama: str, alasan) -> None:
    rules.add_perm(
        nama, rules.predicate(lambda user, obj: obj is not None and not alasan(user, obj))
    )
