"""Demo TPP for the demo instansi: a Perkada-like configuration from January, kelas jabatan
for the demo pegawai, a fortnight of aktivitas harian for the analis, one cuti, and the
month computed, so the rekap can be opened at once. Idempotent."""

from datetime import date, timedelta
from decimal import Decimal

from inti.tenancy import tenant_scope
from organisasi.models import Pegawai, UnitKerja
from tpp import services
from tpp.models import AktivitasHarian, KonfigurasiTPP

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
