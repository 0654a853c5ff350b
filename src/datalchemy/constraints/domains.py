"""Combining what CHECKs say about a column: intersecting domains, and a shape's capture.

:func:`merge_domain` intersects two :class:`~.model.ColumnDomain` of the same column (an ``AND``,
or two CHECKs on one column). :class:`Capture` is what the analysis of one boolean
(sub)expression yields: domains, column orders, and whether they say all the expression says.

Example:
    >>> a = ColumnDomain("x", minimum=1, maximum=10)
    >>> merge_domain(a, ColumnDomain("x", minimum=4, allowed=[2, 5, 12]))
    True
    >>> (a.minimum, a.maximum, a.allowed)
    (4, 10, [5])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from datalchemy.constraints.model import ColumnDomain, ColumnOrder, Scalar

__all__ = ["Capture", "dedup", "merge_domain", "only_allowed", "useful"]


@dataclass
class Capture:
    """What one boolean (sub)expression says about columns, and whether that is all it says."""

    domains: dict[str, ColumnDomain] = field(default_factory=dict)
    orders: list[ColumnOrder] = field(default_factory=list)
    exact: bool = True
    notes: list[str] = field(default_factory=list)

    @classmethod
    def nothing(cls, note: str | None = None) -> Capture:
        """Nothing captured: the expression is verified on every block (``note`` says why)."""
        return cls(exact=False, notes=[note] if note else [])

    @classmethod
    def of(cls, domain: ColumnDomain, *, exact: bool = True, note: str | None = None) -> Capture:
        """One column's domain (``exact``: the expression says nothing more)."""
        return cls({domain.column: domain}, [], exact, [note] if note else [])

    def domain(self, column: str) -> ColumnDomain:
        return self.domains.setdefault(column, ColumnDomain(column=column))

    def add(self, other: Capture) -> None:
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


def dedup(values: list[Any]) -> list[Any]:
    """``values`` without repeats (equal *and* of the same type), first occurrence kept."""
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


def _tighter_count(target: ColumnDomain, other: ColumnDomain, low: str, high: str) -> None:
    """The tighter of two counts (element or byte counts)."""
    if getattr(other, low) is not None:
        setattr(target, low, max(getattr(target, low) or 0, getattr(other, low)))
    if getattr(other, high) is not None:
        mine = getattr(target, high)
        setattr(
            target, high, getattr(other, high) if mine is None else min(mine, getattr(other, high))
        )


def merge_domain(target: ColumnDomain, other: ColumnDomain) -> bool:
    """Intersect ``other`` into ``target`` (both about the same column).

    Bounds take the tighter side, IN lists and JSON types intersect (keeping ``target``'s order),
    forbidden values, LIKE patterns, regexes and needles accumulate, lengths and element counts
    tighten, ``null_ok`` holds only when both have it and ``not_null`` when either has it.
    Returns False when two bounds could not be compared (the tighter one is then unknown and
    ``target`` keeps its own) or when the two sides ask for different letter cases.
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
    target.forbidden = dedup([*target.forbidden, *other.forbidden])
    if other.min_length is not None:
        target.min_length = max(target.min_length or 0, other.min_length)
    if other.max_length is not None:
        target.max_length = (
            other.max_length
            if target.max_length is None
            else min(target.max_length, other.max_length)
        )
    for low, high in (("min_items", "max_items"), ("min_bytes", "max_bytes")):
        _tighter_count(target, other, low, high)
    if other.json_types is not None:
        target.json_types = (
            list(other.json_types)
            if target.json_types is None
            else [t for t in target.json_types if t in other.json_types]
        )
    if other.case is not None:
        if target.case not in (None, other.case):
            ok = False  # both cases: only text without letters; the checks are verified
        else:
            target.case = other.case
    target.like = dedup([*target.like, *other.like])
    target.regex = dedup([*target.regex, *other.regex])
    target.contains = dedup([*target.contains, *other.contains])
    target.null_ok = target.null_ok and other.null_ok
    target.not_null = target.not_null or other.not_null
    target.sources = dedup([*target.sources, *other.sources])
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
            if dom.case is not None and v != (v.lower() if dom.case == "lower" else v.upper()):
                return False
            if dom.min_length is not None and len(v) < dom.min_length:
                return False
            if dom.max_length is not None and len(v) > dom.max_length:
                return False
            if any(needle not in v for needle in dom.contains):
                return False
        return True

    dom.allowed = [v for v in dom.allowed if keep(v)]


def only_allowed(dom: ColumnDomain) -> bool:
    """True when ``dom`` is an IN list and nothing else (so two of them can be united)."""
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
        and dom.min_items is None
        and dom.max_items is None
        and dom.min_bytes is None
        and dom.max_bytes is None
        and dom.json_types is None
        and dom.case is None
        and not dom.not_null
    )


def useful(dom: ColumnDomain) -> bool:
    """True when ``dom`` restricts its column at all."""
    return dom != ColumnDomain(dom.column, sources=dom.sources)
