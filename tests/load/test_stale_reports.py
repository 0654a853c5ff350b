"""A load killed with SIGKILL leaves its report saying ``running``; the next load corrects it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from datalchemy.errors import UsageError
from datalchemy.load import run_load
from support.datasets import CarRental

SLOW = (
    "CREATE TRIGGER slow BEFORE INSERT ON {table} BEGIN SELECT count(*) FROM (WITH RECURSIVE "
    "c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT x FROM c); END"
)


def _reports(root: Path) -> list[dict[str, object]]:
    # In start order: two runs of the same second have folder names in random-id order.
    reports = [json.loads(p.read_text()) for p in root.glob("*/load_report.json")]
    return sorted(reports, key=lambda r: str(r["started_at"]))


def test_killed_load_report_is_explained_and_corrected(
    car_rental: CarRental, tmp_path: Path
) -> None:
    db = car_rental.target()
    with sqlite3.connect(db) as conn:
        conn.execute(SLOW.format(table="contratos"))  # a table half-way through the load
    schema_json = tmp_path / "schema.json"
    schema_json.write_text(car_rental.schema.to_json())
    runs = tmp_path / "runs"
    proc = subprocess.Popen(
        [sys.executable, "-m", "datalchemy", "load", "--data", str(car_rental.data),
         "--schema", str(schema_json), "--conn", f"sqlite:///{db}", "--transaction", "table",
         "--out", str(runs)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        logs = "".join(p.read_text() for p in runs.glob("*/logs.ndjson"))
        if '"table": "main.contratos"' in logs:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    [killed] = _reports(runs)
    assert killed["status"] == "running"  # what a dead process leaves

    # A new load explains the stale report and corrects it (then refuses, as before).
    with pytest.raises(UsageError) as caught:
        run_load(
            car_rental.data, car_rental.schema, f"sqlite:///{db}", out=runs, transaction="table"
        )
    assert caught.value.code == "load_interrupted_before"
    assert "was killed before it finished" in caught.value.message
    [corrected] = _reports(runs)
    assert corrected["status"] == "interrupted" and corrected["resumable"] is True
    assert corrected["error"]["code"] == "load_killed"

    # --resume continues it.
    resumed = run_load(car_rental.data, car_rental.schema, f"sqlite:///{db}", out=runs, resume=True)
    assert resumed.report.status == "ok" and resumed.report.counts_verified
    assert [r["status"] for r in _reports(runs)] == ["interrupted", "ok"]


def test_live_load_report_is_left_alone(tmp_path: Path) -> None:
    from datalchemy.load.stale import correct_stale_reports, hold_run_lock

    run = tmp_path / "2026-01-01T00-00-00Z__load_aaaa"
    run.mkdir()
    report = {
        "run_id": "x", "status": "running", "target": "sqlite:///t.db", "engine": "sqlite",
        "strategy": "executemany", "mode": "append", "transaction": "all", "dataset": "d",
        "started_at": "2026-01-01T00:00:00.000Z",
    }  # fmt: skip
    (run / "load_report.json").write_text(json.dumps(report))
    with hold_run_lock(run):
        assert correct_stale_reports(tmp_path, lambda r: False) == []
        assert _reports(tmp_path)[0]["status"] == "running"
    notes = correct_stale_reports(tmp_path, lambda r: False)
    assert len(notes) == 1 and "the target was rolled back" in notes[0]
    fixed = _reports(tmp_path)[0]
    assert fixed["status"] == "interrupted" and fixed["target_unchanged"] is True
