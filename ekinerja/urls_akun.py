from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ekinerja.forms import LoginSuperadminForm
from organisasi.views import aktivasi


class LoginSuperadminView(allauth_views.LoginView):
    extra_context = {"superadmin": True}

    def get_form_class(self):
        return LoginSuperadminForm


urlpatterns = [
    path("masuk/", allauth_views.LoginView.as_view(), name="login"),
    path("masuk/superadmin/", LoginSuperadminView.as_view(), name="login_superadmin"),
    path("aktivasi/", aktivasi, name="aktivasi"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # allauth's: it says so by e-mail and ends one's other sessions (ekinerja.akun).
    path("sandi/", allauth_views.PasswordChangeView.as_view(), name="password_change"),
    # django-allauth: password reset, e-mail addresses, two-factor, sessions.
    path("", include("allauth.urls")),
]
