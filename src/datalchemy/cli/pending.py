"""Commands whose stages are not built yet: they say so and exit with code 8."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from datalchemy.cli._options import ConnOpt, JsonFlag, PlanArg, SchemaFileOpt
from datalchemy.cli._output import not_built, run_command

__all__ = ["evaluate_command", "generate_command", "load_command", "plan_app"]

plan_app = typer.Typer(help="Suggest, validate and show generation plans.")


@plan_app.command("suggest")
def plan_suggest(
    schema: SchemaFileOpt,
    rows: Annotated[list[str] | None, typer.Option(help="N or TABLE=N (repeatable).")] = None,
    locale: Annotated[str | None, typer.Option(help="pt_BR, en_US, ...")] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write plan.json.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Suggest a complete plan from schema.json."""
    run_command("plan suggest", json_output, not_built("plan suggest", 4, "automatic plans"))


@plan_app.command("validate")
def plan_validate(
    plan: PlanArg,
    schema: SchemaFileOpt,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Validate a plan against schema.json, listing every problem."""
    run_command("plan validate", json_output, not_built("plan validate", 4, "plan validation"))


@plan_app.command("show")
def plan_show(plan: PlanArg, schema: SchemaFileOpt, json_output: JsonFlag = False) -> None:
    """Show what a plan generates, table by table."""
    run_command("plan show", json_output, not_built("plan show", 4, "plan display"))


def generate_command(
    plan: Annotated[Path, typer.Option("--plan", help="plan.json")],
    schema: SchemaFileOpt,
    out: Annotated[Path, typer.Option(help="Output root folder.")] = Path("out"),
    format: Annotated[str, typer.Option(help="csv or parquet.")] = "csv",
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    json_output: JsonFlag = False,
) -> None:
    """Generate data for a plan (CSV or Parquet, deterministic)."""
    run_command("generate", json_output, not_built("generate", 5, "the generation engine"))


def evaluate_command(
    schema: SchemaFileOpt,
    plan: Annotated[Path, typer.Option("--plan", help="plan.json")],
    data: Annotated[Path, typer.Option(help="Dataset folder written by generate.")],
    fail_on_violation: Annotated[bool, typer.Option(help="Exit 9 on violations.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Verify a generated dataset offline and write metrics and reports."""
    run_command("evaluate", json_output, not_built("evaluate", 7, "offline evaluation"))


def load_command(
    data: Annotated[Path, typer.Option(help="Dataset folder written by generate.")],
    schema: SchemaFileOpt,
    conn: ConnOpt = None,
    mode: Annotated[str, typer.Option(help="append, truncate or recreate.")] = "append",
    dry_run: Annotated[bool, typer.Option(help="Print the plan of work only.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Load a generated dataset into a database."""
    run_command("load", json_output, not_built("load", 8, "loading into a database"))
