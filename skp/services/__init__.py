"""Every write of the SKP: keyword-only, atomic, validated, audited.

State changes are conditional UPDATEs (`WHERE status = <from>`), so two approvals at
once move the SKP once and the second gets a clear message."""

from skp.services.dialog import (  # noqa: F401  (the package's API)
    dialog_catat,
    dialog_konfirmasi,
)
from skp.services.impor_bkn import (  # noqa: F401  (the package's API)
    skp_impor_bkn,
    skp_impor_bkn_massal,
)
from skp.services.mutasi import (  # noqa: F401  (the package's API)
    skp_mutasi,
    skp_salin_rhk,
)
from skp.services.penyusunan import (  # noqa: F401  (the package's API)
    FIELD_SKP_DAPAT_DIUBAH,
    indikator_hapus,
    indikator_simpan,
    rhk_hapus,
    rhk_simpan,
    skp_buat,
    skp_ubah,
)
from skp.services.perjanjian_kinerja import (  # noqa: F401  (the package's API)
    sasaran_pk_hapus,
    sasaran_pk_tambah,
)
from skp.services.persetujuan import (  # noqa: F401  (the package's API)
    FIELD_INDIKATOR,
    perilaku_ekspektasi_simpan,
    skp_ajukan,
    skp_kembalikan,
    skp_perubahan,
    skp_setujui,
    skp_tarik,
)
