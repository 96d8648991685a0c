"""Builders for the penilaian view tests (tests/penilaian/test_views.py).

Kept apart from tests/penilaian/conftest.py on purpose: these are plain functions on top
of `dunia`, building through the services what a person would build through the pages,
and, for the query-count tests, many rows at once with bulk_create.
"""

import itertools
import re
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dokumen import pdf as dokumen_pdf
from dokumen.models import CetakMassal, Dokumen
from inti.models import Jejak
from jadwal import rules as jadwal_rules
from jadwal.models import Dispensasi, Jadwal
from organisasi.models import Pegawai
from penilaian import rules
from penilaian import services as penilaian
from penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    KomentarKinerja,
    Pembinaan,
    PeriodePenilaian,
    RencanaAksi,
    UmpanBalik,
)
from skp import services as skp
from skp.models import RHK, SKP, DialogKinerja, Indikator
from skp.rules import NAMA_BERAKHLAK
from tests.bantuan import segar
from tests.factories import PegawaiFactory, buat_unit

TAHUN = 2025
URAIAN_RHK = ["Terverifikasinya usul penilaian", "Tersusunnya laporan kinerja pegawai"]

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(nama="laporan.pdf", isi=PDF):
    return SimpleUploadedFile(nama, isi, content_type="application/pdf")


# ---- reading pages --------------------------------------------------------------------


def isian(halaman: str, nama: str) -> str:
    """The `<div class="isian">` block of one form field (label, input, help, errors)."""
    for blok in re.split(r'(?=<div class="isian)', halaman)[1:]:
        blok = blok.split("</form>")[0]
        if f'name="{nama}"' in blok:
            return blok
    raise AssertionError(f"isian {nama} tidak ada di halaman")


# ---- the cascade and the SKP of a bawahan, through the services ----------------------


def tambah_rhk(skp_obj, by, uraian, *, intervensi=(), intervensi_pk=()) -> RHK:
    """An utama RHK with one kuantitas indikator."""
    rhk = skp.rhk_simpan(
        skp=skp_obj,
        by=by,
        uraian=uraian,
        jenis=RHK.Jenis.UTAMA,
        intervensi=intervensi,
        intervensi_pk=intervensi_pk,
    )
    skp.indikator_simpan(
        rhk=rhk,
        by=by,
        aspek="kuantitas",
        uraian=f"Jumlah {uraian.lower()}",
        target_min=Decimal("12"),
        satuan="Laporan",
    )
    return rhk


def buat_kaskade(d) -> RHK:
    """Sasaran PK → kepala → kabid (approved by the kepala); returns the kabid's RHK,
    which the bawahan's RHK intervene. Call inside the Buleleng scope."""
    sasaran = skp.sasaran_pk_tambah(
        instansi=d.buleleng,
        by=segar(d.admin_bkd),
        tahun=TAHUN,
        unit_kerja=d.root,
        sasaran="Meningkatnya kualitas pelayanan publik",
    )
    kepala, kabid = segar(d.kepala), segar(d.kabid)
    skp_kepala = skp.skp_buat(pegawai=kepala, tahun=TAHUN, by=kepala)
    rhk_kepala = tambah_rhk(skp_kepala, kepala, "Meningkatnya kinerja ASN", intervensi_pk=[sasaran])
    skp_kabid = skp.skp_buat(pegawai=kabid, tahun=TAHUN, by=kabid)
    rhk_kabid = tambah_rhk(
        skp_kabid, kabid, "Tersusunnya penilaian kinerja", intervensi=[rhk_kepala]
    )
    skp.skp_ajukan(skp=skp_kabid, by=kabid)
    skp.skp_setujui(skp=segar(skp_kabid), by=kepala)
    return rhk_kabid


def skp_disetujui(d, rhk_kabid, pegawai, uraian=URAIAN_RHK) -> SKP:
    """An SKP of a pegawai of Bidang PKAP, one RHK per uraian, approved by the kabid."""
    pegawai = segar(pegawai)
    skp_obj = skp.skp_buat(pegawai=pegawai, tahun=TAHUN, by=pegawai)
    for u in uraian:
        tambah_rhk(skp_obj, pegawai, u, intervensi=[rhk_kabid])
    skp.skp_ajukan(skp=segar(skp_obj), by=pegawai)
    return skp.skp_setujui(skp=segar(skp_obj), by=segar(d.kabid))


def rhk_dari(skp_obj) -> list[RHK]:
    with scopes_disabled():
        return list(RHK.objects.filter(skp_id=skp_obj.pk).order_by("id"))


def rencana_aksi_semua(periode, by, rhk_list=None) -> list[RencanaAksi]:
    return [
        penilaian.rencana_aksi_simpan(
            periode=periode,
            rhk=rhk,
            by=by,
            uraian=f"Tahap {periode.kode}: {rhk.uraian}",
            target=Decimal("1"),
            satuan="Laporan",
        )
        for rhk in (rhk_list if rhk_list is not None else rhk_dari(periode.skp))
    ]


def realisasi_semua(periode, by):
    for ra in RencanaAksi.objects.filter(periode=periode).order_by("id"):
        penilaian.realisasi_simpan(
            periode=periode, by=by, rencana_aksi=ra, realisasi="Laporan selesai.",
            realisasi_angka=Decimal("1"),
        )  # fmt: skip


def umpan_balik_semua(periode, penilai, *, perilaku=tuple(NAMA_BERAKHLAK)):
    for rhk in rhk_dari(periode.skp):
        penilaian.umpan_balik_simpan(
            periode=periode, by=penilai, rhk=rhk, isi="Target tercapai tepat waktu."
        )
    for kode in perilaku:
        penilaian.umpan_balik_simpan(
            periode=periode, by=penilai, perilaku=kode, isi="Konsisten menjadi contoh."
        )


def periode_diajukan(skp_obj, pegawai, *, kode="tw1") -> PeriodePenilaian:
    """A period with a rencana aksi and its realisasi for each RHK, submitted."""
    pegawai = segar(pegawai)
    periode = penilaian.periode_tambah(skp=skp_obj, kode=kode, by=pegawai)
    rencana_aksi_semua(periode, pegawai)
    realisasi_semua(periode, pegawai)
    return penilaian.periode_ajukan(periode=periode, by=pegawai)


def periode_siap_dinilai(skp_obj, pegawai, penilai, *, kode="tw1") -> PeriodePenilaian:
    periode = periode_diajukan(skp_obj, pegawai, kode=kode)
    umpan_balik_semua(periode, segar(penilai))
    return segar(periode)


def nilai(periode, penilai, hasil, perilaku) -> PeriodePenilaian:
    return penilaian.periode_nilai(
        periode=segar(periode),
        by=segar(penilai),
        rating_hasil_kerja=hasil,
        rating_perilaku_kerja=perilaku,
    )


# ---- the world of the access matrix ---------------------------------------------------


class Dunia:
    """`dunia` plus everything each penilaian URL addresses (see buat_dunia)."""


def buat_dunia(d) -> Dunia:
    """On top of `dunia`:
    - rekan: a colleague of the staf in Bidang PKAP;
    - skp_staf: the staf's approved SKP of TAHUN with two RHK;
    - tw1: pengisian, a rencana aksi with realisasi for each RHK (ready to submit), the
      first with a PDF bukti (ra_bukti), the second without (ra_tanpa_bukti, so it may
      be deleted); a document with its PDF (dokumen);
    - tw2: submitted to the kabid, every feedback given (ready to rate);
    - tw3: rated Sangat Baik, waiting for the Tim Penilai Kinerja;
    - tw4: rated Butuh Perbaikan, with a pembinaan still open (pembinaan);
    - dialog: a dialog kinerja on the SKP recorded by the staf, not yet confirmed;
    - cetak: a ready cetak massal ZIP of BKPSDM; jadwal: an open jadwal (cetak step).
    """
    w = Dunia()
    w.__dict__.update(d.__dict__)
    with scope(instansi=d.buleleng.pk):
        w.rekan = segar(PegawaiFactory(instansi=d.buleleng, unit_kerja=d.bidang, nama="Rekan PKAP"))
        rhk_kabid = buat_kaskade(d)
        w.skp_staf = skp_disetujui(d, rhk_kabid, d.staf)
        staf, kabid = segar(d.staf), segar(d.kabid)
        w.tw1 = penilaian.periode_tambah(skp=w.skp_staf, kode="tw1", by=staf)
        w.ra_bukti, w.ra_tanpa_bukti = rencana_aksi_semua(w.tw1, staf)
        realisasi_semua(w.tw1, staf)
        w.bukti = penilaian.bukti_tambah(
            periode=w.tw1, by=staf, rencana_aksi=w.ra_bukti, berkas=pdf("laporan-tw1.pdf")
        )
        w.tw2 = periode_siap_dinilai(w.skp_staf, staf, kabid, kode="tw2")
        w.tw3 = nilai(
            periode_siap_dinilai(w.skp_staf, staf, kabid, kode="tw3"),
            kabid,
            rules.DIATAS,
            rules.DIATAS,
        )
        w.tw4 = nilai(
            periode_siap_dinilai(w.skp_staf, staf, kabid, kode="tw4"),
            kabid,
            rules.DIBAWAH,
            rules.SESUAI,
        )
        w.pembinaan = penilaian.pembinaan_catat(
            periode=w.tw4,
            by=kabid,
            jenis="coaching",
            rencana="Coaching mingguan penyusunan laporan.",
            tanggal_tindak_lanjut=date(2099, 1, 31),
        )
        w.dialog = skp.dialog_catat(
            pegawai=staf,
            by=staf,
            skp=w.skp_staf,
            tanggal=date(TAHUN, 1, 10),
            topik="klarifikasi_ekspektasi",
            pembahasan="Target laporan triwulan.",
            kesepakatan="Laporan diserahkan tanggal 5 bulan berikutnya.",
        )
        w.dokumen = Dokumen(
            instansi=d.buleleng,
            periode=w.tw1,
            jenis=Dokumen.Jenis.SKP,
            kode="ABCDEFGH23",
            tanggal=date(TAHUN, 3, 31),
            lokasi="Buleleng",
            diminta_oleh=staf,
        )
        # Ready and current (its data fingerprint matches), so a download serves it.
        w.dokumen.status = Dokumen.Status.SIAP
        w.dokumen.sidik_data = dokumen_pdf.sidik(dokumen_pdf.html_dokumen(w.dokumen))
        w.dokumen.berkas.save("skp.pdf", ContentFile(PDF), save=True)
        w.cetak = CetakMassal(
            instansi=d.buleleng,
            opd=d.bkpsdm,
            tahun=TAHUN,
            kode="tw1",
            oleh=segar(d.admin_bkd),
            status=CetakMassal.Status.SIAP,
        )
        w.cetak.berkas.save("bkpsdm.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=True)
        sekarang = timezone.now()
        w.jadwal = Jadwal.objects.create(
            instansi=d.buleleng,
            langkah=jadwal_rules.CETAK,
            tahun=TAHUN,
            kode="tw1",
            mulai=sekarang - timedelta(days=30),
            batas=sekarang + timedelta(days=30),
            diatur_oleh=segar(d.admin_bkd),
        )
    return w


# ---- many rows at once, for the query counts -----------------------------------------

_nip = itertools.count(1)


def pegawai_massal(d, unit, n, awalan="Bawahan") -> list[Pegawai]:
    """n pegawai in `unit` (bulk_create skips the NIP checks: the NIPs are well formed)."""
    with scopes_disabled():
        nips = [f"199001012015{next(_nip):06d}" for _ in range(n)]
        Pegawai.objects.bulk_create(
            Pegawai(
                instansi=d.buleleng,
                unit_kerja=unit,
                nama=f"{awalan} {nip[-4:]}",
                nip=nip,
                jabatan="Pengadministrasi",
                password="!",
            )
            for nip in nips
        )
        return list(Pegawai.objects.filter(nip__in=nips).order_by("nip"))


def skp_massal(d, pegawai, unit, *, penilai=None, jumlah_rhk=2) -> list[SKP]:
    """An approved SKP of TAHUN for each pegawai, with jumlah_rhk RHK each."""
    with scopes_disabled():
        SKP.objects.bulk_create(
            SKP(
                instansi=d.buleleng,
                pegawai=p,
                tahun=TAHUN,
                mulai=date(TAHUN, 1, 1),
                selesai=date(TAHUN, 12, 31),
                status=SKP.Status.DISETUJUI,
                unit_kerja=unit,
                jabatan=p.jabatan,
                penilai=penilai,
            )
            for p in pegawai
        )
        daftar = list(SKP.objects.filter(pegawai__in=pegawai).order_by("pegawai__nip"))
        RHK.objects.bulk_create(
            RHK(instansi=d.buleleng, skp=s, uraian=f"RHK {i + 1} SKP {s.pk}", urutan=i + 1)
            for s in daftar
            for i in range(jumlah_rhk)
        )
        return daftar


# TW I states in turn: no period yet; added without rencana aksi; rencana aksi for one
# RHK of two; filling in; submitted; Sangat Baik waiting for review; rated Baik.
KEADAAN_TW1 = [
    None,
    "tanpa_rencana_aksi",
    "setengah_rencana_aksi",
    rules.PENGISIAN,
    rules.DIAJUKAN,
    rules.MENUNGGU_REVIEW,
    rules.DINILAI,
]
PREDIKAT_KEADAAN = {rules.MENUNGGU_REVIEW: rules.SANGAT_BAIK, rules.DINILAI: rules.BAIK}


def _jumlah_rencana_aksi(periode):
    return 1 if periode.keadaan_uji == "setengah_rencana_aksi" else None


def tw1_massal(d, daftar_skp, *, kode="tw1", keadaan=KEADAAN_TW1, predikat=None):
    """A period `kode` on each SKP, in the states of `keadaan` in turn; `predikat` (a list
    cycled over the rated ones) overrides PREDIKAT_KEADAAN."""
    mulai, selesai = rules.periode_kalender(kode, TAHUN) if kode != "final" else (None, None)
    giliran = itertools.cycle(predikat) if predikat else None
    with scopes_disabled():
        baru = []
        for i, s in enumerate(daftar_skp):
            k = keadaan[i % len(keadaan)]
            if k is None:
                continue
            status = k if k in (rules.DIAJUKAN, *PREDIKAT_KEADAAN) else rules.PENGISIAN
            p = PeriodePenilaian(
                instansi=d.buleleng,
                skp=s,
                pegawai_id=s.pegawai_id,
                tahun=TAHUN,
                kode=kode,
                mulai=mulai or s.mulai,
                selesai=selesai or s.selesai,
                status=status,
            )
            if status in PREDIKAT_KEADAAN:
                p.predikat = next(giliran) if giliran else PREDIKAT_KEADAAN[status]
                p.rating_hasil_kerja = p.rating_perilaku_kerja = rules.SESUAI
                p.dinilai_pada = timezone.now()
            p.keadaan_uji = k
            baru.append(p)
        PeriodePenilaian.objects.bulk_create(baru)
        rhk = {}
        for r in RHK.objects.filter(skp__in=[p.skp_id for p in baru]).order_by("id"):
            rhk.setdefault(r.skp_id, []).append(r)
        RencanaAksi.objects.bulk_create(
            RencanaAksi(
                instansi=d.buleleng,
                periode=p,
                rhk=r,
                uraian=f"Rencana {r.uraian}",
                target=Decimal("1"),
                satuan="Laporan",
            )
            for p in baru
            if p.keadaan_uji != "tanpa_rencana_aksi"
            for r in rhk.get(p.skp_id, [])[
                : 1 if p.keadaan_uji == "setengah_rencana_aksi" else None
            ]
        )
        return baru


def opd_massal(d, n, *, nomor_awal=0) -> list:
    """n OPD under Sekretariat Daerah, each with three pegawai whose TW I are rated (Baik,
    Sangat Baik waiting for review, Butuh Perbaikan) and a capaian organisasi set."""
    daftar_opd = [
        buat_unit(d.buleleng, d.sekda, nama=f"Dinas Uji {nomor_awal + i:03d}", eselon="22",
                  adalah_opd=True)
        for i in range(n)
    ]  # fmt: skip
    admin_bkd = segar(d.admin_bkd)
    for opd in daftar_opd:
        pegawai = pegawai_massal(d, opd, 3, awalan=f"Pegawai {opd.nama}")
        skp_opd = skp_massal(d, pegawai, opd, jumlah_rhk=1)
        tw1_massal(
            d,
            skp_opd,
            keadaan=[rules.DINILAI, rules.MENUNGGU_REVIEW, rules.DINILAI],
            predikat=[rules.BAIK, rules.SANGAT_BAIK, rules.BUTUH_PERBAIKAN],
        )
    with scopes_disabled():
        CapaianOrganisasi.objects.bulk_create(
            CapaianOrganisasi(
                instansi=d.buleleng,
                opd=opd,
                tahun=TAHUN,
                capaian=rules.BAIK,
                ditetapkan_oleh=admin_bkd,
            )
            for opd in daftar_opd
        )
    return daftar_opd


def rhk_tambahan(d, skp_obj, dari, sampai) -> list[RHK]:
    """RHK number dari..sampai-1 added to an SKP, one indikator each."""
    with scopes_disabled():
        RHK.objects.bulk_create(
            RHK(instansi=d.buleleng, skp=skp_obj, uraian=f"RHK tambahan ke-{n}", urutan=n)
            for n in range(dari, sampai)
        )
        baru = list(RHK.objects.filter(skp=skp_obj, urutan__gte=dari, urutan__lt=sampai))
        Indikator.objects.bulk_create(
            Indikator(
                instansi=d.buleleng,
                rhk=r,
                aspek="kuantitas",
                uraian=f"Jumlah {r.uraian}",
                target_min=Decimal("4"),
                satuan="Dokumen",
            )
            for r in baru
        )
        return baru


def rencana_aksi_massal(d, periode, rhk_list) -> list[RencanaAksi]:
    """A rencana aksi with its realisasi for each RHK in `periode`."""
    with scopes_disabled():
        return RencanaAksi.objects.bulk_create(
            RencanaAksi(
                instansi=d.buleleng,
                periode=periode,
                rhk=r,
                uraian=f"Rencana {r.uraian}",
                target=Decimal("1"),
                satuan="Dokumen",
                realisasi="Selesai.",
            )
            for r in rhk_list
        )


def bukti_tautan_massal(d, periode, rencana_aksi, oleh):
    with scopes_disabled():
        BuktiDukung.objects.bulk_create(
            BuktiDukung(
                instansi=d.buleleng,
                periode=periode,
                rencana_aksi=ra,
                tautan=f"https://drive.contoh.go.id/bukti-{ra.pk}",
                diunggah_oleh=oleh,
            )
            for ra in rencana_aksi
        )


def umpan_balik_massal(d, periode, penilai, rhk_list):
    with scopes_disabled():
        UmpanBalik.objects.bulk_create(
            UmpanBalik(instansi=d.buleleng, periode=periode, rhk=r, isi="Baik.", oleh=penilai)
            for r in rhk_list
        )


def keadaan():
    """Everything a forbidden request could have changed."""
    with scopes_disabled():
        return (
            sorted(
                PeriodePenilaian.objects.values_list(
                    "pk", "status", "predikat", "catatan_pengembalian", "catatan_review"
                )
            ),
            sorted(RencanaAksi.objects.values_list("pk", "uraian", "target", "realisasi")),
            sorted(BuktiDukung.objects.values_list("pk", "diganti_oleh")),
            sorted(UmpanBalik.objects.values_list("pk", "isi")),
            sorted(Dokumen.objects.values_list("pk", "status", "pindaian", "ttd_pegawai_pada")),
            sorted(DialogKinerja.objects.values_list("pk", "dikonfirmasi_pada")),
            KomentarKinerja.objects.count(),
            sorted(Pembinaan.objects.values_list("pk", "selesai_pada")),
            CapaianOrganisasi.objects.count(),
            Dispensasi.objects.count(),
            CetakMassal.objects.count(),
            Jadwal.objects.count(),
            Jejak.objects.count(),
        )
