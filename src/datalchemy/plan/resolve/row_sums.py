"""Sums in CHECKs (``a + b = 100``, ``used + spare <= total``): which column balances the others.

:func:`plan_sum` picks the column of a :class:`~datalchemy.constraints.model.LinearSum` that
``derive.linear`` computes from the others (the column alone on its side of the comparison - the
total - else the last one, among those with a coefficient of 1 or -1), with a random offset for
an inequality and a bound on the side that keeps it. :func:`sum_guide` bounds the one input of a
two-column sum so that the balance stays inside its own CHECK domain (``b`` in 0..100 makes
``a`` 0..100 when ``a + b = 100``).

Example:
    >>> from datalchemy.constraints.model import ColumnDomain, LinearSum
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> cols = {n: Column(ordinal=i, name=n, declared_type="integer", family=TypeFamily.INTEGER,
    ...                   nullable=False) for i, n in enumerate(["a", "b"], 1)}
    >>> domains = {"b": ColumnDomain("b", minimum=0, maximum=100)}
    >>> plan = plan_sum(LinearSum((("a", 1), ("b", 1)), "=", 100), cols, domains.get,
    ...                 lambda c: True)
    >>> plan.target, plan.params["terms"], plan.params["constant"]
    ('b', {'a': -1}, 100)
    >>> guide = sum_guide(plan, cols["a"], domains.get)
    >>> guide.minimum, guide.maximum
    (0, 100)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from datalchemy.constraints.model import ColumnDomain, LinearSum
from datalchemy.contracts.schema import Column, TypeFamily

__all__ = ["LINEAR", "SumPlan", "plan_sum", "sum_guide"]

#: The derive that balances a sum.
LINEAR = "derive.linear"
_T = TypeFamily
_SUMMABLE = frozenset({_T.INTEGER, _T.DECIMAL, _T.MONEY})
#: Scale of a ``numeric`` column without one.
_FREE_SCALE = 2
_FLIP: dict[str, Literal["=", "<", "<=", ">", ">="]] = {
    "=": "=",
    "<": ">",
    "<=": ">=",
    ">": "<",
    ">=": "<=",
}


@dataclass
class SumPlan:
    """``target`` is ``derive.linear`` with ``params`` over ``inputs``."""

    rule: LinearSum
    target: str
    params: dict[str, Any]
    inputs: list[str]


def plan_sum(
    rule: LinearSum,
    columns: Mapping[str, Column],
    domain_of: Callable[[str], ColumnDomain | None],
    can_derive: Callable[[str], bool],
) -> SumPlan | None:
    """The balancing column of ``rule`` and its ``derive.linear`` params (None: no column can
    balance it exactly: floats, too few decimals, coefficients other than 1 / -1)."""
    terms = dict(rule.terms)
    cols = [columns.get(c) for c in terms]
    if any(c is None or c.family not in _SUMMABLE for c in cols):
        return None
    candidates = [
        c for c in cols if c is not None and abs(terms[c.name]) == 1 and can_derive(c.name)
    ]
    if not candidates:
        return None
    signs = [k > 0 for k in terms.values()]
    alone = [c for c in candidates if signs.count(terms[c.name] > 0) == 1]
    target = (alone or candidates)[-1]
    others = [c for c in terms if c != target.name]
    scale = _scale(target)
    if any(_scale(columns[o]) > scale for o in others):
        return None  # the balance could not hold the inputs' decimals
    coefficient = terms[target.name]
    op = rule.op if coefficient > 0 else _FLIP[rule.op]
    step = Decimal(1).scaleb(-scale)
    domain = domain_of(target.name)
    width = _width(domain, step)
    offsets = {
        "=": (Decimal(0), Decimal(0)),
        "<=": (-width, Decimal(0)),
        "<": (-width, -step),
        ">=": (Decimal(0), width),
        ">": (step, width),
    }[op]
    params: dict[str, Any] = {
        "terms": {o: -terms[o] * coefficient for o in others},
        "constant": _number(Decimal(rule.constant) * coefficient, scale),
        "scale": scale,
        "min_offset": _number(offsets[0], scale),
        "max_offset": _number(offsets[1], scale),
    }
    # Hold the value inside the column's bounds on the side that keeps the inequality.
    if domain is not None and op in ("<", "<=") and isinstance(domain.maximum, int | Decimal):
        params["max"] = _number(Decimal(domain.maximum), scale)
    if domain is not None and op in (">", ">=") and isinstance(domain.minimum, int | Decimal):
        params["min"] = _number(Decimal(domain.minimum), scale)
    return SumPlan(rule, target.name, params, others)


def sum_guide(
    plan: SumPlan, source: Column, domain_of: Callable[[str], ColumnDomain | None]
) -> ColumnDomain | None:
    """Bounds on the only input of ``plan`` that keep its target inside the target's domain."""
    domain = domain_of(plan.target)
    low = _decimal(domain.minimum) if domain is not None else None
    high = _decimal(domain.maximum) if domain is not None else None
    coefficient = plan.params["terms"][source.name]
    constant = Decimal(str(plan.params["constant"]))
    # target = constant + coefficient * source + offset, inside [low, high]
    bounds = []
    if low is not None and "min" not in plan.params:
        bounds.append((True, (low - constant - Decimal(str(plan.params["min_offset"])))))
    if high is not None and "max" not in plan.params:
        bounds.append((False, (high - constant - Decimal(str(plan.params["max_offset"])))))
    guide = ColumnDomain(source.name)
    for from_low, edge in bounds:
        lower = from_low == (coefficient > 0)
        number = _whole(edge / coefficient, source, lower)
        if lower:
            guide.minimum = number
        else:
            guide.maximum = number
    return guide if guide.minimum is not None or guide.maximum is not None else None


def _scale(col: Column) -> int:
    if col.family == _T.INTEGER:
        return 0
    return col.scale if col.scale is not None else _FREE_SCALE


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return None
    return Decimal(str(value))


def _width(domain: ColumnDomain | None, step: Decimal) -> Decimal:
    """Spread of the random offset of an inequality: a tenth of the column's range, else 10."""
    low = _decimal(domain.minimum) if domain is not None else None
    high = _decimal(domain.maximum) if domain is not None else None
    if low is None or high is None:
        return Decimal(10)
    return max(((high - low) / 10).quantize(step), step)


def _number(value: Decimal, scale: int) -> int | str:
    """A param number: an int at scale 0, else decimal text (exact)."""
    if scale == 0:
        return int(value)
    return str(value.quantize(Decimal(1).scaleb(-scale)))


def _whole(value: Decimal, column: Column, lower: bool) -> int | Decimal:
    """A bound on ``column`` rounded inwards to what it holds."""
    step = Decimal(1).scaleb(-_scale(column))
    rounded = (value / step).to_integral_value(rounding="ROUND_CEILING" if lower else "ROUND_FLOOR")
    number = rounded * step
    return int(number) if column.family == _T.INTEGER else number
