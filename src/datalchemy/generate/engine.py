"""Run a resolved plan: tables in order, blocks in order, files streamed, report always written.

Output goes to ``<out>/<UTC timestamp>__generate_<id>.partial/`` and the folder is renamed without
``.partial`` only when every table is complete. ``resolved_plan.json`` is written first;
``generation_report.json`` is written at the end whatever happens (status ``ok``, ``failed`` or
``interrupted``). Blocks are computed by an executor (:mod:`.executors`): inline, local worker
processes (``workers > 1``) or a Dask cluster; workers write part files that are appended in block
order, so the bytes are the same for any worker count and any cluster.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

from datalchemy import gc_pause
from datalchemy.contracts.common import ErrorInfo, Issue
from datalchemy.contracts.report import (
    BrokenCycleEdge,
    CheckReport,
    ColumnUsage,
    GenerationReport,
    OutputFile,
    TableReport,
)
from datalchemy.contracts.resolved import ResolvedPlan, ResolvedTable
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.determinism import ALGORITHM_VERSION
from datalchemy.errors import DatalchemyError, GenerationError, Interrupted, UsageError
from datalchemy.generate.avoid import prepare_run
from datalchemy.generate.executors import Executor, Inline, LocalProcesses
from datalchemy.generate.existing import ExistingData
from datalchemy.generate.model import BlockResult, PlanModel
from datalchemy.generate.output import Output, is_url, open_output
from datalchemy.generate.parts import PARTS_DIR, BlockMeta
from datalchemy.generate.sinks import Sink, open_sink
from datalchemy.generate.space import check_free_space
from datalchemy.generate.verify_with import require_verifiable
from datalchemy.runs import Terminated, peak_rss_bytes, sigterm_raises, utc_now_iso

__all__ = ["BLOCK_SIZE", "GenerationRun", "run_generation"]

#: Rows per block: part of the determinism contract only through the file layout (Parquet row
#: groups); values never depend on it.
BLOCK_SIZE = 65_536

#: Progress callback: (table, rows written, rows requested).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class GenerationRun:
    """A finished run: its folder and report. ``location`` is the folder as given (a local path
    or an fsspec URL); ``path`` is the same folder as a local path (meaningless for a URL)."""

    path: Path
    report: GenerationReport
    location: str = ""


# -------------------------------------------------------------------- the run


def run_generation(
    resolved: ResolvedPlan,
    schema: DatabaseSchema,
    out_root: Path | str,
    *,
    workers: int = 1,
    cluster: str | None = None,
    progress: Progress | None = None,
    existing: ExistingData | None = None,
    verify_with: str | None = None,
    force: bool = False,
) -> GenerationRun:
    """Generate every table of ``resolved`` into a new dataset folder under ``out_root``.

    Args:
        resolved: the resolved plan.
        schema: the schema it was resolved against.
        out_root: a local folder, or an fsspec URL (``s3://bucket/path``; needs ``cluster``
            workers that can reach it and the file system's package).
        workers: local worker processes (ignored with ``cluster``).
        cluster: ``local``, ``local:N`` or a Dask scheduler address (``tcp://host:8786``): the
            blocks run as Dask tasks (needs ``datalchemy[dask]``). The bytes are the same.
        progress: called with (table, rows written, rows requested).
        existing: what the target already holds (:func:`~.existing.read_existing`): keys and
            unique values avoid it (see :mod:`.avoid`).
        verify_with: a PostgreSQL database holding the schema: the CHECKs DuckDB cannot evaluate
            (application functions) are evaluated by it on every block, in rolled-back
            read-only statements (:mod:`.verify_with`); nothing is written there.
        force: start even when the estimated size exceeds the output's free space.

    Raises the error that stopped the run (:class:`GenerationError`, :class:`Interrupted`, ...)
    after writing ``generation_report.json`` into the ``.partial`` folder.
    """
    gc_pause.resume()  # the command line paused the collector while it started
    if not is_url(out_root):  # before anything is written (generate/space.py)
        local = str(out_root).removeprefix("file://")
        check_free_space(resolved, schema, Path(local), force=force)
    if verify_with is not None:
        require_verifiable(verify_with)  # before any folder exists
    # Fixes every worker applies (rows held in the target, values a transform repeats).
    resolved, held = prepare_run(resolved, schema, existing)
    started = datetime.now(UTC)
    run_id = os.urandom(4).hex()
    output = open_output(out_root, f"{started.strftime('%Y-%m-%dT%H-%M-%SZ')}__generate_{run_id}")
    log = output.log
    output.write_text(
        "resolved_plan.json", resolved.model_dump_json(by_alias=True, indent=2) + "\n"
    )
    report = GenerationReport(
        run_id=run_id,
        status="running",
        seed=resolved.seed,
        algorithm_version=ALGORITHM_VERSION,
        plan_fingerprint=resolved.plan_fingerprint,
        schema_fingerprint=resolved.schema_fingerprint,
        format=resolved.format,
        workers=workers,
        started_at=utc_now_iso(),
        warnings=list(resolved.warnings),
        repairs=list(resolved.repairs or []),
        existing=held,
    )
    t0 = time.perf_counter()
    log.event("generation_started", run_id=run_id, tables=len(resolved.tables), workers=workers)
    executor: Executor | None = None
    error: DatalchemyError | None = None
    parts = output.path(PARTS_DIR)
    try:
        with sigterm_raises():
            model = PlanModel(resolved, schema, verify_with=verify_with)
            executor = _executor(model, workers, cluster, output, parts)
            report.cluster = getattr(executor, "description", None)
            report.workers = getattr(executor, "workers", 1)
            for rt in resolved.tables:
                report.tables.append(_write_table(model, rt, output, executor, report, progress))
    except Terminated:
        error = Interrupted("interrupted", "generation was stopped by SIGTERM")
    except KeyboardInterrupt:
        error = Interrupted("interrupted", "generation was interrupted (SIGINT)")
    except DatalchemyError as exc:
        error = exc
    except Exception as exc:  # a generator bug: report it, keep nothing that looks complete
        error = GenerationError(
            "generation_failed",
            f"unexpected {type(exc).__name__}: {exc}",
            hint="this is a bug in datalchemy or a generator; rerun with --debug",
        )
        error.__cause__ = exc
    finally:
        if executor is not None:
            executor.close(ok=error is None)
            report.blocks_retried = executor.retries
        with contextlib.suppress(OSError):
            output.fs.rm(parts, recursive=True)
    report.duration_ms = int((time.perf_counter() - t0) * 1000)
    report.finished_at = utc_now_iso()
    report.rows_written = sum(t.rows_written for t in report.tables)
    report.bytes_written = sum(t.bytes for t in report.tables)
    seconds = max(time.perf_counter() - t0, 1e-9)
    report.rows_per_sec = round(report.rows_written / seconds, 1)
    report.peak_rss_bytes = peak_rss_bytes()
    if error is not None:
        report.status = "interrupted" if isinstance(error, Interrupted) else "failed"
        report.error = ErrorInfo(
            code=error.code, message=error.message, path=error.path, hint=error.hint
        )
        _write_report(output, report)
        log.event(
            "generation_failed", status=report.status, error_code=error.code, error=error.message
        )
        output.fail()
        raise error
    report.status = "ok"
    _write_report(output, report)
    log.event("generation_finished", rows=report.rows_written, duration_ms=report.duration_ms)
    location = output.finish()
    return GenerationRun(Path(location), report, location)


def _executor(
    model: PlanModel, workers: int, cluster: str | None, output: Output, parts: str
) -> Executor:
    if cluster:
        from datalchemy.generate.dask_executor import DaskCluster

        return DaskCluster(model, cluster, output.fs, parts)
    if output.remote:
        raise UsageError(
            "output_needs_cluster",
            "writing to a URL is for cluster runs",
            hint="add --cluster local (or a scheduler address), or write to a local folder",
        )
    if workers > 1:
        return LocalProcesses(model, workers, parts)
    return Inline(model)


def _write_report(output: Output, report: GenerationReport) -> None:
    counts: dict[str, int] = {}
    for w in report.warnings:
        counts[w.code] = counts.get(w.code, 0) + 1
    report.warnings_by_code = dict(sorted(counts.items()))
    output.write_text(
        "generation_report.json", report.model_dump_json(by_alias=True, indent=2) + "\n"
    )


def _blocks(rows: int) -> list[tuple[int, int]]:
    return [(s, min(s + BLOCK_SIZE, rows)) for s in range(0, rows, BLOCK_SIZE)]


def _write_table(
    model: PlanModel,
    rt: ResolvedTable,
    output: Output,
    executor: Executor,
    report: GenerationReport,
    progress: Progress | None,
) -> TableReport:
    name = rt.qualified_name
    ext = report.format
    fs, log = output.fs, output.log
    path = output.path(f"{name}.{ext}")
    t0 = time.perf_counter()
    sink: Sink | None = None
    fixup_sinks: dict[str, Sink] = {}
    retried: dict[int, int] = {}
    unverified: dict[int, str] = {}
    written = 0
    log.event("table_started", table=name, rows=rt.rows)
    if progress:
        progress(name, 0, rt.rows)  # the rate is measured from here
    # One writer thread encodes and writes block k while block k+1 is computed (Arrow's CSV
    # writer releases the GIL). A single thread keeps the order, so the bytes do not change;
    # at most two blocks are in flight, so memory stays bounded. Blocks from workers arrive as
    # part files and are appended by the same thread.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datalchemy-writer")
    in_flight: deque[Future[None]] = deque()

    def write(block: BlockResult | BlockMeta, main: Sink) -> None:
        if isinstance(block, BlockMeta):
            main.append_part(fs, block.part, block.rows)
            for key, part in block.fixup_parts.items():
                fixup_sinks[key].append_part(fs, part, block.rows)
            return
        main.write(pa.table(block.columns))
        for key, fix in block.fixups.items():
            fixup_sinks[key].write(pa.table(fix))

    def sink_for(file: str, block: BlockResult | BlockMeta, key: str | None) -> Sink:
        if isinstance(block, BlockMeta):
            schema = pa.schema([])  # the part files carry the header and types
        else:
            schema = pa.table(block.fixups[key] if key else block.columns).schema
        return open_sink(report.format, fs, file, schema)

    try:
        for block in executor.blocks(name, _blocks(rt.rows), report.format):
            if sink is None:
                sink = sink_for(path, block, None)
            keys = block.fixup_parts if isinstance(block, BlockMeta) else block.fixups
            for key in keys:
                if key not in fixup_sinks:
                    fix_path = output.path(f"{name}.{key}.fixups.{ext}")
                    fixup_sinks[key] = sink_for(fix_path, block, key)
            while len(in_flight) >= 2:
                in_flight.popleft().result()
            in_flight.append(writer.submit(write, block, sink))
            for idx, n in block.retried.items():
                retried[idx] = retried.get(idx, 0) + n
            unverified.update(block.unverified)
            written += block.rows
            if progress:
                progress(name, written, rt.rows)
        while in_flight:
            in_flight.popleft().result()
    finally:
        writer.shutdown(wait=True, cancel_futures=True)
    if sink is None:  # zero rows: a file with the header / schema only
        empty = model.table(name).compute(np.arange(0, dtype=np.int64))
        sink = open_sink(report.format, fs, path, pa.table(empty.columns).schema)
    sink.close()
    files = [_output_file(sink)]
    for key, fix_sink in sorted(fixup_sinks.items()):
        fix_sink.close()
        files.append(_output_file(fix_sink))
        fk = next(f for f in rt.foreign_keys if f.key == key)
        report.broken_cycle_edges.append(
            BrokenCycleEdge(
                foreign_key=key, child=name, parent=fk.parent, columns=fk.columns,
                fixup_file=fix_sink.name,
            )
        )  # fmt: skip
    seconds = max(time.perf_counter() - t0, 1e-9)
    columns = []
    for c in rt.columns:
        gen = c.generator if c.action == "generate" else None
        columns.append(
            ColumnUsage(
                column=c.name, generator=gen, reason=c.reason,
                transforms=[t.transform for t in c.transforms],
            )
        )  # fmt: skip
        if gen and written:
            report.generator_usage[gen] = report.generator_usage.get(gen, 0) + written
        for t in c.transforms:
            report.transform_usage[t.transform] = (
                report.transform_usage.get(t.transform, 0) + written
            )
    checks = []
    for i, ch in enumerate(rt.checks):
        reason = ch.note if ch.strategy == "unsupported" else unverified.get(i)
        strategy = "unsupported" if reason is not None else ch.strategy
        if reason is not None and model.verify_with:
            strategy = "verify"  # evaluated by the --verify-with database on every block
            report.warnings.append(_verified_by_database(name, ch.name, ch.expression, reason))
            reason = None
        checks.append(
            CheckReport(
                name=ch.name,
                expression=ch.expression,
                strategy="verified" if strategy == "verify" else strategy,
                rows_retried=retried.get(i, 0),
                met_by=reason or ch.note or f"{', '.join(ch.columns)} generated inside its domain",
            )
        )
        if reason is not None:
            report.warnings.append(
                Issue(
                    severity="warning",
                    code="check_not_verified",
                    path=f"{name}.{ch.name}" if ch.name else name,
                    message=f"CHECK ({ch.expression}) could not be verified: {reason}",
                    hint="the database still enforces it at load time",
                )
            )
    nbytes = sum(f.bytes for f in files)
    log.event("table_finished", table=name, rows=written, bytes=nbytes,
              duration_ms=int(seconds * 1000))  # fmt: skip
    report.generator_usage = dict(sorted(report.generator_usage.items()))
    report.transform_usage = dict(sorted(report.transform_usage.items()))
    return TableReport(
        schema_name=rt.schema_name,
        table=rt.table,
        rows_requested=rt.rows,
        rows_written=written,
        auto_added=rt.auto_added,
        duration_ms=int(seconds * 1000),
        bytes=nbytes,
        rows_per_sec=round(written / seconds, 1),
        columns=columns,
        checks=checks,
        files=files,
    )


def _verified_by_database(table: str, check: str | None, expression: str, why: str) -> Issue:
    return Issue(
        severity="info",
        code="check_verified_by_database",
        path=f"{table}.{check}" if check else table,
        message=f"CHECK ({expression}) was evaluated by the --verify-with database on every "
        f"block (DuckDB cannot: {why})",
    )


def _output_file(sink: Sink) -> OutputFile:
    return OutputFile(path=sink.name, bytes=sink.size, sha256=sink.sha256, rows=sink.rows)
