"""Every engine connects, pools and names its driver errors, against the real databases."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from datalchemy.db.errors import is_driver_error, map_error
from datalchemy.db.pool import PgPool, PoolConfig, ThinPool
from datalchemy.db.urls import ConnectionInfo, parse_connection
from datalchemy.engines import ODBC, POSTGRES, SQLITE, Engine, engine_for
from datalchemy.errors import DatabaseError, UsageError


def _select_one(engine: Engine, info: ConnectionInfo) -> object:
    conn = engine.connect(info)
    try:
        cur = conn.cursor()
        cur.execute("select 1")
        return cur.fetchone()[0]
    finally:
        conn.close()


def test_each_engine_connects_to_its_database(
    pg_info: ConnectionInfo, sqlite_path: Path, sqlite_odbc_info: ConnectionInfo
) -> None:
    assert _select_one(POSTGRES, pg_info) == 1
    assert _select_one(SQLITE, parse_connection(f"sqlite:///{sqlite_path}")) == 1
    assert _select_one(ODBC, sqlite_odbc_info) == 1


def test_each_engine_pools_its_connections(
    pg_info: ConnectionInfo, sqlite_path: Path, sqlite_odbc_info: ConnectionInfo
) -> None:
    config = PoolConfig(max_size=2, check=True)
    cases = [
        (POSTGRES, pg_info, PgPool),
        (SQLITE, parse_connection(f"sqlite:///{sqlite_path}"), ThinPool),
        (ODBC, sqlite_odbc_info, ThinPool),
    ]
    for engine, info, kind in cases:
        with engine.create_pool(info, config) as pool:
            assert isinstance(pool, kind), engine.name

            def one(conn: object) -> object:
                cur = conn.cursor()  # type: ignore[attr-defined]
                cur.execute("select 1")
                return cur.fetchone()[0]

            assert pool.run(one) == pool.run(one) == 1, engine.name
            assert pool.metrics.snapshot().connections_opened == 1, engine.name


def test_driver_errors_are_recognised_and_mapped(sqlite_path: Path) -> None:
    conn = sqlite3.connect(sqlite_path)
    with pytest.raises(sqlite3.Error) as raw:
        conn.execute("selec 1")
    conn.close()
    assert isinstance(raw.value, SQLITE.driver_errors())
    assert is_driver_error(raw.value) and not is_driver_error(ValueError("not a driver"))
    assert type(map_error(raw.value, context="probe")) is DatabaseError
    import psycopg
    import pyodbc

    assert issubclass(psycopg.OperationalError, POSTGRES.driver_errors())
    assert issubclass(pyodbc.ProgrammingError, ODBC.driver_errors())


def test_sql_files_run_in_one_transaction_and_odbc_says_it_cannot(
    sqlite_path: Path, sqlite_odbc_info: ConnectionInfo
) -> None:
    files = [
        f
        for f in resources.files("datalchemy.fixtures")
        .joinpath("sql", "sqlite", "car_rental")
        .iterdir()
        if f.name.endswith(".sql") and not f.name.startswith("data_")
    ]
    info = parse_connection(f"sqlite:///{sqlite_path}")
    assert SQLITE.run_sql_files(info, sorted(files, key=lambda f: f.name), "main") == 20
    with pytest.raises(UsageError) as err:
        ODBC.run_sql_files(sqlite_odbc_info, files, "main")
    assert err.value.code == "sql_files_unsupported"


def test_every_engine_says_who_and_what_its_server_is(
    pg_url: str, sqlite_path: Path, sqlite_odbc_info: ConnectionInfo
) -> None:
    import sqlite3

    sqlite3.connect(sqlite_path).close()
    pg = parse_connection(pg_url)
    native = engine_for(pg).server_info(pg)
    assert native.engine == "postgres" and native.version.startswith("PostgreSQL")
    assert native.database == pg.database and native.user
    lite = parse_connection(f"sqlite:///{sqlite_path}")
    assert engine_for(lite).server_info(lite).version.startswith("SQLite 3.")
    odbc = engine_for(sqlite_odbc_info).server_info(sqlite_odbc_info)
    assert odbc.engine == "odbc" and "SQLite" in odbc.version
