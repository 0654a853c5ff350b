"""datalchemy: constraint-correct, deterministic synthetic data from a database's schema.

The public API mirrors the CLI stages (the functions live in :mod:`datalchemy.api`)::

    import datalchemy

    run = datalchemy.run_introspect("sqlite://car_rental.db", run_root="runs")  # files
    result = datalchemy.introspect("postgresql://user:pass@host/db")           # in memory
    result.schema.tables  # -> the schema.json contract (datalchemy.DatabaseSchema)

    plan, notes = datalchemy.suggest_plan(result.schema, rows=1000, locale="pt_BR")
    datalchemy.validate_plan(plan, result.schema).issues   # every problem, coded
    run = datalchemy.generate(plan, result.schema, "out")  # CSV files + generation_report.json
    datalchemy.evaluate(result.schema, plan, run.path)       # metrics.json, report.md/.html
    datalchemy.load(run.path, result.schema, "postgresql://user:pass@host/copy")  # COPY, verified

``generate``, ``evaluate``, ``load`` and ``introspect`` here are the functions; the stage
packages of the same names stay importable by their dotted names (see :mod:`datalchemy.api`).

Example:
    >>> import datalchemy
    >>> datalchemy.generate is datalchemy.api.generate
    True
    >>> datalchemy.DatalchemyError("no_generator", "no generator fits").code
    'no_generator'
"""

from __future__ import annotations

from datalchemy import errors
from datalchemy._version import __version__
from datalchemy.api import (
    create_fixture,
    evaluate,
    generate,
    introspect,
    load,
    resolve_plan,
    run_introspect,
    suggest_plan,
    validate_plan,
)
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
from datalchemy.evaluate import EvaluationRun
from datalchemy.generate import GenerationRun
from datalchemy.introspect import IntrospectionResult, IntrospectRun
from datalchemy.load import LoadRun
from datalchemy.plan import ValidationReport

__all__ = [
    "ConnectionInfo",
    "DatabaseSchema",
    "DatalchemyError",
    "EvaluationMetrics",
    "EvaluationRun",
    "GenerationReport",
    "GenerationRun",
    "IntrospectRun",
    "IntrospectionMetrics",
    "IntrospectionResult",
    "Issue",
    "LoadRun",
    "Plan",
    "ValidationReport",
    "__version__",
    "create_fixture",
    "errors",
    "evaluate",
    "generate",
    "introspect",
    "load",
    "parse_connection",
    "redact_text",
    "resolve_plan",
    "run_introspect",
    "suggest_plan",
    "validate_plan",
]
