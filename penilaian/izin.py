"""Who may do what to a periode penilaian, decided once, here.

Each rule answers with the reason it refuses, in the words the person reads ("" when it
allows). Services raise that reason (`pastikan`); views and templates read the same rules
through django-rules (`{% has_perm "penilaian.isi" user periode %}`), so a button shows
exactly when the service would accept it. The role and the jadwal windows are looked up
once per periode object and user.
"""

from django.utils import timezone

from inti.izin import daftarkan, pastikan
from jadwal import rules as jadwal_rules
from jadwal.selectors import status_jadwal
from organisasi.izin import ADMIN, PEMILIK, PENILAI, peran_atas
from penilaian import rules as aturan

PREDIKAT_PEMBINAAN = {aturan.BUTUH_PERBAIKAN, aturan.KURANG, aturan.SANGAT_KURANG}

__all__ = ["ADMIN", "PEMILIK", "PENILAI", "PREDIKAT_PEMBINAAN", "pastikan", "peran"]


def peran(user, periode) -> str:
    return peran_atas(user, periode.pegawai)


def jendela(periode, langkah):
    """The jadwal window of `langkah` for this period's pegawai, now (cached on it)."""
    cache = periode.__dict__.setdefault("_jendela", {})
    if langkah not in cache:
        cache[langkah] = status_jadwal(
            langkah=langkah,
            tahun=periode.tahun,
            kode=periode.kode,
            pegawai=periode.pegawai,
            sekarang=timezone.now(),
        )
    return cache[langkah]


def alasan_isi(user, periode) -> str:
    """Rencana aksi, realisasi and bukti: the pegawai, while filling, in the window."""
    if user.pk != periode.pegawai_id:
        return "Hanya pegawai pemilik SKP yang dapat mengisi periode ini."
    if not periode.dapat_diisi:
        return f"Periode ini berstatus {periode.get_status_display()} dan tidak dapat diubah." + (
            " Tarik kembali pengajuan dulu." if periode.status == aturan.DIAJUKAN else ""
        )
    realisasi = jendela(periode, jadwal_rules.REALISASI)
    return "" if realisasi.boleh else realisasi.pesan


def alasan_tarik(user, periode) -> str:
    """Taking a submitted period back: the pegawai, before it is rated, in the window."""
    if user.pk != periode.pegawai_id:
        return "Hanya pegawai pemilik yang dapat menarik pengajuan."
    realisasi = jendela(periode, jadwal_rules.REALISASI)
    if not realisasi.boleh:
        return realisasi.pesan
    return aturan.MESIN_PERIODE.alasan(periode.status, aturan.PENGISIAN, aturan.PEGAWAI)


def alasan_menilai(user, periode) -> str:
    """Feedback, returning and rating: the pegawai's current pejabat penilai (a change of
    pimpinan must not strand the period), in the penilaian window."""
    if peran(user, periode) != PENILAI:
        return "Hanya pejabat penilai pegawai ini yang dapat menilainya."
    penilaian = jendela(periode, jadwal_rules.PENILAIAN)
    return "" if penilaian.boleh else penilaian.pesan


def alasan_nilai_sekarang(user, periode) -> str:
    """alasan_menilai, on a period that waits for its rating now."""
    if alasan := alasan_menilai(user, periode):
        return alasan
    if periode.status != aturan.DIAJUKAN:
        return (
            "Umpan balik diberikan pada periode yang menunggu penilaian "
            f"(kini {periode.get_status_display()})."
        )
    return ""


def alasan_review(user, periode) -> str:
    """The Tim Penilai Kinerja (BKD of the instansi) decides on a Sangat Baik."""
    if not user.adalah_admin_bkd or user.instansi_id != periode.instansi_id:
        return "Hanya Tim Penilai Kinerja (BKD) yang dapat mereview."
    if user.pk == periode.pegawai_id:
        return "Predikat Anda sendiri direview oleh anggota Tim Penilai Kinerja yang lain."
    if user.pk == periode.penilai_id:
        return (
            "Predikat yang Anda berikan sebagai pejabat penilai direview anggota Tim Penilai "
            "Kinerja yang lain."
        )
    return aturan.MESIN_PERIODE.alasan(periode.status, aturan.DINILAI, aturan.TIM_PENILAI)


def alasan_bina(user, periode) -> str:
    """Pembinaan follows a rated Butuh Perbaikan, Kurang or Sangat Kurang."""
    if peran(user, periode) != PENILAI:
        return "Pembinaan dicatat oleh pejabat penilai pegawai ini."
    if periode.status != aturan.DINILAI or periode.predikat not in PREDIKAT_PEMBINAAN:
        return (
            "Pembinaan untuk predikat Butuh Perbaikan, Kurang atau Sangat Kurang yang sudah "
            "ditetapkan."
        )
    return ""


daftarkan("penilaian.isi", alasan_isi)
daftarkan("penilaian.tarik", alasan_tarik)
daftarkan("penilaian.nilai", alasan_nilai_sekarang)
daftarkan("penilaian.review", alasan_review)
daftarkan("penilaian.bina", alasan_bina)
