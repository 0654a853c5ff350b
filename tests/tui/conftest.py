"""Fixtures of the TUI tests (helpers are in pilot.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from datalchemy.fixtures import create_fixture


@pytest.fixture
def car_rental(tmp_path: Path) -> Path:
    """A fresh SQLite car-rental database (the fixture's structure, no rows)."""
    db = tmp_path / "car_rental.db"
    create_fixture("car-rental", f"sqlite:///{db}")
    return db
