"""Pure rules of the SKP (no Django imports): status machine, periode SKP dates,
BerAKHLAK standard indicators."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from inti.format import format_tanggal
from inti.status import MesinStatus
from organisasi.rules import kunci_kolom, teks_sel

DRAFT, DIAJUKAN, REVISI, DISETUJUI = "draft", "diajukan", "revisi", "disetujui"
PEGAWAI, PENILAI = "pegawai", "penilai"

LABEL_STATUS = {DRAFT: "Draft", DIAJUKAN: "Diajukan", REVISI: "Revisi", DISETUJUI: "Disetujui"}

# (from, to) → who may do it. Anything not listed is refused.
TRANSISI = {
    (DRAFT, DIAJUKAN): {PEGAWAI},  # ajukan
    (REVISI, DIAJUKAN): {PEGAWAI},  # ajukan ulang setelah revisi
    (DIAJUKAN, DISETUJUI): {PENILAI},  # persetujuan
    (DIAJUKAN, REVISI): {PENILAI},  # kembalikan dengan catatan
    (DIAJUKAN, DRAFT): {PEGAWAI},  # tarik kembali sebelum diputuskan (mis. atasan berganti)
    (DISETUJUI, DRAFT): {PEGAWAI},  # perubahan SKP (penugasan baru); versi lama disimpan
}
MESIN_SKP = MesinStatus(
    nama="SKP",
    awalan_aksi="skp",
    transisi=TRANSISI,
    label_status=LABEL_STATUS,
    label_peran={PEGAWAI: "pegawai pemilik SKP", PENILAI: "pejabat penilai"},
)
DAPAT_DIUBAH_PEGAWAI = {DRAFT, REVISI}


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
        galat["mulai"] = (
            f"Periode SKP tidak boleh dimulai sebelum TMT/SPMT {format_tanggal(mulai_kerja)}."
        )
    for lain in periode_lain:
        if periode.beririsan(lain):
            galat["mulai"] = (
                f"Periode beririsan dengan SKP lain Anda ({format_tanggal(lain.mulai)} "
                f"s.d. {format_tanggal(lain.selesai)}). Ubah akhir SKP lama dulu "
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


def format_target(minimum, maksimum, satuan: str, deskripsi: str = "") -> str:
    """'12 Laporan', '90 %', '80 – 90 %': numbers without trailing zeros. A descriptive
    target (pendekatan kualitatif) is shown as written: it has no number to format."""
    if deskripsi:
        return deskripsi

    def angka(x):
        teks = f"{x:f}".rstrip("0").rstrip(".") if "." in f"{x:f}" else f"{x:f}"
        return teks.replace(".", ",")

    nilai = angka(minimum) if maksimum is None else f"{angka(minimum)} – {angka(maksimum)}"
    return f"{nilai} {satuan}".strip()


def galat_target(*, kualitatif: bool, target_min, target_maks, satuan, target_deskripsi) -> dict:
    """Errors (field → Indonesian message) of an indikator's target for the SKP's
    pendekatan. Kuantitatif: a number (or range) and satuan, no description. Kualitatif
    (PermenPANRB 6/2022): a description of the expected result, without numbers, so no
    capaian percentage can be computed from it."""
    satuan, target_deskripsi = (satuan or "").strip(), (target_deskripsi or "").strip()
    galat = {}
    if kualitatif:
        if not target_deskripsi:
            galat["target_deskripsi"] = (
                "SKP berpendekatan kualitatif: tuliskan target sebagai uraian hasil yang "
                'diharapkan, mis. "Laporan diterima pimpinan tanpa revisi".'
            )
        for nama, nilai in (("target_min", target_min), ("target_maks", target_maks)):
            if nilai is not None:
                galat[nama] = "SKP berpendekatan kualitatif tidak memakai target angka."
        if satuan:
            galat["satuan"] = "SKP berpendekatan kualitatif tidak memakai satuan."
        return galat
    if target_deskripsi:
        galat["target_deskripsi"] = (
            "Target deskriptif hanya untuk SKP berpendekatan kualitatif; isi target angka."
        )
    if target_min is None:
        galat["target_min"] = "Target wajib diisi."
    if not satuan:
        galat["satuan"] = "Satuan wajib diisi, mis. Laporan, Dokumen, %."
    if target_maks is not None and target_min is not None and target_maks < target_min:
        galat["target_maks"] = "Target maksimum harus ≥ target minimum."
    return galat


# ---- SKP content from a BKN e-Kinerja Excel export (seed 002 shows its table) -------------


@dataclass
class IndikatorImpor:
    aspek: str
    uraian: str
    target_min: Decimal
    target_maks: Decimal | None
    satuan: str
    perspektif: str = ""


@dataclass
class RHKImpor:
    baris: int
    jenis: str  # "utama" | "tambahan"
    uraian: str
    intervensi: str  # the atasan's RHK as the export writes it
    indikator: list = field(default_factory=list)


@dataclass
class SKPImpor:
    nip: str
    rhk: list
    galat: list  # "Baris n: reason"


_ASPEK = (("kuan", "kuantitas"), ("kual", "kualitas"), ("wak", "waktu"), ("bia", "biaya"))
_PERSPEKTIF = (("penerima", "penerima_layanan"), ("proses", "proses_bisnis"),
               ("penguatan", "penguatan_internal"), ("anggaran", "anggaran"))  # fmt: skip


def _angka(teks: str) -> Decimal:
    teks = teks.replace(" ", "")
    if "," in teks and "." in teks:
        teks = teks.replace(".", "").replace(",", ".")  # 1.250,5 as Indonesians write it
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", teks):
        teks = teks.replace(".", "")  # 1.250 or 150.000.000: thousands, not decimals
    else:
        teks = teks.replace(",", ".")
    try:
        return Decimal(teks)
    except InvalidOperation:
        raise ValueError(teks) from None


def urai_target(teks, satuan_kolom="") -> tuple[Decimal, Decimal | None, str]:
    """ "12 Laporan" → (12, None, "Laporan"); "80 - 90 %" → (80, 90, "%"); a number in the
    cell with the unit in its own column. Raises ValueError with an Indonesian message."""
    asli = teks_sel(teks)
    bagian = asli.replace("–", "-").replace("—", "-")
    rupiah = bagian[:2].lower() == "rp"
    if rupiah:  # "Rp 150.000.000": the amount after the currency, in Rupiah
        bagian = bagian[2:].lstrip(" .")
    angka, sisa = "", bagian
    i = 0
    while i < len(bagian) and (bagian[i].isdigit() or bagian[i] in " .,-"):
        i += 1
    angka, sisa = bagian[:i].strip(" -"), bagian[i:].strip()
    satuan = teks_sel(satuan_kolom) or sisa or ("Rupiah" if rupiah else "")
    if not angka or not satuan:
        raise ValueError(f"Target “{asli}” harus berupa angka dan satuan, mis. “12 Laporan”.")
    try:
        if "-" in angka:
            bawah, atas = (_angka(x) for x in angka.split("-", 1))
            if atas < bawah:
                raise ValueError
            return bawah, atas, satuan[:40]
        return _angka(angka), None, satuan[:40]
    except ValueError:
        raise ValueError(f"Target “{asli}” bukan angka yang dapat dibaca.") from None


def urai_skp_bkn(baris_sel) -> SKPImpor:
    """Read the HASIL KERJA table of an SKP exported from BKN's e-Kinerja: the header row
    names the columns; "Utama"/"Tambahan" rows open a section; a row with a RHK starts it,
    following rows without one add indikator to it. The table ends at PERILAKU KERJA."""
    baris_sel = [list(b) for b in baris_sel]
    nip, kolom, hasil, galat = "", None, [], []
    jenis = "utama"
    for nomor, sel in enumerate(baris_sel, start=1):
        teks = [teks_sel(s) for s in sel]
        kunci = [kunci_kolom(s) for s in sel]
        if kolom is None:
            for i, k in enumerate(kunci):
                if k.startswith("NIP") and not nip:
                    sisa = teks[i][3:].strip(" :")
                    kandidat = sisa or next((t for t in teks[i + 1 :] if t.strip(" :")), "")
                    nip = kandidat.strip(" :").replace(" ", "").lstrip("'")
            if "RENCANAHASILKERJA" in kunci:
                kolom = _kolom_skp(kunci)
            continue
        isi = [t for t in teks if t]
        if not isi:
            continue
        if kunci[0].startswith("PERILAKU") or any(k == "PERILAKUKERJA" for k in kunci):
            break
        if len(isi) == 1 and kunci_kolom(isi[0]) in ("UTAMA", "TAMBAHAN", "HASILKERJAUTAMA",
                                                 "HASILKERJATAMBAHAN"):  # fmt: skip
            jenis = "tambahan" if "TAMBAHAN" in kunci_kolom(isi[0]) else "utama"
            continue
        nilai = {nama: teks[i] if i < len(teks) else "" for nama, i in kolom.items()}
        uraian_rhk = nilai.get("rhk", "")
        if uraian_rhk and (not hasil or nilai.get("no", "") or uraian_rhk != hasil[-1].uraian):
            hasil.append(RHKImpor(nomor, jenis, uraian_rhk, nilai.get("intervensi", "")))
        if not hasil:
            galat.append(f"Baris {nomor}: indikator tanpa rencana hasil kerja di atasnya.")
            continue
        uraian_indikator = nilai.get("indikator", "")
        if not uraian_indikator:
            continue
        teks_aspek = kunci_kolom(nilai.get("aspek", "")).lower()
        aspek = next((kode for awal, kode in _ASPEK if teks_aspek.startswith(awal)), "")
        if "aspek" not in kolom:
            aspek = "kuantitas"  # an export without the column: one kuantitas indikator
        if not aspek:
            galat.append(f"Baris {nomor}: aspek “{nilai.get('aspek', '')}” tidak dikenal "
                         "(Kuantitas, Kualitas, Waktu atau Biaya).")  # fmt: skip
            continue
        try:
            bawah, atas, satuan = urai_target(nilai.get("target", ""), nilai.get("satuan", ""))
        except ValueError as e:
            galat.append(f"Baris {nomor}: {e}")
            continue
        teks_perspektif = nilai.get("perspektif", "").lower()
        perspektif = next((k for awal, k in _PERSPEKTIF if teks_perspektif.startswith(awal)), "")
        hasil[-1].indikator.append(
            IndikatorImpor(aspek, uraian_indikator, bawah, atas, satuan, perspektif)
        )
    if kolom is None:
        galat.append(
            "Tabel HASIL KERJA tidak ditemukan: berkas harus memuat baris judul dengan kolom "
            "“RENCANA HASIL KERJA”."
        )
    for rhk in hasil:
        if not rhk.indikator:
            galat.append(f"Baris {rhk.baris}: RHK “{rhk.uraian[:60]}” tanpa indikator.")
    return SKPImpor(nip, hasil, galat)


def _kolom_skp(kunci) -> dict[str, int]:
    kolom = {}
    for i, k in enumerate(kunci):
        if k in ("NO", "NOMOR"):
            kolom.setdefault("no", i)
        elif "DIINTERVENSI" in k or "PIMPINAN" in k:
            kolom.setdefault("intervensi", i)
        elif k == "RENCANAHASILKERJA":
            kolom.setdefault("rhk", i)
        elif k == "ASPEK":
            kolom.setdefault("aspek", i)
        elif k.startswith("INDIKATOR"):
            kolom.setdefault("indikator", i)
        elif k.startswith("TARGET"):
            kolom.setdefault("target", i)
        elif k == "SATUAN":
            kolom.setdefault("satuan", i)
        elif k.startswith("PERSPEKTIF"):
            kolom.setdefault("perspektif", i)
    return kolom
