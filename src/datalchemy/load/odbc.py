"""ODBC target: any database with an ODBC driver, through one pyodbc connection and transaction.

Rows go in with :func:`datalchemy.db.odbc.insert_batches` on the caller's connection, so the whole
load stays one transaction that a failure rolls back. What differs between databases is kept to
the driver family (:func:`datalchemy.db.odbc.driver_profile`): PostgreSQL moves its sequences and
checks deferred constraints, SQLite checks its foreign keys before COMMIT; other drivers get the
portable subset (no index drop, no sequence move).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from typing import Any

from datalchemy.db import odbc
from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import ConstraintViolation, DatalchemyError
from datalchemy.load.dataset import DatasetTable, FixupFile
from datalchemy.load.reader import arrow_type, open_typed_csv, read_batches
from datalchemy.load.target import Progress, SavedDdl, TableLoadError

__all__ = ["OdbcTarget"]

_PG_SEQUENCES = (
    "SELECT a.attname, coalesce(pg_get_serial_sequence(?, a.attname), "
    "substring(pg_get_expr(d.adbin, d.adrelid) from 'nextval\\(''([^'']+)''')) "
    "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
    "WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped "
    "AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) ORDER BY a.attnum"
)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class OdbcTarget:
    engine = "odbc"
    strategy = "odbc_bulk"

    def __init__(self, info: ConnectionInfo, metrics: DbMetrics) -> None:
        self._metrics = metrics
        self._family = odbc.driver_profile(info).family
        self._conn: Any = odbc.connect(info, metrics=metrics)

    def _name(self, table: DatasetTable) -> str:
        if self._family == "sqlite":
            return _q(table.name)
        return f"{_q(table.schema_name)}.{_q(table.name)}"

    def _exec(self, query: str, params: Sequence[object] = (), *, context: str) -> list[Any]:
        start = time.perf_counter()
        try:
            cur = self._conn.cursor()
            cur.execute(query, *params)
            rows = cur.fetchall() if cur.description else []
            cur.close()
        except Exception as exc:
            err = map_error(exc, context=context)
            self._metrics.record_error(err)
            raise err from None
        self._metrics.record_query(time.perf_counter() - start)
        return list(rows)

    def begin(self) -> None:
        self.rollback()
        if self._family == "sqlite":
            self._exec("PRAGMA defer_foreign_keys = ON", context="defer foreign keys")

    def commit(self) -> None:
        try:
            self._conn.commit()
        except Exception as exc:
            raise map_error(exc, context="commit") from None

    def rollback(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.rollback()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._conn.close()
        self._metrics.record_connection_closed()

    def count(self, table: DatasetTable) -> int:
        rows = self._exec(f"SELECT count(*) FROM {self._name(table)}", context="count")
        return int(rows[0][0])

    def empty(self, tables: Sequence[DatasetTable]) -> None:
        for t in reversed(tables):
            self._exec(f"DELETE FROM {self._name(t)}", context=f"empty {t.qualified}")

    def drop_secondary(self, tables: Sequence[DatasetTable]) -> SavedDdl:
        return SavedDdl(indexes=[], foreign_keys=[])  # portable ODBC has no DDL to read back

    def restore_secondary(self, saved: SavedDdl) -> None:
        return None

    def load_table(self, table: DatasetTable, progress: Progress) -> int:
        name = table.name if self._family == "sqlite" else table.qualified

        def batches() -> Any:
            done = 0
            for batch in read_batches(table):
                yield batch
                done += batch.nbytes
                progress(table, min(done, table.bytes))

        try:
            return odbc.insert_batches(
                self._conn, name, list(table.columns), batches(), metrics=self._metrics
            )
        except DatalchemyError as exc:
            raise TableLoadError(exc, None) from None

    def apply_fixup(self, table: DatasetTable, fixup: FixupFile) -> int:
        sets = ", ".join(f"{_q(c)} = ?" for c in fixup.fk_columns)
        where = " AND ".join(f"{_q(c)} = ?" for c in fixup.key_columns)
        update = f"UPDATE {self._name(table)} SET {sets} WHERE {where}"
        order = [*fixup.fk_columns, *fixup.key_columns]
        types = {c: arrow_type(table.table.column(c)) for c in order}
        updated = 0
        cur = self._conn.cursor()
        try:
            for batch in open_typed_csv(fixup.path, types):
                values = [batch.column(c).to_pylist() for c in order]
                for row in zip(*values, strict=True):
                    cur.execute(update, *row)
                    updated += max(cur.rowcount, 0)
        except Exception as exc:
            raise map_error(exc, context=f"apply fix-ups of {table.qualified}") from None
        finally:
            cur.close()
        return updated

    def move_sequences(self, table: DatasetTable) -> list[str]:
        if self._family != "postgresql":
            return []
        rel = f"{_q(table.schema_name)}.{_q(table.name)}"
        moved = []
        for column, sequence in self._exec(_PG_SEQUENCES, (rel, rel), context="find sequences"):
            if sequence is None or column not in table.columns:
                continue
            found = self._exec(
                f"SELECT setval(?, m) FROM (SELECT max({_q(column)}) AS m FROM {rel}) s "
                "WHERE m IS NOT NULL AND m >= coalesce(pg_sequence_last_value(?), m)",
                (sequence, sequence),
                context=f"move sequence {sequence}",
            )
            if found:
                moved.append(str(sequence))
        return moved

    def check_foreign_keys(self, tables: Sequence[DatasetTable]) -> None:
        if self._family == "postgresql":
            self._exec("SET CONSTRAINTS ALL IMMEDIATE", context="check deferred constraints")
        elif self._family == "sqlite":
            for t in tables:
                bad = self._exec(f"PRAGMA foreign_key_check({_q(t.name)})", context="check FKs")
                if bad:
                    raise ConstraintViolation(
                        "constraint_violation",
                        f"{len(bad)} row(s) of {t.qualified} reference missing rows of {bad[0][2]}",
                        path=t.qualified,
                        hint="the data breaks a foreign key of the target; evaluate it first",
                        constraint=f"{t.name}->{bad[0][2]}",
                    )
