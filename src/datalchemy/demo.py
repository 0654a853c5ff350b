"""The demo pipeline: build the car-rental SQLite fixture, then run every stage on it:
introspect, plan suggest, generate, evaluate (offline) and load (back into the database)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from datalchemy.errors import UsageError

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


#: Marks a folder the demo made: only such a folder is ever cleaned by a later demo.
MARKER = ".datalchemy-demo"
#: What the demo writes in its folder (and removes again when it runs there once more).
_OWN = ("car_rental.db", "runs", "plan.json", "data")


def _claim(out: Path) -> None:
    """Make ``out`` the demo's folder, refusing a non-empty folder the demo did not make."""
    if out.exists() and not out.is_dir():
        raise UsageError(
            "demo_out_not_a_folder", f"{out} exists and is not a folder", hint="choose --out"
        )
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UsageError(
            "demo_out_not_empty",
            f"{out} holds files the demo did not make; it writes and replaces car_rental.db, "
            "runs/, plan.json and data/ in its folder",
            path=str(out),
            hint="give the demo an empty or new folder (--out demo-output)",
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by `datalchemy demo`; a later demo may clean this folder\n")
    for name in _OWN:
        target = out / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)


def run_demo(out: Path | str = "demo-output") -> DemoResult:
    """Run the pipeline on a fresh car-rental database under ``out``; return what each stage did.

    Raises:
        UsageError: ``out`` is not empty and was not made by the demo (nothing is touched).
    """
    from datalchemy.fixtures import create_fixture
    from datalchemy.introspect import run_introspect

    out = Path(out)
    _claim(out)
    db = out / "car_rental.db"
    result = DemoResult(out)

    fixture = create_fixture("car-rental", f"sqlite:///{db.resolve()}")
    result.stages.append(DemoStage("fixture", "ok", f"{fixture.tables} tables", str(db)))

    runs = out / "runs"
    run = run_introspect(f"sqlite:///{db.resolve()}", run_root=runs)
    c = run.result.metrics.counts
    result.stages.append(
        DemoStage(
            "introspect",
            "ok",
            f"{c.tables} tables, {c.columns} columns, {c.foreign_keys} FKs, {c.uniques} UNIQUEs, "
            f"{c.checks} CHECKs",
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
        DemoStage("plan suggest", "ok", f"{len(plan.rules)} rules", str(plan_path))
    )
    data_root = out / "data"
    gen = run_generation(resolve_plan(plan, schema), schema, data_root)
    rep = gen.report
    result.stages.append(
        DemoStage(
            "generate",
            "ok",
            f"{rep.rows_written:,} rows in {len(rep.tables)} CSV files "
            f"({rep.rows_per_sec:,.0f} rows/s)",
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
            f"{ev.violations_total} violations",
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
            f"{loaded.rows_loaded:,} rows ({loaded.rows_per_sec:,.0f} rows/s), counts verified",
            str(gen.path / "loads"),
        )
    )
    return result
