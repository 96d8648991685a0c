"""Concurrent decisions on one SKP on a real PostgreSQL: exactly one of them counts.

Each thread has its own connection and transaction and loads the SKP before the
barrier, so both see it `diajukan`: the conditional UPDATE of inti.models.pindah_status
decides, not Python ordering. SQLite serialises writers and cannot show the race, hence
the `postgres` fixture.
"""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from organisasi.models import Pegawai
from skp import services
from skp.models import SKP
from tests.bantuan import segar
from tests.skp.conftest import TAHUN, pegawai_baru, tambah_rhk

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PUTARAN = 3


@pytest.fixture
def skp_diajukan(postgres, dunia, buat_rantai):
    """The staf's SKP submitted to the kabid."""
    with scopes_disabled():
        rantai = buat_rantai()
        staf = segar(dunia.staf)
        skp = services.skp_buat(pegawai=staf, tahun=TAHUN, by=staf)
        tambah_rhk(skp, staf, "Terverifikasinya usul penilaian", intervensi=[rantai.rhk_kabid])
        return services.skp_ajukan(skp=skp, by=staf)


def _bersamaan(skp, *keputusan):
    """Run each keputusan(skp, penilai) in its own thread and transaction at once.

    Returns the outcome of each, in order: the SKP it returned or the exception.
    """
    barrier = threading.Barrier(len(keputusan))
    hasil = [None] * len(keputusan)

    def jalankan(i, putuskan):
        try:
            with scope(instansi=skp.instansi_id):
                milik_thread = SKP.objects.get(pk=skp.pk)
                penilai = Pegawai.objects.get(pk=skp.penilai_id)
                barrier.wait(timeout=10)
                hasil[i] = putuskan(milik_thread, penilai)
        except Exception as e:  # the main thread asserts on every outcome
            hasil[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=jalankan, args=(i, k)) for i, k in enumerate(keputusan)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a decision is stuck (a lock never released?)"
    return hasil


def _setujui(skp, penilai):
    return services.skp_setujui(skp=skp, by=penilai)


def _kembalikan(skp, penilai):
    return services.skp_kembalikan(skp=skp, by=penilai, catatan="Perbaiki target.")


def _ajukan_lagi(skp):
    """Bring the SKP back to diajukan for the next round, as its owner would."""
    skp = segar(skp)
    if skp.status == SKP.Status.DISETUJUI:
        services.skp_perubahan(skp=skp, by=skp.pegawai)
        skp = segar(skp)
    return services.skp_ajukan(skp=skp, by=skp.pegawai)


def _jumlah_jejak(skp, aksi):
    return Jejak.objects.filter(objek_tipe="skp.SKP", objek_id=skp.pk, aksi=aksi).count()


def test_two_approvals_at_once_approve_the_skp_once(skp_diajukan):
    skp = skp_diajukan

    for putaran in range(1, PUTARAN + 1):
        hasil = _bersamaan(skp, _setujui, _setujui)

        menang = [h for h in hasil if isinstance(h, SKP)]
        kalah = [h for h in hasil if not isinstance(h, SKP)]
        assert len(menang) == 1, hasil
        [galat] = kalah
        assert isinstance(galat, ValidationError), repr(galat)
        assert "baru saja diubah orang lain" in galat.messages[0]
        assert "Disetujui" in galat.messages[0]
        with scope(instansi=skp.instansi_id):
            assert segar(skp).status == SKP.Status.DISETUJUI
            assert _jumlah_jejak(skp, "skp_disetujui") == putaran
            if putaran < PUTARAN:
                _ajukan_lagi(skp)


def test_approval_and_return_at_once_leave_exactly_one_decision(skp_diajukan):
    skp = skp_diajukan

    for putaran in range(1, PUTARAN + 1):
        hasil = _bersamaan(skp, _setujui, _kembalikan)

        menang = [h for h in hasil if isinstance(h, SKP)]
        kalah = [h for h in hasil if not isinstance(h, SKP)]
        assert len(menang) == 1, hasil
        [galat] = kalah
        assert isinstance(galat, ValidationError), repr(galat)
        with scope(instansi=skp.instansi_id):
            sekarang = segar(skp)
            # The loser is told what the winner decided; the row agrees with the winner.
            assert sekarang.status == menang[0].status
            assert sekarang.get_status_display() in galat.messages[0]
            assert sekarang.catatan_revisi == (
                "Perbaiki target." if sekarang.status == SKP.Status.REVISI else ""
            )
            keputusan = _jumlah_jejak(skp, "skp_disetujui") + _jumlah_jejak(skp, "skp_revisi")
            assert keputusan == putaran
            if putaran < PUTARAN:
                _ajukan_lagi(skp)


def test_two_skp_buat_at_once_create_one_skp(postgres, dunia):
    # A double click on "Buat SKP": the overlap check must see the other request's SKP.
    with scopes_disabled():
        pegawai = pegawai_baru(dunia, dunia.bidang, "Pegawai Klik Dua Kali")
    instansi_id = dunia.buleleng.pk
    pertama_dibuat, kedua_selesai = threading.Event(), threading.Event()
    hasil = {}

    def pertama():
        # Keeps its transaction open while the second request runs: without a lock the
        # second cannot see this SKP; with one it waits until this commits.
        try:
            with scope(instansi=instansi_id), transaction.atomic():
                hasil["pertama"] = services.skp_buat(pegawai=pegawai, tahun=TAHUN, by=pegawai)
                pertama_dibuat.set()
                kedua_selesai.wait(timeout=3)
        except Exception as e:
            hasil["pertama"] = e
        finally:
            pertama_dibuat.set()
            connection.close()

    def kedua():
        try:
            pertama_dibuat.wait(timeout=10)
            with scope(instansi=instansi_id):
                hasil["kedua"] = services.skp_buat(pegawai=pegawai, tahun=TAHUN, by=pegawai)
        except Exception as e:
            hasil["kedua"] = e
        finally:
            kedua_selesai.set()
            connection.close()

    threads = [threading.Thread(target=pertama), threading.Thread(target=kedua)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)

    assert isinstance(hasil["pertama"], SKP), hasil
    with scope(instansi=instansi_id):
        assert SKP.objects.filter(pegawai=pegawai, tahun=TAHUN).count() == 1, hasil
        assert SKP.objects.get(pegawai=pegawai).mulai == date(TAHUN, 1, 1)
    assert isinstance(hasil["kedua"], ValidationError), hasil
    assert "beririsan" in hasil["kedua"].message_dict["mulai"][0]
