from django import forms
from django_scopes.forms import SafeModelChoiceField

from penilaian import rules
from penilaian.models import CapaianOrganisasi, Pembinaan, RencanaAksi

ANGKA = {"step": "any", "min": "0", "inputmode": "decimal"}


class RencanaAksiForm(forms.ModelForm):
    class Meta:
        model = RencanaAksi
        fields = ["rhk", "uraian", "target", "satuan"]
        field_classes = {"rhk": SafeModelChoiceField}
        labels = {"rhk": "RHK", "uraian": "Rencana aksi"}
        widgets = {
            "uraian": forms.Textarea(attrs={"rows": 2}),
            "target": forms.NumberInput(attrs=ANGKA),
            "satuan": forms.TextInput(attrs={"placeholder": "Laporan, Dokumen, %"}),
        }
        help_texts = {"target": "Target periode ini; boleh berbeda dari target tahunan."}

    def __init__(self, *args, rhk_pilihan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rhk"].queryset = rhk_pilihan
        self.fields["rhk"].empty_label = None


class RealisasiForm(forms.Form):
    realisasi = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Realisasi")
    realisasi_angka = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        label="Capaian (angka)",
        widget=forms.NumberInput(attrs=ANGKA),
    )


class BuktiForm(forms.Form):
    berkas = forms.FileField(
        required=False,
        label="Berkas",
        help_text="PDF, gambar atau dokumen perkantoran.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"
            }
        ),
    )
    tautan = forms.URLField(required=False, label="atau tautan", assume_scheme="https")
    keterangan = forms.CharField(required=False, max_length=255, label="Keterangan")

    def clean(self):
        data = super().clean()
        if self.has_error("berkas") or self.has_error("tautan"):
            return data  # one error per problem: an empty file is not also "upload a file"
        if bool(data.get("berkas")) == bool(data.get("tautan")):
            raise forms.ValidationError("Unggah satu berkas atau isi satu tautan.")
        return data


class CatatanForm(forms.Form):
    catatan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Catatan")


RATING_PILIHAN = [(k, v) for k, v in rules.LABEL_RATING.items()]


class RatingForm(forms.Form):
    rating_hasil_kerja = forms.ChoiceField(
        choices=RATING_PILIHAN, widget=forms.RadioSelect, label="Rating hasil kerja"
    )
    rating_perilaku_kerja = forms.ChoiceField(
        choices=RATING_PILIHAN, widget=forms.RadioSelect, label="Rating perilaku kerja"
    )


class CapaianForm(forms.ModelForm):
    class Meta:
        model = CapaianOrganisasi
        fields = ["capaian"]


class KomentarForm(forms.Form):
    indikator = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Tentang indikator (opsional)"
    )
    rencana_aksi = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Tentang rencana aksi (opsional)"
    )
    isi = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Umpan balik atau pertanyaan"
    )

    def __init__(self, *args, rencana_aksi_pilihan=(), indikator_pilihan=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].choices = [("", "— tidak tentang satu indikator —")] + [
            (i.pk, i.uraian[:90]) for i in indikator_pilihan
        ]
        self.fields["rencana_aksi"].choices = [("", "— RHK secara umum —")] + [
            (ra.pk, f"{ra.periode.label}: {ra.uraian[:80]}") for ra in rencana_aksi_pilihan
        ]


class PembinaanForm(forms.Form):
    jenis = forms.ChoiceField(choices=[("", "— pilih —")] + list(Pembinaan.Jenis.choices))
    rencana = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Rencana pembinaan")
    tanggal_tindak_lanjut = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        label="Tanggal tindak lanjut",
    )
