"""Checks of ``column_generator`` rules: target, generator and transform IDs, params, locales.

Params are checked against each generator's declared params model (one issue per problem, at
the param's JSON pointer); the reserved names of the original (``input_columns``,
``parent_schema`` / ``parent_table`` / ``parent_column``) get its codes first.

Example:
    >>> from datalchemy.plan._common import pointer
    >>> pointer("rules", 3, "generator", "params", "min")
    '/rules/3/generator/params/min'
"""

from __future__ import annotations

import difflib
from typing import Any

from datalchemy.contracts.plan import ColumnGeneratorRule, GeneratorSpec, Plan
from datalchemy.contracts.schema import DatabaseSchema, Table
from datalchemy.errors import DatalchemyError
from datalchemy.generators.base import ParamError
from datalchemy.generators.derive import is_derive
from datalchemy.generators.registry import get_generator, get_transform
from datalchemy.plan._common import IssueSink, normalize_locale, pointer, valid_locale
from datalchemy.plan.resolve.values import derive_inputs

__all__ = ["ColumnRuleChecks"]

_PARENT_KEYS = ("parent_schema", "parent_table", "parent_column")


class ColumnRuleChecks:
    """Mixin of the reference checker: the checks of column rules."""

    plan: Plan
    schema: DatabaseSchema
    sink: IssueSink
    bad_rules: set[int]

    def table(self, schema_name: str, table: str) -> Table | None:
        return self.schema.find_table(schema_name, table)

    def rule_table(self, rule: Any, base: str, code: str) -> Table | None:
        """The table a rule names, or None after reporting ``code`` (with a did-you-mean hint)."""
        table = self.table(rule.schema_name, rule.table)
        if table is None:
            self.sink.error(
                code,
                base + "/table",
                f"table {rule.schema_name}.{rule.table} is not in schema.json",
                hint=self._did_you_mean(rule.schema_name, rule.table),
            )
        return table

    def _did_you_mean(self, schema_name: str, table: str) -> str:
        names = [t.name for s, t in self.schema.iter_tables() if s.name == schema_name]
        close = difflib.get_close_matches(table, names, n=3)
        return ("did you mean " + ", ".join(close) + "?") if close else "check the table name"

    def column_rule(
        self, i: int, rule: ColumnGeneratorRule, seen: dict[tuple[str, str, str], str]
    ) -> None:
        sink, base = self.sink, pointer("rules", i)
        table = self.rule_table(rule, base, "unknown_column_target")
        if table is None:
            self.bad_rules.add(i)
            return
        if not table.has_column(rule.column):
            close = difflib.get_close_matches(rule.column, [c.name for c in table.columns], n=3)
            sink.error(
                "unknown_column",
                base + "/column",
                f"column {rule.column!r} is not in {rule.schema_name}.{rule.table}",
                hint=("did you mean " + ", ".join(close) + "?") if close else None,
            )
            self.bad_rules.add(i)
            return
        column = table.column(rule.column)
        key = (rule.schema_name, rule.table, rule.column)
        gid = rule.generator_id.strip()
        gen_path = base + (
            "/generator/id" if isinstance(rule.generator, GeneratorSpec) else "/generator"
        )
        if key in seen and seen[key] != gid:
            sink.error(
                "duplicate_generator_rule",
                base,
                f"{'.'.join(key)} already has a rule with generator {seen[key]!r}",
                hint="keep one rule per column",
            )
        seen[key] = gid
        if rule.null_rate and not column.nullable:
            sink.error(
                "not_null_with_null_rate",
                base + "/null_rate",
                f"{'.'.join(key)} is NOT NULL but the rule gives it a null_rate",
                hint="remove null_rate",
            )
        self.transforms(i, rule)
        if not gid:
            sink.error("empty_generator_id", gen_path, "the generator id is empty")
            self.bad_rules.add(i)
            return
        try:
            gen = get_generator(gid)
        except DatalchemyError as exc:
            sink.error("unknown_generator", gen_path, exc.message, hint=exc.hint)
            self.bad_rules.add(i)
            return
        if rule.locale is not None:
            if not valid_locale(rule.locale):
                sink.error(
                    "unsupported_locale",
                    base + "/generator/locale",
                    f"locale {rule.locale!r} is not known",
                    hint="use en_US, pt_BR or another Faker locale",
                )
                self.bad_rules.add(i)
            elif gen.locales is not None and normalize_locale(rule.locale) not in gen.locales:
                sink.warning(
                    "unsupported_locale",
                    base + "/generator/locale",
                    f"{gid} has data for {', '.join(gen.locales)} only; locale {rule.locale!r} "
                    "does not change its values",
                    hint="remove the locale or choose a generator for that locale",
                )
        params = rule.effective_params
        pp = base + rule.params_pointer
        if params is not None and not isinstance(params, dict):
            sink.error(
                "invalid_generator_params",
                pp,
                f"params must be a JSON object, not {type(params).__name__}",
            )
            self.bad_rules.add(i)
            return
        reported = self.reserved_params(i, rule, table, params, pp)
        try:
            parsed = gen.parse_params(params)
        except ParamError as exc:
            for suffix, message in exc.problems:
                if any(suffix.startswith(r) for r in reported):
                    continue
                sink.error(
                    "invalid_generator_params",
                    pp + suffix if suffix else pp,
                    f"{gid}: {message}",
                    hint=f"`datalchemy generators show {gid}` lists its params",
                )
            self.bad_rules.add(i)
            return
        if reported:
            self.bad_rules.add(i)
        if is_derive(gen):
            for name in derive_inputs(gen, parsed):
                if not table.has_column(name):
                    sink.error(
                        "unknown_input_column",
                        pp,
                        f"{gid} reads column {name!r}, which {rule.schema_name}.{rule.table} "
                        "does not have",
                    )
                    self.bad_rules.add(i)

    def reserved_params(
        self, i: int, rule: ColumnGeneratorRule, table: Table, params: Any, pp: str
    ) -> set[str]:
        """The original's checks of ``input_columns`` and parent references; returns the param
        pointers already reported (so the generic param errors do not repeat them)."""
        sink = self.sink
        reported: set[str] = set()
        if isinstance(params, dict) and "input_columns" in params:
            cols = params["input_columns"]
            if not isinstance(cols, list):
                sink.error(
                    "invalid_input_columns",
                    pp + "/input_columns",
                    "input_columns must be an array of column names",
                )
                reported.add("/input_columns")
            else:
                for k, name in enumerate(cols):
                    where = f"{pp}/input_columns/{k}"
                    if not isinstance(name, str):
                        sink.error("invalid_input_columns", where, "column names are strings")
                        reported.add("/input_columns")
                    elif not table.has_column(name):
                        sink.error(
                            "unknown_input_column",
                            where,
                            f"column {name!r} is not in {rule.schema_name}.{rule.table}",
                        )
                        reported.add("/input_columns")
        if rule.generator_id.strip() != "derive.parent_value":
            return reported
        if not isinstance(params, dict):
            sink.error(
                "missing_parent_reference",
                pp,
                "derive.parent_value needs parent_schema, parent_table and parent_column",
            )
            return reported | {"/parent_", "/input_columns"}
        missing = [key for key in _PARENT_KEYS if not params.get(key)]
        for key in missing:
            sink.error(
                "missing_parent_reference", f"{pp}/{key}", f"derive.parent_value needs {key}"
            )
            reported.add(f"/{key}")
        if missing:
            return reported
        ps, pt, pc = (params[k] for k in _PARENT_KEYS)
        if not any(s.name == ps for s in self.schema.schemas):
            sink.error("unknown_parent_reference", f"{pp}/parent_schema", f"no schema {ps!r}")
            return reported | {"/parent_"}
        parent = self.table(ps, pt)
        if parent is None:
            sink.error("unknown_parent_reference", f"{pp}/parent_table", f"no table {ps}.{pt}")
            return reported | {"/parent_"}
        if not parent.has_column(pc):
            sink.error(
                "unknown_parent_reference", f"{pp}/parent_column", f"{ps}.{pt} has no column {pc!r}"
            )
            return reported | {"/parent_"}
        cols = params.get("input_columns")
        if isinstance(cols, list) and cols and isinstance(cols[0], str):
            local = cols[0]
            if not any(
                local in fk.columns and fk.referenced == f"{ps}.{pt}" for fk in table.foreign_keys
            ):
                sink.error(
                    "parent_reference_not_fk",
                    f"{pp}/input_columns/0",
                    f"{rule.schema_name}.{rule.table}.{local} is not a foreign key to {ps}.{pt}",
                    hint="input_columns[0] must be the local FK column that reaches the parent",
                )
                reported.add("/input_columns")
        return reported

    def transforms(self, i: int, rule: ColumnGeneratorRule) -> None:
        sink = self.sink
        seen: set[str] = set()
        for k, ref in enumerate(rule.transforms):
            where = pointer("rules", i, "transforms", k)
            tid = ref.transform.strip()
            if not tid:
                sink.error("transform_empty_id", where + "/transform", "the transform id is empty")
                self.bad_rules.add(i)
                continue
            if tid in seen:
                sink.warning(
                    "duplicate_transform",
                    where + "/transform",
                    f"{tid} is applied twice to {rule.schema_name}.{rule.table}.{rule.column}",
                )
            seen.add(tid)
            try:
                t = get_transform(tid)
            except DatalchemyError as exc:
                sink.error("unknown_transform", where + "/transform", exc.message, hint=exc.hint)
                self.bad_rules.add(i)
                continue
            try:
                t.parse_params(ref.params)
            except ParamError as exc:
                for suffix, message in exc.problems:
                    sink.error(
                        "invalid_transform_params",
                        where + "/params" + suffix,
                        f"{tid}: {message}",
                        hint=f"`datalchemy generators show {tid}` lists its params",
                    )
                self.bad_rules.add(i)
