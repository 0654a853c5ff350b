"""How every command reports: a rich summary for people, ``--json`` for machines, coded errors.

A command body returns a :class:`CommandResult`; :func:`run_command` prints it, or turns an error
into a message without a traceback (unless ``--debug``) and the error's exit code.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from datalchemy.db.urls import redact_text
from datalchemy.errors import DatalchemyError, Interrupted
from datalchemy.interrupts import StopRequest, stop_on_signals
from datalchemy.runs import Terminated, redact_value

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

__all__ = ["CommandResult", "console", "err_console", "run_command", "state"]


# The consoles are made on first use: a --json run never imports rich (about 0.03 CPU-s).
@functools.cache
def console() -> Console:
    """The console of results (stdout)."""
    from rich.console import Console

    return Console()


@functools.cache
def err_console() -> Console:
    """The console of errors and progress (stderr)."""
    from rich.console import Console

    return Console(stderr=True)


@dataclass
class _State:
    debug: bool = field(default_factory=lambda: os.environ.get("DATALCHEMY_DEBUG") == "1")


state = _State()


@dataclass
class CommandResult:
    """What a command produced: ``data`` for ``--json``, ``render`` for people (or a function
    that builds it, only called when people read it)."""

    data: dict[str, Any]
    render: list[RenderableType] | Callable[[], list[RenderableType]] = field(default_factory=list)


def _print_json(payload: dict[str, Any]) -> None:
    text = json.dumps(redact_value(payload), indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _stopped(signal: str | None, default: str) -> Interrupted:
    name = signal or default
    who = "interrupted by the user (SIGINT)" if name == "SIGINT" else f"stopped by {name}"
    return Interrupted("interrupted", who)


def run_command(command: str, json_output: bool, body: Callable[[], CommandResult]) -> None:
    """Run ``body`` and report its result or error; exits with the error's code on failure.

    SIGINT and SIGTERM stop the command wherever it is (:mod:`datalchemy.interrupts`): exit 130
    with a coded ``interrupted`` error, whatever error the stopped driver raised first.
    """
    with stop_on_signals() as stop:
        _run(command, json_output, body, stop)


def _run(
    command: str, json_output: bool, body: Callable[[], CommandResult], stop: StopRequest
) -> None:
    try:
        result = body()
    except (KeyboardInterrupt, Terminated) as exc:
        default = "SIGINT" if isinstance(exc, KeyboardInterrupt) else "SIGTERM"
        stopped = _stopped(stop.signal, default)
        _report_error(command, json_output, stopped)
        raise typer.Exit(stopped.exit_code) from None
    except DatalchemyError as exc:
        if stop.signal and not isinstance(exc, Interrupted):  # the driver's side of the stop
            exc = _stopped(stop.signal, "SIGINT")
        _report_error(command, json_output, exc)
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:  # a bug: say so plainly, traceback only with --debug
        if stop.signal:
            stopped = _stopped(stop.signal, "SIGINT")
            _report_error(command, json_output, stopped)
            raise typer.Exit(stopped.exit_code) from None
        internal = DatalchemyError(
            "internal_error",
            f"unexpected {type(exc).__name__}: {exc}",
            hint="this is a bug in datalchemy; rerun with --debug and report the traceback",
        )
        if state.debug:
            err_console().print(redact_text(traceback.format_exc()), markup=False, highlight=False)
        _report_error(command, json_output, internal)
        raise typer.Exit(internal.exit_code) from None
    if json_output:
        _print_json({"status": "ok", "command": command, **result.data})
    else:
        items = result.render() if callable(result.render) else result.render
        for item in items:
            console().print(item)


def _report_error(command: str, json_output: bool, exc: DatalchemyError) -> None:
    if state.debug and exc.__traceback__ is not None:
        err_console().print(redact_text(traceback.format_exc()), markup=False, highlight=False)
    if json_output:
        payload: dict[str, Any] = {"status": "error", "command": command, "error": exc.to_dict()}
        issues = getattr(exc, "issues", None)
        if issues:
            payload["issues"] = [i.model_dump() if hasattr(i, "model_dump") else i for i in issues]
        _print_json(payload)
        return
    from rich.markup import escape

    err = err_console()
    message = escape(redact_text(exc.message))
    err.print(f"[bold red]error[/] [red]{escape(exc.code)}[/]: {message}")
    if exc.path:
        err.print(f"  [dim]at:[/] {escape(redact_text(exc.path))}")
    if exc.hint:
        err.print(f"  [dim]hint:[/] {escape(redact_text(exc.hint))}")
