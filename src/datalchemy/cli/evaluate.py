"""`datalchemy evaluate`: verify a generated dataset offline and write its reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from datalchemy.cli._options import JsonFlag, SchemaFileOpt
from datalchemy.cli._output import CommandResult, console, run_command

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
    json_output: JsonFlag = False,
) -> None:
    """Verify every constraint on the files (DuckDB, no database), with statistics and reports."""

    def body() -> CommandResult:
        from datalchemy.errors import ViolationsFound
        from datalchemy.evaluate import run_evaluate
        from datalchemy.plan.io import load_plan, load_schema

        db_schema = load_schema(schema)
        the_plan = load_plan(plan) if plan is not None else None
        run = run_evaluate(db_schema, the_plan, data, out_dir=out, memory_limit=memory_limit)
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
                console.print(table)
            worst = next(c for c in m.constraints if c.status == "violated")
            raise ViolationsFound(
                "violations_found",
                f"{m.violations_total} violation(s) in {sum(s.violated for s in m.summary)} "
                f"constraint(s); first: {worst.kind} {worst.name or ','.join(worst.columns)}",
                path=f"{worst.table}",
                hint=f"see {run.files['report.md']}",
            )
        return CommandResult(
            data={
                "evaluation_status": m.status,
                "violations": m.violations_total,
                "not_evaluated": m.not_evaluated_total,
                "warnings": len(m.warnings),
                "files": {name: str(path) for name, path in sorted(run.files.items())},
                "summary": {s.kind: s.violations for s in m.summary},
            },
            render=[table, f"reports in {run.out_dir}"],
        )

    run_command("evaluate", json_output, body)
