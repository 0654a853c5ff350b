"""Shared by the semantic.br.* tests: contexts, independent check-digit implementations (written
from the published rules, not the modules), independent tables of states and DDDs."""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from typing import Any

import numpy as np

from datalchemy.generators.base import GenContext, Generator
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

EMAIL = re.compile(r"[a-z]+\.[a-z]+\d*@[a-z0-9.-]+\.[a-z]{2,}")
PHONE_PATTERNS = {
    ("e164", "mobile"): r"\+55\d{2}9[5-9]\d{7}",
    ("e164", "landline"): r"\+55\d{2}[2-5]\d{7}",
    ("national", "mobile"): r"\(\d{2}\) 9[5-9]\d{3}-\d{4}",
    ("national", "landline"): r"\(\d{2}\) [2-5]\d{3}-\d{4}",
    ("digits", "mobile"): r"\d{2}9[5-9]\d{7}",
    ("digits", "landline"): r"\d{2}[2-5]\d{7}",
}

N = 100_000
ROWS = np.arange(N, dtype=np.int64)


def ctx(seed: int = 11, table: str = "crm.clientes", column: str = "c") -> GenContext:
    return GenContext.for_column(seed=seed, table=table, column=column)


def gen(
    g: Generator[Any], raw: dict[str, Any] | None = None, rows: Any = ROWS, **kw: Any
) -> list[Any]:
    return g.generate(ctx(**kw), g.parse_params(raw or {}), rows).to_pylist()


# Independent check-digit implementations (written from the published rules, not the module)


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


def strip(s: str) -> str:
    return re.sub(r"[.\-/]", "", s)


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


def ddd_of(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[2:4] if phone.startswith("+") else digits[:2]


def cep_in_uf(cep: str, uf: str) -> bool:
    prefix = int(cep.replace("-", "")[:5])
    return any(lo <= prefix <= hi for lo, hi in UF_CEP[uf])


def asset_rows(name: str) -> list[list[str]]:
    text = (resources.files("datalchemy.generators.assets") / "pt_BR" / name).read_text(
        encoding="utf-8"
    )
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def asset_column(name: str) -> list[str]:
    return [r[0] for r in asset_rows(name)]


CITY_DDD = {(r[0], r[1]): r[4] for r in asset_rows("cities.tsv")}


def fold(s: str) -> str:
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if c.isascii() and c.isalpha()).lower()


ALL: list[tuple[Generator[Any], dict[str, Any]]] = [
    (Name(), {}),
    (Name(), {"group": "p", "sex": "female"}),
    (EmailSafe(), {}),
    (EmailSafe(), {"group": "p"}),
    (Phone(), {"kind": "any", "format": "national"}),
    (Cpf(), {"formatted": True}),
    (Cnpj(), {"alphanumeric": True, "branch": "any"}),
    (Rg(), {}),
    (Cep(), {"group": "a"}),
    (Uf(), {}),
    (City(), {}),
    (Address(), {"parts": ["street", "number", "complement", "neighborhood", "city", "cep"]}),
    (MoneyBrl(), {}),
    (Ip(), {}),
    (Url(), {}),
    (CompanyName(), {}),
    (ProductName(), {}),
    (Pis(), {}),
    (Cnh(), {}),
    (Renavam(), {}),
    (Plate(), {"format": "any"}),
    (PixKey(), {}),
    (FirstName(), {}),
    (LastName(), {}),
    (Neighborhood(), {}),
    (Street(), {}),
]
IDS = [f"{g.id}{p or ''}" for g, p in ALL]
