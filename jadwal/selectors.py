"""Reads of the jadwal: whether a step is open for a pegawai now, and deadlines as people
read them."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q

from inti.kalender import NAMA_BULAN
from jadwal import rules
from jadwal.models import Dispensasi, Jadwal
from organisasi.models import Pegawai
from organisasi.rules import path_leluhur


@dataclass
class StatusJadwal:
    keadaan: str
    jadwal: Jadwal | None = None
    dispensasi: Dispensasi | None = None

    @property
    def boleh(self) -> bool:
        return self.keadaan in (rules.TERBUKA, rules.DISPENSASI)

    @property
    def pesan(self) -> str:
        j = self.jadwal
        if j is None:
            return ""

        def waktu(t):
            return format_waktu(t, j.instansi)

        if self.keadaan == rules.BELUM_DIBUKA:
            return f"{j} baru dibuka {waktu(j.mulai)}."
        if self.keadaan == rules.DISPENSASI:
            return f"{j} dibuka kembali dengan dispensasi sampai {waktu(self.dispensasi.sampai)}."
        if self.keadaan == rules.TERKUNCI:
            return (
                f"{j} dikunci sejak {waktu(j.batas)}. Untuk dibuka kembali, minta dispensasi "
                "kepada admin OPD Anda atau BKD."
            )
        return f"{j} terbuka sampai {waktu(j.batas)}."


def format_waktu(t, instansi) -> str:
    """'9 April 2024 23:59 WITA': a moment in the instansi's zone, as deadlines are read."""
    lokal = t.astimezone(instansi.zona)
    return (
        f"{lokal.day} {NAMA_BULAN[lokal.month - 1]} {lokal.year} {lokal:%H:%M} "
        f"{instansi.singkatan_zona}"
    )


def _kunci_cache(instansi_id, tahun) -> str:
    return f"jadwal:{instansi_id}:{tahun}"


def jadwal_tahun(instansi_id: int, tahun: int) -> dict[tuple[str, str], Jadwal]:
    """Every jadwal of the instansi's year by (langkah, kode), from Django's cache: every
    period and SKP page reads it, and it changes a few times a year. Saving or deleting a
    Jadwal clears it (jadwal.signals); it also expires after five minutes."""
    kunci = _kunci_cache(instansi_id, tahun)
    semua = cache.get(kunci)
    if semua is None:
        semua = {
            (j.langkah, j.kode): j
            for j in Jadwal.objects.filter(tahun=tahun).select_related("instansi")
        }
        cache.set(kunci, semua, 300)
    return semua


def lupakan_jadwal_tahun(instansi_id: int, tahun: int) -> None:
    kunci = _kunci_cache(instansi_id, tahun)
    cache.delete(kunci)
    # Also once committed: a read between this and the commit may have cached the old rows.
    transaction.on_commit(lambda: cache.delete(kunci))


def status_jadwal(
    *, langkah: str, tahun: int, kode: str, pegawai: Pegawai, sekarang
) -> StatusJadwal:
    """Whether the step is open for `pegawai` at `sekarang` (two queries at most).

    No jadwal set for the step means open: an instansi that has not set one is not locked.
    A dispensasi counts when it names the pegawai or a unit at or above the pegawai's unit.
    """
    jadwal = jadwal_tahun(pegawai.instansi_id, tahun).get((langkah, kode))
    if jadwal is None:
        return StatusJadwal(rules.TERBUKA)
    dispensasi = None
    if sekarang > jadwal.batas:
        cakupan = Q(pegawai=pegawai)
        if pegawai.unit_kerja_id:
            cakupan |= Q(
                unit__path__in=[*path_leluhur(pegawai.unit_kerja.path), pegawai.unit_kerja.path]
            )
        dispensasi = (
            Dispensasi.objects.filter(cakupan, jadwal=jadwal, sampai__gte=sekarang)
            .order_by("-sampai")
            .first()
        )
    keadaan = rules.keadaan_jendela(
        mulai=jadwal.mulai,
        batas=jadwal.batas,
        sekarang=sekarang,
        dispensasi_sampai=dispensasi.sampai if dispensasi else None,
    )
    return StatusJadwal(keadaan, jadwal, dispensasi)
