"""Every write of the monthly TPP cycle: keyword-only, atomic, validated, audited.

Windows come from the jadwal (jadwal.services.pastikan_terbuka) with the month as
the period (b01..b12): aktivitas and realisasi, penilaian, ketidakhadiran.
"""

import json
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from inti.antrean import antrekan
from inti.format import format_rentang, format_tanggal
from inti.kalender import hari_kerja_antara
from inti.models import Jejak, catat_jejak, jejak_baru, transisi
from jadwal import rules as jadwal_rules
from jadwal.services import pastikan_terbuka
from organisasi.models import HariLibur, Notifikasi, Pegawai, Pengecualian, UnitKerja
from organisasi.selectors import (
    atasan_pegawai,
    bawahan_penilai,
    pegawai_dikelola,
    unit_dikelola,
)
from organisasi.services import notifikasi_kirim
from penilaian import rules as rules_penilaian
from penilaian.models import PeriodePenilaian, RencanaAksi
from penilaian.services.pegawai import periksa_berkas_bukti
from skp.models import RHK, SKP
from tpp import rules
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    KonfigurasiTPP,
    PaguKelas,
    PotonganKetidakhadiran,
    ProgresHarian,
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


def _hari(pegawai, tanggal, *, buat=False) -> ProgresHarian | None:
    """The day's ProgresHarian, locked (created as a draft when `buat`)."""
    hari = ProgresHarian.objects.select_for_update().filter(pegawai=pegawai, tanggal=tanggal)
    if buat:
        objek, _ = ProgresHarian.objects.get_or_create(
            pegawai=pegawai, tanggal=tanggal, defaults={"instansi_id": pegawai.instansi_id}
        )
        return hari.get(pk=objek.pk)
    return hari.first()


def _pastikan_hari_dapat_diubah(hari: ProgresHarian | None):
    if hari is None:
        return
    if hari.status == ProgresHarian.Status.DIAJUKAN:
        raise ValidationError(
            f"Progres {format_tanggal(hari.tanggal)} sudah diajukan ke atasan. Tarik dahulu "
            "untuk mengubahnya."
        )
    if hari.status == ProgresHarian.Status.DISETUJUI:
        raise ValidationError(
            f"Progres {format_tanggal(hari.tanggal)} sudah disetujui atasan dan tidak dapat diubah."
        )


def _periksa_rencana_aksi(pegawai, tanggal, rhk, rencana_aksi, galat):
    """A rencana aksi must be the pegawai's, in the period covering the day; it names the
    RHK, so a different RHK chosen beside it is an error."""
    if rencana_aksi is None:
        return rhk
    sah = RencanaAksi.objects.filter(
        pk=rencana_aksi.pk,
        periode__pegawai=pegawai,
        periode__mulai__lte=tanggal,
        periode__selesai__gte=tanggal,
    ).exists()
    if not sah:
        galat["rencana_aksi"] = "Pilih rencana aksi dari periode penilaian yang memuat tanggal itu."
        return rhk
    if rhk is not None and rhk.pk != rencana_aksi.rhk_id:
        galat["rencana_aksi"] = "Rencana aksi ini milik RHK lain. Pilih RHK yang sesuai."
    return rhk or rencana_aksi.rhk


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
    rencana_aksi=None,
    jam_mulai=None,
    jam_selesai=None,
    tautan_bukti="",
    berkas=None,
    aktivitas=None,
) -> AktivitasHarian:
    """Add or change one entry of the day's progres harian (a draft until the day is
    submitted; a returned day can be corrected and submitted again)."""
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
    rhk = _periksa_rencana_aksi(pegawai, tanggal, rhk, rencana_aksi, galat)
    jenis_bukti = ""
    if berkas is not None:
        try:
            jenis_bukti, _ = periksa_berkas_bukti(berkas)
        except ValidationError as e:
            galat["berkas_bukti"] = e.message_dict["berkas"]
    if galat:
        raise ValidationError(galat)
    _pastikan_bulan_terbuka_untuk_pegawai(pegawai, tanggal)
    _pastikan_hari_dapat_diubah(_hari(pegawai, tanggal, buat=True))
    if aktivitas is not None and aktivitas.tanggal != tanggal:
        _pastikan_bulan_terbuka_untuk_pegawai(pegawai, aktivitas.tanggal)
        _pastikan_hari_dapat_diubah(_hari(pegawai, aktivitas.tanggal))
    aktivitas = aktivitas or AktivitasHarian(instansi_id=pegawai.instansi_id, pegawai=pegawai)
    aktivitas.tanggal, aktivitas.uraian, aktivitas.rhk = tanggal, uraian.strip(), rhk
    aktivitas.rencana_aksi = rencana_aksi
    aktivitas.volume, aktivitas.satuan = volume, (satuan or "Kegiatan").strip()
    aktivitas.jam_mulai, aktivitas.jam_selesai = jam_mulai, jam_selesai
    aktivitas.tautan_bukti = tautan_bukti or ""
    if berkas is not None:
        aktivitas.berkas_bukti = berkas
        aktivitas.nama_bukti = (berkas.name or "")[:255]
        aktivitas.jenis_bukti = jenis_bukti
    aktivitas.save()
    return aktivitas


@transaction.atomic
def aktivitas_hapus(*, aktivitas, by):
    if by.pk != aktivitas.pegawai_id:
        raise ValidationError("Aktivitas tidak ditemukan.")
    _pastikan_bulan_terbuka_untuk_pegawai(aktivitas.pegawai, aktivitas.tanggal)
    _pastikan_hari_dapat_diubah(_hari(aktivitas.pegawai, aktivitas.tanggal))
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
    _pastikan_hari_dapat_diubah(_hari(pegawai, tanggal, buat=True))
    sumber = (
        AktivitasHarian.objects.filter(pegawai=pegawai, tanggal__lt=tanggal)
        .order_by("-tanggal")
        .values_list("tanggal", flat=True)
        .first()
    )
    if sumber is None or sumber < tanggal - timedelta(days=7):
        raise ValidationError("Tidak ada aktivitas dalam seminggu terakhir untuk disalin.")
    # The RHK and rencana aksi links are kept only where they also cover the new day.
    rhk_berlaku = set(
        RHK.objects.filter(
            skp__pegawai=pegawai, skp__mulai__lte=tanggal, skp__selesai__gte=tanggal
        ).values_list("pk", flat=True)
    )
    rencana_aksi_berlaku = set(
        RencanaAksi.objects.filter(
            periode__pegawai=pegawai, periode__mulai__lte=tanggal, periode__selesai__gte=tanggal
        ).values_list("pk", flat=True)
    )
    salinan = [
        AktivitasHarian(
            instansi_id=a.instansi_id,
            pegawai=pegawai,
            tanggal=tanggal,
            uraian=a.uraian,
            rhk_id=a.rhk_id if a.rhk_id in rhk_berlaku else None,
            rencana_aksi_id=(
                a.rencana_aksi_id if a.rencana_aksi_id in rencana_aksi_berlaku else None
            ),
            volume=a.volume,
            satuan=a.satuan,
            jam_mulai=a.jam_mulai,
            jam_selesai=a.jam_selesai,
        )
        for a in AktivitasHarian.objects.filter(pegawai=pegawai, tanggal=sumber)
    ]
    AktivitasHarian.objects.bulk_create(salinan)
    return len(salinan)


# ---- progres harian: the day submitted, approved or returned ----------------------------


def kalender_pegawai(pegawai) -> tuple[int, set]:
    """(5 or 6 working days a week of the pegawai's unit, the instansi's holidays)."""
    unit = pegawai.unit_kerja
    hari_kerja = unit.hari_kerja_efektif if unit else 5
    return hari_kerja, set(HariLibur.objects.values_list("tanggal", flat=True))


@transaction.atomic
def progres_ajukan(*, pegawai, by, hari: list[date]) -> int:
    """Submit days of progres harian to the atasan (one or a week's drafts at once). A day
    submitted after its window (the tenant's working days) is marked late, once: a day the
    atasan returns and that is sent again keeps the lateness of its first submission.
    Returns how many days were submitted."""
    if by.pk != pegawai.pk:
        raise ValidationError("Progres harian diajukan oleh pegawai sendiri.")
    hari_ini = pegawai.instansi.hari_ini()
    hari = sorted(set(hari))
    if not hari:
        raise ValidationError("Pilih hari yang akan diajukan.")
    if hari[-1] > hari_ini:
        raise ValidationError("Progres hari yang akan datang belum dapat diajukan.")
    for bulan in {(h.year, h.month) for h in hari}:
        _pastikan_bulan_terbuka_untuk_pegawai(pegawai, date(*bulan, 1))
    berisi = set(
        AktivitasHarian.objects.filter(pegawai=pegawai, tanggal__in=hari).values_list(
            "tanggal", flat=True
        )
    )
    kosong = [h for h in hari if h not in berisi]
    if kosong and len(hari) == 1:
        raise ValidationError("Isi paling sedikit satu aktivitas sebelum mengajukan hari ini.")
    sekarang = timezone.now()
    hari_kerja, libur = kalender_pegawai(pegawai)
    zona, jendela = pegawai.instansi.zona, pegawai.instansi.jendela_progres
    diajukan = 0
    for h in hari:
        if h not in berisi:
            continue
        objek = _hari(pegawai, h, buat=True)
        if objek.status not in (ProgresHarian.Status.DRAFT, ProgresHarian.Status.DIKEMBALIKAN):
            continue
        lambat = objek.terlambat
        if objek.diajukan_pertama is None:
            lambat = rules.terlambat(
                h, sekarang, zona=zona, jendela=jendela, hari_kerja=hari_kerja, libur=libur
            )
        transisi(
            objek,
            mesin=rules.MESIN_PROGRES_HARIAN,
            ke=rules.HARI_DIAJUKAN,
            peran=rules.PEGAWAI,
            by=by,
            catat_ke={"terlambat": lambat},
            diajukan_pada=sekarang,
            diajukan_pertama=objek.diajukan_pertama or sekarang,
            terlambat=lambat,
        )
        diajukan += 1
    if not diajukan:
        raise ValidationError("Tidak ada hari berisi aktivitas yang dapat diajukan.")
    return diajukan


@transaction.atomic
def progres_tarik(*, pegawai, by, tanggal) -> ProgresHarian:
    """Take a submitted day back to draft, before the atasan decides."""
    if by.pk != pegawai.pk:
        raise ValidationError("Progres harian ditarik oleh pegawai sendiri.")
    # A draft could not be submitted again in a closed month: it would count as empty.
    _pastikan_bulan_terbuka_untuk_pegawai(pegawai, tanggal)
    objek = _hari(pegawai, tanggal)
    if objek is None:
        raise ValidationError("Progres tanggal ini belum diajukan.")
    return transisi(
        objek, mesin=rules.MESIN_PROGRES_HARIAN, ke=rules.DRAFT, peran=rules.PEGAWAI, by=by
    )


@transaction.atomic
def progres_putuskan(*, by, keputusan, pegawai_ids, mulai, selesai, catatan="") -> int:
    """The atasan approves or returns, in one action, every submitted day of the chosen
    bawahan from mulai to selesai (one day of one bawahan, or a whole week of all of
    them). One conditional UPDATE, so a day withdrawn meanwhile is left alone; one audit
    entry per day; a return notifies each pegawai once with the note. Returns how many
    days were decided."""
    if keputusan not in (rules.DISETUJUI, rules.DIKEMBALIKAN):
        raise ValidationError("Pilih setujui atau kembalikan.")
    catatan = (catatan or "").strip()
    if keputusan == rules.DIKEMBALIKAN and not catatan:
        raise ValidationError({"catatan": "Tuliskan catatan: apa yang perlu diperbaiki."})
    if selesai < mulai or (selesai - mulai).days > 31:
        raise ValidationError("Rentang tanggal tidak sah (paling panjang satu bulan).")
    pegawai_ids = set(pegawai_ids)
    bawahan = set(bawahan_penilai(by).filter(pk__in=pegawai_ids).values_list("pk", flat=True))
    if not pegawai_ids or pegawai_ids - bawahan:
        raise ValidationError("Pegawai ini bukan bawahan Anda.")
    menunggu = ProgresHarian.objects.select_for_update().filter(
        pegawai_id__in=pegawai_ids,
        tanggal__range=(mulai, selesai),
        status=ProgresHarian.Status.DIAJUKAN,
    )
    pilihan = list(menunggu.select_related("pegawai").order_by("pegawai_id", "tanggal"))
    if not pilihan:
        raise ValidationError("Tidak ada progres yang menunggu persetujuan pada pilihan ini.")
    sekarang = timezone.now()
    ProgresHarian.objects.filter(pk__in=[h.pk for h in pilihan]).update(
        status=keputusan,
        catatan=catatan if keputusan == rules.DIKEMBALIKAN else "",
        diputuskan_oleh=by,
        diputuskan_pada=sekarang,
    )
    Jejak.objects.bulk_create(
        jejak_baru(
            instansi_id=by.instansi_id,
            oleh=by,
            aksi=f"progres_{keputusan}",
            objek=h,
            dari={"status": rules.HARI_DIAJUKAN},
            ke={"status": keputusan},
            catatan=catatan,
        )
        for h in pilihan
    )
    if keputusan == rules.DIKEMBALIKAN:
        for pegawai_id in {h.pegawai_id for h in pilihan}:
            hari = [h.tanggal for h in pilihan if h.pegawai_id == pegawai_id]
            notifikasi_kirim(
                penerima=[pegawai_id],
                judul=f"Progres harian dikembalikan ({format_rentang(hari[0], hari[-1])})",
                kunci=f"progres_kembali:{pegawai_id}:{hari[0]}:{sekarang.timestamp():.0f}",
                jenis=Notifikasi.Jenis.TPP,
                isi=catatan,
                tautan=f"{reverse('aktivitas')}?minggu={hari[0]}",
            )
    return len(pilihan)


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
    if pegawai.instansi.periode_bulanan:
        raise ValidationError(
            "Instansi Anda menilai per bulan: realisasi bulan ini diisi dan dinilai pada "
            "periode penilaian bulan itu, tanpa penilaian kedua."
        )
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


@transaction.atomic
def realisasi_bulanan_tarik(*, realisasi, by) -> RealisasiBulanan:
    """The pegawai takes a submitted month back (to add aktivitas or correct the text),
    as long as the penilai has not rated it."""
    realisasi = RealisasiBulanan.objects.select_for_update().get(pk=realisasi.pk)
    if realisasi.pegawai_id != by.pk:
        raise ValidationError("Realisasi bulanan ditarik oleh pegawai sendiri.")
    # Withdrawn after the deadline, the month could not be submitted again.
    pastikan_terbuka(
        langkah=jadwal_rules.TPP_AKTIVITAS,
        tahun=realisasi.tahun,
        kode=_kode_bulan(realisasi.bulan),
        pegawai=by,
    )
    return transisi(
        realisasi,
        mesin=rules.MESIN_REALISASI_BULANAN,
        ke=rules.PENGISIAN,
        peran=rules.PEGAWAI,
        by=by,
        aksi="realisasi_bulanan_tarik",
    )


@transaction.atomic
def realisasi_bulanan_kembalikan(*, realisasi, by, catatan) -> RealisasiBulanan:
    """The penilai returns a submitted month with a note; the pegawai can log the
    aktivitas missing and submit again (they count when it is rated)."""
    realisasi = (
        RealisasiBulanan.objects.select_for_update().select_related("pegawai").get(pk=realisasi.pk)
    )
    if atasan_pegawai(realisasi.pegawai) != by:
        raise ValidationError("Hanya pejabat penilai pegawai ini yang dapat mengembalikannya.")
    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError({"catatan": "Tuliskan catatan: apa yang perlu diperbaiki."})
    pastikan_terbuka(
        langkah=jadwal_rules.TPP_PENILAIAN,
        tahun=realisasi.tahun,
        kode=_kode_bulan(realisasi.bulan),
        pegawai=realisasi.pegawai,
    )
    realisasi = transisi(
        realisasi,
        mesin=rules.MESIN_REALISASI_BULANAN,
        ke=rules.PENGISIAN,
        peran=rules.PENILAI,
        by=by,
        aksi="realisasi_bulanan_kembalikan",
        catatan=catatan,
        catatan_kembali=catatan,
        dikembalikan_pada=timezone.now(),
    )
    nama = f"{rules_penilaian.NAMA_BULAN[realisasi.bulan - 1]} {realisasi.tahun}"
    notifikasi_kirim(
        penerima=realisasi.pegawai,
        judul=f"Realisasi bulanan {nama} dikembalikan",
        kunci=f"realisasi_bulanan_kembali:{realisasi.pk}:{realisasi.dikembalikan_pada:%s}",
        jenis=Notifikasi.Jenis.TPP,
        isi=catatan,
        tautan=f"{reverse('realisasi_bulanan')}?tahun={realisasi.tahun}&bulan={realisasi.bulan}",
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
                progres=data.progres.get(p.pk, {}),
                hari_ini=data.hari_ini,
                jendela=data.jendela,
                hari_kerja_minggu=unit.hari_kerja_efektif if unit else 5,
                libur=data.libur,
            )
            # Plain dicts (TPPBulanan field attnames), not model instances: at 60,000 rows
            # building the instances alone cost ~13 s of the month's computation.
            baris.append(
                {
                    "instansi_id": p.instansi_id,
                    "pegawai_id": p.pk,
                    "tahun": tahun,
                    "bulan": bulan,
                    "bagian": bagian,
                    "mulai": mulai,
                    "selesai": selesai,
                    "unit_kerja_id": unit.pk if unit else None,
                    "opd_id": unit.opd_id if unit else None,
                    "kelas_jabatan": kelas,
                    "pagu": data.pagu.get(kelas, 0),
                    "rating": data.rating.get(p.pk, ""),
                    "dasar": rincian.dasar[:255],
                    "rincian": [[u, str(j)] for u, j in rincian.baris],
                    "jumlah_aktivitas": data.aktivitas.get(p.pk, 0),
                    "progres_terlambat": rincian.progres.terlambat,
                    "progres_kosong": rincian.progres.kosong,
                    "total": rincian.total,
                    "konfigurasi_id": data.konfigurasi.pk,
                    "dihitung_pada": sekarang,
                }
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
    progres: dict  # pegawai id → {date: (status, late)} of the days submitted
    aktivitas: dict  # pegawai id → the month's aktivitas count
    hari_ini: date
    jendela: int
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
    # The tenant's units once (about a thousand), shared by the pegawai and SKP pointing at
    # them: select_related would build a unit and its OPD for each of 60,000 rows twice,
    # the largest cost of this load (bench_progres).
    unit_semua = UnitKerja.objects.select_related("opd").in_bulk()
    pegawai = list(dipilih)
    for p in pegawai:
        p.unit_kerja = unit_semua.get(p.unit_kerja_id)
    ketidakhadiran: dict[int, list] = {}
    for k in Ketidakhadiran.objects.filter(
        pegawai__in=dipilih, mulai__lte=akhir, selesai__gte=awal
    ):
        ketidakhadiran.setdefault(k.pegawai_id, []).append(
            (k.jenis, rules.Rentang(k.mulai, k.selesai))
        )
    pengecualian: dict[int, list] = {}
    for p in Pengecualian.objects.filter(pegawai__in=dipilih, mulai__lte=akhir).filter(
        Q(selesai__isnull=True) | Q(selesai__gte=awal)
    ):
        pengecualian.setdefault(p.pegawai_id, []).append(
            rules.Rentang(p.mulai, p.selesai, p.get_jenis_display())
        )
    skp: dict[int, list] = {}
    for s in (
        SKP.objects.filter(pegawai__in=dipilih, mulai__lte=akhir, selesai__gte=awal)
        .only("pegawai", "mulai", "selesai", "unit_kerja", "kelas_jabatan")
        .order_by("mulai")
    ):
        s.unit_kerja = unit_semua.get(s.unit_kerja_id)
        skp.setdefault(s.pegawai_id, []).append(s)
    # Only the days that count as filled are read (a day never submitted is simply
    # absent), joined to the pegawai chosen rather than listed by id.
    progres: dict[int, dict] = {}
    for pegawai_id, tanggal, status, lambat in ProgresHarian.objects.filter(
        pegawai__in=dipilih, tanggal__range=(awal, akhir), status__in=rules.TERISI
    ).values_list("pegawai_id", "tanggal", "status", "terlambat"):
        progres.setdefault(pegawai_id, {})[tanggal] = (status, lambat)
    instansi = konfigurasi.instansi
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
        # From the 1st on, not just the month: the progres window of the last days runs
        # into the next month, and a holiday there extends it (as at submission).
        libur=set(HariLibur.objects.filter(tanggal__gte=awal).values_list("tanggal", flat=True)),
        dipilih=dipilih,
        pegawai=pegawai,
        rating=_rating_bulan(instansi, dipilih, tahun, bulan),
        ketidakhadiran=ketidakhadiran,
        pengecualian=pengecualian,
        skp=skp,
        progres=progres,
        aktivitas=dict(
            AktivitasHarian.objects.filter(pegawai__in=dipilih, tanggal__range=(awal, akhir))
            .values_list("pegawai_id")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        hari_ini=instansi.hari_ini(),
        jendela=instansi.jendela_progres,
    )


def _rating_bulan(instansi, dipilih, tahun, bulan) -> dict:
    """pegawai id → the month's rating. One monthly mechanism: where the instansi rates
    monthly periods (b01..b12), the TPP reads the hasil kerja rating of that period once
    it is final, and there is no second monthly rating."""
    if instansi.periode_bulanan:
        return dict(
            PeriodePenilaian.objects.filter(
                pegawai__in=dipilih,
                tahun=tahun,
                kode=_kode_bulan(bulan),
                status=PeriodePenilaian.Status.DINILAI,
            ).values_list("pegawai_id", "rating_hasil_kerja")
        )
    return dict(
        RealisasiBulanan.objects.filter(
            pegawai__in=dipilih, tahun=tahun, bulan=bulan, status=RealisasiBulanan.Status.DINILAI
        ).values_list("pegawai_id", "rating")
    )


# What a recomputation overwrites in an existing row (the key is pegawai, month, bagian).
KOLOM_DIPERBARUI = [
    "mulai",
    "selesai",
    "unit_kerja",
    "opd",
    "kelas_jabatan",
    "pagu",
    "rating",
    "dasar",
    "rincian",
    "jumlah_aktivitas",
    "progres_terlambat",
    "progres_kosong",
    "total",
    "konfigurasi",
    "dihitung_pada",
]


def _upsert_copy(baris: list[dict]) -> None:
    """The same upsert as bulk_create(update_conflicts=True), through COPY into a
    temporary table and one INSERT … ON CONFLICT: for a province (60,000 rows with their
    JSON slips) Django's bulk insert spent ~35 s building parameter arrays in Python,
    COPY streams the rows. PostgreSQL only; the caller's transaction drops the table."""
    meta = TPPBulanan._meta
    kunci = [meta.get_field(n).column for n in ("pegawai", "tahun", "bulan", "bagian")]
    nama = ["instansi", "pegawai", "tahun", "bulan", "bagian", *KOLOM_DIPERBARUI]
    atribut = [meta.get_field(n).attname for n in nama]
    kolom = [meta.get_field(n).column for n in nama]
    daftar = ", ".join(kolom)
    with connection.cursor() as kursor:
        kursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS tpp_baru ON COMMIT DROP AS "
            f"SELECT {daftar} FROM {meta.db_table} WITH NO DATA"
        )
        kursor.execute("TRUNCATE tpp_baru")
        with kursor.cursor.copy(f"COPY tpp_baru ({daftar}) FROM STDIN") as salin:
            for b in baris:
                salin.write_row([json.dumps(b[a]) if a == "rincian" else b[a] for a in atribut])
        perbarui = ", ".join(f"{k} = EXCLUDED.{k}" for k in kolom[5:])
        kursor.execute(
            f"INSERT INTO {meta.db_table} ({daftar}) SELECT {daftar} FROM tpp_baru "
            f"ON CONFLICT ({', '.join(kunci)}) DO UPDATE SET {perbarui}"
        )


def _tulis_bulan(baris: list, data: DataBulan, *, units, by) -> None:
    """One bulk upsert of the computed rows; rows of these units' month that this
    computation did not write are stale (a month split differently before, a mutasi since
    corrected): they go, so the rekap counts each post once."""
    if connection.vendor == "postgresql":
        _upsert_copy(baris)
    else:
        TPPBulanan.objects.bulk_create(
            [TPPBulanan(**b) for b in baris],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["pegawai", "tahun", "bulan", "bagian"],
            update_fields=KOLOM_DIPERBARUI,
        )
    ditulis = {(b["pegawai_id"], b["bagian"]) for b in baris}
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
