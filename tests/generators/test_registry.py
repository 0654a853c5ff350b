"""The registry: it finds every family module by itself, loads them lazily, and every catalog
entry is a class declared in one of them (by ``@register`` or by ``define`` for table rows)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from datalchemy.generators import all_generators, all_transforms, get_generator, registry
from datalchemy.generators.base import Generator, NoParams


def test_family_modules_are_discovered_in_sorted_order() -> None:
    modules = registry.family_modules()
    assert modules == sorted(modules)
    for expected in (
        "datalchemy.generators.primitive.numbers",
        "datalchemy.generators.semantic_br.documents",
        "datalchemy.generators.semantic.person",
        "datalchemy.generators.faker_bridge.raw",
        "datalchemy.generators.domain.crm",
        "datalchemy.generators.derive.text",
        "datalchemy.generators.transforms.mask",
    ):
        assert expected in modules
    assert not any(m.startswith("datalchemy.generators.assets.") for m in modules)  # data folders


def test_every_entry_is_a_class_of_a_family_module() -> None:
    modules = set(registry.family_modules())
    for item in [*all_generators(), *all_transforms()]:
        assert type(item).__module__ in modules, (item.id, type(item).__module__)


def test_define_gives_named_classes_in_their_module() -> None:
    alias = type(get_generator("semantic.person.name"))
    assert (alias.__name__, alias.__module__) == (
        "SemanticPersonName",
        "datalchemy.generators.semantic.person",
    )
    raw = type(get_generator("faker.phone_number.raw.CellNumber"))
    assert (raw.__name__, raw.__module__) == (
        "FakerPhoneNumberCellNumber",
        "datalchemy.generators.faker_bridge.raw",
    )
    assert raw.__doc__ and "faker.phone_number.raw.CellNumber" in raw.__doc__


def test_ids_are_unique() -> None:
    class Duplicate(Generator[NoParams]):
        id = "primitive.bool"

        def generate(self, ctx: Any, params: Any, rows: Any) -> Any:
            raise AssertionError

    with pytest.raises(ValueError, match="duplicate catalog id"):
        registry.register(Duplicate)
    assert type(get_generator("primitive.bool")).__name__ == "Bool"


def test_import_datalchemy_does_not_load_the_catalog() -> None:
    code = (
        "import sys, datalchemy\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('datalchemy.generators.'))\n"
        "print(','.join(loaded))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {m for m in out.stdout.strip().split(",") if m}
    assert "datalchemy.generators.primitive" not in loaded
    assert loaded <= {
        "datalchemy.generators.base",
        "datalchemy.generators.derive",
        "datalchemy.generators.derive.base",
        "datalchemy.generators.registry",
    }
