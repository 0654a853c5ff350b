"""Calendar arithmetic that the standard library leaves out.

Example:
    >>> from datetime import date, datetime
    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(datetime(2024, 3, 31, 8, 30), -13)
    datetime.datetime(2023, 2, 28, 8, 30)
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import TypeVar

__all__ = ["add_months"]

D = TypeVar("D", bound=date)


def add_months(value: D, months: int) -> D:
    """``value`` moved by whole months (a ``date`` or a ``datetime``; the time is kept).

    The day is clamped to the end of the target month, as PostgreSQL does for ``date + interval
    '1 month'``: 31 January plus one month is 29 February in a leap year.

    Raises:
        ValueError: the result falls outside years 1-9999.
    """
    total = value.year * 12 + (value.month - 1) + months
    year, month0 = divmod(total, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"{value} moved by {months} months falls outside years 1-9999")
    month = month0 + 1
    return value.replace(year=year, month=month, day=min(value.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
