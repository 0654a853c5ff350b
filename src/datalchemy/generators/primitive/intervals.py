"""``primitive.interval``: durations as PostgreSQL reads and prints them (``2 days 03:15:00``).

A duration is a whole number of ``unit`` in ``[min, max]``: minutes by default (1 minute to 7
days). Text is ``N days HH:MM:SS`` (the days part only when there are days, the clock part only
when it is not zero), or ``N mons`` for months; DuckDB parses the same text, so ``evaluate``
checks it. Distinct numbers give distinct durations, so the generator is unique by construction.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> gen = Interval()
    >>> ctx = GenContext.for_column(seed=1, table="t", column="duration")
    >>> p = gen.parse_params({"unit": "minute", "min": 1, "max": 3000})
    >>> gen.from_index(ctx, p, np.array([0, 59, 1439, 2999], dtype=np.uint64)).to_pylist()
    ['00:01:00', '01:00:00', '1 days', '2 days 02:00:00']
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators._arrow import int_strings
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, Rows, as_u64
from datalchemy.generators.fixed_text import FixedLayout, ascii_number
from datalchemy.generators.primitive._common import I64, U64, StrictParams, capped_space
from datalchemy.generators.registry import register

__all__ = ["Interval", "IntervalParams"]

Unit = Literal["second", "minute", "hour", "day", "month"]
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86_400}
_CLOCK = FixedLayout("##:##:##", (2, 2, 2))


class IntervalParams(StrictParams):
    unit: Unit = Field("minute", description="Granularity: second, minute, hour, day or month.")
    min: int = Field(1, ge=0, le=10**9, description="Shortest duration, in units.")
    max: int = Field(10_080, ge=0, le=10**9, description="Longest duration (default 7 days).")

    @model_validator(mode="after")
    def _ordered(self) -> IntervalParams:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _clock(seconds: I64) -> pa.Array:
    """``HH:MM:SS`` of the seconds within a day."""
    h, rest = np.divmod(seconds, 3600)
    m, s = np.divmod(rest, 60)
    return _CLOCK.render([ascii_number(h, 2), ascii_number(m, 2), ascii_number(s, 2)])


def interval_text(units: I64, unit: Unit) -> pa.Array:
    """PostgreSQL text of ``units`` durations of ``unit``."""
    if unit == "month":
        return pc.binary_join_element_wise(int_strings(units), pa.scalar(" mons"), "")
    total = units * np.int64(_SECONDS[unit])
    days, rest = np.divmod(total, 86_400)
    day_text = pc.binary_join_element_wise(int_strings(days), pa.scalar(" days"), "")
    clock = _clock(rest)
    both = pc.binary_join_element_wise(day_text, clock, " ")
    return pc.if_else(pa.array(days == 0), clock, pc.if_else(pa.array(rest == 0), day_text, both))


@register
class Interval(Generator[IntervalParams]):
    id = "primitive.interval"
    summary = "Durations of min..max units as PostgreSQL interval text (2 days 03:15:00)."
    params_model = IntervalParams
    output = TypeFamily.INTERVAL
    fits = TEXTUAL | {TypeFamily.INTERVAL}

    def generate(self, ctx: GenContext, params: IntervalParams, rows: Rows) -> pa.Array:
        units = ctx.stream(self.id, params).integers(rows, params.min, params.max)
        return interval_text(units, params.unit)

    def value_space(self, ctx: GenContext, params: IntervalParams) -> int | None:
        return capped_space(params.max - params.min + 1)

    def from_index(self, ctx: GenContext, params: IntervalParams, idx: U64) -> pa.Array:
        return interval_text(as_u64(idx).astype(np.int64) + params.min, params.unit)
