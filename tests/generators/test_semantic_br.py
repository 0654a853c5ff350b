"""semantic.br.*: validity (check digits by independent implementations), row agreement under a
group, formats, determinism, uniqueness by construction, params and assets.

The module is imported directly (the registry imports every family module, some of which other
people are still writing).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import FeistelPermutation, derive_key
from datalchemy.generators import registry
from datalchemy.generators import semantic_br as br
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, ParamError

N = 100_000
ROWS = np.arange(N, dtype=np.int64)


def ctx(seed: int = 11, table: str = "crm.clientes", column: str = "c") -> GenContext:
    return GenContext.for_column(seed=seed, table=table, column=column)


def gen(
    g: Generator[Any], raw: dict[str, Any] | None = None, rows: Any = ROWS, **kw: Any
) -> list[Any]:
    return g.generate(ctx(**kw), g.parse_params(raw or {}), rows).to_pylist()


# ---------------------------------------------------------------------------------------------
# Independent check-digit implementations (written from the published rules, not the module)
# ---------------------------------------------------------------------------------------------


def _dv11(values: list[int], weights: list[int]) -> int:
    r = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if r < 2 else 11 - r


def cpf_ok(s: str) -> bool:
    d = [int(c) for c in s]
    if len(d) != 11 or len(set(d)) == 1:
        return False
    return d[9] == _dv11(d[:9], list(range(10, 1, -1))) and d[10] == _dv11(
        d[:10], list(range(11, 1, -1))
    )


def cnpj_ok(s: str) -> bool:
    """Numeric and alphanumeric CNPJ: character value = ASCII - 48, numeric check digits."""
    if not re.fullmatch(r"[0-9A-Z]{12}[0-9]{2}", s):
        return False
    v = [ord(c) - 48 for c in s]
    w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    w2 = [6, *w1]
    return v[12] == _dv11(v[:12], w1) and v[13] == _dv11(v[:13], w2)


def pis_ok(s: str) -> bool:
    d = [int(c) for c in s]
    r = sum(x * w for x, w in zip(d[:10], [3, 2, 9, 8, 7, 6, 5, 4, 3, 2], strict=True)) % 11
    dv = 11 - r
    return len(d) == 11 and d[10] == (0 if dv >= 10 else dv)


def cnh_ok(s: str) -> bool:
    """DETRAN rule with the 'dsc' adjustment (the variant validated against real CNHs)."""
    d = [int(c) for c in s]
    if len(d) != 11 or len(set(d)) == 1:
        return False
    v = sum(d[i] * (9 - i) for i in range(9))
    dv1, dsc = v % 11, 0
    if dv1 >= 10:
        dv1, dsc = 0, 2
    x = sum(d[i] * (i + 1) for i in range(9)) % 11
    dv2 = 0 if x >= 10 else x - dsc
    return d[9] == dv1 and d[10] == dv2


def cnh_ok_plain(s: str) -> bool:
    """The other common variant (no adjustment): our values must pass both."""
    d = [int(c) for c in s]
    dv1 = sum(d[i] * (9 - i) for i in range(9)) % 11
    dv2 = sum(d[i] * (i + 1) for i in range(9)) % 11
    return d[9] == (0 if dv1 >= 10 else dv1) and d[10] == (0 if dv2 >= 10 else dv2)


def renavam_ok(s: str) -> bool:
    """Reverse the first 10 digits, weights 2..9,2,3; dv = 11 - sum % 11 (10, 11 -> 0)."""
    d = [int(c) for c in s]
    rev = d[:10][::-1]
    total = sum(x * w for x, w in zip(rev, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3], strict=True))
    dv = 11 - total % 11
    return len(d) == 11 and d[10] == (0 if dv >= 10 else dv)


def rg_ok(s: str) -> bool:
    """SP RG: sum(d_i * (2..9)) + 100 * dv must be divisible by 11; dv 10 is written X."""
    if not re.fullmatch(r"[0-9]{8}[0-9X]", s):
        return False
    dv = 10 if s[8] == "X" else int(s[8])
    total = sum(int(c) * w for c, w in zip(s[:8], range(2, 10), strict=True))
    return (total + 100 * dv) % 11 == 0


def test_independent_checkers_accept_published_examples() -> None:
    assert cpf_ok("52998224725") and not cpf_ok("52998224724") and not cpf_ok("11111111111")
    assert cnpj_ok("11444777000161") and not cnpj_ok("11444777000162")
    assert cnpj_ok("12ABC34501DE35")  # Receita Federal's alphanumeric example
    assert renavam_ok("86769597308") and renavam_ok("35298206229")
    assert rg_ok("030214154")  # RG 3.021.415 has check digit 4


# ---------------------------------------------------------------------------------------------
# Validity of 100k values
# ---------------------------------------------------------------------------------------------


def _strip(s: str) -> str:
    return re.sub(r"[.\-/]", "", s)


@pytest.mark.parametrize("formatted", [False, True])
@pytest.mark.parametrize("uf", [None, "SP", "RS"])
def test_cpf_valid(formatted: bool, uf: str | None) -> None:
    values = gen(br.Cpf(), {"formatted": formatted, "uf": uf})
    pattern = r"\d{3}\.\d{3}\.\d{3}-\d{2}" if formatted else r"\d{11}"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(cpf_ok(_strip(v)) for v in values)
    if uf is not None:
        region = {"SP": "8", "RS": "0"}[uf]
        assert {_strip(v)[8] for v in values} == {region}
    assert len(set(values)) > N * 0.99


@pytest.mark.parametrize("alphanumeric", [False, True])
@pytest.mark.parametrize("formatted", [False, True])
@pytest.mark.parametrize("branch", ["headquarters", "any"])
def test_cnpj_valid(alphanumeric: bool, formatted: bool, branch: str) -> None:
    raw = {"alphanumeric": alphanumeric, "formatted": formatted, "branch": branch}
    values = gen(br.Cnpj(), raw)
    c = "[0-9A-Z]" if alphanumeric else r"\d"
    pattern = rf"{c}{{2}}\.{c}{{3}}\.{c}{{3}}/\d{{4}}-\d{{2}}" if formatted else rf"{c}{{8}}\d{{6}}"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(cnpj_ok(_strip(v)) for v in values)
    branches = Counter(_strip(v)[8:12] for v in values)
    if branch == "headquarters":
        assert set(branches) == {"0001"}
    else:
        assert 0.7 < branches["0001"] / N < 0.9 and len(branches) > 10
    if alphanumeric:
        assert any(re.search("[A-Z]", v) for v in values)


@pytest.mark.parametrize("formatted", [False, True])
def test_pis_valid(formatted: bool) -> None:
    values = gen(br.Pis(), {"formatted": formatted})
    pattern = r"[12]\d{2}\.\d{5}\.\d{2}-\d" if formatted else r"[12]\d{10}"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(pis_ok(_strip(v)) for v in values)


def test_cnh_valid_under_both_common_rules() -> None:
    values = gen(br.Cnh())
    assert all(re.fullmatch(r"\d{11}", v) for v in values)
    assert all(cnh_ok(v) and cnh_ok_plain(v) for v in values)


def test_renavam_valid() -> None:
    values = gen(br.Renavam())
    assert all(re.fullmatch(r"\d{11}", v) and renavam_ok(v) for v in values)


@pytest.mark.parametrize("formatted", [False, True])
def test_rg_valid(formatted: bool) -> None:
    values = gen(br.Rg(), {"formatted": formatted})
    pattern = r"\d{2}\.\d{3}\.\d{3}-[\dX]" if formatted else r"\d{8}[\dX]"
    assert all(re.fullmatch(pattern, v) for v in values)
    assert all(rg_ok(_strip(v)) for v in values)
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
    values = gen(br.Plate(), {"format": fmt})
    assert all(re.fullmatch(pattern, v) for v in values)
    if fmt == "any":
        kinds = Counter("-" in v for v in values)
        assert kinds[True] > N * 0.2 and kinds[False] > N * 0.6
    raw = gen(br.Plate(), {"format": "old", "formatted": False}, rows=ROWS[:1000])
    assert all(re.fullmatch(r"[A-Z]{3}\d{4}", v) for v in raw)


EMAIL = re.compile(r"[a-z]+\.[a-z]+\d*@[a-z0-9.-]+\.[a-z]{2,}")


def test_email_valid_ascii_and_safe_domains() -> None:
    values = gen(br.EmailSafe())
    assert all(v.isascii() and EMAIL.fullmatch(v) for v in values)
    domains = Counter(v.split("@")[1] for v in values)
    assert set(domains) <= {
        "example.com",
        "exemplo.example",
        "example.net",
        "example.org",
        "mail.example.com",
        "correio.example",
    }
    assert all(d == "exemplo.example" for d in domains) is False
    fixed = gen(br.EmailSafe(), {"domain": "empresa.example"}, rows=ROWS[:1000])
    assert all(v.endswith("@empresa.example") for v in fixed)
    # Realistic: popular names dominate, about half carry a number.
    firsts = Counter(v.split(".")[0] for v in values)
    assert firsts.most_common(1)[0][0] == "maria"
    assert 0.4 < sum(v.split("@")[0][-1].isdigit() for v in values) / N < 0.7


PHONE_PATTERNS = {
    ("e164", "mobile"): r"\+55\d{2}9[5-9]\d{7}",
    ("e164", "landline"): r"\+55\d{2}[2-5]\d{7}",
    ("national", "mobile"): r"\(\d{2}\) 9[5-9]\d{3}-\d{4}",
    ("national", "landline"): r"\(\d{2}\) [2-5]\d{3}-\d{4}",
    ("digits", "mobile"): r"\d{2}9[5-9]\d{7}",
    ("digits", "landline"): r"\d{2}[2-5]\d{7}",
}


@pytest.mark.parametrize("fmt", ["e164", "national", "digits"])
@pytest.mark.parametrize("kind", ["mobile", "landline", "any"])
def test_phone_formats(fmt: str, kind: str) -> None:
    values = gen(br.Phone(), {"format": fmt, "kind": kind})
    kinds = ["mobile", "landline"] if kind == "any" else [kind]
    pattern = re.compile("|".join(PHONE_PATTERNS[(fmt, k)] for k in kinds))
    assert all(pattern.fullmatch(v) for v in values)
    if kind == "any":
        mobile = sum(bool(re.fullmatch(PHONE_PATTERNS[(fmt, "mobile")], v)) for v in values)
        assert 0.75 < mobile / N < 0.85
    ddds = {_ddd(v) for v in values}
    assert ddds <= ALL_DDDS and len(ddds) > 50


def test_phone_ddd_weighted_by_population() -> None:
    ddds = Counter(_ddd(v) for v in gen(br.Phone()))
    assert ddds.most_common(1)[0][0] == "11"
    assert 0.1 < ddds["11"] / N < 0.25


def test_money_brl_decimal_in_range() -> None:
    g = br.MoneyBrl()
    arr = g.generate(ctx(), g.parse_params({"min": 0.5, "max": "99.99"}), ROWS)
    assert arr.type == pa.decimal128(38, 2)
    values = arr.to_pylist()
    assert min(values) >= Decimal("0.50") and max(values) <= Decimal("99.99")
    assert min(values) < Decimal("1") and max(values) > Decimal("99")
    default = g.generate(ctx(), g.parse_params(None), ROWS[:1000]).to_pylist()
    assert all(Decimal("10") <= v <= Decimal("10000") for v in default)


def test_ip_url_company_product_formats() -> None:
    for ip in gen(br.Ip(), rows=ROWS[:20_000]):
        octets = [int(o) for o in ip.split(".")]
        assert len(octets) == 4 and all(1 <= o <= 254 for o in octets)
    url = re.compile(
        r"https://www\.(exemplo\.example|example\.(com|org|net))/[a-z]+/[a-z0-9-]+-\d{1,4}"
    )
    assert all(url.fullmatch(u) for u in gen(br.Url(), rows=ROWS[:20_000]))
    assert all(
        u.startswith("https://www.loja.example/")
        for u in gen(br.Url(), {"domain": "loja.example"}, rows=ROWS[:100])
    )
    legal = (" Ltda", " S.A.", " ME", " EPP", " EIRELI")
    companies = gen(br.CompanyName(), rows=ROWS[:20_000])
    assert all(c.endswith(legal) for c in companies)
    bare = gen(br.CompanyName(), {"legal_suffix": False}, rows=ROWS[:1000])
    assert not any(c.endswith(legal) for c in bare)
    products = set(_asset_column("products.tsv"))
    assert set(gen(br.ProductName(), rows=ROWS[:20_000])) <= products


@pytest.mark.parametrize("kind", ["cpf", "cnpj", "email", "phone", "random", "mixed"])
def test_pix_keys(kind: str) -> None:
    values = gen(br.PixKey(), {"kind": kind}, rows=ROWS[:50_000])
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


# ---------------------------------------------------------------------------------------------
# Places: CEP - UF - DDD agreement
# ---------------------------------------------------------------------------------------------

# Independent tables (Correios CEP ranges by state, Anatel DDDs by state; GO includes the
# federal-district surroundings on 61).
UF_CEP = {
    "AC": [(69900, 69999)], "AL": [(57000, 57999)], "AM": [(69000, 69299), (69400, 69899)],
    "AP": [(68900, 68999)], "BA": [(40000, 48999)], "CE": [(60000, 63999)],
    "DF": [(70000, 72799), (73000, 73699)], "ES": [(29000, 29999)],
    "GO": [(72800, 72999), (73700, 76799)], "MA": [(65000, 65999)], "MG": [(30000, 39999)],
    "MS": [(79000, 79999)], "MT": [(78000, 78899)], "PA": [(66000, 68899)],
    "PB": [(58000, 58999)], "PE": [(50000, 56999)], "PI": [(64000, 64999)],
    "PR": [(80000, 87999)], "RJ": [(20000, 28999)], "RN": [(59000, 59999)],
    "RO": [(76800, 76999)], "RR": [(69300, 69399)], "RS": [(90000, 99999)],
    "SC": [(88000, 89999)], "SE": [(49000, 49999)], "SP": [(1000, 19999)], "TO": [(77000, 77999)],
}  # fmt: skip
UF_DDD = {
    "AC": "68", "AL": "82", "AM": "92 97", "AP": "96", "BA": "71 73 74 75 77", "CE": "85 88",
    "DF": "61", "ES": "27 28", "GO": "61 62 64", "MA": "98 99", "MG": "31 32 33 34 35 37 38",
    "MS": "67", "MT": "65 66", "PA": "91 93 94", "PB": "83", "PE": "81 87", "PI": "86 89",
    "PR": "41 42 43 44 45 46", "RJ": "21 22 24", "RN": "84", "RO": "69", "RR": "95",
    "RS": "51 53 54 55", "SC": "47 48 49", "SE": "79", "SP": "11 12 13 14 15 16 17 18 19",
    "TO": "63",
}  # fmt: skip
ALL_DDDS = {d for v in UF_DDD.values() for d in v.split()}
CAPITALS = {
    "AC": "Rio Branco", "AL": "Maceió", "AM": "Manaus", "AP": "Macapá", "BA": "Salvador",
    "CE": "Fortaleza", "DF": "Brasília", "ES": "Vitória", "GO": "Goiânia", "MA": "São Luís",
    "MG": "Belo Horizonte", "MS": "Campo Grande", "MT": "Cuiabá", "PA": "Belém",
    "PB": "João Pessoa", "PE": "Recife", "PI": "Teresina", "PR": "Curitiba",
    "RJ": "Rio de Janeiro", "RN": "Natal", "RO": "Porto Velho", "RR": "Boa Vista",
    "RS": "Porto Alegre", "SC": "Florianópolis", "SE": "Aracaju", "SP": "São Paulo",
    "TO": "Palmas",
}  # fmt: skip


def _ddd(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[2:4] if phone.startswith("+") else digits[:2]


def _cep_in_uf(cep: str, uf: str) -> bool:
    prefix = int(cep.replace("-", "")[:5])
    return any(lo <= prefix <= hi for lo, hi in UF_CEP[uf])


def _asset_rows(name: str) -> list[list[str]]:
    text = (resources.files("datalchemy.generators") / "assets" / "pt_BR" / name).read_text(
        encoding="utf-8"
    )
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _asset_column(name: str) -> list[str]:
    return [r[0] for r in _asset_rows(name)]


CITY_DDD = {(r[0], r[1]): r[4] for r in _asset_rows("cities.tsv")}


def test_group_agreement_city_uf_cep_phone_address() -> None:
    group = {"group": "endereco"}
    kw = {"seed": 5, "table": "crm.clientes"}
    city = gen(br.City(), {**group, "with_uf": True}, column="cidade", **kw)
    uf = gen(br.Uf(), group, column="uf", **kw)
    cep = gen(br.Cep(), {**group, "formatted": True}, column="cep", **kw)
    phone = gen(br.Phone(), {**group, "format": "national", "kind": "any"}, column="tel", **kw)
    address = gen(
        br.Address(),
        {**group, "parts": ["street", "number", "city", "uf", "cep"]},
        column="endereco",
        **kw,
    )
    for c, u, z, p, a in zip(city, uf, cep, phone, address, strict=True):
        name, city_uf = c.rsplit(" - ", 1)
        assert city_uf == u
        assert re.fullmatch(r"\d{5}-\d{3}", z) and _cep_in_uf(z, u)
        assert _ddd(p) == CITY_DDD[(name, u)] and _ddd(p) in UF_DDD[u].split()
        assert a.endswith(f", {name} - {u}, CEP " + a[-9:]) and _cep_in_uf(a[-9:], u)
    # CEPs of one city stay within that city's prefixes (the same city never spans two blocks).
    places = br._places()
    pos = {(n, br.UF_CODES[places.uf_of_city[i]]): i for i, n in enumerate(places.city_names)}
    for c, z in zip(city[:5000], cep[:5000], strict=True):
        name, u = c.rsplit(" - ", 1)
        i = pos[(name, u)]
        own = places.cep_prefix[places.cep_first[i] : places.cep_first[i] + places.cep_count[i]]
        assert int(z[:5]) in own
    # Without the group, columns draw independently.
    alone = gen(br.Uf(), {}, column="uf", **kw)
    assert sum(a != b for a, b in zip(alone, uf, strict=True)) > N * 0.5
    # Population weighting: São Paulo is the most frequent city.
    assert Counter(city).most_common(1)[0][0] == "São Paulo - SP"


def test_group_agreement_with_uf_filter() -> None:
    kw = {"seed": 3, "table": "t.t"}
    raw = {"group": "g", "uf": "MG"}
    city = gen(br.City(), raw, column="a", **kw)
    cep = gen(br.Cep(), raw, column="b", **kw)
    phone = gen(br.Phone(), {**raw, "format": "digits"}, column="c", **kw)
    uf = gen(br.Uf(), raw, column="d", **kw)
    assert set(uf) == {"MG"}
    assert all(_cep_in_uf(z, "MG") for z in cep)
    assert all(CITY_DDD[(c, "MG")] == _ddd(p) for c, p in zip(city, phone, strict=True))


def test_group_stream_ignores_column_generator_and_params() -> None:
    a = br.group_stream(ctx(column="x"), "g").words(ROWS[:10])
    b = br.group_stream(ctx(column="y"), "g").words(ROWS[:10])
    c = br.group_stream(ctx(column="x"), "h").words(ROWS[:10])
    d = br.group_stream(ctx(column="x", table="other.t"), "g").words(ROWS[:10])
    assert (a == b).all() and not (a == c).any() and not (a == d).any()


@pytest.mark.parametrize("uf", ["SP", "AC", "DF", "GO", "AM"])
def test_uf_filters(uf: str) -> None:
    rows = ROWS[:20_000]
    assert all(_cep_in_uf(z, uf) for z in gen(br.Cep(), {"uf": uf}, rows=rows))
    assert {_ddd(p) for p in gen(br.Phone(), {"uf": uf}, rows=rows)} <= set(UF_DDD[uf].split())
    cities = set(gen(br.City(), {"uf": uf, "with_uf": True}, rows=rows))
    assert {c.rsplit(" - ", 1)[1] for c in cities} == {uf}


def _fold(s: str) -> str:
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if c.isascii() and c.isalpha()).lower()


@pytest.mark.parametrize("sex", ["any", "female", "male"])
def test_person_group_email_from_name(sex: str) -> None:
    kw = {"seed": 9, "table": "crm.pessoas"}
    raw = {"group": "pessoa", "sex": sex}
    names = gen(br.Name(), {**raw, "second_surname": 0.5}, column="nome", **kw)
    emails = gen(br.EmailSafe(), raw, column="email", **kw)
    firsts = set(_asset_column("first_names_female.tsv")) | set(
        _asset_column("first_names_male.tsv")
    )
    by_token: dict[str, set[str]] = {}
    for f in firsts:
        by_token.setdefault(_fold(f), set()).add(f)
    for name, email in zip(names[:20_000], emails[:20_000], strict=True):
        first_token, rest = email.split("@")[0].split(".")
        surname_token = rest.rstrip("0123456789")
        assert _fold(name.split(" ")[-1]) == surname_token
        assert _fold(name).startswith(first_token)
        assert any(name.startswith(f + " ") for f in by_token[first_token])
    if sex != "any":
        pool = set(_asset_column(f"first_names_{sex}.tsv"))
        assert all(any(n.startswith(f + " ") for f in pool) for n in names[:2000])


def test_names_realistic() -> None:
    names = gen(br.Name())
    words = Counter(w for n in names for w in n.split())
    assert words["Silva"] > words["Santos"] > words["Tanaka"]
    assert Counter(n.split()[0] for n in names).most_common(1)[0][0] in {"Maria", "José"}
    particles = sum(" da Silva" in n or " dos Santos" in n for n in names)
    assert 0.01 < particles / N < 0.1
    plain = gen(br.Name(), {"second_surname": 0, "particles": False}, rows=ROWS[:5000])
    surnames = set(_asset_column("surnames.tsv"))
    assert all(n.split()[-1] in surnames for n in plain)
    fem = gen(br.FirstName(), {"sex": "female"}, rows=ROWS[:5000])
    assert set(fem) <= set(_asset_column("first_names_female.tsv"))
    assert set(gen(br.LastName(), rows=ROWS[:5000])) <= surnames


def test_address_shapes() -> None:
    values = gen(br.Address(), rows=ROWS[:20_000])
    shape = re.compile(r"[^,]+, (\d+|s/n)(, [^-]+)? - .+")
    assert all(shape.fullmatch(v) for v in values)
    with_comp = sum(v.count(",") == 2 for v in values)
    assert 0.25 < with_comp / 20_000 < 0.35
    numbers = [int(n) for v in values if (n := v.split(", ")[1].split(" ")[0]).isdigit()]
    assert 100 < float(np.median(numbers)) < 500
    types = Counter(v.split(" ")[0] for v in values)
    assert types.most_common(1)[0][0] == "Rua" and "Avenida" in types
    bare = gen(br.Address(), {"parts": ["street"]}, rows=ROWS[:100])
    assert all("," not in v for v in bare)


# ---------------------------------------------------------------------------------------------
# Determinism, for every generator
# ---------------------------------------------------------------------------------------------

ALL: list[tuple[Generator[Any], dict[str, Any]]] = [
    (br.Name(), {}),
    (br.Name(), {"group": "p", "sex": "female"}),
    (br.EmailSafe(), {}),
    (br.EmailSafe(), {"group": "p"}),
    (br.Phone(), {"kind": "any", "format": "national"}),
    (br.Cpf(), {"formatted": True}),
    (br.Cnpj(), {"alphanumeric": True, "branch": "any"}),
    (br.Rg(), {}),
    (br.Cep(), {"group": "a"}),
    (br.Uf(), {}),
    (br.City(), {}),
    (br.Address(), {"parts": ["street", "number", "complement", "neighborhood", "city", "cep"]}),
    (br.MoneyBrl(), {}),
    (br.Ip(), {}),
    (br.Url(), {}),
    (br.CompanyName(), {}),
    (br.ProductName(), {}),
    (br.Pis(), {}),
    (br.Cnh(), {}),
    (br.Renavam(), {}),
    (br.Plate(), {"format": "any"}),
    (br.PixKey(), {}),
    (br.FirstName(), {}),
    (br.LastName(), {}),
    (br.Neighborhood(), {}),
    (br.Street(), {}),
]
IDS = [f"{g.id}{p or ''}" for g, p in ALL]


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


# ---------------------------------------------------------------------------------------------
# Unique by construction
# ---------------------------------------------------------------------------------------------


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
    (br.Cpf(), {}, cpf_ok),
    (br.Cnpj(), {}, cnpj_ok),
    (br.EmailSafe(), {}, lambda v: bool(EMAIL.fullmatch(v))),
    (br.Phone(), {}, lambda v: bool(re.fullmatch(PHONE_PATTERNS[("e164", "mobile")], v))),
    (br.Plate(), {}, lambda v: bool(re.fullmatch(r"[A-Z]{3}\d[A-Z]\d{2}", v))),
    (br.Rg(), {}, rg_ok),
]


@pytest.mark.parametrize(("g", "raw", "valid"), UNIQUE_1M, ids=[g.id for g, _, _ in UNIQUE_1M])
def test_from_index_distinct_1m(
    g: Generator[Any], raw: dict[str, Any], valid: Callable[[str], bool]
) -> None:
    values = _distinct_sample(g, raw, 1_000_000)
    assert all(valid(v) for v in values.slice(0, 20_000).to_pylist())


UNIQUE_MORE: list[tuple[Generator[Any], dict[str, Any], Callable[[str], bool] | None]] = [
    (br.Cpf(), {"uf": "SP", "formatted": True}, lambda v: cpf_ok(_strip(v)) and v[10] == "8"),
    (
        br.Cnpj(),
        {"alphanumeric": True, "branch": "any", "formatted": True},
        lambda v: cnpj_ok(_strip(v)),
    ),
    (br.Cnpj(), {"branch": "any"}, cnpj_ok),
    (br.Pis(), {}, pis_ok),
    (br.Cnh(), {}, lambda v: cnh_ok(v) and cnh_ok_plain(v)),
    (br.Renavam(), {}, renavam_ok),
    (br.Rg(), {"formatted": True}, lambda v: rg_ok(_strip(v))),
    (br.Plate(), {"format": "any"}, None),
    (br.Plate(), {"format": "old"}, lambda v: bool(re.fullmatch(r"[A-Z]{3}-\d{4}", v))),
    (br.Phone(), {"kind": "any", "format": "national"}, None),
    (br.Phone(), {"kind": "landline", "uf": "RJ"}, lambda v: _ddd(v) in {"21", "22", "24"}),
    (br.EmailSafe(), {"domain": "example.org", "sex": "female"}, None),
    (br.Name(), {}, None),
    (br.Name(), {"second_surname": 0}, None),
    (br.Cep(), {"formatted": True}, None),
    (br.Cep(), {"uf": "RR"}, lambda v: _cep_in_uf(v, "RR")),
    (br.Address(), {}, None),
    (br.Url(), {}, None),
    (br.Ip(), {}, None),
    (br.MoneyBrl(), {}, None),
    (br.PixKey(), {"kind": "mixed"}, None),
    (br.PixKey(), {"kind": "random"}, None),
    (br.PixKey(), {"kind": "email"}, None),
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
        (br.City(), {}),
        (br.City(), {"with_uf": True}),
        (br.City(), {"uf": "SP"}),
        (br.Uf(), {}),
        (br.Uf(), {"full_name": True}),
        (br.FirstName(), {}),
        (br.FirstName(), {"sex": "male"}),
        (br.LastName(), {}),
        (br.Neighborhood(), {}),
        (br.Street(), {}),
        (br.ProductName(), {}),
        (br.CompanyName(), {}),
        (br.CompanyName(), {"legal_suffix": False}),
        (br.MoneyBrl(), {"min": 1, "max": 2}),
        (br.Cep(), {"uf": "AP"}),
    ],
)
def test_from_index_exhausts_small_spaces(g: Generator[Any], raw: dict[str, Any]) -> None:
    p = g.parse_params(raw)
    space = g.value_space(ctx(), p)
    assert space is not None and space <= 1_000_000
    values = g.from_index(ctx(), p, np.arange(space, dtype=np.uint64))
    assert pc.count_distinct(values).as_py() == space


def test_uf_filter_value_space() -> None:
    g = br.Uf()
    p = g.parse_params({"uf": "BA", "full_name": True})
    assert g.value_space(ctx(), p) == 1
    assert g.from_index(ctx(), p, np.array([0], dtype=np.uint64)).to_pylist() == ["Bahia"]


def test_exact_value_spaces() -> None:
    c = ctx()

    def space(g: Generator[Any], raw: dict[str, Any] | None = None) -> int | None:
        return g.value_space(c, g.parse_params(raw))

    assert space(br.Cpf()) == 10**9 - 10
    assert space(br.Cpf(), {"uf": "MG"}) == 10**8 - 1
    assert space(br.Cnpj()) == 10**8
    assert space(br.Cnpj(), {"branch": "any"}) == 10**8 * 9999
    assert space(br.Cnpj(), {"alphanumeric": True}) == 36**8
    assert space(br.Pis()) == 2 * 10**9
    assert space(br.Cnh()) == 9 * 10**8 - 9
    assert space(br.Rg()) == 99_000_000
    assert space(br.Plate()) == 26**4 * 10**3
    assert space(br.Plate(), {"format": "old"}) == 26**3 * 10**4
    assert space(br.Ip()) == 254**4
    assert space(br.MoneyBrl(), {"min": "0.01", "max": "1.00"}) == 100
    assert space(br.Cep()) == 98_900 * 1000  # every CEP prefix of the 27 states
    assert (space(br.EmailSafe()) or 0) >= 10**8 and (
        space(br.EmailSafe(), {"domain": "a.example"}) or 0
    ) >= 10**7
    assert (space(br.Phone()) or 0) >= 10**8
    assert space(br.PixKey(), {"kind": "random"}) == 2**62


# ---------------------------------------------------------------------------------------------
# Params and column checks
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("g", "raw", "where"),
    [
        (br.Cpf(), {"formated": True}, "/formated"),
        (br.Cpf(), {"uf": "XX"}, "/uf"),
        (br.Name(), {"sex": "other"}, "/sex"),
        (br.Name(), {"second_surname": 1.5}, "/second_surname"),
        (br.Name(), {"group": ""}, "/group"),
        (br.EmailSafe(), {"domain": "Not A Domain"}, "/domain"),
        (br.EmailSafe(), {"domain": "localhost"}, "/domain"),
        (br.Phone(), {"format": "intl"}, "/format"),
        (br.Phone(), {"kind": "satellite"}, "/kind"),
        (br.Cnpj(), {"branch": "0002"}, "/branch"),
        (br.Plate(), {"format": "european"}, "/format"),
        (br.PixKey(), {"kind": "evp"}, "/kind"),
        (br.MoneyBrl(), {"min": 10, "max": 5}, "/"),
        (br.MoneyBrl(), {"min": "0.001", "max": "0.009"}, "/"),
        (br.Address(), {"parts": ["number", "city"]}, "/"),
        (br.Address(), {"parts": ["street", "street"]}, "/"),
        (br.Address(), {"parts": ["street", "planet"]}, "/parts/1"),
        (br.Address(), {"complement_rate": -0.1}, "/complement_rate"),
    ],
)
def test_param_errors(g: Generator[Any], raw: dict[str, Any], where: str) -> None:
    with pytest.raises(ParamError) as err:
        g.parse_params(raw)
    assert any(path == where for path, _ in err.value.problems), err.value.problems
    with pytest.raises(ParamError):
        g.parse_params([raw])


def test_check_reports_values_too_long() -> None:
    cpf = br.Cpf()
    formatted = cpf.parse_params({"formatted": True})
    issues = cpf.check(formatted, ColumnFacts(family=TypeFamily.TEXT, length=11))
    assert [i.severity for i in issues] == ["error"] and issues[0].code == "value_too_long"
    assert cpf.check(cpf.parse_params({}), ColumnFacts(family=TypeFamily.TEXT, length=11)) == []
    name = br.Name()
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


# ---------------------------------------------------------------------------------------------
# Catalog entries and assets
# ---------------------------------------------------------------------------------------------

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
    ids_file = Path(__file__).parents[1] / "data" / "original_generator_ids.txt"
    lines = ids_file.read_text(encoding="utf-8").splitlines()
    original_br = {ln.strip() for ln in lines if ln.startswith("semantic.br.")}
    assert len(original_br) == 15
    ours = {g.id for g, _ in ALL}
    assert ours == original_br | NEW_IDS
    for gid in ours:
        assert gid in registry._generators  # registered on import
    tags = {g.id: g.pii for g, _ in ALL}
    assert tags["semantic.br.cpf"] == {"pii.cpf"} and tags["semantic.br.city"] == {"pii.location"}
    assert tags["semantic.br.ip"] == {"pii.network"} and not tags["semantic.br.company.name"]
    assert all(g.summary and g.locales in (("pt_BR",), None) for g, _ in ALL)


def test_assets_sizes_and_consistency() -> None:
    female = _asset_rows("first_names_female.tsv")
    male = _asset_rows("first_names_male.tsv")
    surnames = _asset_rows("surnames.tsv")
    cities = _asset_rows("cities.tsv")
    assert len(female) >= 300 and len(male) >= 300 and len(surnames) >= 300
    assert female[0][0] == "Maria" and male[0][0] == "José" and surnames[0][0] == "Silva"
    assert len(cities) >= 300 and len(_asset_rows("streets.tsv")) >= 200
    assert len(_asset_column("neighborhoods.txt")) >= 150
    assert len(_asset_column("products.tsv")) >= 200
    assert all(
        d == "example" or ".example." in f".{d}." for d in _asset_column("email_domains.txt")
    )
    ufs = _asset_rows("ufs.tsv")
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
        rows = _asset_rows(tsv)
        assert rows == sorted(rows, key=lambda r: (-int(r[1]), r[0]))
        assert len({r[0] for r in rows}) == len(rows)


def test_guide_table_draw_equals_inverse_cdf() -> None:
    rng_rows = np.arange(300_000, dtype=np.int64)
    stream = ctx().stream("guide", None)
    weights = [
        [1.0],
        [1e-9, 1.0, 1e-9],
        np.r_[np.full(5000, 1e-6), 1.0],  # many categories inside one guide bucket
        br._places().population,
        br._people().weights,
    ]
    for w in weights:
        dist = br._cdf(w)
        expected = np.minimum(
            np.searchsorted(dist.cdf, stream.uniform(rng_rows), side="right"), len(dist.cdf) - 1
        )
        assert (br._pick(stream, rng_rows, dist) == expected).all()
