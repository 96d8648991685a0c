"""A month of TPP as people click it: the pegawai logs three aktivitas harian today and
submits the month's realisasi; the kabid (pejabat penilai) sees the count, finds the
ratings the count does not allow disabled and rates Sesuai; the admin OPD records a Cuti
Tahunan, recomputes the rekap of the OPD and prints it as PDF."""

import re
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from organisasi.models import Pegawai
from penilaian.rules import NAMA_BULAN
from skp import services as skp_services
from skp.models import RHK, SKP
from tests.bantuan import segar
from tests.e2e.conftest import foto, halaman_baru, masuk, menu, menu_admin, pesan
from tests.skp.conftest import buat_rantai as buat_rantai  # noqa: F401  (fixture)
from tests.skp.conftest import tambah_rhk
from tpp import services as tpp_services
from tpp.models import AktivitasHarian, Ketidakhadiran, RealisasiBulanan, TPPBulanan

pytestmark = pytest.mark.e2e

KELAS = 9
PAGU = Decimal("5000000")
RHK_STAF = "Terverifikasinya usul penilaian kinerja pegawai"
# (uraian, volume as the week table shows it, satuan, link to the RHK?).
AKTIVITAS = [
    ("Memverifikasi usul penilaian kinerja Bidang PKAP", "12", "Usul", True),
    ("Rapat koordinasi penyusunan laporan bulanan", "1", "Kegiatan", False),
    ("Menginput data kehadiran pegawai ke aplikasi", "2,5", "Jam", False),
]
REALISASI = "Memverifikasi 12 usul penilaian dan menyusun laporan bulanan bidang."


@dataclass
class Arena:
    hari_ini: date
    staf: Pegawai
    kabid: Pegawai
    admin_opd: Pegawai
    skp: SKP

    @property
    def nama_bulan(self):
        return f"{NAMA_BULAN[self.hari_ini.month - 1]} {self.hari_ini.year}"


@pytest.fixture
def arena(transactional_db, dunia, buat_rantai) -> Arena:  # noqa: F811
    """The staf (kelas jabatan 9) with an approved SKP of this year, one RHK intervening
    the kabid's; the Perkada of Buleleng from the 1st of this month, set by the BKD."""
    hari_ini = dunia.buleleng.hari_ini()
    with scope(instansi=dunia.buleleng.pk):
        rantai = buat_rantai(hari_ini.year)
        staf = segar(dunia.staf)
        skp = skp_services.skp_buat(pegawai=staf, tahun=hari_ini.year, by=staf)
        tambah_rhk(skp, staf, RHK_STAF, intervensi=[rantai.rhk_kabid])
        skp_services.skp_ajukan(skp=segar(skp), by=staf)
        skp = skp_services.skp_setujui(skp=segar(skp), by=segar(dunia.kabid))
        assert skp.status == SKP.Status.DISETUJUI
        Pegawai.objects.filter(pk=staf.pk).update(kelas_jabatan=KELAS)
        tpp_services.konfigurasi_simpan(
            by=segar(dunia.admin_bkd),
            berlaku_mulai=hari_ini.replace(day=1),
            pagu={KELAS: PAGU},
            potongan={"tanpa_keterangan": (Decimal("0.03"), None)},
            keterangan="Perbup Buleleng TPP",
            bobot_kinerja=Decimal("0.60"),
            bobot_disiplin=Decimal("0.40"),
            persen_diatas=Decimal("1"),
            persen_sesuai=Decimal("0.90"),
            persen_dibawah=Decimal("0.70"),
        )
    return Arena(hari_ini, segar(dunia.staf), segar(dunia.kabid), segar(dunia.admin_opd), skp)


def tab_tpp(page, nama):
    page.get_by_role("navigation", name="TPP").get_by_role("link", name=nama, exact=True).click()


def hari_kerja_bulan_ini(hari_ini: date) -> date:
    """A Monday–Friday of this month: the last one up to today, else the first after it
    (ketidakhadiran_tambah does not refuse a future date; one in the past is the usual
    case of an admin entering a leave already taken)."""
    hari = hari_ini
    while hari.weekday() >= 5:
        hari -= timedelta(days=1)
    if hari.month != hari_ini.month:
        hari = hari_ini
        while hari.weekday() >= 5:
            hari += timedelta(days=1)
    return hari


def test_month_logged_rated_and_paid_in_the_rekap_pdf(
    live_server, transactional_db, arena, chromium, tmp_path
):
    staf, kabid, hari_ini = arena.staf, arena.kabid, arena.hari_ini
    nama_bulan = arena.nama_bulan

    # ---- the pegawai logs three aktivitas today --------------------------------------
    page = halaman_baru(chromium)
    masuk(page, live_server, staf.nip)
    menu(page, "Progres Harian")
    expect(page.get_by_role("heading", level=1, name="Progres harian")).to_be_visible()
    jumlah = page.locator(".tab-isi").get_by_text(re.compile(r"aktivitas di "))
    expect(jumlah).to_contain_text(f"0 aktivitas di {nama_bulan}.")
    foto(page, "01-aktivitas-kosong")

    for n, (uraian, volume, satuan, pakai_rhk) in enumerate(AKTIVITAS, 1):
        form = page.get_by_test_id("form-aktivitas")
        form.get_by_label("Tanggal").fill(hari_ini.isoformat())
        form.get_by_label("Uraian kegiatan").fill(uraian)
        if pakai_rhk:
            form.get_by_label("RHK terkait").select_option(label=RHK_STAF)
        form.get_by_label("Volume").fill(volume.replace(",", "."))
        form.get_by_label("Satuan").fill(satuan)
        form.get_by_role("button", name="Simpan aktivitas").click()
        expect(pesan(page)).to_have_text("Aktivitas disimpan sebagai draft hari itu.")
        # The same message each time: wait for the new row, not the old page's message.
        expect(page.locator(".hari-progres .daftar-aktivitas li")).to_have_count(n)

    # The week shows them on today's card, with volume, satuan and the RHK.
    hari_ini_baris = page.locator(".hari-progres.hari-ini")
    for uraian, volume, satuan, pakai_rhk in AKTIVITAS:
        aktivitas = hari_ini_baris.locator(".daftar-aktivitas li").filter(has_text=uraian)
        expect(aktivitas).to_contain_text(f"· {volume} {satuan}")
        if pakai_rhk:
            expect(aktivitas).to_contain_text(f"RHK: {RHK_STAF[:40]}")
    expect(page.locator(".hari-progres .daftar-aktivitas li")).to_have_count(len(AKTIVITAS))
    expect(jumlah).to_contain_text(f"3 aktivitas di {nama_bulan}.")
    foto(page, "02-aktivitas-tiga")

    # Three aktivitas allow only Dibawah Ekspektasi (DOMAIN: 20–39 → Sesuai or Dibawah).
    # To give the penilai a real choice, 17 more of this month are added in bulk, as if
    # logged on earlier days: clicking 17 more forms tests nothing new and costs ~10 s.
    with scopes_disabled():
        AktivitasHarian.objects.bulk_create(
            AktivitasHarian(
                instansi_id=staf.instansi_id,
                pegawai_id=staf.pk,
                tanggal=hari_ini.replace(day=1 + i % hari_ini.day),
                uraian=f"Pelayanan administrasi kepegawaian ke-{i + 1}",
            )
            for i in range(17)
        )

    # ---- and submits the month -------------------------------------------------------
    tab_tpp(page, "Realisasi bulanan")
    expect(
        page.get_by_role("heading", level=1, name=f"Realisasi bulanan · {nama_bulan}")
    ).to_be_visible()
    expect(page.get_by_text("aktivitas harian tercatat bulan ini")).to_contain_text("20 aktivitas")
    # The month's targets are the RHK of the SKP in force: one realisasi per RHK.
    page.get_by_label(RHK_STAF).fill(REALISASI)
    foto(page, "03-realisasi-isi")
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    expect(pesan(page)).to_have_text("Realisasi bulanan diajukan ke pejabat penilai.")
    expect(page.locator(".status")).to_have_text("Menunggu penilaian")
    expect(page.get_by_text(REALISASI)).to_be_visible()
    expect(page.get_by_role("button", name="Ajukan ke pejabat penilai")).to_have_count(0)

    # ---- the kabid rates the month ---------------------------------------------------
    penilai = halaman_baru(chromium)
    masuk(penilai, live_server, kabid.nip)
    menu(penilai, "Progres Harian")
    tab_tpp(penilai, "Penilaian bulanan bawahan")
    expect(penilai).to_have_url(re.compile(r"/tpp/bawahan/$"))
    expect(
        penilai.get_by_role("heading", level=1, name=f"Penilaian bulanan bawahan · {nama_bulan}")
    ).to_be_visible()
    expect(penilai.get_by_text("Jumlah aktivitas membatasi rating:")).to_contain_text(
        "40 aktivitas atau lebih: semua rating; 20–39: Sesuai atau Dibawah Ekspektasi"
    )
    baris = penilai.get_by_role("row").filter(has_text=staf.nama)
    expect(baris).to_contain_text(staf.nip)
    expect(baris.get_by_role("link", name="20 aktivitas")).to_be_visible()
    expect(baris).to_contain_text(REALISASI)
    rating = baris.get_by_role("group", name=f"Rating {staf.nama}")
    # The label says why: its accessible name carries the explanation.
    expect(
        rating.get_by_role("radio", name="Diatas Ekspektasi (butuh lebih banyak aktivitas)")
    ).to_be_disabled()
    expect(rating.get_by_role("radio", name="Sesuai Ekspektasi", exact=True)).to_be_enabled()
    expect(rating.get_by_role("radio", name="Dibawah Ekspektasi", exact=True)).to_be_enabled()
    foto(penilai, "04-bawahan-rating")

    # The penilai reads the activities before rating.
    baris.get_by_role("link", name="20 aktivitas").click()
    expect(
        penilai.get_by_role("heading", level=1, name=f"Aktivitas {staf.nama} · {nama_bulan}")
    ).to_be_visible()
    for uraian, *_ in AKTIVITAS:
        expect(penilai.get_by_role("listitem").filter(has_text=uraian)).to_be_visible()
    penilai.get_by_role("link", name="Kembali").click()

    baris = penilai.get_by_role("row").filter(has_text=staf.nama)
    baris.get_by_role("radio", name="Sesuai Ekspektasi", exact=True).check()
    baris.get_by_role("button", name="Simpan").click()
    expect(pesan(penilai)).to_have_text(f"Realisasi {staf.nama} dinilai.")
    baris = penilai.get_by_role("row").filter(has_text=staf.nama)
    expect(baris.get_by_role("cell").last).to_have_text("Sesuai Ekspektasi")
    expect(baris.get_by_role("radio")).to_have_count(0)

    # The pegawai sees the rating.
    page.reload()
    expect(page.locator(".status")).to_have_text("Dinilai")
    expect(page.locator(".tab-isi")).to_contain_text("Rating: Sesuai Ekspektasi (20 aktivitas)")

    # ---- the admin OPD records a Cuti Tahunan ----------------------------------------
    cuti = hari_kerja_bulan_ini(hari_ini)
    admin = halaman_baru(chromium)
    masuk(admin, live_server, arena.admin_opd.nip)
    menu_admin(admin, "Ketidakhadiran")
    expect(
        admin.get_by_role("heading", level=1, name=f"Ketidakhadiran · {nama_bulan}")
    ).to_be_visible()
    form = admin.get_by_test_id("form-ketidakhadiran")
    form.get_by_label("NIP pegawai").fill(staf.nip)
    form.get_by_label("Jenis").select_option(label="Cuti Tahunan")
    form.get_by_label("Mulai").fill(cuti.isoformat())
    form.get_by_label("Selesai").fill(cuti.isoformat())
    form.get_by_label("Keterangan").fill("Keperluan keluarga")
    foto(admin, "05-ketidakhadiran-isi")
    form.get_by_role("button", name="Simpan").click()
    expect(pesan(admin)).to_have_text(f"Ketidakhadiran {staf.nama} dicatat.")
    baris = admin.get_by_role("row").filter(has_text=staf.nip)
    expect(baris).to_contain_text("Cuti Tahunan")
    expect(baris).to_contain_text("Keperluan keluarga")
    expect(baris).to_contain_text(f"oleh {arena.admin_opd.nama}")

    # ---- recomputes the rekap of the OPD ---------------------------------------------
    menu_admin(admin, "Rekap TPP")
    expect(
        admin.get_by_role("heading", level=1, name=f"Rekap TPP · BKPSDM · {nama_bulan}")
    ).to_be_visible()
    expect(admin.get_by_text("Belum dihitung untuk bulan ini.")).to_be_visible()
    admin.get_by_role("button", name="Hitung ulang").click()
    expect(pesan(admin)).to_have_text("TPP dihitung ulang.")
    baris = admin.get_by_role("row").filter(has_text=staf.nip)
    # 5.000.000 × 60 % × Sesuai 90 % + 5.000.000 × 40 %; Cuti Tahunan is not cut.
    expect(baris).to_contain_text("Kinerja 60% × Sesuai Ekspektasi 90%: 2.700.000")
    expect(baris).to_contain_text("Disiplin 40%: 2.000.000")
    expect(baris).not_to_contain_text("Potongan")
    expect(baris.get_by_role("cell").last).to_have_text("4.700.000")
    expect(admin.locator("tfoot")).to_contain_text("4.700.000")
    foto(admin, "06-rekap")

    # ---- and prints it ----------------------------------------------------------------
    # Served inline: chromium opens it in its PDF viewer (no download event, and the
    # body the page holds is the viewer's HTML), so the URL the form navigated to is
    # fetched again through the context's request client, with the admin's cookies.
    admin.get_by_role("button", name="Cetak PDF").click()
    expect(admin).to_have_url(re.compile(r"[?&]format=pdf&tanggal=\d{4}-\d{2}-\d{2}$"))
    respons = admin.request.get(admin.url)
    assert respons.status == 200
    assert respons.headers["content-type"] == "application/pdf"
    assert (
        f'filename="rekap-tpp-{hari_ini.year}-{hari_ini.month:02d}.pdf"'
        in respons.headers["content-disposition"]
    )
    berkas = tmp_path / "rekap.pdf"
    berkas.write_bytes(respons.body())
    teks = subprocess.run(
        ["pdftotext", "-layout", str(berkas), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert staf.nama in teks
    assert staf.nip in teks
    assert "4.700.000" in teks

    with scopes_disabled():
        realisasi = RealisasiBulanan.objects.get(pegawai=staf)
        tpp = TPPBulanan.objects.get(pegawai=staf, tahun=hari_ini.year, bulan=hari_ini.month)
        catatan = Ketidakhadiran.objects.get(pegawai=staf)
        rhk = RHK.objects.get(skp=arena.skp)
        terkait = AktivitasHarian.objects.filter(pegawai=staf, rhk=rhk).count()
    assert (realisasi.status, realisasi.rating, realisasi.jumlah_aktivitas) == (
        RealisasiBulanan.Status.DINILAI,
        "sesuai",
        20,
    )
    assert realisasi.penilai_id == kabid.pk
    assert (catatan.jenis, catatan.mulai, catatan.selesai) == ("cuti_tahunan", cuti, cuti)
    assert (tpp.kelas_jabatan, tpp.pagu, tpp.rating, tpp.total) == (
        KELAS,
        PAGU,
        "sesuai",
        Decimal("4700000"),
    )
    assert terkait == 1
