"""Rollups of the tenant-wide overviews (Progres Penilaian, Progres SKP, Kurva Distribusi).

Counting the step of 60,000 pegawai (latest SKP, its period, whether every RHK has a
rencana aksi) takes about a second on PostgreSQL even in SQL; five admins opening the
page on deadline day would stall everyone. So each overview is counted by one SQL query
per (unit, key) into `Rekap` rows, and the pages read those ~1,000 rows.

Why refreshed, not maintained by the services in the same transaction: the counts move
with almost every write of the product (SKP status, periode status, rencana aksi, a
pegawai's unit or active flag, a pengecualian) and on deadline day thousands of those
writes land on the same few counter rows, which would serialise them. A count that is at
most `REKAP_UMUR` seconds old, with its time on the page, is what a BKD overview needs.

Freshness: a page older than `REKAP_UMUR` is recounted by the request that finds it stale
(one request per overview at a time; the others show the previous counts), and the beat
job `inti.tasks.rekap_segarkan` recounts every overview someone opened in the last hour,
so in production nobody waits for it. Tests set `REKAP_UMUR = 0`: always counted.

Each app registers its overviews in its AppConfig.ready with `daftarkan_rekap(jenis, f)`,
where `f(instansi_id, tahun, kode)` returns `(unit_id, kunci, jumlah)` rows counted in SQL
inside the tenant scope; this module knows no model above it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from inti.models import Rekap, RekapWaktu

Hitung = Callable[[int, int, str], Iterable[tuple[int, str, int]]]
_REKAP: dict[str, Hitung] = {}

# The beat job keeps an overview warm while someone has read it within this time.
MASA_PANTAU = timedelta(hours=1)


def daftarkan_rekap(jenis: str, hitung: Hitung) -> None:
    _REKAP[jenis] = hitung


def umur_maks() -> int:
    return getattr(settings, "REKAP_UMUR", 60)


@dataclass(frozen=True)
class HasilRekap:
    jenis: str
    tahun: int
    kode: str
    dihitung_pada: datetime

    def baris(self):
        return Rekap.objects.filter(jenis=self.jenis, tahun=self.tahun, kode=self.kode)

    def per_unit(self, unit_ids) -> dict[int, dict[str, int]]:
        """{unit id: {kunci: jumlah}} for the units of one page of the overview."""
        hasil: dict[int, dict[str, int]] = {}
        for unit_id, kunci, jumlah in (
            self.baris().filter(unit__in=unit_ids).values_list("unit", "kunci", "jumlah")
        ):
            hasil.setdefault(unit_id, {})[kunci] = jumlah
        return hasil

    def total(self, unit_qs=None) -> dict[str, int]:
        """{kunci: jumlah} summed over `unit_qs` (a subquery, never a list of ids)."""
        baris = self.baris() if unit_qs is None else self.baris().filter(unit__in=unit_qs)
        return dict(baris.values_list("kunci").annotate(n=Sum("jumlah")).order_by())

    def unit_ids(self):
        """The units that have a count (a subquery for the page's unit list)."""
        return self.baris().values("unit")


def rekap_hitung(*, instansi_id: int, jenis: str, tahun: int, kode: str = "") -> HasilRekap:
    """Recount one overview now and replace its rows (inside the tenant scope)."""
    hitung = _REKAP[jenis]
    with transaction.atomic():
        waktu, _ = RekapWaktu.objects.get_or_create(
            instansi_id=instansi_id,
            jenis=jenis,
            tahun=tahun,
            kode=kode,
            defaults={"dihitung_pada": timezone.now(), "dibaca_pada": timezone.now()},
        )
        # Two recounts of one overview queue here instead of interleaving their rows.
        waktu = RekapWaktu.objects.select_for_update().get(pk=waktu.pk)
        baris = [
            Rekap(
                instansi_id=instansi_id,
                jenis=jenis,
                tahun=tahun,
                kode=kode,
                unit_id=unit_id,
                kunci=kunci,
                jumlah=jumlah,
            )
            for unit_id, kunci, jumlah in hitung(instansi_id, tahun, kode)
            if jumlah
        ]
        Rekap.objects.filter(jenis=jenis, tahun=tahun, kode=kode).delete()
        Rekap.objects.bulk_create(baris, batch_size=2000)
        waktu.dihitung_pada = timezone.now()
        waktu.save(update_fields=["dihitung_pada"])
    return HasilRekap(jenis, tahun, kode, waktu.dihitung_pada)


def rekap_baca(*, instansi_id: int, jenis: str, tahun: int, kode: str = "") -> HasilRekap:
    """The overview's counts, recounted first when older than REKAP_UMUR seconds."""
    waktu = RekapWaktu.objects.filter(jenis=jenis, tahun=tahun, kode=kode).first()
    sekarang = timezone.now()
    if waktu is None:
        return rekap_hitung(instansi_id=instansi_id, jenis=jenis, tahun=tahun, kode=kode)
    if sekarang - waktu.dihitung_pada >= timedelta(seconds=umur_maks()):
        # One request recounts; the others meanwhile show the counts they found.
        kunci = f"rekap:{instansi_id}:{jenis}:{tahun}:{kode}"
        if cache.add(kunci, 1, timeout=120):
            try:
                return rekap_hitung(instansi_id=instansi_id, jenis=jenis, tahun=tahun, kode=kode)
            finally:
                cache.delete(kunci)
    if sekarang - waktu.dibaca_pada > MASA_PANTAU / 4:
        RekapWaktu.objects.filter(pk=waktu.pk).update(dibaca_pada=sekarang)
    return HasilRekap(jenis, tahun, kode, waktu.dihitung_pada)


def rekap_dipantau():
    """(instansi_id, jenis, tahun, kode) of the overviews read lately and now stale, for
    the beat job. Unscoped: the caller enters each tenant's scope."""
    sekarang = timezone.now()
    return (
        RekapWaktu.objects.filter(
            dibaca_pada__gte=sekarang - MASA_PANTAU,
            dihitung_pada__lt=sekarang - timedelta(seconds=umur_maks()),
            jenis__in=list(_REKAP),
        )
        .values_list("instansi_id", "jenis", "tahun", "kode")
        .order_by("instansi_id")
    )
