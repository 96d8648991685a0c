"""Pages of the Tim Penilai Kinerja and the admins: review, kurva, progress."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import jalankan
from inti.ekspor import respons_xlsx
from inti.parameter import tahun_dari
from organisasi.access import id_atau_404, wajib_admin, wajib_bkd
from organisasi.selectors import unit_dikelola
from penilaian import rules, selectors, services
from penilaian.access import (
    ADMIN,
    get_periode_for,
)
from penilaian.forms import (
    CapaianForm,
    CatatanForm,
)
from penilaian.parameter import konteks_periode


@wajib_bkd
def review_antrean(request):
    tahun = tahun_dari(request)
    halaman = Paginator(selectors.antrean_review(tahun), 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "penilaian/review.html",
        {
            "tahun": tahun,
            "antrean": halaman.object_list,
            "halaman": halaman,
            "form_review": CatatanForm(prefix="review"),
        },
    )


@wajib_bkd
@require_POST
def review_putuskan(request, pk):
    periode = get_periode_for(request, pk, ADMIN)
    if request.POST.get("keputusan") == "setujui":
        jalankan(
            request,
            services.review_setujui,
            f"Sangat Baik {periode.pegawai.nama} disetujui.",
            periode=periode,
        )
    else:
        form = CatatanForm(request.POST, prefix="review")
        if not form.is_valid():
            messages.error(request, "Tulis alasan pengembalian untuk pejabat penilai.")
        else:
            jalankan(
                request,
                services.review_kembalikan,
                f"Dikembalikan ke pejabat penilai {periode.pegawai.nama}.",
                periode=periode,
                catatan=form.cleaned_data["catatan"],
            )
    if request.POST.get("kembali") == "periode":
        return redirect("periode_detail", pk=periode.pk)
    return redirect(f"{reverse('review_antrean')}?tahun={periode.tahun}")


@wajib_admin
def kurva(request):
    konteks = konteks_periode(request)
    kurva = selectors.kurva_distribusi(
        konteks["tahun"], konteks["kode"], unit_dikelola(request.user)
    )
    if request.method == "POST":
        if not request.user.adalah_admin_bkd:
            raise Http404
        opd = (
            unit_dikelola(request.user).filter(pk=id_atau_404(request.POST.get("opd", ""))).first()
        )
        if opd is None:
            raise Http404
        form = CapaianForm(request.POST)
        if form.is_valid():
            jalankan(
                request,
                services.capaian_tetapkan,
                f"Capaian organisasi {opd.nama} disimpan.",
                opd=opd,
                tahun=konteks["tahun"],
                kode=konteks["kode"],
                capaian=form.cleaned_data["capaian"],
            )
        else:
            messages.error(request, "Pilih capaian kinerja organisasi.")
        return redirect(
            f"{reverse('kurva')}?tahun={konteks['tahun']}&periode={konteks['kode']}#opd-{opd.pk}"
        )
    if request.GET.get("format") == "xlsx":
        return _kurva_xlsx(kurva, konteks)
    konteks.update(kurva=kurva, capaian=list(rules.CAPAIAN_ORGANISASI.items()))
    return render(request, "penilaian/kurva.html", konteks)


def _kurva_xlsx(kurva, konteks):
    """Predikat per OPD for one period: counts and shares side by side, as BKD reports it."""
    kolom = ["OPD", "ID unit", "Capaian organisasi"]
    for p in rules.PREDIKAT:
        kolom += [rules.LABEL_PREDIKAT[p], f"% {rules.LABEL_PREDIKAT[p]}"]
    kolom += ["Jumlah dinilai", "Menunggu review TPK", "Peringatan kurva"]
    baris = []
    for k in kurva:
        isi = [k.opd.nama, k.opd.id_eksternal, k.label_capaian]
        for p in rules.PREDIKAT:
            n = k.jumlah.get(p, 0)
            isi += [n, n / k.total if k.total else 0]
        baris.append(isi + [k.total, k.menunggu_review, " ".join(k.peringatan)])
    return respons_xlsx(
        nama_berkas=f"predikat-{konteks['kode']}-{konteks['tahun']}.xlsx",
        judul_lembar="Predikat per OPD",
        judul=f"Distribusi predikat per OPD, periode {konteks['kode'].upper()} {konteks['tahun']}",
        kolom=kolom,
        baris=baris,
        kolom_persen=[4 + 2 * i for i in range(len(rules.PREDIKAT))],
    )


@wajib_admin
def progres(request):
    konteks = konteks_periode(request)
    units = unit_dikelola(request.user)
    per_unit = selectors.progres_penilaian(units, konteks["tahun"], konteks["kode"])
    unit = None
    if request.GET.get("unit"):
        unit = units.filter(pk=id_atau_404(request.GET["unit"])).first()
        if unit is None:
            raise Http404
    baris = selectors.penilaian_unit(unit, konteks["tahun"], konteks["kode"]) if unit else []
    konteks.update(
        per_unit=per_unit,
        status=selectors.STATUS_PENILAIAN,
        unit=unit,
        halaman=Paginator(baris, 100).get_page(request.GET.get("hal")),
    )
    return render(request, "penilaian/progres.html", konteks)
