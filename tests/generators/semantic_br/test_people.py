"""Names and e-mails: safe domains, realistic names, a group's e-mail from its name."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from datalchemy.generators import get_generator
from datalchemy.generators.base import GenContext
from datalchemy.generators.semantic_br.emails import EmailSafe
from datalchemy.generators.semantic_br.people import (
    FirstName,
    LastName,
    Name,
    name_parts_from_index,
)

from .helpers import (
    EMAIL,
    ROWS,
    N,
    asset_column,
    fold,
    gen,
)


def test_email_valid_ascii_and_safe_domains() -> None:
    values = gen(EmailSafe())
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
    fixed = gen(EmailSafe(), {"domain": "empresa.example"}, rows=ROWS[:1000])
    assert all(v.endswith("@empresa.example") for v in fixed)
    # Realistic: popular names dominate, about half carry a number.
    firsts = Counter(v.split(".")[0] for v in values)
    assert firsts.most_common(1)[0][0] == "maria"
    assert 0.4 < sum(v.split("@")[0][-1].isdigit() for v in values) / N < 0.7


@pytest.mark.parametrize("sex", ["any", "female", "male"])
def test_person_group_email_from_name(sex: str) -> None:
    kw = {"seed": 9, "table": "crm.pessoas"}
    raw = {"group": "pessoa", "sex": sex}
    names = gen(Name(), {**raw, "second_surname": 0.5}, column="nome", **kw)
    emails = gen(EmailSafe(), raw, column="email", **kw)
    firsts = set(asset_column("first_names_female.tsv")) | set(asset_column("first_names_male.tsv"))
    by_token: dict[str, set[str]] = {}
    for f in firsts:
        by_token.setdefault(fold(f), set()).add(f)
    for name, email in zip(names[:20_000], emails[:20_000], strict=True):
        first_token, rest = email.split("@")[0].split(".")
        surname_token = rest.rstrip("0123456789")
        assert fold(name.split(" ")[-1]) == surname_token
        assert fold(name).startswith(first_token)
        assert any(name.startswith(f + " ") for f in by_token[first_token])
    if sex != "any":
        pool = set(asset_column(f"first_names_{sex}.tsv"))
        assert all(any(n.startswith(f + " ") for f in pool) for n in names[:2000])


def test_names_realistic() -> None:
    names = gen(Name())
    words = Counter(w for n in names for w in n.split())
    assert words["Silva"] > words["Santos"] > words["Tanaka"]
    assert Counter(n.split()[0] for n in names).most_common(1)[0][0] in {"Maria", "José"}
    particles = sum(" da Silva" in n or " dos Santos" in n for n in names)
    assert 0.01 < particles / N < 0.1
    plain = gen(Name(), {"second_surname": 0, "particles": False}, rows=ROWS[:5000])
    surnames = set(asset_column("surnames.tsv"))
    assert all(n.split()[-1] in surnames for n in plain)
    fem = gen(FirstName(), {"sex": "female"}, rows=ROWS[:5000])
    assert set(fem) <= set(asset_column("first_names_female.tsv"))
    assert set(gen(LastName(), rows=ROWS[:5000])) <= surnames


def test_name_parts_from_index_is_a_bijection() -> None:
    n_first, n_sur = 7, 5
    idx = np.arange(n_first * n_sur * n_sur, dtype=np.int64)
    first, surname, other = name_parts_from_index(idx, n_first, n_sur, True)
    triples = set(zip(first.tolist(), surname.tolist(), other.tolist(), strict=True))
    assert len(triples) == idx.size
    assert ((other == -1) | ((other >= 0) & (other < n_sur) & (other != surname))).all()
    one = name_parts_from_index(idx[: n_first * n_sur], n_first, n_sur, False)
    assert (one[2] == -1).all() and len(
        set(zip(one[0].tolist(), one[1].tolist(), strict=True))
    ) == 35


def test_pt_br_person_names_share_the_unique_path() -> None:
    gen = get_generator("semantic.person.name")
    c = GenContext.for_column(seed=1, table="crm.c", column="nome", locale="pt_BR")
    p = gen.parse_params(None)
    space = gen.value_space(c, p)
    idx = np.arange(0, space, max(1, space // 20_000), dtype=np.uint64)
    names = gen.from_index(c, p, idx).to_pylist()
    assert len(set(names)) == len(names)
    assert all(2 <= len(n.split(" ")) <= 3 for n in names)
