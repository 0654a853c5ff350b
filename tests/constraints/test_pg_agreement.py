"""Against the real PostgreSQL server: for ~100 CHECK shapes, PostgreSQL's verdict on a few
hundred rows equals the verifier's, "domain" checks are exactly their domains and orders, and
"verify" checks' domains are necessary conditions."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from datalchemy.constraints import (
    CheckVerifier,
    ColumnDomain,
    ColumnOrder,
)
from datalchemy.constraints.model import Atom, LinearSum, RowRule

from .helpers import (
    analyze,
)

# ----------------------------------------------------------- cross-check against PostgreSQL

#: Source-form CHECKs; PostgreSQL deparses them and the deparsed text is what is analysed.
PG_SHAPES = [
    "x > 5",
    "5 < x",
    "x >= -3",
    "x between 1 and 10",
    "x not between 1 and 10",
    "x between symmetric 10 and 1",
    "x in (1, 5, 10)",
    "x not in (1, 5)",
    "x <> 5",
    "x = 1 or x = 5 or x is null",
    "x < 0 or x > 10",
    "x in (1, null)",
    "x not in (1, null)",
    "x is not null",
    "x is null or x > 5",
    "x is null or (x > 5 and x < 100)",
    "not (x > 5)",
    "not (x in (1, 5))",
    "not (x = 1 or x = 5)",
    "x > any(array[5, 10])",
    "x > all(array[5, 10])",
    "x < any(array[5, 10])",
    "x / 2 = 2",
    "x % 2 = 0",
    "x is distinct from 5",
    "x is not distinct from 5",
    "x > 5.5",
    "x >= 5.5",
    "x < 5.5",
    "x = 5.5",
    "x <> y",
    "x <= y",
    "y > x + 2",
    "n > 1.25",
    "n between -1.5 and 2.5",
    "n >= 0::numeric and n <= 100::numeric",
    "n > 0 and n < 1",
    "x + n > 0",
    "f > 0.5",
    "f >= 1e3",
    "f <> 0",
    "t in ('a', 'ab')",
    "t = 'Admin'",
    "t <> ''",
    "length(t) <= 2",
    "char_length(t) between 2 and 3",
    "character_length(t) > 1",
    "length(t) = 3",
    "position('@' in t) > 0",
    "position('@' in t) > 1",
    "strpos(t, '@') >= 1",
    "t like 'a%'",
    "t like 'a\\_b'",
    "t like 'a!_b' escape '!'",
    "t ilike 'a%'",
    "t not like 'a%'",
    "t ~ '^[a-c]+$'",
    "t ~* '^a'",
    "t similar to 'a%b_'",
    "t similar to '(a|x)%'",
    "t !~ 'x'",
    "t is null or t like '%@%'",
    "t = any(array['a', 'b'])",
    "t <> all(array['a', 'b'])",
    "upper(t) = t",
    "trim(t) <> ''",
    "vc in ('A', 'b')",
    "vc::text ~ '^[A-Z]'",
    "length(vc) >= 2",
    "d <= current_date",
    "d >= '2020-01-01'",
    "d > date '2020-01-01'",
    "d < '2020-01-01'::date",
    "d >= '2020-01-01'::date and d < '2030-01-01'",
    "d <= current_date - interval '18 years'",
    "d <= current_date - 1",
    "d > now()",
    "d >= '2020-01-01 10:00:00'::timestamp",
    "d <= '2020-01-01 10:00:00'::timestamp",
    "d < '2020-01-01 10:00:00'::timestamp",
    "ts <= now()",
    "ts < current_timestamp",
    "ts <= localtimestamp",
    "ts > '2024-05-01 10:00:00'",
    "ts2 > ts",
    "ts2 >= ts",
    "ts2 is null or ts is null or ts2 >= ts",
    "ts2 >= ts + interval '1 hour'",
    "ts >= d",
    "ts >= d + interval '1 day'",
    "ts2 - ts <= interval '1 day'",
    "tstz <= now()",
    "tstz > '2020-01-01 00:00:00+02'",
    "tt > '08:00'",
    "b",
    "not b",
    "b = true",
    "b is true",
    "e = 'ok'",
    "e in ('ok', 'sad')",
    "e <> 'sad'",
    "cardinality(arr) <= 3",
    "arr is null or array_length(arr, 1) <= 3",
    "num_nonnulls(x, t) >= 1",
    "coalesce(x, 0) >= 0",
    "extract(year from d) >= 2020",
    "date_trunc('day', ts) = ts",
    "(x > 0) = true",
    # functions of one column, ORs of patterns (issue 18, class 6)
    "t = lower(t)",
    "char_length(btrim(t)) > 0",
    "length(trim(t)) = 0",
    "extract(year from d) between 2019 and 2023",
    "date_part('year', ts) < 2024",
    "extract(year from tstz) = 2019",
    "cardinality(arr) between 1 and 3",
    "array_length(arr, 1) >= 2",
    "array_length(arr, 1) = 3",
    "jsonb_typeof(j) = 'object'",
    "jsonb_typeof(j) in ('array', 'string')",
    "jsonb_typeof(j) <> 'null'",
    "octet_length(bin) = 2",
    "octet_length(bin) <= 1",
    "t like 'a%' or t like 'x%'",
    "t ilike 'a%' or t ~ '^x'",
    "t is null or t like '%b' or t like 'A%'",
    "t like 'a%' or t ~ 'y'",
    "upper(t) in ('A', 'AB')",
    "(x is null) = (t is null)",
    # row rules: conditional nullness, implications, sums
    "((x is not null or y is not null) and b = true) or (x is null and y is null)",
    "((x is null) and (t is not null)) or ((x is not null) and (t is null))",
    "(x <> 5) or (x = 5 and t is null and b is false)",
    "num_nonnulls(x, y, t) = 1",
    "(b = false and t is null) or (b = true and t is not null)",
    "t = vc or x is null",
    "x + y = 10",
    "x - y >= 2",
    "t = null or length(t) > 0",  # Supabase: "= NULL" is unknown, the check always passes
]

PG_COLUMNS = {
    "x": "integer",
    "y": "integer",
    "n": "numeric",
    "f": "double precision",
    "t": "text",
    "vc": "varchar(10)",
    "d": "date",
    "ts": "timestamp",
    "ts2": "timestamp",
    "tstz": "timestamptz",
    "tt": "time",
    "b": "boolean",
    "e": "mood",
    "arr": "integer[]",
    "j": "jsonb",
    "bin": "bytea",
}

_TS = [
    None,
    datetime(2023, 12, 31, 23, 59, 59, 999_999),
    datetime(2024, 1, 1),
    datetime(2024, 1, 1, 0, 0, 0, 1),
    datetime(2024, 1, 1, 1),
    datetime(2024, 5, 1, 10),
    datetime(2024, 5, 1, 10, 0, 0, 1),
]
PG_VALUES: dict[str, list[Any]] = {
    "x": [None, -5, -3, 0, 1, 4, 5, 6, 7, 10, 11, 99, 100],
    "y": [None, -1, 1, 5, 7, 8, 10],
    "n": [
        None,
        Decimal("-1.5"),
        Decimal(0),
        Decimal("0.5"),
        Decimal("1.25"),
        Decimal("1.26"),
        Decimal("2.5"),
        Decimal(100),
    ],
    "f": [None, 0.0, 0.5, 0.50001, 999.0, 1000.0],
    "t": [
        None,
        "",
        "a",
        "ab",
        "abc",
        "AB",
        "x@y",
        "@xy",
        "Admin",
        "admin",
        "b",
        "a_b",
        "axb",
        "xyz",
        " ",
    ],
    "vc": [None, "A", "b", "Ab", "zz"],
    "d": [
        None,
        date(2005, 12, 31),
        date(2006, 1, 1),
        date(2019, 12, 31),
        date(2020, 1, 1),
        date(2020, 1, 2),
        date(2023, 12, 31),
        date(2024, 1, 1),
        date(2024, 1, 2),
        date(2030, 1, 1),
    ],
    "ts": _TS,
    "ts2": _TS,
    "tstz": [
        None,
        datetime(2019, 12, 31, 21, 59, tzinfo=UTC),
        datetime(2019, 12, 31, 22, tzinfo=UTC),
        datetime(2019, 12, 31, 22, 0, 0, 1, tzinfo=UTC),
        datetime(2024, 1, 1, tzinfo=UTC),
        datetime(2024, 1, 1, 0, 0, 1, tzinfo=UTC),
    ],
    "tt": [None, time(7, 59), time(8), time(8, 0, 1)],
    "b": [None, True, False],
    "e": [None, "sad", "ok", "happy"],
    "arr": [None, [], [1, 2, 3], [1, 2, 3, 4]],
    "j": [None, '{"a": 1}', "[1]", '"s"', "1", "true", "null"],
    "bin": [None, b"", b"ab", b"\x00\x01", b"abc"],
}


def _pg_rows(count: int) -> list[dict[str, Any]]:
    rng = random.Random(20240101)
    rows = [{c: vals[i % len(vals)] for c, vals in PG_VALUES.items()} for i in range(16)]
    rows += [{c: rng.choice(vals) for c, vals in PG_VALUES.items()} for _ in range(count)]
    # pairs of related columns at and around equality
    for a, b in (("ts", "ts2"), ("x", "y"), ("d", "ts")):
        for i in range(40):
            row = {c: rng.choice(vals) for c, vals in PG_VALUES.items()}
            row[b] = (
                row[a]
                if (a, b) != ("d", "ts")
                else (
                    datetime.combine(row[a], time())
                    + timedelta(microseconds=rng.choice([-1, 0, 1]))
                    if row[a] is not None
                    else None
                )
            )
            if i % 3 and row[a] is not None and a != "d":
                delta: Any = 1 if a == "x" else timedelta(microseconds=1)
                row[b] = row[a] + delta * rng.choice([-1, 1])
            rows.append(row)
    return rows


def _today_as_literals(expression: str) -> str:
    return (
        expression.replace("CURRENT_DATE", "'2024-01-01'::date")
        .replace("now()", "'2024-01-01 00:00:00+00'::timestamptz")
        .replace("CURRENT_TIMESTAMP", "'2024-01-01 00:00:00+00'::timestamptz")
        .replace("LOCALTIMESTAMP", "'2024-01-01 00:00:00'::timestamp")
    )


def _like_regex(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return "^" + "".join(out) + "$"


def _in_domain(dom: ColumnDomain, value: Any) -> bool:
    """Python reading of a ColumnDomain with SQL CHECK semantics (NULL passes)."""
    if value is None:
        return not dom.not_null
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    if (
        isinstance(dom.minimum, date)
        and not isinstance(dom.minimum, datetime)
        and isinstance(value, datetime)
    ):
        raise AssertionError("family mismatch")
    ok = True
    if dom.minimum is not None:
        ok &= value > dom.minimum or (value == dom.minimum and dom.minimum_inclusive)
    if dom.maximum is not None:
        ok &= value < dom.maximum or (value == dom.maximum and dom.maximum_inclusive)
    if dom.allowed is not None:
        ok &= any(value == a for a in dom.allowed)
    ok &= not any(value == f for f in dom.forbidden)
    if dom.min_length is not None:
        ok &= len(value) >= dom.min_length
    if dom.max_length is not None:
        ok &= len(value) <= dom.max_length
    ok &= all(re.fullmatch(_like_regex(p), value, re.S) is not None for p in dom.like)
    ok &= all(re.search(p, value) is not None for p in dom.regex)
    ok &= all(n in value for n in dom.contains)
    if dom.case is not None:
        ok &= value == (value.lower() if dom.case == "lower" else value.upper())
    if dom.min_items is not None:
        ok &= len(value) >= dom.min_items
    if dom.max_items is not None:
        ok &= len(value) <= dom.max_items
    if dom.min_bytes is not None:
        ok &= len(value) >= dom.min_bytes
    if dom.max_bytes is not None:
        ok &= len(value) <= dom.max_bytes
    if dom.json_types is not None:
        ok &= _json_type(value) in dom.json_types
    return bool(ok)


def _json_type(text: str) -> str:
    value = json.loads(text)
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number"


def _in_order(order: ColumnOrder, row: Mapping[str, Any]) -> bool:
    a, b = row[order.left], row[order.right]
    if a is None or b is None:
        return True
    if isinstance(a, date) and not isinstance(a, datetime) and isinstance(b, datetime):
        a = datetime.combine(a, time())
    if isinstance(b, date) and not isinstance(b, datetime) and isinstance(a, datetime):
        b = datetime.combine(b, time())
    return bool(
        {
            ">": a > b,
            ">=": a >= b,
            "<": a < b,
            "<=": a <= b,
            "=": a == b,
            "<>": a != b,
        }[order.op]
    )


@pytest.fixture(scope="module")
def pg_verdicts(
    pg_server: Any,
) -> Iterator[tuple[list[dict[str, Any]], list[tuple[str, list[bool]]]]]:
    """(rows, [(deparsed CHECK, PostgreSQL's "violates" per row)]) for every PG_SHAPES entry."""
    import psycopg

    from datalchemy.introspect.postgres import check_expression

    url = pg_server.create_database()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("set timezone = 'UTC'")
            conn.execute("create type mood as enum ('sad', 'ok', 'happy')")
            cols = ", ".join(f"{c} {t}" for c, t in PG_COLUMNS.items())
            conn.execute(f"create table shapes ({cols})")
            conn.execute(f"create table cand (id integer primary key, {cols})")
            for i, shape in enumerate(PG_SHAPES):
                conn.execute(f"alter table shapes add constraint c{i:03d} check ({shape})")
            deparsed = [
                check_expression(d)
                for (d,) in conn.execute(
                    "select pg_get_constraintdef(oid) from pg_constraint "
                    "where conrelid = 'shapes'::regclass order by conname"
                ).fetchall()
            ]
            rows = _pg_rows(400)
            names = list(PG_COLUMNS)
            with conn.cursor() as cur:
                cur.executemany(
                    f"insert into cand values (%s, {', '.join(['%s'] * len(names))})",
                    [(i, *(r[c] for c in names)) for i, r in enumerate(rows)],
                )
            verdicts = []
            for expression in deparsed:
                sql = f"select ({_today_as_literals(expression)}) is false from cand order by id"
                verdicts.append((expression, [bool(v) for (v,) in conn.execute(sql).fetchall()]))
        yield rows, verdicts
    finally:
        pg_server.drop_database(url.rsplit("/", 1)[-1].split("?")[0])


def _arrow_from_rows(rows: list[dict[str, Any]]) -> pa.Table:
    types = {
        "x": pa.int64(),
        "y": pa.int64(),
        "n": pa.decimal128(20, 5),
        "f": pa.float64(),
        "t": pa.string(),
        "vc": pa.string(),
        "d": pa.date32(),
        "ts": pa.timestamp("us"),
        "ts2": pa.timestamp("us"),
        "tstz": pa.timestamp("us", tz="UTC"),
        "tt": pa.time64("us"),
        "b": pa.bool_(),
        "e": pa.string(),
        "arr": pa.list_(pa.int64()),
        "j": pa.string(),
        "bin": pa.binary(),
    }
    return pa.table({c: pa.array([r[c] for r in rows], t) for c, t in types.items()})


def test_postgres_agrees_with_analysis_and_verifier(
    pg_verdicts: tuple[list[dict[str, Any]], list[tuple[str, list[bool]]]],
) -> None:
    rows, verdicts = pg_verdicts
    assert len(verdicts) == len(PG_SHAPES)
    analyses = []
    for expression, _ in verdicts:
        analyses.append(analyze(expression))
    verifier = CheckVerifier([a for a, _, _ in analyses])
    masks = verifier.failing(_arrow_from_rows(rows))
    assert verifier.unsupported == {}, {
        verdicts[i][0]: why for i, why in verifier.unsupported.items()
    }
    problems = []
    strategies = {"domain": 0, "verify": 0}
    for i, ((expression, pg_fails), (analysis, domains, orders)) in enumerate(
        zip(verdicts, analyses, strict=True)
    ):
        strategies[analysis.strategy] += 1
        duck = masks[i].tolist()
        if duck != pg_fails:
            bad = [rows[j] for j, (p, q) in enumerate(zip(pg_fails, duck, strict=True)) if p != q]
            problems.append(
                f"DuckDB != PostgreSQL for {expression!r} ({analysis.verify_sql}): {bad[:2]}"
            )
        for j, row in enumerate(rows):
            captured = all(_in_domain(d, row[d.column]) for d in domains) and all(
                _in_order(o, row) for o in orders
            )
            passes = not pg_fails[j]
            if analysis.strategy == "domain" and captured != passes:
                problems.append(
                    f"domain != PostgreSQL for {expression!r} on {row}: {domains} {orders}"
                )
                break
            if passes and not captured:
                problems.append(
                    f"domain not necessary for {expression!r} on {row}: {domains} {orders}"
                )
                break
    assert not problems, "\n".join(problems)
    # most shapes are captured exactly
    assert strategies["domain"] >= 70, strategies


def _atom_truth(atom: Atom, row: Mapping[str, Any]) -> bool | str | None:
    """An atom on a row: True, False, None (unknown) or "?" (a guide's value outside it)."""
    value = row[atom.column]
    if atom.test == "null":
        return value is None
    if atom.test == "not_null":
        return value is not None
    if value is None:
        return None
    if atom.test == "in":
        return value in atom.values
    if atom.test == "not_in":
        return value not in atom.values
    if atom.test == "same_as":
        other = row[atom.other or ""]
        return None if other is None else value == other
    assert atom.domain is not None
    inside = _in_domain(atom.domain, value)
    return inside if atom.exact or inside else "?"


def _rule_verdict(rule: RowRule, row: Mapping[str, Any]) -> bool | None:
    """Whether ``row`` passes the rule (None: undecided, a value outside a guide)."""
    if isinstance(rule, LinearSum):
        values = [row[c] for c in rule.columns]
        if any(v is None for v in values):
            return True
        total = sum(k * row[c] for c, k in rule.terms)
        return bool(_in_order(ColumnOrder("s", rule.op, "k"), {"s": total, "k": rule.constant}))
    result: bool | None = False
    for branch in rule.branches:
        truths = [_atom_truth(a, row) for a in branch]
        if "?" in truths:
            return None
        if all(t is True for t in truths):
            return True
        if not any(t is False for t in truths):
            result = None  # unknown: the row passes
    return result is not False


def test_row_rules_agree_with_postgres(
    pg_verdicts: tuple[list[dict[str, Any]], list[tuple[str, list[bool]]]],
) -> None:
    """Rows that satisfy a CHECK's row rules pass in PostgreSQL; rules without guides (sufficient
    domains) say exactly what PostgreSQL says."""
    rows, verdicts = pg_verdicts
    ruled = 0
    problems = []
    for expression, pg_fails in verdicts:
        analysis, _, _ = analyze(expression)
        if not analysis.rules:
            continue
        ruled += 1
        exact = all(
            isinstance(r, LinearSum) or all(a.exact for b in r.branches for a in b)
            for r in analysis.rules
        )
        for row, fails in zip(rows, pg_fails, strict=True):
            verdicts_ = [_rule_verdict(r, row) for r in analysis.rules]
            if any(v is None for v in verdicts_):
                continue
            passes = all(verdicts_)
            if passes and fails:
                problems.append(f"rules of {expression!r} admit {row}, PostgreSQL rejects it")
                break
            if exact and not passes and not fails:
                problems.append(f"rules of {expression!r} reject {row}, PostgreSQL accepts it")
                break
    assert not problems, "\n".join(problems)
    assert ruled >= 12, ruled
