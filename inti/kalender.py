"""The calendar of the evaluation year, shared by every app: the periode codes (tw1..tw4,
b01..b12, final), their labels and spans, month names, working days and the default
document date. Pure functions, no Django."""

from dataclasses import dataclass
from datetime import date, timedelta

from inti.format import BULAN as NAMA_BULAN
from inti.format import format_tanggal

FINAL = "final"
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


def akhir_bulan(tahun: int, bulan: int) -> date:
    return (date(tahun + (bulan == 12), bulan % 12 + 1, 1)) - timedelta(days=1)


def label_periode(kode: str, tahun: int) -> str:
    if kode == FINAL:
        return f"Final/Tahunan {tahun}"
    if kode.startswith("tw"):
        return f"Triwulan {ROMAWI[int(kode[2:]) - 1]} {tahun}"
    return f"{NAMA_BULAN[int(kode[1:]) - 1]} {tahun}"


def kode_periode_pada(tanggal: date, *, bulanan: bool) -> str:
    """The periodic period running on `tanggal`: its quarter (tw1..tw4), or its month
    (b01..b12) where the instansi evaluates monthly."""
    if bulanan:
        return f"b{tanggal.month:02d}"
    return f"tw{(tanggal.month - 1) // 3 + 1}"


def periode_kalender(kode: str, tahun: int) -> tuple[date, date]:
    """The calendar span of a periodic code (tw1..tw4, b01..b12), before clipping."""
    if kode.startswith("tw"):
        n = int(kode[2:])
        return date(tahun, 3 * n - 2, 1), akhir_bulan(tahun, 3 * n)
    n = int(kode[1:])
    return date(tahun, n, 1), akhir_bulan(tahun, n)


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
                f"Periode SKP Anda ({format_tanggal(mulai)} s.d. {format_tanggal(selesai)}) "
                "tidak mencakup periode ini."
            )
            hasil.append(PilihanPeriode(k, label, alasan=alasan))
        elif akhir.month == 12 and selesai < akhir:
            alasan = (
                f"SKP Anda berakhir {format_tanggal(selesai)}, tidak sampai 31 Desember; "
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


def tanggal_cetak_bawaan(selesai: date, *, hari_kerja: int, libur: set[date]) -> date:
    """Default document date: the last working day of the period, for an OPD working
    5 days (Monday–Friday) or 6 days (Monday–Saturday), skipping the instansi's holidays.
    TW I 2024: 28 March for a 5-day OPD, 30 March for a 6-day one (29 March was a holiday).
    """
    tanggal = selesai
    while tanggal.weekday() >= hari_kerja or tanggal in libur:
        tanggal -= timedelta(days=1)
    return tanggal


def hari_kerja_antara(
    mulai: date, selesai: date, *, hari_kerja: int, libur: set[date]
) -> list[date]:
    """Working days from mulai to selesai inclusive (Mon–Fri or Mon–Sat, minus holidays)."""
    hari, tanggal = [], mulai
    while tanggal <= selesai:
        if tanggal.weekday() < hari_kerja and tanggal not in libur:
            hari.append(tanggal)
        tanggal += timedelta(days=1)
    return hari
