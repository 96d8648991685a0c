"""The dry run: what an import would create, change, hold as a conflict or refuse,
row by row, read in a fixed number of queries."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django_scopes import scopes_disabled

from organisasi import rules
from organisasi.impor.baca import baris_data, ke_json, petakan_kolom, tampil
from organisasi.impor.kolom import KOLOM, KOLOM_TANGGAL, PANJANG_MAKS, SETAHUN, TANGGAL_MENDATANG
from organisasi.models import Impor, Pegawai, UnitKerja
from organisasi.services import FIELD_KOREKSI_LOKAL


def sidik_rencana(rencana) -> str:
    return hashlib.sha256(
        json.dumps(rencana, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()


def _rencana_kosong():
    return {"baru": [], "ubah": [], "konflik": [], "sama": 0, "galat": []}


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
    for nomor, sel in baris_data(data):
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
                    "data": {f: ke_json(v) for f, v in nilai.items()},
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
            if field in KOLOM_TANGGAL:
                nilai[field] = rules.baca_tanggal(
                    mentah,
                    hari_ini=hari_ini,
                    batas_atas=hari_ini + SETAHUN if field in TANGGAL_MENDATANG else None,
                )
            else:
                nilai[field] = _PEMBACA_PEGAWAI.get(field, rules.teks_sel)(mentah)
        except ValueError as e:
            galat.append(str(e) if str(e).startswith(label) else f"{label}: {e}")
        if field in PANJANG_MAKS and len(nilai.get(field) or "") > PANJANG_MAKS[field]:
            galat.append(f"{label} lebih dari {PANJANG_MAKS[field]} karakter.")
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
            tampil_lama, tampil_baru = tampil(sekarang), tampil(baru)
        butir = {"field": field, "label": KOLOM[Impor.Jenis.PEGAWAI][field].label,
                 "lama": tampil_lama, "baru": tampil_baru, "nilai": ke_json(baru)}  # fmt: skip
        if field in FIELD_KOREKSI_LOKAL and field in (lama["koreksi_lokal"] or {}):
            butir["dikoreksi"] = lama["koreksi_lokal"][field]
            konflik.append(butir)
        else:
            perubahan.append(butir)
    return perubahan, konflik


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
    for nomor, sel in baris_data(data):
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
        tulis = (lambda v: _nama_unit(v, baris, ada)) if field == "parent" else tampil
        perubahan.append({"field": field, "label": KOLOM[Impor.Jenis.UNIT_KERJA][field].label,
                          "lama": tulis(sekarang), "baru": tulis(baru),
                          "nilai": baru})  # fmt: skip
    return perubahan


def _nama_unit(id_unit, baris, ada):
    if not id_unit:
        return "-"
    if id_unit in baris:
        return baris[id_unit][1]["nama"]
    return ada[id_unit]["nama"] if id_unit in ada else id_unit
