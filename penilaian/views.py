import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ekinerja.aksi import galat_ke_form, jalankan, pesan_galat
from ekinerja.ekspor import respons_xlsx
from ekinerja.models import Jejak
from ekinerja.parameter import tahun_dari
from ekinerja.tenancy import scopes_disabled
from organisasi.access import id_atau_404, wajib_admin, wajib_bkd, wajib_pegawai
from organisasi.models import Pegawai, UnitKerja
from organisasi.selectors import bawahan_penilai, pegawai_dikelola, unit_dikelola
from penilaian import pdf, rules, selectors, services
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
    CetakForm,
    CetakMassalForm,
    DialogForm,
    DispensasiForm,
    JadwalBulananForm,
    JadwalForm,
    KomentarForm,
    PembinaanForm,
    PindaianForm,
    RatingForm,
    RealisasiForm,
    RencanaAksiForm,
    VerifikasiForm,
)
from penilaian.models import (
    CetakMassal,
    DialogKinerja,
    Dispensasi,
    Dokumen,
    Jadwal,
    KomentarKinerja,
    Pembinaan,
    PeriodePenilaian,
    RencanaAksi,
)
from skp.access import PEMILIK as PEMILIK_SKP
from skp.access import PENILAI as PENILAI_SKP
from skp.access import get_skp_and_role
from skp.models import RHK, SKP, Indikator
from skp.rules import BERAKHLAK


def _bulanan(instansi) -> bool:
    return bool(instansi.pengaturan.get("periode_bulanan"))


def _kode_periode(request, tahun) -> str:
    """?periode= when valid, else the period running today (or the last one of a past year)."""
    instansi = request.user.instansi
    bulanan = _bulanan(instansi)
    semua = [p.kode for p in rules.pilihan_periode_tahun(tahun, bulanan=bulanan)]
    kode = request.GET.get("periode", "")
    if kode in semua:
        return kode
    hari_ini = instansi.hari_ini()
    bulan = hari_ini.month if hari_ini.year == tahun else 12
    return f"b{bulan:02d}" if bulanan else f"tw{(bulan - 1) // 3 + 1}"


def _konteks_periode(request):
    tahun = tahun_dari(request)
    kode = _kode_periode(request, tahun)
    return {
        "tahun": tahun,
        "kode": kode,
        "label_periode": rules.label_periode(kode, tahun),
        "pilihan_periode": rules.pilihan_periode_tahun(
            tahun, bulanan=_bulanan(request.user.instansi)
        ),
    }


# ---- pegawai -------------------------------------------------------------------------


@wajib_pegawai
def penilaian_saya(request):
    tahun = tahun_dari(request)
    bulanan = _bulanan(request.user.instansi)
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
                    mulai=skp.mulai, selesai=skp.selesai, bulanan=bulanan
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
            bulanan=_bulanan(request.user.instansi),
        )
    except ValidationError as e:
        messages.error(request, pesan_galat(e))
        return redirect(f"{reverse('penilaian_saya')}?tahun={skp.tahun}")
    messages.success(request, f"Periode {periode.label} ditambahkan.")
    return redirect("periode_detail", pk=periode.pk)


def _halaman_periode(request, periode, peran, **tambahan):
    isi = selectors.isi_periode(periode)
    sekarang = timezone.now()
    jendela = {
        langkah: selectors.status_jadwal(
            langkah=langkah,
            tahun=periode.tahun,
            kode=periode.kode,
            pegawai=periode.pegawai,
            sekarang=sekarang,
        )
        for langkah in (rules.REALISASI, rules.PENILAIAN)
    }
    konteks = {
        "periode": periode,
        "skp": periode.skp,
        "isi": isi,
        "peran": peran,
        "jendela_realisasi": jendela[rules.REALISASI],
        "jendela_penilaian": jendela[rules.PENILAIAN],
        "dapat_diisi": peran == PEMILIK and periode.dapat_diisi and jendela[rules.REALISASI].boleh,
        "berakhlak": BERAKHLAK,
        "panduan_hasil": [
            (k, rules.LABEL_RATING[k], rules.PANDUAN_HASIL_KERJA[k]) for k in rules.RATING
        ],
        "panduan_perilaku": [
            (k, rules.LABEL_RATING[k], rules.PANDUAN_PERILAKU_KERJA[k]) for k in rules.RATING
        ],
        "matriks": [
            (
                rules.LABEL_RATING[h],
                [
                    rules.LABEL_PREDIKAT[rules.predikat(hasil_kerja=h, perilaku_kerja=p)]
                    for p in (rules.DIBAWAH, rules.SESUAI, rules.DIATAS)
                ],
            )
            for h in rules.RATING
        ],
        "matriks_json": json.dumps(
            {
                h: {
                    p: rules.LABEL_PREDIKAT[rules.predikat(hasil_kerja=h, perilaku_kerja=p)]
                    for p in rules.RATING
                }
                for h in rules.RATING
            }
        ),
        "batas_unggah": settings.BUKTI_UKURAN_MAKS,
        "riwayat": Jejak.objects.filter(
            objek_tipe=PeriodePenilaian._meta.label, objek_id=periode.pk
        ).select_related("oleh")[:30],
    }
    if konteks["dapat_diisi"] and not periode.adalah_final:
        konteks.setdefault(
            "form_ra",
            RencanaAksiForm(rhk_pilihan=RHK.objects.filter(skp_id=periode.skp_id), prefix="ra"),
        )
    konteks["dapat_menilai"] = (
        peran == PENILAI
        and periode.status == PeriodePenilaian.Status.DIAJUKAN
        and jendela[rules.PENILAIAN].boleh
    )
    if konteks["dapat_menilai"]:
        # The continuous-feedback threads beside the feedback form (one query).
        utas: dict[int, list] = {}
        for k in KomentarKinerja.objects.filter(rhk__skp=periode.skp_id).select_related("oleh"):
            utas.setdefault(k.rhk_id, []).append(k)
        for b in isi.hasil_kerja:
            b.utas = utas.get(b.rhk.pk, [])
        konteks["umpan_balik_kurang"] = services.umpan_balik_kurang(periode)
        konteks.setdefault("form_rating", RatingForm())
        konteks.setdefault("form_kembalikan", CatatanForm(prefix="kembali"))
        opd = periode.skp.unit_kerja.opd if periode.skp.unit_kerja_id else None
        if opd is not None:
            kurva = selectors.kurva_distribusi(
                periode.tahun, periode.kode, UnitKerja.objects.filter(pk=opd.pk)
            )
            konteks["kurva"] = kurva[0] if kurva else None
    if peran == ADMIN and request.user.adalah_admin_bkd:
        konteks["tim_penilai"] = periode.status == PeriodePenilaian.Status.MENUNGGU_REVIEW
        konteks.setdefault("form_review", CatatanForm(prefix="review"))
    jenjang = periode.pegawai.jenjang
    if periode.adalah_final and periode.predikat and jenjang in rules.KOEFISIEN_TAHUNAN:
        konteks["angka_kredit"] = {
            "koefisien": rules.KOEFISIEN_TAHUNAN[jenjang],
            "persen": rules.PERSEN_ANGKA_KREDIT[periode.predikat] * 100,
            "nilai": rules.angka_kredit(
                predikat_kinerja=periode.predikat,
                koefisien_tahunan=rules.KOEFISIEN_TAHUNAN[jenjang],
            ),
            "jenjang": periode.pegawai.get_jenjang_display(),
        }
    konteks["pembinaan"] = list(periode.pembinaan.select_related("oleh"))
    konteks["dapat_membina"] = (
        peran == PENILAI
        and periode.status == PeriodePenilaian.Status.DINILAI
        and periode.predikat in services.PREDIKAT_PEMBINAAN
    )
    if konteks["dapat_membina"]:
        konteks.setdefault("form_pembinaan", PembinaanForm())
    konteks["jumlah_komentar"] = dict(
        KomentarKinerja.objects.filter(rhk__skp=periode.skp_id)
        .values_list("rhk")
        .annotate(n=Count("pk"))
        .order_by()
    )
    konteks.update(tambahan)
    return render(request, "penilaian/periode.html", konteks)


@wajib_pegawai
def periode_detail(request, pk):
    periode, peran = get_periode_and_role(request, pk)
    return _halaman_periode(request, periode, peran)


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
    return _halaman_periode(request, periode, PEMILIK, form_ra=form, ra_sedang_diubah=rencana_aksi)


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
    return _halaman_periode(
        request, periode, PEMILIK, form_realisasi=form, form_realisasi_untuk=objek.pk
    )


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
        PEMILIK,
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
    return _halaman_periode(request, periode, PENILAI, form_kembalikan=form)


@wajib_pegawai
@require_POST
def umpan_balik_simpan(request, pk):
    """Feedback for every RHK and BerAKHLAK value in one form; blank ones are skipped."""
    periode = get_periode_for(request, pk, PENILAI)
    tersimpan, galat = 0, []
    try:
        for rhk in RHK.objects.filter(skp_id=periode.skp_id):
            isi = request.POST.get(f"rhk_{rhk.pk}", "").strip()
            if isi:
                services.umpan_balik_simpan(periode=periode, by=request.user, rhk=rhk, isi=isi)
                tersimpan += 1
        for kode, _, _ in BERAKHLAK:
            isi = request.POST.get(f"perilaku_{kode}", "").strip()
            if isi:
                services.umpan_balik_simpan(
                    periode=periode, by=request.user, perilaku=kode, isi=isi
                )
                tersimpan += 1
    except ValidationError as e:
        galat.append(pesan_galat(e))
    if galat:
        messages.error(request, " ".join(galat))
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
    return _halaman_periode(request, periode, PENILAI, form_rating=form)


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
    konteks = _konteks_periode(request)
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
    konteks = _konteks_periode(request)
    daftar = selectors.periode_untuk_dinilai_massal(request.user, konteks["tahun"], konteks["kode"])
    jumlah_perilaku = len(BERAKHLAK)
    siap = [
        p for p in daftar if p.umpan_rhk >= p.jumlah_rhk and p.umpan_perilaku >= jumlah_perilaku
    ]
    belum = [p for p in daftar if p not in siap]
    hasil = []
    if request.method == "POST":
        for periode in siap:
            hasil_kerja = request.POST.get(f"hasil_{periode.pk}", "")
            perilaku = request.POST.get(f"perilaku_{periode.pk}", "")
            if not hasil_kerja and not perilaku:
                continue
            try:
                dinilai = services.periode_nilai(
                    periode=periode,
                    by=request.user,
                    rating_hasil_kerja=hasil_kerja,
                    rating_perilaku_kerja=perilaku,
                )
                hasil.append(f"{periode.pegawai.nama}: {dinilai.get_predikat_display()}")
            except ValidationError as e:
                messages.error(request, f"{periode.pegawai.nama}: {pesan_galat(e)}")
        if hasil:
            messages.success(request, "Dinilai — " + "; ".join(hasil))
        return redirect(
            f"{reverse('penilaian_massal')}?tahun={konteks['tahun']}&periode={konteks['kode']}"
        )
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
    konteks = _konteks_periode(request)
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
    konteks = _konteks_periode(request)
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


@wajib_admin
def jadwal_daftar(request):
    """BKD sets the windows; admin OPD sees them and opens dispensasi from here."""
    tahun = tahun_dari(request)
    pilihan = rules.pilihan_periode_tahun(tahun, bulanan=_bulanan(request.user.instansi))
    if not _bulanan(request.user.instansi):
        # Months too, for the monthly TPP steps.
        pilihan += [
            p for p in rules.pilihan_periode_tahun(tahun, bulanan=True) if p.kode != rules.FINAL
        ]
    form = JadwalForm(pilihan_periode=pilihan, prefix="jadwal")
    form_bulanan = JadwalBulananForm(prefix="bulanan")
    if request.method == "POST":
        if not request.user.adalah_admin_bkd:
            raise Http404
        if "bulanan-langkah" in request.POST:
            form_bulanan = JadwalBulananForm(request.POST, prefix="bulanan")
            if form_bulanan.is_valid():
                data = form_bulanan.cleaned_data
                try:
                    services.jadwal_bulanan_buat(
                        langkah=data["langkah"],
                        tahun=tahun,
                        by=request.user,
                        hari=data["hari"],
                        jam=data["jam"].hour,
                        menit=data["jam"].minute,
                    )
                except ValidationError as e:
                    galat_ke_form(form_bulanan, e)
                else:
                    messages.success(request, "Jadwal 12 bulan disimpan.")
                    return redirect(f"{reverse('jadwal_daftar')}?tahun={tahun}")
        else:
            form = JadwalForm(request.POST, pilihan_periode=pilihan, prefix="jadwal")
            if form.is_valid():
                try:
                    jadwal = services.jadwal_simpan(
                        tahun=tahun, by=request.user, **form.cleaned_data
                    )
                except ValidationError as e:
                    galat_ke_form(form, e)
                else:
                    messages.success(request, f"Jadwal {jadwal} disimpan.")
                    return redirect(f"{reverse('jadwal_daftar')}?tahun={tahun}")
    sekarang = timezone.now()
    daftar = list(
        Jadwal.objects.filter(tahun=tahun)
        .select_related("instansi")
        .annotate(dispensasi_aktif=Count("dispensasi", filter=Q(dispensasi__sampai__gte=sekarang)))
    )
    for j in daftar:
        j.keadaan = rules.keadaan_jendela(mulai=j.mulai, batas=j.batas, sekarang=sekarang)
        j.batas_teks = selectors.format_waktu(j.batas, j.instansi)
        j.mulai_teks = selectors.format_waktu(j.mulai, j.instansi)
        j.label_periode = rules.label_periode(j.kode, j.tahun) if j.kode else "Setahun"
    return render(
        request,
        "penilaian/jadwal.html",
        {"tahun": tahun, "daftar": daftar, "form": form, "form_bulanan": form_bulanan},
    )


@wajib_admin
def dispensasi(request, pk):
    jadwal = Jadwal.objects.select_related("instansi").filter(pk=pk).first()
    if jadwal is None:
        raise Http404
    units = unit_dikelola(request.user).filter(aktif=True).order_by("path")
    form = DispensasiForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pegawai = None
        if data["nip"]:
            pegawai = pegawai_dikelola(request.user).filter(nip=data["nip"].strip()).first()
            if pegawai is None:
                form.add_error("nip", "Pegawai dengan NIP ini tidak ada di OPD yang Anda kelola.")
        if not form.errors:
            try:
                services.dispensasi_beri(
                    jadwal=jadwal,
                    by=request.user,
                    sampai=data["sampai"],
                    alasan=data["alasan"],
                    pegawai=pegawai,
                    unit=data["unit"],
                )
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                messages.success(request, "Dispensasi diberikan.")
                return redirect("dispensasi", pk=jadwal.pk)
    sekarang = timezone.now()
    daftar = Dispensasi.objects.filter(jadwal=jadwal).select_related("pegawai", "unit", "oleh")
    if not request.user.adalah_admin_bkd:
        daftar = daftar.filter(Q(pegawai__in=pegawai_dikelola(request.user)) | Q(unit__in=units))
    return render(
        request,
        "penilaian/dispensasi.html",
        {
            "jadwal": jadwal,
            "form": form,
            "daftar": daftar[:200],
            "sekarang": sekarang,
            "batas_teks": selectors.format_waktu(jadwal.batas, jadwal.instansi),
        },
    )


# ---- documents -----------------------------------------------------------------------


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
            messages.success(request, "Dokumen sedang dibuat.")
            return redirect("dokumen_periode", pk=periode.pk)
    urutan = {jenis: i for i, jenis in enumerate(Dokumen.Jenis.values)}
    daftar = sorted(
        Dokumen.objects.filter(periode=periode).select_related("ttd_penilai"),
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
        return render(request, "penilaian/_dokumen_daftar.html", konteks)
    return render(request, "penilaian/dokumen.html", konteks)


@wajib_pegawai
def dokumen_unduh(request, pk):
    dokumen = _get_dokumen(request, pk)
    if (
        not request.GET.get("pindaian")
        and not services.dokumen_bertanda(dokumen)
        and services.dokumen_basi(dokumen)
    ):
        # An unsigned document whose data changed is rendered again before it is handed
        # out; a signed one is served as signed (the page says its data has changed).
        dokumen = services.dokumen_render(dokumen=dokumen)
    berkas = dokumen.pindaian if request.GET.get("pindaian") else dokumen.berkas
    if not berkas:
        raise Http404
    return FileResponse(
        berkas.open("rb"),
        filename=f"{dokumen.jenis}-{dokumen.periode.pegawai.nip}-{dokumen.periode.kode}"
        f"{dokumen.pindaian_ekstensi if request.GET.get('pindaian') else '.pdf'}",
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
    """Public (no login): what this document is, who signed it and when, and whether a
    given file is exactly the one issued."""
    with scopes_disabled():
        dokumen = (
            Dokumen.objects.select_related("periode__pegawai", "ttd_penilai", "instansi")
            .filter(kode=kode.upper())
            .first()
        )
    if dokumen is None:
        raise Http404
    form = VerifikasiForm(request.POST or None, request.FILES or None)
    cocok, adalah_pindaian = None, False
    if request.method == "POST" and form.is_valid():
        sidik = services.sidik_berkas(form.cleaned_data["berkas"])
        # Only the issued PDF vouches: a scan is the pegawai's upload, so a match with it
        # says just that, not that the content is what the system issued.
        cocok = sidik == dokumen.sha256
        adalah_pindaian = bool(dokumen.pindaian_sha256) and sidik == dokumen.pindaian_sha256
    return render(
        request,
        "penilaian/verifikasi.html",
        {
            "dokumen": dokumen,
            "periode": dokumen.periode,
            "form": form,
            "cocok": cocok,
            "adalah_pindaian": request.method == "POST" and cocok is not None and adalah_pindaian,
        },
    )


@wajib_admin
def cetak_massal(request):
    konteks = _konteks_periode(request)
    opd = unit_dikelola(request.user).filter(adalah_opd=True).order_by("path")
    form = CetakMassalForm(request.POST or None, opd=opd)
    if request.method == "POST" and form.is_valid():
        try:
            services.cetak_massal_minta(
                opd=form.cleaned_data["opd"],
                tahun=konteks["tahun"],
                kode=konteks["kode"],
                by=request.user,
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
        return render(request, "penilaian/_cetak_massal_daftar.html", konteks)
    return render(request, "penilaian/cetak_massal.html", konteks)


@wajib_admin
def cetak_massal_unduh(request, pk):
    cetak = CetakMassal.objects.filter(pk=pk, opd__in=unit_dikelola(request.user)).first()
    if cetak is None or not cetak.berkas:
        raise Http404
    return FileResponse(cetak.berkas.open("rb"), filename=f"dokumen-{cetak.kode}-{cetak.tahun}.zip")


# ---- dialog kinerja, umpan balik berkelanjutan, pembinaan ------------------------------


@wajib_pegawai
@require_POST
def dialog_catat(request, skp_pk):
    skp, peran = get_skp_and_role(request, skp_pk)
    if peran not in (PEMILIK_SKP, PENILAI_SKP):
        raise Http404
    form = DialogForm(request.POST)
    if form.is_valid():
        pilihan = [id_atau_404(i) for i in request.POST.getlist("rhk")[:50]]
        rhk = list(RHK.objects.filter(skp=skp, pk__in=pilihan))
        try:
            services.dialog_catat(
                pegawai=skp.pegawai, by=request.user, skp=skp, rhk=rhk, **form.cleaned_data
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Dialog kinerja dicatat; pihak lain diminta mengonfirmasi.")
            return redirect(f"{reverse('skp_detail', args=[skp.pk])}#dialog")
    # Refused: the SKP page again, the errors beside the fields and what was typed kept.
    from skp.views import skp_detail

    return skp_detail(request, skp.pk, form_dialog=form)


@wajib_pegawai
@require_POST
def dialog_konfirmasi(request, pk):
    dialog = DialogKinerja.objects.filter(
        Q(pegawai=request.user) | Q(penilai=request.user), pk=pk
    ).first()
    if dialog is None:
        raise Http404
    jalankan(request, services.dialog_konfirmasi, "Dialog dikonfirmasi.", dialog=dialog)
    return redirect(
        f"{reverse('skp_detail', args=[dialog.skp_id])}#dialog" if dialog.skp_id else "beranda"
    )


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
        if peran not in (PEMILIK_SKP, PENILAI_SKP):
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
    return _halaman_periode(request, periode, PENILAI, form_pembinaan=form)


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


@wajib_pegawai
def pemantauan(request):
    """The penilai watches bawahan progress in the period and sees who falls behind."""
    konteks = _konteks_periode(request)
    hari_ini = request.user.instansi.hari_ini()
    unit = None
    if request.GET.get("unit"):
        # Admin OPD / BKD: the same view for one of their units.
        unit = unit_dikelola(request.user).filter(pk=id_atau_404(request.GET["unit"])).first()
        if unit is None:
            raise Http404
        pegawai = Pegawai.objects.filter(
            unit_kerja=unit, is_active=True, status=Pegawai.Status.AKTIF
        ).exclude(peran=Pegawai.Peran.SUPERADMIN)
        baris = selectors.pemantauan(pegawai, konteks["tahun"], konteks["kode"], hari_ini)
    else:
        baris = selectors.pemantauan_bawahan(
            request.user, konteks["tahun"], konteks["kode"], hari_ini
        )
    konteks.update(baris=baris, unit=unit)
    return render(request, "penilaian/pemantauan.html", konteks)


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
