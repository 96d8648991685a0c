"""The pages of progres harian: the atasan's grid (filters, one action for a day, a
bawahan's week or everyone, query count constant in bawahan and days), the entry with a
bukti file and a rencana aksi, the instansi's window setting, and the period page's
roll-up of the entries behind each rencana aksi."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from tests.bantuan import masuk, pesan, segar
from tests.skp.conftest import TAHUN
from tests.tpp.conftest import pegawai_massal
from tpp import rules, services
from tpp.models import AktivitasHarian, ProgresHarian

SENIN = date(TAHUN, 3, 3)  # a Monday in the past of "today"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def hari_diajukan(pegawai, tanggal, n=1):
    """Entries and a submitted day, as progres_ajukan leaves them (bulk, for the counts)."""
    with scopes_disabled():
        AktivitasHarian.objects.bulk_create(
            AktivitasHarian(
                instansi_id=pegawai.instansi_id, pegawai=pegawai, tanggal=tanggal, uraian=f"K{i}"
            )
            for i in range(n)
        )
        ProgresHarian.objects.create(
            instansi_id=pegawai.instansi_id,
            pegawai=pegawai,
            tanggal=tanggal,
            status=ProgresHarian.Status.DIAJUKAN,
        )


def grid(client, query=f"?minggu={SENIN}"):
    return client.get(reverse("progres_bawahan") + query)


def test_the_grid_shows_each_bawahan_day_with_its_status(client, t_orang):
    o = t_orang
    hari_diajukan(o.staf, SENIN)
    with scopes_disabled():
        AktivitasHarian.objects.create(
            instansi=o.staf.instansi, pegawai=o.rekan, tanggal=SENIN + timedelta(days=1), uraian="X"
        )
    masuk(client, o.kabid)
    html = grid(client).content.decode()
    assert f'aria-label="{o.staf.nama} 3 Maret {TAHUN}: Diajukan"' in html
    assert f'aria-label="{o.rekan.nama} 4 Maret {TAHUN}: Draft"' in html
    assert f'aria-label="{o.rekan.nama} 3 Maret {TAHUN}: Belum diisi"' in html
    # "menunggu persetujuan" keeps only the staf; "belum diisi" both (nobody filled all).
    menunggu = grid(client, f"?minggu={SENIN}&saring=menunggu").content.decode()
    assert o.staf.nama in menunggu and o.rekan.nama not in menunggu
    belum = grid(client, f"?minggu={SENIN}&saring=belum").content.decode()
    assert o.staf.nama in belum and o.rekan.nama in belum


def test_belum_diisi_leaves_out_whoever_submitted_every_working_day(client, t_orang):
    o = t_orang
    for i in range(5):  # Monday–Friday of a 5-day unit
        hari_diajukan(o.staf, SENIN + timedelta(days=i))
    masuk(client, o.kabid)
    belum = grid(client, f"?minggu={SENIN}&saring=belum").content.decode()
    assert o.rekan.nama in belum and o.staf.nama not in belum


def test_one_action_approves_a_whole_week_of_every_bawahan(client, t_orang):
    o = t_orang
    for p in (o.staf, o.rekan):
        for i in range(3):
            hari_diajukan(p, SENIN + timedelta(days=i))
    masuk(client, o.kabid)
    r = client.post(
        reverse("progres_bawahan") + f"?minggu={SENIN}",
        {
            "pegawai": "semua",
            "mulai": SENIN,
            "selesai": SENIN + timedelta(days=6),
            "keputusan": "disetujui",
            "kembali": f"minggu={SENIN}",
        },
    )
    assert r.status_code == 302
    assert "6 hari progres disetujui." in pesan(client.get(r.url))
    with scopes_disabled():
        assert set(ProgresHarian.objects.values_list("status", flat=True)) == {"disetujui"}
        assert Jejak.objects.filter(aksi="progres_disetujui").count() == 6


def test_returning_without_a_note_is_refused_beside_the_field_and_changes_nothing(client, t_orang):
    o = t_orang
    hari_diajukan(o.staf, SENIN)
    masuk(client, o.kabid)
    r = client.post(
        reverse("progres_bawahan") + f"?minggu={SENIN}&lihat={o.staf.pk}&tanggal={SENIN}",
        {"pegawai": o.staf.pk, "mulai": SENIN, "selesai": SENIN, "keputusan": "dikembalikan"},
    )
    assert r.status_code == 200
    assert "Tuliskan catatan: apa yang perlu diperbaiki." in r.content.decode()
    with scopes_disabled():
        assert ProgresHarian.objects.get(pegawai=o.staf).status == "diajukan"


@pytest.mark.parametrize("siapa", ["rekan", "kepala", "admin_opd", "admin_lain"])
def test_only_the_atasan_decides_a_bawahan_day(client, t_orang, siapa):
    o = t_orang
    hari_diajukan(o.staf, SENIN)
    masuk(client, getattr(o, siapa))
    r = client.post(
        reverse("progres_bawahan"),
        {"pegawai": o.staf.pk, "mulai": SENIN, "selesai": SENIN, "keputusan": "disetujui"},
    )
    assert r.status_code == 404
    assert grid(client, f"?minggu={SENIN}&lihat={o.staf.pk}&tanggal={SENIN}").status_code == 404
    with scopes_disabled():
        assert ProgresHarian.objects.get(pegawai=o.staf).status == "diajukan"


def test_the_grid_costs_the_same_queries_for_3_or_30_bawahan_and_a_week_or_a_month(
    client, t_orang, dunia
):
    o = t_orang
    masuk(client, o.kabid)

    def jumlah(query):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as q:
            assert grid(client, query).status_code == 200
        return len(q)

    hari_diajukan(o.staf, SENIN)
    sedikit = jumlah(f"?minggu={SENIN}"), jumlah(f"?rentang=bulan&tahun={TAHUN}&bulan=3")
    for p in pegawai_massal(dunia, dunia.bidang, 27):
        hari_diajukan(p, SENIN, n=2)
        hari_diajukan(p, SENIN + timedelta(days=8))
    banyak = jumlah(f"?minggu={SENIN}"), jumlah(f"?rentang=bulan&tahun={TAHUN}&bulan=3")
    assert sedikit == banyak
    # session; user (with the unit led); the led units below (bawahan_penilai); count and
    # page of bawahan; holidays; entries per day; day rows; the notification bell.
    assert banyak == (9, 9)


def test_an_entry_with_a_rencana_aksi_and_a_pdf_bukti_is_saved_and_served(
    client, t_orang, t_skp_staf, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    o = t_orang
    with scope(instansi=o.staf.instansi_id):
        from penilaian import services as penilaian_services

        staf = segar(o.staf)
        periode = penilaian_services.periode_tambah(
            skp=t_skp_staf.skp, kode="tw1", by=staf, bulanan=False
        )
        rhk = t_skp_staf.rhk[0]
        ra = penilaian_services.rencana_aksi_simpan(
            periode=periode, by=staf, rhk=rhk, uraian="Verifikasi berkas", target=10,
            satuan="Berkas",
        )  # fmt: skip
    masuk(client, o.staf)
    r = client.post(
        reverse("aktivitas") + f"?minggu={SENIN}",
        {
            "tanggal": SENIN,
            "uraian": "Memverifikasi 4 berkas usul",
            "rencana_aksi": ra.pk,
            "rhk": "",
            "volume": "4",
            "satuan": "Berkas",
            "berkas_bukti": SimpleUploadedFile("bukti.pdf", PDF, "application/pdf"),
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    with scopes_disabled():
        a = AktivitasHarian.objects.get(pegawai=o.staf)
        assert (a.rencana_aksi_id, a.rhk_id, a.jenis_bukti) == (ra.pk, rhk.pk, "application/pdf")
    assert client.get(reverse("aktivitas_bukti", args=[a.pk])).status_code == 200
    # The period page sums it behind its rencana aksi.
    html = client.get(reverse("periode_detail", args=[periode.pk])).content.decode()
    assert "Progres harian: <strong>4 Berkas</strong> dalam 1 hari, 1 bukti" in html
    # Anyone who is not the pegawai, their atasan or their admin: 404.
    masuk(client, o.rekan)
    assert client.get(reverse("aktivitas_bukti", args=[a.pk])).status_code == 404
    masuk(client, o.kabid)
    assert client.get(reverse("aktivitas_bukti", args=[a.pk])).status_code == 200


def test_a_file_that_is_not_a_bukti_is_refused_beside_the_field_keeping_the_text(client, t_orang):
    masuk(client, t_orang.staf)
    r = client.post(
        reverse("aktivitas"),
        {
            "tanggal": SENIN,
            "uraian": "Teks yang diketik",
            "volume": "1",
            "satuan": "Kegiatan",
            "berkas_bukti": SimpleUploadedFile("skrip.pdf", b"#!/bin/sh\necho", "application/pdf"),
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and "Jenis berkas tidak diterima" in html
    assert "Teks yang diketik" in html
    with scopes_disabled():
        assert not AktivitasHarian.objects.filter(pegawai=t_orang.staf).exists()


def test_bkd_sets_the_window_of_progres_harian(client, t_orang):
    o = t_orang
    masuk(client, o.admin_bkd)
    data = {"aksi": "pengaturan", "lokasi_cetak": "Singaraja", "dua_langkah": "opsional",
            "dua_langkah_peran": ["admin_bkd"]}  # fmt: skip
    r = client.post(reverse("pengaturan_instansi"), {**data, "jendela_progres": "-1"})
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 0." in r.content.decode()
    assert segar(o.staf).instansi.jendela_progres == 3
    client.post(reverse("pengaturan_instansi"), {**data, "jendela_progres": "5"})
    assert segar(o.staf).instansi.jendela_progres == 5
    # Left empty, the setting stays.
    client.post(reverse("pengaturan_instansi"), data)
    assert segar(o.staf).instansi.jendela_progres == 5


def test_the_pegawai_submits_withdraws_and_sees_the_returned_note(client, t_orang):
    o = t_orang
    masuk(client, o.staf)
    client.post(
        reverse("aktivitas"),
        {"tanggal": SENIN, "uraian": "Rapat", "volume": "1", "satuan": "Kegiatan"},
    )
    client.post(reverse("progres_ajukan"), {"tanggal": SENIN})
    with scopes_disabled():
        hari = ProgresHarian.objects.get(pegawai=o.staf)
    assert hari.status == "diajukan" and hari.terlambat  # March is long past its window
    client.post(reverse("progres_tarik"), {"tanggal": SENIN})
    hari.refresh_from_db()
    assert hari.status == "draft"
    client.post(reverse("progres_ajukan"), {"minggu": SENIN})
    with scope(instansi=o.kabid.instansi_id):
        services.progres_putuskan(
            by=segar(o.kabid), keputusan=rules.DIKEMBALIKAN, pegawai_ids=[o.staf.pk],
            mulai=SENIN, selesai=SENIN, catatan="Tambahkan hasil rapat.",
        )  # fmt: skip
    html = client.get(reverse("aktivitas") + f"?minggu={SENIN}").content.decode()
    assert "Catatan atasan:</strong> Tambahkan hasil rapat." in html
    assert "Dikembalikan" in html and "Ajukan hari ini" in html


def test_the_beranda_sends_the_atasan_to_waiting_days_and_the_pegawai_to_returned_ones(
    client, t_orang
):
    o = t_orang
    hari_diajukan(o.staf, SENIN)
    hari_diajukan(o.staf, SENIN + timedelta(days=1))
    masuk(client, o.kabid)
    html = client.get(reverse("beranda")).content.decode()
    assert "2 hari progres harian bawahan menunggu persetujuan" in html
    assert f"?rentang=bulan&amp;tahun={TAHUN}&amp;bulan=3&amp;saring=menunggu" in html
    with scope(instansi=o.kabid.instansi_id):
        services.progres_putuskan(
            by=segar(o.kabid), keputusan=rules.DIKEMBALIKAN, pegawai_ids=[o.staf.pk],
            mulai=SENIN, selesai=SENIN, catatan="Lengkapi.",
        )  # fmt: skip
    masuk(client, o.staf)
    html = client.get(reverse("beranda")).content.decode()
    assert "1 hari progres harian dikembalikan atasan" in html
    assert f"/tpp/aktivitas/?minggu={SENIN}" in html


def test_the_pegawai_sees_the_month_counted_as_tpp_will(client, t_orang):
    o = t_orang
    hari_diajukan(o.staf, SENIN)
    hari_diajukan(o.staf, SENIN + timedelta(days=1))
    with scopes_disabled():
        ProgresHarian.objects.filter(pegawai=o.staf, tanggal=SENIN).update(terlambat=True)
    masuk(client, o.staf)
    html = client.get(reverse("aktivitas") + f"?minggu={SENIN}").content.decode()
    # March 2025 has 21 working days (Monday–Friday, no holiday in this instansi), all
    # past their window: 2 submitted (1 late), 19 empty.
    assert (
        "<strong>2</strong> dari 21 hari kerja diajukan (2 menunggu persetujuan), "
        '<strong class="teks-bahaya">1 terlambat</strong>, '
        '<strong class="teks-bahaya">19 tidak diisi</strong>'
    ) in html
