"""How django-allauth fits e-Kinerja: no sign-up (accounts come from SI-ASN imports and
admins), Indonesian messages, password reset only to a verified e-mail."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress


class AdapterAkun(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": "NIP atau kata sandi salah. Periksa kembali; setelah "
        "beberapa kali gagal, login dikunci sementara.",
        "too_many_login_attempts": "Terlalu banyak login gagal. Coba lagi nanti.",
    }

    def is_open_for_signup(self, request):
        return False


class LupaSandiForm(ResetPasswordForm):
    """A reset link goes only to an address the pegawai verified: an address typed in by an
    admin or an import might not be theirs. Whatever was typed, the answer is the same."""

    def clean_email(self):
        email = super().clean_email()
        terverifikasi = set(
            EmailAddress.objects.filter(
                user__in=[u.pk for u in self.users], email__iexact=email, verified=True
            ).values_list("user_id", flat=True)
        )
        self.users = [u for u in self.users if u.pk in terverifikasi]
        return email
