"""Issue 16 (1, 7): one admin typo must not break a tenant. A jadwal in year 1 is refused
beside the field by the form and by the service, and the lock and reminder jobs go on to
the next tenant when one tenant's data breaks them."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from jadwal import rules, services, tasks
from jadwal.models import Jadwal
from tests.bantuan import masuk, teks


def test_a_jadwal_in_year_1_is_refused_beside_the_field_and_nothing_is_saved(client, dunia):
    masuk(client, dunia.admin_bkd)
    response = client.post(
        reverse("jadwal_daftar"),
        {
            "jadwal-langkah": rules.PENYUSUNAN_SKP,
            "jadwal-kode": "",
            "jadwal-mulai": "0001-01-01T00:00",
            "jadwal-batas": "2026-01-31T23:59",
        },
    )
    halaman = teks(response)
    assert response.status_code == 200
    assert "Tahun harus antara 2000 dan 2100." in halaman
    assert 'value="0001-01-01T00:00"' in halaman  # what was typed stays
    with scopes_disabled():
        assert not Jadwal.objects.exists()
    # The page and a corrected jadwal still work.
    assert client.get(reverse("jadwal_daftar")).status_code == 200


def test_the_service_refuses_a_year_outside_2000_2100(dunia):
    with scope(instansi=dunia.buleleng.pk), pytest.raises(ValidationError) as galat:
        services.jadwal_simpan(
            langkah=rules.PENYUSUNAN_SKP,
            tahun=2026,
            kode="",
            mulai=timezone.make_aware(datetime(1, 1, 2)),
            batas=timezone.make_aware(datetime(2026, 1, 31)),
            by=dunia.admin_bkd,
        )
    assert "Tahun harus antara 2000 dan 2100." in str(galat.value)


def test_a_tenant_that_breaks_the_jobs_does_not_stop_the_others_and_its_admin_is_told(
    client, dunia, monkeypatch, caplog
):
    dilayani = []
    asli = services.pengingat_kirim
    rusak = {dunia.buleleng.pk}

    def pengingat(*, sekarang):
        from django_scopes import get_scope

        instansi_id = get_scope()["instansi"]
        if instansi_id in rusak:
            raise OverflowError("date value out of range")  # what year 1 did
        dilayani.append(instansi_id)
        return asli(sekarang=sekarang)

    monkeypatch.setattr(services, "pengingat_kirim", pengingat)
    tasks.kirim_pengingat()
    assert dunia.lain.pk in dilayani
    assert "kirim_pengingat gagal untuk instansi" in caplog.text

    # Buleleng's admin BKD sees it on the jadwal page; the other instansi's admin does not.
    masuk(client, dunia.admin_bkd)
    halaman = teks(client.get(reverse("jadwal_daftar")))
    assert "Pengingat tenggat gagal untuk instansi ini" in halaman
    assert "OverflowError: date value out of range" in halaman
    masuk(client, dunia.admin_lain)
    assert "gagal untuk instansi ini" not in teks(client.get(reverse("jadwal_daftar")))

    # Repaired: the next run succeeds there and the report is gone.
    rusak.clear()
    tasks.kirim_pengingat()
    masuk(client, dunia.admin_bkd)
    assert "gagal untuk instansi ini" not in teks(client.get(reverse("jadwal_daftar")))


def test_progres_csv_neutralises_a_unit_named_like_a_formula(client, dunia):
    """Issue 16 (7): a unit named `=HYPERLINK(...)` is written as text in the CSV."""
    import csv
    import io

    with scopes_disabled():
        dunia.bidang.nama = '=HYPERLINK("http://contoh.invalid","klik")'
        dunia.bidang.save(update_fields=["nama"])
    masuk(client, dunia.admin_bkd)
    response = client.get(reverse("skp_progres") + "?tahun=2026&format=csv")
    baris = list(csv.reader(io.StringIO(response.content.decode())))
    nama = [b[0] for b in baris[1:]]
    assert '\'=HYPERLINK("http://contoh.invalid","klik")' in nama
    assert not any(n.startswith(("=", "+", "-", "@")) for n in nama)
