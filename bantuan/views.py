"""Bantuan pages: ask for help, follow one's requests, the admins' queue, the thread of a
request, the instansi's FAQ and contact. Every page works without JavaScript."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from bantuan import izin, rules, selectors, services
from bantuan.forms import (
    BalasanForm,
    KontakBantuanForm,
    PertanyaanUmumForm,
    TeruskanForm,
    TiketForm,
)
from bantuan.models import PertanyaanUmum, Tiket
from inti.aksi import galat_ke_form, jalankan
from inti.halaman import PaginatorHemat
from organisasi.access import id_atau_404, wajib_bkd, wajib_pegawai
from organisasi.services import notifikasi_selesai
from penilaian.selectors import diagnosa_pegawai, pegawai_diperiksa

PER_HALAMAN = 25
SARING_STATUS = {"terbuka": "Terbuka", **rules.LABEL_STATUS, "semua": "Semua"}
# How many FAQ questions the ticket form suggests before one writes.
SARAN_FAQ = 5


def _halaman(request, queryset):
    return PaginatorHemat(queryset, PER_HALAMAN).get_page(request.GET.get("halaman"))


def _get_tiket(request, pk) -> Tiket:
    """A ticket the user may open, or 404: another pegawai's, another OPD's for an admin
    OPD, another instansi's (the tenant scope) all answer the same."""
    return get_object_or_404(
        selectors.tiket_terlihat(request.user).select_related("pegawai", "opd"),
        pk=id_atau_404(pk),
    )


# ---- tickets ---------------------------------------------------------------------------


def _halaman_asal(request) -> str:
    """The page the header's "Bantuan" link was clicked on, from the Referer of this site
    (the link carries no path of its own, so no page reflects its URL into its header)."""
    asal = urlsplit(request.META.get("HTTP_REFERER", ""))
    if asal.netloc != request.get_host():
        return ""
    return f"{asal.path}?{asal.query}" if asal.query else asal.path


@wajib_pegawai
def buat(request):
    """The ticket form, reached from the "Bantuan" link of any page (?dari=<that page>).
    Before one writes: the automatic check of one's data, the FAQ and the contact."""
    # Context only (never the tenant or the actor), and anything but a local path is
    # dropped rather than refused: it is not something the pegawai typed.
    dari = rules.dari_aman(
        request.POST.get("dari") or request.GET.get("dari") or _halaman_asal(request)
    )
    if request.method == "POST":
        form = TiketForm(request.POST)
        if form.is_valid():
            try:
                tiket = services.tiket_buat(pegawai=request.user, dari=dari, **form.cleaned_data)
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                kepada = "admin OPD Anda" if tiket.tingkat == rules.TINGKAT_OPD else "BKD"
                messages.success(
                    request, f"Permintaan bantuan terkirim ke {kepada}. Jawabannya muncul di sini."
                )
                return redirect("bantuan_detail", pk=tiket.pk)
    else:
        form = TiketForm()
    pegawai = pegawai_diperiksa(request.user.pk)
    return render(
        request,
        "bantuan/buat.html",
        {
            "form": form,
            "dari": dari,
            "temuan": diagnosa_pegawai(pegawai),
            "saran_faq": selectors.faq_daftar()[:SARAN_FAQ],
            "kontak": selectors.kontak_instansi(request.user.instansi_id),
        },
    )


@wajib_pegawai
def daftar(request):
    """The pegawai's own tickets ("Bantuan saya") and, for admins, the queue of those they
    handle (their default tab), filtered by status; BKD also chooses its level or all OPD."""
    user = request.user
    tab = request.GET.get("tab", "masuk" if user.adalah_admin else "saya")
    if tab != "masuk" or not user.adalah_admin:
        tab = "saya"
    status = request.GET.get("status", "terbuka" if tab == "masuk" else "semua")
    if status not in SARING_STATUS:
        status = "semua"
    lingkup = "semua" if request.GET.get("lingkup") == "semua" else "saya"
    if tab == "masuk":
        daftar_tiket = selectors.antrean_admin(user, status=status, lingkup=lingkup)
    else:
        daftar_tiket = selectors.tiket_saya(user, status=status)
    return render(
        request,
        "bantuan/daftar.html",
        {
            "tab": tab,
            "status": status,
            "lingkup": lingkup,
            "saring_status": SARING_STATUS,
            "halaman": _halaman(request, daftar_tiket),
            "menunggu": selectors.jumlah_tiket_menunggu(user) if user.adalah_admin else 0,
        },
    )


def _detail(request, tiket, *, form_balas=None, form_teruskan=None, status=200):
    boleh = izin.aksi_boleh(request.user, tiket)
    return render(
        request,
        "bantuan/detail.html",
        {
            "tiket": tiket,
            "konteks": tiket.konteks,
            "balasan": selectors.balasan_tiket(tiket),
            "boleh": boleh,
            "form_balas": form_balas or BalasanForm(penangan=boleh["penangan"]),
            "form_teruskan": form_teruskan or TeruskanForm(),
            "kontak": selectors.kontak_instansi(tiket.instansi_id),
        },
        status=status,
    )


@wajib_pegawai
def detail(request, pk):
    """The thread of a ticket, its snapshot (for the admins), the reply form and the
    actions the user may take. POST: a reply."""
    tiket = _get_tiket(request, pk)
    if request.method != "POST":
        # Read now: the notifications of this thread no longer wait in the bell.
        notifikasi_selesai(penerima_id=request.user.pk, awalan_kunci=f"bantuan:{tiket.pk}:")
        return _detail(request, tiket)
    penangan = izin.peran_tiket(request.user, tiket) in rules.PENANGAN
    form = BalasanForm(request.POST, penangan=penangan)
    if form.is_valid():
        try:
            services.tiket_balas(
                tiket=tiket,
                by=request.user,
                isi=form.cleaned_data["isi"],
                **({"lanjut": form.cleaned_data["lanjut"]} if penangan else {}),
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Balasan terkirim.")
            return redirect(reverse("bantuan_detail", args=[tiket.pk]) + "#balas")
    return _detail(request, tiket, form_balas=form)


@wajib_pegawai
@require_POST
def teruskan(request, pk):
    tiket = _get_tiket(request, pk)
    form = TeruskanForm(request.POST)
    if form.is_valid():
        try:
            services.tiket_teruskan(
                tiket=tiket, by=request.user, catatan=form.cleaned_data["catatan"]
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Permintaan diteruskan ke BKD.")
            return redirect("bantuan_detail", pk=tiket.pk)
    return _detail(request, tiket, form_teruskan=form)


@wajib_pegawai
@require_POST
def selesai(request, pk):
    tiket = _get_tiket(request, pk)
    jalankan(request, services.tiket_selesai, "Permintaan ditandai selesai.", tiket=tiket)
    return redirect("bantuan_detail", pk=tiket.pk)


@wajib_pegawai
@require_POST
def buka_kembali(request, pk):
    tiket = _get_tiket(request, pk)
    jalankan(request, services.tiket_buka_kembali, "Permintaan dibuka kembali.", tiket=tiket)
    return redirect("bantuan_detail", pk=tiket.pk)


# ---- FAQ and contact -------------------------------------------------------------------


@wajib_pegawai
def faq(request):
    """Pertanyaan umum of the instansi, readable by every pegawai of it."""
    return render(
        request,
        "bantuan/faq.html",
        {
            "daftar": selectors.faq_daftar(),
            "kontak": selectors.kontak_instansi(request.user.instansi_id),
            "tautan_buat": reverse("bantuan_buat") + "?" + urlencode({"dari": request.path}),
        },
    )


@wajib_bkd
def faq_kelola(request):
    """BKD: the entries with their actions and a form to add one; on an empty page, the
    default entries (bantuan.bawaan) a button away."""
    instansi = request.user.instansi
    form = PertanyaanUmumForm()
    if request.method == "POST":
        if request.POST.get("aksi") == "bawaan":
            if jumlah := services.faq_isi_bawaan(instansi=instansi, by=request.user):
                messages.success(request, f"{jumlah} pertanyaan bawaan ditambahkan.")
            else:
                messages.info(
                    request, "Halaman ini sudah berisi pertanyaan; tidak ada yang ditambahkan."
                )
            return redirect("faq_kelola")
        form = PertanyaanUmumForm(request.POST)
        if form.is_valid():
            try:
                services.faq_tambah(instansi=instansi, by=request.user, **form.cleaned_data)
            except ValidationError as e:
                galat_ke_form(form, e)
            else:
                messages.success(request, "Pertanyaan ditambahkan.")
                return redirect("faq_kelola")
    return render(
        request,
        "bantuan/faq_kelola.html",
        {
            "daftar": list(selectors.faq_daftar()),
            "form": form,
            "kontak": selectors.kontak_instansi(instansi.pk),
        },
    )


@wajib_bkd
def faq_ubah(request, pk):
    entri = get_object_or_404(PertanyaanUmum, pk=id_atau_404(pk))
    form = PertanyaanUmumForm(request.POST or None, instance=entri)
    if request.method == "POST" and form.is_valid():
        try:
            services.faq_ubah(
                faq=PertanyaanUmum.objects.get(pk=entri.pk),
                by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Pertanyaan disimpan.")
            return redirect("faq_kelola")
    return render(request, "bantuan/faq_ubah.html", {"form": form, "entri": entri})


@wajib_bkd
@require_POST
def faq_hapus(request, pk):
    entri = get_object_or_404(PertanyaanUmum, pk=id_atau_404(pk))
    jalankan(request, services.faq_hapus, "Pertanyaan dihapus.", faq=entri)
    return redirect("faq_kelola")


@wajib_bkd
@require_POST
def faq_pindah(request, pk):
    entri = get_object_or_404(PertanyaanUmum, pk=id_atau_404(pk))
    jalankan(
        request, services.faq_pindah, "Urutan disimpan.", faq=entri, arah=request.POST.get("arah")
    )
    return redirect(reverse("faq_kelola") + f"#faq-{entri.pk}")


@wajib_bkd
def kontak(request):
    """BKD: the phone/WhatsApp, e-mail and hours shown with the FAQ and every ticket."""
    instansi = request.user.instansi
    ada = selectors.kontak_instansi(instansi.pk)
    form = KontakBantuanForm(request.POST or None, instance=ada)
    if request.method == "POST" and form.is_valid():
        try:
            services.kontak_simpan(instansi=instansi, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            galat_ke_form(form, e)
        else:
            messages.success(request, "Kontak bantuan disimpan.")
            return redirect("faq_kelola")
    return render(request, "bantuan/kontak.html", {"form": form})
