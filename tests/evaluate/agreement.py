"""Evaluate agrees with the database: corrupt one cell of a clean dataset, then compare what
evaluate reports with what the database says when the same files are loaded."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import datalchemy
from datalchemy.errors import DatalchemyError
from datalchemy.load import run_load
from support.pgserver import PostgresServer
from support.pipeline import PipelineRun, create_database

from .helpers import read_cells, set_cell

__all__ = ["corrupt", "load_error", "violations"]


def corrupt(
    run: PipelineRun,
    tmp: Path,
    table: str,
    column: str,
    value: str,
    where: Callable[[dict[str, str]], bool] = lambda row: True,
) -> Path:
    """A copy of the run's dataset with ``column`` of the first row of ``table`` (a
    ``schema.table`` file) for which ``where`` holds set to the raw CSV token ``value``."""
    data = tmp / f"corrupt-{table}-{column}"
    shutil.copytree(run.data, data)
    path = data / f"{table}.csv"
    header, rows = read_cells(path)
    index = next(i for i, r in enumerate(rows) if where(dict(zip(header, r, strict=True))))
    set_cell(path, index, column, value)
    _reseal(data, path)
    return data


def _reseal(data: Path, path: Path) -> None:
    """Record the edited file's size and hash in the report, as if it had been generated so:
    the database, not the loader's integrity check, must be what refuses it."""
    report = json.loads((data / "generation_report.json").read_text(encoding="utf-8"))
    for table in report["tables"]:
        for f in table["files"]:
            if f["path"] == path.name:
                f["bytes"] = path.stat().st_size
                f["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (data / "generation_report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


def violations(
    run: PipelineRun, data: Path, *, as_of: date | None = None
) -> list[tuple[str, str, str | None, int]]:
    """(kind, table, constraint, rows) of every violated constraint but the file hashes."""
    kwargs = {"as_of": as_of} if as_of is not None else {}
    metrics = datalchemy.evaluate(run.schema, run.plan, data, out=data / "eval", **kwargs).metrics
    return [
        (c.kind, c.table, c.name, c.violations)
        for c in metrics.constraints
        if c.status == "violated" and c.kind != "file_hash"
    ]


def load_error(
    run: PipelineRun,
    data: Path,
    ddl: str,
    tmp: Path,
    server: PostgresServer | None,
    engine: str = "postgres",
) -> DatalchemyError:
    """The error the database gives when ``data`` is loaded into a fresh copy of ``ddl``."""
    target = create_database(engine, ddl, tmp, f"target-{data.name}", server)
    with pytest.raises(DatalchemyError) as err:
        run_load(data, run.schema, target)
    return err.value


def loads(
    run: PipelineRun,
    data: Path,
    ddl: str,
    tmp: Path,
    server: PostgresServer | None,
    engine: str = "postgres",
) -> None:
    """``data`` loads into a fresh copy of ``ddl``."""
    target = create_database(engine, ddl, tmp, f"target-{data.name}", server)
    assert run_load(data, run.schema, target).report.status == "ok"
