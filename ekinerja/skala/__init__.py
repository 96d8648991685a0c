"""A large instansi for load tests, built set-based: `manage.py data_skala`."""

from ekinerja.skala.bangun import Pembangun, ringkasan

__all__ = ["Pembangun", "bangun_skala", "ringkasan"]


def bangun_skala(*, kode: str, jumlah_pegawai: int, password: str, lapor=print):
    """Build the instansi `kode` with `jumlah_pegawai` pegawai, or grow it to that size.
    Returns the instansi; `lapor` receives one progress line per stage."""
    return Pembangun(
        kode=kode, jumlah_pegawai=jumlah_pegawai, password=password, lapor=lapor
    ).jalankan()
