"""The CHECK dialect of a schema, and the reading rules every dialect declares."""

from __future__ import annotations

from typing import get_args

import pytest

from datalchemy.constraints.dialects import RULES, Dialect, dialect_for
from datalchemy.contracts.schema import DatabaseSchema


@pytest.mark.parametrize(
    ("engine", "dialect"), [("postgres", "postgres"), ("sqlite", "sqlite"), ("odbc", "postgres")]
)
def test_dialect_for(engine: str, dialect: str) -> None:
    assert dialect_for(DatabaseSchema(engine=engine)) == dialect  # type: ignore[arg-type]


def test_every_dialect_has_rules() -> None:
    assert set(RULES) == set(get_args(Dialect))
    assert RULES["postgres"].like_default_escape == "\\"
    assert RULES["sqlite"].like_ignores_ascii_case
