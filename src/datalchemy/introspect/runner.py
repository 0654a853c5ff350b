"""The introspection run behind :func:`datalchemy.introspect.introspect` (exported lazily by the
package, so importing :mod:`datalchemy.introspect` loads no engine)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from datalchemy.contracts.common import Issue
from datalchemy.contracts.metrics import IntrospectionMetrics
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.db.urls import ConnectionInfo, resolve_connection
from datalchemy.engines import engine_for
from datalchemy.errors import DatalchemyError
from datalchemy.introspect.metrics import schema_metrics
from datalchemy.runs import RunDir, atomic_write_text

__all__ = ["IntrospectRun", "IntrospectionResult", "introspect", "run_introspect"]


@dataclass(frozen=True)
class IntrospectionResult:
    schema: DatabaseSchema
    metrics: IntrospectionMetrics
    warnings: list[Issue]


@dataclass(frozen=True)
class IntrospectRun:
    run_dir: Path
    schema_path: Path
    metrics_path: Path
    result: IntrospectionResult


def introspect(
    conn: str | ConnectionInfo | None = None,
    *,
    schemas: list[str] | None = None,
    include_system_schemas: bool = False,
) -> IntrospectionResult:
    """Read the structure of the database ``conn`` (``DATABASE_URL`` when None); no files written.

    Raises:
        UsageError: no or unrecognised connection string.
        ConnectionFailed: the database cannot be reached.
        InputError: a requested schema does not exist, or the file is not a database.
    """
    info = conn if isinstance(conn, ConnectionInfo) else resolve_connection(conn)
    schema, warnings = engine_for(info).introspect(
        info, schemas=schemas, include_system_schemas=include_system_schemas
    )
    return IntrospectionResult(schema, schema_metrics(schema, warnings), warnings)


def run_introspect(
    conn: str | ConnectionInfo | None = None,
    *,
    schemas: list[str] | None = None,
    include_system_schemas: bool = False,
    run_root: Path | str = "runs",
    out: Path | str | None = None,
) -> IntrospectRun:
    """Introspect and write a run folder: ``schema.json``, ``metrics.json``, ``config.json``,
    ``logs.ndjson``; with ``out``, also copy ``schema.json`` there.

    On failure the folder keeps ``config.json`` and a ``logs.ndjson`` ending in ``run_failed``.
    """
    info = conn if isinstance(conn, ConnectionInfo) else resolve_connection(conn)
    run = RunDir.create(run_root, "introspect")
    run.write_config(
        connection=info.to_config(),
        options={"schemas": schemas, "include_system_schemas": include_system_schemas},
    )
    run.log.event("run_started", run_id=run.run_id, engine=info.engine)
    try:
        with run.log.span("introspection", engine=info.engine) as span:
            result = introspect(
                info, schemas=schemas, include_system_schemas=include_system_schemas
            )
            span.update(tables=result.metrics.counts.tables, warnings=len(result.warnings))
        for w in result.warnings:
            run.log.event("warning", code=w.code, path=w.path, message=w.message)
        schema_text = result.schema.to_json()
        schema_path = run.write_text("schema.json", schema_text)
        run.log.event("schema_written", path=str(schema_path))
        metrics = result.metrics.model_copy(update={"duration_ms": run.elapsed_ms})
        metrics_path = run.write_json("metrics.json", metrics)
        run.log.event("metrics_written", path=str(metrics_path))
        if out is not None:
            atomic_write_text(Path(out), schema_text)
            run.log.event("schema_copied", path=str(out))
    except DatalchemyError as exc:
        run.log.event(
            "run_failed", error_code=exc.code, error=exc.message, duration_ms=run.elapsed_ms
        )
        raise
    except BaseException as exc:
        run.log.event("run_failed", error_code=type(exc).__name__, duration_ms=run.elapsed_ms)
        raise
    run.log.event("run_finished", status="ok", duration_ms=run.elapsed_ms)
    return IntrospectRun(
        run.path,
        schema_path,
        metrics_path,
        IntrospectionResult(result.schema, metrics, result.warnings),
    )
