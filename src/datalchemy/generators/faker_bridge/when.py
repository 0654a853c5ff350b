"""Datetimes relative to the plan's ``base_date`` (``-30y``, ``+2w3d``, ``now``) for the date params
of the Faker-backed IDs; the clock is never read."""

from __future__ import annotations

import datetime as dt
import re

from datalchemy.dates import add_months

__all__ = ["check_when", "relative", "resolve_when"]


_REL = re.compile(r"^([+-])((?:\d+[yMwdhms])+)$")
_REL_PART = re.compile(r"(\d+)([yMwdhms])")


def resolve_when(text: str, base: dt.date) -> dt.datetime:
    """A naive UTC datetime from an ISO date/datetime, ``now``/``today`` or an offset.

    Offsets count from ``base`` at midnight: ``-30y``, ``+2w3d``, ``-1M`` (units ``y M w d h m s``).
    The clock is never read.

    Raises:
        ValueError: the text is none of these, or falls outside years 1-9999.

    Example:
        >>> resolve_when("-1y2M", dt.date(2024, 3, 31))
        datetime.datetime(2023, 1, 31, 0, 0)
    """
    t = text.strip()
    midnight = dt.datetime(base.year, base.month, base.day)
    if t in ("now", "today"):
        return midnight
    m = _REL.match(t)
    try:
        if m:
            sign = 1 if m.group(1) == "+" else -1
            months = 0
            delta = dt.timedelta()
            for num, unit in _REL_PART.findall(m.group(2)):
                n = int(num)
                if unit == "y":
                    months += 12 * n
                elif unit == "M":
                    months += n
                else:
                    key = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
                    delta += dt.timedelta(**{key[unit]: n})
            return add_months(midnight, sign * months) + sign * delta
        value = dt.datetime.fromisoformat(t)
    except (OverflowError, ValueError) as exc:
        if m:
            raise ValueError(f"{text!r} falls outside years 1-9999") from exc
        raise ValueError(
            f"cannot read {text!r}: use an ISO date or datetime, 'now', or an offset such as "
            "'-30y' or '+2w3d' (relative to the plan's base_date)"
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def relative(text: str) -> bool:
    """Whether ``text`` depends on ``base_date`` (``now``, ``today`` or an offset)."""
    t = text.strip()
    return t in ("now", "today") or bool(_REL.match(t))


def check_when(value: str) -> str:
    """Validator of date params: ``value`` must be readable by :func:`resolve_when`."""
    resolve_when(value, dt.date(2024, 1, 1))
    return value
