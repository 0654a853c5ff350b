"""What is left of a plan that broke its contract, so validation can still check the rest.

One misspelled rule type or a seed written as text used to stop validation at the structure
stage, hiding every other problem until that one was fixed. The structure stage still reports
each contract error; :func:`salvage_plan` then sets aside only the parts that broke it (that
rule, that target, an optional section, a placeholder for a bad seed) and returns the rest as a
:class:`Plan` for the reference and resolution stages. The plan stays invalid: its structure
errors are in the report, and nothing is ever generated from a salvaged plan.

Example:
    >>> from pydantic import ValidationError
    >>> raw = {"plan_version": "0.3", "seed": "x",
    ...        "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
    ...        "targets": [{"schema": "main", "table": "t", "rows": 5}],
    ...        "rules": [{"type": "nope"}]}
    >>> try:
    ...     Plan.model_validate(raw)
    ... except ValidationError as exc:
    ...     plan = salvage_plan(raw, exc)
    >>> plan.seed, len(plan.targets), plan.rules
    (0, 1, [])
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from datalchemy.contracts.plan import Plan
from datalchemy.plan._common import IssueSink
from datalchemy.plan.io import MAX_JSON_DEPTH, json_depth

__all__ = ["salvage_plan", "too_deep"]

#: Lists whose items are set aside one by one when an item breaks the contract.
_ITEM_LISTS = ("targets", "rules", "rules_unsupported")
#: Required scalars replaced by a placeholder so the rest can be checked.
_PLACEHOLDERS: dict[str, Any] = {"seed": 0, "plan_version": "0.3"}
_ROUNDS = 8


def _set_aside(raw: dict[str, Any], errors: list[Any]) -> bool:
    """Remove or replace what each error points at; False when nothing could be done."""
    drop: dict[str, set[int]] = {}
    changed = False
    for err in errors:
        loc = tuple(err["loc"])
        if not loc:
            return False
        head = loc[0]
        if head in _ITEM_LISTS and len(loc) > 1 and isinstance(loc[1], int):
            drop.setdefault(str(head), set()).add(loc[1])
        elif head in _PLACEHOLDERS:
            raw[str(head)] = _PLACEHOLDERS[str(head)]
            changed = True
        elif isinstance(head, str) and head in raw and _optional(head):
            del raw[head]
            changed = True
        else:
            return False  # a required section is missing or unusable: nothing to check against
    for key, indexes in drop.items():
        items = raw.get(key)
        if isinstance(items, list):
            raw[key] = [item for i, item in enumerate(items) if i not in indexes]
            changed = True
    return changed


def too_deep(source: str | bytes, sink: IssueSink) -> bool:
    """True (with an ``invalid_plan_json`` issue) when the plan's JSON nests deeper than a plan
    file may: parsing it would exhaust the recursion limit."""
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    depth = json_depth(text)
    if depth <= MAX_JSON_DEPTH:
        return False
    sink.error(
        "invalid_plan_json",
        "/",
        f"the plan nests {depth} levels deep; the most a plan may is {MAX_JSON_DEPTH}",
        hint="this is not a plan datalchemy wrote; `datalchemy plan suggest` writes one",
    )
    return True


def _optional(key: str) -> bool:
    for name, info in Plan.model_fields.items():
        if key in (name, info.alias):
            return not info.is_required()
    return True  # an unknown key: the contract forbids it, the rest does not need it


def salvage_plan(raw: dict[str, Any], error: ValidationError) -> Plan | None:
    """The plan without the parts ``error`` names, or None when a required part is unusable."""
    pruned = copy.deepcopy(raw)
    errors = error.errors()
    for _ in range(_ROUNDS):
        if not _set_aside(pruned, list(errors)):
            return None
        try:
            return Plan.model_validate(pruned)
        except ValidationError as again:
            errors = again.errors()
    return None
