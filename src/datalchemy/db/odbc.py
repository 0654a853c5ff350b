"""ODBC connectivity: connection strings, driver settings, connect, Arrow streaming, bulk insert.

Two libraries share the work (see ``docs/connectivity.md``):

* **pyodbc** is the control plane: DDL, catalog functions, small statements, and bulk inserts
  that must run inside a transaction the caller controls (:func:`connect` + :func:`insert_batches`).
* **arrow-odbc** is the data plane: bounded, columnar reads (:func:`read_batches`) and
  array-bound inserts (:func:`connect_arrow` + :func:`insert_batches`).

Driver quirks live in one table, :data:`DRIVER_PROFILES`: psqlODBC buffers a whole result in the
client unless ``UseDeclareFetch=1`` (418 MB vs 67 MB for 1 M rows), the Debian package turns its
communication log on (``CommLog=1``), and libsqliteodbc crashes the interpreter under pyodbc's
``fast_executemany``. User-given attributes always win over the profile's.

Example:
    >>> from datalchemy.db.urls import parse_connection
    >>> info = parse_connection("Driver={PostgreSQL Unicode};Server=db;Database=crm;UID=u;PWD=pw")
    >>> connection_string(info).split(";")[-4:]
    ['CommLog=0', 'Debug=0', 'UseDeclareFetch=1', 'Fetch=10000']
    >>> driver_profile(info).insert_method
    'arrow'
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import threading
import time
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import pyarrow as pa

from datalchemy.db.errors import map_connect_error, map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.urls import ConnectionInfo, redact_text
from datalchemy.errors import ConnectionFailed, DatabaseError, DatalchemyError, UsageError

__all__ = [
    "DRIVER_PROFILES",
    "DriverProfile",
    "InsertMethod",
    "aread_batches",
    "connect",
    "connect_arrow",
    "connection_string",
    "driver_profile",
    "insert_batches",
    "read_batches",
    "transaction",
]

InsertMethod = Literal["executemany", "fast_executemany", "arrow"]

#: Rows per ODBC fetch / Arrow batch when the caller does not say.
DEFAULT_BATCH = 10_000
#: Cap on the transit buffer of one read batch. arrow-odbc sizes text buffers by the width the
#: driver declares (psqlODBC: 8190 characters for ``text``), i.e. ~32 KB per row and text column;
#: under this cap it fetches fewer rows per batch instead of allocating hundreds of MB.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class DriverProfile:
    """What datalchemy knows about one ODBC driver family.

    Attributes:
        family: ``postgresql``, ``sqlite`` or ``generic``.
        attributes: connection-string additions (the user's own attributes take precedence).
            ``{fetch}`` in a value is replaced by the fetch/batch size.
        fast_executemany: whether pyodbc's parameter arrays are safe with this driver.
        timeout: how a statement timeout is set: ``connsettings`` (a ``SET statement_timeout``
            run by the driver at connect), ``attribute`` (ODBC ``SQL_ATTR_QUERY_TIMEOUT`` via
            ``Connection.timeout``), or None (unsupported).
        insert_method: the fastest transactional bulk-insert path measured for the driver.
    """

    family: str
    attributes: dict[str, str] = field(default_factory=dict)
    fast_executemany: bool = False
    timeout: Literal["connsettings", "attribute"] | None = "attribute"
    insert_method: InsertMethod = "executemany"


#: Per-driver settings, by family. Measured on psqlODBC 13.02 and libsqliteodbc 0.9998.
DRIVER_PROFILES: dict[str, DriverProfile] = {
    "postgresql": DriverProfile(
        family="postgresql",
        attributes={
            # Debian's odbcinst.ini template enables a per-process log file in /tmp.
            "CommLog": "0",
            "Debug": "0",
            # Without a declare/fetch cursor the driver reads the whole result into memory.
            "UseDeclareFetch": "1",
            "Fetch": "{fetch}",
        },
        # Parameter arrays drop fractional seconds of timestamps with psqlODBC (measured; pyodbc
        # issue #1023): silent corruption, so refused. arrow-odbc is faster anyway.
        fast_executemany=False,
        # psqlODBC rejects SQL_ATTR_QUERY_TIMEOUT on the connection (attribute 113).
        timeout="connsettings",
        insert_method="arrow",
    ),
    "sqlite": DriverProfile(
        family="sqlite",
        attributes={
            # Enforce foreign keys like the native path (PRAGMA foreign_keys=ON per connection).
            "FKSupport": "1",
            # A typo in the file name must fail, not create an empty database.
            "NoCreat": "1",
            # Busy timeout in milliseconds: wait for a competing writer instead of failing.
            "Timeout": "5000",
        },
        # pyodbc fast_executemany segfaults with libsqliteodbc (TEXT reported with size 0).
        fast_executemany=False,
        timeout=None,
        insert_method="arrow",
    ),
    "generic": DriverProfile(family="generic"),
}

_PAIR = re.compile(r"\s*([^=;]+?)\s*=\s*(\{(?:[^}]|\}\})*\}|[^;]*)\s*(?:;|$)")


def _pairs(conn_str: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in _PAIR.finditer(conn_str) if m.group(1)]


def _brace(value: str) -> str:
    """Quote an attribute value that holds ``;``, braces or outer spaces (ODBC rules)."""
    if any(ch in value for ch in ";{}") or value != value.strip():
        return "{" + value.replace("}", "}}") + "}"
    return value


def driver_profile(info: ConnectionInfo | str) -> DriverProfile:
    """The :class:`DriverProfile` for a connection (by its ``Driver=`` name, engine or DSN name).

    Example:
        >>> driver_profile("Driver={SQLite3};Database=/tmp/x.db").family
        'sqlite'
    """
    if isinstance(info, ConnectionInfo):
        if info.engine == "postgres":
            return DRIVER_PROFILES["postgresql"]
        if info.engine == "sqlite":
            return DRIVER_PROFILES["sqlite"]
        text = info.odbc_string
    else:
        text = info
    attrs = {k.lower(): v.strip("{}").lower() for k, v in _pairs(text)}
    name = attrs.get("driver", "") or attrs.get("dsn", "")
    if "postgres" in name or "psqlodbc" in name:
        return DRIVER_PROFILES["postgresql"]
    if "sqlite" in name:
        return DRIVER_PROFILES["sqlite"]
    return DRIVER_PROFILES["generic"]


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
        >>> connection_string(parse_connection("sqlite:///tmp/cars.db"))
        'Driver={SQLite3};Database=/tmp/cars.db;FKSupport=1;NoCreat=1;Timeout=5000'
    """
    profile = driver_profile(info)
    base: list[tuple[str, str]]
    if info.engine == "odbc":
        base = _pairs(info.odbc_string)
    elif info.engine == "postgres":
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(info.secret_url)
        base = [
            ("Driver", "{" + (driver or "PostgreSQL Unicode") + "}"),
            ("Server", parts.hostname or "localhost"),
            ("Port", str(parts.port or 5432)),
            ("Database", info.database or ""),
        ]
        if parts.username:
            base.append(("UID", _brace(unquote(parts.username))))
        if parts.password is not None:
            base.append(("PWD", _brace(unquote(parts.password))))
        sslmode = info.params.get("sslmode")
        if sslmode:
            base.append(("SSLmode", sslmode))
    else:
        base = [("Driver", "{" + (driver or "SQLite3") + "}"), ("Database", info.sqlite_path)]
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
        >>> conn = connect(parse_connection("sqlite:///tmp/cars.db"))  # doctest: +SKIP
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
        raise _connect_failed(exc, info) from None
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
    """Open an ``arrow_odbc.Connection`` (for :func:`insert_batches` inside a transaction).

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
        raise _connect_failed(exc, info) from None
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


# --------------------------------------------------------------------------------------------
# Streaming reads
# --------------------------------------------------------------------------------------------


def _open_reader(
    info: ConnectionInfo,
    query: str,
    batch_size: int,
    max_text_size: int | None,
    max_bytes_per_batch: int,
    query_timeout: float | None,
    parameters: list[str | None] | None,
) -> Any:
    import arrow_odbc

    timeout = None if query_timeout is None else max(1, round(query_timeout))
    try:
        return arrow_odbc.read_arrow_batches_from_odbc(
            query,
            connection_string(info, fetch_size=batch_size),
            batch_size=batch_size,
            parameters=parameters,
            max_bytes_per_batch=max_bytes_per_batch,
            max_text_size=max_text_size,
            max_binary_size=max_text_size,
            falliable_allocations=True,
            # The prefetch thread doubles the transit memory; the stream stays bounded either way.
            fetch_concurrently=True,
            query_timeout_sec=timeout,
        )
    except arrow_odbc.Error as exc:
        if "SQLDriverConnect" in str(exc):
            raise _connect_failed(exc, info) from None
        raise map_error(exc, context=f"running ODBC query {_snippet(query)}") from None


def read_batches(
    info: ConnectionInfo,
    query: str,
    batch_size: int = DEFAULT_BATCH,
    *,
    max_text_size: int | None = None,
    max_bytes_per_batch: int = DEFAULT_MAX_BYTES,
    query_timeout: float | None = None,
    parameters: list[str | None] | None = None,
    metrics: DbMetrics | None = None,
) -> Generator[pa.RecordBatch, None, None]:
    """Stream the result of ``query`` as Arrow record batches of at most ``batch_size`` rows.

    Memory stays bounded by one or two batches: the driver fetches with a server-side cursor
    (psqlODBC ``UseDeclareFetch=1``) and each transit buffer is capped at
    ``max_bytes_per_batch`` (wide text rows get fewer rows per batch). ``max_text_size`` caps
    the buffer of one text value (characters); a longer value fails loudly with
    ``value_too_large``, it is never truncated. The reader and its connection are released when the
    iteration ends, fails, or is abandoned (``break`` / ``close()`` on the generator).

    Raises:
        ConnectionFailed: the connection could not be opened.
        DatabaseError: a subclass saying what failed, with the query and the rows already read
            in the message; the stream never ends silently on an error.

    Example:
        >>> from datalchemy.db.urls import parse_connection  # doctest: +SKIP
        >>> info = parse_connection("Driver={PostgreSQL Unicode};Server=h;...")  # doctest: +SKIP
        >>> for batch in read_batches(info, "select * from crm.leads", 5000):  # doctest: +SKIP
        ...     print(batch.num_rows)
    """
    start = time.perf_counter()
    reader = _open_reader(
        info, query, batch_size, max_text_size, max_bytes_per_batch, query_timeout, parameters
    )
    rows = 0
    try:
        while True:
            try:
                batch = next(reader)
            except StopIteration:
                break
            except Exception as exc:
                err = _stream_error(exc, query, rows)
                if metrics is not None:
                    metrics.record_error(err)
                raise err from None
            rows += batch.num_rows
            if metrics is not None:
                metrics.record_rows(read=batch.num_rows, bytes_read=batch.nbytes)
            yield batch
    finally:
        # arrow-odbc frees the statement and connection when the reader is collected.
        del reader
        if metrics is not None:
            metrics.record_query(time.perf_counter() - start)


async def aread_batches(
    info: ConnectionInfo,
    query: str,
    batch_size: int = DEFAULT_BATCH,
    *,
    max_text_size: int | None = None,
    max_bytes_per_batch: int = DEFAULT_MAX_BYTES,
    query_timeout: float | None = None,
    parameters: list[str | None] | None = None,
    metrics: DbMetrics | None = None,
) -> AsyncIterator[pa.RecordBatch]:
    """The asyncio twin of :func:`read_batches`: each fetch runs on one worker thread.

    Cancelling the consuming task (``asyncio.CancelledError``) or leaving the ``async for``
    early lets the in-flight fetch finish on its thread and then releases the reader there, so
    the ODBC handles are never used from two threads at once.

    Example:
        >>> async for batch in aread_batches(info, "select * from t"):  # doctest: +SKIP
        ...     total += batch.num_rows
    """
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datalchemy-odbc")
    loop = asyncio.get_running_loop()
    gen = read_batches(
        info,
        query,
        batch_size,
        max_text_size=max_text_size,
        max_bytes_per_batch=max_bytes_per_batch,
        query_timeout=query_timeout,
        parameters=parameters,
        metrics=metrics,
    )
    done = object()

    def step() -> Any:
        return next(gen, done)

    try:
        while True:
            batch = await loop.run_in_executor(executor, step)
            if batch is done:
                break
            yield batch
    finally:
        # Close on the same thread that fetched; never block the loop while it finishes.
        executor.submit(gen.close)
        executor.shutdown(wait=False)


def _stream_error(exc: BaseException, query: str, rows: int) -> DatalchemyError:
    context = f"streaming ODBC query {_snippet(query)} after {rows} rows"
    if "too large to be written into the allocated buffer" in str(exc):
        return DatabaseError(
            "value_too_large",
            f"{context}: {redact_text(str(exc).strip())}",
            hint="a text or binary value is longer than max_text_size; raise it (or the "
            "driver's limit, e.g. psqlODBC MaxLongVarcharSize)",
        )
    return map_error(exc, context=context)


def _snippet(query: str, limit: int = 80) -> str:
    flat = " ".join(query.split())
    flat = flat if len(flat) <= limit else flat[: limit - 3] + "..."
    return repr(redact_text(flat))


# --------------------------------------------------------------------------------------------
# Bulk insert
# --------------------------------------------------------------------------------------------


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_table(table: str) -> str:
    """``schema.table`` → ``"schema"."table"``; a name already quoted is kept as written."""
    if '"' in table:
        return table
    return ".".join(_quote_ident(part) for part in table.split("."))


def _rename(batch: pa.RecordBatch, columns: list[str]) -> pa.RecordBatch:
    if batch.num_columns != len(columns):
        raise UsageError(
            "column_count_mismatch",
            f"the batch has {batch.num_columns} columns but {len(columns)} column names were given",
            hint="pass one column name per Arrow column, in the same order",
        )
    if batch.schema.names == columns:
        return batch
    return batch.rename_columns(columns)


def _chunks(batches: Iterable[pa.RecordBatch], size: int) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        if batch.num_rows <= size:
            if batch.num_rows:
                yield batch
            continue
        for offset in range(0, batch.num_rows, size):
            yield batch.slice(offset, size)


def insert_batches(
    target: ConnectionInfo | Any,
    table: str,
    columns: list[str],
    batches: Iterable[pa.RecordBatch],
    *,
    chunk_size: int = DEFAULT_BATCH,
    method: InsertMethod | None = None,
    metrics: DbMetrics | None = None,
) -> int:
    """Insert Arrow ``batches`` into ``table`` (``schema.table``) and return the rows written.

    ``target`` decides who owns the transaction:

    * a ``pyodbc.Connection`` (from :func:`connect`) or an ``arrow_odbc.Connection`` (from
      :func:`connect_arrow`): rows are sent inside the caller's open transaction and **not**
      committed, so the caller can roll a whole load back (use :func:`transaction`);
    * a :class:`ConnectionInfo`: an own arrow-odbc connection is opened, everything is inserted
      in one transaction and committed; on any error it is rolled back (all or nothing).

    ``method`` (pyodbc targets): ``executemany`` (safe everywhere, the default) or
    ``fast_executemany`` (parameter arrays; only where the driver profile allows it). On
    PostgreSQL the pyodbc path adds ``OVERRIDING SYSTEM VALUE``, so values go into
    ``GENERATED ALWAYS`` identity columns as given (as with ``COPY``); arrow-odbc builds its own
    INSERT and cannot, so use a pyodbc connection for such tables. Rows are built column-wise
    (``zip`` over ``to_pylist()`` columns, no per-row Python code); arrow-odbc sends the Arrow
    buffers directly.

    Raises:
        ConstraintViolation: a row broke a constraint (the constraint name is set when the
            driver reports it).
        DatabaseError: any other failure, mapped; UsageError: columns do not match the batches.

    Example:
        >>> conn = connect(info)  # doctest: +SKIP
        >>> with transaction(conn):  # doctest: +SKIP
        ...     n = insert_batches(conn, "crm.leads", ["id", "name"], batches)
    """
    if chunk_size < 1:
        raise UsageError("invalid_chunk_size", "chunk_size must be at least 1")
    if isinstance(target, ConnectionInfo):
        conn = connect_arrow(target, autocommit=False, metrics=metrics)
        try:
            with transaction(conn):
                return _insert_arrow(conn, table, columns, batches, chunk_size, metrics)
        finally:
            del conn
    if type(target).__module__.startswith("arrow_odbc"):
        return _insert_arrow(target, table, columns, batches, chunk_size, metrics)
    return _insert_pyodbc(target, table, columns, batches, chunk_size, method, metrics)


def _insert_arrow(
    conn: Any,
    table: str,
    columns: list[str],
    batches: Iterable[pa.RecordBatch],
    chunk_size: int,
    metrics: DbMetrics | None,
) -> int:
    stats = {"rows": 0, "bytes": 0}
    batches_iter = iter(batches)
    first = next(batches_iter, None)
    if first is None:
        return 0
    first = _rename(first, columns)
    schema = first.schema

    def counted() -> Iterator[pa.RecordBatch]:
        for batch in itertools.chain([first], batches_iter):
            batch = _rename(batch, columns)
            stats["rows"] += batch.num_rows
            stats["bytes"] += batch.nbytes
            yield batch

    reader = pa.RecordBatchReader.from_batches(schema, counted())
    start = time.perf_counter()
    try:
        # arrow-odbc quotes the Arrow field names itself; the table name is used verbatim.
        conn.insert_into_table(reader, _quote_table(table), chunk_size)
    except Exception as exc:
        err = map_error(exc, context=f"inserting into {table} after ~{stats['rows']} rows")
        if metrics is not None:
            metrics.record_error(err)
        raise err from None
    written = stats["rows"]
    if metrics is not None:
        metrics.record_query(time.perf_counter() - start)
        metrics.record_rows(written=written, bytes_written=stats["bytes"])
    return written


def _insert_pyodbc(
    conn: Any,
    table: str,
    columns: list[str],
    batches: Iterable[pa.RecordBatch],
    chunk_size: int,
    method: InsertMethod | None,
    metrics: DbMetrics | None,
) -> int:
    profile = _profile_of_connection(conn)
    if method == "arrow":
        raise UsageError(
            "insert_method_unavailable",
            "the arrow method needs an arrow_odbc connection (connect_arrow) or a ConnectionInfo",
        )
    fast = method == "fast_executemany"
    if fast and not profile.fast_executemany:
        raise UsageError(
            "insert_method_unsafe",
            f"fast_executemany is disabled for the {profile.family} ODBC driver (it crashes or "
            "corrupts data there)",
            hint="use method='executemany' or the arrow method",
        )
    placeholders = ", ".join("?" for _ in columns)
    # Like COPY, write the given values into GENERATED ALWAYS identity columns (PostgreSQL
    # accepts the clause on any table; without it such columns reject every row).
    overriding = " OVERRIDING SYSTEM VALUE" if profile.family == "postgresql" else ""
    sql = (
        f"INSERT INTO {_quote_table(table)} ({', '.join(_quote_ident(c) for c in columns)})"
        f"{overriding} VALUES ({placeholders})"
    )
    written = 0
    cursor = conn.cursor()
    cursor.fast_executemany = fast
    try:
        for chunk in _chunks(batches, chunk_size):
            chunk = _rename(chunk, columns)
            # Column-wise conversion: one C-level pass per column, then zip (no per-row code).
            rows = list(zip(*(_pylist(col) for col in chunk.columns), strict=True))
            start = time.perf_counter()
            try:
                cursor.executemany(sql, rows)
            except Exception as exc:
                err = map_error(exc, context=f"inserting into {table} after {written} rows")
                if metrics is not None:
                    metrics.record_error(err)
                raise err from None
            written += chunk.num_rows
            if metrics is not None:
                metrics.record_query(time.perf_counter() - start)
                metrics.record_rows(written=chunk.num_rows, bytes_written=chunk.nbytes)
    finally:
        with contextlib.suppress(Exception):
            cursor.close()
    return written


def _pylist(column: pa.Array) -> list[Any]:
    """Python values for pyodbc; ``time`` values as text, since pyodbc binds ``datetime.time``
    as SQL_TIME and the driver drops the fractional seconds (measured on psqlODBC)."""
    if pa.types.is_time(column.type):
        return column.cast(pa.string()).to_pylist()  # type: ignore[no-any-return]
    return column.to_pylist()  # type: ignore[no-any-return]


_profile_cache: dict[str, DriverProfile] = {}
_profile_lock = threading.Lock()


def _profile_of_connection(conn: Any) -> DriverProfile:
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
    if "psql" in driver or "postgres" in driver:
        profile = DRIVER_PROFILES["postgresql"]
    elif "sqlite" in driver:
        profile = DRIVER_PROFILES["sqlite"]
    else:
        profile = DRIVER_PROFILES["generic"]
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


def _connect_failed(exc: BaseException, info: ConnectionInfo) -> DatalchemyError:
    err = map_connect_error(exc, info)
    # libsqliteodbc reports a missing file (NoCreat=1) only as "connect failed (14)".
    if err.code == "unreachable" and "(14)" in err.message and "sqlite" in err.message.lower():
        return ConnectionFailed(
            "database_not_found",
            f"the SQLite file cannot be opened: {err.message}",
            path=info.redacted,
            hint="check the Database= path; the ODBC path never creates a missing file",
        )
    return err
