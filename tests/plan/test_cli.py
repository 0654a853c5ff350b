"""`datalchemy plan suggest|validate|fix|show`: files, exit codes, --json payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from datalchemy.cli.plan import app as plan_app
from datalchemy.cli.plan import parse_rows
from datalchemy.errors import UsageError

ROOT = Path(__file__).parents[2]
CRM = ROOT / "tests/golden/crm.schema.json"
CAR = ROOT / "tests/golden/car_rental.schema.json"
EXAMPLES = ROOT / "plans/examples"

# The sub-app on its own root, so the tests do not depend on how cli/__init__ wires it.
root = typer.Typer()
root.add_typer(plan_app, name="plan")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(root, ["plan", *args])
    return result.exit_code, result.stdout, result.stderr


def test_parse_rows() -> None:
    assert parse_rows(None) == (100, {})
    assert parse_rows(["50", "crm.leads=500", "tarefas=7"]) == (
        50,
        {"crm.leads": 500, "tarefas": 7},
    )
    for bad in ("x", "0", "=5", "a=0", "a=b"):
        with pytest.raises(UsageError):
            parse_rows([bad])


def test_suggest_writes_a_valid_plan_and_explains_every_column(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    code, stdout, _ = run(
        "suggest", "--schema", str(CRM), "--rows", "30", "--rows", "crm.leads=90",
        "--out", str(out), "--json",
    )  # fmt: skip
    assert code == 0, stdout
    payload = json.loads(stdout)
    assert payload["status"] == "ok" and payload["plan_path"] == str(out)
    assert payload["tables"] == 20 and payload["issues"] == []
    cols = {(e["table"], e["column"]): e for e in payload["explanations"]}
    assert cols[("crm.empresas", "cnpj")]["generator"] == "semantic.br.cnpj"
    plan = json.loads(out.read_text())
    assert {t["table"]: t["rows"] for t in plan["targets"]}["leads"] == 90
    code, stdout, _ = run("validate", str(out), "--schema", str(CRM), "--strict", "--json")
    assert code == 0 and json.loads(stdout)["issues"] == []


def test_suggest_human_output(tmp_path: Path) -> None:
    out = tmp_path / "car.plan.json"
    code, stdout, _ = run("suggest", "--schema", str(CAR), "--out", str(out), "--locale", "pt_BR")
    assert code == 0
    assert "main.clientes" in stdout and "semantic.br.cpf" in stdout
    assert f"wrote {out}" in stdout.replace("\n", "")
    assert out.exists()


def test_suggest_bad_rows_is_a_usage_error(tmp_path: Path) -> None:
    code, stdout, _ = run("suggest", "--schema", str(CRM), "--rows", "nope=3", "--json",
                          "--out", str(tmp_path / "p.json"))  # fmt: skip
    assert code == 2
    assert json.loads(stdout)["error"]["code"] == "unknown_rows_table"


def test_validate_strict_lists_every_issue_and_exits_4() -> None:
    plan = EXAMPLES / "crm_realistic.plan.json"
    code, stdout, _ = run("validate", str(plan), "--schema", str(CRM), "--strict", "--json")
    assert code == 4
    payload = json.loads(stdout)
    assert payload["status"] == "error" and payload["error"]["code"] == "plan_invalid"
    codes = [i["code"] for i in payload["issues"]]
    assert codes.count("generator_type_mismatch") == 5
    assert {"enum_label_invalid", "unique_capacity", "unknown_option"} <= set(codes)
    code, _, stderr = run("validate", str(plan), "--schema", str(CRM), "--strict")
    assert code == 4
    assert "enum_label_invalid" in stderr and "Traceback" not in stderr


def test_validate_repairs_by_default_and_lists_them_first() -> None:
    plan = ROOT / "tests/data/original_plans/crm_realistic.plan.json"
    code, stdout, _ = run("validate", str(plan), "--schema", str(CRM), "--json")
    assert code == 0, stdout
    payload = json.loads(stdout)
    repairs = payload["repairs"]
    assert len(repairs) == 16
    assert {r["action"] for r in repairs} >= {"disambiguate", "convert", "column_default"}
    first = payload["issues"][: len(repairs)]
    assert [(i["code"], i["path"]) for i in first] == [(r["code"], r["path"]) for r in repairs]
    code, stdout, _ = run("validate", str(plan), "--schema", str(CRM))
    assert code == 0
    flat = " ".join(stdout.split())
    assert flat.index("repair(s)") < flat.index("unknown_option")
    assert "16 repair(s)" in flat and "plan is valid" in flat


def test_fix_writes_the_repaired_plan(tmp_path: Path) -> None:
    plan = ROOT / "tests/data/original_plans/full_stack_ptbr.plan.json"
    out = tmp_path / "fixed.json"
    code, stdout, _ = run("fix", str(plan), "--schema", str(CRM), "--out", str(out), "--json")
    assert code == 0, stdout
    payload = json.loads(stdout)
    assert payload["plan_path"] == str(out) and len(payload["repairs"]) == 1
    fixed = json.loads(out.read_text())
    assert fixed["rules"][24]["disambiguate"] is True
    assert fixed["repairs"][0]["code"] == "unique_capacity"
    original = json.loads(plan.read_text())
    assert fixed["rules"][:24] == original["rules"][:24]
    code, stdout, _ = run("validate", str(out), "--schema", str(CRM), "--json")
    assert code == 0 and json.loads(stdout)["repairs"] == []
    # a plan without problems is written as it is, with nothing to repair
    same = tmp_path / "same.json"
    code, stdout, _ = run("fix", str(EXAMPLES / "minimal.plan.json"), "--schema", str(CRM),
                          "--out", str(same))  # fmt: skip
    assert code == 0 and "nothing to repair" in " ".join(stdout.split())
    # a plan that cannot be repaired: written with its issues, exit 4
    broken = tmp_path / "broken.json"
    raw = json.loads((EXAMPLES / "minimal.plan.json").read_text())
    raw["targets"][0]["table"] = "nope"
    broken.write_text(json.dumps(raw))
    code, stdout, _ = run("fix", str(broken), "--schema", str(CRM), "--out",
                          str(tmp_path / "b.json"), "--json")  # fmt: skip
    assert code == 4 and json.loads((tmp_path / "b.json").read_text())["issues"]


def test_validate_ok_with_warnings_and_resolved_output(tmp_path: Path) -> None:
    resolved = tmp_path / "out" / "resolved_plan.json"
    plan = EXAMPLES / "minimal.plan.json"
    code, stdout, _ = run("validate", str(plan), "--schema", str(CRM), "--out", str(resolved))
    assert code == 0 and "plan is valid" in stdout
    data = json.loads(resolved.read_text())
    assert [t["table"] for t in data["tables"]][:2] == ["empresas", "contatos"]
    assert {w["code"] for w in data["warnings"]} == {
        "schema_version_mismatch",
        "schema_fingerprint_not_set",
    }
    code, stdout, _ = run("validate", str(plan), "--schema", str(CRM), "--strict", "--json")
    assert code == 4 and len(json.loads(stdout)["issues"]) == 2


def test_show_renders_tables_and_json() -> None:
    plan = EXAMPLES / "m4_derives.plan.json"
    code, stdout, _ = run("show", str(plan), "--schema", str(CRM))
    assert code == 0
    assert "crm.usuarios" in stdout and "derive.email_from_name" in stdout
    code, stdout, _ = run("show", str(plan), "--schema", str(CRM), "--json")
    resolved = json.loads(stdout)["resolved"]
    assert resolved["seed"] == 21 and resolved["tables"][0]["table"] == "empresas"
    m3 = str(EXAMPLES / "m3_ptbr.plan.json")
    code, _, stderr = run("show", m3, "--schema", str(CRM), "--strict")
    assert code == 4 and "check_unsatisfiable" in stderr
    code, stdout, _ = run("show", m3, "--schema", str(CRM))  # repaired by default
    assert code == 0 and "crm.atividades" in stdout
    flat = " ".join(stdout.split())
    assert flat.index("4 repair(s)") < flat.index("crm.atividades")


def test_file_errors_are_coded_without_traceback(tmp_path: Path) -> None:
    code, stdout, _ = run("validate", str(tmp_path / "nope.json"), "--schema", str(CRM), "--json")
    assert code == 3 and json.loads(stdout)["error"]["code"] == "plan_file_not_found"
    broken = tmp_path / "schema.json"
    broken.write_text('{\n  "engine": "postgres",\n}')
    code, stdout, _ = run("show", str(EXAMPLES / "minimal.plan.json"), "--schema", str(broken),
                          "--json")  # fmt: skip
    error = json.loads(stdout)["error"]
    assert code == 3 and error["code"] == "schema_invalid_json"
    assert "line 3, column 1" in error["message"]
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"engine": "mysql", "schemas": [{"tables": []}]}))
    code, stdout, _ = run("validate", str(EXAMPLES / "minimal.plan.json"), "--schema", str(wrong),
                          "--json")  # fmt: skip
    error = json.loads(stdout)["error"]
    assert code == 3 and error["code"] == "schema_contract_violation"
    assert "/engine" in error["message"] and "/schemas/0/name" in error["message"]
    bad_plan = tmp_path / "plan.json"
    bad_plan.write_text("{ nope")
    code, stdout, _ = run("validate", str(bad_plan), "--schema", str(CRM), "--json")
    assert code == 4 and json.loads(stdout)["issues"][0]["code"] == "invalid_plan_json"


def test_load_plan_lists_contract_violations(tmp_path: Path) -> None:
    from datalchemy.errors import InputError
    from datalchemy.plan.io import load_plan

    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"seed": -1, "targets": [{"schema": "s"}]}))
    with pytest.raises(InputError) as info:
        load_plan(path)
    assert info.value.code == "plan_contract_violation"
    for where in ("/plan_version", "/seed", "/targets/0/table", "/targets/0/rows"):
        assert where in info.value.message
    assert load_plan(EXAMPLES / "minimal.plan.json").seed == 42
