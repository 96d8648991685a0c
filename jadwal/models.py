"""The windows of every step, which lock themselves at their deadline, and the
dispensasi that reopen them for one pegawai or a unit."""

from django.db import models
from django.db.models import Q

from inti.kalender import label_periode
from inti.tenancy import MilikInstansi
from jadwal import rules


class Jadwal(MilikInstansi):
    """The window of one step (penyusunan SKP, realisasi, penilaian, cetak) of one period,
    in the instansi's zone. Stored aware; entered and shown in the tenant's timezone."""

    langkah = models.CharField(max_length=16, choices=[(k, v) for k, v in rules.LANGKAH.items()])
    tahun = models.PositiveSmallIntegerField()
    kode = models.CharField(max_length=6, blank=True)  # tw1.., b01.., final; "" for SKP
    mulai = models.DateTimeField()
    batas = models.DateTimeField()
    keterangan = models.CharField(max_length=255, blank=True)
    dikunci_pada = models.DateTimeField(null=True, blank=True)  # first run of the lock job
    diatur_oleh = models.ForeignKey(
        "organisasi.Pegawai", on_delete=models.PROTECT, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tahun", "batas", "langkah"]
        verbose_name_plural = "jadwal"
        db_table = "penilaian_jadwal"  # moved from penilaian; the table kept its name
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "langkah", "tahun", "kode"], name="jadwal_unik"
            ),
            models.CheckConstraint(condition=Q(batas__gt=models.F("mulai")), name="jadwal_urut"),
        ]
        indexes = [models.Index(fields=["batas", "dikunci_pada"])]

    def __str__(self):
        periode = label_periode(self.kode, self.tahun) if self.kode else str(self.tahun)
        return f"{self.get_langkah_display()} {periode}"


class Dispensasi(MilikInstansi):
    """A closed step reopened for one pegawai or one unit (with its subtree) until `sampai`."""

    jadwal = models.ForeignKey(Jadwal, on_delete=models.CASCADE, related_name="dispensasi")
    pegawai = models.ForeignKey(
        "organisasi.Pegawai", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "organisasi.UnitKerja", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sampai = models.DateTimeField()
    alasan = models.TextField()
    oleh = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sampai", "-id"]
        verbose_name_plural = "dispensasi"
        db_table = "penilaian_dispensasi"
        constraints = [
            models.CheckConstraint(
                condition=Q(pegawai__isnull=False, unit__isnull=True)
                | Q(pegawai__isnull=True, unit__isnull=False),
                name="dispensasi_pegawai_xor_unit",
            ),
        ]
        indexes = [models.Index(fields=["jadwal", "sampai"])]

    def __str__(self):
        return f"Dispensasi {self.jadwal} untuk {self.pegawai or self.unit}"
