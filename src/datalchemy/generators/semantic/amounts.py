"""``semantic.number.amount``: skewed positive amounts (prices, totals, salaries, counts).

Real amounts are log-normal: most prices sit near a typical value, a few are many times larger,
none is negative. The generator draws ``median * exp(sigma * z)`` for a standard normal ``z``,
truncated to ``[min, max]`` by drawing the uniform inside the bounds' CDF values, so no value
piles up on a bound. The output follows the column: exact decimals at its scale, whole numbers
for integer columns, floats rounded to ``scale`` places for ``REAL`` / ``DOUBLE`` columns.

Example:
    >>> import numpy as np
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> from datalchemy.generators.base import ColumnFacts, GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("semantic.number.amount")
    >>> facts = ColumnFacts(family=TypeFamily.DECIMAL, precision=10, scale=2)
    >>> ctx = GenContext.for_column(seed=1, table="loja.produtos", column="preco", facts=facts)
    >>> values = gen.generate(ctx, gen.parse_params({"median": 80, "sigma": 0.9, "min": 1}),
    ...                       np.arange(2000))
    >>> 60 < float(np.median([float(v) for v in values.to_pylist()])) < 100
    True
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.fitted.output import F64, column_numbers, inverse_normal, normal_cdf
from datalchemy.generators.registry import register

__all__ = ["Amount", "AmountParams", "lognormal_draws"]

_NUMBERS = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})


class AmountParams(Params):
    median: float = Field(
        100.0, gt=0, le=1e15, description="Typical value: half below, half above."
    )
    sigma: float = Field(
        0.8, ge=0, le=5, description="Spread: std of log(value); 0.5 tight, 1 wide, 2 extreme."
    )
    min: float | None = Field(None, ge=0, description="Smallest value (values never go below).")
    max: float | None = Field(None, gt=0, description="Largest value (values never go above).")
    scale: int | None = Field(
        None, ge=0, le=10, description="Decimal places (default: the column's scale, else 2)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> AmountParams:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def lognormal_draws(u: F64, median: float, sigma: float, lo: float | None, hi: float | None) -> F64:
    """Log-normal values for uniforms ``u`` in [0, 1), truncated to ``[lo, hi]``."""
    top = hi if hi is not None else math.inf
    if sigma == 0:
        return np.clip(np.full(u.shape, median, dtype=np.float64), lo or 0.0, top)
    p_lo = normal_cdf(math.log(lo / median) / sigma) if lo else 0.0
    p_hi = normal_cdf(math.log(hi / median) / sigma) if hi is not None else 1.0
    if p_hi <= p_lo:  # the bounds sit in the same far tail: stay inside them
        return np.clip(np.full(u.shape, median, dtype=np.float64), lo or 0.0, top)
    z = inverse_normal(p_lo + (p_hi - p_lo) * u)
    out: F64 = np.clip(median * np.exp(sigma * z), lo or 0.0, top)
    return out


@register
class Amount(Generator[AmountParams]):
    """A skewed positive amount: log-normal around ``median``. Example: ``79.90``."""

    id = "semantic.number.amount"
    summary = "Log-normal amounts around a median (prices, totals, salaries), typed by the column."
    params_model = AmountParams
    output = TypeFamily.FLOAT  # decimals for decimal columns (see column_numbers)
    fits = _NUMBERS
    example_params: ClassVar[dict[str, Any] | None] = {"median": 80.0, "sigma": 0.9, "min": 1.0}

    def generate(self, ctx: GenContext, params: AmountParams, rows: Rows) -> pa.Array:
        u = ctx.stream(self.id, params).uniform(rows)
        x = lognormal_draws(u, params.median, params.sigma, params.min, params.max)
        scale = params.scale
        if scale is None and ctx.facts.family not in (TypeFamily.DECIMAL, TypeFamily.MONEY):
            scale = 2  # a REAL amount prints 1790.11, not 1790.1100000000001
        return column_numbers(x, ctx.facts, scale)
