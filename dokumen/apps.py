from django.apps import AppConfig


class DokumenConfig(AppConfig):
    name = "dokumen"
    verbose_name = "Dokumen"

    def ready(self):
        # Reminders before the jadwal's cetak step closes: who has a rated period whose
        # signed form is not yet printed and uploaded.
        from dokumen.selectors import penerima_pengingat_cetak
        from jadwal import rules as langkah
        from jadwal.services import Langkah, daftarkan_langkah

        daftarkan_langkah(
            langkah.CETAK, Langkah(penerima=penerima_pengingat_cetak, tautan="/penilaian/")
        )
