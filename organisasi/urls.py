from django.urls import path

from organisasi import views

urlpatterns = [
    path("profil/", views.profil, name="profil"),
    path("profil/ubah/", views.profil_ubah, name="profil_ubah"),
    path("profil/klaim-pimpinan/", views.klaim_pimpinan, name="klaim_pimpinan"),
    path("profil/lepas-pimpinan/", views.lepas_pimpinan, name="lepas_pimpinan"),
    path("unit-kerja/", views.struktur, name="struktur"),
    path("unit-kerja/cari/", views.cari_unit, name="cari_unit"),
    path("notifikasi/", views.notifikasi, name="notifikasi"),
    path("notifikasi/<int:pk>/", views.notifikasi_buka, name="notifikasi_buka"),
    path("kelola/unit/", views.kelola_unit, name="kelola_unit"),
    path("kelola/unit/tambah/", views.kelola_unit_form, name="kelola_unit_tambah"),
    path("kelola/unit/<int:pk>/ubah/", views.kelola_unit_form, name="kelola_unit_ubah"),
    path("kelola/unit/<int:pk>/", views.kelola_unit_pimpinan, name="kelola_unit_pimpinan"),
    path("kelola/pegawai/", views.kelola_pegawai, name="kelola_pegawai"),
    path("kelola/pegawai/tambah/", views.kelola_pegawai_form, name="kelola_pegawai_tambah"),
    path("kelola/pegawai/<int:pk>/", views.kelola_pegawai_form, name="kelola_pegawai_ubah"),
    path(
        "kelola/pegawai/<int:pk>/pengecualian/",
        views.kelola_pengecualian,
        name="kelola_pengecualian",
    ),
    path(
        "kelola/pegawai/<int:pk>/reset-dua-langkah/",
        views.kelola_dua_langkah_reset,
        name="kelola_dua_langkah_reset",
    ),
    path("kelola/impor/", views.impor_daftar, name="impor_daftar"),
    path("kelola/impor/kolom/", views.impor_kolom, name="impor_kolom"),
    path("kelola/impor/contoh/<str:jenis>/", views.impor_contoh, name="impor_contoh"),
    path("kelola/impor/<int:pk>/", views.impor_detail, name="impor_detail"),
    path("kelola/impor/<int:pk>/pilihan/", views.impor_pilih, name="impor_pilih"),
    path("kelola/impor/<int:pk>/konfirmasi/", views.impor_konfirmasi, name="impor_konfirmasi"),
    path("kelola/impor/<int:pk>/batal/", views.impor_batal, name="impor_batal"),
    path("kelola/aktivasi/", views.kelola_aktivasi, name="kelola_aktivasi"),
    path("kelola/aktivasi/<int:pk>/", views.kelola_aktivasi_unduh, name="kelola_aktivasi_unduh"),
    path("kelola/instansi/", views.pengaturan_instansi, name="pengaturan_instansi"),
    path("superadmin/instansi/", views.instansi_daftar, name="instansi_daftar"),
    path("superadmin/instansi/tambah/", views.instansi_form, name="instansi_tambah"),
    path("superadmin/instansi/<int:pk>/", views.instansi_form, name="instansi_ubah"),
]
