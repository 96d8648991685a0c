"""The to-do list of the beranda: what each person should do next, with a link straight
to the place to act. Computed from every app (so it lives at the top), each role in a
fixed number of queries whatever the tenant's size: counts are grouped in SQL, nothing
loads a tenant's rows.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Min, Q, Sum
from django.urls import reverse

from bantuan.selectors import jumlah_tiket_menunggu
from inti.kalender import kode_periode_pada, label_periode, pilihan_periode
from inti.rekap import rekap_baca
from jadwal import rules as langkah
from jadwal.selectors import format_waktu, jadwal_tahun
from organisasi.aktivasi import sudah_aktif
from organisasi.models import Pegawai
from organisasi.selectors import (
    bawahan_penilai,
    pegawai_dikelola,
    unit_dikelola,
)
from penilaian.models import PeriodePenilaian
from penilaian.selectors import REKAP_PROGRES, rencana_aksi_kurang
from skp.models import SKP
from skp.selectors import pengecualian_aktif, tanggal_acuan
from tpp.models import ProgresHarian

# A deadline this close is shown on the beranda (with its exact time in the tenant's zone).
MASA_TENGGAT = timedelta(days=7)


@dataclass(frozen=True)
class Tugas:
    judul: str
    tautan: str
    keterangan: str = ""
    batas: str = ""  # "9 April 2026 23:59 WITA" when a jadwal closes this step soon
    mendesak: bool = False


def _batas(jadwal, sekarang) -> str:
    """The deadline of an open window closing within MASA_TENGGAT, as people read it."""
    if jadwal is None or not (jadwal.mulai <= sekarang <= jadwal.batas):
        return ""
    if jadwal.batas - sekarang > MASA_TENGGAT:
        return ""
    return format_waktu(jadwal.batas, jadwal.instansi)


def tugas_pegawai(pegawai: Pegawai, sekarang) -> list[Tugas]:
    """A pegawai's own next steps: the SKP to draft, submit or revise, the running period
    to add, its rencana aksi and realisasi, and deadlines of the coming week. Nothing for
    someone exempt (organisasi.selectors.wajib_skp). Three queries at most after the
    pegawai's exemptions."""
    instansi = pegawai.instansi
    hari_ini = instansi.hari_ini()
    tahun = hari_ini.year
    # The rule of organisasi.selectors.wajib_skp, on the pegawai's exemptions (the
    # beranda reads them with the pegawai).
    if pengecualian_aktif(pegawai, tanggal_acuan(tahun, hari_ini)) is not None:
        return []
    jadwal = jadwal_tahun(pegawai.instansi_id, tahun)
    skp = SKP.objects.filter(pegawai=pegawai, tahun=tahun).order_by("-mulai", "-pk").first()
    batas_skp = _batas(jadwal.get((langkah.PENYUSUNAN_SKP, "")), sekarang)
    if skp is None:
        return [
            Tugas(
                f"Susun SKP {tahun}",
                reverse("skp_buat"),
                "Tanpa SKP yang disetujui, Anda tidak muncul di daftar penilaian atasan.",
                batas_skp,
                mendesak=True,
            )
        ]
    tautan_skp = reverse("skp_detail", args=[skp.pk])
    if skp.status == SKP.Status.DRAFT:
        return [Tugas(f"Ajukan SKP {tahun} ke pejabat penilai", tautan_skp, "", batas_skp)]
    if skp.status == SKP.Status.REVISI:
        return [
            Tugas(
                f"Perbaiki SKP {tahun} lalu ajukan lagi",
                tautan_skp,
                f"Catatan pejabat penilai: {skp.catatan_revisi}",
                batas_skp,
                mendesak=True,
            )
        ]
    if skp.status == SKP.Status.DIAJUKAN:
        return []  # waiting for the penilai: their to-do, not this pegawai's
    tugas = []
    ada = {
        p.kode: p
        for p in PeriodePenilaian.objects.filter(skp=skp).annotate(
            rencana_kosong=Count("rencana_aksi", filter=Q(rencana_aksi__realisasi="")),
        )
    }
    # The running period, and every period whose realisasi window is open now (in
    # December: TW IV and Final).
    berjalan = kode_periode_pada(hari_ini, bulanan=instansi.periode_bulanan)
    terbuka = {
        kode
        for (nama, kode), j in jadwal.items()
        if nama == langkah.REALISASI and j.mulai <= sekarang <= j.batas
    }
    for pilihan in pilihan_periode(
        mulai=skp.mulai, selesai=skp.selesai, bulanan=instansi.periode_bulanan
    ):
        if pilihan.kode not in terbuka | {berjalan} or not pilihan.tersedia:
            continue
        batas = _batas(jadwal.get((langkah.REALISASI, pilihan.kode)), sekarang)
        periode = ada.get(pilihan.kode)
        if periode is None:
            if pilihan.kode == berjalan and pilihan.mulai > hari_ini:
                continue
            tugas.append(
                Tugas(
                    f"Tambah periode penilaian {pilihan.label}",
                    reverse("penilaian_saya"),
                    "Tanpa periode, atasan tidak dapat menilai Anda untuk periode ini.",
                    batas,
                    mendesak=bool(batas),
                )
            )
            continue
        if periode.status != PeriodePenilaian.Status.PENGISIAN:
            continue
        tautan = reverse("periode_detail", args=[periode.pk])
        if periode.catatan_pengembalian:
            tugas.append(
                Tugas(
                    f"Lengkapi realisasi {periode.label} yang dikembalikan",
                    tautan,
                    f"Catatan pejabat penilai: {periode.catatan_pengembalian}",
                    batas,
                    mendesak=True,
                )
            )
        elif kurang := rencana_aksi_kurang(periode, semua_rhk=instansi.rencana_aksi_semua_rhk):
            tugas.append(Tugas(f"Tulis rencana aksi {periode.label}", tautan, kurang, batas))
        elif periode.rencana_kosong:
            tugas.append(
                Tugas(
                    f"Isi realisasi {periode.label}",
                    tautan,
                    f"{periode.rencana_kosong} rencana aksi belum diisi realisasinya.",
                    batas,
                )
            )
        else:
            tugas.append(Tugas(f"Ajukan realisasi {periode.label}", tautan, "", batas))
    return tugas


def tugas_progres(pegawai: Pegawai) -> list[Tugas]:
    """Days of progres harian the atasan returned, to fix and submit again (one query)."""
    kembali = ProgresHarian.objects.filter(
        pegawai=pegawai, status=ProgresHarian.Status.DIKEMBALIKAN
    ).aggregate(n=Count("pk"), awal=Min("tanggal"))
    if not kembali["n"]:
        return []
    return [
        Tugas(
            f"{kembali['n']} hari progres harian dikembalikan atasan",
            f"{reverse('aktivitas')}?minggu={kembali['awal']}",
            "Baca catatan atasan, perbaiki, lalu ajukan lagi.",
            mendesak=True,
        )
    ]


def _tugas_progres_bawahan(bawahan) -> list[Tugas]:
    """Days of progres harian waiting for the atasan's approval (one query)."""
    menunggu = ProgresHarian.objects.filter(
        pegawai__in=bawahan, status=ProgresHarian.Status.DIAJUKAN
    ).aggregate(n=Count("pk"), awal=Min("tanggal"))
    if not menunggu["n"]:
        return []
    awal = menunggu["awal"]
    return [
        Tugas(
            f"{menunggu['n']} hari progres harian bawahan menunggu persetujuan",
            f"{reverse('progres_bawahan')}?rentang=bulan&tahun={awal.year}&bulan={awal.month}"
            "&saring=menunggu",
            "Setujui, atau kembalikan dengan catatan.",
        )
    ]


def tugas_penilai(penilai: Pegawai, sekarang, *, bawahan=None) -> list[Tugas]:
    """A pimpinan's: SKP waiting for approval, periods waiting for feedback and rating
    (per period), ratings the Tim Penilai Kinerja returned, progres harian days to approve.
    Three queries, after
    `bawahan_penilai(penilai)` (pass it when the caller has built it already)."""
    if not hasattr(penilai, "unit_dipimpin"):
        return []
    if bawahan is None:
        bawahan = bawahan_penilai(penilai)
    tugas = []
    skp_menunggu = SKP.objects.filter(penilai=penilai, status=SKP.Status.DIAJUKAN).count()
    if skp_menunggu:
        tugas.append(
            Tugas(
                f"{skp_menunggu} SKP bawahan menunggu persetujuan Anda",
                reverse("skp_bawahan"),
                "Setujui, atau kembalikan dengan catatan apa yang perlu diperbaiki.",
                mendesak=True,
            )
        )
    jadwal = {}
    for tahun, kode, dikembalikan, n in (
        PeriodePenilaian.objects.filter(
            pegawai__in=bawahan, status=PeriodePenilaian.Status.DIAJUKAN
        )
        .values_list("tahun", "kode")
        .annotate(kembali=Count("pk", filter=~Q(catatan_review="")), n=Count("pk"))
        .order_by("tahun", "kode")
    ):
        label = label_periode(kode, tahun)
        tautan = f"{reverse('penilaian_bawahan')}?tahun={tahun}&periode={kode}"
        if tahun not in jadwal:
            jadwal[tahun] = jadwal_tahun(penilai.instansi_id, tahun)
        batas = _batas(jadwal[tahun].get((langkah.PENILAIAN, kode)), sekarang)
        if dikembalikan:
            tugas.append(
                Tugas(
                    f"{dikembalikan} penilaian {label} dikembalikan Tim Penilai Kinerja",
                    tautan,
                    "Baca catatan review, lalu nilai ulang.",
                    batas,
                    mendesak=True,
                )
            )
        if n - dikembalikan:
            tugas.append(
                Tugas(
                    f"{n - dikembalikan} bawahan menunggu penilaian {label}",
                    tautan,
                    "Beri umpan balik per RHK dan perilaku, lalu nilai.",
                    batas,
                    mendesak=bool(batas),
                )
            )
    return tugas + _tugas_progres_bawahan(bawahan)


def tugas_admin(admin: Pegawai, sekarang) -> list[Tugas]:
    """An admin's (OPD or BKD): active units without a pimpinan, pegawai who have not
    activated their account, and the penilai with the most bawahan waiting; for BKD also
    the Sangat Baik review queue and jadwal steps closing this week. Five queries."""
    tugas = []
    if tiket := jumlah_tiket_menunggu(admin):
        tugas.append(
            Tugas(
                f"{tiket} permintaan bantuan menunggu jawaban Anda",
                reverse("bantuan_daftar") + "?tab=masuk",
                "Pertanyaan pegawai dengan konteks halaman dan diagnosisnya terlampir.",
                mendesak=True,
            )
        )
    tanpa_pimpinan = unit_dikelola(admin).filter(pimpinan__isnull=True, aktif=True).count()
    if tanpa_pimpinan:
        tugas.append(
            Tugas(
                f"{tanpa_pimpinan} unit aktif belum memiliki pimpinan",
                f"{reverse('kelola_unit')}?tanpa_pimpinan=1",
                "Pegawai di unit itu tidak memiliki pejabat penilai. Tetapkan pimpinannya.",
            )
        )
    belum_aktif = (
        pegawai_dikelola(admin)
        .filter(is_active=True, status=Pegawai.Status.AKTIF)
        .exclude(sudah_aktif())
        .count()
    )
    if belum_aktif:
        tugas.append(
            Tugas(
                f"{belum_aktif} pegawai belum mengaktifkan akun",
                reverse("kelola_aktivasi"),
                "Terbitkan kode aktivasi dan bagikan suratnya.",
            )
        )
    # Bawahan waiting for their penilai, counted per unit pimpinan (the penilai of
    # everyone in the unit but the pimpinan), the five with the most waiting.
    terlambat = list(
        PeriodePenilaian.objects.filter(
            status=PeriodePenilaian.Status.DIAJUKAN,
            pegawai__in=pegawai_dikelola(admin),
            pegawai__unit_kerja__pimpinan__isnull=False,
        )
        .exclude(pegawai__unit_kerja__pimpinan=F("pegawai"))
        .values_list("pegawai__unit_kerja__pimpinan__nama", "pegawai__unit_kerja__nama")
        .annotate(n=Count("pk"))
        .order_by("-n", "pegawai__unit_kerja__nama")[:5]
    )
    if terlambat:
        tugas.append(
            Tugas(
                "Penilai dengan bawahan menunggu penilaian",
                reverse("penilaian_progres"),
                "; ".join(f"{nama} ({unit}): {n}" for nama, unit, n in terlambat),
            )
        )
    if admin.adalah_admin_bkd:
        review = PeriodePenilaian.objects.filter(
            status=PeriodePenilaian.Status.MENUNGGU_REVIEW
        ).count()
        if review:
            tugas.append(
                Tugas(
                    f"{review} predikat Sangat Baik menunggu review Tim Penilai Kinerja",
                    reverse("review_antrean"),
                    mendesak=True,
                )
            )
        tahun = admin.instansi.hari_ini().year
        for j in sorted(jadwal_tahun(admin.instansi_id, tahun).values(), key=lambda j: j.batas):
            if batas := _batas(j, sekarang):
                tugas.append(
                    Tugas(f"{j} ditutup", reverse("jadwal_daftar"), "", batas, mendesak=True)
                )

        tugas += _opd_tertinggal(admin, tahun, sekarang)
    return tugas


# The steps at which a pegawai's period is in the penilai's hands or done.
SUDAH_DIAJUKAN = ("diajukan", "menunggu_review", "dinilai")


def _opd_tertinggal(admin, tahun, sekarang) -> list[Tugas]:
    """BKD: the five OPD with the smallest share of pegawai who submitted the running
    period, from the Progres Penilaian rollup (inti.rekap: ~1,000 rows, not 60,000)."""
    kode = kode_periode_pada(admin.instansi.hari_ini(), bulanan=admin.instansi.periode_bulanan)
    jadwal = jadwal_tahun(admin.instansi_id, tahun).get((langkah.REALISASI, kode))
    if jadwal is None or jadwal.mulai > sekarang:
        return []  # before the step opens, every OPD is at 0 %: nothing to single out
    rekap = rekap_baca(instansi_id=admin.instansi_id, jenis=REKAP_PROGRES, tahun=tahun, kode=kode)
    baris = (
        rekap.baris()
        .exclude(kunci="dikecualikan")
        .values("unit__opd__nama")
        .annotate(
            total=Sum("jumlah"),
            sudah=Sum("jumlah", filter=Q(kunci__in=SUDAH_DIAJUKAN), default=0),
        )
        .filter(total__gt=0, unit__opd__isnull=False)
    )
    terendah = sorted(baris, key=lambda b: (b["sudah"] / b["total"], b["unit__opd__nama"]))[:5]
    terendah = [b for b in terendah if b["sudah"] < b["total"]]
    if not terendah:
        return []
    return [
        Tugas(
            f"OPD paling tertinggal pada {label_periode(kode, tahun)}",
            f"{reverse('penilaian_progres')}?tahun={tahun}&periode={kode}",
            "; ".join(
                f"{b['unit__opd__nama']}: {round(100 * b['sudah'] / b['total'])}% mengajukan"
                for b in terendah
            ),
        )
    ]
