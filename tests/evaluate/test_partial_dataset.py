"""A ``.partial`` folder left by a killed generation is not a dataset: evaluate and load
refuse it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import datalchemy
from datalchemy.errors import InputError


def test_evaluate_and_load_refuse_a_partial_folder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'car.db'}"
    datalchemy.create_fixture("car-rental", url)
    schema = datalchemy.introspect(url).schema
    plan, _ = datalchemy.suggest_plan(schema, rows=10)
    run = datalchemy.generate(plan, schema, tmp_path / "out")
    # What kill -9 leaves: the .partial folder, some tables, no generation_report.json.
    partial = run.path.with_name(run.path.name + ".partial")
    shutil.copytree(run.path, partial)
    (partial / "generation_report.json").unlink()
    for extra in sorted(partial.glob("main.v*.csv")):
        extra.unlink()
    with pytest.raises(InputError) as evaluated:
        datalchemy.evaluate(schema, plan, partial)
    assert evaluated.value.code == "dataset_incomplete"
    assert ".partial" in evaluated.value.message
    with pytest.raises(InputError) as loaded:
        datalchemy.load(partial, schema, url)
    assert loaded.value.code == "dataset_incomplete"
