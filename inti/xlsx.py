"""Limits checked on an uploaded .xlsx before and while it is read, so a small file that
unzips to hundreds of megabytes (a "zip bomb": 287 KB -> 98 MB, 2 million rows) is refused
with a message instead of holding a worker for a minute and half a gigabyte."""

import zipfile
from io import BytesIO


class BerkasTerlaluBesar(ValueError):
    """The workbook exceeds a limit; the message says which, in Indonesian."""


def periksa_ukuran_terurai(isi: bytes, *, maks_terurai: int, maks_lembar: int) -> None:
    """Read the zip directory only: the sizes the workbook declares once unzipped."""
    try:
        with zipfile.ZipFile(BytesIO(isi)) as arsip:
            anggota = arsip.infolist()
    except zipfile.BadZipFile:
        return  # openpyxl reports a broken file in its own words
    lembar = [a for a in anggota if a.filename.startswith("xl/worksheets/sheet")]
    if len(lembar) > maks_lembar:
        raise BerkasTerlaluBesar(
            f"Berkas berisi {len(lembar)} lembar; paling banyak {maks_lembar}."
        )
    terurai = sum(a.file_size for a in anggota)
    if terurai > maks_terurai:
        raise BerkasTerlaluBesar(
            f"Isi berkas terlalu besar setelah dibuka ({terurai // 2**20} MB; paling besar "
            f"{maks_terurai // 2**20} MB). Pecah berkas menjadi beberapa bagian."
        )


def baris_terbatas(lembar, *, maks_baris: int, maks_kolom: int) -> list[list]:
    """The rows of a read-only sheet, stopping as soon as a limit is passed (the declared
    sizes in the zip can lie; the rows read cannot)."""
    hasil = []
    for baris in lembar.iter_rows(values_only=True, max_col=maks_kolom + 1):
        if len(hasil) >= maks_baris:
            raise BerkasTerlaluBesar(
                f"Lembar '{lembar.title}' berisi lebih dari {maks_baris:,} baris.".replace(",", ".")
            )
        hasil.append(list(baris[:maks_kolom]))
    return hasil
