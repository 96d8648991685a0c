"""Set-based writes for `data_skala`: PostgreSQL `COPY … FROM STDIN` through psycopg 3,
`executemany` elsewhere (SQLite, for small sizes).

Millions of rows go in without a model instance or a query per row: the caller gives
tuples in the order of the columns it names, and ids it took beforehand (`id_baru`) when
child rows must point at them. Every column it does not name gets the field's default,
computed once per table (auto_now columns: the moment of the run).
"""

import json
from collections import Counter
from collections.abc import Iterable
from itertools import islice

from django.db import models
from django.utils import timezone

BATCH_SQLITE = 2000
# Statistics right after a big write, inside the run's transaction (ANALYZE counts the
# transaction's own rows): the later stages query these tables, and a planner that still
# takes a million-row table for empty scans it for every lookup.
ANALYZE_SETELAH = 5000


class Penulis:
    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.sekarang = timezone.now()
        self.jumlah: Counter[str] = Counter()  # rows written per table, for the report
        self._id_berikut: dict[str, int] = {}

    def id_baru(self, model, n: int) -> list[int]:
        """`n` fresh primary keys for `model`, taken before the rows are written."""
        if n <= 0:
            return []
        tabel, pk = model._meta.db_table, model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.postgres:
                # From the table's own sequence: safe beside anyone else inserting.
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [tabel, pk, n],
                )
                return [baris[0] for baris in cursor.fetchall()]
            # SQLite: one writer at a time; past the largest id in the table and past the
            # ids handed out earlier in this run and not written yet.
            cursor.execute(f"SELECT COALESCE(MAX({self._nama(pk)}), 0) FROM {self._nama(tabel)}")
            awal = max(cursor.fetchone()[0] + 1, self._id_berikut.get(tabel, 0))
        self._id_berikut[tabel] = awal + n
        return list(range(awal, awal + n))

    def tulis(self, model, kolom: list[str], baris: Iterable[tuple]) -> int:
        """Write `baris` (tuples in the order of `kolom`, attnames such as "skp_id").
        Returns how many rows were written."""
        meta = model._meta
        field = [meta.get_field(k) for k in kolom]
        lain, tetap = self._bawaan(model, field)
        semua = field + lain
        if self.postgres:
            n = self._copy(meta.db_table, semua, len(field), tetap, baris)
            if n >= ANALYZE_SETELAH:
                self.analyze(meta.db_table)
        else:
            n = self._executemany(meta.db_table, semua, len(field), tetap, baris)
        self.jumlah[meta.db_table] += n
        return n

    def analyze(self, tabel: str):
        if self.postgres:
            with self.connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self._nama(tabel)}")

    def _bawaan(self, model, field):
        """The columns the caller left out, and the value each gets on every row."""
        dinamai = {f.column for f in field}
        lain, tetap = [], []
        for f in model._meta.concrete_fields:
            if f.column in dinamai or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                nilai = self.sekarang
            elif f.has_default():
                nilai = f.get_default()
            elif f.null:
                nilai = None
            elif f.empty_strings_allowed and not f.is_relation:
                nilai = ""
            else:
                raise ValueError(f"{model.__name__}.{f.name} wajib diisi oleh data_skala.")
            lain.append(f)
            tetap.append(nilai)
        return lain, tuple(tetap)

    def _copy(self, tabel, field, n_bervariasi, tetap, baris) -> int:
        json_bervariasi = [
            i for i, f in enumerate(field[:n_bervariasi]) if isinstance(f, models.JSONField)
        ]
        tetap = tuple(
            json.dumps(v) if isinstance(f, models.JSONField) else v
            for f, v in zip(field[n_bervariasi:], tetap, strict=True)
        )
        kolom = ", ".join(self._nama(f.column) for f in field)
        n = 0
        with self.connection.cursor() as cursor:
            with cursor.copy(f"COPY {self._nama(tabel)} ({kolom}) FROM STDIN") as copy:
                tulis = copy.write_row
                for b in baris:
                    if json_bervariasi:
                        b = list(b)
                        for i in json_bervariasi:
                            b[i] = json.dumps(b[i])
                        b = tuple(b)
                    tulis(b + tetap)
                    n += 1
        return n

    def _executemany(self, tabel, field, n_bervariasi, tetap, baris) -> int:
        connection = self.connection
        siap = [f.get_db_prep_save for f in field[:n_bervariasi]]
        tetap = tuple(
            f.get_db_prep_save(v, connection)
            for f, v in zip(field[n_bervariasi:], tetap, strict=True)
        )
        kolom = ", ".join(self._nama(f.column) for f in field)
        sql = f"INSERT INTO {self._nama(tabel)} ({kolom}) VALUES ({', '.join(['%s'] * len(field))})"
        n = 0
        baris = iter(baris)
        with connection.cursor() as cursor:
            # In batches: the debug cursor (DEBUG=True) needs a list it can count.
            while potongan := list(islice(baris, BATCH_SQLITE)):
                cursor.executemany(
                    sql,
                    [
                        tuple(p(v, connection) for p, v in zip(siap, b, strict=True)) + tetap
                        for b in potongan
                    ],
                )
                n += len(potongan)
        return n

    def _nama(self, nama: str) -> str:
        return self.connection.ops.quote_name(nama)
