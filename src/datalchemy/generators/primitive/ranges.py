"""``primitive.range.*``: PostgreSQL range literals (``[3,17)``, ``[2024-01-05,2024-01-19)``),
and their multiranges (``{[3,17)}``) with ``multirange``.

A range is a start and a length: the start is uniform in ``[min, max - max_span]`` and the length
in ``[1, max_span]`` units (integers, ``10**-scale``, days, or minutes for timestamps), so every
range is non-empty and inside ``[min, max]``. Discrete ranges are written in PostgreSQL's
canonical ``[lo,hi)`` form, so a loaded value compares equal to the file's. Ranges have b-tree
equality, so they can be unique: ``from_index`` maps an index to a (start, length) pair by mixed
radix.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("primitive.range.int4")
    >>> ctx = GenContext.for_column(seed=1, table="t", column="during")
    >>> gen.generate(ctx, gen.parse_params({}), np.arange(2)).to_pylist()
    ['[145,150)', '[198,228)']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import decimals_from_unscaled, join
from datalchemy.generators.base import TEXTUAL, ColumnFacts, GenContext, Generator, Rows, as_u64
from datalchemy.generators.primitive._common import (
    I64,
    INT64_MAX,
    INT64_MIN,
    U64,
    Finite,
    StrictParams,
    capped_space,
    issue,
)
from datalchemy.generators.primitive.temporal import (
    DateStr,
    TimestampStr,
    _parse_date,
    _timestamp_ns,
)
from datalchemy.generators.registry import register

__all__ = ["DateRangeLiteral", "IntRangeLiteral", "NumRangeLiteral", "TimestampRangeLiteral"]

_EPOCH = date(1970, 1, 1)
_NS_PER_MINUTE = 60 * 10**9


class _RangeParams(StrictParams):
    multirange: bool = Field(False, description="Write a multirange of one range: {[lo,hi)}.")


class IntRangeParams(_RangeParams):
    min: int = Field(1, ge=INT64_MIN, le=INT64_MAX, description="Lowest bound.")
    max: int = Field(1000, ge=INT64_MIN, le=INT64_MAX, description="Highest bound.")
    max_span: int = Field(30, ge=1, le=INT64_MAX, description="Longest range (hi - lo).")


class NumRangeParams(_RangeParams):
    min: Finite = Field(0.0, description="Lowest bound.")
    max: Finite = Field(1000.0, description="Highest bound.")
    max_span: Finite = Field(100.0, gt=0, description="Longest range (hi - lo).")
    scale: int = Field(2, ge=0, le=12, description="Digits after the point.")


class DateRangeParams(_RangeParams):
    min: DateStr = Field(None, description="Earliest day (default base_date - 365 days).")
    max: DateStr = Field(None, description="Latest day (default base_date + 365 days).")
    max_span: int = Field(30, ge=1, le=100_000, description="Longest range in days.")


class TimestampRangeParams(_RangeParams):
    min: TimestampStr = Field(None, description="Earliest instant (default base_date - 365 d).")
    max: TimestampStr = Field(None, description="Latest instant (default base_date + 365 d).")
    max_span: int = Field(1440, ge=1, le=10**9, description="Longest range in minutes.")


@dataclass(frozen=True)
class _Plan:
    """Starts in ``[lo, lo + starts)``, lengths in ``[1, span]`` units."""

    lo: int
    starts: int
    span: int

    @property
    def size(self) -> int:
        return self.starts * self.span


def _plan(lo: int, hi: int, span: int, gen_id: str) -> _Plan:
    span = min(span, hi - lo)
    if span < 1:
        raise GenerationError(
            "empty_range", f"[{lo}, {hi}] holds no non-empty range", path=gen_id,
            hint="widen min/max",
        )  # fmt: skip
    return _Plan(lo, hi - span - lo + 1, span)


def _bounds(p: _Plan, start: I64, length: I64) -> tuple[I64, I64]:
    return start + p.lo, start + p.lo + length


class _RangeLiteral(Generator[Any]):
    output = TypeFamily.RANGE
    fits = TEXTUAL | {TypeFamily.RANGE}
    #: Bounds are quoted (timestamps hold a space).
    quoted: ClassVar[bool] = False

    def _plan(self, ctx: GenContext, params: Any) -> _Plan:
        raise NotImplementedError

    def _text(self, ctx: GenContext, params: Any, units: I64) -> pa.Array:
        raise NotImplementedError

    def _literal(self, ctx: GenContext, params: Any, lo: I64, hi: I64) -> pa.Array:
        q = '"' if self.quoted else ""
        parts: list[pa.Array | str] = [
            "[" + q,
            self._text(ctx, params, lo),
            q + "," + q,
            self._text(ctx, params, hi),
            q + ")",
        ]
        if params.multirange:
            parts = ["{", *parts, "}"]
        return join(parts)

    def generate(self, ctx: GenContext, params: Any, rows: Rows) -> pa.Array:
        p = self._plan(ctx, params)
        s = ctx.stream(self.id, params)
        start = s.sub("start").integers(rows, 0, p.starts - 1)
        length = s.sub("length").integers(rows, 1, p.span)
        return self._literal(ctx, params, *_bounds(p, start, length))

    def value_space(self, ctx: GenContext, params: Any) -> int | None:
        return capped_space(self._plan(ctx, params).size)

    def from_index(self, ctx: GenContext, params: Any, idx: U64) -> pa.Array:
        p = self._plan(ctx, params)
        x = as_u64(idx)
        start = (x % np.uint64(p.starts)).astype(np.int64)
        length = (x // np.uint64(p.starts)).astype(np.int64) + 1
        return self._literal(ctx, params, *_bounds(p, start, length))

    def check(self, params: Any, facts: ColumnFacts) -> list[Issue]:
        try:
            self._plan(GenContext(seed=0, table="", column="", facts=facts), params)
        except GenerationError as exc:
            return [issue("error", exc.code, exc.message, "/max", exc.hint)]
        return []


def _int_text(units: I64) -> pa.Array:
    return pc.cast(pa.array(units, pa.int64()), pa.string())


class _IntRangeBase(_RangeLiteral):
    params_model = IntRangeParams
    bits: ClassVar[int] = 64

    def _plan(self, ctx: GenContext, params: Any) -> _Plan:
        return _plan(params.min, params.max, params.max_span, self.id)

    def _text(self, ctx: GenContext, params: Any, units: I64) -> pa.Array:
        return _int_text(units)

    def check(self, params: Any, facts: ColumnFacts) -> list[Issue]:
        limit = 2 ** (self.bits - 1)
        if params.min < -limit or params.max > limit - 1:
            return [
                issue(
                    "error",
                    "numeric_out_of_range",
                    f"bounds [{params.min}, {params.max}] do not fit a {self.bits}-bit range",
                    "/max",
                    hint=f"keep min/max inside [{-limit}, {limit - 1}]",
                )
            ]
        return super().check(params, facts)


@register
class IntRangeLiteral(_IntRangeBase):
    id = "primitive.range.int4"
    summary = "int4range literals [lo,hi) in [min, max], lengths 1..max_span."
    bits = 32


@register
class Int8RangeLiteral(_IntRangeBase):
    id = "primitive.range.int8"
    summary = "int8range literals [lo,hi) in [min, max], lengths 1..max_span."


@register
class NumRangeLiteral(_RangeLiteral):
    id = "primitive.range.num"
    summary = "numrange literals [lo,hi) at scale digits, inside [min, max]."
    params_model = NumRangeParams

    def _plan(self, ctx: GenContext, params: Any) -> _Plan:
        q = Decimal(10) ** params.scale

        def units(v: float) -> int:
            return int((Decimal(str(v)) * q).to_integral_value())

        return _plan(units(params.min), units(params.max), max(1, units(params.max_span)), self.id)

    def _text(self, ctx: GenContext, params: Any, units: I64) -> pa.Array:
        return pc.cast(decimals_from_unscaled(units, params.scale), pa.string())


def _day_bounds(ctx: GenContext, params: Any) -> tuple[date, date]:
    lo = _parse_date(params.min) if params.min is not None else ctx.base_date - timedelta(365)
    hi = _parse_date(params.max) if params.max is not None else ctx.base_date + timedelta(365)
    return lo, hi


@register
class DateRangeLiteral(_RangeLiteral):
    id = "primitive.range.date"
    summary = "daterange literals [lo,hi) of 1..max_span days (default around base_date)."
    params_model = DateRangeParams

    def _plan(self, ctx: GenContext, params: Any) -> _Plan:
        lo, hi = _day_bounds(ctx, params)
        return _plan((lo - _EPOCH).days, (hi - _EPOCH).days, params.max_span, self.id)

    def _text(self, ctx: GenContext, params: Any, units: I64) -> pa.Array:
        return pc.cast(pa.array(units.astype(np.int32), pa.date32()), pa.string())


class _TimestampRangeBase(_RangeLiteral):
    params_model = TimestampRangeParams
    quoted = True
    zone: ClassVar[str] = ""

    def _plan(self, ctx: GenContext, params: Any) -> _Plan:
        base = (ctx.base_date - _EPOCH).days * 1440
        lo = _timestamp_ns(params.min) // _NS_PER_MINUTE if params.min else base - 365 * 1440
        hi = _timestamp_ns(params.max) // _NS_PER_MINUTE if params.max else base + 365 * 1440
        return _plan(lo, hi, params.max_span, self.id)

    def _text(self, ctx: GenContext, params: Any, units: I64) -> pa.Array:
        ts = pa.array(units * np.int64(60), pa.timestamp("s"))
        text = pc.cast(ts, pa.string())
        return pc.binary_join_element_wise(text, pa.scalar(self.zone), "") if self.zone else text


@register
class TimestampRangeLiteral(_TimestampRangeBase):
    id = "primitive.range.ts"
    summary = "tsrange literals [lo,hi) of 1..max_span minutes (default around base_date)."


@register
class TimestamptzRangeLiteral(_TimestampRangeBase):
    id = "primitive.range.tstz"
    summary = "tstzrange literals [lo,hi) in UTC of 1..max_span minutes."
    zone = "+00"
