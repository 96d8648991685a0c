"""Pure rules of the evaluation (no Django imports), tested exhaustively."""

from decimal import Decimal

# The period calendar is shared with jadwal and tpp, so it lives in the core; these names
# stay reachable here because periods are what this app is about.
from inti.kalender import (  # noqa: F401
    FINAL,
    NAMA_BULAN,
    PilihanPeriode,
    label_periode,
    periode_kalender,
    pilihan_periode,
    pilihan_periode_tahun,
    tanggal_cetak_bawaan,
)
from inti.status import MesinStatus

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


KOEFISIEN_TAHUNAN = {
    # PermenPANRB 1/2023, lampiran: angka kredit per tahun per jenjang.
    "pemula": Decimal("3.75"),
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
}

# Seed 000, "Panduan rating": shown beside the choice when rating.
PANDUAN_HASIL_KERJA = {
    DIATAS: "Sebagian besar atau seluruh Hasil Kerja di atas ekspektasi dan tidak ada Hasil "
    "Kerja Utama yang di bawah ekspektasi dan Umpan Balik sebagian/seluruhnya menunjukkan "
    "respon positif.",
    SESUAI: "Sebagian besar atau seluruh Hasil Kerja sesuai ekspektasi dan hanya sebagian kecil "
    "Hasil Kerja Utama yang di bawah ekspektasi dan Umpan Balik sebagian menunjukkan respon "
    "positif.",
    DIBAWAH: "Sebagian besar atau seluruh Kinerja Utama di bawah ekspektasi dan Umpan Balik "
    "yang diberikan atas hasil kerja pegawai sebagian besar atau seluruhnya tidak menunjukkan "
    "respon positif.",
}
PANDUAN_PERILAKU_KERJA = {
    DIATAS: "Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri dan "
    "orang lain.",
    SESUAI: "Pegawai secara konsisten menjalankan core values ASN untuk diri sendiri.",
    DIBAWAH: "Pegawai belum secara konsisten menjalankan core values ASN.",
}


# ---- status of a periode penilaian ---------------------------------------------------

PENGISIAN, DIAJUKAN, MENUNGGU_REVIEW, DINILAI = (
    "pengisian",
    "diajukan",
    "menunggu_review",
    "dinilai",
)
PEGAWAI, PENILAI, TIM_PENILAI = "pegawai", "penilai", "tim_penilai"
LABEL_STATUS = {
    PENGISIAN: "Pengisian realisasi",
    DIAJUKAN: "Menunggu penilaian",
    MENUNGGU_REVIEW: "Menunggu review",
    DINILAI: "Dinilai",
}
TRANSISI_PERIODE = {
    (PENGISIAN, DIAJUKAN): {PEGAWAI},  # ajukan untuk dinilai
    (DIAJUKAN, PENGISIAN): {PEGAWAI, PENILAI},  # ditarik pegawai / dikembalikan penilai
    (DIAJUKAN, DINILAI): {PENILAI},  # rating, predikat selain Sangat Baik
    (DIAJUKAN, MENUNGGU_REVIEW): {PENILAI},  # rating Sangat Baik: ditinjau Tim Penilai
    (MENUNGGU_REVIEW, DINILAI): {TIM_PENILAI},  # predikat disetujui
    (MENUNGGU_REVIEW, DIAJUKAN): {TIM_PENILAI},  # dikembalikan ke pejabat penilai
    # Any other predikat pulled into review (by OPD, predikat or sample: seeds 000/001).
    (DINILAI, MENUNGGU_REVIEW): {TIM_PENILAI},
}
MESIN_PERIODE = MesinStatus(
    nama="Periode",
    awalan_aksi="periode",
    transisi=TRANSISI_PERIODE,
    label_status=LABEL_STATUS,
    label_peran={
        PEGAWAI: "pegawai yang dinilai",
        PENILAI: "pejabat penilai",
        TIM_PENILAI: "Tim Penilai Kinerja",
    },
)


def boleh_transisi(dari: str, ke: str, peran: str) -> bool:
    """Whether `peran` may move a periode penilaian from `dari` to `ke`."""
    return MESIN_PERIODE.boleh(dari, ke, peran)


def rencana_aksi_kurang(*, jumlah_rhk: int, rhk_dengan_rencana_aksi: int, semua_rhk: bool) -> bool:
    """Whether a periodic period still lacks rencana aksi: on some RHK where the instansi
    asks one on every RHK (seed 001), else none at all (BKN, seed 002: only the RHK
    worked on in the period, at least one)."""
    if semua_rhk:
        return rhk_dengan_rencana_aksi < jumlah_rhk
    return rhk_dengan_rencana_aksi == 0


def status_setelah_rating(predikat_kinerja: str) -> str:
    return MENUNGGU_REVIEW if predikat_kinerja == SANGAT_BAIK else DINILAI


# ---- kurva distribusi (SE MenPANRB 3/2023) --------------------------------------------

ISTIMEWA = "istimewa"
CAPAIAN_ORGANISASI = {
    ISTIMEWA: "Istimewa",
    BAIK: "Baik",
    BUTUH_PERBAIKAN: "Butuh Perbaikan",
    KURANG: "Kurang",
    SANGAT_KURANG: "Sangat Kurang",
}
PREDIKAT = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)

# capaian → [(predikat set, "maks"/"min", percent)]
_BATAS_KURVA = {
    ISTIMEWA: [({SANGAT_BAIK}, "maks", 70)],
    BAIK: [({BAIK}, "maks", 70), ({BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG}, "ada", 0)],
    BUTUH_PERBAIKAN: [({BUTUH_PERBAIKAN}, "min", 60), ({SANGAT_BAIK}, "maks", 10)],
    KURANG: [({KURANG}, "min", 60), ({BUTUH_PERBAIKAN}, "min", 10), ({SANGAT_BAIK}, "maks", 10)],
    SANGAT_KURANG: [({SANGAT_KURANG}, "min", 60), ({SANGAT_BAIK}, "maks", 0)],
}


def batas_kurva(capaian: str) -> list[str]:
    """The bounds for a capaian organisasi, as sentences for the page."""
    kalimat = []
    for predikat_set, jenis, persen in _BATAS_KURVA[capaian]:
        nama = "/".join(LABEL_PREDIKAT[p] for p in PREDIKAT if p in predikat_set)
        if jenis == "ada":
            kalimat.append(f"ada pegawai {nama}")
        elif jenis == "maks" and persen == 0:
            kalimat.append(f"tidak ada {nama}")
        else:
            kalimat.append(
                f"{nama} {'paling banyak' if jenis == 'maks' else 'paling sedikit'} {persen}%"
            )
    return kalimat


def periksa_kurva(*, capaian: str, jumlah: dict[str, int]) -> list[str]:
    """Warnings (Indonesian) where the predikat counts break the curve for the capaian.

    Exact percentages: 70 % of 10 is allowed under "at most 70 %", 71 % is not. An empty
    OPD breaks nothing. These are warnings for penilai and TPK, never a block.
    """
    total = sum(jumlah.get(p, 0) for p in PREDIKAT)
    if not total:
        return []
    peringatan = []
    for predikat_set, jenis, persen in _BATAS_KURVA[capaian]:
        n = sum(jumlah.get(p, 0) for p in predikat_set)
        nama = "/".join(LABEL_PREDIKAT[p] for p in PREDIKAT if p in predikat_set)
        aktual = f"{n} dari {total} ({_persen(n, total)})"
        if jenis == "maks" and n * 100 > persen * total:
            batas = "tidak boleh ada" if persen == 0 else f"paling banyak {persen}%"
            peringatan.append(
                f"{nama}: {aktual}; {batas} untuk capaian organisasi {CAPAIAN_ORGANISASI[capaian]}."
            )
        elif jenis == "min" and n * 100 < persen * total:
            peringatan.append(
                f"{nama}: {aktual}; seharusnya paling sedikit {persen}% untuk "
                f"capaian organisasi {CAPAIAN_ORGANISASI[capaian]}."
            )
        elif jenis == "ada" and n == 0:
            peringatan.append(
                f"Belum ada pegawai {nama}; untuk capaian organisasi "
                f"{CAPAIAN_ORGANISASI[capaian]} sebagian pegawai diharapkan "
                "berpredikat di bawah Baik."
            )
    return peringatan


def _persen(n: int, total: int) -> str:
    return f"{(Decimal(n) * 100 / total).quantize(Decimal('0.1'))}%".replace(".", ",")


# ---- rekomendasi tindak lanjut ---------------------------------------------------------

PENGHARGAAN, PENGEMBANGAN, PEMBINAAN, TINJAU_SANKSI = (
    "penghargaan",
    "pengembangan",
    "pembinaan",
    "tinjau_sanksi",
)
JENIS_REKOMENDASI = {
    PENGHARGAAN: "Penghargaan (prioritas pengembangan, talent pool, promosi)",
    PENGEMBANGAN: "Pengembangan kompetensi",
    PEMBINAAN: "Pembinaan kinerja (bimbingan/konseling)",
    TINJAU_SANKSI: "Tinjau sanksi",
}
ATURAN_REKOMENDASI_BAWAAN = {
    # Sangat Baik in at least this many of the periods looked at → penghargaan.
    "sangat_baik_minimal": 2,
    # Kurang/Sangat Kurang in at least this many periods → tinjau sanksi.
    "kurang_minimal": 2,
}


def rekomendasi(
    predikat_berurutan: list[str], *, aturan: dict | None = None
) -> list[tuple[str, str]]:
    """Recommendations from a pegawai's predikat, oldest first (e.g. the last final
    results and this year's quarters). The product recommends; BKD decides.

    The thresholds are the tenant's (`Instansi.pengaturan["rekomendasi"]`)."""
    aturan = {**ATURAN_REKOMENDASI_BAWAAN, **(aturan or {})}
    hasil = []
    sangat_baik = sum(1 for p in predikat_berurutan if p == SANGAT_BAIK)
    buruk = sum(1 for p in predikat_berurutan if p in (KURANG, SANGAT_KURANG))
    terakhir = predikat_berurutan[-1] if predikat_berurutan else ""
    if sangat_baik >= aturan["sangat_baik_minimal"]:
        hasil.append((PENGHARGAAN, f"Sangat Baik {sangat_baik} kali"))
    elif terakhir == SANGAT_BAIK:
        hasil.append((PENGEMBANGAN, "Sangat Baik pada periode terakhir"))
    if terakhir in (BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG):
        hasil.append((PEMBINAAN, f"Predikat terakhir {LABEL_PREDIKAT[terakhir]}"))
    if buruk >= aturan["kurang_minimal"]:
        hasil.append((TINJAU_SANKSI, f"Kurang/Sangat Kurang {buruk} kali"))
    return hasil
