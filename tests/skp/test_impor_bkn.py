"""SKP content from a BKN e-Kinerja Excel export (the table of seed 002) as a draft."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from openpyxl import Workbook

from inti.models import Jejak
from skp import services
from skp.models import RHK, SKP, Indikator
from skp.rules import urai_skp_bkn, urai_target
from tests.bantuan import segar
from tests.conftest import per_modul
from tests.skp.conftest import TAHUN

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

KEPALA = ["NO.", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA",
          "RENCANA AKSI", "ASPEK", "INDIKATOR KINERJA INDIVIDU", "TARGET TAHUNAN",
          "BUKTI BUKTI", "REALISASI", "FEEDBACK"]  # fmt: skip


def tabel(nip, intervensi="Terwujudnya Penilaian Kinerja Aparatur dan Promosi"):
    return [
        ["SASARAN KINERJA PEGAWAI"],
        ["NIP", ":", nip],
        ["HASIL KERJA"],
        KEPALA,
        ["Utama"],
        [1, intervensi, "Tersedianya Laporan Penilaian", None, "Kuantita",
         "Jumlah Laporan Penilaian yang terupdate pada SIASN", "12 Laporan"],
        [None, None, None, None, "W aktu", "Waktu pelaksanaan", "12 Bulan"],
        ["Tambahan"],
        [1, None, "Menjadi narasumber", None, "Kualitas", "Tingkat kepuasan peserta",
         "80 - 90 %"],
        ["PERILAKU KERJA"],
        [1, "Berorientasi Pelayanan"],
    ]  # fmt: skip


def buku(*lembar) -> SimpleUploadedFile:
    wb = Workbook()
    wb.remove(wb.active)
    for i, baris in enumerate(lembar):
        ws = wb.create_sheet(f"Pegawai {i + 1}")
        for b in baris:
            ws.append(b)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return SimpleUploadedFile("skp-bkn.xlsx", keluaran.getvalue())


def test_seed_002_table_is_read_with_sections_and_continuation_rows():
    hasil = urai_skp_bkn(tabel("198503152010011001"))
    assert hasil.nip == "198503152010011001" and hasil.galat == []
    utama, tambahan = hasil.rhk
    assert (utama.jenis, tambahan.jenis) == ("utama", "tambahan")
    assert [(i.aspek, i.target_min, i.satuan) for i in utama.indikator] == [
        ("kuantitas", Decimal(12), "Laporan"),
        ("waktu", Decimal(12), "Bulan"),
    ]
    assert (tambahan.indikator[0].target_min, tambahan.indikator[0].target_maks) == (80, 90)


@pytest.mark.parametrize(
    "teks,hasil",
    [("12 Laporan", (12, None, "Laporan")), ("2,5 Jam", (Decimal("2.5"), None, "Jam")),
     ("80 – 90 %", (80, 90, "%")), ("1.250,5 Rupiah", (Decimal("1250.5"), None, "Rupiah")),
     ("1.250 Dokumen", (1250, None, "Dokumen")), ("Rp 150.000.000", (150000000, None, "Rupiah")),
     ("1.5 Jam", (Decimal("1.5"), None, "Jam"))],
)  # fmt: skip
def test_targets_are_read_as_numbers_and_units(teks, hasil):
    assert urai_target(teks) == hasil


@pytest.mark.parametrize("teks", ["Laporan", "12", "", "90 - 80 %"])
def test_unreadable_targets_are_refused(teks):
    with pytest.raises(ValueError):
        urai_target(teks)


def test_rows_that_cannot_be_read_are_listed_by_row_number():
    baris = tabel("198503152010011001")
    baris[6][4] = "Kecepatan"
    baris[8][6] = "Sesuai jadwal"
    hasil = urai_skp_bkn(baris)
    assert any(g.startswith("Baris 7: aspek") for g in hasil.galat)
    assert any(g.startswith("Baris 9: Target") for g in hasil.galat)
    assert urai_skp_bkn([["bukan tabel SKP"]]).galat[0].startswith("Tabel HASIL KERJA")


def test_owner_import_adds_rhk_and_links_the_matching_atasan_rhk(rantai, skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    data = urai_skp_bkn(tabel(staf.nip, intervensi=rantai.rhk_kabid.uraian.upper()))
    from skp.impor import ke_data

    hasil = services.skp_impor_bkn(skp=skp_staf, by=staf, rhk=ke_data(data))
    assert hasil == {"rhk": 2, "intervensi_cocok": 1}
    utama = RHK.objects.get(skp=skp_staf, jenis=RHK.Jenis.UTAMA)
    assert list(utama.intervensi.all()) == [rantai.rhk_kabid]
    assert Indikator.objects.filter(rhk__skp=skp_staf).count() == 3
    assert Jejak.objects.filter(aksi="skp_impor_bkn", objek_id=skp_staf.pk).exists()


def test_admin_fills_only_an_empty_draft_of_a_pegawai_they_manage(rantai, skp_staf, dalam_buleleng):
    from skp.impor import ke_data

    d = dalam_buleleng
    data = ke_data(urai_skp_bkn(tabel(d.staf.nip)))
    with pytest.raises(ValidationError, match="admin OPD-nya"):
        services.skp_impor_bkn(skp=skp_staf, by=segar(d.admin_dinkes), rhk=data)
    services.skp_impor_bkn(skp=skp_staf, by=segar(d.admin_opd), rhk=data)
    with pytest.raises(ValidationError, match="masih kosong"):
        services.skp_impor_bkn(skp=skp_staf, by=segar(d.admin_opd), rhk=data)


def test_owner_previews_then_confirms_through_the_page(client, rantai, skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    client.force_login(staf)
    url = f"/skp/{skp_staf.pk}/impor-bkn/"
    pratinjau = client.post(url, {"berkas": buku(tabel(staf.nip))})
    halaman = pratinjau.content.decode()
    assert "Tersedianya Laporan Penilaian" in halaman and "80 – 90 %" in halaman
    assert not RHK.objects.filter(skp=skp_staf).exists()
    token = pratinjau.context["pratinjau"]["data"]
    assert client.post(url, {"data": token}).status_code == 302
    assert RHK.objects.filter(skp=skp_staf).count() == 2
    # The same preview confirmed again (a double click) adds nothing.
    client.post(url, {"data": token})
    assert RHK.objects.filter(skp=skp_staf).count() == 2
    # A tampered preview is refused; nothing more is added.
    client.post(url, {"data": token[:-2] + "xx"})
    assert RHK.objects.filter(skp=skp_staf).count() == 2


def test_someone_elses_export_or_skp_is_refused(client, rantai, skp_staf, dalam_buleleng):
    d = dalam_buleleng
    client.force_login(segar(d.staf))
    response = client.post(f"/skp/{skp_staf.pk}/impor-bkn/", {"berkas": buku(tabel(d.kabid.nip))})
    assert "bukan milik Anda" in response.content.decode()
    client.force_login(segar(d.kabid))
    assert client.get(f"/skp/{skp_staf.pk}/impor-bkn/").status_code == 404


def test_admin_unit_workbook_prepares_drafts_and_skips_what_it_cannot(
    client, rantai, dalam_buleleng
):
    d = dalam_buleleng
    client.force_login(segar(d.admin_opd))
    url = f"/skp/impor-bkn/?tahun={TAHUN}"
    berkas = buku(tabel(d.staf.nip), tabel(d.kabid.nip), tabel(d.pegawai_lain.nip))
    pratinjau = client.post(url, {"berkas": berkas})
    baris = pratinjau.context["baris"]
    assert [bool(b["masalah"]) for b in baris] == [False, True, True]
    assert "sudah diisi" in baris[1]["masalah"][0]
    assert "bukan pegawai yang Anda kelola" in baris[2]["masalah"][0]
    assert client.post(url, {"data": pratinjau.context["data"]}).status_code == 302
    skp = SKP.objects.get(pegawai=d.staf, tahun=TAHUN)
    assert skp.status == SKP.Status.DRAFT and RHK.objects.filter(skp=skp).count() == 2


def test_a_preview_cannot_be_confirmed_on_another_skp(client, rantai, skp_staf, dalam_buleleng):
    staf = segar(dalam_buleleng.staf)
    client.force_login(staf)
    pratinjau = client.post(f"/skp/{skp_staf.pk}/impor-bkn/", {"berkas": buku(tabel(staf.nip))})
    with scopes_disabled():
        lain = services.skp_buat(pegawai=staf, tahun=TAHUN + 1, by=staf)
    client.post(f"/skp/{lain.pk}/impor-bkn/", {"data": pratinjau.context["pratinjau"]["data"]})
    assert not RHK.objects.filter(skp=lain).exists()


def test_jpt_indikator_without_perspektif_is_refused_with_its_place(rantai, dalam_buleleng):
    from skp.impor import ke_data

    kepala = segar(dalam_buleleng.kepala)
    SKP.objects.filter(pegawai=kepala, tahun=TAHUN).update(jenis_jabatan="jpt")
    skp_kepala = SKP.objects.get(pegawai=kepala, tahun=TAHUN)
    data = ke_data(urai_skp_bkn(tabel(kepala.nip)))
    with pytest.raises(ValidationError, match="RHK 1, indikator 1: indikator JPT"):
        services.skp_impor_bkn(skp=skp_kepala, by=kepala, rhk=data)


def test_unit_import_page_is_for_admins_only(client, dalam_buleleng):
    assert client.get("/skp/impor-bkn/").status_code == 302  # to the login
    client.force_login(segar(dalam_buleleng.staf))
    assert client.get("/skp/impor-bkn/").status_code == 404


def test_unit_preview_costs_the_same_for_one_or_three_sheets(client, rantai, dalam_buleleng):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    d = dalam_buleleng
    client.force_login(segar(d.admin_bkd))
    url = f"/skp/impor-bkn/?tahun={TAHUN}"
    hitungan = []
    for lembar in (
        [tabel(d.staf.nip)],
        [tabel(d.staf.nip), tabel(d.kabid.nip), tabel(d.kepala.nip)],
    ):
        with CaptureQueriesContext(connection) as kueri:
            assert client.post(url, {"berkas": buku(*lembar)}).status_code == 200
        hitungan.append(len(kueri))
    # session, user, the pegawai of the sheets, their SKP of the year with RHK counts,
    # the notification badge: not one query more per sheet.
    assert hitungan[0] == hitungan[1] == 5
