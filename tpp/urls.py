from django.urls import path

from tpp import views

urlpatterns = [
    path("aktivitas/", views.aktivitas, name="aktivitas"),
    path("aktivitas/<int:pk>/hapus/", views.aktivitas_hapus, name="aktivitas_hapus"),
    path("aktivitas/<int:pk>/bukti/", views.aktivitas_bukti, name="aktivitas_bukti"),
    path("progres/ajukan/", views.progres_ajukan, name="progres_ajukan"),
    path("progres/tarik/", views.progres_tarik, name="progres_tarik"),
    path("progres/bawahan/", views.progres_bawahan, name="progres_bawahan"),
    path("realisasi/", views.realisasi_bulanan, name="realisasi_bulanan"),
    path("bawahan/", views.bawahan_bulanan, name="tpp_bawahan"),
    path("bawahan/<int:pk>/aktivitas/", views.aktivitas_bawahan, name="aktivitas_bawahan"),
    path("ketidakhadiran/", views.ketidakhadiran, name="ketidakhadiran"),
    path("ketidakhadiran/<int:pk>/hapus/", views.ketidakhadiran_hapus, name="ketidakhadiran_hapus"),
    path("konfigurasi/", views.konfigurasi, name="tpp_konfigurasi"),
    path("rekap/", views.rekap, name="tpp_rekap"),
    # slip TPP and nilai kinerja bulanan
    path("slip/", views.slip, name="tpp_slip"),
    path("cetak-bulanan/", views.cetak_bulanan, name="tpp_cetak_bulanan"),
]
