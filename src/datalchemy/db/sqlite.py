"""SQLite connections (stdlib sqlite3) with errors mapped onto datalchemy's taxonomy, and how
the thin pool handles them (:func:`pool_driver`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from datalchemy.db.pool import PoolConfig, PoolDriver
from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import ConnectionFailed, InputError

__all__ = ["connect", "pool_driver"]


def connect(
    info: ConnectionInfo,
    *,
    readonly: bool = False,
    check_same_thread: bool = True,
    busy_timeout: float = 5.0,
) -> sqlite3.Connection:
    """Open the SQLite database of ``info``.

    With ``readonly=True`` (or ``?mode=ro`` in the URL) the file must exist (it is opened in
    ``mode=ro``), and it is checked to be a SQLite database. Otherwise the file is created when
    missing (its folder must exist).
    ``check_same_thread=False`` lets a pool hand the connection to other threads (one at a
    time); ``busy_timeout`` is how long a statement waits for another writer's lock.

    Raises:
        ConnectionFailed: the file or its folder is missing.
        InputError: the file exists but is not a SQLite database.
    """
    path = info.sqlite_path
    readonly = readonly or info.params.get("mode") == "ro"
    if path != ":memory:":
        file = Path(path)
        if readonly and not file.is_file():
            raise ConnectionFailed(
                "database_not_found",
                f"the SQLite file does not exist: {path}",
                path=path,
                hint="check the path (sqlite:///absolute/path.db or sqlite://relative.db)",
            )
        if not file.parent.exists():
            raise ConnectionFailed(
                "database_not_found",
                f"the folder of the SQLite file does not exist: {file.parent}",
                path=path,
                hint="create the folder first",
            )
    try:
        if readonly and path != ":memory:":
            conn = sqlite3.connect(
                f"{Path(path).resolve().as_uri()}?mode=ro",
                uri=True,
                check_same_thread=check_same_thread,
                timeout=busy_timeout,
            )
        else:
            conn = sqlite3.connect(path, check_same_thread=check_same_thread, timeout=busy_timeout)
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise InputError(
            "not_sqlite",
            f"{path} is not a SQLite database ({exc})",
            path=path,
            hint="point --conn at a SQLite database file",
        ) from None
    return conn


def pool_driver(info: ConnectionInfo, config: PoolConfig) -> PoolDriver:
    """How :class:`~datalchemy.db.pool.ThinPool` opens, checks and resets SQLite connections.

    Connections may move between threads (one at a time), wait ``config.timeout`` seconds for
    another writer's lock, and are in autocommit mode (``isolation_level = None``) like every
    pooled connection: a transaction is opened with an explicit ``BEGIN``.
    """

    def open_() -> sqlite3.Connection:
        conn = connect(info, check_same_thread=False, busy_timeout=config.timeout)
        conn.isolation_level = None  # autocommit, like the other pools
        return conn

    def ping(conn: sqlite3.Connection, query: str) -> None:
        conn.execute(query).fetchall()

    def reset(conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            conn.rollback()
        conn.isolation_level = None

    def broken(conn: sqlite3.Connection) -> bool:
        try:
            conn.total_changes  # noqa: B018 - raises ProgrammingError once closed
        except sqlite3.ProgrammingError:
            return True
        return False

    return PoolDriver(
        open=open_,
        ping=ping,
        reset=reset,
        close=lambda conn: conn.close(),
        broken=broken,
        label="SQLite",
    )
