"""The demo pipeline: build the car-rental SQLite fixture, then run every stage on it:
introspect, plan suggest, generate, evaluate (offline) and load (back into the database)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DemoResult", "DemoStage", "run_demo"]


@dataclass(frozen=True)
class DemoStage:
    name: str
    status: str  # "ok" | "violations"
    detail: str
    path: str | None = None


@dataclass
class DemoResult:
    out: Path
    stages: list[DemoStage] = field(default_factory=list)


def run_demo(out: Path | str = "demo-output") -> DemoResult:
    """Run the pipeline on a fresh car-rental database under ``out``; return what each stage did."""
    from datalchemy.fixtures import create_fixture
    from datalchemy.introspect import run_introspect

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "car_rental.db"
    db.unlink(missing_ok=True)
    result = DemoResult(out)

    fixture = create_fixture("car-rental", f"sqlite:///{db.resolve()}")
    result.stages.append(DemoStage("fixture", "ok", f"{fixture.tables} tables in {db}", str(db)))

    runs = out / "runs"
    if runs.exists():
        shutil.rmtree(runs)
    run = run_introspect(f"sqlite:///{db.resolve()}", run_root=runs)
    c = run.result.metrics.counts
    result.stages.append(
        DemoStage(
            "introspect",
            "ok",
            f"{c.tables} tables, {c.columns} columns, {c.foreign_keys} FKs, {c.uniques} UNIQUEs, "
            f"{c.checks} CHECKs → {run.schema_path}",
            str(run.schema_path),
        )
    )
    from datalchemy.generate import run_generation
    from datalchemy.plan import resolve_plan
    from datalchemy.plan.io import write_model
    from datalchemy.plan.suggest import suggest_plan

    schema = run.result.schema
    plan, _ = suggest_plan(schema, rows=1000, locale="pt_BR")
    plan_path = out / "plan.json"
    write_model(plan_path, plan)
    result.stages.append(
        DemoStage("plan suggest", "ok", f"{len(plan.rules)} rules → {plan_path}", str(plan_path))
    )
    data_root = out / "data"
    if data_root.exists():
        shutil.rmtree(data_root)
    gen = run_generation(resolve_plan(plan, schema), schema, data_root)
    rep = gen.report
    result.stages.append(
        DemoStage(
            "generate",
            "ok",
            f"{rep.rows_written:,} rows in {len(rep.tables)} CSV files "
            f"({rep.rows_per_sec:,.0f} rows/s) → {gen.path}",
            str(gen.path),
        )
    )
    from datalchemy.evaluate import run_evaluate

    ev = run_evaluate(schema, plan, gen.path).metrics
    result.stages.append(
        DemoStage(
            "evaluate",
            "ok" if ev.violations_total == 0 else "violations",
            f"{sum(s.checked for s in ev.summary)} constraints checked, "
            f"{ev.violations_total} violations → {gen.path / 'report.html'}",
            str(gen.path / "report.html"),
        )
    )
    from datalchemy.load import run_load

    # Back into the database it came from: every FK and CHECK enforced, counts verified.
    loaded = run_load(gen.path, schema, f"sqlite:///{db.resolve()}").report
    result.stages.append(
        DemoStage(
            "load",
            "ok",
            f"{loaded.rows_loaded:,} rows into {db} ({loaded.rows_per_sec:,.0f} rows/s), "
            "counts verified",
            str(gen.path / "loads"),
        )
    )
    return result
