"""The usage examples in the SQLite introspection modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "datalchemy.introspect.sqlite",
    "datalchemy.introspect.sqlite_ddl",
    "datalchemy.introspect.sqlite_types",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
