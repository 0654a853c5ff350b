"""/plan new|edit|show|validate and /plans list|set."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from datalchemy import DatabaseSchema, Plan, ValidationReport, suggest_plan, validate_plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.errors import PlanValidationError, UsageError
from datalchemy.runs import atomic_write_text, utc_now_iso
from datalchemy.tui.commands.artifacts import ids_of, list_command, require_ok
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec, Level, TaskControl
from datalchemy.tui.plan_edit import summarize
from datalchemy.tui.workspace import PlanManifest, new_id

__all__ = ["COMMANDS", "write_plan"]


def _plan_manifest(ctx: CommandContext, plan_id: str) -> PlanManifest:
    manifest = ctx.ws.read_manifest("plan", plan_id)
    if isinstance(manifest, PlanManifest):
        return manifest
    return PlanManifest(plan_id=plan_id, status="OK", provider="file", model="cli")


def write_plan(
    ctx: CommandContext, plan_id: str, plan: Plan, schema: DatabaseSchema
) -> ResolvedPlan:
    """Validate ``plan``; when it has no error, write plan.json and stamp the manifest."""
    report = validate_plan(plan, schema)
    if not report.ok or report.resolved is None:
        raise PlanValidationError(
            "plan_invalid",
            "; ".join(f"{i.code} {i.path}: {i.message}" for i in report.errors[:3]),
            hint="fix the rule; plan.json was not changed",
        )
    folder = ctx.ws.artifact_dir("plan", plan_id)
    atomic_write_text(folder / "plan.json", plan.to_json())
    manifest = _plan_manifest(ctx, plan_id)
    manifest.summary = {**manifest.summary, "edited_at": utc_now_iso(), **_counts(plan, report)}
    ctx.ws.write_manifest("plan", manifest)
    return report.resolved


def _counts(plan: Plan, report: ValidationReport) -> dict[str, int]:
    s = summarize(plan)
    return {
        "tables": s.tables,
        "generator_rules": s.generator_rules,
        "rows_total": s.rows_total,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
    }


def _plan_new(ctx: CommandContext, args: Args) -> None:
    ctx.require_workspace()
    s, ws = ctx.session, ctx.ws
    run_id = s.require_active("run")
    require_ok(ctx, "run", run_id)
    rows = args.integer("--rows", s.settings.rows)
    locale = args.one("--locale") or s.settings.locale
    base_date = _base_date(args.one("--base-date") or s.settings.base_date)
    plan_id = args.one("--plan-id") or new_id("plan")
    folder = ws.artifact_dir("plan", plan_id)
    if folder.exists():
        raise UsageError("artifact_exists", f"plan {plan_id} already exists")
    if not ctx.approved(
        "create plan artifacts", [ws.relative(folder) + "/"], ["--plan-id", plan_id]
    ):
        return
    schema = s.read_schema(run_id)
    manifest = PlanManifest(
        plan_id=plan_id,
        schema_run_id=run_id,
        db_profile=s.profile_name,
        schema_fingerprint=schema.fingerprint,
    )
    ws.create_artifact("plan", manifest)

    def body(control: TaskControl) -> Plan:
        try:
            plan, notes = suggest_plan(schema, rows=rows, locale=locale, base_date=base_date)
            atomic_write_text(folder / "plan.json", plan.to_json())
            explained = [n.model_dump(mode="json") for n in notes]
            atomic_write_text(folder / "notes.json", json.dumps(explained, indent=2) + "\n")
            report = validate_plan(plan, schema)
            manifest.plan_version = plan.plan_version
            manifest.summary = {"rows": rows, "locale": locale, **_counts(plan, report)}
        except BaseException as exc:
            ws.finish("plan", manifest, "ERROR", exc)
            raise
        ws.finish("plan", manifest, "OK")
        return plan

    def done(plan: Plan) -> None:
        s.set_active("plan", plan_id)
        summary = summarize(plan)
        ctx.say(
            f"plan created: {summary.tables} tables, {summary.generator_rules} generator "
            f"rules, {summary.rows_total:,} rows total. → {ws.relative(folder)}/plan.json",
            "ok",
        )
        ctx.say("active plan set. /plan show explains every column; next: /generate", "dim")

    ctx.host.start_task("Generating a plan...", body, done)


def _base_date(text: str) -> date:
    """``today`` (the date data is made for, so CHECKs on CURRENT_DATE hold at load) or a date."""
    if text == "today":
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            "bad_date", f"{text!r} is not a date", hint="YYYY-MM-DD or today"
        ) from None


def _active_plan(ctx: CommandContext, given: str | None = None) -> tuple[str, Plan, DatabaseSchema]:
    s = ctx.session
    plan_id = s.require_active("plan", given)
    manifest = ctx.ws.read_manifest("plan", plan_id)
    run_id = getattr(manifest, "schema_run_id", None) or s.require_active("run")
    return plan_id, s.read_plan(plan_id), s.read_schema(run_id)


def _print_issues(ctx: CommandContext, report: ValidationReport) -> None:
    for issue in report.issues:
        level: Level = "error" if issue.severity == "error" else "warn"
        ctx.say(f"{issue.severity}: {issue.code} {issue.path} ({issue.message})", level)
    if report.ok:
        ctx.say(
            "plan validation ok."
            + (f" ({len(report.warnings)} warnings)" if report.warnings else ""),
            "ok",
        )


def _plan_validate(ctx: CommandContext, args: Args) -> None:
    _, plan, schema = _active_plan(ctx, args.arg(0))
    _print_issues(ctx, validate_plan(plan, schema))


def _plan_show(ctx: CommandContext, args: Args) -> None:
    from datalchemy.tui.screens.plan import PlanScreen

    plan_id, plan, schema = _active_plan(ctx, args.arg(0))

    def body(control: TaskControl) -> ValidationReport:
        return validate_plan(plan, schema)

    def done(report: ValidationReport) -> None:
        if report.resolved is None:
            _print_issues(ctx, report)
            ctx.say("the plan has errors: fix them with /plan edit", "error")
            return
        summary = summarize(plan)
        ctx.say(
            f"plan {plan_id}: seed {plan.seed}, locale {report.resolved.locale}, "
            f"{summary.tables} tables, {summary.generator_rules} rules, "
            f"{len(plan.rules_unsupported)} unsupported"
        )
        confirm = ctx.session.settings.approval_policy == "ask_each_time"
        notes_path = ctx.ws.artifact_dir("plan", plan_id) / "notes.json"
        notes: dict[tuple[str, str], dict[str, Any]] = {}
        if notes_path.is_file():
            for note in json.loads(notes_path.read_text(encoding="utf-8")):
                notes[(note["table"], note["column"])] = note
        ctx.host.show_screen(
            PlanScreen(
                plan_id,
                plan,
                report.resolved,
                lambda p: write_plan(ctx, plan_id, p, schema),
                confirm,
                notes,
            )
        )

    ctx.host.start_task("Resolving the plan...", body, done)


def _plan_edit(ctx: CommandContext, args: Args) -> None:
    plan_id, _, schema = _active_plan(ctx, args.arg(0))
    path = ctx.ws.artifact_dir("plan", plan_id) / "plan.json"
    if not ctx.approved("edit plan " + plan_id, [ctx.ws.relative(path)]):
        return
    code = ctx.host.run_editor(path)
    ctx.say(f"editor exited with status {code}", "dim" if code == 0 else "warn")
    plan = ctx.session.read_plan(plan_id)
    report = validate_plan(plan, schema)
    _print_issues(ctx, report)
    manifest = _plan_manifest(ctx, plan_id)
    manifest.summary = {**manifest.summary, "edited_at": utc_now_iso(), **_counts(plan, report)}
    ctx.ws.write_manifest("plan", manifest)


def _plans_set(ctx: CommandContext, args: Args) -> None:
    given = args.arg(0)
    if not given:
        raise UsageError("missing_argument", "give the plan ID", hint="/plans list")
    plan_id = ctx.session.require_active("plan", given)
    if not ctx.approved("set active plan", [ctx.ws.relative(ctx.ws.settings_path)]):
        return
    ctx.session.set_active("plan", plan_id)
    ctx.say(f"active plan: {plan_id}", "ok")


COMMANDS = [
    CommandSpec(
        "/plan new",
        "suggest a complete plan for the active run's schema",
        "pipeline",
        _plan_new,
        usage="[--rows N] [--locale L] [--base-date D] [--plan-id ID]",
        options={"--rows": "one", "--locale": "one", "--base-date": "one", "--plan-id": "one"},
        long=True,
    ),
    CommandSpec(
        "/plan show",
        "every column's generator and why; Enter edits in place",
        "pipeline",
        _plan_show,
        usage="[ID]",
        complete=ids_of("plan"),
        long=True,
    ),
    CommandSpec(
        "/plan edit",
        "open plan.json in $EDITOR, then validate it",
        "pipeline",
        _plan_edit,
        usage="[ID]",
        complete=ids_of("plan"),
    ),
    CommandSpec(
        "/plan validate",
        "every issue of the active plan",
        "pipeline",
        _plan_validate,
        usage="[ID]",
        complete=ids_of("plan"),
    ),
    CommandSpec(
        "/plans list", "list plans (* = active)", "artifacts", list_command("plan", "plans")
    ),
    CommandSpec(
        "/plans set",
        "make a plan active",
        "artifacts",
        _plans_set,
        usage="ID",
        complete=ids_of("plan"),
    ),
]
