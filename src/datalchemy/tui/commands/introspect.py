"""/introspect and /runs list|set|inspect|delete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from datalchemy import IntrospectRun, run_introspect
from datalchemy.errors import UsageError
from datalchemy.runs import atomic_write_text
from datalchemy.tui.commands.artifacts import ids_of, inspect_manifest, list_command, run_stage
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec, TaskControl
from datalchemy.tui.commands.render import kv_table
from datalchemy.tui.workspace import RunManifest, new_id

__all__ = ["COMMANDS"]


def _introspect(ctx: CommandContext, args: Args) -> None:
    ctx.require_workspace()
    s, ws = ctx.session, ctx.ws
    conn = s.resolve()
    profile = s.profile
    schemas = args.many("--schema") or (profile.schemas if profile else []) or None
    system = args.flag("--include-system-schemas")
    run_id = args.one("--run-id") or new_id("run")
    folder = ws.artifact_dir("run", run_id)
    if folder.exists():
        raise UsageError("artifact_exists", f"run {run_id} already exists")
    if not ctx.approved("create run artifacts", [ws.relative(folder) + "/"], ["--run-id", run_id]):
        return
    options = {"schemas": schemas, "include_system_schemas": system}
    manifest = RunManifest(
        run_id=run_id, db_profile=s.profile_name or conn.source, introspect_options=options
    )
    ws.create_artifact("run", manifest)
    config = conn.info.to_config()  # redacted: the original's config.redacted.json
    atomic_write_text(folder / "config.redacted.json", _json(config))

    def body(control: TaskControl) -> IntrospectRun:
        def stage(root: Path) -> tuple[IntrospectRun, Path]:
            run = run_introspect(
                conn.info, schemas=schemas, include_system_schemas=system, run_root=root
            )
            c = run.result.metrics.counts
            manifest.schema_fingerprint = run.result.schema.fingerprint
            manifest.schema_version = run.result.schema.schema_version
            manifest.summary = {
                "engine": run.result.schema.engine,
                "schemas": [sc.name for sc in run.result.schema.schemas],
                "tables": c.tables,
                "columns": c.columns,
                "foreign_keys": c.foreign_keys,
                "checks": c.checks,
                "warnings": len(run.result.warnings),
            }
            return run, run.run_dir

        return run_stage(ws, "run", manifest, control, stage)

    def done(run: IntrospectRun) -> None:
        s.set_active("run", run_id)
        c = run.result.metrics.counts
        ctx.say(
            f"run {run_id}: {c.tables} tables, {c.columns} columns, {c.foreign_keys} FKs, "
            f"{c.uniques} UNIQUEs, {c.checks} CHECKs → {ws.relative(folder)}/schema.json",
            "ok",
        )
        for w in run.result.warnings[:10]:
            ctx.say(f"warning {w.code}: {w.path}: {w.message}", "warn")
        ctx.say("active run set. Next: /plan new", "dim")

    ctx.host.start_task("Introspecting database...", body, done)


def _json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _runs_set(ctx: CommandContext, args: Args) -> None:
    given = args.arg(0)
    if not given:
        raise UsageError("missing_argument", "give the run ID", hint="/runs list")
    run_id = ctx.session.require_active("run", given)
    if not ctx.approved("set active run", [ctx.ws.relative(ctx.ws.settings_path)]):
        return
    ctx.session.set_active("run", run_id)
    ctx.say(f"active run: {run_id}", "ok")


def _runs_inspect(ctx: CommandContext, args: Args) -> None:
    run_id = ctx.session.require_active("run", args.arg(0))
    inspect_manifest(ctx, "run", run_id)
    schema_path = ctx.ws.artifact_dir("run", run_id) / "schema.json"
    if schema_path.is_file():
        schema = ctx.session.read_schema(run_id)
        rows = [(f"{sc.name}", f"{len(sc.tables)} tables") for sc in schema.schemas]
        ctx.say(kv_table(rows, title="SCHEMAS"))


def _runs_delete(ctx: CommandContext, args: Args) -> None:
    given = args.arg(0)
    if not given:
        raise UsageError("missing_argument", "give the run ID to delete", hint="/runs list")
    run_id = ctx.session.require_active("run", given)
    folder = ctx.ws.artifact_dir("run", run_id)
    if not ctx.approved("delete run " + run_id, [ctx.ws.relative(folder) + "/"]):
        return
    shutil.rmtree(folder)
    if ctx.session.active.run == run_id:
        ctx.session.set_active("run", None)
    ctx.say(f"run {run_id} deleted", "ok")


COMMANDS = [
    CommandSpec(
        "/introspect",
        "read the database's structure into a new run (schema.json)",
        "pipeline",
        _introspect,
        usage="[--schema S]... [--include-system-schemas] [--run-id ID]",
        options={"--schema": "many", "--include-system-schemas": "flag", "--run-id": "one"},
        long=True,
    ),
    CommandSpec(
        "/runs list",
        "list introspection runs (* = active)",
        "artifacts",
        list_command("run", "runs"),
    ),
    CommandSpec(
        "/runs set", "make a run active", "artifacts", _runs_set, usage="ID", complete=ids_of("run")
    ),
    CommandSpec(
        "/runs inspect",
        "a run's manifest, options and schemas",
        "artifacts",
        _runs_inspect,
        usage="[ID]",
        complete=ids_of("run"),
    ),
    CommandSpec(
        "/runs delete",
        "delete a run folder",
        "artifacts",
        _runs_delete,
        usage="ID",
        complete=ids_of("run"),
    ),
]
