"""Comparison shapes: a column against constants (bounds, IN lists) or against another column.

- ``col <op> constant`` (either side) → bounds, an allowed value (``=``) or a forbidden one
  (``<>``), in the column's family (see :func:`~datalchemy.constraints.values.to_family`);
- ``col <op> ANY / ALL (ARRAY[...])``, ``IN`` / ``NOT IN``, ``BETWEEN [SYMMETRIC]``,
  ``IS [NOT] DISTINCT FROM``, ``IS TRUE`` / ``IS FALSE``;
- ``a <op> b`` between two columns → a :class:`~datalchemy.constraints.model.ColumnOrder`;
  ``b >= a + k`` → ``b > a``, verified;
- ``length(col) <op> k`` and ``position(s IN col) <op> k`` are handed to :mod:`.text`, and
  functions of one column (date parts, array lengths, JSON types, trimmed text, ``lower``) to
  :mod:`.functions`.

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> from datalchemy.constraints.analyzer import Analyzer
    >>> from datalchemy.constraints.context import CheckContext
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> an = Analyzer(CheckContext("postgres", date(2024, 1, 1), {"d": TypeFamily.DATE}, None))
    >>> an.condition(sqlglot.parse_one("d < CURRENT_DATE")).domains["d"].maximum
    datetime.date(2023, 12, 31)
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlglot import exp

from datalchemy.constraints.domains import Capture, dedup
from datalchemy.constraints.folding import constant
from datalchemy.constraints.model import ColumnDomain, ColumnOrder, Scalar
from datalchemy.constraints.shapes.functions import (
    function_comparison,
    json_membership,
    json_type_of,
)
from datalchemy.constraints.shapes.text import length, length_of, position, position_of
from datalchemy.constraints.sqltypes import TEXTLIKE_FAMILIES, UNORDERED_FAMILIES
from datalchemy.constraints.tree import FLIP, Op, array_elements, comparison_op, is_all, unparen
from datalchemy.constraints.values import (
    Interval,
    Unfit,
    Value,
    discrete_bound,
    equal_value,
    to_family,
)
from datalchemy.contracts.schema import TypeFamily

if TYPE_CHECKING:
    from datalchemy.constraints.analyzer import Analyzer

__all__ = [
    "between",
    "bound",
    "column_plus_offset",
    "compare",
    "comparison",
    "distinct_from",
    "in_list",
    "in_values",
    "is_test",
    "membership",
    "offset_order",
    "quantified",
]


def comparison(an: Analyzer, node: exp.Expression) -> Capture:
    """``left <op> right`` for the comparison nodes (``exp.GT``, ``exp.EQ``...)."""
    op = comparison_op(node)
    if op is None:
        return Capture.nothing(f"{type(node).__name__} is verified, not modelled")
    return compare(an, op, node.this, node.expression)


def compare(an: Analyzer, op: Op, left: exp.Expression, right: exp.Expression) -> Capture:
    """``left <op> right``: a bound, an order between columns, a length or a position."""
    left, right = unparen(left), unparen(right)
    if isinstance(right, exp.Any) or is_all(right):
        return quantified(an, op, left, right, any_=isinstance(right, exp.Any))
    if isinstance(left, exp.Any) or is_all(left):
        return quantified(an, FLIP[op], right, left, any_=isinstance(left, exp.Any))
    lcol, rcol = an.column_of(left), an.column_of(right)
    if lcol is not None and rcol is not None:
        if lcol == rcol:
            return Capture.nothing("a column compared with itself")
        return Capture({}, [ColumnOrder(lcol, op, rcol)], True)
    if lcol is not None:
        is_const, value = constant(right, an.ctx)
        if is_const:
            return bound(an, lcol, op, value)
    if rcol is not None:
        is_const, value = constant(left, an.ctx)
        if is_const:
            return bound(an, rcol, FLIP[op], value)
    for a, b, o in ((left, right, op), (right, left, FLIP[op])):
        is_const, value = constant(b, an.ctx)
        if not is_const:
            continue
        length_col = length_of(an, a)
        if length_col is not None:
            return length(length_col, o, value)
        needle = position_of(an, a)
        if needle is not None:
            return position(needle[0], needle[1], o, value)
    function = function_comparison(an, op, left, right)
    if function is not None:
        return function
    offset = offset_order(an, op, left, right)
    if offset is not None:
        return offset
    return Capture.nothing("a comparison of expressions is verified")


def bound(an: Analyzer, column: str, op: Op, value: Value) -> Capture:
    """``column <op> value``: a bound, an allowed value (``=``) or a forbidden one (``<>``)."""
    family = an.ctx.family(column)
    if value is None:
        # x = NULL is unknown whatever x holds, and a CHECK passes on unknown.
        return Capture()
    try:
        scalar = to_family(value, family)
    except Unfit:
        return Capture.nothing(f"constant {value!r} does not fit {column}")
    dom = ColumnDomain(column)
    if op == "=":
        allowed = equal_value(scalar, family)
        dom.allowed = [] if allowed is None else [allowed]
        return Capture.of(dom)
    if op == "<>":
        allowed = equal_value(scalar, family)
        if allowed is not None:
            dom.forbidden = [allowed]
        return Capture.of(dom)
    if family in UNORDERED_FAMILIES or family == TypeFamily.BOOLEAN:
        return Capture.nothing(f"an order comparison on {family} is verified")
    lower = op in (">", ">=")
    inclusive = op in (">=", "<=")
    try:
        scalar, inclusive = discrete_bound(scalar, family, lower=lower, inclusive=inclusive)
    except (OverflowError, ValueError):
        return Capture.nothing(f"bound {value!r} is out of range")
    if lower:
        dom.minimum, dom.minimum_inclusive = scalar, inclusive
    else:
        dom.maximum, dom.maximum_inclusive = scalar, inclusive
    if family in TEXTLIKE_FAMILIES or family is None:
        # Text order depends on the collation; the bound is a hint, the check is verified.
        return Capture.of(dom, exact=False, note="text bounds depend on the collation")
    return Capture.of(dom)


def quantified(
    an: Analyzer, op: Op, column_side: exp.Expression, array: exp.Expression, *, any_: bool
) -> Capture:
    """``col <op> ANY (ARRAY[...])`` / ``col <op> ALL (ARRAY[...])``."""
    column = an.column_of(column_side)
    elements = array_elements(array)
    json_column = json_type_of(an, column_side) if column is None else None
    if (column is None and json_column is None) or elements is None:
        return Capture.nothing("ANY / ALL over a non-literal array is verified")
    folded: list[Value] = []
    for element in elements:
        is_const, value = constant(element, an.ctx)
        if not is_const:
            return Capture.nothing("ANY / ALL over a non-constant array is verified")
        folded.append(value)
    is_any = any_
    if json_column is not None:
        if (op, is_any) in (("=", True), ("<>", False)):
            return json_membership(json_column, folded, negated=op == "<>")
        return Capture.nothing("this ANY / ALL is verified")
    assert column is not None
    if op == "=" and is_any:
        return in_values(an, column, folded, negated=False)
    if op == "<>" and not is_any:
        return in_values(an, column, folded, negated=True)
    if op in ("=", "<>") or not folded or any(v is None for v in folded):
        return Capture.nothing("this ANY / ALL is verified")
    # x > ANY(a) holds when x > min(a), x > ALL(a) when x > max(a); mirrored for <.
    captures = [bound(an, column, op, v) for v in folded]
    if not all(c.exact and column in c.domains for c in captures):
        return Capture.nothing("this ANY / ALL is verified")
    doms = [c.domains[column] for c in captures]
    lower = op in (">", ">=")
    # The loosest bound for ANY, the tightest for ALL.
    want_small = lower == is_any
    chosen = doms[0]
    try:
        for d in doms[1:]:
            a = d.minimum if lower else d.maximum
            b = chosen.minimum if lower else chosen.maximum
            if (a < b) if want_small else (a > b):  # type: ignore[operator]
                chosen = d
    except TypeError:
        return Capture.nothing("this ANY / ALL is verified")
    return Capture.of(chosen)


def in_values(an: Analyzer, column: str, values: list[Value], *, negated: bool) -> Capture:
    """``col IN (values)`` or ``col NOT IN (values)``."""
    family = an.ctx.family(column)
    if any(v is None for v in values) and not negated:
        # x IN (.., NULL) is TRUE or NULL, never FALSE: the check always passes.
        return Capture()
    scalars: list[Scalar] = []
    for value in values:
        if value is None:
            continue
        try:
            scalar = equal_value(to_family(value, family), family)
        except Unfit:
            return Capture.nothing(f"constant {value!r} does not fit {column}")
        if scalar is not None:
            scalars.append(scalar)
    dom = ColumnDomain(column)
    if negated:
        dom.forbidden = dedup(scalars)
    else:
        dom.allowed = dedup(scalars)
    return Capture.of(dom)


def membership(an: Analyzer, node: exp.In) -> Capture:
    """``col IN (...)``."""
    return in_list(an, node, negated=False)


def in_list(an: Analyzer, node: exp.In, *, negated: bool) -> Capture:
    """``col [NOT] IN (constants)`` or ``col [NOT] IN`` over a literal array."""
    column = an.column_of(node.this)
    json_column = json_type_of(an, node.this) if column is None else None
    if (
        (column is None and json_column is None)
        or node.args.get("query")
        or node.args.get("unnest")
    ):
        return Capture.nothing("IN over an expression or a subquery is verified")
    field_ = node.args.get("field")
    expressions = list(node.expressions)
    if field_ is not None:
        elements = array_elements(field_)
        if elements is None:
            return Capture.nothing("IN over a non-literal array is verified")
        expressions = elements
    folded: list[Value] = []
    for element in expressions:
        is_const, value = constant(element, an.ctx)
        if not is_const:
            return Capture.nothing("IN with a non-constant element is verified")
        folded.append(value)
    if json_column is not None:
        return json_membership(json_column, folded, negated=negated)
    assert column is not None
    return in_values(an, column, folded, negated=negated)


def between(an: Analyzer, node: exp.Between) -> Capture:
    """``x BETWEEN [SYMMETRIC] low AND high``: ``x >= low AND x <= high``."""
    low, high = node.args.get("low"), node.args.get("high")
    if low is None or high is None:
        return Capture.nothing()
    if node.args.get("symmetric"):
        ok_low, lv = constant(low, an.ctx)
        ok_high, hv = constant(high, an.ctx)
        if not (ok_low and ok_high) or lv is None or hv is None:
            return Capture.nothing("BETWEEN SYMMETRIC over expressions is verified")
        try:
            if lv > hv:  # type: ignore[operator]
                low, high = high, low
        except TypeError:
            return Capture.nothing("BETWEEN SYMMETRIC is verified")
    capture = compare(an, ">=", node.this, low)
    capture.add(compare(an, "<=", node.this, high))
    return capture


def distinct_from(an: Analyzer, node: exp.Expression) -> Capture:
    """``col IS DISTINCT FROM c`` (``NullSafeNEQ``) / ``IS NOT DISTINCT FROM`` (``NullSafeEQ``)."""
    column = an.column_of(node.this)
    is_const, value = constant(node.expression, an.ctx)
    if column is None or not is_const:
        return Capture.nothing("IS DISTINCT FROM an expression is verified")
    if isinstance(node, exp.NullSafeNEQ):
        if value is None:
            return Capture.of(ColumnDomain(column, not_null=True))
        return bound(an, column, "<>", value)
    if value is None:
        return Capture.nothing("IS NOT DISTINCT FROM NULL is verified")
    capture = bound(an, column, "=", value)
    capture.add(Capture.of(ColumnDomain(column, not_null=True)))
    return capture


def is_test(an: Analyzer, node: exp.Is) -> Capture:
    """``b IS TRUE`` / ``b IS FALSE`` on a boolean column (``IS NULL`` only inside an ``OR``)."""
    column = an.column_of(node.this)
    target = node.expression
    if (
        column is not None
        and isinstance(target, exp.Boolean)
        and an.ctx.family(column) == TypeFamily.BOOLEAN
    ):
        return Capture.of(ColumnDomain(column, allowed=[bool(target.this)], not_null=True))
    return Capture.nothing("this IS test is verified")


# ------------------------------------------------------------------------ orders + offset


def offset_order(
    an: Analyzer, op: Op, left: exp.Expression, right: exp.Expression
) -> Capture | None:
    """``b >= a + k`` (k a positive interval or number): records ``b > a``; verified."""
    lside = column_plus_offset(an, left)
    rside = column_plus_offset(an, right)
    if lside is None or rside is None:
        return None
    (lcol, loff), (rcol, roff) = lside, rside
    if lcol == rcol:
        return None
    # lcol + loff <op> rcol + roff  <=>  lcol <op> rcol + (roff - loff)
    sign = _offset_sign(roff) - _offset_sign(loff)
    if loff is not None and roff is not None:
        return Capture.nothing("offsets on both sides are verified")
    if sign > 0 and op in (">", ">="):
        order = ColumnOrder(lcol, ">", rcol)
    elif sign < 0 and op in ("<", "<="):
        order = ColumnOrder(lcol, "<", rcol)
    else:
        return Capture.nothing("a column compared with another plus an offset is verified")
    return Capture({}, [order], False, ["the offset between the columns is verified"])


def column_plus_offset(an: Analyzer, node: exp.Expression) -> tuple[str, Value] | None:
    """``(column, offset)`` of ``col``, ``col + k``, ``k + col`` or ``col - k`` (k constant)."""
    node = unparen(node)
    column = an.column_of(node)
    if column is not None:
        return column, None
    if isinstance(node, exp.Add | exp.Sub):
        base = an.column_of(node.this)
        is_const, value = constant(node.expression, an.ctx)
        if base is None and isinstance(node, exp.Add):
            base = an.column_of(node.expression)
            is_const, value = constant(node.this, an.ctx)
        if base is None or not is_const or value is None:
            return None
        if not isinstance(value, Interval | int | Decimal | float) or isinstance(value, bool):
            return None
        if isinstance(node, exp.Sub):
            value = -value
        return base, value
    return None


def _offset_sign(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, Interval):
        return value.sign
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return (value > 0) - (value < 0)
    return 0
