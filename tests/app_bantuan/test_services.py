"""bantuan.services: where a ticket goes (the admin OPD of the pegawai's OPD, else BKD),
escalation, who may reply, close and reopen, the audit trail, the notifications to the
other side, the context snapshot with the atasan diagnosis, the queue count, and BKD's FAQ
and contact."""

from dataclasses import asdict

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from bantuan import rules, selectors, services
from bantuan.bawaan import FAQ_BAWAAN
from bantuan.models import Balasan, KontakBantuan, PertanyaanUmum, Tiket
from inti.models import Jejak
from organisasi.models import Notifikasi, Pegawai
from penilaian import services as penilaian_services
from penilaian.selectors import diagnosa_pegawai
from tests.app_bantuan.bantuan_tiket import URAIAN, jejak, kabar, pegawai_di, tanya
from tests.bantuan import pesan_galat, segar
from tests.conftest import per_modul
from tests.penilaian.conftest import skp_disetujui
from tests.skp.conftest import rantai_tahun

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")


@pytest.fixture(autouse=True)
def dalam_buleleng(dunia):
    with scope(instansi=dunia.buleleng.pk):
        yield


def orang(d, nama):
    return segar(getattr(d, nama))


# ---- where a ticket goes ------------------------------------------------------------------


def test_a_ticket_goes_to_the_admin_opd_of_the_pegawai_opd(dunia):
    tiket = tanya(dunia.staf)
    assert (tiket.status, tiket.tingkat, tiket.opd_id) == (
        rules.BARU,
        rules.TINGKAT_OPD,
        dunia.bkpsdm.pk,
    )
    assert [n.judul for n in kabar(dunia.admin_opd)] == [
        "Permintaan bantuan baru: Nama saya tidak muncul di atasan"
    ]
    (n,) = kabar(dunia.admin_opd)
    assert (n.jenis, n.kunci, n.tautan) == (
        Notifikasi.Jenis.BANTUAN,
        f"bantuan:{tiket.pk}:baru",
        f"/bantuan/{tiket.pk}/",
    )
    assert URAIAN in n.isi and "Staf PKAP" in n.isi
    # Nobody else: not another OPD's admin, not BKD, not the pegawai themself.
    for lain in ("admin_dinkes", "admin_bkd", "staf", "kabid", "admin_lain"):
        assert kabar(getattr(dunia, lain)) == [], lain
    assert jejak(tiket) == ["tiket_buat"]


def test_an_opd_without_admin_sends_it_straight_to_bkd(dunia):
    # Sekretariat Daerah is an OPD nobody administers.
    pegawai = pegawai_di(dunia, dunia.sekda, "Staf Sekda")
    tiket = tanya(pegawai)
    assert (tiket.tingkat, tiket.opd_id, tiket.diteruskan_pada) == (
        rules.TINGKAT_BKD,
        dunia.sekda.pk,
        None,
    )
    assert len(kabar(dunia.admin_bkd)) == 1
    assert kabar(dunia.admin_opd) == [] and kabar(dunia.admin_dinkes) == []


def test_a_pegawai_without_unit_or_an_inactive_admin_also_goes_to_bkd(dunia):
    tanpa_unit = pegawai_di(dunia, None, "Belum Berunit")
    assert tanya(tanpa_unit).tingkat == rules.TINGKAT_BKD
    with scopes_disabled():
        Pegawai.objects.filter(pk=dunia.admin_dinkes.pk).update(is_active=False)
    perawat = pegawai_di(dunia, dunia.dinkes, "Perawat Dinkes")
    assert tanya(perawat).tingkat == rules.TINGKAT_BKD
    assert kabar(dunia.admin_dinkes) == []


def test_an_admin_opd_asking_for_help_is_not_their_own_helpdesk(dunia):
    tiket = tanya(dunia.admin_opd)
    assert tiket.tingkat == rules.TINGKAT_BKD
    assert kabar(dunia.admin_opd) == []
    assert len(kabar(dunia.admin_bkd)) == 1


def test_a_ticket_needs_title_category_and_description(dunia):
    with pytest.raises(ValidationError) as e:
        services.tiket_buat(
            pegawai=segar(dunia.staf), judul=" ", kategori="bukan", uraian="", dari=""
        )
    assert e.value.message_dict == {
        "judul": ["Tuliskan judul singkat masalah Anda."],
        "kategori": ["Pilih kategori masalah."],
        "uraian": ["Ceritakan masalahnya: apa yang Anda lakukan dan apa yang muncul."],
    }
    with pytest.raises(ValidationError) as e:
        tanya(dunia.staf, uraian="a\x00b")
    assert "uraian" in e.value.message_dict
    with scopes_disabled():
        assert not Tiket.objects.exists()


# ---- the context snapshot --------------------------------------------------------------------


def test_the_snapshot_holds_page_role_unit_atasan_skp_periods_and_the_diagnosis(dunia):
    hari_ini = dunia.buleleng.hari_ini()
    rantai = rantai_tahun(dunia, hari_ini.year)
    skp = skp_disetujui(dunia, rantai, dunia.staf)
    tw1 = penilaian_services.periode_tambah(skp=skp, kode="tw1", by=segar(dunia.staf))

    tiket = tanya(dunia.staf, dari="/penilaian/?tahun=2026")
    k = segar(tiket).konteks
    assert k["dari"] == "/penilaian/?tahun=2026"
    assert k["peran"] == "Pegawai"
    assert k["pegawai"]["nip"] == dunia.staf.nip
    assert k["unit_kerja"]["id"] == dunia.bidang.pk and not k["unit_kerja"]["memimpin"]
    assert k["opd"] == {"id": dunia.bkpsdm.pk, "nama": "BKPSDM"}
    assert k["atasan"] == {"id": dunia.kabid.pk, "nama": "Kabid PKAP", "nip": dunia.kabid.nip}
    assert (k["skp"]["id"], k["skp"]["status"], k["skp"]["tahun"]) == (
        skp.pk,
        "disetujui",
        hari_ini.year,
    )
    assert k["periode"] == [
        {
            "id": tw1.pk,
            "kode": "tw1",
            "label": tw1.label,
            "status": "pengisian",
            "label_status": tw1.get_status_display(),
        }
    ]
    # The diagnosis as the "Mengapa saya tidak muncul?" page would give it now.
    pegawai = (
        Pegawai.objects.select_related("unit_kerja__pimpinan", "instansi")
        .prefetch_related("pengecualian")
        .get(pk=dunia.staf.pk)
    )
    assert k["diagnosa"] == [asdict(t) for t in diagnosa_pegawai(pegawai)]
    assert "atasan_ada" in [t["kode"] for t in k["diagnosa"]]


def test_the_snapshot_names_the_commonest_cause_whole_dinas_chosen(dunia):
    """A pegawai who chose the whole Badan (seed 002's most common mistake), no SKP."""
    pegawai = pegawai_di(dunia, dunia.bkpsdm, "Salah Pilih Unit")
    k = tanya(pegawai, dari="https://jahat.example/").konteks
    kode = [t["kode"] for t in k["diagnosa"]]
    assert {"unit_terlalu_tinggi", "skp_belum_disetujui"} <= set(kode)
    assert k["skp"] is None and k["periode"] == [] and k["dari"] == ""
    assert k["atasan"]["id"] == dunia.kepala.pk


# ---- replies and who may make them ----------------------------------------------------------


def test_admin_reply_asks_the_pegawai_and_the_pegawai_reply_hands_it_back(dunia):
    tiket = tanya(dunia.staf)
    jawab = services.tiket_balas(
        tiket=tiket, by=orang(dunia, "admin_opd"), isi="Unit kerja Anda sudah benar?"
    )
    assert segar(tiket).status == rules.MENUNGGU_PEGAWAI
    assert [(n.judul, n.kunci) for n in kabar(dunia.staf)] == [
        (
            "Jawaban atas permintaan bantuan Anda: Nama saya tidak muncul di atasan",
            f"bantuan:{tiket.pk}:balas:{jawab.pk}",
        )
    ]
    assert "Unit kerja Anda sudah benar?" in kabar(dunia.staf)[0].isi

    balik = services.tiket_balas(tiket=tiket, by=orang(dunia, "staf"), isi="Sudah, Bidang PKAP.")
    assert segar(tiket).status == rules.DIPROSES
    assert [n.kunci for n in kabar(dunia.admin_opd)] == [
        f"bantuan:{tiket.pk}:baru",
        f"bantuan:{tiket.pk}:balas:{balik.pk}",
    ]
    assert len(kabar(dunia.staf)) == 1  # not told of their own reply
    assert jejak(tiket) == ["tiket_buat", "tiket_balas", "tiket_balas"]
    with scopes_disabled():
        entri = Jejak.objects.filter(aksi="tiket_balas", objek_id=tiket.pk).order_by("id")
        assert [(j.oleh_id, j.dari, j.ke["status"]) for j in entri] == [
            (dunia.admin_opd.pk, {"status": "baru"}, "menunggu_pegawai"),
            (dunia.staf.pk, {"status": "menunggu_pegawai"}, "diproses"),
        ]
    assert [b.isi for b in selectors.balasan_tiket(segar(tiket))] == [
        "Unit kerja Anda sudah benar?",
        "Sudah, Bidang PKAP.",
    ]


def test_an_admin_may_answer_and_close_in_one_reply(dunia):
    tiket = tanya(dunia.staf)
    services.tiket_balas(
        tiket=tiket, by=orang(dunia, "admin_opd"), isi="Sudah diperbaiki.", lanjut=rules.SELESAI
    )
    tiket = segar(tiket)
    assert tiket.status == rules.SELESAI and tiket.selesai_pada is not None
    assert [n.judul for n in kabar(dunia.staf)] == [
        "Permintaan bantuan Anda dijawab dan selesai: Nama saya tidak muncul di atasan"
    ]
    with pytest.raises(ValidationError) as e:
        services.tiket_balas(tiket=tiket, by=orang(dunia, "admin_opd"), isi="x", lanjut="x")
    assert pesan_galat(e) == "Permintaan ini sudah selesai; pegawai dapat membukanya kembali."


@pytest.mark.parametrize("nama", ["kabid", "kepala", "admin_dinkes", "pegawai_lain", "admin_lain"])
def test_nobody_else_may_reply_close_or_escalate(dunia, nama):
    tiket = tanya(dunia.staf)
    siapa = orang(dunia, nama)
    for layanan, kwargs in [
        (services.tiket_balas, {"isi": "Saya ikut menjawab."}),
        (services.tiket_selesai, {}),
        (services.tiket_teruskan, {"catatan": "Ke BKD."}),
    ]:
        with pytest.raises(ValidationError):
            layanan(tiket=tiket, by=siapa, **kwargs)
    assert jejak(tiket) == ["tiket_buat"]
    with scopes_disabled():
        assert not Balasan.objects.exists()


def test_bkd_may_reply_to_any_ticket_of_the_instansi(dunia):
    tiket = tanya(dunia.staf)
    services.tiket_balas(tiket=tiket, by=orang(dunia, "admin_bkd"), isi="Dari BKD.")
    assert segar(tiket).status == rules.MENUNGGU_PEGAWAI
    assert len(kabar(dunia.staf)) == 1


def test_an_empty_reply_is_refused_beside_the_field(dunia):
    tiket = tanya(dunia.staf)
    with pytest.raises(ValidationError) as e:
        services.tiket_balas(tiket=tiket, by=orang(dunia, "staf"), isi="  ")
    assert e.value.message_dict == {"isi": ["Tuliskan balasan Anda."]}


# ---- escalation --------------------------------------------------------------------------------


def test_the_admin_opd_escalates_to_bkd_once(dunia):
    tiket = tanya(dunia.staf)
    with pytest.raises(ValidationError) as e:
        services.tiket_teruskan(tiket=tiket, by=orang(dunia, "admin_opd"), catatan="")
    assert e.value.message_dict == {
        "catatan": ["Tuliskan apa yang sudah diperiksa dan mengapa perlu ditangani BKD."]
    }
    services.tiket_teruskan(
        tiket=tiket,
        by=orang(dunia, "admin_opd"),
        catatan="Unit sudah benar; perlu koreksi data SI-ASN oleh BKD.",
    )
    tiket = segar(tiket)
    assert (tiket.tingkat, tiket.status) == (rules.TINGKAT_BKD, rules.DIPROSES)
    assert tiket.diteruskan_pada is not None
    assert [n.judul for n in kabar(dunia.admin_bkd)] == [
        "Permintaan bantuan diteruskan ke BKD: Nama saya tidak muncul di atasan"
    ]
    assert "koreksi data SI-ASN" in kabar(dunia.admin_bkd)[0].isi
    assert [n.judul for n in kabar(dunia.staf)] == [
        "Permintaan bantuan Anda diteruskan ke BKD: Nama saya tidak muncul di atasan"
    ]
    assert jejak(tiket) == ["tiket_buat", "tiket_teruskan"]
    with pytest.raises(ValidationError) as e:
        services.tiket_teruskan(tiket=tiket, by=orang(dunia, "admin_opd"), catatan="Lagi.")
    assert pesan_galat(e) == "Permintaan ini sudah ditangani BKD."
    for nama in ("staf", "admin_bkd"):
        with pytest.raises(ValidationError) as e:
            services.tiket_teruskan(tiket=tiket, by=orang(dunia, nama), catatan="Ke BKD.")
        assert pesan_galat(e) == "Hanya admin OPD yang dapat meneruskan permintaan ke BKD."

    # The pegawai's reply now goes to BKD, not to the admin OPD.
    services.tiket_balas(tiket=tiket, by=orang(dunia, "staf"), isi="Terima kasih.")
    assert len(kabar(dunia.admin_bkd)) == 2
    assert len(kabar(dunia.admin_opd)) == 1  # only the new ticket


# ---- close and reopen ---------------------------------------------------------------------------


def test_the_pegawai_closes_and_reopens_and_the_admin_is_told_of_the_reopening(dunia):
    tiket = tanya(dunia.staf)
    services.tiket_selesai(tiket=tiket, by=orang(dunia, "staf"))
    assert segar(tiket).status == rules.SELESAI
    assert kabar(dunia.staf) == []  # closing it oneself tells no one
    with pytest.raises(ValidationError) as e:
        services.tiket_balas(tiket=tiket, by=orang(dunia, "staf"), isi="Lupa satu hal.")
    assert pesan_galat(e) == (
        "Permintaan ini sudah selesai. Buka kembali bila masalahnya belum beres."
    )
    with pytest.raises(ValidationError) as e:
        services.tiket_buka_kembali(tiket=tiket, by=orang(dunia, "admin_opd"))
    assert pesan_galat(e).startswith("Hanya pegawai yang mengajukan")

    services.tiket_buka_kembali(tiket=tiket, by=orang(dunia, "staf"), alasan="Masih belum.")
    tiket = segar(tiket)
    assert (tiket.status, tiket.selesai_pada) == (rules.DIPROSES, None)
    assert [n.judul for n in kabar(dunia.admin_opd)][-1] == (
        "Permintaan bantuan dibuka kembali: Nama saya tidak muncul di atasan"
    )
    with pytest.raises(ValidationError) as e:
        services.tiket_buka_kembali(tiket=tiket, by=orang(dunia, "staf"))
    assert pesan_galat(e) == "Permintaan ini masih terbuka."
    assert jejak(tiket) == ["tiket_buat", "tiket_selesai", "tiket_buka_kembali"]
    assert [b.jenis for b in selectors.balasan_tiket(tiket)] == [
        Balasan.Jenis.SELESAI,
        Balasan.Jenis.BUKA,
    ]


def test_an_admin_closing_tells_the_pegawai(dunia):
    tiket = tanya(dunia.staf)
    services.tiket_selesai(tiket=tiket, by=orang(dunia, "admin_opd"))
    assert [n.judul for n in kabar(dunia.staf)] == [
        "Permintaan bantuan Anda ditandai selesai: Nama saya tidak muncul di atasan"
    ]
    with pytest.raises(ValidationError) as e:
        services.tiket_selesai(tiket=tiket, by=orang(dunia, "admin_opd"))
    assert pesan_galat(e) == "Permintaan ini sudah selesai."


def test_a_stale_ticket_object_is_checked_against_the_row(dunia):
    """The page showed it open; meanwhile the pegawai closed it."""
    tiket = tanya(dunia.staf)
    dilihat_admin = segar(tiket)
    services.tiket_selesai(tiket=tiket, by=orang(dunia, "staf"))
    with pytest.raises(ValidationError):
        services.tiket_balas(tiket=dilihat_admin, by=orang(dunia, "admin_opd"), isi="Ini dia.")


# ---- what waits for whom --------------------------------------------------------------------


def test_the_waiting_count_follows_whose_turn_it_is(dunia, django_assert_num_queries):
    admin_opd, admin_bkd = orang(dunia, "admin_opd"), orang(dunia, "admin_bkd")
    admin_dinkes, staf = orang(dunia, "admin_dinkes"), orang(dunia, "staf")

    def menunggu():
        return {
            "opd": selectors.jumlah_tiket_menunggu(admin_opd),
            "bkd": selectors.jumlah_tiket_menunggu(admin_bkd),
            "dinkes": selectors.jumlah_tiket_menunggu(admin_dinkes),
        }

    tiket = tanya(dunia.staf)
    tanya(dunia.kabid)
    assert menunggu() == {"opd": 2, "bkd": 0, "dinkes": 0}
    services.tiket_balas(tiket=tiket, by=admin_opd, isi="Sudah dicoba lagi?")
    assert menunggu() == {"opd": 1, "bkd": 0, "dinkes": 0}
    services.tiket_balas(tiket=tiket, by=staf, isi="Sudah, tetap.")
    services.tiket_teruskan(tiket=tiket, by=admin_opd, catatan="Perlu BKD.")
    assert menunggu() == {"opd": 1, "bkd": 1, "dinkes": 0}
    with django_assert_num_queries(1):
        selectors.jumlah_tiket_menunggu(admin_bkd)
    with django_assert_num_queries(0):
        assert selectors.jumlah_tiket_menunggu(staf) == 0


def test_who_sees_which_ticket(dunia):
    milik_staf = tanya(dunia.staf)
    perawat = pegawai_di(dunia, dunia.dinkes, "Perawat Dinkes")
    milik_perawat = tanya(perawat)

    def terlihat(nama):
        return set(selectors.tiket_terlihat(orang(dunia, nama)).values_list("pk", flat=True))

    assert terlihat("staf") == {milik_staf.pk}
    assert terlihat("kabid") == set()
    assert terlihat("admin_opd") == {milik_staf.pk}
    assert terlihat("admin_dinkes") == {milik_perawat.pk}
    assert terlihat("admin_bkd") == {milik_staf.pk, milik_perawat.pk}
    with scope(instansi=dunia.lain.pk):
        assert set(selectors.tiket_terlihat(orang(dunia, "admin_lain"))) == set()


# ---- FAQ and contact (BKD) --------------------------------------------------------------------


def test_default_faq_is_added_once_and_only_by_bkd(dunia):
    bkd = orang(dunia, "admin_bkd")
    with pytest.raises(ValidationError):
        services.faq_isi_bawaan(instansi=dunia.buleleng, by=orang(dunia, "admin_opd"))
    assert services.faq_isi_bawaan(instansi=dunia.buleleng, by=bkd) == len(FAQ_BAWAAN)
    assert services.faq_isi_bawaan(instansi=dunia.buleleng, by=bkd) == 0
    pertanyaan = [f.pertanyaan for f in selectors.faq_daftar()]
    assert pertanyaan[0] == "Mengapa nama saya tidak muncul di daftar atasan?"
    for kata in ("Triwulan IV", "PPPK", "mutasi"):
        assert any(kata in p for p in pertanyaan), kata
    with scope(instansi=dunia.lain.pk):
        assert not PertanyaanUmum.objects.exists()
    with scopes_disabled():
        assert Jejak.objects.filter(aksi="faq_isi_bawaan").count() == 1


def test_bkd_adds_edits_reorders_and_deletes_entries(dunia):
    bkd = orang(dunia, "admin_bkd")
    a = services.faq_tambah(instansi=dunia.buleleng, by=bkd, pertanyaan="A?", jawaban="a")
    b = services.faq_tambah(instansi=dunia.buleleng, by=bkd, pertanyaan="B?", jawaban="b")
    c = services.faq_tambah(instansi=dunia.buleleng, by=bkd, pertanyaan="C?", jawaban="c")

    def urutan():
        return [f.pertanyaan for f in selectors.faq_daftar()]

    assert urutan() == ["A?", "B?", "C?"]
    services.faq_pindah(faq=c, by=bkd, arah="naik")
    assert urutan() == ["A?", "C?", "B?"]
    services.faq_pindah(faq=segar(a), by=bkd, arah="turun")
    assert urutan() == ["C?", "A?", "B?"]
    with pytest.raises(ValidationError) as e:
        services.faq_pindah(faq=segar(c), by=bkd, arah="naik")
    assert pesan_galat(e) == "Pertanyaan ini sudah paling atas."
    with pytest.raises(ValidationError):
        services.faq_pindah(faq=segar(c), by=bkd, arah="samping")
    services.faq_ubah(faq=segar(b), by=bkd, pertanyaan="B diubah?", jawaban="bb")
    services.faq_hapus(faq=segar(a), by=bkd)
    assert urutan() == ["C?", "B diubah?"]
    with pytest.raises(ValidationError) as e:
        services.faq_tambah(instansi=dunia.buleleng, by=bkd, pertanyaan="", jawaban="")
    assert set(e.value.message_dict) == {"pertanyaan"}
    for nama in ("admin_opd", "staf"):
        with pytest.raises(ValidationError):
            services.faq_ubah(faq=segar(c), by=orang(dunia, nama), pertanyaan="x", jawaban="y")
    with scopes_disabled():
        aksi = list(Jejak.objects.filter(aksi__startswith="faq_").values_list("aksi", flat=True))
    assert sorted(aksi) == sorted(
        ["faq_tambah"] * 3 + ["faq_pindah"] * 2 + ["faq_ubah", "faq_hapus"]
    )


def test_contact_is_validated_and_audited(dunia):
    bkd = orang(dunia, "admin_bkd")
    with pytest.raises(ValidationError) as e:
        services.kontak_simpan(instansi=dunia.buleleng, by=bkd, telepon="12345", surel="x")
    assert e.value.message_dict["telepon"] == [rules.PESAN_TELEPON]
    assert "surel" in e.value.message_dict
    kontak = services.kontak_simpan(
        instansi=dunia.buleleng,
        by=bkd,
        telepon="0812-3456-7890",
        surel="bkpsdm@bulelengkab.go.id",
        jam_layanan="Senin–Jumat 08.00–15.30 WITA",
    )
    assert kontak.tautan_whatsapp == "https://wa.me/6281234567890"
    services.kontak_simpan(instansi=dunia.buleleng, by=bkd, telepon="(0362) 21234")
    with scopes_disabled():
        assert KontakBantuan.objects.count() == 1
        entri = Jejak.objects.filter(aksi="kontak_bantuan_ubah").order_by("id").last()
    assert entri.dari["telepon"] == "0812-3456-7890" and entri.ke["telepon"] == "(0362) 21234"
    with pytest.raises(ValidationError):
        services.kontak_simpan(instansi=dunia.buleleng, by=orang(dunia, "admin_opd"))
