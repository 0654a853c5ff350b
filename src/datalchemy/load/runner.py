"""Run a load: check the dataset, plan the work, move the data, verify the counts, report.

Two transaction scopes:

- ``all`` (default for datasets up to 4 GiB): every table, the cycle fix-ups, the sequence moves
  and the count check run in one transaction. A failure anywhere rolls everything back: the target
  is exactly as it was.
- ``table``: each table commits on its own and a checkpoint records progress (see
  :mod:`datalchemy.load.checkpoint`); ``--resume`` continues after a failure without duplicating
  rows. ``--workers N`` loads independent tables in parallel in this scope.

``load_report.json`` is always written, also on failure or interruption; a report a killed load
left ``running`` is corrected by the next load (:mod:`datalchemy.load.stale`). SIGINT and SIGTERM
stop the running statements in every thread (:mod:`datalchemy.interrupts`). With
``create_schema`` the tables are made first, their keys and foreign keys after the data
(:mod:`datalchemy.load.create_schema`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from datalchemy.contracts.common import ErrorInfo
from datalchemy.contracts.load import LoadFailure, LoadMode, LoadReport, LoadTableReport
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.db.metrics import DbMetrics
from datalchemy.db.urls import resolve_connection
from datalchemy.engines import engine_for
from datalchemy.errors import (
    ConstraintViolation,
    DatabaseError,
    DatalchemyError,
    Interrupted,
    UsageError,
)
from datalchemy.interrupts import on_stop, stop_on_signals
from datalchemy.load import create_schema as schema_steps
from datalchemy.load.checkpoint import Checkpoint, checkpoint_path
from datalchemy.load.cycles import filled_after, require_holdable
from datalchemy.load.dataset import Dataset, DatasetTable, open_dataset
from datalchemy.load.ddl import SchemaDdl, schema_ddl
from datalchemy.load.stale import correct_stale_reports, hold_run_lock
from datalchemy.load.target import Progress, SavedDdl, StepProgress, TableLoadError, Target
from datalchemy.load.time_checks import has_time_checks, require_time_checks
from datalchemy.load.triggers import Blame, DisabledTriggers, blame_trigger, writers_of
from datalchemy.load.work import WorkPlan, plan_work, table_dependencies
from datalchemy.runs import RunDir, Terminated, peak_rss_bytes, utc_now_iso

__all__ = ["LoadRun", "run_load"]

MODES = ("append", "truncate", "recreate")
TRIGGER_MODES = ("enable", "disable")


def _name_the_trigger(error: DatalchemyError, blame: Blame, row: int | None) -> None:
    """Say in the error which trigger rejected the row (or wrote the rows it collided with)."""
    where = f" (data row {row})" if row is not None else ""
    error.message = f"{error.message}{where} - {blame.how}"
    if blame.rejected:
        error.code = "trigger_rejected_row"
    error.hint = (
        f"{blame.trigger} is not a constraint datalchemy can meet from the schema; if the data "
        "does not need it, load with --triggers disable (datalchemy.load(..., "
        "triggers='disable'))"
    )


def _duplicate_key(error: DatalchemyError) -> bool:
    """A unique / primary key violation (PostgreSQL 23505, SQLite's message, ODBC drivers')."""
    if not isinstance(error, ConstraintViolation):
        return False
    text = error.message.lower()
    return error.sqlstate == "23505" or "unique constraint" in text or "duplicate key" in text


@dataclass
class LoadRun:
    """The outcome of :func:`run_load`: the report, the plan of work and the run folder."""

    report: LoadReport
    work: WorkPlan
    path: Path | None  # None for a dry run, which writes nothing
    #: What the load made with ``create_schema`` (None without it).
    schema: SchemaDdl | None = None
    #: Things the user should know that are not errors (earlier reports corrected, ...).
    notes: list[str] = field(default_factory=list)


def _no_tables_hint(error: DatalchemyError, create: bool) -> DatalchemyError:
    """A missing target table gets the load's own advice instead of the driver's."""
    if error.code == "table_not_found" and not create:
        error.hint = (
            "the target does not have the dataset's tables: load with --create-schema to make "
            "them from schema.json (datalchemy.load(..., create_schema=True)), or create them "
            "yourself and check the schema and table names"
        )
    return error


class _Loader:
    def __init__(
        self,
        dataset: Dataset,
        work: WorkPlan,
        new_target: Callable[[], Target],
        report: LoadReport,
        run: RunDir,
        progress: Progress | None,
        steps: StepProgress | None = None,
        ddl: SchemaDdl | None = None,
    ) -> None:
        self.dataset = dataset
        self.work = work
        self._new_target = new_target
        self.report = report
        self.run = run
        self.progress: Progress = progress or (lambda table, done: None)
        self._on_step: StepProgress = steps or (lambda phase, done, total: None)
        self.ddl = ddl
        self.rows = {t.qualified: r for t, r in zip(dataset.tables, report.tables, strict=True)}
        self.committed = False
        self._lock = threading.Lock()
        self._open: list[Target] = []

    def steps(self, phase: str, done: int, total: int) -> None:
        """Report a phase's progress, and log when it starts (tests and operators watch it)."""
        if done == 0:
            self.run.log.event("phase_started", phase=phase, steps=total)
        self._on_step(phase, done, total)

    # -- targets -------------------------------------------------------------------------------

    def new_target(self) -> Target:
        target = self._new_target()
        with self._lock:
            self._open.append(target)
        return target

    def release(self, target: Target) -> None:
        with self._lock:
            if target in self._open:
                self._open.remove(target)
        target.close()

    def cancel_all(self) -> None:
        """Stop the statement of every open target (called from the signal handler)."""
        with self._lock:
            targets = list(self._open)
        for target in targets:
            target.cancel()

    def count_before(self, target: Target, table: DatasetTable) -> int:
        try:
            return target.count(table)
        except DatalchemyError as exc:
            raise _no_tables_hint(exc, self.ddl is not None) from None

    # -- triggers ------------------------------------------------------------------------------

    def triggers_off(self, target: Target, tables: Sequence[DatasetTable]) -> DisabledTriggers:
        """With ``--triggers disable``: switch off the triggers of ``tables`` in the target's
        transaction (they come back on before it commits, or with its rollback)."""
        if self.report.triggers != "disable":
            return DisabledTriggers()
        saved = target.disable_triggers(tables)
        with self._lock:
            names = set(self.report.triggers_disabled) | set(saved.names)
            self.report.triggers_disabled = sorted(names)
        if saved.names:
            self.run.log.event("triggers_disabled", triggers=saved.names)
        return saved

    def triggers_on(self, target: Target, saved: DisabledTriggers) -> None:
        if saved.restore:
            target.restore_triggers(saved)

    # -- one table -----------------------------------------------------------------------------

    def load_one(self, target: Target, table: DatasetTable) -> None:
        entry = self.rows[table.qualified]
        self.run.log.event("table_started", table=table.qualified, rows=table.rows)
        start = time.perf_counter()
        try:
            loaded = target.load_table(table, self.progress)
        except TableLoadError as exc:
            entry.status = "failed"
            cause = exc.cause
            blame = None
            if isinstance(cause, DatalchemyError):
                blame = blame_trigger(
                    cause,
                    table,
                    self.dataset.tables,
                    raw=exc.raw,
                    context=exc.context,
                    disabled=self.report.triggers_disabled,
                )
                if blame is not None:
                    _name_the_trigger(cause, blame, exc.failing_row)
                elif self.work.mode == "append" and entry.rows_before and _duplicate_key(cause):
                    cause.hint = (
                        f"{table.qualified} held {entry.rows_before:,} rows before this load and "
                        "the dataset's keys collide with them: load with --mode truncate to "
                        "replace them (or into an empty target)"
                    )
            self.report.failure = LoadFailure(
                table=table.qualified,
                first_row=1,
                last_row=table.rows,
                failing_row=exc.failing_row,
                constraint=getattr(cause, "constraint", None),
                sqlstate=getattr(cause, "sqlstate", None),
                trigger=blame.trigger if blame else None,
            )
            raise cause from None
        seconds = time.perf_counter() - start
        entry.rows_loaded = loaded
        entry.bytes = table.bytes
        entry.duration_ms = int(seconds * 1000)
        entry.rows_per_sec = round(loaded / seconds, 1) if seconds > 0 else 0.0
        entry.status = "loaded"
        if loaded != table.rows:
            dropping = [
                f"{table.qualified}.{t.name}"
                for t in table.table.triggers
                if t.timing == "BEFORE"
                and "INSERT" in t.events
                and t.enabled
                and f"{table.qualified}.{t.name}" not in self.report.triggers_disabled
            ]
            raise DatabaseError(
                "row_count_mismatch",
                f"{table.qualified}: the database took {loaded} rows, the file holds {table.rows}",
                path=table.qualified,
                hint=(
                    f"a BEFORE INSERT trigger may skip rows ({', '.join(dropping)}): load with "
                    "--triggers disable if the data does not need it"
                    if dropping
                    else "a trigger or rule on the target may drop rows; check the table's triggers"
                ),
            )
        self.run.log.event("table_loaded", table=table.qualified, rows=loaded, ms=entry.duration_ms)

    # -- the end: fix-ups, indexes, sequences, checks ------------------------------------------

    def finish(
        self,
        target: Target,
        before: dict[str, int],
        saved: SavedDdl | None,
        held: SavedDdl | None = None,
    ) -> None:
        tables = list(self.dataset.tables)
        if held is not None and held.foreign_keys:
            target.restore_secondary(held)  # the cycle is loaded: its edges are checked now
            self.run.log.event(
                "foreign_keys_restored", foreign_keys=[n for _, n, _ in held.foreign_keys]
            )
        if self.ddl is not None:  # keys first: the fix-ups look rows up by key
            schema_steps.create_keys(target, self.ddl, self.steps)
        for t in tables:
            for fixup in t.fixups:
                updated = target.apply_fixup(t, fixup)
                self.rows[t.qualified].fixup_rows += updated
                if updated != fixup.rows:
                    raise DatabaseError(
                        "fixup_mismatch",
                        f"fix-ups of {t.qualified}: {updated} rows updated, {fixup.rows} expected",
                        path=str(fixup.path),
                        hint="the table's keys differ from the dataset's; load into empty tables",
                    )
        if self.ddl is not None:  # validated once, over the fixed-up rows
            schema_steps.create_foreign_keys(target, self.ddl, self.steps)
        if saved is not None:
            target.restore_secondary(saved)
        for t in tables:
            self.rows[t.qualified].sequences_moved = target.move_sequences(t)
        target.check_foreign_keys(tables)
        self.verify_counts(target, before)

    def verify_counts(self, target: Target, before: dict[str, int]) -> None:
        wrong = []
        for t in self.dataset.tables:
            entry = self.rows[t.qualified]
            entry.rows_after = target.count(t)
            expected = before[t.qualified] + t.rows
            if entry.rows_after != expected:
                wrong.append(f"{t.qualified}: {entry.rows_after} rows, expected {expected}")
        if wrong:
            off = set(self.report.triggers_disabled)
            writers = [
                w
                for t in self.dataset.tables
                for w in writers_of(t.qualified, self.dataset.tables)
                if w not in off
            ]
            raise DatabaseError(
                "count_mismatch",
                "row counts in the target do not match the generation report: " + "; ".join(wrong),
                hint=(
                    f"triggers of the loaded tables write these tables ({', '.join(writers)}): "
                    "load with --triggers disable if the data does not need them"
                    if writers
                    else "another session wrote to these tables during the load"
                ),
            )
        self.report.counts_verified = True

    # -- scope "all" ---------------------------------------------------------------------------

    def load_all(self) -> None:
        tables = list(self.dataset.tables)
        mode = self.work.mode
        target = self.new_target()
        try:
            target.begin()
            if self.ddl is not None:
                schema_steps.create_before_data(target, self.ddl, self.steps)
            switched = self.triggers_off(target, tables)
            before = {}
            for t in tables:
                self.rows[t.qualified].rows_before = self.count_before(target, t)
                before[t.qualified] = (
                    0 if mode != "append" else self.rows[t.qualified].rows_before or 0
                )
            if mode != "append" and self.ddl is None:  # tables it just made are empty
                target.empty(tables, self.steps)
            saved = target.drop_secondary(tables) if mode == "recreate" else None
            # NOT NULL edges of FK cycles wait for their parents (recreate dropped every FK).
            cycle = filled_after(self.dataset) if mode != "recreate" else []
            held = target.hold_foreign_keys(cycle) if cycle else None
            for t in tables:
                self.load_one(target, t)
            self.finish(target, before, saved, held)
            self.triggers_on(target, switched)
            target.commit()
            self.committed = True
        except BaseException:
            target.rollback()
            for entry in self.report.tables:
                if entry.status == "loaded":
                    entry.status = "rolled_back"
            raise
        finally:
            self.release(target)

    # -- scope "table" -------------------------------------------------------------------------

    def load_by_table(self, checkpoint: Checkpoint) -> None:
        if not checkpoint.prepared:
            ddl = self.ddl
            if ddl is not None:
                self._in_transaction(lambda t: schema_steps.create_before_data(t, ddl, self.steps))
                self.committed = True
            elif self.work.mode == "truncate":
                self._in_transaction(lambda t: t.empty(list(self.dataset.tables), self.steps))
                self.committed = True
            checkpoint.mark_prepared()
        deps = table_dependencies(self.dataset)
        pending = {t.qualified: t for t in self.dataset.tables}
        done: set[str] = set()
        failure: BaseException | None = None
        with ThreadPoolExecutor(max_workers=self.work.workers, thread_name_prefix="load") as pool:
            running: dict[Future[None], str] = {}
            while pending or running:
                if failure is None:
                    for name in [n for n in pending if deps[n] <= done]:
                        if len(running) >= self.work.workers:
                            break
                        table = pending.pop(name)
                        running[pool.submit(self._table_step, checkpoint, table)] = name
                if not running:
                    if failure is None and pending:  # cannot happen: deps form a DAG
                        raise UsageError("load_order", f"cannot order tables {sorted(pending)}")
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    name = running.pop(fut)
                    exc = fut.exception()
                    if exc is None:
                        done.add(name)
                    elif failure is None:
                        failure = exc
                if failure is not None:
                    pending.clear()
        if failure is not None:
            raise failure
        before = {}
        for t in self.dataset.tables:
            entry = checkpoint.entry(t.qualified) or {}
            before[t.qualified] = (
                0 if self.work.mode != "append" else int(entry.get("rows_before", 0))
            )
        self._in_transaction(lambda target: self.finish(target, before, None))
        checkpoint.remove()

    def _in_transaction(self, body: Callable[[Target], None]) -> None:
        target = self.new_target()
        try:
            target.begin()
            switched = self.triggers_off(target, list(self.dataset.tables))
            body(target)
            self.triggers_on(target, switched)
            target.commit()
        except BaseException:
            target.rollback()
            raise
        finally:
            self.release(target)

    def _table_step(self, checkpoint: Checkpoint, table: DatasetTable) -> None:
        entry = self.rows[table.qualified]
        state = checkpoint.entry(table.qualified)
        if state and state["status"] == "done":
            entry.status = "resumed"
            entry.rows_before = int(state["rows_before"])
            entry.rows_loaded = int(state.get("rows_loaded", table.rows))
            return
        target = self.new_target()
        try:
            target.begin()
            count = self.count_before(target, table)
            if state:  # started before: on which side of its COMMIT did the last run stop?
                rows_before = int(state["rows_before"])
                if count == rows_before + table.rows:
                    checkpoint.mark_done(table.qualified, table.rows)
                    entry.status, entry.rows_before, entry.rows_loaded = (
                        "resumed",
                        rows_before,
                        table.rows,
                    )
                    target.rollback()
                    return
                if count != rows_before:
                    raise DatabaseError(
                        "checkpoint_conflict",
                        f"{table.qualified} has {count} rows; the checkpoint expected "
                        f"{rows_before} or {rows_before + table.rows}",
                        path=table.qualified,
                        hint="another session changed the table; load again with --mode truncate",
                    )
            else:
                rows_before = count
            entry.rows_before = rows_before
            checkpoint.mark_started(table.qualified, rows_before)
            switched = self.triggers_off(target, [table])
            self.load_one(target, table)
            self.triggers_on(target, switched)
            if self.ddl is None:  # made by --create-schema, its foreign keys come at the end
                target.check_foreign_keys([table])
            target.commit()
            with self._lock:
                self.committed = True
            checkpoint.mark_done(table.qualified, entry.rows_loaded)
        except BaseException:
            target.rollback()
            if entry.status == "loaded":
                entry.status = "rolled_back"
            raise
        finally:
            self.release(target)


def run_load(
    data: Path | str,
    schema: DatabaseSchema,
    conn: str | None,
    *,
    mode: str = "append",
    transaction: str = "auto",
    workers: int = 1,
    resume: bool = False,
    dry_run: bool = False,
    verify_hashes: bool = True,
    out: Path | str | None = None,
    progress: Progress | None = None,
    triggers: str = "enable",
    create_schema: bool = False,
    steps: StepProgress | None = None,
) -> LoadRun:
    """Load the dataset at ``data`` (a folder written by ``generate``) into ``conn``.

    Example:
        >>> data = "out/2024-..__generate_ab12"
        >>> run = run_load(data, schema, "sqlite:///target.db")  # doctest: +SKIP
        >>> run.report.status, run.report.rows_loaded  # doctest: +SKIP
        ('ok', 12096)

    Raises a :class:`~datalchemy.errors.DatalchemyError` (after writing ``load_report.json``)
    when the load fails; the report says which table and row range failed and whether the target
    was left unchanged or can be resumed with ``resume=True``. When a trigger rejected the row
    (or wrote the rows it collided with), the error, its hint and ``failure.trigger`` name it.

    ``triggers="disable"`` switches the user triggers of the loaded tables off for the load, in
    its own transaction(s) (:mod:`datalchemy.load.triggers`); the report lists them.

    ``create_schema=True`` makes the schema's types, sequences and tables in a target that holds
    none of them (PostgreSQL, SQLite), then builds keys, indexes and foreign keys over the loaded
    rows, in the load's transaction(s). ``steps`` is called as the phases other than moving
    data advance (emptying tables, creating the schema).
    """
    if mode not in MODES:
        raise UsageError(
            "bad_load_mode", f"unknown load mode {mode!r}", hint="use append, truncate or recreate"
        )
    if triggers not in TRIGGER_MODES:
        raise UsageError(
            "bad_triggers_mode",
            f"unknown triggers mode {triggers!r}",
            hint="use enable (the default) or disable",
        )
    if resume and transaction == "all":
        raise UsageError(
            "resume_needs_table_scope",
            "a single-transaction load rolls back entirely on failure: there is nothing to resume",
            hint="run the load again, or use --transaction table to make it resumable",
        )
    load_mode: LoadMode = mode  # type: ignore[assignment]
    info = resolve_connection(conn)
    engine = engine_for(info)
    capabilities = engine.capabilities_for(info)
    dataset_path = Path(data)
    dataset = open_dataset(
        dataset_path,
        schema,
        verify_hashes=verify_hashes,
        hash_csv_while_reading=capabilities.copy_csv,
    )
    if mode != "recreate" and not create_schema:  # recreate / create: FKs come after the rows
        require_holdable(filled_after(dataset), capabilities)
    checkpoint: Checkpoint | None = None
    cp_path = checkpoint_path(dataset_path, info.redacted)
    runs_root = Path(out) if out else dataset_path / "loads"
    notes = (
        []
        if dry_run
        else correct_stale_reports(
            runs_root, lambda r: checkpoint_path(dataset_path, r.target).is_file()
        )
    )
    if resume:
        checkpoint = Checkpoint.resume(
            cp_path, dataset_run_id=dataset.report.run_id, target=info.redacted
        )
        load_mode = checkpoint.mode  # type: ignore[assignment]
        create_schema = checkpoint.create_schema
    ddl = schema_ddl(schema, info.engine) if create_schema else None
    metrics = DbMetrics()
    resources = contextlib.ExitStack()  # the connection pool, once a target has opened it
    targets = engine.load_target(
        info,
        metrics,
        tables=dataset.tables,
        workers=workers,
        resources=resources,
        create=create_schema,
    )
    new_target, strategy = targets.open, targets.strategy
    work = plan_work(
        dataset,
        engine=info.engine,
        strategy=strategy,
        mode=load_mode,
        transaction=transaction,
        workers=workers,
        resume=resume,
        single_writer=capabilities.single_writer,
    )
    report = LoadReport(
        run_id="dry-run",
        status="dry_run" if dry_run else "running",
        target=info.redacted,
        engine=info.engine,
        strategy=strategy,
        mode=load_mode,
        transaction=work.transaction,
        workers=workers,
        triggers=triggers,
        create_schema=create_schema,
        dataset=str(dataset_path),
        dataset_run_id=dataset.report.run_id,
        resumed=resume,
        started_at=utc_now_iso(),
        tables=[
            LoadTableReport(
                schema_name=t.schema_name,
                table=t.name,
                file=t.path.name,
                rows_expected=t.rows,
                bytes=t.bytes,
            )
            for t in dataset.tables
        ],
    )
    if dry_run:
        return LoadRun(report, work, None, ddl)
    _check_time_relative(dataset, schema, new_target)
    if work.transaction == "table" and checkpoint is None:
        if cp_path.exists():
            raise UsageError(
                "load_interrupted_before",
                "an earlier load of this dataset into this target did not finish"
                + "".join(f"\n  note: {n}" for n in notes),
                path=str(cp_path),
                hint="continue it with --resume, or delete the checkpoint file to start over",
            )
        checkpoint = Checkpoint.start(
            cp_path,
            dataset_run_id=dataset.report.run_id,
            target=info.redacted,
            mode=load_mode,
            create_schema=create_schema,
        )
    run = RunDir.create(runs_root, "load")
    report.run_id = run.run_id
    run.write_config(
        target=info.redacted,
        mode=load_mode,
        transaction=work.transaction,
        workers=workers,
        resume=resume,
        triggers=triggers,
        create_schema=create_schema,
        dataset=str(dataset_path),
    )
    loader = _Loader(dataset, work, new_target, report, run, progress, steps, ddl)
    error: DatalchemyError | None = None
    start = time.perf_counter()
    with hold_run_lock(run.path), stop_on_signals() as stop:
        run.write_json("load_report.json", report.model_dump(mode="json", by_alias=True))
        try:
            with on_stop(loader.cancel_all):
                if load_mode == "append" and not resume and not create_schema:
                    # Before anything is written: the first key the target already holds.
                    from datalchemy.load.collisions import check_append

                    check_append(dataset, info)
                if checkpoint is not None:
                    loader.load_by_table(checkpoint)
                else:
                    loader.load_all()
            report.status = "ok"
        except (KeyboardInterrupt, Terminated) as exc:
            default = "SIGINT" if isinstance(exc, KeyboardInterrupt) else "SIGTERM"
            report.status = "interrupted"
            error = Interrupted("interrupted", f"the load was stopped by {stop.signal or default}")
        except DatalchemyError as exc:
            # A statement the stop request cancelled fails with the driver's error first.
            report.status = "interrupted" if stop.signal else "failed"
            error = (
                Interrupted("interrupted", f"the load was stopped by {stop.signal}")
                if stop.signal
                else exc
            )
        finally:
            resources.close()
        _finalize(report, loader, metrics, time.perf_counter() - start, error, checkpoint)
        if ddl is not None and report.status == "ok":
            report.schema_created = ddl.created
            report.schema_not_created = ddl.skipped
        run.write_json("load_report.json", report.model_dump(mode="json", by_alias=True))
    run.log.event("load_finished", status=report.status, rows=report.rows_loaded)
    if error is not None:
        where = f"see {run.path / 'load_report.json'}"
        error.hint = f"{error.hint}; {where}" if error.hint else where
        raise error
    return LoadRun(report, work, run.path, ddl, notes)


def _check_time_relative(
    dataset: Dataset, schema: DatabaseSchema, new_target: Callable[[], Target]
) -> None:
    """Time-relative CHECKs on the target's day, before anything is written."""
    if not has_time_checks(dataset, schema):
        return
    probe = new_target()
    try:
        today = probe.current_date()
    finally:
        probe.close()
    require_time_checks(dataset, schema, today)


def _finalize(
    report: LoadReport,
    loader: _Loader,
    metrics: DbMetrics,
    seconds: float,
    error: DatalchemyError | None,
    checkpoint: Checkpoint | None,
) -> None:
    report.finished_at = utc_now_iso()
    report.duration_ms = int(seconds * 1000)
    counted = [t for t in report.tables if t.status in ("loaded", "resumed")]
    if report.status == "ok":
        report.rows_loaded = sum(t.rows_loaded for t in counted if t.status == "loaded")
        report.bytes_loaded = sum(t.bytes for t in counted if t.status == "loaded")
        report.rows_per_sec = round(report.rows_loaded / seconds, 1) if seconds > 0 else 0.0
        report.mb_per_sec = round(report.bytes_loaded / seconds / 1e6, 2) if seconds > 0 else 0.0
    if error is not None:
        report.error = ErrorInfo(
            code=error.code, message=error.message, path=error.path, hint=error.hint
        )
        if report.failure is None and isinstance(error, ConstraintViolation):
            report.failure = LoadFailure(
                table=error.path or "?", constraint=error.constraint, sqlstate=error.sqlstate
            )
        report.target_unchanged = not loader.committed
        if checkpoint is not None and not loader.committed:
            checkpoint.remove()  # nothing was committed: a plain rerun is all it takes
        report.resumable = checkpoint is not None and checkpoint.path.exists()
    report.peak_rss_bytes = peak_rss_bytes()
    report.db_metrics = metrics.snapshot()
