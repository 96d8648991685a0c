"""Every write of the evaluation: keyword-only, atomic, validated, audited.

Status changes are conditional UPDATEs (`WHERE status = <from>`): a rating and a
withdrawal at the same moment move the period once, and the loser gets a clear message.
"""

import hashlib
from datetime import timedelta

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.models import catat_jejak, transisi
from jadwal import rules as jadwal_rules
from jadwal.services import pastikan_terbuka
from organisasi.models import Notifikasi
from organisasi.selectors import atasan_pegawai, pihak_lain
from organisasi.services import kabari
from penilaian import izin, rules
from penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    KeputusanTindakLanjut,
    KomentarKinerja,
    Pembinaan,
    PeriodePenilaian,
    RealisasiIndikator,
    RencanaAksi,
    UmpanBalik,
)
from penilaian.selectors import rhk_tanpa_rencana_aksi, umpan_balik_kurang
from skp.models import RHK, SKP, Indikator
from skp.rules import NAMA_BERAKHLAK

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
    izin.pastikan(izin.alasan_isi, by, periode)


def _pastikan_penilai(periode: PeriodePenilaian, by):
    izin.pastikan(izin.alasan_menilai, by, periode)


def _transisi(periode, *, ke, peran, by, catatan="", **perubahan):
    """Move the period to `ke` if `peran` may and nobody moved it first; the ratings and
    predikat it sets are written in the audit entry too."""
    return transisi(
        periode, mesin=rules.MESIN_PERIODE, ke=ke, peran=peran, by=by, catatan=catatan,
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
    izin.pastikan(izin.alasan_tarik, by, periode)
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
    izin.pastikan(izin.alasan_nilai_sekarang, by, periode)
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


@transaction.atomic
def umpan_balik_simpan_semua(*, periode, by, rhk: dict, perilaku: dict) -> int:
    """The feedback form of a period in one go: `rhk` maps an RHK id, `perilaku` a
    BerAKHLAK code, to its text; blank ones are skipped. All or nothing: one refused
    entry saves none, so the penilai never wonders which half was kept. Returns how many
    were saved."""
    daftar_rhk = {r.pk: r for r in RHK.objects.filter(skp_id=periode.skp_id, pk__in=list(rhk))}
    tersimpan = 0
    for rhk_id, isi in rhk.items():
        if (isi or "").strip():
            if rhk_id not in daftar_rhk:
                raise ValidationError("RHK tidak ditemukan pada SKP periode ini.")
            umpan_balik_simpan(periode=periode, by=by, rhk=daftar_rhk[rhk_id], isi=isi)
            tersimpan += 1
    for kode, isi in perilaku.items():
        if (isi or "").strip():
            umpan_balik_simpan(periode=periode, by=by, perilaku=kode, isi=isi)
            tersimpan += 1
    return tersimpan


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


@transaction.atomic
def periode_nilai_massal(*, by, penilaian: list) -> list[PeriodePenilaian]:
    """Rate many bawahan at once: `penilaian` lists (periode, rating hasil kerja, rating
    perilaku kerja). All or nothing: a refused row names its pegawai and saves no row."""
    dinilai = []
    for periode, hasil_kerja, perilaku_kerja in penilaian:
        try:
            dinilai.append(
                periode_nilai(
                    periode=periode,
                    by=by,
                    rating_hasil_kerja=hasil_kerja,
                    rating_perilaku_kerja=perilaku_kerja,
                )
            )
        except ValidationError as e:
            raise ValidationError(
                f"{periode.pegawai.nama}: {' '.join(e.messages)} Tidak ada rating yang disimpan."
            ) from None
    return dinilai


# ---- Tim Penilai Kinerja (BKD) -------------------------------------------------------


@transaction.atomic
def review_setujui(*, periode, by) -> PeriodePenilaian:
    izin.pastikan(izin.alasan_review, by, periode)
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
    izin.pastikan(izin.alasan_review, by, periode)
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


# ---- documents -----------------------------------------------------------------------


# ---- dialog kinerja, umpan balik berkelanjutan, pembinaan ------------------------------


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
    kabari(
        penerima=lain,
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
        kabari(
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
