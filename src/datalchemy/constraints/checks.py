"""CHECK constraints → column domains, column orders and a DuckDB verification expression.

:func:`analyze_check` parses one CHECK with sqlglot in the schema's dialect and returns

- a :class:`~.model.CheckAnalysis`: the strategy (``domain`` when the domains and orders below
  capture the check exactly, ``verify`` when they capture part of it or nothing, ``unsupported``
  when it cannot even be translated), and ``verify_sql``, the check as a DuckDB boolean expression
  over the table's column names (identifiers quoted, "today" replaced by the base date);
- the :class:`~.model.ColumnDomain` of every column the check constrains alone;
- the :class:`~.model.ColumnOrder` relations it states between two columns of a row.

Everything a ``verify`` check yields is a *necessary* condition: a row that satisfies the check
lies in the domains and orders, so generating inside them only removes rows that would fail.
(One exception: bounds on text columns, whose order depends on the database's collation, are
recorded as hints.)

Shapes understood (PostgreSQL's deparsed forms and the source forms people write):

- ``col <op> constant`` in both orientations, ``<op>`` one of ``= <> < <= > >=``; casts on
  either side unwrapped when they do not change the value (``0::numeric``, ``'x'::text``,
  ``(vc)::text``, ``VALUE::integer``); typed literals (``DATE '2020-01-01'``,
  ``'2020-01-01'::date``); negative numbers; constant arithmetic on dates
  (``CURRENT_DATE - '18 years'::interval``, SQLite ``date('now', '-18 years')``);
- ``BETWEEN [SYMMETRIC]``; ``IN (...)``, ``= ANY (ARRAY[...])``; ``NOT IN``,
  ``<> ALL (ARRAY[...])``; ``IS [NOT] DISTINCT FROM`` a constant;
  ``<op> ANY / ALL (ARRAY[...])`` as bounds;
- ``AND`` (domains intersect), ``OR`` of equalities / IN lists on one column (union),
  ``x IS NULL OR <cond on x>`` (``null_ok``), ``x IS NOT NULL``, ``NOT`` pushed down through
  AND / OR and comparisons;
- ``length`` / ``char_length`` / ``character_length`` comparisons (``min_length`` /
  ``max_length``); ``position('@' in x)`` / ``strpos`` / SQLite ``instr`` compared with a number
  (``contains``; only ``> 0`` is exact, ``> 1`` also forbids the needle at the start);
- ``LIKE`` (``like``; the escape character is normalised to ``\\``, also for PostgreSQL's
  ``like_escape(p, e)``), ``ILIKE`` (``regex``: ``(?i)`` and the anchored translation), ``~``,
  ``~*`` (``(?i)`` prefix), ``SIMILAR TO`` and PostgreSQL's ``~ similar_to_escape(p)`` (an
  anchored regex), SQLite ``REGEXP`` and ``GLOB`` (``regex``); SQLite's ``LIKE`` ignores ASCII
  case, so it becomes a ``(?i)`` regex and is verified;
- ``a <op> b`` between two columns (:class:`ColumnOrder`), with ``a IS NULL OR [b IS NULL OR]``
  giving ``null_ok``; ``b >= a + '1 day'::interval`` is recorded as ``b > a`` and verified;
- ``CURRENT_DATE``, ``now()``, ``CURRENT_TIMESTAMP``, ``LOCALTIMESTAMP`` (and SQLite
  ``date('now')`` / ``datetime('now')``) are the base date, or the base date at 00:00:00.

Constants are converted to the column's family: integer → ``int`` (strict bounds tightened by 1;
a non-integral bound rounded inwards), date → ``date`` (strict bounds tightened by a day),
decimal → ``Decimal``, float → ``float``, timestamp / timestamptz → naive ``datetime`` (UTC for
timestamptz), time → ``time``, text → ``str`` exactly as written. Strict bounds on decimals,
floats, times and timestamps stay strict (``minimum_inclusive=False``).

Not modelled (verified only): ORs of ranges, arithmetic, functions other than the ones above,
order comparisons on enums (their order is the label order), the offset in ``b >= a + k``, array
element domains. ``verify_sql`` is always produced when the expression parses and DuckDB can bind
it; PostgreSQL-only pieces are rewritten (``= ANY (ARRAY[...])`` → ``IN``, casts to enums and
domains dropped, bare ``numeric`` casts of literals dropped, integer ``/`` → ``//``,
``num_nonnulls``, ``similar_to_escape``, ``like_escape``, LIKE's backslash escape, SQLite's
``typeof`` and case-insensitive ``LIKE``).

Example:
    >>> from datetime import date
    >>> from datalchemy.contracts.schema import CheckConstraint, TypeFamily
    >>> check = CheckConstraint(name="leads_score_chk", expression="score >= 0 AND score <= 100")
    >>> analysis, domains, orders = analyze_check(
    ...     check, dialect="postgres", base_date=date(2024, 1, 1),
    ...     families={"score": TypeFamily.INTEGER})
    >>> analysis.strategy, analysis.verify_sql
    ('domain', '"score" >= 0 AND "score" <= 100')
    >>> (domains[0].minimum, domains[0].maximum)
    (0, 100)
"""

from __future__ import annotations

import contextlib
import math
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal, cast

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from datalchemy.constraints.model import (
    CheckAnalysis,
    ColumnDomain,
    ColumnOrder,
    Scalar,
    TableConstraints,
)
from datalchemy.contracts.schema import (
    CheckConstraint,
    Column,
    DatabaseSchema,
    DomainType,
    Table,
    TypeFamily,
)

__all__ = ["analyze_check", "analyze_table", "merge_domain"]

Dialect = Literal["postgres", "sqlite"]
_Op = Literal[">", ">=", "<", "<=", "=", "<>"]

_T = exp.DataType.Type
_DATE_TYPES = {_T.DATE, _T.DATE32}
_TIMESTAMP_TYPES = {_T.TIMESTAMP, _T.DATETIME, _T.TIMESTAMPNTZ, _T.TIMESTAMP_S, _T.TIMESTAMP_MS}
_TIMESTAMPTZ_TYPES = {_T.TIMESTAMPTZ, _T.TIMESTAMPLTZ}
_TIME_TYPES = {_T.TIME, _T.TIMETZ}
_INT_TYPES = set(exp.DataType.INTEGER_TYPES) - {_T.BIT}
_DECIMAL_TYPES = {_T.DECIMAL, _T.BIGDECIMAL, _T.MONEY, _T.SMALLMONEY}
_FLOAT_TYPES = {_T.FLOAT, _T.DOUBLE}
_TEXT_TYPES = set(exp.DataType.TEXT_TYPES) | {_T.BPCHAR}

_NUMERIC_FAMILIES = {TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY}
_TEXTLIKE_FAMILIES = {TypeFamily.TEXT, TypeFamily.ENUM, TypeFamily.UNKNOWN}
#: Families whose values have no useful order for bounds (only =, <>, IN are captured).
_UNORDERED_FAMILIES = {
    TypeFamily.ENUM,  # ordered by label position, not by text
    TypeFamily.UUID,
    TypeFamily.JSON,
    TypeFamily.BYTES,
    TypeFamily.NETWORK,
    TypeFamily.ARRAY,
    TypeFamily.BIT,
    TypeFamily.XML,
    TypeFamily.GEOMETRY,
    TypeFamily.RANGE,
    TypeFamily.INTERVAL,
}

#: DuckDB column types used to check that a ``verify_sql`` binds (see :func:`_bind_error`).
_DUCKDB_TYPES: dict[TypeFamily, str] = {
    TypeFamily.BOOLEAN: "BOOLEAN",
    TypeFamily.INTEGER: "BIGINT",
    TypeFamily.DECIMAL: "DECIMAL(38, 10)",
    TypeFamily.FLOAT: "DOUBLE",
    TypeFamily.TEXT: "VARCHAR",
    TypeFamily.UUID: "UUID",
    TypeFamily.DATE: "DATE",
    TypeFamily.TIME: "TIME",
    TypeFamily.TIMESTAMP: "TIMESTAMP",
    TypeFamily.TIMESTAMPTZ: "TIMESTAMPTZ",
    TypeFamily.INTERVAL: "INTERVAL",
    TypeFamily.JSON: "JSON",
    TypeFamily.BYTES: "BLOB",
    TypeFamily.MONEY: "DECIMAL(38, 2)",
}

_FLIP: dict[str, _Op] = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "<>": "<>"}
_NEGATE_OP: dict[str, _Op] = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "<>", "<>": "="}
_CMP_NODES: dict[type[exp.Expression], _Op] = {
    exp.GT: ">",
    exp.GTE: ">=",
    exp.LT: "<",
    exp.LTE: "<=",
    exp.EQ: "=",
    exp.NEQ: "<>",
}

_NOW_FUNCTIONS = {"transaction_timestamp", "statement_timestamp", "clock_timestamp"}


# ---------------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class _Interval:
    """A PostgreSQL-style interval: months, days and microseconds kept apart."""

    months: int = 0
    days: int = 0
    micros: int = 0

    def __neg__(self) -> _Interval:
        return _Interval(-self.months, -self.days, -self.micros)

    @property
    def sign(self) -> int:
        """1 when every part is >= 0 and one is > 0, -1 for the mirror case, else 0."""
        parts = (self.months, self.days, self.micros)
        if all(p >= 0 for p in parts) and any(parts):
            return 1
        if all(p <= 0 for p in parts) and any(parts):
            return -1
        return 0


class _NotConstant(Exception):
    """Raised while folding an expression that is not a constant."""


_Value = int | Decimal | float | str | bool | date | datetime | time | _Interval | None

_UNITS: dict[str, tuple[str, int]] = {}
for _names, _part, _mult in (
    (("year", "years", "y", "yr", "yrs"), "months", 12),
    (("month", "months", "mon", "mons"), "months", 1),
    (("week", "weeks", "w"), "days", 7),
    (("day", "days", "d"), "days", 1),
    (("hour", "hours", "h", "hr", "hrs"), "micros", 3_600_000_000),
    (("minute", "minutes", "min", "mins", "m"), "micros", 60_000_000),
    (("second", "seconds", "sec", "secs", "s"), "micros", 1_000_000),
    (("millisecond", "milliseconds", "ms", "msec", "msecs"), "micros", 1_000),
    (("microsecond", "microseconds", "us", "usec", "usecs"), "micros", 1),
):
    for _name in _names:
        _UNITS[_name] = (_part, _mult)

_HMS = re.compile(r"^([+-])?(\d+):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?$")


def _parse_interval(text: str) -> _Interval | None:
    """``'1 day'``, ``'-18 years'``, ``'1 year 2 mons 3 days 04:05:06'``, ``'01:00:00'``."""
    months = days = micros = 0
    tokens = text.strip().lower().replace(",", " ").split()
    if tokens and tokens[0] == "@":
        tokens = tokens[1:]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        hms = _HMS.match(tok)
        if hms:
            sign = -1 if hms.group(1) == "-" else 1
            frac = (hms.group(5) or "").ljust(6, "0")
            total = (
                int(hms.group(2)) * 3_600_000_000
                + int(hms.group(3)) * 60_000_000
                + int(hms.group(4) or 0) * 1_000_000
                + int(frac or 0)
            )
            micros += sign * total
            i += 1
            continue
        try:
            amount = Decimal(tok)
        except InvalidOperation:
            return None
        if i + 1 >= len(tokens) or tokens[i + 1] not in _UNITS:
            return None
        part, mult = _UNITS[tokens[i + 1]]
        scaled = amount * mult
        if scaled != scaled.to_integral_value() and part != "micros":
            return None
        if part == "months":
            months += int(scaled)
        elif part == "days":
            days += int(scaled)
        else:
            micros += int(scaled)
        i += 2
    if not tokens:
        return None
    return _Interval(months, days, micros)


def _add_months(value: date, months: int) -> date:
    """PostgreSQL's date + months: the day is clamped to the end of the target month."""
    total = value.year * 12 + (value.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    for day in (value.day, 30, 29, 28):
        try:
            return value.replace(year=year, month=month, day=min(value.day, day))
        except ValueError:
            continue
    raise ValueError("bad date")


def _shift(value: date | datetime, interval: _Interval) -> date | datetime:
    """``value + interval``; a date becomes a datetime when the interval has a time part."""
    moved: date | datetime = _add_months(value, interval.months) if interval.months else value
    moved = moved + timedelta(days=interval.days)
    if interval.micros:
        if not isinstance(moved, datetime):
            moved = datetime.combine(moved, time())
        moved = moved + timedelta(microseconds=interval.micros)
    return moved


def _parse_date(text: str) -> date:
    return date.fromisoformat(text.strip())


def _parse_datetime(text: str) -> datetime:
    raw = text.strip()
    # PostgreSQL prints a UTC offset as "+00" or "+05:30"; Python wants +HH:MM.
    match = re.match(r"^(.*?)([+-]\d{2})(:?\d{2})?$", raw)
    if match and (" " in raw or "T" in raw) and match.group(1)[-1:].isdigit():
        offset = match.group(2) + ":" + (match.group(3) or "00").lstrip(":")
        raw = match.group(1) + offset
    return datetime.fromisoformat(raw)


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


# --------------------------------------------------------------------------------- the context


@dataclass
class _Context:
    dialect: Dialect
    base_date: date
    families: Mapping[str, TypeFamily]
    value_column: str | None

    @property
    def base_datetime(self) -> datetime:
        return datetime.combine(self.base_date, time())

    def family(self, column: str) -> TypeFamily | None:
        return self.families.get(column)

    def resolve(self, name: str, quoted: bool) -> str:
        """The table column an identifier names (``VALUE`` → the domain's column)."""
        if self.value_column is not None and not quoted and name.lower() == "value":
            return self.value_column
        if name in self.families:
            return name
        if not quoted and self.dialect == "postgres" and name.lower() in self.families:
            return name.lower()
        if self.dialect == "sqlite" or not quoted:
            matches = [c for c in self.families if c.lower() == name.lower()]
            if len(matches) == 1:
                return matches[0]
        return name


def _prepare(tree: exp.Expression, ctx: _Context) -> exp.Expression:
    """Columns resolved to the table's names (unqualified, quoted), ``VALUE`` substituted."""

    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier):
            ident = node.this
            name = ctx.resolve(ident.name, bool(ident.args.get("quoted")))
            return exp.column(name, quoted=True)
        return node

    return tree.transform(fix, copy=True)


def _columns_of(tree: exp.Expression) -> list[str]:
    seen: dict[str, None] = {}
    for col in tree.find_all(exp.Column):
        if col.name:
            seen.setdefault(col.name, None)
    return list(seen)


# ------------------------------------------------------------------------------- constant folding


def _fold(node: exp.Expression, ctx: _Context) -> _Value:
    """The Python value of a constant expression; raises :class:`_NotConstant` otherwise."""
    if isinstance(node, exp.Paren):
        return _fold(node.this, ctx)
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
            raise _NotConstant(text) from exc
        if number == number.to_integral_value() and re.fullmatch(r"[+-]?\d+", text):
            return int(number)
        return number
    if isinstance(node, exp.Neg):
        inner = _fold(node.this, ctx)
        if isinstance(inner, int | Decimal | float) and not isinstance(inner, bool):
            return -inner
        if isinstance(inner, _Interval):
            return -inner
        raise _NotConstant("neg")
    if isinstance(node, exp.CurrentDate):
        return ctx.base_date
    if isinstance(node, exp.CurrentTimestamp | exp.Localtimestamp | exp.CurrentDatetime):
        return ctx.base_datetime
    if isinstance(node, exp.CurrentTime | exp.Localtime):
        return time()
    if isinstance(node, exp.Interval):
        unit = node.args.get("unit")
        text = str(_fold(node.this, ctx)) + (f" {unit.name}" if unit is not None else "")
        interval = _parse_interval(text)
        if interval is None:
            raise _NotConstant(text)
        return interval
    today = _today_call(node, ctx)
    if today is not None:
        return today
    if isinstance(node, exp.Cast):
        return _cast_value(_fold(node.this, ctx), node.to, ctx)
    if (
        isinstance(node, exp.Anonymous)
        and str(node.name).lower() == "like_escape"
        and len(node.expressions) == 2
    ):
        # PostgreSQL deparses LIKE p ESCAPE e as LIKE like_escape(p, e).
        pattern, escape = (_fold(a, ctx) for a in node.expressions)
        if not isinstance(pattern, str) or not isinstance(escape, str) or len(escape) > 1:
            raise _NotConstant("like_escape")
        return _like_with_backslash(pattern, escape)
    if isinstance(node, exp.Add | exp.Sub):
        left = _fold(node.this, ctx)
        right = _fold(node.expression, ctx)
        return _arith(left, right, subtract=isinstance(node, exp.Sub))
    raise _NotConstant(type(node).__name__)


def _arith(left: _Value, right: _Value, *, subtract: bool) -> _Value:
    if left is None or right is None:
        return None
    if isinstance(left, date) and isinstance(right, _Interval):
        return _shift(left, -right if subtract else right)
    if not subtract and isinstance(left, _Interval) and isinstance(right, date):
        return _shift(right, left)
    if isinstance(left, date) and not isinstance(left, datetime) and isinstance(right, int):
        if isinstance(right, bool):
            raise _NotConstant("bool")
        return left + timedelta(days=-right if subtract else right)
    numbers = (int, Decimal)
    if (
        isinstance(left, numbers)
        and isinstance(right, numbers)
        and not isinstance(left, bool)
        and not isinstance(right, bool)
    ):
        return left - right if subtract else left + right
    raise _NotConstant("arith")


def _today_call(node: exp.Expression, ctx: _Context) -> date | datetime | None:
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
    interval = _parse_interval(text.lstrip("+"))
    if interval is None:
        return None
    shifted = _shift(value, interval)
    return shifted if isinstance(shifted, datetime) else datetime.combine(shifted, time())


def _cast_value(value: _Value, to: exp.DataType, ctx: _Context) -> _Value:
    """Fold ``value::to``."""
    kind = to.this
    if value is None:
        return None
    try:
        if kind in _DATE_TYPES:
            if isinstance(value, str):
                if value.strip().lower() in ("now", "today"):
                    return ctx.base_date
                return (
                    _parse_date(value)
                    if len(value.strip()) <= 10
                    else (_parse_datetime(value).date())
                )
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
        elif kind in _TIMESTAMP_TYPES or kind in _TIMESTAMPTZ_TYPES:
            if isinstance(value, str):
                if value.strip().lower() in ("now", "today"):
                    return ctx.base_datetime
                return _parse_datetime(value)
            if isinstance(value, datetime):
                return value
            if isinstance(value, date):
                return datetime.combine(value, time())
        elif kind in _TIME_TYPES:
            if isinstance(value, str):
                return time.fromisoformat(value.strip())
            if isinstance(value, time):
                return value
        elif kind == _T.INTERVAL:
            if isinstance(value, str):
                interval = _parse_interval(value)
                if interval is not None:
                    return interval
            if isinstance(value, _Interval):
                return value
        elif kind in _INT_TYPES:
            if isinstance(value, str):
                return int(value.strip())
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, Decimal | float):
                # PostgreSQL rounds half away from zero.
                return int(Decimal(value).to_integral_value(rounding=ROUND_HALF_UP))
        elif kind in _DECIMAL_TYPES:
            if isinstance(value, str):
                return Decimal(value.strip())
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                return Decimal(value) if not to.expressions else _round_decimal(value, to)
            if isinstance(value, float):
                return Decimal(repr(value))
        elif kind in _FLOAT_TYPES:
            if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
                return float(value)
            if isinstance(value, float):
                return value
        elif kind in _TEXT_TYPES:
            if isinstance(value, str):
                return value
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                return str(value)
        elif kind == _T.BOOLEAN:
            if isinstance(value, bool):
                return value
            if isinstance(value, str):
                return _parse_bool(value)
        elif kind == _T.USERDEFINED:
            return value  # an enum label or a domain value: the value itself
    except (ValueError, InvalidOperation, OverflowError) as exc:
        raise _NotConstant(str(exc)) from exc
    raise _NotConstant(f"cast to {kind}")


def _round_decimal(value: int | Decimal, to: exp.DataType) -> Decimal:
    params = [p.this for p in to.expressions if isinstance(p, exp.DataTypeParam)]
    if len(params) >= 2 and isinstance(params[1], exp.Literal):
        return Decimal(value).quantize(Decimal(1).scaleb(-int(params[1].this)))
    return Decimal(value).quantize(Decimal(1)) if len(params) == 1 else Decimal(value)


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("t", "true", "y", "yes", "on", "1"):
        return True
    if lowered in ("f", "false", "n", "no", "off", "0"):
        return False
    raise ValueError(text)


def _constant(node: exp.Expression, ctx: _Context) -> tuple[bool, _Value]:
    """``(True, value)`` when ``node`` folds to a constant, else ``(False, None)``."""
    if node.find(exp.Column) is not None:
        return False, None
    try:
        return True, _fold(node, ctx)
    except _NotConstant:
        return False, None
    except (ValueError, ArithmeticError, OverflowError, TypeError):
        return False, None


# --------------------------------------------------------------------- converting to the family


class _Unfit(Exception):
    """A constant that does not convert to the column's family."""


def _to_family(value: _Value, family: TypeFamily | None) -> Scalar:
    """``value`` as the column's family would hold it (a Python scalar)."""
    if value is None or isinstance(value, _Interval):
        raise _Unfit(repr(value))
    try:
        if family == TypeFamily.INTEGER:
            if isinstance(value, bool):
                raise _Unfit("bool")
            if isinstance(value, int):
                return value
            if isinstance(value, Decimal | float):
                return value  # bounds round it inwards; equality checks integrality
            if isinstance(value, str):
                number = Decimal(value.strip())
                return int(number) if number == number.to_integral_value() else number
        elif family in (TypeFamily.DECIMAL, TypeFamily.MONEY):
            if isinstance(value, bool):
                raise _Unfit("bool")
            if isinstance(value, int | Decimal | str):
                return Decimal(value.strip() if isinstance(value, str) else value)
            if isinstance(value, float):
                return Decimal(repr(value))
        elif family == TypeFamily.FLOAT:
            if isinstance(value, int | Decimal | float | str) and not isinstance(value, bool):
                return float(value)
        elif family == TypeFamily.DATE:
            if isinstance(value, datetime):
                return value  # bounds convert it (a date compares as its midnight)
            if isinstance(value, date):
                return value
            if isinstance(value, str):
                text = value.strip()
                return _parse_date(text) if len(text) <= 10 else _parse_datetime(text)
        elif family in (TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ):
            if isinstance(value, datetime):
                return _naive_utc(value)
            if isinstance(value, date):
                return datetime.combine(value, time())
            if isinstance(value, str):
                return _naive_utc(_parse_datetime(value))
        elif family == TypeFamily.TIME:
            if isinstance(value, time):
                return value
            if isinstance(value, str):
                return time.fromisoformat(value.strip())
        elif family == TypeFamily.BOOLEAN:
            if isinstance(value, bool):
                return value
            if isinstance(value, str):
                return _parse_bool(value)
            if isinstance(value, int):
                return bool(value)
        elif family is None:
            return value
        else:  # text-like and the rest compare as text
            if isinstance(value, str):
                return value
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                return str(value)
    except (ValueError, InvalidOperation, OverflowError) as exc:
        raise _Unfit(str(exc)) from exc
    raise _Unfit(f"{type(value).__name__} for {family}")


def _is_integral(value: Scalar) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return False


def _equal_value(value: Scalar, family: TypeFamily | None) -> Scalar | None:
    """The value ``col = value`` allows, or None when no value of the family equals it."""
    if family == TypeFamily.INTEGER and not isinstance(value, int):
        return int(cast(Decimal, value)) if _is_integral(value) else None
    if family == TypeFamily.DATE and isinstance(value, datetime):
        return value.date() if value.time() == time() else None
    return value


# ------------------------------------------------------------------------------------- captures


@dataclass
class _Capture:
    """What one boolean (sub)expression says about columns, and whether that is all it says."""

    domains: dict[str, ColumnDomain] = field(default_factory=dict)
    orders: list[ColumnOrder] = field(default_factory=list)
    exact: bool = True
    notes: list[str] = field(default_factory=list)

    @classmethod
    def nothing(cls, note: str | None = None) -> _Capture:
        return cls(exact=False, notes=[note] if note else [])

    @classmethod
    def of(cls, domain: ColumnDomain, *, exact: bool = True, note: str | None = None) -> _Capture:
        return cls({domain.column: domain}, [], exact, [note] if note else [])

    def domain(self, column: str) -> ColumnDomain:
        return self.domains.setdefault(column, ColumnDomain(column=column))

    def add(self, other: _Capture) -> None:
        """Conjunction: intersect the domains, add the orders."""
        for column, dom in other.domains.items():
            if column in self.domains:
                if not merge_domain(self.domains[column], dom):
                    self.exact = False
                    self.notes.append(f"could not intersect the conditions on {column}")
            else:
                self.domains[column] = dom
        for order in other.orders:
            if order not in self.orders:
                self.orders.append(order)
        self.exact = self.exact and other.exact
        self.notes.extend(n for n in other.notes if n not in self.notes)


def _dedup(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for v in values:
        if not any(v == o and type(v) is type(o) for o in out):
            out.append(v)
    return out


def _tighter_min(dom: ColumnDomain, value: Scalar, inclusive: bool) -> None:
    if dom.minimum is None or value > dom.minimum:  # type: ignore[operator]
        dom.minimum, dom.minimum_inclusive = value, inclusive
    elif value == dom.minimum:
        dom.minimum_inclusive = dom.minimum_inclusive and inclusive


def _tighter_max(dom: ColumnDomain, value: Scalar, inclusive: bool) -> None:
    if dom.maximum is None or value < dom.maximum:  # type: ignore[operator]
        dom.maximum, dom.maximum_inclusive = value, inclusive
    elif value == dom.maximum:
        dom.maximum_inclusive = dom.maximum_inclusive and inclusive


def merge_domain(target: ColumnDomain, other: ColumnDomain) -> bool:
    """Intersect ``other`` into ``target`` (both about the same column).

    Bounds take the tighter side, IN lists intersect (keeping ``target``'s order), forbidden
    values, LIKE patterns, regexes and needles accumulate, lengths tighten, ``null_ok`` holds only
    when both have it and ``not_null`` when either has it. Returns False when two bounds could
    not be compared (the tighter one is then unknown and ``target`` keeps its own).
    """
    ok = True
    try:
        if other.minimum is not None:
            _tighter_min(target, other.minimum, other.minimum_inclusive)
        if other.maximum is not None:
            _tighter_max(target, other.maximum, other.maximum_inclusive)
    except TypeError:
        ok = False
    if other.allowed is not None:
        if target.allowed is None:
            target.allowed = list(other.allowed)
        else:
            target.allowed = [v for v in target.allowed if any(v == o for o in other.allowed)]
    target.forbidden = _dedup([*target.forbidden, *other.forbidden])
    if other.min_length is not None:
        target.min_length = max(target.min_length or 0, other.min_length)
    if other.max_length is not None:
        target.max_length = (
            other.max_length
            if target.max_length is None
            else min(target.max_length, other.max_length)
        )
    target.like = _dedup([*target.like, *other.like])
    target.regex = _dedup([*target.regex, *other.regex])
    target.contains = _dedup([*target.contains, *other.contains])
    target.null_ok = target.null_ok and other.null_ok
    target.not_null = target.not_null or other.not_null
    target.sources = _dedup([*target.sources, *other.sources])
    _prune_allowed(target)
    return ok


def _prune_allowed(dom: ColumnDomain) -> None:
    """Drop IN-list values that the bounds, forbidden values or lengths exclude."""
    if dom.allowed is None:
        return

    def keep(v: Scalar) -> bool:
        try:
            if dom.minimum is not None and (
                v < dom.minimum  # type: ignore[operator]
                or (v == dom.minimum and not dom.minimum_inclusive)
            ):
                return False
            if dom.maximum is not None and (
                v > dom.maximum  # type: ignore[operator]
                or (v == dom.maximum and not dom.maximum_inclusive)
            ):
                return False
        except TypeError:
            pass
        if any(v == f for f in dom.forbidden):
            return False
        if isinstance(v, str):
            if dom.min_length is not None and len(v) < dom.min_length:
                return False
            if dom.max_length is not None and len(v) > dom.max_length:
                return False
            if any(needle not in v for needle in dom.contains):
                return False
        return True

    dom.allowed = [v for v in dom.allowed if keep(v)]


# ------------------------------------------------------------------------------------ the walker


def _unparen(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def _is_null_test(node: exp.Expression) -> str | None:
    """The column of ``col IS NULL``, else None."""
    node = _unparen(node)
    if (
        isinstance(node, exp.Is)
        and isinstance(node.expression, exp.Null)
        and not node.args.get("negate")
    ):
        col = _unparen(node.this)
        if isinstance(col, exp.Column):
            return col.name
    return None


def _flatten(node: exp.Expression, kind: type[exp.Connector]) -> list[exp.Expression]:
    node = _unparen(node)
    if isinstance(node, kind):
        return _flatten(node.this, kind) + _flatten(node.expression, kind)
    return [node]


class _Analyzer:
    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx

    # ----------------------------------------------------------------- column-side expressions

    def column_of(self, node: exp.Expression) -> str | None:
        """The column ``node`` reads unchanged: ``col``, ``(col)``, a cast that keeps the value."""
        node = _unparen(node)
        if isinstance(node, exp.Column):
            return node.name
        if isinstance(node, exp.Collate):
            return self.column_of(node.this)
        if isinstance(node, exp.Cast):
            inner = self.column_of(node.this)
            if inner is None:
                return None
            if self._transparent_cast(self.ctx.family(inner), node.to):
                return inner
        return None

    @staticmethod
    def _transparent_cast(family: TypeFamily | None, to: exp.DataType) -> bool:
        kind = to.this
        if kind == _T.USERDEFINED:
            return True  # to the column's own enum or domain
        if family in _TEXTLIKE_FAMILIES or family is None:
            return bool(kind in _TEXT_TYPES and not to.expressions)
        if family == TypeFamily.INTEGER:
            return bool(
                kind in _INT_TYPES
                or (kind in _DECIMAL_TYPES and not to.expressions)
                or kind in _FLOAT_TYPES
            )
        if family in (TypeFamily.DECIMAL, TypeFamily.MONEY):
            return bool(kind in _DECIMAL_TYPES and not to.expressions)
        same: dict[TypeFamily, set[Any]] = {
            TypeFamily.FLOAT: _FLOAT_TYPES,
            TypeFamily.DATE: _DATE_TYPES,
            TypeFamily.TIMESTAMP: _TIMESTAMP_TYPES,
            TypeFamily.TIMESTAMPTZ: _TIMESTAMPTZ_TYPES,
            TypeFamily.TIME: {_T.TIME},
            TypeFamily.BOOLEAN: {_T.BOOLEAN},
        }
        return family in same and kind in same[family]

    def text_column_of(self, node: exp.Expression) -> str | None:
        """A column of a text-like family read as text (for length, position, LIKE, regex)."""
        col = self.column_of(node)
        if col is None:
            # (col)::text on a non-text column is its text form, not the value itself.
            return None
        family = self.ctx.family(col)
        if family is None or family in _TEXTLIKE_FAMILIES:
            return col
        return None

    # ----------------------------------------------------------------------------- conditions

    def condition(self, node: exp.Expression) -> _Capture:
        node = _unparen(node)
        if node.args.get("negate"):  # x IS NOT NULL, x NOT LIKE ... parse as negate=True
            return self.negation(_without_negate(node))
        if isinstance(node, exp.And):
            capture = _Capture()
            for part in _flatten(node, exp.And):
                capture.add(self.condition(part))
            return capture
        if isinstance(node, exp.Or):
            return self.disjunction(_flatten(node, exp.Or))
        if isinstance(node, exp.Not):
            return self.negation(node.this)
        if isinstance(node, exp.Boolean):
            return _Capture() if node.this else _Capture.nothing("the check is always false")
        if isinstance(node, exp.Column):
            if self.ctx.family(node.name) == TypeFamily.BOOLEAN:
                return _Capture.of(ColumnDomain(node.name, allowed=[True]))
            return _Capture.nothing()
        op = _CMP_NODES.get(type(node))
        if op is not None:
            return self.comparison(op, node.this, node.expression)
        if isinstance(node, exp.NullSafeNEQ | exp.NullSafeEQ):
            return self.distinct_from(node)
        if isinstance(node, exp.Between):
            return self.between(node)
        if isinstance(node, exp.In):
            return self.in_list(node, negated=False)
        if isinstance(node, exp.Is):
            return self.is_test(node)
        if isinstance(node, exp.Escape | exp.Like | exp.ILike):
            return self.like(node)
        if isinstance(node, exp.RegexpLike | exp.RegexpILike):
            return self.regex(node)
        if isinstance(node, exp.SimilarTo | exp.Glob):
            return self.pattern_to_regex(node)
        return _Capture.nothing(f"{type(node).__name__} is verified, not modelled")

    def negation(self, inner: exp.Expression) -> _Capture:
        inner = _unparen(inner)
        if inner.args.get("negate"):
            return self.condition(_without_negate(inner))
        if isinstance(inner, exp.Not):
            return self.condition(inner.this)
        if isinstance(inner, exp.And):
            return self.disjunction([exp.Not(this=p) for p in _flatten(inner, exp.And)])
        if isinstance(inner, exp.Or):
            capture = _Capture()
            for part in _flatten(inner, exp.Or):
                capture.add(self.negation(part))
            return capture
        op = _CMP_NODES.get(type(inner))
        if op is not None:
            # NOT (x op ANY a) is x (not op) ALL a, and the other way round.
            for side, other, o in (
                (inner.expression, inner.this, op),
                (inner.this, inner.expression, _FLIP[op]),
            ):
                side = _unparen(side)
                if isinstance(side, exp.Any) or _is_all(side):
                    return self.quantified(
                        _NEGATE_OP[o], other, side, any_=not isinstance(side, exp.Any)
                    )
            return self.comparison(_NEGATE_OP[op], inner.this, inner.expression)
        if isinstance(inner, exp.In):
            return self.in_list(inner, negated=True)
        if isinstance(inner, exp.NullSafeNEQ | exp.NullSafeEQ):
            flipped = exp.NullSafeEQ if isinstance(inner, exp.NullSafeNEQ) else exp.NullSafeNEQ
            return self.distinct_from(flipped(this=inner.this, expression=inner.expression))
        if isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null):
            col = self.column_of(inner.this)
            if col is not None:
                return _Capture.of(ColumnDomain(col, not_null=True))
        if isinstance(inner, exp.Column) and self.ctx.family(inner.name) == TypeFamily.BOOLEAN:
            return _Capture.of(ColumnDomain(inner.name, allowed=[False]))
        if isinstance(inner, exp.Boolean):
            return _Capture() if not inner.this else _Capture.nothing("always false")
        return _Capture.nothing(f"NOT {type(inner).__name__} is verified, not modelled")

    def disjunction(self, parts: list[exp.Expression]) -> _Capture:
        null_cols = {c for c in (_is_null_test(p) for p in parts) if c is not None}
        rest = [p for p in parts if _is_null_test(p) is None]
        if not rest:
            return _Capture.nothing("an OR of IS NULL tests is verified")
        if len(rest) == 1:
            return self.null_or(null_cols, self.condition(rest[0]))
        # An OR of equalities / IN lists on one column: the union of the values.
        captures = [self.condition(p) for p in rest]
        columns = {c for cap in captures for c in cap.domains}
        if (
            len(columns) == 1
            and all(cap.exact and not cap.orders and len(cap.domains) == 1 for cap in captures)
            and null_cols <= columns
        ):
            (column,) = columns
            doms = [cap.domains[column] for cap in captures]
            if all(_only_allowed(d) for d in doms):
                values: list[Scalar] = []
                for d in doms:
                    values.extend(d.allowed or [])
                merged = ColumnDomain(column, allowed=_dedup(values), null_ok=bool(null_cols))
                return _Capture.of(merged)
        return _Capture.nothing("an OR of different conditions is verified")

    def null_or(self, null_cols: set[str], capture: _Capture) -> _Capture:
        """``a IS NULL [OR b IS NULL] OR <capture>``."""
        if not null_cols:
            return capture
        out = _Capture(exact=capture.exact, notes=list(capture.notes))
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

    # ----------------------------------------------------------------------------- comparisons

    def comparison(self, op: _Op, left: exp.Expression, right: exp.Expression) -> _Capture:
        left, right = _unparen(left), _unparen(right)
        if isinstance(right, exp.Any) or _is_all(right):
            return self.quantified(op, left, right, any_=isinstance(right, exp.Any))
        if isinstance(left, exp.Any) or _is_all(left):
            return self.quantified(_FLIP[op], right, left, any_=isinstance(left, exp.Any))
        lcol, rcol = self.column_of(left), self.column_of(right)
        if lcol is not None and rcol is not None:
            if lcol == rcol:
                return _Capture.nothing("a column compared with itself")
            return _Capture({}, [ColumnOrder(lcol, op, rcol)], True)
        if lcol is not None:
            is_const, value = _constant(right, self.ctx)
            if is_const:
                return self.bound(lcol, op, value)
        if rcol is not None:
            is_const, value = _constant(left, self.ctx)
            if is_const:
                return self.bound(rcol, _FLIP[op], value)
        for a, b, o in ((left, right, op), (right, left, _FLIP[op])):
            is_const, value = _constant(b, self.ctx)
            if not is_const:
                continue
            length_col = self.length_of(a)
            if length_col is not None:
                return self.length(length_col, o, value)
            needle = self.position_of(a)
            if needle is not None:
                return self.position(needle[0], needle[1], o, value)
        offset = self.offset_order(op, left, right)
        if offset is not None:
            return offset
        return _Capture.nothing("a comparison of expressions is verified")

    def bound(self, column: str, op: _Op, value: _Value) -> _Capture:
        family = self.ctx.family(column)
        if value is None:
            return _Capture.nothing("a comparison with NULL never passes")
        try:
            scalar = _to_family(value, family)
        except _Unfit:
            return _Capture.nothing(f"constant {value!r} does not fit {column}")
        dom = ColumnDomain(column)
        if op == "=":
            allowed = _equal_value(scalar, family)
            dom.allowed = [] if allowed is None else [allowed]
            return _Capture.of(dom)
        if op == "<>":
            allowed = _equal_value(scalar, family)
            if allowed is not None:
                dom.forbidden = [allowed]
            return _Capture.of(dom)
        if family in _UNORDERED_FAMILIES or family == TypeFamily.BOOLEAN:
            return _Capture.nothing(f"an order comparison on {family} is verified")
        lower = op in (">", ">=")
        inclusive = op in (">=", "<=")
        try:
            scalar, inclusive = _discrete_bound(scalar, family, lower=lower, inclusive=inclusive)
        except (OverflowError, ValueError):
            return _Capture.nothing(f"bound {value!r} is out of range")
        if lower:
            dom.minimum, dom.minimum_inclusive = scalar, inclusive
        else:
            dom.maximum, dom.maximum_inclusive = scalar, inclusive
        if family in _TEXTLIKE_FAMILIES or family is None:
            # Text order depends on the collation; the bound is a hint, the check is verified.
            return _Capture.of(dom, exact=False, note="text bounds depend on the collation")
        return _Capture.of(dom)

    def quantified(
        self, op: _Op, column_side: exp.Expression, array: exp.Expression, *, any_: bool
    ) -> _Capture:
        """``col <op> ANY (ARRAY[...])`` / ``col <op> ALL (ARRAY[...])``."""
        column = self.column_of(column_side)
        elements = _array_elements(array)
        if column is None or elements is None:
            return _Capture.nothing("ANY / ALL over a non-literal array is verified")
        folded: list[_Value] = []
        for element in elements:
            is_const, value = _constant(element, self.ctx)
            if not is_const:
                return _Capture.nothing("ANY / ALL over a non-constant array is verified")
            folded.append(value)
        is_any = any_
        if op == "=" and is_any:
            return self.values(column, folded, negated=False)
        if op == "<>" and not is_any:
            return self.values(column, folded, negated=True)
        if op in ("=", "<>") or not folded or any(v is None for v in folded):
            return _Capture.nothing("this ANY / ALL is verified")
        # x > ANY(a) holds when x > min(a), x > ALL(a) when x > max(a); mirrored for <.
        captures = [self.bound(column, op, v) for v in folded]
        if not all(c.exact and column in c.domains for c in captures):
            return _Capture.nothing("this ANY / ALL is verified")
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
            return _Capture.nothing("this ANY / ALL is verified")
        return _Capture.of(chosen)

    def values(self, column: str, values: list[_Value], *, negated: bool) -> _Capture:
        """``col IN (values)`` or ``col NOT IN (values)``."""
        family = self.ctx.family(column)
        if any(v is None for v in values) and not negated:
            # x IN (.., NULL) is TRUE or NULL, never FALSE: the check always passes.
            return _Capture()
        scalars: list[Scalar] = []
        for value in values:
            if value is None:
                continue
            try:
                scalar = _equal_value(_to_family(value, family), family)
            except _Unfit:
                return _Capture.nothing(f"constant {value!r} does not fit {column}")
            if scalar is not None:
                scalars.append(scalar)
        dom = ColumnDomain(column)
        if negated:
            dom.forbidden = _dedup(scalars)
        else:
            dom.allowed = _dedup(scalars)
        return _Capture.of(dom)

    def in_list(self, node: exp.In, *, negated: bool) -> _Capture:
        column = self.column_of(node.this)
        if column is None or node.args.get("query") or node.args.get("unnest"):
            return _Capture.nothing("IN over an expression or a subquery is verified")
        field_ = node.args.get("field")
        expressions = list(node.expressions)
        if field_ is not None:
            elements = _array_elements(field_)
            if elements is None:
                return _Capture.nothing("IN over a non-literal array is verified")
            expressions = elements
        folded: list[_Value] = []
        for element in expressions:
            is_const, value = _constant(element, self.ctx)
            if not is_const:
                return _Capture.nothing("IN with a non-constant element is verified")
            folded.append(value)
        return self.values(column, folded, negated=negated)

    def between(self, node: exp.Between) -> _Capture:
        low, high = node.args.get("low"), node.args.get("high")
        if low is None or high is None:
            return _Capture.nothing()
        if node.args.get("symmetric"):
            ok_low, lv = _constant(low, self.ctx)
            ok_high, hv = _constant(high, self.ctx)
            if not (ok_low and ok_high) or lv is None or hv is None:
                return _Capture.nothing("BETWEEN SYMMETRIC over expressions is verified")
            try:
                if lv > hv:  # type: ignore[operator]
                    low, high = high, low
            except TypeError:
                return _Capture.nothing("BETWEEN SYMMETRIC is verified")
        capture = self.comparison(">=", node.this, low)
        capture.add(self.comparison("<=", node.this, high))
        return capture

    def distinct_from(self, node: exp.Expression) -> _Capture:
        column = self.column_of(node.this)
        is_const, value = _constant(node.expression, self.ctx)
        if column is None or not is_const:
            return _Capture.nothing("IS DISTINCT FROM an expression is verified")
        if isinstance(node, exp.NullSafeNEQ):
            if value is None:
                return _Capture.of(ColumnDomain(column, not_null=True))
            return self.bound(column, "<>", value)
        if value is None:
            return _Capture.nothing("IS NOT DISTINCT FROM NULL is verified")
        capture = self.bound(column, "=", value)
        capture.add(_Capture.of(ColumnDomain(column, not_null=True)))
        return capture

    def is_test(self, node: exp.Is) -> _Capture:
        column = self.column_of(node.this)
        target = node.expression
        if (
            column is not None
            and isinstance(target, exp.Boolean)
            and self.ctx.family(column) == TypeFamily.BOOLEAN
        ):
            return _Capture.of(ColumnDomain(column, allowed=[bool(target.this)], not_null=True))
        return _Capture.nothing("this IS test is verified")

    # --------------------------------------------------------------------- text functions

    def length_of(self, node: exp.Expression) -> str | None:
        node = _unparen(node)
        if isinstance(node, exp.Length) and not node.args.get("binary"):
            return self.text_column_of(node.this)
        if (
            isinstance(node, exp.Anonymous)
            and str(node.name).lower() in ("char_length", "character_length", "length")
            and len(node.expressions) == 1
        ):
            return self.text_column_of(node.expressions[0])
        return None

    def length(self, column: str, op: _Op, value: _Value) -> _Capture:
        if not isinstance(value, int | Decimal) or isinstance(value, bool):
            return _Capture.nothing("length compared with a non-number is verified")
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
            return _Capture.nothing("length(x) <> k is verified")
        return _Capture.of(dom)

    def position_of(self, node: exp.Expression) -> tuple[str, str] | None:
        """``(column, needle)`` of ``position(needle IN col)`` / ``strpos`` / ``instr``."""
        node = _unparen(node)
        if not isinstance(node, exp.StrPosition) or node.args.get("position") is not None:
            return None
        column = self.text_column_of(node.this)
        substr = node.args.get("substr")
        if column is None or substr is None:
            return None
        is_const, needle = _constant(substr, self.ctx)
        if not is_const or not isinstance(needle, str) or not needle:
            return None
        return column, needle

    def position(self, column: str, needle: str, op: _Op, value: _Value) -> _Capture:
        if not isinstance(value, int) or isinstance(value, bool):
            return _Capture.nothing("position compared with a non-integer is verified")
        dom = ColumnDomain(column, contains=[needle])
        exact = (
            (op == ">" and value == 0) or (op == ">=" and value == 1) or (op == "<>" and value == 0)
        )
        implies = exact or (op == ">" and value >= 0) or (op in (">=", "=") and value >= 1)
        if not implies:
            return _Capture.nothing(f"position of {needle!r} compared this way is verified")
        note = None if exact else f"the position of {needle!r} is verified"
        return _Capture.of(dom, exact=exact, note=note)

    def like(self, node: exp.Expression) -> _Capture:
        escape: str | None = None
        if isinstance(node, exp.Escape):
            is_const, esc = _constant(node.expression, self.ctx)
            if not is_const or not isinstance(esc, str) or len(esc) > 1:
                return _Capture.nothing("LIKE with this ESCAPE is verified")
            escape = esc
            node = node.this
        if node.args.get("negate") or not isinstance(node, exp.Like | exp.ILike):
            return _Capture.nothing("NOT LIKE is verified")
        column = self.text_column_of(node.this)
        is_const, pattern = _constant(node.expression, self.ctx)
        if column is None or not is_const or not isinstance(pattern, str):
            return _Capture.nothing("LIKE over expressions is verified")
        if escape is None:
            escape = "\\" if self.ctx.dialect == "postgres" else ""
        normalised = _like_with_backslash(pattern, escape)
        if isinstance(node, exp.ILike):
            return _Capture.of(ColumnDomain(column, regex=["(?i)" + _like_to_regex(normalised)]))
        if self.ctx.dialect == "sqlite":
            # SQLite's LIKE ignores ASCII case only; (?i) is a little wider, so verify.
            dom = ColumnDomain(column, regex=["(?i)" + _like_to_regex(normalised)])
            return _Capture.of(dom, exact=False, note="SQLite's LIKE ignores ASCII case; verified")
        return _Capture.of(ColumnDomain(column, like=[normalised]))

    def regex(self, node: exp.Expression) -> _Capture:
        column = self.text_column_of(node.this)
        pattern_node = _unparen(node.expression)
        pattern: _Value
        if isinstance(pattern_node, exp.Anonymous) and str(pattern_node.name).lower() in (
            "similar_to_escape",
            "similar_escape",
        ):
            converted = _similar_call_to_regex(pattern_node, self.ctx)
            if converted is None:
                return _Capture.nothing("this SIMILAR TO is verified")
            pattern = converted
        else:
            is_const, pattern = _constant(pattern_node, self.ctx)
            if not is_const:
                return _Capture.nothing("a regex over expressions is verified")
        if column is None or not isinstance(pattern, str) or node.args.get("flag"):
            return _Capture.nothing("a regex over expressions is verified")
        if isinstance(node, exp.RegexpILike):
            pattern = "(?i)" + pattern
        return _Capture.of(ColumnDomain(column, regex=[pattern]))

    def pattern_to_regex(self, node: exp.Expression) -> _Capture:
        column = self.text_column_of(node.this)
        is_const, pattern = _constant(node.expression, self.ctx)
        if column is None or not is_const or not isinstance(pattern, str):
            return _Capture.nothing("a pattern over expressions is verified")
        if isinstance(node, exp.Glob):
            regex = _glob_to_regex(pattern)
        else:
            escape_node = node.args.get("escape")
            escape = "\\"
            if escape_node is not None:
                ok, esc = _constant(escape_node, self.ctx)
                if not ok or not isinstance(esc, str):
                    return _Capture.nothing("SIMILAR TO with this ESCAPE is verified")
                escape = esc
            regex = _similar_to_regex(pattern, escape)
        return _Capture.of(ColumnDomain(column, regex=[regex]))

    # ------------------------------------------------------------------------ orders + offset

    def offset_order(self, op: _Op, left: exp.Expression, right: exp.Expression) -> _Capture | None:
        """``b >= a + k`` (k a positive interval or number): records ``b > a``; verified."""
        lside = self.column_plus_offset(left)
        rside = self.column_plus_offset(right)
        if lside is None or rside is None:
            return None
        (lcol, loff), (rcol, roff) = lside, rside
        if lcol == rcol:
            return None
        # lcol + loff <op> rcol + roff  <=>  lcol <op> rcol + (roff - loff)
        sign = _offset_sign(roff) - _offset_sign(loff)
        if loff is not None and roff is not None:
            return _Capture.nothing("offsets on both sides are verified")
        if sign > 0 and op in (">", ">="):
            order = ColumnOrder(lcol, ">", rcol)
        elif sign < 0 and op in ("<", "<="):
            order = ColumnOrder(lcol, "<", rcol)
        else:
            return _Capture.nothing("a column compared with another plus an offset is verified")
        return _Capture({}, [order], False, ["the offset between the columns is verified"])

    def column_plus_offset(self, node: exp.Expression) -> tuple[str, _Value] | None:
        node = _unparen(node)
        column = self.column_of(node)
        if column is not None:
            return column, None
        if isinstance(node, exp.Add | exp.Sub):
            base = self.column_of(node.this)
            is_const, value = _constant(node.expression, self.ctx)
            if base is None and isinstance(node, exp.Add):
                base = self.column_of(node.expression)
                is_const, value = _constant(node.this, self.ctx)
            if base is None or not is_const or value is None:
                return None
            if not isinstance(value, _Interval | int | Decimal | float) or isinstance(value, bool):
                return None
            if isinstance(node, exp.Sub):
                value = -value
            return base, value
        return None


def _without_negate(node: exp.Expression) -> exp.Expression:
    plain = node.copy()
    plain.set("negate", None)
    return plain


def _offset_sign(value: _Value) -> int:
    if value is None:
        return 0
    if isinstance(value, _Interval):
        return value.sign
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return (value > 0) - (value < 0)
    return 0


def _only_allowed(dom: ColumnDomain) -> bool:
    return (
        dom.allowed is not None
        and dom.minimum is None
        and dom.maximum is None
        and not dom.forbidden
        and dom.min_length is None
        and dom.max_length is None
        and not dom.like
        and not dom.regex
        and not dom.contains
        and not dom.not_null
    )


def _is_all(node: exp.Expression) -> bool:
    return isinstance(node, exp.All) or (
        isinstance(node, exp.Anonymous) and str(node.name).upper() == "ALL"
    )


def _array_elements(node: exp.Expression) -> list[exp.Expression] | None:
    """The elements of ``ANY (ARRAY[...])`` / ``ALL (...)``, through parens and casts."""
    if isinstance(node, exp.Any | exp.All):
        node = node.this
    elif isinstance(node, exp.Anonymous):
        if len(node.expressions) != 1:
            return None
        node = node.expressions[0]
    while isinstance(node, exp.Paren | exp.Cast):
        node = node.this
    if isinstance(node, exp.Array):
        return list(node.expressions)
    return None


def _discrete_bound(
    value: Scalar, family: TypeFamily | None, *, lower: bool, inclusive: bool
) -> tuple[Scalar, bool]:
    """Integers and dates: strict bounds become inclusive ones (``> 5`` → ``>= 6``)."""
    if family == TypeFamily.INTEGER:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
        if lower:
            return (math.ceil(number) if inclusive else math.floor(number) + 1), True
        return (math.floor(number) if inclusive else math.ceil(number) - 1), True
    if family == TypeFamily.DATE:
        if isinstance(value, datetime):
            # A date compares with a timestamp as its midnight.
            at_midnight = value.time() == time()
            day = value.date()
            if lower:
                if inclusive:
                    return (day if at_midnight else day + timedelta(days=1)), True
                return day + timedelta(days=1), True
            if inclusive or not at_midnight:
                return day, True
            return day - timedelta(days=1), True
        assert isinstance(value, date)
        if inclusive:
            return value, True
        return (value + timedelta(days=1) if lower else value - timedelta(days=1)), True
    return value, inclusive


# ---------------------------------------------------------------------------- pattern converters


def _like_with_backslash(pattern: str, escape: str) -> str:
    """A LIKE pattern rewritten so that ``\\`` is its escape character."""
    if escape == "\\":
        return pattern
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            out.append("\\" + nxt)
            i += 2
            continue
        out.append("\\\\" if ch == "\\" else ch)
        i += 1
    return "".join(out)


def _like_to_regex(pattern: str) -> str:
    """A LIKE pattern (``\\`` escapes) → an anchored regex."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"


def _similar_to_regex(pattern: str, escape: str = "\\") -> str:
    """SQL ``SIMILAR TO`` pattern → an anchored POSIX / Python regex (as PostgreSQL does it)."""
    out: list[str] = []
    i = 0
    in_bracket = False
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if in_bracket:
            out.append(ch)
            if ch == "]":
                in_bracket = False
        elif ch == "[":
            in_bracket = True
            out.append(ch)
            if i + 1 < len(pattern) and pattern[i + 1] in "^]":
                out.append(pattern[i + 1])
                i += 1
        elif ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        elif ch in "|*+?{}()":
            out.append(ch)
        elif ch in ".^$\\":
            out.append("\\" + ch)
        else:
            out.append(ch)
        i += 1
    return "^(?:" + "".join(out) + ")$"


def _similar_call_to_regex(node: exp.Anonymous, ctx: _Context) -> str | None:
    args = list(node.expressions)
    if not args or len(args) > 2:
        return None
    ok, pattern = _constant(args[0], ctx)
    if not ok or not isinstance(pattern, str):
        return None
    escape = "\\"
    if len(args) == 2:
        ok, value = _constant(args[1], ctx)
        if not ok or not (isinstance(value, str) or value is None):
            return None
        escape = value or ""
    return _similar_to_regex(pattern, escape)


def _glob_to_regex(pattern: str) -> str:
    """SQLite ``GLOB`` pattern → an anchored regex."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("^"):
                    body = "^" + body[1:].replace("\\", "\\\\")
                else:
                    body = body.replace("\\", "\\\\")
                out.append("[" + body + "]")
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"


# ------------------------------------------------------------------------------- DuckDB output


def _is_integer_expr(node: exp.Expression, ctx: _Context) -> bool:
    node = _unparen(node)
    if isinstance(node, exp.Column):
        return ctx.family(node.name) == TypeFamily.INTEGER
    if isinstance(node, exp.Literal):
        return not node.is_string and re.fullmatch(r"\d+", str(node.this)) is not None
    if isinstance(node, exp.Neg):
        return _is_integer_expr(node.this, ctx)
    if isinstance(node, exp.Cast):
        return node.to.this in _INT_TYPES
    if isinstance(node, exp.Add | exp.Sub | exp.Mul | exp.Mod | exp.IntDiv | exp.Div):
        return _is_integer_expr(node.this, ctx) and _is_integer_expr(node.expression, ctx)
    return False


def _literal_of(value: date) -> exp.Expression:
    return exp.Var(this=f"DATE '{value.isoformat()}'")


def _literal_of_datetime(value: datetime) -> exp.Expression:
    text = value.isoformat(sep=" ", timespec="seconds" if not value.microsecond else "microseconds")
    return exp.Var(this=f"TIMESTAMP '{text}'")


def _to_duckdb(tree: exp.Expression, ctx: _Context) -> str:
    """The prepared CHECK as a DuckDB boolean expression."""

    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.CurrentDate):
            return _literal_of(ctx.base_date)
        if isinstance(node, exp.CurrentTimestamp | exp.Localtimestamp | exp.CurrentDatetime):
            return _literal_of_datetime(ctx.base_datetime)
        if isinstance(node, exp.CurrentTime | exp.Localtime):
            return exp.Var(this="TIME '00:00:00'")
        today = _today_call(node, ctx)
        if today is not None:
            if isinstance(today, datetime):
                return _literal_of_datetime(today)
            return _literal_of(today)
        if isinstance(node, exp.Cast):
            return _fix_cast(node, ctx)
        if isinstance(node, exp.EQ | exp.NEQ):
            rewritten = _quantified_to_in(node)
            if rewritten is not None:
                return rewritten
        if isinstance(node, exp.Collate):
            # DuckDB compares bytes; PostgreSQL's collations are not there.
            return cast(exp.Expression, node.this)
        if (
            isinstance(node, exp.Div)
            and node.args.get("typed")
            and _is_integer_expr(node.this, ctx)
            and _is_integer_expr(node.expression, ctx)
        ):
            return exp.IntDiv(this=node.this, expression=node.expression)
        if isinstance(node, exp.Anonymous):
            return _fix_function(node, ctx)
        if isinstance(node, exp.Typeof) and ctx.dialect == "sqlite":
            return _sqlite_typeof(node.this, ctx)
        if isinstance(node, exp.SimilarTo):
            ok, pattern = _constant(node.expression, ctx)
            escape = "\\"
            escape_node = node.args.get("escape")
            if escape_node is not None:
                ok_e, esc = _constant(escape_node, ctx)
                if not ok_e or not isinstance(esc, str):
                    raise _NotConstant("SIMILAR TO with a non-constant escape")
                escape = esc
            if not ok or not isinstance(pattern, str):
                raise _NotConstant("SIMILAR TO with a non-constant pattern")
            return exp.RegexpLike(
                this=node.this, expression=exp.Literal.string(_similar_to_regex(pattern, escape))
            )
        if isinstance(node, exp.Like | exp.ILike) and not isinstance(node.parent, exp.Escape):
            if ctx.dialect == "sqlite" and isinstance(node, exp.Like):
                # SQLite's LIKE ignores ASCII case.
                return exp.ILike(
                    this=node.this, expression=node.expression, negate=node.args.get("negate")
                )
            ok, pattern = _constant(node.expression, ctx)
            if ctx.dialect == "postgres" and ok and isinstance(pattern, str) and "\\" in pattern:
                # PostgreSQL's LIKE escapes with a backslash by default, DuckDB's does not.
                return exp.Escape(this=node, expression=exp.Literal.string("\\"))
        return node

    fixed = _transform_up(tree.copy(), fix)
    sql: str = fixed.sql(dialect="duckdb", identify=True, unsupported_level=ErrorLevel.RAISE)
    return sql


def _quantified_to_in(node: exp.EQ | exp.NEQ) -> exp.Expression | None:
    """``x = ANY (ARRAY[...])`` → ``x IN (...)``, ``x <> ALL (ARRAY[...])`` → ``NOT IN``.

    Same three-valued result, and DuckDB evaluates an IN list much faster than ANY over a list.
    """
    quantifier = node.expression
    if isinstance(node, exp.EQ) and not isinstance(quantifier, exp.Any):
        return None
    if isinstance(node, exp.NEQ) and not _is_all(quantifier):
        return None
    elements = _array_elements(quantifier)
    if not elements or any(e.find(exp.Column) is not None for e in elements):
        return None
    member = exp.In(this=node.this, expressions=[e.copy() for e in elements])
    return member if isinstance(node, exp.EQ) else exp.Not(this=exp.Paren(this=member))


def _transform_up(
    node: exp.Expression, fun: Callable[[exp.Expression], exp.Expression]
) -> exp.Expression:
    """Apply ``fun`` children first (sqlglot's ``transform`` skips the children of a new node)."""
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expression):
            node.set(key, _transform_up(value, fun))
        elif isinstance(value, list):
            node.set(
                key,
                [_transform_up(v, fun) if isinstance(v, exp.Expression) else v for v in value],
            )
    return fun(node)


def _fix_cast(node: exp.Cast, ctx: _Context) -> exp.Expression:
    to = node.to
    kind = to.this
    inner: exp.Expression = node.this
    if kind == _T.USERDEFINED:
        return inner  # an enum or domain: the data holds the plain value
    if (
        kind in _TEXT_TYPES
        and not to.expressions
        and isinstance(inner, exp.Literal)
        and inner.is_string
    ):
        return inner  # 'x'::text is just 'x'
    if (
        isinstance(inner, exp.Literal)
        and inner.is_string
        and kind in (_DATE_TYPES | _TIMESTAMP_TYPES | _TIMESTAMPTZ_TYPES)
        and str(inner.this).strip().lower() in ("now", "today")
    ):
        if kind in _DATE_TYPES:
            return _literal_of(ctx.base_date)
        return _literal_of_datetime(ctx.base_datetime)
    if kind in _DECIMAL_TYPES and not to.expressions:
        # PostgreSQL's unconstrained numeric; DuckDB's bare DECIMAL is DECIMAL(18,3) and rounds.
        base = _unparen(inner)
        if isinstance(base, exp.Literal | exp.Neg):
            ok, value = _constant(base, ctx)
            if ok and isinstance(value, int | Decimal) and not isinstance(value, bool):
                return (
                    exp.Literal.number(str(value))
                    if value >= 0
                    else exp.Neg(this=exp.Literal.number(str(-value)))
                )
            if ok and isinstance(value, str):
                try:
                    number = Decimal(value.strip())
                except InvalidOperation:
                    return node
                text = str(abs(number))
                return (
                    exp.Literal.number(text)
                    if number >= 0
                    else exp.Neg(this=exp.Literal.number(text))
                )
        if isinstance(base, exp.Column) and ctx.family(base.name) in _NUMERIC_FAMILIES:
            return inner
        return exp.Cast(this=inner, to=exp.DataType.build("DOUBLE"))
    return node


def _fix_function(node: exp.Anonymous, ctx: _Context) -> exp.Expression:
    name = str(node.name).lower()
    args = list(node.expressions)
    if name in ("num_nonnulls", "num_nulls") and args:
        test = "IS NOT NULL" if name == "num_nonnulls" else "IS NULL"
        terms = [
            exp.Case(
                ifs=[
                    exp.If(
                        this=exp.Is(this=a.copy(), expression=exp.Null())
                        if test == "IS NULL"
                        else exp.Not(this=exp.Is(this=a.copy(), expression=exp.Null())),
                        true=exp.Literal.number(1),
                    )
                ],
                default=exp.Literal.number(0),
            )
            for a in args
        ]
        total: exp.Expression = terms[0]
        for term in terms[1:]:
            total = exp.Add(this=total, expression=term)
        return exp.Paren(this=total)
    if name in ("similar_to_escape", "similar_escape"):
        regex = _similar_call_to_regex(node, ctx)
        if regex is None:
            raise _NotConstant("similar_to_escape with a non-constant pattern")
        return exp.Literal.string(regex)
    if name == "like_escape":
        ok, pattern = _constant(node, ctx)
        if not ok or not isinstance(pattern, str):
            raise _NotConstant("like_escape with a non-constant pattern")
        return exp.Literal.string(pattern)
    if name == "typeof" and ctx.dialect == "sqlite" and len(args) == 1:
        return _sqlite_typeof(args[0], ctx)
    return node


def _sqlite_typeof(arg: exp.Expression, ctx: _Context) -> exp.Expression:
    """SQLite's ``typeof(x)`` ('integer', 'real', 'text', 'blob', 'null') over DuckDB values."""
    column = arg.name if isinstance(arg, exp.Column) else None
    family = ctx.family(column) if column else None
    name = {
        TypeFamily.INTEGER: "integer",
        TypeFamily.BOOLEAN: "integer",
        TypeFamily.FLOAT: "real",
        TypeFamily.DECIMAL: "real",
        TypeFamily.BYTES: "blob",
    }.get(family or TypeFamily.TEXT, "text")
    return exp.Case(
        ifs=[
            exp.If(
                this=exp.Is(this=arg.copy(), expression=exp.Null()), true=exp.Literal.string("null")
            )
        ],
        default=exp.Literal.string(name),
    )


# ------------------------------------------------------------------------------ binding in DuckDB

_local = threading.local()


def _duckdb_connection() -> Any:
    con = getattr(_local, "connection", None)
    if con is None:
        import duckdb

        con = duckdb.connect(config={"enable_external_access": False})
        with contextlib.suppress(duckdb.Error):
            con.execute("SET TimeZone = 'UTC'")
        _local.connection = con
    return con


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bind_error(sql: str, columns: list[str], families: Mapping[str, TypeFamily]) -> str | None:
    """DuckDB's error when ``sql`` does not bind over columns of the families, else None."""
    if any(c not in families or families[c] == TypeFamily.ARRAY for c in columns):
        return None  # element types unknown here: the verifier finds out on the first batch
    import duckdb

    select = (
        ", ".join(
            f"CAST(NULL AS {_DUCKDB_TYPES.get(families[c], 'VARCHAR')}) AS {_quote(c)}"
            for c in columns
        )
        or "1 AS _"
    )
    query = f"SELECT coalesce(NOT ({sql}), false) FROM (SELECT {select}) AS batch"
    try:
        _duckdb_connection().execute(query).fetchall()
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    return None


# ------------------------------------------------------------------------------------ public API


def analyze_check(
    check: CheckConstraint,
    *,
    dialect: Dialect,
    base_date: date,
    families: Mapping[str, TypeFamily],
    value_column: str | None = None,
) -> tuple[CheckAnalysis, list[ColumnDomain], list[ColumnOrder]]:
    """Analyse one CHECK: how much of it domains and orders capture, and how to verify it.

    Args:
        check: the constraint; ``expression`` is the boolean expression without ``CHECK (...)``.
        dialect: the SQL dialect the expression is written in.
        base_date: "today" (``CURRENT_DATE`` is this date, ``now()`` this date at 00:00:00).
        families: the table's columns and their type families (constants are converted to them;
            identifiers are matched to these names).
        value_column: for a domain's CHECK, the column that ``VALUE`` stands for.

    Returns:
        ``(analysis, domains, orders)``; never raises. ``analysis.strategy`` is ``domain`` when
        the domains and orders capture the check exactly, ``verify`` when they capture a
        necessary part of it (or nothing), ``unsupported`` when it could not be translated to a
        DuckDB expression that binds.
    """
    label = check.name or check.expression
    expression = check.expression
    fallback_columns = [value_column] if value_column else list(check.columns)

    def unsupported(note: str, columns: list[str]) -> tuple[CheckAnalysis, list[Any], list[Any]]:
        return (
            CheckAnalysis(check.name, expression, columns, "unsupported", None, note),
            [],
            [],
        )

    ctx = _Context(dialect, base_date, families, value_column)
    try:
        tree = sqlglot.parse_one(expression, read=dialect)
    except SqlglotError as exc:
        return unsupported(f"cannot parse: {_first_line(exc)}", fallback_columns)
    except Exception as exc:  # sqlglot raises more than its own errors on odd input
        return unsupported(f"cannot parse: {type(exc).__name__}: {exc}", fallback_columns)
    if not isinstance(tree, exp.Expression):
        return unsupported("not an expression", fallback_columns)
    if (
        isinstance(tree, exp.Anonymous)
        and str(tree.name).upper() == "CHECK"
        and len(tree.expressions) == 1
    ):
        tree = tree.expressions[0]  # a stray CHECK (...) wrapper
    bad = _forbidden_node(tree)
    if bad is not None:
        return unsupported(bad, fallback_columns)
    try:
        prepared = _prepare(tree, ctx)
        columns = _columns_of(prepared) or fallback_columns
    except Exception as exc:
        return unsupported(f"cannot read: {type(exc).__name__}: {exc}", fallback_columns)
    if (
        value_column is None
        and check.level == "domain"
        and "value" not in {c.lower() for c in families}
        and any(c.lower() == "value" for c in columns)
    ):
        return unsupported("a domain CHECK needs the column VALUE stands for", columns)
    unknown = [c for c in columns if c not in families]
    if families and unknown:
        return unsupported(f"unknown column(s): {', '.join(unknown)}", columns)
    try:
        verify_sql = _to_duckdb(prepared, ctx)
    except SqlglotError as exc:
        return unsupported(f"cannot write it for DuckDB: {_first_line(exc)}", columns)
    except Exception as exc:
        return unsupported(f"cannot write it for DuckDB: {type(exc).__name__}: {exc}", columns)
    error = _bind_error(verify_sql, columns, families)
    if error is not None:
        return unsupported(f"DuckDB cannot evaluate it: {error}", columns)
    try:
        capture = _Analyzer(ctx).condition(prepared)
    except Exception as exc:  # analysis is best effort; verification still holds
        capture = _Capture.nothing(f"analysis failed: {type(exc).__name__}: {exc}")
    domains = [replace(d, sources=[label]) for d in capture.domains.values() if _useful(d)]
    orders = [replace(o, source=label) for o in capture.orders]
    strategy: Literal["domain", "verify"] = "domain" if capture.exact else "verify"
    note = None
    if strategy == "verify":
        note = "; ".join(capture.notes) or "not captured by domains; verified on every block"
    analysis = CheckAnalysis(check.name, expression, columns, strategy, verify_sql, note)
    return analysis, domains, orders


def _useful(dom: ColumnDomain) -> bool:
    return dom != ColumnDomain(dom.column, sources=dom.sources)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _forbidden_node(tree: exp.Expression) -> str | None:
    """Why ``tree`` is not a plain row expression (statements, subqueries), or None."""
    if isinstance(tree, exp.Block | exp.Query | exp.DDL | exp.DML | exp.Command):
        return "not a boolean expression"
    if tree.find(exp.Query, exp.Command, exp.DDL, exp.DML, exp.Placeholder) is not None:
        return "subqueries and statements are not row checks"
    return None


def _domain_chain(schema: DatabaseSchema, name: str | None) -> Iterator[DomainType]:
    """A domain, then the domain it is over, and so on (cycles stop)."""
    seen: set[str] = set()
    while name is not None and name not in seen:
        seen.add(name)
        domain = schema.domain(name)
        if domain is None:
            return
        yield domain
        name = domain.base_domain


def analyze_table(schema: DatabaseSchema, table: Table, *, base_date: date) -> TableConstraints:
    """Every CHECK of ``table`` and of its columns' domains, analysed and merged per column.

    The table's own checks come first (in contract order), then, per column in ordinal order,
    the checks of its domain and of the domains under it (``VALUE`` standing for the column).
    A domain declared ``NOT NULL`` sets ``not_null`` on the column's domain (source
    ``"<domain> NOT NULL"``). Domains of the same column are intersected (see
    :func:`merge_domain`); ``sources`` lists the checks that contributed.
    """
    dialect: Dialect = "sqlite" if schema.engine == "sqlite" else "postgres"
    families = {c.name: c.family for c in table.columns}
    result = TableConstraints()

    def absorb(
        analysis: CheckAnalysis, domains: list[ColumnDomain], orders: list[ColumnOrder]
    ) -> None:
        result.checks.append(analysis)
        for dom in domains:
            if dom.column in result.domains:
                merge_domain(result.domains[dom.column], dom)
            else:
                result.domains[dom.column] = replace(dom)
        for order in orders:
            if order not in result.orders:
                result.orders.append(order)

    for check in table.checks:
        absorb(*analyze_check(check, dialect=dialect, base_date=base_date, families=families))
    for column in sorted(table.columns, key=lambda c: c.ordinal):
        for domain in _domain_chain(schema, column.domain):
            for check in domain.checks:
                absorb(
                    *analyze_check(
                        check,
                        dialect=dialect,
                        base_date=base_date,
                        families=families,
                        value_column=column.name,
                    )
                )
            if domain.not_null:
                _absorb_not_null(result, column, domain)
    return result


def _absorb_not_null(result: TableConstraints, column: Column, domain: DomainType) -> None:
    dom = ColumnDomain(column.name, not_null=True, sources=[f"{domain.qualified_name} NOT NULL"])
    if column.name in result.domains:
        merge_domain(result.domains[column.name], dom)
    else:
        result.domains[column.name] = dom
