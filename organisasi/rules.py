"""Pure rules of the organisation domain (no Django imports)."""

from dataclasses import dataclass
from datetime import date, datetime

PPPK_KODE_BULAN = "21"
_PATH_STEP = 4
_PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class NipTerurai:
    tanggal_lahir: date
    tmt_tahun: int
    tmt_bulan: int | None  # None for a PPPK number, which carries "21" instead of a month
    jenis_kelamin: int  # 1 = laki-laki, 2 = perempuan
    nomor_urut: str


def urai_nip(nip: str, *, pppk: bool = False) -> NipTerurai:
    """Check the format of an 18-digit NIP and return its parts.

    PNS: tanggal lahir YYYYMMDD + TMT CPNS YYYYMM + jenis kelamin (1/2) + nomor urut (3).
    PPPK numbers put the code 21 where a PNS number has the TMT month. Only the format
    is checked, never whether the number exists. Raises ValueError with an Indonesian
    message.
    """
    nip = (nip or "").strip()
    # isascii: str.isdigit() also accepts other scripts' digits (e.g. "１", "٣").
    if not (nip.isascii() and nip.isdigit()) or len(nip) != 18:
        raise ValueError("NIP harus terdiri dari 18 angka tanpa spasi atau tanda baca.")
    try:
        lahir = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValueError("8 angka pertama NIP bukan tanggal lahir yang sah (YYYYMMDD).") from None
    if lahir.year < 1900:
        raise ValueError("Tahun lahir pada NIP tidak masuk akal.")
    tmt_tahun, kode_bulan = int(nip[8:12]), nip[12:14]
    if pppk and kode_bulan == PPPK_KODE_BULAN:
        tmt_bulan = None
    elif 1 <= int(kode_bulan) <= 12:
        tmt_bulan = int(kode_bulan)
    else:
        raise ValueError("Angka ke-13 dan ke-14 NIP harus bulan TMT (01–12).")
    if tmt_tahun <= lahir.year:
        raise ValueError("Tahun TMT pada NIP (angka ke-9 s.d. 12) harus setelah tahun lahir.")
    if nip[14] not in "12":
        raise ValueError("Angka ke-15 NIP adalah jenis kelamin: 1 atau 2.")
    return NipTerurai(lahir, tmt_tahun, tmt_bulan, int(nip[14]), nip[15:])


def galat_nip(nip: str, *, pppk: bool, tanggal_lahir: date | None) -> dict[str, str]:
    """field → Indonesian message for a NIP that is malformed or does not carry the birth
    date given; empty when they agree. One check for the profile forms and the import."""
    try:
        terurai = urai_nip(nip, pppk=pppk)
    except ValueError as e:
        return {"nip": str(e)}
    if tanggal_lahir and tanggal_lahir != terurai.tanggal_lahir:
        return {"tanggal_lahir": "Tanggal lahir tidak sesuai dengan 8 angka pertama NIP."}
    return {}


def path_segmen(nomor: int) -> str:
    """The path step of the n-th child (1-based): four base-36 characters."""
    if not 1 <= nomor < 36**_PATH_STEP:
        raise ValueError("Terlalu banyak sub-unit pada satu unit kerja.")
    hasil = ""
    for _ in range(_PATH_STEP):
        nomor, sisa = divmod(nomor, 36)
        hasil = _PATH_ALPHABET[sisa] + hasil
    return hasil


def path_nomor(segmen: str) -> int:
    return int(segmen, 36)


def path_leluhur(path: str) -> list[str]:
    """Paths of every proper ancestor, root first."""
    return [path[:i] for i in range(_PATH_STEP, len(path), _PATH_STEP)]


def pimpinan_terdekat_di_atas(paths_dipimpin) -> dict[str, str | None]:
    """For each led unit (by path), the path of the nearest led ancestor, or None.

    The tree of pejabat penilai in one pass: a pimpinan is rated by the pimpinan of the
    nearest ancestor unit that has one (DOMAIN: Atasan).
    """
    dipimpin = set(paths_dipimpin)
    hasil = {}
    for path in dipimpin:
        leluhur_dipimpin = [p for p in path_leluhur(path) if p in dipimpin]
        hasil[path] = leluhur_dipimpin[-1] if leluhur_dipimpin else None
    return hasil


PATH_STEP = _PATH_STEP


# Reading SI-ASN export cells. Every reader takes what a cell holds (str, int, float, date,
# datetime or None) and returns our value, or raises ValueError with an Indonesian message
# that the dry run shows beside the row number.

_FORMAT_TANGGAL = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")
TAHUN_TERKECIL = 1940


def teks_sel(nilai) -> str:
    """A cell as text: None → "", whole floats without ".0", inner whitespace collapsed."""
    if nilai is None:
        return ""
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    return " ".join(str(nilai).split())


def baca_nip(nilai) -> str:
    # Excel keeps numbers as doubles: an 18-digit NIP typed as a number has already lost
    # its last digits, so it cannot be trusted even when it looks complete.
    if isinstance(nilai, float) or (isinstance(nilai, int) and len(str(nilai)) > 15):
        raise ValueError(
            "NIP tersimpan sebagai angka di Excel sehingga angka terakhirnya hilang; "
            "format kolom NIP sebagai teks lalu ekspor ulang."
        )
    return teks_sel(nilai).lstrip("'").replace(" ", "")


def baca_tanggal(nilai, *, hari_ini: date, batas_atas: date | None = None) -> date | None:
    """A date cell. Not before 1940 nor after `batas_atas` (today unless given: an SPMT or
    a TMT jabatan may lie ahead, a birth date may not)."""
    if nilai is None or (isinstance(nilai, str) and not nilai.strip()):
        return None
    if hasattr(nilai, "date") and callable(nilai.date):  # datetime
        tanggal = nilai.date()
    elif isinstance(nilai, date):
        tanggal = nilai
    else:
        teks = teks_sel(nilai).split(" ")[0]
        for pola in _FORMAT_TANGGAL:
            try:
                tanggal = datetime.strptime(teks, pola).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"“{teks_sel(nilai)}” bukan tanggal (pakai DD-MM-YYYY).")
    if not TAHUN_TERKECIL <= tanggal.year or tanggal > (batas_atas or hari_ini):
        # As typed in the admin's spreadsheet (day-month-year), so they find the cell.
        raise ValueError(f"Tanggal {tanggal:%d-%m-%Y} di luar rentang yang wajar.")
    return tanggal


def baca_jenis_kelamin(nilai) -> str:
    teks = teks_sel(nilai).upper()
    if not teks:
        return ""
    if teks in ("L", "M", "1", "PRIA") or teks.startswith("LAKI"):
        return "L"
    if teks in ("P", "F", "W", "2", "WANITA") or teks.startswith("PEREMPUAN"):
        return "P"
    raise ValueError(f"Jenis kelamin “{teks_sel(nilai)}” tidak dikenal (L atau P).")


def baca_jenis_asn(nilai) -> str:
    teks = teks_sel(nilai).upper()
    if "PPPK" in teks or "P3K" in teks or "PERJANJIAN" in teks:
        return "PPPK"
    if not teks or "PNS" in teks or teks in ("C", "P"):
        return "PNS"
    raise ValueError(f"Jenis pegawai “{teks_sel(nilai)}” tidak dikenal (PNS atau PPPK).")


_ROMAWI_PNS = ("IV", "III", "II", "I")
_GOLONGAN_PPPK = ("XVII", "XVI", "XV", "XIV", "XIII", "XII", "XI", "X", "IX", "VIII", "VII",
                  "VI", "V", "IV", "III", "II", "I")  # fmt: skip


def baca_golongan(nilai, *, pilihan) -> str:
    """ "III/a", "III/A", "IIIa", "Penata Muda (III/a)", "III / a" → "III/a"; PPPK "IX"."""
    teks = teks_sel(nilai)
    if not teks:
        return ""
    if "(" in teks and ")" in teks:
        teks = teks[teks.rindex("(") + 1 : teks.rindex(")")]
    ringkas = teks.replace(" ", "").replace("/", "").replace("-", "")
    for romawi in _ROMAWI_PNS:
        sisa = ringkas[len(romawi) :]
        if ringkas.upper().startswith(romawi) and len(sisa) == 1 and sisa.isalpha():
            kode = f"{romawi}/{sisa.lower()}"
            if kode in pilihan:
                return kode
    if ringkas.upper() in pilihan:
        return ringkas.upper()
    raise ValueError(f"Golongan “{teks_sel(nilai)}” tidak dikenal (mis. III/a atau IX).")


def baca_jenis_jabatan(nilai) -> str:
    teks = teks_sel(nilai).lower()
    if not teks:
        return ""
    for kata, kode in (
        ("pimpinan tinggi", "jpt"),
        ("jpt", "jpt"),
        ("administrator", "administrator"),
        ("pengawas", "pengawas"),
        ("fungsional umum", "pelaksana"),
        ("pelaksana", "pelaksana"),
        ("fungsional", "fungsional"),
    ):
        if kata in teks:
            return kode
    if "struktural" in teks:
        raise ValueError("“Struktural” saja tidak cukup: tulis JPT, Administrator atau Pengawas.")
    raise ValueError(f"Jenis jabatan “{teks_sel(nilai)}” tidak dikenal.")


_JENJANG = (
    ("ahli utama", "ahli_utama"),
    ("ahli madya", "ahli_madya"),
    ("ahli muda", "ahli_muda"),
    ("ahli pertama", "ahli_pertama"),
    ("penyelia", "penyelia"),
    ("mahir", "mahir"),
    ("terampil", "terampil"),
    ("pemula", "pemula"),
)


def jenjang_dari_teks(teks) -> str:
    """The jenjang named in a jabatan title ("Analis SDM Aparatur Ahli Muda"), or ""."""
    teks = teks_sel(teks).lower().replace("_", " ")
    return next((kode for kata, kode in _JENJANG if kata in teks), "")


_ESELON = {
    "I.A": "11", "I.B": "12", "II.A": "21", "II.B": "22", "III.A": "31", "III.B": "32",
    "IV.A": "41", "IV.B": "42", "V.A": "51",
}  # fmt: skip


def baca_eselon(nilai, *, pilihan) -> str:
    """SI-ASN gives an eselon id ("21") or a name ("II.a", "IIa", "Non Eselon")."""
    teks = teks_sel(nilai).upper().replace(" ", "")
    if not teks or teks.startswith("NON") or teks == "-":
        return "99"
    if teks in pilihan:
        return teks
    if "." not in teks and len(teks) >= 2 and teks[-1] in "AB":
        teks = f"{teks[:-1]}.{teks[-1]}"
    if teks in _ESELON:
        return _ESELON[teks]
    raise ValueError(f"Eselon “{teks_sel(nilai)}” tidak dikenal (mis. 21 atau II.a).")


def baca_ya_tidak(nilai) -> bool:
    teks = teks_sel(nilai).upper()
    if teks in ("1", "YA", "Y", "TRUE", "BENAR"):
        return True
    if teks in ("", "0", "TIDAK", "T", "N", "FALSE", "SALAH"):
        return False
    raise ValueError(f"“{teks_sel(nilai)}” harus Ya atau Tidak.")


def kunci_kolom(judul) -> str:
    """Header names compared loosely: "NIP BARU", "nip_baru" and " Nip-Baru " match."""
    return "".join(ch for ch in teks_sel(judul).upper() if ch.isalnum())
