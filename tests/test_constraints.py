"""CHECK analysis (sqlglot → domains, orders, DuckDB SQL) and block verification (DuckDB).

* every CHECK of the CRM and car-rental goldens analysed to its expected domain / order;
* each supported shape one by one, in PostgreSQL's deparsed form and the source form;
* domain CHECKs through a domain over a domain; today as the base date; full-precision timestamps;
* junk never raises; every golden and hostile CHECK transpiles and runs in DuckDB;
* the verifier's masks on hand-built Arrow batches (NULL passes), hostile names;
* against the real PostgreSQL server: for ~100 CHECK shapes, PostgreSQL's verdict on a few hundred
  rows equals the verifier's, "domain" checks are exactly their domains and orders, and "verify"
  checks' domains are necessary conditions.
"""

from __future__ import annotations

import pickle
import random
import re
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
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
    TypeFamily,
)

HERE = Path(__file__).parent
CRM = HERE / "golden" / "crm.schema.json"
CAR_RENTAL = HERE / "golden" / "car_rental.schema.json"
BASE = date(2024, 1, 1)
F = TypeFamily

#: Columns of the shape catalogue (and of the PostgreSQL cross-check table).
FAMILIES: dict[str, TypeFamily] = {
    "x": F.INTEGER,
    "y": F.INTEGER,
    "n": F.DECIMAL,
    "f": F.FLOAT,
    "t": F.TEXT,
    "vc": F.TEXT,
    "d": F.DATE,
    "ts": F.TIMESTAMP,
    "ts2": F.TIMESTAMP,
    "tstz": F.TIMESTAMPTZ,
    "tt": F.TIME,
    "b": F.BOOLEAN,
    "e": F.ENUM,
    "arr": F.ARRAY,
}


def load(path: Path) -> DatabaseSchema:
    return DatabaseSchema.model_validate_json(path.read_text(encoding="utf-8"))


def analyze(
    expression: str,
    *,
    dialect: str = "postgres",
    families: Mapping[str, TypeFamily] | None = None,
    name: str | None = "chk",
    value_column: str | None = None,
    level: str = "table",
) -> tuple[CheckAnalysis, list[ColumnDomain], list[ColumnOrder]]:
    check = CheckConstraint(name=name, expression=expression, level=level)  # type: ignore[arg-type]
    return analyze_check(
        check,
        dialect=dialect,  # type: ignore[arg-type]
        base_date=BASE,
        families=FAMILIES if families is None else families,
        value_column=value_column,
    )


def one_domain(expression: str, **kwargs: Any) -> tuple[CheckAnalysis, ColumnDomain]:
    analysis, domains, orders = analyze(expression, **kwargs)
    assert len(domains) == 1, (expression, domains)
    assert not orders
    return analysis, domains[0]


def arrow_type(family: TypeFamily) -> pa.DataType:
    return {
        F.BOOLEAN: pa.bool_(),
        F.INTEGER: pa.int64(),
        F.DECIMAL: pa.decimal128(38, 10),
        F.MONEY: pa.decimal128(38, 2),
        F.FLOAT: pa.float64(),
        F.DATE: pa.date32(),
        F.TIME: pa.time64("us"),
        F.TIMESTAMP: pa.timestamp("us"),
        F.TIMESTAMPTZ: pa.timestamp("us", tz="UTC"),
        F.INTERVAL: pa.month_day_nano_interval(),
        F.BYTES: pa.binary(),
        F.ARRAY: pa.list_(pa.string()),
    }.get(family, pa.string())


def empty_schema(table: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, arrow_type(c.family)) for c in table.columns])


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


# ---------------------------------------------------------------------------- shapes, one by one


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("x > 5", {"minimum": 6, "minimum_inclusive": True}),
        ("5 < x", {"minimum": 6}),
        ("(x > 5)", {"minimum": 6}),
        ("x >= '-3'::integer", {"minimum": -3}),
        ("x >= -3", {"minimum": -3}),
        ("x >= (-3)", {"minimum": -3}),
        ("x < 10", {"maximum": 9, "maximum_inclusive": True}),
        ("10 >= x", {"maximum": 10}),
        ("x > 5.5", {"minimum": 6}),
        ("x < 5.5", {"maximum": 5}),
        ("x = 5", {"allowed": [5]}),
        ("x = 5.5", {"allowed": []}),
        ("x <> 5", {"forbidden": [5]}),
        ("x BETWEEN 1 AND 10", {"minimum": 1, "maximum": 10}),
        ("x BETWEEN SYMMETRIC 10 AND 1", {"minimum": 1, "maximum": 10}),
        ("x >= 1 AND x <= 10 AND x > 3 AND x < 8", {"minimum": 4, "maximum": 7}),
        ("x IN (1, 5, 10)", {"allowed": [1, 5, 10]}),
        ("x = ANY (ARRAY[1, 5, 10])", {"allowed": [1, 5, 10]}),
        ("x IN (1, 5, 10) AND x IN (5, 10, 20)", {"allowed": [5, 10]}),
        ("x IN (1, 5, 10) AND x > 4", {"allowed": [5, 10], "minimum": 5}),
        ("x NOT IN (1, 5)", {"forbidden": [1, 5]}),
        ("x <> ALL (ARRAY[1, 5])", {"forbidden": [1, 5]}),
        ("x = 1 OR x = 5 OR x = 3", {"allowed": [1, 5, 3]}),
        ("x = 1 OR x IN (5, 7) OR x IS NULL", {"allowed": [1, 5, 7], "null_ok": True}),
        ("x IS NULL OR x > 5", {"minimum": 6, "null_ok": True}),
        ("x IS NULL OR (x > 5 AND x < 9)", {"minimum": 6, "maximum": 8, "null_ok": True}),
        ("x IS NOT NULL", {"not_null": True}),
        ("x IS NOT NULL AND x > 0", {"not_null": True, "minimum": 1}),
        ("NOT (x > 5)", {"maximum": 5}),
        ("NOT (x IN (1, 5))", {"forbidden": [1, 5]}),
        ("NOT (x = 1 OR x = 2)", {"forbidden": [1, 2]}),
        ("NOT (NOT (x >= 2))", {"minimum": 2}),
        ("x > ANY (ARRAY[5, 10])", {"minimum": 6}),
        ("x > ALL (ARRAY[5, 10])", {"minimum": 11}),
        ("x < ANY (ARRAY[5, 10])", {"maximum": 9}),
        ("x IS DISTINCT FROM 5", {"forbidden": [5]}),
        ("x IS NOT DISTINCT FROM 5", {"allowed": [5], "not_null": True}),
        ("n > 1.25", {"minimum": Decimal("1.25"), "minimum_inclusive": False}),
        (
            "n >= '-1.5'::numeric AND n <= 2.5",
            {"minimum": Decimal("-1.5"), "maximum": Decimal("2.5")},
        ),
        ("n < 100::numeric", {"maximum": Decimal(100), "maximum_inclusive": False}),
        ("f > (0.5)::double precision", {"minimum": 0.5, "minimum_inclusive": False}),
        ("f >= ('1000'::numeric)::double precision", {"minimum": 1000.0}),
        ("t = ANY (ARRAY['a'::text, 'b'::text])", {"allowed": ["a", "b"]}),
        ("t <> ALL (ARRAY['a'::text, 'b'::text])", {"forbidden": ["a", "b"]}),
        ("t <> ''::text", {"forbidden": [""]}),
        ("t = 'Admin'::text", {"allowed": ["Admin"]}),
        (
            "(vc)::text = ANY ((ARRAY['A'::character varying, 'b'::character varying])::text[])",
            {"allowed": ["A", "b"]},
        ),
        ("length(t) <= 10", {"max_length": 10}),
        ("char_length(t) > 2", {"min_length": 3}),
        (
            "character_length((vc)::text) >= 2 AND character_length((vc)::text) < 5",
            {"min_length": 2, "max_length": 4},
        ),
        ("length(t) BETWEEN 2 AND 3", {"min_length": 2, "max_length": 3}),
        ("length(t) = 4", {"min_length": 4, "max_length": 4}),
        ("POSITION(('@'::text) IN (t)) > 0", {"contains": ["@"]}),
        ("strpos(t, '@'::text) >= 1", {"contains": ["@"]}),
        ("t ~~ 'ab%'::text", {"like": ["ab%"]}),
        ("t LIKE 'ab%'", {"like": ["ab%"]}),
        ("t LIKE 'a!_b%' ESCAPE '!'", {"like": ["a\\_b%"]}),
        ("t ~~* 'ab%'::text", {"regex": ["(?i)^ab.*$"]}),
        ("t ILIKE 'a_b'", {"regex": ["(?i)^a.b$"]}),
        ("t ~ '^[a-z]+$'::text", {"regex": ["^[a-z]+$"]}),
        ("t ~* '^a'::text", {"regex": ["(?i)^a"]}),
        ("t ~ similar_to_escape('a%b_'::text)", {"regex": ["^(?:a.*b.)$"]}),
        ("t SIMILAR TO 'a%b_'", {"regex": ["^(?:a.*b.)$"]}),
        ("(vc)::text ~ '^[A-Z]'::text", {"regex": ["^[A-Z]"]}),
        ("d <= CURRENT_DATE", {"maximum": date(2024, 1, 1)}),
        ("d < CURRENT_DATE", {"maximum": date(2023, 12, 31)}),
        ("d > '2020-01-01'::date", {"minimum": date(2020, 1, 2)}),
        ("d >= DATE '2020-01-01'", {"minimum": date(2020, 1, 1)}),
        ("d >= '2020-01-01'", {"minimum": date(2020, 1, 1)}),
        ("d <= (CURRENT_DATE - '18 years'::interval)", {"maximum": date(2006, 1, 1)}),
        ("d <= (CURRENT_DATE - 1)", {"maximum": date(2023, 12, 31)}),
        ("d >= '2020-01-01 10:00:00'::timestamp", {"minimum": date(2020, 1, 2)}),
        ("d <= '2020-01-01 10:00:00'::timestamp", {"maximum": date(2020, 1, 1)}),
        ("d < '2020-01-01 10:00:00'::timestamp", {"maximum": date(2020, 1, 1)}),
        ("d > now()", {"minimum": date(2024, 1, 2)}),
        ("ts <= now()", {"maximum": datetime(2024, 1, 1)}),
        ("ts <= CURRENT_TIMESTAMP", {"maximum": datetime(2024, 1, 1)}),
        ("ts < LOCALTIMESTAMP", {"maximum": datetime(2024, 1, 1), "maximum_inclusive": False}),
        (
            "ts > '2024-05-01 10:00:00'::timestamp without time zone",
            {"minimum": datetime(2024, 5, 1, 10), "minimum_inclusive": False},
        ),
        ("ts >= '2020-01-01'::date", {"minimum": datetime(2020, 1, 1)}),
        (
            "tstz > '2019-12-31 22:00:00+00'::timestamp with time zone",
            {"minimum": datetime(2019, 12, 31, 22), "minimum_inclusive": False},
        ),
        ("tstz <= now()", {"maximum": datetime(2024, 1, 1)}),
        (
            "tt > '08:00:00'::time without time zone",
            {"minimum": time(8), "minimum_inclusive": False},
        ),
        ("b", {"allowed": [True]}),
        ("NOT b", {"allowed": [False]}),
        ("b = true", {"allowed": [True]}),
        ("e = 'ok'::mood", {"allowed": ["ok"]}),
        ("e = ANY (ARRAY['ok'::mood, 'sad'::mood])", {"allowed": ["ok", "sad"]}),
        ("e <> 'sad'::plain.mood", {"forbidden": ["sad"]}),
    ],
)
def test_shape_domain(expression: str, expected: dict[str, Any]) -> None:
    analysis, dom = one_domain(expression)
    assert analysis.strategy == "domain", analysis
    for key, value in expected.items():
        got = getattr(dom, key)
        assert got == value, (key, got, value)
        if got is not None and not isinstance(got, list):
            assert type(got) is type(value), (key, got, value)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # necessary parts are captured, the rest is verified
        ("POSITION(('@'::text) IN (t)) > 1", {"contains": ["@"]}),
        ("strpos(t, '@'::text) > 1", {"contains": ["@"]}),
        ("t > 'a'::text", {"minimum": "a", "minimum_inclusive": False}),  # collation-dependent
        ("x > 0 AND upper(t) = t", {"minimum": 1}),
        ("x IS NULL OR (x > 5 AND upper(t) = t)", {"minimum": 6, "null_ok": True}),
    ],
)
def test_shape_partial(expression: str, expected: dict[str, Any]) -> None:
    analysis, domains, _ = analyze(expression)
    assert analysis.strategy == "verify" and analysis.note
    dom = next(d for d in domains if d.column in ("t", "x"))
    for key, value in expected.items():
        assert getattr(dom, key) == value, (key, getattr(dom, key), value)


@pytest.mark.parametrize(
    "expression",
    [
        "x < 0 OR x > 10",
        "(x < 1) OR (x > 10)",
        "x NOT BETWEEN 1 AND 10",
        "upper(t) = t",
        "TRIM(BOTH FROM t) <> ''::text",
        "t !~~ 'x%'::text",
        "t !~ 'x'::text",
        "x % 2 = 0",
        "(x / 2) = 2",
        "x + y > 0",
        "COALESCE(x, 0) >= 0",
        "num_nonnulls(x, t) >= 1",
        "EXTRACT(year FROM d) >= (2000)::numeric",
        "date_trunc('day'::text, ts) = ts",
        "(ts2 - ts) <= '1 day'::interval",
        "(x > 0) = true",
        "cardinality(arr) <= 3",
        "x IS NULL OR y > 0",
        "x IS NULL OR t IS NULL",
        "e > 'ok'::mood",  # enum order is the label order
    ],
)
def test_shape_verified_only(expression: str) -> None:
    analysis, domains, orders = analyze(expression)
    assert analysis.strategy == "verify", analysis
    assert analysis.verify_sql
    assert all(d.column != "x" or d.minimum is None for d in domains)
    assert not orders


def test_in_list_with_null_never_fails() -> None:
    analysis, domains, _ = analyze("x = ANY (ARRAY[1, NULL::integer])")
    assert analysis.strategy == "domain" and domains == []
    analysis, domains, _ = analyze("x <> ALL (ARRAY[1, NULL::integer])")
    assert analysis.strategy == "domain" and domains[0].forbidden == [1]


@pytest.mark.parametrize(
    ("expression", "order"),
    [
        ("ts2 > ts", ColumnOrder("ts2", ">", "ts", False, "chk")),
        ("ts <= ts2", ColumnOrder("ts", "<=", "ts2", False, "chk")),
        ("(ts2 >= ts)", ColumnOrder("ts2", ">=", "ts", False, "chk")),
        ("ts2 IS NULL OR ts2 >= ts", ColumnOrder("ts2", ">=", "ts", True, "chk")),
        ("ts IS NULL OR ts2 >= ts", ColumnOrder("ts2", ">=", "ts", True, "chk")),
        ("ts2 IS NULL OR ts IS NULL OR ts2 >= ts", ColumnOrder("ts2", ">=", "ts", True, "chk")),
        ("x <> y", ColumnOrder("x", "<>", "y", False, "chk")),
        ("NOT (x > y)", ColumnOrder("x", "<=", "y", False, "chk")),
        ("ts >= d", ColumnOrder("ts", ">=", "d", False, "chk")),
    ],
)
def test_column_orders(expression: str, order: ColumnOrder) -> None:
    analysis, domains, orders = analyze(expression)
    assert analysis.strategy == "domain", analysis
    assert domains == [] and orders == [order]


@pytest.mark.parametrize(
    ("expression", "order"),
    [
        ("ts2 >= (ts + '01:00:00'::interval)", ColumnOrder("ts2", ">", "ts", False, "chk")),
        ("ts >= (d + '1 day'::interval)", ColumnOrder("ts", ">", "d", False, "chk")),
        ("(ts + '1 day'::interval) <= ts2", ColumnOrder("ts", "<", "ts2", False, "chk")),
        ("y > x + 2", ColumnOrder("y", ">", "x", False, "chk")),
    ],
)
def test_column_plus_offset_is_a_verified_order(expression: str, order: ColumnOrder) -> None:
    analysis, _, orders = analyze(expression)
    assert analysis.strategy == "verify"
    assert orders == [order]


def test_mixed_conjunction_keeps_domains_and_orders() -> None:
    analysis, domains, orders = analyze(
        "x BETWEEN 1 AND 10 AND y IN (2, 3) AND (ts2 IS NULL OR ts2 >= ts)"
    )
    assert analysis.strategy == "domain"
    assert {d.column: (d.minimum, d.maximum, d.allowed) for d in domains} == {
        "x": (1, 10, None),
        "y": (None, None, [2, 3]),
    }
    assert orders == [ColumnOrder("ts2", ">=", "ts", True, "chk")]
    assert analysis.columns == ["x", "y", "ts2", "ts"]


def test_literal_case_is_preserved() -> None:
    analysis, dom = one_domain("t IN ('Admin', 'ADMIN', 'admin')")
    assert dom.allowed == ["Admin", "ADMIN", "admin"]
    assert "'Admin'" in (analysis.verify_sql or "")
    analysis, dom = one_domain(
        "perfil IN ('Admin','Atendente')", dialect="sqlite", families={"perfil": F.TEXT}
    )
    assert dom.allowed == ["Admin", "Atendente"]
    assert analysis.verify_sql == "\"perfil\" IN ('Admin', 'Atendente')"


def test_sqlite_forms() -> None:
    fam = {"d": F.DATE, "ts": F.TIMESTAMP, "t": F.TEXT, "n": F.INTEGER}
    analysis, dom = one_domain("d <= date('now')", dialect="sqlite", families=fam)
    assert dom.maximum == date(2024, 1, 1) and "DATE '2024-01-01'" in (analysis.verify_sql or "")
    _, dom = one_domain("d <= date('now', '-18 years')", dialect="sqlite", families=fam)
    assert dom.maximum == date(2006, 1, 1)
    analysis, dom = one_domain("ts <= datetime('now')", dialect="sqlite", families=fam)
    assert dom.maximum == datetime(2024, 1, 1)
    assert "TIMESTAMP '2024-01-01 00:00:00'" in (analysis.verify_sql or "")
    analysis, dom = one_domain("ts < CURRENT_TIMESTAMP", dialect="sqlite", families=fam)
    assert dom.maximum == datetime(2024, 1, 1) and not dom.maximum_inclusive
    analysis, dom = one_domain("t REGEXP '^[0-9]+$'", dialect="sqlite", families=fam)
    assert analysis.strategy == "domain" and dom.regex == ["^[0-9]+$"]
    analysis, dom = one_domain("t GLOB 'A[0-9]*'", dialect="sqlite", families=fam)
    assert analysis.strategy == "domain" and dom.regex == ["^A[0-9].*$"]
    analysis, dom = one_domain("instr(t, '@') > 0", dialect="sqlite", families=fam)
    assert analysis.strategy == "domain" and dom.contains == ["@"]
    # SQLite's LIKE ignores ASCII case: a (?i) regex, verified
    analysis, dom = one_domain("t LIKE 'ab%'", dialect="sqlite", families=fam)
    assert analysis.strategy == "verify" and dom.regex == ["(?i)^ab.*$"]
    assert "ILIKE" in (analysis.verify_sql or "")
    analysis, dom = one_domain("n == 3", dialect="sqlite", families=fam)
    assert dom.allowed == [3]
    # identifiers are case-insensitive in SQLite; the table's spelling is used
    analysis, dom = one_domain("N > 0 AND [N] < 9", dialect="sqlite", families=fam)
    assert dom.column == "n" and analysis.columns == ["n"]


def test_sqlite_typeof_and_integer_division() -> None:
    fam = {"n": F.INTEGER, "r": F.FLOAT}
    analysis, _, _ = analyze("typeof(n) = 'integer'", dialect="sqlite", families=fam)
    assert analysis.strategy == "verify"
    masks = CheckVerifier([analysis]).failing(pa.table({"n": [1, None]}))
    assert masks[0].tolist() == [False, True]  # typeof(NULL) is 'null'
    analysis, _, _ = analyze("n / 2 = 1", dialect="sqlite", families=fam)
    assert "//" in (analysis.verify_sql or "")
    assert CheckVerifier([analysis]).failing(pa.table({"n": [2, 3, 4]}))[0].tolist() == [
        False,
        False,
        True,
    ]


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
        ("tag_list_check", "verify"),
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


# --------------------------------------------------------------------------------- timestamps


def test_timestamps_compared_at_full_precision() -> None:
    fam = {"inicio": F.TIMESTAMP, "fim": F.TIMESTAMP}
    analysis, _, orders = analyze("fim IS NULL OR fim >= inicio", families=fam)
    assert analysis.strategy == "domain"
    assert orders == [ColumnOrder("fim", ">=", "inicio", True, "chk")]
    start = datetime(2024, 3, 1, 12, 0, 0, 500_000)
    batch = pa.table(
        {
            "inicio": pa.array([start, start, start, start], pa.timestamp("us")),
            "fim": pa.array(
                [start, start - timedelta(microseconds=1), start + timedelta(microseconds=1), None],
                pa.timestamp("us"),
            ),
        }
    )
    assert CheckVerifier([analysis]).failing(batch)[0].tolist() == [False, True, False, False]


def test_timestamp_against_now_is_not_by_date() -> None:
    analysis, dom = one_domain("ts <= now()")
    assert dom.maximum == datetime(2024, 1, 1, 0, 0)
    batch = pa.table(
        {
            "ts": pa.array(
                [
                    datetime(2024, 1, 1),
                    datetime(2024, 1, 1, 0, 0, 0, 1),
                    datetime(2023, 12, 31, 23),
                ],
                pa.timestamp("us"),
            )
        }
    )
    assert CheckVerifier([analysis]).failing(batch)[0].tolist() == [False, True, False]


def test_timestamptz_against_now_in_utc() -> None:
    analysis, _ = one_domain("tstz <= now()")
    batch = pa.table(
        {
            "tstz": pa.array(
                [datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, 0, 0, 1, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            )
        }
    )
    assert CheckVerifier([analysis]).failing(batch)[0].tolist() == [False, True]


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
        "jsonb_typeof(j) = 'object'::text",
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


# ----------------------------------------------------------------- everything runs in DuckDB


@pytest.mark.parametrize("path", [CRM, CAR_RENTAL], ids=["crm", "car_rental"])
def test_every_golden_check_runs_in_duckdb(path: Path) -> None:
    schema = load(path)
    count = 0
    for _, table in schema.iter_tables():
        tc = analyze_table(schema, table, base_date=BASE)
        assert all(c.verify_sql for c in tc.checks)
        verifier = CheckVerifier(tc.checks, schema=empty_schema(table))
        assert verifier.unsupported == {}, (table.name, verifier.unsupported)
        count += len(tc.checks)
    assert count == (29 if path == CRM else 4)


def test_sqlite_hostile_checks_run_in_duckdb(tmp_path: Path) -> None:
    from datalchemy.db.urls import parse_connection
    from datalchemy.introspect.sqlite import introspect_sqlite

    path = tmp_path / "hostile.db"
    conn = sqlite3.connect(path)
    conn.executescript((HERE / "sql" / "sqlite" / "hostile.sql").read_text(encoding="utf-8"))
    conn.close()
    schema, _ = introspect_sqlite(parse_connection(f"sqlite:///{path}"))
    seen = {}
    for _, table in schema.iter_tables():
        tc = analyze_table(schema, table, base_date=BASE)
        verifier = CheckVerifier(tc.checks, schema=empty_schema(table))
        assert verifier.unsupported == {}, (table.name, verifier.unsupported)
        for check in tc.checks:
            seen[check.verify_sql] = check.strategy
        if table.name == "Order Items":
            dom = tc.domain('qty "x"')
            assert dom is not None and dom.minimum == 1
    assert seen == {
        '"qty ""x""" > 0': "domain",
        '"n" < 100': "domain",
        '"total" >= 0': "domain",
        'NOT "placed_at" IS NULL OR "total" IS NULL': "verify",
    }


# ---------------------------------------------------------------------------------- verifier


def test_verifier_masks_with_nulls() -> None:
    checks = [
        analyze("x BETWEEN 1 AND 10")[0],
        analyze("t = ANY (ARRAY['a'::text, 'b'::text])")[0],
        analyze("POSITION(('@'::text) IN (t)) > 1")[0],
        analyze("ts2 IS NULL OR ts2 >= ts")[0],
        analyze("x IS NOT NULL")[0],
    ]
    batch = pa.table(
        {
            "x": pa.array([0, 5, None, 11], pa.int64()),
            "t": pa.array(["a", "@b", None, "b@"], pa.string()),
            "ts": pa.array([datetime(2024, 1, 1)] * 4, pa.timestamp("us")),
            "ts2": pa.array(
                [None, datetime(2023, 1, 1), datetime(2024, 1, 1), datetime(2025, 1, 1)],
                pa.timestamp("us"),
            ),
        }
    )
    masks = CheckVerifier(checks).failing(batch)
    assert {i: m.tolist() for i, m in masks.items()} == {
        0: [True, False, False, True],
        1: [False, True, False, True],
        2: [True, True, False, False],
        3: [False, True, False, False],
        4: [False, False, True, False],
    }
    assert all(m.dtype == np.bool_ for m in masks.values())


def test_verifier_hostile_names() -> None:
    names = ['qty "x"', "a b", "naïve 列", "select", "Order", "it's"]
    fam = dict.fromkeys(names, F.INTEGER)
    checks = [
        analyze('"qty ""x""" > 0', families=fam)[0],
        analyze('"a b" >= "naïve 列"', families=fam)[0],
        analyze('"select" IN (1, 2)', families=fam)[0],
        analyze('"Order" <> 3 AND "it\'s" < 10', families=fam)[0],
        analyze("[a b] > 0", dialect="sqlite", families=fam)[0],
        analyze("`it's` > 0", dialect="sqlite", families=fam)[0],
    ]
    assert [c.strategy for c in checks] == ["domain"] * 6
    batch = pa.table({n: pa.array([1, 0, None], pa.int64()) for n in names})
    verifier = CheckVerifier(checks)
    masks = verifier.failing(batch)
    assert verifier.unsupported == {}
    assert {i: m.tolist() for i, m in masks.items()} == {
        0: [False, True, False],
        1: [False, False, False],
        2: [False, True, False],
        3: [False, False, False],
        4: [False, True, False],
        5: [False, True, False],
    }


def test_verifier_sets_bad_checks_aside() -> None:
    good = analyze("x > 0")[0]
    missing = CheckAnalysis("missing", "zz > 0", ["zz"], "verify", '"zz" > 0')
    bad_fn = CheckAnalysis("bad_fn", "nope(x)", ["x"], "verify", 'no_such_fn("x") > 0')
    none = CheckAnalysis("none", "junk", [], "unsupported", None, "cannot parse")
    runtime = CheckAnalysis("runtime", "cast", ["t"], "verify", 'CAST("t" AS INTEGER) > 0')
    verifier = CheckVerifier([good, missing, bad_fn, none, runtime])
    batch = pa.table({"x": [1, -1], "t": ["5", "five"]})
    masks = verifier.failing(batch)
    assert set(masks) == {0}
    assert masks[0].tolist() == [False, True]
    assert set(verifier.unsupported) == {1, 2, 3, 4}
    assert verifier.unsupported[3] == "cannot parse"
    assert all(verifier.unsupported[i].startswith("DuckDB:") for i in (1, 2, 4))
    assert verifier.verified == [0]
    # with the schema up front, bind errors are known at construction
    early = CheckVerifier([good, missing], schema=batch.schema)
    assert set(early.unsupported) == {1}


def test_verifier_batches_pickle_and_edge_cases() -> None:
    checks = [analyze("x > 0")[0], analyze("t <> ''::text")[0]]
    verifier = CheckVerifier(checks)
    batch = pa.table({"x": [1, 0], "t": ["", "a"]})
    assert verifier.failing(batch)[1].tolist() == [True, False]
    # a RecordBatch works too, and a schema change re-prepares
    rb = pa.record_batch({"x": pa.array([0], pa.int32()), "t": ["b"]})
    assert {i: m.tolist() for i, m in verifier.failing(rb).items()} == {0: [True], 1: [False]}
    empty = verifier.failing(batch.slice(0, 0))
    assert [len(m) for m in empty.values()] == [0, 0]
    clone = pickle.loads(pickle.dumps(verifier))
    assert clone.failing(batch)[0].tolist() == [False, True]
    verifier.close()
    assert verifier.failing(batch)[0].tolist() == [False, True]
    assert CheckVerifier([]).failing(batch) == {}


def test_verifier_cannot_read_files() -> None:
    check = CheckAnalysis(
        "sneaky", "x", ["x"], "verify", "(SELECT count(*) FROM read_csv('/etc/passwd')) > 0"
    )
    verifier = CheckVerifier([check])
    assert verifier.failing(pa.table({"x": [1]})) == {}
    assert "DuckDB" in verifier.unsupported[0]


def test_like_escape_semantics_in_duckdb() -> None:
    pg = analyze("t ~~ 'a\\_b%'::text")[0]
    lite = analyze("t LIKE 'a\\_b%'", dialect="sqlite")[0]
    batch = pa.table({"t": ["a_bc", "axbc", "a\\_bc", "A_BC"]})
    assert CheckVerifier([pg]).failing(batch)[0].tolist() == [False, True, True, True]
    # SQLite: no default escape (the backslash is literal) and ASCII case is ignored
    assert CheckVerifier([lite]).failing(batch)[0].tolist() == [True, True, False, True]


# ----------------------------------------------------------- cross-check against PostgreSQL

#: Source-form CHECKs; PostgreSQL deparses them and the deparsed text is what is analysed.
PG_SHAPES = [
    "x > 5",
    "5 < x",
    "x >= -3",
    "x between 1 and 10",
    "x not between 1 and 10",
    "x between symmetric 10 and 1",
    "x in (1, 5, 10)",
    "x not in (1, 5)",
    "x <> 5",
    "x = 1 or x = 5 or x is null",
    "x < 0 or x > 10",
    "x in (1, null)",
    "x not in (1, null)",
    "x is not null",
    "x is null or x > 5",
    "x is null or (x > 5 and x < 100)",
    "not (x > 5)",
    "not (x in (1, 5))",
    "not (x = 1 or x = 5)",
    "x > any(array[5, 10])",
    "x > all(array[5, 10])",
    "x < any(array[5, 10])",
    "x / 2 = 2",
    "x % 2 = 0",
    "x is distinct from 5",
    "x is not distinct from 5",
    "x > 5.5",
    "x >= 5.5",
    "x < 5.5",
    "x = 5.5",
    "x <> y",
    "x <= y",
    "y > x + 2",
    "n > 1.25",
    "n between -1.5 and 2.5",
    "n >= 0::numeric and n <= 100::numeric",
    "n > 0 and n < 1",
    "x + n > 0",
    "f > 0.5",
    "f >= 1e3",
    "f <> 0",
    "t in ('a', 'ab')",
    "t = 'Admin'",
    "t <> ''",
    "length(t) <= 2",
    "char_length(t) between 2 and 3",
    "character_length(t) > 1",
    "length(t) = 3",
    "position('@' in t) > 0",
    "position('@' in t) > 1",
    "strpos(t, '@') >= 1",
    "t like 'a%'",
    "t like 'a\\_b'",
    "t like 'a!_b' escape '!'",
    "t ilike 'a%'",
    "t not like 'a%'",
    "t ~ '^[a-c]+$'",
    "t ~* '^a'",
    "t similar to 'a%b_'",
    "t similar to '(a|x)%'",
    "t !~ 'x'",
    "t is null or t like '%@%'",
    "t = any(array['a', 'b'])",
    "t <> all(array['a', 'b'])",
    "upper(t) = t",
    "trim(t) <> ''",
    "vc in ('A', 'b')",
    "vc::text ~ '^[A-Z]'",
    "length(vc) >= 2",
    "d <= current_date",
    "d >= '2020-01-01'",
    "d > date '2020-01-01'",
    "d < '2020-01-01'::date",
    "d >= '2020-01-01'::date and d < '2030-01-01'",
    "d <= current_date - interval '18 years'",
    "d <= current_date - 1",
    "d > now()",
    "d >= '2020-01-01 10:00:00'::timestamp",
    "d <= '2020-01-01 10:00:00'::timestamp",
    "d < '2020-01-01 10:00:00'::timestamp",
    "ts <= now()",
    "ts < current_timestamp",
    "ts <= localtimestamp",
    "ts > '2024-05-01 10:00:00'",
    "ts2 > ts",
    "ts2 >= ts",
    "ts2 is null or ts is null or ts2 >= ts",
    "ts2 >= ts + interval '1 hour'",
    "ts >= d",
    "ts >= d + interval '1 day'",
    "ts2 - ts <= interval '1 day'",
    "tstz <= now()",
    "tstz > '2020-01-01 00:00:00+02'",
    "tt > '08:00'",
    "b",
    "not b",
    "b = true",
    "b is true",
    "e = 'ok'",
    "e in ('ok', 'sad')",
    "e <> 'sad'",
    "cardinality(arr) <= 3",
    "arr is null or array_length(arr, 1) <= 3",
    "num_nonnulls(x, t) >= 1",
    "coalesce(x, 0) >= 0",
    "extract(year from d) >= 2020",
    "date_trunc('day', ts) = ts",
    "(x > 0) = true",
]

PG_COLUMNS = {
    "x": "integer",
    "y": "integer",
    "n": "numeric",
    "f": "double precision",
    "t": "text",
    "vc": "varchar(10)",
    "d": "date",
    "ts": "timestamp",
    "ts2": "timestamp",
    "tstz": "timestamptz",
    "tt": "time",
    "b": "boolean",
    "e": "mood",
    "arr": "integer[]",
}

_TS = [
    None,
    datetime(2023, 12, 31, 23, 59, 59, 999_999),
    datetime(2024, 1, 1),
    datetime(2024, 1, 1, 0, 0, 0, 1),
    datetime(2024, 1, 1, 1),
    datetime(2024, 5, 1, 10),
    datetime(2024, 5, 1, 10, 0, 0, 1),
]
PG_VALUES: dict[str, list[Any]] = {
    "x": [None, -5, -3, 0, 1, 4, 5, 6, 7, 10, 11, 99, 100],
    "y": [None, -1, 1, 5, 7, 8, 10],
    "n": [
        None,
        Decimal("-1.5"),
        Decimal(0),
        Decimal("0.5"),
        Decimal("1.25"),
        Decimal("1.26"),
        Decimal("2.5"),
        Decimal(100),
    ],
    "f": [None, 0.0, 0.5, 0.50001, 999.0, 1000.0],
    "t": [
        None,
        "",
        "a",
        "ab",
        "abc",
        "AB",
        "x@y",
        "@xy",
        "Admin",
        "admin",
        "b",
        "a_b",
        "axb",
        "xyz",
        " ",
    ],
    "vc": [None, "A", "b", "Ab", "zz"],
    "d": [
        None,
        date(2005, 12, 31),
        date(2006, 1, 1),
        date(2019, 12, 31),
        date(2020, 1, 1),
        date(2020, 1, 2),
        date(2023, 12, 31),
        date(2024, 1, 1),
        date(2024, 1, 2),
        date(2030, 1, 1),
    ],
    "ts": _TS,
    "ts2": _TS,
    "tstz": [
        None,
        datetime(2019, 12, 31, 21, 59, tzinfo=UTC),
        datetime(2019, 12, 31, 22, tzinfo=UTC),
        datetime(2019, 12, 31, 22, 0, 0, 1, tzinfo=UTC),
        datetime(2024, 1, 1, tzinfo=UTC),
        datetime(2024, 1, 1, 0, 0, 1, tzinfo=UTC),
    ],
    "tt": [None, time(7, 59), time(8), time(8, 0, 1)],
    "b": [None, True, False],
    "e": [None, "sad", "ok", "happy"],
    "arr": [None, [], [1, 2, 3], [1, 2, 3, 4]],
}


def _pg_rows(count: int) -> list[dict[str, Any]]:
    rng = random.Random(20240101)
    rows = [{c: vals[i % len(vals)] for c, vals in PG_VALUES.items()} for i in range(16)]
    rows += [{c: rng.choice(vals) for c, vals in PG_VALUES.items()} for _ in range(count)]
    # pairs of related columns at and around equality
    for a, b in (("ts", "ts2"), ("x", "y"), ("d", "ts")):
        for i in range(40):
            row = {c: rng.choice(vals) for c, vals in PG_VALUES.items()}
            row[b] = (
                row[a]
                if (a, b) != ("d", "ts")
                else (
                    datetime.combine(row[a], time())
                    + timedelta(microseconds=rng.choice([-1, 0, 1]))
                    if row[a] is not None
                    else None
                )
            )
            if i % 3 and row[a] is not None and a != "d":
                delta: Any = 1 if a == "x" else timedelta(microseconds=1)
                row[b] = row[a] + delta * rng.choice([-1, 1])
            rows.append(row)
    return rows


def _today_as_literals(expression: str) -> str:
    return (
        expression.replace("CURRENT_DATE", "'2024-01-01'::date")
        .replace("now()", "'2024-01-01 00:00:00+00'::timestamptz")
        .replace("CURRENT_TIMESTAMP", "'2024-01-01 00:00:00+00'::timestamptz")
        .replace("LOCALTIMESTAMP", "'2024-01-01 00:00:00'::timestamp")
    )


def _like_regex(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"


def _in_domain(dom: ColumnDomain, value: Any) -> bool:
    """Python reading of a ColumnDomain with SQL CHECK semantics (NULL passes)."""
    if value is None:
        return not dom.not_null
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    if (
        isinstance(dom.minimum, date)
        and not isinstance(dom.minimum, datetime)
        and isinstance(value, datetime)
    ):
        raise AssertionError("family mismatch")
    ok = True
    if dom.minimum is not None:
        ok &= value > dom.minimum or (value == dom.minimum and dom.minimum_inclusive)
    if dom.maximum is not None:
        ok &= value < dom.maximum or (value == dom.maximum and dom.maximum_inclusive)
    if dom.allowed is not None:
        ok &= any(value == a for a in dom.allowed)
    ok &= not any(value == f for f in dom.forbidden)
    if dom.min_length is not None:
        ok &= len(value) >= dom.min_length
    if dom.max_length is not None:
        ok &= len(value) <= dom.max_length
    ok &= all(re.fullmatch(_like_regex(p), value, re.S) is not None for p in dom.like)
    ok &= all(re.search(p, value) is not None for p in dom.regex)
    ok &= all(n in value for n in dom.contains)
    return bool(ok)


def _in_order(order: ColumnOrder, row: Mapping[str, Any]) -> bool:
    a, b = row[order.left], row[order.right]
    if a is None or b is None:
        return True
    if isinstance(a, date) and not isinstance(a, datetime) and isinstance(b, datetime):
        a = datetime.combine(a, time())
    if isinstance(b, date) and not isinstance(b, datetime) and isinstance(a, datetime):
        b = datetime.combine(b, time())
    return bool(
        {
            ">": a > b,
            ">=": a >= b,
            "<": a < b,
            "<=": a <= b,
            "=": a == b,
            "<>": a != b,
        }[order.op]
    )


@pytest.fixture(scope="module")
def pg_verdicts(
    pg_server: Any,
) -> Iterator[tuple[list[dict[str, Any]], list[tuple[str, list[bool]]]]]:
    """(rows, [(deparsed CHECK, PostgreSQL's "violates" per row)]) for every PG_SHAPES entry."""
    import psycopg

    from datalchemy.introspect.postgres import check_expression

    url = pg_server.create_database()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("set timezone = 'UTC'")
            conn.execute("create type mood as enum ('sad', 'ok', 'happy')")
            cols = ", ".join(f"{c} {t}" for c, t in PG_COLUMNS.items())
            conn.execute(f"create table shapes ({cols})")
            conn.execute(f"create table cand (id integer primary key, {cols})")
            for i, shape in enumerate(PG_SHAPES):
                conn.execute(f"alter table shapes add constraint c{i:03d} check ({shape})")
            deparsed = [
                check_expression(d)
                for (d,) in conn.execute(
                    "select pg_get_constraintdef(oid) from pg_constraint "
                    "where conrelid = 'shapes'::regclass order by conname"
                ).fetchall()
            ]
            rows = _pg_rows(400)
            names = list(PG_COLUMNS)
            with conn.cursor() as cur:
                cur.executemany(
                    f"insert into cand values (%s, {', '.join(['%s'] * len(names))})",
                    [(i, *(r[c] for c in names)) for i, r in enumerate(rows)],
                )
            verdicts = []
            for expression in deparsed:
                sql = f"select ({_today_as_literals(expression)}) is false from cand order by id"
                verdicts.append((expression, [bool(v) for (v,) in conn.execute(sql).fetchall()]))
        yield rows, verdicts
    finally:
        pg_server.drop_database(url.rsplit("/", 1)[-1].split("?")[0])


def _arrow_from_rows(rows: list[dict[str, Any]]) -> pa.Table:
    types = {
        "x": pa.int64(),
        "y": pa.int64(),
        "n": pa.decimal128(20, 5),
        "f": pa.float64(),
        "t": pa.string(),
        "vc": pa.string(),
        "d": pa.date32(),
        "ts": pa.timestamp("us"),
        "ts2": pa.timestamp("us"),
        "tstz": pa.timestamp("us", tz="UTC"),
        "tt": pa.time64("us"),
        "b": pa.bool_(),
        "e": pa.string(),
        "arr": pa.list_(pa.int64()),
    }
    return pa.table({c: pa.array([r[c] for r in rows], t) for c, t in types.items()})


def test_postgres_agrees_with_analysis_and_verifier(
    pg_verdicts: tuple[list[dict[str, Any]], list[tuple[str, list[bool]]]],
) -> None:
    rows, verdicts = pg_verdicts
    assert len(verdicts) == len(PG_SHAPES)
    analyses = []
    for expression, _ in verdicts:
        analyses.append(analyze(expression))
    verifier = CheckVerifier([a for a, _, _ in analyses])
    masks = verifier.failing(_arrow_from_rows(rows))
    assert verifier.unsupported == {}, {
        verdicts[i][0]: why for i, why in verifier.unsupported.items()
    }
    problems = []
    strategies = {"domain": 0, "verify": 0}
    for i, ((expression, pg_fails), (analysis, domains, orders)) in enumerate(
        zip(verdicts, analyses, strict=True)
    ):
        strategies[analysis.strategy] += 1
        duck = masks[i].tolist()
        if duck != pg_fails:
            bad = [rows[j] for j, (p, q) in enumerate(zip(pg_fails, duck, strict=True)) if p != q]
            problems.append(
                f"DuckDB != PostgreSQL for {expression!r} ({analysis.verify_sql}): {bad[:2]}"
            )
        for j, row in enumerate(rows):
            captured = all(_in_domain(d, row[d.column]) for d in domains) and all(
                _in_order(o, row) for o in orders
            )
            passes = not pg_fails[j]
            if analysis.strategy == "domain" and captured != passes:
                problems.append(
                    f"domain != PostgreSQL for {expression!r} on {row}: {domains} {orders}"
                )
                break
            if passes and not captured:
                problems.append(
                    f"domain not necessary for {expression!r} on {row}: {domains} {orders}"
                )
                break
    assert not problems, "\n".join(problems)
    # most shapes are captured exactly
    assert strategies["domain"] >= 70, strategies


def test_postgres_hostile_checks_run_in_duckdb(pg_server: Any) -> None:
    import psycopg

    from datalchemy.db.urls import parse_connection
    from datalchemy.introspect.postgres import introspect_postgres

    url = pg_server.create_database()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                (HERE / "sql" / "postgres" / "hostile.sql").read_text(encoding="utf-8").encode()
            )
        schema, _ = introspect_postgres(parse_connection(url))
    finally:
        pg_server.drop_database(url.rsplit("/", 1)[-1].split("?")[0])
    analysed: dict[str, CheckAnalysis] = {}
    for _, table in schema.iter_tables():
        tc = analyze_table(schema, table, base_date=BASE)
        verifier = CheckVerifier(tc.checks, schema=empty_schema(table))
        assert verifier.unsupported == {}, (table.name, verifier.unsupported)
        for check in tc.checks:
            analysed[f"{table.name}.{check.name}"] = check
        if table.name == "types":
            qty = tc.domain("qty")
            assert qty is not None and (qty.minimum, qty.maximum, qty.not_null) == (1, 99, True)
            cost = tc.domain("cost")
            assert cost is not None and cost.minimum == Decimal(0)
    assert {k: v.strategy for k, v in analysed.items()} == {
        "no_pk.no_pk_amount_chk": "domain",
        "no_pk.no_pk_late_chk": "domain",
        "no_pk.no_pk_two_cols_chk": "domain",
        "types.small_positive_lt_100": "domain",
        "types.positive_int_check": "domain",
        "types.price_check": "domain",
        "types.tag_list_check": "verify",
    }


def test_negations_that_parse_as_flags() -> None:
    # PostgreSQL's parser gives x IS NOT NULL / NOT LIKE as negate=True on the node itself
    analysis, domains, _ = analyze("x IS NOT NULL OR y > 0")
    assert analysis.strategy == "verify" and domains == []
    analysis, dom = one_domain("NOT (t = ANY (ARRAY['a'::text, 'b'::text]))")
    assert analysis.strategy == "domain" and dom.forbidden == ["a", "b"]
    analysis, dom = one_domain("NOT (x IS DISTINCT FROM 5)")
    assert analysis.strategy == "domain" and (dom.allowed, dom.not_null) == ([5], True)
    analysis, domains, _ = analyze("t NOT ILIKE 'a%'")
    assert analysis.strategy == "verify" and domains == []


def test_unknown_column_is_unsupported() -> None:
    analysis, _, _ = analyze("nope > 0", families={"x": F.INTEGER})
    assert analysis.strategy == "unsupported" and "nope" in (analysis.note or "")
