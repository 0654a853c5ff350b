"""Rows that make sense as rows, from a suggested plan with no hand-written rule.

A plain business schema (``realism_fixture.DDL``: pt-BR and English tables, no CHECK beyond
keys) goes through the user's path on PostgreSQL: introspect, ``plan suggest``, validate,
generate, evaluate, and (pt_BR) load into a fresh copy. The rows are then judged by rules:
e-mails hold the row's names, dates follow their meaning, amounts have realistic medians,
places agree, statuses are skewed, text is in the locale (no Latin filler), JSON has a shape.
"""

from __future__ import annotations

import json
import re
from datetime import date
from statistics import median
from typing import Any

import pytest

import datalchemy
from datalchemy.contracts.schema import Column, TypeFamily
from datalchemy.plan.resolve.heuristics import RULES
from datalchemy.plan.resolve.names import HeuristicInput
from datalchemy.plan.suggest import suggest_plan
from support.pgserver import PostgresServer
from support.pipeline import create_database, run_ddl

from .realism_fixture import DDL, MEDIAN_BANDS, STATUS_COLUMNS, measure

BASE = date(2024, 6, 1)
ROWS = 1000


@pytest.fixture(scope="module")
def pt_run(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The pt_BR pipeline, loaded into a fresh copy (every constraint on)."""
    tmp = tmp_path_factory.mktemp("realism_pt")
    run = run_ddl("postgres", DDL, tmp, pg_server, rows=ROWS, base_date=BASE)
    return run, measure(run.data)


@pytest.fixture(scope="module")
def en_run(pg_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The en_US pipeline (generated and evaluated)."""
    tmp = tmp_path_factory.mktemp("realism_en")
    schema = datalchemy.introspect(create_database("postgres", DDL, tmp, "en", pg_server)).schema
    plan, notes = suggest_plan(schema, rows=ROWS, locale="en_US", base_date=BASE)
    report = datalchemy.validate_plan(plan, schema)
    assert not [i for i in report.issues if i.severity == "error"], report.issues
    run = datalchemy.generate(plan, schema, tmp / "out")
    assert datalchemy.evaluate(schema, plan, run.path).metrics.violations_total == 0
    return run.path, notes, measure(run.path)


def _mine(m: dict[str, dict[str, float]], key: str, prefix: str) -> dict[str, float]:
    return {k: v for k, v in m[key].items() if k.startswith(prefix)}


def test_emails_hold_the_rows_names(pt_run: Any, en_run: Any) -> None:
    for m in (pt_run[1], en_run[2]):
        assert all(share >= 0.7 for share in m["email_agreement"].values()), m["email_agreement"]


def test_dates_follow_their_meaning(pt_run: Any, en_run: Any) -> None:
    for m in (pt_run[1], en_run[2]):
        assert all(share >= 0.95 for share in m["date_order"].values()), m["date_order"]


def test_no_latin_filler(pt_run: Any, en_run: Any) -> None:
    for m in (pt_run[1], en_run[2]):
        assert not any(m["filler"].values()), m["filler"]


@pytest.mark.parametrize("schema_name", ["loja", "shop"])
def test_medians_in_realistic_bands(pt_run: Any, en_run: Any, schema_name: str) -> None:
    # Brazilian tables in a pt_BR plan, English tables in an en_US plan (their currencies).
    m = pt_run[1] if schema_name == "loja" else en_run[2]
    medians = _mine(m, "medians", schema_name + ".")
    for (table, column), (lo, hi) in MEDIAN_BANDS.items():
        if table.startswith(schema_name + "."):
            assert lo <= medians[f"{table}.{column}"] <= hi, (table, column, medians)


def test_places_agree_within_the_row(pt_run: Any, en_run: Any) -> None:
    br, us = pt_run[1]["places"], en_run[2]["us_places"]
    assert br["cep_in_uf"] >= 0.95 and br["ddd_of_uf"] >= 0.95 and br["city_in_uf"] >= 0.95, br
    assert min(us.values()) >= 0.95, us


def test_statuses_are_skewed(pt_run: Any, en_run: Any) -> None:
    for m in (pt_run[1], en_run[2]):
        shares = m["status_top_share"]
        for table, column in STATUS_COLUMNS:
            # a dominant value: statuses >= 45 % (uniform thirds before); film ratings of five
            # or six values lean to one >= 25 % (uniform would be 17-20 %)
            floor = 0.25 if column == "rating" else 0.45
            assert shares[f"{table}.{column}"] >= floor, shares


def test_json_is_shaped_by_the_column_name(pt_run: Any) -> None:
    run = pt_run[0]
    rows = run.rows("loja.funcionarios", "select endereco from loja.funcionarios")
    address = next(r[0] for r in rows if r[0] is not None)
    assert {"logradouro", "cidade", "uf", "cep"} <= set(address)
    rows = run.rows("loja.projetos", "select configuracoes from loja.projetos")
    settings = next(r[0] for r in rows if r[0] is not None)
    assert {"tema", "idioma", "notificacoes"} <= set(settings)


def test_types_print_as_people_write_them(pt_run: Any, en_run: Any) -> None:
    run = pt_run[0]
    cpfs = [r[0] for r in run.rows("loja.clientes", "select cpf from loja.clientes")]
    assert all(re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", c) for c in cpfs)  # char(14)
    csv = (en_run[0] / "shop.products.csv").read_text().splitlines()[1:]
    prices = [line.split(",")[3] for line in csv if line.split(",")[3]]
    assert all(len(p.partition(".")[2]) <= 2 for p in prices), prices[:5]  # REAL: 2 places


def test_fan_out_is_skewed(pt_run: Any) -> None:
    run = pt_run[0]
    counts = [
        r[0]
        for r in run.rows("loja.pedidos", "select count(*) from loja.pedidos group by cliente_id")
    ]
    assert max(counts) >= 3 * median(counts)


def test_suggest_explains_the_links(en_run: Any) -> None:
    notes = {(n.table, n.column): n for n in en_run[1]}
    assert "reads first_name, last_name" in notes[("shop.customer", "email")].links[0]
    assert "reads order_date" in notes[("shop.orders", "shipped_date")].links[0]
    assert any("group" in link for link in notes[("shop.customer", "city")].links)
    assert any("Zipf" in link for link in notes[("shop.orders", "customer_id")].links)


def test_the_vocabulary_has_300_column_meanings() -> None:
    patterns = {w for r in RULES for w in (*r.tokens, *r.substrings) if w}
    assert len(patterns) >= 300
    # Every number rule proposes a shape, never the old uniform 10..5000 "amount".
    col = Column(
        ordinal=1,
        name="preco",
        declared_type="numeric(10,2)",
        family=TypeFamily.DECIMAL,
        nullable=False,
        precision=10,
        scale=2,
    )
    info = HeuristicInput(col, "produtos", locale="pt_BR")
    made = next(r for r in RULES if r.matches(info)).make(info)
    assert made is not None and made[0] == "semantic.number.amount"
    assert json.dumps(made[1])  # plain JSON params
