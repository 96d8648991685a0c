"""SKP content from a BKN e-Kinerja Excel export, for one SKP or a unit's drafts."""

from django.core.exceptions import ValidationError
from django.db import transaction

from inti.models import catat_jejak
from organisasi.rules import teks_sel
from organisasi.selectors import pegawai_dikelola
from skp.models import (
    RHK,
    SKP,
)
from skp.selectors import pilihan_intervensi
from skp.services._umum import _pastikan_pemilik_dapat_mengubah
from skp.services.mutasi import _rhk_dengan_indikator
from skp.services.penyusunan import skp_buat


@transaction.atomic
def skp_impor_bkn(*, skp, by, rhk: list[dict], jumlah_rhk_sebelum: int | None = None) -> dict:
    """Add the RHK and indikator read from a BKN e-Kinerja export to a draft SKP.

    The owner imports into their draft or revisi. An admin may prepare a starting draft
    for a pegawai they manage, but only into a draft that is still empty: never over the
    pegawai's own work. A utama RHK whose "RHK pimpinan yang diintervensi" matches one of
    the atasan's RHK word for word is linked to it; the others are chosen again by hand.
    `jumlah_rhk_sebelum`: the RHK count the preview saw; a preview confirmed twice adds
    nothing the second time.
    """
    skp = SKP.objects.select_for_update().select_related("pegawai").get(pk=skp.pk)
    if by.pk == skp.pegawai_id:
        _pastikan_pemilik_dapat_mengubah(skp, by)
    else:
        if not pegawai_dikelola(by).filter(pk=skp.pegawai_id).exists():
            raise ValidationError("Hanya pemilik SKP atau admin OPD-nya yang dapat mengimpor.")
        if skp.status != SKP.Status.DRAFT or RHK.objects.filter(skp=skp).exists():
            raise ValidationError(
                "Admin hanya dapat mengisi SKP draft yang masih kosong; SKP ini sudah diisi "
                "pegawainya."
            )
    if not rhk:
        raise ValidationError("Berkas tidak berisi rencana hasil kerja.")
    if jumlah_rhk_sebelum is not None and RHK.objects.filter(skp=skp).count() != jumlah_rhk_sebelum:
        raise ValidationError(
            "SKP sudah berubah sejak pratinjau (mungkin isi berkas sudah ditambahkan); "
            "periksa SKP lalu unggah lagi bila perlu."
        )
    pilihan = pilihan_intervensi(skp)
    atasan = {teks_sel(r.uraian).lower(): r for r in pilihan.rhk}
    urutan = RHK.objects.filter(skp=skp).count()
    cocok = 0
    for nomor_rhk, r in enumerate(rhk, start=1):
        urutan += 1
        jenis = RHK.Jenis.TAMBAHAN if r["jenis"] == RHK.Jenis.TAMBAHAN else RHK.Jenis.UTAMA
        for nomor_indikator, i in enumerate(r["indikator"], start=1):
            if skp.adalah_jpt and not i["perspektif"]:
                raise ValidationError(
                    f"RHK {nomor_rhk}, indikator {nomor_indikator}: indikator JPT wajib "
                    "memiliki perspektif (kolom PERSPEKTIF)."
                )
        baru = _rhk_dengan_indikator(
            skp, jenis=jenis, uraian=r["uraian"].strip(), urutan=urutan,
            indikator=r["indikator"], tempat=f"RHK {nomor_rhk}",
        )  # fmt: skip
        induk = atasan.get(teks_sel(r.get("intervensi")).lower())
        if jenis == RHK.Jenis.UTAMA and induk is not None:
            baru.intervensi.add(induk)
            cocok += 1
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="skp_impor_bkn",
        objek=skp,
        ke={"jumlah_rhk": len(rhk), "intervensi_cocok": cocok},
    )
    return {"rhk": len(rhk), "intervensi_cocok": cocok}


@transaction.atomic
def skp_impor_bkn_massal(*, rencana: list[dict], tahun: int, by) -> int:
    """Starting drafts for several pegawai at once (an admin's workbook): the SKP of the
    year is made when missing, then filled by skp_impor_bkn. All or nothing."""
    pegawai = {p.pk: p for p in pegawai_dikelola(by).filter(pk__in=[r["pegawai"] for r in rencana])}
    for r in rencana:
        p = pegawai.get(r["pegawai"])
        if p is None:
            raise ValidationError("Pratinjau memuat pegawai yang tidak Anda kelola.")
        # The SKP in force last in the year (after a mutasi: the new post's), as the preview
        # showed it.
        skp = SKP.objects.filter(pegawai=p, tahun=tahun).order_by("-mulai").first()
        try:
            if skp is None:
                skp = skp_buat(pegawai=p, tahun=tahun, by=by)
            skp_impor_bkn(skp=skp, by=by, rhk=r["rhk"])
        except ValidationError as e:
            raise ValidationError(f"{p.nama} ({p.nip}): {' '.join(e.messages)}") from None
    return len(rencana)
