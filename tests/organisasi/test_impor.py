"""Import from SI-ASN exports: the dry run, the confirmation, local corrections."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisasi import impor as impor_svc
from organisasi import services
from organisasi.models import Impor, Pegawai, UnitKerja
from tests.conftest import per_modul
from tests.organisasi.bantuan_impor import (
    KOLOM_PEGAWAI,
    KOLOM_UNIT,
    baris_pegawai,
    csv_bytes,
    terapkan,
    unggah,
    xlsx,
)

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

pytestmark = pytest.mark.usefixtures("celery_di_proses")


def test_pegawai_file_creates_after_confirmation_and_second_import_changes_nothing(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(
        KOLOM_PEGAWAI,
        [
            baris_pegawai(d),
            baris_pegawai(d, nip="198503152010012002", nama="Sri", JENIS_KELAMIN="P"),
        ],
    )
    impor = unggah(d.admin_bkd, "pegawai", isi)
    assert impor.status == Impor.Status.PRATINJAU, impor.pesan
    assert impor.jumlah == {"baru": 2, "ubah": 0, "konflik": 0, "sama": 0, "galat": 0}
    assert not Pegawai.objects.filter(nip="198503152010011001").exists()

    impor = terapkan(impor, d.admin_bkd)
    assert impor.status == Impor.Status.SELESAI
    budi = Pegawai.objects.get(nip="198503152010011001")
    assert (budi.unit_kerja, budi.pangkat_golongan, budi.jenis_jabatan) == (
        d.bidang,
        "III/b",
        "pelaksana",
    )
    assert not budi.has_usable_password()

    kedua = unggah(d.admin_bkd, "pegawai", isi)
    assert kedua.jumlah == {"baru": 0, "ubah": 0, "konflik": 0, "sama": 2, "galat": 0}


def test_local_correction_is_a_conflict_kept_unless_chosen(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)])
    terapkan(unggah(d.admin_bkd, "pegawai", isi), d.admin_bkd)
    budi = Pegawai.objects.get(nip="198503152010011001")
    services.pegawai_ubah_profil(pegawai=budi, by=budi, jabatan="Analis SDM Aparatur")

    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d, nama="Budi S")]))
    assert impor.jumlah["konflik"] == 1
    entri = impor.rencana["konflik"][0]
    assert [b["field"] for b in entri["perubahan"]] == ["nama"]
    assert entri["konflik"][0]["lama"] == "Analis SDM Aparatur"
    terapkan(impor, d.admin_bkd)
    budi.refresh_from_db()
    assert (budi.nama, budi.jabatan) == ("Budi S", "Analis SDM Aparatur")

    impor = unggah(d.admin_bkd, "pegawai", isi)
    terapkan(impor, d.admin_bkd, pilihan={"198503152010011001:jabatan": "berkas"})
    budi.refresh_from_db()
    assert budi.jabatan == "Analis Kepegawaian"
    assert "jabatan" not in budi.koreksi_lokal


def test_seksi_chosen_here_inside_the_siasn_unit_is_not_a_difference(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(KOLOM_PEGAWAI, [baris_pegawai(d, unit=d.bkpsdm.id_eksternal)])
    terapkan(unggah(d.admin_bkd, "pegawai", isi), d.admin_bkd)
    budi = Pegawai.objects.get(nip="198503152010011001")
    services.pegawai_ubah_profil(pegawai=budi, by=budi, unit_kerja=d.subbidang)
    assert unggah(d.admin_bkd, "pegawai", isi).jumlah["sama"] == 1


def test_bad_rows_are_listed_with_row_number_and_reason(dalam_buleleng):
    d = dalam_buleleng
    isi = csv_bytes(KOLOM_PEGAWAI, [
        baris_pegawai(d, nip="12345"),
        baris_pegawai(d, nip="198503152010011005", unit="tidak-ada"),
        baris_pegawai(d, nip="198503152010011001"),
        baris_pegawai(d, nip="198503152010011001", nama="Kembar"),
        baris_pegawai(d, nip=d.pegawai_lain.nip),
        baris_pegawai(d, nip="198503152010011003", TANGGAL_LAHIR="31-02-1985"),
    ])  # fmt: skip
    impor = unggah(d.admin_bkd, "pegawai", isi, nama="ekspor.csv")
    galat = {g["baris"]: " ".join(g["pesan"]) for g in impor.rencana["galat"]}
    assert "18 angka" in galat[2]
    assert "tidak dikenal" in galat[3]
    assert "sama dengan baris 4" in galat[5]
    assert "instansi lain" in galat[6]
    assert "Tanggal lahir" in galat[7]
    assert impor.jumlah["baru"] == 1


def test_admin_opd_imports_only_into_own_opd(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(KOLOM_PEGAWAI, [baris_pegawai(d), baris_pegawai(
        d, nip="198503152010011002", unit=d.dinkes.id_eksternal)])  # fmt: skip
    impor = unggah(d.admin_opd, "pegawai", isi)
    assert impor.jumlah["baru"] == 1
    assert "di luar OPD" in impor.rencana["galat"][0]["pesan"][0]


def test_unit_file_builds_the_tree_parents_first(dalam_buleleng):
    d = dalam_buleleng
    isi = xlsx(KOLOM_UNIT, [
        ["B2", "Seksi Baru", "42", "B1"],
        ["B1", "Bidang Baru", "32", d.bkpsdm.id_eksternal],
        ["X", "Yatim", "42", "tidak-ada"],
        [d.bidang.id_eksternal, "Bidang PKAP (baru)", "32", d.bkpsdm.id_eksternal],
    ])  # fmt: skip
    impor = unggah(d.admin_bkd, "unit_kerja", isi)
    assert (impor.jumlah["baru"], impor.jumlah["ubah"], impor.jumlah["galat"]) == (2, 1, 1)
    terapkan(impor, d.admin_bkd)
    seksi = UnitKerja.objects.get(id_eksternal="B2")
    assert seksi.parent.id_eksternal == "B1"
    assert seksi.path.startswith(d.bkpsdm.path)
    assert seksi.opd_id == d.bkpsdm.pk
    assert UnitKerja.objects.get(pk=d.bidang.pk).nama == "Bidang PKAP (baru)"


def test_file_without_required_columns_is_refused(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "pegawai", xlsx(["NAMA", "X"], [["a", "b"]]))
    assert impor.status == Impor.Status.DITOLAK
    assert "NIP" in impor.pesan and "UNOR_ID" in impor.pesan


@pytest.mark.parametrize(
    "isi,nama",
    [(b"", "a.csv"), (b"\xff\xfe\x00N\x00I", "a.csv"), (b"PK\x03\x04rusak", "a.xlsx"),
     (b"bukan excel", "a.xlsx")],
)  # fmt: skip
def test_unreadable_files_are_refused_with_a_reason(dalam_buleleng, isi, nama):
    impor = unggah(dalam_buleleng.admin_bkd, "pegawai", isi, nama=nama)
    assert impor.status == Impor.Status.DITOLAK
    assert impor.pesan


def test_admin_uploads_previews_and_confirms_through_the_pages(
    client, dalam_buleleng, django_capture_on_commit_callbacks
):
    d = dalam_buleleng
    client.force_login(d.admin_bkd)
    berkas = SimpleUploadedFile("siasn.xlsx", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kelola/impor/", {"jenis": "pegawai", "berkas": berkas})
    assert response.status_code == 302
    impor = Impor.objects.get()
    halaman = client.get(response["Location"])
    assert halaman.status_code == 200
    assert "Budi Santoso" in halaman.content.decode()
    assert "akan dibuat" in halaman.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/kelola/impor/{impor.pk}/konfirmasi/")
    impor.refresh_from_db()
    assert impor.status == Impor.Status.SELESAI
    assert Pegawai.objects.filter(nip="198503152010011001").exists()


def test_another_opd_or_instansi_admin_gets_404(client, dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_opd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))
    for orang in (d.admin_dinkes, d.admin_lain, d.staf):
        client.force_login(orang)
        assert client.get(f"/kelola/impor/{impor.pk}/").status_code == 404
        response = client.post(f"/kelola/impor/{impor.pk}/konfirmasi/")
        assert response.status_code == 404
    impor.refresh_from_db()
    assert impor.status == Impor.Status.PRATINJAU


def test_a_pimpinan_moved_by_import_releases_the_unit_with_an_audit_entry(dalam_buleleng):
    from inti.models import Jejak

    d = dalam_buleleng
    baris = baris_pegawai(d, nip=d.kabid.nip, nama=d.kabid.nama, unit=d.dinkes.id_eksternal,
                          TANGGAL_LAHIR="")  # fmt: skip
    impor = terapkan(unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris])), d.admin_bkd)
    assert impor.status == Impor.Status.SELESAI, impor.pesan
    d.bidang.refresh_from_db()
    assert d.bidang.pimpinan_id is None
    assert Jejak.objects.filter(
        aksi="pimpinan_lepas_karena_pindah_unit", objek_id=d.bidang.pk
    ).exists()


def test_only_bkd_sets_the_column_names(dalam_buleleng):
    from django.core.exceptions import ValidationError

    d = dalam_buleleng
    with pytest.raises(ValidationError):
        impor_svc.kolom_simpan(instansi=d.buleleng, jenis="pegawai", kolom={"nip": "X"},
                               by=d.admin_opd)  # fmt: skip


def test_an_spmt_or_tmt_jabatan_ahead_is_accepted_a_future_birth_date_is_not(dalam_buleleng):
    from datetime import timedelta

    d = dalam_buleleng
    depan = (d.buleleng.hari_ini() + timedelta(days=30)).strftime("%d-%m-%Y")
    kolom = [*KOLOM_PEGAWAI, "TMT_JABATAN"]
    isi = xlsx(kolom, [
        baris_pegawai(d) + [depan],
        baris_pegawai(d, nip="198503152010011002", TMT_CPNS=depan) + [""],
    ])  # fmt: skip
    impor = unggah(d.admin_bkd, "pegawai", isi)
    assert impor.jumlah["baru"] == 1
    assert impor.rencana["galat"][0]["baris"] == 3
    assert "TMT CPNS" in impor.rencana["galat"][0]["pesan"][0]


def test_a_correction_siasn_now_agrees_with_is_released(dalam_buleleng):
    d = dalam_buleleng
    terapkan(unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)])), d.admin_bkd)
    budi = Pegawai.objects.get(nip="198503152010011001")
    services.pegawai_ubah_profil(pegawai=budi, by=budi, jabatan="Analis SDM Aparatur")
    sama = [baris_pegawai(d, JABATAN_NAMA="Analis SDM Aparatur")]
    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, sama))
    assert impor.jumlah["sama"] == 1 and impor.rencana["lepas_koreksi"] == {budi.nip: ["jabatan"]}
    terapkan(impor, d.admin_bkd)
    budi.refresh_from_db()
    assert "jabatan" not in budi.koreksi_lokal
    # SI-ASN's next change is applied, not held back as a conflict.
    baru = [baris_pegawai(d, JABATAN_NAMA="Analis Kebijakan")]
    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, baru))
    assert (impor.jumlah["ubah"], impor.jumlah["konflik"]) == (1, 0)


def test_columns_renamed_between_dry_run_and_confirmation_refuse_the_file(dalam_buleleng):
    d = dalam_buleleng
    impor = unggah(d.admin_bkd, "pegawai", xlsx(KOLOM_PEGAWAI, [baris_pegawai(d)]))
    impor_svc.kolom_simpan(instansi=d.buleleng, jenis="pegawai", kolom={"nip": "NIP_LAIN"},
                           by=d.admin_bkd)  # fmt: skip
    impor = terapkan(impor, d.admin_bkd)
    assert impor.status == Impor.Status.DITOLAK and "NIP_LAIN" in impor.pesan
    assert not Pegawai.objects.filter(nip="198503152010011001").exists()
