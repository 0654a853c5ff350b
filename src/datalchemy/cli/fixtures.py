"""`datalchemy fixtures`: create the built-in example databases."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from datalchemy.cli._options import ConnOpt, JsonFlag
from datalchemy.cli._output import CommandResult, run_command

__all__ = ["app"]

app = typer.Typer(
    help="Create the built-in example databases (CRM on PostgreSQL, car rental on SQLite)."
)


@app.command("list")
def list_command(json_output: JsonFlag = False) -> None:
    """List the built-in fixtures."""

    def body() -> CommandResult:
        from datalchemy.fixtures import FIXTURES

        table = Table("fixture", "engine", "description")
        for f in FIXTURES.values():
            table.add_row(f.name, f.engine, f.description)
        data = [
            {"name": f.name, "engine": f.engine, "description": f.description}
            for f in FIXTURES.values()
        ]
        return CommandResult(data={"fixtures": data}, render=[table])

    run_command("fixtures list", json_output, body)


@app.command("create")
def create_command(
    name: Annotated[str, typer.Argument(help="crm (PostgreSQL) or car-rental (SQLite).")],
    conn: ConnOpt = None,
    no_data: Annotated[bool, typer.Option("--no-data", help="Schema only, no seed rows.")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Create fixture NAME in the database given by --conn (its schema is re-created)."""

    def body() -> CommandResult:
        from datalchemy.db.urls import resolve_connection
        from datalchemy.fixtures import create_fixture

        result = create_fixture(name, resolve_connection(conn), with_data=not no_data)
        return CommandResult(
            data={
                "fixture": result.fixture,
                "engine": result.engine,
                "connection": result.connection,
                "files_applied": result.files_applied,
                "tables": result.tables,
            },
            render=[
                f"created fixture [bold]{result.fixture}[/] ({result.tables} tables, "
                f"{result.files_applied} SQL files) in {result.connection}"
            ],
        )

    run_command("fixtures create", json_output, body)
