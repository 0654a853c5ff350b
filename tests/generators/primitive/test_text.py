"""primitive.text, primitive.text.pattern and primitive.text.lorem."""

from __future__ import annotations

import re

import numpy as np
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import ColumnFacts
from datalchemy.generators.primitive.lorem import lorem_words

from .helpers import GENERATORS, ctx_for, param_error, run

# Text


def test_text_charset_and_lengths() -> None:
    values = run("primitive.text").to_pylist()
    assert all(re.fullmatch(r"[a-zA-Z0-9]{1,32}", v) for v in values)
    assert {len(v) for v in values} == set(range(1, 33))
    values = run("primitive.text", {"charset": "xyz", "min_len": 3, "max_len": 3}).to_pylist()
    assert all(re.fullmatch(r"[xyz]{3}", v) for v in values)
    empty = run("primitive.text", {"allow_empty": True, "max_len": 2}).to_pylist()
    assert "" in empty


def test_text_honours_varchar_by_construction() -> None:
    facts = ColumnFacts(family=TypeFamily.TEXT, length=5)
    values = run("primitive.text", None, facts=facts).to_pylist()
    assert max(map(len, values)) == 5
    gen = GENERATORS["primitive.text"]
    p = gen.parse_params({"min_len": 5})
    ctx = ctx_for(facts)
    assert gen.value_space(ctx, p) == 62**5
    uniq = gen.from_index(ctx, p, np.arange(1000, dtype=np.uint64)).to_pylist()
    assert len(set(uniq)) == 1000 and all(len(v) == 5 for v in uniq)
    pattern = run("primitive.text", {"pattern": r"[a-z]{3,20}"}, facts=facts).to_pylist()
    assert all(re.fullmatch(r"[a-z]{3,5}", v) for v in pattern)


def test_text_params() -> None:
    assert "combined" in str(param_error("primitive.text", {"pattern": "a", "charset": "a"}))
    assert param_error("primitive.text", {"max_repeat": 3}).problems
    assert param_error("primitive.text", {"min_len": 5, "max_len": 2}).problems
    assert param_error("primitive.text", {"charset": "z-a"}).problems
    assert param_error("primitive.text", {"pattern": "(a)\\1"}).problems
    gen = GENERATORS["primitive.text"]
    issues = gen.check(gen.parse_params({"max_len": 50}), ColumnFacts(length=20))
    assert [i.code for i in issues] == ["max_len_exceeds_column"]


@pytest.mark.parametrize(
    "pattern",
    [
        r"[A-Z][a-z]{4,8}",
        r"[a-z]{5,8}\d{2}",
        r"\d{11}",
        r"[A-Z]{3}\d{4}",
        r"(ativo|inativo|pendente)",
    ],
)
def test_text_pattern_matches(pattern: str) -> None:
    values = run("primitive.text.pattern", {"pattern": pattern}).to_pylist()
    assert all(re.fullmatch(pattern, v) for v in values)


def test_text_pattern_hash_is_literal_and_params() -> None:
    assert set(run("primitive.text.pattern", {"pattern": "INV-####"}, 5).to_pylist()) == {
        "INV-####"
    }
    assert param_error("primitive.text.pattern", {}).problems[0][0] == "/pattern"
    assert "lookahead" in str(param_error("primitive.text.pattern", {"pattern": "a(?=b)"}))
    assert param_error("primitive.text.pattern", {"pattern": "[a-"}).problems
    assert param_error("primitive.text.pattern", {"pattern": r"\d{11}", "max_len": 5}).problems
    assert param_error("primitive.text.pattern", {"pattern": "^$"}).problems  # only ""
    assert set(run("primitive.text.pattern", {"pattern": "a?"}, 100).to_pylist()) == {"a"}
    maybe = run("primitive.text.pattern", {"pattern": "a?", "allow_empty": True}, 100)
    assert set(maybe.to_pylist()) == {"", "a"}
    non_empty = run("primitive.text.pattern", {"pattern": "a{0,3}", "min_len": 1}).to_pylist()
    assert "" not in non_empty


def test_text_pattern_column_checks_and_space() -> None:
    gen = GENERATORS["primitive.text.pattern"]
    p = gen.parse_params({"pattern": r"[A-Z]{3}-\d{4}"})
    assert gen.value_space(ctx_for(), p) == 26**3 * 10**4
    assert [i.code for i in gen.check(p, ColumnFacts(length=5))] == ["pattern_too_long"]
    assert gen.check(p, ColumnFacts(length=8)) == []
    capped = gen.parse_params({"pattern": r"[a-z]{2,40}"})
    assert [i.code for i in gen.check(capped, ColumnFacts(length=10))] == [
        "pattern_capped_to_column"
    ]
    # a bound that cuts the space leaves no exact count
    assert gen.value_space(ctx_for(ColumnFacts(length=10)), capped) is None
    assert gen.value_space(ctx_for(), gen.parse_params({"pattern": "a*a*"})) is None


def test_lorem() -> None:
    values = run("primitive.text.lorem").to_pylist()
    words = set(lorem_words())
    counts = [len(v.split(" ")) for v in values]
    assert min(counts) == 3 and max(counts) == 8
    assert all(set(v.split(" ")) <= words for v in values)
    fixed = run("primitive.text.lorem", {"words": 2}).to_pylist()
    assert {len(v.split(" ")) for v in fixed} == {2}
    assert set(run("primitive.text.lorem", {"words": 0, "allow_empty": True}, 3).to_pylist()) == {
        ""
    }
    assert param_error("primitive.text.lorem", {"words": 0}).problems
    assert param_error("primitive.text.lorem", {"min_words": 5, "max_words": 2}).problems


def test_lorem_respects_lengths_by_construction() -> None:
    facts = ColumnFacts(family=TypeFamily.TEXT, length=20)
    values = run("primitive.text.lorem", None, facts=facts).to_pylist()
    assert max(map(len, values)) <= 20
    assert min(len(v.split(" ")) for v in values) >= 3
    assert all(set(v.split(" ")) <= set(lorem_words()) for v in values)
    tight = run("primitive.text.lorem", {"min_len": 30, "max_len": 32}).to_pylist()
    assert all(30 <= len(v) <= 32 for v in tight)
    gen = GENERATORS["primitive.text.lorem"]
    issues = gen.check(gen.parse_params({"min_words": 5}), ColumnFacts(length=10))
    assert "lorem_unsatisfiable" in [i.code for i in issues]
    with pytest.raises(GenerationError):
        run("primitive.text.lorem", {"min_words": 5}, facts=ColumnFacts(length=10))
