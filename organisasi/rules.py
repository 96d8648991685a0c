"""Pure rules of the organisation domain (no Django imports)."""

from dataclasses import dataclass
from datetime import date

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
