"""The SKP approval flow as people click it: the pegawai drafts an SKP whose RHK intervene
the kabid's, submits it; the kabid returns it with a catatan; the pegawai sees the
catatan, edits and resubmits; the kabid approves."""

import re
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from inti.models import Jejak
from skp import services
from skp.models import RHK, SKP, SasaranPerjanjianKinerja
from tests.bantuan import segar
from tests.e2e.conftest import foto, halaman_baru, masuk, menu

pytestmark = pytest.mark.e2e

RHK_STAF = ["Terverifikasinya usul penilaian kinerja", "Tersusunnya rekap capaian SKP"]
CATATAN = "RHK kedua terlalu umum: sebutkan rekap untuk OPD mana."
RHK_DIUBAH = "Tersusunnya rekap capaian SKP per OPD"


def siapkan_kaskade(dunia, tahun):
    """Sasaran PK → kepala → kabid (approved), as the services write it."""
    with scopes_disabled():
        sasaran = SasaranPerjanjianKinerja.objects.create(
            instansi=dunia.buleleng,
            tahun=tahun,
            unit_kerja=dunia.root,
            sasaran="Meningkatnya kualitas pelayanan publik",
        )
        rhk_atas = None
        for nama, uraian in [
            ("kepala", "Meningkatnya kinerja ASN Kabupaten Buleleng"),
            ("kabid", "Tersusunnya penilaian kinerja ASN yang objektif"),
        ]:
            pegawai = segar(getattr(dunia, nama))
            skp = services.skp_buat(pegawai=pegawai, tahun=tahun, by=pegawai)
            rhk_atas = services.rhk_simpan(
                skp=skp,
                by=pegawai,
                uraian=uraian,
                jenis=RHK.Jenis.UTAMA,
                intervensi=[rhk_atas] if rhk_atas else [],
                intervensi_pk=[] if rhk_atas else [sasaran],
            )
            services.indikator_simpan(
                rhk=rhk_atas,
                by=pegawai,
                aspek="kuantitas",
                uraian=f"Jumlah dokumen: {uraian.lower()}",
                target_min=Decimal("1"),
                satuan="Dokumen",
            )
        kabid = segar(dunia.kabid)
        skp_kabid = services.skp_ajukan(skp=skp, by=kabid)
        services.skp_setujui(skp=skp_kabid, by=segar(dunia.kepala))
    return rhk_atas


def pesan(page):
    return page.get_by_role("status")


def tambah_rhk(page, uraian, rhk_kabid):
    page.get_by_test_id("tambah-rhk").click()
    expect(page.get_by_role("heading", name="Tambah RHK")).to_be_visible()
    expect(page.get_by_role("radio", name="Utama")).to_be_checked()
    page.get_by_label("Rencana hasil kerja").fill(uraian)
    page.get_by_label(rhk_kabid.uraian).check()
    page.get_by_role("button", name="Simpan").click()
    expect(pesan(page)).to_have_text("RHK disimpan.")


def tambah_indikator(page, rhk_uraian, indikator, target, satuan):
    baris = page.locator("table.rhk tr", has_text=rhk_uraian)
    baris.get_by_test_id("tambah-indikator").click()
    expect(page.get_by_role("heading", name=f"Indikator untuk RHK: {rhk_uraian}")).to_be_visible()
    page.get_by_label("Aspek").select_option(label="Kuantitas")
    page.get_by_label("Indikator kinerja individu").fill(indikator)
    page.get_by_role("spinbutton", name="Target", exact=True).fill(target)
    page.get_by_label("Satuan").fill(satuan)
    page.get_by_role("button", name="Simpan").click()
    expect(pesan(page)).to_have_text("Indikator disimpan.")


def test_skp_drafted_returned_with_catatan_resubmitted_and_approved(
    live_server, transactional_db, dunia, chromium
):
    tahun = dunia.buleleng.hari_ini().year
    rhk_kabid = siapkan_kaskade(dunia, tahun)
    staf, kabid = dunia.staf, dunia.kabid

    # The pegawai drafts the SKP of the current year.
    page = halaman_baru(chromium)
    masuk(page, live_server, staf.nip)
    menu(page, "SKP")
    expect(page.get_by_role("heading", name="SKP Saya")).to_be_visible()
    page.get_by_role("link", name="Buat SKP").click()
    expect(page.get_by_label("Tahun")).to_have_value(str(tahun))
    foto(page, "skp-01-buat")
    page.get_by_role("button", name="Simpan").click()
    expect(pesan(page)).to_have_text("SKP dibuat. Tambahkan RHK dan indikatornya.")
    expect(page).to_have_url(re.compile(r"/skp/\d+/$"))
    url_detail = page.url
    expect(page.get_by_role("heading", name=f"SKP {tahun}")).to_contain_text("Draft")

    tambah_rhk(page, RHK_STAF[0], rhk_kabid)
    page.get_by_test_id("tambah-rhk").click()
    page.get_by_label("Rencana hasil kerja").fill(RHK_STAF[1])
    page.get_by_label(rhk_kabid.uraian).check()
    foto(page, "skp-02-form-rhk")
    page.get_by_role("button", name="Simpan").click()
    expect(pesan(page)).to_have_text("RHK disimpan.")
    tambah_indikator(page, RHK_STAF[0], "Jumlah usul penilaian yang diverifikasi", "120", "Usul")
    tambah_indikator(page, RHK_STAF[1], "Jumlah rekap capaian SKP", "12", "Laporan")
    tabel_utama = page.locator("table.rhk").first
    expect(tabel_utama).to_contain_text("120 Usul")
    expect(tabel_utama).to_contain_text("12 Laporan")
    expect(tabel_utama.get_by_text(rhk_kabid.uraian)).to_have_count(2)
    foto(page, "skp-03-draft-lengkap")

    page.get_by_role("button", name="Ajukan ke penilai").click()
    expect(pesan(page)).to_have_text("SKP diajukan ke pejabat penilai.")
    expect(page.get_by_role("heading", name=f"SKP {tahun}")).to_contain_text("Diajukan")
    expect(page.get_by_test_id("tambah-rhk")).to_have_count(0)
    foto(page, "skp-04-diajukan")

    # The penilai opens it from SKP Bawahan and returns it with a catatan.
    halaman_penilai = halaman_baru(chromium)
    masuk(halaman_penilai, live_server, kabid.nip)
    menu(halaman_penilai, "SKP Bawahan")
    expect(halaman_penilai.get_by_role("heading", name=f"SKP Bawahan {tahun}")).to_be_visible()
    expect(halaman_penilai.get_by_role("link", name="Diajukan (1)")).to_be_visible()
    baris = halaman_penilai.locator(f"#bawahan-{staf.pk}")
    expect(baris).to_contain_text("Diajukan")
    foto(halaman_penilai, "skp-05-bawahan")
    baris.get_by_role("link", name=re.compile(rf"1 Januari – 31 Desember {tahun}")).click()
    expect(halaman_penilai).to_have_url(url_detail)
    expect(halaman_penilai.get_by_role("heading", name="Keputusan pejabat penilai")).to_be_visible()
    halaman_penilai.get_by_label("Catatan untuk pegawai").fill(CATATAN)
    halaman_penilai.get_by_test_id("kembalikan").click()
    expect(pesan(halaman_penilai)).to_have_text("SKP Staf PKAP dikembalikan untuk revisi.")
    expect(halaman_penilai.get_by_role("heading", name=f"SKP {tahun}")).to_contain_text("Revisi")
    foto(halaman_penilai, "skp-06-dikembalikan")

    # The pegawai sees the catatan, edits the RHK and resubmits.
    page.goto(url_detail)
    catatan = page.get_by_role("alert")
    expect(catatan).to_contain_text("Catatan revisi dari pejabat penilai:")
    expect(catatan).to_contain_text(CATATAN)
    foto(page, "skp-07-catatan-revisi")
    page.locator("table.rhk tr", has_text=RHK_STAF[1]).locator(".aksi-kecil").get_by_role(
        "link", name="Ubah"
    ).click()
    expect(page.get_by_role("heading", name="Ubah RHK")).to_be_visible()
    expect(page.get_by_label("Rencana hasil kerja")).to_have_value(RHK_STAF[1])
    expect(page.get_by_label(rhk_kabid.uraian)).to_be_checked()
    page.get_by_label("Rencana hasil kerja").fill(RHK_DIUBAH)
    page.get_by_role("button", name="Simpan").click()
    expect(pesan(page)).to_have_text("RHK disimpan.")
    expect(page.locator("table.rhk").first).to_contain_text(RHK_DIUBAH)
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(pesan(page)).to_have_text("SKP diajukan ke pejabat penilai.")
    expect(page.get_by_role("alert")).to_have_count(0)

    # The penilai approves.
    halaman_penilai.goto(url_detail)
    expect(halaman_penilai.locator("table.rhk").first).to_contain_text(RHK_DIUBAH)
    halaman_penilai.get_by_role("button", name="Setujui SKP").click()
    expect(pesan(halaman_penilai)).to_have_text("SKP Staf PKAP disetujui.")
    expect(halaman_penilai.get_by_role("heading", name=f"SKP {tahun}")).to_contain_text("Disetujui")
    foto(halaman_penilai, "skp-08-disetujui")
    page.goto(url_detail)
    foto(page, "skp-09-disetujui-pegawai")

    with scopes_disabled():
        skp = SKP.objects.get(pegawai=staf, tahun=tahun)
        jejak = list(
            Jejak.objects.filter(objek_tipe="skp.SKP", objek_id=skp.pk)
            .order_by("id")
            .values_list("aksi", "oleh_id", "catatan")
        )
        uraian = sorted(RHK.objects.filter(skp=skp).values_list("uraian", flat=True))
        assert sorted(RHK.objects.filter(skp=skp).values_list("intervensi", flat=True)) == [
            rhk_kabid.pk,
            rhk_kabid.pk,
        ]
    assert (skp.status, skp.penilai_id, skp.catatan_revisi) == (
        SKP.Status.DISETUJUI,
        kabid.pk,
        "",
    )
    assert skp.disetujui_pada is not None
    assert uraian == sorted([RHK_STAF[0], RHK_DIUBAH])
    transisi = [(aksi, oleh, catatan) for aksi, oleh, catatan in jejak if aksi.startswith("skp_")]
    assert transisi == [
        ("skp_buat", staf.pk, ""),
        ("skp_diajukan", staf.pk, ""),
        ("skp_revisi", kabid.pk, CATATAN),
        ("skp_diajukan", staf.pk, ""),
        ("skp_disetujui", kabid.pk, ""),
    ]
    # Every edit sits between the transitions in the order it was made.
    assert [aksi for aksi, _, _ in jejak] == [
        "skp_buat",
        "rhk_tambah",
        "rhk_tambah",
        "indikator_simpan",
        "indikator_simpan",
        "skp_diajukan",
        "skp_revisi",
        "rhk_ubah",
        "skp_diajukan",
        "skp_disetujui",
    ]
