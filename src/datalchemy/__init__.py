"""datalchemy: constraint-correct, deterministic synthetic data from a database's schema.

The public API mirrors the CLI stages::

    import datalchemy

    run = datalchemy.run_introspect("sqlite:///car_rental.db", run_root="runs")  # files
    result = datalchemy.introspect("postgresql://user:pass@host/db")             # in memory
    result.schema.tables  # -> the schema.json contract (datalchemy.DatabaseSchema)

Stages that are not built yet (plan suggestion and validation, generation, evaluation, load)
raise :class:`datalchemy.errors.NotBuiltYet`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from datalchemy import errors
from datalchemy._version import __version__
from datalchemy.contracts import (
    DatabaseSchema,
    EvaluationMetrics,
    GenerationReport,
    IntrospectionMetrics,
    Issue,
    Plan,
)
from datalchemy.db.urls import ConnectionInfo, parse_connection, redact_text
from datalchemy.errors import DatalchemyError
from datalchemy.fixtures import create_fixture
from datalchemy.introspect import IntrospectionResult, IntrospectRun, introspect, run_introspect

__all__ = [
    "ConnectionInfo",
    "DatabaseSchema",
    "DatalchemyError",
    "EvaluationMetrics",
    "GenerationReport",
    "IntrospectRun",
    "IntrospectionMetrics",
    "IntrospectionResult",
    "Issue",
    "Plan",
    "__version__",
    "create_fixture",
    "errors",
    "evaluate",
    "generate",
    "introspect",
    "load",
    "parse_connection",
    "redact_text",
    "run_introspect",
    "suggest_plan",
    "validate_plan",
]


def _not_built(stage: str, issue: int) -> NoReturn:
    raise errors.NotBuiltYet(
        "not_built", f"{stage} is not built yet", hint=f"tracked in issue #{issue}"
    )


def suggest_plan(schema: DatabaseSchema, *, rows: int = 100, locale: str | None = None) -> Plan:
    """Suggest a complete plan for ``schema`` (not built yet: issue #4)."""
    _not_built("plan suggestion", 4)


def validate_plan(plan: Plan, schema: DatabaseSchema, *, strict: bool = False) -> list[Issue]:
    """Validate ``plan`` against ``schema``, returning every issue (not built yet: issue #4)."""
    _not_built("plan validation", 4)


def generate(plan: Plan, schema: DatabaseSchema, out: Path | str, **options: Any) -> Path:
    """Generate the plan's data into ``out`` (not built yet: issue #5)."""
    _not_built("generation", 5)


def evaluate(schema: DatabaseSchema, plan: Plan, data: Path | str) -> EvaluationMetrics:
    """Verify a generated dataset offline (not built yet: issue #7)."""
    _not_built("evaluation", 7)


def load(data: Path | str, schema: DatabaseSchema, conn: str) -> None:
    """Load a generated dataset into a database (not built yet: issue #8)."""
    _not_built("load", 8)
