"""PostgreSQL connections (psycopg 3) with driver errors mapped onto datalchemy's taxonomy."""

from __future__ import annotations

import psycopg

from datalchemy.db.errors import map_error as _map_error
from datalchemy.db.urls import ConnectionInfo, redact_text
from datalchemy.errors import ConnectionFailed, DatabaseError

__all__ = ["connect", "connect_async", "map_error"]

# SQLSTATE classes and codes that mean "could not get a usable session".
_AUTH_STATES = {"28P01", "28000"}
_MISSING_DB_STATES = {"3D000"}


def connect(
    info: ConnectionInfo,
    *,
    autocommit: bool = False,
    connect_timeout: int = 10,
    application_name: str = "datalchemy",
) -> psycopg.Connection[tuple[object, ...]]:
    """Open a connection to ``info`` or raise :class:`ConnectionFailed` (secrets never shown).

    Example:
        >>> from datalchemy.db.urls import parse_connection  # doctest: +SKIP
        >>> info = parse_connection("postgresql://u:p@127.0.0.1/db")  # doctest: +SKIP
        >>> with connect(info) as conn:  # doctest: +SKIP
        ...     conn.execute("select 1").fetchone()
    """
    if info.engine != "postgres":
        raise ConnectionFailed(
            "wrong_engine",
            f"expected a PostgreSQL connection, got {info.engine}",
            hint="use postgresql://user:pass@host:port/db",
        )
    try:
        return psycopg.connect(
            info.secret_url,
            autocommit=autocommit,
            connect_timeout=connect_timeout,
            application_name=application_name,
        )
    except psycopg.Error as exc:
        raise _connection_error(exc, info) from None


def _connection_error(exc: psycopg.Error, info: ConnectionInfo) -> ConnectionFailed:
    text = redact_text(str(exc).strip())
    state = getattr(exc, "sqlstate", None)
    lower = text.lower()
    where = info.redacted
    if state in _AUTH_STATES or "password authentication failed" in lower:
        return ConnectionFailed(
            "auth_failed",
            f"the server rejected the credentials: {text}",
            path=where,
            hint="check the user name and password (the password is never printed)",
        )
    if state in _MISSING_DB_STATES or ("database" in lower and "does not exist" in lower):
        return ConnectionFailed(
            "database_not_found",
            f"the database does not exist: {text}",
            path=where,
            hint=f"create it (createdb {info.database or '<name>'}) or fix the database name",
        )
    if "timeout" in lower or "timed out" in lower:
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
        hint="check that PostgreSQL is running and that host and port are right",
    )


def map_error(exc: psycopg.Error, *, context: str) -> DatabaseError:
    """Turn a driver error raised during an operation into a :class:`DatabaseError`.

    A thin alias of :func:`datalchemy.db.errors.map_error` kept for existing callers.
    """
    err = _map_error(exc, context=context)
    if isinstance(err, DatabaseError):
        return err
    return DatabaseError("sql_error", err.message, hint=err.hint)  # pragma: no cover


async def connect_async(
    info: ConnectionInfo,
    *,
    autocommit: bool = False,
    connect_timeout: int = 10,
    application_name: str = "datalchemy",
) -> psycopg.AsyncConnection[tuple[object, ...]]:
    """The asyncio twin of :func:`connect` (``psycopg.AsyncConnection``).

    Example:
        >>> conn = await connect_async(info)  # doctest: +SKIP
        >>> await (await conn.execute("select 1")).fetchone()  # doctest: +SKIP
        (1,)
    """
    if info.engine != "postgres":
        raise ConnectionFailed(
            "wrong_engine",
            f"expected a PostgreSQL connection, got {info.engine}",
            hint="use postgresql://user:pass@host:port/db",
        )
    try:
        return await psycopg.AsyncConnection.connect(
            info.secret_url,
            autocommit=autocommit,
            connect_timeout=connect_timeout,
            application_name=application_name,
        )
    except psycopg.Error as exc:
        raise _connection_error(exc, info) from None
