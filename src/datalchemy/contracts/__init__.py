"""Versioned JSON contracts between the pipeline stages (pydantic models).

``schema.json`` (:mod:`.schema`), ``plan.json`` (:mod:`.plan`), ``generation_report.json``
(:mod:`.report`), the metrics files (:mod:`.metrics`), ``load_report.json`` (:mod:`.load`) and the
connectivity layer's metrics snapshot (:mod:`.db_metrics`). Their JSON Schemas are exported to the
repository's ``schemas/`` folder by :mod:`.export`.

The names below are imported on first use: building pydantic models costs time, and a stage
needs only its own contracts.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datalchemy.contracts.common import ErrorInfo, Issue
    from datalchemy.contracts.db_metrics import DbMetricsSnapshot
    from datalchemy.contracts.load import LoadReport
    from datalchemy.contracts.metrics import EvaluationMetrics, IntrospectionMetrics
    from datalchemy.contracts.plan import Plan
    from datalchemy.contracts.report import GenerationReport
    from datalchemy.contracts.schema import DatabaseSchema

_LAZY = {
    "DatabaseSchema": "schema",
    "DbMetricsSnapshot": "db_metrics",
    "ErrorInfo": "common",
    "EvaluationMetrics": "metrics",
    "GenerationReport": "report",
    "IntrospectionMetrics": "metrics",
    "Issue": "common",
    "LoadReport": "load",
    "Plan": "plan",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'datalchemy.contracts' has no attribute {name!r}")
    return getattr(importlib.import_module(f"datalchemy.contracts.{module}"), name)


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
