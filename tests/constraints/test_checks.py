"""The entry points: every CHECK of the CRM and car-rental goldens analysed to its expected domain
or order, ``analyze_table`` merging per column and through a domain over a domain, and junk input
that never raises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from datalchemy.constraints import (
    CheckAnalysis,
    CheckVerifier,
    ColumnDomain,
    ColumnOrder,
    analyze_check,
    analyze_table,
)
from datalchemy.contracts.schema import (
    CheckConstraint,
    Column,
    DatabaseSchema,
    DomainType,
    Schema,
    Table,
)

from .helpers import (
    BASE,
    CAR_RENTAL,
    CRM,
    F,
    analyze,
    empty_schema,
    load,
)

# ----------------------------------------------------------------------------- CRM golden


def crm_checks() -> dict[str, tuple[Table, CheckAnalysis, list[ColumnDomain], list[ColumnOrder]]]:
    schema = load(CRM)
    out = {}
    for _, table in schema.iter_tables():
        families = {c.name: c.family for c in table.columns}
        for check in table.checks:
            assert check.name is not None
            out[check.name] = (
                table,
                *analyze_check(check, dialect="postgres", base_date=BASE, families=families),
            )
    return out


CRM_EXPECTED: dict[str, tuple[str, dict[str, Any] | None, ColumnOrder | None]] = {
    # name: (strategy, {field: value} of the single domain, order)
    "atividades_periodo_chk": (
        "domain",
        None,
        ColumnOrder("data_fim", ">=", "data_inicio", True, "atividades_periodo_chk"),
    ),
    "atividades_tipo_chk": ("domain", {"allowed": ["tarefa", "reuniao", "anotacao"]}, None),
    "contatos_email_chk": ("verify", {"contains": ["@"]}, None),
    "contatos_nascimento_chk": (
        "domain",
        {"maximum": date(2024, 1, 1), "maximum_inclusive": True, "null_ok": True},
        None,
    ),
    "cotacoes_validade_chk": (
        "domain",
        None,
        ColumnOrder("validade", ">=", "data_emissao", False, "cotacoes_validade_chk"),
    ),
    "empresas_datas_chk": (
        "domain",
        None,
        ColumnOrder("data_atualizacao", ">=", "data_criacao", False, "empresas_datas_chk"),
    ),
    "empresas_email_chk": ("verify", {"contains": ["@"], "null_ok": True}, None),
    "etapas_funil_ordem_chk": ("domain", {"minimum": 1, "maximum": None}, None),
    "etapas_funil_prob_chk": (
        "domain",
        {"minimum": Decimal(0), "maximum": Decimal(100), "minimum_inclusive": True},
        None,
    ),
    "faturas_valor_chk": ("domain", {"minimum": Decimal(0), "minimum_inclusive": True}, None),
    "faturas_vencimento_chk": (
        "domain",
        None,
        ColumnOrder("data_vencimento", ">=", "data_emissao", False, "faturas_vencimento_chk"),
    ),
    "itens_cotacao_desconto_chk": (
        "domain",
        {"minimum": Decimal(0), "maximum": Decimal(100)},
        None,
    ),
    "itens_cotacao_preco_chk": ("domain", {"minimum": Decimal(0)}, None),
    "itens_cotacao_quantidade_chk": ("domain", {"minimum": 1, "minimum_inclusive": True}, None),
    "itens_fatura_preco_chk": ("domain", {"minimum": Decimal(0)}, None),
    "itens_fatura_quantidade_chk": ("domain", {"minimum": 1}, None),
    "itens_lista_precos_preco_chk": ("domain", {"minimum": Decimal(0)}, None),
    "leads_qualificacao_chk": (
        "domain",
        None,
        ColumnOrder("data_qualificacao", ">=", "data_criacao", True, "leads_qualificacao_chk"),
    ),
    "leads_score_chk": ("domain", {"minimum": 0, "maximum": 100, "null_ok": False}, None),
    "listas_precos_periodo_chk": (
        "domain",
        None,
        ColumnOrder("data_fim", ">=", "data_inicio", True, "listas_precos_periodo_chk"),
    ),
    "oportunidades_fechamento_chk": (
        "domain",
        None,
        ColumnOrder("data_fechamento", ">=", "data_abertura", True, "oportunidades_fechamento_chk"),
    ),
    "oportunidades_valor_chk": ("domain", {"minimum": Decimal(0)}, None),
    # numeric > 0: strict, never shifted by one
    "pagamentos_valor_chk": ("domain", {"minimum": Decimal(0), "minimum_inclusive": False}, None),
    "produtos_preco_chk": ("domain", {"minimum": Decimal(0)}, None),
    "reunioes_duracao_chk": ("domain", {"minimum": 1}, None),
    "tarefas_data_limite_chk": ("domain", {"minimum": date(2024, 1, 1), "null_ok": True}, None),
    "tarefas_prioridade_chk": ("domain", {"minimum": 1, "maximum": 5}, None),
    "usuarios_datas_chk": (
        "domain",
        None,
        ColumnOrder("data_atualizacao", ">=", "data_criacao", False, "usuarios_datas_chk"),
    ),
    "usuarios_email_chk": ("verify", {"contains": ["@"], "null_ok": False}, None),
}


def test_crm_every_check_is_expected() -> None:
    checks = crm_checks()
    assert set(checks) == set(CRM_EXPECTED)
    assert len(checks) == 29


@pytest.mark.parametrize("name", sorted(CRM_EXPECTED))
def test_crm_check(name: str) -> None:
    table, analysis, domains, orders = crm_checks()[name]
    strategy, fields, order = CRM_EXPECTED[name]
    assert analysis.strategy == strategy, analysis
    assert analysis.name == name and analysis.verify_sql
    assert set(analysis.columns) == set(next(c for c in table.checks if c.name == name).columns)
    if fields is None:
        assert domains == []
    else:
        assert len(domains) == 1
        for key, value in fields.items():
            got = getattr(domains[0], key)
            assert got == value and type(got) is type(value), (key, got, value)
        assert domains[0].sources == [name]
    assert orders == ([order] if order else [])


def test_crm_types_follow_the_family() -> None:
    checks = crm_checks()
    score = checks["leads_score_chk"][2][0]
    assert (type(score.minimum), type(score.maximum)) == (int, int)
    prob = checks["etapas_funil_prob_chk"][2][0]
    assert (type(prob.minimum), type(prob.maximum)) == (Decimal, Decimal)
    birth = checks["contatos_nascimento_chk"]
    assert type(birth[2][0].maximum) is date
    assert "DATE '2024-01-01'" in (birth[1].verify_sql or "")
    assert "CURRENT_DATE" not in (birth[1].verify_sql or "")


def test_crm_analyze_table_merges_per_column() -> None:
    schema = load(CRM)
    table = schema.find_table("crm", "leads")
    assert table is not None
    tc = analyze_table(schema, table, base_date=BASE)
    assert [c.name for c in tc.checks] == ["leads_qualificacao_chk", "leads_score_chk"]
    score = tc.domain("score")
    assert score is not None and (score.minimum, score.maximum) == (0, 100)
    assert tc.orders == [
        ColumnOrder("data_qualificacao", ">=", "data_criacao", True, "leads_qualificacao_chk")
    ]


def test_car_rental_checks_sqlite() -> None:
    schema = load(CAR_RENTAL)
    got = {}
    for _, table in schema.iter_tables():
        tc = analyze_table(schema, table, base_date=BASE)
        for check in tc.checks:
            assert check.strategy == "domain", check
        for column, dom in tc.domains.items():
            got[(table.name, column)] = dom
    assert got[("avaliacoes", "nota")].minimum == 1
    assert got[("avaliacoes", "nota")].maximum == 5
    assert got[("usuarios_sistema", "perfil")].allowed == ["admin", "atendente"]
    assert got[("contratos", "status")].allowed == ["aberto", "fechado", "cancelado"]
    assert got[("veiculos", "status")].allowed == ["disponivel", "alugado", "manutencao"]
    # unnamed SQLite checks are named by their expression in sources
    assert got[("avaliacoes", "nota")].sources == ["nota BETWEEN 1 AND 5"]


# ------------------------------------------------------------------------------- domain checks


def domain_schema() -> DatabaseSchema:
    """plain.small_positive over plain.positive_int (as in tests/sql/postgres/hostile.sql)."""
    return DatabaseSchema(
        engine="postgres",
        schemas=[
            Schema(
                name="plain",
                tables=[
                    Table(
                        name="types",
                        columns=[
                            Column(
                                ordinal=1,
                                name="id",
                                declared_type="integer",
                                family=F.INTEGER,
                                nullable=False,
                            ),
                            Column(
                                ordinal=2,
                                name="qty",
                                declared_type="plain.small_positive",
                                family=F.INTEGER,
                                nullable=True,
                                domain="plain.small_positive",
                            ),
                            Column(
                                ordinal=3,
                                name="cost",
                                declared_type="plain.price",
                                family=F.DECIMAL,
                                nullable=True,
                                domain="plain.price",
                            ),
                            Column(
                                ordinal=4,
                                name="tag list",
                                declared_type="plain.tag_list",
                                family=F.ARRAY,
                                nullable=True,
                                domain="plain.tag_list",
                            ),
                        ],
                        checks=[CheckConstraint(name="types_id_chk", expression="id > 0")],
                    )
                ],
            )
        ],
        domains=[
            DomainType(
                schema="plain",
                name="positive_int",
                base_type="integer",
                base_family=F.INTEGER,
                checks=[
                    CheckConstraint(
                        name="positive_int_check", expression="VALUE > 0", level="domain"
                    )
                ],
            ),
            DomainType(
                schema="plain",
                name="small_positive",
                base_type="plain.positive_int",
                base_family=F.INTEGER,
                base_domain="plain.positive_int",
                not_null=True,
                checks=[
                    CheckConstraint(
                        name="small_positive_lt_100",
                        expression="VALUE::integer < 100",
                        level="domain",
                    )
                ],
            ),
            DomainType(
                schema="plain",
                name="price",
                base_type="numeric(10,3)",
                base_family=F.DECIMAL,
                checks=[
                    CheckConstraint(
                        name="price_check", expression="VALUE >= 0::numeric", level="domain"
                    )
                ],
            ),
            DomainType(
                schema="plain",
                name="tag_list",
                base_type="character varying(12)[]",
                base_family=F.ARRAY,
                checks=[
                    CheckConstraint(
                        name="tag_list_check", expression="cardinality(VALUE) <= 5", level="domain"
                    )
                ],
            ),
        ],
    )


def test_domain_over_domain() -> None:
    schema = domain_schema()
    table = schema.find_table("plain", "types")
    assert table is not None
    tc = analyze_table(schema, table, base_date=BASE)
    assert [(c.name, c.strategy) for c in tc.checks] == [
        ("types_id_chk", "domain"),
        ("small_positive_lt_100", "domain"),
        ("positive_int_check", "domain"),
        ("price_check", "domain"),
        ("tag_list_check", "domain"),
    ]
    qty = tc.domain("qty")
    assert qty is not None
    assert (qty.minimum, qty.maximum, qty.not_null) == (1, 99, True)
    assert qty.sources == [
        "small_positive_lt_100",
        "plain.small_positive NOT NULL",
        "positive_int_check",
    ]
    cost = tc.domain("cost")
    assert cost is not None and cost.minimum == Decimal(0)
    sqls = {c.name: c.verify_sql for c in tc.checks}
    assert sqls["small_positive_lt_100"] == 'CAST("qty" AS INT) < 100'
    assert sqls["positive_int_check"] == '"qty" > 0'
    assert sqls["tag_list_check"] == 'CARDINALITY("tag list") <= 5'
    verifier = CheckVerifier(tc.checks, schema=empty_schema(table))
    assert verifier.unsupported == {}
    batch = pa.table(
        {
            "id": [1, 2, 3, 4],
            "qty": [5, 0, 100, None],
            "cost": pa.array(
                [Decimal("1.5"), Decimal("-0.001"), None, Decimal(0)], pa.decimal128(10, 3)
            ),
            "tag list": [["a"], ["a"] * 6, None, []],
        }
    )
    masks = verifier.failing(batch)
    assert [masks[i].tolist() for i in range(5)] == [
        [False, False, False, False],
        [False, False, True, False],
        [False, True, False, False],
        [False, True, False, False],
        [False, True, False, False],
    ]


def test_domain_check_without_value_column_is_unsupported() -> None:
    analysis, domains, _ = analyze("VALUE > 0", families={"x": F.INTEGER}, level="domain")
    assert analysis.strategy == "unsupported" and analysis.verify_sql is None
    assert domains == []


# --------------------------------------------------------------------------------- junk input


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "   ",
        "x >",
        "@@@ junk ###",
        "((( x > 1",
        "x > 0; DROP TABLE t",
        "x IN (SELECT 1)",
        "SELECT 1",
        "x > 'unterminated",
        "no_such_function(x) > 1",
        "x @> ARRAY[1]",
        "jsonb_path_exists(j, '$.a')",
        "\x00\x01",
    ],
)
def test_junk_is_unsupported_without_raising(expression: str) -> None:
    fam = {"x": F.INTEGER, "j": F.JSON}
    analysis, domains, orders = analyze(expression, families=fam)
    assert analysis.strategy == "unsupported", analysis
    assert analysis.verify_sql is None and analysis.note
    assert domains == [] and orders == []


def test_odd_but_valid_expressions_do_not_raise() -> None:
    for expression in ("true", "x > 0 AND true", "NOT false", "1 = 1"):
        analysis, _, _ = analyze(expression)
        assert analysis.strategy in ("domain", "verify") and analysis.verify_sql
    analysis, _, _ = analyze("false")
    assert analysis.strategy == "verify"


def test_unknown_column_is_unsupported() -> None:
    analysis, _, _ = analyze("nope > 0", families={"x": F.INTEGER})
    assert analysis.strategy == "unsupported" and "nope" in (analysis.note or "")
