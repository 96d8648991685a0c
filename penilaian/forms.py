from django import forms
from django_scopes.forms import SafeModelChoiceField

from organisasi.models import UnitKerja
from penilaian import rules
from penilaian.models import CapaianOrganisasi, DialogKinerja, Pembinaan, RencanaAksi

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


WAKTU = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class JadwalForm(forms.Form):
    """Times are typed in the instansi's zone: the request runs in it (TenantScopeMiddleware),
    so Django makes them aware in that zone."""

    langkah = forms.ChoiceField(choices=list(rules.LANGKAH.items()), label="Langkah")
    kode = forms.ChoiceField(label="Periode", required=False)
    mulai = forms.DateTimeField(widget=WAKTU, label="Mulai")
    batas = forms.DateTimeField(widget=WAKTU, label="Batas waktu")
    keterangan = forms.CharField(max_length=255, required=False, label="Keterangan")

    def __init__(self, *args, pilihan_periode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kode"].choices = [("", "— (penyusunan SKP: setahun)")] + [
            (p.kode, p.label) for p in pilihan_periode
        ]


class JadwalBulananForm(forms.Form):
    langkah = forms.ChoiceField(
        choices=[(k, v) for k, v in rules.LANGKAH.items() if k != rules.PENYUSUNAN_SKP],
        initial=rules.TPP_AKTIVITAS,
        label="Langkah",
    )
    hari = forms.IntegerField(min_value=1, max_value=28, initial=10, label="Tanggal batas")
    jam = forms.TimeField(
        initial="23:59", label="Jam batas", widget=forms.TimeInput(attrs={"type": "time"})
    )


class DispensasiForm(forms.Form):
    nip = forms.CharField(required=False, max_length=32, label="NIP pegawai")
    unit = SafeModelChoiceField(
        queryset=UnitKerja.objects.none(),
        required=False,
        label="atau unit kerja (beserta unit di bawahnya)",
    )
    sampai = forms.DateTimeField(widget=WAKTU, label="Dibuka sampai")
    alasan = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Alasan")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("nip")) == bool(data.get("unit")):
            raise forms.ValidationError("Isi NIP pegawai atau pilih unit kerja (salah satu).")
        return data


class CetakForm(forms.Form):
    tanggal = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), label="Tanggal dokumen"
    )
    lokasi = forms.CharField(max_length=100, label="Lokasi")


class PindaianForm(forms.Form):
    berkas = forms.FileField(label="Pindaian bertanda tangan (PDF atau gambar)")


class VerifikasiForm(forms.Form):
    berkas = forms.FileField(label="Periksa berkas PDF yang Anda terima")


class CetakMassalForm(forms.Form):
    opd = SafeModelChoiceField(queryset=UnitKerja.objects.none(), label="OPD")

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd


class DialogForm(forms.Form):
    tanggal = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    topik = forms.ChoiceField(choices=[("", "— pilih —")] + list(DialogKinerja.Topik.choices))
    pembahasan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Yang dibahas")
    kesepakatan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Yang disepakati")


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
