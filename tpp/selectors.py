"""Reads of tpp that are more than a query: pemantauan, which puts the period's progress
beside the month's aktivitas harian (so it lives here, above penilaian)."""

from dataclasses import dataclass

from django.db.models import Count, F, Q

from inti.kalender import NAMA_BULAN
from jadwal import rules as jadwal_rules
from organisasi.models import Pegawai
from organisasi.selectors import atasan_pegawai, bawahan_penilai, wajib_skp
from penilaian.models import PeriodePenilaian
from penilaian.selectors import STATUS_PENILAIAN, BarisPenilaian, baris_penilaian
from skp.selectors import tanggal_acuan
from tpp.models import AktivitasHarian, RealisasiBulanan


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


# ---- reminders of the monthly TPP steps (jadwal.services.pengingat_kirim) -------------


def _bulan(jadwal) -> tuple[int, str]:
    bulan = int(jadwal.kode[1:])
    return bulan, f"{NAMA_BULAN[bulan - 1]} {jadwal.tahun}"


def penerima_pengingat_tpp_aktivitas(jadwal) -> dict[int, str]:
    """pegawai id → reminder, for everyone who must have an SKP and has not submitted the
    month's realisasi: an unrated month pays 0 % of the kinerja part."""
    bulan, label = _bulan(jadwal)
    acuan = tanggal_acuan(jadwal.tahun, jadwal.instansi.hari_ini())
    sudah = RealisasiBulanan.objects.filter(tahun=jadwal.tahun, bulan=bulan).exclude(
        status=RealisasiBulanan.Status.PENGISIAN
    )
    pesan = (
        f"Realisasi bulanan {label} Anda belum diajukan. Bulan yang tidak dinilai membayar "
        "0% bagian kinerja TPP."
    )
    belum = wajib_skp(acuan).exclude(pk__in=sudah.values("pegawai_id"))
    return dict.fromkeys(belum.values_list("pk", flat=True), pesan)


def penerima_pengingat_tpp_penilaian(jadwal) -> dict[int, str]:
    """penilai id → how many bawahan's monthly realisasi wait for their rating (the
    pimpinan of each pegawai's unit; a pimpinan's own is rated higher up, looked up one
    by one as they are few)."""
    bulan, label = _bulan(jadwal)
    hasil: dict[int, int] = {}
    menunggu = RealisasiBulanan.objects.filter(
        tahun=jadwal.tahun, bulan=bulan, status=RealisasiBulanan.Status.DIAJUKAN
    )
    for penilai_id, n in (
        menunggu.exclude(pegawai__unit_kerja__pimpinan=F("pegawai"))
        .exclude(pegawai__unit_kerja__pimpinan__isnull=True)
        .values_list("pegawai__unit_kerja__pimpinan")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        hasil[penilai_id] = n
    for r in menunggu.filter(pegawai__unit_kerja__pimpinan=F("pegawai")).select_related(
        "pegawai__unit_kerja"
    ):
        atasan = atasan_pegawai(r.pegawai)
        if atasan:
            hasil[atasan.pk] = hasil.get(atasan.pk, 0) + 1
    return {
        pk: f"{n} bawahan menunggu penilaian realisasi bulanan {label}. Bulan yang tidak "
        "dinilai membayar 0% bagian kinerja TPP."
        for pk, n in hasil.items()
    }


def _penerima_admin(pesan) -> dict[int, str]:
    admin = Pegawai.objects.filter(
        is_active=True, peran__in=[Pegawai.Peran.ADMIN_OPD, Pegawai.Peran.ADMIN_BKD]
    )
    return dict.fromkeys(admin.values_list("pk", flat=True), pesan)


def penerima_pengingat_ketidakhadiran(jadwal) -> dict[int, str]:
    _, label = _bulan(jadwal)
    return _penerima_admin(
        f"Catat ketidakhadiran {label} pegawai yang Anda kelola sebelum ditutup."
    )


def penerima_pengingat_cetak_tpp(jadwal) -> dict[int, str]:
    _, label = _bulan(jadwal)
    return _penerima_admin(f"Hitung ulang dan cetak rekap TPP {label}.")


# The monthly TPP steps and who is reminded before each closes (registered in apps.py).
PENGINGAT = {
    jadwal_rules.TPP_AKTIVITAS: (penerima_pengingat_tpp_aktivitas, "/tpp/realisasi/"),
    jadwal_rules.TPP_PENILAIAN: (penerima_pengingat_tpp_penilaian, "/tpp/bawahan/"),
    jadwal_rules.KETIDAKHADIRAN: (penerima_pengingat_ketidakhadiran, "/tpp/ketidakhadiran/"),
    jadwal_rules.CETAK_TPP: (penerima_pengingat_cetak_tpp, "/tpp/rekap/"),
}
