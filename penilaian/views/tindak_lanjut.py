"""Continuous feedback on an RHK, pembinaan and BKD's tindak lanjut."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, jalankan
from inti.ekspor import respons_xlsx
from inti.parameter import tahun_dari
from organisasi.access import id_atau_404, wajib_bkd, wajib_pegawai
from organisasi.models import Pegawai, UnitKerja
from penilaian import rules, selectors, services
from penilaian.access import (
    PEMILIK,
    PENILAI,
    get_periode_for,
)
from penilaian.forms import (
    KomentarForm,
    PembinaanForm,
)
from penilaian.models import KomentarKinerja, Pembinaan, RencanaAksi
from penilaian.views.halaman import tampilkan_periode
from skp.access import get_skp_and_role
from skp.models import RHK, Indikator


@wajib_pegawai
def diskusi_rhk(request, pk):
    """The continuous-feedback thread of one RHK, for the pegawai and their penilai."""
    rhk = RHK.objects.select_related("skp__pegawai").filter(pk=pk).first()
    if rhk is None:
        raise Http404
    _, peran = get_skp_and_role(request, rhk.skp_id)
    pilihan = list(RencanaAksi.objects.filter(rhk=rhk).select_related("periode"))
    indikator = list(Indikator.objects.filter(rhk=rhk))
    form = KomentarForm(
        request.POST or None, rencana_aksi_pilihan=pilihan, indikator_pilihan=indikator
    )
    if request.method == "POST":
        if peran not in (PEMILIK, PENILAI):  # the thread is theirs; admins only read it
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["rencana_aksi"] = next(
                (ra for ra in pilihan if ra.pk == data["rencana_aksi"]), None
            )
            data["indikator"] = next((i for i in indikator if i.pk == data["indikator"]), None)
            try:
                services.komentar_tambah(rhk=rhk, by=request.user, **data)
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                messages.success(request, "Terkirim.")
                return redirect("diskusi_rhk", pk=rhk.pk)
    return render(
        request,
        "penilaian/diskusi.html",
        {
            "rhk": rhk,
            "peran": peran,
            "form": form,
            "komentar": KomentarKinerja.objects.filter(rhk=rhk).select_related(
                "oleh", "rencana_aksi__periode", "indikator"
            ),
        },
    )


@wajib_pegawai
@require_POST
def pembinaan_catat(request, pk):
    periode = get_periode_for(request, pk, PENILAI)
    form = PembinaanForm(request.POST)
    if form.is_valid():
        try:
            services.pembinaan_catat(periode=periode, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Pembinaan dicatat.")
            return redirect(f"{reverse('periode_detail', args=[periode.pk])}#pembinaan")
    return tampilkan_periode(request, periode, form_pembinaan=form)


@wajib_pegawai
@require_POST
def pembinaan_selesai(request, pk):
    pembinaan = Pembinaan.objects.select_related("periode").filter(pk=pk).first()
    if pembinaan is None:
        raise Http404
    get_periode_for(request, pembinaan.periode_id, PENILAI)
    jalankan(
        request,
        services.pembinaan_selesai,
        "Hasil pembinaan dicatat.",
        pembinaan=pembinaan,
        hasil=request.POST.get("hasil", ""),
    )
    return redirect(f"{reverse('periode_detail', args=[pembinaan.periode_id])}#pembinaan")


@wajib_bkd
def tindak_lanjut(request):
    """Recommendations per OPD and year, BKD's decisions, and the Excel export."""
    tahun = tahun_dari(request)
    daftar_opd = list(UnitKerja.objects.filter(adalah_opd=True).order_by("path"))
    opd = None
    if request.GET.get("opd"):
        opd = next((o for o in daftar_opd if o.pk == id_atau_404(request.GET["opd"])), None)
        if opd is None:
            raise Http404
    opd = opd or (daftar_opd[0] if daftar_opd else None)
    units = UnitKerja.objects.filter(opd=opd) if opd else UnitKerja.objects.none()
    if request.method == "POST":
        pegawai = Pegawai.objects.filter(
            pk=id_atau_404(request.POST.get("pegawai", "")), unit_kerja__in=units
        ).first()
        if pegawai is None:
            raise Http404
        jalankan(
            request,
            services.tindak_lanjut_putuskan,
            f"Keputusan untuk {pegawai.nama} disimpan.",
            pegawai=pegawai,
            tahun=tahun,
            jenis=request.POST.get("jenis", ""),
            keputusan=request.POST.get("keputusan", ""),
            catatan=request.POST.get("catatan", ""),
        )
        return redirect(f"{reverse('tindak_lanjut')}?tahun={tahun}&opd={opd.pk}")
    aturan = request.user.instansi.pengaturan.get("rekomendasi")
    rekomendasi = (
        selectors.rekomendasi_opd(
            units, tahun, aturan, kunci_cache=f"{request.user.instansi_id}:{opd.pk}"
        )
        if opd
        else []
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx_tindak_lanjut(rekomendasi[:], opd, tahun)
    halaman = Paginator(rekomendasi, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "penilaian/tindak_lanjut.html",
        {
            "tahun": tahun,
            "daftar_opd": daftar_opd,
            "opd": opd,
            "baris": halaman.object_list,
            "halaman": halaman,
            "jenis": rules.JENIS_REKOMENDASI,
        },
    )


def _xlsx_tindak_lanjut(baris, opd, tahun):
    return respons_xlsx(
        nama_berkas=f"tindak-lanjut-{tahun}.xlsx",
        judul_lembar=f"Tindak lanjut {tahun}",
        judul=f"Rekomendasi tindak lanjut {opd.nama if opd else ''} {tahun}",
        kolom=[
            "NIP",
            "Nama",
            "Unit kerja",
            "Riwayat predikat",
            "Rekomendasi",
            "Alasan",
            "Keputusan BKD",
            "Catatan",
        ],  # fmt: skip
        baris=(
            [
                b.pegawai.nip,
                b.pegawai.nama_lengkap,
                b.pegawai.unit_kerja.nama if b.pegawai.unit_kerja else "",
                "; ".join(f"{label}: {nama}" for label, _, nama in b.predikat),
                rules.JENIS_REKOMENDASI[jenis],
                alasan,
                keputusan.get_keputusan_display() if keputusan else "Belum diputuskan",
                keputusan.catatan if keputusan else "",
            ]
            for b in baris
            for jenis, alasan, keputusan in b.rekomendasi
        ),
    )
