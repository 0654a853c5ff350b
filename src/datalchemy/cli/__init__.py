"""The `datalchemy` command line: one module per command, all wired here.

introspect → plan suggest → generate → evaluate → load
"""

from __future__ import annotations

from typing import Annotated

import typer

from datalchemy._version import __version__
from datalchemy.cli import fixtures, generators
from datalchemy.cli import plan as plan_cli
from datalchemy.cli._help import use_user_types
from datalchemy.cli._output import state
from datalchemy.cli.demo import demo_command
from datalchemy.cli.evaluate import evaluate_command
from datalchemy.cli.generate import generate_command
from datalchemy.cli.introspect import introspect_command
from datalchemy.cli.load import load_command
from datalchemy.cli.profile import profile_command
from datalchemy.cli.tui import tui_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="datalchemy",
    help="Realistic, constraint-correct, deterministic synthetic data from a database's schema.\n\n"
    "Pipeline: introspect → plan suggest/validate → generate → evaluate → load. "
    "Try `datalchemy demo`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"datalchemy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    state.debug = debug  # per invocation: an earlier --debug in the same process must not leak


app.command("introspect", rich_help_panel="Pipeline")(introspect_command)
app.command("profile", rich_help_panel="Pipeline")(profile_command)
app.add_typer(plan_cli.app, name="plan", rich_help_panel="Pipeline")
app.command("generate", rich_help_panel="Pipeline")(generate_command)
app.command("evaluate", rich_help_panel="Pipeline")(evaluate_command)
app.command("load", rich_help_panel="Pipeline")(load_command)
app.add_typer(generators.app, name="generators", rich_help_panel="Catalog and examples")
app.add_typer(fixtures.app, name="fixtures", rich_help_panel="Catalog and examples")
app.command("demo", rich_help_panel="Catalog and examples")(demo_command)
app.command("tui", rich_help_panel="Interactive")(tui_command)
use_user_types(app)  # --help says INTEGER, TEXT, PATH, not <int>, <list[str]> (cli/_help.py)


def main() -> None:
    """Console-script entry point."""
    app()
