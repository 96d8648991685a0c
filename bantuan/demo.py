"""Demo helpdesk for the demo instansi (the `demo` command): the default FAQ, a contact, and
two permintaan bantuan as they come in practice, one answered by the admin OPD and one
escalated to BKD. Through the services, as a person would make them. Idempotent: the FAQ
is filled only when empty, the contact set only when missing, each ticket made once."""

from bantuan import services
from bantuan.models import KontakBantuan, Tiket
from inti.tenancy import tenant_scope
from organisasi.models import Pegawai

KONTAK_DEMO = {
    "telepon": "0812-3456-7890",
    "surel": "ekinerja@bkpsdm.contoh.go.id",
    "jam_layanan": "Senin–Jumat 08.00–15.30 WITA",
    "keterangan": "Layanan e-Kinerja BKPSDM (contoh data demo).",
}


def _tiket_sekali(pegawai, *, judul, **data):
    ada = Tiket.objects.filter(pegawai=pegawai, judul=judul).first()
    if ada is not None:
        return ada, False
    return services.tiket_buat(pegawai=pegawai, judul=judul, **data), True


def muat_bantuan_demo(instansi, *, nip_salah_unit: str, nip_pppk: str) -> int:
    """Returns how many tickets were made now (0 on a second run)."""
    with tenant_scope(instansi.pk):
        bkd = Pegawai.objects.filter(peran=Pegawai.Peran.ADMIN_BKD, is_active=True).first()
        if bkd is None:
            return 0
        services.faq_isi_bawaan(instansi=instansi, by=bkd)
        if not KontakBantuan.objects.filter(instansi=instansi).exists():
            services.kontak_simpan(instansi=instansi, by=bkd, **KONTAK_DEMO)

        dibuat = 0
        salah_unit = Pegawai.objects.filter(nip=nip_salah_unit).first()
        if salah_unit is not None:
            # The commonest ticket (DOMAIN): the whole Badan chosen as unit kerja.
            tiket, baru = _tiket_sekali(
                salah_unit,
                judul="Nama saya tidak muncul di daftar penilaian Kabid PKAP",
                kategori=Tiket.Kategori.ATASAN,
                uraian="Saya staf Bidang Penilaian Kinerja Aparatur dan Promosi, tetapi nama "
                "saya tidak ada di daftar penilaian bawahan kepala bidang.",
                dari="/penilaian/",
            )
            if baru:
                dibuat += 1
                admin = _admin_opd(tiket)
                if admin is not None:
                    services.tiket_balas(
                        tiket=tiket,
                        by=admin,
                        isi="Unit kerja di profil Anda masih seluruh BKPSDM. Buka Profil > "
                        "Edit Profil, pilih BIDANG PENILAIAN KINERJA APARATUR DAN PROMOSI, "
                        "lalu kabari kami bila nama Anda sudah muncul.",
                    )
        pppk = Pegawai.objects.filter(nip=nip_pppk).first()
        if pppk is not None:
            tiket, baru = _tiket_sekali(
                pppk,
                judul="Tanggal mulai SKP saya sebagai PPPK",
                kategori=Tiket.Kategori.SKP,
                uraian="SPMT saya 1 Maret 2024. Apakah SKP saya dimulai 1 Januari atau 1 Maret? "
                "Tanggal SPMT di profil saya tampaknya belum benar.",
                dari="/skp/buat/",
            )
            if baru:
                dibuat += 1
                admin = _admin_opd(tiket)
                if admin is not None:
                    services.tiket_teruskan(
                        tiket=tiket,
                        by=admin,
                        catatan="Periode SKP PPPK mulai tanggal SPMT. Tanggal SPMT di data "
                        "pegawai perlu dicocokkan dengan SI-ASN oleh BKD.",
                    )
        return dibuat


def _admin_opd(tiket):
    if tiket.tingkat != Tiket.Tingkat.OPD:
        return None
    return Pegawai.objects.filter(
        peran=Pegawai.Peran.ADMIN_OPD, admin_opd_id=tiket.opd_id, is_active=True
    ).first()
