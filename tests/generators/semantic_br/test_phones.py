"""The one Brazilian phone implementation: DDDs from the assets, one layout table, and the
pt_BR numbers of semantic.person.phone / .cell laid out by it."""

from __future__ import annotations

import re

import numpy as np

from datalchemy.generators import get_generator
from datalchemy.generators.base import GenContext
from datalchemy.generators.semantic_br import phones

from .helpers import ALL_DDDS, UF_DDD


def test_ddd_codes_are_the_states_ddds() -> None:
    assert [str(d) for d in phones.ddd_codes().tolist()] == sorted(ALL_DDDS)
    assert len(phones.ddd_codes()) == len({d for v in UF_DDD.values() for d in v.split()}) == 67


def test_layouts_write_ddd_and_number() -> None:
    mobile = np.array([11912345678, 11912345678])
    land = np.array([1932345678, 1932345678])
    cases = {
        "e164": ("+5511912345678", "+551932345678"),
        "national": ("(11) 91234-5678", "(19) 3234-5678"),
        "international": ("+55 (11) 91234-5678", "+55 (19) 3234-5678"),
        "spaced": ("+55 11 91234-5678", "+55 19 3234-5678"),
        "digits": ("11912345678", "1932345678"),
    }
    for fmt, (m, ll) in cases.items():
        assert phones.phone_text(mobile, np.array([True, True]), fmt).to_pylist() == [m, m]
        assert phones.phone_text(land, np.array([False, False]), fmt).to_pylist() == [ll, ll]
        both = phones.phone_text(np.array([mobile[0], land[0]]), np.array([True, False]), fmt)
        assert both.to_pylist() == [m, ll]


def test_numbers_by_ddd_enumerate_valid_numbers() -> None:
    idx = np.arange(0, 10**6, 997, dtype=np.uint64)
    for mobile, width, first in ((True, 11, "9"), (False, 10, "2345")):
        numbers = phones.numbers_by_ddd(idx, mobile=mobile)
        assert len(set(numbers.tolist())) == idx.size
        for n in numbers.tolist():
            text = str(n)
            assert len(text) == width and text[:2] in ALL_DDDS and text[2] in first
    assert phones.numbers_by_ddd_space(True) == 67 * 10**8


def test_person_phones_in_pt_br_use_the_brazilian_layouts() -> None:
    ctx = GenContext.for_column(seed=3, table="crm.c", column="fone", locale="pt_BR")
    for gen_id, which in (("semantic.person.cell", 0), ("semantic.person.phone", 1)):
        gen = get_generator(gen_id)
        layouts = [phones.LAYOUTS[f][which] for f in ("national", "international", "spaced")]
        patterns = ["".join(r"\d" if c == "#" else re.escape(c) for c in t) for t in layouts]
        values = gen.generate(ctx, gen.parse_params(None), np.arange(3000)).to_pylist()
        assert all(any(re.fullmatch(p, v) for p in patterns) for v in values)
        ddds = {re.sub(r"^\+55 |\D", "", v)[:2] for v in values}
        assert ddds <= ALL_DDDS and len(ddds) > 50
