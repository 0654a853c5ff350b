"""Can the rows be placed? Composite keys, one-to-one and fixed cardinalities, FK cycles.

Checked after resolution, when every table's rows and every column's generator are known:

- :func:`composite_demands`: each composite UNIQUE key has room for its rows (with an FK in the
  key: for each parent's children), else ``unique_capacity``; returns how many rows an *added*
  parent needs so that it fits, which resolution then gives it;
- :func:`topology_issues`: ``fk_cycle_unbreakable``, ``fk_cardinality_infeasible`` (a one-to-one FK
  with more children than parents; ``fixed`` / ``range`` cardinalities that cannot place every
  child) and ``fk_cardinality_inexact``;
- :func:`unused_rules`: ``rule_not_used`` for rules about tables that are not generated.

Example:
    >>> import math
    >>> math.ceil(100 * COMPOSITE_SLACK / 9)  # parents for 100 rows whose key has 9 values each
    14
"""

from __future__ import annotations

import math

from datalchemy.constraints.keys import KeyLayout, plan_keys
from datalchemy.contracts.plan import ForeignKeyCardinalityRule
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedForeignKey, ResolvedTable
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.generators.base import ColumnFacts, GenContext
from datalchemy.generators.registry import get_generator
from datalchemy.plan._common import IssueSink, column_path, pointer
from datalchemy.plan.resolve.rule_index import RuleIndex
from datalchemy.plan.resolve.topology import Topology, filled_after_notes

__all__ = ["COMPOSITE_SLACK", "composite_demands", "topology_issues", "unused_rules"]

#: Grouped uniform layouts give a parent up to about 1.2x the mean number of children.
COMPOSITE_SLACK = 1.25


def key_layout(
    rt: ResolvedTable,
    topo: Topology,
    schema: DatabaseSchema | None = None,
) -> KeyLayout:
    """The engine's layout of ``rt``'s unique keys, with the planned row counts (``schema``
    gives the columns' type facts, such as enum labels, as the engine sees them)."""
    cols = {c.name: c for c in rt.columns}

    def parent_rows(fk: ResolvedForeignKey) -> int:
        return rt.rows if fk.self_reference else topo.rows.get(fk.parent, 0)

    return plan_keys(rt, parent_rows=parent_rows, space=lambda c: _space(rt, cols[c], schema))


def table_capacity(
    rt: ResolvedTable, layout: KeyLayout, schema: DatabaseSchema | None = None
) -> tuple[int | None, str]:
    """The most rows ``rt``'s keys can hold, and why (None: no limit below the rows asked).

    A unique column holds as many rows as its generator has values; a key built without a lead
    FK as many as its combinations; a key of constants only (``UNIQUE ((true))``) one row.
    """
    best: tuple[int | None, str] = (None, "")

    def lower(n: int, why: str) -> None:
        nonlocal best
        if best[0] is None or n < best[0]:
            best = (n, why)

    for c in rt.columns:
        if c.unique and c.action == "generate" and not c.inputs:
            space = _space(rt, c, schema)
            if space is not None:
                lower(space, f"unique column {c.name} has {space} distinct values")
    for p in layout.problems:
        if p.capacity is not None:
            lower(p.capacity, f"unique key {p.key} has {p.capacity} distinct combinations")
    return best


def composite_demands(
    topo: Topology,
    tables: list[ResolvedTable],
    sink: IssueSink,
    schema: DatabaseSchema | None = None,
) -> dict[str, tuple[int, str]]:
    """Check the unique keys' layout and capacity (the engine's own layout,
    :func:`~datalchemy.constraints.keys.plan_keys`); return rows some added parents need."""
    demands: dict[str, tuple[int, str]] = {}
    for rt in tables:
        layout = key_layout(rt, topo, schema)
        for p in layout.problems:
            where = (
                column_path(rt.schema_name, rt.table, p.column)
                if p.column
                else f"{rt.qualified_name} ({p.key})"
            )
            sink.error(p.code, where, p.message, hint=p.hint)
        for comp in layout.composites:
            if comp.lead is None:
                continue
            lead = next(fk for fk in rt.foreign_keys if fk.key == comp.lead)
            parents = rt.rows if lead.self_reference else topo.rows.get(lead.parent, 0)
            if parents <= 0:
                continue
            total, mean = comp.capacity, rt.rows / parents
            where = f"{rt.qualified_name} ({comp.label})"
            need = math.ceil(rt.rows * COMPOSITE_SLACK / total)
            if mean > total:
                if lead.parent in topo.auto:
                    demands[lead.parent] = (
                        need,
                        f"{need} rows so that {rt.qualified_name}'s unique key {comp.label} "
                        f"({total} values per parent) fits {rt.rows} rows",
                    )
                else:
                    sink.error(
                        "unique_capacity",
                        where,
                        f"unique key {comp.label} of {rt.qualified_name}: {rt.rows} rows over "
                        f"{parents} rows of {lead.parent} means about {math.ceil(mean)} "
                        f"per parent, but the rest of the key has only {total} distinct "
                        "values",
                        hint=f"give {lead.parent} at least {need} rows, or widen the "
                        "columns' generators",
                    )
            elif mean * 1.2 > total:
                if lead.parent in topo.auto:
                    demands[lead.parent] = (need, f"room for unique key {comp.label}")
                else:
                    sink.warning(
                        "unique_capacity_tight",
                        where,
                        f"unique key {comp.label} of {rt.qualified_name}: about "
                        f"{math.ceil(mean)} rows per {lead.parent} row, close to the "
                        f"{total} distinct values of the rest of the key; some parents may "
                        "get too many",
                        hint=f"give {lead.parent} more rows",
                    )
    return demands


def unused_rules(idx: RuleIndex, schema: DatabaseSchema, topo: Topology, sink: IssueSink) -> None:
    """Rules for tables that are not generated (neither targets nor parents of one)."""
    entries: list[tuple[int, str, str]] = []
    for (s, t, _), (i, _r) in idx.columns.items():
        entries.append((i, s, t))
    for (s, t, _), (i, _n) in idx.null_rates.items():
        entries.append((i, s, t))
    for (s, t), rules in idx.cardinality.items():
        entries += [(i, s, t) for i, _ in rules]
    for i, s, t in sorted(entries):
        if f"{s}.{t}" not in topo.tables and schema.find_table(s, t) is not None:
            sink.warning(
                "rule_not_used",
                pointer("rules", i),
                f"{s}.{t} is not generated (neither a target nor a parent of one); the "
                "rule has no effect",
                hint=f"add {s}.{t} to targets, or remove the rule",
            )


def topology_issues(
    topo: Topology,
    cards: dict[tuple[str, str], tuple[int, ForeignKeyCardinalityRule]],
    sink: IssueSink,
) -> None:
    filled_after_notes(topo, sink)
    for cycle in topo.unbreakable:
        tables = sorted({e.child for e in cycle} | {e.parent for e in cycle})
        keys = ", ".join(f"{e.child}.{e.key}" for e in cycle)
        sink.error(
            "fk_cycle_unbreakable",
            tables[0],
            f"tables {', '.join(tables)} reference each other through NOT NULL, "
            f"non-deferrable foreign keys only ({keys}); no insert order works",
            hint="make one of these FKs nullable or DEFERRABLE, or exclude one table",
        )
    for e in topo.edges:
        if e.self_reference:
            continue
        rule = cards.get((e.child, e.key))
        path = pointer("rules", rule[0]) if rule else e.child
        child, parents = topo.rows[e.child], topo.rows[e.parent]
        null_rate = float(rule[1].null_rate or 0.0) if rule else 0.0
        refs = child if null_rate <= 0 else math.ceil(child * (1 - null_rate))
        if e.one_to_one and refs > parents:
            sink.error(
                "fk_cardinality_infeasible",
                path,
                f"{e.child}.{'+'.join(e.fk.columns)} is unique, so each of the {parents} "
                f"rows of {e.parent} can have at most one child, but {e.child} has {refs} "
                f"rows referencing it ({e.key})",
                hint=f"give {e.parent} at least {refs} rows or {e.child} at most {parents}",
            )
            continue
        card = rule[1].children_per_parent if rule else None
        if card is None or rule is None:
            continue
        if card.distribution == "fixed":
            k = card.per_parent or 0
            if k * parents < refs:
                sink.error(
                    "fk_cardinality_infeasible",
                    path,
                    f"{parents} rows of {e.parent} x {k} children each = {k * parents} < "
                    f"{refs} rows of {e.child} ({e.key})",
                    hint="raise per_parent, add parent rows, or lower the child rows",
                )
        elif card.distribution == "range":
            lo, hi = card.min or 0, card.max or 0
            if hi * parents < refs:
                sink.error(
                    "fk_cardinality_infeasible",
                    path,
                    f"{parents} rows of {e.parent} x at most {hi} children = "
                    f"{hi * parents} < {refs} rows of {e.child} ({e.key})",
                    hint="raise max, add parent rows, or lower the child rows",
                )
            elif lo * parents > refs:
                sink.warning(
                    "fk_cardinality_inexact",
                    path,
                    f"{parents} rows of {e.parent} x at least {lo} children = "
                    f"{lo * parents} > {refs} rows of {e.child}; some parents get fewer",
                    hint="lower min or add child rows",
                )


def _space(
    rt: ResolvedTable, col: ResolvedColumn, schema: DatabaseSchema | None = None
) -> int | None:
    if col.action == "constant":
        return 1
    if col.action != "generate" or col.generator is None:
        return None
    try:
        gen = get_generator(col.generator)
        params = gen.parse_params(col.params)
        ctx = GenContext(
            seed=0,
            table=rt.qualified_name,
            column=col.name,
            locale=col.locale,
            facts=_facts(rt, col, schema) if schema is not None else ColumnFacts(),
        )
        if col.disambiguate:  # numbered repeats (datalchemy.generate.qualify)
            from datalchemy.generate.qualify import qualified_space

            space = qualified_space(gen, params, ctx, rt.rows)
        else:
            space = gen.value_space(ctx, params)
    except Exception:
        return None
    return int(space) if space is not None else None


def _facts(rt: ResolvedTable, col: ResolvedColumn, schema: DatabaseSchema) -> ColumnFacts:
    """The column's type facts as the engine builds them (enum labels included)."""
    table = schema.find_table(rt.schema_name, rt.table)
    column = table.column(col.name) if table is not None and table.has_column(col.name) else None
    if column is None:
        return ColumnFacts()
    enum = schema.enum(column.enum) if column.enum else None
    return ColumnFacts.from_column(column, enum.labels if enum is not None else None)
