"""One consistent snapshot of the connectivity layer's counters (``datalchemy.db.metrics``).

Written into the load report and returned by the API; every field is read under one lock, so the
numbers of a snapshot agree with each other.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DbMetricsSnapshot", "LatencySummary"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LatencySummary(_Model):
    """Percentiles over a sliding window of the most recent operations (milliseconds)."""

    samples: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None


class DbMetricsSnapshot(_Model):
    """Counters of the connectivity layer at one instant (``DbMetrics.snapshot()``)."""

    connections_opened: int = 0
    connections_closed: int = 0
    checkouts: int = 0
    checkout_waits: int = Field(0, description="Checkouts that had to wait for a free connection.")
    checkout_wait_ms: float = Field(0.0, description="Total time spent waiting on checkout.")
    health_checks: int = 0
    health_check_failures: int = 0
    recoveries: int = Field(0, description="Reconnects performed after a connection failure.")
    queries: int = 0
    rows_read: int = 0
    rows_written: int = 0
    bytes_read: int = 0
    bytes_written: int = 0
    errors_by_kind: dict[str, int] = Field(
        default_factory=dict, description="connection, sql, timeout, cancelled, constraint, ..."
    )
    latency: LatencySummary = Field(default_factory=LatencySummary)
