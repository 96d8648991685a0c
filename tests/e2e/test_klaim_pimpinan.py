"""Klaim Pimpinan as a person clicks it: log in, claim one's unit as Plt., a colleague
sees who leads, then release it."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from organisasi.models import UnitKerja
from tests.e2e.conftest import foto, halaman_baru, masuk
from tests.factories import PegawaiFactory

pytestmark = pytest.mark.e2e


def pimpinan_di_db(unit):
    with scopes_disabled():
        unit = UnitKerja.objects.select_related("pimpinan").get(pk=unit.pk)
    return unit.pimpinan, unit.status_pimpinan


def buka_tab_klaim(page):
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Profil").click()
    expect(page.get_by_role("heading", name="Data Pegawai")).to_be_visible()
    page.get_by_role("navigation", name="Tab profil").get_by_role(
        "link", name="Klaim Pimpinan"
    ).click()
    expect(page).to_have_url(re.compile(r"/profil/\?tab=pimpinan$"))


def test_pegawai_claims_unit_as_plt_colleague_sees_it_then_releases(
    live_server, transactional_db, dunia, chromium
):
    unit = dunia.subbidang
    with scopes_disabled():
        kasubbid = PegawaiFactory(
            instansi=dunia.buleleng, unit_kerja=unit, nama="Made Kasubbid Penilaian"
        )
        rekan = PegawaiFactory(
            instansi=dunia.buleleng, unit_kerja=unit, nama="Ketut Staf Penilaian"
        )
    assert pimpinan_di_db(unit) == (None, "")

    page = halaman_baru(chromium)
    masuk(page, live_server, kasubbid.nip)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Selamat datang, Made Kasubbid")).to_be_visible()
    foto(page, "klaim-01-beranda")

    buka_tab_klaim(page)
    expect(page.locator("section.tab-isi")).to_contain_text(
        "unit kerjanya sendiri: Subbidang Penilaian"
    )
    foto(page, "klaim-02-tab-klaim")
    page.get_by_label("Status pimpinan").select_option(label="Plt.")
    page.get_by_test_id("klaim-pimpinan").click()

    expect(page.get_by_role("status")).to_have_text(
        "Anda kini tercatat sebagai pimpinan Subbidang Penilaian."
    )
    expect(page.get_by_test_id("lepas-pimpinan")).to_have_text("Lepas Pimpinan Unit Kerja")
    expect(page.get_by_test_id("klaim-pimpinan")).to_have_count(0)
    foto(page, "klaim-03-sesudah-klaim")
    pimpinan, status = pimpinan_di_db(unit)
    assert pimpinan == kasubbid
    assert status == "plt"

    halaman_rekan = halaman_baru(chromium)
    masuk(halaman_rekan, live_server, rekan.nip)
    expect(halaman_rekan.get_by_role("heading", name="Selamat datang, Ketut")).to_be_visible()
    # The claim is what makes the Plt. the colleague's pejabat penilai.
    expect(halaman_rekan.locator("dt:text-is('Pejabat penilai') + dd")).to_contain_text(
        "Made Kasubbid Penilaian"
    )
    foto(halaman_rekan, "klaim-04-beranda-rekan")
    buka_tab_klaim(halaman_rekan)
    expect(halaman_rekan.get_by_text("Pimpinan Subbidang Penilaian saat ini:")).to_be_visible()
    # Name, status and NIP, in whichever wording the label gives the status.
    expect(halaman_rekan.locator("section.tab-isi strong")).to_have_text(
        f"Made Kasubbid Penilaian (Plt.) - {kasubbid.nip}"
    )
    expect(halaman_rekan.get_by_test_id("klaim-pimpinan")).to_have_count(0)
    expect(halaman_rekan.get_by_test_id("lepas-pimpinan")).to_have_count(0)
    foto(halaman_rekan, "klaim-05-tab-klaim-rekan")

    # Lepas asks for confirmation first: the bawahan lose their penilai.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("lepas-pimpinan").click()
    expect(page.get_by_role("status")).to_have_text(
        "Anda tidak lagi tercatat sebagai pimpinan Subbidang Penilaian."
    )
    expect(page.get_by_test_id("klaim-pimpinan")).to_be_visible()
    foto(page, "klaim-06-sesudah-lepas")
    assert pimpinan_di_db(unit) == (None, "")


def test_wrong_password_shows_error_beside_login_form(
    live_server, transactional_db, dunia, chromium
):
    page = halaman_baru(chromium)
    masuk(page, live_server, dunia.staf.nip, kata_sandi="bukan-sandinya")

    form = page.locator("form", has=page.get_by_role("button", name="Masuk"))
    expect(form.get_by_role("alert")).to_contain_text("NIP atau kata sandi salah")
    expect(page).to_have_url(f"{live_server.url}/akun/masuk/")
    expect(page.get_by_label("NIP")).to_have_value(dunia.staf.nip)
    expect(page.get_by_role("navigation", name="Menu utama")).to_have_count(0)
    foto(page, "login-sandi-salah")
