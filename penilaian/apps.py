from django.apps import AppConfig


class PenilaianConfig(AppConfig):
    name = "penilaian"

    def ready(self):
        # The jadwal's realisasi and penilaian windows close periods of this app.
        from inti.rekap import daftarkan_rekap
        from jadwal import rules as langkah
        from jadwal.services import Langkah, daftarkan_langkah
        from penilaian import (
            izin,  # noqa: F401  (registers the rules of a periode)
            selectors,
        )

        daftarkan_langkah(
            langkah.REALISASI,
            Langkah(
                baris=selectors.periode_jadwal,
                kolom_kunci="dikunci_realisasi_pada",
                penerima=selectors.penerima_pengingat_realisasi,
                tautan="/penilaian/",
            ),
        )
        daftarkan_langkah(
            langkah.PENILAIAN,
            Langkah(
                baris=selectors.periode_jadwal,
                kolom_kunci="dikunci_penilaian_pada",
                penerima=selectors.penerima_pengingat_penilaian,
                tautan="/penilaian/bawahan/",
            ),
        )
        daftarkan_rekap(selectors.REKAP_PROGRES, selectors.hitung_progres_penilaian)
        daftarkan_rekap(selectors.REKAP_KURVA, selectors.hitung_kurva)
