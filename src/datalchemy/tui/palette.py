"""The command palette: which commands (or IDs) match what is typed, and command lookup.

Pure functions over the command specs and the session, so they are tested without an app.

Example:
    >>> from pathlib import Path
    >>> from datalchemy.tui.commands import ALL_COMMANDS
    >>> from datalchemy.tui.session import Session
    >>> from datalchemy.tui.workspace import Workspace
    >>> session = Session(Workspace(Path("/nonexistent")))
    >>> [c for c, _, _ in palette_entries(ALL_COMMANDS, session, "/plan ")][:2]
    ['/plan new', '/plan show']
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from datalchemy.tui.commands.base import CommandSpec
from datalchemy.tui.session import Session

__all__ = ["Entry", "find_command", "groups", "palette_entries"]

#: (text the input becomes, what the palette shows, description)
Entry = tuple[str, str, str]
_MAX = 80  # every command fits; the palette scrolls


def find_command(specs: Sequence[CommandSpec], tokens: list[str]) -> tuple[CommandSpec, int] | None:
    """The spec whose name is the longest prefix of ``tokens``, and how many tokens it took."""
    best: tuple[CommandSpec, int] | None = None
    for spec in specs:
        words = spec.name.split()
        if tokens[: len(words)] == words and (best is None or len(words) > best[1]):
            best = (spec, len(words))
    return best


def groups(specs: Sequence[CommandSpec]) -> set[str]:
    """First words of multi-word commands (``/plan``, ``/runs``...)."""
    return {s.name.split()[0] for s in specs if " " in s.name}


def _visible(spec: CommandSpec, session: Session) -> bool:
    return spec.visible is None or spec.visible(session)


def palette_entries(specs: Sequence[CommandSpec], session: Session, text: str) -> list[Entry]:
    """What the palette lists for ``text`` (empty unless it starts with ``/``)."""
    if not text.startswith("/"):
        return []
    entries: list[Entry] = []
    for spec in specs:
        if not _visible(spec, session):
            continue
        if spec.name.startswith(text):
            entries.append((spec.name, spec.synopsis, spec.help))
    if entries:
        return entries[:_MAX]
    # Arguments are being typed: offer the spec, then real IDs / keys / values for the next one.
    try:
        tokens = shlex.split(text)
    except ValueError:
        return []
    found = find_command(specs, tokens)
    if found is None:
        return []
    spec, used = found
    args = tokens[used:]
    typing_new_word = text.endswith(" ")
    done, partial = (args, "") if typing_new_word else (args[:-1], args[-1] if args else "")
    entries = [(text, spec.synopsis, spec.help)]
    if spec.complete is not None:
        head = " ".join([spec.name, *(shlex.quote(a) for a in done)])
        for candidate in spec.complete(session, done):
            if candidate.startswith(partial) and candidate != partial:
                entries.append((f"{head} {candidate}", f"{head} {candidate}", ""))
    return entries[:_MAX]
