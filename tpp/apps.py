from django.apps import AppConfig


class TppConfig(AppConfig):
    name = "tpp"

    def ready(self):
        # A month's TPP already computed is recomputed when an exemption touching it is
        # recorded (organisasi knows nothing of TPP; it calls its observers).
        from jadwal.services import Langkah, daftarkan_langkah
        from organisasi.services import PENGAMAT_PENGECUALIAN
        from tpp import selectors
        from tpp.services import antrekan_hitung_ulang

        if antrekan_hitung_ulang not in PENGAMAT_PENGECUALIAN:
            PENGAMAT_PENGECUALIAN.append(antrekan_hitung_ulang)
        # Reminders before each monthly TPP step closes (checked at request time only:
        # nothing for the lock job to mark).
        for kode, (penerima, tautan) in selectors.PENGINGAT.items():
            daftarkan_langkah(kode, Langkah(penerima=penerima, tautan=tautan))
