"""Issue 17 (single sign-on): an instansi's OpenID Connect provider, end to end against a
real provider (tests/oidc/penyedia.py: django-oauth-toolkit in a process of its own on a
free port): discovery, authorization code with PKCE, the token endpoint, the ID token's
RS256 signature against the provider's JWKS. Nothing of it is mocked.

The NIP claim maps to an existing pegawai of that instansi only: no account is created,
an unknown NIP and another instansi's NIP are refused."""

from urllib.parse import urljoin

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.urls import reverse
from django_scopes import scopes_disabled

from organisasi.models import Instansi
from tests.bantuan import masuk, teks
from tests.factories import PegawaiFactory
from tests.oidc import atur_sso, penyedia_oidc

pytest.importorskip("oauth2_provider", reason="butuh django-oauth-toolkit (pip install .[test])")

NIP_BULELENG, NIP_LAIN, NIP_ASING = "199001012020011001", "199001012020011002", "199001012020011003"
KEMBALI = "http://testserver/akun/oidc/sso-buleleng/login/callback/"


@pytest.fixture(scope="module")
def penyedia(tmp_path_factory):
    with penyedia_oidc(
        tmp_path_factory.mktemp("oidc"), KEMBALI, [NIP_BULELENG, NIP_LAIN, NIP_ASING]
    ) as issuer:
        yield issuer


@pytest.fixture
def sso(penyedia, dunia):
    """Buleleng's SSO configured through the service, as BKD does on its settings page;
    a pegawai of Buleleng and one of another instansi hold the provider's NIPs."""
    atur_sso(dunia.buleleng, dunia.admin_bkd, penyedia)
    with scopes_disabled():
        dunia.pegawai_sso = PegawaiFactory(
            instansi=dunia.buleleng, unit_kerja=dunia.bidang, nip=NIP_BULELENG
        )
        PegawaiFactory(instansi=dunia.lain, unit_kerja=dunia.opd_lain, nip=NIP_LAIN)
    return dunia


def lewat_penyedia(client, nip):
    """Press "Masuk dengan SSO", sign in at the provider as `nip`, come back."""
    response = client.post(
        reverse("openid_connect_login", args=["sso-buleleng"]), {"process": "login"}
    )
    assert response.status_code == 302
    otorisasi = response.url
    assert "code_challenge=" in otorisasi and "code_challenge_method=S256" in otorisasi
    penjelajah = requests.Session()
    r = penjelajah.get(otorisasi, allow_redirects=False)  # not signed in there: its login
    r = penjelajah.post(
        urljoin(otorisasi, r.headers["Location"]),
        {"username": nip, "password": "sandi-sso"},
        allow_redirects=False,
    )
    r = penjelajah.get(urljoin(otorisasi, r.headers["Location"]), allow_redirects=False)
    kembali = r.headers["Location"]
    assert kembali.startswith(KEMBALI) and "code=" in kembali
    return client.get(kembali.removeprefix("http://testserver"))


def test_the_login_page_offers_the_instansi_sso(client, sso):
    assert "Masuk dengan SSO · Pemerintah Kabupaten Buleleng" in teks(client.get(reverse("login")))


def test_a_pegawai_signs_in_through_the_provider(client, sso):
    response = lewat_penyedia(client, NIP_BULELENG)
    assert response.status_code == 302, teks(response)
    beranda = client.get(reverse("beranda"))
    assert beranda.status_code == 200 and beranda.wsgi_request.user.pk == sso.pegawai_sso.pk
    # Linked to that pegawai, not a new account; the next sign-in is checked again.
    with scopes_disabled():
        assert SocialAccount.objects.get(provider="sso-buleleng").user_id == sso.pegawai_sso.pk
    client.logout()
    assert lewat_penyedia(client, NIP_BULELENG).status_code == 302


@pytest.mark.parametrize("nip", [NIP_ASING, NIP_LAIN], ids=["tak-dikenal", "instansi-lain"])
def test_a_nip_not_of_this_instansi_is_refused_and_nothing_is_created(client, sso, nip):
    with scopes_disabled():
        sebelum = Instansi.objects.count(), SocialAccount.objects.count()
    response = lewat_penyedia(client, nip)
    assert response.status_code == 302 and response.url == reverse("login")
    halaman = teks(client.get(reverse("login")))
    assert f"NIP {nip}) tidak terdaftar sebagai pegawai Pemerintah Kabupaten Buleleng" in halaman
    assert client.get(reverse("beranda")).status_code == 302  # not logged in
    with scopes_disabled():
        assert (Instansi.objects.count(), SocialAccount.objects.count()) == sebelum


def test_an_id_token_not_signed_by_the_published_keys_is_refused(client, sso, penyedia):
    app = SocialApp.objects.get(provider_id="sso-buleleng")
    app.settings["openid_configuration_overrides"] = {
        "jwks_uri": penyedia.removesuffix("/o") + "/jwks-lain/"
    }
    app.save()
    response = lewat_penyedia(client, NIP_BULELENG)
    # Refused with allauth's sign-in error page (allauth alone would skip this check for a
    # token fetched directly from the token endpoint, and let this one in).
    assert response.status_code < 500
    assert client.get(reverse("beranda")).status_code == 302
    with scopes_disabled():
        assert not SocialAccount.objects.exists()


def test_password_login_can_be_closed_once_sso_works(client, sso):
    masuk(client, sso.admin_bkd)
    data = {"aksi": "sso", "issuer": "", "client_id": "", "klaim_nip": "nip"}
    halaman = teks(client.post(reverse("pengaturan_instansi"), data))  # login_sandi unticked
    assert "hanya dapat dimatikan bila SSO diatur" in halaman
    data.update(issuer=app_issuer(), client_id="ekinerja")
    assert client.post(reverse("pengaturan_instansi"), data).status_code == 302
    client.logout()

    response = client.post(reverse("login"), {"login": sso.staf.nip, "password": "rahasia-uji-123"})
    assert "Instansi Anda masuk lewat SSO" in teks(response)
    assert lewat_penyedia(client, NIP_BULELENG).status_code == 302
    # Another instansi's password login is untouched.
    client.logout()
    response = client.post(
        reverse("login"), {"login": sso.admin_lain.nip, "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302


def app_issuer() -> str:
    return SocialApp.objects.get(provider_id="sso-buleleng").settings["server_url"]
