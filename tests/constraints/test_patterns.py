"""LIKE and GLOB patterns become regexes that match exactly what SQLite's own LIKE and GLOB match;
SIMILAR TO follows PostgreSQL's translation."""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Iterator

import pytest

from datalchemy.constraints.patterns import (
    glob_to_regex,
    like_to_regex,
    like_with_backslash,
    similar_to_regex,
)


@pytest.fixture(scope="module")
def sqlite() -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(":memory:")
    con.execute("PRAGMA case_sensitive_like = ON")  # SQL's LIKE; SQLite's default ignores case
    yield con
    con.close()


def _word(rng: random.Random, tokens: list[str], most: int = 5) -> str:
    return "".join(rng.choice(tokens) for _ in range(rng.randint(0, most)))


def test_like_regex_matches_what_sqlite_like_matches(sqlite: sqlite3.Connection) -> None:
    rng = random.Random(11)
    pattern_tokens = ["a", "b", "\\", "%", "_", "!%", "!_", "!!", "!a"]
    value_tokens = ["a", "b", "\\", "%", "_", "!"]
    for _ in range(3000):
        pattern, value = _word(rng, pattern_tokens), _word(rng, value_tokens)
        (expected,) = sqlite.execute("SELECT ? LIKE ? ESCAPE '!'", (value, pattern)).fetchone()
        regex = like_to_regex(like_with_backslash(pattern, "!"))
        assert (re.search(regex, value) is not None) == bool(expected), (pattern, value, regex)


def test_like_without_escape_treats_backslash_as_a_literal(sqlite: sqlite3.Connection) -> None:
    rng = random.Random(12)
    tokens = ["a", "\\", "%", "_"]
    for _ in range(1000):
        pattern, value = _word(rng, tokens), _word(rng, tokens)
        (expected,) = sqlite.execute("SELECT ? LIKE ?", (value, pattern)).fetchone()
        regex = like_to_regex(like_with_backslash(pattern, ""))
        assert (re.search(regex, value) is not None) == bool(expected), (pattern, value, regex)


def test_glob_regex_matches_what_sqlite_glob_matches(sqlite: sqlite3.Connection) -> None:
    rng = random.Random(13)
    pattern_tokens = ["a", "b", ".", "\\", "*", "?", "[ab]", "[^a]", "[a-b]", "[]a]", "[\\]"]
    value_tokens = ["a", "b", "c", ".", "\\", "]", "^"]
    for _ in range(3000):
        pattern, value = _word(rng, pattern_tokens), _word(rng, value_tokens)
        (expected,) = sqlite.execute("SELECT ? GLOB ?", (value, pattern)).fetchone()
        regex = glob_to_regex(pattern)
        assert (re.search(regex, value) is not None) == bool(expected), (pattern, value, regex)


@pytest.mark.parametrize(
    ("pattern", "escape", "regex"),
    [
        ("a%b_", "\\", "^(?:a.*b.)$"),
        ("(a|x)%", "\\", "^(?:(a|x).*)$"),
        ("[^]a]%", "\\", "^(?:[^]a].*)$"),
        ("a.b$", "\\", "^(?:a\\.b\\$)$"),
        ("50!%", "!", "^(?:50%)$"),
        ("a\\%", "", "^(?:a\\\\.*)$"),
    ],
)
def test_similar_to_regex(pattern: str, escape: str, regex: str) -> None:
    assert similar_to_regex(pattern, escape) == regex
