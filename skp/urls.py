from django.urls import path

from skp import views

urlpatterns = [
    path("", views.skp_daftar, name="skp_daftar"),
    path("buat/", views.skp_buat, name="skp_buat"),
    path("bawahan/", views.skp_bawahan, name="skp_bawahan"),
    path("mph/", views.mph, name="mph"),
    path("progres/", views.progres_penetapan, name="skp_progres"),
    path("perjanjian-kinerja/", views.perjanjian_kinerja, name="perjanjian_kinerja"),
    path("<int:pk>/", views.skp_detail, name="skp_detail"),
    path("<int:pk>/cetak/", views.skp_cetak, name="skp_cetak"),
    path("<int:pk>/lampiran/", views.skp_lampiran, name="skp_lampiran"),
    path("<int:pk>/rhk/tambah/", views.rhk_form, name="rhk_tambah"),
    path("<int:pk>/rhk/<int:rhk_pk>/", views.rhk_form, name="rhk_ubah"),
    path("<int:pk>/rhk/<int:rhk_pk>/hapus/", views.rhk_hapus, name="rhk_hapus"),
    path(
        "<int:pk>/rhk/<int:rhk_pk>/indikator/tambah/", views.indikator_form, name="indikator_tambah"
    ),
    path(
        "<int:pk>/rhk/<int:rhk_pk>/indikator/<int:indikator_pk>/",
        views.indikator_form,
        name="indikator_ubah",
    ),
    path(
        "<int:pk>/rhk/<int:rhk_pk>/indikator/<int:indikator_pk>/hapus/",
        views.indikator_hapus,
        name="indikator_hapus",
    ),
    path("<int:pk>/ajukan/", views.skp_ajukan, name="skp_ajukan"),
    path("<int:pk>/perubahan/", views.skp_perubahan, name="skp_perubahan"),
    path("<int:pk>/tarik/", views.skp_tarik, name="skp_tarik"),
    path("<int:pk>/setujui/", views.skp_setujui, name="skp_setujui"),
    path("<int:pk>/kembalikan/", views.skp_kembalikan, name="skp_kembalikan"),
    path("<int:pk>/perilaku/", views.perilaku_ekspektasi, name="perilaku_ekspektasi"),
    path("<int:pk>/salin/", views.skp_salin, name="skp_salin"),
    path("<int:pk>/impor-bkn/", views.skp_impor_bkn, name="skp_impor_bkn"),
    path("impor-bkn/", views.skp_impor_bkn_unit, name="skp_impor_bkn_unit"),
    path("<int:pk>/mutasi/", views.skp_mutasi, name="skp_mutasi"),
]
