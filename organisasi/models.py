import zoneinfo
from datetime import date

import rules
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from inti.format import format_tanggal
from inti.models import PekerjaanLatar
from inti.tenancy import MilikInstansi, ScopedManager
from organisasi.rules import galat_nip

# An instansi's OpenID Connect provider is django-allauth's SocialApp "sso-<kode>".
# Working days after a day within which its progres harian is on time (BKN 2026).
JENDELA_PROGRES_BAWAAN = 3
AWALAN_SSO = "sso-"


class Instansi(models.Model):
    """The tenant: a Pemerintah Kabupaten/Kota, a Provinsi or a ministry."""

    class Jenis(models.TextChoices):
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"
        PROVINSI = "provinsi", "Provinsi"
        KEMENTERIAN = "kementerian", "Kementerian/Lembaga"

    class ZonaWaktu(models.TextChoices):
        WIB = "Asia/Jakarta", "WIB (Asia/Jakarta)"
        WITA = "Asia/Makassar", "WITA (Asia/Makassar)"
        WIT = "Asia/Jayapura", "WIT (Asia/Jayapura)"

    nama = models.CharField(max_length=200)
    kode = models.SlugField(max_length=40, unique=True, help_text="Kode singkat, mis. buleleng")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    zona_waktu = models.CharField(max_length=32, choices=ZonaWaktu.choices)
    lokasi_cetak = models.CharField(
        max_length=100, help_text="Lokasi bawaan pada cetakan, mis. Buleleng"
    )
    # Tenant options that later steps read (e.g. "periode_bulanan": true for SI-KINERJA).
    pengaturan = models.JSONField(default=dict, blank=True)
    aktif = models.BooleanField(default=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nama"]
        verbose_name_plural = "instansi"

    def __str__(self):
        return self.nama

    @property
    def zona(self):
        return zoneinfo.ZoneInfo(self.zona_waktu)

    @property
    def singkatan_zona(self):
        return self.ZonaWaktu(self.zona_waktu).label.split(" ")[0]

    # Two-factor per tenant (pengaturan): "mati" (not offered), "opsional", or "wajib" for
    # the roles in `dua_langkah_peran`. A tenant that never chose has DUA_LANGKAH_BAWAAN.
    DUA_LANGKAH = {"mati": "Tidak ditawarkan", "opsional": "Opsional", "wajib": "Wajib"}
    DUA_LANGKAH_PERAN_BAWAAN = ["admin_bkd", "admin_opd"]

    @property
    def dua_langkah(self) -> str:
        return self.pengaturan.get("dua_langkah", settings.DUA_LANGKAH_BAWAAN)

    @property
    def sso_provider_id(self) -> str:
        return f"{AWALAN_SSO}{self.kode}"

    @property
    def sso_klaim_nip(self) -> str:
        """The claim of the instansi's OpenID Connect provider that holds the NIP."""
        return self.pengaturan.get("sso_klaim_nip", "nip")

    @property
    def login_sandi(self) -> bool:
        """False once the instansi signs its pegawai in through SSO only."""
        return self.pengaturan.get("login_sandi", True)

    @property
    def dua_langkah_peran(self) -> list[str]:
        return self.pengaturan.get("dua_langkah_peran", self.DUA_LANGKAH_PERAN_BAWAAN)

    def sekarang(self):
        return timezone.localtime(timezone.now(), self.zona)

    def hari_ini(self) -> date:
        return self.sekarang().date()

    @property
    def periode_bulanan(self) -> bool:
        """Monthly periode penilaian (SI-KINERJA) instead of triwulan."""
        return bool(self.pengaturan.get("periode_bulanan"))

    @property
    def jendela_progres(self) -> int:
        """Working days after a day within which its progres harian is on time (BKN
        2026; per tenant, 3 unless set): later entries are allowed and counted late."""
        return int(self.pengaturan.get("jendela_progres", JENDELA_PROGRES_BAWAAN))

    @property
    def rencana_aksi_semua_rhk(self) -> bool:
        """Every RHK needs a rencana aksi in each periodic period before realisasi
        (Buleleng's local rule, seed 001); by default BKN's rule (seed 002): rencana aksi
        only on the RHK worked on in the period, at least one per period."""
        return bool(self.pengaturan.get("rencana_aksi_semua_rhk"))


class HariLibur(MilikInstansi):
    tanggal = models.DateField()
    nama = models.CharField(max_length=120)

    class Meta:
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "tanggal"], name="harilibur_unik_per_tanggal"
            )
        ]
        verbose_name_plural = "hari libur"

    def __str__(self):
        return f"{format_tanggal(self.tanggal)} {self.nama}"


class StatusPimpinan(models.TextChoices):
    DEFINITIF = "definitif", "Definitif"
    PLT = "plt", "Plt."
    PLH = "plh", "Plh."
    PJ = "pj", "Pj."


class UnitKerja(MilikInstansi):
    """A node of the instansi's unit tree.

    The tree is a materialised path of our own (`path`: four base-36 characters per
    level) rather than django-treebeard: treebeard's internals query `Model.objects`
    across all rows (root numbering, sibling counts), which clashes with a manager that
    fails closed outside a tenant scope. A path keeps every read we need to one indexed
    query at 2,000 units: a subtree is `path LIKE 'prefix%'` (varchar_pattern_ops index
    on PostgreSQL), the ancestors are `path IN (prefixes)`. Writes go through
    organisasi.services, which lock the parent row and keep `opd` (the nearest
    ancestor-or-self that is an OPD) in step.
    """

    class Eselon(models.TextChoices):
        E00 = "00", "00 (Instansi)"
        E11 = "11", "I.a"
        E12 = "12", "I.b"
        E21 = "21", "II.a"
        E22 = "22", "II.b"
        E31 = "31", "III.a"
        E32 = "32", "III.b"
        E41 = "41", "IV.a"
        E42 = "42", "IV.b"
        E51 = "51", "V.a"
        NON = "99", "Non-eselon"

    id_eksternal = models.CharField(
        "ID unit", max_length=64, help_text="ID tetap dari BKN/SI-ASN (mis. 32 karakter hex)"
    )
    nama = models.CharField(max_length=255)
    eselon = models.CharField(max_length=2, choices=Eselon.choices)
    adalah_opd = models.BooleanField("OPD (mandiri)", default=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="anak"
    )
    path = models.CharField(max_length=255, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False)
    opd = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    hari_kerja = models.PositiveSmallIntegerField(
        "hari kerja",
        null=True,
        blank=True,
        choices=[(5, "5 hari kerja"), (6, "6 hari kerja")],
        help_text="Kosongkan untuk mengikuti OPD.",
    )
    aktif = models.BooleanField(default=True)
    pimpinan = models.OneToOneField(
        "organisasi.Pegawai",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_dipimpin",
    )
    status_pimpinan = models.CharField(max_length=10, choices=StatusPimpinan.choices, blank=True)
    # When the bawahan's notification of a new pimpinan was queued, until it is written:
    # the job's row (inti.antrean), so a message lost with the broker is sent again by
    # the sweeper (ekinerja.tasks.sapu_antrean) instead of the notification being lost.
    kabar_pimpinan_antre = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "unit kerja"
        constraints = [
            models.UniqueConstraint(fields=["instansi", "path"], name="unitkerja_path_unik"),
            models.UniqueConstraint(
                fields=["instansi", "id_eksternal"], name="unitkerja_id_eksternal_unik"
            ),
            models.CheckConstraint(
                condition=Q(pimpinan__isnull=True, status_pimpinan="")
                | (Q(pimpinan__isnull=False) & ~Q(status_pimpinan="")),
                name="unitkerja_status_pimpinan_sesuai",
            ),
        ]
        indexes = [
            models.Index(
                fields=["path"], name="unitkerja_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["instansi", "opd"], name="unitkerja_opd"),
        ]

    def __str__(self):
        return self.nama

    @property
    def hari_kerja_efektif(self) -> int:
        if self.hari_kerja:
            return self.hari_kerja
        if self.opd_id and self.opd_id != self.pk and self.opd.hari_kerja:
            return self.opd.hari_kerja
        return 5

    @property
    def label_pimpinan(self) -> str:
        if not self.pimpinan_id:
            return "-"
        # As the BKN tree shows it: "NAMA (Definitif) - NIP".
        return f"{self.pimpinan.nama} ({self.get_status_pimpinan_display()}) - {self.pimpinan.nip}"


class PegawaiManager(BaseUserManager):
    def get_by_natural_key(self, nip):
        # A NIP is unique nationally: logging in is the one lookup made before a scope.
        with scopes_disabled():
            return self.get(nip=nip)

    def create_user(self, nip, password=None, **fields):
        pegawai = self.model(nip=nip, **fields)
        pegawai.set_password(password)
        pegawai.save(using=self._db)
        return pegawai

    def create_superuser(self, nip, password=None, **fields):
        fields.update(peran=Pegawai.Peran.SUPERADMIN, instansi=None)
        return self.create_user(nip, password, **fields)


class Pegawai(AbstractBaseUser):
    """An ASN (PNS or PPPK) and the user who logs in with their NIP.

    The superadmin is the one account without an instansi: it manages tenants only.
    """

    class JenisAsn(models.TextChoices):
        PNS = "PNS", "PNS"
        PPPK = "PPPK", "PPPK"

    class JenisJabatan(models.TextChoices):
        JPT = "jpt", "Jabatan Pimpinan Tinggi (JPT)"
        ADMINISTRATOR = "administrator", "Administrator"
        PENGAWAS = "pengawas", "Pengawas"
        PELAKSANA = "pelaksana", "Pelaksana"
        FUNGSIONAL = "fungsional", "Fungsional"

    class Jenjang(models.TextChoices):
        PEMULA = "pemula", "Pemula"
        TERAMPIL = "terampil", "Terampil"
        MAHIR = "mahir", "Mahir"
        PENYELIA = "penyelia", "Penyelia"
        AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
        AHLI_MUDA = "ahli_muda", "Ahli Muda"
        AHLI_MADYA = "ahli_madya", "Ahli Madya"
        AHLI_UTAMA = "ahli_utama", "Ahli Utama"

    class Golongan(models.TextChoices):
        I_A = "I/a", "Juru Muda (I/a)"
        I_B = "I/b", "Juru Muda Tingkat I (I/b)"
        I_C = "I/c", "Juru (I/c)"
        I_D = "I/d", "Juru Tingkat I (I/d)"
        II_A = "II/a", "Pengatur Muda (II/a)"
        II_B = "II/b", "Pengatur Muda Tingkat I (II/b)"
        II_C = "II/c", "Pengatur (II/c)"
        II_D = "II/d", "Pengatur Tingkat I (II/d)"
        III_A = "III/a", "Penata Muda (III/a)"
        III_B = "III/b", "Penata Muda Tingkat I (III/b)"
        III_C = "III/c", "Penata (III/c)"
        III_D = "III/d", "Penata Tingkat I (III/d)"
        IV_A = "IV/a", "Pembina (IV/a)"
        IV_B = "IV/b", "Pembina Tingkat I (IV/b)"
        IV_C = "IV/c", "Pembina Utama Muda (IV/c)"
        IV_D = "IV/d", "Pembina Utama Madya (IV/d)"
        IV_E = "IV/e", "Pembina Utama (IV/e)"
        PPPK_V = "V", "PPPK Golongan V"
        PPPK_VII = "VII", "PPPK Golongan VII"
        PPPK_IX = "IX", "PPPK Golongan IX"
        PPPK_X = "X", "PPPK Golongan X"
        PPPK_XI = "XI", "PPPK Golongan XI"
        PPPK_XII = "XII", "PPPK Golongan XII"
        PPPK_XIII = "XIII", "PPPK Golongan XIII"

    class Status(models.TextChoices):
        AKTIF = "aktif", "Aktif"
        PENSIUN = "pensiun", "Pensiun"
        BERHENTI = "berhenti", "Berhenti"

    class SurelNotifikasi(models.TextChoices):
        SEGERA = "segera", "Segera, satu e-mail per pemberitahuan"
        HARIAN = "harian", "Satu ringkasan setiap pagi"
        TIDAK = "tidak", "Tidak usah; cukup di aplikasi"

    class Peran(models.TextChoices):
        PEGAWAI = "pegawai", "Pegawai"
        ADMIN_OPD = "admin_opd", "Admin OPD"
        ADMIN_BKD = "admin_bkd", "Admin BKD / Tim Penilai Kinerja"
        SUPERADMIN = "superadmin", "Superadmin"

    instansi = models.ForeignKey(
        Instansi, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nip = models.CharField("NIP", max_length=32, unique=True)
    nama = models.CharField(max_length=150)
    gelar_depan = models.CharField(max_length=30, blank=True)
    gelar_belakang = models.CharField(max_length=60, blank=True)
    email = models.EmailField(blank=True)
    jenis_asn = models.CharField("jenis ASN", max_length=4, choices=JenisAsn.choices, default="PNS")
    tanggal_lahir = models.DateField(null=True, blank=True)
    jenis_kelamin = models.CharField(
        max_length=1, choices=[("L", "Laki-laki"), ("P", "Perempuan")], blank=True
    )
    pangkat_golongan = models.CharField(
        "pangkat/golongan", max_length=8, choices=Golongan.choices, blank=True
    )
    jabatan = models.CharField(max_length=255, blank=True)
    jenis_jabatan = models.CharField(
        max_length=16, choices=JenisJabatan.choices, default=JenisJabatan.PELAKSANA
    )
    jenjang = models.CharField(
        "jenjang fungsional", max_length=16, choices=Jenjang.choices, blank=True
    )
    # Kelas jabatan (1–17) sets the TPP base amount in the instansi's Perkada.
    kelas_jabatan = models.PositiveSmallIntegerField(
        "kelas jabatan",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    unit_kerja = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.SET_NULL, related_name="pegawai"
    )
    tmt_cpns = models.DateField("TMT CPNS", null=True, blank=True)
    tmt_pns = models.DateField("TMT PNS", null=True, blank=True)
    tanggal_spmt = models.DateField("tanggal SPMT", null=True, blank=True)
    tmt_jabatan = models.DateField("TMT jabatan", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AKTIF)
    peran = models.CharField(max_length=12, choices=Peran.choices, default=Peran.PEGAWAI)
    admin_opd = models.ForeignKey(
        UnitKerja,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="OPD yang dikelola",
    )
    is_active = models.BooleanField("aktif", default=True)
    notifikasi_surel = models.CharField(
        "e-mail notifikasi",
        max_length=8,
        choices=SurelNotifikasi.choices,
        default=SurelNotifikasi.SEGERA,
    )
    # Fields corrected here that SI-ASN also holds (unit kerja, jabatan, golongan), with
    # the date of the correction: an import shows a differing SI-ASN value as a conflict
    # for the admin to decide instead of overwriting it (DOMAIN: Profile).
    koreksi_lokal = models.JSONField(default=dict, blank=True, editable=False)

    objects = ScopedManager(instansi="instansi", _manager_class=PegawaiManager)

    USERNAME_FIELD = "nip"
    REQUIRED_FIELDS = ["nama"]

    class Meta:
        ordering = ["nama"]
        verbose_name_plural = "pegawai"
        constraints = [
            models.CheckConstraint(
                condition=Q(peran="superadmin", instansi__isnull=True)
                | (~Q(peran="superadmin") & Q(instansi__isnull=False)),
                name="pegawai_superadmin_tanpa_instansi",
            ),
            models.CheckConstraint(
                condition=Q(peran="admin_opd", admin_opd__isnull=False) | ~Q(peran="admin_opd"),
                name="pegawai_admin_opd_punya_opd",
            ),
        ]
        indexes = [
            models.Index(fields=["instansi", "unit_kerja", "nama"]),
            # Kelola Pegawai of BKD: the first 50 of 60,000 by name (EXPLAIN: Index Scan
            # using pegawai_nama, 0.3 ms, instead of a Seq Scan and top-N sort, 52 ms).
            models.Index(fields=["instansi", "nama"], name="pegawai_nama"),
        ]

    def __str__(self):
        return self.nama_lengkap

    @property
    def nama_lengkap(self):
        nama = self.nama
        if self.gelar_depan:
            nama = f"{self.gelar_depan} {nama}"
        if self.gelar_belakang:
            nama = f"{nama}, {self.gelar_belakang}"
        return nama

    def validate_unique(self, exclude=None):
        # A NIP is unique nationally, not per instansi: check across all tenants.
        with scopes_disabled():
            super().validate_unique(exclude=exclude)

    def clean(self):
        super().clean()
        if self.peran == self.Peran.SUPERADMIN:
            return
        galat = galat_nip(
            self.nip, pppk=self.jenis_asn == self.JenisAsn.PPPK, tanggal_lahir=self.tanggal_lahir
        )
        if galat:
            raise ValidationError(galat)
        if self.jenis_jabatan == self.JenisJabatan.FUNGSIONAL and not self.jenjang:
            raise ValidationError({"jenjang": "Pejabat fungsional wajib memiliki jenjang."})
        if self.jenis_jabatan != self.JenisJabatan.FUNGSIONAL and self.jenjang:
            raise ValidationError({"jenjang": "Jenjang hanya untuk jabatan fungsional."})
        if self.peran == self.Peran.ADMIN_OPD and not self.admin_opd_id:
            raise ValidationError({"admin_opd": "Admin OPD harus dikaitkan dengan satu OPD."})

    def has_perm(self, perm, obj=None) -> bool:
        """The object rules of the apps (penilaian/izin.py…, django-rules): the same
        functions the services enforce, asked by views and `{% has_perm %}` in templates.
        Pegawai has no Django permission tables, so nothing else is consulted."""
        return self.is_active and rules.has_perm(perm, self, obj)

    @property
    def adalah_superadmin(self):
        return self.peran == self.Peran.SUPERADMIN

    @property
    def wajib_dua_langkah(self) -> bool:
        """Whether this account must have a second factor before using the app."""
        if self.instansi_id is None:
            return self.adalah_superadmin and settings.SUPERADMIN_WAJIB_2FA
        instansi = self.instansi
        return instansi.dua_langkah == "wajib" and self.peran in instansi.dua_langkah_peran

    @property
    def adalah_admin_bkd(self):
        return self.peran == self.Peran.ADMIN_BKD

    @property
    def adalah_admin_opd(self):
        return self.peran == self.Peran.ADMIN_OPD

    @property
    def adalah_admin(self):
        return self.peran in (self.Peran.ADMIN_OPD, self.Peran.ADMIN_BKD)

    @property
    def tanggal_mulai_kerja(self):
        """The first day an SKP can start: SPMT for a PPPK, TMT CPNS for a PNS."""
        if self.jenis_asn == self.JenisAsn.PPPK:
            return self.tanggal_spmt
        return self.tmt_cpns


class Pengecualian(MilikInstansi):
    """A period in which the pegawai needs no SKP (DOMAIN: No SKP needed)."""

    class Jenis(models.TextChoices):
        PEJABAT_NEGARA = "pejabat_negara", "Pejabat negara / pimpinan atau anggota LNS"
        DIBERHENTIKAN_SEMENTARA = "diberhentikan_sementara", "Diberhentikan sementara"
        CLTN = "cltn", "Cuti di luar tanggungan negara (CLTN)"
        MPP = "mpp", "Masa persiapan pensiun (MPP)"

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="pengecualian")
    jenis = models.CharField(max_length=32, choices=Jenis.choices)
    mulai = models.DateField()
    selesai = models.DateField(null=True, blank=True, help_text="Kosong bila belum berakhir.")
    keterangan = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-mulai"]
        verbose_name_plural = "pengecualian"
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="pengecualian_selesai_setelah_mulai",
            )
        ]

    def __str__(self):
        sampai = format_tanggal(self.selesai) if self.selesai else "sekarang"
        return f"{self.get_jenis_display()} ({format_tanggal(self.mulai)} s.d. {sampai})"

    def berlaku_pada(self, tanggal: date) -> bool:
        return self.mulai <= tanggal and (self.selesai is None or tanggal <= self.selesai)


class Penugasan(MilikInstansi):
    """A PNS diperbantukan or dipekerjakan: employed by `instansi_asal`, working in this
    instansi (the tenant, where the pegawai's account lives). Rated where they work
    (seed 002: "SKP untuk PNS yang diperbantukan disesuaikan dengan tugas pada tempat PNS
    tersebut"); the home instansi's BKD sees the results read-only
    (penilaian.selectors.hasil_penugasan)."""

    class Jenis(models.TextChoices):
        DIPERBANTUKAN = "diperbantukan", "Diperbantukan"
        DIPEKERJAKAN = "dipekerjakan", "Dipekerjakan"

    pegawai = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="penugasan")
    instansi_asal = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="+", verbose_name="instansi asal"
    )
    jenis = models.CharField(max_length=14, choices=Jenis.choices)
    mulai = models.DateField()
    selesai = models.DateField(null=True, blank=True, help_text="Kosong bila masih berjalan.")
    nomor_sk = models.CharField("nomor SK", max_length=100, blank=True)
    oleh = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-mulai"]
        verbose_name_plural = "penugasan"
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_setelah_mulai",
            ),
            models.CheckConstraint(
                condition=~Q(instansi_asal=models.F("instansi")),
                name="penugasan_instansi_lain",
            ),
        ]
        # The home instansi's read-only list looks them up by instansi_asal.
        indexes = [models.Index(fields=["instansi_asal", "mulai"])]

    def __str__(self):
        sampai = format_tanggal(self.selesai) if self.selesai else "sekarang"
        return (
            f"{self.get_jenis_display()} dari {self.instansi_asal} "
            f"({format_tanggal(self.mulai)} s.d. {sampai})"
        )


class Notifikasi(MilikInstansi):
    """Something that happened to the penerima, or a deadline coming. Written in the same
    transaction as the change it tells of (organisasi.services.notifikasi_kirim); its
    e-mail, when wanted, is sent after the commit and tracked by `surel`."""

    class Jenis(models.TextChoices):
        SKP = "skp", "SKP"
        PENILAIAN = "penilaian", "Penilaian"
        REVIEW = "review", "Review Tim Penilai Kinerja"
        DIALOG = "dialog", "Dialog dan umpan balik"
        PEMBINAAN = "pembinaan", "Pembinaan"
        JADWAL = "jadwal", "Jadwal dan dispensasi"
        ORGANISASI = "organisasi", "Unit kerja dan pimpinan"
        IMPOR = "impor", "Impor data"
        BANTUAN = "bantuan", "Bantuan"
        TPP = "tpp", "Progres harian dan TPP"
        AKUN = "akun", "Akun"

    class Surel(models.TextChoices):
        TIDAK = "", "Tanpa e-mail"
        ANTRE = "antre", "E-mail antre"
        HARIAN = "harian", "Menunggu ringkasan harian"
        TERKIRIM = "terkirim", "E-mail terkirim"

    penerima = models.ForeignKey(Pegawai, on_delete=models.CASCADE, related_name="notifikasi")
    jenis = models.CharField(max_length=12, choices=Jenis.choices, default=Jenis.SKP)
    judul = models.CharField(max_length=200)
    isi = models.TextField(blank=True)
    tautan = models.CharField(max_length=255, blank=True)
    # Idempotency key: a job that runs twice creates nothing twice.
    kunci = models.CharField(max_length=120)
    dibuat = models.DateTimeField(auto_now_add=True)
    dibaca_pada = models.DateTimeField(null=True, blank=True)
    surel = models.CharField(max_length=8, choices=Surel.choices, default="", blank=True)

    class Meta:
        ordering = ["-dibuat", "-id"]
        verbose_name_plural = "notifikasi"
        constraints = [
            models.UniqueConstraint(fields=["penerima", "kunci"], name="notifikasi_kunci_unik")
        ]
        indexes = [
            models.Index(fields=["penerima", "dibaca_pada"]),
            # The e-mail sender and the morning digest read only the few rows still to
            # mail, never the tenant's history.
            models.Index(
                fields=["instansi", "surel", "dibuat"],
                condition=Q(surel__in=["antre", "harian"]),
                name="notifikasi_surel_antre",
            ),
        ]

    def __str__(self):
        return self.judul


class SuratAktivasi(PekerjaanLatar):
    """One issuing of activation codes (organisasi.aktivasi): for one pegawai, a unit, an
    OPD or everyone an admin manages, as a Celery job with progress. Its file (a ZIP of
    PDF letters, one page per pegawai) holds the only printed copy of the codes."""

    class Lingkup(models.TextChoices):
        PEGAWAI = "pegawai", "Satu pegawai"
        UNIT = "unit", "Satu unit kerja"
        OPD = "opd", "Satu OPD (dengan seluruh unitnya)"
        SEMUA = "semua", "Semua pegawai yang saya kelola"

    lingkup = models.CharField(max_length=8, choices=Lingkup.choices)
    unit = models.ForeignKey(
        "UnitKerja", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pegawai = models.ForeignKey(
        "Pegawai", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hanya_belum_aktif = models.BooleanField(default=True)
    terkirim_email = models.PositiveIntegerField(default=0)
    # Fixed by the job's first step (organisasi.aktivasi.surat_aktivasi_langkah): the pegawai
    # in print order, cleared when done, and the expiry of all its codes.
    urutan = models.JSONField(default=list, blank=True, editable=False)
    berlaku_sampai = models.DateTimeField(null=True, blank=True, editable=False)
    berkas = models.FileField(upload_to="surat-aktivasi/", blank=True, max_length=255)
    oleh = models.ForeignKey("Pegawai", on_delete=models.PROTECT, related_name="+")

    class Meta(PekerjaanLatar.Meta):
        verbose_name_plural = "surat aktivasi"


class Aktivasi(MilikInstansi):
    """A one-time activation code of one pegawai. Only a keyed hash of the code is kept;
    the row stays as the record of its issue, use, replacement or expiry."""

    pegawai = models.ForeignKey("Pegawai", on_delete=models.CASCADE, related_name="+")
    sidik = models.CharField(max_length=64)
    berlaku_sampai = models.DateTimeField()
    surat = models.ForeignKey(SuratAktivasi, null=True, on_delete=models.SET_NULL)
    oleh = models.ForeignKey("Pegawai", null=True, on_delete=models.SET_NULL, related_name="+")
    dibuat = models.DateTimeField(auto_now_add=True)
    dipakai_pada = models.DateTimeField(null=True, blank=True)
    # No longer valid without being used: replaced by a newer code, or expired (closed by
    # the hourly job organisasi.tasks.tutup_aktivasi_kedaluwarsa, with its audit entry).
    dicabut_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "aktivasi"
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai"],
                condition=models.Q(dipakai_pada=None, dicabut_pada=None),
                name="aktivasi_satu_berlaku",
            )
        ]
        # The hourly job finds a tenant's codes that expired unused (aktivasi_tutup_kedaluwarsa).
        indexes = [
            models.Index(
                fields=["instansi", "berlaku_sampai"],
                condition=models.Q(dipakai_pada=None, dicabut_pada=None),
                name="aktivasi_belum_ditutup",
            )
        ]


class GangguanTugas(MilikInstansi):
    """The last failure of a periodic job (locks, reminders) for one instansi, shown to its
    admin BKD on the jadwal page until the job next succeeds there. The other tenants are
    served meanwhile (organisasi.tasks.per_instansi)."""

    tugas = models.CharField(max_length=60)
    pesan = models.CharField(max_length=500)
    pada = models.DateTimeField()

    class Meta:
        verbose_name_plural = "gangguan tugas"
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tugas"], name="gangguan_tugas_unik")
        ]

    def __str__(self):
        return f"{self.tugas}: {self.pesan}"


class Impor(MilikInstansi):
    """One upload of an SI-ASN export: the dry run, the admin's confirmation, the record.

    The file stays in `isi` until the import is applied or cancelled, so the confirmation
    reads the very file the dry run showed; `sidik` (SHA-256) stays for the record.
    """

    class Jenis(models.TextChoices):
        UNIT_KERJA = "unit_kerja", "Unit kerja"
        PEGAWAI = "pegawai", "Pegawai"

    class Status(models.TextChoices):
        MEMERIKSA = "memeriksa", "Memeriksa berkas"
        PRATINJAU = "pratinjau", "Menunggu konfirmasi"
        MENERAPKAN = "menerapkan", "Sedang diterapkan"
        SELESAI = "selesai", "Selesai"
        DITOLAK = "ditolak", "Berkas ditolak"
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.MEMERIKSA)
    oleh = models.ForeignKey(Pegawai, null=True, on_delete=models.SET_NULL, related_name="+")
    # The OPD an admin OPD imported into; empty for BKD (the whole instansi).
    lingkup_opd = models.ForeignKey(
        UnitKerja, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nama_berkas = models.CharField(max_length=255)
    sidik = models.CharField(max_length=64)
    isi = models.BinaryField(editable=False)
    progres = models.PositiveSmallIntegerField(default=0)
    pesan = models.TextField(blank=True)
    rencana = models.JSONField(default=dict, blank=True)
    sidik_rencana = models.CharField(max_length=64, blank=True)
    jumlah = models.JSONField(default=dict, blank=True)
    pilihan = models.JSONField(default=dict, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diterapkan_pada = models.DateTimeField(null=True, blank=True)
    # Who confirmed and when: the job's row while it is being applied, so the sweeper can
    # send an apply whose message was lost (ekinerja.tasks.sapu_antrean).
    dikonfirmasi_pada = models.DateTimeField(null=True, blank=True)
    dikonfirmasi_oleh = models.ForeignKey(
        Pegawai, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-dibuat", "-id"]
        verbose_name_plural = "impor"
        indexes = [models.Index(fields=["instansi", "-dibuat"], name="impor_terbaru")]

    def __str__(self):
        return f"Impor {self.get_jenis_display()} {self.nama_berkas}"

    @property
    def selesai_diperiksa(self):
        return self.status not in (self.Status.MEMERIKSA, self.Status.MENERAPKAN)
