"""ODBC connectivity: connection strings, driver profiles, connect, transactions, pooling.

Two libraries share the work (see ``docs/connectivity.md``):

* **pyodbc** is the control plane: DDL, catalog functions, small statements, and bulk inserts
  that must run inside a transaction the caller controls (:func:`connect`);
* **arrow-odbc** is the data plane: bounded, columnar reads (:mod:`datalchemy.db.odbc_stream`)
  and array-bound inserts (:func:`connect_arrow` + :mod:`datalchemy.db.odbc_insert`).

Driver quirks live in one table, :data:`datalchemy.engines.odbc_drivers.DRIVER_PROFILES`;
:func:`connection_string` adds a profile's attributes (user-given attributes always win).

Example:
    >>> from datalchemy.db.urls import parse_connection
    >>> info = parse_connection("Driver={PostgreSQL Unicode};Server=db;Database=crm;UID=u;PWD=pw")
    >>> connection_string(info).split(";")[-4:]
    ['CommLog=0', 'Debug=0', 'UseDeclareFetch=1', 'Fetch=10000']
    >>> driver_profile(info).insert_method
    'arrow'
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

from datalchemy.db.errors import map_connect_error, map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.pool import PoolConfig, PoolDriver
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines import engine_for
from datalchemy.engines.odbc import odbc_pairs
from datalchemy.engines.odbc_drivers import DRIVER_PROFILES, DriverProfile, profile_for
from datalchemy.errors import ConnectionFailed, DatalchemyError

__all__ = [
    "DEFAULT_BATCH",
    "connect",
    "connect_arrow",
    "connect_failed",
    "connection_string",
    "driver_profile",
    "pool_driver",
    "profile_of_connection",
    "transaction",
]

#: Rows per ODBC fetch / Arrow batch when the caller does not say.
DEFAULT_BATCH = 10_000


def driver_profile(info: ConnectionInfo | str) -> DriverProfile:
    """The driver profile for a connection: its engine's ODBC family (by ``Driver=`` name or DSN
    name for ODBC strings).

    Example:
        >>> driver_profile("Driver={SQLite3};Database=/tmp/x.db").family
        'sqlite'
    """
    if isinstance(info, ConnectionInfo):
        return DRIVER_PROFILES[engine_for(info).odbc_family(info)]
    attrs = {k.lower(): v.strip("{}") for k, v in odbc_pairs(info)}
    return profile_for(attrs.get("driver", "") or attrs.get("dsn", ""))


def connection_string(
    info: ConnectionInfo,
    *,
    fetch_size: int = DEFAULT_BATCH,
    query_timeout: float | None = None,
    driver: str | None = None,
    with_profile: bool = True,
) -> str:
    """The ODBC connection string for ``info``, with the driver profile's settings added.

    ``info`` may be an ODBC connection (used as given), or a PostgreSQL / SQLite one, which is
    translated for the ``PostgreSQL Unicode`` / ``SQLite3`` drivers (``driver`` overrides the
    name). ``with_profile=False`` leaves the driver profile's attributes out. The result holds
    secrets: pass it to a driver, never print it.

    Example:
        >>> from datalchemy.db.urls import parse_connection
        >>> connection_string(parse_connection("sqlite:////tmp/cars.db"))
        'Driver={SQLite3};Database=/tmp/cars.db;FKSupport=1;NoCreat=1;Timeout=5000'
    """
    profile = driver_profile(info)
    base = engine_for(info).odbc_attributes(info, driver=driver)
    present = {k.lower() for k, _ in base}
    out = list(base)
    for key, value in profile.attributes.items() if with_profile else ():
        if key.lower() not in present:
            out.append((key, value.replace("{fetch}", str(fetch_size))))
    if query_timeout is not None and profile.timeout == "connsettings":
        ms = max(1, int(query_timeout * 1000))
        if "connsettings" not in present:
            out.append(("ConnSettings", "{SET statement_timeout=" + str(ms) + "}"))
    return ";".join(f"{k}={v}" for k, v in out)


def connect(
    info: ConnectionInfo,
    *,
    autocommit: bool = False,
    query_timeout: float | None = None,
    login_timeout: int = 10,
    metrics: DbMetrics | None = None,
) -> Any:
    """Open a pyodbc connection to ``info`` (autocommit off: the caller owns the transaction).

    Args:
        info: an ODBC, PostgreSQL (via psqlODBC) or SQLite (via libsqliteodbc) connection.
        autocommit: commit every statement on its own.
        query_timeout: seconds a statement may run before :class:`~datalchemy.errors.QueryTimeout`.
        login_timeout: seconds to wait for the server while connecting.
        metrics: counts the opened connection (and the failure) when given.

    Returns:
        A ``pyodbc.Connection``.

    Raises:
        ConnectionFailed: ``auth_failed``, ``database_not_found``, ``driver_not_found``,
            ``connect_timeout`` or ``unreachable`` (no secret in the message).

    Example:
        >>> from datalchemy.db.urls import parse_connection  # doctest: +SKIP
        >>> conn = connect(parse_connection("sqlite:////tmp/cars.db"))  # doctest: +SKIP
        >>> conn.cursor().execute("select 1").fetchone()[0]  # doctest: +SKIP
        1
    """
    pyodbc = _pyodbc(info)
    profile = driver_profile(info)
    conn_str = connection_string(info, query_timeout=query_timeout)
    try:
        conn = pyodbc.connect(conn_str, autocommit=autocommit, timeout=login_timeout)
    except pyodbc.Error as exc:
        if metrics is not None:
            metrics.record_error("connection")
        raise connect_failed(exc, info) from None
    if query_timeout is not None and profile.timeout == "attribute":
        with contextlib.suppress(pyodbc.Error):  # drivers without SQL_ATTR_QUERY_TIMEOUT
            conn.timeout = max(1, round(query_timeout))
    if metrics is not None:
        metrics.record_connection_opened()
    return conn


def connect_arrow(
    info: ConnectionInfo,
    *,
    autocommit: bool = False,
    login_timeout: int = 10,
    metrics: DbMetrics | None = None,
) -> Any:
    """Open an ``arrow_odbc.Connection`` (for
    :func:`~datalchemy.db.odbc_insert.insert_batches` inside a transaction).

    Example:
        >>> conn = connect_arrow(info)  # doctest: +SKIP
        >>> with transaction(conn):  # doctest: +SKIP
        ...     insert_batches(conn, "main.cars", ["id", "plate"], batches)
    """
    import arrow_odbc

    try:
        conn = arrow_odbc.connect(
            connection_string(info), autocommit=autocommit, login_timeout_sec=login_timeout
        )
    except arrow_odbc.Error as exc:
        if metrics is not None:
            metrics.record_error("connection")
        raise connect_failed(exc, info) from None
    if metrics is not None:
        metrics.record_connection_opened()
    return conn


@contextlib.contextmanager
def transaction(conn: Any) -> Iterator[Any]:
    """Commit ``conn`` (pyodbc or arrow-odbc) when the block succeeds, roll back when it raises.

    A failing rollback never hides the error that caused it; driver errors come out mapped.

    Example:
        >>> with transaction(conn):  # doctest: +SKIP
        ...     insert_batches(conn, "t", ["a"], batches)
    """
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(Exception):
            conn.rollback()
        raise
    try:
        conn.commit()
    except Exception as exc:
        raise map_error(exc, context="committing the ODBC transaction") from None


def pool_driver(info: ConnectionInfo, config: PoolConfig, *, arrow: bool = False) -> PoolDriver:
    """How :class:`~datalchemy.db.pool.ThinPool` handles pyodbc (or, with ``arrow``, arrow-odbc)
    connections to ``info``.

    pyodbc connections are pooled in autocommit mode; open a transaction with
    ``conn.autocommit = False`` (or :func:`transaction` on a connection in manual mode).
    arrow-odbc fixes the commit mode when it connects, so its connections are pooled in
    **manual** commit mode: work runs in a transaction that ends with ``commit()`` or
    ``rollback()``, and a returned connection is always rolled back (the driver keeps no state
    to look at; psqlODBC and libsqliteodbc send nothing when no transaction is open).
    """
    if arrow:
        return _arrow_driver(info, config)

    def open_() -> Any:
        return connect(
            info,
            autocommit=True,
            query_timeout=config.query_timeout,
            login_timeout=config.connect_timeout,
        )

    def ping(conn: Any, query: str) -> None:
        cur = conn.cursor()
        try:
            cur.execute(query).fetchall()
        finally:
            cur.close()

    def reset(conn: Any) -> None:
        if not conn.autocommit:  # the caller left a transaction open
            conn.rollback()
            conn.autocommit = True

    return PoolDriver(
        open=open_,
        ping=ping,
        reset=reset,
        close=lambda conn: conn.close(),
        broken=lambda conn: bool(conn.closed),
        label="ODBC",
    )


def _arrow_driver(info: ConnectionInfo, config: PoolConfig) -> PoolDriver:
    def open_() -> Any:
        return connect_arrow(info, autocommit=False, login_timeout=config.connect_timeout)

    def ping(conn: Any, query: str) -> None:
        conn.execute(query)
        conn.rollback()  # manual commit mode: end the transaction the check may have begun

    def close(conn: Any) -> None:
        # arrow-odbc frees the connection when the last reference goes; the pool drops its own.
        return None

    return PoolDriver(
        open=open_,
        ping=ping,
        reset=lambda conn: conn.rollback(),
        close=close,
        broken=lambda conn: False,  # nothing local to look at; the checkout check finds out
        label="ODBC (arrow)",
    )


_profile_cache: dict[str, DriverProfile] = {}
_profile_lock = threading.Lock()


def profile_of_connection(conn: Any) -> DriverProfile:
    """The profile of an open pyodbc connection, from its driver's ``SQL_DRIVER_NAME``."""
    import pyodbc

    try:
        driver = str(conn.getinfo(pyodbc.SQL_DRIVER_NAME)).lower()
    except pyodbc.Error as exc:
        raise map_error(exc, context="asking the ODBC driver for its name") from None
    with _profile_lock:
        cached = _profile_cache.get(driver)
    if cached is not None:
        return cached
    profile = profile_for(driver)
    with _profile_lock:
        _profile_cache[driver] = profile
    return profile


def _pyodbc(info: ConnectionInfo) -> Any:
    try:
        import pyodbc
    except ImportError as exc:  # the wheel needs the system libodbc.so.2
        raise ConnectionFailed(
            "driver_not_found",
            f"pyodbc cannot load the ODBC driver manager: {exc}",
            path=info.redacted,
            hint="install unixODBC (apt-get install unixodbc)",
        ) from None
    return pyodbc


def connect_failed(exc: BaseException, info: ConnectionInfo) -> DatalchemyError:
    """A driver's connect error as a coded :class:`ConnectionFailed`, with the driver families'
    own ways of saying "no such database file" recognised."""
    err = map_connect_error(exc, info)
    if err.code != "unreachable":
        return err
    lower = err.message.lower()
    for profile in DRIVER_PROFILES.values():
        markers = profile.missing_database_markers
        if markers and all(marker in lower for marker in markers):
            return ConnectionFailed(
                "database_not_found",
                f"the {profile.label} file cannot be opened: {err.message}",
                path=info.redacted,
                hint="check the Database= path; the ODBC path never creates a missing file",
            )
    return err
