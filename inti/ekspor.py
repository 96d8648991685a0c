"""Exports: Excel (one sheet with a title row, Indonesian headers, and typed cells: numbers
stay numbers, dates stay dates) and CSV, served as a download."""

import csv
from datetime import date, datetime
from io import BytesIO

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def respons_xlsx(*, nama_berkas, **isi) -> HttpResponse:
    """The workbook of `isi_xlsx` served as a download named `nama_berkas`."""
    respons = HttpResponse(isi_xlsx(**isi), content_type=XLSX)
    respons["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    return respons


def isi_xlsx(
    *, judul_lembar, judul, kolom, baris, kolom_rupiah=(), kolom_persen=(),
    kolom_teks=(), lebar_kolom=None, baris_jumlah=None,
) -> bytes:  # fmt: skip
    """`kolom`: the header row; `baris`: lists of values; `kolom_rupiah`: 0-based indexes of
    amount columns, shown with thousands separators; `kolom_persen`: fractions (0.25) shown
    as percentages; `kolom_teks`: columns Excel must keep as text when typed into (an
    18-digit NIP typed as a number loses its last digits); `lebar_kolom`: {index: width}
    where the header's length is too narrow (a NIP, a name); `baris_jumlah`: a last, bold
    row of totals (values computed by the caller in SQL, so the file needs no recalculation
    to show them). Without `judul` the headers are the first row (a template to fill and
    import again). Written in openpyxl's write-only mode: 20,000 pegawai stay fast."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buku = Workbook(write_only=True)
    lembar = buku.create_sheet(judul_lembar[:31])
    for i, judul_kolom in enumerate(kolom, start=1):
        lembar.column_dimensions[get_column_letter(i)].width = (lebar_kolom or {}).get(
            i - 1, max(12, min(len(str(judul_kolom)) + 4, 50))
        )
        if i - 1 in kolom_teks:
            lembar.column_dimensions[get_column_letter(i)].number_format = "@"
    if judul:
        sel = WriteOnlyCell(lembar, value=judul)
        sel.font = Font(bold=True, size=12)
        lembar.append([sel])
        lembar.append([])
    tebal = Font(bold=True)
    kepala = []
    for judul_kolom in kolom:
        sel = WriteOnlyCell(lembar, value=judul_kolom)
        sel.font = tebal
        kepala.append(sel)
    lembar.append(kepala)
    format_kolom = (
        {i: "#,##0" for i in kolom_rupiah}
        | {i: "0.0%" for i in kolom_persen}
        | {i: "@" for i in kolom_teks}
    )
    for nilai in baris:
        sel_baris = []
        for i, v in enumerate(nilai):
            if isinstance(v, str) and v.startswith(_AWAL_RUMUS):
                # Text typed by a user ("=HYPERLINK(…)" as a jabatan) stays text: Excel
                # would run it as a formula for whoever opens the file.
                sel = WriteOnlyCell(lembar, value=v)
                sel.data_type = "s"
                sel_baris.append(sel)
            elif i in format_kolom or isinstance(v, date | datetime):
                sel = WriteOnlyCell(lembar, value=v)
                sel.number_format = format_kolom.get(i, "DD-MM-YYYY")
                sel_baris.append(sel)
            else:
                sel_baris.append(v)
        lembar.append(sel_baris)
    if baris_jumlah is not None:
        sel_jumlah = []
        for i, v in enumerate(baris_jumlah):
            sel = WriteOnlyCell(lembar, value=v)
            sel.font = tebal
            if i in format_kolom and v is not None:
                sel.number_format = format_kolom[i]
            sel_jumlah.append(sel)
        lembar.append(sel_jumlah)
    keluaran = BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def respons_csv(*, nama_berkas: str, kolom: list[str], baris) -> HttpResponse:
    """A CSV export. A cell that starts like a formula ("=HYPERLINK(…)" as a unit name) is
    prefixed with an apostrophe, which spreadsheets show as text (OWASP's advice for CSV
    injection); the xlsx exports keep such cells as text the same way."""
    respons = HttpResponse(content_type="text/csv; charset=utf-8")
    respons["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    tulis = csv.writer(respons)
    tulis.writerow(kolom)
    for nilai in baris:
        tulis.writerow(
            [f"'{v}" if isinstance(v, str) and v.startswith(_AWAL_RUMUS) else v for v in nilai]
        )
    return respons
