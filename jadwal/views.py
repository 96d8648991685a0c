from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from inti.aksi import galat_ke_form
from inti.kalender import FINAL, label_periode, pilihan_periode_tahun
from inti.parameter import tahun_dari
from jadwal import rules, selectors, services
from jadwal.forms import DispensasiForm, JadwalBulananForm, JadwalForm
from jadwal.models import Dispensasi, Jadwal
from organisasi.access import wajib_admin
from organisasi.models import GangguanTugas
from organisasi.selectors import pegawai_dikelola, unit_dikelola

# The periodic jobs of organisasi.tasks.per_instansi, as the admin BKD knows them.
NAMA_TUGAS = {
    "kunci_jadwal": "Penguncian otomatis pada batas waktu",
    "kirim_pengingat": "Pengingat tenggat",
    "kirim_pengingat_pembinaan": "Pengingat pembinaan",
    "tutup_aktivasi_kedaluwarsa": "Penutupan kode aktivasi kedaluwarsa",
}


@wajib_admin
def jadwal_daftar(request):
    """BKD sets the windows; admin OPD sees them and opens dispensasi from here."""
    tahun = tahun_dari(request)
    bulanan = request.user.instansi.periode_bulanan
    pilihan = pilihan_periode_tahun(tahun, bulanan=bulanan)
    if not bulanan:
        # Months too, for the monthly TPP steps.
        pilihan += [p for p in pilihan_periode_tahun(tahun, bulanan=True) if p.kode != FINAL]
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
        j.label_periode = label_periode(j.kode, j.tahun) if j.kode else "Setahun"
    gangguan = list(GangguanTugas.objects.all()) if request.user.adalah_admin_bkd else []
    for g in gangguan:
        g.nama = NAMA_TUGAS.get(g.tugas, g.tugas)
        g.pada_teks = selectors.format_waktu(g.pada, request.user.instansi)
    return render(
        request,
        "jadwal/jadwal.html",
        {
            "tahun": tahun,
            "daftar": daftar,
            "form": form,
            "form_bulanan": form_bulanan,
            "gangguan": gangguan,
        },
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
        "jadwal/dispensasi.html",
        {
            "jadwal": jadwal,
            "form": form,
            "daftar": daftar[:200],
            "sekarang": sekarang,
            "batas_teks": selectors.format_waktu(jadwal.batas, jadwal.instansi),
        },
    )
