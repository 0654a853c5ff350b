"""Streaming read rates (psycopg vs arrow-odbc, sync vs asyncio) and ODBC bulk-insert rates.

    .venv/bin/python bench/db_stream.py [--sizes 1000,100000,1000000] [--batch 10000]
                                        [--insert-rows 50000] [--no-insert]

Starts its own throwaway PostgreSQL (tests/support/pgserver.py), fills a 4-column table with
1 M rows, then streams a small, a medium and a large query with every client. Each streaming
case runs in a fresh subprocess so its peak memory (``ru_maxrss`` minus the RSS after imports)
is its own. Reported per case: rows/s, p95 of the time between two batches, peak RSS growth.

The insert section times :func:`datalchemy.db.odbc_insert.insert_batches` inside one transaction
(commit included) for each method on psqlODBC and on libsqliteodbc.

Numbers are for ratios on this machine only: the client and the server share the same cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

TABLE_SQL = (
    "create table bench_rows as select i::bigint as id, md5(i::text) as name, "
    "(i % 100000)::numeric(12,2) / 100 as amount, "
    "timestamp '2024-01-01' + i * interval '1 second' as seen "
    "from generate_series(1, {n}) i"
)
CLIENTS = ["psycopg-stream", "psycopg-cursor", "psycopg-async", "odbc-arrow", "odbc-arrow-async"]


# ------------------------------------------------------------------ one streaming case (child)


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def run_case(url: str, client: str, rows: int, batch: int) -> dict[str, Any]:
    from datalchemy.db import odbc_stream
    from datalchemy.db.postgres import connect, connect_async
    from datalchemy.db.stream import astream_rows, stream_rows
    from datalchemy.db.urls import parse_connection

    info = parse_connection(url)
    query = f"select id, name, amount, seen from bench_rows order by id limit {rows}"
    base = _rss_kb()
    gaps: list[float] = []
    total = 0
    start = time.perf_counter()
    last = start
    if client in ("psycopg-stream", "psycopg-cursor"):
        mode = "stream" if client == "psycopg-stream" else "cursor"
        with connect(info, autocommit=True) as conn:
            for chunk in stream_rows(conn, query, batch_size=batch, mode=mode):
                now = time.perf_counter()
                gaps.append(now - last)
                last = now
                total += len(chunk)
    elif client == "psycopg-async":

        async def main() -> int:
            nonlocal last
            count = 0
            conn = await connect_async(info, autocommit=True)
            try:
                async for chunk in astream_rows(conn, query, batch_size=batch):
                    now = time.perf_counter()
                    gaps.append(now - last)
                    last = now
                    count += len(chunk)
            finally:
                await conn.close()
            return count

        total = asyncio.run(main())
    elif client == "odbc-arrow":
        for rb in odbc_stream.read_batches(info, query, batch):
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
            total += rb.num_rows
    else:

        async def amain() -> int:
            nonlocal last
            count = 0
            async for rb in odbc_stream.aread_batches(info, query, batch):
                now = time.perf_counter()
                gaps.append(now - last)
                last = now
                count += rb.num_rows
            return count

        total = asyncio.run(amain())
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "client": client,
        "rows": total,
        "seconds": elapsed,
        "rows_per_s": total / elapsed if elapsed else 0.0,
        "p95_batch_ms": _p95(gaps) * 1000,
        "peak_mb": max(0, peak_kb - base) / 1024,
    }


# ------------------------------------------------------------------ insert rates (parent)


def _arrow_batches(n: int, size: int = 10_000) -> list[Any]:
    import datetime as dt
    import decimal

    import pyarrow as pa

    out = []
    for offset in range(0, n, size):
        ids = list(range(offset + 1, min(n, offset + size) + 1))
        out.append(
            pa.RecordBatch.from_arrays(
                [
                    pa.array(ids, pa.int64()),
                    pa.array([f"name {i}" for i in ids]),
                    pa.array(
                        [decimal.Decimal(i % 100000) / 100 for i in ids], pa.decimal128(12, 2)
                    ),
                    pa.array([dt.datetime(2024, 1, 1) + dt.timedelta(seconds=i) for i in ids]),
                    pa.array([i % 2 == 0 for i in ids]),
                    pa.array([None if i % 3 == 0 else "note" for i in ids]),
                ],
                names=["id", "name", "amount", "seen", "ok", "note"],
            )
        )
    return out


def insert_rates(pg_url: str, rows: int) -> list[tuple[str, str, float]]:
    import psycopg

    from datalchemy.db import odbc, odbc_insert
    from datalchemy.db.urls import parse_connection

    batches = _arrow_batches(rows)
    results: list[tuple[str, str, float]] = []
    ddl = (
        "create table ins (id bigint primary key, name varchar(40), amount numeric(12,2), "
        "seen timestamp, ok boolean, note text)"
    )
    tmp = Path(tempfile.mkdtemp(prefix="datalchemy-bench-"))
    targets: list[tuple[str, Any, Any]] = []

    def pg_reset() -> None:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute("drop table if exists ins")
            conn.execute(ddl)

    db = tmp / "ins.db"

    def sqlite_reset() -> None:
        db.unlink(missing_ok=True)
        conn = sqlite3.connect(db)
        conn.execute(ddl.replace("bigint primary key", "integer primary key"))
        conn.commit()
        conn.close()

    pg_info = parse_connection(odbc.connection_string(parse_connection(pg_url)))
    sqlite_info = parse_connection(f"Driver={{SQLite3}};Database={db}")
    targets = [("psqlODBC", pg_info, pg_reset), ("SQLite3 ODBC", sqlite_info, sqlite_reset)]
    for label, info, reset in targets:
        methods = ["arrow", "executemany"]
        if odbc.driver_profile(info).fast_executemany:
            methods.insert(1, "fast_executemany")
        for method in methods:
            reset()
            conn = odbc.connect_arrow(info) if method == "arrow" else odbc.connect(info)
            kwargs: dict[str, Any] = {} if method == "arrow" else {"method": method}
            n = rows if method != "executemany" or label != "psqlODBC" else min(rows, 10_000)
            chosen = batches if n == rows else _arrow_batches(n)
            start = time.perf_counter()
            with odbc.transaction(conn):
                written = odbc_insert.insert_batches(
                    conn, "ins", ["id", "name", "amount", "seen", "ok", "note"], chosen, **kwargs
                )
            elapsed = time.perf_counter() - start
            assert written == n
            results.append((label, f"{method} ({n} rows)", n / elapsed))
            del conn
    return results


# ------------------------------------------------------------------ driver


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--insert-rows", type=int, default=50_000)
    ap.add_argument("--no-insert", action="store_true")
    ap.add_argument(
        "--case", nargs=4, metavar=("URL", "CLIENT", "ROWS", "BATCH"), help=argparse.SUPPRESS
    )
    args = ap.parse_args()
    if args.case:
        url, client, rows, batch = args.case
        print(json.dumps(run_case(url, client, int(rows), int(batch))))
        return

    from support.pgserver import PostgresServer

    sizes = [int(s) for s in args.sizes.split(",")]
    with PostgresServer() as server:
        url = server.create_database("bench")
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(TABLE_SQL.format(n=max(sizes)))
            conn.execute("alter table bench_rows add primary key (id)")
            conn.execute("vacuum analyze bench_rows")
        print(
            f"PostgreSQL {server.version} on 127.0.0.1, batch {args.batch} rows; "
            f"{os.cpu_count()} CPUs shared by client and server\n"
        )
        header = (
            f"{'query rows':>10}  {'client':<18}{'rows/s':>12}{'p95 batch ms':>14}{'peak MB':>10}"
        )
        print(header)
        print("-" * len(header))
        for size in sizes:
            for client in CLIENTS:
                proc = subprocess.run(
                    [sys.executable, __file__, "--case", url, client, str(size), str(args.batch)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if proc.returncode != 0:
                    print(
                        f"{size:>10}  {client:<18}  FAILED: {proc.stderr.strip().splitlines()[-1]}"
                    )
                    continue
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                assert r["rows"] == size, r
                print(
                    f"{size:>10}  {client:<18}{r['rows_per_s']:>12,.0f}"
                    f"{r['p95_batch_ms']:>14.1f}{r['peak_mb']:>10.1f}"
                )
        if not args.no_insert:
            print(
                f"\nODBC bulk insert, {args.insert_rows} rows x 6 columns, one transaction "
                "(commit included)\n"
            )
            print(f"{'driver':<14}{'method':<34}{'rows/s':>12}")
            print("-" * 60)
            for label, method, rate in insert_rates(url, args.insert_rows):
                print(f"{label:<14}{method:<34}{rate:>12,.0f}")


if __name__ == "__main__":
    main()
