from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from ekinerja.akun import AdapterOIDCBertanda
from organisasi import selectors
from organisasi.models import Notifikasi, Pegawai
from penilaian.models import PeriodePenilaian
from skp.models import SKP


@login_required
def beranda(request):
    user = request.user
    if user.adalah_superadmin:
        return redirect("instansi_daftar")
    pegawai = Pegawai.objects.select_related("unit_kerja__pimpinan", "instansi").get(pk=user.pk)
    unit = pegawai.unit_kerja
    konteks = {
        "pegawai": pegawai,
        "atasan": selectors.atasan_pegawai(pegawai),
        "memimpin": unit is not None and unit.pimpinan_id == pegawai.pk,
        "notifikasi": Notifikasi.objects.filter(penerima=pegawai, dibaca_pada__isnull=True)[:5],
        "skp_tahun_ini": SKP.objects.filter(pegawai=pegawai, tahun=pegawai.instansi.hari_ini().year)
        .order_by("-mulai")
        .first(),
    }
    tahun = pegawai.instansi.hari_ini().year
    konteks["periode_saya"] = PeriodePenilaian.objects.filter(
        pegawai=pegawai, tahun=tahun
    ).order_by("-mulai", "kode")[:4]
    if konteks["memimpin"]:
        konteks["jumlah_bawahan"] = selectors.bawahan_penilai(pegawai).count()
        konteks["menunggu_penilaian"] = PeriodePenilaian.objects.filter(
            pegawai__in=selectors.bawahan_penilai(pegawai),
            status=PeriodePenilaian.Status.DIAJUKAN,
        ).count()
    if user.adalah_admin_bkd:
        konteks["menunggu_review"] = PeriodePenilaian.objects.filter(
            status=PeriodePenilaian.Status.MENUNGGU_REVIEW
        ).count()
    if user.adalah_admin:
        units = selectors.unit_dikelola(user)
        konteks["ringkasan_admin"] = {
            "unit": units.count(),
            "unit_tanpa_pimpinan": units.filter(pimpinan__isnull=True, aktif=True).count(),
            "pegawai": selectors.pegawai_dikelola(user).count(),
        }
    return render(request, "beranda.html", konteks)


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

    return render(
        request,
        "akun.html",
        {
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
