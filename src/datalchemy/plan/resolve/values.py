"""What values a generator (with its params and transforms) can produce, as far as it is decidable.

Two summaries are computed without generating a column:

- :func:`enumerate_values`: every value, when the value space is small (at most
  :data:`ENUMERATION_LIMIT`) and the generator can enumerate it (``from_index``), after the
  column's transforms (``transform.weighted_choice`` replaces them by its choices);
- :func:`value_range`: the ``[low, high]`` interval of range generators (integers, decimals,
  floats, money, dates, timestamps, times) from their params and defaults.

:func:`admits` says whether a single value satisfies a CHECK :class:`ColumnDomain` (True, False,
or None when it cannot tell).

Example:
    >>> from datalchemy.constraints.model import ColumnDomain
    >>> admits(ColumnDomain("tipo", allowed=["tarefa", "reuniao"]), "SP")
    False
    >>> admits(ColumnDomain("score", minimum=0, maximum=100), 50)
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from datalchemy.constraints.model import ColumnDomain
from datalchemy.generators.base import GenContext, Generator, Params, Transform
from datalchemy.generators.derive import Derive

__all__ = [
    "ENUMERATION_LIMIT",
    "AppliedTransform",
    "ValueRange",
    "admits",
    "comparable",
    "derive_inputs",
    "distinct_per_row",
    "enumerate_values",
    "like_to_regex",
    "value_range",
]

#: Largest value space that is enumerated to check enum labels, IN lists and lengths.
ENUMERATION_LIMIT = 4096

#: Generators whose ``min``/``max`` params bound their values (numbers).
_NUMERIC_RANGE = {
    "primitive.int",
    "primitive.int.range",
    "primitive.float",
    "primitive.float.range",
    "semantic.br.money.brl",
    "domain.crm.deal_value",
    "domain.finance.installments",
    "domain.logistics.weight_kg",
}
_CLAMPED = {"primitive.normal", "primitive.lognormal", "primitive.exponential"}
_DATE_RANGE = {"primitive.date", "primitive.date.range"}
_TS_RANGE = {"primitive.timestamp", "primitive.timestamp.range"}
_TIME_RANGE = {"primitive.time", "primitive.time.range"}


@dataclass(frozen=True)
class AppliedTransform:
    """A transform of a column with its parsed params."""

    transform: Transform[Any]
    params: Params


@dataclass(frozen=True)
class ValueRange:
    """Inclusive bounds of what a range generator emits (numbers, dates, datetimes or times)."""

    low: Any
    high: Any


def derive_inputs(gen: Generator[Any], params: Params) -> list[str]:
    """Same-row columns a derive reads ([] for other generators)."""
    return list(gen.inputs(params)) if isinstance(gen, Derive) else []


def distinct_per_row(gen: Generator[Any], params: Params) -> bool:
    """Whether a derive makes distinct values for distinct rows by construction."""
    return isinstance(gen, Derive) and bool(gen.distinct_per_row(params))


def _safe_space(gen: Generator[Any], ctx: GenContext, params: Params) -> int | None:
    try:
        return gen.value_space(ctx, params)
    except Exception:  # a generator that cannot size itself for this column
        return None


def enumerate_values(
    gen: Generator[Any],
    params: Params,
    ctx: GenContext,
    transforms: list[AppliedTransform] = (),  # type: ignore[assignment]
) -> list[Any] | None:
    """Every distinct non-null value, or None when the space is large or not enumerable."""
    values: list[Any] | None = None
    choice = next(
        (t for t in reversed(transforms) if t.transform.id == "transform.weighted_choice"), None
    )
    if choice is not None:
        chosen = [c.value for c in getattr(choice.params, "choices", [])]
        after = transforms[transforms.index(choice) + 1 :]
        return _apply(chosen, ctx, after)
    space = _safe_space(gen, ctx, params)
    if space is None or space > ENUMERATION_LIMIT or space <= 0:
        return None
    try:
        arr = gen.from_index(ctx, params, np.arange(space, dtype=np.uint64))
        values = arr.to_pylist()
    except Exception:  # from_index not implemented or not meaningful here
        return None
    return _apply(values, ctx, transforms)


def _apply(values: list[Any], ctx: GenContext, transforms: Any) -> list[Any] | None:
    import pyarrow as pa

    current = [v for v in values if v is not None]
    for t in transforms:
        if t.transform.id == "transform.null_rate":
            continue
        try:
            arr = t.transform.apply(
                ctx, t.params, pa.array(current), np.arange(len(current), dtype=np.int64)
            )
        except Exception:  # a transform that needs more than the values themselves
            return None
        current = [v for v in arr.to_pylist() if v is not None]
    distinct: list[Any] = []
    seen: set[str] = set()
    for v in current:
        key = f"{type(v).__name__}:{v!r}"
        if key not in seen:
            seen.add(key)
            distinct.append(v)
    return distinct


def _number(v: Any) -> Decimal | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, Decimal)):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v))
    if isinstance(v, str):
        try:
            return Decimal(v)
        except InvalidOperation:
            return None
    return None


def _moment(v: Any) -> datetime | None:
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            return v.astimezone(UTC).replace(tzinfo=None)
        return v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, str):
        try:
            return _moment(datetime.fromisoformat(v.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def comparable(a: Any, b: Any) -> tuple[Any, Any] | None:
    """``a`` and ``b`` as two values of one orderable kind (numbers, moments, times, text)."""
    if isinstance(a, time) and isinstance(b, time):
        return a.replace(tzinfo=None), b.replace(tzinfo=None)
    if isinstance(a, (date, datetime)) or isinstance(b, (date, datetime)):
        ma, mb = _moment(a), _moment(b)
        return (ma, mb) if ma is not None and mb is not None else None
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None:
        return na, nb
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    return None


def _equal(a: Any, b: Any) -> bool:
    pair = comparable(a, b)
    if pair is None:
        return str(a) == str(b)
    return bool(pair[0] == pair[1])


def like_to_regex(pattern: str) -> str:
    """A SQL LIKE pattern (escape ``\\``) as a full-match regex."""
    out: list[str] = []
    escaped = False
    for ch in pattern:
        if escaped:
            out.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "%":
            out.append(".*")
        elif ch == "_":
            out.append(".")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _below(value: Any, bound: Any, inclusive: bool) -> bool | None:
    pair = comparable(value, bound)
    if pair is None:
        return None
    return bool(pair[0] <= pair[1]) if inclusive else bool(pair[0] < pair[1])


def admits(domain: ColumnDomain, value: Any) -> bool | None:
    """Whether ``value`` (not NULL) satisfies the domain; None when it cannot be decided."""
    unknown = False
    if domain.allowed is not None and not any(_equal(value, a) for a in domain.allowed):
        return False
    if any(_equal(value, f) for f in domain.forbidden):
        return False
    if domain.minimum is not None:
        ok = _below(domain.minimum, value, domain.minimum_inclusive)
        if ok is False:
            return False
        unknown |= ok is None
    if domain.maximum is not None:
        ok = _below(value, domain.maximum, domain.maximum_inclusive)
        if ok is False:
            return False
        unknown |= ok is None
    text = value if isinstance(value, str) else None
    if text is None and (domain.min_length or domain.max_length or domain.like or domain.regex):
        unknown = True
    if text is not None:
        if domain.min_length is not None and len(text) < domain.min_length:
            return False
        if domain.max_length is not None and len(text) > domain.max_length:
            return False
        for pattern in domain.like:
            if re.fullmatch(like_to_regex(pattern), text, re.DOTALL) is None:
                return False
        for rx in domain.regex:
            try:
                if re.search(rx, text) is None:
                    return False
            except re.error:
                unknown = True
    for needle in domain.contains:
        if needle not in str(value):
            return False
    return None if unknown else True


def _param(params: Params, name: str) -> Any:
    return getattr(params, name, None)


def value_range(
    gen: Generator[Any], params: Params, ctx: GenContext, rows: int
) -> ValueRange | None:
    """Bounds of a range generator's values, from its params and defaults (None: not a range)."""
    gid = gen.id
    lo, hi = _param(params, "min"), _param(params, "max")
    if gid in _NUMERIC_RANGE and lo is not None and hi is not None:
        return ValueRange(_number(lo), _number(hi))
    if gid in _CLAMPED and lo is not None and hi is not None:
        return ValueRange(_number(lo), _number(hi))
    if gid == "primitive.decimal.numeric":
        low = _number(lo) if lo is not None else Decimal(0)
        if hi is not None:
            high = _number(hi)
        else:
            high = Decimal(10000)
            facts = ctx.facts
            if facts.precision is not None:
                s = facts.scale or 0
                high = min(high, Decimal(10) ** (facts.precision - s) - Decimal(1).scaleb(-s))
        return ValueRange(low, high) if low is not None and high is not None else None
    if gid == "primitive.int.sequence_hint":
        start, step = int(_param(params, "start")), int(_param(params, "step"))
        end = start + step * max(rows - 1, 0)
        cap = _param(params, "max")
        if cap is not None:
            end = min(end, cap) if step > 0 else max(end, cap)
        return ValueRange(Decimal(min(start, end)), Decimal(max(start, end)))
    if gid in _DATE_RANGE:
        d_lo = date.fromisoformat(lo) if lo else ctx.base_date
        d_hi = date.fromisoformat(hi) if hi else ctx.base_date + timedelta(365)
        return ValueRange(d_lo, d_hi)
    if gid in _TS_RANGE:
        base = datetime(ctx.base_date.year, ctx.base_date.month, ctx.base_date.day)
        t_lo = _moment(lo) if lo else base
        t_hi = _moment(hi) if hi else base + timedelta(days=366) - timedelta(seconds=1)
        return ValueRange(t_lo, t_hi) if t_lo is not None and t_hi is not None else None
    if gid in _TIME_RANGE:
        return ValueRange(
            time.fromisoformat(lo) if lo else time(0, 0, 0),
            time.fromisoformat(hi) if hi else time(23, 59, 59),
        )
    return None


def range_admits(domain: ColumnDomain, rng: ValueRange) -> tuple[bool, bool] | None:
    """(some values pass, all values pass) of a range against the domain's bounds.

    None when the range and the bounds cannot be compared. Only bounds are looked at.
    """
    some, every = True, True
    if domain.minimum is not None:
        high_ok = _below(domain.minimum, rng.high, domain.minimum_inclusive)
        low_ok = _below(domain.minimum, rng.low, domain.minimum_inclusive)
        if high_ok is None or low_ok is None:
            return None
        some &= high_ok
        every &= low_ok
    if domain.maximum is not None:
        low_ok = _below(rng.low, domain.maximum, domain.maximum_inclusive)
        high_ok = _below(rng.high, domain.maximum, domain.maximum_inclusive)
        if high_ok is None or low_ok is None:
            return None
        some &= low_ok
        every &= high_ok
    if domain.allowed is not None:
        every = False
        some &= any(
            (_below(rng.low, a, True) and _below(a, rng.high, True)) for a in domain.allowed
        )
    return some, every
