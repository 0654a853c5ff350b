"""Constant values: PostgreSQL intervals, date arithmetic, and conversion to a column's family."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from datalchemy.constraints.model import Scalar
from datalchemy.constraints.values import (
    Interval,
    Unfit,
    Value,
    discrete_bound,
    equal_value,
    parse_datetime,
    parse_interval,
    shift,
    to_family,
)
from datalchemy.contracts.schema import TypeFamily

F = TypeFamily


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("1 day", Interval(days=1)),
        ("-18 years", Interval(months=-216)),
        ("1 year 2 mons 3 days 04:05:06", Interval(14, 3, 14_706_000_000)),
        ("01:00:00", Interval(micros=3_600_000_000)),
        ("-00:00:01.5", Interval(micros=-1_500_000)),
        ("@ 2 weeks", Interval(days=14)),
        ("1.5 seconds", Interval(micros=1_500_000)),
        ("1.5 days", None),  # a fractional day is not a whole number of days
        ("", None),
        ("soon", None),
        ("3 fortnights", None),
    ],
)
def test_parse_interval(text: str, interval: Interval | None) -> None:
    assert parse_interval(text) == interval


def test_interval_sign() -> None:
    assert (Interval(days=1).sign, (-Interval(days=1)).sign) == (1, -1)
    assert Interval(months=1, days=-1).sign == 0
    assert Interval().sign == 0


@pytest.mark.parametrize(
    ("start", "interval", "moved"),
    [
        (date(2024, 1, 31), Interval(months=1), date(2024, 2, 29)),  # clamped to the month's end
        (date(2023, 1, 31), Interval(months=1), date(2023, 2, 28)),
        (date(2024, 3, 31), Interval(months=-1), date(2024, 2, 29)),
        (date(2024, 2, 29), Interval(months=-12), date(2023, 2, 28)),
        (date(2024, 1, 1), Interval(months=-216), date(2006, 1, 1)),
        (date(2024, 1, 1), Interval(days=-1), date(2023, 12, 31)),
        (date(2024, 1, 1), Interval(micros=1), datetime(2024, 1, 1, 0, 0, 0, 1)),
        (datetime(2024, 1, 31, 12), Interval(months=1, days=1), datetime(2024, 3, 1, 12)),
    ],
)
def test_shift(start: date, interval: Interval, moved: date) -> None:
    got = shift(start, interval)
    assert got == moved and type(got) is type(moved)


def test_parse_datetime_reads_postgres_offsets() -> None:
    assert parse_datetime("2019-12-31 22:00:00+00").utcoffset() is not None
    assert parse_datetime("2020-01-01 00:00:00+05:30").isoformat() == "2020-01-01T00:00:00+05:30"
    assert parse_datetime("2020-01-01T10:00:00").tzinfo is None


@pytest.mark.parametrize(
    ("value", "family", "expected"),
    [
        ("42", F.INTEGER, 42),
        ("4.5", F.INTEGER, Decimal("4.5")),
        (1, F.DECIMAL, Decimal(1)),
        (0.5, F.DECIMAL, Decimal("0.5")),
        (Decimal("2.5"), F.FLOAT, 2.5),
        ("2020-01-01", F.DATE, date(2020, 1, 1)),
        ("2020-01-01 10:00:00", F.DATE, datetime(2020, 1, 1, 10)),
        ("2020-01-01 02:00:00+02", F.TIMESTAMPTZ, datetime(2020, 1, 1)),
        (date(2020, 1, 1), F.TIMESTAMP, datetime(2020, 1, 1)),
        ("08:00", F.TIME, time(8)),
        ("yes", F.BOOLEAN, True),
        (0, F.BOOLEAN, False),
        (5, F.TEXT, "5"),
        ("Admin", F.ENUM, "Admin"),
        ("kept", None, "kept"),
    ],
)
def test_to_family(value: Value, family: TypeFamily | None, expected: Scalar) -> None:
    got = to_family(value, family)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("value", "family"),
    [
        (None, F.INTEGER),
        (Interval(days=1), F.DATE),
        (True, F.INTEGER),
        ("five", F.INTEGER),
        ("2020-13-01", F.DATE),
        ("maybe", F.BOOLEAN),
        (date(2020, 1, 1), F.INTEGER),
    ],
)
def test_to_family_rejects_what_does_not_fit(value: Value, family: TypeFamily) -> None:
    with pytest.raises(Unfit):
        to_family(value, family)


def test_equal_value() -> None:
    assert equal_value(Decimal("5.0"), F.INTEGER) == 5
    assert equal_value(Decimal("5.5"), F.INTEGER) is None
    assert equal_value(datetime(2020, 1, 1), F.DATE) == date(2020, 1, 1)
    assert equal_value(datetime(2020, 1, 1, 10), F.DATE) is None
    assert equal_value("x", F.TEXT) == "x"


@pytest.mark.parametrize(
    ("value", "family", "lower", "inclusive", "expected"),
    [
        (5, F.INTEGER, True, False, (6, True)),
        (5.5, F.INTEGER, True, True, (6, True)),
        (Decimal("5.5"), F.INTEGER, False, True, (5, True)),
        (10, F.INTEGER, False, False, (9, True)),
        (date(2024, 1, 1), F.DATE, True, False, (date(2024, 1, 2), True)),
        (date(2024, 1, 1), F.DATE, False, False, (date(2023, 12, 31), True)),
        (datetime(2020, 1, 1, 10), F.DATE, True, True, (date(2020, 1, 2), True)),
        (datetime(2020, 1, 1, 10), F.DATE, False, False, (date(2020, 1, 1), True)),
        (datetime(2020, 1, 1), F.DATE, False, False, (date(2019, 12, 31), True)),
        (Decimal("1.25"), F.DECIMAL, True, False, (Decimal("1.25"), False)),  # stays strict
    ],
)
def test_discrete_bound(
    value: Scalar, family: TypeFamily, lower: bool, inclusive: bool, expected: tuple[Scalar, bool]
) -> None:
    assert discrete_bound(value, family, lower=lower, inclusive=inclusive) == expected
