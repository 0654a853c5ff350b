"""Run directories: one folder per stage run, atomic file writes, structured NDJSON logs.

A run lives in ``<root>/<UTC timestamp>__<kind>_<id>/`` and holds ``config.json`` (connection
redacted), ``logs.ndjson`` (one JSON event per line, with durations) and the stage's artifacts.
Files are written atomically (temp file, fsync, rename, fsync of the folder), so a reader never
sees half a file. Every string that reaches ``config.json`` or ``logs.ndjson`` passes through
:func:`datalchemy.db.urls.redact_text`. Generated values of PII columns must never be given to
:meth:`RunLog.event`; callers log counts and column names only.

Example:
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> run = RunDir.create(root, "introspect")
    >>> run.log.event("run_started", engine="sqlite")
    >>> _ = run.write_json("metrics.json", {"tables": 3})
    >>> sorted(p.name for p in run.path.iterdir())
    ['logs.ndjson', 'metrics.json']
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from datalchemy._version import __version__
from datalchemy.db.urls import redact_text

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "RunDir",
    "RunLog",
    "Terminated",
    "atomic_write_bytes",
    "atomic_write_text",
    "peak_rss_bytes",
    "redact_value",
    "sigterm_raises",
    "utc_now_iso",
]


def utc_now_iso() -> str:
    """The current UTC time as RFC 3339 with milliseconds (for logs and reports, never data)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Terminated(BaseException):
    """Raised in the main thread by the SIGTERM handler of :func:`sigterm_raises`.

    A ``BaseException``, as ``KeyboardInterrupt`` is: an ``except Exception`` that guards a
    generator or a parser must not swallow the request to stop.
    """


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` while the block runs, so a stage can report it."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def peak_rss_bytes() -> int:
    """Peak resident memory of this process or its largest child, in bytes.

    Linux keeps ``ru_maxrss`` across fork and exec, so a process started by a large parent would
    report the parent's size; ``VmHWM`` is this process's own high-water mark.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with contextlib.suppress(OSError, StopIteration, ValueError):
        status = Path("/proc/self/status").read_text()
        own = next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return int(max(own, children) * 1024)  # KiB


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a folder be opened
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _current_umask() -> int:
    mask = os.umask(0o022)  # read by setting; restored at once
    os.umask(mask)
    return mask


#: Permissions of the files datalchemy writes: what ``open()`` gives under the user's umask
#: (a temp file is created 0600; the renamed file must not keep that).
FILE_MODE = 0o666 & ~_current_umask()


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temp file + fsync + rename; return ``path``.

    The file gets the permissions any other tool would give it under the user's umask.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return path


def atomic_write_text(path: Path, text: str) -> Path:
    """Write UTF-8 ``text`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def redact_value(value: Any) -> Any:
    """Return ``value`` with every string inside it passed through ``redact_text``."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {str(k): redact_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


def _to_jsonable(data: BaseModel | Mapping[str, Any] | list[Any]) -> Any:
    from pydantic import BaseModel

    if isinstance(data, BaseModel):
        return data.model_dump(mode="json", by_alias=True)
    return data


class RunLog:
    """Append-only NDJSON event log; thread-safe; every string value redacted.

    Each line: ``{"ts": ..., "event": ..., <fields>}``. :meth:`span` adds ``duration_ms``.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(exist_ok=True)

    def event(self, event: str, **fields: Any) -> None:
        """Append one event. Never pass secrets or generated PII values as fields."""
        record = {"ts": utc_now_iso(), "event": event, **redact_value(fields)}
        line = json.dumps(record, ensure_ascii=False, default=str, sort_keys=False)
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    @contextlib.contextmanager
    def span(self, event: str, **fields: Any) -> Iterator[dict[str, Any]]:
        """Log ``<event>_started`` and ``<event>_finished`` (with ``duration_ms``) around a block.

        The yielded dict collects extra fields for the finishing event. On an exception,
        ``<event>_failed`` is logged with the error code and message, and the exception goes on.
        """
        extra: dict[str, Any] = {}
        start = time.perf_counter()
        self.event(f"{event}_started", **fields)
        try:
            yield extra
        except BaseException as exc:
            ms = int((time.perf_counter() - start) * 1000)
            code = getattr(exc, "code", type(exc).__name__)
            self.event(f"{event}_failed", duration_ms=ms, error_code=code, error=str(exc))
            raise
        ms = int((time.perf_counter() - start) * 1000)
        self.event(f"{event}_finished", duration_ms=ms, **fields, **extra)


@dataclass
class RunDir:
    """A stage run's folder. Create with :meth:`create`."""

    path: Path
    run_id: str
    kind: str
    started_at: str
    log: RunLog = field(repr=False)
    _t0: float = field(default_factory=time.perf_counter, repr=False)

    @classmethod
    def create(cls, root: Path | str, kind: str) -> RunDir:
        """Make ``<root>/<YYYY-MM-DDTHH-MM-SSZ>__<kind>_<8 hex>/`` and open its log."""
        root = Path(root)
        now = datetime.now(UTC)
        run_id = uuid.uuid4().hex[:8]
        path = root / f"{now.strftime('%Y-%m-%dT%H-%M-%SZ')}__{kind}_{run_id}"
        path.mkdir(parents=True, exist_ok=False)
        started = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return cls(path, run_id, kind, started, RunLog(path / "logs.ndjson"))

    @property
    def elapsed_ms(self) -> int:
        return int((time.perf_counter() - self._t0) * 1000)

    def write_json(self, name: str, data: BaseModel | Mapping[str, Any] | list[Any]) -> Path:
        """Write ``data`` as pretty JSON into the run folder, atomically."""
        text = json.dumps(_to_jsonable(data), indent=2, ensure_ascii=False) + "\n"
        return atomic_write_text(self.path / name, text)

    def write_text(self, name: str, text: str) -> Path:
        return atomic_write_text(self.path / name, text)

    def write_config(self, **settings: Any) -> Path:
        """Write ``config.json``: run identity, tool version and the (redacted) settings."""
        config = {
            "run_id": self.run_id,
            "kind": self.kind,
            "started_at": self.started_at,
            "datalchemy_version": __version__,
            **redact_value(settings),
        }
        return self.write_json("config.json", config)
