from django.contrib.auth import views as auth_views
from django.urls import path

from ekinerja.forms import LoginForm, LoginSuperadminForm
from organisasi.views import aktivasi

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path(
        "masuk/superadmin/",
        auth_views.LoginView.as_view(
            authentication_form=LoginSuperadminForm,
            redirect_authenticated_user=True,
            extra_context={"superadmin": True},
        ),
        name="login_superadmin",
    ),
    path("aktivasi/", aktivasi, name="aktivasi"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
]
