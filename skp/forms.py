from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes.forms import SafeModelChoiceField

from inti.parameter import TAHUN_TERBESAR, TAHUN_TERKECIL
from organisasi.forms import label_pohon
from organisasi.models import Pegawai, UnitKerja
from skp.models import RHK, SKP, DialogKinerja, Indikator, SasaranPerjanjianKinerja

TANGGAL = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SKPForm(forms.ModelForm):
    tahun = forms.IntegerField(min_value=2020, max_value=2100)

    class Meta:
        model = SKP
        fields = ["tahun", "mulai", "selesai", "pendekatan"]
        widgets = {"mulai": TANGGAL, "selesai": TANGGAL}
        help_texts = {
            "mulai": "Kosongkan untuk 1 Januari (atau TMT/SPMT bila di tahun ini).",
            "selesai": "Kosongkan untuk 31 Desember.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mulai"].required = False
        self.fields["selesai"].required = False


class LampiranForm(forms.ModelForm):
    class Meta:
        model = SKP
        fields = [
            "pendekatan",
            "manual_indikator",
            "strategi_pencapaian",
            "dukungan_sumber_daya",
            "skema_pertanggungjawaban",
            "konsekuensi",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in [
                "manual_indikator",
                "strategi_pencapaian",
                "dukungan_sumber_daya",
                "skema_pertanggungjawaban",
                "konsekuensi",
            ]
        }
        help_texts = {
            "pendekatan": "Kuantitatif: target indikator berupa angka dan satuan. Kualitatif: "
            "target berupa uraian hasil yang diharapkan, dinilai pejabat penilai tanpa "
            "persentase capaian. Hanya dapat diubah sebelum indikator diisi.",
        }


class PilihanBanyakField(forms.ModelMultipleChoiceField):
    """Rows ticked by id. An id beyond what the id column holds (a forged
    99999999999999999999) is refused like any id not offered: Django would put it in the
    `IN (...)` query, which overflows the database's integer and answers 500."""

    def _check_values(self, value):
        pk = self.queryset.model._meta.pk
        terkecil, terbesar = connection.ops.integer_field_range(pk.get_internal_type())
        for nilai in value if isinstance(value, (list, tuple)) else ():
            try:
                angka = int(nilai)
            except (TypeError, ValueError):
                continue  # not a number: Django refuses it itself
            if not terkecil <= angka <= terbesar:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": nilai},
                )
        return super()._check_values(value)


class RHKForm(forms.Form):
    jenis = forms.ChoiceField(
        choices=RHK.Jenis.choices, widget=forms.RadioSelect, initial=RHK.Jenis.UTAMA
    )
    uraian = forms.CharField(label="Rencana hasil kerja", widget=forms.Textarea(attrs={"rows": 2}))
    intervensi = PilihanBanyakField(
        label="RHK atasan yang diintervensi",
        required=False,
        queryset=RHK.objects.with_scopes_disabled().none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Pilih RHK dari daftar RHK atasan."},
    )
    intervensi_pk = PilihanBanyakField(
        label="Sasaran Perjanjian Kinerja yang diintervensi",
        required=False,
        queryset=SasaranPerjanjianKinerja.objects.with_scopes_disabled().none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pilihan, **kwargs):
        super().__init__(*args, **kwargs)
        self.pilihan = pilihan
        # A Kepala OPD or JPT below an atasan gets both lists (skp.selectors.pilihan_intervensi).
        if pilihan.atasan is not None:
            self.fields["intervensi"].queryset = RHK.objects.filter(
                pk__in=[r.pk for r in pilihan.rhk]
            )
        else:
            del self.fields["intervensi"]
        if pilihan.atasan is None or pilihan.sasaran_pk:
            self.fields["intervensi_pk"].queryset = SasaranPerjanjianKinerja.objects.filter(
                pk__in=[s.pk for s in pilihan.sasaran_pk]
            )
        else:
            del self.fields["intervensi_pk"]


class IndikatorForm(forms.ModelForm):
    """The target fields follow the SKP's pendekatan, chosen on the server (no script):
    kuantitatif asks for a number and satuan, kualitatif for a descriptive target."""

    FIELD_KUANTITATIF = ("target_min", "target_maks", "satuan")

    class Meta:
        model = Indikator
        fields = list(Indikator.ISIAN)
        widgets = {
            "uraian": forms.Textarea(attrs={"rows": 2}),
            "target_deskripsi": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "target_min": "Target",
            "uraian": "Indikator kinerja individu",
            "target_deskripsi": "Target (deskriptif)",
        }
        help_texts = {
            "satuan": "Mis. Laporan, Bulan, %, Dokumen.",
            "target_deskripsi": "SKP berpendekatan kualitatif: uraikan hasil yang diharapkan, "
            'mis. "Laporan diterima pimpinan tanpa revisi". Dinilai pejabat penilai tanpa '
            "persentase capaian.",
        }

    def __init__(self, *args, jpt, kualitatif=False, **kwargs):
        super().__init__(*args, **kwargs)
        if jpt:
            self.fields["perspektif"].required = True
        else:
            del self.fields["perspektif"]
        if kualitatif:
            for nama in self.FIELD_KUANTITATIF:
                del self.fields[nama]
            self.fields["target_deskripsi"].required = True
            self.fields["target_deskripsi"].error_messages["required"] = (
                "Tuliskan target sebagai uraian hasil yang diharapkan."
            )
        else:
            del self.fields["target_deskripsi"]
            self.fields["target_min"].required = True
            self.fields["satuan"].required = True

    def clean(self):
        data = super().clean()
        if (
            data.get("target_maks") is not None
            and data.get("target_min") is not None
            and data["target_maks"] < data["target_min"]
        ):
            self.add_error(
                "target_maks", "Target maksimum harus sama atau lebih besar dari target."
            )
        return data

    def _post_clean(self):
        # Validated in the service, which also knows the RHK and the tenant.
        pass


class KembalikanForm(forms.Form):
    catatan = forms.CharField(
        label="Catatan untuk pegawai",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tulis catatan: apa yang perlu diperbaiki pegawai."},
    )


class MutasiForm(forms.Form):
    tmt = forms.DateField(label="TMT pada SK mutasi", widget=TANGGAL)
    unit_kerja = SafeModelChoiceField(
        label="Unit kerja baru", queryset=UnitKerja.objects.with_scopes_disabled().none()
    )
    jabatan = forms.CharField(label="Jabatan baru", max_length=255)
    jenis_jabatan = forms.ChoiceField(
        label="Jenis jabatan baru", choices=Pegawai.JenisJabatan.choices
    )
    jenjang = forms.ChoiceField(
        label="Jenjang (untuk jabatan fungsional)",
        required=False,
        choices=[("", "—"), *Pegawai.Jenjang.choices],
    )

    def clean(self):
        data = super().clean()
        if data.get("jenis_jabatan") == Pegawai.JenisJabatan.FUNGSIONAL and not data.get("jenjang"):
            self.add_error("jenjang", "Pejabat fungsional wajib memilih jenjang.")
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(aktif=True).order_by("path")
        self.fields["unit_kerja"].label_from_instance = label_pohon


class SasaranPKForm(forms.ModelForm):
    class Meta:
        model = SasaranPerjanjianKinerja
        fields = ["tahun", "unit_kerja", "sasaran", "indikator"]
        field_classes = {"unit_kerja": SafeModelChoiceField}
        widgets = {
            "sasaran": forms.Textarea(attrs={"rows": 2}),
            "indikator": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"].queryset = UnitKerja.objects.filter(depth__lte=2).order_by(
            "path"
        ) | UnitKerja.objects.filter(adalah_opd=True)
        # A small-integer column: a typo such as 99999 is refused here, not by the database.
        tahun = self.fields["tahun"]
        tahun.min_value, tahun.max_value = TAHUN_TERKECIL, TAHUN_TERBESAR
        tahun.validators += [
            validators.MinValueValidator(TAHUN_TERKECIL),
            validators.MaxValueValidator(TAHUN_TERBESAR),
        ]

    def _post_clean(self):
        pass


class ImporSKPForm(forms.Form):
    berkas = forms.FileField(
        label="Berkas ekspor SKP dari e-Kinerja BKN",
        help_text="Excel (.xlsx) dengan tabel HASIL KERJA seperti unduhan e-Kinerja BKN.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class DialogForm(forms.Form):
    tanggal = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    topik = forms.ChoiceField(choices=[("", "— pilih —")] + list(DialogKinerja.Topik.choices))
    pembahasan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Yang dibahas")
    kesepakatan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Yang disepakati")
