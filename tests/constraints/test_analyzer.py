"""Each supported CHECK shape, one by one, in PostgreSQL's deparsed form and the source form."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from datalchemy.constraints import ColumnOrder
from datalchemy.constraints.analyzer import SHAPES, Analyzer, handler_for
from datalchemy.constraints.context import CheckContext
from datalchemy.constraints.domains import Capture
from datalchemy.constraints.shapes import comparisons
from datalchemy.constraints.tree import COMPARISONS

from .helpers import BASE, FAMILIES, F, analyze, one_domain

# ---------------------------------------------------------------------------- shapes, one by one


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("x > 5", {"minimum": 6, "minimum_inclusive": True}),
        ("5 < x", {"minimum": 6}),
        ("(x > 5)", {"minimum": 6}),
        ("x >= '-3'::integer", {"minimum": -3}),
        ("x >= -3", {"minimum": -3}),
        ("x >= (-3)", {"minimum": -3}),
        ("x < 10", {"maximum": 9, "maximum_inclusive": True}),
        ("10 >= x", {"maximum": 10}),
        ("x > 5.5", {"minimum": 6}),
        ("x < 5.5", {"maximum": 5}),
        ("x = 5", {"allowed": [5]}),
        ("x = 5.5", {"allowed": []}),
        ("x <> 5", {"forbidden": [5]}),
        ("x BETWEEN 1 AND 10", {"minimum": 1, "maximum": 10}),
        ("x BETWEEN SYMMETRIC 10 AND 1", {"minimum": 1, "maximum": 10}),
        ("x >= 1 AND x <= 10 AND x > 3 AND x < 8", {"minimum": 4, "maximum": 7}),
        ("x IN (1, 5, 10)", {"allowed": [1, 5, 10]}),
        ("x = ANY (ARRAY[1, 5, 10])", {"allowed": [1, 5, 10]}),
        ("x IN (1, 5, 10) AND x IN (5, 10, 20)", {"allowed": [5, 10]}),
        ("x IN (1, 5, 10) AND x > 4", {"allowed": [5, 10], "minimum": 5}),
        ("x NOT IN (1, 5)", {"forbidden": [1, 5]}),
        ("x <> ALL (ARRAY[1, 5])", {"forbidden": [1, 5]}),
        ("x = 1 OR x = 5 OR x = 3", {"allowed": [1, 5, 3]}),
        ("x = 1 OR x IN (5, 7) OR x IS NULL", {"allowed": [1, 5, 7], "null_ok": True}),
        ("x IS NULL OR x > 5", {"minimum": 6, "null_ok": True}),
        ("x IS NULL OR (x > 5 AND x < 9)", {"minimum": 6, "maximum": 8, "null_ok": True}),
        ("x IS NOT NULL", {"not_null": True}),
        ("x IS NOT NULL AND x > 0", {"not_null": True, "minimum": 1}),
        ("NOT (x > 5)", {"maximum": 5}),
        ("NOT (x IN (1, 5))", {"forbidden": [1, 5]}),
        ("NOT (x = 1 OR x = 2)", {"forbidden": [1, 2]}),
        ("NOT (NOT (x >= 2))", {"minimum": 2}),
        ("x > ANY (ARRAY[5, 10])", {"minimum": 6}),
        ("x > ALL (ARRAY[5, 10])", {"minimum": 11}),
        ("x < ANY (ARRAY[5, 10])", {"maximum": 9}),
        ("x IS DISTINCT FROM 5", {"forbidden": [5]}),
        ("x IS NOT DISTINCT FROM 5", {"allowed": [5], "not_null": True}),
        ("n > 1.25", {"minimum": Decimal("1.25"), "minimum_inclusive": False}),
        (
            "n >= '-1.5'::numeric AND n <= 2.5",
            {"minimum": Decimal("-1.5"), "maximum": Decimal("2.5")},
        ),
        ("n < 100::numeric", {"maximum": Decimal(100), "maximum_inclusive": False}),
        ("f > (0.5)::double precision", {"minimum": 0.5, "minimum_inclusive": False}),
        ("f >= ('1000'::numeric)::double precision", {"minimum": 1000.0}),
        ("t = ANY (ARRAY['a'::text, 'b'::text])", {"allowed": ["a", "b"]}),
        ("t <> ALL (ARRAY['a'::text, 'b'::text])", {"forbidden": ["a", "b"]}),
        ("t <> ''::text", {"forbidden": [""]}),
        ("t = 'Admin'::text", {"allowed": ["Admin"]}),
        (
            "(vc)::text = ANY ((ARRAY['A'::character varying, 'b'::character varying])::text[])",
            {"allowed": ["A", "b"]},
        ),
        ("length(t) <= 10", {"max_length": 10}),
        ("char_length(t) > 2", {"min_length": 3}),
        (
            "character_length((vc)::text) >= 2 AND character_length((vc)::text) < 5",
            {"min_length": 2, "max_length": 4},
        ),
        ("length(t) BETWEEN 2 AND 3", {"min_length": 2, "max_length": 3}),
        ("length(t) = 4", {"min_length": 4, "max_length": 4}),
        ("POSITION(('@'::text) IN (t)) > 0", {"contains": ["@"]}),
        ("strpos(t, '@'::text) >= 1", {"contains": ["@"]}),
        ("t ~~ 'ab%'::text", {"like": ["ab%"]}),
        ("t LIKE 'ab%'", {"like": ["ab%"]}),
        ("t LIKE 'a!_b%' ESCAPE '!'", {"like": ["a\\_b%"]}),
        ("t ~~* 'ab%'::text", {"regex": ["(?i)^ab.*$"]}),
        ("t ILIKE 'a_b'", {"regex": ["(?i)^a.b$"]}),
        ("t ~ '^[a-z]+$'::text", {"regex": ["^[a-z]+$"]}),
        ("t ~* '^a'::text", {"regex": ["(?i)^a"]}),
        ("t ~ similar_to_escape('a%b_'::text)", {"regex": ["^(?:a.*b.)$"]}),
        ("t SIMILAR TO 'a%b_'", {"regex": ["^(?:a.*b.)$"]}),
        ("(vc)::text ~ '^[A-Z]'::text", {"regex": ["^[A-Z]"]}),
        ("d <= CURRENT_DATE", {"maximum": date(2024, 1, 1)}),
        ("d < CURRENT_DATE", {"maximum": date(2023, 12, 31)}),
        ("d > '2020-01-01'::date", {"minimum": date(2020, 1, 2)}),
        ("d >= DATE '2020-01-01'", {"minimum": date(2020, 1, 1)}),
        ("d >= '2020-01-01'", {"minimum": date(2020, 1, 1)}),
        ("d <= (CURRENT_DATE - '18 years'::interval)", {"maximum": date(2006, 1, 1)}),
        ("d <= (CURRENT_DATE - 1)", {"maximum": date(2023, 12, 31)}),
        ("d >= '2020-01-01 10:00:00'::timestamp", {"minimum": date(2020, 1, 2)}),
        ("d <= '2020-01-01 10:00:00'::timestamp", {"maximum": date(2020, 1, 1)}),
        ("d < '2020-01-01 10:00:00'::timestamp", {"maximum": date(2020, 1, 1)}),
        ("d > now()", {"minimum": date(2024, 1, 2)}),
        ("ts <= now()", {"maximum": datetime(2024, 1, 1)}),
        ("ts <= CURRENT_TIMESTAMP", {"maximum": datetime(2024, 1, 1)}),
        ("ts < LOCALTIMESTAMP", {"maximum": datetime(2024, 1, 1), "maximum_inclusive": False}),
        (
            "ts > '2024-05-01 10:00:00'::timestamp without time zone",
            {"minimum": datetime(2024, 5, 1, 10), "minimum_inclusive": False},
        ),
        ("ts >= '2020-01-01'::date", {"minimum": datetime(2020, 1, 1)}),
        (
            "tstz > '2019-12-31 22:00:00+00'::timestamp with time zone",
            {"minimum": datetime(2019, 12, 31, 22), "minimum_inclusive": False},
        ),
        ("tstz <= now()", {"maximum": datetime(2024, 1, 1)}),
        (
            "tt > '08:00:00'::time without time zone",
            {"minimum": time(8), "minimum_inclusive": False},
        ),
        ("b", {"allowed": [True]}),
        ("NOT b", {"allowed": [False]}),
        ("b = true", {"allowed": [True]}),
        ("e = 'ok'::mood", {"allowed": ["ok"]}),
        ("e = ANY (ARRAY['ok'::mood, 'sad'::mood])", {"allowed": ["ok", "sad"]}),
        ("e <> 'sad'::plain.mood", {"forbidden": ["sad"]}),
    ],
)
def test_shape_domain(expression: str, expected: dict[str, Any]) -> None:
    analysis, dom = one_domain(expression)
    assert analysis.strategy == "domain", analysis
    for key, value in expected.items():
        got = getattr(dom, key)
        assert got == value, (key, got, value)
        if got is not None and not isinstance(got, list):
            assert type(got) is type(value), (key, got, value)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # necessary parts are captured, the rest is verified
        ("POSITION(('@'::text) IN (t)) > 1", {"contains": ["@"]}),
        ("strpos(t, '@'::text) > 1", {"contains": ["@"]}),
        ("t > 'a'::text", {"minimum": "a", "minimum_inclusive": False}),  # collation-dependent
        ("x > 0 AND x % 2 = 0", {"minimum": 1}),
        ("x IS NULL OR (x > 5 AND length(t) % 2 = 0)", {"minimum": 6, "null_ok": True}),
    ],
)
def test_shape_partial(expression: str, expected: dict[str, Any]) -> None:
    analysis, domains, _ = analyze(expression)
    assert analysis.strategy == "verify" and analysis.note
    dom = next(d for d in domains if d.column in ("t", "x"))
    for key, value in expected.items():
        assert getattr(dom, key) == value, (key, getattr(dom, key), value)


@pytest.mark.parametrize(
    "expression",
    [
        "x < 0 OR x > 10",
        "(x < 1) OR (x > 10)",
        "x NOT BETWEEN 1 AND 10",
        "t !~~ 'x%'::text",
        "t !~ 'x'::text",
        "x % 2 = 0",
        "(x / 2) = 2",
        "x + y > 0",
        "COALESCE(x, 0) >= 0",
        "num_nonnulls(x, t) >= 1",
        "date_trunc('day'::text, ts) = ts",
        "(ts2 - ts) <= '1 day'::interval",
        "(x > 0) = true",
        "upper(t) = 'A'",  # not captured; a row rule (see test_formulas.py) fits t to 'A'
        "x IS NULL OR y > 0",
        "x IS NULL OR t IS NULL",
        "e > 'ok'::mood",  # enum order is the label order
    ],
)
def test_shape_verified_only(expression: str) -> None:
    analysis, domains, orders = analyze(expression)
    assert analysis.strategy == "verify", analysis
    assert analysis.verify_sql
    assert all(d.column != "x" or d.minimum is None for d in domains)
    assert not orders


def test_in_list_with_null_never_fails() -> None:
    analysis, domains, _ = analyze("x = ANY (ARRAY[1, NULL::integer])")
    assert analysis.strategy == "domain" and domains == []
    analysis, domains, _ = analyze("x <> ALL (ARRAY[1, NULL::integer])")
    assert analysis.strategy == "domain" and domains[0].forbidden == [1]


@pytest.mark.parametrize(
    ("expression", "order"),
    [
        ("ts2 > ts", ColumnOrder("ts2", ">", "ts", False, "chk")),
        ("ts <= ts2", ColumnOrder("ts", "<=", "ts2", False, "chk")),
        ("(ts2 >= ts)", ColumnOrder("ts2", ">=", "ts", False, "chk")),
        ("ts2 IS NULL OR ts2 >= ts", ColumnOrder("ts2", ">=", "ts", True, "chk")),
        ("ts IS NULL OR ts2 >= ts", ColumnOrder("ts2", ">=", "ts", True, "chk")),
        ("ts2 IS NULL OR ts IS NULL OR ts2 >= ts", ColumnOrder("ts2", ">=", "ts", True, "chk")),
        ("x <> y", ColumnOrder("x", "<>", "y", False, "chk")),
        ("NOT (x > y)", ColumnOrder("x", "<=", "y", False, "chk")),
        ("ts >= d", ColumnOrder("ts", ">=", "d", False, "chk")),
    ],
)
def test_column_orders(expression: str, order: ColumnOrder) -> None:
    analysis, domains, orders = analyze(expression)
    assert analysis.strategy == "domain", analysis
    assert domains == [] and orders == [order]


@pytest.mark.parametrize(
    ("expression", "order"),
    [
        ("ts2 >= (ts + '01:00:00'::interval)", ColumnOrder("ts2", ">", "ts", False, "chk")),
        ("ts >= (d + '1 day'::interval)", ColumnOrder("ts", ">", "d", False, "chk")),
        ("(ts + '1 day'::interval) <= ts2", ColumnOrder("ts", "<", "ts2", False, "chk")),
        ("y > x + 2", ColumnOrder("y", ">", "x", False, "chk")),
    ],
)
def test_column_plus_offset_is_a_verified_order(expression: str, order: ColumnOrder) -> None:
    analysis, _, orders = analyze(expression)
    assert analysis.strategy == "verify"
    assert orders == [order]


def test_mixed_conjunction_keeps_domains_and_orders() -> None:
    analysis, domains, orders = analyze(
        "x BETWEEN 1 AND 10 AND y IN (2, 3) AND (ts2 IS NULL OR ts2 >= ts)"
    )
    assert analysis.strategy == "domain"
    assert {d.column: (d.minimum, d.maximum, d.allowed) for d in domains} == {
        "x": (1, 10, None),
        "y": (None, None, [2, 3]),
    }
    assert orders == [ColumnOrder("ts2", ">=", "ts", True, "chk")]
    assert analysis.columns == ["x", "y", "ts2", "ts"]


def test_literal_case_is_preserved() -> None:
    analysis, dom = one_domain("t IN ('Admin', 'ADMIN', 'admin')")
    assert dom.allowed == ["Admin", "ADMIN", "admin"]
    assert "'Admin'" in (analysis.verify_sql or "")
    analysis, dom = one_domain(
        "perfil IN ('Admin','Atendente')", dialect="sqlite", families={"perfil": F.TEXT}
    )
    assert dom.allowed == ["Admin", "Atendente"]
    assert analysis.verify_sql == "\"perfil\" IN ('Admin', 'Atendente')"


def test_sqlite_forms() -> None:
    fam = {"d": F.DATE, "ts": F.TIMESTAMP, "t": F.TEXT, "n": F.INTEGER}
    analysis, dom = one_domain("d <= date('now')", dialect="sqlite", families=fam)
    assert dom.maximum == date(2024, 1, 1) and "DATE '2024-01-01'" in (analysis.verify_sql or "")
    _, dom = one_domain("d <= date('now', '-18 years')", dialect="sqlite", families=fam)
    assert dom.maximum == date(2006, 1, 1)
    analysis, dom = one_domain("ts <= datetime('now')", dialect="sqlite", families=fam)
    assert dom.maximum == datetime(2024, 1, 1)
    assert "TIMESTAMP '2024-01-01 00:00:00'" in (analysis.verify_sql or "")
    analysis, dom = one_domain("ts < CURRENT_TIMESTAMP", dialect="sqlite", families=fam)
    assert dom.maximum == datetime(2024, 1, 1) and not dom.maximum_inclusive
    analysis, dom = one_domain("t REGEXP '^[0-9]+$'", dialect="sqlite", families=fam)
    assert analysis.strategy == "domain" and dom.regex == ["^[0-9]+$"]
    analysis, dom = one_domain("t GLOB 'A[0-9]*'", dialect="sqlite", families=fam)
    assert analysis.strategy == "domain" and dom.regex == ["^A[0-9].*$"]
    analysis, dom = one_domain("instr(t, '@') > 0", dialect="sqlite", families=fam)
    assert analysis.strategy == "domain" and dom.contains == ["@"]
    # SQLite's LIKE ignores ASCII case: a (?i) regex, verified
    analysis, dom = one_domain("t LIKE 'ab%'", dialect="sqlite", families=fam)
    assert analysis.strategy == "verify" and dom.regex == ["(?i)^ab.*$"]
    assert "ILIKE" in (analysis.verify_sql or "")
    analysis, dom = one_domain("n == 3", dialect="sqlite", families=fam)
    assert dom.allowed == [3]
    # identifiers are case-insensitive in SQLite; the table's spelling is used
    analysis, dom = one_domain("N > 0 AND [N] < 9", dialect="sqlite", families=fam)
    assert dom.column == "n" and analysis.columns == ["n"]


def test_negations_that_parse_as_flags() -> None:
    # PostgreSQL's parser gives x IS NOT NULL / NOT LIKE as negate=True on the node itself
    analysis, domains, _ = analyze("x IS NOT NULL OR y > 0")
    assert analysis.strategy == "verify" and domains == []
    analysis, dom = one_domain("NOT (t = ANY (ARRAY['a'::text, 'b'::text]))")
    assert analysis.strategy == "domain" and dom.forbidden == ["a", "b"]
    analysis, dom = one_domain("NOT (x IS DISTINCT FROM 5)")
    assert analysis.strategy == "domain" and (dom.allowed, dom.not_null) == ([5], True)
    analysis, domains, _ = analyze("t NOT ILIKE 'a%'")
    assert analysis.strategy == "verify" and domains == []


# ----------------------------------------------------------------------------- the shape table


def _analyzer() -> Analyzer:
    return Analyzer(CheckContext("postgres", BASE, FAMILIES, None))


def test_every_table_entry_is_an_expression_class_with_a_handler() -> None:
    assert SHAPES, "the table is empty"
    for cls, handler in SHAPES.items():
        assert issubclass(cls, exp.Expression), cls
        assert callable(handler), cls
    # every comparison node is routed to the comparison handler
    assert {SHAPES[cls] for cls in COMPARISONS} == {comparisons.comparison}


def test_a_subclass_takes_its_parents_handler() -> None:
    # sqlglot's Pseudocolumn is a Column: a bare boolean pseudo-column is handled like a column
    assert handler_for(exp.Pseudocolumn(this=exp.to_identifier("b"))) is SHAPES[exp.Column]
    assert handler_for(exp.Xor(this=exp.true(), expression=exp.false())) is None


def test_a_node_without_a_handler_is_verified_not_modelled() -> None:
    capture = _analyzer().condition(sqlglot.parse_one("x > 0 XOR y > 0", read="mysql"))
    assert not capture.exact and not capture.domains
    assert capture.notes == ["Xor is verified, not modelled"]


def test_a_new_shape_is_one_handler_and_one_table_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    def exclusive_or(an: Analyzer, node: exp.Xor) -> Capture:
        # Illustration only: a XOR b implies a OR b, so capture nothing exact.
        return Capture.nothing(f"XOR of {an.column_of(node.this.this)} is verified")

    monkeypatch.setitem(SHAPES, exp.Xor, exclusive_or)
    capture = _analyzer().condition(sqlglot.parse_one("x > 0 XOR y > 0", read="mysql"))
    assert capture.notes == ["XOR of x is verified"]


def test_negate_flags_route_through_the_negation() -> None:
    # sqlglot parses x IS NOT NULL as Is(negate=True); NOT (x IS NULL) is Not(Is): same capture.
    flagged = sqlglot.parse_one("x IS NOT NULL", read="postgres")
    assert flagged.args.get("negate")
    wrapped = _analyzer().condition(sqlglot.parse_one("NOT (x IS NULL)", read="postgres"))
    assert _analyzer().condition(flagged) == wrapped
    assert wrapped.domains["x"].not_null and wrapped.exact
