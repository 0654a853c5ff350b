"""What a repair sees: one validation pass of the plan, and the rule and column an issue is about.

:func:`snapshot` runs the same stages as :func:`~datalchemy.plan.validate_plan` (references,
then resolution) without turning anything into an error, and keeps the resolved plan even when
the plan has errors: a repair reads the resolved table (its rows, whether a column is unique)
and, through :meth:`Snapshot.column_defaults`, what resolution gives a column when its rule is
left out (the column's own generator: ``plan suggest``'s choice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from datalchemy.constraints.model import ColumnDomain, TableConstraints
from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import ColumnGeneratorRule, GeneratorSpec, Plan
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedPlan, ResolvedTable
from datalchemy.contracts.schema import Column, DatabaseSchema, Table
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, Params
from datalchemy.generators.registry import get_generator
from datalchemy.plan._common import DEFAULT_LOCALE, IssueSink, normalize_locale
from datalchemy.plan.resolve import build_resolved
from datalchemy.plan.validate.references import ReferenceChecker

__all__ = ["RuleSite", "Snapshot", "rule_index", "snapshot", "with_generator"]

_RULE = re.compile(r"^/rules/(\d+)(/|$)")


def rule_index(path: str | None) -> int | None:
    """The rule a JSON pointer is inside (``/rules/3/generator`` -> 3), else None."""
    m = _RULE.match(path or "")
    return int(m.group(1)) if m else None


@dataclass
class Snapshot:
    """One validation pass: the issues and the resolved plan (kept even with errors)."""

    plan: Plan
    schema: DatabaseSchema
    issues: list[Issue]
    resolved: ResolvedPlan | None
    bad_rules: set[int]
    _constraints: dict[str, TableConstraints] = field(default_factory=dict)

    def table(self, schema_name: str, table: str) -> ResolvedTable | None:
        if self.resolved is None:
            return None
        return next(
            (t for t in self.resolved.tables if (t.schema_name, t.table) == (schema_name, table)),
            None,
        )

    def constraints(self, table: Table, schema_name: str) -> TableConstraints:
        key = f"{schema_name}.{table.name}"
        if key not in self._constraints:
            from datalchemy.constraints.checks import analyze_table

            base = self.plan.effective_base_date
            self._constraints[key] = analyze_table(self.schema, table, base_date=base)
        return self._constraints[key]

    def column_defaults(self, rules: set[int]) -> dict[int, ResolvedColumn]:
        """What resolution gives the columns of ``rules`` when those rules are left out."""
        if not rules:
            return {}
        sink = IssueSink()
        resolved, _ = build_resolved(
            self.plan, self.schema, sink, skip_rules=self.bad_rules | rules
        )
        out: dict[int, ResolvedColumn] = {}
        for i in sorted(rules):
            rule = self.plan.rules[i]
            if not isinstance(rule, ColumnGeneratorRule) or resolved is None:
                continue
            rt = next(
                (
                    t
                    for t in resolved.tables
                    if (t.schema_name, t.table) == (rule.schema_name, rule.table)
                ),
                None,
            )
            if rt is not None and any(c.name == rule.column for c in rt.columns):
                out[i] = rt.column(rule.column)
        return out


def snapshot(plan: Plan, schema: DatabaseSchema) -> Snapshot:
    """Validate ``plan`` (references and resolution) and keep everything a repair reads."""
    sink = IssueSink()
    checker = ReferenceChecker(plan, schema, sink)
    checker.run()
    resolved = None
    if plan.targets:
        resolved, _ = build_resolved(plan, schema, sink, skip_rules=checker.bad_rules)
    return Snapshot(plan, schema, sink.issues, resolved, set(checker.bad_rules))


@dataclass
class RuleSite:
    """A ``column_generator`` rule and everything about the column it fills."""

    index: int
    rule: ColumnGeneratorRule
    snap: Snapshot
    table: Table
    column: Column

    @property
    def qualified(self) -> str:
        return f"{self.rule.schema_name}.{self.rule.table}.{self.rule.column}"

    @property
    def resolved_table(self) -> ResolvedTable | None:
        return self.snap.table(self.rule.schema_name, self.rule.table)

    @property
    def resolved_column(self) -> ResolvedColumn | None:
        rt = self.resolved_table
        return next((c for c in rt.columns if c.name == self.rule.column), None) if rt else None

    @property
    def rows(self) -> int:
        rt = self.resolved_table
        return rt.rows if rt is not None else 0

    @property
    def unique(self) -> bool:
        rc = self.resolved_column
        return bool(rc is not None and rc.unique)

    @cached_property
    def locale(self) -> str:
        raw = self.rule.locale or self.snap.plan.locale
        return normalize_locale(raw) if raw else DEFAULT_LOCALE

    @cached_property
    def labels(self) -> tuple[str, ...] | None:
        if self.column.enum is None:
            return None
        enum = self.snap.schema.enum(self.column.enum)
        return tuple(enum.labels) if enum is not None else None

    @cached_property
    def domain(self) -> ColumnDomain | None:
        return self.snap.constraints(self.table, self.rule.schema_name).domain(self.column.name)

    @cached_property
    def ctx(self) -> GenContext:
        labels = list(self.labels) if self.labels is not None else None
        return GenContext(
            seed=self.snap.plan.seed,
            table=f"{self.rule.schema_name}.{self.rule.table}",
            column=self.column.name,
            locale=self.locale,
            base_date=self.snap.plan.effective_base_date,
            facts=ColumnFacts.from_column(self.column, labels),
        )

    def generator(self) -> tuple[Generator[Any], Params] | None:
        """The rule's generator and parsed params (None when they do not parse)."""
        try:
            gen = get_generator(self.rule.generator_id)
            return gen, gen.parse_params(self.rule.effective_params)
        except Exception:
            return None

    @staticmethod
    def find(snap: Snapshot, index: int) -> RuleSite | None:
        if not 0 <= index < len(snap.plan.rules):
            return None
        rule = snap.plan.rules[index]
        if not isinstance(rule, ColumnGeneratorRule):
            return None
        table = snap.schema.find_table(rule.schema_name, rule.table)
        if table is None or not table.has_column(rule.column):
            return None
        return RuleSite(index, rule, snap, table, table.column(rule.column))


def with_generator(
    rule: ColumnGeneratorRule,
    generator_id: str,
    params: dict[str, Any] | None,
    **update: Any,
) -> ColumnGeneratorRule:
    """``rule`` with another generator (object form with its params; the legacy rule-level
    params dropped). Keys the contract does not know (``comment``) are kept."""
    spec = GeneratorSpec(id=generator_id, locale=rule.locale, params=params or None)
    return rule.model_copy(update={"generator": spec, "params": None, **update})
