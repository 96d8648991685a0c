from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ekinerja.akun import AdapterOIDCBertanda
from ekinerja.forms import PilihanSurelForm
from ekinerja.selectors import tugas_admin, tugas_pegawai, tugas_penilai, tugas_progres
from organisasi import selectors
from organisasi.models import Notifikasi
from penilaian.models import PeriodePenilaian
from penilaian.selectors import diagnosa_pegawai, pegawai_diperiksa
from skp.models import SKP
from skp.selectors import pengecualian_aktif


@login_required
def beranda(request):
    """What to do next (the to-do list of every role the user holds), then where one
    stands: unit and penilai, this year's SKP and periods, new notifications."""
    user = request.user
    if user.adalah_superadmin:
        return redirect("instansi_daftar")
    pegawai = pegawai_diperiksa(user.pk)
    sekarang = timezone.now()
    hari_ini = pegawai.instansi.hari_ini()
    memimpin = hasattr(user, "unit_dipimpin")
    bawahan = selectors.bawahan_penilai(user) if memimpin else None  # built once, used twice
    # One group per role the user holds, so a penilai's own SKP is not mixed with their
    # bawahan's; urgent first within a group (the selector's order kept otherwise).
    tugas = [
        (judul, sorted(daftar, key=lambda t: not t.mendesak))
        for judul, daftar in (
            ("Untuk Anda sendiri", tugas_progres(pegawai) + tugas_pegawai(pegawai, sekarang)),
            ("Sebagai pejabat penilai", tugas_penilai(user, sekarang, bawahan=bawahan)),
            ("Sebagai admin", tugas_admin(user, sekarang) if user.adalah_admin else []),
        )
        if daftar
    ]
    konteks = {
        "pegawai": pegawai,
        "tugas": tugas,
        "atasan": selectors.atasan_pegawai(pegawai),
        "memimpin": memimpin,
        "jumlah_bawahan": bawahan.count() if memimpin else 0,
        "pengecualian": pengecualian_aktif(pegawai, hari_ini),
        "notifikasi": Notifikasi.objects.filter(penerima=pegawai, dibaca_pada__isnull=True)[:5],
        "skp_tahun_ini": SKP.objects.filter(pegawai=pegawai, tahun=hari_ini.year)
        .order_by("-mulai")
        .first(),
        "periode_saya": PeriodePenilaian.objects.filter(pegawai=pegawai, tahun=hari_ini.year)
        .select_related("skp__unit_kerja")
        .order_by("-mulai", "kode")[:4],
    }
    return render(request, "beranda.html", konteks)


@login_required
def diagnosa(request):
    """'Mengapa saya tidak muncul di atasan?': every cause that applies now."""
    if request.user.adalah_superadmin:
        raise Http404
    pegawai = pegawai_diperiksa(request.user.pk)
    return render(
        request,
        "organisasi/diagnosa.html",
        {"pegawai": pegawai, "temuan": diagnosa_pegawai(pegawai)},
    )


def sehat(request):
    """Liveness for the load balancer and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def akun(request):
    """One's account: password, e-mail, two-factor, sessions (django-allauth's pages)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    form = PilihanSurelForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Pilihan e-mail notifikasi disimpan.")
        return redirect("akun")
    return render(
        request,
        "akun.html",
        {
            "form_surel": form,
            "surel_aktif": settings.NOTIFIKASI_SUREL,
            "jenis_2fa": set(
                Authenticator.objects.filter(user=request.user).values_list("type", flat=True)
            ),
            "email": EmailAddress.objects.filter(user=request.user).order_by("-primary").first(),
            "sesi": UserSession.objects.filter(user=request.user).count(),
        },
    )


# ---- single sign-on (django-allauth's OpenID Connect views, with our ID token check) ----


@login_not_required
def sso_masuk(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(AdapterOIDCBertanda(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def sso_kembali(request, provider_id):
    try:
        return OAuth2CallbackView.adapter_view(AdapterOIDCBertanda(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
