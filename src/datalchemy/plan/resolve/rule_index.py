"""The plan's rules indexed by what they apply to (the last rule for a column wins).

Example:
    >>> from datalchemy.contracts.plan import Plan
    >>> plan = Plan.model_validate({"plan_version": "0.3", "seed": 1,
    ...     "schema_ref": {"schema_version": "0.3", "engine": "postgres"},
    ...     "targets": [{"schema": "crm", "table": "leads", "rows": 1}],
    ...     "rules": [{"type": "column_generator", "schema": "crm", "table": "leads",
    ...                "column": "score", "generator": "primitive.int"}]})
    >>> index_rules(plan).columns[("crm", "leads", "score")][0]
    0
"""

from __future__ import annotations

from dataclasses import dataclass, field

from datalchemy.contracts.plan import (
    ColumnGeneratorRule,
    ColumnNullRateRule,
    ConstraintPolicyRule,
    ForeignKeyCardinalityRule,
    ForeignKeyStrategyRule,
    Plan,
)
from datalchemy.contracts.schema import ForeignKey, Table
from datalchemy.plan.resolve.topology import fk_key

__all__ = ["RuleIndex", "find_foreign_key", "index_rules"]


@dataclass
class RuleIndex:
    """The plan's rules by what they apply to (last rule wins, as in the original)."""

    columns: dict[tuple[str, str, str], tuple[int, ColumnGeneratorRule]] = field(
        default_factory=dict
    )
    null_rates: dict[tuple[str, str, str], tuple[int, ColumnNullRateRule]] = field(
        default_factory=dict
    )
    fk_strategy: dict[tuple[str, str], tuple[int, ForeignKeyStrategyRule]] = field(
        default_factory=dict
    )
    cardinality: dict[tuple[str, str], list[tuple[int, ForeignKeyCardinalityRule]]] = field(
        default_factory=dict
    )
    check_policy: dict[tuple[str, str], tuple[int, ConstraintPolicyRule]] = field(
        default_factory=dict
    )


def index_rules(plan: Plan, skip: set[int] | frozenset[int] = frozenset()) -> RuleIndex:
    """Index the rules, leaving out the rule numbers in ``skip`` (invalid ones)."""
    idx = RuleIndex()
    for i, rule in enumerate(plan.rules):
        if i in skip:
            continue
        if isinstance(rule, ColumnGeneratorRule):
            idx.columns[(rule.schema_name, rule.table, rule.column)] = (i, rule)
        elif isinstance(rule, ColumnNullRateRule):
            idx.null_rates[(rule.schema_name, rule.table, rule.column)] = (i, rule)
        elif isinstance(rule, ForeignKeyStrategyRule):
            idx.fk_strategy[(rule.schema_name, rule.table)] = (i, rule)
        elif isinstance(rule, ForeignKeyCardinalityRule):
            idx.cardinality.setdefault((rule.schema_name, rule.table), []).append((i, rule))
        elif isinstance(rule, ConstraintPolicyRule) and rule.constraint == "check":
            idx.check_policy[(rule.schema_name, rule.table)] = (i, rule)
    return idx


def find_foreign_key(table: Table, rule: ForeignKeyCardinalityRule) -> ForeignKey | None:
    """The FK a cardinality rule names (constraint name, or exactly its columns)."""
    for fk in table.foreign_keys:
        if rule.foreign_key and (fk.name == rule.foreign_key or fk_key(fk) == rule.foreign_key):
            return fk
        if not rule.foreign_key and rule.columns and list(fk.columns) == list(rule.columns):
            return fk
    return None
