"""The Textual app: one screen of header, log, progress, input, palette and status line.

Every command goes through :meth:`DatalchemyApp.run_line`; long work runs in a thread worker
(:meth:`DatalchemyApp.start_task`) so the screen never freezes; Esc cancels a cancellable task.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import subprocess
import threading
import time
import webbrowser
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from rich.console import Console, RenderableType
from rich.text import Text
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input

from datalchemy import redact_text
from datalchemy.errors import DatalchemyError, Interrupted, UsageError
from datalchemy.runs import utc_now_iso
from datalchemy.tui.commands import ALL_COMMANDS
from datalchemy.tui.commands.base import (
    CommandContext,
    CommandSpec,
    Level,
    TaskControl,
    parse_args,
    split_line,
)
from datalchemy.tui.palette import find_command, groups, palette_entries
from datalchemy.tui.sanitize import sanitize_answer, sanitize_command
from datalchemy.tui.session import Session
from datalchemy.tui.widgets import (
    ApprovalBar,
    CommandInput,
    HeaderBar,
    LogView,
    Palette,
    ProgressPanel,
    StatusLine,
)
from datalchemy.tui.workspace import Workspace

__all__ = ["DatalchemyApp"]

R = TypeVar("R")

CSS = """
HeaderBar { border: round $accent; padding: 0 1; height: auto; }
LogView { height: 1fr; border: none; padding: 0 1; scrollbar-size-vertical: 1; }
ProgressPanel { height: auto; max-height: 14; border: round $secondary; padding: 0 1;
                display: none; }
ProgressPanel Horizontal { height: 1; }
#progress-bars { height: auto; max-height: 12; overflow-y: auto; }
ProgressPanel .table-name { width: 42; }
ProgressPanel .amount { width: 1fr; padding-left: 2; color: $text-muted; }
ApprovalBar { height: auto; border: round $warning; padding: 0 1; display: none; }
CommandInput { border: round $primary; }
Palette { height: auto; max-height: 10; border: none; display: none; padding: 0 1; }
StatusLine { height: 1; padding: 0 1; background: $panel; }
"""


class _Control:
    """The :class:`TaskControl` of one running task."""

    def __init__(self, app: DatalchemyApp, label: str, cancellable: bool) -> None:
        self.app = app
        self.label = label
        self.cancellable = cancellable
        self.event = threading.Event()
        self._last: dict[str, float] = {}

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    def progress(self, table: str, done: int, total: int) -> None:
        # Throttled: a bar moves at most ten times a second, and always at its end.
        now = time.monotonic()
        if done < total and now - self._last.get(table, 0.0) < 0.1:
            return
        self._last[table] = now
        self.app.call_from_thread(self.app.progress_panel.update_table, table, done, total)


class DatalchemyApp(App[None]):
    """``datalchemy tui``: the guided workspace."""

    TITLE = "datalchemy"
    CSS = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit_app", "quit", priority=True, show=False),
        Binding("escape", "escape", "back", show=False),
        # Priority, so they win over the screen's Tab (focus) while the palette is open; when
        # it is not, check_action disables them and the keys do what they usually do.
        Binding("tab", "complete", "complete", show=False, priority=True),
        Binding("up", "palette_move(-1)", show=False, priority=True),
        Binding("down", "palette_move(1)", show=False, priority=True),
        Binding("pageup", "scroll_log(-5)", show=False),
        Binding("pagedown", "scroll_log(5)", show=False),
    ]

    def __init__(self, workspace: Path, *, cwd: Path | None = None) -> None:
        super().__init__()
        self.session = Session(Workspace(workspace), cwd=cwd or Path.cwd())
        self.specs: list[CommandSpec] = list(ALL_COMMANDS)
        self._current_task: _Control | None = None
        self._pending: tuple[str, str] | None = None  # (reason, command line)
        self._prompt: tuple[str, Callable[[str], None], bool] | None = None
        #: Opens files and URLs (replaced in tests).
        self.opener: Callable[[str], object] = webbrowser.open

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        yield LogView()
        yield ProgressPanel()
        yield ApprovalBar(id="approval")
        yield CommandInput()
        yield Palette()
        yield StatusLine()

    @property
    def log_view(self) -> LogView:
        return self.query_one(LogView)

    @property
    def progress_panel(self) -> ProgressPanel:
        return self.query_one(ProgressPanel)

    @property
    def status_line(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def command_input(self) -> CommandInput:
        return self.query_one(CommandInput)

    @property
    def palette(self) -> Palette:
        return self.query_one(Palette)

    def on_mount(self) -> None:
        self.set_interval(0.1, self.status_line.tick)
        try:
            self.session.load()
        except DatalchemyError as exc:
            self.say_error(exc)
        self.refresh_chrome()
        self.command_input.focus()
        if not self.session.ws.exists() or self.session.profile is None:
            self.start_wizard()
        else:
            self.say("Workspace loaded. Type /help to see commands.", "ok")

    def start_wizard(self) -> None:
        from datalchemy.tui.screens.wizard import WizardScreen

        def finished(done: bool | None) -> None:
            if not done:
                self.exit()
                return
            self.refresh_chrome()
            self.say("Setup complete. Type /help to see commands.", "ok")
            self.command_input.focus()

        self.push_screen(WizardScreen(self.session, self.say), finished)

    def refresh_chrome(self) -> None:
        session = self.session
        label = session.profile_label()
        self.query_one(HeaderBar).show(str(session.ws.root), label, session.settings.mode)
        self.status_line.context = f"mode: {session.settings.mode} · profile: {label}"
        self.status_line.render_status()

    # -- output --------------------------------------------------------------------------------

    def say(self, message: RenderableType, level: Level = "info") -> None:
        self.log_view.add(message, level)
        self._log_to_file(message, level)

    def say_error(self, exc: BaseException) -> None:
        if isinstance(exc, Interrupted):
            self.say(f"cancelled: {exc.message}", "warn")
            return
        if not isinstance(exc, DatalchemyError):
            exc = DatalchemyError(
                "internal_error",
                f"unexpected {type(exc).__name__}: {exc}",
                hint="this is a bug in datalchemy; please report it",
            )
        self.say(f"error {exc.code}: {exc.message}", "error")
        if exc.path:
            self.say(f"  at: {exc.path}", "dim")
        if exc.hint:
            self.say(f"  hint: {exc.hint}", "dim")

    def _log_to_file(self, message: RenderableType, level: str) -> None:
        path = self.session.ws.log_path
        if not path.parent.is_dir():
            return
        text = render_text(message).rstrip()
        lines = "".join(f"{utc_now_iso()} {level:<5} {line}\n" for line in text.splitlines())
        with contextlib.suppress(OSError), path.open("a", encoding="utf-8") as fh:
            fh.write(redact_text(lines))

    # -- input, palette, keys ------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self.command_input:
            return
        entries = [] if self._prompt else palette_entries(self.specs, self.session, event.value)
        self.palette.fill(entries)
        self.palette.display = bool(entries)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is not self.command_input:
            return
        value = event.value
        if self._prompt is not None:
            question, answer, secret = self._prompt
            self._end_prompt()
            shown = "<redacted>" if secret else sanitize_answer(value)
            self.say(f"► {question} {shown}" if value else f"► {question}", "dim")
            self._guard(lambda: answer(value.strip()))
            return
        selected = self.palette.selected if self.palette.display else None
        if selected and selected != value and selected.startswith(value.rstrip()):
            value = selected
        self.command_input.value = ""
        if value.strip():
            self.run_line(value.strip())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("complete", "palette_move"):
            main = self.screen is self.screen_stack[0]
            return main and self.palette.display and not self._prompt
        return True

    def action_complete(self) -> None:
        selected = self.palette.selected if self.palette.display else None
        if selected:
            words_follow = any(s.name == selected and s.usage for s in self.specs)
            self.command_input.value = selected + (" " if words_follow else "")
            self.command_input.cursor_position = len(self.command_input.value)

    def action_palette_move(self, step: int) -> None:
        if self.palette.display and self.palette.option_count:
            current = self.palette.highlighted or 0
            self.palette.highlighted = (current + step) % self.palette.option_count

    def action_scroll_log(self, lines: int) -> None:
        self.log_view.scroll_relative(y=lines, animate=False)

    def action_escape(self) -> None:
        if self._current_task is not None:
            if self._current_task.cancellable:
                self._current_task.event.set()
                self.status_line.running = f"cancelling: {self._current_task.label}"
                self.say("cancelling...", "warn")
            else:
                self.say("this task cannot be cancelled; it ends on its own", "warn")
            return
        if self._prompt is not None:
            self._end_prompt()
            self.say("cancelled.", "dim")
            return
        self.command_input.value = ""

    def action_quit_app(self) -> None:
        if self._current_task is not None:
            self._current_task.event.set()
        self.exit()

    # -- commands ------------------------------------------------------------------------------

    def command_specs(self) -> Sequence[CommandSpec]:
        return self.specs

    def run_line(self, line: str, *, approved: bool = False) -> None:
        """Execute one command line (echoed sanitized unless re-run after an approval)."""
        if not approved:
            self.say(f"► {sanitize_command(line)}", "dim")
        self._guard(lambda: self._dispatch(line, approved))

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except DatalchemyError as exc:
            self.say_error(exc)
        except Exception as exc:  # a bug: say so, keep the app alive
            self.say_error(exc)

    def _dispatch(self, line: str, approved: bool) -> None:
        if not line.startswith("/"):
            raise UsageError("unknown_command", "unknown command", hint="type /help")
        tokens = split_line(line)
        found = find_command(self.specs, tokens)
        if found is None:
            if tokens[0] in groups(self.specs):
                subs = [s.synopsis for s in self.specs if s.name.split()[0] == tokens[0]]
                raise UsageError(
                    "missing_subcommand", f"{tokens[0]} needs a subcommand", hint=" | ".join(subs)
                )
            raise UsageError("unknown_command", f"unknown command {tokens[0]}", hint="type /help")
        spec, used = found
        if spec.long and self._current_task is not None:
            raise UsageError(
                "task_running",
                f"{self._current_task.label} is still running",
                hint="wait for it, or press Esc to cancel it",
            )
        args = parse_args(tokens[used:], spec.options)
        spec.handler(CommandContext(self, line, approved_already=approved), args)

    # -- approvals and prompts -----------------------------------------------------------------

    def ask_approval(self, reason: str, paths: Sequence[str], line: str) -> None:
        self._pending = (reason, line)
        self.status_line.approval = reason
        self.status_line.render_status()
        self.query_one(ApprovalBar).ask(reason, list(paths))

    def on_approval_bar_answered(self, event: ApprovalBar.Answered) -> None:
        pending, self._pending = self._pending, None
        self.status_line.approval = None
        self.status_line.render_status()
        self.command_input.focus()
        if pending is None:
            return
        if event.approved:
            self.say("approved.", "ok")
            self.run_line(pending[1], approved=True)
        else:
            self.say("approval denied.", "warn")

    def prompt(self, question: str, on_answer: Callable[[str], None], *, secret: bool) -> None:
        self._prompt = (question, on_answer, secret)
        self.command_input.password = secret
        self.command_input.placeholder = question
        self.palette.display = False
        self.say(question)
        self.command_input.focus()

    def _end_prompt(self) -> None:
        self._prompt = None
        self.command_input.password = False
        self.command_input.value = ""
        self.command_input.placeholder = "Type / for commands (Tab completes, Esc clears)"

    # -- background tasks ----------------------------------------------------------------------

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
    ) -> None:
        if self._current_task is not None:
            raise UsageError("task_running", f"{self._current_task.label} is still running")
        if progress_title:
            self.progress_panel.start(progress_title, progress_unit)
        control = _Control(self, label, cancellable)
        self._current_task = control
        self.status_line.running = label + ("  (Esc cancels)" if cancellable else "")
        self.status_line.render_status()

        def work() -> None:
            try:
                result = body(control)
            except BaseException as exc:
                report = on_error or self.say_error
                self.call_from_thread(self._task_ended, partial(report, exc))
            else:
                self.call_from_thread(self._task_ended, partial(on_done, result))

        self.run_worker(work, thread=True, group="tasks", exit_on_error=False, name=label)

    def _task_ended(self, then: Callable[[], None]) -> None:
        self._current_task = None
        self.status_line.running = None
        self.status_line.render_status()
        self.progress_panel.stop()
        self._guard(then)
        self.refresh_chrome()

    @property
    def task_running(self) -> bool:
        return self._current_task is not None

    # -- screens, files, editor ----------------------------------------------------------------

    def show_screen(self, screen: Screen[Any]) -> None:
        self.push_screen(screen)

    def open_path(self, path: Path) -> None:
        self.opener(path.resolve().as_uri())

    def run_editor(self, path: Path) -> int:
        """Edit ``path`` in ``$VISUAL`` / ``$EDITOR`` (else nano, else vi); the exit status."""
        wanted = [os.environ.get("VISUAL"), os.environ.get("EDITOR"), "nano", "vi"]
        command: list[str] | None = None
        for editor in filter(None, wanted):
            words = shlex.split(editor)
            if words and shutil.which(words[0]):
                command = [*words, str(path)]
                break
        if command is None:
            raise UsageError("editor_not_found", "no editor found", hint="set $EDITOR")
        try:
            with self.suspend():
                return subprocess.call(command)
        except SuspendNotSupported:  # no terminal to hand over (headless): run it directly
            return subprocess.call(command, stdin=subprocess.DEVNULL)

    def quit(self) -> None:
        self.exit()

    def reset_workspace(self) -> None:
        self.session.ws.delete()
        self.session.connection = None
        self.session.load()
        self.log_view.clear()
        self.refresh_chrome()
        self.start_wizard()


def render_text(message: RenderableType) -> str:
    """Plain text of a renderable (for tests and the log file)."""
    if isinstance(message, str):
        return message
    if isinstance(message, Text):
        return message.plain
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(message)
    return str(console.file.getvalue())  # type: ignore[attr-defined]
