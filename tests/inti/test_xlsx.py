"""Issue 16 (5): a small xlsx that unzips to hundreds of megabytes is refused before and
while it is read, by both imports, with a message beside the file field."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from inti.xlsx import BerkasTerlaluBesar, baris_terbatas, periksa_ukuran_terurai
from organisasi.impor.baca import baca_berkas
from organisasi.impor.kolom import BerkasDitolak
from skp.impor import SENDIRI, UNIT, baca_ekspor_bkn


def _bom(megabyte: int) -> bytes:
    """A valid workbook whose sheet XML is padded to `megabyte` MB: a few KB zipped."""
    buku = Workbook()
    buku.active.append(["NIP", "Nama"])
    asli = io.BytesIO()
    buku.save(asli)
    keluar = io.BytesIO()
    with (
        zipfile.ZipFile(asli) as masuk,
        zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as arsip,
    ):
        for anggota in masuk.infolist():
            isi = masuk.read(anggota.filename)
            if anggota.filename == "xl/worksheets/sheet1.xml":
                isi = isi.replace(b"<sheetData>", b"<sheetData>" + b" " * (megabyte * 2**20))
            arsip.writestr(anggota.filename, isi)
    return keluar.getvalue()


def test_the_declared_size_is_checked_before_parsing():
    bom = _bom(60)
    assert len(bom) < 200 * 1024
    with pytest.raises(BerkasTerlaluBesar, match="terlalu besar setelah dibuka"):
        periksa_ukuran_terurai(bom, maks_terurai=50 * 2**20, maks_lembar=10)
    periksa_ukuran_terurai(_bom(1), maks_terurai=50 * 2**20, maks_lembar=10)


def test_the_bkn_skp_import_refuses_the_bomb_beside_the_field():
    berkas = SimpleUploadedFile("skp.xlsx", _bom(60))
    with pytest.raises(ValidationError) as galat:
        baca_ekspor_bkn(berkas, **UNIT)
    assert "terlalu besar setelah dibuka" in str(galat.value.message_dict["berkas"])


def test_a_pegawai_own_bkn_import_is_bounded_tighter_than_an_admin_unit_import():
    # Parsed in the request: a pegawai's own file may unzip to 5 MB (about 1.5 s of
    # openpyxl at worst), a unit's workbook to 15 MB.
    with pytest.raises(ValidationError, match="paling besar 5 MB"):
        baca_ekspor_bkn(SimpleUploadedFile("skp.xlsx", _bom(6)), **SENDIRI)
    assert baca_ekspor_bkn(SimpleUploadedFile("skp.xlsx", _bom(6)), **UNIT)
    with pytest.raises(ValidationError, match="paling besar 15 MB"):
        baca_ekspor_bkn(SimpleUploadedFile("skp.xlsx", _bom(16)), **UNIT)


def test_rows_are_capped_while_reading_whatever_the_zip_declares():
    buku = Workbook()
    for n in range(30):
        buku.active.append([n, "x"])
    isi = io.BytesIO()
    buku.save(isi)
    from openpyxl import load_workbook

    lembar = load_workbook(io.BytesIO(isi.getvalue()), read_only=True).active
    with pytest.raises(BerkasTerlaluBesar, match="lebih dari 20 baris"):
        baris_terbatas(lembar, maks_baris=20, maks_kolom=5)
    with pytest.raises(BerkasDitolak, match="terlalu besar setelah dibuka"):
        baca_berkas("pegawai.xlsx", _bom(310))
