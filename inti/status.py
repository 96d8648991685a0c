"""Status machines in one style (SKP, periode penilaian, realisasi bulanan): which role
may move an object from one status to another, and the sentence when it may not.

Pure (no Django). `inti.models.transisi` applies an allowed move with a conditional
UPDATE and its audit entry.
"""

from dataclasses import dataclass


class TransisiDitolak(ValueError):
    pass


@dataclass(frozen=True)
class MesinStatus:
    nama: str  # the object as messages name it: "SKP", "Periode", "Realisasi bulanan"
    awalan_aksi: str  # audit entries are named <awalan>_<new status>, e.g. "skp_diajukan"
    transisi: dict  # (dari, ke) → frozenset of the roles that may make the move
    label_status: dict  # status → its label
    label_peran: dict  # role → who that is, e.g. "pejabat penilai"

    def alasan(self, dari: str, ke: str, peran: str) -> str:
        """Why `peran` may not move dari → ke, or "" when it may."""
        berhak = self.transisi.get((dari, ke))
        label_dari, label_ke = self.label_status[dari], self.label_status[ke]
        if berhak is None:
            return f"{self.nama} berstatus {label_dari} tidak dapat diubah menjadi {label_ke}."
        if peran not in berhak:
            siapa = " atau ".join(self.label_peran[p] for p in sorted(berhak))
            return f"Hanya {siapa} yang dapat mengubah {self.nama} {label_dari} menjadi {label_ke}."
        return ""

    def boleh(self, dari: str, ke: str, peran: str) -> bool:
        return not self.alasan(dari, ke, peran)

    def periksa(self, dari: str, ke: str, peran: str) -> None:
        if alasan := self.alasan(dari, ke, peran):
            raise TransisiDitolak(alasan)
