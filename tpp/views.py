from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, jalankan
from inti.ekspor import respons_xlsx
from inti.format import format_tanggal
from inti.kalender import NAMA_BULAN
from inti.parameter import tahun_dari
from organisasi.access import id_atau_404, wajib_admin, wajib_bkd, wajib_pegawai
from organisasi.selectors import (
    bawahan_penilai,
    pegawai_aktif,
    pegawai_dikelola,
    tanggal_cetak_unit,
    unit_dikelola,
)
from penilaian.parameter import konteks_periode
from penilaian.rules import LABEL_RATING
from skp.models import RHK
from tpp import rules, selectors, services
from tpp.forms import AktivitasForm, KetidakhadiranForm, KonfigurasiForm, RealisasiBulananForm
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    KonfigurasiTPP,
    RealisasiBulanan,
    RealisasiBulananRHK,
    TPPBulanan,
)


def _bulan(request) -> tuple[int, int]:
    """(tahun, bulan) from ?tahun=&bulan=, else this month in the instansi's zone."""
    tahun = tahun_dari(request)
    bulan = request.GET.get("bulan", "")
    if bulan.isdigit() and 1 <= int(bulan) <= 12:
        return tahun, int(bulan)
    hari_ini = request.user.instansi.hari_ini()
    return tahun, hari_ini.month if tahun == hari_ini.year else 12


def _konteks_bulan(request) -> dict:
    tahun, bulan = _bulan(request)
    return {
        "tahun": tahun,
        "bulan": bulan,
        "nama_bulan": f"{NAMA_BULAN[bulan - 1]} {tahun}",
        "daftar_bulan": list(enumerate(NAMA_BULAN, 1)),
    }


# ---- pegawai -------------------------------------------------------------------------


def _rhk_berlaku(pegawai, tanggal):
    return RHK.objects.filter(
        skp__pegawai=pegawai, skp__mulai__lte=tanggal, skp__selesai__gte=tanggal
    )


@wajib_pegawai
def aktivitas(request):
    """A week at a glance: each day's activities, a form to add one, copy the day before."""
    pegawai = request.user
    hari_ini = pegawai.instansi.hari_ini()
    try:
        acuan = (
            date.fromisoformat(request.GET.get("minggu", ""))
            if request.GET.get("minggu")
            else hari_ini
        )
    except ValueError:
        acuan = hari_ini
    senin = acuan - timedelta(days=acuan.weekday())
    hari = [senin + timedelta(days=i) for i in range(7)]
    form = AktivitasForm(
        request.POST or None,
        rhk_pilihan=_rhk_berlaku(pegawai, acuan),
        initial={"tanggal": min(acuan, hari_ini)},
    )
    if request.method == "POST":
        if request.POST.get("salin"):
            try:
                tanggal = date.fromisoformat(request.POST["salin"])
            except ValueError:
                raise Http404 from None
            jalankan(
                request,
                services.aktivitas_salin_hari_sebelumnya,
                "Aktivitas hari sebelumnya disalin.",
                pegawai=pegawai,
                tanggal=tanggal,
            )
            return redirect(f"{reverse('aktivitas')}?minggu={tanggal}")
        if form.is_valid():
            data = dict(form.cleaned_data)
            rhk_id = data.pop("rhk")
            data["rhk"] = RHK.objects.filter(pk=rhk_id).first() if rhk_id else None
            try:
                services.aktivitas_simpan(pegawai=pegawai, by=pegawai, **data)
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                messages.success(request, "Aktivitas disimpan.")
                return redirect(f"{reverse('aktivitas')}?minggu={data['tanggal']}")
    per_hari: dict[date, list] = {h: [] for h in hari}
    for a in AktivitasHarian.objects.filter(
        pegawai=pegawai, tanggal__range=(hari[0], hari[-1])
    ).select_related("rhk"):
        per_hari[a.tanggal].append(a)
    jumlah_bulan = services.jumlah_aktivitas(pegawai, acuan.year, acuan.month)
    return render(
        request,
        "tpp/aktivitas.html",
        {
            "form": form,
            "hari": [(h, per_hari[h]) for h in hari],
            "hari_ini": hari_ini,
            "minggu_lalu": senin - timedelta(days=7),
            "minggu_depan": senin + timedelta(days=7),
            "jumlah_bulan": jumlah_bulan,
            "nama_bulan": f"{NAMA_BULAN[acuan.month - 1]} {acuan.year}",
            "batas": rules.penjelasan_batas(**services.ambang(acuan.year, acuan.month)),
        },
    )


@wajib_pegawai
@require_POST
def aktivitas_hapus(request, pk):
    objek = AktivitasHarian.objects.filter(pk=pk, pegawai=request.user).first()
    if objek is None:
        raise Http404
    jalankan(request, services.aktivitas_hapus, "Aktivitas dihapus.", aktivitas=objek)
    return redirect(f"{reverse('aktivitas')}?minggu={objek.tanggal}")


@wajib_pegawai
def realisasi_bulanan(request):
    konteks = _konteks_bulan(request)
    pegawai = request.user
    objek = RealisasiBulanan.objects.filter(
        pegawai=pegawai, tahun=konteks["tahun"], bulan=konteks["bulan"]
    ).first()
    rhk = services.rhk_bulan_ini(pegawai, konteks["tahun"], konteks["bulan"])
    jumlah_per_rhk = services.jumlah_aktivitas_per_rhk(pegawai, konteks["tahun"], konteks["bulan"])
    form = RealisasiBulananForm(
        request.POST or None,
        initial={"realisasi": objek.realisasi if objek else ""},
        rhk=rhk,
        jumlah_per_rhk=jumlah_per_rhk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.realisasi_bulanan_ajukan(
                pegawai=pegawai,
                by=pegawai,
                tahun=konteks["tahun"],
                bulan=konteks["bulan"],
                realisasi=form.cleaned_data["realisasi"],
                per_rhk=form.per_rhk(),
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Realisasi bulanan diajukan ke pejabat penilai.")
            return redirect(
                f"{reverse('realisasi_bulanan')}?tahun={konteks['tahun']}&bulan={konteks['bulan']}"
            )
    konteks.update(
        form=form,
        objek=objek,
        per_rhk=list(objek.per_rhk.select_related("rhk")) if objek else [],
        jumlah=sum(jumlah_per_rhk.values()),
        batas=rules.penjelasan_batas(**services.ambang(konteks["tahun"], konteks["bulan"])),
    )
    return render(request, "tpp/realisasi.html", konteks)


# ---- pejabat penilai -------------------------------------------------------------------


@wajib_pegawai
def bawahan_bulanan(request):
    konteks = _konteks_bulan(request)
    tahun, bulan = konteks["tahun"], konteks["bulan"]
    batas = services.ambang(tahun, bulan)
    bawahan = bawahan_penilai(request.user)
    if request.method == "POST":
        r = (
            RealisasiBulanan.objects.filter(
                pegawai__in=bawahan,
                pegawai_id=id_atau_404(request.POST.get("pegawai", "")),
                tahun=tahun,
                bulan=bulan,
            )
            .select_related("pegawai")
            .first()
        )
        if r is None:
            raise Http404
        jalankan(
            request,
            services.realisasi_bulanan_nilai,
            f"Realisasi {r.pegawai.nama} dinilai.",
            realisasi=r,
            rating=request.POST.get("rating", ""),
        )
        return redirect(
            f"{reverse('tpp_bawahan')}?tahun={tahun}&bulan={bulan}"
            f"&hal={id_atau_404(request.POST.get('hal') or 1)}#bawahan-{r.pegawai_id}"
        )
    halaman = Paginator(bawahan, 50).get_page(request.GET.get("hal"))
    ids = [b.pk for b in halaman]
    jumlah = dict(
        AktivitasHarian.objects.filter(pegawai__in=ids, tanggal__year=tahun, tanggal__month=bulan)
        .values_list("pegawai")
        .annotate(n=Count("pk"))
        .order_by()
    )
    realisasi = {
        r.pegawai_id: r
        for r in RealisasiBulanan.objects.filter(
            pegawai__in=ids, tahun=tahun, bulan=bulan
        ).prefetch_related(Prefetch("per_rhk", RealisasiBulananRHK.objects.select_related("rhk")))
    }
    baris = []
    for b in halaman:
        n = jumlah.get(b.pk, 0)
        boleh = rules.rating_diizinkan(n, **batas)
        baris.append(
            {
                "pegawai": b,
                "jumlah": n,
                "realisasi": realisasi.get(b.pk),
                "pilihan": [(k, v, k in boleh) for k, v in LABEL_RATING.items()],
            }
        )
    konteks.update(baris=baris, halaman=halaman, batas=rules.penjelasan_batas(**batas))
    return render(request, "tpp/bawahan.html", konteks)


@wajib_pegawai
def aktivitas_bawahan(request, pk):
    """A bawahan's activities by day, for the penilai before rating the month."""
    konteks = _konteks_bulan(request)
    pegawai = bawahan_penilai(request.user).filter(pk=pk).first()
    if pegawai is None:
        raise Http404
    daftar = AktivitasHarian.objects.filter(
        pegawai=pegawai, tanggal__year=konteks["tahun"], tanggal__month=konteks["bulan"]
    ).select_related("rhk")
    konteks.update(pegawai=pegawai, daftar=daftar)
    return render(request, "tpp/aktivitas_bawahan.html", konteks)


# ---- admin -----------------------------------------------------------------------------


@wajib_admin
def ketidakhadiran(request):
    if request.htmx and request.GET.get("bagian") == "nip":
        nip = request.GET.get("nip", "").strip()
        pegawai = (
            pegawai_dikelola(request.user).filter(nip=nip).select_related("unit_kerja").first()
            if len(nip) == 18
            else None
        )
        return render(request, "tpp/_nip_info.html", {"nip": nip, "pegawai": pegawai})
    konteks = _konteks_bulan(request)
    form = KetidakhadiranForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        pegawai = pegawai_dikelola(request.user).filter(nip=data.pop("nip").strip()).first()
        if pegawai is None:
            form.add_error("nip", "Pegawai dengan NIP ini tidak ada di OPD yang Anda kelola.")
        else:
            try:
                services.ketidakhadiran_tambah(pegawai=pegawai, by=request.user, **data)
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                messages.success(request, f"Ketidakhadiran {pegawai.nama} dicatat.")
                return redirect(
                    f"{reverse('ketidakhadiran')}?tahun={data['mulai'].year}&bulan={data['mulai'].month}"
                )
    daftar = (
        Ketidakhadiran.objects.filter(
            pegawai__in=pegawai_dikelola(request.user),
            mulai__year=konteks["tahun"],
            mulai__month=konteks["bulan"],
        )
        .select_related("pegawai", "dicatat_oleh")
        .order_by("mulai", "pegawai__nama")
    )
    konteks.update(form=form, halaman=Paginator(daftar, 50).get_page(request.GET.get("hal")))
    return render(request, "tpp/ketidakhadiran.html", konteks)


@wajib_admin
@require_POST
def ketidakhadiran_hapus(request, pk):
    objek = Ketidakhadiran.objects.filter(pk=pk, pegawai__in=pegawai_dikelola(request.user)).first()
    if objek is None:
        raise Http404
    jalankan(request, services.ketidakhadiran_hapus, "Catatan dihapus.", ketidakhadiran=objek)
    return redirect(
        f"{reverse('ketidakhadiran')}?tahun={objek.mulai.year}&bulan={objek.mulai.month}"
    )


@wajib_bkd
def konfigurasi(request):
    # A handful of versions per tenant (one per Perkada change), read once for the list.
    versi = list(
        KonfigurasiTPP.objects.prefetch_related("pagu", "potongan").select_related("dibuat_oleh")
    )
    # A new version usually changes one number: it starts as a copy of the latest one.
    form = KonfigurasiForm(
        request.POST or None, initial=KonfigurasiForm.awal_dari(versi[0]) if versi else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.konfigurasi_simpan(
                by=request.user,
                berlaku_mulai=form.cleaned_data["berlaku_mulai"],
                pagu=form.cleaned_data["pagu"],
                potongan=form.cleaned_data["potongan"],
                **form.angka(),
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Konfigurasi TPP disimpan.")
            return redirect("tpp_konfigurasi")
    return render(request, "tpp/konfigurasi.html", {"form": form, "versi": versi})


def _opd_rekap(request):
    opd = unit_dikelola(request.user).filter(adalah_opd=True).order_by("path")
    pilih = request.GET.get("opd")
    if pilih:
        terpilih = opd.filter(pk=id_atau_404(pilih)).first()
        if terpilih is None:
            raise Http404
        return list(opd), terpilih
    opd = list(opd)
    return opd, (opd[0] if opd else None)


@wajib_admin
def rekap(request):
    konteks = _konteks_bulan(request)
    daftar_opd, opd = _opd_rekap(request)
    tahun, bulan = konteks["tahun"], konteks["bulan"]
    if request.method == "POST" and opd is not None:
        units = unit_dikelola(request.user).filter(opd=opd)
        jalankan(
            request,
            services.tpp_hitung,
            "TPP dihitung ulang.",
            tahun=tahun,
            bulan=bulan,
            units=units,
        )
        return redirect(f"{reverse('tpp_rekap')}?tahun={tahun}&bulan={bulan}&opd={opd.pk}")
    baris = (
        TPPBulanan.objects.filter(tahun=tahun, bulan=bulan, opd=opd)
        .select_related("pegawai", "unit_kerja")
        .order_by("unit_kerja__path", "pegawai__nama")
        if opd
        else TPPBulanan.objects.none()
    )
    total = baris.aggregate(t=Sum("total"))["t"] or Decimal("0")
    if request.GET.get("format") == "xlsx":
        return _xlsx(baris, opd, total, konteks)
    tanggal_bawaan = tanggal_cetak_unit(
        opd, date(tahun, bulan, 1), date(tahun, bulan, monthrange(tahun, bulan)[1])
    )
    if request.GET.get("format") == "pdf" and opd is not None:
        try:
            tanggal = (
                date.fromisoformat(request.GET.get("tanggal", ""))
                if request.GET.get("tanggal")
                else tanggal_bawaan
            )
        except ValueError:
            tanggal = tanggal_bawaan
        return _pdf(request, baris, opd, total, tanggal, konteks)
    konteks["tanggal_bawaan"] = tanggal_bawaan
    konteks.update(
        daftar_opd=daftar_opd,
        opd=opd,
        halaman=Paginator(baris, 50).get_page(request.GET.get("hal")),
        total=total,
    )
    return render(request, "tpp/rekap.html", konteks)


def _pdf(request, baris, opd, total, tanggal, konteks):
    """The rekap for the SPJ; the document date is chosen (e.g. 30 December)."""
    from django.template.loader import render_to_string

    from inti.pdf import css_dokumen, pdf_dari_html

    html = render_to_string(
        "tpp/pdf/rekap.html",
        {
            **konteks,
            "css": css_dokumen(),
            "baris": baris,
            "opd": opd,
            "total": total,
            "instansi": request.user.instansi,
            "lokasi": request.user.instansi.lokasi_cetak,
            "tanggal_teks": format_tanggal(tanggal),
            "user": request.user,
        },
    )
    respons = HttpResponse(pdf_dari_html(html), content_type="application/pdf")
    respons["Content-Disposition"] = (
        f'inline; filename="rekap-tpp-{konteks["tahun"]}-{konteks["bulan"]:02d}.pdf"'
    )
    return respons


def _xlsx(baris, opd, total, konteks):
    return respons_xlsx(
        nama_berkas=f"rekap-tpp-{konteks['tahun']}-{konteks['bulan']:02d}.xlsx",
        judul_lembar=f"TPP {konteks['bulan']:02d}-{konteks['tahun']}",
        judul=f"Rekap TPP {opd.nama if opd else ''} {konteks['nama_bulan']}",
        kolom=[
            "No",
            "NIP",
            "Nama",
            "Unit kerja",
            "Bagian bulan (mutasi)",
            "Kelas jabatan",
            "Pagu",
            "Rating",
            "Rincian",
            "Jumlah TPP",
        ],  # fmt: skip
        baris=(
            [
                i,
                b.pegawai.nip,
                b.pegawai.nama_lengkap,
                b.unit_kerja.nama if b.unit_kerja else "",
                b.rentang or "-",
                b.kelas_jabatan,
                b.pagu,
                LABEL_RATING.get(b.rating, "-"),
                "; ".join(f"{u}: {j}" for u, j in b.rincian),
                b.total,
            ]
            for i, b in enumerate(baris, 1)
        ),
        kolom_rupiah=(6, 9),
        lebar_kolom={1: 22, 2: 32, 3: 36, 4: 22, 6: 16, 8: 60, 9: 18},
        # The total the PDF prints, from the same SQL sum (not a formula: a viewer that
        # does not recalculate would show an empty cell).
        baris_jumlah=["", "", "JUMLAH", "", "", "", None, "", "", total],
    )


# ---- pemantauan -------------------------------------------------------------------------


@wajib_pegawai
def pemantauan(request):
    """The penilai watches bawahan progress in the period and sees who falls behind."""
    konteks = konteks_periode(request)
    hari_ini = request.user.instansi.hari_ini()
    unit = None
    if request.GET.get("unit"):
        # Admin OPD / BKD: the same view for one of their units.
        unit = unit_dikelola(request.user).filter(pk=id_atau_404(request.GET["unit"])).first()
        if unit is None:
            raise Http404
        baris = selectors.pemantauan(
            pegawai_aktif([unit]), konteks["tahun"], konteks["kode"], hari_ini
        )
    else:
        baris = selectors.pemantauan_bawahan(
            request.user, konteks["tahun"], konteks["kode"], hari_ini
        )
    halaman = Paginator(baris, 50).get_page(request.GET.get("halaman"))
    konteks.update(baris=halaman.object_list, halaman=halaman, unit=unit)
    return render(request, "tpp/pemantauan.html", konteks)
