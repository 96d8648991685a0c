"""The SKP's approval flow: submit, approve, return, withdraw, amend, expectations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from inti.masukan import teks_bersih
from inti.models import catat_jejak, transisi
from organisasi.models import Notifikasi
from organisasi.selectors import atasan_pegawai
from organisasi.services import notifikasi_kirim, notifikasi_selesai
from skp import izin, rules
from skp.models import (
    RHK,
    SKP,
    Indikator,
    PerilakuKerja,
    VersiSKP,
)
from skp.selectors import pilihan_intervensi


@transaction.atomic
def skp_ajukan(*, skp, by) -> SKP:
    izin.pastikan(izin.alasan_ajukan, by, skp)  # owner, status and the penyusunan window
    atasan = atasan_pegawai(skp.pegawai)
    if atasan is None:
        raise ValidationError(
            "Anda belum memiliki pejabat penilai. Buka 'Mengapa saya tidak "
            "muncul di atasan?' pada profil untuk penyebabnya."
        )
    rhk = list(
        RHK.objects.filter(skp=skp).prefetch_related("indikator", "intervensi", "intervensi_pk")
    )
    if not any(r.jenis == RHK.Jenis.UTAMA for r in rhk):
        raise ValidationError("SKP belum memiliki RHK utama.")
    # Checked again here: copied RHK carry no intervensi, and the atasan may have changed.
    # An atasan without RHK yet blocks nobody: the pegawai links later, the penilai still
    # approves (pilihan.peringatan is shown on the SKP page).
    pilihan = pilihan_intervensi(skp)
    boleh_rhk = {r.pk for r in pilihan.rhk}
    boleh_pk = {s.pk for s in pilihan.sasaran_pk}
    tanpa_intervensi = [
        r.uraian
        for r in rhk
        if r.jenis == RHK.Jenis.UTAMA
        and not any(a.pk in boleh_rhk for a in r.intervensi.all())
        and not any(s.pk in boleh_pk for s in r.intervensi_pk.all())
    ]
    if pilihan.wajib and tanpa_intervensi:
        sasaran = " atau sasaran Perjanjian Kinerja OPD" if pilihan.atasan and boleh_pk else ""
        raise ValidationError(
            f"RHK utama berikut belum mengintervensi RHK atasan Anda{sasaran} tahun "
            f"{skp.tahun}: " + "; ".join(tanpa_intervensi)
        )
    tanpa_indikator = [r.uraian for r in rhk if not r.indikator.all()]
    if tanpa_indikator:
        raise ValidationError("RHK berikut belum memiliki indikator: " + "; ".join(tanpa_indikator))
    skp = transisi(
        skp,
        ke=rules.DIAJUKAN,
        mesin=rules.MESIN_SKP,
        peran=rules.PEGAWAI,
        by=by,
        penilai=atasan,
        diajukan_pada=timezone.now(),
        catatan_revisi="",
    )
    _kabarkan(
        skp,
        atasan,
        f"{skp.pegawai.nama_lengkap} mengajukan SKP {skp.tahun}",
        "Periksa RHK dan indikatornya, lalu setujui atau kembalikan dengan catatan.",
    )
    return skp


@transaction.atomic
def skp_setujui(*, skp, by) -> SKP:
    izin.pastikan(izin.alasan_putuskan, by, skp)
    skp = transisi(
        skp,
        ke=rules.DISETUJUI,
        mesin=rules.MESIN_SKP,
        peran=rules.PENILAI,
        by=by,
        disetujui_pada=timezone.now(),
        penilai=by,
    )
    _kabarkan(
        skp,
        skp.pegawai,
        f"SKP {skp.tahun} Anda disetujui",
        f"Disetujui {by.nama_lengkap}. Tambahkan periode penilaian dan rencana aksi.",
    )
    return skp


@transaction.atomic
def skp_tarik(*, skp, by) -> SKP:
    """The pegawai withdraws a submitted SKP before the penilai decides."""
    izin.pastikan(izin.alasan_tarik, by, skp)
    penilai_id = skp.penilai_id
    skp = transisi(skp, ke=rules.DRAFT, mesin=rules.MESIN_SKP, peran=rules.PEGAWAI, by=by)
    if penilai_id:
        _kabarkan(skp, [penilai_id], f"{by.nama_lengkap} menarik kembali SKP {skp.tahun}", "")
    return skp


@transaction.atomic
def skp_kembalikan(*, skp, by, catatan) -> SKP:
    izin.pastikan(izin.alasan_kembalikan, by, skp)
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Tulis catatan: apa yang perlu diperbaiki pegawai."})
    skp = transisi(
        skp,
        ke=rules.REVISI,
        mesin=rules.MESIN_SKP,
        peran=rules.PENILAI,
        by=by,
        catatan=catatan.strip(),
        catatan_revisi=catatan.strip(),
        penilai=by,
    )
    _kabarkan(skp, skp.pegawai, f"SKP {skp.tahun} Anda dikembalikan untuk diperbaiki", catatan)
    return skp


def _kabarkan(skp, penerima, judul, isi):
    if skp.status != rules.DIAJUKAN and skp.penilai_id:
        # Decided or withdrawn: the penilai's "mengajukan SKP" no longer waits.
        notifikasi_selesai(penerima_id=skp.penilai_id, awalan_kunci=f"skp:{skp.pk}:diajukan:")
    notifikasi_kirim(
        penerima=penerima,
        jenis=Notifikasi.Jenis.SKP,
        kunci=f"skp:{skp.pk}:{skp.status}:{timezone.now().timestamp()}",
        judul=judul,
        isi=isi.strip(),
        tautan=reverse("skp_detail", args=[skp.pk]),
    )


def _isi_skp(skp) -> dict:
    return {
        "mulai": str(skp.mulai),
        "selesai": str(skp.selesai),
        "pendekatan": skp.pendekatan,
        "jabatan": skp.jabatan,
        "rhk": [
            {
                "jenis": r.jenis,
                "uraian": r.uraian,
                "intervensi": [a.uraian for a in r.intervensi.all()],
                "indikator": [
                    {
                        "aspek": i.aspek,
                        "uraian": i.uraian,
                        "target": i.target,
                        "perspektif": i.perspektif,
                    }
                    for i in r.indikator.all()
                ],
            }
            for r in skp.rhk.prefetch_related("indikator", "intervensi")
        ],
        "perilaku": {p.nilai: p.ekspektasi_khusus for p in skp.perilaku.all()},
        "lampiran": {
            "dukungan_sumber_daya": skp.dukungan_sumber_daya,
            "skema_pertanggungjawaban": skp.skema_pertanggungjawaban,
            "konsekuensi": skp.konsekuensi,
            "manual_indikator": skp.manual_indikator,
            "strategi_pencapaian": skp.strategi_pencapaian,
        },
    }


@transaction.atomic
def skp_perubahan(*, skp, by) -> SKP:
    """Amend an approved SKP (new assignment): keep the approved version as history."""
    skp = SKP.objects.select_for_update().get(pk=skp.pk)
    izin.pastikan(izin.alasan_perubahan, by, skp)
    VersiSKP.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        versi=skp.versi,
        isi=_isi_skp(skp),
        disetujui_pada=skp.disetujui_pada,
        penilai_id=skp.penilai_id,
    )
    return transisi(
        skp,
        ke=rules.DRAFT,
        mesin=rules.MESIN_SKP,
        peran=rules.PEGAWAI,
        by=by,
        versi=skp.versi + 1,
        disetujui_pada=None,
    )


@transaction.atomic
def perilaku_ekspektasi_simpan(*, skp, by, ekspektasi: dict) -> None:
    """The penilai adds ekspektasi khusus pimpinan per BerAKHLAK value."""
    izin.pastikan(izin.alasan_ekspektasi, by, skp)
    # Every value checked before any is saved (and before the audit trail holds it).
    ekspektasi = {
        kode: teks_bersih(teks, field=f"ekspektasi_{kode}") for kode, teks in ekspektasi.items()
    }
    for perilaku in PerilakuKerja.objects.filter(skp=skp):
        teks = ekspektasi.get(perilaku.nilai, "")
        if teks != perilaku.ekspektasi_khusus:
            perilaku.ekspektasi_khusus = teks
            perilaku.save(update_fields=["ekspektasi_khusus"])
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="perilaku_ekspektasi",
        objek=skp,
        ke={k: v[:100] for k, v in ekspektasi.items() if v},
    )


FIELD_INDIKATOR = Indikator.ISIAN
