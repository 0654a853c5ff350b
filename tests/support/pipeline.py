"""Run the whole pipeline on a small DDL, as a user would: the support of the per-class tests.

:func:`run_ddl` creates the schema in a fresh database (PostgreSQL on the suite's server, or a
new SQLite file), then runs the public API: introspect → suggest_plan → validate_plan →
generate → evaluate → load into a second fresh copy with every constraint on. It asserts at
each step (no error, no violation, the counts loaded), and returns what the test may inspect.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

import datalchemy
from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.schema import DatabaseSchema
from support.pgserver import PostgresServer

__all__ = ["PipelineRun", "create_database", "run_ddl"]


@dataclass
class PipelineRun:
    schema: DatabaseSchema
    plan: Plan
    issues: list[Issue]
    data: Path
    counts: dict[str, int]
    target: str

    def rows(self, table: str, query: str = "") -> list[tuple[Any, ...]]:
        """Rows of ``table`` in the loaded target (``query`` overrides the SELECT)."""
        sql = query or f"select * from {table}"
        if self.target.startswith("sqlite"):
            with sqlite3.connect(self.target.split("///", 1)[1]) as con:
                return con.execute(sql).fetchall()
        with psycopg.connect(self.target) as conn:
            return conn.execute(sql).fetchall()


def create_database(
    engine: str, ddl: str, tmp: Path, name: str, server: PostgresServer | None
) -> str:
    """A fresh database holding ``ddl``; its connection URL."""
    if engine == "sqlite":
        path = tmp / f"{name}.db"
        with sqlite3.connect(path) as con:
            con.executescript(ddl)
        return f"sqlite:///{path}"
    assert server is not None
    url = server.create_database()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(ddl)  # type: ignore[arg-type]
    return url


def run_ddl(
    engine: str,
    ddl: str,
    tmp: Path,
    server: PostgresServer | None = None,
    *,
    rows: int | dict[str, int] = 200,
    base_date: date | None = None,
    allow_warnings: bool = True,
) -> PipelineRun:
    """The whole pipeline on ``ddl``; fails the test at the first stage that goes wrong."""
    source = create_database(engine, ddl, tmp, "source", server)
    schema = datalchemy.introspect(source).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=rows, base_date=base_date or date.today())
    report = datalchemy.validate_plan(plan, schema)
    errors = [(i.code, i.path, i.message) for i in report.issues if i.severity == "error"]
    assert not errors, errors
    if not allow_warnings:
        assert not report.issues, [(i.code, i.message) for i in report.issues]
    run = datalchemy.generate(plan, schema, tmp / "out")
    ev = datalchemy.evaluate(schema, plan, run.path)
    bad = [
        (c.kind, c.name, c.violations, c.examples)
        for c in ev.metrics.constraints
        if c.status == "violated"
    ]
    assert ev.metrics.violations_total == 0, bad
    target = create_database(engine, ddl, tmp, "target", server)
    loaded = datalchemy.load(run.path, schema, target)
    assert loaded.report.status == "ok", loaded.report.error
    counts = {t.table: t.rows_after for t in loaded.report.tables}
    return PipelineRun(schema, plan, report.issues, run.path, counts, target)
