"""DbMetrics: one lock, one consistent snapshot; ring buffer of 1000 latencies."""

from __future__ import annotations

import threading

from datalchemy.contracts.db_metrics import DbMetricsSnapshot
from datalchemy.db.metrics import DbMetrics, percentile
from datalchemy.errors import QueryTimeout


def test_snapshot_is_consistent_under_concurrent_writers() -> None:
    metrics = DbMetrics()
    stop = threading.Event()
    per_thread = 5000
    threads_n = 4
    inconsistent: list[DbMetricsSnapshot] = []

    def writer() -> None:
        for _ in range(per_thread):
            # rows and bytes move together: a torn snapshot would break bytes == 10 * rows
            metrics.record_rows(read=1, bytes_read=10, written=2, bytes_written=20)

    def reader() -> None:
        while not stop.is_set():
            snap = metrics.snapshot()
            if snap.bytes_read != 10 * snap.rows_read or snap.rows_written != 2 * snap.rows_read:
                inconsistent.append(snap)

    watcher = threading.Thread(target=reader)
    watcher.start()
    writers = [threading.Thread(target=writer) for _ in range(threads_n)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    watcher.join()
    assert inconsistent == []
    final = metrics.snapshot()
    assert final.rows_read == per_thread * threads_n
    assert final.bytes_written == 20 * per_thread * threads_n


def test_latency_window_keeps_the_latest_1000() -> None:
    metrics = DbMetrics()
    for _ in range(500):
        metrics.record_query(10.0)  # old, slow samples: pushed out of the window
    for i in range(1, 1001):
        metrics.record_query(i / 1000)  # 1 ms .. 1000 ms
    snap = metrics.snapshot()
    assert snap.queries == 1500
    assert snap.latency.samples == 1000
    assert snap.latency.p50_ms == 500.0
    assert snap.latency.p95_ms == 950.0
    assert snap.latency.p99_ms == 990.0
    assert snap.latency.max_ms == 1000.0


def test_counters_and_errors_by_kind() -> None:
    metrics = DbMetrics()
    metrics.record_connection_opened()
    metrics.record_connection_opened()
    metrics.record_connection_closed()
    metrics.record_checkout(0.002, waited=True)
    metrics.record_checkout()
    metrics.record_health_check(ok=True)
    metrics.record_health_check(ok=False)
    metrics.record_recovery()
    metrics.record_error("sql")
    metrics.record_error(QueryTimeout("query_timeout", "slow"))
    metrics.record_error(ValueError("raw"))
    snap = metrics.snapshot()
    assert (snap.connections_opened, snap.connections_closed) == (2, 1)
    assert (snap.checkouts, snap.checkout_waits, snap.checkout_wait_ms) == (2, 1, 2.0)
    assert (snap.health_checks, snap.health_check_failures, snap.recoveries) == (2, 1, 1)
    assert snap.errors_by_kind == {"ValueError": 1, "sql": 1, "timeout": 1}
    assert snap.latency.samples == 0 and snap.latency.p50_ms is None
    # The snapshot is a value: later recording does not change it.
    metrics.record_error("sql")
    assert snap.errors_by_kind["sql"] == 1
    assert DbMetricsSnapshot.model_validate_json(snap.model_dump_json()) == snap


def test_percentile_nearest_rank() -> None:
    assert percentile([5.0], 99) == 5.0
    assert percentile([1.0, 2.0, 3.0], 50) == 2.0
