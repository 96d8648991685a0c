from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from inti.tenancy import MilikInstansi


class PekerjaanLatar(MilikInstansi):
    """A background job's row (inti.antrean): queued until its task finishes or fails,
    with progress the page polls. The cetak massal ZIP and the activation letters."""

    class Status(models.TextChoices):
        ANTRE = "antre", "Antre, akan diproses"
        SIAP = "siap", "Siap"
        GAGAL = "gagal", "Gagal"

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ANTRE)
    jumlah = models.PositiveIntegerField(default=0)
    selesai = models.PositiveIntegerField(default=0)
    galat = models.TextField(blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-dibuat"]

    @property
    def persen(self):
        return round(100 * self.selesai / self.jumlah) if self.jumlah else 0


class Jejak(MilikInstansi):
    """Audit trail of state changes: who, when, what, from → to.

    Our own model rather than django-auditlog: entries must be tenant-scoped like every
    other row, and most state changes are conditional UPDATEs (klaim pimpinan, locks,
    approvals) that bypass the model signals an automatic audit log relies on.
    """

    waktu = models.DateTimeField(auto_now_add=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aksi = models.CharField(max_length=64)
    objek_tipe = models.CharField(max_length=64)
    objek_id = models.BigIntegerField()
    objek_repr = models.CharField(max_length=255)
    dari = models.JSONField(default=dict, blank=True)
    ke = models.JSONField(default=dict, blank=True)
    catatan = models.TextField(blank=True)

    class Meta:
        ordering = ["-waktu", "-id"]
        indexes = [models.Index(fields=["instansi", "objek_tipe", "objek_id"])]
        verbose_name_plural = "jejak"
        db_table = "ekinerja_jejak"  # moved from the ekinerja app; the table kept its name

    def __str__(self):
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.aksi} {self.objek_repr}"

    @property
    def label_aksi(self):
        return LABEL_AKSI.get(self.aksi) or self.aksi.replace("_", " ").capitalize()


# What each audited action is called on the Riwayat tables.
LABEL_AKSI = {
    "pegawai_ubah_impor": "Diubah lewat impor SI-ASN",
    "pegawai_buat_impor": "Dibuat lewat impor SI-ASN",
    "unit_kerja_buat_impor": "Dibuat lewat impor SI-ASN",
    "unit_kerja_ubah_impor": "Diubah lewat impor SI-ASN",
    "impor_terapkan": "Impor diterapkan",
    "skp_impor_bkn": "RHK diimpor dari e-Kinerja BKN",
    "tpp_hitung": "TPP dihitung",
    "impor_batalkan": "Impor dibatalkan",
    "kolom_impor_ubah": "Nama kolom impor diubah",
    "skp_buat": "SKP dibuat",
    "skp_ubah": "SKP diubah",
    "skp_diajukan": "SKP diajukan",
    "skp_disetujui": "SKP disetujui",
    "skp_revisi": "SKP dikembalikan untuk revisi",
    "skp_draft": "SKP dibuka kembali (draft)",
    "skp_salin_rhk": "RHK disalin",
    "skp_mutasi_akhiri": "SKP diakhiri karena mutasi",
    "rhk_tambah": "RHK ditambahkan",
    "rhk_ubah": "RHK diubah",
    "rhk_hapus": "RHK dihapus",
    "indikator_simpan": "Indikator disimpan",
    "indikator_hapus": "Indikator dihapus",
    "perilaku_ekspektasi": "Ekspektasi perilaku disimpan",
    "periode_tambah": "Periode penilaian ditambahkan",
    "periode_diajukan": "Diajukan untuk dinilai",
    "periode_pengisian": "Dikembalikan ke pengisian",
    "periode_dinilai": "Dinilai",
    "periode_menunggu_review": "Dinilai Sangat Baik, menunggu review",
    "rencana_aksi_tambah": "Rencana aksi ditambahkan",
    "rencana_aksi_ubah": "Rencana aksi diubah",
    "rencana_aksi_hapus": "Rencana aksi dihapus",
    "realisasi_simpan": "Realisasi disimpan",
    "bukti_tambah": "Bukti dukung ditambahkan",
    "bukti_ganti": "Bukti dukung diganti",
    "dokumen_minta": "Dokumen dicetak",
    "dokumen_tanda_tangan": "Dokumen ditandatangani",
    "dokumen_pindaian": "Pindaian dokumen diunggah",
    "aktivasi_terbitkan": "Kode aktivasi diterbitkan",
    "aktivasi_pakai": "Akun diaktifkan dengan kode",
    "aktivasi_kedaluwarsa": "Kode aktivasi kedaluwarsa tanpa dipakai",
    "dua_langkah_reset": "Verifikasi dua langkah direset admin",
    "instansi_sso": "Pengaturan SSO diubah",
    "periode_tarik_review": "Ditarik ke review Tim Penilai Kinerja",
    "penugasan_catat": "Penugasan (diperbantukan/dipekerjakan) dicatat",
    "tiket_buat": "Permintaan bantuan dibuat",
    "tiket_balas": "Permintaan bantuan dibalas",
    "tiket_teruskan": "Permintaan bantuan diteruskan ke BKD",
    "tiket_selesai": "Permintaan bantuan diselesaikan",
    "tiket_buka_kembali": "Permintaan bantuan dibuka kembali",
    "kontak_bantuan_ubah": "Kontak bantuan diubah",
}


def catat_jejak(*, instansi_id, oleh, aksi, objek, dari=None, ke=None, catatan=""):
    jejak = jejak_baru(
        instansi_id=instansi_id, oleh=oleh, aksi=aksi, objek=objek, dari=dari, ke=ke,
        catatan=catatan,
    )  # fmt: skip
    jejak.save()
    return jejak


def jejak_baru(*, instansi_id, oleh, aksi, objek, dari=None, ke=None, catatan="") -> Jejak:
    """An unsaved entry, for writes that record many at once with bulk_create."""
    return Jejak(
        instansi_id=instansi_id,
        oleh=oleh,
        aksi=aksi,
        objek_tipe=objek._meta.label,
        objek_id=objek.pk,
        objek_repr=str(objek)[:255],
        dari=dari or {},
        ke=ke or {},
        catatan=catatan,
    )


def transisi(objek, *, mesin, ke, peran, by, aksi=None, catatan="", catat_ke=None, **perubahan):
    """The one way a status machine moves: `mesin` (an inti.status.MesinStatus) says
    whether `peran` may make the move, then `pindah_status` makes it once."""
    if alasan := mesin.alasan(objek.status, ke, peran):
        raise ValidationError(alasan)
    return pindah_status(
        objek,
        ke=ke,
        by=by,
        aksi=aksi or f"{mesin.awalan_aksi}_{ke}",
        nama=mesin.nama,
        catatan=catatan,
        catat_ke=catat_ke,
        **perubahan,
    )


def pindah_status(objek, *, ke, by, aksi, nama, catatan="", catat_ke=None, **perubahan):
    """Move `objek` (a tenant model with a `status`) to `ke` with a conditional UPDATE, so
    of two requests at once only one moves it, and record it. The caller has checked that
    `by` may make this move; `nama` names the object in the message ("SKP", "Periode")."""
    dari = objek.status
    berubah = type(objek).objects.filter(pk=objek.pk, status=dari).update(status=ke, **perubahan)
    if not berubah:
        objek.refresh_from_db(fields=["status"])
        raise ValidationError(
            f"{nama} ini baru saja diubah orang lain dan kini berstatus "
            f"{objek.get_status_display()}. Muat ulang halaman."
        )
    catat_jejak(
        instansi_id=objek.instansi_id,
        oleh=by,
        aksi=aksi,
        objek=objek,
        dari={"status": dari},
        ke={"status": ke, **(catat_ke or {})},
        catatan=catatan,
    )
    objek.refresh_from_db()
    return objek


class Rekap(MilikInstansi):
    """One count of a tenant-wide overview: for `jenis` (e.g. progres_penilaian), the
    period (`tahun`, `kode`), one unit kerja and one key (a status or predikat).

    Written only by inti.rekap, which replaces every row of an overview at once; the
    pages read ~1,000 rows per overview instead of counting 60,000 pegawai per request.
    """

    jenis = models.CharField(max_length=24)
    tahun = models.PositiveSmallIntegerField()
    kode = models.CharField(max_length=6, blank=True)
    unit = models.ForeignKey("organisasi.UnitKerja", on_delete=models.CASCADE, related_name="+")
    kunci = models.CharField(max_length=24)
    jumlah = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["instansi", "jenis", "tahun", "kode", "unit"])]


class RekapWaktu(MilikInstansi):
    """When an overview's rows were last counted (the pages show the age)."""

    jenis = models.CharField(max_length=24)
    tahun = models.PositiveSmallIntegerField()
    kode = models.CharField(max_length=6, blank=True)
    dihitung_pada = models.DateTimeField()
    dibaca_pada = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "jenis", "tahun", "kode"], name="rekapwaktu_unik"
            )
        ]
