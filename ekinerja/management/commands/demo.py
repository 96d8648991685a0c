"""Load demo data: Kabupaten Buleleng (the unit chain of seed 002) and Kabupaten Sleman.

    python manage.py demo --password RAHASIA

Safe to re-run: rows are looked up by Instansi.kode, UnitKerja (instansi, id_eksternal),
Pegawai.nip and HariLibur (instansi, tanggal) and updated in place, so a second run
restores the declared state (unit kerja, pimpinan, passwords) without duplicating.

Not for a production database: it resets the password of every NIP below, and four of
them are the real officials' NIPs from seed 002. Hence the DEBUG guard.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bantuan.demo import muat_bantuan_demo
from dokumen import tanda_tangan
from inti.tenancy import scopes_disabled, tenant_scope
from organisasi.models import (
    HariLibur,
    Instansi,
    Pegawai,
    Pengecualian,
    StatusPimpinan,
    UnitKerja,
)
from organisasi.rules import urai_nip
from organisasi.services import unit_kerja_buat
from penilaian.demo import muat_jadwal_demo, muat_penilaian_demo
from skp.demo import muat_skp_demo
from tpp.demo import muat_tpp_demo

Peran = Pegawai.Peran
Jabatan = Pegawai.JenisJabatan
Jenjang = Pegawai.Jenjang
Gol = Pegawai.Golongan


@dataclass(frozen=True)
class Unit:
    kunci: str  # how the other rows of this file refer to the unit
    id_eksternal: str
    nama: str
    eselon: str
    induk: str | None = None  # kunci of the parent, listed before its children
    adalah_opd: bool = False
    hari_kerja: int | None = None
    pimpinan: str | None = None  # NIP; None leaves the unit without pimpinan ("-")
    status_pimpinan: str = ""


@dataclass(frozen=True)
class Orang:
    nip: str
    nama: str
    unit: str  # Unit.kunci
    jabatan: str
    jenis_jabatan: str
    golongan: str
    jenjang: str = ""
    gelar_depan: str = ""
    gelar_belakang: str = ""
    peran: str = Peran.PEGAWAI
    admin_opd: str | None = None  # Unit.kunci of the OPD an admin OPD manages
    tanggal_spmt: date | None = None  # set only for a PPPK, whose SKP starts on it


@dataclass(frozen=True)
class PengecualianDemo:
    nip: str
    jenis: str
    mulai: date
    keterangan: str


@dataclass(frozen=True)
class DemoInstansi:
    kode: str
    nama: str
    jenis: str
    zona_waktu: str
    lokasi_cetak: str
    unit: tuple[Unit, ...]
    pegawai: tuple[Orang, ...]
    pengecualian: tuple[PengecualianDemo, ...] = ()
    # Buleleng's local rule (seed 001): a rencana aksi on every RHK each period.
    rencana_aksi_semua_rhk: bool = False


# Libur nasional from the SKB 3 Menteri of each year. Cuti bersama are left out: they
# are leave days charged to the annual cuti, not holidays, and each instansi decides.
LIBUR_NASIONAL = (
    (date(2024, 1, 1), "Tahun Baru 2024 Masehi"),
    (date(2024, 2, 8), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2024, 2, 10), "Tahun Baru Imlek 2575 Kongzili"),
    (date(2024, 3, 11), "Hari Suci Nyepi Tahun Baru Saka 1946"),
    (date(2024, 3, 29), "Wafat Yesus Kristus"),
    (date(2024, 3, 31), "Hari Paskah (Kebangkitan Yesus Kristus)"),
    (date(2024, 4, 10), "Hari Raya Idul Fitri 1445 Hijriah"),
    (date(2024, 4, 11), "Hari Raya Idul Fitri 1445 Hijriah"),
    (date(2024, 5, 1), "Hari Buruh Internasional"),
    (date(2024, 5, 9), "Kenaikan Yesus Kristus"),
    (date(2024, 5, 23), "Hari Raya Waisak 2568 BE"),
    (date(2024, 6, 1), "Hari Lahir Pancasila"),
    (date(2024, 6, 17), "Hari Raya Idul Adha 1445 Hijriah"),
    (date(2024, 7, 7), "Tahun Baru Islam 1446 Hijriah"),
    (date(2024, 8, 17), "Hari Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2024, 9, 16), "Maulid Nabi Muhammad SAW"),
    (date(2024, 12, 25), "Hari Raya Natal"),
    (date(2025, 1, 1), "Tahun Baru 2025 Masehi"),
    (date(2025, 1, 27), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2025, 1, 29), "Tahun Baru Imlek 2576 Kongzili"),
    (date(2025, 3, 29), "Hari Suci Nyepi Tahun Baru Saka 1947"),
    (date(2025, 3, 31), "Hari Raya Idul Fitri 1446 Hijriah"),
    (date(2025, 4, 1), "Hari Raya Idul Fitri 1446 Hijriah"),
    (date(2025, 4, 18), "Wafat Yesus Kristus"),
    (date(2025, 4, 20), "Hari Paskah (Kebangkitan Yesus Kristus)"),
    (date(2025, 5, 1), "Hari Buruh Internasional"),
    (date(2025, 5, 12), "Hari Raya Waisak 2569 BE"),
    (date(2025, 5, 29), "Kenaikan Yesus Kristus"),
    (date(2025, 6, 1), "Hari Lahir Pancasila"),
    (date(2025, 6, 6), "Hari Raya Idul Adha 1446 Hijriah"),
    (date(2025, 6, 27), "Tahun Baru Islam 1447 Hijriah"),
    (date(2025, 8, 17), "Hari Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2025, 9, 5), "Maulid Nabi Muhammad SAW"),
    (date(2025, 12, 25), "Hari Raya Natal"),
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948"),
    (date(2026, 3, 21), "Hari Raya Idul Fitri 1447 Hijriah"),
    (date(2026, 3, 22), "Hari Raya Idul Fitri 1447 Hijriah"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 4, 5), "Hari Paskah (Kebangkitan Yesus Kristus)"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Hari Raya Idul Adha 1447 Hijriah"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "Tahun Baru Islam 1448 Hijriah"),
    (date(2026, 8, 17), "Hari Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 25), "Hari Raya Natal"),
)

# NIPs of the people the login table points at, named once so data and table agree.
NIP_KEPALA_BKPSDM = "196703021989011001"
NIP_KABID_PKAP = "198703122015031005"
NIP_ANALIS_PKAP = "198905142014022003"
NIP_SALAH_UNIT = "198208152009011004"
NIP_PPPK = "199207172024212008"
NIP_ADMIN_OPD_BKPSDM = "199001262015031002"
NIP_ADMIN_BKD_BULELENG = "198606242010011009"
NIP_ADMIN_BKD_SLEMAN = "198709302011011002"
NIP_PEGAWAI_SLEMAN = "199407212019031005"
NIP_SUPERADMIN = "superadmin"

# The tables below keep one row per unit or pegawai, by hand: the formatter would spread
# each row over eight lines and the tree would no longer read as a tree.
# fmt: off

# The first four units and their pimpinan are seed 002's "Struktur Unit Kerja" (the OCR's
# letter o read as zero). The other IDs are invented: md5("buleleng:" + nama), pasted
# as literals so they never change when a name is edited.
BULELENG = DemoInstansi(
    rencana_aksi_semua_rhk=True,
    kode="buleleng",
    nama="Pemerintah Kabupaten Buleleng",
    jenis=Instansi.Jenis.KABUPATEN,
    zona_waktu=Instansi.ZonaWaktu.WITA,
    lokasi_cetak="Buleleng",
    unit=(
        Unit("root", "A8ACA741D9FA3912E040640A040269BB", "PEMERINTAH KABUPATEN BULELENG", "00",
             pimpinan="196506011992031001", status_pimpinan=StatusPimpinan.PJ),
        Unit("sekda", "8ae4828735c6feff0135c7cfc79f4c59", "SEKRETARIAT DAERAH", "21", "root",
             adalah_opd=True,
             pimpinan="196707101992031014", status_pimpinan=StatusPimpinan.DEFINITIF),
        Unit("organisasi", "a148857e955728aac54a253d527b5009", "BAGIAN ORGANISASI", "31",
             "sekda"),
        Unit("bkpsdm", "8ae4828759b32bf70159b583f74630be",
             "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", "22", "sekda",
             adalah_opd=True, hari_kerja=5,
             pimpinan=NIP_KEPALA_BKPSDM, status_pimpinan=StatusPimpinan.PLH),
        Unit("bkpsdm_sekretariat", "f0a548e273b7a6e9ef950cdcb3bddf4f", "SEKRETARIAT", "31",
             "bkpsdm",
             pimpinan="197504182000032004", status_pimpinan=StatusPimpinan.DEFINITIF),
        Unit("bkpsdm_umpeg", "45aef620c22d271aae5ed6a44505b9fa",
             "SUBBAGIAN UMUM DAN KEPEGAWAIAN", "41", "bkpsdm_sekretariat",
             pimpinan="198011092006041011", status_pimpinan=StatusPimpinan.DEFINITIF),
        # Nobody has claimed it: its structure shows "-" and its staff see why on the spot.
        Unit("pengadaan", "c7b424fa76086ec7f4260240cec07509",
             "BIDANG PENGADAAN, PEMBERHENTIAN DAN INFORMASI", "32", "bkpsdm"),
        Unit("pkap", "8ae4828559ebd1cb0159ecdf32e325b4",
             "BIDANG PENILAIAN KINERJA APARATUR DAN PROMOSI", "32", "bkpsdm",
             pimpinan=NIP_KABID_PKAP, status_pimpinan=StatusPimpinan.DEFINITIF),
        Unit("pkap_subbid", "788c481e2ae450b71854bf11c690ed49", "SUBBIDANG PENILAIAN KINERJA",
             "42", "pkap"),
        Unit("dinkes", "3c9ac3883cb2fd2e4f75831937022ef8", "DINAS KESEHATAN", "22", "sekda",
             adalah_opd=True, hari_kerja=6,
             pimpinan="197110121999031006", status_pimpinan=StatusPimpinan.DEFINITIF),
        Unit("dinkes_yankes", "fe9b5cc97617a32679334e7608d1e064", "BIDANG PELAYANAN KESEHATAN",
             "32", "dinkes",
             pimpinan="197809202003122005", status_pimpinan=StatusPimpinan.PLT),
        Unit("dinkes_seksi", "37614581d7d2045030834a6b997e0bec",
             "SEKSI PELAYANAN KESEHATAN PRIMER", "42", "dinkes_yankes"),
        Unit("disdikpora", "3375947c52569f8eaa996ab7bfa8bdce",
             "DINAS PENDIDIKAN, PEMUDA DAN OLAHRAGA", "22", "sekda",
             adalah_opd=True, hari_kerja=5,
             pimpinan="196912251994031008", status_pimpinan=StatusPimpinan.DEFINITIF),
        Unit("disdikpora_sd", "b59ea7951b28f0dd532b714b281b4f7c",
             "BIDANG PEMBINAAN SEKOLAH DASAR", "32", "disdikpora"),
        Unit("bappeda", "950d393cc3ce32005b8d9eb24d07b768",
             "BADAN PERENCANAAN PEMBANGUNAN DAERAH", "22", "sekda", adalah_opd=True),
        Unit("bappeda_bidang", "d0383950d9226c5ff7be3ab2d5ff984a",
             "BIDANG PERENCANAAN DAN EVALUASI PEMBANGUNAN", "32", "bappeda"),
    ),
    pegawai=(
        # Pimpinan named in seed 002.
        Orang("196506011992031001", "KETUT LIHADNYANA", "root", "Penjabat Bupati Buleleng",
              Jabatan.JPT, Gol.IV_D),
        Orang("196707101992031014", "GEDE SUYASA", "sekda",
              "Sekretaris Daerah Kabupaten Buleleng", Jabatan.JPT, Gol.IV_D),
        Orang(NIP_KEPALA_BKPSDM, "GEDE SUGIARTHA WIDIADA", "bkpsdm",
              "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
              Jabatan.JPT, Gol.IV_C),
        Orang(NIP_KABID_PKAP, "I GUSTI KADE RIA PRISAHATNA", "pkap",
              "Kepala Bidang Penilaian Kinerja Aparatur dan Promosi",
              Jabatan.ADMINISTRATOR, Gol.III_D),
        # BKPSDM: sekretariat, where its admin OPD works.
        Orang("197504182000032004", "NI WAYAN SUARNINGSIH", "bkpsdm_sekretariat",
              "Sekretaris Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
              Jabatan.ADMINISTRATOR, Gol.IV_B, gelar_belakang="S.Sos., M.Si."),
        Orang("198011092006041011", "I KETUT ARTAWAN", "bkpsdm_umpeg",
              "Kepala Subbagian Umum dan Kepegawaian", Jabatan.PENGAWAS, Gol.III_D,
              gelar_belakang="S.E."),
        Orang(NIP_ADMIN_OPD_BKPSDM, "PUTU EKA SETIAWAN", "bkpsdm_umpeg",
              "Pengolah Data dan Informasi", Jabatan.PELAKSANA, Gol.III_B,
              gelar_belakang="S.Kom.", peran=Peran.ADMIN_OPD, admin_opd="bkpsdm"),
        # Bidang PKAP: the staff the kabid rates, and the Tim Penilai Kinerja's admin.
        Orang(NIP_ANALIS_PKAP, "NI PUTU AYU SRI WAHYUNI", "pkap",
              "Analis SDM Aparatur Ahli Muda", Jabatan.FUNGSIONAL, Gol.III_C,
              jenjang=Jenjang.AHLI_MUDA, gelar_belakang="S.Psi."),
        Orang("199303082019031007", "I KADEK DWI PUTRA ARSANA", "pkap",
              "Penata Layanan Operasional", Jabatan.PELAKSANA, Gol.III_B,
              gelar_belakang="S.E."),
        Orang("199511232020122012", "KOMANG TRISNA DEWI", "pkap",
              "Pengolah Data dan Informasi", Jabatan.PELAKSANA, Gol.II_C,
              gelar_belakang="A.Md."),
        Orang(NIP_PPPK, "NI LUH GEDE ARI SUSANTI", "pkap", "Pranata Komputer Ahli Pertama",
              Jabatan.FUNGSIONAL, Gol.PPPK_IX, jenjang=Jenjang.AHLI_PERTAMA,
              gelar_belakang="S.Kom.", tanggal_spmt=date(2024, 3, 1)),
        Orang(NIP_ADMIN_BKD_BULELENG, "I MADE DARMA PUTRA", "pkap",
              "Penelaah Teknis Kebijakan", Jabatan.PELAKSANA, Gol.III_C,
              gelar_belakang="S.Sos.", peran=Peran.ADMIN_BKD),
        # Works in Bidang PKAP but chose the whole Badan: the commonest support ticket.
        Orang(NIP_SALAH_UNIT, "I WAYAN SUDARMA", "bkpsdm", "Pengadministrasi Perkantoran",
              Jabatan.PELAKSANA, Gol.III_B),
        # Staff of a bidang nobody leads yet: has no atasan until someone claims it.
        Orang("199106302018022001", "NI KOMANG WIDIANTARI", "pengadaan",
              "Analis SDM Aparatur Ahli Pertama", Jabatan.FUNGSIONAL, Gol.III_B,
              jenjang=Jenjang.AHLI_PERTAMA, gelar_belakang="S.H."),
        # Dinas Kesehatan: a second OPD, six working days, its own admin OPD.
        Orang("197110121999031006", "I GEDE PUTU SUDARSANA", "dinkes",
              "Kepala Dinas Kesehatan", Jabatan.JPT, Gol.IV_C,
              gelar_depan="dr.", gelar_belakang="M.Kes."),
        Orang("197809202003122005", "NI MADE SUASTINI", "dinkes_yankes",
              "Kepala Bidang Pelayanan Kesehatan", Jabatan.ADMINISTRATOR, Gol.IV_A,
              gelar_belakang="S.K.M., M.Kes."),
        Orang("199204052019031010", "I KOMANG ADI WIRAWAN", "dinkes_yankes",
              "Administrator Kesehatan Ahli Pertama", Jabatan.FUNGSIONAL, Gol.III_B,
              jenjang=Jenjang.AHLI_PERTAMA, gelar_belakang="S.K.M."),
        Orang("199608112020122004", "NI KADEK AYU PRATIWI", "dinkes_yankes",
              "Pengadministrasi Perkantoran", Jabatan.PELAKSANA, Gol.II_C,
              gelar_belakang="A.Md.Kes."),
        Orang("198812032011011003", "GEDE ARYA SANJAYA", "dinkes_yankes",
              "Pranata Komputer Ahli Muda", Jabatan.FUNGSIONAL, Gol.III_D,
              jenjang=Jenjang.AHLI_MUDA, gelar_belakang="S.Kom.",
              peran=Peran.ADMIN_OPD, admin_opd="dinkes"),
        Orang("199002192015032006", "NI WAYAN SRI LESTARI", "dinkes_yankes",
              "Apoteker Ahli Pertama", Jabatan.FUNGSIONAL, Gol.III_B,
              jenjang=Jenjang.AHLI_PERTAMA, gelar_belakang="S.Farm., Apt."),
        Orang("196912251994031008", "I NYOMAN SUPRAPTA", "disdikpora",
              "Kepala Dinas Pendidikan, Pemuda dan Olahraga", Jabatan.JPT, Gol.IV_C,
              gelar_belakang="S.Pd., M.Pd."),
    ),
    pengecualian=(
        PengecualianDemo("199002192015032006", Pengecualian.Jenis.CLTN, date(2026, 1, 1),
                         "Mendampingi suami tugas belajar di luar negeri"),
    ),
)

# Sleman: a second tenant in another time zone, so tenant isolation can be tried by hand.
# IDs are md5("sleman:" + nama).
SLEMAN = DemoInstansi(
    kode="sleman",
    nama="Pemerintah Kabupaten Sleman",
    jenis=Instansi.Jenis.KABUPATEN,
    zona_waktu=Instansi.ZonaWaktu.WIB,
    lokasi_cetak="Sleman",
    unit=(
        Unit("root", "0d32928c8c9c71be717d88b0d2c8ad1d", "PEMERINTAH KABUPATEN SLEMAN", "00",
             pimpinan="196803141993031009", status_pimpinan=StatusPimpinan.PJ),
        Unit("sekda", "a08ff03750582435c261f668023be866", "SEKRETARIAT DAERAH", "21", "root",
             adalah_opd=True,
             pimpinan="197002281995031003", status_pimpinan=StatusPimpinan.DEFINITIF),
        Unit("bkpsdm", "6ba4809251b29141fe7f80d3bd03cfc6",
             "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA", "22", "sekda",
             adalah_opd=True, hari_kerja=5,
             pimpinan="197306171998032002", status_pimpinan=StatusPimpinan.DEFINITIF),
        Unit("pkp", "caea21fbf2c862f939f3cecd6249991c",
             "BIDANG PENILAIAN KINERJA DAN PENGHARGAAN", "32", "bkpsdm",
             pimpinan="198104092005011004", status_pimpinan=StatusPimpinan.DEFINITIF),
    ),
    pegawai=(
        Orang("196803141993031009", "BAMBANG SUPRIYADI", "root", "Penjabat Bupati Sleman",
              Jabatan.JPT, Gol.IV_D, gelar_belakang="S.H., M.M."),
        Orang("197002281995031003", "HERU SAPTONO", "sekda",
              "Sekretaris Daerah Kabupaten Sleman", Jabatan.JPT, Gol.IV_D,
              gelar_belakang="S.H., M.M."),
        Orang("197306171998032002", "ENDAH SUSILOWATI", "bkpsdm",
              "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
              Jabatan.JPT, Gol.IV_C, gelar_belakang="S.Sos., M.Si."),
        Orang("198104092005011004", "AGUS PRASETYO", "pkp",
              "Kepala Bidang Penilaian Kinerja dan Penghargaan", Jabatan.ADMINISTRATOR,
              Gol.IV_A, gelar_belakang="S.IP., M.Si."),
        Orang("199010052015032001", "DWI RAHAYUNINGSIH", "pkp",
              "Analis SDM Aparatur Ahli Muda", Jabatan.FUNGSIONAL, Gol.III_C,
              jenjang=Jenjang.AHLI_MUDA, gelar_belakang="S.Psi."),
        Orang(NIP_PEGAWAI_SLEMAN, "BAYU AJI NUGROHO", "pkp", "Penata Layanan Operasional",
              Jabatan.PELAKSANA, Gol.III_B, gelar_belakang="S.E."),
        Orang("199712022020122008", "SITI NURHAYATI", "pkp", "Pengolah Data dan Informasi",
              Jabatan.PELAKSANA, Gol.II_C, gelar_belakang="A.Md."),
        Orang(NIP_ADMIN_BKD_SLEMAN, "YUDHI KURNIAWAN", "pkp", "Pranata Komputer Ahli Muda",
              Jabatan.FUNGSIONAL, Gol.III_D, jenjang=Jenjang.AHLI_MUDA,
              gelar_belakang="S.Kom.", peran=Peran.ADMIN_BKD),
    ),
)
# fmt: on

DEMO = (BULELENG, SLEMAN)

# The logins a newcomer should try, in the order worth trying them.
LOGIN_DEMO = (
    ("Superadmin", NIP_SUPERADMIN),
    ("Admin BKD / Tim Penilai Kinerja", NIP_ADMIN_BKD_BULELENG),
    ("Admin OPD BKPSDM", NIP_ADMIN_OPD_BKPSDM),
    ("Penilai: Kepala BKPSDM (Plh.)", NIP_KEPALA_BKPSDM),
    ("Penilai: Kabid PKAP", NIP_KABID_PKAP),
    ("Pegawai Bidang PKAP", NIP_ANALIS_PKAP),
    ("Pegawai salah pilih unit kerja", NIP_SALAH_UNIT),
    ("Pegawai PPPK", NIP_PPPK),
    ("Admin BKD Sleman", NIP_ADMIN_BKD_SLEMAN),
    ("Pegawai Sleman", NIP_PEGAWAI_SLEMAN),
)


class Command(BaseCommand):
    help = "Muat data demo (Kab. Buleleng dan Kab. Sleman). Aman dijalankan berulang."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Kata sandi untuk semua akun demo.")
        parser.add_argument(
            "--paksa",
            action="store_true",
            help="Jalankan juga bila DEBUG=False (hanya untuk server demo).",
        )

    def handle(self, *args, password, paksa, **options):
        if not password.strip():
            raise CommandError("Kata sandi demo tidak boleh kosong.")
        if not settings.DEBUG and not paksa:
            raise CommandError(
                "DEBUG=False: ini tampaknya server produksi. Data demo mengganti kata sandi "
                "dan pimpinan unit untuk NIP demo (termasuk NIP nyata dari seed 002). "
                "Tambahkan --paksa bila server ini memang server demo."
            )
        with scopes_disabled():
            with transaction.atomic():
                _muat_superadmin(password)
                for demo in DEMO:
                    ringkasan = _muat_instansi(demo, password)
                    self.stdout.write(f"{demo.nama}: {ringkasan}")
                buleleng = Instansi.objects.get(kode=BULELENG.kode)
                tahun = buleleng.hari_ini().year
                jumlah = muat_skp_demo(buleleng, tahun)
                self.stdout.write(f"SKP {tahun} demo Buleleng: {jumlah} dibuat")
                jumlah = muat_penilaian_demo(buleleng, tahun)
                self.stdout.write(f"Triwulan I {tahun} demo Buleleng: {jumlah} dibuat")
                jumlah = muat_jadwal_demo(buleleng, tahun)
                self.stdout.write(f"Jadwal {tahun} demo Buleleng: {jumlah} dibuat")
                jumlah = muat_tpp_demo(buleleng, buleleng.hari_ini())
                self.stdout.write(f"TPP bulan ini demo Buleleng: {jumlah} pegawai dihitung")
                jumlah = muat_bantuan_demo(
                    buleleng, nip_salah_unit=NIP_SALAH_UNIT, nip_pppk=NIP_PPPK
                )
                self.stdout.write(
                    f"Bantuan demo Buleleng: pertanyaan umum, kontak, {jumlah} permintaan dibuat"
                )
                for demo in DEMO:
                    # Self-signed: enough to try signing; a real instansi installs its own.
                    if not tanda_tangan.sertifikat_tersedia(demo.kode):
                        tanda_tangan.buat_sertifikat_sendiri(demo.kode, demo.nama)
                        self.stdout.write(f"Sertifikat uji tanda tangan {demo.nama} dibuat")
            self.stdout.write("")
            self.stdout.write(_tabel_login())


def _muat_instansi(demo: DemoInstansi, password: str) -> str:
    instansi, _ = Instansi.objects.update_or_create(
        kode=demo.kode,
        defaults={
            "nama": demo.nama,
            "jenis": demo.jenis,
            "zona_waktu": demo.zona_waktu,
            "lokasi_cetak": demo.lokasi_cetak,
            "aktif": True,
        },
    )
    bawaan = {
        # A newcomer tries the admin pages without an authenticator app; production's
        # default for a tenant that has not chosen is two-factor required for admins.
        "dua_langkah": "opsional",
        "rencana_aksi_semua_rhk": demo.rencana_aksi_semua_rhk,
    }
    if bawaan.keys() - instansi.pengaturan.keys():
        instansi.pengaturan = {**bawaan, **instansi.pengaturan}
        instansi.save(update_fields=["pengaturan"])
    for tanggal, nama in LIBUR_NASIONAL:
        HariLibur.objects.update_or_create(
            instansi=instansi, tanggal=tanggal, defaults={"nama": nama}
        )

    unit_per_kunci: dict[str, UnitKerja] = {}
    for unit in demo.unit:
        induk = unit_per_kunci[unit.induk] if unit.induk else None
        unit_per_kunci[unit.kunci] = _simpan_unit(instansi, unit, induk)

    pegawai_per_nip = {
        orang.nip: _simpan_pegawai(instansi, orang, unit_per_kunci, password)
        for orang in demo.pegawai
    }

    # Pegawai first, pimpinan after: the unit points at the pegawai and vice versa.
    for unit in demo.unit:
        _tetapkan_pimpinan(
            unit_per_kunci[unit.kunci],
            pegawai_per_nip[unit.pimpinan] if unit.pimpinan else None,
            unit.status_pimpinan,
        )

    for p in demo.pengecualian:
        Pengecualian.objects.update_or_create(
            instansi=instansi,
            pegawai=pegawai_per_nip[p.nip],
            jenis=p.jenis,
            mulai=p.mulai,
            defaults={"selesai": None, "keterangan": p.keterangan},
        )
    return (
        f"{len(demo.unit)} unit kerja, {len(demo.pegawai)} pegawai, "
        f"{len(LIBUR_NASIONAL)} hari libur"
    )


def _simpan_unit(instansi: Instansi, unit: Unit, induk: UnitKerja | None) -> UnitKerja:
    ada = UnitKerja.objects.filter(instansi=instansi, id_eksternal=unit.id_eksternal).first()
    if ada is None:
        # The service finds siblings and the subtree by path alone and relies on the
        # tenant scope to stay inside this instansi; scopes_disabled would let it see
        # (and renumber the OPD of) another instansi's units with the same path.
        with tenant_scope(instansi.pk):
            return unit_kerja_buat(
                instansi=instansi,
                parent=induk,
                nama=unit.nama,
                eselon=unit.eselon,
                id_eksternal=unit.id_eksternal,
                adalah_opd=unit.adalah_opd,
                hari_kerja=unit.hari_kerja,
            )
    # Parent and adalah_opd are left alone on purpose: changing them moves a subtree and
    # recomputes OPD links, which is unit_kerja_ubah's job, not a demo loader's.
    UnitKerja.objects.filter(pk=ada.pk).update(
        nama=unit.nama, eselon=unit.eselon, hari_kerja=unit.hari_kerja, aktif=True
    )
    return ada


def _simpan_pegawai(
    instansi: Instansi, orang: Orang, unit_per_kunci: dict[str, UnitKerja], password: str
) -> Pegawai:
    pppk = orang.tanggal_spmt is not None
    try:
        nip = urai_nip(orang.nip, pppk=pppk)
    except ValueError as e:
        raise CommandError(f"NIP demo {orang.nip} tidak sah: {e}") from None
    # Birth date, sex and TMT CPNS are read from the NIP so the profile cannot contradict it.
    tmt_cpns = None if pppk else date(nip.tmt_tahun, nip.tmt_bulan, 1)
    data = {
        "instansi": instansi,
        "nama": orang.nama,
        "gelar_depan": orang.gelar_depan,
        "gelar_belakang": orang.gelar_belakang,
        "jenis_asn": Pegawai.JenisAsn.PPPK if pppk else Pegawai.JenisAsn.PNS,
        "tanggal_lahir": nip.tanggal_lahir,
        "jenis_kelamin": "L" if nip.jenis_kelamin == 1 else "P",
        "pangkat_golongan": orang.golongan,
        "jabatan": orang.jabatan,
        "jenis_jabatan": orang.jenis_jabatan,
        "jenjang": orang.jenjang,
        "unit_kerja": unit_per_kunci[orang.unit],
        "tmt_cpns": tmt_cpns,
        # A CPNS serves a year's probation before the TMT PNS.
        "tmt_pns": tmt_cpns.replace(year=tmt_cpns.year + 1) if tmt_cpns else None,
        "tanggal_spmt": orang.tanggal_spmt,
        "status": Pegawai.Status.AKTIF,
        "peran": orang.peran,
        "admin_opd": unit_per_kunci[orang.admin_opd] if orang.admin_opd else None,
        "is_active": True,
    }
    return _simpan_akun(orang.nip, data, password)


def _muat_superadmin(password: str) -> Pegawai:
    # The one account without an instansi (model constraint); it manages tenants only.
    return _simpan_akun(
        NIP_SUPERADMIN,
        {"nama": "Superadmin", "peran": Peran.SUPERADMIN, "instansi": None, "is_active": True},
        password,
    )


def _simpan_akun(nip: str, data: dict, password: str) -> Pegawai:
    pegawai = Pegawai.objects.filter(nip=nip).first() or Pegawai(nip=nip)
    for field, nilai in data.items():
        setattr(pegawai, field, nilai)
    pegawai.set_password(password)
    try:
        pegawai.full_clean()
    except ValidationError as e:
        raise CommandError(f"Data demo untuk {nip} tidak sah: {e.message_dict}") from None
    pegawai.save()
    return pegawai


def _tetapkan_pimpinan(unit: UnitKerja, pimpinan: Pegawai | None, status: str):
    """Restore the declared pimpinan, also undoing claims made while trying the demo."""
    if pimpinan is not None:
        # pimpinan is one-to-one: free any other unit this pegawai still leads first.
        UnitKerja.objects.filter(pimpinan=pimpinan).exclude(pk=unit.pk).update(
            pimpinan=None, status_pimpinan=""
        )
    UnitKerja.objects.filter(pk=unit.pk).update(
        pimpinan=pimpinan, status_pimpinan=status if pimpinan else ""
    )


def _tabel_login() -> str:
    pegawai_per_nip = Pegawai.objects.select_related("unit_kerja", "instansi").in_bulk(
        [nip for _, nip in LOGIN_DEMO], field_name="nip"
    )
    baris = [("Peran", "NIP", "Nama", "Unit kerja / instansi")]
    for peran, nip in LOGIN_DEMO:
        pegawai = pegawai_per_nip[nip]
        if pegawai.instansi is None:
            tempat = "- (mengelola semua instansi)"
        else:
            unit = pegawai.unit_kerja.nama if pegawai.unit_kerja else "-"
            tempat = f"{unit} ({pegawai.instansi.kode})"
        baris.append((peran, nip, pegawai.nama_lengkap, tempat))
    lebar = [max(len(b[i]) for b in baris) for i in range(4)]
    garis = [" | ".join(kolom.ljust(lebar[i]) for i, kolom in enumerate(b)).rstrip() for b in baris]
    garis.insert(1, "-+-".join("-" * n for n in lebar))
    garis.append("")
    # The password itself is not echoed: this output ends up in shell history and CI logs.
    garis.append("Semua akun di atas memakai kata sandi yang diberikan pada --password.")
    return "\n".join(garis)
