"""Nilai Kinerja Bulanan (issue 19, NTT SI-KINERJA prints it by the 15th of the next
month): the PDF of one pegawai's month with the header, the realisasi per RHK, the rating
and aktivitas count, the progres harian summary and the signatures of the pegawai and the
penilai at the tenant's place and the month's last working day; the same readers as the
slip; refused outside the month's CETAK_TPP window (a dispensasi reopens it, BKD always
prints). Also the rekap TPP's PDF and Excel, which are the same step for the admin OPD.

Personas: tests/tpp/conftest.py `t_orang`.
"""

from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from organisasi.models import Instansi
from organisasi.selectors import unit_dikelola
from penilaian.rules import SESUAI
from tests.bantuan import masuk, pesan, segar
from tests.conftest import per_modul
from tests.tpp.conftest import TAHUN, beri_rating, buat_jadwal
from tpp import services

dunia = per_modul("dunia_modul")


@pytest.fixture
def c_dunia(dunia, t_kelas_9, t_konfigurasi, t_skp_staf):
    """January: the staf's realisasi per RHK rated Sesuai by the kabid (40 aktivitas), the
    TPP computed for BKPSDM; Buleleng prints in "Singaraja"."""
    o = t_kelas_9
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    with scope(instansi=dunia.buleleng.pk):
        services.tpp_hitung(tahun=TAHUN, bulan=1, units=unit_dikelola(o.admin_opd), by=o.admin_opd)
    with scopes_disabled():
        Instansi.objects.filter(pk=dunia.buleleng.pk).update(lokasi_cetak="Singaraja")
    return SimpleNamespace(**vars(o), d=dunia, rhk=t_skp_staf.rhk)


def url_cetak(pegawai=None, bulan=1, **lain) -> str:
    kueri = f"?tahun={TAHUN}&bulan={bulan}"
    if pegawai is not None:
        kueri += f"&pegawai={pegawai.pk}"
    return reverse("tpp_cetak_bulanan") + kueri + "".join(f"&{k}={v}" for k, v in lain.items())


def teks_pdf(isi: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(isi)).pages).split())


def jendela_tutup(w, langkah=jadwal_rules.CETAK_TPP, kode="b01"):
    """The BKD's window of the step, closed since yesterday."""
    return buat_jadwal(w.admin_bkd, langkah, TAHUN, kode, batas=timezone.now() - timedelta(days=1))


def dispensasi(jadwal, by, **untuk):
    with scope(instansi=by.instansi_id):
        return jadwal_services.dispensasi_beri(
            jadwal=jadwal,
            by=segar(by),
            sampai=timezone.now() + timedelta(days=2),
            alasan="Server BKD sempat mati.",
            **untuk,
        )


# ---- what it prints ---------------------------------------------------------------------


def test_the_monthly_print_has_header_realisasi_rating_progres_and_signatures(client, c_dunia):
    w = c_dunia
    response = masuk(client, w.staf).get(url_cetak())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"nilai-kinerja-bulanan-{w.staf.nip}-{TAHUN}-01.pdf" in response["Content-Disposition"]
    isi = teks_pdf(response.content)
    assert "NILAI KINERJA BULANAN" in isi
    assert "PEMERINTAH KABUPATEN BULELENG" in isi and "BKPSDM" in isi
    assert "BULAN JANUARI 2025" in isi
    assert "Staf PKAP" in isi and w.staf.nip in isi and "Bidang PKAP" in isi
    for rhk in w.rhk:
        assert rhk.uraian in isi and f"Realisasi {rhk.uraian}" in isi
    assert "RATING KINERJA BULANAN: SESUAI EKSPEKTASI" in isi
    assert "JUMLAH AKTIVITAS HARIAN: 40" in isi
    assert "PROGRES HARIAN: 0 hari diisi, 0 hari terlambat," in isi
    # Signed by the pegawai and the kabid who rated the month, at the tenant's place, on
    # the last working day of January 2025 for a 5-day unit (Friday 31 January).
    assert "Pegawai yang Dinilai" in isi and "Pejabat Penilai Kinerja" in isi
    assert "Kabid PKAP" in isi and w.kabid.nip in isi
    assert "Singaraja, 31 Januari 2025" in isi


def test_a_chosen_date_and_place_are_printed_and_a_malformed_date_falls_back(client, c_dunia):
    masuk(client, c_dunia.kabid)
    isi = teks_pdf(
        client.get(url_cetak(c_dunia.staf, tanggal="2025-02-14", lokasi="Buleleng")).content
    )
    assert "Buleleng, 14 Februari 2025" in isi
    isi = teks_pdf(client.get(url_cetak(c_dunia.staf, tanggal="2025-02-30")).content)
    assert "Singaraja, 31 Januari 2025" in isi


def test_a_month_not_submitted_prints_as_not_yet_rated(client, c_dunia):
    isi = teks_pdf(masuk(client, c_dunia.staf).get(url_cetak(bulan=3)).content)
    assert "Realisasi bulan ini belum diisi." in isi
    assert "RATING KINERJA BULANAN: BELUM DINILAI" in isi
    assert "belum dihitung" in isi  # no TPP computed: late and empty days not counted
    # The penilai's block names the staf's atasan even before they rate.
    assert "Kabid PKAP" in isi


BOLEH = {"staf", "kabid", "admin_opd", "admin_bkd"}
SEMUA = [
    "staf", "kabid", "rekan", "kepala", "admin_opd", "admin_dinkes", "admin_bkd",
    "admin_lain", "pegawai_lain",
]  # fmt: skip


def test_who_may_print_the_staf_month(client, c_dunia):
    salah = []
    for nama in SEMUA:
        response = masuk(client, getattr(c_dunia, nama)).get(url_cetak(c_dunia.staf))
        harapan = 200 if nama in BOLEH else 404
        if response.status_code != harapan:
            salah.append((nama, response.status_code))
    assert salah == []
    assert client.logout() is None
    response = client.get(url_cetak(c_dunia.staf))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# ---- the CETAK_TPP window -------------------------------------------------------------------


def test_outside_the_window_the_print_is_refused_with_the_reason(client, c_dunia):
    w = c_dunia
    jendela_tutup(w)
    for orang in (w.staf, w.kabid, w.admin_opd):
        masuk(client, orang)
        response = client.get(url_cetak(w.staf))
        assert response.status_code == 302, orang
        assert response.url.startswith(reverse("tpp_slip"))
        halaman = client.get(response.url)
        assert halaman.status_code == 200
        (teks_pesan,) = pesan(halaman)
        assert teks_pesan.startswith("Nilai kinerja bulanan belum dapat dicetak: Cetak rekap TPP")
        assert "dikunci sejak" in teks_pesan and "dispensasi" in teks_pesan
    # Another month without a jadwal is open.
    assert masuk(client, w.staf).get(url_cetak(bulan=2)).status_code == 200


def test_a_window_not_yet_open_refuses_too(client, c_dunia):
    w = c_dunia
    besok = timezone.now() + timedelta(days=1)
    buat_jadwal(
        w.admin_bkd,
        jadwal_rules.CETAK_TPP,
        TAHUN,
        "b01",
        mulai=besok,
        batas=besok + timedelta(days=5),
    )
    response = masuk(client, w.staf).get(url_cetak(), follow=True)
    assert "baru dibuka" in pesan(response)[0]


def test_a_dispensasi_for_the_pegawai_reopens_it_and_bkd_always_prints(client, c_dunia):
    w = c_dunia
    jadwal = jendela_tutup(w)
    assert masuk(client, w.admin_bkd).get(url_cetak(w.staf)).status_code == 200
    dispensasi(jadwal, w.admin_opd, pegawai=w.staf)
    assert masuk(client, w.staf).get(url_cetak()).status_code == 200
    assert masuk(client, w.kabid).get(url_cetak(w.staf)).status_code == 200
    # The kabid's own month is not covered by the staf's dispensasi.
    assert masuk(client, w.kabid).get(url_cetak()).status_code == 302


def test_an_open_window_prints(client, c_dunia):
    w = c_dunia
    buat_jadwal(
        w.admin_bkd, jadwal_rules.CETAK_TPP, TAHUN, "b01", batas=timezone.now() + timedelta(days=3)
    )
    assert masuk(client, w.staf).get(url_cetak()).status_code == 200


# ---- the rekap TPP: the same step for the admin OPD -------------------------------------------


def url_rekap(format_):
    return reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1&format={format_}"


def test_rekap_pdf_and_excel_are_refused_to_the_admin_opd_outside_the_window(client, c_dunia):
    w = c_dunia
    jadwal = jendela_tutup(w)
    masuk(client, w.admin_opd)
    for format_ in ("pdf", "xlsx"):
        response = client.get(url_rekap(format_))
        assert response.status_code == 302, format_
        assert "format=" not in response.url
        halaman = client.get(response.url)
        assert pesan(halaman)[0].startswith("Rekap TPP belum dapat dicetak: Cetak rekap TPP")
    # The page itself, and recomputing, stay open.
    assert client.get(reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1").status_code == 200
    # BKD sets the jadwal and always prints; a dispensasi for the admin reopens it.
    masuk(client, w.admin_bkd)
    assert client.get(url_rekap("pdf"))["Content-Type"] == "application/pdf"
    dispensasi(jadwal, w.admin_bkd, pegawai=w.admin_opd)
    masuk(client, w.admin_opd)
    assert client.get(url_rekap("pdf"))["Content-Type"] == "application/pdf"
    assert client.get(url_rekap("xlsx")).status_code == 200


def test_rekap_prints_without_a_jadwal(client, c_dunia):
    masuk(client, c_dunia.admin_opd)
    assert client.get(url_rekap("pdf"))["Content-Type"] == "application/pdf"
