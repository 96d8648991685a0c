"""The three documents of a period as HTML, then PDF with WeasyPrint.

The HTML is self-contained (the stylesheet inlined, the QR code a data: URI), so
WeasyPrint fetches nothing: no network on a closed government network, and nothing
from another tenant. The hash of the HTML is the document's `sidik_data`: when the data
behind a document changes, its HTML changes and the document is rendered again.
"""

import hashlib

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from dokumen.models import Dokumen
from inti.format import format_tanggal
from inti.pdf import css_dokumen, pdf_dari_html  # noqa: F401  (the document's renderer)
from organisasi.selectors import atasan_pegawai
from penilaian import rules, selectors
from penilaian.models import CapaianOrganisasi, PeriodePenilaian
from skp.models import RHK

TEMPLATE = {
    Dokumen.Jenis.SKP: "dokumen/pdf/skp.html",
    Dokumen.Jenis.EVALUASI: "dokumen/pdf/evaluasi.html",
    Dokumen.Jenis.DOKUMEN_EVALUASI: "dokumen/pdf/dokumen_evaluasi.html",
}


def tautan_verifikasi(kode: str) -> str:
    return settings.SITUS_URL + reverse("verifikasi", args=[kode])


def _identitas(pegawai, unit=None, jabatan=None):
    if pegawai is None:
        return None
    return {
        "nama": pegawai.nama_lengkap,
        "nip": pegawai.nip,
        "pangkat": pegawai.get_pangkat_golongan_display() or "-",
        "jabatan": jabatan or pegawai.jabatan or "-",
        "unit": (unit or pegawai.unit_kerja).nama if (unit or pegawai.unit_kerja) else "-",
    }


def konteks_periode(periode_id) -> dict:
    """What the three documents of a period share (read once for all of them)."""
    periode = PeriodePenilaian.objects.select_related(
        "skp__unit_kerja__opd", "pegawai__unit_kerja", "pegawai__instansi", "penilai__unit_kerja"
    ).get(pk=periode_id)
    skp = periode.skp
    penilai = periode.penilai or atasan_pegawai(periode.pegawai)
    atasan_penilai = atasan_pegawai(penilai) if penilai else None
    isi = selectors.isi_periode(periode)
    capaian = None
    if skp.unit_kerja_id and skp.unit_kerja.opd_id:
        # One capaian per OPD and year (it bounds the curve of every period of the year).
        capaian = CapaianOrganisasi.objects.filter(
            opd_id=skp.unit_kerja.opd_id, tahun=periode.tahun
        ).first()
    return {
        "periode": periode,
        "skp": skp,
        "instansi": periode.pegawai.instansi,
        "isi": isi,
        "rhk_utama": [b for b in isi.hasil_kerja if b.rhk.jenis == RHK.Jenis.UTAMA],
        "rhk_tambahan": [b for b in isi.hasil_kerja if b.rhk.jenis == RHK.Jenis.TAMBAHAN],
        "pegawai": _identitas(periode.pegawai, skp.unit_kerja, skp.jabatan),
        "penilai": _identitas(penilai),
        "atasan_penilai": _identitas(atasan_penilai),
        "capaian": rules.CAPAIAN_ORGANISASI.get(capaian.capaian) if capaian else "",
        "angka_kredit": angka_kredit_periode(periode),
        "css": css_dokumen(),
    }


def angka_kredit_periode(periode) -> dict | None:
    """The angka kredit block of a jabatan fungsional (None for other pegawai): jenjang and
    annual coefficient always; the percentage and the value once the annual (final)
    period has its predikat, since angka kredit is set from the annual predikat."""
    jenjang = periode.pegawai.jenjang
    if jenjang not in rules.KOEFISIEN_TAHUNAN:
        return None
    koefisien = rules.KOEFISIEN_TAHUNAN[jenjang]
    hasil = {"jenjang": periode.pegawai.get_jenjang_display(), "koefisien": koefisien}
    if periode.adalah_final and periode.predikat in rules.PERSEN_ANGKA_KREDIT:
        hasil["persen"] = rules.PERSEN_ANGKA_KREDIT[periode.predikat] * 100
        hasil["nilai"] = rules.angka_kredit(
            predikat_kinerja=periode.predikat, koefisien_tahunan=koefisien
        )
    return hasil


def konteks_dokumen(dokumen: Dokumen, dasar: dict | None = None) -> dict:
    dasar = dasar or konteks_periode(dokumen.periode_id)
    tautan = tautan_verifikasi(dokumen.kode)
    return {
        **dasar,
        "dokumen": dokumen,
        "judul": dokumen.get_jenis_display().upper(),
        "tanggal": format_tanggal(dokumen.tanggal),
        "tautan": tautan,
        "qr": segno.make(tautan, error="m").svg_data_uri(scale=3),
    }


def html_dokumen(dokumen: Dokumen, dasar: dict | None = None) -> str:
    return render_to_string(TEMPLATE[dokumen.jenis], konteks_dokumen(dokumen, dasar))


# CSS pixels (96 per inch) to PDF points (72 per inch).
_PT_PER_PX = 0.75


# The `.kotak-ttd` boxes of dokumen.css: 7.6 cm × 2.2 cm, in PDF points.
_KOTAK_TTD_PT = (7.6 / 2.54 * 72, 2.2 / 2.54 * 72)


def pdf_dan_posisi_ttd(html: str) -> tuple[bytes, dict]:
    """The PDF, and where its two signature boxes landed: {"pegawai": [page, x1, y1, x2,
    y2], "penilai": [...]} in PDF points from the page's bottom left, as pyHanko places a
    signature field. WeasyPrint gives the top left corner of each element with an id."""
    from weasyprint import HTML

    dokumen = HTML(string=html, base_url=None).render()
    lebar, tinggi = _KOTAK_TTD_PT
    posisi = {}
    for nomor, halaman in enumerate(dokumen.pages):
        for peran in ("pegawai", "penilai"):
            if (titik := halaman.anchors.get(f"ttd-{peran}")) is None:
                continue
            kiri, atas = titik[0] * _PT_PER_PX, (halaman.height - titik[1]) * _PT_PER_PX
            posisi[peran] = [nomor, *(round(v) for v in (kiri, atas - tinggi, kiri + lebar, atas))]
    return dokumen.write_pdf(), posisi


def sidik(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()
