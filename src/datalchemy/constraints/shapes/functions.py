"""Function shapes: a function of one column compared with a constant, turned into a domain.

- ``extract(year from d)`` / ``date_part('year', d)`` ``<op> k`` → bounds on ``d`` (a date or a
  timestamp): ``year >= 2000`` is ``d >= 2000-01-01``;
- ``cardinality(a) <op> k`` → ``min_items`` / ``max_items``; ``array_length(a, 1) <op> k`` too,
  but PostgreSQL's ``array_length`` of an empty array is NULL (the check passes), so only its
  upper bounds are exact;
- ``jsonb_typeof(j)`` / ``json_typeof(j)`` ``= 'object'`` (or ``IN``, ``<>``) → ``json_types``;
- ``octet_length(b) <op> k`` → ``min_bytes`` / ``max_bytes`` of a ``bytea`` column; on text an
  upper bound is a necessary bound on characters (a character takes one byte or more), verified;
- ``trim(x) <> ''`` and ``length(trim(x)) > 0`` → the regex ``[^ ]`` (some character that is not
  a blank); ``trim(x) = ''`` → ``^ *$``;
- ``x = lower(x)`` / ``x = upper(x)`` → ``case`` (generation folds the values).

:func:`wrapped_column` reads ``upper(x)``, ``lower(trim(x))``...: the row formulas of
:mod:`datalchemy.constraints.formulas` use it to turn ``upper(x) IN ('A', 'B')`` into a
*sufficient* domain (``x`` in the values that the functions leave unchanged).

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> from datalchemy.constraints.analyzer import Analyzer
    >>> from datalchemy.constraints.context import CheckContext
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> an = Analyzer(CheckContext("postgres", date(2024, 1, 1), {"d": TypeFamily.DATE}, None))
    >>> dom = an.condition(sqlglot.parse_one("extract(year from d) <= 2030")).domains["d"]
    >>> dom.maximum
    datetime.date(2030, 12, 31)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, cast

from sqlglot import exp

from datalchemy.constraints.domains import Capture
from datalchemy.constraints.folding import constant
from datalchemy.constraints.model import ColumnDomain
from datalchemy.constraints.sqltypes import TEXT_TYPES
from datalchemy.constraints.tree import FLIP, Op, unparen
from datalchemy.constraints.values import Value, discrete_bound
from datalchemy.contracts.schema import TypeFamily

if TYPE_CHECKING:
    from datalchemy.constraints.analyzer import Analyzer

__all__ = [
    "JSON_TYPES",
    "function_comparison",
    "json_membership",
    "json_type_of",
    "wrapped_column",
]

#: What ``jsonb_typeof`` returns.
JSON_TYPES = ("object", "array", "string", "number", "boolean", "null")
_TEMPORAL = {TypeFamily.DATE, TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ}
#: Text functions a column may be wrapped in, as Python functions of the value.
_TEXT_FUNCTIONS: dict[type[exp.Expression], Callable[[str], str]] = {
    exp.Upper: str.upper,
    exp.Lower: str.lower,
}


def function_comparison(
    an: Analyzer, op: Op, left: exp.Expression, right: exp.Expression
) -> Capture | None:
    """``f(col) <op> constant`` or ``col = lower(col)`` for the functions above (else None)."""
    for a, b, o in ((left, right, op), (right, left, _flip(op))):
        folded = _case_fold(an, a, b)
        if folded is not None and o == "=":
            return folded
        is_const, value = constant(b, an.ctx)
        if not is_const:
            continue
        column = year_of(an, a)
        if column is not None:
            return year_bounds(an, column, o, value)
        items = items_of(an, a)
        if items is not None:
            return item_count(items[0], o, value, empty_is_null=items[1])
        column = json_type_of(an, a)
        if column is not None and o in ("=", "<>"):
            return json_membership(column, [value], negated=o == "<>")
        column = octets_of(an, a)
        if column is not None:
            return octet_length(an, column, o, value)
        column = trimmed_length_of(an, a)
        if column is not None:
            return blank_test(column, o, value, length=True)
        column = trimmed_of(an, a)
        if column is not None and o in ("=", "<>"):
            return blank_test(column, o, value, length=False)
    return None


def _flip(op: Op) -> Op:
    return FLIP[op]


# ----------------------------------------------------------------------------- date parts


def year_of(an: Analyzer, node: exp.Expression) -> str | None:
    """The date or timestamp column of ``extract(year from col)`` / ``date_part('year', col)``."""
    node = unparen(node)
    if not isinstance(node, exp.Extract):
        return None
    part = unparen(node.this)
    while isinstance(part, exp.Cast):
        part = unparen(part.this)
    name = part.name if isinstance(part, exp.Var | exp.Literal) else ""
    if str(name).lower() not in ("year", "years"):
        return None
    column = an.column_of(node.expression)
    if column is None or an.ctx.family(column) not in _TEMPORAL:
        return None
    return column


def year_bounds(an: Analyzer, column: str, op: Op, value: Value) -> Capture:
    """``extract(year from column) <op> value`` as bounds on the column."""
    if not isinstance(value, int | Decimal | float) or isinstance(value, bool) or op == "<>":
        return Capture.nothing("this comparison of a year is verified")
    family = an.ctx.family(column)
    dom = ColumnDomain(column)
    try:
        if op in (">", ">=", "="):
            low, _ = discrete_bound(value, TypeFamily.INTEGER, lower=True, inclusive=op != ">")
            dom.minimum = _year_start(cast(int, low), family)
        if op in ("<", "<=", "="):
            high, _ = discrete_bound(value, TypeFamily.INTEGER, lower=False, inclusive=op != "<")
            if family == TypeFamily.DATE:
                dom.maximum = date(cast(int, high), 12, 31)
            else:  # before the first instant of the next year
                start = _year_start(cast(int, high) + 1, family)
                dom.maximum, dom.maximum_inclusive = start, False
    except (ValueError, OverflowError):
        return Capture.nothing(f"year {value} is out of range")
    return Capture.of(dom)


def _year_start(year: int, family: TypeFamily | None) -> date | datetime:
    return date(year, 1, 1) if family == TypeFamily.DATE else datetime(year, 1, 1)


# ------------------------------------------------------------------------------ arrays, json


def items_of(an: Analyzer, node: exp.Expression) -> tuple[str, bool] | None:
    """``(column, empty_is_null)`` of ``cardinality(col)`` / ``array_length(col, 1)``."""
    node = unparen(node)
    args: list[exp.Expression]
    if isinstance(node, exp.ArraySize):
        args = [node.this] + ([node.expression] if node.expression is not None else [])
        name = "array_length"
    elif isinstance(node, exp.Anonymous) and str(node.name).lower() in (
        "cardinality",
        "array_length",
    ):
        args, name = list(node.expressions), str(node.name).lower()
    else:
        return None
    column = an.column_of(args[0]) if args else None
    if column is None or an.ctx.family(column) != TypeFamily.ARRAY:
        return None
    if name == "cardinality":
        return (column, False) if len(args) == 1 else None
    if len(args) != 2:
        return None
    is_const, dim = constant(args[1], an.ctx)
    return (column, True) if is_const and dim == 1 else None


def item_count(column: str, op: Op, value: Value, *, empty_is_null: bool) -> Capture:
    """Element counts. With ``empty_is_null`` (``array_length``), a lower bound is only a
    sufficient condition (an empty array passes too), so it is not captured."""
    if not isinstance(value, int) or isinstance(value, bool) or op == "<>":
        return Capture.nothing("this comparison of an array's length is verified")
    dom = ColumnDomain(column)
    low = {">": value + 1, ">=": value, "=": value}.get(op)
    high = {"<": value - 1, "<=": value, "=": value}.get(op)
    if high is not None:
        if high < 0:
            return Capture.of(ColumnDomain(column, allowed=[]))
        dom.max_items = high
    if low is not None and low > 0:
        if empty_is_null:
            note = "array_length of an empty array is NULL: the lower bound is verified"
            return Capture({column: dom} if dom.max_items is not None else {}, [], False, [note])
        dom.min_items = low
    return Capture.of(dom)


def json_type_of(an: Analyzer, node: exp.Expression) -> str | None:
    """The JSON column of ``jsonb_typeof(col)`` / ``json_typeof(col)``."""
    node = unparen(node)
    if (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() in ("jsonb_typeof", "json_typeof")
        and len(node.expressions) == 1
    ):
        column = an.column_of(node.expressions[0])
        if column is not None and an.ctx.family(column) in (TypeFamily.JSON, TypeFamily.UNKNOWN):
            return column
    return None


def json_membership(column: str, values: list[Value], *, negated: bool) -> Capture:
    """``jsonb_typeof(column) [NOT] IN (values)``."""
    if any(v is None for v in values):
        return Capture.nothing("a JSON type compared with NULL is verified")
    named = [str(v) for v in values]
    if negated:
        allowed = [t for t in JSON_TYPES if t not in named]
    else:
        allowed = [t for t in JSON_TYPES if t in named]
    return Capture.of(ColumnDomain(column, json_types=allowed))


# ------------------------------------------------------------------------------ text, bytes


def octets_of(an: Analyzer, node: exp.Expression) -> str | None:
    """The column of ``octet_length(col)``."""
    node = unparen(node)
    if (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() == "octet_length"
        and len(node.expressions) == 1
    ):
        column = an.column_of(node.expressions[0])
        family = an.ctx.family(column) if column else None
        if column is not None and family in (TypeFamily.BYTES, TypeFamily.TEXT):
            return column
    return None


def octet_length(an: Analyzer, column: str, op: Op, value: Value) -> Capture:
    """``octet_length(column) <op> value``: bytes of a bytea, an upper bound on text."""
    from datalchemy.constraints.shapes.text import length

    capture = length(column, op, value)
    dom = capture.domains.get(column)
    if an.ctx.family(column) == TypeFamily.BYTES:
        if not capture.exact or dom is None:
            return capture
        counted = ColumnDomain(
            column, allowed=dom.allowed, min_bytes=dom.min_length, max_bytes=dom.max_length
        )
        return Capture.of(counted)
    if not capture.exact:
        return capture
    if dom is None or dom.max_length is None or op not in ("<", "<="):
        return Capture.nothing("octet_length of text is verified")
    # A character takes one byte or more: at most k bytes means at most k characters.
    narrowed = ColumnDomain(column, max_length=dom.max_length, allowed=dom.allowed)
    return Capture.of(narrowed, exact=False, note="octet_length of text is verified")


def trimmed_of(an: Analyzer, node: exp.Expression) -> str | None:
    """The text column of ``trim(col)`` / ``btrim(col)`` / ``ltrim`` / ``rtrim`` (blanks only)."""
    node = unparen(node)
    if isinstance(node, exp.Trim) and node.args.get("expression") is None:
        return an.text_column_of(node.this)
    if (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() in ("btrim", "ltrim", "rtrim")
        and len(node.expressions) == 1
    ):
        return an.text_column_of(node.expressions[0])
    return None


def trimmed_length_of(an: Analyzer, node: exp.Expression) -> str | None:
    """The column of ``length(trim(col))`` / ``char_length(btrim(col))``."""
    node = unparen(node)
    if isinstance(node, exp.Length) and not node.args.get("binary"):
        return trimmed_of(an, node.this)
    if (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() in ("char_length", "character_length", "length")
        and len(node.expressions) == 1
    ):
        return trimmed_of(an, node.expressions[0])
    return None


def blank_test(column: str, op: Op, value: Value, *, length: bool) -> Capture:
    """``trim(col) <> ''`` / ``length(trim(col)) > 0``: some character is not a blank;
    ``trim(col) = ''`` / ``length(trim(col)) = 0``: only blanks."""
    if length:
        if not isinstance(value, int) or isinstance(value, bool):
            return Capture.nothing("this length of a trimmed value is verified")
        if op == ">=" and value <= 0:
            return Capture()  # always true for a value that is not NULL
        nonblank = (op, value) in ((">", 0), (">=", 1), ("<>", 0))
        blank = (op, value) in (("=", 0), ("<", 1), ("<=", 0))
    else:
        if value != "":
            return Capture.nothing("a trimmed value compared with text is verified")
        nonblank, blank = op == "<>", op == "="
    if nonblank:
        return Capture.of(ColumnDomain(column, regex=["[^ ]"]))
    if blank:
        return Capture.of(ColumnDomain(column, regex=["^ *$"]))
    return Capture.nothing("this length of a trimmed value is verified")


def _case_fold(an: Analyzer, column_side: exp.Expression, other: exp.Expression) -> Capture | None:
    """``col = lower(col)`` / ``col = upper(col)``: the ``case`` of the column's values."""
    column = an.text_column_of(column_side)
    folded = unparen(other)
    if column is None or not isinstance(folded, exp.Lower | exp.Upper):
        return None
    if an.text_column_of(folded.this) != column:
        return None
    mode: Literal["lower", "upper"] = "lower" if isinstance(folded, exp.Lower) else "upper"
    return Capture.of(ColumnDomain(column, case=mode))


# ----------------------------------------------------------------- wrapped (sufficient) forms


def wrapped_column(an: Analyzer, node: exp.Expression) -> tuple[str, Callable[[str], str]] | None:
    """``(column, f)`` for ``upper(col)``, ``lower(trim(col))``, ``btrim(col::text)``... where
    ``f`` computes the wrapping functions in Python; None when ``node`` is something else."""
    node = unparen(node)
    functions: list[Callable[[str], str]] = []
    while True:
        if isinstance(node, exp.Cast) and node.to.this in TEXT_TYPES and not node.to.expressions:
            node = unparen(node.this)
            continue
        fn = _TEXT_FUNCTIONS.get(type(node))
        if fn is not None:
            functions.append(fn)
            node = unparen(node.this)
            continue
        if _is_trim_call(node):
            functions.append(_trim_function(node))
            node = unparen(node.this if isinstance(node, exp.Trim) else node.expressions[0])
            continue
        break
    column = an.text_column_of(node)
    if column is None or not functions:
        return None

    def apply(value: str) -> str:
        for f in reversed(functions):
            value = f(value)
        return value

    return column, apply


def _is_trim_call(node: exp.Expression) -> bool:
    return (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() in ("btrim", "ltrim", "rtrim")
        and len(node.expressions) == 1
    ) or (isinstance(node, exp.Trim) and node.args.get("expression") is None)


def _trim_function(node: exp.Expression) -> Callable[[str], str]:
    name = str(node.name).lower() if isinstance(node, exp.Anonymous) else ""
    position = str(node.args.get("position") or "").upper() if isinstance(node, exp.Trim) else ""
    if name == "ltrim" or position == "LEADING":
        return lambda v: v.lstrip(" ")
    if name == "rtrim" or position == "TRAILING":
        return lambda v: v.rstrip(" ")
    return lambda v: v.strip(" ")
