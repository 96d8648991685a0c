from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ekinerja import views
from ekinerja.forms import LoginSuperadminForm
from organisasi.models import AWALAN_SSO
from organisasi.views import aktivasi


class MasukView(allauth_views.LoginView):
    def get_context_data(self, **kwargs):
        from allauth.socialaccount.models import SocialApp

        return {
            **super().get_context_data(**kwargs),
            "sso": SocialApp.objects.filter(
                provider="openid_connect", provider_id__startswith=AWALAN_SSO
            ).order_by("name"),
        }


class LoginSuperadminView(allauth_views.LoginView):
    extra_context = {"superadmin": True}

    def get_form_class(self):
        return LoginSuperadminForm


urlpatterns = [
    path("masuk/", MasukView.as_view(), name="login"),
    path("masuk/superadmin/", LoginSuperadminView.as_view(), name="login_superadmin"),
    path("aktivasi/", aktivasi, name="aktivasi"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # allauth's: it says so by e-mail and ends one's other sessions (ekinerja.akun).
    path("sandi/", allauth_views.PasswordChangeView.as_view(), name="password_change"),
    # Before allauth's own OpenID Connect views (same names): ours check the ID token's
    # signature always.
    path("oidc/<str:provider_id>/login/", views.sso_masuk, name="openid_connect_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        views.sso_kembali,
        name="openid_connect_callback",
    ),
    # django-allauth: password reset, e-mail addresses, two-factor, sessions.
    path("", include("allauth.urls")),
]
