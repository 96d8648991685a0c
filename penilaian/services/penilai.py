"""Writes of the pejabat penilai: returning, feedback, rating one or many."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from inti.masukan import teks_bersih
from penilaian import izin, rules
from penilaian.models import (
    PeriodePenilaian,
    UmpanBalik,
)
from penilaian.selectors import umpan_balik_kurang
from penilaian.services._umum import Status, _pastikan_penilai, _transisi
from skp.models import RHK
from skp.rules import NAMA_BERAKHLAK


@transaction.atomic
def periode_kembalikan(*, periode, by, catatan) -> PeriodePenilaian:
    _pastikan_penilai(periode, by)
    if not (catatan or "").strip():
        raise ValidationError({"catatan": "Tulis apa yang perlu dilengkapi pegawai."})
    return _transisi(
        periode,
        ke=Status.PENGISIAN,
        peran=rules.PENILAI,
        by=by,
        catatan=catatan.strip(),
        catatan_pengembalian=catatan.strip(),
    )


@transaction.atomic
def umpan_balik_simpan(*, periode, by, isi, rhk=None, perilaku="") -> UmpanBalik:
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    izin.pastikan(izin.alasan_nilai_sekarang, by, periode)
    if (rhk is None) == (not perilaku):
        raise ValueError("umpan balik untuk satu RHK atau satu perilaku")
    if rhk is not None and rhk.skp_id != periode.skp_id:
        raise ValidationError("RHK tidak ditemukan pada SKP periode ini.")
    if perilaku and perilaku not in NAMA_BERAKHLAK:
        raise ValidationError("Perilaku kerja tidak dikenal.")
    isi = teks_bersih(isi, field="isi")
    if not isi:
        raise ValidationError({"isi": "Umpan balik tidak boleh kosong."})
    umpan_balik, _ = UmpanBalik.objects.update_or_create(
        periode=periode,
        rhk=rhk,
        perilaku=perilaku,
        defaults={"isi": isi, "oleh": by, "instansi_id": periode.instansi_id},
    )
    return umpan_balik


@transaction.atomic
def umpan_balik_simpan_semua(*, periode, by, rhk: dict, perilaku: dict) -> int:
    """The feedback form of a period in one go: `rhk` maps an RHK id, `perilaku` a
    BerAKHLAK code, to its text; blank ones are skipped. All or nothing: one refused
    entry saves none, so the penilai never wonders which half was kept. Returns how many
    were saved."""
    daftar_rhk = {r.pk: r for r in RHK.objects.filter(skp_id=periode.skp_id, pk__in=list(rhk))}
    tersimpan = 0
    for rhk_id, isi in rhk.items():
        if (isi or "").strip():
            if rhk_id not in daftar_rhk:
                raise ValidationError("RHK tidak ditemukan pada SKP periode ini.")
            umpan_balik_simpan(periode=periode, by=by, rhk=daftar_rhk[rhk_id], isi=isi)
            tersimpan += 1
    for kode, isi in perilaku.items():
        if (isi or "").strip():
            umpan_balik_simpan(periode=periode, by=by, perilaku=kode, isi=isi)
            tersimpan += 1
    return tersimpan


@transaction.atomic
def periode_nilai(
    *, periode, by, rating_hasil_kerja, rating_perilaku_kerja, kontribusi=""
) -> PeriodePenilaian:
    """Rate hasil kerja and perilaku kerja; the predikat follows from the matrix."""
    periode = PeriodePenilaian.objects.select_for_update().get(pk=periode.pk)
    _pastikan_penilai(periode, by)
    galat = {}
    if rating_hasil_kerja not in rules.RATING:
        galat["rating_hasil_kerja"] = "Pilih rating hasil kerja."
    if rating_perilaku_kerja not in rules.RATING:
        galat["rating_perilaku_kerja"] = "Pilih rating perilaku kerja."
    if galat:
        raise ValidationError(galat)
    kurang = umpan_balik_kurang(periode)
    if kurang:
        raise ValidationError(
            "Berikan umpan balik dulu sebelum rating. Belum ada umpan balik untuk: "
            + "; ".join(kurang)
        )
    predikat = rules.predikat(hasil_kerja=rating_hasil_kerja, perilaku_kerja=rating_perilaku_kerja)
    return _transisi(
        periode,
        ke=rules.status_setelah_rating(predikat),
        peran=rules.PENILAI,
        by=by,
        penilai=by,
        rating_hasil_kerja=rating_hasil_kerja,
        rating_perilaku_kerja=rating_perilaku_kerja,
        predikat=predikat,
        kontribusi=teks_bersih(kontribusi, field="kontribusi"),
        dinilai_pada=timezone.now(),
        catatan_review="",
    )


@transaction.atomic
def periode_nilai_massal(*, by, penilaian: list) -> list[PeriodePenilaian]:
    """Rate many bawahan at once: `penilaian` lists (periode, rating hasil kerja, rating
    perilaku kerja). All or nothing: a refused row names its pegawai and saves no row."""
    dinilai = []
    for periode, hasil_kerja, perilaku_kerja in penilaian:
        try:
            dinilai.append(
                periode_nilai(
                    periode=periode,
                    by=by,
                    rating_hasil_kerja=hasil_kerja,
                    rating_perilaku_kerja=perilaku_kerja,
                )
            )
        except ValidationError as e:
            raise ValidationError(
                f"{periode.pegawai.nama}: {' '.join(e.messages)} Tidak ada rating yang disimpan."
            ) from None
    return dinilai
