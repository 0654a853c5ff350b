"""Text shapes: LIKE, ILIKE, regex matches, SIMILAR TO, GLOB, ``length`` and ``position``.

LIKE patterns are kept as LIKE with ``\\`` escapes (``like``); ILIKE, ``~``, ``~*``,
``SIMILAR TO``, SQLite ``REGEXP`` and ``GLOB`` become anchored or plain regexes (``regex``).
SQLite's LIKE ignores ASCII case, so there it is a ``(?i)`` regex that is also verified.
``length(col) <op> k`` bounds the length; ``position(s IN col) > 0`` requires ``s``
(``contains``).

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> from datalchemy.constraints.analyzer import Analyzer
    >>> from datalchemy.constraints.context import CheckContext
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> an = Analyzer(CheckContext("postgres", date(2024, 1, 1), {"t": TypeFamily.TEXT}, None))
    >>> an.condition(sqlglot.parse_one("t ILIKE 'a_b'")).domains["t"].regex
    ['(?i)^a.b$']
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlglot import exp

from datalchemy.constraints.domains import Capture
from datalchemy.constraints.folding import constant, similar_call_to_regex
from datalchemy.constraints.model import ColumnDomain
from datalchemy.constraints.patterns import (
    glob_to_regex,
    like_to_regex,
    like_with_backslash,
    similar_to_regex,
)
from datalchemy.constraints.tree import Op, unparen
from datalchemy.constraints.values import Value

if TYPE_CHECKING:
    from datalchemy.constraints.analyzer import Analyzer

__all__ = [
    "length",
    "length_of",
    "like",
    "pattern_to_regex",
    "position",
    "position_of",
    "regex",
]


def length_of(an: Analyzer, node: exp.Expression) -> str | None:
    """The text column of ``length(col)`` / ``char_length`` / ``character_length``, else None."""
    node = unparen(node)
    if isinstance(node, exp.Length) and not node.args.get("binary"):
        return an.text_column_of(node.this)
    if (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() in ("char_length", "character_length", "length")
        and len(node.expressions) == 1
    ):
        return an.text_column_of(node.expressions[0])
    return None


def length(column: str, op: Op, value: Value) -> Capture:
    """``length(column) <op> value``: ``min_length`` / ``max_length``."""
    if not isinstance(value, int | Decimal) or isinstance(value, bool):
        return Capture.nothing("length compared with a non-number is verified")
    dom = ColumnDomain(column)
    number = Decimal(value)
    if op == "=":
        if number != number.to_integral_value():
            dom.allowed = []
        else:
            dom.min_length = dom.max_length = int(number)
    elif op in (">", ">="):
        lo = math.floor(number) + 1 if op == ">" else math.ceil(number)
        dom.min_length = max(lo, 0)
    elif op in ("<", "<="):
        hi = math.ceil(number) - 1 if op == "<" else math.floor(number)
        dom.max_length = hi
        if hi < 0:
            dom.allowed = []
    else:
        return Capture.nothing("length(x) <> k is verified")
    return Capture.of(dom)


def position_of(an: Analyzer, node: exp.Expression) -> tuple[str, str] | None:
    """``(column, needle)`` of ``position(needle IN col)`` / ``strpos`` / ``instr``."""
    node = unparen(node)
    if not isinstance(node, exp.StrPosition) or node.args.get("position") is not None:
        return None
    column = an.text_column_of(node.this)
    substr = node.args.get("substr")
    if column is None or substr is None:
        return None
    is_const, needle = constant(substr, an.ctx)
    if not is_const or not isinstance(needle, str) or not needle:
        return None
    return column, needle


def position(column: str, needle: str, op: Op, value: Value) -> Capture:
    """``position(needle IN column) <op> value``: ``contains`` when it implies the needle."""
    if not isinstance(value, int) or isinstance(value, bool):
        return Capture.nothing("position compared with a non-integer is verified")
    dom = ColumnDomain(column, contains=[needle])
    exact = (op == ">" and value == 0) or (op == ">=" and value == 1) or (op == "<>" and value == 0)
    implies = exact or (op == ">" and value >= 0) or (op in (">=", "=") and value >= 1)
    if not implies:
        return Capture.nothing(f"position of {needle!r} compared this way is verified")
    note = None if exact else f"the position of {needle!r} is verified"
    return Capture.of(dom, exact=exact, note=note)


def like(an: Analyzer, node: exp.Expression) -> Capture:
    """``col LIKE p [ESCAPE e]`` and ``col ILIKE p``."""
    escape: str | None = None
    if isinstance(node, exp.Escape):
        is_const, esc = constant(node.expression, an.ctx)
        if not is_const or not isinstance(esc, str) or len(esc) > 1:
            return Capture.nothing("LIKE with this ESCAPE is verified")
        escape = esc
        node = node.this
    if node.args.get("negate") or not isinstance(node, exp.Like | exp.ILike):
        return Capture.nothing("NOT LIKE is verified")
    column = an.text_column_of(node.this)
    is_const, pattern = constant(node.expression, an.ctx)
    if column is None or not is_const or not isinstance(pattern, str):
        return Capture.nothing("LIKE over expressions is verified")
    rules = an.ctx.rules
    if escape is None:
        escape = rules.like_default_escape
    normalised = like_with_backslash(pattern, escape)
    if isinstance(node, exp.ILike):
        return Capture.of(ColumnDomain(column, regex=["(?i)" + like_to_regex(normalised)]))
    if rules.like_ignores_ascii_case:
        # SQLite's LIKE ignores ASCII case only; (?i) is a little wider, so verify.
        dom = ColumnDomain(column, regex=["(?i)" + like_to_regex(normalised)])
        return Capture.of(dom, exact=False, note="SQLite's LIKE ignores ASCII case; verified")
    return Capture.of(ColumnDomain(column, like=[normalised]))


def regex(an: Analyzer, node: exp.Expression) -> Capture:
    """``col ~ p``, ``col ~* p`` (``(?i)``), SQLite ``REGEXP``, ``~ similar_to_escape(p)``."""
    column = an.text_column_of(node.this)
    pattern_node = unparen(node.expression)
    pattern: Value
    if isinstance(pattern_node, exp.Anonymous) and str(pattern_node.name).lower() in (
        "similar_to_escape",
        "similar_escape",
    ):
        converted = similar_call_to_regex(pattern_node, an.ctx)
        if converted is None:
            return Capture.nothing("this SIMILAR TO is verified")
        pattern = converted
    else:
        is_const, pattern = constant(pattern_node, an.ctx)
        if not is_const:
            return Capture.nothing("a regex over expressions is verified")
    if column is None or not isinstance(pattern, str) or node.args.get("flag"):
        return Capture.nothing("a regex over expressions is verified")
    if isinstance(node, exp.RegexpILike):
        pattern = "(?i)" + pattern
    return Capture.of(ColumnDomain(column, regex=[pattern]))


def pattern_to_regex(an: Analyzer, node: exp.Expression) -> Capture:
    """``col SIMILAR TO p [ESCAPE e]`` and SQLite ``col GLOB p``, as anchored regexes."""
    column = an.text_column_of(node.this)
    is_const, pattern = constant(node.expression, an.ctx)
    if column is None or not is_const or not isinstance(pattern, str):
        return Capture.nothing("a pattern over expressions is verified")
    if isinstance(node, exp.Glob):
        converted = glob_to_regex(pattern)
    else:
        escape_node = node.args.get("escape")
        escape = "\\"
        if escape_node is not None:
            ok, esc = constant(escape_node, an.ctx)
            if not ok or not isinstance(esc, str):
                return Capture.nothing("SIMILAR TO with this ESCAPE is verified")
            escape = esc
        converted = similar_to_regex(pattern, escape)
    return Capture.of(ColumnDomain(column, regex=[converted]))
