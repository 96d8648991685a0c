"""Reads of the evaluation, each a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from organisasi.models import Pegawai, UnitKerja
from organisasi.selectors import bawahan_penilai
from penilaian import rules
from penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    Dispensasi,
    Jadwal,
    PeriodePenilaian,
    RealisasiIndikator,
    RencanaAksi,
    UmpanBalik,
)
from skp.models import RHK, SKP


def rhk_tanpa_rencana_aksi(periode: PeriodePenilaian) -> list[RHK]:
    """RHK of the period's SKP that have no rencana aksi yet (one query)."""
    return list(
        RHK.objects.filter(skp_id=periode.skp_id)
        .annotate(n=Count("rencana_aksi", filter=Q(rencana_aksi__periode=periode)))
        .filter(n=0)
    )


@dataclass
class BarisHasilKerja:
    """One RHK on the period page with what belongs to it in this period."""

    rhk: RHK
    indikator: list
    rencana_aksi: list = field(default_factory=list)  # [(rencana_aksi, [bukti aktif])]
    realisasi_indikator: list = field(default_factory=list)  # final: [(ind, realisasi, [bukti])]
    umpan_balik: UmpanBalik | None = None


@dataclass
class IsiPeriode:
    periode: PeriodePenilaian
    hasil_kerja: list[BarisHasilKerja]
    umpan_balik_perilaku: dict  # kode BerAKHLAK → UmpanBalik
    perilaku: list  # PerilakuKerja of the SKP

    @property
    def rhk_tanpa_rencana_aksi(self):
        return [b.rhk for b in self.hasil_kerja if not b.rencana_aksi]

    @property
    def realisasi_terbuka(self):
        return self.periode.adalah_final or not self.rhk_tanpa_rencana_aksi


def isi_periode(periode: PeriodePenilaian) -> IsiPeriode:
    """Everything the period page shows (six queries whatever the number of rows):
    RHK with indikator, rencana aksi, bukti, realisasi per indikator, umpan balik,
    perilaku."""
    rhk = list(RHK.objects.filter(skp_id=periode.skp_id).prefetch_related("indikator"))
    semua = list(BuktiDukung.objects.filter(periode=periode))
    # Replaced versions stay; each current bukti carries the list of those it replaced.
    digantikan = {b.diganti_oleh_id: b for b in semua if b.diganti_oleh_id}
    aktif = [b for b in semua if b.diganti_oleh_id is None]
    for b in aktif:
        b.versi_lama, lama = [], digantikan.get(b.pk)
        while lama is not None:
            b.versi_lama.append(lama)
            lama = digantikan.get(lama.pk)
    bukti_per_ra: dict[int, list] = {}
    bukti_per_ind: dict[int, list] = {}
    for b in aktif:
        if b.rencana_aksi_id:
            bukti_per_ra.setdefault(b.rencana_aksi_id, []).append(b)
        else:
            bukti_per_ind.setdefault(b.indikator_id, []).append(b)
    ra_per_rhk: dict[int, list] = {}
    if not periode.adalah_final:
        for ra in RencanaAksi.objects.filter(periode=periode):
            ra_per_rhk.setdefault(ra.rhk_id, []).append((ra, bukti_per_ra.get(ra.pk, [])))
    realisasi = (
        {r.indikator_id: r for r in RealisasiIndikator.objects.filter(periode=periode)}
        if periode.adalah_final
        else {}
    )
    umpan = list(UmpanBalik.objects.filter(periode=periode))
    umpan_rhk = {u.rhk_id: u for u in umpan if u.rhk_id}
    baris = []
    for r in rhk:
        indikator = list(r.indikator.all())
        baris.append(
            BarisHasilKerja(
                rhk=r,
                indikator=indikator,
                rencana_aksi=ra_per_rhk.get(r.pk, []),
                realisasi_indikator=[
                    (i, realisasi.get(i.pk), bukti_per_ind.get(i.pk, [])) for i in indikator
                ]
                if periode.adalah_final
                else [],
                umpan_balik=umpan_rhk.get(r.pk),
            )
        )
    return IsiPeriode(
        periode=periode,
        hasil_kerja=baris,
        umpan_balik_perilaku={u.perilaku: u for u in umpan if u.perilaku},
        perilaku=list(periode.skp.perilaku.all()),
    )


# ---- penilaian bawahan ---------------------------------------------------------------

STATUS_PENILAIAN = [
    ("belum_skp", "SKP belum disetujui"),
    ("belum_periode", "Belum menambah periode"),
    ("belum_rencana_aksi", "Belum mengisi rencana aksi"),
    ("pengisian", "Belum mengajukan realisasi"),
    ("diajukan", "Menunggu penilaian"),
    ("menunggu_review", "Menunggu review Sangat Baik"),
    ("dinilai", "Dinilai"),
]
LABEL_STATUS_PENILAIAN = dict(STATUS_PENILAIAN)
PENJELASAN_STATUS = {
    "belum_skp": "Pegawai belum memiliki SKP tahun ini yang disetujui; setujui SKP-nya dulu.",
    "belum_periode": "Pegawai belum menekan 'Tambah Periode Penilaian' untuk periode ini.",
    "belum_rencana_aksi": "Belum setiap RHK memiliki rencana aksi untuk periode ini.",
    "pengisian": "Pegawai sedang mengisi realisasi dan bukti dukung.",
}


@dataclass
class BarisPenilaian:
    pegawai: Pegawai
    skp: SKP | None
    periode: PeriodePenilaian | None
    jumlah_rhk: int = 0
    rhk_dengan_rencana_aksi: int = 0

    @property
    def status(self) -> str:
        if self.skp is None or self.skp.status != SKP.Status.DISETUJUI:
            return "belum_skp"
        if self.periode is None:
            return "belum_periode"
        if (
            self.periode.status == PeriodePenilaian.Status.PENGISIAN
            and not self.periode.adalah_final
            and self.rhk_dengan_rencana_aksi < self.jumlah_rhk
        ):
            return "belum_rencana_aksi"
        return self.periode.status

    @property
    def label(self):
        return LABEL_STATUS_PENILAIAN[self.status]

    @property
    def penjelasan(self):
        return PENJELASAN_STATUS.get(self.status, "")


def _baris_penilaian(pegawai_qs, tahun: int, kode: str) -> list[BarisPenilaian]:
    """Rows for pegawai_qs in one period (four queries: pegawai, SKP, periods, counts)."""
    pegawai = list(
        pegawai_qs.prefetch_related(
            Prefetch("skp", queryset=SKP.objects.filter(tahun=tahun).order_by("-mulai"))
        )
    )
    skp_terakhir = {}
    for p in pegawai:
        semua = list(p.skp.all())
        if semua:
            skp_terakhir[p.pk] = semua[0]
    periode = {
        pp.skp_id: pp
        for pp in PeriodePenilaian.objects.filter(
            skp__in=[s.pk for s in skp_terakhir.values()], kode=kode
        ).annotate(
            jumlah_rhk=Count("skp__rhk", distinct=True),
            rhk_ra=Count("rencana_aksi__rhk", distinct=True),
        )
    }
    hasil = []
    for p in pegawai:
        skp = skp_terakhir.get(p.pk)
        pp = periode.get(skp.pk) if skp else None
        hasil.append(
            BarisPenilaian(
                pegawai=p,
                skp=skp,
                periode=pp,
                jumlah_rhk=getattr(pp, "jumlah_rhk", 0),
                rhk_dengan_rencana_aksi=getattr(pp, "rhk_ra", 0),
            )
        )
    return hasil


URUTAN_PERHATIAN = {"diajukan": 0, "menunggu_review": 1}


def penilaian_bawahan(penilai: Pegawai, tahun: int, kode: str) -> list[BarisPenilaian]:
    """Every bawahan of the penilai in one period, those waiting on them first."""
    baris = _baris_penilaian(bawahan_penilai(penilai), tahun, kode)
    return sorted(baris, key=lambda b: (URUTAN_PERHATIAN.get(b.status, 2), b.pegawai.nama))


def periode_untuk_dinilai_massal(penilai: Pegawai, tahun: int, kode: str):
    """Periods of the penilai's bawahan waiting for a rating, with feedback counts."""
    return list(
        PeriodePenilaian.objects.filter(
            pegawai__in=bawahan_penilai(penilai),
            tahun=tahun,
            kode=kode,
            status=PeriodePenilaian.Status.DIAJUKAN,
        )
        .select_related("pegawai", "skp")
        .annotate(
            jumlah_rhk=Count("skp__rhk", distinct=True),
            umpan_rhk=Count("umpan_balik__rhk", distinct=True),
            umpan_perilaku=Count(
                "umpan_balik__perilaku", filter=~Q(umpan_balik__perilaku=""), distinct=True
            ),
        )
        .order_by("pegawai__nama")
    )


# ---- organisation level --------------------------------------------------------------


@dataclass
class KurvaOPD:
    opd: UnitKerja
    jumlah: dict[str, int]
    capaian: str = ""
    menunggu_review: int = 0

    @property
    def total(self):
        return sum(self.jumlah.values())

    @property
    def peringatan(self) -> list[str]:
        if not self.capaian:
            return []
        return rules.periksa_kurva(capaian=self.capaian, jumlah=self.jumlah)

    @property
    def batas(self) -> list[str]:
        return rules.batas_kurva(self.capaian) if self.capaian else []

    @property
    def label_capaian(self):
        return rules.CAPAIAN_ORGANISASI.get(self.capaian, "")

    @property
    def batang(self) -> list[dict]:
        """One bar per predikat for the server-rendered SVG chart (100 px = 100 %)."""
        total = self.total or 1
        hasil = []
        for i, p in enumerate(rules.PREDIKAT):
            n = self.jumlah.get(p, 0)
            persen = round(100 * n / total)
            hasil.append(
                {
                    "kode": p,
                    "label": rules.LABEL_PREDIKAT[p].split("/")[0],
                    "n": n,
                    "persen": persen,
                    "x": 8 + i * 62,
                    "y": 120 - persen,
                    "tinggi": persen,
                }
            )
        return hasil


def kurva_distribusi(tahun: int, kode: str, opd_qs) -> list[KurvaOPD]:
    """Predikat counts per OPD for a period, with its capaian organisasi (three queries).

    Sangat Baik still under review count as Sangat Baik: the curve is what the penilai
    have given, and TPK reviews exactly those.
    """
    opd = list(opd_qs.filter(adalah_opd=True).order_by("path"))
    hitung: dict[int, dict[str, int]] = {}
    review: dict[int, int] = {}
    for baris in (
        PeriodePenilaian.objects.filter(
            tahun=tahun,
            kode=kode,
            status__in=[PeriodePenilaian.Status.DINILAI, PeriodePenilaian.Status.MENUNGGU_REVIEW],
            skp__unit_kerja__opd__in=opd,
        )
        .values("skp__unit_kerja__opd", "predikat", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per = hitung.setdefault(baris["skp__unit_kerja__opd"], {})
        per[baris["predikat"]] = per.get(baris["predikat"], 0) + baris["n"]
        if baris["status"] == PeriodePenilaian.Status.MENUNGGU_REVIEW:
            review[baris["skp__unit_kerja__opd"]] = (
                review.get(baris["skp__unit_kerja__opd"], 0) + baris["n"]
            )
    capaian = dict(
        CapaianOrganisasi.objects.filter(opd__in=opd, tahun=tahun, kode=kode).values_list(
            "opd_id", "capaian"
        )
    )
    return [
        KurvaOPD(
            opd=o,
            jumlah=hitung.get(o.pk, {}),
            capaian=capaian.get(o.pk, ""),
            menunggu_review=review.get(o.pk, 0),
        )
        for o in opd
    ]


def antrean_review(tahun: int, kode: str | None = None):
    """Every Sangat Baik waiting for TPK review, by OPD (the page groups and pages it)."""
    qs = PeriodePenilaian.objects.filter(
        tahun=tahun, status=PeriodePenilaian.Status.MENUNGGU_REVIEW
    )
    if kode:
        qs = qs.filter(kode=kode)
    return qs.select_related("pegawai", "penilai", "skp__unit_kerja__opd").order_by(
        "skp__unit_kerja__opd__path", "pegawai__nama", "pk"
    )


def _pegawai_aktif(units):
    return Pegawai.objects.filter(
        unit_kerja__in=units, is_active=True, status=Pegawai.Status.AKTIF
    ).exclude(peran=Pegawai.Peran.SUPERADMIN)


def penilaian_unit(unit, tahun: int, kode: str) -> list[BarisPenilaian]:
    """Everyone in one unit with their step in the period, the furthest behind first."""
    urutan = {s: i for i, (s, _) in enumerate(STATUS_PENILAIAN)}
    baris = _baris_penilaian(_pegawai_aktif([unit]).order_by("nama"), tahun, kode)
    return sorted(baris, key=lambda b: (urutan[b.status], b.pegawai.nama))


def progres_penilaian(units, tahun: int, kode: str) -> list[dict]:
    """Per unit: how many pegawai are in each step of the period (four queries)."""
    units = list(units.order_by("path"))
    baris = _baris_penilaian(_pegawai_aktif(units), tahun, kode)
    per_unit: dict[int, dict] = {}
    for b in baris:
        h = per_unit.setdefault(b.pegawai.unit_kerja_id, {s: 0 for s, _ in STATUS_PENILAIAN})
        h[b.status] += 1
    return [
        {
            "unit": u,
            "total": sum(per_unit[u.pk].values()),
            "hitungan": [per_unit[u.pk][s] for s, _ in STATUS_PENILAIAN],
        }
        for u in units
        if u.pk in per_unit
    ]


# ---- jadwal ----------------------------------------------------------------------------


def _path_unit_dan_leluhur(path: str) -> list[str]:
    return [path[:i] for i in range(4, len(path) + 1, 4)]


@dataclass
class StatusJadwal:
    keadaan: str
    jadwal: Jadwal | None = None
    dispensasi: Dispensasi | None = None

    @property
    def boleh(self) -> bool:
        return self.keadaan in (rules.TERBUKA, rules.DISPENSASI)

    @property
    def pesan(self) -> str:
        j = self.jadwal
        if j is None:
            return ""

        def waktu(t):
            return format_waktu(t, j.instansi)

        if self.keadaan == rules.BELUM_DIBUKA:
            return f"{j} baru dibuka {waktu(j.mulai)}."
        if self.keadaan == rules.DISPENSASI:
            return f"{j} dibuka kembali dengan dispensasi sampai {waktu(self.dispensasi.sampai)}."
        if self.keadaan == rules.TERKUNCI:
            return (
                f"{j} dikunci sejak {waktu(j.batas)}. Untuk dibuka kembali, minta dispensasi "
                "kepada admin OPD Anda atau BKD."
            )
        return f"{j} terbuka sampai {waktu(j.batas)}."


def format_waktu(t, instansi) -> str:
    """'9 April 2024 23:59 WITA': a moment in the instansi's zone, as deadlines are read."""
    lokal = t.astimezone(instansi.zona)
    return (
        f"{lokal.day} {rules.NAMA_BULAN[lokal.month - 1]} {lokal.year} {lokal:%H:%M} "
        f"{instansi.singkatan_zona}"
    )


def status_jadwal(
    *, langkah: str, tahun: int, kode: str, pegawai: Pegawai, sekarang
) -> StatusJadwal:
    """Whether the step is open for `pegawai` at `sekarang` (two queries at most).

    No jadwal set for the step means open: an instansi that has not set one is not locked.
    A dispensasi counts when it names the pegawai or a unit at or above the pegawai's unit.
    """
    jadwal = (
        Jadwal.objects.filter(langkah=langkah, tahun=tahun, kode=kode)
        .select_related("instansi")
        .first()
    )
    if jadwal is None:
        return StatusJadwal(rules.TERBUKA)
    dispensasi = None
    if sekarang > jadwal.batas:
        cakupan = Q(pegawai=pegawai)
        if pegawai.unit_kerja_id:
            cakupan |= Q(unit__path__in=_path_unit_dan_leluhur(pegawai.unit_kerja.path))
        dispensasi = (
            Dispensasi.objects.filter(cakupan, jadwal=jadwal, sampai__gte=sekarang)
            .order_by("-sampai")
            .first()
        )
    keadaan = rules.keadaan_jendela(
        mulai=jadwal.mulai,
        batas=jadwal.batas,
        sekarang=sekarang,
        dispensasi_sampai=dispensasi.sampai if dispensasi else None,
    )
    return StatusJadwal(keadaan, jadwal, dispensasi)


# ---- pemantauan ------------------------------------------------------------------------


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
    from tpp.models import AktivitasHarian

    baris = _baris_penilaian(pegawai_qs, tahun, kode)
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


# ---- rekomendasi tindak lanjut ---------------------------------------------------------


@dataclass
class BarisRekomendasi:
    pegawai: Pegawai
    predikat: list  # [(label periode, kode predikat, label predikat)], oldest first
    rekomendasi: list  # [(jenis, alasan, keputusan or None)]


def rekomendasi_opd(units, tahun: int, aturan: dict | None = None) -> list[BarisRekomendasi]:
    """Pegawai of `units` with a recommendation from their rated periods of the year and
    the year before (three queries: pegawai, periods, decisions)."""
    from penilaian.models import KeputusanTindakLanjut

    pegawai = list(
        Pegawai.objects.filter(unit_kerja__in=units, is_active=True, status=Pegawai.Status.AKTIF)
        .exclude(peran=Pegawai.Peran.SUPERADMIN)
        .select_related("unit_kerja")
        .order_by("nama")
    )
    riwayat: dict[int, list] = {}
    for p in PeriodePenilaian.objects.filter(
        pegawai__in=[x.pk for x in pegawai],
        tahun__in=[tahun - 1, tahun],
        status=PeriodePenilaian.Status.DINILAI,
    ).order_by("tahun", "mulai", "kode"):
        riwayat.setdefault(p.pegawai_id, []).append(
            (p.label, p.predikat, rules.LABEL_PREDIKAT.get(p.predikat, p.predikat))
        )
    keputusan = {
        (k.pegawai_id, k.jenis): k
        for k in KeputusanTindakLanjut.objects.filter(
            pegawai__in=[x.pk for x in pegawai], tahun=tahun
        )
    }
    hasil = []
    for p in pegawai:
        predikat = riwayat.get(p.pk, [])
        daftar = rules.rekomendasi([kode for _, kode, _ in predikat], aturan=aturan)
        if daftar:
            hasil.append(
                BarisRekomendasi(
                    pegawai=p,
                    predikat=predikat,
                    rekomendasi=[(j, a, keputusan.get((p.pk, j))) for j, a in daftar],
                )
            )
    return hasil
