"""The three printed documents of a periode penilaian, their signatures and scans, and the
ZIP of a whole OPD."""

from django.db import models

from inti.models import PekerjaanLatar
from inti.tenancy import MilikInstansi
from penilaian.models import PeriodePenilaian


def _lokasi_dokumen(dokumen, nama_berkas):
    return f"dokumen/{dokumen.instansi_id}/{dokumen.periode_id}/{dokumen.jenis}-{dokumen.kode}.pdf"


def _lokasi_pindaian(dokumen, nama_berkas):
    return (
        f"dokumen/{dokumen.instansi_id}/{dokumen.periode_id}/"
        f"{dokumen.jenis}-{dokumen.kode}-pindaian{dokumen.pindaian_ekstensi}"
    )


class Dokumen(MilikInstansi):
    """One of the three prints of a period, rendered to PDF by a Celery task.

    `kode` is the short code printed with the QR code; the public verification page looks
    the document up by it and compares a file's hash with `sha256`. When the data behind
    the document changes, `sidik_data` no longer matches and the document is rendered
    again (signatures are then asked for again, since the content changed).
    """

    class Jenis(models.TextChoices):
        SKP = "skp", "Sasaran Kinerja Pegawai"
        EVALUASI = "evaluasi", "Form Penilaian / Hasil Evaluasi Kinerja"
        DOKUMEN_EVALUASI = "dokumen_evaluasi", "Dokumen Evaluasi Kinerja Pegawai"

    class Status(models.TextChoices):
        ANTRE = "antre", "Sedang dibuat"
        SIAP = "siap", "Siap"
        GAGAL = "gagal", "Gagal"

    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="dokumen")
    jenis = models.CharField(max_length=20, choices=Jenis.choices)
    kode = models.CharField(max_length=12, unique=True)
    tanggal = models.DateField()
    lokasi = models.CharField(max_length=100)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ANTRE)
    berkas = models.FileField(upload_to=_lokasi_dokumen, blank=True, max_length=255)
    sha256 = models.CharField(max_length=64, blank=True)
    sidik_data = models.CharField(max_length=64, blank=True)
    galat = models.TextField(blank=True)
    diminta_oleh = models.ForeignKey(
        "organisasi.Pegawai", on_delete=models.PROTECT, related_name="+"
    )
    diminta_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    ttd_pegawai_pada = models.DateTimeField(null=True, blank=True)
    ttd_penilai_pada = models.DateTimeField(null=True, blank=True)
    ttd_penilai = models.ForeignKey(
        "organisasi.Pegawai", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A hand-signed scan uploaded instead of (or beside) the digital signatures.
    pindaian = models.FileField(upload_to=_lokasi_pindaian, blank=True, max_length=255)
    pindaian_ekstensi = models.CharField(max_length=8, blank=True)
    pindaian_sha256 = models.CharField(max_length=64, blank=True)
    pindaian_pada = models.DateTimeField(null=True, blank=True)
    # Who uploaded the scan: the pegawai, or the admin OPD who sends it on to SIMPEG.
    pindaian_oleh = models.ForeignKey(
        "organisasi.Pegawai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Where the render left room for each signature, so a signature is drawn there:
    # {"pegawai": [page, x1, y1, x2, y2], "penilai": [...]}, PDF points from the bottom left.
    posisi_ttd = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "penilaian_dokumen"  # moved from penilaian; the table kept its name
        ordering = ["periode", "jenis"]
        verbose_name_plural = "dokumen"
        constraints = [
            models.UniqueConstraint(fields=["periode", "jenis"], name="dokumen_unik_per_periode"),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.periode}"


class CetakMassal(PekerjaanLatar):
    """All documents of an OPD for a period as one ZIP, built by a Celery task. The
    "paket SIMPEG" kind holds what the Operator OPD uploads to SIMPEG: one file per
    document named by NIP (the hand-signed scan where there is one) and an index sheet."""

    class Jenis(models.TextChoices):
        DOKUMEN = "dokumen", "Semua dokumen"
        SIMPEG = "simpeg", "Paket SIMPEG"

    jenis = models.CharField(max_length=8, choices=Jenis.choices, default=Jenis.DOKUMEN)
    opd = models.ForeignKey("organisasi.UnitKerja", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    kode = models.CharField(max_length=6)
    berkas = models.FileField(upload_to="cetak-massal/", blank=True, max_length=255)
    oleh = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")

    class Meta(PekerjaanLatar.Meta):
        verbose_name_plural = "cetak massal"
        db_table = "penilaian_cetakmassal"
