"""The import's services: upload, dry run, choices, confirmation, apply, cancel."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from inti.antrean import antrekan
from inti.masukan import teks_bersih
from inti.models import catat_jejak
from organisasi.impor.baca import baca_berkas
from organisasi.impor.kolom import KOLOM, UKURAN_MAKS, BerkasDitolak, kolom_instansi
from organisasi.impor.rencana import rencana_pegawai, rencana_unit, sidik_rencana
from organisasi.impor.terapkan import terapkan_pegawai, terapkan_unit
from organisasi.models import Impor, Instansi, Notifikasi, Pegawai, UnitKerja
from organisasi.services import notifikasi_kirim

_RENCANA = {Impor.Jenis.PEGAWAI: rencana_pegawai, Impor.Jenis.UNIT_KERJA: rencana_unit}


_TERAPKAN = {Impor.Jenis.PEGAWAI: terapkan_pegawai, Impor.Jenis.UNIT_KERJA: terapkan_unit}


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

    antrekan(periksa_impor, impor.instansi_id, impor.pk)
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
        _kabarkan(impor, f"Impor {impor.nama_berkas} ditolak", impor.pesan)
        return impor
    impor.rencana, impor.sidik_rencana = rencana, sidik_rencana(rencana)
    impor.jumlah = _jumlah(rencana)
    impor.status, impor.progres = Impor.Status.PRATINJAU, 100
    impor.save(update_fields=["rencana", "sidik_rencana", "jumlah", "status", "progres"])
    _kabarkan(
        impor,
        f"Pratinjau impor {impor.nama_berkas} siap",
        "Periksa perubahan dan konflik, lalu konfirmasi untuk menerapkannya.",
    )
    return impor


def _kabarkan(impor, judul, isi):
    """Tell whoever uploaded the file that its job has finished a stage."""
    if impor.oleh_id:
        notifikasi_kirim(
            penerima=[impor.oleh_id],
            jenis=Notifikasi.Jenis.IMPOR,
            kunci=f"impor:{impor.pk}:{impor.status}",
            judul=judul,
            isi=isi,
            tautan=reverse("impor_detail", args=[impor.pk]),
        )


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
    # The keys come from the form's field names: a NUL in one cannot be stored in the JSON
    # column (PostgreSQL answered 500), so it is refused like NUL in typed text.
    return {teks_bersih(k)[:200]: v for k, v in pilihan.items() if v in ("berkas", "lokal")}


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
        status=Impor.Status.MENERAPKAN,
        progres=0,
        pesan="",
        dikonfirmasi_pada=timezone.now(),
        dikonfirmasi_oleh=by,
    )
    if not berhasil:
        raise ValidationError("Impor ini tidak lagi menunggu konfirmasi.")
    from organisasi.tasks import terapkan_impor

    antrekan(terapkan_impor, impor.instansi_id, impor.pk, by.pk)
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
        if sidik_rencana(rencana) != impor.sidik_rencana:
            impor.rencana, impor.sidik_rencana = rencana, sidik_rencana(rencana)
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
        _kabarkan(impor, f"Impor {impor.nama_berkas} selesai diterapkan", "")
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
