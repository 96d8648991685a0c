"""Every write of the evaluation: keyword-only, atomic, validated, audited.

Status changes are conditional UPDATEs (`WHERE status = <from>`): a rating and a
withdrawal at the same moment move the period once, and the loser gets a clear message.
"""

import hashlib
import secrets
import zipfile
from datetime import date, datetime, timedelta
from io import BytesIO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone

from ekinerja.models import catat_jejak, pindah_status
from organisasi.models import HariLibur, Notifikasi, Pegawai, Pengecualian
from organisasi.selectors import atasan_pegawai, pegawai_dikelola, unit_dikelola
from penilaian import pdf, rules, tanda_tangan
from penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    CetakMassal,
    DialogKinerja,
    Dispensasi,
    Dokumen,
    Jadwal,
    KeputusanTindakLanjut,
    KomentarKinerja,
    Pembinaan,
    PeriodePenilaian,
    RealisasiIndikator,
    RencanaAksi,
    UmpanBalik,
)
from penilaian.selectors import format_waktu, rhk_tanpa_rencana_aksi, status_jadwal
from skp.models import RHK, SKP, Indikator
from skp.rules import NAMA_BERAKHLAK
from skp.selectors import tanggal_acuan

Status = PeriodePenilaian.Status

# Bukti dukung accepted, judged by the file's content (filetype), never by its name.
JENIS_BUKTI = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}


def _pastikan_pemilik_mengisi(periode: PeriodePenilaian, by):
    if by.pk != periode.pegawai_id:
        raise ValidationError("Hanya pegawai pemilik SKP yang dapat mengisi periode ini.")
    if periode.status != Status.PENGISIAN:
        raise ValidationError(
            f"Periode ini berstatus {periode.get_status_display()} dan tidak dapat diubah."
            + (" Tarik kembali pengajuan dulu." if periode.status == Status.DIAJUKAN else "")
        )
    pastikan_jadwal_terbuka(
        langkah=rules.REALISASI, tahun=periode.tahun, kode=periode.kode, pegawai=periode.pegawai
    )


def _pastikan_penilai(periode: PeriodePenilaian, by):
    # The current atasan rates, as for the SKP: a change of pimpinan must not strand it.
    if atasan_pegawai(periode.pegawai) != by:
        raise ValidationError("Hanya pejabat penilai pegawai ini yang dapat menilainya.")
    pastikan_jadwal_terbuka(
        langkah=rules.PENILAIAN, tahun=periode.tahun, kode=periode.kode, pegawai=periode.pegawai
    )


def _transisi(periode, *, ke, peran, by, catatan="", **perubahan):
    """Move the period to `ke` if `peran` may and nobody moved it first."""
    dari = periode.status
    if not rules.boleh_transisi(dari, ke, peran):
        raise ValidationError(
            f"Periode berstatus {periode.get_status_display()} tidak dapat diubah menjadi "
            f"{Status(ke).label}."
        )
    return pindah_status(
        periode, ke=ke, by=by, aksi=f"periode_{ke}", nama="Periode", catatan=catatan,
        catat_ke={k: str(v) for k, v in perubahan.items() if k.startswith(("rat", "pre"))},
        **perubahan,
    )  # fmt: skip


# ---- pegawai -------------------------------------------------------------------------


@transaction.atomic
def periode_tambah(*, skp, kode, by, bulanan=False) -> PeriodePenilaian:
    """'Tambah Periode Penilaian' on an approved SKP."""
    skp = SKP.objects.select_for_update().get(pk=skp.pk)
    if by.pk != skp.pegawai_id:
        raise ValidationError("Hanya pemilik SKP yang dapat menambah periode penilaian.")
    if skp.status != SKP.Status.DISETUJUI:
        raise ValidationError("Periode penilaian hanya dapat ditambahkan pada SKP yang disetujui.")
    pilihan = {
        p.kode: p
        for p in rules.pilihan_periode(mulai=skp.mulai, selesai=skp.selesai, bulanan=bulanan)
    }
    dipilih = pilihan.get(kode)
    if dipilih is None:
        raise ValidationError({"kode": "Pilih periode penilaian dari daftar."})
    if not dipilih.tersedia:
        raise ValidationError({"kode": dipilih.alasan})
    pastikan_jadwal_terbuka(
        langkah=rules.REALISASI, tahun=skp.tahun, kode=kode, pegawai=skp.pegawai
    )
    if PeriodePenilaian.objects.filter(skp=skp, kode=kode).exists():
        raise ValidationError({"kode": f"Periode {dipilih.label} sudah ditambahkan."})
    periode = PeriodePenilaian.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        pegawai_id=skp.pegawai_id,
        tahun=skp.tahun,
        kode=kode,
        mulai=dipilih.mulai,
        selesai=dipilih.selesai,
    )
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="periode_tambah",
        objek=periode,
        ke={"periode": dipilih.label, "mulai": str(dipilih.mulai), "selesai": str(dipilih.selesai)},
    )
    return periode


def _angka_atau_galat(nilai, field):
    if nilai is not None and nilai < 0:
        raise ValidationError({field: "Angka tidak boleh negatif."})


@transaction.atomic
def rencana_aksi_simpan(
    *, periode, rhk, by, uraian, target, satuan, rencana_aksi=None
) -> RencanaAksi:
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    _pastikan_pemilik_mengisi(periode, by)
    if periode.adalah_final:
        raise ValidationError("Periode Final/Tahunan tidak memakai rencana aksi.")
    if rhk.skp_id != periode.skp_id:
        raise ValidationError({"rhk": "RHK tidak ditemukan pada SKP periode ini."})
    if rencana_aksi is not None and rencana_aksi.periode_id != periode.pk:
        raise ValidationError("Rencana aksi tidak ditemukan pada periode ini.")
    galat = {}
    if not (uraian or "").strip():
        galat["uraian"] = "Uraian rencana aksi wajib diisi."
    if target is None:
        galat["target"] = "Target wajib diisi."
    elif target <= 0:
        galat["target"] = "Target harus lebih dari 0."
    if not (satuan or "").strip():
        galat["satuan"] = "Satuan wajib diisi, mis. Laporan, Dokumen, %."
    if galat:
        raise ValidationError(galat)
    baru = rencana_aksi is None
    rencana_aksi = rencana_aksi or RencanaAksi(instansi_id=periode.instansi_id, periode=periode)
    rencana_aksi.rhk = rhk
    rencana_aksi.uraian, rencana_aksi.target, rencana_aksi.satuan = (
        uraian.strip(),
        target,
        satuan.strip(),
    )
    rencana_aksi.save()
    catat_jejak(
        instansi_id=periode.instansi_id,
        oleh=by,
        aksi="rencana_aksi_tambah" if baru else "rencana_aksi_ubah",
        objek=periode,
        ke={"rencana_aksi": rencana_aksi.uraian[:200], "target": f"{target} {satuan}"},
    )
    return rencana_aksi


@transaction.atomic
def rencana_aksi_hapus(*, rencana_aksi, by):
    periode = PeriodePenilaian.objects.select_for_update().get(pk=rencana_aksi.periode_id)
    _pastikan_pemilik_mengisi(periode, by)
    if rencana_aksi.bukti.exists():
        raise ValidationError(
            "Rencana aksi ini sudah memiliki bukti dukung; ubah uraiannya saja agar bukti "
            "tidak hilang."
        )
    catat_jejak(
        instansi_id=periode.instansi_id,
        oleh=by,
        aksi="rencana_aksi_hapus",
        objek=periode,
        dari={"rencana_aksi": rencana_aksi.uraian[:200]},
    )
    rencana_aksi.delete()


def _pastikan_rencana_aksi_lengkap(periode):
    if periode.adalah_final:
        return
    kurang = rhk_tanpa_rencana_aksi(periode)
    if kurang:
        raise ValidationError(
            "Realisasi belum dapat diisi: RHK berikut belum memiliki rencana aksi: "
            + "; ".join(r.uraian for r in kurang)
        )


@transaction.atomic
def realisasi_simpan(
    *, periode, by, realisasi, realisasi_angka=None, rencana_aksi=None, indikator=None
):
    """Realisasi of a rencana aksi (periodic period) or an indikator (final period)."""
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    _pastikan_pemilik_mengisi(periode, by)
    _pastikan_rencana_aksi_lengkap(periode)
    _angka_atau_galat(realisasi_angka, "realisasi_angka")
    if not (realisasi or "").strip():
        raise ValidationError({"realisasi": "Tuliskan realisasinya."})
    if periode.adalah_final:
        if indikator is None or indikator.rhk.skp_id != periode.skp_id:
            raise ValidationError("Indikator tidak ditemukan pada SKP periode ini.")
        objek, _ = RealisasiIndikator.objects.get_or_create(
            instansi_id=periode.instansi_id, periode=periode, indikator=indikator
        )
    else:
        if rencana_aksi is None or rencana_aksi.periode_id != periode.pk:
            raise ValidationError("Rencana aksi tidak ditemukan pada periode ini.")
        objek = rencana_aksi
    dari = {"realisasi": objek.realisasi[:200], "angka": str(objek.realisasi_angka or "")}
    objek.realisasi, objek.realisasi_angka = realisasi.strip(), realisasi_angka
    objek.save(update_fields=["realisasi", "realisasi_angka"])
    catat_jejak(
        instansi_id=periode.instansi_id,
        oleh=by,
        aksi="realisasi_simpan",
        objek=periode,
        dari=dari,
        ke={"realisasi": objek.realisasi[:200], "angka": str(realisasi_angka or "")},
    )
    return objek


def sidik_berkas(berkas) -> str:
    """SHA-256 of an uploaded file, read in chunks; the file is left at its start."""
    sha = hashlib.sha256()
    for potongan in berkas.chunks():
        sha.update(potongan)
    berkas.seek(0)
    return sha.hexdigest()


def periksa_berkas_bukti(berkas) -> tuple[str, str]:
    """(MIME type, extension) of an upload judged by its content, or ValidationError."""
    if berkas.size == 0:
        raise ValidationError({"berkas": "Berkas kosong. Pilih berkas yang berisi bukti."})
    batas = settings.BUKTI_UKURAN_MAKS
    if berkas.size > batas:
        raise ValidationError(
            {
                "berkas": f"Berkas terlalu besar ({berkas.size / 1048576:.1f} MB); paling besar "
                f"{batas / 1048576:.0f} MB. Perkecil atau pecah berkasnya."
            }
        )
    berkas.seek(0)
    kepala = berkas.read(8192)
    berkas.seek(0)
    jenis = filetype.guess(kepala)
    if jenis is None or jenis.mime not in JENIS_BUKTI:
        raise ValidationError(
            {
                "berkas": "Jenis berkas tidak diterima (isi berkas diperiksa, bukan namanya). "
                "Unggah PDF, gambar (JPG/PNG/WebP) atau dokumen perkantoran (Word, Excel, "
                "PowerPoint, ODF)."
            }
        )
    return jenis.mime, JENIS_BUKTI[jenis.mime]


@transaction.atomic
def bukti_tambah(
    *,
    periode,
    by,
    berkas=None,
    tautan="",
    keterangan="",
    rencana_aksi=None,
    indikator=None,
    ganti=None,
) -> BuktiDukung:
    """Attach a file or a link. `ganti` replaces an earlier bukti, which stays as history."""
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    _pastikan_pemilik_mengisi(periode, by)
    _pastikan_rencana_aksi_lengkap(periode)
    if ganti is not None:
        if ganti.periode_id != periode.pk or not ganti.aktif:
            raise ValidationError("Bukti yang diganti tidak ditemukan pada periode ini.")
        rencana_aksi, indikator = ganti.rencana_aksi, ganti.indikator
    if periode.adalah_final:
        if indikator is None or indikator.rhk.skp_id != periode.skp_id:
            raise ValidationError("Indikator tidak ditemukan pada SKP periode ini.")
        rencana_aksi = None
    else:
        if rencana_aksi is None or rencana_aksi.periode_id != periode.pk:
            raise ValidationError("Rencana aksi tidak ditemukan pada periode ini.")
        indikator = None
    if bool(berkas) == bool(tautan):
        raise ValidationError({"berkas": "Unggah satu berkas atau isi satu tautan."})
    bukti = BuktiDukung(
        instansi_id=periode.instansi_id,
        periode=periode,
        rencana_aksi=rencana_aksi,
        indikator=indikator,
        keterangan=(keterangan or "").strip()[:255],
        diunggah_oleh=by,
    )
    if berkas:
        bukti.jenis_berkas, bukti.ekstensi = periksa_berkas_bukti(berkas)
        bukti.sha256, bukti.ukuran = sidik_berkas(berkas), berkas.size
        bukti.nama_asli = (berkas.name or "berkas")[-255:]
        bukti.berkas.save(bukti.nama_asli, berkas, save=False)
    else:
        if not tautan.startswith(("https://", "http://")):
            raise ValidationError({"tautan": "Tautan harus diawali https:// atau http://."})
        bukti.tautan = tautan
    bukti.full_clean(
        exclude=[
            "instansi",
            "periode",
            "rencana_aksi",
            "indikator",
            "diunggah_oleh",
            "berkas",
            "diganti_oleh",
        ]
    )
    bukti.save()
    if ganti is not None:
        BuktiDukung.objects.filter(pk=ganti.pk).update(diganti_oleh=bukti)
    catat_jejak(
        instansi_id=periode.instansi_id,
        oleh=by,
        aksi="bukti_ganti" if ganti else "bukti_tambah",
        objek=periode,
        dari={"bukti": str(ganti)} if ganti else None,
        ke={"bukti": str(bukti), "sha256": bukti.sha256},
    )
    return bukti


@transaction.atomic
def periode_ajukan(*, periode, by) -> PeriodePenilaian:
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    _pastikan_pemilik_mengisi(periode, by)
    _pastikan_rencana_aksi_lengkap(periode)
    if periode.adalah_final:
        terisi = set(
            RealisasiIndikator.objects.filter(periode=periode)
            .exclude(realisasi="")
            .values_list("indikator_id", flat=True)
        )
        kosong = [
            i.uraian
            for i in Indikator.objects.filter(rhk__skp=periode.skp_id)
            if i.pk not in terisi
        ]
    else:
        kosong = [r.uraian for r in RencanaAksi.objects.filter(periode=periode, realisasi="")]
    if kosong:
        raise ValidationError("Realisasi belum diisi untuk: " + "; ".join(kosong))
    atasan = atasan_pegawai(periode.pegawai)
    if atasan is None:
        raise ValidationError(
            "Anda belum memiliki pejabat penilai. Buka 'Mengapa saya tidak muncul di atasan?' "
            "pada profil untuk penyebabnya."
        )
    return _transisi(
        periode,
        ke=Status.DIAJUKAN,
        peran=rules.PEGAWAI,
        by=by,
        diajukan_pada=timezone.now(),
        catatan_pengembalian="",
    )


@transaction.atomic
def periode_tarik(*, periode, by) -> PeriodePenilaian:
    """The pegawai takes a submitted period back to fix it, before it is rated."""
    if by.pk != periode.pegawai_id:
        raise ValidationError("Hanya pegawai pemilik yang dapat menarik pengajuan.")
    pastikan_jadwal_terbuka(
        langkah=rules.REALISASI, tahun=periode.tahun, kode=periode.kode, pegawai=periode.pegawai
    )
    return _transisi(periode, ke=Status.PENGISIAN, peran=rules.PEGAWAI, by=by)


# ---- pejabat penilai -----------------------------------------------------------------


@transaction.atomic
def periode_kembalikan(*, periode, by, catatan) -> PeriodePenilaian:
    _pastikan_penilai(periode, by)
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Tulis apa yang perlu dilengkapi pegawai."})
    return _transisi(
        periode,
        ke=Status.PENGISIAN,
        peran=rules.PENILAI,
        by=by,
        catatan=catatan.strip(),
        catatan_pengembalian=catatan.strip(),
    )


@transaction.atomic
def umpan_balik_simpan(*, periode, by, isi, rhk=None, perilaku="") -> UmpanBalik:
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    _pastikan_penilai(periode, by)
    if periode.status != Status.DIAJUKAN:
        raise ValidationError(
            "Umpan balik diberikan pada periode yang menunggu penilaian "
            f"(kini {periode.get_status_display()})."
        )
    if (rhk is None) == (not perilaku):
        raise ValueError("umpan balik untuk satu RHK atau satu perilaku")
    if rhk is not None and rhk.skp_id != periode.skp_id:
        raise ValidationError("RHK tidak ditemukan pada SKP periode ini.")
    if perilaku and perilaku not in NAMA_BERAKHLAK:
        raise ValidationError("Perilaku kerja tidak dikenal.")
    if not (isi or "").strip():
        raise ValidationError({"isi": "Umpan balik tidak boleh kosong."})
    umpan_balik, _ = UmpanBalik.objects.update_or_create(
        periode=periode,
        rhk=rhk,
        perilaku=perilaku,
        defaults={"isi": isi.strip(), "oleh": by, "instansi_id": periode.instansi_id},
    )
    return umpan_balik


def umpan_balik_kurang(periode) -> list[str]:
    """What still lacks feedback: each RHK and each BerAKHLAK value (3 queries)."""
    ada = UmpanBalik.objects.filter(periode=periode).exclude(isi="")
    rhk_ada = {u.rhk_id for u in ada if u.rhk_id}
    perilaku_ada = {u.perilaku for u in ada if u.perilaku}
    kurang = [
        f"RHK: {r.uraian}" for r in RHK.objects.filter(skp=periode.skp_id) if r.pk not in rhk_ada
    ]
    kurang += [
        f"Perilaku: {nama}" for kode, nama in NAMA_BERAKHLAK.items() if kode not in perilaku_ada
    ]
    return kurang


@transaction.atomic
def periode_nilai(*, periode, by, rating_hasil_kerja, rating_perilaku_kerja) -> PeriodePenilaian:
    """Rate hasil kerja and perilaku kerja; the predikat follows from the matrix."""
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    _pastikan_penilai(periode, by)
    galat = {}
    if rating_hasil_kerja not in rules.RATING:
        galat["rating_hasil_kerja"] = "Pilih rating hasil kerja."
    if rating_perilaku_kerja not in rules.RATING:
        galat["rating_perilaku_kerja"] = "Pilih rating perilaku kerja."
    if galat:
        raise ValidationError(galat)
    kurang = umpan_balik_kurang(periode)
    if kurang:
        raise ValidationError(
            "Berikan umpan balik dulu sebelum rating. Belum ada umpan balik untuk: "
            + "; ".join(kurang)
        )
    predikat = rules.predikat(hasil_kerja=rating_hasil_kerja, perilaku_kerja=rating_perilaku_kerja)
    return _transisi(
        periode,
        ke=rules.status_setelah_rating(predikat),
        peran=rules.PENILAI,
        by=by,
        penilai=by,
        rating_hasil_kerja=rating_hasil_kerja,
        rating_perilaku_kerja=rating_perilaku_kerja,
        predikat=predikat,
        dinilai_pada=timezone.now(),
        catatan_review="",
    )


# ---- Tim Penilai Kinerja (BKD) -------------------------------------------------------


def _pastikan_tim_penilai(periode, by):
    if not by.adalah_admin_bkd or by.instansi_id != periode.instansi_id:
        raise ValidationError("Hanya Tim Penilai Kinerja (BKD) yang dapat mereview.")


@transaction.atomic
def review_setujui(*, periode, by) -> PeriodePenilaian:
    _pastikan_tim_penilai(periode, by)
    return _transisi(
        periode,
        ke=Status.DINILAI,
        peran=rules.TIM_PENILAI,
        by=by,
        direview_oleh=by,
        direview_pada=timezone.now(),
    )


@transaction.atomic
def review_kembalikan(*, periode, by, catatan) -> PeriodePenilaian:
    """Back to the penilai, who rates again; the catatan says why."""
    _pastikan_tim_penilai(periode, by)
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Tulis alasan pengembalian untuk pejabat penilai."})
    return _transisi(
        periode,
        ke=Status.DIAJUKAN,
        peran=rules.TIM_PENILAI,
        by=by,
        catatan=catatan.strip(),
        catatan_review=catatan.strip(),
        direview_oleh=by,
        direview_pada=timezone.now(),
        rating_hasil_kerja="",
        rating_perilaku_kerja="",
        predikat="",
    )


@transaction.atomic
def capaian_tetapkan(*, opd, tahun, kode, capaian, by) -> CapaianOrganisasi:
    if not by.adalah_admin_bkd:
        raise ValidationError("Hanya BKD yang menetapkan capaian kinerja organisasi.")
    if opd.instansi_id != by.instansi_id or not opd.adalah_opd:
        raise ValidationError({"opd": "Pilih OPD dari daftar."})
    if capaian not in rules.CAPAIAN_ORGANISASI:
        raise ValidationError({"capaian": "Pilih capaian kinerja organisasi."})
    lama = CapaianOrganisasi.objects.filter(opd=opd, tahun=tahun, kode=kode).first()
    objek, _ = CapaianOrganisasi.objects.update_or_create(
        opd=opd,
        tahun=tahun,
        kode=kode,
        defaults={"capaian": capaian, "ditetapkan_oleh": by, "instansi_id": opd.instansi_id},
    )
    catat_jejak(
        instansi_id=opd.instansi_id,
        oleh=by,
        aksi="capaian_organisasi",
        objek=opd,
        dari={"capaian": lama.capaian} if lama else None,
        ke={"capaian": capaian, "periode": rules.label_periode(kode, tahun)},
    )
    return objek


# ---- jadwal, locks, dispensasi, reminders ---------------------------------------------


def pastikan_jadwal_terbuka(*, langkah, tahun, kode, pegawai):
    """Refuse a write outside the step's window (checked at request time, so a request one
    second after the deadline is refused even before the lock job has run)."""
    status = status_jadwal(
        langkah=langkah, tahun=tahun, kode=kode, pegawai=pegawai, sekarang=timezone.now()
    )
    if not status.boleh:
        raise ValidationError(status.pesan)


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
    sah = {p.kode for p in rules.pilihan_periode_tahun(tahun, bulanan=bulanan)}
    if langkah in rules.LANGKAH_BULANAN:
        sah.discard(rules.FINAL)
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
    _periksa_kode_jadwal(langkah, tahun, kode, bool(instansi.pengaturan.get("periode_bulanan")))
    if batas <= mulai:
        raise ValidationError({"batas": "Batas waktu harus sesudah waktu mulai."})
    lama = (
        Jadwal.objects.select_for_update().filter(langkah=langkah, tahun=tahun, kode=kode).first()
    )
    jadwal = lama or Jadwal(instansi=instansi, langkah=langkah, tahun=tahun, kode=kode)
    dari = {"mulai": str(lama.mulai), "batas": str(lama.batas)} if lama else None
    jadwal.mulai, jadwal.batas, jadwal.keterangan, jadwal.diatur_oleh = mulai, batas, keterangan, by
    if batas > timezone.now():
        # Extended past now: the step is open again for everyone, as the new deadline says.
        jadwal.dikunci_pada = None
        _lepas_kunci(jadwal, PeriodePenilaian.objects.all())
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


KOLOM_KUNCI = {
    rules.REALISASI: "dikunci_realisasi_pada",
    rules.PENILAIAN: "dikunci_penilaian_pada",
}


def _periode_jadwal(jadwal):
    return PeriodePenilaian.objects.filter(tahun=jadwal.tahun, kode=jadwal.kode)


def _tercakup_dispensasi(jadwal, sekarang):
    """Q on PeriodePenilaian: its pegawai (or a unit above them) has a running dispensasi."""
    aktif = Dispensasi.objects.filter(jadwal=jadwal, sampai__gte=sekarang)
    per_pegawai = aktif.filter(pegawai=OuterRef("pegawai"))
    # The dispensasi's unit is the pegawai's unit or an ancestor: its path is the prefix
    # of the pegawai's unit path of its own length.
    per_unit = aktif.filter(
        unit__isnull=False,
        unit__path=Substr(OuterRef("pegawai__unit_kerja__path"), 1, Length("unit__path")),
    )
    return Q(Exists(per_pegawai)) | Q(Exists(per_unit))


def _lepas_kunci(jadwal, periode_qs):
    kolom = KOLOM_KUNCI.get(jadwal.langkah)
    if kolom and jadwal.pk:
        _periode_jadwal(jadwal).filter(pk__in=periode_qs.values("pk")).update(**{kolom: None})


def jadwal_kunci(*, sekarang) -> int:
    """The lock job, for the tenant in scope: every window whose deadline has passed is
    marked on its periods, set-based (one UPDATE per window, whatever the number of
    pegawai), except where a dispensasi is running; an expired dispensasi is locked again.
    Idempotent: a second run changes nothing. Returns how many periods were locked."""
    terkunci = 0
    for jadwal in Jadwal.objects.filter(batas__lt=sekarang):
        kolom = KOLOM_KUNCI.get(jadwal.langkah)
        if kolom:
            dispensasi = _tercakup_dispensasi(jadwal, sekarang)
            terkunci += (
                _periode_jadwal(jadwal)
                .filter(**{f"{kolom}__isnull": True})
                .exclude(dispensasi)
                .update(**{kolom: jadwal.batas})
            )
            _periode_jadwal(jadwal).filter(**{f"{kolom}__isnull": False}).filter(dispensasi).update(
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
    _lepas_kunci(
        jadwal, _periode_jadwal(jadwal).filter(_tercakup_dispensasi(jadwal, timezone.now()))
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


def _penerima_pengingat(jadwal) -> dict[int, str]:
    """pegawai id → what is still open for them in the step of `jadwal` (a few queries)."""
    if jadwal.langkah == rules.PENYUSUNAN_SKP:
        # The same reference day as the SKP lists: today in the jadwal's year, else its end.
        acuan = tanggal_acuan(jadwal.tahun, jadwal.instansi.hari_ini())
        berlaku_pada_acuan = Q(mulai__lte=acuan) & (Q(selesai__isnull=True) | Q(selesai__gte=acuan))
        sudah = SKP.objects.filter(tahun=jadwal.tahun, status=SKP.Status.DISETUJUI)
        belum = (
            Pegawai.objects.filter(
                is_active=True, status=Pegawai.Status.AKTIF, instansi_id=jadwal.instansi_id
            )
            .exclude(pk__in=sudah.values("pegawai_id"))
            .exclude(peran=Pegawai.Peran.SUPERADMIN)
            # Not asked for an SKP while exempt (pejabat negara, CLTN, MPP…).
            .exclude(pk__in=Pengecualian.objects.filter(berlaku_pada_acuan).values("pegawai_id"))
        )
        return {
            pk: f"SKP {jadwal.tahun} Anda belum disetujui."
            for pk in belum.values_list("pk", flat=True)
        }
    label = rules.label_periode(jadwal.kode, jadwal.tahun)
    if jadwal.langkah == rules.REALISASI:
        terbuka = _periode_jadwal(jadwal).filter(status=Status.PENGISIAN)
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
        ).exclude(pk__in=_periode_jadwal(jadwal).values("skp_id"))
        for pk in belum_periode.values_list("pegawai_id", flat=True):
            hasil.setdefault(pk, f"Anda belum menambah periode {label}.")
        return hasil
    if jadwal.langkah == rules.PENILAIAN:
        # The penilai of each waiting period: the pimpinan of the pegawai's unit, or for a
        # pimpinan, their own atasan (few: looked up one by one).
        hasil: dict[int, int] = {}
        for periode in (
            _periode_jadwal(jadwal)
            .filter(status=Status.DIAJUKAN)
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
    return {}


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
        penerima = _penerima_pengingat(jadwal)
        sudah = set(
            Notifikasi.objects.filter(kunci=kunci, penerima_id__in=penerima).values_list(
                "penerima_id", flat=True
            )
        )
        baru = [
            Notifikasi(
                instansi_id=jadwal.instansi_id,
                penerima_id=pk,
                kunci=kunci,
                judul=f"Batas waktu {jadwal}: {format_waktu(jadwal.batas, jadwal.instansi)}",
                isi=isi,
                tautan="/penilaian/"
                if jadwal.langkah != rules.PENILAIAN
                else "/penilaian/bawahan/",
            )
            for pk, isi in penerima.items()
            if pk not in sudah
        ]
        Notifikasi.objects.bulk_create(baru, ignore_conflicts=True)
        dibuat += len(baru)
        _kirim_email(baru)
    return dibuat


def _kirim_email(notifikasi):
    """Email the same reminder when SMTP is configured (EMAIL_HOST set)."""

    if not notifikasi or not getattr(settings, "EMAIL_HOST", ""):
        return
    alamat = dict(
        Pegawai.objects.filter(pk__in=[n.penerima_id for n in notifikasi])
        .exclude(email="")
        .values_list("pk", "email")
    )
    send_mass_mail(
        [
            (n.judul, n.isi, settings.DEFAULT_FROM_EMAIL, [alamat[n.penerima_id]])
            for n in notifikasi
            if n.penerima_id in alamat
        ],
        fail_silently=False,
    )


# ---- documents -----------------------------------------------------------------------


def _kode_dokumen() -> str:
    # 10 characters without look-alikes (0/O, 1/I/L): easy to type from paper.
    abjad = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(abjad) for _ in range(10))


def tanggal_cetak_unit(unit, mulai: date, selesai: date) -> date:
    """The last working day of mulai..selesai for the unit's workday setting (5 when there
    is no unit) and the instansi's holidays: the default date of a printed document."""
    hari_kerja = unit.hari_kerja_efektif if unit else 5
    libur = set(
        HariLibur.objects.filter(tanggal__range=(mulai, selesai)).values_list("tanggal", flat=True)
    )
    return rules.tanggal_cetak_bawaan(selesai, hari_kerja=hari_kerja, libur=libur)


def tanggal_cetak_periode(periode) -> date:
    """Default tanggal in the print dialog of a periode penilaian."""
    unit = periode.skp.unit_kerja or periode.pegawai.unit_kerja
    return tanggal_cetak_unit(unit, periode.mulai, periode.selesai)


@transaction.atomic
def dokumen_minta(*, periode, by, tanggal, lokasi, jenis=None) -> list[Dokumen]:
    """Queue the documents of a period for rendering (a Celery task renders each)."""
    from penilaian.tasks import render_dokumen

    if not (lokasi or "").strip():
        raise ValidationError({"lokasi": "Isi lokasi penandatanganan, mis. Buleleng."})
    if tanggal is None:
        raise ValidationError({"tanggal": "Isi tanggal dokumen."})
    diminta = []
    for j in jenis or Dokumen.Jenis.values:
        dokumen = Dokumen.objects.select_for_update().filter(periode=periode, jenis=j).first()
        if dokumen is None:
            dokumen = Dokumen(
                instansi_id=periode.instansi_id, periode=periode, jenis=j, kode=_kode_dokumen()
            )
        dokumen.tanggal, dokumen.lokasi = tanggal, lokasi.strip()
        dokumen.status, dokumen.galat, dokumen.diminta_oleh = Dokumen.Status.ANTRE, "", by
        dokumen.save()
        diminta.append(dokumen)
        transaction.on_commit(lambda pk=dokumen.pk: render_dokumen.delay(periode.instansi_id, pk))
    catat_jejak(
        instansi_id=periode.instansi_id,
        oleh=by,
        aksi="dokumen_minta",
        objek=periode,
        ke={"tanggal": str(tanggal), "lokasi": lokasi},
    )
    return diminta


def dokumen_render(*, dokumen) -> Dokumen:
    """Render one document to PDF (run by the Celery task). Rendering again after the data
    changed replaces the file; its signatures no longer apply and are cleared."""
    html = pdf.html_dokumen(dokumen)
    isi = pdf.pdf_dari_html(html)
    _ganti_berkas(dokumen, isi)
    dokumen.sha256 = hashlib.sha256(isi).hexdigest()
    dokumen.sidik_data = pdf.sidik(html)
    dokumen.status, dokumen.galat, dokumen.selesai_pada = Dokumen.Status.SIAP, "", timezone.now()
    dokumen.ttd_pegawai_pada = dokumen.ttd_penilai_pada = dokumen.ttd_penilai = None
    dokumen.save()
    return dokumen


def _ganti_berkas(dokumen, isi: bytes):
    # A document is rendered from data that stays; its previous file (unsigned or outdated)
    # is not kept, unlike bukti dukung.
    if dokumen.berkas:
        dokumen.berkas.delete(save=False)
    dokumen.berkas.save(f"{dokumen.jenis}.pdf", ContentFile(isi), save=False)


def dokumen_basi(dokumen, dasar: dict | None = None) -> bool:
    """True when the data behind a ready document changed since it was rendered.
    `dasar` (pdf.konteks_periode) lets the documents of one period share one read."""
    return dokumen.status == Dokumen.Status.SIAP and dokumen.sidik_data != pdf.sidik(
        pdf.html_dokumen(dokumen, dasar)
    )


def dokumen_bertanda(dokumen) -> bool:
    return bool(dokumen.ttd_pegawai_pada or dokumen.ttd_penilai_pada)


@transaction.atomic
def dokumen_tandatangani(*, dokumen, by) -> Dokumen:
    """The pegawai or their penilai signs a rated period's document (PAdES)."""
    dokumen = (
        Dokumen.objects.select_for_update().select_related("periode__pegawai").get(pk=dokumen.pk)
    )
    periode = dokumen.periode
    if by.pk == periode.pegawai_id:
        peran, kolom = "Pegawai yang Dinilai", "ttd_pegawai_pada"
    elif atasan_pegawai(periode.pegawai) == by:
        peran, kolom = "Pejabat Penilai Kinerja", "ttd_penilai_pada"
    else:
        raise ValidationError(
            "Hanya pegawai yang dinilai dan pejabat penilainya yang menandatangani."
        )
    if periode.status != Status.DINILAI:
        raise ValidationError("Dokumen ditandatangani setelah penilaian selesai (status Dinilai).")
    if dokumen.status != Dokumen.Status.SIAP:
        raise ValidationError("Dokumen belum selesai dibuat.")
    if getattr(dokumen, kolom):
        raise ValidationError("Anda sudah menandatangani dokumen ini.")
    if dokumen_basi(dokumen):
        raise ValidationError(
            "Data berubah sejak dokumen dibuat. Cetak ulang dulu, lalu tanda tangani."
        )
    with dokumen.berkas.open("rb") as f:
        isi = f.read()
    try:
        bertanda = tanda_tangan.tandatangani(
            isi,
            kode_instansi=by.instansi.kode,
            nama_field=peran.replace(" ", ""),
            penanda=f"{by.nama_lengkap} (NIP {by.nip})",
            alasan=f"{peran} – {dokumen.get_jenis_display()} {periode.label}",
            lokasi=dokumen.lokasi,
        )
    except tanda_tangan.SertifikatTidakAda as e:
        raise ValidationError(f"{e} Hubungi BKD.") from None
    _ganti_berkas(dokumen, bertanda)
    dokumen.sha256 = hashlib.sha256(bertanda).hexdigest()
    setattr(dokumen, kolom, timezone.now())
    if kolom == "ttd_penilai_pada":
        dokumen.ttd_penilai = by
    dokumen.save()
    catat_jejak(
        instansi_id=dokumen.instansi_id,
        oleh=by,
        aksi="dokumen_tanda_tangan",
        objek=periode,
        ke={"dokumen": dokumen.get_jenis_display(), "sebagai": peran, "sha256": dokumen.sha256},
    )
    return dokumen


@transaction.atomic
def dokumen_unggah_pindaian(*, dokumen, by, berkas) -> Dokumen:
    """Keep a hand-signed scan (PDF or image) with the document, as SIMPEG expects."""
    if by.pk != dokumen.periode.pegawai_id:
        raise ValidationError("Hanya pegawai yang dinilai yang mengunggah pindaian dokumennya.")
    jenis, ekstensi = periksa_berkas_bukti(berkas)
    if not (jenis == "application/pdf" or jenis.startswith("image/")):
        raise ValidationError({"berkas": "Pindaian harus PDF atau gambar."})
    dokumen.pindaian_sha256 = sidik_berkas(berkas)
    dokumen.pindaian_ekstensi = ekstensi
    dokumen.pindaian.save(f"pindaian{ekstensi}", berkas, save=False)
    dokumen.pindaian_pada = timezone.now()
    dokumen.save()
    catat_jejak(
        instansi_id=dokumen.instansi_id,
        oleh=by,
        aksi="dokumen_pindaian",
        objek=dokumen.periode,
        ke={"dokumen": dokumen.get_jenis_display(), "sha256": dokumen.pindaian_sha256},
    )
    return dokumen


@transaction.atomic
def cetak_massal_minta(*, opd, tahun, kode, by) -> CetakMassal:
    from penilaian.tasks import buat_cetak_massal

    if not unit_dikelola(by).filter(pk=opd.pk).exists():
        raise ValidationError("OPD ini bukan yang Anda kelola.")
    cetak = CetakMassal.objects.create(
        instansi_id=opd.instansi_id, opd=opd, tahun=tahun, kode=kode, oleh=by
    )
    transaction.on_commit(lambda: buat_cetak_massal.delay(opd.instansi_id, cetak.pk))
    return cetak


def cetak_massal_buat(*, cetak) -> CetakMassal:
    """Render every document of the OPD's periods into one ZIP, counting progress."""
    periode = list(
        PeriodePenilaian.objects.filter(
            tahun=cetak.tahun, kode=cetak.kode, skp__unit_kerja__opd=cetak.opd
        ).select_related("pegawai", "skp__unit_kerja")
    )
    CetakMassal.objects.filter(pk=cetak.pk).update(jumlah=len(periode) * 3, selesai=0)
    arsip = BytesIO()
    with zipfile.ZipFile(arsip, "w", zipfile.ZIP_DEFLATED) as z:
        for i, p in enumerate(periode):
            for dokumen in _dokumen_siap(p, cetak.oleh):
                with dokumen.berkas.open("rb") as f:
                    z.writestr(
                        f"{p.pegawai.nip}_{p.pegawai.nama[:40]}/{dokumen.jenis}.pdf", f.read()
                    )
            CetakMassal.objects.filter(pk=cetak.pk).update(selesai=(i + 1) * 3)
    cetak.refresh_from_db()
    cetak.berkas.save(
        f"{cetak.opd_id}-{cetak.tahun}-{cetak.kode}-{cetak.pk}.zip",
        ContentFile(arsip.getvalue()),
        save=False,
    )
    cetak.status = CetakMassal.Status.SIAP
    cetak.save()
    return cetak


def _dokumen_siap(periode, by) -> list[Dokumen]:
    """The period's three documents, rendered now where missing or out of date."""
    ada = {d.jenis: d for d in Dokumen.objects.filter(periode=periode)}
    hasil = []
    for jenis in Dokumen.Jenis.values:
        dokumen = ada.get(jenis) or Dokumen.objects.create(
            instansi_id=periode.instansi_id,
            periode=periode,
            jenis=jenis,
            kode=_kode_dokumen(),
            tanggal=tanggal_cetak_periode(periode),
            lokasi=periode.pegawai.instansi.lokasi_cetak,
            diminta_oleh=by,
        )
        # A signed document is never replaced behind the signers' backs: it goes into the
        # ZIP as signed; printing it again is the pegawai's or penilai's explicit act.
        if dokumen.status != Dokumen.Status.SIAP or (
            not dokumen_bertanda(dokumen) and dokumen_basi(dokumen)
        ):
            dokumen = dokumen_render(dokumen=dokumen)
        hasil.append(dokumen)
    return hasil


# ---- dialog kinerja, umpan balik berkelanjutan, pembinaan ------------------------------


def _pihak_lain(pegawai, by):
    """For a pegawai and someone acting on their performance: the other side of the
    dialogue (the penilai when the pegawai acts, the pegawai when the penilai acts)."""
    atasan = atasan_pegawai(pegawai)
    if by.pk == pegawai.pk:
        if atasan is None:
            raise ValidationError("Anda belum memiliki pejabat penilai.")
        return atasan
    if atasan is not None and atasan.pk == by.pk:
        return pegawai
    raise ValidationError("Hanya pegawai dan pejabat penilainya yang dapat mencatat ini.")


def _kabari(*, penerima, judul, isi, tautan, kunci):
    Notifikasi.objects.bulk_create(
        [
            Notifikasi(
                instansi_id=penerima.instansi_id,
                penerima=penerima,
                judul=judul[:200],
                isi=isi,
                tautan=tautan,
                kunci=kunci[:120],
            )
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def dialog_catat(
    *, pegawai, by, tanggal, topik, pembahasan, kesepakatan, skp=None, rhk=()
) -> DialogKinerja:
    lain = _pihak_lain(pegawai, by)
    galat = {}
    if topik not in DialogKinerja.Topik.values:
        galat["topik"] = "Pilih topik dialog."
    if tanggal > pegawai.instansi.hari_ini():
        galat["tanggal"] = "Dialog dicatat setelah berlangsung, bukan untuk tanggal mendatang."
    if not (pembahasan or "").strip():
        galat["pembahasan"] = "Tuliskan apa yang dibahas."
    if not (kesepakatan or "").strip():
        galat["kesepakatan"] = "Tuliskan apa yang disepakati."
    if skp is not None and skp.pegawai_id != pegawai.pk:
        galat["skp"] = "SKP tidak ditemukan."
    if any(r.skp_id != getattr(skp, "pk", None) for r in rhk):
        galat["rhk"] = "RHK harus dari SKP yang dipilih."
    if galat:
        raise ValidationError(galat)
    dialog = DialogKinerja.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        penilai=lain if by.pk == pegawai.pk else by,
        skp=skp,
        tanggal=tanggal,
        topik=topik,
        pembahasan=pembahasan.strip(),
        kesepakatan=kesepakatan.strip(),
        dicatat_oleh=by,
    )
    dialog.rhk.set(rhk)
    _kabari(
        penerima=lain,
        judul=f"Konfirmasi dialog kinerja {tanggal:%d-%m-%Y}",
        isi=f"{by.nama_lengkap} mencatat dialog kinerja ({dialog.get_topik_display()}). "
        "Periksa dan konfirmasi bila sesuai.",
        tautan=f"/skp/{skp.pk}/#dialog" if skp else "/",
        kunci=f"dialog:{dialog.pk}",
    )
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="dialog_catat",
        objek=dialog,
        ke={"topik": topik, "tanggal": str(tanggal)},
    )
    return dialog


@transaction.atomic
def dialog_konfirmasi(*, dialog, by) -> DialogKinerja:
    """The other side confirms the record is right (once)."""
    if by.pk == dialog.dicatat_oleh_id or by.pk not in (dialog.pegawai_id, dialog.penilai_id):
        raise ValidationError("Dialog dikonfirmasi oleh pihak yang tidak mencatatnya.")
    berubah = DialogKinerja.objects.filter(pk=dialog.pk, dikonfirmasi_pada__isnull=True).update(
        dikonfirmasi_pada=timezone.now()
    )
    if not berubah:
        raise ValidationError("Dialog ini sudah dikonfirmasi.")
    catat_jejak(instansi_id=dialog.instansi_id, oleh=by, aksi="dialog_konfirmasi", objek=dialog)
    dialog.refresh_from_db()
    return dialog


@transaction.atomic
def komentar_tambah(*, rhk, by, isi, rencana_aksi=None, indikator=None) -> KomentarKinerja:
    """A note or question on an RHK at any time; the other side is notified."""
    pegawai = rhk.skp.pegawai
    lain = _pihak_lain(pegawai, by)
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
    _kabari(
        penerima=lain,
        judul=f"Umpan balik baru dari {by.nama}",
        isi=f"Pada RHK: {rhk.uraian[:150]}",
        tautan=f"/penilaian/rhk/{rhk.pk}/diskusi/",
        kunci=f"komentar:{komentar.pk}",
    )
    return komentar


PREDIKAT_PEMBINAAN = {rules.BUTUH_PERBAIKAN, rules.KURANG, rules.SANGAT_KURANG}


@transaction.atomic
def pembinaan_catat(*, periode, by, jenis, rencana, tanggal_tindak_lanjut) -> Pembinaan:
    if atasan_pegawai(periode.pegawai) != by:
        raise ValidationError("Pembinaan dicatat oleh pejabat penilai pegawai ini.")
    if periode.status != Status.DINILAI or periode.predikat not in PREDIKAT_PEMBINAAN:
        raise ValidationError(
            "Pembinaan untuk predikat Butuh Perbaikan, Kurang atau Sangat Kurang yang sudah "
            "ditetapkan."
        )
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
    if not (hasil or "").strip():
        raise ValidationError({"hasil": "Tuliskan hasil pembinaan."})
    berubah = Pembinaan.objects.filter(pk=pembinaan.pk, selesai_pada__isnull=True).update(
        hasil=hasil.strip(), selesai_pada=timezone.now()
    )
    if not berubah:
        raise ValidationError("Pembinaan ini sudah selesai dicatat.")
    catat_jejak(
        instansi_id=pembinaan.instansi_id,
        oleh=by,
        aksi="pembinaan_selesai",
        objek=pembinaan.periode,
        catatan=hasil.strip(),
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
        _kabari(
            penerima=p.oleh,
            judul=f"Tindak lanjut pembinaan {p.periode.pegawai.nama} "
            f"{p.tanggal_tindak_lanjut:%d-%m-%Y}",
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
            "catatan": (catatan or "").strip(),
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
