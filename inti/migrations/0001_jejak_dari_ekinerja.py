"""Jejak moved from the ekinerja app (now the shell) to the core: state only, the table
`ekinerja_jejak` stays as it is, so no data moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("ekinerja", "0001_initial"),
        ("organisasi", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Jejak",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("waktu", models.DateTimeField(auto_now_add=True)),
                        ("aksi", models.CharField(max_length=64)),
                        ("objek_tipe", models.CharField(max_length=64)),
                        ("objek_id", models.BigIntegerField()),
                        ("objek_repr", models.CharField(max_length=255)),
                        ("dari", models.JSONField(blank=True, default=dict)),
                        ("ke", models.JSONField(blank=True, default=dict)),
                        ("catatan", models.TextField(blank=True)),
                        ("instansi", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="organisasi.instansi")),
                        ("oleh", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name_plural": "jejak",
                        "ordering": ["-waktu", "-id"],
                        "db_table": "ekinerja_jejak",
                        "indexes": [models.Index(fields=["instansi", "objek_tipe", "objek_id"], name="ekinerja_je_instans_c268c7_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
