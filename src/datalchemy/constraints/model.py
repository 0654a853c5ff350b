"""What a CHECK constraint means to generation, in plain data.

:func:`datalchemy.constraints.analyze_table` turns a table's CHECKs (and the CHECKs of the domains
its columns use) into:

- a :class:`ColumnDomain` per column: bounds, allowed values, lengths, LIKE prefixes, regexes,
  whether NULL escapes the check (``x IS NULL OR ...``). Plan resolution picks generator params
  inside the domain, so most rows are right by construction;
- :class:`ColumnOrder` relations between two columns of the same row (``data_fim >= data_inicio``),
  which resolution turns into derives (``derive.end_after_start``) so they hold by construction;
- for every CHECK, a :class:`CheckAnalysis` saying how much of it those capture. Whatever is not
  captured ("residual") is verified on every block by :class:`CheckVerifier`, and failing rows are
  regenerated from a retry stream;
- for a CHECK that domains do not capture exactly, the :data:`RowRule` s that build rows satisfying
  it (``CheckAnalysis.rules``): a :class:`RowFormula` (an OR of ANDs of :class:`Atom` s on single
  columns: nullness, IN lists, copies, column domains), or a :class:`LinearSum`
  (``a + b <= c``). Resolution (:mod:`datalchemy.plan.resolve.row_rules`) decides which columns
  are derived from which so that every row satisfies them by construction.

"Today" (``CURRENT_DATE``, ``now()``, ``CURRENT_TIMESTAMP``) is the plan's ``base_date``.

Example:
    >>> ColumnDomain("score", minimum=0, maximum=100).is_empty
    False
    >>> ColumnDomain("score", minimum=5, maximum=5, maximum_inclusive=False).is_empty
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal

__all__ = [
    "Atom",
    "CheckAnalysis",
    "ColumnDomain",
    "ColumnOrder",
    "LinearSum",
    "RowFormula",
    "RowRule",
    "Scalar",
    "TableConstraints",
]

#: A constant a CHECK compares with.
Scalar = int | float | Decimal | str | bool | date | datetime | time


@dataclass
class ColumnDomain:
    """Values a column may take under the CHECKs that constrain it alone (all conditions AND).

    Bounds are inclusive when ``*_inclusive`` is True. ``allowed`` is an IN list (None: any);
    ``forbidden`` values are excluded (``<>``, ``NOT IN``). Lengths count characters.
    ``null_ok`` is True when every check on the column lets NULL through explicitly
    (``x IS NULL OR ...``) - SQL CHECKs also pass on NULL implicitly, so this only matters for
    telling the plan that NULL is an intended value. ``not_null`` is True when a check requires
    ``x IS NOT NULL``.

    ``min_bytes`` / ``max_bytes`` bound a ``bytea``'s length (``octet_length``). ``min_items`` /
    ``max_items`` bound the elements of an array (``cardinality``, ``array_length(x, 1)``),
    ``json_types`` lists the ``jsonb_typeof`` results allowed, and ``case`` says that values
    equal their ``lower`` / ``upper`` form (``login = lower(login)``).
    """

    column: str
    minimum: Scalar | None = None
    minimum_inclusive: bool = True
    maximum: Scalar | None = None
    maximum_inclusive: bool = True
    allowed: list[Scalar] | None = None
    forbidden: list[Scalar] = field(default_factory=list)
    min_length: int | None = None
    max_length: int | None = None
    like: list[str] = field(default_factory=list)  # LIKE patterns that must all match
    regex: list[str] = field(default_factory=list)  # POSIX regexes (~) that must all match
    contains: list[str] = field(default_factory=list)  # position(s in x) > 0 / strpos
    min_bytes: int | None = None  # octet_length of a bytea
    max_bytes: int | None = None
    min_items: int | None = None  # array elements
    max_items: int | None = None
    json_types: list[str] | None = None  # jsonb_typeof(x) IN (...): object, array, string...
    case: Literal["lower", "upper"] | None = None  # x = lower(x) / x = upper(x)
    null_ok: bool = False
    not_null: bool = False
    sources: list[str] = field(default_factory=list)  # names of the CHECKs that contributed

    @property
    def is_empty(self) -> bool:
        """True when the conditions cannot all hold (e.g. min > max, allowed list emptied)."""
        if self.allowed is not None and not self.allowed:
            return True
        if self.minimum is not None and self.maximum is not None:
            try:
                if self.minimum > self.maximum:  # type: ignore[operator]
                    return True
                if self.minimum == self.maximum and not (
                    self.minimum_inclusive and self.maximum_inclusive
                ):
                    return True
            except TypeError:
                return False
        if self.json_types is not None and not self.json_types:
            return True
        for low, high in ((self.min_items, self.max_items), (self.min_bytes, self.max_bytes)):
            if low is not None and high is not None and low > high:
                return True
        return (
            self.min_length is not None
            and self.max_length is not None
            and self.min_length > self.max_length
        )


@dataclass(frozen=True)
class ColumnOrder:
    """``left <op> right`` between two columns of the same row, e.g. ``data_fim >= data_inicio``.

    ``null_ok`` is True when the check lets the row through if either side is NULL explicitly
    (``data_fim IS NULL OR data_fim >= data_inicio``).
    """

    left: str
    op: Literal[">", ">=", "<", "<=", "=", "<>"]
    right: str
    null_ok: bool = False
    source: str | None = None


@dataclass(frozen=True)
class Atom:
    """One condition on one column, a building block of a :class:`RowFormula`.

    ``test``:
      - ``null`` / ``not_null``: ``col IS [NOT] NULL`` (never unknown);
      - ``in`` / ``not_in``: ``col`` equals one of ``values`` / none of them (unknown when
        ``col`` is NULL, as in SQL);
      - ``same_as``: ``col = other`` (unknown when either is NULL);
      - ``domain``: ``col`` lies in ``domain`` (unknown when NULL). When ``exact`` is False the
        domain is only *sufficient*: values inside it pass (``upper(x) IN ('A', 'B')`` with
        ``x`` in ``['A', 'B']``), values outside may pass too.
    """

    column: str
    test: Literal["null", "not_null", "in", "not_in", "same_as", "domain"]
    values: tuple[Scalar, ...] = ()
    other: str | None = None
    domain: ColumnDomain | None = field(default=None, hash=False)
    exact: bool = True


@dataclass(frozen=True)
class RowFormula:
    """A CHECK (or a conjunct of it) as an OR of ANDs of :class:`Atom` s, with SQL's
    three-valued logic: the row passes when the OR is not FALSE.

    Example: ``((y IS NOT NULL) AND ended) OR (y IS NULL)`` is two branches,
    ``(y not_null, ended in (True,))`` and ``(y null,)``.
    """

    branches: tuple[tuple[Atom, ...], ...]
    source: str | None = None

    @property
    def columns(self) -> list[str]:
        """Every column the formula reads, in order of first appearance."""
        seen: dict[str, None] = {}
        for branch in self.branches:
            for atom in branch:
                seen.setdefault(atom.column, None)
                if atom.other is not None:
                    seen.setdefault(atom.other, None)
        return list(seen)


@dataclass(frozen=True)
class LinearSum:
    """``sum(coefficient * column) <op> constant`` (``a + b = 100``, ``a + b <= c``).

    A NULL column makes the sum NULL, so the row passes.
    """

    terms: tuple[tuple[str, int], ...]
    op: Literal["=", "<", "<=", ">", ">="]
    constant: int | Decimal
    source: str | None = None

    @property
    def columns(self) -> list[str]:
        return [c for c, _ in self.terms]


#: A construction that makes rows satisfy a CHECK (or one conjunct of it).
RowRule = RowFormula | LinearSum


@dataclass
class CheckAnalysis:
    """How one CHECK is understood.

    ``strategy``:
      - ``domain``: fully expressed by column domains and orders; generation satisfies it by
        construction (it is still verified);
      - ``derive``: satisfied by construction through columns derived from others (set by
        resolution, from ``rules``; it is still verified);
      - ``verify``: partly or not at all understood; rows are verified and regenerated;
      - ``unsupported``: could not even be translated for verification (the report says so and
        the check is left to the database).
    ``verify_sql`` is a boolean SQL expression in DuckDB's dialect over the table's column names,
    with "today" already replaced by the base date. It is None only when ``unsupported``.
    ``rules`` (for a ``verify`` check): row rules whose joint construction satisfies every
    conjunct that the domains do not capture exactly; None when some conjunct has none.
    ``time_relative``: the CHECK reads "today" (``CURRENT_DATE``, ``now()``...), so its verdict
    depends on the day it is checked.
    """

    name: str | None
    expression: str
    columns: list[str]
    strategy: Literal["domain", "derive", "verify", "unsupported"]
    verify_sql: str | None
    note: str | None = None
    rules: list[RowRule] | None = None
    time_relative: bool = False


@dataclass
class TableConstraints:
    """Everything :func:`analyze_table` learned from one table's CHECKs."""

    domains: dict[str, ColumnDomain] = field(default_factory=dict)
    orders: list[ColumnOrder] = field(default_factory=list)
    checks: list[CheckAnalysis] = field(default_factory=list)

    def domain(self, column: str) -> ColumnDomain | None:
        return self.domains.get(column)
