"""Contracts: JSON Schemas match the models, original 0.2 plans parse, fingerprints behave."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from datalchemy.contracts.export import CONTRACTS, render_all
from datalchemy.contracts.plan import (
    ColumnGeneratorRule,
    ConstraintPolicyRule,
    ForeignKeyCardinalityRule,
    ForeignKeyStrategyRule,
    Plan,
)
from datalchemy.contracts.schema import Column, DatabaseSchema, Schema, Table, TypeFamily

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL_PLANS = sorted((Path(__file__).parents[1] / "data" / "original_plans").glob("*.json"))


def test_committed_json_schemas_match_models() -> None:
    rendered = render_all()
    assert set(rendered) == set(CONTRACTS)
    for name, text in rendered.items():
        committed = ROOT / "schemas" / name
        assert committed.is_file(), f"schemas/{name} is missing: run `make schemas`"
        assert committed.read_text(encoding="utf-8") == text, (
            f"schemas/{name} drifted from the model: run `make schemas` and commit it"
        )


def test_no_stray_files_in_schemas_folder() -> None:
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.json")) == sorted(CONTRACTS)


@pytest.mark.parametrize("path", ORIGINAL_PLANS, ids=lambda p: p.name)
def test_original_plan_files_parse_unchanged(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    plan = Plan.model_validate(raw)
    assert plan.plan_version == "0.2"
    assert plan.seed == raw["seed"]
    assert len(plan.targets) == len(raw["targets"])
    assert len(plan.rules) == len(raw["rules"])
    # Rules keep their type and their generator reference, in order.
    for rule, raw_rule in zip(plan.rules, raw["rules"], strict=True):
        assert rule.type == raw_rule["type"]
        if isinstance(rule, ColumnGeneratorRule):
            gen = raw_rule["generator"]
            assert rule.generator_id == (gen if isinstance(gen, str) else gen["id"])


def test_original_plan_details() -> None:
    minimal = Plan.model_validate_json(
        (Path(__file__).parents[1] / "data/original_plans/minimal.plan.json").read_text()
    )
    assert isinstance(minimal.rules[5], ConstraintPolicyRule)
    assert isinstance(minimal.rules[6], ForeignKeyStrategyRule)
    date_rule = minimal.rules[3]
    assert isinstance(date_rule, ColumnGeneratorRule)
    # Legacy rule-level params are the effective params when the generator is a string.
    assert date_rule.effective_params == {"min": "1970-01-01", "max": "2005-12-31"}
    assert date_rule.params_pointer == "/params"
    assert minimal.rules_unsupported[0].reference is not None
    assert minimal.rules_unsupported[0].reference.column == "telefone"
    assert minimal.effective_base_date == date(2024, 1, 1)

    realistic = Plan.model_validate_json(
        (Path(__file__).parents[1] / "data/original_plans/crm_realistic.plan.json").read_text()
    )
    assert realistic.locale == "pt_BR"
    # Unknown option keys of 0.2 files are kept for validation to report, not rejected.
    assert realistic.options is not None
    assert realistic.options.model_extra == {"null_rate": 0.05}

    # Generator-level params (the object form of `generator`).
    baseline = Plan.model_validate_json(
        (Path(__file__).parents[1] / "data/original_plans/faker_baseline.plan.json").read_text()
    )
    rule = baseline.rules[3]
    assert isinstance(rule, ColumnGeneratorRule)
    assert rule.params_pointer == "/generator/params"
    assert rule.effective_params == {"min": 0, "max": 100}


def test_plan_round_trips_through_json() -> None:
    path = Path(__file__).parents[1] / "data/original_plans/m2_primitives.plan.json"
    plan = Plan.model_validate_json(path.read_text())
    again = Plan.model_validate_json(plan.to_json())
    assert again == plan
    assert again.fingerprint() == plan.fingerprint()
    assert '"global"' not in plan.to_json()  # absent optional sections are not invented


def _plan(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "plan_version": "0.3",
        "seed": 1,
        "schema_ref": {"schema_version": "0.3", "engine": "postgres"},
        "targets": [{"schema": "crm", "table": "leads", "rows": 10}],
    }
    base.update(over)
    return base


def test_our_extensions_parse() -> None:
    plan = Plan.model_validate(
        _plan(
            base_date="2025-06-30",
            output={"format": "parquet", "compression": "zstd"},
            rules=[
                {
                    "type": "foreign_key_cardinality",
                    "schema": "crm",
                    "table": "leads",
                    "foreign_key": "leads_empresa_id_fkey",
                    "children_per_parent": {"distribution": "range", "min": 1, "max": 5},
                    "null_rate": 0.1,
                },
                {
                    "type": "column_null_rate",
                    "schema": "crm",
                    "table": "leads",
                    "column": "data_qualificacao",
                    "rate": 0.4,
                },
            ],
        )
    )
    assert plan.effective_base_date == date(2025, 6, 30)
    assert isinstance(plan.rules[0], ForeignKeyCardinalityRule)
    assert plan.rules[0].children_per_parent.max == 5


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"seed": -1}, "seed"),
        ({"seed": 2**64}, "seed"),
        ({"rules": [{"type": "no_such_rule"}]}, "no_such_rule"),
        ({"targets": [{"schema": "crm", "table": "t", "rows": -5}]}, "rows"),
        (
            {
                "rules": [
                    {
                        "type": "foreign_key_cardinality",
                        "schema": "crm",
                        "table": "leads",
                        "columns": ["empresa_id"],
                        "children_per_parent": {"distribution": "range", "min": 5, "max": 1},
                    }
                ]
            },
            "min must be <= max",
        ),
    ],
)
def test_malformed_plans_are_rejected_with_a_location(
    change: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ValidationError) as info:
        Plan.model_validate(_plan(**change))
    assert fragment in str(info.value)


def _schema(default: str | None = None, version: str = "15.1") -> DatabaseSchema:
    col = Column(
        ordinal=1,
        name="id",
        declared_type="integer",
        family=TypeFamily.INTEGER,
        nullable=False,
        default=default,
    )
    return DatabaseSchema(
        engine="postgres",
        engine_version=version,
        database="db_a",
        schemas=[Schema(name="s", tables=[Table(name="t", columns=[col])])],
    )


def test_fingerprint_ignores_server_version_and_database_name() -> None:
    a = _schema().with_fingerprint()
    b = _schema(version="16.4").model_copy(update={"database": "other"}).with_fingerprint()
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint is not None and a.fingerprint.startswith("sha256:")


def test_fingerprint_changes_with_structure() -> None:
    assert _schema().compute_fingerprint() != _schema(default="0").compute_fingerprint()


def test_schema_json_round_trip() -> None:
    s = _schema().with_fingerprint()
    again = DatabaseSchema.model_validate_json(s.to_json())
    assert again == s
    assert again.compute_fingerprint() == s.fingerprint


def test_schema_contract_rejects_unknown_fields() -> None:
    raw = json.loads(_schema().to_json())
    raw["schemas"][0]["tables"][0]["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        DatabaseSchema.model_validate(raw)
