from allauth.account.forms import LoginForm as LoginFormAllauth
from django import forms
from django.conf import settings
from django.core.cache import cache

from inti import pembatas
from organisasi.models import Pegawai


class LoginForm(LoginFormAllauth):
    """django-allauth's login (which hands over to two-factor when the pegawai has it),
    by NIP, with our limits beside django-axes."""

    label_login = "NIP"
    atribut_login = {"inputmode": "numeric", "autocomplete": "username"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"] = forms.CharField(
            label=self.label_login,
            max_length=32,
            widget=forms.TextInput(attrs={"autofocus": True, **self.atribut_login}),
        )
        self.fields["password"].label = "Kata sandi"
        self.fields["password"].help_text = ""
        self.order_fields(["login", "password"])
        if not self.is_bound and self.request is not None and self.request.GET.get("nip"):
            # Back from activation: the NIP is typed already.
            self.initial["login"] = self.request.GET["nip"][:32]
        if self.initial.get("login") or self.data.get("login"):
            # After a failed try the NIP stays; the cursor goes where typing is needed.
            self.fields["login"].widget.attrs.pop("autofocus", None)
            self.fields["password"].widget.attrs["autofocus"] = True

    def clean(self):
        """Beside django-axes (5 failures of one NIP from one address): credential stuffing
        from one address across many NIPs, and one NIP tried from many addresses. Each is
        a fixed window from the first failure (a try during it does not extend it); a
        successful login after it clears the NIP's count."""
        batasan = pembatas.batasan_alamat_nip(
            self.request,
            self.data.get("login", ""),
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
        if self.user is not None:
            cache.delete(batasan[1][0])
            if self.user.instansi_id and not self.user.instansi.login_sandi:
                self.user = None
                raise forms.ValidationError(
                    "Instansi Anda masuk lewat SSO: gunakan tombol Masuk dengan SSO.",
                    code="hanya_sso",
                )
        return data


class LoginSuperadminForm(LoginForm):
    """The superadmin logs in with a name, not a NIP: no numeric keypad on a phone."""

    label_login = "Nama pengguna"
    atribut_login = {"autocomplete": "username"}


class PilihanSurelForm(forms.ModelForm):
    """How one's notifications reach one's e-mail (the Akun page)."""

    class Meta:
        model = Pegawai
        fields = ["notifikasi_surel"]
        widgets = {"notifikasi_surel": forms.RadioSelect}
