"""Getting in the first time: one-time activation codes, issued by an admin for one pegawai,
a unit, an OPD or everyone they manage, printed as letters (one page per pegawai, with a QR
code to the activation page) and e-mailed where an address is known.

Our own code rather than a library's: an account library's e-mail confirmation needs an
address first, and most pegawai imported from SI-ASN have none; the letter handed out by
the OPD is what reaches all 60,000.

Only a keyed hash of a code is stored (like a password), so the letters are the one copy of
the codes: a lost file means issuing again, which replaces the older codes. A code works
once, until AKTIVASI_HARI days after it was issued.
"""

import io
import secrets
import zipfile
from datetime import timedelta

import segno
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlencode

from inti.antrean import antrekan
from inti.format import format_tanggal
from inti.models import Jejak, catat_jejak, jejak_baru
from inti.pdf import css_dokumen, pdf_dari_html
from inti.tenancy import scopes_disabled
from organisasi.models import Aktivasi, Pegawai, SuratAktivasi, UnitKerja
from organisasi.selectors import pegawai_dikelola, unit_dikelola

# No 0/O, 1/I/L: read off paper and typed on a phone.
HURUF = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PANJANG = 12  # 31^12 ≈ 8 × 10^17, with tries limited per NIP and address
# Letters per step of the job and per PDF in the ZIP: a step renders in well under a
# minute (about 40-75 ms a letter on a 2-core machine), memory stays bounded, and each
# PDF stays a printable size.
SURAT_PER_PDF = 500
GALAT_KODE = "NIP atau kode aktivasi salah, sudah dipakai, atau sudah kedaluwarsa."


def buat_kode() -> str:
    kode = "".join(secrets.choice(HURUF) for _ in range(PANJANG))
    return "-".join(kode[i : i + 4] for i in range(0, PANJANG, 4))


def _rapikan(kode: str) -> str:
    return "".join(c for c in (kode or "").upper() if c.isalnum())


def sidik_kode(kode: str) -> str:
    return salted_hmac("organisasi.aktivasi", _rapikan(kode)).hexdigest()


def tautan_aktivasi(nip: str, kode: str) -> str:
    return f"{settings.SITUS_URL}{reverse('aktivasi')}?{urlencode({'nip': nip, 'kode': kode})}"


def sudah_aktif() -> Q:
    """Pegawai who can log in with a password of their own (Django marks an unusable
    password with a leading "!")."""
    return ~Q(password__startswith="!") & ~Q(password="")


# ---- issuing ----------------------------------------------------------------------------


def sasaran(surat: SuratAktivasi):
    """The pegawai a letter job is for: within what its admin manages, never admins (their
    accounts are BKD's), active ones only."""
    pegawai = pegawai_dikelola(surat.oleh).filter(
        is_active=True, status=Pegawai.Status.AKTIF, peran=Pegawai.Peran.PEGAWAI
    )
    if surat.lingkup == SuratAktivasi.Lingkup.PEGAWAI:
        pegawai = pegawai.filter(pk=surat.pegawai_id)
    elif surat.lingkup == SuratAktivasi.Lingkup.UNIT:
        pegawai = pegawai.filter(unit_kerja_id=surat.unit_id)
    elif surat.lingkup == SuratAktivasi.Lingkup.OPD:
        pegawai = pegawai.filter(
            unit_kerja__in=UnitKerja.objects.filter(opd_id=surat.unit_id).values("pk")
        )
    if surat.hanya_belum_aktif:
        pegawai = pegawai.exclude(sudah_aktif())
    return pegawai


@transaction.atomic
def surat_aktivasi_minta(*, by, lingkup, unit=None, pegawai=None, hanya_belum_aktif=True):
    from organisasi.tasks import buat_surat_aktivasi

    if lingkup not in SuratAktivasi.Lingkup.values:
        raise ValidationError({"lingkup": "Pilih untuk siapa kode aktivasi diterbitkan."})
    if lingkup == SuratAktivasi.Lingkup.PEGAWAI:
        if pegawai is None or not pegawai_dikelola(by).filter(pk=pegawai.pk).exists():
            raise ValidationError({"nip": "NIP ini bukan pegawai yang Anda kelola."})
        if pegawai.peran != Pegawai.Peran.PEGAWAI:
            raise ValidationError({"nip": "Akun admin diaktifkan oleh admin BKD/superadmin."})
        hanya_belum_aktif = False  # asked for this one pegawai: a new code replaces theirs
    if lingkup in (SuratAktivasi.Lingkup.UNIT, SuratAktivasi.Lingkup.OPD) and (
        unit is None or not unit_dikelola(by).filter(pk=unit.pk).exists()
    ):
        raise ValidationError({"unit": "Pilih unit kerja yang Anda kelola."})
    if lingkup == SuratAktivasi.Lingkup.OPD and not unit.adalah_opd:
        raise ValidationError({"unit": f"{unit.nama} bukan OPD; pilih 'Satu unit kerja'."})
    surat = SuratAktivasi.objects.create(
        instansi_id=by.instansi_id,
        lingkup=lingkup,
        unit=unit if lingkup in (SuratAktivasi.Lingkup.UNIT, SuratAktivasi.Lingkup.OPD) else None,
        pegawai=pegawai if lingkup == SuratAktivasi.Lingkup.PEGAWAI else None,
        hanya_belum_aktif=hanya_belum_aktif,
        oleh=by,
    )
    antrekan(buat_surat_aktivasi, surat.instansi_id, surat.pk)
    return surat


def surat_aktivasi_langkah(*, surat_id) -> bool:
    """One step of a letter job, run by its Celery task; True while letters remain (the task
    then queues the next step). A step issues the codes of SURAT_PER_PDF pegawai (their
    older codes revoked, each issue audited) and prints them into one PDF, in one
    transaction under the job's row lock: a step delivered twice (a lost worker, the
    sweeper) waits and then does the next step or nothing, and 60,000 letters are 120 steps
    of well under the task time limit instead of one job of an hour.

    The first step fixes the list of pegawai (in print order: by unit, then name) and the
    expiry; the last one puts the PDFs in one ZIP."""
    with transaction.atomic():
        surat = (
            SuratAktivasi.objects.select_for_update(of=("self",))
            .select_related("oleh__instansi")
            .filter(pk=surat_id)
            .first()
        )
        if surat is None or surat.status != SuratAktivasi.Status.ANTRE:
            return False
        if surat.berlaku_sampai is None:
            surat.urutan = list(
                sasaran(surat)
                .order_by("unit_kerja__path", "nama", "pk")
                .values_list("pk", flat=True)
            )
            surat.jumlah, surat.selesai = len(surat.urutan), 0
            surat.berlaku_sampai = timezone.now() + timedelta(days=settings.AKTIVASI_HARI)
            surat.save(update_fields=["urutan", "jumlah", "selesai", "berlaku_sampai"])
        awal = surat.selesai
        bagian = surat.urutan[awal : awal + SURAT_PER_PDF]
        if bagian:
            urut = {pk: i for i, pk in enumerate(bagian)}
            pegawai = sorted(
                Pegawai.objects.filter(pk__in=bagian).select_related("unit_kerja"),
                key=lambda p: urut[p.pk],
            )
            surat.terkirim_email += _terbitkan(surat, pegawai, nomor=awal // SURAT_PER_PDF + 1)
            surat.selesai = awal + len(bagian)
            surat.save(update_fields=["selesai", "terkirim_email"])
        if surat.selesai < surat.jumlah:
            return True
        _selesaikan(surat)
        return False


def _nama_bagian(surat, nomor: int) -> str:
    return f"surat-aktivasi/{surat.pk}/surat-aktivasi-{nomor:03}.pdf"


def _selesaikan(surat: SuratAktivasi) -> None:
    """The step PDFs into one ZIP (the file the admin downloads), then removed."""
    bagian = [_nama_bagian(surat, n + 1) for n in range(-(-surat.jumlah // SURAT_PER_PDF))]
    arsip = io.BytesIO()
    with zipfile.ZipFile(arsip, "w", zipfile.ZIP_DEFLATED) as z:
        for nama in bagian:
            with default_storage.open(nama, "rb") as f:
                z.writestr(nama.rsplit("/", 1)[1], f.read())
    surat.berkas.save(f"aktivasi-{surat.pk}.zip", ContentFile(arsip.getvalue()), save=False)
    surat.status, surat.urutan = SuratAktivasi.Status.SIAP, []
    surat.save(update_fields=["berkas", "status", "urutan"])
    transaction.on_commit(lambda: [default_storage.delete(nama) for nama in bagian])
    catat_jejak(
        instansi_id=surat.instansi_id,
        oleh=surat.oleh,
        aksi="aktivasi_terbitkan",
        objek=surat.unit or surat.pegawai or surat.oleh.instansi,
        ke={"lingkup": surat.lingkup, "jumlah": surat.jumlah, "email": surat.terkirim_email},
    )


def _terbitkan(surat, pegawai: list[Pegawai], *, nomor: int) -> int:
    """Codes for `pegawai`, their letters as the job's PDF number `nomor`, and e-mails
    (sent once the step commits). Returns how many e-mails."""
    sekarang, berlaku_sampai = timezone.now(), surat.berlaku_sampai
    instansi = surat.oleh.instansi
    kode = {p.pk: buat_kode() for p in pegawai}
    tautan = {p.pk: tautan_aktivasi(p.nip, kode[p.pk]) for p in pegawai}
    Aktivasi.objects.filter(pegawai_id__in=kode, dipakai_pada=None, dicabut_pada=None).update(
        dicabut_pada=sekarang
    )
    Aktivasi.objects.bulk_create(
        [
            Aktivasi(
                instansi_id=surat.instansi_id,
                pegawai_id=pk,
                sidik=sidik_kode(k),
                berlaku_sampai=berlaku_sampai,
                surat=surat,
                oleh=surat.oleh,
            )
            for pk, k in kode.items()
        ]
    )
    Jejak.objects.bulk_create(
        [
            jejak_baru(
                instansi_id=surat.instansi_id,
                oleh=surat.oleh,
                aksi="aktivasi_terbitkan",
                objek=p,
                ke={"berlaku_sampai": berlaku_sampai.isoformat(), "surat": surat.pk},
            )
            for p in pegawai
        ]
    )
    sampai = timezone.localtime(berlaku_sampai, instansi.zona)
    surat_html = render_to_string(
        "organisasi/pdf/surat_aktivasi.html",
        {
            "instansi": instansi,
            "css": css_dokumen(),
            "berlaku_sampai": sampai,
            "surat": [
                {
                    "pegawai": p,
                    "kode": kode[p.pk],
                    "tautan": tautan[p.pk],
                    "qr": segno.make(tautan[p.pk], error="m").svg_data_uri(scale=3),
                }
                for p in pegawai
            ],
        },
    )
    nama = _nama_bagian(surat, nomor)
    default_storage.delete(nama)  # a step done again after a lost worker prints anew
    default_storage.save(nama, ContentFile(pdf_dari_html(surat_html)))
    surel = [
        (
            "Kode aktivasi akun e-Kinerja",
            f"Yth. {p.nama_lengkap},\n\nAkun e-Kinerja Anda ({instansi.nama}) dapat diaktifkan "
            f"dengan NIP {p.nip} dan kode aktivasi {kode[p.pk]}, sampai "
            f"{format_tanggal(sampai)} {sampai:%H:%M} {instansi.singkatan_zona}.\n\n"
            f"Buka: {tautan[p.pk]}\n\nKode ini hanya berlaku sekali. "
            "Abaikan surel ini bila Anda tidak memintanya; hubungi admin OPD Anda.",
            None,
            [p.email],
        )
        for p in pegawai
        if p.email
    ]
    if surel:
        # Only codes that were committed are mailed.
        transaction.on_commit(lambda: send_mass_mail(surel, fail_silently=True))
    return len(surel)


# ---- using a code -----------------------------------------------------------------------


def aktivasi_pakai(*, nip: str, kode: str, kata_sandi: str) -> Pegawai:
    """Set the first password of the pegawai with this NIP and a valid code; the code is
    used up. The same message for an unknown NIP and a wrong code: nothing tells whether a
    NIP exists."""
    sekarang = timezone.now()
    with scopes_disabled(), transaction.atomic():
        pegawai = Pegawai.objects.filter(nip=(nip or "").strip(), is_active=True).first()
        aktivasi = (
            Aktivasi.objects.select_for_update()
            .filter(pegawai=pegawai, dipakai_pada=None, dicabut_pada=None)
            .first()
            if pegawai
            else None
        )
        if (
            aktivasi is None
            or not constant_time_compare(aktivasi.sidik, sidik_kode(kode))
            or aktivasi.berlaku_sampai <= sekarang
        ):
            raise ValidationError({"kode": GALAT_KODE})
        try:
            validate_password(kata_sandi, pegawai)
        except ValidationError as e:
            raise ValidationError({"kata_sandi": e.messages}) from None
        pegawai.set_password(kata_sandi)
        pegawai.save(update_fields=["password"])
        aktivasi.dipakai_pada = sekarang
        aktivasi.save(update_fields=["dipakai_pada"])
        catat_jejak(
            instansi_id=pegawai.instansi_id,
            oleh=pegawai,
            aksi="aktivasi_pakai",
            objek=pegawai,
            ke={"aktivasi": aktivasi.pk},
        )
    return pegawai


def aktivasi_tutup_kedaluwarsa(*, sekarang=None) -> int:
    """Close the codes of the current tenant that expired unused, each with its audit entry
    (run hourly by the beat job; the rows stay as the record)."""
    sekarang = sekarang or timezone.now()
    lewat = list(
        Aktivasi.objects.filter(
            dipakai_pada=None, dicabut_pada=None, berlaku_sampai__lte=sekarang
        ).select_related("pegawai")[:5000]
    )
    if not lewat:
        return 0
    Jejak.objects.bulk_create(
        [
            jejak_baru(
                instansi_id=a.instansi_id,
                oleh=None,
                aksi="aktivasi_kedaluwarsa",
                objek=a.pegawai,
                ke={"berlaku_sampai": a.berlaku_sampai.isoformat(), "surat": a.surat_id},
            )
            for a in lewat
        ]
    )
    Aktivasi.objects.filter(pk__in=[a.pk for a in lewat]).update(dicabut_pada=sekarang)
    return len(lewat)


def rekap_aktivasi_unit(admin):
    """Per unit the admin manages: pegawai, how many have activated, codes outstanding;
    counted in SQL (one grouped query per page of units)."""
    from django.db.models import Count, Exists, F, OuterRef

    berlaku = Aktivasi.objects.filter(
        pegawai=OuterRef("pk"),
        dipakai_pada=None,
        dicabut_pada=None,
        berlaku_sampai__gt=timezone.now(),
    )
    return (
        pegawai_dikelola(admin)
        .filter(is_active=True, status=Pegawai.Status.AKTIF, unit_kerja__isnull=False)
        .annotate(kode_berlaku=Exists(berlaku))
        .values("unit_kerja", "unit_kerja__nama", "unit_kerja__path")
        .annotate(
            jumlah=Count("pk"),
            aktif=Count("pk", filter=sudah_aktif()),
            kode=Count("pk", filter=Q(kode_berlaku=True) & ~sudah_aktif()),
        )
        .annotate(belum=F("jumlah") - F("aktif") - F("kode"))
        .order_by("unit_kerja__path")
    )
