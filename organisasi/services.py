"""Every write of the organisation domain: keyword-only, atomic, validated, audited."""

import logging
from itertools import groupby

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django_scopes import scopes_disabled

from inti.antrean import antrekan
from inti.models import catat_jejak
from organisasi.models import (
    Instansi,
    Notifikasi,
    Pegawai,
    Penugasan,
    StatusPimpinan,
    UnitKerja,
)
from organisasi.rules import PATH_STEP, path_nomor, path_segmen

logger = logging.getLogger("ekinerja.audit")

# The morning digest goes from this hour in the tenant's zone (organisasi.tasks).
JAM_RINGKASAN = 6

# The profile fields a pegawai keeps right here although SI-ASN also holds them (seed 002):
# a later import must not overwrite a correction silently.
FIELD_KOREKSI_LOKAL = ("unit_kerja", "jabatan", "pangkat_golongan")


def _path_anak_berikut(*, instansi_id, parent: UnitKerja | None) -> str:
    # Explicit instansi filters throughout: these also run under scopes_disabled (demo,
    # imports), where the scope would not keep one tenant's tree apart from another's.
    if parent is None:
        siblings = UnitKerja.objects.filter(instansi_id=instansi_id, depth=1)
        prefix = ""
    else:
        siblings = UnitKerja.objects.filter(parent=parent)
        prefix = parent.path
    terakhir = siblings.order_by("-path").values_list("path", flat=True).first()
    nomor = path_nomor(terakhir[-PATH_STEP:]) + 1 if terakhir else 1
    return prefix + path_segmen(nomor)


def _kunci_parent(parent_id):
    if parent_id is None:
        return None
    return UnitKerja.objects.select_for_update().get(pk=parent_id)


def perbarui_opd_subtree(unit: UnitKerja):
    """Recompute `opd` for a unit and its descendants after a create, a move or an import
    (from the root: the whole tree)."""
    units = list(
        UnitKerja.objects.filter(instansi_id=unit.instansi_id, path__startswith=unit.path).order_by(
            "path"
        )
    )
    opd_per_path = {}
    if unit.parent_id:
        parent = UnitKerja.objects.only("path", "opd_id").get(pk=unit.parent_id)
        opd_per_path[parent.path] = parent.opd_id
    for u in units:
        opd_id = u.pk if u.adalah_opd else opd_per_path.get(u.path[:-PATH_STEP])
        opd_per_path[u.path] = opd_id
        u.opd_id = opd_id
    UnitKerja.objects.bulk_update(units, ["opd"], batch_size=500)


@transaction.atomic
def unit_kerja_buat(
    *,
    instansi,
    parent,
    nama,
    eselon,
    id_eksternal,
    adalah_opd=False,
    hari_kerja=None,
    aktif=True,
    by=None,
) -> UnitKerja:
    parent = _kunci_parent(parent.pk if parent else None)
    if parent and parent.instansi_id != instansi.pk:
        raise ValidationError({"parent": "Unit induk harus dari instansi yang sama."})
    unit = UnitKerja(
        instansi=instansi,
        parent=parent,
        nama=nama,
        eselon=eselon,
        id_eksternal=id_eksternal,
        adalah_opd=adalah_opd,
        hari_kerja=hari_kerja,
        aktif=aktif,
        path=_path_anak_berikut(instansi_id=instansi.pk, parent=parent),
        depth=(parent.depth + 1) if parent else 1,
    )
    unit.full_clean()
    unit.save()
    perbarui_opd_subtree(unit)
    unit.refresh_from_db()
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="unit_kerja_buat",
        objek=unit,
        ke={"nama": nama, "parent": parent.nama if parent else None},
    )
    return unit


@transaction.atomic
def unit_kerja_ubah(*, unit: UnitKerja, by, **perubahan) -> UnitKerja:
    """Edit a unit; a new parent moves the whole subtree in two set-based UPDATEs."""
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    dari = {k: getattr(unit, k if k != "parent" else "parent_id") for k in perubahan}
    parent_baru = perubahan.pop("parent", unit.parent)
    for field, nilai in perubahan.items():
        setattr(unit, field, nilai)
    pindah = (parent_baru.pk if parent_baru else None) != unit.parent_id
    if pindah:
        if parent_baru is None:
            raise ValidationError({"parent": "Unit induk wajib diisi."})
        if parent_baru.instansi_id != unit.instansi_id:
            raise ValidationError({"parent": "Unit induk harus dari instansi yang sama."})
        if parent_baru.path.startswith(unit.path):
            raise ValidationError({"parent": "Unit tidak dapat dipindah ke bawah dirinya sendiri."})
        parent_baru = _kunci_parent(parent_baru.pk)
        path_lama, depth_lama = unit.path, unit.depth
        path_baru = _path_anak_berikut(instansi_id=unit.instansi_id, parent=parent_baru)
        UnitKerja.objects.filter(instansi_id=unit.instansi_id, path__startswith=path_lama).update(
            path=Concat(Value(path_baru), Substr("path", Length(Value(path_lama)) + 1)),
            depth=F("depth") + (parent_baru.depth + 1 - depth_lama),
        )
        unit.parent, unit.path, unit.depth = parent_baru, path_baru, parent_baru.depth + 1
    unit.full_clean()
    unit.save()
    perbarui_opd_subtree(unit)
    unit.refresh_from_db(fields=["opd"])
    catat_jejak(
        instansi_id=unit.instansi_id,
        oleh=by,
        aksi="unit_kerja_ubah",
        objek=unit,
        dari={k: str(v) for k, v in dari.items()},
        ke={k: str(getattr(unit, k if k != "parent" else "parent_id")) for k in dari},
    )
    return unit


def _pesan_sudah_dipimpin(unit: UnitKerja) -> str:
    unit.refresh_from_db(fields=["pimpinan", "status_pimpinan"])
    if unit.pimpinan_id is None:
        return f"Klaim pimpinan {unit.nama} gagal. Silakan coba lagi."
    return (
        f"{unit.nama} sudah memiliki pimpinan: {unit.pimpinan.nama} "
        f"({unit.get_status_pimpinan_display()}). Bila keliru, minta yang bersangkutan "
        "melepas pimpinan atau hubungi admin OPD."
    )


@transaction.atomic
def pimpinan_klaim(*, pegawai: Pegawai, status: str, by: Pegawai) -> UnitKerja:
    """Klaim Pimpinan Unit Kerja on one's own unit.

    A conditional UPDATE (only where nobody leads yet) makes concurrent claims safe:
    the database lets exactly one of them change the row.
    """
    if status not in StatusPimpinan.values:
        raise ValidationError({"status": "Pilih status pimpinan: definitif, plt, plh atau pj."})
    if pegawai.unit_kerja_id is None:
        raise ValidationError("Isi unit kerja Anda lebih dulu sebelum klaim pimpinan.")
    unit = UnitKerja.objects.get(pk=pegawai.unit_kerja_id)
    if unit.pimpinan_id == pegawai.pk:
        raise ValidationError(f"Anda sudah tercatat sebagai pimpinan {unit.nama}.")
    if not unit.aktif:
        raise ValidationError(f"{unit.nama} tidak aktif dan tidak dapat diklaim.")
    try:
        with transaction.atomic():
            berubah = UnitKerja.objects.filter(pk=unit.pk, pimpinan__isnull=True).update(
                pimpinan=pegawai, status_pimpinan=status
            )
    except IntegrityError:
        # The pegawai already leads another unit (one-to-one): a stale unit kerja.
        raise ValidationError(
            "Anda masih tercatat sebagai pimpinan unit lain. Lepas pimpinan itu dulu."
        ) from None
    if not berubah:
        raise ValidationError(_pesan_sudah_dipimpin(unit))
    unit.refresh_from_db()
    catat_jejak(
        instansi_id=unit.instansi_id,
        oleh=by,
        aksi="pimpinan_klaim",
        objek=unit,
        dari={"pimpinan": None},
        ke={"pimpinan": pegawai.nip, "status": status},
    )
    _kabari_pergantian_pimpinan(unit)
    return unit


@transaction.atomic
def pimpinan_lepas(*, pegawai: Pegawai, by: Pegawai) -> UnitKerja | None:
    unit = UnitKerja.objects.select_for_update().filter(pimpinan=pegawai).first()
    if unit is None:
        raise ValidationError("Anda tidak tercatat sebagai pimpinan unit kerja mana pun.")
    _kosongkan(unit, by=by, aksi="pimpinan_lepas")
    return unit


@transaction.atomic
def pimpinan_tetapkan(*, unit: UnitKerja, pegawai: Pegawai, status: str, by: Pegawai):
    """Admin sets the pimpinan of a unit, replacing whoever held it."""
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    if status not in StatusPimpinan.values:
        raise ValidationError({"status": "Pilih status pimpinan: definitif, plt, plh atau pj."})
    if pegawai.unit_kerja_id != unit.pk:
        raise ValidationError(
            {
                "pegawai": f"{pegawai.nama} tidak berunit kerja {unit.nama}. Ubah unit kerjanya "
                "lebih dulu."
            }
        )
    dari = {
        "pimpinan": unit.pimpinan.nip if unit.pimpinan_id else None,
        "status": unit.status_pimpinan,
    }
    UnitKerja.objects.filter(pimpinan=pegawai).exclude(pk=unit.pk).update(
        pimpinan=None, status_pimpinan=""
    )
    unit.pimpinan, unit.status_pimpinan = pegawai, status
    unit.save(update_fields=["pimpinan", "status_pimpinan"])
    catat_jejak(
        instansi_id=unit.instansi_id,
        oleh=by,
        aksi="pimpinan_tetapkan",
        objek=unit,
        dari=dari,
        ke={"pimpinan": pegawai.nip, "status": status},
    )
    _kabari_pergantian_pimpinan(unit)
    return unit


@transaction.atomic
def pimpinan_kosongkan(*, unit: UnitKerja, by: Pegawai):
    unit = UnitKerja.objects.select_for_update().get(pk=unit.pk)
    if unit.pimpinan_id is None:
        raise ValidationError(f"{unit.nama} memang belum memiliki pimpinan.")
    _kosongkan(unit, by=by, aksi="pimpinan_kosongkan")
    return unit


def _kosongkan(unit: UnitKerja, *, by, aksi):
    dari = {"pimpinan": unit.pimpinan.nip, "status": unit.status_pimpinan}
    unit.pimpinan, unit.status_pimpinan = None, ""
    unit.save(update_fields=["pimpinan", "status_pimpinan"])
    catat_jejak(
        instansi_id=unit.instansi_id,
        oleh=by,
        aksi=aksi,
        objek=unit,
        dari=dari,
        ke={"pimpinan": None},
    )


def _kabari_pergantian_pimpinan(unit: UnitKerja):
    from organisasi.tasks import kabari_pergantian_pimpinan

    instansi_id, unit_id, pimpinan_id = unit.instansi_id, unit.pk, unit.pimpinan_id
    UnitKerja.objects.filter(pk=unit_id).update(kabar_pimpinan_antre=timezone.now())
    antrekan(kabari_pergantian_pimpinan, instansi_id, unit_id, pimpinan_id)


@transaction.atomic
def pegawai_ubah_profil(*, pegawai: Pegawai, by: Pegawai, **perubahan) -> Pegawai:
    """Edit the fields a pegawai keeps here (unit kerja, jabatan, golongan, …).

    Changing the unit kerja releases any pimpinan held: jenis pegawai goes back to
    PEGAWAI (seed 002), and the pegawai claims again in the new unit if they lead it.
    """
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    dari = {
        k: str(getattr(pegawai, k if k != "unit_kerja" else "unit_kerja_id")) for k in perubahan
    }
    unit_baru = perubahan.get("unit_kerja", pegawai.unit_kerja)
    if unit_baru is not None and unit_baru.instansi_id != pegawai.instansi_id:
        raise ValidationError({"unit_kerja": "Unit kerja tidak ditemukan."})
    pindah_unit = "unit_kerja" in perubahan and (
        (unit_baru.pk if unit_baru else None) != pegawai.unit_kerja_id
    )
    for field, nilai in perubahan.items():
        if field in FIELD_KOREKSI_LOKAL and getattr(pegawai, field) != nilai:
            pegawai.koreksi_lokal[field] = pegawai.instansi.hari_ini().isoformat()
        setattr(pegawai, field, nilai)
    pegawai.full_clean(exclude=["password"])
    if pindah_unit:
        unit_lama = UnitKerja.objects.select_for_update().filter(pimpinan=pegawai).first()
        if unit_lama:
            _kosongkan(unit_lama, by=by, aksi="pimpinan_lepas_karena_pindah_unit")
    pegawai.save()
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="pegawai_ubah",
        objek=pegawai,
        dari=dari,
        ke={k: str(getattr(pegawai, k if k != "unit_kerja" else "unit_kerja_id")) for k in dari},
    )
    return pegawai


@transaction.atomic
def pegawai_atur_sandi(*, pegawai: Pegawai, password: str, by: Pegawai):
    """An admin sets a pegawai's password (forgotten password). The admin must manage the
    pegawai: callers fetch it through pegawai_dikelola, which leaves out admin accounts."""
    pegawai.set_password(password)
    pegawai.save(update_fields=["password"])
    catat_jejak(instansi_id=pegawai.instansi_id, oleh=by, aksi="pegawai_atur_sandi", objek=pegawai)


@transaction.atomic
def pegawai_buat(*, instansi, password, by, **data) -> Pegawai:
    pegawai = Pegawai(instansi=instansi, **data)
    pegawai.set_password(password)
    pegawai.full_clean()
    pegawai.save()
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="pegawai_buat",
        objek=pegawai,
        ke={"nip": pegawai.nip},
    )
    return pegawai


def notifikasi_pergantian_pimpinan(*, unit_id, pimpinan_id) -> int:
    """Notify the bawahan of a unit's (new) pimpinan; returns how many were created.

    The key names the unit and the pimpinan, so running twice creates nothing twice.
    """
    from organisasi.selectors import bawahan_penilai

    unit = UnitKerja.objects.select_related("pimpinan").filter(pk=unit_id).first()
    if unit is None:
        return 0
    if unit.pimpinan_id is None:
        # Emptied since: nobody to announce, the job is done.
        UnitKerja.objects.filter(pk=unit_id, pimpinan=None).update(kabar_pimpinan_antre=None)
        return 0
    if unit.pimpinan_id != pimpinan_id:
        return 0  # superseded by a later change, which sends its own notification
    pimpinan = unit.pimpinan
    dibuat = notifikasi_kirim(
        penerima=bawahan_penilai(pimpinan),
        jenis=Notifikasi.Jenis.ORGANISASI,
        kunci=f"pimpinan:{unit.pk}:{pimpinan.pk}",
        judul=f"Pejabat penilai Anda: {pimpinan.nama_lengkap}",
        isi=f"{pimpinan.nama_lengkap} kini pimpinan ({unit.get_status_pimpinan_display()}) "
        f"{unit.nama} dan menilai kinerja Anda.",
        tautan="/profil/?tab=atasan",
    )
    UnitKerja.objects.filter(pk=unit_id, pimpinan_id=pimpinan_id).update(kabar_pimpinan_antre=None)
    return dibuat


# Called with (pegawai, mulai, selesai) when an exemption is recorded: the apps above
# that computed something for those dates (TPP) register here, in their AppConfig.ready,
# as they register jadwal steps and rollups; this app knows no model above it.
PENGAMAT_PENGECUALIAN: list = []


@transaction.atomic
def pengecualian_tambah(*, pengecualian, by):
    pengecualian.full_clean()
    pengecualian.save()
    for pengamat in PENGAMAT_PENGECUALIAN:
        pengamat(
            pegawai=pengecualian.pegawai, mulai=pengecualian.mulai, selesai=pengecualian.selesai
        )
    catat_jejak(
        instansi_id=pengecualian.instansi_id,
        oleh=by,
        aksi="pengecualian_tambah",
        objek=pengecualian.pegawai,
        ke={
            "jenis": pengecualian.jenis,
            "mulai": str(pengecualian.mulai),
            "selesai": str(pengecualian.selesai),
        },
    )
    return pengecualian


@transaction.atomic
def penugasan_catat(
    *, pegawai, by, instansi_asal, jenis, mulai, selesai=None, nomor_sk=""
) -> Penugasan:
    """BKD of the instansi where the pegawai works records that they are diperbantukan or
    dipekerjakan from `instansi_asal` (seed 002: rated where they work). The home instansi
    then sees their results read-only. Audited."""
    if not by.adalah_admin_bkd or by.instansi_id != pegawai.instansi_id:
        raise ValidationError("Hanya admin BKD instansi tempat pegawai bekerja yang mencatat.")
    galat = {}
    if instansi_asal is None or instansi_asal.pk == pegawai.instansi_id:
        galat["instansi_asal"] = "Pilih instansi asal yang lain dari instansi ini."
    if jenis not in Penugasan.Jenis.values:
        galat["jenis"] = "Pilih diperbantukan atau dipekerjakan."
    if mulai and selesai and selesai < mulai:
        galat["selesai"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if galat:
        raise ValidationError(galat)
    penugasan = Penugasan(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        instansi_asal=instansi_asal,
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
        nomor_sk=(nomor_sk or "").strip(),
        oleh=by,
    )
    penugasan.full_clean()
    penugasan.save()
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="penugasan_catat",
        objek=pegawai,
        ke={
            "jenis": jenis,
            "instansi_asal": instansi_asal.kode,
            "mulai": str(mulai),
            "selesai": str(selesai),
        },
    )
    return penugasan


@transaction.atomic
def instansi_buat(*, by, nama_unit_induk, admin_nip, admin_nama, admin_password, **data):
    """Superadmin opens a tenant: the instansi, its root unit (eselon 00) and the first
    admin BKD, who takes it from there (units, pegawai, imports)."""
    from organisasi.models import Instansi

    instansi = Instansi(**data)
    instansi.full_clean()
    instansi.save()
    with scopes_disabled():
        root = unit_kerja_buat(
            instansi=instansi,
            parent=None,
            nama=nama_unit_induk,
            eselon="00",
            id_eksternal=f"{instansi.kode}-induk",
            by=by,
        )
        pegawai_buat(
            instansi=instansi,
            password=admin_password,
            by=by,
            nip=admin_nip,
            nama=admin_nama,
            peran=Pegawai.Peran.ADMIN_BKD,
            unit_kerja=root,
        )
    logger.info("instansi %s dibuat oleh %s", instansi.kode, by.nip)
    return instansi


@transaction.atomic
def instansi_ubah(*, instansi, by, **perubahan):
    for field, nilai in perubahan.items():
        setattr(instansi, field, nilai)
    instansi.full_clean()
    instansi.save()
    logger.info("instansi %s diubah oleh %s", instansi.kode, by.nip)
    return instansi


@transaction.atomic
def instansi_ubah_pengaturan(*, instansi, by, **perubahan):
    dari = {k: getattr(instansi, k) for k in perubahan}
    for field, nilai in perubahan.items():
        setattr(instansi, field, nilai)
    instansi.full_clean()
    instansi.save(update_fields=list(perubahan))
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="instansi_pengaturan",
        objek=instansi,
        dari=dari,
        ke=perubahan,
    )
    return instansi


@transaction.atomic
def hari_libur_tambah(*, instansi, tanggal, nama, by):
    from organisasi.models import HariLibur

    libur = HariLibur(instansi=instansi, tanggal=tanggal, nama=nama)
    libur.full_clean(validate_unique=False)
    libur.save()
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="hari_libur_tambah",
        objek=libur,
        ke={"tanggal": str(tanggal), "nama": nama},
    )
    return libur


@transaction.atomic
def hari_libur_hapus(*, hari_libur, by):
    catat_jejak(
        instansi_id=hari_libur.instansi_id,
        oleh=by,
        aksi="hari_libur_hapus",
        objek=hari_libur,
        dari={"tanggal": str(hari_libur.tanggal), "nama": hari_libur.nama},
    )
    hari_libur.delete()


# ---- notifications ----------------------------------------------------------------------

# Reminders name thousands of pegawai: their ids are read in slices, never one huge IN.
POTONGAN_ID = 2000


def notifikasi_kirim(*, penerima, judul, kunci, jenis, isi="", tautan="") -> int:
    """Tell pegawai of a change that concerns them, or a deadline: the one way every part
    of the app notifies. Each gets one Notifikasi row, written in the caller's transaction
    so it exists exactly when the change does; its e-mail (at once, in the morning digest,
    or none, as each pegawai chose on the Akun page) goes after the commit through Celery,
    and the sweeper sends it again if the broker was down.

    `penerima`: a Pegawai, an iterable of Pegawai or of pegawai ids, or a Pegawai queryset.
    `kunci` makes it idempotent: a recipient who already has this key gets nothing again.
    Returns how many were notified now.
    """

    kirim_surel = settings.NOTIFIKASI_SUREL
    baru = []
    for pegawai in _penerima(penerima):
        pk, instansi_id, email, pilihan = pegawai
        surel = Notifikasi.Surel.TIDAK
        if kirim_surel and email and pilihan != Pegawai.SurelNotifikasi.TIDAK:
            surel = (
                Notifikasi.Surel.ANTRE
                if pilihan == Pegawai.SurelNotifikasi.SEGERA
                else Notifikasi.Surel.HARIAN
            )
        baru.append(
            Notifikasi(
                instansi_id=instansi_id,
                penerima_id=pk,
                jenis=jenis,
                judul=judul[:200],
                isi=isi,
                tautan=tautan[:255],
                kunci=kunci[:120],
                surel=surel,
            )
        )
    dibuat = 0
    surel_antre = set()  # instansi with e-mail to send: one job each, after commit
    for awal in range(0, len(baru), POTONGAN_ID):
        potongan = baru[awal : awal + POTONGAN_ID]
        sudah = set(
            Notifikasi.objects.filter(
                kunci=kunci[:120], penerima_id__in=[n.penerima_id for n in potongan]
            ).values_list("penerima_id", flat=True)
        )
        potongan = [n for n in potongan if n.penerima_id not in sudah]
        Notifikasi.objects.bulk_create(potongan, ignore_conflicts=True)
        dibuat += len(potongan)
        surel_antre |= {n.instansi_id for n in potongan if n.surel == Notifikasi.Surel.ANTRE}
    if surel_antre:
        from organisasi.tasks import kirim_surel_notifikasi

        for instansi_id in surel_antre:
            antrekan(kirim_surel_notifikasi, instansi_id)
    return dibuat


def notifikasi_selesai(*, penerima_id, awalan_kunci) -> int:
    """The work a notification asked for is done (the penilai decided on the SKP they were
    told of): mark it read, so the bell counts only what still waits."""
    return Notifikasi.objects.filter(
        penerima_id=penerima_id, kunci__startswith=awalan_kunci, dibaca_pada__isnull=True
    ).update(dibaca_pada=timezone.now())


def _penerima(penerima):
    """(id, instansi id, e-mail, e-mail choice) of each recipient."""
    kolom = ("pk", "instansi_id", "email", "notifikasi_surel")
    if isinstance(penerima, Pegawai):
        yield tuple(getattr(penerima, k) for k in kolom)
        return
    if isinstance(penerima, QuerySet):
        yield from penerima.values_list(*kolom).iterator(chunk_size=POTONGAN_ID)
        return
    penerima = list(penerima)
    if penerima and isinstance(penerima[0], Pegawai):
        for p in penerima:
            yield tuple(getattr(p, k) for k in kolom)
        return
    for awal in range(0, len(penerima), POTONGAN_ID):
        yield from Pegawai.objects.filter(pk__in=penerima[awal : awal + POTONGAN_ID]).values_list(
            *kolom
        )


def _surel(notifikasi, *, judul, isi) -> EmailMessage:
    tautan = f"\n\nBuka: {settings.SITUS_URL}{notifikasi.tautan}" if notifikasi.tautan else ""
    return EmailMessage(
        subject=f"[e-Kinerja] {judul}"[:200],
        body=f"{isi}{tautan}\n\n-- \nPengiriman e-mail notifikasi diatur pada halaman Akun: "
        f"{settings.SITUS_URL}/akun/",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notifikasi.penerima.email],
    )


def notifikasi_surel_kirim(*, batas=200) -> int:
    """E-mail the tenant's notifications queued for "at once", up to `batas` per call (the
    task calls again while some are left). Rows are claimed with SKIP LOCKED so two workers
    never mail the same one; if the mail server refuses, the transaction rolls back and the
    rows stay queued for a retry. Returns how many were sent."""

    with transaction.atomic():
        antre = list(
            Notifikasi.objects.filter(surel=Notifikasi.Surel.ANTRE)
            .select_related("penerima")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("dibuat", "pk")[:batas]
        )
        pesan = [_surel(n, judul=n.judul, isi=n.isi or n.judul) for n in antre if n.penerima.email]
        if pesan:
            get_connection().send_messages(pesan)
        Notifikasi.objects.filter(pk__in=[n.pk for n in antre]).update(
            surel=Notifikasi.Surel.TERKIRIM
        )
    return len(pesan)


def notifikasi_ringkasan_kirim(*, sekarang, batas_penerima=300) -> int:
    """The morning digest of the tenant in scope: from JAM_RINGKASAN in its zone, one
    e-mail per pegawai who chose it, listing what came before that hour today. Run hourly:
    once sent, a row is marked, so a second run the same day sends nothing. Returns
    e-mails sent."""
    pertama = (
        Notifikasi.objects.filter(surel=Notifikasi.Surel.HARIAN).select_related("instansi").first()
    )
    if pertama is None:
        return 0
    lokal = timezone.localtime(sekarang, pertama.instansi.zona)
    if lokal.hour < JAM_RINGKASAN:
        return 0
    sampai = lokal.replace(hour=JAM_RINGKASAN, minute=0, second=0, microsecond=0)
    terkirim = 0
    while True:
        with transaction.atomic():
            menunggu = Notifikasi.objects.filter(surel=Notifikasi.Surel.HARIAN, dibuat__lt=sampai)
            penerima = list(
                menunggu.order_by("penerima_id")
                .values_list("penerima_id", flat=True)
                .distinct()[:batas_penerima]
            )
            if not penerima:
                return terkirim
            baris = list(
                menunggu.filter(penerima_id__in=penerima)
                .select_related("penerima")
                .select_for_update(of=("self",))
                .order_by("penerima_id", "dibuat", "pk")
            )
            pesan = []
            for _, kelompok in groupby(baris, key=lambda n: n.penerima_id):
                kelompok = list(kelompok)
                if not kelompok[0].penerima.email:
                    continue
                isi = "\n\n".join(
                    f"- {n.judul}\n  {n.isi}"
                    + (f"\n  {settings.SITUS_URL}{n.tautan}" if n.tautan else "")
                    for n in kelompok
                )
                pesan.append(
                    _surel(
                        Notifikasi(tautan="/notifikasi/", penerima=kelompok[0].penerima),
                        judul=f"Ringkasan harian: {len(kelompok)} pemberitahuan",
                        isi=isi,
                    )
                )
            if pesan:
                get_connection().send_messages(pesan)
            menunggu.filter(pk__in=[n.pk for n in baris]).update(surel=Notifikasi.Surel.TERKIRIM)
            terkirim += len(pesan)


@transaction.atomic
def dua_langkah_reset(*, pegawai: Pegawai, by: Pegawai) -> int:
    """An admin removes the second factors of a pegawai who lost their device (the view
    checks the admin manages them). Their sessions end, so whoever holds one signs in
    again; the pegawai is told, and it is audited. Returns how many were removed."""
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    jenis = sorted(Authenticator.objects.filter(user=pegawai).values_list("type", flat=True))
    if not jenis:
        raise ValidationError(f"{pegawai.nama} belum memasang verifikasi dua langkah.")
    Authenticator.objects.filter(user=pegawai).delete()
    for sesi in UserSession.objects.filter(user=pegawai):
        sesi.end()
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="dua_langkah_reset",
        objek=pegawai,
        dari={"dua_langkah": jenis},
        ke={"dua_langkah": []},
    )
    notifikasi_kirim(
        penerima=pegawai,
        jenis=Notifikasi.Jenis.AKUN,
        kunci=f"dua-langkah-reset:{timezone.now().timestamp()}",
        judul="Verifikasi dua langkah Anda direset",
        isi=f"{by.nama_lengkap} mereset verifikasi dua langkah akun Anda. Pasang lagi di "
        "halaman Akun. Bila Anda tidak memintanya, segera hubungi admin OPD Anda.",
        tautan="/akun/",
    )
    return len(jenis)


@transaction.atomic
def instansi_atur_sso(
    *,
    instansi,
    by,
    issuer: str,
    client_id: str,
    client_secret: str,
    klaim_nip: str,
    login_sandi: bool,
):
    """The instansi's OpenID Connect provider (django-allauth's SocialApp), the claim that
    holds the NIP, and whether password login stays open. An empty issuer removes SSO (and
    password login is open again). The secret is never shown back nor audited."""
    from allauth.socialaccount.models import SocialApp

    from organisasi.selectors import sso_app

    app = sso_app(instansi)
    if not issuer:
        if app:
            app.delete()
        login_sandi = True
    else:
        if app is None and not client_secret:
            raise ValidationError({"client_secret": "Isi client secret dari penyedia SSO."})
        app = app or SocialApp(provider="openid_connect", provider_id=instansi.sso_provider_id)
        app.name, app.client_id = instansi.nama, client_id
        app.secret = client_secret or app.secret
        app.settings = {"server_url": issuer.rstrip("/"), "oauth_pkce_enabled": True}
        app.save()
    Instansi.objects.filter(pk=instansi.pk).update(
        pengaturan={**instansi.pengaturan, "sso_klaim_nip": klaim_nip, "login_sandi": login_sandi}
    )
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="instansi_sso",
        objek=instansi,
        ke={"issuer": issuer, "client_id": client_id, "klaim_nip": klaim_nip,
            "login_sandi": login_sandi},
    )  # fmt: skip
