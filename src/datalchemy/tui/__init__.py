"""``datalchemy tui``: the interactive workspace (Textual), built on the public API.

A setup wizard, then one screen: a header (version, workspace, active profile with its URL
redacted), a scrollable log, an input bar with a command palette (``/``), per-table progress
bars for long tasks and a status line. Slash commands keep the original tool's names
(``/introspect``, ``/plan new``, ``/generate``, ``/eval``...); every artifact lands in the
workspace (``runs/``, ``plans/``, ``out/``, ``eval/``, ``loads/``) with a manifest, in the same
files the CLI writes. See ``docs/tui.md``.

Modules: :mod:`.app` (the app), :mod:`.widgets`, :mod:`.palette`, :mod:`.commands` (one module
per command group), :mod:`.screens` (wizard, plan, preview, dialogs), :mod:`.workspace`
(layout, IDs, manifests), :mod:`.settings` (settings and profiles TOML), :mod:`.secrets`
(encrypted session connection), :mod:`.session` (the session's state), :mod:`.sanitize`.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEFAULT_WORKSPACE", "run_tui"]

#: Where ``datalchemy tui`` keeps its workspace unless told otherwise.
DEFAULT_WORKSPACE = Path("datalchemy-workspace")


def run_tui(workspace: Path = DEFAULT_WORKSPACE) -> None:
    """Run the app in the terminal until the user quits."""
    from datalchemy.tui.app import DatalchemyApp

    DatalchemyApp(workspace).run()
