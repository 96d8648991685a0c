from django import forms
from django.conf import settings
from django_scopes.forms import SafeModelChoiceField

from organisasi.models import UnitKerja


class CetakForm(forms.Form):
    tanggal = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), label="Tanggal dokumen"
    )
    lokasi = forms.CharField(max_length=100, label="Lokasi")


class PindaianForm(forms.Form):
    berkas = forms.FileField(label="Pindaian bertanda tangan (PDF atau gambar)")


class VerifikasiForm(forms.Form):
    berkas = forms.FileField(label="Periksa berkas PDF yang Anda terima")

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > settings.BUKTI_UKURAN_MAKS:
            raise forms.ValidationError(
                f"Berkas lebih dari {settings.BUKTI_UKURAN_MAKS // 2**20} MB; dokumen "
                "e-Kinerja jauh lebih kecil."
            )
        return berkas


class CetakMassalForm(forms.Form):
    opd = SafeModelChoiceField(queryset=UnitKerja.objects.none(), label="OPD")

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd
