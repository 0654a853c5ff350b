"""Numeric distributions: normal, log-normal, exponential and Zipf ranks."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.generators.base import (
    ColumnFacts,
    GenContext,
    Generator,
    Rows,
)
from datalchemy.generators.primitive._common import (
    F64,
    NUMERIC,
    Finite,
    StrictParams,
    check_int_width,
    issue,
)
from datalchemy.generators.registry import register

__all__ = ["Exponential", "Lognormal", "Normal", "Zipf"]


class _ShapeParams(StrictParams):
    min: Finite | None = Field(None, description="Clamp: values below become min.")
    max: Finite | None = Field(None, description="Clamp: values above become max.")
    decimals: int | None = Field(
        None, ge=0, le=15, description="Round to this many decimal places (0: whole numbers)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> _ShapeParams:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        if self.decimals is not None and self.min is not None and self.max is not None:
            q = 10.0**self.decimals
            if math.ceil(self.min * q) > math.floor(self.max * q):
                raise ValueError(f"no value with {self.decimals} decimals lies in [min, max]")
        return self


def _shape(values: F64, params: _ShapeParams) -> F64:
    """Clamp to [min, max] and round to ``decimals`` (rounded values stay inside the bounds)."""
    lo = params.min if params.min is not None else -np.inf
    hi = params.max if params.max is not None else np.inf
    if params.decimals is None:
        return np.clip(values, lo, hi)
    q = 10.0**params.decimals
    lo_r = math.ceil(lo * q) / q if math.isfinite(lo) else lo
    hi_r = math.floor(hi * q) / q if math.isfinite(hi) else hi
    return np.clip(np.round(np.clip(values, lo_r, hi_r), params.decimals), lo_r, hi_r)


def _shape_issues(params: _ShapeParams, facts: ColumnFacts) -> list[Issue]:
    if facts.family == TypeFamily.INTEGER and params.decimals != 0:
        return [
            issue(
                "error",
                "decimals_for_integer",
                "an integer column needs whole numbers",
                "/decimals",
                hint="set decimals to 0",
            )
        ]
    if (
        facts.family == TypeFamily.DECIMAL
        and facts.scale is not None
        and (params.decimals is None or params.decimals > facts.scale)
    ):
        return [
            issue(
                "warning",
                "decimals_exceed_scale",
                f"values will be rounded to the column's scale {facts.scale}",
                "/decimals",
                hint=f"set decimals to at most {facts.scale}",
            )
        ]
    return []


class _Distribution(Generator[Any]):
    output = TypeFamily.FLOAT
    fits = NUMERIC

    def draw(self, stream: Stream, params: Any, rows: Rows) -> F64:
        raise NotImplementedError

    def generate(self, ctx: GenContext, params: Any, rows: Rows) -> pa.Array:
        v = self.draw(ctx.stream(self.id, params), params, rows)
        return pa.array(_shape(v, params), type=pa.float64())

    def check(self, params: Any, facts: ColumnFacts) -> list[Issue]:
        return _shape_issues(params, facts)


class NormalParams(_ShapeParams):
    mean: Finite = Field(0.0, description="Mean.")
    std: Finite = Field(1.0, ge=0, description="Standard deviation.")


@register
class Normal(_Distribution):
    id = "primitive.normal"
    summary = "Normal (Gaussian) values with mean and std, optionally clamped and rounded."
    params_model = NormalParams

    def draw(self, stream: Stream, params: NormalParams, rows: Rows) -> F64:
        return stream.normal(rows, params.mean, params.std)


class LognormalParams(_ShapeParams):
    mean: Finite = Field(0.0, description="Mean of the underlying normal (of log(value)).")
    sigma: Finite = Field(1.0, ge=0, description="Std of the underlying normal.")


@register
class Lognormal(_Distribution):
    id = "primitive.lognormal"
    summary = "Log-normal values: exp(normal(mean, sigma)); skewed, positive (prices, sizes)."
    params_model = LognormalParams

    def draw(self, stream: Stream, params: LognormalParams, rows: Rows) -> F64:
        return np.exp(stream.normal(rows, params.mean, params.sigma))


class ExponentialParams(_ShapeParams):
    scale: Finite = Field(1.0, gt=0, description="Mean of the distribution (1 / rate).")
    loc: Finite = Field(0.0, description="Shift: the smallest value.")


@register
class Exponential(_Distribution):
    id = "primitive.exponential"
    summary = "Exponential values loc + Exp(scale) (waiting times, durations)."
    params_model = ExponentialParams

    def draw(self, stream: Stream, params: ExponentialParams, rows: Rows) -> F64:
        return params.loc + stream.exponential(rows, params.scale)


class ZipfParams(StrictParams):
    n: int = Field(10, ge=1, le=10_000_000, description="Support size: values are 1..n.")
    s: Finite = Field(1.0, gt=0, le=100, description="Exponent: P(k) is proportional to k**-s.")


@lru_cache(maxsize=32)
def _zipf_cdf(n: int, s: float) -> F64:
    w = np.arange(1, n + 1, dtype=np.float64) ** -s
    cdf = np.cumsum(w)
    cdf /= cdf[-1]
    cdf[-1] = 1.0
    cdf.setflags(write=False)
    return cdf


@register
class Zipf(Generator[ZipfParams]):
    id = "primitive.zipf"
    summary = "Zipf ranks 1..n with exponent s (1 is the most common), by inverse CDF."
    params_model = ZipfParams
    output = TypeFamily.INTEGER
    fits = NUMERIC

    def generate(self, ctx: GenContext, params: ZipfParams, rows: Rows) -> pa.Array:
        cdf = _zipf_cdf(params.n, params.s)
        u = ctx.stream(self.id, params).uniform(rows)
        k = np.searchsorted(cdf, u, side="right") + 1
        return pa.array(np.minimum(k, params.n).astype(np.int64), type=pa.int64())

    def check(self, params: ZipfParams, facts: ColumnFacts) -> list[Issue]:
        return check_int_width(1, params.n, facts)
