"""Files and steps shared by the import tests (and tests/bench/bench_impor.py): SI-ASN
exports made in the test, and the dry run → confirmation path through the services."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from organisasi import impor as impor_svc
from organisasi.models import Impor

KOLOM_PEGAWAI = ["NIP_BARU", "NAMA", "TANGGAL_LAHIR", "JENIS_KELAMIN", "GOL_AKHIR_NAMA",
                 "JABATAN_NAMA", "JENIS_JABATAN_NAMA", "UNOR_ID", "TMT_CPNS"]  # fmt: skip
# The columns compared with a pegawai made by the factory (no birth date or TMT there).
KOLOM_RINGKAS = ["NIP_BARU", "NAMA", "UNOR_ID", "GOL_AKHIR_NAMA", "JABATAN_NAMA",
                 "JENIS_JABATAN_NAMA"]  # fmt: skip
KOLOM_UNIT = ["ID", "NAMA_UNOR", "ESELON_ID", "DIATASAN_ID"]


def xlsx(kolom, baris, *, aliran=False) -> bytes:
    """A workbook as Excel saves it; `aliran`: as a streaming writer (openpyxl's write-only
    mode, which our own exports use) saves it, without the sheet's <dimension>."""
    buku = Workbook(write_only=aliran)
    lembar = buku.create_sheet("Sheet1") if aliran else buku.active
    lembar.append(kolom)
    for b in baris:
        lembar.append(b)
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def csv_bytes(kolom, baris, *, pembatas=";", penyandian="utf-8") -> bytes:
    teks = io.StringIO()
    penulis = csv.writer(teks, delimiter=pembatas, lineterminator="\r\n")
    penulis.writerow(kolom)
    penulis.writerows(baris)
    return teks.getvalue().encode(penyandian)


def unggah(admin, jenis, isi, nama="ekspor.xlsx", *, periksa=True) -> Impor:
    impor = impor_svc.impor_unggah(by=admin, jenis=jenis, berkas=SimpleUploadedFile(nama, isi))
    impor.refresh_from_db()
    # Eager Celery runs the dry run on commit; inside the test transaction run it directly.
    return impor_svc.impor_periksa(impor=impor) if periksa else impor


def terapkan(impor, admin, pilihan=None) -> Impor:
    impor = impor_svc.impor_konfirmasi(impor=impor, by=admin, pilihan=pilihan)
    return impor_svc.impor_terapkan(impor=impor, by=admin)


def baris_pegawai(d, nip="198503152010011001", nama="Budi Santoso", unit=None, **lain):
    nilai = {
        "NIP_BARU": nip,
        "NAMA": nama,
        "TANGGAL_LAHIR": "15-03-1985",
        "JENIS_KELAMIN": "L",
        "GOL_AKHIR_NAMA": "III/b",
        "JABATAN_NAMA": "Analis Kepegawaian",
        "JENIS_JABATAN_NAMA": "Jabatan Pelaksana",
        "UNOR_ID": unit or d.bidang.id_eksternal,
        "TMT_CPNS": "01-01-2010",
        **lain,
    }
    return [nilai[k] for k in KOLOM_PEGAWAI]


def baris_dari(pegawai, **ubah):
    """A KOLOM_RINGKAS row that SI-ASN would export for a pegawai already here."""
    nilai = {
        "NIP_BARU": pegawai.nip,
        "NAMA": pegawai.nama,
        "UNOR_ID": pegawai.unit_kerja.id_eksternal,
        "GOL_AKHIR_NAMA": pegawai.pangkat_golongan,
        "JABATAN_NAMA": pegawai.jabatan,
        "JENIS_JABATAN_NAMA": "Jabatan Pelaksana",
        **ubah,
    }
    return [nilai[k] for k in KOLOM_RINGKAS]
