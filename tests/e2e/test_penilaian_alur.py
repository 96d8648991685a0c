"""A quarter of penilaian as people click it: the pegawai adds Triwulan I, plans a rencana
aksi per RHK, fills realisasi with a PDF as bukti dukung and submits; the kabid gives
feedback (refused a rating before it), rates Diatas/Diatas and so proposes Sangat Baik;
the Tim Penilai Kinerja (admin BKD) approves it from the review queue."""

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from penilaian.models import BuktiDukung, PeriodePenilaian, UmpanBalik
from skp import services as skp_services
from skp.models import RHK, SKP
from skp.rules import BERAKHLAK
from tests.bantuan import segar
from tests.e2e.conftest import foto, halaman_baru, masuk, menu, menu_admin, pesan

pytestmark = pytest.mark.e2e

RHK_STAF = [
    "Terverifikasinya usul penilaian kinerja pegawai",
    "Tersusunnya laporan capaian kinerja bidang",
]
# One rencana aksi per RHK, with the realisasi and the bukti dukung file of each.
RENCANA_AKSI = [
    ("Memverifikasi usul penilaian triwulan pertama", "25", "Usul", "laporan-verifikasi.pdf"),
    ("Menyusun laporan capaian triwulan pertama", "1", "Laporan", "laporan-capaian.pdf"),
]
REALISASI = [
    ("27 usul diverifikasi dan diteruskan ke BKD.", "27"),
    ("Laporan capaian triwulan I selesai dan diserahkan.", "1"),
]


@dataclass
class Arena:
    tahun: int
    staf: object
    kabid: object
    admin_bkd: object
    skp: SKP
    rhk: list


@pytest.fixture
def media_sementara(settings, tmp_path):
    """Uploaded bukti land in this test's directory, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def arena(transactional_db, dunia) -> Arena:
    """The staf's SKP of this year, two utama RHK with an indikator each, approved by the
    kabid (pimpinan of Bidang PKAP); the cascade above it as the services write it."""
    tahun = dunia.buleleng.hari_ini().year
    with scopes_disabled():
        sasaran = skp_services.sasaran_pk_tambah(
            instansi=dunia.buleleng,
            by=segar(dunia.admin_bkd),
            tahun=tahun,
            unit_kerja=dunia.root,
            sasaran="Meningkatnya kualitas pelayanan publik",
        )
        kepala, kabid, staf = segar(dunia.kepala), segar(dunia.kabid), segar(dunia.staf)

        def skp_dengan_rhk(pegawai, uraian_rhk, **intervensi):
            skp = skp_services.skp_buat(pegawai=pegawai, tahun=tahun, by=pegawai)
            daftar = []
            for uraian in uraian_rhk:
                rhk = skp_services.rhk_simpan(
                    skp=skp, by=pegawai, uraian=uraian, jenis=RHK.Jenis.UTAMA, **intervensi
                )
                skp_services.indikator_simpan(
                    rhk=rhk,
                    by=pegawai,
                    aspek="kuantitas",
                    uraian=f"Jumlah {uraian.lower()}",
                    target_min=Decimal("100"),
                    satuan="Dokumen",
                )
                daftar.append(rhk)
            return skp, daftar

        _, (rhk_kepala,) = skp_dengan_rhk(
            kepala, ["Meningkatnya kinerja ASN Kabupaten Buleleng"], intervensi_pk=[sasaran]
        )
        skp_kabid, (rhk_kabid,) = skp_dengan_rhk(
            kabid, ["Tersusunnya penilaian kinerja ASN yang objektif"], intervensi=[rhk_kepala]
        )
        skp_services.skp_ajukan(skp=skp_kabid, by=kabid)
        skp_services.skp_setujui(skp=segar(skp_kabid), by=kepala)

        skp_staf, rhk_staf = skp_dengan_rhk(staf, RHK_STAF, intervensi=[rhk_kabid])
        skp_services.skp_ajukan(skp=skp_staf, by=staf)
        skp_staf = skp_services.skp_setujui(skp=segar(skp_staf), by=segar(kabid))
        assert skp_staf.status == SKP.Status.DISETUJUI
        return Arena(tahun, staf, kabid, segar(dunia.admin_bkd), skp_staf, rhk_staf)


@pytest.fixture
def berkas_pdf(tmp_path):
    """A real (tiny, one blank page) PDF per name, as a pegawai would pick from disk."""
    isi = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )

    def buat(nama):
        jalur = tmp_path / nama
        jalur.write_bytes(isi)
        return jalur

    return buat


def judul_periode(page, tahun):
    return page.get_by_role("heading", level=1, name=re.compile(rf"^Triwulan I {tahun}\b"))


def baris_rencana_aksi(page, uraian):
    return page.locator("table.hasil-kerja tbody tr").filter(has_text=uraian)


def test_triwulan_filled_rated_sangat_baik_and_approved_by_bkd(
    live_server, transactional_db, arena, media_sementara, chromium, berkas_pdf
):
    tahun, staf, kabid = arena.tahun, arena.staf, arena.kabid

    # ---- the pegawai adds Triwulan I --------------------------------------------------
    page = halaman_baru(chromium)
    masuk(page, live_server, staf.nip)
    menu(page, "Penilaian")
    expect(page.get_by_role("heading", name=f"Penilaian Kinerja {tahun}")).to_be_visible()
    tambah = page.get_by_role("group", name="Tambah Periode Penilaian")
    tambah.get_by_role("radio", name=re.compile(rf"^Triwulan I {tahun}\b")).check()
    foto(page, "01-tambah-periode")
    page.get_by_test_id("tambah-periode").click()
    expect(pesan(page)).to_have_text(f"Periode Triwulan I {tahun} ditambahkan.")
    expect(page).to_have_url(re.compile(r"/penilaian/periode/\d+/$"))
    url_periode = page.url
    expect(judul_periode(page, tahun)).to_contain_text("Pengisian realisasi")

    # Realisasi is closed until every RHK has a rencana aksi.
    peringatan = page.get_by_role("status").filter(has_text="Realisasi belum dapat diisi.")
    expect(peringatan).to_contain_text(RHK_STAF[0])
    expect(peringatan).to_contain_text(RHK_STAF[1])
    expect(page.get_by_label("Realisasi", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("ajukan-penilaian")).to_be_disabled()
    foto(page, "02-belum-ada-rencana-aksi")

    # ---- a rencana aksi for each RHK ------------------------------------------------------
    for rhk_uraian, (uraian, target, satuan, _) in zip(RHK_STAF, RENCANA_AKSI, strict=True):
        form = page.get_by_test_id("form-rencana-aksi")
        expect(form).to_be_visible()  # the <details> opens itself while an RHK lacks one
        form.get_by_label("RHK").select_option(label=rhk_uraian)
        form.get_by_label("Rencana aksi").fill(uraian)
        form.get_by_label("Target").fill(target)
        form.get_by_label("Satuan").fill(satuan)
        if rhk_uraian == RHK_STAF[0]:
            foto(page, "03-form-rencana-aksi")
        form.get_by_role("button", name="Simpan rencana aksi").click()
        expect(pesan(page)).to_have_text("Rencana aksi disimpan.")
        expect(baris_rencana_aksi(page, uraian)).to_contain_text(f"Target: {target} {satuan}")
    expect(peringatan).to_have_count(0)
    expect(page.get_by_test_id("ajukan-penilaian")).to_be_enabled()

    # ---- realisasi and a PDF as bukti dukung for each rencana aksi -------------------------
    for (uraian, _, _, nama_berkas), (realisasi, angka) in zip(
        RENCANA_AKSI, REALISASI, strict=True
    ):
        # Realisasi and its bukti dukung in one submit (issue 18), saved together.
        baris = baris_rencana_aksi(page, uraian)
        baris.get_by_label("Realisasi", exact=True).fill(realisasi)
        baris.get_by_label("Capaian (angka)").fill(angka)
        baris.get_by_label("Bukti dukung (berkas)").set_input_files(berkas_pdf(nama_berkas))
        baris.get_by_label("Keterangan").fill("Dokumen asli")
        baris.get_by_role("button", name="Simpan realisasi dan bukti").click()
        expect(pesan(page)).to_have_text("Realisasi dan bukti dukung disimpan.")
        baris = baris_rencana_aksi(page, uraian)
        expect(baris).to_contain_text(f"{realisasi} (capaian: {angka})")
        tautan = baris.get_by_role("link", name=nama_berkas)
        expect(tautan).to_be_visible()
        expect(tautan).to_have_attribute("href", re.compile(r"^/penilaian/bukti/\d+/$"))
    foto(page, "04-realisasi-dan-bukti")

    page.get_by_test_id("ajukan-penilaian").click()
    expect(pesan(page)).to_have_text("Diajukan ke pejabat penilai.")
    expect(judul_periode(page, tahun)).to_contain_text("Menunggu penilaian")
    expect(page.get_by_role("button", name="Tarik pengajuan")).to_be_visible()
    foto(page, "05-diajukan")

    # ---- the kabid finds the bawahan waiting ----------------------------------------------
    halaman_penilai = halaman_baru(chromium)
    masuk(halaman_penilai, live_server, kabid.nip)
    menu(halaman_penilai, "Penilaian Bawahan")
    expect(
        halaman_penilai.get_by_role("heading", name=re.compile("^Penilaian Bawahan"))
    ).to_be_visible()
    # Opens on the quarter running today; pick Triwulan I.
    halaman_penilai.get_by_label("Periode").select_option(label=f"Triwulan I {tahun}")
    halaman_penilai.get_by_role("button", name="Tampilkan").click()
    expect(
        halaman_penilai.get_by_role("heading", name=f"Penilaian Bawahan · Triwulan I {tahun}")
    ).to_be_visible()
    baris = halaman_penilai.get_by_role("row").filter(has_text=staf.nama)
    expect(baris).to_contain_text("Menunggu penilaian")
    foto(halaman_penilai, "06-bawahan")
    baris.get_by_role("link", name="Beri umpan balik dan nilai").click()
    expect(halaman_penilai).to_have_url(f"{url_periode}#penilaian")
    expect(
        halaman_penilai.get_by_role("heading", name="Penilaian oleh pejabat penilai")
    ).to_be_visible()
    # The pegawai's work is there to judge.
    expect(halaman_penilai.get_by_role("link", name=RENCANA_AKSI[0][3])).to_be_visible()

    # A rating before feedback is refused, in Indonesian, naming what is missing.
    rating = halaman_penilai.get_by_test_id("form-rating")
    hasil_kerja = rating.get_by_role("group", name="Rating hasil kerja")
    perilaku_kerja = rating.get_by_role("group", name="Rating perilaku kerja")
    hasil_kerja.get_by_role("radio", name=re.compile("^Diatas Ekspektasi")).check()
    perilaku_kerja.get_by_role("radio", name=re.compile("^Diatas Ekspektasi")).check()
    halaman_penilai.get_by_test_id("simpan-rating").click()
    galat = halaman_penilai.get_by_test_id("form-rating").get_by_role("alert")
    expect(galat).to_contain_text("Berikan umpan balik dulu sebelum rating.")
    expect(galat).to_contain_text(f"RHK: {RHK_STAF[0]}")
    expect(galat).to_contain_text("Perilaku: Berorientasi Pelayanan")
    foto(halaman_penilai, "07-rating-ditolak-tanpa-umpan-balik")
    with scopes_disabled():
        periode = PeriodePenilaian.objects.get(skp=arena.skp, kode="tw1")
    assert periode.status == PeriodePenilaian.Status.DIAJUKAN

    # Feedback on each RHK and each BerAKHLAK value, in one form.
    umpan = halaman_penilai.get_by_test_id("form-umpan-balik")
    expect(umpan.get_by_role("textbox")).to_have_count(len(RHK_STAF) + len(BERAKHLAK))
    for uraian in RHK_STAF:
        umpan.get_by_label(uraian, exact=True).fill(f"Baik sekali: {uraian.lower()} tepat waktu.")
    for _, nama, _ in BERAKHLAK:
        umpan.get_by_label(nama, exact=True).fill(f"{nama}: menjadi contoh bagi rekan kerja.")
    umpan.get_by_role("button", name="Simpan umpan balik").click()
    expect(pesan(halaman_penilai)).to_have_text(
        f"{len(RHK_STAF) + len(BERAKHLAK)} umpan balik disimpan."
    )
    expect(halaman_penilai.get_by_text("Belum ada umpan balik untuk:")).to_have_count(0)

    # Diatas / Diatas: the page previews Sangat Baik before anything is saved.
    rating = halaman_penilai.get_by_test_id("form-rating")
    pratinjau = rating.locator(".pratinjau-predikat")
    rating.get_by_role("group", name="Rating hasil kerja").get_by_role(
        "radio", name=re.compile("^Diatas Ekspektasi")
    ).check()
    expect(pratinjau).to_have_text("")
    rating.get_by_role("group", name="Rating perilaku kerja").get_by_role(
        "radio", name=re.compile("^Diatas Ekspektasi")
    ).check()
    expect(pratinjau).to_have_text("Predikat: Sangat Baik")
    foto(halaman_penilai, "08-pratinjau-sangat-baik")
    with scopes_disabled():
        assert segar(periode).status == PeriodePenilaian.Status.DIAJUKAN
    halaman_penilai.get_by_test_id("simpan-rating").click()
    expect(pesan(halaman_penilai)).to_have_text(
        "Dinilai: predikat Sangat Baik. Predikat Sangat Baik menunggu review Tim Penilai Kinerja."
    )
    expect(judul_periode(halaman_penilai, tahun)).to_contain_text("Menunggu review")
    hasil = halaman_penilai.locator("#hasil")
    expect(hasil).to_contain_text("Sangat Baik")
    expect(hasil).to_contain_text("menunggu review Tim Penilai Kinerja")
    foto(halaman_penilai, "09-menunggu-review")

    # ---- the Tim Penilai Kinerja approves ------------------------------------------------
    halaman_bkd = halaman_baru(chromium)
    masuk(halaman_bkd, live_server, arena.admin_bkd.nip)
    menu_admin(halaman_bkd, "Review Tim Penilai")
    expect(
        halaman_bkd.get_by_role("heading", name=f"Review Tim Penilai Kinerja {tahun}")
    ).to_be_visible()
    opd = halaman_bkd.locator("section").filter(
        has=halaman_bkd.get_by_role("heading", name=re.compile(r"^BKPSDM"))
    )
    expect(opd.get_by_role("heading")).to_have_text("BKPSDM (1)")
    baris = opd.get_by_role("row").filter(has_text=staf.nama)
    expect(baris).to_contain_text(f"Triwulan I {tahun}")
    expect(baris).to_contain_text(kabid.nama)
    foto(halaman_bkd, "10-antrean-review")
    baris.get_by_role("button", name="Setujui").click()
    expect(pesan(halaman_bkd)).to_have_text(f"Sangat Baik {staf.nama} disetujui.")
    expect(
        halaman_bkd.get_by_text(f"Tidak ada predikat yang menunggu review tahun {tahun}.")
    ).to_be_visible()

    # ---- the pegawai sees the result -----------------------------------------------------
    page.goto(url_periode)
    expect(judul_periode(page, tahun)).to_contain_text("Dinilai")
    hasil = page.locator("#hasil")
    expect(hasil.locator("dt:text-is('Predikat kinerja') + dd")).to_have_text("Sangat Baik")
    expect(hasil.locator("dt:text-is('Rating hasil kerja') + dd")).to_have_text("Diatas Ekspektasi")
    expect(hasil.locator("dt:text-is('Rating perilaku kerja') + dd")).to_have_text(
        "Diatas Ekspektasi"
    )
    expect(hasil).not_to_contain_text("menunggu review")
    foto(page, "11-dinilai-pegawai")
    menu(page, "Penilaian")
    baris = page.get_by_role("row").filter(has_text=f"Triwulan I {tahun}")
    expect(baris).to_contain_text("Dinilai")
    expect(baris).to_contain_text("Sangat Baik")

    with scopes_disabled():
        periode = segar(periode)
        bukti = list(BuktiDukung.objects.filter(periode=periode).order_by("id"))
        jumlah_umpan = UmpanBalik.objects.filter(periode=periode).count()
    assert (periode.status, periode.predikat, periode.penilai_id, periode.direview_oleh_id) == (
        PeriodePenilaian.Status.DINILAI,
        "sangat_baik",
        kabid.pk,
        arena.admin_bkd.pk,
    )
    assert [(b.nama_asli, b.jenis_berkas) for b in bukti] == [
        (nama, "application/pdf") for *_, nama in RENCANA_AKSI
    ]
    assert all(b.berkas.path.startswith(str(media_sementara)) for b in bukti)
    assert jumlah_umpan == len(RHK_STAF) + len(BERAKHLAK)
