"""factory_boy factories. Tenant-owned objects are built through the services, so the
tree path and OPD links are exactly what the app would write."""

import itertools

import factory
from django_scopes import scopes_disabled

from organisasi import services
from organisasi.models import Instansi, Pegawai, UnitKerja

_nomor = itertools.count(1)


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)

    nama = factory.Sequence(lambda n: f"Pemerintah Kabupaten Uji {n}")
    kode = factory.Sequence(lambda n: f"uji-{n}")
    jenis = Instansi.Jenis.KABUPATEN
    zona_waktu = Instansi.ZonaWaktu.WITA
    lokasi_cetak = "Uji"


def buat_unit(instansi, parent=None, *, nama=None, eselon=None, adalah_opd=False, **extra):
    n = next(_nomor)
    with scopes_disabled():
        return services.unit_kerja_buat(
            instansi=instansi,
            parent=parent,
            nama=nama or f"Unit {n}",
            eselon=eselon or ("00" if parent is None else "41"),
            id_eksternal=extra.pop("id_eksternal", f"{n:032x}"),
            adalah_opd=adalah_opd,
            **extra,
        )


def nip_untuk(n: int, *, lahir="19850315", tmt="201001", jk="1") -> str:
    return f"{lahir}{tmt}{jk}{n % 1000:03d}"


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai
        skip_postgeneration_save = True

    instansi = factory.SubFactory(InstansiFactory)
    nip = factory.Sequence(
        lambda n: f"{19700101 + (n // 1000) % 28:08d}201001{1 + n % 2}{n % 1000:03d}"
    )
    nama = factory.Sequence(lambda n: f"Pegawai {n}")
    jenis_asn = Pegawai.JenisAsn.PNS
    jabatan = "Analis"
    jenis_jabatan = Pegawai.JenisJabatan.PELAKSANA
    pangkat_golongan = "III/a"
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def simpan(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def jadikan_pimpinan(pegawai, unit, status="definitif"):
    with scopes_disabled():
        UnitKerja.objects.filter(pk=unit.pk).update(pimpinan=pegawai, status_pimpinan=status)
        unit.refresh_from_db()
    return unit
