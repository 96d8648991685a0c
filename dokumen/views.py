"""Pages of the documents: the print dialog of a period, downloads, signing, scans, the
public verification page and the OPD ZIP."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dokumen import pdf, services
from dokumen.forms import CetakForm, CetakMassalForm, PindaianForm, VerifikasiForm
from dokumen.models import CetakMassal, Dokumen
from inti import pembatas
from inti.aksi import galat_ke_form, jalankan
from inti.tenancy import scopes_disabled
from organisasi.access import wajib_admin, wajib_pegawai
from organisasi.selectors import unit_dikelola
from penilaian.access import get_periode_and_role
from penilaian.parameter import konteks_periode
from penilaian.services import sidik_berkas


def _get_dokumen(request, pk) -> Dokumen:
    dokumen = Dokumen.objects.filter(pk=pk).first()
    if dokumen is None:
        raise Http404
    get_periode_and_role(request, dokumen.periode_id)  # 404 unless they may see the period
    return dokumen


@wajib_pegawai
def dokumen_periode(request, pk):
    """Print dialog (tanggal and lokasi), the three documents, signatures and scans."""
    periode, peran = get_periode_and_role(request, pk)
    form = CetakForm(
        request.POST or None,
        initial={
            "tanggal": services.tanggal_cetak_periode(periode),
            "lokasi": request.user.instansi.lokasi_cetak,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dokumen_minta(periode=periode, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Dokumen masuk antrean dan akan diproses.")
            return redirect("dokumen_periode", pk=periode.pk)
    urutan = {jenis: i for i, jenis in enumerate(Dokumen.Jenis.values)}
    daftar = sorted(
        Dokumen.objects.filter(periode=periode).select_related("ttd_penilai", "pindaian_oleh"),
        key=lambda d: urutan[d.jenis],
    )
    # The staleness check renders each ready document's HTML from one shared read of the
    # period; the htmx poll while rendering skips it.
    polling = request.htmx and request.GET.get("bagian") == "daftar"
    siap = [d for d in daftar if d.status == Dokumen.Status.SIAP]
    dasar = pdf.konteks_periode(periode.pk) if siap and not polling else None
    for d in daftar:
        d.basi = bool(dasar) and services.dokumen_basi(d, dasar)
    konteks = {
        "periode": periode,
        "peran": peran,
        "form": form,
        "daftar": daftar,
        "sedang_dibuat": any(d.status == Dokumen.Status.ANTRE for d in daftar),
        "form_pindaian": PindaianForm(),
    }
    if request.htmx and request.GET.get("bagian") == "daftar":
        return render(request, "dokumen/_dokumen_daftar.html", konteks)
    return render(request, "dokumen/dokumen.html", konteks)


@wajib_pegawai
def dokumen_unduh(request, pk):
    """Serve the stored file. An unsigned document whose data changed is not handed out
    old: it is queued for rendering (never rendered inside the request) and the page polls
    until it is ready. A signed one is served as signed (the page says its data changed)."""
    dokumen = _get_dokumen(request, pk)
    pindaian = bool(request.GET.get("pindaian"))
    if not pindaian and (
        dokumen.status == Dokumen.Status.ANTRE
        or (not services.dokumen_bertanda(dokumen) and services.dokumen_basi(dokumen))
    ):
        services.dokumen_perbarui(dokumen=dokumen)
        messages.info(
            request, "Dokumen sedang dibuat ulang dengan data terbaru. Unduh lagi setelah siap."
        )
        return redirect("dokumen_periode", pk=dokumen.periode_id)
    berkas = dokumen.pindaian if pindaian else dokumen.berkas
    if not berkas:
        raise Http404
    return FileResponse(
        berkas.open("rb"),
        filename=f"{dokumen.jenis}-{dokumen.periode.pegawai.nip}-{dokumen.periode.kode}"
        f"{dokumen.pindaian_ekstensi if pindaian else '.pdf'}",
    )


@wajib_pegawai
@require_POST
def dokumen_tandatangani(request, pk):
    dokumen = _get_dokumen(request, pk)
    jalankan(
        request,
        services.dokumen_tandatangani,
        "Dokumen ditandatangani secara elektronik.",
        dokumen=dokumen,
    )
    return redirect("dokumen_periode", pk=dokumen.periode_id)


@wajib_pegawai
@require_POST
def dokumen_pindaian(request, pk):
    dokumen = _get_dokumen(request, pk)
    form = PindaianForm(request.POST, request.FILES)
    if form.is_valid():
        jalankan(
            request,
            services.dokumen_unggah_pindaian,
            "Pindaian dokumen disimpan.",
            dokumen=dokumen,
            berkas=form.cleaned_data["berkas"],
        )
    else:
        messages.error(request, "Pilih berkas pindaian.")
    return redirect("dokumen_periode", pk=dokumen.periode_id)


def verifikasi(request, kode):
    """Public (no login): whether this code is a document the system issued, what it is,
    who signed it and when (in the instansi's zone), and whether a given file is exactly
    the one issued: only what verifying needs, not the predikat (anyone holding the code
    sees this page). Uploads are capped in size and counted per address."""
    with scopes_disabled():
        dokumen = (
            Dokumen.objects.select_related("periode__pegawai", "ttd_penilai", "instansi")
            .filter(kode=kode.upper())
            .first()
        )
    if dokumen is None:
        raise Http404
    form = VerifikasiForm(request.POST or None, request.FILES or None)
    cocok, adalah_pindaian, status = None, False, 200
    if request.method == "POST":
        if not batas_pemeriksaan(request):
            form.add_error(
                None,
                f"Terlalu banyak pemeriksaan dari alamat ini; coba lagi dalam "
                f"{JENDELA_PERIKSA // 60} menit.",
            )
            status = 429
        elif form.is_valid():
            sidik = sidik_berkas(form.cleaned_data["berkas"])
            # Only the issued PDF vouches: a scan is the pegawai's upload, so a match with
            # it says just that, not that the content is what the system issued.
            cocok = sidik == dokumen.sha256
            adalah_pindaian = bool(dokumen.pindaian_sha256) and sidik == dokumen.pindaian_sha256
    with timezone.override(dokumen.instansi.zona):
        return render(
            request,
            "dokumen/verifikasi.html",
            {
                "dokumen": dokumen,
                "periode": dokumen.periode,
                "sah": dokumen.status == Dokumen.Status.SIAP and bool(dokumen.sha256),
                "form": form,
                "cocok": cocok,
                "adalah_pindaian": cocok is not None and adalah_pindaian,
            },
            status=status,
        )


# Uploads to the public page per client address: enough for a person checking a few files.
PERIKSA_MAKS, JENDELA_PERIKSA = 20, 600


def batas_pemeriksaan(request) -> bool:
    """Count this upload for the client's address; False once PERIKSA_MAKS are used in
    JENDELA_PERIKSA seconds."""
    kunci = f"verifikasi:{pembatas.alamat_klien(request)}"
    return pembatas.tambah(kunci, JENDELA_PERIKSA) <= PERIKSA_MAKS


@wajib_admin
def cetak_massal(request):
    konteks = konteks_periode(request)
    opd = unit_dikelola(request.user).filter(adalah_opd=True).order_by("path")
    form = CetakMassalForm(request.POST or None, opd=opd)
    if request.method == "POST" and form.is_valid():
        try:
            services.cetak_massal_minta(
                opd=form.cleaned_data["opd"],
                tahun=konteks["tahun"],
                kode=konteks["kode"],
                by=request.user,
                jenis=form.cleaned_data["jenis"] or CetakMassal.Jenis.DOKUMEN,
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Cetak massal dimulai.")
            return redirect(
                f"{reverse('cetak_massal')}?tahun={konteks['tahun']}&periode={konteks['kode']}"
            )
    daftar = CetakMassal.objects.filter(oleh=request.user).select_related("opd")[:20]
    konteks.update(
        form=form, daftar=daftar, berjalan=any(c.status == CetakMassal.Status.ANTRE for c in daftar)
    )
    if request.htmx and request.GET.get("bagian") == "daftar":
        return render(request, "dokumen/_cetak_massal_daftar.html", konteks)
    return render(request, "dokumen/cetak_massal.html", konteks)


@wajib_admin
def cetak_massal_unduh(request, pk):
    cetak = CetakMassal.objects.filter(pk=pk, opd__in=unit_dikelola(request.user)).first()
    if cetak is None or not cetak.berkas:
        raise Http404
    return FileResponse(
        cetak.berkas.open("rb"),
        as_attachment=True,
        filename=f"{'paket-simpeg' if cetak.jenis == CetakMassal.Jenis.SIMPEG else 'dokumen'}"
        f"-{cetak.kode}-{cetak.tahun}.zip",
    )
