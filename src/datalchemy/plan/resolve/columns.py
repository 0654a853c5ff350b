"""How each column of a table gets its values (one :class:`ResolvedColumn` per column).

For every column, in ordinal order, the first rule that applies decides:

1. a generated (computed) column is omitted (``generated_column``);
2. a foreign-key column whose FK the engine fills is ``foreign_key`` (a plan rule on it is
   ignored with ``rule_on_foreign_key``, except ``derive.fk``, which means exactly this);
3. a ``column_generator`` rule: its generator, params (the legacy rule-level params moved in),
   locale (rule, then plan, then ``en_US``), transforms and null rate (``rule``);
4. identity, serial (``nextval`` default), SQLite ``INTEGER PRIMARY KEY`` and AUTOINCREMENT
   columns: ``primitive.int.sequence_hint`` from the sequence's start (``identity``); the loader
   moves the sequences past the generated values;
5. CHECK orderings between two columns of the row (``data_fim >= data_inicio``):
   ``derive.end_after_start`` on the later column, reading the earlier one (``check_order``).
   A nullable later column whose CHECK lets NULL through gets a NULL rate of 0.25. When the later
   column has a rule and the earlier has none, the earlier one is placed before it (a range
   ending at the rule's minimum, or a copy); when both have rules the engine verifies;
6. enum columns: ``primitive.enum`` (``enum``), or a choice of the labels a CHECK allows;
7. otherwise candidates are tried in order: function defaults (``now()`` / ``CURRENT_DATE``: a
   range ending at the base date; ``gen_random_uuid()``: ``primitive.uuid.v4``;
   ``default_value``), then the name rules, then the type default (see :mod:`.heuristics`).
   Each candidate is moved inside the column's CHECK domain (``check_domain``, see
   :mod:`.fitting`); the first that fits the type, the column's limits and, for a unique column,
   has at least as many distinct values as rows, wins.
   A **literal default** (``'BRL'``, ``true``, ``0``) becomes a ``constant`` only when the best
   candidate is weak (a type default, or a name rule with confidence below 0.6), the column is
   not unique, and the value satisfies the column's CHECKs and enum: ``moeda char(3) DEFAULT
   'BRL'`` stays ``BRL``, while ``status DEFAULT 'novo'`` (an enum) and ``ativo DEFAULT true``
   (a flag the name explains) are generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from datalchemy.constraints.model import ColumnDomain, TableConstraints
from datalchemy.contracts.plan import ColumnGeneratorRule, ColumnNullRateRule
from datalchemy.contracts.resolved import ColumnReason, ResolvedColumn
from datalchemy.contracts.schema import Column, DatabaseSchema, Table, TypeFamily
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, Params
from datalchemy.generators.derive import is_derive
from datalchemy.generators.registry import get_generator, get_transform
from datalchemy.plan._common import IssueSink, column_path, normalize_locale, pointer
from datalchemy.plan.resolve.column_checks import (
    ColumnUnderCheck,
    check_column,
    check_derive_cycles,
    family_mismatch,
)
from datalchemy.plan.resolve.feasibility import COMPOSITE_SLACK
from datalchemy.plan.resolve.fitting import fit_to_domain
from datalchemy.plan.resolve.heuristics import group_defaults, suggestions, unique_fallback
from datalchemy.plan.resolve.names import HeuristicInput, Suggestion
from datalchemy.plan.resolve.orders import (
    Order,
    before_suggestion,
    end_suggestion,
    is_identity,
    plan_orders,
)
from datalchemy.plan.resolve.ranges import timestamp_param
from datalchemy.plan.resolve.sqldefaults import SqlDefault, classify_default
from datalchemy.plan.resolve.topology import Edge
from datalchemy.plan.resolve.values import AppliedTransform, admits, derive_inputs, distinct_per_row

__all__ = ["TableInput", "resolve_columns"]

_T = TypeFamily
_TEMPORAL = frozenset({_T.DATE, _T.TIMESTAMP, _T.TIMESTAMPTZ, _T.TIME})
_WEAK = 0.6


@dataclass
class TableInput:
    """Everything column resolution needs about one table."""

    schema: DatabaseSchema
    schema_name: str
    table: Table
    rows: int
    seed: int
    locale: str
    base_date: date
    constraints: TableConstraints
    rules: dict[str, tuple[int, ColumnGeneratorRule]]
    null_rules: dict[str, tuple[int, ColumnNullRateRule]]
    edges: list[Edge]  # FKs the engine fills (parent generated)
    missing: list[Edge]  # FKs whose parent cannot be generated
    unique_columns: set[str]  # single-column PK / UNIQUE keys that are not FK columns
    #: Columns of multi-column keys: their generators must enumerate distinct values.
    key_columns: set[str] = field(default_factory=set)
    #: Distinct values a key column must offer: the key's rows per row of its FK parent, when
    #: it is the only column of the key besides FK columns (see ``_Builder.key_room``).
    key_room: dict[str, int] = field(default_factory=dict)
    check_policy: str = "enforce"
    explanations: dict[str, Suggestion] = field(default_factory=dict)

    @property
    def qualified(self) -> str:
        return f"{self.schema_name}.{self.table.name}"

    def enum_labels(self, column: Column) -> tuple[str, ...] | None:
        name = column.enum or (column.array.element_enum if column.array else None)
        if name is None:
            return None
        enum = self.schema.enum(name)
        return tuple(enum.labels) if enum is not None else None

    def facts(self, column: Column) -> ColumnFacts:
        labels = self.enum_labels(column)
        return ColumnFacts.from_column(column, list(labels) if labels is not None else None)

    def ctx(self, column: Column, locale: str) -> GenContext:
        return GenContext(
            seed=self.seed,
            table=self.qualified,
            column=column.name,
            locale=locale,
            base_date=self.base_date,
            facts=self.facts(column),
        )


def _sequence_start(column: Column, d: SqlDefault | None, schema: DatabaseSchema) -> dict[str, Any]:
    name = d.sequence if d is not None else None
    for seq in schema.sequences:
        owned = seq.owned_by is not None and seq.owned_by.endswith(f".{column.name}")
        if (name and name in (seq.qualified_name, seq.name)) or (name is None and owned):
            return {"start": seq.start, "step": seq.increment or 1}
    return {"start": 1, "step": 1}


def _parse(gen_id: str, params: Any) -> tuple[Generator[Any], Params] | None:
    try:
        gen = get_generator(gen_id)
        return gen, gen.parse_params(params if params is not None else {})
    except Exception:
        return None


def _rule_transforms(rule: ColumnGeneratorRule) -> list[AppliedTransform] | None:
    out = []
    for ref in rule.transforms:
        try:
            t = get_transform(ref.transform)
            out.append(AppliedTransform(t, t.parse_params(ref.params)))
        except Exception:
            return None
    return out


class _ColumnResolver:
    def __init__(self, t: TableInput, sink: IssueSink) -> None:
        self.t = t
        self.sink = sink
        self.fk_of: dict[str, Edge] = {}
        for e in sorted(t.edges, key=lambda e: e.key):
            for c in e.fk.columns:
                self.fk_of.setdefault(c, e)
        self.missing_of: dict[str, Edge] = {}
        for e in t.missing:
            for c in e.fk.columns:
                self.missing_of.setdefault(c, e)
        self.derived, self.before = plan_orders(
            t.table.columns,
            t.constraints.orders,
            ruled=t.rules,
            blocked=set(self.fk_of) | set(self.missing_of),
            unique=t.unique_columns,
        )
        self.siblings = tuple(c.name for c in t.table.columns)
        self.resolved: dict[str, ResolvedColumn] = {}

    # ------------------------------------------------------------------ helpers

    def info(self, col: Column) -> HeuristicInput:
        return HeuristicInput(
            col,
            self.t.table.name,
            self.siblings,
            self.t.locale,
            self.t.base_date,
            self.t.enum_labels(col),
        )

    def null_rate(self, col: Column, rule: ColumnGeneratorRule | None) -> float:
        if col.name in self.t.null_rules:
            return float(self.t.null_rules[col.name][1].rate)
        if rule is not None and rule.null_rate is not None:
            return float(rule.null_rate)
        return 0.0

    def base(self, col: Column, **kw: Any) -> ResolvedColumn:
        return ResolvedColumn(name=col.name, ordinal=col.ordinal, family=col.family, **kw)

    # ------------------------------------------------------------------ decisions

    def resolve(self, col: Column) -> ResolvedColumn:
        t = self.t
        rule_entry = t.rules.get(col.name)
        if col.is_generated:
            if rule_entry is not None:
                self.sink.warning(
                    "rule_on_generated_column",
                    pointer("rules", rule_entry[0]),
                    f"{t.qualified}.{col.name} is computed by the database; the rule is ignored",
                    hint="remove the rule",
                )
            return self.base(
                col,
                action="omit",
                reason="generated_column",
                explanation=f"generated column: {col.generated}",
            )
        if col.name in self.fk_of:
            return self.foreign_key(col, rule_entry)
        if col.name in self.missing_of:
            return self.missing_parent(col)
        if rule_entry is not None:
            return self.from_rule(col, *rule_entry)
        if is_identity(col):
            d = classify_default(col.default)
            kind = (
                "identity"
                if col.identity
                else "rowid"
                if col.rowid_alias
                else "serial"
                if d and d.sequence
                else "key"
            )
            return self.generated(
                col,
                Suggestion(
                    "primitive.int.sequence_hint",
                    _sequence_start(col, d, t.schema),
                    "identity",
                    1.0,
                    f"{kind} column: 1, 2, 3, ... (the loader moves the sequence past them)",
                ),
            )
        if col.name in self.derived:
            return self.order_derive(col, self.derived[col.name])
        if col.name in self.before:
            placed = self.place_before(col, self.before[col.name])
            if placed is not None:
                return placed
        return self.default(col)

    def foreign_key(
        self, col: Column, rule_entry: tuple[int, ColumnGeneratorRule] | None
    ) -> ResolvedColumn:
        edge = self.fk_of[col.name]
        if rule_entry is not None and rule_entry[1].generator_id != "derive.fk":
            self.sink.warning(
                "rule_on_foreign_key",
                pointer("rules", rule_entry[0]),
                f"{self.t.qualified}.{col.name} is filled from {edge.parent} through "
                f"{edge.key}; the rule's generator {rule_entry[1].generator_id} is ignored",
                hint="remove the rule, or set foreign_key_strategy mode disable for the table "
                "(and options.allow_fk_disable) to generate ordinary values",
            )
        return self.base(
            col,
            action="foreign_key",
            foreign_key=edge.key,
            reason="foreign_key",
            explanation=f"from a row of {edge.parent} ({', '.join(edge.fk.referenced_columns)})",
        )

    def missing_parent(self, col: Column) -> ResolvedColumn:
        edge = self.missing_of[col.name]
        where = column_path(self.t.schema_name, self.t.table.name, col.name)
        if not edge.nullable:
            self.sink.error(
                "fk_parent_missing",
                where,
                f"{where} references {edge.parent} ({edge.key}), which is not a table in "
                "schema.json that can be generated",
                hint="introspect the parent's schema too, or target the parent table",
            )
        else:
            self.sink.warning(
                "fk_parent_missing",
                where,
                f"{where} references {edge.parent} ({edge.key}), which cannot be generated; "
                "the column is left NULL",
                hint="introspect the parent's schema too to fill it",
            )
        return self.base(
            col,
            action="constant",
            value=None,
            reason="foreign_key",
            explanation=f"NULL: the parent {edge.parent} is not generated",
        )

    def from_rule(self, col: Column, index: int, rule: ColumnGeneratorRule) -> ResolvedColumn:
        t = self.t
        path = pointer("rules", index)
        if rule.generator_id == "derive.fk":
            self.sink.error(
                "invalid_derive_fk",
                path + "/generator",
                f"derive.fk on {t.qualified}.{col.name}, which is not part of a foreign key "
                "the engine fills",
                hint="remove the rule, or target the referenced table",
            )
            return self.default(col)
        parsed = _parse(rule.generator_id, rule.effective_params)
        transforms = _rule_transforms(rule)
        if parsed is None or transforms is None:
            return self.default(col)  # the problem is reported by validation
        gen, params = parsed
        locale = normalize_locale(rule.locale) if rule.locale else t.locale
        raw = rule.effective_params if isinstance(rule.effective_params, dict) else {}
        unique = col.name in t.unique_columns
        ctx = t.ctx(col, locale)
        check_column(
            ColumnUnderCheck(
                qualified=f"{t.qualified}.{col.name}",
                column=col,
                generator=gen,
                params=params,
                transforms=transforms,
                ctx=ctx,
                rows=t.rows,
                unique=unique,
                domain=t.constraints.domain(col.name),
                path=path + "/generator",
                enumerable=col.name in t.key_columns,
                params_path=path + rule.params_pointer,
                transforms_path=path + "/transforms",
                disambiguate=bool(rule.disambiguate),
            ),
            self.sink,
        )
        distinct = distinct_per_row(gen, params)
        explanation = f"plan rule {path}"
        if unique and distinct:
            explanation += " (distinct per row by construction)"
        return self.base(
            col,
            action="generate",
            generator=rule.generator_id,
            params=dict(raw),
            locale=locale,
            transforms=list(rule.transforms),
            null_rate=self.null_rate(col, rule),
            unique=unique and not is_derive(gen),
            inputs=derive_inputs(gen, params),
            pii=sorted(gen.pii),
            reason="rule",
            explanation=explanation,
            disambiguate=True if rule.disambiguate else None,
        )

    def order_derive(self, col: Column, order: Order) -> ResolvedColumn:
        s, null_rate = end_suggestion(col, order, null_rule=col.name in self.t.null_rules)
        return self.generated(col, s, null_rate=null_rate)

    def place_before(self, col: Column, order: Order) -> ResolvedColumn | None:
        """The earlier column of an ordering whose later column has a rule."""
        _, rule = self.t.rules[order.later]
        parsed = _parse(rule.generator_id, rule.effective_params)
        if parsed is None:
            return None
        gen, params = parsed
        if col.name in derive_inputs(gen, params):
            return None  # the later column is already derived from this one
        s = before_suggestion(col, order, rule, getattr(params, "min", None))
        return self.generated(col, s) if s is not None else None

    def default(self, col: Column) -> ResolvedColumn:
        t = self.t
        info = self.info(col)
        domain = t.constraints.domain(col.name)
        unique = col.name in t.unique_columns
        d = classify_default(col.default)
        candidates: list[Suggestion] = []
        if col.family == _T.ENUM:
            candidates.append(
                Suggestion("primitive.enum", {}, "enum", 0.95, f"a label of enum {col.enum}")
            )
        if d is not None and d.kind in ("now", "today") and col.family in _TEMPORAL - {_T.TIME}:
            base = t.base_date
            first = base - timedelta(days=730)
            if col.family == _T.DATE:
                params: dict[str, Any] = {"min": first.isoformat(), "max": base.isoformat()}
                gen_id = "primitive.date.range"
            else:
                params = {"min": timestamp_param(first), "max": timestamp_param(base)}
                gen_id = "primitive.timestamp.range"
            why = f"DEFAULT {col.default}: a moment in the 2 years up to base_date"
            candidates.append(Suggestion(gen_id, params, "default_value", 0.8, why))
        if d is not None and d.kind == "uuid" and col.family in (_T.UUID, _T.TEXT):
            why = f"DEFAULT {col.default}: a random UUID"
            candidates.append(Suggestion("primitive.uuid.v4", {}, "default_value", 0.9, why))
        keyed = col.name in t.key_columns
        candidates += suggestions(info, keyed=unique or keyed)
        chosen = self.pick(col, info, candidates, domain, unique, keyed)
        if d is not None and d.kind == "literal" and not unique:
            constant = self.literal(col, d, domain, chosen)
            if constant is not None:
                return constant
        if chosen is None:
            fallback = unique_fallback(info, t.rows) if unique or keyed else None
            more = [fallback] if fallback else []
            chosen = self.pick(col, info, more, domain, unique, keyed)
            if chosen is None and unique:
                # Nothing holds every row (a CHECK allows one value): take the best that fits;
                # the table's max_rows says how many rows it can have, and validation says so.
                chosen = self.pick(col, info, candidates + more, domain, False, True)
        if chosen is None:
            return self.unfillable(col)
        return self.generated(col, chosen)

    def pick(
        self,
        col: Column,
        info: HeuristicInput,
        candidates: list[Suggestion],
        domain: ColumnDomain | None,
        unique: bool,
        keyed: bool = False,
    ) -> Suggestion | None:
        """The first candidate that fits the column (inside its domain, enough values; for a
        column of a multi-column key, values it can enumerate)."""
        t = self.t
        ctx = t.ctx(col, t.locale)
        for cand in candidates:
            fitted = fit_to_domain(cand, domain, info)
            if fitted is None:
                continue
            parsed = _parse(fitted.generator, fitted.params)
            if parsed is None:
                continue
            gen, params = parsed
            if family_mismatch(gen, params, col) is not None:
                continue
            if keyed and cand.reason == "name_heuristic" and self.too_few(col, gen, params, ctx):
                continue  # a realistic short list cannot fill the key: the type default can
            probe = IssueSink()
            check_column(
                ColumnUnderCheck(
                    qualified=f"{t.qualified}.{col.name}",
                    column=col,
                    generator=gen,
                    params=params,
                    transforms=[],
                    ctx=ctx,
                    rows=t.rows,
                    unique=unique,
                    domain=domain,
                    path="probe",
                    enumerable=keyed,
                ),
                probe,
            )
            if probe.has_errors or any(i.code == "value_too_long" for i in probe.issues):
                continue  # a suggestion must fit the column, not be cut to fit
            return fitted
        return None

    def too_few(self, col: Column, gen: Generator[Any], params: Params, ctx: GenContext) -> bool:
        need = self.t.key_room.get(col.name)
        if need is None:
            return False
        try:
            space = gen.value_space(ctx, params)
        except Exception:
            return False
        return space is not None and space < need * COMPOSITE_SLACK

    def literal(
        self,
        col: Column,
        d: SqlDefault,
        domain: ColumnDomain | None,
        chosen: Suggestion | None,
    ) -> ResolvedColumn | None:
        strong = chosen is not None and (
            chosen.reason in ("enum", "check_domain", "default_value")
            or (chosen.reason == "name_heuristic" and chosen.confidence >= _WEAK)
        )
        if strong:
            return None
        labels = self.t.enum_labels(col)
        if labels is not None and str(d.value) not in labels:
            return None
        if domain is not None and d.value is not None and admits(domain, d.value) is False:
            return None
        return self.base(
            col,
            action="constant",
            value=d.value,
            reason="default_value",
            explanation=f"DEFAULT {col.default}: no better choice from the name or type",
        )

    def unfillable(self, col: Column) -> ResolvedColumn:
        where = column_path(self.t.schema_name, self.t.table.name, col.name)
        if col.nullable:
            self.sink.warning(
                "no_generator",
                where,
                f"no generator fits {where} ({col.declared_type}); it is left NULL",
                hint="add a column_generator rule for it",
            )
        else:
            self.sink.error(
                "no_generator",
                where,
                f"no generator fits {where} ({col.declared_type}) and it is NOT NULL",
                hint="add a column_generator rule for it",
            )
        return self.base(
            col, action="constant", value=None, reason="type_default", explanation="NULL"
        )

    def generated(
        self, col: Column, s: Suggestion, *, null_rate: float | None = None
    ) -> ResolvedColumn:
        t = self.t
        parsed = _parse(s.generator, s.params)
        unique = col.name in t.unique_columns
        where = column_path(t.schema_name, t.table.name, col.name)
        inputs: list[str] = []
        pii: list[str] = []
        if parsed is not None:
            gen, params = parsed
            check_column(
                ColumnUnderCheck(
                    qualified=where,
                    column=col,
                    generator=gen,
                    params=params,
                    transforms=[],
                    ctx=t.ctx(col, t.locale),
                    rows=t.rows,
                    unique=unique and not is_derive(gen),
                    domain=t.constraints.domain(col.name),
                    path=where,
                    enumerable=col.name in t.key_columns,
                ),
                self.sink,
            )
            inputs = derive_inputs(gen, params)
            pii = sorted(gen.pii)
            unique = unique and not is_derive(gen)
        t.explanations[col.name] = s
        reason: ColumnReason = s.reason
        return self.base(
            col,
            action="generate",
            generator=s.generator,
            params=dict(s.params),
            locale=t.locale,
            null_rate=self.null_rate(col, None) if null_rate is None else null_rate,
            unique=unique,
            inputs=inputs,
            pii=pii,
            reason=reason,
            explanation=s.why,
        )


def resolve_columns(t: TableInput, sink: IssueSink) -> list[ResolvedColumn]:
    """One :class:`ResolvedColumn` per column of ``t.table``, in ordinal order."""
    r = _ColumnResolver(t, sink)
    out = [r.resolve(col) for col in sorted(t.table.columns, key=lambda c: c.ordinal)]
    out = group_defaults(out, t.schema, t.table)  # cross-column links (see .links)
    check_derive_cycles(t.qualified, out, sink)
    return out
