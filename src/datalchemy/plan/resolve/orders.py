"""CHECK orderings between two columns of a row, kept by construction.

A CHECK such as ``data_fim IS NULL OR data_fim >= data_inicio`` reaches resolution as a
:class:`~datalchemy.constraints.model.ColumnOrder`. :func:`plan_orders` decides, per table:

- when the later column has no rule, it becomes ``derive.end_after_start`` reading the earlier
  one (``derive.copy`` for ``=``), with offsets from :func:`order_params`
  (:func:`end_suggestion`); a nullable later column whose CHECK lets NULL through also gets a
  NULL rate of :data:`END_NULL_RATE`. Only temporal columns are derived; numeric and text
  orderings are verified by the engine;
- when only the later column has a rule, the earlier one is placed before it
  (:func:`before_suggestion`): a date range ending where the rule's range starts, else a copy;
- when both have rules, nothing is decided here: the engine verifies the CHECK.

Identity, generated, FK and unique columns are never derived, and a derive never reads a column
that (transitively) reads it, so no cycle can appear.

Example:
    >>> from datalchemy.contracts.schema import Column, TypeFamily
    >>> end = Column(ordinal=2, name="data_fim", declared_type="date", family=TypeFamily.DATE,
    ...              nullable=True)
    >>> s, rate = end_suggestion(end, Order("data_fim", "data_inicio", False, False, True, "chk"))
    >>> s.generator, s.params, rate
    ('derive.end_after_start', {'input_columns': ['data_inicio'], 'min_days': 0, 'max_days': 365}, 0.25)
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from datalchemy.constraints.model import ColumnOrder
from datalchemy.contracts.plan import ColumnGeneratorRule
from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.plan.resolve.names import Params, Suggestion, name_tokens
from datalchemy.plan.resolve.ranges import timestamp_param
from datalchemy.plan.resolve.sqldefaults import classify_default

__all__ = [
    "END_NULL_RATE",
    "Order",
    "before_suggestion",
    "end_suggestion",
    "is_identity",
    "order_params",
    "plan_orders",
]

_T = TypeFamily
_TEMPORAL = frozenset({_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ, _T.TIME})
#: NULL rate given to a nullable end column whose ordering CHECK lets NULL through.
END_NULL_RATE = 0.25


@dataclass(frozen=True)
class Order:
    """``later`` on or after ``earlier`` (``strict``: after; ``equal``: the same value)."""

    later: str
    earlier: str
    strict: bool
    equal: bool
    null_ok: bool
    source: str | None


def is_identity(column: Column) -> bool:
    """Identity, serial (``nextval`` default), SQLite rowid alias or AUTOINCREMENT."""
    if column.identity or column.rowid_alias or column.autoincrement:
        return True
    d = classify_default(column.default)
    return d is not None and d.kind == "sequence"


def _as_order(o: ColumnOrder) -> Order | None:
    if o.op in (">=", ">"):
        return Order(o.left, o.right, o.op == ">", False, o.null_ok, o.source)
    if o.op in ("<=", "<"):
        return Order(o.right, o.left, o.op == "<", False, o.null_ok, o.source)
    if o.op == "=":
        return Order(o.left, o.right, False, True, o.null_ok, o.source)
    return None


def plan_orders(
    columns: list[Column],
    orders: list[ColumnOrder],
    *,
    ruled: Mapping[str, Any],
    blocked: set[str],
    unique: set[str],
) -> tuple[dict[str, Order], dict[str, Order]]:
    """(orders to derive, by later column; orders to place, by earlier column).

    ``ruled``: columns with a plan rule; ``blocked``: FK columns; ``unique``: unique columns.
    """
    derived: dict[str, Order] = {}
    before: dict[str, Order] = {}
    names = {c.name: c for c in columns}

    def reads(col: str, other: str) -> bool:  # does col (transitively) derive from other?
        seen = set()
        while col in derived and col not in seen:
            seen.add(col)
            col = derived[col].earlier
            if col == other:
                return True
        return False

    for raw in orders:
        order = _as_order(raw)
        if order is None:
            continue
        lc, ec = names.get(order.later), names.get(order.earlier)
        if lc is None or ec is None or lc.name == ec.name:
            continue
        if {lc.name, ec.name} & blocked or any(is_identity(c) or c.is_generated for c in (lc, ec)):
            continue
        if lc.name not in ruled:
            if lc.name in derived or lc.name in unique or reads(ec.name, lc.name):
                continue
            if not order.equal and lc.family not in _TEMPORAL:
                continue  # no derive keeps numeric or text orderings: verified instead
            derived[lc.name] = order
        elif not ({ec.name} & (set(ruled) | set(derived) | set(before) | unique)):
            before[ec.name] = order
    return derived, before


def order_params(later: Column, strict: bool) -> Params:
    """Offsets for ``derive.end_after_start`` on ``later`` (``strict``: ``>`` rather than ``>=``).

    Dates: up to 30 days later (365 for ``*_fim`` / ``end`` periods). Timestamps: up to 4 hours
    for ``fim`` / ``end`` (an activity), 90 days for updates, 30 days otherwise.
    """
    tokens = set(name_tokens(later.name))
    if later.family == _T.DATE:
        hi = 365 if tokens & {"fim", "end", "termino", "final"} else 30
        return {"min_days": 1 if strict else 0, "max_days": hi}
    if later.family == _T.TIME:
        return {"min_seconds": 1 if strict else 0, "max_seconds": 4 * 3600}
    low = {"min_seconds": 1} if strict else {}
    if tokens & {"fim", "end", "termino", "final", "ended"}:
        return {**low, "max_seconds": 4 * 3600}
    if tokens & {"atualizado", "atualizacao", "updated", "modificado", "modified", "alteracao"}:
        return {**low, "max_days": 90}
    return {**low, "max_days": 30}


def end_suggestion(
    column: Column, order: Order, *, null_rule: bool = False
) -> tuple[Suggestion, float]:
    """The derive for the later column of ``order``, and its NULL rate."""
    source = order.source or "a CHECK"
    if order.equal:
        s = Suggestion(
            "derive.copy",
            {"input_columns": [order.earlier]},
            "check_order",
            0.9,
            f"{source}: equal to {order.earlier}",
        )
    else:
        params = {"input_columns": [order.earlier], **order_params(column, order.strict)}
        when = "after" if order.strict else "on or after"
        s = Suggestion(
            "derive.end_after_start",
            params,
            "check_order",
            0.9,
            f"{source}: {when} {order.earlier}",
        )
    if column.nullable and order.null_ok and not null_rule:
        return Suggestion(s.generator, s.params, s.reason, s.confidence, s.why + "; or NULL"), (
            END_NULL_RATE
        )
    return s, 0.0


def before_suggestion(
    column: Column, order: Order, rule: ColumnGeneratorRule, rule_min: Any
) -> Suggestion | None:
    """The earlier column of ``order`` when the later one has ``rule`` (whose params' ``min``
    is ``rule_min``): a range ending at that minimum, else a copy (not for strict orders)."""
    source = order.source or "a CHECK"
    if isinstance(rule_min, str) and column.family in (_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ):
        try:
            start = datetime.fromisoformat(rule_min)
        except ValueError:
            start = None
        if start is not None:
            end = start - (timedelta(days=1) if order.strict else timedelta(0))
            first = end - timedelta(days=730)
            why = f"{source}: before {order.later}, whose rule starts at {rule_min}"
            if column.family == _T.DATE:
                params = {"min": first.date().isoformat(), "max": end.date().isoformat()}
                return Suggestion("primitive.date.range", params, "check_order", 0.8, why)
            params = {"min": timestamp_param(first), "max": timestamp_param(end)}
            return Suggestion("primitive.timestamp.range", params, "check_order", 0.8, why)
    if order.strict:
        return None
    why = f"{source}: equal to {order.later} (its rule {rule.generator_id} has no minimum)"
    return Suggestion("derive.copy", {"input_columns": [order.later]}, "check_order", 0.5, why)
