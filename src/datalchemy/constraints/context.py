"""What the analysis of one CHECK knows besides the expression: dialect, "today", the columns.

:func:`prepare` rewrites the parsed CHECK so that every column reference is the table's own
spelling (quoted, unqualified) and ``VALUE`` (in a domain's CHECK) is the column it stands for;
everything after that compares column names as plain strings.

Example:
    >>> from datetime import date
    >>> import sqlglot
    >>> ctx = CheckContext("postgres", date(2024, 1, 1), {"Score": TypeFamily.INTEGER}, None)
    >>> prepare(sqlglot.parse_one('"Score" > 0 AND score < 9', read="postgres"), ctx).sql()
    '"Score" > 0 AND "Score" < 9'
    >>> prepare(sqlglot.parse_one("VALUE > 0"), CheckContext(
    ...     "postgres", date(2024, 1, 1), {"qty": TypeFamily.INTEGER}, "qty")).sql()
    '"qty" > 0'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlglot import exp

from datalchemy.constraints.dialects import RULES, Dialect, DialectRules
from datalchemy.contracts.schema import TypeFamily

__all__ = ["CheckContext", "columns_of", "prepare"]


@dataclass
class CheckContext:
    """The setting one CHECK is read in."""

    dialect: Dialect
    """The dialect the expression is written in."""
    base_date: date
    """The date "today" means: ``CURRENT_DATE`` is this date, ``now()`` this date at 00:00:00."""
    families: Mapping[str, TypeFamily]
    """The table's columns and their type families."""
    value_column: str | None
    """For a domain's CHECK, the column ``VALUE`` stands for."""

    @property
    def rules(self) -> DialectRules:
        return RULES[self.dialect]

    @property
    def base_datetime(self) -> datetime:
        return datetime.combine(self.base_date, time())

    def family(self, column: str) -> TypeFamily | None:
        return self.families.get(column)

    def resolve(self, name: str, quoted: bool) -> str:
        """The table column an identifier names (``VALUE`` → the domain's column)."""
        if self.value_column is not None and not quoted and name.lower() == "value":
            return self.value_column
        if name in self.families:
            return name
        if not quoted and self.rules.folds_unquoted_to_lower and name.lower() in self.families:
            return name.lower()
        if self.rules.quoted_identifiers_ignore_case or not quoted:
            matches = [c for c in self.families if c.lower() == name.lower()]
            if len(matches) == 1:
                return matches[0]
        return name


def prepare(tree: exp.Expression, ctx: CheckContext) -> exp.Expression:
    """Columns resolved to the table's names (unqualified, quoted), ``VALUE`` substituted."""

    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and isinstance(node.this, exp.Identifier):
            ident = node.this
            name = ctx.resolve(ident.name, bool(ident.args.get("quoted")))
            return exp.column(name, quoted=True)
        return node

    return tree.transform(fix, copy=True)


def columns_of(tree: exp.Expression) -> list[str]:
    """The columns ``tree`` reads, in order of first appearance."""
    seen: dict[str, None] = {}
    for col in tree.find_all(exp.Column):
        if col.name:
            seen.setdefault(col.name, None)
    return list(seen)
