"""Versioned JSON contracts between the pipeline stages (pydantic models).

``schema.json`` (:mod:`.schema`), ``plan.json`` (:mod:`.plan`), ``generation_report.json``
(:mod:`.report`) and the metrics files (:mod:`.metrics`). Their JSON Schemas are exported to the
repository's ``schemas/`` folder by :mod:`.export`.
"""

from datalchemy.contracts.common import ErrorInfo, Issue
from datalchemy.contracts.metrics import EvaluationMetrics, IntrospectionMetrics
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.report import GenerationReport
from datalchemy.contracts.schema import DatabaseSchema

__all__ = [
    "DatabaseSchema",
    "ErrorInfo",
    "EvaluationMetrics",
    "GenerationReport",
    "IntrospectionMetrics",
    "Issue",
    "Plan",
]
