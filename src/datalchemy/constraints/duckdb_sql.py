"""A prepared CHECK as a DuckDB boolean expression (``verify_sql``), and whether DuckDB binds it.

:func:`to_duckdb` writes the check over the table's column names (identifiers quoted) with
"today" replaced by the base date. PostgreSQL- and SQLite-only pieces are rewritten so DuckDB
computes the same verdict: ``= ANY (ARRAY[...])`` → ``IN``, casts to enums and domains dropped,
bare ``numeric`` casts of literals dropped, integer ``/`` → ``//``, ``num_nonnulls``,
``similar_to_escape``, ``like_escape``, LIKE's backslash escape, SQLite's ``typeof`` and
case-insensitive ``LIKE``, ``jsonb_typeof``, ``array_length(x, 1)`` (NULL for an empty
array) and ``octet_length`` of text. :func:`bind_error` runs the expression over typed NULL
columns, so a check DuckDB cannot evaluate is reported as unsupported before any row is
generated.

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> from datalchemy.constraints.context import prepare
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> ctx = CheckContext("postgres", date(2024, 1, 1), {"d": TypeFamily.DATE}, None)
    >>> sql = to_duckdb(prepare(sqlglot.parse_one("d <= CURRENT_DATE", read="postgres"), ctx), ctx)
    >>> sql
    '"d" <= DATE \\'2024-01-01\\''
    >>> bind_error(sql, ["d"], ctx.families) is None
    True
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from sqlglot import exp
from sqlglot.errors import ErrorLevel

from datalchemy.constraints.context import CheckContext
from datalchemy.constraints.folding import (
    NotConstant,
    constant,
    similar_call_to_regex,
    today_call,
)
from datalchemy.constraints.patterns import similar_to_regex
from datalchemy.constraints.sqltypes import (
    DATE_TYPES,
    DECIMAL_TYPES,
    INT_TYPES,
    NUMERIC_FAMILIES,
    TEXT_TYPES,
    TIMESTAMP_TYPES,
    TIMESTAMPTZ_TYPES,
    T,
)
from datalchemy.constraints.tree import array_elements, is_all, transform_up, unparen
from datalchemy.contracts.schema import TypeFamily
from datalchemy.engines.base import quote_identifier

__all__ = ["DUCKDB_TYPES", "bind_error", "to_duckdb"]

#: DuckDB column types used to check that a ``verify_sql`` binds (see :func:`bind_error`).
DUCKDB_TYPES: dict[TypeFamily, str] = {
    TypeFamily.BOOLEAN: "BOOLEAN",
    TypeFamily.INTEGER: "BIGINT",
    TypeFamily.DECIMAL: "DECIMAL(38, 10)",
    TypeFamily.FLOAT: "DOUBLE",
    TypeFamily.TEXT: "VARCHAR",
    TypeFamily.UUID: "UUID",
    TypeFamily.DATE: "DATE",
    TypeFamily.TIME: "TIME",
    TypeFamily.TIMESTAMP: "TIMESTAMP",
    TypeFamily.TIMESTAMPTZ: "TIMESTAMPTZ",
    TypeFamily.INTERVAL: "INTERVAL",
    TypeFamily.JSON: "JSON",
    TypeFamily.BYTES: "BLOB",
    TypeFamily.MONEY: "DECIMAL(38, 2)",
}


def to_duckdb(tree: exp.Expression, ctx: CheckContext) -> str:
    """The prepared CHECK as a DuckDB boolean expression."""

    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.CurrentDate):
            return _date_literal(ctx.base_date)
        if isinstance(node, exp.CurrentTimestamp | exp.Localtimestamp | exp.CurrentDatetime):
            return _timestamp_literal(ctx.base_datetime)
        if isinstance(node, exp.CurrentTime | exp.Localtime):
            return exp.Var(this="TIME '00:00:00'")
        today = today_call(node, ctx)
        if today is not None:
            if isinstance(today, datetime):
                return _timestamp_literal(today)
            return _date_literal(today)
        if isinstance(node, exp.Cast):
            return _fix_cast(node, ctx)
        if isinstance(node, exp.EQ | exp.NEQ):
            rewritten = _quantified_to_in(node)
            if rewritten is not None:
                return rewritten
        if isinstance(node, exp.Collate):
            # DuckDB compares bytes; PostgreSQL's collations are not there.
            return cast(exp.Expression, node.this)
        if (
            isinstance(node, exp.Div)
            and node.args.get("typed")
            and _is_integer_expr(node.this, ctx)
            and _is_integer_expr(node.expression, ctx)
        ):
            return exp.IntDiv(this=node.this, expression=node.expression)
        if isinstance(node, exp.Anonymous):
            return _fix_function(node, ctx)
        if isinstance(node, exp.ArraySize) and _is_first_dimension(node, ctx):
            # PostgreSQL's array_length of an empty array is NULL; DuckDB's is 0.
            return exp.Nullif(
                this=exp.Anonymous(this="array_length", expressions=[node.this]),
                expression=exp.Literal.number(0),
            )
        if isinstance(node, exp.Typeof) and ctx.rules.typeof_is_storage_class:
            return _sqlite_typeof(node.this, ctx)
        if isinstance(node, exp.SimilarTo):
            ok, pattern = constant(node.expression, ctx)
            escape = "\\"
            escape_node = node.args.get("escape")
            if escape_node is not None:
                ok_e, esc = constant(escape_node, ctx)
                if not ok_e or not isinstance(esc, str):
                    raise NotConstant("SIMILAR TO with a non-constant escape")
                escape = esc
            if not ok or not isinstance(pattern, str):
                raise NotConstant("SIMILAR TO with a non-constant pattern")
            return exp.RegexpLike(
                this=node.this, expression=exp.Literal.string(similar_to_regex(pattern, escape))
            )
        if isinstance(node, exp.Like | exp.ILike) and not isinstance(node.parent, exp.Escape):
            if ctx.rules.like_ignores_ascii_case and isinstance(node, exp.Like):
                # SQLite's LIKE ignores ASCII case.
                return exp.ILike(
                    this=node.this, expression=node.expression, negate=node.args.get("negate")
                )
            ok, pattern = constant(node.expression, ctx)
            backslash_escapes = ctx.rules.like_default_escape == "\\"
            if backslash_escapes and ok and isinstance(pattern, str) and "\\" in pattern:
                # PostgreSQL's LIKE escapes with a backslash by default, DuckDB's does not.
                return exp.Escape(this=node, expression=exp.Literal.string("\\"))
        return node

    fixed = transform_up(tree.copy(), fix)
    sql: str = fixed.sql(dialect="duckdb", identify=True, unsupported_level=ErrorLevel.RAISE)
    return sql


def _is_integer_expr(node: exp.Expression, ctx: CheckContext) -> bool:
    node = unparen(node)
    if isinstance(node, exp.Column):
        return ctx.family(node.name) == TypeFamily.INTEGER
    if isinstance(node, exp.Literal):
        return not node.is_string and re.fullmatch(r"\d+", str(node.this)) is not None
    if isinstance(node, exp.Neg):
        return _is_integer_expr(node.this, ctx)
    if isinstance(node, exp.Cast):
        return node.to.this in INT_TYPES
    if isinstance(node, exp.Add | exp.Sub | exp.Mul | exp.Mod | exp.IntDiv | exp.Div):
        return _is_integer_expr(node.this, ctx) and _is_integer_expr(node.expression, ctx)
    return False


def _date_literal(value: date) -> exp.Expression:
    return exp.Var(this=f"DATE '{value.isoformat()}'")


def _timestamp_literal(value: datetime) -> exp.Expression:
    text = value.isoformat(sep=" ", timespec="seconds" if not value.microsecond else "microseconds")
    return exp.Var(this=f"TIMESTAMP '{text}'")


def _quantified_to_in(node: exp.EQ | exp.NEQ) -> exp.Expression | None:
    """``x = ANY (ARRAY[...])`` → ``x IN (...)``, ``x <> ALL (ARRAY[...])`` → ``NOT IN``.

    Same three-valued result, and DuckDB evaluates an IN list much faster than ANY over a list.
    """
    quantifier = node.expression
    if isinstance(node, exp.EQ) and not isinstance(quantifier, exp.Any):
        return None
    if isinstance(node, exp.NEQ) and not is_all(quantifier):
        return None
    elements = array_elements(quantifier)
    if not elements or any(e.find(exp.Column) is not None for e in elements):
        return None
    member = exp.In(this=node.this, expressions=[e.copy() for e in elements])
    return member if isinstance(node, exp.EQ) else exp.Not(this=exp.Paren(this=member))


def _fix_cast(node: exp.Cast, ctx: CheckContext) -> exp.Expression:
    to = node.to
    kind = to.this
    inner: exp.Expression = node.this
    if kind == T.USERDEFINED:
        return inner  # an enum or domain: the data holds the plain value
    if (
        kind in TEXT_TYPES
        and not to.expressions
        and isinstance(inner, exp.Literal)
        and inner.is_string
    ):
        return inner  # 'x'::text is just 'x'
    if (
        isinstance(inner, exp.Literal)
        and inner.is_string
        and kind in (DATE_TYPES | TIMESTAMP_TYPES | TIMESTAMPTZ_TYPES)
        and str(inner.this).strip().lower() in ("now", "today")
    ):
        if kind in DATE_TYPES:
            return _date_literal(ctx.base_date)
        return _timestamp_literal(ctx.base_datetime)
    if kind in DECIMAL_TYPES and not to.expressions:
        # PostgreSQL's unconstrained numeric; DuckDB's bare DECIMAL is DECIMAL(18,3) and rounds.
        base = unparen(inner)
        if isinstance(base, exp.Literal | exp.Neg):
            ok, value = constant(base, ctx)
            if ok and isinstance(value, int | Decimal) and not isinstance(value, bool):
                return (
                    exp.Literal.number(str(value))
                    if value >= 0
                    else exp.Neg(this=exp.Literal.number(str(-value)))
                )
            if ok and isinstance(value, str):
                try:
                    number = Decimal(value.strip())
                except InvalidOperation:
                    return node
                text = str(abs(number))
                return (
                    exp.Literal.number(text)
                    if number >= 0
                    else exp.Neg(this=exp.Literal.number(text))
                )
        if isinstance(base, exp.Column) and ctx.family(base.name) in NUMERIC_FAMILIES:
            return inner
        return exp.Cast(this=inner, to=exp.DataType.build("DOUBLE"))
    return node


def _fix_function(node: exp.Anonymous, ctx: CheckContext) -> exp.Expression:
    name = str(node.name).lower()
    args = list(node.expressions)
    if name in ("num_nonnulls", "num_nulls") and args:
        test = "IS NOT NULL" if name == "num_nonnulls" else "IS NULL"
        terms = [
            exp.Case(
                ifs=[
                    exp.If(
                        this=exp.Is(this=a.copy(), expression=exp.Null())
                        if test == "IS NULL"
                        else exp.Not(this=exp.Is(this=a.copy(), expression=exp.Null())),
                        true=exp.Literal.number(1),
                    )
                ],
                default=exp.Literal.number(0),
            )
            for a in args
        ]
        total: exp.Expression = terms[0]
        for term in terms[1:]:
            total = exp.Add(this=total, expression=term)
        return exp.Paren(this=total)
    if name in ("similar_to_escape", "similar_escape"):
        regex = similar_call_to_regex(node, ctx)
        if regex is None:
            raise NotConstant("similar_to_escape with a non-constant pattern")
        return exp.Literal.string(regex)
    if name == "like_escape":
        ok, pattern = constant(node, ctx)
        if not ok or not isinstance(pattern, str):
            raise NotConstant("like_escape with a non-constant pattern")
        return exp.Literal.string(pattern)
    if name == "typeof" and ctx.rules.typeof_is_storage_class and len(args) == 1:
        return _sqlite_typeof(args[0], ctx)
    if name in ("jsonb_typeof", "json_typeof") and len(args) == 1:
        return _json_typeof(args[0])
    if name == "octet_length" and len(args) == 1 and _is_text(args[0], ctx):
        # DuckDB counts the bytes of a BLOB only: the text's UTF-8 bytes.
        return exp.Anonymous(
            this="octet_length", expressions=[exp.Anonymous(this="encode", expressions=args)]
        )
    return node


def _is_text(arg: exp.Expression, ctx: CheckContext) -> bool:
    arg = unparen(arg)
    while isinstance(arg, exp.Cast) and arg.to.this in TEXT_TYPES:
        arg = unparen(arg.this)
    return isinstance(arg, exp.Column) and ctx.family(arg.name) in (
        TypeFamily.TEXT,
        TypeFamily.ENUM,
    )


def _is_first_dimension(node: exp.ArraySize, ctx: CheckContext) -> bool:
    dimension = node.expression
    if dimension is None:
        return False
    ok, value = constant(dimension, ctx)
    return ok and value == 1


#: DuckDB's ``json_type`` → PostgreSQL's ``jsonb_typeof``.
_JSON_TYPES = {
    "OBJECT": "object",
    "ARRAY": "array",
    "VARCHAR": "string",
    "BOOLEAN": "boolean",
    "NULL": "null",
}


def _json_typeof(arg: exp.Expression) -> exp.Expression:
    """PostgreSQL's ``jsonb_typeof(x)`` ('object', 'array', 'string', 'number', 'boolean',
    'null'; NULL for SQL NULL) from DuckDB's ``json_type`` (numbers have several names)."""
    kind = exp.Anonymous(this="json_type", expressions=[arg.copy()])
    ifs = [exp.If(this=exp.Is(this=arg.copy(), expression=exp.Null()), true=exp.Null())]
    ifs += [
        exp.If(
            this=exp.EQ(this=kind.copy(), expression=exp.Literal.string(duck)),
            true=exp.Literal.string(pg),
        )
        for duck, pg in _JSON_TYPES.items()
    ]
    return exp.Case(ifs=ifs, default=exp.Literal.string("number"))


def _sqlite_typeof(arg: exp.Expression, ctx: CheckContext) -> exp.Expression:
    """SQLite's ``typeof(x)`` ('integer', 'real', 'text', 'blob', 'null') over DuckDB values."""
    column = arg.name if isinstance(arg, exp.Column) else None
    family = ctx.family(column) if column else None
    name = {
        TypeFamily.INTEGER: "integer",
        TypeFamily.BOOLEAN: "integer",
        TypeFamily.FLOAT: "real",
        TypeFamily.DECIMAL: "real",
        TypeFamily.BYTES: "blob",
    }.get(family or TypeFamily.TEXT, "text")
    return exp.Case(
        ifs=[
            exp.If(
                this=exp.Is(this=arg.copy(), expression=exp.Null()), true=exp.Literal.string("null")
            )
        ],
        default=exp.Literal.string(name),
    )


# ------------------------------------------------------------------------------ binding in DuckDB

_local = threading.local()


def _duckdb_connection() -> Any:
    """This thread's DuckDB connection for binding checks (no file access, time zone UTC)."""
    con = getattr(_local, "connection", None)
    if con is None:
        import duckdb

        con = duckdb.connect(config={"enable_external_access": False})
        with contextlib.suppress(duckdb.Error):
            con.execute("SET TimeZone = 'UTC'")
        _local.connection = con
    return con


def bind_error(sql: str, columns: list[str], families: Mapping[str, TypeFamily]) -> str | None:
    """DuckDB's error when ``sql`` does not bind over columns of the families, else None."""
    if any(c not in families or families[c] == TypeFamily.ARRAY for c in columns):
        return None  # element types unknown here: the verifier finds out on the first batch
    import duckdb

    select = (
        ", ".join(
            f"CAST(NULL AS {DUCKDB_TYPES.get(families[c], 'VARCHAR')}) AS {quote_identifier(c)}"
            for c in columns
        )
        or "1 AS _"
    )
    query = f"SELECT coalesce(NOT ({sql}), false) FROM (SELECT {select}) AS batch"
    try:
        _duckdb_connection().execute(query).fetchall()
    except duckdb.Error as exc:
        return str(exc).splitlines()[0]
    return None
