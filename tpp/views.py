from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, jalankan, pesan_galat
from inti.ekspor import respons_xlsx
from inti.format import format_rentang, format_tanggal
from inti.kalender import NAMA_BULAN
from inti.parameter import tahun_dari
from inti.pdf import css_dokumen, pdf_dari_html
from jadwal import rules as jadwal_rules
from jadwal.services import pastikan_boleh_cetak
from organisasi.access import id_atau_404, wajib_admin, wajib_bkd, wajib_pegawai
from organisasi.models import Pegawai
from organisasi.selectors import (
    bawahan_penilai,
    pegawai_aktif,
    pegawai_dikelola,
    tanggal_cetak_unit,
    unit_dikelola,
)
from penilaian.models import PeriodePenilaian, RencanaAksi
from penilaian.parameter import konteks_periode
from penilaian.rules import LABEL_RATING
from skp.models import RHK
from tpp import rules, selectors, services
from tpp.forms import (
    AktivitasForm,
    CatatanKembaliForm,
    KeputusanProgresForm,
    KetidakhadiranForm,
    KonfigurasiForm,
    RealisasiBulananForm,
)
from tpp.models import (
    AktivitasHarian,
    Ketidakhadiran,
    KonfigurasiTPP,
    ProgresHarian,
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


def _tanggal(teks, bawaan=None):
    try:
        return date.fromisoformat(teks) if teks else bawaan
    except ValueError:
        return bawaan


def _minggu(data, hari_ini) -> tuple[date, list[date]]:
    """The week (Monday..Sunday) of ?minggu= (any day of it), else of today."""
    acuan = _tanggal(data.get("minggu", ""), hari_ini)
    senin = acuan - timedelta(days=acuan.weekday())
    return acuan, [senin + timedelta(days=i) for i in range(7)]


def _rencana_aksi_berlaku(pegawai, tanggal):
    return RencanaAksi.objects.filter(
        periode__pegawai=pegawai, periode__mulai__lte=tanggal, periode__selesai__gte=tanggal
    ).select_related("periode")


@wajib_pegawai
def aktivitas(request):
    """Progres harian: a week at a glance, each day with its status (draft, diajukan,
    disetujui, dikembalikan with the atasan's note), its entries, and the actions the day
    allows; a form to add an entry (kept as a draft in the browser until saved)."""
    pegawai = request.user
    hari_ini = pegawai.instansi.hari_ini()
    acuan, hari = _minggu(request.GET, hari_ini)
    tanggal_form = _tanggal(request.POST.get("tanggal", ""), min(acuan, hari_ini))
    form = AktivitasForm(
        request.POST or None,
        request.FILES or None,
        rhk_pilihan=_rhk_berlaku(pegawai, tanggal_form),
        rencana_aksi_pilihan=_rencana_aksi_berlaku(pegawai, tanggal_form),
        initial={"tanggal": min(acuan, hari_ini)},
    )
    if request.method == "POST":
        if request.POST.get("salin"):
            tanggal = _tanggal(request.POST["salin"])
            if tanggal is None:
                raise Http404
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
            rhk_id, ra_id = data.pop("rhk"), data.pop("rencana_aksi")
            data["rhk"] = RHK.objects.filter(pk=rhk_id).first() if rhk_id else None
            data["rencana_aksi"] = RencanaAksi.objects.filter(pk=ra_id).first() if ra_id else None
            data["berkas"] = data.pop("berkas_bukti") or None
            try:
                services.aktivitas_simpan(pegawai=pegawai, by=pegawai, **data)
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                messages.success(request, "Aktivitas disimpan sebagai draft hari itu.")
                # "tersimpan" tells the page to drop the browser's draft of this form.
                return redirect(f"{reverse('aktivitas')}?minggu={data['tanggal']}&tersimpan=1")
    per_hari: dict[date, list] = {h: [] for h in hari}
    for a in AktivitasHarian.objects.filter(
        pegawai=pegawai, tanggal__range=(hari[0], hari[-1])
    ).select_related("rhk", "rencana_aksi"):
        per_hari[a.tanggal].append(a)
    status = {
        h.tanggal: h
        for h in ProgresHarian.objects.filter(pegawai=pegawai, tanggal__range=(hari[0], hari[-1]))
    }
    hari_kerja, libur = services.kalender_pegawai(pegawai)
    jendela = pegawai.instansi.jendela_progres
    minggu = []
    for h in hari:
        objek = status.get(h)
        kode = (objek.status if objek else rules.DRAFT) if per_hari[h] else rules.BELUM
        minggu.append(
            {
                "tanggal": h,
                "aktivitas": per_hari[h],
                "status": kode,
                "label": rules.LABEL_STATUS_HARI[kode],
                "objek": objek,
                "hari_kerja": h.weekday() < hari_kerja and h not in libur,
                "dapat_diubah": h <= hari_ini
                and kode in (rules.BELUM, rules.DRAFT, rules.DIKEMBALIKAN),
                "batas": rules.batas_tepat_waktu(
                    h, jendela=jendela, hari_kerja=hari_kerja, libur=libur
                ),
            }
        )
    return render(
        request,
        "tpp/aktivitas.html",
        {
            "form": form,
            "minggu": minggu,
            "draf_siap": [
                m["tanggal"] for m in minggu if m["status"] in (rules.DRAFT, rules.DIKEMBALIKAN)
            ],
            "hari_ini": hari_ini,
            "jendela": jendela,
            "minggu_lalu": hari[0] - timedelta(days=7),
            "minggu_depan": hari[0] + timedelta(days=7),
            "jumlah_bulan": services.jumlah_aktivitas(pegawai, acuan.year, acuan.month),
            "rekap": selectors.rekap_progres_bulan(pegawai, acuan.year, acuan.month, hari_ini),
            "nama_bulan": f"{NAMA_BULAN[acuan.month - 1]} {acuan.year}",
            "batas": rules.penjelasan_batas(**services.ambang(acuan.year, acuan.month)),
            "tersimpan": request.GET.get("tersimpan") == "1",
        },
    )


@wajib_pegawai
@require_POST
def progres_ajukan(request):
    """Submit one day (tanggal) or every draft of the week (minggu) to the atasan."""
    pegawai = request.user
    if request.POST.get("minggu"):
        _, hari = _minggu(request.POST, pegawai.instansi.hari_ini())
        hari = [h for h in hari if h <= pegawai.instansi.hari_ini()]
    else:
        tanggal = _tanggal(request.POST.get("tanggal", ""))
        hari = [tanggal] if tanggal else []
    try:
        n = services.progres_ajukan(pegawai=pegawai, by=pegawai, hari=hari)
    except ValidationError as e:
        messages.error(request, pesan_galat(e))
    else:
        messages.success(request, f"{n} hari progres diajukan ke atasan.")
    return redirect(f"{reverse('aktivitas')}?minggu={hari[0] if hari else ''}")


@wajib_pegawai
@require_POST
def progres_tarik(request):
    tanggal = _tanggal(request.POST.get("tanggal", ""))
    if tanggal is None:
        messages.error(request, "Pilih hari yang pengajuannya ditarik.")
        return redirect("aktivitas")
    jalankan(
        request,
        services.progres_tarik,
        "Pengajuan ditarik; hari itu dapat diubah lagi.",
        pegawai=request.user,
        tanggal=tanggal,
    )
    return redirect(f"{reverse('aktivitas')}?minggu={tanggal}")


@wajib_pegawai
def aktivitas_bukti(request, pk):
    """The bukti of an entry, for its pegawai, their atasan and the admins who manage
    them (anyone else: 404)."""
    objek = AktivitasHarian.objects.filter(
        pk=pk, pegawai__in=Pegawai.objects.filter(selectors.akses_pegawai(request.user))
    ).first()
    if objek is None:
        raise Http404
    if not objek.berkas_bukti:
        if not objek.tautan_bukti:
            raise Http404
        return redirect(objek.tautan_bukti)
    return FileResponse(
        objek.berkas_bukti.open("rb"),
        as_attachment=not objek.jenis_bukti.startswith(("image/", "application/pdf")),
        filename=objek.nama_bukti or "bukti",
        content_type=objek.jenis_bukti or "application/octet-stream",
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
    kembali = f"{reverse('realisasi_bulanan')}?tahun={konteks['tahun']}&bulan={konteks['bulan']}"
    if request.method == "POST" and request.POST.get("tarik"):
        if objek is None:
            raise Http404
        jalankan(
            request,
            services.realisasi_bulanan_tarik,
            "Pengajuan ditarik; aktivitas dan realisasi bulan ini dapat diubah lagi.",
            realisasi=objek,
        )
        return redirect(kembali)
    form = RealisasiBulananForm(
        request.POST or None,
        initial={
            "realisasi": objek.realisasi if objek else "",
            # A month withdrawn or returned comes back with what was written per RHK.
            **({f"rhk_{r.rhk_id}": r.uraian for r in objek.per_rhk.all()} if objek else {}),
        },
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
            return redirect(kembali)
    konteks.update(
        form=form,
        objek=objek,
        periode_bulan=_periode_bulan(pegawai, konteks["tahun"], konteks["bulan"]),
        per_rhk=list(objek.per_rhk.select_related("rhk")) if objek else [],
        jumlah=sum(jumlah_per_rhk.values()),
        batas=rules.penjelasan_batas(**services.ambang(konteks["tahun"], konteks["bulan"])),
    )
    return render(request, "tpp/realisasi.html", konteks)


def _periode_bulan(pegawai, tahun, bulan):
    """Where the instansi rates monthly periods, the month's periode penilaian: its
    realisasi is the month's (one mechanism, no second rating); else None."""
    if not pegawai.instansi.periode_bulanan:
        return None
    return (
        PeriodePenilaian.objects.filter(pegawai=pegawai, tahun=tahun, kode=f"b{bulan:02d}")
        .order_by("-mulai")
        .first()
        or False
    )


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
        if request.POST.get("kembalikan"):
            form_kembali = CatatanKembaliForm(request.POST)
            if form_kembali.is_valid():
                jalankan(
                    request,
                    services.realisasi_bulanan_kembalikan,
                    f"Realisasi {r.pegawai.nama} dikembalikan dengan catatan.",
                    realisasi=r,
                    catatan=form_kembali.cleaned_data["catatan"],
                )
            else:
                messages.error(request, "Tuliskan catatan: apa yang perlu diperbaiki.")
        else:
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


def _kueri_bulan(tanggal) -> str:
    return f"rentang=bulan&tahun={tanggal.year}&bulan={tanggal.month}"


def _rentang_grid(request, hari_ini) -> dict:
    """The grid's days: a week (?minggu=, the default, readable on a phone) or a month
    (?rentang=bulan&tahun=&bulan=)."""
    data = request.GET if request.method == "GET" else request.POST
    if data.get("rentang") == "bulan":
        tahun, bulan = _bulan(request)
        mulai = date(tahun, bulan, 1)
        selesai = date(tahun, bulan, monthrange(tahun, bulan)[1])
        return {
            "rentang": "bulan",
            "mulai": mulai,
            "selesai": selesai,
            "judul": f"{NAMA_BULAN[bulan - 1]} {tahun}",
            "sebelum": _kueri_bulan(mulai - timedelta(days=1)),
            "sesudah": _kueri_bulan(selesai + timedelta(days=1)),
            "tahun": tahun,
            "bulan": bulan,
        }
    _, hari = _minggu(data, hari_ini)
    return {
        "rentang": "minggu",
        "mulai": hari[0],
        "selesai": hari[-1],
        "judul": f"Minggu {format_rentang(hari[0], hari[-1])}",
        "sebelum": f"minggu={hari[0] - timedelta(days=7)}",
        "sesudah": f"minggu={hari[0] + timedelta(days=7)}",
        "minggu": hari[0],
    }


@wajib_pegawai
def progres_bawahan(request):
    """The atasan's grid: bawahan × days with Belum / Draft / Diajukan / Disetujui /
    Dikembalikan, filters "belum diisi" and "menunggu persetujuan", one day's entries on
    demand, and one action to approve or return a day, a bawahan's range or everyone's."""
    penilai = request.user
    hari_ini = penilai.instansi.hari_ini()
    rentang = _rentang_grid(request, hari_ini)
    saring = (
        request.GET.get("saring", "") if request.GET.get("saring") in ("belum", "menunggu") else ""
    )
    form = KeputusanProgresForm(request.POST or None)
    if request.method == "POST":
        semua = request.POST.get("pegawai") == "semua"
        ids = (
            list(bawahan_penilai(penilai).values_list("pk", flat=True))
            if semua
            else [id_atau_404(request.POST.get("pegawai", ""))]
        )
        mulai = _tanggal(request.POST.get("mulai", ""))
        selesai = _tanggal(request.POST.get("selesai", ""))
        if mulai is None or selesai is None:
            raise Http404
        if not semua and not bawahan_penilai(penilai).filter(pk=ids[0]).exists():
            raise Http404
        if form.is_valid():
            try:
                n = services.progres_putuskan(
                    by=penilai,
                    keputusan=form.cleaned_data["keputusan"],
                    pegawai_ids=ids,
                    mulai=mulai,
                    selesai=selesai,
                    catatan=form.cleaned_data["catatan"],
                )
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                kata = (
                    "disetujui"
                    if form.cleaned_data["keputusan"] == rules.DISETUJUI
                    else "dikembalikan"
                )
                messages.success(request, f"{n} hari progres {kata}.")
                return redirect(f"{reverse('progres_bawahan')}?{request.POST.get('kembali', '')}")
    bawahan = selectors.bawahan_progres(
        penilai, rentang["mulai"], rentang["selesai"], saring, hari_ini
    ).select_related("unit_kerja__opd")
    halaman = Paginator(bawahan, 30).get_page(request.GET.get("hal"))
    baris = selectors.grid_progres(halaman, rentang["mulai"], rentang["selesai"], hari_ini)
    lihat = None
    if request.GET.get("lihat"):
        tanggal = _tanggal(request.GET.get("tanggal", ""))
        pegawai = bawahan_penilai(penilai).filter(pk=id_atau_404(request.GET["lihat"])).first()
        if pegawai is None or tanggal is None:
            raise Http404
        lihat = {
            "pegawai": pegawai,
            "tanggal": tanggal,
            "hari": ProgresHarian.objects.filter(pegawai=pegawai, tanggal=tanggal).first(),
            "aktivitas": list(
                AktivitasHarian.objects.filter(pegawai=pegawai, tanggal=tanggal).select_related(
                    "rhk", "rencana_aksi"
                )
            ),
        }
    kueri = (
        _kueri_bulan(rentang["mulai"])
        if rentang["rentang"] == "bulan"
        else f"minggu={rentang['minggu']}"
    )
    return render(
        request,
        "tpp/progres_bawahan.html",
        {
            **rentang,
            "baris": baris,
            "halaman": halaman,
            "hari": [s.tanggal for s in baris[0].sel] if baris else [],
            "saring": saring,
            "form": form,
            "lihat": lihat,
            "kueri": kueri,
            "kueri_saring": f"{kueri}&saring={saring}" if saring else kueri,
            "hari_ini": hari_ini,
            "menunggu": sum(b.menunggu for b in baris),
        },
    )


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
    if request.GET.get("format") in ("xlsx", "pdf"):
        if _cetak_tpp_ditolak(
            request, pegawai=request.user, tahun=tahun, bulan=bulan, apa="Rekap TPP"
        ):
            kueri = f"?tahun={tahun}&bulan={bulan}" + (f"&opd={opd.pk}" if opd else "")
            return redirect(reverse("tpp_rekap") + kueri)
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
        tanggal = _tanggal(request.GET.get("tanggal", ""), tanggal_bawaan)
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


# ---- slip TPP and nilai kinerja bulanan ----------------------------------------------------


def _cetak_tpp_ditolak(request, *, pegawai, tahun, bulan, apa) -> bool:
    """The month's CETAK_TPP step: the rekap (PDF, Excel) and the nilai kinerja bulanan
    are printed inside its window for `pegawai` (a dispensasi for them or their unit
    reopens it). BKD sets the jadwal and may always print. True, with the reason as a
    message, when the window is closed."""
    try:
        pastikan_boleh_cetak(
            langkah=jadwal_rules.CETAK_TPP,
            tahun=tahun,
            kode=f"b{bulan:02d}",
            pegawai=pegawai,
            by=request.user,
        )
    except ValidationError as e:
        messages.error(request, f"{apa} belum dapat dicetak: {pesan_galat(e)}")
        return True
    return False


def _pegawai_slip(request, tahun, bulan):
    """Where both views start: the pegawai of ?pegawai= (oneself without it) whose month
    the user may read (tpp.selectors.pegawai_slip), or 404 for anyone else, another OPD's
    admin and another instansi alike."""
    pilih = request.GET.get("pegawai", "")
    pegawai = selectors.pegawai_slip(
        request.user, id_atau_404(pilih) if pilih else None, tahun=tahun, bulan=bulan
    )
    if pegawai is None:
        raise Http404
    return pegawai


def _kueri_slip(request, pegawai, tahun, bulan) -> str:
    kueri = f"?tahun={tahun}&bulan={bulan}"
    return kueri + (f"&pegawai={pegawai.pk}" if pegawai.pk != request.user.pk else "")


def _respons_pdf(html: str, nama_berkas: str) -> HttpResponse:
    respons = HttpResponse(pdf_dari_html(html), content_type="application/pdf")
    respons["Content-Disposition"] = f'inline; filename="{nama_berkas}"'
    return respons


def _tanggal_cetak_bulan(request, pegawai, tahun, bulan) -> date:
    """?tanggal= when it is a date, else the last working day of the month for the
    pegawai's unit (organisasi.selectors.tanggal_cetak_unit)."""
    awal, akhir = date(tahun, bulan, 1), date(tahun, bulan, monthrange(tahun, bulan)[1])
    return _tanggal(request.GET.get("tanggal", "")) or tanggal_cetak_unit(
        pegawai.unit_kerja, awal, akhir
    )


@wajib_pegawai
def slip(request):
    """Slip TPP: the month's allowance line by line, one block per post held."""
    konteks = _konteks_bulan(request)
    tahun, bulan = konteks["tahun"], konteks["bulan"]
    pegawai = _pegawai_slip(request, tahun, bulan)
    konteks.update(
        slip=selectors.slip_tpp(pegawai, tahun, bulan),
        pegawai=pegawai,
        sendiri=pegawai.pk == request.user.pk,
        kueri=_kueri_slip(request, pegawai, tahun, bulan),
        instansi=request.user.instansi,
    )
    if request.GET.get("format") == "pdf":
        html = render_to_string("tpp/pdf/slip.html", {**konteks, "css": css_dokumen()})
        return _respons_pdf(html, f"slip-tpp-{pegawai.nip}-{tahun}-{bulan:02d}.pdf")
    return render(request, "tpp/slip.html", konteks)


@wajib_pegawai
def cetak_bulanan(request):
    """Nilai Kinerja Bulanan (NTT SI-KINERJA prints it by the 15th of the next month): the
    month's realisasi per RHK, the rating, the aktivitas and progres harian, signed by
    the pegawai and the penilai. Printed inside the month's CETAK_TPP window; BKD, who
    sets the jadwal, may always print."""
    tahun, bulan = _bulan(request)
    pegawai = _pegawai_slip(request, tahun, bulan)
    if _cetak_tpp_ditolak(
        request, pegawai=pegawai, tahun=tahun, bulan=bulan, apa="Nilai kinerja bulanan"
    ):
        return redirect(reverse("tpp_slip") + _kueri_slip(request, pegawai, tahun, bulan))
    instansi = request.user.instansi
    html = render_to_string(
        "tpp/pdf/nilai_bulanan.html",
        {
            "css": css_dokumen(),
            "instansi": instansi,
            "nilai": selectors.nilai_kinerja_bulanan(pegawai, tahun, bulan),
            "pegawai": pegawai,
            "lokasi": (request.GET.get("lokasi") or "").strip()[:100] or instansi.lokasi_cetak,
            "tanggal_teks": format_tanggal(_tanggal_cetak_bulan(request, pegawai, tahun, bulan)),
        },
    )
    return _respons_pdf(html, f"nilai-kinerja-bulanan-{pegawai.nip}-{tahun}-{bulan:02d}.pdf")
