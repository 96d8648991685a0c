"""The pages of the evaluation, by who uses them; urls.py names them from here."""

from penilaian.views.admin import (  # noqa: F401  (the views urls.py names)
    kurva,
    progres,
    review_antrean,
    review_putuskan,
)
from penilaian.views.pegawai import (  # noqa: F401  (the views urls.py names)
    bukti_tambah,
    bukti_unduh,
    penilaian_saya,
    periode_ajukan,
    periode_detail,
    periode_tambah,
    periode_tarik,
    realisasi_simpan,
    rencana_aksi_hapus,
    rencana_aksi_simpan,
)
from penilaian.views.penilai import (  # noqa: F401  (the views urls.py names)
    penilaian_bawahan,
    penilaian_massal,
    periode_kembalikan,
    periode_nilai,
    umpan_balik_simpan,
)
from penilaian.views.penugasan import penugasan_keluar  # noqa: F401  (named by urls.py)
from penilaian.views.tindak_lanjut import (  # noqa: F401  (the views urls.py names)
    diskusi_rhk,
    pembinaan_catat,
    pembinaan_selesai,
    tindak_lanjut,
)
