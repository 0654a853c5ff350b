"""Foreign keys that a CHECK keeps apart: ``entity0 <> entity1`` between two FKs to one table.

Foreign-key columns are filled by the engine from the parent row it picks, and never regenerated
by retries, so ``a <> b`` between two of them must hold by construction: when both pick the same
parent row, the second one moves to another. Plan resolution marks such a CHECK ``derive``
(:mod:`datalchemy.plan.resolve.row_rules`); :func:`fk_partners` finds the pairs again in the
resolved table, and the engine applies :func:`shift_apart` to a freely picked FK, or
:func:`skip_partner` to an FK placed by a composite key's digits (whose radix it shrinks by one,
so that distinct digits stay distinct).

Example:
    >>> import numpy as np
    >>> shift_apart(np.array([3, 1, -1]), np.array([3, 2, 4]), parents=5).tolist()
    [4, 1, -1]
    >>> skip_partner(np.array([0, 1, 2, 3]), np.array([1, 1, 1, 1])).tolist()
    [0, 2, 3, 4]
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from datalchemy.contracts.resolved import ResolvedTable

__all__ = ["fk_partners", "shift_apart", "skip_partner"]

I64 = npt.NDArray[np.int64]


def fk_partners(rt: ResolvedTable) -> dict[str, str]:
    """FK key -> the FK key a ``derive`` CHECK keeps it apart from (both ways)."""
    by_column = {fk.columns[0]: fk for fk in rt.foreign_keys if len(fk.columns) == 1}
    out: dict[str, str] = {}
    for check in rt.checks:
        if check.strategy != "derive" or not check.verify_sql or len(check.columns) != 2:
            continue
        pair = _not_equal_columns(check.verify_sql)
        if pair is None:
            continue
        a, b = (by_column.get(c) for c in pair)
        if a is None or b is None or a.key == b.key:
            continue
        if a.parent != b.parent or a.parent_columns != b.parent_columns:
            continue
        out.setdefault(a.key, b.key)
        out.setdefault(b.key, a.key)
    return out


def _not_equal_columns(verify_sql: str) -> tuple[str, str] | None:
    """The two columns of a DuckDB ``"a" <> "b"`` (or ``NOT ("a" = "b")``), else None."""
    import sqlglot
    from sqlglot import exp

    try:
        node = sqlglot.parse_one(verify_sql, read="duckdb")
    except sqlglot.errors.SqlglotError:
        return None
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Not) and isinstance(node.this, exp.EQ | exp.Paren):
        inner = node.this.this if isinstance(node.this, exp.Paren) else node.this
        node = exp.NEQ(this=inner.this, expression=inner.expression)
    if not isinstance(node, exp.NEQ | exp.NullSafeNEQ):
        return None
    left, right = node.this, node.expression
    if isinstance(left, exp.Column) and isinstance(right, exp.Column):
        return left.name, right.name
    return None


def shift_apart(parent: I64, other: I64, *, parents: int) -> I64:
    """``parent`` moved to the next parent row where it equals ``other`` (NULLs, -1, stay)."""
    if parents < 2:
        return parent
    clash = (parent == other) & (parent >= 0)
    return np.where(clash, (parent + 1) % parents, parent)


def skip_partner(digit: I64, other: I64) -> I64:
    """Digits in ``[0, n - 1)`` mapped onto ``[0, n)`` without ``other``: injective for a fixed
    ``other``, so siblings under one lead parent keep distinct values (``other`` -1: NULL)."""
    return np.where((other >= 0) & (digit >= other), digit + 1, digit)
