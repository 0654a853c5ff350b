"""`datalchemy introspect` end to end: run folder, metrics.json, --json output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from datalchemy.cli import app
from datalchemy.fixtures import create_fixture

# The original tool's topological order of the CRM schema (Kahn, smallest name first).
CRM_TOPO_ORDER = [
    "crm.empresas", "crm.contatos", "crm.fontes_lead", "crm.funis", "crm.etapas_funil",
    "crm.listas_precos", "crm.produtos", "crm.itens_lista_precos", "crm.usuarios", "crm.leads",
    "crm.oportunidades", "crm.atividades", "crm.anotacoes", "crm.cotacoes", "crm.faturas",
    "crm.itens_cotacao", "crm.itens_fatura", "crm.pagamentos", "crm.reunioes", "crm.tarefas",
]  # fmt: skip


def test_introspect_crm_writes_a_complete_run(pg_url: str, tmp_path: Path) -> None:
    create_fixture("crm", pg_url)
    out = tmp_path / "copy" / "schema.json"
    result = CliRunner().invoke(
        app,
        ["introspect", "--conn", pg_url, "--run-dir", str(tmp_path / "runs"), "--out", str(out),
         "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    run_dir = Path(payload["run_dir"])
    assert sorted(p.name for p in run_dir.iterdir()) == [
        "config.json", "logs.ndjson", "metrics.json", "schema.json",
    ]  # fmt: skip
    assert out.read_bytes() == (run_dir / "schema.json").read_bytes()
    counts = payload["counts"]
    expected = {
        "schemas": 2, "tables": 20, "columns": 132, "not_null_columns": 106, "primary_keys": 20,
        "foreign_keys": 27, "uniques": 17, "checks": 29, "enums": 6,
    }  # fmt: skip
    assert {k: counts[k] for k in expected} == expected

    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["coverage"] == {
        "tables_with_pk": 1.0, "tables_with_fk": 0.7, "not_null_ratio": round(106 / 132, 6),
    }  # fmt: skip
    graph = metrics["fk_graph"]
    assert (graph["nodes"], graph["edges"]) == (20, 27)
    assert graph["cycles"] == [] and graph["self_references"] == []
    assert graph["topo_order"] == CRM_TOPO_ORDER
    assert metrics["schema_fingerprint"] == payload["fingerprint"]

    events = [json.loads(x)["event"] for x in (run_dir / "logs.ndjson").read_text().splitlines()]
    assert events[0] == "run_started" and events[-1] == "run_finished"
    assert "introspection_finished" in events and "schema_written" in events
    config = json.loads((run_dir / "config.json").read_text())
    assert config["connection"]["engine"] == "postgres"
    assert ":***@" in config["connection"]["redacted"]


def test_introspect_reports_cycles_and_self_references(pg_url: str, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            """
            create table dept (id int primary key, manager_id int);
            create table emp (id int primary key, dept_id int not null references dept,
                              boss_id int references emp);
            alter table dept add foreign key (manager_id) references emp deferrable;
            """
        )
    result = CliRunner().invoke(
        app, ["introspect", "--conn", pg_url, "--run-dir", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads((Path(json.loads(result.stdout)["run_dir"]) / "metrics.json").read_text())
    graph = metrics["fk_graph"]
    assert graph["self_references"] == ["public.emp"]
    assert graph["cycles"] == [["public.dept", "public.emp"]]
    assert sorted(graph["topo_order"]) == ["public.dept", "public.emp"]


def test_introspect_unknown_schema_is_an_input_error(pg_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["introspect", "--conn", pg_url, "--schema", "nope", "--run-dir", str(tmp_path), "--json"],
    )
    assert result.exit_code == 3
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "schema_not_found"
    assert "public" in error["hint"]
