"""Slip TPP (issue 19): the month's allowance of one pegawai line by line, on the page and
in its PDF, one block per post held, and the arithmetic shown equal to the stored total;
who may read it (the pegawai, their pejabat penilai, the admins managing them; anyone else
and another instansi a 404); its query count at two data sizes.

Personas (tests/tpp/conftest.py `t_orang`): staf owns the slip; kabid is the staf's
pejabat penilai; rekan works beside the staf; kepala leads BKPSDM (the kabid's penilai,
not the staf's); admin_opd manages BKPSDM, admin_dinkes another OPD, admin_bkd the whole
instansi; admin_lain and pegawai_lain are another instansi.
"""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from organisasi.selectors import unit_dikelola
from penilaian.rules import SESUAI
from tests.bantuan import masuk, segar, teks
from tests.conftest import per_modul
from tests.tpp.conftest import TAHUN, beri_rating, buat_konfigurasi, pegawai_massal, tpp_massal
from tpp import services
from tpp.models import TPPBulanan

dunia = per_modul("dunia_modul")

# Buleleng's Perkada for these tests: kelas 9 paid Rp5.000.000, kinerja 60 % / disiplin
# 40 %; a day Tanpa Keterangan cuts 3 % of the disiplin part, a day of progres harian
# left empty 1 %, capped at 10 %.
POTONGAN = {
    "tanpa_keterangan": (Decimal("0.03"), None),
    "progres_kosong": (Decimal("0.01"), Decimal("0.10")),
}


@pytest.fixture
def s_dunia(dunia, t_kelas_9, t_skp_staf):
    """January rated Sesuai (40 aktivitas), one day Tanpa Keterangan, TPP computed for
    BKPSDM by its admin. The staf logged no progres harian, so every working day of
    January counts as empty (capped at 10 %)."""
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd, potongan=POTONGAN)
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    with scope(instansi=dunia.buleleng.pk):
        services.ketidakhadiran_tambah(
            pegawai=o.staf,
            by=o.admin_opd,
            jenis="tanpa_keterangan",
            mulai=date(TAHUN, 1, 14),
            selesai=date(TAHUN, 1, 14),
        )
        services.tpp_hitung(tahun=TAHUN, bulan=1, units=unit_dikelola(o.admin_opd), by=o.admin_opd)
    return SimpleNamespace(**vars(o), d=dunia)


def url_slip(w=None, pegawai=None, bulan=1, **lain) -> str:
    kueri = f"?tahun={TAHUN}&bulan={bulan}"
    if pegawai is not None:
        kueri += f"&pegawai={pegawai.pk}"
    for k, v in lain.items():
        kueri += f"&{k}={v}"
    return reverse("tpp_slip") + kueri


def baris_tpp(pegawai, bulan=1) -> list[TPPBulanan]:
    with scopes_disabled():
        return list(
            TPPBulanan.objects.filter(pegawai=pegawai, tahun=TAHUN, bulan=bulan).order_by("bagian")
        )


def rupiah(teks_angka: str) -> Decimal:
    """'-60.000' or '3.000.000' as written on the slip."""
    return Decimal(teks_angka.replace(".", ""))


def tanpa_tag(halaman: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", halaman).split())


def teks_pdf(isi: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(isi)).pages).split())


# ---- what the slip shows ----------------------------------------------------------------


def test_slip_shows_every_line_and_they_add_up_to_the_stored_total(client, s_dunia):
    w = s_dunia
    (tpp,) = baris_tpp(w.staf)
    # 3.000.000 kinerja + 2.000.000 disiplin − 3 % (1 day) − 10 % (empty progres, capped).
    assert tpp.total == Decimal("4740000")
    halaman = teks(masuk(client, w.staf).get(url_slip()))
    assert "Slip TPP · Januari 2025" in halaman
    assert "Staf PKAP" in halaman and w.staf.nip in halaman
    assert "Kelas jabatan" in halaman and ">9<" in halaman
    assert "5.000.000" in halaman  # pagu
    assert "Pagu kelas jabatan Rp5.000.000" in halaman  # dasar: the whole month served
    assert "Kinerja 60% × Sesuai Ekspektasi 100%" in halaman
    assert "Rating bulanan: Sesuai Ekspektasi · 40 aktivitas harian bulan ini" in halaman
    assert "Disiplin 40%" in halaman
    assert f"Progres harian: 0 hari terlambat, {tpp.progres_kosong} hari tidak diisi" in halaman
    assert "Potongan Tanpa Keterangan 1 hari × 3%" in halaman
    assert f"Potongan Progres harian tidak diisi {tpp.progres_kosong} hari × 1%, dibatasi 10%" in (
        halaman
    )
    # Every amount the page prints for the lines, summed, is the stored total.
    jumlah = re.findall(r'<td style="text-align:right">(-?[\d.]+)</td>', halaman)
    baris = [rupiah(j) for j in jumlah[1:]]  # the first is the pagu
    assert baris == [Decimal(j) for _, j in tpp.rincian]
    assert sum(baris) == tpp.total
    assert "Total TPP Januari 2025: Rp4.740.000" in tanpa_tag(halaman)


def test_slip_pdf_has_the_same_lines_and_total(client, s_dunia):
    w = s_dunia
    (tpp,) = baris_tpp(w.staf)
    response = masuk(client, w.kabid).get(url_slip(pegawai=w.staf, format="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    isi = teks_pdf(response.content)
    assert "SLIP TAMBAHAN PENGHASILAN PEGAWAI" in isi
    assert "PEMERINTAH KABUPATEN BULELENG" in isi and "BULAN JANUARI 2025" in isi
    assert "Staf PKAP" in isi and w.staf.nip in isi and "BKPSDM" in isi
    for uraian, jumlah in tpp.rincian:
        assert uraian in isi, uraian
        assert f"{int(Decimal(jumlah)):,}".replace(",", ".") in isi, jumlah
    assert "Rating bulanan: Sesuai Ekspektasi · 40 aktivitas harian bulan ini" in isi
    assert "TOTAL TPP JANUARI 2025: Rp4.740.000" in isi


def test_a_mutasi_month_shows_one_block_per_post_with_its_dates(client, s_dunia):
    """Two parts of February (stored as tpp_hitung writes them after a mutasi on the
    17th): each with its unit, dates, lines and sum; the total is both."""
    w = s_dunia
    with scopes_disabled():
        for bagian, unit, mulai, selesai, kinerja in (
            (1, w.d.bidang, date(TAHUN, 2, 1), date(TAHUN, 2, 16), "1714285"),
            (2, w.d.dinkes, date(TAHUN, 2, 17), date(TAHUN, 2, 28), "1285714"),
        ):
            TPPBulanan.objects.create(
                instansi=w.d.buleleng,
                pegawai=w.staf,
                tahun=TAHUN,
                bulan=2,
                bagian=bagian,
                mulai=mulai,
                selesai=selesai,
                unit_kerja=unit,
                opd=unit.opd,
                kelas_jabatan=9,
                pagu=Decimal("5000000"),
                rating="sesuai",
                dasar=f"Pagu kelas jabatan Rp5.000.000 × {bagian}/20 hari kerja",
                rincian=[["Kinerja 60% × Sesuai Ekspektasi 100%", kinerja], ["Disiplin 40%", "0"]],
                total=Decimal(kinerja),
            )
    halaman = teks(masuk(client, w.staf).get(url_slip(bulan=2)))
    assert "Bagian 1 · Bidang PKAP" in halaman and "Bagian 2 · Dinas Kesehatan" in halaman
    assert "1 Februari – 16 Februari 2025" in halaman
    assert "17 Februari – 28 Februari 2025" in halaman
    assert "Jumlah bagian 1" in halaman and "Jumlah bagian 2" in halaman
    assert "Total TPP Februari 2025: Rp2.999.999" in tanpa_tag(halaman)


def test_a_month_not_computed_says_so(client, s_dunia):
    halaman = teks(masuk(client, s_dunia.staf).get(url_slip(bulan=3)))
    assert "TPP Maret 2025 belum dihitung." in halaman
    assert "Total TPP" not in halaman
    isi = teks_pdf(masuk(client, s_dunia.staf).get(url_slip(bulan=3, format="pdf")).content)
    assert "TPP Maret 2025 belum dihitung." in isi


def test_the_tab_and_the_rekap_rows_lead_to_the_slip(client, s_dunia):
    w = s_dunia
    assert reverse("tpp_slip") in teks(masuk(client, w.staf).get(reverse("realisasi_bulanan")))
    rekap = teks(masuk(client, w.admin_opd).get(reverse("tpp_rekap") + f"?tahun={TAHUN}&bulan=1"))
    assert url_slip(pegawai=w.staf) in rekap


# ---- who may read it ----------------------------------------------------------------------

BOLEH = {"staf", "kabid", "admin_opd", "admin_bkd"}
SEMUA = [
    "staf", "kabid", "rekan", "kepala", "admin_opd", "admin_dinkes", "admin_bkd",
    "admin_lain", "pegawai_lain",
]  # fmt: skip


def test_the_staf_slip_by_role_and_tenant(client, s_dunia):
    """The pegawai, their penilai and the admins managing them read it (page and PDF);
    a colleague, the penilai's own atasan, another OPD's admin and another instansi get
    the same 404 as a pegawai that does not exist. One world for every persona (building
    it computes a month), every mismatch listed."""
    salah = []
    for nama in SEMUA:
        masuk(client, getattr(s_dunia, nama))
        harapan = 200 if nama in BOLEH else 404
        halaman = client.get(url_slip(pegawai=s_dunia.staf))
        pdf = client.get(url_slip(pegawai=s_dunia.staf, format="pdf"))
        if (halaman.status_code, pdf.status_code) != (harapan, harapan):
            salah.append((nama, halaman.status_code, pdf.status_code))
        elif harapan == 200 and "Rp4.740.000" not in teks(halaman):
            salah.append((nama, "tanpa total"))
    assert salah == []


def test_everyone_reads_their_own_slip_and_no_unknown_one(client, s_dunia):
    for nama in SEMUA:
        masuk(client, getattr(s_dunia, nama))
        assert client.get(url_slip()).status_code == 200, nama
        assert client.get(url_slip(pegawai=getattr(s_dunia, nama))).status_code == 200, nama
        assert client.get(reverse("tpp_slip") + "?pegawai=99999999").status_code == 404, nama


def test_a_malformed_pegawai_is_404_not_500(client, s_dunia):
    masuk(client, s_dunia.admin_bkd)
    for nilai in ["abc", "-1", "1e5", "9" * 30]:
        assert client.get(reverse("tpp_slip") + f"?pegawai={nilai}").status_code == 404
        assert client.get(reverse("tpp_cetak_bulanan") + f"?pegawai={nilai}").status_code == 404


def test_an_admin_opd_reads_the_slip_of_a_row_of_its_rekap_it_does_not_manage(client, s_dunia):
    """Admin accounts are BKD's to manage (pegawai_dikelola), yet BKPSDM's rekap holds the
    admin BKD working there: its slip opens from that row, and Dinas Kesehatan's admin,
    without such a row, still gets a 404."""
    w = s_dunia
    with scopes_disabled():
        assert TPPBulanan.objects.filter(pegawai=w.admin_bkd, tahun=TAHUN, bulan=1).exists()
    assert masuk(client, w.admin_opd).get(url_slip(pegawai=w.admin_bkd)).status_code == 200
    assert masuk(client, w.admin_dinkes).get(url_slip(pegawai=w.admin_bkd)).status_code == 404
    # Another month, no row: back to who they manage.
    assert masuk(client, w.admin_opd).get(url_slip(pegawai=w.admin_bkd, bulan=3)).status_code == (
        404
    )


def test_anonymous_is_sent_to_login(client, s_dunia):
    response = client.get(url_slip(pegawai=s_dunia.staf))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# ---- the slip costs a constant number of queries ------------------------------------------
#
# 1 session; 2 user (with instansi, admin OPD and the unit they lead); 3 the pegawai asked
# for, among those the user may read (an admin: the ones they manage, or with a TPP part in
# an OPD they manage, as subqueries), with unit kerja and OPD joined; 4 the menu badge;
# 5 the TPP parts of the month with their unit and OPD, read as the page renders.
SLIP_QUERIES = 5


def test_slip_costs_the_same_for_one_part_and_for_two_among_500_rows(
    client, dunia, t_kelas_9, django_assert_num_queries
):
    d, o = dunia, t_kelas_9
    tpp_massal(d, [o.staf], TAHUN, 1, opd=d.bkpsdm, unit=d.bidang)
    admin = segar(o.admin_opd)
    masuk(client, admin)
    with django_assert_num_queries(SLIP_QUERIES):
        halaman = teks(client.get(url_slip(pegawai=o.staf)))
    assert halaman.count("Kinerja 60% × Sesuai Ekspektasi 100%") == 1

    lain = pegawai_massal(d, d.bidang, 500)
    tpp_massal(d, lain, TAHUN, 1, opd=d.bkpsdm, unit=d.bidang)
    with scopes_disabled():
        TPPBulanan.objects.filter(pegawai=o.staf, tahun=TAHUN, bulan=1).update(
            selesai=date(TAHUN, 1, 16)
        )
        TPPBulanan.objects.create(
            instansi=d.buleleng,
            pegawai=o.staf,
            tahun=TAHUN,
            bulan=1,
            bagian=2,
            mulai=date(TAHUN, 1, 17),
            selesai=date(TAHUN, 1, 31),
            unit_kerja=d.subbidang,
            opd=d.bkpsdm,
            rincian=[["Kinerja 60% × Sesuai Ekspektasi 100%", "1"]],
            total=Decimal("1"),
        )
    with django_assert_num_queries(SLIP_QUERIES):
        halaman = teks(client.get(url_slip(pegawai=o.staf)))
    assert halaman.count("Kinerja 60% × Sesuai Ekspektasi 100%") == 2
    assert "Rp5.000.001" in halaman


def test_own_slip_and_a_penilais_cost_the_same_whatever_the_rows(
    client, dunia, t_kelas_9, django_assert_num_queries
):
    """The pegawai's own slip: no access subquery to build. The penilai's: one more, the
    led units below theirs (bawahan_penilai)."""
    d, o = dunia, t_kelas_9
    for jumlah in (1, 300):
        lain = pegawai_massal(d, d.bidang, jumlah)
        tpp_massal(
            d, lain + ([o.staf] if jumlah == 1 else []), TAHUN, 1, opd=d.bkpsdm, unit=d.bidang
        )
        masuk(client, segar(o.staf))
        with django_assert_num_queries(SLIP_QUERIES):
            assert client.get(url_slip()).status_code == 200
        masuk(client, segar(o.kabid))
        with django_assert_num_queries(SLIP_QUERIES + 1):
            assert client.get(url_slip(pegawai=o.staf)).status_code == 200
