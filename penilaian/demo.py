"""Demo Triwulan I for the demo instansi, one pegawai in each state, so every screen of
the evaluation can be seen at once:

- Sekda: TW I added, no rencana aksi yet (realisasi locked, the page says why);
- Kepala BKPSDM: realisasi and bukti filled, submitted, waiting for the Sekda's rating;
- Kabid PKAP: rated Sangat Baik, waiting for the Tim Penilai Kinerja's review;
- Analis PKAP: rated Baik and final.

Built through the services, inside the tenant scope; a pegawai who already has TW I is
left alone.
"""

from decimal import Decimal

from django.core.files.base import ContentFile

from inti.tenancy import tenant_scope
from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from jadwal.models import Jadwal
from organisasi.models import Pegawai
from organisasi.selectors import atasan_pegawai
from penilaian import rules, services
from penilaian.models import PeriodePenilaian
from skp.models import RHK, SKP
from skp.rules import BERAKHLAK

# A one-page PDF: enough for the content check (it starts with %PDF) and for a viewer.
PDF_CONTOH = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# nip → the state TW I reaches, and the ratings when it is rated
RENCANA = [
    ("196707101992031014", "pengisian", None),
    ("196703021989011001", "diajukan", None),
    ("198703122015031005", "menunggu_review", (rules.DIATAS, rules.DIATAS)),
    ("198905142014022003", "dinilai", (rules.SESUAI, rules.DIATAS)),
]


def muat_penilaian_demo(instansi, tahun: int) -> int:
    dibuat = 0
    with tenant_scope(instansi.pk):
        for nip, tujuan, rating in RENCANA:
            skp = SKP.objects.filter(
                pegawai__nip=nip, tahun=tahun, status=SKP.Status.DISETUJUI
            ).first()
            if skp is None or PeriodePenilaian.objects.filter(skp=skp, kode="tw1").exists():
                continue
            pegawai = skp.pegawai
            periode = services.periode_tambah(skp=skp, kode="tw1", by=pegawai)
            dibuat += 1
            if tujuan == "pengisian":
                continue
            _isi(periode, pegawai)
            services.periode_ajukan(periode=periode, by=pegawai)
            if tujuan == "diajukan":
                continue
            penilai = atasan_pegawai(pegawai)
            for rhk in RHK.objects.filter(skp=skp):
                services.umpan_balik_simpan(
                    periode=periode,
                    by=penilai,
                    rhk=rhk,
                    isi="Target triwulan tercapai tepat waktu; pertahankan.",
                )
            for kode, _, _ in BERAKHLAK:
                services.umpan_balik_simpan(
                    periode=periode,
                    by=penilai,
                    perilaku=kode,
                    isi="Konsisten dan menjadi contoh bagi rekan kerja.",
                )
            services.periode_nilai(
                periode=periode,
                by=penilai,
                rating_hasil_kerja=rating[0],
                rating_perilaku_kerja=rating[1],
            )
    return dibuat


def _isi(periode, pegawai):
    # Every RHK gets its rencana aksi first: realisasi opens only when all have one.
    semua = [
        services.rencana_aksi_simpan(
            periode=periode,
            rhk=rhk,
            by=pegawai,
            uraian=f"Tahapan triwulan I: {rhk.uraian[:120]}",
            target=Decimal("1"),
            satuan="Laporan",
        )
        for rhk in RHK.objects.filter(skp=periode.skp_id)
    ]
    for rencana_aksi in semua:
        services.realisasi_simpan(
            periode=periode,
            by=pegawai,
            rencana_aksi=rencana_aksi,
            realisasi="Laporan triwulan I selesai dan diserahkan kepada atasan.",
            realisasi_angka=Decimal("1"),
        )
        services.bukti_tambah(
            periode=periode,
            by=pegawai,
            rencana_aksi=rencana_aksi,
            berkas=ContentFile(PDF_CONTOH, name="laporan-tw1.pdf"),
            keterangan="Laporan triwulan I",
        )


def muat_jadwal_demo(instansi, tahun: int) -> int:
    """Seed 001's shape for the demo year: TW I realisasi and penilaian closed on 9 April
    at 23:59 in the instansi's zone, with a dispensasi reopening them for the BKPSDM until
    30 days from now, so the locked and the reopened state can both be seen; TW IV and
    final open until the end of the year and 2 January."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from organisasi.models import UnitKerja

    with tenant_scope(instansi.pk):
        bkd = Pegawai.objects.filter(
            instansi=instansi, peran=Pegawai.Peran.ADMIN_BKD, is_active=True
        ).first()
        if bkd is None or Jadwal.objects.filter(tahun=tahun).exists():
            return 0
        zona = instansi.zona
        jendela = [
            (
                jadwal_rules.REALISASI,
                "tw1",
                datetime(tahun, 1, 1, tzinfo=zona),
                datetime(tahun, 4, 9, 23, 59, tzinfo=zona),
            ),
            (
                jadwal_rules.PENILAIAN,
                "tw1",
                datetime(tahun, 1, 1, tzinfo=zona),
                datetime(tahun, 4, 9, 23, 59, tzinfo=zona),
            ),
            (
                jadwal_rules.REALISASI,
                "tw4",
                datetime(tahun, 10, 1, tzinfo=zona),
                datetime(tahun, 12, 31, 23, 59, tzinfo=zona),
            ),
            (
                jadwal_rules.REALISASI,
                "final",
                datetime(tahun, 12, 1, tzinfo=zona),
                datetime(tahun, 12, 31, 23, 59, tzinfo=zona),
            ),
            (
                jadwal_rules.PENILAIAN,
                "tw4",
                datetime(tahun, 12, 22, tzinfo=zona),
                datetime(tahun + 1, 1, 2, 23, 59, tzinfo=zona),
            ),
            (
                jadwal_rules.PENILAIAN,
                "final",
                datetime(tahun, 12, 22, tzinfo=zona),
                datetime(tahun + 1, 1, 2, 23, 59, tzinfo=zona),
            ),
        ]
        dibuat = []
        for langkah, kode, mulai, batas in jendela:
            dibuat.append(
                jadwal_services.jadwal_simpan(
                    langkah=langkah, tahun=tahun, kode=kode, mulai=mulai, batas=batas, by=bkd
                )
            )
        bkpsdm = UnitKerja.objects.filter(adalah_opd=True, nama__icontains="KEPEGAWAIAN").first()
        if bkpsdm is not None:
            for jadwal in dibuat[:2]:
                if jadwal.batas < timezone.now():
                    jadwal_services.dispensasi_beri(
                        jadwal=jadwal,
                        by=bkd,
                        unit=bkpsdm,
                        sampai=timezone.now() + timedelta(days=30),
                        alasan="Demo: TW I BKPSDM dibuka kembali untuk mencoba penilaian.",
                    )
        jadwal_services.jadwal_kunci(sekarang=timezone.now())
        return len(dibuat)
