"""Shared pytest fixtures. PostgreSQL server logic lives in tests/support/pgserver.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import TupleRow

from support.pgserver import PostgresServer, PostgresUnavailable, running_in_ci


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that (directly or indirectly) uses ``pg_server`` as ``postgres``."""
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """One private PostgreSQL server for the whole run; skipped without binaries (failed in CI)."""
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        if running_in_ci():
            pytest.fail(f"PostgreSQL is required when CI is set: {exc}", pytrace=False)
        pytest.skip(str(exc))
    with server:
        yield server


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> Iterator[str]:
    """URL of a fresh, empty database, dropped after the test."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(str(conninfo_to_dict(url)["dbname"]))


@pytest.fixture
def pg_conn(pg_url: str) -> Iterator[psycopg.Connection[TupleRow]]:
    """Autocommit connection to ``pg_url``, closed after the test."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        yield conn


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """Path for a throwaway SQLite database file (not created)."""
    return tmp_path / "test.db"


@pytest.fixture(autouse=True)
def _cli_debug_off() -> Iterator[None]:
    """A test that runs the CLI with --debug must not leave tracebacks on for the next one."""
    from datalchemy.cli._output import state

    debug = state.debug
    yield
    state.debug = debug
