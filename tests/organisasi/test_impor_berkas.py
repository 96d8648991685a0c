"""Import from SI-ASN exports with files made as the admins will upload them: broken and
odd files, large files, column names of one's own, tenant and OPD boundaries, conflicts
with local corrections, the unit tree, and the confirmation's guarantees."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook

from inti.models import Jejak
from organisasi import impor as impor_svc
from organisasi import services
from organisasi.models import Impor, Notifikasi, Pegawai, UnitKerja
from organisasi.tasks import periksa_impor, terapkan_impor
from tests.conftest import per_modul
from tests.factories import InstansiFactory, PegawaiFactory
from tests.organisasi.bantuan_impor import (
    KOLOM_PEGAWAI,
    KOLOM_RINGKAS,
    KOLOM_UNIT,
    baris_dari,
    baris_pegawai,
    csv_bytes,
    terapkan,
    unggah,
    xlsx,
)

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

pytestmark = pytest.mark.usefixtures("celery_di_proses")

KOLOM_UNIT_OPD = [*KOLOM_UNIT, "IS_OPD"]


# --- helpers -----------------------------------------------------------------------------


def galat_per_baris(impor) -> dict[int, str]:
    return {g["baris"]: " ".join(g["pesan"]) for g in impor.rencana["galat"]}


def potret_pegawai() -> dict:
    """Every column of every pegawai, to see that nothing at all was written."""
    with scopes_disabled():
        return {p["nip"]: p for p in Pegawai.objects.values()}


def potret_unit() -> dict:
    with scopes_disabled():
        return {u["id"]: u for u in UnitKerja.objects.values()}


def muat(obj):
    obj.refresh_from_db()
    return obj


# --- files that cannot be read -----------------------------------------------------------


def test_file_without_required_columns_names_every_missing_one_and_what_it_has(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(["NAMA", "Tanggal Lahir", "JABATAN"], [["Budi", "15-03-1985", "Analis"]])

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.status == Impor.Status.DITOLAK
    assert "NIP (NIP_BARU / NIP)" in impor.pesan
    assert "ID unit kerja (UNOR_ID / ID_UNOR / UNIT_KERJA_ID)" in impor.pesan
    assert "Nama (" not in impor.pesan  # present, so not listed as missing
    assert "Kolom dalam berkas: NAMA, Tanggal Lahir, JABATAN" in impor.pesan
    assert impor.rencana == {}
    assert impor.isi == b""  # a refused file is not kept


def test_unit_file_without_the_parent_column_is_refused_naming_it(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "unit_kerja", xlsx(["ID", "NAMA_UNOR"], [["X1", "Bidang X"]]))

    assert impor.status == Impor.Status.DITOLAK
    assert "ID unit atasan (DIATASAN_ID / ID_ATASAN / PARENT_ID)" in impor.pesan
    assert "ID unit (" not in impor.pesan


def test_pegawai_file_uploaded_as_a_unit_file_is_refused_for_missing_columns(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "unit_kerja", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))

    assert impor.status == Impor.Status.DITOLAK
    assert "Kolom wajib tidak ditemukan" in impor.pesan
    assert not Pegawai.objects.filter(nip="198503152010011001").exists()


def xlsx_kosong() -> bytes:
    keluaran = io.BytesIO()
    Workbook().save(keluaran)
    return keluaran.getvalue()


@pytest.mark.parametrize(
    "isi,nama,pesan",
    [
        (b"", "ekspor.csv", "Berkas kosong."),
        (b"\r\n\r\n   \n", "ekspor.csv", "Berkas kosong."),
        (xlsx_kosong(), "ekspor.xlsx", "Berkas Excel tidak berisi baris apa pun."),
    ],
)
def test_empty_file_is_refused_as_empty(dalam_buleleng, isi, nama, pesan):
    impor = unggah(dalam_buleleng.admin_bkd, "pegawai", isi, nama=nama)

    assert impor.status == Impor.Status.DITOLAK
    assert impor.pesan == pesan


def test_sheet_whose_first_row_is_blank_is_refused_for_lacking_headers(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx([None, None, None], [["198503152010011001", "Budi", d.bidang.id_eksternal]])

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.status == Impor.Status.DITOLAK
    assert impor.pesan == "Baris pertama berkas harus berisi judul kolom."


@pytest.mark.parametrize(
    "isi,nama",
    [
        (csv_bytes(KOLOM_PEGAWAI, []), "ekspor.csv"),
        (xlsx(KOLOM_PEGAWAI, []), "ekspor.xlsx"),
    ],
)
def test_file_with_headers_only_plans_nothing_and_applying_writes_nothing(
    dalam_buleleng, isi, nama
):
    d = dalam_buleleng
    sebelum = potret_pegawai()

    impor = unggah(d.admin_bkd, "pegawai", isi, nama=nama)
    assert impor.status == Impor.Status.PRATINJAU
    assert impor.jumlah == {"baru": 0, "ubah": 0, "konflik": 0, "sama": 0, "galat": 0}

    impor = terapkan(impor, d.admin_bkd)
    assert impor.status == Impor.Status.SELESAI
    assert (impor.jumlah["dibuat"], impor.jumlah["diubah"]) == (0, 0)
    assert potret_pegawai() == sebelum


def test_csv_that_is_not_utf8_but_valid_cp1252_is_read_as_cp1252(dalam_buleleng):
    d = dalam_buleleng
    isi = csv_bytes(
        KOLOM_PEGAWAI,
        [
            baris_pegawai(d, nama="José Ramos-Horta"),
            baris_pegawai(d, nip="198503152010011002", nama="Sæmund Fróði"),
        ],
        penyandian="cp1252",
    )
    with pytest.raises(UnicodeDecodeError):
        isi.decode("utf-8")  # the file really is one Excel on Windows writes

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert [e["nama"] for e in impor.rencana["baru"]] == ["José Ramos-Horta", "Sæmund Fróði"]
    terapkan(impor, d.admin_bkd)
    assert Pegawai.objects.get(nip="198503152010011002").nama == "Sæmund Fróði"


def test_csv_invalid_in_utf8_and_in_cp1252_is_refused_with_a_reason(dalam_buleleng):
    d = dalam_buleleng
    # 0x81 and 0x8D are undefined in cp1252; 0x81 alone is no UTF-8 either.
    isi = csv_bytes(KOLOM_PEGAWAI, [baris_pegawai(d)]) + b"198503152010011002;Bu\x81\x8ddi\r\n"

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    assert impor.status == Impor.Status.DITOLAK
    assert "Penyandian huruf berkas tidak dikenali" in impor.pesan
    assert "CSV UTF-8" in impor.pesan


@pytest.mark.parametrize("penyandian", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_csv_is_refused_asking_for_utf8(dalam_buleleng, penyandian):
    d = dalam_buleleng
    isi = csv_bytes(KOLOM_PEGAWAI, [baris_pegawai(d)], penyandian=penyandian)

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    assert impor.status == Impor.Status.DITOLAK
    assert "UTF-16" in impor.pesan and "CSV UTF-8" in impor.pesan


@pytest.mark.parametrize("pembatas", [";", ",", "\t"])
def test_csv_is_read_whatever_its_delimiter(dalam_buleleng, pembatas):
    d = dalam_buleleng
    isi = csv_bytes(
        KOLOM_PEGAWAI,
        [
            # A comma inside a quoted cell must not split it, whatever the delimiter.
            baris_pegawai(d, nama="Budi Santoso, S.Kom"),
            baris_pegawai(d, nip="198503152010012002", nama="Sri", JENIS_KELAMIN="P"),
        ],
        pembatas=pembatas,
    )

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.jumlah["baru"] == 2, impor.rencana["galat"]
    assert impor.rencana["baru"][0]["nama"] == "Budi Santoso, S.Kom"


def test_csv_with_utf8_bom_reads_the_first_header(dalam_buleleng):
    d = dalam_buleleng
    isi = csv_bytes(
        KOLOM_PEGAWAI, [baris_pegawai(d, nama="Ni Luh Putu Ayu")], penyandian="utf-8-sig"
    )
    assert isi.startswith(b"\xef\xbb\xbfNIP_BARU")

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.rencana["baru"][0]["nip"] == "198503152010011001"


@pytest.mark.parametrize("nama", ["ekspor.xls", "ekspor.XLS", "ekspor.xlsx"])
def test_old_xls_or_a_non_zip_named_as_excel_is_refused(dalam_buleleng, nama):
    # The start of an old binary .xls (OLE2 compound file).
    isi = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

    impor = unggah(dalam_buleleng.admin_bkd, "pegawai", isi, nama=nama)

    assert impor.status == Impor.Status.DITOLAK
    assert "bukan Excel .xlsx yang sah" in impor.pesan
    assert "simpan ulang sebagai .xlsx" in impor.pesan


def test_broken_xlsx_is_refused_as_broken(dalam_buleleng):
    impor = unggah(dalam_buleleng.admin_bkd, "pegawai", xlsx_kosong()[:300])

    assert impor.status == Impor.Status.DITOLAK
    assert "Berkas Excel rusak" in impor.pesan


# --- rows --------------------------------------------------------------------------------


def test_nip_stored_as_a_number_in_excel_refuses_that_row_only(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_PEGAWAI,
        [
            baris_pegawai(d, nip=198503152010011001),  # typed into a General cell
            baris_pegawai(d, nip=1.98503152010011e17),
            baris_pegawai(d, nip="198503152010012002", nama="Sri", JENIS_KELAMIN="P"),
        ],
    )

    impor = unggah(d.admin_bkd, "pegawai", isi)

    galat = galat_per_baris(impor)
    assert set(galat) == {2, 3}
    for baris in (2, 3):
        assert "NIP tersimpan sebagai angka di Excel" in galat[baris]
        assert "format kolom NIP sebagai teks" in galat[baris]
    assert [e["nip"] for e in impor.rencana["baru"]] == ["198503152010012002"]


def test_blank_rows_in_the_middle_are_skipped_and_row_numbers_stay_excels(dalam_buleleng):
    d = dalam_buleleng
    kosong = [None] * len(KOLOM_PEGAWAI)
    isi = xlsx(
        KOLOM_PEGAWAI,
        [
            baris_pegawai(d),
            kosong,
            ["", " ", None, "", "", "", "", "", ""],
            baris_pegawai(d, nip="198503152010012002", nama="Sri", JENIS_KELAMIN="P"),
            kosong,
            baris_pegawai(d, nip="12345", nama="Salah"),
        ],
    )

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.jumlah == {"baru": 2, "ubah": 0, "konflik": 0, "sama": 0, "galat": 1}
    assert [e["baris"] for e in impor.rencana["baru"]] == [2, 5]
    assert list(galat_per_baris(impor)) == [7]


def test_blank_rows_of_an_excel_csv_are_skipped(dalam_buleleng):
    d = dalam_buleleng
    kosong = [""] * len(KOLOM_PEGAWAI)  # Excel writes ";;;;;;;;" for a blank row
    isi = csv_bytes(KOLOM_PEGAWAI, [baris_pegawai(d), kosong, baris_pegawai(d, nip="1")])

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    assert impor.jumlah["baru"] == 1
    assert list(galat_per_baris(impor)) == [4]


def test_streamed_xlsx_whose_rows_end_in_empty_cells_is_read(dalam_buleleng):
    d = dalam_buleleng
    kolom = [*KOLOM_PEGAWAI, "EMAIL"]
    isi = xlsx(
        kolom,
        [
            [*baris_pegawai(d), "budi@buleleng.go.id"],
            [*baris_pegawai(d, nip="198503152010012002", nama="Sri", JENIS_KELAMIN="P"), None],
        ],
        aliran=True,
    )

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.jumlah["baru"] == 2


def test_xlsx_whose_rows_end_in_empty_cells_is_read_when_saved_by_excel(dalam_buleleng):
    d = dalam_buleleng
    kolom = [*KOLOM_PEGAWAI, "EMAIL"]
    isi = xlsx(kolom, [[*baris_pegawai(d), None]])

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.rencana["baru"][0]["data"]["email"] == ""


def test_row_number_after_an_empty_csv_line_is_the_line_excel_shows(dalam_buleleng):
    d = dalam_buleleng
    isi = csv_bytes(KOLOM_PEGAWAI, [baris_pegawai(d)])
    isi += b"\r\n" + csv_bytes(KOLOM_PEGAWAI, [baris_pegawai(d, nip="1")]).split(b"\r\n", 1)[1]

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    # Line 1 headers, line 2 Budi, line 3 empty, line 4 the bad NIP.
    assert list(galat_per_baris(impor)) == [4]


def test_date_cells_left_blank_with_spaces_are_no_date(dalam_buleleng):
    d = dalam_buleleng
    isi = csv_bytes(KOLOM_PEGAWAI, [baris_pegawai(d, TANGGAL_LAHIR=" ", TMT_CPNS="  ")])

    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")

    assert impor.jumlah["baru"] == 1, impor.rencana["galat"]
    data = impor.rencana["baru"][0]["data"]
    assert (data["tanggal_lahir"], data["tmt_cpns"]) == (None, None)


def test_twenty_thousand_rows_are_planned_and_created(dalam_buleleng):
    d = dalam_buleleng
    unit = [d.bidang.id_eksternal, d.subbidang.id_eksternal, d.dinkes.id_eksternal]
    kolom = [
        "NIP_BARU",
        "NAMA",
        "TANGGAL_LAHIR",
        "UNOR_ID",
        "GOL_AKHIR_NAMA",
        "JABATAN_NAMA",
        "JENIS_JABATAN_NAMA",
    ]
    baris = []
    for k in range(20_000):
        lahir = date(1980, 1, 1) + timedelta(days=k // 999)
        nip = f"{lahir:%Y%m%d}201001{1 + k % 2}{k % 999 + 1:03d}"
        baris.append(
            [
                nip,
                f"Pegawai {k}",
                f"{lahir:%d-%m-%Y}",
                unit[k % 3],
                "III/a",
                "Pranata Komputer Ahli Pertama",
                "Jabatan Fungsional Tertentu",
            ]
        )
    sebelum = Pegawai.objects.count()

    impor = unggah(d.admin_bkd, "pegawai", xlsx(kolom, baris, aliran=True))
    assert impor.jumlah == {"baru": 20_000, "ubah": 0, "konflik": 0, "sama": 0, "galat": 0}
    assert Pegawai.objects.count() == sebelum

    impor = terapkan(impor, d.admin_bkd)
    assert impor.status == Impor.Status.SELESAI
    assert impor.jumlah["dibuat"] == 20_000
    assert Pegawai.objects.count() == sebelum + 20_000
    terakhir = Pegawai.objects.get(nip=baris[-1][0])
    assert (terakhir.nama, terakhir.unit_kerja, terakhir.jenis_jabatan, terakhir.jenjang) == (
        "Pegawai 19999",
        d.subbidang,  # 19,999 % 3 == 1
        "fungsional",
        "ahli_pertama",
    )
    assert Pegawai.objects.filter(unit_kerja=d.dinkes, nama__startswith="Pegawai ").count() == (
        20_000 // 3
    )


# --- idempotence -------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(dalam_buleleng):
    d = dalam_buleleng
    pegawai = xlsx(
        KOLOM_RINGKAS,
        [
            baris_dari(d.staf, NAMA="Staf PKAP, S.Kom", JABATAN_NAMA="Pengelola Kepegawaian"),
            baris_dari(d.kabid, GOL_AKHIR_NAMA="Penata Tingkat I (III/d)"),
            [
                "198503152010011001",
                "Budi",
                d.subbidang.id_eksternal,
                "IIIb",
                "Analis SDM Aparatur Ahli Muda",
                "Jabatan Fungsional Tertentu",
            ],
        ],
    )
    unit = xlsx(
        KOLOM_UNIT,
        [
            [d.bidang.id_eksternal, "Bidang Penilaian Kinerja", "III.a", d.bkpsdm.id_eksternal],
            ["S9", "Subbidang Baru", "IV.b", d.bidang.id_eksternal],
        ],
    )
    pertama = terapkan(unggah(d.admin_bkd, "unit_kerja", unit), d.admin_bkd)
    assert (pertama.jumlah["dibuat"], pertama.jumlah["diubah"]) == (1, 1)
    pertama = terapkan(unggah(d.admin_bkd, "pegawai", pegawai), d.admin_bkd)
    assert (pertama.jumlah["dibuat"], pertama.jumlah["diubah"]) == (1, 2)
    sebelum = (potret_pegawai(), potret_unit(), Jejak.objects.count())

    kedua_unit = unggah(d.admin_bkd, "unit_kerja", unit)
    kedua_pegawai = unggah(d.admin_bkd, "pegawai", pegawai)

    assert kedua_unit.jumlah == {"baru": 0, "ubah": 0, "konflik": 0, "sama": 2, "galat": 0}
    assert kedua_pegawai.jumlah == {"baru": 0, "ubah": 0, "konflik": 0, "sama": 3, "galat": 0}
    terapkan(kedua_unit, d.admin_bkd)
    terapkan(kedua_pegawai, d.admin_bkd)
    assert potret_pegawai() == sebelum[0]
    assert potret_unit() == sebelum[1]
    # Only the two records that an import was applied; no unit or pegawai change.
    baru = Jejak.objects.order_by("-id")[: Jejak.objects.count() - sebelum[2]]
    assert sorted(j.aksi for j in baru) == ["impor_terapkan", "impor_terapkan"]


# --- column names of one's own ------------------------------------------------------------


def test_instansi_column_names_are_read_instead_of_the_siasn_defaults(dalam_buleleng):
    d = dalam_buleleng
    impor_svc.kolom_simpan(
        instansi=d.buleleng,
        jenis="pegawai",
        kolom={
            "nip": "Nomor Induk Pegawai, NIP18",
            "nama": " NAMA LENGKAP ",
            "unit_kerja": "KODE UNIT",
            "email": "   ",  # blank: the default stays
            "bukan_field": "X",
        },
        by=d.admin_bkd,
    )
    isi = xlsx(
        ["nomor_induk_pegawai", "Nama Lengkap", "Kode-Unit", "EMAIL"],
        [["198503152010011001", "Budi", d.bidang.id_eksternal, "budi@buleleng.go.id"]],
    )

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.rencana["baru"][0]["data"]["email"] == "budi@buleleng.go.id"
    kedua = unggah(
        d.admin_bkd,
        "pegawai",
        xlsx(
            ["NIP18", "NAMA LENGKAP", "KODE UNIT"],
            [["198503152010011001", "Budi", d.bidang.id_eksternal]],
        ),
    )
    assert kedua.jumlah["baru"] == 1
    jejak = Jejak.objects.get(aksi="kolom_impor_ubah")
    assert jejak.ke == {
        "nip": "Nomor Induk Pegawai, NIP18",
        "nama": "NAMA LENGKAP",
        "unit_kerja": "KODE UNIT",
    }


def test_renamed_columns_replace_the_defaults_and_the_refusal_names_them(dalam_buleleng):
    d = dalam_buleleng
    impor_svc.kolom_simpan(
        instansi=d.buleleng, jenis="pegawai", kolom={"nip": "NOMOR INDUK"}, by=d.admin_bkd
    )

    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))

    assert impor.status == Impor.Status.DITOLAK
    assert "NIP (NOMOR INDUK)" in impor.pesan


def test_column_names_of_one_instansi_do_not_change_another(dalam_buleleng):
    d = dalam_buleleng
    impor_svc.kolom_simpan(
        instansi=d.buleleng, jenis="pegawai", kolom={"nip": "NOMOR INDUK"}, by=d.admin_bkd
    )
    with scope(instansi=d.lain.pk):
        opd_lain = UnitKerja.objects.get(pk=d.opd_lain.pk)
        impor = unggah(
            d.admin_lain,
            "pegawai",
            xlsx(KOLOM_PEGAWAI, [baris_pegawai(d, unit=opd_lain.id_eksternal)]),
        )
    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.jumlah["baru"] == 1


def test_unit_column_names_are_kept_apart_from_pegawai_column_names(dalam_buleleng):
    d = dalam_buleleng
    impor_svc.kolom_simpan(
        instansi=d.buleleng,
        jenis="unit_kerja",
        kolom={"id_eksternal": "KODE", "parent": "KODE INDUK", "nama": "UNIT"},
        by=d.admin_bkd,
    )
    isi = xlsx(["Kode", "Unit", "Kode Induk"], [["X1", "Seksi X", d.bidang.id_eksternal]])

    assert unggah(d.admin_bkd, "unit_kerja", isi).jumlah["baru"] == 1
    assert (
        unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)])).jumlah["baru"] == 1
    )


# --- tenant and OPD boundaries ------------------------------------------------------------


def test_admin_opd_cannot_import_pegawai_into_units_outside_its_opd(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_PEGAWAI,
        [
            baris_pegawai(d, unit=d.subbidang.id_eksternal),
            baris_pegawai(d, nip="198503152010011002", unit=d.dinkes.id_eksternal),
            baris_pegawai(d, nip="198503152010011003", unit=d.sekda.id_eksternal),
            baris_pegawai(d, nip="198503152010011004", unit=d.root.id_eksternal),
        ],
    )

    impor = unggah(d.admin_opd, "pegawai", isi)
    assert impor.lingkup_opd == d.bkpsdm
    galat = galat_per_baris(impor)
    assert "Unit kerja “Dinas Kesehatan” di luar OPD Anda." in galat[3]
    assert "Unit kerja “Sekretariat Daerah” di luar OPD Anda." in galat[4]
    assert "di luar OPD Anda" in galat[5]

    terapkan(impor, d.admin_opd)
    assert list(Pegawai.objects.filter(nip__startswith="1985031520100110")) == [
        Pegawai.objects.get(nip="198503152010011001", unit_kerja=d.subbidang)
    ]


def test_admin_opd_cannot_change_a_pegawai_now_in_another_opd_or_an_admin(dalam_buleleng):
    d = dalam_buleleng
    with scopes_disabled():
        perawat = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.dinkes, nama="Perawat")
    isi = xlsx(
        KOLOM_RINGKAS,
        [
            baris_dari(perawat, UNOR_ID=d.bidang.id_eksternal, NAMA="Perawat Pindahan"),
            baris_dari(d.admin_bkd, NAMA="Admin BKD Diubah"),
            baris_dari(d.admin_opd, NAMA="Admin Sendiri Diubah"),
            baris_dari(d.staf, NAMA="Staf Diubah"),
        ],
    )
    sebelum = potret_pegawai()

    impor = unggah(d.admin_opd, "pegawai", isi)

    galat = galat_per_baris(impor)
    assert set(galat) == {2, 3, 4}
    assert all("terdaftar di luar OPD Anda; hubungi BKD" in p for p in galat.values())
    assert [e["nip"] for e in impor.rencana["ubah"]] == [d.staf.nip]
    terapkan(impor, d.admin_opd)
    sesudah = potret_pegawai()
    for orang in (perawat, d.admin_bkd, d.admin_opd):
        assert sesudah[orang.nip] == sebelum[orang.nip]
    assert sesudah[d.staf.nip]["nama"] == "Staf Diubah"


def test_admin_bkd_may_change_a_pegawai_in_any_opd(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(
        d.admin_bkd, "pegawai", xlsx(KOLOM_RINGKAS, [baris_dari(d.admin_dinkes, NAMA="Dinkes")])
    )
    terapkan(impor, d.admin_bkd)
    assert muat(d.admin_dinkes).nama == "Dinkes"


def test_nip_registered_in_another_instansi_is_refused_without_its_name(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(KOLOM_RINGKAS, [baris_dari(d.staf, NIP_BARU=d.pegawai_lain.nip, NAMA="Nama Berkas")])

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.rencana["galat"] == [
        {
            "baris": 2,
            "nip": d.pegawai_lain.nip,
            "nama": "Nama Berkas",
            "pesan": ["NIP sudah terdaftar di instansi lain."],
        }
    ]
    teks = json.dumps(impor.rencana) + impor.pesan + json.dumps(impor.jumlah)
    assert "Pegawai Lain" not in teks and "Kota Lain" not in teks
    terapkan(impor, d.admin_bkd)
    with scopes_disabled():
        lain = Pegawai.objects.get(pk=d.pegawai_lain.pk)
    assert (lain.instansi_id, lain.nama) == (d.lain.pk, "Pegawai Lain")


def test_nip_of_another_instansi_written_with_spaces_is_refused_too(dalam_buleleng):
    d = dalam_buleleng
    nip = d.pegawai_lain.nip
    dengan_spasi = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    isi = xlsx(KOLOM_RINGKAS, [baris_dari(d.staf, NIP_BARU=dengan_spasi, NAMA="Nama Berkas")])

    impor = unggah(d.admin_bkd, "pegawai", isi)

    assert impor.jumlah["baru"] == 0
    assert galat_per_baris(impor) == {2: "NIP sudah terdaftar di instansi lain."}


def test_admin_of_another_instansi_cannot_attach_rows_to_this_instansis_units(dalam_buleleng):
    d = dalam_buleleng
    with scope(instansi=d.lain.pk):
        pegawai = unggah(d.admin_lain, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))
        unit = unggah(
            d.admin_lain,
            "unit_kerja",
            xlsx(KOLOM_UNIT, [["L1", "Bidang Lain", "32", d.bkpsdm.id_eksternal]]),
        )
    assert pegawai.instansi_id == unit.instansi_id == d.lain.pk
    assert (
        "ID unit kerja “" in galat_per_baris(pegawai)[2]
        and "tidak dikenal" in galat_per_baris(pegawai)[2]
    )
    assert galat_per_baris(unit) == {2: f"ID unit atasan “{d.bkpsdm.id_eksternal}” tidak dikenal."}
    assert "BKPSDM" not in json.dumps(unit.rencana)


# --- conflicts with local corrections ----------------------------------------------------


def koreksi_staf(d):
    """The staf corrects here the three fields SI-ASN also holds."""
    return services.pegawai_ubah_profil(
        pegawai=d.staf,
        by=d.staf,
        unit_kerja=d.dinkes,
        jabatan="Pengelola Kepegawaian",
        pangkat_golongan="III/b",
    )


def berkas_staf(d):
    # SI-ASN still has the values from before the correction, and a new name.
    return xlsx(
        KOLOM_RINGKAS,
        [
            [
                d.staf.nip,
                "Staf PKAP, S.Kom",
                d.bidang.id_eksternal,
                "III/a",
                "Analis",
                "Jabatan Pelaksana",
            ],
        ],
    )


def test_local_corrections_are_shown_as_conflicts_beside_the_other_changes(dalam_buleleng):
    d = dalam_buleleng
    staf = koreksi_staf(d)
    assert set(staf.koreksi_lokal) == {"unit_kerja", "jabatan", "pangkat_golongan"}

    impor = unggah(d.admin_bkd, "pegawai", berkas_staf(d))

    assert impor.jumlah == {"baru": 0, "ubah": 0, "konflik": 1, "sama": 0, "galat": 0}
    entri = impor.rencana["konflik"][0]
    assert entri["nip"] == d.staf.nip
    assert [(b["field"], b["lama"], b["baru"]) for b in entri["perubahan"]] == [
        ("nama", "Staf PKAP", "Staf PKAP, S.Kom")
    ]
    konflik = {k["field"]: (k["lama"], k["baru"], k["dikoreksi"]) for k in entri["konflik"]}
    tanggal = staf.koreksi_lokal["jabatan"]
    assert konflik == {
        "unit_kerja": ("Dinas Kesehatan", "Bidang PKAP", tanggal),
        "jabatan": ("Pengelola Kepegawaian", "Analis", tanggal),
        "pangkat_golongan": ("III/b", "III/a", tanggal),
    }


def test_conflicts_not_chosen_keep_the_local_correction(dalam_buleleng):
    d = dalam_buleleng
    koreksi = koreksi_staf(d).koreksi_lokal

    impor = terapkan(unggah(d.admin_bkd, "pegawai", berkas_staf(d)), d.admin_bkd)

    staf = muat(d.staf)
    assert (staf.nama, staf.unit_kerja, staf.jabatan, staf.pangkat_golongan) == (
        "Staf PKAP, S.Kom",
        d.dinkes,
        "Pengelola Kepegawaian",
        "III/b",
    )
    assert staf.koreksi_lokal == koreksi
    assert impor.jumlah["konflik_dari_berkas"] == 0
    jejak = Jejak.objects.get(aksi="pegawai_ubah_impor")
    assert (jejak.dari, jejak.ke) == ({"nama": "Staf PKAP"}, {"nama": "Staf PKAP, S.Kom"})


def test_choosing_the_file_for_all_conflicts_takes_every_siasn_value(dalam_buleleng):
    d = dalam_buleleng
    koreksi_staf(d)

    impor = terapkan(
        unggah(d.admin_bkd, "pegawai", berkas_staf(d)), d.admin_bkd, pilihan={"semua": "berkas"}
    )

    staf = muat(d.staf)
    assert (staf.unit_kerja, staf.jabatan, staf.pangkat_golongan) == (d.bidang, "Analis", "III/a")
    assert staf.koreksi_lokal == {}
    assert impor.jumlah["konflik_dari_berkas"] == 3
    jejak = Jejak.objects.get(aksi="pegawai_ubah_impor")
    assert jejak.objek_id == staf.pk
    assert jejak.dari == {
        "nama": "Staf PKAP",
        "unit_kerja": "Dinas Kesehatan",
        "jabatan": "Pengelola Kepegawaian",
        "pangkat_golongan": "III/b",
    }
    assert jejak.ke["unit_kerja"] == "Bidang PKAP"
    assert f"Impor #{impor.pk}" in jejak.catatan


def test_each_conflict_can_be_chosen_on_its_own_before_confirming(dalam_buleleng):
    d = dalam_buleleng
    koreksi_staf(d)
    impor = unggah(d.admin_bkd, "pegawai", berkas_staf(d))
    nip = d.staf.nip

    impor = impor_svc.impor_pilih(
        impor=impor,
        by=d.admin_bkd,
        pilihan={
            f"{nip}:jabatan": "berkas",
            f"{nip}:unit_kerja": "lokal",
            "semua": "berkas",
            f"{nip}:nama": "hapus",
        },
    )
    assert impor.pilihan == {
        f"{nip}:jabatan": "berkas",
        f"{nip}:unit_kerja": "lokal",
        "semua": "berkas",
    }
    impor = impor_svc.impor_pilih(impor=impor, by=d.admin_bkd, pilihan={"semua": "lokal"})
    assert impor.pilihan["semua"] == "lokal"  # a later choice replaces an earlier one
    impor_svc.impor_pilih(impor=impor, by=d.admin_bkd, pilihan={"semua": "berkas"})
    terapkan(impor, d.admin_bkd)

    staf = muat(d.staf)
    # jabatan chosen from the file, unit kerja kept explicitly, golongan by "semua".
    assert (staf.jabatan, staf.unit_kerja, staf.pangkat_golongan) == ("Analis", d.dinkes, "III/a")
    assert list(staf.koreksi_lokal) == ["unit_kerja"]
    assert muat(impor).jumlah["konflik_dari_berkas"] == 2


def test_choices_cannot_be_changed_once_the_import_is_applied(dalam_buleleng):
    d = dalam_buleleng
    koreksi_staf(d)
    impor = terapkan(unggah(d.admin_bkd, "pegawai", berkas_staf(d)), d.admin_bkd)

    with pytest.raises(ValidationError, match="tidak lagi menunggu konfirmasi"):
        impor_svc.impor_pilih(impor=impor, by=d.admin_bkd, pilihan={"semua": "berkas"})
    assert muat(d.staf).jabatan == "Pengelola Kepegawaian"


def test_pegawai_moved_by_the_import_no_longer_leads_the_old_unit(dalam_buleleng):
    d = dalam_buleleng
    assert d.bidang.pimpinan == d.kabid
    isi = xlsx(KOLOM_RINGKAS, [baris_dari(d.kabid, UNOR_ID=d.dinkes.id_eksternal)])

    terapkan(unggah(d.admin_bkd, "pegawai", isi), d.admin_bkd)

    bidang = muat(d.bidang)
    assert (bidang.pimpinan, bidang.status_pimpinan) == (None, "")
    assert muat(d.kabid).unit_kerja == d.dinkes


def test_data_changed_since_the_dry_run_is_not_written_and_a_new_dry_run_is_shown(
    dalam_buleleng,
):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_RINGKAS,
        [
            baris_dari(d.staf, NAMA="Staf Baru"),
            [
                "198503152010011001",
                "Budi",
                d.bidang.id_eksternal,
                "III/a",
                "Analis",
                "Jabatan Pelaksana",
            ],
        ],
    )
    impor = unggah(d.admin_bkd, "pegawai", isi)
    assert (impor.jumlah["ubah"], impor.jumlah["baru"], impor.jumlah["konflik"]) == (1, 1, 0)
    impor = impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    # Meanwhile the staf corrects the jabatan the file would overwrite.
    services.pegawai_ubah_profil(pegawai=d.staf, by=d.staf, jabatan="Pranata Komputer")
    sebelum = potret_pegawai()

    impor = impor_svc.impor_terapkan(impor=impor, by=d.admin_bkd)

    assert impor.status == Impor.Status.PRATINJAU
    assert "Data berubah sejak pratinjau" in impor.pesan
    assert potret_pegawai() == sebelum
    assert not Jejak.objects.filter(aksi__in=["pegawai_ubah_impor", "impor_terapkan"]).exists()
    tersimpan = Impor.objects.get(pk=impor.pk)
    assert (tersimpan.jumlah["ubah"], tersimpan.jumlah["konflik"]) == (0, 1)
    assert tersimpan.rencana["konflik"][0]["konflik"][0]["lama"] == "Pranata Komputer"

    impor = terapkan(tersimpan, d.admin_bkd)
    assert impor.status == Impor.Status.SELESAI
    staf = muat(d.staf)
    assert (staf.nama, staf.jabatan) == ("Staf Baru", "Pranata Komputer")
    assert Pegawai.objects.filter(nip="198503152010011001").exists()


def test_pegawai_created_meanwhile_turns_a_new_row_into_a_new_dry_run(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))
    impor = impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    with scopes_disabled():
        PegawaiFactory(instansi=d.buleleng, unit_kerja=d.bidang, nip="198503152010011001")

    impor = impor_svc.impor_terapkan(impor=impor, by=d.admin_bkd)

    assert impor.status == Impor.Status.PRATINJAU
    assert (impor.jumlah["baru"], impor.jumlah["ubah"]) == (0, 1)
    assert Pegawai.objects.filter(nip="198503152010011001").count() == 1


# --- the unit tree -----------------------------------------------------------------------


def test_new_units_are_created_parents_first_in_the_right_place_with_their_opd(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT_OPD,
        [
            ["S1", "Seksi Gizi", "IV.a", "B1", "Tidak"],  # the child comes first in the file
            ["B1", "Bidang Kesehatan Masyarakat", "III.a", "D1", "Tidak"],
            ["D1", "Dinas Sosial", "II.b", d.sekda.id_eksternal, "Ya"],
            ["B2", "Bidang Pengembangan", "32", d.bkpsdm.id_eksternal, ""],
        ],
    )

    impor = unggah(d.admin_bkd, "unit_kerja", isi)
    urutan = [e["kunci"] for e in impor.rencana["baru"]]
    assert urutan.index("D1") < urutan.index("B1") < urutan.index("S1")
    assert impor.jumlah["baru"] == 4
    terapkan(impor, d.admin_bkd)

    dinas, bidang, seksi, b2 = (
        UnitKerja.objects.get(id_eksternal=i) for i in ("D1", "B1", "S1", "B2")
    )
    assert (dinas.parent, bidang.parent, seksi.parent, b2.parent) == (
        d.sekda,
        dinas,
        bidang,
        d.bkpsdm,
    )
    assert seksi.path.startswith(bidang.path) and bidang.path.startswith(dinas.path)
    assert dinas.path.startswith(d.sekda.path)
    assert (dinas.depth, bidang.depth, seksi.depth) == (3, 4, 5)
    assert (dinas.opd, bidang.opd, seksi.opd, b2.opd) == (dinas, dinas, dinas, d.bkpsdm)
    assert (dinas.adalah_opd, dinas.eselon, seksi.eselon) == (True, "22", "41")
    assert b2.path != d.bidang.path and b2.path[:-4] == d.bkpsdm.path
    assert UnitKerja.objects.filter(instansi=d.buleleng).values("path").distinct().count() == (
        UnitKerja.objects.filter(instansi=d.buleleng).count()
    )


def test_unit_right_under_the_root_is_an_opd_unless_the_file_says(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [["IN1", "Inspektorat", "22", d.root.id_eksternal], ["IN2", "Irban I", "32", "IN1"]],
    )

    terapkan(unggah(d.admin_bkd, "unit_kerja", isi), d.admin_bkd)

    inspektorat = UnitKerja.objects.get(id_eksternal="IN1")
    assert inspektorat.adalah_opd
    assert UnitKerja.objects.get(id_eksternal="IN2").opd == inspektorat


def test_tree_of_a_new_instansi_is_built_from_one_root(db):
    with scopes_disabled():
        instansi = InstansiFactory(kode="baru")
        admin = PegawaiFactory(instansi=instansi, peran="admin_bkd", unit_kerja=None)
    isi = xlsx(
        KOLOM_UNIT,
        [
            ["OPD1", "Dinas A", "22", "AKAR"],
            ["AKAR", "Pemerintah Kabupaten Baru", "00", ""],
            ["BID1", "Bidang A1", "32", "OPD1"],
        ],
    )
    with scope(instansi=instansi.pk):
        impor = terapkan(unggah(admin, "unit_kerja", isi), admin)
        akar, opd, bidang = (
            UnitKerja.objects.get(id_eksternal=i) for i in ("AKAR", "OPD1", "BID1")
        )

    assert impor.jumlah["dibuat"] == 3
    assert (akar.parent, akar.depth, len(akar.path)) == (None, 1, 4)
    assert (opd.parent, opd.adalah_opd, opd.opd) == (akar, True, opd)
    assert (bidang.parent, bidang.opd) == (opd, opd)


def test_new_instansi_file_with_two_units_without_a_parent_is_refused(db):
    with scopes_disabled():
        instansi = InstansiFactory(kode="baru")
        admin = PegawaiFactory(instansi=instansi, peran="admin_bkd", unit_kerja=None)
    isi = xlsx(
        KOLOM_UNIT,
        [["A", "Akar Satu", "00", ""], ["B", "Akar Dua", "00", ""], ["C", "Dinas", "22", "A"]],
    )
    with scope(instansi=instansi.pk):
        impor = unggah(admin, "unit_kerja", isi)
        terapkan(impor, admin)
        assert not UnitKerja.objects.exists()

    galat = galat_per_baris(impor)
    assert galat[2] == galat[3] == "Berkas berisi lebih dari satu unit tanpa unit atasan."
    assert galat[4] == "Unit atasannya ditolak pada berkas ini."


def test_second_root_is_refused_and_the_existing_root_is_unchanged(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            [d.root.id_eksternal, d.root.nama, "00", ""],
            ["AKAR2", "Pemerintah Kabupaten Tandingan", "00", ""],
            ["ANAK2", "Dinas Tandingan", "22", "AKAR2"],
        ],
    )

    impor = unggah(d.admin_bkd, "unit_kerja", isi)

    assert impor.jumlah == {"baru": 0, "ubah": 0, "konflik": 0, "sama": 1, "galat": 2}
    assert galat_per_baris(impor) == {
        3: "Hanya unit induk instansi yang boleh tanpa unit atasan.",
        4: "Unit atasannya ditolak pada berkas ini.",
    }


def test_parents_that_form_a_cycle_are_refused(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            ["A", "Unit A", "32", "B"],
            ["B", "Unit B", "32", "A"],
            ["C", "Unit C", "42", "A"],  # below the cycle: never reaches the root
            # An existing unit moved under its own child.
            [d.bidang.id_eksternal, d.bidang.nama, "32", d.subbidang.id_eksternal],
            ["OK", "Seksi Baik", "42", d.dinkes.id_eksternal],
        ],
    )
    sebelum = potret_unit()

    impor = unggah(d.admin_bkd, "unit_kerja", isi)
    galat = galat_per_baris(impor)

    assert (impor.jumlah["baru"], impor.jumlah["ubah"]) == (1, 0)
    assert set(galat) == {2, 3, 4, 5}
    assert all("membentuk lingkaran" in pesan for pesan in galat.values())
    terapkan(impor, d.admin_bkd)
    sesudah = potret_unit()
    assert [u["nama"] for i, u in sesudah.items() if i not in sebelum] == ["Seksi Baik"]
    assert {i: u for i, u in sesudah.items() if i in sebelum} == sebelum


def test_unit_rows_that_cannot_be_read_are_listed_with_their_reason(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            ["E1", "Eselon Salah", "II.c", d.bidang.id_eksternal],
            ["", "Tanpa ID", "42", d.bidang.id_eksternal],
            ["N1", "", "42", d.bidang.id_eksternal],
            ["X", "Atasan Sendiri", "42", "X"],
            ["D1", "Kembar Pertama", "42", d.bidang.id_eksternal],
            ["D1", "Kembar Kedua", "42", d.bidang.id_eksternal],
        ],
    )

    impor = unggah(d.admin_bkd, "unit_kerja", isi)

    galat = galat_per_baris(impor)
    assert "Eselon" in galat[2]
    assert "ID unit wajib diisi." in galat[3]
    assert "Nama unit wajib diisi." in galat[4]
    assert "atasan dirinya sendiri" in galat[5]
    assert "ID unit sama dengan baris 6." in galat[7]
    assert impor.jumlah["galat"] == 5


def test_unknown_parent_is_refused_with_the_units_below_it(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            ["Y1", "Yatim", "32", "TIDAK-ADA"],
            ["Y2", "Anak Yatim", "42", "Y1"],
            ["OK", "Seksi Baik", "42", d.bidang.id_eksternal],
        ],
    )

    impor = unggah(d.admin_bkd, "unit_kerja", isi)

    assert galat_per_baris(impor) == {
        2: "ID unit atasan “TIDAK-ADA” tidak dikenal.",
        3: "Unit atasannya ditolak pada berkas ini.",
    }
    terapkan(impor, d.admin_bkd)
    assert list(UnitKerja.objects.filter(id_eksternal__in=["Y1", "Y2", "OK"])) == [
        UnitKerja.objects.get(id_eksternal="OK")
    ]


def test_existing_unit_moves_to_another_parent_with_its_subtree(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            [d.bidang.id_eksternal, d.bidang.nama, "32", d.dinkes.id_eksternal],
            ["SB2", "Subbidang Baru", "42", d.bidang.id_eksternal],  # new, under the mover
        ],
    )

    impor = unggah(d.admin_bkd, "unit_kerja", isi)
    perubahan = impor.rencana["ubah"][0]["perubahan"]
    assert [(b["field"], b["lama"], b["baru"]) for b in perubahan] == [
        ("parent", "BKPSDM", "Dinas Kesehatan")
    ]
    terapkan(impor, d.admin_bkd)

    bidang, subbidang = muat(d.bidang), muat(d.subbidang)
    baru = UnitKerja.objects.get(id_eksternal="SB2")
    assert bidang.parent == d.dinkes
    assert bidang.path[:-4] == d.dinkes.path and bidang.depth == d.dinkes.depth + 1
    for anak in (subbidang, baru):
        assert (anak.parent, anak.path[:-4], anak.depth) == (bidang, bidang.path, bidang.depth + 1)
        assert anak.opd == d.dinkes
    assert bidang.opd == d.dinkes
    assert subbidang.path != baru.path
    assert muat(d.staf).unit_kerja == bidang
    jejak = Jejak.objects.get(aksi="unit_kerja_ubah_impor")
    assert (jejak.objek_id, jejak.dari, jejak.ke) == (
        bidang.pk,
        {"parent": "BKPSDM"},
        {"parent": "Dinas Kesehatan"},
    )


def test_admin_opd_unit_import_stays_inside_its_own_opd(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            ["SB9", "Subbidang Sembilan", "42", d.bidang.id_eksternal],
            [d.bidang.id_eksternal, "Bidang PKAP Baru", "32", d.bkpsdm.id_eksternal],
            ["DK9", "Seksi Dinkes", "42", d.dinkes.id_eksternal],
            ["RT9", "Badan Baru", "22", d.root.id_eksternal],
            [d.subbidang.id_eksternal, d.subbidang.nama, "42", d.dinkes.id_eksternal],
        ],
    )
    sebelum = potret_unit()

    impor = unggah(d.admin_opd, "unit_kerja", isi)

    assert galat_per_baris(impor) == {b: "Unit ini di luar OPD Anda." for b in (4, 5, 6)}
    terapkan(impor, d.admin_opd)
    assert UnitKerja.objects.get(id_eksternal="SB9").opd == d.bkpsdm
    assert muat(d.bidang).nama == "Bidang PKAP Baru"
    assert potret_unit()[d.subbidang.pk] == sebelum[d.subbidang.pk]
    assert not UnitKerja.objects.filter(id_eksternal__in=["DK9", "RT9"]).exists()


def test_admin_opd_cannot_change_a_unit_of_another_opd(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(KOLOM_UNIT, [[d.dinkes.id_eksternal, "Dinkes Diubah", "22", d.sekda.id_eksternal]])

    impor = unggah(d.admin_opd, "unit_kerja", isi)

    assert galat_per_baris(impor) == {2: "Unit ini di luar OPD Anda."}
    terapkan(impor, d.admin_opd)
    assert muat(d.dinkes).nama == "Dinas Kesehatan"


def test_admin_opd_cannot_move_a_unit_of_its_opd_out_of_it(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT, [[d.subbidang.id_eksternal, d.subbidang.nama, "42", d.dinkes.id_eksternal]]
    )

    impor = unggah(d.admin_opd, "unit_kerja", isi)

    assert galat_per_baris(impor) == {2: "Unit ini di luar OPD Anda."}
    terapkan(impor, d.admin_opd)
    assert muat(d.subbidang).parent == d.bidang


def test_admin_opd_cannot_change_the_opd_unit_itself_but_the_units_below_still_apply(
    dalam_buleleng,
):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            [d.bkpsdm.id_eksternal, "BKPSDM Diubah", "22", d.sekda.id_eksternal],
            ["SB9", "Subbidang Sembilan", "42", d.bidang.id_eksternal],
        ],
    )

    impor = unggah(d.admin_opd, "unit_kerja", isi)

    # The refused row leaves BKPSDM where it is, so what goes below it still fits.
    assert galat_per_baris(impor) == {2: "Unit OPD sendiri hanya dapat diubah oleh BKD."}
    assert [e["kunci"] for e in impor.rencana["baru"]] == ["SB9"]
    terapkan(impor, d.admin_opd)
    assert muat(d.bkpsdm).nama == "BKPSDM"
    assert UnitKerja.objects.get(id_eksternal="SB9").parent == d.bidang


def test_admin_opd_file_that_lists_its_unchanged_opd_unit_applies_the_units_below(
    dalam_buleleng,
):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            [d.bkpsdm.id_eksternal, d.bkpsdm.nama, d.bkpsdm.eselon, d.sekda.id_eksternal],
            [d.bidang.id_eksternal, "Bidang PKAP Baru", "32", d.bkpsdm.id_eksternal],
            ["SB9", "Subbidang Sembilan", "42", d.bidang.id_eksternal],
        ],
    )

    impor = unggah(d.admin_opd, "unit_kerja", isi)

    assert impor.jumlah == {"baru": 1, "ubah": 1, "konflik": 0, "sama": 1, "galat": 0}
    terapkan(impor, d.admin_opd)
    assert muat(d.bidang).nama == "Bidang PKAP Baru"
    assert UnitKerja.objects.get(id_eksternal="SB9").opd == d.bkpsdm


def test_admin_opd_cannot_create_an_opd_by_import(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT_OPD,
        [
            ["N1", "Badan Baru", "22", d.bidang.id_eksternal, "Ya"],
            [d.bidang.id_eksternal, d.bidang.nama, "32", d.bkpsdm.id_eksternal, "Ya"],
            ["N2", "Seksi Biasa", "42", d.bidang.id_eksternal, "Tidak"],
        ],
    )

    impor = unggah(d.admin_opd, "unit_kerja", isi)

    pesan = "Hanya BKD yang dapat menjadikan unit sebagai OPD mandiri."
    assert galat_per_baris(impor) == {2: pesan, 3: pesan}
    terapkan(impor, d.admin_opd)
    assert not UnitKerja.objects.filter(adalah_opd=True, path__startswith=d.bidang.path).exists()
    assert muat(d.subbidang).opd == d.bkpsdm
    assert UnitKerja.objects.get(id_eksternal="N2").opd == d.bkpsdm


def test_admin_opd_file_may_say_its_own_opd_is_an_opd(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT_OPD,
        [
            [d.bkpsdm.id_eksternal, d.bkpsdm.nama, "22", d.sekda.id_eksternal, "Ya"],
            [d.bidang.id_eksternal, d.bidang.nama, "32", d.bkpsdm.id_eksternal, "Tidak"],
        ],
    )

    impor = unggah(d.admin_opd, "unit_kerja", isi)

    assert impor.jumlah == {"baru": 0, "ubah": 0, "konflik": 0, "sama": 2, "galat": 0}


def test_unit_changes_are_recorded_in_jejak_with_the_import(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_UNIT,
        [
            [d.bidang.id_eksternal, "Bidang Penilaian", "III.a", d.bkpsdm.id_eksternal],
            [d.subbidang.id_eksternal, d.subbidang.nama, "42", d.bidang.id_eksternal],
        ],
    )

    impor = terapkan(unggah(d.admin_bkd, "unit_kerja", isi, nama="unor-2024.xlsx"), d.admin_bkd)

    jejak = Jejak.objects.get(aksi="unit_kerja_ubah_impor")
    assert (jejak.oleh, jejak.objek_id, jejak.instansi_id) == (
        d.admin_bkd,
        d.bidang.pk,
        d.buleleng.pk,
    )
    assert jejak.dari == {"nama": "Bidang PKAP", "eselon": "32"}
    assert jejak.ke == {"nama": "Bidang Penilaian", "eselon": "31"}
    assert jejak.catatan == f"Impor #{impor.pk} (unor-2024.xlsx)"
    assert jejak.label_aksi == "Diubah lewat impor SI-ASN"
    rekam = Jejak.objects.get(aksi="impor_terapkan")
    assert rekam.objek_id == impor.pk
    assert (rekam.ke["berkas"], rekam.ke["diubah"], rekam.ke["sama"]) == ("unor-2024.xlsx", 1, 1)


# --- confirming, cancelling, the tasks -----------------------------------------------------


def test_cancelling_writes_nothing_and_the_import_cannot_be_confirmed_after(dalam_buleleng):
    d = dalam_buleleng
    koreksi_staf(d)
    isi = xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)])
    impor = unggah(d.admin_bkd, "pegawai", isi)
    sebelum = potret_pegawai()

    impor = impor_svc.impor_batalkan(impor=impor, by=d.admin_bkd)

    assert impor.status == Impor.Status.DIBATALKAN
    assert impor.isi == b""
    assert potret_pegawai() == sebelum
    assert Jejak.objects.filter(aksi="impor_batalkan", objek_id=impor.pk).count() == 1
    with pytest.raises(ValidationError, match="tidak lagi menunggu konfirmasi"):
        impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    with pytest.raises(ValidationError, match="tidak lagi menunggu konfirmasi"):
        impor_svc.impor_batalkan(impor=impor, by=d.admin_bkd)
    assert impor_svc.impor_terapkan(impor=muat(impor), by=d.admin_bkd).status == (
        Impor.Status.DIBATALKAN
    )
    assert potret_pegawai() == sebelum


def test_confirming_twice_is_refused_the_second_time_and_applies_once(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))

    impor = impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    assert impor.status == Impor.Status.MENERAPKAN
    with pytest.raises(ValidationError, match="tidak lagi menunggu konfirmasi"):
        impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    impor_svc.impor_terapkan(impor=impor, by=d.admin_bkd)
    with pytest.raises(ValidationError, match="tidak lagi menunggu konfirmasi"):
        impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    with pytest.raises(ValidationError):
        impor_svc.impor_batalkan(impor=impor, by=d.admin_bkd)

    assert muat(impor).status == Impor.Status.SELESAI
    assert Pegawai.objects.filter(nip="198503152010011001").count() == 1
    assert Jejak.objects.filter(aksi="impor_terapkan").count() == 1


def test_tasks_run_twice_check_once_and_apply_once(
    dalam_buleleng, django_capture_on_commit_callbacks
):
    d = dalam_buleleng
    with django_capture_on_commit_callbacks(execute=True):
        impor = impor_svc.impor_unggah(
            by=d.admin_bkd,
            jenis="pegawai",
            berkas=SimpleUploadedFile("a.xlsx", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)])),
        )
    impor = muat(impor)
    assert impor.status == Impor.Status.PRATINJAU
    rencana = impor.rencana
    periksa_impor(d.buleleng.pk, impor.pk)
    assert muat(impor).rencana == rencana

    with django_capture_on_commit_callbacks(execute=True):
        impor_svc.impor_konfirmasi(impor=impor, by=d.admin_bkd)
    assert muat(impor).status == Impor.Status.SELESAI
    terapkan_impor(d.buleleng.pk, impor.pk, d.admin_bkd.pk)
    assert Pegawai.objects.filter(nip="198503152010011001").count() == 1
    assert Jejak.objects.filter(aksi="impor_terapkan").count() == 1


def test_upload_by_a_pegawai_who_is_not_an_admin_is_refused(dalam_buleleng):
    d = dalam_buleleng
    with pytest.raises(ValidationError, match="Hanya admin"):
        impor_svc.impor_unggah(
            by=d.staf, jenis="pegawai", berkas=SimpleUploadedFile("a.xlsx", xlsx_kosong())
        )
    assert not Impor.objects.exists()


def test_whoever_uploaded_is_told_when_the_preview_is_ready_and_when_applied(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))
    terapkan(impor, d.admin_bkd)
    kabar = list(
        Notifikasi.objects.filter(penerima=d.admin_bkd, jenis=Notifikasi.Jenis.IMPOR)
        .order_by("id")
        .values_list("judul", "tautan")
    )
    tautan = reverse("impor_detail", args=[impor.pk])
    assert kabar == [
        ("Pratinjau impor ekspor.xlsx siap", tautan),
        ("Impor ekspor.xlsx selesai diterapkan", tautan),
    ]
