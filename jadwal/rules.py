"""Pure rules of the jadwal (no Django imports): the steps, the state of a window and
monthly deadlines."""

from datetime import datetime

from inti.kalender import akhir_bulan
from inti.parameter import TAHUN_TERBESAR, TAHUN_TERKECIL

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


def akhir_menit(waktu: datetime) -> datetime:
    """A deadline typed to the minute ("until 23:59") covers that whole minute: it ends at
    23:59:59.999999 in the tenant's zone, so a save at 23:59:30 still counts. A time given
    with seconds is kept as it is."""
    if waktu.second == 0 and waktu.microsecond == 0:
        return waktu.replace(second=59, microsecond=999999)
    return waktu


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
    hari = min(hari, akhir_bulan(tahun_berikut, bulan_berikut).day)
    return datetime(tahun_berikut, bulan_berikut, hari, jam, menit, tzinfo=zona)


def galat_tahun(waktu: datetime) -> str:
    """Why a jadwal moment cannot be stored ("" when it can): a typo such as year 1 is
    refused, not stored (converting it to UTC overflows). The years are the product's."""
    if TAHUN_TERKECIL <= waktu.year <= TAHUN_TERBESAR:
        return ""
    return f"Tahun harus antara {TAHUN_TERKECIL} dan {TAHUN_TERBESAR}."
