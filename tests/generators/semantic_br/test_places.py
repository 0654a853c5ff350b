"""Places and phones: formats, DDD weights, a group's city / UF / CEP / phone agreement."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from datalchemy.generators.semantic_br.address import Address
from datalchemy.generators.semantic_br.base import UF_CODES, group_stream
from datalchemy.generators.semantic_br.phones import Phone
from datalchemy.generators.semantic_br.places import Cep, City, Uf, places

from .helpers import (
    ALL_DDDS,
    CITY_DDD,
    PHONE_PATTERNS,
    ROWS,
    UF_DDD,
    N,
    cep_in_uf,
    ctx,
    ddd_of,
    gen,
)


@pytest.mark.parametrize("fmt", ["e164", "national", "digits"])
@pytest.mark.parametrize("kind", ["mobile", "landline", "any"])
def test_phone_formats(fmt: str, kind: str) -> None:
    values = gen(Phone(), {"format": fmt, "kind": kind})
    kinds = ["mobile", "landline"] if kind == "any" else [kind]
    pattern = re.compile("|".join(PHONE_PATTERNS[(fmt, k)] for k in kinds))
    assert all(pattern.fullmatch(v) for v in values)
    if kind == "any":
        mobile = sum(bool(re.fullmatch(PHONE_PATTERNS[(fmt, "mobile")], v)) for v in values)
        assert 0.75 < mobile / N < 0.85
    ddds = {ddd_of(v) for v in values}
    assert ddds <= ALL_DDDS and len(ddds) > 50


def test_phone_ddd_weighted_by_population() -> None:
    ddds = Counter(ddd_of(v) for v in gen(Phone()))
    assert ddds.most_common(1)[0][0] == "11"
    assert 0.1 < ddds["11"] / N < 0.25


def test_group_agreement_city_uf_cep_phone_address() -> None:
    group = {"group": "endereco"}
    kw = {"seed": 5, "table": "crm.clientes"}
    city = gen(City(), {**group, "with_uf": True}, column="cidade", **kw)
    uf = gen(Uf(), group, column="uf", **kw)
    cep = gen(Cep(), {**group, "formatted": True}, column="cep", **kw)
    phone = gen(Phone(), {**group, "format": "national", "kind": "any"}, column="tel", **kw)
    address = gen(
        Address(),
        {**group, "parts": ["street", "number", "city", "uf", "cep"]},
        column="endereco",
        **kw,
    )
    for c, u, z, p, a in zip(city, uf, cep, phone, address, strict=True):
        name, city_uf = c.rsplit(" - ", 1)
        assert city_uf == u
        assert re.fullmatch(r"\d{5}-\d{3}", z) and cep_in_uf(z, u)
        assert ddd_of(p) == CITY_DDD[(name, u)] and ddd_of(p) in UF_DDD[u].split()
        assert a.endswith(f", {name} - {u}, CEP " + a[-9:]) and cep_in_uf(a[-9:], u)
    # CEPs of one city stay within that city's prefixes (the same city never spans two blocks).
    table = places()
    pos = {(n, UF_CODES[table.uf_of_city[i]]): i for i, n in enumerate(table.city_names)}
    for c, z in zip(city[:5000], cep[:5000], strict=True):
        name, u = c.rsplit(" - ", 1)
        i = pos[(name, u)]
        own = table.cep_prefix[table.cep_first[i] : table.cep_first[i] + table.cep_count[i]]
        assert int(z[:5]) in own
    # Without the group, columns draw independently.
    alone = gen(Uf(), {}, column="uf", **kw)
    assert sum(a != b for a, b in zip(alone, uf, strict=True)) > N * 0.5
    # Population weighting: São Paulo is the most frequent city.
    assert Counter(city).most_common(1)[0][0] == "São Paulo - SP"


def test_group_agreement_with_uf_filter() -> None:
    kw = {"seed": 3, "table": "t.t"}
    raw = {"group": "g", "uf": "MG"}
    city = gen(City(), raw, column="a", **kw)
    cep = gen(Cep(), raw, column="b", **kw)
    phone = gen(Phone(), {**raw, "format": "digits"}, column="c", **kw)
    uf = gen(Uf(), raw, column="d", **kw)
    assert set(uf) == {"MG"}
    assert all(cep_in_uf(z, "MG") for z in cep)
    assert all(CITY_DDD[(c, "MG")] == ddd_of(p) for c, p in zip(city, phone, strict=True))


def test_group_stream_ignores_column_generator_and_params() -> None:
    a = group_stream(ctx(column="x"), "g").words(ROWS[:10])
    b = group_stream(ctx(column="y"), "g").words(ROWS[:10])
    c = group_stream(ctx(column="x"), "h").words(ROWS[:10])
    d = group_stream(ctx(column="x", table="other.t"), "g").words(ROWS[:10])
    assert (a == b).all() and not (a == c).any() and not (a == d).any()


@pytest.mark.parametrize("uf", ["SP", "AC", "DF", "GO", "AM"])
def test_uf_filters(uf: str) -> None:
    rows = ROWS[:20_000]
    assert all(cep_in_uf(z, uf) for z in gen(Cep(), {"uf": uf}, rows=rows))
    assert {ddd_of(p) for p in gen(Phone(), {"uf": uf}, rows=rows)} <= set(UF_DDD[uf].split())
    cities = set(gen(City(), {"uf": uf, "with_uf": True}, rows=rows))
    assert {c.rsplit(" - ", 1)[1] for c in cities} == {uf}


def test_address_shapes() -> None:
    values = gen(Address(), rows=ROWS[:20_000])
    shape = re.compile(r"[^,]+, (\d+|s/n)(, [^-]+)? - .+")
    assert all(shape.fullmatch(v) for v in values)
    with_comp = sum(v.count(",") == 2 for v in values)
    assert 0.25 < with_comp / 20_000 < 0.35
    numbers = [int(n) for v in values if (n := v.split(", ")[1].split(" ")[0]).isdigit()]
    assert 100 < float(np.median(numbers)) < 500
    types = Counter(v.split(" ")[0] for v in values)
    assert types.most_common(1)[0][0] == "Rua" and "Avenida" in types
    bare = gen(Address(), {"parts": ["street"]}, rows=ROWS[:100])
    assert all("," not in v for v in bare)
