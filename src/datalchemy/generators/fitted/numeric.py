"""``fitted.numeric`` and ``fitted.temporal``: values that follow measured quantiles.

``quantiles[i]`` is the value at probability ``i / (len - 1)``; a row's uniform draw goes
through the piecewise-linear inverse CDF they define, so the generated distribution matches the
measured one to within the spacing of the quantiles (101 quantiles: about 1 % in the
Kolmogorov-Smirnov sense). Whole-number columns are rounded, decimals kept at their scale.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("fitted.numeric")
    >>> ctx = GenContext.for_column(seed=1, table="shop.orders", column="freight")
    >>> p = gen.parse_params({"quantiles": [0, 5, 10, 40, 400], "scale": 2})
    >>> v = gen.generate(ctx, p, np.arange(4000)).to_numpy()
    >>> round(float(np.median(v)))
    10
    >>> t = get_generator("fitted.temporal")
    >>> d = t.generate(ctx, t.parse_params({"quantiles": ["2024-01-01", "2024-01-31"]}),
    ...                np.arange(3)).to_pylist()
    >>> all(str(x).startswith("2024-01") for x in d)
    True
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
from pydantic import Field, field_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.fitted.output import F64, column_numbers
from datalchemy.generators.registry import register

__all__ = ["FittedNumeric", "FittedTemporal", "inverse_cdf"]

_NUMBERS = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})
_EPOCH = datetime(1970, 1, 1)


def inverse_cdf(u: F64, quantiles: F64) -> F64:
    """The piecewise-linear inverse CDF of equally spaced ``quantiles`` at ``u``."""
    probs = np.linspace(0.0, 1.0, len(quantiles))
    out: F64 = np.interp(u, probs, quantiles)
    return out


def _sorted(values: list[Any]) -> list[Any]:
    if any(b < a for a, b in itertools.pairwise(values)):
        raise ValueError("quantiles must be non-decreasing")
    return values


class NumericParams(Params):
    quantiles: list[float] = Field(
        ..., min_length=2, max_length=1001, description="Values at probabilities 0 .. 1."
    )
    integer: bool = Field(False, description="Round to whole numbers.")
    scale: int | None = Field(None, ge=0, le=10, description="Decimal places.")

    @field_validator("quantiles")
    @classmethod
    def _ordered(cls, v: list[float]) -> list[float]:
        return _sorted(v)


@register
class FittedNumeric(Generator[NumericParams]):
    """Numbers that follow measured quantiles. Example: freight of 12.40 (median 10)."""

    id = "fitted.numeric"
    summary = "Numbers through the inverse CDF of measured quantiles (a profile's)."
    params_model = NumericParams
    output = TypeFamily.FLOAT
    fits = _NUMBERS
    example_params: ClassVar[dict[str, Any] | None] = {"quantiles": [0.0, 5.0, 12.0, 40.0, 400.0]}

    def generate(self, ctx: GenContext, params: NumericParams, rows: Rows) -> pa.Array:
        u = ctx.stream(self.id, params).uniform(rows)
        x = inverse_cdf(u, np.asarray(params.quantiles, dtype=np.float64))
        if params.integer:
            x = np.rint(x)
        return column_numbers(x, ctx.facts, 0 if params.integer else params.scale)


class TemporalParams(Params):
    quantiles: list[str] = Field(
        ..., min_length=2, max_length=1001, description="ISO dates / timestamps at 0 .. 1."
    )

    @field_validator("quantiles")
    @classmethod
    def _iso(cls, v: list[str]) -> list[str]:
        _sorted([datetime.fromisoformat(x).replace(tzinfo=None) for x in v])
        return v


def _micros(text: str) -> int:
    """Microseconds since 1970 of an ISO date or timestamp (an offset is moved to UTC)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@register
class FittedTemporal(Generator[TemporalParams]):
    """Dates or timestamps that follow measured quantiles (typed by the column)."""

    id = "fitted.temporal"
    summary = "Dates / timestamps through the inverse CDF of measured quantiles (a profile's)."
    params_model = TemporalParams
    output = TypeFamily.TIMESTAMP
    fits = frozenset({TypeFamily.DATE, TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ})
    example_params: ClassVar[dict[str, Any] | None] = {
        "quantiles": ["2023-01-01T00:00:00", "2023-06-01T00:00:00", "2024-01-01T00:00:00"]
    }

    def generate(self, ctx: GenContext, params: TemporalParams, rows: Rows) -> pa.Array:
        knots = np.asarray([_micros(q) for q in params.quantiles], dtype=np.float64)
        u = ctx.stream(self.id, params).uniform(rows)
        micros = inverse_cdf(u, knots)
        if ctx.facts.family == TypeFamily.DATE:
            days = np.floor(micros / 86_400e6).astype(np.int32)
            return pa.array(days).view(pa.date32())
        seconds = np.round(micros / 1e6).astype(np.int64) * 1_000_000
        tz = "UTC" if ctx.facts.family == TypeFamily.TIMESTAMPTZ else None
        return pa.array(seconds).view(pa.timestamp("us", tz=tz))
