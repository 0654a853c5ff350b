"""Plan resolution: tables and rows, order and cycles, what fills each column, keys, checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from datalchemy.contracts.plan import Plan
from datalchemy.contracts.resolved import ResolvedPlan
from datalchemy.contracts.schema import DatabaseSchema
from datalchemy.errors import PlanValidationError
from datalchemy.plan import resolve_plan, validate_plan
from datalchemy.plan.resolve.sqldefaults import classify_default
from datalchemy.plan.resolve.topology import demand_rows

GOLDEN = Path(__file__).parents[1] / "golden"
CRM = DatabaseSchema.model_validate_json((GOLDEN / "crm.schema.json").read_text())
CAR = DatabaseSchema.model_validate_json((GOLDEN / "car_rental.schema.json").read_text())

CRM_TOPO_ORDER = [
    "crm.empresas", "crm.contatos", "crm.fontes_lead", "crm.funis", "crm.etapas_funil",
    "crm.listas_precos", "crm.produtos", "crm.itens_lista_precos", "crm.usuarios", "crm.leads",
    "crm.oportunidades", "crm.atividades", "crm.anotacoes", "crm.cotacoes", "crm.faturas",
    "crm.itens_cotacao", "crm.itens_fatura", "crm.pagamentos", "crm.reunioes", "crm.tarefas",
]  # fmt: skip


def plan(
    targets: dict[str, int],
    rules: list[dict[str, Any]] | None = None,
    *,
    engine: str = "postgres",
    **extra: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "plan_version": "0.3",
        "seed": 7,
        "schema_ref": {"schema_version": "0.3", "engine": engine},
        "targets": [
            {"schema": q.split(".")[0], "table": q.split(".")[1], "rows": n}
            for q, n in targets.items()
        ],
        "rules": rules or [],
    }
    out.update(extra)
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


def resolve(p: dict[str, Any], schema: DatabaseSchema = CRM) -> ResolvedPlan:
    return resolve_plan(p, schema)


def col(resolved: ResolvedPlan, qualified: str) -> Any:
    s, t, c = qualified.split(".")
    return resolved.table(f"{s}.{t}").column(c)


# ---------------------------------------------------------------------------------------------
# Tables, rows, order
# ---------------------------------------------------------------------------------------------


def test_every_crm_table_in_the_original_topological_order() -> None:
    r = resolve(plan({q: 10 for q in CRM_TOPO_ORDER}))
    assert [t.qualified_name for t in r.tables] == CRM_TOPO_ORDER
    assert not any(t.auto_added for t in r.tables)
    assert all(t.rows_reason == "target" for t in r.tables)


def test_parents_are_added_with_deterministic_rows_and_reasons() -> None:
    r = resolve(plan({"crm.contatos": 200}))
    assert [(t.qualified_name, t.rows, t.auto_added) for t in r.tables] == [
        ("crm.empresas", 40, True),
        ("crm.contatos", 200, False),
    ]
    assert r.table("crm.empresas").rows_reason == (
        "parent of crm.contatos (200 rows) via contatos_empresa_id_fkey: "
        "ceil(200 / 5 children per parent)"
    )


def test_nullable_fk_parents_are_added_too_and_parents_of_parents() -> None:
    r = resolve(plan({"crm.oportunidades": 120}))
    rows = {t.table: t.rows for t in r.tables}
    # contato_id is nullable: its parent is generated as well (documented choice).
    assert rows == {
        "empresas": 24, "contatos": 24, "funis": 5, "etapas_funil": 24, "usuarios": 24,
        "oportunidades": 120,
    }  # fmt: skip


def test_one_to_one_children_size_their_parent() -> None:
    r = resolve(plan({"crm.tarefas": 120, "crm.reunioes": 80}))
    atividades = r.table("crm.atividades")
    assert atividades.rows == 120 and atividades.auto_added
    assert "one-to-one" in atividades.rows_reason
    fk = r.table("crm.tarefas").foreign_keys[0]
    assert fk.one_to_one and fk.key == "tarefas_atividade_id_fkey"
    assert r.table("crm.tarefas").uniques[0].columns == ["atividade_id"]


def test_small_parents_get_at_least_three_rows() -> None:
    assert demand_rows(4, one_to_one=False, null_rate=0.0, card=None)[0] == 3
    assert demand_rows(2, one_to_one=False, null_rate=0.0, card=None)[0] == 2
    assert demand_rows(200, one_to_one=False, null_rate=0.5, card=None)[0] == 20
    assert demand_rows(7, one_to_one=True, null_rate=0.0, card=None)[0] == 7


def test_cardinality_rules_size_parents_and_reach_the_engine() -> None:
    rules = [
        {"type": "foreign_key_cardinality", "schema": "crm", "table": "contatos",
         "foreign_key": "contatos_empresa_id_fkey",
         "children_per_parent": {"distribution": "fixed", "per_parent": 4}},
        {"type": "foreign_key_cardinality", "schema": "crm", "table": "leads",
         "columns": ["fonte_lead_id"], "null_rate": 0.5,
         "children_per_parent": {"distribution": "zipf", "s": 1.5}},
    ]  # fmt: skip
    r = resolve(plan({"crm.contatos": 100, "crm.leads": 40}, rules))
    assert r.table("crm.empresas").rows == 25
    fk = next(f for f in r.table("crm.contatos").foreign_keys if f.key.endswith("empresa_id_fkey"))
    assert fk.cardinality.distribution == "fixed" and fk.cardinality.per_parent == 4
    lead_fk = next(f for f in r.table("crm.leads").foreign_keys if f.columns == ["fonte_lead_id"])
    assert lead_fk.null_rate == 0.5 and lead_fk.cardinality.distribution == "zipf"
    assert r.table("crm.fontes_lead").rows == 4  # 20 non-NULL references / 5


def test_foreign_key_strategy_disable_generates_ordinary_values() -> None:
    rules = [{"type": "foreign_key_strategy", "schema": "crm", "table": "contatos",
              "mode": "disable"}]  # fmt: skip
    report = validate_plan(plan({"crm.contatos": 10}, rules), CRM)
    assert report.ok and report.resolved is not None
    assert [t.table for t in report.resolved.tables] == ["contatos"]
    c = col(report.resolved, "crm.contatos.empresa_id")
    assert (c.action, c.generator) == ("generate", "primitive.uuid.v4")
    assert "fk_disable_without_flag" in [i.code for i in report.issues]
    flagged = plan({"crm.contatos": 10}, rules, options={"allow_fk_disable": True})
    assert "fk_disable_without_flag" not in [i.code for i in validate_plan(flagged, CRM).issues]


# ---------------------------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------------------------


def test_crm_defaults_respect_checks_orders_and_defaults() -> None:
    r = resolve(plan({q: 30 for q in CRM_TOPO_ORDER}, base_date="2024-01-01"))
    pk = col(r, "crm.usuarios.id")
    assert (pk.generator, pk.unique, pk.reason) == ("primitive.uuid.v4", True, "default_value")
    upd = col(r, "crm.usuarios.data_atualizacao")
    assert (upd.generator, upd.inputs, upd.reason) == (
        "derive.end_after_start",
        ["data_criacao"],
        "check_order",
    )
    # The original's full-stack crash: data_nascimento <= CURRENT_DATE with no rule.
    birth = col(r, "crm.contatos.data_nascimento")
    assert birth.params["max"] <= "2024-01-01"
    limit = col(r, "crm.tarefas.data_limite")  # data_limite >= CURRENT_DATE
    assert limit.params["min"] >= "2024-01-01" and limit.reason == "check_domain"
    score = col(r, "crm.leads.score")
    assert 0 <= score.params["min"] <= score.params["max"] <= 100
    tipo = col(r, "crm.atividades.tipo")
    assert tipo.generator == "primitive.choice"
    assert tipo.params["values"] == ["tarefa", "reuniao", "anotacao"]
    moeda = col(r, "crm.listas_precos.moeda")
    assert (moeda.action, moeda.value, moeda.reason) == ("constant", "BRL", "default_value")
    status = col(r, "crm.leads.status")
    assert (status.generator, status.reason) == ("primitive.enum", "enum")
    ativo = col(r, "crm.empresas.ativo")
    assert ativo.generator == "primitive.bool" and ativo.params == {"p_true": 0.85}
    fim = col(r, "crm.listas_precos.data_fim")
    assert fim.generator == "derive.end_after_start" and fim.null_rate == 0.25
    valor = col(r, "crm.pagamentos.valor")  # valor > 0
    assert valor.params["min"] > 0
    assert col(r, "crm.empresas.cnpj").pii == ["pii.cnpj"]
    assert col(r, "crm.contatos.empresa_id").action == "foreign_key"
    assert col(r, "crm.contatos.empresa_id").foreign_key == "contatos_empresa_id_fkey"
    checks = {c.name: c for c in r.table("crm.contatos").checks}
    assert checks["contatos_email_chk"].strategy == "verify"
    assert checks["contatos_nascimento_chk"].verify_sql is not None
    etapas = r.table("crm.etapas_funil")
    assert sorted(u.name or "" for u in etapas.uniques) == [
        "etapas_funil_nome_unique",
        "etapas_funil_ordem_unique",
    ]


def test_rules_win_with_legacy_params_locale_and_transforms() -> None:
    rules = [
        rule("crm.contatos.data_nascimento", "primitive.date.range",
             params={"min": "1970-01-01", "max": "2005-12-31"}),
        rule("crm.contatos.nome", {"id": "semantic.person.first_name", "locale": "en_US"}),
        rule("crm.contatos.sobrenome", "semantic.person.last_name"),
        rule("crm.contatos.telefone", "semantic.br.phone",
             transforms=[{"transform": "transform.mask", "params": {"mode": "redact"}}]),
        rule("crm.contatos.cargo", "domain.crm.job_title", null_rate=0.3),
        rule("crm.contatos.empresa_id", "derive.fk"),
    ]  # fmt: skip
    r = resolve(plan({"crm.contatos": 10}, rules, **{"global": {"locale": "pt_BR"}}))
    birth = col(r, "crm.contatos.data_nascimento")
    assert birth.params == {"min": "1970-01-01", "max": "2005-12-31"} and birth.reason == "rule"
    assert col(r, "crm.contatos.nome").locale == "en_US"
    assert col(r, "crm.contatos.sobrenome").locale == "pt_BR"
    assert col(r, "crm.contatos.telefone").transforms[0].transform == "transform.mask"
    assert col(r, "crm.contatos.cargo").null_rate == 0.3
    assert col(r, "crm.contatos.empresa_id").action == "foreign_key"
    assert col(r, "crm.empresas.razao_social").locale == "pt_BR"
    assert resolve(plan({"crm.empresas": 3})).locale == "en_US"


def test_rule_on_a_foreign_key_column_is_ignored_with_a_warning() -> None:
    rules = [rule("crm.contatos.empresa_id", "primitive.uuid.v4")]
    r = resolve(plan({"crm.contatos": 5}, rules))
    assert col(r, "crm.contatos.empresa_id").action == "foreign_key"
    assert [(w.code, w.path) for w in r.warnings if w.code == "rule_on_foreign_key"] == [
        ("rule_on_foreign_key", "/rules/0")
    ]


def test_column_null_rate_rule_and_order_with_a_ruled_later_column() -> None:
    rules = [
        {"type": "column_null_rate", "schema": "crm", "table": "contatos", "column": "cargo",
         "rate": 0.4},
        rule("crm.usuarios.data_atualizacao", "primitive.timestamp.range",
             params={"min": "2023-06-01T00:00:00", "max": "2023-12-31T00:00:00"}),
    ]  # fmt: skip
    r = resolve(plan({"crm.contatos": 5, "crm.usuarios": 5}, rules))
    assert col(r, "crm.contatos.cargo").null_rate == 0.4
    created = col(r, "crm.usuarios.data_criacao")  # placed before the ruled later column
    assert created.reason == "check_order"
    assert created.params["max"] <= "2023-06-01T00:00:00"


def test_car_rental_identity_defaults_and_check_lists() -> None:
    targets = {f"main.{t.name}": 20 for t in CAR.schemas[0].tables}
    r = resolve(plan(targets, engine="sqlite"), CAR)
    key = col(r, "main.clientes.id_cliente")
    assert (key.generator, key.params, key.reason, key.unique) == (
        "primitive.int.sequence_hint",
        {"start": 1, "step": 1},
        "identity",
        True,
    )
    assert col(r, "main.clientes.criado_em").reason == "default_value"
    assert col(r, "main.veiculos.status").params["values"] == [
        "disponivel",
        "alugado",
        "manutencao",
    ]
    nota = col(r, "main.avaliacoes.nota").params  # 1..5 stars, mostly 4 and 5
    assert nota == {"values": [1, 2, 3, 4, 5], "weights": [6, 6, 14, 32, 42]}
    assert col(r, "main.veiculos.placa").generator == "semantic.br.plate"
    assert r.table("main.contratos").foreign_keys[0].key == "fk_id_cliente"


def test_resolution_is_deterministic_across_hash_seeds() -> None:
    code = (
        "import sys; from pathlib import Path;"
        "from datalchemy.contracts.schema import DatabaseSchema;"
        "from datalchemy.plan import resolve_plan;"
        "s = DatabaseSchema.model_validate_json(Path(sys.argv[1]).read_text());"
        "p = Path(sys.argv[2]).read_text();"
        "sys.stdout.write(resolve_plan(p, s).model_dump_json())"
    )
    example = Path(__file__).parents[2] / "plans/examples/m4_derives.plan.json"
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(GOLDEN / "crm.schema.json"), str(example)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    again = ResolvedPlan.model_validate_json(outputs.pop())
    assert again.tables[0].table == "empresas"


def test_resolved_plan_round_trips_and_carries_fingerprints() -> None:
    p = Plan.model_validate(plan({"crm.leads": 10}))
    r = resolve_plan(p, CRM)
    assert r.plan_fingerprint == p.fingerprint()
    assert r.schema_fingerprint == CRM.fingerprint
    assert ResolvedPlan.model_validate_json(r.model_dump_json()) == r
    assert r.base_date == date(2024, 1, 1)


def test_resolve_raises_with_every_issue() -> None:
    bad = plan({"crm.leads": 10}, [rule("crm.leads.score", "faker.lorem.raw.Word")])
    with pytest.raises(PlanValidationError) as info:
        resolve_plan(bad, CRM, strict=True)
    assert info.value.code == "plan_invalid"
    assert "generator_type_mismatch" in [i.code for i in info.value.issues]
    # by default the constraints win: the column's own generator, reported as a repair
    repaired = resolve(bad)
    assert repaired.table("crm.leads").column("score").generator == "primitive.int.range"
    assert [(r.code, r.action) for r in repaired.repairs or []] == [
        ("generator_type_mismatch", "column_default")
    ]
    assert repaired.plan_fingerprint == Plan.model_validate(bad).fingerprint()
    unknown = plan({"crm.leads": 10}, [rule("crm.leads.score", "primitive.nope")])
    with pytest.raises(PlanValidationError):  # no repair for an unknown generator
        resolve(unknown)


# ---------------------------------------------------------------------------------------------
# Synthetic schemas: cycles, self-references, identity, generated columns, views
# ---------------------------------------------------------------------------------------------


def _col(name: str, typ: str = "integer", **kw: Any) -> dict[str, Any]:
    fam = {"integer": "integer", "text": "text", "uuid": "uuid"}.get(typ, typ)
    return {"ordinal": kw.pop("ordinal", 1), "name": name, "declared_type": typ, "family": fam,
            "nullable": kw.pop("nullable", True), **kw}  # fmt: skip


def _table(name: str, cols: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    for i, c in enumerate(cols, start=1):
        c["ordinal"] = i
    return {"name": name, "columns": cols, **kw}


def _fk(col: str, parent: str, **kw: Any) -> dict[str, Any]:
    return {"name": f"{col}_fkey", "columns": [col], "referenced_schema": "s",
            "referenced_table": parent, "referenced_columns": ["id"], **kw}  # fmt: skip


def _schema(*tables: dict[str, Any]) -> DatabaseSchema:
    return DatabaseSchema.model_validate(
        {"engine": "postgres", "schemas": [{"name": "s", "tables": list(tables)}]}
    )


def _pk(name: str = "id") -> dict[str, Any]:
    return {"columns": [name]}


def test_a_cycle_is_broken_at_a_nullable_fk() -> None:
    schema = _schema(
        _table("a", [_col("id", nullable=False, identity="always"),
                     _col("b_id", nullable=True)],
               primary_key=_pk(), foreign_keys=[_fk("b_id", "b")]),
        _table("b", [_col("id", nullable=False, identity="by_default"),
                     _col("a_id", nullable=False)],
               primary_key=_pk(), foreign_keys=[_fk("a_id", "a")]),
    )  # fmt: skip
    r = resolve_plan(plan({"s.a": 10, "s.b": 10}), schema)
    assert [t.table for t in r.tables] == ["a", "b"]
    assert r.table("s.a").foreign_keys[0].deferred
    assert not r.table("s.b").foreign_keys[0].deferred
    assert col(r, "s.a.id").generator == "primitive.int.sequence_hint"


def test_a_cycle_of_not_null_fks_is_filled_after_where_the_target_can_load_it() -> None:
    schema = _schema(
        _table("a", [_col("id", nullable=False), _col("b_id", nullable=False)],
               primary_key=_pk(), foreign_keys=[_fk("b_id", "b")]),
        _table("b", [_col("id", nullable=False), _col("a_id", nullable=False)],
               primary_key=_pk(), foreign_keys=[_fk("a_id", "a")]),
    )  # fmt: skip
    report = validate_plan(plan({"s.a": 10}), schema)  # PostgreSQL: not_null_fk_cycles
    assert report.ok, report.issues
    notes = [i for i in report.issues if i.code == "fk_cycle_filled_after"]
    assert [(i.severity, i.path) for i in notes] == [("info", "s.b")]
    r = resolve_plan(plan({"s.a": 10}), schema)
    assert [t.table for t in r.tables] == ["b", "a"]
    assert r.table("s.b").foreign_keys[0].deferred


def test_a_cycle_of_not_null_fks_is_unbreakable() -> None:
    schema = _schema(
        _table("a", [_col("id", nullable=False), _col("b_id", nullable=False)],
               primary_key=_pk(), foreign_keys=[_fk("b_id", "b")]),
        _table("b", [_col("id", nullable=False), _col("a_id", nullable=False)],
               primary_key=_pk(), foreign_keys=[_fk("a_id", "a")]),
    )  # fmt: skip
    schema.engine = "odbc"  # a generic ODBC target cannot hold a foreign key until COMMIT
    report = validate_plan(plan({"s.a": 10}, engine="odbc"), schema)
    cycle = [i for i in report.issues if i.code == "fk_cycle_unbreakable"]
    assert len(cycle) == 1 and cycle[0].severity == "error" and cycle[0].path == "s.a"
    # Deferrable is enough to break it.
    schema.schemas[0].tables[0].foreign_keys[0].deferrable = True
    r = resolve_plan(plan({"s.a": 10}, engine="odbc"), schema)
    assert r.table("s.a").foreign_keys[0].deferred


def test_self_reference_serial_generated_and_views() -> None:
    schema = _schema(
        _table("node", [
            _col("id", nullable=False, default="nextval('s.node_id_seq'::regclass)"),
            _col("parent_id"),
            _col("label", "text", nullable=False),
            _col("upper_label", "text", generated="upper(label)", generated_kind="stored"),
        ], primary_key=_pk(), foreign_keys=[_fk("parent_id", "node")]),
        _table("node_view", [_col("id")], kind="view"),
    )  # fmt: skip
    r = resolve_plan(plan({"s.node": 50}), schema)
    fk = r.table("s.node").foreign_keys[0]
    assert fk.self_reference and not fk.deferred and not fk.one_to_one
    key = col(r, "s.node.id")
    assert (key.generator, key.reason) == ("primitive.int.sequence_hint", "identity")
    assert col(r, "s.node.upper_label").action == "omit"
    report = validate_plan(plan({"s.node_view": 5}), schema)
    assert [i.code for i in report.errors] == ["target_not_generatable"]


def test_fk_to_a_table_outside_the_schema() -> None:
    fk = {**_fk("ext_id", "elsewhere"), "referenced_schema": "other"}
    schema = _schema(
        _table("t", [_col("id", nullable=False), _col("ext_id")], primary_key=_pk(),
               foreign_keys=[fk]),
    )  # fmt: skip
    r = resolve_plan(plan({"s.t": 5}), schema)
    c = col(r, "s.t.ext_id")
    assert (c.action, c.value) == ("constant", None)
    assert [w.code for w in r.warnings] == ["fk_parent_missing"]
    schema.schemas[0].tables[0].columns[1].nullable = False
    report = validate_plan(plan({"s.t": 5}), schema)
    assert [i.code for i in report.errors] == ["fk_parent_missing"]


def test_junction_table_composite_key_sizes_added_parents() -> None:
    schema = _schema(
        _table("p", [_col("id", nullable=False)], primary_key=_pk()),
        _table("q", [_col("id", nullable=False)], primary_key=_pk()),
        _table("pq", [_col("p_id", nullable=False), _col("q_id", nullable=False)],
               primary_key={"columns": ["p_id", "q_id"]},
               foreign_keys=[_fk("p_id", "p"), _fk("q_id", "q")]),
    )  # fmt: skip
    r = resolve_plan(plan({"s.pq": 100}), schema)
    pq = r.table("s.pq")
    assert pq.uniques[0].primary and pq.uniques[0].columns == ["p_id", "q_id"]
    assert r.table("s.p").rows * r.table("s.q").rows >= 100
    report = validate_plan(plan({"s.pq": 100, "s.p": 3, "s.q": 3}), schema)
    assert "unique_capacity" in [i.code for i in report.errors]


def test_sql_defaults_are_classified() -> None:
    assert classify_default("'novo'::crm.status_lead").value == "novo"  # type: ignore[union-attr]
    assert classify_default("(0)::numeric").value == 0  # type: ignore[union-attr]
    assert classify_default("now()").kind == "now"  # type: ignore[union-attr]
    assert classify_default("CURRENT_DATE").kind == "today"  # type: ignore[union-attr]
    assert classify_default("gen_random_uuid()").kind == "uuid"  # type: ignore[union-attr]
    assert classify_default("(now() + '1 day'::interval)").kind == "expression"  # type: ignore[union-attr]
    assert classify_default(None) is None


def test_resolved_json_is_stable() -> None:
    p = plan({"crm.itens_fatura": 20})
    assert json.loads(resolve(p).model_dump_json()) == json.loads(resolve(p).model_dump_json())
