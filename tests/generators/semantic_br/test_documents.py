"""CPF, CNPJ, PIS, CNH, RENAVAM, RG and plates: valid check digits over 100k values."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from datalchemy.generators.semantic_br.documents import Cnh, Cnpj, Cpf, Pis, Rg
from datalchemy.generators.semantic_br.vehicles import Plate, Renavam

from .helpers import (
    ROWS,
    N,
    cnh_ok,
    cnh_ok_plain,
    cnpj_ok,
    cpf_ok,
    gen,
    pis_ok,
    renavam_ok,
    rg_ok,
    strip,
)


def test_independent_checkers_accept_published_examples() -> None:
    assert cpf_ok("52998224725") and not cpf_ok("52998224724") and not cpf_ok("11111111111")
    assert cnpj_ok("11444777000161") and not cnpj_ok("11444777000162")
    assert cnpj_ok("12ABC34501DE35")  # Receita Federal's alphanumeric example
    assert renavam_ok("86769597308") and renavam_ok("35298206229")
    assert rg_ok("030214154")  # RG 3.021.415 has check digit 4


# Validity of 100k values


@pytest.mark.parametrize("formatted", [False, True])
@pytest.mark.parametrize("uf", [None, "SP", "RS"])
def test_cpf_valid(formatted: bool, uf: str | None) -> None:
    values = gen(Cpf(), {"formatted": formatted, "uf": uf})
    pattern = r"\d{3}\.\d{3}\.\d{3}-\d{2}" if formatted else r"\d{11}"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(cpf_ok(strip(v)) for v in values)
    if uf is not None:
        region = {"SP": "8", "RS": "0"}[uf]
        assert {strip(v)[8] for v in values} == {region}
    assert len(set(values)) > N * 0.99


@pytest.mark.parametrize("alphanumeric", [False, True])
@pytest.mark.parametrize("formatted", [False, True])
@pytest.mark.parametrize("branch", ["headquarters", "any"])
def test_cnpj_valid(alphanumeric: bool, formatted: bool, branch: str) -> None:
    raw = {"alphanumeric": alphanumeric, "formatted": formatted, "branch": branch}
    values = gen(Cnpj(), raw)
    c = "[0-9A-Z]" if alphanumeric else r"\d"
    pattern = rf"{c}{{2}}\.{c}{{3}}\.{c}{{3}}/\d{{4}}-\d{{2}}" if formatted else rf"{c}{{8}}\d{{6}}"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(cnpj_ok(strip(v)) for v in values)
    branches = Counter(strip(v)[8:12] for v in values)
    if branch == "headquarters":
        assert set(branches) == {"0001"}
    else:
        assert 0.7 < branches["0001"] / N < 0.9 and len(branches) > 10
    if alphanumeric:
        assert any(re.search("[A-Z]", v) for v in values)


@pytest.mark.parametrize("formatted", [False, True])
def test_pis_valid(formatted: bool) -> None:
    values = gen(Pis(), {"formatted": formatted})
    pattern = r"[12]\d{2}\.\d{5}\.\d{2}-\d" if formatted else r"[12]\d{10}"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(pis_ok(strip(v)) for v in values)


def test_cnh_valid_under_both_common_rules() -> None:
    values = gen(Cnh())
    assert all(re.fullmatch(r"\d{11}", v) for v in values)
    assert all(cnh_ok(v) and cnh_ok_plain(v) for v in values)


def test_renavam_valid() -> None:
    values = gen(Renavam())
    assert all(re.fullmatch(r"\d{11}", v) and renavam_ok(v) for v in values)


@pytest.mark.parametrize("formatted", [False, True])
def test_rg_valid(formatted: bool) -> None:
    values = gen(Rg(), {"formatted": formatted})
    pattern = r"\d{2}\.\d{3}\.\d{3}-[\dX]" if formatted else r"\d{8}[\dX]"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(rg_ok(strip(v)) for v in values)
    assert any(v.endswith("X") for v in values)


@pytest.mark.parametrize(
    ("fmt", "pattern"),
    [
        ("mercosul", r"[A-Z]{3}\d[A-Z]\d{2}"),
        ("old", r"[A-Z]{3}-\d{4}"),
        ("any", r"[A-Z]{3}\d[A-Z]\d{2}|[A-Z]{3}-\d{4}"),
    ],
)
def test_plate_formats(fmt: str, pattern: str) -> None:
    values = gen(Plate(), {"format": fmt})
    assert all(re.fullmatch(pattern, v) for v in values)
    if fmt == "any":
        kinds = Counter("-" in v for v in values)
        assert kinds[True] > N * 0.2 and kinds[False] > N * 0.6
    raw = gen(Plate(), {"format": "old", "formatted": False}, rows=ROWS[:1000])
    assert all(re.fullmatch(r"[A-Z]{3}\d{4}", v) for v in raw)


EMAIL = re.compile(r"[a-z]+\.[a-z]+\d*@[a-z0-9.-]+\.[a-z]{2,}")
