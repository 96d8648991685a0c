"""Reads of the evaluation, each a fixed number of queries."""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django_scopes import scopes_disabled

from inti.kalender import kode_periode_pada
from inti.models import Jejak
from inti.rekap import rekap_baca
from jadwal import rules as jadwal_rules
from organisasi.models import Instansi, Pegawai, Penugasan, UnitKerja
from organisasi.selectors import (
    Temuan,
    atasan_pegawai,
    bawahan_penilai,
    diagnosa_atasan,
    dikecualikan_pada,
    pegawai_aktif,
    urut_temuan,
    wajib_skp,
)
from penilaian import izin, rules
from penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    KomentarKinerja,
    PeriodePenilaian,
    RealisasiIndikator,
    RencanaAksi,
    UmpanBalik,
)
from skp.models import RHK, SKP
from skp.rules import NAMA_BERAKHLAK
from skp.selectors import skp_terakhir, tanggal_acuan


def rhk_tanpa_rencana_aksi(periode: PeriodePenilaian) -> list[RHK]:
    """RHK of the period's SKP that have no rencana aksi yet (one query)."""
    return list(
        RHK.objects.filter(skp_id=periode.skp_id)
        .annotate(n=Count("rencana_aksi", filter=Q(rencana_aksi__periode=periode)))
        .filter(n=0)
    )


def rencana_aksi_kurang(periode: PeriodePenilaian, *, semua_rhk: bool) -> str:
    """Why the period cannot take realisasi or be submitted yet for lack of rencana aksi,
    under the instansi's rule (rules.rencana_aksi_kurang); "" when it can. One query, two
    when some RHK has none."""
    if periode.adalah_final:
        return ""
    tanpa = rhk_tanpa_rencana_aksi(periode)
    if not tanpa:
        return ""  # every RHK has one: enough under either rule
    jumlah_rhk = RHK.objects.filter(skp_id=periode.skp_id).count()
    if not rules.rencana_aksi_kurang(
        jumlah_rhk=jumlah_rhk,
        rhk_dengan_rencana_aksi=jumlah_rhk - len(tanpa),
        semua_rhk=semua_rhk,
    ):
        return ""
    if semua_rhk:
        return "RHK berikut belum memiliki rencana aksi: " + "; ".join(r.uraian for r in tanpa)
    return (
        "Belum ada rencana aksi: tulis rencana aksi untuk RHK yang Anda kerjakan pada periode ini."
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
    semua_rhk: bool = True  # the instansi's rencana aksi rule (Instansi.rencana_aksi_semua_rhk)

    @property
    def rhk_tanpa_rencana_aksi(self):
        return [b.rhk for b in self.hasil_kerja if not b.rencana_aksi]

    @property
    def realisasi_terbuka(self):
        return self.periode.adalah_final or not rules.rencana_aksi_kurang(
            jumlah_rhk=len(self.hasil_kerja),
            rhk_dengan_rencana_aksi=len(self.hasil_kerja) - len(self.rhk_tanpa_rencana_aksi),
            semua_rhk=self.semua_rhk,
        )

    @property
    def umpan_balik_kurang(self) -> list[str]:
        """What still lacks feedback, from the rows already read."""
        umpan = [b.umpan_balik for b in self.hasil_kerja if b.umpan_balik]
        umpan += list(self.umpan_balik_perilaku.values())
        return _kurang([b.rhk for b in self.hasil_kerja], umpan)


def _rencana_aksi_dengan_progres(periode) -> list[RencanaAksi]:
    """The period's rencana aksi, each with the progres harian logged against it
    (`progres`: the daily entries; `progres_volume`, `progres_hari`, `progres_bukti`), so
    the pegawai writes the realisasi from them instead of retyping. Two queries always
    (one pegawai's quarter is at most a few hundred entries). The entries are tpp's
    AktivitasHarian, reached through the relation's name: penilaian sits below tpp."""
    rencana_aksi = list(RencanaAksi.objects.filter(periode=periode))
    harian = RencanaAksi._meta.get_field("aktivitas_harian").related_model
    per_ra: dict[int, list] = {}
    for a in harian.objects.filter(rencana_aksi__periode=periode).order_by("tanggal", "id"):
        per_ra.setdefault(a.rencana_aksi_id, []).append(a)
    for ra in rencana_aksi:
        ra.progres = per_ra.get(ra.pk, [])
        ra.progres_volume = sum((a.volume for a in ra.progres), Decimal("0"))
        ra.progres_hari = len({a.tanggal for a in ra.progres})
        ra.progres_bukti = sum(1 for a in ra.progres if a.berkas_bukti or a.tautan_bukti)
        # Offered as the capaian while none is saved, only when there is progres to sum.
        ra.progres_volume_saran = ra.progres_volume if ra.progres else None
    return rencana_aksi


def isi_periode(periode: PeriodePenilaian) -> IsiPeriode:
    """Everything the period page shows (seven queries whatever the number of rows):
    RHK with indikator, rencana aksi with their progres harian (two), bukti, realisasi
    per indikator, umpan balik, perilaku."""
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
        for ra in _rencana_aksi_dengan_progres(periode):
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
        semua_rhk=periode.instansi.rencana_aksi_semua_rhk,
    )


# ---- penilaian bawahan ---------------------------------------------------------------


@dataclass
class HalamanPeriode:
    """What the period page shows its reader and what they may do there. The flags come
    from penilaian.izin, the rules the services enforce."""

    peran: str
    isi: IsiPeriode
    jendela_realisasi: object  # jadwal.selectors.StatusJadwal
    jendela_penilaian: object
    dapat_diisi: bool
    dapat_menilai: bool
    dapat_membina: bool
    tim_penilai: bool
    riwayat: list
    pembinaan: list
    umpan_balik_kurang: list = field(default_factory=list)
    kurva: object = None  # KurvaOPD of the pegawai's OPD, for the penilai
    angka_kredit: dict | None = None


def halaman_periode(periode: PeriodePenilaian, user) -> HalamanPeriode:
    """The period page for `user` (who may see it), in a fixed number of queries."""
    isi = isi_periode(periode)
    halaman = HalamanPeriode(
        peran=izin.peran(user, periode),
        isi=isi,
        jendela_realisasi=izin.jendela(periode, jadwal_rules.REALISASI),
        jendela_penilaian=izin.jendela(periode, jadwal_rules.PENILAIAN),
        dapat_diisi=not izin.alasan_isi(user, periode),
        dapat_menilai=not izin.alasan_nilai_sekarang(user, periode),
        dapat_membina=not izin.alasan_bina(user, periode),
        tim_penilai=not izin.alasan_review(user, periode),
        riwayat=list(
            Jejak.objects.filter(
                objek_tipe=PeriodePenilaian._meta.label, objek_id=periode.pk
            ).select_related("oleh")[:30]
        ),
        # Pembinaan follows a rating (Butuh Perbaikan and below): none before it.
        pembinaan=list(periode.pembinaan.select_related("oleh")) if periode.sudah_dinilai else [],
    )
    if halaman.dapat_menilai:
        # The continuous-feedback threads beside the feedback form (one query; it also
        # gives the counts), and what still lacks feedback, from the rows above.
        utas: dict[int, list] = {}
        for k in KomentarKinerja.objects.filter(rhk__skp=periode.skp_id).select_related("oleh"):
            utas.setdefault(k.rhk_id, []).append(k)
        for b in isi.hasil_kerja:
            b.utas = utas.get(b.rhk.pk, [])
            b.jumlah_komentar = len(b.utas)
        halaman.umpan_balik_kurang = isi.umpan_balik_kurang
    else:
        jumlah = dict(
            KomentarKinerja.objects.filter(rhk__skp=periode.skp_id)
            .values_list("rhk")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for b in isi.hasil_kerja:
            b.jumlah_komentar = jumlah.get(b.rhk.pk, 0)
    if halaman.dapat_menilai:
        opd_id = periode.skp.unit_kerja.opd_id if periode.skp.unit_kerja_id else None
        if opd_id is not None:
            rekap = rekap_baca(
                instansi_id=periode.instansi_id,
                jenis=REKAP_KURVA,
                tahun=periode.tahun,
                kode=periode.kode,
            )
            kurva = kurva_distribusi(rekap, UnitKerja.objects.filter(pk=opd_id), periode.tahun)
            halaman.kurva = kurva[0] if kurva else None
    jenjang = periode.pegawai.jenjang
    if periode.adalah_final and periode.predikat and jenjang in rules.KOEFISIEN_TAHUNAN:
        halaman.angka_kredit = {
            "koefisien": rules.KOEFISIEN_TAHUNAN[jenjang],
            "persen": rules.PERSEN_ANGKA_KREDIT[periode.predikat] * 100,
            "nilai": rules.angka_kredit(
                predikat_kinerja=periode.predikat,
                koefisien_tahunan=rules.KOEFISIEN_TAHUNAN[jenjang],
            ),
            "jenjang": periode.pegawai.get_jenjang_display(),
        }
    return halaman


STATUS_PENILAIAN = [
    ("belum_skp", "SKP belum disetujui"),
    ("belum_periode", "Belum menambah periode"),
    ("belum_rencana_aksi", "Belum mengisi rencana aksi"),
    ("pengisian", "Belum mengajukan realisasi"),
    ("diajukan", "Menunggu penilaian"),
    ("menunggu_review", "Menunggu review Sangat Baik"),
    ("dinilai", "Dinilai"),
    # Exempt on the year's reference day (organisasi.selectors.wajib_skp): listed, so the
    # penilai knows why, but never counted as late.
    ("dikecualikan", "Tidak wajib SKP"),
]
LABEL_STATUS_PENILAIAN = dict(STATUS_PENILAIAN)
# "SKP belum disetujui" groups four cases; the row says which one (issue 18: the old text
# told the penilai to approve an SKP that did not exist).
PENJELASAN_SKP = {
    None: "Pegawai belum menyusun SKP tahun ini; ingatkan untuk menyusun dan mengajukannya.",
    SKP.Status.DRAFT: "SKP pegawai masih draf dan belum diajukan.",
    SKP.Status.REVISI: "SKP dikembalikan untuk diperbaiki; menunggu pegawai mengajukan lagi.",
    SKP.Status.DIAJUKAN: "SKP pegawai menunggu persetujuan pejabat penilai.",
}
PENJELASAN_STATUS = {
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
    dikecualikan: bool = False

    @property
    def status(self) -> str:
        if self.dikecualikan:
            return "dikecualikan"
        if self.skp is None or self.skp.status != SKP.Status.DISETUJUI:
            return "belum_skp"
        if self.periode is None:
            return "belum_periode"
        if (
            self.periode.status == PeriodePenilaian.Status.PENGISIAN
            and not self.periode.adalah_final
            and rules.rencana_aksi_kurang(
                jumlah_rhk=self.jumlah_rhk,
                rhk_dengan_rencana_aksi=self.rhk_dengan_rencana_aksi,
                semua_rhk=self.pegawai.instansi.rencana_aksi_semua_rhk,
            )
        ):
            return "belum_rencana_aksi"
        return self.periode.status

    @property
    def label(self):
        return LABEL_STATUS_PENILAIAN[self.status]

    @property
    def penjelasan(self):
        if self.status == "belum_skp":
            return PENJELASAN_SKP[self.skp.status if self.skp else None]
        if self.status == "dikecualikan":
            return "Sedang dalam masa pengecualian (mis. CLTN, MPP); tidak dinilai."
        return PENJELASAN_STATUS.get(self.status, "")


def baris_penilaian(pegawai_qs, tahun: int, kode: str, hari_ini=None) -> list[BarisPenilaian]:
    """Rows for pegawai_qs in one period (three queries: pegawai with their exemption,
    SKP, periods with counts). `hari_ini`: the tenant's today (default: the current
    timezone's, which the request sets to the tenant's)."""
    acuan = tanggal_acuan(tahun, hari_ini or timezone.localdate())
    pegawai = list(
        pegawai_qs.annotate(dikecualikan=dikecualikan_pada(acuan))
        .select_related("instansi")  # its rencana aksi rule
        .prefetch_related(
            Prefetch("skp", queryset=SKP.objects.filter(tahun=tahun).order_by("-mulai", "-pk"))
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
                dikecualikan=p.dikecualikan,
            )
        )
    return hasil


URUTAN_PERHATIAN = {"diajukan": 0, "menunggu_review": 1}


def penilaian_bawahan(penilai: Pegawai, tahun: int, kode: str) -> list[BarisPenilaian]:
    """Every bawahan of the penilai in one period, those waiting on them first."""
    baris = baris_penilaian(bawahan_penilai(penilai), tahun, kode)
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
    # Changes of the year's capaian, newest first (the audit trail), when asked for.
    riwayat: list = field(default_factory=list)

    @cached_property
    def total(self):
        return sum(self.jumlah.values())

    @cached_property
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

    @cached_property
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


REKAP_KURVA = "kurva"
_REVIEW = "_review"  # the rollup key of the Sangat Baik still under review


def hitung_kurva(instansi_id: int, tahun: int, kode: str) -> list[tuple[int, str, int]]:
    """(OPD, predikat, n) of the rated periods, and (OPD, "_review", n) of those waiting
    for TPK review, for inti.rekap (one GROUP BY).

    Sangat Baik still under review count as Sangat Baik: the curve is what the penilai
    have given, and TPK reviews exactly those.
    """
    hasil: dict[tuple[int, str], int] = {}
    for opd_id, predikat, status, n in (
        PeriodePenilaian.objects.filter(
            tahun=tahun,
            kode=kode,
            status__in=[PeriodePenilaian.Status.DINILAI, PeriodePenilaian.Status.MENUNGGU_REVIEW],
            skp__unit_kerja__opd__isnull=False,
        )
        .values_list("skp__unit_kerja__opd", "predikat", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        hasil[opd_id, predikat] = hasil.get((opd_id, predikat), 0) + n
        if status == PeriodePenilaian.Status.MENUNGGU_REVIEW:
            hasil[opd_id, _REVIEW] = hasil.get((opd_id, _REVIEW), 0) + n
    return [(opd_id, kunci, n) for (opd_id, kunci), n in hasil.items()]


def kurva_distribusi(rekap, opd_qs, tahun: int, *, riwayat: bool = False) -> list[KurvaOPD]:
    """The curve of each OPD in `opd_qs` from the rollup of one period, with the capaian
    organisasi of the year (one value for every period of it): three queries (the OPD,
    their counts, their capaian), and a fourth for the history of the capaian when
    `riwayat` is asked for."""
    opd = list(opd_qs.filter(adalah_opd=True).order_by("path"))
    hitung = rekap.per_unit([o.pk for o in opd])
    capaian = dict(
        CapaianOrganisasi.objects.filter(opd__in=opd, tahun=tahun).values_list("opd_id", "capaian")
    )
    jejak = riwayat_capaian(opd, tahun) if riwayat else {}
    hasil = []
    for o in opd:
        jumlah = dict(hitung.get(o.pk, {}))
        review = jumlah.pop(_REVIEW, 0)
        hasil.append(
            KurvaOPD(
                opd=o,
                jumlah=jumlah,
                capaian=capaian.get(o.pk, ""),
                menunggu_review=review,
                riwayat=jejak.get(o.pk, []),
            )
        )
    return hasil


@dataclass
class PerubahanCapaian:
    waktu: datetime
    oleh: Pegawai | None
    dari: str  # label, "" when first set
    ke: str


def riwayat_capaian(opd: list[UnitKerja], tahun: int) -> dict[int, list[PerubahanCapaian]]:
    """Per OPD, the changes of its capaian organisasi of `tahun`, newest first, from the
    audit trail written by services.capaian_tetapkan (one query). Entries from before the
    capaian was yearly carry the period's label ("Triwulan I 2025") instead of the year."""
    label = rules.CAPAIAN_ORGANISASI
    hasil: dict[int, list[PerubahanCapaian]] = {}
    for j in (
        Jejak.objects.filter(
            objek_tipe=UnitKerja._meta.label,
            aksi="capaian_organisasi",
            objek_id__in=[o.pk for o in opd],
        )
        .filter(Q(ke__tahun=tahun) | Q(ke__periode__endswith=f" {tahun}"))
        .select_related("oleh")
        .order_by("-waktu", "-id")
    ):
        hasil.setdefault(j.objek_id, []).append(
            PerubahanCapaian(
                waktu=j.waktu,
                oleh=j.oleh,
                dari=label.get((j.dari or {}).get("capaian", ""), ""),
                ke=label.get((j.ke or {}).get("capaian", ""), ""),
            )
        )
    return hasil


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


def penilaian_unit(unit, tahun: int, kode: str) -> list[BarisPenilaian]:
    """Everyone in one unit with their step in the period, the furthest behind first."""
    urutan = {s: i for i, (s, _) in enumerate(STATUS_PENILAIAN)}
    baris = baris_penilaian(pegawai_aktif([unit]).order_by("nama"), tahun, kode)
    return sorted(baris, key=lambda b: (urutan[b.status], b.pegawai.nama))


REKAP_PROGRES = "progres_penilaian"


def hitung_progres_penilaian(instansi_id: int, tahun: int, kode: str) -> list[tuple[int, str, int]]:
    """(unit, step, pegawai) for every active pegawai of the instansi in one period: the
    rule of BarisPenilaian.status counted in SQL (two queries), for inti.rekap.

    From the SKP side: the latest SKP of the year (an anti-join: no later one), approved,
    joined to its period of `kode`; the pegawai without such an SKP are the unit's active
    pegawai minus those counted. tests/penilaian/test_rekap.py checks it against
    BarisPenilaian row by row.
    """
    instansi = Instansi.objects.get(pk=instansi_id)
    if instansi.rencana_aksi_semua_rhk:
        # Some RHK of the SKP has no rencana aksi in the period.
        kurang = Exists(
            RHK.objects.filter(skp=OuterRef("pk")).exclude(
                Exists(
                    RencanaAksi.objects.filter(
                        rhk=OuterRef("pk"), periode=OuterRef(OuterRef("periode_kode__pk"))
                    )
                )
            )
        )
    else:
        # BKN: no rencana aksi at all in the period.
        kurang = ~Exists(RencanaAksi.objects.filter(periode=OuterRef("periode_kode__pk")))
    status = Case(
        When(periode_kode__isnull=True, then=Value("belum_periode")),
        When(
            Q(periode_kode__status=PeriodePenilaian.Status.PENGISIAN)
            & ~Q(periode_kode__kode=rules.FINAL)
            & kurang,
            then=Value("belum_rencana_aksi"),
        ),
        default=F("periode_kode__status"),
        output_field=CharField(),
    )
    acuan = tanggal_acuan(tahun, instansi.hari_ini())
    wajib = wajib_skp(acuan)
    disetujui = (
        skp_terakhir(tahun)
        .filter(pegawai__in=wajib, status=SKP.Status.DISETUJUI)
        .annotate(
            periode_kode=FilteredRelation(
                "periode_penilaian", condition=Q(periode_penilaian__kode=kode)
            ),
            langkah=status,
        )
        .values_list("pegawai__unit_kerja", "langkah")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hasil = list(disetujui)
    sudah: dict[int, int] = {}
    for unit_id, _, n in hasil:
        sudah[unit_id] = sudah.get(unit_id, 0) + n
    semua = wajib.values_list("unit_kerja").annotate(n=Count("pk")).order_by()
    hasil += [(unit_id, "belum_skp", n - sudah.get(unit_id, 0)) for unit_id, n in semua]
    hasil += list(
        pegawai_aktif()
        .filter(dikecualikan_pada(acuan))
        .values_list("unit_kerja", Value("dikecualikan"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return hasil


def progres_penilaian(rekap, units) -> list[dict]:
    """Per unit of one page of `units`: how many pegawai are in each step (one query)."""
    units = list(units)
    per_unit = rekap.per_unit([u.pk for u in units])
    return [
        {
            "unit": u,
            "total": sum(per_unit.get(u.pk, {}).values()),
            "hitungan": [per_unit.get(u.pk, {}).get(s, 0) for s, _ in STATUS_PENILAIAN],
        }
        for u in units
    ]


# ---- rekomendasi tindak lanjut ---------------------------------------------------------


@dataclass
class BarisRekomendasi:
    pegawai: Pegawai
    predikat: list  # [(label periode, kode predikat, label predikat)], oldest first
    rekomendasi: list  # [(jenis, alasan, keputusan or None)]


@dataclass
class Rekomendasi:
    """Who has a recommendation in `units` for a year, before their rows are read: the
    page reads pegawai and decisions for its 50 only (`baris`)."""

    tahun: int
    urutan: list  # [(nama, pegawai id)] with a recommendation, by name
    riwayat: dict  # pegawai id -> [(label periode, kode predikat, label predikat)]
    daftar: dict  # pegawai id -> [(jenis, alasan)]

    def __len__(self):
        return len(self.urutan)

    def __getitem__(self, potongan):
        """A page (a slice) of BarisRekomendasi: two queries, pegawai and decisions."""
        from penilaian.models import KeputusanTindakLanjut

        ids = [pk for _, pk in self.urutan[potongan]]
        pegawai = Pegawai.objects.filter(pk__in=ids).select_related("unit_kerja").in_bulk()
        keputusan = {
            (k.pegawai_id, k.jenis): k
            for k in KeputusanTindakLanjut.objects.filter(pegawai__in=ids, tahun=self.tahun)
        }
        return [
            BarisRekomendasi(
                pegawai=pegawai[pk],
                predikat=self.riwayat[pk],
                rekomendasi=[(j, a, keputusan.get((pk, j))) for j, a in self.daftar[pk]],
            )
            for pk in ids
        ]

    def count(self):
        return len(self.urutan)


def rekomendasi_opd(
    units, tahun: int, aturan: dict | None = None, *, kunci_cache: str = ""
) -> Rekomendasi:
    """Pegawai of `units` with a recommendation from their rated periods of the year and
    the year before. One query of plain tuples (no model rows) over the OPD, then the rule
    per pegawai; `Rekomendasi` reads the rows of one page (it pages like a list).

    An OPD of 9,000 pegawai holds ~27,000 rated periods (about 170 ms): with `kunci_cache`
    (the page passes its instansi and OPD) the result is kept REKAP_UMUR seconds, like the
    other overviews. BKD's decisions are read fresh for each page."""
    umur = getattr(settings, "REKAP_UMUR", 60)
    if kunci_cache and umur:
        sidik = hashlib.sha256(repr(aturan).encode()).hexdigest()[:16]
        kunci = f"rekomendasi:{kunci_cache}:{tahun}:{sidik}"
        hasil = cache.get(kunci)
        if hasil is None:
            hasil = rekomendasi_opd(units, tahun, aturan)
            cache.set(kunci, hasil, umur)
        return hasil
    periode: dict[int, list] = {}
    nama: dict[int, str] = {}
    for pegawai_id, nama_pegawai, tahun_p, kode, predikat in (
        PeriodePenilaian.objects.filter(
            pegawai__in=pegawai_aktif(units),
            tahun__in=[tahun - 1, tahun],
            status=PeriodePenilaian.Status.DINILAI,
        )
        .order_by("tahun", "mulai", "kode")
        .values_list("pegawai", "pegawai__nama", "tahun", "kode", "predikat")
    ):
        nama[pegawai_id] = nama_pegawai
        periode.setdefault(pegawai_id, []).append((kode, tahun_p, predikat))
    daftar = {}
    for pegawai_id, urutan in periode.items():
        hasil = rules.rekomendasi([predikat for _, _, predikat in urutan], aturan=aturan)
        if hasil:
            daftar[pegawai_id] = hasil
    # Labels only for those shown (a fraction of the OPD).
    riwayat = {
        pk: [
            (rules.label_periode(kode, t), p, rules.LABEL_PREDIKAT.get(p, p))
            for kode, t, p in periode[pk]
        ]
        for pk in daftar
    }
    return Rekomendasi(
        tahun=tahun,
        urutan=sorted((nama[pk], pk) for pk in daftar),
        riwayat=riwayat,
        daftar=daftar,
    )


# ---- the jadwal's steps of the evaluation (registered in PenilaianConfig.ready) -------


def periode_jadwal(jadwal):
    """The periods one window of the jadwal closes: every period of its year and code."""
    return PeriodePenilaian.objects.filter(tahun=jadwal.tahun, kode=jadwal.kode)


def penerima_pengingat_realisasi(jadwal) -> dict[int, str]:
    """pegawai id → reminder: realisasi not yet submitted, or the period not yet added."""
    label = rules.label_periode(jadwal.kode, jadwal.tahun)
    terbuka = periode_jadwal(jadwal).filter(status=PeriodePenilaian.Status.PENGISIAN)
    hasil = {
        pk: f"Realisasi {label} Anda belum diajukan."
        for pk in terbuka.values_list("pegawai_id", flat=True)
    }
    # Only SKP that can add this period: they overlap it, and reach 31 December when it
    # is the last of the year (rules.pilihan_periode).
    awal, akhir = (
        rules.periode_kalender(jadwal.kode, jadwal.tahun)
        if jadwal.kode != rules.FINAL
        else (date(jadwal.tahun, 1, 1), date(jadwal.tahun, 12, 31))
    )
    belum_periode = SKP.objects.filter(
        tahun=jadwal.tahun,
        status=SKP.Status.DISETUJUI,
        mulai__lte=akhir,
        selesai__gte=akhir if akhir.month == 12 and jadwal.kode != rules.FINAL else awal,
    ).exclude(pk__in=periode_jadwal(jadwal).values("skp_id"))
    for pk in belum_periode.values_list("pegawai_id", flat=True):
        hasil.setdefault(pk, f"Anda belum menambah periode {label}.")
    return hasil


def penerima_pengingat_penilaian(jadwal) -> dict[int, str]:
    """penilai id → how many bawahan wait for their rating in the window's period."""
    label = rules.label_periode(jadwal.kode, jadwal.tahun)
    # The penilai of each waiting period: the pimpinan of the pegawai's unit, or for a
    # pimpinan, their own atasan (few: looked up one by one).
    hasil: dict[int, int] = {}
    for periode in (
        periode_jadwal(jadwal)
        .filter(status=PeriodePenilaian.Status.DIAJUKAN)
        .select_related("pegawai__unit_kerja")
    ):
        unit = periode.pegawai.unit_kerja
        if unit and unit.pimpinan_id and unit.pimpinan_id != periode.pegawai_id:
            penilai_id = unit.pimpinan_id
        else:
            atasan = atasan_pegawai(periode.pegawai)
            penilai_id = atasan.pk if atasan else None
        if penilai_id:
            hasil[penilai_id] = hasil.get(penilai_id, 0) + 1
    return {pk: f"{n} bawahan menunggu penilaian {label} dari Anda." for pk, n in hasil.items()}


def umpan_balik_kurang(periode) -> list[str]:
    """What still lacks feedback: each RHK and each BerAKHLAK value (two queries)."""
    return _kurang(
        RHK.objects.filter(skp=periode.skp_id), UmpanBalik.objects.filter(periode=periode)
    )


def _kurang(rhk, umpan_balik) -> list[str]:
    ada = [u for u in umpan_balik if u.isi]
    rhk_ada = {u.rhk_id for u in ada if u.rhk_id}
    perilaku_ada = {u.perilaku for u in ada if u.perilaku}
    kurang = [f"RHK: {r.uraian}" for r in rhk if r.pk not in rhk_ada]
    kurang += [
        f"Perilaku: {nama}" for kode, nama in NAMA_BERAKHLAK.items() if kode not in perilaku_ada
    ]
    return kurang


# ---- "Mengapa saya tidak muncul di atasan?" -------------------------------------------


def pegawai_diperiksa(pk: int) -> Pegawai:
    """The pegawai as diagnosa_pegawai reads them: unit with its pimpinan and OPD, the
    instansi and the exemptions, in two queries (the beranda, the diagnosis page and the
    help-request form and snapshot all load them so)."""
    return (
        Pegawai.objects.select_related("unit_kerja__pimpinan", "unit_kerja__opd", "instansi")
        .prefetch_related("pengecualian")
        .get(pk=pk)
    )


def diagnosa_pegawai(pegawai: Pegawai, *, sekarang=None) -> list[Temuan]:
    """Every known cause, now, of a pegawai missing from their penilai's lists: the unit
    and atasan (organisasi.selectors.diagnosa_atasan), then this year's SKP (none, draft,
    submitted, returned) and the running period (not added, rencana aksi missing, realisasi
    not submitted). Blocking causes first. Four queries after the organisasi part."""
    temuan = diagnosa_atasan(pegawai)
    hari_ini = pegawai.instansi.hari_ini()
    if any(t.kode == "pengecualian" for t in temuan):
        return temuan
    skp = (
        SKP.objects.filter(pegawai=pegawai, tahun=hari_ini.year)
        .order_by("-mulai", "-pk")
        .select_related("penilai")
        .first()
    )
    tambahan = []
    if skp is None or skp.status != SKP.Status.DISETUJUI:
        pesan = {
            None: f"Anda belum menyusun SKP {hari_ini.year}. Nama Anda muncul di daftar "
            "penilaian atasan setelah SKP disusun, diajukan dan disetujui.",
            SKP.Status.DRAFT: f"SKP {hari_ini.year} Anda masih draf: ajukan ke pejabat penilai. "
            "Nama Anda muncul di daftar penilaian setelah SKP disetujui.",
            SKP.Status.REVISI: f"SKP {hari_ini.year} Anda dikembalikan untuk diperbaiki: "
            "perbaiki lalu ajukan lagi.",
            SKP.Status.DIAJUKAN: f"SKP {hari_ini.year} Anda menunggu persetujuan pejabat "
            "penilai. Minta atasan Anda menyetujuinya.",
        }[skp.status if skp else None]
        tambahan.append(Temuan("skp_belum_disetujui", "masalah", pesan))
    else:
        kode = kode_periode_pada(hari_ini, bulanan=pegawai.instansi.periode_bulanan)
        label = rules.label_periode(kode, hari_ini.year)
        periode = PeriodePenilaian.objects.filter(skp=skp, kode=kode).first()
        if periode is None and skp.mulai <= hari_ini <= skp.selesai:
            tambahan.append(
                Temuan(
                    "tanpa_periode",
                    "masalah",
                    f"Anda belum menambah periode penilaian {label}. Buka Penilaian, lalu "
                    "'Tambah Periode Penilaian': tanpa periode, nama Anda tidak ada di daftar "
                    "penilaian atasan untuk periode itu.",
                )
            )
        elif periode is not None and periode.status == PeriodePenilaian.Status.PENGISIAN:
            kurang = rencana_aksi_kurang(periode, semua_rhk=pegawai.instansi.rencana_aksi_semua_rhk)
            tambahan.append(
                Temuan(
                    "belum_diajukan",
                    "peringatan",
                    (f"{kurang} " if kurang else "")
                    + f"Realisasi {label} belum Anda ajukan; atasan melihat nama Anda dengan "
                    "status 'Belum mengajukan realisasi' dan baru dapat menilai setelah "
                    "diajukan.",
                )
            )
    return urut_temuan([*temuan, *tambahan])


# ---- pegawai diperbantukan / dipekerjakan elsewhere (read by their home instansi) -----


@dataclass
class HasilPenugasan:
    penugasan: Penugasan
    periode: list  # the year's rated periods where they work, in order


def hasil_penugasan(instansi_asal_id: int, tahun: int, *, batas=200) -> list[HasilPenugasan]:
    """The home instansi's read-only view of its PNS diperbantukan/dipekerjakan elsewhere
    (seed 002: rated where they work): each secondment overlapping `tahun`, with the rated
    periods of that year. The one place a tenant reads another's rows: scopes are lifted
    here only, and only for rows whose `instansi_asal` is the asking instansi. Two
    queries; at most `batas` secondments (a province has tens)."""
    with scopes_disabled():
        penugasan = list(
            Penugasan.objects.filter(instansi_asal_id=instansi_asal_id, mulai__year__lte=tahun)
            .filter(Q(selesai__isnull=True) | Q(selesai__year__gte=tahun))
            .select_related("pegawai", "instansi")
            .order_by("pegawai__nama", "-mulai")[:batas]
        )
        periode: dict[int, list] = {}
        for p in PeriodePenilaian.objects.filter(
            pegawai__in=[t.pegawai_id for t in penugasan],
            tahun=tahun,
            status=PeriodePenilaian.Status.DINILAI,
        ).order_by("mulai", "kode"):
            periode.setdefault(p.pegawai_id, []).append(p)
    return [
        HasilPenugasan(
            t,
            [
                p
                for p in periode.get(t.pegawai_id, [])
                if p.instansi_id == t.instansi_id
                and p.selesai >= t.mulai
                and (t.selesai is None or p.mulai <= t.selesai)
            ],
        )
        for t in penugasan
    ]
