"""The `datalchemy` command line: one module per command, all wired here.

introspect → plan suggest → generate → evaluate → load

A command's module is imported when the app is built. :func:`main` builds only the command the
command line names (``datalchemy generate ...`` does not import or build the other commands);
``app`` is the whole command line, built on first use.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from datalchemy import gc_pause
from datalchemy._version import __version__
from datalchemy.cli._help import use_user_types
from datalchemy.cli._output import state
from datalchemy.cli._startup import freeze_at_exit, single_thread_blas

if TYPE_CHECKING:
    app: typer.Typer

__all__ = ["app", "main"]

#: The commands in ``--help`` order: name -> (module, attribute, help panel). An attribute
#: named ``app`` is a group of commands (a typer app of its own).
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "introspect": ("datalchemy.cli.introspect", "introspect_command", "Pipeline"),
    "profile": ("datalchemy.cli.profile", "profile_command", "Pipeline"),
    "plan": ("datalchemy.cli.plan", "app", "Pipeline"),
    "generate": ("datalchemy.cli.generate", "generate_command", "Pipeline"),
    "evaluate": ("datalchemy.cli.evaluate", "evaluate_command", "Pipeline"),
    "load": ("datalchemy.cli.load", "load_command", "Pipeline"),
    "generators": ("datalchemy.cli.generators", "app", "Catalog and examples"),
    "fixtures": ("datalchemy.cli.fixtures", "app", "Catalog and examples"),
    "demo": ("datalchemy.cli.demo", "demo_command", "Catalog and examples"),
    "tui": ("datalchemy.cli.tui", "tui_command", "Interactive"),
}
#: Root options that may come before the command (flags: they take no value).
_ROOT_FLAGS = {"--debug"}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"datalchemy {__version__}")
        raise typer.Exit()


def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    state.debug = debug  # per invocation: an earlier --debug in the same process must not leak


def build_app(only: str | None = None) -> typer.Typer:
    """The command line: every command, or only the command (or group) named ``only`` (none
    for ``only=""``: the root options alone)."""
    built = typer.Typer(
        name="datalchemy",
        help="Realistic, constraint-correct, deterministic synthetic data from a database's "
        "schema.\n\nPipeline: introspect → plan suggest/validate → generate → evaluate → load. "
        "Try `datalchemy demo`.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        add_completion=False,
    )
    built.callback()(_root)
    for name, (module, attribute, panel) in _COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(module), attribute)
        if attribute == "app":
            built.add_typer(target, name=name, rich_help_panel=panel)
        else:
            built.command(name, rich_help_panel=panel)(target)
    use_user_types(built)  # --help says INTEGER, TEXT, PATH, not <int>, <list[str]> (cli/_help.py)
    return built


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs ``args``: the command they name alone (after no root option but
    ``--debug``), so that the others are neither imported nor built; the root alone for
    ``--version``; else the whole app (root ``--help``, no or an unknown command: the app lists
    every command)."""
    command = _command_of(args)
    if command is not None:
        return build_app(command)
    if "--version" in args and "--help" not in args:  # answered by the root alone
        return build_app(only="")
    return _whole_app()


def _command_of(args: list[str]) -> str | None:
    for arg in args:
        if arg in _ROOT_FLAGS:
            continue
        return arg if arg in _COMMANDS else None
    return None


def _whole_app() -> typer.Typer:
    if "app" not in globals():
        globals()["app"] = build_app()
    whole: typer.Typer = globals()["app"]
    return whole


def __getattr__(name: str) -> Any:
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _whole_app()


def main() -> None:
    """Console-script entry point."""
    if _command_of(sys.argv[1:]) == "generate":
        gc_pause.pause()  # until its engine starts (datalchemy/gc_pause.py)
    single_thread_blas()
    freeze_at_exit()
    app_for(sys.argv[1:])()
