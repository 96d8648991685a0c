"""Reads of tpp that are more than a query: pemantauan, which puts the period's progress
beside the month's aktivitas harian (so it lives here, above penilaian)."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from inti.kalender import NAMA_BULAN, hari_kerja_antara
from jadwal import rules as jadwal_rules
from organisasi.models import HariLibur, Pegawai
from organisasi.selectors import (
    atasan_pegawai,
    bawahan_penilai,
    pegawai_dikelola,
    unit_dikelola,
    wajib_skp,
)
from penilaian.models import PeriodePenilaian
from penilaian.selectors import STATUS_PENILAIAN, BarisPenilaian, baris_penilaian
from skp.selectors import tanggal_acuan
from tpp import rules
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    ProgresHarian,
    RealisasiBulanan,
    RealisasiBulananRHK,
    TPPBulanan,
)


@dataclass
class BarisPemantauan:
    baris: BarisPenilaian
    jumlah_rencana_aksi: int = 0
    realisasi_terisi: int = 0
    bukti: int = 0
    aktivitas_bulan_ini: int = 0

    @property
    def persen_realisasi(self) -> int:
        if not self.jumlah_rencana_aksi:
            return 0
        return round(100 * self.realisasi_terisi / self.jumlah_rencana_aksi)


def pemantauan_bawahan(penilai: Pegawai, tahun: int, kode: str, hari_ini) -> list[BarisPemantauan]:
    """Every bawahan of the penilai with their progress in the period."""
    return pemantauan(bawahan_penilai(penilai), tahun, kode, hari_ini)


def pemantauan(pegawai_qs, tahun: int, kode: str, hari_ini) -> list[BarisPemantauan]:
    """Pegawai with their progress in the period, those needing attention first: furthest
    behind in the steps, then the least realisasi filled (five queries after pegawai_qs)."""
    baris = baris_penilaian(pegawai_qs, tahun, kode)
    periode_ids = [b.periode.pk for b in baris if b.periode]
    hitung = {
        p["pk"]: p
        for p in PeriodePenilaian.objects.filter(pk__in=periode_ids)
        .annotate(
            ra=Count("rencana_aksi", distinct=True),
            ra_terisi=Count("rencana_aksi", filter=~Q(rencana_aksi__realisasi=""), distinct=True),
            n_bukti=Count("bukti", filter=Q(bukti__diganti_oleh__isnull=True), distinct=True),
        )
        .values("pk", "ra", "ra_terisi", "n_bukti")
    }
    aktivitas = dict(
        AktivitasHarian.objects.filter(
            pegawai__in=[b.pegawai.pk for b in baris],
            tanggal__year=hari_ini.year,
            tanggal__month=hari_ini.month,
        )
        .values_list("pegawai")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hasil = []
    for b in baris:
        h = hitung.get(b.periode.pk, {}) if b.periode else {}
        hasil.append(
            BarisPemantauan(
                baris=b,
                jumlah_rencana_aksi=h.get("ra", 0),
                realisasi_terisi=h.get("ra_terisi", 0),
                bukti=h.get("n_bukti", 0),
                aktivitas_bulan_ini=aktivitas.get(b.pegawai.pk, 0),
            )
        )
    urutan = {s: i for i, (s, _) in enumerate(STATUS_PENILAIAN)}
    return sorted(
        hasil,
        key=lambda r: (urutan[r.baris.status], r.persen_realisasi, r.baris.pegawai.nama),
    )


# ---- reminders of the monthly TPP steps (jadwal.services.pengingat_kirim) -------------


def _bulan(jadwal) -> tuple[int, str]:
    bulan = int(jadwal.kode[1:])
    return bulan, f"{NAMA_BULAN[bulan - 1]} {jadwal.tahun}"


def penerima_pengingat_tpp_aktivitas(jadwal) -> dict[int, str]:
    """pegawai id → reminder, for everyone who must have an SKP and has not submitted the
    month's realisasi: an unrated month pays 0 % of the kinerja part."""
    bulan, label = _bulan(jadwal)
    acuan = tanggal_acuan(jadwal.tahun, jadwal.instansi.hari_ini())
    sudah = RealisasiBulanan.objects.filter(tahun=jadwal.tahun, bulan=bulan).exclude(
        status=RealisasiBulanan.Status.PENGISIAN
    )
    pesan = (
        f"Realisasi bulanan {label} Anda belum diajukan. Bulan yang tidak dinilai membayar "
        "0% bagian kinerja TPP."
    )
    belum = wajib_skp(acuan).exclude(pk__in=sudah.values("pegawai_id"))
    return dict.fromkeys(belum.values_list("pk", flat=True), pesan)


def penerima_pengingat_tpp_penilaian(jadwal) -> dict[int, str]:
    """penilai id → how many bawahan's monthly realisasi wait for their rating (the
    pimpinan of each pegawai's unit; a pimpinan's own is rated higher up, looked up one
    by one as they are few)."""
    bulan, label = _bulan(jadwal)
    hasil: dict[int, int] = {}
    menunggu = RealisasiBulanan.objects.filter(
        tahun=jadwal.tahun, bulan=bulan, status=RealisasiBulanan.Status.DIAJUKAN
    )
    for penilai_id, n in (
        menunggu.exclude(pegawai__unit_kerja__pimpinan=F("pegawai"))
        .exclude(pegawai__unit_kerja__pimpinan__isnull=True)
        .values_list("pegawai__unit_kerja__pimpinan")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        hasil[penilai_id] = n
    for r in menunggu.filter(pegawai__unit_kerja__pimpinan=F("pegawai")).select_related(
        "pegawai__unit_kerja"
    ):
        atasan = atasan_pegawai(r.pegawai)
        if atasan:
            hasil[atasan.pk] = hasil.get(atasan.pk, 0) + 1
    return {
        pk: f"{n} bawahan menunggu penilaian realisasi bulanan {label}. Bulan yang tidak "
        "dinilai membayar 0% bagian kinerja TPP."
        for pk, n in hasil.items()
    }


def _penerima_admin(pesan) -> dict[int, str]:
    admin = Pegawai.objects.filter(
        is_active=True, peran__in=[Pegawai.Peran.ADMIN_OPD, Pegawai.Peran.ADMIN_BKD]
    )
    return dict.fromkeys(admin.values_list("pk", flat=True), pesan)


def penerima_pengingat_ketidakhadiran(jadwal) -> dict[int, str]:
    _, label = _bulan(jadwal)
    return _penerima_admin(
        f"Catat ketidakhadiran {label} pegawai yang Anda kelola sebelum ditutup."
    )


def penerima_pengingat_cetak_tpp(jadwal) -> dict[int, str]:
    _, label = _bulan(jadwal)
    return _penerima_admin(f"Hitung ulang dan cetak rekap TPP {label}.")


# The monthly TPP steps and who is reminded before each closes (registered in apps.py).
PENGINGAT = {
    jadwal_rules.TPP_AKTIVITAS: (penerima_pengingat_tpp_aktivitas, "/tpp/realisasi/"),
    jadwal_rules.TPP_PENILAIAN: (penerima_pengingat_tpp_penilaian, "/tpp/bawahan/"),
    jadwal_rules.KETIDAKHADIRAN: (penerima_pengingat_ketidakhadiran, "/tpp/ketidakhadiran/"),
    jadwal_rules.CETAK_TPP: (penerima_pengingat_cetak_tpp, "/tpp/rekap/"),
}


# ---- progres harian ---------------------------------------------------------------------


@dataclass
class SelProgres:
    """One pegawai's day in the atasan's grid."""

    tanggal: date
    status: str  # rules.LABEL_STATUS_HARI key ("belum" when nothing was written)
    terlambat: bool = False
    jumlah: int = 0  # entries written that day
    hari_kerja: bool = True

    @property
    def label(self) -> str:
        return rules.LABEL_STATUS_HARI[self.status] + (" (terlambat)" if self.terlambat else "")


@dataclass
class BarisProgres:
    pegawai: Pegawai
    sel: list
    menunggu: int = 0
    belum: int = 0  # working days up to today without a submitted day


def status_hari(pegawai_ids, mulai: date, selesai: date) -> dict:
    """(pegawai id, date) → SelProgres of the days written, in two queries: the day rows,
    and the entries per day (a day with entries but no row yet is a draft)."""
    hasil: dict = {}
    for pegawai_id, tanggal, n in (
        AktivitasHarian.objects.filter(pegawai__in=pegawai_ids, tanggal__range=(mulai, selesai))
        .values_list("pegawai_id", "tanggal")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        hasil[pegawai_id, tanggal] = SelProgres(tanggal, rules.DRAFT, jumlah=n)
    for pegawai_id, tanggal, status, lambat in ProgresHarian.objects.filter(
        pegawai__in=pegawai_ids, tanggal__range=(mulai, selesai)
    ).values_list("pegawai_id", "tanggal", "status", "terlambat"):
        sel = hasil.get((pegawai_id, tanggal))
        if sel is None:
            continue  # a row left when its last entry was deleted: the day is empty
        sel.status, sel.terlambat = status, lambat
    return hasil


def _hari_kerja_sampai(mulai, selesai, hari_ini, libur) -> dict[int, int]:
    """5 or 6 → the working days from mulai up to today (at most selesai)."""
    akhir = min(selesai, hari_ini)
    return {hk: len(hari_kerja_antara(mulai, akhir, hari_kerja=hk, libur=libur)) for hk in (5, 6)}


def bawahan_progres(penilai: Pegawai, mulai: date, selesai: date, saring: str, hari_ini: date):
    """The penilai's bawahan for the grid, narrowed in SQL: "menunggu" keeps those with a
    day waiting for approval in the range, "belum" those with fewer submitted days than
    their unit's working days so far (5- or 6-day week)."""
    bawahan = bawahan_penilai(penilai)
    rentang = Q(tanggal__range=(mulai, selesai))
    if saring == "menunggu":
        return bawahan.filter(
            Exists(
                ProgresHarian.objects.filter(
                    rentang, pegawai=OuterRef("pk"), status=rules.HARI_DIAJUKAN
                )
            )
        )
    if saring == "belum":
        libur = set(
            HariLibur.objects.filter(tanggal__range=(mulai, selesai)).values_list(
                "tanggal", flat=True
            )
        )
        wajib = _hari_kerja_sampai(mulai, selesai, hari_ini, libur)
        enam = Q(unit_kerja__hari_kerja=6) | Q(
            unit_kerja__hari_kerja__isnull=True, unit_kerja__opd__hari_kerja=6
        )
        terisi = (
            ProgresHarian.objects.filter(
                rentang,
                pegawai=OuterRef("pk"),
                status__in=rules.TERISI,
                tanggal__lte=hari_ini,
            )
            .values("pegawai")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return bawahan.annotate(
            terisi=Coalesce(Subquery(terisi, output_field=IntegerField()), 0),
            wajib=Case(When(enam, then=Value(wajib[6])), default=Value(wajib[5])),
        ).filter(terisi__lt=F("wajib"))
    return bawahan


def grid_progres(pegawai_halaman, mulai: date, selesai: date, hari_ini: date) -> list[BarisProgres]:
    """Bawahan × days with the four statuses (and "belum"), in three queries whatever the
    number of bawahan and days: holidays, entries per day, day rows."""
    pegawai = list(pegawai_halaman)
    libur = set(
        HariLibur.objects.filter(tanggal__range=(mulai, selesai)).values_list("tanggal", flat=True)
    )
    hari = [mulai + timedelta(days=i) for i in range((selesai - mulai).days + 1)]
    status = status_hari([p.pk for p in pegawai], mulai, selesai)
    baris = []
    for p in pegawai:
        hk = p.unit_kerja.hari_kerja_efektif if p.unit_kerja_id else 5
        sel = []
        for h in hari:
            s = status.get((p.pk, h)) or SelProgres(h, rules.BELUM)
            s.hari_kerja = h.weekday() < hk and h not in libur
            sel.append(s)
        baris.append(
            BarisProgres(
                pegawai=p,
                sel=sel,
                menunggu=sum(s.status == rules.HARI_DIAJUKAN for s in sel),
                belum=sum(
                    s.hari_kerja and s.tanggal <= hari_ini and s.status not in rules.TERISI
                    for s in sel
                ),
            )
        )
    return baris


# ---- slip TPP and nilai kinerja bulanan -------------------------------------------------


def akses_pegawai(user: Pegawai) -> Q:
    """The pegawai whose month (entries, bukti, slip) `user` may read: themself, a bawahan
    they rate (their current pejabat penilai), and for an admin a pegawai they manage."""
    akses = Q(pk=user.pk) | Q(pk__in=bawahan_penilai(user).values("pk"))
    if user.adalah_admin:
        akses |= Q(pk__in=pegawai_dikelola(user).values("pk"))
    return akses


def pegawai_slip(user: Pegawai, pegawai_id: int | None, *, tahun: int, bulan: int):
    """The pegawai (unit kerja and OPD joined) whose slip and monthly print `user` may
    read, or None: themself; a bawahan they rate (their current pejabat penilai); for an
    admin, a pegawai they manage, or one with a TPP part of the month in an OPD they
    manage (the rekap shows that row, so its slip opens too: after a mutasi, or for an
    admin account, which pegawai_dikelola leaves to BKD). One query, two for a pimpinan
    (bawahan_penilai reads the led units below)."""
    akses = Q(pk=user.pk)
    if pegawai_id is not None and pegawai_id != user.pk:
        akses = akses_pegawai(user)
        if user.adalah_admin:
            akses |= Q(
                Exists(
                    TPPBulanan.objects.filter(
                        pegawai=OuterRef("pk"),
                        tahun=tahun,
                        bulan=bulan,
                        opd__in=unit_dikelola(user).values("pk"),
                    )
                )
            )
    return (
        Pegawai.objects.filter(akses, pk=user.pk if pegawai_id is None else pegawai_id)
        .select_related("unit_kerja__opd")
        .first()
    )


@dataclass
class BarisSlip:
    uraian: str
    jumlah: Decimal


@dataclass
class BagianSlip:
    """One post held in the month (a mutasi splits it), its lines sorted for the slip:
    the kinerja part, the disiplin part and the cuts from it, anything else (an
    exemption). The lines are those tpp_hitung stored; they add up to `tpp.total`."""

    tpp: TPPBulanan
    kinerja: list
    disiplin: list
    potongan: list
    lain: list

    @property
    def label_rating(self) -> str:
        return rules.LABEL_RATING.get(self.tpp.rating, "belum dinilai")

    @property
    def jumlah_baris(self):
        return sum(
            (b.jumlah for b in self.kinerja + self.disiplin + self.potongan + self.lain),
            Decimal("0"),
        )


@dataclass
class SlipTPP:
    pegawai: Pegawai
    tahun: int
    bulan: int
    bagian: list

    @property
    def nama_bulan(self) -> str:
        return f"{NAMA_BULAN[self.bulan - 1]} {self.tahun}"

    @property
    def dihitung(self) -> bool:
        return bool(self.bagian)

    @property
    def bermutasi(self) -> bool:
        return len(self.bagian) > 1

    @property
    def total(self):
        return sum((b.tpp.total for b in self.bagian), Decimal("0"))


def _bagian_slip(tpp) -> BagianSlip:
    bagian = BagianSlip(tpp=tpp, kinerja=[], disiplin=[], potongan=[], lain=[])
    for uraian, jumlah in tpp.rincian:
        try:
            baris = BarisSlip(uraian, Decimal(jumlah))
        except (InvalidOperation, TypeError):
            baris = BarisSlip(uraian, Decimal("0"))
        # The line texts of tpp.rules.hitung_tpp.
        if uraian.startswith("Kinerja"):
            bagian.kinerja.append(baris)
        elif uraian.startswith("Disiplin"):
            bagian.disiplin.append(baris)
        elif uraian.startswith("Potongan"):
            bagian.potongan.append(baris)
        else:
            bagian.lain.append(baris)
    return bagian


def slip_tpp(pegawai: Pegawai, tahun: int, bulan: int) -> SlipTPP:
    """The pegawai's TPP of the month as computed (one query, whatever the parts): one
    block per post held, in date order. No rows: not computed yet."""
    baris = TPPBulanan.objects.filter(pegawai=pegawai, tahun=tahun, bulan=bulan).select_related(
        "unit_kerja", "opd"
    )
    return SlipTPP(
        pegawai=pegawai,
        tahun=tahun,
        bulan=bulan,
        bagian=[_bagian_slip(t) for t in baris.order_by("bagian")],
    )


@dataclass
class NilaiKinerjaBulanan:
    """What the monthly print (Nilai Kinerja Bulanan, NTT SI-KINERJA) shows of one
    pegawai's month."""

    pegawai: Pegawai
    tahun: int
    bulan: int
    realisasi: RealisasiBulanan | None
    per_rhk: list  # [(RealisasiBulananRHK, aktivitas count)]
    jumlah_aktivitas: int
    penilai: Pegawai | None
    progres_terisi: int
    # From the computed TPP (None: not computed, so not counted yet).
    progres_terlambat: int | None
    progres_kosong: int | None

    @property
    def nama_bulan(self) -> str:
        return f"{NAMA_BULAN[self.bulan - 1]} {self.tahun}"


def nilai_kinerja_bulanan(pegawai: Pegawai, tahun: int, bulan: int) -> NilaiKinerjaBulanan:
    """The month's realisasi per RHK with the aktivitas logged against each, the rating
    and the count it was given with (the live count while not rated), the progres harian
    days filled, and the late and empty days counted by the TPP computation."""
    realisasi = (
        RealisasiBulanan.objects.filter(pegawai=pegawai, tahun=tahun, bulan=bulan)
        .select_related("penilai__unit_kerja")
        .first()
    )
    aktivitas = AktivitasHarian.objects.filter(
        pegawai=pegawai, tanggal__year=tahun, tanggal__month=bulan
    )
    per_rhk_aktivitas = dict(aktivitas.values_list("rhk").annotate(n=Count("pk")).order_by())
    per_rhk = []
    if realisasi is not None:
        per_rhk = [
            (r, per_rhk_aktivitas.get(r.rhk_id, 0))
            for r in RealisasiBulananRHK.objects.filter(realisasi_bulanan=realisasi).select_related(
                "rhk"
            )
        ]
    if realisasi is not None and realisasi.status == RealisasiBulanan.Status.DINILAI:
        jumlah = realisasi.jumlah_aktivitas
    else:
        jumlah = sum(per_rhk_aktivitas.values())
    tpp = TPPBulanan.objects.filter(pegawai=pegawai, tahun=tahun, bulan=bulan).aggregate(
        n=Count("pk"), terlambat=Sum("progres_terlambat"), kosong=Sum("progres_kosong")
    )
    terisi = ProgresHarian.objects.filter(
        pegawai=pegawai, tanggal__year=tahun, tanggal__month=bulan, status__in=rules.TERISI
    ).count()
    penilai = realisasi.penilai if realisasi and realisasi.penilai_id else None
    return NilaiKinerjaBulanan(
        pegawai=pegawai,
        tahun=tahun,
        bulan=bulan,
        realisasi=realisasi,
        per_rhk=per_rhk,
        jumlah_aktivitas=jumlah,
        penilai=penilai or atasan_pegawai(pegawai),
        progres_terisi=terisi,
        progres_terlambat=tpp["terlambat"] if tpp["n"] else None,
        progres_kosong=tpp["kosong"] if tpp["n"] else None,
    )


def rekap_progres_bulan(pegawai: Pegawai, tahun: int, bulan: int, hari_ini: date):
    """The pegawai's month of progres harian so far, as TPP will count it
    (rules.rekap_progres): working days of their unit up to today, minus leave; three
    queries (holidays, leave, the submitted days)."""
    awal, akhir = date(tahun, bulan, 1), date(tahun, bulan, monthrange(tahun, bulan)[1])
    hari_kerja = pegawai.unit_kerja.hari_kerja_efektif if pegawai.unit_kerja_id else 5
    libur = set(HariLibur.objects.filter(tanggal__gte=awal).values_list("tanggal", flat=True))
    cuti = [
        (jenis, rules.Rentang(mulai, selesai))
        for jenis, mulai, selesai in Ketidakhadiran.objects.filter(
            pegawai=pegawai,
            jenis__in=rules.TANPA_PROGRES,
            mulai__lte=akhir,
            selesai__gte=awal,
        ).values_list("jenis", "mulai", "selesai")
    ]
    wajib = rules.hari_wajib_progres(
        hari_kerja_antara(awal, min(akhir, hari_ini), hari_kerja=hari_kerja, libur=libur), cuti
    )
    hari = {
        tanggal: (status, lambat)
        for tanggal, status, lambat in ProgresHarian.objects.filter(
            pegawai=pegawai, tanggal__range=(awal, akhir), status__in=rules.TERISI
        ).values_list("tanggal", "status", "terlambat")
    }
    return rules.rekap_progres(
        wajib,
        hari,
        hari_ini=hari_ini,
        jendela=pegawai.instansi.jendela_progres,
        hari_kerja=hari_kerja,
        libur=libur,
    )
