"""Digital signatures (PAdES) of the documents: the one place that knows pyHanko, so the
library can be swapped without touching the rest.

Each instansi signs with its own certificate, configured as two PEM files in
TANDA_TANGAN_DIR: <kode>.key.pem and <kode>.cert.pem (e.g. from BSrE or the instansi's
CA). The person who signs (pegawai or penilai) is named in the signature's metadata.
The demo and the tests create a self-signed pair with `buat_sertifikat_sendiri`.
"""

import datetime
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings


class SertifikatTidakAda(Exception):
    pass


def _berkas(kode_instansi: str) -> tuple[Path, Path]:
    folder = Path(settings.TANDA_TANGAN_DIR)
    return folder / f"{kode_instansi}.key.pem", folder / f"{kode_instansi}.cert.pem"


def sertifikat_tersedia(kode_instansi: str) -> bool:
    kunci, sertifikat = _berkas(kode_instansi)
    return kunci.exists() and sertifikat.exists()


def buat_sertifikat_sendiri(kode_instansi: str, nama_instansi: str) -> Path:
    """A self-signed certificate for the demo and the tests (not for production)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    kunci_path, sertifikat_path = _berkas(kode_instansi)
    kunci_path.parent.mkdir(parents=True, exist_ok=True)
    kunci = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    nama = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"e-Kinerja {nama_instansi} (uji)"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, nama_instansi),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        ]
    )
    sekarang = datetime.datetime.now(datetime.UTC)
    sertifikat = (
        x509.CertificateBuilder()
        .subject_name(nama)
        .issuer_name(nama)
        .public_key(kunci.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(sekarang - datetime.timedelta(days=1))
        .not_valid_after(sekarang + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(kunci, hashes.SHA256())
    )
    kunci_path.write_bytes(
        kunci.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    kunci_path.chmod(0o600)
    sertifikat_path.write_bytes(sertifikat.public_bytes(serialization.Encoding.PEM))
    return sertifikat_path


@dataclass
class Stempel:
    """The visible mark of a signature, drawn in a box of the page: a QR code of the
    verification URL beside a few lines of text. `kotak` is (page, x1, y1, x2, y2) in PDF
    points from the page's bottom left."""

    kotak: tuple[int, float, float, float, float]
    teks: str
    tautan: str


def tandatangani(
    pdf: bytes,
    *,
    kode_instansi: str,
    nama_field: str,
    penanda: str,
    alasan: str,
    lokasi: str,
    stempel: Stempel | None = None,
) -> bytes:
    """The PDF with one more PAdES signature (an incremental update; earlier ones stay).
    With a `stempel` the signature is visible on the page; without one it is only in the
    file's signature panel."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import text
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    kunci, sertifikat = _berkas(kode_instansi)
    if not (kunci.exists() and sertifikat.exists()):
        raise SertifikatTidakAda(
            f"Sertifikat tanda tangan instansi belum dipasang ({sertifikat.name})."
        )
    signer = signers.SimpleSigner.load(str(kunci), str(sertifikat))
    meta = signers.PdfSignatureMetadata(
        field_name=nama_field,
        subfilter=fields.SigSeedSubFilter.PADES,
        name=penanda,
        reason=alasan,
        location=lokasi,
    )
    if stempel is None:
        hasil = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta, signer=signer)
        return hasil.getvalue()
    halaman, *kotak = stempel.kotak
    penanda_pdf = signers.PdfSigner(
        meta,
        signer=signer,
        # The text is ours ("%%" escapes pyHanko's own %(…)s placeholders).
        stamp_style=stamp.QRStampStyle(
            stamp_text=stempel.teks.replace("%", "%%"),
            border_width=1,
            text_box_style=text.TextBoxStyle(font_size=6),
            innsep=2,
        ),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=nama_field, on_page=halaman, box=tuple(round(v) for v in kotak)
        ),
    )
    hasil = penanda_pdf.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(pdf)),
        appearance_text_params={"url": stempel.tautan},
    )
    return hasil.getvalue()


@dataclass
class HasilValidasi:
    field: str
    utuh: bool  # the signed bytes were not changed
    sah: bool  # the signature is cryptographically valid and the certificate trusted
    waktu: datetime.datetime | None


def validasi(pdf: bytes, *, kode_instansi: str) -> list[HasilValidasi]:
    """Every signature in the PDF checked against the instansi's certificate."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, sertifikat = _berkas(kode_instansi)
    konteks = ValidationContext(trust_roots=[load_cert_from_pemder(str(sertifikat))])
    hasil = []
    for tanda in PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures:
        status = validate_pdf_signature(tanda, konteks)
        hasil.append(
            HasilValidasi(
                field=tanda.field_name,
                utuh=status.intact,
                sah=status.bottom_line,
                waktu=status.signer_reported_dt,
            )
        )
    return hasil
