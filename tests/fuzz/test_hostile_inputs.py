"""The hostile inputs the fuzzer first found, each pinned to the coded error it now gets."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import datalchemy
from datalchemy.errors import UsageError
from datalchemy.generate.space import estimated_bytes
from fuzz.harness import run_case
from fuzz.strategies import seed_files

Json = Any


@pytest.fixture(scope="module")
def seeds() -> tuple[Json, Json]:
    return seed_files()


def _case(
    seeds: tuple[Json, Json], tmp_path: Path, edit: Callable[[Json, Json], None]
) -> tuple[str, str | None, str]:
    schema, plan = json.loads(json.dumps(seeds[0])), json.loads(json.dumps(seeds[1]))
    edit(schema, plan)
    out = run_case(json.dumps(schema), json.dumps(plan), tmp_path)
    return out.kind, out.code, out.detail


def _table(schema: Json, name: str) -> Json:
    return next(t for t in schema["schemas"][0]["tables"] if t["name"] == name)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("which", ["schema", "plan"])
def test_deep_json_is_refused_before_parsing(
    seeds: tuple[Json, Json], tmp_path: Path, which: str
) -> None:
    schema, plan = json.dumps(seeds[0]), json.dumps(seeds[1])
    hostile = '{"a": ' + _deep(5000) + "}"
    out = run_case(hostile if which == "schema" else schema, hostile if which == "plan" else plan,
                   tmp_path)  # fmt: skip
    assert (out.kind, out.code) == ("coded", f"{which}_too_deep" if which == "schema" else
                                    "plan_too_deep"), out  # fmt: skip


def test_deep_plan_text_given_to_validate_plan(seeds: tuple[Json, Json]) -> None:
    schema = datalchemy.contracts.schema.DatabaseSchema.model_validate(seeds[0])
    report = datalchemy.validate_plan('{"seed": ' + _deep(3000) + "}", schema)
    assert [i.code for i in report.errors] == ["invalid_plan_json"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_extreme_base_dates(seeds: tuple[Json, Json], tmp_path: Path, day: str) -> None:
    kind, _, detail = _case(seeds, tmp_path, lambda s, p: p.update(base_date=day))
    assert kind in ("ok", "coded"), detail


def test_lone_surrogates(seeds: tuple[Json, Json], tmp_path: Path) -> None:
    def edit(schema: Json, plan: Json) -> None:
        _table(schema, "clientes")["columns"][1]["comment"] = "\ud800 broken"
        plan["rules"][0]["generator"] = {"id": "primitive.choice",
                                         "params": {"values": ["a\udfffb"]}}  # fmt: skip

    kind, _, detail = _case(seeds, tmp_path, edit)
    assert kind in ("ok", "coded"), detail


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t["uniques"].append({"columns": ["ghost"]}), "does not have"),
        (lambda t: t.update(primary_key={"columns": ["ghost"]}), "does not have"),
        (lambda t: t["columns"][0].update(family="date"), "contradicts the declared type"),
        (lambda t: t["checks"].append({"expression": " ", "columns": []}), "no expression"),
        (lambda t: t["columns"].append(dict(t["columns"][0])), "listed twice"),
        # a varchar(0) made values "too long" that plan validation let through (make fuzz)
        (lambda t: t["columns"][2].update(length=0), "length 0 of column"),
        # an FK naming no referenced column crashed generation (make fuzz)
        (
            lambda t: t["foreign_keys"].append(
                {
                    "columns": ["id_cliente"],
                    "referenced_schema": "main",
                    "referenced_table": "clientes",
                    "referenced_columns": [],
                }
            ),
            "names 0 column",
        ),
    ],
)
def test_schema_references_are_checked_when_read(
    seeds: tuple[Json, Json], tmp_path: Path, edit: Callable[[Json], None], expected: str
) -> None:
    kind, code, detail = _case(seeds, tmp_path, lambda s, p: edit(_table(s, "clientes")))
    assert (kind, code) == ("coded", "schema_contract_violation"), detail
    assert expected in detail


def test_a_check_of_null_is_coded_or_clean(seeds: tuple[Json, Json], tmp_path: Path) -> None:
    def edit(schema: Json, plan: Json) -> None:
        _table(schema, "clientes")["checks"].append({"expression": "NULL", "columns": []})

    kind, _, detail = _case(seeds, tmp_path, edit)
    assert kind in ("ok", "coded"), detail


def test_volatile_check_is_not_satisfiable(seeds: tuple[Json, Json], tmp_path: Path) -> None:
    def edit(schema: Json, plan: Json) -> None:
        _table(schema, "clientes")["checks"].append(
            {"name": "coin", "expression": "random() > 0.5", "columns": []}
        )

    kind, code, detail = _case(seeds, tmp_path, edit)
    assert (kind, code) == ("coded", "plan_invalid"), detail
    schema = datalchemy.contracts.schema.DatabaseSchema.model_validate(seeds[0])
    _table_obj = schema.find_table("main", "clientes")
    assert _table_obj is not None
    _table_obj.checks.append(
        datalchemy.contracts.schema.CheckConstraint(name="coin", expression="random() > 0.5")
    )
    plan = datalchemy.contracts.plan.Plan.model_validate(seeds[1])
    issues = [i for i in datalchemy.validate_plan(plan, schema).errors]
    assert [(i.code, i.path) for i in issues] == [("check_not_satisfiable", "main.clientes.coin")]


def test_a_trillion_rows_is_over_the_limit(seeds: tuple[Json, Json], tmp_path: Path) -> None:
    kind, code, detail = _case(seeds, tmp_path, lambda s, p: p["targets"][0].update(rows=10**13))
    assert (kind, code) == ("coded", "plan_invalid"), detail
    assert "rows_over_limit" in json.dumps(detail) or "rows" in detail


def test_rows_that_do_not_fit_the_disk_are_refused_unless_forced(
    seeds: tuple[Json, Json], tmp_path: Path
) -> None:
    schema = datalchemy.contracts.schema.DatabaseSchema.model_validate(seeds[0])
    plan = datalchemy.contracts.plan.Plan.model_validate(seeds[1])
    free = shutil.disk_usage(tmp_path).free
    resolved = datalchemy.resolve_plan(plan, schema)
    per_row = estimated_bytes(resolved, schema) / sum(t.rows for t in resolved.tables)
    too_many = int(free / per_row * 4)
    big = plan.model_copy(deep=True)
    big.targets[0].rows = too_many
    with pytest.raises(UsageError) as caught:
        datalchemy.generate(big, schema, tmp_path / "out")
    assert caught.value.code == "insufficient_disk_space"
    assert "free" in caught.value.message and "--force" in (caught.value.hint or "")
    assert not (tmp_path / "out").exists()  # nothing was written
