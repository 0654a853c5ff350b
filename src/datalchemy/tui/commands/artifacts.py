"""Shared steps of the pipeline commands: run a stage into an artifact folder, settle its manifest.

A stage (``run_introspect``, ``run_generation``, ``run_load``) writes its own folder
``<timestamp>__<stage>_<id>`` under the artifact folder. :func:`run_stage` moves the files up
when the stage finished, and otherwise leaves the folder where it is (a generation's stays
``.partial``), records it in the manifest and sets the status: ``CANCELLED`` when the user
pressed Esc, ``ERROR`` for any other failure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from rich.table import Table

from datalchemy.errors import Interrupted, UsageError
from datalchemy.tui.commands.base import Args, CommandContext, TaskControl
from datalchemy.tui.commands.render import artifact_table, kv_table
from datalchemy.tui.session import Session
from datalchemy.tui.workspace import (
    MANIFEST_NAMES,
    ArtifactKind,
    Manifest,
    Status,
    Workspace,
    adopt_stage_folder,
)

__all__ = [
    "CANCELLED",
    "ids_of",
    "inspect_manifest",
    "list_command",
    "run_stage",
    "stage_folders",
]

M = TypeVar("M", bound=Manifest)
T = TypeVar("T")

CANCELLED = "cancelled from the TUI (Esc)"


def stage_folders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir())


def run_stage(
    ws: Workspace,
    kind: ArtifactKind,
    manifest: M,
    control: TaskControl,
    stage: Callable[[Path], tuple[T, Path]],
) -> T:
    """Run ``stage(artifact folder) -> (result, stage folder)`` and settle the manifest.

    On success the stage folder's files move up and the manifest says OK; on failure the
    manifest says CANCELLED (Esc) or ERROR, with the error and the stage folder it left.
    The caller fills ``manifest.summary`` from the result before or after; it is written here.
    """
    folder = ws.artifact_dir(kind, manifest.artifact_id())
    try:
        result, stage_dir = stage(folder)
        adopt_stage_folder(stage_dir, folder)
    except BaseException as exc:
        left = [ws.relative(p) for p in stage_folders(folder)]
        manifest.stage_dir = left[0] if left else None
        status: Status = (
            "CANCELLED" if control.cancelled or isinstance(exc, Interrupted) else "ERROR"
        )
        ws.finish(kind, manifest, status, exc)
        if control.cancelled and not isinstance(exc, Interrupted):
            raise Interrupted("interrupted", CANCELLED) from exc
        raise
    ws.finish(kind, manifest, "OK")
    return result


def ids_of(kind: ArtifactKind) -> Callable[[Session, list[str]], list[str]]:
    """A completer listing the artifact IDs of ``kind`` (newest first) for the first argument."""

    def complete(session: Session, done: list[str]) -> list[str]:
        return [] if done else list(reversed(session.ws.list_ids(kind)))

    return complete


def list_command(kind: ArtifactKind, title: str) -> Callable[[CommandContext, Args], None]:
    def handler(ctx: CommandContext, args: Args) -> None:
        active = getattr(ctx.session.active, kind, None)
        if not ctx.ws.list_ids(kind):
            ctx.say(f"no {title} yet", "dim")
            return
        out: Table = artifact_table(ctx.session, kind, active)
        out.title = title.upper()
        ctx.say(out)

    return handler


def inspect_manifest(ctx: CommandContext, kind: ArtifactKind, artifact_id: str) -> None:
    manifest = ctx.ws.read_manifest(kind, artifact_id)
    folder = ctx.ws.artifact_dir(kind, artifact_id)
    if manifest is None:
        ctx.say(f"{artifact_id} has no {MANIFEST_NAMES[kind]} (written by the CLI)", "warn")
        rows: list[tuple[str, object]] = []
    else:
        data = manifest.model_dump(mode="json")
        summary = data.pop("summary", {})
        rows = [(k, v) for k, v in data.items() if v not in (None, [], {})]
        rows += [(f"  {k}", v) for k, v in summary.items()]
    rows.append(("files", ", ".join(sorted(p.name for p in folder.iterdir()))))
    ctx.say(kv_table(rows, title=f"{kind.upper()} {artifact_id}"))


def require_ok(ctx: CommandContext, kind: ArtifactKind, artifact_id: str) -> None:
    """Refuse an input artifact that did not finish (a CANCELLED dataset is not a dataset)."""
    status = ctx.ws.status_of(kind, artifact_id)
    if not status.startswith("OK"):
        raise UsageError(
            f"{kind}_not_ok",
            f"{kind} {artifact_id} has status {status}",
            hint="use one that finished (see the list command), or create it again",
        )


def relative_all(ws: Workspace, paths: Sequence[Path]) -> list[str]:
    return [ws.relative(p) + ("/" if not p.suffix else "") for p in paths]
