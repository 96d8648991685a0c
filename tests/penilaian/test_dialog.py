"""Dialog kinerja, umpan balik berkelanjutan and pembinaan kinerja (DOMAIN: Dialog kinerja,
pemantauan and tindak lanjut; seed 003).

Who may record, confirm, comment and coach; the notification to the other side; the audit
trail; the SKP, period and discussion pages; the follow-up reminders and their job; the
query cost of the discussion thread.

Personas (tests/penilaian/conftest.py `orang`, plus `dunia.admin_dinkes`): the staf owns
an approved SKP of two RHK; the kabid is the staf's atasan and so pejabat penilai; the
rekan works beside the staf under the same kabid; the kepala leads BKPSDM (the kabid's
penilai, not the staf's); admin_opd manages BKPSDM, admin_dinkes another OPD; admin_lain
and pegawai_lain belong to another instansi.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from inti.format import format_tanggal
from inti.models import Jejak
from organisasi.models import Notifikasi
from penilaian import rules, services, tasks
from penilaian.models import KomentarKinerja, Pembinaan, PeriodePenilaian
from skp import services as skp_services
from skp.models import DialogKinerja
from tests.bantuan import masuk, pesan, segar, teks
from tests.conftest import per_modul
from tests.penilaian.bantuan_views import isian

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

# Neither the staf nor the staf's penilai: the services refuse them all. admin_opd and
# admin_bkd may read the staf's SKP, yet a dialog, a comment or a pembinaan is between
# the pegawai and the penilai, so the dialog and pembinaan pages answer them 404 too.
BUKAN_PIHAK = ["rekan", "kepala", "admin_opd", "admin_bkd", "admin_dinkes", "pegawai_lain"]
BUKAN_PIHAK_VIEW = [*BUKAN_PIHAK, "admin_lain"]


def persona(orang, dunia, nama):
    return segar(dunia.admin_dinkes) if nama == "admin_dinkes" else getattr(orang, nama)


def hari_ini(orang):
    return orang.staf.instansi.hari_ini()


def catat_dialog(orang, skp, by, **ubah):
    data = {
        "pegawai": orang.staf,
        "by": by,
        "skp": skp,
        "tanggal": hari_ini(orang),
        "topik": DialogKinerja.Topik.KLARIFIKASI,
        "pembahasan": "Target laporan triwulan dan cara mengukurnya.",
        "kesepakatan": "Laporan diserahkan paling lambat tanggal 5 bulan berikutnya.",
    }
    data.update(ubah)
    return skp_services.dialog_catat(**data)


def notifikasi(penerima, awalan):
    return list(
        Notifikasi.objects.filter(penerima=penerima, kunci__startswith=awalan).order_by("id")
    )


def semua_baris(model):
    with scopes_disabled():
        return model.objects.count()


def jejak(aksi, objek):
    return list(Jejak.objects.filter(aksi=aksi, objek_tipe=objek._meta.label, objek_id=objek.pk))


# ---- dialog kinerja: the service --------------------------------------------------------


@pytest.mark.parametrize("pencatat, pihak_lain", [("staf", "kabid"), ("kabid", "staf")])
def test_pegawai_or_penilai_records_a_dialog_and_the_other_side_is_notified_once(
    orang, skp_staf, daftar_rhk, pencatat, pihak_lain
):
    by, lain = getattr(orang, pencatat), getattr(orang, pihak_lain)
    dialog = catat_dialog(orang, skp_staf, by, rhk=[daftar_rhk[0]])

    dialog = DialogKinerja.objects.get(pk=dialog.pk)
    assert (dialog.pegawai, dialog.penilai, dialog.dicatat_oleh) == (orang.staf, orang.kabid, by)
    assert (dialog.skp, dialog.tanggal, dialog.dikonfirmasi_pada) == (
        skp_staf,
        hari_ini(orang),
        None,
    )
    assert list(dialog.rhk.all()) == [daftar_rhk[0]]
    [kabar] = notifikasi(lain, "dialog:")
    assert kabar.kunci == f"dialog:{dialog.pk}"
    assert kabar.tautan == f"{reverse('skp_detail', args=[skp_staf.pk])}#dialog"
    assert "Konfirmasi dialog kinerja" in kabar.judul
    assert notifikasi(by, "dialog:") == []
    [baris] = jejak("dialog_catat", dialog)
    assert baris.oleh_id == by.pk
    assert baris.ke["topik"] == DialogKinerja.Topik.KLARIFIKASI


@pytest.mark.parametrize("nama", BUKAN_PIHAK)
def test_only_the_pegawai_and_their_penilai_record_a_dialog(orang, dunia, skp_staf, nama):
    with pytest.raises(ValidationError, match="Hanya pegawai dan pejabat penilainya"):
        catat_dialog(orang, skp_staf, persona(orang, dunia, nama))
    assert semua_baris(DialogKinerja) == 0
    with scopes_disabled():
        assert not Notifikasi.objects.filter(jenis=Notifikasi.Jenis.DIALOG).exists()


def test_dialog_requires_topik_pembahasan_kesepakatan_and_a_date_not_in_the_future(orang, skp_staf):
    with pytest.raises(ValidationError) as galat:
        catat_dialog(
            orang,
            skp_staf,
            orang.staf,
            tanggal=hari_ini(orang) + timedelta(days=1),
            topik="",
            pembahasan="   ",
            kesepakatan="",
        )
    assert galat.value.message_dict == {
        "topik": ["Pilih topik dialog."],
        "tanggal": ["Dialog dicatat setelah berlangsung, bukan untuk tanggal mendatang."],
        "pembahasan": ["Tuliskan apa yang dibahas."],
        "kesepakatan": ["Tuliskan apa yang disepakati."],
    }
    assert DialogKinerja.objects.count() == 0
    assert not Notifikasi.objects.filter(jenis=Notifikasi.Jenis.DIALOG).exists()


def test_a_dialog_of_today_or_earlier_is_accepted(orang, skp_staf):
    kemarin = catat_dialog(
        orang, skp_staf, orang.staf, tanggal=hari_ini(orang) - timedelta(days=30)
    )
    hari_ini_ = catat_dialog(orang, skp_staf, orang.kabid)
    assert [kemarin.tanggal, hari_ini_.tanggal] == [
        hari_ini(orang) - timedelta(days=30),
        hari_ini(orang),
    ]


def test_dialog_rhk_must_be_of_the_chosen_skp(orang, rantai, skp_staf, daftar_rhk):
    with pytest.raises(ValidationError) as galat:
        catat_dialog(orang, skp_staf, orang.staf, rhk=[daftar_rhk[0], rantai.rhk_kabid])
    assert galat.value.message_dict == {"rhk": ["RHK harus dari SKP yang dipilih."]}
    with pytest.raises(ValidationError) as galat:
        catat_dialog(orang, None, orang.staf, rhk=[daftar_rhk[0]])
    assert galat.value.message_dict == {"rhk": ["RHK harus dari SKP yang dipilih."]}
    # The SKP too must be the pegawai's own.
    with pytest.raises(ValidationError) as galat:
        catat_dialog(orang, rantai.skp_kabid, orang.staf, rhk=[rantai.rhk_kabid])
    assert galat.value.message_dict == {"skp": ["SKP tidak ditemukan."]}
    assert DialogKinerja.objects.count() == 0


@pytest.mark.parametrize("pencatat, pihak_lain", [("staf", "kabid"), ("kabid", "staf")])
def test_only_the_other_side_confirms_a_dialog_and_only_once(orang, skp_staf, pencatat, pihak_lain):
    dialog = catat_dialog(orang, skp_staf, getattr(orang, pencatat))
    for nama in (pencatat, "rekan", "kepala", "admin_bkd"):
        with pytest.raises(ValidationError, match="pihak yang tidak mencatatnya"):
            skp_services.dialog_konfirmasi(dialog=dialog, by=getattr(orang, nama))
    assert DialogKinerja.objects.get(pk=dialog.pk).dikonfirmasi_pada is None

    lain = getattr(orang, pihak_lain)
    dialog = skp_services.dialog_konfirmasi(dialog=dialog, by=lain)
    assert dialog.dikonfirmasi_pada is not None
    with pytest.raises(ValidationError, match="sudah dikonfirmasi"):
        skp_services.dialog_konfirmasi(dialog=dialog, by=lain)
    assert DialogKinerja.objects.get(pk=dialog.pk).dikonfirmasi_pada == dialog.dikonfirmasi_pada
    assert [j.oleh_id for j in jejak("dialog_konfirmasi", dialog)] == [lain.pk]


# ---- dialog kinerja: the views and the SKP page ----------------------------------------


def data_dialog(orang, **ubah):
    data = {
        "tanggal": hari_ini(orang).isoformat(),
        "topik": DialogKinerja.Topik.REVIEW,
        "pembahasan": "Kemajuan laporan triwulan.",
        "kesepakatan": "Lanjutkan dengan format baru.",
    }
    data.update(ubah)
    return data


@pytest.mark.parametrize("pencatat, pihak_lain", [("staf", "kabid"), ("kabid", "staf")])
def test_dialog_page_records_for_the_pegawai_and_the_penilai(
    client, orang, skp_staf, daftar_rhk, pencatat, pihak_lain
):
    url = reverse("dialog_catat", args=[skp_staf.pk])
    response = masuk(client, getattr(orang, pencatat)).post(
        url, data_dialog(orang, rhk=[str(daftar_rhk[1].pk)])
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('skp_detail', args=[skp_staf.pk])}#dialog"
    dialog = DialogKinerja.objects.get()
    assert (dialog.dicatat_oleh, dialog.topik) == (
        getattr(orang, pencatat),
        DialogKinerja.Topik.REVIEW,
    )
    assert list(dialog.rhk.all()) == [daftar_rhk[1]]
    assert len(notifikasi(getattr(orang, pihak_lain), "dialog:")) == 1


@pytest.mark.parametrize("nama", BUKAN_PIHAK_VIEW)
def test_dialog_page_is_404_for_anyone_else(client, orang, dunia, skp_staf, nama):
    url = reverse("dialog_catat", args=[skp_staf.pk])
    response = masuk(client, persona(orang, dunia, nama)).post(url, data_dialog(orang))
    assert response.status_code == 404
    assert semua_baris(DialogKinerja) == 0


def test_dialog_page_refuses_a_future_date_or_a_missing_field_and_says_why(client, orang, skp_staf):
    url = reverse("dialog_catat", args=[skp_staf.pk])
    masuk(client, orang.staf)
    besok = (hari_ini(orang) + timedelta(days=1)).isoformat()
    halaman = teks(client.post(url, data_dialog(orang, tanggal=besok)))
    assert "Dialog dicatat setelah berlangsung, bukan untuk tanggal mendatang." in isian(
        halaman, "tanggal"
    )
    halaman = teks(client.post(url, data_dialog(orang, pembahasan="")))
    assert "Bidang ini tidak boleh kosong." in isian(halaman, "pembahasan")
    assert DialogKinerja.objects.count() == 0


def test_refused_dialog_keeps_what_was_typed_with_the_error_beside_the_field(
    client, orang, skp_staf
):
    besok = (hari_ini(orang) + timedelta(days=1)).isoformat()
    response = masuk(client, orang.staf).post(
        reverse("dialog_catat", args=[skp_staf.pk]),
        data_dialog(orang, tanggal=besok, pembahasan="Pembahasan yang diketik panjang."),
    )
    assert response.status_code == 200
    halaman = teks(response)
    assert "bukan untuk tanggal mendatang" in isian(halaman, "tanggal")
    assert "Pembahasan yang diketik panjang." in isian(halaman, "pembahasan")


def test_dialog_confirmation_page_lets_only_the_other_side_confirm_once(
    client, orang, dunia, skp_staf
):
    dialog = catat_dialog(orang, skp_staf, orang.staf)
    url = reverse("dialog_konfirmasi", args=[dialog.pk])
    for nama in ("rekan", "kepala", "admin_opd", "admin_lain", "pegawai_lain"):
        assert masuk(client, persona(orang, dunia, nama)).post(url).status_code == 404, nama

    response = masuk(client, orang.staf).post(url, follow=True)
    assert pesan(response) == ["Dialog dikonfirmasi oleh pihak yang tidak mencatatnya."]
    assert DialogKinerja.objects.get(pk=dialog.pk).dikonfirmasi_pada is None

    response = masuk(client, orang.kabid).post(url, follow=True)
    assert response.redirect_chain == [(f"{reverse('skp_detail', args=[skp_staf.pk])}#dialog", 302)]
    assert pesan(response) == ["Dialog dikonfirmasi."]
    assert DialogKinerja.objects.get(pk=dialog.pk).dikonfirmasi_pada is not None
    response = client.post(url, follow=True)
    assert pesan(response) == ["Dialog ini sudah dikonfirmasi."]
    assert len(jejak("dialog_konfirmasi", dialog)) == 1


def test_skp_page_shows_the_dialog_history_with_konfirmasi_only_for_the_other_side(
    client, orang, skp_staf, daftar_rhk
):
    lama = catat_dialog(
        orang,
        skp_staf,
        orang.kabid,
        tanggal=hari_ini(orang) - timedelta(days=20),
        topik=DialogKinerja.Topik.PENYUSUNAN_SKP,
        pembahasan="Menyusun RHK dari RHK atasan.",
    )
    skp_services.dialog_konfirmasi(dialog=lama, by=orang.staf)
    baru = catat_dialog(orang, skp_staf, orang.staf, rhk=[daftar_rhk[0]])
    url = reverse("skp_detail", args=[skp_staf.pk])
    tombol = f'action="{reverse("dialog_konfirmasi", args=[baru.pk])}"'
    tombol_lama = f'action="{reverse("dialog_konfirmasi", args=[lama.pk])}"'

    halaman = {}
    for nama in ("staf", "kabid", "admin_opd"):
        response = masuk(client, getattr(orang, nama)).get(url)
        assert response.status_code == 200
        halaman[nama] = teks(response).split('id="dialog"')[1].split("</section>")[0]

    for nama, isi in halaman.items():
        # Newest first, both recorded, the confirmed one marked so.
        assert isi.index("Klarifikasi ekspektasi") < isi.index("Penyusunan SKP"), nama
        assert "Menyusun RHK dari RHK atasan." in isi, nama
        assert f"RHK: {daftar_rhk[0].uraian}" in isi, nama
        assert "dikonfirmasi " in isi, nama
        assert tombol_lama not in isi, nama
    assert tombol in halaman["kabid"]
    assert ">Konfirmasi</button>" in halaman["kabid"]
    for nama in ("staf", "admin_opd"):
        assert tombol not in halaman[nama], nama
        assert ">Konfirmasi</button>" not in halaman[nama], nama
        assert "menunggu konfirmasi" in halaman[nama], nama
    # Only the two sides are offered the form to record one.
    assert "Catat dialog kinerja" in halaman["staf"]
    assert "Catat dialog kinerja" in halaman["kabid"]
    assert "Catat dialog kinerja" not in halaman["admin_opd"]


# ---- umpan balik berkelanjutan ---------------------------------------------------------


@pytest.mark.parametrize("penulis, pihak_lain", [("staf", "kabid"), ("kabid", "staf")])
def test_either_side_comments_on_an_rhk_before_any_period_and_the_other_is_notified(
    orang, skp_staf, daftar_rhk, penulis, pihak_lain
):
    # No periode penilaian exists yet: feedback is not only at evaluation time.
    assert not PeriodePenilaian.objects.filter(skp=skp_staf).exists()
    by, lain = getattr(orang, penulis), getattr(orang, pihak_lain)
    komentar = services.komentar_tambah(rhk=daftar_rhk[0], by=by, isi="  Apa ukuran mutunya?  ")

    komentar = KomentarKinerja.objects.get(pk=komentar.pk)
    assert (komentar.rhk, komentar.oleh, komentar.isi, komentar.rencana_aksi) == (
        daftar_rhk[0],
        by,
        "Apa ukuran mutunya?",
        None,
    )
    [kabar] = notifikasi(lain, "komentar:")
    assert kabar.kunci == f"komentar:{komentar.pk}"
    assert kabar.tautan == reverse("diskusi_rhk", args=[daftar_rhk[0].pk])
    assert notifikasi(by, "komentar:") == []


def test_comments_go_on_after_the_period_is_rated(orang, tw1_siap_dinilai, daftar_rhk):
    periode = services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.SESUAI,
        rating_perilaku_kerja=rules.SESUAI,
    )
    assert periode.status == PeriodePenilaian.Status.DINILAI
    services.komentar_tambah(rhk=daftar_rhk[1], by=orang.kabid, isi="Pertahankan.")
    services.komentar_tambah(rhk=daftar_rhk[1], by=orang.staf, isi="Siap, terima kasih.")
    assert list(KomentarKinerja.objects.values_list("oleh", flat=True)) == [
        orang.kabid.pk,
        orang.staf.pk,
    ]
    assert len(notifikasi(orang.staf, "komentar:")) == 1
    assert len(notifikasi(orang.kabid, "komentar:")) == 1


@pytest.mark.parametrize("nama", BUKAN_PIHAK)
def test_only_the_pegawai_and_their_penilai_comment(orang, dunia, daftar_rhk, nama):
    with pytest.raises(ValidationError, match="Hanya pegawai dan pejabat penilainya"):
        services.komentar_tambah(rhk=daftar_rhk[0], by=persona(orang, dunia, nama), isi="Catatan.")
    assert semua_baris(KomentarKinerja) == 0
    with scopes_disabled():
        assert not Notifikasi.objects.filter(jenis=Notifikasi.Jenis.DIALOG).exists()


def test_empty_comment_is_refused_on_the_isi_field(orang, daftar_rhk):
    with pytest.raises(ValidationError) as galat:
        services.komentar_tambah(rhk=daftar_rhk[0], by=orang.staf, isi=" \n ")
    assert galat.value.message_dict == {"isi": ["Tulis umpan balik atau pertanyaan Anda."]}
    assert KomentarKinerja.objects.count() == 0


def test_comment_on_a_rencana_aksi_must_be_of_that_rhk(orang, tw1_terbuka, daftar_rhk):
    _, rencana_aksi = tw1_terbuka
    with pytest.raises(ValidationError, match="Rencana aksi tidak ditemukan pada RHK ini"):
        services.komentar_tambah(
            rhk=daftar_rhk[0], by=orang.kabid, isi="Tahapannya?", rencana_aksi=rencana_aksi[1]
        )
    assert KomentarKinerja.objects.count() == 0
    komentar = services.komentar_tambah(
        rhk=daftar_rhk[0], by=orang.kabid, isi="Tahapannya?", rencana_aksi=rencana_aksi[0]
    )
    assert KomentarKinerja.objects.get(pk=komentar.pk).rencana_aksi == rencana_aksi[0]


@pytest.mark.parametrize("penulis, pihak_lain", [("staf", "kabid"), ("kabid", "staf")])
def test_diskusi_page_posts_for_either_side(client, orang, daftar_rhk, penulis, pihak_lain):
    url = reverse("diskusi_rhk", args=[daftar_rhk[0].pk])
    masuk(client, getattr(orang, penulis))
    response = client.post(url, {"isi": "Mohon contoh laporan yang baik."})
    assert (response.status_code, response["Location"]) == (302, url)
    halaman = teks(client.get(url))
    assert "Mohon contoh laporan yang baik." in halaman
    assert daftar_rhk[0].uraian in halaman
    assert len(notifikasi(getattr(orang, pihak_lain), "komentar:")) == 1


@pytest.mark.parametrize("nama", ["rekan", "kepala", "admin_dinkes", "admin_lain", "pegawai_lain"])
def test_diskusi_page_is_404_for_others_on_get_and_post(client, orang, dunia, daftar_rhk, nama):
    services.komentar_tambah(rhk=daftar_rhk[0], by=orang.staf, isi="Rahasia berdua.")
    url = reverse("diskusi_rhk", args=[daftar_rhk[0].pk])
    masuk(client, persona(orang, dunia, nama))
    assert client.get(url).status_code == 404
    assert client.post(url, {"isi": "Ikut campur."}).status_code == 404
    assert semua_baris(KomentarKinerja) == 1


def test_admin_of_the_opd_reads_the_thread_but_cannot_write(client, orang, daftar_rhk):
    services.komentar_tambah(rhk=daftar_rhk[0], by=orang.staf, isi="Bagaimana targetnya?")
    url = reverse("diskusi_rhk", args=[daftar_rhk[0].pk])
    response = masuk(client, orang.admin_opd).get(url)
    assert response.status_code == 200
    assert "Bagaimana targetnya?" in teks(response)
    assert 'name="isi"' not in teks(response)
    assert client.post(url, {"isi": "Ikut campur."}).status_code == 404
    assert KomentarKinerja.objects.count() == 1


def test_diskusi_page_shows_an_empty_comment_error_beside_the_field(client, orang, daftar_rhk):
    url = reverse("diskusi_rhk", args=[daftar_rhk[0].pk])
    response = masuk(client, orang.staf).post(url, {"isi": "   "})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in isian(teks(response), "isi")
    assert KomentarKinerja.objects.count() == 0
    assert not Notifikasi.objects.filter(jenis=Notifikasi.Jenis.DIALOG).exists()


def test_period_page_counts_the_comments_per_rhk(client, orang, tw1_terbuka, daftar_rhk):
    periode, _ = tw1_terbuka
    for isi in ("Satu.", "Dua.", "Tiga."):
        services.komentar_tambah(rhk=daftar_rhk[0], by=orang.kabid, isi=isi)
    halaman = teks(masuk(client, orang.staf).get(reverse("periode_detail", args=[periode.pk])))
    tautan = [
        halaman.split(f'href="{reverse("diskusi_rhk", args=[r.pk])}"')[1].split("</a>")[0]
        for r in daftar_rhk
    ]
    assert tautan == [' class="aksi-kecil">Diskusi (3)', ' class="aksi-kecil">Diskusi']


DISKUSI_QUERIES = 10
# session; user with instansi and admin OPD; the RHK with its SKP and pegawai; the SKP
# again (get_skp_and_role); the owner's unit and that unit's pimpinan (atasan_pegawai:
# the viewer is the penilai); the RHK's rencana aksi with their period and its indikator
# (the form's choices); the notification badge; the komentar with who wrote them, their
# rencana aksi and indikator.


def test_diskusi_page_costs_the_same_for_2_and_20_comments(
    client, orang, daftar_rhk, django_assert_num_queries
):
    url = reverse("diskusi_rhk", args=[daftar_rhk[0].pk])
    masuk(client, orang.kabid)
    for n in range(2):
        services.komentar_tambah(rhk=daftar_rhk[0], by=orang.staf, isi=f"Pertanyaan {n}.")
    with django_assert_num_queries(DISKUSI_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count('class="komentar') == 2
    for n in range(2, 20):
        penulis = orang.staf if n % 2 else orang.kabid
        services.komentar_tambah(rhk=daftar_rhk[0], by=penulis, isi=f"Pertanyaan {n}.")
    with django_assert_num_queries(DISKUSI_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count('class="komentar') == 20


# ---- pembinaan kinerja -----------------------------------------------------------------


def nilai(periode, orang, hasil, perilaku):
    return services.periode_nilai(
        periode=periode, by=orang.kabid, rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku
    )


def catat_pembinaan(orang, periode, by=None, **ubah):
    data = {
        "periode": periode,
        "by": by or orang.kabid,
        "jenis": Pembinaan.Jenis.COACHING,
        "rencana": "Coaching mingguan penyusunan laporan.",
        "tanggal_tindak_lanjut": hari_ini(orang) + timedelta(days=14),
    }
    data.update(ubah)
    return services.pembinaan_catat(**data)


@pytest.fixture
def tw1_butuh_perbaikan(tw1_siap_dinilai, orang):
    periode = nilai(tw1_siap_dinilai, orang, rules.DIBAWAH, rules.SESUAI)
    assert periode.predikat == rules.BUTUH_PERBAIKAN
    return periode


@pytest.mark.parametrize(
    "hasil, perilaku, predikat",
    [
        (rules.DIBAWAH, rules.SESUAI, rules.BUTUH_PERBAIKAN),
        (rules.DIBAWAH, rules.DIATAS, rules.BUTUH_PERBAIKAN),
        (rules.SESUAI, rules.DIBAWAH, rules.KURANG),
        (rules.DIATAS, rules.DIBAWAH, rules.KURANG),
        (rules.DIBAWAH, rules.DIBAWAH, rules.SANGAT_KURANG),
    ],
)
def test_penilai_records_pembinaan_for_a_weak_predikat(
    orang, tw1_siap_dinilai, hasil, perilaku, predikat
):
    periode = nilai(tw1_siap_dinilai, orang, hasil, perilaku)
    assert (periode.status, periode.predikat) == (PeriodePenilaian.Status.DINILAI, predikat)
    pembinaan = catat_pembinaan(orang, periode, jenis=Pembinaan.Jenis.KONSELING)

    pembinaan = Pembinaan.objects.get(pk=pembinaan.pk)
    assert (pembinaan.periode, pembinaan.oleh, pembinaan.jenis, pembinaan.selesai_pada) == (
        periode,
        orang.kabid,
        Pembinaan.Jenis.KONSELING,
        None,
    )
    [baris] = jejak("pembinaan_catat", periode)
    assert baris.ke == {
        "jenis": "konseling",
        "tindak_lanjut": str(hari_ini(orang) + timedelta(days=14)),
    }


@pytest.mark.parametrize(
    "hasil, perilaku, predikat",
    [
        (rules.SESUAI, rules.SESUAI, rules.BAIK),
        (rules.DIATAS, rules.SESUAI, rules.BAIK),
        (rules.DIATAS, rules.DIATAS, rules.SANGAT_BAIK),
    ],
)
def test_no_pembinaan_for_baik_or_sangat_baik(orang, tw1_siap_dinilai, hasil, perilaku, predikat):
    periode = nilai(tw1_siap_dinilai, orang, hasil, perilaku)
    assert periode.predikat == predikat
    if predikat == rules.SANGAT_BAIK:
        periode = services.review_setujui(periode=periode, by=orang.admin_bkd)
        assert periode.status == PeriodePenilaian.Status.DINILAI
    with pytest.raises(ValidationError, match="Butuh Perbaikan, Kurang atau Sangat Kurang"):
        catat_pembinaan(orang, periode)
    assert Pembinaan.objects.count() == 0


def test_no_pembinaan_before_the_predikat_is_set(orang, tw1_siap_dinilai):
    assert tw1_siap_dinilai.status == PeriodePenilaian.Status.DIAJUKAN
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        catat_pembinaan(orang, tw1_siap_dinilai)
    assert Pembinaan.objects.count() == 0


@pytest.mark.parametrize("nama", BUKAN_PIHAK + ["staf"])
def test_only_the_penilai_records_pembinaan(orang, dunia, tw1_butuh_perbaikan, nama):
    with pytest.raises(ValidationError, match="pejabat penilai pegawai ini"):
        catat_pembinaan(orang, tw1_butuh_perbaikan, by=persona(orang, dunia, nama))
    assert semua_baris(Pembinaan) == 0


def test_pembinaan_requires_jenis_rencana_and_a_date_from_today(orang, tw1_butuh_perbaikan):
    with pytest.raises(ValidationError) as galat:
        catat_pembinaan(
            orang,
            tw1_butuh_perbaikan,
            jenis="",
            rencana="  ",
            tanggal_tindak_lanjut=hari_ini(orang) - timedelta(days=1),
        )
    assert galat.value.message_dict == {
        "jenis": ["Pilih bimbingan (coaching/mentoring) atau konseling."],
        "rencana": ["Tuliskan rencana pembinaan."],
        "tanggal_tindak_lanjut": ["Tanggal tindak lanjut harus hari ini atau sesudahnya."],
    }
    with pytest.raises(ValidationError) as galat:
        catat_pembinaan(orang, tw1_butuh_perbaikan, tanggal_tindak_lanjut=None)
    assert list(galat.value.message_dict) == ["tanggal_tindak_lanjut"]
    assert Pembinaan.objects.count() == 0
    pembinaan = catat_pembinaan(orang, tw1_butuh_perbaikan, tanggal_tindak_lanjut=hari_ini(orang))
    assert pembinaan.tanggal_tindak_lanjut == hari_ini(orang)


def test_pembinaan_outcome_needs_hasil_only_the_penilai_and_happens_once(
    orang, tw1_butuh_perbaikan
):
    pembinaan = catat_pembinaan(orang, tw1_butuh_perbaikan)
    with pytest.raises(ValidationError) as galat:
        services.pembinaan_selesai(pembinaan=pembinaan, by=orang.kabid, hasil=" ")
    assert galat.value.message_dict == {"hasil": ["Tuliskan hasil pembinaan."]}
    for nama in ("staf", "rekan", "kepala", "admin_bkd"):
        with pytest.raises(ValidationError, match="pejabat penilai pegawai ini"):
            services.pembinaan_selesai(
                pembinaan=pembinaan, by=getattr(orang, nama), hasil="Sudah membaik."
            )
    assert Pembinaan.objects.get(pk=pembinaan.pk).selesai_pada is None

    pembinaan = services.pembinaan_selesai(
        pembinaan=pembinaan, by=orang.kabid, hasil="  Laporan kini tepat waktu.  "
    )
    assert pembinaan.hasil == "Laporan kini tepat waktu."
    assert pembinaan.selesai_pada is not None
    with pytest.raises(ValidationError, match="sudah selesai dicatat"):
        services.pembinaan_selesai(pembinaan=pembinaan, by=orang.kabid, hasil="Lagi.")
    pembinaan_db = Pembinaan.objects.get(pk=pembinaan.pk)
    assert (pembinaan_db.hasil, pembinaan_db.selesai_pada) == (
        "Laporan kini tepat waktu.",
        pembinaan.selesai_pada,
    )
    assert [j.catatan for j in jejak("pembinaan_selesai", tw1_butuh_perbaikan)] == [
        "Laporan kini tepat waktu."
    ]


# ---- pembinaan: the views --------------------------------------------------------------


def data_pembinaan(orang, **ubah):
    data = {
        "jenis": Pembinaan.Jenis.MENTORING,
        "rencana": "Mentoring dua mingguan oleh kabid.",
        "tanggal_tindak_lanjut": (hari_ini(orang) + timedelta(days=7)).isoformat(),
    }
    data.update(ubah)
    return data


def test_pembinaan_page_records_for_the_penilai(client, orang, tw1_butuh_perbaikan):
    periode = tw1_butuh_perbaikan
    url_periode = reverse("periode_detail", args=[periode.pk])
    masuk(client, orang.kabid)
    assert "Catat pembinaan" in teks(client.get(url_periode))
    response = client.post(reverse("pembinaan_catat", args=[periode.pk]), data_pembinaan(orang))
    assert response["Location"] == f"{url_periode}#pembinaan"
    pembinaan = Pembinaan.objects.get()
    assert (pembinaan.jenis, pembinaan.oleh) == (Pembinaan.Jenis.MENTORING, orang.kabid)
    # The pegawai sees the plan, without the penilai's forms.
    halaman = teks(masuk(client, orang.staf).get(url_periode))
    assert "Mentoring dua mingguan oleh kabid." in halaman
    assert "Catat pembinaan" not in halaman
    assert reverse("pembinaan_selesai", args=[pembinaan.pk]) not in halaman


def test_pembinaan_page_shows_a_past_date_beside_the_field_and_keeps_the_plan(
    client, orang, tw1_butuh_perbaikan
):
    kemarin = (hari_ini(orang) - timedelta(days=1)).isoformat()
    response = masuk(client, orang.kabid).post(
        reverse("pembinaan_catat", args=[tw1_butuh_perbaikan.pk]),
        data_pembinaan(orang, tanggal_tindak_lanjut=kemarin),
    )
    assert response.status_code == 200
    halaman = teks(response)
    assert "Tanggal tindak lanjut harus hari ini atau sesudahnya." in isian(
        halaman, "tanggal_tindak_lanjut"
    )
    assert "Mentoring dua mingguan oleh kabid." in isian(halaman, "rencana")
    assert Pembinaan.objects.count() == 0


@pytest.mark.parametrize("nama", ["staf", *BUKAN_PIHAK_VIEW])
def test_pembinaan_pages_are_404_for_anyone_but_the_penilai(
    client, orang, dunia, tw1_butuh_perbaikan, nama
):
    pembinaan = catat_pembinaan(orang, tw1_butuh_perbaikan)
    masuk(client, persona(orang, dunia, nama))
    url = reverse("pembinaan_catat", args=[tw1_butuh_perbaikan.pk])
    assert client.post(url, data_pembinaan(orang)).status_code == 404
    url = reverse("pembinaan_selesai", args=[pembinaan.pk])
    assert client.post(url, {"hasil": "Selesai."}).status_code == 404
    with scopes_disabled():
        assert list(Pembinaan.objects.values_list("selesai_pada", flat=True)) == [None]


def test_pembinaan_outcome_page_needs_hasil_and_records_once(client, orang, tw1_butuh_perbaikan):
    pembinaan = catat_pembinaan(orang, tw1_butuh_perbaikan)
    url = reverse("pembinaan_selesai", args=[pembinaan.pk])
    masuk(client, orang.kabid)
    assert pesan(client.post(url, {"hasil": ""}, follow=True)) == ["Tuliskan hasil pembinaan."]
    assert Pembinaan.objects.get().selesai_pada is None
    response = client.post(url, {"hasil": "Target TW II tercapai."}, follow=True)
    assert pesan(response) == ["Hasil pembinaan dicatat."]
    assert "Target TW II tercapai." in teks(response)
    response = client.post(url, {"hasil": "Lagi."}, follow=True)
    assert pesan(response) == ["Pembinaan ini sudah selesai dicatat."]
    assert Pembinaan.objects.get().hasil == "Target TW II tercapai."


def test_pembinaan_page_refuses_a_baik_period(client, orang, tw1_siap_dinilai):
    periode = nilai(tw1_siap_dinilai, orang, rules.SESUAI, rules.SESUAI)
    masuk(client, orang.kabid)
    # The form is not offered; a crafted POST records nothing.
    assert "Catat pembinaan" not in teks(client.get(reverse("periode_detail", args=[periode.pk])))
    response = client.post(reverse("pembinaan_catat", args=[periode.pk]), data_pembinaan(orang))
    assert response.status_code == 200
    assert Pembinaan.objects.count() == 0


# ---- pembinaan: the follow-up reminders ------------------------------------------------


def wita(tanggal, jam, menit=0):
    """A moment in Buleleng's zone (WITA, UTC+8), as an aware UTC datetime."""
    utc = datetime(tanggal.year, tanggal.month, tanggal.day, jam, menit, tzinfo=UTC)
    return utc - timedelta(hours=8)


def test_reminder_goes_to_the_penilai_once_within_three_days_in_the_tenant_zone(
    orang, tw1_butuh_perbaikan
):
    assert orang.staf.instansi.zona_waktu == "Asia/Makassar"
    tindak_lanjut = hari_ini(orang) + timedelta(days=30)
    pembinaan = catat_pembinaan(orang, tw1_butuh_perbaikan, tanggal_tindak_lanjut=tindak_lanjut)

    # 23:30 WITA four days before: still four days away.
    assert services.pengingat_pembinaan(sekarang=wita(tindak_lanjut - timedelta(4), 23, 30)) == 0
    # 00:30 WITA three days before, which is still the fourth day before in UTC and WIB.
    sekarang = wita(tindak_lanjut - timedelta(days=3), 0, 30)
    assert sekarang.date() == tindak_lanjut - timedelta(days=4)
    assert services.pengingat_pembinaan(sekarang=sekarang) == 1
    assert services.pengingat_pembinaan(sekarang=sekarang) == 0
    assert services.pengingat_pembinaan(sekarang=wita(tindak_lanjut, 9)) == 0
    [kabar] = notifikasi(orang.kabid, "pembinaan:")
    assert kabar.kunci == f"pembinaan:{pembinaan.pk}"
    assert kabar.tautan == f"{reverse('periode_detail', args=[tw1_butuh_perbaikan.pk])}#pembinaan"
    assert format_tanggal(tindak_lanjut) in kabar.judul
    assert orang.staf.nama in kabar.judul
    assert notifikasi(orang.staf, "pembinaan:") == []


def test_no_reminder_after_the_follow_up_day_in_the_tenant_zone(orang, tw1_butuh_perbaikan):
    tindak_lanjut = hari_ini(orang) + timedelta(days=30)
    catat_pembinaan(orang, tw1_butuh_perbaikan, tanggal_tindak_lanjut=tindak_lanjut)
    # 00:30 WITA the day after: in UTC it is still the follow-up day.
    sekarang = wita(tindak_lanjut + timedelta(days=1), 0, 30)
    assert sekarang.date() == tindak_lanjut
    assert services.pengingat_pembinaan(sekarang=sekarang) == 0
    assert Notifikasi.objects.filter(kunci__startswith="pembinaan:").count() == 0


def test_no_reminder_ten_days_ahead_or_once_finished(orang, tw1_butuh_perbaikan):
    jauh = catat_pembinaan(
        orang, tw1_butuh_perbaikan, tanggal_tindak_lanjut=hari_ini(orang) + timedelta(days=10)
    )
    selesai = catat_pembinaan(
        orang, tw1_butuh_perbaikan, tanggal_tindak_lanjut=hari_ini(orang) + timedelta(days=1)
    )
    services.pembinaan_selesai(pembinaan=selesai, by=orang.kabid, hasil="Sudah dibina.")
    assert services.pengingat_pembinaan(sekarang=timezone.now()) == 0
    assert Notifikasi.objects.filter(kunci__startswith="pembinaan:").count() == 0
    # Seven days later the far one comes within three days.
    assert services.pengingat_pembinaan(sekarang=timezone.now() + timedelta(days=7)) == 1
    assert [n.kunci for n in notifikasi(orang.kabid, "pembinaan:")] == [f"pembinaan:{jauh.pk}"]


def test_reminder_job_includes_the_pembinaan_follow_ups(orang, tw1_butuh_perbaikan):
    pembinaan = catat_pembinaan(
        orang, tw1_butuh_perbaikan, tanggal_tindak_lanjut=hari_ini(orang) + timedelta(days=2)
    )
    assert tasks.kirim_pengingat_pembinaan() == 1
    assert [n.kunci for n in notifikasi(orang.kabid, "pembinaan:")] == [f"pembinaan:{pembinaan.pk}"]
    assert tasks.kirim_pengingat_pembinaan() == 0
    assert len(notifikasi(orang.kabid, "pembinaan:")) == 1


def test_the_skp_print_can_list_the_dialogues(client, orang, skp_staf):
    catat_dialog(orang, skp_staf, orang.staf)
    url = reverse("skp_cetak", args=[skp_staf.pk])
    masuk(client, orang.staf)
    assert "DIALOG KINERJA" not in teks(client.get(url))
    halaman = teks(client.get(url + "?dialog=1"))
    assert "DIALOG KINERJA" in halaman and "Klarifikasi ekspektasi" in halaman


def test_the_penilai_sees_the_thread_beside_the_feedback_form(client, orang, tw1_siap_dinilai):
    rhk = tw1_siap_dinilai.skp.rhk.first()
    services.komentar_tambah(rhk=rhk, by=orang.staf, isi="Apakah laporan cukup satu dokumen?")
    halaman = teks(
        masuk(client, orang.kabid).get(reverse("periode_detail", args=[tw1_siap_dinilai.pk]))
    )
    bagian = halaman.split('id="penilaian"')[1]
    assert "Umpan balik berkelanjutan (1)" in bagian
    assert "Apakah laporan cukup satu dokumen?" in bagian


def test_a_comment_can_be_about_one_rencana_aksi_of_the_rhk(client, orang, tw1_siap_dinilai):
    from penilaian.models import RencanaAksi

    ra = RencanaAksi.objects.filter(periode=tw1_siap_dinilai).first()
    url = reverse("diskusi_rhk", args=[ra.rhk_id])
    masuk(client, orang.kabid).post(url, {"rencana_aksi": ra.pk, "isi": "Targetnya realistis?"})
    komentar = KomentarKinerja.objects.get(isi="Targetnya realistis?")
    assert komentar.rencana_aksi_id == ra.pk
    assert f"rencana aksi {tw1_siap_dinilai.label}" in teks(client.get(url))
    # A rencana aksi of another RHK is not among the choices: the form refuses it.
    lain = RencanaAksi.objects.filter(periode=tw1_siap_dinilai).exclude(rhk=ra.rhk).first()
    halaman = teks(client.post(url, {"rencana_aksi": lain.pk, "isi": "Salah tempat"}))
    assert not KomentarKinerja.objects.filter(isi="Salah tempat").exists()
    assert "Masukkan pilihan yang valid" in isian(halaman, "rencana_aksi")


def test_a_comment_can_be_about_one_indikator_of_the_rhk(client, orang, skp_staf, daftar_rhk):
    from skp.models import Indikator

    indikator = Indikator.objects.filter(rhk=daftar_rhk[0]).first()
    url = reverse("diskusi_rhk", args=[daftar_rhk[0].pk])
    masuk(client, orang.staf).post(url, {"indikator": indikator.pk, "isi": "Satuannya?"})
    assert KomentarKinerja.objects.get(isi="Satuannya?").indikator_id == indikator.pk
    assert "indikator:" in teks(client.get(url))
    lain = Indikator.objects.filter(rhk=daftar_rhk[1]).first()
    with pytest.raises(ValidationError):
        services.komentar_tambah(rhk=daftar_rhk[0], by=orang.staf, isi="x", indikator=lain)
