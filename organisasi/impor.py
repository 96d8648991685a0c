"""Import of unit kerja and pegawai from SI-ASN exports: read, dry run, confirm, apply.

The import's services live here rather than in organisasi/services.py for their size;
they follow the same habits (keyword-only, atomic, audited).

Not django-import-export: its Resource workflow loads one instance per row (20,000
queries for a kabupaten, where this plan reads each table once), has no notion of a local
correction to show as a conflict (DOMAIN: Profile) or of a seksi chosen here inside the
Dinas SI-ASN knows, and its tablib Dataset mangles the files themselves (see baca_berkas).
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from inti.models import Jejak, catat_jejak, jejak_baru
from organisasi import rules
from organisasi.models import Impor, Instansi, Pegawai, UnitKerja
from organisasi.services import FIELD_KOREKSI_LOKAL, perbarui_opd_subtree, unit_kerja_ubah

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
_TANGGAL_MENDATANG = {"tmt_pns", "tanggal_spmt", "tmt_jabatan"}
SETAHUN = timedelta(days=366)
_TANGGAL = {"tanggal_lahir", "tmt_cpns", "tmt_pns", "tanggal_spmt", "tmt_jabatan"}
_PANJANG = {"nama": 150, "gelar_depan": 30, "gelar_belakang": 60, "jabatan": 255}


class BerkasDitolak(ValidationError):
    """The whole file is refused (unreadable, empty, columns missing): nothing is planned."""


# ---- mapping ----------------------------------------------------------------------------


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


# ---- reading ----------------------------------------------------------------------------


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
            lembar = load_workbook(io.BytesIO(isi), read_only=True, data_only=True).active
            semua = [list(b) for b in lembar.iter_rows(values_only=True)]
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


def _baris(data):
    """(row number as Excel shows it, cells) for every non-empty row."""
    for i, sel in enumerate(data, start=2):
        if any(rules.teks_sel(s) for s in sel):
            yield i, sel


def _tampil(nilai) -> str:
    if nilai is None or nilai == "":
        return "-"
    if isinstance(nilai, bool):
        return "Ya" if nilai else "Tidak"
    if isinstance(nilai, date):
        return f"{nilai:%d-%m-%Y}"
    return str(nilai)


def _json(nilai):
    return nilai.isoformat() if isinstance(nilai, date) else nilai


def _sidik(rencana) -> str:
    return hashlib.sha256(
        json.dumps(rencana, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()


def _rencana_kosong():
    return {"baru": [], "ubah": [], "konflik": [], "sama": 0, "galat": []}


# ---- pegawai ----------------------------------------------------------------------------


def rencana_pegawai(
    *, instansi, lingkup_opd, data, kolom, hari_ini, kemajuan=None, kunci=False
) -> dict:
    """The dry run of a pegawai file: what would be created, changed (old → new), left
    alone, what conflicts with a local correction, and which rows fail and why.
    `kunci`: lock the file's pegawai as they are read (the confirmation's re-plan)."""
    indeks = petakan_kolom(data.headers, kolom, Impor.Jenis.PEGAWAI)
    unit_per_id = {
        u["id_eksternal"]: u
        for u in UnitKerja.objects.filter(instansi=instansi).values(
            "id", "id_eksternal", "nama", "path", "opd_id"
        )
    }
    unit_per_pk = {u["id"]: u for u in unit_per_id.values()}
    field_banding = [f for f in indeks if f not in ("nip", "unit_kerja")]
    if "jenis_jabatan" in indeks and "jenjang" not in indeks:
        field_banding.append("jenjang")
    nip_berkas = [_nip_mentah(sel[indeks["nip"]] if indeks["nip"] < len(sel) else None)
                  for sel in data]  # fmt: skip
    ada, nip_lain = {}, set()
    sendiri = Pegawai.objects.filter(instansi=instansi).exclude(peran=Pegawai.Peran.SUPERADMIN)
    if kunci:
        sendiri = sendiri.select_for_update()
    for awal in range(0, len(nip_berkas), 5000):
        potong = nip_berkas[awal : awal + 5000]
        ada.update(
            (p["nip"], p)
            for p in sendiri.filter(nip__in=potong).values(
                "id", "nip", "peran", "koreksi_lokal", "unit_kerja_id", *field_banding
            )
        )
        with scopes_disabled():
            nip_lain.update(
                Pegawai.objects.filter(nip__in=potong)
                .exclude(instansi=instansi)
                .values_list("nip", flat=True)
            )

    rencana, baris_nip = _rencana_kosong(), {}
    jumlah_baris = len(data)
    for nomor, sel in _baris(data):
        if kemajuan and nomor % 2000 == 0:
            kemajuan(nomor * 100 // (jumlah_baris + 1))
        nilai, galat = _baca_baris_pegawai(sel, indeks, hari_ini)
        nip = nilai.get("nip", "")
        if nip in baris_nip:
            galat.append(f"NIP sama dengan baris {baris_nip[nip]}.")
        elif nip:
            baris_nip[nip] = nomor
        if nip in nip_lain:
            galat.append("NIP sudah terdaftar di instansi lain.")
        unit = unit_per_id.get(nilai.get("unit_kerja"))
        if nilai.get("unit_kerja") and unit is None:
            galat.append(
                f"ID unit kerja “{nilai['unit_kerja']}” tidak dikenal; impor unit kerja dahulu."
            )
        lama = ada.get(nip)
        if lingkup_opd is not None:
            if unit is not None and unit["opd_id"] != lingkup_opd.pk:
                galat.append(f"Unit kerja “{unit['nama']}” di luar OPD Anda.")
            unit_lama = unit_per_pk.get(lama["unit_kerja_id"]) if lama else None
            if lama and (
                unit_lama is None
                or unit_lama["opd_id"] != lingkup_opd.pk
                or lama["peran"] != Pegawai.Peran.PEGAWAI
            ):
                galat.append("Pegawai ini terdaftar di luar OPD Anda; hubungi BKD.")
        if galat:
            rencana["galat"].append({"baris": nomor, "nip": nip, "nama": nilai.get("nama", ""),
                                     "pesan": galat})  # fmt: skip
            continue
        nilai["unit_kerja"] = unit["id"]
        if lama is None:
            rencana["baru"].append(
                {
                    "baris": nomor,
                    "nip": nip,
                    "nama": nilai["nama"],
                    "unit": unit["nama"],
                    "data": {f: _json(v) for f, v in nilai.items()},
                }
            )
            continue
        perubahan, konflik = _banding_pegawai(nilai, lama, unit_per_pk)
        # A correction SI-ASN now agrees with is no longer a correction: its flag goes, so
        # a later SI-ASN change is applied instead of kept back as a conflict.
        sepakat = [
            f for f in FIELD_KOREKSI_LOKAL
            if f in (lama["koreksi_lokal"] or {}) and f in nilai and f != "unit_kerja"
            and (lama[f] or "") == (nilai[f] or "")
        ]  # fmt: skip
        if sepakat:
            rencana.setdefault("lepas_koreksi", {})[nip] = sepakat
        if not perubahan and not konflik:
            rencana["sama"] += 1
            continue
        entri = {"baris": nomor, "nip": nip, "nama": nilai["nama"], "perubahan": perubahan,
                 "konflik": konflik}  # fmt: skip
        rencana["konflik" if konflik else "ubah"].append(entri)
    return rencana


def _nip_mentah(nilai) -> str:
    try:
        return rules.baca_nip(nilai)
    except ValueError:
        return ""


def _baca_email(nilai) -> str:
    email = rules.teks_sel(nilai).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError("alamat email tidak sah.") from None
    return email


_GOLONGAN = frozenset(Pegawai.Golongan.values)
# field → how its cell is read (the rest are plain text).
_PEMBACA_PEGAWAI = {
    "nip": rules.baca_nip,
    "jenis_kelamin": rules.baca_jenis_kelamin,
    "jenis_asn": rules.baca_jenis_asn,
    "pangkat_golongan": lambda v: rules.baca_golongan(v, pilihan=_GOLONGAN),
    "jenis_jabatan": rules.baca_jenis_jabatan,
    "jenjang": rules.jenjang_dari_teks,
    "email": _baca_email,
}


def _baca_baris_pegawai(sel, indeks, hari_ini):
    nilai, galat = {}, []
    for field, i in indeks.items():
        mentah = sel[i] if i < len(sel) else None
        label = KOLOM[Impor.Jenis.PEGAWAI][field].label
        try:
            if field in _TANGGAL:
                nilai[field] = rules.baca_tanggal(
                    mentah,
                    hari_ini=hari_ini,
                    batas_atas=hari_ini + SETAHUN if field in _TANGGAL_MENDATANG else None,
                )
            else:
                nilai[field] = _PEMBACA_PEGAWAI.get(field, rules.teks_sel)(mentah)
        except ValueError as e:
            galat.append(str(e) if str(e).startswith(label) else f"{label}: {e}")
        if field in _PANJANG and len(nilai.get(field) or "") > _PANJANG[field]:
            galat.append(f"{label} lebih dari {_PANJANG[field]} karakter.")
    for field in ("nip", "nama", "unit_kerja"):
        if field in indeks and not nilai.get(field) and not any(g.startswith(
                KOLOM[Impor.Jenis.PEGAWAI][field].label) for g in galat):  # fmt: skip
            galat.append(f"{KOLOM[Impor.Jenis.PEGAWAI][field].label} wajib diisi.")
    nip = nilai.get("nip")
    if nip and not galat:
        galat += rules.galat_nip(
            nip, pppk=nilai.get("jenis_asn") == "PPPK", tanggal_lahir=nilai.get("tanggal_lahir")
        ).values()
    if "jenis_jabatan" in nilai:
        if nilai["jenis_jabatan"] == Pegawai.JenisJabatan.FUNGSIONAL:
            nilai["jenjang"] = nilai.get("jenjang") or rules.jenjang_dari_teks(nilai.get("jabatan"))
            if not nilai["jenjang"]:
                galat.append(
                    "Jenjang jabatan fungsional tidak dapat dibaca dari nama jabatan; "
                    "isi kolom JENJANG (mis. Ahli Muda)."
                )
        else:
            nilai["jenjang"] = ""
    return nilai, galat


def _banding_pegawai(nilai, lama, unit_per_pk):
    perubahan, konflik = [], []
    for field, baru in nilai.items():
        if field == "nip":
            continue
        sekarang = lama["unit_kerja_id"] if field == "unit_kerja" else lama[field]
        if field == "unit_kerja":
            unit_sekarang = unit_per_pk.get(sekarang)
            # SI-ASN often knows only the Dinas while the pegawai chose their seksi here
            # (the unit of their direct atasan, seed 002): a unit inside the file's unit
            # is a refinement, not a difference.
            if unit_sekarang and unit_sekarang["path"].startswith(unit_per_pk[baru]["path"]):
                continue
            tampil_lama = unit_sekarang["nama"] if unit_sekarang else "-"
            tampil_baru = unit_per_pk[baru]["nama"]
        else:
            if (sekarang or "") == (baru or ""):
                continue
            tampil_lama, tampil_baru = _tampil(sekarang), _tampil(baru)
        butir = {"field": field, "label": KOLOM[Impor.Jenis.PEGAWAI][field].label,
                 "lama": tampil_lama, "baru": tampil_baru, "nilai": _json(baru)}  # fmt: skip
        if field in FIELD_KOREKSI_LOKAL and field in (lama["koreksi_lokal"] or {}):
            butir["dikoreksi"] = lama["koreksi_lokal"][field]
            konflik.append(butir)
        else:
            perubahan.append(butir)
    return perubahan, konflik


def pilihan_untuk(pilihan, nip, field) -> str:
    """The admin's choice for one conflict: "berkas" (SI-ASN) or "lokal" (the default)."""
    return pilihan.get(f"{nip}:{field}") or pilihan.get("semua") or "lokal"


def _terapkan_pegawai(*, impor, rencana, pilihan, by) -> dict:
    instansi_id = impor.instansi_id
    sandi_kosong = make_password(None)
    baru = []
    for entri in rencana["baru"]:
        data = dict(entri["data"])
        data["unit_kerja_id"] = data.pop("unit_kerja")
        for field in _TANGGAL & data.keys():
            data[field] = date.fromisoformat(data[field]) if data[field] else None
        # No password: the pegawai gets one from their admin (or a later activation), and
        # hashing 20,000 passwords would take longer than the whole import.
        baru.append(Pegawai(instansi_id=instansi_id, password=sandi_kosong, **data))
    Pegawai.objects.bulk_create(baru, batch_size=BATCH)
    jejak = [
        _jejak(instansi_id, by, "pegawai_buat_impor", p, {}, {"nip": p.nip}, impor) for p in baru
    ]

    diubah = {e["nip"]: e for e in rencana["ubah"] + rencana["konflik"]}
    lepas = rencana.get("lepas_koreksi", {})
    fields, pindah_unit, dipakai, jumlah_diubah = set(), [], 0, 0
    nips = list(diubah.keys() | lepas.keys())
    for awal in range(0, len(nips), BATCH):
        objek = list(
            Pegawai.objects.filter(instansi_id=instansi_id, nip__in=nips[awal : awal + BATCH])
        )
        for pegawai in objek:
            for field in lepas.get(pegawai.nip, ()):
                pegawai.koreksi_lokal.pop(field, None)
                fields.add("koreksi_lokal")
            entri = diubah.get(pegawai.nip)
            if entri is None:
                continue  # only a released flag
            butir = entri["perubahan"] + [
                k
                for k in entri["konflik"]
                if pilihan_untuk(pilihan, pegawai.nip, k["field"]) == "berkas"
            ]
            dipakai += len(butir) - len(entri["perubahan"])
            dari, ke = {}, {}
            for b in butir:
                field, nilai = b["field"], b["nilai"]
                if field in _TANGGAL and nilai:
                    nilai = date.fromisoformat(nilai)
                if field == "unit_kerja":
                    field = "unit_kerja_id"
                    pindah_unit.append(pegawai.pk)
                setattr(pegawai, field, nilai)
                pegawai.koreksi_lokal.pop(b["field"], None)
                fields.update([field, "koreksi_lokal"])
                dari[b["field"]], ke[b["field"]] = b["lama"], b["baru"]
            if dari:
                jumlah_diubah += 1
                jejak.append(
                    _jejak(instansi_id, by, "pegawai_ubah_impor", pegawai, dari, ke, impor)
                )
        if fields:
            Pegawai.objects.bulk_update(objek, sorted(fields), batch_size=BATCH)
    # As pegawai_ubah_profil: a pegawai moved to another unit no longer leads the old one,
    # and the release is audited on the unit.
    for awal in range(0, len(pindah_unit), BATCH):
        dilepas = UnitKerja.objects.filter(
            pimpinan_id__in=pindah_unit[awal : awal + BATCH]
        ).select_related("pimpinan")
        for unit in dilepas:
            jejak.append(_jejak(instansi_id, by, "pimpinan_lepas_karena_pindah_unit", unit,
                                {"pimpinan": unit.pimpinan.nip, "status": unit.status_pimpinan},
                                {"pimpinan": None}, impor))  # fmt: skip
        dilepas.update(pimpinan=None, status_pimpinan="")
    Jejak.objects.bulk_create(jejak, batch_size=BATCH)
    return {"dibuat": len(baru), "diubah": jumlah_diubah, "konflik_dari_berkas": dipakai}


def _jejak(instansi_id, by, aksi, objek, dari, ke, impor):
    return jejak_baru(
        instansi_id=instansi_id, oleh=by, aksi=aksi, objek=objek, dari=dari, ke=ke,
        catatan=f"Impor #{impor.pk} ({impor.nama_berkas})"[:500],
    )  # fmt: skip


# ---- unit kerja -------------------------------------------------------------------------


def rencana_unit(
    *, instansi, lingkup_opd, data, kolom, hari_ini, kemajuan=None, kunci=False
) -> dict:
    """The dry run of a unit kerja file. Parents are SI-ASN ids, of a unit already here or
    of another row of the file; a unit may not end up below itself.
    `kunci`: lock the instansi's units as they are read (the confirmation's re-plan)."""
    indeks = petakan_kolom(data.headers, kolom, Impor.Jenis.UNIT_KERJA)
    units = UnitKerja.objects.filter(instansi=instansi)
    if kunci:
        # The parent's id comes from an outer join, which PostgreSQL will not lock: every
        # unit is locked as a row of its own anyway.
        units = units.select_for_update(of=("self",))
    ada = {
        u["id_eksternal"]: u
        for u in units.values(
            "id",
            "id_eksternal",
            "nama",
            "eselon",
            "adalah_opd",
            "path",
            "opd_id",
            "parent__id_eksternal",
        )  # fmt: skip
    }
    pilihan_eselon = set(UnitKerja.Eselon.values)
    baris, galat = {}, []
    for nomor, sel in _baris(data):
        nilai, pesan = {}, []
        for field, i in indeks.items():
            mentah = sel[i] if i < len(sel) else None
            try:
                if field == "eselon":
                    nilai[field] = rules.baca_eselon(mentah, pilihan=pilihan_eselon)
                elif field == "adalah_opd":
                    nilai[field] = rules.baca_ya_tidak(mentah)
                else:
                    nilai[field] = rules.teks_sel(mentah)
            except ValueError as e:
                pesan.append(f"{KOLOM[Impor.Jenis.UNIT_KERJA][field].label}: {e}")
        id_unit = nilai.get("id_eksternal", "")
        if not id_unit:
            pesan.append("ID unit wajib diisi.")
        if not nilai.get("nama"):
            pesan.append("Nama unit wajib diisi.")
        elif len(nilai["nama"]) > 255:
            pesan.append("Nama unit lebih dari 255 karakter.")
        if id_unit in baris:
            pesan.append(f"ID unit sama dengan baris {baris[id_unit][0]}.")
        if id_unit and id_unit == nilai.get("parent"):
            pesan.append("Unit tidak dapat menjadi atasan dirinya sendiri.")
        if pesan:
            galat.append({"baris": nomor, "kunci": id_unit, "nama": nilai.get("nama", ""),
                          "pesan": pesan})  # fmt: skip
        else:
            baris[id_unit] = (nomor, nilai)

    # The parent of every row, in the file or already here; then the rows' depth order.
    akar = next((u for u in ada.values() if u["path"] and len(u["path"]) == rules.PATH_STEP), None)
    ditolak = {}

    def tolak(id_unit, alasan):
        ditolak.setdefault(id_unit, alasan)

    for id_unit, (_, nilai) in baris.items():
        parent = nilai["parent"]
        if not parent:
            if akar is not None and akar["id_eksternal"] != id_unit:
                tolak(id_unit, "Hanya unit induk instansi yang boleh tanpa unit atasan.")
            elif akar is None and any(
                not n["parent"] and i != id_unit for i, (_, n) in baris.items()
            ):
                tolak(id_unit, "Berkas berisi lebih dari satu unit tanpa unit atasan.")
        elif parent not in baris and parent not in ada:
            tolak(id_unit, f"ID unit atasan “{parent}” tidak dikenal.")

    def leluhur_berkas(id_unit):
        """Ancestors through the file's parents (the file wins over the tree here)."""
        dilihat, sekarang = [], id_unit
        while True:
            parent = baris[sekarang][1]["parent"] if sekarang in baris else (
                ada[sekarang]["parent__id_eksternal"] if sekarang in ada else None)  # fmt: skip
            if not parent:
                return dilihat, False
            if parent == id_unit or parent in dilihat:
                return dilihat, True
            dilihat.append(parent)
            sekarang = parent

    leluhur, siklus = {}, set()
    for id_unit in baris:
        leluhur[id_unit], ada_siklus = leluhur_berkas(id_unit)
        if ada_siklus:
            siklus.add(id_unit)
    # Parents before children, so a child sees its parent's refusal.
    for id_unit in sorted(baris, key=lambda i: len(leluhur[i])):
        nilai = baris[id_unit][1]
        if id_unit in siklus:
            tolak(id_unit, "Unit atasan membentuk lingkaran (unit berada di bawah dirinya).")
        elif any(x in ditolak and x not in ada for x in leluhur[id_unit]):
            # A refused new unit is not created, so nothing can go under it. A refused row
            # of an existing unit leaves that unit where it is: its children still fit.
            tolak(id_unit, "Unit atasannya ditolak pada berkas ini.")
        elif lingkup_opd is not None:
            # An admin OPD works inside its own OPD: the unit (if it exists) and its place
            # in the tree (the nearest existing unit above it) must both be there.
            terdekat = next((x for x in leluhur[id_unit] if x in ada), None)
            if id_unit == lingkup_opd.id_eksternal:
                # Its own OPD listed first in an export of its tree: fine while unchanged.
                if _perubahan_unit(nilai, ada[id_unit], baris, ada):
                    tolak(id_unit, "Unit OPD sendiri hanya dapat diubah oleh BKD.")
            elif (id_unit in ada and ada[id_unit]["opd_id"] != lingkup_opd.pk) or (
                terdekat is None or ada[terdekat]["opd_id"] != lingkup_opd.pk
            ):
                tolak(id_unit, "Unit ini di luar OPD Anda.")
            elif nilai.get("adalah_opd") and not (ada.get(id_unit) or {}).get("adalah_opd"):
                tolak(id_unit, "Hanya BKD yang dapat menjadikan unit sebagai OPD mandiri.")
    urutan = {i: len(leluhur[i]) for i in baris}

    rencana = _rencana_kosong()
    for id_unit, (nomor, nilai) in sorted(baris.items(), key=lambda x: (urutan[x[0]], x[1][0])):
        if id_unit in ditolak:
            rencana["galat"].append({"baris": nomor, "kunci": id_unit, "nama": nilai["nama"],
                                     "pesan": [ditolak[id_unit]]})  # fmt: skip
            continue
        nama_parent = _nama_unit(nilai["parent"], baris, ada)
        lama = ada.get(id_unit)
        if lama is None:
            rencana["baru"].append({"baris": nomor, "kunci": id_unit, "nama": nilai["nama"],
                                    "unit": nama_parent, "data": nilai})  # fmt: skip
            continue
        perubahan = _perubahan_unit(nilai, lama, baris, ada)
        if perubahan:
            rencana["ubah"].append({"baris": nomor, "kunci": id_unit, "nama": nilai["nama"],
                                    "perubahan": perubahan, "konflik": []})  # fmt: skip
        else:
            rencana["sama"] += 1
    rencana["galat"].extend(galat)
    rencana["galat"].sort(key=lambda g: g["baris"])
    if kemajuan:
        kemajuan(100)
    return rencana


def _perubahan_unit(nilai, lama, baris, ada) -> list[dict]:
    """Field by field, what a row would change in an existing unit (old → new)."""
    perubahan = []
    for field, baru in nilai.items():
        if field == "id_eksternal":
            continue
        sekarang = lama["parent__id_eksternal"] if field == "parent" else lama[field]
        if (sekarang or "") == (baru or ""):
            continue
        tampil = (lambda v: _nama_unit(v, baris, ada)) if field == "parent" else _tampil
        perubahan.append({"field": field, "label": KOLOM[Impor.Jenis.UNIT_KERJA][field].label,
                          "lama": tampil(sekarang), "baru": tampil(baru),
                          "nilai": baru})  # fmt: skip
    return perubahan


def _nama_unit(id_unit, baris, ada):
    if not id_unit:
        return "-"
    if id_unit in baris:
        return baris[id_unit][1]["nama"]
    return ada[id_unit]["nama"] if id_unit in ada else id_unit


def _terapkan_unit(*, impor, rencana, pilihan, by) -> dict:
    instansi_id = impor.instansi_id
    unit = {
        u.id_eksternal: u
        for u in UnitKerja.objects.filter(instansi_id=instansi_id).only(
            "id", "id_eksternal", "path", "depth", "parent_id", "nama", "eselon", "adalah_opd"
        )
    }
    # The next child number per parent path, from the tree as it is.
    anak_terakhir = {}
    for u in unit.values():
        induk = u.path[: -rules.PATH_STEP]
        nomor = rules.path_nomor(u.path[-rules.PATH_STEP :])
        anak_terakhir[induk] = max(anak_terakhir.get(induk, 0), nomor)

    # New units parents first (the plan is in depth order). A new unit under an existing
    # one that also moves is placed under the parent's current path and moves with it.
    baru, tertunda = [], []
    for entri in rencana["baru"]:
        data = entri["data"]
        parent = unit.get(data["parent"]) if data["parent"] else None
        if parent is not None and parent.pk is None:
            # Its parent is new too: save what waits so the child can point at an id.
            UnitKerja.objects.bulk_create(tertunda, batch_size=BATCH)
            tertunda = []
        induk = parent.path if parent else ""
        anak_terakhir[induk] = anak_terakhir.get(induk, 0) + 1
        u = UnitKerja(
            instansi_id=instansi_id,
            id_eksternal=data["id_eksternal"],
            nama=data["nama"],
            eselon=data.get("eselon") or UnitKerja.Eselon.NON,
            adalah_opd=data.get("adalah_opd", parent is not None and parent.depth == 1),
            parent=parent,
            path=induk + rules.path_segmen(anak_terakhir[induk]),
            depth=(parent.depth + 1) if parent else 1,
        )
        unit[u.id_eksternal] = u
        baru.append(u)
        tertunda.append(u)
    UnitKerja.objects.bulk_create(tertunda, batch_size=BATCH)

    diubah, pindah = [], []
    jejak = [
        _jejak(instansi_id, by, "unit_kerja_buat_impor", u, {}, {"nama": u.nama}, impor)
        for u in baru
    ]
    for entri in rencana["ubah"]:
        u = unit[entri["kunci"]]
        dari, ke = {}, {}
        for b in entri["perubahan"]:
            if b["field"] == "parent":
                pindah.append((u, b["nilai"]))
            else:
                setattr(u, b["field"], b["nilai"])
            dari[b["field"]], ke[b["field"]] = b["lama"], b["baru"]
        diubah.append(u)
        jejak.append(_jejak(instansi_id, by, "unit_kerja_ubah_impor", u, dari, ke, impor))
    UnitKerja.objects.bulk_update(diubah, ["nama", "eselon", "adalah_opd"], batch_size=BATCH)
    for u, id_parent in pindah:
        # Moves are rare: the service moves the subtree set-based and keeps it audited.
        unit_kerja_ubah(unit=u, by=by, parent=UnitKerja.objects.get(pk=unit[id_parent].pk))
    for akar in UnitKerja.objects.filter(instansi_id=instansi_id, depth=1):
        perbarui_opd_subtree(akar)
    Jejak.objects.bulk_create(jejak, batch_size=BATCH)
    return {"dibuat": len(baru), "diubah": len(diubah), "konflik_dari_berkas": 0}


# ---- services ---------------------------------------------------------------------------

_RENCANA = {Impor.Jenis.PEGAWAI: rencana_pegawai, Impor.Jenis.UNIT_KERJA: rencana_unit}
_TERAPKAN = {Impor.Jenis.PEGAWAI: _terapkan_pegawai, Impor.Jenis.UNIT_KERJA: _terapkan_unit}


@transaction.atomic
def impor_unggah(*, by, jenis, berkas) -> Impor:
    """Keep an uploaded file and queue its dry run. Nothing of the instansi changes."""
    if jenis not in KOLOM:
        raise ValidationError({"jenis": "Pilih jenis data yang diimpor."})
    if not (by.adalah_admin_bkd or by.adalah_admin_opd):
        raise ValidationError("Hanya admin yang dapat mengimpor data.")
    if berkas.size > UKURAN_MAKS:
        raise ValidationError({"berkas": "Berkas lebih dari 20 MB; pecah menjadi beberapa berkas."})
    isi = berkas.read()
    impor = Impor.objects.create(
        instansi_id=by.instansi_id,
        jenis=jenis,
        oleh=by,
        lingkup_opd_id=by.admin_opd_id if by.adalah_admin_opd else None,
        nama_berkas=berkas.name[:255],
        sidik=hashlib.sha256(isi).hexdigest(),
        isi=isi,
    )
    from organisasi.tasks import periksa_impor  # the task module imports this one

    transaction.on_commit(lambda: periksa_impor.delay(impor.instansi_id, impor.pk))
    return impor


def _rencanakan(impor, *, kunci=False) -> dict:
    """Read the stored file and plan it. `kunci`: inside the applying transaction, the rows
    the plan reads are locked as it reads them, so nothing edited meanwhile is overwritten
    by a plan made before the edit."""
    instansi = Instansi.objects.get(pk=impor.instansi_id)

    def kemajuan(persen):
        Impor.objects.filter(pk=impor.pk).update(progres=min(persen, 99))

    return _RENCANA[impor.jenis](
        instansi=instansi,
        lingkup_opd=impor.lingkup_opd,
        data=baca_berkas(impor.nama_berkas, bytes(impor.isi)),
        kolom=kolom_instansi(instansi, impor.jenis),
        hari_ini=timezone.localdate(timezone=instansi.zona),
        kemajuan=kemajuan,
        kunci=kunci,
    )


def impor_periksa(*, impor: Impor) -> Impor:
    """The dry run: read and plan, store the plan. Not atomic on purpose: the progress
    written along the way must be visible to the page polling it."""
    if impor.status != Impor.Status.MEMERIKSA:
        return impor  # checked already: a task run twice plans once
    try:
        rencana = _rencanakan(impor)
    except BerkasDitolak as e:
        impor.status, impor.pesan, impor.isi = Impor.Status.DITOLAK, " ".join(e.messages), b""
        impor.save(update_fields=["status", "pesan", "isi"])
        return impor
    impor.rencana, impor.sidik_rencana = rencana, _sidik(rencana)
    impor.jumlah = _jumlah(rencana)
    impor.status, impor.progres = Impor.Status.PRATINJAU, 100
    impor.save(update_fields=["rencana", "sidik_rencana", "jumlah", "status", "progres"])
    return impor


def _jumlah(rencana):
    return {
        k: (v if isinstance(v, int) else len(v))
        for k, v in rencana.items()
        if k != "lepas_koreksi"  # shown apart: it changes no data, only the flags
    }


def _pastikan_pengelola(impor: Impor, by):
    """BKD of the instansi for any import; an admin OPD for the imports of its OPD."""
    if by.instansi_id != impor.instansi_id or not (
        by.adalah_admin_bkd or (by.adalah_admin_opd and by.admin_opd_id == impor.lingkup_opd_id)
    ):
        raise ValidationError("Impor ini bukan milik Anda untuk dikelola.")


def _pilihan_sah(pilihan: dict) -> dict:
    return {k[:200]: v for k, v in pilihan.items() if v in ("berkas", "lokal")}


@transaction.atomic
def impor_pilih(*, impor: Impor, by, pilihan: dict) -> Impor:
    """Keep the admin's choice for some conflicts ("<nip>:<field>" → "berkas" to take the
    SI-ASN value, "lokal" to keep the correction; "semua" for every conflict not chosen)."""
    _pastikan_pengelola(impor, by)
    impor = Impor.objects.select_for_update().defer("isi").get(pk=impor.pk)
    if impor.status != Impor.Status.PRATINJAU:
        raise ValidationError("Impor ini tidak lagi menunggu konfirmasi.")
    impor.pilihan.update(_pilihan_sah(pilihan))
    impor.save(update_fields=["pilihan"])
    return impor


@transaction.atomic
def impor_konfirmasi(*, impor: Impor, by, pilihan: dict | None = None) -> Impor:
    """The admin confirms the dry run; conflicts not chosen keep the local correction.
    Confirming twice applies once."""
    _pastikan_pengelola(impor, by)
    if pilihan:
        impor = impor_pilih(impor=impor, by=by, pilihan=pilihan)
    berhasil = Impor.objects.filter(pk=impor.pk, status=Impor.Status.PRATINJAU).update(
        status=Impor.Status.MENERAPKAN, progres=0, pesan=""
    )
    if not berhasil:
        raise ValidationError("Impor ini tidak lagi menunggu konfirmasi.")
    from organisasi.tasks import terapkan_impor

    transaction.on_commit(lambda: terapkan_impor.delay(impor.instansi_id, impor.pk, by.pk))
    impor.refresh_from_db()
    return impor


def impor_terapkan(*, impor: Impor, by) -> Impor:
    """Apply a confirmed import in one transaction. Inside it the rows the file touches
    are locked and the file is planned again: if the data changed since the dry run
    (someone edited a pegawai meanwhile), nothing is written and the admin sees the new
    dry run to confirm again. A task delivered twice applies once."""
    with transaction.atomic():
        impor = (
            Impor.objects.select_for_update(of=("self",))
            .select_related("lingkup_opd")
            .defer("rencana")
            .get(pk=impor.pk)
        )
        if impor.status != Impor.Status.MENERAPKAN:
            return impor
        try:
            rencana = _rencanakan(impor, kunci=True)
        except BerkasDitolak as e:
            # The column names were changed since the dry run: the file no longer reads.
            impor.status, impor.pesan, impor.isi = Impor.Status.DITOLAK, " ".join(e.messages), b""
            impor.save(update_fields=["status", "pesan", "isi"])
            return impor
        if _sidik(rencana) != impor.sidik_rencana:
            impor.rencana, impor.sidik_rencana = rencana, _sidik(rencana)
            impor.jumlah, impor.status, impor.progres = (
                _jumlah(rencana),
                Impor.Status.PRATINJAU,
                100,
            )
            impor.pesan = (
                "Data berubah sejak pratinjau dibuat; periksa pratinjau baru ini lalu "
                "konfirmasi lagi."
            )
            impor.save(
                update_fields=["rencana", "sidik_rencana", "jumlah", "status", "progres", "pesan"]
            )
            return impor
        hasil = _TERAPKAN[impor.jenis](impor=impor, rencana=rencana, pilihan=impor.pilihan, by=by)
        impor.jumlah = {**_jumlah(rencana), **hasil}
        impor.status, impor.progres, impor.pesan = Impor.Status.SELESAI, 100, ""
        impor.diterapkan_pada, impor.isi = timezone.now(), b""
        impor.save(update_fields=["jumlah", "status", "progres", "pesan", "diterapkan_pada", "isi"])
        catat_jejak(
            instansi_id=impor.instansi_id,
            oleh=by,
            aksi="impor_terapkan",
            objek=impor,
            ke={"berkas": impor.nama_berkas, "sidik": impor.sidik, **impor.jumlah},
        )
    if connection.vendor == "postgresql":
        # Fresh statistics after a bulk load: without them PostgreSQL plans the lock job's
        # dispensasi join as a nested loop (measured: minutes instead of seconds).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Pegawai._meta.db_table}, {UnitKerja._meta.db_table}")
    return impor


@transaction.atomic
def impor_batalkan(*, impor: Impor, by) -> Impor:
    _pastikan_pengelola(impor, by)
    berhasil = Impor.objects.filter(pk=impor.pk, status=Impor.Status.PRATINJAU).update(
        status=Impor.Status.DIBATALKAN, isi=b""
    )
    if not berhasil:
        raise ValidationError("Impor ini tidak lagi menunggu konfirmasi.")
    catat_jejak(instansi_id=impor.instansi_id, oleh=by, aksi="impor_batalkan", objek=impor)
    impor.refresh_from_db()
    return impor
