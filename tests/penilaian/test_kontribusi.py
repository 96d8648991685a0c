"""'Kontribusi pada tim/organisasi' (PermenPANRB 6/2022): with hasil kerja and perilaku
kerja, part of the capaian the penilai sets when rating (seed 003, Tahapan Penilaian b),
so it is written with the rating, shown on the period and on the printed evaluation."""

from django.template.loader import render_to_string
from django.urls import reverse

from penilaian import rules, services
from tests.bantuan import masuk, segar, teks

KONTRIBUSI = "Menjadi narasumber bimtek e-Kinerja bagi OPD lain."


def test_the_penilai_writes_it_with_the_rating_and_everyone_reads_it(
    client, tw1_siap_dinilai, orang
):
    masuk(client, orang.kabid)
    url = reverse("periode_nilai", args=[tw1_siap_dinilai.pk])
    data = {"rating_hasil_kerja": "sesuai", "rating_perilaku_kerja": "sesuai"}
    # A refused rating keeps what was typed.
    halaman = teks(client.post(url, {"rating_hasil_kerja": "", "kontribusi": KONTRIBUSI}))
    assert KONTRIBUSI in halaman and segar(tw1_siap_dinilai).kontribusi == ""
    client.post(url, {**data, "kontribusi": KONTRIBUSI})
    periode = segar(tw1_siap_dinilai)
    assert (periode.predikat, periode.kontribusi) == (rules.BAIK, KONTRIBUSI)
    masuk(client, orang.staf)
    assert KONTRIBUSI in teks(client.get(reverse("periode_detail", args=[periode.pk])))


def test_it_is_optional_and_printed_on_the_evaluation(tw1_siap_dinilai, orang):
    periode = services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja=rules.SESUAI,
        rating_perilaku_kerja=rules.SESUAI,
    )
    assert periode.kontribusi == ""
    periode.kontribusi = KONTRIBUSI
    html = render_to_string("dokumen/pdf/dokumen_evaluasi.html", {"periode": periode})
    assert "Kontribusi pada tim/organisasi" in html and KONTRIBUSI in html
