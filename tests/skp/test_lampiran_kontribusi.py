"""Manual indikator kinerja and strategi pencapaian hasil kerja (PermenPANRB 6/2022, Tahapan
Penyusunan SKP c and d, seed 003): written with the lampiran of the SKP, shown on its page
and print, and kept in the approved-version history.

"Kontribusi pada tim/organisasi" is not here: seed 003 puts it in the penilaian ("capaian
kinerja pegawai yaitu hasil kerja individu, perilaku kerja, kontribusi pada
tim/organisasi"), not in the SKP.
"""

from django.urls import reverse

from penilaian import rules as penilaian_rules
from penilaian import services as penilaian_services
from skp import services
from skp.models import VersiSKP
from tests.bantuan import masuk, segar, teks
from tests.penilaian.test_dokumen import SKP as JENIS_SKP
from tests.penilaian.test_dokumen import cetak as cetak  # noqa: F401  (fixture)
from tests.penilaian.test_dokumen import folder_sertifikat as folder_sertifikat  # noqa: F401
from tests.penilaian.test_dokumen import isi_berkas, teks_pdf
from tests.penilaian.test_dokumen import minta_dokumen as minta_dokumen  # noqa: F401
from tests.skp.conftest import tambah_rhk

MANUAL = "Kualitas laporan: diukur dari catatan revisi pimpinan; sumber: disposisi."
STRATEGI = "Menyusun jadwal penyusunan laporan bulanan bersama subbagian program."


def _isi_lampiran(skp, by):
    return services.skp_ubah(
        skp=skp,
        by=by,
        manual_indikator=MANUAL,
        strategi_pencapaian=STRATEGI,
        dukungan_sumber_daya="Aplikasi e-Kinerja",
    )


def test_lampiran_form_saves_manual_indikator_and_strategi(client, skp_staf, dalam_buleleng):
    masuk(client, dalam_buleleng.staf)
    url = reverse("skp_lampiran", args=[skp_staf.pk])
    halaman = teks(client.get(url))
    assert 'name="manual_indikator"' in halaman and 'name="strategi_pencapaian"' in halaman

    jawaban = client.post(
        url,
        {
            "pendekatan": "kuantitatif",
            "manual_indikator": MANUAL,
            "strategi_pencapaian": STRATEGI,
            "dukungan_sumber_daya": "Aplikasi e-Kinerja",
            "skema_pertanggungjawaban": "",
            "konsekuensi": "",
        },
    )

    assert jawaban.status_code == 302
    skp = segar(skp_staf)
    assert (skp.manual_indikator, skp.strategi_pencapaian) == (MANUAL, STRATEGI)


def test_manual_indikator_and_strategi_shown_on_detail_and_print(client, skp_staf, dalam_buleleng):
    _isi_lampiran(skp_staf, segar(dalam_buleleng.staf))
    masuk(client, dalam_buleleng.staf)

    detail = teks(client.get(reverse("skp_detail", args=[skp_staf.pk])))
    cetak = teks(client.get(reverse("skp_cetak", args=[skp_staf.pk])))
    for halaman in (detail, cetak):
        assert "Manual indikator kinerja" in halaman and MANUAL in halaman
        assert "Strategi pencapaian hasil kerja" in halaman and STRATEGI in halaman


def test_penilai_sees_them_on_the_submitted_skp(client, skp_staf_diajukan, dalam_buleleng):
    skp = skp_staf_diajukan
    # Written while the SKP was a draft; the penilai reads them before approving.
    masuk(client, dalam_buleleng.kabid)
    assert "Manual indikator kinerja" in teks(client.get(reverse("skp_detail", args=[skp.pk])))


def test_amendment_keeps_them_in_the_approved_version(skp_staf_disetujui, dalam_buleleng):
    staf, kabid = segar(dalam_buleleng.staf), segar(dalam_buleleng.kabid)
    skp = services.skp_perubahan(skp=skp_staf_disetujui, by=staf)
    _isi_lampiran(skp, staf)
    services.skp_ajukan(skp=segar(skp), by=staf)
    services.skp_setujui(skp=segar(skp), by=kabid)
    skp = services.skp_perubahan(skp=segar(skp), by=staf)
    services.skp_ubah(skp=skp, by=staf, manual_indikator="Versi baru")

    versi = {v.versi: v.isi["lampiran"] for v in VersiSKP.objects.filter(skp=skp)}
    assert versi[1]["manual_indikator"] == "" and versi[1]["strategi_pencapaian"] == ""
    assert versi[2]["manual_indikator"] == MANUAL
    assert versi[2]["strategi_pencapaian"] == STRATEGI
    assert segar(skp).manual_indikator == "Versi baru"


def test_skp_pdf_prints_manual_indikator_and_strategi(
    rantai,
    skp_staf,
    dalam_buleleng,
    minta_dokumen,  # noqa: F811
):
    staf, kabid = segar(dalam_buleleng.staf), segar(dalam_buleleng.kabid)
    _isi_lampiran(skp_staf, staf)
    tambah_rhk(skp_staf, staf, "Terverifikasinya usul penilaian", intervensi=[rantai.rhk_kabid])
    services.skp_ajukan(skp=segar(skp_staf), by=staf)
    skp = services.skp_setujui(skp=segar(skp_staf), by=kabid)
    periode = penilaian_services.periode_tambah(skp=skp, kode=penilaian_rules.FINAL, by=staf)

    dokumen = minta_dokumen(periode, staf, jenis=[JENIS_SKP])[JENIS_SKP]

    isi = " ".join(teks_pdf(isi_berkas(dokumen)).split())
    assert "Manual indikator kinerja" in isi and MANUAL in isi
    assert "Strategi pencapaian hasil kerja" in isi and STRATEGI in isi
