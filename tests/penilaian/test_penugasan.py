"""A PNS diperbantukan or dipekerjakan (issue 20): rated in the instansi where they work
(seed 002), recorded there by its BKD; the home instansi's BKD sees the results
read-only, and nobody else sees them.

Personas: Buleleng's staf works in Bidang PKAP and is rated by the kabid; "Lain" (another
instansi, tests/conftest.py) is the staf's home instansi here, with its BKD admin_lain."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from inti.models import Jejak
from organisasi import services as org_services
from organisasi.models import Penugasan
from penilaian import rules, services
from tests.bantuan import masuk, pesan, segar, teks
from tests.factories import InstansiFactory, PegawaiFactory


def catat(orang, dunia, **ubah):
    data = {
        "pegawai": orang.staf,
        "by": orang.admin_bkd,
        "instansi_asal": dunia.lain,
        "jenis": Penugasan.Jenis.DIPERBANTUKAN,
        "mulai": date(2025, 1, 1),
        "nomor_sk": "800/12/BKD/2025",
    }
    return org_services.penugasan_catat(**{**data, **ubah})


@pytest.fixture
def dinilai(tw1_siap_dinilai, orang):
    return services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.SESUAI,
        rating_perilaku_kerja=rules.SESUAI,
    )


def test_bkd_where_they_work_records_it_audited(orang, dalam_buleleng):
    penugasan = catat(orang, dalam_buleleng)
    assert (penugasan.instansi_id, penugasan.instansi_asal_id) == (
        dalam_buleleng.buleleng.pk,
        dalam_buleleng.lain.pk,
    )
    assert Jejak.objects.filter(aksi="penugasan_catat", objek_id=orang.staf.pk).exists()


@pytest.mark.parametrize(
    ("ubah", "field"),
    [
        ({"instansi_asal": None}, "instansi_asal"),
        ({"jenis": "dipinjam"}, "jenis"),
        ({"selesai": date(2024, 12, 31)}, "selesai"),
    ],
)
def test_bad_input_is_refused_beside_the_field(orang, dalam_buleleng, ubah, field):
    with pytest.raises(ValidationError) as galat:
        catat(orang, dalam_buleleng, **ubah)
    assert field in galat.value.message_dict


def test_the_home_instansi_itself_cannot_be_the_origin(orang, dalam_buleleng):
    with pytest.raises(ValidationError, match="instansi asal yang lain"):
        catat(orang, dalam_buleleng, instansi_asal=dalam_buleleng.buleleng)


def test_only_bkd_of_the_working_instansi_records(orang, dalam_buleleng, client):
    with pytest.raises(ValidationError, match="Hanya admin BKD"):
        catat(orang, dalam_buleleng, by=orang.admin_opd)
    url = reverse("kelola_penugasan", args=[orang.staf.pk])
    data = {
        "instansi_asal": dalam_buleleng.lain.pk,
        "jenis": "diperbantukan",
        "mulai": "2025-01-01",
    }
    for orang_lain in (orang.admin_opd, orang.admin_lain, orang.staf):
        masuk(client, orang_lain)
        assert client.post(url, data).status_code == 404
    with scopes_disabled():
        assert not Penugasan.objects.exists()


def test_the_form_keeps_what_was_typed_and_says_why(orang, dalam_buleleng, client):
    masuk(client, orang.admin_bkd)
    url = reverse("kelola_penugasan", args=[orang.staf.pk])
    data = {
        "instansi_asal": dalam_buleleng.lain.pk,
        "jenis": "diperbantukan",
        "mulai": "2025-06-01",
        "selesai": "2025-01-01",
        "nomor_sk": "SK-UJI-7",
    }
    halaman = teks(client.post(url, data))
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in halaman
    assert 'value="SK-UJI-7"' in halaman
    response = client.post(url, {**data, "selesai": ""}, follow=True)
    assert f"Penugasan {orang.staf.nama} dicatat." in pesan(response)
    assert "Diperbantukan dari Pemerintah Kota Lain" in teks(response)


def test_home_bkd_sees_the_results_read_only(dinilai, orang, dalam_buleleng, client):
    catat(orang, dalam_buleleng)
    masuk(client, orang.admin_lain)
    halaman = teks(client.get(reverse("penugasan_keluar") + "?tahun=2025"))
    assert orang.staf.nama_lengkap in halaman and "Pemerintah Kabupaten Buleleng" in halaman
    assert "Triwulan I 2025: <strong>Baik</strong>" in halaman
    # Read-only: no link into the other instansi, and its period page stays a 404.
    assert reverse("periode_detail", args=[dinilai.pk]) not in halaman
    assert client.get(reverse("periode_detail", args=[dinilai.pk])).status_code == 404
    # Buleleng's own BKD has nobody of its own elsewhere.
    masuk(client, orang.admin_bkd)
    assert orang.staf.nama_lengkap not in teks(client.get(reverse("penugasan_keluar")))


def test_a_third_instansi_sees_nothing(dinilai, orang, dalam_buleleng, client):
    catat(orang, dalam_buleleng)
    with scopes_disabled():
        ketiga = InstansiFactory(kode="ketiga", nama="Pemerintah Kota Ketiga")
        bkd_ketiga = PegawaiFactory(instansi=ketiga, nama="BKD Ketiga", peran="admin_bkd")
    masuk(client, bkd_ketiga)
    assert orang.staf.nama_lengkap not in teks(client.get(reverse("penugasan_keluar")))


@pytest.mark.parametrize("jumlah", [1, 6])
def test_the_home_list_costs_the_same_whatever_its_length(
    dinilai, orang, dalam_buleleng, client, jumlah, django_assert_num_queries
):
    with scopes_disabled():
        for i in range(jumlah):
            p = PegawaiFactory(
                instansi=dalam_buleleng.buleleng,
                unit_kerja=dalam_buleleng.bidang,
                nama=f"Tugas {i}",
            )
            catat(orang, dalam_buleleng, pegawai=p)
    masuk(client, orang.admin_lain)
    client.get(reverse("penugasan_keluar"))
    # session, user, the secondments with pegawai and workplace joined, their periods,
    # the menu badge.
    with django_assert_num_queries(5):
        client.get(reverse("penugasan_keluar") + "?tahun=2025")
    assert segar(orang.staf).instansi_id == dalam_buleleng.buleleng.pk
