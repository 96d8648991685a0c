from django.apps import AppConfig


class JadwalConfig(AppConfig):
    name = "jadwal"
    verbose_name = "Jadwal dan dispensasi"

    def ready(self):
        # Every write of a jadwal (the service, the demo, the admin) clears the cached year.
        from django.db.models.signals import post_delete, post_save

        from jadwal.models import Jadwal
        from jadwal.selectors import lupakan_jadwal_tahun

        def lupakan(sender, instance, **kwargs):
            lupakan_jadwal_tahun(instance.instansi_id, instance.tahun)

        post_save.connect(lupakan, sender=Jadwal, dispatch_uid="jadwal_lupakan_simpan")
        post_delete.connect(lupakan, sender=Jadwal, dispatch_uid="jadwal_lupakan_hapus")
