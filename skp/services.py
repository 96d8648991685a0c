"""Every write of the SKP: keyword-only, atomic, validated, audited.

State changes are conditional UPDATEs (`WHERE status = <from>`), so two approvals at
once move the SKP once and the second gets a clear message.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.models import catat_jejak, transisi
from jadwal.rules import PENYUSUNAN_SKP
from jadwal.services import pastikan_terbuka
from organisasi.models import Pegawai
from organisasi.rules import teks_sel
from organisasi.selectors import atasan_pegawai, pegawai_dikelola, pihak_lain
from organisasi.services import kabari, pegawai_ubah_profil
from skp import rules
from skp.models import (
    RHK,
    SKP,
    DialogKinerja,
    Indikator,
    PerilakuKerja,
    SasaranPerjanjianKinerja,
    VersiSKP,
)
from skp.selectors import pengecualian_menutupi, pilihan_intervensi


def _periksa_periode(*, pegawai, mulai, selesai, tahun, kecuali=None):
    lain = SKP.objects.filter(pegawai=pegawai)
    if kecuali is not None:
        lain = lain.exclude(pk=kecuali.pk)
    galat = rules.periksa_periode(
        rules.Periode(mulai, selesai),
        tahun=tahun,
        mulai_kerja=pegawai.tanggal_mulai_kerja,
        periode_lain=[s.periode for s in lain],
    )
    if galat:
        raise ValidationError(galat)


def _pastikan_pemilik_dapat_mengubah(skp: SKP, by):
    if by.pk != skp.pegawai_id:
        raise ValidationError("Hanya pemilik SKP yang dapat mengubahnya.")
    if not skp.dapat_diubah:
        raise ValidationError(
            f"SKP berstatus {skp.get_status_display()} tidak dapat diubah. "
            + (
                "Gunakan Perubahan SKP untuk penugasan baru."
                if skp.status == SKP.Status.DISETUJUI
                else "Tunggu keputusan pejabat penilai."
            )
        )


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
        boleh = {r.pk for r in pilihan.rhk}
        if not intervensi:
            raise ValidationError(
                {"intervensi": pilihan.alasan or "Pilih RHK atasan yang diintervensi."}
            )
        if any(r.pk not in boleh for r in intervensi):
            raise ValidationError(
                {
                    "intervensi": "Hanya RHK utama SKP atasan langsung Anda "
                    f"tahun {skp.tahun} yang dapat diintervensi."
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
    *, rhk, by, aspek, uraian, target_min, satuan, target_maks=None, perspektif="", indikator=None
) -> Indikator:
    skp = SKP.objects.select_for_update().get(pk=rhk.skp_id)
    _pastikan_pemilik_dapat_mengubah(skp, by)
    if indikator is not None and indikator.rhk_id != rhk.pk:
        raise ValidationError("Indikator tidak ditemukan pada RHK ini.")
    if skp.adalah_jpt and not perspektif:
        raise ValidationError({"perspektif": "Indikator JPT wajib memiliki perspektif."})
    if not skp.adalah_jpt:
        perspektif = ""
    indikator = indikator or Indikator(instansi_id=skp.instansi_id, rhk=rhk)
    indikator.aspek, indikator.uraian, indikator.satuan = aspek, uraian.strip(), satuan.strip()
    indikator.target_min, indikator.target_maks = target_min, target_maks
    indikator.perspektif = perspektif
    if target_maks is not None and target_min is not None and target_maks < target_min:
        raise ValidationError({"target_maks": "Target maksimum harus ≥ target minimum."})
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


@transaction.atomic
def skp_ajukan(*, skp, by) -> SKP:
    if by.pk != skp.pegawai_id:
        raise ValidationError("Hanya pemilik SKP yang dapat mengajukannya.")
    pastikan_terbuka(langkah=PENYUSUNAN_SKP, tahun=skp.tahun, kode="", pegawai=skp.pegawai)
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
    pilihan = pilihan_intervensi(skp)
    boleh = {r.pk for r in pilihan.rhk} | {s.pk for s in pilihan.sasaran_pk}
    tanpa_intervensi = [
        r.uraian
        for r in rhk
        if r.jenis == RHK.Jenis.UTAMA
        and not any(a.pk in boleh for a in [*r.intervensi.all(), *r.intervensi_pk.all()])
    ]
    if tanpa_intervensi:
        raise ValidationError(
            "RHK utama berikut belum mengintervensi RHK atasan Anda tahun "
            f"{skp.tahun}: " + "; ".join(tanpa_intervensi)
        )
    tanpa_indikator = [r.uraian for r in rhk if not r.indikator.all()]
    if tanpa_indikator:
        raise ValidationError("RHK berikut belum memiliki indikator: " + "; ".join(tanpa_indikator))
    return transisi(
        skp,
        ke=rules.DIAJUKAN,
        mesin=rules.MESIN_SKP,
        peran=rules.PEGAWAI,
        by=by,
        penilai=atasan,
        diajukan_pada=timezone.now(),
        catatan_revisi="",
    )


def _pastikan_penilai(skp, by):
    # The current atasan decides, even if another was atasan at submission (pergantian
    # atasan): the SKP must not stay stuck with nobody able to decide.
    if atasan_pegawai(skp.pegawai) != by:
        raise ValidationError("Hanya pejabat penilai pegawai ini yang dapat memutuskan SKP-nya.")


@transaction.atomic
def skp_setujui(*, skp, by) -> SKP:
    _pastikan_penilai(skp, by)
    return transisi(
        skp,
        ke=rules.DISETUJUI,
        mesin=rules.MESIN_SKP,
        peran=rules.PENILAI,
        by=by,
        disetujui_pada=timezone.now(),
        penilai=by,
    )


@transaction.atomic
def skp_tarik(*, skp, by) -> SKP:
    """The pegawai withdraws a submitted SKP before the penilai decides."""
    if by.pk != skp.pegawai_id:
        raise ValidationError("Hanya pemilik SKP yang dapat menariknya kembali.")
    if skp.status != rules.DIAJUKAN:
        # (disetujui → draft) is Perubahan SKP, which keeps a version: skp_perubahan.
        raise ValidationError("Hanya SKP yang sedang diajukan yang dapat ditarik kembali.")
    return transisi(skp, ke=rules.DRAFT, mesin=rules.MESIN_SKP, peran=rules.PEGAWAI, by=by)


@transaction.atomic
def skp_kembalikan(*, skp, by, catatan) -> SKP:
    _pastikan_penilai(skp, by)
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Tulis catatan: apa yang perlu diperbaiki pegawai."})
    return transisi(
        skp,
        ke=rules.REVISI,
        mesin=rules.MESIN_SKP,
        peran=rules.PENILAI,
        by=by,
        catatan=catatan.strip(),
        catatan_revisi=catatan.strip(),
        penilai=by,
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
        },
    }


@transaction.atomic
def skp_perubahan(*, skp, by) -> SKP:
    """Amend an approved SKP (new assignment): keep the approved version as history."""
    if by.pk != skp.pegawai_id:
        raise ValidationError("Hanya pemilik SKP yang dapat mengubahnya.")
    skp = SKP.objects.select_for_update().get(pk=skp.pk)
    if skp.status != SKP.Status.DISETUJUI:
        raise ValidationError("Hanya SKP yang sudah disetujui yang dapat dibuka untuk perubahan.")
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
    if atasan_pegawai(skp.pegawai) != by:
        raise ValidationError("Hanya pejabat penilai yang mengisi ekspektasi khusus pimpinan.")
    if skp.status == SKP.Status.DISETUJUI:
        raise ValidationError("SKP sudah disetujui; ekspektasi diubah melalui Perubahan SKP.")
    for perilaku in PerilakuKerja.objects.filter(skp=skp):
        teks = (ekspektasi.get(perilaku.nilai) or "").strip()
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


FIELD_INDIKATOR = ("aspek", "uraian", "target_min", "target_maks", "satuan", "perspektif")


def _rhk_dengan_indikator(skp, *, jenis, uraian, urutan, indikator, tempat="RHK") -> RHK:
    """One RHK with its indikator (dicts of FIELD_INDIKATOR), checked against the model's
    rules; a perspektif is kept only on a JPT SKP. For the writes that bring a whole RHK
    at once (copy, import); `tempat` names it in an error."""
    rhk = RHK.objects.create(
        instansi_id=skp.instansi_id, skp=skp, jenis=jenis, uraian=uraian, urutan=urutan
    )
    daftar = []
    for nomor, i in enumerate(indikator, start=1):
        objek = Indikator(
            instansi_id=skp.instansi_id,
            rhk=rhk,
            **{f: i[f] for f in FIELD_INDIKATOR},
        )
        objek.uraian, objek.satuan = objek.uraian.strip(), objek.satuan.strip()
        objek.perspektif = objek.perspektif if skp.adalah_jpt else ""
        try:
            objek.full_clean(exclude=["instansi", "rhk"])
        except ValidationError as e:
            raise ValidationError(f"{tempat}, indikator {nomor}: {' '.join(e.messages)}") from None
        daftar.append(objek)
    Indikator.objects.bulk_create(daftar)
    return rhk


@transaction.atomic
def skp_salin_rhk(*, tujuan, sumber, by) -> int:
    """Copy RHK and indikator from last year's SKP or a colleague's in the same jabatan.

    Intervensi is not copied: it points at this year's atasan RHK, chosen again.
    """
    tujuan = SKP.objects.select_for_update().get(pk=tujuan.pk)
    _pastikan_pemilik_dapat_mengubah(tujuan, by)
    sendiri = sumber.pegawai_id == by.pk and sumber.pk != tujuan.pk
    rekan = sumber.pegawai_id != by.pk and sumber.jabatan.strip().lower() == (
        tujuan.jabatan.strip().lower()
    )
    if not (sendiri or rekan):
        raise ValidationError("Salin hanya dari SKP Anda sendiri atau rekan dengan jabatan sama.")
    jumlah = 0
    for r in sumber.rhk.prefetch_related("indikator"):
        _rhk_dengan_indikator(
            tujuan, jenis=r.jenis, uraian=r.uraian, urutan=r.urutan,
            indikator=[{f: getattr(i, f) for f in FIELD_INDIKATOR} for i in r.indikator.all()],
        )  # fmt: skip
        jumlah += 1
    catat_jejak(
        instansi_id=tujuan.instansi_id,
        oleh=by,
        aksi="skp_salin_rhk",
        objek=tujuan,
        ke={"sumber_skp": sumber.pk, "jumlah_rhk": jumlah},
    )
    return jumlah


@transaction.atomic
def skp_mutasi(*, skp, tmt, unit_kerja, jabatan, jenis_jabatan, by, jenjang="") -> SKP:
    """Mutasi in one step: the old SKP ends the day before the TMT of the SK, the profile
    moves to the new post (releasing pimpinan), and a new SKP starts at the TMT.

    The old SKP keeps its status, content and evaluations; only its end date changes, and
    it records the kelas jabatan held until the TMT (TPP pays that part of the month at
    it). The new post's kelas is set by the admin: the pegawai paid by it never sets it.
    """
    skp = SKP.objects.select_for_update().get(pk=skp.pk)
    if by.pk != skp.pegawai_id:
        raise ValidationError("Hanya pemilik SKP yang dapat mencatat mutasi.")
    if not (skp.mulai < tmt <= skp.selesai):
        raise ValidationError(
            {
                "tmt": f"TMT mutasi harus setelah {skp.mulai:%d-%m-%Y} dan paling "
                f"lambat {skp.selesai:%d-%m-%Y}."
            }
        )
    selesai_lama = skp.selesai
    skp.selesai = tmt - timedelta(days=1)
    skp.kelas_jabatan = skp.pegawai.kelas_jabatan
    skp.save(update_fields=["selesai", "kelas_jabatan"])
    catat_jejak(
        instansi_id=skp.instansi_id,
        oleh=by,
        aksi="skp_mutasi_akhiri",
        objek=skp,
        dari={"selesai": str(selesai_lama)},
        ke={"selesai": str(skp.selesai)},
    )
    pegawai = pegawai_ubah_profil(
        pegawai=skp.pegawai,
        by=by,
        unit_kerja=unit_kerja,
        jabatan=jabatan,
        jenis_jabatan=jenis_jabatan,
        jenjang=jenjang if jenis_jabatan == "fungsional" else "",
    )
    return skp_buat(
        pegawai=pegawai,
        tahun=skp.tahun,
        mulai=tmt,
        selesai=selesai_lama,
        pendekatan=skp.pendekatan,
        by=by,
    )


@transaction.atomic
def sasaran_pk_tambah(*, instansi, by, tahun, unit_kerja, sasaran, indikator=""):
    if unit_kerja.instansi_id != instansi.pk:
        raise ValidationError({"unit_kerja": "Unit kerja tidak ditemukan."})
    baru = SasaranPerjanjianKinerja.objects.create(
        instansi=instansi,
        tahun=tahun,
        unit_kerja=unit_kerja,
        sasaran=sasaran.strip(),
        indikator=indikator.strip(),
    )
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="sasaran_pk_tambah",
        objek=baru,
        ke={"tahun": tahun, "sasaran": baru.sasaran[:200]},
    )
    return baru


@transaction.atomic
def sasaran_pk_hapus(*, sasaran, by):
    if sasaran.rhk.exists():
        raise ValidationError("Sasaran ini sudah diintervensi RHK dan tidak dapat dihapus.")
    catat_jejak(
        instansi_id=sasaran.instansi_id,
        oleh=by,
        aksi="sasaran_pk_hapus",
        objek=sasaran,
        dari={"tahun": sasaran.tahun, "sasaran": sasaran.sasaran[:200]},
    )
    sasaran.delete()


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


# ---- dialog kinerja ---------------------------------------------------------------------


@transaction.atomic
def dialog_catat(
    *, pegawai, by, tanggal, topik, pembahasan, kesepakatan, skp=None, rhk=()
) -> DialogKinerja:
    lain = pihak_lain(pegawai, by)
    galat = {}
    if topik not in DialogKinerja.Topik.values:
        galat["topik"] = "Pilih topik dialog."
    if tanggal > pegawai.instansi.hari_ini():
        galat["tanggal"] = "Dialog dicatat setelah berlangsung, bukan untuk tanggal mendatang."
    if not (pembahasan or "").strip():
        galat["pembahasan"] = "Tuliskan apa yang dibahas."
    if not (kesepakatan or "").strip():
        galat["kesepakatan"] = "Tuliskan apa yang disepakati."
    if skp is not None and skp.pegawai_id != pegawai.pk:
        galat["skp"] = "SKP tidak ditemukan."
    if any(r.skp_id != getattr(skp, "pk", None) for r in rhk):
        galat["rhk"] = "RHK harus dari SKP yang dipilih."
    if galat:
        raise ValidationError(galat)
    dialog = DialogKinerja.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        penilai=lain if by.pk == pegawai.pk else by,
        skp=skp,
        tanggal=tanggal,
        topik=topik,
        pembahasan=pembahasan.strip(),
        kesepakatan=kesepakatan.strip(),
        dicatat_oleh=by,
    )
    dialog.rhk.set(rhk)
    kabari(
        penerima=lain,
        judul=f"Konfirmasi dialog kinerja {tanggal:%d-%m-%Y}",
        isi=f"{by.nama_lengkap} mencatat dialog kinerja ({dialog.get_topik_display()}). "
        "Periksa dan konfirmasi bila sesuai.",
        tautan=f"/skp/{skp.pk}/#dialog" if skp else "/",
        kunci=f"dialog:{dialog.pk}",
    )
    catat_jejak(
        instansi_id=pegawai.instansi_id,
        oleh=by,
        aksi="dialog_catat",
        objek=dialog,
        ke={"topik": topik, "tanggal": str(tanggal)},
    )
    return dialog


@transaction.atomic
def dialog_konfirmasi(*, dialog, by) -> DialogKinerja:
    """The other side confirms the record is right (once)."""
    if by.pk == dialog.dicatat_oleh_id or by.pk not in (dialog.pegawai_id, dialog.penilai_id):
        raise ValidationError("Dialog dikonfirmasi oleh pihak yang tidak mencatatnya.")
    berubah = DialogKinerja.objects.filter(pk=dialog.pk, dikonfirmasi_pada__isnull=True).update(
        dikonfirmasi_pada=timezone.now()
    )
    if not berubah:
        raise ValidationError("Dialog ini sudah dikonfirmasi.")
    catat_jejak(instansi_id=dialog.instansi_id, oleh=by, aksi="dialog_konfirmasi", objek=dialog)
    dialog.refresh_from_db()
    return dialog
