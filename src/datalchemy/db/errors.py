"""Map driver exceptions (psycopg, psycopg_pool, pyodbc, arrow-odbc, sqlite3) onto our taxonomy.

Every driver error leaving :mod:`datalchemy.db` goes through :func:`map_error` (during an operation)
or :func:`map_connect_error` (while opening a session), so callers only ever see
:class:`~datalchemy.errors.DatalchemyError` subclasses, and every message passes
:func:`~datalchemy.db.urls.redact_text` first.

The decision is made on the SQLSTATE when the driver gives one (psycopg ``sqlstate``, pyodbc
``args[0]``, arrow-odbc ``State: XXXXX`` in the text, SQLite extended result codes) and on the
exception class otherwise:

=========================  ===============================  ============================
SQLSTATE / condition        class                            ``kind``
=========================  ===============================  ============================
``08xxx``, ``57P01-03``     :class:`ConnectionLost`          ``connection``
``23xxx``                   :class:`ConstraintViolation`     ``constraint``
``57014`` statement timeout :class:`QueryTimeout`            ``timeout``
``57014`` other, ``HY008``  :class:`QueryCancelled`          ``cancelled``
``HYT00``, ``HYT01``        :class:`QueryTimeout`            ``timeout``
``40001``, ``40P01``        :class:`TransactionConflict`     ``transient``
no SQLSTATE, driver fault   :class:`ProtocolError`           ``protocol``
anything else               :class:`DatabaseError`           ``sql``
=========================  ===============================  ============================

Example:
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:")
    >>> try:
    ...     conn.execute("selec 1")
    ... except sqlite3.Error as exc:
    ...     err = map_error(exc, context="probe")
    >>> type(err).__name__, err.kind
    ('DatabaseError', 'sql')
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from datalchemy.db.urls import ConnectionInfo, redact_text
from datalchemy.errors import (
    ConnectionFailed,
    ConnectionLost,
    ConstraintViolation,
    DatabaseError,
    DatalchemyError,
    PoolTimeout,
    ProtocolError,
    QueryCancelled,
    QueryTimeout,
    TransactionConflict,
)

__all__ = [
    "error_kind",
    "is_driver_error",
    "map_connect_error",
    "map_error",
    "sqlstate_of",
]

_STATE_IN_TEXT = re.compile(r"\bState:\s*([0-9A-Z]{5})\b")
# psqlODBC / libpq put the constraint name in the message: ... constraint "orders_pkey"
_CONSTRAINT_IN_TEXT = re.compile(r'constraint\s+"([^"]+)"', re.IGNORECASE)
# SQLite: "UNIQUE constraint failed: t.a, t.b" / "CHECK constraint failed: positive_price"
_SQLITE_CONSTRAINT = re.compile(
    r"(UNIQUE|NOT NULL|CHECK|FOREIGN KEY|PRIMARY KEY) constraint failed"
    # libsqliteodbc appends " (19) (19) (SQLExecDirectW)" after the name.
    r"(?::\s*(.+?))?\s*(?:\(\d+\)|$)",
    re.IGNORECASE,
)
_AUTH_STATES = {"28P01", "28000"}
_MISSING_DB_STATES = {"3D000"}
_CONNECTION_STATES = {"57P01", "57P02", "57P03"}  # admin/crash shutdown, cannot connect now
_TIMEOUT_WORDS = ("statement timeout", "timeout expired", "timed out", "query timeout")


_BASES: tuple[type[BaseException], ...] | None = None


def is_driver_error(exc: BaseException) -> bool:
    """True for an exception raised by one of the database drivers datalchemy wraps (every
    engine's :meth:`~datalchemy.engines.base.Engine.driver_errors`)."""
    global _BASES
    if _BASES is None:
        from datalchemy.engines import ENGINES

        _BASES = tuple(base for engine in ENGINES.values() for base in engine.driver_errors())
    return isinstance(exc, _BASES)


def sqlstate_of(exc: BaseException) -> str | None:
    """The SQLSTATE a driver attached to ``exc``, if any.

    Example:
        >>> class Fake(Exception): ...
        >>> sqlstate_of(Fake("ODBC emitted an error. State: 42P01, Native error: 1"))
        '42P01'
    """
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str) and state:
        return state
    if _is_pyodbc(exc):
        args = getattr(exc, "args", ())
        if args and isinstance(args[0], str) and re.fullmatch(r"[0-9A-Z]{5}", args[0]):
            # psqlODBC reports every server error as HY000 but the text often has the real one.
            if args[0] != "HY000":
                return args[0]
            found = _STATE_IN_TEXT.search(_text(exc))
            return found.group(1) if found else "HY000"
    found = _STATE_IN_TEXT.search(_text(exc))
    return found.group(1) if found else None


def error_kind(exc: BaseException) -> str:
    """The ``errors_by_kind`` key for ``exc`` (a mapped error's ``kind``, else its class name)."""
    kind = getattr(exc, "kind", None)
    if isinstance(kind, str):
        return kind
    if isinstance(exc, DatalchemyError):
        return exc.code
    return type(exc).__name__


def map_error(exc: BaseException, *, context: str) -> DatalchemyError:
    """Turn a driver error raised during an operation into a coded :class:`DatabaseError`.

    ``context`` says what was being done ("streaming crm.orders after 20000 rows"); it is put in
    front of the driver's message. Already-mapped errors are returned unchanged.

    Example:
        >>> import sqlite3
        >>> conn = sqlite3.connect(":memory:")
        >>> _ = conn.execute("create table t (a int check (a > 0))")
        >>> try:
        ...     conn.execute("insert into t values (-1)")
        ... except sqlite3.Error as exc:
        ...     err = map_error(exc, context="insert")
        >>> type(err).__name__, err.code
        ('ConstraintViolation', 'constraint_violation')
    """
    if isinstance(exc, DatalchemyError):
        return exc
    text = redact_text(_text(exc))
    message = f"{context}: {text}" if text else context
    if isinstance(exc, sqlite3.Error):
        return _map_sqlite(exc, message)
    if _is_pool_timeout(exc):
        return PoolTimeout(
            "pool_timeout",
            message,
            hint="all pooled connections stayed busy; raise max_size or the checkout timeout",
        )
    state = sqlstate_of(exc)
    lower = text.lower()
    # libsqliteodbc reports every error as HY000: its constraint errors are known by their text.
    if (state and state.startswith("23")) or _SQLITE_CONSTRAINT.search(text):
        constraint = _constraint_name(exc, text)
        return ConstraintViolation(
            "constraint_violation",
            message,
            path=constraint,
            hint="the data breaks a constraint of the target; evaluate the dataset first",
            sqlstate=state,
            constraint=constraint,
        )
    if "database is locked" in lower:
        return QueryTimeout(
            "query_timeout",
            message,
            hint="another connection held the database lock longer than the busy timeout",
            sqlstate=state,
        )
    if state == "57014" or _is_class(exc, "QueryCanceled"):
        if "statement timeout" in lower or "timeout" in lower:
            return QueryTimeout(
                "query_timeout",
                message,
                hint="the statement exceeded its timeout; raise it or narrow the query",
                sqlstate=state or "57014",
            )
        return QueryCancelled(
            "query_cancelled", message, hint="the statement was cancelled", sqlstate=state
        )
    if state in ("HYT00", "HYT01"):
        return QueryTimeout(
            "query_timeout",
            message,
            hint="the driver timed out; raise the query or login timeout",
            sqlstate=state,
        )
    if state == "HY008":
        return QueryCancelled(
            "query_cancelled", message, hint="the statement was cancelled", sqlstate=state
        )
    if state == "42P01" or "no such table" in lower:
        return _table_missing(message, state)
    if state == "25006" or "read-only transaction" in lower or "readonly database" in lower:
        return _read_only(message, state)
    if state in ("40001", "40P01"):
        return TransactionConflict(
            "transaction_conflict",
            message,
            hint="a concurrent transaction conflicted; run the whole transaction again",
            sqlstate=state,
        )
    if (state and (state.startswith("08") or state in _CONNECTION_STATES)) or _is_lost(exc):
        return ConnectionLost(
            "connection_lost",
            message,
            hint="the server closed the connection or is unreachable; it is reconnected on "
            "the next checkout, retry only idempotent work",
            sqlstate=state,
        )
    if state is None and not _is_sql_class(exc) and not _looks_like_sql(lower):
        return ProtocolError(
            "driver_error",
            message,
            hint="the driver failed without a SQLSTATE; see the message for the cause",
        )
    if any(word in lower for word in _TIMEOUT_WORDS):
        return QueryTimeout("query_timeout", message, sqlstate=state)
    return DatabaseError("sql_error", message, sqlstate=state)


def map_connect_error(exc: BaseException, info: ConnectionInfo) -> ConnectionFailed:
    """Turn a driver error raised while connecting into a coded :class:`ConnectionFailed`.

    Codes: ``auth_failed``, ``database_not_found``, ``connect_timeout``, ``driver_not_found``,
    ``unreachable``. The message never shows a secret and names the target by its redacted form.

    Example:
        >>> from datalchemy.db.urls import parse_connection
        >>> info = parse_connection("postgresql://ana:pw@h/db")
        >>> err = map_connect_error(RuntimeError("password authentication failed"), info)
        >>> err.code, err.path
        ('auth_failed', 'postgresql://ana:***@h/db')
    """
    text = redact_text(_text(exc))
    state = sqlstate_of(exc)
    lower = text.lower()
    where = info.redacted
    if (
        state in _AUTH_STATES
        or "password authentication failed" in lower
        or ("authentication failed" in lower)
    ):
        return ConnectionFailed(
            "auth_failed",
            f"the server rejected the credentials: {text}",
            path=where,
            hint="check the user name and password (the password is never printed)",
        )
    if (
        state in _MISSING_DB_STATES
        or ("database" in lower and "does not exist" in lower)
        or ("unable to open database" in lower or "not a database" in lower)
    ):
        return ConnectionFailed(
            "database_not_found",
            f"the database does not exist: {text}",
            path=where,
            hint=f"create it or fix the database name ({info.database or '<name>'})",
        )
    if state == "IM002" or ("data source name not found" in lower) or ("can't open lib" in lower):
        return ConnectionFailed(
            "driver_not_found",
            f"the ODBC driver or DSN is not installed: {text}",
            path=where,
            hint="install the driver (apt-get install odbc-postgresql libsqliteodbc) and check "
            "/etc/odbcinst.ini, or fix the Driver=/DSN= name",
        )
    if state in ("HYT00", "HYT01") or "timeout" in lower or "timed out" in lower:
        return ConnectionFailed(
            "connect_timeout",
            f"the server did not answer in time: {text}",
            path=where,
            hint="check host and port, and that a firewall lets the connection through",
        )
    return ConnectionFailed(
        "unreachable",
        f"cannot connect to the server: {text}",
        path=where,
        hint="check that the database is running and that host and port are right",
    )


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _text(exc: BaseException) -> str:
    if _is_pyodbc(exc):
        args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
        if len(args) >= 2 and isinstance(args[1], str):
            return args[1].strip()
    return str(exc).strip()


def _is_pyodbc(exc: BaseException) -> bool:
    return type(exc).__module__ == "pyodbc"


def _is_class(exc: BaseException, name: str) -> bool:
    return any(cls.__name__ == name for cls in type(exc).__mro__)


def _is_pool_timeout(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("psycopg_pool") and _is_class(exc, "PoolTimeout")


def _is_lost(exc: BaseException) -> bool:
    """Connection-level failures that carry no SQLSTATE (closed socket, closed connection)."""
    module = type(exc).__module__
    if module.startswith("psycopg_pool"):
        return _is_class(exc, "PoolClosed")
    if module.startswith("psycopg"):
        # OperationalError without a SQLSTATE = libpq lost the server; InterfaceError = closed.
        no_state = getattr(exc, "sqlstate", None) is None
        return no_state and (_is_class(exc, "OperationalError") or _is_class(exc, "InterfaceError"))
    text = _text(exc).lower()
    return any(
        marker in text
        for marker in (
            "server closed the connection",
            "terminating connection",
            "could not send data to server",
            "connection is closed",
            "no connection to the server",
            "communication link failure",
        )
    )


def _is_sql_class(exc: BaseException) -> bool:
    """DB-API classes that mean "the statement was wrong", not "the driver broke"."""
    return any(
        _is_class(exc, name)
        for name in ("ProgrammingError", "IntegrityError", "DataError", "NotSupportedError")
    )


def _looks_like_sql(lower: str) -> bool:
    return "error:" in lower or "syntax" in lower or "does not exist" in lower


def _constraint_name(exc: BaseException, text: str) -> str | None:
    diag: Any = getattr(exc, "diag", None)
    name = getattr(diag, "constraint_name", None) if diag is not None else None
    if name:
        return str(name)
    found = _CONSTRAINT_IN_TEXT.search(text)
    if found:
        return found.group(1)
    found = _SQLITE_CONSTRAINT.search(text)
    if found and found.group(2):
        return found.group(2).strip()
    return None


def _table_missing(message: str, state: str | None) -> DatabaseError:
    return DatabaseError(
        "table_not_found",
        message,
        hint="the target has no such table: create the schema first (for example from "
        "`pg_dump --schema-only` of the source), and check the schema and table names",
        sqlstate=state,
    )


def _read_only(message: str, state: str | None) -> DatabaseError:
    return DatabaseError(
        "target_read_only",
        message,
        hint="the target is read-only (a read-only database, transaction, user or file); "
        "connect to a writable one",
        sqlstate=state,
    )


def _map_sqlite(exc: sqlite3.Error, message: str) -> DatabaseError:
    name = getattr(exc, "sqlite_errorname", "") or ""
    lower = message.lower()
    if "no such table" in lower:
        return _table_missing(message, name or None)
    if name.startswith("SQLITE_READONLY") or "readonly database" in lower:
        return _read_only(message, name or None)
    if name.startswith("SQLITE_CONSTRAINT") or isinstance(exc, sqlite3.IntegrityError):
        constraint = _constraint_name(exc, message)
        return ConstraintViolation(
            "constraint_violation",
            message,
            path=constraint,
            hint="the data breaks a constraint of the target; evaluate the dataset first",
            constraint=constraint,
        )
    if name == "SQLITE_INTERRUPT" or "interrupted" in lower:
        return QueryCancelled("query_cancelled", message, hint="the statement was interrupted")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in lower:
        return QueryTimeout(
            "query_timeout",
            message,
            hint="another connection held the database lock longer than the busy timeout",
        )
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return ProtocolError("driver_error", message, hint="the database file cannot be used")
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in lower:
        return ConnectionLost("connection_lost", message, hint="the connection was closed")
    return DatabaseError("sql_error", message)
