"""Emptying SQLite tables fast (``--mode truncate`` / ``recreate``), then proving nothing broke.

With foreign keys enforced, SQLite deletes a parent row only after searching every child table
for rows that still point at it; a child column without an index (a self-reference, typically)
makes that a full scan per deleted row, so emptying a 1.3 M-row table took more than ten minutes.
The load therefore runs with ``foreign_keys = OFF`` (a connection setting; SQLite ignores it
inside a transaction, so the target sets it before ``BEGIN``). ``DELETE FROM t`` then takes
SQLite's truncate path (a table without triggers is dropped page by page, not row by row), and
the check moves to the end, once, with ``PRAGMA foreign_key_check``: here, for tables outside the
dataset that point at the emptied ones (PostgreSQL's ``TRUNCATE`` refuses those too), and for the
loaded tables before the load commits (:func:`datalchemy.load.sqlite.check_sqlite_foreign_keys`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from datalchemy.engines.sqlite import SQLITE
from datalchemy.errors import ConstraintViolation
from datalchemy.load.dataset import DatasetTable
from datalchemy.load.target import StepProgress

__all__ = ["empty_sqlite_tables"]

_q = SQLITE.quote
Query = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]


def _referencing(query: Query, names: Sequence[str]) -> list[str]:
    """Tables outside ``names`` with a foreign key to one of them (compared case-insensitively,
    as SQLite compares names)."""
    if not names:
        return []
    marks = ", ".join("?" for _ in names)
    lowered = [n.lower() for n in names]
    rows = query(
        "SELECT DISTINCT m.name FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f "
        f"WHERE m.type = 'table' AND lower(f.\"table\") IN ({marks}) "
        f"AND lower(m.name) NOT IN ({marks}) ORDER BY m.name",
        [*lowered, *lowered],
    )
    return [str(r[0]) for r in rows]


def empty_sqlite_tables(
    query: Query, tables: Sequence[DatasetTable], on_step: StepProgress
) -> None:
    """Delete every row of ``tables`` (children first) inside the caller's transaction, then
    raise when a table outside them still references a deleted row.

    Raises:
        ConstraintViolation: ``truncate_breaks_references``, naming the referencing table (the
            caller rolls the transaction back, so nothing was deleted).
    """
    phase = "empty tables"
    ordered = list(reversed(tables))
    for i, t in enumerate(ordered):
        on_step(phase, i, len(ordered))
        query(f"DELETE FROM {_q(t.name)}", ())
    on_step(phase, len(ordered), len(ordered))
    emptied = {t.name.lower() for t in tables}
    for other in _referencing(query, [t.name for t in tables]):
        broken = query(f"PRAGMA foreign_key_check({_q(other)})", ())
        hits = [row for row in broken if str(row[2]).lower() in emptied]
        if hits:
            raise ConstraintViolation(
                "truncate_breaks_references",
                f"{other} is not in the dataset but {len(hits)} of its row(s) reference rows "
                f"the truncate would delete (first: rowid {hits[0][1]} -> {hits[0][2]})",
                path=other,
                hint=f"empty {other} first, or load with --mode append; nothing was deleted",
                constraint=f"{other}->{hits[0][2]}",
            )
