"""`datalchemy introspect`: read a database's structure into a run folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from datalchemy.cli._options import ConnOpt, JsonFlag
from datalchemy.cli._output import CommandResult, run_command

__all__ = ["introspect_command"]


def introspect_command(
    conn: ConnOpt = None,
    schema: Annotated[
        list[str] | None,
        typer.Option("--schema", help="Only this schema (repeatable). Default: all user schemas."),
    ] = None,
    include_system_schemas: Annotated[
        bool, typer.Option(help="Also read pg_catalog / information_schema.")
    ] = False,
    run_dir: Annotated[Path, typer.Option(help="Root folder for run folders.")] = Path("runs"),
    out: Annotated[Path | None, typer.Option(help="Also copy schema.json to this path.")] = None,
    json_output: JsonFlag = False,
) -> None:
    """Introspect a database into schema.json, metrics.json, config.json and logs.ndjson."""

    def body() -> CommandResult:
        from datalchemy.introspect import run_introspect

        run = run_introspect(
            conn,
            schemas=schema,
            include_system_schemas=include_system_schemas,
            run_root=run_dir,
            out=out,
        )
        m = run.result.metrics
        counts = m.counts.model_dump()
        table = Table(title=f"introspected {run.result.schema.engine}", show_header=False)
        for key in ("schemas", "tables", "columns", "primary_keys", "foreign_keys", "uniques"):
            table.add_row(key, str(counts[key]))
        for key in ("checks", "enums", "domains", "views", "partitions"):
            table.add_row(key, str(counts[key]))
        table.add_row("warnings", str(len(m.warnings)))
        table.add_row("FK cycles", str(len(m.fk_graph.cycles)))
        return CommandResult(
            data={
                "run_dir": str(run.run_dir),
                "schema_path": str(run.schema_path),
                "metrics_path": str(run.metrics_path),
                "fingerprint": run.result.schema.fingerprint,
                "counts": counts,
                "warnings": len(m.warnings),
            },
            render=[table, f"schema.json: [bold]{run.schema_path}[/]"],
        )

    run_command("introspect", json_output, body)
