"""The generators of PostgreSQL types with a literal syntax of their own, bytes, bits, key words.

Each value is checked against the literal's grammar here; ``tests/generate/test_real_types.py``
loads them into PostgreSQL.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import ColumnFacts, GenContext
from datalchemy.generators.registry import get_generator

from .helpers import GEO_KINDS, RANGE_KINDS, run

NUM = r"-?\d+(?:\.\d+)?"
PT = rf"\({NUM},{NUM}\)"
GEO = {
    "point": PT,
    "line": rf"\{{[1-9],-?\d,{NUM}\}}",
    "lseg": rf"\[{PT},{PT}\]",
    "box": rf"{PT},{PT}",
    "path": rf"\[{PT},{PT},{PT}\]",
    "polygon": rf"\({PT},{PT},{PT}\)",
    "circle": rf"<{PT},{NUM}>",
    "cube": rf"\({NUM}, {NUM}, {NUM}\)",
}
DATE = r"\d{4}-\d{2}-\d{2}"
TS = rf'"{DATE} \d{{2}}:\d{{2}}:\d{{2}}(?:\+00)?"'
RANGE = {"int4": r"\d+", "int8": r"\d+", "num": NUM, "date": DATE, "ts": TS, "tstz": TS}


def _ctx(facts: ColumnFacts = ColumnFacts(), locale: str = "pt_BR") -> GenContext:
    return GenContext.for_column(seed=3, table="s.t", column="c", locale=locale, facts=facts)


@pytest.mark.parametrize("kind", GEO_KINDS)
def test_geometric_literals(kind: str) -> None:
    values = run(f"primitive.geo.{kind}", None, 500).to_pylist()
    bad = [v for v in values if not re.fullmatch(GEO[kind], v)]
    assert not bad, bad[:3]


@pytest.mark.parametrize("kind", RANGE_KINDS)
def test_ranges_are_non_empty_and_inside_the_bounds(kind: str) -> None:
    gen = get_generator(f"primitive.range.{kind}")
    params = gen.parse_params({})
    ctx = _ctx()
    values = gen.generate(ctx, params, np.arange(500)).to_pylist()
    values += gen.from_index(ctx, params, np.arange(500, dtype=np.uint64)).to_pylist()
    for v in values:
        m = re.fullmatch(rf"\[({RANGE[kind]}),({RANGE[kind]})\)", v)
        assert m, v
        lo, hi = m[1].strip('"'), m[2].strip('"')
        if kind in ("int4", "int8"):
            assert int(lo) < int(hi)
        elif kind == "num":
            assert float(lo) < float(hi)
        else:
            assert lo < hi  # ISO text sorts as time does
    multi = gen.generate(ctx, gen.parse_params({"multirange": True}), np.arange(3)).to_pylist()
    assert all(v.startswith("{[") and v.endswith(")}") for v in multi)


def test_int4_ranges_must_fit_32_bits() -> None:
    gen = get_generator("primitive.range.int4")
    issues = gen.check(gen.parse_params({"max": 2**40}), ColumnFacts())
    assert [i.code for i in issues] == ["numeric_out_of_range"]


def test_intervals_read_as_postgresql_prints_them() -> None:
    values = run("primitive.interval", {"unit": "second", "min": 0, "max": 10**6}, 500)
    pattern = r"(\d+ days)|(\d+ days )?\d{2}:\d{2}:\d{2}"
    assert all(re.fullmatch(pattern, v) for v in values.to_pylist())
    months = run("primitive.interval", {"unit": "month", "max": 12}, 50).to_pylist()
    assert all(re.fullmatch(r"\d+ mons", v) for v in months)


def test_bytes_are_random_looking_and_distinct() -> None:
    gen = get_generator("primitive.bytes")
    params = gen.parse_params({"min_len": 32, "max_len": 32})
    values = gen.from_index(_ctx(), params, np.arange(1000, dtype=np.uint64)).to_pylist()
    assert len(set(values)) == 1000 and {len(v) for v in values} == {32}
    # never a counter: the leading bytes of consecutive indices differ widely
    assert len({v[:2] for v in values}) > 900
    generated = run("primitive.bytes", None, 1000).to_pylist()
    assert len(set(generated)) == 1000 and {len(v) for v in generated} == {16}


def test_bits_follow_the_column_length() -> None:
    fixed = run("primitive.bits", None, 200, ColumnFacts(family=TypeFamily.BIT, length=5))
    assert all(re.fullmatch(r"[01]{5}", v) for v in fixed.to_pylist())
    varying = run("primitive.bits", {"min_len": 1}, 200, ColumnFacts(length=12)).to_pylist()
    assert all(re.fullmatch(r"[01]{1,12}", v) for v in varying)
    assert len({len(v) for v in varying}) > 5


def test_documents_use_plain_words() -> None:
    hstore = run("primitive.hstore", None, 200).to_pylist()
    pair = r'"[a-z]+"=>"[a-z]+"'
    assert all(re.fullmatch(rf"{pair}(, {pair})*", v) for v in hstore)
    query = run("primitive.tsquery", None, 200).to_pylist()
    assert all(re.fullmatch(r"[a-z]+( & [a-z]+)*", v) for v in query)
    xml = run("primitive.xml", None, 50).to_pylist()
    assert all(re.fullmatch(r'<item id="\d+"><text>[a-z]+ [a-z]+</text></item>', v) for v in xml)
    tid = run("primitive.tid", None, 50).to_pylist()
    assert all(re.fullmatch(r"\(\d+,[1-9]\d*\)", v) for v in tid)


def test_slugs_fit_the_column_and_shrink_the_space() -> None:
    gen = get_generator("primitive.text.slug")
    params = gen.parse_params({})
    spaces = []
    for n in (3, 6, 12, 40):
        ctx = _ctx(ColumnFacts(family=TypeFamily.TEXT, length=n))
        space = gen.value_space(ctx, params)
        assert space is not None and space > 0
        spaces.append(space)
        idx = np.unique(np.linspace(0, space - 1, num=min(space, 3000)).astype(np.uint64))
        values = gen.from_index(ctx, params, idx).to_pylist()
        assert len(set(values)) == idx.size
        assert max(len(v) for v in values) <= n
        assert all(re.fullmatch(r"[a-z]+(-[a-z]+)?(-[1-9]\d*)?", v) for v in values)
    assert spaces == sorted(spaces) and spaces[0] < spaces[-1]


def test_slug_styles_and_portuguese_agreement() -> None:
    gen = get_generator("primitive.text.slug")
    title = gen.generate(
        _ctx(), gen.parse_params({"case": "title", "separator": " "}), np.arange(50)
    )
    assert all(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", v) for v in title.to_pylist())
    code = gen.generate(_ctx(), gen.parse_params({"case": "upper"}), np.arange(50)).to_pylist()
    assert all(v == v.upper() for v in code)
    pairs = gen.generate(_ctx(), gen.parse_params({}), np.arange(2000)).to_pylist()
    feminine = {"casa", "montanha", "praia", "floresta", "estrela"}
    for noun, adjective in (v.split("-") for v in pairs if "-" in v):
        if noun in feminine:
            assert not adjective.endswith("o"), (noun, adjective)  # casa-antiga, not -antigo
    english = gen.generate(_ctx(locale="en_US"), gen.parse_params({}), np.arange(20)).to_pylist()
    assert all(re.fullmatch(r"[a-z]+-[a-z]+", v) for v in english)


def test_words_are_tsvector_safe_and_lorem_is_unique_by_construction() -> None:
    words = run("primitive.text.words", None, 500).to_pylist()
    assert all(re.fullmatch(r"[a-zà-ú]+( [a-zà-ú]+){1,4}", v) for v in words)
    gen = get_generator("primitive.text.lorem")
    params = gen.parse_params({"min_words": 1, "max_words": 3})
    ctx = _ctx(ColumnFacts(family=TypeFamily.TEXT, length=40))
    space = gen.value_space(ctx, params)
    assert space == 19 + 19**2 + 19**3
    values = gen.from_index(ctx, params, np.arange(space, dtype=np.uint64)).to_pylist()
    assert len(set(values)) == space and max(len(v) for v in values) <= 40
    # a length that not every sequence of a word count fits: only the counts that all fit
    short = _ctx(ColumnFacts(family=TypeFamily.TEXT, length=12))
    assert gen.value_space(short, params) == 19


def test_arrays_enumerate_their_element_space() -> None:
    gen = get_generator("primitive.array")
    raw = {"element": "primitive.bool", "min_len": 1, "max_len": 2}
    params = gen.parse_params(raw)
    ctx = _ctx(ColumnFacts(family=TypeFamily.ARRAY))
    assert gen.value_space(ctx, params) == 2 + 4
    values = gen.from_index(ctx, params, np.arange(6, dtype=np.uint64)).to_pylist()
    assert sorted(map(tuple, values)) == sorted(
        [(False,), (True,), (False, False), (True, False), (False, True), (True, True)]
    )


def test_array_elements_see_their_own_facts() -> None:
    gen = get_generator("primitive.array")
    element = ColumnFacts(family=TypeFamily.TEXT, length=5)
    facts = ColumnFacts(family=TypeFamily.ARRAY, element=element)
    params = gen.parse_params({"element": "primitive.text.slug", "max_len": 3})
    values = gen.generate(_ctx(facts), params, np.arange(300)).to_pylist()
    assert all(len(x) <= 5 for v in values for x in v)
    too_long = gen.parse_params({"element": "primitive.text.pattern",
                                 "element_params": {"pattern": "[a-z]{9}"}})  # fmt: skip
    assert [i.code for i in gen.check(too_long, facts)] == ["pattern_too_long"]


def test_integers_stay_inside_the_column_width() -> None:
    gen = get_generator("primitive.int.range")
    params = gen.parse_params({"min": 1, "max": 10**6})
    ctx = _ctx(ColumnFacts(family=TypeFamily.INTEGER, int_bits=16))
    assert gen.value_space(ctx, params) == 32_767
    assert max(gen.generate(ctx, params, np.arange(5000)).to_pylist()) <= 32_767
    seq = get_generator("primitive.int.sequence_hint")
    assert seq.value_space(ctx, seq.parse_params({})) == 32_767
