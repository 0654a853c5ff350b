"""Run datalchemy's whole pipeline on one corpus entry and record where it stops.

A corpus entry is a folder ``tests/corpus/<name>/`` holding ``schema.sql`` (the DDL of a real
application), ``entry.json`` (engine and database settings) and ``PROVENANCE.md``. For an entry,
:func:`run_pipeline`:

1. builds a fresh database from ``schema.sql`` (PostgreSQL: a new database on a
   :class:`~support.pgserver.PostgresServer`, loaded with ``psql`` because some dumps contain
   statements that cannot share a transaction, such as ``CREATE INDEX CONCURRENTLY``; SQLite: a
   new file loaded with :mod:`sqlite3`),
2. runs the public API: :func:`datalchemy.introspect`, :func:`datalchemy.suggest_plan`,
   :func:`datalchemy.validate_plan`, :func:`datalchemy.generate`, :func:`datalchemy.evaluate`,
3. builds a second fresh copy of the same schema and runs :func:`datalchemy.load` into it.

Every stage is recorded in a :class:`StageResult`: ``ok``, the error code and message, and
details (validation error codes, violated constraints, the constraint the database rejected).
The first failing stage is where the entry "stops"; the load is still attempted after evaluate
found violations, because comparing the two verdicts is the point (an evaluation that finds no
violation followed by a load the database rejects means evaluate disagrees with the database).

Nothing here asserts: tests and ``scripts/corpus_report.py`` decide what to do with the result.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import psycopg
from psycopg import sql

import datalchemy
from datalchemy.errors import DatalchemyError
from datalchemy.triggers import generation_risks, triggers_to_disable
from support.pgserver import PostgresServer

__all__ = [
    "CORPUS_DIR",
    "STAGES",
    "CorpusEntry",
    "PipelineResult",
    "StageResult",
    "build_database",
    "drop_database",
    "load_entries",
    "load_entry",
    "run_pipeline",
]

CORPUS_DIR = Path(__file__).resolve().parent
Engine = Literal["postgresql", "sqlite"]
TriggersChoice = Literal["auto", "enable", "disable"]
STAGES = ("build", "introspect", "suggest", "validate", "generate", "evaluate", "load")
"""Pipeline stages in order; ``build`` is creating the database from ``schema.sql``."""

_PSQL_TIMEOUT = 600.0
_EXAMPLES = 5
"""Constraint names / issue codes kept per stage detail list (the report stays readable)."""


# --------------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class CorpusEntry:
    """One folder of the corpus."""

    name: str
    folder: Path
    engine: Engine
    search_path: str | None = None
    """PostgreSQL ``search_path`` the application sets on its database (pg_dump omits it)."""

    @property
    def schema_sql(self) -> Path:
        return self.folder / "schema.sql"


def load_entry(folder: Path) -> CorpusEntry:
    """Read ``folder/entry.json``."""
    meta = json.loads((folder / "entry.json").read_text(encoding="utf-8"))
    engine = meta["engine"]
    if engine not in ("postgresql", "sqlite"):
        raise ValueError(f"{folder.name}: unknown engine {engine!r} in entry.json")
    return CorpusEntry(
        name=folder.name, folder=folder, engine=engine, search_path=meta.get("search_path")
    )


def load_entries(root: Path = CORPUS_DIR) -> list[CorpusEntry]:
    """Every entry under ``root`` (folders with an ``entry.json``), sorted by name."""
    return [load_entry(p.parent) for p in sorted(root.glob("*/entry.json"))]


# --------------------------------------------------------------------------------- databases


def build_database(
    entry: CorpusEntry, name: str, *, server: PostgresServer | None, workdir: Path
) -> str:
    """Create database ``name`` from the entry's ``schema.sql``; return its URL.

    PostgreSQL needs ``server`` (a running :class:`PostgresServer`); SQLite writes
    ``workdir/<name>.db``. Raises ``RuntimeError`` with psql's or sqlite's message on failure.
    """
    if entry.engine == "sqlite":
        path = workdir / f"{name}.db"
        path.unlink(missing_ok=True)
        lite = sqlite3.connect(path)
        try:
            lite.executescript(entry.schema_sql.read_text(encoding="utf-8"))
        finally:
            lite.close()
        return f"sqlite:///{path}"
    if server is None:
        raise RuntimeError(f"{entry.name} is a PostgreSQL entry: a PostgresServer is needed")
    server.drop_database(name)
    url = server.create_database(name)
    if entry.search_path:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} SET search_path = {}").format(
                    sql.Identifier(name), sql.SQL(entry.search_path)
                )
            )
    proc = subprocess.run(
        [
            str(server.psql_path),
            "-X",  # no ~/.psqlrc
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-f",
            str(entry.schema_sql),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=_PSQL_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        errors = [line for line in proc.stderr.splitlines() if "ERROR" in line]
        raise RuntimeError("; ".join(errors[:3]) or proc.stderr.strip()[-500:])
    return url


def drop_database(entry: CorpusEntry, name: str, *, server: PostgresServer | None) -> None:
    """Remove a database made by :func:`build_database` (SQLite files go with the workdir)."""
    if entry.engine == "postgresql" and server is not None:
        server.drop_database(name)


# --------------------------------------------------------------------------------- results


@dataclass
class StageResult:
    """The outcome of one stage."""

    stage: str
    ok: bool
    seconds: float = 0.0
    code: str | None = None
    message: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class PipelineResult:
    """Every stage that ran for one entry, plus the schema's size."""

    entry: str
    engine: Engine
    stages: list[StageResult] = field(default_factory=list)
    tables: int | None = None
    foreign_keys: int | None = None
    checks: int | None = None

    @property
    def first_failure(self) -> StageResult | None:
        return next((s for s in self.stages if not s.ok), None)

    @property
    def reached(self) -> str:
        """The last stage that succeeded before the first failure (``done`` when none failed)."""
        failure = self.first_failure
        if failure is None:
            return "done"
        index = STAGES.index(failure.stage)
        return STAGES[index - 1] if index else "nothing"

    @property
    def evaluate_disagrees_with_database(self) -> bool:
        """Evaluate found nothing wrong, yet the database rejected the data."""
        by_stage = {s.stage: s for s in self.stages}
        evaluated, loaded = by_stage.get("evaluate"), by_stage.get("load")
        return bool(
            evaluated is not None
            and evaluated.ok
            and loaded is not None
            and not loaded.ok
            and loaded.details.get("rejected_by_database")
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "engine": self.engine,
            "tables": self.tables,
            "foreign_keys": self.foreign_keys,
            "checks": self.checks,
            "reached": self.reached,
            "evaluate_disagrees_with_database": self.evaluate_disagrees_with_database,
            "stages": [s.__dict__ for s in self.stages],
        }


def _where(exc: BaseException) -> str:
    """``file:line in function`` of the innermost datalchemy frame (for crashes)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "datalchemy" in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    return f"{f.filename.split('src/')[-1]}:{f.lineno} in {f.name}"


@dataclass
class _Recorder:
    result: PipelineResult

    def run(self, stage: str, action: Callable[[StageResult], Any]) -> Any:
        """Run ``action`` as ``stage``; record success or the error. Returns its value or None."""
        record = StageResult(stage=stage, ok=True)
        t0 = time.perf_counter()
        value: Any = None
        try:
            value = action(record)
        except DatalchemyError as exc:
            record.ok, record.code, record.message = False, exc.code, exc.message
            if exc.path:
                record.details["path"] = exc.path
            issues = getattr(exc, "issues", None)
            if issues:
                record.details["issue_codes"] = _issue_codes(issues)
        except Exception as exc:  # a crash is a finding too: keep its type and place
            record.ok, record.code = False, f"crash:{type(exc).__name__}"
            record.message = str(exc)[:500]
            record.details["where"] = _where(exc)
        record.seconds = round(time.perf_counter() - t0, 2)
        self.result.stages.append(record)
        return value if record.ok else None


def _issue_codes(issues: list[Any]) -> dict[str, int]:
    return dict(Counter(i.code for i in issues if getattr(i, "severity", "error") == "error"))


# --------------------------------------------------------------------------------- pipeline


def run_pipeline(
    entry: CorpusEntry,
    workdir: Path,
    *,
    server: PostgresServer | None = None,
    rows: int = 200,
    keep_databases: bool = False,
    triggers: TriggersChoice = "auto",
) -> PipelineResult:
    """Build the entry's database and run introspect → suggest → validate → generate →
    evaluate → load (into a second fresh copy); return what each stage did.

    Args:
        entry: the corpus entry.
        workdir: a folder for the SQLite files, the generated dataset and the reports.
        server: the PostgreSQL server for PostgreSQL entries.
        rows: rows per leaf table for :func:`datalchemy.suggest_plan`.
        keep_databases: leave the two PostgreSQL databases in place (for debugging).
        triggers: the load's ``triggers`` option; ``auto`` is ``disable`` when introspection
            found INSERT triggers that may reject or duplicate rows (the way through datalchemy
            offers for what the schema alone cannot satisfy), among them those a load only gets
            past switched off (they call functions the
            database does not define, or write tables that are generated too:
            :func:`datalchemy.triggers.triggers_to_disable`), ``enable`` otherwise. The load
            stage's details say which and why.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    result = PipelineResult(entry=entry.name, engine=entry.engine)
    rec = _Recorder(result)
    source_db, target_db = f"corpus_{entry.name}_src", f"corpus_{entry.name}_dst"
    try:
        _run_stages(entry, workdir, server, rows, rec, source_db, target_db, triggers)
    finally:
        if not keep_databases:
            for name in (source_db, target_db):
                drop_database(entry, name, server=server)
    return result


def _run_stages(
    entry: CorpusEntry,
    workdir: Path,
    server: PostgresServer | None,
    rows: int,
    rec: _Recorder,
    source_db: str,
    target_db: str,
    triggers: TriggersChoice = "auto",
) -> None:
    result = rec.result
    url = rec.run(
        "build", lambda r: build_database(entry, source_db, server=server, workdir=workdir)
    )
    if url is None:
        return

    def introspect(record: StageResult) -> datalchemy.DatabaseSchema:
        found = datalchemy.introspect(url)
        if found.warnings:
            record.details["warnings"] = dict(Counter(w.code for w in found.warnings))
        schema = found.schema
        tables = [t for s in schema.schemas for t in s.tables]
        result.tables = len(tables)
        result.foreign_keys = sum(len(t.foreign_keys) for t in tables)
        result.checks = sum(len(t.checks) for t in tables)
        return schema

    schema = rec.run("introspect", introspect)
    if schema is None:
        return

    def suggest(record: StageResult) -> datalchemy.Plan:
        plan, _notes = datalchemy.suggest_plan(schema, rows=rows)
        record.details["targets"] = len(plan.targets)
        return plan

    plan = rec.run("suggest", suggest)
    if plan is None:
        return

    def validate(record: StageResult) -> bool:
        report = datalchemy.validate_plan(plan, schema)
        if report.warnings:
            record.details["warnings"] = dict(Counter(i.code for i in report.warnings))
        if not report.ok:
            first = report.errors[0]
            record.ok, record.code, record.message = False, first.code, first.message
            record.details["path"] = first.path
            record.details["issue_codes"] = _issue_codes(report.errors)
            record.details["issues"] = [
                f"{i.code} {i.path}: {i.message}" for i in report.errors[:_EXAMPLES]
            ]
        return report.ok

    rec.run("validate", validate)
    if not result.stages[-1].ok:
        return

    def generate(record: StageResult) -> Path:
        run = datalchemy.generate(plan, schema, workdir / "out")
        record.details["rows"] = run.report.rows_written
        if run.report.warnings_by_code:
            record.details["warnings"] = dict(run.report.warnings_by_code)
        if run.report.status != "ok":
            record.ok = False
            error = run.report.error
            record.code = error.code if error else run.report.status
            record.message = error.message if error else None
        return run.path

    data = rec.run("generate", generate)
    if data is None:
        return
    rec.run("evaluate", lambda r: _evaluate(schema, plan, data, r))

    def load(record: StageResult) -> None:
        try:
            target = build_database(entry, target_db, server=server, workdir=workdir)
        except RuntimeError as exc:  # the copy must build: the first one did
            record.ok, record.code, record.message = False, "target_build_failed", str(exc)
            return
        mode: Literal["enable", "disable"] = "enable" if triggers == "auto" else triggers
        if triggers == "auto":
            written = json.loads((data / "generation_report.json").read_text())["tables"]
            tables = [f"{t['schema']}.{t['table']}" for t in written]
            # The way through datalchemy offers for triggers it cannot satisfy from the schema
            # (listed up front by plan validation, `not_evaluated` in evaluate): load with them
            # off, as pg_restore --disable-triggers does.
            blockers = triggers_to_disable(schema, tables) or [
                str(i.path) for i in generation_risks(schema, tables)
            ]
            if blockers:
                mode = "disable"
                record.details["triggers_because"] = blockers[:_EXAMPLES]
        record.details["triggers"] = mode
        _load(schema, data, target, record, mode)

    rec.run("load", load)


def _evaluate(
    schema: datalchemy.DatabaseSchema, plan: datalchemy.Plan, data: Path, record: StageResult
) -> None:
    ev = datalchemy.evaluate(schema, plan, data)
    metrics = ev.metrics
    record.details["status"] = metrics.status
    record.details["not_evaluated"] = metrics.not_evaluated_total
    if metrics.not_evaluated_total:
        record.details["not_evaluated_examples"] = [
            f"{c.kind} {c.table} {c.name or ','.join(c.columns)}: {c.note}"
            for c in metrics.constraints
            if c.status == "not_evaluated"
        ][:_EXAMPLES]
    if metrics.violations_total:
        violated = [c for c in metrics.constraints if c.status == "violated"]
        first = violated[0] if violated else None
        record.ok, record.code = False, "violations"
        record.message = (
            f"{metrics.violations_total} violations; first: {first.kind} {first.table} "
            f"{first.name or ','.join(first.columns)}"
            if first
            else f"{metrics.violations_total} violations"
        )
        record.details["violated"] = [
            f"{c.kind} {c.table} {c.name or ','.join(c.columns)} ({c.violations})"
            for c in violated[:_EXAMPLES]
        ]
        record.details["violated_kinds"] = dict(Counter(c.kind for c in violated))


def _load(
    schema: datalchemy.DatabaseSchema,
    data: Path,
    target: str,
    record: StageResult,
    triggers: Literal["enable", "disable"] = "enable",
) -> None:
    try:
        run = datalchemy.load(data, schema, target, triggers=triggers)
    except DatalchemyError as exc:
        # Exit code 6: the database itself refused (constraint, type, SQL error).
        record.details["rejected_by_database"] = exc.exit_code == 6
        for attr in ("sqlstate", "constraint"):
            if getattr(exc, attr, None):
                record.details[attr] = getattr(exc, attr)
        failure = _last_load_failure(data)
        if failure:
            record.details["failure"] = failure
        raise
    report = run.report
    record.details["rows"] = report.rows_loaded
    if report.triggers_disabled:
        record.details["triggers_disabled"] = len(report.triggers_disabled)
    if report.status != "ok":
        record.ok = False
        record.code = report.error.code if report.error else report.status
        record.message = report.error.message if report.error else None


def _last_load_failure(data: Path) -> dict[str, Any] | None:
    """The ``failure`` section of the newest ``load_report.json`` under ``data/loads``."""
    reports = sorted((data / "loads").glob("*/load_report.json"))
    if not reports:
        return None
    failure: dict[str, Any] | None = json.loads(reports[-1].read_text()).get("failure")
    return failure


def iter_results(
    entries: list[CorpusEntry], workdir: Path, *, server: PostgresServer | None, rows: int = 200
) -> Iterator[PipelineResult]:
    """:func:`run_pipeline` over ``entries``, one sub-folder of ``workdir`` each."""
    for entry in entries:
        yield run_pipeline(entry, workdir / entry.name, server=server, rows=rows)
