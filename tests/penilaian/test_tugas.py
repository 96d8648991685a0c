"""The beranda's to-do list (issue 18): each role is told what to do next, with a link
straight to the place to act, in a constant number of queries; exempt pegawai are not
asked for an SKP; the diagnosis names every cause that applies.

Built in the current year (the to-do follows today's date in the tenant's zone): the
cascade kepala → kabid → staf of tests/skp/conftest.py.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from ekinerja.selectors import tugas_admin, tugas_pegawai, tugas_penilai
from inti.kalender import kode_periode_pada, label_periode
from jadwal import rules as langkah
from jadwal.models import Jadwal
from organisasi.models import Pengecualian
from organisasi.services import pengecualian_tambah
from penilaian import services
from penilaian.selectors import diagnosa_pegawai, penilaian_bawahan
from skp import services as skp_services
from tests.bantuan import masuk, segar, teks
from tests.penilaian.conftest import isi_realisasi, isi_rencana_aksi, skp_disetujui
from tests.skp.conftest import pegawai_baru, tambah_rhk


@pytest.fixture
def tahun(dunia):
    return dunia.buleleng.hari_ini().year


@pytest.fixture
def rantai_kini(dalam_buleleng, buat_rantai, tahun):
    return buat_rantai(tahun)


def judul(tugas):
    return [t.judul for t in tugas]


def berjalan(d):
    hari_ini = d.buleleng.hari_ini()
    kode = kode_periode_pada(hari_ini, bulanan=False)
    return kode, label_periode(kode, hari_ini.year)


# ---- pegawai -----------------------------------------------------------------------------


def test_pegawai_without_skp_is_told_to_draft_one(dalam_buleleng, orang, tahun):
    (t,) = tugas_pegawai(segar(orang.staf), timezone.now())
    assert (t.judul, t.tautan, t.mendesak) == (f"Susun SKP {tahun}", reverse("skp_buat"), True)


def test_draft_and_returned_skp_lead_to_the_skp(rantai_kini, dalam_buleleng, orang, tahun):
    skp = skp_services.skp_buat(pegawai=orang.staf, tahun=tahun, by=orang.staf)
    tambah_rhk(skp, orang.staf, "Tersusunnya laporan", intervensi=[rantai_kini.rhk_kabid])
    (t,) = tugas_pegawai(segar(orang.staf), timezone.now())
    assert (t.judul, t.tautan) == (
        f"Ajukan SKP {tahun} ke pejabat penilai",
        reverse("skp_detail", args=[skp.pk]),
    )
    skp_services.skp_ajukan(skp=segar(skp), by=orang.staf)
    assert tugas_pegawai(segar(orang.staf), timezone.now()) == []  # the penilai's turn
    assert judul(tugas_penilai(segar(orang.kabid), timezone.now())) == [
        "1 SKP bawahan menunggu persetujuan Anda"
    ]
    skp_services.skp_kembalikan(skp=segar(skp), by=orang.kabid, catatan="Tambah indikator.")
    (t,) = tugas_pegawai(segar(orang.staf), timezone.now())
    assert t.judul == f"Perbaiki SKP {tahun} lalu ajukan lagi"
    assert "Tambah indikator." in t.keterangan


def test_the_running_period_is_to_add_then_fill_then_submit(rantai_kini, dalam_buleleng, orang):
    kode, label = berjalan(dalam_buleleng)
    skp_disetujui(dalam_buleleng, rantai_kini, orang.staf)
    tugas = tugas_pegawai(segar(orang.staf), timezone.now())
    assert f"Tambah periode penilaian {label}" in judul(tugas)
    periode = services.periode_tambah(skp=segar(orang.staf).skp.get(), kode=kode, by=orang.staf)
    tugas = tugas_pegawai(segar(orang.staf), timezone.now())
    assert f"Tulis rencana aksi {label}" in judul(tugas)
    assert reverse("periode_detail", args=[periode.pk]) in [t.tautan for t in tugas]
    isi_rencana_aksi(periode, orang.staf)
    assert f"Isi realisasi {label}" in judul(tugas_pegawai(segar(orang.staf), timezone.now()))
    isi_realisasi(periode, orang.staf)
    assert f"Ajukan realisasi {label}" in judul(tugas_pegawai(segar(orang.staf), timezone.now()))
    services.periode_ajukan(periode=periode, by=orang.staf)
    assert not any(label in j for j in judul(tugas_pegawai(segar(orang.staf), timezone.now())))
    assert judul(tugas_penilai(segar(orang.kabid), timezone.now())) == [
        f"1 bawahan menunggu penilaian {label}"
    ]


def test_an_open_realisasi_window_closing_this_week_shows_its_deadline(
    rantai_kini, dalam_buleleng, orang, tahun
):
    kode, label = berjalan(dalam_buleleng)
    skp_disetujui(dalam_buleleng, rantai_kini, orang.staf)
    sekarang = timezone.now()
    with scopes_disabled():
        Jadwal.objects.create(
            instansi=dalam_buleleng.buleleng,
            langkah=langkah.REALISASI,
            tahun=tahun,
            kode=kode,
            mulai=sekarang - timedelta(days=10),
            batas=sekarang + timedelta(days=2),
            diatur_oleh=orang.admin_bkd,
        )
    (t,) = [t for t in tugas_pegawai(segar(orang.staf), sekarang) if label in t.judul]
    assert t.batas.endswith("WITA") and t.mendesak


def test_an_exempt_pegawai_is_asked_for_nothing_and_listed_as_such(
    rantai_kini, dalam_buleleng, orang, tahun, client
):
    hari_ini = dalam_buleleng.buleleng.hari_ini()
    pengecualian_tambah(
        pengecualian=Pengecualian(
            instansi=dalam_buleleng.buleleng,
            pegawai=orang.staf,
            jenis=Pengecualian.Jenis.CLTN,
            mulai=date(tahun, 1, 1),
        ),
        by=orang.admin_opd,
    )
    assert tugas_pegawai(segar(orang.staf), timezone.now()) == []
    kode, _ = berjalan(dalam_buleleng)
    baris = {b.pegawai.pk: b for b in penilaian_bawahan(segar(orang.kabid), tahun, kode)}
    assert baris[orang.staf.pk].label == "Tidak wajib SKP"
    masuk(client, orang.staf)
    halaman = teks(client.get(reverse("beranda")))
    assert "tidak diwajibkan menyusun SKP" in halaman and "Susun SKP" not in halaman
    assert hari_ini.year == tahun


# ---- the diagnosis names the SKP and period causes -----------------------------------------


def kode_temuan(pegawai):
    return [t.kode for t in diagnosa_pegawai(segar(pegawai))]


def test_diagnosis_names_a_missing_skp_and_a_missing_period(
    rantai_kini, dalam_buleleng, orang, tahun
):
    assert "skp_belum_disetujui" in kode_temuan(orang.staf)
    skp_disetujui(dalam_buleleng, rantai_kini, orang.staf)
    temuan = kode_temuan(orang.staf)
    assert "skp_belum_disetujui" not in temuan and "tanpa_periode" in temuan
    assert temuan.index("tanpa_periode") < temuan.index("atasan_ada")  # blocking first


def test_diagnosis_page_shows_every_cause(client, rantai_kini, dalam_buleleng, orang):
    masuk(client, orang.staf)
    halaman = teks(client.get(reverse("diagnosa")))
    assert 'data-kode="skp_belum_disetujui"' in halaman
    assert 'data-kode="atasan_ada"' in halaman


# ---- admins ------------------------------------------------------------------------------


def test_admin_sees_units_without_pimpinan_and_unactivated_pegawai(dalam_buleleng, orang):
    d = dalam_buleleng
    with scopes_disabled():
        baru = pegawai_baru(d, d.subbidang, "Belum Aktif")
        baru.set_unusable_password()
        baru.save()
    tugas = {t.judul: t for t in tugas_admin(segar(orang.admin_opd), timezone.now())}
    assert tugas["1 unit aktif belum memiliki pimpinan"].tautan.endswith("?tanpa_pimpinan=1")
    assert tugas["1 pegawai belum mengaktifkan akun"].tautan == reverse("kelola_aktivasi")
    # Another OPD's admin manages none of these.
    assert "1 pegawai belum mengaktifkan akun" not in judul(
        tugas_admin(segar(d.admin_dinkes), timezone.now())
    )


def test_bkd_sees_the_review_queue(tw1_menunggu_review, orang):
    assert "1 predikat Sangat Baik menunggu review Tim Penilai Kinerja" in judul(
        tugas_admin(segar(orang.admin_bkd), timezone.now())
    )


def test_penilai_sees_sangat_baik_returned_by_the_tim_penilai(tw1_menunggu_review, orang):
    services.review_kembalikan(periode=tw1_menunggu_review, by=orang.admin_bkd, catatan="Cek.")
    (t,) = tugas_penilai(segar(orang.kabid), timezone.now())
    assert t.judul == "1 penilaian Triwulan I 2025 dikembalikan Tim Penilai Kinerja"
    assert t.tautan == f"{reverse('penilaian_bawahan')}?tahun=2025&periode=tw1"


# ---- every link of every role's to-do opens -------------------------------------------------


def test_every_to_do_link_opens_for_its_role(client, tw1_menunggu_review, dalam_buleleng, orang):
    services.review_kembalikan(periode=tw1_menunggu_review, by=orang.admin_bkd, catatan="Cek.")
    for siapa in (orang.staf, orang.kabid, orang.admin_opd, orang.admin_bkd):
        masuk(client, siapa)
        sekarang = timezone.now()
        semua = tugas_pegawai(segar(siapa), sekarang) + tugas_penilai(segar(siapa), sekarang)
        if siapa.adalah_admin:
            semua += tugas_admin(segar(siapa), sekarang)
        halaman = teks(client.get(reverse("beranda")))
        for t in semua:
            assert t.judul in halaman
            assert client.get(t.tautan).status_code == 200, (siapa.nama, t)


# ---- the beranda's cost does not grow with the tenant ---------------------------------------


def bawahan(d, rantai, jumlah):
    with scopes_disabled():
        for i in range(jumlah):
            p = pegawai_baru(d, d.bidang, f"Bawahan {i:02d}")
            skp = skp_disetujui(d, rantai, p)
            periode = services.periode_tambah(skp=skp, kode="tw1", by=segar(p))
            isi_rencana_aksi(periode, segar(p))
            isi_realisasi(periode, segar(p))
            services.periode_ajukan(periode=periode, by=segar(p))


@pytest.mark.parametrize("jumlah", [1, 8])
def test_beranda_queries_are_constant_for_a_penilai(
    client, rantai, dalam_buleleng, orang, jumlah, django_assert_num_queries
):
    bawahan(dalam_buleleng, rantai, jumlah)
    masuk(client, orang.kabid)
    client.get(reverse("beranda"))
    # session, user; pegawai, its exemptions; the bawahan's unit paths (built once); the
    # pegawai's to-do: progres days returned, SKP (none this year: nothing more; the
    # jadwal is cached); the penilai's: SKP waiting, periods waiting per period, progres
    # days waiting; atasan; bawahan count; this year's SKP; bell; periods; 5 notifications.
    with django_assert_num_queries(16):
        response = client.get(reverse("beranda"))
    assert f"{jumlah} bawahan menunggu penilaian Triwulan I 2025" in teks(response)


@pytest.mark.parametrize("jumlah", [1, 8])
def test_beranda_queries_are_constant_for_an_admin_bkd(
    client, rantai, dalam_buleleng, orang, jumlah, django_assert_num_queries
):
    bawahan(dalam_buleleng, rantai, jumlah)
    masuk(client, orang.admin_bkd)
    client.get(reverse("beranda"))
    # session, user; pegawai, its exemptions; the pegawai's to-do: progres days returned,
    # SKP; the admin's: help requests waiting, units without pimpinan, not activated,
    # penilai with most waiting, review queue (the jadwal is cached); atasan; this year's
    # SKP; bell; periods; 5 notifications.
    with django_assert_num_queries(15):
        response = client.get(reverse("beranda"))
    assert "Penilai dengan bawahan menunggu penilaian" in teks(response)
