"""Non-trivial reads of the organisation. Each costs a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django_scopes import scopes_disabled

from inti.format import format_tanggal
from inti.kalender import tanggal_cetak_bawaan
from organisasi.models import HariLibur, Instansi, Pegawai, Pengecualian, UnitKerja
from organisasi.rules import path_leluhur, pimpinan_terdekat_di_atas


def unit_leluhur(unit: UnitKerja) -> list[UnitKerja]:
    """Ancestors of a unit, root first (one query)."""
    paths = path_leluhur(unit.path)
    if not paths:
        return []
    return list(
        UnitKerja.objects.filter(instansi_id=unit.instansi_id, path__in=paths)
        .select_related("pimpinan")
        .order_by("path")
    )


def unit_subtree(unit: UnitKerja):
    """The unit and all its descendants, in tree order (one query)."""
    return UnitKerja.objects.filter(
        instansi_id=unit.instansi_id, path__startswith=unit.path
    ).select_related("pimpinan", "opd")


def unit_cabang(unit: UnitKerja):
    """The units of `unit`'s own OPD below it, and the OPD nested in them (folded: their
    own units are another call). Tree order, one query."""
    milik_opd = Q(opd__isnull=True) if unit.opd_id is None else Q(opd_id=unit.opd_id)
    induk_milik_opd = (
        Q(parent__opd__isnull=True) if unit.opd_id is None else Q(parent__opd_id=unit.opd_id)
    )
    return (
        unit_subtree(unit)
        .filter(Q(pk=unit.pk) | milik_opd | (Q(adalah_opd=True) & induk_milik_opd))
        .order_by("path")
    )


def cari_unit_semua(q: str):
    """Every unit whose name or ID matches, with its parent, for Struktur Unit Kerja."""
    return (
        UnitKerja.objects.filter(Q(nama__icontains=q) | Q(id_eksternal__iexact=q))
        .select_related("parent", "opd", "pimpinan")
        .order_by("path")
    )


def atasan_pegawai(pegawai: Pegawai) -> Pegawai | None:
    """The pejabat penilai (DOMAIN: Atasan): the pimpinan of one's own unit; for that
    pimpinan, the pimpinan of the nearest ancestor unit that has one."""
    unit = pegawai.unit_kerja
    if unit is None:
        return None
    if unit.pimpinan_id and unit.pimpinan_id != pegawai.pk:
        return unit.pimpinan
    if unit.pimpinan_id != pegawai.pk:
        return None
    for leluhur in reversed(unit_leluhur(unit)):
        if leluhur.pimpinan_id:
            return leluhur.pimpinan
    return None


def _unit_bawahan_pimpinan(unit: UnitKerja) -> list[int]:
    """Pegawai ids of pimpinan of descendant units whose nearest led ancestor is `unit`."""
    dipimpin = list(
        UnitKerja.objects.filter(
            instansi_id=unit.instansi_id, path__startswith=unit.path, pimpinan__isnull=False
        )
        .exclude(pk=unit.pk)
        .values_list("path", "pimpinan_id")
    )
    # The unit itself counts as led here: it is the penilai's own unit.
    atas = pimpinan_terdekat_di_atas([unit.path, *(path for path, _ in dipimpin)])
    return [pimpinan_id for path, pimpinan_id in dipimpin if atas[path] == unit.path]


def pegawai_aktif(units=None):
    """The pegawai who count in a unit's numbers: active, in service, placed in a unit (of
    `units`, a queryset or list, when given). The superadmin belongs to no instansi, so no
    tenant-scoped query returns it."""
    pegawai = Pegawai.objects.filter(is_active=True, status=Pegawai.Status.AKTIF)
    if units is None:
        return pegawai.filter(unit_kerja__isnull=False)
    return pegawai.filter(unit_kerja__in=units)


def dikecualikan_pada(pada: date) -> Exists:
    """For a Pegawai queryset: the pegawai has an exemption (pejabat negara, CLTN, MPP…)
    covering `pada` (DOMAIN: No SKP needed)."""
    return Exists(
        Pengecualian.objects.filter(pegawai=OuterRef("pk"), mulai__lte=pada).filter(
            Q(selesai__isnull=True) | Q(selesai__gte=pada)
        )
    )


def wajib_skp(pada: date, pegawai=None):
    """The one definition of who must have an SKP, used by every list, recap, reminder and
    beranda: the pegawai who count in a unit (`pegawai_aktif`, or the given queryset) and
    are not exempt on `pada` (the reference day of the year: skp.selectors.tanggal_acuan)."""
    return (pegawai if pegawai is not None else pegawai_aktif()).exclude(dikecualikan_pada(pada))


def bawahan_penilai(penilai: Pegawai):
    """Everyone whose atasan is `penilai` (two queries to build; the caller pages it)."""
    unit = getattr(penilai, "unit_dipimpin", None) if penilai.pk else None
    if unit is None:
        return Pegawai.objects.none()
    return (
        Pegawai.objects.filter(
            (Q(unit_kerja=unit) & ~Q(pk=penilai.pk)) | Q(pk__in=_unit_bawahan_pimpinan(unit)),
            # Retired, dismissed or deactivated pegawai are nobody's bawahan any more.
            is_active=True,
            status=Pegawai.Status.AKTIF,
        )
        .select_related("unit_kerja")
        .order_by("nama")
    )


def pegawai_satu_unit(pegawai: Pegawai):
    if pegawai.unit_kerja_id is None:
        return Pegawai.objects.none()
    return (
        Pegawai.objects.filter(unit_kerja_id=pegawai.unit_kerja_id)
        .exclude(pk=pegawai.pk)
        .order_by("nama")
    )


def unit_dikelola(admin: Pegawai):
    """Units an admin may manage: the whole instansi for BKD, the OPD's own units
    (not nested OPDs, which have their own admin) for an admin OPD."""
    if admin.adalah_admin_bkd:
        return UnitKerja.objects.all()
    if admin.adalah_admin_opd:
        return UnitKerja.objects.filter(opd_id=admin.admin_opd_id)
    return UnitKerja.objects.none()


def pegawai_dikelola(admin: Pegawai):
    if admin.adalah_admin_bkd:
        # Everyone in the scope: the superadmin has no instansi (a check constraint), so
        # no exclude is needed, and COUNT(*) can use the (instansi, nama) index alone.
        return Pegawai.objects.all()
    if admin.adalah_admin_opd:
        # Admin accounts are BKD's to manage: an admin OPD resetting the password of an
        # admin BKD working in its OPD would take over the whole instansi.
        # The OPD's units as a subquery: the (instansi, unit_kerja, nama) index per unit,
        # where a join on unit_kerja.opd made PostgreSQL scan all 60,000 pegawai.
        return Pegawai.objects.filter(
            Q(
                unit_kerja__in=UnitKerja.objects.filter(opd_id=admin.admin_opd_id).values("pk"),
                peran=Pegawai.Peran.PEGAWAI,
            )
            | Q(pk=admin.pk)
        )
    return Pegawai.objects.none()


def cari_unit(q: str, *, limit=20):
    q = (q or "").strip()
    if len(q) < 2:
        return UnitKerja.objects.none()
    return (
        UnitKerja.objects.filter(aktif=True)
        .filter(Q(nama__icontains=q) | Q(id_eksternal__iexact=q))
        .select_related("parent")
        .order_by("depth", "nama")[:limit]
    )


@dataclass(frozen=True)
class Temuan:
    kode: str
    tingkat: str  # "ok", "peringatan", "masalah"
    pesan: str


def diagnosa_atasan(pegawai: Pegawai) -> list[Temuan]:
    """Why might this pegawai not appear at their atasan? (DOMAIN: the commonest ticket).

    Returns every cause that applies now, the blocking ones first.
    """
    temuan: list[Temuan] = []
    unit = pegawai.unit_kerja
    hari_ini = pegawai.instansi.hari_ini()
    for p in pegawai.pengecualian.all():
        if p.berlaku_pada(hari_ini):
            temuan.append(
                Temuan(
                    "pengecualian",
                    "peringatan",
                    f"Anda sedang dalam masa {p.get_jenis_display()} sejak "
                    f"{format_tanggal(p.mulai)}: tidak diwajibkan menyusun SKP dan tidak muncul "
                    "dalam daftar penilaian.",
                )
            )
    if unit is None:
        temuan.append(
            Temuan(
                "tanpa_unit",
                "masalah",
                "Unit kerja Anda belum diisi. Pilih unit kerja terkecil tempat Anda bertugas "
                "pada Edit Profil.",
            )
        )
        return urut_temuan(temuan)
    if not unit.aktif:
        temuan.append(
            Temuan(
                "unit_nonaktif",
                "masalah",
                f"Unit kerja {unit.nama} sudah tidak aktif. Pilih unit kerja yang berlaku.",
            )
        )
    memimpin = unit.pimpinan_id == pegawai.pk
    # "Too high" is the whole Dinas/Badan (or the instansi itself): a staff member of a
    # bidang that also has seksi may well belong to the bidang.
    terlalu_tinggi = unit.adalah_opd or unit.depth <= 2
    jumlah_sub_unit = unit.anak.filter(aktif=True).count() if terlalu_tinggi else 0
    if not memimpin and jumlah_sub_unit:
        temuan.append(
            Temuan(
                "unit_terlalu_tinggi",
                "peringatan",
                f"Unit kerja Anda, {unit.nama}, masih memiliki {jumlah_sub_unit} sub-unit. "
                "Bila Anda bertugas di bidang, bagian, seksi atau subbagian, pilih unit itu: "
                "pejabat penilai adalah pimpinan unit kerja terkecil tempat Anda bertugas. "
                "Memilih seluruh Dinas/Badan adalah penyebab paling umum nama tidak muncul.",
            )
        )
    atasan = atasan_pegawai(pegawai)
    if not memimpin and not unit.pimpinan_id:
        temuan.append(
            Temuan(
                "tanpa_pimpinan",
                "masalah",
                f"Belum ada pegawai yang melakukan Klaim Pimpinan Unit Kerja pada {unit.nama}. "
                "Minta pimpinan unit Anda mengklaim dari menu profilnya, atau hubungi admin OPD.",
            )
        )
    elif memimpin and atasan is None:
        temuan.append(
            Temuan(
                "tanpa_pimpinan_atas",
                "masalah",
                f"Anda pimpinan {unit.nama}, tetapi belum ada pimpinan yang mengklaim unit di "
                "atasnya. Pejabat penilai Anda adalah pimpinan unit terdekat di atas yang sudah "
                "diklaim.",
            )
        )
    if atasan is not None:
        temuan.append(
            Temuan(
                "atasan_ada",
                "ok",
                f"Pejabat penilai Anda: {atasan.nama_lengkap} ({atasan.nip}), pimpinan "
                f"{atasan.unit_kerja.nama if atasan.unit_kerja_id else '-'}. Nama Anda muncul "
                "di daftar penilaiannya setelah Anda menambah periode penilaian dan mengisi "
                "realisasi.",
            )
        )
    return urut_temuan(temuan)


def urut_temuan(temuan: list[Temuan]) -> list[Temuan]:
    """Blocking causes first, then warnings, then what is fine."""
    urutan = {"masalah": 0, "peringatan": 1, "ok": 2}
    return sorted(temuan, key=lambda t: urutan[t.tingkat])


def statistik_instansi(instansi_ids) -> dict[int, dict[str, int]]:
    """Counts per instansi for the superadmin: aggregates only, no personal data."""
    hasil = {pk: {"unit": 0, "pegawai": 0} for pk in instansi_ids}
    with scopes_disabled():
        for model, kunci in ((UnitKerja, "unit"), (Pegawai, "pegawai")):
            baris = (
                model.objects.filter(instansi_id__in=instansi_ids)
                .values_list("instansi_id")
                .annotate(n=Count("pk"))
            )
            for instansi_id, n in baris:
                hasil[instansi_id][kunci] = n
    return hasil


def instansi_aktif() -> list[int]:
    """Ids of the active tenants, for periodic jobs that visit each in its own scope."""
    with scopes_disabled():
        return list(Instansi.objects.filter(aktif=True).values_list("pk", flat=True))


def tanggal_cetak_unit(unit, mulai: date, selesai: date) -> date:
    """The last working day of mulai..selesai for the unit's workday setting (5 when there
    is no unit) and the instansi's holidays: the default date of a printed document."""
    hari_kerja = unit.hari_kerja_efektif if unit else 5
    libur = set(
        HariLibur.objects.filter(tanggal__range=(mulai, selesai)).values_list("tanggal", flat=True)
    )
    return tanggal_cetak_bawaan(selesai, hari_kerja=hari_kerja, libur=libur)


def punya_dua_langkah(pegawai) -> bool:
    """Whether the pegawai has a second factor (an authenticator app or a passkey)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=pegawai, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def sso_app(instansi):
    """The instansi's OpenID Connect provider (django-allauth's SocialApp), or None."""
    from allauth.socialaccount.models import SocialApp

    return SocialApp.objects.filter(
        provider="openid_connect", provider_id=instansi.sso_provider_id
    ).first()
