"""Who may do what to an SKP, decided once, here (as penilaian/izin.py for a periode).

Each rule answers with the reason it refuses ("" when it allows). The services raise it
(`pastikan`); the SKP page reads the same rules through django-rules
(`{% has_perm "skp.ajukan" user skp %}`), so a button shows exactly when the service
would accept it. The role is looked up once per user and SKP object.
"""

import rules
from django.core.exceptions import ValidationError

from organisasi.izin import PENILAI, peran_atas
from skp import rules as aturan


def alasan_ubah(user, skp) -> str:
    """RHK, indikator, lampiran: the owner, while the SKP is a draft or returned."""
    if user.pk != skp.pegawai_id:
        return "Hanya pemilik SKP yang dapat mengubahnya."
    if skp.status not in aturan.DAPAT_DIUBAH_PEGAWAI:
        return f"SKP berstatus {skp.get_status_display()} tidak dapat diubah. " + (
            "Gunakan Perubahan SKP untuk penugasan baru."
            if skp.status == aturan.DISETUJUI
            else "Tunggu keputusan pejabat penilai."
        )
    return ""


def alasan_ajukan(user, skp) -> str:
    """Submitting (again after a revision): the owner. The jadwal window, the atasan and
    the content are checked by the service, which says which one is missing."""
    if user.pk != skp.pegawai_id:
        return "Hanya pemilik SKP yang dapat mengajukannya."
    return aturan.MESIN_SKP.alasan(skp.status, aturan.DIAJUKAN, aturan.PEGAWAI)


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


def alasan_putuskan(user, skp) -> str:
    """Approving or returning: the owner's current atasan, even if another was atasan at
    submission (pergantian atasan), so the SKP never stays stuck."""
    if peran_atas(user, skp.pegawai) != PENILAI:
        return "Hanya pejabat penilai pegawai ini yang dapat memutuskan SKP-nya."
    return aturan.MESIN_SKP.alasan(skp.status, aturan.DISETUJUI, aturan.PENILAI)


def alasan_ekspektasi(user, skp) -> str:
    """Ekspektasi khusus pimpinan: the penilai, until the SKP is approved."""
    if peran_atas(user, skp.pegawai) != PENILAI:
        return "Hanya pejabat penilai yang mengisi ekspektasi khusus pimpinan."
    if skp.status == aturan.DISETUJUI:
        return "SKP sudah disetujui; ekspektasi diubah melalui Perubahan SKP."
    return ""


def pastikan(alasan, user, skp) -> None:
    """For services: refuse with the rule's own reason."""
    if pesan := alasan(user, skp):
        raise ValidationError(pesan)


def _boleh(alasan):
    return rules.predicate(lambda user, skp: skp is not None and not alasan(user, skp))


rules.add_perm("skp.ubah", _boleh(alasan_ubah))
rules.add_perm("skp.ajukan", _boleh(alasan_ajukan))
rules.add_perm("skp.tarik", _boleh(alasan_tarik))
rules.add_perm("skp.perubahan", _boleh(alasan_perubahan))
rules.add_perm("skp.putuskan", _boleh(alasan_putuskan))
rules.add_perm("skp.ekspektasi", _boleh(alasan_ekspektasi))
