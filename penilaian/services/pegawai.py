"""Writes of the pegawai: periods, rencana aksi, realisasi, bukti dukung, submitting."""

import hashlib

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.format import format_ukuran, format_ukuran_berlebih
from inti.models import catat_jejak
from jadwal import rules as jadwal_rules
from jadwal.services import pastikan_terbuka
from organisasi.selectors import atasan_pegawai
from penilaian import izin, rules
from penilaian.models import (
    BuktiDukung,
    PeriodePenilaian,
    RealisasiIndikator,
    RencanaAksi,
)
from penilaian.selectors import rencana_aksi_kurang
from penilaian.services._umum import JENIS_BUKTI, Status, _pastikan_pemilik_mengisi, _transisi
from skp.models import SKP, Indikator


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
    pastikan_terbuka(
        langkah=jadwal_rules.REALISASI, tahun=skp.tahun, kode=kode, pegawai=skp.pegawai
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
    """Under the instansi's rencana aksi rule (every RHK, or BKN's: at least one)."""
    kurang = rencana_aksi_kurang(periode, semua_rhk=periode.instansi.rencana_aksi_semua_rhk)
    if kurang:
        raise ValidationError(f"Realisasi belum dapat diisi atau diajukan. {kurang}")


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
        if indikator.deskriptif and realisasi_angka is not None:
            # A descriptive (kualitatif) target has no number to reach: the penilai rates
            # the description, so no capaian angka or percentage is kept for it.
            raise ValidationError(
                {
                    "realisasi_angka": "Indikator ini bertarget deskriptif (kualitatif): "
                    "uraikan realisasinya tanpa angka capaian."
                }
            )
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


@transaction.atomic
def realisasi_bukti_simpan(
    *,
    periode,
    by,
    realisasi,
    realisasi_angka=None,
    berkas=None,
    tautan="",
    keterangan="",
    rencana_aksi=None,
    indikator=None,
) -> tuple[bool, BuktiDukung | None]:
    """Realisasi and a bukti dukung typed in one form, saved together or not at all: a
    refused file leaves the realisasi as it was, and the errors of both parts come back
    at once.

    Without a bukti this is realisasi_simpan. With one, the text may stay blank (a file
    first, the text later), and a text equal to the one saved is not written again, so
    attaching a bukti records no realisasi change. Returns (realisasi written, bukti)."""
    ada_bukti = bool(berkas) or bool(tautan)
    teks = (realisasi or "").strip()
    tulis_realisasi = not ada_bukti or (
        bool(teks or realisasi_angka is not None)
        and (teks, realisasi_angka)
        != _realisasi_tersimpan(periode, rencana_aksi=rencana_aksi, indikator=indikator)
    )
    if tulis_realisasi:
        try:
            realisasi_simpan(
                periode=periode,
                by=by,
                realisasi=realisasi,
                realisasi_angka=realisasi_angka,
                rencana_aksi=rencana_aksi,
                indikator=indikator,
            )
        except ValidationError as galat:
            semua = galat.update_error_dict({})
            if berkas:
                # The file's own problem is told now too, without storing the file.
                try:
                    periksa_berkas_bukti(berkas)
                except ValidationError as galat_berkas:
                    galat_berkas.update_error_dict(semua)
            raise ValidationError(semua) from None
    bukti = None
    if ada_bukti:
        bukti = bukti_tambah(
            periode=periode,
            by=by,
            berkas=berkas,
            tautan=tautan,
            keterangan=keterangan,
            rencana_aksi=rencana_aksi,
            indikator=indikator,
        )
    return tulis_realisasi, bukti


def _realisasi_tersimpan(periode, *, rencana_aksi, indikator):
    """(text, number) of the realisasi saved for the rencana aksi or indikator."""
    if rencana_aksi is not None:
        return rencana_aksi.realisasi, rencana_aksi.realisasi_angka
    tersimpan = RealisasiIndikator.objects.filter(periode=periode, indikator=indikator).first()
    return (tersimpan.realisasi, tersimpan.realisasi_angka) if tersimpan else ("", None)


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
        ukuran = format_ukuran_berlebih(berkas.size, batas)
        raise ValidationError(
            {
                "berkas": f"Berkas terlalu besar ({ukuran}); paling besar "
                f"{format_ukuran(batas)}. Perkecil atau pecah berkasnya."
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
    izin.pastikan(izin.alasan_tarik, by, periode)
    return _transisi(periode, ke=Status.PENGISIAN, peran=rules.PEGAWAI, by=by)
