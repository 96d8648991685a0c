from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from inti import pembatas
from inti.aksi import galat_ke_form, jalankan, pesan_galat
from inti.ekspor import respons_xlsx
from inti.halaman import PaginatorHemat
from inti.models import Jejak
from inti.parameter import tahun_dari
from organisasi import aktivasi as aktivasi_svc
from organisasi import ekspor, selectors, services
from organisasi import impor as impor_svc
from organisasi.access import (
    get_pegawai_for_admin,
    get_unit,
    get_unit_for_admin,
    id_atau_404,
    wajib_admin,
    wajib_bkd,
    wajib_pegawai,
    wajib_superadmin,
)
from organisasi.forms import (
    AktivasiForm,
    HariLiburForm,
    ImporForm,
    InstansiBaruForm,
    InstansiForm,
    KlaimPimpinanForm,
    KolomImporForm,
    PegawaiAdminForm,
    PengaturanInstansiForm,
    PengecualianForm,
    PenugasanForm,
    PimpinanForm,
    ProfilForm,
    SSOForm,
    SuratAktivasiForm,
    UnitKerjaForm,
)
from organisasi.impor import KOLOM
from organisasi.models import (
    HariLibur,
    Impor,
    Instansi,
    Notifikasi,
    Pegawai,
    SuratAktivasi,
    UnitKerja,
)

PER_HALAMAN = 25
TAB_PROFIL = {
    "pribadi": "Data Pribadi",
    "atasan": "Data Atasan",
    "satu-unit": "Pegawai Satu Unit Kerja",
    "bawahan": "Pegawai Bawahan",
    "pimpinan": "Klaim Pimpinan",
}


def _halaman(request, queryset):
    return PaginatorHemat(queryset, PER_HALAMAN).get_page(request.GET.get("halaman"))


def _pegawai_saya(request) -> Pegawai:
    """The logged-in pegawai with the relations every profile tab shows (one query)."""
    return get_object_or_404(
        Pegawai.objects.select_related("unit_kerja__pimpinan", "unit_kerja__parent", "instansi"),
        pk=request.user.pk,
    )


@wajib_pegawai
def profil(request):
    pegawai = _pegawai_saya(request)
    tab = request.GET.get("tab", "pribadi")
    if tab not in TAB_PROFIL:
        tab = "pribadi"
    konteks = {"pegawai": pegawai, "tab": tab, "tabs": TAB_PROFIL}
    unit = pegawai.unit_kerja
    memimpin = unit is not None and unit.pimpinan_id == pegawai.pk
    konteks["memimpin"] = memimpin
    if tab == "atasan":
        atasan = selectors.atasan_pegawai(pegawai)
        konteks["atasan"] = atasan
    elif tab == "satu-unit":
        konteks["halaman"] = _halaman(request, selectors.pegawai_satu_unit(pegawai))
    elif tab == "bawahan":
        konteks["halaman"] = _halaman(request, selectors.bawahan_penilai(pegawai))
    elif tab == "pimpinan":
        konteks["form_klaim"] = KlaimPimpinanForm()
    return render(request, "organisasi/profil.html", konteks)


@wajib_pegawai
def profil_ubah(request):
    pegawai = _pegawai_saya(request)
    q = request.GET.get("q", "")
    pilihan = list(selectors.cari_unit(q)) if q else []
    if request.method == "POST":
        # The unit the user picked stays among the choices when the form comes back.
        dipilih = request.POST.get("unit_kerja", "")
        terpilih = UnitKerja.objects.filter(pk=dipilih, aktif=True) if dipilih.isdigit() else []
        form = ProfilForm(
            request.POST, instance=Pegawai.objects.get(pk=pegawai.pk), pilihan_unit=list(terpilih)
        )
        if form.is_valid():
            unit_lama = pegawai.unit_kerja
            try:
                services.pegawai_ubah_profil(
                    pegawai=pegawai,
                    by=request.user,
                    **{f: form.cleaned_data[f] for f in form.Meta.fields},
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, "Profil disimpan.")
                if (
                    unit_lama
                    and unit_lama.pimpinan_id == pegawai.pk
                    and (form.cleaned_data["unit_kerja"] != unit_lama)
                ):
                    messages.warning(
                        request,
                        f"Karena unit kerja berubah, Anda tidak lagi pimpinan {unit_lama.nama}. "
                        "Klaim pimpinan lagi bila Anda memimpin unit yang baru.",
                    )
                return redirect("profil")
    else:
        # A GET with a search keeps whatever the user already typed in the form.
        awal = {k: v for k, v in request.GET.items() if k in ProfilForm.Meta.fields}
        form = ProfilForm(instance=pegawai, initial=awal, pilihan_unit=pilihan)
    return render(
        request,
        "organisasi/profil_ubah.html",
        {"pegawai": pegawai, "form": form, "q": q, "hasil_cari": pilihan},
    )


@wajib_pegawai
def cari_unit(request):
    """htmx partial: unit options matching the search, as radio buttons of the form."""
    hasil = selectors.cari_unit(request.GET.get("q", ""))
    return render(
        request,
        "organisasi/_hasil_cari_unit.html",
        {"hasil_cari": hasil, "q": request.GET.get("q", "")},
    )


@wajib_pegawai
@require_POST
def klaim_pimpinan(request):
    form = KlaimPimpinanForm(request.POST)
    if form.is_valid():
        try:
            unit = services.pimpinan_klaim(
                pegawai=request.user, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as e:
            messages.error(request, pesan_galat(e))
        else:
            messages.success(request, f"Anda kini tercatat sebagai pimpinan {unit.nama}.")
    else:
        messages.error(request, "Pilih status pimpinan: definitif, plt, plh atau pj.")
    return redirect(reverse("profil") + "?tab=pimpinan")


@wajib_pegawai
@require_POST
def lepas_pimpinan(request):
    try:
        unit = services.pimpinan_lepas(pegawai=request.user, by=request.user)
    except ValidationError as e:
        messages.error(request, pesan_galat(e))
    else:
        messages.success(request, f"Anda tidak lagi tercatat sebagai pimpinan {unit.nama}.")
    return redirect(reverse("profil") + "?tab=pimpinan")


@wajib_pegawai
def struktur(request):
    """Struktur Unit Kerja: one OPD's own units at a time (default: the user's own OPD),
    the OPD inside it folded, opened on demand (htmx rows, `?sebagian=1`), or any unit
    found by name. A page never holds the whole instansi (1,000 units at a province)."""
    opd_list = list(UnitKerja.objects.filter(Q(adalah_opd=True) | Q(depth=1)).order_by("path"))
    q = request.GET.get("q", "").strip()
    if q:
        return render(
            request,
            "organisasi/struktur.html",
            {
                "q": q,
                "opd_list": opd_list,
                "halaman": Paginator(selectors.cari_unit_semua(q), 50).get_page(
                    request.GET.get("halaman")
                ),
            },
        )
    akar_id = request.GET.get("akar")
    if akar_id:
        akar = get_unit(request, akar_id)
    else:
        unit = request.user.unit_kerja
        akar = (unit.opd if unit and unit.opd_id else None) or (opd_list[0] if opd_list else None)
    units = list(selectors.unit_cabang(akar)) if akar else []
    jumlah = dict(
        Pegawai.objects.filter(unit_kerja__in=units)
        .values_list("unit_kerja")
        .annotate(n=Count("pk"))
        .values_list("unit_kerja", "n")
    )
    sebagian = request.GET.get("sebagian") == "1"
    dasar = akar.depth if akar else 0
    if sebagian:
        # Rows of a folded OPD, indented from the page's own root.
        dasar = min(int_atau_nol(request.GET.get("dasar")), dasar)
        units = [u for u in units if u.pk != akar.pk]
    for u in units:
        u.jumlah_pegawai = jumlah.get(u.pk, 0)
        u.indent = u.depth - dasar
        u.terlipat = u.adalah_opd and u.pk != akar.pk
    konteks = {"akar": akar, "units": units, "dasar": dasar}
    if sebagian:
        return render(request, "organisasi/_struktur_baris.html", konteks)
    konteks.update(
        opd_list=opd_list,
        leluhur=selectors.unit_leluhur(akar) if akar else [],
        q=q,
        ada_terlipat=any(u.terlipat for u in units),
    )
    return render(request, "organisasi/struktur.html", konteks)


def int_atau_nol(nilai) -> int:
    try:
        return max(int(nilai), 0)
    except (TypeError, ValueError):
        return 0


@wajib_pegawai
def notifikasi(request):
    """One's notifications, newest first; "belum dibaca" only on request. POST marks all
    read."""
    daftar = Notifikasi.objects.filter(penerima=request.user)
    if request.method == "POST":
        daftar.filter(dibaca_pada__isnull=True).update(dibaca_pada=timezone.now())
        return redirect("notifikasi")
    belum = request.GET.get("belum") == "1"
    if belum:
        daftar = daftar.filter(dibaca_pada__isnull=True)
    return render(
        request,
        "organisasi/notifikasi.html",
        {"halaman": _halaman(request, daftar), "belum": belum},
    )


@wajib_pegawai
def notifikasi_buka(request, pk):
    """Open one notification: marked read, then on to where it leads (a path of this
    site only; anything else stays on the list)."""
    n = get_object_or_404(Notifikasi, pk=pk, penerima=request.user)
    if n.dibaca_pada is None:
        Notifikasi.objects.filter(pk=n.pk).update(dibaca_pada=timezone.now())
    if n.tautan.startswith("/") and url_has_allowed_host_and_scheme(
        n.tautan, allowed_hosts={request.get_host()}
    ):
        return redirect(n.tautan)
    return redirect("notifikasi")


# ---- Admin OPD / BKD -------------------------------------------------------------


@wajib_admin
def kelola_unit(request):
    units = selectors.unit_dikelola(request.user).select_related("pimpinan", "parent")
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(Q(nama__icontains=q) | Q(id_eksternal__iexact=q))
    tanpa_pimpinan = request.GET.get("tanpa_pimpinan") == "1"
    if tanpa_pimpinan:
        units = units.filter(pimpinan__isnull=True)
    if request.GET.get("format") == "xlsx":
        return ekspor.ekspor_unit(
            units.select_related("opd").order_by("path"), hari_ini=request.user.instansi.hari_ini()
        )
    return render(
        request,
        "organisasi/kelola_unit.html",
        {
            "halaman": _halaman(request, units.order_by("path")),
            "q": q,
            "tanpa_pimpinan": tanpa_pimpinan,
        },
    )


@wajib_admin
def kelola_unit_form(request, pk=None):
    admin = request.user
    unit = get_unit_for_admin(request, pk) if pk else None
    form = UnitKerjaForm(
        request.POST or None,
        instance=unit,
        unit_boleh=selectors.unit_dikelola(admin),
        boleh_opd=admin.adalah_admin_bkd,
        # "Tambah sub-unit" links pass the parent; an edit keeps the unit's own (an initial
        # value would override the instance's and move the unit on the next save).
        initial={"parent": request.GET["parent"]}
        if unit is None and "parent" in request.GET
        else {},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.fields}
        try:
            if unit is None:
                unit = services.unit_kerja_buat(instansi=admin.instansi, by=admin, **data)
                messages.success(request, f"Unit {unit.nama} ditambahkan.")
            else:
                unit = services.unit_kerja_ubah(unit=unit, by=admin, **data)
                messages.success(request, f"Unit {unit.nama} disimpan.")
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("kelola_unit_pimpinan", pk=unit.pk)
    return render(request, "organisasi/kelola_unit_form.html", {"form": form, "unit": unit})


@wajib_admin
def kelola_unit_pimpinan(request, pk):
    unit = get_unit_for_admin(request, pk)
    form = PimpinanForm(request.POST or None, unit=unit)
    if request.method == "POST":
        try:
            if request.POST.get("aksi") == "kosongkan":
                services.pimpinan_kosongkan(unit=unit, by=request.user)
                messages.success(request, f"Pimpinan {unit.nama} dikosongkan.")
                return redirect("kelola_unit_pimpinan", pk=unit.pk)
            if form.is_valid():
                services.pimpinan_tetapkan(unit=unit, by=request.user, **form.cleaned_data)
                messages.success(request, f"Pimpinan {unit.nama} ditetapkan.")
                return redirect("kelola_unit_pimpinan", pk=unit.pk)
        except ValidationError as e:
            form.add_error(None, e)
    return render(
        request,
        "organisasi/kelola_unit_pimpinan.html",
        {
            "unit": unit,
            "form": form,
            "leluhur": selectors.unit_leluhur(unit),
            "riwayat": Jejak.objects.filter(
                objek_tipe=UnitKerja._meta.label, objek_id=unit.pk
            ).select_related("oleh")[:20],
        },
    )


@wajib_admin
def kelola_pegawai(request):
    daftar = selectors.pegawai_dikelola(request.user).select_related("unit_kerja")
    q = request.GET.get("q", "").strip()
    if q:
        daftar = daftar.filter(Q(nama__icontains=q) | Q(nip__startswith=q))
    if request.GET.get("format") == "xlsx":
        return ekspor.ekspor_pegawai(
            daftar.select_related("unit_kerja__opd").order_by("nama"),
            hari_ini=request.user.instansi.hari_ini(),
        )
    return render(
        request,
        "organisasi/kelola_pegawai.html",
        {
            "halaman": _halaman(request, daftar.order_by("nama")),
            "q": q,
        },
    )


@wajib_admin
def kelola_pegawai_form(request, pk=None):
    admin = request.user
    pegawai = get_pegawai_for_admin(request, pk) if pk else None
    form = PegawaiAdminForm(
        request.POST or None,
        instance=pegawai,
        admin=admin,
        unit_boleh=selectors.unit_dikelola(admin),
    )
    if request.method == "POST" and form.is_valid():
        data = {f: v for f, v in form.cleaned_data.items() if f not in ("password", "nip")}
        try:
            if pegawai is None:
                pegawai = services.pegawai_buat(
                    instansi=admin.instansi,
                    by=admin,
                    nip=form.cleaned_data["nip"],
                    password=form.cleaned_data["password"],
                    **data,
                )
                messages.success(request, f"Pegawai {pegawai.nama} ditambahkan.")
            else:
                pegawai = services.pegawai_ubah_profil(pegawai=pegawai, by=admin, **data)
                if form.cleaned_data.get("password"):
                    services.pegawai_atur_sandi(
                        pegawai=pegawai, password=form.cleaned_data["password"], by=admin
                    )
                messages.success(request, f"Data {pegawai.nama} disimpan.")
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect("kelola_pegawai_ubah", pk=pegawai.pk)
    return _halaman_pegawai(request, form, pegawai)


def _halaman_pegawai(request, form, pegawai, form_penugasan=None):
    """The pegawai's admin page: the profile form, and for an existing pegawai the
    exemptions, the secondment (BKD only) and two-factor."""
    bkd = pegawai is not None and request.user.adalah_admin_bkd
    if bkd and form_penugasan is None:
        form_penugasan = PenugasanForm(instansi=request.user.instansi)
    return render(
        request,
        "organisasi/kelola_pegawai_form.html",
        {
            "form": form,
            "pegawai": pegawai,
            "pengecualian": pegawai.pengecualian.all() if pegawai else [],
            "form_pengecualian": PengecualianForm() if pegawai else None,
            "penugasan": pegawai.penugasan.select_related("instansi_asal") if bkd else [],
            "form_penugasan": form_penugasan if bkd else None,
            "punya_dua_langkah": pegawai is not None and selectors.punya_dua_langkah(pegawai),
        },
    )


@wajib_admin
@require_POST
def kelola_dua_langkah_reset(request, pk):
    """The pegawai lost their authenticator: remove it so they can set up a new one."""
    pegawai = get_pegawai_for_admin(request, pk)
    jalankan(
        request,
        services.dua_langkah_reset,
        f"Verifikasi dua langkah {pegawai.nama} direset; pegawai diberi tahu dan harus "
        "memasangnya lagi.",
        pegawai=pegawai,
    )
    return redirect("kelola_pegawai_ubah", pk=pegawai.pk)


@wajib_bkd
@require_POST
def kelola_penugasan(request, pk):
    """BKD records that a pegawai it manages is diperbantukan/dipekerjakan from another
    instansi (errors beside the fields, what was typed kept)."""
    pegawai = get_pegawai_for_admin(request, pk)
    form = PenugasanForm(request.POST, instansi=request.user.instansi)
    if form.is_valid():
        try:
            services.penugasan_catat(pegawai=pegawai, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, f"Penugasan {pegawai.nama} dicatat.")
            return redirect(reverse("kelola_pegawai_ubah", args=[pegawai.pk]) + "#penugasan")
    profil = PegawaiAdminForm(
        instance=pegawai, admin=request.user, unit_boleh=selectors.unit_dikelola(request.user)
    )
    return _halaman_pegawai(request, profil, pegawai, form_penugasan=form)


@wajib_admin
@require_POST
def kelola_pengecualian(request, pk):
    pegawai = get_pegawai_for_admin(request, pk)
    form = PengecualianForm(request.POST)
    form.instance.instansi_id = pegawai.instansi_id
    form.instance.pegawai = pegawai
    if form.is_valid():
        services.pengecualian_tambah(pengecualian=form.instance, by=request.user)
        messages.success(request, "Masa pengecualian SKP dicatat.")
    else:
        messages.error(
            request,
            "Masa pengecualian tidak disimpan: "
            + "; ".join(
                f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}".strip()
                for f, e in form.errors.items()
            ),
        )
    return redirect("kelola_pegawai_ubah", pk=pegawai.pk)


@wajib_bkd
def pengaturan_instansi(request):
    """BKD: print location and the holiday calendar (used for default print dates)."""
    instansi = request.user.instansi
    tahun = tahun_dari(request)
    form = PengaturanInstansiForm(instance=instansi)
    form_libur = HariLiburForm()
    form_sso = SSOForm(initial=_awal_sso(instansi))
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        if aksi == "sso":
            form_sso = SSOForm(request.POST)
            if form_sso.is_valid():
                try:
                    services.instansi_atur_sso(
                        instansi=Instansi.objects.get(pk=instansi.pk),
                        by=request.user,
                        **form_sso.cleaned_data,
                    )
                except ValidationError as e:
                    galat_ke_form(form_sso, e)
                else:
                    messages.success(request, "Pengaturan SSO disimpan.")
                    return redirect("pengaturan_instansi")
        if aksi == "pengaturan":
            form = PengaturanInstansiForm(
                request.POST, instance=Instansi.objects.get(pk=instansi.pk)
            )
            if form.is_valid():
                services.instansi_ubah_pengaturan(
                    instansi=instansi, by=request.user, **form.perubahan()
                )
                messages.success(request, "Pengaturan instansi disimpan.")
                return redirect("pengaturan_instansi")
        elif aksi == "tambah_libur":
            form_libur = HariLiburForm(request.POST)
            if form_libur.is_valid():
                libur = services.hari_libur_tambah(
                    instansi=instansi, by=request.user, **form_libur.cleaned_data
                )
                messages.success(request, f"Hari libur {libur} ditambahkan.")
                return redirect(f"{reverse('pengaturan_instansi')}?tahun={libur.tanggal.year}")
        elif aksi == "hapus_libur":
            libur = get_object_or_404(HariLibur, pk=id_atau_404(request.POST.get("libur")))
            services.hari_libur_hapus(hari_libur=libur, by=request.user)
            messages.success(request, f"Hari libur {libur} dihapus.")
            return redirect(f"{reverse('pengaturan_instansi')}?tahun={libur.tanggal.year}")
    return render(
        request,
        "organisasi/pengaturan_instansi.html",
        {
            "instansi": instansi,
            "form": form,
            "form_libur": form_libur,
            "form_sso": form_sso,
            "tahun": tahun,
            "libur": HariLibur.objects.filter(tanggal__year=tahun),
        },
    )


# ---- Superadmin --------------------------------------------------------------------


@wajib_superadmin
def instansi_daftar(request):
    # Aggregates only: the superadmin sees no personal data.
    halaman = _halaman(request, Instansi.objects.order_by("nama"))
    statistik = selectors.statistik_instansi([i.pk for i in halaman])
    for instansi in halaman:
        instansi.statistik = statistik.get(instansi.pk, {})
    return render(request, "organisasi/instansi_daftar.html", {"halaman": halaman})


@wajib_superadmin
def instansi_form(request, pk=None):
    instansi = get_object_or_404(Instansi, pk=pk) if pk else None
    form_class = InstansiForm if instansi else InstansiBaruForm
    form = form_class(request.POST or None, instance=instansi)
    if request.method == "POST" and form.is_valid():
        try:
            if instansi:
                instansi = services.instansi_ubah(
                    instansi=instansi, by=request.user, **form.cleaned_data
                )
            else:
                instansi = services.instansi_buat(by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Instansi {instansi.nama} disimpan.")
            return redirect("instansi_daftar")
    return render(request, "organisasi/instansi_form.html", {"form": form, "instansi": instansi})


# ---- impor dari SI-ASN -----------------------------------------------------------------

BAGIAN_IMPOR = {
    "baru": ("Akan dibuat", "Dibuat"),
    "ubah": ("Akan diubah", "Diubah"),
    "konflik": ("Konflik dengan koreksi lokal", "Konflik dengan koreksi lokal"),
    "galat": ("Baris ditolak", "Baris ditolak"),
}
PER_HALAMAN_IMPOR = 50


def _get_impor_for_admin(request, pk, *, tanpa_rencana=False) -> Impor:
    """An import the admin may see: any of the instansi for BKD, their OPD's for an admin
    OPD. The file is never loaded by a page; the plan only by the pages that show it."""
    daftar = Impor.objects.select_related("oleh", "lingkup_opd")
    if request.user.adalah_admin_opd:
        daftar = daftar.filter(lingkup_opd_id=request.user.admin_opd_id)
    tunda = ("isi", "rencana", "pilihan") if tanpa_rencana else ("isi",)
    return get_object_or_404(daftar.defer(*tunda), pk=id_atau_404(pk))


@wajib_admin
def impor_daftar(request):
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            impor = impor_svc.impor_unggah(by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            return redirect("impor_detail", impor.pk)
    riwayat = Impor.objects.select_related("oleh").defer("isi", "rencana")
    if request.user.adalah_admin_opd:
        riwayat = riwayat.filter(lingkup_opd_id=request.user.admin_opd_id)
    return render(
        request,
        "organisasi/impor_daftar.html",
        {"form": form, "halaman": _halaman(request, riwayat)},
    )


@wajib_admin
def impor_detail(request, pk):
    if request.htmx and request.GET.get("bagian") == "status":
        # Polled every second while the file is checked: the plan (megabytes) stays unread.
        impor = _get_impor_for_admin(request, pk, tanpa_rencana=True)
        respons = render(request, "organisasi/_impor_status.html", {"impor": impor})
        if impor.selesai_diperiksa:
            respons["HX-Refresh"] = "true"  # the dry run is ready: show the whole page
        return respons
    impor = _get_impor_for_admin(request, pk)
    bagian = request.GET.get("bagian")
    if bagian not in BAGIAN_IMPOR:
        bagian = next((b for b in BAGIAN_IMPOR if impor.jumlah.get(b)), "baru")
    daftar = impor.rencana.get(bagian, []) if impor.rencana else []
    halaman = Paginator(daftar, PER_HALAMAN_IMPOR).get_page(request.GET.get("halaman"))
    for entri in halaman.object_list if bagian == "konflik" else ():
        for k in entri["konflik"]:
            k["dipilih"] = impor_svc.pilihan_untuk(impor.pilihan, entri["nip"], k["field"])
    return render(
        request,
        "organisasi/impor_detail.html",
        {
            "impor": impor,
            "bagian": bagian,
            "tab": {
                b: (label[impor.status == Impor.Status.SELESAI], impor.jumlah.get(b, 0))
                for b, label in BAGIAN_IMPOR.items()
            },
            "halaman": halaman,
            "pilihan": impor.pilihan,
            "lepas_koreksi": len((impor.rencana or {}).get("lepas_koreksi", {})),
            "unit": impor.jenis == Impor.Jenis.UNIT_KERJA,
        },
    )


@wajib_admin
@require_POST
def impor_pilih(request, pk):
    """Keep the choices made for the conflicts on one page of the dry run."""
    impor = _get_impor_for_admin(request, pk)
    pilihan = {k[2:]: v for k, v in request.POST.items() if k.startswith("k:")}
    if request.POST.get("semua"):
        pilihan["semua"] = request.POST["semua"]
    jalankan(request, impor_svc.impor_pilih, "Pilihan disimpan.", impor=impor, pilihan=pilihan)
    return redirect(
        f"{reverse('impor_detail', args=[impor.pk])}?bagian=konflik"
        f"&halaman={id_atau_404(request.POST.get('halaman') or 1)}"
    )


@wajib_admin
@require_POST
def impor_konfirmasi(request, pk):
    impor = _get_impor_for_admin(request, pk)
    # With eager Celery the import is applied before this returns; with a worker it is
    # queued and the page shows its progress.
    jalankan(request, impor_svc.impor_konfirmasi, "Impor dikonfirmasi.", impor=impor)
    return redirect("impor_detail", impor.pk)


@wajib_admin
@require_POST
def impor_batal(request, pk):
    impor = _get_impor_for_admin(request, pk)
    jalankan(
        request, impor_svc.impor_batalkan, "Impor dibatalkan; tidak ada yang diubah.", impor=impor
    )
    return redirect("impor_daftar")


@wajib_bkd
def impor_kolom(request):
    instansi = request.user.instansi
    jenis = request.GET.get("jenis") if request.GET.get("jenis") in KOLOM else Impor.Jenis.PEGAWAI
    sekarang = (instansi.pengaturan.get("kolom_impor") or {}).get(jenis, {})
    form = KolomImporForm(request.POST or None, jenis=jenis, sekarang=sekarang)
    if request.method == "POST" and form.is_valid():
        impor_svc.kolom_simpan(
            instansi=instansi, jenis=jenis, kolom=form.cleaned_data, by=request.user
        )
        messages.success(request, "Nama kolom impor disimpan.")
        return redirect(f"{reverse('impor_kolom')}?jenis={jenis}")
    return render(
        request,
        "organisasi/impor_kolom.html",
        {"form": form, "jenis": jenis, "semua_jenis": Impor.Jenis.choices},
    )


@wajib_admin
def impor_contoh(request, jenis):
    """An empty workbook with the headers this instansi's import reads, to fill by hand."""
    if jenis not in KOLOM:
        raise Http404
    kolom = impor_svc.kolom_instansi(request.user.instansi, jenis)
    return respons_xlsx(
        nama_berkas=f"contoh-impor-{jenis}.xlsx",
        judul_lembar=jenis,
        judul=None,
        kolom=[judul[0] for judul in kolom.values()],
        baris=[],
        kolom_teks=[i for i, f in enumerate(kolom) if f in impor_svc.KOLOM_TEKS],
    )


# ---- activation -------------------------------------------------------------------------


def aktivasi(request):
    """Public: NIP + the code of the letter, then a password of one's own. Tries are
    limited per address and per NIP like logins; the answer never says whether a NIP
    exists."""
    if request.user.is_authenticated:
        return redirect("beranda")
    form = AktivasiForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        batasan = pembatas.batasan_alamat_nip(
            request,
            data["nip"],
            awalan="aktivasi-gagal",
            per_alamat=settings.AKTIVASI_GAGAL_PER_ALAMAT,
            per_nip=settings.AKTIVASI_GAGAL_PER_NIP,
        )
        if siapa := pembatas.melampaui(batasan):
            form.add_error(
                None,
                f"Terlalu banyak percobaan aktivasi {siapa}. Coba lagi dalam "
                f"{settings.LOGIN_GAGAL_JENDELA // 60} menit.",
            )
        else:
            try:
                aktivasi_svc.aktivasi_pakai(
                    nip=data["nip"], kode=data["kode"], kata_sandi=data["kata_sandi"]
                )
            except ValidationError as e:
                if "kode" in e.message_dict:
                    pembatas.gagal(batasan, settings.LOGIN_GAGAL_JENDELA)
                galat_ke_form(form, e)
            else:
                messages.success(
                    request, "Akun Anda aktif. Masuk dengan NIP dan kata sandi baru Anda."
                )
                return redirect(f"{reverse('login')}?{urlencode({'nip': data['nip']})}")
    return render(request, "organisasi/aktivasi.html", {"form": form})


def _awal_sso(instansi) -> dict:
    app = selectors.sso_app(instansi)
    return {
        "issuer": app.settings.get("server_url", "") if app else "",
        "client_id": app.client_id if app else "",
        "klaim_nip": instansi.sso_klaim_nip,
        "login_sandi": instansi.login_sandi,
    }


@wajib_admin
def kelola_aktivasi(request):
    """Issue activation codes and see, per unit, who has activated."""
    units = selectors.unit_dikelola(request.user).filter(aktif=True).order_by("path")
    form = SuratAktivasiForm(request.POST or None, units=units, initial={"lingkup": "unit"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pegawai = None
        if data["lingkup"] == SuratAktivasi.Lingkup.PEGAWAI:
            pegawai = selectors.pegawai_dikelola(request.user).filter(nip=data["nip"]).first()
        try:
            aktivasi_svc.surat_aktivasi_minta(
                by=request.user,
                lingkup=data["lingkup"],
                unit=data["unit"],
                pegawai=pegawai,
                hanya_belum_aktif=data["hanya_belum_aktif"],
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Penerbitan kode aktivasi masuk antrean dan akan diproses.")
            return redirect("kelola_aktivasi")
    daftar = list(
        SuratAktivasi.objects.filter(oleh=request.user).select_related("unit", "pegawai")[:10]
    )
    konteks = {
        "form": form,
        "daftar": daftar,
        "berjalan": any(s.status == SuratAktivasi.Status.ANTRE for s in daftar),
        "hari": settings.AKTIVASI_HARI,
    }
    if request.htmx and request.GET.get("bagian") == "daftar":
        return render(request, "organisasi/_aktivasi_daftar.html", konteks)
    konteks["halaman"] = Paginator(aktivasi_svc.rekap_aktivasi_unit(request.user), 50).get_page(
        request.GET.get("halaman")
    )
    return render(request, "organisasi/kelola_aktivasi.html", konteks)


@wajib_admin
def kelola_aktivasi_unduh(request, pk):
    """Only the admin who issued them: the letters are the codes themselves."""
    surat = SuratAktivasi.objects.filter(pk=pk, oleh=request.user).first()
    if surat is None or not surat.berkas:
        raise Http404
    return FileResponse(
        surat.berkas.open("rb"), as_attachment=True, filename=f"surat-aktivasi-{surat.pk}.zip"
    )
