from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "skp"

    def ready(self):
        # Reminders of the jadwal's penyusunan SKP window name who has no approved SKP.
        from inti.rekap import daftarkan_rekap
        from jadwal import rules as langkah
        from jadwal.services import Langkah, daftarkan_langkah
        from skp import izin  # noqa: F401  (registers the rules of an SKP)
        from skp.selectors import REKAP_PROGRES_SKP, hitung_progres_skp, penerima_pengingat_skp

        daftarkan_langkah(
            langkah.PENYUSUNAN_SKP, Langkah(penerima=penerima_pengingat_skp, tautan="/skp/")
        )
        daftarkan_rekap(REKAP_PROGRES_SKP, hitung_progres_skp)
