"""Issue 18: after a mutasi a pegawai has two SKP in one year, each with its own
"Triwulan III" and "Final/Tahunan"; every period they list or choose then names its SKP
(unit and dates), and the page costs the same queries as with one SKP.

Personas (tests.conftest `dunia`): staf (Bidang PKAP, rated by the kabid) moves on
15 August to Subbidang Penilaian, led by a kasubbid who rates the new SKP."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scope

from penilaian import rules
from penilaian import services as penilaian
from skp import services as skp_services
from tests.bantuan import masuk, segar, teks
from tests.conftest import per_modul
from tests.factories import PegawaiFactory, jadikan_pimpinan
from tests.penilaian.bantuan_views import (
    TAHUN,
    URAIAN_RHK,
    buat_kaskade,
    skp_disetujui,
    tambah_rhk,
)

dunia = per_modul("dunia_modul")

SKP_LAMA = f"SKP Bidang PKAP (1 Januari – 14 Agustus {TAHUN})"
SKP_BARU = f"SKP Subbidang Penilaian (15 Agustus – 31 Desember {TAHUN})"


@pytest.fixture
def v_skp_lama(dunia):
    """The staf's approved SKP of the whole year, before the mutasi."""
    with scope(instansi=dunia.buleleng.pk):
        v_rhk_kabid = buat_kaskade(dunia)
        skp = skp_disetujui(dunia, v_rhk_kabid, dunia.staf)
        skp.rhk_kabid = v_rhk_kabid
        return skp


@pytest.fixture
def v_mutasi(dunia, v_skp_lama):
    """A mutasi on 15 August to Subbidang Penilaian, whose kasubbid approves the new SKP;
    Triwulan III and Final added on both SKP."""
    with scope(instansi=dunia.buleleng.pk):
        kasubbid = PegawaiFactory(
            instansi=dunia.buleleng, unit_kerja=dunia.subbidang, nama="Kasubbid Penilaian"
        )
        jadikan_pimpinan(kasubbid, dunia.subbidang)
        kasubbid = segar(kasubbid)
        skp_kasubbid = skp_services.skp_buat(pegawai=kasubbid, tahun=TAHUN, by=kasubbid)
        rhk_kasubbid = tambah_rhk(
            skp_kasubbid, kasubbid, "Terlaksananya penilaian", intervensi=[v_skp_lama.rhk_kabid]
        )
        skp_services.skp_ajukan(skp=segar(skp_kasubbid), by=kasubbid)
        skp_services.skp_setujui(skp=segar(skp_kasubbid), by=segar(dunia.kabid))
        staf = segar(dunia.staf)
        baru = skp_services.skp_mutasi(
            skp=v_skp_lama,
            tmt=date(TAHUN, 8, 15),
            unit_kerja=dunia.subbidang,
            jabatan="Analis SDM Aparatur",
            jenis_jabatan="pelaksana",
            by=staf,
        )
        for uraian in URAIAN_RHK:
            tambah_rhk(baru, staf, uraian, intervensi=[rhk_kasubbid])
        skp_services.skp_ajukan(skp=segar(baru), by=staf)
        baru = skp_services.skp_setujui(skp=segar(baru), by=segar(kasubbid))
        for skp in (segar(v_skp_lama), baru):
            for kode in ("tw3", rules.FINAL):
                penilaian.periode_tambah(skp=skp, kode=kode, by=staf)
        return segar(v_skp_lama), baru


def halaman_saya(client, pegawai) -> str:
    return teks(masuk(client, pegawai).get(reverse("penilaian_saya") + f"?tahun={TAHUN}"))


def test_each_period_after_a_mutasi_names_its_skp(client, dunia, v_mutasi):
    halaman = halaman_saya(client, dunia.staf)
    for label in (f"Triwulan III {TAHUN}", f"Final/Tahunan {TAHUN}"):
        for skp in (SKP_LAMA, SKP_BARU):
            # Once in the list of added periods, apart from the choices still to add.
            assert f'{label} <span class="label-skp">— {skp}</span></a>' in halaman
    # The periods still to add name their SKP too.
    assert f'Triwulan I {TAHUN} <span class="label-skp">— {SKP_LAMA}</span>' in halaman
    assert f'Triwulan IV {TAHUN} <span class="label-skp">— {SKP_BARU}</span>' in halaman


def test_with_one_skp_the_periods_keep_their_short_names(client, dunia, v_skp_lama):
    with scope(instansi=dunia.buleleng.pk):
        penilaian.periode_tambah(skp=v_skp_lama, kode="tw3", by=segar(dunia.staf))
    halaman = halaman_saya(client, dunia.staf)
    assert f">Triwulan III {TAHUN}</a>" in halaman
    assert "label-skp" not in halaman


# session, user (+instansi, admin OPD), the menu's unread notifications, the year's SKP
# (+penilai and unit kerja, joined), and their periods (one prefetch for every SKP).
KUERI_HALAMAN_SAYA = 5


def test_one_skp_page_costs_its_pinned_queries(
    client, dunia, v_skp_lama, django_assert_num_queries
):
    with scope(instansi=dunia.buleleng.pk):
        penilaian.periode_tambah(skp=v_skp_lama, kode="tw3", by=segar(dunia.staf))
    masuk(client, dunia.staf)
    with django_assert_num_queries(KUERI_HALAMAN_SAYA):
        client.get(reverse("penilaian_saya") + f"?tahun={TAHUN}")


def test_two_skp_naming_their_periods_cost_the_same(
    client, dunia, v_mutasi, django_assert_num_queries
):
    masuk(client, dunia.staf)
    with django_assert_num_queries(KUERI_HALAMAN_SAYA):
        client.get(reverse("penilaian_saya") + f"?tahun={TAHUN}")
