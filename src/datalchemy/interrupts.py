"""SIGINT and SIGTERM stop any stage, wherever its time is spent, with exit code 130.

Python runs a signal handler in the main thread, between two bytecodes. A stage spends its time
elsewhere: in a driver call that does not come back to Python (SQLite's ``executemany`` or a
``DELETE``, a PostgreSQL ``COPY``, a DuckDB query, which only watches SIGINT itself) or in worker
threads, where no ``KeyboardInterrupt`` ever arrives. So :func:`stop_on_signals` does two things:

1. Python handlers raise ``KeyboardInterrupt`` (SIGINT) or
   :class:`~datalchemy.runs.Terminated` (SIGTERM) in the main thread, once; a second signal
   while the stage rolls back and writes its report is ignored;
2. the signal also wakes a watcher thread at once (``signal.set_wakeup_fd``: the C-level handler
   writes to a socket even while the main thread is inside C code), which calls every cancel
   function registered with :func:`on_stop`: PostgreSQL's cancel request,
   ``sqlite3.Connection.interrupt``, ``duckdb.DuckDBPyConnection.interrupt``. The statement
   fails in its own thread, the main thread gets back to Python and raises.

:func:`stop_requested` tells the caller that an error it sees came from a stop request (a driver
says "interrupted" or "cancelled" before the ``KeyboardInterrupt`` arrives).

Example:
    >>> with stop_on_signals() as stop:
    ...     with on_stop(lambda: None):
    ...         stop_requested()
    >>> stop.signal is None
    True
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from datalchemy.runs import Terminated

__all__ = ["StopRequest", "on_stop", "stop_on_signals", "stop_requested"]

_SIGNALS = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}


@dataclass
class StopRequest:
    """The signal that asked the running stage to stop (None while none came)."""

    signal: str | None = None
    cancels: list[Callable[[], None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: The socket the C-level handler writes to, read by the watcher thread.
    reader: socket.socket | None = None
    watcher: threading.Thread | None = None

    def watch(self) -> None:
        """Start the watcher thread, once: only when something registers a cancel function,
        so a stage that needs none stays single-threaded (``generate`` forks its workers only
        from a process without threads)."""
        with self.lock:
            if self.watcher is not None or self.reader is None:
                return
            self.watcher = threading.Thread(
                target=_watch, args=(self.reader, self), name="datalchemy-stop", daemon=True
            )
        self.watcher.start()

    def cancel_all(self) -> None:
        with self.lock:
            cancels = list(self.cancels)
        for cancel in cancels:
            with contextlib.suppress(Exception):  # a closed connection has nothing to stop
                cancel()


_active: StopRequest | None = None


def stop_requested() -> str | None:
    """The signal received by the innermost :func:`stop_on_signals` block, if any."""
    return _active.signal if _active is not None else None


@contextlib.contextmanager
def on_stop(cancel: Callable[[], None]) -> Iterator[None]:
    """Call ``cancel`` (from another thread) if SIGINT or SIGTERM arrives while the block runs.

    ``cancel`` must be safe to call from any thread; outside :func:`stop_on_signals` nothing is
    registered.
    """
    request = _active
    if request is None:
        yield
        return
    with request.lock:
        request.cancels.append(cancel)
    request.watch()
    try:
        yield
    finally:
        with request.lock:
            request.cancels.remove(cancel)


def _watch(reader: socket.socket, request: StopRequest) -> None:
    while True:
        try:
            data = reader.recv(64)
        except OSError:
            return
        if not data:
            return  # the block ended and closed the writer
        if any(byte in _SIGNALS for byte in data):
            request.cancel_all()


@contextlib.contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Turn SIGINT / SIGTERM into a stop of the whole stage while the block runs (see the module
    docstring). Re-entrant; outside the main thread the caller's handlers stay as they are."""
    global _active
    if _active is not None:  # an outer block (the CLI) already handles them
        yield _active
        return
    request = StopRequest()

    def handle(signum: int, frame: FrameType | None) -> None:
        with request.lock:
            first = request.signal is None
            if first:
                request.signal = _SIGNALS.get(signal.Signals(signum), str(signum))
        if first:
            raise KeyboardInterrupt if signum == signal.SIGINT else Terminated()

    previous: dict[signal.Signals, Any] = {}
    try:
        for signum in _SIGNALS:
            previous[signum] = signal.signal(signum, handle)
    except ValueError:  # not the main thread: signals are not ours to take
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        yield request
        return
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    request.reader = reader
    _active = request
    try:
        yield request
    finally:
        _active = None
        signal.set_wakeup_fd(old_fd)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        writer.close()  # the watcher reads the end of the stream and returns
        if request.watcher is not None:
            request.watcher.join(timeout=1.0)
        reader.close()
