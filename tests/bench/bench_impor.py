"""Benchmark of the SI-ASN import (organisasi.impor) at the size of a kabupaten: a unit
tree of 1,001 unit kerja, then 20,000 pegawai, each read from an .xlsx and taken through
the services the pages and the Celery tasks call: impor_unggah → impor_periksa (the dry
run) → impor_konfirmasi → impor_terapkan. Requirement: 20,000 rows in under a minute.

Not part of the test run (pyproject: python_files = test_*.py, --ignore=tests/bench);
run it by naming the file, preferably against PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ekinerja_bench \\
        python dev.py test tests/bench/bench_impor.py -p no:cacheprovider -s --create-db

BENCH_PEGAWAI changes the size (default 20000), BENCH_OPD the number of OPD (default 40,
each with 6 bidang of 3 seksi: 1 + 40 × 25 = 1,001 unit), BENCH_MEMORI=0 skips the
memory pass.

The imports, in order:
1. unit kerja: the whole tree, rows shuffled as an export lists them (children before
   their parents);
2. pegawai: every row new, with the SI-ASN columns (18-digit NIPs whose first 8 digits
   are TANGGAL_LAHIR, 15 % PPPK with "21" in the NIP, ~35 % Jabatan Fungsional Tertentu
   whose JABATAN_NAMA carries the jenjang, dates as DD-MM-YYYY text, some e-mail
   addresses in capitals) and some columns the import does not read;
3. the same file again: every row unchanged;
4. the file with 2,000 golongan raised (kenaikan pangkat).
The files are written in openpyxl's write-only mode, as the app's own exports are (inline
strings, no <dimension>; reading one costs about what a normal-mode file does).

Each import is timed in the two parts an admin waits for: the dry run (impor_unggah +
impor_periksa) and the apply (impor_konfirmasi + impor_terapkan, which reads and plans
the file again to see that nothing changed since the dry run). Queries are counted with
CaptureQueriesContext; the time inside the import is split into reading the .xlsx
(baca_berkas), planning (rencana_*) and writing (_terapkan_*). Building the files is
not timed.

The timed runs go without tracemalloc, which slows Python code several times over. The
peak Python memory is measured afterwards: in a savepoint rolled back at the end, the
imported rows are deleted and the four imports run again under tracemalloc (without
query capture, whose SQL strings would count as the import's memory).
"""

import hashlib
import os
import random
import time
import tracemalloc
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from inti.models import Jejak
from inti.tenancy import tenant_scope
from organisasi import impor as impor_svc
from organisasi.models import Impor, Pegawai, UnitKerja
from tests.factories import InstansiFactory, PegawaiFactory
from tests.organisasi.bantuan_impor import xlsx

JUMLAH = int(os.environ.get("BENCH_PEGAWAI", "20000"))
JUMLAH_OPD = int(os.environ.get("BENCH_OPD", "40"))
UKUR_MEMORI = os.environ.get("BENCH_MEMORI", "1") != "0"
BIDANG_PER_OPD = 6
SEKSI_PER_BIDANG = 3
DIUBAH = JUMLAH // 10  # every tenth row gets a higher golongan in the last file
BATAS_DETIK = 60
DOMAIN = "bulelengkab.go.id"

KOLOM_UNIT = ["ID", "NAMA_UNOR", "ESELON_ID", "DIATASAN_ID", "INSTANSI_ID", "NAMA_JABATAN"]
# What the import reads (NIP_BARU … EMAIL) among columns it does not (PNS_ID, NIP_LAMA, …).
KOLOM_PEGAWAI = [
    "PNS_ID", "NIP_BARU", "NIP_LAMA", "NAMA", "GELAR_DEPAN", "GELAR_BELAKANG",
    "TEMPAT_LAHIR_NAMA", "TANGGAL_LAHIR", "JENIS_KELAMIN", "AGAMA_NAMA",
    "JENIS_PEGAWAI_NAMA", "KEDUDUKAN_HUKUM_NAMA", "GOL_AKHIR_NAMA", "TMT_GOLONGAN",
    "JABATAN_NAMA", "JENIS_JABATAN_NAMA", "TMT_JABATAN", "UNOR_ID", "UNOR_NAMA", "TMT_CPNS",
    "TMT_PNS", "EMAIL", "NOMOR_HP",
]  # fmt: skip

OPD = [
    "Dinas Pendidikan, Kepemudaan dan Olahraga", "Dinas Kesehatan", "Dinas Sosial",
    "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Perhubungan", "Dinas Pertanian",
    "Dinas Lingkungan Hidup", "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Komunikasi, Informatika, Persandian dan Statistik", "Dinas Pariwisata",
    "Dinas Perindustrian dan Perdagangan", "Dinas Koperasi, Usaha Kecil dan Menengah",
    "Dinas Penanaman Modal dan PTSP", "Dinas Tenaga Kerja dan Transmigrasi",
    "Dinas Perikanan", "Dinas Kebudayaan", "Dinas Perpustakaan dan Kearsipan",
    "Dinas Ketahanan Pangan", "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Badan Keuangan dan Aset Daerah", "Badan Perencanaan Pembangunan Daerah",
    "Badan Pendapatan Daerah", "Badan Penanggulangan Bencana Daerah",
    "Badan Kesatuan Bangsa dan Politik", "Inspektorat Daerah", "Sekretariat Daerah",
    "Sekretariat DPRD", "Satuan Polisi Pamong Praja", "RSUD Kabupaten",
]  # fmt: skip
BIDANG = ["Sekretariat", "Bidang Perencanaan", "Bidang Pelayanan", "Bidang Pembinaan",
          "Bidang Pengendalian", "Bidang Pengembangan"]  # fmt: skip
SEKSI = ["Subbagian Umum dan Kepegawaian", "Seksi Program", "Seksi Evaluasi"]

NAMA_DEPAN = [
    "I Gede", "I Made", "I Nyoman", "I Ketut", "I Putu", "I Kadek", "Ni Luh", "Ni Made",
    "Ni Nyoman", "Ni Ketut", "Ni Putu", "Ni Kadek", "Agus", "Budi", "Dewi", "Eka",
    "Fitri", "Gusti Ayu", "Hendra", "Indah", "Joko", "Kurniawati", "Lestari", "Made",
    "Nur", "Putri", "Rahmat", "Siti", "Tri", "Wahyu", "Yudi", "Anak Agung",
]  # fmt: skip
NAMA_BELAKANG = [
    "Suardana", "Wirawan", "Astuti", "Santoso", "Pratama", "Wulandari", "Sudarsana",
    "Mahendra", "Purnamasari", "Hidayat", "Saputra", "Widiastuti", "Kusuma", "Permana",
    "Arsana", "Yasa", "Suarjana", "Rahayu", "Setiawan", "Handayani", "Sukerta", "Ariani",
]  # fmt: skip
TEMPAT_LAHIR = ["Singaraja", "Denpasar", "Tabanan", "Gianyar", "Seririt", "Surabaya"]
AGAMA = ["Hindu", "Hindu", "Hindu", "Islam", "Kristen", "Katolik", "Buddha"]
GELAR_DEPAN = ["", "", "", "", "", "", "Dr.", "dr.", "Ir.", "drg.", "Drs."]
GELAR_BELAKANG = ["", "", "S.Pd.", "S.Kom.", "S.E., M.M.", "S.H.", "A.Md.Kep.",
                  "S.Sos., M.Si.", "S.T.", "S.Kep., Ns.", "S.Pd., M.Pd.", "A.Md."]  # fmt: skip
# The golongan a row starts with; the last file raises each to the next one.
GOLONGAN_PNS = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
                "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]  # fmt: skip
GOLONGAN_PPPK = ["V", "VII", "IX", "X", "XI", "XII", "XIII"]
FUNGSIONAL = [
    "Guru", "Guru", "Guru", "Perawat", "Bidan", "Analis Sumber Daya Manusia Aparatur",
    "Pranata Komputer", "Penyuluh Pertanian", "Auditor", "Perencana", "Arsiparis",
    "Pengelola Pengadaan Barang/Jasa", "Pranata Laboratorium Kesehatan", "Apoteker",
]  # fmt: skip
JENJANG_AHLI = ["Ahli Pertama", "Ahli Muda", "Ahli Madya"]
JENJANG_TERAMPIL = ["Terampil", "Mahir", "Penyelia"]
PELAKSANA = ["Pengadministrasi Perkantoran", "Penata Layanan Operasional",
             "Pengolah Data dan Informasi", "Operator Layanan Operasional",
             "Pengelola Layanan Kepegawaian", "Penelaah Teknis Kebijakan"]  # fmt: skip


def _id_unor(n):
    """A 32-character hex id, as SI-ASN's unor ids are."""
    return hashlib.md5(f"bench-impor-unor-{n}".encode()).hexdigest()


def _tgl(d):
    return f"{d:%d-%m-%Y}" if d else ""


# ---- the files --------------------------------------------------------------------------


def _baris_unit(rng):
    """Root → OPD (II.b) → bidang (III.b) → seksi (IV.b). Returns the rows (shuffled, as
    an export lists them) and the ids of the units below the root with their names."""
    nomor = iter(range(10**6))
    akar = _id_unor(next(nomor))
    baris = [[akar, "Pemerintah Kabupaten Bench Impor", "00", "", akar, "Bupati"]]
    unit = []
    for n in range(JUMLAH_OPD):
        nama_opd = OPD[n % len(OPD)] + (f" {n // len(OPD) + 1}" if n >= len(OPD) else "")
        opd = _id_unor(next(nomor))
        baris.append([opd, nama_opd, "22", akar, akar, f"Kepala {nama_opd}"])
        unit.append((opd, nama_opd))
        for b in range(BIDANG_PER_OPD):
            bidang = _id_unor(next(nomor))
            nama_bidang = f"{BIDANG[b]} {nama_opd}"
            baris.append([bidang, nama_bidang, "32", opd, akar, f"Kepala {BIDANG[b]}"])
            unit.append((bidang, nama_bidang))
            for s in range(SEKSI_PER_BIDANG):
                seksi = _id_unor(next(nomor))
                nama_seksi = f"{SEKSI[s]} {BIDANG[b]} {nama_opd}"
                baris.append([seksi, nama_seksi, "42", bidang, akar, f"Kepala {SEKSI[s]}"])
                unit.append((seksi, nama_seksi))
    rng.shuffle(baris)
    return baris, unit


def _jabatan(rng, pppk):
    """(JABATAN_NAMA, JENIS_JABATAN_NAMA)."""
    r = rng.random()
    if r < 0.35 or (pppk and r < 0.7):
        nama = rng.choice(FUNGSIONAL)
        jenjang = rng.choice(JENJANG_AHLI if rng.random() < 0.7 else JENJANG_TERAMPIL)
        return f"{nama} {jenjang}", "Jabatan Fungsional Tertentu"
    if pppk or r < 0.85:
        # Older exports still say "Jabatan Fungsional Umum" for a pelaksana.
        jenis = "Jabatan Pelaksana" if rng.random() < 0.8 else "Jabatan Fungsional Umum"
        return rng.choice(PELAKSANA), jenis
    if r < 0.94:
        return "Kepala Seksi", "Jabatan Pengawas"
    if r < 0.99:
        return "Kepala Bidang", "Jabatan Administrator"
    return "Kepala Dinas", "Jabatan Pimpinan Tinggi Pratama"


def _baris_pegawai(rng, unit):
    """One list of cells per pegawai, in KOLOM_PEGAWAI order; row i is PPPK when
    i % 20 is 3, 7 or 13, so every tenth row (the ones the last file changes) is a PNS."""
    nip_dipakai, baris = set(), []
    for i in range(JUMLAH):
        pppk = i % 20 in (3, 7, 13)
        while True:
            lahir = date(1965, 1, 1) + timedelta(days=rng.randrange(35 * 365))
            jk = rng.choice("12")
            if pppk:
                tmt_tahun, kode_bulan = rng.randint(max(2019, lahir.year + 19), 2024), "21"
            else:
                tmt_tahun = rng.randint(lahir.year + 19, min(lahir.year + 35, 2023))
                kode_bulan = f"{rng.randint(1, 12):02d}"
            nip = f"{lahir:%Y%m%d}{tmt_tahun}{kode_bulan}{jk}{rng.randint(1, 999):03d}"
            if nip not in nip_dipakai:
                nip_dipakai.add(nip)
                break
        if pppk:
            tmt_cpns = tmt_pns = None
            golongan = rng.choice(GOLONGAN_PPPK[:-1])
            tmt_golongan = date(tmt_tahun, rng.randint(1, 6), 1)
        else:
            tmt_cpns = date(tmt_tahun, int(kode_bulan), 1)
            tmt_pns = tmt_cpns.replace(year=tmt_tahun + 1)
            golongan = rng.choice(GOLONGAN_PNS[:-1])
            tmt_golongan = tmt_pns
        jabatan, jenis_jabatan = _jabatan(rng, pppk)
        mulai = tmt_cpns or tmt_golongan
        tmt_jabatan = mulai + timedelta(days=rng.randrange((date(2024, 12, 31) - mulai).days))
        depan, belakang = rng.choice(NAMA_DEPAN), rng.choice(NAMA_BELAKANG)
        nama = f"{depan} {belakang}"
        email = f"{depan.split()[-1]}.{belakang}{i}@{DOMAIN}".lower()
        if i % 7 == 0:
            email = email.upper()
        elif i % 10 == 9:
            email = ""
        id_unor, nama_unor = rng.choice(unit)
        baris.append(
            [
                _id_unor(f"pns-{i}"),
                nip,
                "" if pppk or tmt_tahun >= 2000 else f"{rng.randint(10**8, 10**9 - 1)}",
                nama.upper() if i % 5 == 0 else nama,
                rng.choice(GELAR_DEPAN),
                rng.choice(GELAR_BELAKANG),
                rng.choice(TEMPAT_LAHIR),
                _tgl(lahir),
                "M" if jk == "1" else "F",
                rng.choice(AGAMA),
                "PPPK" if pppk else "PNS",
                "Aktif",
                golongan,
                _tgl(tmt_golongan),
                jabatan,
                jenis_jabatan,
                _tgl(tmt_jabatan),
                id_unor,
                nama_unor,
                _tgl(tmt_cpns),
                _tgl(tmt_pns),
                email,
                f"08{rng.randint(10**9, 10**10 - 1)}",
            ]
        )
    return baris


def _naik_golongan(baris):
    """The same rows with every tenth one a golongan higher."""
    kolom = KOLOM_PEGAWAI.index("GOL_AKHIR_NAMA")
    hasil = []
    for i, b in enumerate(baris):
        b = list(b)
        if i % 10 == 0:
            urutan = GOLONGAN_PPPK if b[KOLOM_PEGAWAI.index("JENIS_PEGAWAI_NAMA")] == "PPPK" else (
                GOLONGAN_PNS)  # fmt: skip
            b[kolom] = urutan[urutan.index(b[kolom]) + 1]
        hasil.append(b)
    return hasil


# ---- running an import ------------------------------------------------------------------


@dataclass
class Hasil:
    impor: Impor
    baris: int
    detik_periksa: float
    detik_terapkan: float
    kueri_periksa: int | None = None
    kueri_terapkan: int | None = None
    rincian_periksa: dict = field(default_factory=dict)
    rincian_terapkan: dict = field(default_factory=dict)
    puncak_periksa: int = 0
    puncak_terapkan: int = 0

    @property
    def total(self):
        return self.detik_periksa + self.detik_terapkan


def _stopwatch(monkeypatch):
    """Time spent in baca_berkas, the plan and the writes, without changing them."""
    waktu = {}

    def ukur(nama, fungsi):
        def terukur(*args, **kwargs):
            mulai = time.perf_counter()
            try:
                return fungsi(*args, **kwargs)
            finally:
                waktu[nama] = waktu.get(nama, 0.0) + time.perf_counter() - mulai

        return terukur

    monkeypatch.setattr(impor_svc, "baca_berkas", ukur("baca", impor_svc.baca_berkas))
    for jenis, fungsi in list(impor_svc._RENCANA.items()):
        monkeypatch.setitem(impor_svc._RENCANA, jenis, ukur("rencana", fungsi))
    for jenis, fungsi in list(impor_svc._TERAPKAN.items()):
        monkeypatch.setitem(impor_svc._TERAPKAN, jenis, ukur("tulis", fungsi))
    return waktu


def _muat(pk):
    # As the Celery tasks load it (organisasi/tasks.py).
    return Impor.objects.filter(pk=pk).select_related("lingkup_opd").first()


def _impor(admin, jenis, isi, nama, baris, waktu, *, memori=False):
    """Dry run then apply, each timed, with its queries counted (or its peak memory)."""
    waktu.clear()
    konteks = nullcontext if memori else lambda: CaptureQueriesContext(connection)
    if memori:
        tracemalloc.start()
    with konteks() as kueri:
        mulai = time.perf_counter()
        impor = impor_svc.impor_unggah(by=admin, jenis=jenis, berkas=SimpleUploadedFile(nama, isi))
        impor = impor_svc.impor_periksa(impor=_muat(impor.pk))
        hasil = Hasil(impor, baris, time.perf_counter() - mulai, 0.0)
    if memori:
        hasil.puncak_periksa = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
    else:
        hasil.kueri_periksa = len(kueri)
    hasil.rincian_periksa = dict(waktu)
    waktu.clear()
    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    with konteks() as kueri:
        mulai = time.perf_counter()
        impor = impor_svc.impor_konfirmasi(impor=impor, by=admin)
        impor = impor_svc.impor_terapkan(impor=_muat(impor.pk), by=admin)
        hasil.detik_terapkan = time.perf_counter() - mulai
    if memori:
        hasil.puncak_terapkan = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        hasil.kueri_terapkan = len(kueri)
    hasil.rincian_terapkan = dict(waktu)
    assert impor.status == Impor.Status.SELESAI, impor.pesan
    hasil.impor = impor
    # CaptureQueriesContext keeps at most connection.queries_limit queries: more would
    # be miscounted.
    assert memori or max(hasil.kueri_periksa, hasil.kueri_terapkan) < connection.queries_limit
    return hasil


def _rincian(waktu, total):
    bagian = [f"{nama} {waktu[nama]:.2f}" for nama in ("baca", "rencana", "tulis") if nama in waktu]
    return ", ".join([*bagian, f"lain {total - sum(waktu.values()):.2f}"])


def _cetak(judul, h):
    j = h.impor.jumlah
    print(
        f"[bench impor] {judul}: {h.baris:,} baris (baru {j['baru']:,}, ubah {j['ubah']:,}, "
        f"konflik {j['konflik']:,}, sama {j['sama']:,}, galat {j['galat']:,})"
    )
    print(
        f"[bench impor]   dry run  {h.detik_periksa:6.2f} s = "
        f"{h.baris / h.detik_periksa:8,.0f} baris/detik, {h.kueri_periksa} kueri "
        f"[{_rincian(h.rincian_periksa, h.detik_periksa)} s]"
    )
    print(
        f"[bench impor]   terapkan {h.detik_terapkan:6.2f} s = "
        f"{h.baris / h.detik_terapkan:8,.0f} baris/detik, {h.kueri_terapkan} kueri "
        f"[{_rincian(h.rincian_terapkan, h.detik_terapkan)} s]"
    )
    print(
        f"[bench impor]   total    {h.total:6.2f} s = {h.baris / h.total:8,.0f} baris/detik, "
        f"{h.kueri_periksa + h.kueri_terapkan} kueri"
    )


def _cetak_memori(judul, h):
    print(
        f"[bench impor]   {judul}: dry run {h.puncak_periksa / 2**20:.1f} MiB "
        f"({h.detik_periksa:.1f} s), terapkan {h.puncak_terapkan / 2**20:.1f} MiB "
        f"({h.detik_terapkan:.1f} s); {max(h.puncak_periksa, h.puncak_terapkan) / h.baris:,.0f}"
        " byte per baris"
    )


def _kosongkan(instansi, admin):
    """Back to an instansi without units or imported pegawai (inside the savepoint)."""
    Pegawai.objects.filter(instansi=instansi).exclude(pk=admin.pk).delete()
    # parent is PROTECT: the leaves first.
    kedalaman = UnitKerja.objects.filter(instansi=instansi).aggregate(d=Max("depth"))["d"]
    for d in range(kedalaman, 0, -1):
        UnitKerja.objects.filter(instansi=instansi, depth=d).delete()


def test_impor_bench(db, monkeypatch):
    instansi = InstansiFactory(kode="bench-impor", nama="Pemerintah Kabupaten Bench Impor")
    with tenant_scope(instansi.pk):
        # Born 1960: outside the NIPs of the file. No unit kerja: not among the imported.
        admin = PegawaiFactory(
            instansi=instansi, nip="196001011985031001", peran="admin_bkd", nama="Admin BKD"
        )
        waktu = _stopwatch(monkeypatch)

        t0 = time.perf_counter()
        rng = random.Random(2026)
        baris_unit, unit = _baris_unit(rng)
        isi_unit = xlsx(KOLOM_UNIT, baris_unit)
        baris_pegawai = _baris_pegawai(rng, unit)
        isi_pegawai = xlsx(KOLOM_PEGAWAI, baris_pegawai)
        isi_naik = xlsx(KOLOM_PEGAWAI, _naik_golongan(baris_pegawai))
        persiapan = time.perf_counter() - t0
        print(
            f"\n[bench impor] {connection.vendor}, {len(baris_unit):,} unit, {JUMLAH:,} pegawai; "
            f"membuat berkas (tidak dihitung) {persiapan:.1f} s: unit {len(isi_unit) / 1024:,.0f}"
            f" KiB, pegawai {len(isi_pegawai) / 1024:,.0f} KiB ({len(KOLOM_PEGAWAI)} kolom)"
        )

        args = [
            ("1 unit kerja", "unit_kerja", isi_unit, "unor.xlsx", len(baris_unit)),
            ("2 pegawai baru", "pegawai", isi_pegawai, "pegawai.xlsx", JUMLAH),
            ("3 berkas sama lagi", "pegawai", isi_pegawai, "pegawai.xlsx", JUMLAH),
            (f"4 {DIUBAH:,} golongan naik", "pegawai", isi_naik, "pegawai-2.xlsx", JUMLAH),
        ]
        hasil = []
        for judul, jenis, isi, nama, baris in args:
            hasil.append(_impor(admin, jenis, isi, nama, baris, waktu))
            _cetak(judul, hasil[-1])
        unit_h, baru, sama, naik = hasil
        print(
            f"[bench impor] syarat: {JUMLAH:,} baris baru dalam {baru.total:.1f} s "
            f"(batas {BATAS_DETIK} s)"
        )

        # What the imports did.
        assert unit_h.impor.jumlah == {"baru": len(baris_unit), "ubah": 0, "konflik": 0,
                                       "sama": 0, "galat": 0, "dibuat": len(baris_unit),
                                       "diubah": 0, "konflik_dari_berkas": 0}  # fmt: skip
        assert UnitKerja.objects.filter(adalah_opd=True).count() == JUMLAH_OPD
        assert not UnitKerja.objects.filter(depth__gt=1, opd=None).exists()
        assert baru.impor.jumlah["baru"] == JUMLAH, baru.impor.rencana["galat"][:3]
        assert Pegawai.objects.filter(instansi=instansi).count() == JUMLAH + 1
        assert sama.impor.jumlah["sama"] == JUMLAH, (
            sama.impor.rencana["ubah"][:3] or sama.impor.rencana["galat"][:3]
        )
        assert (naik.impor.jumlah["ubah"], naik.impor.jumlah["sama"]) == (DIUBAH, JUMLAH - DIUBAH)
        assert naik.impor.jumlah["diubah"] == DIUBAH
        assert Jejak.objects.filter(aksi="pegawai_ubah_impor").count() == DIUBAH
        pertama = Pegawai.objects.get(nip=baris_pegawai[0][1])
        asal = baris_pegawai[0][KOLOM_PEGAWAI.index("GOL_AKHIR_NAMA")]
        assert pertama.pangkat_golongan == GOLONGAN_PNS[GOLONGAN_PNS.index(asal) + 1]
        fungsional = Pegawai.objects.filter(jenis_jabatan="fungsional")
        assert fungsional.exists() and not fungsional.filter(jenjang="").exists()
        assert Pegawai.objects.filter(jenis_asn="PPPK").count() == JUMLAH * 3 // 20

        if not UKUR_MEMORI:
            return
        print("[bench impor] puncak memori Python (tracemalloc, ulang dalam savepoint):")
        with transaction.atomic():
            _kosongkan(instansi, admin)
            for (judul, jenis, isi, nama, baris), h in zip(args, hasil, strict=True):
                m = _impor(admin, jenis, isi, nama, baris, waktu, memori=True)
                assert m.impor.jumlah == h.impor.jumlah
                _cetak_memori(judul, m)
            transaction.set_rollback(True)
