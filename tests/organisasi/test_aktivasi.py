"""Issue 17 (getting in the first time): an admin issues one-time activation codes, printed
as letters (one PDF page per pegawai, read back with pdftotext) and e-mailed where an
address is known; the pegawai activates with NIP + code and a password of their own.

Personas (tests/conftest.py bangun_dunia): admin_opd manages BKPSDM (staf and kabid are in
its Bidang PKAP), admin_dinkes another OPD, admin_lain another instansi."""

import io
import re
import shutil
import subprocess
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from inti.models import Jejak
from organisasi import aktivasi
from organisasi.models import Aktivasi, Pegawai, SuratAktivasi
from tests.bantuan import masuk, teks
from tests.conftest import butuh_layanan, per_modul
from tests.factories import PegawaiFactory

dunia = per_modul("dunia_modul")
KODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
SANDI = "Rahasia-Baru-2026"


@pytest.fixture
def terbit(settings, media_modul, django_capture_on_commit_callbacks):
    """Issue through the admin page; the job runs on commit, in-process."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    try:
        import weasyprint  # noqa: F401
    except OSError:
        butuh_layanan("membutuhkan Pango untuk WeasyPrint")
    if shutil.which("pdftotext") is None:
        butuh_layanan("membutuhkan pdftotext (poppler-utils)")

    def kirim(client, admin, **data):
        masuk(client, admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("kelola_aktivasi"), {"hanya_belum_aktif": "on", **data})
        return response

    return kirim


def surat_teks(client, surat) -> str:
    """The text of every letter of a job's ZIP, as the admin downloads it."""
    response = client.get(reverse("kelola_aktivasi_unduh", args=[surat.pk]))
    assert response.status_code == 200
    isi = b"".join(response.streaming_content)
    teks_semua = []
    with zipfile.ZipFile(io.BytesIO(isi)) as z:
        for nama in sorted(z.namelist()):
            keluar = subprocess.run(
                ["pdftotext", "-layout", "-", "-"], input=z.read(nama), capture_output=True
            )
            teks_semua.append(keluar.stdout.decode())
    return "\f".join(teks_semua)


def bisa_masuk(client, nip, sandi) -> bool:
    client.logout()
    response = client.post(reverse("login"), {"login": nip, "password": sandi})
    return response.status_code == 302


def belum_aktif(*pegawai):
    with scopes_disabled():
        Pegawai.objects.filter(pk__in=[p.pk for p in pegawai]).update(password="!impor")


def test_letters_for_a_unit_carry_a_code_that_activates_once(client, dunia, terbit):
    d = dunia
    belum_aktif(d.staf, d.kabid)
    with scopes_disabled():
        Pegawai.objects.filter(pk=d.staf.pk).update(email="staf@contoh.go.id")
    response = terbit(client, d.admin_opd, lingkup="unit", unit=d.bidang.pk)
    assert response.status_code == 302
    with scopes_disabled():
        surat = SuratAktivasi.objects.get(oleh=d.admin_opd)
    assert (surat.status, surat.jumlah, surat.terkirim_email) == ("siap", 2, 1)

    halaman = surat_teks(client, surat).split("\f")
    halaman = [h for h in halaman if h.strip()]
    assert len(halaman) == 2  # one page per pegawai
    staf = next(h for h in halaman if d.staf.nip in h)
    assert "Surat Aktivasi Akun e-Kinerja" in staf and "Bidang PKAP" in staf
    (kode,) = KODE.findall(staf)
    # The e-mail carries the same code; only its keyed hash is stored.
    assert kode in mail.outbox[0].body and mail.outbox[0].to == ["staf@contoh.go.id"]
    with scopes_disabled():
        assert not Aktivasi.objects.filter(sidik__icontains=kode.replace("-", "")).exists()

    client.logout()
    response = client.post(
        reverse("aktivasi"),
        {
            "nip": d.staf.nip,
            "kode": kode.lower(),  # as typed on a phone
            "kata_sandi": SANDI,
            "kata_sandi_ulang": SANDI,
        },
    )
    assert response.status_code == 302 and f"nip={d.staf.nip}" in response.url
    assert bisa_masuk(client, d.staf.nip, SANDI)
    client.logout()

    # Used up: a second activation with it is refused, the password stays.
    response = client.post(
        reverse("aktivasi"),
        {
            "nip": d.staf.nip,
            "kode": kode,
            "kata_sandi": "Lain-2026-x",
            "kata_sandi_ulang": "Lain-2026-x",
        },
    )
    assert aktivasi.GALAT_KODE in teks(response)
    assert bisa_masuk(client, d.staf.nip, SANDI)
    with scopes_disabled():
        assert set(
            Jejak.objects.filter(objek_id=d.staf.pk, objek_tipe="organisasi.Pegawai").values_list(
                "aksi", flat=True
            )
        ) >= {"aktivasi_terbitkan", "aktivasi_pakai"}


def test_a_large_job_runs_in_steps_each_its_own_pdf_and_a_repeated_step_does_nothing(
    client, dunia, terbit, monkeypatch
):
    # SURAT_PER_PDF letters per step (500); one here, so three pegawai are three steps,
    # each queueing the next (eager here), and three PDFs in the ZIP.
    monkeypatch.setattr(aktivasi, "SURAT_PER_PDF", 1)
    belum_aktif(dunia.staf, dunia.kabid, dunia.kepala)
    terbit(client, dunia.admin_opd, lingkup="opd", unit=dunia.bkpsdm.pk)
    with scopes_disabled():
        surat = SuratAktivasi.objects.get(oleh=dunia.admin_opd)
        assert (surat.status, surat.jumlah, surat.selesai, surat.urutan) == ("siap", 3, 3, [])
        assert Aktivasi.objects.filter(surat=surat, dicabut_pada=None).count() == 3
    response = client.get(reverse("kelola_aktivasi_unduh", args=[surat.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as z:
        assert sorted(z.namelist()) == [f"surat-aktivasi-00{n}.pdf" for n in (1, 2, 3)]
    # A step delivered again after the job is done changes nothing.
    with scopes_disabled():
        assert aktivasi.surat_aktivasi_langkah(surat_id=surat.pk) is False
        assert Aktivasi.objects.filter(surat=surat).count() == 3


def test_a_wrong_code_and_an_unknown_nip_get_the_same_answer_and_are_throttled(
    client, dunia, settings
):
    settings.AKTIVASI_GAGAL_PER_NIP = 3
    data = {"kode": "AAAA-BBBB-CCCC", "kata_sandi": SANDI, "kata_sandi_ulang": SANDI}
    salah = teks(client.post(reverse("aktivasi"), {**data, "nip": dunia.staf.nip}))
    tak_ada = teks(client.post(reverse("aktivasi"), {**data, "nip": "199001012020011999"}))
    assert aktivasi.GALAT_KODE in salah and aktivasi.GALAT_KODE in tak_ada
    client.post(reverse("aktivasi"), {**data, "nip": dunia.staf.nip})
    client.post(reverse("aktivasi"), {**data, "nip": dunia.staf.nip})
    assert "Terlalu banyak percobaan aktivasi untuk NIP ini" in teks(
        client.post(reverse("aktivasi"), {**data, "nip": dunia.staf.nip})
    )


def test_an_expired_or_replaced_code_does_not_activate(dunia):
    d = dunia
    with scopes_disabled():
        surat = SuratAktivasi.objects.create(
            instansi=d.buleleng, lingkup="pegawai", pegawai=d.staf, oleh=d.admin_opd
        )
        lama = Aktivasi.objects.create(
            instansi=d.buleleng,
            pegawai=d.staf,
            sidik=aktivasi.sidik_kode("LAMA-LAMA-LAMA"),
            berlaku_sampai=timezone.now() - timedelta(seconds=1),
            surat=surat,
        )
    with pytest.raises(Exception, match="kedaluwarsa"):
        aktivasi.aktivasi_pakai(nip=d.staf.nip, kode="LAMA-LAMA-LAMA", kata_sandi=SANDI)
    with scopes_disabled():
        Aktivasi.objects.filter(pk=lama.pk).update(
            berlaku_sampai=timezone.now() + timedelta(days=1), dicabut_pada=timezone.now()
        )
    with pytest.raises(Exception, match="kedaluwarsa"):
        aktivasi.aktivasi_pakai(nip=d.staf.nip, kode="LAMA-LAMA-LAMA", kata_sandi=SANDI)


def test_an_expired_code_is_closed_and_audited_by_the_hourly_job(dunia):
    from organisasi.tasks import tutup_aktivasi_kedaluwarsa

    with scopes_disabled():
        lewat = Aktivasi.objects.create(
            instansi=dunia.buleleng,
            pegawai=dunia.staf,
            sidik=aktivasi.sidik_kode("LEWA-TLEW-ATLE"),
            berlaku_sampai=timezone.now() - timedelta(minutes=1),
        )
        berlaku = Aktivasi.objects.create(
            instansi=dunia.buleleng,
            pegawai=dunia.kabid,
            sidik=aktivasi.sidik_kode("MASI-HBER-LAKU"),
            berlaku_sampai=timezone.now() + timedelta(days=1),
        )
    assert tutup_aktivasi_kedaluwarsa() == 1
    assert tutup_aktivasi_kedaluwarsa() == 0  # once
    with scopes_disabled():
        lewat.refresh_from_db()
        berlaku.refresh_from_db()
        assert lewat.dicabut_pada is not None and berlaku.dicabut_pada is None
        assert (
            Jejak.objects.filter(aksi="aktivasi_kedaluwarsa", objek_id=dunia.staf.pk).count() == 1
        )


def test_a_weak_password_is_refused_beside_the_field_and_the_code_still_works(client, dunia):
    d = dunia
    with scopes_disabled():
        surat = SuratAktivasi.objects.create(
            instansi=d.buleleng, lingkup="pegawai", pegawai=d.staf, oleh=d.admin_opd
        )
        Aktivasi.objects.create(
            instansi=d.buleleng,
            pegawai=d.staf,
            sidik=aktivasi.sidik_kode("ABCD-EFGH-JKMN"),
            berlaku_sampai=timezone.now() + timedelta(days=1),
            surat=surat,
        )
    data = {"nip": d.staf.nip, "kode": "ABCD-EFGH-JKMN"}
    response = client.post(
        reverse("aktivasi"), {**data, "kata_sandi": "12345678", "kata_sandi_ulang": "12345678"}
    )
    halaman = teks(response)
    assert response.status_code == 200 and "terlalu umum" in halaman.lower()
    assert 'value="ABCD-EFGH-JKMN"' in halaman  # what was typed stays
    response = client.post(
        reverse("aktivasi"), {**data, "kata_sandi": SANDI, "kata_sandi_ulang": SANDI}
    )
    assert response.status_code == 302


def test_an_admin_issues_only_for_whom_they_manage(client, dunia, terbit):
    d = dunia
    # Another OPD's unit, another instansi's pegawai, an admin account: refused.
    response = terbit(client, d.admin_dinkes, lingkup="unit", unit=d.bidang.pk)
    assert response.status_code == 200 and "bukan salah satu dari pilihan" in teks(response)
    response = terbit(client, d.admin_opd, lingkup="pegawai", nip=d.pegawai_lain.nip)
    assert "bukan pegawai yang Anda kelola" in teks(response)
    response = terbit(client, d.admin_opd, lingkup="opd", unit=d.bidang.pk)
    assert "bukan OPD" in teks(response)
    with scopes_disabled():
        assert not SuratAktivasi.objects.exists()

    # The letters are for the issuing admin only: another admin, another tenant get 404.
    terbit(client, d.admin_opd, lingkup="pegawai", nip=d.staf.nip)
    with scopes_disabled():
        surat = SuratAktivasi.objects.get()
    for orang in (d.admin_bkd, d.admin_dinkes, d.admin_lain):
        masuk(client, orang)
        assert client.get(reverse("kelola_aktivasi_unduh", args=[surat.pk])).status_code == 404


def test_issuing_again_replaces_the_older_code(client, dunia, terbit):
    d = dunia
    terbit(client, d.admin_opd, lingkup="pegawai", nip=d.staf.nip)
    terbit(client, d.admin_opd, lingkup="pegawai", nip=d.staf.nip)
    with scopes_disabled():
        kode = list(Aktivasi.objects.filter(pegawai=d.staf).order_by("pk"))
    assert len(kode) == 2
    assert kode[0].dicabut_pada is not None and kode[1].dicabut_pada is None


def test_the_unit_table_counts_who_has_activated(
    client, dunia, django_assert_num_queries, settings
):
    d = dunia
    belum_aktif(d.staf)
    with scopes_disabled():
        Pegawai.objects.filter(pk=d.kabid.pk).update(password=make_password(SANDI))
    masuk(client, d.admin_opd)
    halaman = teks(client.get(reverse("kelola_aktivasi")))
    assert re.search(
        r"Bidang PKAP</td><td class=\"angka\">2</td><td class=\"angka\">1</td>", halaman
    )

    def muat():
        assert client.get(reverse("kelola_aktivasi")).status_code == 200

    # session, user, the job list, the page's count of units, the unread notifications,
    # the unit options, the grouped counts of the page
    with django_assert_num_queries(7):
        muat()
    with scopes_disabled():
        for _ in range(20):
            PegawaiFactory(instansi=d.buleleng, unit_kerja=d.subbidang, password="!x")
    with django_assert_num_queries(7):
        muat()


def test_the_superadmin_logs_in_with_a_name_not_a_nip_keypad(client, db):
    halaman = teks(client.get(reverse("login_superadmin")))
    assert "Nama pengguna" in halaman and 'inputmode="numeric"' not in halaman
    assert 'inputmode="numeric"' in teks(client.get(reverse("login")))
    assert reverse("aktivasi") in teks(client.get(reverse("login")))
