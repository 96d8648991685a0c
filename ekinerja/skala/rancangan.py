"""The shape of a large instansi for `data_skala`, as pure functions (no Django): how many
units of each level and where the pegawai work, who they are (NIP, name, jabatan, kelas),
what their SKP says, how they were rated and how they fill in their progres harian.

Everything is drawn from a `random.Random` the caller seeds, so one kode and size give
the same instansi every time.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from inti.kalender import ROMAWI
from penilaian.rules import DIATAS, DIBAWAH, SESUAI
from tpp.rules import DIKEMBALIKAN, DISETUJUI, DRAFT, HARI_DIAJUKAN

# 1,016 units at 60,000 pegawai; with the two seksi of the sample penilai, 1,018.
UNIT_PER_PEGAWAI = 1016 / 60_000
UNIT_PALING_SEDIKIT = 7  # root, two OPD, a bidang and a seksi in each
PEGAWAI_PALING_SEDIKIT = 100
UNIT_PER_OPD = 25.4  # 40 OPD at 1,016 units
SEKSI_PER_BIDANG = 4
# Where the staff of an OPD work: the OPD itself (sekretariat, fungsional), its bidang,
# its seksi. Seksi of very different sizes, so one is clearly "big".
BAGIAN_STAF = {"opd": 0.05, "bidang": 0.20, "seksi": 0.75}
BAWAHAN_SAMPEL = (10, 30)  # the two extra seksi and their kasi (DOMAIN: Atasan)

# (nama, bobot pegawai, hari kerja). The first is the largest (its admin OPD is the
# sample admin_opd); the second holds the BKD and the two sample seksi, so both exist
# at any size.
OPD = [
    ("DINAS PENDIDIKAN", 8.0, 6),
    ("BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", 1.2, 5),
    ("DINAS KESEHATAN", 5.0, 6),
    ("RUMAH SAKIT UMUM DAERAH", 4.0, 6),
    ("SEKRETARIAT DAERAH", 2.5, 5),
    ("DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", 2.0, 5),
    ("BADAN KEUANGAN DAN ASET DAERAH", 1.6, 5),
    ("BADAN PERENCANAAN PEMBANGUNAN DAERAH", 1.2, 5),
    ("INSPEKTORAT DAERAH", 1.2, 5),
    ("SEKRETARIAT DEWAN PERWAKILAN RAKYAT DAERAH", 1.0, 5),
    ("SATUAN POLISI PAMONG PRAJA", 1.6, 6),
    ("DINAS SOSIAL", 1.0, 5),
    ("DINAS TENAGA KERJA", 0.8, 5),
    ("DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK", 0.8, 5),
    ("DINAS KETAHANAN PANGAN", 0.8, 5),
    ("DINAS LINGKUNGAN HIDUP", 1.4, 6),
    ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", 1.0, 6),
    ("DINAS PEMBERDAYAAN MASYARAKAT DAN DESA", 0.8, 5),
    ("DINAS PENGENDALIAN PENDUDUK DAN KELUARGA BERENCANA", 1.0, 5),
    ("DINAS PERHUBUNGAN", 1.2, 6),
    ("DINAS KOMUNIKASI DAN INFORMATIKA", 0.8, 5),
    ("DINAS KOPERASI DAN USAHA MIKRO", 0.7, 5),
    ("DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU", 0.8, 6),
    ("DINAS KEPEMUDAAN DAN OLAHRAGA", 0.7, 5),
    ("DINAS KEBUDAYAAN", 0.7, 5),
    ("DINAS PARIWISATA", 0.8, 5),
    ("DINAS PERPUSTAKAAN DAN KEARSIPAN", 0.7, 5),
    ("DINAS PERIKANAN", 0.8, 5),
    ("DINAS PERTANIAN", 1.6, 5),
    ("DINAS PERDAGANGAN DAN PERINDUSTRIAN", 0.8, 5),
    ("DINAS PERUMAHAN DAN KAWASAN PERMUKIMAN", 0.8, 5),
    ("BADAN PENDAPATAN DAERAH", 1.0, 5),
    ("BADAN KESATUAN BANGSA DAN POLITIK", 0.6, 5),
    ("BADAN PENANGGULANGAN BENCANA DAERAH", 0.8, 6),
    ("BADAN PENELITIAN DAN PENGEMBANGAN DAERAH", 0.6, 5),
    ("KECAMATAN KOTA", 0.9, 5),
    ("KECAMATAN UTARA", 0.7, 5),
    ("KECAMATAN SELATAN", 0.7, 5),
    ("KECAMATAN TIMUR", 0.7, 5),
    ("KECAMATAN BARAT", 0.7, 5),
]

TOPIK = [
    "PERENCANAAN DAN EVALUASI", "PELAYANAN", "PEMBINAAN", "PENGEMBANGAN", "PENGAWASAN",
    "DATA DAN INFORMASI", "SARANA DAN PRASARANA", "KERJA SAMA", "PEMBERDAYAAN",
    "PENGENDALIAN", "KELEMBAGAAN", "PENGELOLAAN SUMBER DAYA", "PEMANTAUAN", "REGULASI",
    "PENINGKATAN KAPASITAS", "PROMOSI", "PERLINDUNGAN", "PENYULUHAN", "INOVASI",
    "PENGADAAN", "PEMELIHARAAN", "KEUANGAN", "UMUM DAN KEPEGAWAIAN", "PROGRAM",
]  # fmt: skip


@dataclass
class RencanaUnit:
    """One unit of the tree, parents before children (`induk` is an index here)."""

    nama: str
    eselon: str
    tingkat: str  # "instansi", "opd", "bidang", "seksi"
    induk: int | None
    adalah_opd: bool = False
    hari_kerja: int | None = None
    bobot_staf: float = 0.0  # share of the instansi's staff working here


def jumlah_unit(jumlah_pegawai: int) -> int:
    """Units of the regular tree (the two sample seksi come on top)."""
    return max(UNIT_PALING_SEDIKIT, round(jumlah_pegawai * UNIT_PER_PEGAWAI))


def bagi(jumlah: int, bobot: list[float]) -> list[int]:
    """`jumlah` split in proportion to `bobot` (largest remainder): the parts add up."""
    total = sum(bobot)
    if jumlah <= 0 or total <= 0:
        return [0] * len(bobot)
    kuota = [jumlah * b / total for b in bobot]
    hasil = [int(k) for k in kuota]
    sisa = jumlah - sum(hasil)
    for i in sorted(range(len(bobot)), key=lambda i: kuota[i] - hasil[i], reverse=True)[:sisa]:
        hasil[i] += 1
    return hasil


def rencana_unit(jumlah_pegawai: int, rng: random.Random) -> list[RencanaUnit]:
    """The regular tree: root (eselon 00) → OPD → bidang (a sekretariat first) → seksi."""
    total = jumlah_unit(jumlah_pegawai)
    n_opd = max(2, min(len(OPD), round(total / UNIT_PER_OPD)))
    opd = OPD[:n_opd]
    anak_per_opd = [max(2, n) for n in bagi(total - 1 - n_opd, [b for _, b, _ in opd])]
    # max(2, …) may overshoot at tiny sizes; take the excess back from the largest OPD.
    anak_per_opd[0] -= sum(anak_per_opd) - (total - 1 - n_opd)
    unit = [RencanaUnit("PEMERINTAH KABUPATEN", "00", "instansi", None)]
    for (nama_opd, bobot_opd, hari_kerja), n_anak in zip(opd, anak_per_opd, strict=True):
        i_opd = len(unit)
        unit.append(
            RencanaUnit(
                nama_opd,
                "21" if nama_opd.startswith("SEKRETARIAT DAERAH") else "22",
                "opd",
                0,
                adalah_opd=True,
                hari_kerja=hari_kerja,
            )
        )
        n_bidang = max(1, round(n_anak / (SEKSI_PER_BIDANG + 1)))
        n_seksi = n_anak - n_bidang
        bidang, seksi = [], []
        for b in range(n_bidang):
            sekretariat = b == 0 and n_bidang > 1
            bidang.append(len(unit))
            unit.append(
                RencanaUnit(
                    "SEKRETARIAT" if sekretariat else f"BIDANG {TOPIK[b % len(TOPIK)]}",
                    "31" if sekretariat else "32",
                    "bidang",
                    i_opd,
                )
            )
        for s, n in enumerate(bagi(n_seksi, [1.0] * n_bidang)):
            induk = unit[bidang[s]]
            for k in range(n):
                sub = induk.nama == "SEKRETARIAT"
                topik = TOPIK[(k + 3 * s) % len(TOPIK)]
                seksi.append(len(unit))
                unit.append(
                    RencanaUnit(
                        f"{'SUBBAGIAN' if sub else 'SEKSI'} {topik}",
                        "41" if sub else "42",
                        "seksi",
                        bidang[s],
                    )
                )
        # Staff of this OPD, spread over its units; seksi sizes vary three-fold.
        unit[i_opd].bobot_staf = bobot_opd * BAGIAN_STAF["opd"]
        for i in bidang:
            unit[i].bobot_staf = bobot_opd * BAGIAN_STAF["bidang"] / len(bidang)
        bobot_seksi = [rng.uniform(0.5, 1.5) for _ in seksi]
        for i, b in zip(seksi, bobot_seksi, strict=True):
            unit[i].bobot_staf = bobot_opd * BAGIAN_STAF["seksi"] * b / sum(bobot_seksi)
        if not seksi:  # an OPD too small for seksi: its bidang take their share
            for i in bidang:
                unit[i].bobot_staf += bobot_opd * BAGIAN_STAF["seksi"] / len(bidang)
    return unit


# ---- people ---------------------------------------------------------------------------

NAMA_DEPAN = [
    "AGUS", "BUDI", "DEWI", "EKA", "FITRI", "GEDE", "HENDRA", "INDAH", "JOKO", "KADEK",
    "KOMANG", "LESTARI", "MADE", "NYOMAN", "PUTU", "RATNA", "SITI", "TRI", "WAYAN", "YUDI",
    "ANDI", "BAYU", "CITRA", "DIAN", "ENDAH", "FAJAR", "GALIH", "HERU", "IKA", "LUH",
    "MUHAMMAD", "NUR", "RINA", "SRI", "TAUFIK", "WULAN", "YOGA", "ARIF", "DWI", "RUDI",
]  # fmt: skip
NAMA_TENGAH = [
    "ADI", "AYU", "BAGUS", "CAHYA", "DARMA", "EKA", "GUNAWAN", "HARI", "INDRA", "JAYA",
    "KURNIA", "MAHENDRA", "NOVITA", "PRASETYA", "RAHAYU", "SANTOSO", "SETIAWAN", "UTAMA",
    "WIDIA", "WIRA", "", "", "", "",
]  # fmt: skip
NAMA_BELAKANG = [
    "PRATAMA", "SAPUTRA", "WIJAYA", "HIDAYAT", "KUSUMA", "LESTARI", "NUGROHO", "PERMANA",
    "PURNAMA", "RAHMAWATI", "SARI", "SUSANTI", "WIBOWO", "YULIANTI", "ARTAWAN", "SUARDANA",
    "SUPRAPTO", "HANDAYANI", "KURNIAWAN", "MAHARANI", "SULISTYO", "WAHYUNI", "PUTRA", "DEWI",
]  # fmt: skip
GELAR = ["S.E.", "S.Kom.", "S.Sos.", "S.H.", "S.Pd.", "S.T.", "S.K.M.", "A.Md.", "S.IP."]

PELAKSANA = [
    "Pengolah Data dan Informasi", "Penata Layanan Operasional", "Pengadministrasi Perkantoran",
    "Operator Layanan Operasional", "Penelaah Teknis Kebijakan", "Pengelola Layanan Operasional",
]  # fmt: skip
# (jabatan fungsional, jenjang keahlian or keterampilan)
FUNGSIONAL = [
    ("Guru", "ahli"), ("Perawat", "terampil"), ("Bidan", "terampil"),
    ("Analis SDM Aparatur", "ahli"), ("Pranata Komputer", "ahli"), ("Perencana", "ahli"),
    ("Auditor", "ahli"),
    ("Arsiparis", "terampil"), ("Penyuluh Pertanian", "terampil"), ("Dokter", "ahli"),
    ("Analis Kebijakan", "ahli"), ("Pustakawan", "terampil"),
]  # fmt: skip
JENJANG_AHLI = [("ahli_pertama", "Ahli Pertama", 8), ("ahli_muda", "Ahli Muda", 9),
                ("ahli_madya", "Ahli Madya", 11)]  # fmt: skip
JENJANG_TERAMPIL = [("terampil", "Terampil", 6), ("mahir", "Mahir", 7),
                    ("penyelia", "Penyelia", 8)]  # fmt: skip
GOLONGAN_PELAKSANA = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b"]
GOLONGAN_FUNGSIONAL = ["III/a", "III/b", "III/c", "III/d", "IV/a"]
GOLONGAN_PPPK = ["V", "VII", "IX", "X"]


@dataclass
class RencanaOrang:
    """A pegawai before they have an id: what the NIP and the profile say."""

    nama: str
    lahir: date
    jenis_kelamin: str  # "L" / "P"
    jenis_asn: str  # "PNS" / "PPPK"
    tmt: date  # TMT CPNS for a PNS, SPMT for a PPPK
    golongan: str
    jabatan: str
    jenis_jabatan: str
    kelas_jabatan: int
    jenjang: str = ""
    gelar_depan: str = ""
    gelar_belakang: str = ""

    def awalan_nip(self) -> str:
        """The NIP without its 3-digit number: birth date, TMT (PPPK: year + "21"), sex."""
        tmt = f"{self.tmt:%Y}21" if self.jenis_asn == "PPPK" else f"{self.tmt:%Y%m}"
        return f"{self.lahir:%Y%m%d}{tmt}{1 if self.jenis_kelamin == 'L' else 2}"


def nip_unik(orang: RencanaOrang, terpakai: set[str]) -> str:
    """The first free NIP for this birth date, TMT and sex (numbers 001–999); a NIP is
    unique nationally, so `terpakai` holds every NIP already in the database."""
    awalan = orang.awalan_nip()
    for nomor in range(1, 1000):
        nip = f"{awalan}{nomor:03d}"
        if nip not in terpakai:
            terpakai.add(nip)
            return nip
    raise ValueError(f"Tidak ada nomor NIP tersisa untuk {awalan}.")


def _nama(rng: random.Random) -> tuple[str, str]:
    bagian = [rng.choice(NAMA_DEPAN), rng.choice(NAMA_TENGAH), rng.choice(NAMA_BELAKANG)]
    gelar = rng.choice(GELAR) if rng.random() < 0.6 else ""
    return " ".join(b for b in bagian if b), gelar


def _lahir_dan_tmt(rng: random.Random, tahun: int, *, umur: tuple[int, int]) -> tuple[date, date]:
    """A birth date `umur` years before `tahun` and a TMT at 23–32, before `tahun`."""
    lahir = date(tahun - rng.randint(*umur), 1, 1) + timedelta(days=rng.randrange(365))
    tmt_tahun = min(tahun - 1, lahir.year + rng.randint(23, 32))
    return lahir, date(tmt_tahun, rng.randint(1, 12), 1)


_JABATAN_PIMPINAN = {
    # tingkat → (jenis jabatan, kelas, golongan, umur, jabatan)
    "instansi": ("jpt", 17, "IV/d", (52, 57), "Penjabat Bupati"),
    "opd": ("jpt", 14, "IV/c", (46, 56), "Kepala"),
    "bidang": ("administrator", 11, "IV/a", (40, 55), "Kepala"),
    "seksi": ("pengawas", 9, "III/d", (34, 52), "Kepala"),
}


def orang_pimpinan(rng: random.Random, tahun: int, tingkat: str, nama_unit: str) -> RencanaOrang:
    jenis, kelas, golongan, umur, jabatan = _JABATAN_PIMPINAN[tingkat]
    nama, gelar = _nama(rng)
    lahir, tmt = _lahir_dan_tmt(rng, tahun, umur=umur)
    return RencanaOrang(
        nama=nama,
        lahir=lahir,
        jenis_kelamin=rng.choice("LP"),
        jenis_asn="PNS",
        tmt=tmt,
        golongan=golongan,
        jabatan=f"{jabatan} {nama_unit.title()}"[:255],
        jenis_jabatan=jenis,
        kelas_jabatan=kelas,
        gelar_belakang=(f"{gelar or 'S.Sos.'}, M.Si." if tingkat != "seksi" else gelar),
    )


def orang_staf(rng: random.Random, tahun: int) -> RencanaOrang:
    """A staff member: pelaksana or fungsional, PNS or (one in seven) PPPK."""
    nama, gelar = _nama(rng)
    pppk = rng.random() < 0.14
    lahir, tmt = _lahir_dan_tmt(rng, tahun, umur=(24, 56))
    if pppk:
        # PPPK are mostly recent (2021 onwards) and start at their SPMT.
        tmt = date(max(lahir.year + 22, min(tahun - 1, rng.randint(2021, tahun - 1))), 3, 1)
    if pppk or rng.random() < 0.45:
        fungsional, rumpun = rng.choice(FUNGSIONAL)
        kode, label, kelas = rng.choice(JENJANG_AHLI if rumpun == "ahli" else JENJANG_TERAMPIL)
        golongan = rng.choice(GOLONGAN_PPPK if pppk else GOLONGAN_FUNGSIONAL)
        return RencanaOrang(
            nama, lahir, rng.choice("LP"), "PPPK" if pppk else "PNS", tmt, golongan,
            f"{fungsional} {label}", "fungsional", kelas, jenjang=kode, gelar_belakang=gelar,
        )  # fmt: skip
    golongan = rng.choice(GOLONGAN_PELAKSANA)
    kelas = 5 if golongan.startswith("II/") else rng.choice([6, 7])
    return RencanaOrang(
        nama, lahir, rng.choice("LP"), "PNS", tmt, golongan, rng.choice(PELAKSANA),
        "pelaksana", kelas, gelar_belakang=gelar,
    )  # fmt: skip


# ---- SKP ------------------------------------------------------------------------------

_RHK = {
    "instansi": [
        "Meningkatnya kualitas tata kelola pemerintahan daerah",
        "Meningkatnya kualitas pelayanan publik di seluruh perangkat daerah",
        "Meningkatnya akuntabilitas kinerja pemerintah daerah",
        "Terwujudnya pengelolaan keuangan daerah yang tertib dan transparan",
        "Meningkatnya indeks pembangunan manusia",
        "Menurunnya angka kemiskinan daerah",
        "Meningkatnya investasi daerah",
    ],
    "opd": [
        "Meningkatnya kualitas pelayanan publik {unit}",
        "Meningkatnya akuntabilitas kinerja {unit}",
        "Terwujudnya tata kelola keuangan {unit} yang tertib",
        "Meningkatnya kapasitas sumber daya aparatur {unit}",
        "Tercapainya target program prioritas daerah pada {unit}",
        "Meningkatnya kepuasan masyarakat atas layanan {unit}",
        "Terlaksananya reformasi birokrasi di lingkungan {unit}",
    ],
    "bidang": [
        "Terlaksananya program {unit}",
        "Tersusunnya rencana kerja {unit}",
        "Meningkatnya capaian indikator kinerja {unit}",
        "Terkendalinya realisasi anggaran {unit}",
        "Terlaksananya monitoring dan evaluasi {unit}",
        "Tersedianya laporan kinerja {unit}",
        "Terselesaikannya tindak lanjut hasil pemeriksaan {unit}",
    ],
    "seksi": [
        "Terlaksananya kegiatan {unit}",
        "Tersusunnya laporan bulanan {unit}",
        "Terkelolanya data dan informasi {unit}",
        "Terlaksananya pembinaan teknis {unit}",
        "Tersusunnya petunjuk teknis {unit}",
        "Terlaksananya koordinasi lintas sektor {unit}",
        "Terselesaikannya pengaduan masyarakat pada {unit}",
    ],
    "staf": [
        "Tersedianya laporan {topik} yang mutakhir",
        "Terkelolanya data {topik} pada aplikasi",
        "Terlaksananya verifikasi berkas {topik}",
        "Tersusunnya dokumen {topik}",
        "Terlaksananya pelayanan administrasi {topik}",
        "Terarsipkannya dokumen {topik}",
        "Terlaksananya rekapitulasi {topik}",
    ],
}
_TOPIK_STAF = [
    "kepegawaian", "keuangan", "perencanaan", "aset", "pelayanan", "surat masuk dan keluar",
    "kegiatan", "pengadaan", "kinerja", "program", "pengaduan", "perjalanan dinas",
]  # fmt: skip
PERSPEKTIF = ["penerima_layanan", "proses_bisnis", "penguatan_internal", "anggaran"]


@dataclass
class RencanaIndikator:
    aspek: str
    uraian: str
    target: int
    satuan: str
    perspektif: str = ""


@dataclass
class RencanaRHK:
    uraian: str
    utama: bool
    indikator: list[RencanaIndikator] = field(default_factory=list)


def rencana_rhk(rng: random.Random, tingkat: str, nama_unit: str, *, jpt: bool) -> list[RencanaRHK]:
    """About six RHK (five to seven), each with one or two indikator; for one pegawai in
    four the last is a tambahan, which intervenes nothing."""
    pola = rng.sample(_RHK[tingkat], k=rng.choice([5, 6, 6, 7]))
    unit, topik = nama_unit.title(), rng.choice(_TOPIK_STAF)
    tambahan = rng.random() < 0.25
    hasil = []
    for i, teks in enumerate(pola):
        uraian = teks.format(unit=unit, topik=topik)
        pertama = (
            RencanaIndikator("kuantitas", f"Persentase capaian: {uraian.lower()}", 90, "%")
            if tingkat in ("instansi", "opd")
            else RencanaIndikator(
                "kuantitas", f"Jumlah laporan: {uraian.lower()}", rng.choice([4, 12]), "Laporan"
            )
        )
        indikator = [pertama]
        if rng.random() < 0.5:
            indikator.append(
                RencanaIndikator("waktu", "Ketepatan waktu penyelesaian", 12, "Bulan")
                if rng.random() < 0.5
                else RencanaIndikator("kualitas", "Persentase dokumen tanpa revisi", 90, "%")
            )
        if jpt:
            for ind in indikator:
                ind.perspektif = rng.choice(PERSPEKTIF)
        hasil.append(RencanaRHK(uraian, not (tambahan and i == len(pola) - 1), indikator))
    return hasil


def uraian_rencana_aksi(kode: str, rhk: str) -> str:
    return f"Tahapan triwulan {ROMAWI[int(kode[2:]) - 1]}: {rhk[:160]}"


def target_rencana_aksi(target, satuan: str) -> tuple[int, str]:
    """A quarter's share of an indikator's annual target (12 Laporan → 3; 90 % stays)."""
    if satuan == "%":
        return int(target), satuan
    return max(1, int(target) // 4), satuan


# ---- ratings and activity -------------------------------------------------------------

# (hasil kerja, perilaku kerja) → weight. About 84 % Baik, 9 % Sangat Baik, 6.5 % Butuh
# Perbaikan and a handful of Kurang and Sangat Kurang, as a tenant's curve tends to be.
RATING_PERIODE = {
    (SESUAI, SESUAI): 68.0,
    (DIATAS, SESUAI): 8.0,
    (SESUAI, DIATAS): 7.0,
    (DIATAS, DIATAS): 9.0,
    (DIBAWAH, SESUAI): 6.0,
    (DIBAWAH, DIATAS): 0.5,
    (SESUAI, DIBAWAH): 1.0,
    (DIATAS, DIBAWAH): 0.2,
    (DIBAWAH, DIBAWAH): 0.3,
}
_PASANGAN, _BOBOT_PASANGAN = list(RATING_PERIODE), list(RATING_PERIODE.values())


def rating_periode(rng: random.Random) -> tuple[str, str]:
    return rng.choices(_PASANGAN, _BOBOT_PASANGAN)[0]


def rating_bulanan(rng: random.Random, diizinkan: tuple[str, ...]) -> str:
    """A monthly rating among those the aktivitas count allows (tpp.rules)."""
    if DIATAS in diizinkan:
        return rng.choices([DIATAS, SESUAI, DIBAWAH], [30, 65, 5])[0]
    if SESUAI in diizinkan:
        return rng.choices([SESUAI, DIBAWAH], [88, 12])[0]
    return DIBAWAH


# How a pegawai fills the month's progres harian: (share of pegawai, weights of 1, 2 or 3
# aktivitas a day, share of working days left empty). Most fill every day; the count of
# aktivitas spreads around the rating thresholds (40 and 20 a month, tpp.rules), so every
# rating the penilai may give has its share.
KEBIASAAN_PROGRES = [
    (0.30, (20, 50, 30), 0.0),  # ~2.1 a day: 40 and more a month
    (0.50, (55, 35, 10), 0.0),  # ~1.5 a day: around 30
    (0.12, (80, 20, 0), 0.15),  # one a day, some days missed
    (0.08, (85, 15, 0), 0.5),  # only now and then: Dibawah Ekspektasi
]
_BOBOT_KEBIASAAN = [k[0] for k in KEBIASAAN_PROGRES]
# A day's status once filled in (the rest of the days have no row: "belum diisi").
# Last month: mostly approved, some still waiting for the atasan, a few returned or never
# submitted. This month (days whose window is still open): mostly waiting or in draft.
STATUS_PROGRES_LALU = {DISETUJUI: 82, HARI_DIAJUKAN: 8, DIKEMBALIKAN: 4, DRAFT: 6}
STATUS_PROGRES_KINI = {DISETUJUI: 15, HARI_DIAJUKAN: 50, DIKEMBALIKAN: 3, DRAFT: 32}
PERSEN_PROGRES_TERLAMBAT = 0.10  # of the days submitted, sent after their window


def hari_progres(rng: random.Random, hari_kerja: list[date]) -> list[tuple[date, int]]:
    """The working days a pegawai fills in progres harian, each with its number of
    aktivitas (1–3); a habit is drawn per pegawai (KEBIASAAN_PROGRES), and even the
    diligent forget a day now and then. BKN 2026 asks for every working day."""
    _, bobot, kosong = rng.choices(KEBIASAAN_PROGRES, _BOBOT_KEBIASAAN)[0]
    lewat = 0.03 if kosong == 0 else kosong
    return [(h, rng.choices((1, 2, 3), bobot)[0]) for h in hari_kerja if rng.random() >= lewat]


def status_progres(rng: random.Random, bobot: dict, *, ada_atasan: bool) -> tuple[str, bool]:
    """(status of a day filled in, whether it was submitted after its window). Nobody
    decides on the days of a pegawai without an atasan: theirs stay submitted."""
    status = rng.choices(list(bobot), list(bobot.values()))[0]
    if not ada_atasan and status in (DISETUJUI, DIKEMBALIKAN):
        status = HARI_DIAJUKAN
    return status, status != DRAFT and rng.random() < PERSEN_PROGRES_TERLAMBAT


URAIAN_AKTIVITAS = [
    "Menyusun draf {rhk}",
    "Mengolah data untuk {rhk}",
    "Koordinasi dengan atasan terkait {rhk}",
    "Memverifikasi berkas untuk {rhk}",
    "Rapat pembahasan {rhk}",
    "Menginput data pada aplikasi untuk {rhk}",
]
