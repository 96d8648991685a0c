"""Rencana aksi for every RHK is Buleleng's local rule (seed 001); BKN's guide (seed 002)
asks it only on the RHK worked on in the period (issue 20). A per-instansi setting, BKN's
rule by default; the personas' Buleleng keeps its own rule (tests/conftest.py), and each
test here sets the value it tests."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from inti.rekap import rekap_hitung
from organisasi.models import Instansi, UnitKerja
from organisasi.selectors import pegawai_aktif
from penilaian import rules, services
from penilaian.selectors import REKAP_PROGRES, baris_penilaian
from tests.bantuan import masuk, segar, teks
from tests.penilaian.conftest import semua_rhk
from tests.skp.conftest import TAHUN


@pytest.mark.parametrize(
    ("jumlah_rhk", "dengan", "semua_rhk", "kurang"),
    [
        (2, 0, True, True),
        (2, 1, True, True),
        (2, 2, True, False),
        (2, 0, False, True),
        (2, 1, False, False),
        (2, 2, False, False),
        (1, 1, False, False),
    ],
)
def test_rule_of_rencana_aksi(jumlah_rhk, dengan, semua_rhk, kurang):
    assert (
        rules.rencana_aksi_kurang(
            jumlah_rhk=jumlah_rhk, rhk_dengan_rencana_aksi=dengan, semua_rhk=semua_rhk
        )
        is kurang
    )


def atur(instansi, semua_rhk):
    with scopes_disabled():
        i = Instansi.objects.get(pk=instansi.pk)
        i.pengaturan = {**i.pengaturan, "rencana_aksi_semua_rhk": semua_rhk}
        i.save(update_fields=["pengaturan"])


def satu_rencana_aksi(periode, orang):
    rhk = semua_rhk(periode.skp_id)[0]
    return services.rencana_aksi_simpan(
        periode=segar(periode),
        rhk=rhk,
        by=orang.staf,
        uraian="Menyusun laporan triwulan",
        target=Decimal("1"),
        satuan="Laporan",
    )


def status_di_progres(dunia, periode):
    """The staf's step as Penilaian Bawahan shows it, and as the rollup counts it."""
    (baris,) = [
        b
        for b in baris_penilaian(pegawai_aktif(UnitKerja.objects.all()), TAHUN, "tw1")
        if b.pegawai.pk == periode.pegawai_id
    ]
    rekap_hitung(instansi_id=dunia.buleleng.pk, jenis=REKAP_PROGRES, tahun=TAHUN, kode="tw1")
    from inti.models import Rekap

    dihitung = set(
        Rekap.objects.filter(jenis=REKAP_PROGRES, unit=dunia.bidang, tahun=TAHUN, kode="tw1")
        .exclude(kunci__in=["belum_skp", "belum_periode"])
        .values_list("kunci", flat=True)
    )
    return baris.status, dihitung


def test_bkn_rule_one_rencana_aksi_opens_realisasi_and_submission(dalam_buleleng, tw1, orang):
    atur(dalam_buleleng.buleleng, False)
    with pytest.raises(ValidationError, match="Belum ada rencana aksi"):
        services.periode_ajukan(periode=segar(tw1), by=orang.staf)
    assert status_di_progres(dalam_buleleng, tw1) == (
        "belum_rencana_aksi",
        {"belum_rencana_aksi"},
    )
    ra = satu_rencana_aksi(tw1, orang)  # on the first of two RHK only
    assert status_di_progres(dalam_buleleng, tw1) == ("pengisian", {"pengisian"})
    services.realisasi_simpan(
        periode=segar(tw1), by=orang.staf, rencana_aksi=ra, realisasi="Laporan selesai."
    )
    assert services.periode_ajukan(periode=segar(tw1), by=orang.staf).status == "diajukan"


def test_every_rhk_rule_refuses_realisasi_until_each_rhk_has_one(dalam_buleleng, tw1, orang):
    atur(dalam_buleleng.buleleng, True)
    ra = satu_rencana_aksi(tw1, orang)
    with pytest.raises(ValidationError, match="RHK berikut belum memiliki rencana aksi"):
        services.realisasi_simpan(
            periode=segar(tw1), by=orang.staf, rencana_aksi=ra, realisasi="Laporan selesai."
        )
    assert status_di_progres(dalam_buleleng, tw1) == (
        "belum_rencana_aksi",
        {"belum_rencana_aksi"},
    )


def test_the_period_page_explains_the_rule_in_force(client, dalam_buleleng, tw1, orang):
    masuk(client, orang.staf)
    atur(dalam_buleleng.buleleng, False)
    halaman = teks(client.get(reverse("periode_detail", args=[tw1.pk])))
    assert "RHK yang tidak dikerjakan boleh tanpa rencana aksi" in halaman
    atur(dalam_buleleng.buleleng, True)
    halaman = teks(client.get(reverse("periode_detail", args=[tw1.pk])))
    assert "Setiap RHK harus memiliki rencana aksi periode ini" in halaman


def test_bkd_sets_the_rule_on_pengaturan_instansi(client, dalam_buleleng, orang):
    masuk(client, orang.admin_bkd)
    data = {
        "aksi": "pengaturan",
        "lokasi_cetak": "Singaraja",
        "dua_langkah": "opsional",
        "dua_langkah_peran": [],
    }
    client.post(reverse("pengaturan_instansi"), data)
    assert segar(dalam_buleleng.buleleng).rencana_aksi_semua_rhk is False
    client.post(reverse("pengaturan_instansi"), {**data, "rencana_aksi_semua_rhk": "on"})
    assert segar(dalam_buleleng.buleleng).rencana_aksi_semua_rhk is True
