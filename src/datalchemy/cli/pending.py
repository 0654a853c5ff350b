"""Commands whose stages are not built yet: they say so and exit with code 8."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from datalchemy.cli._options import JsonFlag, SchemaFileOpt
from datalchemy.cli._output import not_built, run_command

__all__ = ["evaluate_command"]


def evaluate_command(
    schema: SchemaFileOpt,
    plan: Annotated[Path, typer.Option("--plan", help="plan.json")],
    data: Annotated[Path, typer.Option(help="Dataset folder written by generate.")],
    fail_on_violation: Annotated[bool, typer.Option(help="Exit 9 on violations.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Verify a generated dataset offline and write metrics and reports."""
    run_command("evaluate", json_output, not_built("evaluate", 7, "offline evaluation"))

