"""Connection pools with a configurable health check on checkout and serialized recovery.

* :class:`PgPool` wraps ``psycopg_pool.ConnectionPool`` (PostgreSQL, native driver).
* :class:`ThinPool` is a small pool with the same interface for any DB-API-like connection; a
  :class:`PoolDriver` says how to open, ping, reset and close one (``db.sqlite.pool_driver``
  for sqlite3, ``db.odbc.pool_driver`` for pyodbc and arrow-odbc).

:func:`create_pool` asks the connection's engine (:mod:`datalchemy.engines`) for its pool.

Health check: on **checkout** only, when enabled (explicit :attr:`PoolConfig.check`, else the
``DATALCHEMY_POOL_CHECK`` environment variable, else on). A failed check discards the
connection and hands out a fresh one. **Return** never runs a query: the pool looks at local
state (closed? transaction left open?) and only rolls back a transaction the caller left open.
Pooled connections are in autocommit mode; open a transaction explicitly
(``with conn.transaction():`` for psycopg, ``conn.autocommit = False`` for pyodbc, ``BEGIN`` for
sqlite3). arrow-odbc fixes its commit mode at connect, so its pooled connections stay in manual
commit mode and are always rolled back on return (the driver shows no state to look at).

Recovery: when work fails with :class:`~datalchemy.errors.ConnectionLost`, :meth:`recover`
drops every pooled connection. Concurrent failures trigger **one** recovery: the others wait
for it and then reuse its result (a generation counter tells them it already happened).

Example:
    >>> from datalchemy.db.urls import parse_connection
    >>> with create_pool(parse_connection("sqlite:///:memory:"), PoolConfig(max_size=2)) as pool:
    ...     with pool.connection() as conn:
    ...         conn.execute("select 41 + 1").fetchone()[0]
    42
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from datalchemy.db.errors import is_driver_error, map_connect_error, map_error
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.urls import ConnectionInfo
from datalchemy.engines.postgres import POSTGRES
from datalchemy.errors import (
    ConnectionFailed,
    ConnectionLost,
    DatalchemyError,
    PoolTimeout,
    UsageError,
)

__all__ = [
    "POOL_CHECK_ENV",
    "PgPool",
    "Pool",
    "PoolConfig",
    "PoolDriver",
    "RecoveryGate",
    "ThinPool",
    "create_pool",
    "resolve_check",
]

#: Environment variable consulted when :attr:`PoolConfig.check` is not set.
POOL_CHECK_ENV = "DATALCHEMY_POOL_CHECK"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

T = TypeVar("T")
C = TypeVar("C")


def resolve_check(explicit: bool | None = None) -> bool:
    """Whether to health-check on checkout: ``explicit``, else the environment, else True.

    The environment variable is ``DATALCHEMY_POOL_CHECK`` (``1/true/on`` or ``0/false/off``).

    Raises:
        UsageError: the environment variable holds something other than a boolean word.

    Example:
        >>> resolve_check(False)
        False
        >>> import os; os.environ.pop(POOL_CHECK_ENV, None) and None
        >>> resolve_check()
        True
    """
    if explicit is not None:
        return explicit
    raw = os.environ.get(POOL_CHECK_ENV)
    if raw is None or not raw.strip():
        return True
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise UsageError(
        "invalid_pool_check",
        f"{POOL_CHECK_ENV}={raw!r} is not a boolean",
        path=POOL_CHECK_ENV,
        hint="use 1/true/on or 0/false/off",
    )


@dataclass(frozen=True)
class PoolConfig:
    """Pool sizes, timeouts and the checkout health check.

    Attributes:
        min_size: connections opened up front and kept (PostgreSQL; the thin pool opens lazily).
        max_size: connections at most; checkouts beyond it wait.
        timeout: seconds a checkout may wait before :class:`~datalchemy.errors.PoolTimeout`.
        check: health check on checkout; None defers to ``DATALCHEMY_POOL_CHECK`` (default on).
        health_check_query: the statement the check runs (ODBC/SQLite; PostgreSQL too).
        max_lifetime: seconds after which a connection is replaced.
        max_idle: seconds an unused connection is kept.
        connect_timeout: seconds to wait for the server when opening a connection.
        query_timeout: statement timeout in seconds for every pooled connection (None: none).
    """

    min_size: int = 1
    max_size: int = 4
    timeout: float = 30.0
    check: bool | None = None
    health_check_query: str = "SELECT 1"
    max_lifetime: float = 3600.0
    max_idle: float = 600.0
    connect_timeout: int = 10
    query_timeout: float | None = None

    def __post_init__(self) -> None:
        if self.max_size < 1 or self.min_size < 0 or self.min_size > self.max_size:
            raise UsageError(
                "invalid_pool_size",
                f"pool sizes must satisfy 0 <= min_size <= max_size and max_size >= 1 "
                f"(got min_size={self.min_size}, max_size={self.max_size})",
            )
        if self.timeout <= 0 or self.max_lifetime <= 0 or self.max_idle <= 0:
            raise UsageError("invalid_pool_timeout", "pool timeouts must be positive")

    @property
    def check_on_checkout(self) -> bool:
        """The resolved health-check setting (explicit > environment > on)."""
        return resolve_check(self.check)


class RecoveryGate:
    """Runs one recovery for many concurrent failures.

    Each worker notes :attr:`generation` before it starts; when its work fails it calls
    :meth:`recover` with that number. The first caller runs ``action`` while holding the lock;
    the others block on the lock and, seeing that the generation moved on, return without
    recovering again.

    Example:
        >>> gate = RecoveryGate()
        >>> seen = gate.generation
        >>> gate.recover(seen, lambda: None), gate.recover(seen, lambda: None)
        (True, False)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0

    @property
    def generation(self) -> int:
        return self._generation

    def recover(self, seen: int, action: Callable[[], None]) -> bool:
        """Run ``action`` unless a recovery already happened since ``seen``; True if it ran."""
        with self._lock:
            if self._generation != seen:
                return False
            action()
            self._generation += 1
            return True


class Pool(Generic[C]):
    """What every pool offers: ``connection()``, recovery, ``run`` with retry, ``close``."""

    metrics: DbMetrics
    config: PoolConfig
    check_on_checkout: bool
    _gate: RecoveryGate

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[C]:  # pragma: no cover
        raise NotImplementedError
        yield

    def _drop_all(self) -> None:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover
        raise NotImplementedError

    @property
    def generation(self) -> int:
        """Recoveries so far; pass the value seen before the work to :meth:`recover`."""
        return self._gate.generation

    def recover(self, seen_generation: int) -> bool:
        """Drop every pooled connection after a connection failure (once for many callers).

        Connections checked out at the time are discarded when they come back.
        Returns True for the caller that performed the recovery.
        """

        def action() -> None:
            self._drop_all()
            self.metrics.record_recovery()

        return self._gate.recover(seen_generation, action)

    def run(self, work: Callable[[C], T], *, retries: int = 1) -> T:
        """Run ``work(conn)`` on a pooled connection; after a lost connection recover and retry.

        Only pass idempotent work: whether a statement interrupted by a connection loss took
        effect is unknown.

        Example:
            >>> pool.run(lambda conn: conn.execute("select 1").fetchone())  # doctest: +SKIP
            (1,)
        """
        attempt = 0
        while True:
            seen = self._gate.generation
            try:
                with self.connection() as conn:
                    return work(conn)
            except ConnectionLost:
                if attempt >= retries:
                    raise
                attempt += 1
                self.recover(seen)

    def __enter__(self: Any) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PgPool(Pool[Any]):
    """A PostgreSQL pool on ``psycopg_pool.ConnectionPool`` (``psycopg.Connection`` objects).

    Example:
        >>> with PgPool(info, PoolConfig(max_size=4, check=True)) as pool:  # doctest: +SKIP
        ...     with pool.connection() as conn:
        ...         conn.execute("select 1")
    """

    def __init__(
        self,
        info: ConnectionInfo,
        config: PoolConfig | None = None,
        *,
        metrics: DbMetrics | None = None,
        wait: bool = True,
    ) -> None:
        import psycopg_pool

        from datalchemy.db.postgres import conninfo

        POSTGRES.require(info, purpose="PgPool")
        self.info = info
        self.config = config or PoolConfig()
        self.metrics = metrics or DbMetrics()
        self._gate = RecoveryGate()
        self.check_on_checkout = self.config.check_on_checkout
        kwargs: dict[str, Any] = {
            "autocommit": True,
            "connect_timeout": self.config.connect_timeout,
            "application_name": "datalchemy",
        }
        if self.config.query_timeout is not None:
            kwargs["options"] = f"-c statement_timeout={int(self.config.query_timeout * 1000)}"
        # Fail fast on a wrong password or an unreachable server: psycopg_pool itself would
        # keep retrying for the whole checkout timeout before giving up.
        failure = self._probe()
        if failure is not None:
            raise failure
        self._pool = psycopg_pool.ConnectionPool(
            conninfo(info),  # the parsed parts, never the URL: libpq would split it its own way
            kwargs=kwargs,
            min_size=self.config.min_size,
            max_size=self.config.max_size,
            timeout=self.config.timeout,
            max_lifetime=self.config.max_lifetime,
            max_idle=self.config.max_idle,
            check=self._check if self.check_on_checkout else None,
            configure=self._configure,
            # No reset callback: returning a connection never runs a query.
            open=False,
            name="datalchemy",
        )
        try:
            self._pool.open(wait=wait and self.config.min_size > 0, timeout=self.config.timeout)
        except psycopg_pool.PoolTimeout:
            self._pool.close()
            # The pool hides why connecting failed: try once directly for a precise error.
            raise self._diagnose() from None

    def _probe(self) -> ConnectionFailed | None:
        """Connect once directly: the precise error (wrong password, ...), or None."""
        import psycopg

        from datalchemy.db.postgres import conninfo

        try:
            psycopg.connect(
                conninfo(self.info), connect_timeout=self.config.connect_timeout
            ).close()
        except psycopg.Error as exc:
            return map_connect_error(exc, self.info)
        return None

    def _diagnose(self) -> DatalchemyError:
        # The pool hides why connecting failed.
        return self._probe() or ConnectionFailed(
            "connect_timeout",
            "the pool could not open its connections in time",
            path=self.info.redacted,
            hint="raise PoolConfig.timeout or lower min_size",
        )

    def _configure(self, conn: Any) -> None:
        self.metrics.record_connection_opened()

    def _check(self, conn: Any) -> None:
        try:
            conn.execute(self.config.health_check_query)
        except Exception:
            self.metrics.record_health_check(ok=False)
            raise
        self.metrics.record_health_check(ok=True)

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[Any]:
        """Check a connection out for the ``with`` block; driver errors come out mapped.

        Raises:
            PoolTimeout: no connection became free within ``timeout`` (default: the config's).
        """
        stats = self._pool.get_stats()
        waited = stats.get("pool_available", 0) == 0
        start = time.perf_counter()
        try:
            conn = self._pool.getconn(timeout=timeout)
        except Exception as exc:
            err = map_error(exc, context="checking out a PostgreSQL connection")
            self.metrics.record_error(err)
            raise err from None
        self.metrics.record_checkout(time.perf_counter() - start, waited=waited)
        try:
            yield conn
        except Exception as exc:
            if not is_driver_error(exc):
                raise
            err = map_error(exc, context="running on a pooled PostgreSQL connection")
            self.metrics.record_error(err)
            raise err from None
        finally:
            # putconn looks at local state only: broken → replaced, open transaction → rolled
            # back, drained (recovered) → closed. No health query here.
            self._pool.putconn(conn)

    def _drop_all(self) -> None:
        self._pool.drain()

    def stats(self) -> dict[str, int]:
        """psycopg_pool's own counters (one copy; they are not read under a lock)."""
        return dict(self._pool.get_stats())

    def close(self) -> None:
        self._pool.close()


@dataclass
class _Slot:
    conn: Any
    created: float
    last_used: float
    generation: int


@dataclass(frozen=True)
class PoolDriver:
    """How the thin pool talks to one kind of connection."""

    open: Callable[[], Any]
    """A new connection, in autocommit mode where the driver can switch it later."""
    ping: Callable[[Any, str], None]
    """Run the health-check query; raise when the connection is unusable."""
    reset: Callable[[Any], None]
    """Make a returned connection fit for the next user (roll back what it left open)."""
    close: Callable[[Any], None]
    broken: Callable[[Any], bool]
    """True when local state says the connection is closed (no statement is sent)."""
    label: str
    """How messages name the connections (``SQLite``, ``ODBC``)."""


class ThinPool(Pool[Any]):
    """A small, thread-safe pool (lazy, LIFO, bounded) for the connections a driver opens.

    :func:`create_pool` builds one for SQLite and ODBC connections; the constructor takes the
    :class:`PoolDriver` directly.
    """

    def __init__(
        self,
        driver: PoolDriver,
        config: PoolConfig | None = None,
        *,
        metrics: DbMetrics | None = None,
    ) -> None:
        self.config = config or PoolConfig()
        self.metrics = metrics or DbMetrics()
        self.check_on_checkout = self.config.check_on_checkout
        self._driver = driver
        self._gate = RecoveryGate()
        self._cond = threading.Condition()
        self._idle: deque[_Slot] = deque()
        self._out: dict[int, _Slot] = {}
        self._size = 0
        self._closed = False

    def _take(self, timeout: float) -> tuple[_Slot | None, bool]:
        """An idle slot (None: the caller may open a new connection), and whether it waited."""
        deadline = time.monotonic() + timeout
        waited = False
        with self._cond:
            while True:
                if self._closed:
                    raise ConnectionLost("pool_closed", "the connection pool is closed")
                now = time.monotonic()
                while self._idle:
                    slot = self._idle.pop()
                    expired = (
                        now - slot.created > self.config.max_lifetime
                        or now - slot.last_used > self.config.max_idle
                        or slot.generation != self._gate.generation
                    )
                    if not expired:
                        return slot, waited
                    self._discard_locked(slot)
                if self._size < self.config.max_size:
                    self._size += 1
                    return None, waited
                remaining = deadline - now
                if remaining <= 0:
                    raise PoolTimeout(
                        "pool_timeout",
                        f"no {self._driver.label} connection became free within {timeout:g}s "
                        f"(max_size={self.config.max_size})",
                        hint="raise max_size or the checkout timeout, or return connections sooner",
                    )
                waited = True
                self._cond.wait(remaining)

    def _discard_locked(self, slot: _Slot) -> None:
        self._size -= 1
        with contextlib.suppress(Exception):
            self._driver.close(slot.conn)
        self.metrics.record_connection_closed()
        self._cond.notify()

    def _open(self) -> _Slot:
        try:
            conn = self._driver.open()
        except BaseException:
            with self._cond:
                self._size -= 1
                self._cond.notify()
            raise
        self.metrics.record_connection_opened()
        now = time.monotonic()
        return _Slot(conn, now, now, self._gate.generation)

    def getconn(self, timeout: float | None = None) -> Any:
        """Check a connection out (prefer :meth:`connection`); give it back with :meth:`putconn`."""
        limit = self.config.timeout if timeout is None else timeout
        start = time.perf_counter()
        try:
            while True:
                slot, waited = self._take(limit)
                if slot is None:
                    slot = self._open()
                elif self.check_on_checkout and not self._healthy(slot):
                    with self._cond:
                        self._discard_locked(slot)
                    continue
                break
        except DatalchemyError as err:
            self.metrics.record_error(err)
            raise
        with self._cond:
            self._out[id(slot.conn)] = slot
        self.metrics.record_checkout(time.perf_counter() - start, waited=waited)
        return slot.conn

    def _healthy(self, slot: _Slot) -> bool:
        try:
            self._driver.ping(slot.conn, self.config.health_check_query)
        except Exception:
            self.metrics.record_health_check(ok=False)
            return False
        self.metrics.record_health_check(ok=True)
        return True

    def putconn(self, conn: Any) -> None:
        """Give ``conn`` back. Only local state is inspected; no statement is sent."""
        with self._cond:
            slot = self._out.pop(id(conn), None)
        if slot is None:
            raise UsageError("not_pooled", "this connection does not belong to the pool")
        keep = not self._closed and slot.generation == self._gate.generation
        if keep:
            try:
                keep = not self._driver.broken(conn)
                if keep:
                    self._driver.reset(conn)
            except Exception:
                keep = False
        with self._cond:
            if keep and not self._closed:
                slot.last_used = time.monotonic()
                self._idle.append(slot)
                self._cond.notify()
            else:
                self._discard_locked(slot)

    @contextlib.contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[Any]:
        """Check a connection out for the ``with`` block; driver errors come out mapped.

        Raises:
            PoolTimeout: no connection became free within ``timeout`` (default: the config's).
        """
        conn = self.getconn(timeout)
        try:
            yield conn
        except Exception as exc:
            if not is_driver_error(exc):
                raise
            err = map_error(exc, context=f"running on a pooled {self._driver.label} connection")
            self.metrics.record_error(err)
            raise err from None
        finally:
            self.putconn(conn)

    def _drop_all(self) -> None:
        with self._cond:
            while self._idle:
                self._discard_locked(self._idle.pop())
        # Checked-out connections carry the old generation and are discarded on return.

    @property
    def size(self) -> int:
        """Connections currently open (idle and checked out)."""
        with self._cond:
            return self._size

    def close(self) -> None:
        with self._cond:
            self._closed = True
            while self._idle:
                self._discard_locked(self._idle.pop())
            self._cond.notify_all()


def create_pool(
    info: ConnectionInfo,
    config: PoolConfig | None = None,
    *,
    metrics: DbMetrics | None = None,
) -> Pool[Any]:
    """A pool for ``info``: :class:`PgPool` for PostgreSQL, :class:`ThinPool` for ODBC and SQLite
    (the connection's engine decides).

    Example:
        >>> from datalchemy.db.urls import parse_connection
        >>> pool = create_pool(parse_connection("sqlite:///:memory:"), PoolConfig(check=False))
        >>> pool.check_on_checkout
        False
        >>> pool.close()
    """
    from datalchemy.engines import engine_for

    config = config or PoolConfig()
    return engine_for(info).create_pool(info, config, metrics=metrics or DbMetrics())
