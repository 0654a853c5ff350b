"""Streaming reads from the real PostgreSQL test server: errors, early exit, memory, asyncio."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import psycopg
import pytest

from datalchemy.db.metrics import DbMetrics
from datalchemy.db.postgres import connect, connect_async
from datalchemy.db.stream import astream_rows, stream_rows
from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import DatabaseError, QueryCancelled, QueryTimeout
from support.pgserver import PostgresServer

MODES = ["stream", "cursor"]
BIG = "select i, md5(i::text) as h from generate_series(1, 1000000) i"
DIV_ZERO = "select 1 / (i - 500000) from generate_series(1, 1000000) i"
# The server sends the first 2000 rows, then blocks in pg_sleep: only a cancel ends it early.
BLOCKING = "select i, case when i = 2500 then pg_sleep(60) end from generate_series(1, 5000) i"


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")  # pragma: no cover


def backend_state(admin_url: str, pid: int) -> tuple[str, str]:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "select state, query from pg_stat_activity where pid = %s", (pid,)
        ).fetchone()
    assert row is not None
    return str(row[0]), str(row[1])


def cancel_logged(server: PostgresServer, marker: str) -> bool:
    """Whether the server log records a user cancel of the statement containing ``marker``."""
    assert server.log_path is not None
    lines = server.log_path.read_text(errors="replace").splitlines()
    for i, line in enumerate(lines):
        if "canceling statement due to user request" in line:
            following = " ".join(lines[i + 1 : i + 3])
            if marker in following:
                return True
    return False


@pytest.mark.parametrize("mode", MODES)
def test_stream_reads_all_rows_in_batches(mode: str, pg_info: ConnectionInfo) -> None:
    metrics = DbMetrics()
    with connect(pg_info, autocommit=True) as conn:
        sizes = [
            len(b)
            for b in stream_rows(
                conn,
                "select i from generate_series(1, 2500) i",
                batch_size=1000,
                mode=mode,
                metrics=metrics,
            )
        ]
    assert sizes == [1000, 1000, 500]
    snap = metrics.snapshot()
    assert snap.rows_read == 2500
    assert snap.queries == 1


@pytest.mark.parametrize("mode", MODES)
def test_error_mid_stream_raises_with_context(mode: str, pg_info: ConnectionInfo) -> None:
    metrics = DbMetrics()
    received = 0
    with connect(pg_info, autocommit=True) as conn:
        with pytest.raises(DatabaseError) as info:
            for batch in stream_rows(conn, DIV_ZERO, batch_size=10_000, mode=mode, metrics=metrics):
                received += len(batch)
        # The connection is still usable after the failed stream.
        assert conn.execute("select 1").fetchone() == (1,)
    err = info.value
    assert received > 0  # rows flowed before the failure: it really failed mid-stream
    assert err.sqlstate == "22012"
    assert err.code == "sql_error"
    assert "division by zero" in err.message
    assert f"after {received} rows" in err.message
    assert "generate_series" in err.message  # the query is named
    assert metrics.snapshot().errors_by_kind == {"sql": 1}


@pytest.mark.parametrize("mode", MODES)
def test_early_exit_closes_cursor_and_cancels(
    mode: str, pg_info: ConnectionInfo, pg_url: str, pg_server: PostgresServer
) -> None:
    marker = f"early_exit_{mode}"
    query = BLOCKING + f" -- {marker}"
    with connect(pg_info, autocommit=True) as conn:
        pid = conn.info.backend_pid
        gen = stream_rows(conn, query, batch_size=1000, mode=mode)
        first = next(gen)
        assert len(first) == 1000
        gen.close()  # the consumer stops early (same path as `break`)
        state, _ = backend_state(pg_url, pid)
        assert state == "idle"  # not still running the query, not left in a transaction
        assert conn.execute("select count(*) from pg_cursors").fetchone() == (0,)
        assert conn.execute("select 2").fetchone() == (2,)
    if mode == "stream":
        # The server-side statement was cancelled, not drained to its end.
        assert cancel_logged(pg_server, marker)


def test_break_in_for_loop_releases_connection(pg_info: ConnectionInfo, pg_url: str) -> None:
    with connect(pg_info, autocommit=True) as conn:
        pid = conn.info.backend_pid
        for batch in stream_rows(conn, BIG, batch_size=5000):
            assert len(batch) == 5000
            break
        state, _ = backend_state(pg_url, pid)
        assert state == "idle"
        assert conn.execute("select 3").fetchone() == (3,)


@pytest.mark.parametrize("mode", MODES)
def test_memory_stays_flat_over_a_million_rows(mode: str, pg_info: ConnectionInfo) -> None:
    with connect(pg_info, autocommit=True) as conn:
        # Warm up: imports, type adapters and the first buffers are not growth.
        for _ in stream_rows(conn, "select i, md5(i::text) from generate_series(1, 20000) i"):
            pass
        base = rss_kb()
        peak = base
        rows = 0
        for batch in stream_rows(conn, BIG, batch_size=10_000, mode=mode):
            rows += len(batch)
            peak = max(peak, rss_kb())
    assert rows == 1_000_000
    growth_mb = (peak - base) / 1024
    # Materialising 1M (int, md5) tuples would take ~150 MB; a bounded stream a few MB.
    assert growth_mb < 60, f"RSS grew by {growth_mb:.1f} MB"


def test_statement_timeout_mid_stream_is_query_timeout(pg_info: ConnectionInfo) -> None:
    with connect(pg_info, autocommit=True) as conn:
        conn.execute("set statement_timeout = 200")
        with pytest.raises(QueryTimeout) as info:
            for _ in stream_rows(conn, BLOCKING, batch_size=1000):
                pass
    assert info.value.sqlstate == "57014"
    assert "after 2000 rows" in info.value.message


def test_cancel_from_another_thread_is_query_cancelled(pg_info: ConnectionInfo) -> None:
    import threading

    with connect(pg_info, autocommit=True) as conn:
        got_first = threading.Event()

        def canceller() -> None:
            got_first.wait(timeout=30)
            conn.cancel_safe()

        t = threading.Thread(target=canceller)
        t.start()
        with pytest.raises(QueryCancelled) as info:
            for _ in stream_rows(conn, BLOCKING, batch_size=1000):
                got_first.set()
        t.join()
    assert info.value.sqlstate == "57014"
    assert info.value.kind == "cancelled"


# ------------------------------------------------------------------ asyncio


@pytest.mark.parametrize("mode", MODES)
def test_async_stream_reads_and_errors(mode: str, pg_info: ConnectionInfo) -> None:
    async def main() -> tuple[int, int, BaseException | None]:
        conn = await connect_async(pg_info, autocommit=True)
        try:
            total = 0
            async for batch in astream_rows(
                conn, "select i from generate_series(1, 25000) i", batch_size=10_000, mode=mode
            ):
                total += len(batch)
            received = 0
            caught: BaseException | None = None
            try:
                async for batch in astream_rows(conn, DIV_ZERO, batch_size=10_000, mode=mode):
                    received += len(batch)
            except DatabaseError as exc:
                caught = exc
            cur = await conn.execute("select 1")
            assert await cur.fetchone() == (1,)
            return total, received, caught
        finally:
            await conn.close()

    total, received, caught = asyncio.run(main())
    assert total == 25_000
    assert received > 0
    assert isinstance(caught, DatabaseError)
    assert caught.sqlstate == "22012"
    assert "after" in caught.message


@pytest.mark.parametrize("mode", MODES)
def test_async_cancellation_closes_stream(
    mode: str, pg_info: ConnectionInfo, pg_url: str, pg_server: PostgresServer
) -> None:
    marker = f"async_cancel_{mode}"
    query = BLOCKING + f" -- {marker}"

    async def main() -> tuple[str, Any, Any]:
        conn = await connect_async(pg_info, autocommit=True)
        try:
            got_first = asyncio.Event()

            async def consume() -> None:
                async for _batch in astream_rows(conn, query, batch_size=1000, mode=mode):
                    got_first.set()

            task = asyncio.create_task(consume())
            await asyncio.wait_for(got_first.wait(), timeout=30)
            await asyncio.sleep(0.05)  # let the consumer block on the next chunk
            task.cancel()
            outcome: Any = None
            try:
                await task
            except asyncio.CancelledError as exc:
                outcome = exc
            state = backend_state(pg_url, conn.info.backend_pid)[0]
            cur = await conn.execute("select count(*) from pg_cursors")
            cursors = await cur.fetchone()
            return state, outcome, cursors
        finally:
            await conn.close()

    state, outcome, cursors = asyncio.run(main())
    assert isinstance(outcome, asyncio.CancelledError)  # cancellation propagates, not swallowed
    assert state == "idle"
    assert cursors == (0,)
    if mode == "stream":
        assert cancel_logged(pg_server, marker)
