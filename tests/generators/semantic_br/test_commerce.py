"""Amounts, IP addresses, URLs, company and product names, PIX keys."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pyarrow as pa
import pytest

from datalchemy.generators.semantic_br.commerce import CompanyName, MoneyBrl, ProductName
from datalchemy.generators.semantic_br.internet import Ip, Url
from datalchemy.generators.semantic_br.pix import PixKey

from .helpers import (
    EMAIL,
    PHONE_PATTERNS,
    ROWS,
    asset_column,
    cnpj_ok,
    cpf_ok,
    ctx,
    gen,
)


def test_money_brl_decimal_in_range() -> None:
    g = MoneyBrl()
    arr = g.generate(ctx(), g.parse_params({"min": 0.5, "max": "99.99"}), ROWS)
    assert arr.type == pa.decimal128(38, 2)
    values = arr.to_pylist()
    assert min(values) >= Decimal("0.50") and max(values) <= Decimal("99.99")
    assert min(values) < Decimal("1") and max(values) > Decimal("99")
    default = g.generate(ctx(), g.parse_params(None), ROWS[:1000]).to_pylist()
    assert all(Decimal("10") <= v <= Decimal("10000") for v in default)


def test_ip_url_company_product_formats() -> None:
    for ip in gen(Ip(), rows=ROWS[:20_000]):
        octets = [int(o) for o in ip.split(".")]
        assert len(octets) == 4 and all(1 <= o <= 254 for o in octets)
    url = re.compile(
        r"https://www\.(exemplo\.example|example\.(com|org|net))/[a-z]+/[a-z0-9-]+-\d{1,4}"
    )
    assert all(url.fullmatch(u) for u in gen(Url(), rows=ROWS[:20_000]))
    assert all(
        u.startswith("https://www.loja.example/")
        for u in gen(Url(), {"domain": "loja.example"}, rows=ROWS[:100])
    )
    legal = (" Ltda", " S.A.", " ME", " EPP", " EIRELI")
    companies = gen(CompanyName(), rows=ROWS[:20_000])
    assert all(c.endswith(legal) for c in companies)
    bare = gen(CompanyName(), {"legal_suffix": False}, rows=ROWS[:1000])
    assert not any(c.endswith(legal) for c in bare)
    products = set(asset_column("products.tsv"))
    assert set(gen(ProductName(), rows=ROWS[:20_000])) <= products


@pytest.mark.parametrize("kind", ["cpf", "cnpj", "email", "phone", "random", "mixed"])
def test_pix_keys(kind: str) -> None:
    values = gen(PixKey(), {"kind": kind}, rows=ROWS[:50_000])
    uuid4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    checks: dict[str, Callable[[str], bool]] = {
        "cpf": lambda v: len(v) == 11 and cpf_ok(v),
        "cnpj": lambda v: len(v) == 14 and cnpj_ok(v),
        "email": lambda v: bool(EMAIL.fullmatch(v)),
        "phone": lambda v: bool(re.fullmatch(PHONE_PATTERNS[("e164", "mobile")], v)),
        "random": lambda v: bool(uuid4.fullmatch(v)),
    }

    def kind_of(v: str) -> str:
        matches = [k for k, ok in checks.items() if ok(v)]
        assert len(matches) == 1, v
        return matches[0]

    kinds = Counter(kind_of(v) for v in values)
    if kind == "mixed":
        assert set(kinds) == set(checks)
        assert 0.3 < kinds["cpf"] / 50_000 < 0.4 and 0.03 < kinds["cnpj"] / 50_000 < 0.07
    else:
        assert set(kinds) == {kind}
