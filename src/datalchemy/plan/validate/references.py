"""Validation stage 2: what the plan refers to (schema, tables, columns, rules, locales).

The original's schema-aware codes (reference §3.3) plus ours; column rules are checked by
:class:`~.rule_checks.ColumnRuleChecks`. Rules that cannot be used (unknown table, generator or
params) are collected in ``bad_rules`` so that resolution leaves them out instead of failing.

Example:
    >>> from datalchemy.contracts.plan import Plan
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> from datalchemy.plan._common import IssueSink
    >>> plan = Plan.model_validate({"plan_version": "0.3", "seed": 1,
    ...     "schema_ref": {"schema_version": "0.3", "engine": "postgres"}, "targets": []})
    >>> sink = IssueSink()
    >>> ReferenceChecker(plan, DatabaseSchema(engine="postgres"), sink).run()
    >>> [i.code for i in sink.issues]
    ['targets_empty']
"""

from __future__ import annotations

from pydantic import BaseModel

from datalchemy.contracts.plan import (
    SUPPORTED_PLAN_VERSIONS,
    ColumnGeneratorRule,
    ColumnNullRateRule,
    ConstraintPolicyRule,
    ForeignKeyCardinalityRule,
    ForeignKeyStrategyRule,
    Plan,
)
from datalchemy.contracts.schema import SCHEMA_VERSION, DatabaseSchema
from datalchemy.plan._common import IssueSink, pointer, valid_locale
from datalchemy.plan.resolve.rule_index import find_foreign_key
from datalchemy.plan.validate.rule_checks import ColumnRuleChecks

__all__ = ["COMPATIBLE_SCHEMA_VERSIONS", "ReferenceChecker", "unknown_options"]

#: ``schema_ref.schema_version`` values a plan may carry for a 0.3 ``schema.json``.
COMPATIBLE_SCHEMA_VERSIONS = ("0.2", "0.3")


def unknown_options(model: BaseModel, path: tuple[str | int, ...], sink: IssueSink) -> None:
    """``unknown_option`` for every key the contract does not know, at any depth."""
    for key in sorted(model.model_extra or {}):
        sink.warning(
            "unknown_option",
            pointer(*path, key),
            f"unknown key {key!r} is ignored",
            hint="check the spelling; docs/plan_generators.md lists every key",
        )
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        key = info.alias or name
        if isinstance(value, BaseModel):
            unknown_options(value, (*path, key), sink)
        elif isinstance(value, list):
            for k, item in enumerate(value):
                if isinstance(item, BaseModel):
                    unknown_options(item, (*path, key, k), sink)


class ReferenceChecker(ColumnRuleChecks):
    """Stage 2 of validation: every reference the plan makes.

    The stages are described in :mod:`datalchemy.plan.validate`.
    """

    def __init__(self, plan: Plan, schema: DatabaseSchema, sink: IssueSink) -> None:
        self.plan = plan
        self.schema = schema
        self.sink = sink
        self.bad_rules: set[int] = set()

    def run(self) -> None:
        self.header()
        self.targets()
        seen_gen: dict[tuple[str, str, str], str] = {}
        seen_policy: dict[tuple[str, str, str], str] = {}
        seen_strategy: dict[tuple[str, str], str] = {}
        for i, rule in enumerate(self.plan.rules):
            if isinstance(rule, ColumnGeneratorRule):
                self.column_rule(i, rule, seen_gen)
            elif isinstance(rule, ConstraintPolicyRule):
                self.policy_rule(i, rule, seen_policy)
            elif isinstance(rule, ForeignKeyStrategyRule):
                self.strategy_rule(i, rule, seen_strategy)
            elif isinstance(rule, ForeignKeyCardinalityRule):
                self.cardinality_rule(i, rule)
            elif isinstance(rule, ColumnNullRateRule):
                self.null_rate_rule(i, rule)
        self.unsupported()
        unknown_options(self.plan, (), self.sink)

    # ------------------------------------------------------------------ header and targets

    def header(self) -> None:
        plan, schema, sink = self.plan, self.schema, self.sink
        if plan.plan_version not in SUPPORTED_PLAN_VERSIONS:
            sink.error(
                "plan_version_unsupported",
                "/plan_version",
                f"plan_version {plan.plan_version!r} is not supported",
                hint="use one of: " + ", ".join(SUPPORTED_PLAN_VERSIONS),
            )
        ref = plan.schema_ref
        if ref.engine != schema.engine:
            sink.error(
                "engine_mismatch",
                "/schema_ref/engine",
                f"the plan is for engine {ref.engine!r} but schema.json is {schema.engine!r}",
                hint=f"update schema_ref.engine to {schema.engine!r}",
            )
        if ref.schema_version != schema.schema_version:
            compatible = (
                ref.schema_version in COMPATIBLE_SCHEMA_VERSIONS
                and schema.schema_version == SCHEMA_VERSION
            )
            sink.add(
                "warning" if compatible else "error",
                "schema_version_mismatch",
                "/schema_ref/schema_version",
                f"the plan was written for schema_version {ref.schema_version!r}; schema.json is "
                f"{schema.schema_version!r}"
                + (" (compatible: 0.2 plans are read as they are)" if compatible else ""),
                hint=f"set schema_ref.schema_version to {schema.schema_version!r}",
            )
        if ref.schema_fingerprint and schema.fingerprint:
            if ref.schema_fingerprint != schema.fingerprint:
                sink.error(
                    "schema_fingerprint_mismatch",
                    "/schema_ref/schema_fingerprint",
                    "the plan was written for another version of this schema (fingerprints differ)",
                    hint="check the plan against the new schema, then update the fingerprint to "
                    f"{schema.fingerprint}",
                )
        elif ref.schema_fingerprint and not schema.fingerprint:
            sink.error(
                "schema_fingerprint_missing",
                "/schema_ref/schema_fingerprint",
                "the plan names a schema fingerprint but schema.json has none",
                hint="introspect again (schema.json then carries its fingerprint) or remove "
                "schema_ref.schema_fingerprint",
            )
        elif schema.fingerprint and not ref.schema_fingerprint:
            sink.warning(
                "schema_fingerprint_not_set",
                "/schema_ref",
                "the plan does not say which schema version it was written for",
                hint=f'add "schema_fingerprint": "{schema.fingerprint}" to schema_ref',
            )
        locale = plan.global_.locale if plan.global_ else None
        if locale is not None and not valid_locale(locale):
            sink.error(
                "unsupported_locale",
                "/global/locale",
                f"locale {locale!r} is not known",
                hint="use en_US, pt_BR or another Faker locale",
            )

    def targets(self) -> None:
        sink = self.sink
        if not self.plan.targets:
            sink.error(
                "targets_empty",
                "/targets",
                "the plan has no targets",
                hint='add {"schema": ..., "table": ..., "rows": N} to targets',
            )
            return
        seen: set[str] = set()
        for i, t in enumerate(self.plan.targets):
            if t.rows == 0:
                sink.error(
                    "rows_zero",
                    pointer("targets", i, "rows"),
                    f"{t.qualified_name}: rows must be at least 1",
                    hint="remove the target to generate nothing for it",
                )
            if not any(s.name == t.schema_name for s in self.schema.schemas):
                sink.error(
                    "unknown_schema",
                    pointer("targets", i, "schema"),
                    f"schema {t.schema_name!r} is not in schema.json",
                    hint="schemas: " + ", ".join(s.name for s in self.schema.schemas),
                )
            else:
                table = self.table(t.schema_name, t.table)
                if table is None:
                    sink.error(
                        "unknown_table",
                        pointer("targets", i, "table"),
                        f"table {t.qualified_name} is not in schema.json",
                        hint=self._did_you_mean(t.schema_name, t.table),
                    )
                elif not table.is_generation_target:
                    hint = (
                        f"target the partitioned table {table.partition_of}"
                        if table.partition_of
                        else "only tables and partitioned tables can be generated"
                    )
                    sink.error(
                        "target_not_generatable",
                        pointer("targets", i, "table"),
                        f"{t.qualified_name} is a {table.kind.value}, not a table",
                        hint=hint,
                    )
            if t.qualified_name in seen:
                sink.error(
                    "duplicate_target",
                    pointer("targets", i),
                    f"{t.qualified_name} is a target twice",
                    hint="keep one entry with the rows you want",
                )
            seen.add(t.qualified_name)

    # ------------------------------------------------------------------ other rules

    def policy_rule(
        self, i: int, rule: ConstraintPolicyRule, seen: dict[tuple[str, str, str], str]
    ) -> None:
        sink, base = self.sink, pointer("rules", i)
        table = self.rule_table(rule, base, "unknown_constraint_target")
        if table is None:
            return
        key = (rule.schema_name, rule.table, rule.constraint)
        if key in seen and seen[key] != rule.mode:
            sink.error(
                "duplicate_constraint_policy",
                base,
                f"{rule.schema_name}.{rule.table} already has a {rule.constraint} policy "
                f"{seen[key]!r}",
            )
        seen[key] = rule.mode
        present = {
            "check": bool(table.checks)
            or any(c.domain and self._domain_checks(c.domain) for c in table.columns),
            "unique": bool(table.uniques),
            "not_null": any(not c.nullable for c in table.columns),
            "primary_key": table.primary_key is not None,
            "foreign_key": bool(table.foreign_keys),
        }[rule.constraint]
        if not present:
            sink.warning(
                "constraint_not_found",
                base,
                f"{rule.schema_name}.{rule.table} has no {rule.constraint} constraint",
                hint="remove the rule",
            )
        elif rule.constraint != "check" and rule.mode != "enforce":
            sink.warning(
                "constraint_policy_ignored",
                base,
                f"a {rule.mode} policy for {rule.constraint} has no effect: keys, NOT NULL and "
                "foreign keys are always built by construction",
            )

    def _domain_checks(self, qualified: str) -> bool:
        d = self.schema.domain(qualified)
        return d is not None and bool(d.checks)

    def strategy_rule(
        self, i: int, rule: ForeignKeyStrategyRule, seen: dict[tuple[str, str], str]
    ) -> None:
        sink, base = self.sink, pointer("rules", i)
        table = self.rule_table(rule, base, "unknown_fk_target")
        if table is None:
            return
        key = (rule.schema_name, rule.table)
        if key in seen and seen[key] != rule.mode:
            sink.error(
                "duplicate_fk_strategy",
                base,
                f"{rule.schema_name}.{rule.table} already has strategy {seen[key]!r}",
            )
        seen[key] = rule.mode
        if not table.foreign_keys:
            sink.warning(
                "fk_strategy_without_fk",
                base,
                f"{rule.schema_name}.{rule.table} has no foreign keys",
                hint="remove the rule",
            )
        allowed = bool(self.plan.options and self.plan.options.allow_fk_disable)
        if rule.mode == "disable" and not allowed:
            sink.warning(
                "fk_disable_without_flag",
                base,
                f"foreign keys of {rule.schema_name}.{rule.table} get ordinary generated values, "
                "which will not match parent rows",
                hint='set "options": {"allow_fk_disable": true} to confirm',
            )

    def cardinality_rule(self, i: int, rule: ForeignKeyCardinalityRule) -> None:
        sink, base = self.sink, pointer("rules", i)
        table = self.rule_table(rule, base, "unknown_fk_target")
        if table is None:
            return
        fk = find_foreign_key(table, rule)
        if fk is None:
            names = ", ".join(f.name or "+".join(f.columns) for f in table.foreign_keys)
            sink.error(
                "unknown_foreign_key",
                base + ("/foreign_key" if rule.foreign_key else "/columns"),
                f"{rule.schema_name}.{rule.table} has no foreign key "
                f"{rule.foreign_key or rule.columns}",
                hint=f"foreign keys: {names}" if names else "the table has no foreign keys",
            )
            return
        nullable = all(table.column(c).nullable for c in fk.columns if table.has_column(c))
        if rule.null_rate and not nullable:
            sink.error(
                "not_null_with_null_rate",
                base + "/null_rate",
                f"foreign key {fk.name or fk.columns} of {rule.schema_name}.{rule.table} is "
                "NOT NULL",
                hint="remove null_rate",
            )

    def null_rate_rule(self, i: int, rule: ColumnNullRateRule) -> None:
        sink, base = self.sink, pointer("rules", i)
        table = self.rule_table(rule, base, "unknown_column_target")
        if table is None:
            self.bad_rules.add(i)
            return
        if not table.has_column(rule.column):
            sink.error(
                "unknown_column",
                base + "/column",
                f"column {rule.column!r} is not in {rule.schema_name}.{rule.table}",
            )
            self.bad_rules.add(i)
            return
        if rule.rate > 0 and not table.column(rule.column).nullable:
            sink.error(
                "not_null_with_null_rate",
                base + "/rate",
                f"{rule.schema_name}.{rule.table}.{rule.column} is NOT NULL",
                hint="remove the rule",
            )
            self.bad_rules.add(i)

    def unsupported(self) -> None:
        for i, u in enumerate(self.plan.rules_unsupported):
            ref = u.reference
            if ref is None:
                continue
            base = pointer("rules_unsupported", i, "reference")
            if not any(s.name == ref.schema_name for s in self.schema.schemas):
                self.sink.warning(
                    "unsupported_unknown_schema",
                    base + "/schema",
                    f"schema {ref.schema_name!r} is not in schema.json",
                )
                continue
            table = self.table(ref.schema_name, ref.table)
            if table is None:
                self.sink.warning(
                    "unsupported_unknown_table",
                    base + "/table",
                    f"table {ref.schema_name}.{ref.table} is not in schema.json",
                )
            elif ref.column is not None and not table.has_column(ref.column):
                self.sink.warning(
                    "unsupported_unknown_column",
                    base + "/column",
                    f"column {ref.column!r} is not in {ref.schema_name}.{ref.table}",
                )
