"""Who someone is to a ticket, and so what they may do with it: decided here, once, for
the services (which refuse with the reason) and the detail page (which shows only the
buttons the service would accept). No query: the ticket and the user carry all it needs."""

from bantuan import rules


def peran_tiket(user, tiket) -> str:
    """PEMILIK (who asked, whatever else they are), ADMIN_OPD (an admin OPD of the
    ticket's OPD), BKD (an admin BKD of its instansi) or "" (nobody to it)."""
    if user.instansi_id is None or user.instansi_id != tiket.instansi_id:
        return ""
    if user.pk == tiket.pegawai_id:
        return rules.PEMILIK
    if user.adalah_admin_bkd:
        return rules.BKD
    if user.adalah_admin_opd and tiket.opd_id and user.admin_opd_id == tiket.opd_id:
        return rules.ADMIN_OPD
    return ""


def aksi_boleh(user, tiket) -> dict[str, bool]:
    """The actions the detail page offers `user`."""
    peran = peran_tiket(user, tiket)
    return {
        "peran": peran,
        "penangan": peran in rules.PENANGAN,
        "balas": not rules.alasan_balas(peran, tiket.status),
        "teruskan": not rules.alasan_teruskan(peran, tiket.status, tiket.tingkat),
        "selesai": not rules.alasan_selesai(peran, tiket.status),
        "buka_kembali": not rules.alasan_buka_kembali(peran, tiket.status),
    }
