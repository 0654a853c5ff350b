"""PostgreSQL bulk load without Python row tuples: CSV bytes or Arrow batches into ``COPY``.

* :func:`copy_csv` streams a CSV file (or any binary stream) block by block into
  ``COPY ... FROM STDIN (FORMAT csv)``: the bytes go from the file to the socket untouched.
* :func:`copy_arrow` encodes each Arrow batch in datalchemy's CSV dialect (vectorized) and sends
  the block: no per-row Python code. NULL is an unquoted empty field and the empty string is
  ``""``, which is exactly how ``COPY`` CSV tells them apart.

Both run on the caller's connection and transaction (nothing is committed here), so a load can
be rolled back as a whole. Driver errors come out mapped (``ConstraintViolation`` with the
constraint name, ``DatabaseError`` with the SQLSTATE).

Example (``PG_URL`` is a PostgreSQL database):
    >>> from datalchemy.db.postgres import connect
    >>> from datalchemy.db.urls import parse_connection
    >>> _ = Path("leads.csv").write_text('id,name\\n1,Ana\\n2,"Souza, Bia"\\n3,\\n')
    >>> with connect(parse_connection(PG_URL)) as conn, conn.transaction():
    ...     _ = conn.execute("create table leads (id int primary key, name text)")
    ...     copy_csv(conn, "leads", ["id", "name"], Path("leads.csv"))
    3
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import psycopg
import pyarrow as pa
from psycopg import sql

from datalchemy.csvformat import encode_csv
from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.errors import UsageError

__all__ = ["BLOCK_SIZE", "copy_arrow", "copy_csv"]

#: Bytes read from a CSV file per ``COPY`` write.
BLOCK_SIZE = 1 << 20


def _parts(table: str | Sequence[str]) -> Sequence[str]:
    """``schema.table`` split at its dots, or the parts as given (they may hold dots)."""
    return table.split(".") if isinstance(table, str) else table


def _shown(table: str | Sequence[str]) -> str:
    return table if isinstance(table, str) else ".".join(table)


def _statement(table: str | Sequence[str], columns: list[str], *, header: bool) -> sql.Composed:
    if not columns:
        raise UsageError("no_columns", "COPY needs at least one column")
    # psycopg quotes identifiers itself (libpq's escaping, the PostgreSQL engine's own rule).
    target = sql.SQL(".").join(sql.Identifier(part) for part in _parts(table))
    cols = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    options = sql.SQL("FORMAT csv, HEADER true" if header else "FORMAT csv")
    return sql.SQL("COPY {} ({}) FROM STDIN ({})").format(target, cols, options)


def copy_csv(
    conn: psycopg.Connection[Any],
    table: str | Sequence[str],
    columns: list[str],
    source: Path | str | IO[bytes],
    *,
    header: bool = True,
    block_size: int = BLOCK_SIZE,
    metrics: DbMetrics | None = None,
    on_block: Callable[[bytes], None] | None = None,
) -> int:
    """Stream a CSV file into ``table`` with ``COPY``; return the rows loaded.

    Args:
        conn: an open connection; the rows are part of its current transaction.
        table: ``schema.table`` (split at the dots), or its parts ``("dot.schema", "t")``.
        columns: the CSV's columns, in file order.
        source: a path or a binary stream with CSV text (UTF-8).
        header: whether the first line is a header to skip.
        on_block: called with each block after it is sent (progress, hashing); an exception it
            raises aborts the COPY, so nothing of it stays.

    Raises:
        ConstraintViolation / DatabaseError: the server rejected the data (mapped).

    Example:
        >>> copy_csv(conn, "public.t", ["a", "b"], io.BytesIO(b"a,b\\n1,x\\n"))  # doctest: +SKIP
        1
    """
    stmt = _statement(table, columns, header=header)
    start = time.perf_counter()
    sent = 0
    try:
        with contextlib.ExitStack() as stack:
            stream: IO[bytes] = (
                stack.enter_context(Path(source).open("rb"))
                if isinstance(source, (str, Path))
                else source
            )
            cur = stack.enter_context(conn.cursor())
            with cur.copy(stmt) as copy:
                while block := stream.read(block_size):
                    copy.write(block)
                    sent += len(block)
                    if on_block is not None:
                        on_block(block)
            rows = max(cur.rowcount, 0)
    except psycopg.Error as exc:
        err = map_error(exc, context=f"COPY into {_shown(table)} after {sent} bytes")
        if metrics is not None:
            metrics.record_error(err)
        raise err from exc  # the driver error stays as __cause__ (COPY line in diag.context)
    if metrics is not None:
        metrics.record_query(time.perf_counter() - start)
        metrics.record_rows(written=rows, bytes_written=sent)
    return rows


def copy_arrow(
    conn: psycopg.Connection[Any],
    table: str | Sequence[str],
    columns: list[str],
    batches: Iterable[pa.RecordBatch],
    *,
    metrics: DbMetrics | None = None,
    on_block: Callable[[bytes], None] | None = None,
) -> int:
    """Load Arrow ``batches`` into ``table`` through ``COPY`` CSV; return the rows loaded.

    Each batch is encoded in the CSV dialect of :mod:`datalchemy.csvformat` (vectorized; arrays,
    bytea and zoned timestamps as PostgreSQL literals) and written as one block; memory holds one
    encoded batch at a time.

    Example:
        >>> copy_arrow(conn, "public.t", ["a", "b"], reader)  # doctest: +SKIP
        100000
    """
    stmt = _statement(table, columns, header=False)
    start = time.perf_counter()
    sent = rows = 0
    try:
        with conn.cursor() as cur, cur.copy(stmt) as copy:
            for batch in batches:
                if batch.num_columns != len(columns):
                    raise UsageError(
                        "column_count_mismatch",
                        f"the batch has {batch.num_columns} columns but {len(columns)} "
                        "column names were given",
                    )
                if batch.num_rows == 0:
                    continue
                block = encode_csv(pa.Table.from_batches([batch]), header=False)
                copy.write(block)
                sent += len(block)
                rows += batch.num_rows
                if on_block is not None:
                    on_block(block)
    except psycopg.Error as exc:
        err = map_error(exc, context=f"COPY into {_shown(table)} after {rows} rows")
        if metrics is not None:
            metrics.record_error(err)
        raise err from exc
    if metrics is not None:
        metrics.record_query(time.perf_counter() - start)
        metrics.record_rows(written=rows, bytes_written=sent)
    return rows
