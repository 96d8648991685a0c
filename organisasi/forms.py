from django import forms
from django.core.exceptions import ValidationError
from django_scopes.forms import SafeModelChoiceField

from inti.masukan import teks_bersih
from organisasi.impor import KOLOM
from organisasi.models import (
    HariLibur,
    Impor,
    Instansi,
    Pegawai,
    Pengecualian,
    Penugasan,
    StatusPimpinan,
    SuratAktivasi,
    UnitKerja,
)
from organisasi.rules import urai_nip


def label_pohon(unit) -> str:
    """A unit in a select, indented by its depth in the tree."""
    return f"{'— ' * (unit.depth - 1)}{unit.nama}"


class PilihUnitField(forms.ModelChoiceField):
    """A unit picked from the tree only: the queryset is the tenant's active units, so a
    forged id answers 'pilihan tidak valid' instead of reaching another instansi."""

    widget = forms.RadioSelect
    default_error_messages = {
        "invalid_choice": "Pilih unit kerja dari daftar hasil pencarian.",
        "required": "Unit kerja wajib dipilih.",
    }

    def label_from_instance(self, unit):
        induk = f" — {unit.parent.nama}" if unit.parent_id else ""
        return f"{unit.nama}{induk}"


class ProfilForm(forms.ModelForm):
    unit_kerja = PilihUnitField(queryset=UnitKerja.objects.with_scopes_disabled().none())

    class Meta:
        model = Pegawai
        fields = ["unit_kerja", "jabatan", "jenis_jabatan", "jenjang", "pangkat_golongan"]
        labels = {"pangkat_golongan": "Pangkat/golongan ruang"}

    def __init__(self, *args, pilihan_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(aktif=True).select_related(
            "parent"
        )
        # Offer only the current unit and the search results, never the whole tree.
        self.pilihan_unit = list(pilihan_unit or [])
        sekarang = self.instance.unit_kerja
        if sekarang and sekarang not in self.pilihan_unit:
            self.pilihan_unit.insert(0, sekarang)
        self.fields["unit_kerja"].widget.choices = [
            (u.pk, self.fields["unit_kerja"].label_from_instance(u)) for u in self.pilihan_unit
        ]
        self.fields["jabatan"].required = True

    def clean(self):
        data = super().clean()
        fungsional = data.get("jenis_jabatan") == Pegawai.JenisJabatan.FUNGSIONAL
        if fungsional and not data.get("jenjang"):
            self.add_error("jenjang", "Pejabat fungsional wajib memilih jenjang.")
        if not fungsional and data.get("jenjang"):
            self.add_error("jenjang", "Jenjang hanya diisi untuk jabatan fungsional.")
        return data


class KlaimPimpinanForm(forms.Form):
    # No default: a Plt. clicking quickly must not be recorded as definitif.
    status = forms.ChoiceField(
        label="Status pimpinan",
        choices=[("", "— pilih status —"), *StatusPimpinan.choices],
        help_text="Definitif, Plt. (Pelaksana Tugas), Plh. (Pelaksana Harian) atau Pj. (Penjabat).",
        error_messages={"required": "Pilih status pimpinan."},
    )


class UnitKerjaForm(forms.ModelForm):
    class Meta:
        model = UnitKerja
        fields = ["nama", "id_eksternal", "eselon", "parent", "adalah_opd", "hari_kerja", "aktif"]
        labels = {"parent": "Unit induk", "id_eksternal": "ID unit (BKN/SI-ASN)"}
        # Querysets are set per request, inside the tenant scope.
        field_classes = {"parent": SafeModelChoiceField}

    def __init__(self, *args, unit_boleh, boleh_opd, **kwargs):
        super().__init__(*args, **kwargs)
        induk = unit_boleh
        unit = self.instance
        if unit.pk:
            # Not under itself; and its current parent stays choosable even when it is
            # outside the admin's OPD (an admin OPD editing the OPD unit itself).
            induk = induk.exclude(path__startswith=unit.path)
            if unit.parent_id:
                induk = induk | UnitKerja.objects.filter(pk=unit.parent_id)
        self.fields["parent"].queryset = induk.order_by("path")
        # Only the instansi's root unit has no parent.
        self.fields["parent"].required = not (unit.pk and unit.parent_id is None)
        self.fields["parent"].label_from_instance = label_pohon
        if not boleh_opd:
            # Only BKD creates OPD: an admin OPD works inside its own.
            del self.fields["adalah_opd"]

    def clean_id_eksternal(self):
        nilai = self.cleaned_data["id_eksternal"].strip()
        lain = UnitKerja.objects.filter(id_eksternal=nilai)
        if self.instance.pk:
            lain = lain.exclude(pk=self.instance.pk)
        if lain.exists():
            raise ValidationError("ID unit ini sudah dipakai unit lain.")
        return nilai


class PimpinanForm(forms.Form):
    pegawai = forms.ModelChoiceField(
        label="Pegawai",
        queryset=Pegawai.objects.with_scopes_disabled().none(),
        error_messages={"invalid_choice": "Pilih pegawai dari unit ini."},
    )
    status = forms.ChoiceField(label="Status", choices=StatusPimpinan.choices)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = Pegawai.objects.filter(unit_kerja=unit).order_by("nama")
        self.fields["pegawai"].label_from_instance = lambda p: f"{p.nama} — {p.nip}"


class PegawaiAdminForm(forms.ModelForm):
    password = forms.CharField(
        label="Kata sandi awal",
        widget=forms.PasswordInput,
        required=False,
        min_length=8,
        help_text="Wajib untuk pegawai baru; kosongkan bila tidak diubah.",
    )

    class Meta:
        model = Pegawai
        fields = [
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "jenis_asn",
            "tanggal_lahir",
            "jenis_kelamin",
            "email",
            "unit_kerja",
            "jabatan",
            "jenis_jabatan",
            "jenjang",
            "kelas_jabatan",
            "pangkat_golongan",
            "tmt_cpns",
            "tmt_pns",
            "tanggal_spmt",
            "tmt_jabatan",
            "status",
            "peran",
            "admin_opd",
            "is_active",
        ]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ["tanggal_lahir", "tmt_cpns", "tmt_pns", "tanggal_spmt", "tmt_jabatan"]
        }
        field_classes = {"unit_kerja": SafeModelChoiceField, "admin_opd": SafeModelChoiceField}

    def __init__(self, *args, admin, unit_boleh, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.instansi_id = admin.instansi_id
        self.fields["unit_kerja"].queryset = unit_boleh.order_by("path")
        self.fields["unit_kerja"].required = True
        self.fields["unit_kerja"].label_from_instance = label_pohon
        if admin.adalah_admin_bkd:
            self.fields["admin_opd"].queryset = UnitKerja.objects.filter(adalah_opd=True)
            self.fields["peran"].choices = [
                c for c in Pegawai.Peran.choices if c[0] != Pegawai.Peran.SUPERADMIN
            ]
        else:
            # Roles are granted by BKD; an admin OPD manages people, not admins.
            del self.fields["peran"]
            del self.fields["admin_opd"]
        if self.instance.pk:
            self.fields["nip"].disabled = True

    def clean_nip(self):
        nip = self.cleaned_data["nip"].strip()
        if not self.instance.pk:
            try:
                urai_nip(nip, pppk=self.data.get("jenis_asn") == Pegawai.JenisAsn.PPPK)
            except ValueError as e:
                raise ValidationError(str(e)) from None
            if Pegawai.objects.with_scopes_disabled().filter(nip=nip).exists():
                raise ValidationError("NIP ini sudah terdaftar.")
        return nip

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("password"):
            self.add_error("password", "Kata sandi awal wajib diisi untuk pegawai baru.")
        return data

    def validate_unique(self):
        # NIP uniqueness is checked across all instansi in clean_nip.
        pass


class PenugasanForm(forms.ModelForm):
    """A PNS diperbantukan/dipekerjakan from another instansi (organisasi.services
    .penugasan_catat). The home instansi is chosen among every instansi but this one: the
    names of tenants are not tenant data."""

    instansi_asal = forms.ModelChoiceField(
        queryset=Instansi.objects.none(), label="Instansi asal", empty_label="Pilih instansi…"
    )

    class Meta:
        model = Penugasan
        fields = ["instansi_asal", "jenis", "mulai", "selesai", "nomor_sk"]
        widgets = {
            "mulai": forms.DateInput(attrs={"type": "date"}),
            "selesai": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, instansi, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instansi_asal"].queryset = Instansi.objects.exclude(pk=instansi.pk).order_by(
            "nama"
        )

    def clean(self):
        data = super().clean()
        if data.get("mulai") and data.get("selesai") and data["selesai"] < data["mulai"]:
            self.add_error("selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return data


class PengecualianForm(forms.ModelForm):
    class Meta:
        model = Pengecualian
        fields = ["jenis", "mulai", "selesai", "keterangan"]
        widgets = {
            "mulai": forms.DateInput(attrs={"type": "date"}),
            "selesai": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("mulai") and data.get("selesai") and data["selesai"] < data["mulai"]:
            self.add_error("selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
        return data


class InstansiForm(forms.ModelForm):
    class Meta:
        model = Instansi
        fields = ["nama", "kode", "jenis", "zona_waktu", "lokasi_cetak", "aktif"]


class InstansiBaruForm(InstansiForm):
    """A new tenant with its root unit and first admin BKD."""

    nama_unit_induk = forms.CharField(
        label="Nama unit induk", max_length=255, help_text="Mis. PEMERINTAH KABUPATEN BULELENG"
    )
    admin_nip = forms.CharField(label="NIP admin BKD pertama", max_length=18)
    admin_nama = forms.CharField(label="Nama admin BKD pertama", max_length=150)
    admin_password = forms.CharField(
        label="Kata sandi awal admin", widget=forms.PasswordInput, min_length=8
    )

    def clean_admin_nip(self):
        nip = self.cleaned_data["admin_nip"].strip()
        try:
            urai_nip(nip)
        except ValueError as e:
            raise ValidationError(str(e)) from None
        if Pegawai.objects.with_scopes_disabled().filter(nip=nip).exists():
            raise ValidationError("NIP ini sudah terdaftar.")
        return nip


class PengaturanInstansiForm(forms.ModelForm):
    periode_bulanan = forms.BooleanField(
        required=False,
        label="Penilaian periodik bulanan",
        help_text="Centang bila instansi menilai setiap bulan (seperti SI-KINERJA) alih-alih "
        "per triwulan. Periode yang sudah ditambahkan tidak berubah.",
    )
    rencana_aksi_semua_rhk = forms.BooleanField(
        required=False,
        label="Rencana aksi wajib untuk setiap RHK",
        help_text="Centang bila setiap RHK harus memiliki rencana aksi pada setiap periode "
        "sebelum realisasi diisi (aturan lokal, mis. Buleleng). Bila tidak dicentang berlaku "
        "aturan BKN: rencana aksi hanya untuk RHK yang dikerjakan pada periode itu, paling "
        "sedikit satu.",
    )
    jendela_progres = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=10,
        label="Batas pengisian progres harian (hari kerja)",
        help_text="Progres suatu hari tepat waktu bila diajukan paling lambat sekian hari kerja "
        "sesudahnya (bawaan 3). Sesudah itu masih boleh diisi, tetapi dihitung terlambat; "
        "potongan TPP-nya diatur pada Konfigurasi TPP.",
    )

    dua_langkah = forms.ChoiceField(
        label="Verifikasi dua langkah",
        choices=list(Instansi.DUA_LANGKAH.items()),
        widget=forms.RadioSelect,
        help_text="Wajib: peran yang dicentang di bawah harus memasang aplikasi autentikator "
        "atau passkey sebelum memakai e-Kinerja. Opsional: setiap pegawai boleh memasangnya.",
    )
    dua_langkah_peran = forms.MultipleChoiceField(
        label="Wajib untuk peran",
        required=False,
        choices=[
            (Pegawai.Peran.ADMIN_BKD, "Admin BKD / Tim Penilai Kinerja"),
            (Pegawai.Peran.ADMIN_OPD, "Admin OPD"),
            (Pegawai.Peran.PEGAWAI, "Semua pegawai"),
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Instansi
        fields = ["lokasi_cetak"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode_bulanan"].initial = self.instance.periode_bulanan
        self.fields["rencana_aksi_semua_rhk"].initial = self.instance.rencana_aksi_semua_rhk
        self.fields["jendela_progres"].initial = self.instance.jendela_progres
        self.fields["dua_langkah"].initial = self.instance.dua_langkah
        self.fields["dua_langkah_peran"].initial = self.instance.dua_langkah_peran

    def clean(self):
        data = super().clean()
        if data.get("dua_langkah") == "wajib" and not data.get("dua_langkah_peran"):
            self.add_error("dua_langkah_peran", "Centang paling sedikit satu peran yang wajib.")
        return data

    def perubahan(self) -> dict:
        """Model fields to save, with the options folded into `pengaturan`."""
        data = dict(self.cleaned_data)
        pilihan = {
            k: data.pop(k)
            for k in (
                "periode_bulanan",
                "rencana_aksi_semua_rhk",
                "jendela_progres",
                "dua_langkah",
                "dua_langkah_peran",
            )
        }
        if pilihan["jendela_progres"] is None:
            pilihan["jendela_progres"] = self.instance.jendela_progres
        return {**data, "pengaturan": {**self.instance.pengaturan, **pilihan}}


class HariLiburForm(forms.ModelForm):
    class Meta:
        model = HariLibur
        fields = ["tanggal", "nama"]
        widgets = {"tanggal": forms.DateInput(attrs={"type": "date"})}

    def clean_tanggal(self):
        tanggal = self.cleaned_data["tanggal"]
        if HariLibur.objects.filter(tanggal=tanggal).exists():
            raise ValidationError("Tanggal ini sudah tercatat sebagai hari libur.")
        return tanggal

    def validate_unique(self):
        # (instansi, tanggal) is checked in clean_tanggal, inside the tenant scope.
        pass


class ImporForm(forms.Form):
    jenis = forms.ChoiceField(
        label="Jenis data",
        choices=Impor.Jenis.choices,
        help_text="Impor unit kerja lebih dahulu: pegawai dikaitkan ke unit lewat ID unit.",
    )
    berkas = forms.FileField(
        label="Berkas ekspor SI-ASN",
        help_text="Excel (.xlsx) atau CSV, paling besar 20 MB. Baris pertama berisi judul kolom.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class KolomImporForm(forms.Form):
    """One text input per field: the header name(s) in this instansi's exports."""

    def __init__(self, *args, jenis, sekarang: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for field, kolom in KOLOM[jenis].items():
            self.fields[field] = forms.CharField(
                label=kolom.label,
                required=False,
                max_length=200,
                initial=sekarang.get(field, ""),
                help_text=f"Bawaan: {', '.join(kolom.judul)}"
                + (" — wajib ada di berkas." if kolom.wajib else "."),
            )


class AktivasiForm(forms.Form):
    nip = forms.CharField(
        label="NIP",
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    kode = forms.CharField(
        label="Kode aktivasi",
        max_length=40,
        help_text="Tertera pada surat aktivasi dari admin OPD, mis. ABCD-EFGH-JKMN.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
    )
    kata_sandi = forms.CharField(
        label="Kata sandi baru",
        strip=False,
        help_text="Paling sedikit 8 karakter, tidak hanya angka, tidak mirip NIP atau nama.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    kata_sandi_ulang = forms.CharField(
        label="Ulangi kata sandi baru",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_nip(self):
        return teks_bersih(self.cleaned_data["nip"])

    def clean(self):
        data = super().clean()
        if data.get("kata_sandi") and data.get("kata_sandi") != data.get("kata_sandi_ulang"):
            self.add_error("kata_sandi_ulang", "Kedua kata sandi tidak sama.")
        return data


class SuratAktivasiForm(forms.Form):
    lingkup = forms.ChoiceField(
        label="Untuk", choices=SuratAktivasi.Lingkup.choices, widget=forms.RadioSelect
    )
    nip = forms.CharField(
        label="NIP pegawai",
        max_length=32,
        required=False,
        help_text="Untuk satu pegawai: kode baru menggantikan kodenya yang lama.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    unit = forms.ModelChoiceField(
        label="Unit kerja / OPD", queryset=UnitKerja.objects.none(), required=False
    )
    hanya_belum_aktif = forms.BooleanField(
        label="Hanya pegawai yang belum mengaktifkan akun", required=False, initial=True
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class SSOForm(forms.Form):
    issuer = forms.URLField(
        assume_scheme="https",
        label="Issuer (URL penyedia OpenID Connect)",
        required=False,
        help_text="Mis. https://sso.contoh.go.id/realms/asn. Kosongkan untuk mematikan SSO.",
    )
    client_id = forms.CharField(label="Client ID", max_length=191, required=False)
    client_secret = forms.CharField(
        label="Client secret",
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Tidak ditampilkan kembali; kosongkan untuk mempertahankan yang tersimpan.",
    )
    klaim_nip = forms.CharField(
        label="Klaim berisi NIP",
        max_length=60,
        initial="nip",
        help_text="Nama klaim pada ID token/userinfo yang berisi NIP 18 angka.",
    )
    login_sandi = forms.BooleanField(
        label="Izinkan juga login dengan NIP dan kata sandi",
        required=False,
        initial=True,
        help_text="Matikan setelah SSO terbukti berjalan; admin BKD tetap dapat masuk lewat "
        "SSO dan menyalakannya lagi.",
    )

    def clean(self):
        data = super().clean()
        for kolom in ("client_id", "klaim_nip"):
            if kolom in data:
                data[kolom] = teks_bersih(data[kolom], field=kolom)
        if data.get("issuer") and not data.get("client_id"):
            self.add_error("client_id", "Isi client ID dari penyedia SSO.")
        if not data.get("issuer") and data.get("login_sandi") is False:
            self.add_error(
                "login_sandi", "Login dengan kata sandi hanya dapat dimatikan bila SSO diatur."
            )
        return data
