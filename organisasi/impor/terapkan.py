"""Applying a confirmed plan, set-based: bulk creates and updates with their audit rows."""

from datetime import date

from django.contrib.auth.hashers import make_password

from inti.models import Jejak, jejak_baru
from organisasi import rules
from organisasi.impor.kolom import BATCH, KOLOM_TANGGAL
from organisasi.models import Pegawai, UnitKerja
from organisasi.services import perbarui_opd_subtree, unit_kerja_ubah


def pilihan_untuk(pilihan, nip, field) -> str:
    """The admin's choice for one conflict: "berkas" (SI-ASN) or "lokal" (the default)."""
    return pilihan.get(f"{nip}:{field}") or pilihan.get("semua") or "lokal"


def terapkan_pegawai(*, impor, rencana, pilihan, by) -> dict:
    instansi_id = impor.instansi_id
    sandi_kosong = make_password(None)
    baru = []
    for entri in rencana["baru"]:
        data = dict(entri["data"])
        data["unit_kerja_id"] = data.pop("unit_kerja")
        for field in KOLOM_TANGGAL & data.keys():
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
                if field in KOLOM_TANGGAL and nilai:
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


def terapkan_unit(*, impor, rencana, pilihan, by) -> dict:
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
