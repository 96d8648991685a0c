"""Helpers of the bantuan tests, on the personas of tests/conftest.py `bangun_dunia`:
staf, kabid and kepala work in BKPSDM, whose admin OPD is admin_opd; admin_dinkes is the
admin OPD of Dinas Kesehatan; admin_bkd is BKD; admin_lain and pegawai_lain belong to
another instansi."""

from django_scopes import scopes_disabled

from bantuan import services
from bantuan.models import Tiket
from inti.models import Jejak
from organisasi.models import Notifikasi, Pegawai
from tests.bantuan import segar
from tests.factories import PegawaiFactory

URAIAN = "Nama saya tidak ada di daftar penilaian Kabid PKAP, padahal realisasi sudah diisi."


def tanya(pegawai, *, judul="Nama saya tidak muncul di atasan", dari="/penilaian/", **ubah):
    data = {"kategori": Tiket.Kategori.ATASAN, "uraian": URAIAN, **ubah}
    return services.tiket_buat(pegawai=segar(pegawai), judul=judul, dari=dari, **data)


def kabar(penerima, awalan="bantuan:"):
    """The helpdesk notifications of a pegawai, oldest first."""
    with scopes_disabled():
        return list(
            Notifikasi.objects.filter(penerima_id=penerima.pk, kunci__startswith=awalan).order_by(
                "id"
            )
        )


def jejak(tiket, aksi=None) -> list[str]:
    with scopes_disabled():
        daftar = Jejak.objects.filter(objek_tipe="bantuan.Tiket", objek_id=tiket.pk)
        if aksi:
            daftar = daftar.filter(aksi=aksi)
        return list(daftar.order_by("id").values_list("aksi", flat=True))


def pegawai_di(d, unit, nama, **extra) -> Pegawai:
    with scopes_disabled():
        return PegawaiFactory(instansi=d.buleleng, unit_kerja=unit, nama=nama, **extra)
