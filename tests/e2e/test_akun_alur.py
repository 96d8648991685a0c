"""Getting in, as people click it.

An account imported from SI-ASN has no password: the admin OPD prints an activation letter,
the pegawai types its code on the activation page, chooses a password, is made to set up
an authenticator app (the tenant requires two-factor of every role) and afterwards signs in
with its codes. And an instansi with its own OpenID Connect provider: the pegawai signs in
there (tests/oidc/penyedia.py, a real provider in a process of its own) and comes back
signed in to e-Kinerja; a NIP that is not one of the instansi's pegawai is turned away."""

import re
import subprocess
import time
import zipfile

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.socialaccount.models import SocialAccount
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from organisasi.models import Instansi, Pegawai
from tests.e2e.conftest import foto, halaman_baru, masuk, menu, menu_admin, pesan
from tests.factories import PegawaiFactory
from tests.oidc import atur_sso, penyedia_oidc

pytestmark = pytest.mark.e2e

KODE_AKTIVASI = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")
SANDI_BARU = "Lontar-Singaraja-77"
NIP_SSO, NIP_ASING = "199203152020121004", "199203152020121005"
SSO_BULELENG = "sso-buleleng"


def pencacah_totp() -> int:
    """The authenticator's current window (allauth's tolerance is 0: only this one counts)."""
    return next(yield_hotp_counters_from_time())


def kode_totp(rahasia: str, sesudah: int | None = None) -> str:
    """What the pegawai's authenticator app shows: read with a few seconds of the window
    left, so the window has not turned by the time the server checks it, and, given
    `sesudah`, from a later window, as the app shows it the next time the pegawai looks
    (allauth refuses a code at a sign-in that took it once already)."""
    while time.time() % mfa_settings.TOTP_PERIOD > mfa_settings.TOTP_PERIOD - 4 or (
        sesudah is not None and pencacah_totp() <= sesudah
    ):
        time.sleep(0.2)
    return format_hotp_value(hotp_value(rahasia, pencacah_totp()))


def beri_kode_autentikator(page, kode):
    """allauth's second step of the login, after the password."""
    page.get_by_label(re.compile(r"^Kode")).fill(kode)
    page.get_by_role("button", name="Masuk", exact=True).click()


def ke_beranda_sebagai(page, live_server, nama):
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("header .siapa")).to_contain_text(nama)


# ---- activation letter → password → authenticator → sign in with it ----------------------


def test_pegawai_activates_from_letter_sets_up_authenticator_and_signs_in_with_it(
    live_server, transactional_db, dunia, chromium, settings, tmp_path
):
    # CI sets a broker URL: the letters are printed in-process here, in the request.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media"
    staf = dunia.staf
    with scopes_disabled():
        buleleng = Instansi.objects.get(pk=dunia.buleleng.pk)
        buleleng.pengaturan.update(
            dua_langkah="wajib", dua_langkah_peran=["pegawai", "admin_opd", "admin_bkd"]
        )
        buleleng.save(update_fields=["pengaturan"])
        # As an SI-ASN import leaves it: no password the pegawai could know.
        Pegawai.objects.filter(pk=staf.pk).update(password="!impor")
    # The admin OPD of a tenant requiring two-factor has set theirs up long ago.
    rahasia_admin = generate_totp_secret()
    TOTP.activate(dunia.admin_opd, rahasia_admin)

    # ---- the admin OPD prints the staf's letter ----------------------------------------
    admin = halaman_baru(chromium)
    masuk(admin, live_server, dunia.admin_opd.nip)
    expect(admin).to_have_url(f"{live_server.url}/akun/2fa/authenticate/")
    foto(admin, "akun-01-admin-kode-autentikator")
    beri_kode_autentikator(admin, kode_totp(rahasia_admin))
    ke_beranda_sebagai(admin, live_server, dunia.admin_opd.nama)

    menu_admin(admin, "Aktivasi Akun")
    expect(admin).to_have_url(f"{live_server.url}/kelola/aktivasi/")
    expect(admin.get_by_role("heading", name="Aktivasi akun pegawai")).to_be_visible()
    foto(admin, "akun-02-kelola-aktivasi")
    admin.get_by_label("Satu pegawai").check()
    admin.get_by_label("NIP pegawai").fill(staf.nip)
    admin.get_by_role("button", name="Terbitkan").click()
    expect(pesan(admin)).to_contain_text("Penerbitan kode aktivasi masuk antrean")
    daftar = admin.locator("#daftar-aktivasi")
    expect(daftar.get_by_role("row").nth(1)).to_contain_text(f"Satu pegawai: {staf.nama}")
    expect(daftar.get_by_role("row").nth(1)).to_contain_text("1 kode diterbitkan")
    foto(admin, "akun-03-surat-siap")
    with admin.expect_download() as unduhan:
        daftar.get_by_role("link", name="Unduh surat (ZIP)").click()
    assert re.fullmatch(r"surat-aktivasi-\d+\.zip", unduhan.value.suggested_filename)
    arsip = tmp_path / "surat.zip"
    unduhan.value.save_as(arsip)
    with zipfile.ZipFile(arsip) as z:
        assert z.namelist() == ["surat-aktivasi-001.pdf"]
        surat_pdf = tmp_path / "surat.pdf"
        surat_pdf.write_bytes(z.read("surat-aktivasi-001.pdf"))
    teks_surat = subprocess.run(
        ["pdftotext", "-layout", str(surat_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert staf.nip in teks_surat
    assert staf.nama in teks_surat
    kode = KODE_AKTIVASI.findall(teks_surat)
    assert len(set(kode)) == 1, teks_surat
    kode = kode[0]

    # ---- the staf activates the account with the letter --------------------------------
    page = halaman_baru(chromium)
    page.goto(f"{live_server.url}/akun/aktivasi/")
    expect(page.get_by_role("heading", name="Aktivasi akun e-Kinerja")).to_be_visible()
    page.get_by_label(re.compile(r"^NIP")).fill(staf.nip)
    page.get_by_label("Kode aktivasi").fill(kode)
    page.get_by_label(re.compile(r"^Kata sandi baru")).fill(SANDI_BARU)
    page.get_by_label("Ulangi kata sandi baru").fill(SANDI_BARU)
    foto(page, "akun-04-aktivasi-diisi")
    page.get_by_role("button", name="Aktifkan akun").click()

    expect(page).to_have_url(re.compile(rf"/akun/masuk/\?nip={staf.nip}$"))
    expect(pesan(page)).to_contain_text("Akun Anda aktif")
    expect(page.get_by_label("NIP")).to_have_value(staf.nip)
    foto(page, "akun-05-masuk-sesudah-aktivasi")
    page.get_by_label("Kata sandi").fill(SANDI_BARU)
    page.get_by_role("button", name="Masuk", exact=True).click()

    # ---- made to set up an authenticator before anything else --------------------------
    expect(page).to_have_url(re.compile(r"/akun/(2fa/totp/activate|reauthenticate)/"))
    expect(page.locator("ul.pesan")).to_contain_text(
        "Instansi Anda mewajibkan verifikasi dua langkah untuk peran Anda."
    )
    if "/akun/reauthenticate/" in page.url:
        foto(page, "akun-06a-konfirmasi-sandi")
        # allauth counts only a password typed on this page, not the login a moment ago.
        page.get_by_label(re.compile("sandi", re.IGNORECASE)).fill(SANDI_BARU)
        page.get_by_role("button", name="Konfirmasi").click()
    expect(page).to_have_url(f"{live_server.url}/akun/2fa/totp/activate/")
    foto(page, "akun-06-pasang-autentikator")
    rahasia = page.get_by_label("Rahasia autentikator").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", rahasia), rahasia
    page.get_by_label(re.compile(r"^Kode autentikator")).fill(kode_totp(rahasia))
    jendela_pasang = pencacah_totp()
    page.get_by_role("button", name="Aktifkan").click()
    # allauth hands out recovery codes with it, shown once; from there the menu leads on.
    expect(page).to_have_url(f"{live_server.url}/akun/2fa/recovery-codes/")
    expect(pesan(page).first).to_have_text("Aplikasi autentikator diaktifkan.")
    expect(page.get_by_role("heading", name="Kode Pemulihan")).to_be_visible()
    foto(page, "akun-07-kode-pemulihan")
    with scopes_disabled():
        assert Authenticator.objects.filter(user=staf, type=Authenticator.Type.TOTP).exists()

    menu(page, "Beranda")
    ke_beranda_sebagai(page, live_server, staf.nama)
    foto(page, "akun-08-beranda")

    # ---- signs out, and back in with password and authenticator ------------------------
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(f"{live_server.url}/akun/masuk/")
    masuk(page, live_server, staf.nip, SANDI_BARU)
    expect(page).to_have_url(f"{live_server.url}/akun/2fa/authenticate/")
    foto(page, "akun-09-minta-kode")
    # A code of a later window than the setup's: allauth (65.x) does not mark the setup's
    # code used and would take it again, but the test should not depend on that.
    beri_kode_autentikator(page, kode_totp(rahasia, sesudah=jendela_pasang))
    ke_beranda_sebagai(page, live_server, staf.nama)
    foto(page, "akun-10-beranda-dengan-kode")


# ---- single sign-on through the instansi's OpenID Connect provider -----------------------


@pytest.fixture(scope="module")
def penyedia(live_server, tmp_path_factory):
    """tests/oidc/penyedia.py on a free port, sending the browser back to the live server."""
    kembali = f"{live_server.url}/akun/oidc/{SSO_BULELENG}/login/callback/"
    with penyedia_oidc(tmp_path_factory.mktemp("oidc"), kembali, [NIP_SSO, NIP_ASING]) as issuer:
        yield issuer


def lewat_penyedia(page, live_server, nip, nama_foto):
    """From e-Kinerja's login page to the provider's own form, signed in there as `nip`."""
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_role("button", name="Masuk dengan SSO · Pemerintah Kabupaten Buleleng").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/masuk/\?next="))
    page.locator("input[name=username]").fill(nip)
    page.locator("input[name=password]").fill("sandi-sso")
    foto(page, nama_foto)
    # Enter would do nothing: a form without a submit button is submitted implicitly only
    # when it has a single text field (HTML spec), and this one has two. Submitted as the
    # browser would on a button press.
    page.locator("form").evaluate("form => form.requestSubmit()")


def test_pegawai_signs_in_through_instansi_sso_and_a_stranger_is_turned_away(
    live_server, transactional_db, dunia, chromium, penyedia
):
    atur_sso(dunia.buleleng, dunia.admin_bkd, penyedia)
    with scopes_disabled():
        pegawai_sso = PegawaiFactory(
            instansi=dunia.buleleng, unit_kerja=dunia.bidang, nip=NIP_SSO, nama="Wayan SSO"
        )

    page = halaman_baru(chromium)
    page.goto(f"{live_server.url}/akun/masuk/")
    foto(page, "sso-01-halaman-masuk")
    lewat_penyedia(page, live_server, NIP_SSO, "sso-02-penyedia")
    ke_beranda_sebagai(page, live_server, "Wayan SSO")
    foto(page, "sso-03-beranda")
    with scopes_disabled():
        akun = SocialAccount.objects.get(provider=SSO_BULELENG)
    assert akun.user_id == pegawai_sso.pk

    asing = halaman_baru(chromium)
    lewat_penyedia(asing, live_server, NIP_ASING, "sso-04-penyedia-nip-asing")
    expect(asing).to_have_url(f"{live_server.url}/akun/masuk/")
    expect(pesan(asing)).to_contain_text(
        f"NIP {NIP_ASING}) tidak terdaftar sebagai pegawai Pemerintah Kabupaten Buleleng"
    )
    expect(asing.locator("header .siapa")).to_have_count(0)
    foto(asing, "sso-05-ditolak")
    with scopes_disabled():
        assert SocialAccount.objects.count() == 1
