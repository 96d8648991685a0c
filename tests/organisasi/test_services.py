"""Writes of organisasi: the unit tree, klaim/lepas pimpinan, profile changes, notifications."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from organisasi import services
from organisasi.models import Notifikasi, Pegawai, UnitKerja
from tests.conftest import per_modul
from tests.factories import InstansiFactory, PegawaiFactory, buat_unit, jadikan_pimpinan

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")


@pytest.fixture
def eager(settings):
    # CI sets CELERY_BROKER_URL, which makes tasks go to Redis; here they run in-process.
    settings.CELERY_TASK_ALWAYS_EAGER = True


def _pegawai(d, unit, nama):
    with scopes_disabled():
        return PegawaiFactory(instansi=d.buleleng, unit_kerja=unit, nama=nama)


def _unit(unit):
    return UnitKerja.objects.get(pk=unit.pk)


def _jejak(aksi):
    return list(Jejak.objects.filter(aksi=aksi))


# --- the unit tree -----------------------------------------------------------------------


def test_children_get_consecutive_paths_and_one_more_depth(dalam_buleleng):
    d = dalam_buleleng
    anak = [buat_unit(d.buleleng, d.dinkes, nama=f"Bidang {i}", eselon="32") for i in (1, 2, 3)]
    cucu = buat_unit(d.buleleng, anak[1], nama="Seksi", eselon="42")

    assert [u.path for u in anak] == [d.dinkes.path + s for s in ("0001", "0002", "0003")]
    assert {u.depth for u in anak} == {d.dinkes.depth + 1}
    assert cucu.path == anak[1].path + "0001"
    assert cucu.depth == d.dinkes.depth + 2


def test_tree_order_by_path_is_creation_order_past_nine_children(dalam_buleleng):
    # Segment 10 is "000A": it must sort after "0009" in the database too.
    d = dalam_buleleng
    anak = [buat_unit(d.buleleng, d.dinkes, nama=f"Puskesmas {i:02d}") for i in range(1, 13)]

    urut = list(UnitKerja.objects.filter(parent=d.dinkes).order_by("path"))

    assert urut == anak
    assert anak[9].path.endswith("000A")


def test_roots_of_one_instansi_are_numbered_in_order(db):
    instansi = InstansiFactory()
    with scope(instansi=instansi.pk):
        pertama = services.unit_kerja_buat(
            instansi=instansi, parent=None, nama="Root", eselon="00", id_eksternal="r1"
        )
        kedua = services.unit_kerja_buat(
            instansi=instansi, parent=None, nama="Root 2", eselon="00", id_eksternal="r2"
        )

    assert pertama.depth == kedua.depth == 1
    assert len(pertama.path) == 4 and pertama.path < kedua.path


def test_creating_a_unit_is_recorded(dalam_buleleng):
    d = dalam_buleleng
    unit = services.unit_kerja_buat(
        instansi=d.buleleng,
        parent=d.dinkes,
        nama="Bidang P2P",
        eselon="32",
        id_eksternal="p2p",
        by=d.admin_dinkes,
    )

    jejak = Jejak.objects.get(aksi="unit_kerja_buat", objek_id=unit.pk)
    assert jejak.oleh == d.admin_dinkes
    assert jejak.ke == {"nama": "Bidang P2P", "parent": "Dinas Kesehatan"}


def test_parent_from_another_instansi_is_refused(dunia):
    with scopes_disabled():
        with pytest.raises(ValidationError) as info:
            services.unit_kerja_buat(
                instansi=dunia.buleleng,
                parent=dunia.opd_lain,
                nama="Salah",
                eselon="32",
                id_eksternal="salah",
            )

    assert "parent" in info.value.message_dict


def test_opd_is_the_nearest_ancestor_or_self_that_is_an_opd(dalam_buleleng):
    d = dalam_buleleng

    assert _unit(d.bidang).opd == d.bkpsdm
    assert _unit(d.subbidang).opd == d.bkpsdm
    assert _unit(d.bkpsdm).opd == d.bkpsdm
    assert _unit(d.sekda).opd == d.sekda
    assert _unit(d.dinkes).opd == d.dinkes
    assert _unit(d.root).opd is None


def test_workdays_are_inherited_from_the_opd_unless_set(dalam_buleleng):
    d = dalam_buleleng
    bidang_dinkes = buat_unit(d.buleleng, d.dinkes, nama="Bidang Yankes", eselon="32")
    seksi_dinkes = buat_unit(d.buleleng, bidang_dinkes, nama="Seksi Rujukan", eselon="42")
    seksi_enam_hari = buat_unit(d.buleleng, d.bidang, nama="Seksi Piket", hari_kerja=6)

    assert _unit(d.subbidang).hari_kerja_efektif == 5  # BKPSDM works 5 days
    assert _unit(bidang_dinkes).hari_kerja_efektif == 6  # Dinas Kesehatan works 6
    assert _unit(seksi_dinkes).hari_kerja_efektif == 6
    assert _unit(seksi_enam_hari).hari_kerja_efektif == 6  # its own setting wins
    assert _unit(d.dinkes).hari_kerja_efektif == 6
    assert _unit(d.sekda).hari_kerja_efektif == 5  # nothing set anywhere: 5


def test_moving_a_bidang_to_another_opd_moves_its_whole_subtree(dalam_buleleng):
    d = dalam_buleleng
    seksi = buat_unit(d.buleleng, d.subbidang, nama="Seksi Evaluasi")
    path_bkpsdm = d.bkpsdm.path

    services.unit_kerja_ubah(unit=d.bidang, by=d.admin_bkd, parent=d.dinkes)

    bidang, subbidang, seksi = _unit(d.bidang), _unit(d.subbidang), _unit(seksi)
    assert bidang.parent == d.dinkes
    assert bidang.path == d.dinkes.path + "0001"
    assert subbidang.path == bidang.path + "0001"
    assert seksi.path == subbidang.path + "0001"
    assert [bidang.depth, subbidang.depth, seksi.depth] == [4, 5, 6]
    assert {bidang.opd, subbidang.opd, seksi.opd} == {d.dinkes}
    assert seksi.hari_kerja_efektif == 6
    # Nothing else moved.
    assert _unit(d.bkpsdm).path == path_bkpsdm
    assert list(UnitKerja.objects.filter(path__startswith=path_bkpsdm)) == [d.bkpsdm]
    assert bidang.pimpinan == d.kabid  # the unit keeps its pimpinan when moved


def test_moving_a_subtree_to_another_depth_shifts_every_depth(dalam_buleleng):
    d = dalam_buleleng
    seksi = buat_unit(d.buleleng, d.subbidang, nama="Seksi Evaluasi")
    depths = (_unit(d.subbidang).depth, _unit(seksi).depth)

    services.unit_kerja_ubah(unit=d.subbidang, by=d.admin_bkd, parent=d.sekda)

    subbidang, seksi = _unit(d.subbidang), _unit(seksi)
    assert (subbidang.depth, seksi.depth) == (depths[0] - 2, depths[1] - 2) == (3, 4)
    assert subbidang.path.startswith(d.sekda.path) and seksi.path.startswith(subbidang.path)
    assert subbidang.opd == seksi.opd == d.sekda
    # Appended after BKPSDM and Dinas Kesehatan, the existing children of Sekda.
    assert [u.nama for u in UnitKerja.objects.filter(parent=d.sekda).order_by("path")] == [
        "BKPSDM",
        "Dinas Kesehatan",
        "Subbidang Penilaian",
    ]


def test_moving_keeps_a_nested_opd_as_opd_of_its_own_units(dalam_buleleng):
    d = dalam_buleleng
    # BKPSDM (an OPD) moves under Dinas Kesehatan; its bidang still belong to BKPSDM.
    services.unit_kerja_ubah(unit=d.bkpsdm, by=d.admin_bkd, parent=d.dinkes)

    assert _unit(d.bkpsdm).opd == d.bkpsdm
    assert _unit(d.subbidang).opd == d.bkpsdm


def test_making_a_unit_an_opd_recomputes_the_opd_of_its_descendants(dalam_buleleng):
    d = dalam_buleleng

    services.unit_kerja_ubah(unit=d.bidang, by=d.admin_bkd, adalah_opd=True)

    assert _unit(d.bidang).opd == d.bidang
    assert _unit(d.subbidang).opd == d.bidang


def test_moved_unit_returned_to_the_caller_has_its_new_opd(dalam_buleleng):
    d = dalam_buleleng

    bidang = services.unit_kerja_ubah(unit=d.bidang, by=d.admin_bkd, parent=d.dinkes)

    assert bidang.opd_id == d.dinkes.pk


@pytest.mark.parametrize("ke", ["bidang", "subbidang"])
def test_moving_a_unit_under_itself_is_refused(dalam_buleleng, ke):
    d = dalam_buleleng
    path_lama = _unit(d.bidang).path

    with pytest.raises(ValidationError) as info:
        services.unit_kerja_ubah(unit=d.bidang, by=d.admin_bkd, parent=getattr(d, ke))

    assert "bawah dirinya sendiri" in info.value.message_dict["parent"][0]
    assert _unit(d.bidang).path == path_lama
    assert _unit(d.bidang).parent == d.bkpsdm


def test_moving_is_recorded_with_old_and_new_parent(dalam_buleleng):
    d = dalam_buleleng

    services.unit_kerja_ubah(unit=d.bidang, by=d.admin_bkd, parent=d.dinkes)

    jejak = Jejak.objects.get(aksi="unit_kerja_ubah", objek_id=d.bidang.pk)
    assert jejak.oleh == d.admin_bkd
    assert jejak.dari == {"parent": str(d.bkpsdm.pk)}
    assert jejak.ke == {"parent": str(d.dinkes.pk)}


@pytest.fixture
def dua_pohon_sama_path(db):
    """Two instansi whose admins built their trees inside their own scopes: the paths of
    the two trees are the same ("0001", "00010001", ...)."""
    a, b = InstansiFactory(), InstansiFactory()
    with scope(instansi=a.pk):
        root_a = services.unit_kerja_buat(
            instansi=a, parent=None, nama="Root A", eselon="00", id_eksternal="a0"
        )
        opd_a = services.unit_kerja_buat(
            instansi=a,
            parent=root_a,
            nama="Dinas A",
            eselon="22",
            id_eksternal="a1",
            adalah_opd=True,
        )
        opd_a2 = services.unit_kerja_buat(
            instansi=a,
            parent=root_a,
            nama="Badan A",
            eselon="22",
            id_eksternal="a2",
            adalah_opd=True,
        )
    with scope(instansi=b.pk):
        root_b = services.unit_kerja_buat(
            instansi=b, parent=None, nama="Root B", eselon="00", id_eksternal="b0"
        )
        opd_b = services.unit_kerja_buat(
            instansi=b,
            parent=root_b,
            nama="Dinas B",
            eselon="22",
            id_eksternal="b1",
            adalah_opd=True,
        )
        bidang_b = services.unit_kerja_buat(
            instansi=b, parent=opd_b, nama="Bidang B", eselon="32", id_eksternal="b2"
        )
    assert (root_a.path, opd_a.path) == (root_b.path, opd_b.path)
    return locals()


def _dari_db(unit):
    with scopes_disabled():
        return UnitKerja.objects.get(pk=unit.pk)


def test_creating_a_unit_without_a_scope_leaves_other_instansi_alone(dua_pohon_sama_path):
    t = dua_pohon_sama_path

    bidang_a = buat_unit(t["a"], t["opd_a"], nama="Bidang A")  # factories have no scope

    assert bidang_a.path == _dari_db(t["bidang_b"]).path  # same path, other tenant
    assert bidang_a.opd == t["opd_a"]
    assert _dari_db(t["bidang_b"]).opd == t["opd_b"]
    buat_unit(t["b"], nama="Root B kedua")  # "0002" in instansi B
    buat_unit(t["b"], nama="Root B ketiga")  # "0003"
    assert buat_unit(t["a"], nama="Root A kedua").path == "0002"  # among A's roots only


def test_moving_a_unit_without_a_scope_leaves_other_instansi_alone(dua_pohon_sama_path):
    t = dua_pohon_sama_path

    with scopes_disabled():
        services.unit_kerja_ubah(unit=t["opd_a"], by=None, parent=t["opd_a2"])

    bidang_b, opd_b = _dari_db(t["bidang_b"]), _dari_db(t["opd_b"])
    assert (opd_b.path, opd_b.depth) == (t["opd_b"].path, t["opd_b"].depth)
    assert (bidang_b.path, bidang_b.opd) == (t["bidang_b"].path, t["opd_b"])


@pytest.mark.parametrize("dalam_scope", [True, False], ids=["scope", "tanpa-scope"])
def test_moving_under_another_instansis_unit_is_refused(dunia, dalam_scope):
    d = dunia
    with scope(instansi=d.buleleng.pk) if dalam_scope else scopes_disabled():
        with pytest.raises(ValidationError) as info:
            services.unit_kerja_ubah(unit=d.bidang, by=d.admin_bkd, parent=d.opd_lain)

    assert "parent" in info.value.message_dict
    assert _dari_db(d.bidang).parent == d.bkpsdm


# --- klaim and lepas pimpinan ------------------------------------------------------------


@pytest.fixture
def subbidang(dalam_buleleng):
    """Subbidang Penilaian (no pimpinan) with three pegawai."""
    d = dalam_buleleng
    d.kasubbid = _pegawai(d, d.subbidang, "Kasubbid Penilaian")
    d.analis = _pegawai(d, d.subbidang, "Analis Kinerja")
    d.pengolah = _pegawai(d, d.subbidang, "Pengolah Data")
    return d


def test_klaim_makes_the_pegawai_pimpinan_and_is_recorded(subbidang):
    d = subbidang

    unit = services.pimpinan_klaim(pegawai=d.kasubbid, status="plt", by=d.kasubbid)

    assert unit == d.subbidang
    assert (unit.pimpinan, unit.status_pimpinan) == (d.kasubbid, "plt")
    assert _unit(d.subbidang).pimpinan == d.kasubbid
    jejak = Jejak.objects.get(aksi="pimpinan_klaim")
    assert (jejak.oleh, jejak.objek_id, jejak.objek_tipe) == (
        d.kasubbid,
        d.subbidang.pk,
        "organisasi.UnitKerja",
    )
    assert jejak.dari == {"pimpinan": None}
    assert jejak.ke == {"pimpinan": d.kasubbid.nip, "status": "plt"}
    label = _unit(d.subbidang).label_pimpinan
    assert "Kasubbid Penilaian" in label and d.kasubbid.nip in label


def test_second_claimant_is_told_who_leads_already(subbidang):
    d = subbidang
    services.pimpinan_klaim(pegawai=d.kasubbid, status="definitif", by=d.kasubbid)

    with pytest.raises(ValidationError) as info:
        services.pimpinan_klaim(pegawai=d.analis, status="plt", by=d.analis)

    pesan = info.value.messages[0]
    assert "sudah memiliki pimpinan" in pesan and "Kasubbid Penilaian" in pesan
    assert "Definitif" in pesan
    assert _unit(d.subbidang).pimpinan == d.kasubbid
    assert len(_jejak("pimpinan_klaim")) == 1


def test_claiming_twice_is_refused(subbidang):
    d = subbidang
    services.pimpinan_klaim(pegawai=d.kasubbid, status="definitif", by=d.kasubbid)

    with pytest.raises(ValidationError, match="sudah tercatat sebagai pimpinan"):
        services.pimpinan_klaim(pegawai=d.kasubbid, status="plt", by=d.kasubbid)
    assert _unit(d.subbidang).status_pimpinan == "definitif"


@pytest.mark.parametrize("status", ["ketua", "", "PLT"])
def test_klaim_with_an_unknown_status_is_refused(subbidang, status):
    d = subbidang

    with pytest.raises(ValidationError) as info:
        services.pimpinan_klaim(pegawai=d.kasubbid, status=status, by=d.kasubbid)

    assert "status" in info.value.message_dict
    assert _unit(d.subbidang).pimpinan is None


def test_klaim_without_a_unit_is_refused(subbidang):
    d = subbidang
    tanpa_unit = _pegawai(d, None, "Tanpa Unit")

    with pytest.raises(ValidationError, match="Isi unit kerja"):
        services.pimpinan_klaim(pegawai=tanpa_unit, status="definitif", by=tanpa_unit)
    assert not _jejak("pimpinan_klaim")


def test_klaim_on_an_inactive_unit_is_refused(subbidang):
    d = subbidang
    UnitKerja.objects.filter(pk=d.subbidang.pk).update(aktif=False)

    with pytest.raises(ValidationError, match="tidak aktif"):
        services.pimpinan_klaim(pegawai=d.kasubbid, status="definitif", by=d.kasubbid)


def test_klaim_while_still_leading_another_unit_is_refused(subbidang):
    d = subbidang
    # A stale record: the kasubbid still leads Dinas Kesehatan.
    jadikan_pimpinan(d.kasubbid, d.dinkes)

    with pytest.raises(ValidationError, match="pimpinan unit lain"):
        services.pimpinan_klaim(pegawai=d.kasubbid, status="definitif", by=d.kasubbid)
    assert _unit(d.subbidang).pimpinan is None
    assert _unit(d.dinkes).pimpinan == d.kasubbid


def test_lepas_clears_the_pimpinan_and_is_recorded(dalam_buleleng):
    d = dalam_buleleng

    unit = services.pimpinan_lepas(pegawai=d.kabid, by=d.kabid)

    assert unit == d.bidang
    bidang = _unit(d.bidang)
    assert (bidang.pimpinan, bidang.status_pimpinan, bidang.label_pimpinan) == (None, "", "-")
    jejak = Jejak.objects.get(aksi="pimpinan_lepas")
    assert jejak.oleh == d.kabid
    assert jejak.dari == {"pimpinan": d.kabid.nip, "status": "definitif"}


def test_lepas_by_someone_who_leads_nothing_is_refused(dalam_buleleng):
    with pytest.raises(ValidationError, match="tidak tercatat sebagai pimpinan"):
        services.pimpinan_lepas(pegawai=dalam_buleleng.staf, by=dalam_buleleng.staf)


def test_after_lepas_a_colleague_can_claim(dalam_buleleng):
    d = dalam_buleleng
    services.pimpinan_lepas(pegawai=d.kabid, by=d.kabid)

    services.pimpinan_klaim(pegawai=d.staf, status="plh", by=d.staf)

    assert (_unit(d.bidang).pimpinan, _unit(d.bidang).status_pimpinan) == (d.staf, "plh")


# --- profile changes -----------------------------------------------------------------------


def test_changing_unit_kerja_releases_the_pimpinan(dalam_buleleng):
    d = dalam_buleleng

    pegawai = services.pegawai_ubah_profil(pegawai=d.kabid, by=d.kabid, unit_kerja=d.dinkes)

    assert pegawai.unit_kerja == d.dinkes
    assert _unit(d.bidang).pimpinan is None
    assert _unit(d.bidang).status_pimpinan == ""
    lepas = Jejak.objects.get(aksi="pimpinan_lepas_karena_pindah_unit")
    assert lepas.objek_id == d.bidang.pk and lepas.dari["pimpinan"] == d.kabid.nip
    ubah = Jejak.objects.get(aksi="pegawai_ubah")
    assert ubah.dari == {"unit_kerja": str(d.bidang.pk)}
    assert ubah.ke == {"unit_kerja": str(d.dinkes.pk)}


def test_changing_only_jabatan_keeps_the_pimpinan(dalam_buleleng):
    d = dalam_buleleng

    services.pegawai_ubah_profil(
        pegawai=d.kabid, by=d.kabid, jabatan="Kepala Bidang PKAP", pangkat_golongan="IV/a"
    )

    assert _unit(d.bidang).pimpinan == d.kabid
    kabid = Pegawai.objects.get(pk=d.kabid.pk)
    assert (kabid.jabatan, kabid.pangkat_golongan) == ("Kepala Bidang PKAP", "IV/a")
    assert not _jejak("pimpinan_lepas_karena_pindah_unit")


def test_choosing_the_same_unit_again_keeps_the_pimpinan(dalam_buleleng):
    d = dalam_buleleng

    services.pegawai_ubah_profil(pegawai=d.kabid, by=d.kabid, unit_kerja=d.bidang)

    assert _unit(d.bidang).pimpinan == d.kabid


def test_unit_kerja_of_another_instansi_is_refused(dalam_buleleng):
    d = dalam_buleleng

    with pytest.raises(ValidationError) as info:
        services.pegawai_ubah_profil(pegawai=d.staf, by=d.staf, unit_kerja=d.opd_lain)

    assert "unit_kerja" in info.value.message_dict
    assert Pegawai.objects.get(pk=d.staf.pk).unit_kerja == d.bidang


def test_invalid_profile_change_changes_nothing(dalam_buleleng):
    d = dalam_buleleng

    with pytest.raises(ValidationError) as info:
        services.pegawai_ubah_profil(
            pegawai=d.kabid, by=d.kabid, unit_kerja=d.dinkes, jenis_jabatan="fungsional"
        )

    assert "jenjang" in info.value.message_dict
    assert _unit(d.bidang).pimpinan == d.kabid
    assert Pegawai.objects.get(pk=d.kabid.pk).unit_kerja == d.bidang


def test_pegawai_buat_hashes_the_password_and_is_recorded(dalam_buleleng):
    d = dalam_buleleng

    pegawai = services.pegawai_buat(
        instansi=d.buleleng,
        password="sandi-baru-123",
        by=d.admin_bkd,
        nip="199001012015032007",
        nama="Pegawai Baru",
        unit_kerja=d.bidang,
    )

    assert pegawai.check_password("sandi-baru-123")
    assert Jejak.objects.get(aksi="pegawai_buat").ke == {"nip": "199001012015032007"}


def test_pegawai_buat_refuses_a_nip_taken_in_the_same_instansi(dalam_buleleng):
    d = dalam_buleleng

    with pytest.raises(ValidationError) as info:
        services.pegawai_buat(
            instansi=d.buleleng, password="x", by=d.admin_bkd, nip=d.staf.nip, nama="Kembar"
        )

    assert "nip" in info.value.message_dict


def test_pegawai_buat_refuses_a_nip_taken_in_another_instansi(dalam_buleleng):
    d = dalam_buleleng

    with transaction.atomic():
        with pytest.raises(ValidationError) as info:
            services.pegawai_buat(
                instansi=d.buleleng,
                password="x",
                by=d.admin_bkd,
                nip=d.pegawai_lain.nip,
                nama="Kembar",
            )

    assert "nip" in info.value.message_dict


# --- the admin sets or clears the pimpinan ----------------------------------------------


def test_admin_sets_a_pimpinan_replacing_the_current_one(dalam_buleleng):
    d = dalam_buleleng

    services.pimpinan_tetapkan(unit=d.bidang, pegawai=d.staf, status="plt", by=d.admin_opd)

    bidang = _unit(d.bidang)
    assert (bidang.pimpinan, bidang.status_pimpinan) == (d.staf, "plt")
    jejak = Jejak.objects.get(aksi="pimpinan_tetapkan")
    assert jejak.oleh == d.admin_opd
    assert jejak.dari == {"pimpinan": d.kabid.nip, "status": "definitif"}
    assert jejak.ke == {"pimpinan": d.staf.nip, "status": "plt"}


def test_admin_cannot_set_a_pegawai_of_another_unit(dalam_buleleng):
    d = dalam_buleleng

    with pytest.raises(ValidationError) as info:
        services.pimpinan_tetapkan(
            unit=d.bidang, pegawai=d.kepala, status="definitif", by=d.admin_opd
        )

    assert "tidak berunit kerja Bidang PKAP" in info.value.message_dict["pegawai"][0]
    assert _unit(d.bidang).pimpinan == d.kabid
    assert _unit(d.bkpsdm).pimpinan == d.kepala


def test_admin_cannot_set_an_unknown_status(dalam_buleleng):
    d = dalam_buleleng

    with pytest.raises(ValidationError) as info:
        services.pimpinan_tetapkan(unit=d.bidang, pegawai=d.staf, status="ketua", by=d.admin_opd)

    assert "status" in info.value.message_dict
    assert _unit(d.bidang).pimpinan == d.kabid


def test_admin_clears_the_pimpinan(dalam_buleleng):
    d = dalam_buleleng

    services.pimpinan_kosongkan(unit=d.bidang, by=d.admin_opd)

    assert _unit(d.bidang).pimpinan is None
    jejak = Jejak.objects.get(aksi="pimpinan_kosongkan")
    assert jejak.oleh == d.admin_opd and jejak.dari["pimpinan"] == d.kabid.nip


def test_clearing_a_unit_without_pimpinan_is_refused(dalam_buleleng):
    with pytest.raises(ValidationError, match="belum memiliki pimpinan"):
        services.pimpinan_kosongkan(unit=dalam_buleleng.subbidang, by=dalam_buleleng.admin_opd)


# --- notifications ---------------------------------------------------------------------


def test_klaim_notifies_each_bawahan_after_commit(
    subbidang, eager, django_capture_on_commit_callbacks
):
    d = subbidang

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.pimpinan_klaim(pegawai=d.kasubbid, status="definitif", by=d.kasubbid)
        assert not Notifikasi.objects.exists()  # nothing before the commit

    assert len(callbacks) == 1
    notifikasi = list(Notifikasi.objects.all())
    assert {n.penerima for n in notifikasi} == {d.analis, d.pengolah}
    assert {n.kunci for n in notifikasi} == {f"pimpinan:{d.subbidang.pk}:{d.kasubbid.pk}"}
    assert all("Kasubbid Penilaian" in n.judul for n in notifikasi)


def test_failed_klaim_queues_no_notification(subbidang, eager, django_capture_on_commit_callbacks):
    d = subbidang
    jadikan_pimpinan(d.kasubbid, d.subbidang)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            services.pimpinan_klaim(pegawai=d.analis, status="definitif", by=d.analis)

    assert callbacks == []
    assert not Notifikasi.objects.exists()


def test_admin_setting_a_pimpinan_notifies_their_bawahan(
    dalam_buleleng, eager, django_capture_on_commit_callbacks
):
    d = dalam_buleleng

    with django_capture_on_commit_callbacks(execute=True):
        services.pimpinan_tetapkan(unit=d.bidang, pegawai=d.staf, status="plt", by=d.admin_opd)

    # The former kabid is now staff of Bidang PKAP, rated by the new plt.
    assert {n.penerima for n in Notifikasi.objects.all()} == {d.kabid}


def test_notifying_twice_creates_nothing_the_second_time(subbidang):
    d = subbidang
    jadikan_pimpinan(d.kasubbid, d.subbidang)

    pertama = services.notifikasi_pergantian_pimpinan(
        unit_id=d.subbidang.pk, pimpinan_id=d.kasubbid.pk
    )
    kedua = services.notifikasi_pergantian_pimpinan(
        unit_id=d.subbidang.pk, pimpinan_id=d.kasubbid.pk
    )

    assert (pertama, kedua) == (2, 0)
    assert Notifikasi.objects.count() == 2


def test_a_new_bawahan_is_notified_on_the_next_run_without_repeating_the_others(subbidang):
    d = subbidang
    jadikan_pimpinan(d.kasubbid, d.subbidang)
    services.notifikasi_pergantian_pimpinan(unit_id=d.subbidang.pk, pimpinan_id=d.kasubbid.pk)
    baru = _pegawai(d, d.subbidang, "Pegawai Pindahan")

    jumlah = services.notifikasi_pergantian_pimpinan(
        unit_id=d.subbidang.pk, pimpinan_id=d.kasubbid.pk
    )

    assert jumlah == 1
    assert Notifikasi.objects.filter(penerima=baru).count() == 1
    assert Notifikasi.objects.count() == 3


def test_a_superseded_notification_creates_nothing(subbidang):
    d = subbidang
    jadikan_pimpinan(d.analis, d.subbidang)  # the unit changed hands before the job ran

    jumlah = services.notifikasi_pergantian_pimpinan(
        unit_id=d.subbidang.pk, pimpinan_id=d.kasubbid.pk
    )

    assert jumlah == 0
    assert not Notifikasi.objects.exists()
