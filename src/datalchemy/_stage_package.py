"""A stage package that is also its stage function.

``datalchemy.generate`` is both the function (``datalchemy.generate(plan, schema, "out")``) and a
package (``import datalchemy.generate.engine``). Python sets the parent attribute to the package the
first time the package is imported, so whichever is bound last would win. Giving the four stage
packages a module class with ``__call__`` makes both uses work in any import order, and lets
``import datalchemy`` stay lazy (it imports nothing until a name is used).

Example:
    >>> import datalchemy.evaluate
    >>> callable(datalchemy.evaluate)
    True
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Mapping
from typing import Any

__all__ = ["export_lazily", "make_callable"]


class StagePackage(types.ModuleType):
    """A package whose call runs the public function of the same name in :mod:`datalchemy.api`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from datalchemy import api

        return getattr(api, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


def make_callable(package: str) -> None:
    """Make the (already imported) ``package`` callable as its stage function."""
    sys.modules[package].__class__ = StagePackage


def export_lazily(package: str, names: Mapping[str, str]) -> None:
    """Let ``package`` export ``names`` ({name: module}) without importing those modules until
    a name is first used: ``datalchemy generate`` need not import the loader, sqlglot or DuckDB
    because :mod:`datalchemy.api` imports every stage package. A name whose module is
    ``package.name`` is that submodule.

    Example:
        >>> import datalchemy.load
        >>> datalchemy.load.run_load.__module__
        'datalchemy.load.runner'
    """
    module = sys.modules[package]

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        source = importlib.import_module(names[name])
        value = source if names[name] == f"{package}.{name}" else getattr(source, name)
        # setdefault: importing a stage package meanwhile may have bound the name to it.
        return vars(module).setdefault(name, value)

    def __dir__() -> list[str]:  # dir() and help() list the names before their first use
        return sorted(set(vars(module)) | set(names))

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    module.__dir__ = __dir__  # type: ignore[method-assign]
