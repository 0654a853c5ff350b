"""The slash commands, one module per group; ``ALL_COMMANDS`` in palette order.

Names follow the original tool (``/introspect``, ``/plan new``, ``/generate``, ``/eval``...);
``/load``, ``/loads list``, ``/eval open`` and ``/eval list`` are ours.
"""

from __future__ import annotations

from datalchemy.tui.commands import (
    db,
    evaluate,
    generate,
    introspect,
    load,
    plan,
    secrets,
    settings,
    workspace,
)
from datalchemy.tui.commands.base import CommandSpec

__all__ = ["ALL_COMMANDS"]

ALL_COMMANDS: list[CommandSpec] = [
    *workspace.COMMANDS[:2],  # /help, /status first
    *introspect.COMMANDS[:1],
    *plan.COMMANDS[:4],
    *generate.COMMANDS[:1],
    *evaluate.COMMANDS[:2],
    *load.COMMANDS[:1],
    *introspect.COMMANDS[1:],
    *plan.COMMANDS[4:],
    *generate.COMMANDS[1:],
    *evaluate.COMMANDS[2:],
    *load.COMMANDS[1:],
    *settings.COMMANDS,
    *db.COMMANDS,
    *secrets.COMMANDS,
    *workspace.COMMANDS[2:],
]
