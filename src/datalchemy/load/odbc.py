"""ODBC target: any database with an ODBC driver, in one connection and one transaction.

The target checks one connection out of the load's :class:`~datalchemy.db.pool.ThinPool` (opened
by :meth:`datalchemy.engines.odbc.OdbcEngine.load_target`) and sends rows with
:func:`datalchemy.db.odbc_insert.insert_batches` on it, so the whole load stays one transaction
that a failure rolls back. Two sessions do the same work:

- **arrow-odbc** (the default): Arrow buffers bound as parameter arrays, about 3x the rows/s of
  pyodbc on psqlODBC (``docs/connectivity.md``);
- **pyodbc**, when a table has a ``GENERATED ALWAYS`` identity column in the data: only there can
  the INSERT say ``OVERRIDING SYSTEM VALUE``.

What differs between databases comes from the driver family's profile
(:mod:`datalchemy.engines.odbc_drivers`): PostgreSQL moves its sequences and checks deferred
constraints, SQLite defers and checks its foreign keys; other drivers get the portable subset
(no index drop, no sequence move).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Protocol

import pyarrow as pa

from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.odbc_insert import insert_batches
from datalchemy.db.pool import ThinPool
from datalchemy.engines.odbc import ODBC
from datalchemy.engines.odbc_drivers import DriverProfile
from datalchemy.errors import DatalchemyError, QueryCancelled, UsageError
from datalchemy.load.cycles import HeldForeignKey
from datalchemy.load.dataset import DatasetTable, FixupFile
from datalchemy.load.reader import arrow_type, open_typed_csv, read_batches
from datalchemy.load.sqlite import check_sqlite_foreign_keys
from datalchemy.load.target import Progress, SavedDdl, StepProgress, TableLoadError
from datalchemy.load.triggers import (
    TRIGGER_SWITCHES,
    DisabledTriggers,
    restore_triggers,
)

__all__ = ["OdbcTarget", "needs_pyodbc"]

_q = ODBC.quote


def needs_pyodbc(tables: Iterable[DatasetTable]) -> bool:
    """True when some table writes a ``GENERATED ALWAYS`` identity column (arrow-odbc cannot)."""
    return any(
        c.identity == "always" and c.name in t.columns for t in tables for c in t.table.columns
    )


class _Session(Protocol):
    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]: ...

    def execute(self, sql: str, params: Sequence[object] = ()) -> None: ...

    @property
    def connection(self) -> Any: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class _PyodbcSession:
    """A pooled pyodbc connection, switched to manual commit for the target's transaction."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.connection.autocommit = False  # the pool turns it back on when it is returned

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        cur = self.connection.cursor()
        try:
            cur.execute(sql, *params)
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
        finally:
            cur.close()

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        cur = self.connection.cursor()
        try:
            cur.execute(sql, *params)
        finally:
            cur.close()

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()


class _ArrowSession:
    """A pooled arrow-odbc connection (the pool keeps those in manual commit mode)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @staticmethod
    def _params(params: Sequence[object]) -> list[str | None] | None:
        # arrow-odbc binds text parameters; the SQL casts where a type matters.
        return [None if p is None else str(p) for p in params] or None

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        # Control queries return a few short rows; arrow-odbc would otherwise size its buffers
        # for 65,535 rows of the widest declared text (8,190 characters on psqlODBC): ~1 GB.
        reader = self.connection.read_arrow_batches(
            sql,
            batch_size=256,
            parameters=self._params(params),
            max_text_size=1024,
            max_bytes_per_batch=4 << 20,
            fetch_concurrently=False,
        )
        rows: list[tuple[Any, ...]] = []
        for batch in reader:
            rows += zip(*(col.to_pylist() for col in batch.columns), strict=True)
        return rows

    def execute(self, sql: str, params: Sequence[object] = ()) -> None:
        self.connection.execute(sql, parameters=self._params(params))

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()


def _no_create_schema() -> UsageError:
    # The runner refuses --create-schema for ODBC before it opens a target; this is the backstop.
    return UsageError(
        "create_schema_unsupported",
        "--create-schema creates PostgreSQL and SQLite schemas through their native connections, "
        "not through ODBC",
        hint="connect with postgresql:// or sqlite:///, or create the tables yourself",
    )


class OdbcTarget:
    """One connection checked out of the load's pool (pyodbc or arrow-odbc connections, as the
    pool was opened) for as long as the target lives."""

    strategy = "odbc_bulk"

    def __init__(
        self, pool: ThinPool, metrics: DbMetrics, profile: DriverProfile, *, pyodbc: bool = False
    ) -> None:
        self._metrics = metrics
        self._profile = profile
        self._cancelled = False
        self._checkout = contextlib.ExitStack()
        connection = self._checkout.enter_context(pool.connection())
        try:
            self._session: _Session = (_PyodbcSession if pyodbc else _ArrowSession)(connection)
        except Exception as exc:
            self._checkout.close()
            raise map_error(exc, context="start an ODBC load session") from None

    def _name(self, table: DatasetTable) -> str:
        return ODBC.qualify(table.schema_name, table.name, capabilities=self._profile.capabilities)

    def _run(self, fn: Any, context: str) -> Any:
        start = time.perf_counter()
        try:
            result = fn()
        except DatalchemyError:
            raise
        except Exception as exc:
            err = map_error(exc, context=context)
            self._metrics.record_error(err)
            raise err from None
        self._metrics.record_query(time.perf_counter() - start)
        return result

    def _query(self, sql: str, params: Sequence[object] = (), *, context: str) -> list[Any]:
        return self._run(lambda: self._session.query(sql, params), context)  # type: ignore[no-any-return]

    def _execute(self, sql: str, params: Sequence[object] = (), *, context: str) -> None:
        self._run(lambda: self._session.execute(sql, params), context)

    def begin(self) -> None:
        self.rollback()
        for statement in self._profile.load_begin:
            self._execute(statement, context="prepare the load transaction")

    def commit(self) -> None:
        self._run(self._session.commit, "commit")

    def rollback(self) -> None:
        with contextlib.suppress(Exception):
            self._session.rollback()

    def close(self) -> None:
        self.rollback()
        self._checkout.close()  # back to the pool (a broken connection is replaced there)

    def count(self, table: DatasetTable) -> int:
        rows = self._query(f"SELECT count(*) FROM {self._name(table)}", context="count")
        return int(rows[0][0])

    def cancel(self) -> None:
        # ODBC has no cancel that is safe from another thread on every driver; the insert loop
        # stops at the next batch of rows instead (the runner's signal flag, between batches).
        self._cancelled = True

    def empty(self, tables: Sequence[DatasetTable], on_step: StepProgress) -> None:
        ordered = list(reversed(tables))
        for i, t in enumerate(ordered):
            on_step("empty tables", i, len(ordered))
            self._execute(f"DELETE FROM {self._name(t)}", context=f"empty {t.qualified}")
        on_step("empty tables", len(ordered), len(ordered))

    def drop_secondary(self, tables: Sequence[DatasetTable]) -> SavedDdl:
        return SavedDdl(indexes=[], foreign_keys=[])  # portable ODBC has no DDL to read back

    def restore_secondary(self, saved: SavedDdl) -> None:
        return None

    def load_table(self, table: DatasetTable, progress: Progress) -> int:
        parts = (table.schema_name, table.name)
        name = parts if self._profile.capabilities.schemas else parts[1:]

        def batches() -> Iterator[pa.RecordBatch]:
            done = 0
            for batch in read_batches(table):
                if self._cancelled:
                    raise QueryCancelled(
                        "query_cancelled", f"the load of {table.qualified} was stopped"
                    )
                yield batch
                done += batch.nbytes
                progress(table, min(done, table.bytes))

        try:
            return insert_batches(
                self._session.connection,
                name,
                list(table.columns),
                batches(),
                metrics=self._metrics,
            )
        except DatalchemyError as exc:
            raise TableLoadError(exc, None, raw=exc.message) from None

    def apply_fixup(self, table: DatasetTable, fixup: FixupFile) -> int:
        column = table.table.column
        # Explicit casts: arrow-odbc binds text, and the database must compare typed values.
        sets = ", ".join(
            f"{_q(c)} = CAST(? AS {column(c).declared_type})" for c in fixup.fk_columns
        )
        where = " AND ".join(
            f"{_q(c)} = CAST(? AS {column(c).declared_type})" for c in fixup.key_columns
        )
        update = f"UPDATE {self._name(table)} SET {sets} WHERE {where}"
        set_now = " AND ".join(f"{_q(c)} IS NOT NULL" for c in fixup.fk_columns)
        count_set = f"SELECT count(*) FROM {self._name(table)} WHERE {set_now}"
        context = f"apply fix-ups of {table.qualified}"
        # The dataset's rows arrive with these FKs NULL and the fix-ups set them, so the growth
        # of the rows whose FK is set is what was updated (arrow-odbc reports no row counts).
        before = int(self._query(count_set, context=context)[0][0])
        order = [*fixup.fk_columns, *fixup.key_columns]
        types = {c: arrow_type(column(c)) for c in order}
        for batch in open_typed_csv(fixup.path, types):
            values = [batch.column(c).to_pylist() for c in order]
            for row in zip(*values, strict=True):
                self._execute(update, row, context=context)
        return int(self._query(count_set, context=context)[0][0]) - before

    def move_sequences(self, table: DatasetTable) -> list[str]:
        if self._profile.sequence_sql is None:
            return []
        find, setval = self._profile.sequence_sql
        rel = ODBC.qualify(table.schema_name, table.name)
        moved = []
        for column, sequence in self._query(find, (rel, rel), context="find sequences"):
            if sequence is None or column not in table.columns:
                continue
            found = self._query(
                setval.format(column=_q(column), table=rel),
                (sequence, sequence),
                context=f"move sequence {sequence}",
            )
            if found:
                moved.append(str(sequence))
        return moved

    def disable_triggers(self, tables: Sequence[DatasetTable]) -> DisabledTriggers:
        switch = TRIGGER_SWITCHES.get(self._profile.dialect or "")

        def query(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in self._query(sql, context="read triggers")]

        def execute(sql: str) -> None:
            self._execute(sql, context="switch triggers")

        if switch is not None:
            return switch(query, execute, tables)
        raise UsageError(
            "triggers_disable_unsupported",
            f"switching triggers off is not supported through the {self._profile.label} ODBC "
            "driver",
            hint="load with --triggers enable, switch the triggers off in the database "
            "yourself, or connect natively (postgresql://, sqlite:///)",
        )

    def restore_triggers(self, saved: DisabledTriggers) -> None:
        restore_triggers(lambda sql: self._execute(sql, context="switch triggers"), saved)

    def current_date(self) -> date | None:
        # Drivers spell "today" differently; the database still checks its CHECKs at load.
        return None

    def hold_foreign_keys(self, held: Sequence[HeldForeignKey]) -> SavedDdl:
        # The SQLite family defers every foreign key at BEGIN (load_begin); the portable target
        # drops no constraint, so plan resolution refuses NOT NULL cycles for the others.
        return SavedDdl(indexes=[], foreign_keys=[])

    def execute_ddl(self, sql: str) -> None:
        raise _no_create_schema()

    def existing_objects(
        self, relations: Sequence[tuple[str, str]], types: Sequence[tuple[str, str]]
    ) -> list[str]:
        raise _no_create_schema()

    def check_foreign_keys(self, tables: Sequence[DatasetTable]) -> None:
        for statement in self._profile.load_check:
            self._execute(statement, context="check deferred constraints")
        if self._profile.foreign_key_pragma:
            check_sqlite_foreign_keys(tables, lambda sql: self._query(sql, context="check FKs"))
