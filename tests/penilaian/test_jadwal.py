"""Jadwal and locks (DOMAIN: Jadwal and locks): windows per step in the tenant's zone,
checked on every write, dispensasi, the lock job, reminders, and the jadwal pages.

Time is steered through the data, never by patching the clock (neither time_machine nor
freezegun is installed): the rules, the selector and the jobs take `sekarang`; the write
services read `timezone.now()`, so their tests put the jadwal's batas one second before
or a minute after now.

Personas come from tests.conftest `dunia` (Buleleng in WITA, Lain in WIB). Every fixture
here is prefixed `j_` so it cannot clash with tests/penilaian/conftest.py.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from inti.models import Jejak
from inti.tenancy import tenant_scope
from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from jadwal import tasks
from jadwal.models import Dispensasi, Jadwal
from jadwal.rules import (
    BELUM_DIBUKA,
    DISPENSASI,
    PENILAIAN,
    PENYUSUNAN_SKP,
    REALISASI,
    TERBUKA,
    TERKUNCI,
)
from jadwal.selectors import status_jadwal
from organisasi import services as organisasi_services
from organisasi.models import Instansi, Notifikasi, Pegawai, Pengecualian
from penilaian import rules, services
from penilaian.models import PeriodePenilaian, RencanaAksi, UmpanBalik
from skp import services as skp_services
from skp.models import RHK, SKP
from skp.rules import NAMA_BERAKHLAK
from tests.bantuan import masuk, segar, teks
from tests.conftest import per_modul
from tests.factories import buat_unit
from tests.skp.conftest import pegawai_baru, tambah_rhk

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")
UTC = UTC
TAHUN = 2024
DETIK = timedelta(seconds=1)


def menit_penuh(waktu):
    """A deadline typed to the minute as stored: the end of that minute."""
    return waktu.replace(second=59, microsecond=999999)


Status = PeriodePenilaian.Status


# ---- builders -----------------------------------------------------------------------


def _jadwal(by, langkah, *, batas, mulai=None, kode="tw1", tahun=TAHUN, keterangan=""):
    """A window set through the service, as BKD would (call it in the admin's scope)."""
    return jadwal_services.jadwal_simpan(
        langkah=langkah,
        tahun=tahun,
        kode="" if langkah == PENYUSUNAN_SKP else kode,
        mulai=mulai or batas - timedelta(days=30),
        batas=batas,
        by=by,
        keterangan=keterangan,
    )


def _skp_langsung(pegawai, *, tahun=TAHUN, status=SKP.Status.DISETUJUI, mulai=None):
    """An SKP row in a given state. The lock job and the reminders read only SKP and
    period rows; the approval flow that leads here is tested in tests/skp."""
    return SKP.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        mulai=mulai or date(tahun, 1, 1),
        selesai=date(tahun, 12, 31),
        status=status,
        unit_kerja_id=pegawai.unit_kerja_id,
    )


def _periode(pegawai, *, kode="tw1", tahun=TAHUN, status=Status.PENGISIAN):
    """A period added by the pegawai through the service (while no window is closed),
    then moved to `status` directly: only its status matters to the jobs."""
    skp = SKP.objects.filter(pegawai=pegawai, tahun=tahun).first() or _skp_langsung(
        pegawai, tahun=tahun
    )
    periode = services.periode_tambah(skp=skp, kode=kode, by=segar(pegawai))
    if status != Status.PENGISIAN:
        PeriodePenilaian.objects.filter(pk=periode.pk).update(status=status)
    return segar(periode)


def _kunci(periode):
    p = PeriodePenilaian.objects.get(pk=periode.pk)
    return p.dikunci_realisasi_pada, p.dikunci_penilaian_pada


def _galat(e) -> str:
    return " ".join(e.value.messages)


def _jam_lokal(t, zona=WITA) -> str:
    return t.astimezone(zona).strftime("%H:%M")


@dataclass
class JOrang:
    """Buleleng: BKPSDM → Bidang PKAP (kabid leads; staf, rekan) → Subbidang (anak);
    BKPSDM → Bidang Mutasi (sebelah), a sibling of Bidang PKAP; Dinas Kesehatan (perawat)."""

    staf: Pegawai
    rekan: Pegawai
    anak: Pegawai
    sebelah: Pegawai
    perawat: Pegawai
    kabid: Pegawai
    kepala: Pegawai
    admin_bkd: Pegawai
    admin_opd: Pegawai
    admin_dinkes: Pegawai
    bidang_mutasi: object


@pytest.fixture
def j_orang(dalam_buleleng) -> JOrang:
    d = dalam_buleleng
    bidang_mutasi = buat_unit(d.buleleng, d.bkpsdm, nama="Bidang Mutasi", eselon="32")
    return JOrang(
        staf=segar(d.staf),
        rekan=segar(pegawai_baru(d, d.bidang, "Rekan PKAP")),
        anak=segar(pegawai_baru(d, d.subbidang, "Staf Subbidang")),
        sebelah=segar(pegawai_baru(d, bidang_mutasi, "Staf Bidang Mutasi")),
        perawat=segar(pegawai_baru(d, d.dinkes, "Perawat Dinkes")),
        kabid=segar(d.kabid),
        kepala=segar(d.kepala),
        admin_bkd=segar(d.admin_bkd),
        admin_opd=segar(d.admin_opd),
        admin_dinkes=segar(d.admin_dinkes),
        bidang_mutasi=bidang_mutasi,
    )


@dataclass
class JKeadaan:
    o: JOrang
    skp: SKP  # the staf's, approved by the kabid
    rhk: RHK
    rhk_kabid: RHK
    periode: PeriodePenilaian | None = None  # the staf's Triwulan I
    rencana_aksi: RencanaAksi | None = None
    skp_draft: SKP | None = None  # the rekan's, ready to submit


@pytest.fixture
def j_alur(dalam_buleleng, j_orang) -> JKeadaan:
    """The cascade of TAHUN through the services: sasaran PK → kepala → kabid (approved by
    the kepala) → staf (approved by the kabid)."""
    d, o = dalam_buleleng, j_orang
    sasaran = skp_services.sasaran_pk_tambah(
        instansi=d.buleleng,
        by=o.admin_bkd,
        tahun=TAHUN,
        unit_kerja=d.root,
        sasaran="Meningkatnya kualitas pelayanan publik",
    )
    skp_kepala = skp_services.skp_buat(pegawai=o.kepala, tahun=TAHUN, by=o.kepala)
    rhk_kepala = tambah_rhk(
        skp_kepala, o.kepala, "Meningkatnya kinerja ASN", intervensi_pk=[sasaran]
    )
    skp_kabid = skp_services.skp_buat(pegawai=o.kabid, tahun=TAHUN, by=o.kabid)
    rhk_kabid = tambah_rhk(
        skp_kabid, o.kabid, "Tersusunnya penilaian kinerja", intervensi=[rhk_kepala]
    )
    skp_services.skp_ajukan(skp=segar(skp_kabid), by=o.kabid)
    skp_services.skp_setujui(skp=segar(skp_kabid), by=segar(o.kepala))
    skp = skp_services.skp_buat(pegawai=o.staf, tahun=TAHUN, by=o.staf)
    rhk = tambah_rhk(skp, o.staf, "Terverifikasinya usul penilaian", intervensi=[rhk_kabid])
    skp_services.skp_ajukan(skp=segar(skp), by=segar(o.staf))
    skp = skp_services.skp_setujui(skp=segar(skp), by=segar(o.kabid))
    return JKeadaan(o=o, skp=skp, rhk=rhk, rhk_kabid=rhk_kabid)


@pytest.fixture
def j_tw1_terisi(j_alur) -> JKeadaan:
    """The staf's Triwulan I with its rencana aksi and realisasi: ready to submit."""
    k = j_alur
    k.periode = services.periode_tambah(skp=k.skp, kode="tw1", by=k.o.staf)
    k.rencana_aksi = services.rencana_aksi_simpan(
        periode=k.periode,
        rhk=k.rhk,
        by=k.o.staf,
        uraian="Verifikasi usul triwulan I",
        target=Decimal("1"),
        satuan="Laporan",
    )
    services.realisasi_simpan(
        periode=k.periode,
        by=k.o.staf,
        rencana_aksi=k.rencana_aksi,
        realisasi="Satu laporan verifikasi selesai.",
        realisasi_angka=Decimal("1"),
    )
    k.periode = segar(k.periode)
    return k


@pytest.fixture
def j_tw1_diajukan(j_tw1_terisi) -> JKeadaan:
    """Submitted, with the kabid's feedback on the RHK and on all seven values."""
    k = j_tw1_terisi
    services.periode_ajukan(periode=k.periode, by=k.o.staf)
    services.umpan_balik_simpan(periode=k.periode, by=k.o.kabid, rhk=k.rhk, isi="Tepat waktu.")
    for kode in NAMA_BERAKHLAK:
        services.umpan_balik_simpan(
            periode=k.periode, by=k.o.kabid, perilaku=kode, isi="Menjadi contoh."
        )
    k.periode = segar(k.periode)
    return k


@pytest.fixture
def j_skp_draft(j_alur) -> JKeadaan:
    """The rekan's SKP with one utama RHK intervening the kabid's: ready to submit."""
    k = j_alur
    skp = skp_services.skp_buat(pegawai=k.o.rekan, tahun=TAHUN, by=k.o.rekan)
    tambah_rhk(skp, k.o.rekan, "Terarsipnya dokumen penilaian", intervensi=[k.rhk_kabid])
    k.skp_draft = segar(skp)
    return k


# ---- keadaan_jendela: the pure rule --------------------------------------------------

MULAI = datetime(2024, 12, 1, 0, 0, tzinfo=WITA)
BATAS = datetime(2024, 12, 27, 15, 30, tzinfo=WITA)


@pytest.mark.parametrize(
    "sekarang, keadaan",
    [
        (BATAS - DETIK, TERBUKA),
        (BATAS, TERBUKA),
        (BATAS + DETIK, TERKUNCI),
        (MULAI - DETIK, BELUM_DIBUKA),
        (MULAI, TERBUKA),
        (BATAS + timedelta(days=400), TERKUNCI),
    ],
    ids=[
        "sedetik-sebelum",
        "tepat-batas",
        "sedetik-sesudah",
        "sebelum-mulai",
        "tepat-mulai",
        "lama",
    ],
)
def test_window_is_open_up_to_and_including_the_deadline_second(sekarang, keadaan):
    assert jadwal_rules.keadaan_jendela(mulai=MULAI, batas=BATAS, sekarang=sekarang) == keadaan


def test_the_deadline_is_compared_as_an_instant_whatever_the_zone_of_now():
    # 15:30:01 WITA is 07:30:01 UTC and 14:30:01 WIB: the same instant, the same answer.
    for sekarang in (
        datetime(2024, 12, 27, 7, 30, 1, tzinfo=UTC),
        datetime(2024, 12, 27, 14, 30, 1, tzinfo=WIB),
    ):
        assert jadwal_rules.keadaan_jendela(mulai=MULAI, batas=BATAS, sekarang=sekarang) == TERKUNCI
    sekarang = datetime(2024, 12, 27, 14, 30, 0, tzinfo=WIB)
    assert jadwal_rules.keadaan_jendela(mulai=MULAI, batas=BATAS, sekarang=sekarang) == TERBUKA


@pytest.mark.parametrize(
    "sekarang, sampai, keadaan",
    [
        (BATAS + timedelta(hours=1), BATAS + timedelta(days=1), DISPENSASI),
        (BATAS + timedelta(days=1), BATAS + timedelta(days=1), DISPENSASI),
        (BATAS + timedelta(days=1) + DETIK, BATAS + timedelta(days=1), TERKUNCI),
        (BATAS - DETIK, BATAS + timedelta(days=1), TERBUKA),
        (MULAI - DETIK, BATAS + timedelta(days=1), BELUM_DIBUKA),
    ],
    ids=["berjalan", "tepat-berakhir", "sudah-berakhir", "sebelum-batas", "tidak-membuka-dini"],
)
def test_a_dispensasi_reopens_a_closed_window_until_it_ends(sekarang, sampai, keadaan):
    hasil = jadwal_rules.keadaan_jendela(
        mulai=MULAI, batas=BATAS, sekarang=sekarang, dispensasi_sampai=sampai
    )
    assert hasil == keadaan


# ---- the seeds, exactly ----------------------------------------------------------------


@pytest.mark.parametrize("langkah", [REALISASI, PENILAIAN])
def test_tw1_2024_buleleng_is_open_until_tuesday_9_april_2359_wita(j_orang, langkah):
    o = j_orang
    batas = datetime(2024, 4, 9, 23, 59, tzinfo=WITA)
    assert batas.date().isoweekday() == 2  # Selasa, as the seed says
    jadwal = _jadwal(o.admin_bkd, langkah, mulai=datetime(2024, 4, 1, tzinfo=WITA), batas=batas)
    # "Until 23:59" covers the whole minute (issue 16: a save at 23:59:30 was refused).
    assert Jadwal.objects.get(pk=jadwal.pk).batas == menit_penuh(
        datetime(2024, 4, 9, 15, 59, tzinfo=UTC)
    )

    def status(sekarang):
        return status_jadwal(
            langkah=langkah, tahun=2024, kode="tw1", pegawai=o.staf, sekarang=sekarang
        )

    assert status(datetime(2024, 4, 9, 23, 59, 0, tzinfo=WITA)).boleh
    assert status(datetime(2024, 4, 9, 23, 59, 30, tzinfo=WITA)).boleh
    assert status(datetime(2024, 4, 9, 23, 59, 59, 999999, tzinfo=WITA)).boleh
    terkunci = status(datetime(2024, 4, 9, 16, 0, 0, tzinfo=UTC))
    assert (terkunci.keadaan, terkunci.boleh) == (TERKUNCI, False)
    assert "dikunci sejak 9 April 2024 23:59 WITA" in terkunci.pesan
    assert not status(datetime(2024, 4, 10, 0, 0, tzinfo=WITA)).boleh
    # Triwulan II and the 2025 Triwulan I have no jadwal: open.
    assert status_jadwal(
        langkah=langkah, tahun=2024, kode="tw2", pegawai=o.staf, sekarang=batas + DETIK
    ).boleh
    assert status_jadwal(
        langkah=langkah, tahun=2025, kode="tw1", pegawai=o.staf, sekarang=batas + DETIK
    ).boleh


@pytest.mark.parametrize("kode", ["tw4", rules.FINAL])
def test_tw4_and_final_2024_are_rated_from_week_5_of_december_until_2_january_2025(j_orang, kode):
    o = j_orang
    _jadwal(
        o.admin_bkd,
        PENILAIAN,
        kode=kode,
        mulai=datetime(2024, 12, 29, 0, 0, tzinfo=WITA),
        batas=datetime(2025, 1, 2, 23, 59, tzinfo=WITA),
    )

    def status(sekarang, tahun=2024):
        return status_jadwal(
            langkah=PENILAIAN, tahun=tahun, kode=kode, pegawai=o.staf, sekarang=sekarang
        )

    belum = status(datetime(2024, 12, 28, 23, 59, tzinfo=WITA))
    assert (belum.keadaan, belum.boleh) == (BELUM_DIBUKA, False)
    assert "baru dibuka 29 Desember 2024 00:00 WITA" in belum.pesan
    assert status(datetime(2025, 1, 1, 9, 0, tzinfo=WITA)).boleh
    assert status(datetime(2025, 1, 2, 23, 59, tzinfo=WITA)).boleh
    terkunci = status(datetime(2025, 1, 3, 0, 0, tzinfo=WITA))
    assert terkunci.keadaan == TERKUNCI
    assert "dikunci sejak 2 Januari 2025 23:59 WITA" in terkunci.pesan
    # The window belongs to the 2024 periods, not to those of 2025.
    assert status(datetime(2025, 1, 3, 0, 0, tzinfo=WITA), tahun=2025).boleh


def _bulanan(instansi):
    Instansi.objects.filter(pk=instansi.pk).update(pengaturan={"periode_bulanan": True})


def test_tpp_december_2024_closes_friday_27_december_1530_wita(dalam_buleleng, j_orang):
    _bulanan(dalam_buleleng.buleleng)
    admin = segar(j_orang.admin_bkd)
    batas = datetime(2024, 12, 27, 15, 30, tzinfo=WITA)
    assert batas.date().isoweekday() == 5  # Jumat
    jadwal = _jadwal(admin, PENILAIAN, kode="b12", mulai=MULAI, batas=batas)
    assert Jadwal.objects.get(pk=jadwal.pk).batas == menit_penuh(
        datetime(2024, 12, 27, 7, 30, tzinfo=UTC)
    )

    def boleh(sekarang):
        return status_jadwal(
            langkah=PENILAIAN, tahun=2024, kode="b12", pegawai=j_orang.staf, sekarang=sekarang
        ).boleh

    assert boleh(datetime(2024, 12, 27, 15, 30, 0, tzinfo=WITA))
    assert boleh(datetime(2024, 12, 27, 15, 30, 59, tzinfo=WITA))
    assert not boleh(datetime(2024, 12, 27, 15, 31, 0, tzinfo=WITA))
    assert boleh(datetime(2024, 12, 27, 7, 30, 59, tzinfo=UTC))
    assert not boleh(datetime(2024, 12, 27, 7, 31, 0, tzinfo=UTC))


def test_the_same_1530_in_a_wib_instansi_is_0830_utc(dunia):
    _bulanan(dunia.lain)
    with scope(instansi=dunia.lain.pk):
        admin, pegawai = segar(dunia.admin_lain), segar(dunia.pegawai_lain)
        batas = datetime(2024, 12, 27, 15, 30, tzinfo=WIB)
        jadwal = _jadwal(admin, PENILAIAN, kode="b12", mulai=MULAI, batas=batas)
        assert Jadwal.objects.get(pk=jadwal.pk).batas == menit_penuh(
            datetime(2024, 12, 27, 8, 30, tzinfo=UTC)
        )

        def status(sekarang):
            return status_jadwal(
                langkah=PENILAIAN, tahun=2024, kode="b12", pegawai=pegawai, sekarang=sekarang
            )

        # 07:31Z closes a WITA tenant's 15:30 but is only 14:31 in WIB.
        assert status(datetime(2024, 12, 27, 7, 31, 0, tzinfo=UTC)).boleh
        assert status(datetime(2024, 12, 27, 8, 30, 59, tzinfo=UTC)).boleh
        terkunci = status(datetime(2024, 12, 27, 8, 31, 0, tzinfo=UTC))
        assert not terkunci.boleh
        assert "dikunci sejak 27 Desember 2024 15:30 WIB" in terkunci.pesan


@pytest.mark.parametrize(
    "tahun, bulan, hari, batas",
    [
        (2024, 1, 10, datetime(2024, 2, 10, 23, 59, tzinfo=WITA)),
        (2024, 2, 10, datetime(2024, 3, 10, 23, 59, tzinfo=WITA)),
        (2024, 12, 10, datetime(2025, 1, 10, 23, 59, tzinfo=WITA)),
        (2024, 1, 31, datetime(2024, 2, 29, 23, 59, tzinfo=WITA)),
        (2023, 1, 31, datetime(2023, 2, 28, 23, 59, tzinfo=WITA)),
        (2024, 3, 31, datetime(2024, 4, 30, 23, 59, tzinfo=WITA)),
        (2024, 11, 31, datetime(2024, 12, 31, 23, 59, tzinfo=WITA)),
    ],
    ids=["januari", "februari", "desember", "kabisat", "bukan-kabisat", "april-30", "desember-31"],
)
def test_ntt_month_closes_on_the_10th_of_the_next_month_2359_wita(tahun, bulan, hari, batas):
    hasil = jadwal_rules.batas_bulanan(tahun, bulan, hari=hari, jam=23, menit=59, zona=WITA)
    assert hasil == batas
    assert hasil.utcoffset() == timedelta(hours=8)


def test_ntt_january_2024_closes_at_1559_utc_on_10_february():
    hasil = jadwal_rules.batas_bulanan(2024, 1, hari=10, jam=23, menit=59, zona=WITA)
    assert hasil.astimezone(UTC) == datetime(2024, 2, 10, 15, 59, tzinfo=UTC)


def test_monthly_windows_of_a_year_follow_the_ntt_seed(dalam_buleleng, j_orang):
    _bulanan(dalam_buleleng.buleleng)
    admin = segar(j_orang.admin_bkd)
    realisasi = jadwal_services.jadwal_bulanan_buat(
        langkah=REALISASI, tahun=2024, by=admin, hari=10, jam=23, menit=59
    )
    penilaian = jadwal_services.jadwal_bulanan_buat(
        langkah=PENILAIAN, tahun=2024, by=admin, hari=12, jam=23, menit=59
    )
    assert [j.kode for j in realisasi] == [f"b{n:02d}" for n in range(1, 13)]
    januari, februari, desember = realisasi[0], realisasi[1], realisasi[11]
    assert januari.mulai == datetime(2024, 1, 1, tzinfo=WITA)
    assert januari.batas == menit_penuh(datetime(2024, 2, 10, 15, 59, tzinfo=UTC))
    assert februari.batas == menit_penuh(datetime(2024, 3, 10, 23, 59, tzinfo=WITA))
    assert desember.batas == menit_penuh(datetime(2025, 1, 10, 23, 59, tzinfo=WITA))
    assert penilaian[1].batas == menit_penuh(datetime(2024, 3, 12, 23, 59, tzinfo=WITA))
    assert Jadwal.objects.filter(tahun=2024).count() == 24

    def boleh(langkah, sekarang):
        return status_jadwal(
            langkah=langkah, tahun=2024, kode="b02", pegawai=j_orang.staf, sekarang=sekarang
        ).boleh

    assert boleh(REALISASI, datetime(2024, 3, 10, 23, 59, tzinfo=WITA))
    assert not boleh(REALISASI, datetime(2024, 3, 11, 0, 0, tzinfo=WITA))
    assert boleh(PENILAIAN, datetime(2024, 3, 12, 23, 59, tzinfo=WITA))
    assert not boleh(PENILAIAN, datetime(2024, 3, 13, 0, 0, tzinfo=WITA))


def test_monthly_windows_refuse_a_day_missing_from_some_months(dalam_buleleng, j_orang):
    _bulanan(dalam_buleleng.buleleng)
    with pytest.raises(ValidationError) as e:
        jadwal_services.jadwal_bulanan_buat(
            langkah=REALISASI, tahun=2024, by=segar(j_orang.admin_bkd), hari=29, jam=23
        )
    assert "hari" in e.value.error_dict
    assert not Jadwal.objects.exists()


# ---- enforced at request time, through the real services --------------------------------


@dataclass(frozen=True)
class Aksi:
    langkah: str
    kode: str
    keadaan: str  # the fixture that prepares it
    jalankan: object  # (JKeadaan) -> None, the write
    berhasil: object  # (JKeadaan) -> bool, whether the write took effect


def _status(k):
    return PeriodePenilaian.objects.get(pk=k.periode.pk).status


AKSI = {
    "rencana_aksi_simpan": Aksi(
        REALISASI,
        "tw1",
        "j_tw1_terisi",
        lambda k: services.rencana_aksi_simpan(
            periode=k.periode,
            rhk=k.rhk,
            by=k.o.staf,
            uraian="Rapat koordinasi verifikasi",
            target=Decimal("2"),
            satuan="Kegiatan",
        ),
        lambda k: RencanaAksi.objects.filter(periode=k.periode).count() == 2,
    ),
    "realisasi_simpan": Aksi(
        REALISASI,
        "tw1",
        "j_tw1_terisi",
        lambda k: services.realisasi_simpan(
            periode=k.periode,
            by=k.o.staf,
            rencana_aksi=k.rencana_aksi,
            realisasi="Laporan direvisi.",
            realisasi_angka=Decimal("1"),
        ),
        lambda k: RencanaAksi.objects.get(pk=k.rencana_aksi.pk).realisasi == "Laporan direvisi.",
    ),
    "periode_ajukan": Aksi(
        REALISASI,
        "tw1",
        "j_tw1_terisi",
        lambda k: services.periode_ajukan(periode=k.periode, by=k.o.staf),
        lambda k: _status(k) == Status.DIAJUKAN,
    ),
    "periode_tambah": Aksi(
        REALISASI,
        "tw2",
        "j_alur",
        lambda k: services.periode_tambah(skp=k.skp, kode="tw2", by=k.o.staf),
        lambda k: PeriodePenilaian.objects.filter(skp=k.skp, kode="tw2").exists(),
    ),
    "periode_tarik": Aksi(
        REALISASI,
        "tw1",
        "j_tw1_diajukan",
        lambda k: services.periode_tarik(periode=k.periode, by=k.o.staf),
        lambda k: _status(k) == Status.PENGISIAN,
    ),
    "umpan_balik_simpan": Aksi(
        PENILAIAN,
        "tw1",
        "j_tw1_diajukan",
        lambda k: services.umpan_balik_simpan(
            periode=k.periode, by=k.o.kabid, rhk=k.rhk, isi="Pertahankan ketepatan waktu."
        ),
        lambda k: (
            UmpanBalik.objects.get(periode=k.periode, rhk=k.rhk).isi
            == "Pertahankan ketepatan waktu."
        ),
    ),
    "periode_nilai": Aksi(
        PENILAIAN,
        "tw1",
        "j_tw1_diajukan",
        lambda k: services.periode_nilai(
            periode=k.periode,
            by=k.o.kabid,
            rating_hasil_kerja=rules.SESUAI,
            rating_perilaku_kerja=rules.SESUAI,
        ),
        lambda k: _status(k) == Status.DINILAI,
    ),
    "periode_kembalikan": Aksi(
        PENILAIAN,
        "tw1",
        "j_tw1_diajukan",
        lambda k: services.periode_kembalikan(
            periode=k.periode, by=k.o.kabid, catatan="Lengkapi bukti."
        ),
        lambda k: _status(k) == Status.PENGISIAN,
    ),
    "skp_ajukan": Aksi(
        PENYUSUNAN_SKP,
        "",
        "j_skp_draft",
        lambda k: skp_services.skp_ajukan(skp=k.skp_draft, by=k.o.rekan),
        lambda k: SKP.objects.get(pk=k.skp_draft.pk).status == SKP.Status.DIAJUKAN,
    ),
}


@pytest.mark.parametrize("nama", list(AKSI))
def test_write_one_second_after_the_deadline_is_refused_with_the_local_time(request, dunia, nama):
    aksi = AKSI[nama]
    k = request.getfixturevalue(aksi.keadaan)
    batas = timezone.now() - DETIK
    _jadwal(k.o.admin_bkd, aksi.langkah, kode=aksi.kode, batas=batas)
    with pytest.raises(ValidationError) as e:
        aksi.jalankan(k)
    pesan = _galat(e)
    assert "dikunci sejak" in pesan
    assert f"{_jam_lokal(batas)} WITA" in pesan
    assert "dispensasi" in pesan
    assert not aksi.berhasil(k)


@pytest.mark.parametrize("nama", list(AKSI))
def test_write_a_minute_before_the_deadline_is_allowed(request, dunia, nama):
    aksi = AKSI[nama]
    k = request.getfixturevalue(aksi.keadaan)
    _jadwal(
        k.o.admin_bkd, aksi.langkah, kode=aksi.kode, batas=timezone.now() + timedelta(minutes=1)
    )
    aksi.jalankan(k)
    assert aksi.berhasil(k)


def test_write_before_the_window_opens_is_refused(j_tw1_terisi):
    k = j_tw1_terisi
    mulai = timezone.now() + timedelta(hours=1)
    _jadwal(k.o.admin_bkd, REALISASI, mulai=mulai, batas=mulai + timedelta(days=9))
    with pytest.raises(ValidationError) as e:
        AKSI["realisasi_simpan"].jalankan(k)
    assert "baru dibuka" in _galat(e)
    assert not AKSI["realisasi_simpan"].berhasil(k)


def test_without_any_jadwal_every_step_is_open(j_tw1_terisi):
    k = j_tw1_terisi
    assert not Jadwal.objects.exists()
    AKSI["realisasi_simpan"].jalankan(k)
    AKSI["periode_ajukan"].jalankan(k)
    assert _status(k) == Status.DIAJUKAN


def test_only_the_window_of_this_instansi_step_and_period_locks(dunia, j_tw1_terisi):
    k = j_tw1_terisi
    lewat = timezone.now() - timedelta(hours=1)
    with scope(instansi=dunia.lain.pk):
        _jadwal(segar(dunia.admin_lain), REALISASI, batas=lewat)  # another instansi
    _jadwal(k.o.admin_bkd, REALISASI, kode="tw2", batas=lewat)  # another period
    _jadwal(k.o.admin_bkd, REALISASI, tahun=2023, batas=lewat)  # another year
    _jadwal(k.o.admin_bkd, PENILAIAN, batas=lewat)  # another step
    _jadwal(k.o.admin_bkd, PENYUSUNAN_SKP, batas=lewat)
    AKSI["realisasi_simpan"].jalankan(k)
    assert AKSI["realisasi_simpan"].berhasil(k)


# ---- dispensasi --------------------------------------------------------------------------


@pytest.fixture
def j_terkunci(j_tw1_terisi) -> tuple[JKeadaan, Jadwal]:
    """The staf's Triwulan I, whose realisasi window closed an hour ago."""
    k = j_tw1_terisi
    return k, _jadwal(k.o.admin_bkd, REALISASI, batas=timezone.now() - timedelta(hours=1))


def _dispensasi(jadwal, by, *, pegawai=None, unit=None, jam=24, alasan="Server BKN gangguan."):
    return jadwal_services.dispensasi_beri(
        jadwal=jadwal,
        by=by,
        pegawai=pegawai,
        unit=unit,
        sampai=timezone.now() + timedelta(hours=jam),
        alasan=alasan,
    )


def _terbuka_untuk(pegawai, langkah=REALISASI, kode="tw1") -> bool:
    try:
        jadwal_services.pastikan_terbuka(langkah=langkah, tahun=TAHUN, kode=kode, pegawai=pegawai)
    except ValidationError as e:
        assert "dikunci sejak" in " ".join(e.messages)
        return False
    return True


def test_dispensasi_for_a_pegawai_reopens_only_that_pegawai(j_terkunci):
    k, jadwal = j_terkunci
    dispensasi = _dispensasi(jadwal, k.o.admin_opd, pegawai=k.o.staf)
    AKSI["realisasi_simpan"].jalankan(k)
    assert AKSI["realisasi_simpan"].berhasil(k)
    status = status_jadwal(
        langkah=REALISASI, tahun=TAHUN, kode="tw1", pegawai=k.o.staf, sekarang=timezone.now()
    )
    assert (status.keadaan, status.dispensasi) == (DISPENSASI, dispensasi)
    assert "dibuka kembali dengan dispensasi sampai" in status.pesan
    # Same unit, same atasan, no dispensasi of their own.
    assert not _terbuka_untuk(k.o.rekan)
    assert not _terbuka_untuk(k.o.kabid)
    # The dispensasi is for the realisasi step only.
    _jadwal(k.o.admin_bkd, PENILAIAN, batas=timezone.now() - timedelta(hours=1))
    assert not _terbuka_untuk(k.o.staf, PENILAIAN)


def test_dispensasi_for_a_unit_reopens_it_and_the_units_below_but_not_a_sibling(j_terkunci):
    k, jadwal = j_terkunci
    o = k.o
    _dispensasi(jadwal, o.admin_opd, unit=o.staf.unit_kerja)  # Bidang PKAP
    assert _terbuka_untuk(o.staf)
    assert _terbuka_untuk(o.rekan)
    assert _terbuka_untuk(o.kabid)  # the pimpinan works in the unit too
    assert _terbuka_untuk(o.anak)  # Subbidang, below Bidang PKAP
    assert not _terbuka_untuk(o.sebelah)  # Bidang Mutasi, its sibling
    assert not _terbuka_untuk(o.kepala)  # BKPSDM, above it
    assert not _terbuka_untuk(o.perawat)  # another OPD
    AKSI["periode_ajukan"].jalankan(k)
    assert AKSI["periode_ajukan"].berhasil(k)


def test_an_ended_dispensasi_locks_the_pegawai_again(j_terkunci):
    k, jadwal = j_terkunci
    dispensasi = _dispensasi(jadwal, k.o.admin_bkd, pegawai=k.o.staf)
    assert _terbuka_untuk(k.o.staf)
    # The service refuses a past end, so time passes by moving the end into the past.
    Dispensasi.objects.filter(pk=dispensasi.pk).update(sampai=timezone.now() - DETIK)
    with pytest.raises(ValidationError) as e:
        AKSI["realisasi_simpan"].jalankan(k)
    assert "dikunci sejak" in _galat(e)
    assert not AKSI["realisasi_simpan"].berhasil(k)


def test_dispensasi_is_judged_at_its_end_second(j_terkunci):
    k, jadwal = j_terkunci
    dispensasi = _dispensasi(jadwal, k.o.admin_bkd, unit=k.o.staf.unit_kerja)

    def keadaan(sekarang):
        return status_jadwal(
            langkah=REALISASI, tahun=TAHUN, kode="tw1", pegawai=k.o.anak, sekarang=sekarang
        ).keadaan

    assert keadaan(dispensasi.sampai) == DISPENSASI
    assert keadaan(dispensasi.sampai + DETIK) == TERKUNCI


@pytest.mark.parametrize("siapa", ["staf", "kabid", "kepala"])
def test_only_admins_give_a_dispensasi(j_terkunci, siapa):
    k, jadwal = j_terkunci
    with pytest.raises(ValidationError) as e:
        _dispensasi(jadwal, getattr(k.o, siapa), pegawai=k.o.staf)
    assert "admin" in _galat(e)
    assert not Dispensasi.objects.exists()
    assert not _terbuka_untuk(k.o.staf)


def test_admin_opd_gives_a_dispensasi_only_inside_its_opd(j_terkunci):
    k, jadwal = j_terkunci
    o = k.o
    with pytest.raises(ValidationError) as e:
        _dispensasi(jadwal, o.admin_dinkes, pegawai=o.staf)
    assert "pegawai" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        _dispensasi(jadwal, o.admin_dinkes, unit=o.staf.unit_kerja)
    assert "unit" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        _dispensasi(jadwal, o.admin_opd, pegawai=o.perawat)
    assert "pegawai" in e.value.error_dict
    with pytest.raises(ValidationError) as e:
        _dispensasi(jadwal, o.admin_opd, unit=o.perawat.unit_kerja)
    assert "unit" in e.value.error_dict
    assert not Dispensasi.objects.exists()
    # Inside their own OPD both may.
    _dispensasi(jadwal, o.admin_dinkes, pegawai=o.perawat)
    _dispensasi(jadwal, o.admin_opd, unit=o.staf.unit_kerja)
    assert Dispensasi.objects.count() == 2


def test_admin_of_another_instansi_cannot_give_a_dispensasi(dunia, j_terkunci):
    k, jadwal = j_terkunci
    with pytest.raises(ValidationError):
        _dispensasi(jadwal, dunia.admin_lain, pegawai=k.o.staf)
    assert not _terbuka_untuk(k.o.staf)


def test_dispensasi_needs_one_pegawai_or_one_unit(j_terkunci):
    k, jadwal = j_terkunci
    with pytest.raises(ValidationError):
        _dispensasi(jadwal, k.o.admin_bkd)
    with pytest.raises(ValidationError):
        _dispensasi(jadwal, k.o.admin_bkd, pegawai=k.o.staf, unit=k.o.staf.unit_kerja)
    assert not Dispensasi.objects.exists()


@pytest.mark.parametrize("alasan", ["", "   "])
def test_dispensasi_needs_an_alasan(j_terkunci, alasan):
    k, jadwal = j_terkunci
    with pytest.raises(ValidationError) as e:
        _dispensasi(jadwal, k.o.admin_bkd, pegawai=k.o.staf, alasan=alasan)
    assert "alasan" in e.value.error_dict
    assert not Dispensasi.objects.exists()


def test_dispensasi_ending_in_the_past_is_refused(j_terkunci):
    k, jadwal = j_terkunci
    with pytest.raises(ValidationError) as e:
        jadwal_services.dispensasi_beri(
            jadwal=jadwal,
            by=k.o.admin_bkd,
            pegawai=k.o.staf,
            sampai=timezone.now() - DETIK,
            alasan="Terlambat mengajukan.",
        )
    assert "sampai" in e.value.error_dict
    assert not Dispensasi.objects.exists()
    assert not _terbuka_untuk(k.o.staf)


def test_dispensasi_is_recorded_in_the_jejak(j_terkunci):
    k, jadwal = j_terkunci
    sebelum = Jejak.objects.count()
    dispensasi = _dispensasi(jadwal, k.o.admin_opd, pegawai=k.o.staf, alasan="  Sakit.  ")
    assert Jejak.objects.count() == sebelum + 1
    jejak = Jejak.objects.get(aksi="dispensasi_beri")
    assert jejak.oleh_id == k.o.admin_opd.pk
    assert (jejak.objek_tipe, jejak.objek_id) == ("jadwal.Jadwal", jadwal.pk)
    assert jejak.catatan == "Sakit."
    assert jejak.ke == {"untuk": str(k.o.staf), "sampai": str(dispensasi.sampai)}
    assert jejak.instansi_id == jadwal.instansi_id
    assert dispensasi.alasan == "Sakit."


# ---- the lock job ------------------------------------------------------------------------


@dataclass
class JKunci:
    o: JOrang
    jadwal: Jadwal
    tw1: dict  # nama → the Triwulan I 2024 of staf, rekan, anak, sebelah
    lain: list  # periods the job must leave alone


@pytest.fixture
def j_kunci(dunia, dalam_buleleng, j_orang) -> JKunci:
    """Triwulan I 2024 of four Buleleng pegawai, whose realisasi closed on 9 April 2024
    23:59 WITA; beside them a TW II 2024, a TW I 2023 and the other instansi's TW I 2024."""
    o = j_orang
    tw1 = {nama: _periode(getattr(o, nama)) for nama in ("staf", "rekan", "anak", "sebelah")}
    lain = [_periode(o.staf, kode="tw2"), _periode(o.rekan, tahun=2023)]
    with scope(instansi=dunia.lain.pk):
        lain.append(_periode(segar(dunia.pegawai_lain)))
    jadwal = _jadwal(o.admin_bkd, REALISASI, batas=datetime(2024, 4, 9, 23, 59, tzinfo=WITA))
    _jadwal(o.admin_bkd, REALISASI, kode="tw2", batas=timezone.now() + timedelta(days=30))
    return JKunci(o, jadwal, tw1, lain)


def _jalankan_kunci(sekarang, instansi_id=None):
    """The beat job's service as the task runs it: inside the tenant's scope."""
    with tenant_scope(instansi_id or Instansi.objects.get(kode="buleleng").pk):
        return jadwal_services.jadwal_kunci(sekarang=sekarang)


def _tidak_tersentuh(dunia, periode_list):
    with scope(instansi=dunia.lain.pk):
        kunci_lain = _kunci(periode_list[-1])
    return [_kunci(p) for p in periode_list[:-1]] + [kunci_lain] == [(None, None)] * len(
        periode_list
    )


def test_lock_job_locks_exactly_the_periods_of_the_passed_window(dunia, j_kunci):
    sekarang = timezone.now()
    assert _jalankan_kunci(sekarang) == 4
    for periode in j_kunci.tw1.values():
        assert _kunci(periode) == (j_kunci.jadwal.batas, None)
    assert _tidak_tersentuh(dunia, j_kunci.lain)
    jadwal = Jadwal.objects.get(pk=j_kunci.jadwal.pk)
    assert jadwal.dikunci_pada == sekarang
    jejak = Jejak.objects.get(aksi="jadwal_dikunci")
    assert (jejak.objek_id, jejak.oleh_id) == (jadwal.pk, None)


def test_lock_job_does_nothing_before_the_deadline(j_kunci):
    sebelum = j_kunci.jadwal.batas
    assert _jalankan_kunci(sebelum) == 0
    assert _jalankan_kunci(sebelum - timedelta(days=1)) == 0
    assert all(_kunci(p) == (None, None) for p in j_kunci.tw1.values())
    assert Jadwal.objects.get(pk=j_kunci.jadwal.pk).dikunci_pada is None


def test_lock_job_of_a_penilaian_window_locks_the_penilaian_column(j_kunci):
    _jadwal(j_kunci.o.admin_bkd, PENILAIAN, batas=datetime(2024, 4, 12, 23, 59, tzinfo=WITA))
    _jalankan_kunci(timezone.now())
    batas_penilaian = menit_penuh(datetime(2024, 4, 12, 15, 59, tzinfo=UTC))
    for periode in j_kunci.tw1.values():
        assert _kunci(periode) == (j_kunci.jadwal.batas, batas_penilaian)


def test_lock_job_skips_periods_under_a_running_dispensasi(dunia, j_kunci):
    o = j_kunci.o
    _dispensasi(j_kunci.jadwal, o.admin_opd, unit=o.staf.unit_kerja)  # staf, rekan, anak
    assert _jalankan_kunci(timezone.now()) == 1
    tw1 = j_kunci.tw1
    assert [_kunci(tw1[n])[0] for n in ("staf", "rekan", "anak")] == [None] * 3
    assert _kunci(tw1["sebelah"])[0] == j_kunci.jadwal.batas
    assert _tidak_tersentuh(dunia, j_kunci.lain)


def test_lock_job_skips_only_the_pegawai_named_in_a_dispensasi(j_kunci):
    o = j_kunci.o
    _dispensasi(j_kunci.jadwal, o.admin_bkd, pegawai=o.rekan)
    assert _jalankan_kunci(timezone.now()) == 3
    assert {n for n, p in j_kunci.tw1.items() if _kunci(p)[0] is None} == {"rekan"}


def test_dispensasi_given_after_the_lock_unlocks_its_periods(j_kunci):
    o = j_kunci.o
    _jalankan_kunci(timezone.now())
    _dispensasi(j_kunci.jadwal, o.admin_opd, unit=o.staf.unit_kerja)
    terbuka = {n for n, p in j_kunci.tw1.items() if _kunci(p)[0] is None}
    assert terbuka == {"staf", "rekan", "anak"}


def test_lock_job_locks_again_once_the_dispensasi_has_ended(j_kunci):
    o = j_kunci.o
    _jalankan_kunci(timezone.now())
    dispensasi = _dispensasi(j_kunci.jadwal, o.admin_opd, unit=o.staf.unit_kerja)
    assert _jalankan_kunci(dispensasi.sampai) == 0
    assert _jalankan_kunci(dispensasi.sampai + DETIK) == 3
    assert all(_kunci(p)[0] == j_kunci.jadwal.batas for p in j_kunci.tw1.values())


def test_lock_job_unlocks_a_pegawai_who_moves_under_a_running_dispensasi(j_kunci):
    o = j_kunci.o
    _jalankan_kunci(timezone.now())
    _dispensasi(j_kunci.jadwal, o.admin_opd, unit=o.staf.unit_kerja)
    assert _kunci(j_kunci.tw1["sebelah"])[0] == j_kunci.jadwal.batas
    organisasi_services.pegawai_ubah_profil(
        pegawai=o.sebelah, by=o.sebelah, unit_kerja=o.staf.unit_kerja
    )
    assert _terbuka_untuk(segar(o.sebelah))  # at request time at once
    assert _jalankan_kunci(timezone.now()) == 0  # and the job clears the column
    assert _kunci(j_kunci.tw1["sebelah"]) == (None, None)


def _foto():
    return (
        sorted(
            PeriodePenilaian.objects.values_list(
                "pk", "dikunci_realisasi_pada", "dikunci_penilaian_pada"
            )
        ),
        sorted(Jadwal.objects.values_list("pk", "dikunci_pada")),
        Jejak.objects.count(),
    )


def test_lock_job_run_twice_changes_nothing(j_kunci):
    o = j_kunci.o
    _dispensasi(j_kunci.jadwal, o.admin_bkd, pegawai=o.rekan)
    sekarang = timezone.now()
    assert _jalankan_kunci(sekarang) == 3
    foto = _foto()
    assert _jalankan_kunci(sekarang) == 0
    assert _jalankan_kunci(sekarang + timedelta(minutes=1)) == 0
    assert _foto() == foto


def test_lock_task_locks_every_instansi_with_its_own_deadline(dunia):
    with scope(instansi=dunia.buleleng.pk):
        admin = segar(dunia.admin_bkd)
        buleleng = [_periode(segar(dunia.staf)), _periode(segar(dunia.kabid))]
        batas_buleleng = _jadwal(
            admin, REALISASI, batas=datetime(2024, 4, 9, 23, 59, tzinfo=WITA)
        ).batas
    with scope(instansi=dunia.lain.pk):
        lain = _periode(segar(dunia.pegawai_lain))
        batas_lain = _jadwal(
            segar(dunia.admin_lain), REALISASI, batas=datetime(2024, 4, 10, 16, 0, tzinfo=WIB)
        ).batas

    assert tasks.kunci_jadwal() == 3

    with scope(instansi=dunia.buleleng.pk):
        assert [_kunci(p)[0] for p in buleleng] == [batas_buleleng] * 2
    with scope(instansi=dunia.lain.pk):
        assert _kunci(lain)[0] == batas_lain == menit_penuh(datetime(2024, 4, 10, 9, 0, tzinfo=UTC))
    assert tasks.kunci_jadwal() == 0


def test_lock_task_skips_an_inactive_instansi(dunia):
    with scope(instansi=dunia.lain.pk):
        lain = _periode(segar(dunia.pegawai_lain))
        _jadwal(segar(dunia.admin_lain), REALISASI, batas=datetime(2024, 4, 9, 23, 59, tzinfo=WIB))
    Instansi.objects.filter(pk=dunia.lain.pk).update(aktif=False)
    assert tasks.kunci_jadwal() == 0
    with scope(instansi=dunia.lain.pk):
        assert _kunci(lain) == (None, None)


# ---- reminders -----------------------------------------------------------------------------


def _notifikasi():
    return sorted(Notifikasi.objects.values_list("penerima_id", "kunci", "isi"))


@pytest.fixture
def j_pengingat_realisasi(dunia, dalam_buleleng, j_orang):
    """Triwulan I 2024 realisasi closes in two days. staf is still filling it, rekan has
    an approved SKP without it, anak has submitted, sebelah's SKP is a draft, the kepala
    has no SKP, the kabid's approved SKP is of 2023; Lain's pegawai would qualify but
    Lain has no jadwal."""
    o = j_orang
    _periode(o.staf)
    _skp_langsung(o.rekan)
    _periode(o.anak, status=Status.DIAJUKAN)
    _skp_langsung(o.sebelah, status=SKP.Status.DRAFT)
    _skp_langsung(o.kabid, tahun=2023)
    with scope(instansi=dunia.lain.pk):
        _skp_langsung(segar(dunia.pegawai_lain))
    sekarang = timezone.now()
    jadwal = _jadwal(
        o.admin_bkd,
        REALISASI,
        mulai=sekarang - timedelta(days=10),
        batas=sekarang + timedelta(days=2),
    )
    return o, jadwal, sekarang


def test_realisasi_reminder_goes_to_whoever_has_the_period_open(j_pengingat_realisasi):
    o, jadwal, sekarang = j_pengingat_realisasi
    assert jadwal_services.pengingat_kirim(sekarang=sekarang) == 2
    kunci = f"pengingat:{jadwal.pk}:3"
    assert _notifikasi() == sorted(
        [
            (o.staf.pk, kunci, "Realisasi Triwulan I 2024 Anda belum diajukan."),
            (o.rekan.pk, kunci, "Anda belum menambah periode Triwulan I 2024."),
        ]
    )
    notifikasi = Notifikasi.objects.get(penerima=o.staf)
    assert notifikasi.tautan == "/penilaian/"
    assert f"{_jam_lokal(jadwal.batas)} WITA" in notifikasi.judul


def test_reminders_run_twice_send_nothing_twice(j_pengingat_realisasi):
    o, jadwal, sekarang = j_pengingat_realisasi
    assert jadwal_services.pengingat_kirim(sekarang=sekarang) == 2
    semula = _notifikasi()
    assert jadwal_services.pengingat_kirim(sekarang=sekarang) == 0
    assert jadwal_services.pengingat_kirim(sekarang=sekarang + timedelta(hours=1)) == 0
    assert _notifikasi() == semula
    # The day before brings the second reminder of the default [3, 1], once.
    sehari = jadwal.batas - timedelta(hours=12)
    assert jadwal_services.pengingat_kirim(sekarang=sehari) == 2
    assert jadwal_services.pengingat_kirim(sekarang=sehari) == 0
    assert Notifikasi.objects.filter(kunci=f"pengingat:{jadwal.pk}:1").count() == 2


def test_no_reminder_before_the_first_reminder_day_or_after_the_deadline(j_pengingat_realisasi):
    o, jadwal, _ = j_pengingat_realisasi
    assert (
        jadwal_services.pengingat_kirim(sekarang=jadwal.batas - timedelta(days=3, seconds=1)) == 0
    )
    assert jadwal_services.pengingat_kirim(sekarang=jadwal.batas + DETIK) == 0
    assert not Notifikasi.objects.exists()


def test_reminder_days_come_from_the_instansi(dalam_buleleng, j_pengingat_realisasi):
    o, jadwal, sekarang = j_pengingat_realisasi
    Instansi.objects.filter(pk=dalam_buleleng.buleleng.pk).update(
        pengaturan={"pengingat_hari": [1]}
    )
    assert jadwal_services.pengingat_kirim(sekarang=sekarang) == 0  # two days left
    assert jadwal_services.pengingat_kirim(sekarang=jadwal.batas - timedelta(hours=1)) == 2


def test_reminder_task_reminds_each_instansi_of_its_own_window(dunia, j_pengingat_realisasi):
    o, _, sekarang = j_pengingat_realisasi
    with scope(instansi=dunia.lain.pk):
        pegawai_lain = segar(dunia.pegawai_lain)
        # Lain's window is another period: its pegawai has no Triwulan II yet.
        _jadwal(segar(dunia.admin_lain), REALISASI, kode="tw2", batas=sekarang + timedelta(days=1))
    assert tasks.kirim_pengingat() == 3
    with scope(instansi=dunia.buleleng.pk):
        assert {p for p, _, _ in _notifikasi()} == {o.staf.pk, o.rekan.pk}
    with scope(instansi=dunia.lain.pk):
        assert [(p, isi) for p, _, isi in _notifikasi()] == [
            (pegawai_lain.pk, "Anda belum menambah periode Triwulan II 2024.")
        ]
    assert tasks.kirim_pengingat() == 0


def test_penilaian_reminder_goes_to_the_penilai_of_waiting_periods(j_orang):
    o = j_orang
    _periode(o.staf, status=Status.DIAJUKAN)  # rated by the kabid
    _periode(o.rekan, status=Status.DIAJUKAN)  # rated by the kabid
    _periode(o.kabid, status=Status.DIAJUKAN)  # the kabid leads the bidang: the kepala
    _periode(o.sebelah)  # still filling: nobody to remind
    _periode(o.anak, status=Status.DINILAI)  # already rated
    sekarang = timezone.now()
    jadwal = _jadwal(o.admin_bkd, PENILAIAN, batas=sekarang + timedelta(days=2))
    assert jadwal_services.pengingat_kirim(sekarang=sekarang) == 2
    kunci = f"pengingat:{jadwal.pk}:3"
    assert _notifikasi() == sorted(
        [
            (o.kabid.pk, kunci, "2 bawahan menunggu penilaian Triwulan I 2024 dari Anda."),
            (o.kepala.pk, kunci, "1 bawahan menunggu penilaian Triwulan I 2024 dari Anda."),
        ]
    )
    assert set(Notifikasi.objects.values_list("tautan", flat=True)) == {"/penilaian/bawahan/"}
    assert jadwal_services.pengingat_kirim(sekarang=sekarang) == 0


def test_no_reminder_to_add_a_period_the_skp_does_not_cover(j_orang):
    o = j_orang
    _periode(o.staf)
    _skp_langsung(o.rekan, mulai=date(2024, 5, 1))  # a PPPK from its SPMT
    sekarang = timezone.now()
    _jadwal(o.admin_bkd, REALISASI, batas=sekarang + timedelta(days=2))
    jadwal_services.pengingat_kirim(sekarang=sekarang)
    assert set(Notifikasi.objects.values_list("penerima_id", flat=True)) == {o.staf.pk}


def test_no_skp_reminder_to_a_pegawai_who_needs_no_skp(j_orang):
    o = j_orang
    organisasi_services.pengecualian_tambah(
        pengecualian=Pengecualian(
            instansi_id=o.sebelah.instansi_id,
            pegawai=o.sebelah,
            jenis=Pengecualian.Jenis.CLTN,
            mulai=date(2023, 6, 1),
            selesai=date(2025, 6, 30),
        ),
        by=o.admin_bkd,
    )
    sekarang = timezone.now()
    _jadwal(o.admin_bkd, PENYUSUNAN_SKP, batas=sekarang + timedelta(days=2))
    jadwal_services.pengingat_kirim(sekarang=sekarang)
    penerima = set(Notifikasi.objects.values_list("penerima_id", flat=True))
    assert o.staf.pk in penerima
    assert o.sebelah.pk not in penerima


# ---- jadwal_simpan -----------------------------------------------------------------------


@pytest.mark.parametrize("siapa", ["admin_opd", "kabid", "staf"])
def test_only_admin_bkd_sets_a_jadwal(j_orang, siapa):
    with pytest.raises(ValidationError) as e:
        _jadwal(getattr(j_orang, siapa), REALISASI, batas=BATAS)
    assert "BKD" in _galat(e)
    assert not Jadwal.objects.exists()


@pytest.mark.parametrize("selisih", [timedelta(0), -DETIK, -timedelta(days=1)])
def test_batas_must_come_after_mulai(j_orang, selisih):
    with pytest.raises(ValidationError) as e:
        _jadwal(j_orang.admin_bkd, REALISASI, mulai=BATAS, batas=BATAS + selisih)
    assert list(e.value.error_dict) == ["batas"]
    assert not Jadwal.objects.exists()


def test_penyusunan_skp_has_no_periode(j_orang):
    with pytest.raises(ValidationError) as e:
        jadwal_services.jadwal_simpan(
            langkah=PENYUSUNAN_SKP,
            tahun=2024,
            kode="tw1",
            mulai=MULAI,
            batas=BATAS,
            by=j_orang.admin_bkd,
        )
    assert "kode" in e.value.error_dict
    jadwal = _jadwal(j_orang.admin_bkd, PENYUSUNAN_SKP, batas=BATAS)
    assert (jadwal.langkah, jadwal.kode) == (PENYUSUNAN_SKP, "")


@pytest.mark.parametrize("kode", ["", "b01", "tw5", "final2"])
def test_other_steps_need_a_period_of_the_instansi(j_orang, kode):
    # Buleleng evaluates per triwulan: a month is not one of its periods.
    with pytest.raises(ValidationError) as e:
        _jadwal(j_orang.admin_bkd, REALISASI, kode=kode, batas=BATAS)
    assert "kode" in e.value.error_dict


def test_saving_a_jadwal_again_changes_it_and_keeps_one_row(j_orang):
    admin = j_orang.admin_bkd
    pertama = _jadwal(admin, REALISASI, batas=datetime(2024, 4, 9, 23, 59, tzinfo=WITA))
    kedua = _jadwal(admin, REALISASI, batas=datetime(2024, 4, 12, 23, 59, tzinfo=WITA))
    assert kedua.pk == pertama.pk
    assert Jadwal.objects.get().batas == menit_penuh(datetime(2024, 4, 12, 15, 59, tzinfo=UTC))
    jejak = Jejak.objects.filter(aksi="jadwal_simpan").order_by("id").last()
    assert jejak.dari["batas"] == str(menit_penuh(datetime(2024, 4, 9, 15, 59, tzinfo=UTC)))


def test_extending_a_passed_deadline_into_the_future_clears_the_locks(j_kunci):
    admin = j_kunci.o.admin_bkd
    _jalankan_kunci(timezone.now())
    assert all(_kunci(p)[0] is not None for p in j_kunci.tw1.values())
    _jadwal(admin, REALISASI, batas=timezone.now() + timedelta(days=7))
    assert all(_kunci(p) == (None, None) for p in j_kunci.tw1.values())
    assert Jadwal.objects.get(pk=j_kunci.jadwal.pk).dikunci_pada is None
    assert _terbuka_untuk(j_kunci.o.staf)
    assert _jalankan_kunci(timezone.now()) == 0


def test_moving_a_deadline_within_the_past_keeps_the_locks(j_kunci):
    _jalankan_kunci(timezone.now())
    _jadwal(j_kunci.o.admin_bkd, REALISASI, batas=datetime(2024, 4, 10, 23, 59, tzinfo=WITA))
    assert all(_kunci(p)[0] is not None for p in j_kunci.tw1.values())
    assert not _terbuka_untuk(j_kunci.o.staf)


# ---- views ---------------------------------------------------------------------------------

URL_JADWAL = "/penilaian/jadwal/"


@pytest.fixture
def j_jadwal_tw1(dunia):
    with scope(instansi=dunia.buleleng.pk):
        return _jadwal(
            segar(dunia.admin_bkd),
            REALISASI,
            mulai=datetime(2024, 4, 1, tzinfo=WITA),
            batas=datetime(2024, 4, 9, 23, 59, tzinfo=WITA),
        )


@pytest.mark.parametrize("siapa", ["admin_bkd", "admin_opd"])
def test_jadwal_page_shows_admins_the_deadline_in_the_instansi_zone(
    client, dunia, j_jadwal_tw1, siapa
):
    response = masuk(client, getattr(dunia, siapa)).get(URL_JADWAL, {"tahun": 2024})
    assert response.status_code == 200
    halaman = teks(response)
    assert "9 April 2024 23:59 WITA" in halaman
    assert f"/penilaian/jadwal/{j_jadwal_tw1.pk}/dispensasi/" in halaman
    # Only BKD gets the form that sets a jadwal.
    assert ('name="jadwal-batas"' in halaman) == (siapa == "admin_bkd")


@pytest.mark.parametrize("siapa", ["staf", "kabid", "kepala"])
def test_jadwal_pages_are_404_for_a_pegawai(client, dunia, j_jadwal_tw1, siapa):
    c = masuk(client, getattr(dunia, siapa))
    assert c.get(URL_JADWAL).status_code == 404
    assert c.post(URL_JADWAL, {"jadwal-langkah": REALISASI}).status_code == 404
    assert c.get(f"{URL_JADWAL}{j_jadwal_tw1.pk}/dispensasi/").status_code == 404


def _data_jadwal(langkah, kode, mulai, batas):
    return {
        "jadwal-langkah": langkah,
        "jadwal-kode": kode,
        "jadwal-mulai": mulai,
        "jadwal-batas": batas,
        "jadwal-keterangan": "Sesuai surat edaran",
    }


def test_admin_bkd_sets_a_jadwal_typed_in_wita(client, dunia):
    response = masuk(client, dunia.admin_bkd).post(
        f"{URL_JADWAL}?tahun=2024",
        _data_jadwal(REALISASI, "tw1", "2024-04-01T00:00", "2024-04-09T23:59"),
    )
    assert response.status_code == 302
    with scope(instansi=dunia.buleleng.pk):
        jadwal = Jadwal.objects.get()
    assert (jadwal.langkah, jadwal.tahun, jadwal.kode) == (REALISASI, 2024, "tw1")
    assert jadwal.batas == menit_penuh(datetime(2024, 4, 9, 15, 59, tzinfo=UTC))
    assert jadwal.mulai == datetime(2024, 3, 31, 16, 0, tzinfo=UTC)
    assert jadwal.instansi_id == dunia.buleleng.pk


def test_admin_bkd_of_a_wib_instansi_sets_1530_as_0830_utc(client, dunia):
    response = masuk(client, dunia.admin_lain).post(
        f"{URL_JADWAL}?tahun=2024",
        _data_jadwal(PENILAIAN, "tw4", "2024-12-01T00:00", "2024-12-27T15:30"),
    )
    assert response.status_code == 302
    with scope(instansi=dunia.lain.pk):
        assert Jadwal.objects.get().batas == menit_penuh(datetime(2024, 12, 27, 8, 30, tzinfo=UTC))
    with scope(instansi=dunia.buleleng.pk):
        assert not Jadwal.objects.exists()


def test_jadwal_form_shows_a_batas_before_mulai_beside_the_field(client, dunia):
    response = masuk(client, dunia.admin_bkd).post(
        f"{URL_JADWAL}?tahun=2024",
        _data_jadwal(REALISASI, "tw1", "2024-04-09T23:59", "2024-04-01T00:00"),
    )
    assert response.status_code == 200
    assert "Batas waktu harus sesudah waktu mulai." in teks(response)
    with scope(instansi=dunia.buleleng.pk):
        assert not Jadwal.objects.exists()


def test_admin_opd_cannot_set_a_jadwal(client, dunia):
    response = masuk(client, dunia.admin_opd).post(
        f"{URL_JADWAL}?tahun=2024",
        _data_jadwal(REALISASI, "tw1", "2024-04-01T00:00", "2024-04-09T23:59"),
    )
    assert response.status_code == 404
    with scope(instansi=dunia.buleleng.pk):
        assert not Jadwal.objects.exists()


def test_dispensasi_page_of_another_instansi_s_jadwal_is_404(client, dunia, j_jadwal_tw1):
    url = f"{URL_JADWAL}{j_jadwal_tw1.pk}/dispensasi/"
    c = masuk(client, dunia.admin_lain)
    assert c.get(url).status_code == 404
    data = {"nip": dunia.pegawai_lain.nip, "sampai": "2099-01-01T08:00", "alasan": "Coba."}
    assert c.post(url, data).status_code == 404
    with scope(instansi=dunia.buleleng.pk):
        assert not Dispensasi.objects.exists()
    with scope(instansi=dunia.lain.pk):
        assert not Dispensasi.objects.exists()


def test_admin_opd_gives_a_dispensasi_by_nip_until_a_wita_time(client, dunia, j_jadwal_tw1):
    url = f"{URL_JADWAL}{j_jadwal_tw1.pk}/dispensasi/"
    c = masuk(client, dunia.admin_opd)
    assert c.get(url).status_code == 200
    data = {"nip": dunia.staf.nip, "sampai": "2099-01-01T08:00", "alasan": "Gangguan jaringan."}
    response = c.post(url, data)
    assert response.status_code == 302
    with scope(instansi=dunia.buleleng.pk):
        dispensasi = Dispensasi.objects.get()
        assert (dispensasi.pegawai_id, dispensasi.oleh_id) == (dunia.staf.pk, dunia.admin_opd.pk)
        assert dispensasi.sampai == menit_penuh(datetime(2099, 1, 1, 0, 0, tzinfo=UTC))
    # A pegawai of another OPD is not found among those the admin manages.
    data["nip"] = dunia.admin_dinkes.nip
    response = c.post(url, data)
    assert response.status_code == 200
    assert "Pegawai dengan NIP ini tidak ada di OPD yang Anda kelola." in teks(response)
    with scope(instansi=dunia.buleleng.pk):
        assert Dispensasi.objects.count() == 1
