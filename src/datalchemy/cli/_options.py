"""Option types shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["ConnOpt", "JsonFlag", "PlanArg", "SchemaFileOpt"]

JsonFlag = Annotated[
    bool,
    typer.Option(
        "--json", help="Print a machine-readable result (status, paths, counts) on stdout."
    ),
]
ConnOpt = Annotated[
    str | None,
    typer.Option(
        "--conn",
        help="Connection string (postgresql://..., sqlite:///file.db, odbc://DSN, Driver=...). "
        "Defaults to $DATABASE_URL. Secrets are never printed.",
        show_default=False,
    ),
]
SchemaFileOpt = Annotated[
    Path, typer.Option("--schema", help="schema.json written by `datalchemy introspect`.")
]
PlanArg = Annotated[Path, typer.Argument(help="plan.json file.")]
