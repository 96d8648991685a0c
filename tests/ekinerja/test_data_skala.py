"""`manage.py data_skala`: one large instansi for load tests, built set-based. Built once
for the module at a small size (the rows are what a 60,000 run writes, fewer of them),
then read through the real selectors, rules and pages."""

import io
import json
import random
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from ekinerja.skala import rancangan
from ekinerja.skala.bangun import NAMA_SEKSI_SAMPEL
from inti.tenancy import tenant_scope
from jadwal import rules as jadwal_rules
from jadwal.models import Jadwal
from jadwal.selectors import status_jadwal
from organisasi.models import HariLibur, Instansi, Pegawai, UnitKerja
from organisasi.rules import urai_nip
from organisasi.selectors import atasan_pegawai, bawahan_penilai
from organisasi.services import unit_kerja_buat
from penilaian import rules as penilaian_rules
from penilaian.models import PeriodePenilaian, RencanaAksi
from skp.models import RHK, SKP, PerilakuKerja
from tests.factories import InstansiFactory
from tpp import rules as tpp_rules
from tpp.models import AktivitasHarian, ProgresHarian, RealisasiBulanan, TPPBulanan

JUMLAH = 300
SANDI = "sandi-skala-uji"


@pytest.fixture(scope="module")
def skala_modul(transaksi_modul, django_db_blocker, tmp_path_factory):
    berkas = tmp_path_factory.mktemp("skala") / "skala.json"
    keluaran = io.StringIO()
    with django_db_blocker.unblock():
        # Tests run with DEBUG=False: --paksa, as on a load-test server.
        call_command(
            "data_skala", "--pegawai", str(JUMLAH), "--password", SANDI, "--json", str(berkas),
            "--paksa", stdout=keluaran,
        )  # fmt: skip
        with scopes_disabled():
            instansi = Instansi.objects.get(kode="skala")
    return SimpleNamespace(
        instansi=instansi, data=json.loads(berkas.read_text()), keluaran=keluaran.getvalue()
    )


@pytest.fixture
def skala(skala_modul, db):
    with tenant_scope(skala_modul.instansi.pk):
        yield skala_modul


def _periode_sekarang(instansi):
    return f"tw{(instansi.hari_ini().month - 1) // 3 + 1}"


def _unit_sampel(n):
    return UnitKerja.objects.select_related("pimpinan").get(nama=NAMA_SEKSI_SAMPEL[n])


# ---- what was built --------------------------------------------------------------------


def test_builds_the_requested_pegawai_units_and_an_approved_skp_each(skala):
    assert Pegawai.objects.count() == JUMLAH
    assert UnitKerja.objects.count() == rancangan.jumlah_unit(JUMLAH) + 2
    assert UnitKerja.objects.filter(pimpinan__isnull=True).count() == 0
    assert set(UnitKerja.objects.values_list("status_pimpinan", flat=True)) == {"definitif"}
    assert SKP.objects.filter(status=SKP.Status.DISETUJUI, tahun=skala.data["tahun"]).count() == (
        JUMLAH
    )
    # Seven BerAKHLAK values and five to seven RHK (each with indikator) per SKP.
    assert PerilakuKerja.objects.count() == 7 * JUMLAH
    per_skp = SKP.objects.annotate(n=Count("rhk")).values_list("n", flat=True)
    assert set(per_skp) <= {5, 6, 7}
    assert not RHK.objects.annotate(n=Count("indikator")).filter(Q(n=0) | Q(n__gt=2)).exists()
    assert skala.data["pegawai"] == JUMLAH and skala.data["unit"] == UnitKerja.objects.count()


def test_every_pegawai_passes_full_clean(skala):
    for pegawai in Pegawai.objects.all():
        pegawai.full_clean()
        terurai = urai_nip(pegawai.nip, pppk=pegawai.jenis_asn == "PPPK")
        assert terurai.tanggal_lahir == pegawai.tanggal_lahir
        assert pegawai.jenis_kelamin == "LP"[terurai.jenis_kelamin - 1]
    for unit in UnitKerja.objects.all():
        unit.full_clean()


def test_periods_before_this_quarter_are_rated_and_this_one_is_being_filled(skala):
    kode = _periode_sekarang(skala.instansi)
    lalu = [f"tw{q}" for q in range(1, int(kode[2:]))]
    per_status = Counter(PeriodePenilaian.objects.values_list("kode", "status"))
    for k in lalu:
        assert per_status[(k, "dinilai")] == JUMLAH
    assert per_status[(kode, "pengisian")] + per_status[(kode, "diajukan")] == JUMLAH
    assert per_status[(kode, "diajukan")] > 0
    assert PeriodePenilaian.objects.count() == JUMLAH * (len(lalu) + 1)
    # One rencana aksi per RHK per period; realisasi on every rated one.
    assert RencanaAksi.objects.count() == RHK.objects.count() * (len(lalu) + 1)
    assert not (
        RencanaAksi.objects.values("periode", "rhk").annotate(n=Count("pk")).filter(n__gt=1)
    ).exists()
    assert not RencanaAksi.objects.filter(periode__kode__in=lalu, realisasi="").exists()
    assert not RencanaAksi.objects.exclude(rhk__skp=F("periode__skp")).exists()


def test_ratings_follow_the_predikat_matrix_with_reviewed_sangat_baik(skala):
    dinilai = list(PeriodePenilaian.objects.filter(status=PeriodePenilaian.Status.DINILAI))
    if not dinilai:
        pytest.skip("Triwulan I: belum ada periode yang dinilai")
    for periode in dinilai:
        assert periode.predikat == penilaian_rules.predikat(
            hasil_kerja=periode.rating_hasil_kerja, perilaku_kerja=periode.rating_perilaku_kerja
        )
    predikat = Counter(p.predikat for p in dinilai)
    assert predikat["sangat_baik"] and predikat["butuh_perbaikan"] and predikat["baik"]
    assert predikat["baik"] > len(dinilai) / 2
    sangat_baik = [p for p in dinilai if p.predikat == "sangat_baik"]
    admin_bkd = Pegawai.objects.get(peran=Pegawai.Peran.ADMIN_BKD)
    assert {p.direview_oleh_id for p in sangat_baik} == {admin_bkd.pk}
    assert all(p.direview_pada > p.dinilai_pada for p in sangat_baik)


def test_penilai_is_the_atasan_the_unit_tree_gives(skala):
    skp = {s.pegawai_id: s for s in SKP.objects.all()}
    puncak = UnitKerja.objects.get(depth=1).pimpinan_id
    for pegawai in Pegawai.objects.select_related("unit_kerja__pimpinan"):
        atasan = atasan_pegawai(pegawai)
        assert skp[pegawai.pk].penilai_id == (atasan.pk if atasan else None)
        assert (atasan is None) == (pegawai.pk == puncak)
    rated = PeriodePenilaian.objects.filter(status=PeriodePenilaian.Status.DINILAI)
    assert not rated.exclude(penilai=F("skp__penilai")).exclude(penilai__isnull=True).exists()


def test_utama_rhk_intervene_an_rhk_of_the_atasan_skp(skala):
    utama = RHK.objects.filter(jenis=RHK.Jenis.UTAMA)
    bawah = utama.exclude(skp__penilai__isnull=True)
    assert not bawah.annotate(n=Count("intervensi")).exclude(n=1).exists()
    assert not bawah.exclude(intervensi__skp__pegawai=F("skp__penilai")).exists()
    assert not utama.filter(skp__penilai__isnull=True, intervensi_pk__isnull=True).exists()
    assert not RHK.objects.filter(jenis=RHK.Jenis.TAMBAHAN, intervensi__isnull=False).exists()


def test_unit_paths_are_what_the_services_build(skala, tanpa_scope):
    """The same tree built again through unit_kerja_buat, in another instansi, gets the
    same paths, depths and OPD links."""
    lain = InstansiFactory(kode="salinan-skala")
    units = list(UnitKerja.objects.filter(instansi=skala.instansi).order_by("path"))
    salinan = {}
    with tenant_scope(lain.pk):
        for unit in units:
            salinan[unit.pk] = unit_kerja_buat(
                instansi=lain,
                parent=salinan[unit.parent_id] if unit.parent_id else None,
                nama=unit.nama,
                eselon=unit.eselon,
                id_eksternal=unit.id_eksternal,
                adalah_opd=unit.adalah_opd,
                hari_kerja=unit.hari_kerja,
            )
    asli = {baru.pk: pk for pk, baru in salinan.items()}
    for unit in units:
        sama = salinan[unit.pk]
        assert (unit.path, unit.depth) == (sama.path, sama.depth)
        assert unit.opd_id == asli.get(sama.opd_id)


def test_the_sample_penilai_have_exactly_10_and_30_bawahan_waiting(skala):
    kode = _periode_sekarang(skala.instansi)
    for n in (10, 30):
        unit = _unit_sampel(n)
        contoh = skala.data["pengguna"][f"penilai_{n}"]
        assert contoh["nip"] == unit.pimpinan.nip and contoh["bawahan"] == n
        bawahan = bawahan_penilai(unit.pimpinan)
        assert bawahan.count() == n
        periode = PeriodePenilaian.objects.get(pk=contoh["periode_dinilai"])
        assert periode.kode == kode and periode.status == PeriodePenilaian.Status.DIAJUKAN
        assert atasan_pegawai(periode.pegawai) == unit.pimpinan
        menunggu = PeriodePenilaian.objects.filter(
            pegawai__in=bawahan, kode=kode, status=PeriodePenilaian.Status.DIAJUKAN
        )
        assert menunggu.count() == n - 2  # the last two are still filling in


def test_the_sample_seksi_went_through_the_services(skala):
    """Their SKP, period and rencana aksi left the audit trail the services write."""
    from inti.models import Jejak

    unit = _unit_sampel(10)
    pegawai = Pegawai.objects.filter(unit_kerja=unit).exclude(pk=unit.pimpinan_id).first()
    skp = SKP.objects.get(pegawai=pegawai)
    aksi = set(Jejak.objects.filter(objek_id=skp.pk).values_list("aksi", flat=True))
    assert {"skp_buat", "rhk_tambah", "skp_diajukan", "skp_disetujui"} <= aksi
    assert skp.penilai_id == unit.pimpinan_id


def test_json_has_the_shape_the_benchmark_reads(skala):
    data = skala.data
    assert set(data) == {
        "instansi", "password", "pegawai", "unit", "tahun", "progres", "pengguna"
    }  # fmt: skip
    assert (data["instansi"], data["password"]) == ("skala", SANDI)
    assert data["tahun"] == skala.instansi.hari_ini().year
    pengguna = data["pengguna"]
    assert set(pengguna) == {"pegawai", "penilai_10", "penilai_30", "admin_opd", "admin_bkd"}
    assert set(pengguna["pegawai"]) == {"nip", "skp", "periode"}
    assert set(pengguna["penilai_10"]) == set(pengguna["penilai_30"]) == {
        "nip", "periode_dinilai", "bawahan"
    }  # fmt: skip
    assert set(pengguna["admin_opd"]) == {"nip", "opd"} and set(pengguna["admin_bkd"]) == {"nip"}

    contoh = pengguna["pegawai"]
    periode = PeriodePenilaian.objects.select_related("pegawai__unit_kerja").get(
        pk=contoh["periode"]
    )
    pegawai = periode.pegawai
    assert (pegawai.nip, periode.skp_id) == (contoh["nip"], contoh["skp"])
    assert periode.kode == _periode_sekarang(skala.instansi)
    assert pegawai.peran == Pegawai.Peran.PEGAWAI and pegawai.unit_kerja.eselon.startswith("4")
    assert pegawai.unit_kerja.pimpinan_id != pegawai.pk

    admin_opd = Pegawai.objects.get(nip=pengguna["admin_opd"]["nip"])
    assert admin_opd.peran == Pegawai.Peran.ADMIN_OPD
    assert admin_opd.admin_opd_id == pengguna["admin_opd"]["opd"]
    terbesar = (
        Pegawai.objects.values("unit_kerja__opd").annotate(n=Count("pk")).order_by("-n").first()
    )
    assert terbesar["unit_kerja__opd"] == pengguna["admin_opd"]["opd"]
    assert Pegawai.objects.get(nip=pengguna["admin_bkd"]["nip"]).peran == "admin_bkd"


@pytest.mark.parametrize("peran", ["pegawai", "penilai_10", "penilai_30", "admin_opd", "admin_bkd"])
def test_sample_users_log_in_and_open_their_pages(skala, client, peran):
    contoh = skala.data["pengguna"][peran]
    response = client.post(reverse("login"), {"login": contoh["nip"], "password": SANDI})
    assert response.status_code == 302 and response.url == reverse("beranda")
    assert client.get(reverse("beranda")).status_code == 200
    halaman = {  # URL name → the sample user's key holding its argument
        "pegawai": [("periode_detail", "periode"), ("skp_detail", "skp")],
        "penilai_10": [("penilaian_bawahan", None), ("periode_detail", "periode_dinilai")],
        "penilai_30": [("penilaian_bawahan", None), ("tpp_bawahan", None)],
        "admin_opd": [("kelola_pegawai", None)],
        "admin_bkd": [("penilaian_progres", None), ("tpp_rekap", None)],
    }[peran]
    for nama, kunci in halaman:
        url = reverse(nama, args=[contoh[kunci]] if kunci else [])
        assert client.get(url, follow=True).status_code == 200, url


def test_last_month_has_aktivitas_ratings_within_the_limit_and_tpp(skala):
    hari_ini = skala.instansi.hari_ini()
    if hari_ini.month == 1:
        pytest.skip("Januari: bulan lalu ada di tahun sebelumnya")
    bulan = hari_ini.month - 1
    aktivitas = dict(
        AktivitasHarian.objects.filter(tanggal__month=bulan, tanggal__year=hari_ini.year)
        .values_list("pegawai")
        .annotate(n=Count("pk"))
    )
    realisasi = list(RealisasiBulanan.objects.filter(tahun=hari_ini.year, bulan=bulan))
    assert len(realisasi) == JUMLAH - 1  # the top pimpinan has nobody to rate him
    for r in realisasi:
        assert r.jumlah_aktivitas == aktivitas.get(r.pegawai_id, 0)
        assert r.rating in tpp_rules.rating_diizinkan(r.jumlah_aktivitas)
    assert {r.rating for r in realisasi} == set(penilaian_rules.RATING)
    assert all(t.weekday() < 6 for t in AktivitasHarian.objects.values_list("tanggal", flat=True))
    assert TPPBulanan.objects.filter(tahun=hari_ini.year, bulan=bulan).count() == JUMLAH
    assert TPPBulanan.objects.filter(total__gt=0).count() == JUMLAH


def test_each_day_filled_in_has_its_progres_harian_with_a_mix_of_statuses(skala):
    """One ProgresHarian per pegawai and day with aktivitas (no row: the day was left
    empty), approved or returned by the pegawai's atasan, late exactly when the rule says
    so; the TPP counts the late and empty days."""
    hari_ini = skala.instansi.hari_ini()
    if hari_ini.month == 1:
        pytest.skip("Januari: bulan lalu ada di tahun sebelumnya")
    akhir = hari_ini.replace(day=1) - timedelta(days=1)
    awal = akhir.replace(day=1)
    bulan = ProgresHarian.objects.filter(tanggal__range=(awal, akhir))
    assert skala.data["progres"] == {
        "tahun": akhir.year, "bulan": akhir.month, "hari": bulan.count()
    }  # fmt: skip
    hari_aktivitas = set(AktivitasHarian.objects.values_list("pegawai_id", "tanggal").distinct())
    assert set(ProgresHarian.objects.values_list("pegawai_id", "tanggal")) == hari_aktivitas
    per_hari = AktivitasHarian.objects.values("pegawai", "tanggal").annotate(n=Count("pk"))
    assert {h["n"] for h in per_hari} == {1, 2, 3}

    status = Counter(bulan.values_list("status", flat=True))
    assert set(status) == set(ProgresHarian.Status)
    assert status["disetujui"] > bulan.count() / 2
    penilai = dict(SKP.objects.values_list("pegawai_id", "penilai_id"))
    zona, jendela = skala.instansi.zona, skala.instansi.jendela_progres
    libur = set(HariLibur.objects.values_list("tanggal", flat=True))
    terlambat = 0
    for hari in ProgresHarian.objects.select_related("pegawai__unit_kerja"):
        if hari.status == ProgresHarian.Status.DRAFT:
            assert hari.diajukan_pertama is None and not hari.terlambat
            continue
        assert hari.diajukan_pada == hari.diajukan_pertama <= timezone.now()
        assert hari.terlambat == tpp_rules.terlambat(
            hari.tanggal, hari.diajukan_pertama, zona=zona, jendela=jendela,
            hari_kerja=hari.pegawai.unit_kerja.hari_kerja_efektif, libur=libur,
        )  # fmt: skip
        terlambat += hari.terlambat
        if hari.status in (ProgresHarian.Status.DISETUJUI, ProgresHarian.Status.DIKEMBALIKAN):
            assert hari.diputuskan_oleh_id == penilai[hari.pegawai_id] is not None
            assert hari.diajukan_pada <= hari.diputuskan_pada
        assert bool(hari.catatan) == (hari.status == ProgresHarian.Status.DIKEMBALIKAN)
    assert 0 < terlambat < ProgresHarian.objects.count() / 4

    tpp = TPPBulanan.objects.filter(tahun=akhir.year, bulan=akhir.month)
    assert tpp.filter(progres_terlambat__gt=0).exists()
    assert tpp.filter(progres_kosong__gt=0).exists()
    assert any(
        "rogres" in uraian for t in tpp.filter(progres_kosong__gt=0) for uraian, _ in t.rincian
    )


def test_this_quarter_is_open_for_realisasi_and_penilaian_and_earlier_ones_closed(skala):
    pegawai = Pegawai.objects.get(nip=skala.data["pengguna"]["pegawai"]["nip"])
    kode = _periode_sekarang(skala.instansi)
    for langkah in (jadwal_rules.REALISASI, jadwal_rules.PENILAIAN):
        status = status_jadwal(
            langkah=langkah, tahun=skala.data["tahun"], kode=kode, pegawai=pegawai,
            sekarang=timezone.now(),
        )  # fmt: skip
        assert status.jadwal is not None and status.boleh
    # The periods of every closed window carry its lock, as the lock job leaves them.
    kolom = {jadwal_rules.REALISASI: "dikunci_realisasi_pada",
             jadwal_rules.PENILAIAN: "dikunci_penilaian_pada"}  # fmt: skip
    for jadwal in Jadwal.objects.filter(langkah__in=kolom):
        periode = PeriodePenilaian.objects.filter(kode=jadwal.kode)
        if jadwal.batas < timezone.now():
            assert not periode.filter(**{kolom[jadwal.langkah]: None}).exists(), jadwal
            assert jadwal.dikunci_pada is not None
        else:
            assert not periode.exclude(**{kolom[jadwal.langkah]: None}).exists(), jadwal


# ---- running again ---------------------------------------------------------------------


def _jumlah():
    return (
        Pegawai.objects.count(),
        UnitKerja.objects.count(),
        SKP.objects.count(),
        PeriodePenilaian.objects.count(),
        RencanaAksi.objects.count(),
        TPPBulanan.objects.count(),
    )


def test_a_second_run_of_the_same_size_adds_nothing(skala):
    sebelum = _jumlah()
    keluaran = io.StringIO()
    call_command("data_skala", "--pegawai", str(JUMLAH), "--password", SANDI, "--paksa",
                 stdout=keluaran)  # fmt: skip
    assert _jumlah() == sebelum
    assert f"sudah berisi {JUMLAH} pegawai" in keluaran.getvalue()


def test_a_larger_run_grows_the_existing_units(skala):
    unit_sebelum = UnitKerja.objects.count()
    call_command("data_skala", "--pegawai", str(JUMLAH + 40), "--password", SANDI, "--paksa",
                 stdout=io.StringIO())  # fmt: skip
    assert Pegawai.objects.count() == JUMLAH + 40
    assert UnitKerja.objects.count() == unit_sebelum
    assert SKP.objects.filter(status=SKP.Status.DISETUJUI).count() == JUMLAH + 40
    kode = _periode_sekarang(skala.instansi)
    assert PeriodePenilaian.objects.filter(kode=kode).count() == JUMLAH + 40
    for n in (10, 30):
        assert bawahan_penilai(_unit_sampel(n).pimpinan).count() == n
    baru = Pegawai.objects.order_by("-pk")[:40]
    for pegawai in baru:
        skp = SKP.objects.get(pegawai=pegawai)
        assert skp.penilai == atasan_pegawai(pegawai) != pegawai
        assert pegawai.check_password(SANDI)
    tanpa_intervensi = RHK.objects.filter(jenis=RHK.Jenis.UTAMA, intervensi__isnull=True)
    assert not tanpa_intervensi.exclude(skp__penilai__isnull=True).exists()


def test_refuses_an_instansi_it_did_not_build(skala):
    InstansiFactory(kode="buatan-lain")
    with pytest.raises(CommandError, match="tidak dibangun oleh data_skala"):
        call_command("data_skala", "--pegawai", "200", "--instansi", "buatan-lain", "--paksa",
                     stdout=io.StringIO())  # fmt: skip


def test_refuses_a_non_empty_production_database_without_paksa(skala, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--paksa"):
        call_command("data_skala", "--pegawai", str(JUMLAH), stdout=io.StringIO())


def test_reports_each_stage_with_elapsed_seconds(skala):
    baris = [b for b in skala.keluaran.splitlines() if b.startswith("[")]
    assert any("pegawai:" in b for b in baris) and any("rencana aksi" in b for b in baris)
    assert all(" s" in b for b in baris)


# ---- the plan (pure) -------------------------------------------------------------------


def test_generated_nips_are_valid_and_unique():
    rng, terpakai = random.Random(1), set()
    for i in range(3000):
        orang = (
            rancangan.orang_staf(rng, 2026)
            if i % 10
            else rancangan.orang_pimpinan(rng, 2026, "seksi", "SEKSI UJI")
        )
        nip = rancangan.nip_unik(orang, terpakai)
        terurai = urai_nip(nip, pppk=orang.jenis_asn == "PPPK")
        assert terurai.tanggal_lahir == orang.lahir
        assert terurai.tmt_tahun < 2026
    assert len(terpakai) == 3000


@pytest.mark.parametrize("jumlah", [100, 300, 5000, 60000])
def test_unit_plan_scales_with_the_number_of_pegawai(jumlah):
    rencana = rancangan.rencana_unit(jumlah, random.Random(jumlah))
    assert len(rencana) == rancangan.jumlah_unit(jumlah)
    assert [r.tingkat for r in rencana].count("opd") >= 2
    assert all(r.induk is None or r.induk < i for i, r in enumerate(rencana))
    if jumlah == 60000:
        assert len(rencana) + 2 == 1018
        assert [r.tingkat for r in rencana].count("opd") == 40


def test_bagi_keeps_the_total():
    assert sum(rancangan.bagi(58_984, [0, 8.0, 1.2, 0.3, 0.3])) == 58_984
    assert rancangan.bagi(5, [0, 0]) == [0, 0]
