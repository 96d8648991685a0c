"""Who may do what to an SKP, decided once, here (as penilaian/izin.py for a periode).

Each rule answers with the reason it refuses ("" when it allows). The services raise it
(`pastikan`); the SKP page reads the same rules through django-rules
(`{% has_perm "skp.ajukan" user skp %}`), so a button shows exactly when the service
would accept it. The role is looked up once per user and SKP object.
"""

from django.utils import timezone

from inti.izin import daftarkan, pastikan  # noqa: F401  (services call izin.pastikan)
from jadwal.rules import PENYUSUNAN_SKP
from jadwal.selectors import status_jadwal
from organisasi.izin import PENILAI, peran_atas
from skp import rules as aturan


def alasan_ubah(user, skp) -> str:
    """RHK, indikator, lampiran: the owner, while the SKP is a draft or returned."""
    if user.pk != skp.pegawai_id:
        return "Hanya pemilik SKP yang dapat mengubahnya."
    if not skp.dapat_diubah:
        return f"SKP berstatus {skp.get_status_display()} tidak dapat diubah. " + (
            "Gunakan Perubahan SKP untuk penugasan baru."
            if skp.status == aturan.DISETUJUI
            else "Tunggu keputusan pejabat penilai."
        )
    return ""


def alasan_ajukan(user, skp) -> str:
    """Submitting (again after a revision): the owner, in the penyusunan SKP window. The
    atasan and the content are checked by the service, which says which one is missing."""
    if user.pk != skp.pegawai_id:
        return "Hanya pemilik SKP yang dapat mengajukannya."
    if alasan := aturan.MESIN_SKP.alasan(skp.status, aturan.DIAJUKAN, aturan.PEGAWAI):
        return alasan
    jendela = status_jadwal(
        langkah=PENYUSUNAN_SKP,
        tahun=skp.tahun,
        kode="",
        pegawai=skp.pegawai,
        sekarang=timezone.now(),
    )
    return "" if jendela.boleh else jendela.pesan


def alasan_tarik(user, skp) -> str:
    """Withdrawing a submitted SKP before the penilai decides: the owner."""
    if user.pk != skp.pegawai_id:
        return "Hanya pemilik SKP yang dapat menariknya kembali."
    if skp.status != aturan.DIAJUKAN:
        # (disetujui → draft) is Perubahan SKP, which keeps a version: alasan_perubahan.
        return "Hanya SKP yang sedang diajukan yang dapat ditarik kembali."
    return ""


def alasan_perubahan(user, skp) -> str:
    """Opening an approved SKP for a new assignment (its version is kept): the owner."""
    if user.pk != skp.pegawai_id:
        return "Hanya pemilik SKP yang dapat mengubahnya."
    if skp.status != aturan.DISETUJUI:
        return "Hanya SKP yang sudah disetujui yang dapat dibuka untuk perubahan."
    return ""


def alasan_putuskan(user, skp, ke=aturan.DISETUJUI) -> str:
    """Approving (or, with ke=REVISI, returning): the owner's current atasan, even if another
    was atasan at submission (pergantian atasan), so the SKP never stays stuck."""
    if peran_atas(user, skp.pegawai) != PENILAI:
        return "Hanya pejabat penilai pegawai ini yang dapat memutuskan SKP-nya."
    return aturan.MESIN_SKP.alasan(skp.status, ke, aturan.PENILAI)


def alasan_kembalikan(user, skp) -> str:
    return alasan_putuskan(user, skp, ke=aturan.REVISI)


def alasan_ekspektasi(user, skp) -> str:
    """Ekspektasi khusus pimpinan: the penilai, until the SKP is approved."""
    if peran_atas(user, skp.pegawai) != PENILAI:
        return "Hanya pejabat penilai yang mengisi ekspektasi khusus pimpinan."
    if skp.status == aturan.DISETUJUI:
        return "SKP sudah disetujui; ekspektasi diubah melalui Perubahan SKP."
    return ""


daftarkan("skp.ubah", alasan_ubah)
daftarkan("skp.ajukan", alasan_ajukan)
daftarkan("skp.tarik", alasan_tarik)
daftarkan("skp.perubahan", alasan_perubahan)
daftarkan("skp.putuskan", alasan_putuskan)
daftarkan("skp.ekspektasi", alasan_ekspektasi)
