"""Issue 17 (keeping access, two-factor): login through django-allauth with a TOTP or a
recovery code, the tenant's requirement per role, an admin resetting a lost device,
password reset only to a verified e-mail, and the list of one's sessions.

Personas (tests/conftest.py bangun_dunia); their password is rahasia-uji-123."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from inti.models import Jejak
from organisasi.models import Instansi, Notifikasi
from tests.bantuan import masuk, teks

SANDI = "rahasia-uji-123"


def kode_totp(rahasia: str) -> str:
    return format_hotp_value(hotp_value(rahasia, next(yield_hotp_counters_from_time())))


def pasang_totp(pegawai) -> str:
    rahasia = generate_totp_secret()
    TOTP.activate(pegawai, rahasia)
    return rahasia


def login(client, pegawai, sandi=SANDI):
    return client.post(reverse("login"), {"login": pegawai.nip, "password": sandi})


def wajibkan(instansi, peran=("admin_bkd", "admin_opd")):
    with scopes_disabled():
        i = Instansi.objects.get(pk=instansi.pk)
        i.pengaturan.update(dua_langkah="wajib", dua_langkah_peran=list(peran))
        i.save(update_fields=["pengaturan"])


def test_a_pegawai_with_totp_gives_the_code_after_the_password(client, dunia):
    rahasia = pasang_totp(dunia.staf)
    response = login(client, dunia.staf)
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    # Not logged in yet: the app's pages send back to the login.
    assert client.get(reverse("beranda")).status_code == 302
    halaman = teks(client.get(reverse("mfa_authenticate")))
    assert "Kode" in halaman or "kode" in halaman
    salah = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert salah.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": kode_totp(rahasia)})
    assert response.status_code == 302
    assert client.get(reverse("beranda")).status_code == 200


def test_a_recovery_code_replaces_a_lost_device_once(client, dunia):
    pasang_totp(dunia.staf)
    kode = RecoveryCodes.activate(dunia.staf).get_unused_codes()[0]
    login(client, dunia.staf)
    assert client.post(reverse("mfa_authenticate"), {"code": kode}).status_code == 302
    client.logout()
    login(client, dunia.staf)
    assert client.post(reverse("mfa_authenticate"), {"code": kode}).status_code == 200


def test_the_tenant_requires_two_factor_of_its_admins_only(client, dunia):
    wajibkan(dunia.buleleng)
    assert login(client, dunia.admin_opd).status_code == 302
    response = client.get(reverse("kelola_pegawai"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    # The way out: setting up asks the password again (allauth), then shows the QR code.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    url_ulang = response.redirect_chain[-1][0]
    assert reverse("account_reauthenticate") in url_ulang
    response = client.post(url_ulang, {"password": SANDI}, follow=True)
    assert "otpauth" in teks(response) or "data:image" in teks(response)
    # A pegawai of the same tenant is not required; another tenant's admin neither.
    masuk(client, dunia.staf)
    assert client.get(reverse("beranda")).status_code == 200
    masuk(client, dunia.admin_lain)
    assert client.get(reverse("kelola_pegawai")).status_code == 200

    # Once set up, the admin works, and the session remembers it (no query per page).
    pasang_totp(dunia.admin_opd)
    masuk(client, dunia.admin_opd)
    assert client.get(reverse("kelola_pegawai")).status_code == 200


def test_bkd_sets_the_requirement_on_the_settings_page(client, dunia):
    masuk(client, dunia.admin_bkd)
    data = {"aksi": "pengaturan", "lokasi_cetak": "Singaraja", "dua_langkah": "wajib"}
    response = client.post(reverse("pengaturan_instansi"), data)
    assert "Centang paling sedikit satu peran" in teks(response)
    data["dua_langkah_peran"] = ["admin_bkd", "pegawai"]
    assert client.post(reverse("pengaturan_instansi"), data).status_code == 302
    with scopes_disabled():
        i = Instansi.objects.get(pk=dunia.buleleng.pk)
    assert (i.dua_langkah, i.dua_langkah_peran) == ("wajib", ["admin_bkd", "pegawai"])


def test_an_admin_resets_a_lost_device_the_pegawai_is_told_and_signed_out(client, dunia):
    pasang_totp(dunia.staf)
    rahasia_sesi = login(client, dunia.staf)
    assert rahasia_sesi.status_code == 302
    with scopes_disabled():
        UserSession.objects.create(user=dunia.staf, session_key="sesi-lama", ip="10.0.0.1")
    lain = client.__class__()
    masuk(lain, dunia.admin_dinkes)  # another OPD's admin: not theirs
    url = reverse("kelola_dua_langkah_reset", args=[dunia.staf.pk])
    assert lain.post(url).status_code == 404
    masuk(lain, dunia.admin_lain)  # another tenant
    assert lain.post(url).status_code == 404
    assert Authenticator.objects.filter(user=dunia.staf).exists()

    masuk(lain, dunia.admin_opd)
    assert "Reset verifikasi dua langkah" in teks(
        lain.get(reverse("kelola_pegawai_ubah", args=[dunia.staf.pk]))
    )
    assert lain.post(url).status_code == 302
    assert not Authenticator.objects.filter(user=dunia.staf).exists()
    assert not UserSession.objects.filter(user=dunia.staf).exists()
    with scopes_disabled():
        assert Notifikasi.objects.filter(penerima=dunia.staf, judul__contains="direset").exists()
        assert Jejak.objects.filter(aksi="dua_langkah_reset", objek_id=dunia.staf.pk).exists()
    # Nothing to reset any more: said beside the button, nothing breaks.
    lain.post(url)
    assert "belum memasang" in teks(lain.get(reverse("kelola_pegawai_ubah", args=[dunia.staf.pk])))


@pytest.mark.parametrize("terverifikasi", [True, False])
def test_password_reset_mails_only_a_verified_address(client, dunia, terverifikasi):
    with scopes_disabled():
        dunia.staf.email = "staf@contoh.go.id"
        dunia.staf.save(update_fields=["email"])
    EmailAddress.objects.create(
        user=dunia.staf, email="staf@contoh.go.id", verified=terverifikasi, primary=True
    )
    response = client.post(reverse("account_reset_password"), {"email": "staf@contoh.go.id"})
    assert response.status_code == 302  # the same answer either way
    tautan = [m for m in mail.outbox if re.search(r"/akun/password/reset/key/", m.body)]
    assert bool(tautan) == terverifikasi
    if terverifikasi:
        url = re.search(r"https?://[^/\s]+(/akun/password/reset/key/\S+)", tautan[0].body)[1]
        form = client.get(url, follow=True)
        assert form.status_code == 200
        response = client.post(
            form.redirect_chain[-1][0] if form.redirect_chain else url,
            {"password1": "Sandi-Baru-2026", "password2": "Sandi-Baru-2026"},
        )
        assert response.status_code == 302
        assert login(client, dunia.staf, "Sandi-Baru-2026").status_code == 302


def test_one_sees_ones_sessions_and_the_account_page(client, dunia):
    assert login(client, dunia.staf).status_code == 302
    assert UserSession.objects.filter(user=dunia.staf).count() == 1
    halaman = teks(client.get(reverse("akun")))
    assert "Verifikasi dua langkah" in halaman and "1 perangkat" in halaman
    assert client.get(reverse("usersessions_list")).status_code == 200


def test_a_new_password_signs_the_other_devices_out(client, dunia):
    lain = client.__class__()
    assert login(lain, dunia.staf).status_code == 302
    assert login(client, dunia.staf).status_code == 302
    assert UserSession.objects.filter(user=dunia.staf).count() == 2
    response = client.post(
        reverse("password_change"),
        {"oldpassword": SANDI, "password1": "Sandi-Baru-2026", "password2": "Sandi-Baru-2026"},
    )
    assert response.status_code == 302
    assert UserSession.objects.filter(user=dunia.staf).count() == 1
    assert client.get(reverse("beranda")).status_code == 200  # this device stays
    assert lain.get(reverse("beranda")).status_code == 302  # the other is out


def test_a_pegawai_adds_and_verifies_an_email_on_the_account_page(client, dunia):
    assert login(client, dunia.staf).status_code == 302
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "staf.baru@contoh.go.id"}
    )
    assert response.status_code == 302
    alamat = EmailAddress.objects.get(user=dunia.staf, email="staf.baru@contoh.go.id")
    assert not alamat.verified
    url = re.search(r"https?://[^/\s]+(/akun/confirm-email/\S+)", mail.outbox[-1].body)[1]
    assert client.post(url).status_code == 302
    alamat.refresh_from_db()
    assert alamat.verified
    assert "terverifikasi" in teks(client.get(reverse("akun")))
