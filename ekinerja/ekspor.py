"""Excel exports: one sheet with a title row, Indonesian headers, and typed cells (numbers
stay numbers, dates stay dates), served as a download."""

from io import BytesIO

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def respons_xlsx(*, nama_berkas, judul_lembar, judul, kolom, baris, kolom_rupiah=()):
    """`kolom`: the header row; `baris`: lists of values; `kolom_rupiah`: 0-based indexes of
    amount columns, shown with thousands separators."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    buku = Workbook()
    lembar = buku.active
    lembar.title = judul_lembar[:31]
    lembar.append([judul])
    lembar.append([])
    lembar.append(list(kolom))
    for sel in lembar[3]:
        sel.font = Font(bold=True)
    for nilai in baris:
        lembar.append(list(nilai))
        for i in kolom_rupiah:
            lembar[f"{get_column_letter(i + 1)}{lembar.max_row}"].number_format = "#,##0"
    keluaran = BytesIO()
    buku.save(keluaran)
    respons = HttpResponse(keluaran.getvalue(), content_type=XLSX)
    respons["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    return respons
