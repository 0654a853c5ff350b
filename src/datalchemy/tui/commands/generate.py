"""/generate (live per-table progress, Esc cancels) and /out list|preview."""

from __future__ import annotations

import json
from pathlib import Path

from rich.table import Table

from datalchemy import GenerationReport, GenerationRun, validate_plan
from datalchemy.errors import Interrupted, PlanValidationError, UsageError
from datalchemy.runs import atomic_write_text
from datalchemy.tui.commands.artifacts import (
    CANCELLED,
    ids_of,
    list_command,
    require_ok,
    run_stage,
)
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec, TaskControl
from datalchemy.tui.workspace import OutManifest, new_id

__all__ = ["COMMANDS"]


def _generate(ctx: CommandContext, args: Args) -> None:
    from datalchemy.generate import run_generation

    ctx.require_workspace()
    s, ws = ctx.session, ctx.ws
    plan_id = s.require_active("plan")
    require_ok(ctx, "plan", plan_id)
    plan_manifest = ws.read_manifest("plan", plan_id)
    run_id = getattr(plan_manifest, "schema_run_id", None) or s.require_active("run")
    require_ok(ctx, "run", run_id)
    plan, schema = s.read_plan(plan_id), s.read_schema(run_id)
    report = validate_plan(plan, schema)  # every issue before anything is written
    if not report.ok or report.resolved is None:
        for issue in report.errors[:20]:
            ctx.say(f"error: {issue.code} {issue.path} ({issue.message})", "error")
        raise PlanValidationError(
            "plan_invalid",
            f"plan {plan_id} has errors",
            hint="/plan show or /plan edit, then /generate again",
        )
    resolved = report.resolved
    if plan.output is None:  # the plan's own output format wins over the setting
        resolved = resolved.model_copy(update={"format": s.settings.format})
    out_id = args.one("--out-id") or new_id("out")
    folder = ws.artifact_dir("out", out_id)
    if folder.exists():
        raise UsageError(
            "artifact_exists", f"output {out_id} already exists", hint="omit --out-id for a new one"
        )
    if not ctx.approved("generate dataset", [ws.relative(folder) + "/"], ["--out-id", out_id]):
        return
    manifest = OutManifest(
        out_id=out_id,
        schema_run_id=run_id,
        plan_id=plan_id,
        db_profile=s.profile_name,
        mode=resolved.format,
        seed=plan.seed,
        scale=sum(t.rows for t in plan.targets),
    )
    ws.create_artifact("out", manifest)
    profile = s.profile.model_dump(mode="json") if s.profile else {}
    atomic_write_text(folder / "config.redacted.json", json.dumps(profile, indent=2) + "\n")
    workers = s.settings.workers

    def body(control: TaskControl) -> GenerationRun:
        def progress(table: str, done: int, total: int) -> None:
            if control.cancelled:  # between blocks: the engine reports "interrupted"
                raise Interrupted("interrupted", CANCELLED)
            control.progress(table, done, total)

        def stage(root: Path) -> tuple[GenerationRun, Path]:
            run = run_generation(resolved, schema, root, workers=workers, progress=progress)
            rep = run.report
            manifest.algorithm_version = rep.algorithm_version
            manifest.summary = {
                "rows": rep.rows_written,
                "bytes": rep.bytes_written,
                "tables": len(rep.tables),
                "duration_ms": rep.duration_ms,
                "warnings": len(rep.warnings),
            }
            return run, run.path

        return run_stage(ws, "out", manifest, control, stage)

    def done(run: GenerationRun) -> None:
        s.set_active("out", out_id)
        rep = run.report
        out = Table(
            "table",
            "rows",
            "rows/s",
            "file",
            title=f"OUTPUT {out_id}",
            title_justify="left",
            header_style="bold",
        )
        for t in rep.tables:
            out.add_row(
                f"{t.schema_name}.{t.table}",
                f"{t.rows_written:,}",
                f"{t.rows_per_sec:,.0f}",
                t.files[0].path if t.files else "",
            )
        ctx.say(out)
        ctx.say(
            f"{rep.rows_written:,} rows in {rep.duration_ms / 1000:.1f}s → "
            f"{ws.relative(folder)}/ (status OK). Next: /eval, /out preview",
            "ok",
        )

    ctx.host.start_task(
        f"Generating data ({out_id})...",
        body,
        done,
        cancellable=True,
        progress_title=f"generate → out/{out_id}   (Esc cancels)",
    )


def _out_preview(ctx: CommandContext, args: Args) -> None:
    from datalchemy.tui.screens.preview import PreviewScreen

    out_id = ctx.session.require_active("out", args.arg(0))
    folder = ctx.ws.artifact_dir("out", out_id)
    files = sorted([*folder.glob("*.csv"), *folder.glob("*.parquet")])
    if not files:
        status = ctx.ws.status_of("out", out_id)
        raise UsageError(
            "no_data_files",
            f"output {out_id} holds no data files (status {status})",
            hint="a cancelled or failed generation leaves none; /generate again",
        )
    others = sorted(p.name for p in folder.iterdir() if p not in files)
    ctx.say(f"output {out_id}: {len(files)} data files; other files: {', '.join(others)}", "dim")
    rows: dict[str, int] = {}
    report_path = folder / "generation_report.json"
    if report_path.is_file():
        report = GenerationReport.model_validate_json(report_path.read_text(encoding="utf-8"))
        rows = {f.path: f.rows for t in report.tables for f in t.files}
    ctx.host.show_screen(PreviewScreen(out_id, files, rows))


COMMANDS = [
    CommandSpec(
        "/generate",
        "generate the active plan's data (per-table progress, Esc cancels)",
        "pipeline",
        _generate,
        usage="[--out-id ID]",
        options={"--out-id": "one"},
        long=True,
    ),
    CommandSpec(
        "/out list",
        "list generated outputs (* = last)",
        "artifacts",
        list_command("out", "outputs"),
    ),
    CommandSpec(
        "/out preview",
        "browse an output's files as tables",
        "artifacts",
        _out_preview,
        usage="[ID]",
        complete=ids_of("out"),
    ),
]
