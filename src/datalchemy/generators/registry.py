"""The catalog: every generator and transform, by ID.

Modules register their classes with :func:`register` (generators) and :func:`register_transform`.
The registry imports the family modules lazily the first time it is asked for anything, so
``import datalchemy`` stays fast.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any, TypeVar

from datalchemy.errors import DatalchemyError
from datalchemy.generators.base import Generator, Transform

__all__ = [
    "FAMILY_MODULES",
    "UnknownGenerator",
    "all_generators",
    "all_transforms",
    "get_generator",
    "get_transform",
    "register",
    "register_instance",
    "register_transform",
]

#: Modules that define generators and transforms, imported on first use.
FAMILY_MODULES: tuple[str, ...] = (
    "datalchemy.generators.primitive",
    "datalchemy.generators.semantic_br",
    "datalchemy.generators.faker_bridge",
    "datalchemy.generators.semantic",
    "datalchemy.generators.domain",
    "datalchemy.generators.derive",
    "datalchemy.generators.transforms",
)

_generators: dict[str, Generator[Any]] = {}
_transforms: dict[str, Transform[Any]] = {}
_loaded = False
_lock = threading.Lock()

G = TypeVar("G", bound=type[Generator[Any]])
T = TypeVar("T", bound=type[Transform[Any]])


class UnknownGenerator(DatalchemyError):
    """No generator or transform has this ID."""

    exit_code = 3


def register(cls: G) -> G:
    """Class decorator: add a generator to the catalog (IDs must be unique)."""
    _add(_generators, cls.id, cls())
    return cls


def register_transform(cls: T) -> T:
    """Class decorator: add a transform to the catalog."""
    _add(_transforms, cls.id, cls())
    return cls


def register_instance(gen: Generator[Any]) -> None:
    """Add an already-built generator (for families built from tables, such as aliases)."""
    _add(_generators, gen.id, gen)


V = TypeVar("V")


def _add(table: dict[str, V], key: str, value: V) -> None:
    if not key:
        raise ValueError(f"{type(value).__name__} has no id")
    if key in table:
        raise ValueError(f"duplicate catalog id {key!r}")
    table[key] = value


def _ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        for module in FAMILY_MODULES:
            importlib.import_module(module)
        _loaded = True


def _suggest(key: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, known, n=3, cutoff=0.6)
    if close:
        return "did you mean " + ", ".join(close) + "?"
    return "`datalchemy generators list` shows every ID"


def get_generator(generator_id: str) -> Generator[Any]:
    """The generator with this ID.

    Raises:
        UnknownGenerator: with the closest known IDs as a hint.
    """
    _ensure_loaded()
    try:
        return _generators[generator_id]
    except KeyError:
        raise UnknownGenerator(
            "unknown_generator",
            f"there is no generator {generator_id!r}",
            path=generator_id,
            hint=_suggest(generator_id, sorted(_generators)),
        ) from None


def get_transform(transform_id: str) -> Transform[Any]:
    """The transform with this ID (raises :class:`UnknownGenerator` with a hint)."""
    _ensure_loaded()
    try:
        return _transforms[transform_id]
    except KeyError:
        raise UnknownGenerator(
            "unknown_transform",
            f"there is no transform {transform_id!r}",
            path=transform_id,
            hint=_suggest(transform_id, sorted(_transforms)),
        ) from None


def all_generators() -> list[Generator[Any]]:
    """Every generator, sorted by ID."""
    _ensure_loaded()
    return [_generators[k] for k in sorted(_generators)]


def all_transforms() -> list[Transform[Any]]:
    """Every transform, sorted by ID."""
    _ensure_loaded()
    return [_transforms[k] for k in sorted(_transforms)]
