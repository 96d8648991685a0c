"""Penilaian views, who may reach what: the role access matrix of every URL of the
evaluation (each allowed cell asserts its effect, each refused one a 404 that changed
nothing), tenant isolation of the list pages, the query count of the period page and
malformed posts, all on one world built once for this module (`v_dunia`, see
tests/penilaian/bantuan_views.py buat_dunia).
"""

import copy
import re
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from jadwal import rules as jadwal_rules
from jadwal.models import Dispensasi
from organisasi.models import Pegawai
from penilaian import rules
from penilaian import services as penilaian
from penilaian.models import (
    KomentarKinerja,
    Pembinaan,
    PeriodePenilaian,
)
from skp.models import SKP
from skp.rules import NAMA_BERAKHLAK
from tests.bantuan import masuk, segar, teks
from tests.conftest import per_modul
from tests.penilaian.bantuan_views import (
    TAHUN,
    buat_dunia,
    bukti_tautan_massal,
    isian,
    keadaan,
    rencana_aksi_massal,
    rhk_dari,
    rhk_tambahan,
    umpan_balik_massal,
)

PERSONA = [
    "staf",
    "kabid",
    "rekan",
    "kepala",
    "admin_opd",
    "admin_dinkes",
    "admin_bkd",
    "admin_lain",
    "pegawai_lain",
]
LAIN_INSTANSI = {"admin_lain", "pegawai_lain"}


# The world is built once for this module (tests/conftest.py transaksi_modul); each test
# runs in a savepoint inside it and gets its own copy of the objects.
dunia = per_modul("dunia_modul")
v_dunia = per_modul("v_dunia_modul")


@pytest.fixture(scope="module")
def v_dunia_modul(dunia_modul, django_db_blocker):
    with django_db_blocker.unblock():
        return buat_dunia(copy.deepcopy(dunia_modul))


@pytest.fixture(autouse=True)
def media_sementara(media_modul):
    """Uploads and documents land in the module's folder (its world's files are there)."""
    return media_modul


@pytest.fixture
def superadmin(db):
    return Pegawai.objects.create_superuser("superadmin", "rahasia-uji-123", nama="Super")


def persona(w, nama):
    return getattr(w, nama)


# ---- the access matrix ------------------------------------------------------------

SEMUA_PEGAWAI = frozenset(PERSONA)
PEMILIK = frozenset({"staf"})
PENILAI = frozenset({"kabid"})
LIHAT = frozenset({"staf", "kabid", "admin_opd", "admin_bkd"})  # may see the staf's periods
ADMIN = frozenset({"admin_opd", "admin_dinkes", "admin_bkd", "admin_lain"})
ADMIN_BULELENG = ADMIN - LAIN_INSTANSI
BKD = frozenset({"admin_bkd", "admin_lain"})


def _tw1(w):
    return [w.tw1.pk]


def _tw2(w):
    return [w.tw2.pk]


def _dokumen(w):
    return [w.dokumen.pk]


def _tanpa(w):
    return []


def _umpan_balik(w):
    data = {f"rhk_{r.pk}": "Perlu lebih rinci." for r in rhk_dari(w.skp_staf)}
    data.update({f"perilaku_{kode}": "Pertahankan." for kode in NAMA_BERAKHLAK})
    return data


# name → (method, url args, POST data, personas allowed, their status). Owner actions
# address tw1 (pengisian) or tw2 (submitted); penilai actions tw2; the review tw3.
URL = {
    "penilaian_saya": ("get", _tanpa, None, SEMUA_PEGAWAI, 200),
    "periode_tambah": ("post", lambda w: [w.skp_staf.pk], {"kode": "final"}, PEMILIK, 302),
    "periode_detail": ("get", _tw1, None, LIHAT, 200),
    "rencana_aksi_simpan": (
        "post",
        _tw1,
        lambda w: {
            "ra-rhk": w.ra_tanpa_bukti.rhk_id,
            "ra-uraian": "Menyusun draf",
            "ra-target": "2",
            "ra-satuan": "Dokumen",
        },
        PEMILIK,
        302,
    ),
    "rencana_aksi_hapus": ("post", lambda w: [w.tw1.pk, w.ra_tanpa_bukti.pk], None, PEMILIK, 302),
    "realisasi_simpan": (
        "post",
        _tw1,
        lambda w: {"rencana_aksi": w.ra_tanpa_bukti.pk, "realisasi": "Draf selesai."},
        PEMILIK,
        302,
    ),
    "bukti_tambah": (
        "post",
        _tw1,
        lambda w: {"rencana_aksi": w.ra_bukti.pk, "tautan": "https://drive.contoh.go.id/b"},
        PEMILIK,
        302,
    ),
    "periode_ajukan": ("post", _tw1, None, PEMILIK, 302),
    "periode_tarik": ("post", _tw2, None, PEMILIK, 302),
    "periode_kembalikan": (
        "post",
        _tw2,
        {"kembali-catatan": "Lengkapi bukti."},
        PENILAI,
        302,
    ),
    "umpan_balik_simpan": ("post", _tw2, _umpan_balik, PENILAI, 302),
    "periode_nilai": (
        "post",
        _tw2,
        {"rating_hasil_kerja": rules.SESUAI, "rating_perilaku_kerja": rules.SESUAI},
        PENILAI,
        302,
    ),
    "review_putuskan": (
        "post",
        lambda w: [w.tw3.pk],
        {"keputusan": "setujui"},
        frozenset({"admin_bkd"}),
        302,
    ),
    "bukti_unduh": ("get", lambda w: [w.bukti.pk], None, LIHAT, 200),
    "penilaian_bawahan": ("get", _tanpa, None, SEMUA_PEGAWAI, 200),
    "penilaian_massal": ("get", _tanpa, None, SEMUA_PEGAWAI, 200),
    "pemantauan": ("get", _tanpa, None, SEMUA_PEGAWAI, 200),
    "review_antrean": ("get", _tanpa, None, BKD, 200),
    "penugasan_keluar": ("get", _tanpa, None, BKD, 200),
    "tindak_lanjut": ("get", _tanpa, None, BKD, 200),
    "kurva": ("get", _tanpa, None, ADMIN, 200),
    "penilaian_progres": ("get", _tanpa, None, ADMIN, 200),
    "dokumen_periode": ("get", _tw1, None, LIHAT, 200),
    "dokumen_unduh": ("get", _dokumen, None, LIHAT, 200),
    # Anyone who may see the period reaches the service, which refuses (not rated yet).
    "dokumen_tandatangani": ("post", _dokumen, None, LIHAT, 302),
    "dokumen_pindaian": ("post", _dokumen, None, LIHAT, 302),
    "cetak_massal": ("get", _tanpa, None, ADMIN, 200),
    "cetak_massal_unduh": (
        "get",
        lambda w: [w.cetak.pk],
        None,
        frozenset({"admin_opd", "admin_bkd"}),
        200,
    ),
    "jadwal_daftar": ("get", _tanpa, None, ADMIN, 200),
    "dispensasi": ("get", lambda w: [w.jadwal.pk], None, ADMIN_BULELENG, 200),
    # Dialog kinerja and continuous feedback belong to the pegawai and their penilai.
    "dialog_catat": (
        "post",
        lambda w: [w.skp_staf.pk],
        {
            "tanggal": "2025-02-03",
            "topik": "review_progres",
            "pembahasan": "Kemajuan laporan.",
            "kesepakatan": "Lanjutkan.",
        },
        PEMILIK | PENILAI,
        302,
    ),
    # Both reach it; only the side that did not record it confirms (the staf recorded).
    "dialog_konfirmasi": ("post", lambda w: [w.dialog.pk], None, PEMILIK | PENILAI, 302),
    "diskusi_rhk": ("get", lambda w: [w.ra_bukti.rhk_id], None, LIHAT, 200),
    "pembinaan_catat": (
        "post",
        lambda w: [w.tw4.pk],
        {"jenis": "konseling", "rencana": "Konseling.", "tanggal_tindak_lanjut": "2099-02-28"},
        PENILAI,
        302,
    ),
    "pembinaan_selesai": (
        "post",
        lambda w: [w.pembinaan.pk],
        {"hasil": "Laporan kini tepat waktu."},
        PENILAI,
        302,
    ),
}
# List pages of one period; without ?periode= the penilai is sent to the earliest waiting one.
DAFTAR_BERPERIODE = {
    "penilaian_bawahan",
    "penilaian_massal",
    "pemantauan",
    "kurva",
    "penilaian_progres",
}
POST_SAJA = [nama for nama, (cara, *_) in URL.items() if cara == "post"]


def test_the_matrix_names_every_url_of_the_evaluation():
    """Every page of penilaian and of the jadwal and dokumen apps that split from it, with
    the dialog kinerja (now beside the SKP) and pemantauan (beside the aktivitas)."""
    from dokumen.urls import urlpatterns as dokumen
    from jadwal.urls import urlpatterns as jadwal
    from penilaian.urls import urlpatterns as penilaian

    pindah = {"dialog_catat", "dialog_konfirmasi", "pemantauan"}
    assert {p.name for p in penilaian + jadwal + dokumen} | pindah == set(URL)


def url_dari(w, nama):
    _, args, _, _, _ = URL[nama]
    return reverse(nama, args=args(w))


def minta(client, w, nama):
    cara, _, data, _, _ = URL[nama]
    if callable(data):
        data = data(w)
    url = url_dari(w, nama)
    if nama in DAFTAR_BERPERIODE:
        url += f"?tahun={TAHUN}&periode=tw1"
    response = getattr(client, cara)(url, data or {})
    if response.streaming:
        # Read it to the end: the test client then finishes the request without closing
        # the database connection (response.close() would, on PostgreSQL, inside the
        # test's transaction).
        b"".join(response.streaming_content)
    return response


# Allowed writes of the matrix that must change something (for everyone allowed, or only
# for the personas named); the others are refused by the service with a message (nothing
# to sign yet, no scan chosen, a dialog one recorded oneself).
SEMUA_YANG_BOLEH = None
MENGUBAH = {
    "periode_tambah": SEMUA_YANG_BOLEH,
    "rencana_aksi_simpan": SEMUA_YANG_BOLEH,
    "rencana_aksi_hapus": SEMUA_YANG_BOLEH,
    "realisasi_simpan": SEMUA_YANG_BOLEH,
    "bukti_tambah": SEMUA_YANG_BOLEH,
    "periode_ajukan": SEMUA_YANG_BOLEH,
    "periode_tarik": SEMUA_YANG_BOLEH,
    "periode_kembalikan": SEMUA_YANG_BOLEH,
    "umpan_balik_simpan": SEMUA_YANG_BOLEH,
    "periode_nilai": SEMUA_YANG_BOLEH,
    "review_putuskan": SEMUA_YANG_BOLEH,
    "dialog_catat": SEMUA_YANG_BOLEH,
    "dialog_konfirmasi": PENILAI,
    "pembinaan_catat": SEMUA_YANG_BOLEH,
    "pembinaan_selesai": SEMUA_YANG_BOLEH,
}


def harus_mengubah(nama_url, nama_persona) -> bool:
    if nama_url not in MENGUBAH:
        return False
    return MENGUBAH[nama_url] is SEMUA_YANG_BOLEH or nama_persona in MENGUBAH[nama_url]


def coba(client, w, minta_fn):
    """One request on the world as built: (status, whether it changed anything). What it
    writes is rolled back after, so every request of a test meets the same state; one
    world per test rather than one per request keeps the matrix fast."""
    sid = transaction.savepoint()
    try:
        sebelum = keadaan()
        response = minta_fn()
        return response, keadaan() != sebelum
    finally:
        transaction.savepoint_rollback(sid)


# POST on pages that also answer GET (forms of admin pages and the print dialog).
def _data_jadwal(w):
    return {
        "jadwal-langkah": jadwal_rules.CETAK,
        "jadwal-kode": "tw2",
        "jadwal-mulai": "2025-07-01T08:00",
        "jadwal-batas": "2025-07-15T15:30",
    }


# name → (url args, POST data, {persona: status}); everyone else gets a 404.
TULIS = {
    "kurva": (
        _tanpa,
        lambda w: {"opd": w.bkpsdm.pk, "capaian": rules.BAIK},
        {"admin_bkd": 302},  # admin_lain: BKPSDM is outside its scope, a 404
    ),
    "jadwal_daftar": (
        _tanpa,
        _data_jadwal,
        {"admin_bkd": 302, "admin_lain": 302},  # each BKD for its own instansi
    ),
    "dispensasi": (
        lambda w: [w.jadwal.pk],
        lambda w: {"nip": w.staf.nip, "sampai": "2030-01-01T10:00", "alasan": "Sakit."},
        # admin_dinkes reaches the form, which says the staf is not in its OPD.
        {"admin_opd": 302, "admin_bkd": 302, "admin_dinkes": 200},
    ),
    "cetak_massal": (
        _tanpa,
        lambda w: {"opd": w.bkpsdm.pk},
        # Other admins reach the form, where BKPSDM is no choice.
        {"admin_opd": 302, "admin_bkd": 302, "admin_dinkes": 200, "admin_lain": 200},
    ),
    "dokumen_periode": (
        _tw1,
        {"tanggal": "2025-03-31", "lokasi": "Singaraja"},
        {"staf": 302, "kabid": 302, "admin_opd": 302, "admin_bkd": 302},
    ),
    # Admins may read the thread, not write in it.
    "diskusi_rhk": (
        lambda w: [w.ra_bukti.rhk_id],
        {"isi": "Apakah notulen cukup sebagai bukti?"},
        {"staf": 302, "kabid": 302},
    ),
}


@pytest.mark.parametrize("nama_persona", PERSONA)
def test_penilaian_urls_by_role_and_tenant(client, v_dunia, nama_persona):
    """One persona on every URL, and on the forms of pages that also answer GET: the
    allowed status (and, for a write, a change), or a 404 (or a refused form) that
    changed nothing. Every mismatch is listed."""
    masuk(client, persona(v_dunia, nama_persona))
    salah = []
    for nama_url, (cara, _, _, boleh, status_boleh) in URL.items():
        response, berubah = coba(client, v_dunia, lambda n=nama_url: minta(client, v_dunia, n))
        if nama_persona in boleh:
            harapan = (status_boleh, cara == "post" and harus_mengubah(nama_url, nama_persona))
        else:
            harapan = (404, False)
        if (response.status_code, berubah) != harapan:
            salah.append((nama_url, (response.status_code, berubah), harapan))
    for nama_url, (args, data, boleh) in TULIS.items():
        url = reverse(nama_url, args=args(v_dunia))
        isi = data(v_dunia) if callable(data) else data
        response, berubah = coba(client, v_dunia, lambda u=url, i=isi: client.post(u, i))
        status = boleh.get(nama_persona, 404)
        if (response.status_code, berubah) != (status, status == 302):
            salah.append((f"{nama_url} POST", (response.status_code, berubah), status))
    assert salah == []


def test_anonymous_is_sent_to_login(client, v_dunia):
    sebelum = keadaan()
    for nama_url in URL:
        response = minta(client, v_dunia, nama_url)
        assert response.status_code == 302, nama_url
        assert response.url.startswith(reverse("login")), nama_url
    assert keadaan() == sebelum


def test_superadmin_sees_no_penilaian_url(client, v_dunia, superadmin):
    masuk(client, superadmin)
    sebelum = keadaan()
    for nama_url in URL:
        assert minta(client, v_dunia, nama_url).status_code == 404, nama_url
    assert keadaan() == sebelum


def test_post_only_urls_refuse_get(client, v_dunia):
    """GET on a write, by the very persona allowed to POST it."""
    sebelum = keadaan()
    for nama_url in POST_SAJA:
        _, _, _, boleh, _ = URL[nama_url]
        orang = "admin_bkd" if "admin_bkd" in boleh else sorted(boleh)[-1]
        response = masuk(client, persona(v_dunia, orang)).get(url_dari(v_dunia, nama_url))
        assert response.status_code == 405, nama_url
    assert keadaan() == sebelum


def tanpa_token(response) -> str:
    """The page without its CSRF tokens, which differ on every response."""
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", response.content.decode())


def test_missing_and_forbidden_periods_answer_the_same_404(client, v_dunia):
    masuk(client, v_dunia.admin_lain)
    milik_lain = client.get(reverse("periode_detail", args=[v_dunia.tw1.pk]))
    tidak_ada = client.get(reverse("periode_detail", args=[v_dunia.tw1.pk + 10_000]))
    assert milik_lain.status_code == tidak_ada.status_code == 404
    assert tanpa_token(milik_lain) == tanpa_token(tidak_ada)
    masuk(client, v_dunia.rekan)
    bukti_lain = client.get(reverse("bukti_unduh", args=[v_dunia.bukti.pk]))
    bukti_tidak_ada = client.get(reverse("bukti_unduh", args=[v_dunia.bukti.pk + 10_000]))
    assert bukti_lain.status_code == bukti_tidak_ada.status_code == 404
    assert tanpa_token(bukti_lain) == tanpa_token(bukti_tidak_ada)


def test_ids_in_the_form_must_belong_to_the_period_in_the_url(client, v_dunia):
    """The staf's own tw2 in the URL with tw1's rencana aksi or bukti is a 404."""
    w = v_dunia
    masuk(client, w.staf)
    with scope(instansi=w.buleleng.pk):
        penilaian.periode_tarik(periode=segar(w.tw2), by=segar(w.staf))
    sebelum = keadaan()
    url = reverse("realisasi_simpan", args=[w.tw2.pk])
    data = {"rencana_aksi": w.ra_tanpa_bukti.pk, "realisasi": "x"}
    assert client.post(url, data).status_code == 404
    url = reverse("bukti_tambah", args=[w.tw2.pk])
    data = {"ganti": w.bukti.pk, "tautan": "https://contoh.go.id/x"}
    assert client.post(url, data).status_code == 404
    url = reverse("rencana_aksi_hapus", args=[w.tw2.pk, w.ra_tanpa_bukti.pk])
    assert client.post(url).status_code == 404
    url = reverse("rencana_aksi_simpan", args=[w.tw2.pk])
    ra = w.ra_tanpa_bukti
    data = {"rencana_aksi": ra.pk, "ra-rhk": ra.rhk_id, "ra-uraian": "x"}
    assert client.post(url, data).status_code == 404
    assert keadaan() == sebelum


def test_buleleng_users_cannot_open_a_period_of_the_other_instansi(client, dunia):
    with scopes_disabled():
        skp_lain = SKP.objects.create(
            instansi=dunia.lain,
            pegawai=dunia.pegawai_lain,
            tahun=TAHUN,
            mulai=date(TAHUN, 1, 1),
            selesai=date(TAHUN, 12, 31),
            status=SKP.Status.DISETUJUI,
            unit_kerja=dunia.opd_lain,
            penilai=dunia.admin_lain,
        )
        periode_lain = PeriodePenilaian.objects.create(
            instansi=dunia.lain,
            skp=skp_lain,
            pegawai=dunia.pegawai_lain,
            tahun=TAHUN,
            kode="tw1",
            mulai=date(TAHUN, 1, 1),
            selesai=date(TAHUN, 3, 31),
        )
    url = reverse("periode_detail", args=[periode_lain.pk])
    for nama in ["admin_bkd", "admin_opd", "staf", "kabid"]:
        assert masuk(client, getattr(dunia, nama)).get(url).status_code == 404, nama
    assert masuk(client, dunia.pegawai_lain).get(url).status_code == 200
    assert masuk(client, dunia.admin_lain).get(url).status_code == 200


DAFTAR_PEGAWAI = ["penilaian_saya", "penilaian_bawahan", "penilaian_massal", "pemantauan"]
DAFTAR_ADMIN = ["kurva", "penilaian_progres", "cetak_massal", "jadwal_daftar"]


@pytest.mark.parametrize(
    "nama_persona,daftar",
    [
        ("pegawai_lain", DAFTAR_PEGAWAI),
        ("admin_lain", DAFTAR_PEGAWAI + DAFTAR_ADMIN + ["review_antrean"]),
    ],
)
def test_list_pages_show_nothing_of_the_other_instansi(client, v_dunia, nama_persona, daftar):
    """Buleleng has a Sangat Baik waiting in TW III, units, a jadwal and a bulk print: none
    of it shows on the other instansi's lists."""
    masuk(client, persona(v_dunia, nama_persona))
    for nama_url in daftar:
        halaman = teks(client.get(reverse(nama_url) + f"?tahun={TAHUN}&periode=tw3"))
        for buleleng in ["Staf PKAP", "Kabid PKAP", "BKPSDM", "Bidang PKAP", "Dinas Kesehatan"]:
            assert buleleng not in halaman, (nama_url, buleleng)
        assert reverse("periode_detail", args=[v_dunia.tw3.pk]) not in halaman, nama_url
        assert reverse("dispensasi", args=[v_dunia.jadwal.pk]) not in halaman, nama_url
        assert reverse("cetak_massal_unduh", args=[v_dunia.cetak.pk]) not in halaman, nama_url
    if nama_persona == "admin_lain":
        # Its own instansi is there: the pages are not simply empty.
        halaman = teks(client.get(reverse("kurva") + f"?tahun={TAHUN}&periode=tw3"))
        assert "Kurva distribusi Dinas Lain" in halaman


def test_admin_of_another_opd_sees_nothing_of_bkpsdm_on_admin_pages(client, v_dunia):
    masuk(client, v_dunia.admin_dinkes)
    for nama_url in ["kurva", "penilaian_progres", "cetak_massal"]:
        halaman = teks(client.get(reverse(nama_url) + f"?tahun={TAHUN}&periode=tw1"))
        assert "Dinas Kesehatan" in halaman, nama_url
        assert "BKPSDM" not in halaman and "Bidang PKAP" not in halaman, nama_url
    url = reverse("penilaian_progres") + f"?tahun={TAHUN}&periode=tw1&unit={v_dunia.bidang.pk}"
    assert client.get(url).status_code == 404


def test_bawahan_page_opens_on_the_earliest_period_waiting_for_the_penilai(client, v_dunia):
    masuk(client, v_dunia.kabid)
    response = client.get(reverse("penilaian_bawahan"))
    assert response.url == reverse("penilaian_bawahan") + f"?tahun={TAHUN}&periode=tw2"
    halaman = teks(client.get(response.url))
    assert "Penilaian Bawahan · Triwulan II 2025" in halaman
    # Nobody waits for the rekan: no redirect, today's period.
    assert masuk(client, v_dunia.rekan).get(reverse("penilaian_bawahan")).status_code == 200


DETAIL_QUERIES = {
    # session; user; the period (pegawai, their unit and its pimpinan, SKP with its
    # unit and pejabat penilai, penilai, reviewer); RHK; indikator; bukti; rencana
    # aksi (with their progres harian summed) and the progres entries behind them;
    # umpan balik; perilaku; continuous-feedback counts per RHK; the badge; the
    # RHK choices of the rencana aksi form (twice: Django's Select asks for the first
    # choice to decide `required`, then renders them all); riwayat. The jadwal of the
    # year comes from the cache; pembinaan are only read once the period is rated.
    ("staf", "tw1"): 15,
    # session; user; the period (with the pimpinan of the pegawai's unit: is the viewer
    # the penilai?); the six reads of the period and the progres harian entries behind its
    # rencana aksi; riwayat; the continuous-feedback threads
    # beside the feedback form (they give the counts; what lacks feedback comes from the
    # six reads); the kurva of the SKP unit's OPD (rollup time, OPD, counts, capaian);
    # the badge.
    ("kabid", "tw2"): 17,
    # A rated Butuh Perbaikan: the six reads (+ progres entries), riwayat, pembinaan,
    # feedback counts, with the pembinaan form; no rating reads (no threads, no kurva).
    ("kabid", "tw4"): 14,
    # session; user; the period; does the admin manage the pegawai (EXISTS); the six
    # reads and the progres entries; feedback counts; the badge; riwayat; pembinaan once
    # rated.
    ("admin_bkd", "tw3"): 15,
    ("admin_opd", "tw1"): 14,
}


def tambah_delapan_rhk(w):
    """RHK 3..10 on the staf's SKP, each with a rencana aksi (with realisasi) in every
    period, a link as bukti in tw1, the kabid's feedback in the others and a note in its
    continuous-feedback thread; and three more pembinaan in tw4."""
    rhk = rhk_tambahan(w, w.skp_staf, 3, 11)
    for periode in (w.tw1, w.tw2, w.tw3, w.tw4):
        rencana_aksi = rencana_aksi_massal(w, periode, rhk)
        if periode is w.tw1:
            bukti_tautan_massal(w, periode, rencana_aksi, w.staf)
        else:
            umpan_balik_massal(w, periode, w.kabid, rhk)
    with scopes_disabled():
        KomentarKinerja.objects.bulk_create(
            KomentarKinerja(instansi=w.buleleng, rhk=r, oleh=w.staf, isi="Mohon arahan.")
            for r in rhk
        )
        Pembinaan.objects.bulk_create(
            Pembinaan(
                instansi=w.buleleng,
                periode=w.tw4,
                jenis="mentoring",
                rencana=f"Mentoring ke-{n}",
                tanggal_tindak_lanjut=date(2099, 2, n),
                oleh=w.kabid,
            )
            for n in range(1, 4)
        )


def test_period_page_costs_the_same_for_2_and_10_rhk(
    client, v_dunia, django_assert_num_queries, settings
):
    w = v_dunia
    halaman_awal = {}
    # The penilai's kurva comes from the rollup (inti.rekap), counted by the first read.
    settings.REKAP_UMUR = 3600
    for (nama, kode), n in DETAIL_QUERIES.items():
        masuk(client, getattr(w, nama))
        client.get(reverse("periode_detail", args=[getattr(w, kode).pk]))
        with django_assert_num_queries(n):
            response = client.get(reverse("periode_detail", args=[getattr(w, kode).pk]))
        halaman_awal[nama, kode] = teks(response)
    tambah_delapan_rhk(w)
    for (nama, kode), n in DETAIL_QUERIES.items():
        masuk(client, getattr(w, nama))
        with django_assert_num_queries(n):
            halaman = teks(client.get(reverse("periode_detail", args=[getattr(w, kode).pk])))
        assert all(f"RHK tambahan ke-{i}" in halaman for i in range(3, 11)), nama
        assert halaman.count("Target: 1 Dokumen") == 8, nama
        assert halaman.count("Diskusi (1)") == 8, nama
    # What each role is there for shows: the owner's link bukti, the penilai's feedback
    # form, the pembinaan, the BKD's review.
    masuk(client, w.staf)
    halaman = teks(client.get(reverse("periode_detail", args=[w.tw1.pk])))
    assert halaman.count("https://drive.contoh.go.id/bukti-") >= 8
    assert 'data-testid="form-umpan-balik"' in halaman_awal["kabid", "tw2"]
    assert "Catat pembinaan" in halaman_awal["kabid", "tw4"]
    masuk(client, w.kabid)
    halaman = teks(client.get(reverse("periode_detail", args=[w.tw4.pk])))
    assert all(f"Mentoring ke-{n}" in halaman for n in range(1, 4))
    assert "Review predikat Sangat Baik" in halaman_awal["admin_bkd", "tw3"]
    assert "Review predikat Sangat Baik" not in halaman_awal["admin_opd", "tw1"]


def test_another_opd_admin_cannot_give_a_dispensasi_to_the_staf(client, v_dunia):
    url = reverse("dispensasi", args=[v_dunia.jadwal.pk])
    data = {"nip": v_dunia.staf.nip, "sampai": "2030-01-01T10:00", "alasan": "Sakit."}
    halaman = teks(masuk(client, v_dunia.admin_dinkes).post(url, data))
    assert "Pegawai dengan NIP ini tidak ada di OPD yang Anda kelola." in isian(halaman, "nip")
    assert "Sakit." in isian(halaman, "alasan")
    with scopes_disabled():
        assert not Dispensasi.objects.exists()


MALFORMED_POST = [
    ("admin_bkd", "kurva", _tanpa, {"opd": "abc", "capaian": "baik"}, 404),
    ("admin_bkd", "kurva", _tanpa, {"capaian": "baik"}, 404),
    ("staf", "realisasi_simpan", _tw1, {"rencana_aksi": "abc", "realisasi": "x"}, 404),
    ("staf", "realisasi_simpan", _tw1, {"realisasi": "x"}, 404),
    ("staf", "bukti_tambah", _tw1, {"ganti": "abc", "tautan": "https://a.go.id"}, 404),
    ("staf", "bukti_tambah", _tw1, {"rencana_aksi": "1x", "tautan": "https://a.go.id"}, 404),
    ("staf", "rencana_aksi_simpan", _tw1, {"rencana_aksi": "abc", "ra-uraian": "x"}, 404),
    ("staf", "rencana_aksi_simpan", _tw1, {"ra-rhk": "abc", "ra-uraian": "x"}, 200),
    ("staf", "periode_tambah", lambda w: [w.skp_staf.pk], {"kode": ""}, 302),
    ("kabid", "periode_nilai", _tw2, {"rating_hasil_kerja": "zz"}, 200),
    ("kabid", "umpan_balik_simpan", _tw2, {"rhk_abc": "x", "perilaku_zz": "x"}, 302),
    ("kabid", "penilaian_massal", _tanpa, {"hasil_abc": "zz", "perilaku_1": "zz"}, 302),
    ("admin_bkd", "review_putuskan", lambda w: [w.tw3.pk], {"keputusan": "zz"}, 302),
    ("admin_bkd", "dispensasi", lambda w: [w.jadwal.pk], {"unit": "abc", "sampai": "x"}, 200),
    ("admin_bkd", "cetak_massal", _tanpa, {"opd": "abc"}, 200),
    ("admin_bkd", "jadwal_daftar", _tanpa, {"jadwal-langkah": "zz", "jadwal-mulai": "x"}, 200),
    ("staf", "dokumen_periode", _tw1, {"tanggal": "31-31-2025", "lokasi": ""}, 200),
]


def test_malformed_posts_do_not_crash_and_change_nothing(client, v_dunia):
    client.raise_request_exception = False
    salah = []
    for nama_persona, nama_url, args, data, status in MALFORMED_POST:
        url = reverse(nama_url, args=args(v_dunia))
        masuk(client, persona(v_dunia, nama_persona))
        response, berubah = coba(client, v_dunia, lambda u=url, d=data: client.post(u, d))
        if (response.status_code, berubah) != (status, False):
            salah.append((nama_url, data, response.status_code, berubah))
    assert salah == []


@pytest.mark.parametrize("rhk", ["abc", "9" * 30])
def test_dialog_with_a_malformed_rhk_id_is_not_a_500(client, v_dunia, rhk):
    client.raise_request_exception = False
    data = {
        "tanggal": "2025-02-03",
        "topik": "review_progres",
        "pembahasan": "Kemajuan laporan.",
        "kesepakatan": "Lanjutkan.",
        "rhk": [str(v_dunia.ra_bukti.rhk_id), rhk],
    }
    sebelum = keadaan()
    url = reverse("dialog_catat", args=[v_dunia.skp_staf.pk])
    response = masuk(client, v_dunia.staf).post(url, data)
    assert response.status_code in (302, 404)
    assert keadaan() == sebelum
