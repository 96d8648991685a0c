"""Pure rules of the monthly cycle and the allowance (no Django imports), tested on
hand-computed examples.

TPP (tambahan penghasilan pegawai) is set by each region's Perkada, so every number here
comes from the tenant's configuration (`AturanTPP`); the shape is the common one: a base
amount per kelas jabatan, split into a kinerja part scaled by the monthly rating and a
disiplin part cut per day of absence, with caps, prorated for a partial month.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache

from inti.status import MesinStatus
from penilaian.rules import DIATAS, DIBAWAH, LABEL_RATING, SESUAI

# Seed 004 (SI-KINERJA, NTT): 40 or more activities → any rating; 20–39 → Sesuai or
# Dibawah; 0–19 → Dibawah only. The two thresholds are per tenant.
AMBANG_PENUH, AMBANG_SESUAI = 40, 20


# The monthly realisasi: the pegawai submits, the penilai rates.
PENGISIAN, DIAJUKAN, DINILAI = "pengisian", "diajukan", "dinilai"
PEGAWAI, PENILAI = "pegawai", "penilai"
LABEL_STATUS_BULANAN = {PENGISIAN: "Pengisian", DIAJUKAN: "Menunggu penilaian", DINILAI: "Dinilai"}
# A submitted month goes back to pengisian when the pegawai withdraws it or the penilai
# returns it with a note, until it is rated; aktivitas added meanwhile count.
MESIN_REALISASI_BULANAN = MesinStatus(
    nama="Realisasi bulanan",
    awalan_aksi="realisasi_bulanan",
    transisi={
        (PENGISIAN, DIAJUKAN): {PEGAWAI},
        (DIAJUKAN, PENGISIAN): {PEGAWAI, PENILAI},
        (DIAJUKAN, DINILAI): {PENILAI},
    },
    label_status=LABEL_STATUS_BULANAN,
    label_peran={PEGAWAI: "pegawai sendiri", PENILAI: "pejabat penilai"},
)


def rating_diizinkan(
    jumlah_aktivitas: int, *, ambang_penuh: int = AMBANG_PENUH, ambang_sesuai: int = AMBANG_SESUAI
) -> tuple[str, ...]:
    """The ratings a penilai may give a month with this many aktivitas harian."""
    if jumlah_aktivitas >= ambang_penuh:
        return (DIATAS, SESUAI, DIBAWAH)
    if jumlah_aktivitas >= ambang_sesuai:
        return (SESUAI, DIBAWAH)
    return (DIBAWAH,)


def penjelasan_batas(*, ambang_penuh: int = AMBANG_PENUH, ambang_sesuai: int = AMBANG_SESUAI):
    return (
        f"{ambang_penuh} aktivitas atau lebih: semua rating; {ambang_sesuai}–{ambang_penuh - 1}: "
        f"Sesuai atau Dibawah Ekspektasi; 0–{ambang_sesuai - 1}: Dibawah Ekspektasi saja."
    )


# ---- progres harian (BKN 2026) ---------------------------------------------------------

# A day with no entry is "belum" (no row); the others are ProgresHarian.status.
BELUM, DRAFT, HARI_DIAJUKAN, DISETUJUI, DIKEMBALIKAN = (
    "belum",
    "draft",
    "diajukan",
    "disetujui",
    "dikembalikan",
)
LABEL_STATUS_HARI = {
    BELUM: "Belum diisi",
    DRAFT: "Draft",
    HARI_DIAJUKAN: "Diajukan",
    DISETUJUI: "Disetujui",
    DIKEMBALIKAN: "Dikembalikan",
}
TERISI = {HARI_DIAJUKAN, DISETUJUI}  # a day that counts as filled
ATASAN = "atasan"
MESIN_PROGRES_HARIAN = MesinStatus(
    nama="Progres harian",
    awalan_aksi="progres",
    transisi={
        (DRAFT, HARI_DIAJUKAN): {PEGAWAI},
        (DIKEMBALIKAN, HARI_DIAJUKAN): {PEGAWAI},
        (HARI_DIAJUKAN, DRAFT): {PEGAWAI},
        (HARI_DIAJUKAN, DISETUJUI): {ATASAN},
        (HARI_DIAJUKAN, DIKEMBALIKAN): {ATASAN},
    },
    label_status=LABEL_STATUS_HARI,
    label_peran={PEGAWAI: "pegawai sendiri", ATASAN: "atasan langsung"},
)


def batas_tepat_waktu(tanggal: date, *, jendela: int, hari_kerja: int, libur: set) -> date:
    """The last day (in the tenant's zone, inclusive) on which the progres of `tanggal`
    is on time: the `jendela`-th working day after it, so with 3 a Thursday's progres is
    on time until Tuesday for a 5-day unit and until Monday for a 6-day one, one day
    more for each holiday in between. Jendela 0: the day itself."""
    batas, n = tanggal, 0
    while n < jendela:
        batas += timedelta(days=1)
        if batas.weekday() < hari_kerja and batas not in libur:
            n += 1
    return batas


@lru_cache(maxsize=4096)
def _batas_sekali(tanggal: date, jendela: int, hari_kerja: int, libur: frozenset) -> date:
    # A month's TPP asks this of the same few dates for every pegawai (60,000 in a
    # province): computed once per date, week length and holiday set.
    return batas_tepat_waktu(tanggal, jendela=jendela, hari_kerja=hari_kerja, libur=libur)


def terlambat(
    tanggal: date, diajukan: datetime, *, zona: tzinfo, jendela: int, hari_kerja: int, libur: set
) -> bool:
    """Whether progres of `tanggal` submitted at `diajukan` (aware) is late: the moment is
    read on the tenant's clock, so 23:59 WITA on the last day is on time and 00:00 is not,
    whatever the server's zone."""
    batas = batas_tepat_waktu(tanggal, jendela=jendela, hari_kerja=hari_kerja, libur=libur)
    return diajukan.astimezone(zona).date() > batas


@dataclass(frozen=True)
class RekapProgres:
    """One pegawai's month of progres harian: of the working days whose window has
    passed, how many were filled, late, or left empty; and the days still waiting."""

    hari_wajib: int = 0
    terisi: int = 0
    terlambat: int = 0
    kosong: int = 0
    menunggu: int = 0  # submitted, not yet decided by the atasan


def rekap_progres(
    hari_wajib: list[date],
    hari: dict,
    *,
    hari_ini: date,
    jendela: int,
    hari_kerja: int,
    libur: set,
) -> RekapProgres:
    """hari_wajib: the working days the pegawai had to report (served, not absent);
    hari: date → (status, late). A day counts as empty only once its window has passed
    without a submission, so the month can be summed before the last days close."""
    terisi = telat = kosong = menunggu = 0
    libur = frozenset(libur)
    for tanggal in hari_wajib:
        status, lambat = hari.get(tanggal, (BELUM, False))
        if status in TERISI:
            terisi += 1
            telat += bool(lambat)
            menunggu += status == HARI_DIAJUKAN
        elif _batas_sekali(tanggal, jendela, hari_kerja, libur) < hari_ini:
            kosong += 1
    return RekapProgres(len(hari_wajib), terisi, telat, kosong, menunggu)


# ---- ketidakhadiran -------------------------------------------------------------------

JENIS_KETIDAKHADIRAN = {
    "dinas_luar": "Dinas Luar",
    "cuti_tahunan": "Cuti Tahunan",
    "cuti_sakit": "Cuti Sakit",
    "cuti_besar": "Cuti Besar",
    "cuti_melahirkan": "Cuti Melahirkan",
    "cuti_alasan_penting": "Cuti Alasan Penting",
    "tugas_belajar": "Tugas Belajar",
    "tanpa_keterangan": "Tanpa Keterangan",
    "terlambat": "Terlambat masuk",
    "pulang_cepat": "Pulang sebelum waktunya",
}
# Absences during which no progres harian is expected (dinas luar still reports, and
# lateness or early leave is a day at work).
TANPA_PROGRES = set(JENIS_KETIDAKHADIRAN) - {"dinas_luar", "terlambat", "pulang_cepat"}
# Days of progres harian a Perkada may cut from the disiplin part, like absences.
PROGRES_TERLAMBAT, PROGRES_KOSONG = "progres_terlambat", "progres_kosong"
JENIS_PROGRES = {
    PROGRES_TERLAMBAT: "Progres harian terlambat",
    PROGRES_KOSONG: "Progres harian tidak diisi",
}
JENIS_POTONGAN = {**JENIS_KETIDAKHADIRAN, **JENIS_PROGRES}


# ---- perhitungan TPP ------------------------------------------------------------------

RUPIAH = Decimal("1")


def _rupiah(x: Decimal) -> Decimal:
    # Every line is rounded down to whole rupiah, so the lines add up to the total shown
    # and nobody is paid a fraction the treasury cannot pay.
    return x.quantize(RUPIAH, rounding=ROUND_DOWN)


@dataclass(frozen=True)
class AturanTPP:
    """One tenant's Perkada, as numbers. Percentages are Decimal fractions (0.60 = 60 %)."""

    bobot_kinerja: Decimal
    bobot_disiplin: Decimal
    persen_rating: dict  # rating → fraction of the kinerja part paid
    potongan_per_hari: dict  # jenis ketidakhadiran → fraction of the disiplin part per day
    batas_potongan_jenis: dict = field(default_factory=dict)  # jenis → cap (fraction)
    batas_potongan_total: Decimal = Decimal("1")


@dataclass
class RincianTPP:
    """The slip: how the base was reached, then lines that add up to the total."""

    dasar: str = ""
    baris: list = field(default_factory=list)  # [(uraian, rupiah)], in slip order
    progres: RekapProgres = field(default_factory=RekapProgres)

    def tambah(self, uraian: str, jumlah: Decimal):
        self.baris.append((uraian, jumlah))

    @property
    def total(self) -> Decimal:
        return sum((j for _, j in self.baris), Decimal("0"))


def hitung_tpp(
    *,
    aturan: AturanTPP,
    pagu: Decimal,
    rating: str | None,
    hari_tidak_hadir: dict,
    hari_kerja_bulan: int,
    hari_kerja_menjabat: int,
    dikecualikan: str = "",
) -> RincianTPP:
    """TPP of one pegawai for one month, line by line.

    - pagu: the base amount of the pegawai's kelas jabatan;
    - rating: the monthly rating (None when the penilai has not rated: no kinerja part);
    - hari_tidak_hadir: jenis → working days absent in the month;
    - hari_kerja_menjabat / hari_kerja_bulan: the share of the month in this post (a new
      pegawai or a mutasi mid-month is paid for the working days served);
    - dikecualikan: a reason (CLTN, diberhentikan sementara…) → nothing is paid.
    """
    rincian = RincianTPP()
    if dikecualikan:
        rincian.tambah(f"Tidak menerima TPP: {dikecualikan}", Decimal("0"))
        return rincian
    if hari_kerja_bulan <= 0 or hari_kerja_menjabat <= 0:
        rincian.tambah("Tidak ada hari kerja dalam jabatan bulan ini", Decimal("0"))
        return rincian
    menjabat = min(hari_kerja_menjabat, hari_kerja_bulan)
    # Multiply before dividing: 3,000,000 × 7 / 21 is exactly 1,000,000, while 7/21 first
    # rounds to 0.333… and the rupiah rounded down comes out one short.
    dasar = pagu * menjabat / hari_kerja_bulan
    sebagian = menjabat < hari_kerja_bulan
    rincian.dasar = f"Pagu kelas jabatan {_format(pagu)}" + (
        f" × {hari_kerja_menjabat}/{hari_kerja_bulan} hari kerja = {_format(dasar)}"
        if sebagian
        else ""
    )

    kinerja_penuh = dasar * aturan.bobot_kinerja
    persen = aturan.persen_rating.get(rating, Decimal("0")) if rating else Decimal("0")
    kinerja = _rupiah(kinerja_penuh * persen)
    rincian.tambah(
        f"Kinerja {_persen(aturan.bobot_kinerja)} × "
        + (f"{LABEL_RATING[rating]} {_persen(persen)}" if rating else "belum dinilai 0%"),
        kinerja,
    )

    disiplin_penuh = _rupiah(dasar * aturan.bobot_disiplin)
    rincian.tambah(f"Disiplin {_persen(aturan.bobot_disiplin)}", disiplin_penuh)
    total_potong = Decimal("0")
    for jenis, hari in sorted(hari_tidak_hadir.items()):
        per_hari = aturan.potongan_per_hari.get(jenis, Decimal("0"))
        if not hari or not per_hari:
            continue
        persen_potong = per_hari * hari
        batas = aturan.batas_potongan_jenis.get(jenis)
        catatan = ""
        if batas is not None and persen_potong > batas:
            persen_potong, catatan = batas, f", dibatasi {_persen(batas)}"
        sisa = aturan.batas_potongan_total - total_potong
        if persen_potong > sisa:
            persen_potong, catatan = (
                sisa,
                f", batas potongan {_persen(aturan.batas_potongan_total)}",
            )
        total_potong += persen_potong
        rincian.tambah(
            f"Potongan {JENIS_POTONGAN.get(jenis, jenis)} {hari} hari × "
            f"{_persen(per_hari)}{catatan}",
            -_rupiah(disiplin_penuh * persen_potong),
        )
    return rincian


@dataclass(frozen=True)
class Rentang:
    """A span of days, open-ended when `selesai` is None (a pengecualian still running)."""

    mulai: date
    selesai: date | None
    label: str = ""

    def mencakup(self, tanggal: date) -> bool:
        return self.mulai <= tanggal and (self.selesai is None or tanggal <= self.selesai)


def hari_wajib_progres(hari: list[date], ketidakhadiran: list[tuple[str, Rentang]]):
    """Of these working days, those the pegawai must report progres harian on: not on
    leave (TANPA_PROGRES; dinas luar still reports)."""
    cuti = [r for jenis, r in ketidakhadiran if jenis in TANPA_PROGRES]
    return [h for h in hari if not any(r.mencakup(h) for r in cuti)]


def hitung_bagian(
    *,
    aturan: AturanTPP,
    pagu: Decimal | None,
    rating: str | None,
    hari_kerja_bulan: list[date],
    dari: date,
    sampai: date,
    pengecualian: list[Rentang],
    ketidakhadiran: list[tuple[str, Rentang]],
    progres: dict | None = None,
    hari_ini: date | None = None,
    jendela: int = 0,
    hari_kerja_minggu: int = 5,
    libur: frozenset | set = frozenset(),
) -> RincianTPP:
    """TPP of one post held in the month (`dari`..`sampai`): the days served are the
    month's working days in the post minus the exempt ones (CLTN, diberhentikan
    sementara…, not paid); absences count only on days served. `pagu` None: the kelas
    jabatan has no pagu, so nothing is paid and the slip says why.

    progres: date → (status, late) of the pegawai's progres harian; the served days not
    on leave whose window has passed by `hari_ini` are counted (late, empty) and cut
    where the Perkada sets a rate for them (potongan "progres_terlambat"/"progres_kosong")."""
    hari_menjabat = [
        h for h in hari_kerja_bulan
        if dari <= h <= sampai and not any(x.mencakup(h) for x in pengecualian)
    ]  # fmt: skip
    tidak_hadir: dict[str, int] = {}
    for jenis, rentang in ketidakhadiran:
        n = sum(1 for h in hari_menjabat if rentang.mencakup(h))
        tidak_hadir[jenis] = tidak_hadir.get(jenis, 0) + n
    rekap = RekapProgres()
    if progres is not None and hari_ini is not None:
        rekap = rekap_progres(
            hari_wajib_progres(hari_menjabat, ketidakhadiran),
            progres,
            hari_ini=hari_ini,
            jendela=jendela,
            hari_kerja=hari_kerja_minggu,
            libur=libur,
        )
        tidak_hadir[PROGRES_TERLAMBAT] = rekap.terlambat
        tidak_hadir[PROGRES_KOSONG] = rekap.kosong
    alasan = ""
    if pengecualian and not hari_menjabat:
        alasan = pengecualian[0].label
    elif pagu is None:
        alasan = "kelas jabatan belum diisi atau tanpa pagu"
    rincian = hitung_tpp(
        aturan=aturan,
        pagu=pagu or 0,
        rating=rating,
        hari_tidak_hadir=tidak_hadir,
        hari_kerja_bulan=len(hari_kerja_bulan),
        hari_kerja_menjabat=len(hari_menjabat),
        dikecualikan=alasan,
    )
    rincian.progres = rekap
    return rincian


def _persen(x: Decimal) -> str:
    return f"{(x * 100).normalize():f}%".replace(".", ",")


def _format(x: Decimal) -> str:
    return "Rp" + f"{_rupiah(x):,.0f}".replace(",", ".")
