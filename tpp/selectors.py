"""Reads of tpp that are more than a query: pemantauan, which puts the period's progress
beside the month's aktivitas harian (so it lives here, above penilaian)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from organisasi.models import Pegawai
from organisasi.selectors import bawahan_penilai
from penilaian.models import PeriodePenilaian
from penilaian.selectors import STATUS_PENILAIAN, BarisPenilaian, baris_penilaian
from tpp.models import AktivitasHarian


@dataclass
class BarisPemantauan:
    baris: BarisPenilaian
    jumlah_rencana_aksi: int = 0
    realisasi_terisi: int = 0
    bukti: int = 0
    aktivitas_bulan_ini: int = 0

    @property
    def persen_realisasi(self) -> int:
        if not self.jumlah_rencana_aksi:
            return 0
        return round(100 * self.realisasi_terisi / self.jumlah_rencana_aksi)


def pemantauan_bawahan(penilai: Pegawai, tahun: int, kode: str, hari_ini) -> list[BarisPemantauan]:
    """Every bawahan of the penilai with their progress in the period."""
    return pemantauan(bawahan_penilai(penilai), tahun, kode, hari_ini)


def pemantauan(pegawai_qs, tahun: int, kode: str, hari_ini) -> list[BarisPemantauan]:
    """Pegawai with their progress in the period, those needing attention first: furthest
    behind in the steps, then the least realisasi filled (five queries after pegawai_qs)."""
    baris = baris_penilaian(pegawai_qs, tahun, kode)
    periode_ids = [b.periode.pk for b in baris if b.periode]
    hitung = {
        p["pk"]: p
        for p in PeriodePenilaian.objects.filter(pk__in=periode_ids)
        .annotate(
            ra=Count("rencana_aksi", distinct=True),
            ra_terisi=Count("rencana_aksi", filter=~Q(rencana_aksi__realisasi=""), distinct=True),
            n_bukti=Count("bukti", filter=Q(bukti__diganti_oleh__isnull=True), distinct=True),
        )
        .values("pk", "ra", "ra_terisi", "n_bukti")
    }
    aktivitas = dict(
        AktivitasHarian.objects.filter(
            pegawai__in=[b.pegawai.pk for b in baris],
            tanggal__year=hari_ini.year,
            tanggal__month=hari_ini.month,
        )
        .values_list("pegawai")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hasil = []
    for b in baris:
        h = hitung.get(b.periode.pk, {}) if b.periode else {}
        hasil.append(
            BarisPemantauan(
                baris=b,
                jumlah_rencana_aksi=h.get("ra", 0),
                realisasi_terisi=h.get("ra_terisi", 0),
                bukti=h.get("n_bukti", 0),
                aktivitas_bulan_ini=aktivitas.get(b.pegawai.pk, 0),
            )
        )
    urutan = {s: i for i, (s, _) in enumerate(STATUS_PENILAIAN)}
    return sorted(
        hasil,
        key=lambda r: (urutan[r.baris.status], r.persen_realisasi, r.baris.pegawai.nama),
    )
