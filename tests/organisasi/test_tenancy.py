"""Tenancy fails closed: a scoped query outside a tenant scope raises, inside it sees one
instansi only. Logging in is the one lookup made before a scope exists."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from django_scopes import ScopeError, scope, scopes_disabled

from inti.models import Jejak, catat_jejak
from inti.tenancy import TenantScopeMiddleware, tenant_scope
from organisasi.models import Notifikasi, Pegawai, Pengecualian, UnitKerja
from tests.conftest import per_modul

# The personas are built once per module (tests/conftest.py transaksi_modul); each test
# builds on them in its own savepoint, undone after it.
dunia = per_modul("dunia_modul")

PASSWORD = "rahasia-uji-123"  # set by tests.factories.PegawaiFactory


@pytest.fixture
def notifikasi_dua_instansi(dunia):
    with scopes_disabled():
        Notifikasi.objects.create(
            instansi=dunia.buleleng, penerima=dunia.staf, judul="Buleleng", kunci="uji:1"
        )
        Notifikasi.objects.create(
            instansi=dunia.lain, penerima=dunia.pegawai_lain, judul="Lain", kunci="uji:1"
        )
    return dunia


# --- outside any scope -----------------------------------------------------------------


def test_counting_units_outside_a_scope_raises(dunia):
    with pytest.raises(ScopeError):
        UnitKerja.objects.count()


def test_filtering_pegawai_outside_a_scope_raises(dunia):
    with pytest.raises(ScopeError):
        list(Pegawai.objects.filter(nama__startswith="Staf"))


def test_reading_notifikasi_outside_a_scope_raises(notifikasi_dua_instansi):
    with pytest.raises(ScopeError):
        list(Notifikasi.objects.all())


def test_reading_jejak_and_pengecualian_outside_a_scope_raises(dunia):
    with pytest.raises(ScopeError):
        list(Jejak.objects.all())
    with pytest.raises(ScopeError):
        Pengecualian.objects.count()


@pytest.mark.parametrize(
    "query",
    [
        lambda: Pegawai.objects.exists(),
        lambda: Pegawai.objects.exclude(instansi__kode="buleleng").exists(),
    ],
    ids=["exists", "exclude-exists"],
)
def test_exists_outside_a_scope_raises(dunia, query):
    with pytest.raises(ScopeError):
        query()


@pytest.mark.parametrize(
    "query",
    [
        lambda: UnitKerja.objects.in_bulk(),
        lambda: Pegawai.objects.exclude(nama="").in_bulk(),
        lambda: Pegawai.objects.select_related("unit_kerja").first(),
        lambda: UnitKerja.objects.update(aktif=False),
    ],
    ids=["in_bulk", "exclude-in_bulk", "select_related-first", "update"],
)
def test_other_reads_and_writes_outside_a_scope_raise(dunia, query):
    with pytest.raises(ScopeError):
        query()


def test_a_scope_for_no_instansi_is_refused(dunia):
    # django-scopes reads instansi=None as "no filter"; tenant_scope must not.
    with pytest.raises(ValueError, match="instansi"):
        with tenant_scope(None):
            pass


# --- inside a scope ----------------------------------------------------------------------


def test_scope_shows_only_its_own_instansi_units(dunia):
    with scope(instansi=dunia.buleleng.pk):
        nama = set(UnitKerja.objects.values_list("nama", flat=True))
    with scope(instansi=dunia.lain.pk):
        nama_lain = set(UnitKerja.objects.values_list("nama", flat=True))

    assert "BKPSDM" in nama and "Dinas Lain" not in nama
    assert nama_lain == {"Pemerintah Kota Lain", "Dinas Lain"}


def test_scope_shows_only_its_own_instansi_pegawai(dunia):
    with tenant_scope(dunia.lain.pk):
        assert set(Pegawai.objects.all()) == {dunia.admin_lain, dunia.pegawai_lain}
    with tenant_scope(dunia.buleleng.pk):
        pegawai = set(Pegawai.objects.all())

    assert dunia.staf in pegawai and dunia.kepala in pegawai
    assert dunia.pegawai_lain not in pegawai and dunia.admin_lain not in pegawai


def test_scope_shows_only_its_own_instansi_notifikasi(notifikasi_dua_instansi):
    with tenant_scope(notifikasi_dua_instansi.buleleng.pk):
        assert list(Notifikasi.objects.values_list("judul", flat=True)) == ["Buleleng"]


def test_scope_shows_only_its_own_instansi_jejak(dunia):
    with scopes_disabled():
        catat_jejak(
            instansi_id=dunia.lain.pk, oleh=dunia.admin_lain, aksi="uji", objek=dunia.opd_lain
        )
    with tenant_scope(dunia.buleleng.pk):
        assert not Jejak.objects.filter(aksi="uji").exists()
    with tenant_scope(dunia.lain.pk):
        assert Jejak.objects.filter(aksi="uji").count() == 1


def test_getting_another_instansis_unit_by_pk_inside_a_scope_raises_does_not_exist(dunia):
    with tenant_scope(dunia.buleleng.pk):
        with pytest.raises(UnitKerja.DoesNotExist):
            UnitKerja.objects.get(pk=dunia.opd_lain.pk)
        assert UnitKerja.objects.get(pk=dunia.bkpsdm.pk) == dunia.bkpsdm


def test_getting_another_instansis_pegawai_by_pk_inside_a_scope_raises_does_not_exist(dunia):
    with tenant_scope(dunia.buleleng.pk):
        with pytest.raises(Pegawai.DoesNotExist):
            Pegawai.objects.get(pk=dunia.pegawai_lain.pk)


def test_superadmin_belongs_to_no_scope(dunia):
    with scopes_disabled():
        superadmin = Pegawai.objects.create_superuser("superadmin", "rahasia", nama="Operator")
    with tenant_scope(dunia.buleleng.pk):
        assert not Pegawai.objects.filter(pk=superadmin.pk).exists()


# --- the middleware ------------------------------------------------------------------------


def _hitung_unit(request):
    return UnitKerja.objects.count()


def test_middleware_scopes_the_request_to_the_users_instansi(dunia):
    request = RequestFactory().get("/")
    request.user = dunia.pegawai_lain

    jumlah = TenantScopeMiddleware(_hitung_unit)(request)

    assert jumlah == 2  # Pemerintah Kota Lain and Dinas Lain
    assert request.instansi_id == dunia.lain.pk


def test_middleware_gives_an_anonymous_request_no_scope(dunia):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    with pytest.raises(ScopeError):
        TenantScopeMiddleware(_hitung_unit)(request)


# --- login ---------------------------------------------------------------------------------


def test_natural_key_lookup_works_outside_a_scope(dunia):
    # Before login there is no instansi yet, so this lookup is the one made unscoped.
    assert Pegawai.objects.get_by_natural_key(dunia.staf.nip) == dunia.staf
    assert Pegawai.objects.get_by_natural_key(dunia.pegawai_lain.nip) == dunia.pegawai_lain


def test_natural_key_lookup_of_an_unknown_nip_raises_does_not_exist(dunia):
    with pytest.raises(Pegawai.DoesNotExist):
        Pegawai.objects.get_by_natural_key("199901012020011999")


def _login(nip, password):
    return authenticate(
        request=RequestFactory().post("/akun/masuk/"), username=nip, password=password
    )


def test_pegawai_logs_in_with_nip_and_password(dunia):
    assert _login(dunia.staf.nip, PASSWORD) == dunia.staf
    assert _login(dunia.pegawai_lain.nip, PASSWORD) == dunia.pegawai_lain


def test_login_with_a_wrong_password_fails(dunia):
    assert _login(dunia.staf.nip, "salah-sandi") is None


def test_login_of_a_deactivated_pegawai_fails(dunia):
    with scopes_disabled():
        Pegawai.objects.filter(pk=dunia.staf.pk).update(is_active=False)

    assert _login(dunia.staf.nip, PASSWORD) is None


@override_settings(AXES_FAILURE_LIMIT=3)
def test_login_is_locked_after_repeated_failures_even_with_the_right_password(dunia):
    for _ in range(3):
        assert _login(dunia.staf.nip, "salah-sandi") is None

    assert _login(dunia.staf.nip, PASSWORD) is None
    # The lock is per NIP: a colleague on the same address still logs in.
    assert _login(dunia.kabid.nip, PASSWORD) == dunia.kabid
