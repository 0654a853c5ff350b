"""Error taxonomy on real drivers: psycopg, pyodbc (psqlODBC, libsqliteodbc), arrow-odbc, sqlite3.

Every failure must come out as a coded DatalchemyError subclass (never a raw driver exception),
with the SQLSTATE / constraint name when the database gives one, and without any secret.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
import pytest

from datalchemy.db import odbc, odbc_stream, postgres
from datalchemy.db import sqlite as sqlite_db
from datalchemy.db.errors import map_connect_error, map_error, sqlstate_of
from datalchemy.db.urls import ConnectionInfo, parse_connection
from datalchemy.errors import (
    ConnectionFailed,
    ConnectionLost,
    ConstraintViolation,
    DatabaseError,
    DatalchemyError,
    ProtocolError,
    QueryCancelled,
    QueryTimeout,
)

SCHEMA = (
    "create table parent (id int primary key);"
    "create table child (id int primary key, pid int constraint child_parent_fk "
    "references parent (id), qty int constraint qty_positive check (qty > 0))"
)
WRONG_PASSWORD = "Wr0ng-S3cret-pw"


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    netloc = f"{parts.username}:{quote(password, safe='')}@{parts.hostname}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def with_db(url: str, db: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + db))


def assert_no_secret(err: DatalchemyError, *secrets: str) -> None:
    text = " ".join(str(v) for v in err.to_dict().values()) + str(err)
    for secret in secrets:
        assert secret not in text


# ------------------------------------------------------------------ psycopg


def test_pg_wrong_password(pg_url: str) -> None:
    info = parse_connection(with_password(pg_url, WRONG_PASSWORD))
    with pytest.raises(ConnectionFailed) as err:
        postgres.connect(info)
    assert err.value.code == "auth_failed"
    assert err.value.exit_code == 5
    assert_no_secret(err.value, WRONG_PASSWORD)


def test_pg_unknown_database(pg_url: str) -> None:
    with pytest.raises(ConnectionFailed) as err:
        postgres.connect(parse_connection(with_db(pg_url, "no_such_db")))
    assert err.value.code == "database_not_found"


def test_pg_operation_errors(pg_info: ConnectionInfo) -> None:
    with postgres.connect(pg_info, autocommit=True) as conn:
        conn.execute(SCHEMA)
        cases: list[tuple[str, type[DatabaseError], str]] = [
            ("selec 1", DatabaseError, "42601"),
            ("insert into parent values (1), (1)", ConstraintViolation, "23505"),
            ("insert into child values (1, 99, 1)", ConstraintViolation, "23503"),
            ("insert into child values (1, null, -1)", ConstraintViolation, "23514"),
        ]
        names = [None, "parent_pkey", "child_parent_fk", "qty_positive"]
        for (sql, cls, state), name in zip(cases, names, strict=True):
            with pytest.raises(psycopg.Error) as raw:
                conn.execute(sql)
            err = map_error(raw.value, context="test")
            assert type(err) is cls, sql
            assert err.sqlstate == state
            if name is not None:
                assert isinstance(err, ConstraintViolation)
                assert err.constraint == name
                assert err.kind == "constraint"
        conn.execute("set statement_timeout = 100")
        with pytest.raises(psycopg.Error) as raw:
            conn.execute("select pg_sleep(5)")
        timeout = map_error(raw.value, context="test")
        assert isinstance(timeout, QueryTimeout)
        assert timeout.sqlstate == "57014"
        conn.execute("set statement_timeout = 0")
        timer = threading.Timer(0.3, conn.cancel_safe)
        timer.start()
        with pytest.raises(psycopg.Error) as raw:
            conn.execute("select pg_sleep(10)")
        timer.join()
        cancelled = map_error(raw.value, context="test")
        assert isinstance(cancelled, QueryCancelled)
        assert cancelled.kind == "cancelled"


def test_pg_connection_lost_is_retryable(pg_info: ConnectionInfo, pg_url: str) -> None:
    with postgres.connect(pg_info, autocommit=True) as conn:
        pid = conn.info.backend_pid
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("select pg_terminate_backend(%s)", (pid,))
        with pytest.raises(psycopg.Error) as raw:
            conn.execute("select 1")
    err = map_error(raw.value, context="test")
    assert isinstance(err, ConnectionLost)
    assert err.retryable


# ------------------------------------------------------------------ pyodbc + arrow-odbc (psqlODBC)


def test_odbc_pg_connect_errors(pg_odbc_info: ConnectionInfo, pg_server: object) -> None:
    password = str(pg_odbc_info.odbc_string).split("PWD=")[1].split(";")[0]
    wrong = parse_connection(pg_odbc_info.odbc_string.replace(password, WRONG_PASSWORD))
    with pytest.raises(ConnectionFailed) as err:
        odbc.connect(wrong)
    assert err.value.code == "auth_failed"
    assert_no_secret(err.value, WRONG_PASSWORD, password)
    with pytest.raises(ConnectionFailed) as err:
        list(odbc_stream.read_batches(wrong, "select 1"))
    assert err.value.code == "auth_failed"
    assert_no_secret(err.value, WRONG_PASSWORD, password)
    db = pg_odbc_info.database or ""
    missing = parse_connection(pg_odbc_info.odbc_string.replace(f"Database={db}", "Database=nope"))
    with pytest.raises(ConnectionFailed) as err:
        odbc.connect(missing)
    assert err.value.code == "database_not_found"
    no_driver = parse_connection(
        pg_odbc_info.odbc_string.replace("PostgreSQL Unicode", "No Such Driver")
    )
    with pytest.raises(ConnectionFailed) as err:
        odbc.connect(no_driver)
    assert err.value.code == "driver_not_found"
    assert_no_secret(err.value, password)


def test_odbc_pg_operation_errors(pg_odbc_info: ConnectionInfo) -> None:
    import pyodbc

    conn = odbc.connect(pg_odbc_info, autocommit=True)
    try:
        cur = conn.cursor()
        for statement in SCHEMA.split(";"):
            cur.execute(statement)
        expected = [
            ("selec 1", DatabaseError, "42601", None),
            ("insert into parent values (1), (1)", ConstraintViolation, "23505", "parent_pkey"),
            (
                "insert into child values (1, 99, 1)",
                ConstraintViolation,
                "23503",
                "child_parent_fk",
            ),
            (
                "insert into child values (1, null, -1)",
                ConstraintViolation,
                "23514",
                "qty_positive",
            ),
        ]
        for sql, cls, state, name in expected:
            with pytest.raises(pyodbc.Error) as raw:
                cur.execute(sql)
            err = map_error(raw.value, context="test")
            assert type(err) is cls, sql
            assert err.sqlstate == state
            assert getattr(err, "constraint", None) == name
        timer = threading.Timer(0.3, cur.cancel)
        timer.start()
        with pytest.raises(pyodbc.Error) as raw:
            cur.execute("select pg_sleep(10)")
        timer.join()
        assert isinstance(map_error(raw.value, context="test"), QueryCancelled)
    finally:
        conn.close()
    slow = odbc.connect(pg_odbc_info, autocommit=True, query_timeout=0.2)
    try:
        with pytest.raises(pyodbc.Error) as raw:
            slow.cursor().execute("select pg_sleep(5)")
        assert isinstance(map_error(raw.value, context="test"), QueryTimeout)
    finally:
        slow.close()


def test_arrow_odbc_errors_are_mapped(pg_odbc_info: ConnectionInfo) -> None:
    with pytest.raises(DatabaseError) as err:
        list(odbc_stream.read_batches(pg_odbc_info, "selec 1"))
    assert err.value.sqlstate == "42601"
    with pytest.raises(QueryTimeout) as timeout:
        list(odbc_stream.read_batches(pg_odbc_info, "select pg_sleep(5)", query_timeout=1))
    assert timeout.value.sqlstate == "57014"


# ------------------------------------------------------------------ SQLite: sqlite3 and ODBC


def _sqlite_file(path: Path) -> ConnectionInfo:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA.replace(";", ";\n") + ";")
    conn.close()
    return parse_connection(f"sqlite:///{path}")


def test_sqlite3_errors(sqlite_path: Path) -> None:
    info = _sqlite_file(sqlite_path)
    conn = sqlite_db.connect(info)
    conn.execute("pragma foreign_keys = on")
    cases = [
        ("selec 1", DatabaseError, None),
        ("insert into parent values (1), (1)", ConstraintViolation, "parent.id"),
        ("insert into child values (1, null, -1)", ConstraintViolation, "qty_positive"),
        ("insert into child values (1, 99, 1)", ConstraintViolation, None),
    ]
    for sql, cls, name in cases:
        with pytest.raises(sqlite3.Error) as raw:
            conn.execute(sql)
        err = map_error(raw.value, context="test")
        assert type(err) is cls, sql
        assert getattr(err, "constraint", None) == name
    conn.rollback()
    # Interrupt = cancelled; a competing writer past the busy timeout = timeout.
    conn.set_progress_handler(lambda: 1, 1000)
    with pytest.raises(sqlite3.Error) as raw:
        conn.execute(
            "with recursive c(i) as (select 1 union all select i + 1 from c) select count(*) from c"
        ).fetchone()
    assert isinstance(map_error(raw.value, context="test"), QueryCancelled)
    conn.set_progress_handler(None, 0)
    writer = sqlite_db.connect(info)
    writer.execute("begin immediate")
    blocked = sqlite_db.connect(info, busy_timeout=0.05)
    with pytest.raises(sqlite3.Error) as raw:
        blocked.execute("begin immediate")
    assert isinstance(map_error(raw.value, context="test"), QueryTimeout)
    writer.rollback()
    for c in (conn, writer, blocked):
        c.close()
    conn.close()
    closed = map_error(_closed_error(), context="test")
    assert isinstance(closed, ConnectionLost)


def _closed_error() -> sqlite3.Error:
    conn = sqlite3.connect(":memory:")
    conn.close()
    try:
        conn.execute("select 1")
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("a closed connection accepted a statement")  # pragma: no cover


def test_sqlite_odbc_errors(sqlite_odbc_info: ConnectionInfo, sqlite_path: Path) -> None:
    import pyodbc

    _sqlite_file(sqlite_path.with_name("x.db"))
    info = parse_connection(f"Driver={{SQLite3}};Database={sqlite_path.with_name('x.db')}")
    conn = odbc.connect(info, autocommit=True)
    try:
        cur = conn.cursor()
        with pytest.raises(pyodbc.Error) as raw:
            cur.execute("selec 1")
        assert type(map_error(raw.value, context="t")) is DatabaseError
        cur.execute("insert into parent values (1)")
        with pytest.raises(pyodbc.Error) as raw:
            cur.execute("insert into parent values (1)")
        dup = map_error(raw.value, context="t")
        assert isinstance(dup, ConstraintViolation)
        assert dup.constraint == "parent.id"
        with pytest.raises(pyodbc.Error) as raw:
            cur.execute("insert into child values (1, 99, 1)")  # FKSupport=1 from the profile
        assert isinstance(map_error(raw.value, context="t"), ConstraintViolation)
    finally:
        conn.close()
    missing = parse_connection(f"Driver={{SQLite3}};Database={sqlite_path.with_name('nope.db')}")
    with pytest.raises(ConnectionFailed) as err:
        odbc.connect(missing)
    assert err.value.code == "database_not_found"
    assert not sqlite_path.with_name("nope.db").exists()  # NoCreat=1: never created


# ------------------------------------------------------------------ classification details


def test_no_sqlstate_driver_fault_is_protocol_error() -> None:
    class FakeArrowError(Exception):
        pass

    FakeArrowError.__module__ = "arrow_odbc.error"
    err = map_error(FakeArrowError("Too large value for buffer"), context="reading")
    assert isinstance(err, ProtocolError)
    assert err.kind == "protocol"


def test_sqlstate_parsed_from_arrow_odbc_text() -> None:
    exc = RuntimeError("ODBC emitted an error calling 'SQLFetch':\nState: 40001, Native error: 1")
    assert sqlstate_of(exc) == "40001"
    err = map_error(exc, context="reading")
    assert err.kind == "transient"
    assert isinstance(err, DatabaseError) and err.retryable


def test_redaction_of_secrets_in_driver_messages() -> None:
    info = parse_connection("postgresql://ana:Sup3r-S3cret@db.example/crm")
    exc = RuntimeError(
        "connect to postgresql://ana:Sup3r-S3cret@db.example failed; PWD=Sup3r-S3cret"
    )
    err = map_connect_error(exc, info)
    assert "Sup3r-S3cret" not in str(err)
    assert "Sup3r-S3cret" not in str(err.to_dict())
    op = map_error(RuntimeError("bad password=Sup3r-S3cret"), context="x")
    assert "Sup3r-S3cret" not in op.message
