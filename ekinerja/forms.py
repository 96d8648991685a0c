from django import forms
from django.contrib.auth.forms import AuthenticationForm


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

    error_messages = {
        "invalid_login": "NIP atau kata sandi salah. Periksa kembali; setelah beberapa kali "
        "gagal, login dikunci sementara.",
        "inactive": "Akun ini tidak aktif. Hubungi admin OPD Anda.",
    }
