from django.urls import include, path

from ekinerja import views
from penilaian import views as penilaian_views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("sehat/", views.sehat, name="sehat"),
    path("akun/", include("ekinerja.urls_akun")),
    path("skp/", include("skp.urls")),
    path("penilaian/", include("penilaian.urls")),
    path("tpp/", include("tpp.urls")),
    path("v/<str:kode>/", penilaian_views.verifikasi, name="verifikasi"),
    path("", include("organisasi.urls")),
]
