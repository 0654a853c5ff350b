"""Plan validation: every code, with its path, found in one pass; the example plans; the docs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.plan import validate_plan
from datalchemy.plan.validate import ValidationReport

ROOT = Path(__file__).parents[2]
CRM = DatabaseSchema.model_validate_json((ROOT / "tests/golden/crm.schema.json").read_text())
EXAMPLES = ROOT / "plans/examples"
DOC = ROOT / "docs/plan_generators.md"
HEADER = {"schema_version_mismatch", "schema_fingerprint_not_set"}


def plan(rules: list[dict[str, Any]] | None = None, **over: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "plan_version": "0.3",
        "seed": 1,
        "schema_ref": {
            "schema_version": "0.3",
            "engine": "postgres",
            "schema_fingerprint": CRM.fingerprint,
        },
        "targets": [{"schema": "crm", "table": "leads", "rows": 10}],
        "rules": rules or [],
    }
    out.update(over)
    return out


def rule(qualified: str, gen: Any, **kw: Any) -> dict[str, Any]:
    s, t, c = qualified.split(".")
    return {
        "type": "column_generator",
        "schema": s,
        "table": t,
        "column": c,
        "generator": gen,
        **kw,
    }


def found(report: ValidationReport) -> set[tuple[str, str, str | None]]:
    return {(i.severity, i.code, i.path) for i in report.issues}


def check(p: Any, *expected: tuple[str, str, str | None], strict: bool = False) -> None:
    """The problems as found (no repair): what ``--strict`` lists, warnings left as warnings."""
    report = validate_plan(p, CRM, strict=strict, repair=False)
    missing = set(expected) - found(report)
    assert not missing, f"missing {missing}; got {found(report)}"


def test_a_clean_plan_has_no_issue() -> None:
    report = validate_plan(plan(), CRM)
    assert report.ok and report.issues == [] and report.resolved is not None


# ---------------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------------


def test_invalid_json_says_line_and_column() -> None:
    report = validate_plan('{\n  "seed": 1,\n  "targets": [\n}', CRM)
    assert not report.ok
    (issue,) = report.issues
    assert (issue.code, issue.path) == ("invalid_plan_json", "/")
    assert "line 4, column 1" in issue.message
    check("[1, 2]", ("error", "invalid_plan_json", "/"))


def test_contract_violations_point_at_the_value() -> None:
    bad = plan(
        [{"type": "column_generator", "schema": "crm", "table": "leads", "generator": 5},
         {"type": "no_such_rule"}],
        targets=[{"schema": "crm", "table": "leads", "rows": -1}],
    )  # fmt: skip
    del bad["seed"]
    report = validate_plan(bad, CRM)
    paths = {i.path for i in report.issues if i.code == "schema_violation"}
    assert {"/seed", "/targets/0/rows", "/rules/0/column", "/rules/0/generator",
            "/rules/1/type"} <= paths  # fmt: skip
    assert all(i.severity == "error" for i in report.issues)


# ---------------------------------------------------------------------------------------------
# The original's codes (reference §3.3)
# ---------------------------------------------------------------------------------------------


def test_schema_reference_codes() -> None:
    ref = {"schema_version": "0.2", "engine": "sqlite", "schema_fingerprint": "sha256:00"}
    check(
        plan(schema_ref=ref),
        ("error", "engine_mismatch", "/schema_ref/engine"),
        ("warning", "schema_version_mismatch", "/schema_ref/schema_version"),
        ("error", "schema_fingerprint_mismatch", "/schema_ref/schema_fingerprint"),
    )
    check(
        plan(schema_ref={"schema_version": "9.9", "engine": "postgres"}),
        ("error", "schema_version_mismatch", "/schema_ref/schema_version"),
        ("warning", "schema_fingerprint_not_set", "/schema_ref"),
    )
    no_print = CRM.model_copy(update={"fingerprint": None})
    report = validate_plan(plan(), no_print)
    assert ("error", "schema_fingerprint_missing", "/schema_ref/schema_fingerprint") in found(
        report
    )


def test_target_codes() -> None:
    check(plan(targets=[]), ("error", "targets_empty", "/targets"))
    targets = [
        {"schema": "crm", "table": "leads", "rows": 0},
        {"schema": "nope", "table": "leads", "rows": 1},
        {"schema": "crm", "table": "lead", "rows": 1},
        {"schema": "crm", "table": "leads", "rows": 5},
    ]
    report = validate_plan(plan(targets=targets), CRM, repair=False)
    assert {
        ("error", "rows_zero", "/targets/0/rows"),
        ("error", "unknown_schema", "/targets/1/schema"),
        ("error", "unknown_table", "/targets/2/table"),
        ("error", "duplicate_target", "/targets/3"),
    } <= found(report)
    hint = next(i.hint for i in report.issues if i.code == "unknown_table")
    assert hint is not None and "leads" in hint


def test_column_rule_codes() -> None:
    rules = [
        rule("crm.nope.x", "primitive.bool"),  # 0
        rule("crm.leads.nope", "primitive.bool"),  # 1
        rule("crm.leads.data_qualificacao", "derive.end_after_start",
             params={"input_columns": "data_criacao"}),  # 2
        rule("crm.leads.data_qualificacao", {"id": "derive.end_after_start",
             "params": {"input_columns": ["data_criacao", 3, "nope"]}}),  # 3
        rule("crm.contatos.data_criacao", "derive.parent_value",
             params={"input_columns": ["empresa_id"], "parent_table": "empresas"}),  # 4
        rule("crm.contatos.data_criacao", "derive.parent_value",
             params={"input_columns": ["empresa_id"], "parent_schema": "crm",
                     "parent_table": "empresas", "parent_column": "nope"}),  # 5
        rule("crm.leads.score", "  "),  # 6
        rule("crm.leads.score", "primitive.int.range", params=[1, 2]),  # 7
        rule("crm.leads.score", "primitive.int.range", params={"min": "x", "maxx": 3}),  # 8
        rule("crm.leads.status", "primitive.enum",
             transforms=[{"transform": ""}, {"transform": "transform.casing",
                                               "params": {"mode": "upper"}},
                         {"transform": "transform.casing", "params": {"mode": "lower"}}]),  # 9
        rule("crm.leads.status", "domain.crm.lead_stage"),  # 10
    ]  # fmt: skip
    check(
        plan(rules),
        ("error", "unknown_column_target", "/rules/0/table"),
        ("error", "unknown_column", "/rules/1/column"),
        ("error", "invalid_input_columns", "/rules/2/params/input_columns"),
        ("error", "invalid_input_columns", "/rules/3/generator/params/input_columns/1"),
        ("error", "unknown_input_column", "/rules/3/generator/params/input_columns/2"),
        ("error", "missing_parent_reference", "/rules/4/params/parent_schema"),
        ("error", "missing_parent_reference", "/rules/4/params/parent_column"),
        ("error", "unknown_parent_reference", "/rules/5/params/parent_column"),
        ("error", "empty_generator_id", "/rules/6/generator"),
        ("error", "invalid_generator_params", "/rules/7/params"),
        ("error", "invalid_generator_params", "/rules/8/params/min"),
        ("error", "invalid_generator_params", "/rules/8/params/maxx"),
        ("error", "transform_empty_id", "/rules/9/transforms/0/transform"),
        ("warning", "duplicate_transform", "/rules/9/transforms/2/transform"),
        ("error", "duplicate_generator_rule", "/rules/10"),
    )


def test_policy_strategy_and_unsupported_codes() -> None:
    rules = [
        {"type": "constraint_policy", "schema": "crm", "table": "nope", "constraint": "check"},
        {"type": "constraint_policy", "schema": "crm", "table": "leads", "constraint": "check",
         "mode": "warn"},
        {"type": "constraint_policy", "schema": "crm", "table": "leads", "constraint": "check",
         "mode": "ignore"},
        {"type": "constraint_policy", "schema": "crm", "table": "funis", "constraint": "check"},
        {"type": "foreign_key_strategy", "schema": "crm", "table": "nope", "mode": "respect"},
        {"type": "foreign_key_strategy", "schema": "crm", "table": "leads", "mode": "respect"},
        {"type": "foreign_key_strategy", "schema": "crm", "table": "leads", "mode": "disable"},
        {"type": "foreign_key_strategy", "schema": "crm", "table": "funis", "mode": "respect"},
    ]  # fmt: skip
    unsupported = [
        {"description": "a", "reason": "b", "reference": {"schema": "x", "table": "y"}},
        {"description": "a", "reason": "b", "reference": {"schema": "crm", "table": "y"}},
        {"description": "a", "reason": "b",
         "reference": {"schema": "crm", "table": "leads", "column": "y"}},
    ]  # fmt: skip
    check(
        plan(rules, rules_unsupported=unsupported),
        ("error", "unknown_constraint_target", "/rules/0/table"),
        ("error", "duplicate_constraint_policy", "/rules/2"),
        ("warning", "constraint_not_found", "/rules/3"),
        ("error", "unknown_fk_target", "/rules/4/table"),
        ("error", "duplicate_fk_strategy", "/rules/6"),
        ("warning", "fk_disable_without_flag", "/rules/6"),
        ("warning", "fk_strategy_without_fk", "/rules/7"),
        ("warning", "unsupported_unknown_schema", "/rules_unsupported/0/reference/schema"),
        ("warning", "unsupported_unknown_table", "/rules_unsupported/1/reference/table"),
        ("warning", "unsupported_unknown_column", "/rules_unsupported/2/reference/column"),
    )


# ---------------------------------------------------------------------------------------------
# Ours
# ---------------------------------------------------------------------------------------------


def test_generator_and_transform_ids_with_did_you_mean() -> None:
    rules = [
        rule("crm.leads.score", "primitive.int.rnge"),
        rule("crm.leads.status", "primitive.enum",
             transforms=[{"transform": "transform.casng"},
                         {"transform": "transform.truncate", "params": {"max_len": -1}}]),
    ]  # fmt: skip
    report = validate_plan(plan(rules), CRM, repair=False)
    assert {
        ("error", "unknown_generator", "/rules/0/generator"),
        ("error", "unknown_transform", "/rules/1/transforms/0/transform"),
        ("error", "invalid_transform_params", "/rules/1/transforms/1/params/max_len"),
    } <= found(report)
    hints = {i.code: i.hint for i in report.issues}
    assert "primitive.int.range" in (hints["unknown_generator"] or "")
    assert "transform.casing" in (hints["unknown_transform"] or "")


def test_type_enum_length_precision_and_check_codes() -> None:
    rules = [
        rule("crm.tarefas.prioridade", "faker.lorem.raw.Word"),  # 0
        rule("crm.cotacoes.validade", "primitive.int", params={"min": 7, "max": 60}),  # 1
        rule("crm.oportunidades.status", "domain.crm.lead_stage"),  # 2
        rule("crm.listas_precos.moeda", "primitive.text.pattern",
             params={"pattern": "[A-Z]{5}"}),  # 3
        rule("crm.etapas_funil.probabilidade", "primitive.decimal.numeric",
             params={"min": 0, "max": 5000}),  # 4
        rule("crm.atividades.tipo", "semantic.br.uf"),  # 5
        rule("crm.leads.score", "primitive.int.range", params={"min": 200, "max": 300}),  # 6
        rule("crm.tarefas.data_limite", "primitive.date.range",
             params={"min": "2023-01-01", "max": "2024-06-30"}),  # 7
        rule("crm.etapas_funil.ordem", "primitive.choice", params={"values": ["a", "b"]}),  # 8
    ]  # fmt: skip
    targets = [
        {"schema": "crm", "table": t, "rows": 5}
        for t in ("tarefas", "cotacoes", "listas_precos", "etapas_funil", "leads")
    ]
    check(
        plan(rules, targets=targets),
        ("error", "generator_type_mismatch", "/rules/0/generator"),
        ("error", "generator_type_mismatch", "/rules/1/generator"),
        ("error", "enum_label_invalid", "/rules/2/generator"),
        ("error", "value_too_long", "/rules/3/params/pattern"),
        ("error", "numeric_out_of_range", "/rules/4/params/max"),
        ("error", "check_unsatisfiable", "/rules/5/generator"),
        ("error", "check_unsatisfiable", "/rules/6/generator"),
        ("warning", "check_rejects_values", "/rules/7/generator"),
        ("error", "generator_type_mismatch", "/rules/8/generator"),
    )


def test_literal_values_must_have_the_column_types_syntax() -> None:
    """A choice of words into a date column used to pass and fail in evaluate and the load."""
    rules = [
        rule("crm.tarefas.data_limite", "primitive.choice",
             params={"values": ["2024-07-01", "amanha"]}),  # 0: a word in a date column
        rule("crm.leads.score", "primitive.choice", params={"values": [7, 30]}),  # 1: numbers
    ]  # fmt: skip
    targets = [{"schema": "crm", "table": t, "rows": 5} for t in ("tarefas", "leads")]
    report = validate_plan(plan(rules, targets=targets), CRM, repair=False)
    assert ("error", "generator_type_mismatch", "/rules/0/generator") in found(report)
    assert not [i for i in report.issues if i.path and i.path.startswith("/rules/1")]
    messages = [i.message for i in report.issues if i.path == "/rules/0/generator"]
    assert any("'amanha'" in m and "date" in m for m in messages), messages


def test_by_default_the_constraints_win_and_each_repair_is_reported() -> None:
    rules = [
        rule("crm.tarefas.prioridade", "faker.lorem.raw.Word"),  # 0: column default
        rule("crm.cotacoes.validade", "primitive.int", params={"min": 7, "max": 60}),  # 1
        rule("crm.oportunidades.status", "domain.crm.lead_stage"),  # 2: no label left
        rule("crm.listas_precos.moeda", "primitive.text.pattern",
             params={"pattern": "[A-Z]{5}"}),  # 3
        rule("crm.etapas_funil.probabilidade", "primitive.decimal.numeric",
             params={"min": 0, "max": 5000}),  # 4
        rule("crm.atividades.tipo", "semantic.br.uf"),  # 5
        rule("crm.leads.score", "primitive.int.range", params={"min": 200, "max": 300}),  # 6
        rule("crm.leads.status", "primitive.choice",
             params={"values": ["novo", "fechado", "perdido"]}),  # 7: one label dropped
        rule("crm.funis.nome", "domain.crm.pipeline_name"),  # 8
        rule("crm.usuarios.email", "faker.internet.raw.SafeEmail"),  # 9
        rule("crm.contatos.email", "semantic.br.email.safe",
             transforms=[{"transform": "transform.mask",
                          "params": {"mode": "format_preserving"}}]),  # 10
    ]  # fmt: skip
    targets = [
        {"schema": "crm", "table": t, "rows": n}
        for t, n in (("tarefas", 5), ("cotacoes", 5), ("listas_precos", 5), ("etapas_funil", 5),
                     ("leads", 5), ("funis", 8), ("usuarios", 20), ("contatos", 20),
                     ("atividades", 5), ("oportunidades", 5))
    ]  # fmt: skip
    report = validate_plan(plan(rules, targets=targets), CRM)
    assert report.ok, [(i.code, i.path, i.message) for i in report.errors]
    done = {r.path: (r.code, r.action) for r in report.repairs}
    assert done == {
        "/rules/0/generator": ("generator_type_mismatch", "column_default"),
        "/rules/1/generator": ("generator_type_mismatch", "convert"),
        "/rules/2/generator": ("enum_label_invalid", "column_default"),
        "/rules/3/params/pattern": ("value_too_long", "truncate"),
        "/rules/4/params/max": ("numeric_out_of_range", "clamp"),
        "/rules/5/generator": ("check_unsatisfiable", "column_default"),
        "/rules/6/generator": ("check_unsatisfiable", "check_domain"),
        "/rules/7/generator": ("enum_label_invalid", "drop_labels"),
        "/rules/8/generator": ("unique_capacity", "disambiguate"),
        "/rules/9/generator": ("unique_capacity", "switch_generator"),
        "/rules/10/transforms/0": ("unique_transform_collision", "disambiguate"),
    }
    fixed = report.plan
    assert fixed is not None and fixed.repairs == report.repairs
    params = {i: getattr(r, "effective_params", None) for i, r in enumerate(fixed.rules)}
    assert params[1] == {"input_columns": ["data_emissao"], "min_days": 7, "max_days": 60}
    assert params[6] == {"min": 0, "max": 100}  # moved inside the CHECK, same width
    assert params[7] == {"values": ["novo", "perdido"]}
    assert fixed.rules[9].generator_id == "semantic.person.email"  # type: ignore[union-attr]
    assert fixed.rules[8].disambiguate and fixed.rules[10].disambiguate  # type: ignore[union-attr]
    # --strict: today's behaviour, every problem an error and nothing repaired
    strict = validate_plan(plan(rules, targets=targets), CRM, strict=True)
    assert not strict.ok and not strict.repairs and strict.resolved is None
    assert set(done) <= {i.path for i in strict.errors}


def test_dropped_labels_keep_the_weights_of_the_others() -> None:
    rules = [rule("crm.leads.status", "primitive.choice.weighted",
                  params={"values": ["novo", "x", "perdido"], "weights": [1, 2, 3]})]  # fmt: skip
    report = validate_plan(plan(rules), CRM)
    assert report.ok and report.plan is not None
    spec = report.plan.rules[0].generator  # type: ignore[union-attr]
    assert spec.id == "primitive.choice.weighted"  # type: ignore[union-attr]
    assert spec.params == {"values": ["novo", "perdido"], "weights": [1.0, 3.0]}  # type: ignore[union-attr]


def test_a_key_without_room_numbers_its_text_column_or_lowers_the_rows() -> None:
    targets = [{"schema": "crm", "table": "funis", "rows": 2},
               {"schema": "crm", "table": "etapas_funil", "rows": 30}]  # fmt: skip
    rules = [rule("crm.etapas_funil.nome", "domain.crm.lead_stage"),
             rule("crm.etapas_funil.ordem", "primitive.int.range",
                  params={"min": 1, "max": 40})]  # fmt: skip
    report = validate_plan(plan(rules, targets=targets), CRM)
    assert report.ok
    assert [(r.code, r.action, r.target) for r in report.repairs] == [
        ("unique_capacity", "disambiguate", "crm.etapas_funil.nome")
    ]


def test_a_unique_integer_without_room_lowers_the_rows(tmp_path: Path) -> None:
    import sqlite3

    from datalchemy import introspect

    db = tmp_path / "codes.db"
    with sqlite3.connect(db) as con:
        con.execute("create table codes (code integer not null unique, label text)")
    schema = introspect(f"sqlite:///{db}").schema
    p = {
        "plan_version": "0.3", "seed": 1,
        "schema_ref": {"schema_version": "0.3", "engine": "sqlite"},
        "targets": [{"schema": "main", "table": "codes", "rows": 50}],
        "rules": [rule("main.codes.code", "primitive.int.range", params={"min": 1, "max": 10})],
    }  # fmt: skip
    report = validate_plan(p, schema)
    assert report.ok
    (repair,) = report.repairs
    assert (repair.code, repair.action, repair.path) == (
        "unique_capacity", "lower_rows", "/targets/0/rows"
    )  # fmt: skip
    assert report.plan is not None and report.plan.targets[0].rows == 10
    assert not validate_plan(p, schema, strict=True).ok


def test_unique_null_rate_cardinality_and_option_codes() -> None:
    rules = [
        rule("crm.funis.nome", "domain.crm.pipeline_name"),  # 0
        rule("crm.usuarios.email", "faker.internet.raw.SafeEmail"),  # 1
        rule("crm.usuarios.nome", "semantic.br.name", null_rate=0.1),  # 2
        {"type": "column_null_rate", "schema": "crm", "table": "usuarios", "column": "ativo",
         "rate": 0.5},  # 3
        {"type": "foreign_key_cardinality", "schema": "crm", "table": "contatos",
         "foreign_key": "contatos_empresa_id_fkey", "null_rate": 0.1,
         "children_per_parent": {"distribution": "fixed", "per_parent": 2}},  # 4
        {"type": "foreign_key_cardinality", "schema": "crm", "table": "contatos",
         "columns": ["nope"]},  # 5
        rule("crm.contatos.email", "semantic.br.email.safe",
             transforms=[{"transform": "transform.mask",
                          "params": {"mode": "format_preserving"}}]),  # 6
        rule("crm.empresas.nome_fantasia", {"id": "semantic.br.name", "locale": "xx_YY",
                                            "extra": 1}),  # 7
    ]  # fmt: skip
    targets = [
        {"schema": "crm", "table": "funis", "rows": 5},
        {"schema": "crm", "table": "usuarios", "rows": 5},
        {"schema": "crm", "table": "contatos", "rows": 50},
        {"schema": "crm", "table": "empresas", "rows": 10},
        {"schema": "crm", "table": "tarefas", "rows": 20},
        {"schema": "crm", "table": "atividades", "rows": 10},
    ]
    check(
        plan(rules, targets=targets, options={"strict": False, "null_rate": 0.05}, extra=1),
        ("error", "unique_capacity", "/rules/0/generator"),
        ("error", "unique_capacity", "/rules/1/generator"),
        ("error", "not_null_with_null_rate", "/rules/2/null_rate"),
        ("error", "not_null_with_null_rate", "/rules/3/rate"),
        ("error", "not_null_with_null_rate", "/rules/4/null_rate"),
        ("error", "fk_cardinality_infeasible", "/rules/4"),
        ("error", "unknown_foreign_key", "/rules/5/columns"),
        ("error", "unique_transform_collision", "/rules/6/transforms/0"),
        ("error", "unsupported_locale", "/rules/7/generator/locale"),
        ("warning", "unknown_option", "/rules/7/generator/extra"),
        ("warning", "unknown_option", "/options/null_rate"),
        ("warning", "unknown_option", "/extra"),
        ("error", "fk_cardinality_infeasible", "crm.tarefas"),
    )


def test_rules_for_tables_that_are_not_generated() -> None:
    rules = [rule("crm.funis.nome", "domain.crm.pipeline_name"),
             {"type": "column_null_rate", "schema": "crm", "table": "reunioes",
              "column": "link_reuniao", "rate": 0.5}]  # fmt: skip
    report = validate_plan(plan(rules), CRM)
    assert report.ok
    assert {(i.code, i.path) for i in report.issues} == {
        ("rule_not_used", "/rules/0"),
        ("rule_not_used", "/rules/1"),
    }


def test_version_and_locale_codes() -> None:
    check(
        plan(plan_version="9.0", **{"global": {"locale": "klingon"}}),
        ("error", "plan_version_unsupported", "/plan_version"),
        ("error", "unsupported_locale", "/global/locale"),
    )


def test_strict_turns_warnings_into_errors() -> None:
    p = plan(options={"strict": False, "mystery": 1})
    assert validate_plan(p, CRM).ok
    report = validate_plan(p, CRM, strict=True)
    assert not report.ok and report.issues[0].severity == "error"
    p["options"] = {"strict": True, "mystery": 1}
    assert not validate_plan(p, CRM).ok


# ---------------------------------------------------------------------------------------------
# The example plans
# ---------------------------------------------------------------------------------------------

#: What each example plan asks for that cannot be done (severity, code, path); everything else
#: validates. Header warnings (0.2 schema version, no fingerprint) are common to all.
EXPECTED: dict[str, set[tuple[str, str, str]]] = {
    "minimal": set(),
    "m2_primitives": {("warning", "check_rejects_values", "/rules/12/generator")},
    "m3_ptbr": {
        ("error", "check_unsatisfiable", "/rules/16/generator"),  # semantic.br.uf into tipo
        ("error", "unique_transform_collision", "/rules/1/transforms/0"),  # masked emails
        ("error", "unique_transform_collision", "/rules/4/transforms/0"),  # masked cnpj
        ("error", "unique_transform_collision", "/rules/9/transforms/0"),
    },
    "m4_derives": set(),
    "m5_relationships": set(),
    "crm_domain": {("error", "unique_capacity", "/rules/3/generator")},  # 5 funis, 3 names
    "finance_domain": set(),
    "logistics_domain": set(),
    "faker_baseline": set(),
    # Unique columns use the unique-capable aliases (semantic.barcode.isbn13,
    # semantic.lorem.word): raw Faker IDs cannot enumerate distinct values.
    "faker_enus": set(),
    "faker_ptbr": {
        ("error", "unique_capacity", "/rules/16/generator"),  # CompanySuffix, 15 listas
    },
    "full_stack_ptbr": {("error", "unique_capacity", "/rules/24/generator")},  # 8 funis
    "crm_realistic": {
        ("warning", "unknown_option", "/options/null_rate"),
        ("error", "unique_capacity", "/rules/26/generator"),  # 4 funis, 3 pipeline names
        ("warning", "value_too_long", "/rules/40/generator"),  # transaction types into char(3)
        ("error", "enum_label_invalid", "/rules/51/generator"),  # lead stages, oportunidades
        ("error", "generator_type_mismatch", "/rules/55/generator"),  # lorem -> atividades.status
        ("error", "generator_type_mismatch", "/rules/60/generator"),  # lorem -> tarefas.status
        ("error", "generator_type_mismatch", "/rules/61/generator"),  # lorem -> prioridade int
        # due dates from base_date; data_limite >= CURRENT_DATE holds a week after it too
        ("warning", "check_rejects_values", "/rules/62/generator"),
        ("error", "generator_type_mismatch", "/rules/70/generator"),  # int -> validade date
        ("error", "generator_type_mismatch", "/rules/83/generator"),  # lorem -> pagamentos.status
    },
}


def test_there_are_thirteen_examples() -> None:
    assert sorted(p.name.removesuffix(".plan.json") for p in EXAMPLES.glob("*.plan.json")) == (
        sorted(EXPECTED)
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_plan_issues(name: str) -> None:
    raw = json.loads((EXAMPLES / f"{name}.plan.json").read_text())
    assert raw["plan_version"] == "0.2" and raw["schema_ref"]["schema_version"] == "0.2"
    report = validate_plan(raw, CRM, repair=False)
    got = {(i.severity, i.code, i.path or "") for i in report.issues if i.code not in HEADER}
    assert got == EXPECTED[name]
    assert {i.code for i in report.issues if i.code in HEADER} == HEADER
    assert report.ok == (not any(s == "error" for s, _, _ in EXPECTED[name]))


def test_example_messages_say_what_and_where() -> None:
    report = validate_plan((EXAMPLES / "m3_ptbr.plan.json").read_text(), CRM, repair=False)
    tipo = next(i for i in report.issues if i.code == "check_unsatisfiable")
    assert "semantic.br.uf" in tipo.message and "crm.atividades.tipo" in tipo.message
    assert tipo.hint == "allowed values: tarefa, reuniao, anotacao"
    report = validate_plan((EXAMPLES / "crm_realistic.plan.json").read_text(), CRM, repair=False)
    enum = next(i for i in report.issues if i.code == "enum_label_invalid")
    assert "'novo'" in enum.message and "aberta, ganha, perdida" in enum.message


# The 13 original example plans (byte-identical copies, tests/data/original_plans/PROVENANCE.md)
# validated against the CRM schema: (code, path) of every issue but the header ones.
_GEN = "/generator"
ORIGINAL_PLAN_ISSUES: dict[str, set[tuple[str, str]]] = {
    "minimal.plan.json": set(),
    "m2_primitives.plan.json": {("check_rejects_values", "/rules/12" + _GEN)},
    "m3_ptbr.plan.json": {
        ("check_unsatisfiable", "/rules/16" + _GEN),
        ("unique_transform_collision", "/rules/1/transforms/0"),
        ("unique_transform_collision", "/rules/3/transforms/0"),
        ("unique_transform_collision", "/rules/9/transforms/0"),
    },
    "m4_derives.plan.json": set(),
    "m5_relationships.plan.json": set(),
    "faker_baseline.plan.json": set(),
    "faker_enus.plan.json": {("unique_capacity", f"/rules/{n}{_GEN}") for n in (1, 7, 10, 12)},
    "faker_ptbr.plan.json": {("unique_capacity", f"/rules/{n}{_GEN}") for n in (9, 13, 15, 17)},
    "finance_domain.plan.json": set(),
    "logistics_domain.plan.json": set(),
    "crm_domain.plan.json": {("unique_capacity", "/rules/3" + _GEN)},
    "full_stack_ptbr.plan.json": {("unique_capacity", "/rules/24" + _GEN)},
    "crm_realistic.plan.json": {
        ("unique_capacity", "/rules/22" + _GEN),
        ("unique_capacity", "/rules/26" + _GEN),
        ("unique_capacity", "/rules/39" + _GEN),
        ("value_too_long", "/rules/40" + _GEN),
        ("enum_label_invalid", "/rules/51" + _GEN),
        ("unique_capacity_tight", "crm.etapas_funil (etapas_funil_nome_unique)"),
        ("unknown_option", "/options/null_rate"),
        *(
            ("generator_type_mismatch", f"/rules/{n}{_GEN}")
            for n in (52, 55, 65, 66, 67, 69, 70, 75, 82, 83)
        ),
    },
}


@pytest.mark.parametrize("path", sorted((ROOT / "tests/data/original_plans").glob("*.json")))
def test_original_plan_files_validate_with_precise_issues(path: Path) -> None:
    report = validate_plan(path.read_text(), CRM, repair=False)
    codes = {(i.code, i.path) for i in report.issues if i.code not in HEADER}
    # crm_realistic.plan.json annotates targets and rules with "comment" keys: one
    # unknown_option each, checked by count rather than listed.
    comments = {c for c in codes if c[0] == "unknown_option" and c[1].endswith("/comment")}
    expected_comments = 63 if path.name == "crm_realistic.plan.json" else 0
    assert len(comments) == expected_comments
    assert codes - comments == ORIGINAL_PLAN_ISSUES[path.name]


# ---------------------------------------------------------------------------------------------
# docs/plan_generators.md
# ---------------------------------------------------------------------------------------------


def _doc_blocks() -> list[tuple[int, str]]:
    text = DOC.read_text(encoding="utf-8")
    return [
        (text[: m.start()].count("\n") + 1, m.group(1))
        for m in re.finditer(r"```json\n(.*?)```", text, re.DOTALL)
    ]


def test_doc_has_examples() -> None:
    assert len(_doc_blocks()) >= 10


@pytest.mark.parametrize("line,block", _doc_blocks(), ids=lambda x: str(x)[:12])
def test_doc_json_examples_validate(line: int, block: str) -> None:
    data = json.loads(block)
    if "plan_version" not in data:  # a rule: wrapped into a plan that targets its table
        data = plan([data], targets=[{"schema": data["schema"], "table": data["table"],
                                      "rows": 20}])  # fmt: skip
    report = validate_plan(data, CRM)
    assert report.ok, f"docs line {line}: {[(i.code, i.path, i.message) for i in report.errors]}"


def test_doc_lists_every_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    source = "\n".join(p.read_text() for p in (ROOT / "src/datalchemy/plan").rglob("*.py"))
    codes = set(re.findall(r'\.(?:error|warning|info)\(\s*"([a-z_]+)"', source))
    codes |= set(re.findall(r'"(?:error|warning)" if [^,]+,\s*"([a-z_]+)"', source))
    codes |= set(re.findall(r'"(?:error|warning|info)",\s*\n?\s*"([a-z_]+)"', source))
    assert len(codes) > 50
    missing = sorted(c for c in codes if f"`{c}`" not in text)
    assert not missing, missing
