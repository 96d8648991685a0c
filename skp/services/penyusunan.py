"""Writes of the SKP while the pegawai drafts it: the SKP, its RHK and indikator."""

from django.core.exceptions import ValidationError
from django.db import transaction

from inti.models import catat_jejak
from organisasi.models import Pegawai
from skp import rules
from skp.models import (
    RHK,
    SKP,
    Indikator,
    PerilakuKerja,
)
from skp.selectors import pengecualian_menutupi, pilihan_intervensi
from skp.services._umum import _pastikan_pemilik_dapat_mengubah, _periksa_periode


@transaction.atomic
def skp_buat(*, pegawai, tahun, by, mulai=None, selesai=None, pendekatan="kuantitatif") -> SKP:
    # Lock the pegawai: two submits of "Buat SKP" at once would both pass the overlap check.
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    bawaan = rules.periode_bawaan(tahun, mulai_kerja=pegawai.tanggal_mulai_kerja)
    mulai, selesai = mulai or bawaan.mulai, selesai or bawaan.selesai
    pengecualian = pengecualian_menutupi(pegawai, mulai, selesai)
    if pengecualian:
        raise ValidationError(
            f"Anda tidak diwajibkan menyusun SKP untuk periode ini: sedang dalam masa "
            f"{pengecualian}."
        )
    _periksa_periode(pegawai=pegawai, mulai=mulai, selesai=selesai, tahun=tahun)
    skp = SKP.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        tahun=tahun,
        mulai=mulai,
        selesai=selesai,
        pendekatan=pendekatan,
        unit_kerja_id=pegawai.unit_kerja_id,
        jabatan=pegawai.jabatan,
        jenis_jabatan=pegawai.jenis_jabatan,
    )
    PerilakuKerja.objects.bulk_create(
        PerilakuKerja(instansi_id=skp.instansi_id, skp=skp, nilai=kode)
        for kode, _, _ in rules.BERAKHLAK
    )
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="skp_buat",
        objek=skp,
        ke={"mulai": str(mulai), "selesai": str(selesai)},
    )
    return skp


FIELD_SKP_DAPAT_DIUBAH = frozenset(
    {
        "mulai",
        "selesai",
        "pendekatan",
        "dukungan_sumber_daya",
        "skema_pertanggungjawaban",
        "konsekuensi",
        "manual_indikator",
        "strategi_pencapaian",
    }
)


@transaction.atomic
def skp_ubah(*, skp, by, **perubahan) -> SKP:
    """Edit dates, pendekatan or lampiran of a draft/revisi SKP.

    Status, penilai and versi move only through the transitions below.
    """
    terlarang = set(perubahan) - FIELD_SKP_DAPAT_DIUBAH
    if terlarang:
        raise TypeError(f"Field SKP tidak dapat diubah langsung: {sorted(terlarang)}")
    skp = SKP.objects.select_for_update().get(pk=skp.pk)
    _pastikan_pemilik_dapat_mengubah(skp, by)
    if (
        perubahan.get("pendekatan", skp.pendekatan) != skp.pendekatan
        and Indikator.objects.filter(rhk__skp=skp).exists()
    ):
        # Kuantitatif targets are numbers, kualitatif ones descriptions: switching under
        # existing indikator would leave every one of them with the wrong kind of target.
        raise ValidationError(
            {
                "pendekatan": "Pendekatan tidak dapat diubah karena SKP sudah memiliki "
                "indikator. Hapus indikatornya dahulu, lalu ubah pendekatan."
            }
        )
    dari = {k: str(getattr(skp, k)) for k in perubahan}
    for k, v in perubahan.items():
        setattr(skp, k, v)
    if "mulai" in perubahan or "selesai" in perubahan:
        _periksa_periode(
            pegawai=skp.pegawai, mulai=skp.mulai, selesai=skp.selesai, tahun=skp.tahun, kecuali=skp
        )
    skp.save(update_fields=list(perubahan))
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="skp_ubah",
        objek=skp,
        dari=dari,
        ke={k: str(v) for k, v in perubahan.items()},
    )
    return skp


def _periksa_intervensi(skp, jenis, intervensi, intervensi_pk):
    if jenis != RHK.Jenis.UTAMA:
        if intervensi or intervensi_pk:
            raise ValidationError({"intervensi": "RHK tambahan tidak mengintervensi RHK atasan."})
        return
    pilihan = pilihan_intervensi(skp)
    if pilihan.atasan is not None:
        if any(r.pk not in {a.pk for a in pilihan.rhk} for r in intervensi):
            raise ValidationError(
                {
                    "intervensi": "Hanya RHK utama SKP atasan langsung Anda "
                    f"tahun {skp.tahun} yang dapat diintervensi."
                }
            )
        if any(s.pk not in {a.pk for a in pilihan.sasaran_pk} for s in intervensi_pk):
            raise ValidationError(
                {
                    "intervensi_pk": "Hanya sasaran Perjanjian Kinerja tahun "
                    f"{skp.tahun} OPD yang Anda pimpin yang dapat diintervensi."
                }
            )
        # While the atasan has no RHK the link waits (pilihan.peringatan), not the pegawai.
        if pilihan.wajib and not intervensi and not intervensi_pk:
            raise ValidationError(
                {
                    "intervensi": "Pilih RHK atasan yang diintervensi"
                    + (" atau sasaran Perjanjian Kinerja OPD." if pilihan.sasaran_pk else ".")
                }
            )
    else:
        boleh = {s.pk for s in pilihan.sasaran_pk}
        if not intervensi_pk:
            raise ValidationError(
                {
                    "intervensi_pk": pilihan.alasan
                    or "Pilih sasaran Perjanjian Kinerja yang diintervensi."
                }
            )
        if any(s.pk not in boleh for s in intervensi_pk) or intervensi:
            raise ValidationError(
                {
                    "intervensi_pk": "Pilih sasaran Perjanjian Kinerja tahun "
                    f"{skp.tahun} instansi Anda."
                }
            )


@transaction.atomic
def rhk_simpan(*, skp, by, uraian, jenis, intervensi=(), intervensi_pk=(), rhk=None) -> RHK:
    skp = SKP.objects.select_for_update().get(pk=skp.pk)
    _pastikan_pemilik_dapat_mengubah(skp, by)
    if not uraian.strip():
        raise ValidationError({"uraian": "Uraian RHK wajib diisi."})
    if rhk is not None and rhk.skp_id != skp.pk:
        raise ValidationError("RHK tidak ditemukan pada SKP ini.")
    _periksa_intervensi(skp, jenis, list(intervensi), list(intervensi_pk))
    baru = rhk is None
    if baru:
        rhk = RHK(
            instansi_id=skp.instansi_id, skp=skp, urutan=RHK.objects.filter(skp=skp).count() + 1
        )
    rhk.uraian, rhk.jenis = uraian.strip(), jenis
    rhk.save()
    rhk.intervensi.set(intervensi)
    rhk.intervensi_pk.set(intervensi_pk)
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="rhk_tambah" if baru else "rhk_ubah",
        objek=skp,
        ke={"rhk": rhk.uraian[:200], "jenis": jenis},
    )
    return rhk


@transaction.atomic
def rhk_hapus(*, rhk, by):
    skp = SKP.objects.select_for_update().get(pk=rhk.skp_id)
    _pastikan_pemilik_dapat_mengubah(skp, by)
    if rhk.diintervensi_oleh.exists():
        raise ValidationError(
            "RHK ini sudah diintervensi RHK bawahan dan tidak dapat dihapus. "
            "Ubah uraiannya saja, atau minta bawahan memindahkan intervensinya."
        )
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="rhk_hapus",
        objek=skp,
        dari={"rhk": rhk.uraian[:200]},
    )
    rhk.delete()


@transaction.atomic
def indikator_simpan(
    *,
    rhk,
    by,
    aspek,
    uraian,
    target_min=None,
    satuan="",
    target_maks=None,
    target_deskripsi="",
    perspektif="",
    indikator=None,
) -> Indikator:
    """Kuantitatif SKP: a numeric target (or range) with satuan. Kualitatif SKP: a
    descriptive target instead, which the penilai rates without a capaian percentage."""
    skp = SKP.objects.select_for_update().get(pk=rhk.skp_id)
    _pastikan_pemilik_dapat_mengubah(skp, by)
    if indikator is not None and indikator.rhk_id != rhk.pk:
        raise ValidationError("Indikator tidak ditemukan pada RHK ini.")
    if skp.adalah_jpt and not perspektif:
        raise ValidationError({"perspektif": "Indikator JPT wajib memiliki perspektif."})
    if not skp.adalah_jpt:
        perspektif = ""
    galat = rules.galat_target(
        kualitatif=skp.adalah_kualitatif,
        target_min=target_min,
        target_maks=target_maks,
        satuan=satuan,
        target_deskripsi=target_deskripsi,
    )
    if galat:
        raise ValidationError(galat)
    indikator = indikator or Indikator(instansi_id=skp.instansi_id, rhk=rhk)
    indikator.aspek, indikator.uraian = aspek, uraian.strip()
    indikator.satuan = (satuan or "").strip()
    indikator.target_min, indikator.target_maks = target_min, target_maks
    indikator.target_deskripsi = (target_deskripsi or "").strip()
    indikator.perspektif = perspektif
    indikator.full_clean(exclude=["instansi", "rhk"])
    indikator.save()
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="indikator_simpan",
        objek=skp,
        ke={"indikator": indikator.uraian[:200], "target": indikator.target},
    )
    return indikator


@transaction.atomic
def indikator_hapus(*, indikator, by):
    skp = SKP.objects.select_for_update().get(pk=indikator.rhk.skp_id)
    _pastikan_pemilik_dapat_mengubah(skp, by)
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="indikator_hapus",
        objek=skp,
        dari={"indikator": indikator.uraian[:200]},
    )
    indikator.delete()
