from django.urls import path

from bantuan import views

urlpatterns = [
    path("", views.daftar, name="bantuan_daftar"),
    path("baru/", views.buat, name="bantuan_buat"),
    path("<int:pk>/", views.detail, name="bantuan_detail"),
    path("<int:pk>/teruskan/", views.teruskan, name="bantuan_teruskan"),
    path("<int:pk>/selesai/", views.selesai, name="bantuan_selesai"),
    path("<int:pk>/buka/", views.buka_kembali, name="bantuan_buka"),
    path("faq/", views.faq, name="faq"),
    path("faq/kelola/", views.faq_kelola, name="faq_kelola"),
    path("faq/<int:pk>/ubah/", views.faq_ubah, name="faq_ubah"),
    path("faq/<int:pk>/hapus/", views.faq_hapus, name="faq_hapus"),
    path("faq/<int:pk>/pindah/", views.faq_pindah, name="faq_pindah"),
    path("kontak/", views.kontak, name="bantuan_kontak"),
]
