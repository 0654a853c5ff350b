"""The examples in the constraint modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import datalchemy.constraints

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(
        datalchemy.constraints.__path__, prefix="datalchemy.constraints."
    )
    if not info.ispkg
)


def test_every_module_is_listed() -> None:
    assert "datalchemy.constraints.analyzer" in MODULES
    assert "datalchemy.constraints.shapes.comparisons" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no example"
    assert result.failed == 0
