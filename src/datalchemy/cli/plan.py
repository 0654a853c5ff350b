"""`datalchemy plan suggest|validate|fix|show`: automatic plans, validation and repairs, display.

Rules that cannot be honoured as written are repaired unless ``--strict`` (see
:mod:`datalchemy.plan.repair`): ``validate`` lists the repairs first, ``fix`` writes the
repaired plan.

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

app = typer.Typer(help="Suggest, validate, repair and show generation plans.")

RowsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rows",
        metavar="N|TABLE=N",
        help="Rows per leaf table (N, default 100) or for one table (TABLE=N); repeatable.",
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict", help="Treat warnings as errors and refuse repairs (every problem listed)."
    ),
]


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
        err_console().print(render_issues(issues))
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
            help="'Today' for the data (default: the day this runs, recorded in the plan); "
            "data satisfies CHECKs that compare with CURRENT_DATE for 7 days after it.",
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="Where to write the plan.")] = Path("plan.json"),
    conn: Annotated[
        str | None,
        typer.Option(
            "--conn",
            help="A populated database the data is for: numbered keys start past the keys it "
            "holds (read-only). Generate with --existing to avoid its unique values too.",
            show_default=False,
        ),
    ] = None,
    strict: StrictOpt = False,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            help="profile.json of a real database: its row counts, and generators fitted to "
            "its statistics.",
        ),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Suggest a complete plan from schema.json, with an explanation per column."""

    def body() -> CommandResult:
        from datalchemy.plan.io import load_schema, write_model
        from datalchemy.plan.suggest import suggest_plan
        from datalchemy.plan.validate import resolve_plan, validate_plan

        default, per_table = parse_rows(rows)
        db = load_schema(schema)
        fitted_to = None
        if profile is not None:
            from datalchemy.contracts.profile import DatabaseProfile
            from datalchemy.dataset_files import read_model

            fitted_to = read_model(profile, DatabaseProfile, "profile")
        plan, notes = suggest_plan(
            db,
            rows=per_table or default,
            default_rows=default,
            locale=locale,
            seed=seed,
            base_date=base_date.date() if base_date else None,
            profile=fitted_to,
        )
        held: dict[str, Any] | None = None
        if conn is not None:
            from datalchemy.generate.existing import key_rules, read_existing

            resolved = resolve_plan(plan, db)
            data = read_existing(conn, db, resolved, values=False)  # key maxima are enough
            try:
                plan = key_rules(plan, resolved, data)
                held = data.report().model_dump()
            finally:
                data.close()
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
        linked = [n for n in notes if n.links]
        if linked:
            grid = Table(title="[bold]cross-column links[/]", title_justify="left")
            for name in ("table", "column", "link"):
                grid.add_column(name)
            for n in linked:
                grid.add_row(escape(n.table), escape(n.column), escape("; ".join(n.links)))
            render.append(grid)
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
        if held is not None:
            rows_held = sum(t["rows"] for t in held["tables"])
            render.append(
                f"the target holds {rows_held:,} rows: numbered keys start past them; generate "
                "with --existing so that unique values avoid them too"
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
                "existing": held,
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
        from datalchemy.cli._repairs import render_repairs
        from datalchemy.plan.io import load_schema, read_text, write_model
        from datalchemy.plan.show import render_issues
        from datalchemy.plan.validate import validate_plan

        db = load_schema(schema)
        report = validate_plan(read_text(plan, "plan"), db, strict=strict)
        if not report.ok:
            raise _fail(plan, report.issues, json_output)
        data: dict[str, Any] = {
            "ok": True,
            "repairs": [r.model_dump() for r in report.repairs],
            "issues": _issue_dicts(report.issues),
        }
        others = report.issues[len(report.repairs) :]  # the repairs lead the issues
        if out is not None and report.resolved is not None:
            warnings = [i for i in others if i.severity != "error"]
            write_model(out, report.resolved.model_copy(update={"warnings": warnings}))
            data["resolved_path"] = str(out)
        render: list[Any] = []
        if report.repairs:
            render.append(render_repairs(report.repairs))
        if others:
            render.append(render_issues(others))
        render.append(
            f"[green]plan is valid[/] ({len(report.repairs)} repair(s), "
            f"{len(report.warnings) - len(report.repairs)} warning(s))"
        )
        if out is not None:
            render.append(f"resolved plan: [bold]{escape(str(out))}[/]")
        return CommandResult(data=data, render=render)

    run_command("plan validate", json_output, body)


@app.command("fix")
def fix_command(
    plan: PlanArg,
    schema: SchemaFileOpt,
    out: Annotated[Path, typer.Option(help="Where to write the repaired plan.")] = Path(
        "fixed.json"
    ),
    json_output: JsonFlag = False,
) -> None:
    """Write the repaired plan: every rule that cannot be honoured as written, repaired.

    The file lists what was changed and why under "repairs"; the other rules are unchanged.
    Problems without a repair are listed (exit 4) and written under "issues".
    """

    def body() -> CommandResult:
        from datalchemy.cli._repairs import render_repairs
        from datalchemy.plan.io import load_schema, read_text, write_model
        from datalchemy.plan.show import render_issues
        from datalchemy.plan.validate import validate_plan

        db = load_schema(schema)
        report = validate_plan(read_text(plan, "plan"), db)
        fixed = report.plan
        if fixed is None:  # the plan could not even be read
            raise _fail(plan, report.issues, json_output)
        errors = [i for i in report.issues if i.severity == "error"]
        write_model(out, fixed.model_copy(update={"issues": errors or None}), as_written=True)
        if not report.ok:
            raise _fail(out, report.issues, json_output, written=True)
        render: list[Any] = []
        if report.repairs:
            render.append(render_repairs(report.repairs, strict_hint=False))
        others = report.issues[len(report.repairs) :]
        if others:
            render.append(render_issues(others))
        render.append(
            f"wrote [bold]{escape(str(out))}[/]: {len(report.repairs)} repair(s)"
            + ("" if report.repairs else " (nothing to repair: the plan is as it was)")
        )
        return CommandResult(
            data={
                "plan_path": str(out),
                "repairs": [r.model_dump() for r in report.repairs],
                "issues": _issue_dicts(report.issues),
            },
            render=render,
        )

    run_command("plan fix", json_output, body)


@app.command("show")
def show_command(
    plan: PlanArg,
    schema: SchemaFileOpt,
    strict: StrictOpt = False,
    json_output: JsonFlag = False,
) -> None:
    """Show what a plan generates, table by table (the resolved plan)."""

    def body() -> CommandResult:
        from datalchemy.cli._repairs import render_repairs
        from datalchemy.plan.io import load_schema, read_text
        from datalchemy.plan.show import render_resolved
        from datalchemy.plan.validate import validate_plan

        db = load_schema(schema)
        report = validate_plan(read_text(plan, "plan"), db, strict=strict)
        if not report.ok or report.resolved is None:
            raise _fail(plan, report.issues, json_output)
        others = report.issues[len(report.repairs) :]  # the repairs lead the issues
        warnings = [i for i in others if i.severity != "error"]
        resolved = report.resolved.model_copy(update={"warnings": warnings})
        repairs = [render_repairs(report.repairs)] if report.repairs else []
        return CommandResult(
            data={"resolved": resolved.model_dump(mode="json", by_alias=True)},
            render=[*repairs, *render_resolved(resolved)],
        )

    run_command("plan show", json_output, body)
