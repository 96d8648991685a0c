"""Every write of the helpdesk. Keyword-only, atomic, checked against who asks
(bantuan.izin), audited (inti.models.catat_jejak), and told to the other side with
organisasi.services.notifikasi_kirim in the same transaction (its e-mail goes after the
commit). A ticket's status moves with its row locked, so a reply and a close at the same
moment do not overwrite each other."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from bantuan import izin, rules, selectors
from bantuan.bawaan import FAQ_BAWAAN
from bantuan.models import Balasan, KontakBantuan, PertanyaanUmum, Tiket
from inti.masukan import teks_bersih
from inti.models import catat_jejak
from organisasi.models import Instansi, Notifikasi
from organisasi.services import notifikasi_kirim

PANJANG_CUPLIKAN = 300


def _cuplikan(teks: str) -> str:
    """The start of a reply, for the notification and its e-mail."""
    teks = " ".join(teks.split())
    return teks if len(teks) <= PANJANG_CUPLIKAN else teks[: PANJANG_CUPLIKAN - 1] + "…"


def _tautan(tiket) -> str:
    return reverse("bantuan_detail", args=[tiket.pk])


def _kabari(tiket, *, penerima, judul, isi, peristiwa):
    notifikasi_kirim(
        penerima=penerima,
        jenis=Notifikasi.Jenis.BANTUAN,
        judul=judul,
        isi=isi,
        tautan=_tautan(tiket),
        kunci=f"bantuan:{tiket.pk}:{peristiwa}",
    )


def _kunci(tiket) -> Tiket:
    """The ticket re-read with its row locked until the transaction ends: the checks and
    the move see the status as it is now, not as the page showed it."""
    return Tiket.objects.select_for_update(of=("self",)).get(pk=tiket.pk)


def _tolak(alasan: str) -> None:
    """A rules.alasan_* answer as a refusal ("" lets it through)."""
    if alasan:
        raise ValidationError(alasan)


def _isi_wajib(teks, *, field: str, pesan: str) -> str:
    teks = teks_bersih(teks, field=field)
    if not teks:
        raise ValidationError({field: pesan})
    return teks


# ---- tickets -----------------------------------------------------------------------------


@transaction.atomic
def tiket_buat(*, pegawai, judul, kategori, uraian, dari="") -> Tiket:
    """A pegawai asks for help. It goes to the admin OPD of their OPD, or to BKD when that
    OPD has no admin (or they have no OPD); the snapshot of their situation goes with it."""
    if pegawai.instansi_id is None:
        raise ValidationError("Permintaan bantuan diajukan oleh pegawai sebuah instansi.")
    galat = {}
    judul = teks_bersih(judul, field="judul")
    uraian = teks_bersih(uraian, field="uraian")
    if not judul:
        galat["judul"] = "Tuliskan judul singkat masalah Anda."
    elif len(judul) > Tiket._meta.get_field("judul").max_length:
        galat["judul"] = "Judul paling panjang 150 karakter; rinciannya tulis di uraian."
    if kategori not in Tiket.Kategori.values:
        galat["kategori"] = "Pilih kategori masalah."
    if not uraian:
        galat["uraian"] = "Ceritakan masalahnya: apa yang Anda lakukan dan apa yang muncul."
    if galat:
        raise ValidationError(galat)

    konteks = selectors.konteks_tiket(pegawai, dari=dari)
    opd_id = konteks["opd"]["id"] if konteks["opd"] else None
    ada_admin_opd = (
        opd_id is not None and selectors.admin_opd_dari(opd_id).exclude(pk=pegawai.pk).exists()
    )
    tiket = Tiket.objects.create(
        instansi_id=pegawai.instansi_id,
        pegawai=pegawai,
        opd_id=opd_id,
        judul=judul,
        kategori=kategori,
        uraian=uraian,
        tingkat=rules.TINGKAT_OPD if ada_admin_opd else rules.TINGKAT_BKD,
        konteks=konteks,
    )
    catat_jejak(
        instansi_id=tiket.instansi_id,
        oleh=pegawai,
        aksi="tiket_buat",
        objek=tiket,
        ke={"status": tiket.status, "tingkat": tiket.tingkat, "kategori": kategori},
    )
    _kabari(
        tiket,
        penerima=selectors.penangan_tiket(tiket, kecuali=pegawai),
        judul=f"Permintaan bantuan baru: {judul}",
        isi=f"{pegawai.nama_lengkap} ({tiket.get_kategori_display()}): {_cuplikan(uraian)}",
        peristiwa="baru",
    )
    return tiket


@transaction.atomic
def tiket_balas(*, tiket, by, isi, lanjut=rules.MENUNGGU_PEGAWAI) -> Balasan:
    """A reply in the thread. The pegawai's hands the ticket back to whoever holds it; an
    admin's asks the pegawai (the default), keeps it in process, or closes it (`lanjut`).
    The other side is told."""
    tiket = _kunci(tiket)
    peran = izin.peran_tiket(by, tiket)
    _tolak(rules.alasan_balas(peran, tiket.status))
    isi = _isi_wajib(isi, field="isi", pesan="Tuliskan balasan Anda.")
    if peran != rules.PEMILIK and lanjut not in rules.LANJUT:
        raise ValidationError({"lanjut": "Pilih kelanjutan permintaan ini."})
    dari = tiket.status
    ke = rules.status_setelah_balasan(dari, peran, lanjut)
    balasan = Balasan.objects.create(instansi_id=tiket.instansi_id, tiket=tiket, oleh=by, isi=isi)
    sekarang = timezone.now()
    Tiket.objects.filter(pk=tiket.pk).update(
        status=ke,
        diperbarui=sekarang,
        selesai_pada=sekarang if ke == rules.SELESAI else None,
    )
    catat_jejak(
        instansi_id=tiket.instansi_id,
        oleh=by,
        aksi="tiket_balas",
        objek=tiket,
        dari={"status": dari},
        ke={"status": ke, "balasan": balasan.pk},
    )
    if peran == rules.PEMILIK:
        penerima = selectors.penangan_tiket(tiket, kecuali=by)
        judul = f"Balasan pegawai: {tiket.judul}"
    else:
        penerima = [tiket.pegawai_id]
        judul = (
            f"Permintaan bantuan Anda dijawab dan selesai: {tiket.judul}"
            if ke == rules.SELESAI
            else f"Jawaban atas permintaan bantuan Anda: {tiket.judul}"
        )
    _kabari(
        tiket,
        penerima=penerima,
        judul=judul,
        isi=f"{by.nama_lengkap}: {_cuplikan(isi)}",
        peristiwa=f"balas:{balasan.pk}",
    )
    return balasan


@transaction.atomic
def tiket_teruskan(*, tiket, by, catatan) -> Tiket:
    """The admin OPD passes the ticket to BKD, saying what was already checked."""
    tiket = _kunci(tiket)
    peran = izin.peran_tiket(by, tiket)
    _tolak(rules.alasan_teruskan(peran, tiket.status, tiket.tingkat))
    catatan = _isi_wajib(
        catatan,
        field="catatan",
        pesan="Tuliskan apa yang sudah diperiksa dan mengapa perlu ditangani BKD.",
    )
    balasan = Balasan.objects.create(
        instansi_id=tiket.instansi_id,
        tiket=tiket,
        oleh=by,
        jenis=Balasan.Jenis.TERUSKAN,
        isi=catatan,
    )
    sekarang = timezone.now()
    Tiket.objects.filter(pk=tiket.pk).update(
        tingkat=rules.TINGKAT_BKD,
        status=rules.DIPROSES,
        diteruskan_pada=sekarang,
        diperbarui=sekarang,
    )
    catat_jejak(
        instansi_id=tiket.instansi_id,
        oleh=by,
        aksi="tiket_teruskan",
        objek=tiket,
        dari={"status": tiket.status, "tingkat": tiket.tingkat},
        ke={"status": rules.DIPROSES, "tingkat": rules.TINGKAT_BKD},
        catatan=catatan,
    )
    tiket.refresh_from_db()
    peristiwa = f"teruskan:{balasan.pk}"
    _kabari(
        tiket,
        penerima=selectors.penangan_tiket(tiket, kecuali=by),
        judul=f"Permintaan bantuan diteruskan ke BKD: {tiket.judul}",
        isi=f"{by.nama_lengkap} (admin OPD): {_cuplikan(catatan)}",
        peristiwa=peristiwa,
    )
    _kabari(
        tiket,
        penerima=[tiket.pegawai_id],
        judul=f"Permintaan bantuan Anda diteruskan ke BKD: {tiket.judul}",
        isi="Admin OPD meneruskan permintaan Anda ke BKD untuk ditangani lebih lanjut.",
        peristiwa=peristiwa,
    )
    return tiket


@transaction.atomic
def tiket_selesai(*, tiket, by, catatan="") -> Tiket:
    """Close the ticket: the pegawai (solved, or no longer needed) or whoever handles it.
    The pegawai is told when it was not them."""
    tiket = _kunci(tiket)
    peran = izin.peran_tiket(by, tiket)
    _tolak(rules.alasan_selesai(peran, tiket.status))
    catatan = teks_bersih(catatan, field="catatan")
    balasan = Balasan.objects.create(
        instansi_id=tiket.instansi_id,
        tiket=tiket,
        oleh=by,
        jenis=Balasan.Jenis.SELESAI,
        isi=catatan,
    )
    sekarang = timezone.now()
    Tiket.objects.filter(pk=tiket.pk).update(
        status=rules.SELESAI, selesai_pada=sekarang, diperbarui=sekarang
    )
    catat_jejak(
        instansi_id=tiket.instansi_id,
        oleh=by,
        aksi="tiket_selesai",
        objek=tiket,
        dari={"status": tiket.status},
        ke={"status": rules.SELESAI},
        catatan=catatan,
    )
    if peran != rules.PEMILIK:
        _kabari(
            tiket,
            penerima=[tiket.pegawai_id],
            judul=f"Permintaan bantuan Anda ditandai selesai: {tiket.judul}",
            isi=f"{by.nama_lengkap} menandai permintaan Anda selesai. Bila masalahnya belum "
            "beres, buka kembali permintaan itu.",
            peristiwa=f"selesai:{balasan.pk}",
        )
    tiket.refresh_from_db()
    return tiket


@transaction.atomic
def tiket_buka_kembali(*, tiket, by, alasan="") -> Tiket:
    """The pegawai reopens a closed ticket; whoever held it is told."""
    tiket = _kunci(tiket)
    peran = izin.peran_tiket(by, tiket)
    _tolak(rules.alasan_buka_kembali(peran, tiket.status))
    alasan = teks_bersih(alasan, field="alasan")
    balasan = Balasan.objects.create(
        instansi_id=tiket.instansi_id,
        tiket=tiket,
        oleh=by,
        jenis=Balasan.Jenis.BUKA,
        isi=alasan,
    )
    Tiket.objects.filter(pk=tiket.pk).update(
        status=rules.DIPROSES, selesai_pada=None, diperbarui=timezone.now()
    )
    catat_jejak(
        instansi_id=tiket.instansi_id,
        oleh=by,
        aksi="tiket_buka_kembali",
        objek=tiket,
        dari={"status": rules.SELESAI},
        ke={"status": rules.DIPROSES},
        catatan=alasan,
    )
    _kabari(
        tiket,
        penerima=selectors.penangan_tiket(tiket, kecuali=by),
        judul=f"Permintaan bantuan dibuka kembali: {tiket.judul}",
        isi=f"{by.nama_lengkap} membuka kembali permintaannya."
        + (f" {_cuplikan(alasan)}" if alasan else ""),
        peristiwa=f"buka:{balasan.pk}",
    )
    tiket.refresh_from_db()
    return tiket


# ---- contact and FAQ (admin BKD) -----------------------------------------------------------


def _wajib_bkd(by, instansi_id):
    if not (by.adalah_admin_bkd and by.instansi_id == instansi_id):
        raise ValidationError("Hanya admin BKD instansi ini yang dapat mengubah halaman bantuan.")


@transaction.atomic
def kontak_simpan(*, instansi, by, telepon="", surel="", jam_layanan="", keterangan=""):
    """BKD sets where pegawai turn for what the app cannot fix."""
    _wajib_bkd(by, instansi.pk)
    kontak = KontakBantuan.objects.filter(instansi=instansi).first() or KontakBantuan(
        instansi=instansi
    )
    kolom = ("telepon", "surel", "jam_layanan", "keterangan")
    dari = {k: getattr(kontak, k) for k in kolom}
    ke = {
        "telepon": teks_bersih(telepon, field="telepon"),
        "surel": teks_bersih(surel, field="surel"),
        "jam_layanan": teks_bersih(jam_layanan, field="jam_layanan"),
        "keterangan": teks_bersih(keterangan, field="keterangan"),
    }
    for k, v in ke.items():
        setattr(kontak, k, v)
    kontak.full_clean()
    kontak.save()
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="kontak_bantuan_ubah",
        objek=kontak,
        dari={k: v for k, v in dari.items() if v != ke[k]},
        ke={k: v for k, v in ke.items() if v != dari[k]},
    )
    return kontak


def _faq_bersih(pertanyaan, jawaban) -> tuple[str, str]:
    pertanyaan = _isi_wajib(pertanyaan, field="pertanyaan", pesan="Tuliskan pertanyaannya.")
    jawaban = _isi_wajib(jawaban, field="jawaban", pesan="Tuliskan jawabannya.")
    if len(pertanyaan) > PertanyaanUmum._meta.get_field("pertanyaan").max_length:
        raise ValidationError({"pertanyaan": "Pertanyaan paling panjang 255 karakter."})
    return pertanyaan, jawaban


@transaction.atomic
def faq_tambah(*, instansi, by, pertanyaan, jawaban) -> PertanyaanUmum:
    """A new entry, at the end of the page."""
    _wajib_bkd(by, instansi.pk)
    pertanyaan, jawaban = _faq_bersih(pertanyaan, jawaban)
    terakhir = PertanyaanUmum.objects.filter(instansi=instansi).aggregate(m=Max("urutan"))["m"]
    faq = PertanyaanUmum.objects.create(
        instansi=instansi,
        pertanyaan=pertanyaan,
        jawaban=jawaban,
        urutan=(terakhir or 0) + 1,
    )
    catat_jejak(
        instansi_id=instansi.pk, oleh=by, aksi="faq_tambah", objek=faq, ke={"urutan": faq.urutan}
    )
    return faq


@transaction.atomic
def faq_ubah(*, faq, by, pertanyaan, jawaban) -> PertanyaanUmum:
    _wajib_bkd(by, faq.instansi_id)
    pertanyaan, jawaban = _faq_bersih(pertanyaan, jawaban)
    dari = {"pertanyaan": faq.pertanyaan}
    faq.pertanyaan, faq.jawaban = pertanyaan, jawaban
    faq.save(update_fields=["pertanyaan", "jawaban", "diubah"])
    catat_jejak(
        instansi_id=faq.instansi_id,
        oleh=by,
        aksi="faq_ubah",
        objek=faq,
        dari=dari,
        ke={"pertanyaan": pertanyaan},
    )
    return faq


@transaction.atomic
def faq_hapus(*, faq, by) -> None:
    _wajib_bkd(by, faq.instansi_id)
    catat_jejak(
        instansi_id=faq.instansi_id,
        oleh=by,
        aksi="faq_hapus",
        objek=faq,
        dari={"pertanyaan": faq.pertanyaan, "jawaban": faq.jawaban},
    )
    faq.delete()


@transaction.atomic
def faq_pindah(*, faq, by, arah) -> PertanyaanUmum:
    """Move an entry one place up ("naik") or down ("turun"). The page is renumbered 1..n
    in the same write, so equal or missing numbers (entries added at once) sort out."""
    _wajib_bkd(by, faq.instansi_id)
    if arah not in ("naik", "turun"):
        raise ValidationError("Arah pindah tidak dikenal.")
    # Locking the instansi row serialises two reorders of the same page.
    Instansi.objects.select_for_update().filter(pk=faq.instansi_id).first()
    semua = list(
        PertanyaanUmum.objects.filter(instansi_id=faq.instansi_id).order_by("urutan", "id")
    )
    posisi = next((i for i, f in enumerate(semua) if f.pk == faq.pk), None)
    if posisi is None:
        raise ValidationError("Pertanyaan ini sudah dihapus.")
    tujuan = posisi - 1 if arah == "naik" else posisi + 1
    if not 0 <= tujuan < len(semua):
        ujung = "atas" if arah == "naik" else "bawah"
        raise ValidationError(f"Pertanyaan ini sudah paling {ujung}.")
    semua[posisi], semua[tujuan] = semua[tujuan], semua[posisi]
    for nomor, entri in enumerate(semua, start=1):
        entri.urutan = nomor
    PertanyaanUmum.objects.bulk_update(semua, ["urutan"])
    catat_jejak(
        instansi_id=faq.instansi_id,
        oleh=by,
        aksi="faq_pindah",
        objek=faq,
        dari={"urutan": posisi + 1},
        ke={"urutan": tujuan + 1},
    )
    return semua[tujuan]


@transaction.atomic
def faq_isi_bawaan(*, instansi, by) -> int:
    """Give an instansi without FAQ the default entries (bantuan.bawaan). Does nothing once
    it has any, so running it twice (the demo command, a double click) adds nothing twice.
    Returns how many were added."""
    _wajib_bkd(by, instansi.pk)
    # Two admins pressing at once: the second waits here and then finds the entries.
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()
    if PertanyaanUmum.objects.filter(instansi=instansi).exists():
        return 0
    PertanyaanUmum.objects.bulk_create(
        PertanyaanUmum(instansi=instansi, pertanyaan=p, jawaban=j, urutan=i)
        for i, (p, j) in enumerate(FAQ_BAWAAN, start=1)
    )
    catat_jejak(
        instansi_id=instansi.pk,
        oleh=by,
        aksi="faq_isi_bawaan",
        objek=instansi,
        ke={"jumlah": len(FAQ_BAWAAN)},
    )
    return len(FAQ_BAWAAN)
