"""Two decisions on one periode penilaian at once, on PostgreSQL: each is made once,
the loser gets a clear message (conditional UPDATEs, DOMAIN: state changes that race).
Transactional tests, so their own module: the other modules share one world per module."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes import scope, scopes_disabled

from inti.models import Jejak
from organisasi.models import Pegawai
from penilaian import rules, services
from penilaian.models import (
    PeriodePenilaian,
)
from tests.bantuan import segar
from tests.penilaian.conftest import (
    periode_siap_dinilai,
    skp_disetujui,
)

Status = PeriodePenilaian.Status


def _nilai(periode, by, hasil=rules.SESUAI, perilaku=rules.SESUAI):
    return services.periode_nilai(
        periode=periode, by=by, rating_hasil_kerja=hasil, rating_perilaku_kerja=perilaku
    )


# --- two decisions at once (PostgreSQL) --------------------------------------------------


@pytest.fixture
def tiga_periode_siap_dinilai(postgres, dunia, buat_rantai):
    """Triwulan I–III of the staf, each submitted and given every feedback (one per round)."""
    with scopes_disabled():
        rantai = buat_rantai()
        skp = skp_disetujui(dunia, rantai, dunia.staf)
        staf, kabid = segar(dunia.staf), segar(dunia.kabid)
        return [periode_siap_dinilai(skp, staf, kabid, kode=k) for k in ("tw1", "tw2", "tw3")]


def _bersamaan(periode, *keputusan):
    """Run each keputusan(periode) in its own thread, connection and transaction at once.

    Each thread loads the period before the barrier, so all see the same status.
    """
    barrier = threading.Barrier(len(keputusan))
    hasil = [None] * len(keputusan)

    def jalankan(i, putuskan):
        try:
            with scope(instansi=periode.instansi_id):
                milik_thread = PeriodePenilaian.objects.get(pk=periode.pk)
                barrier.wait(timeout=10)
                hasil[i] = putuskan(milik_thread)
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


def _oleh(nama):
    return Pegawai.objects.get(nama=nama)


def _pisah(hasil):
    menang = [h for h in hasil if isinstance(h, PeriodePenilaian)]
    kalah = [h for h in hasil if not isinstance(h, PeriodePenilaian)]
    assert len(menang) == 1, hasil
    [galat] = kalah
    assert isinstance(galat, ValidationError), repr(galat)
    return menang[0], galat


def _jumlah_jejak(periode, aksi):
    return Jejak.objects.filter(
        objek_tipe="penilaian.PeriodePenilaian", objek_id=periode.pk, aksi=aksi
    ).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_ratings_at_once_rate_the_periode_once(tiga_periode_siap_dinilai):
    def nilai(periode):
        return _nilai(periode, _oleh("Kabid PKAP"), rules.SESUAI, rules.DIATAS)

    for periode in tiga_periode_siap_dinilai:
        menang, galat = _pisah(_bersamaan(periode, nilai, nilai))

        with scope(instansi=periode.instansi_id):
            sekarang = segar(periode)
            assert (sekarang.status, sekarang.predikat) == (Status.DINILAI, rules.BAIK)
            assert menang.status == Status.DINILAI
            assert "Dinilai" in galat.messages[0]
            assert _jumlah_jejak(periode, "periode_dinilai") == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_review_approvals_at_once_approve_once(tiga_periode_siap_dinilai):
    with scopes_disabled():
        kabid = _oleh("Kabid PKAP")
        for periode in tiga_periode_siap_dinilai:
            _nilai(periode, kabid, rules.DIATAS, rules.DIATAS)

    def setujui(periode):
        return services.review_setujui(periode=periode, by=_oleh("Admin BKD"))

    for periode in tiga_periode_siap_dinilai:
        _, galat = _pisah(_bersamaan(periode, setujui, setujui))

        with scope(instansi=periode.instansi_id):
            assert segar(periode).status == Status.DINILAI
            assert "baru saja diubah orang lain" in galat.messages[0]
            assert "Dinilai" in galat.messages[0]
            assert _jumlah_jejak(periode, "periode_dinilai") == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rating_and_withdrawal_at_once_leave_exactly_one_decision(tiga_periode_siap_dinilai):
    def nilai(periode):
        return _nilai(periode, _oleh("Kabid PKAP"), rules.SESUAI, rules.SESUAI)

    def tarik(periode):
        return services.periode_tarik(periode=periode, by=_oleh("Staf PKAP"))

    for periode in tiga_periode_siap_dinilai:
        menang, galat = _pisah(_bersamaan(periode, nilai, tarik))

        with scope(instansi=periode.instansi_id):
            sekarang = segar(periode)
            assert sekarang.status == menang.status
            assert sekarang.get_status_display() in galat.messages[0]
            assert sekarang.predikat == (rules.BAIK if sekarang.status == Status.DINILAI else "")
            keputusan = _jumlah_jejak(periode, "periode_dinilai") + _jumlah_jejak(
                periode, "periode_pengisian"
            )
            assert keputusan == 1
