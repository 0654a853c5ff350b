"""The usage examples in the connectivity modules' docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "datalchemy.db.errors",
    "datalchemy.db.metrics",
    "datalchemy.db.odbc",
    "datalchemy.db.pool",
    "datalchemy.db.urls",
    "datalchemy.introspect.odbc",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATALCHEMY_POOL_CHECK", raising=False)
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
