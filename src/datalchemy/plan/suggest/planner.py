"""Automatic plans: a complete, valid plan for a schema, with an explanation per column.

:func:`suggest_plan` targets every table (views, partitions and foreign tables excepted) and
writes a rule for every column that needs one:

- rows: ``rows`` (an int, default 100) for every table that no other table references (the
  leaves), or the count given per table (``{"crm.leads": 500}``); the tables they reference get
  ``ceil(children / 5)`` (as many as their one-to-one children), recursively, like the parents
  resolution adds (see :mod:`.rows` and :mod:`datalchemy.plan.resolve.topology`);
- columns: the same choices resolution makes for a column without a rule (see
  :mod:`datalchemy.plan.resolve.columns`):
  CHECK domains and orderings, enums, defaults, then column names in Portuguese and English
  (accents or not, snake or camel case) and types, each with the generator ID from the catalog,
  the reason and a confidence in 0..1. Unique columns get generators whose value space holds
  their rows. Nullable columns get a NULL rate of 0.1 (0.25 for an end date that may be open);
- left to the engine (no rule, explained): foreign keys, identity / serial keys, generated
  columns, and literal defaults kept as constants;
- rows that make sense as rows (see :mod:`datalchemy.plan.resolve.links`): dates ordered by
  meaning, e-mails from the row's names, one place / product per row, statuses weighted by
  meaning; each note lists these ``links``;
- plain many-to-one foreign keys get a Zipf fan-out (``foreign_key_cardinality`` rules, see
  :mod:`.links`).

The schema reference carries the schema's version and fingerprint, so the plan validates with
no warnings against the schema it came from.

Example:
    >>> from datalchemy import create_fixture, introspect
    >>> _ = create_fixture("car-rental", "sqlite://car_rental.db")
    >>> schema = introspect("sqlite://car_rental.db").schema
    >>> plan, notes = suggest_plan(schema, rows=50, locale="pt_BR")
    >>> cpf = next(n for n in notes if n.table == "main.clientes" and n.column == "cpf")
    >>> cpf.generator, cpf.reason, cpf.confidence
    ('semantic.br.cpf', 'name_heuristic', 0.95)
    >>> cpf.why
    'a CPF (Brazilian taxpayer number)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from datalchemy.contracts.plan import (
    PLAN_VERSION,
    ColumnGeneratorRule,
    ForeignKeyCardinalityRule,
    GeneratorSpec,
    GlobalSettings,
    Plan,
    Rule,
    SchemaRef,
    Target,
)
from datalchemy.contracts.profile import DatabaseProfile
from datalchemy.contracts.resolved import ResolvedColumn, ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import UsageError
from datalchemy.plan._common import IssueSink, normalize_locale, valid_locale
from datalchemy.plan.resolve import build_resolved
from datalchemy.plan.resolve.rule_index import find_foreign_key
from datalchemy.plan.suggest.links import column_links, fan_out_rules
from datalchemy.plan.suggest.rows import initial_targets, table_rows

__all__ = ["DEFAULT_SEED", "OPTIONAL_NULL_RATE", "ColumnExplanation", "suggest_plan"]

#: Seed of suggested plans.
DEFAULT_SEED = 42
#: NULL rate suggested for nullable columns.
OPTIONAL_NULL_RATE = 0.1
#: Rounds of lowering rows to what tables' keys can hold (a cap can shrink parents' demands).
_CAPACITY_PASSES = 3


class ColumnExplanation(BaseModel):
    """Why a column gets what the suggested plan gives it."""

    model_config = ConfigDict(extra="forbid")

    table: str
    column: str
    action: str  # rule, foreign_key, identity, constant, omit
    generator: str | None
    params: dict[str, Any]
    reason: str
    why: str
    confidence: float
    null_rate: float = 0.0
    #: Cross-column and cross-table links: what the column reads or agrees with, its fan-out.
    links: list[str] = []


def _resolve_defaults(
    schema: DatabaseSchema, targets: dict[str, int], locale: str, seed: int, base: date | None
) -> tuple[ResolvedPlan, dict[tuple[str, str], float]]:
    """Resolution of a rule-less plan, and the confidence of each default choice."""
    plan = _plan(schema, targets, locale, seed, [], base)
    resolved, explanations = build_resolved(plan, schema, IssueSink())
    if resolved is None:
        raise UsageError("nothing_to_plan", "schema.json has no tables to generate")
    scores = {
        (table, name): round(s.confidence, 2)
        for table, cols in explanations.items()
        for name, s in cols.items()
    }
    return resolved, scores


def _plan(
    schema: DatabaseSchema,
    targets: Mapping[str, int],
    locale: str,
    seed: int,
    rules: list[Rule],
    base: date | None,
) -> Plan:
    return Plan(
        plan_version=PLAN_VERSION,
        seed=seed,
        base_date=base,
        schema_ref=SchemaRef(
            schema_version=schema.schema_version,
            engine=schema.engine,
            schema_fingerprint=schema.fingerprint,
        ),
        **{"global": GlobalSettings(locale=locale)},
        targets=[
            Target(schema_name=s, table=t, rows=n)
            for (s, t), n in ((schema.split_qualified(q), n) for q, n in targets.items())
        ],
        rules=rules,
    )


def _explain(table: str, c: ResolvedColumn, rule: bool, null_rate: float) -> ColumnExplanation:
    action: str = "rule" if rule else c.action
    if c.reason == "identity":
        action = "identity"
    confidence = {
        "foreign_key": 1.0,
        "identity": 1.0,
        "generated_column": 1.0,
        "default_value": 0.5,  # a literal default kept as a constant
        "type_default": 0.1,  # nothing fits: NULL
    }.get(c.reason)
    return ColumnExplanation(
        table=table,
        column=c.name,
        action=action,
        generator=c.generator,
        params=dict(c.params),
        reason=c.reason,
        why=c.explanation,
        confidence=confidence if confidence is not None else 0.0,
        null_rate=null_rate,
    )


def suggest_plan(
    schema: DatabaseSchema,
    *,
    rows: int | Mapping[str, int] = 100,
    default_rows: int = 100,
    locale: str = "pt_BR",
    seed: int = DEFAULT_SEED,
    base_date: date | None = None,
    profile: DatabaseProfile | None = None,
) -> tuple[Plan, list[ColumnExplanation]]:
    """A complete plan for ``schema`` and an explanation per column.

    Args:
        schema: the introspected schema.
        rows: rows of every leaf table (an int), or per table (``{"schema.table": n}``; a bare
            table name works when it is unique); unlisted leaves get ``default_rows``.
        default_rows: leaf rows when ``rows`` is a mapping.
        locale: the plan's locale (``pt_BR`` picks Brazilian generators).
        seed: the plan's seed.
        base_date: "today" for the data; default: the date the suggestion runs, recorded in
            the plan (so the plan reproduces forever, and CHECKs that compare with
            ``CURRENT_DATE`` hold when the data is loaded within
            :data:`~datalchemy.constraints.checks.TIME_MARGIN_DAYS` days).
        profile: safe statistics of a real database (``datalchemy profile``): its tables keep
            their row counts unless ``rows`` names them (an int ``rows`` then only sizes the
            others), and generators are fitted to it (see :mod:`.from_profile`).

    Raises:
        UsageError: a ``rows`` entry names no table, or a count below 1.
    """
    if not valid_locale(locale):
        raise UsageError(
            "unsupported_locale",
            f"locale {locale!r} is not known",
            hint="use pt_BR, en_US or another Faker locale",
        )
    locale = normalize_locale(locale)
    base_date = base_date or date.today()  # the one clock read: recorded in the plan
    explicit, default = table_rows(schema, rows, default_rows)
    if profile is not None:
        for tp in profile.tables:
            table = schema.find_table(tp.schema_name, tp.table)
            if table is not None and table.is_generation_target and tp.rows > 0:
                explicit.setdefault(tp.qualified_name, tp.rows)
    if default <= 0:
        raise UsageError("rows_zero", f"rows must be at least 1, not {default}")
    targets = initial_targets(schema, explicit, default)
    resolved, scores = _resolve_defaults(schema, targets, locale, seed, base_date)
    generated = {t.qualified_name for t in resolved.tables}
    unreached = [
        f"{s.name}.{t.name}"
        for s, t in schema.iter_tables()
        if t.is_generation_target and f"{s.name}.{t.name}" not in generated
    ]
    if unreached:  # tables in cycles that no leaf reaches
        for q in unreached:
            targets[q] = explicit.get(q, default)
        resolved, scores = _resolve_defaults(schema, targets, locale, seed, base_date)
    for _ in range(_CAPACITY_PASSES):
        # A table whose keys hold fewer rows than asked (a one-row lock table, a key on a
        # constant) gets what its keys hold, so that the suggestion never fails its own checks.
        capped = {
            t.qualified_name: t.max_rows
            for t in resolved.tables
            if t.max_rows is not None and 0 < t.max_rows < t.rows
        }
        if not capped:
            break
        targets.update(capped)
        resolved, scores = _resolve_defaults(schema, targets, locale, seed, base_date)
    rules: list[Rule] = []
    notes: list[ColumnExplanation] = []
    final_rows: dict[str, int] = {}
    fan_out, fan_notes = fan_out_rules(resolved)
    # An FK declared on one partition binds only that partition's rows: a rule cannot name it.
    fan_out = [r for r in fan_out if _declared_fk(schema, r)]
    for t in resolved.tables:
        final_rows[t.qualified_name] = t.rows
        for c in t.columns:
            wants_rule = c.action == "generate" and c.reason != "identity"
            null_rate = c.null_rate
            if wants_rule and null_rate == 0 and _optional(schema, t.schema_name, t.table, c):
                null_rate = OPTIONAL_NULL_RATE
            note = _explain(t.qualified_name, c, wants_rule, null_rate)
            note.confidence = scores.get((t.qualified_name, c.name), note.confidence)
            note.links = column_links(c)
            fan = fan_notes.get(f"{t.qualified_name}.{c.name}")
            if fan:
                note.links.append(fan)
            notes.append(note)
            if not wants_rule or c.generator is None:
                continue
            spec = GeneratorSpec(id=c.generator, params=dict(c.params) or None)
            rules.append(
                ColumnGeneratorRule(
                    schema_name=t.schema_name,
                    table=t.table,
                    column=c.name,
                    generator=spec,
                    null_rate=null_rate or None,
                )
            )
    if profile is not None:
        from datalchemy.plan.suggest.fitting import apply_profile  # DuckDB only when fitting

        make = _plan_factory(schema, final_rows, locale, seed, base_date)
        rules, measured = apply_profile(schema, resolved, profile, rules, notes, make)
        fans: list[Rule] = _merge_fans(fan_out, measured)
    else:
        fans = list(fan_out)
    plan = _plan(schema, final_rows, locale, seed, [*rules, *fans], base_date)
    return plan, notes


def _fk_of(rule: Rule) -> tuple[str, str, str]:
    assert isinstance(rule, ForeignKeyCardinalityRule)
    return rule.schema_name, rule.table, rule.foreign_key or ",".join(rule.columns or [])


def _merge_fans(defaults: list[ForeignKeyCardinalityRule], measured: list[Rule]) -> list[Rule]:
    """The measured fan-outs, and the default one of every FK the profile did not measure."""
    have = {_fk_of(r) for r in measured}
    return [*measured, *(r for r in defaults if _fk_of(r) not in have)]


def _plan_factory(
    schema: DatabaseSchema,
    rows: dict[str, int],
    locale: str,
    seed: int,
    base: date | None,
) -> Callable[[list[Rule]], Plan]:
    def make(rules: list[Rule]) -> Plan:
        return _plan(schema, rows, locale, seed, rules, base)

    return make


def _declared_fk(schema: DatabaseSchema, rule: ForeignKeyCardinalityRule) -> bool:
    table = schema.find_table(rule.schema_name, rule.table)
    return table is not None and find_foreign_key(table, rule) is not None


def _optional(schema: DatabaseSchema, sname: str, tname: str, c: ResolvedColumn) -> bool:
    table = schema.find_table(sname, tname)
    if table is None or not table.has_column(c.name) or c.unique:
        return False
    col = table.column(c.name)
    in_key = any(c.name in u.columns for u in table.uniques) or (
        table.primary_key is not None and c.name in table.primary_key.columns
    )
    return col.nullable and not in_key and not c.inputs
