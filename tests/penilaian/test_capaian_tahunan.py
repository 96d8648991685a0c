"""Capaian kinerja organisasi is one value per OPD and year (DOMAIN: "per OPD and year"),
used by the kurva of every period of that year, set by BKD only, with its history shown.
"""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from organisasi.models import UnitKerja
from penilaian import rules, selectors, services
from penilaian.models import CapaianOrganisasi
from tests.bantuan import masuk, pesan, segar, teks
from tests.skp.conftest import TAHUN

migrasi = importlib.import_module("penilaian.migrations.0013_capaian_tahunan")

SEMUA_PERIODE = ["tw1", "tw2", "tw3", "tw4", "final"]


def kurva_url(kode, tahun=TAHUN):
    return reverse("kurva") + f"?tahun={tahun}&periode={kode}"


def kartu_opd(halaman: str, opd) -> str:
    return halaman.split(f'id="opd-{opd.pk}"')[1].split("</section>")[0]


# --- the service ---------------------------------------------------------------------------


def test_one_value_per_opd_and_year_changed_in_place_with_its_history(dalam_buleleng):
    d = dalam_buleleng
    admin = segar(d.admin_bkd)

    services.capaian_tetapkan(opd=d.bkpsdm, tahun=TAHUN, capaian=rules.ISTIMEWA, by=admin)
    services.capaian_tetapkan(opd=d.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=admin)
    services.capaian_tetapkan(opd=d.bkpsdm, tahun=TAHUN + 1, capaian=rules.KURANG, by=admin)

    assert sorted(CapaianOrganisasi.objects.values_list("tahun", "capaian")) == [
        (TAHUN, rules.BAIK),
        (TAHUN + 1, rules.KURANG),
    ]
    riwayat = selectors.riwayat_capaian([d.bkpsdm], TAHUN)[d.bkpsdm.pk]
    assert [(r.dari, r.ke, r.oleh) for r in riwayat] == [
        ("Istimewa", "Baik", admin),
        ("", "Istimewa", admin),
    ]


def test_setting_the_same_value_again_writes_no_history(dalam_buleleng):
    d = dalam_buleleng
    admin = segar(d.admin_bkd)
    services.capaian_tetapkan(opd=d.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=admin)

    services.capaian_tetapkan(opd=d.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=admin)

    assert Jejak.objects.filter(aksi="capaian_organisasi").count() == 1


@pytest.mark.parametrize("siapa", ["admin_opd", "kepala", "kabid"])
def test_only_bkd_sets_the_yearly_capaian(dalam_buleleng, siapa):
    with pytest.raises(ValidationError, match="Hanya BKD"):
        services.capaian_tetapkan(
            opd=dalam_buleleng.bkpsdm,
            tahun=TAHUN,
            capaian=rules.BAIK,
            by=segar(getattr(dalam_buleleng, siapa)),
        )
    assert not CapaianOrganisasi.objects.exists()


# --- every period of the year ----------------------------------------------------------------


def test_the_yearly_value_bounds_the_curve_of_every_period_of_the_year(dalam_buleleng):
    d = dalam_buleleng
    services.capaian_tetapkan(
        opd=d.bkpsdm, tahun=TAHUN, capaian=rules.SANGAT_KURANG, by=segar(d.admin_bkd)
    )

    class Rekap:  # one period's counts, as inti.rekap hands them over
        def per_unit(self, ids):
            return {d.bkpsdm.pk: {rules.SANGAT_BAIK: 1}}

    for tahun, harapan in [(TAHUN, rules.SANGAT_KURANG), (TAHUN + 1, "")]:
        (kurva,) = selectors.kurva_distribusi(
            Rekap(), UnitKerja.objects.filter(pk=d.bkpsdm.pk), tahun
        )
        assert kurva.capaian == harapan
        assert bool(kurva.peringatan) == bool(harapan)


def test_the_kurva_page_of_every_period_shows_the_value_set_once(client, dunia):
    masuk(client, dunia.admin_bkd)
    response = client.post(
        kurva_url("tw2"), {"opd": dunia.bkpsdm.pk, "capaian": rules.BAIK}, follow=True
    )
    assert "Capaian organisasi BKPSDM tahun 2025 disimpan." in pesan(response)

    for kode in SEMUA_PERIODE:
        kartu = kartu_opd(teks(client.get(kurva_url(kode))), dunia.bkpsdm)
        assert "Capaian organisasi: <strong>Baik</strong>" in kartu, kode
        assert '<option value="baik" selected>' in kartu, kode
    # Another year has its own value, not yet set.
    kartu = kartu_opd(teks(client.get(kurva_url("tw1", TAHUN + 1))), dunia.bkpsdm)
    assert "belum ditetapkan BKD" in kartu


def test_the_kurva_page_shows_who_changed_the_capaian_when_from_what_to_what(client, dunia):
    masuk(client, dunia.admin_bkd)
    client.post(kurva_url("tw1"), {"opd": dunia.bkpsdm.pk, "capaian": rules.ISTIMEWA})
    client.post(kurva_url("tw3"), {"opd": dunia.bkpsdm.pk, "capaian": rules.KURANG})

    kartu = kartu_opd(teks(client.get(kurva_url("tw4"))), dunia.bkpsdm)
    riwayat = kartu.split(f'data-testid="riwayat-capaian-{dunia.bkpsdm.pk}"')[1]
    assert "Riwayat capaian 2025 (2 perubahan)" in riwayat
    baris = riwayat.split("<tbody>")[1].split("</tr>")
    assert "Istimewa</td><td>Kurang</td>" in baris[0]
    assert "<td>-</td><td>Istimewa</td>" in baris[1]
    assert dunia.admin_bkd.nama in baris[0]
    # Dinas Kesehatan has no history; another year shows none.
    assert 'data-testid="riwayat-capaian-' not in kartu_opd(
        teks(client.get(kurva_url("tw4"))), dunia.dinkes
    )
    assert "Riwayat capaian" not in teks(client.get(kurva_url("tw1", TAHUN + 1)))


def test_history_written_per_period_before_the_change_is_still_shown(client, dunia):
    # Entries from before the capaian was yearly carry the period's label.
    with scope(instansi=dunia.buleleng.pk):
        Jejak.objects.create(
            instansi=dunia.buleleng,
            oleh=dunia.admin_bkd,
            aksi="capaian_organisasi",
            objek_tipe="organisasi.UnitKerja",
            objek_id=dunia.bkpsdm.pk,
            objek_repr="BKPSDM",
            ke={"capaian": "baik", "periode": "Triwulan I 2025"},
        )
        riwayat = selectors.riwayat_capaian([dunia.bkpsdm], TAHUN)
        assert [r.ke for r in riwayat[dunia.bkpsdm.pk]] == ["Baik"]
        assert selectors.riwayat_capaian([dunia.bkpsdm], TAHUN + 1) == {}


# --- access ----------------------------------------------------------------------------------


def test_admin_opd_sees_the_capaian_but_cannot_set_it(client, dunia):
    with scope(instansi=dunia.buleleng.pk):
        services.capaian_tetapkan(
            opd=dunia.bkpsdm, tahun=TAHUN, capaian=rules.BAIK, by=segar(dunia.admin_bkd)
        )
    masuk(client, dunia.admin_opd)
    halaman = teks(client.get(kurva_url("tw1")))
    assert "Capaian organisasi: <strong>Baik</strong>" in halaman
    assert 'name="capaian"' not in halaman
    respons = client.post(kurva_url("tw1"), {"opd": dunia.bkpsdm.pk, "capaian": rules.KURANG})
    assert respons.status_code == 404
    with scopes_disabled():
        assert CapaianOrganisasi.objects.get().capaian == rules.BAIK


def test_another_instansi_gets_404(client, dunia):
    masuk(client, dunia.admin_lain)
    respons = client.post(kurva_url("tw1"), {"opd": dunia.bkpsdm.pk, "capaian": rules.BAIK})
    assert respons.status_code == 404
    assert f'id="opd-{dunia.bkpsdm.pk}"' not in teks(client.get(kurva_url("tw1")))
    with scopes_disabled():
        assert not CapaianOrganisasi.objects.exists()


# --- the data migration ----------------------------------------------------------------------


def _waktu(jam):
    return datetime(2025, 4, 1, jam, tzinfo=UTC)


def test_migration_keeps_per_opd_and_year_the_value_set_last():
    baris = [
        (1, 10, 2025, _waktu(8)),  # TW I, set first
        (2, 10, 2025, _waktu(12)),  # TW II, set last: kept
        (3, 10, 2025, _waktu(9)),
        (4, 10, 2024, _waktu(7)),  # another year: kept
        (5, 11, 2025, _waktu(6)),  # another OPD: kept
        (6, 12, 2025, _waktu(5)),  # same moment: the later row wins
        (7, 12, 2025, _waktu(5)),
    ]

    assert migrasi.baris_dibuang(baris) == [1, 3, 6]
    assert migrasi.baris_dibuang([]) == []


def test_migration_function_runs_on_the_table_and_keeps_yearly_rows(dalam_buleleng):
    d = dalam_buleleng
    admin = segar(d.admin_bkd)
    for opd in (d.bkpsdm, d.dinkes):
        services.capaian_tetapkan(opd=opd, tahun=TAHUN, capaian=rules.BAIK, by=admin)

    # Already one row per (opd, tahun): nothing is dropped, whatever it runs on.
    migrasi.sisakan_terbaru_per_tahun(apps, None)

    assert CapaianOrganisasi.objects.count() == 2
