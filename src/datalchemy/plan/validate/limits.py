"""Validation limits: what no plan can ask of generation, said before any row is written.

- ``rows_over_limit``: a table of more than :data:`MAX_ROWS` rows (a trillion). A plan such as
  ``rows: 1000000000000`` used to pass and fill the disk; rows up to the limit are still checked
  against the output's free space when generation starts (:mod:`datalchemy.generate.space`).
- ``check_not_satisfiable``: a CHECK whose truth depends on a random or stateful function
  (``random() > 0.5``, ``nextval('s') % 2 = 0``). The database evaluates it anew for each row it
  receives, so no data can be made to pass it: the check is reported, not silently ignored.

Example:
    >>> from datalchemy.contracts.schema import CheckConstraint
    >>> volatile_functions(CheckConstraint(expression="random() > 0.5"), "postgres")
    ['random']
    >>> volatile_functions(CheckConstraint(expression="price > 0"), "postgres")
    []
"""

from __future__ import annotations

from collections.abc import Iterable

from datalchemy.contracts.plan import Plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import CheckConstraint, DatabaseSchema
from datalchemy.plan._common import IssueSink

__all__ = ["MAX_ROWS", "check_limits", "volatile_functions"]

#: The most rows a plan may ask of one table.
MAX_ROWS = 10**12
#: Functions whose value changes from call to call without their arguments changing.
_VOLATILE = {"random", "random_normal", "setseed", "nextval", "currval", "lastval", "randn"}


def volatile_functions(check: CheckConstraint, dialect: str) -> list[str]:
    """The random or stateful functions ``check`` calls (lowercase names, sorted)."""
    import sqlglot.expressions as exp

    from datalchemy.constraints.parsing import parse_expression

    try:
        tree = parse_expression(check.expression, dialect)
    except (
        Exception
    ):  # an unparsable CHECK is reported elsewhere (sqlglot raises more than its own)
        return []
    found = set()
    for node in tree.find_all(exp.Func):
        if isinstance(node, exp.Rand):
            found.add("random")
        elif isinstance(node, exp.Anonymous) and str(node.name).lower() in _VOLATILE:
            found.add(str(node.name).lower())
    return sorted(found)


def check_limits(
    plan: Plan, schema: DatabaseSchema, resolved: ResolvedPlan | None, sink: IssueSink
) -> None:
    """Report targets over :data:`MAX_ROWS` and CHECKs that no data can satisfy, of the tables
    generation makes (``resolved``'s, or the plan's targets when it did not resolve)."""
    tables: Iterable[str] = (
        [t.qualified_name for t in resolved.tables]
        if resolved is not None
        else [t.qualified_name for t in plan.targets]
    )
    for i, target in enumerate(plan.targets):
        if target.rows > MAX_ROWS:
            sink.error(
                "rows_over_limit",
                f"/targets/{i}/rows",
                f"{target.qualified_name}: {target.rows:,} rows; a table may have at most "
                f"{MAX_ROWS:,}",
                hint="lower the rows; generation also checks the output's free space first",
            )
    from datalchemy.engines import check_dialect

    dialect = check_dialect(schema)
    for qualified in dict.fromkeys(tables):
        schema_name, table_name = schema.split_qualified(qualified)
        table = schema.find_table(schema_name, table_name)
        if table is None:
            continue
        for check in table.checks:
            functions = volatile_functions(check, dialect)
            if functions:
                name = check.name or check.expression
                sink.error(
                    "check_not_satisfiable",
                    f"{qualified}.{name}",
                    f"CHECK ({check.expression}) of {qualified} calls {', '.join(functions)}: "
                    "the database draws it anew for every row it receives, so no generated "
                    "data can be made to pass it",
                    hint="drop or rewrite the CHECK in the target (and in schema.json), or leave "
                    f"{qualified} out of the plan",
                )
