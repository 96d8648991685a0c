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
    path("review/", views.review_antrean, name="review_antrean"),
    path("kurva/", views.kurva, name="kurva"),
    path("progres/", views.progres, name="penilaian_progres"),
    path("periode/<int:pk>/dokumen/", views.dokumen_periode, name="dokumen_periode"),
    path("dokumen/<int:pk>/", views.dokumen_unduh, name="dokumen_unduh"),
    path("dokumen/<int:pk>/tanda-tangan/", views.dokumen_tandatangani, name="dokumen_tandatangani"),
    path("dokumen/<int:pk>/pindaian/", views.dokumen_pindaian, name="dokumen_pindaian"),
    path("cetak-massal/", views.cetak_massal, name="cetak_massal"),
    path("cetak-massal/<int:pk>/", views.cetak_massal_unduh, name="cetak_massal_unduh"),
    path("jadwal/", views.jadwal_daftar, name="jadwal_daftar"),
    path("jadwal/<int:pk>/dispensasi/", views.dispensasi, name="dispensasi"),
]
