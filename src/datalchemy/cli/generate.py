"""`datalchemy generate`: resolve a plan and write its data (CSV or Parquet)."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from datalchemy.cli._options import JsonFlag, SchemaFileOpt
from datalchemy.cli._output import CommandResult, err_console, run_command

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.progress import Progress

    from datalchemy.generate.engine import GenerationRun

__all__ = ["generate_command"]


def generate_command(
    plan: Annotated[Path, typer.Option("--plan", help="plan.json")],
    schema: SchemaFileOpt,
    out: Annotated[
        str,
        typer.Option(help="Root folder for dataset folders (an fsspec URL with --cluster)."),
    ] = "out",
    format: Annotated[
        Literal["csv", "parquet"] | None,
        typer.Option(help="csv or parquet (default: the plan's output.format, else csv)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (same bytes).")] = 1,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Run the blocks on Dask: local, local:N or a scheduler address "
            "(tcp://host:8786); same bytes. Needs datalchemy[dask]."
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse repairs and treat warnings as errors: every problem is listed and "
            "nothing is generated.",
        ),
    ] = False,
    existing: Annotated[
        str | None,
        typer.Option(
            "--existing",
            help="Connection string of the populated database the data is for: its keys and "
            "unique values are read (read-only) and avoided; foreign_key_strategy existing "
            "picks parents among its rows.",
            show_default=False,
        ),
    ] = None,
    base_date: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="'Today' for the data instead of the plan's base_date (the load date, when "
            "CHECKs compare with CURRENT_DATE).",
        ),
    ] = None,
    verify_with: Annotated[
        str | None,
        typer.Option(
            "--verify-with",
            help="A PostgreSQL database holding the schema (URL): CHECKs that call its "
            "functions are evaluated there on every block (rolled back, nothing written).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Start even when the dataset's estimated size exceeds the output's free space.",
        ),
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Generate data for a plan: deterministic, streaming, every constraint by construction.

    Rules that cannot be honoured as written are repaired and listed first (--strict refuses).
    """

    def body() -> CommandResult:
        from datalchemy.cli._startup import keep_freed_memory, skip_pandas_probe

        skip_pandas_probe()  # pyarrow's pandas import: this process never needs it
        keep_freed_memory()  # this process owns its allocator
        from datalchemy.api import generate
        from datalchemy.plan.io import load_plan, load_schema

        db_schema = load_schema(schema)
        the_plan = load_plan(plan)
        show = not json_output and sys.stderr.isatty()
        bar = _progress_bar() if show else None  # nothing to show: rich.progress not imported
        with bar if bar is not None else contextlib.nullcontext():
            run = generate(
                the_plan,
                db_schema,
                out,
                workers=workers,
                cluster=cluster,
                strict=strict or None,
                existing=existing,
                base_date=base_date.date() if base_date is not None else None,
                verify_with=verify_with,
                force=force,
                format=format,
                progress=_progress_of(bar) if bar is not None else None,
            )
        report = run.report
        return CommandResult(
            data={
                "run_dir": run.location,
                "report": f"{run.location}/generation_report.json",
                "rows": report.rows_written,
                "bytes": report.bytes_written,
                "duration_ms": report.duration_ms,
                "rows_per_sec": report.rows_per_sec,
                "tables": {f"{t.schema_name}.{t.table}": t.rows_written for t in report.tables},
                "warnings": len(report.warnings),
                "repairs": [r.model_dump() for r in report.repairs],
                "existing": report.existing.model_dump() if report.existing else None,
            },
            render=lambda: _render(run),
        )

    run_command("generate", json_output, body)


def _render(run: GenerationRun) -> list[RenderableType]:
    from rich.markup import escape
    from rich.table import Table

    from datalchemy.cli._repairs import render_repairs

    report = run.report
    table = Table("table", "rows", "rows/s", "file", title=f"generated into {escape(run.location)}")
    for t in report.tables:  # names are plain text, not rich markup
        table.add_row(escape(f"{t.schema_name}.{t.table}"), f"{t.rows_written:,}",
                      f"{t.rows_per_sec:,.0f}", escape(t.files[0].path))  # fmt: skip
    return [
        *([render_repairs(report.repairs)] if report.repairs else []),
        table,
        f"{report.rows_written:,} rows in {report.duration_ms / 1000:.1f}s",
        *([_existing_line(report.existing)] if report.existing else []),
    ]


def _progress_bar() -> Progress:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} rows/s"),
        TimeRemainingColumn(),
        console=err_console(),
        transient=False,
        auto_refresh=False,  # no refresh thread: workers can be forked (see executors.py)
    )


def _progress_of(bar: Progress) -> Callable[[str, int, int], None]:
    """The progress callback that moves one task of ``bar`` per table."""
    from rich.progress import TaskID

    tasks: dict[str, TaskID] = {}
    started: dict[str, float] = {}

    def progress(table: str, done: int, total: int) -> None:
        if table not in tasks:
            tasks[table] = bar.add_task(table, total=total, rate="-")
            started[table] = time.perf_counter()
        rate = done / max(time.perf_counter() - started[table], 1e-9)
        bar.update(tasks[table], completed=done, rate=f"{rate:,.0f}", refresh=True)

    return progress


def _existing_line(existing: object) -> str:
    from datalchemy.contracts.report import ExistingReport

    assert isinstance(existing, ExistingReport)
    changed = sum(sum(t.rows_changed.values()) for t in existing.tables)
    held = sum(t.rows for t in existing.tables)
    return (
        f"generated for {existing.source}: {held:,} rows held; {changed:,} generated values "
        "changed to avoid them"
    )
