from django.urls import include, path

from ekinerja import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("sehat/", views.sehat, name="sehat"),
    path("akun/", include("ekinerja.urls_akun")),
    path("skp/", include("skp.urls")),
    path("penilaian/", include("penilaian.urls")),
    path("", include("organisasi.urls")),
]
