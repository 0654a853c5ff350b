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

import sys
import types
from typing import Any

__all__ = ["make_callable"]


class StagePackage(types.ModuleType):
    """A package whose call runs the public function of the same name in :mod:`datalchemy.api`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from datalchemy import api

        return getattr(api, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


def make_callable(package: str) -> None:
    """Make the (already imported) ``package`` callable as its stage function."""
    sys.modules[package].__class__ = StagePackage
