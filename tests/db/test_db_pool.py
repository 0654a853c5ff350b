"""Pools against the real test PostgreSQL server and real SQLite files / ODBC drivers.

The health check runs a marker statement so ``pg_stat_activity.query`` shows whether (and when)
it ran: at checkout when enabled, never on return.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from datalchemy.db.pool import (
    POOL_CHECK_ENV,
    PgPool,
    PoolConfig,
    RecoveryGate,
    ThinPool,
    create_pool,
    resolve_check,
)
from datalchemy.db.urls import ConnectionInfo, parse_connection
from datalchemy.errors import ConnectionLost, PoolTimeout, UsageError

MARKER = "SELECT 'datalchemy-health-check'"


def last_query(admin_url: str, pid: int) -> str | None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute("select query from pg_stat_activity where pid = %s", (pid,)).fetchone()
    return None if row is None else str(row[0])


def terminate(admin_url: str, pid: int) -> None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("select pg_terminate_backend(%s)", (pid,))
        # Wait until the backend is really gone, so the next use sees a dead socket.
        for _ in range(200):
            if not admin.execute(
                "select 1 from pg_stat_activity where pid = %s", (pid,)
            ).fetchone():
                return
            threading.Event().wait(0.02)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(POOL_CHECK_ENV, raising=False)
    return monkeypatch


# ------------------------------------------------------------------ configuration precedence


def test_check_precedence_explicit_then_env_then_default(clean_env: pytest.MonkeyPatch) -> None:
    assert resolve_check() is True  # safe default
    clean_env.setenv(POOL_CHECK_ENV, "off")
    assert resolve_check() is False
    assert resolve_check(True) is True  # explicit beats the environment
    clean_env.setenv(POOL_CHECK_ENV, "1")
    assert resolve_check() is True
    assert resolve_check(False) is False
    assert PoolConfig(check=None).check_on_checkout is True


def test_invalid_env_value_is_a_coded_error(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv(POOL_CHECK_ENV, "sometimes")
    with pytest.raises(UsageError) as info:
        resolve_check()
    assert info.value.code == "invalid_pool_check"


def test_invalid_sizes_are_rejected() -> None:
    with pytest.raises(UsageError):
        PoolConfig(min_size=3, max_size=2)
    with pytest.raises(UsageError):
        PoolConfig(timeout=0)


# ------------------------------------------------------------------ PostgreSQL (psycopg_pool)


@pytest.fixture
def pg_pool_factory(pg_info: ConnectionInfo) -> Iterator[Any]:
    pools: list[PgPool] = []

    def make(**kwargs: Any) -> PgPool:
        config = PoolConfig(min_size=1, max_size=1, health_check_query=MARKER, **kwargs)
        pool = PgPool(pg_info, config)
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.close()


@pytest.mark.parametrize("source", ["explicit", "env", "default"])
def test_pg_check_runs_on_checkout_never_on_return(
    source: str, pg_pool_factory: Any, pg_url: str, clean_env: pytest.MonkeyPatch
) -> None:
    if source == "explicit":
        clean_env.setenv(POOL_CHECK_ENV, "0")  # the explicit setting must win
        pool = pg_pool_factory(check=True)
    elif source == "env":
        clean_env.setenv(POOL_CHECK_ENV, "true")
        pool = pg_pool_factory()
    else:
        pool = pg_pool_factory()
    assert pool.check_on_checkout is True
    with pool.connection() as conn:
        pid = conn.info.backend_pid
        conn.execute("SELECT 'user-work'")
    # Returned: the last statement is still the user's (no query on return).
    assert last_query(pg_url, pid) == "SELECT 'user-work'"
    with pool.connection() as conn:
        assert conn.info.backend_pid == pid
        # Checked out again: the health check ran on checkout.
        assert last_query(pg_url, pid) == MARKER
    snap = pool.metrics.snapshot()
    assert snap.health_checks >= 1
    assert snap.health_check_failures == 0
    assert snap.checkouts == 2


@pytest.mark.parametrize("source", ["explicit", "env"])
def test_pg_check_off(
    source: str, pg_pool_factory: Any, pg_url: str, clean_env: pytest.MonkeyPatch
) -> None:
    if source == "explicit":
        clean_env.setenv(POOL_CHECK_ENV, "1")
        pool = pg_pool_factory(check=False)
    else:
        clean_env.setenv(POOL_CHECK_ENV, "false")
        pool = pg_pool_factory()
    assert pool.check_on_checkout is False
    with pool.connection() as conn:
        pid = conn.info.backend_pid
        conn.execute("SELECT 'user-work'")
    with pool.connection() as conn:
        assert conn.info.backend_pid == pid
        assert last_query(pg_url, pid) == "SELECT 'user-work'"
    assert pool.metrics.snapshot().health_checks == 0


def test_pg_dead_connection_replaced_on_checkout(pg_pool_factory: Any, pg_url: str) -> None:
    pool = pg_pool_factory(check=True)
    with pool.connection() as conn:
        dead_pid = conn.info.backend_pid
    terminate(pg_url, dead_pid)
    with pool.connection() as conn:
        assert conn.info.backend_pid != dead_pid
        assert conn.execute("select 7").fetchone() == (7,)
    snap = pool.metrics.snapshot()
    assert snap.health_check_failures == 1
    assert snap.connections_opened >= 2


def test_pg_dead_connection_without_check_raises_connection_lost(
    pg_pool_factory: Any, pg_url: str
) -> None:
    pool = pg_pool_factory(check=False)
    with pool.connection() as conn:
        dead_pid = conn.info.backend_pid
    terminate(pg_url, dead_pid)
    with pytest.raises(ConnectionLost) as info, pool.connection() as conn:
        conn.execute("select 1")
    assert info.value.kind == "connection"
    assert info.value.retryable is True
    # The broken connection was discarded on return: the next checkout works.
    with pool.connection() as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    assert pool.metrics.snapshot().errors_by_kind == {"connection": 1}


def test_pg_checkout_timeout_is_coded(pg_pool_factory: Any) -> None:
    pool = pg_pool_factory(check=False, timeout=5.0)
    with pool.connection(), pytest.raises(PoolTimeout) as info, pool.connection(timeout=0.2):
        pass
    assert info.value.code == "pool_timeout"
    assert info.value.kind == "timeout"
    assert pool.metrics.snapshot().errors_by_kind == {"timeout": 1}


def test_pg_statement_timeout_from_config(pg_pool_factory: Any) -> None:
    from datalchemy.errors import QueryTimeout

    pool = pg_pool_factory(check=False, query_timeout=0.2)
    with pytest.raises(QueryTimeout) as info, pool.connection() as conn:
        conn.execute("select pg_sleep(5)")
    assert info.value.sqlstate == "57014"


# ------------------------------------------------------------------ serialized recovery


def test_concurrent_failures_trigger_one_recovery(pg_info: ConnectionInfo, pg_url: str) -> None:
    workers = 4
    pool = PgPool(pg_info, PoolConfig(min_size=workers, max_size=workers, check=False))
    holding = threading.Barrier(workers + 1)
    killed = threading.Event()
    results: list[Any] = []
    errors: list[BaseException] = []
    pids: list[int] = []
    lock = threading.Lock()

    def work(conn: psycopg.Connection[Any]) -> Any:
        first = not killed.is_set()
        if first:
            with lock:
                pids.append(conn.info.backend_pid)
            holding.wait(timeout=30)  # every worker holds its own connection now
            killed.wait(timeout=30)
        return conn.execute("select 1").fetchone()

    def worker() -> None:
        try:
            results.append(pool.run(work, retries=1))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    try:
        for t in threads:
            t.start()
        holding.wait(timeout=30)
        for pid in pids:
            terminate(pg_url, pid)
        killed.set()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        assert results == [(1,)] * workers
        snap = pool.metrics.snapshot()
        assert snap.recoveries == 1  # four failures, one recovery
        assert snap.errors_by_kind == {"connection": workers}
        assert pool.generation == 1
    finally:
        pool.close()


def test_recovery_gate_waits_for_the_running_recovery() -> None:
    gate = RecoveryGate()
    seen = gate.generation
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []
    outcomes: list[bool] = []

    def slow_recovery() -> None:
        started.set()
        release.wait(timeout=10)
        ran.append("recovered")

    first = threading.Thread(target=lambda: outcomes.append(gate.recover(seen, slow_recovery)))
    first.start()
    started.wait(timeout=10)
    follower_done = threading.Event()

    def follower() -> None:
        outcomes.append(gate.recover(seen, lambda: ran.append("second recovery")))
        follower_done.set()

    second = threading.Thread(target=follower)
    second.start()
    # While the first recovery runs, the follower is blocked, not recovering on its own.
    assert not follower_done.wait(timeout=0.3)
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert ran == ["recovered"]
    assert sorted(outcomes) == [False, True]


# ------------------------------------------------------------------ thin pool: SQLite / ODBC


def test_sqlite_pool_reuses_and_bounds(sqlite_path: Path) -> None:
    info = parse_connection(f"sqlite:///{sqlite_path}")
    pool = create_pool(info, PoolConfig(max_size=2, timeout=0.3, check=True))
    assert isinstance(pool, ThinPool)
    with pool:
        with pool.connection() as conn:
            conn.execute("create table t (a int)")
        with pool.connection() as a, pool.connection() as b:
            assert a is not b
            with pytest.raises(PoolTimeout), pool.connection(timeout=0.1):
                pass
        held = pool.getconn()
        other = pool.getconn()
        release = threading.Timer(0.2, pool.putconn, args=(held,))
        release.start()
        with pool.connection(timeout=10) as conn:  # waits until the timer gives one back
            assert conn is held
            assert conn.execute("select count(*) from t").fetchone() == (0,)
        release.join()
        pool.putconn(other)
        assert pool.size == 2
        snap = pool.metrics.snapshot()
        assert snap.connections_opened == 2
        assert snap.checkout_waits >= 1
        assert snap.health_checks >= 1


def test_sqlite_pool_rolls_back_a_transaction_left_open(sqlite_path: Path) -> None:
    info = parse_connection(f"sqlite:///{sqlite_path}")
    with create_pool(info, PoolConfig(max_size=1, check=False)) as pool:
        with pool.connection() as conn:
            conn.execute("create table t (a int)")
            conn.execute("begin")
            conn.execute("insert into t values (1)")
        with pool.connection() as conn:
            assert conn.execute("select count(*) from t").fetchone() == (0,)


def test_sqlite_pool_maps_driver_errors(sqlite_path: Path) -> None:
    from datalchemy.errors import DatabaseError

    info = parse_connection(f"sqlite:///{sqlite_path}")
    with create_pool(info, PoolConfig(max_size=1)) as pool:
        with pytest.raises(DatabaseError) as err, pool.connection() as conn:
            conn.execute("selec 1")
        assert err.value.code == "sql_error"
        assert pool.metrics.snapshot().errors_by_kind == {"sql": 1}


@pytest.mark.parametrize("check", [True, False])
def test_odbc_pool_check_on_checkout_never_on_return(
    check: bool, pg_odbc_info: ConnectionInfo, pg_url: str
) -> None:
    # Plain statements (no declare/fetch cursor wrapping) so pg_stat_activity shows our text.
    info = parse_connection(pg_odbc_info.odbc_string + ";UseDeclareFetch=0")
    pool = create_pool(info, PoolConfig(max_size=1, check=check, health_check_query=MARKER))
    with pool:
        with pool.connection() as conn:
            pid = conn.cursor().execute("select pg_backend_pid()").fetchone()[0]
            conn.cursor().execute("SELECT 'user-work'").fetchall()
        assert last_query(pg_url, pid) == "SELECT 'user-work'"
        with pool.connection() as conn:
            # Before any statement of ours: the check ran at checkout (or nothing ran).
            expected = MARKER if check else "SELECT 'user-work'"
            assert last_query(pg_url, pid) == expected
            assert conn.cursor().execute("select pg_backend_pid()").fetchone()[0] == pid
        assert pool.metrics.snapshot().health_checks == (1 if check else 0)


def test_odbc_pool_replaces_dead_connection(pg_odbc_info: ConnectionInfo, pg_url: str) -> None:
    with create_pool(pg_odbc_info, PoolConfig(max_size=1, check=True)) as pool:
        with pool.connection() as conn:
            pid = conn.cursor().execute("select pg_backend_pid()").fetchone()[0]
        terminate(pg_url, pid)
        with pool.connection() as conn:
            assert conn.cursor().execute("select pg_backend_pid()").fetchone()[0] != pid
        snap = pool.metrics.snapshot()
        assert snap.health_check_failures == 1
        assert snap.connections_opened == 2
        assert snap.connections_closed == 1


def test_odbc_pool_recovery_once_for_many(pg_odbc_info: ConnectionInfo, pg_url: str) -> None:
    workers = 3
    pool = create_pool(pg_odbc_info, PoolConfig(max_size=workers, check=False))
    holding = threading.Barrier(workers + 1)
    killed = threading.Event()
    pids: list[int] = []
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(conn: Any) -> Any:
        if not killed.is_set():
            with lock:
                pids.append(conn.cursor().execute("select pg_backend_pid()").fetchone()[0])
            holding.wait(timeout=30)
            killed.wait(timeout=30)
        return tuple(conn.cursor().execute("select 2").fetchone())

    def worker() -> None:
        try:
            results.append(pool.run(work))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    with pool:
        for t in threads:
            t.start()
        holding.wait(timeout=30)
        for pid in pids:
            terminate(pg_url, pid)
        killed.set()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        assert results == [(2,)] * workers
        assert pool.metrics.snapshot().recoveries == 1
