from django.apps import AppConfig


class JadwalConfig(AppConfig):
    name = "jadwal"
    verbose_name = "Jadwal dan dispensasi"
