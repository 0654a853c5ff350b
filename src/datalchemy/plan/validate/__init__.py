"""Plan validation: every problem of a plan against a schema, in one pass.

:func:`validate_plan` takes the plan as JSON text, parsed JSON or a :class:`Plan`, and returns a
:class:`ValidationReport` listing every issue with its severity, code, JSON-pointer path, message
and hint. It runs three stages and never stops at the first problem of a stage:

1. **structure** (:mod:`.structure`): JSON syntax (``invalid_plan_json``, with line and column)
   and the plan contract (``schema_violation``, one per pydantic error, at the JSON pointer of
   the offending value); a structurally broken plan stops here;
2. **references** (:mod:`.references`, column rules in :mod:`.rule_checks`; the original's
   codes, §3.3 of the reference, plus ours): schema reference, plan version, targets, rules and
   what they point to, generator and transform IDs (with did-you-mean hints), their params (one
   issue per problem), locales, unknown option keys;
3. **resolution** (:mod:`datalchemy.plan.resolve`): each generated column checked against its
   type, enum, lengths, precision and CHECK domains; unique capacity; FK cycles and cardinalities.

``strict`` (or the plan's ``options.strict``) turns warnings into errors. :func:`resolve_plan`
runs the same stages and returns the resolved plan, or raises with every issue (:mod:`.report`).
``docs/plan_generators.md`` lists every code and what to do about it.

Example:
    >>> from datalchemy.contracts.schema import DatabaseSchema
    >>> report = validate_plan('[]', DatabaseSchema(engine="postgres"))
    >>> report.ok, [(i.code, i.message) for i in report.errors]
    (False, [('invalid_plan_json', 'the plan must be a JSON object, not list')])
"""

from datalchemy.plan.validate.references import COMPATIBLE_SCHEMA_VERSIONS
from datalchemy.plan.validate.report import ValidationReport, resolve_plan, validate_plan
from datalchemy.plan.validate.structure import parse_plan

__all__ = [
    "COMPATIBLE_SCHEMA_VERSIONS",
    "ValidationReport",
    "parse_plan",
    "resolve_plan",
    "validate_plan",
]
