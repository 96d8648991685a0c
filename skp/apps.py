from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "skp"

    def ready(self):
        # Reminders of the jadwal's penyusunan SKP window name who has no approved SKP.
        from jadwal import rules as langkah
        from jadwal.services import Langkah, daftarkan_langkah
        from skp import izin  # noqa: F401  (registers the rules of an SKP)
        from skp.selectors import penerima_pengingat_skp

        daftarkan_langkah(
            langkah.PENYUSUNAN_SKP, Langkah(penerima=penerima_pengingat_skp, tautan="/skp/")
        )
