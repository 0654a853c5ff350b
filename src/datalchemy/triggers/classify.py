"""Facts of a trigger body → its classification, and the constraints it enforces.

The rejection conditions go through :func:`~datalchemy.triggers.conditions.read_condition`:
emulated foreign keys become :class:`ForeignKey`\\ s (``enforced_by`` names the trigger), row
checks become :class:`CheckConstraint`\\ s of level ``trigger``. The classification is the first
that applies, most serious first:

1. ``rejects_rows``: it calls functions the database does not define, or rejects rows by a
   condition that is neither a parent lookup nor a check on the row;
2. ``unrecognized``: part of the body could not be read;
3. ``writes_other_tables``: it inserts, updates or deletes rows of other tables (or inserts
   into its own);
4. ``rewrites_row``: it changes the row it fires for;
5. ``emulated_foreign_key`` / ``row_check``: all it does is reject rows the recorded
   constraints already keep out;
6. ``no_effect``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from datalchemy.contracts.schema import CheckConstraint, ForeignKey, TriggerClass
from datalchemy.triggers.conditions import (
    CheckFinding,
    FkFinding,
    TableContext,
    read_condition,
)
from datalchemy.triggers.model import BodyFacts
from datalchemy.triggers.risks import UNDEFINED_FUNCTION

__all__ = ["UNDEFINED_FUNCTION", "TriggerAnalysis", "classify"]


@dataclass
class TriggerAnalysis:
    classification: TriggerClass
    reason: str
    writes: list[str] = field(default_factory=list)
    """``schema.table`` of the tables written (as written when the table is not known)."""
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    checks: list[CheckConstraint] = field(default_factory=list)


def classify(trigger: str, facts: BodyFacts, ctx: TableContext) -> TriggerAnalysis:
    """Classify the trigger called ``trigger`` of ``ctx.table`` from what its body does."""
    enforced_by = f"trigger {trigger}"
    fks: list[FkFinding] = []
    checks: list[CheckFinding] = []
    opaque: list[str] = []
    for rejection in facts.rejections:
        if rejection.condition is None:
            opaque.append(rejection.why or "under a condition not read")
            continue
        found = read_condition(rejection.condition, ctx)
        if isinstance(found, FkFinding):
            if found not in fks:
                fks.append(found)
        elif isinstance(found, CheckFinding):
            if found not in checks:
                checks.append(found)
        else:
            opaque.append(found.why)
    writes = [_qualified(name, ctx) for name in facts.writes]
    parts: list[str] = []
    if facts.unknown_functions:
        called = ", ".join(f"{f}()" for f in facts.unknown_functions)
        parts.append(
            f"calls {called}, {UNDEFINED_FUNCTION} (an application function): every statement "
            "that reaches it fails"
        )
    parts += [f"rejects rows {why}" for why in dict.fromkeys(opaque)]
    if facts.unrecognized:
        parts.append("does what datalchemy cannot read: " + "; ".join(facts.unrecognized[:3]))
    if writes:
        parts.append("writes " + ", ".join(writes))
    if facts.inserts_own_table:
        parts.append("inserts rows into its own table")
    parts += list(dict.fromkeys(facts.rewrites))
    foreign_keys = _foreign_keys(trigger, fks, ctx, enforced_by)
    constraints = _checks(trigger, checks, enforced_by) + _not_null_checks(
        trigger, fks, ctx, enforced_by
    )
    for fk in fks:
        parts.append(
            f"rejects rows without a parent: ({', '.join(fk.columns)}) -> "
            f"{fk.parent_schema}.{fk.parent_table}({', '.join(fk.parent_columns)})"
        )
    parts += [f"rejects rows unless {c.expression}" for c in checks]
    if facts.unknown_functions or opaque:
        kind: TriggerClass = "rejects_rows"
    elif facts.unrecognized:
        kind = "unrecognized"
    elif writes or facts.inserts_own_table:
        kind = "writes_other_tables"
    elif facts.rewrites:
        kind = "rewrites_row"
    elif fks:
        kind = "emulated_foreign_key"
    elif checks:
        kind = "row_check"
    else:
        kind = "no_effect"
        parts.append("neither rejects, changes nor writes rows")
    return TriggerAnalysis(kind, "; ".join(parts), writes, foreign_keys, constraints)


def _qualified(name: str, ctx: TableContext) -> str:
    found = ctx.lookup(name)
    return f"{found[0]}.{found[1].name}" if found else name


def _foreign_keys(
    trigger: str, fks: list[FkFinding], ctx: TableContext, enforced_by: str
) -> list[ForeignKey]:
    out = []
    for fk in fks:
        name = trigger if len(fks) == 1 else f"{trigger}_{'_'.join(fk.columns)}"
        out.append(
            ForeignKey(
                name=name,
                columns=fk.columns,
                referenced_schema=fk.parent_schema,
                referenced_table=fk.parent_table,
                referenced_columns=fk.parent_columns,
                enforced_by=enforced_by,
            )
        )
    return out


def _checks(trigger: str, checks: list[CheckFinding], enforced_by: str) -> list[CheckConstraint]:
    return [
        CheckConstraint(
            name=trigger if len(checks) == 1 else f"{trigger}_{i}",
            expression=c.expression,
            columns=c.columns,
            level="trigger",
            enforced_by=enforced_by,
        )
        for i, c in enumerate(checks, start=1)
    ]


def _not_null_checks(
    trigger: str, fks: list[FkFinding], ctx: TableContext, enforced_by: str
) -> list[CheckConstraint]:
    """A parent lookup without an ``IS NOT NULL`` guard rejects NULL too (no parent has it)."""
    out = []
    for fk in fks:
        for column in fk.columns:
            if column in fk.nulls_pass or not ctx.table.column(column).nullable:
                continue
            quoted = '"' + column.replace('"', '""') + '"'
            out.append(
                CheckConstraint(
                    name=f"{trigger}_{column}_not_null",
                    expression=f"{quoted} IS NOT NULL",
                    columns=[column],
                    level="trigger",
                    enforced_by=enforced_by,
                )
            )
    return out
