"""The catalog: every generator and transform, by ID.

One way to declare an entry: a generator is a class registered with :func:`register`, a transform
a class registered with :func:`register_transform`. Families written as a table (one row per ID:
the ``semantic.*`` aliases, the ``faker.*.raw.*`` IDs) build their classes with :func:`define`,
which creates the class and registers it in the same way.

Nothing lists the family modules by hand. A lookup by ID imports only the module that defines
it, found in ``_index.py`` (written by ``make docs`` from the catalog itself; a test fails when it
is stale), so resolving a 10-column plan imports a handful of modules. Listing the catalog
(:func:`all_generators`, ...) or an ID the index does not know imports every module of the
``datalchemy.generators`` package, subpackages included, in sorted order; defining a class
registers it. Until then nothing is imported, so ``import datalchemy`` stays light.

Example:
    >>> get_generator("semantic.br.cpf").pii
    frozenset({'pii.cpf'})
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from typing import Any, TypeVar, cast

from datalchemy.errors import DatalchemyError
from datalchemy.generators.base import Generator, Transform

__all__ = [
    "UnknownGenerator",
    "all_generators",
    "all_transforms",
    "define",
    "family_modules",
    "get_generator",
    "get_transform",
    "index_entries",
    "register",
    "register_transform",
]

#: The package whose modules are searched for generators and transforms.
PACKAGE = "datalchemy.generators"

_generators: dict[str, Generator[Any]] = {}
_transforms: dict[str, Transform[Any]] = {}
_loaded = False
# NOTE: re-entrant, so a family module that looks something up while it is being imported waits
# for nothing (it sees the entries registered so far).
_lock = threading.RLock()

G = TypeVar("G", bound=type[Generator[Any]])
T = TypeVar("T", bound=type[Transform[Any]])
V = TypeVar("V")


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


def define(base: G, name: str, module: str, /, **attrs: Any) -> G:
    """Create and register a subclass of ``base`` with these class attributes.

    This is how a family written as a table declares its generators: one call per row, each
    giving a real class (named ``name`` in ``module``) registered as :func:`register` does.

    Example:
        >>> type(get_generator("faker.name.raw.FirstName")).__name__
        'FakerNameFirstName'
    """
    namespace = {"__module__": module, "__qualname__": name, **attrs}
    return register(cast(G, type(name, (base,), namespace)))


def _add(table: dict[str, V], key: str, value: V) -> None:
    if not key:
        raise ValueError(f"{type(value).__name__} has no id")
    if key in table:
        raise ValueError(f"duplicate catalog id {key!r}")
    table[key] = value


def family_modules() -> list[str]:
    """Every module of the generators package and its subpackages, in sorted order.

    Subpackages are imported to list their modules. Data folders (``assets/pt_BR``) have no
    ``__init__`` and are not modules.
    """
    names: list[str] = []

    def visit(path: list[str], prefix: str) -> None:
        for info in sorted(pkgutil.iter_modules(path, prefix), key=lambda m: m.name):
            names.append(info.name)
            if info.ispkg:
                visit(list(importlib.import_module(info.name).__path__), info.name + ".")

    visit(list(importlib.import_module(PACKAGE).__path__), PACKAGE + ".")
    return names


def _ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        for module in family_modules():
            importlib.import_module(module)
        _loaded = True


def _load_module_of(key: str, kind: str) -> None:
    """Import the module the index says defines ``key`` (nothing when it does not know it)."""
    if _loaded:
        return
    from datalchemy.generators._index import GENERATORS, TRANSFORMS

    module = (GENERATORS if kind == "generator" else TRANSFORMS).get(key)
    if module is not None:
        with _lock:
            importlib.import_module(module)


def index_entries() -> tuple[dict[str, str], dict[str, str]]:
    """(generator ID -> module, transform ID -> module) of the whole catalog (for ``_index.py``)."""
    _ensure_loaded()
    gens = {k: type(v).__module__ for k, v in sorted(_generators.items())}
    return gens, {k: type(v).__module__ for k, v in sorted(_transforms.items())}


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
    if generator_id not in _generators:
        _load_module_of(generator_id, "generator")
    if generator_id not in _generators:
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
    if transform_id not in _transforms:
        _load_module_of(transform_id, "transform")
    if transform_id not in _transforms:
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
