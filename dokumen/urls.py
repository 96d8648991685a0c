from django.urls import path

from dokumen import views

urlpatterns = [
    path("periode/<int:pk>/dokumen/", views.dokumen_periode, name="dokumen_periode"),
    path("dokumen/<int:pk>/", views.dokumen_unduh, name="dokumen_unduh"),
    path("dokumen/<int:pk>/tanda-tangan/", views.dokumen_tandatangani, name="dokumen_tandatangani"),
    path("dokumen/<int:pk>/pindaian/", views.dokumen_pindaian, name="dokumen_pindaian"),
    path("cetak-massal/", views.cetak_massal, name="cetak_massal"),
    path("cetak-massal/<int:pk>/", views.cetak_massal_unduh, name="cetak_massal_unduh"),
]
