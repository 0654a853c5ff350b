"""``primitive.date``, ``primitive.time``, ``primitive.timestamp`` and their ``.range`` twins."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Literal

import numpy as np
import pyarrow as pa
from pydantic import AfterValidator, Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators.base import (
    GenContext,
    Generator,
    Rows,
    as_u64,
)
from datalchemy.generators.primitive._common import (
    I64,
    U64,
    StrictParams,
    capped_space,
)
from datalchemy.generators.registry import register

__all__ = ["DateGen", "DateRange", "TimeGen", "TimeRange", "TimestampGen", "TimestampRange"]


_EPOCH = date(1970, 1, 1)
_NS_PER_DAY = 86_400 * 10**9
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME_RE = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?")
_TS_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)
Resolution = Literal["s", "ms", "us"]
_RES_NS = {"s": 10**9, "ms": 10**6, "us": 10**3}
_RES_US = {"s": 10**6, "ms": 10**3, "us": 1}


def _parse_date(text: str) -> date:
    if not _DATE_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None


def _time_ns(text: str) -> int:
    """Nanoseconds after midnight of ``HH:MM:SS[.f]``."""
    m = _TIME_RE.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a time HH:MM:SS[.f]")
    h, mi, s = int(m[1]), int(m[2]), int(m[3])
    if h > 23 or mi > 59 or s > 59:
        raise ValueError(f"{text!r} is not a valid time of day")
    frac = int((m[4] or "").ljust(9, "0"))
    return ((h * 60 + mi) * 60 + s) * 10**9 + frac


def _timestamp_ns(text: str) -> int:
    """Nanoseconds since 1970-01-01 UTC (a naive value is taken as UTC)."""
    m = _TS_RE.fullmatch(text)
    if not m:
        raise ValueError(
            f"{text!r} is not a timestamp (RFC 3339, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS)"
        )
    d = _parse_date(m[1])
    ns = (d - _EPOCH).days * _NS_PER_DAY + (_time_ns(m[2]) if m[2] else 0)
    if m[4]:
        oh, om = int(m[5]), int(m[6])
        if oh > 23 or om > 59:
            raise ValueError(f"{text!r} has an invalid UTC offset")
        offset = (oh * 60 + om) * 60 * 10**9
        ns -= offset if m[4] == "+" else -offset
    return ns


def _validated(parse: Callable[[str], object]) -> Callable[[str | None], str | None]:
    def check(v: str | None) -> str | None:
        if v is not None:
            parse(v)
        return v

    return check


DateStr = Annotated[str | None, AfterValidator(_validated(_parse_date))]
TimeStr = Annotated[str | None, AfterValidator(_validated(_time_ns))]
TimestampStr = Annotated[str | None, AfterValidator(_validated(_timestamp_ns))]


def _unit_bounds(lo_ns: int, hi_ns: int, res_ns: int, what: str) -> tuple[int, int]:
    lo = -(-lo_ns // res_ns)
    hi = hi_ns // res_ns
    if lo > hi:
        raise GenerationError(
            "empty_range",
            f"the {what} range holds no value at this resolution",
            hint="widen min/max or use a finer resolution",
        )
    return lo, hi


class DateParams(StrictParams):
    min: DateStr = Field(None, description="First day, YYYY-MM-DD (default: base_date).")
    max: DateStr = Field(None, description="Last day, YYYY-MM-DD (default: base_date + 365 days).")

    @model_validator(mode="after")
    def _ordered(self) -> DateParams:
        if (
            self.min is not None
            and self.max is not None
            and _parse_date(self.min) > _parse_date(self.max)
        ):
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _date_bounds(params: DateParams, ctx: GenContext) -> tuple[int, int]:
    lo = _parse_date(params.min) if params.min is not None else ctx.base_date
    hi = _parse_date(params.max) if params.max is not None else ctx.base_date + timedelta(365)
    if lo > hi:
        raise GenerationError(
            "empty_range",
            f"date range [{lo}, {hi}] is empty (the defaults follow base_date {ctx.base_date})",
            hint="give both min and max",
        )
    return (lo - _EPOCH).days, (hi - _EPOCH).days


class _DateBase(Generator[DateParams]):
    summary = "Uniform days in [min, max] (default base_date .. base_date + 365 days)."
    params_model = DateParams
    output = TypeFamily.DATE
    fits = frozenset({TypeFamily.DATE, TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ})

    def generate(self, ctx: GenContext, params: DateParams, rows: Rows) -> pa.Array:
        lo, hi = _date_bounds(params, ctx)
        days = ctx.stream(self.id, params).integers(rows, lo, hi)
        return pa.array(days.astype(np.int32), type=pa.date32())

    def value_space(self, ctx: GenContext, params: DateParams) -> int | None:
        lo, hi = _date_bounds(params, ctx)
        return capped_space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: DateParams, idx: U64) -> pa.Array:
        lo, _ = _date_bounds(params, ctx)
        return pa.array((as_u64(idx).astype(np.int64) + lo).astype(np.int32), type=pa.date32())


@register
class DateGen(_DateBase):
    id = "primitive.date"


@register
class DateRange(_DateBase):
    id = "primitive.date.range"


class TimeParams(StrictParams):
    min: TimeStr = Field(None, description="Earliest time HH:MM:SS[.f] (default 00:00:00).")
    max: TimeStr = Field(None, description="Latest time HH:MM:SS[.f] (default 23:59:59).")
    resolution: Resolution = Field("s", description="Granularity of values: s, ms or us.")

    @model_validator(mode="after")
    def _ordered(self) -> TimeParams:
        if (
            self.min is not None
            and self.max is not None
            and _time_ns(self.min) > _time_ns(self.max)
        ):
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _time_bounds(params: TimeParams) -> tuple[int, int]:
    lo_ns = _time_ns(params.min) if params.min is not None else 0
    hi_ns = _time_ns(params.max) if params.max is not None else _time_ns("23:59:59")
    return _unit_bounds(lo_ns, hi_ns, _RES_NS[params.resolution], "time")


def _time_array(units: I64, resolution: str) -> pa.Array:
    return pa.array(units * np.int64(_RES_US[resolution]), type=pa.time64("us"))


class _TimeBase(Generator[TimeParams]):
    summary = "Uniform times of day in [min, max] at the resolution (default whole seconds)."
    params_model = TimeParams
    output = TypeFamily.TIME
    fits = frozenset({TypeFamily.TIME})

    def generate(self, ctx: GenContext, params: TimeParams, rows: Rows) -> pa.Array:
        lo, hi = _time_bounds(params)
        units = ctx.stream(self.id, params).integers(rows, lo, hi)
        return _time_array(units, params.resolution)

    def value_space(self, ctx: GenContext, params: TimeParams) -> int | None:
        lo, hi = _time_bounds(params)
        return capped_space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: TimeParams, idx: U64) -> pa.Array:
        lo, _ = _time_bounds(params)
        return _time_array(as_u64(idx).astype(np.int64) + lo, params.resolution)


@register
class TimeGen(_TimeBase):
    id = "primitive.time"


@register
class TimeRange(_TimeBase):
    id = "primitive.time.range"


class TimestampParams(StrictParams):
    min: TimestampStr = Field(
        None,
        description="Earliest instant (RFC 3339 or YYYY-MM-DD[T ]HH:MM:SS; default "
        "base_date 00:00:00).",
    )
    max: TimestampStr = Field(
        None, description="Latest instant (default base_date + 365 days, 23:59:59)."
    )
    resolution: Resolution = Field("s", description="Granularity of values: s, ms or us.")

    @model_validator(mode="after")
    def _ordered(self) -> TimestampParams:
        if (
            self.min is not None
            and self.max is not None
            and _timestamp_ns(self.min) > _timestamp_ns(self.max)
        ):
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _timestamp_bounds(params: TimestampParams, ctx: GenContext) -> tuple[int, int]:
    base = (ctx.base_date - _EPOCH).days * _NS_PER_DAY
    lo_ns = _timestamp_ns(params.min) if params.min is not None else base
    hi_ns = (
        _timestamp_ns(params.max)
        if params.max is not None
        else base + 365 * _NS_PER_DAY + _time_ns("23:59:59")
    )
    return _unit_bounds(lo_ns, hi_ns, _RES_NS[params.resolution], "timestamp")


def _timestamp_array(units: I64, params: TimestampParams, ctx: GenContext) -> pa.Array:
    tz = "UTC" if ctx.facts.family == TypeFamily.TIMESTAMPTZ else None
    return pa.array(units * np.int64(_RES_US[params.resolution]), type=pa.timestamp("us", tz=tz))


class _TimestampBase(Generator[TimestampParams]):
    summary = (
        "Uniform instants in [min, max] at the resolution (UTC-aware for timestamptz columns)."
    )
    params_model = TimestampParams
    output = TypeFamily.TIMESTAMP
    fits = frozenset({TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ})

    def generate(self, ctx: GenContext, params: TimestampParams, rows: Rows) -> pa.Array:
        lo, hi = _timestamp_bounds(params, ctx)
        units = ctx.stream(self.id, params).integers(rows, lo, hi)
        return _timestamp_array(units, params, ctx)

    def value_space(self, ctx: GenContext, params: TimestampParams) -> int | None:
        lo, hi = _timestamp_bounds(params, ctx)
        return capped_space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: TimestampParams, idx: U64) -> pa.Array:
        lo, _ = _timestamp_bounds(params, ctx)
        return _timestamp_array(as_u64(idx).astype(np.int64) + lo, params, ctx)


@register
class TimestampGen(_TimestampBase):
    id = "primitive.timestamp"


@register
class TimestampRange(_TimestampBase):
    id = "primitive.timestamp.range"
