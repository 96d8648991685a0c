"""Pages of the pejabat penilai: returning, feedback, rating one or many bawahan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, pesan_galat
from organisasi.access import wajib_pegawai
from organisasi.selectors import bawahan_penilai
from penilaian import rules, selectors, services
from penilaian.access import (
    PENILAI,
    get_periode_for,
)
from penilaian.forms import (
    CatatanForm,
    RatingForm,
)
from penilaian.models import PeriodePenilaian
from penilaian.parameter import konteks_periode
from penilaian.views.halaman import tampilkan_periode
from skp.rules import BERAKHLAK


@wajib_pegawai
@require_POST
def periode_kembalikan(request, pk):
    periode = get_periode_for(request, pk, PENILAI)
    form = CatatanForm(request.POST, prefix="kembali")
    if form.is_valid():
        try:
            services.periode_kembalikan(periode=periode, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Dikembalikan ke pegawai untuk dilengkapi.")
            return redirect("penilaian_bawahan")
    return tampilkan_periode(request, periode, form_kembalikan=form)


@wajib_pegawai
@require_POST
def umpan_balik_simpan(request, pk):
    """Feedback for every RHK and BerAKHLAK value in one form; blank ones are skipped."""
    periode = get_periode_for(request, pk, PENILAI)
    rhk = {
        int(kunci.removeprefix("rhk_")): isi
        for kunci, isi in request.POST.items()
        if kunci.startswith("rhk_") and kunci.removeprefix("rhk_").isdigit() and len(kunci) < 24
    }
    perilaku = {kode: request.POST.get(f"perilaku_{kode}", "") for kode, _, _ in BERAKHLAK}
    try:
        tersimpan = services.umpan_balik_simpan_semua(
            periode=periode, by=request.user, rhk=rhk, perilaku=perilaku
        )
    except ValidationError as e:
        messages.error(request, pesan_galat(e))
    else:
        messages.success(request, f"{tersimpan} umpan balik disimpan.")
    return redirect(f"{reverse('periode_detail', args=[periode.pk])}#penilaian")


@wajib_pegawai
@require_POST
def periode_nilai(request, pk):
    periode = get_periode_for(request, pk, PENILAI)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            periode = services.periode_nilai(periode=periode, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            pesan = f"Dinilai: predikat {periode.get_predikat_display()}."
            if periode.status == PeriodePenilaian.Status.MENUNGGU_REVIEW:
                pesan += " Predikat Sangat Baik menunggu review Tim Penilai Kinerja."
            messages.success(request, pesan)
            return redirect("periode_detail", pk=periode.pk)
    return tampilkan_periode(request, periode, form_rating=form)


@wajib_pegawai
def penilaian_bawahan(request):
    if "periode" not in request.GET:
        # Open on the earliest period where a bawahan waits for this penilai, so an old
        # submission is not hidden behind today's quarter.
        menunggu = (
            PeriodePenilaian.objects.filter(
                pegawai__in=bawahan_penilai(request.user), status=PeriodePenilaian.Status.DIAJUKAN
            )
            .order_by("tahun", "mulai")
            .values_list("tahun", "kode")
            .first()
        )
        if menunggu:
            return redirect(
                f"{reverse('penilaian_bawahan')}?tahun={menunggu[0]}&periode={menunggu[1]}"
            )
    konteks = konteks_periode(request)
    baris = selectors.penilaian_bawahan(request.user, konteks["tahun"], konteks["kode"])
    hitung = {}
    for b in baris:
        hitung[b.status] = hitung.get(b.status, 0) + 1
    konteks.update(
        baris=baris,
        ringkasan=[(k, label, hitung.get(k, 0)) for k, label in selectors.STATUS_PENILAIAN],
    )
    return render(request, "penilaian/bawahan.html", konteks)


@wajib_pegawai
def penilaian_massal(request):
    """All bawahan waiting for a rating in one period, rated from one page."""
    konteks = konteks_periode(request)
    daftar = selectors.periode_untuk_dinilai_massal(request.user, konteks["tahun"], konteks["kode"])
    jumlah_perilaku = len(BERAKHLAK)
    siap = [
        p for p in daftar if p.umpan_rhk >= p.jumlah_rhk and p.umpan_perilaku >= jumlah_perilaku
    ]
    belum = [p for p in daftar if p not in siap]
    pilihan = {}
    if request.method == "POST":
        penilaian = []
        for periode in siap:
            hasil_kerja = request.POST.get(f"hasil_{periode.pk}", "")
            perilaku = request.POST.get(f"perilaku_{periode.pk}", "")
            if hasil_kerja or perilaku:
                penilaian.append((periode, hasil_kerja, perilaku))
                pilihan[periode.pk] = (hasil_kerja, perilaku)
        try:
            dinilai = services.periode_nilai_massal(by=request.user, penilaian=penilaian)
        except ValidationError as e:
            # Nothing was saved: the page again, with every choice still ticked.
            messages.error(request, pesan_galat(e))
        else:
            if dinilai:
                messages.success(
                    request,
                    "Dinilai — "
                    + "; ".join(f"{p.pegawai.nama}: {p.get_predikat_display()}" for p in dinilai),
                )
            return redirect(
                f"{reverse('penilaian_massal')}?tahun={konteks['tahun']}&periode={konteks['kode']}"
            )
    for periode in siap:
        periode.pilihan_hasil, periode.pilihan_perilaku = pilihan.get(periode.pk, ("", ""))
    konteks.update(
        siap=siap,
        belum=belum,
        rating=list(rules.LABEL_RATING.items()),
        panduan_hasil=rules.PANDUAN_HASIL_KERJA,
        panduan_perilaku=rules.PANDUAN_PERILAKU_KERJA,
    )
    return render(request, "penilaian/massal.html", konteks)
