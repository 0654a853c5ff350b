"""Walk a prepared CHECK and say what it means for columns: one handler per expression type.

:meth:`Analyzer.condition` looks the node's class up in :data:`SHAPES` (through its base
classes, so a sqlglot subclass gets its parent's handler) and returns the handler's
:class:`~.domains.Capture`: the domains and column orders the expression implies, and whether
they are *all* it says (``exact``). A node with no handler is not modelled: it is captured as
nothing and the CHECK is verified on every block instead. Handlers never need to be complete;
everything they capture must be a necessary condition of the expression.

Shapes understood (PostgreSQL's deparsed forms and the source forms people write); the handlers
live in :mod:`.shapes`:

- ``col <op> constant`` in both orientations, ``<op>`` one of ``= <> < <= > >=``; casts on
  either side unwrapped when they do not change the value (``0::numeric``, ``'x'::text``,
  ``(vc)::text``, ``VALUE::integer``); typed literals (``DATE '2020-01-01'``,
  ``'2020-01-01'::date``); negative numbers; constant arithmetic on dates
  (``CURRENT_DATE - '18 years'::interval``, SQLite ``date('now', '-18 years')``);
- ``BETWEEN [SYMMETRIC]``; ``IN (...)``, ``= ANY (ARRAY[...])``; ``NOT IN``,
  ``<> ALL (ARRAY[...])``; ``IS [NOT] DISTINCT FROM`` a constant;
  ``<op> ANY / ALL (ARRAY[...])`` as bounds;
- ``AND`` (domains intersect), ``OR`` of equalities / IN lists on one column (union),
  ``x IS NULL OR <cond on x>`` (``null_ok``), ``x IS NOT NULL``, ``NOT`` pushed down through
  AND / OR and comparisons;
- ``length`` / ``char_length`` / ``character_length`` comparisons (``min_length`` /
  ``max_length``); ``position('@' in x)`` / ``strpos`` / SQLite ``instr`` compared with a number
  (``contains``; only ``> 0`` is exact, ``> 1`` also forbids the needle at the start);
- ``LIKE`` (``like``; the escape character is normalised to ``\\``, also for PostgreSQL's
  ``like_escape(p, e)``), ``ILIKE`` (``regex``: ``(?i)`` and the anchored translation), ``~``,
  ``~*`` (``(?i)`` prefix), ``SIMILAR TO`` and PostgreSQL's ``~ similar_to_escape(p)`` (an
  anchored regex), SQLite ``REGEXP`` and ``GLOB`` (``regex``); SQLite's ``LIKE`` ignores ASCII
  case, so it becomes a ``(?i)`` regex and is verified;
- ``a <op> b`` between two columns (:class:`~.model.ColumnOrder`), with
  ``a IS NULL OR [b IS NULL OR]`` giving ``null_ok``; ``b >= a + '1 day'::interval`` is recorded
  as ``b > a`` and verified;
- ``CURRENT_DATE``, ``now()``, ``CURRENT_TIMESTAMP``, ``LOCALTIMESTAMP`` (and SQLite
  ``date('now')`` / ``datetime('now')``) are the base date, or the base date at 00:00:00;
- functions of one column (:mod:`.shapes.functions`): ``extract(year from d)`` /
  ``date_part('year', d)`` bounds, ``cardinality`` / ``array_length(x, 1)`` element counts,
  ``jsonb_typeof`` types, ``octet_length`` of a ``bytea``, ``trim(x) <> ''`` and
  ``length(trim(x)) > 0`` (a character that is not a blank), ``x = lower(x)`` (``case``);
- an ``OR`` of ``LIKE`` / ``ILIKE`` / regex patterns on one column (one regex).

What no domain captures may still be met by construction: :mod:`.formulas` turns the rest of a
CHECK into row rules (conditional nullness, implications between columns, ``upper(x) IN (...)``,
sums), from which resolution derives columns (:mod:`datalchemy.plan.resolve.row_rules`).

**Adding a CHECK shape**: (1) a handler in :mod:`.shapes` returning a :class:`~.domains.Capture`
whose domains are necessary conditions (``exact`` only when they are all the node says), or an
atom / rule in :mod:`.formulas` when it relates several columns; (2) its entry in
:data:`SHAPES` when it is a new node class; (3) its DuckDB translation in :mod:`.duckdb_sql` when
DuckDB spells it differently; (4) generation inside the new domain field in
:mod:`datalchemy.plan.resolve.fitting`; (5) a case in ``tests/constraints`` (and in
``test_pg_agreement.py``'s ``PG_SHAPES``, which checks it against PostgreSQL), an end-to-end DDL
in ``tests/generate/test_real_checks.py``, and a line in ``docs/supported_checks.md``.

Constants are converted to the column's family: integer → ``int`` (strict bounds tightened by 1;
a non-integral bound rounded inwards), date → ``date`` (strict bounds tightened by a day),
decimal → ``Decimal``, float → ``float``, timestamp / timestamptz → naive ``datetime`` (UTC for
timestamptz), time → ``time``, text → ``str`` exactly as written. Strict bounds on decimals,
floats, times and timestamps stay strict (``minimum_inclusive=False``).

Not modelled as domains (verified, unless a row rule builds them): ORs of ranges, arithmetic,
functions other than the ones above, order comparisons on enums (their order is the label
order), the offset in ``b >= a + k``, array element domains.

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> ctx = CheckContext("postgres", date(2024, 1, 1), {"x": TypeFamily.INTEGER}, None)
    >>> capture = Analyzer(ctx).condition(sqlglot.parse_one("x > 5 AND x IN (1, 7, 9)"))
    >>> capture.exact, capture.domains["x"].allowed
    (True, [7, 9])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlglot import exp

from datalchemy.constraints.context import CheckContext
from datalchemy.constraints.domains import Capture
from datalchemy.constraints.shapes import comparisons, logic, text
from datalchemy.constraints.sqltypes import (
    DATE_TYPES,
    DECIMAL_TYPES,
    FLOAT_TYPES,
    INT_TYPES,
    TEXT_TYPES,
    TEXTLIKE_FAMILIES,
    TIMESTAMP_TYPES,
    TIMESTAMPTZ_TYPES,
    T,
)
from datalchemy.constraints.tree import unparen, without_negate
from datalchemy.contracts.schema import TypeFamily

__all__ = ["SHAPES", "Analyzer", "Handler", "handler_for"]

#: A shape handler: what one node (of the class it is registered for) says about the columns.
Handler = Callable[["Analyzer", Any], Capture]


class Analyzer:
    """Reads one prepared CHECK (see :func:`.context.prepare`) in its context."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    def condition(self, node: exp.Expression) -> Capture:
        """What the boolean expression ``node`` says about the columns."""
        node = unparen(node)
        if node.args.get("negate"):  # x IS NOT NULL, x NOT LIKE ... parse as negate=True
            return logic.negated(self, without_negate(node))
        handler = handler_for(node)
        if handler is None:
            return Capture.nothing(f"{type(node).__name__} is verified, not modelled")
        return handler(self, node)

    # ----------------------------------------------------------------- column-side expressions

    def column_of(self, node: exp.Expression) -> str | None:
        """The column ``node`` reads unchanged: ``col``, ``(col)``, a cast that keeps the value."""
        node = unparen(node)
        if isinstance(node, exp.Column):
            return node.name
        if isinstance(node, exp.Collate):
            return self.column_of(node.this)
        if isinstance(node, exp.Cast):
            inner = self.column_of(node.this)
            if inner is None:
                return None
            if _transparent_cast(self.ctx.family(inner), node.to):
                return inner
        return None

    def text_column_of(self, node: exp.Expression) -> str | None:
        """A column of a text-like family read as text (for length, position, LIKE, regex)."""
        col = self.column_of(node)
        if col is None:
            # (col)::text on a non-text column is its text form, not the value itself.
            return None
        family = self.ctx.family(col)
        if family is None or family in TEXTLIKE_FAMILIES:
            return col
        return None


def _transparent_cast(family: TypeFamily | None, to: exp.DataType) -> bool:
    """Whether casting a column of ``family`` to ``to`` keeps its value (and its order)."""
    kind = to.this
    if kind == T.USERDEFINED:
        return True  # to the column's own enum or domain
    if family in TEXTLIKE_FAMILIES or family is None:
        return bool(kind in TEXT_TYPES and not to.expressions)
    if family == TypeFamily.INTEGER:
        return bool(
            kind in INT_TYPES
            or (kind in DECIMAL_TYPES and not to.expressions)
            or kind in FLOAT_TYPES
        )
    if family in (TypeFamily.DECIMAL, TypeFamily.MONEY):
        return bool(kind in DECIMAL_TYPES and not to.expressions)
    same: dict[TypeFamily, set[Any]] = {
        TypeFamily.FLOAT: FLOAT_TYPES,
        TypeFamily.DATE: DATE_TYPES,
        TypeFamily.TIMESTAMP: TIMESTAMP_TYPES,
        TypeFamily.TIMESTAMPTZ: TIMESTAMPTZ_TYPES,
        TypeFamily.TIME: {T.TIME},
        TypeFamily.BOOLEAN: {T.BOOLEAN},
    }
    return family in same and kind in same[family]


#: Expression class → shape handler. A new CHECK shape is one handler in :mod:`.shapes` and one
#: entry here; a node whose class (or base class) is not here is verified, not modelled.
SHAPES: dict[type[exp.Expression], Handler] = {
    # logic
    exp.And: logic.conjunction,
    exp.Or: logic.disjunction,
    exp.Not: logic.negation,
    exp.Boolean: logic.boolean,
    exp.Column: logic.boolean_column,
    # comparisons
    exp.GT: comparisons.comparison,
    exp.GTE: comparisons.comparison,
    exp.LT: comparisons.comparison,
    exp.LTE: comparisons.comparison,
    exp.EQ: comparisons.comparison,
    exp.NEQ: comparisons.comparison,
    exp.NullSafeEQ: comparisons.distinct_from,
    exp.NullSafeNEQ: comparisons.distinct_from,
    exp.Between: comparisons.between,
    exp.In: comparisons.membership,
    exp.Is: comparisons.is_test,
    # text patterns
    exp.Escape: text.like,
    exp.Like: text.like,
    exp.ILike: text.like,
    exp.RegexpLike: text.regex,
    exp.RegexpILike: text.regex,
    exp.SimilarTo: text.pattern_to_regex,
    exp.Glob: text.pattern_to_regex,
}


def handler_for(node: exp.Expression) -> Handler | None:
    """The handler of ``node``'s class, or of its nearest base class that has one."""
    for cls in type(node).__mro__:
        handler = SHAPES.get(cls)
        if handler is not None:
            return handler
    return None
