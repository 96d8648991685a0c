from django.apps import AppConfig


class EkinerjaConfig(AppConfig):
    name = "ekinerja"
    verbose_name = "e-Kinerja"

    def ready(self):
        from ekinerja import akun  # noqa: F401 - its signal receivers (sessions, two-factor)
