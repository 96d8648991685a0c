"""The two sample penilai of `data_skala` and their bawahan, built through the real
services as people would: each drafts an SKP whose RHK intervene the atasan's, submits
it, the atasan approves; then the current quarter's period is added, a rencana aksi
written for every RHK, realisasi filled and (for most bawahan) submitted, so that each
penilai has periods waiting for a rating made exactly as the app makes them.

Forty-two people at most: everyone else in the instansi is written set-based.
"""

from decimal import Decimal

from organisasi.models import Pegawai
from penilaian import services as penilaian
from skp import services as skp
from skp.models import RHK, SKP
from skp.selectors import pilihan_intervensi

from .rancangan import rencana_rhk, target_rencana_aksi, uraian_rencana_aksi

# The last two bawahan of each seksi are still filling in; the others have submitted.
BELUM_MENGAJUKAN = 2


def bangun_seksi_sampel(
    *, kasi: Pegawai, bawahan: list[Pegawai], nama_seksi: str, tahun: int, kode: str, rng
) -> dict[int, int]:
    """SKP and the `kode` period of the kasi (atasan: the kabid above) and of each
    bawahan (atasan: the kasi). Runs inside the instansi's scope. Returns pegawai id →
    SKP id."""
    skp_per_pegawai = {kasi.pk: _skp_disetujui(kasi, "seksi", nama_seksi, tahun, rng).pk}
    for pegawai in bawahan:
        skp_per_pegawai[pegawai.pk] = _skp_disetujui(pegawai, "staf", nama_seksi, tahun, rng).pk
    # The kasi is rated by the kabid: filled in, not yet submitted.
    _periode(kasi, skp_per_pegawai[kasi.pk], tahun, kode, ajukan=False, rng=rng)
    for i, pegawai in enumerate(bawahan):
        ajukan = i < len(bawahan) - BELUM_MENGAJUKAN
        _periode(pegawai, skp_per_pegawai[pegawai.pk], tahun, kode, ajukan=ajukan, rng=rng)
    return skp_per_pegawai


def _skp_disetujui(pegawai: Pegawai, tingkat: str, nama_unit: str, tahun: int, rng):
    draf = skp.skp_buat(pegawai=pegawai, tahun=tahun, by=pegawai)
    pilihan = pilihan_intervensi(draf)
    if pilihan.atasan is None or not pilihan.rhk:
        raise RuntimeError(f"{pegawai.nip}: atasan tanpa RHK utama ({pilihan.alasan})")
    for i, rencana in enumerate(rencana_rhk(rng, tingkat, nama_unit, jpt=False)):
        rhk = skp.rhk_simpan(
            skp=draf,
            by=pegawai,
            uraian=rencana.uraian,
            jenis=RHK.Jenis.UTAMA if rencana.utama else RHK.Jenis.TAMBAHAN,
            intervensi=[pilihan.rhk[i % len(pilihan.rhk)]] if rencana.utama else [],
        )
        for indikator in rencana.indikator:
            skp.indikator_simpan(
                rhk=rhk,
                by=pegawai,
                aspek=indikator.aspek,
                uraian=indikator.uraian,
                target_min=Decimal(indikator.target),
                satuan=indikator.satuan,
            )
    diajukan = skp.skp_ajukan(skp=draf, by=pegawai)
    return skp.skp_setujui(skp=diajukan, by=pilihan.atasan)


def _periode(pegawai: Pegawai, skp_id: int, tahun: int, kode: str, *, ajukan: bool, rng):
    periode = penilaian.periode_tambah(skp=SKP.objects.get(pk=skp_id), kode=kode, by=pegawai)
    semua = []
    for rhk in RHK.objects.filter(skp_id=skp_id).prefetch_related("indikator"):
        indikator = rhk.indikator.all()[0]
        target, satuan = target_rencana_aksi(indikator.target_min, indikator.satuan)
        semua.append(
            penilaian.rencana_aksi_simpan(
                periode=periode,
                rhk=rhk,
                by=pegawai,
                uraian=uraian_rencana_aksi(kode, rhk.uraian),
                target=Decimal(target),
                satuan=satuan,
            )
        )
    # Realisasi opens once every RHK has its rencana aksi; who will not submit yet has
    # filled about half.
    isi = semua if ajukan else semua[: len(semua) // 2]
    for rencana_aksi in isi:
        penilaian.realisasi_simpan(
            periode=periode,
            by=pegawai,
            rencana_aksi=rencana_aksi,
            realisasi=rng.choice(REALISASI),
            realisasi_angka=rencana_aksi.target,
        )
    if ajukan:
        penilaian.periode_ajukan(periode=periode, by=pegawai)
    return periode


REALISASI = [
    "Target triwulan tercapai; laporan diserahkan kepada atasan.",
    "Seluruh tahapan selesai sesuai jadwal; dokumen diunggah ke aplikasi.",
    "Kegiatan terlaksana; hasil direkap dan dilaporkan.",
]
