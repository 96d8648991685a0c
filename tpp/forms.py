from django import forms

from penilaian.forms import ANGKA
from tpp import rules

TANGGAL = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
JAM = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AktivitasForm(forms.Form):
    tanggal = forms.DateField(widget=TANGGAL)
    uraian = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Uraian kegiatan")
    rhk = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="RHK terkait")
    volume = forms.DecimalField(
        min_value=0,
        max_digits=10,
        decimal_places=2,
        initial=1,
        widget=forms.NumberInput(attrs=ANGKA),
    )
    satuan = forms.CharField(max_length=60, initial="Kegiatan")
    jam_mulai = forms.TimeField(required=False, widget=JAM, label="Mulai")
    jam_selesai = forms.TimeField(required=False, widget=JAM, label="Selesai")
    tautan_bukti = forms.URLField(required=False, label="Tautan bukti", assume_scheme="https")
    berkas_bukti = forms.FileField(
        required=False,
        label="Berkas bukti (opsional)",
        help_text="PDF, gambar atau dokumen perkantoran; isi berkas diperiksa.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx"}),
    )

    def __init__(self, *args, rhk_pilihan, rencana_aksi_pilihan=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rhk"].choices = [("", "— tidak terkait RHK —")] + [
            (r.pk, r.uraian[:90]) for r in rhk_pilihan
        ]
        # In a quarter the day's work is tied to a rencana aksi of the period (which names
        # its RHK); without rencana aksi yet, the RHK alone.
        self.fields["rencana_aksi"].choices = [("", "— pilih bila ada —")] + [
            (ra.pk, f"{ra.uraian[:70]} ({ra.periode.label})") for ra in rencana_aksi_pilihan
        ]
        self.order_fields(["tanggal", "uraian", "rencana_aksi", "rhk"])

    rencana_aksi = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Rencana aksi"
    )


class KeputusanProgresForm(forms.Form):
    """The atasan's decision on days of progres harian (one day, a week, all bawahan)."""

    keputusan = forms.ChoiceField(
        choices=[("disetujui", "Setujui"), ("dikembalikan", "Kembalikan")]
    )
    catatan = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Catatan (wajib bila dikembalikan)",
    )


class CatatanKembaliForm(forms.Form):
    catatan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Catatan pengembalian",
        error_messages={"required": "Tuliskan catatan: apa yang perlu diperbaiki."},
    )


class RealisasiBulananForm(forms.Form):
    """One realisasi per RHK in force this month (the month's targets), then a note."""

    realisasi = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Realisasi bulan ini", required=False
    )

    def __init__(self, *args, rhk=(), jumlah_per_rhk=None, **kwargs):
        super().__init__(*args, **kwargs)
        jumlah_per_rhk = jumlah_per_rhk or {}
        self.rhk = list(rhk)
        for r in self.rhk:
            target = "; ".join(f"{i.uraian}: {i.target}" for i in r.indikator.all())
            self.fields[f"rhk_{r.pk}"] = forms.CharField(
                label=f"{r.get_jenis_display()}: {r.uraian}",
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": "Tuliskan realisasi RHK ini bulan ini."},
                help_text=f"Target: {target or '-'} · {jumlah_per_rhk.get(r.pk, 0)} aktivitas "
                "bulan ini terkait RHK ini.",
            )
        if self.rhk:
            self.fields["realisasi"].label = "Catatan umum (opsional)"
            self.order_fields([f"rhk_{r.pk}" for r in self.rhk] + ["realisasi"])
        else:
            self.fields["realisasi"].required = True

    def per_rhk(self) -> dict:
        return {r.pk: self.cleaned_data[f"rhk_{r.pk}"] for r in self.rhk}


class KetidakhadiranForm(forms.Form):
    nip = forms.CharField(
        max_length=32,
        label="NIP pegawai",
        help_text="Nama dan unit kerja pegawai tampil di sini setelah NIP lengkap diketik.",
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                # The name and unit of the NIP typed, shown before saving (htmx).
                "hx-get": "?bagian=nip",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#id_nip_helptext",
                "hx-include": "this",
            }
        ),
    )
    jenis = forms.ChoiceField(choices=list(rules.JENIS_KETIDAKHADIRAN.items()))
    mulai = forms.DateField(widget=TANGGAL)
    selesai = forms.DateField(widget=TANGGAL)
    keterangan = forms.CharField(max_length=255, required=False)


PERSEN_FIELD = dict(
    min_value=0,
    max_value=100,
    max_digits=5,
    decimal_places=2,
    widget=forms.NumberInput(attrs=ANGKA),
)


PAGU_MAKS = 10**12  # DecimalField(max_digits=14, decimal_places=2)


# The configuration's fractions, typed as percentages on the form.
PERSEN = ("bobot_kinerja", "bobot_disiplin", "persen_diatas", "persen_sesuai", "persen_dibawah")


class KonfigurasiForm(forms.Form):
    berlaku_mulai = forms.DateField(widget=TANGGAL, help_text="Tanggal 1 suatu bulan.")
    keterangan = forms.CharField(
        max_length=255, required=False, help_text="mis. Perbup Buleleng 12/2024"
    )
    bobot_kinerja = forms.DecimalField(label="Bobot kinerja (%)", initial=60, **PERSEN_FIELD)
    bobot_disiplin = forms.DecimalField(label="Bobot disiplin (%)", initial=40, **PERSEN_FIELD)
    persen_diatas = forms.DecimalField(
        label="Kinerja dibayar bila Diatas Ekspektasi (%)", initial=100, **PERSEN_FIELD
    )
    persen_sesuai = forms.DecimalField(
        label="… bila Sesuai Ekspektasi (%)", initial=100, **PERSEN_FIELD
    )
    persen_dibawah = forms.DecimalField(
        label="… bila Dibawah Ekspektasi (%)", initial=70, **PERSEN_FIELD
    )
    # At most 1,000 aktivitas a month: the column is a small integer.
    ambang_aktivitas_penuh = forms.IntegerField(
        min_value=1,
        max_value=1000,
        initial=rules.AMBANG_PENUH,
        label="Aktivitas untuk semua rating",
    )
    ambang_aktivitas_sesuai = forms.IntegerField(
        min_value=0,
        max_value=1000,
        initial=rules.AMBANG_SESUAI,
        label="Aktivitas untuk Sesuai Ekspektasi",
    )
    pagu = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Pagu per kelas jabatan",
        help_text="Satu baris per kelas: kelas=jumlah rupiah, mis. 9=5000000",
    )
    potongan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Potongan disiplin per hari",
        initial="tanpa_keterangan=3\nterlambat=0.5;5\npulang_cepat=0.5;5",
        help_text="jenis=persen per hari[;batas persen], mis. tanpa_keterangan=3. Jenis: "
        + ", ".join(rules.JENIS_POTONGAN)
        + " (dua yang terakhir: hari progres harian terlambat atau tidak diisi).",
    )

    def clean_pagu(self):
        from decimal import Decimal, InvalidOperation

        hasil = {}
        for n, baris in enumerate(self.cleaned_data["pagu"].splitlines(), 1):
            if not baris.strip():
                continue
            try:
                kelas, jumlah = baris.split("=")
                kelas, jumlah = (
                    int(kelas),
                    Decimal(jumlah.strip().replace(".", "").replace(",", ".")),
                )
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    f"Baris {n} tidak terbaca: tulis kelas=jumlah, mis. 9=5000000."
                ) from None
            # NaN and Infinity parse as Decimal; the column holds 12 digits before the comma.
            if not jumlah.is_finite() or not 1 <= kelas <= 17 or not 0 <= jumlah < PAGU_MAKS:
                raise forms.ValidationError(
                    f"Baris {n}: kelas 1–17 dan jumlah 0 sampai di bawah Rp1 triliun."
                )
            hasil[kelas] = jumlah
        if not hasil:
            raise forms.ValidationError("Isi paling sedikit satu kelas jabatan.")
        return hasil

    def clean_potongan(self):
        from decimal import Decimal, InvalidOperation

        hasil = {}
        for n, baris in enumerate(self.cleaned_data["potongan"].splitlines(), 1):
            if not baris.strip():
                continue
            try:
                jenis, nilai = baris.split("=")
                jenis = jenis.strip()
                per_hari, _, batas = nilai.partition(";")
                per_hari = Decimal(per_hari.strip()) / 100
                batas = Decimal(batas.strip()) / 100 if batas.strip() else None
            except (ValueError, InvalidOperation):
                raise forms.ValidationError(
                    f"Baris {n} tidak terbaca: tulis jenis=persen[;batas]."
                ) from None
            if jenis not in rules.JENIS_POTONGAN:
                raise forms.ValidationError(f"Baris {n}: jenis '{jenis}' tidak dikenal.")
            # A negative potongan would raise the TPP; NaN, Infinity and over 100 % are typos.
            if any(
                p is not None and not (p.is_finite() and 0 <= p <= 1) for p in (per_hari, batas)
            ):
                raise forms.ValidationError(f"Baris {n}: persen harus antara 0 dan 100.")
            hasil[jenis] = (per_hari, batas)
        return hasil

    @staticmethod
    def awal_dari(konfigurasi) -> dict:
        """The form's initial values copied from a saved version (pagu and potongan in the
        same text the form reads back)."""

        def persen(x):
            return (x * 100).normalize()

        def rupiah(x):
            # clean_pagu reads "." as the thousands separator and "," as the decimal one.
            return f"{x.normalize():f}".replace(".", ",")

        potongan = []
        for p in konfigurasi.potongan.all():
            baris = f"{p.jenis}={persen(p.persen_per_hari):f}"
            if p.batas_persen is not None:
                baris += f";{persen(p.batas_persen):f}"
            potongan.append(baris)
        return {
            "keterangan": konfigurasi.keterangan,
            "ambang_aktivitas_penuh": konfigurasi.ambang_aktivitas_penuh,
            "ambang_aktivitas_sesuai": konfigurasi.ambang_aktivitas_sesuai,
            **{k: persen(getattr(konfigurasi, k)) for k in PERSEN},
            "pagu": "\n".join(
                f"{p.kelas_jabatan}={rupiah(p.jumlah)}"
                for p in sorted(konfigurasi.pagu.all(), key=lambda p: -p.kelas_jabatan)
            ),
            "potongan": "\n".join(potongan),
        }

    def angka(self) -> dict:
        d = self.cleaned_data
        return {
            "keterangan": d["keterangan"],
            "ambang_aktivitas_penuh": d["ambang_aktivitas_penuh"],
            "ambang_aktivitas_sesuai": d["ambang_aktivitas_sesuai"],
            **{k: d[k] / 100 for k in PERSEN},
        }
