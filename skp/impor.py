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


def baca_ekspor_bkn(berkas) -> list[tuple[str, SKPImpor]]:
    """Every sheet of the workbook as (sheet name, what was read): one sheet per pegawai."""
    from openpyxl import load_workbook

    if berkas.size > UKURAN_MAKS:
        raise ValidationError({"berkas": "Berkas lebih dari 5 MB."})
    isi = berkas.read()
    if isi[:4] != b"PK\x03\x04":
        raise ValidationError(
            {"berkas": "Berkas bukan Excel .xlsx (format .xls lama: simpan ulang sebagai .xlsx)."}
        )
    try:
        # One sheet per pegawai of a unit; an SKP is a few hundred rows at most.
        periksa_ukuran_terurai(isi, maks_terurai=50 * 2**20, maks_lembar=1000)
        buku = load_workbook(BytesIO(isi), read_only=True, data_only=True)
        lembar = [
            (ws.title, baris_terbatas(ws, maks_baris=2000, maks_kolom=50)) for ws in buku.worksheets
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
