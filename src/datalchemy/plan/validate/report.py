"""The validation report, and the two entry points that run the three stages to make it.

- :func:`validate_plan`: every issue of a plan against a schema (:class:`ValidationReport`);
- :func:`resolve_plan`: the resolved plan the engine runs, or
  :class:`~datalchemy.errors.PlanValidationError` with every issue when one is an error.

Resolution itself (:func:`~datalchemy.plan.resolve.build_resolved`) never raises for a bad plan:
it reports into the same issue sink, so validation is its third stage and ``resolve_plan`` is
resolution behind that gate.

Example:
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> report = validate_plan('{"seed": 1', DatabaseSchema(engine="postgres"))
    >>> report.ok, report.issues[0].code
    (False, 'invalid_plan_json')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from datalchemy.contracts.common import Issue
from datalchemy.contracts.plan import Plan, Repair
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import PlanValidationError
from datalchemy.plan._common import IssueSink
from datalchemy.plan.resolve import build_resolved
from datalchemy.plan.validate.limits import check_limits
from datalchemy.plan.validate.references import ReferenceChecker
from datalchemy.plan.validate.structure import parse_plan
from datalchemy.triggers import generation_risks

__all__ = ["ValidationReport", "repair_issue", "resolve_plan", "validate_plan"]


class ValidationReport(BaseModel):
    """Every issue found; ``ok`` when none is an error. ``resolved`` is set when ``ok``.

    Unless strict, repairable problems are repaired (:mod:`datalchemy.plan.repair`): each repair
    is in ``repairs`` and, first in ``issues``, a warning with the problem's code; ``plan`` is
    then the repaired plan (what ``plan fix`` writes), and ``resolved`` its resolution.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    ok: bool
    issues: list[Issue]
    repairs: list[Repair] = Field(default_factory=list)
    resolved: ResolvedPlan | None = Field(None, exclude=True)
    plan: Plan | None = Field(None, exclude=True)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]


def validate_plan(
    plan: Plan | Mapping[str, Any] | str | bytes,
    schema: DatabaseSchema,
    *,
    strict: bool | None = None,
    repair: bool = True,
) -> ValidationReport:
    """Every issue of ``plan`` against ``schema``: structure, references, then resolution.

    The stages are described in :mod:`datalchemy.plan.validate`. Unless strict, the problems
    that have a repair are repaired (:mod:`datalchemy.plan.repair`) and reported as warnings.

    Args:
        plan: JSON text, parsed JSON or a :class:`Plan`.
        schema: the introspected schema.
        strict: turn warnings into errors and refuse every repair (the plan's
            ``options.strict`` also does): the problems are errors, as written.
        repair: False to list the problems as found, without repairing them (warnings stay
            warnings).
    """
    sink = IssueSink()
    parsed = parse_plan(plan, sink)
    if parsed is None:
        return ValidationReport(ok=False, issues=sink.issues)
    strict = bool(strict) or parsed.strict
    if repair and not strict and not sink.has_errors:  # a salvaged plan is listed, not repaired
        return _repaired(parsed, schema)
    checker = ReferenceChecker(parsed, schema, sink)
    checker.run()
    resolved = None
    if parsed.targets:
        resolved, _ = build_resolved(parsed, schema, sink, skip_rules=checker.bad_rules)
    check_limits(parsed, schema, resolved, sink)  # rows and CHECKs no data can meet
    issues = sink.issues
    if strict:
        issues = [
            i.model_copy(update={"severity": "error"}) if i.severity == "warning" else i
            for i in issues
        ]
    if resolved is not None:
        # Facts of the schema, not problems of the plan: warnings even under strict.
        issues = issues + generation_risks(schema, [t.qualified_name for t in resolved.tables])
    ok = not any(i.severity == "error" for i in issues)
    return ValidationReport(
        ok=ok, issues=issues, resolved=resolved if ok else None, plan=parsed if ok else None
    )


def repair_issue(r: Repair) -> Issue:
    """A repair as the warning ``plan validate`` lists (the problem's code, where it is)."""
    return Issue(
        severity="warning",
        code=r.code,
        path=r.path,
        message=f"{r.target}: {r.asked}; repaired ({r.action}): {r.done}",
        hint="--strict refuses repairs (the problem is then an error); `datalchemy plan fix` "
        "writes the repaired plan",
    )


def _repaired(parsed: Plan, schema: DatabaseSchema) -> ValidationReport:
    from datalchemy.plan.repair import repair_plan

    outcome = repair_plan(parsed, schema)
    snap = outcome.snapshot
    limits = IssueSink()  # rows and CHECKs no data can meet: no repair makes them feasible
    check_limits(outcome.plan, schema, snap.resolved, limits)
    issues = [repair_issue(r) for r in outcome.repairs] + snap.issues + limits.issues
    ok = not any(i.severity == "error" for i in issues)
    resolved = None
    if ok and snap.resolved is not None:
        # The plan the user wrote identifies the data: its repairs follow from it and the schema.
        resolved = snap.resolved.model_copy(
            update={
                "plan_fingerprint": parsed.fingerprint(),
                "repairs": list(outcome.repairs) or None,
            }
        )
    return ValidationReport(
        ok=ok,
        issues=issues,
        repairs=outcome.repairs,
        resolved=resolved,
        plan=outcome.plan if outcome.repairs else parsed,
    )


def resolve_plan(
    plan: Plan | dict[str, Any] | str, schema: DatabaseSchema, *, strict: bool | None = None
) -> ResolvedPlan:
    """Validate and resolve ``plan`` against ``schema``, repairs applied unless strict.

    Args:
        plan: a :class:`Plan`, or its JSON (text or parsed).
        schema: the introspected schema.
        strict: treat warnings as errors and refuse repairs (default: the plan's
            ``options.strict``).

    Returns:
        The resolved plan, with the validation warnings in ``warnings`` and the repairs in
        ``repairs``.

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
    # The repairs lead the issues; the resolved plan carries them in ``repairs`` instead.
    warnings = [i for i in report.issues[len(report.repairs) :] if i.severity != "error"]
    return report.resolved.model_copy(update={"warnings": warnings})
