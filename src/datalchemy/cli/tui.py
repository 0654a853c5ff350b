"""`datalchemy tui`: the interactive workspace (setup wizard, slash commands, live progress)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

__all__ = ["tui_command"]


def tui_command(
    workspace: Annotated[
        Path,
        typer.Option(
            "--workspace",
            help="Workspace folder (created by the setup wizard when missing).",
        ),
    ] = Path("datalchemy-workspace"),
) -> None:
    """Interactive workspace: guided setup, then /introspect, /plan new, /generate, /eval, /load."""
    from datalchemy.tui import run_tui

    run_tui(workspace)
