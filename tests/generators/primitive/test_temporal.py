"""Dates, times and timestamps."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pyarrow as pa
import pytest

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import ColumnFacts, GenContext

from .helpers import GENERATORS, ctx_for, param_error, run

# Dates, times, timestamps


def test_dates() -> None:
    values = run("primitive.date.range", {"min": "1990-01-01", "max": "1990-01-31"}).to_pylist()
    assert min(values) == date(1990, 1, 1) and max(values) == date(1990, 1, 31)
    default = run("primitive.date").to_pylist()
    assert min(default) >= date(2024, 1, 1) and max(default) <= date(2024, 1, 1) + timedelta(365)
    base = GenContext.for_column(seed=1, table="t", column="c", base_date=date(2030, 6, 1))
    gen = GENERATORS["primitive.date"]
    shifted = gen.generate(base, gen.parse_params(None), np.arange(1000)).to_pylist()
    assert min(shifted) >= date(2030, 6, 1)
    p = gen.parse_params({"min": "2024-02-01", "max": "2024-02-29"})
    assert gen.value_space(base, p) == 29
    assert gen.from_index(base, p, np.array([0, 28], dtype=np.uint64)).to_pylist() == [
        date(2024, 2, 1),
        date(2024, 2, 29),
    ]
    assert param_error("primitive.date", {"min": "2024-13-01"}).problems
    assert param_error("primitive.date", {"min": "01/02/2024"}).problems
    assert param_error("primitive.date", {"min": "2024-02-02", "max": "2024-02-01"}).problems
    with pytest.raises(GenerationError):
        run("primitive.date", {"min": "2030-01-01"})  # default max is base_date + 365 days


def test_times() -> None:
    values = run("primitive.time.range", {"min": "08:00:00", "max": "08:00:59"}).to_pylist()
    assert min(values) == time(8, 0, 0) and max(values) == time(8, 0, 59)
    assert all(v.microsecond == 0 for v in values)
    ms = run("primitive.time", {"min": "00:00:00.5", "max": "00:00:01", "resolution": "ms"})
    assert all(time(0, 0, 0, 500_000) <= v <= time(0, 0, 1) for v in ms.to_pylist())
    gen = GENERATORS["primitive.time"]
    assert gen.value_space(ctx_for(), gen.parse_params(None)) == 86_400
    assert param_error("primitive.time", {"min": "24:00:00"}).problems
    assert param_error("primitive.time", {"resolution": "ns"}).problems
    assert param_error("primitive.time", {"min": "10:00:00", "max": "09:00:00"}).problems


def test_timestamps() -> None:
    raw = {"min": "2024-01-01T00:00:00-03:00", "max": "2024-01-01T03:00:10Z"}
    values = run("primitive.timestamp.range", raw).to_pylist()
    assert min(values) == datetime(2024, 1, 1, 3, 0, 0)
    assert max(values) == datetime(2024, 1, 1, 3, 0, 10)
    default = run("primitive.timestamp").to_pylist()
    assert min(default) >= datetime(2024, 1, 1)
    assert max(default) <= datetime(2024, 12, 31, 23, 59, 59)
    spaced = run("primitive.timestamp", {"min": "2024-01-01 10:00:00", "max": "2024-01-02"})
    assert min(spaced.to_pylist()) >= datetime(2024, 1, 1, 10)  # space form and date only
    assert max(spaced.to_pylist()) <= datetime(2024, 1, 2)
    us = run("primitive.timestamp", {"resolution": "us"}).to_pylist()
    assert any(v.microsecond for v in us)
    assert param_error("primitive.timestamp", {"min": "2024-01-01T25:00:00"}).problems
    assert param_error("primitive.timestamp", {"max": "yesterday"}).problems


def test_timestamptz_columns_get_utc_aware_values() -> None:
    facts = ColumnFacts(family=TypeFamily.TIMESTAMPTZ)
    values = run("primitive.timestamp.range", None, 100, facts)
    assert values.type == pa.timestamp("us", tz="UTC")
    assert values.to_pylist()[0].tzinfo is not None
    naive = run("primitive.timestamp.range", None, 100)
    assert [v.replace(tzinfo=None) for v in values.to_pylist()] == naive.to_pylist()
    assert values.to_pylist()[0].utcoffset() == timedelta(0)
