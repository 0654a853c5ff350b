"""The setup wizard, shown when the workspace or an active profile is missing.

Welcome (Enter) → "Create workspace here? (y/n)" → profile name → connection string (parsed:
postgres / postgresql / sqlite / odbc) → connect and list schemas → pick one (Up/Down + Enter)
→ introspect it with a spinner → done. Esc goes back one step (on Welcome it quits); a failed
connection or introspection returns to the connection step with the message. The connection
string is masked while typed and kept only in the session's memory; the profile stores its
redacted form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Input, LoadingIndicator, OptionList, Static

from datalchemy import IntrospectionResult, introspect, parse_connection, redact_text
from datalchemy.db.urls import ConnectionInfo
from datalchemy.errors import DatalchemyError
from datalchemy.tui.commands.base import Level
from datalchemy.tui.commands.settings import check_profile_name, save_new_profile
from datalchemy.tui.commands.workspace import init_workspace
from datalchemy.tui.session import Session
from datalchemy.tui.widgets import SecretMask

__all__ = ["WizardScreen"]

Step = Literal["welcome", "confirm", "name", "url", "connecting", "schema", "introspecting"]
_BACK: dict[Step, Step | None] = {
    "welcome": None,
    "confirm": "welcome",
    "name": "welcome",
    "url": "name",
    "connecting": "url",
    "schema": "url",
    "introspecting": "introspecting",  # cannot be cancelled: it ends on its own
}
_NUMBERS: dict[Step, int] = {
    "confirm": 1, "name": 2, "url": 3, "connecting": 4, "schema": 4, "introspecting": 5,
}  # fmt: skip
_DEFAULT_SCHEMA = {"postgres": "public", "sqlite": "main"}


class WizardScreen(Screen[bool]):
    """Dismissed with True when a profile is active and its schema introspected."""

    AUTO_FOCUS = ""  # go() decides what has the focus at each step

    DEFAULT_CSS = """
    WizardScreen { align: center middle; }
    #wizard { width: 84; height: auto; border: round $accent; padding: 1 2; }
    #wizard-title { text-align: center; text-style: bold; margin-bottom: 1; }
    #wizard-body { margin-bottom: 1; }
    #wizard-error { color: $error; }
    #wizard-schemas { height: auto; max-height: 12; }
    #wizard-spinner { height: 3; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "back"),
        Binding("enter", "enter", "next", show=False),
        Binding("y,Y,s,S", "answer(True)", show=False),
        Binding("n,N", "answer(False)", show=False),
    ]

    def __init__(self, session: Session, say: Callable[[str, Level], None]) -> None:
        super().__init__()
        self.session = session
        self.say = say
        self.step: Step = "welcome"
        self.profile_name = ""
        self.info: ConnectionInfo | None = None
        self.url = ""
        self._attempt = 0  # results of an abandoned connection attempt are ignored

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="wizard"):
            yield Static(id="wizard-title")
            yield Static(id="wizard-body")
            yield Input(id="wizard-input", highlighter=SecretMask())
            yield OptionList(id="wizard-schemas")
            yield LoadingIndicator(id="wizard-spinner")
            yield Static(id="wizard-error")

    def on_mount(self) -> None:
        self.go("welcome")

    # -- steps ---------------------------------------------------------------------------------

    def go(self, step: Step, error: str = "") -> None:
        self.step = step
        title, body = self._texts(step)
        self.query_one("#wizard-title", Static).update(title)
        self.query_one("#wizard-body", Static).update(body)
        self.query_one("#wizard-error", Static).update(Text(redact_text(error)))
        field = self.query_one("#wizard-input", Input)
        field.display = step in ("name", "url")
        field.value = self.profile_name if step == "name" else ""
        field.placeholder = {
            "name": "e.g. local",
            "url": "postgresql://user:pass@host:5432/db or sqlite:///path/to.db",
        }.get(step, "")
        self.query_one("#wizard-schemas", OptionList).display = step == "schema"
        self.query_one("#wizard-spinner", LoadingIndicator).display = step in (
            "connecting",
            "introspecting",
        )
        if step in ("name", "url"):
            field.focus()
        elif step == "schema":
            self.query_one("#wizard-schemas", OptionList).focus()
        else:
            self.set_focus(None)

    def _texts(self, step: Step) -> tuple[Text, Text]:
        root = self.session.ws.root
        texts: dict[Step, tuple[str, str]] = {
            "welcome": (
                "✨ Datalchemy ✨",
                "Turn your database schema into gold.\n\nPress [Enter] to start · [Esc] to quit",
            ),
            "confirm": ("Workspace", f"Create workspace here? (y/n)\n\n  {root}"),
            "name": ("Profile", "Profile name (letters, digits, - and _), then Enter."),
            "url": (
                "Connection",
                f"Database connection string for profile {self.profile_name!r} "
                "(postgresql://, sqlite:///, odbc://).\nThe password is never saved.",
            ),
            "connecting": ("Connecting", "Connecting and listing schemas..."),
            "schema": ("Schema", "Pick the schema to work on (Up/Down, Enter)."),
            "introspecting": ("Introspecting", "Reading the schema's structure..."),
        }
        title, body = texts[step]
        hint = "" if step in ("welcome", "introspecting") else "\n[Esc] back"
        number = _NUMBERS.get(step)
        shown = f"{title}  ·  step {number} of {max(_NUMBERS.values())}" if number else title
        return Text(shown), Text(body + hint)

    # -- keys ----------------------------------------------------------------------------------

    def action_back(self) -> None:
        target = _BACK[self.step]
        if target is None:
            self.dismiss(False)
        elif target != self.step:
            self._attempt += 1
            if target == "welcome" and self.step == "name" and not self.session.ws.exists():
                target = "confirm"
            self.go(target)

    def action_enter(self) -> None:
        if self.step == "welcome":
            self.go("name" if self.session.ws.exists() else "confirm")

    def action_answer(self, yes: bool) -> None:
        if self.step != "confirm":
            return
        if not yes:
            self.go("welcome", "Nothing was created.")
            return
        try:
            init_workspace(self.session)
        except OSError as exc:
            self.go("confirm", f"cannot create the workspace: {exc.strerror}")
            return
        self.say(f"workspace created at {self.session.ws.root}", "ok")
        self.go("name")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if self.step == "name":
            try:
                self.profile_name = check_profile_name(value)
            except DatalchemyError as exc:
                self.go("name", exc.message)
                return
            self.go("url")
        elif self.step == "url":
            event.input.value = ""
            try:
                self.info = parse_connection(value)
            except DatalchemyError as exc:
                self.go("url", f"{exc.message} ({exc.hint})" if exc.hint else exc.message)
                return
            self.url = value
            self._connect(self.info)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.step != "schema" or self.info is None:
            return
        schema = str(event.option.prompt)
        save_new_profile(self.session, self.profile_name, self.url, [schema])
        self.say(
            f"profile {self.profile_name} saved: {self.info.redacted} (password kept in memory "
            "only)",
            "ok",
        )
        self.go("introspecting")
        info, attempt = self.info, self._attempt

        def work() -> IntrospectionResult:
            return introspect(info, schemas=[schema])

        self._run(work, lambda result: self._introspected(schema, result), attempt)

    # -- background work -----------------------------------------------------------------------

    def _connect(self, info: ConnectionInfo) -> None:
        self.go("connecting")
        self._attempt += 1
        attempt = self._attempt

        def work() -> list[str]:
            found = [s.name for s in introspect(info).schema.schemas]
            return found or [_DEFAULT_SCHEMA.get(info.engine, "public")]

        self._run(work, self._schemas_listed, attempt)

    def _run(
        self, work: Callable[[], object], then: Callable[[object], None], attempt: int
    ) -> None:
        def body() -> None:
            try:
                result = work()
            except Exception as exc:  # any failure goes back to the connection step, shown
                self.app.call_from_thread(self._failed, exc, attempt)
            else:
                self.app.call_from_thread(self._succeeded, then, result, attempt)

        self.run_worker(body, thread=True, group="wizard", exit_on_error=False)

    def _succeeded(self, then: Callable[[object], None], result: object, attempt: int) -> None:
        if attempt == self._attempt:
            then(result)

    def _failed(self, exc: Exception, attempt: int) -> None:
        if attempt != self._attempt:
            return
        if isinstance(exc, DatalchemyError):
            hint = f"\nhint: {exc.hint}" if exc.hint else ""
            message = f"error {exc.code}: {exc.message}{hint}"
        else:
            message = f"unexpected {type(exc).__name__}: {exc}"
        self.go("url", message)

    def _schemas_listed(self, result: object) -> None:
        assert isinstance(result, list)
        schemas = self.query_one("#wizard-schemas", OptionList)
        schemas.clear_options()
        schemas.add_options([str(s) for s in result])
        self.go("schema")
        schemas.highlighted = 0

    def _introspected(self, schema: str, result: object) -> None:
        assert isinstance(result, IntrospectionResult)
        c = result.metrics.counts
        self.say(
            f"schema {schema}: {c.tables} tables, {c.columns} columns, {c.foreign_keys} "
            "FKs. Type /introspect to save it as a run.",
            "ok",
        )
        self.dismiss(True)
