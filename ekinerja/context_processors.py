from functools import cache

from django.urls import reverse

from organisasi.models import Notifikasi, Pegawai

Peran = Pegawai.Peran


@cache
def _menu(peran: str, memimpin: bool) -> tuple[list, list]:
    """The menu and the "Administrasi" group of a role (and whether one leads a unit, so
    has bawahan to approve and rate): the same on every page, so its twenty reverse() calls
    are made once per process, not per request."""
    if peran == Peran.SUPERADMIN:
        return [("Instansi", reverse("instansi_daftar"))], []
    menu = [
        ("Beranda", reverse("beranda")),
        ("Profil", reverse("profil")),
        ("SKP", reverse("skp_daftar")),
        *([("SKP Bawahan", reverse("skp_bawahan"))] if memimpin else []),
        ("Penilaian", reverse("penilaian_saya")),
        *([("Penilaian Bawahan", reverse("penilaian_bawahan"))] if memimpin else []),
        ("Progres Harian", reverse("aktivitas")),
        ("Struktur Unit Kerja", reverse("struktur")),
    ]
    # Admin pages go in one "Administrasi" group (a <details> dropdown, no JavaScript), so
    # the bar stays one line for the admins too.
    admin = []
    if peran in (Peran.ADMIN_OPD, Peran.ADMIN_BKD):
        admin += [
            ("Kelola Unit", reverse("kelola_unit")),
            ("Kelola Pegawai", reverse("kelola_pegawai")),
            ("Impor SI-ASN", reverse("impor_daftar")),
            ("Aktivasi Akun", reverse("kelola_aktivasi")),
            ("Progres SKP", reverse("skp_progres")),
            ("Progres Penilaian", reverse("penilaian_progres")),
            ("Kurva Distribusi", reverse("kurva")),
            ("Jadwal dan Dispensasi", reverse("jadwal_daftar")),
            ("Cetak Massal", reverse("cetak_massal")),
            ("Ketidakhadiran", reverse("ketidakhadiran")),
            ("Rekap TPP", reverse("tpp_rekap")),
        ]
    if peran == Peran.ADMIN_BKD:
        admin += [
            ("Review Tim Penilai", reverse("review_antrean")),
            ("Tindak Lanjut", reverse("tindak_lanjut")),
            ("Pegawai di Instansi Lain", reverse("penugasan_keluar")),
            ("Perjanjian Kinerja", reverse("perjanjian_kinerja")),
            ("Pengaturan Instansi", reverse("pengaturan_instansi")),
            ("Konfigurasi TPP", reverse("tpp_konfigurasi")),
        ]
    return menu, admin


def navigasi(request):
    """Menu per role; one query for the unread-notification badge."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # No query: the backend loads the unit one leads with the user (inti.auth).
    menu, admin = _menu(user.peran, hasattr(user, "unit_dipimpin"))
    if user.adalah_superadmin:
        return {"menu": menu}
    belum_dibaca = Notifikasi.objects.filter(penerima=user, dibaca_pada__isnull=True).count()
    return {"menu": menu, "menu_admin": admin, "notifikasi_baru": belum_dibaca}
