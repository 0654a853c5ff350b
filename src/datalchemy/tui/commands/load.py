"""/load: an output into a profile's database (per-table progress, Esc cancels and rolls back)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from datalchemy import LoadRun
from datalchemy.errors import UsageError
from datalchemy.tui.commands.artifacts import list_command, require_ok, run_stage
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec, TaskControl
from datalchemy.tui.session import Session
from datalchemy.tui.settings import SETTING_CHOICES
from datalchemy.tui.workspace import LoadManifest, new_id

if TYPE_CHECKING:
    from datalchemy.load.dataset import DatasetTable

__all__ = ["COMMANDS"]


def _load(ctx: CommandContext, args: Args) -> None:
    from datalchemy.load import run_load

    ctx.require_workspace()
    s, ws = ctx.session, ctx.ws
    if s.settings.mode != "insert":
        raise UsageError(
            "readonly_mode",
            f"/load writes into a database and the mode is {s.settings.mode}",
            hint="/settings set mode insert",
        )
    out_id = s.require_active("out", args.one("--out-id") or args.arg(0))
    require_ok(ctx, "out", out_id)
    out_manifest = ws.read_manifest("out", out_id)
    run_id = getattr(out_manifest, "schema_run_id", None) or s.require_active("run")
    profile_name = args.one("--profile") or s.profile_name
    if profile_name is None:
        raise UsageError("no_active_profile", "there is no active profile", hint="--profile NAME")
    target = s.connection_for_profile(profile_name)
    mode = args.one("--mode") or s.settings.load_mode
    if mode not in SETTING_CHOICES["load_mode"]:
        raise UsageError(
            "bad_load_mode", f"unknown load mode {mode!r}", hint="append, truncate or recreate"
        )
    load_id = args.one("--load-id") or new_id("load")
    folder = ws.artifact_dir("load", load_id)
    if folder.exists():
        raise UsageError("artifact_exists", f"load {load_id} already exists")
    reason = f"load dataset {out_id} into {profile_name} ({target.info.redacted}, {mode})"
    extra = ["--out-id", out_id, "--profile", profile_name, "--load-id", load_id]
    if not ctx.approved(reason, [ws.relative(folder) + "/", target.info.redacted], extra):
        return
    schema = s.read_schema(run_id)
    manifest = LoadManifest(
        load_id=load_id,
        out_id=out_id,
        schema_run_id=run_id,
        db_profile=s.profile_name,
        target_profile=profile_name,
        target=target.info.redacted,
        load_mode=mode,
    )
    ws.create_artifact("load", manifest)
    data = ws.artifact_dir("out", out_id)

    def body(control: TaskControl) -> LoadRun:
        def progress(table: DatasetTable, done: int) -> None:
            if control.cancelled:
                # run_load rolls back and reports "interrupted" for a KeyboardInterrupt.
                raise KeyboardInterrupt
            control.progress(table.qualified, done, table.bytes)

        def stage(root: Path) -> tuple[LoadRun, Path]:
            run = run_load(
                data, schema, target.info.secret_url, mode=mode, out=root, progress=progress
            )
            rep = run.report
            manifest.summary = {
                "rows": rep.rows_loaded,
                "counts_verified": rep.counts_verified,
                "duration_ms": rep.duration_ms,
                "strategy": rep.strategy,
            }
            assert run.path is not None  # not a dry run
            return run, run.path

        return run_stage(ws, "load", manifest, control, stage)

    def done(run: LoadRun) -> None:
        rep = run.report
        out = Table(
            "table",
            "rows loaded",
            "rows after",
            title=f"LOAD {load_id}",
            title_justify="left",
            header_style="bold",
        )
        for t in rep.tables:
            out.add_row(
                f"{t.schema_name}.{t.table}",
                f"{t.rows_loaded:,}",
                "-" if t.rows_after is None else f"{t.rows_after:,}",
            )
        ctx.say(out)
        verified = "counts verified" if rep.counts_verified else "counts NOT verified"
        ctx.say(
            f"{rep.rows_loaded:,} rows loaded into {profile_name} ({rep.strategy}), "
            f"{verified} → {ws.relative(folder)}/load_report.json",
            "ok",
        )

    ctx.host.start_task(
        f"Loading {out_id} into {profile_name}...",
        body,
        done,
        cancellable=True,
        progress_title=f"load → {profile_name}   (Esc cancels, rolls back)",
        progress_unit="bytes",
    )


def _profiles(session: Session, done: list[str]) -> list[str]:
    if done and done[-1] == "--profile":
        return sorted(session.profiles.profiles)
    if done and done[-1] == "--mode":
        return list(SETTING_CHOICES["load_mode"])
    if done and done[-1] == "--out-id":
        return list(reversed(session.ws.list_ids("out")))
    return ["--profile", "--mode", "--out-id"]


COMMANDS = [
    CommandSpec(
        "/load",
        "load an output into a profile's database (verified, Esc cancels)",
        "pipeline",
        _load,
        usage="[OUT_ID] [--profile NAME] [--mode append|truncate|recreate]",
        options={"--out-id": "one", "--profile": "one", "--mode": "one", "--load-id": "one"},
        complete=_profiles,
        long=True,
    ),
    CommandSpec("/loads list", "list loads", "artifacts", list_command("load", "loads")),
]
