"""Bantuan pages: access (another instansi's or another pegawai's ticket is a 404), errors
beside the field in Indonesian with what was typed kept, the pages' query counts at two
sizes, and the whole flow through the test client with its e-mails."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from bantuan import rules, services
from bantuan.models import Balasan, PertanyaanUmum, Tiket
from organisasi.models import Notifikasi, Pegawai
from tests.app_bantuan.bantuan_tiket import URAIAN, kabar, pegawai_di, tanya
from tests.bantuan import masuk, pesan, segar, teks
from tests.conftest import per_modul

dunia = per_modul("dunia_modul")


def tiket_staf(d, **ubah):
    with scope(instansi=d.buleleng.pk):
        return tanya(d.staf, **ubah)


def tabel(ctx) -> list[str]:
    """The table each captured query reads first (FROM …), or its statement."""
    return [
        (re.search(r'FROM "(\w+)"', q["sql"]) or re.match(r"(\w+)", q["sql"])).group(1)
        for q in ctx.captured_queries
    ]


# ---- access: the same 404 for missing and forbidden ----------------------------------------


@pytest.mark.parametrize("nama", ["kabid", "kepala", "admin_dinkes", "admin_lain", "pegawai_lain"])
def test_someone_elses_ticket_is_a_404(client, dunia, nama):
    tiket = tiket_staf(dunia)
    masuk(client, getattr(dunia, nama))
    assert client.get(reverse("bantuan_detail", args=[tiket.pk])).status_code == 404
    for url in ("bantuan_detail", "bantuan_teruskan", "bantuan_selesai", "bantuan_buka"):
        data = {"isi": "x", "catatan": "x", "lanjut": "selesai"}
        assert client.post(reverse(url, args=[tiket.pk]), data).status_code == 404, url
    assert segar(tiket).status == rules.BARU
    with scopes_disabled():
        assert not Balasan.objects.exists()


@pytest.mark.parametrize("nama", ["staf", "admin_opd", "admin_bkd"])
def test_the_pegawai_their_admin_opd_and_bkd_open_it(client, dunia, nama):
    tiket = tiket_staf(dunia)
    masuk(client, getattr(dunia, nama))
    halaman = teks(client.get(reverse("bantuan_detail", args=[tiket.pk])))
    assert "Nama saya tidak muncul di atasan" in halaman and URAIAN in halaman
    # The snapshot is for whoever handles it; the pegawai already knows their own data.
    assert ('data-testid="konteks"' in halaman) == (nama != "staf")
    # Only the admin OPD escalates.
    assert ("Teruskan ke BKD" in halaman) == (nama == "admin_opd")
    # Only an admin chooses what the reply does to the ticket.
    assert ("Setelah dibalas" in halaman) == (nama != "staf")


def test_admin_pages_are_for_bkd_only(client, dunia):
    with scope(instansi=dunia.buleleng.pk):
        entri = services.faq_tambah(
            instansi=dunia.buleleng, by=segar(dunia.admin_bkd), pertanyaan="A?", jawaban="a"
        )
    for nama in ("staf", "admin_opd"):
        masuk(client, getattr(dunia, nama))
        for url in ("faq_kelola", "bantuan_kontak"):
            assert client.get(reverse(url)).status_code == 404, (nama, url)
        for url in ("faq_ubah", "faq_hapus", "faq_pindah"):
            assert client.post(reverse(url, args=[entri.pk])).status_code == 404, (nama, url)
    # Another instansi's admin BKD has its own pages, never this instansi's entries.
    masuk(client, dunia.admin_lain)
    assert client.get(reverse("faq_ubah", args=[entri.pk])).status_code == 404
    assert client.post(reverse("faq_hapus", args=[entri.pk])).status_code == 404
    assert "A?" not in teks(client.get(reverse("faq_kelola")))
    # The FAQ of one instansi is not another's.
    assert "A?" not in teks(client.get(reverse("faq")))
    masuk(client, dunia.staf)
    assert "A?" in teks(client.get(reverse("faq")))


def test_anonymous_visitors_go_to_the_login(client, dunia):
    for url in ("bantuan_buat", "bantuan_daftar", "faq"):
        response = client.get(reverse(url))
        assert response.status_code == 302 and "/akun/masuk/" in response.url


# ---- the ticket form ---------------------------------------------------------------------------


def test_the_form_keeps_the_page_of_origin_only_when_it_is_local(client, dunia):
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("bantuan_buat") + "?dari=/skp/12/"))
    assert 'name="dari" value="/skp/12/"' in halaman
    halaman = teks(client.get(reverse("bantuan_buat") + "?dari=https://jahat.example/"))
    assert '<input type="hidden" name="dari" value="">' in halaman
    assert "jahat" not in halaman
    # The automatic check is on the form already: the commonest ticket may not be needed.
    assert "Pemeriksaan otomatis data Anda" in halaman
    assert "Pejabat penilai Anda: Kabid PKAP" in halaman


def test_errors_are_beside_the_field_in_indonesian_and_what_was_typed_stays(client, dunia):
    masuk(client, dunia.staf)
    response = client.post(
        reverse("bantuan_buat"),
        {
            "judul": "",
            "kategori": "skp",
            "uraian": "SKP saya tidak bisa diajukan.",
            "dari": "/skp/",
        },  # fmt: skip
    )
    assert response.status_code == 200
    halaman = teks(response)
    isian_judul = re.search(r'<div class="isian ada-galat">\s*<label for="id_judul">.*?</div>',
                            halaman, re.S)  # fmt: skip
    assert isian_judul and "Tuliskan judul singkat masalah Anda." in isian_judul.group(0)
    assert "SKP saya tidak bisa diajukan.</textarea>" in halaman
    assert '<option value="skp" selected>' in halaman
    assert 'name="dari" value="/skp/"' in halaman
    with scopes_disabled():
        assert not Tiket.objects.exists()

    response = client.post(
        reverse("bantuan_buat"), {"judul": "Judul", "kategori": "", "uraian": ""}
    )
    halaman = teks(response)
    assert "Pilih kategori masalah." in halaman
    assert "Ceritakan masalahnya: apa yang Anda lakukan dan apa yang muncul." in halaman
    assert 'value="Judul"' in halaman


def test_the_ticket_is_created_and_the_pegawai_lands_on_it(client, dunia):
    masuk(client, dunia.staf)
    response = client.post(
        reverse("bantuan_buat"),
        {"judul": "TW IV tidak muncul", "kategori": "penilaian", "uraian": "Tidak ada TW IV.",
         "dari": "/penilaian/"},
    )  # fmt: skip
    with scopes_disabled():
        tiket = Tiket.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("bantuan_detail", args=[tiket.pk])
    assert tiket.konteks["dari"] == "/penilaian/" and tiket.pegawai_id == dunia.staf.pk
    halaman = client.get(response.url)
    assert pesan(halaman) == [
        "Permintaan bantuan terkirim ke admin OPD Anda. Jawabannya muncul di sini."
    ]


def test_a_reply_error_is_shown_beside_the_field(client, dunia):
    tiket = tiket_staf(dunia)
    masuk(client, dunia.admin_opd)
    response = client.post(reverse("bantuan_detail", args=[tiket.pk]), {"isi": "", "lanjut": "x"})
    halaman = teks(response)
    assert response.status_code == 200
    assert "Tuliskan balasan Anda." in halaman
    assert "Pilih kelanjutan permintaan ini." in halaman
    response = client.post(reverse("bantuan_teruskan", args=[tiket.pk]), {"catatan": " "})
    assert "Tuliskan apa yang sudah diperiksa dan mengapa perlu ditangani BKD." in teks(response)
    assert segar(tiket).tingkat == rules.TINGKAT_OPD


def test_the_contact_phone_is_checked_beside_the_field(client, dunia):
    masuk(client, dunia.admin_bkd)
    response = client.post(
        reverse("bantuan_kontak"),
        {"telepon": "12345", "surel": "bkd@bulelengkab.go.id", "jam_layanan": "08.00–15.30"},
    )
    halaman = teks(response)
    assert rules.PESAN_TELEPON in halaman
    assert 'value="12345"' in halaman and 'value="bkd@bulelengkab.go.id"' in halaman
    response = client.post(
        reverse("bantuan_kontak"),
        {"telepon": "0812-3456-7890", "surel": "bkd@bulelengkab.go.id", "jam_layanan": "08.00"},
    )
    assert response.status_code == 302
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("faq")))
    assert "0812-3456-7890" in halaman and "https://wa.me/6281234567890" in halaman
    assert "0812-3456-7890" in teks(client.get(reverse("bantuan_buat")))


def test_bkd_fills_the_default_faq_with_a_button_and_pegawai_read_it(client, dunia):
    masuk(client, dunia.staf)
    assert "Belum ada pertanyaan umum" in teks(client.get(reverse("faq")))
    masuk(client, dunia.admin_bkd)
    halaman = teks(client.get(reverse("faq_kelola")))
    assert "Isi dengan pertanyaan bawaan" in halaman
    client.post(reverse("faq_kelola"), {"aksi": "bawaan"})
    client.post(reverse("faq_kelola"), {"aksi": "bawaan"})  # a double click adds nothing
    with scope(instansi=dunia.buleleng.pk):
        assert PertanyaanUmum.objects.count() == len(services.FAQ_BAWAAN)
        kedua = PertanyaanUmum.objects.order_by("urutan")[1]
    client.post(reverse("faq_pindah", args=[kedua.pk]), {"arah": "naik"})
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("faq")))
    assert halaman.index("Triwulan IV") < halaman.index("Mengapa nama saya tidak muncul")
    assert reverse("bantuan_buat") + "?dari=%2Fbantuan%2Ffaq%2F" in halaman


# ---- query counts -----------------------------------------------------------------------------


def tiket_massal(d, pegawai, jumlah, *, opd=None, tingkat=rules.TINGKAT_OPD):
    """Tickets by bulk_create (only the count matters here; the service is tested in
    test_services.py)."""
    with scopes_disabled():
        Tiket.objects.bulk_create(
            Tiket(
                instansi=d.buleleng,
                pegawai=pegawai,
                opd=opd or d.bkpsdm,
                judul=f"Permintaan {i}",
                kategori=Tiket.Kategori.LAINNYA,
                uraian="Uraian",
                tingkat=tingkat,
            )
            for i in range(jumlah)
        )


DAFTAR_QUERIES = 5
# 1 session; 2 user; 3 the paginator's count of the pegawai's tickets; 4 the menu badge;
# 5 the page of tickets with their OPD joined (no query per row).


def test_my_tickets_cost_the_same_for_3_and_30(client, dunia, django_assert_num_queries):
    masuk(client, dunia.staf)
    tiket_massal(dunia, dunia.kabid, 4)  # not the staf's: not shown
    url = reverse("bantuan_daftar")
    for jumlah, tambahan in [(3, 3), (30, 27)]:
        tiket_massal(dunia, dunia.staf, tambahan)
        with django_assert_num_queries(DAFTAR_QUERIES) as ctx:
            halaman = teks(client.get(url))
        assert len(re.findall(r'href="/bantuan/\d+/"', halaman)) == min(jumlah, 25)
    assert "Halaman 1 dari 2" in halaman
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "bantuan_tiket",  # paginator count
        "organisasi_notifikasi",
        "bantuan_tiket",  # the page
    ]


ANTREAN_QUERIES = 6
# 1 session; 2 user; 3 the paginator's count of the OPD's open tickets; 4 the count of
# those waiting for this admin (the tab's label); 5 the menu badge; 6 the page with the
# pegawai and the OPD joined.


def test_the_admin_queue_costs_the_same_for_3_and_30(client, dunia, django_assert_num_queries):
    masuk(client, dunia.admin_opd)
    perawat = pegawai_di(dunia, dunia.dinkes, "Perawat Dinkes")
    tiket_massal(dunia, perawat, 4, opd=dunia.dinkes)  # another OPD's: not shown
    url = reverse("bantuan_daftar")
    for jumlah, tambahan in [(3, 3), (30, 27)]:
        tiket_massal(dunia, dunia.staf, tambahan)
        with django_assert_num_queries(ANTREAN_QUERIES) as ctx:
            halaman = teks(client.get(url))
        assert f"Permintaan masuk ({jumlah} menunggu)" in halaman
        assert halaman.count("Staf PKAP") == min(jumlah, 25)
        assert "Perawat Dinkes" not in halaman
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "bantuan_tiket",
        "bantuan_tiket",
        "organisasi_notifikasi",
        "bantuan_tiket",
    ]
    # BKD: all OPD on request, the same cost.
    masuk(client, dunia.admin_bkd)
    with django_assert_num_queries(ANTREAN_QUERIES):
        halaman = teks(client.get(url + "?tab=masuk&lingkup=semua&status=semua"))
    assert "(34 data)" in halaman  # the 30 of BKPSDM and the 4 of Dinas Kesehatan
    # By default only what is at BKD's level: none yet (and no page read when it counts 0).
    with django_assert_num_queries(ANTREAN_QUERIES - 1):
        halaman = teks(client.get(url))
    assert "Tidak ada permintaan dengan saringan ini." in halaman


DETAIL_QUERIES = 7
# 1 session; 2 user; 3 the ticket with its pegawai and OPD joined (through the access
# helper); 4 its notifications to this user marked read (one UPDATE); 5 the instansi's
# contact; 6 the menu badge; 7 the thread with who wrote each entry joined (no query per
# reply).


def test_the_ticket_page_costs_the_same_for_3_and_30_replies(
    client, dunia, django_assert_num_queries
):
    tiket = tiket_staf(dunia)
    masuk(client, dunia.admin_opd)
    url = reverse("bantuan_detail", args=[tiket.pk])
    for jumlah, tambahan in [(3, 3), (30, 27)]:
        with scopes_disabled():
            Balasan.objects.bulk_create(
                Balasan(
                    instansi=dunia.buleleng,
                    tiket=tiket,
                    oleh=dunia.staf if i % 2 else dunia.admin_opd,
                    isi=f"Balasan ke-{i}",
                )
                for i in range(tambahan)
            )
        with django_assert_num_queries(DETAIL_QUERIES) as ctx:
            halaman = teks(client.get(url))
        assert halaman.count('data-testid="balasan"') == jumlah
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "bantuan_tiket",
        "UPDATE",  # organisasi_notifikasi
        "bantuan_kontakbantuan",
        "organisasi_notifikasi",
        "bantuan_balasan",
    ]


FAQ_QUERIES = 5
# 1 session; 2 user; 3 the instansi's contact; 4 the menu badge; 5 the entries in order.


def test_the_faq_page_costs_the_same_for_3_and_30_entries(client, dunia, django_assert_num_queries):
    masuk(client, dunia.staf)
    for jumlah, tambahan in [(3, 3), (30, 27)]:
        with scopes_disabled():
            PertanyaanUmum.objects.bulk_create(
                PertanyaanUmum(instansi=dunia.buleleng, pertanyaan=f"P{i}?", jawaban="J", urutan=i)
                for i in range(tambahan)
            )
        with django_assert_num_queries(FAQ_QUERIES) as ctx:
            halaman = teks(client.get(reverse("faq")))
        assert halaman.count('data-testid="faq"') == jumlah
    assert tabel(ctx) == [
        "django_session",
        "organisasi_pegawai",
        "bantuan_kontakbantuan",
        "organisasi_notifikasi",
        "bantuan_pertanyaanumum",
    ]


# ---- the whole flow, with e-mail ----------------------------------------------------------------


@pytest.fixture
def surel(settings, celery_di_proses, dunia):
    settings.NOTIFIKASI_SUREL = True
    with scopes_disabled():
        for nama, alamat in [
            ("staf", "staf@bulelengkab.go.id"),
            ("admin_opd", "admin.bkpsdm@bulelengkab.go.id"),
            ("admin_bkd", "bkd@bulelengkab.go.id"),
        ]:
            Pegawai.objects.filter(pk=getattr(dunia, nama).pk).update(
                email=alamat, notifikasi_surel=Pegawai.SurelNotifikasi.SEGERA
            )
    return settings


def test_ask_answer_escalate_reply_and_close_with_emails_both_ways(
    client, dunia, surel, django_capture_on_commit_callbacks
):
    def kirim(pegawai, url, data):
        masuk(client, pegawai)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, teks(response)
        return response

    def surat_terakhir():
        return (mail.outbox[-1].to, mail.outbox[-1].subject)

    # The staf asks from the SKP page.
    kirim(
        dunia.staf,
        reverse("bantuan_buat"),
        {"judul": "Atasan tidak muncul", "kategori": "atasan", "uraian": URAIAN, "dari": "/skp/"},
    )
    with scopes_disabled():
        tiket = Tiket.objects.get()
    assert surat_terakhir() == (
        ["admin.bkpsdm@bulelengkab.go.id"],
        "[e-Kinerja] Permintaan bantuan baru: Atasan tidak muncul",
    )
    assert f"/bantuan/{tiket.pk}/" in mail.outbox[-1].body
    assert len(mail.outbox) == 1

    # The admin OPD sees it waiting, answers, and asks the staf.
    masuk(client, dunia.admin_opd)
    antrean = teks(client.get(reverse("bantuan_daftar")))
    assert "Permintaan masuk (1 menunggu)" in antrean and "Atasan tidak muncul" in antrean
    kirim(
        dunia.admin_opd,
        reverse("bantuan_detail", args=[tiket.pk]),
        {"isi": "Pilih Bidang PKAP sebagai unit kerja.", "lanjut": rules.MENUNGGU_PEGAWAI},
    )
    assert surat_terakhir() == (
        ["staf@bulelengkab.go.id"],
        "[e-Kinerja] Jawaban atas permintaan bantuan Anda: Atasan tidak muncul",
    )
    assert "Pilih Bidang PKAP sebagai unit kerja." in mail.outbox[-1].body

    # The staf sees the answer and replies; the admin OPD escalates; BKD is told.
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("bantuan_detail", args=[tiket.pk])))
    assert "Pilih Bidang PKAP sebagai unit kerja." in halaman
    assert "Menunggu jawaban pegawai" in halaman
    kirim(dunia.staf, reverse("bantuan_detail", args=[tiket.pk]), {"isi": "Sudah, tetap."})
    assert surat_terakhir()[0] == ["admin.bkpsdm@bulelengkab.go.id"]
    kirim(
        dunia.admin_opd,
        reverse("bantuan_teruskan", args=[tiket.pk]),
        {"catatan": "Unit benar; perlu pengecekan BKD."},
    )
    penerima = sorted(m.to[0] for m in mail.outbox[-2:])
    assert penerima == ["bkd@bulelengkab.go.id", "staf@bulelengkab.go.id"]

    # BKD answers and closes it in one reply; the staf is told, then reopens and closes.
    kirim(
        dunia.admin_bkd,
        reverse("bantuan_detail", args=[tiket.pk]),
        {"isi": "Sudah kami perbaiki.", "lanjut": rules.SELESAI},
    )
    assert surat_terakhir() == (
        ["staf@bulelengkab.go.id"],
        "[e-Kinerja] Permintaan bantuan Anda dijawab dan selesai: Atasan tidak muncul",
    )
    kirim(dunia.staf, reverse("bantuan_buka", args=[tiket.pk]), {})
    assert surat_terakhir() == (
        ["bkd@bulelengkab.go.id"],
        "[e-Kinerja] Permintaan bantuan dibuka kembali: Atasan tidak muncul",
    )
    jumlah_surat = len(mail.outbox)
    kirim(dunia.staf, reverse("bantuan_selesai", args=[tiket.pk]), {})
    assert len(mail.outbox) == jumlah_surat  # closing one's own ticket tells nobody
    assert segar(tiket).status == rules.SELESAI

    # Every in-app notification was e-mailed, and each event told each recipient once.
    with scopes_disabled():
        semua = list(Notifikasi.objects.filter(jenis=Notifikasi.Jenis.BANTUAN))
    assert {n.surel for n in semua} == {Notifikasi.Surel.TERKIRIM}
    assert len(semua) == len(mail.outbox) == 7
    assert [n.judul for n in kabar(dunia.admin_dinkes)] == []
    halaman = teks(client.get(reverse("bantuan_detail", args=[tiket.pk])))
    for isi in ("Sudah, tetap.", "Diteruskan ke BKD", "Sudah kami perbaiki.", "Dibuka kembali"):
        assert isi in halaman, isi
    assert "Buka kembali" in halaman  # the staf's own button on a closed ticket


def test_the_header_link_brings_the_page_it_was_clicked_on(client, dunia):
    """The "Bantuan" link of every page carries no path (no page reflects its own URL);
    the form takes the page from this site's Referer, and ignores another site's."""
    masuk(client, dunia.staf)
    halaman = client.get(
        reverse("bantuan_buat"), HTTP_REFERER="http://testserver/penilaian/?tahun=2025"
    ).content.decode()
    assert 'name="dari" value="/penilaian/?tahun=2025"' in halaman
    halaman = client.get(
        reverse("bantuan_buat"), HTTP_REFERER="http://jahat.example/penilaian/"
    ).content.decode()
    assert 'name="dari" value=""' in halaman


def test_opening_the_thread_marks_its_notifications_read(client, dunia):
    tiket = tiket_staf(dunia)  # the admin OPD was told of it
    with scopes_disabled():
        belum = Notifikasi.objects.filter(
            penerima=dunia.admin_opd, kunci__startswith=f"bantuan:{tiket.pk}:"
        )
        assert belum.filter(dibaca_pada__isnull=True).exists()
    masuk(client, dunia.admin_opd)
    client.get(reverse("bantuan_detail", args=[tiket.pk]))
    with scopes_disabled():
        assert not belum.filter(dibaca_pada__isnull=True).exists()
