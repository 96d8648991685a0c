"""Views: tenant isolation, the role access matrix, the pages' behaviour and their
query counts."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from organisasi.models import HariLibur, Pegawai, UnitKerja
from tests.bantuan import masuk, teks
from tests.conftest import per_modul
from tests.factories import PegawaiFactory, buat_unit

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

PEGAWAI_PAGES = [
    reverse("profil"),
    reverse("profil") + "?tab=atasan",
    reverse("profil") + "?tab=satu-unit",
    reverse("profil") + "?tab=bawahan",
    reverse("profil") + "?tab=pimpinan",
    reverse("profil_ubah"),
    reverse("diagnosa"),
    reverse("struktur"),
    reverse("notifikasi"),
    reverse("cari_unit") + "?q=bidang",
    reverse("beranda"),
]
ADMIN_PAGES = [
    reverse("kelola_unit"),
    reverse("kelola_unit_tambah"),
    reverse("kelola_pegawai"),
    reverse("kelola_pegawai_tambah"),
]


@pytest.mark.parametrize("url", PEGAWAI_PAGES + ADMIN_PAGES + [reverse("instansi_daftar")])
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", PEGAWAI_PAGES)
@pytest.mark.parametrize("persona", ["staf", "kabid", "admin_opd", "admin_bkd", "pegawai_lain"])
def test_every_pegawai_role_opens_pegawai_pages(client, dunia, url, persona):
    response = masuk(client, getattr(dunia, persona)).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", PEGAWAI_PAGES[:-1] + ADMIN_PAGES)
def test_superadmin_sees_no_personal_pages(client, dunia, url):
    superadmin = Pegawai.objects.create_superuser("superadmin", "rahasia-uji-123", nama="Super")
    assert masuk(client, superadmin).get(url).status_code == 404


@pytest.mark.parametrize("url", ADMIN_PAGES)
@pytest.mark.parametrize(
    "persona,status",
    [("staf", 404), ("kabid", 404), ("admin_opd", 200), ("admin_bkd", 200), ("admin_lain", 200)],
)
def test_admin_pages_only_for_admins(client, dunia, url, persona, status):
    assert masuk(client, getattr(dunia, persona)).get(url).status_code == status


@pytest.mark.parametrize(
    "persona,status",
    [("staf", 404), ("admin_opd", 404), ("admin_bkd", 200), ("admin_lain", 200)],
)
def test_instansi_settings_only_for_bkd(client, dunia, persona, status):
    url = reverse("pengaturan_instansi")
    assert masuk(client, getattr(dunia, persona)).get(url).status_code == status


def test_bkd_keeps_holiday_calendar(client, dunia):
    masuk(client, dunia.admin_bkd)
    url = reverse("pengaturan_instansi")
    data = {"aksi": "tambah_libur", "tanggal": "2024-03-29", "nama": "Wafat Yesus Kristus"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert "sudah tercatat sebagai hari libur" in response.content.decode()
    html = client.get(url + "?tahun=2024").content.decode()
    assert "Wafat Yesus Kristus" in html
    with scopes_disabled():
        libur = HariLibur.objects.get(instansi=dunia.buleleng, tanggal="2024-03-29")
    # Another instansi's admin cannot delete it: its id is outside their scope.
    masuk(client, dunia.admin_lain).post(url, {"aksi": "hapus_libur", "libur": libur.pk})
    with scopes_disabled():
        assert HariLibur.objects.filter(pk=libur.pk).exists()
    masuk(client, dunia.admin_bkd).post(url, {"aksi": "hapus_libur", "libur": libur.pk})
    with scopes_disabled():
        assert not HariLibur.objects.filter(pk=libur.pk).exists()


@pytest.mark.parametrize("persona,status", [("staf", 404), ("admin_bkd", 404), ("admin_lain", 404)])
def test_instansi_pages_only_for_superadmin(client, dunia, persona, status):
    assert (
        masuk(client, getattr(dunia, persona)).get(reverse("instansi_daftar")).status_code == status
    )


def test_superadmin_lists_tenants_with_counts_only(client, dunia):
    superadmin = Pegawai.objects.create_superuser("superadmin", "rahasia-uji-123", nama="Super")
    response = masuk(client, superadmin).get(reverse("instansi_daftar"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pemerintah Kabupaten Buleleng" in html and "Pemerintah Kota Lain" in html
    assert dunia.staf.nip not in html and dunia.staf.nama not in html


def _url_objek(dunia):
    return {
        "unit_bkpsdm": reverse("kelola_unit_pimpinan", args=[dunia.bidang.pk]),
        "unit_bkpsdm_ubah": reverse("kelola_unit_ubah", args=[dunia.bidang.pk]),
        "unit_dinkes": reverse("kelola_unit_pimpinan", args=[dunia.dinkes.pk]),
        "pegawai_bkpsdm": reverse("kelola_pegawai_ubah", args=[dunia.staf.pk]),
        "pegawai_dinkes": reverse("kelola_pegawai_ubah", args=[dunia.admin_dinkes.pk]),
        "unit_lain": reverse("kelola_unit_pimpinan", args=[dunia.opd_lain.pk]),
        "pegawai_lain": reverse("kelola_pegawai_ubah", args=[dunia.pegawai_lain.pk]),
        "struktur_lain": reverse("struktur") + f"?akar={dunia.opd_lain.pk}",
    }


@pytest.mark.parametrize(
    "persona,objek,status",
    [
        ("admin_opd", "unit_bkpsdm", 200),
        ("admin_opd", "unit_bkpsdm_ubah", 200),
        ("admin_opd", "pegawai_bkpsdm", 200),
        ("admin_opd", "unit_dinkes", 404),  # another OPD's unit
        ("admin_opd", "pegawai_dinkes", 404),
        ("admin_bkd", "unit_dinkes", 200),
        ("admin_bkd", "pegawai_dinkes", 200),
        ("admin_bkd", "unit_lain", 404),  # another instansi
        ("admin_bkd", "pegawai_lain", 404),
        ("admin_bkd", "struktur_lain", 404),
        ("staf", "struktur_lain", 404),
        ("admin_lain", "unit_bkpsdm", 404),
        ("admin_lain", "pegawai_bkpsdm", 404),
        ("admin_lain", "unit_lain", 200),
        ("staf", "unit_bkpsdm", 404),
    ],
)
def test_objects_outside_ones_reach_are_404(client, dunia, persona, objek, status):
    url = _url_objek(dunia)[objek]
    assert masuk(client, getattr(dunia, persona)).get(url).status_code == status


def test_another_instansi_admin_cannot_write_pimpinan(client, dunia):
    url = reverse("kelola_unit_pimpinan", args=[dunia.bidang.pk])
    response = masuk(client, dunia.admin_lain).post(url, {"aksi": "kosongkan"})
    assert response.status_code == 404
    with scopes_disabled():
        assert UnitKerja.objects.get(pk=dunia.bidang.pk).pimpinan_id == dunia.kabid.pk


def test_staf_claims_pimpinan_from_profile(client, dunia):
    with scopes_disabled():
        UnitKerja.objects.filter(pk=dunia.bidang.pk).update(pimpinan=None, status_pimpinan="")
    masuk(client, dunia.staf)
    response = client.post(reverse("klaim_pimpinan"), {"status": "plt"}, follow=True)
    assert "Anda kini tercatat sebagai pimpinan Bidang PKAP" in response.content.decode()
    with scopes_disabled():
        unit = UnitKerja.objects.get(pk=dunia.bidang.pk)
    assert (unit.pimpinan_id, unit.status_pimpinan) == (dunia.staf.pk, "plt")


def test_second_claim_explains_who_holds_the_unit(client, dunia):
    response = masuk(client, dunia.staf).post(
        reverse("klaim_pimpinan"), {"status": "definitif"}, follow=True
    )
    html = response.content.decode()
    assert "sudah memiliki pimpinan: Kabid PKAP" in html
    with scopes_disabled():
        assert UnitKerja.objects.get(pk=dunia.bidang.pk).pimpinan_id == dunia.kabid.pk


def test_lepas_pimpinan_from_profile(client, dunia):
    masuk(client, dunia.kabid).post(reverse("lepas_pimpinan"))
    with scopes_disabled():
        assert UnitKerja.objects.get(pk=dunia.bidang.pk).pimpinan_id is None


def test_changing_unit_in_profile_releases_pimpinan(client, dunia):
    response = masuk(client, dunia.kabid).post(
        reverse("profil_ubah"),
        {
            "unit_kerja": dunia.subbidang.pk,
            "jabatan": "Kepala Subbidang",
            "jenis_jabatan": "pengawas",
            "pangkat_golongan": "III/d",
        },
        follow=True,
    )
    assert "tidak lagi pimpinan Bidang PKAP" in response.content.decode()
    with scopes_disabled():
        assert UnitKerja.objects.get(pk=dunia.bidang.pk).pimpinan_id is None
        kabid = Pegawai.objects.get(pk=dunia.kabid.pk)
    assert (kabid.unit_kerja_id, kabid.jabatan) == (dunia.subbidang.pk, "Kepala Subbidang")


def test_profile_refuses_unit_of_another_instansi_and_keeps_input(client, dunia):
    response = masuk(client, dunia.staf).post(
        reverse("profil_ubah"),
        {
            "unit_kerja": dunia.opd_lain.pk,
            "jabatan": "Jabatan yang baru diketik",
            "jenis_jabatan": "pelaksana",
            "pangkat_golongan": "III/b",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pilih unit kerja dari daftar hasil pencarian." in html
    assert 'value="Jabatan yang baru diketik"' in html
    with scopes_disabled():
        assert Pegawai.objects.get(pk=dunia.staf.pk).unit_kerja_id == dunia.bidang.pk


def test_profile_fungsional_needs_jenjang_error_beside_field(client, dunia):
    response = masuk(client, dunia.staf).post(
        reverse("profil_ubah"),
        {
            "unit_kerja": dunia.bidang.pk,
            "jabatan": "Analis SDM Aparatur",
            "jenis_jabatan": "fungsional",
            "jenjang": "",
            "pangkat_golongan": "III/b",
        },
    )
    assert "Pejabat fungsional wajib memilih jenjang." in response.content.decode()


def test_unit_search_finds_only_own_instansi(client, dunia):
    response = masuk(client, dunia.staf).get(reverse("cari_unit") + "?q=dinas")
    html = response.content.decode()
    assert "Dinas Kesehatan" in html and "Dinas Lain" not in html


def test_profile_search_without_js_keeps_typed_values(client, dunia):
    response = masuk(client, dunia.staf).get(
        reverse("profil_ubah") + "?q=subbidang&jabatan=Diketik+tadi"
    )
    html = response.content.decode()
    assert "Subbidang Penilaian" in html and 'value="Diketik tadi"' in html


def test_diagnosa_explains_missing_pimpinan(client, dunia):
    with scopes_disabled():
        sendiri = PegawaiFactory(instansi=dunia.buleleng, unit_kerja=dunia.subbidang)
    html = masuk(client, sendiri).get(reverse("diagnosa")).content.decode()
    assert 'data-kode="tanpa_pimpinan"' in html
    assert "Subbidang Penilaian" in html


def test_struktur_shows_pimpinan_and_dash(client, dunia):
    html = (
        masuk(client, dunia.staf)
        .get(reverse("struktur") + f"?akar={dunia.bkpsdm.pk}")
        .content.decode()
    )
    assert f"Kabid PKAP (Definitif) - {dunia.kabid.nip}" in html
    assert "<td>-</td>" in html  # Subbidang has no pimpinan
    assert dunia.bidang.id_eksternal in html


def test_admin_opd_creates_unit_inside_own_opd_only(client, dunia):
    masuk(client, dunia.admin_opd)
    data = {
        "nama": "Seksi Baru",
        "id_eksternal": "abc123",
        "eselon": "42",
        "parent": dunia.dinkes.pk,
        "aktif": "on",
    }
    response = client.post(reverse("kelola_unit_tambah"), data)
    assert response.status_code == 200  # refused: Dinkes is not in the admin's OPD
    assert "Pilih" in response.content.decode()
    data["parent"] = dunia.bidang.pk
    response = client.post(reverse("kelola_unit_tambah"), data)
    assert response.status_code == 302
    with scopes_disabled():
        baru = UnitKerja.objects.get(id_eksternal="abc123")
    assert (baru.parent_id, baru.opd_id, baru.depth) == (dunia.bidang.pk, dunia.bkpsdm.pk, 5)


def test_unit_page_shows_pimpinan_history(client, dunia):
    masuk(client, dunia.kabid).post(reverse("lepas_pimpinan"))
    html = (
        masuk(client, dunia.admin_opd)
        .get(reverse("kelola_unit_pimpinan", args=[dunia.bidang.pk]))
        .content.decode()
    )
    assert "Pimpinan lepas" in html and dunia.kabid.nip in html


def test_admin_sets_pimpinan_only_from_the_unit(client, dunia):
    masuk(client, dunia.admin_opd)
    url = reverse("kelola_unit_pimpinan", args=[dunia.bidang.pk])
    response = client.post(url, {"pegawai": dunia.kepala.pk, "status": "plt"})
    assert "Pilih pegawai dari unit ini." in response.content.decode()
    response = client.post(url, {"pegawai": dunia.staf.pk, "status": "plt"})
    assert response.status_code == 302
    with scopes_disabled():
        unit = UnitKerja.objects.get(pk=dunia.bidang.pk)
    assert (unit.pimpinan_id, unit.status_pimpinan) == (dunia.staf.pk, "plt")


def test_admin_creates_pegawai_with_clear_nip_error(client, dunia):
    masuk(client, dunia.admin_opd)
    data = {
        "nip": "19851301201001100",
        "nama": "Baru",
        "jenis_asn": "PNS",
        "unit_kerja": dunia.bidang.pk,
        "jabatan": "Pengadministrasi",
        "jenis_jabatan": "pelaksana",
        "status": "aktif",
        "is_active": "on",
        "password": "kata-sandi-awal-9",
    }
    response = client.post(reverse("kelola_pegawai_tambah"), data)
    assert "NIP harus terdiri dari 18 angka" in response.content.decode()
    data["nip"] = "198513012010011001"
    response = client.post(reverse("kelola_pegawai_tambah"), data)
    assert "bukan tanggal lahir yang sah" in response.content.decode()
    data["nip"] = "198501312010011001"
    response = client.post(reverse("kelola_pegawai_tambah"), data)
    assert response.status_code == 302
    with scopes_disabled():
        baru = Pegawai.objects.get(nip="198501312010011001")
    assert baru.instansi_id == dunia.buleleng.pk and baru.check_password("kata-sandi-awal-9")


def test_login_with_nip_and_lockout_after_failures(client, dunia, settings):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("login")
    for _ in range(3):
        response = client.post(url, {"login": dunia.staf.nip, "password": "salah"})
    assert response.status_code in (403, 429)
    assert "dikunci sementara" in response.content.decode()
    response = client.post(url, {"login": dunia.staf.nip, "password": "rahasia-uji-123"})
    assert response.status_code in (403, 429)  # still locked, even with the right password


def test_login_with_nip(client, dunia):
    response = client.post(
        reverse("login"), {"login": dunia.staf.nip, "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302 and response.url == reverse("beranda")
    assert "Staf PKAP" in client.get(reverse("beranda")).content.decode()


# ---- query counts ---------------------------------------------------------------


def staf_massal(dunia, n, *, awalan="Staf", lahir="19900101"):
    """n staff in Bidang PKAP (bulk_create: the NIPs are well formed)."""
    with scopes_disabled():
        Pegawai.objects.bulk_create(
            Pegawai(
                instansi=dunia.buleleng,
                unit_kerja=dunia.bidang,
                nama=f"{awalan} {i:03d}",
                nip=f"{lahir}201501{1 + i % 2}{i:03d}",
                password="!",
            )
            for i in range(n)
        )


@pytest.fixture
def unit_besar(dunia):
    """Bidang PKAP with 60 staff, and 40 extra sub-units under BKPSDM."""
    staf_massal(dunia, 60)
    with scopes_disabled():
        induk = dunia.bkpsdm
        for i in range(40):
            induk = buat_unit(
                dunia.buleleng,
                dunia.bkpsdm if i % 4 == 0 else induk,
                nama=f"Seksi {i}",
                eselon="42",
            )
    return dunia


# Each page: session (1) + user (1) + notification badge (1), then its own reads.
@pytest.mark.parametrize(
    "tab,queries",
    [
        ("pribadi", 4),  # + pegawai with unit, parent, pimpinan, instansi
        ("atasan", 5),  # + pegawai; atasan is the unit's pimpinan; its unit_dipimpin
        ("satu-unit", 6),  # + pegawai; count; page of 25
        ("bawahan", 8),  # + pegawai; unit_dipimpin; led sub-units; count; page
        ("pimpinan", 4),
    ],
)
def test_profile_tabs_cost_constant_queries(
    client, unit_besar, django_assert_num_queries, tab, queries
):
    masuk(client, unit_besar.kabid)
    url = reverse("profil") + f"?tab={tab}"
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        client.get(url + "&halaman=2")


def test_struktur_costs_constant_queries(client, unit_besar, django_assert_num_queries):
    masuk(client, unit_besar.staf)
    url = reverse("struktur") + f"?akar={unit_besar.bkpsdm.pk}"
    # session, user, badge, OPD list, akar, its units, pegawai counts, ancestors
    for seksi in [40, 80]:
        with django_assert_num_queries(8):
            response = client.get(url)
        assert response.content.decode().count("Seksi ") == seksi
        with scopes_disabled():
            for i in range(40):
                buat_unit(unit_besar.buleleng, unit_besar.bkpsdm, nama=f"Seksi {i}", eselon="42")


def test_struktur_folds_other_opd_and_opens_them_in_place(client, dunia):
    d = dunia
    with scopes_disabled():
        akar = d.sekda.parent or d.sekda
        dinas = buat_unit(d.buleleng, akar, nama="Dinas Lipat", eselon="22", adalah_opd=True)
        bidang = buat_unit(d.buleleng, dinas, nama="Bidang Tersembunyi", eselon="31")
        buat_unit(d.buleleng, bidang, nama="Seksi Terdalam", eselon="42")
    masuk(client, d.admin_bkd)
    halaman = teks(client.get(reverse("struktur") + f"?akar={akar.pk}"))
    assert "Dinas Lipat" in halaman and "Bidang Tersembunyi" not in halaman
    assert f"?akar={dinas.pk}&sebagian=1&dasar={akar.depth}" in halaman
    # The ▸ button's request: the OPD's own rows, indented from the page's root.
    baris = teks(
        client.get(reverse("struktur") + f"?akar={dinas.pk}&sebagian=1&dasar={akar.depth}")
    )
    assert "<html" not in baris and "Dinas Lipat" not in baris
    assert "Bidang Tersembunyi" in baris and "Seksi Terdalam" in baris
    assert f"calc({bidang.depth - akar.depth} * 1.4rem" in baris
    # Search finds any unit, however deep, and opens it in the tree.
    hasil = teks(client.get(reverse("struktur") + "?q=terdalam"))
    assert "Seksi Terdalam" in hasil and "Bidang Tersembunyi" in hasil
    assert "Tidak ada unit" in teks(client.get(reverse("struktur") + "?q=tidak-ada-xyz"))


@pytest.mark.parametrize("admin", ["admin_opd", "admin_bkd"])
def test_kelola_pegawai_costs_constant_queries(
    client, unit_besar, django_assert_num_queries, admin
):
    masuk(client, getattr(unit_besar, admin))
    # session, user, badge, count, page (with unit)
    for tambahan in [0, 100]:
        staf_massal(unit_besar, tambahan, awalan="Tambahan", lahir="19910101")
        with django_assert_num_queries(5):
            response = client.get(reverse("kelola_pegawai"))
        assert "Halaman 1 dari" in response.content.decode()


def test_times_are_shown_in_the_instansi_zone(client, dunia):
    # Buleleng is WITA (UTC+8) while the server's TIME_ZONE is WIB.
    html = masuk(client, dunia.staf).get(reverse("diagnosa")).content.decode()
    sekarang = dunia.buleleng.sekarang()
    assert f"{sekarang:%H}:" in html and "WITA" in html


def test_superadmin_opens_a_tenant_with_its_first_admin(client, db):
    superadmin = Pegawai.objects.create_superuser("superadmin", "rahasia-uji-123", nama="Super")
    masuk(client, superadmin)
    data = {
        "nama": "Pemerintah Kota Jayapura",
        "kode": "jayapura",
        "jenis": "kota",
        "zona_waktu": "Asia/Jayapura",
        "lokasi_cetak": "Jayapura",
        "aktif": "on",
        "nama_unit_induk": "PEMERINTAH KOTA JAYAPURA",
        "admin_nip": "1985031520100110",
        "admin_nama": "Admin Jayapura",
        "admin_password": "sandi-awal-123",
    }
    response = client.post(reverse("instansi_tambah"), data)
    assert "NIP harus terdiri dari 18 angka" in response.content.decode()
    data["admin_nip"] = "198503152010011001"
    assert client.post(reverse("instansi_tambah"), data).status_code == 302
    with scopes_disabled():
        admin = Pegawai.objects.get(nip="198503152010011001")
        root = admin.unit_kerja
    assert admin.peran == "admin_bkd" and admin.instansi.kode == "jayapura"
    assert (root.nama, root.depth, root.eselon) == ("PEMERINTAH KOTA JAYAPURA", 1, "00")
    client.force_login(admin)
    assert "PEMERINTAH KOTA JAYAPURA" in client.get(reverse("struktur")).content.decode()


def test_credential_stuffing_from_one_address_is_stopped_across_nips(client, dunia, settings):
    """Issue 16 (8): axes counts one NIP from one address; many NIPs from one address
    are counted too, and then even a right password waits for the window to end."""
    settings.LOGIN_GAGAL_PER_ALAMAT = 3
    url = reverse("login")
    for nip in [dunia.kabid.nip, dunia.kepala.nip, dunia.admin_opd.nip]:
        response = client.post(url, {"login": nip, "password": "salah"})
        assert "NIP atau kata sandi salah" in response.content.decode()
    response = client.post(url, {"login": dunia.staf.nip, "password": "rahasia-uji-123"})
    assert response.status_code == 200
    assert "Terlalu banyak login gagal dari alamat ini" in response.content.decode()
    # Another address is not affected.
    response = client.post(
        url, {"login": dunia.staf.nip, "password": "rahasia-uji-123"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


def test_one_nip_tried_from_many_addresses_waits_a_fixed_window(client, dunia, settings):
    import time

    settings.LOGIN_GAGAL_PER_NIP = 3
    settings.LOGIN_GAGAL_JENDELA = 2
    url = reverse("login")
    for i in range(3):
        client.post(url, {"login": dunia.staf.nip, "password": "salah"}, REMOTE_ADDR=f"10.1.0.{i}")
    benar = {"login": dunia.staf.nip, "password": "rahasia-uji-123"}
    response = client.post(url, benar, REMOTE_ADDR="10.1.0.9")
    assert "Terlalu banyak login gagal untuk NIP ini" in response.content.decode()
    time.sleep(2.1)  # the window is fixed from the first failure; tries in it do not extend
    assert client.post(url, benar, REMOTE_ADDR="10.1.0.9").status_code == 302


def test_editing_a_unit_keeps_its_parent_selected(client, dunia):
    """Issue 18: the edit form preselected no "Unit induk", so saving any change failed or
    moved the unit."""
    import re

    masuk(client, dunia.admin_opd)
    halaman = client.get(reverse("kelola_unit_ubah", args=[dunia.subbidang.pk])).content.decode()
    assert re.search(rf'<option value="{dunia.bidang.pk}" selected>', halaman)
    # A new sub-unit from "Tambah sub-unit" still starts under the unit it came from.
    halaman = client.get(
        reverse("kelola_unit_tambah") + f"?parent={dunia.bidang.pk}"
    ).content.decode()
    assert re.search(rf'<option value="{dunia.bidang.pk}" selected>', halaman)
