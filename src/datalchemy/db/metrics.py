"""A thread-safe collector of connectivity counters, read as one consistent snapshot.

Pools, streams and bulk writers all feed one :class:`DbMetrics`; :meth:`DbMetrics.snapshot` takes
the lock once and returns a frozen :class:`~datalchemy.contracts.db_metrics.DbMetricsSnapshot`,
so its numbers agree with each other (the load report writes it as is). Latency percentiles come
from a ring buffer of the most recent 1000 operations, so a long run costs constant memory.

Example:
    >>> m = DbMetrics()
    >>> m.record_query(0.002)
    >>> m.record_rows(written=500, bytes_written=40_000)
    >>> m.record_error("constraint")
    >>> snap = m.snapshot()
    >>> snap.queries, snap.rows_written, snap.errors_by_kind, snap.latency.p50_ms
    (1, 500, {'constraint': 1}, 2.0)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

from datalchemy.contracts.db_metrics import DbMetricsSnapshot, LatencySummary

__all__ = ["DEFAULT_WINDOW", "DbMetrics", "percentile"]

#: Latency samples kept for the percentiles (the most recent ones).
DEFAULT_WINDOW = 1000


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile ``q`` (0-100) of an ascending, non-empty list.

    Example:
        >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
        2.0
        >>> percentile([1.0, 2.0, 3.0, 4.0], 99)
        4.0
    """
    if not sorted_values:
        raise ValueError("percentile of an empty list")
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class DbMetrics:
    """Counters of one connectivity layer user (a load, a bench, a pool); safe across threads.

    Args:
        window: how many recent latencies the percentiles are computed over.
    """

    def __init__(self, window: int = DEFAULT_WINDOW) -> None:
        if window < 1:
            raise ValueError("window must be at least 1")
        self._lock = threading.Lock()
        self._window = window
        self._samples: list[float] = []
        self._next = 0  # ring-buffer write position once the window is full
        self._counts: dict[str, int] = dict.fromkeys(
            (
                "connections_opened",
                "connections_closed",
                "checkouts",
                "checkout_waits",
                "health_checks",
                "health_check_failures",
                "recoveries",
                "queries",
                "rows_read",
                "rows_written",
                "bytes_read",
                "bytes_written",
            ),
            0,
        )
        self._checkout_wait_ms = 0.0
        self._errors: dict[str, int] = {}

    # -- recording -------------------------------------------------------------------------

    def record_query(self, latency_s: float) -> None:
        """Count one finished operation (query, stream, insert chunk) and keep its latency."""
        with self._lock:
            self._counts["queries"] += 1
            self._add_sample(latency_s * 1000.0)

    @contextmanager
    def timed(self) -> Iterator[None]:
        """Record the duration of the ``with`` block as one query (also when it raises).

        Example:
            >>> m = DbMetrics()
            >>> with m.timed():
            ...     pass
            >>> m.snapshot().queries
            1
        """
        start = perf_counter()
        try:
            yield
        finally:
            self.record_query(perf_counter() - start)

    def record_rows(
        self,
        *,
        read: int = 0,
        written: int = 0,
        bytes_read: int = 0,
        bytes_written: int = 0,
    ) -> None:
        """Add rows and bytes moved (bytes: Arrow buffer or COPY payload sizes when known)."""
        with self._lock:
            self._counts["rows_read"] += read
            self._counts["rows_written"] += written
            self._counts["bytes_read"] += bytes_read
            self._counts["bytes_written"] += bytes_written

    def record_error(self, kind: str | BaseException) -> None:
        """Count an error by kind (``connection``, ``sql``, ``timeout``, ... or an exception)."""
        if isinstance(kind, BaseException):
            from datalchemy.db.errors import error_kind

            kind = error_kind(kind)
        with self._lock:
            self._errors[kind] = self._errors.get(kind, 0) + 1

    def record_connection_opened(self) -> None:
        self._bump("connections_opened")

    def record_connection_closed(self) -> None:
        self._bump("connections_closed")

    def record_checkout(self, wait_s: float = 0.0, *, waited: bool = False) -> None:
        """Count a checkout; ``waited`` when no connection was free at once."""
        with self._lock:
            self._counts["checkouts"] += 1
            if waited:
                self._counts["checkout_waits"] += 1
            self._checkout_wait_ms += wait_s * 1000.0

    def record_health_check(self, *, ok: bool) -> None:
        with self._lock:
            self._counts["health_checks"] += 1
            if not ok:
                self._counts["health_check_failures"] += 1

    def record_recovery(self) -> None:
        self._bump("recoveries")

    # -- reading ---------------------------------------------------------------------------

    def snapshot(self) -> DbMetricsSnapshot:
        """Every counter and the latency percentiles, read under one lock."""
        with self._lock:
            counts = dict(self._counts)
            errors = dict(sorted(self._errors.items()))
            wait_ms = self._checkout_wait_ms
            samples = sorted(self._samples)
        latency = LatencySummary(samples=len(samples))
        if samples:
            latency = LatencySummary(
                samples=len(samples),
                p50_ms=round(percentile(samples, 50), 3),
                p95_ms=round(percentile(samples, 95), 3),
                p99_ms=round(percentile(samples, 99), 3),
                max_ms=round(samples[-1], 3),
            )
        return DbMetricsSnapshot(
            **counts,
            checkout_wait_ms=round(wait_ms, 3),
            errors_by_kind=errors,
            latency=latency,
        )

    # -- internals -------------------------------------------------------------------------

    def _bump(self, name: str, by: int = 1) -> None:
        with self._lock:
            self._counts[name] += by

    def _add_sample(self, ms: float) -> None:
        # Caller holds the lock.
        if len(self._samples) < self._window:
            self._samples.append(ms)
        else:
            self._samples[self._next] = ms
            self._next = (self._next + 1) % self._window
