"""How the three documents break into pages, for SKPs of 1, 8 and 20 RHK (issue 20): no
table row split over two pages (the number on one, its content on the next) and no page
holding the signatures alone.

The PDFs are real (WeasyPrint) and read back page by page with `pdftotext -layout`, where
a table row prints as one line starting with its number. Set CETAK_HALAMAN_KE=<folder> to
keep the PDFs for a look (pdftoppm -png -r 50).
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

from dokumen.models import Dokumen
from penilaian import rules, services
from skp.rules import NAMA_BERAKHLAK
from tests.penilaian.conftest import periode_siap_dinilai, skp_disetujui
from tests.penilaian.test_dokumen import (  # noqa: F401  (fixtures used by name)
    LOKASI,
    TANGGAL,
    cetak,
    dunia,
    folder_sertifikat,
    isi_berkas,
    minta_dokumen,
)

SKP, EVALUASI, DOKUMEN_EVALUASI = Dokumen.Jenis.values


def halaman_pdf(isi: bytes) -> list[str]:
    """The text of each page, laid out as printed (pdftotext ends each page with \\f)."""
    keluar = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=isi,
        capture_output=True,
        check=True,
    )
    return keluar.stdout.decode().split("\f")[:-1]


def uraian_rhk(n: int) -> list[str]:
    # Long enough to wrap in the narrow columns of the evaluation form.
    return [
        f"Rhk{i} tersusunnya laporan pelaksanaan kegiatan pengelolaan kinerja pegawai "
        f"di lingkungan bidang sesuai ketentuan Akhir{i}"
        for i in range(1, n + 1)
    ]


@pytest.fixture
def dokumen_rhk(request, rantai, dalam_buleleng, orang, minta_dokumen):  # noqa: F811
    """The three documents of a rated TW I period of an SKP with `request.param` RHK."""
    jumlah = request.param
    skp = skp_disetujui(dalam_buleleng, rantai, orang.staf, uraian=uraian_rhk(jumlah))
    periode = periode_siap_dinilai(skp, orang.staf, orang.kabid)
    periode = services.periode_nilai(
        periode=periode,
        by=orang.kabid,
        rating_hasil_kerja=rules.DIATAS,
        rating_perilaku_kerja=rules.SESUAI,
    )
    dokumen = minta_dokumen(periode, orang.staf)
    if folder := os.environ.get("CETAK_HALAMAN_KE"):
        for jenis, d in dokumen.items():
            (Path(folder) / f"{jumlah:02d}-{jenis}.pdf").write_bytes(isi_berkas(d))
    return jumlah, {jenis: halaman_pdf(isi_berkas(d)) for jenis, d in dokumen.items()}


def _baris_di(halaman: list[str], pola: str) -> list[int]:
    """The pages on which a line matches `pola` (a row's number then its first word)."""
    return [i for i, h in enumerate(halaman) if re.search(pola, h, re.MULTILINE)]


@pytest.mark.parametrize("dokumen_rhk", [1, 8, 20], indirect=True, ids=lambda n: f"{n}-rhk")
def test_no_page_holds_the_signatures_alone(dokumen_rhk):
    _, dokumen = dokumen_rhk
    for jenis, halaman in dokumen.items():
        # The signature block opens with "<lokasi>, <tanggal>"; it is printed once.
        tempat = f"{LOKASI}, {TANGGAL.day} Maret {TANGGAL.year}"
        di = [i for i, h in enumerate(halaman) if tempat in h]
        assert len(di) == 1, (jenis, di)
        sebelum = halaman[di[0]].split(tempat)[0]
        # Above the signatures on their page: some of the document's content, not only
        # the page's empty top.
        assert len(sebelum.split()) >= 5, (jenis, len(halaman), halaman[di[0]])
        # ... and the signature block is not split from its names.
        assert "Pegawai yang Dinilai" in halaman[di[0]], jenis
        assert "Pejabat Penilai Kinerja" in halaman[di[0]], jenis


@pytest.mark.parametrize("dokumen_rhk", [1, 8, 20], indirect=True, ids=lambda n: f"{n}-rhk")
def test_every_row_keeps_its_number_and_content_on_one_page(dokumen_rhk):
    jumlah, dokumen = dokumen_rhk
    nama_perilaku = [n.split()[0] for n in NAMA_BERAKHLAK.values()]
    for jenis in (SKP, EVALUASI):
        halaman = dokumen[jenis]
        # Each perilaku row, "6  Adaptif", whole on one page.
        for nomor, nama in enumerate(nama_perilaku, 1):
            assert len(_baris_di(halaman, rf"^\s*{nomor}\s+{nama}")) == 1, (jenis, nomor, nama)
        # Each RHK row, "12  Rhk12 tersusunnya …", whole on one page: its number, and the
        # last word of its uraian in every cell repeating it (rencana aksi, indikator).
        for nomor in range(1, jumlah + 1):
            awal = _baris_di(halaman, rf"^\s*{nomor}\s+Rhk{nomor}\b")
            assert len(awal) == 1, (jenis, nomor)
            assert set(_baris_di(halaman, rf"(?i)\bakhir{nomor}\b")) == set(awal), (jenis, nomor)
    if jumlah == 20:
        # The largest SKP really runs over pages, so the checks above mean something.
        assert len(dokumen[SKP]) > 1 and len(dokumen[EVALUASI]) > 1
