"""Every write of the evaluation: keyword-only, atomic, validated, audited.

Status changes are conditional UPDATEs (`WHERE status = <from>`): a rating and a
withdrawal at the same moment move the period once, and the loser gets a clear message."""

from penilaian.services.bkd import (  # noqa: F401  (the package's API)
    capaian_tetapkan,
    review_kembalikan,
    review_setujui,
    review_tarik,
)
from penilaian.services.pegawai import (  # noqa: F401  (the package's API)
    bukti_tambah,
    periksa_berkas_bukti,
    periode_ajukan,
    periode_tambah,
    periode_tarik,
    realisasi_bukti_simpan,
    realisasi_simpan,
    rencana_aksi_hapus,
    rencana_aksi_simpan,
    sidik_berkas,
)
from penilaian.services.penilai import (  # noqa: F401  (the package's API)
    periode_kembalikan,
    periode_nilai,
    periode_nilai_massal,
    umpan_balik_simpan,
    umpan_balik_simpan_semua,
)
from penilaian.services.tindak_lanjut import (  # noqa: F401  (the package's API)
    komentar_tambah,
    pembinaan_catat,
    pembinaan_selesai,
    pengingat_pembinaan,
    tindak_lanjut_putuskan,
)
