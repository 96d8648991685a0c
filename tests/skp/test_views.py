"""SKP views: the role access matrix and tenant isolation of every SKP URL, the pages'
behaviour (forms, the approval flow, bawahan, progres CSV) and their query counts.

Personas (tests.conftest `dunia`): staf owns an SKP; kabid is staf's pejabat penilai;
rekan works in the same Bidang; kepala leads BKPSDM (kabid's penilai, not staf's);
admin_opd manages BKPSDM, admin_dinkes another OPD, admin_lain and pegawai_lain
another instansi.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from organisasi.models import Pegawai, Pengecualian
from skp import services
from skp.models import RHK, SKP, Indikator, PerilakuKerja, SasaranPerjanjianKinerja
from tests.bantuan import masuk, pesan, segar, teks
from tests.conftest import per_modul
from tests.factories import PegawaiFactory

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

TAHUN = 2025


def isian(halaman: str, nama: str) -> str:
    """The `<div class="isian">` block of one form field (label, input, help, errors)."""
    for blok in re.split(r'(?=<div class="isian)', halaman)[1:]:
        blok = blok.split("</form>")[0]
        if f'name="{nama}"' in blok:
            return blok
    raise AssertionError(f"isian {nama} tidak ada di halaman")


def tambah_rhk(
    skp, by, uraian, *, jenis=RHK.Jenis.UTAMA, intervensi=(), intervensi_pk=(), indikator=1
):
    rhk = services.rhk_simpan(
        skp=skp,
        by=by,
        uraian=uraian,
        jenis=jenis,
        intervensi=intervensi,
        intervensi_pk=intervensi_pk,
    )
    for n in range(indikator):
        services.indikator_simpan(
            rhk=rhk,
            by=by,
            aspek="kuantitas",
            uraian=f"Jumlah {uraian.lower()} ({n + 1})",
            target_min=Decimal("12"),
            satuan="Laporan",
        )
    return rhk


@dataclass
class Kaskade:
    sasaran: SasaranPerjanjianKinerja
    rhk_kepala: RHK
    skp_kabid: SKP
    rhk_kabid: RHK
    rekan: Pegawai
    skp_staf: SKP  # draft, one utama RHK with one indikator: ready to submit
    rhk_staf: RHK
    indikator_staf: Indikator
    skp_rekan: SKP  # diajukan to the kabid
    skp_lain: SKP  # pegawai_lain's, in the other instansi


@pytest.fixture
def kaskade(dunia):
    """The cascade of TAHUN built through the services: sasaran PK → kepala → kabid (approved)
    → staf (draft) and rekan (submitted)."""
    d = dunia
    with scope(instansi=d.buleleng.pk):
        sasaran = SasaranPerjanjianKinerja.objects.create(
            instansi=d.buleleng, tahun=TAHUN, unit_kerja=d.root, sasaran="Pelayanan publik prima"
        )
        kepala, kabid = segar(d.kepala), segar(d.kabid)
        skp_kepala = services.skp_buat(pegawai=kepala, tahun=TAHUN, by=kepala)
        rhk_kepala = tambah_rhk(
            skp_kepala, kepala, "Meningkatnya kinerja ASN", intervensi_pk=[sasaran]
        )
        skp_kabid = services.skp_buat(pegawai=kabid, tahun=TAHUN, by=kabid)
        rhk_kabid = tambah_rhk(
            skp_kabid, kabid, "Tersusunnya penilaian kinerja", intervensi=[rhk_kepala]
        )
        services.skp_ajukan(skp=skp_kabid, by=kabid)
        services.skp_setujui(skp=segar(skp_kabid), by=segar(kepala))

        staf = segar(d.staf)
        skp_staf = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)
        rhk_staf = tambah_rhk(skp_staf, staf, "Terverifikasinya usul", intervensi=[rhk_kabid])
        rekan = PegawaiFactory(instansi=d.buleleng, unit_kerja=d.bidang, nama="Rekan PKAP")
        rekan = segar(rekan)
        skp_rekan = services.skp_buat(pegawai=rekan, tahun=TAHUN, by=rekan)
        tambah_rhk(skp_rekan, rekan, "Terdatanya kinerja", intervensi=[rhk_kabid])
        services.skp_ajukan(skp=skp_rekan, by=rekan)
        indikator_staf = Indikator.objects.get(rhk=rhk_staf)
    with scope(instansi=d.lain.pk):
        lain = segar(d.pegawai_lain)
        skp_lain = services.skp_buat(pegawai=lain, tahun=TAHUN, by=lain)
    return Kaskade(
        sasaran,
        rhk_kepala,
        segar(skp_kabid),
        rhk_kabid,
        rekan,
        segar(skp_staf),
        rhk_staf,
        indikator_staf,
        segar(skp_rekan),
        segar(skp_lain),
    )


@pytest.fixture
def superadmin(db):
    return Pegawai.objects.create_superuser("superadmin", "rahasia-uji-123", nama="Super")


def persona(dunia, kaskade, nama):
    return kaskade.rekan if nama == "rekan" else getattr(dunia, nama)


# ---- the access matrix ------------------------------------------------------------

DAFTAR = ["skp_daftar", "skp_buat", "skp_bawahan", "mph"]
ADMIN = ["skp_progres"]
BKD = ["perjanjian_kinerja"]
LIHAT = ["skp_detail", "skp_cetak"]  # owner, penilai, admins of the owner
PEMILIK_GET = [
    "skp_lampiran",
    "rhk_tambah",
    "rhk_ubah",
    "indikator_tambah",
    "indikator_ubah",
    "skp_salin",
    "skp_mutasi",
]
PEMILIK_POST = ["rhk_hapus", "indikator_hapus", "skp_ajukan", "skp_tarik", "skp_perubahan"]
PENILAI_POST = ["skp_setujui", "skp_kembalikan", "perilaku_ekspektasi"]
POST = PEMILIK_POST + PENILAI_POST
SEMUA = DAFTAR + ADMIN + BKD + LIHAT + PEMILIK_GET + POST

PERSONA = [
    "staf",
    "kabid",
    "rekan",
    "kepala",
    "admin_opd",
    "admin_bkd",
    "admin_dinkes",
    "admin_lain",
    "pegawai_lain",
]
DATA_POST = {
    "skp_kembalikan": {"catatan": "Perbaiki target."},
    "perilaku_ekspektasi": {"ekspektasi_berorientasi_pelayanan": "Ramah."},
}


def url_skp(k: Kaskade, nama: str) -> str:
    """Owner-only URLs address staf's draft SKP; penilai-only ones rekan's submitted SKP."""
    skp = k.skp_rekan if nama in PENILAI_POST else k.skp_staf
    rhk, indikator = k.rhk_staf.pk, k.indikator_staf.pk
    args = {
        "rhk_ubah": [skp.pk, rhk],
        "rhk_hapus": [skp.pk, rhk],
        "indikator_tambah": [skp.pk, rhk],
        "indikator_ubah": [skp.pk, rhk, indikator],
        "indikator_hapus": [skp.pk, rhk, indikator],
    }.get(nama, [skp.pk])
    return reverse(nama, args=args) if nama not in DAFTAR + ADMIN + BKD else reverse(nama)


def minta(client, k, nama):
    url = url_skp(k, nama)
    if nama in POST:
        return client.post(url, DATA_POST.get(nama, {}))
    return client.get(url)


def keadaan():
    """Everything a forbidden write could have changed."""
    with scopes_disabled():
        return (
            sorted(SKP.objects.values_list("pk", "status", "catatan_revisi", "versi")),
            RHK.objects.count(),
            Indikator.objects.count(),
            sorted(PerilakuKerja.objects.values_list("pk", "ekspektasi_khusus")),
            Jejak.objects.count(),
        )


def harapan(nama_url: str, nama_persona: str) -> int:
    lain_instansi = nama_persona in ("admin_lain", "pegawai_lain")
    if nama_url in DAFTAR:
        return 200
    if nama_url in ADMIN:
        return 200 if nama_persona.startswith("admin") else 404
    if nama_url in BKD:
        return 200 if nama_persona in ("admin_bkd", "admin_lain") else 404
    if lain_instansi:
        return 404
    if nama_url in LIHAT:
        return 200 if nama_persona in ("staf", "kabid", "admin_opd", "admin_bkd") else 404
    if nama_url in PEMILIK_GET:
        return 200 if nama_persona == "staf" else 404
    if nama_url in PEMILIK_POST:
        return 302 if nama_persona == "staf" else 404
    assert nama_url in PENILAI_POST
    return 302 if nama_persona == "kabid" else 404


@pytest.mark.parametrize("nama_url", SEMUA)
def test_anonymous_is_sent_to_login(client, kaskade, nama_url):
    response = minta(client, kaskade, nama_url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("nama_url", SEMUA)
def test_superadmin_sees_no_skp_url(client, kaskade, superadmin, nama_url):
    sebelum = keadaan()
    assert minta(masuk(client, superadmin), kaskade, nama_url).status_code == 404
    assert keadaan() == sebelum


# The staf's SKP in the state where the owner's action succeeds (it is a draft otherwise):
# withdrawing needs it submitted, amending needs it approved.
SIAPKAN = {
    "skp_tarik": lambda d, k: services.skp_ajukan(skp=segar(k.skp_staf), by=segar(d.staf)),
    "skp_perubahan": lambda d, k: services.skp_setujui(
        skp=services.skp_ajukan(skp=segar(k.skp_staf), by=segar(d.staf)), by=segar(d.kabid)
    ),
}


@pytest.mark.parametrize("nama_persona", PERSONA)
@pytest.mark.parametrize("nama_url", SEMUA)
def test_skp_urls_by_role_and_tenant(client, dunia, kaskade, nama_url, nama_persona):
    """Every URL for every persona: the allowed status, and for an allowed write its effect
    (a refused action redirects too, so the status alone proves nothing); a 404 that
    changed nothing for everyone else."""
    if nama_url in SIAPKAN:
        with scope(instansi=dunia.buleleng.pk):
            SIAPKAN[nama_url](dunia, kaskade)
    status = harapan(nama_url, nama_persona)
    sebelum = keadaan()
    response = minta(masuk(client, persona(dunia, kaskade, nama_persona)), kaskade, nama_url)
    assert response.status_code == status
    if status == 404:
        assert keadaan() == sebelum  # a forbidden write changed nothing
    elif nama_url in POST:
        assert keadaan() != sebelum, f"{nama_url} oleh {nama_persona} tidak mengubah apa pun"
        assert not [m for m in pesan(client.get(response.url)) if "tidak" in m.lower()]


@pytest.mark.parametrize("nama_url", PEMILIK_POST + PENILAI_POST)
def test_post_only_urls_refuse_get(client, dunia, kaskade, nama_url):
    pemilik_atau_penilai = dunia.kabid if nama_url in PENILAI_POST else dunia.staf
    assert masuk(client, pemilik_atau_penilai).get(url_skp(kaskade, nama_url)).status_code == 405


@pytest.mark.parametrize("nama_persona", ["admin_lain", "pegawai_lain"])
def test_other_instansi_cannot_touch_skp_even_with_valid_ids(client, dunia, kaskade, nama_persona):
    """Every object URL, with the ids of a real SKP, RHK and indikator of Buleleng."""
    masuk(client, getattr(dunia, nama_persona))
    sebelum = keadaan()
    for nama_url in LIHAT + PEMILIK_GET + POST:
        assert minta(client, kaskade, nama_url).status_code == 404, nama_url
    # The same for the submitted SKP, which the penilai actions would move.
    skp = kaskade.skp_rekan.pk
    for nama_url in ["skp_detail", "skp_ajukan", "skp_setujui", "skp_kembalikan"]:
        url = reverse(nama_url, args=[skp])
        response = (
            client.post(url, {"catatan": "x"}) if nama_url != "skp_detail" else client.get(url)
        )
        assert response.status_code == 404, nama_url
    assert keadaan() == sebelum


def test_buleleng_users_cannot_open_the_other_instansi_skp(client, dunia, kaskade):
    url = reverse("skp_detail", args=[kaskade.skp_lain.pk])
    for nama in ["admin_bkd", "staf", "kabid"]:
        assert masuk(client, getattr(dunia, nama)).get(url).status_code == 404, nama
    assert masuk(client, dunia.pegawai_lain).get(url).status_code == 200


def test_ids_must_belong_to_the_skp_in_the_url(client, dunia, kaskade):
    """staf's own SKP in the URL with another SKP's RHK or indikator is a 404."""
    masuk(client, dunia.staf)
    skp = kaskade.skp_staf.pk
    with scopes_disabled():
        indikator_kabid = Indikator.objects.get(rhk=kaskade.rhk_kabid)
    sebelum = keadaan()
    assert client.get(reverse("rhk_ubah", args=[skp, kaskade.rhk_kabid.pk])).status_code == 404
    assert client.post(reverse("rhk_hapus", args=[skp, kaskade.rhk_kabid.pk])).status_code == 404
    url = reverse("indikator_ubah", args=[skp, kaskade.rhk_staf.pk, indikator_kabid.pk])
    assert client.get(url).status_code == 404
    url = reverse("indikator_hapus", args=[skp, kaskade.rhk_staf.pk, indikator_kabid.pk])
    assert client.post(url).status_code == 404
    assert keadaan() == sebelum


@pytest.mark.parametrize(
    "nama_persona,unit,status",
    [
        ("kepala", "bkpsdm", 200),  # leads it
        ("admin_opd", "bkpsdm", 200),  # its OPD
        ("admin_bkd", "bkpsdm", 200),  # the whole instansi
        ("kabid", "bidang", 200),
        ("kabid", "subbidang", 200),  # below the unit one leads
        ("staf", "bidang", 200),  # one's own unit
        ("kabid", "bkpsdm", 404),  # above
        ("staf", "bkpsdm", 404),
        ("admin_dinkes", "bkpsdm", 404),  # another OPD
        ("pegawai_lain", "bkpsdm", 404),  # another instansi
        ("admin_lain", "bkpsdm", 404),
        ("admin_lain", "bidang", 404),
    ],
)
def test_mph_only_of_units_one_may_look_into(client, dunia, kaskade, nama_persona, unit, status):
    url = reverse("mph") + f"?unit={getattr(dunia, unit).pk}&tahun={TAHUN}"
    response = masuk(client, getattr(dunia, nama_persona)).get(url)
    assert response.status_code == status
    if status == 200:
        # The unit picker offers only what one may open.
        pilihan = re.findall(r'<option value="(\d+)"', response.content.decode())
        assert str(dunia.dinkes.pk) not in pilihan and str(dunia.opd_lain.pk) not in pilihan


def test_admin_opd_sees_detail_read_only(client, dunia, kaskade):
    halaman = teks(
        masuk(client, dunia.admin_opd).get(reverse("skp_detail", args=[kaskade.skp_rekan.pk]))
    )
    assert "Terdatanya kinerja" in halaman
    for tombol in [
        "Setujui SKP",
        "Kembalikan untuk revisi",
        "Tambah RHK",
        "Ajukan",
        "Simpan ekspektasi",
    ]:
        assert tombol not in halaman


def test_penilai_sees_decision_buttons_and_owner_does_not(client, dunia, kaskade):
    url = reverse("skp_detail", args=[kaskade.skp_rekan.pk])
    halaman = teks(masuk(client, dunia.kabid).get(url))
    assert 'data-testid="setujui"' in halaman and 'data-testid="kembalikan"' in halaman
    halaman = teks(masuk(client, kaskade.rekan).get(url))
    assert 'data-testid="setujui"' not in halaman and 'data-testid="kembalikan"' not in halaman


def test_penilai_approves_and_returns(client, dunia, kaskade):
    masuk(client, dunia.kabid)
    url = reverse("skp_kembalikan", args=[kaskade.skp_rekan.pk])
    assert client.post(url, {"catatan": "Target terlalu rendah."}).status_code == 302
    assert segar(kaskade.skp_rekan).status == SKP.Status.REVISI
    with scope(instansi=dunia.buleleng.pk):
        services.skp_ajukan(skp=segar(kaskade.skp_rekan), by=segar(kaskade.rekan))
    assert client.post(reverse("skp_setujui", args=[kaskade.skp_rekan.pk])).status_code == 302
    skp = segar(kaskade.skp_rekan)
    assert (skp.status, skp.penilai_id) == (SKP.Status.DISETUJUI, dunia.kabid.pk)


def test_other_instansi_admin_cannot_delete_a_sasaran_pk(client, dunia, kaskade):
    masuk(client, dunia.admin_lain)
    url = reverse("perjanjian_kinerja")
    assert "Pelayanan publik prima" not in teks(client.get(url + f"?tahun={TAHUN}"))
    assert client.post(url, {"hapus": kaskade.sasaran.pk}).status_code == 404
    with scopes_disabled():
        assert SasaranPerjanjianKinerja.objects.filter(pk=kaskade.sasaran.pk).exists()


def test_progres_shows_only_ones_own_units(client, dunia, kaskade):
    url = reverse("skp_progres") + f"?tahun={TAHUN}"
    halaman = teks(masuk(client, dunia.admin_lain).get(url))
    assert "Dinas Lain" in halaman and "BKPSDM" not in halaman
    halaman = teks(masuk(client, dunia.admin_dinkes).get(url))
    assert "Dinas Kesehatan" in halaman and "Bidang PKAP" not in halaman
    csv_lain = masuk(client, dunia.admin_lain).get(url + "&format=csv").content.decode()
    assert "BKPSDM" not in csv_lain and "Dinas Lain" in csv_lain


# ---- behaviour --------------------------------------------------------------------


@pytest.fixture
def baru(dunia, kaskade):
    """A pegawai of Bidang PKAP without any SKP; kabid is their penilai."""
    with scopes_disabled():
        return segar(
            PegawaiFactory(instansi=dunia.buleleng, unit_kerja=dunia.bidang, nama="Baru PKAP")
        )


def test_pegawai_creates_skp_through_the_form(client, baru):
    masuk(client, baru)
    assert client.get(reverse("skp_buat")).status_code == 200
    response = client.post(reverse("skp_buat"), {"tahun": TAHUN, "pendekatan": "kuantitatif"})
    with scopes_disabled():
        skp = SKP.objects.get(pegawai=baru)
    assert response.status_code == 302 and response.url == reverse("skp_detail", args=[skp.pk])
    assert (skp.mulai, skp.selesai, skp.status) == (
        date(TAHUN, 1, 1),
        date(TAHUN, 12, 31),
        SKP.Status.DRAFT,
    )
    assert skp.unit_kerja_id == baru.unit_kerja_id
    response = client.get(response.url)
    assert "SKP dibuat. Tambahkan RHK dan indikatornya." in pesan(response)


def test_overlapping_skp_error_beside_mulai_and_typed_values_kept(client, baru):
    masuk(client, baru)
    client.post(reverse("skp_buat"), {"tahun": TAHUN, "pendekatan": "kuantitatif"})
    data = {
        "tahun": TAHUN,
        "mulai": "2025-03-01",
        "selesai": "2025-06-30",
        "pendekatan": "kualitatif",
    }
    response = client.post(reverse("skp_buat"), data)
    assert response.status_code == 200
    halaman = teks(response)
    mulai = isian(halaman, "mulai")
    assert "ada-galat" in mulai
    assert "Periode beririsan dengan SKP lain Anda (1 Januari 2025 s.d. 31 Desember 2025)" in mulai
    assert 'value="2025-03-01"' in mulai
    assert 'value="2025-06-30"' in isian(halaman, "selesai")
    assert re.search(r'<option value="kualitatif"[^>]* selected', isian(halaman, "pendekatan"))
    with scopes_disabled():
        assert SKP.objects.filter(pegawai=baru).count() == 1


@pytest.fixture
def skp_baru(baru):
    with scope(instansi=baru.instansi_id):
        return services.skp_buat(pegawai=baru, tahun=TAHUN, by=baru)


def test_rhk_form_offers_the_kabid_rhk_and_saves_the_intervensi(client, baru, skp_baru, kaskade):
    masuk(client, baru)
    url = reverse("rhk_tambah", args=[skp_baru.pk])
    halaman = teks(client.get(url))
    pilihan = isian(halaman, "intervensi")
    assert (
        f'value="{kaskade.rhk_kabid.pk}"' in pilihan and "Tersusunnya penilaian kinerja" in pilihan
    )
    assert f'value="{kaskade.rhk_kepala.pk}"' not in pilihan  # the kepala is not the atasan
    assert "Kabid PKAP" in halaman
    data = {
        "jenis": "utama",
        "uraian": "Terlaksananya verifikasi",
        "intervensi": [kaskade.rhk_kabid.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == reverse("skp_detail", args=[skp_baru.pk])
    with scopes_disabled():
        rhk = RHK.objects.get(skp=skp_baru)
        assert list(rhk.intervensi.values_list("pk", flat=True)) == [kaskade.rhk_kabid.pk]
    halaman = teks(client.get(response.url))
    assert "Terlaksananya verifikasi" in halaman and "Tersusunnya penilaian kinerja" in halaman


def test_rhk_utama_without_intervensi_error_beside_field(client, baru, skp_baru, kaskade):
    masuk(client, baru)
    url = reverse("rhk_tambah", args=[skp_baru.pk])
    response = client.post(url, {"jenis": "utama", "uraian": "Diketik tanpa intervensi"})
    assert response.status_code == 200
    halaman = teks(response)
    assert "Pilih RHK atasan yang diintervensi." in isian(halaman, "intervensi")
    assert "Diketik tanpa intervensi" in isian(halaman, "uraian")
    # Somebody else's RHK (the kepala is not the direct atasan) is not a valid choice.
    data = {"jenis": "utama", "uraian": "Lompat", "intervensi": [kaskade.rhk_kepala.pk]}
    assert "Pilih RHK dari daftar RHK atasan." in isian(teks(client.post(url, data)), "intervensi")
    with scopes_disabled():
        assert not RHK.objects.filter(skp=skp_baru).exists()


def test_rhk_intervensi_beyond_any_id_is_refused_beside_the_field(client, baru, skp_baru, kaskade):
    # A forged id past the id column's range overflowed the IN (...) query: a 500.
    masuk(client, baru)
    url = reverse("rhk_tambah", args=[skp_baru.pk])
    data = {"jenis": "utama", "uraian": "Ditempa", "intervensi": ["99999999999999999999"]}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Pilih RHK dari daftar RHK atasan." in isian(teks(response), "intervensi")
    with scopes_disabled():
        assert not RHK.objects.filter(skp=skp_baru).exists()


def test_rhk_tambahan_needs_no_intervensi(client, baru, skp_baru, kaskade):
    masuk(client, baru)
    response = client.post(
        reverse("rhk_tambah", args=[skp_baru.pk]), {"jenis": "tambahan", "uraian": "Tugas piket"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert RHK.objects.get(skp=skp_baru).jenis == RHK.Jenis.TAMBAHAN


def test_indikator_added_through_the_form_shows_its_target(client, baru, skp_baru, kaskade):
    with scope(instansi=baru.instansi_id):
        rhk = services.rhk_simpan(
            skp=skp_baru,
            by=baru,
            uraian="Terlaksananya verifikasi",
            jenis="utama",
            intervensi=[kaskade.rhk_kabid],
        )
    masuk(client, baru)
    url = reverse("indikator_tambah", args=[skp_baru.pk, rhk.pk])
    data = {"aspek": "kuantitas", "uraian": "Jumlah berkas", "target_min": "12", "satuan": "Berkas"}
    response = client.post(url, data)
    assert response.status_code == 302
    halaman = teks(client.get(response.url))
    assert "Jumlah berkas" in halaman and "12 Berkas" in halaman
    # A range upside down is refused beside the field and the values stay.
    data.update(target_min="90", target_maks="80", satuan="%")
    halaman = teks(client.post(url, data))
    assert "Target maksimum harus sama atau lebih besar dari target." in isian(
        halaman, "target_maks"
    )
    assert 'value="90"' in isian(halaman, "target_min")


def test_submit_return_resubmit_approve_through_the_pages(client, dunia, baru, skp_baru, kaskade):
    with scope(instansi=baru.instansi_id):
        tambah_rhk(skp_baru, baru, "Terlaksananya verifikasi", intervensi=[kaskade.rhk_kabid])
    detail = reverse("skp_detail", args=[skp_baru.pk])

    masuk(client, baru)
    response = client.post(reverse("skp_ajukan", args=[skp_baru.pk]), follow=True)
    assert "SKP diajukan ke pejabat penilai." in pesan(response)
    skp = segar(skp_baru)
    assert (skp.status, skp.penilai_id) == (SKP.Status.DIAJUKAN, dunia.kabid.pk)
    assert "Tambah RHK" not in teks(response)  # locked while the penilai decides

    masuk(client, dunia.kabid)
    kembalikan = reverse("skp_kembalikan", args=[skp_baru.pk])
    response = client.post(kembalikan, {"catatan": "   "}, follow=True)
    assert "SKP tidak dikembalikan: Tulis catatan: apa yang perlu diperbaiki pegawai." in pesan(
        response
    )
    assert segar(skp_baru).status == SKP.Status.DIAJUKAN
    response = client.post(kembalikan, {"catatan": "Target verifikasi naikkan ke 24."}, follow=True)
    assert "SKP Baru PKAP dikembalikan untuk revisi." in pesan(response)
    assert segar(skp_baru).status == SKP.Status.REVISI

    masuk(client, baru)
    halaman = teks(client.get(detail))
    assert "Catatan revisi dari pejabat penilai:" in halaman
    assert "Target verifikasi naikkan ke 24." in halaman
    assert "Ajukan ulang" in halaman and "Tambah RHK" in halaman
    response = client.post(reverse("skp_ajukan", args=[skp_baru.pk]), follow=True)
    assert segar(skp_baru).status == SKP.Status.DIAJUKAN
    assert "Catatan revisi dari pejabat penilai:" not in teks(response)

    masuk(client, dunia.kabid)
    response = client.post(reverse("skp_setujui", args=[skp_baru.pk]), follow=True)
    assert "SKP Baru PKAP disetujui." in pesan(response)
    skp = segar(skp_baru)
    assert skp.status == SKP.Status.DISETUJUI and skp.disetujui_pada is not None
    with scopes_disabled():
        transisi = list(
            Jejak.objects.filter(
                objek_tipe="skp.SKP",
                objek_id=skp.pk,
                aksi__in=["skp_diajukan", "skp_revisi", "skp_disetujui"],
            )
            .order_by("waktu", "id")
            .values_list("aksi", "oleh_id", "catatan")
        )
    assert transisi == [
        ("skp_diajukan", baru.pk, ""),
        ("skp_revisi", dunia.kabid.pk, "Target verifikasi naikkan ke 24."),
        ("skp_diajukan", baru.pk, ""),
        ("skp_disetujui", dunia.kabid.pk, ""),
    ]


def test_submitting_without_indikator_explains_which_rhk(client, baru, skp_baru, kaskade):
    with scope(instansi=baru.instansi_id):
        services.rhk_simpan(
            skp=skp_baru,
            by=baru,
            uraian="RHK tanpa indikator",
            jenis="utama",
            intervensi=[kaskade.rhk_kabid],
        )
    response = masuk(client, baru).post(reverse("skp_ajukan", args=[skp_baru.pk]), follow=True)
    assert "RHK berikut belum memiliki indikator: RHK tanpa indikator" in pesan(response)
    assert segar(skp_baru).status == SKP.Status.DRAFT


def test_bawahan_page_lists_status_counts_and_filters(client, dunia, kaskade, baru):
    masuk(client, dunia.kabid)
    url = reverse("skp_bawahan") + f"?tahun={TAHUN}"
    halaman = teks(client.get(url))
    # staf draft, rekan diajukan, baru without an SKP.
    for tab in ["Belum dibuat (1)", "Draft (1)", "Diajukan (1)", "Revisi (0)", "Disetujui (0)"]:
        assert tab in halaman
    assert "Staf PKAP" in halaman and "Rekan PKAP" in halaman and "Baru PKAP" in halaman
    assert "Pegawai Lain" not in halaman
    assert f"bawahan-{dunia.kabid.pk}" not in halaman  # the penilai is not their own bawahan
    halaman = teks(client.get(url + "&status=diajukan"))
    assert "Rekan PKAP" in halaman and "Staf PKAP" not in halaman


def test_penilai_decides_from_the_bawahan_page_and_stays_there(client, dunia, kaskade):
    masuk(client, dunia.kabid)
    url = reverse("skp_setujui", args=[kaskade.skp_rekan.pk])
    response = client.post(url, {"dari": "bawahan"})
    assert response.url == reverse("skp_bawahan") + f"?tahun={TAHUN}"
    halaman = teks(client.get(response.url))
    assert "SKP Rekan PKAP disetujui." in halaman
    assert "Diajukan (0)" in halaman and "Disetujui (1)" in halaman


def test_progres_csv_has_a_header_and_a_row_per_unit(client, dunia, kaskade):
    response = masuk(client, dunia.admin_opd).get(
        reverse("skp_progres") + f"?tahun={TAHUN}&format=csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="progres-skp-{TAHUN}.csv"' in response["Content-Disposition"]
    baris = list(csv.reader(io.StringIO(response.content.decode())))
    assert baris[0] == [
        "Unit kerja",
        "ID unit",
        "Pegawai wajib SKP",
        "Belum dibuat",
        "Draft",
        "Diajukan",
        "Revisi",
        "Disetujui",
        "Disetujui s.d. 31 Januari",
    ]
    per_unit = {b[0]: [int(x) for x in b[2:]] for b in baris[1:]}
    assert baris[1][1] == dunia.bkpsdm.id_eksternal
    assert list(per_unit) == ["BKPSDM", "Bidang PKAP", "Subbidang Penilaian"]
    # Bidang: kabid (approved after 31 January, as the test runs later), staf (draft),
    # rekan (submitted).
    assert per_unit["Bidang PKAP"] == [3, 0, 1, 1, 0, 1, 0]
    assert per_unit["Subbidang Penilaian"] == [0, 0, 0, 0, 0, 0, 0]


def progres_csv(client, admin) -> dict[str, list[int]]:
    response = masuk(client, admin).get(reverse("skp_progres") + f"?tahun={TAHUN}&format=csv")
    return {
        b[0]: [int(x) for x in b[2:]]
        for b in list(csv.reader(io.StringIO(response.content.decode())))[1:]
    }


def test_progres_counts_a_unit_the_same_for_its_admin_opd_and_bkd(client, dunia, kaskade):
    # BKPSDM: kepala (draft), admin_opd and admin_bkd (no SKP yet).
    assert progres_csv(client, dunia.admin_bkd)["BKPSDM"] == [3, 2, 1, 0, 0, 0, 0]
    assert progres_csv(client, dunia.admin_opd)["BKPSDM"] == [3, 2, 1, 0, 0, 0, 0]


def test_pegawai_cannot_see_progres_but_admins_see_the_numbers(client, dunia, kaskade):
    url = reverse("skp_progres") + f"?tahun={TAHUN}"
    assert masuk(client, dunia.kabid).get(url).status_code == 404
    halaman = teks(masuk(client, dunia.admin_bkd).get(url))
    assert "Dinas Kesehatan" in halaman and "Bidang PKAP" in halaman


# ---- query counts -----------------------------------------------------------------

NIP_BAWAHAN = "199001012015"  # + 6 digits; bulk_create skips the NIP checks


def tambah_bawahan(d, dari: int, sampai: int) -> list[Pegawai]:
    with scopes_disabled():
        nips = [f"{NIP_BAWAHAN}{i:06d}" for i in range(dari, sampai)]
        Pegawai.objects.bulk_create(
            Pegawai(
                instansi=d.buleleng,
                unit_kerja=d.bidang,
                nama=f"Bawahan {i:03d}",
                nip=nip,
                jabatan="Pengadministrasi",
                password="!",
            )
            for i, nip in zip(range(dari, sampai), nips, strict=True)
        )
        return list(Pegawai.objects.filter(nip__in=nips).order_by("nip"))


STATUS_BERAGAM = [SKP.Status.DRAFT, SKP.Status.DIAJUKAN, SKP.Status.REVISI, SKP.Status.DISETUJUI]


def buat_skp_massal(d, pegawai_status: list[tuple[Pegawai, str]]) -> list[SKP]:
    with scopes_disabled():
        SKP.objects.bulk_create(
            SKP(
                instansi=d.buleleng,
                pegawai=p,
                tahun=TAHUN,
                mulai=date(TAHUN, 1, 1),
                selesai=date(TAHUN, 12, 31),
                status=status,
                unit_kerja=d.bidang,
                jabatan=p.jabatan,
                penilai=d.kabid,
            )
            for p, status in pegawai_status
        )
        return list(SKP.objects.filter(pegawai__in=[p for p, _ in pegawai_status]))


def isi_bawahan(d, dari, sampai):
    """Bawahan number i: an SKP when i is even (the four statuses in turn), on CLTN when
    i ends in 1, otherwise nothing yet."""
    pegawai = dict(zip(range(dari, sampai), tambah_bawahan(d, dari, sampai), strict=True))
    buat_skp_massal(d, [(p, STATUS_BERAGAM[i // 2 % 4]) for i, p in pegawai.items() if i % 2 == 0])
    with scopes_disabled():
        Pengecualian.objects.bulk_create(
            Pengecualian(instansi=d.buleleng, pegawai=p, jenis="cltn", mulai=date(2020, 1, 1))
            for i, p in pegawai.items()
            if i % 10 == 1
        )


# Every page: session, user (with instansi and admin OPD) and the notification badge of
# the menu, then its own reads.
BAWAHAN_QUERIES = 7
# + pimpinan of led units below the penilai's (whose unit comes with the user, inti.auth);
#   bawahan (with unit); their SKP of the year (prefetch); their pengecualian (prefetch).


def test_bawahan_page_costs_the_same_for_20_and_200(client, dunia, django_assert_num_queries):
    d = dunia
    isi_bawahan(d, 0, 20)
    masuk(client, d.kabid)
    url = reverse("skp_bawahan") + f"?tahun={TAHUN}"
    with django_assert_num_queries(BAWAHAN_QUERIES):
        halaman = teks(client.get(url))
    assert "Bawahan 019" in halaman
    isi_bawahan(d, 20, 200)
    with django_assert_num_queries(BAWAHAN_QUERIES):
        halaman = teks(client.get(url))
    # 200 bawahan plus staf: 100 SKP, 25 in each status; 20 on CLTN; 81 without.
    for tab in [
        "Belum dibuat (81)",
        "Draft (25)",
        "Diajukan (25)",
        "Revisi (25)",
        "Disetujui (25)",
        "Tidak wajib SKP (20)",
    ]:
        assert tab in halaman
    assert halaman.count('<tr id="bawahan-') == 201


PROGRES_QUERIES = 7
# session; user; the rollup's time (inti.rekap, fresh); the units in reach (count, then
# one page of 50); their counts from the rollup; the badge.


def test_progres_costs_the_same_for_20_and_200_pegawai(
    client, dunia, django_assert_num_queries, settings
):
    """Counted into the rollup once (REKAP_UMUR=0 recounts), then read from it."""
    d = dunia
    isi_bawahan(d, 0, 20)
    masuk(client, d.admin_bkd)
    url = reverse("skp_progres") + f"?tahun={TAHUN}&q={d.bidang.nama}"
    for dari, sampai, wajib in [(0, 20, 20), (20, 200, 182)]:
        if dari:
            isi_bawahan(d, dari, sampai)
        settings.REKAP_UMUR = 0
        client.get(url)
        settings.REKAP_UMUR = 3600
        with django_assert_num_queries(PROGRES_QUERIES):
            halaman = re.sub(r">\s+<", "><", teks(client.get(url)))
        # Bidang PKAP: the two pegawai of the world plus the bawahan, less 1 in 10 on CLTN.
        assert f">{d.bidang.nama}</td><td>{wajib}</td>" in halaman, halaman


MPH_QUERIES = 11
# + the unit from ?unit= (with pimpinan; the viewer's unit_dipimpin, which says whether
#   they may look into it, comes with the user, inti.auth); the unit subtree; pegawai of
#   the subtree; their SKP of the year; the RHK of those SKP; their intervensi
#   (prefetch); the sasaran PK they intervene (prefetch); the led units in the viewer's
#   reach for the unit picker.


def isi_mph(d, k: Kaskade, dari, sampai):
    """Bawahan of the kabid, each with an SKP and one utama RHK intervening the kabid's."""
    skp = buat_skp_massal(d, [(p, SKP.Status.DRAFT) for p in tambah_bawahan(d, dari, sampai)])
    with scopes_disabled():
        RHK.objects.bulk_create(
            RHK(instansi=d.buleleng, skp=s, uraian=f"Dukungan {s.pegawai_id}", urutan=1)
            for s in skp
        )
        rhk = RHK.objects.filter(skp__in=skp)
        RHK.intervensi.through.objects.bulk_create(
            RHK.intervensi.through(from_rhk_id=r.pk, to_rhk_id=k.rhk_kabid.pk) for r in rhk
        )


def test_mph_costs_the_same_for_20_and_200(client, dunia, kaskade, django_assert_num_queries):
    d = dunia
    isi_mph(d, kaskade, 0, 20)
    masuk(client, d.kepala)
    url = reverse("mph") + f"?unit={d.bkpsdm.pk}&tahun={TAHUN}"
    with django_assert_num_queries(MPH_QUERIES):
        halaman = teks(client.get(url))
    assert halaman.count("— Bawahan ") == 20
    isi_mph(d, kaskade, 20, 200)
    with django_assert_num_queries(MPH_QUERIES):
        halaman = teks(client.get(url))
    # Each bawahan's RHK shown under the kabid's RHK it supports, and in their own node.
    assert halaman.count("— Bawahan ") == 200
    assert halaman.count('<section class="kartu simpul-mph">') == 1 + 2 + 1 + 2 + 200
    # kepala; admin_opd, admin_bkd; kabid; staf, rekan; the 200.


DETAIL_QUERIES = {
    # + the SKP (pegawai, instansi, unit, penilai); its RHK; their indikator; their
    #   intervensi with those RHK's SKP and pegawai (one join); the intervened sasaran
    #   PK; perilaku; riwayat versi; the riwayat (Jejak with oleh); the dialog kinerja
    #   (their RHK are prefetched only when there is a dialog).
    #   The owner's unit and its pimpinan (is the viewer the penilai?) come with the SKP.
    "staf": 12,
    "kabid": 12,
    # + whether the admin manages the owner.
    "admin_opd": 13,
}


@pytest.mark.parametrize("nama_persona", list(DETAIL_QUERIES))
def test_skp_detail_costs_the_same_for_2_and_10_rhk(
    client, dunia, kaskade, django_assert_num_queries, nama_persona
):
    staf = segar(dunia.staf)
    skp = kaskade.skp_staf
    with scope(instansi=dunia.buleleng.pk):
        tambah_rhk(skp, staf, "RHK kedua", intervensi=[kaskade.rhk_kabid], indikator=2)
        services.skp_ajukan(skp=segar(skp), by=staf)
    masuk(client, getattr(dunia, nama_persona))
    url = reverse("skp_detail", args=[skp.pk])
    with django_assert_num_queries(DETAIL_QUERIES[nama_persona]):
        assert client.get(url).status_code == 200
    with scope(instansi=dunia.buleleng.pk):
        SKP.objects.filter(pk=skp.pk).update(status=SKP.Status.DRAFT)
        for n in range(8):
            tambah_rhk(skp, staf, f"RHK ke-{n + 3}", intervensi=[kaskade.rhk_kabid], indikator=2)
        SKP.objects.filter(pk=skp.pk).update(status=SKP.Status.DIAJUKAN)
    with django_assert_num_queries(DETAIL_QUERIES[nama_persona]):
        halaman = teks(client.get(url))
    assert all(f"RHK ke-{n}" in halaman for n in range(3, 11))


# ---- malformed input --------------------------------------------------------------


@pytest.mark.parametrize(
    "nama_persona,metode,url,data",
    [
        ("kabid", "get", "/skp/bawahan/?tahun=abc", None),
        ("kabid", "get", "/skp/bawahan/?tahun=2024", None),
        ("kabid", "get", "/skp/mph/?tahun=99999", None),
        ("kabid", "get", "/skp/mph/?unit=abc", None),
        ("kabid", "get", "/skp/mph/?unit=99999999", None),
        ("staf", "post", "salin", {"sumber": "abc"}),
        ("kabid", "get", "/skp/bawahan/?tahun=0", None),
        ("kabid", "get", "/skp/bawahan/?tahun=10000", None),
        ("admin_opd", "get", "/skp/progres/?tahun=0", None),
        ("admin_opd", "get", "/skp/progres/?tahun=10000", None),
        ("admin_bkd", "post", "/skp/perjanjian-kinerja/", {"hapus": "abc"}),
    ],
)
def test_malformed_parameters_do_not_crash(client, dunia, kaskade, nama_persona, metode, url, data):
    if url == "salin":
        url = reverse("skp_salin", args=[kaskade.skp_staf.pk])
    client.raise_request_exception = False
    response = getattr(masuk(client, getattr(dunia, nama_persona)), metode)(url, data)
    assert response.status_code in (200, 302, 400, 404)


def test_progres_excel_has_the_same_numbers_as_the_csv(client, dunia, kaskade):
    from openpyxl import load_workbook

    response = masuk(client, dunia.admin_opd).get(
        reverse("skp_progres") + f"?tahun={TAHUN}&format=xlsx"
    )
    lembar = load_workbook(io.BytesIO(response.content)).active
    per_unit = {r[0]: list(r[2:]) for r in lembar.iter_rows(min_row=4, values_only=True)}
    assert per_unit == progres_csv(client, dunia.admin_opd)


def test_a_pegawai_recording_a_mutasi_cannot_set_their_own_kelas_jabatan(client, dunia, kaskade):
    # The kelas jabatan fixes the TPP: only an admin sets it (Kelola Pegawai).
    with scopes_disabled():
        Pegawai.objects.filter(pk=dunia.staf.pk).update(kelas_jabatan=7)
    masuk(client, dunia.staf)
    response = client.post(
        reverse("skp_mutasi", args=[kaskade.skp_staf.pk]),
        {"tmt": f"{TAHUN}-07-01", "unit_kerja": dunia.subbidang.pk, "jabatan": "Analis",
         "jenis_jabatan": "pelaksana", "kelas_jabatan": 17},
    )  # fmt: skip
    assert response.status_code == 302
    with scopes_disabled():
        staf = Pegawai.objects.get(pk=dunia.staf.pk)
        assert (staf.unit_kerja_id, staf.kelas_jabatan) == (dunia.subbidang.pk, 7)
        assert SKP.objects.get(pk=kaskade.skp_staf.pk).kelas_jabatan == 7


def test_the_skp_page_shows_each_reader_the_actions_skp_izin_allows(client, dunia, kaskade):
    """The buttons follow skp/izin.py, the rules the services enforce: on rekan's
    submitted SKP, rekan may withdraw, the kabid may decide, nobody else may do either."""
    url = reverse("skp_detail", args=[kaskade.skp_rekan.pk])
    halaman = teks(masuk(client, kaskade.rekan).get(url))
    assert "Tarik kembali" in halaman and "Setujui SKP" not in halaman
    assert "Ajukan ke penilai" not in halaman and "Salin RHK" not in halaman
    halaman = teks(masuk(client, dunia.kabid).get(url))
    assert "Setujui SKP" in halaman and "Tarik kembali" not in halaman
    assert 'name="ekspektasi_berorientasi_pelayanan"' in halaman
    halaman = teks(masuk(client, dunia.admin_opd).get(url))
    assert "Setujui SKP" not in halaman and "Tarik kembali" not in halaman
    # The owner's draft: edit and submit, nothing to withdraw.
    halaman = teks(masuk(client, dunia.staf).get(reverse("skp_detail", args=[kaskade.skp_staf.pk])))
    assert "Ajukan ke penilai" in halaman and "Salin RHK" in halaman
    assert "Tarik kembali" not in halaman and "Perubahan SKP" not in halaman
