"""datalchemy: constraint-correct, deterministic synthetic data from a database's schema.

The public API mirrors the CLI stages::

    import datalchemy

    run = datalchemy.run_introspect("sqlite:///car_rental.db", run_root="runs")  # files
    result = datalchemy.introspect("postgresql://user:pass@host/db")             # in memory
    result.schema.tables  # -> the schema.json contract (datalchemy.DatabaseSchema)

    plan, notes = datalchemy.suggest_plan(result.schema, rows=1000, locale="pt_BR")
    datalchemy.validate_plan(plan, result.schema).issues   # every problem, coded
    run = datalchemy.generate(plan, result.schema, "out")  # CSV files + generation_report.json
    datalchemy.evaluate(result.schema, plan, run.path)       # metrics.json, report.md/.html
    datalchemy.load(run.path, result.schema, "postgresql://user:pass@host/copy")  # COPY, verified
"""

from __future__ import annotations

from pathlib import Path

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
from datalchemy.evaluate import EvaluationRun
from datalchemy.fixtures import create_fixture
from datalchemy.generate import GenerationRun
from datalchemy.introspect import IntrospectionResult, IntrospectRun, introspect, run_introspect
from datalchemy.load import LoadRun
from datalchemy.plan import ValidationReport, resolve_plan, validate_plan
from datalchemy.plan.suggest import suggest_plan

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


def generate(
    plan: Plan, schema: DatabaseSchema, out: Path | str = "out", *, workers: int = 1
) -> GenerationRun:
    """Resolve ``plan`` against ``schema`` and write its data under ``out``.

    Example:
        >>> import datalchemy  # doctest: +SKIP
        >>> schema = datalchemy.introspect("sqlite:///car_rental.db").schema  # doctest: +SKIP
        >>> plan, _ = datalchemy.suggest_plan(schema, rows=1000)  # doctest: +SKIP
        >>> run = datalchemy.generate(plan, schema, "out")  # doctest: +SKIP
        >>> run.report.status  # doctest: +SKIP
        'ok'
    """
    from datalchemy.generate import run_generation

    return run_generation(resolve_plan(plan, schema), schema, out, workers=workers)


def evaluate(
    schema: DatabaseSchema,
    plan: Plan | None,
    data: Path | str,
    *,
    out: Path | str | None = None,
) -> EvaluationRun:
    """Verify a dataset folder offline (DuckDB over the files) and write its reports.

    Writes ``metrics.json``, ``report.md`` and ``report.html`` into ``data`` (or ``out``).
    See ``docs/evaluation.md``.

    Example:
        >>> ev = datalchemy.evaluate(schema, plan, run.path)  # doctest: +SKIP
        >>> ev.metrics.status, ev.metrics.violations_total  # doctest: +SKIP
        ('ok', 0)
    """
    from datalchemy.evaluate import run_evaluate

    return run_evaluate(schema, plan, Path(data), out_dir=Path(out) if out else None)


def load(
    data: Path | str,
    schema: DatabaseSchema,
    conn: str,
    *,
    mode: str = "append",
    transaction: str = "auto",
    workers: int = 1,
    resume: bool = False,
) -> LoadRun:
    """Load a dataset folder written by :func:`generate` into ``conn`` and verify the counts.

    One transaction by default: a failure leaves the target as it was. See ``docs/loading.md``.

    Example:
        >>> run = datalchemy.load(run.path, schema, "sqlite:///target.db")  # doctest: +SKIP
        >>> run.report.status, run.report.counts_verified  # doctest: +SKIP
        ('ok', True)
    """
    from datalchemy.load import run_load

    return run_load(
        data, schema, conn, mode=mode, transaction=transaction, workers=workers, resume=resume
    )
