"""Smaller traps of a user's first hour: file permissions, the progress rate."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import datalchemy
from datalchemy.generate import run_generation
from datalchemy.plan import resolve_plan


def test_every_artifact_follows_the_umask(tmp_path: Path) -> None:
    # plan.json, schema.json, metrics.json, report.md/html, generation and load reports, logs:
    # 0640 under umask 027, as any other tool would write them (not mkstemp's 0600).
    done = subprocess.run(
        ["bash", "-c", f"umask 027 && exec {sys.executable} -m datalchemy demo --out demo"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    files = [p for p in (tmp_path / "demo").rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"plan.json", "schema.json", "metrics.json", "report.html", "report.md",
            "generation_report.json", "load_report.json", "logs.ndjson"} <= names  # fmt: skip
    modes = {str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode) for p in files}
    assert {path: mode for path, mode in modes.items() if mode != 0o640} == {}


def test_progress_starts_each_table_at_zero(tmp_path: Path) -> None:
    # The rate shown is rows over time since the table's first call, which reports 0 rows: a
    # first call with rows already done made the rate 25,575,446,616 rows/s.
    url = f"sqlite:///{tmp_path / 'car.db'}"
    datalchemy.create_fixture("car-rental", url)
    schema = datalchemy.introspect(url).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=50)
    calls: list[tuple[str, int, int]] = []
    run_generation(
        resolve_plan(plan, schema), schema, tmp_path / "out",
        progress=lambda table, done, total: calls.append((table, done, total)),
    )  # fmt: skip
    first: dict[str, int] = {}
    for table, done, _ in calls:
        first.setdefault(table, done)
    assert first and set(first.values()) == {0}
    assert os.path.isdir(tmp_path / "out")
