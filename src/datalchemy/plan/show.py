"""Rich rendering of a resolved plan: one table per generated table, and the issues.

Each table lists its columns with the generator (or ``→ fk`` for a foreign key, ``= value`` for a
constant, ``(not written)`` for a generated column), a short params summary, the NULL rate and
the reason, followed by the foreign keys, composite keys and CHECKs that apply.

Example:
    >>> from rich.console import Console
    >>> from datalchemy.contracts.common import Issue
    >>> issue = Issue(severity="error", code="rows_zero", path="/targets/0/rows",
    ...               message="crm.leads: rows must be at least 1", hint="remove the target")
    >>> Console(width=80, no_color=True).print(render_issues([issue]))
    error rows_zero  /targets/0/rows
      crm.leads: rows must be at least 1
      hint: remove the target
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from datalchemy.contracts.common import Issue
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedPlan, ResolvedTable

__all__ = ["params_summary", "render_issues", "render_resolved", "render_table"]

_MAX_PARAMS = 60
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def params_summary(params: dict[str, Any], limit: int = _MAX_PARAMS) -> str:
    """``{"min": 0, "max": 100}`` as ``min=0 max=100``, cut at ``limit`` characters.

    Example:
        >>> params_summary({"min": 0, "max": 100, "input_columns": ["a"]})
        'min=0 max=100 input_columns=["a"]'
    """
    parts = []
    for key, value in params.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}={text}")
    out = " ".join(parts)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _what(c: ResolvedColumn) -> str:
    if c.action == "generate":
        return c.generator or ""
    if c.action == "foreign_key":
        return f"→ {c.foreign_key}"
    if c.action == "constant":
        return f"= {json.dumps(c.value, ensure_ascii=False, default=str)}"
    return "(not written)"


def render_table(t: ResolvedTable) -> RenderableType:
    """One resolved table as a rich table plus its keys and checks."""
    origin = "target" if not t.auto_added else f"added: {t.rows_reason}"
    grid = Table(
        title=f"[bold]{escape(t.qualified_name)}[/] — {t.rows} rows ({escape(origin)})",
        title_justify="left",
        expand=False,
    )
    grid.add_column("column", style="bold")
    grid.add_column("generator / value", no_wrap=True)
    grid.add_column("params", overflow="fold")
    grid.add_column("null", justify="right")
    grid.add_column("reason")
    for c in t.columns:
        flags = " [dim](unique)[/]" if c.unique else ""
        grid.add_row(
            escape(c.name) + flags,
            escape(_what(c)),
            escape(params_summary(c.params)),
            f"{c.null_rate:.0%}" if c.null_rate else "",
            escape(f"{c.reason}: {c.explanation}" if c.explanation else c.reason),
        )
    notes: list[RenderableType] = [grid]
    for fk in t.foreign_keys:
        extra = []
        if fk.one_to_one:
            extra.append("one-to-one")
        if fk.self_reference:
            extra.append("self-reference")
        if fk.deferred:
            extra.append(
                "deferred (fix-up after the cycle)"
                if fk.nullable
                else "filled after (checked once the cycle is loaded)"
            )
        if fk.null_rate:
            extra.append(f"{fk.null_rate:.0%} NULL")
        if fk.cardinality.distribution != "uniform":
            extra.append(f"{fk.cardinality.distribution} children per parent")
        text = f"  FK {fk.key}: ({', '.join(fk.columns)}) → {fk.parent}"
        notes.append(Text(text + (f" [{', '.join(extra)}]" if extra else ""), style="dim"))
    for u in t.uniques:
        kind = "PRIMARY KEY" if u.primary else "UNIQUE"
        notes.append(Text(f"  {kind} {u.name or ''} ({', '.join(u.columns)})", style="dim"))
    for ch in t.checks:
        notes.append(Text(f"  CHECK {ch.name or ch.expression}: {ch.strategy}", style="dim"))
    return Group(*notes)


def render_resolved(resolved: ResolvedPlan) -> list[RenderableType]:
    """Every table of a resolved plan, in generation order, then its warnings.

    Example:
        >>> import io
        >>> from rich.console import Console
        >>> from datalchemy import create_fixture, introspect, resolve_plan
        >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
        >>> schema = introspect("sqlite://car_rental.db").schema
        >>> resolved = resolve_plan({"plan_version": "0.3", "seed": 1,
        ...     "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
        ...     "targets": [{"schema": "main", "table": "marcas", "rows": 5}]}, schema)
        >>> console = Console(width=100, record=True, file=io.StringIO())
        >>> console.print(*render_resolved(resolved))
        >>> for line in console.export_text().splitlines()[:2]:
        ...     print(line.rstrip())
        seed 1 · base date 2024-01-01 · locale en_US · 1 tables, 5 rows
        main.marcas — 5 rows (target)
    """
    total = sum(t.rows for t in resolved.tables)
    head = Text(
        f"seed {resolved.seed} · base date {resolved.base_date} · locale {resolved.locale} · "
        f"{len(resolved.tables)} tables, {total} rows",
        style="bold",
    )
    out: list[RenderableType] = [head]
    out += [render_table(t) for t in resolved.tables]
    if resolved.warnings:
        out.append(render_issues(resolved.warnings))
    return out


def render_issues(issues: list[Issue]) -> RenderableType:
    """Issues, one block each: severity, code and path, then the message and the hint."""
    lines: list[RenderableType] = []
    for i in issues:
        head = Text()
        head.append(i.severity, style=_STYLE.get(i.severity, ""))
        head.append(f" {i.code}", style="bold")
        if i.path:
            head.append(f"  {i.path}", style="dim")
        lines.append(head)
        lines.append(Text("  " + i.message))
        if i.hint:
            lines.append(Text("  hint: " + i.hint, style="dim"))
    return Group(*lines)
