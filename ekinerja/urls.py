from django.urls import include, path

from dokumen import views as dokumen_views
from ekinerja import views
from skp import views as skp_views
from tpp import views as tpp_views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("sehat/", views.sehat, name="sehat"),
    # Above every app: the causes come from the unit tree, the SKP and the periods.
    path("profil/mengapa-tidak-muncul/", views.diagnosa, name="diagnosa"),
    path("akun/", views.akun, name="akun"),
    path("akun/", include("ekinerja.urls_akun")),
    path("skp/", include("skp.urls")),
    # Moved apps keep their addresses, so bookmarks and printed links still work.
    path("penilaian/jadwal/", include("jadwal.urls")),
    path("penilaian/pemantauan/", tpp_views.pemantauan, name="pemantauan"),
    path("penilaian/skp/<int:skp_pk>/dialog/", skp_views.dialog_catat, name="dialog_catat"),
    path(
        "penilaian/dialog/<int:pk>/konfirmasi/",
        skp_views.dialog_konfirmasi,
        name="dialog_konfirmasi",
    ),
    path("penilaian/", include("dokumen.urls")),
    path("penilaian/", include("penilaian.urls")),
    path("tpp/", include("tpp.urls")),
    path("bantuan/", include("bantuan.urls")),
    path("v/<str:kode>/", dokumen_views.verifikasi, name="verifikasi"),
    path("", include("organisasi.urls")),
]
