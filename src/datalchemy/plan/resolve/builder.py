"""Plan resolution: a plan and a schema in, the :class:`ResolvedPlan` the engine runs out.

:func:`build_resolved` decides everything the engine needs and reports what it finds on the way
(unfillable columns, unique capacity, FK cycles and cardinalities) into an issue sink; it never
raises for a bad plan. Validation (:func:`~.validate.validate_plan`) runs it as its third stage,
and :func:`~.validate.resolve_plan` returns its result only when validation found no error. What
it decides:

- **tables and rows**: the targets plus the parents they need (see :mod:`.topology`), in
  generation order, cycles broken at nullable or deferrable FKs (``deferred``);
- **columns**: what fills each column and why (see :mod:`.columns`);
- **keys**: single-column PK / UNIQUE columns are ``unique`` (built distinct by construction);
  composite keys and unique FK columns are listed in ``uniques``; a unique FK is ``one_to_one``;
- **checks**: every CHECK with how it is satisfied (``domain``, ``derive``: see
  :mod:`.row_rules`) or verified (``verify``), from
  :func:`datalchemy.constraints.checks.analyze_table`; a ``constraint_policy`` of ``ignore``
  drops them, ``warn`` notes it;
- **FK cardinality and NULL rates** from ``foreign_key_cardinality`` rules (by constraint name or
  columns).

Everything is deterministic: sorted iteration everywhere, no set or dict order reaches the output.

Example:
    Contracts of the embedded car-rental database need a client and the user who signed them:

    >>> from datalchemy import create_fixture, introspect
    >>> from datalchemy.contracts.plan import Plan
    >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
    >>> schema = introspect("sqlite://car_rental.db").schema
    >>> plan = Plan.model_validate({"plan_version": "0.3", "seed": 1,
    ...     "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
    ...     "targets": [{"schema": "main", "table": "contratos", "rows": 200}]})
    >>> sink = IssueSink()
    >>> resolved, defaults = build_resolved(plan, schema, sink)
    >>> [(t.table, t.rows, t.auto_added) for t in resolved.tables], sink.issues
    ([('clientes', 40, True), ('usuarios_sistema', 40, True), ('contratos', 200, False)], [])
    >>> defaults["main.clientes"]["cpf"].generator
    'semantic.br.cpf'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from datalchemy.constraints.keys import key_label, read_key_part
from datalchemy.constraints.model import TableConstraints
from datalchemy.contracts.plan import (
    Cardinality,
    ForeignKeyCardinalityRule,
    Plan,
    TransformRef,
)
from datalchemy.contracts.resolved import (
    ResolvedCheck,
    ResolvedColumn,
    ResolvedForeignKey,
    ResolvedPlan,
    ResolvedTable,
    ResolvedUnique,
)
from datalchemy.contracts.schema import DatabaseSchema, Table, TypeFamily
from datalchemy.engines import check_dialect
from datalchemy.plan._common import (
    DEFAULT_LOCALE,
    IssueSink,
    column_path,
    normalize_locale,
)
from datalchemy.plan.resolve.columns import TableInput, resolve_columns
from datalchemy.plan.resolve.feasibility import (
    composite_demands,
    key_layout,
    table_capacity,
    topology_issues,
    unused_rules,
)
from datalchemy.plan.resolve.names import Suggestion
from datalchemy.plan.resolve.row_rules import RowRules
from datalchemy.plan.resolve.rule_index import RuleIndex, find_foreign_key, index_rules
from datalchemy.plan.resolve.topology import Edge, Topology, build_topology, fk_key

__all__ = ["build_resolved"]

_MAX_PASSES = 6


def _analyze(schema: DatabaseSchema, table: Table, base_date: date) -> TableConstraints:
    if not table.checks and not any(c.domain for c in table.columns):
        return TableConstraints()  # no expression to read (and sqlglot stays unimported)
    from datalchemy.constraints.checks import TIME_MARGIN_DAYS, analyze_table

    # Time-relative CHECKs hold from base_date to base_date + the margin (load day slack).
    return analyze_table(schema, table, base_date=base_date, margin_days=TIME_MARGIN_DAYS)


class _Builder:
    def __init__(self, plan: Plan, schema: DatabaseSchema, sink: IssueSink, idx: RuleIndex):
        self.plan = plan
        self.schema = schema
        self.sink = sink
        self.idx = idx
        self.base_date = plan.effective_base_date
        locale = plan.locale
        self.locale = normalize_locale(locale) if locale else DEFAULT_LOCALE
        self._constraints: dict[str, TableConstraints] = {}
        self.existing: set[str] = set()
        self.explanations: dict[str, dict[str, Suggestion]] = {}

    def constraints(self, qualified: str, table: Table) -> TableConstraints:
        if qualified not in self._constraints:
            self._constraints[qualified] = _analyze(self.schema, table, self.base_date)
        return self._constraints[qualified]

    # ------------------------------------------------------------------ inputs

    def targets(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.plan.targets:
            table = self.schema.find_table(t.schema_name, t.table)
            if table is None or not table.is_generation_target or t.rows <= 0:
                continue
            out.setdefault(t.qualified_name, t.rows)
        return out

    def cardinality(self) -> dict[tuple[str, str], tuple[int, ForeignKeyCardinalityRule]]:
        out: dict[tuple[str, str], tuple[int, ForeignKeyCardinalityRule]] = {}
        for (s, tname), rules in sorted(self.idx.cardinality.items()):
            table = self.schema.find_table(s, tname)
            if table is None:
                continue
            for i, rule in rules:
                fk = find_foreign_key(table, rule)
                if fk is not None:
                    out[(f"{s}.{tname}", fk_key(fk))] = (i, rule)
        return out

    # ------------------------------------------------------------------ build

    def build(self) -> ResolvedPlan | None:
        targets = self.targets()
        if not targets:
            return None
        disabled = {
            f"{s}.{t}" for (s, t), (_, r) in self.idx.fk_strategy.items() if r.mode == "disable"
        }
        # strategy existing: no parent rows are generated; generate --existing fills the FKs
        # from the target's rows (datalchemy.generate.avoid).
        self.existing = {
            f"{s}.{t}" for (s, t), (_, r) in self.idx.fk_strategy.items() if r.mode == "existing"
        }
        disabled |= self.existing
        cards = self.cardinality()
        card_map: dict[tuple[str, str], tuple[Cardinality | None, float]] = {
            k: (r.children_per_parent, float(r.null_rate or 0.0)) for k, (_, r) in cards.items()
        }
        extra: dict[str, tuple[int, str]] = {}
        sink = IssueSink()
        for _ in range(_MAX_PASSES):
            topo = build_topology(
                self.schema, targets, disabled=disabled, cardinality=card_map, extra_demand=extra
            )
            sink = IssueSink()
            tables = [self.table(q, topo, cards, sink) for q in topo.order]
            more = composite_demands(topo, tables, sink, self.schema)
            grown = {q: d for q, d in more.items() if d[0] > extra.get(q, (0, ""))[0]}
            if not grown:
                break
            extra.update(grown)
        tables = [_with_key_layout(rt, topo, self.schema) for rt in tables]
        topology_issues(topo, cards, sink)
        unused_rules(self.idx, self.schema, topo, sink)
        self.sink.extend(sink.issues)
        return ResolvedPlan(
            seed=self.plan.seed,
            base_date=self.base_date,
            locale=self.locale,
            format=self.plan.output.format if self.plan.output else "csv",
            strict=self.plan.strict,
            plan_fingerprint=self.plan.fingerprint(),
            schema_fingerprint=self.schema.fingerprint,
            tables=tables,
        )

    def table(
        self,
        qualified: str,
        topo: Topology,
        cards: dict[tuple[str, str], tuple[int, ForeignKeyCardinalityRule]],
        sink: IssueSink,
    ) -> ResolvedTable:
        ref = topo.tables[qualified]
        table, sname = ref.table, ref.schema_name
        edges = [e for e in topo.edges if e.child == qualified]
        missing = [e for e in topo.missing if e.child == qualified]
        fk_cols = {c for e in edges + missing for c in e.fk.columns}
        keys = self.keys(sname, table, fk_cols, sink)
        single = _single_uniques(table) | keys.unique_columns
        policy = self.idx.check_policy.get((sname, table.name))
        t = TableInput(
            schema=self.schema,
            schema_name=sname,
            table=table,
            rows=topo.rows[qualified],
            seed=self.plan.seed,
            locale=self.locale,
            base_date=self.base_date,
            constraints=self.constraints(qualified, table),
            rules={
                c: v for (s, tb, c), v in self.idx.columns.items() if (s, tb) == (sname, table.name)
            },
            null_rules={
                c: v
                for (s, tb, c), v in self.idx.null_rates.items()
                if (s, tb) == (sname, table.name)
            },
            edges=edges,
            missing=missing,
            unique_columns=single - fk_cols,
            key_columns=keys.key_columns - fk_cols,
            key_room=_key_room(keys.uniques, edges, fk_cols, topo),
            check_policy=policy[1].mode if policy else "enforce",
        )
        row_rules = RowRules(t)  # row-level CHECKs: guides before the columns, derives after
        columns = row_rules.apply(_normalized(resolve_columns(t, sink), keys.normalize))
        self.explanations[qualified] = t.explanations
        fks = [self.foreign_key(e, topo, cards) for e in edges]
        uniques = keys.uniques
        for e in edges:  # a unique FK alone: each parent row at most once
            if e.one_to_one and not any(u.columns == list(e.fk.columns) for u in uniques):
                uniques.append(ResolvedUnique(name=None, columns=list(e.fk.columns)))
        self.exclusion_warnings(sname, table, sink)
        return ResolvedTable(
            schema_name=sname,
            table=table.name,
            rows=topo.rows[qualified],
            auto_added=qualified in topo.auto,
            rows_reason=topo.rows_reason[qualified],
            columns=columns,
            foreign_keys=fks,
            uniques=uniques,
            checks=self.checks(qualified, t, sink),
            existing_parents=(
                sorted(fk_key(fk) for fk in table.foreign_keys)
                if qualified in self.existing and table.foreign_keys
                else None
            ),
        )

    def foreign_key(
        self,
        e: Edge,
        topo: Topology,
        cards: dict[tuple[str, str], tuple[int, ForeignKeyCardinalityRule]],
    ) -> ResolvedForeignKey:
        rule = cards.get((e.child, e.key))
        card = rule[1].children_per_parent if rule else Cardinality()
        null_rate = float(rule[1].null_rate or 0.0) if rule else 0.0
        return ResolvedForeignKey(
            key=e.key,
            columns=list(e.fk.columns),
            parent_schema=e.fk.referenced_schema,
            parent_table=e.fk.referenced_table,
            parent_columns=list(e.fk.referenced_columns),
            nullable=e.nullable,
            cardinality=card,
            null_rate=null_rate if e.nullable else 0.0,
            one_to_one=e.one_to_one and not e.self_reference,
            self_reference=e.self_reference,
            deferred=(e.child, e.key) in topo.deferred,
        )

    def keys(self, sname: str, table: Table, fk_cols: set[str], sink: IssueSink) -> _TableKeys:
        """The keys the engine builds: composite, FK and index keys (expressions and partial
        indexes included); which columns they need enumerable; which to generate case-folded."""
        out = _TableKeys()
        pk = table.primary_key
        if pk and (len(pk.columns) > 1 or set(pk.columns) & fk_cols):
            out.add(ResolvedUnique(name=pk.name, columns=list(pk.columns), primary=True))
        dialect = check_dialect(self.schema)
        where = column_path(sname, table.name)
        for u in table.uniques:
            columns = list(u.columns)
            nulls_distinct = not u.nulls_not_distinct
            for text in u.expressions:
                part = read_key_part(text, dialect)
                columns += [c for c in part.columns if c not in columns and table.has_column(c)]
                for c in part.columns:
                    if part.normalize:
                        out.normalize[c] = part.normalize
                nulls_distinct &= not part.nulls_count
                if not part.exact:
                    sink.warning(
                        "unique_expression_approximated",
                        where,
                        f"unique index {u.name} of {where} compares {text}; generation makes "
                        f"{', '.join(part.columns) or 'its columns'} distinct, which is not "
                        "always enough for the expression",
                        hint="evaluate checks the expression itself; if it reports duplicates, "
                        "give the columns a generator whose values differ in that expression",
                    )
            if not u.expressions and not u.predicate and len(columns) == 1:
                if set(columns) & fk_cols:
                    out.add(ResolvedUnique(name=u.name, columns=columns))
                continue  # a unique column alone (built by its generator's value space)
            if u.expressions and len(columns) == 1 and not set(columns) & fk_cols:
                out.unique_columns.add(columns[0])  # lower(email): email unique, folded
                continue
            out.add(
                ResolvedUnique(
                    name=u.name,
                    columns=columns,
                    nulls_distinct=nulls_distinct,
                    expressions=list(u.expressions),
                    predicate=u.predicate,
                )
            )
        return out

    def exclusion_warnings(self, sname: str, table: Table, sink: IssueSink) -> None:
        where = column_path(sname, table.name)
        for x in table.exclusions:
            sink.warning(
                "exclusion_not_enforced",
                where,
                f"exclusion constraint {x.name} of {where} is not guaranteed by generation",
                hint="the database rejects conflicting rows when loading",
            )

    def checks(self, qualified: str, t: TableInput, sink: IssueSink) -> list[ResolvedCheck]:
        if t.check_policy == "ignore":
            return []
        out = []
        for a in t.constraints.checks:
            note = a.note
            if t.check_policy == "warn":
                note = (note + "; " if note else "") + "policy warn: violations are reported"
            if a.strategy == "unsupported":
                sink.warning(
                    "check_unsupported",
                    f"{qualified}.{a.name}" if a.name else qualified,
                    f"CHECK {a.name or a.expression} of {qualified} cannot be verified during "
                    f"generation ({a.note}); the database checks it on load",
                    hint="give the columns it reads generators that satisfy it, or let a "
                    "database holding the schema verify it on every block (generate "
                    "--verify-with URL)",
                )
            out.append(
                ResolvedCheck(
                    name=a.name,
                    expression=a.expression,
                    columns=list(a.columns),
                    strategy=a.strategy,
                    verify_sql=a.verify_sql,
                    note=note,
                )
            )
        return out


@dataclass
class _TableKeys:
    """The keys of one table as resolution sees them (see :meth:`_Builder.keys`)."""

    uniques: list[ResolvedUnique] = field(default_factory=list)
    #: Columns unique on their own because of an expression index (``lower(email)``).
    unique_columns: set[str] = field(default_factory=set)
    #: Columns of multi-column keys: they need generators that can enumerate their values.
    key_columns: set[str] = field(default_factory=set)
    #: Columns an index compares case-folded: generated folded, so distinct stays distinct.
    normalize: dict[str, str] = field(default_factory=dict)

    def add(self, u: ResolvedUnique) -> None:
        if any(r.columns == u.columns and r.predicate == u.predicate for r in self.uniques):
            return
        self.uniques.append(u)
        self.key_columns |= set(u.columns)


def _key_room(
    uniques: list[ResolvedUnique], edges: list[Edge], fk_cols: set[str], topo: Topology
) -> dict[str, int]:
    """Distinct values the one free column of each FK-led key must offer: rows per combination
    of parent rows (``genre_alias (genre, locale)``: 400 aliases of 40 genres need 10 locales)."""
    room: dict[str, int] = {}
    for u in uniques:
        free = [c for c in u.columns if c not in fk_cols]
        parents = [topo.rows.get(e.parent, 0) for e in edges if set(e.fk.columns) <= set(u.columns)]
        if len(free) != 1 or not parents or min(parents) <= 0:
            continue
        need = math.ceil(topo.rows[edges[0].child] / math.prod(parents))
        room[free[0]] = max(room.get(free[0], 0), need)
    return room


def _with_key_layout(rt: ResolvedTable, topo: Topology, schema: DatabaseSchema) -> ResolvedTable:
    """``rt`` with its keys' layout written down: columns promoted to unique (so that the
    engine builds them so), and how each key is met."""
    layout = key_layout(rt, topo, schema)
    promoted = set(layout.promoted)
    columns = [
        c.model_copy(update={"unique": True}) if c.name in promoted else c for c in rt.columns
    ]
    uniques = [u.model_copy(update={"met_by": layout.met.get(key_label(u))}) for u in rt.uniques]
    rt = rt.model_copy(update={"columns": columns, "uniques": uniques})
    cap, why = table_capacity(rt, layout, schema)
    if cap is None:
        return rt
    return rt.model_copy(update={"max_rows": cap, "max_rows_reason": why})


def _normalized(columns: list[ResolvedColumn], normalize: dict[str, str]) -> list[ResolvedColumn]:
    """Generated key columns an index compares as ``lower(x)``/``upper(x)`` get that case."""
    out = []
    for c in columns:
        mode = normalize.get(c.name)
        if mode and c.action == "generate" and c.family in (TypeFamily.TEXT, TypeFamily.UNKNOWN):
            ref = TransformRef(transform="transform.casing", params={"mode": mode})
            c = c.model_copy(update={"transforms": [*c.transforms, ref]})
        out.append(c)
    return out


def _single_uniques(table: Table) -> set[str]:
    out: set[str] = set()
    if table.primary_key and len(table.primary_key.columns) == 1:
        out.add(table.primary_key.columns[0])
    for u in table.uniques:
        if len(u.columns) == 1 and not u.expressions:
            out.add(u.columns[0])
    return out


def build_resolved(
    plan: Plan, schema: DatabaseSchema, sink: IssueSink, *, skip_rules: set[int] | None = None
) -> tuple[ResolvedPlan | None, dict[str, dict[str, Suggestion]]]:
    """Resolve without raising: issues go to ``sink``; also returns the default choices."""
    builder = _Builder(plan, schema, sink, index_rules(plan, skip_rules or set()))
    return builder.build(), builder.explanations
