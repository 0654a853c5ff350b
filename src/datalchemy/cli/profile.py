"""`datalchemy profile`: safe statistics of a real database (profile.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from datalchemy.cli._options import ConnOpt, JsonFlag
from datalchemy.cli._output import CommandResult, run_command

__all__ = ["profile_command"]


def profile_command(
    conn: ConnOpt = None,
    out: Annotated[Path, typer.Option(help="Where to write the profile.")] = Path("profile.json"),
    schema: Annotated[
        list[str] | None,
        typer.Option("--schema", help="Only this schema (repeatable). Default: all user schemas."),
    ] = None,
    k: Annotated[
        int, typer.Option(help="Keep a frequent value only when seen at least k times.")
    ] = 10,
    quantiles: Annotated[int, typer.Option(help="Quantiles per distribution.")] = 101,
    max_rows: Annotated[
        int | None, typer.Option(help="Read at most this many rows per table (default: all).")
    ] = None,
    memory_limit: Annotated[
        str, typer.Option(help="DuckDB memory limit; larger work spills to a temporary folder.")
    ] = "1GB",
    json_output: JsonFlag = False,
) -> None:
    """Read a database read-only and keep only safe statistics (no row, no PII value)."""

    def body() -> CommandResult:
        from datalchemy.profile import run_profile

        profile = run_profile(
            conn,
            out,
            schemas=schema,
            k=k,
            quantiles=quantiles,
            max_rows=max_rows,
            memory_limit=memory_limit,
        )
        grid = Table("table", "rows", "columns", "PII columns", "fan-outs", "date orders",
                     title=f"profiled {profile.engine}")  # fmt: skip
        for t in profile.tables:
            pii = sum(1 for c in t.columns if c.pii)
            grid.add_row(t.qualified_name, f"{t.rows:,}", str(len(t.columns)), str(pii),
                         str(len(t.fan_out)), str(len(t.date_orders)))  # fmt: skip
        return CommandResult(
            data={
                "profile_path": str(out),
                "tables": len(profile.tables),
                "rows": sum(t.rows for t in profile.tables),
                "pii_columns": sum(1 for t in profile.tables for c in t.columns if c.pii),
            },
            render=[grid, f"wrote [bold]{out}[/]"],
        )

    run_command("profile", json_output, body)
