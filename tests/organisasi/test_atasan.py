"""Who rates whom (DOMAIN: Atasan / pejabat penilai) and why a name may be missing.

The `dunia` tree of Buleleng: root → Sekda (OPD) → BKPSDM (OPD, led by kepala)
→ Bidang PKAP (led by kabid, staf works there) → Subbidang Penilaian (no pimpinan);
Dinas Kesehatan (OPD, no pimpinan) under Sekda.
"""

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from organisasi.models import Pegawai, Pengecualian
from organisasi.selectors import atasan_pegawai, bawahan_penilai, diagnosa_atasan
from tests.bantuan import segar
from tests.conftest import per_modul
from tests.factories import PegawaiFactory, buat_unit, jadikan_pimpinan

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")


def _pegawai(d, unit, nama):
    with scopes_disabled():
        return PegawaiFactory(instansi=d.buleleng, unit_kerja=unit, nama=nama)


def _kode(pegawai):
    return [t.kode for t in diagnosa_atasan(segar(pegawai))]


# --- atasan_pegawai ----------------------------------------------------------------------


def test_staff_is_rated_by_the_pimpinan_of_their_own_unit(dalam_buleleng):
    d = dalam_buleleng
    assert atasan_pegawai(segar(d.staf)) == d.kabid
    assert atasan_pegawai(segar(d.admin_bkd)) == d.kepala


def test_pimpinan_is_rated_by_the_pimpinan_of_the_parent_unit(dalam_buleleng):
    d = dalam_buleleng
    assert atasan_pegawai(segar(d.kabid)) == d.kepala


def test_pimpinan_is_rated_by_nearest_led_ancestor_skipping_units_without_pimpinan(
    dalam_buleleng,
):
    d = dalam_buleleng
    # Seksi under Subbidang Penilaian, which has no pimpinan: the kasi goes up to the kabid.
    seksi = buat_unit(d.buleleng, d.subbidang, nama="Seksi Evaluasi", eselon="42")
    kasi = _pegawai(d, seksi, "Kasi Evaluasi")
    jadikan_pimpinan(kasi, seksi)

    assert atasan_pegawai(segar(kasi)) == d.kabid


def test_pimpinan_skips_a_gap_of_several_levels(dalam_buleleng):
    d = dalam_buleleng
    # Sekda is led, Dinas Kesehatan and its bidang are not: the kasi is rated by the Sekda.
    sekretaris = _pegawai(d, d.sekda, "Sekretaris Daerah")
    jadikan_pimpinan(sekretaris, d.sekda)
    bidang = buat_unit(d.buleleng, d.dinkes, nama="Bidang P2P", eselon="32")
    seksi = buat_unit(d.buleleng, bidang, nama="Seksi Surveilans", eselon="42")
    kasi = _pegawai(d, seksi, "Kasi Surveilans")
    jadikan_pimpinan(kasi, seksi)

    assert atasan_pegawai(segar(kasi)) == sekretaris
    assert atasan_pegawai(segar(d.kepala)) == sekretaris


def test_top_pimpinan_has_no_atasan(dalam_buleleng):
    # Neither Sekda nor the instansi root has a pimpinan above the kepala BKPSDM.
    assert atasan_pegawai(segar(dalam_buleleng.kepala)) is None


def test_staff_of_a_unit_without_pimpinan_has_no_atasan_not_the_grandparent(dalam_buleleng):
    d = dalam_buleleng
    staf_subbidang = _pegawai(d, d.subbidang, "Staf Subbidang")

    assert atasan_pegawai(segar(staf_subbidang)) is None


def test_pegawai_without_unit_has_no_atasan(dalam_buleleng):
    tanpa_unit = _pegawai(dalam_buleleng, None, "Tanpa Unit")

    assert atasan_pegawai(segar(tanpa_unit)) is None


# --- bawahan_penilai ---------------------------------------------------------------------


@pytest.fixture
def tree_kepala(dalam_buleleng):
    """Extra units under BKPSDM: a bidang without pimpinan whose subbidang is led,
    and a led subbidang under the led Bidang PKAP."""
    d = dalam_buleleng
    bidang_tanpa = buat_unit(d.buleleng, d.bkpsdm, nama="Bidang Mutasi", eselon="32")
    staf_bidang_tanpa = _pegawai(d, bidang_tanpa, "Staf Bidang Mutasi")
    subbid_mutasi = buat_unit(d.buleleng, bidang_tanpa, nama="Subbidang Mutasi", eselon="42")
    kasubbid_mutasi = _pegawai(d, subbid_mutasi, "Kasubbid Mutasi")
    jadikan_pimpinan(kasubbid_mutasi, subbid_mutasi)
    staf_subbid_mutasi = _pegawai(d, subbid_mutasi, "Staf Subbidang Mutasi")

    kasubbid_penilaian = _pegawai(d, d.subbidang, "Kasubbid Penilaian")
    jadikan_pimpinan(kasubbid_penilaian, d.subbidang)
    staf_subbid_penilaian = _pegawai(d, d.subbidang, "Staf Subbidang Penilaian")
    d.__dict__.update(locals())
    return d


def test_bawahan_of_kepala_are_own_staff_child_pimpinan_and_pimpinan_across_a_gap(
    tree_kepala,
):
    d = tree_kepala

    bawahan = set(bawahan_penilai(segar(d.kepala)))

    assert bawahan == {
        d.admin_opd,  # staff of BKPSDM
        d.admin_bkd,
        d.kabid,  # pimpinan of a child unit
        d.kasubbid_mutasi,  # pimpinan of a grandchild whose parent has no pimpinan
    }
    assert d.staf not in bawahan  # staff of a led child unit go to their kabid
    assert d.kasubbid_penilaian not in bawahan  # their parent unit has its own pimpinan
    assert d.staf_bidang_tanpa not in bawahan  # no pimpinan in their unit: nobody rates
    assert d.kepala not in bawahan


def test_bawahan_of_kabid_are_own_staff_and_pimpinan_of_sub_units(tree_kepala):
    d = tree_kepala

    assert set(bawahan_penilai(segar(d.kabid))) == {d.staf, d.kasubbid_penilaian}
    assert set(bawahan_penilai(segar(d.kasubbid_penilaian))) == {d.staf_subbid_penilaian}


def test_pegawai_who_leads_nothing_has_no_bawahan(dalam_buleleng):
    assert list(bawahan_penilai(segar(dalam_buleleng.staf))) == []


def test_bawahan_never_include_another_instansi(dalam_buleleng):
    d = dalam_buleleng
    with scopes_disabled():
        jadikan_pimpinan(d.admin_lain, d.opd_lain)

    assert d.pegawai_lain not in set(bawahan_penilai(segar(d.kepala)))


def test_atasan_and_bawahan_agree_for_everyone(tree_kepala):
    d = tree_kepala
    pegawai = list(Pegawai.objects.select_related("unit_kerja"))
    pemimpin = [p for p in pegawai if hasattr(p, "unit_dipimpin")]
    assert len(pemimpin) == 4  # kepala, kabid and the two kasubbid

    for penilai in pemimpin:
        bawahan = set(bawahan_penilai(segar(penilai)))
        menurut_atasan = {p for p in pegawai if atasan_pegawai(segar(p)) == penilai}
        assert bawahan == menurut_atasan, penilai.nama
    assert atasan_pegawai(segar(d.staf_subbid_mutasi)) == d.kasubbid_mutasi


# --- diagnosa_atasan ---------------------------------------------------------------------


@pytest.fixture
def subbidang_dipimpin(dalam_buleleng):
    """A leaf unit with a pimpinan and one staff: nothing to diagnose but the atasan."""
    d = dalam_buleleng
    d.kasubbid = _pegawai(d, d.subbidang, "Kasubbid Penilaian")
    jadikan_pimpinan(d.kasubbid, d.subbidang)
    d.staf_subbidang = _pegawai(d, d.subbidang, "Staf Subbidang")
    return d


def test_diagnosa_names_the_atasan_when_there_is_one(subbidang_dipimpin):
    d = subbidang_dipimpin

    temuan = diagnosa_atasan(segar(d.staf_subbidang))

    assert [t.kode for t in temuan] == ["atasan_ada"]
    assert temuan[0].tingkat == "ok"
    assert d.kasubbid.nip in temuan[0].pesan and "Subbidang Penilaian" in temuan[0].pesan


def test_diagnosa_unit_without_pimpinan(dalam_buleleng):
    d = dalam_buleleng
    staf_subbidang = _pegawai(d, d.subbidang, "Staf Subbidang")

    temuan = diagnosa_atasan(segar(staf_subbidang))

    assert [t.kode for t in temuan] == ["tanpa_pimpinan"]
    assert temuan[0].tingkat == "masalah"
    assert "Klaim Pimpinan Unit Kerja" in temuan[0].pesan


def test_diagnosa_warns_when_the_chosen_unit_is_a_whole_opd_with_sub_units(dalam_buleleng):
    # The commonest ticket: a pegawai of a bidang chose the whole Badan.
    temuan = diagnosa_atasan(segar(dalam_buleleng.admin_bkd))

    assert [t.kode for t in temuan] == ["unit_terlalu_tinggi", "atasan_ada"]
    assert "BKPSDM, masih memiliki 1 sub-unit" in temuan[0].pesan
    assert temuan[0].tingkat == "peringatan"


def test_diagnosa_warns_about_the_instansi_root_and_a_top_level_unit(dalam_buleleng):
    d = dalam_buleleng
    di_root = _pegawai(d, d.root, "Pegawai Root")

    assert _kode(di_root) == ["tanpa_pimpinan", "unit_terlalu_tinggi"]


def test_diagnosa_does_not_warn_staff_of_a_bidang_that_has_seksi(dalam_buleleng):
    # Staff may well work in the bidang itself; only a whole OPD is suspicious.
    assert _kode(dalam_buleleng.staf) == ["atasan_ada"]


def test_diagnosa_does_not_warn_the_pimpinan_about_sub_units(dalam_buleleng):
    assert "unit_terlalu_tinggi" not in _kode(dalam_buleleng.kepala)


def test_diagnosa_does_not_count_inactive_sub_units(dalam_buleleng):
    d = dalam_buleleng
    buat_unit(d.buleleng, d.dinkes, nama="Bidang Lama", eselon="32", aktif=False)
    pegawai_dinkes = _pegawai(d, d.dinkes, "Pegawai Dinkes")
    assert _kode(pegawai_dinkes) == ["tanpa_pimpinan"]

    buat_unit(d.buleleng, d.dinkes, nama="Bidang P2P", eselon="32")
    assert _kode(pegawai_dinkes) == ["tanpa_pimpinan", "unit_terlalu_tinggi"]


def test_diagnosa_pegawai_without_unit(dalam_buleleng):
    tanpa_unit = _pegawai(dalam_buleleng, None, "Tanpa Unit")

    assert _kode(tanpa_unit) == ["tanpa_unit"]


def test_diagnosa_pimpinan_without_pimpinan_above(dalam_buleleng):
    assert _kode(dalam_buleleng.kepala) == ["tanpa_pimpinan_atas"]


def test_diagnosa_pimpinan_with_pimpinan_above(dalam_buleleng):
    assert _kode(dalam_buleleng.kabid) == ["atasan_ada"]


def test_diagnosa_inactive_unit(dalam_buleleng):
    d = dalam_buleleng
    lama = buat_unit(d.buleleng, d.bidang, nama="Seksi Lama", eselon="42", aktif=False)
    pegawai = _pegawai(d, lama, "Pegawai Unit Lama")

    assert "unit_nonaktif" in _kode(pegawai)


def _pengecualian(d, pegawai, mulai, selesai=None):
    return Pengecualian.objects.create(
        instansi=d.buleleng,
        pegawai=pegawai,
        jenis=Pengecualian.Jenis.CLTN,
        mulai=mulai,
        selesai=selesai,
    )


def test_diagnosa_reports_an_exemption_in_force_today(subbidang_dipimpin):
    d = subbidang_dipimpin
    hari_ini = d.buleleng.hari_ini()
    _pengecualian(d, d.staf_subbidang, hari_ini - timedelta(days=30))

    temuan = diagnosa_atasan(segar(d.staf_subbidang))

    assert [t.kode for t in temuan] == ["pengecualian", "atasan_ada"]
    assert "tidak diwajibkan menyusun SKP" in temuan[0].pesan
    assert "CLTN" in temuan[0].pesan


def test_diagnosa_counts_an_exemption_ending_today_but_not_one_ended_or_to_come(
    subbidang_dipimpin,
):
    d = subbidang_dipimpin
    hari_ini = d.buleleng.hari_ini()
    staf = d.staf_subbidang
    _pengecualian(d, staf, hari_ini - timedelta(days=60), hari_ini - timedelta(days=1))
    _pengecualian(d, staf, hari_ini + timedelta(days=1))
    assert _kode(staf) == ["atasan_ada"]

    _pengecualian(d, staf, hari_ini - timedelta(days=5), hari_ini)
    assert _kode(staf) == ["pengecualian", "atasan_ada"]


def test_diagnosa_lists_blocking_causes_first(dalam_buleleng):
    d = dalam_buleleng
    # A pegawai of Dinas Kesehatan (unled) who chose the whole Dinas, which has a bidang.
    buat_unit(d.buleleng, d.dinkes, nama="Bidang P2P", eselon="32")
    pegawai = _pegawai(d, d.dinkes, "Pegawai Dinkes")

    tingkat = [t.tingkat for t in diagnosa_atasan(segar(pegawai))]

    assert "masalah" in tingkat and "peringatan" in tingkat
    assert tingkat == sorted(tingkat, key=["masalah", "peringatan", "ok"].index)
