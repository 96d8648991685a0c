"""Issue 16 (6): property-based fuzzing (Hypothesis) of every form of the app that takes a
POST. Each is posted as its own role, in a world where its valid data is accepted (checked
first, so the table cannot rot unnoticed); then every known-bad value goes into every field
one at a time, and Hypothesis' own values into one or two fields: whatever they are, the
answer is never a 5xx.

Every post meets the world as the valid data met it: its writes are rolled back, the cache
emptied (the login and upload counters) and the cookies restored, so a bad value travels
as deep into the view, the service and the database as a good one would, instead of
stopping at "already submitted". Deterministic (derandomize), so CI sees the same examples
every run. URLs that are not forms (pages read with GET, buttons without a field) are in
BUKAN_FORMULIR with the reason; a test checks every URL of the app is in one list or the
other, so a new form is not left out silently."""

import io
from contextlib import contextmanager
from datetime import date, timedelta
from http.cookies import SimpleCookie
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.messages import constants, get_messages
from django.core.cache import cache
from django.db import transaction
from django.forms import BaseForm
from django.template.base import Template
from django.test.utils import _TestState
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django_scopes import scope
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bantuan import services as bantuan_services
from dokumen import services as dokumen_services
from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from organisasi import aktivasi
from organisasi import services as organisasi_services
from organisasi.impor import KOLOM
from organisasi.models import Aktivasi, Impor, Pegawai, SuratAktivasi
from penilaian import rules as penilaian_rules
from penilaian import services as penilaian_services
from skp import impor as impor_bkn
from skp import services as skp_services
from skp.models import Indikator
from skp.rules import BERAKHLAK, urai_skp_bkn
from tests.bantuan import masuk, segar
from tests.conftest import per_modul
from tests.organisasi.bantuan_impor import KOLOM_RINGKAS, baris_dari, unggah
from tests.organisasi.bantuan_impor import xlsx as xlsx_siasn
from tests.penilaian.conftest import (
    PDF,
    PNG,
    isi_rencana_aksi,
    periode_siap_dinilai,
    semua_indikator,
    semua_rhk,
    skp_disetujui,
)
from tests.skp.conftest import TAHUN, pegawai_baru, rantai_tahun, tambah_rhk
from tests.skp.test_impor_bkn import tabel
from tests.tpp.conftest import ajukan, aktivitas_massal
from tpp.models import AktivitasHarian, ProgresHarian

# The login limits key the cache by the NIP typed; Django warns that memcached would refuse
# such keys. Our caches are Redis and local memory, which take any key.
pytestmark = pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")

# Values that broke forms before: year 1, NaN, overflow, NUL, formulas, bad dates.
NILAI_NAKAL = (
    [
        "", " ", "0", "-1", "-50", "NaN", "Infinity", "1e999", "99999", "32768",
        "99999999999999999999", "0001-01-01", "0001-01-01T00:00", "9999-12-31T23:59",
        "2026-13-45", "2026-02-30", "\x00", "a\x00b", "=HYPERLINK(\"x\")", "<script>",
        "1,5", "1.000.000", "9=NaN", "tanpa_keterangan=-5", "terlambat=1;1e999",
    ]
)  # fmt: skip
NILAI = st.one_of(
    st.sampled_from(NILAI_NAKAL), st.text(max_size=40), st.integers(-(10**20), 10**20).map(str)
)
SANDI = "rahasia-uji-123"  # tests.factories.PegawaiFactory
SANDI_BARU = "Rahasia-Baru-2026"
KODE_AKTIVASI = "ABCD-EFGH-JKMN"
# Hypothesis examples per form, after the sweep of NILAI_NAKAL over every field; fewer
# for the forms in LAMBAT (below), where one post costs 20 ms or more.
CONTOH, CONTOH_LAMBAT = 15, 5


class Berkas(NamedTuple):
    """A file field's value: posted as an upload. `baris`: the workbook's rows, when the
    file is a workbook made from them, and `sel` the cells that each known-bad value is
    written into (Hypothesis changes any cell)."""

    nama: str
    isi: bytes
    baris: list | None = None
    sel: tuple = ()


class Formulir(NamedTuple):
    """A form of the table: who posts it (an attribute of the world; None: not logged in),
    its valid data, and the URL's arguments and query."""

    persona: str | None
    sah: dict
    args: tuple = ()
    query: str = ""


def xlsx(baris) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    buku = Workbook()
    for b in baris:
        # A cell cannot hold control characters: openpyxl refuses to write them.
        buku.active.append(
            [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in b]
        )
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


# Files that break upload handling: empty, not what the name says, cut short, a name with
# NUL, a path, a formula or no extension, longer than a file system takes.
BERKAS_NAKAL = [
    Berkas("kosong.pdf", b""),
    Berkas("kosong.xlsx", b""),
    Berkas("bukan-excel.xlsx", b"NIP;NAMA\r\n1;Budi\r\n"),
    Berkas("rusak.xlsx", b"PK\x03\x04" + b"\x00" * 64),
    Berkas("ekspor.csv", b"\xff\xfe\x00N\x00I\x00P\x00\r\n\x00\x00"),
    Berkas("terpotong.pdf", PDF[:12]),
    Berkas("gambar.xlsx", PNG),
    Berkas("a\x00b.pdf", PDF),
    Berkas("../../../etc/passwd", PDF),
    Berkas("x" * 300 + ".pdf", PDF),
    Berkas('=HYPERLINK("x").xlsx', PDF),
    Berkas("<script>.png", PNG),
    Berkas("tanpa-ekstensi", PDF),
    Berkas("buku-kosong.xlsx", xlsx([])),
]
AWALAN = [b"", PDF[:9], PNG[:8], b"PK\x03\x04", b"\xef\xbb\xbf"]
BERKAS = st.builds(
    Berkas,
    st.one_of(
        st.sampled_from([b.nama for b in BERKAS_NAKAL]),
        st.text(max_size=30),
        st.tuples(st.text(max_size=20), st.sampled_from([".pdf", ".png", ".xlsx", ".csv"])).map(
            "".join
        ),
    ),
    st.tuples(st.sampled_from(AWALAN), st.binary(max_size=300)).map(b"".join),
)
SEL = st.one_of(NILAI, st.integers(), st.floats(), st.none())


def strategi(sah):
    """Hypothesis' values for a field: text for a field, files for a file, and for a
    workbook also the valid one with one to three cells changed."""
    if not isinstance(sah, Berkas):
        return NILAI
    if sah.baris is None:
        return BERKAS
    sel = [(i, j) for i, b in enumerate(sah.baris) for j in range(len(b) + 1)]

    def ubah(perubahan):
        baris = [list(b) for b in sah.baris]
        for (i, j), nilai in perubahan:
            baris[i][j:j + 1] = [nilai]  # fmt: skip
        return sah._replace(isi=xlsx(baris))

    return st.one_of(
        BERKAS,
        st.lists(st.tuples(st.sampled_from(sel), SEL), min_size=1, max_size=3).map(ubah),
    )


def nakal(sah) -> list:
    """The known-bad values of a field."""
    if not isinstance(sah, Berkas):
        return NILAI_NAKAL
    sel = []
    for i, j in sah.sel:
        for nilai in NILAI_NAKAL:
            baris = [list(b) for b in sah.baris]
            baris[i][j] = nilai
            sel.append(sah._replace(isi=xlsx(baris)))
    return BERKAS_NAKAL + sel


# ---- the world ---------------------------------------------------------------------------


def bangun_dunia_formulir(d) -> SimpleNamespace:
    """On top of `dunia` (call it inside Buleleng's scope), what each form needs to accept
    its valid data, all of TAHUN (2025, in the past of the instansi's clock, without a
    jadwal, so no window is locked):
    - the cascade of tests/skp/conftest.py, the kepala a JPT (the indikator form then asks
      for the perspektif) and the staf's SKP approved, with TW I open (rencana aksi), TW II
      submitted with every feedback, TW III rated Sangat Baik (waiting for review) and
      TW IV rated Butuh Perbaikan with a pembinaan and its documents requested;
    - rekan: a colleague of the staf with a draft SKP of one RHK; pengaju: another with an
      SKP submitted to the kabid; kasubbid: in the Subbidang, which nobody leads yet;
    - February's 40 aktivitas of the staf and the month's realisasi submitted to the kabid,
      and ten days of March's aktivitas (a day to copy);
    - a holiday and a sasaran PK to delete, a jadwal to open a dispensasi on, an import of
      SI-ASN waiting for confirmation, signed previews of BKN imports, a superadmin and
      an activation code of the kasubbid;
    - a permintaan bantuan of the staf waiting for the admin OPD, and two FAQ entries."""
    w = SimpleNamespace(**vars(d))
    organisasi_services.pegawai_ubah_profil(
        pegawai=segar(d.kepala), by=segar(d.admin_bkd), jenis_jabatan="jpt"
    )
    w.rantai = rantai_tahun(d)
    w.skp_kepala = w.rantai.skp_kepala
    w.indikator_kepala = Indikator.objects.filter(rhk=w.rantai.rhk_kepala[0]).first()

    w.rekan = pegawai_baru(d, d.bidang, "Rekan PKAP")
    w.skp_rekan = skp_services.skp_buat(pegawai=w.rekan, tahun=TAHUN, by=w.rekan)
    w.rhk_rekan = tambah_rhk(
        w.skp_rekan, w.rekan, "Terlaksananya pelayanan", intervensi=[w.rantai.rhk_kabid]
    )
    w.pengaju = pegawai_baru(d, d.bidang, "Pengaju PKAP")
    w.skp_pengaju = skp_services.skp_buat(pegawai=w.pengaju, tahun=TAHUN, by=w.pengaju)
    tambah_rhk(w.skp_pengaju, w.pengaju, "Terarsipnya berkas", intervensi=[w.rantai.rhk_kabid])
    w.skp_pengaju = skp_services.skp_ajukan(skp=segar(w.skp_pengaju), by=w.pengaju)
    w.kasubbid = pegawai_baru(d, d.subbidang, "Kasubbid Penilaian")

    staf, kabid, bkd = segar(d.staf), segar(d.kabid), segar(d.admin_bkd)
    w.skp_staf = skp_disetujui(d, w.rantai, staf)
    w.rhk_staf = semua_rhk(w.skp_staf)
    w.indikator_staf = semua_indikator(w.skp_staf)
    w.tw1 = penilaian_services.periode_tambah(skp=w.skp_staf, kode="tw1", by=staf)
    w.ra = isi_rencana_aksi(w.tw1, staf)
    w.tw2 = periode_siap_dinilai(w.skp_staf, staf, kabid, kode="tw2")
    w.tw3 = penilaian_services.periode_nilai(
        periode=periode_siap_dinilai(w.skp_staf, staf, kabid, kode="tw3"),
        by=kabid,
        rating_hasil_kerja=penilaian_rules.DIATAS,
        rating_perilaku_kerja=penilaian_rules.DIATAS,
    )
    w.tw4 = penilaian_services.periode_nilai(
        periode=periode_siap_dinilai(w.skp_staf, staf, kabid, kode="tw4"),
        by=kabid,
        rating_hasil_kerja=penilaian_rules.DIBAWAH,
        rating_perilaku_kerja=penilaian_rules.SESUAI,
    )
    w.hari_ini = d.buleleng.hari_ini()
    w.pembinaan = penilaian_services.pembinaan_catat(
        periode=w.tw4,
        by=kabid,
        jenis="coaching",
        rencana="Pendampingan penyusunan laporan",
        tanggal_tindak_lanjut=w.hari_ini + timedelta(days=7),
    )
    w.dokumen = dokumen_services.dokumen_minta(
        periode=w.tw4, by=staf, tanggal=date(TAHUN, 12, 31), lokasi="Singaraja"
    )[0]

    aktivitas_massal(staf, TAHUN, 2, 40)
    ajukan(staf, TAHUN, 2)
    aktivitas_massal(staf, TAHUN, 3, 10)  # 1–10 March, to copy a day of

    w.libur = organisasi_services.hari_libur_tambah(
        instansi=d.buleleng, tanggal=date(TAHUN, 8, 18), nama="Cuti bersama", by=bkd
    )
    w.sasaran_hapus = skp_services.sasaran_pk_tambah(
        instansi=d.buleleng, by=bkd, tahun=TAHUN, unit_kerja=d.bkpsdm, sasaran="Untuk dihapus"
    )
    sekarang = timezone.now()
    w.jadwal = jadwal_services.jadwal_simpan(
        langkah=jadwal_rules.CETAK_TPP,
        tahun=TAHUN,
        kode="b01",
        mulai=sekarang - timedelta(days=400),
        batas=sekarang - timedelta(days=300),
        by=bkd,
    )
    w.sampai = (sekarang + timedelta(days=30)).astimezone(d.buleleng.zona)
    w.isi_siasn = xlsx_siasn(KOLOM_RINGKAS, [baris_dari(staf, NAMA="Staf PKAP Baru")])
    w.impor = unggah(bkd, Impor.Jenis.PEGAWAI, w.isi_siasn)

    w.tabel_rekan, w.tabel_kasubbid = tabel(w.rekan.nip), tabel(w.kasubbid.nip)
    w.isi_bkn_rekan, w.isi_bkn_kasubbid = xlsx(w.tabel_rekan), xlsx(w.tabel_kasubbid)
    w.data_bkn = impor_bkn.tandatangani(
        {
            "skp": w.skp_rekan.pk,
            "jumlah_rhk": 1,
            "rhk": impor_bkn.ke_data(urai_skp_bkn(w.tabel_rekan)),
        }
    )
    w.data_bkn_unit = impor_bkn.tandatangani(
        {
            "tahun": TAHUN + 1,
            "pegawai": [
                {"pegawai": w.kasubbid.pk, "rhk": impor_bkn.ke_data(urai_skp_bkn(w.tabel_kasubbid))}
            ],
        }
    )
    w.superadmin = Pegawai.objects.create_superuser("superadmin", SANDI, nama="Super")
    surat = SuratAktivasi.objects.create(
        instansi=d.buleleng, lingkup="pegawai", pegawai=w.kasubbid, oleh=d.admin_opd
    )
    Aktivasi.objects.create(
        instansi=d.buleleng,
        pegawai=w.kasubbid,
        sidik=aktivasi.sidik_kode(KODE_AKTIVASI),
        berlaku_sampai=sekarang + timedelta(days=30),
        surat=surat,
    )
    w.tiket = bantuan_services.tiket_buat(
        pegawai=staf,
        judul="Atasan tidak muncul",
        kategori="atasan",
        uraian="Nama saya tidak ada di daftar penilaian kabid.",
        dari="/penilaian/",
    )
    # A day of progres harian waiting for the kabid (the grid's decision form).
    AktivitasHarian.objects.create(
        instansi=d.buleleng, pegawai=staf, tanggal=date(TAHUN, 3, 3), uraian="Rapat koordinasi"
    )
    ProgresHarian.objects.create(
        instansi=d.buleleng,
        pegawai=staf,
        tanggal=date(TAHUN, 3, 3),
        status=ProgresHarian.Status.DIAJUKAN,
        diajukan_pada=sekarang,
        diajukan_pertama=sekarang,
    )
    w.faq = [
        bantuan_services.faq_tambah(instansi=d.buleleng, by=bkd, pertanyaan=p, jawaban=j)
        for p, j in [("Pertanyaan pertama?", "Jawaban."), ("Pertanyaan kedua?", "Jawaban.")]
    ]
    return w


@pytest.fixture(scope="module")
def dunia_formulir(dunia_modul, django_db_blocker):
    with django_db_blocker.unblock(), scope(instansi=dunia_modul.buleleng.pk):
        return bangun_dunia_formulir(dunia_modul)


# Built once per module (tests/conftest.py transaksi_modul); each test in its own savepoint.
dunia = per_modul("dunia_formulir")


# ---- the forms ---------------------------------------------------------------------------

# The target and aspek cells of the first indikator in tests/skp/test_impor_bkn.py `tabel`.
SEL_BKN = ((5, 6), (5, 4))


def formulir(w) -> dict[str, Formulir]:
    """'url name' or 'url name#variant': the form. Each example fuzzes one or two fields of
    the valid data and keeps the rest, so a bad value reaches the field's own clean and,
    past it, the service and the database (where overflow and NaN used to end as a 500)."""
    from tests.tpp.test_views import KONFIGURASI_SAH

    periode = f"?tahun={TAHUN}&periode=tw2"
    nip = w.staf.nip  # born, made CPNS and of the sex its digits say
    teks = "Telah dibahas bersama dan disepakati."
    return {
        # ---- organisasi
        "profil_ubah": Formulir("staf", {
            "unit_kerja": str(w.bidang.pk), "jabatan": "Analis SDM Aparatur",
            "jenis_jabatan": "pelaksana", "jenjang": "", "pangkat_golongan": "III/b",
        }),
        "klaim_pimpinan": Formulir("kasubbid", {"status": "plt"}),
        "kelola_unit_tambah": Formulir("admin_opd", {
            "nama": "Seksi Uji", "id_eksternal": "uji-fuzz", "eselon": "42",
            "parent": str(w.bidang.pk), "aktif": "on",
        }),
        "kelola_unit_ubah": Formulir("admin_bkd", {
            "nama": "Subbidang Penilaian Kinerja", "id_eksternal": "fuzz-subbidang",
            "eselon": "42", "parent": str(w.bidang.pk), "adalah_opd": "", "hari_kerja": "5",
            "aktif": "on",
        }, args=[w.subbidang.pk]),
        "kelola_unit_pimpinan": Formulir("admin_opd", {
            "pegawai": str(w.kasubbid.pk), "status": "definitif", "aksi": "",
        }, args=[w.subbidang.pk]),
        "kelola_pegawai_tambah": Formulir("admin_opd", {
            "nip": "198501312010011001", "nama": "Baru", "jenis_asn": "PNS",
            "unit_kerja": str(w.bidang.pk), "jabatan": "Pengadministrasi",
            "jenis_jabatan": "pelaksana", "status": "aktif", "is_active": "on",
            "password": "kata-sandi-awal-9",
        }),
        "kelola_pegawai_ubah": Formulir("admin_bkd", {
            "nama": "Staf PKAP", "gelar_depan": "", "gelar_belakang": "S.E.",
            "jenis_asn": "PNS", "tanggal_lahir": f"{nip[:4]}-{nip[4:6]}-{nip[6:8]}",
            "jenis_kelamin": "L" if nip[14] == "1" else "P",
            "email": "staf@example.org", "unit_kerja": str(w.bidang.pk), "jabatan": "Analis",
            "jenis_jabatan": "fungsional", "jenjang": "ahli_pertama", "kelas_jabatan": "9",
            "pangkat_golongan": "III/a", "tmt_cpns": "2010-01-01", "tmt_pns": "2011-01-01",
            "tanggal_spmt": "2010-01-04", "tmt_jabatan": "2020-01-01", "status": "aktif",
            "peran": "pegawai", "admin_opd": "", "is_active": "on", "password": "",
        }, args=[w.staf.pk]),
        "kelola_pengecualian": Formulir("admin_opd", {
            "jenis": "cltn", "mulai": f"{TAHUN}-04-01", "selesai": f"{TAHUN}-06-30",
            "keterangan": "SK CLTN",
        }, args=[w.staf.pk]),
        "kelola_penugasan": Formulir("admin_bkd", {
            "instansi_asal": str(w.lain.pk), "jenis": "diperbantukan",
            "mulai": f"{TAHUN}-01-01", "selesai": "", "nomor_sk": "800/1/2025",
        }, args=[w.staf.pk]),
        "pengaturan_instansi": Formulir("admin_bkd", {
            "aksi": "pengaturan", "lokasi_cetak": "Singaraja", "periode_bulanan": "",
            "dua_langkah": "opsional", "dua_langkah_peran": ["admin_bkd"], "jendela_progres": "3",
        }),
        "pengaturan_instansi#sso": Formulir("admin_bkd", {
            "aksi": "sso", "issuer": "https://sso.contoh.go.id/realms/asn",
            "client_id": "ekinerja", "client_secret": "rahasia-klien", "klaim_nip": "nip",
            "login_sandi": "on",
        }),
        "pengaturan_instansi#libur": Formulir("admin_bkd", {
            "aksi": "tambah_libur", "tanggal": f"{TAHUN}-12-26", "nama": "Cuti bersama Natal",
        }),
        "pengaturan_instansi#hapus_libur": Formulir("admin_bkd", {
            "aksi": "hapus_libur", "libur": str(w.libur.pk),
        }),
        "instansi_tambah": Formulir("superadmin", {
            "nama": "Pemerintah Kabupaten Uji Fuzz", "kode": "fuzz", "jenis": "kabupaten",
            "zona_waktu": "Asia/Makassar", "lokasi_cetak": "Uji", "aktif": "on",
            "nama_unit_induk": "PEMERINTAH KABUPATEN UJI FUZZ",
            "admin_nip": "198703142010011002", "admin_nama": "Admin Fuzz",
            "admin_password": "kata-sandi-awal-9",
        }),
        "instansi_ubah": Formulir("superadmin", {
            "nama": "Pemerintah Kota Lain", "kode": "lain", "jenis": "kota",
            "zona_waktu": "Asia/Jakarta", "lokasi_cetak": "Lain", "aktif": "on",
        }, args=[w.lain.pk]),
        "impor_daftar": Formulir("admin_bkd", {
            "jenis": "pegawai", "berkas": Berkas("ekspor-siasn.xlsx", w.isi_siasn),
        }),
        "impor_kolom": Formulir("admin_bkd", {
            f: k.judul[0] for f, k in KOLOM[Impor.Jenis.UNIT_KERJA].items()
        }, query="?jenis=unit_kerja"),
        "impor_pilih": Formulir("admin_bkd", {
            f"k:{w.staf.nip}:nama": "berkas", "semua": "lokal", "halaman": "1",
        }, args=[w.impor.pk]),
        # ---- akun
        "login": Formulir(None, {"login": w.staf.nip, "password": SANDI}),
        "login_superadmin": Formulir(None, {"login": "superadmin", "password": SANDI}),
        "aktivasi": Formulir(None, {
            "nip": w.kasubbid.nip, "kode": KODE_AKTIVASI, "kata_sandi": SANDI_BARU,
            "kata_sandi_ulang": SANDI_BARU,
        }),
        "kelola_aktivasi": Formulir("admin_opd", {
            "lingkup": "unit", "nip": "", "unit": str(w.bidang.pk), "hanya_belum_aktif": "on",
        }),
        # django-allauth's page with our form (a link only to a verified address).
        "account_reset_password": Formulir(None, {"email": "staf@example.org"}),
        "password_change": Formulir("staf", {
            "oldpassword": SANDI, "password1": SANDI_BARU, "password2": SANDI_BARU,
        }),
        # ---- jadwal
        "jadwal_daftar": Formulir("admin_bkd", {
            "jadwal-langkah": "penyusunan_skp", "jadwal-kode": "",
            "jadwal-mulai": "2026-01-01T00:00", "jadwal-batas": "2026-01-31T23:59",
            "jadwal-keterangan": "",
        }),
        "jadwal_daftar#bulanan": Formulir("admin_bkd", {
            "bulanan-langkah": "tpp_aktivitas", "bulanan-hari": "10", "bulanan-jam": "23:59",
        }),
        "dispensasi": Formulir("admin_bkd", {
            "nip": w.staf.nip, "unit": "", "sampai": f"{w.sampai:%Y-%m-%dT%H:%M}",
            "alasan": "Sakit saat tenggat",
        }, args=[w.jadwal.pk]),
        # ---- skp
        "skp_buat": Formulir("rekan", {
            "tahun": str(TAHUN + 1), "mulai": "", "selesai": "", "pendekatan": "kuantitatif",
        }),
        "skp_lampiran": Formulir("rekan", {
            "pendekatan": "kuantitatif", "dukungan_sumber_daya": "Anggaran DPA",
            "skema_pertanggungjawaban": "Laporan bulanan", "konsekuensi": "Teguran",
        }, args=[w.skp_rekan.pk]),
        "rhk_tambah": Formulir("rekan", {
            "jenis": "utama", "uraian": "Tersusunnya laporan layanan",
            "intervensi": [str(w.rantai.rhk_kabid.pk)],
        }, args=[w.skp_rekan.pk]),
        "rhk_ubah": Formulir("kepala", {
            "jenis": "utama", "uraian": "Terlaksananya pengembangan kompetensi ASN",
            "intervensi_pk": [str(w.rantai.sasaran.pk)],
        }, args=[w.skp_kepala.pk, w.rantai.rhk_kepala[1].pk]),
        "indikator_tambah": Formulir("rekan", {
            "aspek": "kuantitas", "uraian": "Jumlah laporan layanan", "target_min": "12",
            "target_maks": "", "satuan": "Laporan",
        }, args=[w.skp_rekan.pk, w.rhk_rekan.pk]),
        "indikator_ubah": Formulir("kepala", {
            "aspek": "kualitas", "uraian": "Persentase ASN kompeten", "target_min": "80",
            "target_maks": "90", "satuan": "%", "perspektif": "penerima_layanan",
        }, args=[w.skp_kepala.pk, w.rantai.rhk_kepala[0].pk, w.indikator_kepala.pk]),
        "skp_kembalikan": Formulir("kabid", {
            "catatan": "Lengkapi indikator kualitas.", "dari": "bawahan",
        }, args=[w.skp_pengaju.pk]),
        "perilaku_ekspektasi": Formulir("kabid", {
            f"ekspektasi_{kode}": f"Ekspektasi {nama}" for kode, nama, _ in BERAKHLAK
        }, args=[w.skp_pengaju.pk]),
        "skp_salin": Formulir("rekan", {
            "sumber": str(w.skp_staf.pk),
        }, args=[w.skp_rekan.pk]),
        "skp_mutasi": Formulir("staf", {
            "tmt": f"{TAHUN}-07-01", "unit_kerja": str(w.subbidang.pk),
            "jabatan": "Analis SDM Aparatur", "jenis_jabatan": "pelaksana", "jenjang": "",
        }, args=[w.skp_staf.pk]),
        "perjanjian_kinerja": Formulir("admin_bkd", {
            "tahun": "2026", "unit_kerja": str(w.bkpsdm.pk), "sasaran": "Sasaran",
            "indikator": "",
        }),
        "perjanjian_kinerja#hapus": Formulir("admin_bkd", {"hapus": str(w.sasaran_hapus.pk)}),
        "skp_impor_bkn": Formulir("rekan", {
            "berkas": Berkas("skp-bkn.xlsx", w.isi_bkn_rekan, w.tabel_rekan, SEL_BKN),
        }, args=[w.skp_rekan.pk]),
        "skp_impor_bkn#konfirmasi": Formulir("rekan", {"data": w.data_bkn}, args=[w.skp_rekan.pk]),
        "skp_impor_bkn_unit": Formulir("admin_opd", {
            "berkas": Berkas("skp-unit.xlsx", w.isi_bkn_kasubbid, w.tabel_kasubbid, SEL_BKN),
        }, query=f"?tahun={TAHUN + 1}"),
        "skp_impor_bkn_unit#konfirmasi": Formulir("admin_opd", {"data": w.data_bkn_unit}),
        "dialog_catat": Formulir("staf", {
            "tanggal": f"{TAHUN}-03-03", "topik": "review_progres",
            "pembahasan": "Kemajuan laporan triwulan", "kesepakatan": teks,
            "rhk": [str(w.rhk_staf[0].pk)],
        }, args=[w.skp_staf.pk]),
        # ---- penilaian
        "periode_tambah": Formulir("staf", {"kode": "final"}, args=[w.skp_staf.pk]),
        "rencana_aksi_simpan": Formulir("staf", {
            "ra-rhk": str(w.rhk_staf[0].pk), "ra-uraian": "Menyusun draf laporan",
            "ra-target": "2", "ra-satuan": "Laporan", "rencana_aksi": "",
        }, args=[w.tw1.pk]),
        "realisasi_simpan": Formulir("staf", {
            "rencana_aksi": str(w.ra[0].pk), "realisasi": "Draf selesai.",
            "realisasi_angka": "1",
        }, args=[w.tw1.pk]),
        "bukti_tambah": Formulir("staf", {
            "rencana_aksi": str(w.ra[0].pk), "berkas": Berkas("foto-kegiatan.png", PNG),
            "tautan": "", "keterangan": "Foto kegiatan",
        }, args=[w.tw1.pk]),
        "bukti_tambah#tautan": Formulir("staf", {
            "rencana_aksi": str(w.ra[0].pk), "tautan": "https://drive.example.org/laporan",
            "keterangan": "",
        }, args=[w.tw1.pk]),
        "periode_kembalikan": Formulir("kabid", {
            "kembali-catatan": "Lengkapi bukti dukung.",
        }, args=[w.tw2.pk]),
        # Blank ones are skipped: two written keep each post cheap (each is checked and
        # saved on its own), and a bad value in any field still meets the service.
        "umpan_balik_simpan": Formulir("kabid", {
            **{f"rhk_{r.pk}": "" for r in w.rhk_staf}, f"rhk_{w.rhk_staf[0].pk}": "Tercapai.",
            **{f"perilaku_{kode}": "" for kode, _, _ in BERAKHLAK},
            f"perilaku_{BERAKHLAK[0][0]}": "Konsisten.",
        }, args=[w.tw2.pk]),
        "periode_nilai": Formulir("kabid", {
            "rating_hasil_kerja": "sesuai", "rating_perilaku_kerja": "sesuai",
            "kontribusi": "Menjadi narasumber bimtek e-Kinerja bagi OPD lain.",
        }, args=[w.tw2.pk]),
        "penilaian_massal": Formulir("kabid", {
            f"hasil_{w.tw2.pk}": "sesuai", f"perilaku_{w.tw2.pk}": "diatas",
        }, query=periode),
        "review_putuskan": Formulir("admin_bkd", {
            "keputusan": "kembalikan", "review-catatan": "Bukti belum mendukung.",
            "kembali": "periode",
        }, args=[w.tw3.pk]),
        "diskusi_rhk": Formulir("staf", {
            "indikator": str(w.indikator_staf[0].pk), "rencana_aksi": str(w.ra[0].pk),
            "isi": "Apakah draf cukup sebagai bukti?",
        }, args=[w.rhk_staf[0].pk]),
        "pembinaan_catat": Formulir("kabid", {
            "jenis": "mentoring", "rencana": "Pendampingan mingguan",
            "tanggal_tindak_lanjut": f"{w.hari_ini + timedelta(days=14):%Y-%m-%d}",
        }, args=[w.tw4.pk]),
        "pembinaan_selesai": Formulir("kabid", {"hasil": "Laporan kini tepat waktu."}, args=[
            w.pembinaan.pk
        ]),
        "kurva": Formulir("admin_bkd", {"opd": str(w.bkpsdm.pk), "capaian": "baik"}, query=periode),
        "tindak_lanjut": Formulir("admin_bkd", {
            "pegawai": str(w.staf.pk), "jenis": "pembinaan", "keputusan": "setuju",
            "catatan": "",
        }, query=f"?tahun={TAHUN}&opd={w.bkpsdm.pk}"),
        # ---- dokumen
        "dokumen_periode": Formulir("staf", {
            "tanggal": f"{TAHUN}-12-31", "lokasi": "Singaraja",
        }, args=[w.tw4.pk]),
        "dokumen_pindaian": Formulir("staf", {
            "berkas": Berkas("pindaian.pdf", PDF),
        }, args=[w.dokumen.pk]),
        "verifikasi": Formulir(None, {"berkas": Berkas("dokumen.pdf", PDF)}, args=[w.dokumen.kode]),
        "cetak_massal": Formulir("admin_opd", {"opd": str(w.bkpsdm.pk)}, query=periode),
        # ---- tpp
        "aktivitas": Formulir("staf", {
            "tanggal": "2026-03-02", "uraian": "Menyusun laporan", "rhk": "", "volume": "1",
            "satuan": "Kegiatan", "jam_mulai": "08:00", "jam_selesai": "09:00",
            "tautan_bukti": "", "rencana_aksi": "",
        }),
        "progres_bawahan": Formulir("kabid", {
            "pegawai": str(w.staf.pk), "mulai": f"{TAHUN}-03-02", "selesai": f"{TAHUN}-03-08",
            "keputusan": "dikembalikan", "catatan": "Lengkapi volume kegiatan.",
        }, query=f"?minggu={TAHUN}-03-02"),
        "aktivitas#salin": Formulir("staf", {"salin": f"{TAHUN}-03-11"}),
        "realisasi_bulanan": Formulir("staf", {
            **{f"rhk_{r.pk}": f"Realisasi {r.uraian}" for r in w.rhk_staf}, "realisasi": "",
        }, query=f"?tahun={TAHUN}&bulan=3"),
        "tpp_bawahan": Formulir("kabid", {
            "pegawai": str(w.staf.pk), "rating": "sesuai", "hal": "1",
        }, query=f"?tahun={TAHUN}&bulan=2"),
        "ketidakhadiran": Formulir("admin_opd", {
            "nip": w.staf.nip, "jenis": "cuti_sakit", "mulai": "2026-03-02",
            "selesai": "2026-03-03", "keterangan": "",
        }),
        "tpp_konfigurasi": Formulir("admin_bkd", dict(KONFIGURASI_SAH)),
        # ---- bantuan
        "bantuan_buat": Formulir("rekan", {
            "judul": "SKP tidak bisa diajukan", "kategori": "skp",
            "uraian": "Tombol ajukan tidak muncul.", "dari": "/skp/",
        }),
        "bantuan_detail": Formulir("staf", {"isi": "Unit kerja saya Bidang PKAP."}, args=[
            w.tiket.pk
        ]),
        "bantuan_detail#admin": Formulir("admin_opd", {
            "isi": "Sudah klaim pimpinan?", "lanjut": "menunggu_pegawai",
        }, args=[w.tiket.pk]),
        "bantuan_teruskan": Formulir("admin_opd", {"catatan": "Perlu BKD."}, args=[w.tiket.pk]),
        "faq_kelola": Formulir("admin_bkd", {
            "aksi": "tambah", "pertanyaan": "Pertanyaan baru?", "jawaban": "Jawabannya.",
        }),
        "faq_ubah": Formulir("admin_bkd", {
            "pertanyaan": "Pertanyaan pertama diubah?", "jawaban": "Jawaban baru.",
        }, args=[w.faq[0].pk]),
        "faq_pindah": Formulir("admin_bkd", {"arah": "naik"}, args=[w.faq[1].pk]),
        "akun": Formulir("staf", {"notifikasi_surel": "harian"}),
        "review_antrean": Formulir("admin_bkd", {
            "kode": "tw4", "opd": "", "predikat": "", "persen_sampel": "10",
            "catatan": "Sampel TW IV",
        }, query=f"?tahun={TAHUN}"),
        "bantuan_kontak": Formulir("admin_bkd", {
            "telepon": "0812-3456-7890", "surel": "bkd@bulelengkab.go.id",
            "jam_layanan": "Senin–Jumat 08.00–15.30 WITA", "keterangan": "",
        }),
    }  # fmt: skip


NAMA_FORMULIR = [
    "profil_ubah", "klaim_pimpinan", "kelola_unit_tambah", "kelola_unit_ubah",
    "kelola_unit_pimpinan", "kelola_pegawai_tambah", "kelola_pegawai_ubah", "kelola_pengecualian",
    "kelola_penugasan",
    "pengaturan_instansi", "pengaturan_instansi#sso", "pengaturan_instansi#libur",
    "pengaturan_instansi#hapus_libur", "instansi_tambah", "instansi_ubah", "impor_daftar",
    "impor_kolom", "impor_pilih", "login", "login_superadmin", "aktivasi", "kelola_aktivasi",
    "account_reset_password", "password_change", "jadwal_daftar", "jadwal_daftar#bulanan",
    "dispensasi", "skp_buat", "skp_lampiran", "rhk_tambah", "rhk_ubah", "indikator_tambah",
    "indikator_ubah", "skp_kembalikan", "perilaku_ekspektasi", "skp_salin", "skp_mutasi",
    "perjanjian_kinerja", "perjanjian_kinerja#hapus", "skp_impor_bkn", "skp_impor_bkn#konfirmasi",
    "skp_impor_bkn_unit", "skp_impor_bkn_unit#konfirmasi", "dialog_catat", "periode_tambah",
    "rencana_aksi_simpan", "realisasi_simpan", "bukti_tambah", "bukti_tambah#tautan",
    "periode_kembalikan", "umpan_balik_simpan", "periode_nilai", "penilaian_massal",
    "review_putuskan", "diskusi_rhk", "pembinaan_catat", "pembinaan_selesai", "kurva",
    "tindak_lanjut", "dokumen_periode", "dokumen_pindaian", "verifikasi", "cetak_massal",
    "aktivitas", "aktivitas#salin", "progres_bawahan", "realisasi_bulanan", "tpp_bawahan",
    "ketidakhadiran",
    "tpp_konfigurasi", "bantuan_buat", "bantuan_detail", "bantuan_detail#admin",
    "bantuan_teruskan", "faq_kelola", "faq_ubah", "faq_pindah", "bantuan_kontak", "akun",
    "review_antrean",
]  # fmt: skip

# The forms whose post costs 20 ms or more (a heavy page rendered again with the errors,
# or a service that checks each entry on its own), heaviest first: fewer Hypothesis
# examples, and run first, so that the parallel workers finish together.
LAMBAT = [
    "kelola_pegawai_ubah", "umpan_balik_simpan", "kelola_pegawai_tambah", "kelola_unit_ubah",
    "profil_ubah", "bukti_tambah", "dialog_catat", "rencana_aksi_simpan", "periode_nilai",
    "pembinaan_catat", "kelola_unit_pimpinan", "bukti_tambah#tautan", "realisasi_simpan",
    "penilaian_massal", "dokumen_periode", "skp_salin", "periode_kembalikan",
    "pembinaan_selesai", "dokumen_pindaian", "bantuan_detail#admin", "bantuan_buat",
]  # fmt: skip

# Every other URL of the app, and why it is not fuzzed here.
HALAMAN = "halaman atau unduhan, dibaca dengan GET"
TOMBOL = "tombol tanpa isian: POST tanpa data yang diketik"
SSO = "langkah SSO: pengalihan ke penyedia dan jawabannya (GET), tanpa isian yang diketik"
BUKAN_FORMULIR = {
    "beranda": HALAMAN, "sehat": HALAMAN, "logout": TOMBOL, "notifikasi_buka": HALAMAN,
    "openid_connect_login": SSO, "openid_connect_callback": SSO,
    "profil": HALAMAN, "lepas_pimpinan": TOMBOL, "diagnosa": HALAMAN, "struktur": HALAMAN,
    "cari_unit": HALAMAN, "notifikasi": TOMBOL, "kelola_unit": HALAMAN,
    "kelola_pegawai": HALAMAN, "kelola_dua_langkah_reset": TOMBOL, "impor_contoh": HALAMAN,
    "impor_detail": HALAMAN,
    "impor_konfirmasi": TOMBOL, "impor_batal": TOMBOL, "instansi_daftar": HALAMAN,
    "kelola_aktivasi_unduh": HALAMAN,
    "skp_daftar": HALAMAN, "skp_bawahan": HALAMAN, "mph": HALAMAN, "skp_progres": HALAMAN,
    "skp_detail": HALAMAN, "skp_cetak": HALAMAN, "rhk_hapus": TOMBOL,
    "indikator_hapus": TOMBOL, "skp_ajukan": TOMBOL, "skp_perubahan": TOMBOL,
    "skp_tarik": TOMBOL, "skp_setujui": TOMBOL, "dialog_konfirmasi": TOMBOL,
    "pemantauan": HALAMAN, "penilaian_saya": HALAMAN, "periode_detail": HALAMAN,
    "rencana_aksi_hapus": TOMBOL, "periode_ajukan": TOMBOL, "periode_tarik": TOMBOL,
    "bukti_unduh": HALAMAN, "penilaian_bawahan": HALAMAN, "penugasan_keluar": HALAMAN,
    "penilaian_progres": HALAMAN, "dokumen_unduh": HALAMAN, "dokumen_tandatangani": TOMBOL,
    "cetak_massal_unduh": HALAMAN, "aktivitas_hapus": TOMBOL, "aktivitas_bawahan": HALAMAN,
    "aktivitas_bukti": HALAMAN, "progres_ajukan": TOMBOL, "progres_tarik": TOMBOL,
    "ketidakhadiran_hapus": TOMBOL, "tpp_rekap": TOMBOL,
    "tpp_slip": HALAMAN, "tpp_cetak_bulanan": HALAMAN,
    "bantuan_daftar": HALAMAN, "faq": HALAMAN, "bantuan_selesai": TOMBOL,
    "bantuan_buka": TOMBOL, "faq_hapus": TOMBOL,
}  # fmt: skip


PAKET = {
    "ekinerja", "inti", "organisasi", "jadwal", "skp", "penilaian", "dokumen", "tpp", "bantuan",
}  # fmt: skip


def semua_nama_url(resolver=None) -> set[str]:
    """The names our own urls.py files give (not those of a library's include)."""
    nama = set()
    for p in (resolver or get_resolver()).url_patterns:
        if not isinstance(p, URLResolver):
            nama.add(p.name)
        elif getattr(p.urlconf_module, "__name__", "").split(".")[0] in PAKET:
            nama |= semua_nama_url(p)
    return nama - {None}


def test_every_url_is_fuzzed_or_said_why_not():
    difuzz = {n.split("#")[0] for n in NAMA_FORMULIR}
    assert not difuzz & BUKAN_FORMULIR.keys()
    assert semua_nama_url() - difuzz - BUKAN_FORMULIR.keys() == set()  # a new URL
    assert BUKAN_FORMULIR.keys() - semua_nama_url() == set()  # a URL gone


def test_the_table_is_the_list_of_forms(dunia):
    assert sorted(formulir(dunia)) == sorted(NAMA_FORMULIR)
    assert set(LAMBAT) <= set(NAMA_FORMULIR)


# ---- posting -------------------------------------------------------------------------------


def unggahan(berkas: Berkas):
    """The file as the test client sends it, with whatever name it has (Django's own
    upload classes refuse some names a browser can still send)."""
    isi = io.BytesIO(berkas.isi)
    isi.name = berkas.nama
    return isi


def kirim(client, url, data):
    """Posted as a browser posts the form: multipart with a file, urlencoded without."""
    if any(isinstance(v, Berkas) for v in data.values()):
        return client.post(
            url, {k: unggahan(v) if isinstance(v, Berkas) else v for k, v in data.items()}
        )
    return client.post(
        url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
    )


@contextmanager
def tanpa_bekas(client, *, konteks=False):
    """The post's writes rolled back, the cache emptied and the cookies as before: the next
    post meets the world this one met (and a login or password change is undone).

    `konteks`: the test client records every template rendered with a copy of its context
    (what `galat_di` reads). Only the valid data's check needs it; the thousands of other
    posts go without, which spares a signal and a copy for each widget of each page (a
    tenth of the file's time). Django keeps its own render in its test state."""
    kue = {k: m.value for k, m in client.cookies.items()}
    render = Template._render
    asli = getattr(getattr(_TestState, "saved_data", None), "template_render", render)
    if not konteks:
        Template._render = asli
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        Template._render = render
        cache.clear()
        client.cookies = SimpleCookie(kue)


def pintu() -> set[str]:
    """Where a request that was not let in goes: to log in, or to set up the second factor
    a tenant requires."""
    return {reverse("login"), reverse("mfa_activate_totp")}


def galat_di(response) -> list:
    """The errors a response shows: of the bound forms it rendered, and error messages."""
    galat = []
    for konteks in response.context or []:
        for lapis in getattr(konteks, "dicts", [konteks]):
            for nilai in lapis.values() if isinstance(lapis, dict) else ():
                if isinstance(nilai, BaseForm) and nilai.is_bound and nilai.errors:
                    galat.append(nilai.errors.get_json_data())
    pesan = get_messages(response.wsgi_request)
    return galat + [m.message for m in pesan if m.level == constants.ERROR]


@pytest.mark.parametrize("nama", LAMBAT + [n for n in NAMA_FORMULIR if n not in LAMBAT])
def test_no_generated_input_makes_a_form_answer_5xx(client, dunia, nama):
    persona, sah, args, query = formulir(dunia)[nama]
    contoh = CONTOH_LAMBAT if nama in LAMBAT else CONTOH
    if persona:
        masuk(client, getattr(dunia, persona))
    url = reverse(nama.split("#")[0], args=args) + query

    # The valid data is accepted (else the fuzzing below would only ever meet a refusal),
    # and sent twice, as a double click does, the second meets what the first saved.
    with tanpa_bekas(client, konteks=True):
        response = kirim(client, url, sah)
        assert response.status_code in (200, 302), (url, response.status_code)
        assert not galat_di(response), (url, galat_di(response))
        if persona and response.status_code == 302:  # not sent away before the form
            assert urlsplit(response.url).path not in pintu(), (url, response.url)
        assert kirim(client, url, sah).status_code < 500, url

    # Every known-bad value in every field, one at a time; then Hypothesis' own values.
    for kolom, nilai_sah in sah.items():
        for nilai in nakal(nilai_sah):
            with tanpa_bekas(client):
                response = kirim(client, url, {**sah, kolom: nilai})
                assert response.status_code < 500, (url, kolom, nilai)

    @settings(
        max_examples=contoh,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.lists(st.sampled_from(sorted(sah)), min_size=1, max_size=2, unique=True).flatmap(
            lambda kolom: st.fixed_dictionaries({k: strategi(sah[k]) for k in kolom})
        )
    )
    def acak(diubah):
        with tanpa_bekas(client):
            data = {**sah, **diubah}
            response = kirim(client, url, data)
            assert response.status_code < 500, (url, data)

    acak()
