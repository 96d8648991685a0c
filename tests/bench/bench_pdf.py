"""Benchmark: PDFs per minute for one worker (WeasyPrint rendering of the three documents
of a rated period, then PAdES signing by pegawai and penilai).

Not part of the test run (pyproject: --ignore=tests/bench); run it by naming the file:

    python dev.py test tests/bench/bench_pdf.py -p no:cacheprovider -s

BENCH_PDF changes how many documents are rendered (default 30).
"""

import os
import time

from django.db import transaction

from dokumen import services as dokumen_services
from dokumen import tanda_tangan
from dokumen.models import Dokumen
from penilaian import services
from tests.penilaian.conftest import (  # noqa: F401  (fixtures)
    buat_rantai,
    media_sementara,
    orang,
    rantai,
    skp_staf,
    tw1,
    tw1_diajukan,
    tw1_siap_dinilai,
    tw1_terbuka,
)

JUMLAH = int(os.environ.get("BENCH_PDF", "30"))


def test_pdf_per_menit(tw1_siap_dinilai, orang, settings, tmp_path, dalam_buleleng):  # noqa: F811
    settings.TANDA_TANGAN_DIR = tmp_path / "sertifikat"
    instansi = orang.staf.instansi
    tanda_tangan.buat_sertifikat_sendiri(instansi.kode, instansi.nama)
    periode = services.periode_nilai(
        periode=tw1_siap_dinilai,
        by=orang.kabid,
        rating_hasil_kerja="sesuai",
        rating_perilaku_kerja="sesuai",
    )
    dokumen = [
        Dokumen.objects.create(
            instansi_id=periode.instansi_id,
            periode=periode,
            jenis=jenis,
            kode=dokumen_services._kode_dokumen(),
            tanggal=dokumen_services.tanggal_cetak_periode(periode),
            lokasi=instansi.lokasi_cetak,
            diminta_oleh=orang.staf,
        )
        for jenis in Dokumen.Jenis.values
    ]
    dokumen_services.dokumen_render(dokumen=dokumen[0])  # warm-up: fonts and templates load once

    mulai = time.perf_counter()
    for i in range(JUMLAH):
        dokumen_services.dokumen_render(dokumen=dokumen[i % len(dokumen)])
    detik_render = time.perf_counter() - mulai

    mulai = time.perf_counter()
    with transaction.atomic():
        dokumen_services.dokumen_tandatangani(dokumen=dokumen[1], by=orang.staf)
        dokumen_services.dokumen_tandatangani(dokumen=dokumen[1], by=orang.kabid)
    detik_ttd = (time.perf_counter() - mulai) / 2

    print(
        f"\n{JUMLAH} PDF dirender dalam {detik_render:.1f} s: "
        f"{60 * JUMLAH / detik_render:.0f} PDF/menit untuk satu worker "
        f"({1000 * detik_render / JUMLAH:.0f} ms per PDF); "
        f"tanda tangan PAdES {1000 * detik_ttd:.0f} ms per tanda tangan"
    )
    assert Dokumen.objects.filter(periode=periode, status=Dokumen.Status.SIAP).count() == 3
