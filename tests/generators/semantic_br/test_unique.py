"""Determinism of every semantic.br generator and unique values by construction."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import FeistelPermutation, derive_key
from datalchemy.generators.base import Generator
from datalchemy.generators.semantic_br.address import Address, Neighborhood, Street
from datalchemy.generators.semantic_br.commerce import CompanyName, MoneyBrl, ProductName
from datalchemy.generators.semantic_br.documents import Cnh, Cnpj, Cpf, Pis, Rg
from datalchemy.generators.semantic_br.emails import EmailSafe
from datalchemy.generators.semantic_br.internet import Ip, Url
from datalchemy.generators.semantic_br.people import FirstName, LastName, Name
from datalchemy.generators.semantic_br.phones import Phone
from datalchemy.generators.semantic_br.pix import PixKey
from datalchemy.generators.semantic_br.places import Cep, City, Uf
from datalchemy.generators.semantic_br.vehicles import Plate, Renavam

from .helpers import (
    ALL,
    EMAIL,
    IDS,
    PHONE_PATTERNS,
    cep_in_uf,
    cnh_ok,
    cnh_ok_plain,
    cnpj_ok,
    cpf_ok,
    ctx,
    ddd_of,
    pis_ok,
    renavam_ok,
    rg_ok,
    strip,
)


@pytest.mark.parametrize(("g", "raw"), ALL, ids=IDS)
def test_determinism(g: Generator[Any], raw: dict[str, Any]) -> None:
    p = g.parse_params(raw)
    rows = np.arange(2000, dtype=np.int64)
    a = g.generate(ctx(), p, rows)
    assert a.equals(g.generate(ctx(), p, rows))
    assert len(a) == 2000 and a.null_count == 0
    assert a.type == (pa.decimal128(38, 2) if g.output == TypeFamily.DECIMAL else pa.string())
    subset = np.array([5, 6, 1999, 17], dtype=np.int64)
    assert g.generate(ctx(), p, subset).to_pylist() == [a[i].as_py() for i in subset]
    assert g.generate(ctx(), p, rows[1000:]).equals(a.slice(1000))
    other = g.generate(ctx(seed=12), p, rows).to_pylist()
    assert sum(x != y for x, y in zip(other, a.to_pylist(), strict=True)) > 1000 * (
        0.5 if g.id != "semantic.br.uf" else 0.2
    )
    assert len(g.generate(ctx(), p, np.arange(0, dtype=np.int64))) == 0


# Unique by construction


def _distinct_sample(g: Generator[Any], raw: dict[str, Any], n: int) -> pa.Array:
    c = ctx()
    p = g.parse_params(raw)
    space = g.value_space(c, p)
    assert space is not None and space >= n
    perm = FeistelPermutation(space, derive_key(1, "unique", g.id))
    idx = perm.apply(np.arange(n, dtype=np.uint64))
    values = g.from_index(c, p, idx)
    assert len(values) == n and values.null_count == 0
    assert pc.count_distinct(values).as_py() == n
    # The top of the space is reachable too.
    top = g.from_index(c, p, np.array([space - 1, 0], dtype=np.uint64))
    assert top[0].as_py() != top[1].as_py()
    return values


UNIQUE_1M: list[tuple[Generator[Any], dict[str, Any], Callable[[str], bool]]] = [
    (Cpf(), {}, cpf_ok),
    (Cnpj(), {}, cnpj_ok),
    (EmailSafe(), {}, lambda v: bool(EMAIL.fullmatch(v))),
    (Phone(), {}, lambda v: bool(re.fullmatch(PHONE_PATTERNS[("e164", "mobile")], v))),
    (Plate(), {}, lambda v: bool(re.fullmatch(r"[A-Z]{3}\d[A-Z]\d{2}", v))),
    (Rg(), {}, rg_ok),
]


@pytest.mark.parametrize(("g", "raw", "valid"), UNIQUE_1M, ids=[g.id for g, _, _ in UNIQUE_1M])
def test_from_index_distinct_1m(
    g: Generator[Any], raw: dict[str, Any], valid: Callable[[str], bool]
) -> None:
    values = _distinct_sample(g, raw, 1_000_000)
    assert all(valid(v) for v in values.slice(0, 20_000).to_pylist())


UNIQUE_MORE: list[tuple[Generator[Any], dict[str, Any], Callable[[str], bool] | None]] = [
    (Cpf(), {"uf": "SP", "formatted": True}, lambda v: cpf_ok(strip(v)) and v[10] == "8"),
    (
        Cnpj(),
        {"alphanumeric": True, "branch": "any", "formatted": True},
        lambda v: cnpj_ok(strip(v)),
    ),
    (Cnpj(), {"branch": "any"}, cnpj_ok),
    (Pis(), {}, pis_ok),
    (Cnh(), {}, lambda v: cnh_ok(v) and cnh_ok_plain(v)),
    (Renavam(), {}, renavam_ok),
    (Rg(), {"formatted": True}, lambda v: rg_ok(strip(v))),
    (Plate(), {"format": "any"}, None),
    (Plate(), {"format": "old"}, lambda v: bool(re.fullmatch(r"[A-Z]{3}-\d{4}", v))),
    (Phone(), {"kind": "any", "format": "national"}, None),
    (Phone(), {"kind": "landline", "uf": "RJ"}, lambda v: ddd_of(v) in {"21", "22", "24"}),
    (EmailSafe(), {"domain": "example.org", "sex": "female"}, None),
    (Name(), {}, None),
    (Name(), {"second_surname": 0}, None),
    (Cep(), {"formatted": True}, None),
    (Cep(), {"uf": "RR"}, lambda v: cep_in_uf(v, "RR")),
    (Address(), {}, None),
    (Url(), {}, None),
    (Ip(), {}, None),
    (MoneyBrl(), {}, None),
    (PixKey(), {"kind": "mixed"}, None),
    (PixKey(), {"kind": "random"}, None),
    (PixKey(), {"kind": "email"}, None),
]


@pytest.mark.parametrize(
    ("g", "raw", "valid"), UNIQUE_MORE, ids=[f"{g.id}{raw}" for g, raw, _ in UNIQUE_MORE]
)
def test_from_index_distinct_samples(
    g: Generator[Any], raw: dict[str, Any], valid: Callable[[str], bool] | None
) -> None:
    n = min(200_000, g.value_space(ctx(), g.parse_params(raw)) or 0)
    values = _distinct_sample(g, raw, n).to_pylist()
    if valid is not None:
        assert all(valid(v) for v in values[:20_000])


@pytest.mark.parametrize(
    ("g", "raw"),
    [
        (City(), {}),
        (City(), {"with_uf": True}),
        (City(), {"uf": "SP"}),
        (Uf(), {}),
        (Uf(), {"full_name": True}),
        (FirstName(), {}),
        (FirstName(), {"sex": "male"}),
        (LastName(), {}),
        (Neighborhood(), {}),
        (Street(), {}),
        (ProductName(), {}),
        (CompanyName(), {}),
        (CompanyName(), {"legal_suffix": False}),
        (MoneyBrl(), {"min": 1, "max": 2}),
        (Cep(), {"uf": "AP"}),
    ],
)
def test_from_index_exhausts_small_spaces(g: Generator[Any], raw: dict[str, Any]) -> None:
    p = g.parse_params(raw)
    space = g.value_space(ctx(), p)
    assert space is not None and space <= 1_000_000
    values = g.from_index(ctx(), p, np.arange(space, dtype=np.uint64))
    assert pc.count_distinct(values).as_py() == space


def test_uf_filter_value_space() -> None:
    g = Uf()
    p = g.parse_params({"uf": "BA", "full_name": True})
    assert g.value_space(ctx(), p) == 1
    assert g.from_index(ctx(), p, np.array([0], dtype=np.uint64)).to_pylist() == ["Bahia"]


def test_exact_value_spaces() -> None:
    c = ctx()

    def space(g: Generator[Any], raw: dict[str, Any] | None = None) -> int | None:
        return g.value_space(c, g.parse_params(raw))

    assert space(Cpf()) == 10**9 - 10
    assert space(Cpf(), {"uf": "MG"}) == 10**8 - 1
    assert space(Cnpj()) == 10**8
    assert space(Cnpj(), {"branch": "any"}) == 10**8 * 9999
    assert space(Cnpj(), {"alphanumeric": True}) == 36**8
    assert space(Pis()) == 2 * 10**9
    assert space(Cnh()) == 9 * 10**8 - 9
    assert space(Rg()) == 99_000_000
    assert space(Plate()) == 26**4 * 10**3
    assert space(Plate(), {"format": "old"}) == 26**3 * 10**4
    assert space(Ip()) == 254**4
    assert space(MoneyBrl(), {"min": "0.01", "max": "1.00"}) == 100
    assert space(Cep()) == 98_900 * 1000  # every CEP prefix of the 27 states
    assert (space(EmailSafe()) or 0) >= 10**8 and (
        space(EmailSafe(), {"domain": "a.example"}) or 0
    ) >= 10**7
    assert (space(Phone()) or 0) >= 10**8
    assert space(PixKey(), {"kind": "random"}) == 2**62
