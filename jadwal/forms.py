from django import forms
from django_scopes.forms import SafeModelChoiceField

from jadwal import rules
from organisasi.models import UnitKerja

WAKTU = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WaktuField(forms.DateTimeField):
    """A moment of a jadwal: year 1 typed by mistake must be refused beside the field, not
    saved (converting it to UTC overflows, and every page of the step would answer 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", WAKTU)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and (galat := rules.galat_tahun(value)):
            raise forms.ValidationError(galat)


class JadwalForm(forms.Form):
    """Times are typed in the instansi's zone: the request runs in it (TenantScopeMiddleware),
    so Django makes them aware in that zone."""

    langkah = forms.ChoiceField(choices=list(rules.LANGKAH.items()), label="Langkah")
    kode = forms.ChoiceField(label="Periode", required=False)
    mulai = WaktuField(label="Mulai")
    batas = WaktuField(label="Batas waktu")
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
    sampai = WaktuField(label="Dibuka sampai")
    alasan = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Alasan")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("nip")) == bool(data.get("unit")):
            raise forms.ValidationError("Isi NIP pegawai atau pilih unit kerja (salah satu).")
        return data
