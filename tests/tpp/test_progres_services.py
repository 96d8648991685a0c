"""tpp/services.py, progres harian (BKN 2026) and the monthly withdraw/return loop: the day
submitted (late or not, once), withdrawn, approved or returned by the atasan for a week of
several bawahan at once, the entries of a submitted day locked, the rencana aksi an entry
may name, the month returned and rated again, and what tpp_hitung makes of it all
(DOMAIN.md "TPP", "Jadwal and locks").

Personas and builders: tests/tpp/conftest.py (the staf and the rekan are bawahan of the
kabid). Without a clock library, "late" is steered through the dates (relative to the
instansi's today, WITA) and the tenant's window (`pengaturan["jendela_progres"]`); the
window's edges to the minute are tested in test_progres_rules.py.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from inti.kalender import hari_kerja_antara
from inti.models import Jejak
from jadwal.rules import TPP_AKTIVITAS
from organisasi import services as organisasi_services
from organisasi.models import Instansi, Notifikasi, UnitKerja
from penilaian import services as penilaian_services
from penilaian.rules import DIBAWAH, SESUAI
from tests.bantuan import pesan_galat, segar
from tests.conftest import per_modul
from tests.penilaian.conftest import beri_umpan_balik, isi_realisasi, isi_rencana_aksi
from tests.tpp.conftest import (
    TAHUN,
    WITA,
    ajukan,
    aktivitas_massal,
    beri_rating,
    buat_jadwal,
    buat_konfigurasi,
    realisasi_dari,
)
from tpp import rules, services
from tpp.models import AktivitasHarian, ProgresHarian, RealisasiBulanan, TPPBulanan

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

# A week of March 2025 (5-day unit): Friday 7, Monday 10 – Friday 14, Monday 17.
JUMAT = date(TAHUN, 3, 7)
SENIN, SELASA, RABU, KAMIS = (date(TAHUN, 3, d) for d in (10, 11, 12, 13))
JUMAT_2, SENIN_2 = date(TAHUN, 3, 14), date(TAHUN, 3, 17)
Status = ProgresHarian.Status


def simpan(pegawai, tanggal, *, by=None, **ubah):
    data = {"uraian": "Memverifikasi usul penilaian kinerja", "volume": Decimal("1")}
    data.update(ubah)
    with scope(instansi=pegawai.instansi_id):
        return services.aktivitas_simpan(
            pegawai=segar(pegawai), by=segar(by or pegawai), tanggal=tanggal, **data
        )


def ajukan_hari(pegawai, *hari, by=None) -> int:
    with scope(instansi=pegawai.instansi_id):
        return services.progres_ajukan(
            pegawai=segar(pegawai), by=segar(by or pegawai), hari=list(hari)
        )


def tarik_hari(pegawai, tanggal, *, by=None):
    with scope(instansi=pegawai.instansi_id):
        return services.progres_tarik(
            pegawai=segar(pegawai), by=segar(by or pegawai), tanggal=tanggal
        )


def putuskan(by, keputusan, pegawai, mulai, selesai=None, catatan="") -> int:
    with scope(instansi=by.instansi_id):
        return services.progres_putuskan(
            by=segar(by),
            keputusan=keputusan,
            pegawai_ids=[p.pk for p in pegawai],
            mulai=mulai,
            selesai=selesai or mulai,
            catatan=catatan,
        )


def isi_dan_ajukan(pegawai, *hari):
    for h in hari:
        simpan(pegawai, h)
    ajukan_hari(pegawai, *hari)


def hari(pegawai, tanggal) -> ProgresHarian | None:
    with scopes_disabled():
        return ProgresHarian.objects.filter(pegawai=pegawai, tanggal=tanggal).first()


def status_hari(pegawai, *tanggal) -> list:
    return [getattr(hari(pegawai, t), "status", None) for t in tanggal]


def semua_hari() -> list:
    with scopes_disabled():
        return list(
            ProgresHarian.objects.order_by("pegawai_id", "tanggal").values_list(
                "pegawai_id", "tanggal", "status", "catatan", "diputuskan_oleh_id"
            )
        )


def atur_instansi(instansi, **pengaturan):
    """The BKD's choice in the instansi's settings (jendela_progres, periode_bulanan)."""
    with scopes_disabled():
        instansi = Instansi.objects.get(pk=instansi.pk)
        instansi.pengaturan = {**instansi.pengaturan, **pengaturan}
        instansi.save(update_fields=["pengaturan"])


def hari_ini(pegawai) -> date:
    return segar(pegawai).instansi.hari_ini()


def jejak(aksi) -> list:
    with scopes_disabled():
        return list(Jejak.objects.filter(aksi=aksi).values_list("objek_id", "ke"))


def notifikasi(pegawai) -> list:
    with scopes_disabled():
        return list(
            Notifikasi.objects.filter(penerima=pegawai, jenis=Notifikasi.Jenis.TPP).values_list(
                "judul", "isi"
            )
        )


# ---- submitting a day ------------------------------------------------------------------


# The day `mundur` calendar days before today, with the tenant's window of `jendela`
# working days. Thirty calendar days hold at least 20 working days, and at most 23.
@pytest.mark.parametrize(
    "mundur,jendela,lambat",
    [
        (0, 0, False),  # today, same-day window
        (0, 3, False),
        (1, 0, True),  # yesterday, same-day window: its day is over
        (30, 3, True),
        (30, 60, False),  # a tenant with a wide window
    ],
)
def test_a_day_is_marked_late_when_submitted_after_its_window(t_orang, mundur, jendela, lambat):
    staf = t_orang.staf
    atur_instansi(staf.instansi, jendela_progres=jendela)
    tanggal = hari_ini(staf) - timedelta(days=mundur)
    simpan(staf, tanggal)
    assert ajukan_hari(staf, tanggal) == 1
    objek = hari(staf, tanggal)
    assert (objek.status, objek.terlambat) == (Status.DIAJUKAN, lambat)
    assert objek.diajukan_pertama == objek.diajukan_pada is not None
    assert jejak("progres_diajukan") == [(objek.pk, {"status": "diajukan", "terlambat": lambat})]


def test_the_instansis_holidays_extend_the_window(dunia, t_orang):
    staf = t_orang.staf
    atur_instansi(staf.instansi, jendela_progres=1)
    # Four days ago, with a window of one working day: among the three days after it at
    # least one is a working day before today, so it is late …
    tanggal = hari_ini(staf) - timedelta(days=4)
    simpan(staf, tanggal)
    simpan(t_orang.rekan, tanggal)
    ajukan_hari(staf, tanggal)
    assert hari(staf, tanggal).terlambat is True
    # … unless those three days are holidays of the instansi: the window then reaches today.
    with scope(instansi=dunia.buleleng.pk):
        for n in (1, 2, 3):
            organisasi_services.hari_libur_tambah(
                instansi=dunia.buleleng,
                tanggal=tanggal + timedelta(days=n),
                nama=f"Cuti bersama {n}",
                by=t_orang.admin_bkd,
            )
    ajukan_hari(t_orang.rekan, tanggal)
    assert hari(t_orang.rekan, tanggal).terlambat is False


def test_the_window_counts_the_working_week_of_the_pegawais_unit(dunia, t_orang):
    with scope(instansi=dunia.buleleng.pk):
        assert services.kalender_pegawai(t_orang.staf) == (5, set())  # Bidang in BKPSDM
        assert services.kalender_pegawai(t_orang.admin_dinkes) == (6, set())  # Dinas Kesehatan


@pytest.mark.parametrize("jendela_pertama,jendela_kedua", [(60, 3), (3, 60)])
def test_a_returned_day_sent_again_keeps_the_lateness_of_its_first_submission(
    t_orang, jendela_pertama, jendela_kedua
):
    staf = t_orang.staf
    tanggal = hari_ini(staf) - timedelta(days=30)
    lambat = jendela_pertama < 30  # see the table above: late with 3, on time with 60
    atur_instansi(staf.instansi, jendela_progres=jendela_pertama)
    simpan(staf, tanggal)
    ajukan_hari(staf, tanggal)
    pertama = hari(staf, tanggal)
    assert pertama.terlambat is lambat
    putuskan(t_orang.kabid, rules.DIKEMBALIKAN, [staf], tanggal, catatan="Lengkapi volumenya.")
    # The tenant changes its window meanwhile; the day is judged by its first submission.
    atur_instansi(staf.instansi, jendela_progres=jendela_kedua)
    simpan(staf, tanggal, uraian="Memverifikasi 12 usul penilaian kinerja")
    ajukan_hari(staf, tanggal)
    kedua = hari(staf, tanggal)
    assert (kedua.status, kedua.terlambat) == (Status.DIAJUKAN, lambat)
    assert kedua.diajukan_pertama == pertama.diajukan_pertama
    assert kedua.diajukan_pada > pertama.diajukan_pada


def test_a_week_is_submitted_at_once_and_its_empty_days_are_left_out(t_orang):
    staf = t_orang.staf
    simpan(staf, SENIN)
    simpan(staf, SELASA)
    # Wednesday has no entry; Tuesday is already submitted on its own first.
    ajukan_hari(staf, SELASA)
    diajukan_selasa = hari(staf, SELASA).diajukan_pada
    assert ajukan_hari(staf, SENIN, SELASA, RABU) == 1
    assert status_hari(staf, SENIN, SELASA, RABU) == [Status.DIAJUKAN, Status.DIAJUKAN, None]
    assert hari(staf, SELASA).diajukan_pada == diajukan_selasa  # not submitted twice


@pytest.mark.parametrize(
    "hari_dipilih,pesan",
    [
        ([SENIN], "Isi paling sedikit satu aktivitas sebelum mengajukan hari ini."),
        ([SENIN, SELASA], "Tidak ada hari berisi aktivitas yang dapat diajukan."),
        ([], "Pilih hari yang akan diajukan."),
    ],
)
def test_submitting_days_without_entries_is_refused(t_orang, hari_dipilih, pesan):
    simpan(t_orang.staf, RABU)  # another day's entry does not count
    with pytest.raises(ValidationError) as e:
        ajukan_hari(t_orang.staf, *hari_dipilih)
    assert pesan_galat(e) == pesan
    assert status_hari(t_orang.staf, SENIN, SELASA, RABU) == [None, None, Status.DRAFT]


def test_a_day_already_submitted_cannot_be_submitted_again(t_orang):
    isi_dan_ajukan(t_orang.staf, SENIN)
    with pytest.raises(ValidationError) as e:
        ajukan_hari(t_orang.staf, SENIN)
    assert pesan_galat(e) == "Tidak ada hari berisi aktivitas yang dapat diajukan."


def test_a_future_day_and_another_pegawais_days_are_refused(t_orang):
    staf = t_orang.staf
    simpan(staf, SENIN)
    with pytest.raises(ValidationError) as e:
        ajukan_hari(staf, SENIN, hari_ini(staf) + timedelta(days=1))
    assert pesan_galat(e) == "Progres hari yang akan datang belum dapat diajukan."
    for pelaku in (t_orang.kabid, t_orang.rekan):
        with pytest.raises(ValidationError) as e:
            ajukan_hari(staf, SENIN, by=pelaku)
        assert pesan_galat(e) == "Progres harian diajukan oleh pegawai sendiri."
    assert status_hari(staf, SENIN) == [Status.DRAFT]


# ---- withdrawing a day -----------------------------------------------------------------


def test_pegawai_withdraws_a_submitted_day_to_draft_and_can_correct_it(t_orang):
    staf = t_orang.staf
    isi_dan_ajukan(staf, SENIN)
    pertama = hari(staf, SENIN).diajukan_pertama
    objek = tarik_hari(staf, SENIN)
    assert objek.status == Status.DRAFT
    assert objek.diajukan_pertama == pertama  # the first submission is not forgotten
    simpan(staf, SENIN, uraian="Menyusun laporan kinerja")
    ajukan_hari(staf, SENIN)
    assert status_hari(staf, SENIN) == [Status.DIAJUKAN]


@pytest.mark.parametrize(
    "keadaan,pelaku,pesan",
    [
        ("diajukan", "kabid", "Progres harian ditarik oleh pegawai sendiri."),
        ("diajukan", "rekan", "Progres harian ditarik oleh pegawai sendiri."),
        ("draft", "staf", "Progres harian berstatus Draft tidak dapat diubah menjadi Draft."),
        (
            "disetujui",
            "staf",
            "Progres harian berstatus Disetujui tidak dapat diubah menjadi Draft.",
        ),
        (
            "dikembalikan",
            "staf",
            "Progres harian berstatus Dikembalikan tidak dapat diubah menjadi Draft.",
        ),
        ("belum", "staf", "Progres tanggal ini belum diajukan."),
    ],
)
def test_only_the_pegawai_withdraws_and_only_a_day_waiting(t_orang, keadaan, pelaku, pesan):
    staf = t_orang.staf
    if keadaan != "belum":
        simpan(staf, SENIN)
    if keadaan in ("diajukan", "disetujui", "dikembalikan"):
        ajukan_hari(staf, SENIN)
    if keadaan == "disetujui":
        putuskan(t_orang.kabid, rules.DISETUJUI, [staf], SENIN)
    if keadaan == "dikembalikan":
        putuskan(t_orang.kabid, rules.DIKEMBALIKAN, [staf], SENIN, catatan="Kurang rinci.")
    sebelum = semua_hari()
    with pytest.raises(ValidationError) as e:
        tarik_hari(staf, SENIN, by=getattr(t_orang, pelaku))
    assert pesan_galat(e) == pesan
    assert semua_hari() == sebelum


@pytest.mark.parametrize("kunci", ["jadwal", "realisasi_diajukan"])
def test_a_day_of_a_closed_month_cannot_be_withdrawn(t_orang, kunci):
    # Withdrawn, it could not be submitted again and would be cut as empty.
    staf = t_orang.staf
    isi_dan_ajukan(staf, SENIN)
    if kunci == "jadwal":
        batas = timezone.now() - timedelta(seconds=1)
        buat_jadwal(t_orang.admin_bkd, TPP_AKTIVITAS, TAHUN, "b03", batas=batas)
    else:
        ajukan(staf, TAHUN, 3)
    with pytest.raises(ValidationError) as e:
        tarik_hari(staf, SENIN)
    if kunci == "jadwal":
        assert "Aktivitas harian dan realisasi bulanan (TPP) Maret 2025 dikunci sejak" in (
            pesan_galat(e)
        )
    else:
        assert pesan_galat(e) == (
            "Realisasi bulan Maret sudah diajukan; aktivitas bulan itu tidak dapat diubah lagi."
        )
    assert status_hari(staf, SENIN) == [Status.DIAJUKAN]


# ---- the atasan decides a week of several bawahan ----------------------------------------


@pytest.fixture
def minggu_diajukan(t_orang):
    """The staf: Mon 10 and Tue 11 submitted, Wed 12 a draft, Mon 17 (next week) submitted.
    The rekan: Mon 10 submitted, Thu 13 submitted and already approved on its own."""
    staf, rekan = t_orang.staf, t_orang.rekan
    isi_dan_ajukan(staf, SENIN, SELASA, SENIN_2)
    simpan(staf, RABU)
    isi_dan_ajukan(rekan, SENIN, KAMIS)
    putuskan(t_orang.kabid, rules.DISETUJUI, [rekan], KAMIS)
    return t_orang


@pytest.mark.parametrize(
    "keputusan,catatan,status,notifikasi_per_pegawai",
    [
        (rules.DISETUJUI, "", Status.DISETUJUI, 0),
        # A note given with an approval is not kept (only a return carries one).
        (rules.DISETUJUI, "Bagus.", Status.DISETUJUI, 0),
        (rules.DIKEMBALIKAN, "  Lampirkan bukti kegiatan.  ", Status.DIKEMBALIKAN, 1),
    ],
)
def test_the_atasan_decides_every_waiting_day_of_the_week_at_once(
    minggu_diajukan, keputusan, catatan, status, notifikasi_per_pegawai
):
    o = minggu_diajukan
    kamis_rekan = hari(o.rekan, KAMIS)
    n = putuskan(o.kabid, keputusan, [o.staf, o.rekan], SENIN, JUMAT_2, catatan=catatan)
    assert n == 3  # staf 10, 11; rekan 10
    disimpan = "Lampirkan bukti kegiatan." if keputusan == rules.DIKEMBALIKAN else ""
    for pegawai, tanggal in ((o.staf, SENIN), (o.staf, SELASA), (o.rekan, SENIN)):
        objek = hari(pegawai, tanggal)
        assert (objek.status, objek.catatan) == (status, disimpan)
        assert (objek.diputuskan_oleh_id, objek.diputuskan_pada is not None) == (o.kabid.pk, True)
    # Only the waiting days of the range changed: the draft, the day approved before and
    # the day of the next week are as they were.
    assert status_hari(o.staf, RABU, SENIN_2) == [Status.DRAFT, Status.DIAJUKAN]
    sesudah = hari(o.rekan, KAMIS)
    assert (sesudah.status, sesudah.diputuskan_pada) == (
        Status.DISETUJUI,
        kamis_rekan.diputuskan_pada,
    )
    assert len(jejak(f"progres_{keputusan}")) == 3 + (keputusan == rules.DISETUJUI)
    # A return tells each pegawai once, with the note, for the days returned.
    if notifikasi_per_pegawai:
        assert notifikasi(o.staf) == [
            ("Progres harian dikembalikan (10 Maret – 11 Maret 2025)", "Lampirkan bukti kegiatan.")
        ]
        assert len(notifikasi(o.rekan)) == 1
    else:
        assert notifikasi(o.staf) == notifikasi(o.rekan) == []


@pytest.mark.parametrize("catatan", ["", "   ", None])
def test_returning_without_a_note_is_refused_on_catatan(minggu_diajukan, catatan):
    o = minggu_diajukan
    sebelum = semua_hari()
    with pytest.raises(ValidationError) as e:
        putuskan(o.kabid, rules.DIKEMBALIKAN, [o.staf, o.rekan], SENIN, JUMAT_2, catatan=catatan)
    assert e.value.message_dict == {"catatan": ["Tuliskan catatan: apa yang perlu diperbaiki."]}
    assert semua_hari() == sebelum


@pytest.mark.parametrize("asing", ["kepala", "admin_dinkes", "admin_opd", "pegawai_lain", "kabid"])
@pytest.mark.parametrize("keputusan", [rules.DISETUJUI, rules.DIKEMBALIKAN])
def test_one_id_that_is_not_a_bawahan_refuses_the_whole_batch(minggu_diajukan, asing, keputusan):
    o = minggu_diajukan
    sebelum = semua_hari()
    with pytest.raises(ValidationError) as e:
        putuskan(
            o.kabid,
            keputusan,
            [o.staf, o.rekan, getattr(o, asing)],
            SENIN,
            JUMAT_2,
            catatan="Perbaiki.",
        )
    assert pesan_galat(e) == "Pegawai ini bukan bawahan Anda."
    assert semua_hari() == sebelum
    assert notifikasi(o.staf) == []


@pytest.mark.parametrize("pelaku", ["rekan", "kepala", "admin_opd", "admin_bkd", "staf"])
def test_only_the_atasan_decides(minggu_diajukan, pelaku):
    o = minggu_diajukan
    sebelum = semua_hari()
    with pytest.raises(ValidationError) as e:
        putuskan(getattr(o, pelaku), rules.DISETUJUI, [o.staf], SENIN, JUMAT_2)
    assert pesan_galat(e) == "Pegawai ini bukan bawahan Anda."
    assert semua_hari() == sebelum


@pytest.mark.parametrize(
    "keputusan,mulai,selesai,pesan",
    [
        ("draft", SENIN, JUMAT_2, "Pilih setujui atau kembalikan."),
        (rules.DISETUJUI, JUMAT_2, SENIN, "Rentang tanggal tidak sah (paling panjang satu bulan)."),
        (
            rules.DISETUJUI,
            date(TAHUN, 2, 1),
            JUMAT_2,
            "Rentang tanggal tidak sah (paling panjang satu bulan).",
        ),
        # Nothing waiting: Wednesday is a draft, Thursday (rekan) is already approved.
        (
            rules.DISETUJUI,
            RABU,
            KAMIS,
            "Tidak ada progres yang menunggu persetujuan pada pilihan ini.",
        ),
    ],
)
def test_a_decision_needs_a_choice_a_range_and_days_waiting(
    minggu_diajukan, keputusan, mulai, selesai, pesan
):
    o = minggu_diajukan
    sebelum = semua_hari()
    with pytest.raises(ValidationError) as e:
        putuskan(o.kabid, keputusan, [o.staf, o.rekan], mulai, selesai)
    assert pesan_galat(e) == pesan
    assert semua_hari() == sebelum


def test_a_returned_day_is_corrected_sent_again_and_approved(minggu_diajukan):
    o = minggu_diajukan
    putuskan(o.kabid, rules.DIKEMBALIKAN, [o.staf], SENIN, catatan="Tambahkan volume.")
    simpan(o.staf, SENIN, uraian="Memverifikasi 12 usul", volume=Decimal("12"))
    ajukan_hari(o.staf, SENIN)
    assert putuskan(o.kabid, rules.DISETUJUI, [o.staf], SENIN) == 1
    objek = hari(o.staf, SENIN)
    assert (objek.status, objek.catatan) == (Status.DISETUJUI, "")


# ---- the entries of a submitted or approved day are locked -------------------------------


def ubah_hari(aksi, pegawai, isi_senin, isi_jumat):
    """One way of touching Monday's entries (or moving one into or out of Monday)."""
    with scope(instansi=pegawai.instansi_id):
        if aksi == "tambah":
            return simpan(pegawai, SENIN, uraian="Entri baru")
        if aksi == "ubah":
            return simpan(pegawai, SENIN, aktivitas=isi_senin, uraian="Diubah")
        if aksi == "hapus":
            return services.aktivitas_hapus(aktivitas=isi_senin, by=segar(pegawai))
        if aksi == "salin":
            return services.aktivitas_salin_hari_sebelumnya(
                pegawai=segar(pegawai), by=segar(pegawai), tanggal=SENIN
            )
        if aksi == "pindah_ke":  # Friday's entry moved onto Monday
            return simpan(pegawai, SENIN, aktivitas=isi_jumat, uraian=isi_jumat.uraian)
        if aksi == "pindah_dari":  # Monday's entry moved to Tuesday
            return simpan(pegawai, SELASA, aktivitas=isi_senin, uraian=isi_senin.uraian)
    raise AssertionError(aksi)


AKSI_UBAH = ["tambah", "ubah", "hapus", "salin", "pindah_ke", "pindah_dari"]


def entri() -> list:
    with scopes_disabled():
        return list(AktivitasHarian.objects.order_by("id").values_list("tanggal", "uraian"))


@pytest.mark.parametrize("aksi", AKSI_UBAH)
@pytest.mark.parametrize(
    "keputusan,pesan",
    [
        (
            None,
            "Progres 10 Maret 2025 sudah diajukan ke atasan. Tarik dahulu untuk mengubahnya.",
        ),
        (rules.DISETUJUI, "Progres 10 Maret 2025 sudah disetujui atasan dan tidak dapat diubah."),
    ],
)
def test_entries_of_a_submitted_or_approved_day_cannot_change(t_orang, aksi, keputusan, pesan):
    staf = t_orang.staf
    isi_jumat = simpan(staf, JUMAT, uraian="Rapat koordinasi")
    isi_senin = simpan(staf, SENIN, uraian="Memverifikasi usul")
    ajukan_hari(staf, SENIN)
    if keputusan:
        putuskan(t_orang.kabid, keputusan, [staf], SENIN)
    sebelum = entri()
    with pytest.raises(ValidationError) as e:
        ubah_hari(aksi, staf, isi_senin, isi_jumat)
    assert pesan_galat(e) == pesan
    assert entri() == sebelum


@pytest.mark.parametrize("aksi", AKSI_UBAH)
def test_entries_of_a_returned_day_can_be_corrected(t_orang, aksi):
    staf = t_orang.staf
    isi_jumat = simpan(staf, JUMAT, uraian="Rapat koordinasi")
    isi_senin = simpan(staf, SENIN, uraian="Memverifikasi usul")
    ajukan_hari(staf, SENIN)
    putuskan(t_orang.kabid, rules.DIKEMBALIKAN, [staf], SENIN, catatan="Perbaiki.")
    sebelum = entri()
    ubah_hari(aksi, staf, isi_senin, isi_jumat)
    assert entri() != sebelum


# ---- the rencana aksi an entry names ----------------------------------------------------


@pytest.fixture
def rencana_aksi(dunia, t_orang, t_skp_staf):
    """Rencana aksi of the staf's TW I (1 Jan – 31 Mar) and TW II for the first RHK, and
    one of the kabid's own TW I."""
    staf, kabid = segar(t_orang.staf), segar(t_orang.kabid)
    rhk = t_skp_staf.rhk

    def buat(skp, pemilik, kode, rhk_ra):
        periode = penilaian_services.periode_tambah(skp=skp, kode=kode, by=pemilik)
        return penilaian_services.rencana_aksi_simpan(
            periode=periode,
            rhk=rhk_ra,
            by=pemilik,
            uraian=f"Verifikasi usul {kode}",
            target=Decimal("10"),
            satuan="Berkas",
        )

    with scope(instansi=dunia.buleleng.pk):
        return {
            "tw1": buat(t_skp_staf.skp, staf, "tw1", rhk[0]),
            "tw2": buat(t_skp_staf.skp, staf, "tw2", rhk[0]),
            "kabid": buat(segar(t_skp_staf.rhk_kabid.skp), kabid, "tw1", t_skp_staf.rhk_kabid),
            "rhk": rhk,
        }


SALAH_PERIODE = "Pilih rencana aksi dari periode penilaian yang memuat tanggal itu."
RHK_LAIN = "Rencana aksi ini milik RHK lain. Pilih RHK yang sesuai."


@pytest.mark.parametrize(
    "ra,rhk,galat",
    [
        ("tw1", None, None),  # the RHK follows from the rencana aksi
        ("tw1", 0, None),
        ("tw1", 1, RHK_LAIN),
        ("tw2", None, SALAH_PERIODE),  # April–June, not 10 March
        ("tw2", 0, SALAH_PERIODE),
        ("kabid", None, SALAH_PERIODE),  # someone else's
    ],
)
def test_an_entry_names_a_rencana_aksi_of_its_day_and_its_rhk(
    t_orang, rencana_aksi, ra, rhk, galat
):
    pilihan = rencana_aksi[ra]
    rhk_dipilih = None if rhk is None else rencana_aksi["rhk"][rhk]
    if galat:
        with pytest.raises(ValidationError) as e:
            simpan(t_orang.staf, SENIN, rencana_aksi=pilihan, rhk=rhk_dipilih)
        assert e.value.message_dict == {"rencana_aksi": [galat]}
        assert entri() == []
        return
    aktivitas = segar(simpan(t_orang.staf, SENIN, rencana_aksi=pilihan, rhk=rhk_dipilih))
    assert (aktivitas.rencana_aksi_id, aktivitas.rhk_id) == (pilihan.pk, rencana_aksi["rhk"][0].pk)


def test_a_rencana_aksi_is_checked_against_the_new_day_when_an_entry_moves(t_orang, rencana_aksi):
    aktivitas = simpan(t_orang.staf, SENIN, rencana_aksi=rencana_aksi["tw1"])
    with pytest.raises(ValidationError) as e:
        simpan(
            t_orang.staf,
            date(TAHUN, 4, 1),
            aktivitas=aktivitas,
            rencana_aksi=rencana_aksi["tw1"],
        )
    assert e.value.message_dict == {"rencana_aksi": [SALAH_PERIODE]}
    assert entri() == [(SENIN, "Memverifikasi usul penilaian kinerja")]


# ---- the month withdrawn or returned, then rated -----------------------------------------

FEB = (TAHUN, 2)


def tarik_bulan(realisasi, by):
    with scope(instansi=by.instansi_id):
        return services.realisasi_bulanan_tarik(realisasi=realisasi, by=segar(by))


def kembalikan_bulan(realisasi, by, catatan="Aktivitas pekan terakhir belum dicatat."):
    with scope(instansi=by.instansi_id):
        return services.realisasi_bulanan_kembalikan(
            realisasi=realisasi, by=segar(by), catatan=catatan
        )


def nilai_bulan(realisasi, by, rating):
    with scope(instansi=by.instansi_id):
        return services.realisasi_bulanan_nilai(realisasi=realisasi, by=segar(by), rating=rating)


def test_a_returned_month_counts_the_aktivitas_logged_after_the_return(t_orang):
    staf, kabid = t_orang.staf, t_orang.kabid
    aktivitas_massal(staf, *FEB, 19)
    realisasi = ajukan(staf, *FEB)
    # With 19 aktivitas only Dibawah is allowed; the month is read-only while submitted.
    with pytest.raises(ValidationError):
        nilai_bulan(realisasi, kabid, SESUAI)
    with pytest.raises(ValidationError):
        simpan(staf, date(TAHUN, 2, 28))
    realisasi = kembalikan_bulan(realisasi, kabid, catatan="  Catat aktivitas 28 Februari.  ")
    assert realisasi.status == RealisasiBulanan.Status.PENGISIAN
    assert realisasi.catatan_kembali == "Catat aktivitas 28 Februari."
    assert realisasi.dikembalikan_pada is not None
    assert notifikasi(staf) == [
        ("Realisasi bulanan Februari 2025 dikembalikan", "Catat aktivitas 28 Februari.")
    ]
    # The pegawai logs the missing day and submits again; now 20 aktivitas count.
    simpan(staf, date(TAHUN, 2, 28))
    ajukan(staf, *FEB)
    dinilai = nilai_bulan(realisasi, kabid, SESUAI)
    assert (dinilai.status, dinilai.rating, dinilai.jumlah_aktivitas) == (
        RealisasiBulanan.Status.DINILAI,
        SESUAI,
        20,
    )
    with scopes_disabled():
        aksi = list(
            Jejak.objects.filter(objek_id=realisasi.pk, aksi__startswith="realisasi_bulanan")
            .order_by("waktu", "id")
            .values_list("aksi", flat=True)
        )
    assert aksi == [
        "realisasi_bulanan_ajukan",
        "realisasi_bulanan_kembalikan",
        "realisasi_bulanan_ajukan",
        "realisasi_bulanan_nilai",
    ]


def test_the_pegawai_withdraws_a_submitted_month_to_add_aktivitas(t_orang):
    staf = t_orang.staf
    aktivitas_massal(staf, *FEB, 39)
    realisasi = ajukan(staf, *FEB)
    realisasi = tarik_bulan(realisasi, staf)
    assert realisasi.status == RealisasiBulanan.Status.PENGISIAN
    simpan(staf, date(TAHUN, 2, 27))
    ajukan(staf, *FEB)
    assert nilai_bulan(realisasi, t_orang.kabid, rules.DIATAS).jumlah_aktivitas == 40


@pytest.mark.parametrize(
    "keadaan,aksi,pelaku,galat",
    [
        ("diajukan", "tarik", "kabid", "Realisasi bulanan ditarik oleh pegawai sendiri."),
        ("diajukan", "tarik", "rekan", "Realisasi bulanan ditarik oleh pegawai sendiri."),
        (
            "diajukan",
            "kembalikan",
            "staf",
            "Hanya pejabat penilai pegawai ini yang dapat mengembalikannya.",
        ),
        (
            "diajukan",
            "kembalikan",
            "kepala",
            "Hanya pejabat penilai pegawai ini yang dapat mengembalikannya.",
        ),
        (
            "dinilai",
            "tarik",
            "staf",
            "Realisasi bulanan berstatus Dinilai tidak dapat diubah menjadi Pengisian.",
        ),
        (
            "dinilai",
            "kembalikan",
            "kabid",
            "Realisasi bulanan berstatus Dinilai tidak dapat diubah menjadi Pengisian.",
        ),
        (
            "pengisian",
            "tarik",
            "staf",
            "Realisasi bulanan berstatus Pengisian tidak dapat diubah menjadi Pengisian.",
        ),
        (
            "pengisian",
            "kembalikan",
            "kabid",
            "Realisasi bulanan berstatus Pengisian tidak dapat diubah menjadi Pengisian.",
        ),
    ],
)
def test_who_may_withdraw_or_return_a_month_and_when(t_orang, keadaan, aksi, pelaku, galat):
    staf = t_orang.staf
    aktivitas_massal(staf, *FEB, 40)
    realisasi = ajukan(staf, *FEB)
    if keadaan == "dinilai":
        nilai_bulan(realisasi, t_orang.kabid, SESUAI)
    if keadaan == "pengisian":
        tarik_bulan(realisasi, staf)
    sebelum = segar(realisasi)
    by = getattr(t_orang, pelaku)
    with pytest.raises(ValidationError) as e:
        tarik_bulan(realisasi, by) if aksi == "tarik" else kembalikan_bulan(realisasi, by)
    assert pesan_galat(e) == galat
    sesudah = segar(realisasi)
    assert (sesudah.status, sesudah.catatan_kembali) == (sebelum.status, "")


@pytest.mark.parametrize("catatan", ["", "  ", None])
def test_returning_a_month_needs_a_note_on_catatan(t_orang, catatan):
    realisasi = ajukan(t_orang.staf, *FEB)
    with pytest.raises(ValidationError) as e:
        kembalikan_bulan(realisasi, t_orang.kabid, catatan=catatan)
    assert e.value.message_dict == {"catatan": ["Tuliskan catatan: apa yang perlu diperbaiki."]}
    assert segar(realisasi).status == RealisasiBulanan.Status.DIAJUKAN


# ---- one monthly mechanism: an instansi that rates monthly periods ------------------------


def test_an_instansi_with_monthly_periods_has_no_second_monthly_realisasi(t_orang):
    atur_instansi(t_orang.staf.instansi, periode_bulanan=True)
    with pytest.raises(ValidationError) as e:
        ajukan(t_orang.staf, *FEB)
    assert pesan_galat(e) == (
        "Instansi Anda menilai per bulan: realisasi bulan ini diisi dan dinilai pada "
        "periode penilaian bulan itu, tanpa penilaian kedua."
    )
    assert realisasi_dari(t_orang.staf, *FEB) is None


# ---- tpp_hitung: progres harian on the slip ----------------------------------------------
#
# February 2025, BKPSDM works 5 days: 20 working days (Mon 3 – Fri 28), no holiday. Kelas
# 9 → Rp5.000.000: kinerja part 3.000.000, disiplin part 2.000.000. Today (December 2026 or
# later on the instansi's clock) every February window has closed.


def hitung(by, bulan, *units, tahun=TAHUN):
    with scope(instansi=by.instansi_id):
        return services.tpp_hitung(
            tahun=tahun,
            bulan=bulan,
            units=UnitKerja.objects.filter(pk__in=[u.pk for u in units]),
            by=segar(by),
        )


def tpp(pegawai, bulan, tahun=TAHUN) -> TPPBulanan:
    with scopes_disabled():
        return TPPBulanan.objects.get(pegawai=pegawai, tahun=tahun, bulan=bulan)


def tambah_absen(pegawai, by, mulai, selesai, jenis):
    with scope(instansi=by.instansi_id):
        return services.ketidakhadiran_tambah(
            pegawai=segar(pegawai), by=segar(by), jenis=jenis, mulai=mulai, selesai=selesai
        )


def progres_tepat_waktu(pegawai, penilai, *hari):
    """Days submitted on time and approved, long ago: today's clock cannot submit a
    February 2025 day on time, so the rows are written as the services left them then
    (bulk_create, as aktivitas_massal does: the count is what the computation reads)."""
    diajukan = datetime(TAHUN, 3, 3, 9, 0, tzinfo=WITA)
    with scopes_disabled():
        ProgresHarian.objects.bulk_create(
            ProgresHarian(
                instansi_id=pegawai.instansi_id,
                pegawai_id=pegawai.pk,
                tanggal=date(TAHUN, 2, h),
                status=Status.DISETUJUI,
                diajukan_pertama=diajukan,
                diajukan_pada=diajukan,
                terlambat=False,
                diputuskan_oleh_id=penilai.pk,
                diputuskan_pada=diajukan,
            )
            for h in hari
        )


POTONGAN_PROGRES = {
    "tanpa_keterangan": (Decimal("0.03"), None),
    rules.PROGRES_TERLAMBAT: (Decimal("0.01"), None),
    rules.PROGRES_KOSONG: (Decimal("0.02"), None),
}


def test_tpp_cuts_late_and_missing_progres_harian_when_the_perkada_says_so(dunia, t_kelas_9):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd, potongan=POTONGAN_PROGRES)
    staf = o.staf
    # Thu 6 and Fri 7 February logged and submitted now: late.
    isi_dan_ajukan(staf, date(TAHUN, 2, 6), date(TAHUN, 2, 7))
    # 10–14, 17–21, 27–28 February submitted on time (12 days).
    progres_tepat_waktu(staf, o.kabid, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21, 27, 28)
    # 24–26 February: aktivitas logged (below) but the days never submitted → missing.
    # Mon 3 Tanpa Keterangan (cut 3 %); Tue 4 – Wed 5 Cuti Tahunan (no cut): no progres
    # is expected on those three days.
    tambah_absen(staf, o.admin_opd, date(TAHUN, 2, 3), date(TAHUN, 2, 3), "tanpa_keterangan")
    tambah_absen(staf, o.admin_opd, date(TAHUN, 2, 4), date(TAHUN, 2, 5), "cuti_tahunan")
    beri_rating(staf, o.kabid, TAHUN, 2, SESUAI)  # 40 aktivitas more, rated Sesuai
    hitung(o.admin_opd, 2, dunia.bidang)
    baris = tpp(staf, 2)
    # Required 20 − 3 = 17: on time 12, late 2 (6, 7), missing 3 (24, 25, 26).
    assert (baris.progres_terlambat, baris.progres_kosong, baris.jumlah_aktivitas) == (2, 3, 42)
    # kinerja   3.000.000 × 100 %                  = 3.000.000
    # disiplin                                       2.000.000
    # missing   3 × 2 % = 6 % of 2.000.000          =   120.000
    # late      2 × 1 % = 2 % of 2.000.000          =    40.000
    # TK        1 × 3 % = 3 % of 2.000.000          =    60.000
    # total     5.000.000 − 220.000                  = 4.780.000
    assert baris.rincian == [
        ["Kinerja 60% × Sesuai Ekspektasi 100%", "3000000"],
        ["Disiplin 40%", "2000000"],
        ["Potongan Progres harian tidak diisi 3 hari × 2%", "-120000"],
        ["Potongan Progres harian terlambat 2 hari × 1%", "-40000"],
        ["Potongan Tanpa Keterangan 1 hari × 3%", "-60000"],
    ]
    assert baris.total == Decimal("4780000")
    # The rekan filled nothing and was not rated: 20 days missing × 2 % = 40 % of the
    # disiplin part = 800.000; 0 + 2.000.000 − 800.000 = 1.200.000.
    rekan = tpp(o.rekan, 2)
    assert (rekan.progres_terlambat, rekan.progres_kosong, rekan.jumlah_aktivitas) == (0, 20, 0)
    assert rekan.rincian[-1] == ["Potongan Progres harian tidak diisi 20 hari × 2%", "-800000"]
    assert rekan.total == Decimal("1200000")


def test_a_returned_or_withdrawn_day_counts_as_missing_and_a_waiting_one_as_filled(
    dunia, t_kelas_9
):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd, potongan=POTONGAN_PROGRES)
    staf = o.staf
    februari = [d for d in range(3, 29) if date(TAHUN, 2, d).weekday() < 5]
    progres_tepat_waktu(staf, o.kabid, *[d for d in februari if d not in (24, 25, 26)])
    # 24 submitted (late, waiting), 25 submitted then returned, 26 submitted then withdrawn.
    isi_dan_ajukan(staf, date(TAHUN, 2, 24), date(TAHUN, 2, 25), date(TAHUN, 2, 26))
    putuskan(o.kabid, rules.DIKEMBALIKAN, [staf], date(TAHUN, 2, 25), catatan="Kurang.")
    tarik_hari(staf, date(TAHUN, 2, 26))
    hitung(o.admin_opd, 2, dunia.bidang)
    baris = tpp(staf, 2)
    assert (baris.progres_terlambat, baris.progres_kosong) == (1, 2)
    # Not rated: kinerja 0; 2.000.000 − 2 × 2 % (80.000) − 1 × 1 % (20.000) = 1.900.000.
    assert baris.total == Decimal("1900000")


def test_a_perkada_without_progres_cuts_records_the_counts_only(dunia, t_kelas_9):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd)  # cuts Tanpa Keterangan only
    isi_dan_ajukan(o.staf, date(TAHUN, 2, 6))
    hitung(o.admin_opd, 2, dunia.bidang)
    baris = tpp(o.staf, 2)
    assert (baris.progres_terlambat, baris.progres_kosong, baris.jumlah_aktivitas) == (1, 19, 1)
    assert baris.rincian == [["Kinerja 60% × belum dinilai 0%", "0"], ["Disiplin 40%", "2000000"]]


def test_with_monthly_periods_the_tpp_reads_the_rating_of_the_months_period(
    dunia, t_kelas_9, t_skp_staf
):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd)
    # A monthly realisasi rated Sesuai before the instansi switched to monthly periods …
    beri_rating(o.staf, o.kabid, *FEB, SESUAI)
    atur_instansi(o.staf.instansi, periode_bulanan=True)
    staf, kabid = segar(o.staf), segar(o.kabid)
    with scope(instansi=dunia.buleleng.pk):
        periode = penilaian_services.periode_tambah(
            skp=t_skp_staf.skp, kode="b02", by=staf, bulanan=True
        )
        isi_rencana_aksi(periode, staf)
        isi_realisasi(periode, staf)
        periode = penilaian_services.periode_ajukan(periode=periode, by=staf)
        beri_umpan_balik(periode, kabid)
    # … is not read: until the February period is rated, February is unrated.
    hitung(o.admin_opd, 2, dunia.bidang)
    assert (tpp(staf, 2).rating, tpp(staf, 2).total) == ("", Decimal("2000000"))
    with scope(instansi=dunia.buleleng.pk):
        penilaian_services.periode_nilai(
            periode=periode, by=kabid, rating_hasil_kerja=DIBAWAH, rating_perilaku_kerja=SESUAI
        )
    hitung(o.admin_opd, 2, dunia.bidang)
    baris = tpp(staf, 2)
    # Dibawah: 3.000.000 × 70 % = 2.100.000; + 2.000.000 = 4.100.000.
    assert (baris.rating, baris.total) == (DIBAWAH, Decimal("4100000"))
    assert baris.rincian[0] == ["Kinerja 60% × Dibawah Ekspektasi 70%", "2100000"]


def test_a_day_whose_window_runs_into_next_months_holidays_is_not_yet_missing(
    dunia, t_kelas_9, t_konfigurasi
):
    o = t_kelas_9
    atur_instansi(o.staf.instansi, jendela_progres=1)
    # The month before last, and its last working day: with a window of one working day
    # that day closes early in the next month, long before today …
    hari_ini_instansi = hari_ini(o.staf)
    akhir = (hari_ini_instansi.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(
        days=1
    )
    awal = akhir.replace(day=1)
    hari_kerja = hari_kerja_antara(awal, akhir, hari_kerja=5, libur=set())
    # … unless every day from the next month's 1st through today is a holiday: then its
    # window is still open today (the submission check reads every holiday), and the
    # month's TPP must not count it as missing.
    with scope(instansi=dunia.buleleng.pk):
        tanggal = akhir + timedelta(days=1)
        while tanggal <= hari_ini_instansi:
            organisasi_services.hari_libur_tambah(
                instansi=dunia.buleleng, tanggal=tanggal, nama="Cuti bersama", by=o.admin_bkd
            )
            tanggal += timedelta(days=1)
    hitung(o.admin_opd, akhir.month, dunia.bidang, tahun=akhir.year)
    assert tpp(o.staf, akhir.month, tahun=akhir.year).progres_kosong == len(hari_kerja) - 1
