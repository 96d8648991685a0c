"""Notifications (issue 18): every state change tells whoever it concerns, in-app and by
e-mail when configured (at once, in the morning digest, or not at all), through the one
service organisasi.services.notifikasi_kirim; the bell and the list page.

Personas (tests/penilaian/conftest.py): the staf and the kabid (their penilai), the
admin_bkd (Tim Penilai Kinerja), pegawai_lain of another instansi.
"""

from datetime import UTC, datetime, timedelta
from smtplib import SMTPException

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from ekinerja.tasks import sapu_antrean
from jadwal import rules as langkah
from jadwal import services as jadwal_services
from jadwal.models import Jadwal
from organisasi import services as org_services
from organisasi.models import Notifikasi, Pegawai
from penilaian import rules, services
from skp import services as skp_services
from tests.bantuan import masuk, segar, teks
from tests.penilaian.conftest import skp_disetujui
from tests.skp.conftest import tambah_rhk


def kabar(penerima, jenis=None):
    with scopes_disabled():
        daftar = Notifikasi.objects.filter(penerima=penerima).order_by("id")
        if jenis:
            daftar = daftar.filter(jenis=jenis)
        return list(daftar)


def judul(penerima, jenis=None):
    return [n.judul for n in kabar(penerima, jenis)]


# ---- who is told what ------------------------------------------------------------------


def test_skp_submitted_tells_the_penilai_and_approval_tells_the_pegawai(
    rantai, dalam_buleleng, orang
):
    skp = skp_disetujui(dalam_buleleng, rantai, orang.staf)
    # (The kabid's own SKP was approved by the kepala when the cascade was built.)
    penilai = [n for n in kabar(orang.kabid, Notifikasi.Jenis.SKP) if "mengajukan" in n.judul]
    assert [n.judul for n in penilai] == [f"{orang.staf.nama_lengkap} mengajukan SKP 2025"]
    pegawai = kabar(orang.staf, Notifikasi.Jenis.SKP)
    assert [n.judul for n in pegawai] == ["SKP 2025 Anda disetujui"]
    assert pegawai[0].tautan == penilai[0].tautan == reverse("skp_detail", args=[skp.pk])


def test_skp_returned_tells_the_pegawai_the_note(rantai, dalam_buleleng, orang):
    skp = skp_services.skp_buat(pegawai=orang.staf, tahun=rantai.tahun, by=orang.staf)
    tambah_rhk(skp, orang.staf, "Tersusunnya laporan", intervensi=[rantai.rhk_kabid])
    skp_services.skp_ajukan(skp=segar(skp), by=orang.staf)
    skp_services.skp_kembalikan(skp=segar(skp), by=orang.kabid, catatan="Target terlalu rendah.")
    (n,) = kabar(orang.staf, Notifikasi.Jenis.SKP)
    assert n.judul == "SKP 2025 Anda dikembalikan untuk diperbaiki"
    assert n.isi == "Target terlalu rendah."
    skp_services.skp_ajukan(skp=segar(skp), by=orang.staf)
    skp_services.skp_tarik(skp=segar(skp), by=orang.staf)
    assert judul(orang.kabid, Notifikasi.Jenis.SKP)[-2:] == [
        f"{orang.staf.nama_lengkap} mengajukan SKP 2025",
        f"{orang.staf.nama_lengkap} menarik kembali SKP 2025",
    ]


def test_period_submitted_returned_and_rated_tell_the_other_side(tw1_diajukan, orang):
    assert judul(orang.kabid, Notifikasi.Jenis.PENILAIAN) == [
        f"{orang.staf.nama_lengkap} mengajukan realisasi Triwulan I 2025"
    ]
    services.periode_kembalikan(periode=tw1_diajukan, by=orang.kabid, catatan="Lampirkan foto.")
    (n,) = kabar(orang.staf, Notifikasi.Jenis.PENILAIAN)
    assert (n.judul, n.isi) == (
        "Realisasi Triwulan I 2025 dikembalikan pejabat penilai",
        "Lampirkan foto.",
    )
    assert n.tautan == reverse("periode_detail", args=[tw1_diajukan.pk])


def test_rating_baik_tells_the_pegawai_their_predikat(tw1_siap_dinilai, orang):
    services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.SESUAI,
        rating_perilaku_kerja=rules.SESUAI,
    )
    (n,) = kabar(orang.staf, Notifikasi.Jenis.PENILAIAN)
    assert (n.judul, n.isi) == ("Kinerja Triwulan I 2025 Anda sudah dinilai", "Predikat: Baik.")


def test_sangat_baik_review_returned_tells_the_penilai_why(tw1_menunggu_review, orang):
    assert judul(orang.staf, Notifikasi.Jenis.PENILAIAN) == [
        "Penilaian Triwulan I 2025 Anda menunggu review Tim Penilai Kinerja"
    ]
    services.review_kembalikan(
        periode=tw1_menunggu_review, by=orang.admin_bkd, catatan="Bukti dukung belum memadai."
    )
    (n,) = kabar(orang.kabid, Notifikasi.Jenis.REVIEW)
    assert n.judul == f"Tim Penilai Kinerja mengembalikan penilaian {orang.staf.nama_lengkap}"
    assert "Bukti dukung belum memadai." in n.isi
    assert kabar(orang.staf, Notifikasi.Jenis.REVIEW) == []


def test_sangat_baik_review_approved_tells_pegawai_and_penilai(tw1_menunggu_review, orang):
    services.review_setujui(periode=tw1_menunggu_review, by=orang.admin_bkd)
    assert judul(orang.staf, Notifikasi.Jenis.REVIEW) == [
        "Kinerja Triwulan I 2025 Anda ditetapkan: Sangat Baik"
    ]
    assert judul(orang.kabid, Notifikasi.Jenis.REVIEW) == [
        f"Tim Penilai Kinerja menyetujui predikat {orang.staf.nama_lengkap}"
    ]


def test_a_refused_change_notifies_nobody(tw1_terbuka, orang):
    periode, _ = tw1_terbuka
    sebelum = len(kabar(orang.kabid))
    with pytest.raises(Exception, match="Realisasi belum diisi"):
        services.periode_ajukan(periode=periode, by=orang.staf)
    assert len(kabar(orang.kabid)) == sebelum


# ---- e-mail: at once, morning digest, none -------------------------------------------------


@pytest.fixture
def surel(settings, celery_di_proses, orang):
    settings.NOTIFIKASI_SUREL = True
    with scopes_disabled():
        Pegawai.objects.filter(pk=orang.staf.pk).update(email="staf@buleleng.go.id")
    return settings


def kirim_ke_staf(orang, kunci, pilihan=Pegawai.SurelNotifikasi.SEGERA):
    with scopes_disabled():
        Pegawai.objects.filter(pk=orang.staf.pk).update(notifikasi_surel=pilihan)
    return org_services.notifikasi_kirim(
        penerima=segar(orang.staf),
        jenis=Notifikasi.Jenis.SKP,
        kunci=kunci,
        judul="SKP 2025 Anda disetujui",
        isi="Tambahkan periode penilaian.",
        tautan="/skp/1/",
    )


def test_email_at_once_goes_after_commit_and_only_once(
    surel, orang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert kirim_ke_staf(orang, "uji:1") == 1
        assert mail.outbox == []  # nothing before the commit
    assert [m.to for m in mail.outbox] == [["staf@buleleng.go.id"]]
    assert mail.outbox[0].subject == "[e-Kinerja] SKP 2025 Anda disetujui"
    assert "http://localhost:8000/skp/1/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert kirim_ke_staf(orang, "uji:1") == 0  # the same key: nothing new
    assert len(mail.outbox) == 1
    (n,) = kabar(orang.staf)
    assert n.surel == Notifikasi.Surel.TERKIRIM


def test_no_email_when_not_configured_or_not_wanted(
    surel, orang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kirim_ke_staf(orang, "uji:tidak", Pegawai.SurelNotifikasi.TIDAK)
    surel.NOTIFIKASI_SUREL = False
    with django_capture_on_commit_callbacks(execute=True):
        kirim_ke_staf(orang, "uji:mati")
    assert mail.outbox == []
    assert {n.surel for n in kabar(orang.staf)} == {Notifikasi.Surel.TIDAK}


def test_morning_digest_sends_one_mail_per_pegawai_from_six_in_their_zone(
    surel, orang, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kirim_ke_staf(orang, "uji:a", Pegawai.SurelNotifikasi.HARIAN)
        kirim_ke_staf(orang, "uji:b", Pegawai.SurelNotifikasi.HARIAN)
    assert mail.outbox == []
    besok = timezone.now() + timedelta(days=1)
    # Buleleng is WITA (UTC+8): 06:00 local tomorrow is 22:00 UTC today.
    enam_wita = datetime(besok.year, besok.month, besok.day, tzinfo=UTC) - timedelta(hours=2)
    assert org_services.notifikasi_ringkasan_kirim(sekarang=enam_wita - timedelta(minutes=1)) == 0
    assert org_services.notifikasi_ringkasan_kirim(sekarang=enam_wita) == 1
    (m,) = mail.outbox
    assert m.subject == "[e-Kinerja] Ringkasan harian: 2 pemberitahuan"
    assert m.body.count("SKP 2025 Anda disetujui") == 2
    assert org_services.notifikasi_ringkasan_kirim(sekarang=enam_wita) == 0  # sent once


def test_mail_server_down_keeps_the_email_queued_for_the_sweeper(
    surel, orang, django_capture_on_commit_callbacks
):
    surel.EMAIL_BACKEND = "tests.penilaian.test_notifikasi.SurelMati"
    # In-process (eager) Celery shows the task's retry; a worker would retry it later.
    with pytest.raises((SMTPException, Retry)), django_capture_on_commit_callbacks(execute=True):
        kirim_ke_staf(orang, "uji:mati")
    (n,) = kabar(orang.staf)
    assert n.surel == Notifikasi.Surel.ANTRE
    surel.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sapu_antrean(sekarang=timezone.now() + timedelta(hours=1)) >= 1
    assert [m.to for m in mail.outbox] == [["staf@buleleng.go.id"]]
    assert segar(n).surel == Notifikasi.Surel.TERKIRIM


class SurelMati:
    """An e-mail backend whose server refuses every message."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, pesan):
        raise SMTPException("server surel tidak menjawab")


def test_the_email_choice_is_saved_on_the_akun_page(client, orang):
    masuk(client, orang.staf)
    response = client.post(reverse("akun"), {"notifikasi_surel": "harian"}, follow=True)
    assert "Pilihan e-mail notifikasi disimpan." in teks(response)
    assert segar(orang.staf).notifikasi_surel == Pegawai.SurelNotifikasi.HARIAN
    response = client.post(reverse("akun"), {"notifikasi_surel": "sering"})
    assert "Pilih salah satu" in teks(response) or "bukan salah satu" in teks(response)
    assert segar(orang.staf).notifikasi_surel == Pegawai.SurelNotifikasi.HARIAN


# ---- the bell and the page ---------------------------------------------------------------


def test_opening_a_notification_marks_it_read_and_leads_to_its_page(client, tw1_diajukan, orang):
    (n,) = kabar(orang.kabid, Notifikasi.Jenis.PENILAIAN)
    masuk(client, orang.kabid)
    halaman = teks(client.get(reverse("notifikasi") + "?belum=1"))
    assert n.judul in halaman
    response = client.get(reverse("notifikasi_buka", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("periode_detail", args=[tw1_diajukan.pk])
    assert segar(n).dibaca_pada is not None
    assert n.judul not in teks(client.get(reverse("notifikasi") + "?belum=1"))


def test_another_persons_notification_is_404(client, tw1_diajukan, orang):
    (n,) = kabar(orang.kabid, Notifikasi.Jenis.PENILAIAN)
    for orang_lain in (orang.staf, orang.pegawai_lain):
        masuk(client, orang_lain)
        assert client.get(reverse("notifikasi_buka", args=[n.pk])).status_code == 404
    assert segar(n).dibaca_pada is None


def test_a_link_off_the_site_is_not_followed(client, orang):
    org_services.notifikasi_kirim(
        penerima=orang.staf,
        jenis=Notifikasi.Jenis.AKUN,
        kunci="uji:luar",
        judul="Tautan luar",
        tautan="//contoh.com/",
    )
    (n,) = kabar(orang.staf)
    masuk(client, orang.staf)
    response = client.get(reverse("notifikasi_buka", args=[n.pk]))
    assert response["Location"] == reverse("notifikasi")


@pytest.mark.parametrize("jumlah", [1, 30])
def test_the_bell_costs_one_query_whatever_the_number_unread(
    client, orang, jumlah, django_assert_num_queries
):
    for i in range(jumlah):
        org_services.notifikasi_kirim(
            penerima=orang.staf, jenis=Notifikasi.Jenis.SKP, kunci=f"uji:{i}", judul=f"Kabar {i}"
        )
    masuk(client, orang.staf)
    client.get(reverse("notifikasi"))
    # session, user (with the unit one leads), unread count (the bell), the page's count
    # and rows.
    with django_assert_num_queries(5):
        response = client.get(reverse("notifikasi"))
    assert f'<span class="lencana">{jumlah}</span>' in teks(response)


def test_a_dispensasi_tells_the_pegawai_or_everyone_in_the_unit(dalam_buleleng, orang):
    d = dalam_buleleng
    sekarang = timezone.now()
    jadwal = Jadwal.objects.create(
        instansi=d.buleleng,
        langkah=langkah.REALISASI,
        tahun=2025,
        kode="tw1",
        mulai=sekarang - timedelta(days=30),
        batas=sekarang - timedelta(days=1),
        diatur_oleh=orang.admin_bkd,
    )
    jadwal_services.dispensasi_beri(
        jadwal=jadwal,
        by=orang.admin_opd,
        sampai=sekarang + timedelta(days=3),
        alasan="Sakit saat batas waktu.",
        pegawai=orang.staf,
    )
    (n,) = kabar(orang.staf, Notifikasi.Jenis.JADWAL)
    assert n.judul.startswith("Dispensasi Rencana aksi, realisasi dan bukti dukung Triwulan I")
    assert "Sakit saat batas waktu." in n.isi
    jadwal_services.dispensasi_beri(
        jadwal=jadwal,
        by=orang.admin_opd,
        sampai=sekarang + timedelta(days=3),
        alasan="Gangguan jaringan di bidang.",
        unit=d.bidang,
    )
    di_bidang = {orang.staf.pk, orang.kabid.pk, orang.rekan.pk}
    with scopes_disabled():
        diberi = set(
            Notifikasi.objects.filter(isi__contains="Gangguan jaringan").values_list(
                "penerima_id", flat=True
            )
        )
    assert diberi == di_bidang


def test_a_notification_of_work_done_stops_counting_as_unread(tw1_siap_dinilai, orang):
    (diajukan,) = kabar(orang.kabid, Notifikasi.Jenis.PENILAIAN)
    assert diajukan.dibaca_pada is None
    services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.SESUAI,
        rating_perilaku_kerja=rules.SESUAI,
    )
    assert segar(diajukan).dibaca_pada is not None  # rated: nothing waits any more
    assert kabar(orang.staf, Notifikasi.Jenis.PENILAIAN)[0].dibaca_pada is None
