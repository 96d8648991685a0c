"""Pure rules of the evaluation (no Django imports), tested exhaustively."""

from decimal import Decimal

DIATAS, SESUAI, DIBAWAH = "diatas", "sesuai", "dibawah"
RATING = (DIATAS, SESUAI, DIBAWAH)
LABEL_RATING = {
    DIATAS: "Diatas Ekspektasi",
    SESUAI: "Sesuai Ekspektasi",
    DIBAWAH: "Dibawah Ekspektasi",
}

SANGAT_BAIK = "sangat_baik"
BAIK = "baik"
BUTUH_PERBAIKAN = "butuh_perbaikan"
KURANG = "kurang"
SANGAT_KURANG = "sangat_kurang"
LABEL_PREDIKAT = {
    SANGAT_BAIK: "Sangat Baik",
    BAIK: "Baik",
    BUTUH_PERBAIKAN: "Butuh Perbaikan",
    KURANG: "Kurang/Misconduct",
    SANGAT_KURANG: "Sangat Kurang",
}

# Rows: rating hasil kerja; columns: rating perilaku kerja (DOMAIN.md, seed 000).
_MATRIKS = {
    DIATAS: {DIBAWAH: KURANG, SESUAI: BAIK, DIATAS: SANGAT_BAIK},
    SESUAI: {DIBAWAH: KURANG, SESUAI: BAIK, DIATAS: BAIK},
    DIBAWAH: {DIBAWAH: SANGAT_KURANG, SESUAI: BUTUH_PERBAIKAN, DIATAS: BUTUH_PERBAIKAN},
}


def predikat(*, hasil_kerja: str, perilaku_kerja: str) -> str:
    """Predikat kinerja pegawai from the two ratings. Keyword-only on purpose: the
    commonest mistake is the transposed table, i.e. swapping the two arguments."""
    if hasil_kerja not in RATING or perilaku_kerja not in RATING:
        raise ValueError("Rating harus diatas, sesuai atau dibawah ekspektasi.")
    return _MATRIKS[hasil_kerja][perilaku_kerja]


PERSEN_ANGKA_KREDIT = {
    SANGAT_BAIK: Decimal("1.50"),
    BAIK: Decimal("1.00"),
    BUTUH_PERBAIKAN: Decimal("0.75"),
    KURANG: Decimal("0.50"),
    SANGAT_KURANG: Decimal("0.25"),
}


def angka_kredit(*, predikat_kinerja: str, koefisien_tahunan: Decimal) -> Decimal:
    """Annual angka kredit for a fungsional: percentage by predikat of the coefficient."""
    return (PERSEN_ANGKA_KREDIT[predikat_kinerja] * koefisien_tahunan).quantize(Decimal("0.001"))
