from django.urls import path

from jadwal import views

urlpatterns = [
    path("", views.jadwal_daftar, name="jadwal_daftar"),
    path("<int:pk>/dispensasi/", views.dispensasi, name="dispensasi"),
]
