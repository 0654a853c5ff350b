"""Constant values of a CHECK: intervals, dates and times, and conversion to a column's family.

Folding (:mod:`.folding`) turns a constant expression into a :data:`Value`; :func:`to_family`
converts it to what the column holds (an ``int`` for an integer column, a naive UTC ``datetime``
for a timestamptz column...), :func:`equal_value` says which value ``col = v`` allows and
:func:`discrete_bound` turns strict bounds on integers and dates into inclusive ones.

Example:
    >>> from datetime import date
    >>> shift(date(2024, 1, 31), parse_interval("1 mon"))
    datetime.date(2024, 2, 29)
    >>> to_family("42", TypeFamily.INTEGER)
    42
    >>> discrete_bound(5, TypeFamily.INTEGER, lower=True, inclusive=False)
    (6, True)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import cast

from datalchemy.constraints.model import Scalar
from datalchemy.contracts.schema import TypeFamily
from datalchemy.dates import add_months

__all__ = [
    "Interval",
    "Unfit",
    "Value",
    "discrete_bound",
    "equal_value",
    "naive_utc",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_interval",
    "shift",
    "to_family",
]


@dataclass(frozen=True, repr=False)
class Interval:
    """A PostgreSQL-style interval: months, days and microseconds kept apart."""

    months: int = 0
    days: int = 0
    micros: int = 0

    def __repr__(self) -> str:
        # NOTE: analysis notes print constants with repr() ("constant ... does not fit x"). This
        # spelling predates the split of checks.py; it is kept so notes stay byte-identical.
        return f"_Interval(months={self.months}, days={self.days}, micros={self.micros})"

    def __neg__(self) -> Interval:
        return Interval(-self.months, -self.days, -self.micros)

    @property
    def sign(self) -> int:
        """1 when every part is >= 0 and one is > 0, -1 for the mirror case, else 0."""
        parts = (self.months, self.days, self.micros)
        if all(p >= 0 for p in parts) and any(parts):
            return 1
        if all(p <= 0 for p in parts) and any(parts):
            return -1
        return 0


#: What a constant expression folds to (None is SQL NULL).
Value = int | Decimal | float | str | bool | date | datetime | time | Interval | None

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


def parse_interval(text: str) -> Interval | None:
    """``'1 day'``, ``'-18 years'``, ``'1 year 2 mons 3 days 04:05:06'``, ``'01:00:00'``.

    Example:
        >>> parse_interval("1 year 2 mons 3 days 04:05:06")
        _Interval(months=14, days=3, micros=14706000000)
        >>> parse_interval("soon") is None
        True
    """
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
    return Interval(months, days, micros)


def shift(value: date | datetime, interval: Interval) -> date | datetime:
    """``value + interval``; a date becomes a datetime when the interval has a time part.

    Example:
        >>> shift(date(2024, 1, 1), Interval(micros=3_600_000_000))
        datetime.datetime(2024, 1, 1, 1, 0)
    """
    moved: date | datetime = add_months(value, interval.months) if interval.months else value
    moved = moved + timedelta(days=interval.days)
    if interval.micros:
        if not isinstance(moved, datetime):
            moved = datetime.combine(moved, time())
        moved = moved + timedelta(microseconds=interval.micros)
    return moved


def parse_date(text: str) -> date:
    return date.fromisoformat(text.strip())


def parse_datetime(text: str) -> datetime:
    """An ISO timestamp, also with PostgreSQL's short UTC offset.

    Example:
        >>> parse_datetime("2019-12-31 22:00:00+00")
        datetime.datetime(2019, 12, 31, 22, 0, tzinfo=datetime.timezone.utc)
    """
    raw = text.strip()
    # PostgreSQL prints a UTC offset as "+00" or "+05:30"; Python wants +HH:MM.
    match = re.match(r"^(.*?)([+-]\d{2})(:?\d{2})?$", raw)
    if match and (" " in raw or "T" in raw) and match.group(1)[-1:].isdigit():
        offset = match.group(2) + ":" + (match.group(3) or "00").lstrip(":")
        raw = match.group(1) + offset
    return datetime.fromisoformat(raw)


def naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def parse_bool(text: str) -> bool:
    """PostgreSQL's boolean input spellings (``'t'``, ``'yes'``, ``'off'``...)."""
    lowered = text.strip().lower()
    if lowered in ("t", "true", "y", "yes", "on", "1"):
        return True
    if lowered in ("f", "false", "n", "no", "off", "0"):
        return False
    raise ValueError(text)


# --------------------------------------------------------------------- converting to the family


class Unfit(Exception):
    """A constant that does not convert to the column's family."""


def to_family(value: Value, family: TypeFamily | None) -> Scalar:
    """``value`` as the column's family would hold it (a Python scalar); raises :class:`Unfit`."""
    if value is None or isinstance(value, Interval):
        raise Unfit(repr(value))
    try:
        if family == TypeFamily.INTEGER:
            if isinstance(value, bool):
                raise Unfit("bool")
            if isinstance(value, int):
                return value
            if isinstance(value, Decimal | float):
                return value  # bounds round it inwards; equality checks integrality
            if isinstance(value, str):
                number = Decimal(value.strip())
                return int(number) if number == number.to_integral_value() else number
        elif family in (TypeFamily.DECIMAL, TypeFamily.MONEY):
            if isinstance(value, bool):
                raise Unfit("bool")
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
                return parse_date(text) if len(text) <= 10 else parse_datetime(text)
        elif family in (TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ):
            if isinstance(value, datetime):
                return naive_utc(value)
            if isinstance(value, date):
                return datetime.combine(value, time())
            if isinstance(value, str):
                return naive_utc(parse_datetime(value))
        elif family == TypeFamily.TIME:
            if isinstance(value, time):
                return value
            if isinstance(value, str):
                return time.fromisoformat(value.strip())
        elif family == TypeFamily.BOOLEAN:
            if isinstance(value, bool):
                return value
            if isinstance(value, str):
                return parse_bool(value)
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
        raise Unfit(str(exc)) from exc
    raise Unfit(f"{type(value).__name__} for {family}")


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


def equal_value(value: Scalar, family: TypeFamily | None) -> Scalar | None:
    """The value ``col = value`` allows, or None when no value of the family equals it.

    Example:
        >>> equal_value(Decimal("5.0"), TypeFamily.INTEGER), equal_value(5.5, TypeFamily.INTEGER)
        (5, None)
    """
    if family == TypeFamily.INTEGER and not isinstance(value, int):
        return int(cast(Decimal, value)) if _is_integral(value) else None
    if family == TypeFamily.DATE and isinstance(value, datetime):
        return value.date() if value.time() == time() else None
    return value


def discrete_bound(
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
