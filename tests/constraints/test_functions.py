"""Function shapes turned into domains: date parts, array lengths, JSON types, byte lengths,
blank tests, letter case, and ORs of LIKE / ILIKE / regex patterns on one column."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest

from .helpers import analyze, one_domain


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # date parts (issue 18: "extract(year from d) >= ...")
        ("EXTRACT(year FROM d) >= 2000", {"minimum": date(2000, 1, 1)}),
        ("EXTRACT(year FROM d) > 2000", {"minimum": date(2001, 1, 1)}),
        ("EXTRACT(year FROM d) <= 2030", {"maximum": date(2030, 12, 31)}),
        ("EXTRACT(year FROM d) < 2030", {"maximum": date(2029, 12, 31)}),
        (
            "EXTRACT(year FROM d) = 2024",
            {"minimum": date(2024, 1, 1), "maximum": date(2024, 12, 31)},
        ),
        ("date_part('year'::text, d) >= (1950)::double precision", {"minimum": date(1950, 1, 1)}),
        (
            "date_part('year'::text, ts) <= (2023)::double precision",
            {"maximum": datetime(2024, 1, 1), "maximum_inclusive": False},
        ),
        ("EXTRACT(year FROM tstz) >= 2000.5", {"minimum": datetime(2001, 1, 1)}),
        # element counts
        ("cardinality(arr) <= 3", {"max_items": 3}),
        ("cardinality(arr) > 0", {"min_items": 1}),
        ("cardinality(arr) = 2", {"min_items": 2, "max_items": 2}),
        ("array_length(arr, 1) <= 3", {"max_items": 3}),
        # JSON types
        ("jsonb_typeof(j) = 'object'::text", {"json_types": ["object"]}),
        (
            "jsonb_typeof(j) = ANY (ARRAY['array'::text, 'object'::text])",
            {"json_types": ["object", "array"]},
        ),
        ("json_typeof(j) IN ('string', 'number')", {"json_types": ["string", "number"]}),
        (
            "jsonb_typeof(j) <> 'null'::text",
            {"json_types": ["object", "array", "string", "number", "boolean"]},
        ),
        # bytes of a bytea (crates.io's SHA-256 columns)
        ("octet_length(bin) = 32", {"min_bytes": 32, "max_bytes": 32}),
        ("octet_length(bin) <= 64", {"max_bytes": 64}),
        # blanks (Supabase: char_length(TRIM(BOTH FROM scopes)) > 0)
        ("char_length(TRIM(BOTH FROM t)) > 0", {"regex": ["[^ ]"]}),
        ("length(btrim(t)) >= 1", {"regex": ["[^ ]"]}),
        ("TRIM(BOTH FROM t) <> ''::text", {"regex": ["[^ ]"]}),
        ("TRIM(BOTH FROM t) = ''::text", {"regex": ["^ *$"]}),
        # letter case (crates.io: login = lower(login))
        ("(t)::text = lower((t)::text)", {"case": "lower"}),
        ("upper(t) = t", {"case": "upper"}),
        # ORs of patterns on one column
        ("t ~~ 'a%'::text OR t ~~ 'b%'::text", {"regex": ["^(?:(?:a(?s:.*))|(?:b(?s:.*)))$"]}),
        ("t ~~* 'a%'::text OR t ~ '^x'::text", {"regex": ["(?:(?i:^a.*$))|(?:^x)"]}),
        ("t IS NULL OR t ~~ '%b'::text OR t ~~ 'A%'::text", {"null_ok": True}),
    ],
)
def test_function_shapes_are_exact_domains(expression: str, expected: dict[str, Any]) -> None:
    analysis, dom = one_domain(expression)
    assert analysis.strategy == "domain", analysis
    for key, value in expected.items():
        assert getattr(dom, key) == value, (key, getattr(dom, key), value)


@pytest.mark.parametrize(
    ("expression", "kept"),
    [
        # array_length of an empty array is NULL: a lower bound is only sufficient
        ("array_length(arr, 1) >= 1", {}),
        ("array_length(arr, 1) BETWEEN 1 AND 4", {"max_items": 4}),
        # text: a character takes one byte or more, so bytes bound characters from above only
        ("octet_length(t) <= 10", {"max_length": 10}),
        # other date parts are verified
        ("EXTRACT(month FROM d) = 1", {}),
        ("EXTRACT(year FROM d) <> 2000", {}),
    ],
)
def test_function_shapes_that_stay_verified(expression: str, kept: dict[str, Any]) -> None:
    analysis, domains, _ = analyze(expression)
    assert analysis.strategy == "verify", analysis
    dom = domains[0] if domains else None
    for key, value in kept.items():
        assert dom is not None and getattr(dom, key) == value


def test_pattern_union_matches_what_each_pattern_matches() -> None:
    _, dom = one_domain("t ~~ 'https://%'::text OR t ~~ 'http://%'::text OR t ~~ '/_'::text")
    (regex,) = dom.regex
    for text, ok in (("https://x", True), ("http://", True), ("/a", True), ("/ab", False)):
        assert (re.search(regex, text) is not None) is ok, text


def test_sqlite_like_union_is_verified_but_necessary() -> None:
    analysis, dom = one_domain("t LIKE 'a%' OR t LIKE 'b%'", dialect="sqlite")
    assert analysis.strategy == "verify"
    assert dom.regex == ["^(?:(?i:a.*)|(?i:b.*))$"]
