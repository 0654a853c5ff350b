"""A throwaway PostgreSQL server for the test suite.

:class:`PostgresServer` runs ``initdb`` into a fresh temporary directory, starts the
server on a free loopback port with durability switched off (the data is disposable),
hands out one empty database per test, and removes everything again on :meth:`stop`.

Cleanup when the test run dies: :meth:`stop` is registered with :mod:`atexit` and run on
SIGTERM; after SIGKILL, the next :meth:`PostgresServer.start` finds the orphaned server
(its ``owner.pid`` names a dead process) and removes it, see :func:`reap_stale_servers`.

PostgreSQL refuses to run as root, so when the test run is root the server commands run
through ``runuser`` as an unprivileged system user (``postgres`` if it exists, otherwise a
``datalchemy-pg`` system user created on first use).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType
from urllib.parse import quote

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

__all__ = [
    "INSTALL_HINT",
    "PostgresServer",
    "PostgresStartError",
    "PostgresUnavailable",
    "find_bindir",
    "reap_stale_servers",
    "running_in_ci",
]

INSTALL_HINT = (
    "run scripts/ensure_postgres.sh to install them "
    "(or set DATALCHEMY_PG_BINDIR to a directory containing initdb)"
)
SERVICE_USER = "datalchemy-pg"
"""System user created to run the server when the test run is root and no ``postgres``."""

_DIR_PREFIX = "datalchemy-pg-"
_COMMAND_TIMEOUT = 120.0
_BIND_FAILURE = re.compile(r"could not bind|address already in use", re.IGNORECASE)
_live_servers: set[PostgresServer] = set()
_sigterm_installed = False


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries (``initdb``, ``pg_ctl``, ``postgres``) were not found."""


class PostgresStartError(RuntimeError):
    """The binaries exist but the server could not be initialised, started or reached."""


def running_in_ci() -> bool:
    """Whether ``$CI`` says this is a CI run, where PostgreSQL tests must never skip."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1"}


def _has_initdb(directory: Path) -> bool:
    return os.access(directory / "initdb", os.X_OK)


def _version_key(path: Path) -> tuple[int, ...]:
    """Sort key for ``/usr/lib/postgresql/<version>/bin``: ``15`` < ``16``, ``9.6`` < ``10``."""
    parts = path.parent.name.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (-1,)


def find_bindir() -> Path:
    """Locate the directory holding the PostgreSQL server binaries.

    Search order: ``$DATALCHEMY_PG_BINDIR`` (must contain ``initdb`` if set),
    ``pg_config --bindir`` if it contains ``initdb``, the highest version under
    ``/usr/lib/postgresql/*/bin``, then ``initdb`` on ``PATH`` (symlinks resolved, so the
    rest of the server binaries are found next to the real file).

    Raises:
        PostgresUnavailable: nothing found; the message says how to install them.
    """
    override = os.environ.get("DATALCHEMY_PG_BINDIR")
    if override:
        directory = Path(override).expanduser()
        if not _has_initdb(directory):
            raise PostgresUnavailable(
                f"DATALCHEMY_PG_BINDIR={override!r} has no executable initdb; fix or unset it "
                "(scripts/ensure_postgres.sh installs the PostgreSQL server binaries)"
            )
        return directory

    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and _has_initdb(Path(out)):
            return Path(out)

    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for directory in candidates:
        if _has_initdb(directory):
            return directory

    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent

    raise PostgresUnavailable(f"PostgreSQL server binaries (initdb) not found: {INSTALL_HINT}")


def _free_port() -> int:
    """A loopback TCP port that was free a moment ago (callers must tolerate losing a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _conf_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _service_user() -> str:
    """The unprivileged account that runs the server when we are root (created if needed)."""
    for name in ("postgres", SERVICE_USER):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    cmd = [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_COMMAND_TIMEOUT)
    except OSError as exc:
        raise PostgresStartError(
            f"running as root, PostgreSQL needs an unprivileged user but {useradd} failed: {exc}"
        ) from exc
    try:  # a concurrent run may have created it first, so trust the user database, not rc
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise PostgresStartError(
            f"running as root, PostgreSQL needs an unprivileged user; {' '.join(cmd)} failed "
            f"(exit {proc.returncode}): {proc.stderr.strip()}"
        ) from None
    return SERVICE_USER


def _tail(path: Path, lines: int = 40, start: int = 0) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(start)
            text = fh.read().decode("utf-8", errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie awaiting its reaper counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # no /proc (macOS): trust kill(0)
    return "\nState:\tZ" not in status and "\nState:\tX" not in status


def _kill_orphaned_postmaster(data_dir: Path) -> None:
    """SIGQUIT (immediate shutdown) the postmaster of ``data_dir`` if it still runs.

    Only signals a process whose command line names ``data_dir`` (guards against PID reuse).
    Without /proc nothing is signalled; PostgreSQL shuts itself down within a minute once
    its ``postmaster.pid`` is deleted.
    """
    try:
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except (OSError, ValueError, IndexError):
        return
    if str(data_dir) not in cmdline.split("\0"):
        return
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGQUIT)
    deadline = time.monotonic() + 10
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def reap_stale_servers(parent: Path | str | None = None) -> list[Path]:
    """Remove servers left behind by harness processes that died without cleaning up.

    A server directory (``datalchemy-pg-*`` under ``parent``, default the temp directory)
    is stale when the PID in its ``owner.pid`` is no longer running (e.g. the test run was
    SIGKILLed). Its postmaster is shut down immediately and the directory deleted.
    Directories of live processes, unreadable ones and ones without ``owner.pid`` are left
    alone.

    Returns:
        The directories removed.
    """
    root = Path(parent) if parent is not None else Path(tempfile.gettempdir())
    reaped: list[Path] = []
    for base in sorted(root.glob(f"{_DIR_PREFIX}*")):
        try:
            owner = int((base / "owner.pid").read_text().strip())
        except (OSError, ValueError):
            continue
        if owner == os.getpid() or _pid_alive(owner):
            continue
        _kill_orphaned_postmaster(base / "data")
        shutil.rmtree(base, ignore_errors=True)
        reaped.append(base)
    return reaped


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    """Stop every running server, then die of SIGTERM as the default disposition would."""
    for server in list(_live_servers):
        with contextlib.suppress(Exception):
            server.stop()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _install_sigterm_handler() -> None:
    """Run :func:`_on_sigterm` on SIGTERM, unless someone else already handles SIGTERM."""
    global _sigterm_installed
    if _sigterm_installed or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)
        _sigterm_installed = True


class PostgresServer:
    """A private, disposable PostgreSQL server on ``127.0.0.1``.

    Typical use::

        with PostgresServer() as server:
            url = server.create_database()
            ...

    Attributes:
        host: always ``"127.0.0.1"``; the server listens on no other address.
        port: the TCP port, ``0`` until :meth:`start` succeeds.
        user: the superuser name, ``"datalchemy"``.
        password: a random password for ``user`` (TCP connections use scram-sha-256).
        bindir: directory holding ``initdb``, ``pg_ctl`` and ``postgres``.
        version: the server major version, e.g. ``15``.
        base_dir: the temporary directory (data, socket, log), ``None`` when not running.
        log_path: the server log file, ``None`` when not running.
    """

    host: str
    port: int
    user: str
    password: str
    bindir: Path
    version: int
    base_dir: Path | None
    log_path: Path | None

    def __init__(
        self, bindir: Path | str | None = None, *, port: int | None = None, start_attempts: int = 5
    ) -> None:
        """Resolve the binaries; nothing is started yet.

        Args:
            bindir: server binary directory; found with :func:`find_bindir` when omitted.
            port: port to try first (a random free port otherwise, and on every retry).
            start_attempts: how often to retry with another port when the port is taken.

        Raises:
            PostgresUnavailable: the binaries are missing.
        """
        self.bindir = Path(bindir) if bindir is not None else find_bindir()
        missing = [b for b in ("initdb", "pg_ctl", "postgres") if not (self.bindir / b).exists()]
        if missing:
            raise PostgresUnavailable(f"{self.bindir} lacks {', '.join(missing)}: {INSTALL_HINT}")
        self.host = "127.0.0.1"
        self.port = 0
        self.user = "datalchemy"
        self.password = secrets.token_hex(16)
        self.version = self._read_version()
        self.base_dir = None
        self.log_path = None
        self._preferred_port = port
        self._start_attempts = max(1, start_attempts)
        self._run_as: str | None = None
        self._counter = itertools.count(1)

    # ------------------------------------------------------------------ lifecycle

    @property
    def running(self) -> bool:
        """Whether :meth:`start` succeeded and :meth:`stop` has not run since."""
        return self.base_dir is not None and self.port != 0

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory (inside :attr:`base_dir`)."""
        return self._require_base() / "data"

    @property
    def socket_dir(self) -> Path:
        """The directory holding the server's Unix socket (inside :attr:`base_dir`)."""
        return self._require_base() / "sock"

    def start(self) -> PostgresServer:
        """Initialise a new cluster in a temporary directory and start the server.

        Returns:
            ``self``, for chaining.

        Raises:
            PostgresStartError: initdb or pg_ctl failed (the message has the log tail).
        """
        if self.base_dir is not None:
            raise RuntimeError("PostgresServer is already started")
        with contextlib.suppress(Exception):  # best effort; must never break a start
            reap_stale_servers()
        self.base_dir = Path(tempfile.mkdtemp(prefix=_DIR_PREFIX))
        (self.base_dir / "owner.pid").write_text(f"{os.getpid()}\n")
        self.log_path = self.base_dir / "server.log"
        atexit.register(self.stop)
        _live_servers.add(self)
        _install_sigterm_handler()
        try:
            self._prepare_dirs()
            self._initdb()
            self._configure()
            self._start_with_retries()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``) and delete its directory. Idempotent."""
        atexit.unregister(self.stop)
        _live_servers.discard(self)
        base = self.base_dir
        if base is None:
            return
        if (base / "data" / "postmaster.pid").exists():
            for mode in ("fast", "immediate"):
                cmd = [str(self.bindir / "pg_ctl"), "stop", "-D", str(base / "data"), "-m", mode]
                try:
                    proc = self._run([*cmd, "-w", "-t", "60"], check=False)
                except (OSError, subprocess.SubprocessError):
                    continue
                if proc.returncode == 0:
                    break
        shutil.rmtree(base, ignore_errors=True)
        self.base_dir = None
        self.log_path = None
        self.port = 0

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ databases

    def url(self, dbname: str = "postgres") -> str:
        """``postgresql://datalchemy:<password>@127.0.0.1:<port>/<dbname>``."""
        self._require_running()
        return (
            f"postgresql://{quote(self.user, safe='')}:{quote(self.password, safe='')}"
            f"@{self.host}:{self.port}/{quote(dbname, safe='')}"
        )

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database (named ``t_0001``, ``t_0002``, … if not given).

        Returns:
            The database URL, see :meth:`url`.
        """
        if name is None:
            name = f"t_{next(self._counter):04d}"
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database if it exists, terminating any connections still open to it."""
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    @property
    def psql_path(self) -> Path:
        """The ``psql`` client: next to the server binaries, in the versioned Debian
        directory, or on ``PATH``.

        Raises:
            PostgresUnavailable: no psql found.
        """
        for candidate in (
            self.bindir / "psql",
            Path(f"/usr/lib/postgresql/{self.version}/bin/psql"),
        ):
            if os.access(candidate, os.X_OK):
                return candidate
        found = shutil.which("psql")
        if found:
            return Path(found)
        raise PostgresUnavailable(f"psql not found near {self.bindir} or on PATH: {INSTALL_HINT}")

    # ------------------------------------------------------------------ internals

    def _require_base(self) -> Path:
        if self.base_dir is None:
            raise RuntimeError("PostgresServer is not started")
        return self.base_dir

    def _require_running(self) -> None:
        if not self.running:
            raise RuntimeError("PostgresServer is not running; call start() first")

    def _admin(self) -> psycopg.Connection[TupleRow]:
        self._require_running()
        return psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=10)

    def _read_version(self) -> int:
        try:
            out = subprocess.run(
                [str(self.bindir / "postgres"), "--version"],
                capture_output=True,
                text=True,
                check=True,
                timeout=30,
            ).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            raise PostgresUnavailable(
                f"{self.bindir / 'postgres'} --version failed ({exc}): {INSTALL_HINT}"
            ) from exc
        match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
        if not match:
            raise PostgresUnavailable(f"cannot parse the server version from {out.strip()!r}")
        return int(match.group(1))

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"  # English messages: bind failures are recognised by their text
        return env

    def _run(self, cmd: Sequence[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a server command, as the unprivileged service user when we are root."""
        full = ["runuser", "-u", self._run_as, "--", *cmd] if self._run_as else list(cmd)
        proc = subprocess.run(
            full,
            capture_output=True,
            text=True,
            env=self._env(),
            cwd=self.base_dir,  # readable by the service user, unlike e.g. /root
            stdin=subprocess.DEVNULL,
            timeout=_COMMAND_TIMEOUT,
        )
        if check and proc.returncode != 0:
            raise PostgresStartError(
                f"{' '.join(cmd)} failed (exit {proc.returncode}):\n"
                f"{(proc.stdout + proc.stderr).strip()}"
            )
        return proc

    def _prepare_dirs(self) -> None:
        base = self._require_base()
        (base / "sock").mkdir()
        if os.geteuid() != 0:
            return
        self._run_as = _service_user()
        entry = pwd.getpwnam(self._run_as)
        for path in (base, base / "sock"):
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def _initdb(self) -> None:
        base = self._require_base()
        pwfile = base / "pwfile"
        pwfile.write_text(self.password + "\n")
        pwfile.chmod(0o600)
        if self._run_as:
            entry = pwd.getpwnam(self._run_as)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        try:
            self._run(
                [
                    str(self.bindir / "initdb"),
                    "-D",
                    str(self.data_dir),
                    "-U",
                    self.user,
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync",
                ]
            )
        finally:
            pwfile.unlink(missing_ok=True)

    def _configure(self) -> None:
        settings = {
            "listen_addresses": _conf_quote(self.host),
            "unix_socket_directories": _conf_quote(str(self.socket_dir)),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as fh:
            fh.write("\n# datalchemy test harness\n")
            fh.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _start_with_retries(self) -> None:
        assert self.log_path is not None
        port = self._preferred_port or _free_port()
        for attempt in range(1, self._start_attempts + 1):
            log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
            proc = self._run(
                [
                    str(self.bindir / "pg_ctl"),
                    "start",
                    "-w",
                    "-t",
                    "60",
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_path),
                    "-o",
                    f"-p {port}",
                ],
                check=False,
            )
            if proc.returncode == 0:
                self.port = port
                return
            log = _tail(self.log_path, start=log_offset)
            if _BIND_FAILURE.search(log) and attempt < self._start_attempts:
                port = _free_port()  # lost the race for the port: try another
                continue
            raise PostgresStartError(
                f"PostgreSQL {self.version} failed to start on 127.0.0.1:{port} "
                f"(attempt {attempt}/{self._start_attempts}, bindir {self.bindir}).\n"
                f"pg_ctl said: {(proc.stdout + proc.stderr).strip()}\n"
                f"--- tail of {self.log_path} ---\n{log}"
            )
