"""Params and column checks, catalog entries, assets and the weighted draw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.compute as pc
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import all_generators
from datalchemy.generators.base import ColumnFacts, Generator, ParamError
from datalchemy.generators.semantic_br.address import Address
from datalchemy.generators.semantic_br.commerce import MoneyBrl
from datalchemy.generators.semantic_br.documents import Cnpj, Cpf
from datalchemy.generators.semantic_br.emails import EmailSafe
from datalchemy.generators.semantic_br.people import Name, people
from datalchemy.generators.semantic_br.phones import Phone
from datalchemy.generators.semantic_br.pix import PixKey
from datalchemy.generators.semantic_br.places import places
from datalchemy.generators.semantic_br.vehicles import Plate
from datalchemy.generators.vocab import WeightedIndex

from .helpers import (
    ALL,
    ALL_DDDS,
    CAPITALS,
    ROWS,
    UF_CEP,
    UF_DDD,
    asset_column,
    asset_rows,
    ctx,
)

# Params and column checks


@pytest.mark.parametrize(
    ("g", "raw", "where"),
    [
        (Cpf(), {"formated": True}, "/formated"),
        (Cpf(), {"uf": "XX"}, "/uf"),
        (Name(), {"sex": "other"}, "/sex"),
        (Name(), {"second_surname": 1.5}, "/second_surname"),
        (Name(), {"group": ""}, "/group"),
        (EmailSafe(), {"domain": "Not A Domain"}, "/domain"),
        (EmailSafe(), {"domain": "localhost"}, "/domain"),
        (Phone(), {"format": "intl"}, "/format"),
        (Phone(), {"kind": "satellite"}, "/kind"),
        (Cnpj(), {"branch": "0002"}, "/branch"),
        (Plate(), {"format": "european"}, "/format"),
        (PixKey(), {"kind": "evp"}, "/kind"),
        (MoneyBrl(), {"min": 10, "max": 5}, "/"),
        (MoneyBrl(), {"min": "0.001", "max": "0.009"}, "/"),
        (Address(), {"parts": ["number", "city"]}, "/"),
        (Address(), {"parts": ["street", "street"]}, "/"),
        (Address(), {"parts": ["street", "planet"]}, "/parts/1"),
        (Address(), {"complement_rate": -0.1}, "/complement_rate"),
    ],
)
def test_param_errors(g: Generator[Any], raw: dict[str, Any], where: str) -> None:
    with pytest.raises(ParamError) as err:
        g.parse_params(raw)
    assert any(path == where for path, _ in err.value.problems), err.value.problems
    with pytest.raises(ParamError):
        g.parse_params([raw])


def test_check_reports_values_too_long() -> None:
    cpf = Cpf()
    formatted = cpf.parse_params({"formatted": True})
    issues = cpf.check(formatted, ColumnFacts(family=TypeFamily.TEXT, length=11))
    assert [i.severity for i in issues] == ["error"] and issues[0].code == "value_too_long"
    assert cpf.check(cpf.parse_params({}), ColumnFacts(family=TypeFamily.TEXT, length=11)) == []
    name = Name()
    warn = name.check(name.parse_params({}), ColumnFacts(family=TypeFamily.TEXT, length=20))
    assert [i.severity for i in warn] == ["warning"]
    assert name.check(name.parse_params({}), ColumnFacts(family=TypeFamily.TEXT)) == []


def test_check_bounds_hold_for_generated_values() -> None:
    for g, raw in ALL:
        p = g.parse_params(raw)
        bounds = g._length_bounds(p)  # type: ignore[attr-defined]
        if bounds is None:
            continue
        lengths = pc.utf8_length(g.generate(ctx(), p, ROWS[:20_000])).to_numpy()
        assert bounds[0] <= lengths.min() and lengths.max() <= bounds[1], g.id


# Catalog entries and assets

NEW_IDS = {
    "semantic.br.pis",
    "semantic.br.cnh",
    "semantic.br.renavam",
    "semantic.br.plate",
    "semantic.br.pix_key",
    "semantic.br.first_name",
    "semantic.br.last_name",
    "semantic.br.neighborhood",
    "semantic.br.street",
}


def test_registered_ids_and_tags() -> None:
    ids_file = Path(__file__).parents[2] / "data" / "original_generator_ids.txt"
    lines = ids_file.read_text(encoding="utf-8").splitlines()
    original_br = {ln.strip() for ln in lines if ln.startswith("semantic.br.")}
    assert len(original_br) == 15
    ours = {g.id for g, _ in ALL}
    assert ours == original_br | NEW_IDS
    for gid in ours:
        assert gid in {g.id for g in all_generators()}  # registered on import
    tags = {g.id: g.pii for g, _ in ALL}
    assert tags["semantic.br.cpf"] == {"pii.cpf"} and tags["semantic.br.city"] == {"pii.location"}
    assert tags["semantic.br.ip"] == {"pii.network"} and not tags["semantic.br.company.name"]
    assert all(g.summary and g.locales in (("pt_BR",), None) for g, _ in ALL)


def test_assets_sizes_and_consistency() -> None:
    female = asset_rows("first_names_female.tsv")
    male = asset_rows("first_names_male.tsv")
    surnames = asset_rows("surnames.tsv")
    cities = asset_rows("cities.tsv")
    assert len(female) >= 300 and len(male) >= 300 and len(surnames) >= 300
    assert female[0][0] == "Maria" and male[0][0] == "José" and surnames[0][0] == "Silva"
    assert len(cities) >= 300 and len(asset_rows("streets.tsv")) >= 200
    assert len(asset_column("neighborhoods.txt")) >= 150
    assert len(asset_column("products.tsv")) >= 200
    assert all(d == "example" or ".example." in f".{d}." for d in asset_column("email_domains.txt"))
    ufs = asset_rows("ufs.tsv")
    assert [r[0] for r in ufs] == sorted(UF_CEP)
    for code, _name, capital, ranges, ddds in ufs:
        assert set(ddds.split(",")) == set(UF_DDD[code].split())
        assert [tuple(map(int, r.split("-"))) for r in ranges.split(",")] == UF_CEP[code]
        assert [capital, code] in [[c[0], c[1]] for c in cities]
    assert {c[4] for c in cities} == ALL_DDDS  # every DDD has at least one city
    seen: set[int] = set()
    for name, uf, ibge, population, ddd, ceps in cities:
        assert ddd in UF_DDD[uf].split(), name
        assert int(population) > 0
        if ibge:  # IBGE municipality code: state prefix and check digit
            digits = [int(c) for c in ibge]
            total = sum(sum(divmod(d * (1 + i % 2), 10)) for i, d in enumerate(digits[:6]))
            assert (10 - total % 10) % 10 == digits[6], name
        for part in filter(None, ceps.split(",")):
            lo, hi = map(int, part.split("-"))
            assert any(a <= lo <= hi <= b for a, b in UF_CEP[uf]), name
            block = set(range(lo, hi + 1))
            assert not block & seen, name
            seen |= block
    assert {n for n, u, *_ in cities if CAPITALS[u] == n} == set(CAPITALS.values())
    for tsv in ("first_names_female.tsv", "first_names_male.tsv", "surnames.tsv"):
        rows = asset_rows(tsv)
        assert rows == sorted(rows, key=lambda r: (-int(r[1]), r[0]))
        assert len({r[0] for r in rows}) == len(rows)


def test_guide_table_draw_equals_inverse_cdf() -> None:
    rng_rows = np.arange(300_000, dtype=np.int64)
    stream = ctx().stream("guide", None)
    weights = [
        [1.0],
        [1e-9, 1.0, 1e-9],
        np.r_[np.full(5000, 1e-6), 1.0],  # many categories inside one guide bucket
        places().population,
        people().weights,
    ]
    for w in weights:
        dist = WeightedIndex.of(w)
        expected = np.minimum(
            np.searchsorted(dist.cdf, stream.uniform(rng_rows), side="right"), len(dist.cdf) - 1
        )
        assert (dist.draw(stream, rng_rows) == expected).all()
