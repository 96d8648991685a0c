from django import forms
from django_scopes.forms import SafeModelChoiceField

from organisasi.models import UnitKerja
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


AKSEP_BUKTI = ".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods"


class BuktiForm(forms.Form):
    """One bukti dukung on its own: the "Ganti" form replacing an earlier one."""

    berkas = forms.FileField(
        required=False,
        label="Berkas",
        help_text="PDF, gambar atau dokumen perkantoran.",
        widget=forms.ClearableFileInput(attrs={"accept": AKSEP_BUKTI}),
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


class RealisasiForm(BuktiForm):
    """Realisasi and, when one is attached, a bukti dukung, sent in one submit and saved
    together (services.realisasi_bukti_simpan): a refused file comes back beside the text
    typed, never instead of it. The text may stay blank when only a bukti is attached."""

    realisasi = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Realisasi"
    )
    realisasi_angka = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        label="Capaian (angka)",
        widget=forms.NumberInput(attrs=ANGKA),
    )
    field_order = ["realisasi", "realisasi_angka", "berkas", "tautan", "keterangan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["berkas"].label = "Bukti dukung (berkas)"
        self.fields["berkas"].help_text = "Opsional. PDF, gambar atau dokumen perkantoran."

    def clean(self):
        data = forms.Form.clean(self)  # not BuktiForm's: here the bukti is optional
        if self.has_error("berkas") or self.has_error("tautan"):
            return data  # one error per problem
        if data.get("berkas") and data.get("tautan"):
            self.add_error("tautan", "Isi tautan atau unggah berkas, tidak keduanya.")
        elif not data.get("realisasi") and not (data.get("berkas") or data.get("tautan")):
            self.add_error(
                "realisasi",
                forms.ValidationError(
                    self.fields["realisasi"].error_messages["required"], code="required"
                ),
            )
        return data


class CatatanForm(forms.Form):
    catatan = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Catatan")


class TarikReviewForm(forms.Form):
    """BKD pulls rated periods of one period into review (penilaian.services.review_tarik)."""

    kode = forms.ChoiceField(label="Periode")
    opd = SafeModelChoiceField(
        queryset=UnitKerja.objects.with_scopes_disabled().none(),
        required=False,
        label="OPD",
        empty_label="Semua OPD",
    )
    predikat = forms.ChoiceField(
        required=False,
        label="Predikat",
        choices=[("", "Semua predikat"), *rules.LABEL_PREDIKAT.items()],
    )
    persen_sampel = forms.IntegerField(
        label="Sampel (%)", min_value=1, max_value=100, initial=10,
        help_text="Diambil acak; 100 untuk semua.",
    )  # fmt: skip
    catatan = forms.CharField(
        label="Alasan review", max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "mis. Sampel acak 10% Triwulan III"}),
    )  # fmt: skip

    def __init__(self, *args, opd, pilihan_periode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd
        self.fields["kode"].choices = [(p.kode, p.label) for p in pilihan_periode]


RATING_PILIHAN = [(k, v) for k, v in rules.LABEL_RATING.items()]


class RatingForm(forms.Form):
    rating_hasil_kerja = forms.ChoiceField(
        choices=RATING_PILIHAN, widget=forms.RadioSelect, label="Rating hasil kerja"
    )
    rating_perilaku_kerja = forms.ChoiceField(
        choices=RATING_PILIHAN, widget=forms.RadioSelect, label="Rating perilaku kerja"
    )
    kontribusi = forms.CharField(
        required=False,
        label="Kontribusi pada tim/organisasi",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Opsional: peran pegawai bagi tim atau organisasi di luar RHK-nya.",
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
