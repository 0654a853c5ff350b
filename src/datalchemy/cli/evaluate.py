"""`datalchemy evaluate`: verify a generated dataset offline and write its reports."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table

from datalchemy.cli._options import JsonFlag, SchemaFileOpt
from datalchemy.cli._output import CommandResult, console, run_command

if TYPE_CHECKING:
    from datalchemy.contracts.schema import DatabaseSchema

__all__ = ["evaluate_command"]


def evaluate_command(
    schema: SchemaFileOpt,
    data: Annotated[Path, typer.Option("--data", help="Dataset folder written by generate.")],
    plan: Annotated[
        Path | None,
        typer.Option("--plan", help="plan.json (optional: checks its fingerprint and intent)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Where metrics.json, report.md, report.html go (default: --data)."
        ),
    ] = None,
    fail_on_violation: Annotated[
        bool,
        typer.Option(
            "--fail-on-violation",
            help="Exit 9 when a violation is found (files are written first).",
        ),
    ] = False,
    memory_limit: Annotated[
        str,
        typer.Option(help="DuckDB memory limit; larger work spills to a temporary folder."),
    ] = "512MB",
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Day for CHECKs that read CURRENT_DATE / now(), as the database would judge "
            "them that day (default: today).",
        ),
    ] = None,
    verify_with: Annotated[
        str | None,
        typer.Option(
            "--verify-with",
            help="A PostgreSQL database holding the schema (URL): CHECKs that call its "
            "functions are evaluated there (rolled back) instead of not_evaluated.",
        ),
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            help="profile.json of the real database: score each column's similarity "
            "(similarity.json).",
        ),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Verify every constraint on the files (DuckDB, no database), with statistics and reports."""

    def body() -> CommandResult:
        from datalchemy.errors import ViolationsFound
        from datalchemy.evaluate import run_evaluate
        from datalchemy.plan.io import load_plan, load_schema

        db_schema = load_schema(schema)
        the_plan = load_plan(plan) if plan is not None else None
        run = run_evaluate(
            db_schema,
            the_plan,
            data,
            out_dir=out,
            memory_limit=memory_limit,
            as_of=as_of.date() if as_of else None,
            verify_with=verify_with,
        )
        m = run.metrics
        table = Table(
            "constraint",
            "checked",
            "violated",
            "violations",
            "not evaluated",
            title=f"evaluated {escape(m.dataset)}: {m.status}",
        )
        for s in m.summary:
            table.add_row(
                s.kind, str(s.checked), str(s.violated), f"{s.violations:,}", str(s.not_evaluated)
            )
        if fail_on_violation and m.violations_total:
            if not json_output:  # the summary first, then the error that explains the exit code
                console().print(table)
            worst = next(c for c in m.constraints if c.status == "violated")
            raise ViolationsFound(
                "violations_found",
                f"{m.violations_total} violation(s) in {sum(s.violated for s in m.summary)} "
                f"constraint(s); first: {worst.kind} {worst.name or ','.join(worst.columns)}",
                path=f"{worst.table}",
                hint=f"see {run.files['report.md']}",
            )
        render: list[RenderableType] = [
            table,
            f"time-relative CHECKs evaluated as of {m.as_of}",
            f"reports in {escape(str(run.out_dir))}",
        ]
        similarity = None
        if profile is not None:
            similarity = _similarity(db_schema, profile, data, run.out_dir, memory_limit)
            render += similarity[1]
        return CommandResult(
            data={
                **({"similarity": similarity[0]} if similarity else {}),
                "evaluation_status": m.status,
                "violations": m.violations_total,
                "not_evaluated": m.not_evaluated_total,
                "warnings": len(m.warnings),
                "files": {name: str(path) for name, path in sorted(run.files.items())},
                "summary": {s.kind: s.violations for s in m.summary},
                "as_of": m.as_of.isoformat() if m.as_of else None,
            },
            render=render,
        )

    run_command("evaluate", json_output, body)


def _similarity(
    schema: DatabaseSchema, profile: Path, data: Path, out_dir: Path, memory_limit: str
) -> tuple[dict[str, object], list[RenderableType]]:
    """Compare the dataset with ``profile``; write similarity.json; (data, render)."""
    from datalchemy.contracts.profile import DatabaseProfile
    from datalchemy.dataset_files import read_model
    from datalchemy.evaluate.similarity import compare_to_profile
    from datalchemy.runs import atomic_write_text

    source = read_model(profile, DatabaseProfile, "profile")
    report = compare_to_profile(schema, source, data, memory_limit=memory_limit)
    path = atomic_write_text(out_dir / "similarity.json", report.model_dump_json(indent=1) + "\n")
    worst = sorted(report.columns, key=lambda c: c.score)[:8]
    grid = Table("table", "column", "metric", "score", title="least similar columns")
    for c in worst:
        grid.add_row(escape(c.table), escape(c.column), c.metric, f"{c.score:.3f}")
    pairs = f", pair trends {report.pair_trends:.3f}" if report.pair_trends is not None else ""
    summary = (
        f"similarity to the profile: overall [bold]{report.overall:.3f}[/] "
        f"({len(report.columns)} columns){pairs}, quality {report.quality:.3f}; {path}"
    )
    data_out: dict[str, object] = {
        "overall": report.overall,
        "pair_trends": report.pair_trends,
        "quality": report.quality,
        "path": str(path),
    }
    return data_out, [grid, summary]
