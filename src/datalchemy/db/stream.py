"""Streaming reads from PostgreSQL (psycopg 3), sync and asyncio, in bounded batches of rows.

Two server-side strategies, both keeping client memory bounded by one batch:

* ``stream`` (default): ``cursor.stream(query, size=batch_size)``, libpq's chunked-rows mode
  (libpq >= 17, bundled with psycopg-binary); the fastest Python-row path measured.
* ``cursor``: a named server-side cursor (``DECLARE`` / ``FETCH``) inside a transaction; works
  with any libpq.

Guarantees (tested against a real server): an error mid-stream raises a mapped
:class:`~datalchemy.errors.DatabaseError` whose message names the query and the rows already
read (never a silent end); the cursor is closed and the connection left usable when the
stream ends, fails, is abandoned (``break`` / ``close()``) or its task is cancelled.

Example (``PG_URL`` is a PostgreSQL database):
    >>> from datalchemy.db.postgres import connect
    >>> from datalchemy.db.urls import parse_connection
    >>> with connect(parse_connection(PG_URL), autocommit=True) as conn:
    ...     sizes = [len(r) for r in stream_rows(conn, "select generate_series(1, 12000)",
    ...                                           batch_size=5000)]
    >>> sizes
    [5000, 5000, 2000]
"""

from __future__ import annotations

import contextlib
import itertools
import time
import uuid
from collections.abc import AsyncGenerator, Generator
from typing import Any, Literal

import psycopg

from datalchemy.db.errors import map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.urls import redact_text
from datalchemy.errors import UsageError

__all__ = ["DEFAULT_BATCH", "StreamMode", "astream_rows", "stream_rows"]

StreamMode = Literal["stream", "cursor"]
DEFAULT_BATCH = 10_000

Row = tuple[Any, ...]


def _check(batch_size: int, mode: str) -> None:
    if batch_size < 1:
        raise UsageError("invalid_batch_size", "batch_size must be at least 1")
    if mode not in ("stream", "cursor"):
        raise UsageError("invalid_stream_mode", f"unknown stream mode {mode!r}")
    if mode == "stream" and not psycopg.capabilities.has_stream_chunked():
        raise UsageError(
            "stream_mode_unavailable",
            "chunked streaming needs libpq >= 17",
            hint="install psycopg[binary] or use mode='cursor'",
        )


def _context(query: str, rows: int) -> str:
    flat = " ".join(query.split())
    flat = flat if len(flat) <= 80 else flat[:77] + "..."
    return f"streaming {redact_text(flat)!r} after {rows} rows"


def _cursor_name() -> str:
    return f"datalchemy_{uuid.uuid4().hex[:16]}"


def stream_rows(
    conn: psycopg.Connection[Any],
    query: str,
    params: Any = None,
    *,
    batch_size: int = DEFAULT_BATCH,
    mode: StreamMode = "stream",
    metrics: DbMetrics | None = None,
) -> Generator[list[Row], None, None]:
    """Yield the rows of ``query`` in lists of at most ``batch_size`` tuples.

    Args:
        conn: an open psycopg connection, not used by anything else while streaming.
        query: the SELECT to run; ``params`` are bound as usual (``%s`` placeholders).
        batch_size: rows per yielded list and per server round trip.
        mode: ``stream`` (chunked rows) or ``cursor`` (named server-side cursor).
        metrics: gets the rows read, one query latency for the whole stream, and errors.

    Raises:
        DatabaseError: a subclass (QueryTimeout, QueryCancelled, ConnectionLost, ...) whose
            message includes the query and how many rows were read before the failure.

    Example:
        >>> from datalchemy.db.postgres import connect
        >>> from datalchemy.db.urls import parse_connection
        >>> with connect(parse_connection(PG_URL)) as conn:
        ...     sum(len(rows) for rows in stream_rows(conn, "select 1", mode="cursor"))
        1
    """
    _check(batch_size, mode)
    if mode == "cursor":
        return _stream_cursor(conn, query, params, batch_size, metrics)
    return _stream_chunked(conn, query, params, batch_size, metrics)


def _stream_chunked(
    conn: psycopg.Connection[Any],
    query: str,
    params: Any,
    batch_size: int,
    metrics: DbMetrics | None,
) -> Generator[list[Row], None, None]:
    start = time.perf_counter()
    rows = 0
    cur = conn.cursor()
    it = cur.stream(query, params, size=batch_size)
    try:
        while True:
            try:
                batch = list(itertools.islice(it, batch_size))
            except psycopg.Error as exc:
                err = map_error(exc, context=_context(query, rows))
                if metrics is not None:
                    metrics.record_error(err)
                raise err from None
            if not batch:
                break
            rows += len(batch)
            if metrics is not None:
                metrics.record_rows(read=len(batch))
            yield batch
    finally:
        # Closing psycopg's generator early cancels the query and drains the connection, so
        # it is usable again (an unconsumed stream would leave it busy).
        try:
            it.close()  # type: ignore[attr-defined]
            cur.close()
        except psycopg.Error:
            pass  # the connection broke; the original error (if any) is already on its way
        if metrics is not None:
            metrics.record_query(time.perf_counter() - start)


def _stream_cursor(
    conn: psycopg.Connection[Any],
    query: str,
    params: Any,
    batch_size: int,
    metrics: DbMetrics | None,
) -> Generator[list[Row], None, None]:
    start = time.perf_counter()
    rows = 0
    try:
        # DECLARE needs a transaction; on a connection already in one this is a savepoint.
        with conn.transaction():
            cur = conn.cursor(name=_cursor_name())
            cur.itersize = batch_size
            try:
                try:
                    cur.execute(query, params)
                except psycopg.Error as exc:
                    raise map_error(exc, context=_context(query, rows)) from None
                while True:
                    try:
                        batch = cur.fetchmany(batch_size)
                    except psycopg.Error as exc:
                        raise map_error(exc, context=_context(query, rows)) from None
                    if not batch:
                        break
                    rows += len(batch)
                    if metrics is not None:
                        metrics.record_rows(read=len(batch))
                    yield batch
            finally:
                if not conn.closed and not conn.broken:
                    # CLOSE the server-side cursor (skipped when the connection broke).
                    with contextlib.suppress(psycopg.Error):
                        cur.close()
    except psycopg.Error as exc:  # COMMIT/ROLLBACK of the wrapping transaction failed
        err = map_error(exc, context=_context(query, rows))
        if metrics is not None:
            metrics.record_error(err)
        raise err from None
    except Exception as exc:
        if metrics is not None and hasattr(exc, "kind"):
            metrics.record_error(exc)
        raise
    finally:
        if metrics is not None:
            metrics.record_query(time.perf_counter() - start)


async def astream_rows(
    conn: psycopg.AsyncConnection[Any],
    query: str,
    params: Any = None,
    *,
    batch_size: int = DEFAULT_BATCH,
    mode: StreamMode = "stream",
    metrics: DbMetrics | None = None,
) -> AsyncGenerator[list[Row], None]:
    """The asyncio twin of :func:`stream_rows` on a ``psycopg.AsyncConnection``.

    Cancelling the consuming task (``asyncio.CancelledError``) or leaving the ``async for``
    early (``aclose()``) cancels the server query and closes the cursor before the
    cancellation propagates.

    Example:
        >>> import asyncio
        >>> from datalchemy.db.postgres import connect_async
        >>> from datalchemy.db.urls import parse_connection
        >>> async def count() -> int:
        ...     total = 0
        ...     async with await connect_async(parse_connection(PG_URL), autocommit=True) as c:
        ...         async for rows in astream_rows(c, "select generate_series(1, 7)"):
        ...             total += len(rows)
        ...     return total
        >>> asyncio.run(count())
        7
    """
    _check(batch_size, mode)
    start = time.perf_counter()
    rows = 0
    try:
        if mode == "stream":
            cur = conn.cursor()
            it = cur.stream(query, params, size=batch_size)
            try:
                batch: list[Row] = []
                async for row in it:
                    batch.append(row)
                    if len(batch) >= batch_size:
                        rows += len(batch)
                        if metrics is not None:
                            metrics.record_rows(read=len(batch))
                        out, batch = batch, []
                        yield out
                if batch:
                    rows += len(batch)
                    if metrics is not None:
                        metrics.record_rows(read=len(batch))
                    yield batch
            finally:
                try:
                    await it.aclose()  # type: ignore[attr-defined]
                    await cur.close()
                except psycopg.Error:
                    pass
        else:
            async with conn.transaction():
                ncur = conn.cursor(name=_cursor_name())
                try:
                    try:
                        await ncur.execute(query, params)
                    except psycopg.Error as exc:
                        raise map_error(exc, context=_context(query, rows)) from None
                    while True:
                        try:
                            fetched = await ncur.fetchmany(batch_size)
                        except psycopg.Error as exc:
                            raise map_error(exc, context=_context(query, rows)) from None
                        if not fetched:
                            break
                        rows += len(fetched)
                        if metrics is not None:
                            metrics.record_rows(read=len(fetched))
                        yield fetched
                finally:
                    if not conn.closed and not conn.broken:
                        with contextlib.suppress(psycopg.Error):
                            await ncur.close()
    except psycopg.Error as exc:
        err = map_error(exc, context=_context(query, rows))
        if metrics is not None:
            metrics.record_error(err)
        raise err from None
    except Exception as exc:
        if metrics is not None and hasattr(exc, "kind"):
            metrics.record_error(exc)
        raise
    finally:
        if metrics is not None:
            metrics.record_query(time.perf_counter() - start)
