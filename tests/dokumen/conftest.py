"""The documents' fixtures live with the penilaian tests that grew them
(tests/penilaian/conftest.py and test_dokumen.py): the personas `orang`, a rated TW I of
the staf, WeasyPrint and the instansi's certificate. Named here so the tests of this
folder use them as they are."""

from tests.penilaian.conftest import (  # noqa: F401  (fixtures used by name)
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
from tests.penilaian.test_dokumen import (  # noqa: F401  (fixtures used by name)
    cetak,
    evaluasi_dinilai,
    folder_sertifikat,
    minta_dokumen,
    tw1_dinilai,
)
