"""Pages of the pegawai: their periods, rencana aksi, realisasi, bukti dukung, submitting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, jalankan, pesan_galat
from inti.parameter import tahun_dari
from organisasi.access import id_atau_404, wajib_pegawai
from penilaian import rules, services
from penilaian.access import (
    PEMILIK,
    get_bukti,
    get_periode_and_role,
    get_periode_for,
)
from penilaian.forms import (
    BuktiForm,
    RealisasiForm,
    RencanaAksiForm,
)
from penilaian.models import RencanaAksi
from penilaian.views.halaman import tampilkan_periode
from skp.models import RHK, SKP, Indikator


@wajib_pegawai
def penilaian_saya(request):
    tahun = tahun_dari(request)
    periode_bulanan = request.user.instansi.periode_bulanan
    daftar_skp = list(
        SKP.objects.filter(pegawai=request.user, tahun=tahun)
        .select_related("penilai", "unit_kerja")
        .prefetch_related("periode_penilaian")
        .order_by("mulai")
    )
    baris = []
    for skp in daftar_skp:
        ada = {p.kode for p in skp.periode_penilaian.all()}
        pilihan = (
            [
                p
                for p in rules.pilihan_periode(
                    mulai=skp.mulai, selesai=skp.selesai, bulanan=periode_bulanan
                )
                if p.kode not in ada
            ]
            if skp.status == SKP.Status.DISETUJUI
            else []
        )
        baris.append((skp, list(skp.periode_penilaian.all()), pilihan))
    # After a mutasi a year has two SKP, each with its own "Triwulan III" and "Final":
    # each period then names its SKP.
    konteks = {"tahun": tahun, "baris": baris, "banyak_skp": len(daftar_skp) > 1}
    return render(request, "penilaian/saya.html", konteks)


@wajib_pegawai
@require_POST
def periode_tambah(request, skp_pk):
    skp = SKP.objects.filter(pk=skp_pk, pegawai=request.user).first()
    if skp is None:
        raise Http404
    try:
        periode = services.periode_tambah(
            skp=skp,
            kode=request.POST.get("kode", ""),
            by=request.user,
            bulanan=request.user.instansi.periode_bulanan,
        )
    except ValidationError as e:
        messages.error(request, pesan_galat(e))
        return redirect(f"{reverse('penilaian_saya')}?tahun={skp.tahun}")
    messages.success(request, f"Periode {periode.label} ditambahkan.")
    return redirect("periode_detail", pk=periode.pk)


@wajib_pegawai
def periode_detail(request, pk):
    periode, _ = get_periode_and_role(request, pk)
    return tampilkan_periode(request, periode)


@wajib_pegawai
@require_POST
def rencana_aksi_simpan(request, pk):
    periode = get_periode_for(request, pk, PEMILIK)
    rencana_aksi = None
    if request.POST.get("rencana_aksi"):
        rencana_aksi = RencanaAksi.objects.filter(
            pk=id_atau_404(request.POST["rencana_aksi"]), periode=periode
        ).first()
        if rencana_aksi is None:
            raise Http404
    form = RencanaAksiForm(
        request.POST,
        rhk_pilihan=RHK.objects.filter(skp_id=periode.skp_id),
        prefix="ra",
        instance=rencana_aksi,
    )
    if form.is_valid():
        try:
            services.rencana_aksi_simpan(
                periode=periode,
                by=request.user,
                rencana_aksi=rencana_aksi,
                **form.cleaned_data,
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Rencana aksi disimpan.")
            return redirect(f"{reverse('periode_detail', args=[periode.pk])}#hasil-kerja")
    return tampilkan_periode(request, periode, form_ra=form, ra_sedang_diubah=rencana_aksi)


@wajib_pegawai
@require_POST
def rencana_aksi_hapus(request, pk, ra_pk):
    periode = get_periode_for(request, pk, PEMILIK)
    rencana_aksi = RencanaAksi.objects.filter(pk=ra_pk, periode=periode).first()
    if rencana_aksi is None:
        raise Http404
    jalankan(
        request, services.rencana_aksi_hapus, "Rencana aksi dihapus.", rencana_aksi=rencana_aksi
    )
    return redirect(f"{reverse('periode_detail', args=[periode.pk])}#hasil-kerja")


def _sasaran_realisasi(request, periode):
    """The rencana aksi (periodic) or indikator (final) a realisasi/bukti form is for."""
    if periode.adalah_final:
        indikator = (
            Indikator.objects.filter(
                pk=id_atau_404(request.POST.get("indikator", "")), rhk__skp_id=periode.skp_id
            )
            .select_related("rhk")
            .first()
        )
        if indikator is None:
            raise Http404
        return {"indikator": indikator}
    rencana_aksi = RencanaAksi.objects.filter(
        pk=id_atau_404(request.POST.get("rencana_aksi", "")), periode=periode
    ).first()
    if rencana_aksi is None:
        raise Http404
    return {"rencana_aksi": rencana_aksi}


# What one submit of the realisasi form saved: (realisasi written, bukti attached).
PESAN_REALISASI = {
    (True, False): "Realisasi disimpan.",
    (True, True): "Realisasi dan bukti dukung disimpan.",
    (False, True): "Bukti dukung ditambahkan.",
}


@wajib_pegawai
@require_POST
def realisasi_simpan(request, pk):
    """Realisasi and, when attached, a bukti dukung from one form, saved together; on an
    error the page comes back with what was typed and the error beside its field."""
    periode = get_periode_for(request, pk, PEMILIK)
    sasaran = _sasaran_realisasi(request, periode)
    form = RealisasiForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            ditulis, bukti = services.realisasi_bukti_simpan(
                periode=periode, by=request.user, **sasaran, **form.cleaned_data
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, PESAN_REALISASI[ditulis, bukti is not None])
            return redirect(f"{reverse('periode_detail', args=[periode.pk])}#hasil-kerja")
    objek = sasaran.get("rencana_aksi") or sasaran["indikator"]
    return tampilkan_periode(request, periode, form_realisasi=form, form_realisasi_untuk=objek.pk)


@wajib_pegawai
@require_POST
def bukti_tambah(request, pk):
    periode = get_periode_for(request, pk, PEMILIK)
    ganti = None
    if request.POST.get("ganti"):
        ganti = periode.bukti.filter(pk=id_atau_404(request.POST["ganti"])).first()
        if ganti is None:
            raise Http404
        sasaran = {}
    else:
        sasaran = _sasaran_realisasi(request, periode)
    form = BuktiForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.bukti_tambah(
                periode=periode, by=request.user, ganti=ganti, **sasaran, **form.cleaned_data
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(
                request,
                "Bukti dukung diganti; versi lama tetap tersimpan."
                if ganti
                else "Bukti dukung ditambahkan.",
            )
            return redirect(f"{reverse('periode_detail', args=[periode.pk])}#hasil-kerja")
    objek = (
        ganti.rencana_aksi_id or ganti.indikator_id
        if ganti
        else (sasaran.get("rencana_aksi") or sasaran["indikator"]).pk
    )
    return tampilkan_periode(
        request,
        periode,
        form_bukti=form,
        form_bukti_untuk=objek,
        form_bukti_ganti=ganti.pk if ganti else None,
    )


@wajib_pegawai
def bukti_unduh(request, pk):
    bukti = get_bukti(request, pk)
    if not bukti.berkas:
        return redirect(bukti.tautan)
    return FileResponse(
        bukti.berkas.open("rb"),
        as_attachment=not bukti.jenis_berkas.startswith(("image/", "application/pdf")),
        filename=bukti.nama_asli,
        content_type=bukti.jenis_berkas,
    )


@wajib_pegawai
@require_POST
def periode_ajukan(request, pk):
    periode = get_periode_for(request, pk, PEMILIK)
    jalankan(request, services.periode_ajukan, "Diajukan ke pejabat penilai.", periode=periode)
    return redirect("periode_detail", pk=periode.pk)


@wajib_pegawai
@require_POST
def periode_tarik(request, pk):
    periode = get_periode_for(request, pk, PEMILIK)
    jalankan(
        request,
        services.periode_tarik,
        "Pengajuan ditarik; Anda dapat mengubah lagi.",
        periode=periode,
    )
    return redirect("periode_detail", pk=periode.pk)
