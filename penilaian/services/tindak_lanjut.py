"""Continuous feedback, pembinaan and its reminders, and BKD's tindak lanjut decisions."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.format import format_tanggal
from inti.masukan import teks_bersih
from inti.models import catat_jejak
from organisasi.izin import pihak_lain
from organisasi.models import Notifikasi
from organisasi.selectors import atasan_pegawai
from organisasi.services import notifikasi_kirim
from penilaian import izin, rules
from penilaian.models import (
    KeputusanTindakLanjut,
    KomentarKinerja,
    Pembinaan,
)


@transaction.atomic
def komentar_tambah(*, rhk, by, isi, rencana_aksi=None, indikator=None) -> KomentarKinerja:
    """A note or question on an RHK at any time; the other side is notified."""
    pegawai = rhk.skp.pegawai
    lain = pihak_lain(pegawai, by)
    if rencana_aksi is not None and rencana_aksi.rhk_id != rhk.pk:
        raise ValidationError("Rencana aksi tidak ditemukan pada RHK ini.")
    if indikator is not None and indikator.rhk_id != rhk.pk:
        raise ValidationError("Indikator tidak ditemukan pada RHK ini.")
    if not (isi or "").strip():
        raise ValidationError({"isi": "Tulis umpan balik atau pertanyaan Anda."})
    komentar = KomentarKinerja.objects.create(
        instansi_id=rhk.instansi_id,
        rhk=rhk,
        rencana_aksi=rencana_aksi,
        indikator=indikator,
        oleh=by,
        isi=isi.strip(),
    )
    notifikasi_kirim(
        penerima=lain,
        jenis=Notifikasi.Jenis.DIALOG,
        judul=f"Umpan balik baru dari {by.nama}",
        isi=f"Pada RHK: {rhk.uraian[:150]}",
        tautan=f"/penilaian/rhk/{rhk.pk}/diskusi/",
        kunci=f"komentar:{komentar.pk}",
    )
    return komentar


@transaction.atomic
def pembinaan_catat(*, periode, by, jenis, rencana, tanggal_tindak_lanjut) -> Pembinaan:
    izin.pastikan(izin.alasan_bina, by, periode)
    galat = {}
    if jenis not in Pembinaan.Jenis.values:
        galat["jenis"] = "Pilih bimbingan (coaching/mentoring) atau konseling."
    if not (rencana or "").strip():
        galat["rencana"] = "Tuliskan rencana pembinaan."
    if tanggal_tindak_lanjut is None or tanggal_tindak_lanjut < periode.pegawai.instansi.hari_ini():
        galat["tanggal_tindak_lanjut"] = "Tanggal tindak lanjut harus hari ini atau sesudahnya."
    if galat:
        raise ValidationError(galat)
    pembinaan = Pembinaan.objects.create(
        instansi_id=periode.instansi_id,
        periode=periode,
        jenis=jenis,
        rencana=rencana.strip(),
        tanggal_tindak_lanjut=tanggal_tindak_lanjut,
        oleh=by,
    )
    catat_jejak(
        instansi_id=periode.instansi_id,
        oleh=by,
        aksi="pembinaan_catat",
        objek=periode,
        ke={"jenis": jenis, "tindak_lanjut": str(tanggal_tindak_lanjut)},
    )
    return pembinaan


@transaction.atomic
def pembinaan_selesai(*, pembinaan, by, hasil) -> Pembinaan:
    if atasan_pegawai(pembinaan.periode.pegawai) != by:
        raise ValidationError("Hasil pembinaan dicatat oleh pejabat penilai pegawai ini.")
    hasil = teks_bersih(hasil, field="hasil")
    if not hasil:
        raise ValidationError({"hasil": "Tuliskan hasil pembinaan."})
    berubah = Pembinaan.objects.filter(pk=pembinaan.pk, selesai_pada__isnull=True).update(
        hasil=hasil, selesai_pada=timezone.now()
    )
    if not berubah:
        raise ValidationError("Pembinaan ini sudah selesai dicatat.")
    catat_jejak(
        instansi_id=pembinaan.instansi_id,
        oleh=by,
        aksi="pembinaan_selesai",
        objek=pembinaan.periode,
        catatan=hasil,
    )
    pembinaan.refresh_from_db()
    return pembinaan


def pengingat_pembinaan(*, sekarang, hari=3) -> int:
    """Remind the penilai of each open pembinaan whose follow-up date is within `hari`
    days (in the tenant's zone). Idempotent by key."""
    dibuat = 0
    for p in Pembinaan.objects.filter(selesai_pada__isnull=True).select_related(
        "periode__pegawai__instansi"
    ):
        hari_ini = timezone.localtime(sekarang, p.periode.pegawai.instansi.zona).date()
        if not hari_ini <= p.tanggal_tindak_lanjut <= hari_ini + timedelta(days=hari):
            continue
        kunci = f"pembinaan:{p.pk}"
        if Notifikasi.objects.filter(penerima_id=p.oleh_id, kunci=kunci).exists():
            continue
        notifikasi_kirim(
            penerima=p.oleh,
            jenis=Notifikasi.Jenis.PEMBINAAN,
            judul=f"Tindak lanjut pembinaan {p.periode.pegawai.nama} "
            f"{format_tanggal(p.tanggal_tindak_lanjut)}",
            isi=p.rencana[:300],
            tautan=f"/penilaian/periode/{p.periode_id}/#pembinaan",
            kunci=kunci,
        )
        dibuat += 1
    return dibuat


@transaction.atomic
def tindak_lanjut_putuskan(*, pegawai, tahun, jenis, keputusan, by, catatan=""):
    """BKD records its decision on one recommendation (changing it later is audited)."""
    if not by.adalah_admin_bkd or pegawai.instansi_id != by.instansi_id:
        raise ValidationError("Hanya BKD yang memutuskan tindak lanjut.")
    if jenis not in rules.JENIS_REKOMENDASI or keputusan not in ("setuju", "tolak"):
        raise ValidationError("Pilih rekomendasi dan keputusan dari daftar.")
    lama = KeputusanTindakLanjut.objects.filter(pegawai=pegawai, tahun=tahun, jenis=jenis).first()
    objek, _ = KeputusanTindakLanjut.objects.update_or_create(
        pegawai=pegawai,
        tahun=tahun,
        jenis=jenis,
        defaults={
            "keputusan": keputusan,
            "catatan": teks_bersih(catatan, field="catatan"),
            "oleh": by,
            "instansi_id": pegawai.instansi_id,
        },
    )
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="tindak_lanjut_putuskan",
        objek=pegawai,
        dari={"keputusan": lama.keputusan} if lama else None,
        ke={"tahun": tahun, "jenis": jenis, "keputusan": keputusan},
        catatan=objek.catatan,
    )
    return objek
