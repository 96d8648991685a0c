"""Concurrent Klaim Pimpinan on a real PostgreSQL: exactly one claimant wins.

Each thread has its own database connection and transaction, so the conditional UPDATE
in pimpinan_klaim is what decides, not Python ordering. SQLite serialises writers and
cannot show the race, hence the `postgres` fixture.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from organisasi import services
from organisasi.models import UnitKerja
from tests.factories import InstansiFactory, PegawaiFactory, buat_unit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

JUMLAH_PENGKLAIM = 5
PUTARAN = 4


@pytest.fixture
def seksi(postgres, settings):
    # The winner's notification runs in its thread right after the commit, not via Redis.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with scopes_disabled():
        instansi = InstansiFactory()
        root = buat_unit(instansi, nama="Pemerintah Kabupaten Uji", eselon="00")
        opd = buat_unit(instansi, root, nama="Dinas Uji", eselon="22", adalah_opd=True)
        unit = buat_unit(instansi, opd, nama="Seksi Rebutan", eselon="42")
        pengklaim = [
            PegawaiFactory(instansi=instansi, unit_kerja=unit, nama=f"Pengklaim {i}")
            for i in range(JUMLAH_PENGKLAIM)
        ]
    return instansi, unit, pengklaim


def _klaim_bersamaan(instansi, pengklaim):
    """Every pegawai claims at once; returns {pegawai: the unit or the exception}."""
    barrier = threading.Barrier(len(pengklaim))
    hasil = {}

    def klaim(pegawai):
        try:
            with scope(instansi=instansi.pk):
                barrier.wait(timeout=10)
                hasil[pegawai] = services.pimpinan_klaim(
                    pegawai=pegawai, status="definitif", by=pegawai
                )
        except Exception as e:  # the main thread asserts on every outcome
            hasil[pegawai] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=klaim, args=(p,)) for p in pengklaim]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a claim is stuck (a lock never released?)"
    return hasil


def test_exactly_one_of_concurrent_claimants_becomes_pimpinan(seksi):
    instansi, unit, pengklaim = seksi
    pemenang_per_putaran = []

    for _ in range(PUTARAN):
        hasil = _klaim_bersamaan(instansi, pengklaim)

        menang = [p for p, h in hasil.items() if isinstance(h, UnitKerja)]
        kalah = {p: h for p, h in hasil.items() if not isinstance(h, UnitKerja)}
        assert len(menang) == 1, hasil
        pemenang = menang[0]
        assert len(kalah) == JUMLAH_PENGKLAIM - 1
        for error in kalah.values():
            assert isinstance(error, ValidationError), repr(error)
            assert "sudah memiliki pimpinan" in error.messages[0]
            assert pemenang.nama in error.messages[0]
        with scope(instansi=instansi.pk):
            unit.refresh_from_db()
            assert (unit.pimpinan, unit.status_pimpinan) == (pemenang, "definitif")
            services.pimpinan_lepas(pegawai=pemenang, by=pemenang)
        pemenang_per_putaran.append(pemenang)

    with scope(instansi=instansi.pk):
        klaim = Jejak.objects.filter(aksi="pimpinan_klaim").order_by("id")
        assert list(klaim.values_list("oleh", flat=True)) == [p.pk for p in pemenang_per_putaran]
