"""Constant folding: "today" in every spelling is the base date; nothing that reads a column is a
constant."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
import sqlglot

from datalchemy.constraints.context import CheckContext
from datalchemy.constraints.folding import constant
from datalchemy.constraints.values import Interval, Value

from .helpers import BASE

PG = CheckContext("postgres", BASE, {}, None)
LITE = CheckContext("sqlite", BASE, {}, None)


@pytest.mark.parametrize(
    ("sql", "ctx", "value"),
    [
        ("CURRENT_DATE", PG, date(2024, 1, 1)),
        ("now()", PG, datetime(2024, 1, 1)),
        ("transaction_timestamp()", PG, datetime(2024, 1, 1)),
        ("LOCALTIMESTAMP", PG, datetime(2024, 1, 1)),
        ("CURRENT_TIME", PG, time()),
        ("'today'::date", PG, date(2024, 1, 1)),
        ("'now'::timestamp", PG, datetime(2024, 1, 1)),
        ("CURRENT_DATE - '18 years'::interval", PG, date(2006, 1, 1)),
        ("CURRENT_DATE + '1 hour'::interval", PG, datetime(2024, 1, 1, 1)),
        ("CURRENT_DATE - 1", PG, date(2023, 12, 31)),
        ("date('now')", LITE, date(2024, 1, 1)),
        ("date('now', '-18 years')", LITE, date(2006, 1, 1)),
        ("datetime('now', 'start of month', '+1 day')", LITE, datetime(2024, 1, 2)),
        ("CURRENT_TIMESTAMP", LITE, datetime(2024, 1, 1)),
    ],
)
def test_today_is_the_base_date(sql: str, ctx: CheckContext, value: Value) -> None:
    ok, got = constant(sqlglot.parse_one(sql, read=ctx.dialect), ctx)
    assert ok and got == value and type(got) is type(value)


@pytest.mark.parametrize(
    ("sql", "value"),
    [
        ("-3", -3),
        ("5.50", Decimal("5.50")),
        ("'1.5'::numeric(4,1)", Decimal("1.5")),
        ("2.5::integer", 3),  # half away from zero, as PostgreSQL rounds
        ("(-2.5)::integer", -3),
        ("INTERVAL '2 days'", Interval(days=2)),
        ("'t'::boolean", True),
        ("NULL::integer", None),
        ("1 + NULL", None),
        ("like_escape('a!_b', '!')", "a\\_b"),
    ],
)
def test_constants(sql: str, value: Value) -> None:
    ok, got = constant(sqlglot.parse_one(sql, read="postgres"), PG)
    assert ok and got == value and type(got) is type(value)


@pytest.mark.parametrize(
    "sql",
    [
        "x + 1",
        "upper('a')",
        "'x'::integer",
        "random()",
        "'1 hour'::interval + '1 day'::interval",  # only date +/- interval is folded
    ],
)
def test_not_constants(sql: str) -> None:
    assert constant(sqlglot.parse_one(sql, read="postgres"), PG) == (False, None)
