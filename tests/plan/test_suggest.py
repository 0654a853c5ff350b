"""Automatic plans: name and type rules, complete valid plans for the CRM and car-rental schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from datalchemy.contracts.plan import ColumnGeneratorRule, Plan
from datalchemy.contracts.schema import Column, DatabaseSchema, TypeFamily
from datalchemy.errors import UsageError
from datalchemy.generators import get_generator
from datalchemy.generators.base import ColumnFacts, GenContext
from datalchemy.plan import resolve_plan, validate_plan
from datalchemy.plan.resolve.heuristics import suggestions, unique_fallback
from datalchemy.plan.resolve.names import HeuristicInput, name_tokens
from datalchemy.plan.suggest import suggest_plan

GOLDEN = Path(__file__).parents[1] / "golden"
CRM = DatabaseSchema.model_validate_json((GOLDEN / "crm.schema.json").read_text())
CAR = DatabaseSchema.model_validate_json((GOLDEN / "car_rental.schema.json").read_text())


@pytest.mark.parametrize(
    "name,tokens",
    [
        ("data_nascimento", ("data", "nascimento")),
        ("dataNascimento", ("data", "nascimento")),
        ("DataNascimento", ("data", "nascimento")),
        ("descrição", ("descricao",)),
        ("Endereço_Rua", ("endereco", "rua")),
        ("IDCliente", ("id", "cliente")),
        ("e-mail", ("e", "mail")),
    ],
)
def test_names_are_normalised(name: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(name) == tokens


def _best(name: str, family: TypeFamily, table: str = "clientes", locale: str = "pt_BR",
          siblings: tuple[str, ...] = (), length: int | None = None) -> str:  # fmt: skip
    col = Column(ordinal=1, name=name, declared_type=family.value, family=family, nullable=True,
                 length=length)  # fmt: skip
    return suggestions(HeuristicInput(col, table, (name, *siblings), locale))[0].generator


T, INT, D, DT, TS, B = (
    TypeFamily.TEXT,
    TypeFamily.INTEGER,
    TypeFamily.DECIMAL,
    TypeFamily.DATE,
    TypeFamily.TIMESTAMPTZ,
    TypeFamily.BOOLEAN,
)


@pytest.mark.parametrize(
    "name,family,table,expected",
    [
        ("nome", T, "clientes", "semantic.br.name"),
        ("nome", T, "empresas", "semantic.br.company.name"),
        ("nome", T, "produtos", "semantic.product.name"),
        ("nomeCompleto", T, "x", "semantic.br.name"),
        ("sobrenome", T, "x", "semantic.br.last_name"),
        ("primeiro_nome", T, "x", "semantic.br.first_name"),
        ("email", T, "x", "semantic.br.email.safe"),
        ("EmailContato", T, "x", "semantic.br.email.safe"),
        ("telefone", T, "x", "semantic.br.phone"),
        ("celular", T, "x", "semantic.br.phone"),
        ("fone_comercial", T, "x", "semantic.br.phone"),
        ("cpf", T, "x", "semantic.br.cpf"),
        ("cnpj", T, "x", "semantic.br.cnpj"),
        ("rg", T, "x", "semantic.br.rg"),
        ("cep", T, "x", "semantic.br.cep"),
        ("logradouro", T, "x", "semantic.br.street"),
        ("rua", T, "x", "semantic.br.street"),
        ("endereço", T, "x", "semantic.br.address"),
        ("complemento", T, "x", "semantic.address.secondary"),
        ("bairro", T, "x", "semantic.br.neighborhood"),
        ("cidade", T, "x", "semantic.br.city"),
        ("município", T, "x", "semantic.br.city"),
        ("uf", T, "x", "semantic.br.uf"),
        ("estado", T, "enderecos", "semantic.br.uf"),
        ("pais", T, "x", "semantic.place.country"),
        ("razao_social", T, "x", "semantic.br.company.name"),
        ("nome_fantasia", T, "x", "semantic.br.company.name"),
        ("empresa", T, "x", "semantic.br.company.name"),
        ("site", T, "x", "semantic.br.url"),
        ("url", T, "x", "semantic.br.url"),
        ("sku", T, "x", "primitive.text.pattern"),
        ("codigo", T, "pedidos", "primitive.text.pattern"),
        ("descrição", T, "x", "text.paragraph"),
        ("titulo", T, "x", "text.title"),
        ("observacao", T, "x", "text.paragraph"),
        ("cargo", T, "x", "domain.crm.job_title"),
        ("placa", T, "x", "semantic.br.plate"),
        ("status", T, "x", "primitive.choice.weighted"),
        ("tipo", T, "x", "primitive.choice.weighted"),
        ("valor", D, "x", "semantic.number.amount"),
        ("preco_unitario", D, "x", "semantic.number.amount"),
        ("total", D, "x", "semantic.number.amount"),
        ("desconto", D, "x", "semantic.number.amount"),
        ("quantidade", INT, "x", "primitive.zipf"),
        ("ativo", B, "x", "primitive.bool"),
        ("data_cadastro", DT, "x", "primitive.date.range"),
        ("criado_em", TS, "x", "primitive.timestamp.range"),
        ("atualizado_em", TS, "x", "primitive.timestamp.range"),
        ("nascimento", DT, "x", "primitive.date.range"),
        ("numero", T, "faturas", "primitive.text.pattern"),
    ],
)
def test_portuguese_names(name: str, family: TypeFamily, table: str, expected: str) -> None:
    assert _best(name, family, table) == expected


@pytest.mark.parametrize(
    "name,family,table,expected",
    [
        ("first_name", T, "users", "semantic.person.first_name"),
        ("lastName", T, "users", "semantic.person.last_name"),
        ("name", T, "customers", "semantic.person.name"),
        ("name", T, "companies", "semantic.company.name"),
        ("email", T, "users", "semantic.person.email"),
        ("phone", T, "users", "semantic.place.phone"),
        ("mobile", T, "users", "semantic.place.phone"),
        ("zip_code", T, "users", "semantic.place.postcode"),
        ("street", T, "users", "semantic.address.street"),
        ("city", T, "users", "semantic.place.city"),
        ("state", T, "addresses", "semantic.place.state"),
        ("country", T, "users", "semantic.place.country"),
        ("website", T, "users", "semantic.br.url"),
        ("created_at", TS, "users", "primitive.timestamp.range"),
        ("price", D, "items", "semantic.number.amount"),
        ("is_active", B, "items", "primitive.bool"),
    ],
)
def test_english_names(name: str, family: TypeFamily, table: str, expected: str) -> None:
    assert _best(name, family, table, locale="en_US") == expected


def test_birth_dates_are_in_the_past_and_siblings_pick_first_names() -> None:
    assert _best("nome", T, "contatos", siblings=("sobrenome",)) == "semantic.br.first_name"
    col = Column(ordinal=1, name="data_nascimento", declared_type="date",
                 family=TypeFamily.DATE, nullable=True)  # fmt: skip
    s = suggestions(HeuristicInput(col, "clientes", (), "pt_BR"))[0]
    assert s.params["max"] < "2024-01-01" and 0 < s.confidence <= 1


def test_unique_fallback_has_room_for_the_rows() -> None:
    col = Column(ordinal=1, name="x", declared_type="varchar(12)", family=TypeFamily.TEXT,
                 nullable=False, length=12)  # fmt: skip
    s = unique_fallback(HeuristicInput(col, "coisas", ()), 5_000_000)
    assert s is not None
    gen = get_generator(s.generator)
    params = gen.parse_params(s.params)
    facts = ColumnFacts.from_column(col)
    ctx = GenContext(seed=1, table="s.coisas", column="x", facts=facts)
    assert (gen.value_space(ctx, params) or 0) >= 5_000_000
    assert not [i for i in gen.check(params, facts) if i.severity == "error"]


@pytest.mark.parametrize("schema", [CRM, CAR], ids=["crm", "car_rental"])
def test_suggested_plans_validate_with_no_issue(schema: DatabaseSchema) -> None:
    plan, notes = suggest_plan(schema, rows=100)
    report = validate_plan(plan, schema)
    assert report.ok and report.issues == []
    generated = [t for _, t in schema.iter_tables() if t.is_generation_target]
    assert len(plan.targets) == len(generated)
    assert len(notes) == sum(len(t.columns) for t in generated)
    assert all(0 < n.confidence <= 1 and n.why for n in notes)
    # FKs and identity keys are left to the engine; every other generated column has a rule.
    ruled = {(r.table, r.column) for r in plan.rules if isinstance(r, ColumnGeneratorRule)}
    for n in notes:
        table = n.table.split(".")[1]
        assert ((table, n.column) in ruled) == (n.action == "rule"), n
        if n.action == "foreign_key":
            assert n.generator is None
    # Round trip through JSON.
    again = Plan.model_validate_json(plan.to_json())
    assert validate_plan(again, schema).ok


def test_suggested_rows_default_leaves_and_size_parents() -> None:
    plan, _ = suggest_plan(CRM, rows=100)
    rows = {t.table: t.rows for t in plan.targets}
    assert rows["leads"] == rows["itens_fatura"] == rows["tarefas"] == 100
    assert rows["atividades"] == 100  # one-to-one children (tarefas, reunioes, anotacoes)
    assert rows["empresas"] < 100 and rows["usuarios"] < 100
    assert rows["funis"] >= 3
    plan, _ = suggest_plan(CRM, rows={"crm.leads": 500, "pagamentos": 40}, default_rows=10)
    rows = {t.table: t.rows for t in plan.targets}
    assert (rows["leads"], rows["pagamentos"], rows["tarefas"]) == (500, 40, 10)
    assert rows["fontes_lead"] == 100  # 500 leads / 5


def test_suggest_rejects_unknown_tables_and_bad_counts() -> None:
    with pytest.raises(UsageError) as info:
        suggest_plan(CRM, rows={"nope": 3})
    assert info.value.code == "unknown_rows_table"
    with pytest.raises(UsageError):
        suggest_plan(CRM, rows={"crm.leads": 0})
    with pytest.raises(UsageError) as info:
        suggest_plan(CRM, locale="klingon")
    assert info.value.code == "unsupported_locale"


def test_suggested_crm_plan_makes_sense() -> None:
    plan, notes = suggest_plan(CRM, rows=200, locale="pt_BR")
    resolved = resolve_plan(plan, CRM)
    by = {(n.table, n.column): n for n in notes}
    assert by[("crm.empresas", "cnpj")].generator == "semantic.br.cnpj"
    assert by[("crm.contatos", "empresa_id")].action == "foreign_key"
    assert by[("crm.atividades", "tipo")].generator == "primitive.choice"
    assert by[("crm.listas_precos", "moeda")].action == "constant"
    assert by[("crm.usuarios", "data_atualizacao")].generator == "derive.end_after_start"
    email = resolved.table("crm.usuarios").column("email")  # unique, from the row's name
    assert email.generator == "derive.email_from_person" and email.inputs == ["nome"]
    assert email.params["unique"] is True
    assert resolved.table("crm.empresas").column("telefone").null_rate == 0.1


def test_suggest_in_english_and_deterministic() -> None:
    a, _ = suggest_plan(CRM, rows=20, locale="en-US")
    b, _ = suggest_plan(CRM, rows=20, locale="en_US")
    assert a.to_json() == b.to_json()
    assert a.locale == "en_US"
    gens = {r.generator_id for r in a.rules if isinstance(r, ColumnGeneratorRule)}
    assert "semantic.person.email" in gens and "semantic.br.email.safe" not in gens
    assert validate_plan(a, CRM).issues == []


def test_suggest_on_a_live_crm_database(pg_url: str, tmp_path: Path) -> None:
    from datalchemy.fixtures import create_fixture
    from datalchemy.introspect import run_introspect

    create_fixture("crm", pg_url)
    run = run_introspect(pg_url, run_root=tmp_path)
    schema = run.result.schema
    plan, _ = suggest_plan(schema, rows=50)
    report = validate_plan(plan, schema)
    assert report.ok and report.issues == []


def test_every_name_rule_names_a_real_generator_with_valid_params() -> None:
    from datalchemy.plan.resolve.heuristics import RULES

    checked = 0
    for r in RULES:
        word = sorted(r.tokens)[0] if r.tokens else r.substrings[0]
        for family in sorted(r.families, key=lambda f: f.value):
            for locale in ("pt_BR", "en_US"):
                col = Column(ordinal=1, name=word, declared_type=family.value, family=family,
                             nullable=True, precision=12, scale=2)  # fmt: skip
                made = r.make(HeuristicInput(col, "clientes", ("cep",), locale))
                if made is None:
                    continue
                gen = get_generator(made[0])
                gen.parse_params(made[1])
                assert family in gen.fits or family == TypeFamily.UNKNOWN, (made, family)
                checked += 1
    assert checked > 150


def test_text_and_value_rules_cover_different_type_families() -> None:
    """So the order of the two rule tuples in RULES never changes which rule wins."""
    from datalchemy.plan.resolve.heuristics import RULES
    from datalchemy.plan.resolve.names_json import JSON_RULES
    from datalchemy.plan.resolve.names_text import TEXT_RULES
    from datalchemy.plan.resolve.names_values import VALUE_RULES

    text = set().union(*(r.families for r in TEXT_RULES))
    values = set().union(*(r.families for r in VALUE_RULES))
    assert text and values and not text & values
    assert (*TEXT_RULES, *JSON_RULES, *VALUE_RULES) == RULES
    assert not set().union(*(r.families for r in JSON_RULES)) & (text | values)
