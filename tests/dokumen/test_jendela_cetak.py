"""Every CETAK step is enforced (issue 19): printing, signing and uploading the scan of a
period's documents happen inside the jadwal's CETAK window of that period, for the
pegawai, the penilai and the admin OPD; a dispensasi (for the pegawai or their unit)
reopens it; without a jadwal nothing is locked; admin BKD, who sets the jadwal, always
prints. Downloading a document already made and the public verification stay open.

Personas (tests/penilaian/conftest.py `orang`): the staf owns the rated TW I; the kabid is
the staf's penilai; admin_opd manages BKPSDM; admin_bkd the instansi.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dokumen import services as dokumen_services
from dokumen.models import CetakMassal, Dokumen
from jadwal import rules as jadwal_rules
from jadwal import services as jadwal_services
from tests.bantuan import masuk, pesan, pesan_galat, segar, teks
from tests.penilaian.conftest import PDF
from tests.penilaian.test_dokumen import TANGGAL, unduhan, unggah
from tests.skp.conftest import TAHUN

TERKUNCI = "Cetak dan unggah dokumen"


def tutup_cetak(orang, kode="tw1"):
    """The BKD's CETAK window of the period, closed since yesterday."""
    batas = timezone.now() - timedelta(days=1)
    return jadwal_services.jadwal_simpan(
        langkah=jadwal_rules.CETAK,
        tahun=TAHUN,
        kode=kode,
        mulai=batas - timedelta(days=30),
        batas=batas,
        by=segar(orang.admin_bkd),
    )


def beri_dispensasi(jadwal, by, **untuk):
    return jadwal_services.dispensasi_beri(
        jadwal=jadwal,
        by=segar(by),
        sampai=timezone.now() + timedelta(days=2),
        alasan="Printer OPD rusak.",
        **untuk,
    )


def minta(periode, by):
    return dokumen_services.dokumen_minta(
        periode=segar(periode), by=segar(by), tanggal=TANGGAL, lokasi="Singaraja"
    )


def tanda_tangani(dokumen, by):
    return dokumen_services.dokumen_tandatangani(dokumen=segar(dokumen), by=segar(by))


def unggah_pindaian(dokumen, by):
    return dokumen_services.dokumen_unggah_pindaian(
        dokumen=segar(dokumen), by=segar(by), berkas=unggah("ttd-basah.pdf", PDF)
    )


def cetak_massal(orang, by):
    return dokumen_services.cetak_massal_minta(
        opd=segar(orang.admin_opd).admin_opd, tahun=TAHUN, kode="tw1", by=segar(by)
    )


def keadaan_dokumen():
    with scopes_disabled():
        return sorted(
            Dokumen.objects.values_list(
                "pk", "status", "tanggal", "ttd_pegawai_pada", "ttd_penilai_pada", "pindaian"
            )
        ), CetakMassal.objects.count()


# ---- without a jadwal, and inside the window ---------------------------------------------


def test_without_a_jadwal_everyone_prints(tw1_dinilai, orang):
    for siapa in (orang.staf, orang.kabid, orang.admin_opd):
        assert len(minta(tw1_dinilai, siapa)) == 3
    assert cetak_massal(orang, orang.admin_opd).status == CetakMassal.Status.ANTRE


def test_inside_an_open_window_everyone_prints(tw1_dinilai, orang):
    jadwal_services.jadwal_simpan(
        langkah=jadwal_rules.CETAK,
        tahun=TAHUN,
        kode="tw1",
        mulai=timezone.now() - timedelta(days=1),
        batas=timezone.now() + timedelta(days=1),
        by=segar(orang.admin_bkd),
    )
    assert len(minta(tw1_dinilai, orang.staf)) == 3
    assert cetak_massal(orang, orang.admin_opd).status == CetakMassal.Status.ANTRE


# ---- a closed window -----------------------------------------------------------------------


def test_a_closed_window_refuses_print_sign_scan_and_zip_with_the_reason(evaluasi_dinilai, orang):
    tutup_cetak(orang)
    sebelum = keadaan_dokumen()
    ditolak = [
        lambda: minta(evaluasi_dinilai.periode, orang.staf),
        lambda: minta(evaluasi_dinilai.periode, orang.kabid),
        lambda: minta(evaluasi_dinilai.periode, orang.admin_opd),
        lambda: tanda_tangani(evaluasi_dinilai, orang.staf),
        lambda: tanda_tangani(evaluasi_dinilai, orang.kabid),
        lambda: unggah_pindaian(evaluasi_dinilai, orang.staf),
        lambda: unggah_pindaian(evaluasi_dinilai, orang.admin_opd),
        lambda: cetak_massal(orang, orang.admin_opd),
    ]
    for i, aksi in enumerate(ditolak):
        with pytest.raises(ValidationError) as galat:
            aksi()
        teks_galat = pesan_galat(galat)
        assert teks_galat.startswith(TERKUNCI) and "dikunci sejak" in teks_galat, i
        assert "minta dispensasi" in teks_galat, i
    assert keadaan_dokumen() == sebelum


def test_who_may_not_sign_is_told_so_before_the_window(evaluasi_dinilai, orang):
    """The role comes first: a colleague learns they never sign, not that it is late."""
    tutup_cetak(orang)
    with pytest.raises(ValidationError) as galat:
        tanda_tangani(evaluasi_dinilai, orang.rekan)
    assert pesan_galat(galat).startswith("Hanya pegawai yang dinilai dan pejabat penilainya")


def test_the_print_dialog_and_buttons_show_the_refusal(client, evaluasi_dinilai, orang):
    tutup_cetak(orang)
    periode = evaluasi_dinilai.periode
    masuk(client, orang.staf)
    halaman = client.post(
        reverse("dokumen_periode", args=[periode.pk]),
        {"tanggal": TANGGAL.isoformat(), "lokasi": "Singaraja"},
    )
    assert halaman.status_code == 200
    assert TERKUNCI in teks(halaman) and "dikunci sejak" in teks(halaman)
    halaman = client.post(reverse("dokumen_tandatangani", args=[evaluasi_dinilai.pk]), follow=True)
    assert pesan(halaman)[0].startswith(TERKUNCI)
    halaman = client.post(
        reverse("dokumen_pindaian", args=[evaluasi_dinilai.pk]),
        {"berkas": unggah("ttd-basah.pdf", PDF)},
        follow=True,
    )
    assert pesan(halaman)[0].startswith(TERKUNCI)
    masuk(client, orang.admin_opd)
    halaman = client.post(
        reverse("cetak_massal") + f"?tahun={TAHUN}&periode=tw1",
        {"opd": segar(orang.admin_opd).admin_opd_id},
    )
    assert halaman.status_code == 200 and TERKUNCI in teks(halaman)
    assert not CetakMassal.objects.exists()


def test_another_periods_window_does_not_lock_this_one(tw1_dinilai, orang):
    tutup_cetak(orang, kode="tw2")
    assert len(minta(tw1_dinilai, orang.staf)) == 3


def test_downloading_and_verifying_stay_open(client, evaluasi_dinilai, orang):
    tutup_cetak(orang)
    masuk(client, orang.staf)
    response = client.get(reverse("dokumen_unduh", args=[evaluasi_dinilai.pk]))
    assert response.status_code == 200
    assert unduhan(response).startswith(b"%PDF-")
    client.logout()
    assert client.get(reverse("verifikasi", args=[evaluasi_dinilai.kode])).status_code == 200


# ---- dispensasi and BKD ----------------------------------------------------------------------


def test_a_dispensasi_for_the_pegawai_reopens_printing_signing_and_the_scan(
    evaluasi_dinilai, orang
):
    jadwal = tutup_cetak(orang)
    beri_dispensasi(jadwal, orang.admin_opd, pegawai=orang.staf)
    assert segar(tanda_tangani(evaluasi_dinilai, orang.staf)).ttd_pegawai_pada is not None
    assert segar(tanda_tangani(evaluasi_dinilai, orang.kabid)).ttd_penilai_pada is not None
    assert segar(unggah_pindaian(evaluasi_dinilai, orang.admin_opd)).pindaian
    assert len(minta(evaluasi_dinilai.periode, orang.staf)) == 3


def test_a_dispensasi_for_the_unit_reopens_it_for_the_pegawai_in_it(tw1_dinilai, orang, dunia):
    jadwal = tutup_cetak(orang)
    beri_dispensasi(jadwal, orang.admin_opd, unit=dunia.bidang)
    assert len(minta(tw1_dinilai, orang.staf)) == 3


def test_a_dispensasi_for_the_admin_reopens_the_zip(orang):
    jadwal = tutup_cetak(orang)
    with pytest.raises(ValidationError):
        cetak_massal(orang, orang.admin_opd)
    beri_dispensasi(jadwal, orang.admin_bkd, pegawai=orang.admin_opd)
    assert cetak_massal(orang, orang.admin_opd).status == CetakMassal.Status.ANTRE


def test_bkd_sets_the_jadwal_and_always_prints(evaluasi_dinilai, orang):
    tutup_cetak(orang)
    assert len(minta(evaluasi_dinilai.periode, orang.admin_bkd)) == 3
    assert segar(unggah_pindaian(evaluasi_dinilai, orang.admin_bkd)).pindaian
    assert cetak_massal(orang, orang.admin_bkd).status == CetakMassal.Status.ANTRE
