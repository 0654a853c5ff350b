"""Temporal derives: ``updated_after_created``, ``end_after_start`` and ``parent_value``, with
uniform offsets that never move a value before its input."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import (
    Field,
    model_validator,
)

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import (
    null_mask,
)
from datalchemy.generators.base import (
    GenContext,
    Rows,
)
from datalchemy.generators.derive.base import (
    Derive,
    InputParams,
    ParentRef,
    aligned,
    input_column,
)
from datalchemy.generators.registry import register

__all__ = ["EndAfterStart", "ParentValue", "UpdatedAfterCreated"]


I64 = npt.NDArray[np.int64]
_US_PER_S = 1_000_000
_US_PER_DAY = 86_400 * _US_PER_S
_MAX_TIME_US = _US_PER_DAY - 1
#: Offsets are bounded to a century so that timestamp arithmetic cannot overflow.
MAX_DAYS = 36_500
MAX_SECONDS = MAX_DAYS * 86_400


def _temporal_ints(values: pa.Array) -> tuple[str, I64, npt.NDArray[np.bool_] | None, Any]:
    """(kind, integers, null mask, tz): timestamps and times in µs rounded UP, dates in days."""
    t = values.type
    mask = null_mask(values)
    if pa.types.is_timestamp(t) or pa.types.is_time(t):
        kind = "timestamp" if pa.types.is_timestamp(t) else "time"
        width = pa.int64() if t.bit_width == 64 else pa.int32()
        raw = values.view(width).fill_null(0).to_numpy().astype(np.int64)
        unit = t.unit
        if unit == "s":
            raw = raw * _US_PER_S
        elif unit == "ms":
            raw = raw * 1000
        elif unit == "ns":  # NOTE: ceiling, so the result is never before a ns-precision input
            raw = -((-raw) // 1000)
        tz = getattr(t, "tz", None)
        return kind, raw, mask, tz
    if pa.types.is_date32(t):
        return "date", values.view(pa.int32()).fill_null(0).to_numpy().astype(np.int64), mask, None
    if pa.types.is_date64(t):
        ms = values.view(pa.int64()).fill_null(0).to_numpy()
        return "date", np.floor_divide(ms, 86_400_000).astype(np.int64), mask, None
    raise TypeError(str(t))


def _temporal_array(kind: str, ints: I64, mask: npt.NDArray[np.bool_] | None, tz: Any) -> pa.Array:
    if kind == "date":
        return pa.array(ints.astype(np.int32), mask=mask).view(pa.date32())
    typ = pa.time64("us") if kind == "time" else pa.timestamp("us", tz="UTC" if tz else None)
    return pa.array(ints, mask=mask).view(typ)


def shift(
    values: pa.Array,
    stream: Stream,
    rows: Rows,
    *,
    seconds: tuple[int, int],
    days: tuple[int, int],
    where: str,
    gen_id: str,
) -> pa.Array:
    """Add a uniform offset: ``seconds`` (µs resolution) to timestamps and times, ``days`` to dates.

    Times are clamped into the day (``00:00:00`` to ``23:59:59.999999``). NULL stays NULL.
    """
    try:
        kind, ints, mask, tz = _temporal_ints(values)
    except TypeError:
        raise GenerationError(
            "derive_input_type",
            f"{gen_id} needs a date, time or timestamp input, got {values.type}",
            path=where,
        ) from None
    if kind == "date":
        out = ints + stream.integers(rows, days[0], days[1])
    else:
        out = ints + stream.integers(rows, seconds[0] * _US_PER_S, seconds[1] * _US_PER_S)
        if kind == "time":
            out = np.clip(out, 0, _MAX_TIME_US)
    return _temporal_array(kind, out, mask, tz)


class AfterParams(InputParams):
    min_seconds: int = Field(0, ge=0, le=MAX_SECONDS, description="Smallest offset (s).")
    max_seconds: int | None = Field(
        None,
        ge=0,
        le=MAX_SECONDS,
        description="Largest offset (s) for timestamps (added to max_days) and times "
        "(default: 86400 for timestamps, 3600 for times).",
    )
    min_days: int = Field(0, ge=0, le=MAX_DAYS, description="Smallest offset in days.")
    max_days: int | None = Field(
        None,
        ge=0,
        le=MAX_DAYS,
        description="Largest offset in days for dates (default 30) and timestamps.",
    )

    def timestamp_window(self) -> tuple[int, int]:
        """Offset range in seconds for timestamps: days and seconds add up."""
        lo = self.min_days * 86_400 + self.min_seconds
        if self.max_seconds is None and self.max_days is None:
            return lo, max(lo, 86_400)
        return lo, (self.max_days or 0) * 86_400 + (self.max_seconds or 0)

    def time_window(self) -> tuple[int, int]:
        hi = 3600 if self.max_seconds is None else self.max_seconds
        return self.min_seconds, max(hi, self.min_seconds) if self.max_seconds is None else hi

    def date_window(self) -> tuple[int, int]:
        hi = 30 if self.max_days is None else self.max_days
        return self.min_days, max(hi, self.min_days) if self.max_days is None else hi

    @model_validator(mode="after")
    def _order(self) -> AfterParams:
        for name, (lo, hi) in (
            ("timestamp", self.timestamp_window()),
            ("time", self.time_window()),
            ("date", self.date_window()),
        ):
            if lo > hi:
                raise ValueError(f"the minimum offset is above the maximum (for {name} inputs)")
        return self


class _After(Derive[AfterParams]):
    """Input column 0 plus a uniform offset: the result is never before the input, to the µs."""

    params_model = AfterParams
    output = TypeFamily.TIMESTAMP
    fits = frozenset(
        {TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ, TypeFamily.DATE, TypeFamily.TIME}
    )

    def inputs(self, params: AfterParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: AfterParams, rows: Rows) -> pa.Array:
        start = input_column(ctx, params.input_columns[0], self.id, rows)
        seconds = (
            params.time_window() if pa.types.is_time(start.type) else params.timestamp_window()
        )
        return shift(
            start,
            ctx.stream(self.id, params),
            rows,
            seconds=seconds,
            days=params.date_window(),
            where=ctx.where,
            gen_id=self.id,
        )


@register
class UpdatedAfterCreated(_After):
    """``updated_at`` on or after ``created_at`` (default: up to 1 day later; dates 30 days)."""

    id = "derive.updated_after_created"
    summary = "A timestamp/date/time on or after input_columns[0] (offset within min..max)."


@register
class EndAfterStart(_After):
    """``end`` on or after ``start`` (same offsets as ``derive.updated_after_created``)."""

    id = "derive.end_after_start"
    summary = "An end date/time on or after the start in input_columns[0]."


class ParentValueParams(InputParams):
    parent_schema: str = Field(..., min_length=1, description="Schema of the parent table.")
    parent_table: str = Field(..., min_length=1, description="Parent table.")
    parent_column: str = Field(..., min_length=1, description="Parent column to copy.")
    min_offset_days: int = Field(0, ge=-MAX_DAYS, le=MAX_DAYS, description="Date offset (min).")
    max_offset_days: int = Field(0, ge=-MAX_DAYS, le=MAX_DAYS, description="Date offset (max).")
    min_offset_seconds: int = Field(
        0, ge=-MAX_SECONDS, le=MAX_SECONDS, description="Offset in seconds (min)."
    )
    max_offset_seconds: int = Field(
        0, ge=-MAX_SECONDS, le=MAX_SECONDS, description="Offset in seconds (max)."
    )

    @model_validator(mode="after")
    def _order(self) -> ParentValueParams:
        if self.min_offset_days > self.max_offset_days:
            raise ValueError("min_offset_days must be <= max_offset_days")
        if self._seconds()[0] > self._seconds()[1]:
            raise ValueError("the minimum offset is above the maximum")
        return self

    def _seconds(self) -> tuple[int, int]:
        return (
            self.min_offset_days * 86_400 + self.min_offset_seconds,
            self.max_offset_days * 86_400 + self.max_offset_seconds,
        )

    def has_offset(self) -> bool:
        return any(
            (
                self.min_offset_days,
                self.max_offset_days,
                self.min_offset_seconds,
                self.max_offset_seconds,
            )
        )


@register
class ParentValue(Derive[ParentValueParams]):
    """A column of the parent row (through the FK containing ``input_columns[0]``).

    Optional offsets move temporal values: e.g. ``min_offset_days: 0, max_offset_days: 15`` makes
    an invoice date on or after its quotation's date. Timestamps and times get
    ``days * 86400 + seconds``; dates get the days only.
    """

    id = "derive.parent_value"
    summary = "Copy a parent-row column through a FK (optionally offset in time)."
    params_model = ParentValueParams

    def inputs(self, params: ParentValueParams) -> list[str]:
        return [params.input_columns[0]]

    def parent_refs(self, params: ParentValueParams) -> list[ParentRef]:
        table = f"{params.parent_schema}.{params.parent_table}"
        return [ParentRef(params.input_columns[0], table, params.parent_column)]

    def generate(self, ctx: GenContext, params: ParentValueParams, rows: Rows) -> pa.Array:
        if ctx.parent is None:
            raise GenerationError(
                "parent_not_available",
                f"derive.parent_value on {ctx.where} has no parent lookup",
                path=ctx.where,
                hint="the FK through input_columns[0] must point to a generated table",
            )
        values = aligned(
            ctx.parent(params.input_columns[0], params.parent_column),
            rows,
            "the parent lookup",
            ctx,
        )
        if not params.has_offset():
            return values
        return shift(
            values,
            ctx.stream(self.id, params),
            rows,
            seconds=params._seconds(),
            days=(params.min_offset_days, params.max_offset_days),
            where=ctx.where,
            gen_id=self.id,
        )
