"""How django-allauth fits e-Kinerja: no sign-up (accounts come from SI-ASN imports and
admins), Indonesian messages, password reset only to a verified e-mail, and two-factor
where the tenant requires it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import ResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.account.signals import password_changed, password_reset
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.signals import authenticator_removed, authenticator_reset
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.usersessions.internal.flows.sessions import end_other_sessions
from django.contrib import messages
from django.dispatch import receiver
from django.shortcuts import redirect
from django_scopes import scopes_disabled

from inti.tenancy import AWALAN_AKUN
from organisasi.models import AWALAN_SSO, Instansi, Pegawai
from organisasi.selectors import punya_dua_langkah


def nama_tampil(user) -> str:
    return user.nama


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


# ---- two-factor required by the tenant --------------------------------------------------

SESI_DUA_LANGKAH = "dua_langkah_ada"
BEBAS_DUA_LANGKAH = (AWALAN_AKUN, "/static/", "/sehat/")


class DuaLangkahMiddleware:
    """An account the tenant requires two-factor of (Instansi.dua_langkah) uses nothing but
    its account pages until it has set one up. Checked once per session: after that the
    session remembers it (no query per page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESI_DUA_LANGKAH)
            and not request.path.startswith(BEBAS_DUA_LANGKAH)
            and user.wajib_dua_langkah
        ):
            if punya_dua_langkah(user):
                request.session[SESI_DUA_LANGKAH] = True
            else:
                messages.warning(
                    request,
                    "Instansi Anda mewajibkan verifikasi dua langkah untuk peran Anda. Pasang "
                    "aplikasi autentikator (mis. Google Authenticator), pindai kode QR, lalu "
                    "masukkan kodenya.",
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


@receiver(password_changed)
@receiver(password_reset)
def _akhiri_sesi_lain(sender, request, user, **kwargs):
    """A new password signs every other device out (Django would reject their old sessions
    at their next request; this also removes them from the list of sessions)."""
    end_other_sessions(request, user)


@receiver(authenticator_removed)
@receiver(authenticator_reset)
def _lupakan_dua_langkah(sender, request=None, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESI_DUA_LANGKAH, None)


# ---- single sign-on ---------------------------------------------------------------------


def instansi_sso(provider_id: str):
    """The instansi whose OpenID Connect provider this is (SocialApp.provider_id)."""
    if not provider_id.startswith(AWALAN_SSO):
        return None
    return Instansi.objects.filter(kode=provider_id[len(AWALAN_SSO) :], aktif=True).first()


class AdapterSSO(DefaultSocialAccountAdapter):
    """Signing in through an instansi's provider never creates an account: the NIP claim
    must name an active pegawai of that same instansi, checked at every sign-in."""

    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        instansi = instansi_sso(sociallogin.account.provider)
        data = sociallogin.account.extra_data or {}
        klaim = {**data.get("userinfo", {}), **data.get("id_token", {})}
        nip = str(klaim.get(instansi.sso_klaim_nip, "") if instansi else "").strip()
        with scopes_disabled():
            pegawai = (
                Pegawai.objects.filter(instansi=instansi, nip=nip, is_active=True).first()
                if instansi and nip
                else None
            )
        if pegawai is None or (sociallogin.is_existing and sociallogin.user.pk != pegawai.pk):
            messages.error(
                request,
                f"Akun SSO ini (NIP {nip or 'tidak ada'}) tidak terdaftar sebagai pegawai "
                f"{instansi.nama if instansi else 'instansi ini'} di e-Kinerja. Hubungi admin "
                "OPD Anda.",
            )
            raise ImmediateHttpResponse(redirect("login"))
        if not sociallogin.is_existing:
            sociallogin.connect(request, pegawai)


class AdapterOIDCBertanda(OpenIDConnectOAuth2Adapter):
    """allauth skips the ID token's signature when the token came straight from the token
    endpoint (allowed by the spec over TLS); we check it always, against the provider's
    published keys, so a provider reached over plain HTTP inside a closed network, or a
    proxy in between, cannot hand us a forged identity."""

    def _decode_id_token(self, app, id_token: str) -> dict:
        try:
            return jwtkit.verify_and_decode(
                credential=id_token,
                keys_url=self.openid_config["jwks_uri"],
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                lookup_kid=jwtkit.lookup_kid_jwk,
                verify_signature=True,
            )
        except OAuth2Error:
            raise
        except Exception as e:  # noqa: BLE001 - a malformed key set is a failed sign-in, not a 500
            raise OAuth2Error(f"ID token tidak dapat diperiksa: {e!r}") from e
