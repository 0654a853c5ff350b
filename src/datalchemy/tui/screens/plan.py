"""The plan screen: every column's generator and why it was chosen, editable in place.

Rows come from the resolved plan (``resolve_plan``), whose columns carry the reason
(``rule``, ``check_domain``, ``name_heuristic``, ``foreign_key``...) and an explanation. Enter
(or ``e``) on a row edits that column's rule: generator ID, params (JSON) and NULL rate; the
edited plan is validated before it is written, and the table is rebuilt from the new resolution.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from datalchemy import Plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.errors import DatalchemyError, UsageError
from datalchemy.tui.plan_edit import parse_params, set_column_rule, summarize

__all__ = ["ColumnEdit", "EditColumnScreen", "PlanScreen"]

_ACTION_STYLE = {"generate": "", "foreign_key": "cyan", "constant": "magenta", "omit": "dim"}


@dataclass(frozen=True)
class ColumnEdit:
    generator: str
    params: str
    null_rate: str


class EditColumnScreen(ModalScreen[ColumnEdit | None]):
    """Generator ID, params and NULL rate of one column."""

    DEFAULT_CSS = """
    EditColumnScreen { align: center middle; }
    #edit { width: 90; height: auto; border: round $accent; padding: 1 2; background: $surface; }
    #edit Input { margin-bottom: 1; }
    #edit-error { color: $error; }
    #edit-buttons { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, column: str, current: ColumnEdit, suggestions: list[str]) -> None:
        super().__init__()
        self.column = column
        self.current = current
        self.suggestions = suggestions

    def compose(self) -> ComposeResult:
        from textual.suggester import SuggestFromList

        with Vertical(id="edit"):
            yield Label(Text.assemble(("Edit ", "bold"), self.column))
            yield Label("generator ID")
            yield Input(
                self.current.generator,
                id="generator",
                suggester=SuggestFromList(self.suggestions, case_sensitive=True),
            )
            yield Label('params (JSON object, e.g. {"min": 0, "max": 100}; empty for none)')
            yield Input(self.current.params, id="params")
            yield Label("NULL rate (0..1; empty for the default)")
            yield Input(self.current.null_rate, id="null-rate")
            yield Static("", id="edit-error")
            with Horizontal(id="edit-buttons"):
                yield Button("Save (writes plan.json)", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#generator", Input).focus()

    def show_error(self, message: str) -> None:
        self.query_one("#edit-error", Static).update(message)

    def _value(self) -> ColumnEdit:
        return ColumnEdit(
            self.query_one("#generator", Input).value,
            self.query_one("#params", Input).value,
            self.query_one("#null-rate", Input).value,
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.dismiss(self._value())
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(self._value())

    def action_cancel(self) -> None:
        self.dismiss(None)


class PlanScreen(Screen[None]):
    """The columns of a resolved plan; Enter edits the selected one."""

    DEFAULT_CSS = """
    #plan-head { height: auto; padding: 0 1; border: round $accent; }
    #plan-table { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "back"),
        Binding("e", "edit", "edit column"),
    ]

    def __init__(
        self,
        plan_id: str,
        plan: Plan,
        resolved: ResolvedPlan,
        save: Callable[[Plan], ResolvedPlan],
        confirm_writes: bool,
        notes: dict[tuple[str, str], dict[str, Any]] | None = None,
    ) -> None:
        """``notes``: ``/plan new``'s explanation per (table, column) (``notes.json``)."""
        super().__init__()
        self.notes = notes or {}
        self.plan_id = plan_id
        self.plan = plan
        self.resolved = resolved
        self.save = save
        self.confirm_writes = confirm_writes
        self.keys: list[tuple[str, str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static(id="plan-head")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("table", "column", "action", "generator", "why", "null", "params")
        self.refill()
        table.focus()

    def refill(self) -> None:
        summary = summarize(self.plan)
        head = Text.assemble(
            ("PLAN ", "bold"),
            self.plan_id,
            ("   seed ", "dim"),
            str(self.plan.seed),
            ("   locale ", "dim"),
            self.resolved.locale,
            ("   base date ", "dim"),
            self.resolved.base_date.isoformat(),
            "\n",
            (
                f"{summary.tables} tables, {summary.generator_rules} generator rules, "
                f"{summary.rows_total:,} rows requested",
                "dim",
            ),
            ("   Enter/e edit the selected column · Esc back", "dim"),
        )
        self.query_one("#plan-head", Static).update(head)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.keys = []
        for t in self.resolved.tables:
            for c in t.columns:
                params = json.dumps(c.params, ensure_ascii=False) if c.params else ""
                why = self._why(t.qualified_name, c.name, c.reason, c.explanation, c.generator)
                table.add_row(
                    f"{t.qualified_name} ({t.rows})",
                    c.name,
                    Text(c.action, style=_ACTION_STYLE.get(c.action, "")),
                    c.generator or (repr(c.value) if c.action == "constant" else ""),
                    why[:90],
                    f"{c.null_rate:g}" if c.null_rate else "",
                    params[:60],
                )
                self.keys.append((t.schema_name, t.table, c.name))
        if self.keys:
            table.move_cursor(row=min(row, len(self.keys) - 1))

    def _why(
        self, table: str, column: str, reason: str, explanation: str, generator: str | None
    ) -> str:
        # A suggested rule resolves as "rule"; the suggestion's own reason says why it was
        # chosen, as long as the rule still uses the generator that was suggested.
        note = self.notes.get((table, column))
        if reason == "rule" and note and note.get("generator") == generator:
            return f"{note.get('reason')}: {note.get('why')}"
        return reason + (f": {explanation}" if explanation else "")

    def action_close(self) -> None:
        self.dismiss()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()  # Enter on a row

    def action_edit(self) -> None:
        table = self.query_one(DataTable)
        if not self.keys:
            return
        schema_name, table_name, column = self.keys[table.cursor_row]
        col = self.resolved.table(f"{schema_name}.{table_name}").column(column)
        current = ColumnEdit(
            col.generator or "",
            json.dumps(col.params, ensure_ascii=False) if col.params else "",
            f"{col.null_rate:g}" if col.null_rate else "",
        )
        suggestions = _generator_ids()

        def edited(change: ColumnEdit | None) -> None:
            if change is not None:
                self._apply(schema_name, table_name, column, change)

        title = f"{schema_name}.{table_name}.{column}"
        self.app.push_screen(EditColumnScreen(title, current, suggestions), edited)

    def _apply(self, schema_name: str, table: str, column: str, change: ColumnEdit) -> None:
        try:
            null_rate = float(change.null_rate) if change.null_rate.strip() else None
        except ValueError:
            self.notify(f"NULL rate {change.null_rate!r} is not a number", severity="error")
            return
        try:
            edited = set_column_rule(
                self.plan,
                schema_name,
                table,
                column,
                change.generator,
                parse_params(change.params),
                null_rate,
            )
        except (DatalchemyError, ValueError) as exc:
            self.notify(str(getattr(exc, "message", exc)), severity="error")
            return

        def write(ok: bool | None = True) -> None:
            if not ok:
                self.notify("approval denied: plan.json unchanged", severity="warning")
                return
            try:
                self.resolved = self.save(edited)
            except DatalchemyError as exc:
                self.notify(f"{exc.code}: {exc.message}", severity="error", timeout=8)
                return
            self.plan = edited
            self.refill()
            self.notify(f"{schema_name}.{table}.{column} -> {change.generator}; plan.json written")

        if self.confirm_writes:
            from datalchemy.tui.screens.dialogs import ConfirmScreen

            self.app.push_screen(ConfirmScreen(f"Write plans/{self.plan_id}/plan.json?"), write)
        else:
            write()


def _generator_ids() -> list[str]:
    try:
        from datalchemy.generators.registry import all_generators

        return sorted(g.id for g in all_generators())
    except (ImportError, AttributeError, UsageError):  # suggestions are a convenience only
        return []
