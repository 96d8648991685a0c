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
    error_messages = {
        "invalid_login": "NIP atau kata sandi salah. Periksa kembali; setelah beberapa kali "
        "gagal, login dikunci sementara.",
        "inactive": "Akun ini tidak aktif. Hubungi admin OPD Anda.",
    }
