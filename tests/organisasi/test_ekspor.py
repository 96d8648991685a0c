"""Excel exports: Indonesian headers, typed cells, only what the admin manages."""

import io
from datetime import date

from openpyxl import load_workbook

from organisasi import services
from tests.conftest import per_modul
from tests.factories import PegawaiFactory

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")


def buka(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def test_pegawai_export_has_typed_dates_and_only_the_admins_opd(client, dalam_buleleng):
    d = dalam_buleleng
    PegawaiFactory(instansi=d.buleleng, unit_kerja=d.dinkes, nama="Perawat Dinkes")
    services.pegawai_ubah_profil(pegawai=d.staf, by=d.staf, jabatan="Analis SDM")
    d.staf.__class__.objects.filter(pk=d.staf.pk).update(tanggal_lahir=date(1985, 3, 15))
    client.force_login(d.admin_opd)
    lembar = buka(client.get("/kelola/pegawai/?format=xlsx"))
    kepala = [c.value for c in lembar[3]]
    assert kepala[:3] == ["NIP", "Nama", "Gelar depan"]
    nama = [r[1] for r in lembar.iter_rows(min_row=4, values_only=True)]
    assert "Staf PKAP" in nama and "Perawat Dinkes" not in nama
    staf = next(r for r in lembar.iter_rows(min_row=4) if r[1].value == "Staf PKAP")
    assert staf[4].is_date and staf[4].value.date() == date(1985, 3, 15)
    assert staf[kepala.index("Dikoreksi di e-Kinerja")].value == "jabatan"


def test_unit_export_lists_the_tree_with_siasn_ids(client, dalam_buleleng):
    d = dalam_buleleng
    client.force_login(d.admin_bkd)
    lembar = buka(client.get("/kelola/unit/?format=xlsx"))
    baris = {r[0]: r for r in lembar.iter_rows(min_row=4, values_only=True)}
    bidang = baris[d.bidang.id_eksternal]
    assert bidang[1] == "Bidang PKAP"
    assert bidang[3] == d.bkpsdm.id_eksternal
    assert bidang[5] == "BKPSDM"
    assert bidang[7] == 5  # hari kerja, a number
    assert bidang[9] == "Kabid PKAP"


def test_other_instansi_admin_exports_none_of_ours(client, dalam_buleleng):
    d = dalam_buleleng
    client.force_login(d.admin_lain)
    lembar = buka(client.get("/kelola/pegawai/?format=xlsx"))
    nama = [r[1] for r in lembar.iter_rows(min_row=4, values_only=True)]
    assert "Staf PKAP" not in nama and "Pegawai Lain" in nama


def test_pegawai_export_costs_the_same_queries_for_many_rows(
    client, dalam_buleleng, django_assert_num_queries
):
    d = dalam_buleleng
    client.force_login(d.admin_bkd)
    client.get("/kelola/pegawai/?format=xlsx")
    for _ in range(30):
        PegawaiFactory(instansi=d.buleleng, unit_kerja=d.subbidang)
    # session, user, the pegawai with unit and OPD (one chunk), notification badge is not
    # rendered for a download.
    with django_assert_num_queries(3):
        client.get("/kelola/pegawai/?format=xlsx")


def test_text_that_looks_like_a_formula_is_exported_as_text(client, dalam_buleleng):
    d = dalam_buleleng
    services.pegawai_ubah_profil(
        pegawai=d.staf, by=d.staf, jabatan='=HYPERLINK("http://contoh.invalid","klik")'
    )
    client.force_login(d.admin_bkd)
    lembar = buka(client.get("/kelola/pegawai/?format=xlsx"))
    kepala = [c.value for c in lembar[3]]
    staf = next(r for r in lembar.iter_rows(min_row=4) if r[1].value == "Staf PKAP")
    sel = staf[kepala.index("Jabatan")]
    assert sel.data_type == "s" and sel.value.startswith("=HYPERLINK")
