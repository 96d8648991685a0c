from django.urls import path

from penilaian import views

urlpatterns = [
    path("", views.penilaian_saya, name="penilaian_saya"),
    path("skp/<int:skp_pk>/tambah-periode/", views.periode_tambah, name="periode_tambah"),
    path("periode/<int:pk>/", views.periode_detail, name="periode_detail"),
    path("periode/<int:pk>/rencana-aksi/", views.rencana_aksi_simpan, name="rencana_aksi_simpan"),
    path(
        "periode/<int:pk>/rencana-aksi/<int:ra_pk>/hapus/",
        views.rencana_aksi_hapus,
        name="rencana_aksi_hapus",
    ),
    path("periode/<int:pk>/realisasi/", views.realisasi_simpan, name="realisasi_simpan"),
    path("periode/<int:pk>/bukti/", views.bukti_tambah, name="bukti_tambah"),
    path("periode/<int:pk>/ajukan/", views.periode_ajukan, name="periode_ajukan"),
    path("periode/<int:pk>/tarik/", views.periode_tarik, name="periode_tarik"),
    path("periode/<int:pk>/kembalikan/", views.periode_kembalikan, name="periode_kembalikan"),
    path("periode/<int:pk>/umpan-balik/", views.umpan_balik_simpan, name="umpan_balik_simpan"),
    path("periode/<int:pk>/nilai/", views.periode_nilai, name="periode_nilai"),
    path("periode/<int:pk>/review/", views.review_putuskan, name="review_putuskan"),
    path("bukti/<int:pk>/", views.bukti_unduh, name="bukti_unduh"),
    path("bawahan/", views.penilaian_bawahan, name="penilaian_bawahan"),
    path("bawahan/nilai/", views.penilaian_massal, name="penilaian_massal"),
    path("tindak-lanjut/", views.tindak_lanjut, name="tindak_lanjut"),
    path("review/", views.review_antrean, name="review_antrean"),
    path("diperbantukan/", views.penugasan_keluar, name="penugasan_keluar"),
    path("kurva/", views.kurva, name="kurva"),
    path("progres/", views.progres, name="penilaian_progres"),
    path("rhk/<int:pk>/diskusi/", views.diskusi_rhk, name="diskusi_rhk"),
    path("periode/<int:pk>/pembinaan/", views.pembinaan_catat, name="pembinaan_catat"),
    path("pembinaan/<int:pk>/selesai/", views.pembinaan_selesai, name="pembinaan_selesai"),
]
