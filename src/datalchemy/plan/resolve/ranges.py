"""Value ranges a column can hold, and range params for the generators that fill it.

The limits of a column's type (integer width, ``numeric(p, s)``), dates counted from the base
date, and the ``min`` / ``max`` params of range generators kept inside those limits.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> small = Column(ordinal=1, name="n", declared_type="smallint", family=TypeFamily.INTEGER,
    ...                nullable=False, int_bits=16)
    >>> int_limits(small)
    (-32768, 32767)
    >>> int_range(HeuristicInput(small, "t"), 0, 100_000)
    ('primitive.int.range', {'min': 0, 'max': 32767})
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.plan.resolve.names import HeuristicInput, Params

__all__ = [
    "days_from",
    "decimal_limit",
    "decimal_params",
    "int_limits",
    "int_range",
    "temporal_range",
    "timestamp_param",
    "years_from",
]


def int_limits(column: Column) -> tuple[int, int]:
    """Smallest and largest value of the column's integer width (64 bits when unknown)."""
    bits = column.int_bits or 64
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def decimal_limit(column: Column) -> float | None:
    """Largest absolute value ``numeric(p, s)`` holds (None when unbounded)."""
    if column.precision is None:
        return None
    scale = column.scale or 0
    return float(10 ** (column.precision - scale)) - 10.0 ** (-scale)


def days_from(d: date, n: float) -> date:
    """``n`` days after ``d`` (before when negative), rounded to whole days."""
    return d + timedelta(days=round(n))


def years_from(d: date, n: float) -> date:
    """``n`` years of 365.25 days after ``d``."""
    return days_from(d, 365.25 * n)


def timestamp_param(value: date | datetime) -> str:
    """Param text for a timestamp bound (a date means its midnight)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None) - (value.utcoffset() or timedelta(0))
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def temporal_range(info: HeuristicInput, lo: date, hi: date) -> tuple[str, Params]:
    """A date or timestamp range generator (by the column's family) from ``lo`` to ``hi``."""
    if info.family == TypeFamily.DATE:
        return "primitive.date.range", {"min": lo.isoformat(), "max": hi.isoformat()}
    return "primitive.timestamp.range", {"min": timestamp_param(lo), "max": timestamp_param(hi)}


def int_range(info: HeuristicInput, lo: int, hi: int) -> tuple[str, Params]:
    """``primitive.int.range`` over ``[lo, hi]`` cut to the column's integer width."""
    wlo, whi = int_limits(info.column)
    lo, hi = max(lo, wlo), min(hi, whi)
    return "primitive.int.range", {"min": lo, "max": max(lo, hi)}


def decimal_params(info: HeuristicInput, lo: float, hi: float, scale: int | None = None) -> Params:
    """``min`` / ``max`` / ``scale`` of a decimal range inside the column's precision and scale."""
    col = info.column
    if scale is None:
        scale = col.scale if col.scale is not None else 2
    if col.scale is not None:
        scale = min(scale, col.scale)
    limit = decimal_limit(col)
    if limit is not None:
        hi = min(hi, limit)
        lo = max(lo, -limit)
    lo, hi = _clean(lo), _clean(max(lo, hi))
    return {"min": lo, "max": hi, "scale": scale}


def _clean(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)
