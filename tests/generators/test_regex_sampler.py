"""The vectorized regex sampler: matches, determinism, length budgets, exact spaces, from_index."""

from __future__ import annotations

import re

import numpy as np
import pytest

from datalchemy.determinism import Stream, derive_key
from datalchemy.errors import GenerationError
from datalchemy.generators import regex_sampler as rs

STREAM = Stream(derive_key(42, "crm.produtos", "sku"))
ROWS = np.arange(10_000, dtype=np.int64)

#: Patterns of the original plans first, then the constructs the sampler supports.
PATTERNS = [
    r"[A-Z][a-z]{4,8}",
    r"[a-z]{5,8}\d{2}",
    r"\d{11}",
    r"[A-Z]{3}\d{4}",
    r"(ativo|inativo|pendente)",
    r"User-####",
    r"[A-Z]{3}-\d{4}",
    r"^\d{3}\.\d{3}\.\d{3}-\d{2}$",
    r"\w+@\w+\.(com|com\.br|org)",
    r"[^a-z0-9]{2,5}",
    r"(?i)abc[x-z]",
    r"(ab|c(d|e)f)*x?",
    r".{0,10}",
    r"[àéíõç]{3}ção",
    r"(foo|bar)+?baz",
    r"[\d\s]{4}\S\W\D",
    r"(?:[A-F0-9]{2}:){5}[A-F0-9]{2}",
    r"\(\d{2}\) 9\d{4}-\d{4}",
    r"a{3,}b*",
]


def _sample(pattern: str, rows: np.ndarray = ROWS, **kw: int) -> list[str]:
    values: list[str] = rs.sample(pattern, STREAM, rows, **kw).to_pylist()
    return values


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_sample_fully_matches(pattern: str) -> None:
    values = _sample(pattern)
    assert len(values) == len(ROWS)
    bad = [v for v in values if not re.fullmatch(pattern, v)]
    assert not bad, bad[:5]
    assert len(set(values)) > 1 or rs.space_size(pattern) == 1


@pytest.mark.parametrize("pattern", PATTERNS)
def test_sampling_is_counter_based(pattern: str) -> None:
    full = _sample(pattern, np.arange(10))
    assert _sample(pattern, np.arange(10)) == full
    assert _sample(pattern, np.array([5, 6])) == full[5:7]
    assert _sample(pattern, np.array([9, 0, 3])) == [full[9], full[0], full[3]]


def test_different_streams_differ() -> None:
    a = rs.sample(r"[A-Z]{3}\d{4}", Stream(1), ROWS[:100]).to_pylist()
    b = rs.sample(r"[A-Z]{3}\d{4}", Stream(2), ROWS[:100]).to_pylist()
    assert a != b


def test_chunked_batches_agree_with_single_rows() -> None:
    pattern = r"[a-z]{600}"  # 60k rows x 600 bytes: several chunks
    rows = np.arange(60_000, dtype=np.int64)
    values = rs.sample(pattern, STREAM, rows)
    picked = np.array([0, 55_000, 59_999, 30_000])
    assert rs.sample(pattern, STREAM, picked).to_pylist() == [
        values[int(i)].as_py() for i in picked
    ]


def test_characters_are_roughly_uniform() -> None:
    values = "".join(_sample(r"[abcd]{10}"))
    counts = np.array([values.count(c) for c in "abcd"])
    assert np.all(np.abs(counts / counts.sum() - 0.25) < 0.01)
    branches = _sample(r"(x|y|z)")
    for b in "xyz":
        assert abs(branches.count(b) / len(branches) - 1 / 3) < 0.02


def test_repeat_counts_cover_the_range() -> None:
    lengths = {len(v) for v in _sample(r"[a-z]{5,8}")}
    assert lengths == {5, 6, 7, 8}


def test_unbounded_repeats_are_capped_by_max_repeat() -> None:
    star = rs.sample(r"a*", STREAM, ROWS, max_repeat=5).to_pylist()
    assert max(map(len, star)) == 5 and min(map(len, star)) == 0
    plus = rs.sample(r"a+", STREAM, ROWS, max_repeat=5).to_pylist()
    assert {len(v) for v in plus} == set(range(1, 7))
    assert rs.length_bounds(r"x{2,}") == (2, 2 + rs.DEFAULT_MAX_REPEAT)


def test_unicode_and_ignorecase() -> None:
    values = _sample(r"[à-ä]{2}é")
    assert all(re.fullmatch(r"[à-ä]{2}é", v) for v in values)
    assert {v[0] for v in values} == set("àáâãä")
    cases = _sample(r"(?i)ab")
    assert set(cases) == {"ab", "aB", "Ab", "AB"}


def test_max_len_is_honoured_by_construction() -> None:
    values = _sample(r"[A-Z][a-z]{4,30}", max_len=8)
    assert max(map(len, values)) == 8 and min(map(len, values)) == 5
    assert all(re.fullmatch(r"[A-Z][a-z]{4,30}", v) for v in values)
    values = _sample(r"(short|muchlongerword)x", max_len=6)
    assert set(values) == {"shortx"}
    values = _sample(r"(ab|cde)+", min_len=5, max_len=6)
    assert set(values) <= {"abcde", "cdeab", "ababab", "cdecde"}
    values = _sample(r".{0,40}-\d{1,5}", max_len=10)
    assert all(len(v) <= 10 and re.fullmatch(r".{0,40}-\d{1,5}", v) for v in values)


def test_min_len_is_honoured_by_construction() -> None:
    values = _sample(r"[a-z]{1,20}", min_len=15)
    assert min(map(len, values)) == 15
    values = _sample(r"(a|bb|ccc)(d|ee)*", min_len=7, max_len=8)
    assert all(7 <= len(v) <= 8 and re.fullmatch(r"(a|bb|ccc)(d|ee)*", v) for v in values)


def test_unsatisfiable_lengths_raise() -> None:
    with pytest.raises(GenerationError) as info:
        _sample(r"\d{11}", max_len=10)
    assert info.value.code == "regex_length_unsatisfiable"
    with pytest.raises(GenerationError):
        _sample(r"[a-z]{2,4}", min_len=5)


@pytest.mark.parametrize(
    ("pattern", "space"),
    [
        (r"[A-Z]{3}\d{4}", 26**3 * 10**4),
        (r"[A-Z]{3}-\d{4}", 26**3 * 10**4),
        (r"(ativo|inativo|pendente)", 3),
        (r"User-####", 1),
        (r"\d{2,3}", 10**2 + 10**3),
        (r"x?", 2),
        (r"[ab]c|[cd]c", 4),
        (r"(foo|bar){1,2}", 2 + 4),
        (r"[a-z]{5,8}\d{2}", sum(26**k for k in range(5, 9)) * 100),
        (r"[a-z]{20}", 26**20),
        (r"a|a", None),
        (r"a*a*", None),
        (r"(a|ab)(c|bc)", None),
        (r"[ab]|[bc]", 3),  # the parser merges it into one class
        (r"[ab]x|[bc]x", None),
        (r"(a|aa)+", None),
    ],
)
def test_space_size(pattern: str, space: int | None) -> None:
    assert rs.space_size(pattern) == space
    if space is not None and space <= 10_000:
        # exact: the sampler never leaves the counted set and (with enough draws) fills it
        assert len(set(_sample(pattern, np.arange(50_000)))) == space


ENUMERABLE = [
    r"[A-Z]{3}\d{4}",
    r"[A-Z]{3}-\d{4}",
    r"\d{11}",
    r"(ativo|inativo|pendente)",
    r"[A-Z][a-z]{4,8}",
    r"[a-z]{5,8}\d{2}",
    r"(foo|bar)+baz",
    r"[àéí]{3}ç",
    r"BR-(SP|RJ|MG)-\d{3}",
    r"[a-z]{20}",
    r".{0,10}",
    r"(?i)sku[a-c]\d",
]


@pytest.mark.parametrize("pattern", ENUMERABLE)
def test_from_index_is_injective_and_matches(pattern: str) -> None:
    cp = rs.compile_pattern(pattern)
    assert cp.space is not None
    if cp.capacity <= 100_000:
        idx = np.arange(cp.capacity, dtype=np.uint64)
    else:
        rng = np.random.default_rng(7)
        idx = np.unique(rng.integers(0, min(cp.capacity, 2**62), 100_000, dtype=np.uint64))
        idx = np.concatenate([idx, np.array([0, min(cp.capacity, 2**62) - 1], dtype=np.uint64)])
        idx = np.unique(idx)
    values = cp.from_index(idx).to_pylist()
    assert len(set(values)) == len(values) == idx.size
    assert all(re.fullmatch(pattern, v) for v in values)
    # deterministic and positional
    assert cp.from_index(idx[:10]).to_pylist() == values[:10]


def test_from_index_is_a_mixed_radix_decode() -> None:
    idx = np.array([0, 1, 9_999, 10_000, 26**3 * 10**4 - 1], dtype=np.uint64)
    assert rs.from_index(r"[A-Z]{3}-\d{4}", idx).to_pylist() == [
        "AAA-0000",
        "AAA-0001",
        "AAA-9999",
        "AAB-0000",
        "ZZZ-9999",
    ]
    assert rs.from_index(r"(ativo|inativo|pendente)", np.arange(3)).to_pylist() == [
        "ativo",
        "inativo",
        "pendente",
    ]


def test_from_index_fills_unreachable_positions_at_random() -> None:
    # 26**20 > 2**64: the leading letters cannot come from the index, so they are drawn
    values = rs.from_index(r"[a-z]{20}", np.arange(1000, dtype=np.uint64)).to_pylist()
    assert len({v[:3] for v in values}) > 100
    assert len(set(values)) == 1000


def test_from_index_refuses_ambiguous_patterns_and_big_indices() -> None:
    with pytest.raises(GenerationError) as info:
        rs.from_index(r"a*a*", np.arange(3))
    assert info.value.code == "regex_not_enumerable"
    with pytest.raises(ValueError):
        rs.from_index(r"\d{2}", np.array([100], dtype=np.uint64))


@pytest.mark.parametrize(
    ("pattern", "construct"),
    [
        (r"(a)\1", "backreference"),
        (r"(?P<x>a)(?P=x)", "backreference"),
        (r"a(?=b)", "lookahead"),
        (r"a(?!b)", "negative lookahead"),
        (r"(?<=a)b", "lookbehind"),
        (r"(?<!a)b", "negative lookbehind"),
        (r"\bword\b", "word boundaries"),
        (r"(a)?(?(1)b|c)", "conditional"),
    ],
)
def test_unsupported_constructs_are_named(pattern: str, construct: str) -> None:
    with pytest.raises(GenerationError) as info:
        rs.compile_pattern(pattern)
    assert info.value.code == "regex_unsupported"
    assert construct in info.value.message


def test_invalid_and_empty_patterns() -> None:
    with pytest.raises(GenerationError) as info:
        rs.compile_pattern(r"[a-")
    assert info.value.code == "regex_invalid"
    with pytest.raises(GenerationError) as info:
        rs.compile_pattern(r"[^\x20-\x7e]")
    assert info.value.code == "regex_empty_class"
    assert _sample("", np.arange(3)) == ["", "", ""]


def test_compile_is_cached() -> None:
    assert rs.compile_pattern(r"[A-Z]{2}") is rs.compile_pattern(r"[A-Z]{2}")


def test_charset() -> None:
    cp = rs.compile_charset("a-c_\\-", 2, 4)
    values = cp.sample(STREAM, ROWS).to_pylist()
    assert all(re.fullmatch(r"[a-c_\-]{2,4}", v) for v in values)
    assert {c for v in values for c in v} == set("abc_-")
    assert cp.space == sum(5**k for k in range(2, 5))
    with pytest.raises(ValueError):
        rs.compile_charset("z-a", 1, 2)
    with pytest.raises(ValueError):
        rs.compile_charset("", 1, 2)
