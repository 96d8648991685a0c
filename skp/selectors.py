"""Reads of the SKP domain, each a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from organisasi.models import Instansi, Pegawai, Pengecualian, UnitKerja
from organisasi.rules import pimpinan_terdekat_di_atas
from organisasi.selectors import (
    atasan_pegawai,
    bawahan_penilai,
    dikecualikan_pada,
    pegawai_aktif,
    pegawai_dikelola,
    unit_subtree,
    wajib_skp,
)
from skp.impor import ke_data
from skp.models import RHK, SKP, SasaranPerjanjianKinerja


def pengecualian_menutupi(pegawai: Pegawai, mulai: date, selesai: date) -> Pengecualian | None:
    """The exemption that covers the whole period, if any (DOMAIN: No SKP needed)."""
    for p in Pengecualian.objects.filter(pegawai=pegawai, mulai__lte=mulai):
        if p.selesai is None or p.selesai >= selesai:
            return p
    return None


def pengecualian_aktif(pegawai: Pegawai, pada: date) -> Pengecualian | None:
    for p in pegawai.pengecualian.all():
        if p.berlaku_pada(pada):
            return p
    return None


@dataclass
class PilihanIntervensi:
    atasan: Pegawai | None
    rhk: list[RHK]
    sasaran_pk: list[SasaranPerjanjianKinerja]
    # Why nothing can be chosen: an RHK utama cannot be saved (no pejabat penilai, or the
    # top of the instansi without a sasaran PK recorded by BKD).
    alasan: str = ""
    # The atasan has not written RHK yet: nothing blocks, the link is made later.
    peringatan: str = ""

    @property
    def wajib(self) -> bool:
        """Whether every RHK utama must intervene one of the choices now."""
        return not self.peringatan


PERINGATAN_ATASAN_TANPA_RHK = "Atasan Anda belum menyusun RHK; hubungkan intervensi nanti."


def opd_perjanjian_kinerja(skp: SKP, unit: UnitKerja | None) -> int | None:
    """The OPD whose Perjanjian Kinerja sasaran a Kepala OPD or a JPT may intervene besides
    the atasan's RHK: RHK are drawn up "sesuai Perjanjian Kinerja pimpinan perangkat daerah"
    (seed 004), and the tahapan start from "Perjanjian Kinerja" and the expectations of the
    "pimpinan tinggi/unit kerja mandiri" (seed 003). Others cascade from their atasan only."""
    if unit is None:
        return None
    if unit.adalah_opd and unit.pimpinan_id == skp.pegawai_id:
        return unit.pk
    if skp.adalah_jpt:
        return unit.opd_id
    return None


def pilihan_intervensi(skp: SKP) -> PilihanIntervensi:
    """What a utama RHK of this SKP may intervene: the RHK of the atasan's SKP of the same
    year, and for a Kepala OPD or JPT also the Perjanjian Kinerja sasaran of their OPD; at
    the top of the instansi (no atasan) the Perjanjian Kinerja sasaran.

    An atasan who has written no RHK yet blocks nobody: `peringatan` says so and the RHK
    is linked later (the penilai still approves the SKP)."""
    pegawai = skp.pegawai
    unit = pegawai.unit_kerja
    atasan = atasan_pegawai(pegawai)
    if atasan is None:
        if unit is None or unit.pimpinan_id != pegawai.pk:
            # No atasan because nobody claimed the unit: not the top of the cascade.
            return PilihanIntervensi(
                None,
                [],
                [],
                (
                    "Anda belum memiliki pejabat penilai, jadi belum ada RHK atasan untuk "
                    "diintervensi. Buka 'Mengapa saya tidak muncul di atasan?' pada profil."
                ),
            )
        sasaran = list(SasaranPerjanjianKinerja.objects.filter(tahun=skp.tahun))
        alasan = (
            ""
            if sasaran
            else (
                f"Anda pimpinan tertinggi di instansi, dan BKD belum mencatat sasaran Perjanjian "
                f"Kinerja {skp.tahun}. Hubungi BKD."
            )
        )
        return PilihanIntervensi(None, [], sasaran, alasan)
    rhk = list(
        RHK.objects.filter(skp__pegawai=atasan, skp__tahun=skp.tahun, jenis=RHK.Jenis.UTAMA)
        .select_related("skp")
        .order_by("skp__mulai", "urutan", "id")
    )
    opd_id = opd_perjanjian_kinerja(skp, unit)
    sasaran = (
        list(SasaranPerjanjianKinerja.objects.filter(tahun=skp.tahun, unit_kerja_id=opd_id))
        if opd_id
        else []
    )
    peringatan = ""
    if not rhk:
        peringatan = (
            f"{PERINGATAN_ATASAN_TANPA_RHK} {atasan.nama_lengkap} belum membuat SKP "
            f"{skp.tahun} atau belum mengisi RHK utama. SKP Anda tetap dapat diajukan; "
            "hubungkan RHK utama Anda setelah atasan menyusun RHK."
        )
    return PilihanIntervensi(atasan, rhk, sasaran, peringatan=peringatan)


def skp_lengkap_qs():
    """SKP with everything its page shows (fixed number of queries)."""
    # The owner's unit and its pimpinan tell whether the viewer is the penilai.
    return SKP.objects.select_related(
        "pegawai__instansi", "pegawai__unit_kerja__pimpinan", "unit_kerja", "penilai"
    ).prefetch_related(
        Prefetch(
            "rhk",
            queryset=RHK.objects.prefetch_related(
                "indikator",
                # The intervened RHK with their SKP and its pegawai in one join.
                Prefetch("intervensi", queryset=RHK.objects.select_related("skp__pegawai")),
                "intervensi_pk",
            ),
        ),
        "perilaku",
        "riwayat_versi",
    )


def sumber_salinan(skp: SKP) -> list[SKP]:
    """SKP to copy RHK from: one's own earlier SKP, or a colleague's in the same jabatan."""
    sendiri = Q(pegawai_id=skp.pegawai_id) & ~Q(pk=skp.pk)
    rekan = ~Q(pegawai_id=skp.pegawai_id) & Q(jabatan__iexact=skp.jabatan.strip())
    return list(
        SKP.objects.filter(sendiri | rekan, rhk__isnull=False)
        .distinct()
        .select_related("pegawai", "unit_kerja")
        .annotate(jumlah_rhk=Count("rhk", distinct=True))
        .order_by("-tahun", "pegawai__nama")[:50]
    )


def skp_terakhir(tahun: int):
    """Each pegawai's latest SKP of the year (after a mutasi, the new post's): an
    anti-join, no later SKP by start date, then by id."""
    lebih_baru = SKP.objects.filter(pegawai=OuterRef("pegawai"), tahun=tahun).filter(
        Q(mulai__gt=OuterRef("mulai")) | Q(mulai=OuterRef("mulai"), pk__gt=OuterRef("pk"))
    )
    return SKP.objects.filter(tahun=tahun).exclude(Exists(lebih_baru))


REKAP_PROGRES_SKP = "progres_skp"


def hitung_progres_skp(instansi_id: int, tahun: int, kode: str = "") -> list[tuple[int, str, int]]:
    """Per unit: active pegawai ("pegawai"), those exempt today ("dikecualikan"), their
    latest SKP of the year per status, and those approved by 31 January ("tepat_waktu"),
    for inti.rekap (three GROUP BY queries over the instansi).

    Every ASN in a unit needs an SKP, admins included (pegawai_dikelola is narrower: it is
    who the admin may edit).
    """
    instansi = Instansi.objects.get(pk=instansi_id)
    pegawai = pegawai_aktif()
    hari_ini = tanggal_acuan(tahun, instansi.hari_ini())
    hasil = [
        (unit_id, "pegawai", n)
        for unit_id, n in pegawai.values_list("unit_kerja").annotate(n=Count("pk")).order_by()
    ]
    hasil += [
        (unit_id, "dikecualikan", n)
        for unit_id, n in pegawai.filter(dikecualikan_pada(hari_ini))
        .values_list("unit_kerja")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    batas = datetime(tahun, 1, 31, 23, 59, 59, tzinfo=instansi.zona)
    for unit_id, status, n, tepat in (
        skp_terakhir(tahun)
        .filter(pegawai__in=pegawai)
        .values_list("pegawai__unit_kerja", "status")
        .annotate(n=Count("pk"), tepat=Count("pk", filter=Q(disetujui_pada__lte=batas)))
        .order_by()
    ):
        hasil.append((unit_id, status, n))
        if status == SKP.Status.DISETUJUI:
            hasil.append((unit_id, "tepat_waktu", tepat))
    return hasil


def progres_penetapan(rekap, units) -> list[dict]:
    """SKP penetapan of each unit in `units` (one page, or all for an export) from the
    rollup: how many pegawai must have one, how many per status, approved by 31 January."""
    units = list(units)
    hitung = rekap.per_unit([u.pk for u in units])
    hasil = []
    for unit in units:
        h = hitung.get(unit.pk, {})
        wajib = h.get("pegawai", 0) - h.get("dikecualikan", 0)
        ada = sum(h.get(s, 0) for s in SKP.Status.values)
        hasil.append(
            {
                "unit": unit,
                "wajib": wajib,
                "belum_dibuat": max(wajib - ada, 0),
                **{s: h.get(s, 0) for s in SKP.Status.values},
                "tepat_waktu": h.get("tepat_waktu", 0),
            }
        )
    return hasil


@dataclass
class BarisBawahan:
    pegawai: Pegawai
    skp: SKP | None
    pengecualian: Pengecualian | None = None

    @property
    def status(self):
        if self.pengecualian:
            return "dikecualikan"
        return self.skp.status if self.skp else "belum_dibuat"

    @property
    def label(self):
        return dict(STATUS_BAWAHAN)[self.status]


STATUS_BAWAHAN = [
    ("belum_dibuat", "Belum dibuat"),
    ("draft", "Draft"),
    ("diajukan", "Diajukan"),
    ("revisi", "Revisi"),
    ("disetujui", "Disetujui"),
    ("dikecualikan", "Tidak wajib SKP"),
]


def skp_bawahan(penilai: Pegawai, tahun: int, hari_ini: date) -> list[BarisBawahan]:
    """Every bawahan with their latest SKP of the year (three queries)."""
    bawahan = list(
        bawahan_penilai(penilai).prefetch_related(
            Prefetch("skp", queryset=SKP.objects.filter(tahun=tahun).order_by("-mulai")),
            "pengecualian",
        )
    )
    hasil = []
    for p in bawahan:
        semua = list(p.skp.all())
        hasil.append(
            BarisBawahan(
                p,
                semua[0] if semua else None,
                pengecualian_aktif(p, tanggal_acuan(tahun, hari_ini)) if not semua else None,
            )
        )
    return hasil


@dataclass
class SimpulMPH:
    """One pegawai in the Matriks Peran Hasil, with their RHK and who supports each."""

    pegawai: Pegawai
    skp: SKP | None
    rhk: list = field(default_factory=list)  # [(rhk, [(rhk_bawahan, pegawai)])]
    tanpa_dukungan: list = field(default_factory=list)
    anak: list = field(default_factory=list)


def matriks_peran_hasil(unit, tahun: int) -> SimpulMPH | None:
    """The cascade from the unit's pimpinan down through the units below it.

    Five queries whatever the size: units, pegawai, SKP, RHK with intervensi and the
    Perjanjian Kinerja sasaran they intervene (the top pimpinan, and any Kepala OPD or JPT
    below an atasan, may link to the PK of their OPD: see pilihan_intervensi).
    """
    if unit.pimpinan_id is None:
        return None
    units = list(unit_subtree(unit))
    pegawai = {
        p.pk: p for p in Pegawai.objects.filter(unit_kerja__in=units).select_related("unit_kerja")
    }
    skp_per_pegawai = {}
    for s in SKP.objects.filter(pegawai_id__in=pegawai, tahun=tahun).order_by("mulai"):
        skp_per_pegawai[s.pegawai_id] = s  # the latest SKP of the year (after mutasi)
    rhk_per_skp: dict[int, list[RHK]] = {}
    pendukung: dict[int, list[tuple[RHK, Pegawai]]] = {}
    for r in RHK.objects.filter(skp__in=skp_per_pegawai.values()).prefetch_related(
        "intervensi", "intervensi_pk"
    ):
        rhk_per_skp.setdefault(r.skp_id, []).append(r)
    skp_pegawai = {s.pk: s.pegawai_id for s in skp_per_pegawai.values()}
    for daftar in rhk_per_skp.values():
        for r in daftar:
            for atas in r.intervensi.all():
                pendukung.setdefault(atas.pk, []).append((r, pegawai[skp_pegawai[r.skp_id]]))

    # Who rates whom, built once in linear time: staff by unit, and each led unit under
    # the nearest led unit above it (the same rule as organisasi.selectors).
    pimpinan_unit = {u.pimpinan_id: u for u in units if u.pimpinan_id}
    unit_per_path = {u.path: u for u in units}
    bawahan: dict[int, list[Pegawai]] = {pk: [] for pk in pimpinan_unit}
    for b in pegawai.values():
        u = unit_per_path.get(b.unit_kerja.path)
        if u and u.pimpinan_id and u.pimpinan_id != b.pk and u.pimpinan_id in bawahan:
            bawahan[u.pimpinan_id].append(b)
    atas = pimpinan_terdekat_di_atas(u.path for u in pimpinan_unit.values())
    for path, path_atas in atas.items():
        pimpinan_bawah = unit_per_path[path].pimpinan_id
        if path_atas and pimpinan_bawah in pegawai:
            bawahan[unit_per_path[path_atas].pimpinan_id].append(pegawai[pimpinan_bawah])

    def simpul(p: Pegawai, kedalaman=0) -> SimpulMPH:
        skp = skp_per_pegawai.get(p.pk)
        node = SimpulMPH(p, skp)
        for r in rhk_per_skp.get(skp.pk, []) if skp else []:
            dukungan = pendukung.get(r.pk, [])
            node.rhk.append((r, dukungan))
            if r.jenis == RHK.Jenis.UTAMA and not dukungan:
                node.tanpa_dukungan.append(r)
        if p.pk in pimpinan_unit and kedalaman < 10:
            node.anak = [
                simpul(b, kedalaman + 1) for b in sorted(bawahan[p.pk], key=lambda b: b.nama)
            ]
        return node

    pimpinan = pegawai.get(unit.pimpinan_id)
    return simpul(pimpinan) if pimpinan else None


def unit_mph_terlihat(user) -> list:
    """Led units whose MPH the user may open (same rule as organisasi.access.unit_terlihat)."""
    dipimpin = UnitKerja.objects.filter(pimpinan__isnull=False).order_by("path")
    if user.adalah_admin_bkd:
        return list(dipimpin)
    if user.adalah_admin_opd:
        return list(dipimpin.filter(opd_id=user.admin_opd_id))
    sendiri = getattr(user, "unit_dipimpin", None) or user.unit_kerja
    return list(dipimpin.filter(path__startswith=sendiri.path)) if sendiri else []


def tanggal_acuan(tahun: int, hari_ini: date) -> date:
    """The day a year's obligations are judged on: today for this year, 31 December for a
    past year, 1 January for a coming one (exemptions are those in force then)."""
    return max(date(tahun, 1, 1), min(hari_ini, date(tahun, 12, 31)))


def pratinjau_impor_bkn(lembar, *, tahun, admin) -> list[dict]:
    """Per sheet of an admin's workbook: whose SKP it is and whether it can be imported
    (the pegawai managed by the admin, their SKP of the year a draft still empty or not
    made yet). Two queries whatever the number of sheets."""
    nip = [h.nip for _, h in lembar if h.nip]
    pegawai = {p.nip: p for p in pegawai_dikelola(admin).filter(nip__in=nip)}
    skp = {
        s.pegawai_id: s
        for s in SKP.objects.filter(pegawai__in=pegawai.values(), tahun=tahun)
        .annotate(jumlah_rhk=Count("rhk"))
        .order_by("mulai")
    }
    hasil = []
    for nama, isi in lembar:
        p = pegawai.get(isi.nip)
        s = skp.get(p.pk) if p else None
        masalah = list(isi.galat)
        if not isi.nip:
            masalah.insert(0, "NIP tidak ditemukan di lembar ini.")
        elif p is None:
            masalah.insert(0, f"NIP {isi.nip} bukan pegawai yang Anda kelola.")
        elif s is not None and (s.status != SKP.Status.DRAFT or s.jumlah_rhk):
            masalah.insert(0, "SKP tahun ini sudah diisi pegawainya; tidak ditimpa.")
        if not isi.rhk and not masalah:
            masalah.append("Tidak ada rencana hasil kerja.")
        hasil.append({"lembar": nama, "nip": isi.nip, "pegawai": p, "skp": s, "isi": isi,
                      "masalah": masalah, "data": ke_data(isi)})  # fmt: skip
    return hasil


# ---- reminders of the jadwal (registered in SkpConfig.ready) --------------------------


def penerima_pengingat_skp(jadwal) -> dict[int, str]:
    """pegawai id → reminder, for everyone whose SKP of the jadwal's year is not approved."""
    # The same reference day as the SKP lists: today in the jadwal's year, else its end.
    acuan = tanggal_acuan(jadwal.tahun, jadwal.instansi.hari_ini())
    sudah = SKP.objects.filter(tahun=jadwal.tahun, status=SKP.Status.DISETUJUI)
    # Not asked for an SKP while exempt (pejabat negara, CLTN, MPP…).
    belum = wajib_skp(acuan).exclude(pk__in=sudah.values("pegawai_id"))
    return {
        pk: f"SKP {jadwal.tahun} Anda belum disetujui." for pk in belum.values_list("pk", flat=True)
    }
