"""The default Pertanyaan umum an instansi starts with (bantuan.services.faq_isi_bawaan).

Drawn from what pegawai actually ask in the source documents (seeds 000–002: the FAQ of
the profile guide, the questions of the Buleleng sosialisasi) and checked against
DOMAIN.md and what this app does; BKD edits them for its own instansi afterwards. Written
for any instansi: where a rule is per instansi (rencana aksi on every RHK) it says so.
"""

FAQ_BAWAAN: tuple[tuple[str, str], ...] = (
    (
        "Mengapa nama saya tidak muncul di daftar atasan?",
        "Pejabat penilai Anda adalah pimpinan unit kerja yang Anda pilih di profil. Pilih "
        "unit kerja terkecil tempat Anda bertugas: staf seksi/subbagian dinilai kasi/kasubag, "
        "staf bidang dinilai kepala bidang. Penyebab yang paling sering:\n"
        "1. Unit kerja yang dipilih seluruh Dinas/Badan, bukan bidang atau seksinya. "
        "Perbaiki di Profil > Edit Profil.\n"
        "2. Pimpinan unit Anda belum melakukan Klaim Pimpinan Unit Kerja (di Struktur Unit "
        'Kerja pimpinannya tertulis "-"). Minta pimpinan mengklaim dari menu profilnya.\n'
        "3. SKP Anda tahun ini belum disetujui, atau Anda belum menambah periode penilaian.\n"
        "4. Realisasi periode itu belum Anda isi dan ajukan.\n"
        'Halaman "Mengapa saya tidak muncul di atasan?" di Profil memeriksa semua penyebab '
        "ini atas data Anda saat ini.",
    ),
    (
        "Triwulan IV atau periode lain tidak muncul saat Tambah Periode Penilaian",
        "Periode penilaian hanya dapat ditambahkan pada SKP yang sudah disetujui, dan hanya "
        "periode yang berada di dalam periode SKP. Triwulan IV baru ditawarkan bila periode "
        "SKP berakhir 31 Desember: periksa kembali tanggal akhir SKP Anda. Bila SKP berakhir "
        "lebih awal karena mutasi, Triwulan IV ditambahkan pada SKP jabatan yang baru. "
        "Periode yang sudah ditambahkan tidak ditawarkan lagi.",
    ),
    (
        "Kapan periode SKP dimulai untuk PPPK atau pegawai baru (SPMT/TMT)?",
        "Periode SKP biasanya 1 Januari s.d. 31 Desember. Bagi PPPK, periode awal SKP "
        "disesuaikan dengan tanggal SPMT; bagi CPNS baru, dengan TMT CPNS. Saat membuat SKP, "
        "kosongkan tanggal mulai agar aplikasi memakai tanggal tersebut dari data Anda. Bila "
        "tanggal SPMT/TMT di profil Anda keliru, perbaiki dulu di SI-ASN lalu minta admin "
        "OPD menyinkronkan data Anda.",
    ),
    (
        "Saya mutasi (jabatan atau unit kerja baru). Bagaimana SKP saya?",
        "Buka SKP Anda lalu pilih Mutasi dan isi TMT pada SK beserta unit kerja dan jabatan "
        "baru. SKP jabatan lama diakhiri menjelang TMT tersebut (isi dan penilaiannya tetap "
        "tersimpan), unit kerja dan jabatan di profil diganti, dan SKP baru dibuat mulai TMT. "
        "Susun RHK untuk jabatan baru lalu ajukan kembali ke pejabat penilai yang baru. Bukti "
        "dukung dan realisasi periode Final dihitung dari awal SKP jabatan terakhir.",
    ),
    (
        "Data profil apa saja yang dapat saya ubah sendiri?",
        "Di aplikasi ini Anda dapat mengubah unit kerja, jabatan dan golongan/pangkat. Data "
        "lainnya (nama, NIP, tanggal lahir, jenis ASN, status) berasal dari SI-ASN: perbaiki "
        "di SI-ASN, lalu data disinkronkan. Setelah sinkronisasi, periksa kembali unit kerja "
        "Anda agar tetap sesuai dengan atasan langsung yang menilai. Mengganti unit kerja "
        "mengembalikan jenis pegawai menjadi Pegawai: bila Anda pimpinan unit yang baru, "
        "lakukan Klaim Pimpinan Unit Kerja lagi.",
    ),
    (
        "Bagaimana cara Klaim Pimpinan Unit Kerja?",
        "Pegawai yang memimpin unit (kasi/kasubag, kabid, kadis/kaban, dan seterusnya) membuka "
        "Profil, tab Klaim Pimpinan, memilih status (definitif, Plt., Plh. atau Pj.) lalu "
        "menekan Klaim Pimpinan Unit Kerja. Setelah itu tombolnya berubah menjadi Lepas "
        "Pimpinan Unit Kerja. Bila unit sudah "
        "diklaim orang lain secara keliru, hubungi admin OPD.",
    ),
    (
        "Apakah rencana aksi wajib, dan bagaimana dengan periode Final?",
        "Untuk mengisi realisasi dan bukti dukung triwulan, tambahkan rencana aksi (tindakan "
        "untuk mencapai target) pada RHK yang dikerjakan di triwulan itu. Sebagian instansi "
        "mewajibkan rencana aksi pada setiap RHK; bila demikian, realisasi baru dapat "
        "diajukan setelah semua RHK memilikinya. Target dan satuan rencana aksi boleh berbeda "
        'dari target tahunan (mis. tahunan "Nilai AKIP", Triwulan I "1 Laporan"). Periode '
        "Final tidak memakai rencana aksi: cukup isi realisasi dan bukti dukung selama satu "
        "tahun.",
    ),
    (
        "Siapa yang tidak perlu membuat SKP?",
        "Pegawai yang diangkat menjadi pejabat negara atau pimpinan/anggota lembaga "
        "nonstruktural, diberhentikan sementara, menjalani cuti di luar tanggungan negara "
        "(CLTN), atau mengambil masa persiapan pensiun (MPP), selama masa tersebut. Admin OPD "
        "mencatat masa itu di data pegawai, sehingga pegawai tersebut tidak ditagih SKP.",
    ),
    (
        "Bagaimana SKP untuk PNS yang diperbantukan?",
        "SKP PNS yang diperbantukan disesuaikan dengan tugas di tempat PNS tersebut diperbantukan.",
    ),
    (
        'Mengapa predikat Sangat Baik saya berstatus "menunggu review"?',
        "Tim Penilai Kinerja (BKD) meninjau ulang setiap predikat Sangat Baik. Sampai "
        "disetujui, penilaiannya berstatus menunggu review; bila dikembalikan, pejabat "
        "penilai memperbaiki penilaiannya dengan catatan dari tim.",
    ),
    (
        "Tanggal dan lokasi apa yang dipakai saat mencetak dokumen penilaian?",
        "Aplikasi mengisi tanggal hari kerja terakhir periode sesuai hari kerja OPD Anda dan "
        "hari libur instansi (contoh Triwulan I 2024: 28 Maret untuk OPD 5 hari kerja, 30 "
        "Maret untuk OPD 6 hari kerja), dan lokasi bawaan instansi. Keduanya dapat diubah "
        "sebelum mencetak.",
    ),
    (
        "Ke mana saya melapor bila ada kendala di aplikasi?",
        "Ajukan permintaan bantuan dari tautan Bantuan di setiap halaman. Permintaan Anda "
        "diterima admin OPD (pengelola kepegawaian OPD Anda) beserta data yang diperlukan "
        "untuk memeriksanya; bila perlu, admin OPD meneruskannya ke BKD. Jawaban dan "
        "perkembangannya dapat Anda ikuti di Bantuan saya.",
    ),
)
