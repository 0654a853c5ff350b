"""SQLite target: ``executemany`` over Arrow-parsed batches in one large transaction.

The target checks one connection out of the load's :class:`~datalchemy.db.pool.ThinPool` (opened
by :meth:`datalchemy.engines.sqlite.SqliteEngine.load_target`) for as long as it lives.
Foreign keys are checked once, before each ``COMMIT``, with ``PRAGMA foreign_key_check``, which
names the broken key (``COMMIT`` would only say "failed"); during the load they are off, so cycle
fix-ups run before the check and emptying a table does not search its children row by row
(:mod:`datalchemy.load.truncate`). The pragmas chosen for bulk load keep the rollback journal (so
a failed load leaves the file as it was) and only relax what is safe for a process crash: a large
page cache, temp data in memory. SIGINT / SIGTERM stop a long statement through
:meth:`SqliteTarget.cancel` (:mod:`datalchemy.interrupts`).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import pyarrow as pa

from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.pool import ThinPool
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.sqlite import SQLITE
from datalchemy.errors import ConstraintViolation
from datalchemy.load.cycles import HeldForeignKey
from datalchemy.load.dataset import DatasetTable, FixupFile
from datalchemy.load.reader import arrow_type, open_typed_csv, read_batches
from datalchemy.load.target import Progress, SavedDdl, StepProgress, TableLoadError
from datalchemy.load.triggers import DisabledTriggers, disable_sqlite_triggers, restore_triggers
from datalchemy.load.truncate import empty_sqlite_tables

__all__ = ["SqliteTarget", "check_sqlite_foreign_keys"]

_BULK_PRAGMAS = (
    "PRAGMA foreign_keys = OFF",  # checked before COMMIT instead (module docstring)
    "PRAGMA cache_size = -262144",  # 256 MiB page cache
    "PRAGMA temp_store = MEMORY",
    "PRAGMA synchronous = NORMAL",
)


_q = SQLITE.quote


def _one_by_one(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The rows through a Python loop. A stop signal that lands between two statements finds
    none for ``interrupt()`` to cancel, and a C iterator would keep ``executemany`` running the
    whole batch; here the interpreter raises the signal's exception at the next row."""
    for row in rows:  # noqa: UP028 (`yield from` does not let the signal in between rows)
        yield row


class SqliteTarget:
    """One connection checked out of the load's pool for as long as the target lives.

    Pooled connections are in autocommit mode; the target opens and ends its transaction with
    explicit ``BEGIN IMMEDIATE`` / ``COMMIT`` / ``ROLLBACK``.
    """

    strategy = "executemany"

    def __init__(self, pool: ThinPool, metrics: DbMetrics, info: ConnectionInfo) -> None:
        self._metrics = metrics
        self._checkout = contextlib.ExitStack()
        self._conn: sqlite3.Connection = self._checkout.enter_context(pool.connection())
        try:
            for pragma in _BULK_PRAGMAS:
                self._conn.execute(pragma)
        except sqlite3.Error as exc:
            self._checkout.close()
            raise map_error(exc, context=f"prepare {info.redacted}") from None

    def _exec(
        self, sql_text: str, params: Sequence[object] = (), *, context: str
    ) -> list[tuple[Any, ...]]:
        start = time.perf_counter()
        try:
            rows = self._conn.execute(sql_text, params).fetchall()
        except sqlite3.Error as exc:
            err = map_error(exc, context=context)
            self._metrics.record_error(err)
            raise err from None
        self._metrics.record_query(time.perf_counter() - start)
        return rows

    def begin(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        # IMMEDIATE: take the write lock now, so a read-only or locked file fails before any work.
        self._exec("BEGIN IMMEDIATE", context="begin the load transaction")

    def commit(self) -> None:
        self._exec("COMMIT", context="commit")

    def rollback(self) -> None:
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def close(self) -> None:
        self.rollback()
        self._checkout.close()  # back to the pool

    def cancel(self) -> None:
        self._conn.interrupt()  # thread-safe: the running statement fails with SQLITE_INTERRUPT

    def count(self, table: DatasetTable) -> int:
        return int(self._exec(f"SELECT count(*) FROM {_q(table.name)}", context="count")[0][0])

    def current_date(self) -> date | None:
        # SQLite's CURRENT_DATE is the UTC date, as date('now').
        rows = self._exec("SELECT date('now')", context="read current_date")
        return date.fromisoformat(str(rows[0][0]))

    def empty(self, tables: Sequence[DatasetTable], on_step: StepProgress) -> None:
        empty_sqlite_tables(
            lambda sql, params: self._exec(sql, params, context="empty the target tables"),
            tables,
            on_step,
        )

    def drop_secondary(self, tables: Sequence[DatasetTable]) -> SavedDdl:
        # SQLite cannot drop a foreign key; secondary indexes are what slows the insert.
        names = [t.name for t in tables]
        marks = ", ".join("?" for _ in names)
        rows = self._exec(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name",
            names,
            context="read secondary indexes",
        )
        for name, _ in rows:
            self._exec(f"DROP INDEX {_q(str(name))}", context=f"drop index {name}")
        return SavedDdl(indexes=[str(ddl) for _, ddl in rows], foreign_keys=[])

    def restore_secondary(self, saved: SavedDdl) -> None:
        for ddl in saved.indexes:
            self._exec(ddl, context="re-create index")

    def load_table(self, table: DatasetTable, progress: Progress) -> int:
        cols = ", ".join(_q(c) for c in table.columns)
        marks = ", ".join("?" for _ in table.columns)
        insert = f"INSERT INTO {_q(table.name)} ({cols}) VALUES ({marks})"
        done = rows = 0
        start = time.perf_counter()
        # total_changes also counts the rows triggers write: with triggers, count the table.
        before = self.count(table) if self._has_triggers(table) else None
        for batch in read_batches(table):
            values = [col.to_pylist() for col in batch.columns]
            mark = self._conn.total_changes
            try:
                self._conn.executemany(insert, _one_by_one(zip(*values, strict=True)))
            except sqlite3.Error as exc:
                err = map_error(exc, context=f"insert into {table.qualified}")
                self._metrics.record_error(err)
                # executemany stops at the failing row; the rows before it were inserted.
                failing: int | None = rows + (self._conn.total_changes - mark) + 1
                if before is not None:  # RAISE(ROLLBACK) ends the transaction: row unknown
                    in_tx = self._conn.in_transaction
                    failing = self.count(table) - before + 1 if in_tx else None
                raise TableLoadError(
                    err, failing, raw=str(exc), context=getattr(exc, "sqlite_errorname", None)
                ) from None
            rows += batch.num_rows
            done += batch.nbytes
            progress(table, min(done, table.bytes))
        self._metrics.record_query(time.perf_counter() - start)
        self._metrics.record_rows(written=rows, bytes_written=table.bytes)
        return rows

    def apply_fixup(self, table: DatasetTable, fixup: FixupFile) -> int:
        sets = ", ".join(f"{_q(c)} = ?" for c in fixup.fk_columns)
        where = " AND ".join(f"{_q(c)} = ?" for c in fixup.key_columns)
        update = f"UPDATE {_q(table.name)} SET {sets} WHERE {where}"
        before = self._conn.total_changes
        order = [*fixup.fk_columns, *fixup.key_columns]
        for batch in _fixup_batches(fixup, table):
            values = [batch.column(c).to_pylist() for c in order]
            try:
                self._conn.executemany(update, _one_by_one(zip(*values, strict=True)))
            except sqlite3.Error as exc:
                raise map_error(exc, context=f"apply fix-ups of {table.qualified}") from None
        return self._conn.total_changes - before

    def move_sequences(self, table: DatasetTable) -> list[str]:
        # SQLite moves sqlite_sequence itself when an explicit rowid is larger than it.
        return []

    def hold_foreign_keys(self, held: Sequence[HeldForeignKey]) -> SavedDdl:
        # defer_foreign_keys (set at BEGIN) already checks every foreign key at COMMIT.
        return SavedDdl(indexes=[], foreign_keys=[])

    def check_foreign_keys(self, tables: Sequence[DatasetTable]) -> None:
        check_sqlite_foreign_keys(tables, lambda sql: self._exec(sql, context="check FKs"))

    def execute_ddl(self, sql: str) -> None:
        self._exec(sql, context="create the schema")

    def existing_objects(
        self, relations: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]
    ) -> list[str]:
        # One file, one namespace: tables, views, indexes and triggers share it.
        wanted = {name.lower(): f"{schema}.{name}" for schema, name in relations}
        rows = self._exec("SELECT name FROM sqlite_master", context="read the target's tables")
        return sorted(wanted[str(r[0]).lower()] for r in rows if str(r[0]).lower() in wanted)

    def _has_triggers(self, table: DatasetTable) -> bool:
        found = self._exec(
            f"SELECT 1 FROM {_q(table.schema_name)}.sqlite_master WHERE type = 'trigger' "
            "AND lower(tbl_name) = lower(?) LIMIT 1",
            (table.name,),
            context=f"read the triggers of {table.qualified}",
        )
        return bool(found)

    def disable_triggers(self, tables: Sequence[DatasetTable]) -> DisabledTriggers:
        saved = DisabledTriggers()
        for schema in dict.fromkeys(t.schema_name for t in tables):
            names = [t.name for t in tables if t.schema_name == schema]
            part = disable_sqlite_triggers(self._query, self._run, schema, names)
            saved.names += part.names
            saved.restore += part.restore
        return saved

    def restore_triggers(self, saved: DisabledTriggers) -> None:
        restore_triggers(self._run, saved)

    def _query(self, sql_text: str) -> list[tuple[Any, ...]]:
        return self._exec(sql_text, context="read triggers")

    def _run(self, sql_text: str) -> None:
        self._exec(sql_text, context="switch triggers")


def check_sqlite_foreign_keys(
    tables: Sequence[DatasetTable], query: Callable[[str], list[tuple[Any, ...]]]
) -> None:
    """Raise a named :class:`ConstraintViolation` for the first table ``PRAGMA
    foreign_key_check`` finds broken (SQLite's own COMMIT error names none)."""
    for t in tables:
        bad = query(f"PRAGMA foreign_key_check({_q(t.name)})")
        if bad:
            _, rowid, parent, fk_index = bad[0]
            raise ConstraintViolation(
                "constraint_violation",
                f"{len(bad)} row(s) of {t.qualified} reference missing rows of {parent} "
                f"(first: rowid {rowid}, foreign key #{fk_index})",
                path=f"{t.qualified}->{parent}",
                hint="the data breaks a foreign key of the target; evaluate the dataset first",
                constraint=f"{t.name}->{parent}",
            )


def _fixup_batches(fixup: FixupFile, table: DatasetTable) -> Iterator[pa.RecordBatch]:
    columns = (*fixup.key_columns, *fixup.fk_columns)
    yield from open_typed_csv(fixup.path, {c: arrow_type(table.table.column(c)) for c in columns})
