"""The repair loop: validate, repair what can be repaired, validate again, until nothing changes.

Each pass validates the plan (:func:`~.context.snapshot`), hands every repairable issue to its
repair (rules in index order, one repair per rule and pass; keys of several columns after the
rules), and validates the result. A repair replaces a rule in place (or appends one), so every
JSON pointer of the plan keeps its meaning. The loop stops when a pass finds nothing to repair
or repairs nothing, after at most :data:`MAX_PASSES` passes; what is left stays an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import Plan, Repair
from datalchemy.contracts.resolved import ResolvedColumn
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.plan.repair.context import RuleSite, Snapshot, rule_index, snapshot
from datalchemy.plan.repair.fit import (
    Fixed,
    check_domain,
    enum_labels,
    fit_length,
    numeric_width,
    type_mismatch,
)
from datalchemy.plan.repair.unique import capacity, key_capacity, lower_rows, transform_collision

__all__ = ["MAX_PASSES", "REPAIRS", "RepairOutcome", "repair_plan", "repairable"]

#: Passes of the loop (a repair can reveal another: a converted generator may need numbering).
MAX_PASSES = 5

Repairer = Callable[[RuleSite, Issue, ResolvedColumn | None], Fixed | None]

#: The repair of each code on a rule, in the order they are tried when a rule has several.
REPAIRS: dict[str, Repairer] = {
    "generator_type_mismatch": type_mismatch,
    "enum_label_invalid": enum_labels,
    "check_unsatisfiable": check_domain,
    "numeric_out_of_range": numeric_width,
    "unique_capacity": capacity,
    "unique_transform_collision": transform_collision,
    "value_too_long": fit_length,
}
#: Warnings that are repaired too: left alone, they cut values or make duplicate keys.
_WARNINGS = frozenset({"value_too_long", "unique_transform_collision", "unique_capacity_tight"})
#: Codes repaired on a table (keys of several columns).
_TABLE_CODES = frozenset({"unique_capacity", "unique_capacity_tight"})


def repairable(issue: Issue) -> bool:
    """Whether the repair loop has an answer for this issue (``--strict`` refuses them all)."""
    if issue.severity != "error" and issue.code not in _WARNINGS:
        return False
    if rule_index(issue.path) is not None:
        return issue.code in REPAIRS
    return issue.code in _TABLE_CODES


@dataclass
class RepairOutcome:
    """The repaired plan (``repairs`` filled in), what was done, and its last validation."""

    plan: Plan
    repairs: list[Repair]
    snapshot: Snapshot


def repair_plan(plan: Plan, schema: DatabaseSchema) -> RepairOutcome:
    """Repair every issue of ``plan`` that has a repair (see :mod:`datalchemy.plan.repair`).

    Deterministic: the same plan and schema give the same repaired plan.
    """
    repairs: list[Repair] = []
    snap = snapshot(plan, schema)
    for _ in range(MAX_PASSES):
        todo = [i for i in snap.issues if repairable(i)]
        if not todo:
            break
        current, done = _one_pass(snap, todo)
        if not done:
            break
        repairs += done
        snap = snapshot(current, schema)
    repaired = snap.plan.model_copy(update={"repairs": repairs or None})
    return RepairOutcome(repaired, repairs, snap)


def _one_pass(snap: Snapshot, todo: list[Issue]) -> tuple[Plan, list[Repair]]:
    """Repair what one validation found: rules first (the first repair that applies to each),
    then keys of several columns, then tables whose unique column could not be numbered."""
    by_rule: dict[int, list[Issue]] = {}
    on_tables: list[Issue] = []
    for issue in todo:
        index = rule_index(issue.path)
        if index is None:
            on_tables.append(issue)
        else:
            by_rule.setdefault(index, []).append(issue)
    defaults = snap.column_defaults(set(by_rule))
    rules = list(snap.plan.rules)
    done: list[Repair] = []
    short: list[tuple[RuleSite, Issue]] = []
    order = list(REPAIRS)
    for index in sorted(by_rule):
        site = RuleSite.find(snap, index)
        if site is None:
            continue
        for issue in sorted(by_rule[index], key=lambda i: (order.index(i.code), i.path or "")):
            fixed = REPAIRS[issue.code](site, issue, defaults.get(index))
            if fixed is not None:
                rules[index] = fixed[0]
                done.append(fixed[1])
                break
            if issue.code == "unique_capacity":
                short.append((site, issue))
    plan = snap.plan.model_copy(update={"rules": rules})
    touched: set[str] = set()
    for issue in on_tables:
        table = (issue.path or "").split(" ", 1)[0]
        if table in touched:
            continue
        result = key_capacity(snap, issue, plan)
        if result is not None:
            plan, more = result
            done += more
            touched.add(table)
    for site, issue in short:  # a unique column that cannot be numbered: fewer rows
        rt = site.resolved_table
        if rt is None or rt.qualified_name in touched:
            continue
        lowered = lower_rows(snap, rt, issue, plan)
        if lowered is not None:
            plan, more = lowered
            done += more
            touched.add(rt.qualified_name)
    return plan, done
