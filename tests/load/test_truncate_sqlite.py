"""``--mode truncate`` on SQLite: no row-by-row FK search, progress shown, references verified.

A self-reference without an index made SQLite search the whole table for every deleted row
(quadratic: more than ten minutes for 1.3 M rows). The load now empties with foreign keys off
and checks them once before it commits.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from datalchemy.errors import ConstraintViolation
from datalchemy.generate import run_generation
from datalchemy.introspect import introspect
from datalchemy.load import run_load
from datalchemy.plan import resolve_plan
from datalchemy.plan.suggest import suggest_plan
from support.datasets import TODAY

TREE = """
CREATE TABLE node (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES node (id),
    name TEXT NOT NULL
);
"""
OLD_ROWS = 150_000


def _fill(db: Path, rows: int) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO node (id, parent_id, name) "
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "SELECT i, CASE WHEN i > 1 THEN i / 2 END, 'old' FROM n",
            (rows,),
        )


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path, object]:
    db = tmp_path / "tree.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(TREE)
    schema = introspect(f"sqlite:///{db}").schema
    plan, _ = suggest_plan(schema, rows=500, base_date=TODAY)
    run = run_generation(resolve_plan(plan, schema), schema, tmp_path / "out")
    _fill(db, OLD_ROWS)
    return db, run.path, schema


def test_truncate_of_an_unindexed_self_reference_is_quick_and_shows_progress(
    tree: tuple[Path, Path, object],
) -> None:
    db, data, schema = tree
    steps: list[tuple[str, int, int, float]] = []
    started = time.perf_counter()
    run = run_load(
        data,
        schema,  # type: ignore[arg-type]
        f"sqlite:///{db}",
        mode="truncate",
        steps=lambda phase, done, total: steps.append(
            (phase, done, total, time.perf_counter() - started)
        ),
    )
    assert run.report.status == "ok" and run.report.counts_verified
    emptying = [s for s in steps if s[0] == "empty tables"]
    assert emptying[0][1:3] == (0, 1) and emptying[-1][1:3] == (1, 1)
    # Quadratic, this was ~10^10 row visits; now one pass of SQLite's truncate.
    assert emptying[-1][3] - emptying[0][3] < 10
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM node").fetchone() == (500,)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (0,)  # a fresh connection


def test_truncate_refuses_to_orphan_a_table_outside_the_dataset(
    tree: tuple[Path, Path, object],
) -> None:
    db, data, schema = tree
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, node_id INTEGER REFERENCES node)")
        conn.execute("INSERT INTO note VALUES (1, 7)")
    with pytest.raises(ConstraintViolation) as caught:
        run_load(data, schema, f"sqlite:///{db}", mode="truncate")  # type: ignore[arg-type]
    assert caught.value.code == "truncate_breaks_references"
    assert caught.value.path == "note"
    with sqlite3.connect(db) as conn:  # rolled back: every old row is still there
        assert conn.execute("SELECT count(*) FROM node").fetchone() == (OLD_ROWS,)
