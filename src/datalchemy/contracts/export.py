"""Export the contracts' JSON Schemas to ``schemas/`` (``python -m datalchemy.contracts.export``).

A test compares the committed files with :func:`render_all`, so the files cannot drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from datalchemy.contracts.db_metrics import DbMetricsSnapshot
from datalchemy.contracts.load import LoadReport
from datalchemy.contracts.metrics import EvaluationMetrics, IntrospectionMetrics
from datalchemy.contracts.plan import Plan
from datalchemy.contracts.profile import DatabaseProfile, SimilarityReport
from datalchemy.contracts.report import GenerationReport
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema

__all__ = ["CONTRACTS", "render_all", "write_all"]

#: File name in ``schemas/`` → model.
CONTRACTS: dict[str, type[BaseModel]] = {
    "schema.schema.json": DatabaseSchema,
    "plan.schema.json": Plan,
    "resolved_plan.schema.json": ResolvedPlan,
    "generation_report.schema.json": GenerationReport,
    "introspection_metrics.schema.json": IntrospectionMetrics,
    "evaluation_metrics.schema.json": EvaluationMetrics,
    "db_metrics.schema.json": DbMetricsSnapshot,
    "load_report.schema.json": LoadReport,
    "profile.schema.json": DatabaseProfile,
    "similarity.schema.json": SimilarityReport,
}


def render_all() -> dict[str, str]:
    """The JSON Schema text of every contract, by file name."""
    out: dict[str, str] = {}
    for filename, model in CONTRACTS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[filename] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def write_all(directory: Path) -> list[Path]:
    """Write every contract's JSON Schema into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in render_all().items():
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schemas")
    for p in write_all(target):
        print(p)
