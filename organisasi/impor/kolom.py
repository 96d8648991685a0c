"""Column names of the SI-ASN exports, per instansi (read, and set by BKD with
kolom_simpan), and the limits of an import."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from inti.models import catat_jejak
from organisasi.models import Impor, Instansi

UKURAN_MAKS = 20 * 1024 * 1024


BATCH = 1000


@dataclass(frozen=True)
class Kolom:
    label: str
    judul: tuple[str, ...]  # header names as SI-ASN exports them, first is shown
    wajib: bool = False


# field → column. The field names are the model's; "unit_kerja" and "parent" are read as
# the unit's SI-ASN id.
KOLOM = {
    Impor.Jenis.PEGAWAI: {
        "nip": Kolom("NIP", ("NIP_BARU", "NIP"), wajib=True),
        "nama": Kolom("Nama", ("NAMA",), wajib=True),
        "unit_kerja": Kolom("ID unit kerja", ("UNOR_ID", "ID_UNOR", "UNIT_KERJA_ID"), wajib=True),
        "gelar_depan": Kolom("Gelar depan", ("GELAR_DEPAN",)),
        "gelar_belakang": Kolom("Gelar belakang", ("GELAR_BELAKANG", "GELAR_BLKG")),
        "tanggal_lahir": Kolom("Tanggal lahir", ("TANGGAL_LAHIR", "TGL_LAHIR")),
        "jenis_kelamin": Kolom("Jenis kelamin", ("JENIS_KELAMIN",)),
        "jenis_asn": Kolom("Jenis ASN", ("JENIS_PEGAWAI_NAMA", "JENIS_ASN", "JENIS_PEGAWAI")),
        "pangkat_golongan": Kolom("Golongan", ("GOL_AKHIR_NAMA", "GOLONGAN", "GOL_RUANG")),
        "jabatan": Kolom("Jabatan", ("JABATAN_NAMA", "NAMA_JABATAN", "JABATAN")),
        "jenis_jabatan": Kolom("Jenis jabatan", ("JENIS_JABATAN_NAMA", "JENIS_JABATAN")),
        "jenjang": Kolom("Jenjang", ("JENJANG", "JENJANG_JABATAN")),
        "tmt_cpns": Kolom("TMT CPNS", ("TMT_CPNS",)),
        "tmt_pns": Kolom("TMT PNS", ("TMT_PNS",)),
        "tanggal_spmt": Kolom("Tanggal SPMT", ("TANGGAL_SPMT", "TMT_PPPK")),
        "tmt_jabatan": Kolom("TMT jabatan", ("TMT_JABATAN",)),
        "email": Kolom("Email", ("EMAIL", "EMAIL_GOV")),
    },
    Impor.Jenis.UNIT_KERJA: {
        "id_eksternal": Kolom("ID unit", ("ID", "UNOR_ID", "ID_UNOR"), wajib=True),
        "nama": Kolom("Nama unit", ("NAMA_UNOR", "NAMA", "UNOR_NAMA"), wajib=True),
        "parent": Kolom("ID unit atasan", ("DIATASAN_ID", "ID_ATASAN", "PARENT_ID"), wajib=True),
        "eselon": Kolom("Eselon", ("ESELON_ID", "ESELON")),
        "adalah_opd": Kolom("OPD mandiri", ("IS_OPD", "OPD")),
    },
}


# Ids Excel must keep as text: a NIP or a numeric unit id typed as a number is mangled.
KOLOM_TEKS = {"nip", "unit_kerja", "id_eksternal", "parent"}


# Dates that may lie ahead (an appointment already decided): up to a year.
TANGGAL_MENDATANG = {"tmt_pns", "tanggal_spmt", "tmt_jabatan"}


SETAHUN = timedelta(days=366)


KOLOM_TANGGAL = {"tanggal_lahir", "tmt_cpns", "tmt_pns", "tanggal_spmt", "tmt_jabatan"}


PANJANG_MAKS = {"nama": 150, "gelar_depan": 30, "gelar_belakang": 60, "jabatan": 255}


class BerkasDitolak(ValidationError):
    """The whole file is refused (unreadable, empty, columns missing): nothing is planned."""


def kolom_instansi(instansi: Instansi, jenis: str) -> dict[str, tuple[str, ...]]:
    """The header names each field is read from: the instansi's own setting first (several
    names separated by commas), then the SI-ASN defaults."""
    sendiri = (instansi.pengaturan.get("kolom_impor") or {}).get(jenis) or {}
    hasil = {}
    for field, kolom in KOLOM[jenis].items():
        pilihan = [j.strip() for j in str(sendiri.get(field) or "").split(",") if j.strip()]
        hasil[field] = tuple(pilihan) or kolom.judul
    return hasil


@transaction.atomic
def kolom_simpan(*, instansi: Instansi, jenis: str, kolom: dict[str, str], by):
    if not by.adalah_admin_bkd or by.instansi_id != instansi.pk:
        raise ValidationError("Hanya admin BKD instansi ini yang mengatur kolom impor.")
    instansi = Instansi.objects.select_for_update().get(pk=instansi.pk)
    lama = instansi.pengaturan.get("kolom_impor", {}).get(jenis, {})
    baru = {f: v.strip() for f, v in kolom.items() if f in KOLOM[jenis] and v and v.strip()}
    instansi.pengaturan.setdefault("kolom_impor", {})[jenis] = baru
    instansi.save(update_fields=["pengaturan"])
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="kolom_impor_ubah",
        objek=instansi,
        dari=lama,
        ke=baru,
    )
