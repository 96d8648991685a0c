from django import forms
from django.conf import settings
from django_scopes.forms import SafeModelChoiceField

from dokumen.models import CetakMassal
from inti.format import format_ukuran, format_ukuran_berlebih
from organisasi.models import UnitKerja


class CetakForm(forms.Form):
    tanggal = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), label="Tanggal dokumen"
    )
    lokasi = forms.CharField(max_length=100, label="Lokasi")


class PindaianForm(forms.Form):
    # An empty file passes here so the service's check (penilaian.services.
    # periksa_berkas_bukti) tells it apart: the page shows one message per problem (empty,
    # too big, wrong type), and the form's own only when no file was chosen.
    berkas = forms.FileField(
        label="Pindaian bertanda tangan (PDF atau gambar)",
        allow_empty_file=True,
        error_messages={"required": "Pilih berkas pindaian."},
    )


class VerifikasiForm(forms.Form):
    berkas = forms.FileField(label="Periksa berkas PDF yang Anda terima")

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        batas = settings.BUKTI_UKURAN_MAKS
        if berkas.size > batas:
            raise forms.ValidationError(
                f"Berkas terlalu besar ({format_ukuran_berlebih(berkas.size, batas)}); paling "
                f"besar {format_ukuran(batas)}. Dokumen e-Kinerja jauh lebih kecil."
            )
        return berkas


class CetakMassalForm(forms.Form):
    opd = SafeModelChoiceField(queryset=UnitKerja.objects.none(), label="OPD")
    jenis = forms.ChoiceField(
        choices=CetakMassal.Jenis.choices,
        initial=CetakMassal.Jenis.DOKUMEN,
        required=False,  # a form without the choice asks for the documents, as before
        label="Isi ZIP",
        help_text="Paket SIMPEG: satu berkas per dokumen bernama NIP (pindaian bertanda "
        "tangan bila sudah diunggah) dan lembar indeks, untuk diunggah Operator OPD ke SIMPEG.",
    )

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd
