"""Parse a SQL *expression* (a CHECK, a unique index's key part or predicate) with sqlglot.

``sqlglot.parse_one`` reads a statement: an expression that begins like a statement keyword
(``lock = 'X'::bpchar``, a real CHECK of Matrix Synapse) comes back as a raw ``Command``. Reading
it as the projection of a ``SELECT`` gives the expression tree whatever its first word.

Example:
    >>> parse_expression("lock = 'X'::bpchar", "postgres").sql()
    "lock = CAST('X' AS BPCHAR)"
    >>> parse_expression("(a > 0)", "sqlite").sql()
    'a > 0'
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp

__all__ = ["parse_expression"]


def parse_expression(text: str, dialect: str) -> exp.Expression:
    """The expression tree of ``text`` (outer parentheses dropped).

    Raises:
        sqlglot.errors.SqlglotError: ``text`` is not one SQL expression.
        ValueError: ``text`` holds something else than one expression.
    """
    # Newlines keep a trailing "-- comment" of SQLite DDL from swallowing the parenthesis.
    tree = sqlglot.parse_one(f"SELECT (\n{text}\n)", read=dialect)
    if not isinstance(tree, exp.Select) or len(tree.expressions) != 1:
        raise ValueError(f"not one expression: {text!r}")
    node: exp.Expression = tree.expressions[0]
    while isinstance(node, exp.Paren):
        node = node.this
    node.pop()  # detach from the SELECT, so that walking up stops at the expression
    return node
