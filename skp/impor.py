"""Reading SKP content from BKN e-Kinerja Excel exports, and carrying the previewed content
to the confirmation.

The preview shows what was read; the confirmation posts it back signed (django.core.signing),
so what is written is exactly what the person saw, and nothing is kept on the server in
between. The service checks every indikator (model constraints, JPT perspektif) before
saving.
"""

from dataclasses import asdict
from io import BytesIO

from django.core import signing
from django.core.exceptions import ValidationError

from inti.xlsx import BerkasTerlaluBesar, baris_terbatas, periksa_ukuran_terurai
from skp.rules import SKPImpor, urai_skp_bkn

_GARAM = "skp.impor_bkn"
UKURAN_MAKS = 5 * 1024 * 1024

# The workbook is read inside the request, so what it may hold is bounded by the time
# openpyxl takes (measured: ~14 µs a cell, 100,000 cells in 1.4 s). A BKN export is one
# sheet of a few hundred cells per pegawai. A pegawai's own SKP: at most 10 sheets and
# 5 MB unzipped (about 1.5 s at worst). A unit's workbook (admins): at most 300 sheets
# and 15 MB unzipped (about 4 s at worst), instead of 94 s for a crafted file before.
SENDIRI = {"maks_terurai": 5 * 2**20, "maks_lembar": 10}
UNIT = {"maks_terurai": 15 * 2**20, "maks_lembar": 300}


def baca_ekspor_bkn(berkas, *, maks_terurai, maks_lembar) -> list[tuple[str, SKPImpor]]:
    """The first `maks_lembar` sheets of the workbook as (sheet name, what was read): one
    sheet per pegawai. A workbook unzipping to more than `maks_terurai` bytes is refused
    before it is parsed."""
    from openpyxl import load_workbook

    if berkas.size > UKURAN_MAKS:
        raise ValidationError({"berkas": "Berkas lebih dari 5 MB."})
    isi = berkas.read()
    if isi[:4] != b"PK\x03\x04":
        raise ValidationError(
            {"berkas": "Berkas bukan Excel .xlsx (format .xls lama: simpan ulang sebagai .xlsx)."}
        )
    try:
        # An SKP is a few hundred rows at most.
        periksa_ukuran_terurai(isi, maks_terurai=maks_terurai, maks_lembar=maks_lembar)
        buku = load_workbook(BytesIO(isi), read_only=True, data_only=True)
        lembar = [
            (ws.title, baris_terbatas(ws, maks_baris=2000, maks_kolom=50))
            for ws in buku.worksheets[:maks_lembar]
        ]
    except BerkasTerlaluBesar as e:
        raise ValidationError({"berkas": str(e)}) from None
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds on a broken file
        raise ValidationError({"berkas": "Berkas Excel rusak dan tidak dapat dibaca."}) from None
    return [(nama, urai_skp_bkn(baris)) for nama, baris in lembar]


def ke_data(hasil: SKPImpor) -> list[dict]:
    return [
        {
            **asdict(r),
            "indikator": [
                {
                    **asdict(i),
                    "target_min": str(i.target_min),
                    "target_maks": None if i.target_maks is None else str(i.target_maks),
                }
                for i in r.indikator
            ],
        }  # fmt: skip
        for r in hasil.rhk
    ]


def tandatangani(data) -> str:
    return signing.dumps(data, salt=_GARAM, compress=True)


def buka(token: str, *, umur_detik=3600):
    """The previewed content, or ValidationError when tampered with or older than an hour."""
    try:
        return signing.loads(token or "", salt=_GARAM, max_age=umur_detik)
    except signing.BadSignature:
        raise ValidationError("Pratinjau kedaluwarsa atau tidak sah; unggah berkas lagi.") from None
