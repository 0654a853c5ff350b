"""Connection checks for ``/db test`` and ``/db privileges`` through datalchemy's drivers.

The public API has no "test this connection" function yet, so these open a connection with the
connectivity layer's own ``connect`` (errors come back coded, secrets masked) and ask the server
who and what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from datalchemy.db.urls import ConnectionInfo

__all__ = ["ServerInfo", "probe"]

#: Seconds a connection attempt may take (the original's /db test timeout).
CONNECT_TIMEOUT = 5


@dataclass(frozen=True)
class ServerInfo:
    engine: str
    user: str | None
    database: str | None
    version: str


def probe(info: ConnectionInfo) -> ServerInfo:
    """Connect to ``info``, ask the server who and what it is, and close.

    Raises:
        ConnectionFailed / InputError: from the driver, coded and redacted.
    """
    if info.engine == "postgres":
        from datalchemy.db.postgres import connect

        with connect(info, connect_timeout=CONNECT_TIMEOUT, autocommit=True) as conn:
            row = conn.execute("select current_user, current_database(), version()").fetchone()
        assert row is not None
        return ServerInfo("postgres", str(row[0]), str(row[1]), str(row[2]))
    if info.engine == "sqlite":
        from datalchemy.db.sqlite import connect as sqlite_connect

        db = sqlite_connect(info, readonly=True)
        try:
            version = db.execute("select sqlite_version()").fetchone()[0]
        finally:
            db.close()
        return ServerInfo("sqlite", None, info.database, f"SQLite {version}")
    from datalchemy.db.odbc import connect as odbc_connect

    conn = odbc_connect(info, login_timeout=CONNECT_TIMEOUT)
    try:
        import pyodbc

        name = conn.getinfo(pyodbc.SQL_DBMS_NAME)
        version = conn.getinfo(pyodbc.SQL_DBMS_VER)
        user = conn.getinfo(pyodbc.SQL_USER_NAME)
        database = conn.getinfo(pyodbc.SQL_DATABASE_NAME)
    finally:
        conn.close()
    return ServerInfo(
        "odbc", str(user or "") or None, str(database or "") or None, f"{name} {version}"
    )
