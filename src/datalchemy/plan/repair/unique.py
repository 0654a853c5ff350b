"""Repairs of unique columns and keys that cannot hold the rows asked for.

- ``unique_capacity`` on a rule: a raw Faker ID switches to the ``semantic.*`` alias of the same
  values that can enumerate them (``faker.barcode.raw.Isbn13`` -> ``semantic.barcode.isbn13``);
  otherwise the rule gets ``disambiguate``: the generator's values are kept and repeats are
  numbered (``Funil Vendas``, ``Funil Vendas 2``; see :mod:`datalchemy.generate.qualify`);
- ``unique_transform_collision``: the transform is applied as asked, then the values it makes
  equal get a number (``disambiguate``);
- a unique key of several columns without room for the rows (``unique_capacity`` or
  ``unique_capacity_tight`` on the table): its generated text columns get ``disambiguate``;
  when none can, the table's rows are lowered to what its keys hold (``max_rows``).
"""

from __future__ import annotations

import re
from typing import Any

from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import ColumnGeneratorRule, GeneratorSpec, Plan, Repair
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedTable
from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import TEXTUAL, Generator
from datalchemy.generators.registry import all_generators
from datalchemy.plan._common import pointer
from datalchemy.plan.repair.context import RuleSite, Snapshot
from datalchemy.plan.repair.fit import Fixed, column_default

__all__ = ["capacity", "key_capacity", "lower_rows", "transform_collision"]

_KEY_PATH = re.compile(r"^(?P<table>[^ ]+) \((?P<key>[^)]+)\)$")


def _repair(site: RuleSite, issue: Issue, action: str, asked: str, done: str) -> Repair:
    return Repair(
        code=issue.code,
        action=action,
        path=issue.path or pointer("rules", site.index),
        target=site.qualified,
        asked=asked,
        done=done,
    )


def _alias(gen: Generator[Any], site: RuleSite) -> tuple[str, int] | None:
    """The ``semantic.*`` alias of a raw Faker ID that enumerates enough values here."""
    for candidate in all_generators():
        if getattr(type(candidate), "target", None) != gen.id:
            continue
        if site.column.family not in candidate.fits and site.column.family != TypeFamily.UNKNOWN:
            continue
        try:
            params = candidate.parse_params(site.rule.effective_params)
            space = candidate.value_space(site.ctx, params)
        except Exception:
            continue
        if space is not None and space >= site.rows:
            return candidate.id, int(space)
    return None


def _example(gen: Generator[Any], params: Any, site: RuleSite) -> str:
    from datalchemy.generate.qualify import QualifiedGenerator

    try:
        shown = QualifiedGenerator.wrap(gen, site.rows).examples(site.ctx, params)
    except Exception:
        return ""
    return f" (e.g. {', '.join(repr(v) for v in shown)})" if shown else ""


def capacity(site: RuleSite, issue: Issue, default: ResolvedColumn | None) -> Fixed | None:
    """A unique column whose generator has fewer values than rows, or none it can list."""
    found = site.generator()
    if found is None:
        return None
    gen, params = found
    gid = site.rule.generator_id
    try:
        space = gen.value_space(site.ctx, params)
    except Exception:
        space = None
    asked = f"{gid} for {site.rows} unique rows: it " + (
        f"has {space} distinct values" if space is not None else "cannot list its values"
    )
    if gid.startswith("faker.") and ".raw." in gid:
        alias = _alias(gen, site)
        if alias is not None:
            # The rule keeps its form (string ID or object) and its params.
            generator: str | GeneratorSpec = alias[0]
            if isinstance(site.rule.generator, GeneratorSpec):
                generator = site.rule.generator.model_copy(update={"id": alias[0]})
            rule = site.rule.model_copy(update={"generator": generator})
            done = f"{alias[0]}: the same values, {alias[1]} of them, unique by construction"
            return rule, _repair(site, issue, "switch_generator", asked, done)
    if site.rule.disambiguate or site.column.family not in TEXTUAL:
        return None  # numbers only go into text; the table's rows are lowered instead
    from datalchemy.generate.qualify import qualified_space

    if qualified_space(gen, params, site.ctx, site.rows) is None:
        why = f"{gid} cannot make distinct values"
        return column_default(site, issue, default, asked, why)
    rule = site.rule.model_copy(update={"disambiguate": True})
    done = "its values are kept and repeats get a number" + _example(gen, params, site)
    return rule, _repair(site, issue, "disambiguate", asked, done)


def transform_collision(
    site: RuleSite, issue: Issue, default: ResolvedColumn | None
) -> Fixed | None:
    if site.rule.disambiguate:
        return None
    k = int(issue.path.rsplit("/", 1)[-1]) if issue.path and issue.path[-1].isdigit() else 0
    ref = site.rule.transforms[k] if k < len(site.rule.transforms) else None
    what = f"{ref.transform} {ref.params or ''}".strip() if ref is not None else "a transform"
    rule = site.rule.model_copy(update={"disambiguate": True})
    asked = f"{what} on unique {site.qualified}: it can turn distinct values into equal ones"
    done = f"{what} is applied as asked, then values it makes equal get a number ('x', 'x 2')"
    return rule, _repair(site, issue, "disambiguate", asked, done)


# -------------------------------------------------------------------- keys of several columns


def key_capacity(snap: Snapshot, issue: Issue, plan: Plan) -> tuple[Plan, list[Repair]] | None:
    """A table-level key problem: number the key's generated text columns, else fewer rows.

    ``snap`` is the pass's validation; ``plan`` the plan with this pass's repairs so far."""
    m = _KEY_PATH.match(issue.path or "")
    table_name = m.group("table") if m else issue.path or ""
    schema_name, name = snap.schema.split_qualified(table_name)
    rt = snap.table(schema_name, name)
    if rt is None:
        return None
    key = m.group("key") if m else None
    columns = _key_columns(snap, rt, key)
    rules = list(plan.rules)
    repairs: list[Repair] = []
    for col in columns:
        rc = rt.column(col)
        if rc.action != "generate" or rc.generator is None or rc.disambiguate or rc.inputs:
            continue
        index = _rule_of(plan, schema_name, name, col)
        rule = rules[index] if index is not None else None
        if rule is not None and not isinstance(rule, ColumnGeneratorRule):
            continue
        if not _numberable(snap, rt, rc):
            continue
        if rule is None:
            rule = ColumnGeneratorRule.model_validate(
                {"schema": schema_name, "table": name, "column": col,
                 "generator": {"id": rc.generator, "params": rc.params or None}}
            )  # fmt: skip
            index = len(rules)
            rules.append(rule)
        assert index is not None
        rules[index] = rule.model_copy(update={"disambiguate": True})
        repairs.append(
            Repair(
                code=issue.code,
                action="disambiguate",
                path=issue.path or table_name,
                target=f"{table_name}.{col}",
                asked=issue.message,
                done=f"{col} ({rc.generator}) keeps its values and repeats get a number, so "
                f"the key has room for {rt.rows} rows (rule /rules/{index})",
            )
        )
    if repairs:
        return plan.model_copy(update={"rules": rules}), repairs
    return lower_rows(snap, rt, issue, plan)


def _key_columns(snap: Snapshot, rt: ResolvedTable, key: str | None) -> list[str]:
    for u in rt.uniques:
        if key is None or u.name == key or "+".join(u.columns) == key:
            return list(u.columns)
    table = snap.schema.find_table(rt.schema_name, rt.table)
    if table is not None and key is not None:
        for constraint in table.uniques:
            if constraint.name == key:
                return list(constraint.columns)
    return [c.name for c in rt.columns if c.unique]


def _rule_of(plan: Plan, schema_name: str, table: str, column: str) -> int | None:
    for i, r in enumerate(plan.rules):
        if isinstance(r, ColumnGeneratorRule) and (r.schema_name, r.table, r.column) == (
            schema_name,
            table,
            column,
        ):
            return i
    return None


def _numberable(snap: Snapshot, rt: ResolvedTable, rc: ResolvedColumn) -> bool:
    """Whether the column holds text, so its repeats can carry a number."""
    table = snap.schema.find_table(rt.schema_name, rt.table)
    if table is None or not table.has_column(rc.name):
        return False
    return table.column(rc.name).family in TEXTUAL


def lower_rows(
    snap: Snapshot, rt: ResolvedTable, issue: Issue, plan: Plan
) -> tuple[Plan, list[Repair]] | None:
    """The table's target rows lowered to what its unique keys hold (``max_rows``)."""
    if rt.max_rows is None or rt.max_rows >= rt.rows or rt.max_rows < 1:
        return None
    targets = list(plan.targets)
    for j, t in enumerate(targets):
        if (t.schema_name, t.table) == (rt.schema_name, rt.table):
            targets[j] = t.model_copy(update={"rows": rt.max_rows})
            repair = Repair(
                code=issue.code,
                action="lower_rows",
                path=pointer("targets", j, "rows"),
                target=rt.qualified_name,
                asked=f"{t.rows} rows",
                done=f"{rt.max_rows} rows: {rt.max_rows_reason or 'what its unique keys hold'}",
            )
            return plan.model_copy(update={"targets": targets}), [repair]
    return None
