import uuid
from datetime import timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from inti.format import format_rentang, format_tanggal
from inti.kalender import NAMA_BULAN
from inti.tenancy import MilikInstansi
from penilaian.rules import LABEL_RATING
from tpp import rules

RATING_CHOICES = list(LABEL_RATING.items())
PERSEN = [MinValueValidator(0), MaxValueValidator(1)]


class KonfigurasiTPP(MilikInstansi):
    """The instansi's Perkada as numbers, valid from `berlaku_mulai` (the 1st of a month)
    until the next version: a change in July does not rewrite January."""

    berlaku_mulai = models.DateField()
    bobot_kinerja = models.DecimalField(max_digits=5, decimal_places=4, validators=PERSEN)
    bobot_disiplin = models.DecimalField(max_digits=5, decimal_places=4, validators=PERSEN)
    persen_diatas = models.DecimalField(max_digits=5, decimal_places=4, validators=PERSEN)
    persen_sesuai = models.DecimalField(max_digits=5, decimal_places=4, validators=PERSEN)
    persen_dibawah = models.DecimalField(max_digits=5, decimal_places=4, validators=PERSEN)
    batas_potongan_total = models.DecimalField(
        max_digits=5, decimal_places=4, default=1, validators=PERSEN
    )
    ambang_aktivitas_penuh = models.PositiveSmallIntegerField(default=rules.AMBANG_PENUH)
    ambang_aktivitas_sesuai = models.PositiveSmallIntegerField(default=rules.AMBANG_SESUAI)
    keterangan = models.CharField(max_length=255, blank=True, help_text="mis. Perbup 12/2024")
    dibuat_oleh = models.ForeignKey(
        "organisasi.Pegawai", on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-berlaku_mulai"]
        verbose_name_plural = "konfigurasi TPP"
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "berlaku_mulai"], name="konfigurasi_tpp_unik"
            ),
            models.CheckConstraint(
                condition=Q(bobot_kinerja__lte=1 - F("bobot_disiplin") + 0.0001),
                name="konfigurasi_tpp_bobot_maks_100",
            ),
        ]

    def __str__(self):
        return f"TPP berlaku {format_tanggal(self.berlaku_mulai)}"

    def aturan(self, potongan) -> rules.AturanTPP:
        return rules.AturanTPP(
            bobot_kinerja=self.bobot_kinerja,
            bobot_disiplin=self.bobot_disiplin,
            persen_rating={
                rules.DIATAS: self.persen_diatas,
                rules.SESUAI: self.persen_sesuai,
                rules.DIBAWAH: self.persen_dibawah,
            },
            potongan_per_hari={p.jenis: p.persen_per_hari for p in potongan},
            batas_potongan_jenis={
                p.jenis: p.batas_persen for p in potongan if p.batas_persen is not None
            },
            batas_potongan_total=self.batas_potongan_total,
        )


class PaguKelas(MilikInstansi):
    konfigurasi = models.ForeignKey(KonfigurasiTPP, on_delete=models.CASCADE, related_name="pagu")
    kelas_jabatan = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    jumlah = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-kelas_jabatan"]
        constraints = [
            models.UniqueConstraint(fields=["konfigurasi", "kelas_jabatan"], name="pagu_unik"),
        ]


class PotonganKetidakhadiran(MilikInstansi):
    konfigurasi = models.ForeignKey(
        KonfigurasiTPP, on_delete=models.CASCADE, related_name="potongan"
    )
    # An absence, or a day of progres harian late or missing (when the Perkada cuts them).
    jenis = models.CharField(max_length=24, choices=list(rules.JENIS_POTONGAN.items()))
    persen_per_hari = models.DecimalField(max_digits=5, decimal_places=4, validators=PERSEN)
    batas_persen = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True, validators=PERSEN
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["konfigurasi", "jenis"], name="potongan_unik"),
        ]


def _lokasi_bukti_aktivitas(aktivitas, nama_berkas):
    # Tenant, pegawai and day in the path; the name typed by the user stays in nama_bukti.
    ekstensi = nama_berkas.rsplit(".", 1)[-1][:8] if "." in nama_berkas else "bin"
    return (
        f"progres/{aktivitas.instansi_id}/{aktivitas.pegawai_id}/"
        f"{aktivitas.tanggal:%Y%m%d}-{uuid.uuid4().hex[:12]}.{ekstensi}"
    )


class ProgresHarian(MilikInstansi):
    """One pegawai's working day of progres harian (BKN 2026): its entries are the
    AktivitasHarian of that date, and the day as a whole is submitted to the atasan, who
    approves it or returns it with a note."""

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, rules.LABEL_STATUS_HARI[rules.DRAFT]
        DIAJUKAN = rules.HARI_DIAJUKAN, rules.LABEL_STATUS_HARI[rules.HARI_DIAJUKAN]
        DISETUJUI = rules.DISETUJUI, rules.LABEL_STATUS_HARI[rules.DISETUJUI]
        DIKEMBALIKAN = rules.DIKEMBALIKAN, rules.LABEL_STATUS_HARI[rules.DIKEMBALIKAN]

    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.CASCADE, related_name="+")
    tanggal = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Set once, at the first submission: a day returned and sent again stays on time.
    diajukan_pertama = models.DateTimeField(null=True, blank=True)
    terlambat = models.BooleanField(default=False)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    catatan = models.TextField(blank=True)  # the atasan's note when returning
    diputuskan_oleh = models.ForeignKey(
        "organisasi.Pegawai", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["tanggal"]
        verbose_name_plural = "progres harian"
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tanggal"], name="progres_harian_unik"),
        ]

    def __str__(self):
        return f"{format_tanggal(self.tanggal)} {self.get_status_display()}"


class AktivitasHarian(MilikInstansi):
    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.CASCADE, related_name="+")
    tanggal = models.DateField()
    uraian = models.TextField()
    rhk = models.ForeignKey("skp.RHK", null=True, blank=True, on_delete=models.SET_NULL)
    # The quarter's realisasi page sums the entries behind each rencana aksi through this
    # name (penilaian sits below tpp, so it reads them without importing this model).
    rencana_aksi = models.ForeignKey(
        "penilaian.RencanaAksi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aktivitas_harian",
    )
    volume = models.DecimalField(max_digits=10, decimal_places=2, default=1)
    satuan = models.CharField(max_length=60, default="Kegiatan")
    jam_mulai = models.TimeField(null=True, blank=True)
    jam_selesai = models.TimeField(null=True, blank=True)
    tautan_bukti = models.URLField(max_length=500, blank=True)
    # An optional file, checked by content like a bukti dukung (periksa_berkas_bukti).
    berkas_bukti = models.FileField(upload_to=_lokasi_bukti_aktivitas, blank=True, max_length=255)
    nama_bukti = models.CharField(max_length=255, blank=True)
    jenis_bukti = models.CharField(max_length=80, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tanggal", "jam_mulai", "id"]
        verbose_name_plural = "aktivitas harian"
        indexes = [models.Index(fields=["instansi", "pegawai", "tanggal"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(jam_selesai__isnull=True)
                | Q(jam_mulai__isnull=True)
                | Q(jam_selesai__gt=F("jam_mulai")),
                name="aktivitas_jam_urut",
            ),
        ]

    def __str__(self):
        return f"{format_tanggal(self.tanggal)} {self.uraian[:60]}"


class RealisasiBulanan(MilikInstansi):
    class Status(models.TextChoices):
        PENGISIAN = rules.PENGISIAN, rules.LABEL_STATUS_BULANAN[rules.PENGISIAN]
        DIAJUKAN = rules.DIAJUKAN, rules.LABEL_STATUS_BULANAN[rules.DIAJUKAN]
        DINILAI = rules.DINILAI, rules.LABEL_STATUS_BULANAN[rules.DINILAI]

    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    realisasi = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENGISIAN)
    rating = models.CharField(max_length=8, choices=RATING_CHOICES, blank=True)
    jumlah_aktivitas = models.PositiveIntegerField(default=0)  # counted when rated
    penilai = models.ForeignKey(
        "organisasi.Pegawai", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    dinilai_pada = models.DateTimeField(null=True, blank=True)
    # The penilai's note when returning the month to the pegawai (kept until next return).
    catatan_kembali = models.TextField(blank=True)
    dikembalikan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "realisasi bulanan"
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "bulan"], name="realisasi_bulanan_unik"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "tahun", "bulan", "status"])]

    def __str__(self):
        return f"Realisasi {self.bulan:02d}/{self.tahun} {self.pegawai}"


class RealisasiBulananRHK(MilikInstansi):
    """The month's realisasi of one RHK (the month's targets are the RHK of the SKP in
    force that month; after a mutasi, of both SKP)."""

    realisasi_bulanan = models.ForeignKey(
        RealisasiBulanan, on_delete=models.CASCADE, related_name="per_rhk"
    )
    rhk = models.ForeignKey("skp.RHK", on_delete=models.CASCADE, related_name="+")
    uraian = models.TextField("realisasi")

    class Meta:
        ordering = ["rhk__skp__mulai", "-rhk__jenis", "rhk__urutan", "rhk_id"]
        verbose_name_plural = "realisasi bulanan per RHK"
        constraints = [
            models.UniqueConstraint(
                fields=["realisasi_bulanan", "rhk"], name="realisasi_bulanan_rhk_unik"
            ),
        ]

    def __str__(self):
        return self.uraian[:60]


class Ketidakhadiran(MilikInstansi):
    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(max_length=24, choices=list(rules.JENIS_KETIDAKHADIRAN.items()))
    mulai = models.DateField()
    selesai = models.DateField()
    keterangan = models.CharField(max_length=255, blank=True)
    dicatat_oleh = models.ForeignKey(
        "organisasi.Pegawai", on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mulai", "id"]
        verbose_name_plural = "ketidakhadiran"
        indexes = [models.Index(fields=["instansi", "pegawai", "mulai"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=F("mulai")), name="ketidakhadiran_urut"
            ),
        ]

    def __str__(self):
        return f"{self.get_jenis_display()} {format_rentang(self.mulai, self.selesai)}"


class TPPBulanan(MilikInstansi):
    """The computed allowance of one pegawai for one month, with its slip."""

    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    # A mutasi mid-month splits the month: one row per post held, numbered in date order,
    # each with the days it covers.
    bagian = models.PositiveSmallIntegerField(default=1)
    mulai = models.DateField(null=True, blank=True)
    selesai = models.DateField(null=True, blank=True)
    unit_kerja = models.ForeignKey(
        "organisasi.UnitKerja", null=True, on_delete=models.PROTECT, related_name="+"
    )
    opd = models.ForeignKey(
        "organisasi.UnitKerja", null=True, on_delete=models.PROTECT, related_name="+"
    )
    kelas_jabatan = models.PositiveSmallIntegerField(null=True)
    pagu = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    rating = models.CharField(max_length=8, blank=True)
    dasar = models.CharField(max_length=255, blank=True)
    rincian = models.JSONField(default=list)  # [[uraian, "rupiah"]]
    # What the slip explains beside the lines: the month's aktivitas and progres harian.
    jumlah_aktivitas = models.PositiveIntegerField(default=0)
    progres_terlambat = models.PositiveSmallIntegerField(default=0)
    progres_kosong = models.PositiveSmallIntegerField(default=0)
    total = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    konfigurasi = models.ForeignKey(
        KonfigurasiTPP, null=True, on_delete=models.PROTECT, related_name="+"
    )
    dihitung_pada = models.DateTimeField(auto_now=True)

    @property
    def rentang(self) -> str:
        """ "1–16 Maret" when this row covers part of the month (a mutasi), else ""."""
        if not self.mulai or not self.selesai:
            return ""
        if self.mulai.day == 1 and (self.selesai + timedelta(days=1)).day == 1:
            return ""
        return f"{self.mulai.day}–{self.selesai.day} {NAMA_BULAN[self.bulan - 1]}"

    class Meta:
        ordering = ["opd", "unit_kerja", "pegawai__nama"]
        verbose_name_plural = "TPP bulanan"
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "bulan", "bagian"], name="tpp_bulanan_unik"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "tahun", "bulan", "opd"])]
