import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, jalankan, pesan_galat
from inti.ekspor import respons_xlsx
from inti.parameter import tahun_dari
from organisasi.access import id_atau_404, wajib_admin, wajib_bkd, wajib_pegawai
from organisasi.models import Pegawai, UnitKerja
from organisasi.selectors import bawahan_penilai, unit_dikelola
from penilaian import rules, selectors, services
from penilaian.access import (
    ADMIN,
    PEMILIK,
    PENILAI,
    get_bukti,
    get_periode_and_role,
    get_periode_for,
)
from penilaian.forms import (
    BuktiForm,
    CapaianForm,
    CatatanForm,
    KomentarForm,
    PembinaanForm,
    RatingForm,
    RealisasiForm,
    RencanaAksiForm,
)
from penilaian.models import KomentarKinerja, Pembinaan, PeriodePenilaian, RencanaAksi
from penilaian.parameter import bulanan, konteks_periode
from skp.access import get_skp_and_role
from skp.models import RHK, SKP, Indikator
from skp.rules import BERAKHLAK

# ---- pegawai -------------------------------------------------------------------------


@wajib_pegawai
def penilaian_saya(request):
    tahun = tahun_dari(request)
    periode_bulanan = bulanan(request.user.instansi)
    daftar_skp = list(
        SKP.objects.filter(pegawai=request.user, tahun=tahun)
        .select_related("penilai")
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
    return render(request, "penilaian/saya.html", {"tahun": tahun, "baris": baris})


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
            bulanan=bulanan(request.user.instansi),
        )
    except ValidationError as e:
        messages.error(request, pesan_galat(e))
        return redirect(f"{reverse('penilaian_saya')}?tahun={skp.tahun}")
    messages.success(request, f"Periode {periode.label} ditambahkan.")
    return redirect("periode_detail", pk=periode.pk)


def _halaman_periode(request, periode, **tambahan):
    """The period page: what it shows and what its reader may do (the selector), and the
    forms of the actions allowed; forms refused on POST come in `tambahan`, as typed."""
    halaman = selectors.halaman_periode(periode, request.user)
    konteks = {**vars(halaman), "periode": periode, "skp": periode.skp}
    konteks.update(
        berakhlak=BERAKHLAK,
        panduan_hasil=[
            (k, rules.LABEL_RATING[k], rules.PANDUAN_HASIL_KERJA[k]) for k in rules.RATING
        ],
        panduan_perilaku=[
            (k, rules.LABEL_RATING[k], rules.PANDUAN_PERILAKU_KERJA[k]) for k in rules.RATING
        ],
        matriks=MATRIKS,
        matriks_json=MATRIKS_JSON,
        batas_unggah=settings.BUKTI_UKURAN_MAKS,
    )
    if halaman.dapat_diisi and not periode.adalah_final:
        konteks["form_ra"] = RencanaAksiForm(
            rhk_pilihan=RHK.objects.filter(skp_id=periode.skp_id), prefix="ra"
        )
    if halaman.dapat_menilai:
        konteks.update(form_rating=RatingForm(), form_kembalikan=CatatanForm(prefix="kembali"))
    if halaman.tim_penilai:
        konteks["form_review"] = CatatanForm(prefix="review")
    if halaman.dapat_membina:
        konteks["form_pembinaan"] = PembinaanForm()
    konteks.update(tambahan)
    return render(request, "penilaian/periode.html", konteks)


# The predikat matrix as the rating form shows it (rows hasil kerja, columns perilaku).
MATRIKS = [
    (
        rules.LABEL_RATING[h],
        [
            rules.LABEL_PREDIKAT[rules.predikat(hasil_kerja=h, perilaku_kerja=p)]
            for p in (rules.DIBAWAH, rules.SESUAI, rules.DIATAS)
        ],
    )
    for h in rules.RATING
]
MATRIKS_JSON = json.dumps(
    {
        h: {
            p: rules.LABEL_PREDIKAT[rules.predikat(hasil_kerja=h, perilaku_kerja=p)]
            for p in rules.RATING
        }
        for h in rules.RATING
    }
)


@wajib_pegawai
def periode_detail(request, pk):
    periode, _ = get_periode_and_role(request, pk)
    return _halaman_periode(request, periode)


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
    return _halaman_periode(request, periode, form_ra=form, ra_sedang_diubah=rencana_aksi)


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


@wajib_pegawai
@require_POST
def realisasi_simpan(request, pk):
    periode = get_periode_for(request, pk, PEMILIK)
    sasaran = _sasaran_realisasi(request, periode)
    form = RealisasiForm(request.POST)
    if form.is_valid():
        try:
            services.realisasi_simpan(
                periode=periode, by=request.user, **sasaran, **form.cleaned_data
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Realisasi disimpan.")
            return redirect(f"{reverse('periode_detail', args=[periode.pk])}#hasil-kerja")
    objek = sasaran.get("rencana_aksi") or sasaran["indikator"]
    return _halaman_periode(request, periode, form_realisasi=form, form_realisasi_untuk=objek.pk)


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
    return _halaman_periode(
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


# ---- pejabat penilai -----------------------------------------------------------------


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
    return _halaman_periode(request, periode, form_kembalikan=form)


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
    return _halaman_periode(request, periode, form_rating=form)


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


# ---- Tim Penilai Kinerja (BKD) and admins ----------------------------------------------


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


# ---- jadwal and dispensasi -------------------------------------------------------------


# ---- documents -----------------------------------------------------------------------


# ---- dialog kinerja, umpan balik berkelanjutan, pembinaan ------------------------------


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
    return _halaman_periode(request, periode, form_pembinaan=form)


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
    baris = selectors.rekomendasi_opd(units, tahun, aturan) if opd else []
    if request.GET.get("format") == "xlsx":
        return _xlsx_tindak_lanjut(baris, opd, tahun)
    return render(
        request,
        "penilaian/tindak_lanjut.html",
        {
            "tahun": tahun,
            "daftar_opd": daftar_opd,
            "opd": opd,
            "baris": baris,
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
