"""datalchemy.dates.add_months: PostgreSQL's date + months, for dates and datetimes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from datalchemy.dates import add_months


@pytest.mark.parametrize(
    ("value", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: clamped to the 29th
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 31), 1, date(2024, 6, 30)),
        (date(2024, 1, 15), 0, date(2024, 1, 15)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 3, 31), -14, date(2023, 1, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(
    value: date, months: int, expected: date
) -> None:
    assert add_months(value, months) == expected


def test_datetimes_keep_their_time_and_type() -> None:
    moved = add_months(datetime(2024, 1, 31, 23, 59, 58, 7), 1)
    assert moved == datetime(2024, 2, 29, 23, 59, 58, 7) and type(moved) is datetime


@pytest.mark.parametrize(("value", "months"), [(date(1, 1, 1), -1), (date(9999, 12, 1), 1)])
def test_outside_years_1_to_9999(value: date, months: int) -> None:
    with pytest.raises(ValueError, match="outside years 1-9999"):
        add_months(value, months)
