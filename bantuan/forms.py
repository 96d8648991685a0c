from django import forms

from bantuan import rules
from bantuan.models import KontakBantuan, PertanyaanUmum, Tiket

BARIS = {"rows": 6}


class TiketForm(forms.Form):
    """What the pegawai types. The page the "Bantuan" link was pressed on travels beside
    the form, not in it (bantuan.views.buat): a hidden field's error would be shown nowhere."""

    judul = forms.CharField(
        max_length=150,
        help_text='Satu kalimat, mis. "Nama saya tidak muncul di penilaian kabid".',
        error_messages={"required": "Tuliskan judul singkat masalah Anda."},
    )
    kategori = forms.ChoiceField(
        choices=[("", "Pilih kategori…"), *Tiket.Kategori.choices],
        error_messages={
            "required": "Pilih kategori masalah.",
            "invalid_choice": "Pilih kategori masalah dari daftar.",
        },
    )
    uraian = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs=BARIS),
        help_text="Apa yang Anda lakukan, apa yang muncul, dan apa yang Anda harapkan.",
        error_messages={
            "required": "Ceritakan masalahnya: apa yang Anda lakukan dan apa yang muncul."
        },
    )


class BalasanForm(forms.Form):
    isi = forms.CharField(
        label="Balasan",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tuliskan balasan Anda."},
    )

    def __init__(self, *args, penangan=False, **kwargs):
        super().__init__(*args, **kwargs)
        if penangan:
            # Only whoever handles the ticket says where it goes next.
            self.fields["lanjut"] = forms.ChoiceField(
                label="Setelah dibalas",
                choices=list(rules.LANJUT.items()),
                initial=rules.MENUNGGU_PEGAWAI,
                error_messages={
                    "required": "Pilih kelanjutan permintaan ini.",
                    "invalid_choice": "Pilih kelanjutan permintaan ini.",
                },
            )


class TeruskanForm(forms.Form):
    catatan = forms.CharField(
        label="Catatan untuk BKD",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Apa yang sudah diperiksa di OPD dan mengapa perlu ditangani BKD.",
        error_messages={
            "required": "Tuliskan apa yang sudah diperiksa dan mengapa perlu ditangani BKD."
        },
    )


class PertanyaanUmumForm(forms.ModelForm):
    class Meta:
        model = PertanyaanUmum
        fields = ["pertanyaan", "jawaban"]
        widgets = {"jawaban": forms.Textarea(attrs=BARIS)}
        error_messages = {
            "pertanyaan": {"required": "Tuliskan pertanyaannya."},
            "jawaban": {"required": "Tuliskan jawabannya."},
        }


class KontakBantuanForm(forms.ModelForm):
    class Meta:
        model = KontakBantuan
        fields = ["telepon", "surel", "jam_layanan", "keterangan"]
        error_messages = {"surel": {"invalid": "Alamat e-mail tidak sah, mis. bkd@contoh.go.id."}}
