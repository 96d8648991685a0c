from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from inti.aksi import galat_ke_form, jalankan
from inti.ekspor import respons_csv, respons_xlsx
from inti.format import format_tanggal
from inti.models import Jejak
from inti.parameter import tahun_dari
from inti.rekap import rekap_baca
from organisasi.access import (
    get_unit,
    id_atau_404,
    unit_terlihat,
    wajib_admin,
    wajib_bkd,
    wajib_pegawai,
)
from organisasi.models import Pegawai
from organisasi.selectors import unit_dikelola
from skp import impor as impor_bkn
from skp import selectors, services
from skp.access import PEMILIK, PENILAI, get_skp_and_role, get_skp_for_pemilik, get_skp_for_penilai
from skp.forms import (
    DialogForm,
    ImporSKPForm,
    IndikatorForm,
    KembalikanForm,
    LampiranForm,
    MutasiForm,
    RHKForm,
    SasaranPKForm,
    SKPForm,
)
from skp.models import RHK, SKP, DialogKinerja, Indikator, SasaranPerjanjianKinerja
from skp.rules import BERAKHLAK


@wajib_pegawai
def skp_daftar(request):
    pegawai = request.user
    daftar = SKP.objects.filter(pegawai=pegawai).select_related("penilai", "unit_kerja")
    hari_ini = pegawai.instansi.hari_ini()
    pengecualian = selectors.pengecualian_aktif(
        Pegawai.objects.prefetch_related("pengecualian").get(pk=pegawai.pk), hari_ini
    )
    return render(
        request,
        "skp/daftar.html",
        {
            "daftar": daftar,
            "pengecualian": pengecualian,
            "tahun_ini": hari_ini.year,
        },
    )


@wajib_pegawai
def skp_buat(request):
    form = SKPForm(request.POST or None, initial={"tahun": request.user.instansi.hari_ini().year})
    if request.method == "POST" and form.is_valid():
        try:
            skp = services.skp_buat(pegawai=request.user, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "SKP dibuat. Tambahkan RHK dan indikatornya.")
            return redirect("skp_detail", pk=skp.pk)
    return render(request, "skp/form.html", {"form": form, "judul": "Buat SKP"})


@wajib_pegawai
def skp_detail(request, pk, form_dialog=None):
    skp, peran = get_skp_and_role(request, pk, queryset=selectors.skp_lengkap_qs())
    rhk = list(skp.rhk.all())
    # Only the owner, while the SKP can be edited, is told to link RHK later.
    peringatan_intervensi = (
        selectors.pilihan_intervensi(skp).peringatan
        if peran == PEMILIK and skp.dapat_diubah
        else ""
    )
    return render(
        request,
        "skp/detail.html",
        {
            "skp": skp,
            "peran": peran,
            "peringatan_intervensi": peringatan_intervensi,
            "rhk_utama": [r for r in rhk if r.jenis == RHK.Jenis.UTAMA],
            "rhk_tambahan": [r for r in rhk if r.jenis == RHK.Jenis.TAMBAHAN],
            "perilaku": skp.perilaku.all(),
            "berakhlak": BERAKHLAK,
            "dapat_diubah": request.user.has_perm("skp.ubah", skp),
            "form_kembalikan": KembalikanForm() if peran == PENILAI else None,
            "riwayat": Jejak.objects.filter(
                objek_tipe=SKP._meta.label, objek_id=skp.pk
            ).select_related("oleh")[:30],
            # Dialog kinerja (PermenPANRB 6/2022) recorded on this SKP.
            "dialog": DialogKinerja.objects.filter(skp=skp)
            .select_related("dicatat_oleh")
            .prefetch_related("rhk"),
            "form_dialog": form_dialog
            or (
                DialogForm(initial={"tanggal": request.user.instansi.hari_ini()})
                if peran in (PEMILIK, PENILAI)
                else None
            ),
        },
    )


@wajib_pegawai
def skp_cetak(request, pk):
    skp, _ = get_skp_and_role(request, pk, queryset=selectors.skp_lengkap_qs())
    rhk = list(skp.rhk.all())
    return render(
        request,
        "skp/cetak.html",
        {
            "skp": skp,
            "rhk_utama": [r for r in rhk if r.jenis == RHK.Jenis.UTAMA],
            "rhk_tambahan": [r for r in rhk if r.jenis == RHK.Jenis.TAMBAHAN],
            "perilaku": skp.perilaku.all(),
            # ?dialog=1 appends the dialog kinerja history (not part of the official form).
            "dialog": DialogKinerja.objects.filter(skp=skp).select_related("dicatat_oleh")
            if request.GET.get("dialog")
            else None,
        },
    )


@wajib_pegawai
def skp_lampiran(request, pk):
    skp = get_skp_for_pemilik(request, pk)
    form = LampiranForm(request.POST or None, instance=skp)
    if request.method == "POST" and form.is_valid():
        try:
            services.skp_ubah(skp=skp, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Lampiran SKP disimpan.")
            return redirect("skp_detail", pk=skp.pk)
    return render(
        request, "skp/form.html", {"form": form, "skp": skp, "judul": "Pendekatan dan lampiran SKP"}
    )


@wajib_pegawai
def rhk_form(request, pk, rhk_pk=None):
    skp = get_skp_for_pemilik(request, pk)
    rhk = get_object_or_404(RHK, pk=rhk_pk, skp=skp) if rhk_pk else None
    pilihan = selectors.pilihan_intervensi(skp)
    awal = {}
    if rhk:
        awal = {
            "jenis": rhk.jenis,
            "uraian": rhk.uraian,
            "intervensi": rhk.intervensi.all(),
            "intervensi_pk": rhk.intervensi_pk.all(),
        }
    form = RHKForm(request.POST or None, initial=awal, pilihan=pilihan)
    if request.method == "POST" and form.is_valid():
        try:
            services.rhk_simpan(skp=skp, rhk=rhk, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "RHK disimpan.")
            return redirect("skp_detail", pk=skp.pk)
    return render(
        request, "skp/rhk_form.html", {"form": form, "skp": skp, "rhk": rhk, "pilihan": pilihan}
    )


@wajib_pegawai
@require_POST
def rhk_hapus(request, pk, rhk_pk):
    skp = get_skp_for_pemilik(request, pk)
    rhk = get_object_or_404(RHK, pk=rhk_pk, skp=skp)
    try:
        services.rhk_hapus(rhk=rhk, by=request.user)
        messages.success(request, "RHK dihapus.")
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("skp_detail", pk=skp.pk)


@wajib_pegawai
def indikator_form(request, pk, rhk_pk, indikator_pk=None):
    skp = get_skp_for_pemilik(request, pk)
    rhk = get_object_or_404(RHK, pk=rhk_pk, skp=skp)
    indikator = get_object_or_404(Indikator, pk=indikator_pk, rhk=rhk) if indikator_pk else None
    form = IndikatorForm(
        request.POST or None,
        instance=indikator,
        jpt=skp.adalah_jpt,
        kualitatif=skp.adalah_kualitatif,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indikator_simpan(
                rhk=rhk, indikator=indikator, by=request.user, **form.cleaned_data
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Indikator disimpan.")
            return redirect("skp_detail", pk=skp.pk)
    return render(
        request,
        "skp/form.html",
        {
            "form": form,
            "skp": skp,
            "judul": f"Indikator untuk RHK: {rhk.uraian}",
        },
    )


@wajib_pegawai
@require_POST
def indikator_hapus(request, pk, rhk_pk, indikator_pk):
    skp = get_skp_for_pemilik(request, pk)
    indikator = get_object_or_404(Indikator, pk=indikator_pk, rhk__skp=skp, rhk_id=rhk_pk)
    try:
        services.indikator_hapus(indikator=indikator, by=request.user)
        messages.success(request, "Indikator dihapus.")
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect("skp_detail", pk=skp.pk)


@wajib_pegawai
@require_POST
def skp_ajukan(request, pk):
    skp = get_skp_for_pemilik(request, pk)
    jalankan(request, services.skp_ajukan, "SKP diajukan ke pejabat penilai.", skp=skp)
    return redirect("skp_detail", pk=skp.pk)


@wajib_pegawai
@require_POST
def skp_tarik(request, pk):
    skp = get_skp_for_pemilik(request, pk)
    jalankan(request, services.skp_tarik, "SKP ditarik kembali dan dapat diubah lagi.", skp=skp)
    return redirect("skp_detail", pk=skp.pk)


@wajib_pegawai
@require_POST
def skp_perubahan(request, pk):
    skp = get_skp_for_pemilik(request, pk)
    jalankan(
        request,
        services.skp_perubahan,
        "SKP dibuka untuk perubahan. Versi yang disetujui disimpan sebagai riwayat.",
        skp=skp,
    )
    return redirect("skp_detail", pk=skp.pk)


def _kembali_penilai(request, skp):
    if request.POST.get("dari") == "bawahan":
        return redirect(f"{reverse('skp_bawahan')}?tahun={skp.tahun}")
    return redirect("skp_detail", pk=skp.pk)


@wajib_pegawai
@require_POST
def skp_setujui(request, pk):
    skp = get_skp_for_penilai(request, pk)
    jalankan(request, services.skp_setujui, f"SKP {skp.pegawai.nama} disetujui.", skp=skp)
    return _kembali_penilai(request, skp)


@wajib_pegawai
@require_POST
def skp_kembalikan(request, pk):
    skp = get_skp_for_penilai(request, pk)
    form = KembalikanForm(request.POST)
    if form.is_valid():
        jalankan(
            request,
            services.skp_kembalikan,
            f"SKP {skp.pegawai.nama} dikembalikan untuk revisi.",
            skp=skp,
            catatan=form.cleaned_data["catatan"],
        )
    else:
        messages.error(request, "SKP tidak dikembalikan: " + " ".join(form.errors["catatan"]))
    return _kembali_penilai(request, skp)


@wajib_pegawai
@require_POST
def perilaku_ekspektasi(request, pk):
    skp = get_skp_for_penilai(request, pk)
    ekspektasi = {kode: request.POST.get(f"ekspektasi_{kode}", "") for kode, _, _ in BERAKHLAK}
    jalankan(
        request,
        services.perilaku_ekspektasi_simpan,
        "Ekspektasi khusus pimpinan disimpan.",
        skp=skp,
        ekspektasi=ekspektasi,
    )
    return redirect("skp_detail", pk=skp.pk)


@wajib_pegawai
def skp_salin(request, pk):
    skp = get_skp_for_pemilik(request, pk)
    sumber = selectors.sumber_salinan(skp)
    if request.method == "POST":
        pilihan = {s.pk: s for s in sumber}
        sumber_id = request.POST.get("sumber", "")
        dipilih = pilihan.get(int(sumber_id)) if sumber_id.isdigit() else None
        if dipilih is None:
            messages.error(request, "Pilih SKP sumber dari daftar.")
        else:
            try:
                jumlah = services.skp_salin_rhk(tujuan=skp, sumber=dipilih, by=request.user)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(
                    request,
                    f"{jumlah} RHK disalin. Pilih lagi RHK atasan yang "
                    "diintervensi untuk setiap RHK utama.",
                )
                return redirect("skp_detail", pk=skp.pk)
    return render(request, "skp/salin.html", {"skp": skp, "sumber": sumber})


@wajib_pegawai
def skp_mutasi(request, pk):
    skp = get_skp_for_pemilik(request, pk)
    form = MutasiForm(
        request.POST or None,
        initial={"jabatan": request.user.jabatan, "jenis_jabatan": request.user.jenis_jabatan},
    )
    if request.method == "POST" and form.is_valid():
        try:
            baru = services.skp_mutasi(skp=skp, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(
                request,
                f"SKP lama kini berakhir {format_tanggal(baru.mulai - timedelta(days=1))}; "
                f"SKP baru mulai {format_tanggal(baru.mulai)} dibuat untuk jabatan baru.",
            )
            return redirect("skp_detail", pk=baru.pk)
    return render(request, "skp/mutasi.html", {"form": form, "skp": skp})


@wajib_pegawai
def skp_bawahan(request):
    """Penilai: every bawahan's SKP of the year by status, approve or return in place."""
    tahun = tahun_dari(request)
    baris = selectors.skp_bawahan(request.user, tahun, request.user.instansi.hari_ini())
    status = request.GET.get("status", "")
    jumlah = {}
    for b in baris:
        jumlah[b.status] = jumlah.get(b.status, 0) + 1
    if status:
        baris = [b for b in baris if b.status == status]
    return render(
        request,
        "skp/bawahan.html",
        {
            "baris": baris,
            "tahun": tahun,
            "status": status,
            "tab_status": [
                (kode, label, jumlah.get(kode, 0)) for kode, label in selectors.STATUS_BAWAHAN
            ],
        },
    )


@wajib_pegawai
def mph(request):
    """Matriks Peran Hasil of a unit (default: the one the user leads, or their own)."""
    tahun = tahun_dari(request)
    unit_id = request.GET.get("unit")
    user = request.user
    if unit_id:
        unit = get_unit(request, unit_id)
    else:
        unit = getattr(user, "unit_dipimpin", None) or user.unit_kerja
    if unit is None or not unit_terlihat(user, unit):
        raise Http404
    return render(
        request,
        "skp/mph.html",
        {
            "unit": unit,
            "tahun": tahun,
            "akar": selectors.matriks_peran_hasil(unit, tahun),
            "units": selectors.unit_mph_terlihat(user),
        },
    )


@wajib_admin
def progres_penetapan(request):
    tahun = tahun_dari(request)
    rekap = rekap_baca(
        instansi_id=request.user.instansi_id, jenis=selectors.REKAP_PROGRES_SKP, tahun=tahun
    )
    units = unit_dikelola(request.user).order_by("path")
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(nama__icontains=q)
    if request.GET.get("format") in ("csv", "xlsx"):
        baris = selectors.progres_penetapan(rekap, units)
        kolom = ["Unit kerja", "ID unit", "Pegawai wajib SKP", "Belum dibuat", "Draft",
                 "Diajukan", "Revisi", "Disetujui", "Disetujui s.d. 31 Januari"]  # fmt: skip
        isi = (
            [
                b["unit"].nama,
                b["unit"].id_eksternal,
                b["wajib"],
                b["belum_dibuat"],
                b["draft"],
                b["diajukan"],
                b["revisi"],
                b["disetujui"],
                b["tepat_waktu"],
            ]  # fmt: skip
            for b in baris
        )
        if request.GET["format"] == "xlsx":
            return respons_xlsx(
                nama_berkas=f"progres-skp-{tahun}.xlsx",
                judul_lembar=f"Progres SKP {tahun}",
                judul=f"Status SKP per unit kerja, tahun {tahun}",
                kolom=kolom,
                baris=isi,
            )
        return respons_csv(nama_berkas=f"progres-skp-{tahun}.csv", kolom=kolom, baris=isi)
    halaman = Paginator(units, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "skp/progres.html",
        {
            "baris": selectors.progres_penetapan(rekap, halaman.object_list),
            "halaman": halaman,
            "rekap": rekap,
            "tahun": tahun,
            "q": q,
        },
    )


@wajib_bkd
def perjanjian_kinerja(request):
    tahun = tahun_dari(request)
    form = SasaranPKForm(request.POST or None, initial={"tahun": tahun})
    if request.method == "POST":
        if request.POST.get("hapus"):
            sasaran = get_object_or_404(
                SasaranPerjanjianKinerja, pk=id_atau_404(request.POST["hapus"])
            )
            jalankan(request, services.sasaran_pk_hapus, "Sasaran dihapus.", sasaran=sasaran)
            return redirect(f"{request.path}?tahun={sasaran.tahun}")
        if form.is_valid():
            sasaran = services.sasaran_pk_tambah(
                instansi=request.user.instansi, by=request.user, **form.cleaned_data
            )
            messages.success(request, "Sasaran Perjanjian Kinerja ditambahkan.")
            return redirect(f"{request.path}?tahun={sasaran.tahun}")
    return render(
        request,
        "skp/perjanjian_kinerja.html",
        {
            "form": form,
            "tahun": tahun,
            "daftar": SasaranPerjanjianKinerja.objects.filter(tahun=tahun).select_related(
                "unit_kerja"
            ),
        },
    )


# ---- impor isi SKP dari e-Kinerja BKN ---------------------------------------------------


@wajib_pegawai
def skp_impor_bkn(request, pk):
    """Upload → preview of what was read → confirm. The owner's own draft or revisi."""
    skp = get_skp_for_pemilik(request, pk)
    form = ImporSKPForm(request.POST or None, request.FILES or None)
    pratinjau = None
    if request.method == "POST" and request.POST.get("data"):
        try:
            data = impor_bkn.buka(request.POST["data"])
            if data.get("skp") != skp.pk:
                raise ValidationError("Pratinjau ini untuk SKP lain; unggah berkas lagi.")
            hasil = services.skp_impor_bkn(
                skp=skp, by=request.user, rhk=data["rhk"], jumlah_rhk_sebelum=data["jumlah_rhk"]
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _pesan_impor(hasil))
            return redirect("skp_detail", pk=skp.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            lembar = impor_bkn.baca_ekspor_bkn(form.cleaned_data["berkas"], **impor_bkn.SENDIRI)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            nama, hasil = lembar[0]
            if hasil.nip and hasil.nip != skp.pegawai.nip:
                form.add_error("berkas", f"Berkas ini SKP milik NIP {hasil.nip}, bukan milik Anda.")
            else:
                # Signed with the SKP and its RHK count: a second click, or the preview
                # posted to another SKP, adds nothing.
                data = {
                    "skp": skp.pk,
                    "jumlah_rhk": skp.rhk.count(),
                    "rhk": impor_bkn.ke_data(hasil),
                }
                pratinjau = {"hasil": hasil, "data": impor_bkn.tandatangani(data)}
    return render(request, "skp/impor_bkn.html", {"skp": skp, "form": form, "pratinjau": pratinjau})


def _pesan_impor(hasil) -> str:
    pesan = f"{hasil['rhk']} RHK diimpor."
    if hasil["intervensi_cocok"]:
        pesan += f" {hasil['intervensi_cocok']} RHK utama langsung terhubung ke RHK atasan."
    return pesan + " Periksa RHK utama yang belum memiliki intervensi."


@wajib_admin
def skp_impor_bkn_unit(request):
    """An admin prepares starting drafts for several pegawai from one workbook, one sheet
    per pegawai (identified by the NIP in the sheet). Only empty drafts are filled."""
    tahun = tahun_dari(request)
    form = ImporSKPForm(request.POST or None, request.FILES or None)
    baris = None
    if request.method == "POST" and request.POST.get("data"):
        try:
            data = impor_bkn.buka(request.POST["data"])
            tahun = data["tahun"]  # the year the preview checked, whatever the address says
            jumlah = services.skp_impor_bkn_massal(
                rencana=data["pegawai"], tahun=tahun, by=request.user
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, f"Draft SKP {tahun} disiapkan untuk {jumlah} pegawai.")
            return redirect(f"{reverse('skp_progres')}?tahun={tahun}")
    elif request.method == "POST" and form.is_valid():
        try:
            lembar = impor_bkn.baca_ekspor_bkn(form.cleaned_data["berkas"], **impor_bkn.UNIT)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            baris = selectors.pratinjau_impor_bkn(lembar, tahun=tahun, admin=request.user)
    siap = [b for b in baris or [] if not b["masalah"]]
    data = impor_bkn.tandatangani({
        "tahun": tahun, "pegawai": [{"pegawai": b["pegawai"].pk, "rhk": b["data"]} for b in siap],
    }) if siap else ""  # fmt: skip
    return render(
        request,
        "skp/impor_bkn_unit.html",
        {"form": form, "tahun": tahun, "baris": baris, "siap": siap, "data": data},
    )


# ---- dialog kinerja ---------------------------------------------------------------------


@wajib_pegawai
@require_POST
def dialog_catat(request, skp_pk):
    skp, peran = get_skp_and_role(request, skp_pk)
    if peran not in (PEMILIK, PENILAI):
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
