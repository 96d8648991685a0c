"""Writes of the evaluation with the personas of tests/penilaian/conftest.py
(DOMAIN: Penilaian).

The staf PKAP owns an approved SKP of two RHK; the kabid PKAP is the staf's atasan and so
pejabat penilai; the rekan is a colleague under the same kabid; the admin BKD is the Tim
Penilai Kinerja.
"""

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from inti.models import Jejak
from organisasi.services import pegawai_ubah_profil
from penilaian import rules, services
from penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    PeriodePenilaian,
    RealisasiIndikator,
    RencanaAksi,
    UmpanBalik,
)
from skp import services as skp_services
from skp.models import SKP
from skp.rules import NAMA_BERAKHLAK
from tests.bantuan import pesan_galat, segar
from tests.conftest import per_modul
from tests.factories import jadikan_pimpinan
from tests.penilaian.conftest import (
    PDF,
    PNG,
    beri_umpan_balik,
    isi_realisasi,
    isi_rencana_aksi,
    pdf,
    png,
    semua_indikator,
    semua_rhk,
    skp_disetujui,
)
from tests.skp.conftest import TAHUN, pegawai_baru, tambah_rhk

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

Status = PeriodePenilaian.Status


def _jejak_status(periode):
    """(aksi, dari, ke, oleh) of every status change of the period, oldest first."""
    return [
        (j.aksi, j.dari.get("status"), j.ke.get("status"), j.oleh_id)
        for j in Jejak.objects.filter(objek_tipe="penilaian.PeriodePenilaian", objek_id=periode.pk)
        .filter(ke__has_key="status")
        .order_by("id")
    ]


def _berkas_di(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _nilai(periode, by, hasil=rules.SESUAI, perilaku=rules.SESUAI):
    return services.periode_nilai(
        periode=periode, by=by, rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku
    )


# --- periode_tambah ----------------------------------------------------------------------


def test_pegawai_adds_triwulan_i_to_an_approved_skp(skp_staf, orang):
    periode = services.periode_tambah(skp=skp_staf, kode="tw1", by=orang.staf)

    periode = segar(periode)
    assert (periode.pegawai, periode.tahun, periode.kode, periode.status) == (
        orang.staf,
        TAHUN,
        "tw1",
        Status.PENGISIAN,
    )
    assert (periode.mulai, periode.selesai) == (date(2025, 1, 1), date(2025, 3, 31))
    assert periode.label == "Triwulan I 2025"
    [jejak] = Jejak.objects.filter(aksi="periode_tambah", objek_id=periode.pk)
    assert jejak.oleh == orang.staf
    assert jejak.ke == {
        "periode": "Triwulan I 2025",
        "mulai": "2025-01-01",
        "selesai": "2025-03-31",
    }


def test_pegawai_adds_the_final_period_over_the_whole_skp(skp_staf, orang):
    periode = services.periode_tambah(skp=skp_staf, kode=rules.FINAL, by=orang.staf)

    assert (periode.mulai, periode.selesai, periode.label) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
        "Final/Tahunan 2025",
    )


def test_pegawai_of_a_monthly_instansi_adds_a_month(skp_staf, orang):
    periode = services.periode_tambah(skp=skp_staf, kode="b02", by=orang.staf, bulanan=True)

    assert (periode.mulai, periode.selesai) == (date(2025, 2, 1), date(2025, 2, 28))


@pytest.mark.parametrize(
    "siapa", ["kabid", "rekan", "admin_bkd", "admin_opd", "kepala", "pegawai_lain", "admin_lain"]
)
def test_only_the_owner_adds_a_periode(skp_staf, orang, siapa):
    with pytest.raises(ValidationError) as galat:
        services.periode_tambah(skp=skp_staf, kode="tw1", by=getattr(orang, siapa))

    assert "Hanya pemilik SKP" in pesan_galat(galat.value)
    assert not PeriodePenilaian.objects.filter(skp=skp_staf).exists()


def test_periode_cannot_be_added_to_a_draft_or_submitted_skp(rantai, orang):
    rekan = orang.rekan
    skp = skp_services.skp_buat(pegawai=rekan, tahun=TAHUN, by=rekan)

    with pytest.raises(ValidationError, match="SKP yang disetujui"):
        services.periode_tambah(skp=skp, kode="tw1", by=rekan)

    tambah_rhk(skp, rekan, "Terverifikasinya usul", intervensi=[rantai.rhk_kabid])
    skp_services.skp_ajukan(skp=segar(skp), by=rekan)
    with pytest.raises(ValidationError, match="SKP yang disetujui"):
        services.periode_tambah(skp=segar(skp), kode="tw1", by=rekan)

    assert not PeriodePenilaian.objects.filter(skp=skp).exists()


def test_periode_cannot_be_added_once_the_skp_is_reopened_for_perubahan(skp_staf, orang):
    skp_services.skp_perubahan(skp=skp_staf, by=orang.staf)

    with pytest.raises(ValidationError, match="SKP yang disetujui"):
        services.periode_tambah(skp=segar(skp_staf), kode="tw1", by=orang.staf)


def test_triwulan_before_the_skp_starts_is_refused_with_the_reason(rantai, dalam_buleleng, orang):
    skp = skp_disetujui(dalam_buleleng, rantai, orang.rekan, mulai=date(2025, 5, 15))

    with pytest.raises(ValidationError) as galat:
        services.periode_tambah(skp=skp, kode="tw1", by=orang.rekan)

    pesan = galat.value.message_dict["kode"][0]
    assert "15 Mei 2025 s.d. 31 Desember 2025" in pesan
    assert "tidak mencakup" in pesan
    tw2 = services.periode_tambah(skp=skp, kode="tw2", by=orang.rekan)
    assert (tw2.mulai, tw2.selesai) == (date(2025, 5, 15), date(2025, 6, 30))


def test_triwulan_iv_of_an_skp_ending_in_november_is_refused_but_the_final_is_offered(
    rantai, dalam_buleleng, orang
):
    skp = skp_disetujui(dalam_buleleng, rantai, orang.rekan, selesai=date(2025, 11, 30))

    with pytest.raises(ValidationError) as galat:
        services.periode_tambah(skp=skp, kode="tw4", by=orang.rekan)

    assert "31 Desember" in galat.value.message_dict["kode"][0]
    final = services.periode_tambah(skp=skp, kode=rules.FINAL, by=orang.rekan)
    assert (final.mulai, final.selesai) == (date(2025, 1, 1), date(2025, 11, 30))


def test_after_mutasi_each_skp_gets_its_own_clipped_triwulan_iii_and_final(
    rantai, dalam_buleleng, orang
):
    d, rekan = dalam_buleleng, orang.rekan
    lama = skp_disetujui(d, rantai, rekan, selesai=date(2025, 7, 31))
    baru = skp_disetujui(d, rantai, rekan, mulai=date(2025, 8, 1))

    tw3_lama = services.periode_tambah(skp=lama, kode="tw3", by=rekan)
    tw3_baru = services.periode_tambah(skp=baru, kode="tw3", by=rekan)
    final_baru = services.periode_tambah(skp=baru, kode=rules.FINAL, by=rekan)

    assert (tw3_lama.mulai, tw3_lama.selesai) == (date(2025, 7, 1), date(2025, 7, 31))
    assert (tw3_baru.mulai, tw3_baru.selesai) == (date(2025, 8, 1), date(2025, 9, 30))
    assert (final_baru.mulai, final_baru.selesai) == (date(2025, 8, 1), date(2025, 12, 31))
    with pytest.raises(ValidationError, match="tidak mencakup"):
        services.periode_tambah(skp=lama, kode="tw4", by=rekan)


@pytest.mark.parametrize(
    "kode,bulanan", [("tw5", False), ("b01", False), ("tw1", True), ("", False)]
)
def test_a_code_outside_the_list_is_refused(skp_staf, orang, kode, bulanan):
    with pytest.raises(ValidationError) as galat:
        services.periode_tambah(skp=skp_staf, kode=kode, by=orang.staf, bulanan=bulanan)

    assert galat.value.message_dict["kode"] == ["Pilih periode penilaian dari daftar."]
    assert not PeriodePenilaian.objects.filter(skp=skp_staf).exists()


def test_the_same_periode_cannot_be_added_twice(tw1, skp_staf, orang):
    with pytest.raises(ValidationError) as galat:
        services.periode_tambah(skp=skp_staf, kode="tw1", by=orang.staf)

    assert galat.value.message_dict["kode"] == ["Periode Triwulan I 2025 sudah ditambahkan."]
    assert PeriodePenilaian.objects.filter(skp=skp_staf).count() == 1
    assert Jejak.objects.filter(aksi="periode_tambah").count() == 1


# --- rencana aksi ------------------------------------------------------------------------


def test_rencana_aksi_target_may_differ_from_the_annual_target(tw1, daftar_rhk, orang):
    ra = services.rencana_aksi_simpan(
        periode=tw1,
        rhk=daftar_rhk[0],
        by=orang.staf,
        uraian="  Menyusun laporan triwulan I  ",
        target=Decimal("1"),
        satuan=" Laporan ",
    )

    ra = segar(ra)
    assert (ra.uraian, ra.target, ra.satuan) == ("Menyusun laporan triwulan I", 1, "Laporan")
    assert daftar_rhk[0].indikator.get().target_min == Decimal("12")
    assert Jejak.objects.filter(aksi="rencana_aksi_tambah", objek_id=tw1.pk).count() == 1


def test_rencana_aksi_needs_uraian_positive_target_and_satuan(tw1, daftar_rhk, orang):
    with pytest.raises(ValidationError) as galat:
        services.rencana_aksi_simpan(
            periode=tw1,
            rhk=daftar_rhk[0],
            by=orang.staf,
            uraian=" ",
            target=Decimal("0"),
            satuan="",
        )

    assert set(galat.value.message_dict) == {"uraian", "target", "satuan"}
    assert not RencanaAksi.objects.exists()


def test_realisasi_is_locked_until_every_rhk_has_a_rencana_aksi(tw1, daftar_rhk, orang):
    [ra] = isi_rencana_aksi(tw1, orang.staf, rhk_list=daftar_rhk[:1])

    with pytest.raises(ValidationError) as galat:
        services.realisasi_simpan(
            periode=tw1, by=orang.staf, rencana_aksi=ra, realisasi="Laporan selesai."
        )

    pesan = pesan_galat(galat.value)
    assert "belum memiliki rencana aksi" in pesan
    assert daftar_rhk[1].uraian in pesan
    assert daftar_rhk[0].uraian not in pesan
    assert segar(ra).realisasi == ""


def test_bukti_is_locked_until_every_rhk_has_a_rencana_aksi(tw1, daftar_rhk, orang):
    [ra] = isi_rencana_aksi(tw1, orang.staf, rhk_list=daftar_rhk[1:])

    with pytest.raises(ValidationError) as galat:
        services.bukti_tambah(periode=tw1, by=orang.staf, rencana_aksi=ra, berkas=pdf())

    assert daftar_rhk[0].uraian in pesan_galat(galat.value)
    assert not BuktiDukung.objects.exists()


def test_realisasi_opens_once_the_last_rhk_gets_its_rencana_aksi(tw1, daftar_rhk, orang):
    [ra] = isi_rencana_aksi(tw1, orang.staf, rhk_list=daftar_rhk[:1])
    isi_rencana_aksi(tw1, orang.staf, rhk_list=daftar_rhk[1:])

    services.realisasi_simpan(
        periode=tw1,
        by=orang.staf,
        rencana_aksi=ra,
        realisasi="  Laporan selesai.  ",
        realisasi_angka=Decimal("1"),
    )

    ra = segar(ra)
    assert (ra.realisasi, ra.realisasi_angka) == ("Laporan selesai.", Decimal("1"))
    [jejak] = Jejak.objects.filter(aksi="realisasi_simpan", objek_id=tw1.pk)
    assert jejak.ke == {"realisasi": "Laporan selesai.", "angka": "1"}


def test_deleting_a_rencana_aksi_locks_realisasi_again(tw1_terbuka, orang):
    periode, [ra1, ra2] = tw1_terbuka

    services.rencana_aksi_hapus(rencana_aksi=ra2, by=orang.staf)

    with pytest.raises(ValidationError, match="belum memiliki rencana aksi"):
        services.realisasi_simpan(
            periode=periode, by=orang.staf, rencana_aksi=ra1, realisasi="Selesai."
        )


def test_a_rencana_aksi_with_bukti_cannot_be_deleted(tw1_terbuka, orang):
    periode, [ra, _] = tw1_terbuka
    services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf())

    with pytest.raises(ValidationError, match="sudah memiliki bukti dukung"):
        services.rencana_aksi_hapus(rencana_aksi=ra, by=orang.staf)

    assert RencanaAksi.objects.filter(pk=ra.pk).exists()


@pytest.mark.parametrize("angka,realisasi", [(Decimal("-1"), "Selesai."), (None, "   ")])
def test_realisasi_must_be_written_and_not_negative(tw1_terbuka, orang, angka, realisasi):
    periode, [ra, _] = tw1_terbuka

    with pytest.raises(ValidationError):
        services.realisasi_simpan(
            periode=periode,
            by=orang.staf,
            rencana_aksi=ra,
            realisasi=realisasi,
            realisasi_angka=angka,
        )

    assert segar(ra).realisasi == ""


def test_final_period_takes_no_rencana_aksi(final, daftar_rhk, orang):
    with pytest.raises(ValidationError, match="tidak memakai rencana aksi"):
        services.rencana_aksi_simpan(
            periode=final,
            rhk=daftar_rhk[0],
            by=orang.staf,
            uraian="Menyusun laporan",
            target=Decimal("12"),
            satuan="Laporan",
        )


def test_final_period_takes_realisasi_and_bukti_per_indikator(final, daftar_indikator, orang):
    ind = daftar_indikator[0]

    services.realisasi_simpan(
        periode=final,
        by=orang.staf,
        indikator=ind,
        realisasi="12 laporan",
        realisasi_angka=Decimal("12"),
    )
    bukti = services.bukti_tambah(periode=final, by=orang.staf, indikator=ind, berkas=pdf())

    realisasi = RealisasiIndikator.objects.get(periode=final, indikator=ind)
    assert (realisasi.realisasi, realisasi.realisasi_angka) == ("12 laporan", Decimal("12"))
    assert (bukti.indikator, bukti.rencana_aksi) == (ind, None)
    assert not RencanaAksi.objects.filter(periode=final).exists()


def test_final_realisasi_saved_twice_keeps_one_row(final, daftar_indikator, orang):
    ind = daftar_indikator[0]
    for teks in ("11 laporan", "12 laporan"):
        services.realisasi_simpan(periode=final, by=orang.staf, indikator=ind, realisasi=teks)

    assert list(
        RealisasiIndikator.objects.filter(periode=final).values_list("realisasi", flat=True)
    ) == ["12 laporan"]


def test_final_realisasi_needs_an_indikator_of_its_own_skp(final, rantai, dalam_buleleng, orang):
    skp_rekan = skp_disetujui(dalam_buleleng, rantai, orang.rekan)
    ind_rekan = semua_indikator(skp_rekan)[0]

    for ind in (None, ind_rekan):
        with pytest.raises(ValidationError, match="Indikator tidak ditemukan"):
            services.realisasi_simpan(
                periode=final, by=orang.staf, indikator=ind, realisasi="12 laporan"
            )
        with pytest.raises(ValidationError, match="Indikator tidak ditemukan"):
            services.bukti_tambah(periode=final, by=orang.staf, indikator=ind, berkas=pdf())

    assert not RealisasiIndikator.objects.exists()
    assert not BuktiDukung.objects.exists()


def test_rencana_aksi_of_another_period_is_refused(tw1_terbuka, skp_staf, orang):
    periode, _ = tw1_terbuka
    tw2 = services.periode_tambah(skp=skp_staf, kode="tw2", by=orang.staf)
    ra_tw2 = isi_rencana_aksi(tw2, orang.staf)[0]

    with pytest.raises(ValidationError, match="tidak ditemukan pada periode ini"):
        services.realisasi_simpan(
            periode=periode, by=orang.staf, rencana_aksi=ra_tw2, realisasi="Selesai."
        )
    with pytest.raises(ValidationError, match="tidak ditemukan pada periode ini"):
        services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra_tw2, berkas=pdf())
    with pytest.raises(ValidationError, match="tidak ditemukan pada periode ini"):
        services.rencana_aksi_simpan(
            periode=periode,
            rhk=ra_tw2.rhk,
            by=orang.staf,
            uraian="Diubah lewat periode lain",
            target=Decimal("1"),
            satuan="Laporan",
            rencana_aksi=ra_tw2,
        )

    ra_tw2 = segar(ra_tw2)
    assert (ra_tw2.realisasi, ra_tw2.periode_id) == ("", tw2.pk)
    assert not ra_tw2.uraian.startswith("Diubah")


def test_rencana_aksi_and_rhk_of_another_skp_are_refused(
    tw1_terbuka, rantai, dalam_buleleng, orang
):
    periode, _ = tw1_terbuka
    skp_rekan = skp_disetujui(dalam_buleleng, rantai, orang.rekan)
    tw1_rekan = services.periode_tambah(skp=skp_rekan, kode="tw1", by=orang.rekan)
    ra_rekan = isi_rencana_aksi(tw1_rekan, orang.rekan)[0]

    with pytest.raises(ValidationError, match="tidak ditemukan pada periode ini"):
        services.realisasi_simpan(
            periode=periode, by=orang.staf, rencana_aksi=ra_rekan, realisasi="Selesai."
        )
    with pytest.raises(ValidationError) as galat:
        services.rencana_aksi_simpan(
            periode=periode,
            rhk=ra_rekan.rhk,
            by=orang.staf,
            uraian="RHK orang lain",
            target=Decimal("1"),
            satuan="Laporan",
        )

    assert "rhk" in galat.value.message_dict
    assert segar(ra_rekan).realisasi == ""
    assert RencanaAksi.objects.filter(periode=periode).count() == 2


# --- owner-only and pengisian-only writes ------------------------------------------------


@pytest.mark.parametrize("siapa", ["kabid", "rekan", "admin_bkd", "kepala", "pegawai_lain"])
def test_only_the_owner_writes_the_periode(tw1_terbuka, daftar_rhk, orang, siapa):
    periode, [ra, _] = tw1_terbuka
    orang_lain = getattr(orang, siapa)
    tulis = [
        lambda: services.rencana_aksi_simpan(
            periode=periode,
            rhk=daftar_rhk[0],
            by=orang_lain,
            uraian="Disusupkan",
            target=Decimal("1"),
            satuan="Laporan",
        ),
        lambda: services.rencana_aksi_hapus(rencana_aksi=ra, by=orang_lain),
        lambda: services.realisasi_simpan(
            periode=periode, by=orang_lain, rencana_aksi=ra, realisasi="Disusupkan"
        ),
        lambda: services.bukti_tambah(
            periode=periode, by=orang_lain, rencana_aksi=ra, berkas=pdf()
        ),
        lambda: services.periode_ajukan(periode=periode, by=orang_lain),
    ]

    for t in tulis:
        with pytest.raises(ValidationError, match="Hanya pegawai pemilik SKP"):
            t()

    assert RencanaAksi.objects.filter(periode=periode).count() == 2
    assert segar(ra).realisasi == ""
    assert not BuktiDukung.objects.exists()
    assert segar(periode).status == Status.PENGISIAN


def test_a_submitted_periode_cannot_be_changed_until_withdrawn(tw1_diajukan, orang):
    ra = RencanaAksi.objects.filter(periode=tw1_diajukan).first()

    with pytest.raises(ValidationError) as galat:
        services.realisasi_simpan(
            periode=tw1_diajukan, by=orang.staf, rencana_aksi=ra, realisasi="Diubah"
        )
    assert "Menunggu penilaian" in pesan_galat(galat.value)
    assert "Tarik kembali pengajuan dulu" in pesan_galat(galat.value)

    periode = services.periode_tarik(periode=tw1_diajukan, by=orang.staf)
    services.realisasi_simpan(periode=periode, by=orang.staf, rencana_aksi=ra, realisasi="Diubah")

    assert periode.status == Status.PENGISIAN
    assert segar(ra).realisasi == "Diubah"


def test_only_the_owner_withdraws_a_submission(tw1_diajukan, orang):
    for siapa in (orang.kabid, orang.rekan):
        with pytest.raises(ValidationError, match="Hanya pegawai pemilik"):
            services.periode_tarik(periode=tw1_diajukan, by=siapa)

    assert segar(tw1_diajukan).status == Status.DIAJUKAN


def test_a_rated_periode_can_neither_be_changed_nor_withdrawn(tw1_siap_dinilai, orang):
    periode = _nilai(tw1_siap_dinilai, orang.kabid)
    ra = RencanaAksi.objects.filter(periode=periode).first()

    with pytest.raises(ValidationError, match="Dinilai"):
        services.bukti_tambah(
            periode=periode, by=orang.staf, rencana_aksi=ra, tautan="https://contoh.go.id/a"
        )
    with pytest.raises(ValidationError):
        services.periode_tarik(periode=periode, by=orang.staf)

    assert segar(periode).status == Status.DINILAI


# --- periode_ajukan ----------------------------------------------------------------------


def test_periode_cannot_be_submitted_before_every_realisasi(tw1_terbuka, orang):
    periode, [ra1, ra2] = tw1_terbuka
    services.realisasi_simpan(periode=periode, by=orang.staf, rencana_aksi=ra1, realisasi="Ok")

    with pytest.raises(ValidationError) as galat:
        services.periode_ajukan(periode=periode, by=orang.staf)

    pesan = pesan_galat(galat.value)
    assert pesan.startswith("Realisasi belum diisi untuk: ")
    assert ra2.uraian in pesan and ra1.uraian not in pesan
    assert segar(periode).status == Status.PENGISIAN


def test_periode_without_rencana_aksi_cannot_be_submitted(tw1, daftar_rhk, orang):
    with pytest.raises(ValidationError) as galat:
        services.periode_ajukan(periode=tw1, by=orang.staf)

    assert all(r.uraian in pesan_galat(galat.value) for r in daftar_rhk)
    assert segar(tw1).status == Status.PENGISIAN


def test_final_period_cannot_be_submitted_before_every_indikator_has_realisasi(
    final, daftar_indikator, orang
):
    services.realisasi_simpan(
        periode=final, by=orang.staf, indikator=daftar_indikator[0], realisasi="12 laporan"
    )

    with pytest.raises(ValidationError) as galat:
        services.periode_ajukan(periode=final, by=orang.staf)

    assert daftar_indikator[1].uraian in pesan_galat(galat.value)
    assert daftar_indikator[0].uraian not in pesan_galat(galat.value)


def test_complete_periode_is_submitted_to_the_penilai(tw1_terbuka, orang):
    periode, _ = tw1_terbuka
    isi_realisasi(periode, orang.staf)

    periode = services.periode_ajukan(periode=periode, by=orang.staf)

    assert periode.status == Status.DIAJUKAN
    assert periode.diajukan_pada is not None
    assert _jejak_status(periode) == [
        ("periode_diajukan", Status.PENGISIAN, Status.DIAJUKAN, orang.staf.pk)
    ]


def test_complete_final_period_is_submitted(final, orang):
    isi_realisasi(final, orang.staf)

    assert services.periode_ajukan(periode=final, by=orang.staf).status == Status.DIAJUKAN


def test_pegawai_without_a_penilai_cannot_submit(tw1_terbuka, dalam_buleleng, orang):
    periode, _ = tw1_terbuka
    isi_realisasi(periode, orang.staf)
    # The subbidang has no pimpinan, and a staf's atasan is only the pimpinan of the own unit.
    pegawai_ubah_profil(pegawai=orang.staf, by=orang.staf, unit_kerja=dalam_buleleng.subbidang)

    with pytest.raises(ValidationError, match="belum memiliki pejabat penilai"):
        services.periode_ajukan(periode=periode, by=segar(orang.staf))

    assert segar(periode).status == Status.PENGISIAN


# --- bukti dukung ------------------------------------------------------------------------


def test_png_named_pdf_is_accepted_as_png_and_stored_as_png(tw1_terbuka, orang, media_sementara):
    periode, [ra, _] = tw1_terbuka

    bukti = services.bukti_tambah(
        periode=periode,
        by=orang.staf,
        rencana_aksi=ra,
        berkas=png("foto-kegiatan.pdf"),
        keterangan="  Foto kegiatan  ",
    )

    bukti = segar(bukti)
    assert (bukti.jenis_berkas, bukti.ekstensi) == ("image/png", ".png")
    assert bukti.nama_asli == "foto-kegiatan.pdf"
    assert bukti.berkas.name.endswith(".png")
    assert "foto-kegiatan" not in bukti.berkas.name
    assert (bukti.sha256, bukti.ukuran) == (hashlib.sha256(PNG).hexdigest(), len(PNG))
    assert (bukti.keterangan, bukti.diunggah_oleh, bukti.aktif) == (
        "Foto kegiatan",
        orang.staf,
        True,
    )
    [tersimpan] = _berkas_di(media_sementara)
    assert tersimpan.read_bytes() == PNG
    assert Jejak.objects.get(aksi="bukti_tambah").ke["sha256"] == bukti.sha256


def test_pdf_is_accepted(tw1_terbuka, orang):
    periode, [ra, _] = tw1_terbuka

    bukti = services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf())

    assert (bukti.jenis_berkas, bukti.ekstensi) == ("application/pdf", ".pdf")


@pytest.mark.parametrize(
    "berkas,pesan",
    [
        (SimpleUploadedFile("laporan.pdf", b"Ini hanya teks biasa, bukan PDF."), "tidak diterima"),
        (SimpleUploadedFile("skrip.png", b"#!/bin/sh\nrm -rf /\n"), "tidak diterima"),
        (SimpleUploadedFile("kosong.pdf", b""), "Berkas kosong"),
    ],
    ids=["teks-bernama-pdf", "skrip-bernama-png", "kosong"],
)
def test_upload_judged_by_content_is_refused(tw1_terbuka, orang, media_sementara, berkas, pesan):
    periode, [ra, _] = tw1_terbuka

    with pytest.raises(ValidationError) as galat:
        services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=berkas)

    assert pesan in galat.value.message_dict["berkas"][0]
    assert not BuktiDukung.objects.exists()
    assert _berkas_di(media_sementara) == []


def test_upload_larger_than_the_limit_is_refused(tw1_terbuka, orang, media_sementara):
    periode, [ra, _] = tw1_terbuka

    with override_settings(BUKTI_UKURAN_MAKS=len(PDF) - 1):
        with pytest.raises(ValidationError) as galat:
            services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf())

    assert "terlalu besar" in galat.value.message_dict["berkas"][0]
    assert not BuktiDukung.objects.exists()
    assert _berkas_di(media_sementara) == []


def test_upload_of_exactly_the_limit_is_accepted(tw1_terbuka, orang):
    periode, [ra, _] = tw1_terbuka

    with override_settings(BUKTI_UKURAN_MAKS=len(PDF)):
        bukti = services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf())

    assert bukti.ukuran == len(PDF)


def test_default_limit_refuses_a_pdf_over_ten_megabytes(tw1_terbuka, orang):
    periode, [ra, _] = tw1_terbuka
    besar = pdf(isi=PDF + b"\0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError, match="terlalu besar"):
        services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=besar)


def test_link_is_accepted_as_bukti(tw1_terbuka, orang):
    periode, [ra, _] = tw1_terbuka

    bukti = services.bukti_tambah(
        periode=periode, by=orang.staf, rencana_aksi=ra, tautan="https://drive.contoh.id/laporan"
    )

    bukti = segar(bukti)
    assert (bukti.tautan, bukti.berkas.name, str(bukti)) == (
        "https://drive.contoh.id/laporan",
        "",
        "https://drive.contoh.id/laporan",
    )


@pytest.mark.parametrize(
    "tautan",
    ["ftp://contoh.id/laporan.pdf", "javascript:alert(1)", "drive.contoh.id/laporan", "//x.id/a"],
)
def test_link_must_start_with_http_or_https(tw1_terbuka, orang, tautan):
    periode, [ra, _] = tw1_terbuka

    with pytest.raises(ValidationError) as galat:
        services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, tautan=tautan)

    assert "https://" in galat.value.message_dict["tautan"][0]
    assert not BuktiDukung.objects.exists()


@pytest.mark.parametrize("berkas_dan_tautan", [True, False])
def test_bukti_is_one_file_or_one_link(tw1_terbuka, orang, berkas_dan_tautan):
    periode, [ra, _] = tw1_terbuka
    isi = {"berkas": pdf(), "tautan": "https://contoh.id/a"} if berkas_dan_tautan else {}

    with pytest.raises(ValidationError, match="satu berkas atau isi satu tautan"):
        services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, **isi)

    assert not BuktiDukung.objects.exists()


def test_replacing_a_bukti_keeps_the_old_row_and_its_file(tw1_terbuka, orang, media_sementara):
    periode, [ra, ra_lain] = tw1_terbuka
    lama = services.bukti_tambah(
        periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf("laporan-v1.pdf")
    )

    # The replacement stays with the rencana aksi of the old bukti, whatever else is sent.
    baru = services.bukti_tambah(
        periode=periode,
        by=orang.staf,
        rencana_aksi=ra_lain,
        berkas=png("laporan-v2.png"),
        ganti=lama,
    )

    lama, baru = segar(lama), segar(baru)
    assert lama.diganti_oleh == baru
    assert (lama.aktif, baru.aktif) == (False, True)
    assert baru.rencana_aksi == ra
    assert lama.berkas.name != baru.berkas.name
    assert {p.read_bytes() for p in _berkas_di(media_sementara)} == {PDF, PNG}
    assert lama.berkas.storage.exists(lama.berkas.name)
    [jejak] = Jejak.objects.filter(aksi="bukti_ganti")
    assert jejak.dari == {"bukti": "laporan-v1.pdf"}


def test_replacing_with_the_same_content_still_keeps_both_files(
    tw1_terbuka, orang, media_sementara
):
    periode, [ra, _] = tw1_terbuka
    lama = services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf())

    baru = services.bukti_tambah(
        periode=periode, by=orang.staf, berkas=pdf("laporan-lagi.pdf"), ganti=lama
    )

    assert segar(lama).berkas.name != baru.berkas.name
    assert len(_berkas_di(media_sementara)) == 2


def test_a_bukti_already_replaced_cannot_be_replaced_again(tw1_terbuka, orang):
    periode, [ra, _] = tw1_terbuka
    lama = services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf())
    services.bukti_tambah(periode=periode, by=orang.staf, berkas=png(), ganti=lama)

    with pytest.raises(ValidationError, match="Bukti yang diganti tidak ditemukan"):
        services.bukti_tambah(periode=periode, by=orang.staf, berkas=png(), ganti=segar(lama))

    assert BuktiDukung.objects.count() == 2


def test_a_bukti_of_another_period_cannot_be_replaced(tw1_terbuka, skp_staf, orang):
    periode, [ra, _] = tw1_terbuka
    tw2 = services.periode_tambah(skp=skp_staf, kode="tw2", by=orang.staf)
    [ra_tw2, _] = isi_rencana_aksi(tw2, orang.staf)
    bukti_tw2 = services.bukti_tambah(periode=tw2, by=orang.staf, rencana_aksi=ra_tw2, berkas=pdf())

    with pytest.raises(ValidationError, match="Bukti yang diganti tidak ditemukan"):
        services.bukti_tambah(periode=periode, by=orang.staf, berkas=png(), ganti=bukti_tw2)

    assert segar(bukti_tw2).aktif
    assert not BuktiDukung.objects.filter(periode=periode).exists()


@pytest.mark.parametrize(
    "pengganti",
    [
        lambda: SimpleUploadedFile("laporan-v2.pdf", b"bukan pdf"),
        lambda: SimpleUploadedFile("laporan-v2.pdf", b""),
    ],
    ids=["teks", "kosong"],
)
def test_a_failed_replacement_leaves_the_earlier_bukti_and_realisasi_untouched(
    tw1_terbuka, orang, media_sementara, pengganti
):
    periode, [ra, _] = tw1_terbuka
    services.realisasi_simpan(
        periode=periode, by=orang.staf, rencana_aksi=ra, realisasi="Laporan TW I selesai."
    )
    lama = services.bukti_tambah(periode=periode, by=orang.staf, rencana_aksi=ra, berkas=pdf())
    berkas_sebelum = _berkas_di(media_sementara)

    with pytest.raises(ValidationError):
        services.bukti_tambah(periode=periode, by=orang.staf, berkas=pengganti(), ganti=lama)

    lama = segar(lama)
    assert lama.aktif
    assert list(BuktiDukung.objects.all()) == [lama]
    assert _berkas_di(media_sementara) == berkas_sebelum
    assert berkas_sebelum[0].read_bytes() == PDF
    assert segar(ra).realisasi == "Laporan TW I selesai."
    assert not Jejak.objects.filter(aksi="bukti_ganti").exists()


# --- umpan balik and rating --------------------------------------------------------------


def test_penilai_cannot_rate_before_feedback(tw1_diajukan, daftar_rhk, orang):
    with pytest.raises(ValidationError) as galat:
        _nilai(tw1_diajukan, orang.kabid, rules.DIATAS, rules.DIATAS)

    pesan = pesan_galat(galat.value)
    assert pesan.startswith("Berikan umpan balik dulu sebelum rating.")
    for r in daftar_rhk:
        assert f"RHK: {r.uraian}" in pesan
    for nama in NAMA_BERAKHLAK.values():
        assert f"Perilaku: {nama}" in pesan
    periode = segar(tw1_diajukan)
    assert (periode.status, periode.predikat, periode.rating_hasil_kerja) == (
        Status.DIAJUKAN,
        "",
        "",
    )


def test_penilai_cannot_rate_with_one_berakhlak_value_without_feedback(tw1_diajukan, orang):
    terakhir = list(NAMA_BERAKHLAK)[-1]
    beri_umpan_balik(tw1_diajukan, orang.kabid, perilaku=list(NAMA_BERAKHLAK)[:-1])

    with pytest.raises(ValidationError) as galat:
        _nilai(tw1_diajukan, orang.kabid)

    pesan = pesan_galat(galat.value)
    assert pesan.endswith(f"Belum ada umpan balik untuk: Perilaku: {NAMA_BERAKHLAK[terakhir]}")
    assert segar(tw1_diajukan).status == Status.DIAJUKAN


def test_penilai_cannot_rate_with_one_rhk_without_feedback(tw1_diajukan, daftar_rhk, orang):
    beri_umpan_balik(tw1_diajukan, orang.kabid, rhk=False)
    services.umpan_balik_simpan(
        periode=tw1_diajukan, by=orang.kabid, rhk=daftar_rhk[0], isi="Baik sekali."
    )

    with pytest.raises(ValidationError) as galat:
        _nilai(tw1_diajukan, orang.kabid)

    assert galat.value.messages[0].endswith(f"untuk: RHK: {daftar_rhk[1].uraian}")


def test_feedback_is_given_only_on_a_submitted_periode(tw1_terbuka, daftar_rhk, orang):
    periode, _ = tw1_terbuka

    with pytest.raises(ValidationError, match="menunggu penilaian"):
        services.umpan_balik_simpan(
            periode=periode, by=orang.kabid, rhk=daftar_rhk[0], isi="Terlalu awal."
        )

    assert not UmpanBalik.objects.exists()


def test_feedback_must_be_written_and_about_a_known_value(tw1_diajukan, orang):
    with pytest.raises(ValidationError):
        services.umpan_balik_simpan(
            periode=tw1_diajukan, by=orang.kabid, perilaku="akuntabel", isi=" "
        )
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.umpan_balik_simpan(periode=tw1_diajukan, by=orang.kabid, perilaku="jujur", isi="x")

    assert not UmpanBalik.objects.exists()


def test_nul_in_a_feedback_is_refused_not_stored(tw1_diajukan, daftar_rhk, orang):
    # PostgreSQL cannot store NUL in text: unchecked, the feedback form answered 500.
    with pytest.raises(ValidationError, match="karakter kendali"):
        services.umpan_balik_simpan_semua(
            periode=tw1_diajukan,
            by=orang.kabid,
            rhk={daftar_rhk[0].pk: "Baik."},
            perilaku={"akuntabel": "Tepat\x00waktu"},
        )

    assert not UmpanBalik.objects.exists()  # all or nothing: the RHK's feedback neither


def test_feedback_on_an_rhk_of_another_skp_is_refused(tw1_diajukan, rantai, dalam_buleleng, orang):
    rhk_rekan = semua_rhk(skp_disetujui(dalam_buleleng, rantai, orang.rekan))[0]

    with pytest.raises(ValidationError, match="RHK tidak ditemukan"):
        services.umpan_balik_simpan(periode=tw1_diajukan, by=orang.kabid, rhk=rhk_rekan, isi="x")


def test_feedback_given_again_replaces_the_first(tw1_diajukan, daftar_rhk, orang):
    for isi in ("Kurang rinci.", "Sudah dilengkapi, baik."):
        services.umpan_balik_simpan(
            periode=tw1_diajukan, by=orang.kabid, rhk=daftar_rhk[0], isi=isi
        )

    assert list(UmpanBalik.objects.values_list("isi", flat=True)) == ["Sudah dilengkapi, baik."]


@pytest.mark.parametrize(
    "hasil,perilaku",
    [(h, p) for h in rules.RATING for p in rules.RATING],
)
def test_predikat_stored_follows_the_matrix(tw1_siap_dinilai, orang, hasil, perilaku):
    periode = _nilai(tw1_siap_dinilai, orang.kabid, hasil, perilaku)

    harapan = rules.predikat(hasil_kerja=hasil, perilaku_kerja=perilaku)
    periode = segar(periode)
    assert (periode.rating_hasil_kerja, periode.rating_perilaku_kerja, periode.predikat) == (
        hasil,
        perilaku,
        harapan,
    )
    assert periode.status == (
        Status.MENUNGGU_REVIEW if harapan == rules.SANGAT_BAIK else Status.DINILAI
    )
    assert (periode.penilai, periode.dinilai_pada is not None) == (orang.kabid, True)
    [jejak] = Jejak.objects.filter(objek_id=periode.pk, aksi=f"periode_{periode.status}")
    assert jejak.ke["predikat"] == harapan
    assert jejak.oleh == orang.kabid


def test_rating_must_be_one_of_the_three(tw1_siap_dinilai, orang):
    with pytest.raises(ValidationError) as galat:
        _nilai(tw1_siap_dinilai, orang.kabid, "baik", "")

    assert set(galat.value.message_dict) == {"rating_hasil_kerja", "rating_perilaku_kerja"}
    assert segar(tw1_siap_dinilai).status == Status.DIAJUKAN


def test_a_periode_still_being_filled_cannot_be_rated(tw1_terbuka, orang):
    periode, _ = tw1_terbuka

    with pytest.raises(ValidationError):
        _nilai(periode, orang.kabid)

    assert segar(periode).status == Status.PENGISIAN


@pytest.mark.parametrize(
    "siapa", ["rekan", "staf", "admin_bkd", "admin_opd", "kepala", "pegawai_lain"]
)
def test_only_the_current_atasan_gives_feedback_rates_or_returns(
    tw1_siap_dinilai, daftar_rhk, orang, siapa
):
    bukan_penilai = getattr(orang, siapa)

    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        services.umpan_balik_simpan(
            periode=tw1_siap_dinilai, by=bukan_penilai, rhk=daftar_rhk[0], isi="Disusupkan"
        )
    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        _nilai(tw1_siap_dinilai, bukan_penilai, rules.DIATAS, rules.DIATAS)
    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        services.periode_kembalikan(periode=tw1_siap_dinilai, by=bukan_penilai, catatan="x")

    periode = segar(tw1_siap_dinilai)
    assert (periode.status, periode.predikat) == (Status.DIAJUKAN, "")
    assert not UmpanBalik.objects.filter(isi="Disusupkan").exists()


def test_after_a_new_kabid_is_appointed_only_the_new_one_rates(
    tw1_siap_dinilai, dalam_buleleng, orang
):
    d = dalam_buleleng
    kabid_baru = pegawai_baru(d, d.bidang, "Kabid PKAP Baru")
    jadikan_pimpinan(kabid_baru, d.bidang)

    with pytest.raises(ValidationError, match="Hanya pejabat penilai"):
        _nilai(tw1_siap_dinilai, segar(orang.kabid))
    periode = _nilai(tw1_siap_dinilai, segar(kabid_baru))

    assert (periode.status, periode.penilai) == (Status.DINILAI, kabid_baru)


def test_penilai_returns_a_periode_to_be_completed_with_a_catatan(tw1_diajukan, orang):
    with pytest.raises(ValidationError) as galat:
        services.periode_kembalikan(periode=tw1_diajukan, by=orang.kabid, catatan="  ")
    assert "catatan" in galat.value.message_dict

    periode = services.periode_kembalikan(
        periode=tw1_diajukan, by=orang.kabid, catatan=" Lampirkan daftar hadir. "
    )

    assert (periode.status, periode.catatan_pengembalian) == (
        Status.PENGISIAN,
        "Lampirkan daftar hadir.",
    )
    # Submitting again clears the catatan.
    assert services.periode_ajukan(periode=periode, by=orang.staf).catatan_pengembalian == ""


def test_penilai_cannot_bypass_the_review_by_rating_again(tw1_menunggu_review, orang):
    with pytest.raises(ValidationError):
        _nilai(tw1_menunggu_review, orang.kabid, rules.SESUAI, rules.SESUAI)

    assert segar(tw1_menunggu_review).status == Status.MENUNGGU_REVIEW


# --- review Sangat Baik by the Tim Penilai Kinerja ---------------------------------------


def test_admin_bkd_approves_a_sangat_baik(tw1_menunggu_review, orang):
    periode = services.review_setujui(periode=tw1_menunggu_review, by=orang.admin_bkd)

    periode = segar(periode)
    assert (periode.status, periode.predikat, periode.penilai) == (
        Status.DINILAI,
        rules.SANGAT_BAIK,
        orang.kabid,
    )
    assert (periode.direview_oleh, periode.direview_pada is not None) == (orang.admin_bkd, True)


@pytest.mark.parametrize("siapa", ["kabid", "kepala", "admin_opd", "staf"])
def test_only_admin_bkd_reviews(tw1_menunggu_review, orang, siapa):
    bukan_tpk = getattr(orang, siapa)

    with pytest.raises(ValidationError, match="Tim Penilai Kinerja"):
        services.review_setujui(periode=tw1_menunggu_review, by=bukan_tpk)
    with pytest.raises(ValidationError, match="Tim Penilai Kinerja"):
        services.review_kembalikan(periode=tw1_menunggu_review, by=bukan_tpk, catatan="Ulangi.")

    periode = segar(tw1_menunggu_review)
    assert (periode.status, periode.predikat) == (Status.MENUNGGU_REVIEW, rules.SANGAT_BAIK)


def test_admin_bkd_of_another_instansi_cannot_review(tw1_menunggu_review, orang):
    with pytest.raises(ValidationError):
        services.review_setujui(periode=tw1_menunggu_review, by=orang.admin_lain)

    assert segar(tw1_menunggu_review).status == Status.MENUNGGU_REVIEW


def test_review_return_needs_a_catatan(tw1_menunggu_review, orang):
    with pytest.raises(ValidationError) as galat:
        services.review_kembalikan(periode=tw1_menunggu_review, by=orang.admin_bkd, catatan=" ")

    assert "catatan" in galat.value.message_dict
    assert segar(tw1_menunggu_review).status == Status.MENUNGGU_REVIEW


def test_review_return_clears_the_ratings_and_goes_back_to_the_penilai(tw1_menunggu_review, orang):
    periode = services.review_kembalikan(
        periode=tw1_menunggu_review, by=orang.admin_bkd, catatan=" Bukti belum mendukung. "
    )

    periode = segar(periode)
    assert periode.status == Status.DIAJUKAN
    assert (periode.rating_hasil_kerja, periode.rating_perilaku_kerja, periode.predikat) == (
        "",
        "",
        "",
    )
    assert (periode.catatan_review, periode.direview_oleh) == (
        "Bukti belum mendukung.",
        orang.admin_bkd,
    )
    # The feedback stays: the penilai rates again at once, and the catatan is cleared.
    periode = _nilai(periode, orang.kabid, rules.DIATAS, rules.SESUAI)
    assert (periode.status, periode.predikat, periode.catatan_review) == (
        Status.DINILAI,
        rules.BAIK,
        "",
    )


def test_an_approved_sangat_baik_cannot_be_reviewed_again(tw1_menunggu_review, orang):
    periode = services.review_setujui(periode=tw1_menunggu_review, by=orang.admin_bkd)

    with pytest.raises(ValidationError):
        services.review_kembalikan(periode=periode, by=orang.admin_bkd, catatan="Berubah pikiran.")
    with pytest.raises(ValidationError):
        services.review_setujui(periode=periode, by=orang.admin_bkd)

    assert segar(periode).status == Status.DINILAI


def test_review_approves_only_a_period_waiting_for_review(tw1_siap_dinilai, orang):
    with pytest.raises(ValidationError):
        services.review_setujui(periode=tw1_siap_dinilai, by=orang.admin_bkd)

    assert segar(tw1_siap_dinilai).status == Status.DIAJUKAN


def test_review_return_applies_only_to_a_period_waiting_for_review(tw1_terbuka, orang):
    periode, _ = tw1_terbuka

    with pytest.raises(ValidationError):
        services.review_kembalikan(periode=periode, by=orang.admin_bkd, catatan="Ulangi.")

    assert segar(periode).status == Status.PENGISIAN


# --- capaian organisasi ------------------------------------------------------------------


def test_admin_bkd_sets_the_capaian_of_an_opd_and_may_change_it(dalam_buleleng, orang):
    d = dalam_buleleng

    services.capaian_tetapkan(opd=d.bkpsdm, tahun=TAHUN, capaian=rules.ISTIMEWA, by=orang.admin_bkd)
    capaian = services.capaian_tetapkan(
        opd=d.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=orang.admin_bkd
    )

    assert list(CapaianOrganisasi.objects.values_list("opd", "capaian")) == [
        (d.bkpsdm.pk, rules.BAIK)
    ]
    assert capaian.ditetapkan_oleh == orang.admin_bkd
    jejak = [
        (j.dari, j.ke)
        for j in Jejak.objects.filter(aksi="capaian_organisasi", objek_id=d.bkpsdm.pk).order_by(
            "id"
        )
    ]
    assert jejak == [
        ({}, {"capaian": "istimewa", "tahun": TAHUN}),
        ({"capaian": "istimewa"}, {"capaian": "baik", "tahun": TAHUN}),
    ]


@pytest.mark.parametrize("siapa", ["admin_opd", "kabid", "kepala"])
def test_only_bkd_sets_the_capaian(dalam_buleleng, orang, siapa):
    with pytest.raises(ValidationError, match="Hanya BKD"):
        services.capaian_tetapkan(
            opd=dalam_buleleng.bkpsdm,
            tahun=TAHUN,
            capaian=rules.ISTIMEWA,
            by=getattr(orang, siapa),
        )

    assert not CapaianOrganisasi.objects.exists()


@pytest.mark.parametrize("unit", ["bidang", "subbidang", "root", "opd_lain"])
def test_capaian_is_set_only_on_an_opd_of_ones_own_instansi(dalam_buleleng, orang, unit):
    with pytest.raises(ValidationError) as galat:
        services.capaian_tetapkan(
            opd=getattr(dalam_buleleng, unit),
            tahun=TAHUN,
            capaian=rules.BAIK,
            by=orang.admin_bkd,
        )

    assert "opd" in galat.value.message_dict
    assert not CapaianOrganisasi.objects.exists()


def test_capaian_must_be_one_of_the_five(dalam_buleleng, orang):
    with pytest.raises(ValidationError) as galat:
        services.capaian_tetapkan(
            opd=dalam_buleleng.bkpsdm,
            tahun=TAHUN,
            capaian="sangat_baik",
            by=orang.admin_bkd,
        )

    assert "capaian" in galat.value.message_dict


# --- jejak -------------------------------------------------------------------------------


def test_every_state_change_is_recorded_with_who_and_from_what(tw1_terbuka, orang):
    periode, _ = tw1_terbuka
    isi_realisasi(periode, orang.staf)
    staf, kabid, bkd = orang.staf, orang.kabid, orang.admin_bkd

    periode = services.periode_ajukan(periode=periode, by=staf)
    periode = services.periode_tarik(periode=periode, by=staf)
    periode = services.periode_ajukan(periode=periode, by=staf)
    periode = services.periode_kembalikan(periode=periode, by=kabid, catatan="Lengkapi bukti.")
    periode = services.periode_ajukan(periode=periode, by=staf)
    beri_umpan_balik(periode, kabid)
    periode = _nilai(periode, kabid, rules.DIATAS, rules.DIATAS)
    periode = services.review_kembalikan(periode=periode, by=bkd, catatan="Tinjau ulang.")
    periode = _nilai(periode, kabid, rules.DIATAS, rules.DIATAS)
    periode = services.review_setujui(periode=periode, by=bkd)

    P, A, R, N = Status.PENGISIAN, Status.DIAJUKAN, Status.MENUNGGU_REVIEW, Status.DINILAI
    assert _jejak_status(periode) == [
        ("periode_diajukan", P, A, staf.pk),
        ("periode_pengisian", A, P, staf.pk),
        ("periode_diajukan", P, A, staf.pk),
        ("periode_pengisian", A, P, kabid.pk),
        ("periode_diajukan", P, A, staf.pk),
        ("periode_menunggu_review", A, R, kabid.pk),
        ("periode_diajukan", R, A, bkd.pk),
        ("periode_menunggu_review", A, R, kabid.pk),
        ("periode_dinilai", R, N, bkd.pk),
    ]
    catatan = list(
        Jejak.objects.filter(objek_id=periode.pk)
        .exclude(catatan="")
        .values_list("catatan", flat=True)
    )
    assert sorted(catatan) == ["Lengkapi bukti.", "Tinjau ulang."]


def test_a_refused_change_writes_no_jejak(tw1_terbuka, orang):
    periode, _ = tw1_terbuka

    with pytest.raises(ValidationError):
        services.periode_ajukan(periode=periode, by=orang.staf)
    with pytest.raises(ValidationError):
        _nilai(periode, orang.kabid)

    assert _jejak_status(periode) == []


def test_skp_status_is_untouched_by_the_evaluation(tw1_siap_dinilai, skp_staf, orang):
    _nilai(tw1_siap_dinilai, orang.kabid)

    assert segar(skp_staf).status == SKP.Status.DISETUJUI
