"""Demo SKP for the demo instansi: the Buleleng chain of seed 002 with approved SKP, so
the next steps (penilaian) can be tried at once, and one SKP in every other state.

Built through the services, as a pegawai and penilai would, inside the tenant scope.
Idempotent: a pegawai who already has an SKP for the year is left alone.
"""

from inti.tenancy import tenant_scope
from organisasi.models import Pegawai, UnitKerja
from skp import services
from skp.models import SKP, SasaranPerjanjianKinerja

WAKTU = ("waktu", "Waktu pelaksanaan", 12, "Bulan")

# nip → (status to reach, [(RHK uraian, index of the atasan RHK it intervenes, indikator…)])
RENCANA = [
    # The Pj. Bupati has no atasan inside the instansi: his SKP cascades from the Perjanjian
    # Kinerja and is approved outside the app, so here it stays a draft.
    (
        "196506011992031001",
        "draft",
        [
            (
                "Meningkatnya kualitas tata kelola pemerintahan daerah",
                None,
                [("kuantitas", "Indeks Reformasi Birokrasi", 70, "Nilai"), WAKTU],
            ),
        ],
    ),
    (
        "196707101992031014",
        "disetujui",
        [
            (
                "Meningkatnya akuntabilitas kinerja perangkat daerah",
                0,
                [("kuantitas", "Nilai AKIP Pemerintah Kabupaten", 1, "Laporan"), WAKTU],
            ),
        ],
    ),
    (
        "196703021989011001",
        "disetujui",
        [
            (
                "Terwujudnya Penilaian Kinerja Aparatur dan Promosi",
                0,
                [
                    ("kuantitas", "Persentase ASN yang dinilai kinerjanya tepat waktu", 95, "%"),
                    WAKTU,
                ],
            ),
            (
                "Terwujudnya pengadaan dan pemberhentian ASN sesuai kebutuhan",
                0,
                [("kuantitas", "Jumlah dokumen kebutuhan ASN", 1, "Dokumen"), WAKTU],
            ),
        ],
    ),
    (
        "198703122015031005",
        "disetujui",
        [
            (
                "Tersedianya laporan penilaian kinerja aparatur yang mutakhir",
                0,
                [("kuantitas", "Jumlah laporan penilaian kinerja aparatur", 12, "Laporan"), WAKTU],
            ),
        ],
    ),
    # Seed 002's table, word for word.
    (
        "198905142014022003",
        "disetujui",
        [
            (
                "Tersedianya Laporan Penilaian dan Evaluasi Kinerja Aparatur yang sudah terupdate "
                "pada aplikasi SIASN",
                0,
                [
                    (
                        "kuantitas",
                        "Jumlah Laporan Penilaian dan Evaluasi Kinerja Aparatur yang sudah "
                        "terupdate pada aplikasi SIASN",
                        12,
                        "Laporan",
                    ),
                    WAKTU,
                ],
            ),
            (
                "Tersedianya Laporan Pengelolaan Kinerja pegawai ASN yang terupload pada aplikasi "
                "simpeg",
                0,
                [
                    (
                        "kuantitas",
                        "Jumlah Laporan Pengelolaan Kinerja Pegawai ASN yang terupload pada "
                        "aplikasi simpeg",
                        12,
                        "Laporan",
                    ),
                    WAKTU,
                ],
            ),
        ],
    ),
    (
        "199303082019031007",
        "diajukan",
        [
            (
                "Terlaksananya verifikasi usulan promosi jabatan",
                0,
                [("kuantitas", "Jumlah berkas usulan terverifikasi", 40, "Berkas"), WAKTU],
            ),
        ],
    ),
    (
        "199511232020122012",
        "revisi",
        [
            (
                "Terkelolanya data kinerja pegawai",
                0,
                [("kuantitas", "Jumlah rekap data kinerja", 4, "Rekap")],
            ),
        ],
    ),
    (
        "199207172024212008",
        "draft",
        [
            (
                "Terpeliharanya aplikasi kinerja",
                0,
                [("kuantitas", "Jumlah laporan pemeliharaan aplikasi", 12, "Laporan"), WAKTU],
            ),
        ],
    ),
]


def muat_skp_demo(instansi, tahun: int) -> int:
    """Returns how many SKP were created."""
    dibuat = 0
    with tenant_scope(instansi.pk):
        root = UnitKerja.objects.filter(depth=1).first()
        sasaran, _ = SasaranPerjanjianKinerja.objects.get_or_create(
            instansi=instansi,
            tahun=tahun,
            unit_kerja=root,
            sasaran="Meningkatnya kualitas tata kelola pemerintahan",
            defaults={"indikator": "Indeks Reformasi Birokrasi"},
        )
        skp_per_nip = {}
        for nip, status, daftar_rhk in RENCANA:
            pegawai = Pegawai.objects.filter(nip=nip).first()
            if pegawai is None:
                continue
            ada = SKP.objects.filter(pegawai=pegawai, tahun=tahun).first()
            if ada:
                skp_per_nip[nip] = ada
                continue
            skp = services.skp_buat(pegawai=pegawai, tahun=tahun, by=pegawai)
            skp.dukungan_sumber_daya = "Aplikasi e-Kinerja, anggaran DPA BKPSDM"
            skp.skema_pertanggungjawaban = "Laporan bulanan kepada atasan langsung"
            skp.konsekuensi = "Sesuai ketentuan penilaian kinerja ASN"
            skp.save(
                update_fields=["dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"]
            )
            atasan_rhk = _rhk_atasan(skp)
            for uraian, ke_atasan, indikator in daftar_rhk:
                rhk = services.rhk_simpan(
                    skp=skp,
                    by=pegawai,
                    uraian=uraian,
                    jenis="utama",
                    intervensi=[atasan_rhk[ke_atasan]] if atasan_rhk else [],
                    intervensi_pk=[] if atasan_rhk else [sasaran],
                )
                for aspek, teks, target, satuan in indikator:
                    services.indikator_simpan(
                        rhk=rhk,
                        by=pegawai,
                        aspek=aspek,
                        uraian=teks,
                        target_min=target,
                        satuan=satuan,
                        perspektif="proses_bisnis" if skp.adalah_jpt else "",
                    )
            _jalankan_status(skp, status)
            skp_per_nip[nip] = skp
            dibuat += 1
    return dibuat


def _rhk_atasan(skp):
    from skp.selectors import pilihan_intervensi

    return pilihan_intervensi(skp).rhk


def _jalankan_status(skp, status):
    if status == "draft":
        return
    services.skp_ajukan(skp=skp, by=skp.pegawai)
    skp.refresh_from_db()
    if status == "diajukan":
        return
    if status == "revisi":
        services.skp_kembalikan(
            skp=skp, by=skp.penilai, catatan="Tambahkan indikator waktu pada RHK."
        )
        return
    services.skp_setujui(skp=skp, by=skp.penilai)
