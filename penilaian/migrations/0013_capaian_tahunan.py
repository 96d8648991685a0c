"""Capaian kinerja organisasi becomes one value per OPD and year (DOMAIN: "per OPD and
year"), used by every period's kurva. Of the per-period rows of an (opd, tahun), the one
set last is kept; the others stay visible in the audit trail (aksi capaian_organisasi)."""

from django.db import migrations, models


def baris_dibuang(baris) -> list[int]:
    """Ids of the rows to drop from (id, opd_id, tahun, diubah) rows: per (opd, tahun)
    the latest set (by `diubah`, then by id) stays."""
    terbaru: dict[tuple[int, int], tuple] = {}
    for b in baris:
        pk, opd_id, tahun, diubah = b
        lama = terbaru.get((opd_id, tahun))
        if lama is None or (diubah, pk) > (lama[3], lama[0]):
            terbaru[opd_id, tahun] = b
    tetap = {b[0] for b in terbaru.values()}
    return sorted(b[0] for b in baris if b[0] not in tetap)


def sisakan_terbaru_per_tahun(apps, schema_editor):
    # The historical model's default manager is Django's plain one: no tenant scope here.
    capaian = apps.get_model("penilaian", "CapaianOrganisasi")
    baris = list(capaian._base_manager.values_list("pk", "opd_id", "tahun", "diubah"))
    dibuang = baris_dibuang(baris)
    for awal in range(0, len(dibuang), 500):
        capaian._base_manager.filter(pk__in=dibuang[awal : awal + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("penilaian", "0012_periode_alasan_review"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="capaianorganisasi",
            name="capaian_unik",
        ),
        migrations.RunPython(sisakan_terbaru_per_tahun, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="capaianorganisasi",
            name="kode",
        ),
        migrations.AddConstraint(
            model_name="capaianorganisasi",
            constraint=models.UniqueConstraint(
                fields=("opd", "tahun"), name="capaian_unik_per_tahun"
            ),
        ),
    ]
