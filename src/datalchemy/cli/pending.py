"""Commands whose stages are not built yet: they say so and exit with code 8."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from datalchemy.cli._options import ConnOpt, JsonFlag, SchemaFileOpt
from datalchemy.cli._output import not_built, run_command

__all__ = ["evaluate_command", "load_command"]


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
