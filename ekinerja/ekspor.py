"""Excel exports: one sheet with a title row, Indonesian headers, and typed cells (numbers
stay numbers, dates stay dates), served as a download."""

from datetime import date
from io import BytesIO

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def respons_xlsx(*, nama_berkas, judul_lembar, judul, kolom, baris, kolom_rupiah=()):
    """`kolom`: the header row; `baris`: lists of values; `kolom_rupiah`: 0-based indexes of
    amount columns, shown with thousands separators. Without `judul` the headers are the
    first row (a template to fill and import again)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buku = Workbook()
    lembar = buku.active
    lembar.title = judul_lembar[:31]
    if judul:
        lembar.append([judul])
        lembar.append([])
    lembar.append(list(kolom))
    for sel in lembar[lembar.max_row]:
        sel.font = Font(bold=True)
    for nilai in baris:
        lembar.append(list(nilai))
        for sel in lembar[lembar.max_row]:
            if isinstance(sel.value, date):
                sel.number_format = "DD-MM-YYYY"
        for i in kolom_rupiah:
            lembar[f"{get_column_letter(i + 1)}{lembar.max_row}"].number_format = "#,##0"
    for i, judul_kolom in enumerate(kolom, start=1):
        lembar.column_dimensions[get_column_letter(i)].width = max(
            12, min(len(str(judul_kolom)) + 4, 50)
        )
    keluaran = BytesIO()
    buku.save(keluaran)
    respons = HttpResponse(keluaran.getvalue(), content_type=XLSX)
    respons["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    return respons
