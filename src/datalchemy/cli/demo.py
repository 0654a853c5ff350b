"""`datalchemy demo`: the whole pipeline on the embedded car-rental SQLite fixture."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from datalchemy.cli._options import JsonFlag
from datalchemy.cli._output import CommandResult, run_command

__all__ = ["demo_command"]


def demo_command(
    out: Annotated[Path, typer.Option(help="Folder for the demo database and runs.")] = Path(
        "demo-output"
    ),
    json_output: JsonFlag = False,
) -> None:
    """Run the pipeline end to end on the embedded SQLite car-rental database."""

    def body() -> CommandResult:
        from datalchemy.demo import run_demo

        result = run_demo(out)
        table = Table("stage", "status", "result", title="datalchemy demo (car rental, SQLite)")
        for stage in result.stages:
            style = {"ok": "green"}.get(stage.status, "red")
            table.add_row(stage.name, f"[{style}]{stage.status}[/]", escape(stage.detail))
        # The paths under the table, one per line and relative to here: a table cell would
        # wrap or cut them at 80 columns, and they are made to be copied.
        where: list[RenderableType] = [Text("where the results are:")]
        for stage in result.stages:
            if stage.path is not None:
                shown = os.path.relpath(stage.path)
                where.append(Text(f"  {shown}", no_wrap=True, overflow="ignore"))
        return CommandResult(
            data={
                "out": str(result.out),
                "stages": [
                    {"name": s.name, "status": s.status, "detail": s.detail, "path": s.path}
                    for s in result.stages
                ],
            },
            render=[
                table,
                *where,
                Text("results are under " + str(result.out.resolve()), no_wrap=True),
            ],
        )

    run_command("demo", json_output, body)
