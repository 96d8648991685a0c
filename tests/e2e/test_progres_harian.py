"""Progres harian (BKN 2026) as people click it: the pegawai fills and submits a day on a
360 px phone, the atasan returns it from the grid with a note, the pegawai fixes and
resubmits, the atasan approves everything waiting; what is typed survives a dropped
connection (static/js/draf.js); and on a desktop the day's progress runs on to the
month's realisasi, its rating, the admin's rekap and the pegawai's slip TPP.

Personas from `dunia`: the staf (pegawai), the kabid (pimpinan of the staf's bidang, so
their atasan and pejabat penilai), the admin OPD of BKPSDM. The dunia sets no jadwal, so
every window is open; the days used are today and this month in Buleleng's zone."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from organisasi.models import Pegawai
from penilaian.rules import NAMA_BULAN
from skp import services as skp_services
from skp.models import SKP
from tests.bantuan import segar
from tests.e2e.conftest import foto, halaman_baru, masuk, menu, menu_admin, pesan
from tests.skp.conftest import buat_rantai as buat_rantai  # noqa: F401  (fixture)
from tests.skp.conftest import tambah_rhk
from tests.tpp.conftest import buat_konfigurasi
from tpp.models import AktivitasHarian, ProgresHarian, TPPBulanan

pytestmark = pytest.mark.e2e

LEBAR_PONSEL = 360
# Apple and Google both ask for touch targets of at least 44 CSS px.
TINGGI_SENTUH = 44
RHK_STAF = "Terverifikasinya usul penilaian kinerja pegawai"
URAIAN_SAMAR = "Rapat"
CATATAN_ATASAN = "Sebutkan rapat apa dan hasilnya; satu kata tidak cukup."
URAIAN_PERBAIKAN = "Rapat koordinasi verifikasi usul penilaian kinerja Bidang PKAP"
URAIAN_DRAF = "Memverifikasi 7 usul kenaikan pangkat yang masuk lewat aplikasi"
REALISASI = "Memverifikasi usul penilaian kinerja dan menyusun laporan bulanan bidang."
KELAS = 9
PAGU = Decimal("5000000")


def halaman_ponsel(chromium):
    """A fresh context as a 360×740 Android phone (touch, mobile viewport meta honoured)."""
    context = chromium.new_context(
        locale="id-ID",
        viewport={"width": LEBAR_PONSEL, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def hari(page, tanggal: date):
    return page.get_by_test_id(f"hari-{tanggal.isoformat()}")


def status_hari(page, tanggal: date):
    """The day's status badge (the Terlambat badge, when present, comes after it)."""
    return hari(page, tanggal).locator(".judul-hari .status").first


def sel(page, pegawai, tanggal: date):
    """The atasan's grid cell of `pegawai` on `tanggal`."""
    return page.get_by_test_id("grid-progres").locator(
        f"#pegawai-{pegawai.pk} a.sel[href*='tanggal={tanggal.isoformat()}']"
    )


def tambah_aktivitas(page, uraian, *, volume="1", satuan="Kegiatan", rhk=None):
    form = page.get_by_test_id("form-aktivitas")
    form.get_by_label("Uraian kegiatan").fill(uraian)
    if rhk:
        form.get_by_label("RHK terkait").select_option(label=rhk)
    form.get_by_label("Volume").fill(volume)
    form.get_by_label("Satuan").fill(satuan)
    form.get_by_role("button", name="Simpan aktivitas").click()
    expect(pesan(page)).to_have_text("Aktivitas disimpan sebagai draft hari itu.")


def lebar_halaman(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def tinggi(locator) -> float:
    kotak = locator.bounding_box()
    assert kotak is not None, f"{locator} tidak tampil"
    return kotak["height"]


def melewati(wadah, isi) -> list[str]:
    """The elements matched by `isi` whose right edge passes `wadah`'s: cut off or
    spilling over the card's border on a narrow screen (the page may still not scroll)."""
    kotak_wadah = wadah.bounding_box()
    batas = kotak_wadah["x"] + kotak_wadah["width"]
    return [
        el.evaluate("e => e.name || e.textContent.trim()")
        for el in isi.all()
        if (kotak := el.bounding_box()) and kotak["x"] + kotak["width"] > batas + 0.5
    ]


def kunci_draf(pegawai) -> str:
    return f"ekinerja-draf:aktivitas:{pegawai.pk}"


def draf_tersimpan(page, pegawai):
    return page.evaluate("k => localStorage.getItem(k)", kunci_draf(pegawai))


# ---- on a phone ----------------------------------------------------------------------------


def test_day_submitted_returned_fixed_and_approved_on_a_360px_phone(
    live_server, transactional_db, dunia, chromium
):
    staf, kabid = segar(dunia.staf), segar(dunia.kabid)
    hari_ini = dunia.buleleng.hari_ini()

    # ---- the pegawai fills today and submits it ---------------------------------------
    page = halaman_ponsel(chromium)
    masuk(page, live_server, staf.nip)
    menu(page, "Progres Harian")
    expect(page.get_by_role("heading", level=1, name="Progres harian")).to_be_visible()
    expect(status_hari(page, hari_ini)).to_have_text("Belum diisi")
    hari(page, hari_ini).get_by_role("link", name="+ Aktivitas").click()
    expect(page).to_have_url(re.compile(rf"\?minggu={hari_ini.isoformat()}#tambah$"))
    form = page.get_by_test_id("form-aktivitas")
    expect(form.get_by_label("Tanggal")).to_have_value(hari_ini.isoformat())
    tambah_aktivitas(page, URAIAN_SAMAR)
    expect(status_hari(page, hari_ini)).to_have_text("Draft")
    expect(hari(page, hari_ini).locator(".daftar-aktivitas li")).to_have_text(
        [re.compile(rf"^{URAIAN_SAMAR}\s+· 1 Kegiatan")]
    )

    # Nothing wider than the phone: the page never scrolls sideways.
    assert lebar_halaman(page) <= LEBAR_PONSEL + 1
    # Nor does anything spill over its card.
    assert melewati(page.locator("#tambah"), form.locator("input, select, textarea")) == []
    kartu = hari(page, hari_ini)
    assert melewati(kartu, kartu.locator(".tombol")) == []
    # The buttons a thumb presses are tall enough to hit.
    for tombol in [
        kartu.get_by_role("button", name="Ajukan hari ini"),
        kartu.get_by_role("button", name="Salin kemarin"),
        kartu.get_by_role("link", name="+ Aktivitas"),
        page.get_by_test_id("ajukan-minggu"),
        page.get_by_role("link", name="← Minggu lalu"),
        page.get_by_role("link", name="Minggu depan →"),
        form.get_by_role("button", name="Simpan aktivitas"),
        form.get_by_label("Uraian kegiatan"),
        form.get_by_label("Satuan"),
    ]:
        assert tinggi(tombol) >= TINGGI_SENTUH, tombol

    kartu.get_by_role("button", name="Ajukan hari ini").tap()
    expect(pesan(page)).to_have_text("1 hari progres diajukan ke atasan.")
    expect(status_hari(page, hari_ini)).to_have_text("Diajukan")
    expect(hari(page, hari_ini).locator(".status-terlambat")).to_have_count(0)
    expect(hari(page, hari_ini).get_by_role("button", name="Tarik pengajuan")).to_be_visible()
    # Submitted: no more edits on that day until withdrawn or returned.
    expect(hari(page, hari_ini).get_by_role("link", name="+ Aktivitas")).to_have_count(0)
    assert lebar_halaman(page) <= LEBAR_PONSEL + 1
    page.screenshot(path="/tmp/progres-360-pegawai.png", full_page=True)

    # ---- the atasan taps the cell and returns the day with a note --------------------
    atasan = halaman_ponsel(chromium)
    masuk(atasan, live_server, kabid.nip)
    menu(atasan, "Progres Harian")
    atasan.get_by_role("navigation", name="TPP").get_by_role(
        "link", name="Progres bawahan", exact=True
    ).tap()
    expect(atasan.get_by_role("heading", level=1, name="Progres harian bawahan")).to_be_visible()
    expect(sel(atasan, staf, hari_ini)).to_have_class(re.compile(r"\bsel-diajukan\b"))
    expect(atasan.get_by_test_id("setujui-semua")).to_contain_text(
        "Setujui semua yang diajukan (1 hari)"
    )
    # The grid scrolls inside its own box; the page itself does not.
    assert lebar_halaman(atasan) <= LEBAR_PONSEL + 1
    assert tinggi(sel(atasan, staf, hari_ini)) >= TINGGI_SENTUH
    atasan.get_by_role("link", name="Menunggu persetujuan").tap()
    expect(atasan.get_by_test_id("grid-progres").locator("tbody tr")).to_have_count(1)
    sel(atasan, staf, hari_ini).tap()

    panel = atasan.get_by_test_id("lihat-hari")
    expect(panel.get_by_role("heading", level=2)).to_contain_text(staf.nama)
    expect(panel).to_contain_text("Status: Diajukan")
    expect(panel.locator(".daftar-aktivitas li")).to_have_text(
        [re.compile(rf"^{URAIAN_SAMAR}\s+· 1 Kegiatan")]
    )
    for tombol in [
        panel.get_by_role("button", name="Setujui hari ini"),
        panel.get_by_role("button", name="Kembalikan"),
        atasan.get_by_test_id("setujui-semua").get_by_role("button"),
    ]:
        assert tinggi(tombol) >= TINGGI_SENTUH, tombol
    assert lebar_halaman(atasan) <= LEBAR_PONSEL + 1
    atasan.screenshot(path="/tmp/progres-360-atasan.png", full_page=True)

    # Returning without a note is refused beside the field, the day untouched.
    panel.get_by_role("button", name="Kembalikan").tap()
    expect(panel.get_by_role("alert")).to_have_text("Tuliskan catatan: apa yang perlu diperbaiki.")
    panel.get_by_label("Catatan (wajib bila dikembalikan)").fill(CATATAN_ATASAN)
    panel.get_by_role("button", name="Kembalikan").tap()
    expect(pesan(atasan)).to_have_text("1 hari progres dikembalikan.")
    atasan.get_by_role("link", name="Semua", exact=True).tap()
    expect(sel(atasan, staf, hari_ini)).to_have_class(re.compile(r"\bsel-dikembalikan\b"))
    expect(atasan.get_by_test_id("setujui-semua")).to_have_count(0)

    # ---- the pegawai reads the note, fixes the day and sends it again ------------------
    page.goto(f"{live_server.url}/tpp/aktivitas/")
    kartu = hari(page, hari_ini)
    expect(status_hari(page, hari_ini)).to_have_text("Dikembalikan")
    expect(kartu.locator(".catatan-kembali")).to_have_text(f"Catatan atasan: {CATATAN_ATASAN}")
    kartu.get_by_role("button", name=f"Hapus aktivitas {URAIAN_SAMAR}").tap()
    expect(pesan(page)).to_have_text("Aktivitas dihapus.")
    hari(page, hari_ini).get_by_role("link", name="+ Aktivitas").tap()
    tambah_aktivitas(page, URAIAN_PERBAIKAN, volume="2", satuan="Jam")
    kartu = hari(page, hari_ini)
    expect(kartu.locator(".daftar-aktivitas li")).to_have_text(
        [re.compile(rf"^{URAIAN_PERBAIKAN}\s+· 2 Jam")]
    )
    kartu.get_by_role("button", name="Ajukan hari ini").tap()
    expect(pesan(page)).to_have_text("1 hari progres diajukan ke atasan.")
    expect(status_hari(page, hari_ini)).to_have_text("Diajukan")
    expect(hari(page, hari_ini).locator(".catatan-kembali")).to_have_count(0)
    foto(page, "progres-360-pegawai-diajukan-lagi")

    # ---- the atasan approves everything waiting --------------------------------------
    atasan.reload()
    expect(sel(atasan, staf, hari_ini)).to_have_class(re.compile(r"\bsel-diajukan\b"))
    atasan.get_by_test_id("setujui-semua").get_by_role(
        "button", name="Setujui semua yang diajukan (1 hari)"
    ).tap()
    expect(pesan(atasan)).to_have_text("1 hari progres disetujui.")
    expect(sel(atasan, staf, hari_ini)).to_have_class(re.compile(r"\bsel-disetujui\b"))
    expect(atasan.get_by_test_id("setujui-semua")).to_have_count(0)
    foto(atasan, "progres-360-atasan-disetujui")

    # The pegawai sees the day approved and closed.
    page.reload()
    kartu = hari(page, hari_ini)
    expect(status_hari(page, hari_ini)).to_have_text("Disetujui")
    expect(kartu.get_by_role("button")).to_have_count(0)
    expect(kartu.get_by_role("link", name="+ Aktivitas")).to_have_count(0)

    with scopes_disabled():
        progres = ProgresHarian.objects.get(pegawai=staf, tanggal=hari_ini)
        uraian = list(
            AktivitasHarian.objects.filter(pegawai=staf, tanggal=hari_ini).values_list(
                "uraian", flat=True
            )
        )
    assert (progres.status, progres.terlambat, progres.diputuskan_oleh_id, progres.catatan) == (
        ProgresHarian.Status.DISETUJUI,
        False,
        kabid.pk,
        "",
    )
    assert uraian == [URAIAN_PERBAIKAN]


# ---- the browser's draft -------------------------------------------------------------------


def test_typed_aktivitas_survives_a_dropped_connection_until_saved(
    live_server, transactional_db, dunia, chromium
):
    staf = segar(dunia.staf)
    hari_ini = dunia.buleleng.hari_ini()
    page = halaman_baru(chromium)
    masuk(page, live_server, staf.nip)
    menu(page, "Progres Harian")
    alamat = page.url
    form = page.get_by_test_id("form-aktivitas")
    expect(form.locator(".draf-info")).to_be_hidden()
    form.get_by_label("Uraian kegiatan").fill(URAIAN_DRAF)
    form.get_by_label("Volume").fill("7")
    form.get_by_label("Satuan").fill("Usul")
    assert URAIAN_DRAF in draf_tersimpan(page, staf)

    # The connection drops as the pegawai presses Simpan: the request never arrives.
    page.context.set_offline(True)
    form.get_by_role("button", name="Simpan aktivitas").click()
    page.wait_for_url(re.compile(r"^chrome-error://"))
    page.context.set_offline(False)
    with scopes_disabled():
        assert not AktivitasHarian.objects.filter(pegawai=staf).exists()

    # Back online, the page opened again: what was typed is there, and said to be.
    page.goto(alamat)
    form = page.get_by_test_id("form-aktivitas")
    expect(form.get_by_label("Uraian kegiatan")).to_have_value(URAIAN_DRAF)
    expect(form.get_by_label("Volume")).to_have_value("7")
    expect(form.get_by_label("Satuan")).to_have_value("Usul")
    expect(form.get_by_label("Tanggal")).to_have_value(hari_ini.isoformat())
    expect(form.locator(".draf-info")).to_have_text(
        "Isian belum tersimpan dipulihkan dari perangkat ini."
    )
    foto(page, "progres-draf-dipulihkan")

    # Saved: the server's confirmation drops the draft from the device.
    form.get_by_role("button", name="Simpan aktivitas").click()
    expect(pesan(page)).to_have_text("Aktivitas disimpan sebagai draft hari itu.")
    expect(page).to_have_url(re.compile(r"[?&]tersimpan=1\b"))
    expect(hari(page, hari_ini).locator(".daftar-aktivitas li")).to_have_text(
        [re.compile(rf"^{re.escape(URAIAN_DRAF)}\s+· 7 Usul")]
    )
    assert draf_tersimpan(page, staf) is None
    page.goto(alamat)
    expect(page.get_by_test_id("form-aktivitas").get_by_label("Uraian kegiatan")).to_have_value("")
    expect(page.get_by_test_id("form-aktivitas").locator(".draf-info")).to_be_hidden()
    with scopes_disabled():
        assert list(
            AktivitasHarian.objects.filter(pegawai=staf).values_list("uraian", flat=True)
        ) == [URAIAN_DRAF]


# ---- desktop: from the day to the slip -------------------------------------------------


@pytest.fixture
def skp_staf(transactional_db, dunia, buat_rantai):  # noqa: F811
    """The staf (kelas jabatan 9) with an approved SKP of this year, one RHK intervening
    the kabid's; the Perkada of Buleleng from the 1st of this month (kinerja 60 %, Sesuai
    paid 90 %; no cut for progres harian, so the total does not hang on today's date)."""
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
    buat_konfigurasi(
        segar(dunia.admin_bkd),
        berlaku_mulai=hari_ini.replace(day=1),
        pagu={KELAS: PAGU},
        persen_sesuai=Decimal("0.90"),
    )
    return skp


def tab_tpp(page, nama):
    page.get_by_role("navigation", name="TPP").get_by_role("link", name=nama, exact=True).click()


def test_day_approved_month_rated_computed_and_shown_on_the_slip(
    live_server, transactional_db, dunia, skp_staf, chromium
):
    staf, kabid = segar(dunia.staf), segar(dunia.kabid)
    hari_ini = dunia.buleleng.hari_ini()
    nama_bulan = f"{NAMA_BULAN[hari_ini.month - 1]} {hari_ini.year}"

    # ---- the pegawai logs today against the RHK and submits the day -------------------
    page = halaman_baru(chromium)
    masuk(page, live_server, staf.nip)
    menu(page, "Progres Harian")
    tambah_aktivitas(page, URAIAN_PERBAIKAN, volume="12", satuan="Usul", rhk=RHK_STAF)
    expect(hari(page, hari_ini).locator(".daftar-aktivitas li")).to_contain_text(
        [f"RHK: {RHK_STAF[:40]}"]
    )
    hari(page, hari_ini).get_by_role("button", name="Ajukan hari ini").click()
    expect(status_hari(page, hari_ini)).to_have_text("Diajukan")

    # ---- the atasan approves it from the day panel ------------------------------------
    atasan = halaman_baru(chromium)
    masuk(atasan, live_server, kabid.nip)
    atasan.goto(f"{live_server.url}/tpp/progres/bawahan/")
    sel(atasan, staf, hari_ini).click()
    atasan.get_by_test_id("lihat-hari").get_by_role("button", name="Setujui hari ini").click()
    expect(pesan(atasan)).to_have_text("1 hari progres disetujui.")
    expect(sel(atasan, staf, hari_ini)).to_have_class(re.compile(r"\bsel-disetujui\b"))
    page.reload()
    expect(status_hari(page, hari_ini)).to_have_text("Disetujui")

    # 19 more of this month, as if logged on earlier days, so the month has 20 and the
    # penilai may rate Sesuai (clicking 19 more forms tests nothing new).
    with scopes_disabled():
        AktivitasHarian.objects.bulk_create(
            AktivitasHarian(
                instansi_id=staf.instansi_id,
                pegawai_id=staf.pk,
                tanggal=hari_ini.replace(day=1 + i % hari_ini.day),
                uraian=f"Pelayanan administrasi kepegawaian ke-{i + 1}",
            )
            for i in range(19)
        )

    # ---- the pegawai submits the month's realisasi ------------------------------------
    tab_tpp(page, "Realisasi bulanan")
    expect(
        page.get_by_role("heading", level=1, name=f"Realisasi bulanan · {nama_bulan}")
    ).to_be_visible()
    expect(page.get_by_text("aktivitas harian tercatat bulan ini")).to_contain_text("20")
    page.get_by_label(RHK_STAF).fill(REALISASI)
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    expect(pesan(page)).to_have_text("Realisasi bulanan diajukan ke pejabat penilai.")
    expect(page.locator(".status")).to_have_text("Menunggu penilaian")

    # ---- the atasan rates it ------------------------------------------------------------
    tab_tpp(atasan, "Penilaian bulanan bawahan")
    expect(
        atasan.get_by_role("heading", level=1, name=f"Penilaian bulanan bawahan · {nama_bulan}")
    ).to_be_visible()
    baris = atasan.get_by_role("row").filter(has_text=staf.nama)
    expect(baris.get_by_role("link", name="20 aktivitas")).to_be_visible()
    expect(baris).to_contain_text(REALISASI)
    baris.get_by_role("radio", name="Sesuai Ekspektasi", exact=True).check()
    baris.get_by_role("button", name="Simpan").click()
    expect(pesan(atasan)).to_have_text(f"Realisasi {staf.nama} dinilai.")

    # ---- the admin OPD computes the month -----------------------------------------------
    admin = halaman_baru(chromium)
    masuk(admin, live_server, dunia.admin_opd.nip)
    menu_admin(admin, "Rekap TPP")
    expect(
        admin.get_by_role("heading", level=1, name=f"Rekap TPP · BKPSDM · {nama_bulan}")
    ).to_be_visible()
    admin.get_by_role("button", name="Hitung ulang").click()
    expect(pesan(admin)).to_have_text("TPP dihitung ulang.")
    baris = admin.get_by_role("row").filter(has_text=staf.nip)
    expect(baris.get_by_role("cell").last).to_have_text("4.700.000")

    # ---- the pegawai opens the slip -------------------------------------------------
    tab_tpp(page, "Slip TPP")
    expect(page).to_have_url(re.compile(r"/tpp/slip/$"))
    expect(page.get_by_role("heading", level=1, name=f"Slip TPP · {nama_bulan}")).to_be_visible()
    isi = page.locator(".tab-isi")
    expect(isi).to_contain_text(f"NIP {staf.nip}")
    expect(isi.get_by_text("belum dihitung")).to_have_count(0)
    slip = isi.locator("table.tabel")
    pagu = slip.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Pagu kelas jabatan", exact=True)
    )
    expect(pagu.get_by_role("cell").last).to_have_text("5.000.000")
    kinerja = slip.get_by_role("row").filter(has_text="Kinerja 60%")
    expect(kinerja).to_contain_text("Sesuai Ekspektasi 90%")
    expect(kinerja).to_contain_text("Rating bulanan: Sesuai Ekspektasi · 20 aktivitas harian")
    expect(kinerja.get_by_role("cell").last).to_have_text("2.700.000")
    disiplin = slip.get_by_role("row").filter(has_text="Disiplin 40%")
    # Today approved in time; the other working days so far were never submitted.
    expect(disiplin).to_contain_text(re.compile(r"Progres harian: 0 hari terlambat, \d+ hari"))
    expect(disiplin.get_by_role("cell").last).to_have_text("2.000.000")
    expect(slip.get_by_role("row").last).to_have_text(re.compile(r"^Jumlah\s*4\.700\.000$"))
    expect(isi).to_contain_text(f"Total TPP {nama_bulan}: Rp4.700.000")
    foto(page, "progres-slip")

    with scopes_disabled():
        tpp = TPPBulanan.objects.get(pegawai=staf, tahun=hari_ini.year, bulan=hari_ini.month)
    assert (tpp.rating, tpp.jumlah_aktivitas, tpp.progres_terlambat, tpp.total) == (
        "sesuai",
        20,
        0,
        Decimal("4700000"),
    )
