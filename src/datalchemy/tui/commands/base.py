"""What every slash command is made of: a spec, parsed arguments and a context to act through.

A command module declares ``COMMANDS: list[CommandSpec]``. A handler gets a
:class:`CommandContext` (the session, output, approvals, prompts, background tasks) and the
parsed :class:`Args`; it raises :class:`~datalchemy.errors.DatalchemyError` for anything the
user can fix, and the app prints it (redacted) without a traceback.

Approvals follow the original: a command that writes calls :meth:`CommandContext.approved`
before writing. Under ``approval_policy = ask_each_time`` that records the command line (with
the IDs it generated appended, so the approved run uses the same IDs) and returns False; the app
asks y/n and, on ``y``, runs the line again with the approval granted.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from rich.console import RenderableType
from textual.screen import Screen

from datalchemy.errors import UsageError
from datalchemy.tui.session import Session
from datalchemy.tui.workspace import Workspace

__all__ = [
    "Args",
    "CommandContext",
    "CommandSpec",
    "Host",
    "Level",
    "OptionKind",
    "TaskControl",
    "parse_args",
    "split_line",
]

OptionKind = Literal["one", "many", "flag"]
Level = Literal["info", "ok", "warn", "error", "dim"]
R = TypeVar("R")


class TaskControl(Protocol):
    """What a background task sees: cancellation and per-table progress."""

    @property
    def cancelled(self) -> bool: ...

    def progress(self, table: str, done: int, total: int) -> None: ...


class Host(Protocol):
    """What the app offers commands (implemented by :class:`datalchemy.tui.app.DatalchemyApp`)."""

    session: Session

    @property
    def task_running(self) -> bool: ...

    def say(self, message: RenderableType, level: Level = "info") -> None: ...

    def ask_approval(self, reason: str, paths: Sequence[str], line: str) -> None: ...

    def prompt(self, question: str, on_answer: Callable[[str], None], *, secret: bool) -> None: ...

    def start_task(
        self,
        label: str,
        body: Callable[[TaskControl], R],
        on_done: Callable[[R], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        cancellable: bool = False,
        progress_title: str | None = None,
        progress_unit: str = "rows",
    ) -> None: ...

    def show_screen(self, screen: Screen[Any]) -> None: ...

    def refresh_chrome(self) -> None: ...

    def open_path(self, path: Path) -> None: ...

    def run_editor(self, path: Path) -> int: ...

    def quit(self) -> None: ...

    def reset_workspace(self) -> None: ...

    def command_specs(self) -> Sequence[CommandSpec]: ...


@dataclass
class Args:
    positional: list[str] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def one(self, name: str) -> str | None:
        values = self.options.get(name)
        return values[-1] if values else None

    def many(self, name: str) -> list[str]:
        return list(self.options.get(name, []))

    def flag(self, name: str) -> bool:
        return name in self.flags

    def integer(self, name: str, default: int) -> int:
        value = self.one(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise UsageError(
                "bad_option", f"{name} needs a whole number, got {value!r}", hint=f"{name} 100"
            ) from None
        if number < 0:
            raise UsageError("bad_option", f"{name} cannot be negative")
        return number

    def arg(self, index: int) -> str | None:
        return self.positional[index] if index < len(self.positional) else None


def split_line(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as exc:
        raise UsageError("bad_quotes", f"cannot read the command: {exc}") from None


def parse_args(tokens: Sequence[str], options: Mapping[str, OptionKind]) -> Args:
    """Split ``tokens`` into positionals, options (``--x V`` or ``--x=V``) and flags."""
    args = Args()
    it = iter(tokens)
    for token in it:
        if not token.startswith("--"):
            args.positional.append(token)
            continue
        name, eq, inline = token.partition("=")
        kind = options.get(name)
        if kind is None:
            known = ", ".join(options) or "none"
            raise UsageError("unknown_option", f"unknown option {name}", hint=f"options: {known}")
        if kind == "flag":
            args.flags.add(name)
            continue
        value = inline if eq else next(it, None)
        if value is None:
            raise UsageError("missing_value", f"{name} needs a value")
        args.options.setdefault(name, []).append(value)
    return args


Handler = Callable[["CommandContext", Args], None]
Completer = Callable[[Session, list[str]], list[str]]


@dataclass(frozen=True)
class CommandSpec:
    """One slash command: ``name`` (``/plan new``), its usage, help and handler."""

    name: str
    help: str
    group: str
    handler: Handler
    usage: str = ""
    options: Mapping[str, OptionKind] = field(default_factory=dict)
    #: Candidates for the next argument, given the arguments typed so far.
    complete: Completer | None = None
    #: Shown in the palette only when this says so (``/init`` vs ``/reset``).
    visible: Callable[[Session], bool] | None = None
    #: Runs a background task: refused while another task runs.
    long: bool = False

    @property
    def synopsis(self) -> str:
        return f"{self.name} {self.usage}".strip()


@dataclass
class CommandContext:
    host: Host
    line: str
    approved_already: bool = False

    @property
    def session(self) -> Session:
        return self.host.session

    @property
    def ws(self) -> Workspace:
        return self.host.session.ws

    def say(self, message: RenderableType, level: Level = "info") -> None:
        self.host.say(message, level)

    def require_workspace(self) -> None:
        if not self.ws.exists():
            raise UsageError(
                "no_workspace",
                f"there is no workspace at {self.ws.root}",
                hint="create it with /init",
            )

    def approved(
        self,
        reason: str,
        paths: Sequence[str],
        extra: Sequence[str] = (),
        *,
        explore_ok: bool = False,
    ) -> bool:
        """True when the write may go ahead now; else ask (see the module docstring).

        ``explore_ok``: allowed in explore mode too (changing the settings themselves).
        """
        if self.session.settings.mode == "explore" and not explore_ok:
            raise UsageError(
                "explore_mode",
                "explore mode writes nothing",
                hint="/settings set mode readonly_csv (or insert) to allow writes",
            )
        if self.approved_already or self.session.settings.approval_policy == "always_allow":
            return True
        line = " ".join([self.line, *(shlex.quote(x) for x in extra)])
        self.host.ask_approval(reason, paths, line)
        return False
