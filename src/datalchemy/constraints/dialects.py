"""The SQL dialect a schema's CHECKs are written in, and where the dialects read them differently.

:func:`dialect_for` is the one place that picks the dialect from the schema; :data:`RULES` holds,
per dialect, the few reading rules the analysis and the DuckDB translation depend on, so that no
``if dialect == ...`` branch is spread over the package.

Example:
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> dialect_for(DatabaseSchema(engine="sqlite"))
    'sqlite'
    >>> RULES[dialect_for(DatabaseSchema(engine="odbc"))].like_default_escape
    '\\\\'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from datalchemy.contracts.schema import DatabaseSchema

__all__ = ["RULES", "Dialect", "DialectRules", "dialect_for"]

#: The sqlglot dialects CHECK expressions are parsed in.
Dialect = Literal["postgres", "sqlite"]


def dialect_for(schema: DatabaseSchema) -> Dialect:
    """The sqlglot dialect the CHECK expressions of ``schema`` are written in: the engine's
    (for ODBC, the source database's; see :func:`datalchemy.engines.check_dialect`).

    A dialect without reading rules here is read as PostgreSQL, the closest to standard SQL.
    """
    from datalchemy.engines import check_dialect

    dialect = check_dialect(schema)
    return dialect if dialect in RULES else "postgres"


@dataclass(frozen=True)
class DialectRules:
    """How one dialect reads a CHECK, where the dialects differ."""

    folds_unquoted_to_lower: bool
    """An unquoted identifier means its lower-case spelling (PostgreSQL)."""
    quoted_identifiers_ignore_case: bool
    """Even a quoted identifier matches a column whatever its case (SQLite)."""
    like_default_escape: str
    """LIKE's escape character when the CHECK gives no ``ESCAPE`` ("" for none)."""
    like_ignores_ascii_case: bool
    """``LIKE`` compares ASCII letters case-insensitively (SQLite)."""
    typeof_is_storage_class: bool
    """``typeof(x)`` names SQLite's storage class (``'integer'``, ``'text'``, ``'null'``...)."""
    calls_may_be_user_functions: bool
    """A function the reader does not know may be one the database defines (PostgreSQL); in
    SQLite only the functions the application registers are unknown to the database."""
    regexp_needs_a_user_function: bool
    """``x REGEXP y`` calls a function the application must register (SQLite)."""


#: Reading rules per dialect.
RULES: dict[Dialect, DialectRules] = {
    # https://www.postgresql.org/docs/current/functions-matching.html#FUNCTIONS-LIKE
    "postgres": DialectRules(
        folds_unquoted_to_lower=True,
        quoted_identifiers_ignore_case=False,
        like_default_escape="\\",
        like_ignores_ascii_case=False,
        typeof_is_storage_class=False,
        calls_may_be_user_functions=True,
        regexp_needs_a_user_function=False,
    ),
    # https://www.sqlite.org/lang_expr.html#like
    "sqlite": DialectRules(
        folds_unquoted_to_lower=False,
        quoted_identifiers_ignore_case=True,
        like_default_escape="",
        like_ignores_ascii_case=True,
        typeof_is_storage_class=True,
        calls_may_be_user_functions=False,
        regexp_needs_a_user_function=True,
    ),
}
