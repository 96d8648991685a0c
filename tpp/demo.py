"""Demo TPP for the demo instansi: a Perkada-like configuration from January, kelas jabatan
for the demo pegawai, a fortnight of aktivitas harian for the analis, one cuti, and the
month computed, so the rekap can be opened at once. Idempotent."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from inti.tenancy import tenant_scope
from organisasi.models import Pegawai, UnitKerja
from organisasi.selectors import atasan_pegawai
from penilaian.models import RencanaAksi
from tpp import services
from tpp.models import AktivitasHarian, KonfigurasiTPP, ProgresHarian

KELAS = {
    "pimpinan": 14,
    "administrator": 11,
    "pengawas": 9,
    "fungsional": 8,
    "pelaksana": 6,
    "jpt": 15,
}
PAGU = {k: Decimal(v) for k, v in {
    15: 12_000_000, 14: 9_000_000, 12: 7_000_000, 11: 6_000_000, 9: 5_000_000, 8: 4_500_000,
    7: 4_000_000, 6: 3_500_000,
}.items()}  # fmt: skip


def muat_tpp_demo(instansi, hari_ini: date) -> int:
    with tenant_scope(instansi.pk):
        bkd = Pegawai.objects.filter(instansi=instansi, peran=Pegawai.Peran.ADMIN_BKD).first()
        if bkd is None or KonfigurasiTPP.objects.exists():
            return 0
        for jenis, kelas in KELAS.items():
            Pegawai.objects.filter(
                instansi=instansi, jenis_jabatan=jenis, kelas_jabatan__isnull=True
            ).update(kelas_jabatan=kelas)
        services.konfigurasi_simpan(
            by=bkd,
            berlaku_mulai=date(hari_ini.year, 1, 1),
            pagu=PAGU,
            potongan={
                "tanpa_keterangan": (Decimal("0.03"), None),
                "terlambat": (Decimal("0.005"), Decimal("0.05")),
                "pulang_cepat": (Decimal("0.005"), Decimal("0.05")),
                # Progres harian (BKN 2026): a late day and an empty day cut the disiplin part.
                "progres_terlambat": (Decimal("0.005"), Decimal("0.05")),
                "progres_kosong": (Decimal("0.01"), Decimal("0.2")),
            },
            keterangan="Contoh Perbup TPP (demo)",
            bobot_kinerja=Decimal("0.6"),
            bobot_disiplin=Decimal("0.4"),
            persen_diatas=Decimal("1"),
            persen_sesuai=Decimal("1"),
            persen_dibawah=Decimal("0.7"),
            ambang_aktivitas_penuh=40,
            ambang_aktivitas_sesuai=20,
        )
        analis = Pegawai.objects.filter(nip="198905142014022003").first()
        if analis is not None:
            tanggal = hari_ini.replace(day=1)
            while tanggal <= hari_ini:
                if tanggal.weekday() < 5:
                    AktivitasHarian.objects.bulk_create(
                        AktivitasHarian(
                            instansi=instansi,
                            pegawai=analis,
                            tanggal=tanggal,
                            uraian=uraian,
                            volume=1,
                            satuan="Kegiatan",
                        )
                        for uraian in (
                            "Verifikasi usulan penilaian kinerja dari OPD",
                            "Rekap data SKP pada aplikasi e-Kinerja",
                        )
                    )
                tanggal += timedelta(days=1)
        if analis is not None:
            _progres_demo(instansi, analis, hari_ini)
        # The admin OPD of the analis's OPD (BKPSDM) enters her cuti.
        admin = Pegawai.objects.filter(
            instansi=instansi,
            peran=Pegawai.Peran.ADMIN_OPD,
            admin_opd_id=analis.unit_kerja.opd_id if analis and analis.unit_kerja else None,
        ).first()
        if analis is not None and admin is not None:
            hari = hari_ini.replace(day=1)
            while hari.weekday() >= 5:
                hari += timedelta(days=1)
            try:
                services.ketidakhadiran_tambah(
                    pegawai=analis,
                    by=admin,
                    jenis="cuti_tahunan",
                    mulai=hari,
                    selesai=hari,
                    keterangan="Cuti tahunan (demo)",
                )
            except Exception:  # noqa: BLE001 - demo data only; the admin may not manage her
                pass
        units = UnitKerja.objects.all()
        return services.tpp_hitung(tahun=hari_ini.year, bulan=hari_ini.month, units=units)


def _progres_demo(instansi, analis, hari_ini: date) -> None:
    """Her month of progres harian as an atasan would find it: the days before last week
    approved, last week's submitted and waiting, one returned with a note, today a draft."""
    atasan = atasan_pegawai(analis)
    # The verifications count toward her running rencana aksi, so the period page shows
    # the progres behind it.
    rencana_aksi = (
        RencanaAksi.objects.filter(
            periode__pegawai=analis, periode__mulai__lte=hari_ini, periode__selesai__gte=hari_ini
        )
        .select_related("periode")
        .first()
    )
    if rencana_aksi is not None:
        AktivitasHarian.objects.filter(
            pegawai=analis, uraian__startswith="Verifikasi", tanggal__gte=rencana_aksi.periode.mulai
        ).update(
            rencana_aksi=rencana_aksi,
            rhk_id=rencana_aksi.rhk_id,
            volume=3,
            satuan=rencana_aksi.satuan,
        )
    senin_ini = hari_ini - timedelta(days=hari_ini.weekday())
    sekarang = timezone.now()
    hari = sorted(
        set(AktivitasHarian.objects.filter(pegawai=analis).values_list("tanggal", flat=True))
    )
    baris = []
    for tanggal in hari:
        if tanggal == hari_ini:
            continue  # today's entries stay a draft
        if tanggal < senin_ini - timedelta(days=7) and atasan is not None:
            status = ProgresHarian.Status.DISETUJUI
        else:
            status = ProgresHarian.Status.DIAJUKAN
        baris.append(
            ProgresHarian(
                instansi=instansi,
                pegawai=analis,
                tanggal=tanggal,
                status=status,
                diajukan_pertama=sekarang,
                diajukan_pada=sekarang,
                diputuskan_oleh=atasan if status == ProgresHarian.Status.DISETUJUI else None,
                diputuskan_pada=sekarang if status == ProgresHarian.Status.DISETUJUI else None,
            )
        )
    if len(baris) > 2 and atasan is not None:
        kembali = baris[-2]
        kembali.status, kembali.diputuskan_oleh = ProgresHarian.Status.DIKEMBALIKAN, atasan
        kembali.catatan = "Sebutkan jumlah berkas usulan yang diverifikasi."
    ProgresHarian.objects.bulk_create(baris)
