"""The usage examples in the engine modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "datalchemy.engines",
    "datalchemy.engines.base",
    "datalchemy.engines.odbc",
    "datalchemy.engines.odbc_drivers",
    "datalchemy.engines.postgres",
    "datalchemy.engines.sqlite",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
