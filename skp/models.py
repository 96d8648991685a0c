from django.db import models
from django.db.models import F, Q

from inti.format import format_rentang, format_tanggal
from inti.tenancy import MilikInstansi
from skp import rules


class SasaranPerjanjianKinerja(MilikInstansi):
    """A sasaran of the Perjanjian Kinerja kept by BKD: the top of the cascade."""

    tahun = models.PositiveSmallIntegerField()
    unit_kerja = models.ForeignKey(
        "organisasi.UnitKerja",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Unit (instansi atau OPD) yang menandatangani perjanjian kinerja.",
    )
    sasaran = models.TextField()
    indikator = models.TextField(blank=True)

    class Meta:
        ordering = ["tahun", "unit_kerja__path", "id"]
        verbose_name_plural = "sasaran perjanjian kinerja"
        indexes = [models.Index(fields=["instansi", "tahun", "unit_kerja"])]

    def __str__(self):
        return self.sasaran


class SKP(MilikInstansi):
    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, rules.LABEL_STATUS[rules.DRAFT]
        DIAJUKAN = rules.DIAJUKAN, rules.LABEL_STATUS[rules.DIAJUKAN]
        REVISI = rules.REVISI, rules.LABEL_STATUS[rules.REVISI]
        DISETUJUI = rules.DISETUJUI, rules.LABEL_STATUS[rules.DISETUJUI]

    class Pendekatan(models.TextChoices):
        KUANTITATIF = "kuantitatif", "Kuantitatif"
        KUALITATIF = "kualitatif", "Kualitatif"

    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="skp")
    tahun = models.PositiveSmallIntegerField()
    mulai = models.DateField("awal periode")
    selesai = models.DateField("akhir periode")
    pendekatan = models.CharField(
        max_length=12, choices=Pendekatan.choices, default=Pendekatan.KUANTITATIF
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The post at the time of the SKP: after mutasi the old SKP keeps its old post.
    unit_kerja = models.ForeignKey(
        "organisasi.UnitKerja", null=True, on_delete=models.PROTECT, related_name="+"
    )
    jabatan = models.CharField(max_length=255, blank=True)
    jenis_jabatan = models.CharField(max_length=16, blank=True)
    # The kelas jabatan held in this post, recorded when a mutasi ends it; empty for the
    # current post, whose kelas is the pegawai's own (TPP pays each post at its kelas).
    kelas_jabatan = models.PositiveSmallIntegerField(null=True, blank=True)
    # The pejabat penilai who approved (or will approve) this SKP, fixed on submission.
    penilai = models.ForeignKey(
        "organisasi.Pegawai", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    catatan_revisi = models.TextField(blank=True)
    versi = models.PositiveSmallIntegerField(default=1)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    disetujui_pada = models.DateTimeField(null=True, blank=True)
    dukungan_sumber_daya = models.TextField(blank=True)
    skema_pertanggungjawaban = models.TextField(blank=True)
    konsekuensi = models.TextField(blank=True)
    # Tahapan penyusunan SKP (PermenPANRB 6/2022, seed 003 "Tahapan Penyusunan SKP" c, d):
    # agreed with the pimpinan while drafting, so kept with the lampiran.
    manual_indikator = models.TextField(
        "manual indikator kinerja",
        blank=True,
        help_text="Definisi, cara mengukur, sumber data dan periode pelaporan tiap indikator.",
    )
    strategi_pencapaian = models.TextField(
        "strategi pencapaian hasil kerja",
        blank=True,
        help_text="Langkah utama untuk mencapai hasil kerja, termasuk pembagian peran.",
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tahun", "-mulai"]
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=F("mulai")), name="skp_selesai_gte_mulai"
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "pegawai", "tahun"]),
            models.Index(fields=["instansi", "penilai", "status"]),
            models.Index(fields=["instansi", "tahun", "status"]),
        ]

    def __str__(self):
        return f"SKP {self.pegawai.nama} {format_rentang(self.mulai, self.selesai)}"

    @property
    def dapat_diubah(self):
        return self.status in rules.DAPAT_DIUBAH_PEGAWAI

    @property
    def periode(self):
        return rules.Periode(self.mulai, self.selesai)

    @property
    def adalah_jpt(self):
        return self.jenis_jabatan == "jpt"

    @property
    def adalah_kualitatif(self):
        return self.pendekatan == self.Pendekatan.KUALITATIF


class RHK(MilikInstansi):
    class Jenis(models.TextChoices):
        UTAMA = "utama", "Utama"
        TAMBAHAN = "tambahan", "Tambahan"

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="rhk")
    jenis = models.CharField(max_length=8, choices=Jenis.choices, default=Jenis.UTAMA)
    uraian = models.TextField("rencana hasil kerja")
    urutan = models.PositiveSmallIntegerField(default=0)
    intervensi = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="diintervensi_oleh",
        verbose_name="RHK atasan yang diintervensi",
    )
    intervensi_pk = models.ManyToManyField(
        SasaranPerjanjianKinerja,
        blank=True,
        related_name="rhk",
        verbose_name="sasaran perjanjian kinerja",
    )

    class Meta:
        # "utama" sorts after "tambahan": descending puts RHK utama first.
        ordering = ["skp", "-jenis", "urutan", "id"]
        verbose_name = "RHK"
        verbose_name_plural = "RHK"

    def __str__(self):
        return self.uraian


class Indikator(MilikInstansi):
    # What a person fills in: the form, the approved-version history and a copied RHK
    # (mutasi, BKN import) all take these fields.
    ISIAN = (
        "aspek",
        "uraian",
        "target_min",
        "target_maks",
        "satuan",
        "target_deskripsi",
        "perspektif",
    )

    class Aspek(models.TextChoices):
        KUANTITAS = "kuantitas", "Kuantitas"
        KUALITAS = "kualitas", "Kualitas"
        WAKTU = "waktu", "Waktu"
        BIAYA = "biaya", "Biaya"

    class Perspektif(models.TextChoices):
        PENERIMA_LAYANAN = "penerima_layanan", "Penerima Layanan"
        PROSES_BISNIS = "proses_bisnis", "Proses Bisnis"
        PENGUATAN_INTERNAL = "penguatan_internal", "Penguatan Internal"
        ANGGARAN = "anggaran", "Anggaran"

    rhk = models.ForeignKey(RHK, on_delete=models.CASCADE, related_name="indikator")
    aspek = models.CharField(max_length=10, choices=Aspek.choices)
    uraian = models.TextField("indikator kinerja individu")
    # Kuantitatif: a number or range plus satuan. Kualitatif: target_deskripsi only (the
    # service picks by the SKP's pendekatan; the constraint keeps one of them present).
    target_min = models.DecimalField(
        "target", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_maks = models.DecimalField(
        "target maksimum",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Isi bila target berupa rentang, mis. 80 – 90 %.",
    )
    satuan = models.CharField(max_length=40, blank=True)
    target_deskripsi = models.TextField(
        "target deskriptif",
        blank=True,
        help_text="Untuk SKP berpendekatan kualitatif, mis. "
        '"Laporan diterima pimpinan tanpa revisi".',
    )
    perspektif = models.CharField(max_length=20, choices=Perspektif.choices, blank=True)

    class Meta:
        ordering = ["rhk", "id"]
        verbose_name_plural = "indikator"
        constraints = [
            models.CheckConstraint(
                condition=Q(target_maks__isnull=True) | Q(target_maks__gte=F("target_min")),
                name="indikator_rentang_target",
            ),
            models.CheckConstraint(
                condition=Q(target_min__isnull=False) | ~Q(target_deskripsi=""),
                name="indikator_target_ada",
            ),
        ]

    def __str__(self):
        return self.uraian

    @property
    def deskriptif(self):
        """A kualitatif target: rated by the penilai on its description, no capaian %."""
        return bool(self.target_deskripsi)

    @property
    def target(self):
        return rules.format_target(
            self.target_min, self.target_maks, self.satuan, deskripsi=self.target_deskripsi
        )


class PerilakuKerja(MilikInstansi):
    """One BerAKHLAK value in an SKP; the standard indicators live in skp.rules."""

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="perilaku")
    nilai = models.CharField(max_length=24, choices=[(k, n) for k, n, _ in rules.BERAKHLAK])
    ekspektasi_khusus = models.TextField("ekspektasi khusus pimpinan", blank=True)

    class Meta:
        ordering = ["skp", "id"]
        verbose_name_plural = "perilaku kerja"
        constraints = [
            models.UniqueConstraint(fields=["skp", "nilai"], name="perilaku_unik_per_skp")
        ]

    @property
    def indikator_standar(self):
        return rules.INDIKATOR_BERAKHLAK[self.nilai]


class VersiSKP(MilikInstansi):
    """An approved version kept when the SKP is amended (history)."""

    skp = models.ForeignKey(SKP, on_delete=models.CASCADE, related_name="riwayat_versi")
    versi = models.PositiveSmallIntegerField()
    isi = models.JSONField()
    disetujui_pada = models.DateTimeField(null=True)
    penilai = models.ForeignKey(
        "organisasi.Pegawai", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skp", "-versi"]
        constraints = [models.UniqueConstraint(fields=["skp", "versi"], name="versiskp_unik")]


class DialogKinerja(MilikInstansi):
    """A performance dialogue between a pegawai and their pimpinan (PermenPANRB 6/2022):
    when, about what, what was agreed. Recorded by either side, confirmed by the other."""

    class Topik(models.TextChoices):
        PENYUSUNAN_SKP = "penyusunan_skp", "Penyusunan SKP"
        KLARIFIKASI = "klarifikasi_ekspektasi", "Klarifikasi ekspektasi"
        REVIEW = "review_progres", "Review progres"
        LAINNYA = "lainnya", "Lainnya"

    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    penilai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    skp = models.ForeignKey(
        SKP, null=True, blank=True, on_delete=models.SET_NULL, related_name="dialog"
    )
    tanggal = models.DateField()
    topik = models.CharField(max_length=24, choices=Topik.choices)
    pembahasan = models.TextField()
    kesepakatan = models.TextField()
    rhk = models.ManyToManyField(RHK, blank=True, related_name="+")
    dicatat_oleh = models.ForeignKey(
        "organisasi.Pegawai", on_delete=models.PROTECT, related_name="+"
    )
    dikonfirmasi_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name_plural = "dialog kinerja"
        db_table = "penilaian_dialogkinerja"  # moved from penilaian; the table kept its name
        indexes = [models.Index(fields=["instansi", "pegawai", "tanggal"])]

    def __str__(self):
        return f"Dialog {self.get_topik_display()} {format_tanggal(self.tanggal)}"
