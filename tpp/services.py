"""Every write of the monthly TPP cycle: keyword-only, atomic, validated, audited.

Windows come from the jadwal (jadwal.services.pastikan_terbuka) with the month as
the period (b01..b12): aktivitas and realisasi, penilaian, ketidakhadiran.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from inti.antrean import antrekan
from inti.kalender import hari_kerja_antara
from inti.models import catat_jejak, transisi
from jadwal import rules as jadwal_rules
from jadwal.services import pastikan_terbuka
from organisasi.models import HariLibur, Pegawai, Pengecualian, UnitKerja
from organisasi.selectors import atasan_pegawai, pegawai_dikelola, unit_dikelola
from penilaian import rules as rules_penilaian
from skp.models import RHK, SKP
from tpp import rules
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    KonfigurasiTPP,
    PaguKelas,
    PotonganKetidakhadiran,
    RealisasiBulanan,
    RealisasiBulananRHK,
    TPPBulanan,
)


def _kode_bulan(tanggal_atau_bulan) -> str:
    bulan = getattr(tanggal_atau_bulan, "month", tanggal_atau_bulan)
    return f"b{bulan:02d}"


def _realisasi(pegawai, tahun, bulan) -> RealisasiBulanan:
    realisasi, _ = RealisasiBulanan.objects.get_or_create(
        pegawai=pegawai, tahun=tahun, bulan=bulan, defaults={"instansi_id": pegawai.instansi_id}
    )
    return realisasi


def _pastikan_bulan_terbuka_untuk_pegawai(pegawai, tanggal):
    pastikan_terbuka(
        langkah=jadwal_rules.TPP_AKTIVITAS,
        tahun=tanggal.year,
        kode=_kode_bulan(tanggal),
        pegawai=pegawai,
    )
    status = (
        RealisasiBulanan.objects.filter(pegawai=pegawai, tahun=tanggal.year, bulan=tanggal.month)
        .values_list("status", flat=True)
        .first()
    )
    if status and status != RealisasiBulanan.Status.PENGISIAN:
        raise ValidationError(
            f"Realisasi bulan {rules_penilaian.NAMA_BULAN[tanggal.month - 1]} sudah diajukan; "
            "aktivitas bulan itu tidak dapat diubah lagi."
        )


# ---- aktivitas harian ------------------------------------------------------------------


@transaction.atomic
def aktivitas_simpan(
    *,
    pegawai,
    by,
    tanggal,
    uraian,
    volume=1,
    satuan="Kegiatan",
    rhk=None,
    jam_mulai=None,
    jam_selesai=None,
    tautan_bukti="",
    aktivitas=None,
) -> AktivitasHarian:
    if by.pk != pegawai.pk:
        raise ValidationError("Aktivitas harian hanya diisi oleh pegawai sendiri.")
    if aktivitas is not None and aktivitas.pegawai_id != pegawai.pk:
        raise ValidationError("Aktivitas tidak ditemukan.")
    galat = {}
    if tanggal > pegawai.instansi.hari_ini():
        galat["tanggal"] = "Aktivitas tidak boleh untuk tanggal yang akan datang."
    if not (uraian or "").strip():
        galat["uraian"] = "Tuliskan apa yang dikerjakan."
    if volume is None or volume <= 0:
        galat["volume"] = "Volume harus lebih dari 0."
    if jam_mulai and jam_selesai and jam_selesai <= jam_mulai:
        galat["jam_selesai"] = "Jam selesai harus sesudah jam mulai."
    if (
        rhk is not None
        and not RHK.objects.filter(
            pk=rhk.pk, skp__pegawai=pegawai, skp__mulai__lte=tanggal, skp__selesai__gte=tanggal
        ).exists()
    ):
        galat["rhk"] = "Pilih RHK dari SKP Anda yang berlaku pada tanggal itu."
    if galat:
        raise ValidationError(galat)
    _pastikan_bulan_terbuka_untuk_pegawai(pegawai, tanggal)
    if aktivitas is not None and aktivitas.tanggal != tanggal:
        _pastikan_bulan_terbuka_untuk_pegawai(pegawai, aktivitas.tanggal)
    aktivitas = aktivitas or AktivitasHarian(instansi_id=pegawai.instansi_id, pegawai=pegawai)
    aktivitas.tanggal, aktivitas.uraian, aktivitas.rhk = tanggal, uraian.strip(), rhk
    aktivitas.volume, aktivitas.satuan = volume, (satuan or "Kegiatan").strip()
    aktivitas.jam_mulai, aktivitas.jam_selesai = jam_mulai, jam_selesai
    aktivitas.tautan_bukti = tautan_bukti or ""
    aktivitas.save()
    return aktivitas


@transaction.atomic
def aktivitas_hapus(*, aktivitas, by):
    if by.pk != aktivitas.pegawai_id:
        raise ValidationError("Aktivitas tidak ditemukan.")
    _pastikan_bulan_terbuka_untuk_pegawai(aktivitas.pegawai, aktivitas.tanggal)
    aktivitas.delete()


@transaction.atomic
def aktivitas_salin_hari_sebelumnya(*, pegawai, by, tanggal) -> int:
    """Copy the activities of the last earlier day that has any (yesterday, or Friday on a
    Monday) to `tanggal`. Returns how many were copied."""
    if by.pk != pegawai.pk:
        raise ValidationError("Aktivitas harian hanya diisi oleh pegawai sendiri.")
    if tanggal > pegawai.instansi.hari_ini():
        raise ValidationError("Aktivitas tidak boleh untuk tanggal yang akan datang.")
    _pastikan_bulan_terbuka_untuk_pegawai(pegawai, tanggal)
    sumber = (
        AktivitasHarian.objects.filter(pegawai=pegawai, tanggal__lt=tanggal)
        .order_by("-tanggal")
        .values_list("tanggal", flat=True)
        .first()
    )
    if sumber is None or sumber < tanggal - timedelta(days=7):
        raise ValidationError("Tidak ada aktivitas dalam seminggu terakhir untuk disalin.")
    # The RHK link is kept only where that RHK's SKP also covers the new day.
    rhk_berlaku = set(
        RHK.objects.filter(
            skp__pegawai=pegawai, skp__mulai__lte=tanggal, skp__selesai__gte=tanggal
        ).values_list("pk", flat=True)
    )
    salinan = [
        AktivitasHarian(
            instansi_id=a.instansi_id,
            pegawai=pegawai,
            tanggal=tanggal,
            uraian=a.uraian,
            rhk_id=a.rhk_id if a.rhk_id in rhk_berlaku else None,
            volume=a.volume,
            satuan=a.satuan,
            jam_mulai=a.jam_mulai,
            jam_selesai=a.jam_selesai,
        )
        for a in AktivitasHarian.objects.filter(pegawai=pegawai, tanggal=sumber)
    ]
    AktivitasHarian.objects.bulk_create(salinan)
    return len(salinan)


# ---- realisasi bulanan -----------------------------------------------------------------


def rhk_bulan_ini(pegawai, tahun, bulan) -> list[RHK]:
    """The month's targets: the RHK (with indikator) of every SKP in force in the month,
    the old post's then the new one's after a mutasi."""
    awal, akhir = date(tahun, bulan, 1), date(tahun, bulan, monthrange(tahun, bulan)[1])
    return list(
        RHK.objects.filter(skp__pegawai=pegawai, skp__mulai__lte=akhir, skp__selesai__gte=awal)
        .select_related("skp")
        .prefetch_related("indikator")
        .order_by("skp__mulai", "-jenis", "urutan", "id")
    )


@transaction.atomic
def realisasi_bulanan_ajukan(
    *, pegawai, by, tahun, bulan, realisasi="", per_rhk: dict | None = None
) -> RealisasiBulanan:
    """Submit the month: a realisasi for each RHK in force (`per_rhk`: RHK id → text) and a
    general note; a pegawai without an SKP that month writes the note only."""
    if by.pk != pegawai.pk:
        raise ValidationError("Realisasi bulanan diajukan oleh pegawai sendiri.")
    _pastikan_bulan_terbuka_untuk_pegawai(pegawai, date(tahun, bulan, 1))
    rhk = rhk_bulan_ini(pegawai, tahun, bulan)
    isi = {int(k): (v or "").strip() for k, v in (per_rhk or {}).items()}
    if set(isi) - {r.pk for r in rhk}:
        raise ValidationError("RHK tidak ditemukan pada SKP Anda bulan ini.")
    kosong = {
        f"rhk_{r.pk}": "Tuliskan realisasi RHK ini bulan ini." for r in rhk if not isi.get(r.pk)
    }
    if kosong:
        raise ValidationError(kosong)
    if not rhk and not (realisasi or "").strip():
        raise ValidationError({"realisasi": "Tuliskan realisasi bulan ini."})
    objek = _realisasi(pegawai, tahun, bulan)
    if objek.status != RealisasiBulanan.Status.PENGISIAN:
        raise ValidationError("Realisasi bulan ini sudah diajukan.")
    objek = transisi(
        objek,
        mesin=rules.MESIN_REALISASI_BULANAN,
        ke=rules.DIAJUKAN,
        peran=rules.PEGAWAI,
        by=by,
        aksi="realisasi_bulanan_ajukan",
        catat_ke={"jumlah_rhk": len(rhk)},
        realisasi=(realisasi or "").strip(),
        diajukan_pada=timezone.now(),
    )
    RealisasiBulananRHK.objects.filter(realisasi_bulanan=objek).delete()
    RealisasiBulananRHK.objects.bulk_create(
        RealisasiBulananRHK(
            instansi_id=pegawai.instansi_id, realisasi_bulanan=objek, rhk=r, uraian=isi[r.pk]
        )
        for r in rhk
    )
    return objek


def konfigurasi_berlaku(tahun, bulan) -> KonfigurasiTPP | None:
    return (
        KonfigurasiTPP.objects.filter(berlaku_mulai__lte=date(tahun, bulan, 1))
        .order_by("-berlaku_mulai")
        .first()
    )


def ambang(tahun, bulan) -> dict:
    konfigurasi = konfigurasi_berlaku(tahun, bulan)
    if konfigurasi is None:
        return {}
    return {
        "ambang_penuh": konfigurasi.ambang_aktivitas_penuh,
        "ambang_sesuai": konfigurasi.ambang_aktivitas_sesuai,
    }


def jumlah_aktivitas(pegawai, tahun, bulan) -> int:
    return AktivitasHarian.objects.filter(
        pegawai=pegawai, tanggal__year=tahun, tanggal__month=bulan
    ).count()


def jumlah_aktivitas_per_rhk(pegawai, tahun, bulan) -> dict:
    """RHK id (None: not linked to an RHK) → the month's aktivitas count; they add up to
    jumlah_aktivitas."""
    return dict(
        AktivitasHarian.objects.filter(pegawai=pegawai, tanggal__year=tahun, tanggal__month=bulan)
        .values_list("rhk")
        .annotate(n=Count("pk"))
        .order_by()
    )


@transaction.atomic
def realisasi_bulanan_nilai(*, realisasi, by, rating) -> RealisasiBulanan:
    """The penilai rates a submitted month; the number of aktivitas limits the rating."""
    realisasi = (
        RealisasiBulanan.objects.select_for_update().select_related("pegawai").get(pk=realisasi.pk)
    )
    if atasan_pegawai(realisasi.pegawai) != by:
        raise ValidationError("Hanya pejabat penilai pegawai ini yang dapat menilainya.")
    pastikan_terbuka(
        langkah=jadwal_rules.TPP_PENILAIAN,
        tahun=realisasi.tahun,
        kode=_kode_bulan(realisasi.bulan),
        pegawai=realisasi.pegawai,
    )
    if realisasi.status != RealisasiBulanan.Status.DIAJUKAN:
        raise ValidationError("Realisasi bulan ini belum diajukan atau sudah dinilai.")
    n = jumlah_aktivitas(realisasi.pegawai, realisasi.tahun, realisasi.bulan)
    batas = ambang(realisasi.tahun, realisasi.bulan)
    boleh = rules.rating_diizinkan(n, **batas)
    if rating not in boleh:
        raise ValidationError(
            {
                "rating": f"Dengan {n} aktivitas bulan ini, rating yang boleh: "
                + ", ".join(rules_penilaian.LABEL_RATING[r] for r in boleh)
                + f". ({rules.penjelasan_batas(**batas)})"
            }
        )
    realisasi = transisi(
        realisasi,
        mesin=rules.MESIN_REALISASI_BULANAN,
        ke=rules.DINILAI,
        peran=rules.PENILAI,
        by=by,
        aksi="realisasi_bulanan_nilai",
        catat_ke={"rating": rating, "aktivitas": n},
        rating=rating,
        jumlah_aktivitas=n,
        penilai=by,
        dinilai_pada=timezone.now(),
    )
    return realisasi


# ---- ketidakhadiran --------------------------------------------------------------------


@transaction.atomic
def ketidakhadiran_tambah(*, pegawai, by, jenis, mulai, selesai, keterangan="") -> Ketidakhadiran:
    """Entered by the admin of the pegawai's OPD (or BKD); one month at a time."""
    if not by.adalah_admin or not pegawai_dikelola(by).filter(pk=pegawai.pk).exists():
        raise ValidationError({"pegawai": "Pegawai ini bukan di OPD yang Anda kelola."})
    galat = {}
    if jenis not in rules.JENIS_KETIDAKHADIRAN:
        galat["jenis"] = "Pilih jenis ketidakhadiran."
    if selesai < mulai:
        galat["selesai"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    elif (mulai.year, mulai.month) != (selesai.year, selesai.month):
        galat["selesai"] = (
            "Satu catatan untuk satu bulan. Untuk rentang lintas bulan, catat per bulan."
        )
    if galat:
        raise ValidationError(galat)
    # Lock the pegawai's rows so two admins cannot enter overlapping ranges at once.
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    tumpang = Ketidakhadiran.objects.filter(pegawai=pegawai, mulai__lte=selesai, selesai__gte=mulai)
    lain = tumpang.first()
    if lain is not None:
        raise ValidationError(
            {"mulai": f"Beririsan dengan {lain} yang sudah tercatat. Ubah atau hapus yang lama."}
        )
    pastikan_terbuka(
        langkah=jadwal_rules.KETIDAKHADIRAN,
        tahun=mulai.year,
        kode=_kode_bulan(mulai),
        pegawai=pegawai,
    )
    catatan = Ketidakhadiran.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
        keterangan=(keterangan or "").strip(),
        dicatat_oleh=by,
    )
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="ketidakhadiran_tambah",
        objek=pegawai,
        ke={"jenis": jenis, "mulai": str(mulai), "selesai": str(selesai)},
    )
    antrekan_hitung_ulang(pegawai=pegawai, mulai=mulai, selesai=selesai)
    return catatan


@transaction.atomic
def ketidakhadiran_hapus(*, ketidakhadiran, by):
    if (
        not by.adalah_admin
        or not pegawai_dikelola(by).filter(pk=ketidakhadiran.pegawai_id).exists()
    ):
        raise ValidationError("Catatan ini bukan di OPD yang Anda kelola.")
    pastikan_terbuka(
        langkah=jadwal_rules.KETIDAKHADIRAN,
        tahun=ketidakhadiran.mulai.year,
        kode=_kode_bulan(ketidakhadiran.mulai),
        pegawai=ketidakhadiran.pegawai,
    )
    catat_jejak(
        instansi_id=ketidakhadiran.instansi_id,
        oleh=by,
        aksi="ketidakhadiran_hapus",
        objek=ketidakhadiran.pegawai,
        dari={"jenis": ketidakhadiran.jenis, "mulai": str(ketidakhadiran.mulai)},
    )
    ketidakhadiran.delete()
    antrekan_hitung_ulang(
        pegawai=ketidakhadiran.pegawai, mulai=ketidakhadiran.mulai, selesai=ketidakhadiran.selesai
    )


# ---- konfigurasi and computation -------------------------------------------------------


@transaction.atomic
def konfigurasi_simpan(*, by, berlaku_mulai, pagu, potongan, **angka) -> KonfigurasiTPP:
    """A new version of the instansi's TPP rules from `berlaku_mulai` (1st of a month).

    pagu: {kelas_jabatan: rupiah}; potongan: {jenis: (fraction per day, cap or None)}.
    """
    if not by.adalah_admin_bkd:
        raise ValidationError("Hanya BKD yang mengatur TPP.")
    if berlaku_mulai.day != 1:
        raise ValidationError({"berlaku_mulai": "Berlaku mulai tanggal 1 suatu bulan."})
    if angka["bobot_kinerja"] + angka["bobot_disiplin"] != 1:
        raise ValidationError({"bobot_disiplin": "Bobot kinerja + disiplin harus 100%."})
    if not pagu:
        raise ValidationError({"pagu": "Isi pagu untuk paling sedikit satu kelas jabatan."})
    konfigurasi, _ = KonfigurasiTPP.objects.update_or_create(
        berlaku_mulai=berlaku_mulai,
        defaults={**angka, "dibuat_oleh": by, "instansi_id": by.instansi_id},
    )
    konfigurasi.full_clean(exclude=["instansi", "dibuat_oleh"])
    PaguKelas.objects.filter(konfigurasi=konfigurasi).delete()
    PotonganKetidakhadiran.objects.filter(konfigurasi=konfigurasi).delete()
    PaguKelas.objects.bulk_create(
        PaguKelas(instansi_id=by.instansi_id, konfigurasi=konfigurasi, kelas_jabatan=k, jumlah=j)
        for k, j in pagu.items()
    )
    PotonganKetidakhadiran.objects.bulk_create(
        PotonganKetidakhadiran(
            instansi_id=by.instansi_id,
            konfigurasi=konfigurasi,
            jenis=jenis,
            persen_per_hari=per_hari,
            batas_persen=batas,
        )
        for jenis, (per_hari, batas) in potongan.items()
    )
    catat_jejak(
        instansi_id=by.instansi_id,
        oleh=by,
        aksi="konfigurasi_tpp",
        objek=konfigurasi,
        ke={"berlaku_mulai": str(berlaku_mulai), **{k: str(v) for k, v in angka.items()}},
    )
    return konfigurasi


@transaction.atomic
def tpp_hitung(*, tahun, bulan, units, by=None) -> int:
    """Compute the month of `units`, set-based: a fixed number of queries to read
    everything (`_muat_bulan`), the pure formula per post (`rules.hitung_bagian`), then one
    bulk upsert (`_tulis_bulan`). Returns the number of rows written.

    Each pegawai's month is split per post held (a mutasi mid-month); only the parts served
    in `units` are written, so recomputing one OPD never touches another OPD's rekap.
    `by` is the admin asking (None for a Celery job); an admin computes only their units."""
    if by is not None:
        if not by.adalah_admin:
            raise ValidationError("Hanya admin yang menghitung TPP.")
        units = unit_dikelola(by).filter(pk__in=units.values("pk"))
    data = _muat_bulan(tahun, bulan, units)
    unit_ids = set(units.values_list("pk", flat=True))
    sekarang = timezone.now()
    baris = []
    for p in data.pegawai:
        pengecualian = data.pengecualian.get(p.pk, [])
        ketidakhadiran = data.ketidakhadiran.get(p.pk, [])
        for bagian, (unit, kelas, mulai, selesai) in enumerate(
            _jabatan_bulan_ini(p, data.skp.get(p.pk, []), data.awal, data.akhir), start=1
        ):
            if (unit.pk if unit else None) not in unit_ids:
                continue  # another OPD's part: its own admin computes it
            rincian = rules.hitung_bagian(
                aturan=data.aturan,
                pagu=data.pagu.get(kelas),
                rating=data.rating.get(p.pk),
                hari_kerja_bulan=data.hari_kerja(unit),
                # Served from the start of the post this month (new pegawai / PPPK from
                # SPMT, or the TMT of a mutasi).
                dari=max(mulai, p.tanggal_mulai_kerja or mulai),
                sampai=selesai,
                pengecualian=pengecualian,
                ketidakhadiran=ketidakhadiran,
            )
            baris.append(
                TPPBulanan(
                    instansi_id=p.instansi_id,
                    pegawai=p,
                    tahun=tahun,
                    bulan=bulan,
                    bagian=bagian,
                    mulai=mulai,
                    selesai=selesai,
                    unit_kerja_id=unit.pk if unit else None,
                    opd_id=unit.opd_id if unit else None,
                    kelas_jabatan=kelas,
                    pagu=data.pagu.get(kelas, 0),
                    rating=data.rating.get(p.pk, ""),
                    dasar=rincian.dasar[:255],
                    rincian=[[u, str(j)] for u, j in rincian.baris],
                    total=rincian.total,
                    konfigurasi=data.konfigurasi,
                    dihitung_pada=sekarang,
                )
            )
    _tulis_bulan(baris, data, units=units, by=by)
    return len(baris)


@dataclass
class DataBulan:
    """Everything one month's computation reads, loaded in a fixed number of queries."""

    awal: date
    akhir: date
    konfigurasi: KonfigurasiTPP
    pagu: dict
    aturan: rules.AturanTPP
    libur: set
    dipilih: QuerySet  # the pegawai considered (their stale rows are cleaned too)
    pegawai: list
    rating: dict
    ketidakhadiran: dict  # pegawai id → [(jenis, Rentang)]
    pengecualian: dict  # pegawai id → [Rentang]
    skp: dict  # pegawai id → SKP overlapping the month, in date order
    _hari_kerja: dict = field(default_factory=dict)

    def hari_kerja(self, unit) -> list[date]:
        """The month's working days for the unit's 5- or 6-day week (5 without a unit)."""
        hk = unit.hari_kerja_efektif if unit else 5
        if hk not in self._hari_kerja:
            self._hari_kerja[hk] = hari_kerja_antara(
                self.awal, self.akhir, hari_kerja=hk, libur=self.libur
            )
        return self._hari_kerja[hk]


def _muat_bulan(tahun, bulan, units) -> DataBulan:
    awal, akhir = date(tahun, bulan, 1), date(tahun, bulan, monthrange(tahun, bulan)[1])
    konfigurasi = konfigurasi_berlaku(tahun, bulan)
    if konfigurasi is None:
        raise ValidationError("BKD belum mengatur TPP yang berlaku untuk bulan ini.")
    # Everyone now in the units, and whoever held a post there this month before a mutasi
    # (their part of the month belongs to this OPD's rekap).
    skp_di_unit = SKP.objects.filter(unit_kerja__in=units, mulai__lte=akhir, selesai__gte=awal)
    dipilih = Pegawai.objects.filter(
        Q(unit_kerja__in=units) | Q(pk__in=skp_di_unit.values("pegawai_id")),
        is_active=True,
        status=Pegawai.Status.AKTIF,
    ).exclude(peran=Pegawai.Peran.SUPERADMIN)
    pegawai = list(dipilih.select_related("unit_kerja__opd"))
    ids = [p.pk for p in pegawai]
    ketidakhadiran: dict[int, list] = {}
    for k in Ketidakhadiran.objects.filter(pegawai_id__in=ids, mulai__lte=akhir, selesai__gte=awal):
        ketidakhadiran.setdefault(k.pegawai_id, []).append(
            (k.jenis, rules.Rentang(k.mulai, k.selesai))
        )
    pengecualian: dict[int, list] = {}
    for p in Pengecualian.objects.filter(pegawai_id__in=ids, mulai__lte=akhir).filter(
        Q(selesai__isnull=True) | Q(selesai__gte=awal)
    ):
        pengecualian.setdefault(p.pegawai_id, []).append(
            rules.Rentang(p.mulai, p.selesai, p.get_jenis_display())
        )
    skp: dict[int, list] = {}
    for s in (
        SKP.objects.filter(pegawai_id__in=ids, mulai__lte=akhir, selesai__gte=awal)
        .select_related("unit_kerja__opd")
        .order_by("mulai")
    ):
        skp.setdefault(s.pegawai_id, []).append(s)
    return DataBulan(
        awal=awal,
        akhir=akhir,
        konfigurasi=konfigurasi,
        pagu=dict(
            PaguKelas.objects.filter(konfigurasi=konfigurasi).values_list("kelas_jabatan", "jumlah")
        ),
        aturan=konfigurasi.aturan(
            list(PotonganKetidakhadiran.objects.filter(konfigurasi=konfigurasi))
        ),
        libur=set(
            HariLibur.objects.filter(tanggal__range=(awal, akhir)).values_list("tanggal", flat=True)
        ),
        dipilih=dipilih,
        pegawai=pegawai,
        rating=dict(
            RealisasiBulanan.objects.filter(
                pegawai_id__in=ids,
                tahun=tahun,
                bulan=bulan,
                status=RealisasiBulanan.Status.DINILAI,
            ).values_list("pegawai_id", "rating")
        ),
        ketidakhadiran=ketidakhadiran,
        pengecualian=pengecualian,
        skp=skp,
    )


def _tulis_bulan(baris: list, data: DataBulan, *, units, by) -> None:
    """One bulk upsert of the computed rows; rows of these units' month that this
    computation did not write are stale (a month split differently before, a mutasi since
    corrected): they go, so the rekap counts each post once."""
    TPPBulanan.objects.bulk_create(
        baris,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["pegawai", "tahun", "bulan", "bagian"],
        update_fields=[
            "mulai",
            "selesai",
            "unit_kerja",
            "opd",
            "kelas_jabatan",
            "pagu",
            "rating",
            "dasar",
            "rincian",
            "total",
            "konfigurasi",
            "dihitung_pada",
        ],
    )
    ditulis = {(b.pegawai_id, b.bagian) for b in baris}
    usang = [
        pk
        for pk, pegawai_id, bagian in TPPBulanan.objects.filter(
            tahun=data.awal.year,
            bulan=data.awal.month,
            unit_kerja__in=units,
            pegawai__in=data.dipilih,
        ).values_list("pk", "pegawai_id", "bagian")
        if (pegawai_id, bagian) not in ditulis
    ]
    TPPBulanan.objects.filter(pk__in=usang).delete()
    catat_jejak(
        instansi_id=data.konfigurasi.instansi_id,
        oleh=by,
        aksi="tpp_hitung",
        objek=data.konfigurasi,
        ke={"tahun": data.awal.year, "bulan": data.awal.month, "jumlah": len(baris)},
    )


def _jabatan_bulan_ini(pegawai, skp_bulan_ini, awal, akhir):
    """(unit, kelas jabatan, first day, last day) of each post held this month, in date
    order: one part normally, two or more after a mutasi mid-month (DOMAIN: SKP mutasi).

    An SKP a mutasi ended records the unit and kelas of that post, which pay its days, even
    when the month is recomputed after the mutasi; the current post is the pegawai's own."""

    def jabatan(skp):
        if skp is not None and skp.kelas_jabatan is not None:
            return skp.unit_kerja, skp.kelas_jabatan
        return pegawai.unit_kerja, pegawai.kelas_jabatan

    if len(skp_bulan_ini) < 2:
        return [(*jabatan(skp_bulan_ini[0] if skp_bulan_ini else None), awal, akhir)]
    return [(*jabatan(s), max(awal, s.mulai), min(akhir, s.selesai)) for s in skp_bulan_ini]


def tpp_hitung_ulang_pegawai(*, pegawai_id, mulai, selesai) -> int:
    """After an exemption or a ketidakhadiran of one pegawai changed over mulai..selesai
    (selesai None: open-ended, up to this month): recompute every month of it that already
    has a rekap for them, in the units of that rekap, so nobody must remember to press
    "Hitung ulang". Months not yet computed are left for their first computation. Returns
    the number of months recomputed."""
    bulan = (
        TPPBulanan.objects.filter(pegawai_id=pegawai_id)
        .filter(Q(tahun__gt=mulai.year) | Q(tahun=mulai.year, bulan__gte=mulai.month))
        .values_list("tahun", "bulan")
        .distinct()
        .order_by("tahun", "bulan")
    )
    if selesai is not None:
        bulan = bulan.filter(
            Q(tahun__lt=selesai.year) | Q(tahun=selesai.year, bulan__lte=selesai.month)
        )
    dihitung = 0
    for tahun, nomor_bulan in list(bulan):
        units = UnitKerja.objects.filter(
            pk__in=TPPBulanan.objects.filter(
                pegawai_id=pegawai_id, tahun=tahun, bulan=nomor_bulan
            ).values("unit_kerja_id")
        )
        tpp_hitung(tahun=tahun, bulan=nomor_bulan, units=units)
        dihitung += 1
    return dihitung


def antrekan_hitung_ulang(*, pegawai, mulai, selesai) -> None:
    """Queue tpp_hitung_ulang_pegawai after the change commits (organisasi calls this
    through its exemption observers; the ketidakhadiran services call it directly)."""
    from tpp.tasks import hitung_ulang_tpp_pegawai

    antrekan(
        hitung_ulang_tpp_pegawai,
        pegawai.instansi_id,
        pegawai.pk,
        mulai.isoformat(),
        selesai.isoformat() if selesai else None,
    )
