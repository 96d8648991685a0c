"""Dialog kinerja between a pegawai and their pejabat penilai (PermenPANRB 6/2022)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.format import format_tanggal
from inti.models import catat_jejak
from organisasi.izin import pihak_lain
from organisasi.models import Notifikasi
from organisasi.services import notifikasi_kirim
from skp.models import (
    DialogKinerja,
)


@transaction.atomic
def dialog_catat(
    *, pegawai, by, tanggal, topik, pembahasan, kesepakatan, skp=None, rhk=()
) -> DialogKinerja:
    lain = pihak_lain(pegawai, by)
    galat = {}
    if topik not in DialogKinerja.Topik.values:
        galat["topik"] = "Pilih topik dialog."
    if tanggal > pegawai.instansi.hari_ini():
        galat["tanggal"] = "Dialog dicatat setelah berlangsung, bukan untuk tanggal mendatang."
    if not (pembahasan or "").strip():
        galat["pembahasan"] = "Tuliskan apa yang dibahas."
    if not (kesepakatan or "").strip():
        galat["kesepakatan"] = "Tuliskan apa yang disepakati."
    if skp is not None and skp.pegawai_id != pegawai.pk:
        galat["skp"] = "SKP tidak ditemukan."
    if any(r.skp_id != getattr(skp, "pk", None) for r in rhk):
        galat["rhk"] = "RHK harus dari SKP yang dipilih."
    if galat:
        raise ValidationError(galat)
    dialog = DialogKinerja.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        penilai=lain if by.pk == pegawai.pk else by,
        skp=skp,
        tanggal=tanggal,
        topik=topik,
        pembahasan=pembahasan.strip(),
        kesepakatan=kesepakatan.strip(),
        dicatat_oleh=by,
    )
    dialog.rhk.set(rhk)
    notifikasi_kirim(
        penerima=lain,
        jenis=Notifikasi.Jenis.DIALOG,
        judul=f"Konfirmasi dialog kinerja {format_tanggal(tanggal)}",
        isi=f"{by.nama_lengkap} mencatat dialog kinerja ({dialog.get_topik_display()}). "
        "Periksa dan konfirmasi bila sesuai.",
        tautan=f"/skp/{skp.pk}/#dialog" if skp else "/",
        kunci=f"dialog:{dialog.pk}",
    )
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="dialog_catat",
        objek=dialog,
        ke={"topik": topik, "tanggal": str(tanggal)},
    )
    return dialog


@transaction.atomic
def dialog_konfirmasi(*, dialog, by) -> DialogKinerja:
    """The other side confirms the record is right (once)."""
    if by.pk == dialog.dicatat_oleh_id or by.pk not in (dialog.pegawai_id, dialog.penilai_id):
        raise ValidationError("Dialog dikonfirmasi oleh pihak yang tidak mencatatnya.")
    berubah = DialogKinerja.objects.filter(pk=dialog.pk, dikonfirmasi_pada__isnull=True).update(
        dikonfirmasi_pada=timezone.now()
    )
    if not berubah:
        raise ValidationError("Dialog ini sudah dikonfirmasi.")
    catat_jejak(instansi_id=dialog.instansi_id, oleh=by, aksi="dialog_konfirmasi", objek=dialog)
    dialog.refresh_from_db()
    return dialog
