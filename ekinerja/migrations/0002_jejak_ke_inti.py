"""Jejak now lives in the core app `inti` (its table is unchanged)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ekinerja", "0001_initial"),
        ("inti", "0001_jejak_dari_ekinerja"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Jejak")],
            database_operations=[],
        ),
    ]
