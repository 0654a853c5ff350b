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

``generate``, ``evaluate``, ``load`` and ``introspect`` are the functions and, by their dotted
names, the stage packages too (``import datalchemy.generate.engine``); either way
``datalchemy.generate(...)`` runs the stage (see :mod:`datalchemy._stage_package`).

``import datalchemy`` is cheap: each name is imported when it is first used, so the command line
starts in a blink and a script pays only for what it calls.

Example:
    >>> import datalchemy
    >>> datalchemy.DatalchemyError("no_generator", "no generator fits").code
    'no_generator'
    >>> callable(datalchemy.generate)
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from datalchemy._stage_package import export_lazily
from datalchemy._version import __version__

if TYPE_CHECKING:
    from datalchemy import errors
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

#: Where each public name lives (imported on first use).
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        ["create_fixture", "evaluate", "generate", "introspect", "load", "resolve_plan",
         "run_introspect", "suggest_plan", "validate_plan"],
        "datalchemy.api",
    ),
    **dict.fromkeys(
        ["DatabaseSchema", "EvaluationMetrics", "GenerationReport", "IntrospectionMetrics",
         "Issue", "Plan"],
        "datalchemy.contracts",
    ),
    **dict.fromkeys(["ConnectionInfo", "parse_connection", "redact_text"], "datalchemy.db.urls"),
    "DatalchemyError": "datalchemy.errors",
    "EvaluationRun": "datalchemy.evaluate",
    "GenerationRun": "datalchemy.generate",
    "IntrospectionResult": "datalchemy.introspect",
    "IntrospectRun": "datalchemy.introspect",
    "LoadRun": "datalchemy.load",
    "ValidationReport": "datalchemy.plan",
}  # fmt: skip


export_lazily(__name__, {**_LAZY, "errors": "datalchemy.errors"})

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
