"""Constant folding: the Python value of a constant sub-expression of a CHECK.

:func:`constant` folds literals, ``NULL``, booleans, negation, casts (``'2020-01-01'::date``,
``0::numeric``), intervals, ``+`` / ``-`` on numbers, dates and intervals, and "today" in all its
spellings (``CURRENT_DATE``, ``now()``, ``CURRENT_TIMESTAMP``, ``LOCALTIMESTAMP``,
``transaction_timestamp()``..., SQLite ``date('now', '-18 years')``), which is the context's base
date (or the base date at 00:00:00). Anything that reads a column is not a constant.

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> ctx = CheckContext("postgres", date(2024, 1, 1), {}, None)
    >>> constant(sqlglot.parse_one("CURRENT_DATE - '18 years'::interval", read="postgres"), ctx)
    (True, datetime.date(2006, 1, 1))
    >>> constant(sqlglot.parse_one("x + 1"), ctx)
    (False, None)
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlglot import exp

from datalchemy.constraints.context import CheckContext
from datalchemy.constraints.patterns import like_with_backslash, similar_to_regex
from datalchemy.constraints.sqltypes import (
    DATE_TYPES,
    DECIMAL_TYPES,
    FLOAT_TYPES,
    INT_TYPES,
    TEXT_TYPES,
    TIME_TYPES,
    TIMESTAMP_TYPES,
    TIMESTAMPTZ_TYPES,
    T,
)
from datalchemy.constraints.values import (
    Interval,
    Value,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_interval,
    shift,
)

__all__ = [
    "NotConstant",
    "constant",
    "fold",
    "mentions_today",
    "similar_call_to_regex",
    "today_call",
]

_NOW_FUNCTIONS = {"transaction_timestamp", "statement_timestamp", "clock_timestamp"}


class NotConstant(Exception):
    """Raised while folding an expression that is not a constant."""


def fold(node: exp.Expression, ctx: CheckContext) -> Value:
    """The Python value of a constant expression; raises :class:`NotConstant` otherwise."""
    if isinstance(node, exp.Paren):
        return fold(node.this, ctx)
    if isinstance(node, exp.Null):
        return None
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal):
        text = str(node.this)
        if node.is_string:
            return text
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise NotConstant(text) from exc
        if number == number.to_integral_value() and re.fullmatch(r"[+-]?\d+", text):
            return int(number)
        return number
    if isinstance(node, exp.Neg):
        inner = fold(node.this, ctx)
        if isinstance(inner, int | Decimal | float) and not isinstance(inner, bool):
            return -inner
        if isinstance(inner, Interval):
            return -inner
        raise NotConstant("neg")
    if isinstance(node, exp.CurrentDate):
        return ctx.base_date
    if isinstance(node, exp.CurrentTimestamp | exp.Localtimestamp | exp.CurrentDatetime):
        return ctx.base_datetime
    if isinstance(node, exp.CurrentTime | exp.Localtime):
        return time()
    if isinstance(node, exp.Interval):
        unit = node.args.get("unit")
        text = str(fold(node.this, ctx)) + (f" {unit.name}" if unit is not None else "")
        interval = parse_interval(text)
        if interval is None:
            raise NotConstant(text)
        return interval
    today = today_call(node, ctx)
    if today is not None:
        return today
    if isinstance(node, exp.Cast):
        return _cast_value(fold(node.this, ctx), node.to, ctx)
    if (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() == "like_escape"
        and len(node.expressions) == 2
    ):
        # PostgreSQL deparses LIKE p ESCAPE e as LIKE like_escape(p, e).
        pattern, escape = (fold(a, ctx) for a in node.expressions)
        if not isinstance(pattern, str) or not isinstance(escape, str) or len(escape) > 1:
            raise NotConstant("like_escape")
        return like_with_backslash(pattern, escape)
    if isinstance(node, exp.Add | exp.Sub):
        left = fold(node.this, ctx)
        right = fold(node.expression, ctx)
        return _arith(left, right, subtract=isinstance(node, exp.Sub))
    raise NotConstant(type(node).__name__)


def _arith(left: Value, right: Value, *, subtract: bool) -> Value:
    if left is None or right is None:
        return None
    if isinstance(left, date) and isinstance(right, Interval):
        return shift(left, -right if subtract else right)
    if not subtract and isinstance(left, Interval) and isinstance(right, date):
        return shift(right, left)
    if isinstance(left, date) and not isinstance(left, datetime) and isinstance(right, int):
        if isinstance(right, bool):
            raise NotConstant("bool")
        return left + timedelta(days=-right if subtract else right)
    numbers = (int, Decimal)
    if (
        isinstance(left, numbers)
        and isinstance(right, numbers)
        and not isinstance(left, bool)
        and not isinstance(right, bool)
    ):
        return left - right if subtract else left + right
    raise NotConstant("arith")


def today_call(node: exp.Expression, ctx: CheckContext) -> date | datetime | None:
    """``date('now', ...)`` / ``datetime('now', ...)`` (SQLite), ``transaction_timestamp()``..."""
    name = ""
    args: list[exp.Expression] = []
    if isinstance(node, exp.Date) and isinstance(node.this, exp.Literal):
        name, args = "date", [node.this, *node.expressions]
    elif isinstance(node, exp.Anonymous):
        name, args = str(node.name).lower(), list(node.expressions)
    elif isinstance(node, exp.TsOrDsToTimestamp | exp.TsOrDsToDate) and isinstance(
        node.this, exp.Literal
    ):
        name = "datetime" if isinstance(node, exp.TsOrDsToTimestamp) else "date"
        args = [node.this]
    if name in _NOW_FUNCTIONS and not args:
        return ctx.base_datetime
    if name not in ("date", "datetime") or not args:
        return None
    if not all(isinstance(a, exp.Literal) and a.is_string for a in args):
        return None
    if str(args[0].this).lower() != "now":
        return None
    value: date | datetime = ctx.base_datetime
    for mod in args[1:]:
        shifted = _sqlite_modifier(value, str(mod.this))
        if shifted is None:
            return None
        value = shifted
    if name == "date":
        return value.date() if isinstance(value, datetime) else value
    return value


def mentions_today(tree: exp.Expression, ctx: CheckContext) -> bool:
    """True when ``tree`` reads "today" in any spelling: a *time-relative* CHECK, whose verdict
    depends on the day it is checked.

    Example:
        >>> import sqlglot
        >>> ctx = CheckContext("postgres", date(2024, 1, 1), {}, None)
        >>> mentions_today(sqlglot.parse_one("d >= CURRENT_DATE - 7"), ctx)
        True
        >>> mentions_today(sqlglot.parse_one("d >= DATE '2024-01-01'"), ctx)
        False
    """
    clock = (
        exp.CurrentDate,
        exp.CurrentTimestamp,
        exp.Localtimestamp,
        exp.CurrentDatetime,
        exp.CurrentTime,
        exp.Localtime,
    )
    for node in tree.walk():
        if isinstance(node, clock):
            return True
        if isinstance(node, exp.Expression) and today_call(node, ctx) is not None:
            return True
    return False


def _sqlite_modifier(value: date | datetime, modifier: str) -> date | datetime | None:
    text = modifier.strip().lower()
    if text in ("localtime", "utc"):
        return value  # "now" is the base date; there is no machine time zone in the data
    assert isinstance(value, datetime)
    if text == "start of day":
        return datetime.combine(value.date(), time())
    if text == "start of month":
        return datetime(value.year, value.month, 1)
    if text == "start of year":
        return datetime(value.year, 1, 1)
    interval = parse_interval(text.lstrip("+"))
    if interval is None:
        return None
    shifted = shift(value, interval)
    return shifted if isinstance(shifted, datetime) else datetime.combine(shifted, time())


def _cast_value(value: Value, to: exp.DataType, ctx: CheckContext) -> Value:
    """Fold ``value::to``."""
    kind = to.this
    if value is None:
        return None
    try:
        if kind in DATE_TYPES:
            if isinstance(value, str):
                if value.strip().lower() in ("now", "today"):
                    return ctx.base_date
                return (
                    parse_date(value)
                    if len(value.strip()) <= 10
                    else (parse_datetime(value).date())
                )
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
        elif kind in TIMESTAMP_TYPES or kind in TIMESTAMPTZ_TYPES:
            if isinstance(value, str):
                if value.strip().lower() in ("now", "today"):
                    return ctx.base_datetime
                return parse_datetime(value)
            if isinstance(value, datetime):
                return value
            if isinstance(value, date):
                return datetime.combine(value, time())
        elif kind in TIME_TYPES:
            if isinstance(value, str):
                return time.fromisoformat(value.strip())
            if isinstance(value, time):
                return value
        elif kind == T.INTERVAL:
            if isinstance(value, str):
                interval = parse_interval(value)
                if interval is not None:
                    return interval
            if isinstance(value, Interval):
                return value
        elif kind in INT_TYPES:
            if isinstance(value, str):
                return int(value.strip())
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, Decimal | float):
                # PostgreSQL rounds half away from zero.
                return int(Decimal(value).to_integral_value(rounding=ROUND_HALF_UP))
        elif kind in DECIMAL_TYPES:
            if isinstance(value, str):
                return Decimal(value.strip())
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                return Decimal(value) if not to.expressions else _round_decimal(value, to)
            if isinstance(value, float):
                return Decimal(repr(value))
        elif kind in FLOAT_TYPES:
            if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
                return float(value)
            if isinstance(value, float):
                return value
        elif kind in TEXT_TYPES:
            if isinstance(value, str):
                return value
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                return str(value)
        elif kind == T.BOOLEAN:
            if isinstance(value, bool):
                return value
            if isinstance(value, str):
                return parse_bool(value)
        elif kind == T.USERDEFINED:
            return value  # an enum label or a domain value: the value itself
    except (ValueError, InvalidOperation, OverflowError) as exc:
        raise NotConstant(str(exc)) from exc
    raise NotConstant(f"cast to {kind}")


def _round_decimal(value: int | Decimal, to: exp.DataType) -> Decimal:
    params = [p.this for p in to.expressions if isinstance(p, exp.DataTypeParam)]
    if len(params) >= 2 and isinstance(params[1], exp.Literal):
        return Decimal(value).quantize(Decimal(1).scaleb(-int(params[1].this)))
    return Decimal(value).quantize(Decimal(1)) if len(params) == 1 else Decimal(value)


def constant(node: exp.Expression, ctx: CheckContext) -> tuple[bool, Value]:
    """``(True, value)`` when ``node`` folds to a constant, else ``(False, None)``."""
    if node.find(exp.Column) is not None:
        return False, None
    try:
        return True, fold(node, ctx)
    except NotConstant:
        return False, None
    except (ValueError, ArithmeticError, OverflowError, TypeError):
        return False, None


def similar_call_to_regex(node: exp.Anonymous, ctx: CheckContext) -> str | None:
    """The regex of PostgreSQL's deparsed ``SIMILAR TO``: ``similar_to_escape(p [, e])``."""
    args = list(node.expressions)
    if not args or len(args) > 2:
        return None
    ok, pattern = constant(args[0], ctx)
    if not ok or not isinstance(pattern, str):
        return None
    escape = "\\"
    if len(args) == 2:
        ok, value = constant(args[1], ctx)
        if not ok or not (isinstance(value, str) or value is None):
            return None
        escape = value or ""
    return similar_to_regex(pattern, escape)
