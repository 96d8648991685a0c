"""TPP views: the role access matrix and tenant isolation of every URL in tpp/urls.py,
the forms (errors beside the field, what was typed kept), the monthly rating page
(radios disabled by the activity count, a forged POST refused), the rekap's query count,
its Excel export, and malformed parameters.

Personas (tests/tpp/conftest.py `t_orang`): staf owns the aktivitas and realisasi; kabid
is the staf's pejabat penilai; rekan works beside the staf; kepala leads BKPSDM (the
kabid's penilai, not the staf's); admin_opd manages BKPSDM, admin_dinkes another OPD,
admin_bkd the whole instansi; admin_lain (a BKD) and pegawai_lain are another instansi.
"""

import os
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from inti.models import Jejak
from jadwal.rules import KETIDAKHADIRAN
from organisasi.models import Pegawai
from organisasi.selectors import unit_dikelola
from penilaian.rules import DIATAS, DIBAWAH, SESUAI
from tests.bantuan import masuk, pesan, segar, teks
from tests.conftest import per_modul
from tests.tpp.conftest import (
    TAHUN,
    WITA,
    ajukan,
    aktivitas_massal,
    beri_rating,
    buat_jadwal,
    buat_konfigurasi,
    pegawai_massal,
    realisasi_dari,
    tpp_massal,
)
from tpp import services
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    KonfigurasiTPP,
    RealisasiBulanan,
    TPPBulanan,
)

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

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
JUMAT = date(TAHUN, 3, 7)


def isian(halaman: str, nama: str) -> str:
    """The `<div class="isian">` block of one form field (label, input, errors)."""
    for blok in re.split(r'(?=<div class="isian)', halaman)[1:]:
        blok = blok.split("</form>")[0]
        if f'name="{nama}"' in blok:
            return blok
    raise AssertionError(f"isian {nama} tidak ada di halaman")


def galat_di(halaman: str, nama: str) -> list[str]:
    return re.findall(r'<p class="galat" role="alert">(.*?)</p>', isian(halaman, nama))


def galat_form(halaman: str) -> str:
    blok = re.search(r'<div class="galat-form" role="alert">(.*?)</div>', halaman, re.S)
    return blok.group(1) if blok else ""


# ---- the world of the access matrix ---------------------------------------------------


@pytest.fixture
def t_dunia(dunia, t_kelas_9, t_konfigurasi):
    """On top of `dunia` and t_orang (staf, rekan, kabid of kelas 9; the January version):
    - aktivitas: the staf's aktivitas of Friday 7 March (March is still open);
    - February: 25 aktivitas of the staf and the realisasi submitted to the kabid;
    - January: rated Sesuai, one day Tanpa Keterangan (absen, entered by admin_opd), and
      the TPP computed for every unit of BKPSDM by admin_opd.
    """
    o = t_kelas_9
    w = SimpleNamespace(**vars(o), d=dunia, konfigurasi=t_konfigurasi)
    with scope(instansi=dunia.buleleng.pk):
        w.aktivitas = services.aktivitas_simpan(
            pegawai=o.staf,
            by=o.staf,
            tanggal=JUMAT,
            uraian="Menyusun laporan rekap PKAP",
            tautan_bukti="https://drive.example.go.id/laporan-pkap",
        )
    aktivitas_massal(o.staf, TAHUN, 2, 25)
    w.februari = ajukan(o.staf, TAHUN, 2, "Realisasi Februari staf PKAP")
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    with scope(instansi=dunia.buleleng.pk):
        w.absen = services.ketidakhadiran_tambah(
            pegawai=o.staf,
            by=o.admin_opd,
            jenis="tanpa_keterangan",
            mulai=date(TAHUN, 1, 14),
            selesai=date(TAHUN, 1, 14),
            keterangan="Tanpa kabar",
        )
        services.tpp_hitung(tahun=TAHUN, bulan=1, units=unit_dikelola(o.admin_opd), by=o.admin_opd)
    return w


def persona(w, nama):
    return getattr(w, nama)


SEMUA_PEGAWAI = frozenset(PERSONA)
ADMIN = frozenset({"admin_opd", "admin_dinkes", "admin_bkd", "admin_lain"})
BKD = frozenset({"admin_bkd", "admin_lain"})


def _tanpa(w):
    return []


# name → (method, url args, query, personas allowed, their status).
URL = {
    "aktivitas": ("get", _tanpa, f"?minggu={JUMAT}", SEMUA_PEGAWAI, 200),
    "aktivitas_hapus": ("post", lambda w: [w.aktivitas.pk], "", frozenset({"staf"}), 302),
    # The entry's bukti: its pegawai, their atasan and the admins who manage them.
    "aktivitas_bukti": (
        "get",
        lambda w: [w.aktivitas.pk],
        "",
        frozenset({"staf", "kabid", "admin_opd", "admin_bkd"}),
        302,
    ),
    "progres_ajukan": ("post", _tanpa, "", SEMUA_PEGAWAI, 302),
    "progres_tarik": ("post", _tanpa, "", SEMUA_PEGAWAI, 302),
    # Everyone may open the grid; it lists only their own bawahan (none for most).
    "progres_bawahan": ("get", _tanpa, f"?minggu={JUMAT}", SEMUA_PEGAWAI, 200),
    "realisasi_bulanan": ("get", _tanpa, f"?tahun={TAHUN}&bulan=2", SEMUA_PEGAWAI, 200),
    "tpp_bawahan": ("get", _tanpa, f"?tahun={TAHUN}&bulan=2", SEMUA_PEGAWAI, 200),
    "aktivitas_bawahan": (
        "get",
        lambda w: [w.staf.pk],
        f"?tahun={TAHUN}&bulan=2",
        frozenset({"kabid"}),
        200,
    ),
    "ketidakhadiran": ("get", _tanpa, f"?tahun={TAHUN}&bulan=1", ADMIN, 200),
    "ketidakhadiran_hapus": (
        "post",
        lambda w: [w.absen.pk],
        "",
        frozenset({"admin_opd", "admin_bkd"}),
        302,
    ),
    "tpp_konfigurasi": ("get", _tanpa, "", BKD, 200),
    "tpp_rekap": ("get", _tanpa, f"?tahun={TAHUN}&bulan=1", ADMIN, 200),
    # Everyone's own slip and monthly print (tests/tpp/test_slip.py: someone else's).
    "tpp_slip": ("get", _tanpa, f"?tahun={TAHUN}&bulan=1", SEMUA_PEGAWAI, 200),
    "tpp_cetak_bulanan": ("get", _tanpa, f"?tahun={TAHUN}&bulan=1", SEMUA_PEGAWAI, 200),
}
POST_SAJA = [nama for nama, (cara, *_) in URL.items() if cara == "post"]
# Writes on the asker's own days only (the date is posted, no object of anyone else can be
# named): without a date nothing changes; tests/tpp/test_progres_halaman.py covers them.
MILIK_SENDIRI = {"progres_ajukan", "progres_tarik"}


def test_the_matrix_names_every_url_of_the_app():
    from tpp.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(URL)


def url_dari(w, nama):
    _, args, query, _, _ = URL[nama]
    return reverse(nama, args=args(w)) + query


def minta(client, w, nama):
    cara = URL[nama][0]
    return getattr(client, cara)(url_dari(w, nama))


def keadaan():
    """Everything a forbidden request could have changed."""
    with scopes_disabled():
        return (
            sorted(AktivitasHarian.objects.values_list("pk", "tanggal", "uraian")),
            sorted(RealisasiBulanan.objects.values_list("pk", "status", "rating")),
            sorted(Ketidakhadiran.objects.values_list("pk", "mulai", "selesai")),
            KonfigurasiTPP.objects.count(),
            sorted(TPPBulanan.objects.values_list("pk", "total")),
            Jejak.objects.count(),
        )


def _catat_lagi(w):
    """The absence deleted by one allowed admin, entered again for the next one."""
    with scope(instansi=w.d.buleleng.pk):
        w.absen = services.ketidakhadiran_tambah(
            pegawai=w.staf,
            by=w.admin_opd,
            jenis="tanpa_keterangan",
            mulai=date(TAHUN, 1, 14),
            selesai=date(TAHUN, 1, 14),
            keterangan="Tanpa kabar",
        )


# A delete allowed to several personas: after each allowed request, what it deleted.
PULIHKAN = {"ketidakhadiran_hapus": _catat_lagi}


@pytest.mark.parametrize("nama_url", list(URL))
def test_tpp_urls_by_role_and_tenant(client, t_dunia, nama_url):
    """Every persona on every URL. Those refused go first, so their requests meet the
    state an allowed write would change; a refusal is a 404 that changed nothing."""
    cara, _, _, boleh, status_boleh = URL[nama_url]
    for nama in sorted(PERSONA, key=lambda p: p in boleh):
        sebelum = keadaan()
        response = minta(masuk(client, persona(t_dunia, nama)), t_dunia, nama_url)
        harapan = status_boleh if nama in boleh else 404
        assert response.status_code == harapan, nama
        if harapan == 404:
            assert keadaan() == sebelum, nama
        elif cara == "post" and nama_url not in MILIK_SENDIRI:
            assert keadaan() != sebelum, nama  # the allowed write did happen
            if nama_url in PULIHKAN:
                PULIHKAN[nama_url](t_dunia)


@pytest.mark.parametrize("nama_url", list(URL))
def test_anonymous_is_sent_to_login(client, t_dunia, nama_url):
    sebelum = keadaan()
    response = minta(client, t_dunia, nama_url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert keadaan() == sebelum


def test_superadmin_sees_no_tpp_url(client, t_dunia):
    superadmin = Pegawai.objects.create_superuser("superadmin", "rahasia-uji-123", nama="Super")
    masuk(client, superadmin)
    sebelum = keadaan()
    for nama_url in URL:
        assert minta(client, t_dunia, nama_url).status_code == 404, nama_url
    assert keadaan() == sebelum


@pytest.mark.parametrize("nama_url", POST_SAJA)
def test_post_only_urls_refuse_get(client, t_dunia, nama_url):
    pemilik = sorted(URL[nama_url][3])[0]
    sebelum = keadaan()
    response = masuk(client, persona(t_dunia, pemilik)).get(url_dari(t_dunia, nama_url))
    assert response.status_code == 405
    assert keadaan() == sebelum


def test_allowed_deletes_did_their_work(client, t_dunia):
    w = t_dunia
    masuk(client, w.staf).post(url_dari(w, "aktivitas_hapus"))
    masuk(client, w.admin_bkd).post(url_dari(w, "ketidakhadiran_hapus"))
    with scopes_disabled():
        assert not AktivitasHarian.objects.filter(pk=w.aktivitas.pk).exists()
        assert not Ketidakhadiran.objects.filter(pk=w.absen.pk).exists()


# Traces of Buleleng that must never show on another instansi's pages.
JEJAK_BULELENG = ["Staf PKAP", "Kabid PKAP", "BKPSDM", "Menyusun laporan rekap PKAP", "Tanpa kabar"]


@pytest.mark.parametrize(
    "nama,nama_url",
    [
        ("pegawai_lain", "aktivitas"),
        ("pegawai_lain", "realisasi_bulanan"),
        ("pegawai_lain", "tpp_bawahan"),
        ("admin_lain", "aktivitas"),
        ("admin_lain", "ketidakhadiran"),
        ("admin_lain", "tpp_konfigurasi"),
        ("admin_lain", "tpp_rekap"),
    ],
)
def test_another_instansi_sees_nothing_of_buleleng_on_lists(client, t_dunia, nama, nama_url):
    halaman = teks(minta(masuk(client, persona(t_dunia, nama)), t_dunia, nama_url))
    for jejak in JEJAK_BULELENG + [t_dunia.staf.nip]:
        assert jejak not in halaman, jejak
    if nama_url == "tpp_konfigurasi":
        assert "Belum ada konfigurasi; TPP belum dapat dihitung." in halaman
    if nama_url == "tpp_rekap":
        assert "Belum dihitung untuk bulan ini." in halaman


def test_lists_of_buleleng_show_what_belongs_to_the_viewer(client, t_dunia):
    w = t_dunia
    assert "Menyusun laporan rekap PKAP" in teks(minta(masuk(client, w.staf), w, "aktivitas"))
    assert "Menyusun laporan rekap PKAP" not in teks(minta(masuk(client, w.rekan), w, "aktivitas"))
    assert "Tanpa kabar" in teks(minta(masuk(client, w.admin_opd), w, "ketidakhadiran"))
    assert "Tanpa kabar" not in teks(minta(masuk(client, w.admin_dinkes), w, "ketidakhadiran"))
    rekap_dinkes = teks(minta(masuk(client, w.admin_dinkes), w, "tpp_rekap"))
    assert "Staf PKAP" not in rekap_dinkes and "Dinas Kesehatan" in rekap_dinkes


@pytest.mark.parametrize("nama", ["admin_lain", "admin_dinkes"])
def test_rekap_of_an_opd_the_admin_does_not_manage_is_404(client, t_dunia, nama):
    masuk(client, persona(t_dunia, nama))
    url = reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1&opd={t_dunia.d.bkpsdm.pk}"
    sebelum = keadaan()
    assert client.get(url).status_code == 404
    assert client.get(url + "&format=xlsx").status_code == 404
    assert client.post(url).status_code == 404  # "Hitung ulang"
    assert keadaan() == sebelum


# ---- aktivitas harian ----------------------------------------------------------------


def test_pegawai_adds_an_aktivitas_from_the_week_page(client, t_dunia):
    w = t_dunia
    masuk(client, w.staf)
    response = client.post(
        reverse("aktivitas") + f"?minggu={JUMAT}",
        {
            "tanggal": "2025-03-06",
            "uraian": "Rapat koordinasi penilaian",
            "volume": "2",
            "satuan": "Kegiatan",
            "jam_mulai": "09:00",
            "jam_selesai": "11:00",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("aktivitas") + "?minggu=2025-03-06&tersimpan=1"
    with scopes_disabled():
        baru = AktivitasHarian.objects.get(pegawai=w.staf, tanggal=date(TAHUN, 3, 6))
    assert (baru.uraian, baru.volume) == ("Rapat koordinasi penilaian", Decimal("2"))
    halaman = client.get(response.url)
    assert "Aktivitas disimpan sebagai draft hari itu." in pesan(halaman)
    assert "Rapat koordinasi penilaian" in teks(halaman)


@pytest.mark.parametrize(
    "ubah,kolom,teks_galat",
    [
        ({"jam_mulai": "11:00", "jam_selesai": "10:00"}, "jam_selesai", "Jam selesai harus"),
        ({"volume": "0"}, "volume", "Volume harus lebih dari 0."),
        ({"uraian": "   "}, "uraian", ""),  # the form's own "required"
        ({"tanggal": "2099-01-01"}, "tanggal", "tidak boleh untuk tanggal yang akan datang"),
    ],
)
def test_aktivitas_errors_show_beside_the_field_and_keep_what_was_typed(
    client, t_dunia, ubah, kolom, teks_galat
):
    masuk(client, t_dunia.staf)
    data = {"tanggal": "2025-03-06", "uraian": "Uraian yang diketik", "volume": "1"}
    data.update({"satuan": "Kegiatan", **ubah})
    sebelum = keadaan()
    response = client.post(reverse("aktivitas") + f"?minggu={JUMAT}", data)
    assert response.status_code == 200
    halaman = teks(response)
    galat = galat_di(halaman, kolom)
    assert galat and teks_galat in galat[0]
    if kolom != "uraian":
        assert "Uraian yang diketik" in isian(halaman, "uraian")
    assert keadaan() == sebelum


def test_copy_the_previous_day_from_the_week_page(client, t_dunia):
    w = t_dunia
    masuk(client, w.staf)
    response = client.post(reverse("aktivitas"), {"salin": "2025-03-10"})
    assert response.status_code == 302
    assert response.url == reverse("aktivitas") + "?minggu=2025-03-10"
    with scopes_disabled():
        senin = list(AktivitasHarian.objects.filter(pegawai=w.staf, tanggal=date(TAHUN, 3, 10)))
    assert [a.uraian for a in senin] == ["Menyusun laporan rekap PKAP"]


def test_salin_with_a_malformed_date_is_404_not_500(client, t_dunia):
    masuk(client, t_dunia.staf)
    sebelum = keadaan()
    assert client.post(reverse("aktivitas"), {"salin": "kemarin"}).status_code == 404
    assert keadaan() == sebelum


def test_a_closed_aktivitas_window_is_explained_on_the_form(client, t_dunia):
    buat_jadwal(
        t_dunia.admin_bkd,
        "tpp_aktivitas",
        TAHUN,
        "b03",
        batas=datetime.now(tz=WITA) - timedelta(seconds=1),
    )
    masuk(client, t_dunia.staf)
    sebelum = keadaan()
    response = client.post(
        reverse("aktivitas"),
        {"tanggal": "2025-03-06", "uraian": "Terlambat", "volume": "1", "satuan": "Kegiatan"},
    )
    assert response.status_code == 200
    assert "Maret 2025 dikunci sejak" in galat_form(teks(response))
    assert keadaan() == sebelum


# ---- realisasi bulanan -----------------------------------------------------------------


def test_pegawai_submits_the_month_and_then_sees_it_read_only(client, t_dunia):
    w = t_dunia
    masuk(client, w.staf)
    url = reverse("realisasi_bulanan") + f"?tahun={TAHUN}&bulan=3"
    response = client.post(url, {"realisasi": "Tiga laporan selesai."})
    assert response.status_code == 302
    realisasi = realisasi_dari(w.staf, TAHUN, 3)
    assert (realisasi.status, realisasi.realisasi) == ("diajukan", "Tiga laporan selesai.")
    halaman = teks(client.get(url))
    assert "Menunggu penilaian" in halaman
    assert 'name="realisasi"' not in halaman  # no form any more
    assert "1</strong> aktivitas harian tercatat bulan ini" in halaman


def test_empty_realisasi_shows_the_error_beside_the_field(client, t_dunia):
    masuk(client, t_dunia.staf)
    response = client.post(
        reverse("realisasi_bulanan") + f"?tahun={TAHUN}&bulan=3", {"realisasi": "   "}
    )
    assert response.status_code == 200
    assert galat_di(teks(response), "realisasi")
    assert realisasi_dari(t_dunia.staf, TAHUN, 3) is None


# ---- the penilai's monthly rating ------------------------------------------------------

# Seed 004: 40 or more → any rating; 20–39 → Sesuai or Dibawah; 0–19 → Dibawah only.
BOLEH = {
    19: {DIBAWAH},
    20: {SESUAI, DIBAWAH},
    39: {SESUAI, DIBAWAH},
    40: {DIATAS, SESUAI, DIBAWAH},
}
PILIHAN_TEKS = {
    19: "Dibawah Ekspektasi",
    20: "Sesuai Ekspektasi, Dibawah Ekspektasi",
    39: "Sesuai Ekspektasi, Dibawah Ekspektasi",
}


def baris_bawahan(halaman: str, pegawai) -> str:
    cocok = re.search(rf'<tr id="bawahan-{pegawai.pk}">(.*?)</tr>', halaman, re.S)
    assert cocok, "baris bawahan tidak ada"
    return cocok.group(1)


def radio(baris: str) -> dict[str, bool]:
    """rating → enabled, for the radios of one row."""
    return {
        kode: not nonaktif
        for kode, nonaktif in re.findall(
            r'<input type="radio" name="rating" value="(\w+)" ?(disabled)?>', baris
        )
    }


@pytest.fixture
def t_februari(dunia, t_orang):
    """The staf's February submitted; the aktivitas are added by each test."""

    def buat(jumlah):
        aktivitas_massal(t_orang.staf, TAHUN, 2, jumlah)
        return ajukan(t_orang.staf, TAHUN, 2)

    return buat


@pytest.mark.parametrize("jumlah", list(BOLEH))
def test_rating_page_disables_what_the_count_does_not_allow(client, t_orang, t_februari, jumlah):
    t_februari(jumlah)
    masuk(client, t_orang.kabid)
    url = reverse("tpp_bawahan") + f"?tahun={TAHUN}&bulan=2"
    halaman = teks(client.get(url))
    baris = baris_bawahan(halaman, t_orang.staf)
    assert f"{jumlah} aktivitas</a>" in baris
    assert radio(baris) == {r: r in BOLEH[jumlah] for r in (DIATAS, SESUAI, DIBAWAH)}
    assert baris.count("(butuh lebih banyak aktivitas)") == 3 - len(BOLEH[jumlah])
    assert (
        "Jumlah aktivitas membatasi rating: 40 aktivitas atau lebih: semua rating; 20–39: "
        "Sesuai atau Dibawah Ekspektasi; 0–19: Dibawah Ekspektasi saja." in halaman
    )


@pytest.mark.parametrize("jumlah", [19, 20, 39])
def test_a_forged_post_of_a_disabled_rating_is_refused_with_the_reason(
    client, t_orang, t_februari, jumlah
):
    realisasi = t_februari(jumlah)
    ditolak = DIATAS if jumlah >= 20 else SESUAI
    masuk(client, t_orang.kabid)
    url = reverse("tpp_bawahan") + f"?tahun={TAHUN}&bulan=2"
    response = client.post(url, {"pegawai": t_orang.staf.pk, "rating": ditolak}, follow=True)
    assert response.status_code == 200
    assert pesan(response) == [
        f"Dengan {jumlah} aktivitas bulan ini, rating yang boleh: {PILIHAN_TEKS[jumlah]}. "
        "(40 aktivitas atau lebih: semua rating; 20–39: Sesuai atau Dibawah Ekspektasi; "
        "0–19: Dibawah Ekspektasi saja.)"
    ]
    tetap = segar(realisasi)
    assert (tetap.status, tetap.rating) == ("diajukan", "")


@pytest.mark.parametrize("jumlah,rating", [(19, DIBAWAH), (20, SESUAI), (40, DIATAS)])
def test_penilai_rates_the_month_from_the_page(client, t_orang, t_februari, jumlah, rating):
    realisasi = t_februari(jumlah)
    masuk(client, t_orang.kabid)
    url = reverse("tpp_bawahan") + f"?tahun={TAHUN}&bulan=2"
    response = client.post(url, {"pegawai": t_orang.staf.pk, "rating": rating}, follow=True)
    assert pesan(response) == [f"Realisasi {t_orang.staf.nama} dinilai."]
    dinilai = segar(realisasi)
    assert (dinilai.status, dinilai.rating, dinilai.jumlah_aktivitas) == (
        "dinilai",
        rating,
        jumlah,
    )
    # The row now shows the rating and no radios.
    baris = baris_bawahan(teks(response), t_orang.staf)
    assert radio(baris) == {}


@pytest.mark.parametrize("nama", ["rekan", "kepala", "staf", "admin_bkd", "pegawai_lain"])
def test_who_is_not_the_penilai_cannot_rate_by_post(client, t_orang, t_februari, nama):
    realisasi = t_februari(40)
    masuk(client, getattr(t_orang, nama))
    url = reverse("tpp_bawahan") + f"?tahun={TAHUN}&bulan=2"
    response = client.post(url, {"pegawai": t_orang.staf.pk, "rating": DIBAWAH})
    assert response.status_code == 404
    assert segar(realisasi).status == "diajukan"


def test_rating_post_with_a_malformed_pegawai_is_404(client, t_orang, t_februari):
    t_februari(40)
    masuk(client, t_orang.kabid)
    url = reverse("tpp_bawahan") + f"?tahun={TAHUN}&bulan=2"
    assert client.post(url, {"pegawai": "abc", "rating": DIBAWAH}).status_code == 404
    assert client.post(url, {"rating": DIBAWAH}).status_code == 404


def test_custom_thresholds_change_the_radios(client, t_orang, t_februari):
    buat_konfigurasi(t_orang.admin_bkd, ambang_aktivitas_penuh=30, ambang_aktivitas_sesuai=10)
    t_februari(30)
    masuk(client, t_orang.kabid)
    halaman = teks(client.get(reverse("tpp_bawahan") + f"?tahun={TAHUN}&bulan=2"))
    assert radio(baris_bawahan(halaman, t_orang.staf)) == {
        DIATAS: True,
        SESUAI: True,
        DIBAWAH: True,
    }
    assert "30 aktivitas atau lebih: semua rating; 10–29" in halaman


# ---- ketidakhadiran --------------------------------------------------------------------


def catat(client, admin, nip, mulai, selesai, jenis="dinas_luar"):
    masuk(client, admin)
    return client.post(
        reverse("ketidakhadiran") + f"?tahun={TAHUN}&bulan=1",
        {"nip": nip, "jenis": jenis, "mulai": mulai, "selesai": selesai, "keterangan": "SPT"},
    )


def test_admin_opd_records_an_absence_of_its_pegawai(client, t_dunia):
    w = t_dunia
    response = catat(client, w.admin_opd, w.staf.nip, "2025-01-20", "2025-01-22")
    assert response.status_code == 302
    assert response.url == reverse("ketidakhadiran") + "?tahun=2025&bulan=1"
    with scopes_disabled():
        assert Ketidakhadiran.objects.filter(
            pegawai=w.staf, jenis="dinas_luar", mulai=date(TAHUN, 1, 20), dicatat_oleh=w.admin_opd
        ).exists()


@pytest.mark.parametrize("nama", ["admin_dinkes", "admin_lain"])
def test_admin_cannot_record_for_a_pegawai_outside_its_reach(client, t_dunia, nama):
    sebelum = keadaan()
    response = catat(client, persona(t_dunia, nama), t_dunia.staf.nip, "2025-01-20", "2025-01-22")
    assert response.status_code == 200
    assert galat_di(teks(response), "nip") == [
        "Pegawai dengan NIP ini tidak ada di OPD yang Anda kelola."
    ]
    assert keadaan() == sebelum


@pytest.mark.parametrize(
    "mulai,selesai,kolom,awal_pesan",
    [
        ("2025-01-13", "2025-01-16", "mulai", "Beririsan dengan Tanpa Keterangan 14 Januari 2025"),
        ("2025-01-30", "2025-02-02", "selesai", "Satu catatan untuk satu bulan."),
        ("2025-01-22", "2025-01-20", "selesai", "Tanggal selesai tidak boleh sebelum"),
    ],
)
def test_absence_errors_show_beside_the_field(client, t_dunia, mulai, selesai, kolom, awal_pesan):
    sebelum = keadaan()
    response = catat(client, t_dunia.admin_opd, t_dunia.staf.nip, mulai, selesai)
    assert response.status_code == 200
    halaman = teks(response)
    galat = galat_di(halaman, kolom)
    assert len(galat) == 1 and galat[0].startswith(awal_pesan)
    assert f'value="{t_dunia.staf.nip}"' in isian(halaman, "nip")  # what was typed is kept
    assert keadaan() == sebelum


def test_absence_after_the_december_2024_lock_is_refused_on_the_page(client, t_dunia):
    buat_jadwal(
        t_dunia.admin_bkd,
        KETIDAKHADIRAN,
        2024,
        "b12",
        mulai=datetime(2024, 12, 1, tzinfo=WITA),
        batas=datetime(2024, 12, 27, 15, 30, tzinfo=WITA),
    )
    sebelum = keadaan()
    response = catat(client, t_dunia.admin_opd, t_dunia.staf.nip, "2024-12-23", "2024-12-24")
    assert response.status_code == 200
    assert "dikunci sejak 27 Desember 2024 15:30 WITA" in galat_form(teks(response))
    assert keadaan() == sebelum


# ---- konfigurasi -----------------------------------------------------------------------

KONFIGURASI_SAH = {
    "berlaku_mulai": "2025-07-01",
    "keterangan": "Perbup Buleleng 12/2025",
    "bobot_kinerja": "70",
    "bobot_disiplin": "30",
    "persen_diatas": "100",
    "persen_sesuai": "100",
    "persen_dibawah": "50",
    "ambang_aktivitas_penuh": "40",
    "ambang_aktivitas_sesuai": "20",
    "pagu": "9=6.000.000\n7=4000000",
    "potongan": "tanpa_keterangan=3\nterlambat=0.5;5",
}


def test_bkd_saves_a_new_version_from_the_form(client, t_dunia):
    masuk(client, t_dunia.admin_bkd)
    response = client.post(reverse("tpp_konfigurasi"), KONFIGURASI_SAH)
    assert response.status_code == 302
    with scopes_disabled():
        juli = KonfigurasiTPP.objects.get(berlaku_mulai=date(TAHUN, 7, 1))
        assert (juli.bobot_kinerja, juli.bobot_disiplin, juli.persen_dibawah) == (
            Decimal("0.7"),
            Decimal("0.3"),
            Decimal("0.5"),
        )
        assert dict(juli.pagu.values_list("kelas_jabatan", "jumlah")) == {
            9: Decimal("6000000"),
            7: Decimal("4000000"),
        }
        assert dict(juli.potongan.values_list("jenis", "persen_per_hari")) == {
            "tanpa_keterangan": Decimal("0.03"),
            "terlambat": Decimal("0.005"),
        }
    halaman = teks(client.get(reverse("tpp_konfigurasi")))
    assert "Berlaku 1 Juli 2025" in halaman and "Berlaku 1 Januari 2025" in halaman


def test_a_new_version_starts_as_a_copy_of_the_latest(client, t_dunia):
    masuk(client, t_dunia.admin_bkd)
    buat_konfigurasi(
        t_dunia.admin_bkd,
        date(TAHUN, 4, 1),
        pagu={9: Decimal("5000000"), 7: Decimal("3500000.50")},
        potongan={
            "tanpa_keterangan": (Decimal("0.03"), None),
            "terlambat": (Decimal("0.005"), Decimal("0.05")),
        },
        bobot_kinerja=Decimal("0.7"),
        bobot_disiplin=Decimal("0.3"),
    )
    form = client.get(reverse("tpp_konfigurasi")).context["form"]
    # Every pagu and potongan of the April version, in the text the form reads back.
    assert form["pagu"].value() == "9=5000000\n7=3500000,5"
    assert form["potongan"].value().splitlines() == ["tanpa_keterangan=3", "terlambat=0.5;5"]
    assert (form["bobot_kinerja"].value(), form["bobot_disiplin"].value()) == (70, 30)
    # Saved unchanged but for the date, the copy is the same configuration.
    data = {k: form[k].value() for k in form.fields} | {"berlaku_mulai": "2025-08-01"}
    assert client.post(reverse("tpp_konfigurasi"), data).status_code == 302
    with scopes_disabled():
        agustus = KonfigurasiTPP.objects.get(berlaku_mulai=date(TAHUN, 8, 1))
        assert dict(agustus.pagu.values_list("kelas_jabatan", "jumlah")) == {
            9: Decimal("5000000"),
            7: Decimal("3500000.50"),
        }
        assert dict(agustus.potongan.values_list("jenis", "batas_persen")) == {
            "tanpa_keterangan": None,
            "terlambat": Decimal("0.05"),
        }


@pytest.mark.parametrize(
    "ubah,kolom,pesan_galat",
    [
        ({"bobot_disiplin": "20"}, "bobot_disiplin", "Bobot kinerja + disiplin harus 100%."),
        ({"berlaku_mulai": "2025-07-15"}, "berlaku_mulai", "Berlaku mulai tanggal 1 suatu bulan."),
    ],
)
def test_configuration_errors_show_beside_the_field(client, t_dunia, ubah, kolom, pesan_galat):
    masuk(client, t_dunia.admin_bkd)
    sebelum = keadaan()
    response = client.post(reverse("tpp_konfigurasi"), {**KONFIGURASI_SAH, **ubah})
    assert response.status_code == 200
    halaman = teks(response)
    assert galat_di(halaman, kolom) == [pesan_galat]
    assert "Perbup Buleleng 12/2025" in isian(halaman, "keterangan")
    assert keadaan() == sebelum


@pytest.mark.parametrize("nama", ["admin_opd", "kabid", "admin_dinkes"])
def test_who_is_not_bkd_cannot_post_a_configuration(client, t_dunia, nama):
    masuk(client, persona(t_dunia, nama))
    sebelum = keadaan()
    assert client.post(reverse("tpp_konfigurasi"), KONFIGURASI_SAH).status_code == 404
    assert keadaan() == sebelum


# ---- rekap -----------------------------------------------------------------------------


def test_admin_opd_recomputes_its_opd_from_the_rekap(client, t_dunia):
    w = t_dunia
    masuk(client, w.admin_opd)
    url = reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=2&opd={w.d.bkpsdm.pk}"
    response = client.post(url, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert pesan(response) == ["TPP dihitung ulang."]
    with scopes_disabled():
        dihitung = set(TPPBulanan.objects.filter(bulan=2).values_list("pegawai_id", flat=True))
    # Every pegawai whose unit is in BKPSDM; nobody of Dinas Kesehatan.
    assert dihitung == {
        w.kepala.pk,
        w.kabid.pk,
        w.staf.pk,
        w.rekan.pk,
        w.admin_opd.pk,
        w.admin_bkd.pk,
    }
    assert "Staf PKAP" in teks(response) and "Admin Dinkes" not in teks(response)


def test_rekap_shows_the_slip_and_the_total(client, t_dunia):
    masuk(client, t_dunia.admin_opd)
    halaman = teks(client.get(reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1"))
    # Staf: Sesuai, one day Tanpa Keterangan: 3.000.000 + 2.000.000 − 60.000 = 4.940.000.
    assert "Potongan Tanpa Keterangan 1 hari × 3%: -60.000" in halaman
    assert "4.940.000" in halaman


def test_rekap_excel_has_indonesian_headers_and_numeric_amounts(client, t_dunia):
    w = t_dunia
    masuk(client, w.admin_opd)
    response = client.get(
        reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1&opd={w.d.bkpsdm.pk}&format=xlsx"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="rekap-tpp-2025-01.xlsx"' in response["Content-Disposition"]
    lembar = load_workbook(BytesIO(response.content)).active
    assert lembar["A1"].value == "Rekap TPP BKPSDM Januari 2025"
    assert [c.value for c in lembar[3]] == [
        "No",
        "NIP",
        "Nama",
        "Unit kerja",
        "Bagian bulan (mutasi)",
        "Kelas jabatan",
        "Pagu",
        "Rating",
        "Rincian",
        "Jumlah TPP",
    ]
    *isi, jumlah = list(lembar.iter_rows(min_row=4))
    baris = {r[1].value: r for r in isi}
    # Every pegawai of BKPSDM's units: kepala, admin_opd, admin_bkd, kabid, staf, rekan.
    assert len(baris) == 6
    # Then one bold total row, the sum of the Jumlah TPP column as a number.
    assert jumlah[2].value == "JUMLAH" and jumlah[2].font.b
    assert jumlah[9].value == sum(r[9].value for r in isi) and jumlah[9].data_type == "n"
    # A NIP and a name fit their columns.
    assert lembar.column_dimensions["B"].width >= 20
    assert lembar.column_dimensions["C"].width >= 30
    staf = baris[w.staf.nip]
    assert staf[1].data_type == "s"  # the NIP stays text (18 digits, no rounding)
    assert (staf[2].value, staf[3].value, staf[4].value, staf[7].value) == (
        "Staf PKAP",
        "Bidang PKAP",
        "-",
        "Sesuai Ekspektasi",
    )
    for sel in (staf[5], staf[6], staf[9]):
        assert sel.data_type == "n", sel.coordinate
    # 3.000.000 + 2.000.000 − 2.000.000 × 3 % = 4.940.000
    assert (staf[5].value, staf[6].value, staf[9].value) == (9, 5000000, 4940000)
    assert staf[9].number_format == "#,##0"
    assert "Potongan Tanpa Keterangan 1 hari × 3%: -60000" in staf[8].value
    # Nothing of another OPD or instansi in the file.
    assert w.admin_dinkes.nip not in baris and w.pegawai_lain.nip not in baris


def test_rekap_pdf_prints_the_grand_total_once_after_every_row(client, t_dunia):
    from pypdf import PdfReader

    # 60 pegawai more in BKPSDM: the recap runs over several pages.
    pegawai_massal(t_dunia.d, t_dunia.d.bidang, 60)
    with scope(instansi=t_dunia.d.buleleng.pk):
        services.tpp_hitung(
            tahun=TAHUN, bulan=1, units=unit_dikelola(t_dunia.admin_opd), by=t_dunia.admin_opd
        )
    masuk(client, t_dunia.admin_opd)
    response = client.get(reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1&format=pdf")
    if folder := os.environ.get("CETAK_HALAMAN_KE"):  # to look at it: pdftoppm -png
        Path(folder, "rekap-tpp.pdf").write_bytes(response.content)
    halaman = [p.extract_text() for p in PdfReader(BytesIO(response.content)).pages]
    assert len(halaman) > 1
    di_halaman = [i for i, h in enumerate(halaman) if "JUMLAH" in h]
    assert di_halaman == [len(halaman) - 1]
    assert "JUMLAH SELURUHNYA (66 pegawai)" in halaman[-1]
    # The total and the signatures share their page with at least the last pegawai.
    assert "NIP 1" in halaman[-1].split("JUMLAH")[0]
    assert "Pengelola Kepegawaian" in halaman[-1]


def test_rekap_pdf_falls_back_to_the_default_date_on_a_malformed_one(client, t_dunia):
    from pypdf import PdfReader

    masuk(client, t_dunia.admin_opd)
    response = client.get(
        reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1&format=pdf&tanggal=bukan-tanggal"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    isi = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    # The last working day of January 2025 for a 5-day OPD: Friday 31 January.
    assert "31 Januari 2025" in isi


# ---- the rekap costs a constant number of queries -------------------------------------
#
# Every page: the session, the user (with instansi and admin OPD) and the menu's
# unread-notification badge (ekinerja.context_processors.navigasi); then the rekap's own.
REKAP_QUERIES = 9
# 1 session; 2 user; 3 the OPD from ?opd= among those the admin manages; 4 the list of
# those OPD (the picker); 5 the total of the month (aggregate); 6 the holidays of the
# month (default print date); 7 the paginator's count; 8 the menu badge; 9 the page of
# 100 rows with pegawai and unit kerja joined (no query per row).


def test_rekap_costs_the_same_for_50_and_500_pegawai(client, dunia, django_assert_num_queries):
    d = dunia
    with scopes_disabled():
        admin = segar(d.admin_opd)
    pertama = pegawai_massal(d, d.bkpsdm, 50)
    tpp_massal(d, pertama, TAHUN, 1, opd=d.bkpsdm, unit=d.bkpsdm)
    masuk(client, admin)
    url = reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1&opd={d.bkpsdm.pk}"
    with django_assert_num_queries(REKAP_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count("Pegawai Massal ") == 50
    assert "250.000.000" in halaman  # 50 × 5.000.000
    kedua = pegawai_massal(d, d.bkpsdm, 450)
    tpp_massal(d, kedua, TAHUN, 1, opd=d.bkpsdm, unit=d.bkpsdm)
    with django_assert_num_queries(REKAP_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count("Pegawai Massal ") == 50  # a page of 50
    assert "Halaman 1 dari 10" in halaman
    assert "2.500.000.000" in halaman  # the total is of all 500, not of the page


def test_rekap_queries_are_the_ones_commented(client, dunia):
    """Reads the SQL of one rekap so the comment above stays true."""
    d = dunia
    pegawai = pegawai_massal(d, d.bkpsdm, 3)
    tpp_massal(d, pegawai, TAHUN, 1, opd=d.bkpsdm, unit=d.bkpsdm)
    masuk(client, segar(d.admin_opd))
    url = reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1&opd={d.bkpsdm.pk}"
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    tabel = [re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in ctx.captured_queries]
    assert tabel == [
        "django_session",
        "organisasi_pegawai",
        "organisasi_unitkerja",  # the OPD from ?opd=
        "organisasi_unitkerja",  # the OPD picker
        "tpp_tppbulanan",  # total
        "organisasi_harilibur",
        "tpp_tppbulanan",  # paginator count
        "organisasi_notifikasi",  # the menu badge, when the template starts
        "tpp_tppbulanan",  # the page, read as the table renders (with pegawai and unit)
    ]
    assert 'INNER JOIN "organisasi_pegawai"' in ctx.captured_queries[8]["sql"]


# ---- malformed parameters never give a 500 --------------------------------------------


@pytest.mark.parametrize(
    "nama,nama_url,query,status",
    [
        ("staf", "aktivitas", "?minggu=xx", 200),
        ("staf", "aktivitas", "?minggu=2025-02-30", 200),
        ("staf", "realisasi_bulanan", "?bulan=13", 200),
        ("staf", "realisasi_bulanan", "?tahun=abc&bulan=-1", 200),
        ("kabid", "tpp_bawahan", "?tahun=abc&bulan=13", 200),
        ("admin_opd", "ketidakhadiran", "?tahun=99999&bulan=0&hal=zz", 200),
        ("admin_opd", "tpp_rekap", "?bulan=13", 200),
        ("admin_opd", "tpp_rekap", "?tahun=abc", 200),
        ("admin_opd", "tpp_rekap", "?hal=abc", 200),
        ("admin_opd", "tpp_rekap", "?bulan=13&format=xlsx", 200),
        ("admin_opd", "tpp_rekap", "?opd=abc", 404),
        ("admin_opd", "tpp_rekap", "?opd=-1", 404),
        ("admin_opd", "tpp_rekap", "?opd=99999999", 404),
        ("admin_bkd", "tpp_konfigurasi", "?bulan=13", 200),
    ],
)
def test_malformed_parameters_do_not_500(client, t_dunia, nama, nama_url, query, status):
    masuk(client, persona(t_dunia, nama))
    assert client.get(reverse(nama_url) + query).status_code == status


def test_aktivitas_bawahan_with_malformed_month_is_fine(client, t_dunia):
    masuk(client, t_dunia.kabid)
    url = reverse("aktivitas_bawahan", args=[t_dunia.staf.pk]) + "?tahun=abc&bulan=13"
    assert client.get(url).status_code == 200


def test_an_absurd_month_falls_back_to_december_of_a_past_year(client, t_dunia):
    masuk(client, t_dunia.admin_opd)
    halaman = teks(client.get(reverse("ketidakhadiran") + f"?tahun={TAHUN}&bulan=13"))
    assert "Ketidakhadiran · Desember 2025" in halaman
    hari_ini = t_dunia.d.buleleng.hari_ini()
    halaman = teks(client.get(reverse("realisasi_bulanan") + "?tahun=abc&bulan=13"))
    nama_bulan = [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ][hari_ini.month - 1]  # fmt: skip
    assert f"Realisasi bulanan · {nama_bulan} {hari_ini.year}" in halaman


BAWAHAN_BULANAN_QUERIES = 10


def test_rating_page_pages_the_bawahan_at_a_fixed_cost(
    client, dunia, t_orang, t_februari, django_assert_num_queries
):
    t_februari(40)
    masuk(client, t_orang.kabid)
    url = reverse("tpp_bawahan") + f"?tahun={TAHUN}&bulan=2"
    client.get(url)
    for n in (10, 68):
        total = n
        pegawai_massal(dunia, dunia.bidang, 8 if n == 10 else 58, awalan=f"Zz Bawahan {n}")
        # session; user with the unit they lead (inti.auth); the thresholds'
        # configuration; the led units below it; the bawahan count; the page of bawahan;
        # activity counts and realisasi of the page, with their realisasi per RHK;
        # notification badge.
        with django_assert_num_queries(BAWAHAN_BULANAN_QUERIES):
            halaman = teks(client.get(url))
        assert halaman.count('<tr id="bawahan-') == min(total, 50)
    assert "Halaman 1 dari 2" in halaman
    kedua = teks(client.get(url + "&hal=2"))
    assert kedua.count('<tr id="bawahan-') == 68 - 50


def test_realisasi_form_asks_each_rhk_and_keeps_what_was_typed(client, t_orang, t_skp_staf):
    rhk = t_skp_staf.rhk
    masuk(client, t_orang.staf)
    url = reverse("realisasi_bulanan") + f"?tahun={TAHUN}&bulan=3"
    halaman = teks(client.get(url))
    assert f'name="rhk_{rhk[0].pk}"' in halaman and f'name="rhk_{rhk[1].pk}"' in halaman
    assert "Catatan umum (opsional)" in halaman
    assert "0 aktivitas bulan ini terkait RHK ini." in halaman
    response = client.post(url, {f"rhk_{rhk[0].pk}": "Selesai 4 laporan"})
    halaman = teks(response)
    assert response.status_code == 200
    assert "Selesai 4 laporan" in halaman  # kept
    bagian = halaman.split(f'name="rhk_{rhk[1].pk}"')[1].split("</div>")[0]
    assert "Tuliskan realisasi RHK ini bulan ini." in bagian
    assert realisasi_dari(t_orang.staf, TAHUN, 3) is None


def test_nip_typed_for_ketidakhadiran_shows_whose_it_is_within_the_opd(client, t_orang):
    o = t_orang
    masuk(client, o.admin_opd)
    url = reverse("ketidakhadiran") + "?bagian=nip&nip="
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert "Staf PKAP" in teks(client.get(url + o.staf.nip, **htmx))
    assert "Bidang PKAP" in teks(client.get(url + o.staf.nip, **htmx))
    # Another OPD's or instansi's pegawai: nothing about them is shown.
    lain = teks(client.get(url + o.admin_dinkes.nip, **htmx))
    assert "tidak ada di OPD yang Anda kelola" in lain and "Admin Dinkes" not in lain
    assert "Pegawai Lain" not in teks(client.get(url + o.pegawai_lain.nip, **htmx))
    assert "18 angka (5 diketik)" in teks(client.get(url + "19850", **htmx))
