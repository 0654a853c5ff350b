"""``derive.scaled``: a number that moves with another number of the row.

Cost follows price, tax follows the amount, a discounted price follows the list price: the row's
value is ``input * ratio`` with the ratio drawn from measured ``quantiles`` (a profile's ratios
of the two columns) or uniformly in ``[min_ratio, max_ratio]``. The output is typed by the
column (exact decimals at its scale, whole numbers, rounded floats); NULL stays NULL.

Example:
    >>> import numpy as np
    >>> import pyarrow as pa
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("derive.scaled")
    >>> ctx = GenContext.for_column(seed=1, table="loja.produtos", column="custo",
    ...                             inputs={"preco": pa.array([100.0, 200.0, None])})
    >>> p = gen.parse_params({"input_columns": ["preco"], "min_ratio": 0.5, "max_ratio": 0.5})
    >>> gen.generate(ctx, p, np.arange(3)).to_pylist()
    [50.0, 100.0, None]
"""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.derive.base import Derive, InputParams, input_column
from datalchemy.generators.fitted.output import column_numbers
from datalchemy.generators.registry import register

__all__ = ["Scaled", "ScaledParams"]


class ScaledParams(InputParams):
    min_ratio: float = Field(1.0, ge=-1e9, le=1e9, description="Smallest ratio.")
    max_ratio: float = Field(1.0, ge=-1e9, le=1e9, description="Largest ratio.")
    quantiles: list[float] | None = Field(
        None, min_length=2, max_length=1001, description="Measured ratios at probabilities 0..1."
    )
    scale: int | None = Field(None, ge=0, le=10, description="Decimal places.")

    @model_validator(mode="after")
    def _check(self) -> ScaledParams:
        if len(self.input_columns) != 1:
            raise ValueError("give exactly one input column")
        if self.min_ratio > self.max_ratio:
            raise ValueError("min_ratio must be <= max_ratio")
        q = self.quantiles
        if q is not None and any(b < a for a, b in itertools.pairwise(q)):
            raise ValueError("quantiles must be non-decreasing")
        return self


@register
class Scaled(Derive[ScaledParams]):
    """``input * ratio``. Example: a cost of 0.6 x the price."""

    id = "derive.scaled"
    summary = "A number that follows another of the row: input_columns[0] x a (measured) ratio."
    params_model = ScaledParams
    output = TypeFamily.FLOAT
    fits = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})
    example_params: ClassVar[dict[str, Any] | None] = {
        "input_columns": ["price"],
        "min_ratio": 0.4,
        "max_ratio": 0.7,
    }

    def inputs(self, params: ScaledParams) -> list[str]:
        return list(params.input_columns)

    def generate(self, ctx: GenContext, params: ScaledParams, rows: Rows) -> pa.Array:
        source = input_column(ctx, params.input_columns[0], self.id, rows)
        base = pc.cast(source, pa.float64()).fill_null(0).to_numpy(zero_copy_only=False)
        u = ctx.stream(self.id, params).uniform(rows)
        if params.quantiles is not None:
            q = np.asarray(params.quantiles, dtype=np.float64)
            ratio = np.interp(u, np.linspace(0.0, 1.0, len(q)), q)
        else:
            ratio = params.min_ratio + (params.max_ratio - params.min_ratio) * u
        values = column_numbers(base * ratio, ctx.facts, params.scale)
        if source.null_count:
            values = pc.if_else(source.is_null(), pa.scalar(None, values.type), values)
        return values
