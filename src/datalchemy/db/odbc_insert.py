"""Bulk inserts over ODBC: Arrow record batches into a table, inside a transaction.

Two paths (measured in ``docs/connectivity.md``): arrow-odbc binds the Arrow buffers as ODBC
parameter arrays (the fast one); pyodbc ``executemany`` over rows built column-wise (the one
that can say ``OVERRIDING SYSTEM VALUE`` and share a transaction with other pyodbc statements).

Example (``ODBC_SQLITE`` is an SQLite file reached through the SQLite3 ODBC driver):
    >>> import pyarrow as pa
    >>> from datalchemy.db.odbc import connect, transaction
    >>> from datalchemy.db.urls import parse_connection
    >>> conn = connect(parse_connection(ODBC_SQLITE))
    >>> _ = conn.execute("create table leads (id integer primary key, name text)")
    >>> batch = pa.record_batch({"id": [1, 2], "name": ["Ana", None]})
    >>> with transaction(conn):
    ...     insert_batches(conn, "leads", ["id", "name"], [batch], method="pyodbc")
    2
    >>> conn.close()
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.odbc import (
    DEFAULT_BATCH,
    connect_arrow,
    profile_of_connection,
    transaction,
)
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.odbc import ODBC
from datalchemy.engines.odbc_drivers import InsertMethod
from datalchemy.errors import UsageError

__all__ = ["insert_batches"]


@dataclass(frozen=True)
class _Table:
    quoted: str  # as the INSERT names it
    shown: str  # as messages name it

    @classmethod
    def of(cls, table: str | Sequence[str]) -> _Table:
        """``schema.table`` (a name already quoted is kept as written) or its unquoted parts."""
        if not isinstance(table, str):
            return cls(".".join(ODBC.quote(part) for part in table), ".".join(table))
        if '"' in table:
            return cls(table, table)
        return cls(".".join(ODBC.quote(part) for part in table.split(".")), table)


def _rename(batch: pa.RecordBatch, columns: list[str]) -> pa.RecordBatch:
    if batch.num_columns != len(columns):
        raise UsageError(
            "column_count_mismatch",
            f"the batch has {batch.num_columns} columns but {len(columns)} column names were given",
            hint="pass one column name per Arrow column, in the same order",
        )
    if batch.schema.names == columns:
        return batch
    return batch.rename_columns(columns)


def _chunks(batches: Iterable[pa.RecordBatch], size: int) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        if batch.num_rows <= size:
            if batch.num_rows:
                yield batch
            continue
        for offset in range(0, batch.num_rows, size):
            yield batch.slice(offset, size)


def insert_batches(
    target: ConnectionInfo | Any,
    table: str | Sequence[str],
    columns: list[str],
    batches: Iterable[pa.RecordBatch],
    *,
    chunk_size: int = DEFAULT_BATCH,
    method: InsertMethod | None = None,
    metrics: DbMetrics | None = None,
) -> int:
    """Insert Arrow ``batches`` into ``table`` and return the rows written.

    ``table`` is ``schema.table`` (split at the dots; a name holding quotes is used as written)
    or its unquoted parts, ``("dot.schema", "table")``, which may hold any character.

    ``target`` decides who owns the transaction:

    * a ``pyodbc.Connection`` (from :func:`~datalchemy.db.odbc.connect`) or an
      ``arrow_odbc.Connection`` (from :func:`~datalchemy.db.odbc.connect_arrow`): rows are sent
      inside the caller's open transaction and **not** committed, so the caller can roll a whole
      load back (use :func:`~datalchemy.db.odbc.transaction`);
    * a :class:`ConnectionInfo`: an own arrow-odbc connection is opened, everything is inserted
      in one transaction and committed; on any error it is rolled back (all or nothing).

    ``method`` (pyodbc targets): ``executemany`` (safe everywhere, the default) or
    ``fast_executemany`` (parameter arrays; only where the driver profile allows it). On
    PostgreSQL the pyodbc path adds ``OVERRIDING SYSTEM VALUE``, so values go into
    ``GENERATED ALWAYS`` identity columns as given (as with ``COPY``); arrow-odbc builds its own
    INSERT and cannot, so use a pyodbc connection for such tables. Rows are built column-wise
    (``zip`` over ``to_pylist()`` columns, no per-row Python code); arrow-odbc sends the Arrow
    buffers directly.

    Raises:
        ConstraintViolation: a row broke a constraint (the constraint name is set when the
            driver reports it).
        DatabaseError: any other failure, mapped; UsageError: columns do not match the batches.

    Example (arrow-odbc opens its own connection from a ConnectionInfo):
        >>> import pyarrow as pa
        >>> from datalchemy.db.urls import parse_connection
        >>> info = parse_connection(ODBC_SQLITE)
        >>> batch = pa.record_batch({"id": [3, 4], "name": ["Bia", "Caio"]})
        >>> insert_batches(info, "leads", ["id", "name"], [batch])
        2
    """
    if chunk_size < 1:
        raise UsageError("invalid_chunk_size", "chunk_size must be at least 1")
    name = _Table.of(table)
    if isinstance(target, ConnectionInfo):
        conn = connect_arrow(target, autocommit=False, metrics=metrics)
        try:
            with transaction(conn):
                return _insert_arrow(conn, name, columns, batches, chunk_size, metrics)
        finally:
            del conn
    if type(target).__module__.startswith("arrow_odbc"):
        return _insert_arrow(target, name, columns, batches, chunk_size, metrics)
    return _insert_pyodbc(target, name, columns, batches, chunk_size, method, metrics)


def _insert_arrow(
    conn: Any,
    table: _Table,
    columns: list[str],
    batches: Iterable[pa.RecordBatch],
    chunk_size: int,
    metrics: DbMetrics | None,
) -> int:
    stats = {"rows": 0, "bytes": 0}
    batches_iter = iter(batches)
    first = next(batches_iter, None)
    if first is None:
        return 0
    first = _rename(first, columns)
    schema = first.schema

    def counted() -> Iterator[pa.RecordBatch]:
        for batch in itertools.chain([first], batches_iter):
            batch = _rename(batch, columns)
            stats["rows"] += batch.num_rows
            stats["bytes"] += batch.nbytes
            yield batch

    reader = pa.RecordBatchReader.from_batches(schema, counted())
    start = time.perf_counter()
    try:
        # arrow-odbc quotes the Arrow field names itself; the table name is used verbatim.
        conn.insert_into_table(reader, table.quoted, chunk_size)
    except Exception as exc:
        err = map_error(exc, context=f"inserting into {table.shown} after ~{stats['rows']} rows")
        if metrics is not None:
            metrics.record_error(err)
        raise err from None
    written = stats["rows"]
    if metrics is not None:
        metrics.record_query(time.perf_counter() - start)
        metrics.record_rows(written=written, bytes_written=stats["bytes"])
    return written


def _insert_pyodbc(
    conn: Any,
    table: _Table,
    columns: list[str],
    batches: Iterable[pa.RecordBatch],
    chunk_size: int,
    method: InsertMethod | None,
    metrics: DbMetrics | None,
) -> int:
    profile = profile_of_connection(conn)
    if method == "arrow":
        raise UsageError(
            "insert_method_unavailable",
            "the arrow method needs an arrow_odbc connection (connect_arrow) or a ConnectionInfo",
        )
    fast = method == "fast_executemany"
    if fast and not profile.fast_executemany:
        raise UsageError(
            "insert_method_unsafe",
            f"fast_executemany is disabled for the {profile.family} ODBC driver (it crashes or "
            "corrupts data there)",
            hint="use method='executemany' or the arrow method",
        )
    placeholders = ", ".join("?" for _ in columns)
    # Like COPY, write the given values into GENERATED ALWAYS identity columns (PostgreSQL
    # accepts the clause on any table; without it such columns reject every row).
    overriding = " OVERRIDING SYSTEM VALUE" if profile.overriding_system_value else ""
    sql = (
        f"INSERT INTO {table.quoted} ({', '.join(ODBC.quote(c) for c in columns)})"
        f"{overriding} VALUES ({placeholders})"
    )
    written = 0
    cursor = conn.cursor()
    cursor.fast_executemany = fast
    try:
        for chunk in _chunks(batches, chunk_size):
            chunk = _rename(chunk, columns)
            # Column-wise conversion: one C-level pass per column, then zip (no per-row code).
            rows = list(zip(*(_pylist(col) for col in chunk.columns), strict=True))
            start = time.perf_counter()
            try:
                cursor.executemany(sql, rows)
            except Exception as exc:
                err = map_error(exc, context=f"inserting into {table.shown} after {written} rows")
                if metrics is not None:
                    metrics.record_error(err)
                raise err from None
            written += chunk.num_rows
            if metrics is not None:
                metrics.record_query(time.perf_counter() - start)
                metrics.record_rows(written=chunk.num_rows, bytes_written=chunk.nbytes)
    finally:
        with contextlib.suppress(Exception):
            cursor.close()
    return written


def _pylist(column: pa.Array) -> list[Any]:
    """Python values for pyodbc; ``time`` values as text, since pyodbc binds ``datetime.time``
    as SQL_TIME and the driver drops the fractional seconds (measured on psqlODBC)."""
    if pa.types.is_time(column.type):
        return column.cast(pa.string()).to_pylist()  # type: ignore[no-any-return]
    return column.to_pylist()  # type: ignore[no-any-return]
