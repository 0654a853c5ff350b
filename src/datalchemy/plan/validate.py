"""Plan validation: every problem of a plan against a schema, in one pass.

:func:`validate_plan` takes the plan as JSON text, parsed JSON or a :class:`Plan`, and returns a
:class:`ValidationReport` listing every issue with its severity, code, JSON-pointer path, message
and hint. It runs three stages and never stops at the first problem of a stage:

1. **structure**: JSON syntax (``invalid_plan_json``, with line and column) and the plan contract
   (``schema_violation``, one per pydantic error, at the JSON pointer of the offending value);
   a structurally broken plan stops here;
2. **references** (the original's codes, §3.3 of the reference, plus ours): schema reference,
   plan version, targets, rules and what they point to, generator and transform IDs (with
   did-you-mean hints), their params (one issue per problem), locales, unknown option keys;
3. **resolution** (:mod:`.resolve`): each generated column checked against its type, enum,
   lengths, precision and CHECK domains; unique capacity; FK cycles and cardinalities.

``strict`` (or the plan's ``options.strict``) turns warnings into errors.
``docs/plan_generators.md`` lists every code and what to do about it.

Example:
    >>> from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import PlanValidationError
    >>> report = validate_plan('{"seed": 1', DatabaseSchema(engine="postgres"))
    >>> report.ok, report.issues[0].code
    (False, 'invalid_plan_json')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import PlanValidationError
from datalchemy.plan._common import IssueSink, error_pointer
from datalchemy.plan.references import COMPATIBLE_SCHEMA_VERSIONS, ReferenceChecker
from datalchemy.plan.resolve import build_resolved

__all__ = [
    "COMPATIBLE_SCHEMA_VERSIONS",
    "ValidationReport",
    "parse_plan",
    "resolve_plan",
    "validate_plan",
]


class ValidationReport(BaseModel):
    """Every issue found; ``ok`` when none is an error. ``resolved`` is set when ``ok``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    ok: bool
    issues: list[Issue]
    resolved: ResolvedPlan | None = Field(None, exclude=True)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]


# ---------------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------------


def parse_plan(source: Plan | Mapping[str, Any] | str | bytes, sink: IssueSink) -> Plan | None:
    """The plan, or None with ``invalid_plan_json`` / ``schema_violation`` issues in ``sink``."""
    if isinstance(source, Plan):
        return source
    raw: Any = source
    if isinstance(source, (str, bytes)):
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
        return None
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


def validate_plan(
    plan: Plan | Mapping[str, Any] | str | bytes,
    schema: DatabaseSchema,
    *,
    strict: bool | None = None,
) -> ValidationReport:
    """Every issue of ``plan`` against ``schema`` (see the module docstring).

    Args:
        plan: JSON text, parsed JSON or a :class:`Plan`.
        schema: the introspected schema.
        strict: turn warnings into errors (the plan's ``options.strict`` also does).
    """
    sink = IssueSink()
    parsed = parse_plan(plan, sink)
    resolved = None
    if parsed is not None:
        checker = ReferenceChecker(parsed, schema, sink)
        checker.run()
        if parsed.targets:
            resolved, _ = build_resolved(parsed, schema, sink, skip_rules=checker.bad_rules)
        strict = bool(strict) or parsed.strict
    issues = sink.issues
    if strict:
        issues = [
            i.model_copy(update={"severity": "error"}) if i.severity == "warning" else i
            for i in issues
        ]
    ok = not any(i.severity == "error" for i in issues)
    return ValidationReport(ok=ok, issues=issues, resolved=resolved if ok else None)


def resolve_plan(
    plan: Plan | dict[str, Any] | str, schema: DatabaseSchema, *, strict: bool | None = None
) -> ResolvedPlan:
    """Validate and resolve ``plan`` against ``schema``.

    Args:
        plan: a :class:`Plan`, or its JSON (text or parsed).
        schema: the introspected schema.
        strict: treat warnings as errors (default: the plan's ``options.strict``).

    Returns:
        The resolved plan, with the validation warnings in ``warnings``.

    Raises:
        PlanValidationError: ``plan_invalid``, with every issue in ``issues``.
    """
    report = validate_plan(plan, schema, strict=strict)
    if not report.ok or report.resolved is None:
        errors = [i for i in report.issues if i.severity == "error"]
        first = errors[0] if errors else None
        raise PlanValidationError(
            "plan_invalid",
            f"the plan has {len(errors)} error(s)"
            + (f"; first: {first.code} at {first.path}: {first.message}" if first else ""),
            path=first.path if first else None,
            hint="`datalchemy plan validate PLAN --schema schema.json` lists every issue",
            issues=report.issues,
        )
    warnings = [i for i in report.issues if i.severity != "error"]
    return report.resolved.model_copy(update={"warnings": warnings})
