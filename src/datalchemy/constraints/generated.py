"""Generated columns: what their expression asks of the columns it reads.

A generated column is never written: the database computes it from the row, and rejects the
row when a ``STORED`` result does not fit the column's type in PostgreSQL (``numeric field
overflow``, ``integer out of range``, ``value too long``) or when it breaks a CHECK on the
generated column. So its expression (read with sqlglot) becomes constraints on the columns
generation does write:

- :func:`fit_checks`: the result fits the column's type, one CHECK per generated column of a
  bounded type (``numeric(p, s)``, integer widths, ``varchar(n)`` / ``char(n)``), evaluated in
  ``double precision`` so that the check itself never overflows;
- :func:`input_bounds`: for generation only, bounds on the inputs that keep the result inside
  that type by construction (a sum of *k* terms gives each term 1/k of the room, a product of
  *k* factors gives each factor the k-th root; constants scale the room), stated as a CHECK
  whose domains plan resolution applies;
- :func:`inline_generated`: a CHECK that reads a generated column reads its expression instead.

:func:`with_generated` applies the three to a table.

Example:
    >>> from datalchemy.contracts.schema import Column, Table
    >>> cols = [Column(ordinal=1, name="price", declared_type="numeric(8,2)", family="decimal",
    ...                nullable=False, precision=8, scale=2),
    ...         Column(ordinal=2, name="qty", declared_type="integer", family="integer",
    ...                nullable=False, int_bits=32),
    ...         Column(ordinal=3, name="total", declared_type="numeric(8,2)", family="decimal",
    ...                nullable=True, precision=8, scale=2, generated="(price * (qty)::numeric)",
    ...                generated_kind="stored")]
    >>> [c.expression for c in input_bounds(Table(name="t", columns=cols), "postgres")]
    ['"price" >= -994.98 AND "price" <= 994.98 AND "qty" >= -994 AND "qty" <= 994']
"""

from __future__ import annotations

import math
from decimal import Decimal

from sqlglot import exp
from sqlglot.errors import SqlglotError

from datalchemy.constraints.parsing import parse_expression
from datalchemy.contracts.schema import CheckConstraint, Column, Table, TypeFamily

__all__ = ["fit_checks", "inline_generated", "input_bounds", "with_generated"]

_NUMERIC = (TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT)
#: Room left to rounding: inputs are bounded to this share of what the type holds.
_SAFETY = 0.99


def _stored(
    table: Table, dialect: str, kinds: tuple[str, ...] = ("stored",)
) -> list[tuple[Column, exp.Expr]]:
    """Generated columns of ``kinds`` with their parsed expressions (unreadable ones left out)."""
    out: list[tuple[Column, exp.Expr]] = []
    for col in table.columns:
        if col.generated_kind not in kinds or not col.generated:
            continue
        try:
            out.append((col, parse_expression(col.generated, dialect)))
        except (SqlglotError, ValueError):
            continue
    return out


def _limit(col: Column) -> float | None:
    """The largest magnitude ``col``'s type holds (None: unbounded or not numeric)."""
    if col.family is TypeFamily.INTEGER and col.int_bits:
        return float(2 ** (col.int_bits - 1) - 1)
    if col.family is TypeFamily.DECIMAL and col.precision is not None:
        scale = col.scale or 0
        return 10.0 ** (col.precision - scale) - 0.5 * 10.0**-scale
    return None


def _strip_casts(node: exp.Expr) -> exp.Expr:
    while isinstance(node, exp.Paren | exp.Cast):
        node = node.this
    return node


def _as_double(node: exp.Expr, table: Table) -> exp.Expr:
    """``node`` with every numeric column read as ``double precision`` (no intermediate
    overflow while checking)."""

    def widen(n: exp.Expr) -> exp.Expr:
        if isinstance(n, exp.Column) and table.has_column(n.name):
            if table.column(n.name).family in _NUMERIC:
                return exp.cast(exp.column(n.name, quoted=True), "DOUBLE PRECISION")
            return exp.column(n.name, quoted=True)
        return n

    return node.transform(widen, copy=True)


def fit_checks(table: Table, dialect: str = "postgres") -> list[CheckConstraint]:
    """One CHECK per stored generated column of a bounded type: its value fits the type.

    Named ``<column>_generated_fits``; the database names the column when it does not."""
    out = []
    for col, tree in _stored(table, dialect):
        inner = _as_double(_strip_casts(tree), table)
        columns = sorted({c.name for c in inner.find_all(exp.Column)})
        limit = _limit(col)
        text: str | None = None
        if limit is not None:
            value = exp.paren(inner).sql(dialect="postgres")
            text = f"{value} >= {-limit!r} AND {value} <= {limit!r}"
        elif col.family is TypeFamily.TEXT and col.length is not None:
            value = exp.paren(_strip_casts(tree)).sql(dialect="postgres")
            text = f"length(rtrim({value})) <= {col.length}"
            columns = sorted({c.name for c in tree.find_all(exp.Column)})
        if text is not None:
            out.append(
                CheckConstraint(name=f"{col.name}_generated_fits", expression=text, columns=columns)
            )
    return out


def _room(node: exp.Expr, room: float, table: Table) -> dict[str, float] | None:
    """Bounds on the numeric columns of ``node`` that keep ``|node| <= room``; None when the
    expression is not arithmetic datalchemy can bound (a function call, a column of another
    family)."""
    node = _strip_casts(node)
    if isinstance(node, exp.Column):
        if not table.has_column(node.name) or table.column(node.name).family not in _NUMERIC:
            return None
        return {node.name: room}
    if isinstance(node, exp.Literal) and not node.is_string:
        value = _constant(node)
        return {} if value is not None and abs(value) <= room else None
    if isinstance(node, exp.Neg | exp.Abs):
        return _room(node.this, room, table)
    if isinstance(node, exp.Add | exp.Sub):
        terms = _flatten(node, (exp.Add, exp.Sub))
        constant = sum(abs(v) for v in (_constant(t) for t in terms) if v is not None)
        variable = [t for t in terms if _constant(t) is None]
        share = (room - constant) / max(1, len(variable))
        return _merge([_room(t, share, table) for t in variable]) if share > 0 else None
    if isinstance(node, exp.Mul):
        factors = _flatten(node, (exp.Mul,))
        scale = math.prod(abs(v) for v in (_constant(f) for f in factors) if v is not None)
        variable = [f for f in factors if _constant(f) is None]
        if scale == 0 or not variable:
            return {}
        share = (room / scale) ** (1 / len(variable))
        return _merge([_room(f, share, table) for f in variable])
    if isinstance(node, exp.Div):
        divisor = _constant(node.expression)
        if divisor is None or divisor == 0:
            return None
        return _room(node.this, room * abs(divisor), table)
    return None


def _flatten(node: exp.Expr, kinds: tuple[type[exp.Expr], ...]) -> list[exp.Expr]:
    node = _strip_casts(node)
    if isinstance(node, kinds):
        return _flatten(node.this, kinds) + _flatten(node.expression, kinds)
    return [node]


def _constant(node: exp.Expr) -> float | None:
    node = _strip_casts(node)
    if isinstance(node, exp.Literal) and not node.is_string:
        try:
            return float(Decimal(node.this))
        except ArithmeticError:  # decimal.InvalidOperation: not a plain number
            return None
    if isinstance(node, exp.Neg):
        inner = _constant(node.this)
        return -inner if inner is not None else None
    return None


def _merge(parts: list[dict[str, float] | None]) -> dict[str, float] | None:
    if any(p is None for p in parts):
        return None
    out: dict[str, float] = {}
    for p in parts:
        for name, bound in (p or {}).items():
            out[name] = min(bound, out.get(name, bound))
    return out


def _bound_text(col: Column, bound: float) -> str | None:
    """``bound`` rounded inward to what ``col`` holds; None when the type holds less anyway."""
    own = _limit(col)
    if own is not None and bound >= own:
        return None
    if col.family is TypeFamily.INTEGER:
        return str(math.floor(bound))
    scale = col.scale if col.family is TypeFamily.DECIMAL and col.scale is not None else 6
    value = math.floor(bound * 10**scale) / 10**scale
    return f"{value:.{scale}f}"


def _text_room(node: exp.Expr, room: int, table: Table) -> dict[str, int] | None:
    """Lengths of the text columns of a concatenation that keep it within ``room``
    characters (constants count their own length); None for anything else."""
    pieces = _flatten(node, (exp.DPipe, exp.Concat))
    constant = 0
    columns: list[str] = []
    for piece in pieces:
        if isinstance(piece, exp.Literal) and piece.is_string:
            constant += len(piece.this)
        elif isinstance(piece, exp.Column) and table.has_column(piece.name):
            if table.column(piece.name).family is not TypeFamily.TEXT:
                return None
            columns.append(piece.name)
        else:
            return None
    if not columns or room - constant < len(columns):
        return None
    share = (room - constant) // len(columns)
    return {name: share for name in columns}


def input_bounds(table: Table, dialect: str = "postgres") -> list[CheckConstraint]:
    """For generation: one CHECK per stored generated column of a bounded type, bounding the
    columns its expression reads so that the result fits (``<column>_generated_inputs``):
    magnitudes for numbers, lengths for a concatenation into ``varchar(n)``."""
    out = []
    for col, tree in _stored(table, dialect):
        limit = _limit(col)
        parts = []
        if limit is not None:
            bounds = _room(tree, limit * _SAFETY, table)
        elif col.family is TypeFamily.TEXT and col.length is not None:
            lengths = _text_room(tree, col.length, table) or {}
            bounds = {k: float(v) for k, v in lengths.items()}
            for name, n in sorted(lengths.items()):
                own = table.column(name).length
                if own is None or n < own:
                    q = exp.column(name, quoted=True).sql(dialect="postgres")
                    parts.append(f"length({q}) <= {n}")
        else:
            continue
        for name, bound in sorted((bounds or {}).items()) if limit is not None else []:
            text = _bound_text(table.column(name), bound)
            if text is not None:
                q = exp.column(name, quoted=True).sql(dialect="postgres")
                parts.append(f"{q} >= -{text} AND {q} <= {text}")
        if parts:
            out.append(
                CheckConstraint(
                    name=f"{col.name}_generated_inputs",
                    expression=" AND ".join(parts),
                    columns=sorted(bounds or {}),
                )
            )
    return out


def inline_generated(table: Table, dialect: str = "postgres") -> Table:
    """``table`` with every CHECK that reads a stored generated column reading its expression
    instead (the column is not in the data; its value is a function of the row)."""
    stored = {col.name: tree for col, tree in _stored(table, dialect, ("stored", "virtual"))}
    if not stored:
        return table
    checks = []
    for check in table.checks:
        if not set(check.columns) & set(stored):
            checks.append(check)
            continue
        try:
            tree = parse_expression(check.expression, dialect)
        except (SqlglotError, ValueError):
            checks.append(check)
            continue

        def swap(node: exp.Expr) -> exp.Expr:
            if isinstance(node, exp.Column) and node.name in stored:
                return exp.paren(stored[node.name].copy())
            return node

        rewritten = tree.transform(swap, copy=True)
        columns = sorted(
            {c.name for c in rewritten.find_all(exp.Column)} & {c.name for c in table.columns}
        )
        checks.append(
            check.model_copy(
                update={"expression": rewritten.sql(dialect=dialect), "columns": columns}
            )
        )
    return table.model_copy(update={"checks": checks})


def with_generated(table: Table, dialect: str = "postgres", *, generation: bool) -> Table:
    """``table`` with its generated columns' constraints: CHECKs read their expressions (stored
    and virtual columns), each stored result fits its type and (``generation``) the inputs are
    bounded so that it does. Types bound values in PostgreSQL only: SQLite stores any value."""
    if not any(c.generated_kind and c.generated for c in table.columns):
        return table
    inlined = inline_generated(table, dialect)
    if dialect != "postgres":
        return inlined
    extra = fit_checks(table, dialect) + (input_bounds(table, dialect) if generation else [])
    return inlined.model_copy(update={"checks": [*inlined.checks, *extra]})
