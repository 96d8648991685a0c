"""Issue 16 (6): property-based fuzzing (Hypothesis) of the forms where typed numbers,
dates and free text reach the database. Generated values are posted as the form's own
role; whatever they are, the answer is never a 5xx. Deterministic (derandomize) so CI
sees the same examples every run. Not yet every form of the app: see the closing note."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bantuan import masuk

# Values that broke forms before: year 1, NaN, overflow, NUL, formulas, bad dates.
NILAI_NAKAL = (
    [
        "", " ", "0", "-1", "-50", "NaN", "Infinity", "1e999", "99999", "32768",
        "99999999999999999999", "0001-01-01", "0001-01-01T00:00", "9999-12-31T23:59",
        "2026-13-45", "2026-02-30", "\x00", "a\x00b", "=HYPERLINK(\"x\")", "<script>",
        "1,5", "1.000.000", "9=NaN", "tanpa_keterangan=-5", "terlambat=1;1e999",
    ]
)  # fmt: skip
NILAI = st.one_of(
    st.sampled_from(NILAI_NAKAL), st.text(max_size=40), st.integers(-(10**20), 10**20).map(str)
)


def formulir(d) -> dict:
    """url name: (persona, valid data). Each example fuzzes one or two fields of it and
    keeps the rest valid, so a bad value reaches the field's own clean and, past it, the
    service and the database (where overflow and NaN used to end as a 500)."""
    from tests.tpp.test_views import KONFIGURASI_SAH

    return {
        "jadwal_daftar": ("admin_bkd", {
            "jadwal-langkah": "penyusunan_skp", "jadwal-kode": "",
            "jadwal-mulai": "2026-01-01T00:00", "jadwal-batas": "2026-01-31T23:59",
            "jadwal-keterangan": "",
        }),
        "tpp_konfigurasi": ("admin_bkd", dict(KONFIGURASI_SAH)),
        "perjanjian_kinerja": ("admin_bkd", {
            "tahun": "2026", "unit_kerja": str(d.bkpsdm.pk), "sasaran": "Sasaran",
            "indikator": "",
        }),
        "ketidakhadiran": ("admin_opd", {
            "nip": d.staf.nip, "jenis": "cuti_sakit", "mulai": "2026-03-02",
            "selesai": "2026-03-03", "keterangan": "",
        }),
        "aktivitas": ("staf", {
            "tanggal": "2026-03-02", "uraian": "Menyusun laporan", "rhk": "", "volume": "1",
            "satuan": "Kegiatan", "jam_mulai": "08:00", "jam_selesai": "09:00",
            "tautan_bukti": "",
        }),
        "kelola_unit_tambah": ("admin_opd", {
            "nama": "Seksi Uji", "id_eksternal": "uji-fuzz", "eselon": "42",
            "parent": str(d.bidang.pk), "aktif": "on",
        }),
        "kelola_pegawai_tambah": ("admin_opd", {
            "nip": "198501312010011001", "nama": "Baru", "jenis_asn": "PNS",
            "unit_kerja": str(d.bidang.pk), "jabatan": "Pengadministrasi",
            "jenis_jabatan": "pelaksana", "status": "aktif", "is_active": "on",
            "password": "kata-sandi-awal-9",
        }),
        "tindak_lanjut": ("admin_bkd", {
            "pegawai": str(d.staf.pk), "jenis": "pembinaan", "keputusan": "setuju",
            "catatan": "",
        }),
    }  # fmt: skip


NAMA_FORMULIR = [
    "jadwal_daftar", "tpp_konfigurasi", "perjanjian_kinerja", "ketidakhadiran", "aktivitas",
    "tindak_lanjut", "kelola_unit_tambah", "kelola_pegawai_tambah",
]  # fmt: skip


@pytest.mark.parametrize("nama_url", NAMA_FORMULIR)
def test_no_generated_input_makes_a_form_answer_5xx(client, dunia, nama_url):
    persona, sah = formulir(dunia)[nama_url]
    masuk(client, getattr(dunia, persona))
    url = reverse(nama_url)

    @settings(
        max_examples=30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.lists(st.sampled_from(sorted(sah)), min_size=1, max_size=2, unique=True).flatmap(
            lambda kolom: st.fixed_dictionaries({k: NILAI for k in kolom})
        )
    )
    def kirim(diubah):
        data = {**sah, **diubah}
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)

    # Every known-bad value in every field, one at a time; then Hypothesis' own values.
    for kolom in sah:
        for nilai in NILAI_NAKAL:
            response = client.post(url, {**sah, kolom: nilai})
            assert response.status_code < 500, (url, kolom, nilai)
    kirim()
