"""Writes of the jadwal: windows, dispensasi, the lock job and the reminders.

The steps belong to other apps (SKP, periode penilaian, TPP). Each app registers what its
step closes and who still has work open in it (`daftarkan_langkah`, from its AppConfig),
so this app knows no model above it and the jobs stay one set-based loop.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone

from inti.kalender import FINAL, pilihan_periode_tahun
from inti.models import catat_jejak
from jadwal import rules
from jadwal.models import Dispensasi, Jadwal
from jadwal.selectors import format_waktu, status_jadwal
from organisasi.models import Notifikasi, Pegawai
from organisasi.selectors import pegawai_dikelola, unit_dikelola
from organisasi.services import notifikasi_kirim


@dataclass(frozen=True)
class Langkah:
    """What the app owning a step tells the jadwal about it.

    baris: the rows one window closes (each with a `pegawai`), e.g. the periods of its code.
    kolom_kunci: where the lock job marks them (None: checked at request time only).
    penerima: pegawai id → what is still open for them, for the reminders.
    tautan: where a reminder leads.
    """

    baris: Callable[[Jadwal], QuerySet] | None = None
    kolom_kunci: str | None = None
    penerima: Callable[[Jadwal], dict[int, str]] | None = None
    tautan: str = "/"


LANGKAH_TERDAFTAR: dict[str, Langkah] = {}


def daftarkan_langkah(kode: str, langkah: Langkah) -> None:
    if kode not in rules.LANGKAH:
        raise ValueError(f"langkah tidak dikenal: {kode}")
    LANGKAH_TERDAFTAR[kode] = langkah


def pastikan_terbuka(*, langkah, tahun, kode, pegawai):
    """Refuse a write outside the step's window (checked at request time, so a request one
    second after the deadline is refused even before the lock job has run)."""
    status = status_jadwal(
        langkah=langkah, tahun=tahun, kode=kode, pegawai=pegawai, sekarang=timezone.now()
    )
    if not status.boleh:
        raise ValidationError(status.pesan)


def pastikan_boleh_cetak(*, langkah, tahun, kode, pegawai, by):
    """A print step (CETAK of a period, CETAK_TPP of a month) for `pegawai`, asked by `by`:
    refused outside the window like any step (a dispensasi reopens it), except for the
    admin BKD, who sets the jadwal and may always print."""
    if by.adalah_admin_bkd:
        return
    pastikan_terbuka(langkah=langkah, tahun=tahun, kode=kode, pegawai=pegawai)


def _pastikan_admin_jadwal(by):
    if not by.adalah_admin_bkd:
        raise ValidationError("Hanya BKD yang mengatur jadwal.")


def _periksa_kode_jadwal(langkah, tahun, kode, bulanan):
    if langkah not in rules.LANGKAH:
        raise ValidationError({"langkah": "Pilih langkah dari daftar."})
    if langkah == rules.PENYUSUNAN_SKP:
        if kode:
            raise ValidationError({"kode": "Penyusunan SKP berlaku setahun, tanpa periode."})
        return
    bulanan = bulanan or langkah in rules.LANGKAH_BULANAN
    sah = {p.kode for p in pilihan_periode_tahun(tahun, bulanan=bulanan)}
    if langkah in rules.LANGKAH_BULANAN:
        sah.discard(FINAL)
    if kode not in sah:
        raise ValidationError(
            {
                "kode": "Langkah TPP memakai periode bulan."
                if langkah in rules.LANGKAH_BULANAN
                else "Pilih periode penilaian dari daftar."
            }
        )


@transaction.atomic
def jadwal_simpan(*, langkah, tahun, kode, mulai, batas, by, keterangan="") -> Jadwal:
    _pastikan_admin_jadwal(by)
    instansi = by.instansi
    _periksa_kode_jadwal(langkah, tahun, kode, instansi.periode_bulanan)
    for nama, waktu in (("mulai", mulai), ("batas", batas)):
        if galat := rules.galat_tahun(waktu):
            raise ValidationError({nama: galat})
    if batas <= mulai:
        raise ValidationError({"batas": "Batas waktu harus sesudah waktu mulai."})
    batas = rules.akhir_menit(batas)
    lama = (
        Jadwal.objects.select_for_update().filter(langkah=langkah, tahun=tahun, kode=kode).first()
    )
    jadwal = lama or Jadwal(instansi=instansi, langkah=langkah, tahun=tahun, kode=kode)
    dari = {"mulai": str(lama.mulai), "batas": str(lama.batas)} if lama else None
    jadwal.mulai, jadwal.batas, jadwal.keterangan, jadwal.diatur_oleh = mulai, batas, keterangan, by
    if batas > timezone.now():
        # Extended past now: the step is open again for everyone, as the new deadline says.
        jadwal.dikunci_pada = None
        _lepas_kunci(jadwal)
    jadwal.save()
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="jadwal_simpan",
        objek=jadwal,
        dari=dari,
        ke={"mulai": str(mulai), "batas": str(batas)},
        catatan=keterangan,
    )
    return jadwal


@transaction.atomic
def jadwal_bulanan_buat(*, langkah, tahun, by, hari, jam, menit=0, keterangan="") -> list[Jadwal]:
    """One window per month: from the 1st of the month until day `hari` of the next month
    at jam:menit in the instansi's zone (e.g. NTT: the 10th, 23:59 WITA)."""
    _pastikan_admin_jadwal(by)
    if not 1 <= hari <= 28:
        raise ValidationError({"hari": "Tanggal batas 1–28 agar ada di setiap bulan."})
    zona = by.instansi.zona
    return [
        jadwal_simpan(
            langkah=langkah,
            tahun=tahun,
            kode=f"b{bulan:02d}",
            mulai=datetime(tahun, bulan, 1, tzinfo=zona),
            batas=rules.batas_bulanan(tahun, bulan, hari=hari, jam=jam, menit=menit, zona=zona),
            by=by,
            keterangan=keterangan,
        )
        for bulan in range(1, 13)
    ]


# ---- the lock job and dispensasi ------------------------------------------------------


def _tercakup_dispensasi(jadwal, sekarang):
    """Q on a step's rows: their pegawai (or a unit above them) has a running dispensasi."""
    aktif = Dispensasi.objects.filter(jadwal=jadwal, sampai__gte=sekarang)
    per_pegawai = aktif.filter(pegawai=OuterRef("pegawai"))
    # The dispensasi's unit is the pegawai's unit or an ancestor: its path is the prefix
    # of the pegawai's unit path of its own length.
    per_unit = aktif.filter(
        unit__isnull=False,
        unit__path=Substr(OuterRef("pegawai__unit_kerja__path"), 1, Length("unit__path")),
    )
    return Q(Exists(per_pegawai)) | Q(Exists(per_unit))


def _lepas_kunci(jadwal, cakupan=None):
    """Open the window's rows again (those matching `cakupan`, or all)."""
    langkah = LANGKAH_TERDAFTAR.get(jadwal.langkah)
    if langkah and langkah.kolom_kunci and jadwal.pk:
        baris = langkah.baris(jadwal)
        if cakupan is not None:
            baris = baris.filter(cakupan)
        baris.update(**{langkah.kolom_kunci: None})


def jadwal_kunci(*, sekarang) -> int:
    """The lock job, for the tenant in scope: every window whose deadline has passed is
    marked on its rows, set-based (one UPDATE per window, whatever the number of
    pegawai), except where a dispensasi is running; an expired dispensasi is locked again.
    Idempotent: a second run changes nothing. Returns how many rows were locked."""
    terkunci = 0
    for jadwal in Jadwal.objects.filter(batas__lt=sekarang):
        langkah = LANGKAH_TERDAFTAR.get(jadwal.langkah)
        if langkah and langkah.kolom_kunci:
            kolom = langkah.kolom_kunci
            dispensasi = _tercakup_dispensasi(jadwal, sekarang)
            terkunci += (
                langkah.baris(jadwal)
                .filter(**{f"{kolom}__isnull": True})
                .exclude(dispensasi)
                .update(**{kolom: jadwal.batas})
            )
            langkah.baris(jadwal).filter(**{f"{kolom}__isnull": False}).filter(dispensasi).update(
                **{kolom: None}
            )
        if jadwal.dikunci_pada is None:
            Jadwal.objects.filter(pk=jadwal.pk, dikunci_pada__isnull=True).update(
                dikunci_pada=sekarang
            )
            catat_jejak(
                instansi_id=jadwal.instansi_id,
                oleh=None,
                aksi="jadwal_dikunci",
                objek=jadwal,
                ke={"batas": str(jadwal.batas)},
            )
    return terkunci


@transaction.atomic
def dispensasi_beri(*, jadwal, by, sampai, alasan, pegawai=None, unit=None) -> Dispensasi:
    """Reopen a step for one pegawai or a unit (and the units below it) until `sampai`."""
    if not by.adalah_admin or by.instansi_id != jadwal.instansi_id:
        raise ValidationError("Hanya admin OPD atau BKD yang dapat memberi dispensasi.")
    if (pegawai is None) == (unit is None):
        raise ValidationError({"pegawai": "Pilih satu pegawai atau satu unit kerja."})
    if pegawai is not None and not pegawai_dikelola(by).filter(pk=pegawai.pk).exists():
        raise ValidationError({"pegawai": "Pegawai ini bukan di OPD yang Anda kelola."})
    if unit is not None and not unit_dikelola(by).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "Unit ini bukan unit yang Anda kelola."})
    sampai = rules.akhir_menit(sampai)
    if sampai <= timezone.now():
        raise ValidationError({"sampai": "Dispensasi harus berakhir di masa depan."})
    if not (alasan or "").strip():
        raise ValidationError({"alasan": "Tulis alasan dispensasi."})
    dispensasi = Dispensasi.objects.create(
        instansi_id=jadwal.instansi_id,
        jadwal=jadwal,
        pegawai=pegawai,
        unit=unit,
        sampai=sampai,
        alasan=alasan.strip(),
        oleh=by,
    )
    _lepas_kunci(jadwal, _tercakup_dispensasi(jadwal, timezone.now()))
    langkah = LANGKAH_TERDAFTAR.get(jadwal.langkah)
    notifikasi_kirim(
        penerima=pegawai
        if pegawai is not None
        else Pegawai.objects.filter(unit_kerja__path__startswith=unit.path, is_active=True),
        jenis=Notifikasi.Jenis.JADWAL,
        kunci=f"dispensasi:{dispensasi.pk}",
        judul=f"Dispensasi {jadwal}: dibuka lagi sampai "
        f"{format_waktu(dispensasi.sampai, jadwal.instansi)}",
        isi=f"Diberikan {by.nama_lengkap}: {dispensasi.alasan}",
        tautan=langkah.tautan if langkah else "/",
    )
    catat_jejak(
        instansi_id=jadwal.instansi_id,
        oleh=by,
        aksi="dispensasi_beri",
        objek=jadwal,
        ke={"untuk": str(pegawai or unit), "sampai": str(sampai)},
        catatan=dispensasi.alasan,
    )
    return dispensasi


# ---- reminders ------------------------------------------------------------------------


def pengingat_kirim(*, sekarang) -> int:
    """Before each deadline (days from the instansi's setting, default 3 and 1), notify
    everyone with work still open in that step. The key names the window and the day, so
    running twice sends nothing twice. Returns how many notifications were created."""
    dibuat = 0
    for jadwal in Jadwal.objects.filter(batas__gt=sekarang).select_related("instansi"):
        hari_sebelum = sorted(jadwal.instansi.pengaturan.get("pengingat_hari", [3, 1]))
        jatuh = [h for h in hari_sebelum if sekarang >= jadwal.batas - timedelta(days=h)]
        if not jatuh or sekarang < jadwal.mulai:
            continue
        kunci = f"pengingat:{jadwal.pk}:{jatuh[0]}"
        langkah = LANGKAH_TERDAFTAR.get(jadwal.langkah)
        if langkah is None or langkah.penerima is None:
            continue
        per_isi = defaultdict(list)
        for pk, isi in langkah.penerima(jadwal).items():
            per_isi[isi].append(pk)
        for isi, penerima in per_isi.items():
            dibuat += notifikasi_kirim(
                penerima=penerima,
                jenis=Notifikasi.Jenis.JADWAL,
                kunci=kunci,
                judul=f"Batas waktu {jadwal}: {format_waktu(jadwal.batas, jadwal.instansi)}",
                isi=isi,
                tautan=langkah.tautan,
            )
    return dibuat
