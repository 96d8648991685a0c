"""Pure rules of the SKP (no Django imports): status machine, periode SKP dates,
BerAKHLAK standard indicators."""

from dataclasses import dataclass
from datetime import date

DRAFT, DIAJUKAN, REVISI, DISETUJUI = "draft", "diajukan", "revisi", "disetujui"
PEGAWAI, PENILAI = "pegawai", "penilai"

# (from, to) → who may do it. Anything not listed is refused.
TRANSISI = {
    (DRAFT, DIAJUKAN): PEGAWAI,  # ajukan
    (REVISI, DIAJUKAN): PEGAWAI,  # ajukan ulang setelah revisi
    (DIAJUKAN, DISETUJUI): PENILAI,  # persetujuan
    (DIAJUKAN, REVISI): PENILAI,  # kembalikan dengan catatan
    (DIAJUKAN, DRAFT): PEGAWAI,  # tarik kembali sebelum diputuskan (mis. atasan berganti)
    (DISETUJUI, DRAFT): PEGAWAI,  # perubahan SKP (penugasan baru); versi lama disimpan
}
DAPAT_DIUBAH_PEGAWAI = {DRAFT, REVISI}


class TransisiDitolak(ValueError):
    pass


def periksa_transisi(dari: str, ke: str, oleh: str) -> None:
    """Raise TransisiDitolak (Indonesian message) unless `oleh` may move dari → ke."""
    berhak = TRANSISI.get((dari, ke))
    if berhak is None:
        raise TransisiDitolak(f"SKP berstatus {dari} tidak dapat diubah menjadi {ke}.")
    if berhak != oleh:
        siapa = "pegawai pemilik SKP" if berhak == PEGAWAI else "pejabat penilai"
        raise TransisiDitolak(f"Hanya {siapa} yang dapat mengubah SKP {dari} menjadi {ke}.")


@dataclass(frozen=True)
class Periode:
    mulai: date
    selesai: date

    def beririsan(self, lain: "Periode") -> bool:
        return self.mulai <= lain.selesai and lain.mulai <= self.selesai


def periode_bawaan(tahun: int, *, mulai_kerja: date | None) -> Periode:
    """1 Jan – 31 Dec, or from TMT (new CPNS) / SPMT (PPPK) when that falls in the year."""
    mulai = date(tahun, 1, 1)
    if mulai_kerja and mulai_kerja.year == tahun and mulai_kerja > mulai:
        mulai = mulai_kerja
    return Periode(mulai, date(tahun, 12, 31))


def periksa_periode(
    periode: Periode, *, tahun: int, mulai_kerja: date | None, periode_lain: list[Periode]
) -> dict[str, str]:
    """Errors per field ({} when valid), in Indonesian."""
    galat = {}
    if periode.selesai < periode.mulai:
        galat["selesai"] = "Akhir periode SKP tidak boleh sebelum awal periode."
    if periode.mulai.year != tahun or periode.selesai.year != tahun:
        galat.setdefault(
            "mulai", f"Periode SKP harus di dalam tahun {tahun} (1 Januari – 31 Desember)."
        )
    if mulai_kerja and periode.mulai < mulai_kerja:
        galat["mulai"] = f"Periode SKP tidak boleh dimulai sebelum TMT/SPMT {mulai_kerja:%d-%m-%Y}."
    for lain in periode_lain:
        if periode.beririsan(lain):
            galat["mulai"] = (
                f"Periode beririsan dengan SKP lain Anda ({lain.mulai:%d-%m-%Y} "
                f"s.d. {lain.selesai:%d-%m-%Y}). Ubah akhir SKP lama dulu "
                "(mutasi) atau pilih tanggal lain."
            )
            break
    return galat


BERAKHLAK = [
    (
        "berorientasi_pelayanan",
        "Berorientasi Pelayanan",
        [
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ],
    ),
    (
        "akuntabel",
        "Akuntabel",
        [
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan "
            "berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan "
            "efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ],
    ),
    (
        "kompeten",
        "Kompeten",
        [
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ],
    ),
    (
        "harmonis",
        "Harmonis",
        [
            "Menghargai setiap orang apa pun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ],
    ),
    (
        "loyal",
        "Loyal",
        [
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
            "Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ],
    ),
    (
        "adaptif",
        "Adaptif",
        [
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ],
    ),
    (
        "kolaboratif",
        "Kolaboratif",
        [
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ],
    ),
]
NAMA_BERAKHLAK = {kode: nama for kode, nama, _ in BERAKHLAK}
INDIKATOR_BERAKHLAK = {kode: indikator for kode, _, indikator in BERAKHLAK}


def format_target(minimum, maksimum, satuan: str) -> str:
    """'12 Laporan', '90 %', '80 – 90 %': numbers without trailing zeros."""

    def angka(x):
        teks = f"{x:f}".rstrip("0").rstrip(".") if "." in f"{x:f}" else f"{x:f}"
        return teks.replace(".", ",")

    nilai = angka(minimum) if maksimum is None else f"{angka(minimum)} – {angka(maksimum)}"
    return f"{nilai} {satuan}".strip()
