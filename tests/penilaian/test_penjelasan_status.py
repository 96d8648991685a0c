"""Issue 18: "SKP belum disetujui" says which case it is (a bawahan without any SKP is not
shown as one whose SKP waits to be approved), and one error per upload problem."""

import pytest
from django.urls import reverse

from penilaian.selectors import BarisPenilaian
from skp.models import SKP
from tests.bantuan import masuk, teks
from tests.skp.conftest import TAHUN


@pytest.mark.parametrize(
    ("status", "kata"),
    [
        (None, "belum menyusun SKP"),
        (SKP.Status.DRAFT, "masih draf"),
        (SKP.Status.REVISI, "dikembalikan untuk diperbaiki"),
        (SKP.Status.DIAJUKAN, "menunggu persetujuan"),
    ],
)
def test_each_case_of_an_unapproved_skp_is_named(status, kata):
    baris = BarisPenilaian(pegawai=None, skp=SKP(status=status) if status else None, periode=None)
    assert baris.status == "belum_skp" and baris.label == "SKP belum disetujui"
    assert kata in baris.penjelasan


def test_a_bawahan_without_skp_is_not_told_to_be_approved(client, dunia):
    masuk(client, dunia.kabid)
    halaman = teks(client.get(reverse("penilaian_bawahan") + f"?tahun={TAHUN}&periode=tw1"))
    assert "belum menyusun SKP tahun ini" in halaman
    assert "setujui SKP-nya dulu" not in halaman


def test_an_empty_upload_gets_one_error_not_two():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from penilaian.forms import BuktiForm

    form = BuktiForm({}, {"berkas": SimpleUploadedFile("kosong.pdf", b"")})
    assert not form.is_valid()
    assert list(form.errors) == ["berkas"] and len(form.errors["berkas"]) == 1
    assert not BuktiForm({}, {}).is_valid()  # nothing at all: the one form-level message
    assert BuktiForm({}, {}).errors["__all__"] == ["Unggah satu berkas atau isi satu tautan."]
