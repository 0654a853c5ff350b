"""Small helpers over sqlglot expression trees, shared by the analysis and the DuckDB writer.

Example:
    >>> import sqlglot
    >>> tree = sqlglot.parse_one("(x > 1) AND (y < 2 AND z = 3)")
    >>> [part.sql() for part in flatten(tree, exp.And)]
    ['x > 1', 'y < 2', 'z = 3']
    >>> comparison_op(sqlglot.parse_one("x >= 1")), FLIP[">="], NEGATE_OP[">="]
    ('>=', '<=', '<')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from sqlglot import exp

__all__ = [
    "COMPARISONS",
    "FLIP",
    "NEGATE_OP",
    "Op",
    "array_elements",
    "comparison_op",
    "flatten",
    "is_all",
    "is_null_test",
    "transform_up",
    "unparen",
    "without_negate",
]

#: A comparison operator, as :class:`~.model.ColumnOrder` spells it.
Op = Literal[">", ">=", "<", "<=", "=", "<>"]

#: ``a op b`` is ``b FLIP[op] a``.
FLIP: dict[str, Op] = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "<>": "<>"}
#: ``NOT (a op b)`` is ``a NEGATE_OP[op] b`` (for non-NULL sides).
NEGATE_OP: dict[str, Op] = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "<>", "<>": "="}
#: The comparison nodes and their operators.
COMPARISONS: dict[type[exp.Expression], Op] = {
    exp.GT: ">",
    exp.GTE: ">=",
    exp.LT: "<",
    exp.LTE: "<=",
    exp.EQ: "=",
    exp.NEQ: "<>",
}


def comparison_op(node: exp.Expression) -> Op | None:
    """The operator of a comparison node (``x >= 1`` → ``>=``), else None."""
    return COMPARISONS.get(type(node))


def unparen(node: exp.Expression) -> exp.Expression:
    """``node`` without the parentheses around it."""
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def is_null_test(node: exp.Expression) -> str | None:
    """The column of ``col IS NULL``, else None."""
    node = unparen(node)
    if (
        isinstance(node, exp.Is)
        and isinstance(node.expression, exp.Null)
        and not node.args.get("negate")
    ):
        col = unparen(node.this)
        if isinstance(col, exp.Column):
            return col.name
    return None


def flatten(node: exp.Expression, kind: type[exp.Connector]) -> list[exp.Expression]:
    """The operands of a chain of ``kind`` (AND or OR), through parentheses."""
    node = unparen(node)
    if isinstance(node, kind):
        return flatten(node.this, kind) + flatten(node.expression, kind)
    return [node]


def without_negate(node: exp.Expression) -> exp.Expression:
    """A copy of ``node`` without its ``negate`` flag (``x IS NOT NULL`` → ``x IS NULL``)."""
    plain = node.copy()
    plain.set("negate", None)
    return plain


def is_all(node: exp.Expression) -> bool:
    """``ALL (...)``, which PostgreSQL's deparsed form can parse as a function call."""
    return isinstance(node, exp.All) or (
        isinstance(node, exp.Anonymous) and str(node.name).upper() == "ALL"
    )


def array_elements(node: exp.Expression) -> list[exp.Expression] | None:
    """The elements of ``ANY (ARRAY[...])`` / ``ALL (...)``, through parens and casts."""
    if isinstance(node, exp.Any | exp.All):
        node = node.this
    elif isinstance(node, exp.Anonymous):
        if len(node.expressions) != 1:
            return None
        node = node.expressions[0]
    while isinstance(node, exp.Paren | exp.Cast):
        node = node.this
    if isinstance(node, exp.Array):
        return list(node.expressions)
    return None


def transform_up(
    node: exp.Expression, fun: Callable[[exp.Expression], exp.Expression]
) -> exp.Expression:
    """Apply ``fun`` children first (sqlglot's ``transform`` skips the children of a new node)."""
    for key, value in list(node.args.items()):
        if isinstance(value, exp.Expression):
            node.set(key, transform_up(value, fun))
        elif isinstance(value, list):
            node.set(
                key,
                [transform_up(v, fun) if isinstance(v, exp.Expression) else v for v in value],
            )
    return fun(node)
