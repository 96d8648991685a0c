from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

from inti import pembatas


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="NIP",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "username"}
        ),
    )
    password = forms.CharField(
        label="Kata sandi",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data.get("username"):
            # After a failed try the NIP stays; the cursor goes where typing is needed.
            self.fields["username"].widget.attrs.pop("autofocus", None)
            self.fields["password"].widget.attrs["autofocus"] = True

    def clean(self):
        """Beside django-axes (5 failures of one NIP from one address): credential stuffing
        from one address across many NIPs, and one NIP tried from many addresses. Each is
        a fixed window from the first failure (a try during it does not extend it); a
        successful login after it clears the NIP's count."""
        alamat = pembatas.alamat_klien(self.request)
        kunci = [
            (f"login-gagal-alamat:{alamat}", settings.LOGIN_GAGAL_PER_ALAMAT, "dari alamat ini"),
            (
                f"login-gagal-nip:{self.data.get('username', '')[:32]}",
                settings.LOGIN_GAGAL_PER_NIP,
                "untuk NIP ini",
            ),
        ]
        for k, batas, siapa in kunci:
            if pembatas.jumlah(k) >= batas:
                raise forms.ValidationError(
                    f"Terlalu banyak login gagal {siapa}. Coba lagi dalam "
                    f"{settings.LOGIN_GAGAL_JENDELA // 60} menit.",
                    code="terlalu_banyak",
                )
        try:
            data = super().clean()
        except forms.ValidationError:
            for k, _, _ in kunci:
                pembatas.tambah(k, settings.LOGIN_GAGAL_JENDELA)
            raise
        cache.delete(kunci[1][0])
        return data

    error_messages = {
        "invalid_login": "NIP atau kata sandi salah. Periksa kembali; setelah beberapa kali "
        "gagal, login dikunci sementara.",
        "inactive": "Akun ini tidak aktif. Hubungi admin OPD Anda.",
    }
