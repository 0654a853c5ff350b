"""Editing one column's rule in a plan (the plan screen's in-place edit), and its summary.

Example:
    >>> from datalchemy.contracts.plan import Plan
    >>> plan = Plan.model_validate({"plan_version": "0.3", "seed": 1,
    ...     "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
    ...     "targets": [{"schema": "main", "table": "t", "rows": 5}]})
    >>> edited = set_column_rule(plan, "main", "t", "email", "semantic.person.email", None, 0.1)
    >>> edited.rules[0].generator_id, edited.rules[0].null_rate
    ('semantic.person.email', 0.1)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from datalchemy import Plan
from datalchemy.contracts.plan import ColumnGeneratorRule, GeneratorSpec
from datalchemy.errors import UsageError

__all__ = ["PlanSummary", "parse_params", "set_column_rule", "summarize"]


@dataclass(frozen=True)
class PlanSummary:
    tables: int
    generator_rules: int
    rows_total: int


def summarize(plan: Plan) -> PlanSummary:
    rules = sum(1 for r in plan.rules if isinstance(r, ColumnGeneratorRule))
    return PlanSummary(len(plan.targets), rules, sum(t.rows for t in plan.targets))


def parse_params(text: str) -> dict[str, Any] | None:
    """The params typed in the edit dialog: a JSON object, or nothing."""
    text = text.strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            "bad_params", f"params are not JSON: {exc.msg}", hint='e.g. {"min": 0, "max": 100}'
        ) from None
    if not isinstance(value, dict):
        raise UsageError("bad_params", "params must be a JSON object", hint='{"min": 0}')
    return value


def set_column_rule(
    plan: Plan,
    schema_name: str,
    table: str,
    column: str,
    generator: str,
    params: dict[str, Any] | None,
    null_rate: float | None,
) -> Plan:
    """A copy of ``plan`` whose rule for the column uses ``generator`` (added when absent).

    The rule's transforms and locale are kept; legacy rule-level params are dropped because the
    new ones go into ``generator.params``.
    """
    generator = generator.strip()
    if not generator:
        raise UsageError("missing_generator", "give a generator ID", hint="e.g. primitive.int")
    data = plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    rules: list[dict[str, Any]] = data.setdefault("rules", [])
    spec = GeneratorSpec(id=generator, params=params).model_dump(exclude_none=True)
    for rule in rules:
        if rule.get("type") == "column_generator" and (
            rule.get("schema"),
            rule.get("table"),
            rule.get("column"),
        ) == (schema_name, table, column):
            old = rule.get("generator")
            if isinstance(old, dict) and old.get("locale"):
                spec["locale"] = old["locale"]
            rule["generator"] = spec
            rule.pop("params", None)
            _set_null_rate(rule, null_rate)
            break
    else:
        rule = {
            "type": "column_generator",
            "schema": schema_name,
            "table": table,
            "column": column,
            "generator": spec,
        }
        _set_null_rate(rule, null_rate)
        rules.append(rule)
    return Plan.model_validate(data)


def _set_null_rate(rule: dict[str, Any], null_rate: float | None) -> None:
    if null_rate is None:
        rule.pop("null_rate", None)
    else:
        rule["null_rate"] = null_rate
