"""The main screen's pieces: header, log, input with secret masking, palette, progress, status."""

from __future__ import annotations

import re
from datetime import datetime
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.highlighter import Highlighter
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, ProgressBar, RichLog, Static

from datalchemy import __version__, redact_text

__all__ = [
    "SPINNER",
    "ApprovalBar",
    "CommandInput",
    "HeaderBar",
    "LogView",
    "Palette",
    "ProgressPanel",
    "SecretMask",
    "StatusLine",
]

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

_URL_AUTH = re.compile(r"[a-zA-Z][\w+.-]*://[^:/@\s]*:(?P<rest>\S*)")
_KV_SECRET = re.compile(
    r"\b[\w.-]*(?:password|passwd|pwd|pass|token|secret|api_?key)\s*=\s*(?P<s>[^\s;&]+)", re.I
)
_SECRET_ARGS = re.compile(r"^\s*/secrets\s+(?:store-session|unlock)\s+(?P<s>.+)$")


class SecretMask(Highlighter):
    """Shows secrets being typed as dots: URL passwords, ``pwd=`` values, passphrases.

    The text keeps its length, so the input's cursor stays where it is.
    """

    def highlight(self, text: Text) -> None:
        plain = text.plain
        chars = list(plain)
        for match in _URL_AUTH.finditer(plain):
            # user:password@host, or a password still being typed (no @ yet): anything after
            # the colon that is not a port number followed by the path.
            rest, start = match.group("rest"), match.start("rest")
            at = rest.rfind("@")
            if at >= 0:
                chars[start : start + at] = "•" * at
            elif not re.fullmatch(r"\d*(/\S*)?", rest):
                chars[start : start + len(rest)] = "•" * len(rest)
        for pattern in (_KV_SECRET, _SECRET_ARGS):
            for match in pattern.finditer(plain):
                start, end = match.span("s")
                chars[start:end] = "•" * (end - start)
        masked = _mask_known("".join(chars))
        if masked != plain:
            text.plain = masked


def _mask_known(text: str) -> str:
    """Dots over every word that still holds a secret registered earlier (typed again)."""
    chars = list(text)
    for match in re.finditer(r"\S+", text):
        probe = re.sub("•+", "***", match.group())  # what is masked already stays as it is
        if redact_text(probe) != probe:
            chars[match.start() : match.end()] = "•" * len(match.group())
    return "".join(chars)


class CommandInput(Input):
    """The input bar: ``> `` prompt, secrets masked while typed."""

    def __init__(self) -> None:
        super().__init__(
            placeholder="Type / for commands (Tab completes, Esc clears)",
            highlighter=SecretMask(),
            id="command-input",
        )


class HeaderBar(Static):
    """Version, workspace and active profile (URL redacted)."""

    def show(self, workspace: str, profile: str, mode: str) -> None:
        title = Text.assemble((">_ Datalchemy", "bold"), f" (v{__version__})")
        lines = Text.assemble(
            ("workspace: ", "dim"),
            workspace,
            ("   mode: ", "dim"),
            mode,
            "\n",
            ("profile: ", "dim"),
            redact_text(profile),
        )
        self.update(Group(title, lines))


class LogView(RichLog):
    """The scrollable log: every line stamped ``[HH:MM:SS]``."""

    STYLES: ClassVar[dict[str, str]] = {
        "info": "",
        "ok": "green",
        "warn": "yellow",
        "error": "bold red",
        "dim": "dim",
    }

    def __init__(self) -> None:
        super().__init__(max_lines=2000, wrap=True, markup=False, highlight=False, id="log")
        self.can_focus = False

    def add(self, message: RenderableType, level: str = "info") -> None:
        if isinstance(message, str):
            stamp = Text(datetime.now().strftime("[%H:%M:%S] "), style="dim")
            line = stamp + Text(redact_text(message), style=self.STYLES.get(level, ""))
            self.write(line, expand=True)
        else:  # tables follow the stamped line that announced them
            self.write(message)


class Palette(OptionList):
    """Commands (or IDs) matching what is typed; shown under the input while it starts with /."""

    def __init__(self) -> None:
        super().__init__(id="palette")
        self.can_focus = False
        self.completions: list[str] = []

    def fill(self, entries: list[tuple[str, str, str]]) -> None:
        """``entries``: (completion, shown command, description)."""
        self.clear_options()
        self.completions = [c for c, _, _ in entries]
        width = min(max((len(shown) for _, shown, _ in entries), default=0), 56)
        for _, shown, description in entries:
            line = Text.assemble((f"{shown:<{width}}", "bold"), "  ", (description, "dim"))
            line.no_wrap, line.overflow = True, "ellipsis"  # one line per entry
            self.add_option(line)
        if entries:
            self.highlighted = 0

    @property
    def selected(self) -> str | None:
        index = self.highlighted
        if index is None or not self.completions:
            return None
        return self.completions[index]


class ProgressPanel(Vertical):
    """One progress bar per table while a task writes them, with the amount done."""

    def __init__(self) -> None:
        super().__init__(id="progress")
        self.bars: dict[str, tuple[ProgressBar, Label]] = {}
        self.unit = "rows"

    def compose(self) -> ComposeResult:
        yield Label("", id="progress-title")
        yield Vertical(id="progress-bars")

    def start(self, title: str, unit: str = "rows") -> None:
        self.query_one("#progress-title", Label).update(title)
        self.query_one("#progress-bars", Vertical).remove_children()
        self.bars.clear()
        self.unit = unit
        self.display = True

    def _amount(self, value: int) -> str:
        if self.unit == "bytes":
            return f"{value / 1e6:,.1f} MB"
        return f"{value:,}"

    def update_table(self, table: str, done: int, total: int) -> None:
        entry = self.bars.get(table)
        if entry is None:
            bar = ProgressBar(total=max(total, 1), show_eta=False)
            count = Label("", classes="amount")
            entry = self.bars[table] = (bar, count)
            row = Horizontal(Label(f"{table:<40.40}", classes="table-name"), bar, count)
            bars = self.query_one("#progress-bars", Vertical)
            bars.mount(row)
            bars.scroll_end(animate=False)
        bar, count = entry
        bar.update(total=max(total, 1), progress=min(done, max(total, 1)))
        count.update(f"{self._amount(done)} / {self._amount(total)} {self.unit}")

    def stop(self) -> None:
        self.display = False


class StatusLine(Static):
    """Tip or running task (with a spinner), mode and profile; approval requests."""

    def __init__(self) -> None:
        super().__init__(id="status")
        self.running: str | None = None
        self.frame = 0
        self.context = ""
        self.approval: str | None = None

    def tick(self) -> None:
        self.frame = (self.frame + 1) % len(SPINNER)
        if self.running:
            self.render_status()

    def render_status(self) -> None:
        if self.approval:
            self.update(
                Text.assemble(
                    ("! APPROVAL REQUIRED: ", "bold yellow"),
                    redact_text(self.approval),
                    ("  press 'y' to confirm, 'n' to deny", "dim"),
                )
            )
        elif self.running:
            self.update(
                Text.assemble(
                    (SPINNER[self.frame] + " ", "bold cyan"),
                    self.running,
                    ("   " + self.context, "dim"),
                )
            )
        else:
            tip = "Tip: / for commands · Tab autocomplete · Esc back/clear   "
            self.update(Text.assemble((tip, "dim"), redact_text(self.context)))


class ApprovalBar(Static, can_focus=True):
    """Takes the keys while a write waits for y/n."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "approve", show=False),
        Binding("Y", "answer(True)", "approve", show=False),
        Binding("n", "answer(False)", "deny", show=False),
        Binding("N", "answer(False)", "deny", show=False),
        Binding("escape", "answer(False)", "deny", show=False),
    ]

    class Answered(Message):
        def __init__(self, approved: bool) -> None:
            super().__init__()
            self.approved = approved

    def ask(self, reason: str, paths: list[str]) -> None:
        shown = "\n".join(f"  writes: {p}" for p in paths[:6])
        self.update(
            Text.assemble(
                ("Approve? ", "bold yellow"),
                redact_text(reason),
                "\n",
                (redact_text(shown), "dim"),
                "\n",
                ("y", "bold"),
                " approve · ",
                ("n", "bold"),
                " / Esc deny",
            )
        )
        self.display = True
        self.focus()

    def action_answer(self, approved: bool) -> None:
        self.display = False
        self.post_message(self.Answered(approved))
