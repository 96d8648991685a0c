"""The import pages (/kelola/impor/...): who may open them, what each shows, and what
they cost in queries."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope
from openpyxl import load_workbook

from organisasi import impor as impor_svc
from organisasi import services
from organisasi.models import Impor, Pegawai
from tests.conftest import per_modul
from tests.organisasi.bantuan_impor import KOLOM_RINGKAS as KOLOM_PEGAWAI
from tests.organisasi.bantuan_impor import KOLOM_UNIT, baris_dari, xlsx
from tests.organisasi.bantuan_impor import unggah as unggah_berkas

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

pytestmark = pytest.mark.usefixtures("celery_di_proses")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unggah(admin, isi, nama="ekspor.xlsx", jenis="pegawai", periksa=True) -> Impor:
    return unggah_berkas(admin, jenis, isi, nama, periksa=periksa)


def baris_baru(d, nomor, nama=None):
    nip = f"19850315201001{1 + nomor % 2}{nomor % 1000:03d}"
    return [
        nip,
        nama or f"Pegawai Baru {nomor}",
        d.bidang.id_eksternal,
        "III/a",
        "Analis",
        "Jabatan Pelaksana",
    ]


def impor_lengkap(d) -> Impor:
    """A dry run with a row in every tab: new, changed, conflicting, refused."""
    services.pegawai_ubah_profil(pegawai=d.kabid, by=d.kabid, jabatan="Kepala Bidang PKAP")
    return unggah(
        d.admin_bkd,
        xlsx(
            KOLOM_PEGAWAI,
            [
                baris_baru(d, 1, nama="Budi Baru"),
                baris_dari(d.staf, NAMA="Staf Berganti Nama"),
                baris_dari(d.kabid, JABATAN_NAMA="Analis Kebijakan"),
                [
                    "12345",
                    "NIP Pendek",
                    d.bidang.id_eksternal,
                    "III/a",
                    "Analis",
                    "Jabatan Pelaksana",
                ],
            ],
        ),
    )


def url_impor(impor, bagian=""):
    return reverse(f"impor_{bagian}" if bagian else "impor_detail", args=[impor.pk])


def baris_tabel(html) -> int:
    """Rows of the plan's table (each starts with the row number cell)."""
    return len(re.findall(r"<tr><td>\d+</td>", html))


# --- access ------------------------------------------------------------------------------


@pytest.fixture
def impor_opd(dalam_buleleng):
    """A dry run of the BKPSDM admin, waiting for confirmation."""
    return unggah(dalam_buleleng.admin_opd, xlsx(KOLOM_PEGAWAI, [baris_baru(dalam_buleleng, 1)]))


def halaman_impor(impor):
    return [
        ("get", reverse("impor_daftar")),
        ("get", reverse("impor_kolom")),
        ("get", reverse("impor_contoh", args=["pegawai"])),
        ("get", url_impor(impor)),
        ("post", url_impor(impor, "pilih")),
        ("post", url_impor(impor, "konfirmasi")),
        ("post", url_impor(impor, "batal")),
    ]


def test_anonymous_is_sent_to_login_from_every_import_page(client, impor_opd):
    for metode, url in halaman_impor(impor_opd):
        response = getattr(client, metode)(url, {"semua": "berkas"} if metode == "post" else {})
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    impor_opd.refresh_from_db()
    assert (impor_opd.status, impor_opd.pilihan) == (Impor.Status.PRATINJAU, {})


def test_pegawai_who_is_not_an_admin_gets_404_on_every_import_page(
    client, dalam_buleleng, impor_opd
):
    client.force_login(dalam_buleleng.staf)
    for metode, url in halaman_impor(impor_opd):
        assert getattr(client, metode)(url).status_code == 404, url
    # The POST pages answer 404 to a GET too, before saying which method they want.
    assert client.get(url_impor(impor_opd, "konfirmasi")).status_code == 404
    response = client.post(
        reverse("impor_daftar"), {"jenis": "pegawai", "berkas": SimpleUploadedFile("a.xlsx", b"PK")}
    )
    assert response.status_code == 404
    assert Impor.objects.count() == 1
    impor_opd.refresh_from_db()
    assert impor_opd.status == Impor.Status.PRATINJAU


def test_column_settings_are_for_bkd_only(client, dalam_buleleng):
    d = dalam_buleleng
    client.force_login(d.admin_opd)
    assert client.get(reverse("impor_kolom")).status_code == 404
    assert client.post(reverse("impor_kolom"), {"nip": "NOMOR"}).status_code == 404
    daftar = client.get(reverse("impor_daftar")).content.decode()
    assert reverse("impor_kolom") not in daftar

    client.force_login(d.admin_bkd)
    assert client.get(reverse("impor_kolom")).status_code == 200
    response = client.post(reverse("impor_kolom") + "?jenis=pegawai", {"nip": "NOMOR INDUK"})
    assert response.status_code == 302
    d.buleleng.refresh_from_db()
    assert d.buleleng.pengaturan["kolom_impor"]["pegawai"] == {"nip": "NOMOR INDUK"}
    assert reverse("impor_kolom") in client.get(reverse("impor_daftar")).content.decode()


def test_column_settings_form_shows_the_saved_names_and_the_defaults(client, dalam_buleleng):
    d = dalam_buleleng
    impor_svc.kolom_simpan(
        instansi=d.buleleng, jenis="unit_kerja", kolom={"parent": "KODE INDUK"}, by=d.admin_bkd
    )
    client.force_login(d.admin_bkd)

    html = client.get(reverse("impor_kolom") + "?jenis=unit_kerja").content.decode()

    assert 'value="KODE INDUK"' in html
    assert "Bawaan: DIATASAN_ID, ID_ATASAN, PARENT_ID — wajib ada di berkas." in html


@pytest.mark.parametrize("bagian", ["", "pilih", "konfirmasi", "batal"])
def test_admin_of_another_instansi_gets_404_on_an_import(client, dalam_buleleng, bagian):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_baru(d, 1)]))
    client.force_login(d.admin_lain)

    metode = client.post if bagian else client.get
    assert metode(url_impor(impor, bagian), {"semua": "berkas"}).status_code == 404
    impor.refresh_from_db()
    assert (impor.status, impor.pilihan) == (Impor.Status.PRATINJAU, {})


@pytest.mark.parametrize("bagian", ["", "pilih", "konfirmasi", "batal"])
def test_admin_of_another_opd_gets_404_on_an_import(client, dalam_buleleng, impor_opd, bagian):
    client.force_login(dalam_buleleng.admin_dinkes)

    metode = client.post if bagian else client.get
    assert metode(url_impor(impor_opd, bagian), {"semua": "berkas"}).status_code == 404
    impor_opd.refresh_from_db()
    assert (impor_opd.status, impor_opd.pilihan) == (Impor.Status.PRATINJAU, {})


def test_admin_opd_gets_404_on_an_import_of_bkd_that_bkd_can_open(
    client, dalam_buleleng, impor_opd
):
    d = dalam_buleleng
    impor_bkd = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_baru(d, 2)]))

    client.force_login(d.admin_opd)
    assert client.get(url_impor(impor_bkd)).status_code == 404
    assert client.get(url_impor(impor_opd)).status_code == 200
    client.force_login(d.admin_bkd)
    assert client.get(url_impor(impor_opd)).status_code == 200


def test_import_list_shows_an_admin_opd_only_its_opds_imports(client, dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(KOLOM_PEGAWAI, [baris_baru(d, 1)])
    unggah(d.admin_bkd, isi, nama="berkas-bkd.xlsx")
    unggah(d.admin_opd, isi, nama="berkas-bkpsdm.xlsx")
    unggah(d.admin_dinkes, isi, nama="berkas-dinkes.xlsx")
    with scope(instansi=d.lain.pk):
        unggah(d.admin_lain, isi, nama="berkas-lain.xlsx")

    client.force_login(d.admin_opd)
    html = client.get(reverse("impor_daftar")).content.decode()
    assert re.findall(r"berkas-\w+\.xlsx", html) == ["berkas-bkpsdm.xlsx"]

    client.force_login(d.admin_bkd)
    html = client.get(reverse("impor_daftar")).content.decode()
    assert sorted(re.findall(r"berkas-\w+\.xlsx", html)) == [
        "berkas-bkd.xlsx",
        "berkas-bkpsdm.xlsx",
        "berkas-dinkes.xlsx",
    ]


# --- uploading ---------------------------------------------------------------------------


def isian(html, nama) -> str:
    """The form row (label, input, help, errors) of one field."""
    for blok in re.findall(r'<div class="isian[^"]*">.*?</div>', html, re.S):
        if f'name="{nama}"' in blok:
            return blok
    raise AssertionError(f"no field {nama}")


def test_upload_without_a_file_shows_the_error_beside_the_file_field(client, dalam_buleleng):
    client.force_login(dalam_buleleng.admin_bkd)

    response = client.post(reverse("impor_daftar"), {"jenis": "unit_kerja"})

    assert response.status_code == 200
    html = response.content.decode()
    berkas = isian(html, "berkas")
    assert "ada-galat" in berkas and 'class="galat"' in berkas
    jenis = isian(html, "jenis")
    assert "ada-galat" not in jenis
    assert re.search(r'<option value="unit_kerja"[^>]*selected', jenis)  # kept as chosen
    assert not Impor.objects.exists()


def test_upload_with_an_unknown_kind_shows_the_error_beside_the_kind(client, dalam_buleleng):
    client.force_login(dalam_buleleng.admin_bkd)
    berkas = SimpleUploadedFile("a.xlsx", xlsx(KOLOM_PEGAWAI, []))

    response = client.post(reverse("impor_daftar"), {"jenis": "anggaran", "berkas": berkas})

    html = response.content.decode()
    assert 'class="galat"' in isian(html, "jenis")
    assert 'class="galat"' not in isian(html, "berkas")
    assert not Impor.objects.exists()


def test_file_over_20_mb_is_refused_beside_the_file_field(client, dalam_buleleng):
    client.force_login(dalam_buleleng.admin_bkd)
    berkas = SimpleUploadedFile("besar.csv", b"x" * (impor_svc.UKURAN_MAKS + 1))

    response = client.post(reverse("impor_daftar"), {"jenis": "pegawai", "berkas": berkas})

    assert response.status_code == 200
    assert "lebih dari 20 MB" in isian(response.content.decode(), "berkas")
    assert not Impor.objects.exists()


def test_upload_goes_to_the_dry_run_page(
    client, dalam_buleleng, django_capture_on_commit_callbacks
):
    d = dalam_buleleng
    client.force_login(d.admin_opd)
    berkas = SimpleUploadedFile("siasn.xlsx", xlsx(KOLOM_PEGAWAI, [baris_baru(d, 1)]))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impor_daftar"), {"jenis": "pegawai", "berkas": berkas})

    impor = Impor.objects.get()
    assert response.url == url_impor(impor)
    assert (impor.oleh, impor.lingkup_opd, impor.status) == (
        d.admin_opd,
        d.bkpsdm,
        Impor.Status.PRATINJAU,
    )
    html = client.get(response.url).content.decode()
    assert "untuk BKPSDM" in html and "Pegawai Baru 1" in html


# --- the dry run page --------------------------------------------------------------------


@pytest.mark.parametrize(
    "bagian,ada,tidak",
    [
        ("baru", "Budi Baru", "Staf Berganti Nama"),
        ("ubah", "Staf Berganti Nama", "Budi Baru"),
        ("konflik", "Kepala Bidang PKAP", "Budi Baru"),
        ("galat", "NIP Pendek", "Budi Baru"),
    ],
)
def test_dry_run_page_renders_each_tab(client, dalam_buleleng, bagian, ada, tidak):
    d = dalam_buleleng
    impor = impor_lengkap(d)
    assert impor.jumlah == {"baru": 1, "ubah": 1, "konflik": 1, "sama": 0, "galat": 1}
    client.force_login(d.admin_bkd)

    response = client.get(url_impor(impor) + f"?bagian={bagian}")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="?bagian={bagian}" aria-current="page"' in html
    assert baris_tabel(html) == 1
    assert ada in html and tidak not in html


def test_dry_run_tabs_show_what_each_row_will_do(client, dalam_buleleng):
    d = dalam_buleleng
    impor = impor_lengkap(d)
    client.force_login(d.admin_bkd)
    halaman = {
        b: client.get(url_impor(impor) + f"?bagian={b}").content.decode()
        for b in ("baru", "ubah", "konflik", "galat")
    }

    assert "Bidang PKAP" in halaman["baru"]  # the unit the new pegawai goes to
    assert "Nama: <del>Staf PKAP</del> → <ins>Staf Berganti Nama</ins>" in halaman["ubah"]
    nip = d.kabid.nip
    assert re.search(rf'name="k:{nip}:jabatan" value="lokal"\s+checked', halaman["konflik"])
    assert "Pertahankan: Kepala Bidang PKAP" in halaman["konflik"]
    assert "Pakai SI-ASN: Analis Kebijakan" in halaman["konflik"]
    assert "18 angka" in halaman["galat"]


def test_dry_run_page_opens_on_the_first_tab_with_rows(client, dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_dari(d.staf, NAMA="Staf Baru")]))
    client.force_login(d.admin_bkd)

    html = client.get(url_impor(impor)).content.decode()

    assert 'href="?bagian=ubah" aria-current="page"' in html
    assert "Staf Baru" in html


def test_dry_run_page_paginates_at_50_rows(client, dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_baru(d, i) for i in range(120)]))
    assert impor.jumlah["baru"] == 120
    client.force_login(d.admin_bkd)

    pertama = client.get(url_impor(impor) + "?bagian=baru").content.decode()
    ketiga = client.get(url_impor(impor) + "?bagian=baru&halaman=3").content.decode()

    assert baris_tabel(pertama) == 50
    assert "Halaman 1 dari 3 (120 data)" in pertama
    assert 'href="?bagian=baru&halaman=2"' in pertama
    assert baris_tabel(ketiga) == 20
    assert "Pegawai Baru 119" in ketiga and "Pegawai Baru 0<" not in ketiga


def test_refused_file_shows_its_reason_and_no_buttons(client, dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(["NAMA"], [["Budi"]]))
    client.force_login(d.admin_bkd)

    html = client.get(url_impor(impor)).content.decode()

    assert "Berkas ditolak." in html and "Kolom wajib tidak ditemukan" in html
    assert url_impor(impor, "konfirmasi") not in html


def test_conflict_choices_posted_are_kept(client, dalam_buleleng):
    d = dalam_buleleng
    impor = impor_lengkap(d)
    nip = d.kabid.nip
    client.force_login(d.admin_bkd)

    response = client.post(
        url_impor(impor, "pilih"),
        {
            f"k:{nip}:jabatan": "berkas",
            f"k:{nip}:unit_kerja": "hapus",
            "semua": "lokal",
            "halaman": "1",
            "bukan": "berkas",
        },
    )

    assert response.status_code == 302
    assert response.url == url_impor(impor) + "?bagian=konflik&halaman=1"
    impor.refresh_from_db()
    assert impor.pilihan == {f"{nip}:jabatan": "berkas", "semua": "lokal"}
    html = client.get(response.url).content.decode()
    assert re.search(rf'name="k:{nip}:jabatan" value="berkas"\s+checked', html)
    assert "Pilihan disimpan." in html


def test_a_conflict_choice_named_with_nul_is_refused_with_a_message(client, dalam_buleleng):
    # A forged field name with NUL reached the JSON column: a 500 on PostgreSQL.
    d = dalam_buleleng
    impor = impor_lengkap(d)
    client.force_login(d.admin_bkd)

    response = client.post(
        url_impor(impor, "pilih"),
        {f"k:{d.kabid.nip}:jabatan": "berkas", "k:\x00": "berkas", "halaman": "1"},
        follow=True,
    )

    assert "karakter kendali" in response.content.decode()
    impor.refresh_from_db()
    assert impor.pilihan == {}


def test_conflict_choices_after_confirmation_are_refused_with_a_message(client, dalam_buleleng):
    d = dalam_buleleng
    impor = impor_lengkap(d)
    impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    client.force_login(d.admin_bkd)

    response = client.post(url_impor(impor, "pilih"), {"semua": "berkas"}, follow=True)

    assert "tidak lagi menunggu konfirmasi" in response.content.decode()
    impor.refresh_from_db()
    assert impor.pilihan == {}


def test_confirming_on_the_page_applies_the_import(
    client, dalam_buleleng, django_capture_on_commit_callbacks
):
    d = dalam_buleleng
    impor = impor_lengkap(d)
    client.force_login(d.admin_bkd)
    client.post(url_impor(impor, "pilih"), {"semua": "berkas"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url_impor(impor, "konfirmasi"))

    assert response.url == url_impor(impor)
    impor.refresh_from_db()
    assert impor.status == Impor.Status.SELESAI
    d.kabid.refresh_from_db()
    assert d.kabid.jabatan == "Analis Kebijakan"
    html = client.get(response.url).content.decode()
    assert "Hasil impor" in html and "1 konflik memakai data SI-ASN" in html
    assert 'href="?bagian=baru" aria-current="page">Dibuat (1)' in html


def test_page_shows_the_new_dry_run_when_data_changed_before_applying(
    client, dalam_buleleng, django_capture_on_commit_callbacks
):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_dari(d.staf, NAMA="Staf Baru")]))
    client.force_login(d.admin_bkd)
    html = client.get(url_impor(impor)).content.decode()
    assert "Staf Baru" in html
    services.pegawai_ubah_profil(pegawai=d.staf, by=d.staf, nama="Staf Sendiri")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url_impor(impor, "konfirmasi"))

    impor.refresh_from_db()
    assert impor.status == Impor.Status.PRATINJAU
    html = client.get(response.url).content.decode()
    assert "Data berubah sejak pratinjau dibuat" in html
    assert "<del>Staf Sendiri</del>" in html
    d.staf.refresh_from_db()
    assert d.staf.nama == "Staf Sendiri"


def test_cancelling_on_the_page_returns_to_the_list(client, dalam_buleleng, impor_opd):
    client.force_login(dalam_buleleng.admin_opd)

    response = client.post(url_impor(impor_opd, "batal"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("impor_daftar")
    assert "Impor dibatalkan; tidak ada yang diubah." in response.content.decode()
    impor_opd.refresh_from_db()
    assert impor_opd.status == Impor.Status.DIBATALKAN
    assert not Pegawai.objects.filter(nama="Pegawai Baru 1").exists()


# --- live status -------------------------------------------------------------------------


def test_htmx_status_asks_for_a_refresh_once_the_check_is_done(client, dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_baru(d, 1)]), periksa=False)
    assert impor.status == Impor.Status.MEMERIKSA
    client.force_login(d.admin_bkd)
    url = url_impor(impor) + "?bagian=status"

    selagi = client.get(url, HTTP_HX_REQUEST="true")
    assert selagi.status_code == 200
    assert "HX-Refresh" not in selagi
    assert "Memeriksa berkas" in selagi.content.decode()
    assert 'hx-trigger="every 1s"' in selagi.content.decode()
    assert "<html" not in selagi.content.decode()  # the partial only

    impor_svc.impor_periksa(impor=impor)
    selesai = client.get(url, HTTP_HX_REQUEST="true")
    assert selesai["HX-Refresh"] == "true"
    assert "hx-trigger" not in selesai.content.decode()


def test_status_without_htmx_is_the_whole_page(client, dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_baru(d, 1)]), periksa=False)
    client.force_login(d.admin_bkd)

    response = client.get(url_impor(impor) + "?bagian=status")

    assert "HX-Refresh" not in response
    html = response.content.decode()
    assert "<html" in html and "Memeriksa berkas" in html
    assert "Tanpa JavaScript, muat ulang halaman." in html


def test_htmx_status_of_another_instansis_import_is_404(client, dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, xlsx(KOLOM_PEGAWAI, [baris_baru(d, 1)]), periksa=False)
    client.force_login(d.admin_lain)

    response = client.get(url_impor(impor) + "?bagian=status", HTTP_HX_REQUEST="true")

    assert response.status_code == 404


# --- the template to fill ------------------------------------------------------------------


@pytest.mark.parametrize("jenis", ["pegawai", "unit_kerja"])
def test_contoh_is_an_xlsx_whose_first_row_holds_the_headers(client, dalam_buleleng, jenis):
    client.force_login(dalam_buleleng.admin_opd)

    response = client.get(reverse("impor_contoh", args=[jenis]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert f'filename="contoh-impor-{jenis}.xlsx"' in response["Content-Disposition"]
    lembar = load_workbook(io.BytesIO(response.content)).active
    kepala = [sel.value for sel in next(lembar.iter_rows(max_row=1))]
    assert kepala == [kolom.judul[0] for kolom in impor_svc.KOLOM[jenis].values()]
    assert lembar.max_row == 1


def test_contoh_uses_the_instansi_column_names(client, dalam_buleleng):
    d = dalam_buleleng
    impor_svc.kolom_simpan(
        instansi=d.buleleng, jenis="pegawai", kolom={"nip": "NOMOR INDUK, NIP"}, by=d.admin_bkd
    )
    client.force_login(d.admin_bkd)

    response = client.get(reverse("impor_contoh", args=["pegawai"]))

    kepala = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert kepala[:3] == ("NOMOR INDUK", "NAMA", "UNOR_ID")


def test_contoh_filled_in_is_imported(client, dalam_buleleng):
    d = dalam_buleleng
    client.force_login(d.admin_bkd)
    buku = load_workbook(io.BytesIO(client.get(reverse("impor_contoh", args=["pegawai"])).content))
    lembar = buku.active
    kepala = [sel.value for sel in lembar[1]]
    isian_baris = {
        "NIP_BARU": "198503152010011001",
        "NAMA": "Budi",
        "UNOR_ID": d.bidang.id_eksternal,
        "TANGGAL_LAHIR": "15-03-1985",
        "JENIS_PEGAWAI_NAMA": "PNS",
    }
    lembar.append([isian_baris.get(k) for k in kepala])
    keluaran = io.BytesIO()
    buku.save(keluaran)

    impor = unggah(d.admin_bkd, keluaran.getvalue())

    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.jumlah["baru"] == 1


@pytest.mark.parametrize(
    "jenis,teks",
    [("pegawai", {"NIP_BARU", "UNOR_ID"}), ("unit_kerja", {"ID", "DIATASAN_ID"})],
)
def test_contoh_keeps_ids_typed_into_it_as_text(client, dalam_buleleng, jenis, teks):
    # An 18-digit NIP typed into a General cell becomes a number that lost its last digits.
    client.force_login(dalam_buleleng.admin_bkd)

    response = client.get(reverse("impor_contoh", args=[jenis]))

    lembar = load_workbook(io.BytesIO(response.content)).active
    format_kolom = {
        sel.value: lembar.column_dimensions[sel.column_letter].number_format for sel in lembar[1]
    }
    assert {k for k, f in format_kolom.items() if f == "@"} == teks


def test_contoh_of_an_unknown_kind_is_404(client, dalam_buleleng):
    client.force_login(dalam_buleleng.admin_bkd)
    assert client.get(reverse("impor_contoh", args=["anggaran"])).status_code == 404


# --- audit shown on the unit page ----------------------------------------------------------


def test_unit_history_lists_the_change_made_by_an_import(client, dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT, [[d.bidang.id_eksternal, "Bidang Penilaian", "32", d.bkpsdm.id_eksternal]]
    )
    impor = unggah(d.admin_bkd, isi, jenis="unit_kerja")
    impor = impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    impor_svc.impor_terapkan(impor=impor, by=d.admin_bkd)
    client.force_login(d.admin_bkd)

    html = client.get(reverse("kelola_unit_pimpinan", args=[d.bidang.pk])).content.decode()

    assert "Diubah lewat impor SI-ASN" in html
    assert "Bidang Penilaian" in html.split("Riwayat", 1)[1]


# --- queries -----------------------------------------------------------------------------


@pytest.mark.parametrize("jumlah", [3, 30])
def test_import_list_costs_constant_queries(
    client, dalam_buleleng, django_assert_num_queries, jumlah
):
    d = dalam_buleleng
    isi = xlsx(KOLOM_PEGAWAI, [baris_baru(d, 1)])
    for _ in range(jumlah):
        unggah(d.admin_bkd, isi)
    client.force_login(d.admin_bkd)

    # 1 session, 2 user (with instansi and admin_opd), 3 count of imports for the pager, 4 unread
    # notifications badge, 5 the page of imports with their uploader (select_related)
    with django_assert_num_queries(5):
        response = client.get(reverse("impor_daftar"))
    assert response.content.decode().count("Admin BKD</td>") == min(jumlah, 25)


@pytest.mark.parametrize("baris", [10, 200])
@pytest.mark.parametrize("bagian", ["baru", "galat"])
def test_dry_run_page_costs_constant_queries(
    client, dalam_buleleng, django_assert_num_queries, baris, bagian
):
    d = dalam_buleleng
    baru = [baris_baru(d, i) for i in range(baris)]
    ditolak = [
        ["1", f"Salah {i}", d.bidang.id_eksternal, "III/a", "Analis", "Jabatan Pelaksana"]
        for i in range(baris)
    ]
    impor = unggah(d.admin_opd, xlsx(KOLOM_PEGAWAI, baru + ditolak))
    assert (impor.jumlah["baru"], impor.jumlah["galat"]) == (baris, baris)
    client.force_login(d.admin_bkd)

    # 1 session, 2 user (with instansi and admin_opd), 3 the import with its uploader and
    # OPD (the plan is one JSON column, whatever its size), 4 unread notifications badge
    with django_assert_num_queries(4):
        response = client.get(url_impor(impor) + f"?bagian={bagian}")
    html = response.content.decode()
    assert "untuk BKPSDM" in html
    assert baris_tabel(html) == min(baris, 50)
