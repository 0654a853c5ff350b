"""Validation stage 1: the plan's structure (JSON syntax, then the plan contract).

Codes: ``invalid_plan_json`` (with line and column), ``schema_violation`` (one per pydantic
error, at the JSON pointer of the offending value) and ``schema_validation_error`` (the contract
itself failed). A plan that fails here is not checked further.

Example:
    >>> sink = IssueSink()
    >>> parse_plan('{"plan_version": "0.3", "seed": "x"}', sink) is None
    True
    >>> [(i.code, i.path) for i in sink.issues]
    [('schema_violation', '/seed'), ('schema_violation', '/schema_ref'), ('schema_violation', '/targets')]
"""  # noqa: E501

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from datalchemy.contracts.plan import Plan
from datalchemy.plan._common import IssueSink, error_pointer
from datalchemy.plan.validate.salvage import salvage_plan, too_deep

__all__ = ["parse_plan"]


def parse_plan(source: Plan | Mapping[str, Any] | str | bytes, sink: IssueSink) -> Plan | None:
    """The plan, or None with ``invalid_plan_json`` / ``schema_violation`` issues in ``sink``."""
    if isinstance(source, Plan):
        return source
    raw: Any = source
    if isinstance(source, (str, bytes)):
        if too_deep(source, sink):  # before json.loads, which recurses (plan/io.py)
            return None
        try:
            raw = json.loads(source)
        except json.JSONDecodeError as exc:
            sink.error(
                "invalid_plan_json",
                "/",
                f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                hint="fix the JSON syntax (a missing comma or quote, a trailing comma)",
            )
            return None
    if not isinstance(raw, dict):
        sink.error(
            "invalid_plan_json",
            "/",
            f"the plan must be a JSON object, not {type(raw).__name__}",
            hint='a plan starts with {"plan_version": ..., "seed": ..., ...}',
        )
        return None
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            where = error_pointer(raw, tuple(err["loc"]), err["type"])
            sink.error("schema_violation", where, err["msg"], hint=_violation_hint(err["type"]))
        return salvage_plan(raw, exc)  # the rest is still checked (salvage.py)
    except Exception as exc:  # the contract itself failed: a bug, reported as the original did
        sink.error("schema_validation_error", "/", f"the plan contract could not run: {exc}")
        return None


def _violation_hint(kind: str) -> str | None:
    return {
        "missing": "add the required key",
        "extra_forbidden": "remove the key",
        "union_tag_invalid": "rule types: column_generator, constraint_policy, "
        "foreign_key_strategy, foreign_key_cardinality, column_null_rate",
        "union_tag_not_found": "every rule needs a type",
    }.get(kind)
