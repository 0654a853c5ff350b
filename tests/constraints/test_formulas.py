"""Row rules of CHECKs the domains do not capture exactly: the real shapes of the corpus as row
formulas (OR of ANDs of single-column atoms) and linear sums."""

from __future__ import annotations

from decimal import Decimal

import pytest

from datalchemy.constraints.model import Atom, LinearSum, RowFormula, RowRule
from datalchemy.contracts.schema import TypeFamily as F

from .helpers import FAMILIES, analyze

#: Columns of the real shapes below (MusicBrainz, Hatchet, Supabase Auth).
REAL = {
    **FAMILIES,
    "end_date_year": F.INTEGER,
    "end_date_month": F.INTEGER,
    "end_date_day": F.INTEGER,
    "ended": F.BOOLEAN,
    "locale": F.TEXT,
    "primary_for_locale": F.BOOLEAN,
    "type": F.INTEGER,
    "name": F.TEXT,
    "sort_name": F.TEXT,
    "allowed_value": F.INTEGER,
    "attribute_text": F.TEXT,
    "code_challenge": F.TEXT,
    "code_challenge_method": F.TEXT,
    "auth_method": F.ENUM,
    "username": F.TEXT,
    "password": F.BYTES,
    "provider_type": F.TEXT,
    "issuer": F.TEXT,
    "discovery_url": F.TEXT,
}


def rules_of(expression: str, **kwargs: object) -> list[RowRule]:
    analysis, _, _ = analyze(expression, families=REAL, **kwargs)  # type: ignore[arg-type]
    assert analysis.strategy == "verify", analysis
    assert analysis.rules is not None, analysis
    return analysis.rules


def branches(expression: str) -> list[list[tuple[str, str, tuple[object, ...]]]]:
    (rule,) = rules_of(expression)
    assert isinstance(rule, RowFormula)
    return [[(a.column, a.test, a.values) for a in b] for b in rule.branches]


def test_musicbrainz_end_date_implies_ended() -> None:
    got = branches(
        "((((end_date_year IS NOT NULL) OR (end_date_month IS NOT NULL) OR "
        "(end_date_day IS NOT NULL)) AND (ended = true)) OR ((end_date_year IS NULL) AND "
        "(end_date_month IS NULL) AND (end_date_day IS NULL)))"
    )
    assert got == [
        [("end_date_year", "not_null", ()), ("ended", "in", (True,))],
        [("end_date_month", "not_null", ()), ("ended", "in", (True,))],
        [("end_date_day", "not_null", ()), ("ended", "in", (True,))],
        [
            ("end_date_year", "null", ()),
            ("end_date_month", "null", ()),
            ("end_date_day", "null", ()),
        ],
    ]


def test_musicbrainz_locale_and_alias_type() -> None:
    assert branches(
        "(((locale IS NULL) AND (primary_for_locale IS FALSE)) OR (locale IS NOT NULL))"
    ) == [
        [("locale", "null", ()), ("primary_for_locale", "not_null", ()),
         ("primary_for_locale", "in", (False,))],
        [("locale", "not_null", ())],
    ]  # fmt: skip
    got = branches(
        "((type <> 3) OR ((type = 3) AND ((sort_name)::text = (name)::text) AND "
        "(end_date_year IS NULL) AND (primary_for_locale IS FALSE) AND (locale IS NULL)))"
    )
    assert got[0] == [("type", "not_in", (3,))]
    assert ("sort_name", "same_as", ()) in got[1] and ("locale", "null", ()) in got[1]


def test_xor_and_equality_of_nullness() -> None:
    assert branches(
        "((((allowed_value IS NULL) AND (attribute_text IS NOT NULL)) OR "
        "((allowed_value IS NOT NULL) AND (attribute_text IS NULL))))"
    ) == [
        [("allowed_value", "null", ()), ("attribute_text", "not_null", ())],
        [("allowed_value", "not_null", ()), ("attribute_text", "null", ())],
    ]
    # Supabase: the regex half of the AND is a domain; the nullness half is the rule.
    analysis, domains, _ = analyze(
        "(((code_challenge IS NULL) = (code_challenge_method IS NULL)) AND "
        "((code_challenge IS NULL) OR (code_challenge ~ '^[A-Za-z0-9._~-]{43,128}$'::text)))",
        families=REAL,
    )
    assert [d.column for d in domains] == ["code_challenge"]
    (rule,) = analysis.rules or []
    assert isinstance(rule, RowFormula) and len(rule.branches) == 2
    assert branches("(x IS NULL) <> (y IS NULL)") == [
        [("x", "null", ()), ("y", "not_null", ())],
        [("x", "not_null", ()), ("y", "null", ())],
    ]


def test_counted_nulls() -> None:
    at_least_one = branches("num_nonnulls(x, y) >= 1")
    assert len(at_least_one) == 3 and [("x", "null", ()), ("y", "null", ())] not in at_least_one
    assert branches("num_nulls(x, y, t) = 2") == [
        [("x", "not_null", ()), ("y", "null", ()), ("t", "null", ())],
        [("x", "null", ()), ("y", "not_null", ()), ("t", "null", ())],
        [("x", "null", ()), ("y", "null", ()), ("t", "not_null", ())],
    ]


def test_hatchet_discriminated_branches() -> None:
    got = branches(
        "((auth_method = 'BASIC' AND (username IS NOT NULL AND password IS NOT NULL)) "
        "OR auth_method = 'HMAC')"
    )
    assert got == [
        [("auth_method", "in", ("BASIC",)), ("username", "not_null", ()),
         ("password", "not_null", ())],
        [("auth_method", "in", ("HMAC",))],
    ]  # fmt: skip


def test_supabase_conditional_with_a_pattern_keeps_the_domain() -> None:
    (rule,) = rules_of(
        "((provider_type <> 'oidc'::text) OR (discovery_url IS NULL) OR "
        "(discovery_url ~~ 'https://%'::text))"
    )
    assert isinstance(rule, RowFormula)
    last = rule.branches[2][0]
    assert last.test == "domain" and last.exact and last.domain is not None
    assert last.domain.like == ["https://%"]


@pytest.mark.parametrize(
    ("expression", "allowed"),
    [
        ("upper(t) = ANY (ARRAY['BRL'::text, 'usd'::text])", ["BRL"]),
        ("lower((t)::text) = 'web'::text OR lower((t)::text) = 'store'::text", ["web", "store"]),
        ("btrim(t) IN ('a', ' b')", ["a"]),
        ("upper(TRIM(BOTH FROM t)) IN ('A', 'B')", ["A", "B"]),
    ],
)
def test_function_wrapped_lists_are_sufficient_domains(expression: str, allowed: list[str]) -> None:
    (rule,) = rules_of(expression)
    assert isinstance(rule, RowFormula) and len(rule.branches) == 1
    (atom,) = rule.branches[0]
    assert atom.test == "domain" and not atom.exact
    assert atom.domain is not None and atom.domain.allowed == allowed


def test_sufficient_domains_of_arrays_and_sqlite_likes() -> None:
    (rule,) = rules_of("array_length(arr, 1) >= 2")
    assert isinstance(rule, RowFormula)
    (atom,) = rule.branches[0]
    assert atom.domain is not None and atom.domain.min_items == 2 and not atom.exact
    (rule,) = rules_of("t LIKE 'a%' OR t LIKE 'b_'", dialect="sqlite")
    assert isinstance(rule, RowFormula)
    (atom,) = rule.branches[0]
    assert atom.domain is not None and atom.domain.regex == ["^(?:(?:a(?s:.*))|(?:b(?s:.)))$"]


@pytest.mark.parametrize(
    ("expression", "terms", "op", "constant"),
    [
        ("x + y = 100", (("x", 1), ("y", 1)), "=", 100),
        ("(x + y) <= n", (("x", 1), ("y", 1), ("n", -1)), "<=", 0),
        ("y >= (x + 2)", (("y", 1), ("x", -1)), ">=", 2),
        ("2 * x - y < 1.5", (("x", 2), ("y", -1)), "<", Decimal("1.5")),
    ],
)
def test_sums(
    expression: str, terms: tuple[tuple[str, int], ...], op: str, constant: object
) -> None:
    (rule,) = rules_of(expression)
    assert rule == LinearSum(terms, op, constant, "chk")  # type: ignore[arg-type]


def test_conjuncts_captured_by_domains_need_no_rule() -> None:
    rules = rules_of("x > 0 AND (x IS NULL OR y IS NOT NULL)")
    assert len(rules) == 1
    assert isinstance(rules[0], RowFormula) and rules[0].columns == ["x", "y"]


@pytest.mark.parametrize(
    "expression",
    [
        "x % 2 = 0",  # arithmetic no shape covers
        "x IS NULL OR x % 2 = 0",
        "x > 0 AND length(t) % 2 = 0",  # one conjunct without a rule: the CHECK is verified
        "NOT (upper(t) IN ('A'))",  # sufficient domains are not negated
        "t > 'a'::text",  # collation-dependent bound
    ],
)
def test_no_rule_when_a_part_has_none(expression: str) -> None:
    analysis, _, _ = analyze(expression, families=REAL)
    assert analysis.strategy == "verify" and analysis.rules is None


def test_contradictory_branches_are_dropped() -> None:
    assert branches("(x IS NULL AND x = 1) OR (y IS NULL AND y IS NOT NULL) OR x IS NOT NULL") == [
        [("x", "not_null", ())]
    ]


def test_atoms_are_hashable() -> None:
    assert len({Atom("x", "null"), Atom("x", "null")}) == 1
