"""The cycle collector, paused while the command line starts and resumed when the engine starts.

Start-up (the modules, the contracts, the generator catalog, plan resolution) builds a heap of
a few hundred thousand objects that live until exit and hold almost no garbage. CPython's
collector still walks them again and again as they are built: about 150 passes, 0.04 CPU-s of
a ``generate`` run's start-up. The ``datalchemy generate`` process calls :func:`pause` first;
:func:`resume`, called by the engine when the run starts, freezes what start-up built
(``gc.freeze``: the collector never walks it again) and turns collection back on, so the
cycles the run itself creates are collected as usual.

A program that uses the library never calls :func:`pause`, so :func:`resume` leaves its
collector alone.

Example:
    >>> import gc
    >>> resume()  # nothing was paused: nothing changes
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc

__all__ = ["pause", "resume"]

_paused = False


def pause() -> None:
    """Stop automatic collection until :func:`resume` (the command line only)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """If :func:`pause` stopped collection: freeze what exists now, and collect again."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
