"""How many rows each table of a suggested plan gets.

The leaves (tables no other table references) are the targets: ``rows`` each (an int), or the
count given per table (``{"crm.leads": 500}``; a bare table name works when it is unique).
Resolution then adds the tables they reference with rows sized from their children (see
:mod:`datalchemy.plan.resolve.topology`).

Example:
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> table_rows(DatabaseSchema(engine="sqlite"), 500, 100)
    ({}, 500)
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import UsageError
from datalchemy.plan.resolve.topology import table_edges

__all__ = ["initial_targets", "table_rows"]


def _did_you_mean(key: str, names: list[tuple[str, str]]) -> str:
    """The closest table names to a mistyped ``--rows`` key (difflib's ratio, as Python's own
    "did you mean" does)."""
    qualified = [f"{s}.{t}" for s, t in names]
    candidates = {**{t: f"{s}.{t}" for s, t in names}, **{q: q for q in qualified}}
    close = difflib.get_close_matches(key, list(candidates), n=3, cutoff=0.6)
    found = list(dict.fromkeys(candidates[c] for c in close))
    if found:
        return "did you mean " + " or ".join(found) + "?"
    return (
        "use schema.table; the tables are "
        + ", ".join(qualified[:10])
        + (", ..." if len(qualified) > 10 else "")
    )


def table_rows(
    schema: DatabaseSchema, rows: int | Mapping[str, int], default_rows: int
) -> tuple[dict[str, int], int]:
    """Explicit row counts by ``schema.table`` and the default for the rest.

    Raises:
        UsageError: a ``rows`` entry names no table or several, or a count below 1.
    """
    names = [(s.name, t.name) for s, t in schema.iter_tables() if t.is_generation_target]
    if isinstance(rows, int):
        return {}, rows
    explicit: dict[str, int] = {}
    for key, n in rows.items():
        matches = [f"{s}.{t}" for s, t in names if key in (f"{s}.{t}", t)]
        if len(matches) != 1:
            raise UsageError(
                "unknown_rows_table" if not matches else "ambiguous_rows_table",
                f"--rows {key}={n}: "
                + ("no such table" if not matches else "several tables: " + ", ".join(matches)),
                path=key,
                hint=_did_you_mean(key, names) if not matches else "use schema.table",
            )
        if n <= 0:
            raise UsageError("rows_zero", f"--rows {key}={n}: rows must be at least 1")
        explicit[matches[0]] = n
    return explicit, default_rows


def initial_targets(
    schema: DatabaseSchema, explicit: dict[str, int], default: int
) -> dict[str, int]:
    """Targets of the suggested plan: the explicit counts, and ``default`` for every leaf."""
    tables = {
        f"{s.name}.{t.name}": (s.name, t) for s, t in schema.iter_tables() if t.is_generation_target
    }
    referenced: set[str] = set()
    for name, (sname, table) in tables.items():
        for e in table_edges(sname, table):
            if e.parent != name and e.parent in tables:
                referenced.add(e.parent)
    targets = dict(explicit)
    for name in sorted(tables):
        if name not in referenced and name not in targets:
            targets[name] = default
    if not targets:  # every table is referenced: the schema is made of FK cycles
        targets = dict.fromkeys(sorted(tables), default)
    return targets
