"""Bantuan: the helpdesk that replaces the WhatsApp group of admins (seed 000: a pegawai
with a problem reports to the kepegawaian of their OPD, who takes it further to the admin
e-Kinerja of BKD), the instansi's contact for what the app cannot fix, and its FAQ."""

from django.core.exceptions import ValidationError
from django.db import models

from bantuan import rules
from inti.tenancy import MilikInstansi


class Tiket(MilikInstansi):
    """A pegawai's "permintaan bantuan": the question, where it stands, who holds it, and a
    snapshot of what the admin needs to look into it (taken when it was asked)."""

    class Kategori(models.TextChoices):
        ATASAN = "atasan", "Nama saya / atasan tidak muncul"
        SKP = "skp", "SKP (penyusunan, pengajuan, persetujuan)"
        PENILAIAN = "penilaian", "Penilaian dan periode penilaian"
        PROFIL = "profil", "Data profil dan unit kerja"
        AKUN = "akun", "Akun dan login"
        TPP = "tpp", "TPP dan aktivitas harian"
        LAINNYA = "lainnya", "Lainnya"

    class Status(models.TextChoices):
        BARU = rules.BARU, rules.LABEL_STATUS[rules.BARU]
        DIPROSES = rules.DIPROSES, rules.LABEL_STATUS[rules.DIPROSES]
        MENUNGGU_PEGAWAI = rules.MENUNGGU_PEGAWAI, rules.LABEL_STATUS[rules.MENUNGGU_PEGAWAI]
        SELESAI = rules.SELESAI, rules.LABEL_STATUS[rules.SELESAI]

    class Tingkat(models.TextChoices):
        OPD = rules.TINGKAT_OPD, rules.LABEL_TINGKAT[rules.TINGKAT_OPD]
        BKD = rules.TINGKAT_BKD, rules.LABEL_TINGKAT[rules.TINGKAT_BKD]

    pegawai = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    # The pegawai's OPD when they asked: its admin OPD handle it, even after a mutasi.
    opd = models.ForeignKey(
        "organisasi.UnitKerja", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    judul = models.CharField(max_length=150)
    kategori = models.CharField(max_length=12, choices=Kategori.choices)
    uraian = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BARU)
    tingkat = models.CharField(max_length=3, choices=Tingkat.choices)
    # Set when an admin OPD escalated it (a ticket of an OPD without admin goes to BKD
    # directly and has none).
    diteruskan_pada = models.DateTimeField(null=True, blank=True)
    # Page, role, unit, atasan, SKP and periods of the year, the atasan diagnosis: as they
    # were when the pegawai asked (bantuan.selectors.konteks_tiket).
    konteks = models.JSONField(default=dict, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    # The last reply or change: lists are ordered by it.
    diperbarui = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-diperbarui", "-id"]
        verbose_name = "permintaan bantuan"
        verbose_name_plural = "permintaan bantuan"
        indexes = [
            # "Bantuan saya": one pegawai's tickets, latest first.
            models.Index(fields=["instansi", "pegawai", "-diperbarui"], name="tiket_pegawai"),
            # The queues and their counts: an OPD's tickets, BKD's open ones.
            models.Index(fields=["instansi", "opd", "status"], name="tiket_opd"),
            models.Index(fields=["instansi", "tingkat", "status"], name="tiket_tingkat"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.judul}"

    @property
    def terbuka(self) -> bool:
        return self.status != self.Status.SELESAI

    @property
    def kelas_status(self) -> str:
        """The CSS badge of the status (app.css has no ticket colours of its own)."""
        return {
            rules.BARU: "status-diajukan",
            rules.DIPROSES: "status-pengisian",
            rules.MENUNGGU_PEGAWAI: "status-revisi",
            rules.SELESAI: "status-disetujui",
        }[self.status]


class Balasan(MilikInstansi):
    """One entry of a ticket's thread: a reply, or an action with its note (escalated,
    closed, reopened), so the thread tells the whole story in order."""

    class Jenis(models.TextChoices):
        BALASAN = "balasan", "Balasan"
        TERUSKAN = "teruskan", "Diteruskan ke BKD"
        SELESAI = "selesai", "Ditandai selesai"
        BUKA = "buka", "Dibuka kembali"

    tiket = models.ForeignKey(Tiket, on_delete=models.CASCADE, related_name="balasan")
    oleh = models.ForeignKey("organisasi.Pegawai", on_delete=models.PROTECT, related_name="+")
    jenis = models.CharField(max_length=8, choices=Jenis.choices, default=Jenis.BALASAN)
    isi = models.TextField(blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dibuat", "id"]
        verbose_name_plural = "balasan"

    def __str__(self):
        return f"{self.get_jenis_display()} #{self.tiket_id}"


def validasi_telepon(nilai):
    if pesan := rules.galat_telepon(nilai):
        raise ValidationError(pesan, code="telepon")


class KontakBantuan(MilikInstansi):
    """Where to turn for what the app cannot fix (SI-ASN data, a forgotten NIP…): one per
    instansi, kept by BKD, shown on the ticket form, the FAQ and each ticket."""

    telepon = models.CharField(
        "telepon / WhatsApp",
        max_length=30,
        blank=True,
        validators=[validasi_telepon],
        help_text="Nomor Indonesia, mis. 0812-3456-7890 atau (0362) 21234.",
    )
    surel = models.EmailField("e-mail", max_length=254, blank=True)
    jam_layanan = models.CharField(
        "jam layanan", max_length=120, blank=True, help_text="Mis. Senin–Jumat 08.00–15.30 WITA"
    )
    keterangan = models.CharField(
        max_length=255, blank=True, help_text="Mis. nama unit layanan atau alamat kantor."
    )

    class Meta:
        verbose_name_plural = "kontak bantuan"
        constraints = [
            models.UniqueConstraint(fields=["instansi"], name="kontakbantuan_satu_per_instansi")
        ]

    def __str__(self):
        return f"Kontak bantuan {self.instansi_id}"

    @property
    def tautan_whatsapp(self) -> str:
        return rules.tautan_whatsapp(self.telepon)

    @property
    def kosong(self) -> bool:
        return not (self.telepon or self.surel or self.jam_layanan or self.keterangan)


class PertanyaanUmum(MilikInstansi):
    """One entry of the instansi's FAQ page, in BKD's order."""

    pertanyaan = models.CharField(max_length=255)
    jawaban = models.TextField()
    urutan = models.PositiveIntegerField(default=0)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["urutan", "id"]
        verbose_name_plural = "pertanyaan umum"
        indexes = [models.Index(fields=["instansi", "urutan"], name="faq_urutan")]

    def __str__(self):
        return self.pertanyaan
