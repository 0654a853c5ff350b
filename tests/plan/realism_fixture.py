"""A plain business schema (pt-BR and English tables, no CHECK beyond keys) and the rule-based
measures of whether its generated rows make sense as rows.

:data:`DDL` is the schema (PostgreSQL). :func:`measure` reads a dataset folder written by
``generate`` and returns the figures the realism test asserts on (and ``docs/realism.md``
reports before and after): e-mail / name agreement, meaning-ordered date pairs, medians, CEP /
UF agreement, status skew, Latin filler.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from statistics import median
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from datalchemy.generators import assets

__all__ = [
    "DATE_PAIRS",
    "DDL",
    "EMAIL_TABLES",
    "MEDIAN_BANDS",
    "STATUS_COLUMNS",
    "measure",
]

DDL = """
create schema loja;
create table loja.clientes (
    id serial primary key,
    nome varchar(60) not null,
    sobrenome varchar(80) not null,
    email varchar(120) not null unique,
    cpf char(14) not null,
    telefone varchar(20),
    cep char(9),
    cidade varchar(80),
    uf char(2),
    data_nascimento date,
    data_cadastro timestamp not null,
    atualizado_em timestamp,
    status varchar(20) not null,
    ativo boolean not null
);
create table loja.categorias (id serial primary key, nome varchar(60) not null);
create table loja.produtos (
    id serial primary key,
    categoria_id integer not null references loja.categorias,
    nome varchar(120) not null,
    descricao text,
    preco numeric(10,2) not null,
    estoque integer not null,
    sku varchar(20) not null unique,
    peso_kg numeric(8,3),
    criado_em timestamp not null
);
create table loja.pedidos (
    id serial primary key,
    cliente_id integer not null references loja.clientes,
    data_pedido date not null,
    data_envio date,
    data_entrega date,
    valor_total numeric(12,2) not null,
    frete numeric(10,2) not null,
    status varchar(20) not null,
    forma_pagamento varchar(30),
    observacoes text
);
create table loja.itens_pedido (
    pedido_id integer not null references loja.pedidos,
    produto_id integer not null references loja.produtos,
    quantidade integer not null,
    preco_unitario numeric(10,2) not null,
    desconto numeric(3,2),
    primary key (pedido_id, produto_id)
);
create table loja.faturas (
    id serial primary key,
    pedido_id integer not null references loja.pedidos,
    data_emissao date not null,
    data_vencimento date not null,
    data_pagamento date,
    valor numeric(12,2) not null,
    situacao varchar(20) not null
);
create table loja.funcionarios (
    id serial primary key,
    nome_completo varchar(120) not null,
    email varchar(120) not null,
    data_nascimento date not null,
    data_admissao date not null,
    salario numeric(10,2) not null,
    cargo varchar(60),
    endereco jsonb
);
create table loja.projetos (
    id serial primary key,
    responsavel_id integer references loja.funcionarios,
    titulo varchar(200) not null,
    descricao text,
    data_inicio date not null,
    data_fim date,
    orcamento numeric(14,2),
    configuracoes jsonb
);

create schema shop;
create table shop.customer (
    customer_id serial primary key,
    first_name varchar(45) not null,
    last_name varchar(45) not null,
    email varchar(50),
    phone varchar(20),
    city varchar(50),
    state char(2),
    zip_code varchar(10),
    create_date timestamp not null,
    last_update timestamp,
    active smallint not null
);
create table shop.film (
    film_id serial primary key,
    title varchar(255) not null,
    description text,
    release_year integer,
    rental_duration smallint not null,
    rental_rate numeric(4,2) not null,
    length smallint,
    replacement_cost numeric(5,2) not null,
    rating varchar(10)
);
create table shop.rental (
    rental_id serial primary key,
    rental_date timestamp not null,
    film_id integer not null references shop.film,
    customer_id integer not null references shop.customer,
    return_date timestamp,
    amount numeric(5,2) not null
);
create table shop.products (
    product_id serial primary key,
    product_name varchar(40) not null,
    category varchar(30),
    unit_price real,
    units_in_stock smallint,
    discontinued integer not null
);
create table shop.orders (
    order_id serial primary key,
    customer_id integer references shop.customer,
    order_date date,
    required_date date,
    shipped_date date,
    freight real,
    ship_city varchar(40),
    ship_country varchar(40),
    status varchar(20)
);
create table shop.order_details (
    order_id integer not null references shop.orders,
    product_id integer not null references shop.products,
    unit_price real not null,
    quantity smallint not null,
    discount real not null,
    primary key (order_id, product_id)
);
create table shop.employees (
    employee_id serial primary key,
    first_name varchar(20) not null,
    last_name varchar(20) not null,
    email varchar(80),
    title varchar(30),
    birth_date date,
    hire_date date,
    notes text,
    settings jsonb
);
create table shop.projects (
    project_id serial primary key,
    name varchar(100) not null,
    description text,
    start_date date not null,
    end_date date,
    budget numeric(12,2)
);
"""

#: table -> (name columns, e-mail column); the first name column holds the first name (or the
#: full name), the second, when there is one, the surname.
EMAIL_TABLES: dict[str, tuple[tuple[str, ...], str]] = {
    "loja.clientes": (("nome", "sobrenome"), "email"),
    "loja.funcionarios": (("nome_completo",), "email"),
    "shop.customer": (("first_name", "last_name"), "email"),
    "shop.employees": (("first_name", "last_name"), "email"),
}

#: (table, earlier, later): pairs whose order follows from their meaning.
DATE_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("loja.clientes", "data_nascimento", "data_cadastro"),
    ("loja.clientes", "data_cadastro", "atualizado_em"),
    ("loja.pedidos", "data_pedido", "data_envio"),
    ("loja.pedidos", "data_envio", "data_entrega"),
    ("loja.faturas", "data_emissao", "data_vencimento"),
    ("loja.faturas", "data_emissao", "data_pagamento"),
    ("loja.funcionarios", "data_nascimento", "data_admissao"),
    ("loja.projetos", "data_inicio", "data_fim"),
    ("shop.customer", "create_date", "last_update"),
    ("shop.rental", "rental_date", "return_date"),
    ("shop.orders", "order_date", "required_date"),
    ("shop.orders", "order_date", "shipped_date"),
    ("shop.employees", "birth_date", "hire_date"),
    ("shop.projects", "start_date", "end_date"),
)

#: (table, column) -> (low, high): where a realistic median lies.
MEDIAN_BANDS: dict[tuple[str, str], tuple[float, float]] = {
    ("loja.produtos", "preco"): (10, 800),
    ("loja.produtos", "estoque"): (1, 500),
    ("loja.produtos", "peso_kg"): (0.05, 30),
    ("loja.pedidos", "valor_total"): (30, 3000),
    ("loja.pedidos", "frete"): (5, 120),
    ("loja.itens_pedido", "quantidade"): (1, 6),
    ("loja.itens_pedido", "preco_unitario"): (10, 800),
    ("loja.itens_pedido", "desconto"): (0, 0.3),
    ("loja.faturas", "valor"): (30, 3000),
    ("loja.funcionarios", "salario"): (1800, 15000),
    ("loja.projetos", "orcamento"): (5_000, 2_000_000),
    ("shop.film", "rental_duration"): (2, 10),
    ("shop.film", "rental_rate"): (0.5, 10),
    ("shop.film", "length"): (70, 160),
    ("shop.film", "replacement_cost"): (5, 60),
    ("shop.film", "release_year"): (1950, 2024),
    ("shop.rental", "amount"): (0.5, 20),
    ("shop.products", "unit_price"): (2, 300),
    ("shop.products", "units_in_stock"): (1, 500),
    ("shop.orders", "freight"): (2, 200),
    ("shop.order_details", "quantity"): (1, 10),
    ("shop.order_details", "discount"): (0, 0.3),
    ("shop.order_details", "unit_price"): (2, 300),
    ("shop.projects", "budget"): (5_000, 2_000_000),
}

#: Categorical columns whose values should be skewed (a dominant value), not uniform.
STATUS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("loja.clientes", "status"),
    ("loja.pedidos", "status"),
    ("loja.faturas", "situacao"),
    ("shop.orders", "status"),
    ("shop.film", "rating"),
)

#: Text columns that must read as words of the locale (no Latin filler).
TEXT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("loja.produtos", "descricao"),
    ("loja.pedidos", "observacoes"),
    ("loja.projetos", "titulo"),
    ("loja.projetos", "descricao"),
    ("shop.film", "title"),
    ("shop.film", "description"),
    ("shop.employees", "notes"),
    ("shop.projects", "name"),
    ("shop.projects", "description"),
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _read(data: Path, table: str) -> dict[str, list[Any]]:
    path = data / f"{table}.csv"
    header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    types = {name.strip('"'): pa.string() for name in header}
    opts = pacsv.ConvertOptions(strings_can_be_null=True, column_types=types)
    return pacsv.read_csv(path, convert_options=opts).to_pydict()


def _name_parts(values: list[str]) -> list[str]:
    parts = []
    for v in values:
        tokens = [t for t in re.split(r"[^a-z]+", _fold(v)) if len(t) > 2]
        parts += tokens
    return parts


def email_agreement(data: Path) -> dict[str, float]:
    """Share of e-mails whose local part holds the row's first name or surname."""
    out = {}
    for table, (names, email) in EMAIL_TABLES.items():
        cols = _read(data, table)
        hits = total = 0
        for i, mail in enumerate(cols[email]):
            if mail is None:
                continue
            total += 1
            local = mail.split("@", 1)[0].lower()
            parts = _name_parts([cols[n][i] for n in names if cols[n][i] is not None])
            first, last = (parts[0], parts[-1]) if parts else ("", "")
            if (first and first in local) or (last and last in local):
                hits += 1
        out[table] = hits / total if total else 0.0
    return out


def date_order(data: Path) -> dict[str, float]:
    """Share of rows (both values present) whose pair is in meaning order."""
    out = {}
    for table, earlier, later in DATE_PAIRS:
        cols = _read(data, table)
        pairs = [
            (a, b)
            for a, b in zip(cols[earlier], cols[later], strict=True)
            if a is not None and b is not None
        ]
        ok = sum(1 for a, b in pairs if str(a)[:19] <= str(b)[:19])
        out[f"{table}.{earlier}<={later}"] = ok / len(pairs) if pairs else 1.0
    return out


def medians(data: Path) -> dict[str, float]:
    out = {}
    for (table, column), _band in MEDIAN_BANDS.items():
        values = [float(v) for v in _read(data, table)[column] if v is not None]
        out[f"{table}.{column}"] = median(values) if values else float("nan")
    return out


def _cep_ranges() -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for row in assets.rows("pt_BR", "ufs.tsv"):
        spans = []
        for part in row[3].split(","):
            lo, hi = part.split("-")
            spans.append((int(lo), int(hi)))
        out[row[0]] = spans
    return out


def _ddds() -> dict[str, set[str]]:
    return {r[0]: set(r[4].split(",")) for r in assets.rows("pt_BR", "ufs.tsv")}


def place_agreement(data: Path) -> dict[str, float]:
    """CEP within its UF's ranges, phone DDD of the UF, city of the UF (pt-BR customers)."""
    cols = _read(data, "loja.clientes")
    ranges, ddds = _cep_ranges(), _ddds()
    city_ufs: dict[str, set[str]] = {}
    for row in assets.rows("pt_BR", "cities.tsv"):
        city_ufs.setdefault(row[0], set()).add(row[1])
    cep_ok = cep_n = ddd_ok = ddd_n = city_ok = city_n = 0
    for cep, uf, phone, city in zip(
        cols["cep"], cols["uf"], cols["telefone"], cols["cidade"], strict=True
    ):
        if uf is None:
            continue
        if cep is not None:
            cep_n += 1
            prefix = int(re.sub(r"\D", "", cep)[:5])
            cep_ok += any(lo <= prefix <= hi for lo, hi in ranges.get(uf, []))
        if phone is not None:
            ddd_n += 1
            digits = re.sub(r"\D", "", phone)
            digits = digits[2:] if digits.startswith("55") and len(digits) > 11 else digits
            ddd_ok += digits[:2] in ddds.get(uf, set())
        if city is not None:
            city_n += 1
            city_ok += uf in city_ufs.get(city, set())
    return {
        "cep_in_uf": cep_ok / cep_n if cep_n else 0.0,
        "ddd_of_uf": ddd_ok / ddd_n if ddd_n else 0.0,
        "city_in_uf": city_ok / city_n if city_n else 0.0,
    }


def us_place_agreement(data: Path) -> dict[str, float]:
    """City in its state, ZIP with the city's prefix, phone with its area code (en customers)."""
    cols = _read(data, "shop.customer")
    cities: dict[str, list[tuple[str, ...]]] = {}
    for row in assets.rows("common", "world_places.tsv"):
        cities.setdefault(row[6], []).append(row)
    ok = {"city_in_state": 0, "zip_of_city": 0, "area_code_of_city": 0}
    seen = dict.fromkeys(ok, 0)
    for city, state, zip_code, phone in zip(
        cols["city"], cols["state"], cols["zip_code"], cols["phone"], strict=True
    ):
        if city is None or state is None:
            continue
        places = [r for r in cities.get(city, []) if r[4] == state]
        seen["city_in_state"] += 1
        ok["city_in_state"] += bool(places)
        if zip_code is not None:
            seen["zip_of_city"] += 1
            ok["zip_of_city"] += bool(places) and zip_code[:3] == places[0][8][:3]
        if phone is not None:
            seen["area_code_of_city"] += 1
            ok["area_code_of_city"] += bool(places) and f"({places[0][9]})" in phone
    return {k: ok[k] / seen[k] if seen[k] else 0.0 for k in ok}


def status_skew(data: Path) -> dict[str, float]:
    """Share of the most common value of each status column."""
    out = {}
    for table, column in STATUS_COLUMNS:
        values = [v for v in _read(data, table)[column] if v is not None]
        counts = Counter(values)
        out[f"{table}.{column}"] = counts.most_common(1)[0][1] / len(values) if values else 0.0
    return out


def filler(data: Path) -> dict[str, float]:
    """Share of values of free-text columns holding a Latin filler word."""
    latin = {w for w in assets.words("common", "lorem_words.txt") if len(w) > 3} | {"lorem"}
    out = {}
    for table, column in TEXT_COLUMNS:
        values = [v for v in _read(data, table)[column] if v is not None]
        bad = sum(1 for v in values if latin & set(re.findall(r"[a-z]+", v.lower())))
        out[f"{table}.{column}"] = bad / len(values) if values else 0.0
    return out


def measure(data: Path) -> dict[str, dict[str, float]]:
    """Every measure of the dataset folder ``data``."""
    return {
        "email_agreement": email_agreement(data),
        "date_order": date_order(data),
        "medians": medians(data),
        "places": place_agreement(data),
        "us_places": us_place_agreement(data),
        "status_top_share": status_skew(data),
        "filler": filler(data),
    }
