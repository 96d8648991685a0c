"""Pure rules of the evaluation (no Django imports), tested exhaustively."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
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


# ---- periode penilaian ----------------------------------------------------------------

FINAL = "final"
NAMA_BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ROMAWI = ["I", "II", "III", "IV"]


@dataclass(frozen=True)
class PilihanPeriode:
    """A periode penilaian the pegawai may add, or (when `alasan` is set) may not, and why."""

    kode: str
    label: str
    mulai: date | None = None
    selesai: date | None = None
    alasan: str = ""

    @property
    def tersedia(self) -> bool:
        return not self.alasan


def _akhir_bulan(tahun: int, bulan: int) -> date:
    return (date(tahun + (bulan == 12), bulan % 12 + 1, 1)) - timedelta(days=1)


def label_periode(kode: str, tahun: int) -> str:
    if kode == FINAL:
        return f"Final/Tahunan {tahun}"
    if kode.startswith("tw"):
        return f"Triwulan {ROMAWI[int(kode[2:]) - 1]} {tahun}"
    return f"{NAMA_BULAN[int(kode[1:]) - 1]} {tahun}"


def periode_kalender(kode: str, tahun: int) -> tuple[date, date]:
    """The calendar span of a periodic code (tw1..tw4, b01..b12), before clipping."""
    if kode.startswith("tw"):
        n = int(kode[2:])
        return date(tahun, 3 * n - 2, 1), _akhir_bulan(tahun, 3 * n)
    n = int(kode[1:])
    return date(tahun, n, 1), _akhir_bulan(tahun, n)


def pilihan_periode(*, mulai: date, selesai: date, bulanan: bool) -> list[PilihanPeriode]:
    """Every periode penilaian of an SKP running mulai..selesai, clipped to it.

    Triwulan I–IV (or the twelve months when the instansi evaluates monthly) that overlap
    the SKP, then Final/Tahunan over the whole SKP. The last periodic period of the year
    (TW IV / Desember) is offered only when the SKP reaches 31 December: an SKP ended early
    by mutasi is judged for those weeks in its final period.
    """
    tahun = mulai.year
    kode = [f"b{n:02d}" for n in range(1, 13)] if bulanan else [f"tw{n}" for n in range(1, 5)]
    hasil = []
    for k in kode:
        awal, akhir = periode_kalender(k, tahun)
        label = label_periode(k, tahun)
        if akhir < mulai or awal > selesai:
            alasan = (
                f"Periode SKP Anda ({mulai:%d-%m-%Y} s.d. {selesai:%d-%m-%Y}) "
                "tidak mencakup periode ini."
            )
            hasil.append(PilihanPeriode(k, label, alasan=alasan))
        elif akhir.month == 12 and selesai < akhir:
            alasan = (
                f"SKP Anda berakhir {selesai:%d-%m-%Y}, tidak sampai 31 Desember; "
                "capaian sampai akhir SKP dinilai pada periode Final."
            )
            hasil.append(PilihanPeriode(k, label, alasan=alasan))
        else:
            hasil.append(PilihanPeriode(k, label, max(awal, mulai), min(akhir, selesai)))
    hasil.append(PilihanPeriode(FINAL, label_periode(FINAL, tahun), mulai, selesai))
    return hasil


def pilihan_periode_tahun(tahun: int, *, bulanan: bool) -> list[PilihanPeriode]:
    """Every period of a whole year, for the period pickers of list pages."""
    return pilihan_periode(mulai=date(tahun, 1, 1), selesai=date(tahun, 12, 31), bulanan=bulanan)


# ---- status of a periode penilaian ---------------------------------------------------

PENGISIAN, DIAJUKAN, MENUNGGU_REVIEW, DINILAI = (
    "pengisian",
    "diajukan",
    "menunggu_review",
    "dinilai",
)
PEGAWAI, PENILAI, TIM_PENILAI = "pegawai", "penilai", "tim_penilai"
TRANSISI_PERIODE = {
    (PENGISIAN, DIAJUKAN): {PEGAWAI},  # ajukan untuk dinilai
    (DIAJUKAN, PENGISIAN): {PEGAWAI, PENILAI},  # ditarik pegawai / dikembalikan penilai
    (DIAJUKAN, DINILAI): {PENILAI},  # rating, predikat selain Sangat Baik
    (DIAJUKAN, MENUNGGU_REVIEW): {PENILAI},  # rating Sangat Baik: ditinjau Tim Penilai
    (MENUNGGU_REVIEW, DINILAI): {TIM_PENILAI},  # Sangat Baik disetujui
    (MENUNGGU_REVIEW, DIAJUKAN): {TIM_PENILAI},  # dikembalikan ke pejabat penilai
}


def boleh_transisi(dari: str, ke: str, peran: str) -> bool:
    """Whether `peran` may move a periode penilaian from `dari` to `ke`."""
    return peran in TRANSISI_PERIODE.get((dari, ke), ())


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


# ---- jadwal: windows that lock themselves -------------------------------------------

PENYUSUNAN_SKP, REALISASI, PENILAIAN, CETAK = "penyusunan_skp", "realisasi", "penilaian", "cetak"
TPP_AKTIVITAS, TPP_PENILAIAN, KETIDAKHADIRAN, CETAK_TPP = (
    "tpp_aktivitas",
    "tpp_penilaian",
    "ketidakhadiran",
    "cetak_tpp",
)
LANGKAH = {
    PENYUSUNAN_SKP: "Penyusunan SKP",
    REALISASI: "Rencana aksi, realisasi dan bukti dukung",
    PENILAIAN: "Penilaian oleh pejabat penilai",
    CETAK: "Cetak dan unggah dokumen",
    # Monthly TPP steps: the period is the month (b01..b12).
    TPP_AKTIVITAS: "Aktivitas harian dan realisasi bulanan (TPP)",
    TPP_PENILAIAN: "Penilaian realisasi bulanan (TPP)",
    KETIDAKHADIRAN: "Input ketidakhadiran (TPP)",
    CETAK_TPP: "Cetak rekap TPP",
}
LANGKAH_BULANAN = {TPP_AKTIVITAS, TPP_PENILAIAN, KETIDAKHADIRAN, CETAK_TPP}
BELUM_DIBUKA, TERBUKA, DISPENSASI, TERKUNCI = "belum_dibuka", "terbuka", "dispensasi", "terkunci"


def keadaan_jendela(*, mulai, batas, sekarang, dispensasi_sampai=None) -> str:
    """State of a window at `sekarang` (all aware datetimes).

    The deadline itself is still inside (a write at 15:30:00 for a 15:30 deadline counts);
    one second after, only a dispensasi still running keeps it open. A dispensasi reopens
    a closed window; it does not open one early.
    """
    if sekarang < mulai:
        return BELUM_DIBUKA
    if sekarang <= batas:
        return TERBUKA
    if dispensasi_sampai is not None and sekarang <= dispensasi_sampai:
        return DISPENSASI
    return TERKUNCI


def batas_bulanan(tahun: int, bulan: int, *, hari: int, jam: int, menit: int, zona) -> datetime:
    """'Realisasi a month until the 10th of the next month 23:59 WITA' (NTT, SI-KINERJA):
    the deadline of month `bulan` of `tahun`, in the tenant's zone."""
    bulan_berikut, tahun_berikut = (1, tahun + 1) if bulan == 12 else (bulan + 1, tahun)
    hari = min(hari, _akhir_bulan(tahun_berikut, bulan_berikut).day)
    return datetime(tahun_berikut, bulan_berikut, hari, jam, menit, tzinfo=zona)


# ---- documents ------------------------------------------------------------------------


def tanggal_cetak_bawaan(selesai: date, *, hari_kerja: int, libur: set[date]) -> date:
    """Default document date: the last working day of the period, for an OPD working
    5 days (Monday–Friday) or 6 days (Monday–Saturday), skipping the instansi's holidays.
    TW I 2024: 28 March for a 5-day OPD, 30 March for a 6-day one (29 March was a holiday).
    """
    tanggal = selesai
    while tanggal.weekday() >= hari_kerja or tanggal in libur:
        tanggal -= timedelta(days=1)
    return tanggal


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
