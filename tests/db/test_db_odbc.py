"""ODBC through real drivers: psqlODBC against the test server, libsqliteodbc on real files."""

from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pytest

from datalchemy.db import odbc, odbc_insert, odbc_stream
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.urls import ConnectionInfo, parse_connection
from datalchemy.errors import ConstraintViolation, DatabaseError, UsageError

PG_TABLE = (
    "create table items (id bigint primary key, name varchar(40), price numeric(12,2), "
    "seen timestamp, ok boolean, note text)"
)
SQLITE_TABLE = (
    "create table items (id integer primary key, name varchar(40), price numeric(12,2), "
    "seen timestamp, ok boolean, note text)"
)
COLUMNS = ["id", "name", "price", "seen", "ok", "note"]


def make_batches(n: int, *, start: int = 1, size: int = 1000) -> Iterator[pa.RecordBatch]:
    for offset in range(0, n, size):
        ids = list(range(start + offset, start + min(n, offset + size)))
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(ids, pa.int64()),
                pa.array([f"item {i}" for i in ids]),
                pa.array([decimal.Decimal(i) / 100 for i in ids], pa.decimal128(12, 2)),
                pa.array([dt.datetime(2024, 1, 1) + dt.timedelta(minutes=i) for i in ids]),
                pa.array([i % 2 == 0 for i in ids]),
                pa.array([None if i % 3 == 0 else "n" for i in ids]),
            ],
            names=COLUMNS,
        )


@pytest.fixture
def pg_items(pg_odbc_info: ConnectionInfo, pg_url: str) -> ConnectionInfo:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(PG_TABLE)
    return pg_odbc_info


@pytest.fixture
def sqlite_items(sqlite_odbc_info: ConnectionInfo, sqlite_path: Path) -> ConnectionInfo:
    conn = sqlite3.connect(sqlite_path)
    conn.execute(SQLITE_TABLE)
    conn.commit()
    conn.close()
    return sqlite_odbc_info


def count(info: ConnectionInfo) -> int:
    conn = odbc.connect(info, autocommit=True)
    try:
        return int(conn.cursor().execute("select count(*) from items").fetchone()[0])
    finally:
        conn.close()


# ------------------------------------------------------------------ connection strings


def test_profile_settings_are_added_but_user_values_win() -> None:
    info = parse_connection(
        "Driver={PostgreSQL Unicode};Server=h;Database=d;UID=u;PWD=Pr0file-Pw;Fetch=77"
    )
    text = odbc.connection_string(info, fetch_size=500, query_timeout=1.5)
    assert "UseDeclareFetch=1" in text
    assert "CommLog=0" in text
    assert "Fetch=77" in text and "Fetch=500" not in text
    assert "ConnSettings={SET statement_timeout=1500}" in text
    pg = parse_connection("postgresql://ana:Pr0f%3Bile@db:5433/crm?sslmode=require")
    text = odbc.connection_string(pg)
    assert text.startswith("Driver={PostgreSQL Unicode};Server=db;Port=5433;Database=crm;UID=ana;")
    assert "PWD={Pr0f;ile}" in text  # a ';' in the password is brace-quoted
    assert "SSLmode=require" in text
    assert odbc.driver_profile("Driver={Some Vendor};Server=x").family == "generic"


# ------------------------------------------------------------------ streaming


@pytest.mark.parametrize("fixture", ["pg_items", "sqlite_items"])
def test_read_batches_streams_arrow(fixture: str, request: pytest.FixtureRequest) -> None:
    info: ConnectionInfo = request.getfixturevalue(fixture)
    assert odbc_insert.insert_batches(info, "items", COLUMNS, make_batches(2500)) == 2500
    metrics = DbMetrics()
    batches = list(
        odbc_stream.read_batches(
            info, "select id, name from items order by id", 1000, metrics=metrics
        )
    )
    assert [b.num_rows for b in batches] == [1000, 1000, 500]
    assert batches[0].column(0)[0].as_py() == 1
    assert batches[-1].column(1)[-1].as_py() == "item 2500"
    snap = metrics.snapshot()
    assert snap.rows_read == 2500
    assert snap.bytes_read == sum(b.nbytes for b in batches)
    assert snap.queries == 1


def test_read_batches_error_mid_stream(pg_odbc_info: ConnectionInfo) -> None:
    received = 0
    query = "select 1 / (i - 50000) from generate_series(1, 100000) i"
    with pytest.raises(DatabaseError) as err:
        for batch in odbc_stream.read_batches(pg_odbc_info, query, 1000):
            received += batch.num_rows
    assert received > 0  # the declare/fetch cursor streamed rows before the failure
    assert err.value.sqlstate == "22012"
    assert f"after {received} rows" in err.value.message


def test_read_batches_early_exit_releases_connection(
    pg_odbc_info: ConnectionInfo, pg_url: str
) -> None:
    marker = "odbc_early_exit_marker"
    gen = odbc_stream.read_batches(
        pg_odbc_info, f"select i, '{marker}' from generate_series(1, 1000000) i", 1000
    )
    first = next(gen)
    assert first.num_rows == 1000
    gen.close()
    with psycopg.connect(pg_url, autocommit=True) as admin:
        left = admin.execute(
            "select count(*) from pg_stat_activity where query like %s and pid <> pg_backend_pid()",
            (f"%{marker}%",),
        ).fetchone()
    assert left == (0,)  # the ODBC session (and its cursor) is gone


def test_aread_batches_reads_and_cancels(pg_odbc_info: ConnectionInfo, pg_url: str) -> None:
    async def main() -> tuple[int, Any]:
        total = 0
        async for batch in odbc_stream.aread_batches(
            pg_odbc_info, "select i from generate_series(1, 25000) i", 10_000
        ):
            total += batch.num_rows
        got_first = asyncio.Event()

        async def consume() -> None:
            async for _ in odbc_stream.aread_batches(
                pg_odbc_info, "select i from generate_series(1, 10000000) i", 1000
            ):
                got_first.set()
                await asyncio.sleep(0.01)

        task = asyncio.create_task(consume())
        await asyncio.wait_for(got_first.wait(), 30)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError as exc:
            return total, exc
        return total, None

    total, outcome = asyncio.run(main())
    assert total == 25_000
    assert isinstance(outcome, asyncio.CancelledError)


# ------------------------------------------------------------------ bulk insert


@pytest.mark.parametrize("fixture", ["pg_items", "sqlite_items"])
@pytest.mark.parametrize("method", ["executemany", "fast_executemany", "arrow"])
def test_insert_in_caller_transaction_rolls_back(
    fixture: str, method: str, request: pytest.FixtureRequest
) -> None:
    info: ConnectionInfo = request.getfixturevalue(fixture)
    if method == "fast_executemany" and not odbc.driver_profile(info).fast_executemany:
        conn = odbc.connect(info)
        try:
            with pytest.raises(UsageError) as err:
                odbc_insert.insert_batches(conn, "items", COLUMNS, make_batches(10), method=method)
            assert err.value.code == "insert_method_unsafe"
        finally:
            conn.close()
        return
    conn = odbc.connect_arrow(info) if method == "arrow" else odbc.connect(info)
    metrics = DbMetrics()
    kwargs: dict[str, Any] = {} if method == "arrow" else {"method": method}
    with pytest.raises(RuntimeError, match="abort the load"), odbc.transaction(conn):
        written = odbc_insert.insert_batches(
            conn, "items", COLUMNS, make_batches(1500), chunk_size=400, metrics=metrics, **kwargs
        )
        assert written == 1500
        raise RuntimeError("abort the load")
    assert count(info) == 0  # rolled back: all or nothing
    assert metrics.snapshot().rows_written == 1500
    with odbc.transaction(conn):
        odbc_insert.insert_batches(conn, "items", COLUMNS, make_batches(300), **kwargs)
    assert count(info) == 300
    del conn


@pytest.mark.parametrize("fixture", ["pg_items", "sqlite_items"])
def test_insert_values_round_trip(fixture: str, request: pytest.FixtureRequest) -> None:
    info: ConnectionInfo = request.getfixturevalue(fixture)
    odbc_insert.insert_batches(info, "items", COLUMNS, make_batches(3))
    conn = odbc.connect(info, autocommit=True)
    try:
        rows = conn.cursor().execute("select id, name, price, ok, note from items order by id")
        got = [tuple(r) for r in rows.fetchall()]
    finally:
        conn.close()
    assert [r[0] for r in got] == [1, 2, 3]
    assert got[0][1] == "item 1"
    assert decimal.Decimal(str(got[1][2])) == decimal.Decimal("0.02")
    assert [r[4] for r in got] == ["n", "n", None]


@pytest.mark.parametrize("fixture", ["pg_items", "sqlite_items"])
def test_insert_from_info_is_all_or_nothing(fixture: str, request: pytest.FixtureRequest) -> None:
    info: ConnectionInfo = request.getfixturevalue(fixture)

    def with_duplicate() -> Iterator[pa.RecordBatch]:
        yield from make_batches(500)
        yield from make_batches(10, start=250)  # duplicates of ids already sent

    metrics = DbMetrics()
    with pytest.raises(ConstraintViolation) as err:
        odbc_insert.insert_batches(info, "items", COLUMNS, with_duplicate(), metrics=metrics)
    assert count(info) == 0
    if fixture == "pg_items":
        assert err.value.constraint == "items_pkey"
    assert metrics.snapshot().errors_by_kind == {"constraint": 1}


def test_insert_column_mismatch_is_usage_error(pg_items: ConnectionInfo) -> None:
    conn = odbc.connect(pg_items)
    try:
        with pytest.raises(UsageError) as err:
            odbc_insert.insert_batches(conn, "items", ["id"], make_batches(5))
        assert err.value.code == "column_count_mismatch"
    finally:
        conn.close()


def test_value_longer_than_max_text_size_fails_loudly(pg_odbc_info: ConnectionInfo) -> None:
    query = "select repeat('x', case when i = 5 then 500 else 10 end) from generate_series(1, 9) i"
    with pytest.raises(DatabaseError) as err:
        list(odbc_stream.read_batches(pg_odbc_info, query, 4, max_text_size=100))
    assert err.value.code == "value_too_large"
    assert "max_text_size" in (err.value.hint or "")
    # Without the cap the driver's own width applies and the value arrives whole.
    values = [
        v for b in odbc_stream.read_batches(pg_odbc_info, query, 4) for v in b.column(0).to_pylist()
    ]
    assert len(values[4]) == 500


def test_pyodbc_insert_writes_generated_always_identity(
    pg_odbc_info: ConnectionInfo, pg_url: str
) -> None:
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(
            "create table ident (id int generated always as identity primary key, v text)"
        )
    batch = pa.RecordBatch.from_pydict({"id": pa.array([10, 20], pa.int32()), "v": ["a", "b"]})
    conn = odbc.connect(pg_odbc_info)
    try:
        with odbc.transaction(conn):
            assert odbc_insert.insert_batches(conn, "public.ident", ["id", "v"], [batch]) == 2
    finally:
        conn.close()
    with psycopg.connect(pg_url) as check:
        assert check.execute("select id, v from ident order by id").fetchall() == [
            (10, "a"),
            (20, "b"),
        ]


@pytest.mark.parametrize("method", ["executemany", "arrow"])
def test_sub_second_precision_survives(
    method: str, pg_odbc_info: ConnectionInfo, pg_url: str
) -> None:
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("create table prec (ts timestamp, tz timestamptz, t time, d numeric(12,4))")
    stamp = dt.datetime(2024, 1, 1, 1, 2, 3, 456789)
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array([stamp]),
            pa.array([stamp.replace(tzinfo=dt.UTC)], pa.timestamp("us", tz="UTC")),
            pa.array([dt.time(1, 2, 3, 456789)], pa.time64("us")),
            pa.array([decimal.Decimal("1.2345")], pa.decimal128(12, 4)),
        ],
        names=["ts", "tz", "t", "d"],
    )
    conn = odbc.connect_arrow(pg_odbc_info) if method == "arrow" else odbc.connect(pg_odbc_info)
    kwargs: dict[str, Any] = {} if method == "arrow" else {"method": method}
    with odbc.transaction(conn):
        odbc_insert.insert_batches(conn, "prec", ["ts", "tz", "t", "d"], [batch], **kwargs)
    del conn
    with psycopg.connect(pg_url) as check:
        row = check.execute("select ts, tz, t, d from prec").fetchone()
    assert row is not None
    assert row[0] == stamp
    assert row[1] == stamp.replace(tzinfo=dt.UTC)
    assert row[2] == dt.time(1, 2, 3, 456789)
    assert row[3] == decimal.Decimal("1.2345")
