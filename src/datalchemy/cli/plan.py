"""`datalchemy plan suggest|validate|show`: automatic plans, validation, resolved display.

Exit codes: 0 ok, 2 bad arguments, 3 unreadable plan or schema file, 4 the plan has errors
(``--json`` then lists every issue under ``issues``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from datalchemy.cli._options import JsonFlag, PlanArg, SchemaFileOpt
from datalchemy.cli._output import CommandResult, err_console, run_command
from datalchemy.errors import PlanValidationError, UsageError

if TYPE_CHECKING:
    from datalchemy.contracts.common import Issue

__all__ = ["app", "parse_rows"]

app = typer.Typer(help="Suggest, validate and show generation plans.")

RowsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rows",
        metavar="N|TABLE=N",
        help="Rows per leaf table (N, default 100) or for one table (TABLE=N); repeatable.",
    ),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]


def parse_rows(values: list[str] | None) -> tuple[int, dict[str, int]]:
    """``["50", "crm.leads=500"]`` → ``(50, {"crm.leads": 500})``.

    Raises:
        UsageError: ``invalid_rows`` for anything that is not ``N`` or ``TABLE=N`` (N >= 1).
    """
    default = 100
    per_table: dict[str, int] = {}
    for raw in values or []:
        name, _, count = raw.rpartition("=")
        try:
            n = int(count)
        except ValueError:
            n = 0
        if n < 1 or (raw.count("=") and not name.strip()):
            raise UsageError(
                "invalid_rows",
                f"--rows {raw!r}: expected N or TABLE=N with N >= 1",
                hint="e.g. --rows 200 --rows crm.leads=1000",
            )
        if name:
            per_table[name.strip()] = n
        else:
            default = n
    return default, per_table


def _issue_dicts(issues: list[Issue]) -> list[dict[str, Any]]:
    return [i.model_dump() for i in issues]


def _fail(
    plan: Path, issues: list[Issue], json_output: bool, *, written: bool = False
) -> PlanValidationError:
    from datalchemy.plan.show import render_issues

    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    if not json_output:
        err_console.print(render_issues(issues))
    first = errors[0] if errors else None
    return PlanValidationError(
        "plan_invalid",
        f"{plan}: {len(errors)} error(s), {len(warnings)} warning(s)"
        + (f"; first: {first.code} at {first.path}" if first else ""),
        path=str(plan),
        hint="fix the errors listed above (docs/plan_generators.md explains each code)"
        + (f'; {plan} was written with them under "issues"' if written else ""),
        issues=issues,
    )


@app.command("suggest")
def suggest_command(
    schema: SchemaFileOpt,
    rows: RowsOpt = None,
    locale: Annotated[str, typer.Option(help="Locale of the data: pt_BR, en_US, ...")] = "pt_BR",
    seed: Annotated[int, typer.Option(help="Seed of the plan.")] = 42,
    base_date: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="'Today' for the data (default 2024-01-01); use the load date when CHECKs "
            "compare with CURRENT_DATE.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="Where to write the plan.")] = Path("plan.json"),
    strict: StrictOpt = False,
    json_output: JsonFlag = False,
) -> None:
    """Suggest a complete plan from schema.json, with an explanation per column."""

    def body() -> CommandResult:
        from datalchemy.plan.io import load_schema, write_model
        from datalchemy.plan.suggest import suggest_plan
        from datalchemy.plan.validate import validate_plan

        default, per_table = parse_rows(rows)
        db = load_schema(schema)
        plan, notes = suggest_plan(
            db,
            rows=per_table or default,
            default_rows=default,
            locale=locale,
            seed=seed,
            base_date=base_date.date() if base_date else None,
        )
        report = validate_plan(plan, db, strict=strict)
        if not report.ok:
            # The plan is written anyway, with its problems in "issues", so nothing is lost.
            errors = [i for i in report.issues if i.severity == "error"]
            write_model(out, plan.model_copy(update={"issues": errors}))
            raise _fail(out, report.issues, json_output, written=True)
        write_model(out, plan)
        total = sum(t.rows for t in plan.targets)
        # Rows per table as generation will make them (parents sized from their children).
        rows_of = (
            {t.qualified_name: t.rows for t in report.resolved.tables} if report.resolved else {}
        )
        render: list[Any] = []
        current = None
        grid = None
        for n in notes:
            if n.table != current:
                current = n.table
                size = f" - {rows_of[n.table]:,} rows" if n.table in rows_of else ""
                grid = Table(title=f"[bold]{escape(n.table)}[/]{size}", title_justify="left")
                for name in ("column", "action", "generator", "confidence", "why"):
                    grid.add_column(name)
                render.append(grid)
            assert grid is not None
            grid.add_row(
                escape(n.column),
                n.action,
                escape(n.generator or ""),
                f"{n.confidence:.2f}",
                escape(n.why + (f" (NULL {n.null_rate:.0%})" if n.null_rate else "")),
            )
        if rows_of:
            total = sum(rows_of.values())
            sizes = Table("table", "rows", title="rows per table", title_justify="left")
            for name, rows_made in rows_of.items():
                sizes.add_row(escape(name), f"{rows_made:,}")
            render.append(sizes)
        render.append(
            f"wrote [bold]{escape(str(out))}[/]: {len(rows_of) or len(plan.targets)} tables, "
            f"{len(plan.rules)} rules, {total:,} rows"
        )
        return CommandResult(
            data={
                "plan_path": str(out),
                "tables": len(plan.targets),
                "rules": len(plan.rules),
                "rows": total,
                "rows_per_table": rows_of,
                "explanations": [n.model_dump() for n in notes],
                "issues": _issue_dicts(report.issues),
            },
            render=render,
        )

    run_command("plan suggest", json_output, body)


@app.command("validate")
def validate_command(
    plan: PlanArg,
    schema: SchemaFileOpt,
    strict: StrictOpt = False,
    out: Annotated[
        Path | None, typer.Option(help="Also write the resolved plan (resolved_plan.json).")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Validate a plan against schema.json, listing every problem (exit 4 on errors)."""

    def body() -> CommandResult:
        from datalchemy.plan.io import load_schema, read_text, write_model
        from datalchemy.plan.show import render_issues
        from datalchemy.plan.validate import validate_plan

        db = load_schema(schema)
        report = validate_plan(read_text(plan, "plan"), db, strict=strict)
        if not report.ok:
            raise _fail(plan, report.issues, json_output)
        data: dict[str, Any] = {"ok": True, "issues": _issue_dicts(report.issues)}
        if out is not None and report.resolved is not None:
            warnings = [i for i in report.issues if i.severity != "error"]
            write_model(out, report.resolved.model_copy(update={"warnings": warnings}))
            data["resolved_path"] = str(out)
        render: list[Any] = []
        if report.issues:
            render.append(render_issues(report.issues))
        render.append(f"[green]plan is valid[/] ({len(report.warnings)} warning(s))")
        if out is not None:
            render.append(f"resolved plan: [bold]{escape(str(out))}[/]")
        return CommandResult(data=data, render=render)

    run_command("plan validate", json_output, body)


@app.command("show")
def show_command(
    plan: PlanArg,
    schema: SchemaFileOpt,
    strict: StrictOpt = False,
    json_output: JsonFlag = False,
) -> None:
    """Show what a plan generates, table by table (the resolved plan)."""

    def body() -> CommandResult:
        from datalchemy.plan.io import load_schema, read_text
        from datalchemy.plan.show import render_resolved
        from datalchemy.plan.validate import validate_plan

        db = load_schema(schema)
        report = validate_plan(read_text(plan, "plan"), db, strict=strict)
        if not report.ok or report.resolved is None:
            raise _fail(plan, report.issues, json_output)
        warnings = [i for i in report.issues if i.severity != "error"]
        resolved = report.resolved.model_copy(update={"warnings": warnings})
        return CommandResult(
            data={"resolved": resolved.model_dump(mode="json", by_alias=True)},
            render=render_resolved(resolved),
        )

    run_command("plan show", json_output, body)
