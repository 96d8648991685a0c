"""Excel exports of the organisation: units and pegawai as the admin manages them, with
the SI-ASN ids so a file can be compared with SI-ASN."""

from inti.ekspor import respons_xlsx
from inti.format import format_tanggal

LABEL_KOREKSI = {"unit_kerja": "unit kerja", "jabatan": "jabatan", "pangkat_golongan": "golongan"}


def _ya(nilai) -> str:
    return "Ya" if nilai else "Tidak"


def ekspor_unit(units, *, hari_ini):
    """`units` with parent, opd and pimpinan selected (one query); `hari_ini` in the
    instansi's zone."""
    return respons_xlsx(
        nama_berkas=f"unit-kerja-{hari_ini:%Y%m%d}.xlsx",
        judul_lembar="Unit kerja",
        judul=f"Unit kerja per {format_tanggal(hari_ini)}",
        kolom=[
            "ID unit",
            "Nama unit",
            "Eselon",
            "ID unit atasan",
            "Unit atasan",
            "OPD",
            "OPD mandiri",
            "Hari kerja",
            "NIP pimpinan",
            "Pimpinan",
            "Status pimpinan",
            "Aktif",
        ],  # fmt: skip
        baris=(
            [
                u.id_eksternal,
                u.nama,
                u.get_eselon_display(),
                u.parent.id_eksternal if u.parent_id else "",
                u.parent.nama if u.parent_id else "",
                u.opd.nama if u.opd_id else "",
                _ya(u.adalah_opd),
                u.hari_kerja_efektif,
                u.pimpinan.nip if u.pimpinan_id else "",
                u.pimpinan.nama_lengkap if u.pimpinan_id else "",
                u.get_status_pimpinan_display(),
                _ya(u.aktif),
            ]
            for u in units.iterator(chunk_size=2000)
        ),
    )


def ekspor_pegawai(daftar, *, hari_ini):
    """`daftar` with unit_kerja__opd selected (one query); `hari_ini` in the instansi's
    zone."""
    return respons_xlsx(
        nama_berkas=f"pegawai-{hari_ini:%Y%m%d}.xlsx",
        judul_lembar="Pegawai",
        judul=f"Pegawai per {format_tanggal(hari_ini)}",
        kolom=[
            "NIP",
            "Nama",
            "Gelar depan",
            "Gelar belakang",
            "Tanggal lahir",
            "Jenis kelamin",
            "Jenis ASN",
            "Golongan",
            "Jabatan",
            "Jenis jabatan",
            "Jenjang",
            "Kelas jabatan",
            "ID unit",
            "Unit kerja",
            "OPD",
            "TMT CPNS",
            "TMT PNS",
            "Tanggal SPMT",
            "TMT jabatan",
            "Email",
            "Status",
            "Peran",
            "Dikoreksi di e-Kinerja",
        ],  # fmt: skip
        baris=(
            [
                p.nip,
                p.nama,
                p.gelar_depan,
                p.gelar_belakang,
                p.tanggal_lahir,
                p.get_jenis_kelamin_display(),
                p.jenis_asn,
                p.pangkat_golongan,
                p.jabatan,
                p.get_jenis_jabatan_display(),
                p.get_jenjang_display(),
                p.kelas_jabatan,
                p.unit_kerja.id_eksternal if p.unit_kerja_id else "",
                p.unit_kerja.nama if p.unit_kerja_id else "",
                p.unit_kerja.opd.nama if p.unit_kerja_id and p.unit_kerja.opd_id else "",
                p.tmt_cpns,
                p.tmt_pns,
                p.tanggal_spmt,
                p.tmt_jabatan,
                p.email,
                p.get_status_display(),
                p.get_peran_display(),
                ", ".join(LABEL_KOREKSI.get(f, f) for f in sorted(p.koreksi_lokal)),
            ]
            for p in daftar.iterator(chunk_size=2000)
        ),
    )
