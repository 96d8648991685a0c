"""A month's TPP already computed follows an exemption or a ketidakhadiran recorded later
(issue 18: the rekap stayed wrong until someone pressed "Hitung ulang"), and the monthly
TPP steps remind whoever still has work before they close.

Personas and amounts as in tests/tpp/test_services.py: kelas 9 pays Rp5.000.000, 60 %
kinerja and 40 % disiplin.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from jadwal import rules as langkah
from jadwal import services as jadwal_services
from jadwal.models import Jadwal
from organisasi import services as organisasi_services
from organisasi.models import Notifikasi, Pengecualian, UnitKerja
from penilaian.rules import SESUAI
from tests.skp.conftest import TAHUN
from tests.tpp.conftest import ajukan, beri_rating
from tpp import services
from tpp.models import TPPBulanan


def hitung(by, bulan, unit):
    with scope(instansi=by.instansi_id):
        return services.tpp_hitung(
            tahun=TAHUN, bulan=bulan, units=UnitKerja.objects.filter(pk=unit.pk), by=by
        )


def total(pegawai, bulan):
    with scopes_disabled():
        return TPPBulanan.objects.get(pegawai=pegawai, tahun=TAHUN, bulan=bulan).total


def test_an_exemption_recorded_later_recomputes_the_months_already_computed(
    dunia, t_kelas_9, t_konfigurasi, celery_di_proses, django_capture_on_commit_callbacks
):
    o = t_kelas_9
    for bulan in (1, 2):
        hitung(o.admin_opd, bulan, dunia.bidang)
    assert total(o.rekan, 1) == total(o.rekan, 2) == Decimal("2000000")  # unrated: disiplin
    with scope(instansi=dunia.buleleng.pk), django_capture_on_commit_callbacks(execute=True):
        organisasi_services.pengecualian_tambah(
            pengecualian=Pengecualian(
                instansi=dunia.buleleng, pegawai=o.rekan, jenis="cltn", mulai=date(TAHUN, 2, 1)
            ),
            by=o.admin_bkd,
        )
    assert total(o.rekan, 1) == Decimal("2000000")  # before the exemption: unchanged
    assert total(o.rekan, 2) == Decimal("0")  # recomputed without "Hitung ulang"
    with scopes_disabled():
        assert not TPPBulanan.objects.filter(pegawai=o.rekan, bulan=3).exists()


def test_a_ketidakhadiran_added_or_removed_recomputes_its_month(
    dunia, t_kelas_9, t_konfigurasi, celery_di_proses, django_capture_on_commit_callbacks
):
    o = t_kelas_9
    beri_rating(o.staf, o.kabid, TAHUN, 1, SESUAI)
    hitung(o.admin_opd, 1, dunia.bidang)
    assert total(o.staf, 1) == Decimal("5000000")
    with scope(instansi=dunia.buleleng.pk), django_capture_on_commit_callbacks(execute=True):
        absen = services.ketidakhadiran_tambah(
            pegawai=o.staf,
            by=o.admin_opd,
            jenis="tanpa_keterangan",
            mulai=date(TAHUN, 1, 6),
            selesai=date(TAHUN, 1, 6),
        )
    assert total(o.staf, 1) < Decimal("5000000")
    with scope(instansi=dunia.buleleng.pk), django_capture_on_commit_callbacks(execute=True):
        services.ketidakhadiran_hapus(ketidakhadiran=absen, by=o.admin_opd)
    assert total(o.staf, 1) == Decimal("5000000")


def test_monthly_tpp_steps_remind_who_still_has_work(dunia, t_kelas_9, t_skp_staf, t_konfigurasi):
    o = t_kelas_9
    ajukan(o.staf, TAHUN, 1)  # the staf submitted January; the rekan did not
    sekarang = timezone.now()
    with scope(instansi=dunia.buleleng.pk):
        for kode_langkah in (langkah.TPP_AKTIVITAS, langkah.TPP_PENILAIAN):
            Jadwal.objects.create(
                instansi=dunia.buleleng,
                langkah=kode_langkah,
                tahun=TAHUN,
                kode="b01",
                mulai=sekarang - timedelta(days=5),
                batas=sekarang + timedelta(hours=20),
                diatur_oleh=o.admin_bkd,
            )
        jadwal_services.pengingat_kirim(sekarang=sekarang)
        pengingat = {
            (n.penerima_id, n.isi.split(".")[0])
            for n in Notifikasi.objects.filter(jenis=Notifikasi.Jenis.JADWAL)
        }
    assert (o.rekan.pk, "Realisasi bulanan Januari 2025 Anda belum diajukan") in pengingat
    assert (o.staf.pk, "Realisasi bulanan Januari 2025 Anda belum diajukan") not in pengingat
    assert (
        o.kabid.pk,
        "1 bawahan menunggu penilaian realisasi bulanan Januari 2025",
    ) in pengingat
