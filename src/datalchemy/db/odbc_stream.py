"""Streaming reads over ODBC: a query's result as bounded Arrow record batches (arrow-odbc).

The sync :func:`read_batches` and its asyncio twin :func:`aread_batches` keep memory bounded by
one or two batches: the driver fetches with a server-side cursor (psqlODBC ``UseDeclareFetch=1``
from the driver profile) and each transit buffer is capped (``docs/connectivity.md``).

Example (``ODBC_SQLITE`` is an SQLite file reached through the SQLite3 ODBC driver):
    >>> from datalchemy.db.urls import parse_connection
    >>> info = parse_connection(ODBC_SQLITE)
    >>> sum(b.num_rows for b in read_batches(info, "select 1 union all select 2"))
    2
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Generator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyarrow as pa

from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.odbc import DEFAULT_BATCH, connect_failed, connection_string
from datalchemy.db.urls import ConnectionInfo, redact_text
from datalchemy.errors import DatabaseError, DatalchemyError

__all__ = ["DEFAULT_MAX_BYTES", "aread_batches", "read_batches"]

#: Cap on the transit buffer of one read batch. arrow-odbc sizes text buffers by the width the
#: driver declares (psqlODBC: 8190 characters for ``text``), i.e. ~32 KB per row and text column;
#: under this cap it fetches fewer rows per batch instead of allocating hundreds of MB.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


def _open_reader(
    info: ConnectionInfo,
    query: str,
    batch_size: int,
    max_text_size: int | None,
    max_bytes_per_batch: int,
    query_timeout: float | None,
    parameters: list[str | None] | None,
) -> Any:
    import arrow_odbc

    timeout = None if query_timeout is None else max(1, round(query_timeout))
    try:
        return arrow_odbc.read_arrow_batches_from_odbc(
            query,
            connection_string(info, fetch_size=batch_size),
            batch_size=batch_size,
            parameters=parameters,
            max_bytes_per_batch=max_bytes_per_batch,
            max_text_size=max_text_size,
            max_binary_size=max_text_size,
            falliable_allocations=True,
            # The prefetch thread doubles the transit memory; the stream stays bounded either way.
            fetch_concurrently=True,
            query_timeout_sec=timeout,
        )
    except arrow_odbc.Error as exc:
        if "SQLDriverConnect" in str(exc):
            raise connect_failed(exc, info) from None
        raise map_error(exc, context=f"running ODBC query {_snippet(query)}") from None


def read_batches(
    info: ConnectionInfo,
    query: str,
    batch_size: int = DEFAULT_BATCH,
    *,
    max_text_size: int | None = None,
    max_bytes_per_batch: int = DEFAULT_MAX_BYTES,
    query_timeout: float | None = None,
    parameters: list[str | None] | None = None,
    metrics: DbMetrics | None = None,
) -> Generator[pa.RecordBatch, None, None]:
    """Stream the result of ``query`` as Arrow record batches of at most ``batch_size`` rows.

    Memory stays bounded by one or two batches: the driver fetches with a server-side cursor
    (psqlODBC ``UseDeclareFetch=1``) and each transit buffer is capped at
    ``max_bytes_per_batch`` (wide text rows get fewer rows per batch). ``max_text_size`` caps
    the buffer of one text value (characters); a longer value fails loudly with
    ``value_too_large``, it is never truncated. The reader and its connection are released when the
    iteration ends, fails, or is abandoned (``break`` / ``close()`` on the generator).

    Raises:
        ConnectionFailed: the connection could not be opened.
        DatabaseError: a subclass saying what failed, with the query and the rows already read
            in the message; the stream never ends silently on an error.

    Example:
        >>> from datalchemy.db.urls import parse_connection
        >>> query = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 7) "
        >>> for batch in read_batches(parse_connection(ODBC_SQLITE), query + "select i from n", 5):
        ...     print(batch.num_rows)
        5
        2
    """
    start = time.perf_counter()
    reader = _open_reader(
        info, query, batch_size, max_text_size, max_bytes_per_batch, query_timeout, parameters
    )
    rows = 0
    try:
        while True:
            try:
                batch = next(reader)
            except StopIteration:
                break
            except Exception as exc:
                err = _stream_error(exc, query, rows)
                if metrics is not None:
                    metrics.record_error(err)
                raise err from None
            rows += batch.num_rows
            if metrics is not None:
                metrics.record_rows(read=batch.num_rows, bytes_read=batch.nbytes)
            yield batch
    finally:
        # arrow-odbc frees the statement and connection when the reader is collected.
        del reader
        if metrics is not None:
            metrics.record_query(time.perf_counter() - start)


async def aread_batches(
    info: ConnectionInfo,
    query: str,
    batch_size: int = DEFAULT_BATCH,
    *,
    max_text_size: int | None = None,
    max_bytes_per_batch: int = DEFAULT_MAX_BYTES,
    query_timeout: float | None = None,
    parameters: list[str | None] | None = None,
    metrics: DbMetrics | None = None,
) -> AsyncIterator[pa.RecordBatch]:
    """The asyncio twin of :func:`read_batches`: each fetch runs on one worker thread.

    Cancelling the consuming task (``asyncio.CancelledError``) or leaving the ``async for``
    early lets the in-flight fetch finish on its thread and then releases the reader there, so
    the ODBC handles are never used from two threads at once.

    Example:
        >>> import asyncio
        >>> from datalchemy.db.urls import parse_connection
        >>> async def count() -> int:
        ...     info = parse_connection(ODBC_SQLITE)
        ...     return sum([b.num_rows async for b in aread_batches(info, "select 1")])
        >>> asyncio.run(count())
        1
    """
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datalchemy-odbc")
    loop = asyncio.get_running_loop()
    gen = read_batches(
        info,
        query,
        batch_size,
        max_text_size=max_text_size,
        max_bytes_per_batch=max_bytes_per_batch,
        query_timeout=query_timeout,
        parameters=parameters,
        metrics=metrics,
    )
    done = object()

    def step() -> Any:
        return next(gen, done)

    try:
        while True:
            batch = await loop.run_in_executor(executor, step)
            if batch is done:
                break
            yield batch
    finally:
        # Close on the same thread that fetched; never block the loop while it finishes.
        executor.submit(gen.close)
        executor.shutdown(wait=False)


def _stream_error(exc: BaseException, query: str, rows: int) -> DatalchemyError:
    context = f"streaming ODBC query {_snippet(query)} after {rows} rows"
    if "too large to be written into the allocated buffer" in str(exc):
        return DatabaseError(
            "value_too_large",
            f"{context}: {redact_text(str(exc).strip())}",
            hint="a text or binary value is longer than max_text_size; raise it (or the "
            "driver's limit, e.g. psqlODBC MaxLongVarcharSize)",
        )
    return map_error(exc, context=context)


def _snippet(query: str, limit: int = 80) -> str:
    flat = " ".join(query.split())
    flat = flat if len(flat) <= limit else flat[: limit - 3] + "..."
    return repr(redact_text(flat))
