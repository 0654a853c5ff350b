"""Datasets generated once per session; tests copy them before corrupting anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from datalchemy.contracts.schema import DatabaseSchema

from .helpers import cycle_schema, generate, shop_schema


@pytest.fixture(scope="session")
def shop() -> DatabaseSchema:
    return shop_schema()


@pytest.fixture(scope="session")
def shop_data(tmp_path_factory: pytest.TempPathFactory, shop: DatabaseSchema) -> Path:
    return generate(shop, tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop_copy(shop_data: Path, tmp_path: Path) -> Iterator[Path]:
    import shutil

    dst = tmp_path / shop_data.name
    shutil.copytree(shop_data, dst)
    yield dst


@pytest.fixture(scope="session")
def org() -> DatabaseSchema:
    return cycle_schema()
