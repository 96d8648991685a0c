from django.db import models
from django.db.models import Q

from inti.tenancy import MilikInstansi
from penilaian import rules

RATING_CHOICES = [(k, v) for k, v in rules.LABEL_RATING.items()]
PREDIKAT_CHOICES = [(k, v) for k, v in rules.LABEL_PREDIKAT.items()]


class PeriodePenilaian(MilikInstansi):
    """One evaluation of an approved SKP: Triwulan I–IV (or a month) or Final/Tahunan."""

    class Status(models.TextChoices):
        PENGISIAN = rules.PENGISIAN, rules.LABEL_STATUS[rules.PENGISIAN]
        DIAJUKAN = rules.DIAJUKAN, rules.LABEL_STATUS[rules.DIAJUKAN]
        MENUNGGU_REVIEW = rules.MENUNGGU_REVIEW, rules.LABEL_STATUS[rules.MENUNGGU_REVIEW]
        DINILAI = rules.DINILAI, rules.LABEL_STATUS[rules.DINILAI]

    skp = models.ForeignKey("skp.SKP", on_delete=models.PROTECT, related_name="periode_penilaian")
    # Denormalised from the SKP: the penilai's and BKD's lists filter on them.
    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    kode = models.CharField(max_length=6)  # tw1..tw4, b01..b12, final
    mulai = models.DateField()
    selesai = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENGISIAN)
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    catatan_pengembalian = models.TextField(blank=True)

    penilai = models.ForeignKey(
        "organisasi.Pegawai", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rating_hasil_kerja = models.CharField(max_length=8, choices=RATING_CHOICES, blank=True)
    rating_perilaku_kerja = models.CharField(max_length=8, choices=RATING_CHOICES, blank=True)
    predikat = models.CharField(max_length=16, choices=PREDIKAT_CHOICES, blank=True)
    dinilai_pada = models.DateTimeField(null=True, blank=True)

    # Review of every Sangat Baik by the Tim Penilai Kinerja (BKD).
    catatan_review = models.TextField(blank=True)
    # "Kontribusi pada tim/organisasi": with hasil kerja and perilaku kerja, what the
    # penilai sets when rating (PermenPANRB 6/2022, seed 003 "Tahapan Penilaian" b).
    kontribusi = models.TextField("kontribusi pada tim/organisasi", blank=True)
    # Why the period waits for the Tim Penilai Kinerja when it was pulled into review
    # (any predikat; "" for a Sangat Baik, which always waits).
    alasan_review = models.CharField(max_length=300, blank=True)
    direview_oleh = models.ForeignKey(
        "organisasi.Pegawai", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    direview_pada = models.DateTimeField(null=True, blank=True)
    # Set by the lock job (jadwal.services.jadwal_kunci) when the window of the step
    # closes, cleared while a dispensasi runs. Writes are checked against the jadwal itself
    # at request time; these columns let lists and reports show the lock without that.
    dikunci_realisasi_pada = models.DateTimeField(null=True, blank=True)
    dikunci_penilaian_pada = models.DateTimeField(null=True, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skp", "mulai", "kode"]
        verbose_name_plural = "periode penilaian"
        constraints = [
            models.UniqueConstraint(fields=["skp", "kode"], name="periode_unik_per_skp"),
        ]
        indexes = [
            models.Index(fields=["instansi", "tahun", "kode", "status"]),
            models.Index(fields=["instansi", "pegawai", "tahun"]),
            # The TPK's queue and BKD's beranda count: a few hundred rows among 240,000.
            # EXPLAIN (60k pegawai): Index Only Scan using periode_menunggu_review
            # instead of a Seq Scan on penilaian_periodepenilaian.
            models.Index(
                fields=["instansi", "tahun"],
                condition=Q(status="menunggu_review"),
                name="periode_menunggu_review",
            ),
            # The beranda's "waiting for their penilai" (admin) and "bawahan waiting"
            # (penilai): ~6,000 submitted periods among 240,000 at 60k pegawai.
            models.Index(
                fields=["instansi", "pegawai"],
                condition=Q(status="diajukan"),
                name="periode_diajukan",
            ),
        ]

    def __str__(self):
        return f"{self.label} – {self.pegawai.nama}"

    @property
    def label(self):
        return rules.label_periode(self.kode, self.tahun)

    @property
    def adalah_final(self):
        return self.kode == rules.FINAL

    @property
    def dapat_diisi(self):
        return self.status == self.Status.PENGISIAN

    @property
    def sudah_dinilai(self):
        return self.status in (self.Status.MENUNGGU_REVIEW, self.Status.DINILAI)


class RencanaAksi(MilikInstansi):
    """What the pegawai plans to do for one RHK in one periodic period, and its realisasi."""

    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.CASCADE, related_name="rencana_aksi"
    )
    rhk = models.ForeignKey("skp.RHK", on_delete=models.PROTECT, related_name="rencana_aksi")
    uraian = models.TextField()
    target = models.DecimalField(max_digits=12, decimal_places=2)
    satuan = models.CharField(max_length=60)
    realisasi = models.TextField(blank=True)
    realisasi_angka = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["periode", "rhk", "id"]
        verbose_name_plural = "rencana aksi"
        indexes = [models.Index(fields=["instansi", "periode", "rhk"])]

    def __str__(self):
        return self.uraian


class RealisasiIndikator(MilikInstansi):
    """Realisasi of an indikator in the final period (which has no rencana aksi)."""

    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.CASCADE, related_name="realisasi_indikator"
    )
    indikator = models.ForeignKey("skp.Indikator", on_delete=models.PROTECT, related_name="+")
    realisasi = models.TextField(blank=True)
    realisasi_angka = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "indikator"], name="realisasi_indikator_unik"
            ),
        ]


def _lokasi_bukti(bukti, nama_berkas):
    # Tenant and period in the path; the name the user gave is kept in nama_asli only, so
    # nothing they type ends up in a path.
    return f"bukti/{bukti.instansi_id}/{bukti.periode_id}/{bukti.sha256[:16]}{bukti.ekstensi}"


class BuktiDukung(MilikInstansi):
    """A file or link proving a realisasi. Replacing keeps the old row (diganti_oleh)."""

    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="bukti")
    rencana_aksi = models.ForeignKey(
        RencanaAksi, null=True, blank=True, on_delete=models.CASCADE, related_name="bukti"
    )
    indikator = models.ForeignKey(
        "skp.Indikator", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    berkas = models.FileField(upload_to=_lokasi_bukti, blank=True, max_length=255)
    nama_asli = models.CharField(max_length=255, blank=True)
    jenis_berkas = models.CharField(max_length=80, blank=True)  # MIME type by content
    ekstensi = models.CharField(max_length=8, blank=True)
    ukuran = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    tautan = models.URLField(max_length=500, blank=True)
    keterangan = models.CharField(max_length=255, blank=True)
    diganti_oleh = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="menggantikan"
    )
    diunggah_oleh = models.ForeignKey(
        "organisasi.Pegawai", on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["periode", "dibuat", "id"]
        verbose_name_plural = "bukti dukung"
        constraints = [
            models.CheckConstraint(
                condition=Q(rencana_aksi__isnull=False) | Q(indikator__isnull=False),
                name="bukti_milik_rencana_aksi_atau_indikator",
            ),
            models.CheckConstraint(
                condition=~Q(berkas="") | ~Q(tautan=""), name="bukti_berkas_atau_tautan"
            ),
        ]
        indexes = [models.Index(fields=["instansi", "periode", "diganti_oleh"])]

    def __str__(self):
        return self.nama_asli or self.tautan

    @property
    def aktif(self):
        return self.diganti_oleh_id is None


class UmpanBalik(MilikInstansi):
    """The penilai's feedback on one RHK, or on one BerAKHLAK value, in one period."""

    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.CASCADE, related_name="umpan_balik"
    )
    rhk = models.ForeignKey("skp.RHK", null=True, blank=True, on_delete=models.CASCADE)
    perilaku = models.CharField(max_length=32, blank=True)  # kode BerAKHLAK
    isi = models.TextField()
    oleh = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "umpan balik"
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "rhk"],
                condition=Q(rhk__isnull=False),
                name="umpan_balik_unik_per_rhk",
            ),
            models.UniqueConstraint(
                fields=["periode", "perilaku"],
                condition=~Q(perilaku=""),
                name="umpan_balik_unik_per_perilaku",
            ),
            models.CheckConstraint(
                condition=Q(rhk__isnull=False, perilaku="") | Q(rhk__isnull=True) & ~Q(perilaku=""),
                name="umpan_balik_rhk_xor_perilaku",
            ),
        ]


class CapaianOrganisasi(MilikInstansi):
    """Capaian kinerja organisasi of an OPD for a year (DOMAIN: "per OPD and year"; seed
    003: the evaluation starts by "Menetapkan capaian kinerja organisasi"), which bounds
    the curve of every period of that year. Its history (who changed it when, from what
    to what) is the audit trail written by penilaian.services.capaian_tetapkan."""

    opd = models.ForeignKey("organisasi.UnitKerja", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    capaian = models.CharField(
        max_length=16, choices=[(k, v) for k, v in rules.CAPAIAN_ORGANISASI.items()]
    )
    ditetapkan_oleh = models.ForeignKey(
        "organisasi.Pegawai", on_delete=models.PROTECT, related_name="+"
    )
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "capaian organisasi"
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun"], name="capaian_unik_per_tahun"),
        ]


class KomentarKinerja(MilikInstansi):
    """Continuous feedback: a note or question on an RHK (optionally on one of its
    indikator or rencana aksi), and the replies, between the pegawai and their penilai."""

    rhk = models.ForeignKey("skp.RHK", on_delete=models.CASCADE, related_name="komentar")
    rencana_aksi = models.ForeignKey(
        RencanaAksi, null=True, blank=True, on_delete=models.CASCADE, related_name="komentar"
    )
    indikator = models.ForeignKey(
        "skp.Indikator", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    oleh = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    isi = models.TextField()
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dibuat", "id"]
        verbose_name_plural = "komentar kinerja"
        indexes = [models.Index(fields=["instansi", "rhk", "dibuat"])]


class Pembinaan(MilikInstansi):
    """Follow-up of a Butuh Perbaikan / Kurang / Sangat Kurang: bimbingan or konseling."""

    class Jenis(models.TextChoices):
        COACHING = "coaching", "Bimbingan kinerja: coaching"
        MENTORING = "mentoring", "Bimbingan kinerja: mentoring"
        KONSELING = "konseling", "Konseling kinerja"

    periode = models.ForeignKey(
        PeriodePenilaian, on_delete=models.PROTECT, related_name="pembinaan"
    )
    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    rencana = models.TextField()
    tanggal_tindak_lanjut = models.DateField()
    hasil = models.TextField(blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    oleh = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tanggal_tindak_lanjut", "id"]
        verbose_name_plural = "pembinaan"
        indexes = [models.Index(fields=["instansi", "tanggal_tindak_lanjut", "selesai_pada"])]

    def __str__(self):
        return f"{self.get_jenis_display()} {self.periode}"


class KeputusanTindakLanjut(MilikInstansi):
    """BKD's decision on a recommendation (penghargaan, pembinaan, tinjau sanksi…) for a
    pegawai in a year: the product recommends, BKD decides and records it."""

    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    jenis = models.CharField(max_length=16, choices=list(rules.JENIS_REKOMENDASI.items()))
    keputusan = models.CharField(
        max_length=10, choices=[("setuju", "Disetujui"), ("tolak", "Tidak ditindaklanjuti")]
    )
    catatan = models.TextField(blank=True)
    oleh = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "keputusan tindak lanjut"
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "jenis"], name="keputusan_tindak_lanjut_unik"
            ),
        ]
