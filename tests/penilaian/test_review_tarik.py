"""The Tim Penilai Kinerja re-checks predikat, especially Sangat Baik (seeds 000/001,
issue 20): BKD can also pull any other rated period into review, by OPD, by predikat or
by a random sample, and approve or return it like a Sangat Baik; every pull is audited
and both sides are told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from inti.models import Jejak
from organisasi.models import Notifikasi
from penilaian import rules, services
from penilaian.models import PeriodePenilaian
from tests.bantuan import masuk, pesan, segar, teks


@pytest.fixture
def tw1_baik(tw1_siap_dinilai, orang):
    return services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.SESUAI,
        rating_perilaku_kerja=rules.SESUAI,
    )


def tarik(orang, **ubah):
    data = {"by": orang.admin_bkd, "tahun": 2025, "kode": "tw1", "catatan": "Sampel TW I"}
    return services.review_tarik(**{**data, **ubah})


def test_bkd_pulls_a_baik_into_review_and_both_sides_are_told(tw1_baik, orang, dalam_buleleng):
    (ditarik,) = tarik(orang, predikat=rules.BAIK, opd=dalam_buleleng.bkpsdm)
    periode = segar(ditarik)
    assert (periode.status, periode.predikat, periode.alasan_review) == (
        PeriodePenilaian.Status.MENUNGGU_REVIEW,
        rules.BAIK,
        "Sampel TW I",
    )
    assert Jejak.objects.filter(aksi="periode_tarik_review", objek_id=periode.pk).count() == 1
    with scopes_disabled():
        kabar = dict(
            Notifikasi.objects.filter(jenis=Notifikasi.Jenis.REVIEW).values_list(
                "penerima_id", "judul"
            )
        )
    assert kabar == {
        orang.staf.pk: "Predikat Triwulan I 2025 Anda ditinjau ulang Tim Penilai Kinerja",
        orang.kabid.pk: "Penilaian Triwulan I 2025 yang Anda berikan ditinjau ulang Tim "
        "Penilai Kinerja",
    }
    # Approved like a Sangat Baik: rated again, the predikat kept, the reason cleared.
    disetujui = services.review_setujui(periode=periode, by=orang.admin_bkd)
    assert (disetujui.status, disetujui.predikat) == ("dinilai", rules.BAIK)
    assert segar(disetujui).alasan_review == ""


def test_a_pulled_period_returned_is_rated_again_by_the_penilai(tw1_baik, orang):
    (periode,) = tarik(orang)
    services.review_kembalikan(periode=segar(periode), by=orang.admin_bkd, catatan="Cek bukti.")
    periode = segar(periode)
    assert (periode.status, periode.predikat) == ("diajukan", "")
    ulang = services.periode_nilai(
        periode=periode,
        by=orang.kabid,
        rating_hasil_kerja=rules.DIBAWAH,
        rating_perilaku_kerja=rules.SESUAI,
    )
    assert (ulang.status, ulang.predikat) == ("dinilai", rules.BUTUH_PERBAIKAN)


@pytest.mark.parametrize(
    ("ubah", "field"),
    [
        ({"catatan": " "}, "catatan"),
        ({"predikat": "luar_biasa"}, "predikat"),
        ({"persen_sampel": 0}, "persen_sampel"),
    ],
)
def test_a_pull_without_reason_or_with_bad_choices_is_refused_beside_the_field(
    tw1_baik, orang, ubah, field
):
    with pytest.raises(ValidationError) as galat:
        tarik(orang, **ubah)
    assert field in galat.value.message_dict
    assert segar(tw1_baik).status == "dinilai"


def test_only_bkd_pulls_and_nothing_matching_says_so(tw1_baik, orang):
    with pytest.raises(ValidationError, match="Hanya Tim Penilai Kinerja"):
        tarik(orang, by=orang.admin_opd)
    with pytest.raises(ValidationError, match="Tidak ada periode"):
        tarik(orang, predikat=rules.KURANG)


def test_a_sample_takes_that_share_at_random(tw1_baik, orang):
    assert len(tarik(orang, persen_sampel=1)) == 1  # at least one of what matches


def test_review_page_pulls_with_the_form(client, tw1_baik, orang):
    masuk(client, orang.admin_bkd)
    data = {"kode": "tw1", "opd": "", "predikat": "baik", "persen_sampel": "100"}
    response = client.post(f"{reverse('review_antrean')}?tahun=2025", {**data, "catatan": ""})
    assert "Bidang ini tidak boleh kosong." in teks(response)
    assert segar(tw1_baik).status == "dinilai"
    response = client.post(
        f"{reverse('review_antrean')}?tahun=2025", {**data, "catatan": "Sampel"}, follow=True
    )
    assert "1 periode ditarik ke review." in pesan(response)
    assert "Ditarik ke review: Sampel" in teks(response)
    masuk(client, orang.admin_opd)
    assert client.get(reverse("review_antrean")).status_code == 404
