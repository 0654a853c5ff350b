"""/eval (offline verification of an output, summary in the log) and /eval open (report.html)."""

from __future__ import annotations

import shutil

from rich.table import Table

from datalchemy import EvaluationRun, Plan, evaluate
from datalchemy.errors import UsageError
from datalchemy.tui.commands.artifacts import ids_of, list_command, require_ok
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec, Level, TaskControl
from datalchemy.tui.workspace import EvalManifest, new_id

__all__ = ["COMMANDS"]


def _eval(ctx: CommandContext, args: Args) -> None:
    ctx.require_workspace()
    s, ws = ctx.session, ctx.ws
    out_id = s.require_active("out", args.one("--out-id") or args.arg(0))
    require_ok(ctx, "out", out_id)
    out_manifest = ws.read_manifest("out", out_id)
    run_id = getattr(out_manifest, "schema_run_id", None) or s.require_active("run")
    plan_id = getattr(out_manifest, "plan_id", None)
    eval_id = args.one("--eval-id") or new_id("eval")
    folder = ws.artifact_dir("eval", eval_id)
    if folder.exists():
        raise UsageError("artifact_exists", f"evaluation {eval_id} already exists")
    extra = ["--out-id", out_id, "--eval-id", eval_id]
    if not ctx.approved("evaluate dataset " + out_id, [ws.relative(folder) + "/"], extra):
        return
    schema = s.read_schema(run_id)
    plan: Plan | None = None
    if plan_id and (ws.artifact_dir("plan", plan_id) / "plan.json").is_file():
        plan = s.read_plan(plan_id)
    manifest = EvalManifest(
        eval_id=eval_id,
        out_id=out_id,
        schema_run_id=run_id,
        plan_id=plan_id,
        db_profile=s.profile_name,
    )
    ws.create_artifact("eval", manifest)
    data = ws.artifact_dir("out", out_id)

    def body(control: TaskControl) -> EvaluationRun:
        try:
            ev = evaluate(schema, plan, data, out=folder)
            # The original's name for the metrics, kept so its readers find them.
            shutil.copyfile(folder / "metrics.json", folder / "evaluation_report.json")
            m = ev.metrics
            manifest.checks_enabled = [x.kind for x in m.summary]
            manifest.summary = {
                "status": m.status,
                "violations": m.violations_total,
                "not_evaluated": m.not_evaluated_total,
                "tables": len(m.tables),
                "warnings": len(m.warnings),
            }
        except BaseException as exc:
            ws.finish("eval", manifest, "ERROR", exc)
            raise
        ws.finish("eval", manifest, "OK")
        return ev

    def done(ev: EvaluationRun) -> None:
        s.set_active("eval", eval_id)
        m = ev.metrics
        level: Level = "ok" if m.status == "ok" else "warn"
        ctx.say(
            f"evaluation {eval_id} of {out_id}: {m.status.upper()}, "
            f"{m.violations_total} violations, {m.not_evaluated_total} not evaluated, "
            f"{len(m.warnings)} warnings",
            level,
        )
        out = Table(
            "constraint",
            "checked",
            "violated",
            "violations",
            "not evaluated",
            title="EVALUATION SUMMARY",
            title_justify="left",
            header_style="bold",
        )
        for row in m.summary:
            out.add_row(
                row.kind,
                str(row.checked),
                str(row.violated),
                str(row.violations),
                str(row.not_evaluated),
            )
        ctx.say(out)
        found = sum(t.rows_found for t in m.tables)
        off = [
            t for t in m.tables if t.rows_expected is not None and t.rows_found != t.rows_expected
        ]
        ctx.say(
            f"{len(m.tables)} tables, {found:,} rows"
            + ("" if off else " (every table as planned)"),
            level,
        )
        for t in off:
            ctx.say(
                f"  {t.table}: {t.rows_found:,} rows, the plan asked {t.rows_expected:,}", "warn"
            )
        ctx.say(f"report: {ws.relative(folder)}/report.html — open it with /eval open", "dim")

    ctx.host.start_task(f"Evaluating dataset {out_id}...", body, done)


def _eval_open(ctx: CommandContext, args: Args) -> None:
    eval_id = ctx.session.require_active("eval", args.arg(0))
    report = ctx.ws.artifact_dir("eval", eval_id) / "report.html"
    if not report.is_file():
        raise UsageError(
            "no_report",
            f"evaluation {eval_id} has no report.html",
            hint="the evaluation did not finish; run /eval again",
        )
    ctx.host.open_path(report)
    ctx.say(f"opened {ctx.ws.relative(report)}", "ok")


COMMANDS = [
    CommandSpec(
        "/eval",
        "verify an output offline: constraints, stats, plan intent",
        "pipeline",
        _eval,
        usage="[OUT_ID] [--out-id ID] [--eval-id ID]",
        options={"--out-id": "one", "--eval-id": "one"},
        complete=ids_of("out"),
        long=True,
    ),
    CommandSpec(
        "/eval open",
        "open an evaluation's report.html in the browser",
        "pipeline",
        _eval_open,
        usage="[EVAL_ID]",
        complete=ids_of("eval"),
    ),
    CommandSpec(
        "/eval list",
        "list evaluations (* = last)",
        "artifacts",
        list_command("eval", "evaluations"),
    ),
]
