"""`datalchemy load`: put a generated dataset into a database (COPY or bulk insert, verified)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table

from datalchemy.cli._options import ConnOpt, JsonFlag, SchemaFileOpt
from datalchemy.cli._output import CommandResult, err_console, run_command

__all__ = ["load_command"]


def load_command(
    data: Annotated[Path, typer.Option(help="Dataset folder written by generate.")],
    schema: SchemaFileOpt,
    conn: ConnOpt = None,
    mode: Annotated[
        Literal["append", "truncate", "recreate"],
        typer.Option(
            help="append: add rows; truncate: empty the tables first; recreate: empty them and "
            "drop/re-create secondary indexes and foreign keys around the load (fastest)."
        ),
    ] = "append",
    transaction: Annotated[
        Literal["auto", "all", "table"],
        typer.Option(
            help="all: one transaction (a failure changes nothing); table: one per table with a "
            "checkpoint for --resume; auto: all up to 4 GiB of data."
        ),
    ] = "auto",
    workers: Annotated[
        int, typer.Option(min=1, help="Tables loaded in parallel (needs --transaction table).")
    ] = 1,
    resume: Annotated[bool, typer.Option(help="Continue a failed per-table load.")] = False,
    triggers: Annotated[
        Literal["enable", "disable"],
        typer.Option(
            help="enable: the target's triggers fire as the rows go in; disable: switch the "
            "user triggers of the loaded tables off for the load (inside its transaction, "
            "restored before it commits), as pg_restore --disable-triggers does."
        ),
    ] = "enable",
    create_schema: Annotated[
        bool,
        typer.Option(
            "--create-schema",
            help="Make the schema's types, sequences and tables first, in a target that holds "
            "none of them (PostgreSQL, SQLite; a new SQLite file works); keys, indexes and "
            "foreign keys are built after the data, in the same transaction.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option(help="Print the plan of work and touch nothing.")
    ] = False,
    verify_hashes: Annotated[
        bool, typer.Option(help="Check every file's SHA-256 against the generation report.")
    ] = True,
    out: Annotated[
        Path | None, typer.Option(help="Folder for the load report (default: <data>/loads).")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Load a generated dataset into a database and verify the row counts."""

    def body() -> CommandResult:
        from datalchemy.load import run_load
        from datalchemy.plan.io import load_schema

        db_schema = load_schema(schema)
        show = not json_output and sys.stderr.isatty() and not dry_run
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[detail]}"),
            console=err_console(),
            disable=not show,
        ) as bar:
            tasks: dict[str, TaskID] = {}
            started: dict[str, float] = {}

            def step(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total, detail="")
                bar.update(tasks[phase], completed=done, total=total, detail=f"{done}/{total}")

            def progress(table: object, done: int) -> None:
                name, total = table.qualified, table.bytes  # type: ignore[attr-defined]
                if name not in tasks:
                    tasks[name] = bar.add_task(name, total=total, detail="")
                    started[name] = time.perf_counter()
                rate = done / max(time.perf_counter() - started[name], 1e-9) / 1e6
                detail = f"{done / 1e6:,.1f}/{total / 1e6:,.1f} MB, {rate:,.1f} MB/s"
                bar.update(tasks[name], completed=done, detail=detail)

            run = run_load(
                data,
                db_schema,
                conn,
                mode=mode,
                transaction=transaction,
                workers=workers,
                resume=resume,
                dry_run=dry_run,
                verify_hashes=verify_hashes,
                out=out,
                progress=progress,
                triggers=triggers,
                create_schema=create_schema,
                steps=step,
            )
        report, work = run.report, run.work
        if dry_run:
            plan = Table(
                "#", "table", "rows", "MB", "after", "est. s",
                title=f"plan of work: {work.engine} ({work.strategy}), mode {work.mode}, "
                f"transaction {work.transaction}, {work.workers} worker(s), triggers {triggers}",
            )  # fmt: skip
            for s in work.steps:
                after = escape(", ".join(s.depends_on)) or "-"
                plan.add_row(str(s.order), escape(s.table), f"{s.rows:,}",
                             f"{s.bytes / 1e6:,.1f}", after, f"{s.estimated_s:.2f}")  # fmt: skip
            creates = (
                [f"--create-schema: {run.schema.statements} statements would make "
                 f"{sum(1 for w in run.schema.created if w.startswith('table '))} tables"]
                if run.schema is not None
                else []
            )  # fmt: skip
            return CommandResult(
                data={
                    "dry_run": True,
                    "target": report.target,
                    "work": work.to_dict(),
                    "triggers": triggers,
                    "create_schema": run.schema.created if run.schema is not None else None,
                },
                render=[plan, *creates, f"estimated {work.estimated_s:.1f}s; nothing was changed"],
            )
        table = Table(
            "table", "rows", "rows/s", "status", title=f"loaded into {escape(report.target)}"
        )
        for t in report.tables:
            table.add_row(escape(f"{t.schema_name}.{t.table}"), f"{t.rows_loaded:,}",
                          f"{t.rows_per_sec:,.0f}", t.status)  # fmt: skip
        assert run.path is not None
        return CommandResult(
            data={
                "run_dir": str(run.path),
                "report": str(run.path / "load_report.json"),
                "target": report.target,
                "rows": report.rows_loaded,
                "bytes": report.bytes_loaded,
                "duration_ms": report.duration_ms,
                "rows_per_sec": report.rows_per_sec,
                "counts_verified": report.counts_verified,
                "tables": {f"{t.schema_name}.{t.table}": t.rows_after for t in report.tables},
                "triggers_disabled": report.triggers_disabled,
                "schema_created": report.schema_created,
                "schema_not_created": report.schema_not_created,
                "notes": run.notes,
            },
            render=[
                *(f"[yellow]note:[/] {escape(n)}" for n in run.notes),
                *(
                    [
                        f"created the schema: {len(report.schema_created)} objects"
                        + (
                            f"; not created: {escape('; '.join(report.schema_not_created))}"
                            if report.schema_not_created
                            else ""
                        )
                    ]
                    if report.create_schema
                    else []
                ),
                table,
                f"{report.rows_loaded:,} rows in {report.duration_ms / 1000:.1f}s "
                f"({report.rows_per_sec:,.0f} rows/s, {report.mb_per_sec:.1f} MB/s); "
                "counts match the generation report",
                *(
                    [
                        f"triggers off during the load, restored: "
                        f"{', '.join(report.triggers_disabled)}"
                    ]
                    if report.triggers_disabled
                    else []
                ),
            ],
        )

    run_command("load", json_output, body)
