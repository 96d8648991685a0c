"""Kepala OPD / JPT cascade from the Perjanjian Kinerja of their OPD as well as from their
atasan's RHK (seed 004: RHK "sesuai Perjanjian Kinerja pimpinan perangkat daerah"), and
nobody waits for an atasan who has not written RHK yet: a warning, a link made later.

The world: `dunia` with a bupati leading the root, so the kepala BKPSDM (pimpinan of an
OPD) has an atasan; sasaran PK for the root, for BKPSDM and for Dinas Kesehatan.
"""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope

from skp import selectors, services
from skp.models import RHK, SKP
from tests.bantuan import masuk, pesan_galat, segar, teks
from tests.factories import jadikan_pimpinan
from tests.skp.conftest import TAHUN, pegawai_baru, tambah_rhk

PERINGATAN = "Atasan Anda belum menyusun RHK; hubungkan intervensi nanti."


class Dunia:
    pass


@pytest.fixture
def w(dunia):
    d = dunia
    with scope(instansi=d.buleleng.pk):
        d.bupati = pegawai_baru(d, d.root, "Bupati Buleleng", jenis_jabatan="jpt")
        jadikan_pimpinan(d.bupati, d.root)
        d.bupati = segar(d.bupati)
        admin = segar(d.admin_bkd)

        def sasaran(unit, teks):
            return services.sasaran_pk_tambah(
                instansi=d.buleleng, by=admin, tahun=TAHUN, unit_kerja=unit, sasaran=teks
            )

        d.pk_root = sasaran(d.root, "Meningkatnya indeks reformasi birokrasi")
        d.pk_bkpsdm = sasaran(d.bkpsdm, "Meningkatnya profesionalitas ASN")
        d.pk_dinkes = sasaran(d.dinkes, "Meningkatnya derajat kesehatan")
        d.kepala = segar(d.kepala)
        d.skp_kepala = services.skp_buat(pegawai=d.kepala, tahun=TAHUN, by=d.kepala)
    return d


def _skp_bupati_dengan_rhk(w):
    skp = services.skp_buat(pegawai=w.bupati, tahun=TAHUN, by=w.bupati)
    return tambah_rhk(skp, w.bupati, "Meningkatnya kinerja daerah", intervensi_pk=[w.pk_root])


def _rhk_di_atas_staf(w):
    """RHK of the bupati, the kepala (linked to the bupati's) and the kabid (to the
    kepala's): everyone above the staf has written RHK."""
    rhk_bupati = _skp_bupati_dengan_rhk(w)
    rhk_kepala = tambah_rhk(
        w.skp_kepala, w.kepala, "Meningkatnya kinerja ASN", intervensi=[rhk_bupati]
    )
    kabid = segar(w.kabid)
    skp_kabid = services.skp_buat(pegawai=kabid, tahun=TAHUN, by=kabid)
    tambah_rhk(skp_kabid, kabid, "Tersusunnya penilaian", intervensi=[rhk_kepala])


# --- choices -----------------------------------------------------------------------------


def test_kepala_opd_may_intervene_the_atasan_rhk_and_the_pk_of_their_own_opd(w):
    with scope(instansi=w.buleleng.pk):
        rhk_bupati = _skp_bupati_dengan_rhk(w)
        pilihan = selectors.pilihan_intervensi(w.skp_kepala)

    assert pilihan.atasan == w.bupati
    assert [r.pk for r in pilihan.rhk] == [rhk_bupati.pk]
    # Not the instansi's, not another OPD's.
    assert [s.pk for s in pilihan.sasaran_pk] == [w.pk_bkpsdm.pk]
    assert pilihan.wajib and not pilihan.peringatan


def test_staff_may_intervene_only_the_atasan_rhk(w):
    with scope(instansi=w.buleleng.pk):
        staf = segar(w.staf)
        skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)
        pilihan = selectors.pilihan_intervensi(skp)

    assert pilihan.atasan == w.kabid
    assert pilihan.sasaran_pk == []


def test_a_jpt_below_the_kepala_may_intervene_the_pk_of_their_opd(w):
    # JPT generally (SKP.adalah_jpt), not only the pimpinan of an OPD unit.
    with scope(instansi=w.buleleng.pk):
        ahli = pegawai_baru(w, w.bkpsdm, "Staf Ahli", jenis_jabatan="jpt")
        skp = services.skp_buat(pegawai=ahli, tahun=TAHUN, by=ahli)
        pilihan = selectors.pilihan_intervensi(skp)

    assert skp.adalah_jpt
    assert [s.pk for s in pilihan.sasaran_pk] == [w.pk_bkpsdm.pk]


# --- rhk_simpan --------------------------------------------------------------------------


def test_kepala_opd_links_an_rhk_to_the_pk_of_their_opd_alone(w):
    with scope(instansi=w.buleleng.pk):
        _skp_bupati_dengan_rhk(w)
        rhk = services.rhk_simpan(
            skp=w.skp_kepala,
            by=w.kepala,
            uraian="Meningkatnya kualitas manajemen ASN",
            jenis="utama",
            intervensi_pk=[w.pk_bkpsdm],
        )

        assert list(segar(rhk).intervensi_pk.all()) == [w.pk_bkpsdm]


def test_kepala_opd_cannot_link_the_pk_of_another_opd(w):
    with scope(instansi=w.buleleng.pk), pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=w.skp_kepala,
            by=w.kepala,
            uraian="Meningkatnya layanan kesehatan",
            jenis="utama",
            intervensi_pk=[w.pk_dinkes],
        )

    assert "intervensi_pk" in galat.value.message_dict


def test_staff_cannot_link_a_pk_sasaran(w):
    with scope(instansi=w.buleleng.pk):
        services.rhk_simpan(
            skp=w.skp_kepala, by=w.kepala, uraian="Meningkatnya kinerja ASN", jenis="utama"
        )
        staf = segar(w.staf)
        skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)
        with pytest.raises(ValidationError) as galat:
            services.rhk_simpan(
                skp=skp,
                by=staf,
                uraian="Terverifikasinya usul",
                jenis="utama",
                intervensi_pk=[w.pk_bkpsdm],
            )

    assert "intervensi_pk" in galat.value.message_dict


@pytest.mark.parametrize("siapa", ["kepala", "staf"])
def test_utama_rhk_without_intervensi_is_refused_once_the_atasan_has_rhk(w, siapa):
    with scope(instansi=w.buleleng.pk):
        _rhk_di_atas_staf(w)
        pegawai = segar(getattr(w, siapa))
        skp = w.skp_kepala if siapa == "kepala" else None
        skp = skp or services.skp_buat(pegawai=pegawai, tahun=TAHUN, by=pegawai)
        with pytest.raises(ValidationError) as galat:
            services.rhk_simpan(skp=skp, by=pegawai, uraian="Sesuatu", jenis="utama")

    assert "intervensi" in galat.value.message_dict
    # Only the kepala is offered the PK of the OPD as the other way.
    assert ("Perjanjian Kinerja" in pesan_galat(galat.value)) == (siapa == "kepala")


@pytest.mark.parametrize("siapa", ["kepala", "staf"])
def test_utama_rhk_without_intervensi_is_saved_while_the_atasan_has_no_rhk(w, siapa):
    with scope(instansi=w.buleleng.pk):
        pegawai = segar(getattr(w, siapa))
        skp = w.skp_kepala if siapa == "kepala" else None
        skp = skp or services.skp_buat(pegawai=pegawai, tahun=TAHUN, by=pegawai)
        rhk = services.rhk_simpan(skp=skp, by=pegawai, uraian="Sesuatu", jenis="utama")
        pilihan = selectors.pilihan_intervensi(skp)
        assert not segar(rhk).intervensi.exists()

    assert PERINGATAN in pilihan.peringatan and not pilihan.wajib


# --- skp_ajukan --------------------------------------------------------------------------


@pytest.mark.parametrize("siapa", ["kepala", "staf"])
def test_submission_is_not_blocked_by_an_atasan_without_rhk_and_the_penilai_approves(w, siapa):
    with scope(instansi=w.buleleng.pk):
        pegawai = segar(getattr(w, siapa))
        skp = w.skp_kepala if siapa == "kepala" else None
        skp = skp or services.skp_buat(pegawai=pegawai, tahun=TAHUN, by=pegawai)
        tambah_rhk(skp, pegawai, "Tersusunnya laporan")

        services.skp_ajukan(skp=segar(skp), by=pegawai)
        penilai = w.bupati if siapa == "kepala" else segar(w.kabid)
        assert segar(skp).penilai == penilai
        services.skp_setujui(skp=segar(skp), by=penilai)

        assert segar(skp).status == SKP.Status.DISETUJUI


@pytest.mark.parametrize("siapa", ["kepala", "staf"])
def test_submission_is_refused_once_the_atasan_has_rhk_and_one_is_not_linked(w, siapa):
    with scope(instansi=w.buleleng.pk):
        pegawai = segar(getattr(w, siapa))
        skp = w.skp_kepala if siapa == "kepala" else None
        skp = skp or services.skp_buat(pegawai=pegawai, tahun=TAHUN, by=pegawai)
        tambah_rhk(skp, pegawai, "Tersusunnya laporan")  # while the atasan has none
        _rhk_di_atas_staf(w)

        with pytest.raises(ValidationError) as galat:
            services.skp_ajukan(skp=segar(skp), by=pegawai)

        assert "Tersusunnya laporan" in pesan_galat(galat.value)
        assert segar(skp).status == SKP.Status.DRAFT


def test_kepala_opd_submits_with_rhk_linked_to_the_pk_of_their_opd_only(w):
    with scope(instansi=w.buleleng.pk):
        _skp_bupati_dengan_rhk(w)
        tambah_rhk(w.skp_kepala, w.kepala, "Meningkatnya kinerja ASN", intervensi_pk=[w.pk_bkpsdm])

        services.skp_ajukan(skp=segar(w.skp_kepala), by=w.kepala)

        assert segar(w.skp_kepala).status == SKP.Status.DIAJUKAN


# --- pages -------------------------------------------------------------------------------


def test_warning_is_shown_to_the_owner_while_the_atasan_has_no_rhk(client, w):
    with scope(instansi=w.buleleng.pk):
        staf = segar(w.staf)
        skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)
    url = reverse("skp_detail", args=[skp.pk])

    assert PERINGATAN in teks(masuk(client, w.staf).get(url))
    assert PERINGATAN in teks(client.get(reverse("rhk_tambah", args=[skp.pk])))
    # The penilai sees the SKP, not the owner's to-do.
    assert PERINGATAN not in teks(masuk(client, w.kabid).get(url))


def test_no_warning_once_the_atasan_has_rhk(client, w):
    with scope(instansi=w.buleleng.pk):
        _skp_bupati_dengan_rhk(w)

    halaman = teks(masuk(client, w.kepala).get(reverse("skp_detail", args=[w.skp_kepala.pk])))

    assert PERINGATAN not in halaman


def test_rhk_form_of_a_kepala_opd_offers_both_the_atasan_rhk_and_the_opd_pk(client, w):
    with scope(instansi=w.buleleng.pk):
        _skp_bupati_dengan_rhk(w)
    url = reverse("rhk_tambah", args=[w.skp_kepala.pk])

    halaman = teks(masuk(client, w.kepala).get(url))
    assert "Meningkatnya kinerja daerah" in halaman
    assert "Meningkatnya profesionalitas ASN" in halaman
    assert "Meningkatnya derajat kesehatan" not in halaman

    respons = client.post(
        url, {"jenis": "utama", "uraian": "Meningkatnya SDM", "intervensi_pk": [w.pk_bkpsdm.pk]}
    )
    assert respons.status_code == 302
    with scope(instansi=w.buleleng.pk):
        rhk = RHK.objects.get(skp=w.skp_kepala)
        assert list(rhk.intervensi_pk.all()) == [w.pk_bkpsdm]


def test_mph_shows_the_pk_sasaran_a_kepala_opd_intervenes(client, w):
    with scope(instansi=w.buleleng.pk):
        _skp_bupati_dengan_rhk(w)
        tambah_rhk(w.skp_kepala, w.kepala, "Meningkatnya kinerja ASN", intervensi_pk=[w.pk_bkpsdm])

    halaman = teks(
        masuk(client, w.kepala).get(reverse("mph") + f"?unit={w.bkpsdm.pk}&tahun={TAHUN}")
    )

    assert "Mengintervensi sasaran Perjanjian Kinerja: Meningkatnya profesionalitas ASN" in halaman


def test_another_instansi_cannot_open_the_skp(client, w):
    url = reverse("skp_detail", args=[w.skp_kepala.pk])
    assert masuk(client, w.pegawai_lain).get(url).status_code == 404


def test_owner_page_with_the_intervensi_check_costs_the_same_for_1_and_6_rhk(
    client, w, django_assert_num_queries
):
    # The draft page of a Kepala OPD as its owner: DETAIL_QUERIES of tests/skp/test_views.py
    # (12) + the penyusunan jadwal (the owner's buttons on a draft) + the ancestors of the
    # unit (who is the atasan?) + the atasan's RHK + the sasaran PK of the OPD; none per RHK.
    with scope(instansi=w.buleleng.pk):
        rhk_bupati = _skp_bupati_dengan_rhk(w)
        tambah_rhk(w.skp_kepala, w.kepala, "RHK 1", intervensi=[rhk_bupati])
    masuk(client, w.kepala)
    url = reverse("skp_detail", args=[w.skp_kepala.pk])
    cache.clear()  # the jadwal is cached after its first read
    with django_assert_num_queries(16):
        client.get(url)
    with scope(instansi=w.buleleng.pk):
        for n in range(2, 7):
            tambah_rhk(w.skp_kepala, w.kepala, f"RHK {n}", intervensi_pk=[w.pk_bkpsdm])
    cache.clear()
    with django_assert_num_queries(16):
        halaman = teks(client.get(url))
    assert "RHK 6" in halaman
