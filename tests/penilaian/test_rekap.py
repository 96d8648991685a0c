"""The overview rollups (inti.rekap): Progres Penilaian and Kurva counted in SQL agree with
a recount row by row, a stale overview shows its age, and the beat job recounts the
overviews people watch."""

from collections import Counter
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from inti.models import RekapWaktu
from inti.tasks import rekap_segarkan
from organisasi.models import UnitKerja
from organisasi.selectors import pegawai_aktif
from penilaian import rules
from penilaian.models import PeriodePenilaian
from penilaian.selectors import (
    baris_penilaian,
    hitung_kurva,
    hitung_progres_penilaian,
)
from skp.models import SKP
from tests.bantuan import masuk, teks
from tests.penilaian.bantuan_views import (
    TAHUN,
    opd_massal,
    pegawai_massal,
    skp_massal,
    tw1_massal,
)


def _dunia_campuran(d):
    """Pegawai in every step of TW I, plus the cases the SQL must get right: an approved
    SKP replaced by a later draft (mutasi), an inactive pegawai, a final period."""
    pegawai = pegawai_massal(d, d.bidang, 16)
    skp = skp_massal(d, pegawai, d.bidang, penilai=d.kabid)
    tw1_massal(d, skp)
    tw1_massal(d, skp[:3], kode="final", keadaan=[rules.PENGISIAN, rules.DIAJUKAN, None])
    with scopes_disabled():
        # The latest SKP of the year decides: a later draft means "SKP belum disetujui".
        SKP.objects.create(
            instansi=d.buleleng,
            pegawai=pegawai[4],
            tahun=TAHUN,
            mulai=date(TAHUN, 7, 1),
            selesai=date(TAHUN, 12, 31),
            unit_kerja=d.bidang,
        )
        pegawai[5].is_active = False
        pegawai[5].save(update_fields=["is_active"])
    return pegawai


def _per_unit(rows):
    hasil = Counter()
    for unit_id, kunci, n in rows:
        hasil[unit_id, kunci] += n
    return +hasil


def test_progres_rollup_agrees_with_the_rows_of_every_pegawai(dunia):
    d = dunia
    _dunia_campuran(d)
    with scope(instansi=d.buleleng.pk):
        for kode in ["tw1", "tw2", "final"]:
            harapan = Counter(
                (b.pegawai.unit_kerja_id, b.status)
                for b in baris_penilaian(pegawai_aktif(UnitKerja.objects.all()), TAHUN, kode)
            )
            assert _per_unit(hitung_progres_penilaian(d.buleleng.pk, TAHUN, kode)) == +harapan, kode
            # Every step occurs in TW I, so the comparison covers each branch of the rule.
            if kode == "tw1":
                assert {s for _, s in harapan} >= {
                    "belum_skp", "belum_periode", "belum_rencana_aksi", "pengisian",
                    "diajukan", "menunggu_review", "dinilai",
                }  # fmt: skip


def test_kurva_rollup_agrees_with_a_recount(dunia):
    d = dunia
    opd_massal(d, 3)
    with scope(instansi=d.buleleng.pk):
        harapan = Counter()
        for p in PeriodePenilaian.objects.filter(
            tahun=TAHUN, kode="tw1", status__in=[rules.DINILAI, rules.MENUNGGU_REVIEW]
        ).select_related("skp__unit_kerja"):
            harapan[p.skp.unit_kerja.opd_id, p.predikat] += 1
            if p.status == rules.MENUNGGU_REVIEW:
                harapan[p.skp.unit_kerja.opd_id, "_review"] += 1
        assert _per_unit(hitung_kurva(d.buleleng.pk, TAHUN, "tw1")) == +harapan
        assert len(harapan) >= 3 * 4


def _tabel(halaman):
    return halaman.split('<table class="tabel angka">')[1].split("</table>")[0]


def test_a_stale_overview_shows_its_time_until_recounted_by_the_beat_job(client, dunia, settings):
    d = dunia
    settings.REKAP_UMUR = 3600
    url = reverse("penilaian_progres") + f"?tahun={TAHUN}&periode=tw1&q={d.bidang.nama}"
    masuk(client, d.admin_bkd)
    client.get(reverse("kurva"))
    halaman = teks(client.get(url))
    assert "Angka per " in halaman
    sebelum = _tabel(halaman)
    assert f">{d.bidang.nama}</a>" in sebelum
    pegawai_massal(d, d.bidang, 4)
    # Within REKAP_UMUR the page shows the counts it has, with their time.
    assert _tabel(teks(client.get(url))) == sebelum
    # The beat job recounts only what is stale and was read within the hour.
    with scopes_disabled():
        RekapWaktu.objects.update(dihitung_pada=timezone.now() - timedelta(hours=2))
        RekapWaktu.objects.filter(jenis="kurva").update(
            dibaca_pada=timezone.now() - timedelta(hours=2)
        )
    assert rekap_segarkan() == 1
    sesudah = _tabel(teks(client.get(url)))
    assert sesudah != sebelum
    with scopes_disabled():
        assert RekapWaktu.objects.get(jenis="progres_penilaian").dihitung_pada > (
            timezone.now() - timedelta(minutes=1)
        )
    assert rekap_segarkan() == 0
