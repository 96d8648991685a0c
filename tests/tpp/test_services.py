"""tpp/services.py: aktivitas harian, realisasi bulanan and its rating, ketidakhadiran,
the versioned configuration and the monthly computation (DOMAIN.md "TPP", "Jadwal and
locks"; seed 000 "KETENTUAN KINERJA TPP", seed 004 point 3).

Personas and builders: tests/tpp/conftest.py. Every amount of tpp_hitung is worked out
by hand in a comment before the assertion.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from jadwal.rules import KETIDAKHADIRAN, TPP_AKTIVITAS, TPP_PENILAIAN
from organisasi import services as organisasi_services
from organisasi.models import Pegawai, Pengecualian, UnitKerja
from penilaian.rules import DIATAS, DIBAWAH, SESUAI
from skp import services as skp_services
from tests.bantuan import pesan_galat, segar
from tests.conftest import per_modul
from tests.factories import PegawaiFactory
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
from tpp import services
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    KonfigurasiTPP,
    PaguKelas,
    RealisasiBulanan,
    TPPBulanan,
)

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

JUMAT, SENIN = date(TAHUN, 3, 7), date(TAHUN, 3, 10)  # Friday 7 and Monday 10 March 2025
DETIK = timedelta(seconds=1)


def simpan(pegawai, *, by=None, **ubah):
    data = {
        "tanggal": SENIN,
        "uraian": "Memverifikasi usul penilaian kinerja",
        "volume": Decimal("1"),
        "satuan": "Berkas",
    }
    data.update(ubah)
    with scope(instansi=pegawai.instansi_id):
        return services.aktivitas_simpan(pegawai=pegawai, by=by or pegawai, **data)


def aktivitas_pada(pegawai, tanggal):
    with scopes_disabled():
        return list(AktivitasHarian.objects.filter(pegawai=pegawai, tanggal=tanggal).order_by("id"))


def jumlah_aktivitas(pegawai) -> int:
    with scopes_disabled():
        return AktivitasHarian.objects.filter(pegawai=pegawai).count()


# ---- aktivitas harian --------------------------------------------------------------


def test_pegawai_logs_an_aktivitas_linked_to_their_rhk(t_orang, t_skp_staf):
    staf = t_orang.staf
    aktivitas = simpan(
        staf,
        rhk=t_skp_staf.rhk[0],
        volume=Decimal("3"),
        jam_mulai=time(8, 0),
        jam_selesai=time(10, 30),
        tautan_bukti="https://drive.contoh.go.id/berkas",
    )
    aktivitas = segar(aktivitas)
    assert (aktivitas.pegawai_id, aktivitas.instansi_id) == (staf.pk, staf.instansi_id)
    assert aktivitas.tanggal == SENIN
    assert aktivitas.rhk_id == t_skp_staf.rhk[0].pk
    assert (aktivitas.volume, aktivitas.satuan) == (Decimal("3"), "Berkas")
    assert (aktivitas.jam_mulai, aktivitas.jam_selesai) == (time(8, 0), time(10, 30))


@pytest.mark.parametrize("pelaku", ["kabid", "rekan", "admin_opd", "admin_bkd"])
def test_only_the_pegawai_writes_their_own_aktivitas(t_orang, pelaku):
    with pytest.raises(ValidationError) as e:
        simpan(t_orang.staf, by=getattr(t_orang, pelaku))
    assert pesan_galat(e) == "Aktivitas harian hanya diisi oleh pegawai sendiri."
    assert jumlah_aktivitas(t_orang.staf) == 0


def test_nobody_edits_or_deletes_another_pegawais_aktivitas(t_orang):
    milik_staf = simpan(t_orang.staf, uraian="Menyusun laporan")
    rekan = t_orang.rekan
    with pytest.raises(ValidationError) as e:
        simpan(rekan, aktivitas=milik_staf, uraian="Diubah rekan")
    assert pesan_galat(e) == "Aktivitas tidak ditemukan."
    with scope(instansi=rekan.instansi_id), pytest.raises(ValidationError):
        services.aktivitas_hapus(aktivitas=milik_staf, by=rekan)
    assert segar(milik_staf).uraian == "Menyusun laporan"


def test_aktivitas_for_a_future_date_is_refused_on_tanggal(t_orang):
    hari_ini = t_orang.staf.instansi.hari_ini()  # the instansi's clock (WITA)
    with pytest.raises(ValidationError) as e:
        simpan(t_orang.staf, tanggal=hari_ini + timedelta(days=1))
    assert e.value.message_dict == {
        "tanggal": ["Aktivitas tidak boleh untuk tanggal yang akan datang."]
    }
    simpan(t_orang.staf, tanggal=hari_ini)
    assert jumlah_aktivitas(t_orang.staf) == 1


@pytest.mark.parametrize(
    "ubah,kolom,teks",
    [
        ({"uraian": "   "}, "uraian", "Tuliskan apa yang dikerjakan."),
        ({"uraian": ""}, "uraian", "Tuliskan apa yang dikerjakan."),
        ({"volume": Decimal("0")}, "volume", "Volume harus lebih dari 0."),
        ({"volume": Decimal("-2")}, "volume", "Volume harus lebih dari 0."),
        (
            {"jam_mulai": time(10, 0), "jam_selesai": time(9, 0)},
            "jam_selesai",
            "Jam selesai harus sesudah jam mulai.",
        ),
        (
            {"jam_mulai": time(9, 0), "jam_selesai": time(9, 0)},
            "jam_selesai",
            "Jam selesai harus sesudah jam mulai.",
        ),
    ],
)
def test_invalid_aktivitas_is_refused_on_the_right_field(t_orang, ubah, kolom, teks):
    with pytest.raises(ValidationError) as e:
        simpan(t_orang.staf, **ubah)
    assert e.value.message_dict == {kolom: [teks]}
    assert jumlah_aktivitas(t_orang.staf) == 0


def test_rhk_must_come_from_the_pegawais_skp_valid_that_day(t_orang, t_skp_staf):
    staf = t_orang.staf
    galat_rhk = {"rhk": ["Pilih RHK dari SKP Anda yang berlaku pada tanggal itu."]}
    # Someone else's RHK (the kabid's, which the staf's RHK intervene).
    with pytest.raises(ValidationError) as e:
        simpan(staf, rhk=t_skp_staf.rhk_kabid)
    assert e.value.message_dict == galat_rhk
    # The staf's own RHK, on a day before their SKP of 2025 starts.
    with pytest.raises(ValidationError) as e:
        simpan(staf, rhk=t_skp_staf.rhk[0], tanggal=date(TAHUN - 1, 12, 30))
    assert e.value.message_dict == galat_rhk
    assert jumlah_aktivitas(staf) == 0
    # The same RHK on a day of the SKP is fine, and so is no RHK on the day before.
    simpan(staf, rhk=t_skp_staf.rhk[0], tanggal=date(TAHUN, 1, 2))
    simpan(staf, tanggal=date(TAHUN - 1, 12, 30))
    assert jumlah_aktivitas(staf) == 2


def test_aktivitas_window_closed_one_second_ago_refuses(t_orang):
    buat_jadwal(t_orang.admin_bkd, TPP_AKTIVITAS, TAHUN, "b03", batas=timezone.now() - DETIK)
    with pytest.raises(ValidationError) as e:
        simpan(t_orang.staf, tanggal=SENIN)
    assert "Aktivitas harian dan realisasi bulanan (TPP) Maret 2025 dikunci sejak" in pesan_galat(e)
    assert "WITA" in pesan_galat(e)
    assert jumlah_aktivitas(t_orang.staf) == 0
    # Another month's window says nothing about March.
    simpan(t_orang.staf, tanggal=date(TAHUN, 4, 1))
    assert jumlah_aktivitas(t_orang.staf) == 1


def test_aktivitas_window_still_open_allows(t_orang):
    buat_jadwal(
        t_orang.admin_bkd, TPP_AKTIVITAS, TAHUN, "b03", batas=timezone.now() + timedelta(seconds=60)
    )
    simpan(t_orang.staf, tanggal=SENIN)
    assert len(aktivitas_pada(t_orang.staf, SENIN)) == 1


def test_closed_window_also_refuses_deleting_and_copying(t_orang):
    staf = t_orang.staf
    aktivitas = simpan(staf, tanggal=JUMAT)
    buat_jadwal(t_orang.admin_bkd, TPP_AKTIVITAS, TAHUN, "b03", batas=timezone.now() - DETIK)
    with scope(instansi=staf.instansi_id):
        with pytest.raises(ValidationError):
            services.aktivitas_hapus(aktivitas=aktivitas, by=staf)
        with pytest.raises(ValidationError):
            services.aktivitas_salin_hari_sebelumnya(pegawai=staf, by=staf, tanggal=SENIN)
    assert [a.pk for a in aktivitas_pada(staf, JUMAT)] == [aktivitas.pk]
    assert aktivitas_pada(staf, SENIN) == []


def test_after_realisasi_is_submitted_the_month_is_read_only(t_orang):
    staf = t_orang.staf
    maret = simpan(staf, tanggal=JUMAT, uraian="Sebelum diajukan")
    april = simpan(staf, tanggal=date(TAHUN, 4, 1), uraian="Bulan berikutnya")
    ajukan(staf, TAHUN, 3)
    sudah = "Realisasi bulan Maret sudah diajukan; aktivitas bulan itu tidak dapat diubah lagi."
    with pytest.raises(ValidationError) as e:
        simpan(staf, tanggal=SENIN)
    assert pesan_galat(e) == sudah
    with pytest.raises(ValidationError):
        simpan(staf, aktivitas=maret, tanggal=JUMAT, uraian="Diubah sesudah diajukan")
    # Moving April's row into March would change March too.
    with pytest.raises(ValidationError):
        simpan(staf, aktivitas=april, tanggal=SENIN, uraian="Bulan berikutnya")
    with scope(instansi=staf.instansi_id):
        with pytest.raises(ValidationError):
            services.aktivitas_hapus(aktivitas=maret, by=staf)
        with pytest.raises(ValidationError):
            services.aktivitas_salin_hari_sebelumnya(pegawai=staf, by=staf, tanggal=SENIN)
    assert segar(maret).uraian == "Sebelum diajukan"
    assert segar(april).tanggal == date(TAHUN, 4, 1)
    assert aktivitas_pada(staf, SENIN) == []
    # April is still open.
    simpan(staf, tanggal=date(TAHUN, 4, 2))
    assert len(aktivitas_pada(staf, date(TAHUN, 4, 2))) == 1


def test_copy_previous_day_copies_exactly_fridays_rows_to_monday(t_orang, t_skp_staf):
    staf, rekan = t_orang.staf, t_orang.rekan
    simpan(staf, tanggal=date(TAHUN, 3, 6), uraian="Kamis: rapat koordinasi")
    simpan(
        staf,
        tanggal=JUMAT,
        uraian="Memverifikasi usul",
        rhk=t_skp_staf.rhk[0],
        volume=Decimal("4"),
        satuan="Berkas",
        jam_mulai=time(8, 0),
        jam_selesai=time(11, 0),
    )
    simpan(staf, tanggal=JUMAT, uraian="Menyusun laporan", volume=Decimal("1.5"), satuan="Dokumen")
    simpan(rekan, tanggal=JUMAT, uraian="Pekerjaan rekan")  # not the staf's
    with scope(instansi=staf.instansi_id):
        n = services.aktivitas_salin_hari_sebelumnya(pegawai=staf, by=staf, tanggal=SENIN)
    assert n == 2

    def isi(daftar):
        return sorted(
            (a.uraian, a.rhk_id, a.volume, a.satuan, a.jam_mulai, a.jam_selesai) for a in daftar
        )

    assert isi(aktivitas_pada(staf, SENIN)) == isi(aktivitas_pada(staf, JUMAT))
    assert all(a.pegawai_id == staf.pk for a in aktivitas_pada(staf, SENIN))
    assert len(aktivitas_pada(staf, JUMAT)) == 2  # the source is untouched
    assert aktivitas_pada(rekan, SENIN) == []


def test_copy_refuses_another_pegawai_and_an_empty_week(t_orang):
    staf = t_orang.staf
    simpan(staf, tanggal=date(TAHUN, 3, 1))
    with scope(instansi=staf.instansi_id):
        with pytest.raises(ValidationError) as e:
            services.aktivitas_salin_hari_sebelumnya(pegawai=staf, by=t_orang.kabid, tanggal=SENIN)
        assert pesan_galat(e) == "Aktivitas harian hanya diisi oleh pegawai sendiri."
        # 1 March is nine days before Monday 10 March: nothing within the week to copy.
        with pytest.raises(ValidationError) as e:
            services.aktivitas_salin_hari_sebelumnya(pegawai=staf, by=staf, tanggal=SENIN)
        assert pesan_galat(e) == "Tidak ada aktivitas dalam seminggu terakhir untuk disalin."
    assert aktivitas_pada(staf, SENIN) == []


def test_copy_into_a_future_day_is_refused(t_orang):
    staf = t_orang.staf
    hari_ini = staf.instansi.hari_ini()
    simpan(staf, tanggal=hari_ini)
    besok = hari_ini + timedelta(days=1)
    with scope(instansi=staf.instansi_id), pytest.raises(ValidationError):
        services.aktivitas_salin_hari_sebelumnya(pegawai=staf, by=staf, tanggal=besok)
    assert aktivitas_pada(staf, besok) == []


def test_copy_never_links_an_rhk_outside_its_skp(t_orang, t_skp_staf):
    staf = t_orang.staf
    # Wednesday 31 December 2025, last day of the SKP; Friday 2 January 2026 is outside it.
    simpan(staf, tanggal=date(TAHUN, 12, 31), rhk=t_skp_staf.rhk[0])
    tujuan = date(TAHUN + 1, 1, 2)
    with scope(instansi=staf.instansi_id):
        try:
            services.aktivitas_salin_hari_sebelumnya(pegawai=staf, by=staf, tanggal=tujuan)
        except ValidationError:
            pass  # refusing is one right answer; dropping the link is the other
    assert [a.rhk_id for a in aktivitas_pada(staf, tujuan) if a.rhk_id is not None] == []


# ---- realisasi bulanan and the penilai's rating (seed 004 point 3) --------------------

FEB = (TAHUN, 2)
BATAS_BAWAAN = (
    "40 aktivitas atau lebih: semua rating; 20–39: Sesuai atau Dibawah Ekspektasi; "
    "0–19: Dibawah Ekspektasi saja."
)
# Seed 004: "40 >" any rating; "20 s/d 39" Sesuai or Dibawah; "0 s/d 19" Dibawah only.
BOLEH = {
    19: {DIBAWAH},
    20: {SESUAI, DIBAWAH},
    39: {SESUAI, DIBAWAH},
    40: {DIATAS, SESUAI, DIBAWAH},
}
PILIHAN_TEKS = {
    19: "Dibawah Ekspektasi",
    20: "Sesuai Ekspektasi, Dibawah Ekspektasi",
    39: "Sesuai Ekspektasi, Dibawah Ekspektasi",
    40: "Diatas Ekspektasi, Sesuai Ekspektasi, Dibawah Ekspektasi",
}


def nilai(realisasi, by, rating):
    with scope(instansi=by.instansi_id):
        return services.realisasi_bulanan_nilai(realisasi=realisasi, by=by, rating=rating)


def test_pegawai_submits_the_monthly_realisasi(t_orang):
    realisasi = ajukan(t_orang.staf, *FEB, realisasi="  Dua laporan selesai.  ")
    realisasi = segar(realisasi)
    assert realisasi.status == RealisasiBulanan.Status.DIAJUKAN
    assert realisasi.realisasi == "Dua laporan selesai."
    assert realisasi.diajukan_pada is not None
    with scopes_disabled():
        assert Jejak.objects.filter(aksi="realisasi_bulanan_ajukan", oleh=t_orang.staf).count() == 1
    with pytest.raises(ValidationError):
        ajukan(t_orang.staf, *FEB)  # once only


def test_realisasi_is_submitted_by_the_pegawai_and_not_empty(t_orang):
    with scope(instansi=t_orang.staf.instansi_id):
        with pytest.raises(ValidationError) as e:
            services.realisasi_bulanan_ajukan(
                pegawai=t_orang.staf, by=t_orang.kabid, tahun=TAHUN, bulan=2, realisasi="Isi"
            )
        assert pesan_galat(e) == "Realisasi bulanan diajukan oleh pegawai sendiri."
        with pytest.raises(ValidationError) as e:
            services.realisasi_bulanan_ajukan(
                pegawai=t_orang.staf, by=t_orang.staf, tahun=TAHUN, bulan=2, realisasi="  "
            )
        assert e.value.message_dict == {"realisasi": ["Tuliskan realisasi bulan ini."]}
    assert realisasi_dari(t_orang.staf, *FEB) is None


@pytest.mark.parametrize("rating", [DIATAS, SESUAI, DIBAWAH])
@pytest.mark.parametrize("jumlah", list(BOLEH))
def test_rating_is_limited_by_the_number_of_aktivitas(t_orang, jumlah, rating):
    staf, kabid = t_orang.staf, t_orang.kabid
    aktivitas_massal(staf, *FEB, jumlah)
    realisasi = ajukan(staf, *FEB)
    if rating in BOLEH[jumlah]:
        hasil = segar(nilai(realisasi, kabid, rating))
        assert hasil.status == RealisasiBulanan.Status.DINILAI
        assert (hasil.rating, hasil.jumlah_aktivitas, hasil.penilai_id) == (
            rating,
            jumlah,
            kabid.pk,
        )
        assert hasil.dinilai_pada is not None
        return
    with pytest.raises(ValidationError) as e:
        nilai(realisasi, kabid, rating)
    assert e.value.message_dict == {
        "rating": [
            f"Dengan {jumlah} aktivitas bulan ini, rating yang boleh: {PILIHAN_TEKS[jumlah]}. "
            f"({BATAS_BAWAAN})"
        ]
    }
    tetap = segar(realisasi)
    assert (tetap.status, tetap.rating, tetap.penilai_id) == (
        RealisasiBulanan.Status.DIAJUKAN,
        "",
        None,
    )


def test_only_the_pegawais_own_aktivitas_of_that_month_count(t_orang):
    staf = t_orang.staf
    aktivitas_massal(staf, *FEB, 19)
    aktivitas_massal(staf, TAHUN, 1, 30, awalan="Januari")  # another month
    aktivitas_massal(staf, TAHUN - 1, 2, 30, awalan="Tahun lalu")  # February of another year
    aktivitas_massal(t_orang.rekan, *FEB, 40, awalan="Rekan")  # another pegawai
    realisasi = ajukan(staf, *FEB)
    with pytest.raises(ValidationError) as e:
        nilai(realisasi, t_orang.kabid, SESUAI)
    assert pesan_galat(e).startswith("Dengan 19 aktivitas bulan ini")
    assert segar(nilai(realisasi, t_orang.kabid, DIBAWAH)).jumlah_aktivitas == 19


@pytest.mark.parametrize("pelaku", ["rekan", "kepala", "admin_opd", "admin_bkd", "admin_lain"])
def test_only_the_pejabat_penilai_rates(t_orang, pelaku):
    aktivitas_massal(t_orang.staf, *FEB, 40)
    realisasi = ajukan(t_orang.staf, *FEB)
    oleh = getattr(t_orang, pelaku)
    with scope(instansi=t_orang.staf.instansi_id), pytest.raises(ValidationError) as e:
        services.realisasi_bulanan_nilai(realisasi=realisasi, by=oleh, rating=SESUAI)
    assert pesan_galat(e) == "Hanya pejabat penilai pegawai ini yang dapat menilainya."
    assert segar(realisasi).status == RealisasiBulanan.Status.DIAJUKAN


def test_penilai_rates_only_a_submitted_month_and_only_once(t_orang):
    staf, kabid = t_orang.staf, t_orang.kabid
    aktivitas_massal(staf, *FEB, 40)
    with scopes_disabled():
        belum = RealisasiBulanan.objects.create(
            instansi_id=staf.instansi_id, pegawai=staf, tahun=TAHUN, bulan=2
        )  # the month exists, still pengisian
    with pytest.raises(ValidationError) as e:
        nilai(belum, kabid, SESUAI)
    assert pesan_galat(e) == "Realisasi bulan ini belum diajukan atau sudah dinilai."
    realisasi = ajukan(staf, *FEB)
    nilai(realisasi, kabid, SESUAI)
    with pytest.raises(ValidationError):
        nilai(realisasi, kabid, DIATAS)
    assert segar(realisasi).rating == SESUAI


def test_rating_window_closed_refuses(t_orang):
    aktivitas_massal(t_orang.staf, *FEB, 40)
    realisasi = ajukan(t_orang.staf, *FEB)
    buat_jadwal(t_orang.admin_bkd, TPP_PENILAIAN, TAHUN, "b02", batas=timezone.now() - DETIK)
    with pytest.raises(ValidationError) as e:
        nilai(realisasi, t_orang.kabid, SESUAI)
    assert "Penilaian realisasi bulanan (TPP) Februari 2025 dikunci sejak" in pesan_galat(e)
    assert segar(realisasi).status == RealisasiBulanan.Status.DIAJUKAN


@pytest.mark.parametrize(
    "jumlah,rating,boleh",
    [
        (9, SESUAI, False),
        (10, SESUAI, True),  # 10 would be "Dibawah only" under the seed's 20
        (29, DIATAS, False),
        (30, DIATAS, True),  # 30 would not allow Diatas under the seed's 40
    ],
)
def test_the_tenants_own_thresholds_are_honoured(t_orang, jumlah, rating, boleh):
    buat_konfigurasi(t_orang.admin_bkd, ambang_aktivitas_penuh=30, ambang_aktivitas_sesuai=10)
    aktivitas_massal(t_orang.staf, *FEB, jumlah)
    realisasi = ajukan(t_orang.staf, *FEB)
    if boleh:
        assert segar(nilai(realisasi, t_orang.kabid, rating)).jumlah_aktivitas == jumlah
        return
    with pytest.raises(ValidationError) as e:
        nilai(realisasi, t_orang.kabid, rating)
    assert pesan_galat(e).endswith(
        "(30 aktivitas atau lebih: semua rating; 10–29: Sesuai atau Dibawah Ekspektasi; "
        "0–9: Dibawah Ekspektasi saja.)"
    )


def test_thresholds_come_from_the_version_valid_for_that_month(t_orang):
    # From March the tenant relaxes the limits; February keeps the seed's 40/20.
    buat_konfigurasi(t_orang.admin_bkd, date(TAHUN, 1, 1))
    buat_konfigurasi(
        t_orang.admin_bkd,
        date(TAHUN, 3, 1),
        ambang_aktivitas_penuh=30,
        ambang_aktivitas_sesuai=10,
    )
    aktivitas_massal(t_orang.staf, *FEB, 30)
    februari = ajukan(t_orang.staf, *FEB)
    with pytest.raises(ValidationError):
        nilai(februari, t_orang.kabid, DIATAS)
    aktivitas_massal(t_orang.staf, TAHUN, 3, 30)
    maret = ajukan(t_orang.staf, TAHUN, 3)
    assert segar(nilai(maret, t_orang.kabid, DIATAS)).rating == DIATAS


# ---- ketidakhadiran ----------------------------------------------------------------


def tambah_absen(pegawai, by, mulai, selesai, jenis="dinas_luar", keterangan=""):
    with scope(instansi=by.instansi_id):
        return services.ketidakhadiran_tambah(
            pegawai=pegawai, by=by, jenis=jenis, mulai=mulai, selesai=selesai, keterangan=keterangan
        )


def semua_absen():
    with scopes_disabled():
        return sorted(Ketidakhadiran.objects.values_list("pegawai_id", "jenis", "mulai", "selesai"))


@pytest.fixture
def t_pegawai_dinkes(dunia):
    with scopes_disabled():
        return segar(PegawaiFactory(instansi=dunia.buleleng, unit_kerja=dunia.dinkes))


@pytest.mark.parametrize(
    "pelaku,sasaran,boleh",
    [
        ("admin_opd", "staf", True),  # BKPSDM's admin, staf of Bidang PKAP in BKPSDM
        ("admin_opd", "admin_opd", True),  # an admin OPD is a pegawai of its OPD too
        ("admin_bkd", "staf", True),
        ("admin_bkd", "pegawai_dinkes", True),
        ("admin_dinkes", "pegawai_dinkes", True),
        ("admin_dinkes", "staf", False),  # another OPD
        ("admin_opd", "pegawai_dinkes", False),
        ("admin_opd", "admin_bkd", False),  # admin accounts are BKD's to manage
        ("kabid", "staf", False),  # the penilai is no admin
        ("staf", "staf", False),
    ],
)
def test_ketidakhadiran_is_entered_by_the_admin_of_the_pegawais_opd(
    t_orang, t_pegawai_dinkes, pelaku, sasaran, boleh
):
    oleh = getattr(t_orang, pelaku)
    pegawai = t_pegawai_dinkes if sasaran == "pegawai_dinkes" else getattr(t_orang, sasaran)
    mulai, selesai = date(TAHUN, 1, 13), date(TAHUN, 1, 15)
    if boleh:
        catatan = segar(tambah_absen(pegawai, oleh, mulai, selesai, keterangan=" SPT 12 "))
        assert (catatan.pegawai_id, catatan.dicatat_oleh_id) == (pegawai.pk, oleh.pk)
        assert (catatan.instansi_id, catatan.keterangan) == (pegawai.instansi_id, "SPT 12")
        with scopes_disabled():
            assert Jejak.objects.filter(aksi="ketidakhadiran_tambah", oleh=oleh).count() == 1
        return
    with pytest.raises(ValidationError) as e:
        tambah_absen(pegawai, oleh, mulai, selesai)
    assert e.value.message_dict == {"pegawai": ["Pegawai ini bukan di OPD yang Anda kelola."]}
    assert semua_absen() == []


def test_overlapping_ketidakhadiran_is_refused_with_the_existing_entry(t_orang):
    staf, admin = t_orang.staf, t_orang.admin_opd
    tambah_absen(staf, admin, date(TAHUN, 1, 13), date(TAHUN, 1, 15))
    with pytest.raises(ValidationError) as e:
        tambah_absen(staf, admin, date(TAHUN, 1, 15), date(TAHUN, 1, 17), jenis="cuti_tahunan")
    assert e.value.message_dict == {
        "mulai": [
            "Beririsan dengan Dinas Luar 13 Januari – 15 Januari 2025 yang sudah tercatat. "
            "Ubah atau hapus yang lama."
        ]
    }
    with pytest.raises(ValidationError):
        tambah_absen(staf, admin, date(TAHUN, 1, 10), date(TAHUN, 1, 20), jenis="cuti_sakit")
    # The next day, and the same days for another pegawai, are fine.
    tambah_absen(staf, admin, date(TAHUN, 1, 16), date(TAHUN, 1, 17), jenis="cuti_tahunan")
    tambah_absen(t_orang.rekan, admin, date(TAHUN, 1, 13), date(TAHUN, 1, 15))
    assert len(semua_absen()) == 3


def test_ketidakhadiran_across_two_months_is_refused_on_selesai(t_orang):
    with pytest.raises(ValidationError) as e:
        tambah_absen(t_orang.staf, t_orang.admin_opd, date(TAHUN, 1, 30), date(TAHUN, 2, 3))
    assert e.value.message_dict == {
        "selesai": ["Satu catatan untuk satu bulan. Untuk rentang lintas bulan, catat per bulan."]
    }
    # Same month number of another year is another month too.
    with pytest.raises(ValidationError) as e:
        tambah_absen(t_orang.staf, t_orang.admin_opd, date(TAHUN - 1, 1, 30), date(TAHUN, 1, 3))
    assert list(e.value.message_dict) == ["selesai"]
    assert semua_absen() == []


def test_ketidakhadiran_ending_before_it_starts_is_refused_on_selesai(t_orang):
    with pytest.raises(ValidationError) as e:
        tambah_absen(t_orang.staf, t_orang.admin_opd, date(TAHUN, 1, 15), date(TAHUN, 1, 14))
    assert e.value.message_dict == {
        "selesai": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    }
    assert semua_absen() == []


def test_unknown_jenis_is_refused_on_jenis(t_orang):
    with pytest.raises(ValidationError) as e:
        tambah_absen(
            t_orang.staf, t_orang.admin_opd, date(TAHUN, 1, 13), date(TAHUN, 1, 13), "libur"
        )
    assert list(e.value.message_dict) == ["jenis"]


# Seed 000: ketidakhadiran of December 2024 closes Friday 27 December 2024, 15:30 WITA.
BATAS_DESEMBER_2024 = datetime(2024, 12, 27, 15, 30, tzinfo=WITA)


def test_ketidakhadiran_locks_at_1530_wita_on_27_december_2024(t_orang):
    staf, admin = t_orang.staf, t_orang.admin_opd
    lama = tambah_absen(staf, admin, date(2024, 12, 2), date(2024, 12, 3))
    buat_jadwal(
        t_orang.admin_bkd,
        KETIDAKHADIRAN,
        2024,
        "b12",
        mulai=datetime(2024, 12, 1, 0, 0, tzinfo=WITA),
        batas=BATAS_DESEMBER_2024,
    )
    # "Now" is long after 27 December 2024: the window is closed for writes and deletes.
    dikunci = "Input ketidakhadiran (TPP) Desember 2024 dikunci sejak 27 Desember 2024 15:30 WITA."
    with pytest.raises(ValidationError) as e:
        tambah_absen(staf, admin, date(2024, 12, 23), date(2024, 12, 24), jenis="cuti_tahunan")
    assert pesan_galat(e).startswith(dikunci)
    with scope(instansi=admin.instansi_id), pytest.raises(ValidationError) as e:
        services.ketidakhadiran_hapus(ketidakhadiran=lama, by=admin)
    assert pesan_galat(e).startswith(dikunci)
    assert semua_absen() == [(staf.pk, "dinas_luar", date(2024, 12, 2), date(2024, 12, 3))]
    # Another month is not locked by December's window.
    tambah_absen(staf, admin, date(2024, 11, 25), date(2024, 11, 25), jenis="tanpa_keterangan")


def test_ketidakhadiran_window_ending_in_a_minute_allows(t_orang):
    staf, admin = t_orang.staf, t_orang.admin_opd
    buat_jadwal(
        t_orang.admin_bkd,
        KETIDAKHADIRAN,
        2024,
        "b12",
        mulai=datetime(2024, 12, 1, 0, 0, tzinfo=WITA),
        batas=timezone.now() + timedelta(seconds=60),
    )
    catatan = tambah_absen(staf, admin, date(2024, 12, 23), date(2024, 12, 24))
    with scope(instansi=admin.instansi_id):
        services.ketidakhadiran_hapus(ketidakhadiran=catatan, by=admin)
    assert semua_absen() == []


def test_ketidakhadiran_is_deleted_only_by_an_admin_of_the_pegawais_opd(t_orang):
    catatan = tambah_absen(t_orang.staf, t_orang.admin_opd, date(TAHUN, 1, 13), date(TAHUN, 1, 13))
    for pelaku in ["admin_dinkes", "kabid", "staf"]:
        with scope(instansi=t_orang.staf.instansi_id), pytest.raises(ValidationError):
            services.ketidakhadiran_hapus(ketidakhadiran=catatan, by=getattr(t_orang, pelaku))
    assert len(semua_absen()) == 1
    with scope(instansi=t_orang.staf.instansi_id):
        services.ketidakhadiran_hapus(ketidakhadiran=catatan, by=t_orang.admin_bkd)
    assert semua_absen() == []


# ---- konfigurasi -------------------------------------------------------------------


@pytest.mark.parametrize("pelaku", ["admin_opd", "admin_dinkes", "kabid", "staf"])
def test_only_bkd_configures_tpp(t_orang, pelaku):
    with pytest.raises(ValidationError) as e:
        buat_konfigurasi(getattr(t_orang, pelaku))
    assert pesan_galat(e) == "Hanya BKD yang mengatur TPP."
    with scopes_disabled():
        assert not KonfigurasiTPP.objects.exists()


@pytest.mark.parametrize(
    "kinerja,disiplin",
    [("0.60", "0.30"), ("0.70", "0.40"), ("0.5999", "0.40"), ("1", "0.0001")],
)
def test_bobot_must_sum_to_100_percent(t_orang, kinerja, disiplin):
    with pytest.raises(ValidationError) as e:
        buat_konfigurasi(
            t_orang.admin_bkd, bobot_kinerja=Decimal(kinerja), bobot_disiplin=Decimal(disiplin)
        )
    assert e.value.message_dict == {"bobot_disiplin": ["Bobot kinerja + disiplin harus 100%."]}
    with scopes_disabled():
        assert not KonfigurasiTPP.objects.exists()


@pytest.mark.parametrize("kinerja,disiplin", [("0.60", "0.40"), ("1", "0"), ("0.7", "0.3")])
def test_bobot_summing_to_100_percent_is_accepted(t_orang, kinerja, disiplin):
    konfigurasi = buat_konfigurasi(
        t_orang.admin_bkd, bobot_kinerja=Decimal(kinerja), bobot_disiplin=Decimal(disiplin)
    )
    konfigurasi = segar(konfigurasi)
    assert (konfigurasi.bobot_kinerja, konfigurasi.bobot_disiplin) == (
        Decimal(kinerja),
        Decimal(disiplin),
    )


@pytest.mark.parametrize("hari", [2, 15, 31])
def test_a_version_starts_on_the_first_of_a_month(t_orang, hari):
    with pytest.raises(ValidationError) as e:
        buat_konfigurasi(t_orang.admin_bkd, date(TAHUN, 7, hari))
    assert e.value.message_dict == {"berlaku_mulai": ["Berlaku mulai tanggal 1 suatu bulan."]}


def test_saving_the_same_start_again_replaces_that_version(t_orang):
    pertama = buat_konfigurasi(t_orang.admin_bkd, pagu={9: Decimal("5000000"), 7: Decimal("1")})
    kedua = buat_konfigurasi(t_orang.admin_bkd, pagu={9: Decimal("5500000")})
    assert kedua.pk == pertama.pk
    with scopes_disabled():
        assert KonfigurasiTPP.objects.count() == 1
        assert list(PaguKelas.objects.values_list("kelas_jabatan", "jumlah")) == [
            (9, Decimal("5500000"))
        ]


# ---- tpp_hitung --------------------------------------------------------------------
#
# t_konfigurasi (from 1 January 2025): kelas 9 → Rp5.000.000; kinerja 60 %, disiplin
# 40 %; kinerja paid 100 % for Diatas and Sesuai, 70 % for Dibawah; Tanpa Keterangan 3 %
# of the disiplin part a working day. BKPSDM works 5 days; January 2025 has 23 working
# days (Wed 1 – Fri 31), February 20 (Mon 3 – Fri 28). No holidays unless a test adds one.
# So for a full month:  kinerja part  = 5.000.000 × 60 % = 3.000.000
#                       disiplin part = 5.000.000 × 40 % = 2.000.000


def unit_qs(*units):
    return UnitKerja.objects.filter(pk__in=[u.pk for u in units])


def hitung(by, bulan, *units, tahun=TAHUN) -> int:
    with scope(instansi=by.instansi_id):
        return services.tpp_hitung(tahun=tahun, bulan=bulan, units=unit_qs(*units), by=by)


def tpp(pegawai, bulan, tahun=TAHUN) -> TPPBulanan:
    with scopes_disabled():
        return TPPBulanan.objects.get(pegawai=pegawai, tahun=tahun, bulan=bulan)


def baris_tpp():
    with scopes_disabled():
        return sorted(TPPBulanan.objects.values_list("pegawai_id", "tahun", "bulan", "total"))


def test_full_month_rated_sesuai_is_paid_in_full(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    hitung(o.admin_opd, 1, dunia.bidang)
    baris = tpp(o.staf, 1)
    # 3.000.000 × 100 % + 2.000.000 = 5.000.000
    assert baris.rincian == [
        ["Kinerja 60% × Sesuai Ekspektasi 100%", "3000000"],
        ["Disiplin 40%", "2000000"],
    ]
    assert baris.total == Decimal("5000000")
    assert (baris.pagu, baris.kelas_jabatan, baris.rating) == (Decimal("5000000"), 9, SESUAI)
    assert (baris.unit_kerja_id, baris.opd_id) == (dunia.bidang.pk, dunia.bkpsdm.pk)
    assert baris.konfigurasi_id == t_konfigurasi.pk
    assert baris.dasar == "Pagu kelas jabatan Rp5.000.000"


def test_month_rated_dibawah_pays_70_percent_of_the_kinerja_part(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    beri_rating(o.staf, o.kabid, TAHUN, 1, DIBAWAH)
    hitung(o.admin_opd, 1, dunia.bidang)
    baris = tpp(o.staf, 1)
    # 3.000.000 × 70 % = 2.100.000; + 2.000.000 = 4.100.000
    assert baris.rincian == [
        ["Kinerja 60% × Dibawah Ekspektasi 70%", "2100000"],
        ["Disiplin 40%", "2000000"],
    ]
    assert baris.total == Decimal("4100000")


def test_unrated_month_pays_only_the_disiplin_part(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    # Submitted but not rated yet counts as unrated.
    aktivitas_massal(o.staf, TAHUN, 1, 40)
    ajukan(o.staf, TAHUN, 1)
    hitung(o.admin_opd, 1, dunia.bidang)
    baris = tpp(o.staf, 1)
    # kinerja 0; disiplin 2.000.000 → 2.000.000
    assert baris.rincian == [["Kinerja 60% × belum dinilai 0%", "0"], ["Disiplin 40%", "2000000"]]
    assert (baris.total, baris.rating) == (Decimal("2000000"), "")


def test_two_days_tanpa_keterangan_cut_3_percent_each(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    # Friday 17 – Monday 20 January: Saturday and Sunday are no working days → 2 days.
    tambah_absen(o.staf, o.admin_opd, date(TAHUN, 1, 17), date(TAHUN, 1, 20), "tanpa_keterangan")
    # Dinas Luar has no cut in this Perkada: it adds no line.
    tambah_absen(o.staf, o.admin_opd, date(TAHUN, 1, 6), date(TAHUN, 1, 8), "dinas_luar")
    hitung(o.admin_opd, 1, dunia.bidang)
    baris = tpp(o.staf, 1)
    # cut = 2.000.000 × (2 × 3 %) = 120.000; 3.000.000 + 2.000.000 − 120.000 = 4.880.000
    assert baris.rincian == [
        ["Kinerja 60% × Sesuai Ekspektasi 100%", "3000000"],
        ["Disiplin 40%", "2000000"],
        ["Potongan Tanpa Keterangan 2 hari × 3%", "-120000"],
    ]
    assert baris.total == Decimal("4880000")


def test_a_holiday_inside_an_absence_is_not_cut(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    with scope(instansi=dunia.buleleng.pk):
        organisasi_services.hari_libur_tambah(
            instansi=dunia.buleleng,
            tanggal=date(TAHUN, 1, 29),
            nama="Tahun Baru Imlek",
            by=o.admin_bkd,
        )
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    # Tuesday 28 – Thursday 30 January, with Wednesday 29 a holiday → 2 working days.
    tambah_absen(o.staf, o.admin_opd, date(TAHUN, 1, 28), date(TAHUN, 1, 30), "tanpa_keterangan")
    hitung(o.admin_opd, 1, dunia.bidang)
    # 5.000.000 − 2.000.000 × 6 % = 4.880.000
    assert tpp(o.staf, 1).total == Decimal("4880000")


def test_exempt_pegawai_gets_nothing_with_the_reason(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    with scope(instansi=dunia.buleleng.pk):
        organisasi_services.pengecualian_tambah(
            pengecualian=Pengecualian(
                instansi=dunia.buleleng, pegawai=o.rekan, jenis="cltn", mulai=date(TAHUN - 1, 10, 1)
            ),
            by=o.admin_bkd,
        )
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    hitung(o.admin_opd, 1, dunia.bidang)
    baris = tpp(o.rekan, 1)
    assert baris.rincian == [["Tidak menerima TPP: Cuti di luar tanggungan negara (CLTN)", "0"]]
    assert baris.total == Decimal("0")
    assert tpp(o.staf, 1).total == Decimal("5000000")  # the colleague is not affected


def test_an_exemption_that_ended_before_the_month_does_not_count(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    with scope(instansi=dunia.buleleng.pk):
        organisasi_services.pengecualian_tambah(
            pengecualian=Pengecualian(
                instansi=dunia.buleleng,
                pegawai=o.rekan,
                jenis="cltn",
                mulai=date(TAHUN - 1, 6, 1),
                selesai=date(TAHUN - 1, 12, 31),
            ),
            by=o.admin_bkd,
        )
    hitung(o.admin_opd, 1, dunia.bidang)
    # Back from CLTN on 1 January, unrated: the disiplin part 2.000.000.
    assert tpp(o.rekan, 1).total == Decimal("2000000")


def test_cltn_starting_mid_month_pays_the_days_before_it(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    with scope(instansi=dunia.buleleng.pk):
        organisasi_services.pengecualian_tambah(
            pengecualian=Pengecualian(
                instansi=dunia.buleleng, pegawai=o.rekan, jenis="cltn", mulai=date(TAHUN, 2, 17)
            ),
            by=o.admin_bkd,
        )
    hitung(o.admin_opd, 2, dunia.bidang)
    # February 2025: 20 working days, 10 of them (3–14 Feb) before CLTN on Monday 17.
    # base 5.000.000 × 10/20 = 2.500.000; unrated: disiplin 2.500.000 × 40 % = 1.000.000.
    assert tpp(o.rekan, 2).total == Decimal("1000000")


def test_pegawai_without_kelas_jabatan_gets_nothing_with_the_reason(
    dunia, t_kelas_9, t_konfigurasi
):
    o = t_kelas_9
    with scopes_disabled():
        Pegawai.objects.filter(pk=o.rekan.pk).update(kelas_jabatan=None)
        Pegawai.objects.filter(pk=o.staf.pk).update(kelas_jabatan=12)  # no pagu for 12
    hitung(o.admin_opd, 1, dunia.bidang)
    alasan = [["Tidak menerima TPP: kelas jabatan belum diisi atau tanpa pagu", "0"]]
    for pegawai in (o.rekan, o.staf):
        baris = tpp(pegawai, 1)
        assert (baris.rincian, baris.total, baris.pagu) == (alasan, Decimal("0"), Decimal("0"))
    assert tpp(o.rekan, 1).kelas_jabatan is None


def test_pppk_from_spmt_mid_month_gets_a_prorated_base(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    with scopes_disabled():
        pppk = segar(
            PegawaiFactory(
                instansi=dunia.buleleng,
                unit_kerja=dunia.bidang,
                nama="PPPK Baru",
                jenis_asn=Pegawai.JenisAsn.PPPK,
                pangkat_golongan="IX",
                tanggal_spmt=date(TAHUN, 2, 17),
                kelas_jabatan=9,
            )
        )
    beri_rating(pppk, o.kabid, TAHUN, 2, SESUAI)
    hitung(o.admin_opd, 2, dunia.bidang)
    baris = tpp(pppk, 2)
    # SPMT Monday 17 February: 10 of February's 20 working days (17–21, 24–28).
    # base 5.000.000 × 10/20 = 2.500.000; kinerja 2.500.000 × 60 % = 1.500.000;
    # disiplin 2.500.000 × 40 % = 1.000.000; total 2.500.000.
    assert baris.dasar == "Pagu kelas jabatan Rp5.000.000 × 10/20 hari kerja = Rp2.500.000"
    assert baris.rincian == [
        ["Kinerja 60% × Sesuai Ekspektasi 100%", "1500000"],
        ["Disiplin 40%", "1000000"],
    ]
    assert baris.total == Decimal("2500000")
    # The same pegawai in March served the whole month.
    beri_rating(pppk, o.kabid, TAHUN, 3, SESUAI)
    hitung(o.admin_opd, 3, dunia.bidang)
    assert tpp(pppk, 3).total == Decimal("5000000")


def test_only_the_units_passed_are_computed(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    jumlah = hitung(o.admin_bkd, 1, dunia.bidang)
    # Bidang PKAP: kabid, staf, rekan; not the kepala, admins (unit BKPSDM) nor Dinkes.
    assert jumlah == 3
    with scopes_disabled():
        dihitung = set(TPPBulanan.objects.values_list("pegawai_id", flat=True))
    assert dihitung == {o.kabid.pk, o.staf.pk, o.rekan.pk}


def test_an_admin_opd_computes_only_units_it_manages(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    assert hitung(o.admin_dinkes, 1, dunia.bidang, dunia.dinkes) == 1  # admin_dinkes only
    with scopes_disabled():
        assert set(TPPBulanan.objects.values_list("pegawai_id", flat=True)) == {o.admin_dinkes.pk}


def test_computing_is_for_admins_with_a_configuration(dunia, t_kelas_9):
    o = t_kelas_9
    with pytest.raises(ValidationError) as e:
        hitung(o.kabid, 1, dunia.bidang)
    assert pesan_galat(e) == "Hanya admin yang menghitung TPP."
    with pytest.raises(ValidationError) as e:
        hitung(o.admin_opd, 1, dunia.bidang)
    assert pesan_galat(e) == "BKD belum mengatur TPP yang berlaku untuk bulan ini."
    buat_konfigurasi(o.admin_bkd, date(TAHUN, 2, 1))
    with pytest.raises(ValidationError):
        hitung(o.admin_opd, 1, dunia.bidang)  # January precedes the first version
    assert baris_tpp() == []


def test_recomputing_after_a_new_absence_updates_the_row(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    hitung(o.admin_opd, 1, dunia.bidang)
    pertama = tpp(o.staf, 1)
    assert pertama.total == Decimal("5000000")
    tambah_absen(o.staf, o.admin_opd, date(TAHUN, 1, 14), date(TAHUN, 1, 15), "tanpa_keterangan")
    hitung(o.admin_opd, 1, dunia.bidang)
    kedua = tpp(o.staf, 1)
    # 5.000.000 − 2.000.000 × 2 × 3 % = 4.880.000, on the same row.
    assert kedua.pk == pertama.pk
    assert kedua.total == Decimal("4880000")
    with scopes_disabled():
        assert TPPBulanan.objects.filter(pegawai=o.staf).count() == 1
        assert TPPBulanan.objects.count() == 3  # staf, kabid, rekan: once each


def test_a_july_version_does_not_change_january(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    beri_rating(o.staf, o.kabid, TAHUN, 1, DIBAWAH)
    hitung(o.admin_opd, 1, dunia.bidang)
    # January (t_konfigurasi): 5.000.000 × 60 % × 70 % = 2.100.000 + 2.000.000 = 4.100.000
    assert tpp(o.staf, 1).total == Decimal("4100000")

    juli = buat_konfigurasi(
        o.admin_bkd,
        date(TAHUN, 7, 1),
        pagu={9: Decimal("6000000")},
        bobot_kinerja=Decimal("0.70"),
        bobot_disiplin=Decimal("0.30"),
        persen_dibawah=Decimal("0.50"),
    )
    beri_rating(o.staf, o.kabid, TAHUN, 7, DIBAWAH)
    hitung(o.admin_opd, 7, dunia.bidang)
    hitung(o.admin_opd, 1, dunia.bidang)  # January again, after July's version exists
    januari, juli_baris = tpp(o.staf, 1), tpp(o.staf, 7)
    # January unchanged: 4.100.000 under the January version.
    assert januari.total == Decimal("4100000")
    assert januari.konfigurasi_id == t_konfigurasi.pk
    # July: kinerja 6.000.000 × 70 % × 50 % = 2.100.000; disiplin 6.000.000 × 30 % =
    # 1.800.000; total 3.900.000.
    assert juli_baris.rincian == [
        ["Kinerja 70% × Dibawah Ekspektasi 50%", "2100000"],
        ["Disiplin 30%", "1800000"],
    ]
    assert juli_baris.total == Decimal("3900000")
    assert juli_baris.konfigurasi_id == juli.pk


def test_another_instansi_never_appears_in_the_computation(dunia, t_kelas_9, t_konfigurasi):
    o = t_kelas_9
    # The other instansi has its own Perkada and a pegawai of kelas 9 too.
    buat_konfigurasi(o.admin_lain, pagu={9: Decimal("4000000")})
    with scopes_disabled():
        Pegawai.objects.filter(pk=o.pegawai_lain.pk).update(kelas_jabatan=9)
        unit_lain = UnitKerja.objects.filter(instansi=dunia.lain)  # built outside any scope
    with scope(instansi=dunia.buleleng.pk):
        # Every unit of Buleleng, by a Celery job (no admin): Buleleng's pegawai only.
        services.tpp_hitung(tahun=TAHUN, bulan=1, units=UnitKerja.objects.all())
        # Handing Buleleng's computation the other instansi's units adds nobody.
        assert services.tpp_hitung(tahun=TAHUN, bulan=1, units=unit_lain, by=o.admin_bkd) == 0
        assert services.tpp_hitung(tahun=TAHUN, bulan=1, units=unit_lain) == 0
    with scopes_disabled():
        instansi = set(TPPBulanan.objects.values_list("instansi_id", flat=True))
        assert not TPPBulanan.objects.filter(pegawai=o.pegawai_lain).exists()
    assert instansi == {dunia.buleleng.pk}
    # The other instansi computes with its own numbers: unrated, 4.000.000 × 40 % = 1.600.000.
    with scope(instansi=dunia.lain.pk):
        assert (
            services.tpp_hitung(
                tahun=TAHUN, bulan=1, units=UnitKerja.objects.all(), by=o.admin_lain
            )
            == 2
        )
    assert tpp(o.pegawai_lain, 1).total == Decimal("1600000")
    assert tpp(o.staf, 1).total == Decimal("2000000")  # Buleleng's own, untouched


def _mutasi_ke_dinkes(dunia, o, skp, tmt):
    """The staf records a mutasi to Dinas Kesehatan; the admin then sets the new kelas 7."""
    with scope(instansi=dunia.buleleng.pk):
        skp_services.skp_mutasi(
            skp=skp, tmt=tmt, unit_kerja=dunia.dinkes, jabatan="Perawat",
            jenis_jabatan="pelaksana", by=segar(o.staf),
        )  # fmt: skip
        organisasi_services.pegawai_ubah_profil(
            pegawai=segar(o.staf), by=segar(o.admin_bkd), kelas_jabatan=7
        )


def test_mutasi_mid_month_splits_the_month_between_the_two_posts_and_opd(
    dunia, t_kelas_9, t_skp_staf
):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd, pagu={9: Decimal("5000000"), 7: Decimal("2600000")})
    beri_rating(o.staf, o.kabid, TAHUN, 3, SESUAI)
    _mutasi_ke_dinkes(dunia, o, t_skp_staf.skp, date(TAHUN, 3, 17))
    # Each OPD's admin computes its own part: the staf now works at Dinkes but served
    # 1–16 March in Bidang PKAP.
    hitung(o.admin_opd, 3, dunia.bidang)
    with scopes_disabled():
        assert list(TPPBulanan.objects.filter(pegawai=o.staf).values_list("bagian", flat=True)) == [
            1
        ]
    hitung(o.admin_dinkes, 3, dunia.dinkes)
    with scopes_disabled():
        lama, baru = TPPBulanan.objects.filter(pegawai=o.staf, bulan=3).order_by("bagian")
    # March 2025: Bidang PKAP works 5 days (21 in March; 10 of them 3–14 March);
    # Dinas Kesehatan works 6 days (26 in March; 13 of them 17–31 March).
    # Old post, kelas 9: 5,000,000 × 10/21 = 2,380,952.38… → kinerja 60 % 1,428,571,
    #   disiplin 40 % 952,380. New post, kelas 7: 2,600,000 × 13/26 = 1,300,000 →
    #   kinerja 780,000, disiplin 520,000.
    assert (lama.unit_kerja_id, lama.opd_id, lama.kelas_jabatan) == (
        dunia.bidang.pk, dunia.bkpsdm.pk, 9)  # fmt: skip
    assert (lama.mulai, lama.selesai) == (date(TAHUN, 3, 1), date(TAHUN, 3, 16))
    assert [j for _, j in lama.rincian] == ["1428571", "952380"]
    assert "× 10/21" in lama.dasar
    assert (baru.unit_kerja_id, baru.opd_id, baru.kelas_jabatan) == (
        dunia.dinkes.pk, dunia.dinkes.pk, 7)  # fmt: skip
    assert [j for _, j in baru.rincian] == ["780000", "520000"]
    assert "× 13/26" in baru.dasar
    assert lama.total + baru.total == Decimal("3680951")
    # Recomputing Dinkes again leaves BKPSDM's part as it is.
    hitung(o.admin_dinkes, 3, dunia.dinkes)
    with scopes_disabled():
        assert TPPBulanan.objects.filter(pegawai=o.staf, bulan=3).count() == 2


def test_a_month_before_the_mutasi_recomputed_later_stays_with_the_old_post(
    dunia, t_kelas_9, t_skp_staf
):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd, pagu={9: Decimal("5000000"), 7: Decimal("2600000")})
    hitung(o.admin_opd, 1, dunia.bidang)
    sebelum = tpp(o.staf, 1)
    _mutasi_ke_dinkes(dunia, o, t_skp_staf.skp, date(TAHUN, 3, 17))
    hitung(o.admin_opd, 1, dunia.bidang)
    sesudah = tpp(o.staf, 1)
    assert (sesudah.opd_id, sesudah.kelas_jabatan, sesudah.total) == (
        dunia.bkpsdm.pk, 9, sebelum.total)  # fmt: skip
    # Dinkes computing January finds nothing of the staf's there.
    hitung(o.admin_dinkes, 1, dunia.dinkes)
    with scopes_disabled():
        assert TPPBulanan.objects.filter(pegawai=o.staf, bulan=1).count() == 1


def test_a_month_no_longer_split_keeps_one_row(dunia, t_kelas_9, t_skp_staf):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd)
    with scopes_disabled():
        TPPBulanan.objects.create(
            instansi=dunia.buleleng, pegawai=o.staf, tahun=TAHUN, bulan=3, bagian=2,
            unit_kerja=dunia.bidang,
        )  # fmt: skip
    hitung(o.admin_opd, 3, dunia.bidang)
    with scopes_disabled():
        assert list(
            TPPBulanan.objects.filter(pegawai=o.staf, bulan=3).values_list("bagian", flat=True)
        ) == [1]


def test_the_months_targets_are_the_rhk_of_the_skp_in_force(dunia, t_orang, t_skp_staf):
    o = t_orang
    rhk = t_skp_staf.rhk
    with scope(instansi=dunia.buleleng.pk):
        assert services.rhk_bulan_ini(o.staf, TAHUN, 3) == rhk
        with pytest.raises(ValidationError) as e:
            services.realisasi_bulanan_ajukan(
                pegawai=o.staf, by=o.staf, tahun=TAHUN, bulan=3,
                per_rhk={rhk[0].pk: "Selesai 4 laporan"},
            )  # fmt: skip
        assert e.value.message_dict == {
            f"rhk_{rhk[1].pk}": ["Tuliskan realisasi RHK ini bulan ini."]
        }
        with pytest.raises(ValidationError, match="RHK tidak ditemukan"):
            services.realisasi_bulanan_ajukan(
                pegawai=o.staf, by=o.staf, tahun=TAHUN, bulan=3,
                per_rhk={r.pk: "x" for r in rhk} | {t_skp_staf.rhk_kabid.pk: "bukan milik saya"},
            )  # fmt: skip
        objek = services.realisasi_bulanan_ajukan(
            pegawai=o.staf, by=o.staf, tahun=TAHUN, bulan=3,
            per_rhk={rhk[0].pk: "Selesai 4 laporan", rhk[1].pk: "Rapat 2 kali"},
        )  # fmt: skip
        assert [(r.rhk_id, r.uraian) for r in objek.per_rhk.all()] == [
            (rhk[0].pk, "Selesai 4 laporan"),
            (rhk[1].pk, "Rapat 2 kali"),
        ]
        assert objek.status == RealisasiBulanan.Status.DIAJUKAN


def test_without_an_skp_the_month_needs_a_general_realisasi(dunia, t_orang):
    o = t_orang
    with scope(instansi=dunia.buleleng.pk):
        assert services.rhk_bulan_ini(o.rekan, TAHUN, 3) == []
        with pytest.raises(ValidationError) as e:
            services.realisasi_bulanan_ajukan(pegawai=o.rekan, by=o.rekan, tahun=TAHUN, bulan=3)
        assert "realisasi" in e.value.message_dict
        assert (
            services.realisasi_bulanan_ajukan(
                pegawai=o.rekan, by=o.rekan, tahun=TAHUN, bulan=3, realisasi="Menyusun laporan"
            ).realisasi
            == "Menyusun laporan"
        )


def test_after_a_mutasi_the_month_has_the_targets_of_both_posts(dunia, t_orang, t_skp_staf):
    o = t_orang
    with scope(instansi=dunia.buleleng.pk):
        baru = skp_services.skp_mutasi(
            skp=t_skp_staf.skp, tmt=date(TAHUN, 3, 17), unit_kerja=dunia.dinkes,
            jabatan="Perawat", jenis_jabatan="pelaksana", by=segar(o.staf),
        )  # fmt: skip
        rhk_baru = skp_services.rhk_simpan(skp=baru, by=segar(o.staf), uraian="Terlayaninya pasien",
                                           jenis="tambahan")  # fmt: skip
        assert services.rhk_bulan_ini(o.staf, TAHUN, 3) == [*t_skp_staf.rhk, rhk_baru]
        assert services.rhk_bulan_ini(o.staf, TAHUN, 4) == [rhk_baru]


def test_a_stale_row_of_the_new_opd_is_replaced_not_counted_twice(dunia, t_kelas_9, t_skp_staf):
    o = t_kelas_9
    buat_konfigurasi(o.admin_bkd, pagu={9: Decimal("5000000"), 7: Decimal("2600000")})
    # Dinkes computed March as if the staf had been there the whole month (bagian 1)…
    with scopes_disabled():
        TPPBulanan.objects.create(
            instansi=dunia.buleleng, pegawai=o.staf, tahun=TAHUN, bulan=3, bagian=1,
            unit_kerja=dunia.dinkes, opd=dunia.dinkes, total=Decimal("2600000"),
        )  # fmt: skip
    # …then the mutasi on 17 March is recorded and Dinkes computes again: only its part.
    _mutasi_ke_dinkes(dunia, o, t_skp_staf.skp, date(TAHUN, 3, 17))
    hitung(o.admin_dinkes, 3, dunia.dinkes)
    with scopes_disabled():
        assert list(
            TPPBulanan.objects.filter(pegawai=o.staf, bulan=3, opd=dunia.dinkes).values_list(
                "bagian", flat=True
            )
        ) == [2]
