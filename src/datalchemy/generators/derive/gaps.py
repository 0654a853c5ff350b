"""``derive.gap_after``: a date or timestamp a realistic gap after another column of the row.

An order ships a few days after it is placed, a rental comes back within a week, an employee
is hired 18 to 45 years after being born. The gap is ``min_days + (max_days - min_days) *
u ** skew`` (``skew`` above 1 makes short gaps common and long ones rare), or follows measured
``quantiles`` of gaps (a profile's). With ``not_after_base_date`` (default) the gap shrinks so the
value does not pass the plan's base date ("today"): a hire date is never in the future.
The value is never before its input; NULL stays NULL.

Example:
    >>> import datetime as dt
    >>> import numpy as np
    >>> import pyarrow as pa
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("derive.gap_after")
    >>> ordered = pa.array([dt.date(2024, 3, 1)] * 200, pa.date32())
    >>> ctx = GenContext.for_column(seed=1, table="loja.pedidos", column="data_envio",
    ...                             inputs={"data_pedido": ordered})
    >>> p = gen.parse_params({"input_columns": ["data_pedido"], "min_days": 0, "max_days": 5})
    >>> shipped = gen.generate(ctx, p, np.arange(200)).to_pylist()
    >>> min(shipped) >= dt.date(2024, 3, 1), max(shipped) <= dt.date(2024, 3, 6)
    (True, True)
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import null_mask
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.derive.base import Derive, InputParams, input_column
from datalchemy.generators.registry import register

__all__ = ["GapAfter", "GapParams"]

_US_PER_DAY = 86_400 * 1_000_000
_EPOCH = date(1970, 1, 1)
#: Gaps are bounded to a century so that timestamp arithmetic cannot overflow.
_MAX_DAYS = 36_500.0


class GapParams(InputParams):
    min_days: float = Field(0.0, ge=0, le=_MAX_DAYS, description="Shortest gap in days.")
    max_days: float = Field(30.0, ge=0, le=_MAX_DAYS, description="Longest gap in days.")
    skew: float = Field(
        1.0, ge=0.2, le=5, description="Shape of the gap: 1 uniform, 2 or 3 mostly short gaps."
    )
    quantiles: list[float] | None = Field(
        None,
        min_length=2,
        max_length=1001,
        description="Gaps in days at equally spaced probabilities (0 to 1): a measured shape "
        "that replaces min_days / max_days / skew.",
    )
    not_after_base_date: bool = Field(
        True, description="Shorten the gap so the value is not after the base date."
    )

    @model_validator(mode="after")
    def _check(self) -> GapParams:
        if len(self.input_columns) != 1:
            raise ValueError("give exactly one input column (the earlier date)")
        if self.min_days > self.max_days:
            raise ValueError("min_days must be <= max_days")
        q = self.quantiles
        if q is not None and (min(q) < 0 or any(b < a for a, b in itertools.pairwise(q))):
            raise ValueError("quantiles must be non-negative and non-decreasing")
        return self


def _as_units(values: pa.Array) -> tuple[str, npt.NDArray[np.int64], pa.DataType]:
    """("date", days) or ("timestamp", microseconds), and the type to give back."""
    t = values.type
    if pa.types.is_date32(t):
        return "date", values.view(pa.int32()).fill_null(0).to_numpy().astype(np.int64), t
    if pa.types.is_timestamp(t):
        us = values.cast(pa.timestamp("us", tz=t.tz)).view(pa.int64()).fill_null(0)
        return "timestamp", us.to_numpy().astype(np.int64), pa.timestamp("us", tz=t.tz)
    if pa.types.is_date64(t):
        days = values.cast(pa.date32()).view(pa.int32()).fill_null(0).to_numpy()
        return "date", days.astype(np.int64), pa.date32()
    raise TypeError(str(t))


@register
class GapAfter(Derive[GapParams]):
    """A date after input_columns[0] by a realistic gap. Example: shipped 2 days after ordered."""

    id = "derive.gap_after"
    summary = "A date/timestamp a realistic gap after input_columns[0], not past base_date."
    params_model = GapParams
    output = TypeFamily.TIMESTAMP
    fits = frozenset({TypeFamily.DATE, TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ})
    example_params: ClassVar[dict[str, Any] | None] = {
        "input_columns": ["start"],
        "min_days": 1,
        "max_days": 10,
        "skew": 2,
    }

    def inputs(self, params: GapParams) -> list[str]:
        return list(params.input_columns)

    def gaps(self, ctx: GenContext, params: GapParams, rows: Rows) -> npt.NDArray[np.float64]:
        """The gap of each row in days (before the base-date cap)."""
        u = ctx.stream(self.id, params).uniform(rows)
        if params.quantiles is not None:
            q = np.asarray(params.quantiles, dtype=np.float64)
            return np.interp(u, np.linspace(0.0, 1.0, len(q)), q)
        return params.min_days + (params.max_days - params.min_days) * u**params.skew

    def generate(self, ctx: GenContext, params: GapParams, rows: Rows) -> pa.Array:
        source = input_column(ctx, params.input_columns[0], self.id, rows)
        try:
            kind, start, typ = _as_units(source)
        except TypeError:
            raise GenerationError(
                "derive_input_type",
                f"{self.id} needs a date or timestamp input, got {source.type}",
                path=ctx.where,
            ) from None
        gap = self.gaps(ctx, params, rows)
        longest = params.quantiles[-1] if params.quantiles is not None else params.max_days
        shortest = params.quantiles[0] if params.quantiles is not None else params.min_days
        base = (ctx.base_date - _EPOCH).days
        unit = 1.0 if kind == "date" else 86_400e6
        if kind == "date":
            room = (base - start).astype(np.float64)
        else:
            room = ((base + 1) * _US_PER_DAY - 1_000_000 - start) / unit
        if params.not_after_base_date and longest > shortest:
            # Squeeze the gap into the room left before the base date, keeping its shape (no
            # pile-up on the base date); never below the shortest gap, so the order holds.
            factor = np.clip((room - shortest) / (longest - shortest), 0.0, 1.0)
            gap = shortest + (gap - shortest) * factor
        if kind == "date":
            step = np.floor(gap + 1e-9).astype(np.int64)
        else:
            step = (np.round(gap * 86_400) * 1_000_000).astype(np.int64)  # whole seconds
        out = pa.array(start + step, mask=null_mask(source))
        return out.cast(pa.int32()).view(typ) if kind == "date" else out.view(typ)
