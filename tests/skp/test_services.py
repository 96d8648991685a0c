"""Writes and reads of the SKP with the `dunia` personas (DOMAIN: SKP).

The cascade built in tests/skp/conftest.py: sasaran Perjanjian Kinerja → kepala BKPSDM
(no atasan in `dunia`) → kabid PKAP (SKP approved by the kepala) → staf PKAP.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from inti.models import Jejak
from organisasi.models import Pengecualian, UnitKerja
from organisasi.services import pegawai_ubah_profil, pengecualian_tambah, pimpinan_tetapkan
from skp import rules, selectors, services
from skp.access import get_skp_for_penilai
from skp.models import RHK, SKP, Indikator, PerilakuKerja, VersiSKP
from tests.bantuan import pesan_galat, segar
from tests.conftest import per_modul
from tests.factories import buat_unit, jadikan_pimpinan
from tests.skp.conftest import TAHUN, pegawai_baru, tambah_rhk

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")


def _jejak_status(skp):
    """(aksi, dari, ke, oleh) of every status change of the SKP, oldest first."""
    return [
        (j.aksi, j.dari.get("status"), j.ke.get("status"), j.oleh_id)
        for j in Jejak.objects.filter(objek_tipe="skp.SKP", objek_id=skp.pk)
        .exclude(dari={})
        .filter(ke__has_key="status")
        .order_by("id")
    ]


# --- skp_buat ----------------------------------------------------------------------------


def test_new_skp_holds_the_seven_berakhlak_values(dalam_buleleng):
    staf = segar(dalam_buleleng.staf)

    skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)

    assert sorted(PerilakuKerja.objects.filter(skp=skp).values_list("nilai", flat=True)) == sorted(
        [
            "berorientasi_pelayanan",
            "akuntabel",
            "kompeten",
            "harmonis",
            "loyal",
            "adaptif",
            "kolaboratif",
        ]
    )
    assert all(len(p.indikator_standar) == 3 for p in skp.perilaku.all())


def test_new_skp_is_a_draft_for_the_whole_year(dalam_buleleng):
    staf = segar(dalam_buleleng.staf)

    skp = segar(services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf))

    assert (skp.mulai, skp.selesai) == (date(2025, 1, 1), date(2025, 12, 31))
    assert (skp.status, skp.versi, skp.penilai) == (SKP.Status.DRAFT, 1, None)
    assert Jejak.objects.filter(aksi="skp_buat", objek_id=skp.pk, oleh=staf).count() == 1


def test_new_skp_keeps_the_unit_and_jabatan_of_its_day(dalam_buleleng):
    d = dalam_buleleng
    staf = segar(d.staf)
    skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)

    pegawai_ubah_profil(pegawai=staf, by=staf, jabatan="Pranata Komputer", unit_kerja=d.subbidang)

    skp = segar(skp)
    assert (skp.unit_kerja, skp.jabatan, skp.jenis_jabatan) == (d.bidang, "Analis", "pelaksana")


def test_skp_of_a_pppk_starts_at_the_spmt(dalam_buleleng):
    d = dalam_buleleng
    pppk = pegawai_baru(d, d.bidang, "PPPK Baru", jenis_asn="PPPK", tanggal_spmt=date(2025, 3, 1))

    skp = services.skp_buat(pegawai=pppk, tahun=TAHUN, by=pppk)

    assert (skp.mulai, skp.selesai) == (date(2025, 3, 1), date(2025, 12, 31))


def test_skp_of_a_pppk_cannot_start_before_the_spmt(dalam_buleleng):
    d = dalam_buleleng
    pppk = pegawai_baru(d, d.bidang, "PPPK Baru", jenis_asn="PPPK", tanggal_spmt=date(2025, 3, 1))

    with pytest.raises(ValidationError) as galat:
        services.skp_buat(pegawai=pppk, tahun=TAHUN, by=pppk, mulai=date(2025, 1, 1))

    assert "SPMT 1 Maret 2025" in galat.value.message_dict["mulai"][0]
    assert not SKP.objects.filter(pegawai=pppk).exists()


def test_second_skp_overlapping_the_first_is_refused_on_mulai(dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf, selesai=date(2025, 7, 31))

    with pytest.raises(ValidationError) as galat:
        services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf, mulai=date(2025, 7, 31))

    assert "beririsan" in galat.value.message_dict["mulai"][0]
    assert SKP.objects.filter(pegawai=staf).count() == 1


def test_second_skp_adjacent_to_the_first_is_accepted(dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf, selesai=date(2025, 7, 31))

    services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf, mulai=date(2025, 8, 1))

    assert SKP.objects.filter(pegawai=staf).count() == 2


def test_pegawai_on_cltn_for_the_whole_year_is_not_required_to_make_an_skp(dalam_buleleng):
    d = dalam_buleleng
    staf = segar(d.staf)
    pengecualian_tambah(
        pengecualian=Pengecualian(
            instansi=d.buleleng,
            pegawai=staf,
            jenis=Pengecualian.Jenis.CLTN,
            mulai=date(2024, 6, 1),
            selesai=date(2026, 5, 31),
        ),
        by=d.admin_opd,
    )

    with pytest.raises(ValidationError) as galat:
        services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)

    assert "tidak diwajibkan" in pesan_galat(galat.value)
    assert "CLTN" in pesan_galat(galat.value)
    assert not SKP.objects.filter(pegawai=staf).exists()


def test_open_ended_exemption_also_blocks(dalam_buleleng):
    d = dalam_buleleng
    staf = segar(d.staf)
    Pengecualian.objects.create(
        instansi=d.buleleng, pegawai=staf, jenis=Pengecualian.Jenis.MPP, mulai=date(2024, 10, 1)
    )

    with pytest.raises(ValidationError, match="tidak diwajibkan"):
        services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)


def test_exemption_for_part_of_the_year_does_not_block(dalam_buleleng):
    d = dalam_buleleng
    staf = segar(d.staf)
    Pengecualian.objects.create(
        instansi=d.buleleng,
        pegawai=staf,
        jenis=Pengecualian.Jenis.CLTN,
        mulai=date(2025, 1, 1),
        selesai=date(2025, 3, 31),
    )

    skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)

    assert (skp.mulai, skp.selesai) == (date(2025, 1, 1), date(2025, 12, 31))


# --- intervensi --------------------------------------------------------------------------


def test_utama_rhk_without_intervensi_is_refused(skp_staf, dalam_buleleng):
    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=skp_staf,
            by=segar(dalam_buleleng.staf),
            uraian="Terverifikasinya usul",
            jenis="utama",
        )

    assert "intervensi" in galat.value.message_dict
    assert not RHK.objects.filter(skp=skp_staf).exists()


def test_utama_rhk_intervening_the_rhk_of_someone_other_than_the_atasan_is_refused(
    skp_staf, rantai, dalam_buleleng
):
    # The kepala is the kabid's atasan, not the staf's: skipping a level is refused.
    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=skp_staf,
            by=segar(dalam_buleleng.staf),
            uraian="Terverifikasinya usul",
            jenis="utama",
            intervensi=[rantai.rhk_kepala[0]],
        )

    assert "atasan langsung" in galat.value.message_dict["intervensi"][0]
    assert not RHK.objects.filter(skp=skp_staf).exists()


def test_utama_rhk_intervening_the_atasan_rhk_of_another_year_is_refused(
    skp_staf, buat_rantai, dalam_buleleng
):
    tahun_lalu = buat_rantai(2024)

    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=skp_staf,
            by=segar(dalam_buleleng.staf),
            uraian="Terverifikasinya usul",
            jenis="utama",
            intervensi=[tahun_lalu.rhk_kabid],
        )

    assert "tahun 2025" in galat.value.message_dict["intervensi"][0]


def test_utama_rhk_intervening_an_rhk_tambahan_of_the_atasan_is_refused(
    skp_staf, rantai, dalam_buleleng
):
    # The kabid's SKP is approved: go through Perubahan SKP to add a tambahan RHK.
    kabid = segar(dalam_buleleng.kabid)
    services.skp_perubahan(skp=rantai.skp_kabid, by=kabid)
    tambahan = services.rhk_simpan(
        skp=rantai.skp_kabid, by=kabid, uraian="Menjadi narasumber", jenis="tambahan"
    )

    with pytest.raises(ValidationError):
        services.rhk_simpan(
            skp=skp_staf,
            by=segar(dalam_buleleng.staf),
            uraian="Terverifikasinya usul",
            jenis="utama",
            intervensi=[tambahan],
        )


def test_utama_rhk_intervening_the_atasan_rhk_is_accepted(skp_staf, rantai, dalam_buleleng):
    rhk = services.rhk_simpan(
        skp=skp_staf,
        by=segar(dalam_buleleng.staf),
        uraian="  Terverifikasinya usul penilaian  ",
        jenis="utama",
        intervensi=[rantai.rhk_kabid],
    )

    rhk = segar(rhk)
    assert rhk.uraian == "Terverifikasinya usul penilaian"
    assert list(rhk.intervensi.all()) == [rantai.rhk_kabid]
    assert list(rantai.rhk_kabid.diintervensi_oleh.all()) == [rhk]


def test_when_the_atasan_has_no_skp_the_rhk_is_saved_and_the_warning_explains_why(
    dalam_buleleng,
):
    # Nobody waits for an atasan who has not written RHK: the link is made later.
    d = dalam_buleleng
    staf = segar(d.staf)
    skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)

    rhk = services.rhk_simpan(skp=skp, by=staf, uraian="Terverifikasinya usul", jenis="utama")

    assert not segar(rhk).intervensi.exists()
    pesan = selectors.pilihan_intervensi(skp).peringatan
    assert "belum membuat SKP 2025" in pesan
    assert d.kabid.nama in pesan


def test_rhk_tambahan_cannot_intervene(skp_staf, rantai, dalam_buleleng):
    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=skp_staf,
            by=segar(dalam_buleleng.staf),
            uraian="Menjadi panitia",
            jenis="tambahan",
            intervensi=[rantai.rhk_kabid],
        )

    assert "tambahan" in galat.value.message_dict["intervensi"][0]


def test_rhk_tambahan_needs_no_intervensi(skp_staf, dalam_buleleng):
    rhk = services.rhk_simpan(
        skp=skp_staf, by=segar(dalam_buleleng.staf), uraian="Menjadi panitia", jenis="tambahan"
    )

    assert segar(rhk).jenis == RHK.Jenis.TAMBAHAN


@pytest.fixture
def bupati(dalam_buleleng):
    """The pimpinan of the instansi root: the top of the tree, with no atasan."""
    d = dalam_buleleng
    bupati = pegawai_baru(d, d.root, "Sekda Kabupaten", jenis_jabatan="jpt")
    jadikan_pimpinan(bupati, d.root)
    return segar(bupati)


def _sasaran(d, tahun, teks="Meningkatnya indeks reformasi birokrasi"):
    return services.sasaran_pk_tambah(
        instansi=d.buleleng, by=segar(d.admin_bkd), tahun=tahun, unit_kerja=d.root, sasaran=teks
    )


def test_top_pimpinan_intervenes_a_sasaran_of_the_perjanjian_kinerja(bupati, dalam_buleleng):
    sasaran = _sasaran(dalam_buleleng, TAHUN)
    skp = services.skp_buat(pegawai=bupati, tahun=TAHUN, by=bupati)

    rhk = services.rhk_simpan(
        skp=skp, by=bupati, uraian="Meningkatnya IRB", jenis="utama", intervensi_pk=[sasaran]
    )

    assert list(segar(rhk).intervensi_pk.all()) == [sasaran]


def test_top_pimpinan_without_a_sasaran_is_refused_on_intervensi_pk(bupati, dalam_buleleng):
    skp = services.skp_buat(pegawai=bupati, tahun=TAHUN, by=bupati)

    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(skp=skp, by=bupati, uraian="Meningkatnya IRB", jenis="utama")

    # No sasaran recorded for the year yet: the message sends them to BKD.
    assert "Hubungi BKD" in galat.value.message_dict["intervensi_pk"][0]


def test_top_pimpinan_cannot_intervene_a_sasaran_of_another_year(bupati, dalam_buleleng):
    _sasaran(dalam_buleleng, TAHUN)
    tahun_lalu = _sasaran(dalam_buleleng, 2024)
    skp = services.skp_buat(pegawai=bupati, tahun=TAHUN, by=bupati)

    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=skp, by=bupati, uraian="Meningkatnya IRB", jenis="utama", intervensi_pk=[tahun_lalu]
        )

    assert "tahun 2025" in galat.value.message_dict["intervensi_pk"][0]


def test_top_pimpinan_cannot_intervene_an_rhk(bupati, dalam_buleleng):
    sasaran = _sasaran(dalam_buleleng, TAHUN)
    skp = services.skp_buat(pegawai=bupati, tahun=TAHUN, by=bupati)
    sendiri = services.rhk_simpan(
        skp=skp, by=bupati, uraian="Meningkatnya IRB", jenis="utama", intervensi_pk=[sasaran]
    )

    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=skp,
            by=bupati,
            uraian="Meningkatnya SAKIP",
            jenis="utama",
            intervensi_pk=[sasaran],
            intervensi=[sendiri],
        )

    assert "intervensi_pk" in galat.value.message_dict


def test_kepala_opd_below_a_top_pimpinan_cannot_intervene_the_pk_of_another_unit(
    bupati, dalam_buleleng
):
    # With the root led, the kepala is no longer the top: only the PK of their own OPD
    # (BKPSDM) is open to them besides the bupati's RHK, not the instansi's.
    d = dalam_buleleng
    sasaran = _sasaran(d, TAHUN)
    kepala = segar(d.kepala)
    skp = services.skp_buat(pegawai=kepala, tahun=TAHUN, by=kepala)

    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(
            skp=skp,
            by=kepala,
            uraian="Meningkatnya kinerja ASN",
            jenis="utama",
            intervensi_pk=[sasaran],
        )

    assert "OPD yang Anda pimpin" in galat.value.message_dict["intervensi_pk"][0]


def test_staff_of_a_unit_without_pimpinan_is_told_to_get_a_pejabat_penilai(dalam_buleleng):
    # Subbidang Penilaian has no pimpinan: its staff have no atasan yet (DOMAIN: Atasan).
    # Having no atasan does not make them the top of the cascade.
    d = dalam_buleleng
    sasaran = _sasaran(d, TAHUN)
    staf_sub = pegawai_baru(d, d.subbidang, "Staf Subbidang")
    skp = services.skp_buat(pegawai=staf_sub, tahun=TAHUN, by=staf_sub)

    with pytest.raises(ValidationError) as galat:
        services.rhk_simpan(skp=skp, by=staf_sub, uraian="Terverifikasinya usul", jenis="utama")
    assert "belum memiliki pejabat penilai" in pesan_galat(galat.value)

    with pytest.raises(ValidationError):
        services.rhk_simpan(
            skp=skp,
            by=staf_sub,
            uraian="Terverifikasinya usul",
            jenis="utama",
            intervensi_pk=[sasaran],
        )
    assert not RHK.objects.filter(skp=skp).exists()


# --- indikator_simpan --------------------------------------------------------------------


@pytest.fixture
def rhk_jpt(dalam_buleleng):
    """A tambahan RHK in the SKP of a JPT (Dinkes has no pimpinan: no atasan needed)."""
    d = dalam_buleleng
    jpt = pegawai_baru(d, d.dinkes, "Kepala Dinas Kesehatan", jenis_jabatan="jpt")
    skp = services.skp_buat(pegawai=jpt, tahun=TAHUN, by=jpt)
    return services.rhk_simpan(skp=skp, by=jpt, uraian="Menurunnya stunting", jenis="tambahan")


def test_indikator_of_a_jpt_needs_a_perspektif(rhk_jpt):
    jpt = rhk_jpt.skp.pegawai

    with pytest.raises(ValidationError) as galat:
        services.indikator_simpan(
            rhk=rhk_jpt, by=jpt, aspek="kuantitas", uraian="Prevalensi", target_min=14, satuan="%"
        )

    assert "perspektif" in galat.value.message_dict
    assert not Indikator.objects.filter(rhk=rhk_jpt).exists()


def test_indikator_of_a_jpt_keeps_its_perspektif(rhk_jpt):
    indikator = services.indikator_simpan(
        rhk=rhk_jpt,
        by=rhk_jpt.skp.pegawai,
        aspek="kuantitas",
        uraian="Prevalensi",
        target_min=14,
        satuan="%",
        perspektif="penerima_layanan",
    )

    assert segar(indikator).perspektif == "penerima_layanan"


def test_jpt_is_decided_by_the_jabatan_when_the_skp_was_made(rhk_jpt):
    # A later profile change does not turn an existing SKP into a non-JPT one.
    jpt = segar(rhk_jpt.skp.pegawai)
    pegawai_ubah_profil(pegawai=jpt, by=jpt, jenis_jabatan="administrator")

    with pytest.raises(ValidationError, match="perspektif"):
        services.indikator_simpan(
            rhk=rhk_jpt, by=jpt, aspek="kuantitas", uraian="Prevalensi", target_min=14, satuan="%"
        )


def test_indikator_outside_jpt_drops_the_perspektif(skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    rhk = services.rhk_simpan(skp=skp_staf, by=staf, uraian="Menjadi panitia", jenis="tambahan")

    indikator = services.indikator_simpan(
        rhk=rhk,
        by=staf,
        aspek="kuantitas",
        uraian="Jumlah kegiatan",
        target_min=2,
        satuan="Kegiatan",
        perspektif="anggaran",
    )

    assert segar(indikator).perspektif == ""


def test_indikator_with_a_range_reads_as_a_range(skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    rhk = services.rhk_simpan(skp=skp_staf, by=staf, uraian="Menjadi panitia", jenis="tambahan")

    indikator = services.indikator_simpan(
        rhk=rhk,
        by=staf,
        aspek="kualitas",
        uraian="Kepuasan peserta",
        target_min=Decimal("80"),
        target_maks=Decimal("90"),
        satuan="%",
    )

    assert segar(indikator).target == "80 – 90 %"


def test_indikator_with_maximum_below_minimum_is_refused(skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    rhk = services.rhk_simpan(skp=skp_staf, by=staf, uraian="Menjadi panitia", jenis="tambahan")

    with pytest.raises(ValidationError):
        services.indikator_simpan(
            rhk=rhk,
            by=staf,
            aspek="kualitas",
            uraian="Kepuasan peserta",
            target_min=Decimal("90"),
            target_maks=Decimal("80"),
            satuan="%",
        )

    assert not Indikator.objects.filter(rhk=rhk).exists()


def test_indikator_range_error_is_shown_beside_target_maks(skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    rhk = services.rhk_simpan(skp=skp_staf, by=staf, uraian="Menjadi panitia", jenis="tambahan")

    with pytest.raises(ValidationError) as galat:
        services.indikator_simpan(
            rhk=rhk,
            by=staf,
            aspek="kualitas",
            uraian="Kepuasan peserta",
            target_min=Decimal("90"),
            target_maks=Decimal("80"),
            satuan="%",
        )

    assert "Target maksimum" in galat.value.message_dict["target_maks"][0]


# --- the status machine through the services ---------------------------------------------


def test_skp_without_utama_rhk_cannot_be_submitted(skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    tambah_rhk(skp_staf, staf, "Menjadi panitia", jenis="tambahan")

    with pytest.raises(ValidationError, match="belum memiliki RHK utama"):
        services.skp_ajukan(skp=skp_staf, by=staf)

    assert segar(skp_staf).status == SKP.Status.DRAFT


def test_submission_lists_every_rhk_without_indikator(skp_staf, rantai, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    tambah_rhk(skp_staf, staf, "Terverifikasinya usul", intervensi=[rantai.rhk_kabid])
    services.rhk_simpan(
        skp=skp_staf,
        by=staf,
        uraian="Tersusunnya rekap",
        jenis="utama",
        intervensi=[rantai.rhk_kabid],
    )
    services.rhk_simpan(skp=skp_staf, by=staf, uraian="Menjadi panitia", jenis="tambahan")

    with pytest.raises(ValidationError) as galat:
        services.skp_ajukan(skp=skp_staf, by=staf)

    pesan = pesan_galat(galat.value)
    assert "belum memiliki indikator" in pesan
    assert "Tersusunnya rekap" in pesan and "Menjadi panitia" in pesan
    assert "Terverifikasinya usul" not in pesan
    assert segar(skp_staf).status == SKP.Status.DRAFT


def test_submission_fixes_the_atasan_as_penilai(skp_staf_diajukan, dalam_buleleng):
    skp = segar(skp_staf_diajukan)

    assert skp.status == SKP.Status.DIAJUKAN
    assert skp.penilai == dalam_buleleng.kabid
    assert skp.diajukan_pada is not None


def test_only_the_owner_may_submit(skp_staf, rantai, dalam_buleleng):
    d = dalam_buleleng
    tambah_rhk(skp_staf, segar(d.staf), "Terverifikasinya usul", intervensi=[rantai.rhk_kabid])

    with pytest.raises(ValidationError, match="Hanya pemilik"):
        services.skp_ajukan(skp=skp_staf, by=segar(d.kabid))

    assert segar(skp_staf).status == SKP.Status.DRAFT


def test_pegawai_without_atasan_cannot_submit(rantai, dalam_buleleng):
    # Nobody leads Sekda or the root in `dunia`: the kepala has no pejabat penilai.
    with pytest.raises(ValidationError, match="belum memiliki pejabat penilai"):
        services.skp_ajukan(skp=rantai.skp_kepala, by=segar(dalam_buleleng.kepala))


def test_atasan_approves_a_submitted_skp(skp_staf_diajukan, dalam_buleleng):
    skp = services.skp_setujui(skp=skp_staf_diajukan, by=segar(dalam_buleleng.kabid))

    skp = segar(skp)
    assert skp.status == SKP.Status.DISETUJUI
    assert skp.disetujui_pada is not None


@pytest.mark.parametrize("bukan_penilai", ["kepala", "admin_opd", "admin_bkd", "staf", "rekan"])
def test_nobody_but_the_atasan_may_approve(skp_staf_diajukan, dalam_buleleng, bukan_penilai):
    d = dalam_buleleng
    if bukan_penilai == "rekan":
        orang = pegawai_baru(d, d.bidang, "Rekan PKAP")
    else:
        orang = getattr(d, bukan_penilai)

    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        services.skp_setujui(skp=skp_staf_diajukan, by=segar(orang))
    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        services.skp_kembalikan(skp=skp_staf_diajukan, by=segar(orang), catatan="Perbaiki")

    assert segar(skp_staf_diajukan).status == SKP.Status.DIAJUKAN


def test_a_draft_cannot_be_approved(skp_staf, rantai, dalam_buleleng):
    d = dalam_buleleng
    tambah_rhk(skp_staf, segar(d.staf), "Terverifikasinya usul", intervensi=[rantai.rhk_kabid])
    # As if it had been submitted once: the penilai is known, the status is still draft.
    SKP.objects.filter(pk=skp_staf.pk).update(penilai=d.kabid)

    with pytest.raises(ValidationError, match="Draft tidak dapat diubah menjadi Disetujui"):
        services.skp_setujui(skp=segar(skp_staf), by=segar(d.kabid))


def test_an_approved_skp_cannot_be_approved_again(skp_staf_disetujui, dalam_buleleng):
    with pytest.raises(ValidationError):
        services.skp_setujui(skp=segar(skp_staf_disetujui), by=segar(dalam_buleleng.kabid))

    assert Jejak.objects.filter(objek_id=skp_staf_disetujui.pk, aksi="skp_disetujui").count() == 1


@pytest.mark.parametrize("catatan", ["", "   ", None])
def test_returning_needs_a_catatan(skp_staf_diajukan, dalam_buleleng, catatan):
    with pytest.raises(ValidationError) as galat:
        services.skp_kembalikan(
            skp=skp_staf_diajukan, by=segar(dalam_buleleng.kabid), catatan=catatan
        )

    assert "catatan" in galat.value.message_dict
    assert segar(skp_staf_diajukan).status == SKP.Status.DIAJUKAN


def test_returning_sets_revisi_with_the_catatan(skp_staf_diajukan, dalam_buleleng):
    services.skp_kembalikan(
        skp=skp_staf_diajukan, by=segar(dalam_buleleng.kabid), catatan="  Tambahkan target waktu. "
    )

    skp = segar(skp_staf_diajukan)
    assert skp.status == SKP.Status.REVISI
    assert skp.catatan_revisi == "Tambahkan target waktu."


def test_owner_withdraws_a_submitted_skp_before_the_decision(skp_staf_diajukan, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)

    services.skp_tarik(skp=segar(skp_staf_diajukan), by=staf)

    skp = segar(skp_staf_diajukan)
    assert skp.status == SKP.Status.DRAFT
    assert _jejak_status(skp)[-1] == ("skp_draft", "diajukan", "draft", staf.pk)
    services.skp_ubah(skp=skp, by=staf, konsekuensi="Teguran")  # editable again


def test_only_the_owner_may_withdraw(skp_staf_diajukan, dalam_buleleng):
    with pytest.raises(ValidationError, match="Hanya pemilik"):
        services.skp_tarik(skp=segar(skp_staf_diajukan), by=segar(dalam_buleleng.kabid))

    assert segar(skp_staf_diajukan).status == SKP.Status.DIAJUKAN


def test_an_approved_skp_cannot_be_withdrawn(skp_staf_disetujui, dalam_buleleng):
    with pytest.raises(ValidationError):
        services.skp_tarik(skp=segar(skp_staf_disetujui), by=segar(dalam_buleleng.staf))

    assert segar(skp_staf_disetujui).status == SKP.Status.DISETUJUI


def test_after_a_change_of_pimpinan_the_new_atasan_decides(skp_staf_diajukan, dalam_buleleng):
    # Submitted to the old kabid; an admin then sets a Plt. The SKP must not get stuck.
    d = dalam_buleleng
    plt = pegawai_baru(d, d.bidang, "Plt Kabid")
    pimpinan_tetapkan(unit=segar(d.bidang), pegawai=plt, status="plt", by=segar(d.admin_opd))

    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        services.skp_setujui(skp=segar(skp_staf_diajukan), by=segar(d.kabid))
    services.skp_setujui(skp=segar(skp_staf_diajukan), by=segar(plt))

    skp = segar(skp_staf_diajukan)
    assert (skp.status, skp.penilai) == (SKP.Status.DISETUJUI, plt)


def test_pegawai_edits_a_returned_skp_and_submits_it_again(
    skp_staf_diajukan, rantai, dalam_buleleng
):
    d = dalam_buleleng
    staf = segar(d.staf)
    services.skp_kembalikan(skp=skp_staf_diajukan, by=segar(d.kabid), catatan="Tambah RHK rekap.")
    skp = segar(skp_staf_diajukan)

    tambah_rhk(skp, staf, "Tersusunnya rekap penilaian", intervensi=[rantai.rhk_kabid])
    services.skp_ubah(skp=skp, by=staf, konsekuensi="Sesuai ketentuan")
    services.skp_ajukan(skp=segar(skp), by=staf)

    skp = segar(skp)
    assert skp.status == SKP.Status.DIAJUKAN
    assert skp.catatan_revisi == ""
    assert skp.konsekuensi == "Sesuai ketentuan"
    assert list(skp.rhk.values_list("uraian", flat=True)) == [
        "Terverifikasinya usul penilaian",
        "Tersusunnya rekap penilaian",
    ]


def test_rhk_utama_are_listed_before_rhk_tambahan(skp_staf, rantai, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    tambah_rhk(skp_staf, staf, "Terverifikasinya usul", intervensi=[rantai.rhk_kabid])
    tambah_rhk(skp_staf, staf, "Menjadi panitia", jenis="tambahan")

    assert list(skp_staf.rhk.values_list("jenis", flat=True)) == ["utama", "tambahan"]


def _ubah_rhk(skp, by):
    services.rhk_simpan(skp=skp, by=by, uraian="Menjadi panitia", jenis="tambahan")


def _ubah_indikator(skp, by):
    services.indikator_simpan(
        rhk=skp.rhk.get(),
        by=by,
        aspek="waktu",
        uraian="Tepat waktu",
        target_min=12,
        satuan="Bulan",
    )


def _ubah_skp(skp, by):
    services.skp_ubah(skp=skp, by=by, konsekuensi="Teguran")


@pytest.mark.parametrize("status", ["skp_staf_diajukan", "skp_staf_disetujui"])
@pytest.mark.parametrize("ubah", [_ubah_rhk, _ubah_indikator, _ubah_skp])
def test_pegawai_cannot_edit_a_submitted_or_approved_skp(request, dalam_buleleng, status, ubah):
    skp = segar(request.getfixturevalue(status))

    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        ubah(skp, segar(dalam_buleleng.staf))

    assert RHK.objects.filter(skp=skp).count() == 1
    assert Indikator.objects.filter(rhk__skp=skp).count() == 1
    assert segar(skp).konsekuensi == ""


def test_nobody_else_may_edit_a_draft(skp_staf, dalam_buleleng):
    with pytest.raises(ValidationError, match="Hanya pemilik"):
        _ubah_rhk(skp_staf, segar(dalam_buleleng.kabid))


def test_skp_ubah_cannot_change_the_status(skp_staf, dalam_buleleng):
    with pytest.raises(TypeError):
        services.skp_ubah(skp=skp_staf, by=segar(dalam_buleleng.staf), status="disetujui")

    assert segar(skp_staf).status == SKP.Status.DRAFT


def test_pegawai_cannot_rewrite_an_rhk_of_another_skp(skp_staf, rantai, dalam_buleleng):
    with pytest.raises(ValidationError):
        services.rhk_simpan(
            skp=skp_staf,
            by=segar(dalam_buleleng.staf),
            uraian="Diubah orang lain",
            jenis="tambahan",
            rhk=rantai.rhk_kabid,
        )

    assert segar(rantai.rhk_kabid).uraian == "Tersusunnya penilaian kinerja 2025"


def test_pegawai_cannot_rewrite_an_indikator_of_another_skp(skp_staf, rantai, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    milik_sendiri = services.rhk_simpan(skp=skp_staf, by=staf, uraian="Panitia", jenis="tambahan")
    milik_kabid = rantai.rhk_kabid.indikator.get()

    with pytest.raises(ValidationError) as galat:
        services.indikator_simpan(
            rhk=milik_sendiri,
            by=staf,
            aspek="kuantitas",
            uraian="Diubah orang lain",
            target_min=1,
            satuan="Laporan",
            indikator=milik_kabid,
        )

    assert "tidak ditemukan pada RHK ini" in pesan_galat(galat.value)
    assert segar(milik_kabid).uraian == "Jumlah tersusunnya penilaian kinerja 2025"


def test_every_status_change_is_recorded_with_who_and_from_what(skp_staf_diajukan, dalam_buleleng):
    d = dalam_buleleng
    staf, kabid = segar(d.staf), segar(d.kabid)
    skp = skp_staf_diajukan
    services.skp_kembalikan(skp=segar(skp), by=kabid, catatan="Perjelas indikator.")
    services.skp_ajukan(skp=segar(skp), by=staf)
    services.skp_setujui(skp=segar(skp), by=kabid)
    services.skp_perubahan(skp=segar(skp), by=staf)

    assert _jejak_status(skp) == [
        ("skp_diajukan", "draft", "diajukan", staf.pk),
        ("skp_revisi", "diajukan", "revisi", kabid.pk),
        ("skp_diajukan", "revisi", "diajukan", staf.pk),
        ("skp_disetujui", "diajukan", "disetujui", kabid.pk),
        ("skp_draft", "disetujui", "draft", staf.pk),
    ]
    assert Jejak.objects.get(objek_id=skp.pk, aksi="skp_revisi").catatan == "Perjelas indikator."


# --- skp_perubahan -----------------------------------------------------------------------


def test_amending_an_approved_skp_keeps_the_approved_version(
    skp_staf_disetujui, rantai, dalam_buleleng
):
    d = dalam_buleleng
    disetujui_pada = segar(skp_staf_disetujui).disetujui_pada
    assert disetujui_pada is not None

    services.skp_perubahan(skp=segar(skp_staf_disetujui), by=segar(d.staf))

    skp = segar(skp_staf_disetujui)
    assert (skp.status, skp.versi, skp.disetujui_pada) == (SKP.Status.DRAFT, 2, None)
    versi = VersiSKP.objects.get(skp=skp)
    assert versi.versi == 1
    assert versi.penilai == d.kabid
    assert versi.disetujui_pada == disetujui_pada
    [rhk] = versi.isi["rhk"]
    assert rhk["uraian"] == "Terverifikasinya usul penilaian"
    assert rhk["intervensi"] == [rantai.rhk_kabid.uraian]
    assert rhk["indikator"][0]["target"] == "12 Laporan"
    assert (versi.isi["mulai"], versi.isi["selesai"]) == ("2025-01-01", "2025-12-31")
    assert set(versi.isi["perilaku"]) == {k for k, _, _ in rules.BERAKHLAK}


def test_each_amendment_keeps_its_own_version(skp_staf_disetujui, rantai, dalam_buleleng):
    d = dalam_buleleng
    staf, kabid = segar(d.staf), segar(d.kabid)
    services.skp_perubahan(skp=segar(skp_staf_disetujui), by=staf)
    skp = segar(skp_staf_disetujui)
    tambah_rhk(skp, staf, "Terlaksananya penugasan baru", intervensi=[rantai.rhk_kabid])
    services.skp_ajukan(skp=skp, by=staf)
    services.skp_setujui(skp=segar(skp), by=kabid)

    services.skp_perubahan(skp=segar(skp), by=staf)

    assert segar(skp).versi == 3
    riwayat = {
        v.versi: [r["uraian"] for r in v.isi["rhk"]] for v in VersiSKP.objects.filter(skp=skp)
    }
    assert riwayat == {
        1: ["Terverifikasinya usul penilaian"],
        2: ["Terverifikasinya usul penilaian", "Terlaksananya penugasan baru"],
    }


@pytest.mark.parametrize("status", ["skp_staf", "skp_staf_diajukan"])
def test_only_an_approved_skp_can_be_amended(request, dalam_buleleng, status):
    skp = segar(request.getfixturevalue(status))

    with pytest.raises(ValidationError):
        services.skp_perubahan(skp=skp, by=segar(dalam_buleleng.staf))

    assert segar(skp).versi == 1
    assert not VersiSKP.objects.filter(skp=skp).exists()


def test_only_the_owner_may_amend(skp_staf_disetujui, dalam_buleleng):
    with pytest.raises(ValidationError, match="Hanya pemilik"):
        services.skp_perubahan(skp=segar(skp_staf_disetujui), by=segar(dalam_buleleng.kabid))

    assert segar(skp_staf_disetujui).status == SKP.Status.DISETUJUI
    assert not VersiSKP.objects.filter(skp=skp_staf_disetujui).exists()


# --- perilaku_ekspektasi_simpan ----------------------------------------------------------


def test_atasan_sets_ekspektasi_khusus(skp_staf_diajukan, dalam_buleleng):
    services.perilaku_ekspektasi_simpan(
        skp=skp_staf_diajukan,
        by=segar(dalam_buleleng.kabid),
        ekspektasi={"kolaboratif": "  Aktif dalam tim penilai  ", "akuntabel": ""},
    )

    ekspektasi = dict(
        PerilakuKerja.objects.filter(skp=skp_staf_diajukan).values_list(
            "nilai", "ekspektasi_khusus"
        )
    )
    assert ekspektasi["kolaboratif"] == "Aktif dalam tim penilai"
    assert {v for k, v in ekspektasi.items() if k != "kolaboratif"} == {""}
    assert Jejak.objects.filter(objek_id=skp_staf_diajukan.pk, aksi="perilaku_ekspektasi").exists()


@pytest.mark.parametrize("bukan_atasan", ["staf", "kepala", "admin_opd"])
def test_only_the_atasan_sets_ekspektasi_khusus(skp_staf_diajukan, dalam_buleleng, bukan_atasan):
    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        services.perilaku_ekspektasi_simpan(
            skp=skp_staf_diajukan,
            by=segar(getattr(dalam_buleleng, bukan_atasan)),
            ekspektasi={"kolaboratif": "Aktif"},
        )

    assert (
        not PerilakuKerja.objects.filter(skp=skp_staf_diajukan)
        .exclude(ekspektasi_khusus="")
        .exists()
    )


def test_nul_in_an_ekspektasi_is_refused_and_nothing_is_saved(skp_staf_diajukan, dalam_buleleng):
    # PostgreSQL cannot store NUL in text: unchecked, the penilai's form answered 500.
    with pytest.raises(ValidationError, match="karakter kendali"):
        services.perilaku_ekspektasi_simpan(
            skp=skp_staf_diajukan,
            by=segar(dalam_buleleng.kabid),
            ekspektasi={"kolaboratif": "Aktif dalam tim", "akuntabel": "Tepat\x00waktu"},
        )

    assert (
        not PerilakuKerja.objects.filter(skp=skp_staf_diajukan)
        .exclude(ekspektasi_khusus="")
        .exists()
    )
    assert not Jejak.objects.filter(aksi="perilaku_ekspektasi").exists()


def test_ekspektasi_of_an_approved_skp_cannot_change(skp_staf_disetujui, dalam_buleleng):
    with pytest.raises(ValidationError, match="Perubahan SKP"):
        services.perilaku_ekspektasi_simpan(
            skp=segar(skp_staf_disetujui),
            by=segar(dalam_buleleng.kabid),
            ekspektasi={"kolaboratif": "Aktif"},
        )


# --- skp_salin_rhk -----------------------------------------------------------------------


def _isi(skp):
    return [
        (r.jenis, r.uraian, [(i.aspek, i.uraian, i.target) for i in r.indikator.all()])
        for r in RHK.objects.filter(skp=skp).prefetch_related("indikator")
    ]


def test_rhk_are_copied_from_own_skp_of_last_year_without_intervensi(
    skp_staf, buat_rantai, dalam_buleleng
):
    staf = segar(dalam_buleleng.staf)
    tahun_lalu = buat_rantai(2024)
    skp_lalu = services.skp_buat(pegawai=staf, tahun=2024, by=staf)
    tambah_rhk(skp_lalu, staf, "Terverifikasinya usul 2024", intervensi=[tahun_lalu.rhk_kabid])
    tambah_rhk(skp_lalu, staf, "Menjadi panitia", jenis="tambahan")

    jumlah = services.skp_salin_rhk(tujuan=skp_staf, sumber=skp_lalu, by=staf)

    assert jumlah == 2
    assert _isi(skp_staf) == _isi(skp_lalu)
    assert sorted(_isi(skp_staf)) == [
        ("tambahan", "Menjadi panitia", [("kuantitas", "Jumlah menjadi panitia", "12 Laporan")]),
        (
            "utama",
            "Terverifikasinya usul 2024",
            [("kuantitas", "Jumlah terverifikasinya usul 2024", "12 Laporan")],
        ),
    ]
    assert not RHK.intervensi.through.objects.filter(from_rhk__skp=skp_staf).exists()
    assert RHK.objects.filter(skp=skp_lalu).count() == 2  # the source is untouched


def test_rhk_are_copied_from_a_colleague_with_the_same_jabatan(skp_staf, rantai, dalam_buleleng):
    d = dalam_buleleng
    rekan = pegawai_baru(d, d.bidang, "Rekan PKAP", jabatan=" analis ")
    skp_rekan = services.skp_buat(pegawai=rekan, tahun=TAHUN, by=rekan)
    tambah_rhk(skp_rekan, rekan, "Tersusunnya rekap", intervensi=[rantai.rhk_kabid])

    jumlah = services.skp_salin_rhk(tujuan=skp_staf, sumber=skp_rekan, by=segar(d.staf))

    assert jumlah == 1
    assert _isi(skp_staf) == _isi(skp_rekan)
    assert not segar(skp_staf.rhk.get()).intervensi.exists()


def test_rhk_cannot_be_copied_from_a_colleague_with_another_jabatan(
    skp_staf, rantai, dalam_buleleng
):
    d = dalam_buleleng
    rekan = pegawai_baru(d, d.bidang, "Pranata PKAP", jabatan="Pranata Komputer")
    skp_rekan = services.skp_buat(pegawai=rekan, tahun=TAHUN, by=rekan)
    tambah_rhk(skp_rekan, rekan, "Terpeliharanya aplikasi", intervensi=[rantai.rhk_kabid])

    with pytest.raises(ValidationError, match="jabatan sama"):
        services.skp_salin_rhk(tujuan=skp_staf, sumber=skp_rekan, by=segar(d.staf))

    assert not RHK.objects.filter(skp=skp_staf).exists()


def test_rhk_cannot_be_copied_into_a_submitted_skp(skp_staf_diajukan, buat_rantai, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    tahun_lalu = buat_rantai(2024)
    skp_lalu = services.skp_buat(pegawai=staf, tahun=2024, by=staf)
    tambah_rhk(skp_lalu, staf, "Terverifikasinya usul 2024", intervensi=[tahun_lalu.rhk_kabid])

    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.skp_salin_rhk(tujuan=skp_staf_diajukan, sumber=skp_lalu, by=staf)

    assert RHK.objects.filter(skp=skp_staf_diajukan).count() == 1


def test_copied_utama_rhk_must_get_an_intervensi_before_submission(
    skp_staf, rantai, buat_rantai, dalam_buleleng
):
    tahun_ini = rantai
    staf = segar(dalam_buleleng.staf)
    tahun_lalu = buat_rantai(2024)
    skp_lalu = services.skp_buat(pegawai=staf, tahun=2024, by=staf)
    tambah_rhk(skp_lalu, staf, "Terverifikasinya usul 2024", intervensi=[tahun_lalu.rhk_kabid])
    services.skp_salin_rhk(tujuan=skp_staf, sumber=skp_lalu, by=staf)

    with pytest.raises(ValidationError) as galat:
        services.skp_ajukan(skp=segar(skp_staf), by=staf)

    assert "belum mengintervensi RHK atasan Anda tahun 2025" in pesan_galat(galat.value)
    assert "Terverifikasinya usul 2024" in pesan_galat(galat.value)
    assert segar(skp_staf).status == SKP.Status.DRAFT

    # Choosing this year's RHK of the kabid makes it submittable.
    rhk = skp_staf.rhk.get()
    services.rhk_simpan(
        skp=skp_staf,
        by=staf,
        uraian=rhk.uraian,
        jenis="utama",
        intervensi=[tahun_ini.rhk_kabid],
        rhk=rhk,
    )
    assert services.skp_ajukan(skp=segar(skp_staf), by=staf).status == SKP.Status.DIAJUKAN


# --- skp_mutasi --------------------------------------------------------------------------


def test_mutasi_ends_the_old_skp_and_starts_a_new_one_at_the_tmt(rantai, dalam_buleleng):
    d = dalam_buleleng
    kabid = segar(d.kabid)
    rhk_lama = list(RHK.objects.filter(skp=rantai.skp_kabid).values_list("uraian", flat=True))

    baru = services.skp_mutasi(
        skp=rantai.skp_kabid,
        tmt=date(2025, 8, 1),
        unit_kerja=d.dinkes,
        jabatan="Kepala Bidang Pelayanan Kesehatan",
        jenis_jabatan="administrator",
        by=kabid,
    )

    lama = segar(rantai.skp_kabid)
    assert (lama.mulai, lama.selesai) == (date(2025, 1, 1), date(2025, 7, 31))
    assert lama.status == SKP.Status.DISETUJUI
    assert (lama.unit_kerja, lama.jabatan) == (d.bidang, "Analis")
    assert list(lama.rhk.values_list("uraian", flat=True)) == rhk_lama

    baru = segar(baru)
    assert (baru.mulai, baru.selesai, baru.tahun) == (date(2025, 8, 1), date(2025, 12, 31), 2025)
    assert baru.status == SKP.Status.DRAFT
    assert (baru.unit_kerja, baru.jabatan) == (d.dinkes, "Kepala Bidang Pelayanan Kesehatan")
    assert baru.perilaku.count() == 7
    assert not baru.rhk.exists()

    kabid = segar(kabid)
    assert (kabid.unit_kerja, kabid.jabatan, kabid.jenis_jabatan) == (
        d.dinkes,
        "Kepala Bidang Pelayanan Kesehatan",
        "administrator",
    )
    assert list(SKP.objects.filter(pegawai=kabid).order_by("mulai")) == [lama, baru]
    assert Jejak.objects.filter(objek_id=lama.pk, aksi="skp_mutasi_akhiri", oleh=kabid).exists()


def test_mutasi_of_a_pimpinan_releases_the_old_unit(rantai, dalam_buleleng):
    d = dalam_buleleng

    services.skp_mutasi(
        skp=rantai.skp_kabid,
        tmt=date(2025, 8, 1),
        unit_kerja=d.dinkes,
        jabatan="Analis Kesehatan",
        jenis_jabatan="pelaksana",
        by=segar(d.kabid),
    )

    bidang = segar(d.bidang)
    assert (bidang.pimpinan, bidang.status_pimpinan) == (None, "")
    assert not UnitKerja.objects.filter(pimpinan=d.kabid).exists()


@pytest.mark.parametrize(
    "tmt", [date(2025, 1, 1), date(2024, 12, 31), date(2026, 1, 1), date(2026, 3, 1)]
)
def test_mutasi_with_a_tmt_outside_the_skp_is_refused(rantai, dalam_buleleng, tmt):
    d = dalam_buleleng

    with pytest.raises(ValidationError) as galat:
        services.skp_mutasi(
            skp=rantai.skp_kabid,
            tmt=tmt,
            unit_kerja=d.dinkes,
            jabatan="Analis Kesehatan",
            jenis_jabatan="pelaksana",
            by=segar(d.kabid),
        )

    assert "tmt" in galat.value.message_dict
    assert segar(rantai.skp_kabid).selesai == date(2025, 12, 31)
    assert segar(d.kabid).unit_kerja == d.bidang
    assert segar(d.bidang).pimpinan == d.kabid
    assert SKP.objects.filter(pegawai=d.kabid).count() == 1


def test_only_the_owner_may_record_a_mutasi(rantai, dalam_buleleng):
    d = dalam_buleleng

    with pytest.raises(ValidationError, match="Hanya pemilik"):
        services.skp_mutasi(
            skp=rantai.skp_kabid,
            tmt=date(2025, 8, 1),
            unit_kerja=d.dinkes,
            jabatan="Analis Kesehatan",
            jenis_jabatan="pelaksana",
            by=segar(d.kepala),
        )

    assert segar(rantai.skp_kabid).selesai == date(2025, 12, 31)


# --- tenancy -----------------------------------------------------------------------------


def test_skp_of_buleleng_is_invisible_inside_another_instansi(skp_staf_diajukan, dalam_buleleng):
    with scope(instansi=dalam_buleleng.lain.pk):
        assert list(SKP.objects.filter(pk=skp_staf_diajukan.pk)) == []
        assert list(RHK.objects.filter(skp_id=skp_staf_diajukan.pk)) == []
        assert list(PerilakuKerja.objects.filter(skp_id=skp_staf_diajukan.pk)) == []

    assert list(SKP.objects.filter(pk=skp_staf_diajukan.pk)) == [skp_staf_diajukan]


@pytest.fixture
def skp_lain(dalam_buleleng):
    d = dalam_buleleng
    with scope(instansi=d.lain.pk):
        return services.skp_buat(pegawai=d.pegawai_lain, tahun=TAHUN, by=d.pegawai_lain)


def _sebagai(pegawai):
    return SimpleNamespace(user=pegawai)


def _skp_penilai_atau_none(kabid, pk):
    try:
        return get_skp_for_penilai(_sebagai(kabid), pk)
    except Http404:
        return None


def test_penilai_cannot_reach_an_skp_of_another_instansi(skp_lain, skp_staf, dalam_buleleng):
    kabid = segar(dalam_buleleng.kabid)

    assert _skp_penilai_atau_none(kabid, skp_staf.pk) == skp_staf
    assert _skp_penilai_atau_none(kabid, skp_lain.pk) is None


def test_penilai_cannot_reach_an_skp_of_someone_who_is_not_a_bawahan(rantai, dalam_buleleng):
    kabid = segar(dalam_buleleng.kabid)

    assert _skp_penilai_atau_none(kabid, rantai.skp_kepala.pk) is None
    assert _skp_penilai_atau_none(kabid, rantai.skp_kabid.pk) is None


# --- skp_bawahan -------------------------------------------------------------------------

HARI_INI = date(2025, 2, 3)


@pytest.fixture
def tim_kabid(skp_staf, rantai, dalam_buleleng):
    """Bawahan of the kabid in every state of the year."""
    d = dalam_buleleng
    kabid = segar(d.kabid)

    diajukan = pegawai_baru(d, d.bidang, "Budi Diajukan")
    skp = services.skp_buat(pegawai=diajukan, tahun=TAHUN, by=diajukan)
    tambah_rhk(skp, diajukan, "Tersusunnya laporan", intervensi=[rantai.rhk_kabid])
    services.skp_ajukan(skp=skp, by=diajukan)

    revisi = pegawai_baru(d, d.bidang, "Citra Revisi")
    skp = services.skp_buat(pegawai=revisi, tahun=TAHUN, by=revisi)
    tambah_rhk(skp, revisi, "Tersusunnya laporan", intervensi=[rantai.rhk_kabid])
    services.skp_ajukan(skp=skp, by=revisi)
    services.skp_kembalikan(skp=segar(skp), by=kabid, catatan="Perbaiki target.")

    # The pimpinan of the Subbidang is a bawahan of the kabid too.
    kasubbid = pegawai_baru(d, d.subbidang, "Dewi Kasubbid")
    jadikan_pimpinan(kasubbid, d.subbidang)
    kasubbid = segar(kasubbid)
    skp = services.skp_buat(pegawai=kasubbid, tahun=TAHUN, by=kasubbid)
    tambah_rhk(skp, kasubbid, "Terlaksananya penilaian", intervensi=[rantai.rhk_kabid])
    services.skp_ajukan(skp=skp, by=kasubbid)
    services.skp_setujui(skp=segar(skp), by=kabid)

    # Only last year's SKP: this year's is still to be made.
    baru = pegawai_baru(d, d.bidang, "Eka Belum")
    services.skp_buat(pegawai=baru, tahun=2024, by=baru)

    cltn = pegawai_baru(d, d.bidang, "Fajar CLTN")
    Pengecualian.objects.create(
        instansi=d.buleleng, pegawai=cltn, jenis=Pengecualian.Jenis.CLTN, mulai=date(2025, 1, 15)
    )
    return kabid


def test_skp_bawahan_lists_every_bawahan_with_the_state_of_their_skp(tim_kabid):
    baris = selectors.skp_bawahan(tim_kabid, TAHUN, HARI_INI)

    assert [(b.pegawai.nama, b.status) for b in baris] == [
        ("Budi Diajukan", "diajukan"),
        ("Citra Revisi", "revisi"),
        ("Dewi Kasubbid", "disetujui"),
        ("Eka Belum", "belum_dibuat"),
        ("Fajar CLTN", "dikecualikan"),
        ("Staf PKAP", "draft"),
    ]
    assert all(b.skp is None or b.skp.tahun == TAHUN for b in baris)


def test_exemption_that_has_not_started_yet_leaves_belum_dibuat(tim_kabid):
    baris = {b.pegawai.nama: b for b in selectors.skp_bawahan(tim_kabid, TAHUN, date(2025, 1, 10))}

    assert baris["Fajar CLTN"].status == "belum_dibuat"


def test_skp_bawahan_of_a_pegawai_who_leads_nothing_is_empty(skp_staf, dalam_buleleng):
    assert selectors.skp_bawahan(segar(dalam_buleleng.staf), TAHUN, HARI_INI) == []


def test_skp_bawahan_costs_the_same_queries_for_more_bawahan(tim_kabid, dalam_buleleng):
    d = dalam_buleleng

    def hitung():
        kabid = segar(tim_kabid)
        with CaptureQueriesContext(connection) as q:
            baris = selectors.skp_bawahan(kabid, TAHUN, HARI_INI)
            [(b.status, b.skp and b.skp.status, b.pegawai.unit_kerja.nama) for b in baris]
        return len(q.captured_queries), len(baris)

    sebelum, n_sebelum = hitung()
    for i in range(3):
        p = pegawai_baru(d, d.bidang, f"Tambahan {i}")
        services.skp_buat(pegawai=p, tahun=TAHUN, by=p)
    sesudah, n_sesudah = hitung()

    assert n_sesudah == n_sebelum + 3
    # unit_dipimpin, pimpinan of sub-units, bawahan, their SKP, their pengecualian.
    assert sebelum == sesudah == 5


# --- matriks_peran_hasil -----------------------------------------------------------------


def test_matriks_peran_hasil_cascades_from_kepala_through_kabid_to_staf(
    skp_staf_diajukan, rantai, dalam_buleleng
):
    d = dalam_buleleng
    kepala = segar(d.kepala)
    tambahan = services.rhk_simpan(
        skp=rantai.skp_kepala, by=kepala, uraian="Menjadi narasumber", jenis="tambahan"
    )
    rhk_staf = RHK.objects.get(skp=skp_staf_diajukan)

    mph = selectors.matriks_peran_hasil(segar(d.bkpsdm), TAHUN)

    assert (mph.pegawai, mph.skp) == (d.kepala, rantai.skp_kepala)
    didukung, tanpa = rantai.rhk_kepala
    assert dict(mph.rhk) == {didukung: [(rantai.rhk_kabid, d.kabid)], tanpa: [], tambahan: []}
    assert mph.tanpa_dukungan == [tanpa]  # a tambahan RHK needs no support

    assert [a.pegawai.nama for a in mph.anak] == ["Admin BKD", "Admin BKPSDM", "Kabid PKAP"]
    kabid = mph.anak[2]
    assert kabid.skp == rantai.skp_kabid
    assert kabid.rhk == [(rantai.rhk_kabid, [(rhk_staf, d.staf)])]
    assert kabid.tanpa_dukungan == []
    [staf] = kabid.anak
    assert (staf.pegawai, staf.skp, staf.anak) == (d.staf, skp_staf_diajukan, [])
    assert staf.rhk == [(rhk_staf, [])]
    assert staf.tanpa_dukungan == [rhk_staf]


def test_matriks_peran_hasil_shows_bawahan_without_skp(rantai, dalam_buleleng):
    d = dalam_buleleng

    mph = selectors.matriks_peran_hasil(segar(d.bkpsdm), TAHUN)

    [staf] = mph.anak[2].anak
    assert (staf.pegawai, staf.skp, staf.rhk) == (d.staf, None, [])


def test_matriks_peran_hasil_of_another_year_has_no_skp(rantai, dalam_buleleng):
    mph = selectors.matriks_peran_hasil(segar(dalam_buleleng.bkpsdm), 2024)

    assert mph.skp is None and mph.rhk == [] and mph.tanpa_dukungan == []


def test_matriks_peran_hasil_of_a_unit_without_pimpinan_is_none(dalam_buleleng):
    assert selectors.matriks_peran_hasil(segar(dalam_buleleng.dinkes), TAHUN) is None


def test_matriks_peran_hasil_costs_the_same_queries_for_more_pegawai(
    skp_staf_diajukan, rantai, dalam_buleleng
):
    d = dalam_buleleng

    def hitung():
        with CaptureQueriesContext(connection) as q:
            selectors.matriks_peran_hasil(segar(d.bkpsdm), TAHUN)
        return len(q.captured_queries)

    sebelum = hitung()
    # One more level (a led seksi under the unled Subbidang) and more pegawai with RHK.
    seksi = buat_unit(d.buleleng, d.subbidang, nama="Seksi Evaluasi", eselon="42")
    kasi = pegawai_baru(d, seksi, "Kasi Evaluasi")
    jadikan_pimpinan(kasi, seksi)
    kasi = segar(kasi)
    skp_kasi = services.skp_buat(pegawai=kasi, tahun=TAHUN, by=kasi)
    rhk_kasi = tambah_rhk(skp_kasi, kasi, "Terevaluasinya kinerja", intervensi=[rantai.rhk_kabid])
    tambahan = [(seksi, rhk_kasi), (d.bidang, rantai.rhk_kabid), (d.bidang, rantai.rhk_kabid)]
    for i, (unit, atas) in enumerate(tambahan):
        p = pegawai_baru(d, unit, f"Tambahan {i}")
        skp = services.skp_buat(pegawai=p, tahun=TAHUN, by=p)
        tambah_rhk(skp, p, "Tersusunnya laporan", intervensi=[atas])
    sesudah = hitung()

    kabid = selectors.matriks_peran_hasil(segar(d.bkpsdm), TAHUN).anak[2]
    assert [a.pegawai.nama for a in kabid.anak] == [
        "Kasi Evaluasi",
        "Staf PKAP",
        "Tambahan 1",
        "Tambahan 2",
    ]
    assert [a.pegawai.nama for a in kabid.anak[0].anak] == ["Tambahan 0"]

    # bkpsdm (segar), units of the subtree, pegawai, SKP, RHK, their intervensi, the
    # sasaran PK they intervene.
    assert sebelum == sesudah == 7
