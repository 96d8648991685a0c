"""Pages of the Tim Penilai Kinerja and the admins: review, kurva, progress."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, jalankan
from inti.ekspor import respons_xlsx
from inti.format import format_angka
from inti.parameter import tahun_dari
from inti.rekap import rekap_baca
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
    TarikReviewForm,
)
from penilaian.models import PeriodePenilaian
from penilaian.parameter import konteks_periode


@wajib_bkd
def review_antrean(request):
    """The Tim Penilai Kinerja's queue: every Sangat Baik, and whatever else BKD pulled
    into review (the form at the top: by period, OPD, predikat, sample)."""
    tahun = tahun_dari(request)
    form_tarik = TarikReviewForm(
        request.POST or None,
        opd=unit_dikelola(request.user).filter(adalah_opd=True).order_by("path"),
        pilihan_periode=rules.pilihan_periode_tahun(
            tahun, bulanan=request.user.instansi.periode_bulanan
        ),
    )
    if request.method == "POST" and form_tarik.is_valid():
        data = form_tarik.cleaned_data
        try:
            ditarik = services.review_tarik(
                by=request.user,
                tahun=tahun,
                kode=data["kode"],
                opd=data["opd"],
                predikat=data["predikat"],
                persen_sampel=data["persen_sampel"],
                catatan=data["catatan"],
            )
        except ValidationError as e:
            galat_ke_form(form_tarik, e)
        else:
            messages.success(request, f"{len(ditarik)} periode ditarik ke review.")
            return redirect(f"{reverse('review_antrean')}?tahun={tahun}")
    halaman = Paginator(selectors.antrean_review(tahun), 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "penilaian/review.html",
        {
            "tahun": tahun,
            "antrean": halaman.object_list,
            "halaman": halaman,
            "form_review": CatatanForm(prefix="review"),
            "form_tarik": form_tarik,
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
            f"{periode.get_predikat_display()} {periode.pegawai.nama} disetujui.",
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
                f"Penilaian {periode.pegawai.nama} dikembalikan ke pejabat penilainya.",
                periode=periode,
                catatan=form.cleaned_data["catatan"],
            )
    if request.POST.get("kembali") == "periode":
        return redirect("periode_detail", pk=periode.pk)
    return redirect(f"{reverse('review_antrean')}?tahun={periode.tahun}")


@wajib_admin
def kurva(request):
    if "periode" not in request.GET and request.method == "GET":
        # Open on the latest period of the year that has ratings, not on a quarter that
        # has just begun and shows an empty curve.
        tahun = tahun_dari(request)
        terakhir = (
            PeriodePenilaian.objects.filter(tahun=tahun, status=PeriodePenilaian.Status.DINILAI)
            .order_by("-selesai", "kode")
            .values_list("kode", flat=True)
            .first()
        )
        if terakhir:
            return redirect(f"{reverse('kurva')}?tahun={tahun}&periode={terakhir}")
    konteks = konteks_periode(request)
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
            # One value for the year: every period's curve of that year uses it.
            jalankan(
                request,
                services.capaian_tetapkan,
                f"Capaian organisasi {opd.nama} tahun {konteks['tahun']} disimpan.",
                opd=opd,
                tahun=konteks["tahun"],
                capaian=form.cleaned_data["capaian"],
            )
        else:
            messages.error(request, "Pilih capaian kinerja organisasi.")
        return redirect(
            f"{reverse('kurva')}?tahun={konteks['tahun']}&periode={konteks['kode']}#opd-{opd.pk}"
        )
    rekap = rekap_baca(
        instansi_id=request.user.instansi_id,
        jenis=selectors.REKAP_KURVA,
        tahun=konteks["tahun"],
        kode=konteks["kode"],
    )
    xlsx = request.GET.get("format") == "xlsx"
    kurva = selectors.kurva_distribusi(
        rekap, unit_dikelola(request.user), konteks["tahun"], riwayat=not xlsx
    )
    if xlsx:
        return _kurva_xlsx(kurva, konteks)
    konteks.update(rekap=rekap, kurva=kurva, capaian=list(rules.CAPAIAN_ORGANISASI.items()))
    return render(request, "penilaian/kurva.html", konteks)


def _kurva_xlsx(kurva, konteks):
    """Predikat per OPD for one period: counts and shares side by side, as BKD reports it,
    then the jabatan fungsional of the OPD: how many were rated and, for the annual
    (final) period, their angka kredit per jenjang and in total."""
    kolom = ["OPD", "ID unit", "Capaian organisasi"]
    for p in rules.PREDIKAT:
        kolom += [rules.LABEL_PREDIKAT[p], f"% {rules.LABEL_PREDIKAT[p]}"]
    kolom += ["Jumlah dinilai", "Menunggu review TPK", "Peringatan kurva"]
    kolom += ["Fungsional dinilai", "Angka kredit per jenjang", "Jumlah angka kredit"]
    fungsional = _angka_kredit_per_opd(kurva, konteks)
    baris = []
    for k in kurva:
        isi = [k.opd.nama, k.opd.id_eksternal, k.label_capaian]
        for p in rules.PREDIKAT:
            n = k.jumlah.get(p, 0)
            isi += [n, n / k.total if k.total else 0]
        isi += [k.total, k.menunggu_review, " ".join(k.peringatan)]
        jumlah, per_jenjang, total = fungsional.get(k.opd.pk, (0, {}, None))
        rincian = "; ".join(f"{j}: {format_angka(v)}" for j, v in per_jenjang.items())
        baris.append(isi + [jumlah, rincian, total])
    return respons_xlsx(
        nama_berkas=f"predikat-{konteks['kode']}-{konteks['tahun']}.xlsx",
        judul_lembar="Predikat per OPD",
        judul=f"Distribusi predikat per OPD, periode {konteks['kode'].upper()} {konteks['tahun']}",
        kolom=kolom,
        baris=baris,
        kolom_persen=[4 + 2 * i for i in range(len(rules.PREDIKAT))],
        lebar_kolom={0: 40, len(kolom) - 2: 40},
    )


def _angka_kredit_per_opd(kurva, konteks) -> dict:
    """{opd id: (fungsional rated, {jenjang: angka kredit}, total angka kredit or None)},
    grouped in SQL by OPD, jenjang and predikat (a few rows per OPD, whatever its size).
    Angka kredit is set from the annual predikat: for a quarter the total stays empty."""
    from django.db.models import Count

    from organisasi.models import Pegawai

    kelompok = (
        PeriodePenilaian.objects.filter(
            tahun=konteks["tahun"],
            kode=konteks["kode"],
            status=PeriodePenilaian.Status.DINILAI,
            predikat__in=rules.PERSEN_ANGKA_KREDIT,
            pegawai__jenjang__in=rules.KOEFISIEN_TAHUNAN,
            skp__unit_kerja__opd__in=[k.opd.pk for k in kurva],  # the OPDs listed: a few
        )
        .values_list("skp__unit_kerja__opd", "pegawai__jenjang", "predikat")
        .annotate(n=Count("pk"))
        # An explicit order: the model's default ordering would join the GROUP BY.
        .order_by("skp__unit_kerja__opd", "pegawai__jenjang", "predikat")
    )
    label_jenjang = dict(Pegawai.Jenjang.choices)
    final = konteks["kode"] == rules.FINAL
    hasil = {}
    for opd_id, jenjang, predikat, n in kelompok:
        jumlah, per_jenjang, total = hasil.get(opd_id, (0, {}, Decimal(0) if final else None))
        if final:
            nilai = n * rules.angka_kredit(
                predikat_kinerja=predikat, koefisien_tahunan=rules.KOEFISIEN_TAHUNAN[jenjang]
            )
            label = label_jenjang.get(jenjang, jenjang)
            per_jenjang[label] = per_jenjang.get(label, Decimal(0)) + nilai
            total += nilai
        hasil[opd_id] = (jumlah + n, per_jenjang, total)
    return hasil


@wajib_admin
def progres(request):
    konteks = konteks_periode(request)
    units = unit_dikelola(request.user)
    rekap = rekap_baca(
        instansi_id=request.user.instansi_id,
        jenis=selectors.REKAP_PROGRES,
        tahun=konteks["tahun"],
        kode=konteks["kode"],
    )
    # Units that have pegawai, a page of 50 at a time, found by name.
    q = request.GET.get("q", "").strip()
    dengan_pegawai = units.filter(pk__in=rekap.unit_ids()).order_by("path")
    if q:
        dengan_pegawai = dengan_pegawai.filter(nama__icontains=q)
    halaman_unit = Paginator(dengan_pegawai, 50).get_page(request.GET.get("hal_unit"))
    total = rekap.total(units.values("pk"))
    unit = None
    if request.GET.get("unit"):
        unit = units.filter(pk=id_atau_404(request.GET["unit"])).first()
        if unit is None:
            raise Http404
    baris = selectors.penilaian_unit(unit, konteks["tahun"], konteks["kode"]) if unit else []
    konteks.update(
        per_unit=selectors.progres_penilaian(rekap, halaman_unit.object_list),
        halaman_unit=halaman_unit,
        total={
            "total": sum(total.values()),
            "hitungan": [total.get(s, 0) for s, _ in selectors.STATUS_PENILAIAN],
        },
        rekap=rekap,
        q=q,
        status=selectors.STATUS_PENILAIAN,
        unit=unit,
        halaman=Paginator(baris, 50).get_page(request.GET.get("hal")),
    )
    return render(request, "penilaian/progres.html", konteks)
