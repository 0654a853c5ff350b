"""SQLite loads: executemany in one transaction with foreign_keys=ON and every CHECK."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest

from datalchemy.errors import ConstraintViolation, DatabaseError
from datalchemy.load import run_load
from datalchemy.load.sqlite import _one_by_one
from support.datasets import CarRental, copy_dataset, odbc_drivers_or_fail, tamper


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {
            f"main.{n}": conn.execute(f'select count(*) from "{n}"').fetchone()[0]
            for n in names
            if not n.startswith("sqlite_")
        }
    finally:
        conn.close()


def _written(data: Path) -> dict[str, int]:
    report = json.loads((data / "generation_report.json").read_text())
    return {f"{t['schema']}.{t['table']}": t["rows_written"] for t in report["tables"]}


def test_car_rental_loads_with_foreign_keys_and_checks(car_rental: CarRental) -> None:
    db = car_rental.target()
    report = run_load(car_rental.data, car_rental.schema, f"sqlite:///{db}").report
    assert report.status == "ok" and report.counts_verified
    assert report.strategy == "executemany"
    written = _written(car_rental.data)
    counts = _counts(db)
    assert {k: counts[k] for k in written} == written
    conn = sqlite3.connect(db)
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    assert conn.execute("pragma integrity_check").fetchone() == ("ok",)
    conn.close()


def test_modes_and_a_failed_append_leaves_the_file_as_it_was(car_rental: CarRental) -> None:
    db = car_rental.target()
    url = f"sqlite:///{db}"
    run_load(car_rental.data, car_rental.schema, url)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(ConstraintViolation) as info:
        run_load(car_rental.data, car_rental.schema, url)  # the same keys again
    assert info.value.code == "append_collision" and "already holds" in info.value.message
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    for mode in ("truncate", "recreate"):
        report = run_load(car_rental.data, car_rental.schema, url, mode=mode).report
        assert report.status == "ok" and report.counts_verified, mode
    written = _written(car_rental.data)
    assert {k: v for k, v in _counts(db).items() if k in written} == written


def test_broken_foreign_key_is_named_and_rolled_back(car_rental: CarRental, tmp_path: Path) -> None:
    data = copy_dataset(car_rental.data, tmp_path / "data")
    report = json.loads((data / "generation_report.json").read_text())
    child = next(t for t in report["tables"] if t["table"] == "contratos")
    # Point the first contract at a client id that does not exist (same width, so same size).
    table = car_rental.schema.find_table("main", "contratos")
    assert table is not None
    fk = next(f for f in table.foreign_keys if f.referenced_table == "clientes")

    def orphan(lines: list[str]) -> list[str]:
        header = lines[0].rstrip("\n").split(",")
        at = [h.strip('"') for h in header].index(fk.columns[0])
        cells = lines[1].split(",")
        cells[at] = "9" * len(cells[at])
        lines[1] = ",".join(cells)
        return lines

    tamper(data, child["files"][0]["path"], orphan)
    db = car_rental.target()
    with pytest.raises(ConstraintViolation) as info:
        run_load(data, car_rental.schema, f"sqlite:///{db}")
    assert "contratos" in info.value.message and "clientes" in info.value.message
    assert sum(_counts(db).values()) == 0


def test_read_only_sqlite_target(car_rental: CarRental) -> None:
    db = car_rental.target()
    with pytest.raises(DatabaseError) as info:
        run_load(car_rental.data, car_rental.schema, f"sqlite:///{db}?mode=ro")
    assert info.value.code == "target_read_only"
    assert sum(_counts(db).values()) == 0


def test_parquet_dataset_loads_like_the_csv_one(car_rental: CarRental, tmp_path: Path) -> None:
    from datalchemy.contracts.resolved import ResolvedPlan
    from datalchemy.generate import run_generation

    resolved = ResolvedPlan.model_validate_json(
        (car_rental.data / "resolved_plan.json").read_text()
    )
    run = run_generation(
        resolved.model_copy(update={"format": "parquet"}), car_rental.schema, tmp_path
    )
    from_csv, from_parquet = car_rental.target(), car_rental.target()
    run_load(car_rental.data, car_rental.schema, f"sqlite:///{from_csv}")
    report = run_load(run.path, car_rental.schema, f"sqlite:///{from_parquet}").report
    assert report.status == "ok" and report.counts_verified
    for table in ("clientes", "contratos", "pagamentos"):
        query = f'select * from "{table}" order by 1'
        with sqlite3.connect(from_csv) as a, sqlite3.connect(from_parquet) as b:
            assert a.execute(query).fetchall() == b.execute(query).fetchall(), table


def test_sqlite_target_without_tables_or_file(car_rental: CarRental, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(DatabaseError) as info:
        run_load(car_rental.data, car_rental.schema, f"sqlite:///{empty}")
    assert info.value.code == "table_not_found"
    missing = tmp_path / "nope.db"
    with pytest.raises(Exception) as gone:
        run_load(car_rental.data, car_rental.schema, f"sqlite:///{missing}")
    assert getattr(gone.value, "code", None) == "database_not_found"
    assert not missing.exists()  # the loader never creates an empty database file


@pytest.mark.parametrize("via", ["native", "odbc"])
def test_targets_share_one_pooled_connection(
    car_rental: CarRental, via: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table of a per-table load checks the same connection out of the load's pool (health
    checked on reuse); the pool closes it when the load ends."""
    monkeypatch.delenv("DATALCHEMY_POOL_CHECK", raising=False)
    if via == "odbc":
        odbc_drivers_or_fail()
    db = car_rental.target()
    conn = f"sqlite:///{db}" if via == "native" else f"Driver={{SQLite3}};Database={db}"
    report = run_load(car_rental.data, car_rental.schema, conn, transaction="table").report
    assert report.status == "ok" and report.counts_verified
    metrics = report.db_metrics
    assert metrics is not None
    steps = len(report.tables) + 1  # one target per table, one for the final checks
    assert (metrics.connections_opened, metrics.connections_closed) == (1, 1)
    assert metrics.checkouts == steps and metrics.health_checks == steps - 1
    assert metrics.health_check_failures == 0
    # One transaction: one checkout, nothing left open afterwards.
    again = run_load(car_rental.data, car_rental.schema, conn, mode="truncate").report
    assert again.db_metrics is not None and again.db_metrics.checkouts == 1
    assert again.db_metrics.connections_opened == again.db_metrics.connections_closed == 1
    assert {k: v for k, v in _counts(db).items() if k in _written(car_rental.data)} == _written(
        car_rental.data
    )


def test_a_stop_signal_between_statements_ends_the_batch_at_the_next_row() -> None:
    """The loader feeds executemany through a Python loop: a signal whose handler raises (as
    SIGINT's does) stops the batch at the next row instead of after the whole batch, which
    matters when it lands between two statements and interrupt() finds nothing to cancel."""

    class Stop(Exception):
        pass

    def handler(signum: int, frame: object) -> None:
        raise Stop

    previous = signal.signal(signal.SIGUSR1, handler)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a INTEGER)")
    rows = 5_000_000  # about 3 s to insert on the development machine
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGUSR1))
    try:
        timer.start()
        with pytest.raises(Stop):
            conn.executemany("INSERT INTO t VALUES (?)", _one_by_one(zip(range(rows))))
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] < rows
