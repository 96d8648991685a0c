"""Penilaian views: the role access matrix and tenant isolation of every URL in
penilaian/urls.py, the forms (errors beside the field, what was typed kept), feedback
before rating, predikat, the Sangat Baik review, "Nilai sekaligus", the kurva page, the
query count of the list and period pages, and malformed parameters.

Personas (tests.conftest `dunia`, plus rekan): staf owns the SKP and its periods; kabid
is the staf's pejabat penilai; rekan works beside the staf in Bidang PKAP; kepala leads
BKPSDM (the kabid's penilai, not the staf's); admin_opd manages BKPSDM, admin_dinkes
another OPD, admin_bkd the whole instansi; admin_lain and pegawai_lain are another
instansi. The fixtures here are prefixed `v_` so they never shadow the conftest's.
"""

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from jadwal import rules as jadwal_rules
from jadwal.models import Jadwal
from organisasi.models import Pegawai
from penilaian import rules
from penilaian import services as penilaian
from penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    PeriodePenilaian,
    RencanaAksi,
    UmpanBalik,
)
from penilaian.selectors import STATUS_PENILAIAN
from skp.models import Indikator
from skp.rules import NAMA_BERAKHLAK
from tests.bantuan import masuk, pesan, segar, teks
from tests.conftest import per_modul
from tests.factories import PegawaiFactory
from tests.penilaian.bantuan_views import (
    KEADAAN_TW1,
    PDF,
    TAHUN,
    URAIAN_RHK,
    buat_kaskade,
    isian,
    keadaan,
    nilai,
    opd_massal,
    pdf,
    pegawai_massal,
    periode_diajukan,
    periode_siap_dinilai,
    rencana_aksi_semua,
    rhk_dari,
    skp_disetujui,
    skp_massal,
    tw1_massal,
)

PERSONA = [
    "staf",
    "kabid",
    "rekan",
    "kepala",
    "admin_opd",
    "admin_dinkes",
    "admin_bkd",
    "admin_lain",
    "pegawai_lain",
]
LAIN_INSTANSI = {"admin_lain", "pegawai_lain"}


# The personas are built once for this module (tests/conftest.py transaksi_modul); each
# test builds its periods on top, in a savepoint undone after it.
dunia = per_modul("dunia_modul")


@pytest.fixture(autouse=True)
def v_media(media_modul):
    """Uploads and documents land in the module's own folder."""
    return media_modul


media_sementara = v_media


@pytest.fixture
def v_rhk_kabid(dunia):
    with scope(instansi=dunia.buleleng.pk):
        return buat_kaskade(dunia)


@pytest.fixture
def v_skp_staf(dunia, v_rhk_kabid):
    with scope(instansi=dunia.buleleng.pk):
        return skp_disetujui(dunia, v_rhk_kabid, dunia.staf)


@pytest.fixture
def v_tw1(dunia, v_skp_staf):
    """The staf's Triwulan I just added: no rencana aksi yet."""
    with scope(instansi=dunia.buleleng.pk):
        return penilaian.periode_tambah(skp=v_skp_staf, kode="tw1", by=segar(dunia.staf))


@pytest.fixture
def v_tw1_terbuka(dunia, v_tw1):
    """Triwulan I with a rencana aksi for each RHK: realisasi and bukti are open."""
    with scope(instansi=dunia.buleleng.pk):
        return v_tw1, rencana_aksi_semua(v_tw1, segar(dunia.staf))


@pytest.fixture
def v_tw1_diajukan(dunia, v_skp_staf):
    """The staf's Triwulan I submitted to the kabid, without feedback yet."""
    with scope(instansi=dunia.buleleng.pk):
        return periode_diajukan(v_skp_staf, dunia.staf)


@pytest.fixture
def v_tw1_siap(dunia, v_skp_staf):
    """Submitted and given every feedback: ready to rate."""
    with scope(instansi=dunia.buleleng.pk):
        return periode_siap_dinilai(v_skp_staf, dunia.staf, dunia.kabid)


@pytest.fixture
def v_tw1_sangat_baik(dunia, v_tw1_siap):
    with scope(instansi=dunia.buleleng.pk):
        return nilai(v_tw1_siap, dunia.kabid, rules.DIATAS, rules.DIATAS)


@pytest.fixture
def superadmin(db):
    return Pegawai.objects.create_superuser("superadmin", "rahasia-uji-123", nama="Super")


# ---- pegawai: periods, rencana aksi, realisasi, bukti -------------------------------


def test_pegawai_adds_a_period_from_the_list_and_a_wrong_code_is_explained(
    client, dunia, v_skp_staf
):
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("penilaian_saya") + f"?tahun={TAHUN}"))
    assert "Tambah Periode Penilaian" in halaman
    for label in ["Triwulan I 2025", "Triwulan IV 2025", "Final/Tahunan 2025"]:
        assert label in halaman
    url = reverse("periode_tambah", args=[v_skp_staf.pk])
    response = client.post(url, {"kode": "tw9"}, follow=True)
    assert "Pilih periode penilaian dari daftar." in pesan(response)
    response = client.post(url, {"kode": "tw2"}, follow=True)
    assert "Periode Triwulan II 2025 ditambahkan." in pesan(response)
    with scopes_disabled():
        periode = PeriodePenilaian.objects.get(skp=v_skp_staf)
    assert response.redirect_chain[-1][0] == reverse("periode_detail", args=[periode.pk])
    assert (periode.kode, periode.mulai, periode.selesai) == (
        "tw2",
        date(TAHUN, 4, 1),
        date(TAHUN, 6, 30),
    )
    response = client.post(url, {"kode": "tw2"}, follow=True)
    assert "Periode Triwulan II 2025 sudah ditambahkan." in pesan(response)


def skp_dari(periode):
    return segar(periode).skp


def test_period_page_names_the_rhk_without_rencana_aksi(client, dunia, v_tw1):
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(v_tw1))
        rencana_aksi_semua(v_tw1, segar(dunia.staf), rhk[:1])
    halaman = teks(masuk(client, dunia.staf).get(reverse("periode_detail", args=[v_tw1.pk])))
    peringatan = halaman.split("Realisasi belum dapat diisi.")[1].split("</div>")[0]
    assert "Belum ada untuk:" in peringatan
    assert f"<li>{URAIAN_RHK[1]}</li>" in peringatan
    assert URAIAN_RHK[0] not in peringatan
    ajukan = halaman.split('data-testid="ajukan-penilaian"')[1].split("</form>")[0]
    assert "disabled" in ajukan and "Lengkapi rencana aksi dulu" in ajukan
    assert 'name="realisasi"' not in halaman  # realisasi stays closed
    # The penilai's list says the same in a word.
    halaman = teks(
        masuk(client, dunia.kabid).get(reverse("penilaian_bawahan") + f"?tahun={TAHUN}&periode=tw1")
    )
    baris = halaman.split(f'id="bawahan-{dunia.staf.pk}"')[1].split("</tr>")[0]
    assert "Belum mengisi rencana aksi" in baris


@pytest.mark.parametrize(
    "target,galat",
    [
        ("0", "Target harus lebih dari 0."),
        ("-2", "Target harus lebih dari 0."),
        ("dua", "Masukkan sebuah bilangan."),
        ("", "Bidang ini tidak boleh kosong."),
    ],
)
def test_rencana_aksi_with_a_bad_target_is_refused_beside_the_field(
    client, dunia, v_tw1, target, galat
):
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(v_tw1))
    data = {
        "ra-rhk": rhk[1].pk,
        "ra-uraian": "Menyusun draf laporan kinerja",
        "ra-target": target,
        "ra-satuan": "Laporan",
    }
    response = masuk(client, dunia.staf).post(reverse("rencana_aksi_simpan", args=[v_tw1.pk]), data)
    assert response.status_code == 200
    halaman = teks(response)
    assert galat in isian(halaman, "ra-target")
    assert "Menyusun draf laporan kinerja" in isian(halaman, "ra-uraian")
    assert 'value="Laporan"' in isian(halaman, "ra-satuan")
    assert f'value="{rhk[1].pk}" selected' in isian(halaman, "ra-rhk")
    with scopes_disabled():
        assert not RencanaAksi.objects.exists()


def test_rencana_aksi_without_satuan_is_refused_beside_the_field(client, dunia, v_tw1):
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(v_tw1))
    data = {"ra-rhk": rhk[0].pk, "ra-uraian": "Menyusun draf", "ra-target": "3", "ra-satuan": ""}
    halaman = teks(
        masuk(client, dunia.staf).post(reverse("rencana_aksi_simpan", args=[v_tw1.pk]), data)
    )
    assert "Bidang ini tidak boleh kosong." in isian(halaman, "ra-satuan")
    assert 'value="3"' in isian(halaman, "ra-target")
    assert "Menyusun draf" in isian(halaman, "ra-uraian")
    # Spaces only count as empty (the form strips them), with what else was typed kept.
    data["ra-satuan"] = "   "
    halaman = teks(client.post(reverse("rencana_aksi_simpan", args=[v_tw1.pk]), data))
    assert "Bidang ini tidak boleh kosong." in isian(halaman, "ra-satuan")
    assert 'value="3"' in isian(halaman, "ra-target")
    with scopes_disabled():
        assert not RencanaAksi.objects.exists()


def test_rencana_aksi_saved_and_shown_with_its_target(client, dunia, v_tw1):
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(v_tw1))
    data = {
        "ra-rhk": rhk[0].pk,
        "ra-uraian": "Menyusun laporan TW I",
        "ra-target": "1.5",
        "ra-satuan": "Laporan",
    }
    response = masuk(client, dunia.staf).post(
        reverse("rencana_aksi_simpan", args=[v_tw1.pk]), data, follow=True
    )
    assert "Rencana aksi disimpan." in pesan(response)
    assert "Menyusun laporan TW I<br><strong>Target: 1,5 Laporan</strong>" in teks(response)
    with scopes_disabled():
        ra = RencanaAksi.objects.get()
    assert (ra.periode_id, ra.rhk_id, ra.uraian, str(ra.target), ra.satuan) == (
        v_tw1.pk,
        rhk[0].pk,
        "Menyusun laporan TW I",
        "1.50",
        "Laporan",
    )


def bagian_realisasi(halaman: str, rencana_aksi_pk: int) -> str:
    """The realisasi cell of one rencana aksi (its forms, errors and bukti)."""
    awal = halaman.index(f'<div class="realisasi" id="realisasi-rencana_aksi-{rencana_aksi_pk}"')
    return halaman[awal : halaman.index("</td>", awal)]


def test_empty_realisasi_is_refused_beside_the_field_and_keeps_the_number(
    client, dunia, v_tw1_terbuka
):
    periode, (ra1, ra2) = v_tw1_terbuka
    data = {"rencana_aksi": ra2.pk, "realisasi": "  ", "realisasi_angka": "3"}
    response = masuk(client, dunia.staf).post(reverse("realisasi_simpan", args=[periode.pk]), data)
    assert response.status_code == 200
    sel = bagian_realisasi(teks(response), ra2.pk)
    assert "Bidang ini tidak boleh kosong." in isian(sel, "realisasi")
    assert 'value="3"' in isian(sel, "realisasi_angka")
    # The other rencana aksi's form shows no error.
    assert "Bidang ini tidak boleh kosong." not in bagian_realisasi(teks(response), ra1.pk)
    assert segar(ra2).realisasi == ""


def test_negative_realisasi_number_is_refused_and_keeps_the_text(client, dunia, v_tw1_terbuka):
    periode, (_, ra2) = v_tw1_terbuka
    data = {"rencana_aksi": ra2.pk, "realisasi": "Dua laporan", "realisasi_angka": "-1"}
    response = masuk(client, dunia.staf).post(reverse("realisasi_simpan", args=[periode.pk]), data)
    sel = bagian_realisasi(teks(response), ra2.pk)
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 0." in isian(
        sel, "realisasi_angka"
    )
    assert "Dua laporan" in isian(sel, "realisasi")
    assert segar(ra2).realisasi == ""


def test_realisasi_saved_and_shown(client, dunia, v_tw1_terbuka):
    periode, (_, ra2) = v_tw1_terbuka
    data = {"rencana_aksi": ra2.pk, "realisasi": "Dua laporan diserahkan", "realisasi_angka": "2"}
    response = masuk(client, dunia.staf).post(
        reverse("realisasi_simpan", args=[periode.pk]), data, follow=True
    )
    assert "Realisasi disimpan." in pesan(response)
    assert "Dua laporan diserahkan" in bagian_realisasi(teks(response), ra2.pk)
    ra2 = segar(ra2)
    assert (ra2.realisasi, str(ra2.realisasi_angka)) == ("Dua laporan diserahkan", "2.00")


def test_text_file_renamed_pdf_is_refused_on_the_page_and_nothing_saved(
    client, dunia, v_tw1_terbuka, v_media
):
    periode, (ra1, _) = v_tw1_terbuka
    palsu = SimpleUploadedFile(
        "laporan.pdf", b"ini hanya teks biasa, bukan PDF\n" * 20, content_type="application/pdf"
    )
    data = {"rencana_aksi": ra1.pk, "berkas": palsu, "keterangan": "Laporan bulan Maret"}
    sebelum = {berkas for berkas in v_media.rglob("*") if berkas.is_file()}
    response = masuk(client, dunia.staf).post(reverse("bukti_tambah", args=[periode.pk]), data)
    assert response.status_code == 200
    sel = bagian_realisasi(teks(response), ra1.pk)
    assert "Jenis berkas tidak diterima (isi berkas diperiksa, bukan namanya)." in isian(
        sel, "berkas"
    )
    assert 'value="Laporan bulan Maret"' in isian(sel, "keterangan")
    with scopes_disabled():
        assert not BuktiDukung.objects.exists()
    assert {berkas for berkas in v_media.rglob("*") if berkas.is_file()} == sebelum


def form_rencana_aksi(halaman: str, periode) -> list[str]:
    """Every form on the page that posts to rencana_aksi_simpan."""
    aksi = f'action="{reverse("rencana_aksi_simpan", args=[periode.pk])}'
    return [f.split("</form>")[0] for f in halaman.split("<form")[1:] if aksi in f.split(">")[0]]


def test_a_rencana_aksi_with_bukti_can_be_corrected_from_the_page(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    with scope(instansi=dunia.buleleng.pk):
        penilaian.bukti_tambah(
            periode=periode, by=segar(dunia.staf), rencana_aksi=ra1, tautan="https://a.go.id/b"
        )
    halaman = teks(masuk(client, dunia.staf).get(reverse("periode_detail", args=[periode.pk])))
    assert form_rencana_aksi(halaman, periode)  # the add form is there
    # Deleting it is no longer offered, since its bukti would go with it.
    assert reverse("rencana_aksi_hapus", args=[periode.pk, ra1.pk]) not in halaman
    assert any(
        f'name="rencana_aksi" value="{ra1.pk}"' in f for f in form_rencana_aksi(halaman, periode)
    )


def test_an_edit_refused_for_bad_input_stays_an_edit(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    data = {
        "rencana_aksi": ra1.pk,
        "ra-rhk": ra1.rhk_id,
        "ra-uraian": "Menyusun laporan (diperbaiki)",
        "ra-target": "0",
        "ra-satuan": "Laporan",
    }
    url = reverse("rencana_aksi_simpan", args=[periode.pk])
    halaman = teks(masuk(client, dunia.staf).post(url, data))
    assert "Target harus lebih dari 0." in isian(halaman, "ra-target")
    assert segar(ra1).uraian != "Menyusun laporan (diperbaiki)"
    assert form_rencana_aksi(halaman, periode)  # shown again with the error
    assert any(
        f'name="rencana_aksi" value="{ra1.pk}"' in f for f in form_rencana_aksi(halaman, periode)
    )


def test_replacing_a_bukti_keeps_the_old_version_downloadable(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    with scope(instansi=dunia.buleleng.pk):
        lama = penilaian.bukti_tambah(
            periode=periode, by=segar(dunia.staf), rencana_aksi=ra1, berkas=pdf("versi-1.pdf")
        )
    url = reverse("bukti_tambah", args=[periode.pk])
    data = {"ganti": lama.pk, "berkas": pdf("versi-2.pdf", PDF + b"% versi 2\n")}
    response = masuk(client, dunia.staf).post(url, data, follow=True)
    assert "Bukti dukung diganti; versi lama tetap tersimpan." in pesan(response)
    sel = bagian_realisasi(teks(response), ra1.pk)
    assert "versi-2.pdf" in sel and "menggantikan" in sel and "versi-1.pdf" in sel
    with scopes_disabled():
        baru = BuktiDukung.objects.get(diganti_oleh__isnull=True)
        assert BuktiDukung.objects.get(pk=lama.pk).diganti_oleh_id == baru.pk
    for bukti, isi in [(lama, PDF), (baru, PDF + b"% versi 2\n")]:
        response = masuk(client, dunia.kabid).get(reverse("bukti_unduh", args=[bukti.pk]))
        assert b"".join(response.streaming_content) == isi


def test_a_replacement_refused_for_its_file_stays_a_replacement(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    with scope(instansi=dunia.buleleng.pk):
        lama = penilaian.bukti_tambah(
            periode=periode, by=segar(dunia.staf), rencana_aksi=ra1, berkas=pdf("versi-1.pdf")
        )
    palsu = SimpleUploadedFile("versi-2.pdf", b"bukan pdf\n" * 20, content_type="application/pdf")
    url = reverse("bukti_tambah", args=[periode.pk])
    halaman = teks(masuk(client, dunia.staf).post(url, {"ganti": lama.pk, "berkas": palsu}))
    sel = bagian_realisasi(halaman, ra1.pk)
    assert "Jenis berkas tidak diterima" in sel
    form_galat = sel[: sel.index("Jenis berkas tidak diterima")].rsplit("<form", 1)[1]
    assert f'name="ganti" value="{lama.pk}"' in form_galat


@pytest.fixture
def v_penilaian_terkunci(dunia, v_tw1_siap):
    """The penilaian window of TW I 2025 closed yesterday."""
    sekarang = timezone.now()
    with scopes_disabled():
        return Jadwal.objects.create(
            instansi=dunia.buleleng,
            langkah=jadwal_rules.PENILAIAN,
            tahun=TAHUN,
            kode="tw1",
            mulai=sekarang - timedelta(days=30),
            batas=sekarang - timedelta(days=1),
            diatur_oleh=dunia.admin_bkd,
        )


def test_rating_after_the_deadline_is_refused_until_a_dispensasi(
    client, dunia, v_tw1_siap, v_penilaian_terkunci
):
    url = reverse("periode_nilai", args=[v_tw1_siap.pk])
    data = {"rating_hasil_kerja": rules.SESUAI, "rating_perilaku_kerja": rules.SESUAI}
    masuk(client, dunia.kabid)
    halaman = teks(client.get(reverse("periode_detail", args=[v_tw1_siap.pk])))
    assert "Penilaian oleh pejabat penilai Triwulan I 2025 dikunci sejak" in halaman
    assert 'data-testid="form-rating"' not in halaman
    halaman = teks(client.post(url, data))
    assert "dikunci sejak" in halaman and "minta dispensasi" in halaman
    assert segar(v_tw1_siap).status == PeriodePenilaian.Status.DIAJUKAN
    # The admin OPD reopens it for the staf from the dispensasi page.
    masuk(client, dunia.admin_opd)
    beri = {"nip": dunia.staf.nip, "sampai": "2099-01-01T10:00", "alasan": "Penilai cuti sakit."}
    response = client.post(reverse("dispensasi", args=[v_penilaian_terkunci.pk]), beri)
    assert response.status_code == 302
    masuk(client, dunia.kabid)
    response = client.post(url, data, follow=True)
    assert "Dinilai: predikat Baik." in pesan(response)


def test_final_period_takes_realisasi_per_indikator(client, dunia, v_skp_staf, v_rhk_kabid):
    with scope(instansi=dunia.buleleng.pk):
        final = penilaian.periode_tambah(skp=v_skp_staf, kode=rules.FINAL, by=segar(dunia.staf))
    with scopes_disabled():
        indikator = list(Indikator.objects.filter(rhk__skp=v_skp_staf).order_by("id"))
        indikator_kabid = Indikator.objects.get(rhk=v_rhk_kabid)
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("periode_detail", args=[final.pk])))
    assert "Realisasi belum dapat diisi." not in halaman  # no rencana aksi in a final period
    assert 'data-testid="form-rencana-aksi"' not in halaman
    for i in indikator:
        assert f'id="realisasi-indikator-{i.pk}"' in halaman
    url = reverse("realisasi_simpan", args=[final.pk])
    response = client.post(url, {"indikator": indikator[0].pk, "realisasi": ""})
    sel = teks(response).split(f'id="realisasi-indikator-{indikator[0].pk}"')[1]
    assert "Bidang ini tidak boleh kosong." in sel.split('<div class="realisasi"')[0]
    data = {"indikator": indikator[0].pk, "realisasi": "12 laporan", "realisasi_angka": "12"}
    assert "Realisasi disimpan." in pesan(client.post(url, data, follow=True))
    # An indikator of another SKP is a 404, as a missing one.
    sebelum = keadaan()
    data["indikator"] = indikator_kabid.pk
    assert client.post(url, data).status_code == 404
    assert keadaan() == sebelum


def test_bukti_needs_a_file_or_a_link(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    response = masuk(client, dunia.staf).post(
        reverse("bukti_tambah", args=[periode.pk]), {"rencana_aksi": ra1.pk}
    )
    assert "Unggah satu berkas atau isi satu tautan." in bagian_realisasi(teks(response), ra1.pk)
    with scopes_disabled():
        assert not BuktiDukung.objects.exists()


def test_real_pdf_is_kept_and_downloadable_by_the_penilai(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    data = {"rencana_aksi": ra1.pk, "berkas": pdf("laporan-maret.pdf")}
    response = masuk(client, dunia.staf).post(
        reverse("bukti_tambah", args=[periode.pk]), data, follow=True
    )
    assert "Bukti dukung ditambahkan." in pesan(response)
    assert "laporan-maret.pdf" in bagian_realisasi(teks(response), ra1.pk)
    with scopes_disabled():
        bukti = BuktiDukung.objects.get()
    response = masuk(client, dunia.kabid).get(reverse("bukti_unduh", args=[bukti.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# ---- pejabat penilai: feedback, rating, predikat ------------------------------------


def test_feedback_form_saves_every_filled_textarea(client, dunia, v_tw1_diajukan):
    periode = v_tw1_diajukan
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(periode))
    data = {f"rhk_{r.pk}": f"Umpan balik untuk {r.uraian}" for r in rhk}
    data.update({f"perilaku_{k}": f"Umpan balik {nama}" for k, nama in NAMA_BERAKHLAK.items()})
    response = masuk(client, dunia.kabid).post(
        reverse("umpan_balik_simpan", args=[periode.pk]), data, follow=True
    )
    assert "9 umpan balik disimpan." in pesan(response)
    with scopes_disabled():
        tersimpan = {
            (u.rhk_id or u.perilaku): u.isi for u in UmpanBalik.objects.filter(periode=periode)
        }
    harapan = {r.pk: f"Umpan balik untuk {r.uraian}" for r in rhk}
    harapan.update({k: f"Umpan balik {nama}" for k, nama in NAMA_BERAKHLAK.items()})
    assert tersimpan == harapan
    halaman = teks(response)
    assert "Belum ada umpan balik untuk" not in halaman
    assert f">Umpan balik untuk {rhk[0].uraian}</textarea>" in halaman


def test_feedback_form_skips_blank_textareas(client, dunia, v_tw1_diajukan):
    periode = v_tw1_diajukan
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(periode))
    data = {f"rhk_{rhk[0].pk}": "Sudah baik.", f"rhk_{rhk[1].pk}": "   ", "perilaku_akuntabel": ""}
    data["perilaku_adaptif"] = "Cepat belajar."
    response = masuk(client, dunia.kabid).post(
        reverse("umpan_balik_simpan", args=[periode.pk]), data, follow=True
    )
    assert "2 umpan balik disimpan." in pesan(response)
    with scopes_disabled():
        assert set(
            UmpanBalik.objects.filter(periode=periode).values_list("rhk_id", "perilaku")
        ) == {(rhk[0].pk, ""), (None, "adaptif")}
    kurang = teks(response).split("Belum ada umpan balik untuk:")[1].split("</div>")[0]
    assert f"RHK: {rhk[1].uraian}" in kurang and "Perilaku: Akuntabel" in kurang


def test_rating_is_refused_with_a_message_until_every_feedback_is_given(
    client, dunia, v_tw1_diajukan
):
    periode = v_tw1_diajukan
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(periode))
        penilaian.umpan_balik_simpan(
            periode=periode, by=segar(dunia.kabid), rhk=rhk[0], isi="Sudah baik."
        )
    url = reverse("periode_nilai", args=[periode.pk])
    data = {"rating_hasil_kerja": rules.DIATAS, "rating_perilaku_kerja": rules.SESUAI}
    response = masuk(client, dunia.kabid).post(url, data)
    assert response.status_code == 200
    galat = teks(response).split('data-testid="form-rating"')[1].split("</fieldset>")[0]
    assert "Berikan umpan balik dulu sebelum rating." in galat
    assert f"RHK: {rhk[1].uraian}" in galat and "Perilaku: Berorientasi Pelayanan" in galat
    halaman = teks(response)
    assert f'name="rating_hasil_kerja" value="{rules.DIATAS}" checked' in halaman
    assert f'name="rating_perilaku_kerja" value="{rules.SESUAI}" checked' in halaman
    assert segar(periode).status == PeriodePenilaian.Status.DIAJUKAN

    with scope(instansi=dunia.buleleng.pk):
        penilaian.umpan_balik_simpan(periode=periode, by=segar(dunia.kabid), rhk=rhk[1], isi="Ok")
        for kode in NAMA_BERAKHLAK:
            penilaian.umpan_balik_simpan(
                periode=periode, by=segar(dunia.kabid), perilaku=kode, isi="Ok"
            )
    response = client.post(url, data, follow=True)
    assert "Dinilai: predikat Baik." in pesan(response)
    hasil = teks(response).split('id="hasil"')[1].split("</section>")[0]
    assert "Diatas Ekspektasi" in hasil and "Sesuai Ekspektasi" in hasil
    assert '<strong class="predikat predikat-baik">Baik</strong>' in hasil
    periode = segar(periode)
    assert (periode.status, periode.predikat, periode.penilai_id) == (
        PeriodePenilaian.Status.DINILAI,
        rules.BAIK,
        dunia.kabid.pk,
    )
    # The pegawai sees the predikat on their list.
    halaman = teks(masuk(client, dunia.staf).get(reverse("penilaian_saya") + f"?tahun={TAHUN}"))
    assert "<strong>Baik</strong>" in halaman


def test_rating_without_a_choice_is_refused_beside_each_field(client, dunia, v_tw1_siap):
    response = masuk(client, dunia.kabid).post(reverse("periode_nilai", args=[v_tw1_siap.pk]), {})
    assert response.status_code == 200
    form = teks(response).split('data-testid="form-rating"')[1].split("</form>")[0]
    hasil, perilaku = form.split("</fieldset>")[:2]
    assert "Bidang ini tidak boleh kosong." in hasil
    assert "Bidang ini tidak boleh kosong." in perilaku
    assert segar(v_tw1_siap).status == PeriodePenilaian.Status.DIAJUKAN


@pytest.mark.parametrize(
    "hasil,perilaku,label",
    [
        (rules.DIATAS, rules.DIBAWAH, "Kurang/Misconduct"),
        (rules.SESUAI, rules.DIATAS, "Baik"),
        (rules.DIBAWAH, rules.SESUAI, "Butuh Perbaikan"),
        (rules.DIBAWAH, rules.DIBAWAH, "Sangat Kurang"),
    ],
)
def test_rating_shows_the_predikat_of_the_matrix(client, dunia, v_tw1_siap, hasil, perilaku, label):
    data = {"rating_hasil_kerja": hasil, "rating_perilaku_kerja": perilaku}
    response = masuk(client, dunia.kabid).post(
        reverse("periode_nilai", args=[v_tw1_siap.pk]), data, follow=True
    )
    assert f"Dinilai: predikat {label}." in pesan(response)
    assert f">{label}</strong>" in teks(response).split('id="hasil"')[1]


def test_penilai_returns_a_period_and_the_pegawai_sees_why(client, dunia, v_tw1_diajukan):
    url = reverse("periode_kembalikan", args=[v_tw1_diajukan.pk])
    masuk(client, dunia.kabid)
    response = client.post(url, {"kembali-catatan": ""})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in isian(teks(response), "kembali-catatan")
    assert segar(v_tw1_diajukan).status == PeriodePenilaian.Status.DIAJUKAN
    response = client.post(url, {"kembali-catatan": "Lampirkan notulen rapat."})
    assert response.url == reverse("penilaian_bawahan")
    assert segar(v_tw1_diajukan).status == PeriodePenilaian.Status.PENGISIAN
    halaman = teks(
        masuk(client, dunia.staf).get(reverse("periode_detail", args=[v_tw1_diajukan.pk]))
    )
    assert "Dikembalikan pejabat penilai:" in halaman and "Lampirkan notulen rapat." in halaman


# ---- the Sangat Baik review ----------------------------------------------------------


def test_sangat_baik_waits_in_the_bkd_review_queue_and_not_for_an_admin_opd(
    client, dunia, v_tw1_siap
):
    data = {"rating_hasil_kerja": rules.DIATAS, "rating_perilaku_kerja": rules.DIATAS}
    response = masuk(client, dunia.kabid).post(
        reverse("periode_nilai", args=[v_tw1_siap.pk]), data, follow=True
    )
    assert (
        "Dinilai: predikat Sangat Baik. Predikat Sangat Baik menunggu review Tim Penilai "
        "Kinerja." in pesan(response)
    )
    assert segar(v_tw1_siap).status == PeriodePenilaian.Status.MENUNGGU_REVIEW
    url = reverse("review_antrean") + f"?tahun={TAHUN}"
    halaman = teks(masuk(client, dunia.admin_bkd).get(url))
    baris = halaman.split(f'id="review-{v_tw1_siap.pk}"')[1].split("</tr>")[0]
    assert "Staf PKAP" in baris and "Triwulan I 2025" in baris and "Kabid PKAP" in baris
    assert "BKPSDM" in halaman  # grouped by OPD
    assert masuk(client, dunia.admin_opd).get(url).status_code == 404
    assert masuk(client, dunia.kabid).get(url).status_code == 404
    # The pegawai sees it as waiting, not as a predikat yet.
    halaman = teks(masuk(client, dunia.staf).get(reverse("penilaian_saya") + f"?tahun={TAHUN}"))
    assert "menunggu review" in halaman and "<strong>Sangat Baik</strong>" not in halaman


def test_bkd_approves_a_sangat_baik_from_the_queue(client, dunia, v_tw1_sangat_baik):
    periode = v_tw1_sangat_baik
    masuk(client, dunia.admin_bkd)
    response = client.post(
        reverse("review_putuskan", args=[periode.pk]), {"keputusan": "setujui"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("review_antrean") + f"?tahun={TAHUN}"
    assert "Sangat Baik Staf PKAP disetujui." in pesan(response)
    assert f'id="review-{periode.pk}"' not in teks(response)
    periode = segar(periode)
    assert (periode.status, periode.predikat, periode.direview_oleh_id) == (
        PeriodePenilaian.Status.DINILAI,
        rules.SANGAT_BAIK,
        dunia.admin_bkd.pk,
    )


def test_bkd_returns_a_sangat_baik_only_with_a_reason(client, dunia, v_tw1_sangat_baik):
    periode = v_tw1_sangat_baik
    url = reverse("review_putuskan", args=[periode.pk])
    masuk(client, dunia.admin_bkd)
    response = client.post(url, {"keputusan": "kembalikan", "review-catatan": " "}, follow=True)
    assert "Tulis alasan pengembalian untuk pejabat penilai." in pesan(response)
    assert segar(periode).status == PeriodePenilaian.Status.MENUNGGU_REVIEW
    data = {
        "keputusan": "kembalikan",
        "review-catatan": "Bukti belum mendukung.",
        "kembali": "periode",
    }
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("periode_detail", args=[periode.pk])
    assert "Penilaian Staf PKAP dikembalikan ke pejabat penilainya." in pesan(response)
    periode = segar(periode)
    assert (periode.status, periode.predikat, periode.catatan_review) == (
        PeriodePenilaian.Status.DIAJUKAN,
        "",
        "Bukti belum mendukung.",
    )
    halaman = teks(masuk(client, dunia.kabid).get(reverse("periode_detail", args=[periode.pk])))
    assert "Dikembalikan Tim Penilai Kinerja:" in halaman and "Bukti belum mendukung." in halaman
    assert 'data-testid="form-rating"' in halaman  # the penilai rates again


def test_admin_opd_cannot_decide_a_review(client, dunia, v_tw1_sangat_baik):
    url = reverse("review_putuskan", args=[v_tw1_sangat_baik.pk])
    for nama in ["admin_opd", "kabid", "admin_lain"]:
        response = masuk(client, getattr(dunia, nama)).post(url, {"keputusan": "setujui"})
        assert response.status_code == 404, nama
        assert segar(v_tw1_sangat_baik).status == PeriodePenilaian.Status.MENUNGGU_REVIEW


# ---- "Nilai sekaligus" ------------------------------------------------------------------


@pytest.fixture
def v_empat_bawahan(dunia, v_rhk_kabid):
    """Four bawahan of the kabid with TW I submitted: three with every feedback (staf,
    rekan, Rekan Dua) and one without (Rekan Tiga)."""
    d = dunia
    with scope(instansi=d.buleleng.pk):
        rekan = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.bidang, nama="Rekan PKAP")
        dua = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.bidang, nama="Rekan Dua")
        tiga = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.bidang, nama="Rekan Tiga")
        siap = {}
        for p in [d.staf, rekan, dua]:
            skp_p = skp_disetujui(d, v_rhk_kabid, p, uraian=URAIAN_RHK[:1])
            siap[p.nama] = periode_siap_dinilai(skp_p, p, d.kabid)
        skp_tiga = skp_disetujui(d, v_rhk_kabid, tiga, uraian=URAIAN_RHK[:1])
        belum = periode_diajukan(skp_tiga, tiga)
    return siap, belum


def test_nilai_sekaligus_lists_who_is_ready_and_who_needs_feedback(client, dunia, v_empat_bawahan):
    siap, belum = v_empat_bawahan
    url = reverse("penilaian_massal") + f"?tahun={TAHUN}&periode=tw1"
    halaman = teks(masuk(client, dunia.kabid).get(url))
    assert "Siap dinilai (3)" in halaman and "Perlu umpan balik dulu (1)" in halaman
    for p in siap.values():
        assert f'name="hasil_{p.pk}"' in halaman and f'name="perilaku_{p.pk}"' in halaman
    assert f'name="hasil_{belum.pk}"' not in halaman
    assert "Rekan Tiga</a> — umpan balik 0/1 hasil kerja, 0/7 perilaku" in halaman


def test_nilai_sekaligus_rates_several_in_one_post_and_skips_blank_rows(
    client, dunia, v_empat_bawahan
):
    siap, belum = v_empat_bawahan
    staf, rekan, dua = siap["Staf PKAP"], siap["Rekan PKAP"], siap["Rekan Dua"]
    url = reverse("penilaian_massal") + f"?tahun={TAHUN}&periode=tw1"
    data = {
        f"hasil_{staf.pk}": rules.DIATAS,
        f"perilaku_{staf.pk}": rules.SESUAI,
        f"hasil_{rekan.pk}": rules.DIATAS,
        f"perilaku_{rekan.pk}": rules.DIATAS,
        f"hasil_{dua.pk}": "",
        f"perilaku_{dua.pk}": "",
        # Not ready (no feedback): not on the form, so ignored even when posted.
        f"hasil_{belum.pk}": rules.SESUAI,
        f"perilaku_{belum.pk}": rules.SESUAI,
    }
    response = masuk(client, dunia.kabid).post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Dinilai — Rekan PKAP: Sangat Baik; Staf PKAP: Baik" in pesan(response)
    hasil = {p.pegawai_id: (p.status, p.predikat) for p in map(segar, [staf, rekan, dua, belum])}
    assert hasil == {
        staf.pegawai_id: (PeriodePenilaian.Status.DINILAI, rules.BAIK),
        rekan.pegawai_id: (PeriodePenilaian.Status.MENUNGGU_REVIEW, rules.SANGAT_BAIK),
        dua.pegawai_id: (PeriodePenilaian.Status.DIAJUKAN, ""),
        belum.pegawai_id: (PeriodePenilaian.Status.DIAJUKAN, ""),
    }
    halaman = teks(response)
    assert "Siap dinilai (1)" in halaman and f'name="hasil_{dua.pk}"' in halaman


def test_nilai_sekaligus_row_with_one_rating_is_refused_with_its_name(
    client, dunia, v_empat_bawahan
):
    siap, _ = v_empat_bawahan
    dua = siap["Rekan Dua"]
    url = reverse("penilaian_massal") + f"?tahun={TAHUN}&periode=tw1"
    response = masuk(client, dunia.kabid).post(url, {f"hasil_{dua.pk}": rules.SESUAI}, follow=True)
    assert "Rekan Dua: Pilih rating perilaku kerja. Tidak ada rating yang disimpan." in pesan(
        response
    )
    assert segar(dua).status == PeriodePenilaian.Status.DIAJUKAN


def test_nilai_sekaligus_saves_nothing_when_one_row_is_refused_and_keeps_the_choices(
    client, dunia, v_empat_bawahan
):
    siap, _ = v_empat_bawahan
    staf, dua = siap["Staf PKAP"], siap["Rekan Dua"]
    url = reverse("penilaian_massal") + f"?tahun={TAHUN}&periode=tw1"
    data = {
        f"hasil_{staf.pk}": rules.SESUAI,
        f"perilaku_{staf.pk}": rules.SESUAI,
        f"hasil_{dua.pk}": rules.DIATAS,  # no perilaku: refused
    }
    response = masuk(client, dunia.kabid).post(url, data)
    assert response.status_code == 200
    assert "Rekan Dua: Pilih rating perilaku kerja. Tidak ada rating yang disimpan." in pesan(
        response
    )
    assert {segar(p).status for p in (staf, dua)} == {PeriodePenilaian.Status.DIAJUKAN}
    halaman = response.content.decode()
    assert f'name="hasil_{staf.pk}" value="{rules.SESUAI}" checked' in halaman
    assert f'name="hasil_{dua.pk}" value="{rules.DIATAS}" checked' in halaman


def test_feedback_form_saves_nothing_when_one_entry_is_refused(client, dunia, v_tw1_diajukan):
    periode = v_tw1_diajukan
    with scope(instansi=dunia.buleleng.pk):
        rhk = rhk_dari(skp_dari(periode))
    # An RHK id that is not on this period's SKP, beside a valid entry.
    data = {f"rhk_{rhk[0].pk}": "Sudah baik.", f"rhk_{rhk[-1].pk + 1000}": "Bukan milik SKP ini."}
    response = masuk(client, dunia.kabid).post(
        reverse("umpan_balik_simpan", args=[periode.pk]), data, follow=True
    )
    assert "RHK tidak ditemukan pada SKP periode ini." in pesan(response)
    with scopes_disabled():
        assert not UmpanBalik.objects.filter(periode=periode).exists()


@pytest.mark.parametrize("nama", ["Rekan PKAP", "Kepala BKPSDM", "Admin BKD"])
def test_nilai_sekaligus_by_someone_not_the_penilai_changes_nothing(
    client, dunia, v_empat_bawahan, nama
):
    siap, _ = v_empat_bawahan
    with scopes_disabled():
        orang = Pegawai.objects.get(nama=nama)
    data = {}
    for p in siap.values():
        data.update({f"hasil_{p.pk}": rules.SESUAI, f"perilaku_{p.pk}": rules.SESUAI})
    url = reverse("penilaian_massal") + f"?tahun={TAHUN}&periode=tw1"
    assert masuk(client, orang).post(url, data).status_code == 302
    assert {segar(p).status for p in siap.values()} == {PeriodePenilaian.Status.DIAJUKAN}


# ---- kurva and capaian organisasi ------------------------------------------------------


@pytest.fixture
def v_tw1_baik(dunia, v_tw1_siap):
    """The staf's TW I rated Baik: one predikat in BKPSDM's curve."""
    with scope(instansi=dunia.buleleng.pk):
        return nilai(v_tw1_siap, dunia.kabid, rules.SESUAI, rules.SESUAI)


def kartu_opd(halaman: str, opd) -> str:
    return halaman.split(f'id="opd-{opd.pk}"')[1].split("</section>")[0]


def test_bkd_sets_capaian_and_sees_the_warning_when_the_curve_breaks(client, dunia, v_tw1_baik):
    url = reverse("kurva") + f"?tahun={TAHUN}&periode=tw1"
    masuk(client, dunia.admin_bkd)
    halaman = teks(client.get(url))
    kartu = kartu_opd(halaman, dunia.bkpsdm)
    assert "(1 dinilai)" in kartu
    assert "Capaian kinerja organisasi belum ditetapkan BKD" in kartu
    assert f'<select id="capaian-{dunia.bkpsdm.pk}" name="capaian">' in kartu
    response = client.post(url, {"opd": dunia.bkpsdm.pk, "capaian": rules.BAIK}, follow=True)
    assert response.redirect_chain[-1][0] == url + f"#opd-{dunia.bkpsdm.pk}"
    assert "Capaian organisasi BKPSDM tahun 2025 disimpan." in pesan(response)
    kartu = kartu_opd(teks(response), dunia.bkpsdm)
    assert "Capaian organisasi: <strong>Baik</strong>" in kartu
    assert "Baik: 1 dari 1 (100,0%); paling banyak 70% untuk capaian organisasi Baik." in kartu
    assert "Belum ada pegawai Butuh Perbaikan/Kurang/Misconduct/Sangat Kurang" in kartu
    with scopes_disabled():
        capaian = CapaianOrganisasi.objects.get()
    assert (capaian.opd_id, capaian.tahun, capaian.capaian) == (dunia.bkpsdm.pk, TAHUN, rules.BAIK)
    # A capaian the distribution meets: no warning, an explicit all-clear.
    response = client.post(url, {"opd": dunia.bkpsdm.pk, "capaian": rules.ISTIMEWA}, follow=True)
    kartu = kartu_opd(teks(response), dunia.bkpsdm)
    assert "Distribusi sesuai batas kurva." in kartu and "tanda peringatan" not in kartu
    with scopes_disabled():
        assert CapaianOrganisasi.objects.get().capaian == rules.ISTIMEWA


def test_the_penilai_sees_the_curve_warning_while_rating(client, dunia, v_rhk_kabid, v_tw1_siap):
    with scopes_disabled():
        CapaianOrganisasi.objects.create(
            instansi=dunia.buleleng,
            opd=dunia.bkpsdm,
            tahun=TAHUN,
            capaian=rules.SANGAT_KURANG,
            ditetapkan_oleh=dunia.admin_bkd,
        )
    with scope(instansi=dunia.buleleng.pk):
        rekan = PegawaiFactory(instansi=dunia.buleleng, unit_kerja=dunia.bidang, nama="Rekan PKAP")
        skp_rekan = skp_disetujui(dunia, v_rhk_kabid, rekan)
        nilai(periode_siap_dinilai(skp_rekan, rekan, dunia.kabid), dunia.kabid, "sesuai", "sesuai")
    halaman = teks(masuk(client, dunia.kabid).get(reverse("periode_detail", args=[v_tw1_siap.pk])))
    assert "Sangat Kurang: 0 dari 1 (0,0%); seharusnya paling sedikit 60% untuk capaian " in halaman


def test_invalid_capaian_or_a_unit_that_is_not_an_opd_is_explained(client, dunia, v_tw1_baik):
    url = reverse("kurva") + f"?tahun={TAHUN}&periode=tw1"
    masuk(client, dunia.admin_bkd)
    response = client.post(url, {"opd": dunia.bkpsdm.pk, "capaian": "luar_biasa"}, follow=True)
    assert "Pilih capaian kinerja organisasi." in pesan(response)
    response = client.post(url, {"opd": dunia.bidang.pk, "capaian": rules.BAIK}, follow=True)
    assert "Pilih OPD dari daftar." in pesan(response)
    with scopes_disabled():
        assert not CapaianOrganisasi.objects.exists()


def test_admin_opd_sees_only_its_opd_curve_and_cannot_set_capaian(client, dunia, v_tw1_baik):
    url = reverse("kurva") + f"?tahun={TAHUN}&periode=tw1"
    masuk(client, dunia.admin_opd)
    halaman = teks(client.get(url))
    assert "Kurva distribusi BKPSDM" in halaman
    assert "Dinas Kesehatan" not in halaman and "Sekretariat Daerah" not in halaman
    assert 'name="capaian"' not in halaman
    assert client.post(url, {"opd": dunia.bkpsdm.pk, "capaian": rules.BAIK}).status_code == 404
    with scopes_disabled():
        assert not CapaianOrganisasi.objects.exists()


@pytest.mark.parametrize("opd", ["opd_lain", "dinkes_lain_instansi"])
def test_bkd_cannot_set_capaian_of_another_instansi(client, dunia, opd):
    url = reverse("kurva") + f"?tahun={TAHUN}&periode=tw1"
    pk = dunia.opd_lain.pk if opd == "opd_lain" else dunia.bkpsdm.pk
    admin = dunia.admin_bkd if opd == "opd_lain" else dunia.admin_lain
    assert masuk(client, admin).post(url, {"opd": pk, "capaian": rules.BAIK}).status_code == 404
    with scopes_disabled():
        assert not CapaianOrganisasi.objects.exists()


# ---- query counts ----------------------------------------------------------------------
#
# Every page: the session, the user (with instansi and admin OPD), then the menu's
# unread-notification badge (ekinerja.context_processors.navigasi), then its own reads.
# Each count was read from CaptureQueriesContext and is explained query by query.


BAWAHAN_QUERIES = 7
# session; user with the unit they lead (unit_dipimpin, inti.auth); pimpinan of led units below it;
# the bawahan; their SKP of the year (prefetch); their TW I with RHK and rencana aksi
# counts; the notification badge.

STATUS_KEADAAN = {
    None: "belum_periode",
    "tanpa_rencana_aksi": "belum_rencana_aksi",
    "setengah_rencana_aksi": "belum_rencana_aksi",
    rules.PENGISIAN: "pengisian",
    rules.DIAJUKAN: "diajukan",
    rules.MENUNGGU_REVIEW: "menunggu_review",
    rules.DINILAI: "dinilai",
}


def bawahan_massal(d, n) -> Counter:
    """n more bawahan of the kabid, each with an approved SKP (two RHK) and TW I in the
    states of KEADAAN_TW1 in turn; returns how many land in each list status."""
    pegawai = pegawai_massal(d, d.bidang, n)
    tw1_massal(d, skp_massal(d, pegawai, d.bidang, penilai=d.kabid))
    return Counter(STATUS_KEADAAN[KEADAAN_TW1[i % len(KEADAAN_TW1)]] for i in range(n))


def test_bawahan_page_costs_the_same_for_10_and_100_bawahan(
    client, dunia, django_assert_num_queries
):
    d = dunia
    url = reverse("penilaian_bawahan") + f"?tahun={TAHUN}&periode=tw1"
    masuk(client, d.kabid)
    harapan = bawahan_massal(d, 10) + Counter(belum_skp=1)  # the staf has no SKP
    with django_assert_num_queries(BAWAHAN_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count('<tr id="bawahan-') == 11
    harapan += bawahan_massal(d, 90)
    with django_assert_num_queries(BAWAHAN_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count('<tr id="bawahan-') == 101
    for kode, label in STATUS_PENILAIAN:
        if harapan[kode]:
            assert f'<span class="status status-{kode}">{label}: {harapan[kode]}</span>' in halaman
    # Those waiting for the penilai come first.
    pertama = halaman.split('<tr id="bawahan-')[1].split("</tr>")[0]
    assert "Menunggu penilaian" in pertama and "Beri umpan balik dan nilai" in pertama


KURVA_QUERIES = 8
# session; user; the rollup's time (inti.rekap, fresh); the OPD in reach; their counts
# from the rollup; their capaian organisasi of the year; its history (audit trail, with
# who changed it); the notification badge.
PROGRES_QUERIES = 8
# session; user; the rollup's time; the units with pegawai in reach (count, then one page
# of 50); their counts; the instansi total; the notification badge.
PROGRES_UNIT_QUERIES = PROGRES_QUERIES + 4
# + the unit from ?unit= (in reach?); its pegawai; their SKP; their TW I.


def test_kurva_and_progres_cost_the_same_for_5_and_50_opd(
    client, dunia, django_assert_num_queries, settings
):
    """Counted once into the rollup (REKAP_UMUR=0 recounts), then read from it: the
    read costs the same however many OPD and pegawai there are."""
    d = dunia
    baru = opd_massal(d, 5)
    masuk(client, d.admin_bkd)
    kurva = reverse("kurva") + f"?tahun={TAHUN}&periode=tw1"
    progres = reverse("penilaian_progres") + f"?tahun={TAHUN}&periode=tw1"
    rincian = progres + f"&unit={baru[0].pk}"
    for n_opd, tambahan in [(5, 0), (50, 45)]:
        baru += opd_massal(d, tambahan, nomor_awal=5) if tambahan else []
        settings.REKAP_UMUR = 0
        client.get(kurva), client.get(progres)
        settings.REKAP_UMUR = 3600
        with django_assert_num_queries(KURVA_QUERIES):
            halaman = teks(client.get(kurva))
        # Sekretariat Daerah, BKPSDM, Dinas Kesehatan and the new ones.
        assert halaman.count('<div class="kurva" id="opd-') == 3 + n_opd
        assert halaman.count("(3 dinilai, 1 menunggu review)") == n_opd
        assert halaman.count("Distribusi sesuai batas kurva.") == n_opd
        with django_assert_num_queries(PROGRES_QUERIES):
            halaman = teks(client.get(progres))
        # One page of 50 units, found by name.
        assert halaman.count(">Dinas Uji ") == min(n_opd, 50 - 3)
        halaman = teks(client.get(progres + f"&q={baru[-1].nama}"))
        assert halaman.count(">Dinas Uji ") == 1
        # 3 pegawai: 1 waiting for review, 2 rated.
        rapat = re.sub(r">\s+<", "><", halaman)
        assert f">{baru[-1].nama}</a></td><td>3</td>{'<td></td>' * 5}<td>1</td><td>2</td>" in rapat
        with django_assert_num_queries(PROGRES_UNIT_QUERIES):
            halaman = teks(client.get(rincian))
        assert halaman.split('id="rincian"')[1].count(f"Pegawai {baru[0].nama}") == 3


# ---- malformed parameters -----------------------------------------------------------


@pytest.mark.parametrize(
    "nama_persona,url,status",
    [
        ("staf", "/penilaian/?tahun=abc", 200),
        ("staf", "/penilaian/?tahun=0", 200),
        ("staf", "/penilaian/?tahun=99999", 200),
        ("kabid", "/penilaian/bawahan/?tahun=abc&periode=zz", 200),
        ("kabid", "/penilaian/bawahan/?tahun=0&periode=tw1", 200),
        ("kabid", "/penilaian/bawahan/?tahun=99999&periode=final", 200),
        ("kabid", "/penilaian/bawahan/nilai/?periode=zz", 200),
        ("kabid", "/penilaian/bawahan/nilai/?tahun=abc&periode=b13", 200),
        ("admin_bkd", "/penilaian/review/?tahun=abc", 200),
        ("admin_bkd", "/penilaian/review/?tahun=99999", 200),
        ("admin_bkd", "/penilaian/kurva/?tahun=0&periode=zz", 200),
        ("admin_bkd", "/penilaian/kurva/?tahun=abc&periode=", 200),
        ("admin_bkd", "/penilaian/progres/?unit=abc", 404),
        ("admin_bkd", "/penilaian/progres/?unit=-1", 404),
        ("admin_bkd", "/penilaian/progres/?unit=99999999", 404),
        ("admin_bkd", "/penilaian/progres/?tahun=99999&periode=zz&unit={bidang}&hal=abc", 200),
        ("admin_bkd", "/penilaian/progres/?unit={bidang}&hal=-5", 200),
        ("admin_opd", "/penilaian/progres/?unit={dinkes}", 404),  # not its OPD
        ("admin_opd", "/penilaian/cetak-massal/?tahun=abc&periode=zz", 200),
        ("admin_opd", "/penilaian/jadwal/?tahun=0", 200),
        ("admin_bkd", "/penilaian/jadwal/?tahun=99999", 200),
    ],
)
def test_malformed_parameters_do_not_crash(client, dunia, nama_persona, url, status):
    url = url.format(bidang=dunia.bidang.pk, dinkes=dunia.dinkes.pk)
    client.raise_request_exception = False
    assert masuk(client, getattr(dunia, nama_persona)).get(url).status_code == status


def test_an_absurd_year_or_period_falls_back_to_today(client, dunia):
    hari_ini = dunia.buleleng.hari_ini()
    masuk(client, dunia.staf)
    halaman = teks(client.get(reverse("penilaian_saya") + "?tahun=abc"))
    assert f"Penilaian Kinerja {hari_ini.year}" in halaman
    halaman = teks(
        masuk(client, dunia.kabid).get(reverse("penilaian_bawahan") + f"?tahun={TAHUN}&periode=zz")
    )
    bulan = hari_ini.month if hari_ini.year == TAHUN else 12
    label = rules.label_periode(f"tw{(bulan - 1) // 3 + 1}", TAHUN)
    assert f"Penilaian Bawahan · {label}" in halaman


def test_kurva_excel_has_counts_and_shares_per_opd(client, dunia):
    import io as _io

    from openpyxl import load_workbook

    d = dunia
    (opd,) = opd_massal(d, 1)
    masuk(client, d.admin_bkd)
    response = client.get(reverse("kurva") + f"?tahun={TAHUN}&periode=tw1&format=xlsx")
    lembar = load_workbook(_io.BytesIO(response.content)).active
    kepala = [c.value for c in lembar[3]]
    assert kepala[:5] == ["OPD", "ID unit", "Capaian organisasi", "Sangat Baik", "% Sangat Baik"]
    baris = next(r for r in lembar.iter_rows(min_row=4) if r[0].value == opd.nama)
    # Baik, Sangat Baik (waiting for review, counted) and Butuh Perbaikan: a third each.
    assert baris[3].value == 1 and abs(baris[4].value - 1 / 3) < 1e-9
    assert baris[4].number_format == "0.0%"
    assert baris[kepala.index("Jumlah dinilai")].value == 3
    assert baris[kepala.index("Menunggu review TPK")].value == 1
    masuk(client, d.admin_lain)
    lain = load_workbook(_io.BytesIO(client.get(reverse("kurva") + "?format=xlsx").content))
    assert opd.nama not in [r[0] for r in lain.active.iter_rows(min_row=4, values_only=True)]


# ---- the page shows an action exactly when penilaian.izin allows it ---------------------


def _tutup_jendela(dunia, langkah, periode):
    """The step's window of this period closed an hour ago."""
    sekarang = timezone.now()
    with scopes_disabled():
        Jadwal.objects.create(
            instansi=dunia.buleleng,
            langkah=langkah,
            tahun=periode.tahun,
            kode=periode.kode,
            mulai=sekarang - timedelta(days=10),
            batas=sekarang - timedelta(hours=1),
            diatur_oleh=dunia.admin_bkd,
        )


def test_tarik_button_shows_while_the_realisasi_window_is_open(client, dunia, v_tw1_diajukan):
    url = reverse("periode_detail", args=[v_tw1_diajukan.pk])
    assert "Tarik pengajuan" in teks(masuk(client, dunia.staf).get(url))
    # The penilai sees the period too, but taking it back is the pegawai's.
    assert "Tarik pengajuan" not in teks(masuk(client, dunia.kabid).get(url))


def test_tarik_button_is_gone_once_the_window_closed_as_the_service_refuses(
    client, dunia, v_tw1_diajukan
):
    _tutup_jendela(dunia, jadwal_rules.REALISASI, v_tw1_diajukan)
    url = reverse("periode_detail", args=[v_tw1_diajukan.pk])
    assert "Tarik pengajuan" not in teks(masuk(client, dunia.staf).get(url))
    response = client.post(reverse("periode_tarik", args=[v_tw1_diajukan.pk]), follow=True)
    assert any("dikunci sejak" in p for p in pesan(response))
    assert segar(v_tw1_diajukan).status == PeriodePenilaian.Status.DIAJUKAN


def test_rating_form_is_gone_once_the_penilaian_window_closed(client, dunia, v_tw1_siap):
    url = reverse("periode_detail", args=[v_tw1_siap.pk])
    assert 'name="rating_hasil_kerja"' in teks(masuk(client, dunia.kabid).get(url))
    _tutup_jendela(dunia, jadwal_rules.PENILAIAN, v_tw1_siap)
    assert 'name="rating_hasil_kerja"' not in teks(client.get(url))


def test_a_bkd_member_does_not_review_their_own_or_their_given_sangat_baik(dunia):
    """The Tim Penilai Kinerja reviews others: the rule refuses a BKD admin's own period,
    and the service says why."""
    from penilaian import izin

    with scopes_disabled():
        periode = PeriodePenilaian(
            instansi=dunia.buleleng,
            pegawai=dunia.admin_bkd,
            tahun=2025,
            kode="tw1",
            status=PeriodePenilaian.Status.MENUNGGU_REVIEW,
        )
    assert izin.alasan_review(dunia.admin_bkd, periode).startswith("Predikat Anda sendiri")
    assert not dunia.admin_bkd.has_perm("penilaian.review", periode)
    periode.pegawai = dunia.staf
    periode.pegawai_id = dunia.staf.pk
    assert dunia.admin_bkd.has_perm("penilaian.review", periode)
    # Nor the Sangat Baik they gave as pejabat penilai.
    periode.penilai = dunia.admin_bkd
    assert izin.alasan_review(dunia.admin_bkd, periode).startswith("Predikat yang Anda berikan")
    assert not dunia.admin_bkd.has_perm("penilaian.review", periode)
