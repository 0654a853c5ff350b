"""SIGINT and SIGTERM during a load: stop the statement that is running, wherever it runs.

Python runs a signal handler in the main thread, between two bytecodes. A load spends its time
elsewhere: in a driver call that does not return to Python (SQLite's ``executemany`` or a
``DELETE``, a PostgreSQL ``COPY``) or in worker threads (``--workers N``), where a
``KeyboardInterrupt`` never arrives. So the handler of :class:`InterruptGuard` first cancels the
statement of every open target (:meth:`~datalchemy.load.target.Target.cancel`: PostgreSQL's
cancel request, ``sqlite3.Connection.interrupt``), then raises in the main thread. The cancelled
statements fail in their own threads, the runner rolls back and reports ``interrupted`` (exit
130); :attr:`InterruptGuard.signal` tells it that the error it sees came from the signal.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from datalchemy.runs import Terminated

__all__ = ["InterruptGuard"]

_NAMES = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}


class InterruptGuard:
    """Install with :meth:`installed`; ``cancel`` stops every running statement (thread-safe)."""

    def __init__(self, cancel: Callable[[], None]) -> None:
        self._cancel = cancel
        self.signal: str | None = None
        self._lock = threading.Lock()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        with self._lock:
            first = self.signal is None
            if first:
                self.signal = _NAMES.get(signal.Signals(signum), str(signum))
        if not first:
            return  # already stopping: let the rollback and the report finish
        self._cancel()
        raise KeyboardInterrupt if signum == signal.SIGINT else Terminated()

    @contextlib.contextmanager
    def installed(self) -> Iterator[InterruptGuard]:
        """Handle SIGINT and SIGTERM while the block runs (main thread only; elsewhere the
        caller's handlers stay)."""
        previous: dict[signal.Signals, Any] = {}
        try:
            for signum in _NAMES:
                previous[signum] = signal.signal(signum, self._handle)
        except ValueError:  # not the main thread
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            yield self
            return
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
