import copy
import inspect
import os
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from tests.factories import InstansiFactory, PegawaiFactory, buat_unit, jadikan_pimpinan

DI_CI = os.environ.get("CI") == "true"


def butuh_layanan(alasan):
    """Skip on a newcomer's machine without the service; in CI a missing service fails."""
    if DI_CI:
        pytest.fail(f"CI wajib menjalankan tes ini: {alasan}")
    pytest.skip(alasan)


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        butuh_layanan("membutuhkan PostgreSQL (set DATABASE_URL)")


@pytest.fixture
def tanpa_scope():
    with scopes_disabled():
        yield


def bangun_dunia():
    """Personas across boundaries, as healthchecks uses alice/bob/charlie.

    Instansi Buleleng: root → Sekda (OPD) → BKPSDM (OPD) → Bidang PKAP → Subbidang.
    - kepala (pimpinan BKPSDM), kabid (pimpinan Bidang), staf (in Bidang), admin_opd
      (of BKPSDM), admin_bkd, and in Dinas Kesehatan (another OPD) admin_dinkes.
    Instansi Lain: its own root, admin_lain and pegawai_lain.
    """
    with scopes_disabled():
        # Buleleng keeps its local rule (seed 001): a rencana aksi on every RHK.
        buleleng = InstansiFactory(
            kode="buleleng",
            nama="Pemerintah Kabupaten Buleleng",
            pengaturan={"rencana_aksi_semua_rhk": True},
        )
        root = buat_unit(buleleng, nama="Pemerintah Kabupaten Buleleng", eselon="00")
        sekda = buat_unit(buleleng, root, nama="Sekretariat Daerah", eselon="21", adalah_opd=True)
        bkpsdm = buat_unit(
            buleleng, sekda, nama="BKPSDM", eselon="22", adalah_opd=True, hari_kerja=5
        )
        bidang = buat_unit(buleleng, bkpsdm, nama="Bidang PKAP", eselon="32")
        subbidang = buat_unit(buleleng, bidang, nama="Subbidang Penilaian", eselon="42")
        dinkes = buat_unit(
            buleleng, sekda, nama="Dinas Kesehatan", eselon="22", adalah_opd=True, hari_kerja=6
        )
        kepala = PegawaiFactory(instansi=buleleng, unit_kerja=bkpsdm, nama="Kepala BKPSDM")
        kabid = PegawaiFactory(instansi=buleleng, unit_kerja=bidang, nama="Kabid PKAP")
        staf = PegawaiFactory(instansi=buleleng, unit_kerja=bidang, nama="Staf PKAP")
        admin_opd = PegawaiFactory(
            instansi=buleleng,
            unit_kerja=bkpsdm,
            nama="Admin BKPSDM",
            peran="admin_opd",
            admin_opd=bkpsdm,
        )
        admin_bkd = PegawaiFactory(
            instansi=buleleng, unit_kerja=bkpsdm, nama="Admin BKD", peran="admin_bkd"
        )
        admin_dinkes = PegawaiFactory(
            instansi=buleleng,
            unit_kerja=dinkes,
            nama="Admin Dinkes",
            peran="admin_opd",
            admin_opd=dinkes,
        )
        jadikan_pimpinan(kepala, bkpsdm)
        jadikan_pimpinan(kabid, bidang)

        lain = InstansiFactory(kode="lain", nama="Pemerintah Kota Lain", zona_waktu="Asia/Jakarta")
        root_lain = buat_unit(lain, nama="Pemerintah Kota Lain", eselon="00")
        opd_lain = buat_unit(lain, root_lain, nama="Dinas Lain", eselon="22", adalah_opd=True)
        admin_lain = PegawaiFactory(
            instansi=lain, unit_kerja=opd_lain, nama="Admin Lain", peran="admin_bkd"
        )
        pegawai_lain = PegawaiFactory(instansi=lain, unit_kerja=opd_lain, nama="Pegawai Lain")

    class Dunia:
        pass

    d = Dunia()
    d.__dict__.update(locals())
    return d


@pytest.fixture
def dunia(db):
    return bangun_dunia()


# ---- worlds built once per module -----------------------------------------------------


@pytest.fixture(scope="module")
def transaksi_modul(django_db_setup, django_db_blocker, tmp_path_factory):
    """One transaction around a whole module, rolled back at its end, with its own media
    folder. A world built in it once serves every test of the module: each test runs in a
    savepoint inside it (pytest-django's `db`), so whatever a test writes is undone before
    the next. Only for modules without transactional tests (they would flush the world)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        # Opened inside a test's own transaction, the test's rollback would take the world
        # with it and leave the next tests its stale objects: refuse loudly instead.
        assert not connection.in_atomic_block, (
            "dunia per modul diminta di dalam transaksi tes; mintalah sebelum `db`"
        )
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        media.disable()


@pytest.fixture(scope="module")
def dunia_modul(transaksi_modul, django_db_blocker):
    with django_db_blocker.unblock():
        return bangun_dunia()


def per_modul(nama_dunia_modul):
    """A function-scoped fixture giving each test its own copy of a module world's objects
    (the rows are shared; the Python objects are not, so a test changing one in memory
    leaves the next test's alone), as Django's TestCase.setUpTestData does. The module
    world is a static dependency, so pytest sets it up before any per-test fixture."""

    def salinan(**dunia):
        return copy.deepcopy(dunia[nama_dunia_modul])

    # The module world first: a test that asks for this fixture only at run time
    # (request.getfixturevalue) then opens the module's transaction before its own.
    salinan.__signature__ = inspect.Signature(
        [
            inspect.Parameter(nama_dunia_modul, inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter("db", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ]
    )
    return pytest.fixture(salinan)


@pytest.fixture
def media_modul(transaksi_modul):
    """For modules with a world per module: the module's media folder, for every test (a
    folder per test would hide the files the world saved)."""
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def dalam_buleleng(dunia):
    with scope(instansi=dunia.buleleng.pk):
        yield dunia


def pytest_configure(config):
    from django.conf import settings

    # The production hasher costs ~0.3 s a password; tests create hundreds of pegawai.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each xdist worker has its own database, so its own cache: a shared Redis would mix
    # the workers' keys (same ids in different databases).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Overviews are recounted on every read; tests/inti/test_rekap.py sets an age.
    settings.REKAP_UMUR = 0
    # List totals are counted on every page (inti.halaman.PaginatorHemat).
    settings.HITUNG_UMUR = 0
    # The personas' admins use their pages without a second factor; tests/ekinerja/
    # test_dua_langkah.py sets a tenant's requirement (the production default: "wajib").
    settings.DUA_LANGKAH_BAWAAN = "opsional"
    settings.SUPERADMIN_WAJIB_2FA = False


@pytest.fixture(autouse=True)
def _cache_kosong():
    """Each test starts with an empty cache: a rolled-back test's rows (SQLite reuses their
    ids) must not be read from it by the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def celery_di_proses(settings):
    """CI sets CELERY_BROKER_URL, which sends tasks to Redis; here they run in-process,
    as they do on a newcomer's machine (tests that follow a task's effect use this)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings
