"""Reads of the helpdesk. Each costs a fixed number of queries, whatever the number of
tickets, replies or FAQ entries."""

from django.db.models import Q

from bantuan import rules
from bantuan.models import KontakBantuan, PertanyaanUmum, Tiket
from inti.format import format_rentang, format_tanggal_jam
from organisasi.models import Pegawai
from organisasi.selectors import atasan_pegawai
from penilaian.models import PeriodePenilaian
from penilaian.selectors import diagnosa_pegawai, pegawai_diperiksa
from skp.models import SKP

# ---- who sees which ticket ---------------------------------------------------------------


def tiket_terlihat(user):
    """The tickets `user` may open: their own; an admin OPD also those of their OPD; BKD
    every ticket of the instansi (the tenant scope keeps the other instansi out)."""
    if user.adalah_admin_bkd:
        return Tiket.objects.all()
    syarat = Q(pegawai_id=user.pk)
    if user.adalah_admin_opd and user.admin_opd_id:
        syarat |= Q(opd_id=user.admin_opd_id)
    return Tiket.objects.filter(syarat)


def _saring_status(tiket, status: str):
    if status == "terbuka":
        return tiket.exclude(status=rules.SELESAI)
    if status in rules.LABEL_STATUS:
        return tiket.filter(status=status)
    return tiket  # "semua"


def tiket_saya(pegawai, *, status: str = "semua"):
    """The pegawai's own tickets ("Bantuan saya"), latest activity first (one query a page,
    plus the paginator's count)."""
    return _saring_status(
        Tiket.objects.filter(pegawai_id=pegawai.pk).select_related("opd"), status
    ).order_by("-diperbarui", "-id")


def antrean_admin(admin, *, status: str = "terbuka", lingkup: str = "saya"):
    """The tickets an admin handles: an admin OPD all of their OPD's (also those escalated
    to BKD, to follow them); BKD those at BKD, or with lingkup="semua" every OPD's."""
    if admin.adalah_admin_bkd:
        tiket = Tiket.objects.all()
        if lingkup != "semua":
            tiket = tiket.filter(tingkat=rules.TINGKAT_BKD)
    elif admin.adalah_admin_opd and admin.admin_opd_id:
        tiket = Tiket.objects.filter(opd_id=admin.admin_opd_id)
    else:
        return Tiket.objects.none()
    return _saring_status(tiket.select_related("pegawai", "opd"), status).order_by(
        "-diperbarui", "-id"
    )


def tiket_menunggu(admin):
    """Open tickets whose next move is this admin's: at their level (their OPD, or BKD),
    BARU or DIPROSES, not their own."""
    if admin.adalah_admin_bkd:
        tiket = Tiket.objects.filter(tingkat=rules.TINGKAT_BKD)
    elif admin.adalah_admin_opd and admin.admin_opd_id:
        tiket = Tiket.objects.filter(tingkat=rules.TINGKAT_OPD, opd_id=admin.admin_opd_id)
    else:
        return Tiket.objects.none()
    return tiket.filter(status__in=rules.MENUNGGU_ADMIN).exclude(pegawai_id=admin.pk)


def jumlah_tiket_menunggu(admin) -> int:
    """For the beranda to-do and the header: how many tickets wait for this admin OPD or
    BKD (one COUNT query; none for a pegawai who is not an admin)."""
    if not admin.adalah_admin:
        return 0
    return tiket_menunggu(admin).count()


def balasan_tiket(tiket):
    """The thread, oldest first, with who wrote each entry (one query)."""
    return tiket.balasan.select_related("oleh").order_by("dibuat", "id")


# ---- who is told -------------------------------------------------------------------------


def admin_opd_dari(opd_id):
    """The active admin OPD of an OPD."""
    return Pegawai.objects.filter(
        peran=Pegawai.Peran.ADMIN_OPD, admin_opd_id=opd_id, is_active=True
    )


def admin_bkd():
    return Pegawai.objects.filter(peran=Pegawai.Peran.ADMIN_BKD, is_active=True)


def penangan_tiket(tiket, *, kecuali=None):
    """Who holds the ticket now (the admin OPD of its OPD, or BKD), as a queryset for
    notifikasi_kirim; without `kecuali` (the one acting)."""
    if tiket.tingkat == rules.TINGKAT_OPD and tiket.opd_id:
        penangan = admin_opd_dari(tiket.opd_id)
    else:
        penangan = admin_bkd()
    return penangan.exclude(pk=kecuali.pk) if kecuali is not None else penangan


# ---- the context attached to a ticket ----------------------------------------------------


def _skp_berjalan(daftar_skp, hari_ini):
    """Of the year's SKP (latest start first): the one running today, else the latest."""
    for skp in daftar_skp:
        if skp.mulai <= hari_ini <= skp.selesai:
            return skp
    return daftar_skp[0] if daftar_skp else None


def konteks_tiket(pegawai, *, dari: str = "") -> dict:
    """What the admin needs to look into a ticket, as it stands now: the page it came from
    (a local path, rules.dari_aman), the pegawai's role, unit, OPD and atasan, their SKP of
    the year with its status, the year's periods with theirs, and every cause the atasan
    diagnosis finds (penilaian.selectors.diagnosa_pegawai). JSON-ready. About ten queries,
    whatever the pegawai's history."""
    pegawai = pegawai_diperiksa(pegawai.pk)
    instansi = pegawai.instansi
    hari_ini = instansi.hari_ini()
    unit = pegawai.unit_kerja
    atasan = atasan_pegawai(pegawai)
    daftar_skp = list(
        SKP.objects.filter(pegawai=pegawai, tahun=hari_ini.year).order_by("-mulai", "-pk")
    )
    skp = _skp_berjalan(daftar_skp, hari_ini)
    periode = PeriodePenilaian.objects.filter(pegawai=pegawai, tahun=hari_ini.year).order_by(
        "mulai", "kode", "pk"
    )
    return {
        "dari": rules.dari_aman(dari),
        "dicatat": format_tanggal_jam(instansi.sekarang(), zona=True),
        "pegawai": {
            "nama": pegawai.nama_lengkap,
            "nip": pegawai.nip,
            "jenis_asn": pegawai.jenis_asn,
            "jabatan": pegawai.jabatan,
        },
        "peran": pegawai.get_peran_display(),
        "unit_kerja": (
            {
                "id": unit.pk,
                "nama": unit.nama,
                "eselon": unit.get_eselon_display(),
                "memimpin": unit.pimpinan_id == pegawai.pk,
            }
            if unit
            else None
        ),
        "opd": {"id": unit.opd_id, "nama": unit.opd.nama} if unit and unit.opd_id else None,
        "atasan": {"id": atasan.pk, "nama": atasan.nama_lengkap, "nip": atasan.nip}
        if atasan
        else None,
        "skp": (
            {
                "id": skp.pk,
                "tahun": skp.tahun,
                "periode": format_rentang(skp.mulai, skp.selesai),
                "status": skp.status,
                "label_status": skp.get_status_display(),
            }
            if skp
            else None
        ),
        "jumlah_skp_tahun_ini": len(daftar_skp),
        "periode": [
            {
                "id": p.pk,
                "kode": p.kode,
                "label": p.label,
                "status": p.status,
                "label_status": p.get_status_display(),
            }
            for p in periode
        ],
        "diagnosa": [
            {"kode": t.kode, "tingkat": t.tingkat, "pesan": t.pesan}
            for t in diagnosa_pegawai(pegawai)
        ],
    }


# ---- contact and FAQ ---------------------------------------------------------------------


def kontak_instansi(instansi_id) -> KontakBantuan | None:
    """The instansi's helpdesk contact, or None when BKD has not set one (one query)."""
    return KontakBantuan.objects.filter(instansi_id=instansi_id).first()


def faq_daftar():
    """The FAQ of the instansi in scope, in BKD's order."""
    return PertanyaanUmum.objects.order_by("urutan", "id")
