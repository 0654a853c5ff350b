"""Run a resolved plan: tables in order, blocks in order, files streamed, report always written.

Output goes to ``<out>/<UTC timestamp>__generate_<id>.partial/`` and the folder is renamed without
``.partial`` only when every table is complete. ``resolved_plan.json`` is written first;
``generation_report.json`` is written at the end whatever happens (status ``ok``, ``failed`` or
``interrupted``). With ``workers > 1`` blocks are computed in a process pool and written in order,
so the bytes are the same for any worker count.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa

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
from datalchemy.errors import DatalchemyError, GenerationError, Interrupted
from datalchemy.generate.model import BlockResult, PlanModel
from datalchemy.generate.sinks import Sink, encode_csv, open_sink
from datalchemy.runs import (
    RunLog,
    Terminated,
    atomic_write_text,
    peak_rss_bytes,
    sigterm_raises,
    utc_now_iso,
)

__all__ = ["BLOCK_SIZE", "GenerationRun", "run_generation"]

#: Rows per block: part of the determinism contract only through the file layout (Parquet row
#: groups); values never depend on it.
BLOCK_SIZE = 65_536

#: Progress callback: (table, rows written, rows requested).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class GenerationRun:
    path: Path
    report: GenerationReport


# -------------------------------------------------------------------- worker processes

_worker_model: PlanModel | None = None


def _init_worker(resolved_json: str, schema_json: str) -> None:
    global _worker_model
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    _worker_model = PlanModel(
        ResolvedPlan.model_validate_json(resolved_json),
        DatabaseSchema.model_validate_json(schema_json),
    )


def _worker_block(table: str, start: int, stop: int, fmt: str) -> BlockResult:
    assert _worker_model is not None
    block = _worker_model.table(table).compute(np.arange(start, stop, dtype=np.int64))
    if fmt == "csv":  # encode here: CSV formatting then runs in parallel too
        block.encoded = encode_csv(pa.table(block.columns), header=start == 0)
        block.encoded_fixups = {
            k: encode_csv(pa.table(v), header=start == 0) for k, v in block.fixups.items()
        }
        block.columns, block.fixups = {}, {}
    return block


# -------------------------------------------------------------------- the run


def run_generation(
    resolved: ResolvedPlan,
    schema: DatabaseSchema,
    out_root: Path | str,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    log: RunLog | None = None,
) -> GenerationRun:
    """Generate every table of ``resolved`` into a new dataset folder under ``out_root``.

    Raises the error that stopped the run (:class:`GenerationError`, :class:`Interrupted`, ...)
    after writing ``generation_report.json`` into the ``.partial`` folder.
    """
    started = datetime.now(UTC)
    run_id = os.urandom(4).hex()
    final = Path(out_root) / f"{started.strftime('%Y-%m-%dT%H-%M-%SZ')}__generate_{run_id}"
    partial = final.with_name(final.name + ".partial")
    partial.mkdir(parents=True)
    log = log or RunLog(partial / "logs.ndjson")
    atomic_write_text(
        partial / "resolved_plan.json", resolved.model_dump_json(by_alias=True, indent=2) + "\n"
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
    )
    t0 = time.perf_counter()
    log.event("generation_started", run_id=run_id, tables=len(resolved.tables), workers=workers)
    pool: ProcessPoolExecutor | None = None
    error: DatalchemyError | None = None
    try:
        with sigterm_raises():
            model = PlanModel(resolved, schema)
            if workers > 1:
                import multiprocessing

                pool = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker,
                    initargs=(
                        resolved.model_dump_json(by_alias=True),
                        schema.model_dump_json(by_alias=True),
                    ),
                )
            for rt in resolved.tables:
                report.tables.append(_write_table(model, rt, partial, pool, report, progress, log))
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
        if pool is not None:
            pool.shutdown(wait=error is None, cancel_futures=True)
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
        _write_report(partial, report)
        log.event(
            "generation_failed", status=report.status, error_code=error.code, error=error.message
        )
        raise error
    report.status = "ok"
    _write_report(partial, report)
    log.event("generation_finished", rows=report.rows_written, duration_ms=report.duration_ms)
    if final.exists():
        shutil.rmtree(final)
    partial.rename(final)
    return GenerationRun(final, report)


def _write_report(folder: Path, report: GenerationReport) -> None:
    counts: dict[str, int] = {}
    for w in report.warnings:
        counts[w.code] = counts.get(w.code, 0) + 1
    report.warnings_by_code = dict(sorted(counts.items()))
    atomic_write_text(
        folder / "generation_report.json", report.model_dump_json(by_alias=True, indent=2) + "\n"
    )


def _blocks(rows: int) -> list[tuple[int, int]]:
    return [(s, min(s + BLOCK_SIZE, rows)) for s in range(0, rows, BLOCK_SIZE)]


def _results(
    model: PlanModel, rt: ResolvedTable, pool: ProcessPoolExecutor | None, workers: int, fmt: str
) -> Iterator[BlockResult]:
    """Blocks of ``rt`` in order, computed inline or in the pool (bounded in flight)."""
    blocks = _blocks(rt.rows)
    if pool is None or len(blocks) <= 1:
        table = model.table(rt.qualified_name)
        for start, stop in blocks:
            yield table.compute(np.arange(start, stop, dtype=np.int64))
        return
    window: deque[Future[BlockResult]] = deque()
    it = iter(blocks)
    limit = 2 * workers
    for start, stop in it:
        window.append(pool.submit(_worker_block, rt.qualified_name, start, stop, fmt))
        if len(window) >= limit:
            yield window.popleft().result()
    while window:
        yield window.popleft().result()


def _write_table(
    model: PlanModel,
    rt: ResolvedTable,
    folder: Path,
    pool: ProcessPoolExecutor | None,
    report: GenerationReport,
    progress: Progress | None,
    log: RunLog,
) -> TableReport:
    name = rt.qualified_name
    ext = report.format
    path = folder / f"{name}.{ext}"
    t0 = time.perf_counter()
    sink: Sink | None = None
    fixup_sinks: dict[str, Sink] = {}
    retried: dict[int, int] = {}
    unverified: dict[int, str] = {}
    written = 0
    log.event("table_started", table=name, rows=rt.rows)
    # One writer thread encodes and writes block k while block k+1 is computed (Arrow's CSV
    # writer releases the GIL). A single thread keeps the order, so the bytes do not change;
    # at most two blocks are in flight, so memory stays bounded.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="datalchemy-writer")
    in_flight: deque[Future[None]] = deque()

    def write(block: BlockResult, main: Sink) -> None:
        if block.encoded is not None:
            main.write_encoded(block.encoded, block.rows)
        else:
            main.write(pa.table(block.columns))
        fixups = block.encoded_fixups or block.fixups
        for key, fix in fixups.items():
            if isinstance(fix, bytes):
                fixup_sinks[key].write_encoded(fix, block.rows)
            else:
                fixup_sinks[key].write(pa.table(fix))

    try:
        for block in _results(model, rt, pool, report.workers, report.format):
            if sink is None:
                schema = (
                    pa.schema([]) if block.encoded is not None else pa.table(block.columns).schema
                )
                sink = open_sink(report.format, path, schema)
            for key, fix in (block.encoded_fixups or block.fixups).items():
                if key not in fixup_sinks:
                    fix_path = folder / f"{name}.{key}.fixups.{ext}"
                    schema = pa.schema([]) if isinstance(fix, bytes) else pa.table(fix).schema
                    fixup_sinks[key] = open_sink(report.format, fix_path, schema)
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
        sink = open_sink(report.format, path, pa.table(empty.columns).schema)
    sink.close()
    files = [_output_file(folder, sink)]
    for key, fs in sorted(fixup_sinks.items()):
        fs.close()
        files.append(_output_file(folder, fs))
        fk = next(f for f in rt.foreign_keys if f.key == key)
        report.broken_cycle_edges.append(
            BrokenCycleEdge(
                foreign_key=key, child=name, parent=fk.parent, columns=fk.columns,
                fixup_file=fs.path.name,
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
        checks.append(
            CheckReport(
                name=ch.name,
                expression=ch.expression,
                strategy="verified" if strategy == "verify" else strategy,
                rows_retried=retried.get(i, 0),
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


def _output_file(folder: Path, sink: Sink) -> OutputFile:
    return OutputFile(
        path=sink.path.relative_to(folder).as_posix(),
        bytes=sink.path.stat().st_size,
        sha256=sink.sha256,
        rows=sink.rows,
    )
