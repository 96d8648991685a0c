"""Issue 18: realisasi and bukti dukung are typed in one form and saved together, so a
refused file never costs the realisasi typed beside it; and every upload (bukti, the
signed scan of a document, the verification page) gives one clear error per problem, its
size written as everywhere else ("2 KB", "10,5 MB").

Personas (tests.conftest `dunia`): staf owns the SKP and its Triwulan I; kabid is the
staf's pejabat penilai; pegawai_lain works in another instansi."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dokumen.models import Dokumen
from inti.models import Jejak
from penilaian import rules
from penilaian import services as penilaian
from penilaian.models import BuktiDukung, RealisasiIndikator
from skp.models import Indikator
from tests.bantuan import masuk, pesan, segar, teks
from tests.conftest import per_modul
from tests.penilaian.bantuan_views import (
    PDF,
    buat_kaskade,
    isian,
    pdf,
    rencana_aksi_semua,
    skp_disetujui,
)

dunia = per_modul("dunia_modul")


@pytest.fixture(autouse=True)
def v_media(media_modul):
    return media_modul


@pytest.fixture
def v_skp_staf(dunia):
    with scope(instansi=dunia.buleleng.pk):
        return skp_disetujui(dunia, buat_kaskade(dunia), dunia.staf)


@pytest.fixture
def v_tw1_terbuka(dunia, v_skp_staf):
    """Triwulan I with a rencana aksi for each RHK, none with realisasi or bukti yet."""
    with scope(instansi=dunia.buleleng.pk):
        periode = penilaian.periode_tambah(skp=v_skp_staf, kode="tw1", by=segar(dunia.staf))
        return periode, rencana_aksi_semua(periode, segar(dunia.staf))


def bukan_pdf(nama="laporan.pdf"):
    return SimpleUploadedFile(nama, b"hanya teks, bukan PDF\n" * 20, content_type="application/pdf")


def bagian(halaman: str, rencana_aksi_pk: int) -> str:
    """The realisasi cell of one rencana aksi: its text, bukti, form and errors."""
    awal = halaman.index(f'<div class="realisasi" id="realisasi-rencana_aksi-{rencana_aksi_pk}"')
    return halaman[awal : halaman.index("</td>", awal)]


def berkas_tersimpan(folder) -> set:
    return {berkas for berkas in folder.rglob("*") if berkas.is_file()}


def kirim(client, periode, **data):
    return client.post(reverse("realisasi_simpan", args=[periode.pk]), data)


def jumlah_jejak(aksi) -> int:
    with scopes_disabled():
        return Jejak.objects.filter(aksi=aksi).count()


def semua_bukti():
    with scopes_disabled():
        return list(BuktiDukung.objects.all())


# ---- one form, one submit --------------------------------------------------------------


def test_the_page_offers_realisasi_and_bukti_in_one_form_that_works_without_javascript(
    client, dunia, v_tw1_terbuka
):
    periode, (ra1, _) = v_tw1_terbuka
    halaman = teks(masuk(client, dunia.staf).get(reverse("periode_detail", args=[periode.pk])))
    aksi = f'action="{reverse("realisasi_simpan", args=[periode.pk])}'
    [form] = [f for f in bagian(halaman, ra1.pk).split("<form")[1:] if aksi in f.split(">")[0]]
    assert 'enctype="multipart/form-data"' in form.split(">")[0]
    for nama in ("realisasi", "realisasi_angka", "berkas", "tautan", "keterangan"):
        assert f'name="{nama}"' in form
    # No second form to post the bukti alone, whose submit would lose the text typed.
    assert reverse("bukti_tambah", args=[periode.pk]) not in bagian(halaman, ra1.pk)


def test_realisasi_and_a_pdf_are_saved_in_one_submit(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    masuk(client, dunia.staf)
    response = client.post(
        reverse("realisasi_simpan", args=[periode.pk]),
        {
            "rencana_aksi": ra1.pk,
            "realisasi": "Tiga laporan diserahkan",
            "realisasi_angka": "3",
            "berkas": pdf("laporan-maret.pdf"),
            "keterangan": "Laporan bulan Maret",
        },
        follow=True,
    )
    assert pesan(response) == ["Realisasi dan bukti dukung disimpan."]
    sel = bagian(teks(response), ra1.pk)
    assert "Tiga laporan diserahkan" in sel and "laporan-maret.pdf" in sel
    ra1 = segar(ra1)
    assert (ra1.realisasi, str(ra1.realisasi_angka)) == ("Tiga laporan diserahkan", "3.00")
    [bukti] = semua_bukti()
    assert (bukti.rencana_aksi_id, bukti.keterangan, bukti.ukuran) == (
        ra1.pk,
        "Laporan bulan Maret",
        len(PDF),
    )


def test_a_refused_file_keeps_the_typed_realisasi_and_saves_nothing(
    client, dunia, v_tw1_terbuka, v_media
):
    periode, (ra1, _) = v_tw1_terbuka
    sebelum = berkas_tersimpan(v_media)
    response = kirim(
        masuk(client, dunia.staf),
        periode,
        rencana_aksi=ra1.pk,
        realisasi="Tiga laporan diserahkan",
        realisasi_angka="3",
        berkas=bukan_pdf(),
        keterangan="Laporan bulan Maret",
    )
    assert response.status_code == 200
    sel = bagian(teks(response), ra1.pk)
    galat = "Jenis berkas tidak diterima (isi berkas diperiksa, bukan namanya)."
    assert galat in isian(sel, "berkas")
    assert sel.count('class="galat"') == 1  # that one problem, told once
    assert "Tiga laporan diserahkan" in isian(sel, "realisasi")
    assert 'value="3"' in isian(sel, "realisasi_angka")
    assert 'value="Laporan bulan Maret"' in isian(sel, "keterangan")
    # Saved together or not at all: the realisasi was not written without its bukti.
    assert segar(ra1).realisasi == ""
    assert semua_bukti() == [] and jumlah_jejak("realisasi_simpan") == 0
    assert berkas_tersimpan(v_media) == sebelum


def test_a_refused_file_leaves_the_saved_realisasi_as_it_was(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    with scope(instansi=dunia.buleleng.pk):
        penilaian.realisasi_simpan(
            periode=periode, by=segar(dunia.staf), rencana_aksi=ra1, realisasi="Satu laporan"
        )
    response = kirim(
        masuk(client, dunia.staf),
        periode,
        rencana_aksi=ra1.pk,
        realisasi="Dua laporan",
        berkas=bukan_pdf(),
    )
    sel = bagian(teks(response), ra1.pk)
    assert "Dua laporan" in isian(sel, "realisasi")  # what was typed, to send again
    assert segar(ra1).realisasi == "Satu laporan"  # what was saved, untouched


def test_a_file_over_the_limit_says_both_sizes_and_keeps_the_text(
    client, dunia, v_tw1_terbuka, settings
):
    settings.BUKTI_UKURAN_MAKS = 1024
    periode, (ra1, _) = v_tw1_terbuka
    besar = pdf("pindaian.pdf", PDF + b"%" + b"0" * 2048)
    response = kirim(
        masuk(client, dunia.staf), periode, rencana_aksi=ra1.pk, realisasi="Selesai", berkas=besar
    )
    sel = bagian(teks(response), ra1.pk)
    assert "Berkas terlalu besar (2,2 KB); paling besar 1 KB." in isian(sel, "berkas")
    assert "Selesai" in isian(sel, "realisasi")
    assert segar(ra1).realisasi == ""


def test_an_empty_file_gets_one_error_and_keeps_the_text(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    kosong = SimpleUploadedFile("kosong.pdf", b"", content_type="application/pdf")
    response = kirim(
        masuk(client, dunia.staf), periode, rencana_aksi=ra1.pk, realisasi="Selesai", berkas=kosong
    )
    sel = bagian(teks(response), ra1.pk)
    assert "Berkas yang dikirimkan kosong." in isian(sel, "berkas")
    assert sel.count('class="galat"') == 1
    assert "Selesai" in isian(sel, "realisasi")
    assert segar(ra1).realisasi == ""


def test_blank_text_with_a_number_and_a_bad_file_tells_both_at_once(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    response = kirim(
        masuk(client, dunia.staf),
        periode,
        rencana_aksi=ra1.pk,
        realisasi=" ",
        realisasi_angka="3",
        berkas=bukan_pdf(),
    )
    sel = bagian(teks(response), ra1.pk)
    assert "Tuliskan realisasinya." in isian(sel, "realisasi")
    assert "Jenis berkas tidak diterima" in isian(sel, "berkas")
    assert 'value="3"' in isian(sel, "realisasi_angka")
    assert semua_bukti() == []


def test_nothing_typed_and_nothing_attached_is_one_error_beside_the_realisasi(
    client, dunia, v_tw1_terbuka
):
    periode, (ra1, _) = v_tw1_terbuka
    response = kirim(masuk(client, dunia.staf), periode, rencana_aksi=ra1.pk, realisasi="")
    sel = bagian(teks(response), ra1.pk)
    assert "Bidang ini tidak boleh kosong." in isian(sel, "realisasi")
    assert sel.count('class="galat"') == 1


def test_a_file_and_a_link_together_is_one_error_beside_the_link(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    response = kirim(
        masuk(client, dunia.staf),
        periode,
        rencana_aksi=ra1.pk,
        realisasi="Selesai",
        berkas=pdf(),
        tautan="https://drive.example.org/laporan",
    )
    sel = bagian(teks(response), ra1.pk)
    assert "Isi tautan atau unggah berkas, tidak keduanya." in isian(sel, "tautan")
    assert sel.count('class="galat"') == 1
    assert segar(ra1).realisasi == "" and semua_bukti() == []


def test_a_bukti_alone_is_added_before_any_realisasi_is_written(client, dunia, v_tw1_terbuka):
    periode, (ra1, _) = v_tw1_terbuka
    masuk(client, dunia.staf)
    response = client.post(
        reverse("realisasi_simpan", args=[periode.pk]),
        {"rencana_aksi": ra1.pk, "realisasi": "", "tautan": "https://drive.example.org/a"},
        follow=True,
    )
    assert pesan(response) == ["Bukti dukung ditambahkan."]
    assert segar(ra1).realisasi == ""
    assert [b.tautan for b in semua_bukti()] == ["https://drive.example.org/a"]


def test_attaching_a_bukti_to_a_saved_realisasi_records_no_realisasi_change(
    client, dunia, v_tw1_terbuka
):
    periode, (ra1, _) = v_tw1_terbuka
    with scope(instansi=dunia.buleleng.pk):
        penilaian.realisasi_simpan(
            periode=periode,
            by=segar(dunia.staf),
            rencana_aksi=ra1,
            realisasi="Satu laporan",
            realisasi_angka=1,
        )
    masuk(client, dunia.staf)
    # The form sends back the saved text and number with the new file.
    data = {"rencana_aksi": ra1.pk, "realisasi": "Satu laporan", "realisasi_angka": "1.00"}
    response = client.post(
        reverse("realisasi_simpan", args=[periode.pk]), {**data, "berkas": pdf()}, follow=True
    )
    assert pesan(response) == ["Bukti dukung ditambahkan."]
    assert jumlah_jejak("realisasi_simpan") == 1 and jumlah_jejak("bukti_tambah") == 1


def test_a_final_period_saves_realisasi_and_bukti_of_an_indikator_together(
    client, dunia, v_skp_staf
):
    with scope(instansi=dunia.buleleng.pk):
        final = penilaian.periode_tambah(skp=v_skp_staf, kode=rules.FINAL, by=segar(dunia.staf))
    with scopes_disabled():
        indikator = Indikator.objects.filter(rhk__skp=v_skp_staf).order_by("id").first()
    masuk(client, dunia.staf)
    response = client.post(
        reverse("realisasi_simpan", args=[final.pk]),
        {"indikator": indikator.pk, "realisasi": "12 laporan", "berkas": pdf()},
        follow=True,
    )
    assert pesan(response) == ["Realisasi dan bukti dukung disimpan."]
    with scopes_disabled():
        assert RealisasiIndikator.objects.get(periode=final).realisasi == "12 laporan"
        assert BuktiDukung.objects.get().indikator_id == indikator.pk


@pytest.mark.parametrize("nama_persona", ["kabid", "pegawai_lain"])
def test_only_the_owner_saves_realisasi_and_bukti(client, dunia, v_tw1_terbuka, nama_persona):
    periode, (ra1, _) = v_tw1_terbuka
    response = kirim(
        masuk(client, getattr(dunia, nama_persona)),
        periode,
        rencana_aksi=ra1.pk,
        realisasi="Bukan milik saya",
        berkas=pdf(),
    )
    assert response.status_code == 404
    assert segar(ra1).realisasi == "" and semua_bukti() == []


# ---- one error per upload problem elsewhere ---------------------------------------------


@pytest.fixture
def v_dokumen(dunia, v_tw1_terbuka):
    """A document of the staf's Triwulan I, waiting for its hand-signed scan."""
    periode, _ = v_tw1_terbuka
    with scopes_disabled():
        return Dokumen.objects.create(
            instansi=dunia.buleleng,
            periode=periode,
            jenis=Dokumen.Jenis.SKP,
            kode="PINDAI2345",
            tanggal=periode.selesai,
            lokasi="Singaraja",
            diminta_oleh=dunia.staf,
        )


@pytest.mark.parametrize(
    "berkas, galat",
    [
        (
            SimpleUploadedFile("ttd.pdf", b"", content_type="application/pdf"),
            "Berkas kosong. Pilih berkas yang berisi bukti.",
        ),
        (
            bukan_pdf("ttd.pdf"),
            "Jenis berkas tidak diterima (isi berkas diperiksa, bukan namanya).",
        ),
        (
            pdf("ttd.pdf", PDF + b"%" + b"0" * 2048),
            "Berkas terlalu besar (2,2 KB); paling besar 1 KB.",
        ),
        (None, "Pilih berkas pindaian."),
    ],
    ids=["kosong", "bukan-pdf", "terlalu-besar", "tanpa-berkas"],
)
def test_a_refused_scan_is_told_its_own_problem_once(
    client, dunia, v_dokumen, settings, berkas, galat
):
    settings.BUKTI_UKURAN_MAKS = 1024
    data = {"berkas": berkas} if berkas else {}
    response = masuk(client, dunia.staf).post(
        reverse("dokumen_pindaian", args=[v_dokumen.pk]), data, follow=True
    )
    [pesan_galat] = pesan(response)
    assert pesan_galat.startswith(galat), pesan_galat
    assert not segar(v_dokumen).pindaian


def test_a_bukti_over_the_limit_names_its_size_in_the_number_format_of_the_pages(
    dunia, v_tw1_terbuka, settings
):
    settings.BUKTI_UKURAN_MAKS = 10 * 2**20
    periode, (ra1, _) = v_tw1_terbuka
    besar = pdf("besar.pdf", PDF + b"0" * (11010048 - len(PDF)))
    with scope(instansi=dunia.buleleng.pk), pytest.raises(ValidationError) as galat:
        penilaian.bukti_tambah(
            periode=periode, by=segar(dunia.staf), rencana_aksi=ra1, berkas=besar
        )
    assert galat.value.message_dict == {
        "berkas": [
            "Berkas terlalu besar (10,5 MB); paling besar 10 MB. Perkecil atau pecah berkasnya."
        ]
    }


def test_a_file_too_big_to_verify_is_told_its_size(client, dunia, v_dokumen, settings):
    settings.BUKTI_UKURAN_MAKS = 1024
    response = client.post(
        reverse("verifikasi", args=[v_dokumen.kode]),
        {"berkas": pdf("dokumen.pdf", PDF + b"%" + b"0" * 2048)},
    )
    halaman = teks(response)
    assert "Berkas terlalu besar (2,2 KB); paling besar 1 KB." in halaman
    assert halaman.count('class="galat"') == 1
