"""Reading an uploaded .xlsx or .csv into rows: encodings, delimiters, ragged rows."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from inti.xlsx import BerkasTerlaluBesar, baris_terbatas, periksa_ukuran_terurai
from organisasi import rules
from organisasi.impor.kolom import KOLOM, BerkasDitolak


@dataclass
class Tabel:
    """A file's header row and its rows, each as the spreadsheet numbers it (row 2 on)."""

    headers: list
    baris: list

    def __iter__(self):
        return iter(self.baris)

    def __len__(self):
        return len(self.baris)


def baca_berkas(nama_berkas: str, isi: bytes) -> Tabel:
    """The rows of an .xlsx or .csv export (first row = headers).

    Read with openpyxl and the csv module rather than through django-import-export's
    tablib Dataset: a Dataset refuses rows of unequal length (a streamed workbook's rows
    end at their last filled cell) and drops empty CSV lines, after which every row number
    in the dry run would be off from the line the admin sees in the file."""
    from openpyxl import load_workbook

    if not isi.strip():
        raise BerkasDitolak("Berkas kosong.")
    if isi[:4] == b"PK\x03\x04":
        try:
            # An SI-ASN export of a province: 60,000 rows of a few dozen columns.
            periksa_ukuran_terurai(isi, maks_terurai=300 * 2**20, maks_lembar=20)
            lembar = load_workbook(io.BytesIO(isi), read_only=True, data_only=True).active
            semua = baris_terbatas(lembar, maks_baris=150_000, maks_kolom=200)
        except BerkasTerlaluBesar as e:
            raise BerkasDitolak(str(e)) from None
        except Exception:  # noqa: BLE001 — openpyxl raises many kinds on a broken zip
            raise BerkasDitolak(
                "Berkas Excel rusak atau bukan .xlsx (simpan ulang sebagai Excel Workbook)."
            ) from None
        if not semua:
            raise BerkasDitolak("Berkas Excel tidak berisi baris apa pun.")
        tabel = Tabel(semua[0], semua[1:])
    elif nama_berkas.lower().endswith((".xlsx", ".xls")):
        raise BerkasDitolak(
            "Berkas bukan Excel .xlsx yang sah (format .xls lama: simpan ulang sebagai .xlsx)."
        )
    else:
        teks = _teks_csv(isi)
        try:
            pembatas = csv.Sniffer().sniff(teks.split("\n", 1)[0], delimiters=",;\t|").delimiter
        except csv.Error:
            pembatas = ","
        try:
            semua = list(csv.reader(io.StringIO(teks, newline=""), delimiter=pembatas))
        except csv.Error as e:
            raise BerkasDitolak(f"Berkas CSV tidak dapat dibaca: {e}") from None
        tabel = Tabel(semua[0] if semua else [], semua[1:])
    if not any(rules.teks_sel(h) for h in tabel.headers):
        raise BerkasDitolak("Baris pertama berkas harus berisi judul kolom.")
    return tabel


def _teks_csv(isi: bytes) -> str:
    if b"\x00" in isi[:4096]:
        raise BerkasDitolak(
            "Berkas bukan teks CSV (mungkin UTF-16 atau berkas biner); simpan sebagai CSV UTF-8."
        )
    try:
        return isi.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # What Excel on an Indonesian Windows writes when "CSV (Comma delimited)" is chosen.
        return isi.decode("cp1252")
    except UnicodeDecodeError:
        raise BerkasDitolak(
            "Penyandian huruf berkas tidak dikenali; simpan ulang sebagai “CSV UTF-8”."
        ) from None


def petakan_kolom(headers, kolom: dict[str, tuple[str, ...]], jenis: str) -> dict[str, int]:
    """field → column index; a missing required column refuses the whole file."""
    posisi = {}
    for i, judul in enumerate(headers):
        posisi.setdefault(rules.kunci_kolom(judul), i)
    hasil, hilang = {}, []
    for field, judul in kolom.items():
        indeks = next((posisi[k] for k in map(rules.kunci_kolom, judul) if k in posisi), None)
        if indeks is not None:
            hasil[field] = indeks
        elif KOLOM[jenis][field].wajib:
            hilang.append(f"{KOLOM[jenis][field].label} ({' / '.join(judul)})")
    if hilang:
        ada = ", ".join(rules.teks_sel(h) for h in headers if rules.teks_sel(h))
        raise BerkasDitolak(
            f"Kolom wajib tidak ditemukan: {'; '.join(hilang)}. Kolom dalam berkas: {ada}. "
            "Sesuaikan nama kolom di Pengaturan kolom impor bila ekspor Anda berbeda."
        )
    return hasil


def baris_data(data):
    """(row number as Excel shows it, cells) for every non-empty row."""
    for i, sel in enumerate(data, start=2):
        if any(rules.teks_sel(s) for s in sel):
            yield i, sel


def tampil(nilai) -> str:
    if nilai is None or nilai == "":
        return "-"
    if isinstance(nilai, bool):
        return "Ya" if nilai else "Tidak"
    if isinstance(nilai, date):
        return f"{nilai:%d-%m-%Y}"
    return str(nilai)


def ke_json(nilai):
    return nilai.isoformat() if isinstance(nilai, date) else nilai
