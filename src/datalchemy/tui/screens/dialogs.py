"""Small modal dialogs: a y/n confirmation and the typed confirmation of /reset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

__all__ = ["ConfirmResetScreen", "ConfirmScreen"]

DIALOG_CSS = """
ConfirmScreen, ConfirmResetScreen { align: center middle; }
#dialog { width: 72; height: auto; border: round $warning; padding: 1 2; background: $surface; }
#dialog Input { margin-top: 1; }
#dialog .hint { color: $text-muted; margin-top: 1; }
"""


class ConfirmScreen(ModalScreen[bool]):
    """``question`` answered with y / n (Esc = n)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "yes"),
        Binding("n", "answer(False)", "no"),
        Binding("escape", "answer(False)", "no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question)
            yield Static("y approve · n / Esc deny", classes="hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ConfirmResetScreen(ModalScreen[None]):
    """Deleting the workspace needs its folder name typed (Esc cancels)."""

    DEFAULT_CSS = DIALOG_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(
        self, root: Path, on_confirm: Callable[[], None], on_cancel: Callable[[], None]
    ) -> None:
        super().__init__()
        self.root = root
        self.on_confirm = on_confirm
        self.on_cancel = on_cancel

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"This will delete: {self.root}")
            yield Label(f"Type the folder name ({self.root.name}) and Enter to confirm.")
            yield Input(placeholder=self.root.name, id="reset-input")
            yield Static("Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.root.name:
            self.dismiss()
            self.on_confirm()
        else:
            self.notify("the name does not match; nothing deleted", severity="warning")
            event.input.value = ""

    def action_cancel(self) -> None:
        self.dismiss()
        self.on_cancel()
