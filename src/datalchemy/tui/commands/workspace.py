"""Workspace commands: /help, /status, /init, /reset, /doctor, /logs, /open, /exit."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path

from rich.text import Text

from datalchemy import redact_text
from datalchemy.errors import DatalchemyError, UsageError
from datalchemy.tui.commands.base import Args, CommandContext, CommandSpec
from datalchemy.tui.commands.render import kv_table, table
from datalchemy.tui.secrets import is_private
from datalchemy.tui.session import Session
from datalchemy.tui.workspace import ARTIFACT_VERSION, KINDS, ArtifactKind

__all__ = ["COMMANDS", "GROUP_TITLES", "find_artifact", "init_workspace"]

GROUP_TITLES = {
    "workspace": "Workspace",
    "db": "Database and profiles",
    "pipeline": "Pipeline",
    "artifacts": "Runs, plans, outputs",
    "settings": "Settings",
    "secrets": "Secrets",
}
_KEYS = [
    ("/", "open the command palette; Up/Down choose, Tab completes, Enter runs"),
    ("Esc", "clear the input, cancel a prompt or the running task; back in the wizard"),
    ("PageUp/PageDown", "scroll the log"),
    ("y / n", "answer an approval"),
    ("Ctrl+C", "quit"),
]


def _help(ctx: CommandContext, args: Args) -> None:
    specs = ctx.host.command_specs()
    for group, title in GROUP_TITLES.items():
        rows = [(s.synopsis, s.help) for s in specs if s.group == group]
        ctx.say(table(["command", ""], rows, title=title.upper()))
    ctx.say(table(["key", ""], _KEYS, title="KEYS"))


def _status(ctx: CommandContext, args: Args) -> None:
    s = ctx.session
    try:
        source = s.resolve().describe()
    except DatalchemyError:
        source = "none"
    counts = {kind: len(s.ws.list_ids(kind)) for kind in KINDS}
    ctx.say(
        kv_table(
            [
                ("workspace", f"{s.ws.root}" + ("" if s.ws.exists() else " (not created)")),
                ("profile", s.profile_label()),
                ("mode", s.settings.mode),
                ("approvals", s.settings.approval_policy),
                ("connection", source),
                ("vault", s.vault.status()),
                ("runs / plans / outputs", f"{counts['run']} / {counts['plan']} / {counts['out']}"),
                ("evaluations / loads", f"{counts['eval']} / {counts['load']}"),
                ("active run", s.active.run),
                ("active plan", s.active.plan),
                ("last output", s.active.out),
                ("last evaluation", s.active.eval),
            ],
            title="STATUS",
        )
    )


def init_workspace(session: Session) -> None:
    """Create the folders and default files that are missing (no approval asked)."""
    ws = session.ws
    ws.init()
    if not ws.settings_path.exists():
        session.save_settings()
    if not ws.profiles_path.exists():
        session.save_profiles()
    if not session.vault.meta.exists():
        session.vault.write_meta("absent")


def _init(ctx: CommandContext, args: Args) -> None:
    ws = ctx.ws
    if not ctx.approved("initialize workspace", [str(ws.root)]):
        return
    init_workspace(ctx.session)
    ctx.say(f"workspace initialized at {ws.root}", "ok")
    ctx.host.refresh_chrome()


def _reset(ctx: CommandContext, args: Args) -> None:
    from datalchemy.tui.screens.dialogs import ConfirmResetScreen

    ctx.require_workspace()
    ctx.host.show_screen(
        ConfirmResetScreen(
            ctx.ws.root, ctx.host.reset_workspace, lambda: ctx.say("reset cancelled.", "dim")
        )
    )


def _doctor(ctx: CommandContext, args: Args) -> None:
    s, ws = ctx.session, ctx.ws
    problems: list[tuple[str, str, str]] = []
    for name in ws.missing_dirs():
        problems.append(("error", f"folder {name}/ is missing", "run /init"))
    if s.profiles.active is None:
        problems.append(("warn", "no active profile", "/profiles new NAME URL"))
    elif s.profile is None:
        problems.append(
            ("error", f"active profile {s.profiles.active!r} is unknown", "/profiles set")
        )
    for kind, path in ws.manifests():
        try:
            manifest = ws.read_manifest(kind, path.parent.name)
        except DatalchemyError as exc:
            problems.append(("error", exc.message, "delete the artifact"))
            continue
        if manifest is None:
            continue
        if manifest.artifact_version != ARTIFACT_VERSION:
            problems.append(
                (
                    "warn",
                    f"{ws.relative(path)}: artifact_version {manifest.artifact_version}",
                    "written by another version",
                )
            )
        if manifest.status == "RUNNING" and not ctx.host.task_running:
            problems.append(
                (
                    "warn",
                    f"{ws.relative(path)} says RUNNING but nothing runs it",
                    "the session ended while it ran; delete it and run it again",
                )
            )
    for path in s.vault.files():
        if not is_private(path):
            problems.append(("warn", f"{ws.relative(path)} is readable by others", "chmod 600"))
    if ws.secrets_dir.is_dir() and not is_private(ws.secrets_dir):
        problems.append(("warn", "secrets/ is readable by others", "chmod 700 secrets"))
    if not problems:
        ctx.say("doctor: no issues found.", "ok")
        return
    for level, message, hint in problems:
        ctx.say(f"{level}: {message} (hint: {hint})", "error" if level == "error" else "warn")


def find_artifact(session: Session, artifact_id: str) -> tuple[ArtifactKind, Path] | None:
    for kind in KINDS:
        folder = session.ws.artifact_dir(kind, artifact_id)
        if folder.is_dir():
            return kind, folder
    return None


def _tail(path: Path, lines: int) -> list[str]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        return list(deque(fh, maxlen=lines))


def _logs(ctx: CommandContext, args: Args) -> None:
    ctx.require_workspace()
    target = args.arg(0)
    if target is None:
        path = ctx.ws.log_path
    else:
        found = find_artifact(ctx.session, target)
        if found is None:
            raise UsageError("unknown_artifact", f"no run, plan, output or evaluation {target!r}")
        candidates = sorted(found[1].rglob("logs.ndjson"))
        if not candidates:
            raise UsageError("no_logs", f"{target} has no logs.ndjson")
        path = candidates[0]
    if not path.is_file():
        raise UsageError("no_logs", f"{ctx.ws.relative(path)} does not exist")
    ctx.say(f"last lines of {ctx.ws.relative(path)}:", "dim")
    ctx.say(Text(redact_text("".join(_tail(path, 50)).rstrip())))


def _open(ctx: CommandContext, args: Args) -> None:
    given = args.arg(0)
    if given is None:
        ctx.host.prompt("File to open (relative to the workspace):", _show_file(ctx), secret=False)
        return
    _show_file(ctx)(given)


def _show_file(ctx: CommandContext) -> Callable[[str], None]:
    def show(given: str) -> None:
        path = Path(given).expanduser()
        if not path.is_absolute():
            path = ctx.ws.root / path
        path = path.resolve()
        if ctx.ws.secrets_dir.resolve() in (path, *path.parents):
            raise UsageError("secret_file", "files under secrets/ are never shown")
        if not path.is_file():
            raise UsageError(
                "file_not_found",
                f"no file {given!r}",
                hint="paths are relative to the workspace, e.g. runs/<id>/schema.json",
            )
        with path.open(encoding="utf-8", errors="replace") as fh:
            head = [line for _, line in zip(range(80), fh, strict=False)]
        ctx.say(f"{ctx.ws.relative(path)} (first {len(head)} lines):", "dim")
        ctx.say(Text(redact_text("".join(head).rstrip())))

    return show


def _exit(ctx: CommandContext, args: Args) -> None:
    ctx.host.quit()


def _exists(session: Session) -> bool:
    return session.ws.exists()


def _missing(session: Session) -> bool:
    return not session.ws.exists()


def _artifact_ids(session: Session, done: list[str]) -> list[str]:
    if done:
        return []
    return [i for kind in ("run", "out", "eval", "load") for i in session.ws.list_ids(kind)]


COMMANDS = [
    CommandSpec("/help", "list the commands and keys", "workspace", _help),
    CommandSpec(
        "/status", "workspace, profile, connection, active artifacts", "workspace", _status
    ),
    CommandSpec(
        "/init", "create the workspace folders and files", "workspace", _init, visible=_missing
    ),
    CommandSpec(
        "/reset",
        "delete the whole workspace (typed confirmation)",
        "workspace",
        _reset,
        visible=_exists,
    ),
    CommandSpec(
        "/doctor", "check the workspace: folders, profile, manifests, secrets", "workspace", _doctor
    ),
    CommandSpec(
        "/logs",
        "last 50 lines of logs/cli.log or of an artifact's log",
        "workspace",
        _logs,
        usage="[ID]",
        complete=_artifact_ids,
    ),
    CommandSpec(
        "/open", "show the first 80 lines of a workspace file", "workspace", _open, usage="[PATH]"
    ),
    CommandSpec("/exit", "quit", "workspace", _exit),
]
