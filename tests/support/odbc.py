"""ConnectionInfo fixtures for tests that reach databases through ODBC drivers (and natively).

ODBC tests need unixODBC plus the "PostgreSQL Unicode" and "SQLite3" drivers. Without them the
tests skip locally and FAIL when ``CI=true`` (like the PostgreSQL tests). A test folder uses
them by importing the fixtures into its ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from datalchemy.db.urls import ConnectionInfo, parse_connection
from support.pgserver import running_in_ci

PG_DRIVER = "PostgreSQL Unicode"
SQLITE_DRIVER = "SQLite3"


def _require_driver(name: str) -> None:
    try:
        import pyodbc

        installed = set(pyodbc.drivers())
    except Exception as exc:  # libodbc.so.2 missing: pyodbc cannot even load
        installed, why = set(), f"pyodbc unavailable: {exc}"
    else:
        why = f"ODBC driver {name!r} is not installed (have: {sorted(installed)})"
    if name not in installed:
        message = f"{why}; apt-get install unixodbc odbc-postgresql libsqliteodbc"
        if running_in_ci():
            pytest.fail(f"ODBC drivers are required when CI is set: {message}", pytrace=False)
        pytest.skip(message)


@pytest.fixture
def pg_info(pg_url: str) -> ConnectionInfo:
    """A fresh empty PostgreSQL database, as a ConnectionInfo."""
    return parse_connection(pg_url)


@pytest.fixture
def pg_odbc_info(pg_info: ConnectionInfo) -> ConnectionInfo:
    """The same database reached through psqlODBC (an ``odbc`` ConnectionInfo)."""
    _require_driver(PG_DRIVER)
    from datalchemy.db.odbc import connection_string

    return parse_connection(connection_string(pg_info, with_profile=False))


@pytest.fixture
def sqlite_odbc_info(sqlite_path: Path) -> ConnectionInfo:
    """An empty SQLite file reached through libsqliteodbc (the file is created first)."""
    _require_driver(SQLITE_DRIVER)
    import sqlite3

    sqlite3.connect(sqlite_path).close()
    return parse_connection(f"Driver={{{SQLITE_DRIVER}}};Database={sqlite_path}")
