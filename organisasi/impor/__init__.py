"""Import of unit kerja and pegawai from SI-ASN exports: read, dry run, confirm, apply.

A package for its size, in the order an import runs: kolom (column names per instansi),
baca (reading the file), rencana (the dry run), terapkan (applying a confirmed plan) and
layanan (the services, with the same habits as organisasi/services.py: keyword-only,
atomic, audited). What the views, tasks and tests use is named here.

Not django-import-export: its Resource workflow loads one instance per row (20,000
queries for a kabupaten, where this plan reads each table once), has no notion of a local
correction to show as a conflict (DOMAIN: Profile) or of a seksi chosen here inside the
Dinas SI-ASN knows, and its tablib Dataset mangles the files themselves (see baca_berkas).
"""

from organisasi.impor.baca import Tabel, baca_berkas, petakan_kolom
from organisasi.impor.kolom import (
    KOLOM,
    KOLOM_TEKS,
    UKURAN_MAKS,
    BerkasDitolak,
    Kolom,
    kolom_instansi,
    kolom_simpan,
)
from organisasi.impor.layanan import (
    _RENCANA,
    _TERAPKAN,
    impor_batalkan,
    impor_konfirmasi,
    impor_periksa,
    impor_pilih,
    impor_terapkan,
    impor_unggah,
)
from organisasi.impor.rencana import rencana_pegawai, rencana_unit
from organisasi.impor.terapkan import pilihan_untuk

__all__ = [
    "KOLOM",
    "KOLOM_TEKS",
    "UKURAN_MAKS",
    "BerkasDitolak",
    "Kolom",
    "Tabel",
    "_RENCANA",
    "_TERAPKAN",
    "baca_berkas",
    "impor_batalkan",
    "impor_konfirmasi",
    "impor_periksa",
    "impor_pilih",
    "impor_terapkan",
    "impor_unggah",
    "kolom_instansi",
    "kolom_simpan",
    "petakan_kolom",
    "pilihan_untuk",
    "rencana_pegawai",
    "rencana_unit",
]
