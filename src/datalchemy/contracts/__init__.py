"""Versioned JSON contracts between the pipeline stages (pydantic models).

``schema.json`` (:mod:`.schema`), ``plan.json`` (:mod:`.plan`), ``generation_report.json``
(:mod:`.report`), the metrics files (:mod:`.metrics`), ``load_report.json`` (:mod:`.load`) and the
connectivity layer's metrics snapshot (:mod:`.db_metrics`). Their JSON Schemas are exported to the
repository's ``schemas/`` folder by :mod:`.export`.
"""

from datalchemy.contracts.common import ErrorInfo, Issue
from datalchemy.contracts.db_metrics import DbMetricsSnapshot
from datalchemy.contracts.load import LoadReport
from datalchemy.contracts.metrics import EvaluationMetrics, IntrospectionMetrics
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.report import GenerationReport
from datalchemy.contracts.schema import DatabaseSchema

__all__ = [
    "DatabaseSchema",
    "DbMetricsSnapshot",
    "ErrorInfo",
    "EvaluationMetrics",
    "GenerationReport",
    "IntrospectionMetrics",
    "Issue",
    "LoadReport",
    "Plan",
]
