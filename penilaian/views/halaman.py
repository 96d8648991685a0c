"""The period page: what it shows its reader, and the forms of the actions they may take."""

import json

from django.conf import settings
from django.shortcuts import render

from penilaian import rules, selectors
from penilaian.forms import (
    CatatanForm,
    PembinaanForm,
    RatingForm,
    RencanaAksiForm,
)
from skp.models import RHK
from skp.rules import BERAKHLAK


def tampilkan_periode(request, periode, **tambahan):
    """The period page: what it shows and what its reader may do (the selector), and the
    forms of the actions allowed; forms refused on POST come in `tambahan`, as typed."""
    halaman = selectors.halaman_periode(periode, request.user)
    konteks = {**vars(halaman), "periode": periode, "skp": periode.skp}
    konteks.update(
        berakhlak=BERAKHLAK,
        panduan_hasil=[
            (k, rules.LABEL_RATING[k], rules.PANDUAN_HASIL_KERJA[k]) for k in rules.RATING
        ],
        panduan_perilaku=[
            (k, rules.LABEL_RATING[k], rules.PANDUAN_PERILAKU_KERJA[k]) for k in rules.RATING
        ],
        matriks=MATRIKS,
        matriks_json=MATRIKS_JSON,
        batas_unggah=settings.BUKTI_UKURAN_MAKS,
    )
    if halaman.dapat_diisi and not periode.adalah_final:
        konteks["form_ra"] = RencanaAksiForm(
            rhk_pilihan=RHK.objects.filter(skp_id=periode.skp_id), prefix="ra"
        )
    if halaman.dapat_menilai:
        konteks.update(form_rating=RatingForm(), form_kembalikan=CatatanForm(prefix="kembali"))
    if halaman.tim_penilai:
        konteks["form_review"] = CatatanForm(prefix="review")
    if halaman.dapat_membina:
        konteks["form_pembinaan"] = PembinaanForm()
    konteks.update(tambahan)
    return render(request, "penilaian/periode.html", konteks)


# The predikat matrix as the rating form shows it (rows hasil kerja, columns perilaku).
MATRIKS = [
    (
        rules.LABEL_RATING[h],
        [
            rules.LABEL_PREDIKAT[rules.predikat(hasil_kerja=h, perilaku_kerja=p)]
            for p in (rules.DIBAWAH, rules.SESUAI, rules.DIATAS)
        ],
    )
    for h in rules.RATING
]


MATRIKS_JSON = json.dumps(
    {
        h: {
            p: rules.LABEL_PREDIKAT[rules.predikat(hasil_kerja=h, perilaku_kerja=p)]
            for p in rules.RATING
        }
        for h in rules.RATING
    }
)
