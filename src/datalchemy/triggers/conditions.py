"""One rejection condition of a trigger → an emulated foreign key, a row check, or neither.

A trigger rejects a row when a condition holds. Two shapes are constraints datalchemy already
knows how to meet, so they are recognised (conservatively: anything else is *opaque*):

- **emulated foreign key**: the row is rejected when no parent row matches, written as
  ``(SELECT k FROM P WHERE k = NEW.c) IS NULL``, ``NOT EXISTS (SELECT ... FROM P WHERE k =
  NEW.c [AND ...])``, ``NEW.c NOT IN (SELECT k FROM P)`` or ``(SELECT count(*) FROM P WHERE
  ...) = 0``, optionally behind ``NEW.c IS NOT NULL AND ...``. ``k`` must be a key of ``P``
  (its primary key or a UNIQUE), as a declared foreign key's target must be.
- **row check**: a condition on ``NEW.<column>`` values only (no subquery, no ``OLD``, no
  variable, no function the database does not define): the row must satisfy ``NOT (cond)``.

Example:
    >>> import sqlglot
    >>> from datalchemy.contracts.schema import Column, PrimaryKey, Table, TypeFamily
    >>> books = Table(name="books", columns=[Column(ordinal=1, name="id", declared_type="INTEGER",
    ...     family=TypeFamily.INTEGER, nullable=False)], primary_key=PrimaryKey(columns=["id"]))
    >>> notes = Table(name="notes", columns=[Column(ordinal=1, name="book",
    ...     declared_type="INTEGER", family=TypeFamily.INTEGER, nullable=False)])
    >>> ctx = TableContext("main", notes, {"books": ("main", books)}.get, "sqlite")
    >>> cond = sqlglot.parse_one("(SELECT id FROM books WHERE id = NEW.book) IS NULL",
    ...                          read="sqlite")
    >>> found = read_condition(cond, ctx)
    >>> found.columns, found.parent_table, found.parent_columns
    (['book'], 'books', ['id'])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlglot import exp

from datalchemy.constraints.dialects import RULES, Dialect
from datalchemy.contracts.schema import Table
from datalchemy.introspect.sqlite_ddl import fold

__all__ = [
    "CheckFinding",
    "FkFinding",
    "Opaque",
    "TableContext",
    "conjuncts",
    "read_condition",
    "unknown_functions",
]

#: Finds a table by the name a trigger body uses (unqualified or ``schema.table``):
#: ``(schema, table)`` or None.
Lookup = Callable[[str], tuple[str, Table] | None]


@dataclass(frozen=True)
class TableContext:
    """The table a trigger belongs to, how to find other tables, and the SQL dialect."""

    schema_name: str
    table: Table
    lookup: Lookup
    dialect: Dialect
    known_functions: frozenset[str] | None = None
    """SQLite: every function the database defines (lower case); None when unknown."""

    def column(self, ident: exp.Identifier, table: Table | None = None) -> str | None:
        """The column of ``table`` (default: this table) that ``ident`` names, as declared."""
        target = table or self.table
        wanted = self.name(ident)
        for col in target.columns:
            if self.same(col.name, wanted):
                return col.name
        return None

    def name(self, ident: exp.Identifier | str) -> str:
        """An identifier as the database resolves it (PostgreSQL folds unquoted names)."""
        if isinstance(ident, str):
            return ident
        text = str(ident.this)
        if RULES[self.dialect].folds_unquoted_to_lower and not ident.quoted:
            return text.lower()
        return text

    def same(self, a: str, b: str) -> bool:
        return fold(a) == fold(b) if RULES[self.dialect].quoted_identifiers_ignore_case else a == b


@dataclass(frozen=True)
class FkFinding:
    """``columns`` of the trigger's table must match ``parent_columns`` of a parent row."""

    columns: list[str]
    parent_schema: str
    parent_table: str
    parent_columns: list[str]
    nulls_pass: list[str] = field(default_factory=list)
    """Columns whose NULL the trigger lets through (guarded by ``IS NOT NULL`` or ``NOT IN``)."""


@dataclass(frozen=True)
class CheckFinding:
    """A row must satisfy ``expression`` (SQL in the dialect, column names as declared)."""

    expression: str
    columns: list[str]


@dataclass(frozen=True)
class Opaque:
    """A condition that is neither: ``why`` completes "rejects rows ..." (``under a condition
    that reads other tables (t)``, ``always``)."""

    why: str


Finding = FkFinding | CheckFinding | Opaque


def conjuncts(cond: exp.Expr) -> list[exp.Expr]:
    """The ANDed parts of ``cond`` (parentheses dropped)."""
    cond = cond.unnest()
    if isinstance(cond, exp.And):
        return [p for part in cond.flatten() for p in conjuncts(part)]
    return [cond]


def _new_column(node: exp.Expr, ctx: TableContext) -> str | None:
    """The column ``NEW.<column>`` names, or None."""
    node = node.unnest()
    if isinstance(node, exp.Column) and node.table and node.table.upper() == "NEW":
        return ctx.column(node.this)
    return None


def _null_guard(node: exp.Expr, ctx: TableContext) -> str | None:
    """``NEW.c IS NOT NULL`` (either spelling): the column, or None."""
    if isinstance(node, exp.Not) and isinstance(node.this.unnest(), exp.Is):
        test = node.this.unnest()
    elif isinstance(node, exp.Is) and node.args.get("negate"):
        test = node
    else:
        return None
    if isinstance(test.expression, exp.Null):
        return _new_column(test.this, ctx)
    return None


def unknown_functions(node: exp.Expr, ctx: TableContext) -> list[str]:
    """Functions ``node`` calls that are not known to be defined by the database.

    SQLite: every call sqlglot does not know (``Anonymous``) checked against the database's
    function list (``REGEXP`` needs an application function too). PostgreSQL: calls sqlglot does
    not know are application functions; they exist in the database but cannot be evaluated on the
    files alone, so they make a condition opaque.
    """
    names: list[str] = []
    for call in node.find_all(exp.Anonymous):
        name = str(call.this).lower()
        if name == "raise":
            continue
        if RULES[ctx.dialect].calls_may_be_user_functions or (
            ctx.known_functions is not None and name not in ctx.known_functions
        ):
            names.append(name)
    if (
        RULES[ctx.dialect].regexp_needs_a_user_function
        and ctx.known_functions is not None
        and "regexp" not in ctx.known_functions
        and node.find(exp.RegexpLike) is not None
    ):
        names.append("regexp")
    return list(dict.fromkeys(names))


def read_condition(cond: exp.Expr, ctx: TableContext) -> Finding:
    """What the rejection condition ``cond`` is (see the module docstring)."""
    parts = conjuncts(cond)
    guards = [_null_guard(p, ctx) for p in parts]
    fks = [(p, fk) for p in parts if (fk := _fk_shape(p, ctx)) is not None]
    if len(fks) == 1:
        shape, fk = fks[0]
        others = [p for p, g in zip(parts, guards, strict=True) if p is not shape and g is None]
        guarded = {g for g in guards if g is not None}
        if not others and guarded <= set(fk.columns):
            nulls = [c for c in fk.columns if c in guarded or c in fk.nulls_pass]
            return FkFinding(
                fk.columns, fk.parent_schema, fk.parent_table, fk.parent_columns, nulls
            )
    return _row_check(cond, ctx)


def _row_check(cond: exp.Expr, ctx: TableContext) -> Finding:
    tables = sorted({str(t.name) for t in cond.find_all(exp.Table)})
    if tables:
        return Opaque(f"under a condition that reads other tables ({', '.join(tables)})")
    if cond.find(exp.Query, exp.Subquery, exp.Exists) is not None:
        return Opaque("under a condition with a subquery")
    calls = unknown_functions(cond, ctx)
    if calls:
        return Opaque(f"under a condition that calls {', '.join(f'{c}()' for c in calls)}")
    if isinstance(cond, exp.Boolean) and cond.this:
        return Opaque("always")
    tree = cond.copy()
    columns: list[str] = []
    for col in list(tree.find_all(exp.Column)):
        name = _new_column(col, ctx)
        if name is None:
            what = col.sql(dialect=ctx.dialect)
            return Opaque(f"under a condition on {what}, which is not a column of the new row")
        columns.append(name)
        col.replace(exp.column(name, quoted=True))
    if not columns:
        return Opaque("under a condition that does not read the row")
    expression = exp.Not(this=exp.Paren(this=tree.unnest())).sql(dialect=ctx.dialect)
    return CheckFinding(expression, list(dict.fromkeys(columns)))


# ------------------------------------------------------------------------------ foreign keys


def _query(node: exp.Expr) -> exp.Expr | None:
    """The query of a scalar subquery ``(SELECT ...)``, or None (``unnest`` opens both)."""
    inner = node.unnest()
    if isinstance(inner, exp.Subquery):
        inner = inner.this
    return inner if isinstance(inner, exp.Query) else None


def _fk_shape(node: exp.Expr, ctx: TableContext) -> FkFinding | None:
    """The parent lookup ``node`` rejects on a miss, or None."""
    node = node.unnest()
    if isinstance(node, exp.Is) and not node.args.get("negate"):
        query = _query(node.this)
        if isinstance(node.expression, exp.Null) and query is not None:
            return _lookup(query, ctx, select="key")
    if isinstance(node, exp.Not):
        inner = node.this.unnest()
        if isinstance(inner, exp.Exists):
            return _lookup(inner.this, ctx, select="any")
        if isinstance(inner, exp.In) and inner.args.get("query") is not None:
            column = _new_column(inner.this, ctx)
            query = _query(inner.args["query"])
            if column is not None and query is not None:
                return _lookup(query, ctx, select="key", in_column=column)
    if isinstance(node, exp.EQ | exp.LT | exp.LTE):
        query, limit = _query(node.this), node.expression
        if query is not None and isinstance(limit, exp.Literal) and not limit.is_string:
            empty = {exp.EQ: "0", exp.LT: "1", exp.LTE: "0"}[type(node)]
            if limit.this == empty:
                return _lookup(query, ctx, select="count")
    return None


def _lookup(
    query: exp.Expr,
    ctx: TableContext,
    *,
    select: Literal["key", "any", "count"],
    in_column: str | None = None,
) -> FkFinding | None:
    """A ``SELECT ... FROM P [alias] WHERE p.k = NEW.c [AND ...]`` on a key of ``P``."""
    if not isinstance(query, exp.Select) or query.args.get("joins") or query.args.get("group"):
        return None
    source = query.args.get("from_") or query.args.get("from")
    if not isinstance(source, exp.From) or not isinstance(source.this, exp.Table):
        return None
    written = source.this
    found = ctx.lookup(".".join(p for p in (written.db, written.name) if p))
    if found is None:
        return None
    parent_schema, parent = found
    names = {written.name.lower(), (written.alias or written.name).lower()}

    def parent_column(node: exp.Expr) -> str | None:
        node = node.unnest()
        if not isinstance(node, exp.Column) or node.args.get("db"):
            return None
        if node.table and node.table.lower() not in names:
            return None
        return ctx.column(node.this, parent)

    pairs: list[tuple[str, str]] = []  # (column of the row, column of the parent)
    where = query.args.get("where")
    if in_column is not None:
        if where is not None or len(query.expressions) != 1:
            return None
        key = parent_column(query.expressions[0])
        if key is None:
            return None
        pairs.append((in_column, key))
    else:
        if where is None:
            return None
        for part in conjuncts(where.this):
            if not isinstance(part, exp.EQ):
                return None
            left, right = part.this, part.expression
            own, other = _new_column(left, ctx), parent_column(right)
            if own is None:
                own, other = _new_column(right, ctx), parent_column(left)
            if own is None or other is None:
                return None
            pairs.append((own, other))
        if not _selects_a_value(query, select, {p for _, p in pairs}, parent, parent_column):
            return None
    own_cols = [o for o, _ in pairs]
    parent_cols = [p for _, p in pairs]
    if len(set(own_cols)) != len(own_cols) or not _is_key(parent, parent_cols):
        return None
    return FkFinding(
        own_cols,
        parent_schema,
        parent.name,
        parent_cols,
        nulls_pass=[in_column] if in_column else [],
    )


def _selects_a_value(
    query: exp.Select,
    select: str,
    keys: set[str],
    parent: Table,
    parent_column: Callable[[exp.Expr], str | None],
) -> bool:
    """Whether the SELECT list makes the shape mean "no parent row" (and nothing else)."""
    if len(query.expressions) != 1:
        return select == "any"
    item = query.expressions[0].unalias()
    if select == "any":
        return True
    if select == "count":
        return isinstance(item, exp.Count)
    if isinstance(item, exp.Literal):
        return True
    column = parent_column(item)
    if column is None:
        return False
    # A NULL in the selected column would read as "no parent row"; a key column is never NULL.
    return column in keys or not parent.column(column).nullable


def _is_key(table: Table, columns: list[str]) -> bool:
    """``columns`` are the primary key or a UNIQUE of ``table`` (in any order)."""
    wanted = set(columns)
    if table.primary_key is not None and set(table.primary_key.columns) == wanted:
        return True
    return any(
        set(u.columns) == wanted and not u.expressions and u.predicate is None
        for u in table.uniques
    )
