from django.apps import AppConfig


class EkinerjaConfig(AppConfig):
    name = "ekinerja"
    verbose_name = "e-Kinerja"
