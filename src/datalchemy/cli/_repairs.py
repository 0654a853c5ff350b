"""How the CLI shows repairs: first, before anything else, as a user must read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from datalchemy.contracts.plan import Repair

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["render_repairs"]


def render_repairs(repairs: list[Repair], *, strict_hint: bool = True) -> Table:
    """One row per repair: the problem's code, what was done, where, what was asked, what now."""
    from rich.markup import escape
    from rich.table import Table

    title = f"[bold yellow]{len(repairs)} repair(s)[/]: rules that could not be honoured as written"
    caption = "--strict refuses repairs; `datalchemy plan fix` writes the repaired plan"
    table = Table(
        title=title,
        title_justify="left",
        caption=caption if strict_hint else None,
        caption_justify="left",
    )
    table.add_column("code", no_wrap=True)
    table.add_column("action", no_wrap=True)
    for name in ("where", "asked", "done"):
        table.add_column(name, overflow="fold")
    for r in repairs:
        table.add_row(
            escape(r.code),
            escape(r.action),
            escape(f"{r.target}\n{r.path}"),
            escape(r.asked),
            escape(r.done),
        )
    return table
