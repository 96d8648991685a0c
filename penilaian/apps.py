from django.apps import AppConfig


class PenilaianConfig(AppConfig):
    name = "penilaian"
