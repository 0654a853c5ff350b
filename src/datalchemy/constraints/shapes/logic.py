"""Shapes of boolean logic: ``AND``, ``OR``, ``NOT``, ``TRUE`` / ``FALSE``, a boolean column.

``AND`` intersects what its parts capture. ``OR`` captures the union of IN lists on one column,
the union of LIKE / ILIKE / regex patterns on one column (one regex), and
``x IS NULL OR <condition on x>`` (``null_ok``); any other ``OR`` is verified (or, when it is a
row rule, derived: see :mod:`datalchemy.constraints.formulas`). ``NOT`` is
pushed down through ``AND`` / ``OR`` (De Morgan) onto comparisons, ``IN``, ``IS [NOT] NULL`` and
``IS [NOT] DISTINCT FROM``.

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> from datalchemy.constraints.analyzer import Analyzer
    >>> from datalchemy.constraints.context import CheckContext
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> an = Analyzer(CheckContext("postgres", date(2024, 1, 1), {"x": TypeFamily.INTEGER}, None))
    >>> capture = an.condition(sqlglot.parse_one("NOT (x = 1 OR x = 2)"))
    >>> capture.exact, capture.domains["x"].forbidden
    (True, [1, 2])
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sqlglot import exp

from datalchemy.constraints.domains import Capture, dedup, only_allowed
from datalchemy.constraints.model import ColumnDomain, Scalar
from datalchemy.constraints.patterns import like_to_regex
from datalchemy.constraints.shapes.comparisons import (
    compare,
    distinct_from,
    in_list,
    quantified,
)
from datalchemy.constraints.tree import (
    FLIP,
    NEGATE_OP,
    comparison_op,
    flatten,
    is_all,
    is_null_test,
    unparen,
    without_negate,
)
from datalchemy.contracts.schema import TypeFamily

if TYPE_CHECKING:
    from datalchemy.constraints.analyzer import Analyzer

__all__ = [
    "any_of",
    "boolean",
    "boolean_column",
    "conjunction",
    "disjunction",
    "negated",
    "negation",
    "null_or",
]


def conjunction(an: Analyzer, node: exp.And) -> Capture:
    """``a AND b AND ...``: every part's capture, intersected."""
    capture = Capture()
    for part in flatten(node, exp.And):
        capture.add(an.condition(part))
    return capture


def disjunction(an: Analyzer, node: exp.Or) -> Capture:
    """``a OR b OR ...``."""
    return any_of(an, flatten(node, exp.Or))


def negation(an: Analyzer, node: exp.Not) -> Capture:
    """``NOT a``."""
    return negated(an, node.this)


def boolean(an: Analyzer, node: exp.Boolean) -> Capture:
    """``TRUE`` (no condition) or ``FALSE`` (no row passes; verified)."""
    return Capture() if node.this else Capture.nothing("the check is always false")


def boolean_column(an: Analyzer, node: exp.Column) -> Capture:
    """A bare boolean column: it must be true."""
    if an.ctx.family(node.name) == TypeFamily.BOOLEAN:
        return Capture.of(ColumnDomain(node.name, allowed=[True]))
    return Capture.nothing()


def any_of(an: Analyzer, parts: list[exp.Expression]) -> Capture:
    """The disjunction of ``parts``."""
    null_cols = {c for c in (is_null_test(p) for p in parts) if c is not None}
    rest = [p for p in parts if is_null_test(p) is None]
    if not rest:
        return Capture.nothing("an OR of IS NULL tests is verified")
    if len(rest) == 1:
        return null_or(null_cols, an.condition(rest[0]))
    captures = [an.condition(p) for p in rest]
    if any(cap.exact and not cap.domains and not cap.orders for cap in captures):
        return Capture()  # a part that is never false (TRUE, x = NULL): so is the OR
    # An OR of equalities / IN lists on one column: the union of the values.
    columns = {c for cap in captures for c in cap.domains}
    if (
        len(columns) == 1
        and all(not cap.orders and len(cap.domains) == 1 for cap in captures)
        and null_cols <= columns
    ):
        (column,) = columns
        doms = [cap.domains[column] for cap in captures]
        exact = all(cap.exact for cap in captures)
        if exact and all(only_allowed(d) for d in doms):
            values: list[Scalar] = []
            for d in doms:
                values.extend(d.allowed or [])
            merged = ColumnDomain(column, allowed=dedup(values), null_ok=bool(null_cols))
            return Capture.of(merged)
        # Each pattern is necessary for its part (SQLite's LIKE: a (?i) regex, verified), so
        # their union is necessary for the OR; exact when every part is.
        union = pattern_union(doms)
        if union is not None:
            dom = ColumnDomain(column, regex=[union], null_ok=bool(null_cols))
            notes = [n for cap in captures for n in cap.notes]
            return Capture.of(dom, exact=exact, note=notes[0] if notes else None)
    return Capture.nothing("an OR of different conditions is verified")


def pattern_union(doms: list[ColumnDomain]) -> str | None:
    """One regex for an OR of LIKE / ILIKE / regex conditions on a column (each a domain with
    one pattern and nothing else), anchored when every part is; None for other domains.

    Example:
        >>> pattern_union([ColumnDomain("u", like=["https://%"]), ColumnDomain("u", like=["/%"])])
        '^(?:(?:https://(?s:.*))|(?:/(?s:.*)))$'
    """
    parts: list[str] = []
    for d in doms:
        patterns = [like_to_regex(p, dotall=True) for p in d.like] + list(d.regex)
        if len(patterns) != 1 or replace(d, like=[], regex=[], sources=[]) != ColumnDomain(
            d.column
        ):
            return None
        parts.append(patterns[0])
    anchored = [_unanchored(p) for p in parts]
    if all(a is not None for a in anchored):
        return "^(?:" + "|".join(a for a in anchored if a is not None) + ")$"
    return "|".join("(?:" + _scoped(p) + ")" for p in parts)


def _unanchored(pattern: str) -> str | None:
    """``^X$`` → ``X`` (``(?i)^X$`` → ``(?i:X)``); None when the pattern is not anchored."""
    flags = ""
    if pattern.startswith("(?i)"):
        flags, pattern = "i", pattern[4:]
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        return None
    body = pattern[1:-1]
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def _scoped(pattern: str) -> str:
    """A global ``(?i)`` prefix as a scoped group, so that patterns can be joined."""
    return f"(?i:{pattern[4:]})" if pattern.startswith("(?i)") else pattern


def null_or(null_cols: set[str], capture: Capture) -> Capture:
    """``a IS NULL [OR b IS NULL] OR <capture>``."""
    if not null_cols:
        return capture
    out = Capture(exact=capture.exact, notes=list(capture.notes))
    for column, dom in capture.domains.items():
        if null_cols <= {column}:
            out.domains[column] = replace(dom, null_ok=True, not_null=False)
        else:
            # Not a consequence of the check: a NULL elsewhere lets any value pass.
            out.exact = False
    for order in capture.orders:
        if null_cols <= {order.left, order.right}:
            out.orders.append(replace(order, null_ok=True))
        else:
            out.exact = False
    if any(d.not_null for d in capture.domains.values()):
        out.exact = False
    if not out.exact and not out.notes:
        out.notes.append("IS NULL of one column OR a condition on another is verified")
    return out


def negated(an: Analyzer, inner: exp.Expression) -> Capture:
    """``NOT inner``, pushed down where the result is again a shape."""
    inner = unparen(inner)
    if inner.args.get("negate"):
        return an.condition(without_negate(inner))
    if isinstance(inner, exp.Not):
        return an.condition(inner.this)
    if isinstance(inner, exp.And):
        return any_of(an, [exp.Not(this=p) for p in flatten(inner, exp.And)])
    if isinstance(inner, exp.Or):
        capture = Capture()
        for part in flatten(inner, exp.Or):
            capture.add(negated(an, part))
        return capture
    op = comparison_op(inner)
    if op is not None:
        # NOT (x op ANY a) is x (not op) ALL a, and the other way round.
        for side, other, o in (
            (inner.expression, inner.this, op),
            (inner.this, inner.expression, FLIP[op]),
        ):
            side = unparen(side)
            if isinstance(side, exp.Any) or is_all(side):
                return quantified(an, NEGATE_OP[o], other, side, any_=not isinstance(side, exp.Any))
        return compare(an, NEGATE_OP[op], inner.this, inner.expression)
    if isinstance(inner, exp.In):
        return in_list(an, inner, negated=True)
    if isinstance(inner, exp.NullSafeNEQ | exp.NullSafeEQ):
        flipped = exp.NullSafeEQ if isinstance(inner, exp.NullSafeNEQ) else exp.NullSafeNEQ
        return distinct_from(an, flipped(this=inner.this, expression=inner.expression))
    if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
        col = an.column_of(inner.this)
        if col is not None:
            return Capture.of(ColumnDomain(col, not_null=True))
    if isinstance(inner, exp.Column) and an.ctx.family(inner.name) == TypeFamily.BOOLEAN:
        return Capture.of(ColumnDomain(inner.name, allowed=[False]))
    if isinstance(inner, exp.Boolean):
        return Capture() if not inner.this else Capture.nothing("always false")
    return Capture.nothing(f"NOT {type(inner).__name__} is verified, not modelled")
