"""Row rules: how to build rows that satisfy a CHECK the column domains do not capture exactly.

:func:`row_rules` splits a prepared CHECK at its top-level ``AND`` and, for every conjunct that the
shape handlers do not capture exactly, returns one rule:

- a :class:`~.model.LinearSum` for ``a + b = 100``, ``a + b <= c``, ``b >= a + 2`` (numeric
  columns, integer coefficients; see :func:`linear_sum`);
- otherwise a :class:`~.model.RowFormula`: the conjunct in disjunctive normal form over
  single-column :class:`~.model.Atom` s (see :func:`formula`). Leaves are ``IS [NOT] NULL``,
  ``(a IS NULL) = (b IS NULL)``, ``num_nonnulls(...) <op> k``, and anything the shape handlers
  capture exactly on one column (IN lists, ``<>``, booleans, LIKE, bounds...) or as an equality of
  two columns. ``upper(x) IN (...)`` (and ``lower``, ``trim``, ``btrim`` around the column) and
  ``array_length(x, 1) >= k`` become *sufficient* domains (``exact=False``).

Resolution (:mod:`datalchemy.plan.resolve.row_rules`) chooses which columns of a rule are derived
from the others so that every row satisfies it. When some conjunct has no rule, :func:`row_rules`
returns None and the CHECK is verified on every block.

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> from datalchemy.constraints.analyzer import Analyzer
    >>> from datalchemy.constraints.context import CheckContext
    >>> from datalchemy.contracts.schema import TypeFamily as F
    >>> an = Analyzer(CheckContext(
    ...     "postgres", date(2024, 1, 1), {"y": F.INTEGER, "ended": F.BOOLEAN}, None))
    >>> (rule,) = row_rules(sqlglot.parse_one("(y IS NOT NULL AND ended) OR y IS NULL"), an, "c")
    >>> [[(a.column, a.test, a.values) for a in b] for b in rule.branches]
    [[('y', 'not_null', ()), ('ended', 'in', (True,))], [('y', 'null', ())]]
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlglot import exp

from datalchemy.constraints.domains import Capture, useful
from datalchemy.constraints.folding import constant
from datalchemy.constraints.model import Atom, ColumnDomain, LinearSum, RowFormula, RowRule
from datalchemy.constraints.patterns import like_with_backslash
from datalchemy.constraints.shapes.functions import item_count, items_of, wrapped_column
from datalchemy.constraints.shapes.logic import pattern_union
from datalchemy.constraints.sqltypes import NUMERIC_FAMILIES
from datalchemy.constraints.tree import (
    FLIP,
    NEGATE_OP,
    Op,
    array_elements,
    comparison_op,
    flatten,
    unparen,
)

if TYPE_CHECKING:
    from datalchemy.constraints.analyzer import Analyzer

__all__ = ["MAX_BRANCHES", "formula", "linear_sum", "row_rules"]

#: Largest disjunctive normal form kept (a CHECK that expands to more is verified).
MAX_BRANCHES = 64
#: Most columns a ``num_nonnulls(...)`` may count (its patterns are enumerated).
_MAX_COUNTED = 6

Branches = list[list[Atom]]


def row_rules(tree: exp.Expression, an: Analyzer, source: str | None) -> list[RowRule] | None:
    """One rule per top-level conjunct the domains do not capture exactly (None: some has none)."""
    rules: list[RowRule] = []
    for part in flatten(tree, exp.And):
        if an.condition(part).exact:
            continue  # met by the column domains
        rule: RowRule | None = linear_sum(part, an, source)
        if rule is None:
            rule = formula(part, an, source)
        if rule is None:
            return None
        rules.append(rule)
    return rules or None


# --------------------------------------------------------------------------------- formulas


def formula(node: exp.Expression, an: Analyzer, source: str | None = None) -> RowFormula | None:
    """``node`` as an OR of ANDs of atoms (None: a part is not an atom, or it is too big)."""
    try:
        branches = _dnf(node, an, negate=False)
    except _TooBig:
        return None
    if branches is None:
        return None
    kept: list[tuple[Atom, ...]] = []
    for branch in branches:
        normal = _normalized(branch)
        if normal is not None and normal not in kept:
            kept.append(normal)
    kept = _united_guides(kept)
    if not kept:
        return None  # never true: verified (and reported when it fails)
    return RowFormula(tuple(kept), source)


class _TooBig(Exception):
    """The normal form outgrows :data:`MAX_BRANCHES`."""


def _product(left: Branches, right: Branches) -> Branches:
    if len(left) * len(right) > MAX_BRANCHES:
        raise _TooBig
    return [a + b for a in left for b in right]


def _union(left: Branches, right: Branches) -> Branches:
    if len(left) + len(right) > MAX_BRANCHES:
        raise _TooBig
    return left + right


def _dnf(node: exp.Expression, an: Analyzer, *, negate: bool) -> Branches | None:
    node = unparen(node)
    if isinstance(node, exp.Not):
        return _dnf(node.this, an, negate=not negate)
    if isinstance(node, exp.And | exp.Or):
        left = _dnf(node.this, an, negate=negate)
        right = _dnf(node.expression, an, negate=negate)
        if left is None or right is None:
            return None
        conjunction = isinstance(node, exp.And) != negate  # De Morgan
        return _product(left, right) if conjunction else _union(left, right)
    null = _null_test(an, node)
    if null is not None:
        column, is_null = null
        return [[Atom(column, "null" if is_null != negate else "not_null")]]
    if isinstance(node, exp.EQ | exp.NEQ):
        pair = _null_tests_compared(an, node, negate)
        if pair is not None:
            return pair
    counted = _counted(an, node, negate)
    if counted is not None:
        return counted
    atoms = _leaf(an, node, negate)
    return None if atoms is None else [atoms]


def _null_test(an: Analyzer, node: exp.Expression) -> tuple[str, bool] | None:
    """``(column, True)`` for ``col IS NULL``, ``(column, False)`` for ``col IS NOT NULL``."""
    node = unparen(node)
    if isinstance(node, exp.Not):
        inner = _null_test(an, node.this)
        return None if inner is None else (inner[0], not inner[1])
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        column = an.column_of(node.this)
        if column is not None:
            return column, not node.args.get("negate")
    return None


def _null_tests_compared(an: Analyzer, node: exp.Expression, negate: bool) -> Branches | None:
    """``(a IS NULL) = (b IS NULL)``: both NULL or neither; ``<>``: exactly one."""
    left, right = _null_test(an, node.this), _null_test(an, node.expression)
    if left is None or right is None:
        return None
    same = isinstance(node, exp.EQ) != negate

    def atom(test: tuple[str, bool], holds: bool) -> Atom:
        return Atom(test[0], "null" if test[1] == holds else "not_null")

    if same:
        return [[atom(left, True), atom(right, True)], [atom(left, False), atom(right, False)]]
    return [[atom(left, True), atom(right, False)], [atom(left, False), atom(right, True)]]


def _counted(an: Analyzer, node: exp.Expression, negate: bool) -> Branches | None:
    """``num_nonnulls(a, b, ...) <op> k`` / ``num_nulls``: every nullness pattern that passes."""
    op = comparison_op(node)
    if op is None:
        return None
    for call, other, o in (
        (node.this, node.expression, op),
        (node.expression, node.this, FLIP[op]),
    ):
        call = unparen(call)
        if not (
            isinstance(call, exp.Anonymous)
            and str(call.name).lower() in ("num_nonnulls", "num_nulls")
        ):
            continue
        columns = [an.column_of(a) for a in call.expressions]
        is_const, k = constant(other, an.ctx)
        if (
            not columns
            or len(columns) > _MAX_COUNTED
            or any(c is None for c in columns)
            or not is_const
            or not isinstance(k, int)
        ):
            return None
        if negate:
            o = NEGATE_OP[o]
        counts_nulls = str(call.name).lower() == "num_nulls"
        out: Branches = []
        for pattern in itertools.product((False, True), repeat=len(columns)):
            count = sum(pattern)  # of the columns whose test holds
            if _holds(count, o, k):
                out.append(
                    [
                        Atom(
                            c,
                            ("null" if counts_nulls else "not_null")
                            if hit
                            else ("not_null" if counts_nulls else "null"),
                        )
                        for c, hit in zip(columns, pattern, strict=True)
                        if c is not None
                    ]
                )
        return out or None
    return None


def _holds(count: int, op: Op, k: int) -> bool:
    return {
        "=": count == k,
        "<>": count != k,
        "<": count < k,
        "<=": count <= k,
        ">": count > k,
        ">=": count >= k,
    }[op]


def _leaf(an: Analyzer, node: exp.Expression, negate: bool) -> list[Atom] | None:
    """The atoms of a leaf: what the shape handlers capture exactly on one column, or an
    equality of two columns; else a sufficient domain (``upper(x) IN``...)."""
    capture = an.condition(exp.Not(this=node.copy()) if negate else node)
    if capture.exact:
        return _atoms(capture)
    if negate:
        return None
    guide = _guide(an, node)
    return None if guide is None else [guide]


def _atoms(capture: Capture) -> list[Atom] | None:
    if capture.orders:
        if len(capture.orders) == 1 and not capture.domains and capture.orders[0].op == "=":
            order = capture.orders[0]
            return [Atom(order.left, "same_as", other=order.right)]
        return None
    if len(capture.domains) > 1:
        return None
    atoms: list[Atom] = []
    for column, dom in capture.domains.items():
        if dom.not_null:
            atoms.append(Atom(column, "not_null"))
        rest = replace(dom, not_null=False, null_ok=False, sources=[])
        if not useful(rest):
            continue
        if _only(rest, "allowed"):
            atoms.append(Atom(column, "in", tuple(rest.allowed or ())))
        elif _only(rest, "forbidden"):
            atoms.append(Atom(column, "not_in", tuple(rest.forbidden)))
        else:
            atoms.append(Atom(column, "domain", domain=rest))
    return atoms  # no domain at all: never false (TRUE, or x IN (1, NULL))


def _only(dom: ColumnDomain, name: str) -> bool:
    base = ColumnDomain(dom.column)
    return replace(dom, **{name: getattr(base, name)}) == base


def _guide(an: Analyzer, node: exp.Expression) -> Atom | None:
    """A sufficient domain for ``f(col) IN (...)``, ``f(col) = c``, ``array_length(col, 1) >= k``
    and (SQLite) ``col LIKE p``."""
    node = unparen(node)
    wrapped = None
    values: list[object] = []
    if isinstance(node, exp.In) and not node.args.get("query"):
        wrapped = wrapped_column(an, node.this)
        elements = list(node.expressions)
        field = node.args.get("field")
        if field is not None:
            elements = array_elements(field) or []
        for element in elements:
            is_const, value = constant(element, an.ctx)
            if not is_const:
                return None
            values.append(value)
    elif isinstance(node, exp.EQ):
        for side, other in ((node.this, node.expression), (node.expression, node.this)):
            wrapped = wrapped_column(an, side)
            if wrapped is None:
                continue
            listed = array_elements(other) if isinstance(unparen(other), exp.Any) else None
            for element in listed if listed is not None else [other]:
                is_const, value = constant(element, an.ctx)
                if not is_const:
                    return None
                values.append(value)
            break
    if wrapped is not None:
        column, function = wrapped
        fixed = [v for v in values if isinstance(v, str) and function(v) == v]
        if not fixed:
            return None
        return Atom(column, "domain", domain=ColumnDomain(column, allowed=list(fixed)), exact=False)
    if isinstance(node, exp.Like) and an.ctx.rules.like_ignores_ascii_case:
        # SQLite's LIKE ignores ASCII case: the pattern matched as written is sufficient.
        text_column = an.text_column_of(node.this)
        is_const, pattern = constant(node.expression, an.ctx)
        if text_column is not None and is_const and isinstance(pattern, str):
            escape = an.ctx.rules.like_default_escape
            domain = ColumnDomain(text_column, like=[like_with_backslash(pattern, escape)])
            return Atom(text_column, "domain", domain=domain, exact=False)
    op = comparison_op(node)
    if op is not None:
        pairs = ((node.this, node.expression, op), (node.expression, node.this, FLIP[op]))
        for side, other, o in pairs:
            items = items_of(an, side)
            is_const, value = constant(other, an.ctx)
            if items is not None and is_const:
                capture = item_count(items[0], o, value, empty_is_null=False)
                dom = capture.domains.get(items[0])
                if capture.exact and dom is not None:
                    return Atom(items[0], "domain", domain=dom, exact=False)
    return None


def _united_guides(branches: list[tuple[Atom, ...]]) -> list[tuple[Atom, ...]]:
    """Branches that are each one sufficient IN list on the same column, as one branch
    (``lower(x) = 'a' OR lower(x) = 'b'``: ``x`` in ``('a', 'b')``)."""
    out: list[tuple[Atom, ...]] = []
    for branch in branches:
        atom = branch[0] if len(branch) == 1 else None
        if atom is not None and atom.test == "domain" and not atom.exact:
            for k, other in enumerate(out):
                merged = _guide_union(other[0], atom) if len(other) == 1 else None
                if merged is not None:
                    out[k] = (merged,)
                    break
            else:
                out.append(branch)
            continue
        out.append(branch)
    return out


def _guide_union(a: Atom, b: Atom) -> Atom | None:
    """One sufficient domain for ``a OR b`` (two IN lists, or two patterns, on one column)."""
    if a.column != b.column or a.test != "domain" or a.exact or a.domain is None:
        return None
    assert b.domain is not None
    if _only(a.domain, "allowed") and _only(b.domain, "allowed"):
        values = list(a.domain.allowed or [])
        values += [v for v in b.domain.allowed or [] if v not in values]
        return Atom(a.column, "domain", domain=ColumnDomain(a.column, allowed=values), exact=False)
    union = pattern_union([a.domain, b.domain])
    if union is None:
        return None
    return Atom(a.column, "domain", domain=ColumnDomain(a.column, regex=[union]), exact=False)


def _normalized(branch: list[Atom]) -> tuple[Atom, ...] | None:
    """A branch with its atoms merged per column; None when it can never be TRUE."""
    out: list[Atom] = []
    by_column: dict[str, list[Atom]] = {}
    for atom in branch:
        by_column.setdefault(atom.column, []).append(atom)
    for column, atoms in by_column.items():
        tests = {a.test for a in atoms}
        if "null" in tests:
            if tests != {"null"}:
                return None  # NULL fails IS NOT NULL and makes the rest unknown
            out.append(Atom(column, "null"))
            continue
        allowed: list[object] | None = None
        forbidden: list[object] = []
        for a in atoms:
            if a.test == "in":
                allowed = (
                    list(a.values) if allowed is None else [v for v in allowed if v in a.values]
                )
            elif a.test == "not_in":
                forbidden += [v for v in a.values if v not in forbidden]
        if "not_null" in tests and allowed is None:
            out.append(Atom(column, "not_null"))
        if allowed is not None:
            allowed = [v for v in allowed if v not in forbidden]
            if not allowed:
                return None
            if "not_null" in tests:
                out.append(Atom(column, "not_null"))
            out.append(Atom(column, "in", tuple(allowed)))  # type: ignore[arg-type]
        elif forbidden:
            out.append(Atom(column, "not_in", tuple(forbidden)))  # type: ignore[arg-type]
        for a in atoms:
            if a.test in ("same_as", "domain") and a not in out:
                out.append(a)
    return tuple(out)


# ------------------------------------------------------------------------------ linear sums


def linear_sum(node: exp.Expression, an: Analyzer, source: str | None = None) -> LinearSum | None:
    """``left <op> right`` where both sides are sums of numeric columns times integers plus
    constants, over two columns or more: ``sum(c_i * x_i) <op> k``."""
    node = unparen(node)
    op = comparison_op(node)
    if op is None or op == "<>":
        return None
    left = _linear(an, node.this)
    right = _linear(an, node.expression)
    if left is None or right is None:
        return None
    terms: dict[str, int] = dict(left[0])
    for column, coefficient in right[0].items():
        terms[column] = terms.get(column, 0) - coefficient
    terms = {c: k for c, k in terms.items() if k}
    if len(terms) < 2:
        return None
    if any(an.ctx.family(c) not in NUMERIC_FAMILIES for c in terms):
        return None
    return LinearSum(tuple(terms.items()), op, right[1] - left[1], source)


def _linear(an: Analyzer, node: exp.Expression) -> tuple[dict[str, int], int | Decimal] | None:
    """``({column: coefficient}, constant)`` of a linear expression, else None."""
    node = unparen(node)
    column = an.column_of(node)
    if column is not None:
        return {column: 1}, 0
    is_const, value = constant(node, an.ctx)
    if is_const:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return None
        return {}, value
    if isinstance(node, exp.Neg):
        inner = _linear(an, node.this)
        return None if inner is None else ({c: -k for c, k in inner[0].items()}, -inner[1])
    if isinstance(node, exp.Add | exp.Sub):
        a, b = _linear(an, node.this), _linear(an, node.expression)
        if a is None or b is None:
            return None
        sign = -1 if isinstance(node, exp.Sub) else 1
        terms = dict(a[0])
        for c, k in b[0].items():
            terms[c] = terms.get(c, 0) + sign * k
        return terms, a[1] + sign * b[1]
    if isinstance(node, exp.Mul):
        a, b = _linear(an, node.this), _linear(an, node.expression)
        if a is None or b is None:
            return None
        for scaled, factor in ((a, b), (b, a)):
            if not factor[0] and isinstance(factor[1], int):
                k = factor[1]
                return {c: v * k for c, v in scaled[0].items()}, scaled[1] * k
    return None
