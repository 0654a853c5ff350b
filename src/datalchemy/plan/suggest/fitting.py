"""Put a profile's fitted generators into a suggested plan, never at the cost of its validity.

:func:`apply_profile` replaces each column rule with its fitted version (see
:mod:`.from_profile`), swaps the default fan-out rules for the measured ones, and resolves the
result; a fitted rule that resolution rejects (a measured value a CHECK would refuse, a type
that does not fit) goes back to the suggestion from names and types. The notes say which columns
were fitted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from datalchemy.contracts.plan import ColumnGeneratorRule, Plan, Rule
from datalchemy.contracts.profile import DatabaseProfile
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.plan._common import IssueSink
from datalchemy.plan.resolve import build_resolved
from datalchemy.plan.suggest.from_profile import fit_rules, fitted_rule

if TYPE_CHECKING:
    from datalchemy.plan.suggest.planner import ColumnExplanation

__all__ = ["apply_profile"]

_RULE = re.compile(r"^/rules/(\d+)")
_ROUNDS = 4


def _rejected(plan: Plan, schema: DatabaseSchema) -> set[int]:
    """Indices of the rules that resolution reports an error for."""
    sink = IssueSink()
    build_resolved(plan, schema, sink)
    out = set()
    for issue in sink.issues:
        m = _RULE.match(issue.path or "")
        if issue.severity == "error" and m:
            out.add(int(m.group(1)))
    return out


def apply_profile(
    schema: DatabaseSchema,
    resolved: ResolvedPlan,
    profile: DatabaseProfile,
    rules: list[Rule],
    notes: list[ColumnExplanation],
    make_plan: Callable[[list[Rule]], Plan],
) -> tuple[list[Rule], list[Rule]]:
    """(column rules, fan-out rules) fitted to ``profile``; ``notes`` are updated in place."""
    fitted, fans = fit_rules(resolved, profile)
    new: list[Rule] = []
    for r in rules:
        if (
            isinstance(r, ColumnGeneratorRule)
            and (f"{r.schema_name}.{r.table}", r.column) in fitted
        ):
            pick, null_rate = fitted[(f"{r.schema_name}.{r.table}", r.column)]
            nullable = _nullable(schema, r)
            new.append(fitted_rule(r, pick, null_rate if nullable else None))
        else:
            new.append(r)
    slots: list[Rule | None] = list(fans)
    for _ in range(_ROUNDS):
        bad = _rejected(make_plan([*new, *(f for f in slots if f is not None)]), schema)
        if not bad:
            break
        offset = len(new)
        live = [i for i, f in enumerate(slots) if f is not None]
        for i in bad:
            if i < offset:
                new[i] = rules[i]  # back to the suggestion from names and types
            elif i - offset < len(live):
                slots[live[i - offset]] = None  # back to the default fan-out
    fans = [f for f in slots if f is not None]
    by_column: dict[tuple[str, str], ColumnGeneratorRule] = {
        (f"{r.schema_name}.{r.table}", r.column): r
        for r in new
        if isinstance(r, ColumnGeneratorRule)
    }
    for n in notes:
        kept = by_column.get((n.table, n.column))
        original = fitted.get((n.table, n.column))
        if kept is None or original is None or original[0] is None:
            continue
        if kept.generator_id == original[0][0]:
            n.generator = kept.generator_id
            n.params = dict(kept.effective_params or {})
            n.reason = "profile"
            n.why = f"fitted to the profile ({kept.generator_id})"
            n.confidence = 0.9
        if kept.null_rate is not None:
            n.null_rate = kept.null_rate
    return new, fans


def _nullable(schema: DatabaseSchema, r: ColumnGeneratorRule) -> bool:
    table = schema.find_table(r.schema_name, r.table)
    return table is not None and table.has_column(r.column) and table.column(r.column).nullable
