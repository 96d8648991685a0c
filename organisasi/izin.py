"""Who someone is to a pegawai: the question every "may X do Y to Z" of the SKP and the
evaluation starts with, answered once (skp.izin and penilaian.izin build on it)."""

from django.core.exceptions import ValidationError

from organisasi.selectors import atasan_pegawai, pegawai_dikelola

PEMILIK, PENILAI, ADMIN = "pemilik", "penilai", "admin"


def peran_atas(user, pegawai) -> str:
    """PEMILIK (the pegawai themself), PENILAI (their current atasan, who rates them),
    ADMIN (an admin whose OPD, or instansi for BKD, holds them) or "" (nobody to them).

    Looked up once per user and pegawai object: the page and the rules it checks ask
    several times in one request."""
    cache = pegawai.__dict__.setdefault("_peran_atas", {})
    if user.pk not in cache:
        if pegawai.pk == user.pk:
            cache[user.pk] = PEMILIK
        elif atasan_pegawai(pegawai) == user:
            cache[user.pk] = PENILAI
        elif user.adalah_admin and pegawai_dikelola(user).filter(pk=pegawai.pk).exists():
            cache[user.pk] = ADMIN
        else:
            cache[user.pk] = ""
    return cache[user.pk]


def pihak_lain(pegawai, by):
    """For a pegawai and someone acting on their performance: the other side of the
    dialogue (the penilai when the pegawai acts, the pegawai when the penilai acts)."""
    atasan = atasan_pegawai(pegawai)
    if by.pk == pegawai.pk:
        if atasan is None:
            raise ValidationError("Anda belum memiliki pejabat penilai.")
        return atasan
    if atasan is not None and atasan.pk == by.pk:
        return pegawai
    raise ValidationError("Hanya pegawai dan pejabat penilainya yang dapat mencatat ini.")
