"""Writes of the documents: print requests, rendering, signatures, scans, the OPD ZIP."""

import hashlib
import secrets
import zipfile
from datetime import date
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dokumen import pdf, tanda_tangan
from dokumen.models import CetakMassal, Dokumen
from inti.antrean import antrekan
from inti.format import format_tanggal
from inti.models import catat_jejak
from jadwal import rules as jadwal_rules
from jadwal.services import pastikan_boleh_cetak
from organisasi.izin import ADMIN, PEMILIK, peran_atas
from organisasi.selectors import atasan_pegawai, tanggal_cetak_unit, unit_dikelola
from penilaian.models import PeriodePenilaian
from penilaian.services import periksa_berkas_bukti, sidik_berkas


def _kode_dokumen() -> str:
    # 10 characters without look-alikes (0/O, 1/I/L): easy to type from paper.
    abjad = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(abjad) for _ in range(10))


def pastikan_jendela_cetak(*, periode, by):
    """Printing, signing and uploading the scan of a period's documents is the jadwal's
    CETAK step of that period, for the pegawai, the penilai and the admin OPD alike (a
    dispensasi for the pegawai or their unit reopens it). Admin BKD sets the jadwal and
    may always print. Downloading a document already made and the public verification
    stay open: they read, they do not print."""
    pastikan_boleh_cetak(
        langkah=jadwal_rules.CETAK,
        tahun=periode.tahun,
        kode=periode.kode,
        pegawai=periode.pegawai,
        by=by,
    )


def tanggal_cetak_periode(periode) -> date:
    """Default tanggal in the print dialog of a periode penilaian."""
    unit = periode.skp.unit_kerja or periode.pegawai.unit_kerja
    return tanggal_cetak_unit(unit, periode.mulai, periode.selesai)


@transaction.atomic
def dokumen_minta(*, periode, by, tanggal, lokasi, jenis=None) -> list[Dokumen]:
    """Queue the documents of a period for rendering (a Celery task renders each)."""
    from dokumen.tasks import render_dokumen

    pastikan_jendela_cetak(periode=periode, by=by)
    if not (lokasi or "").strip():
        raise ValidationError({"lokasi": "Isi lokasi penandatanganan, mis. Buleleng."})
    if tanggal is None:
        raise ValidationError({"tanggal": "Isi tanggal dokumen."})
    diminta = []
    for j in jenis or Dokumen.Jenis.values:
        dokumen = Dokumen.objects.select_for_update().filter(periode=periode, jenis=j).first()
        if dokumen is None:
            dokumen = Dokumen(
                instansi_id=periode.instansi_id, periode=periode, jenis=j, kode=_kode_dokumen()
            )
        dokumen.tanggal, dokumen.lokasi = tanggal, lokasi.strip()
        dokumen.status, dokumen.galat, dokumen.diminta_oleh = Dokumen.Status.ANTRE, "", by
        dokumen.save()
        diminta.append(dokumen)
        antrekan(render_dokumen, periode.instansi_id, dokumen.pk)
    catat_jejak(
        instansi_id=periode.instansi_id,
        oleh=by,
        aksi="dokumen_minta",
        objek=periode,
        ke={"tanggal": str(tanggal), "lokasi": lokasi},
    )
    return diminta


@transaction.atomic
def dokumen_render(*, dokumen) -> Dokumen:
    """Render one document to PDF (run by the Celery task). Rendering again after the data
    changed replaces the file; its signatures no longer apply and are cleared.

    Only the fields the render owns are written, and only if the request it rendered is
    still the latest (same date and place): a print request made while this one rendered
    keeps its values and its own queued render, instead of being overwritten by this
    render's full save()."""
    html = pdf.html_dokumen(dokumen)
    isi, posisi_ttd = pdf.pdf_dan_posisi_ttd(html)
    lama = dokumen.berkas.name if dokumen.berkas else ""
    dokumen.berkas.save(f"{dokumen.jenis}.pdf", ContentFile(isi), save=False)
    baru = dokumen.berkas.name
    ditulis = {
        "berkas": baru,
        "sha256": hashlib.sha256(isi).hexdigest(),
        "sidik_data": pdf.sidik(html),
        "status": Dokumen.Status.SIAP,
        "galat": "",
        "selesai_pada": timezone.now(),
        "ttd_pegawai_pada": None,
        "ttd_penilai_pada": None,
        "ttd_penilai": None,
        "posisi_ttd": posisi_ttd,
    }
    masih_terbaru = Dokumen.objects.filter(
        pk=dokumen.pk, tanggal=dokumen.tanggal, lokasi=dokumen.lokasi
    ).update(**ditulis)
    penyimpanan = dokumen.berkas.storage
    usang = lama if masih_terbaru else baru
    if usang and usang != (baru if masih_terbaru else lama):
        transaction.on_commit(lambda: penyimpanan.delete(usang))
    dokumen.refresh_from_db()
    return dokumen


@transaction.atomic
def dokumen_perbarui(*, dokumen) -> bool:
    """Queue a ready, unsigned document whose data changed for rendering again: a download
    asks for it, and rendering stays out of the request. A conditional UPDATE, so two
    downloads at once queue it once. True when it was queued."""
    from dokumen.tasks import render_dokumen

    antre = Dokumen.objects.filter(
        pk=dokumen.pk,
        status=Dokumen.Status.SIAP,
        ttd_pegawai_pada__isnull=True,
        ttd_penilai_pada__isnull=True,
    ).update(status=Dokumen.Status.ANTRE, galat="")
    if antre:
        antrekan(render_dokumen, dokumen.instansi_id, dokumen.pk)
    return bool(antre)


def _ganti_berkas(dokumen, isi: bytes):
    # A document is rendered from data that stays; its previous file (unsigned or outdated)
    # is not kept, unlike bukti dukung. It is deleted once the new one is committed: a
    # write that rolls back still points at a file that exists.
    lama = dokumen.berkas.name if dokumen.berkas else ""
    dokumen.berkas.save(f"{dokumen.jenis}.pdf", ContentFile(isi), save=False)
    if lama and lama != dokumen.berkas.name:
        penyimpanan = dokumen.berkas.storage
        transaction.on_commit(lambda: penyimpanan.delete(lama))


def dokumen_basi(dokumen, dasar: dict | None = None) -> bool:
    """True when the data behind a ready document changed since it was rendered.
    `dasar` (pdf.konteks_periode) lets the documents of one period share one read."""
    return dokumen.status == Dokumen.Status.SIAP and dokumen.sidik_data != pdf.sidik(
        pdf.html_dokumen(dokumen, dasar)
    )


def dokumen_bertanda(dokumen) -> bool:
    return bool(dokumen.ttd_pegawai_pada or dokumen.ttd_penilai_pada)


def _stempel(dokumen, by, kolom, waktu) -> tanda_tangan.Stempel | None:
    """The visible mark in the signer's box of the page: who, when (in the tenant's zone),
    and how to check it. None for a document rendered before the boxes were recorded: it
    is then signed as before, invisibly."""
    kotak = (dokumen.posisi_ttd or {}).get("pegawai" if kolom == "ttd_pegawai_pada" else "penilai")
    if not kotak:
        return None
    instansi = by.instansi
    setempat = timezone.localtime(waktu, instansi.zona)
    return tanda_tangan.Stempel(
        kotak=tuple(kotak),
        teks=(
            "Ditandatangani secara elektronik\n"
            f"{by.nama_lengkap}\nNIP {by.nip}\n"
            f"{format_tanggal(setempat.date())} {setempat:%H:%M} {instansi.singkatan_zona}\n"
            f"Kode verifikasi {dokumen.kode}\n"
            f"{pdf.tautan_verifikasi(dokumen.kode)}"
        ),
        tautan=pdf.tautan_verifikasi(dokumen.kode),
    )


@transaction.atomic
def dokumen_tandatangani(*, dokumen, by) -> Dokumen:
    """The pegawai or their penilai signs a rated period's document (PAdES)."""
    dokumen = (
        Dokumen.objects.select_for_update().select_related("periode__pegawai").get(pk=dokumen.pk)
    )
    periode = dokumen.periode
    if by.pk == periode.pegawai_id:
        peran, kolom = "Pegawai yang Dinilai", "ttd_pegawai_pada"
    elif atasan_pegawai(periode.pegawai) == by:
        peran, kolom = "Pejabat Penilai Kinerja", "ttd_penilai_pada"
    else:
        raise ValidationError(
            "Hanya pegawai yang dinilai dan pejabat penilainya yang menandatangani."
        )
    pastikan_jendela_cetak(periode=periode, by=by)
    if periode.status != PeriodePenilaian.Status.DINILAI:
        raise ValidationError("Dokumen ditandatangani setelah penilaian selesai (status Dinilai).")
    if dokumen.status != Dokumen.Status.SIAP:
        raise ValidationError("Dokumen belum selesai dibuat.")
    if getattr(dokumen, kolom):
        raise ValidationError("Anda sudah menandatangani dokumen ini.")
    if dokumen_basi(dokumen):
        raise ValidationError(
            "Data berubah sejak dokumen dibuat. Cetak ulang dulu, lalu tanda tangani."
        )
    with dokumen.berkas.open("rb") as f:
        isi = f.read()
    waktu = timezone.now()
    try:
        bertanda = tanda_tangan.tandatangani(
            isi,
            kode_instansi=by.instansi.kode,
            nama_field=peran.replace(" ", ""),
            penanda=f"{by.nama_lengkap} (NIP {by.nip})",
            alasan=f"{peran} – {dokumen.get_jenis_display()} {periode.label}",
            lokasi=dokumen.lokasi,
            stempel=_stempel(dokumen, by, kolom, waktu),
        )
    except tanda_tangan.SertifikatTidakAda as e:
        raise ValidationError(f"{e} Hubungi BKD.") from None
    _ganti_berkas(dokumen, bertanda)
    dokumen.sha256 = hashlib.sha256(bertanda).hexdigest()
    setattr(dokumen, kolom, waktu)
    if kolom == "ttd_penilai_pada":
        dokumen.ttd_penilai = by
    dokumen.save()
    catat_jejak(
        instansi_id=dokumen.instansi_id,
        oleh=by,
        aksi="dokumen_tanda_tangan",
        objek=periode,
        ke={"dokumen": dokumen.get_jenis_display(), "sebagai": peran, "sha256": dokumen.sha256},
    )
    return dokumen


@transaction.atomic
def dokumen_unggah_pindaian(*, dokumen, by, berkas) -> Dokumen:
    """Keep a hand-signed scan (PDF or image) with the document, as SIMPEG expects. The
    pegawai uploads it, or the admin of their OPD (the Operator OPD who collects the
    signed prints for SIMPEG, seed 000); who did is kept with it."""
    if peran_atas(by, dokumen.periode.pegawai) not in (PEMILIK, ADMIN):
        raise ValidationError(
            "Hanya pegawai yang dinilai atau admin OPD-nya yang mengunggah pindaian dokumen."
        )
    pastikan_jendela_cetak(periode=dokumen.periode, by=by)
    jenis, ekstensi = periksa_berkas_bukti(berkas)
    if not (jenis == "application/pdf" or jenis.startswith("image/")):
        raise ValidationError({"berkas": "Pindaian harus PDF atau gambar."})
    dokumen.pindaian_sha256 = sidik_berkas(berkas)
    dokumen.pindaian_ekstensi = ekstensi
    dokumen.pindaian.save(f"pindaian{ekstensi}", berkas, save=False)
    dokumen.pindaian_pada = timezone.now()
    dokumen.pindaian_oleh = by
    dokumen.save()
    catat_jejak(
        instansi_id=dokumen.instansi_id,
        oleh=by,
        aksi="dokumen_pindaian",
        objek=dokumen.periode,
        ke={"dokumen": dokumen.get_jenis_display(), "sha256": dokumen.pindaian_sha256},
    )
    return dokumen


@transaction.atomic
def cetak_massal_minta(*, opd, tahun, kode, by, jenis=CetakMassal.Jenis.DOKUMEN) -> CetakMassal:
    from dokumen.tasks import buat_cetak_massal

    if not unit_dikelola(by).filter(pk=opd.pk).exists():
        raise ValidationError("OPD ini bukan yang Anda kelola.")
    if jenis not in CetakMassal.Jenis.values:
        raise ValidationError("Jenis cetak massal tidak dikenal.")
    # The OPD's prints at once: the admin's own window of the period (a dispensasi for the
    # admin or their unit reopens it).
    pastikan_boleh_cetak(langkah=jadwal_rules.CETAK, tahun=tahun, kode=kode, pegawai=by, by=by)
    cetak = CetakMassal.objects.create(
        instansi_id=opd.instansi_id, opd=opd, tahun=tahun, kode=kode, oleh=by, jenis=jenis
    )
    antrekan(buat_cetak_massal, opd.instansi_id, cetak.pk)
    return cetak


def cetak_massal_buat(*, cetak) -> CetakMassal:
    """Render every document of the OPD's periods into one ZIP, counting progress."""
    periode = list(
        PeriodePenilaian.objects.filter(
            tahun=cetak.tahun, kode=cetak.kode, skp__unit_kerja__opd=cetak.opd
        ).select_related("pegawai__instansi", "skp__unit_kerja")
    )
    CetakMassal.objects.filter(pk=cetak.pk).update(jumlah=len(periode) * 3, selesai=0)
    simpeg = cetak.jenis == CetakMassal.Jenis.SIMPEG
    indeks = []
    arsip = BytesIO()
    with zipfile.ZipFile(arsip, "w", zipfile.ZIP_DEFLATED) as z:
        for i, p in enumerate(periode):
            for dokumen in _dokumen_siap(p, cetak.oleh):
                if simpeg:
                    nama, isi = _berkas_simpeg(dokumen, p)
                    z.writestr(nama, isi)
                    indeks.append(_baris_indeks(dokumen, p, nama))
                    continue
                with dokumen.berkas.open("rb") as f:
                    z.writestr(
                        f"{p.pegawai.nip}_{p.pegawai.nama[:40]}/{dokumen.jenis}.pdf", f.read()
                    )
            CetakMassal.objects.filter(pk=cetak.pk).update(selesai=(i + 1) * 3)
        if simpeg:
            z.writestr("indeks.xlsx", _indeks_simpeg(cetak, indeks))
    cetak.refresh_from_db()
    cetak.berkas.save(
        f"{cetak.opd_id}-{cetak.tahun}-{cetak.kode}-{cetak.pk}.zip",
        ContentFile(arsip.getvalue()),
        save=False,
    )
    cetak.status = CetakMassal.Status.SIAP
    cetak.save()
    return cetak


def _berkas_simpeg(dokumen, periode) -> tuple[str, bytes]:
    """The file SIMPEG receives for a document, named by NIP: the hand-signed scan where
    one was uploaded, else the PDF as issued (with its electronic signatures, if any)."""
    pindaian = bool(dokumen.pindaian)
    berkas = dokumen.pindaian if pindaian else dokumen.berkas
    ekstensi = dokumen.pindaian_ekstensi if pindaian else ".pdf"
    with berkas.open("rb") as f:
        return f"{periode.pegawai.nip}_{dokumen.jenis}_{dokumen.kode}{ekstensi}", f.read()


def _waktu_setempat(nilai, zona):
    # Excel has no time zones: the moment as the tenant's clock showed it.
    return timezone.localtime(nilai, zona).replace(tzinfo=None) if nilai else None


def _baris_indeks(dokumen, periode, nama_berkas) -> list:
    zona = periode.pegawai.instansi.zona
    tanda = [
        f"{siapa} {format_tanggal(_waktu_setempat(pada, zona).date())}"
        for siapa, pada in (
            ("Pegawai", dokumen.ttd_pegawai_pada),
            ("Penilai", dokumen.ttd_penilai_pada),
        )
        if pada
    ]
    return [
        periode.pegawai.nip,
        periode.pegawai.nama_lengkap,
        periode.skp.unit_kerja.nama if periode.skp.unit_kerja else "",
        dokumen.get_jenis_display(),
        dokumen.kode,
        "; ".join(tanda) or "Belum ditandatangani elektronik",
        "Pindaian bertanda tangan basah" if dokumen.pindaian else "PDF dari e-Kinerja",
        dokumen.pindaian_oleh.nama_lengkap if dokumen.pindaian_oleh else "",
        _waktu_setempat(dokumen.pindaian_pada, zona),
        nama_berkas,
    ]


def _indeks_simpeg(cetak, baris) -> bytes:
    from inti.ekspor import isi_xlsx

    return isi_xlsx(
        judul_lembar="Indeks SIMPEG",
        judul=f"Paket SIMPEG {cetak.opd.nama} {cetak.kode.upper()} {cetak.tahun}",
        kolom=[
            "NIP",
            "Nama",
            "Unit kerja",
            "Jenis dokumen",
            "Kode verifikasi",
            "Tanda tangan elektronik",
            "Isi berkas",
            "Pindaian diunggah oleh",
            "Pindaian diunggah pada",
            "Nama berkas",
        ],  # fmt: skip
        baris=baris,
        kolom_teks=(0,),
        lebar_kolom={0: 22, 1: 30, 2: 30, 3: 36, 5: 40, 6: 30, 7: 30, 8: 20, 9: 44},
    )


def _dokumen_siap(periode, by) -> list[Dokumen]:
    """The period's three documents, rendered now where missing or out of date."""
    ada = {
        d.jenis: d for d in Dokumen.objects.filter(periode=periode).select_related("pindaian_oleh")
    }
    hasil = []
    for jenis in Dokumen.Jenis.values:
        dokumen = ada.get(jenis) or Dokumen.objects.create(
            instansi_id=periode.instansi_id,
            periode=periode,
            jenis=jenis,
            kode=_kode_dokumen(),
            tanggal=tanggal_cetak_periode(periode),
            lokasi=periode.pegawai.instansi.lokasi_cetak,
            diminta_oleh=by,
        )
        # A signed document is never replaced behind the signers' backs: it goes into the
        # ZIP as signed; printing it again is the pegawai's or penilai's explicit act.
        if dokumen.status != Dokumen.Status.SIAP or (
            not dokumen_bertanda(dokumen) and dokumen_basi(dokumen)
        ):
            dokumen = dokumen_render(dokumen=dokumen)
        hasil.append(dokumen)
    return hasil
