"""Query counts of the admin list pages that had none pinned (STYLE.md, "Reads are
counted"): a page costs the same number of queries for a few rows and for many, and a
list that grows with the instansi is paginated.

Every page starts with the same reads: the session, the user (with instansi and admin
OPD), and the menu's unread-notification badge (ekinerja.context_processors.navigasi),
which runs when base.html starts rendering. Each test also reads the tables of the SQL it
captured, so the comment listing the queries stays true.

Rows are built through the services where a person would make them that way, and with
bulk_create where only the count matters (as tests/tpp/conftest.py and
tests/penilaian/bantuan_views.py do).
"""

import re
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dokumen.models import CetakMassal
from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from penilaian import rules
from penilaian.models import PeriodePenilaian
from tests.bantuan import segar, teks
from tests.conftest import per_modul
from tests.penilaian.bantuan_views import TAHUN, skp_massal, tw1_massal
from tests.penilaian.bantuan_views import pegawai_massal as pegawai_penilaian_massal
from tests.tpp.conftest import buat_konfigurasi, pegawai_massal
from tpp.models import Ketidakhadiran

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")


def tabel(ctx) -> list[str]:
    """The table each captured query reads first (FROM …)."""
    return [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in ctx.captured_queries]


# ---- TPP: ketidakhadiran (admin OPD) ---------------------------------------------------


def ketidakhadiran_massal(d, pegawai, bulan, oleh):
    """One two-day Dinas Luar for each pegawai in `bulan` of TAHUN (bulk_create: only the
    count matters here; the service's checks are tested in tests/tpp)."""
    with scopes_disabled():
        Ketidakhadiran.objects.bulk_create(
            Ketidakhadiran(
                instansi=d.buleleng,
                pegawai=p,
                jenis="dinas_luar",
                mulai=date(TAHUN, bulan, 1 + i % 27),
                selesai=date(TAHUN, bulan, 2 + i % 27),
                keterangan=f"SPT {i + 1}",
                dicatat_oleh=oleh,
            )
            for i, p in enumerate(pegawai)
        )


KETIDAKHADIRAN_QUERIES = 5
# 1 session; 2 user; 3 the paginator's count of the month's entries of the pegawai the
# admin manages (that set is a subquery, not a query of its own); 4 the menu badge; 5 the
# page of 50 entries with the pegawai and who recorded it joined (no query per row).


def test_ketidakhadiran_costs_the_same_for_5_and_60_entries(
    client, dunia, django_assert_num_queries
):
    d = dunia
    admin = segar(d.admin_opd)
    client.force_login(admin)
    url = reverse("ketidakhadiran") + f"?tahun={TAHUN}&bulan=1"
    # Not shown: another OPD's pegawai, and the admin's own pegawai in another month.
    ketidakhadiran_massal(d, pegawai_massal(d, d.dinkes, 3, awalan="Pegawai Dinkes"), 1, admin)
    ketidakhadiran_massal(d, pegawai_massal(d, d.bidang, 2, awalan="Pegawai Februari"), 2, admin)
    for jumlah, tambahan in [(5, 5), (60, 55)]:
        ketidakhadiran_massal(d, pegawai_massal(d, d.bidang, tambahan), 1, admin)
        with django_assert_num_queries(KETIDAKHADIRAN_QUERIES) as ctx:
            halaman = teks(client.get(url))
        assert halaman.count(">Hapus</button>") == min(jumlah, 50)
        assert "Pegawai Dinkes" not in halaman and "Pegawai Februari" not in halaman
    assert "Halaman 1 dari 2" in halaman
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "tpp_ketidakhadiran",  # paginator count
        "organisasi_notifikasi",
        "tpp_ketidakhadiran",  # the page
    ]
    assert ctx.captured_queries[-1]["sql"].count('JOIN "organisasi_pegawai"') == 2
    with django_assert_num_queries(KETIDAKHADIRAN_QUERIES):
        kedua = teks(client.get(url + "&hal=2"))
    assert kedua.count(">Hapus</button>") == 60 - 50


# ---- penilaian: jadwal dan dispensasi (admin BKD) --------------------------------------

LANGKAH_PERIODIK = [jadwal_rules.REALISASI, jadwal_rules.PENILAIAN, jadwal_rules.CETAK]
JADWAL_QUERIES = 5
# 1 session; 2 user; 3 the year's jadwal with the instansi joined (its zone formats the
# times) and the running dispensasi counted in the same query (COUNT … GROUP BY); 4 the
# periodic jobs failing for this instansi (GangguanTugas, one row per job at most); 5 the
# menu badge. The forms' choices are the periods of the year, computed, not read.
# Not paginated on purpose: jadwal_unik (instansi, langkah, tahun, kode) bounds a year to
# one window per step and period, 64 rows at most for a quarterly instansi (built below).


def test_jadwal_costs_the_same_for_2_and_64_windows(client, dunia, django_assert_num_queries):
    d = dunia
    admin = segar(d.admin_bkd)
    client.force_login(admin)
    url = reverse("jadwal_daftar") + f"?tahun={TAHUN}"
    sekarang = timezone.now()
    buka = {"mulai": sekarang - timedelta(days=10), "batas": sekarang + timedelta(days=10)}
    sampai = sekarang + timedelta(days=20)
    with scope(instansi=d.buleleng.pk):
        pertama = [
            jadwal_services.jadwal_simpan(
                langkah=jadwal_rules.PENYUSUNAN_SKP, tahun=TAHUN, kode="", by=admin, **buka
            ),
            jadwal_services.jadwal_simpan(
                langkah=jadwal_rules.REALISASI, tahun=TAHUN, kode="tw1", by=admin, **buka
            ),
        ]
        jadwal_services.dispensasi_beri(
            jadwal=pertama[1], by=admin, sampai=sampai, alasan="Server down.", unit=d.bidang
        )
    with django_assert_num_queries(JADWAL_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count("/dispensasi/") == 2
    assert halaman.count("1 aktif") == 1

    with scope(instansi=d.buleleng.pk):
        semua = pertama[:1] + [
            jadwal_services.jadwal_simpan(langkah=langkah, tahun=TAHUN, kode=kode, by=admin, **buka)
            for langkah in LANGKAH_PERIODIK
            for kode in ["tw1", "tw2", "tw3", "tw4", rules.FINAL]
        ]
        for langkah in sorted(jadwal_rules.LANGKAH_BULANAN):
            semua += jadwal_services.jadwal_bulanan_buat(
                langkah=langkah, tahun=TAHUN, by=admin, hari=10, jam=23, menit=59
            )
        # Two running dispensasi on every fourth window: one for a unit, one for a pegawai.
        for jadwal in semua[::4]:
            jadwal_services.dispensasi_beri(
                jadwal=jadwal, by=admin, sampai=sampai, alasan="Gangguan.", unit=d.bidang
            )
            jadwal_services.dispensasi_beri(
                jadwal=jadwal, by=admin, sampai=sampai, alasan="Sakit.", pegawai=segar(d.staf)
            )
    assert len(semua) == 1 + 3 * 5 + 4 * 12
    with django_assert_num_queries(JADWAL_QUERIES) as ctx:
        halaman = teks(client.get(url))
    assert halaman.count("/dispensasi/") == 64
    assert halaman.count("2 aktif") == len(semua[::4]) == 16
    assert halaman.count("1 aktif") == 1  # REALISASI TW I, from the first step
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "penilaian_jadwal",
        "organisasi_gangguantugas",
        "organisasi_notifikasi",
    ]
    assert 'LEFT OUTER JOIN "penilaian_dispensasi"' in ctx.captured_queries[2]["sql"]


# ---- penilaian: review Sangat Baik (admin BKD) -----------------------------------------


def menunggu_review(d, unit, n, awalan):
    """n pegawai of `unit` whose TW I is rated Sangat Baik by the kabid, waiting for the
    Tim Penilai Kinerja (bulk rows, as the kurva counts in tests/penilaian do)."""
    pegawai = pegawai_penilaian_massal(d, unit, n, awalan=awalan)
    periode = tw1_massal(d, skp_massal(d, pegawai, unit), keadaan=[rules.MENUNGGU_REVIEW])
    with scopes_disabled():
        PeriodePenilaian.objects.filter(pk__in=[p.pk for p in periode]).update(penilai=d.kabid)


REVIEW_QUERIES = 6
# As it should be once paginated like the other admin lists (50 a page): 1 session;
# 2 user; 3 the OPD choices of the pull-into-review form; 4 the paginator's count of the
# year's queue; 5 the menu badge; 6 the page of periods with pegawai, penilai and SKP →
# unit kerja → OPD joined (regroup by OPD needs no query).


def test_review_queue_pages_at_a_fixed_cost(client, dunia, django_assert_num_queries):
    d = dunia
    client.force_login(segar(d.admin_bkd))
    url = reverse("review_antrean") + f"?tahun={TAHUN}"
    menunggu_review(d, d.bidang, 2, "Bawahan BKPSDM")
    menunggu_review(d, d.dinkes, 1, "Bawahan Dinkes")
    with django_assert_num_queries(REVIEW_QUERIES):
        halaman = teks(client.get(url))
        assert halaman.count('<tr id="review-') == 3
    menunggu_review(d, d.bidang, 30, "Bawahan BKPSDM")
    menunggu_review(d, d.dinkes, 27, "Bawahan Dinkes")
    with django_assert_num_queries(REVIEW_QUERIES):
        halaman = teks(client.get(url))
        assert halaman.count('<tr id="review-') == 50
        assert "Halaman 1 dari 2" in halaman
    assert "Kabid PKAP" in halaman  # the penilai, joined


# ---- penilaian: cetak massal (admin BKD) -----------------------------------------------


def cetak_massal_rows(d, oleh, n):
    """n ZIP requests of TW I by `oleh`, over three OPD, ready, failed or still running."""
    status = [CetakMassal.Status.SIAP, CetakMassal.Status.GAGAL, CetakMassal.Status.ANTRE]
    opd = [d.bkpsdm, d.dinkes, d.sekda]
    with scopes_disabled():
        CetakMassal.objects.bulk_create(
            CetakMassal(
                instansi=d.buleleng,
                opd=opd[i % 3],
                tahun=TAHUN,
                kode="tw1",
                oleh=oleh,
                status=status[i % 3],
                jumlah=10,
                selesai=10 if status[i % 3] == CetakMassal.Status.SIAP else 4,
                galat="Templat tidak ditemukan." if status[i % 3] == "gagal" else "",
            )
            for i in range(n)
        )


CETAK_QUERIES = 5
# 1 session; 2 user; 3 the admin's latest 20 requests with their OPD joined, read once
# (the `berjalan` check and the table share the sliced queryset's cache); 4 the menu
# badge; 5 the OPD choices of the form. The list is bounded by its slice (20), so it
# needs no pages.


def test_cetak_massal_costs_the_same_for_3_and_40_requests(
    client, dunia, django_assert_num_queries
):
    d = dunia
    admin = segar(d.admin_bkd)
    client.force_login(admin)
    url = reverse("cetak_massal") + f"?tahun={TAHUN}&periode=tw1"
    baris = r"<tr><td>[^<]+</td><td>Semua dokumen</td><td>TW1 2025</td>"  # OPD, isi, periode
    cetak_massal_rows(d, segar(d.admin_opd), 2)  # someone else's: not listed
    for jumlah, tambahan in [(3, 3), (40, 37)]:
        cetak_massal_rows(d, admin, tambahan)
        with django_assert_num_queries(CETAK_QUERIES) as ctx:
            halaman = teks(client.get(url))
        assert len(re.findall(baris, halaman)) == min(jumlah, 20)
        assert 'hx-trigger="every 2s"' in halaman  # a request still running: polled
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "penilaian_cetakmassal",
        "organisasi_notifikasi",
        "organisasi_unitkerja",
    ]
    assert 'JOIN "organisasi_unitkerja"' in ctx.captured_queries[2]["sql"]


# ---- TPP: konfigurasi (admin BKD) ------------------------------------------------------

SEMUA_KELAS = {k: Decimal(1_000_000 * k) for k in range(1, 18)}
POTONGAN = {
    "tanpa_keterangan": (Decimal("0.03"), None),
    "terlambat": (Decimal("0.005"), Decimal("0.05")),
    "pulang_cepat": (Decimal("0.005"), Decimal("0.05")),
}
KONFIGURASI_QUERIES = 6
# 1 session; 2 user; 3 the menu badge (the versions are lazy, read in the template after
# the menu); 4 the versions, newest first; 5 the pagu of all of them and 6 their
# potongan, one prefetch each. Not paginated on purpose: konfigurasi_tpp_unik and the
# 1st-of-the-month rule allow one version a month at most (24 below is two years of
# monthly changes; a Perkada changes about once a year).


def test_konfigurasi_costs_the_same_for_1_and_24_versions(client, dunia, django_assert_num_queries):
    d = dunia
    admin = segar(d.admin_bkd)
    client.force_login(admin)
    url = reverse("tpp_konfigurasi")
    buat_konfigurasi(admin, date(TAHUN - 1, 1, 1))
    with django_assert_num_queries(KONFIGURASI_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count("<summary><strong>Berlaku ") == 1
    for tahun, bulan in [(t, b) for t in (TAHUN - 1, TAHUN) for b in range(1, 13)]:
        buat_konfigurasi(admin, date(tahun, bulan, 1), pagu=SEMUA_KELAS, potongan=POTONGAN)
    with django_assert_num_queries(KONFIGURASI_QUERIES) as ctx:
        halaman = teks(client.get(url))
    assert halaman.count("<summary><strong>Berlaku ") == 24
    assert halaman.count("<tr><td>") == 24 * 17  # every pagu row of every version
    assert halaman.count("Terlambat masuk: ") == 24
    # The versions are read in the view (the latest one fills the form), before the
    # layout's notifications.
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "tpp_konfigurasitpp",
        "tpp_pagukelas",
        "tpp_potonganketidakhadiran",
        "organisasi_notifikasi",
    ]
