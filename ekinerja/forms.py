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
        if not self.is_bound and self.request is not None and self.request.GET.get("nip"):
            # Back from activation: the NIP is typed already.
            self.initial["username"] = self.request.GET["nip"][:32]
            self.fields["username"].widget.attrs.pop("autofocus", None)
            self.fields["password"].widget.attrs["autofocus"] = True
        if self.data.get("username"):
            # After a failed try the NIP stays; the cursor goes where typing is needed.
            self.fields["username"].widget.attrs.pop("autofocus", None)
            self.fields["password"].widget.attrs["autofocus"] = True

    def clean(self):
        """Beside django-axes (5 failures of one NIP from one address): credential stuffing
        from one address across many NIPs, and one NIP tried from many addresses. Each is
        a fixed window from the first failure (a try during it does not extend it); a
        successful login after it clears the NIP's count."""
        batasan = pembatas.batasan_alamat_nip(
            self.request,
            self.data.get("username", ""),
            awalan="login-gagal",
            per_alamat=settings.LOGIN_GAGAL_PER_ALAMAT,
            per_nip=settings.LOGIN_GAGAL_PER_NIP,
        )
        if siapa := pembatas.melampaui(batasan):
            raise forms.ValidationError(
                f"Terlalu banyak login gagal {siapa}. Coba lagi dalam "
                f"{settings.LOGIN_GAGAL_JENDELA // 60} menit.",
                code="terlalu_banyak",
            )
        try:
            data = super().clean()
        except forms.ValidationError:
            pembatas.gagal(batasan, settings.LOGIN_GAGAL_JENDELA)
            raise
        cache.delete(batasan[1][0])
        return data

    error_messages = {
        "invalid_login": "NIP atau kata sandi salah. Periksa kembali; setelah beberapa kali "
        "gagal, login dikunci sementara.",
        "inactive": "Akun ini tidak aktif. Hubungi admin OPD Anda.",
    }


class LoginSuperadminForm(LoginForm):
    """The superadmin logs in with a name, not a NIP: no numeric keypad on a phone."""

    username = forms.CharField(
        label="Nama pengguna",
        max_length=32,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": "Nama pengguna atau kata sandi salah.",
    }
