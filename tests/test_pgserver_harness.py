"""Tests of the PostgreSQL test harness itself (tests/support/pgserver.py, conftest fixtures)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import TupleRow

from support.pgserver import PostgresServer, reap_stale_servers

Conn = psycopg.Connection[TupleRow]

# Databases seen by test_each_test_gets_a_fresh_empty_database, in run order.
_seen_databases: list[str] = []


def _dbname(url: str) -> str:
    return str(conninfo_to_dict(url)["dbname"])


def _database_exists(server: PostgresServer, name: str) -> bool:
    with psycopg.connect(server.url("postgres")) as conn:
        row = conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name]).fetchone()
    assert row is not None
    return bool(row[0])


def _user_tables(conn: Conn) -> list[str]:
    rows = conn.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
    ).fetchall()
    return [r[0] for r in rows]


def _server_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().splitlines()[0])


def _proc_status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def _process_uid(pid: int) -> int:
    return int(_proc_status(pid)["Uid"].split()[0])  # real uid


def _is_running(pid: int) -> bool:
    """Gone or a zombie (exited, waiting for init to reap it) both count as not running."""
    state = _proc_status(pid).get("State", "")
    return bool(state) and not state.startswith(("Z", "X"))


def test_server_runs_and_reports_version(pg_server: PostgresServer, pg_conn: Conn) -> None:
    assert pg_server.version >= 13
    row = pg_conn.execute("SHOW server_version_num").fetchone()
    assert row is not None
    assert int(row[0]) // 10000 == pg_server.version
    assert pg_server.user == "datalchemy"
    assert pg_server.host == "127.0.0.1"
    assert (pg_server.bindir / "initdb").exists()
    assert pg_server.psql_path.name == "psql"


def test_postgres_marker_is_applied(request: pytest.FixtureRequest, pg_url: str) -> None:
    assert request.node.get_closest_marker("postgres") is not None


def test_sqlite_path_is_not_marked(request: pytest.FixtureRequest, sqlite_path: Path) -> None:
    assert request.node.get_closest_marker("postgres") is None
    assert sqlite_path.name == "test.db"
    assert not sqlite_path.exists()


@pytest.mark.parametrize("round_", [1, 2])
def test_each_test_gets_a_fresh_empty_database(
    round_: int, pg_server: PostgresServer, pg_url: str, pg_conn: Conn
) -> None:
    name = _dbname(pg_url)
    row = pg_conn.execute("SELECT current_database()").fetchone()
    assert row is not None and row[0] == name
    assert _user_tables(pg_conn) == []  # the earlier round's table is not here
    for earlier in _seen_databases:
        assert earlier != name
        assert not _database_exists(pg_server, earlier), "pg_url must drop its database"
    pg_conn.execute("CREATE TABLE leftover (id int PRIMARY KEY)")
    assert _user_tables(pg_conn) == ["public.leftover"]
    _seen_databases.append(name)


def test_create_and_drop_database(pg_server: PostgresServer) -> None:
    first, second = pg_server.create_database(), pg_server.create_database()
    try:
        assert first != second
        assert _dbname(first).startswith("t_") and _dbname(second).startswith("t_")
        with psycopg.connect(first, autocommit=True) as conn:
            conn.execute("CREATE TABLE only_in_first (id int)")
        with psycopg.connect(second) as conn:
            assert _user_tables(conn) == []
        # WITH (FORCE): an open connection does not prevent the drop.
        lingering = psycopg.connect(first)
        try:
            pg_server.drop_database(_dbname(first))
        finally:
            lingering.close()
        assert not _database_exists(pg_server, _dbname(first))
    finally:
        pg_server.drop_database(_dbname(first))
        pg_server.drop_database(_dbname(second))
    assert not _database_exists(pg_server, _dbname(second))


def test_password_is_required_over_tcp(pg_server: PostgresServer, pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        row = conn.execute("SELECT current_user").fetchone()
        assert row is not None and row[0] == "datalchemy"
        methods = conn.execute(
            "SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE type = 'host'"
        ).fetchall()
        assert methods == [("scram-sha-256",)]
    wrong = pg_url.replace(f":{pg_server.password}@", ":not-the-password@")
    assert wrong != pg_url
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=10)


def test_listens_only_on_loopback(pg_conn: Conn) -> None:
    row = pg_conn.execute("SHOW listen_addresses").fetchone()
    assert row is not None and row[0] == "127.0.0.1"
    for setting in ("fsync", "synchronous_commit", "full_page_writes"):
        row = pg_conn.execute(f"SHOW {setting}").fetchone()
        assert row is not None and row[0] == "off", setting


def test_server_does_not_run_as_root(pg_server: PostgresServer, pg_conn: Conn) -> None:
    row = pg_conn.execute("SELECT current_setting('data_directory')").fetchone()
    assert row is not None
    data_dir = Path(row[0])
    assert data_dir == pg_server.data_dir
    owner = data_dir.stat().st_uid
    uid = _process_uid(_server_pid(data_dir))
    if os.geteuid() == 0:
        assert owner != 0
        assert uid != 0
    else:
        assert owner == os.geteuid()
        assert uid == os.geteuid()


def test_lifecycle_and_port_retry(pg_server: PostgresServer) -> None:
    """A second server, asked for a port that is taken, starts on another; stop() cleans up."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        busy = blocker.getsockname()[1]
        server = PostgresServer(pg_server.bindir, port=busy)
        server.start()
        try:
            assert server.running
            assert server.port not in (busy, pg_server.port)
            assert server.log_path is not None
            assert "could not bind" in server.log_path.read_text()
            base, pid = server.base_dir, _server_pid(server.data_dir)
            with psycopg.connect(server.create_database("lifecycle")) as conn:
                row = conn.execute("SELECT current_database()").fetchone()
                assert row is not None and row[0] == "lifecycle"
        finally:
            server.stop()
    assert not server.running
    assert base is not None and not base.exists()
    assert not _is_running(pid)
    server.stop()  # idempotent
    with pytest.raises(RuntimeError, match="not running"):
        server.url()


_CHILD = """
import os, signal, sys, time
sys.path.insert(0, sys.argv[1])
from support.pgserver import PostgresServer
server = PostgresServer(sys.argv[2]).start()
print(server.base_dir, flush=True)
if sys.argv[3] == "sigkill":
    os.kill(os.getpid(), signal.SIGKILL)
time.sleep(120)
"""


@pytest.fixture
def private_tmpdir() -> Iterator[Path]:
    """A TMPDIR for child test runs, traversable by the service user the server runs as."""
    path = Path(tempfile.mkdtemp(prefix="datalchemy-harness-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        reap_stale_servers(path)  # safety net should an assertion fail midway
        shutil.rmtree(path, ignore_errors=True)


def _start_child(
    server: PostgresServer, tmpdir: Path, mode: str
) -> tuple[subprocess.Popen[str], Path]:
    tests_dir = str(Path(__file__).resolve().parent)
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, tests_dir, str(server.bindir), mode],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    base = Path(proc.stdout.readline().strip())
    assert base.parent == tmpdir, "child failed to start its server"
    return proc, base


def test_sigterm_stops_the_server(pg_server: PostgresServer, private_tmpdir: Path) -> None:
    proc, base = _start_child(pg_server, private_tmpdir, "sleep")
    pid = _server_pid(base / "data")
    assert _is_running(pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == -signal.SIGTERM
    assert not base.exists()
    assert not _is_running(pid)


def test_server_of_a_killed_run_is_reaped(pg_server: PostgresServer, private_tmpdir: Path) -> None:
    proc, base = _start_child(pg_server, private_tmpdir, "sigkill")
    assert proc.wait(timeout=60) == -signal.SIGKILL
    pid = _server_pid(base / "data")
    assert _is_running(pid), "atexit cannot run on SIGKILL, so the server is orphaned"
    assert reap_stale_servers(private_tmpdir) == [base]
    assert not base.exists()
    assert not _is_running(pid)
