"""``derive.linear``: a column that balances a sum of other columns (``a + b = 100``).

A CHECK such as ``pct_a + pct_b = 100`` or ``used + free <= total`` is met by construction when
one column is computed from the others: ``pct_b = 100 - pct_a``, ``total = used + free + d`` with
``d >= 0``. The value is ``constant + sum(coefficient * input) + offset``, with ``offset``
uniform in ``[min_offset, max_offset]``, then held inside ``[min, max]`` when they are given
(plan resolution sets only the side that keeps the inequality). It is computed exactly in units of
``10**-scale`` (integers when ``scale`` is 0). A NULL input gives NULL (the CHECK then passes).

Example:
    >>> import numpy as np, pyarrow as pa
    >>> from datalchemy.generators.base import GenContext
    >>> gen = Linear()
    >>> p = gen.parse_params({"constant": 100, "terms": {"pct_a": -1}})
    >>> ctx = GenContext.for_column(seed=1, table="s.t", column="pct_b",
    ...     inputs={"pct_a": pa.array([30, 100, None])})
    >>> gen.generate(ctx, p, np.arange(3)).to_pylist()
    [70, 0, None]
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, StrictInt, StrictStr, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import decimals_from_unscaled, null_mask
from datalchemy.generators.base import GenContext, Params, Rows
from datalchemy.generators.derive.base import Derive, input_column, nulls_as
from datalchemy.generators.registry import register

__all__ = ["Linear", "LinearParams"]

I64 = npt.NDArray[np.int64]
#: A number in params: an integer, or decimal text (``"12.50"``) so that nothing is rounded.
Number = StrictInt | StrictStr


class LinearParams(Params):
    terms: dict[str, StrictInt] = Field(
        ..., min_length=1, description="Same-row numeric columns and their integer coefficients."
    )
    constant: Number = Field(0, description="Added to the sum (integer or decimal text).")
    scale: int = Field(0, ge=0, le=9, description="Decimal places of the result (0: integers).")
    min_offset: Number = Field(0, description="Smallest random offset added.")
    max_offset: Number = Field(0, description="Largest random offset added.")
    min: Number | None = Field(None, description="Results below are raised to it.")
    max: Number | None = Field(None, description="Results above are lowered to it.")
    input_columns: list[str] | None = Field(None, description="Optional; `terms` are the inputs.")

    @model_validator(mode="after")
    def _numbers(self) -> LinearParams:
        for name in ("constant", "min_offset", "max_offset", "min", "max"):
            value = getattr(self, name)
            if value is not None:
                _units(value, self.scale, name)
        if _units(self.min_offset, self.scale) > _units(self.max_offset, self.scale):
            raise ValueError("min_offset must be <= max_offset")
        return self


def _units(value: int | str, scale: int, name: str = "value") -> int:
    """``value`` in units of ``10**-scale``; raises ValueError when it has more decimals."""
    try:
        number = Decimal(value) if isinstance(value, int) else Decimal(value.strip())
    except ArithmeticError:
        raise ValueError(f"{name}: {value!r} is not a number") from None
    scaled = number.scaleb(scale)
    if not number.is_finite() or scaled != scaled.to_integral_value():
        raise ValueError(f"{name}: {value!r} has more than {scale} decimal places")
    units = int(scaled)
    if abs(units) >= 2**62:
        raise ValueError(f"{name}: {value!r} is too large")
    return units


@register
class Linear(Derive[LinearParams]):
    """``constant + sum(coefficient * column) + offset``, exact, held inside ``[min, max]``."""

    id = "derive.linear"
    summary = "constant + sum(coefficient * column) + a random offset, exact (sums in CHECKs)."
    params_model = LinearParams
    output = TypeFamily.DECIMAL
    fits = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.MONEY, TypeFamily.FLOAT})
    example_params: ClassVar[dict[str, Any] | None] = {
        "terms": {"used": 1, "free": 1},
        "min_offset": 0,
        "max_offset": 10,
    }

    def inputs(self, params: LinearParams) -> list[str]:
        return list(params.terms)

    def output_family(self, params: LinearParams) -> TypeFamily:
        return TypeFamily.INTEGER if params.scale == 0 else TypeFamily.DECIMAL

    def generate(self, ctx: GenContext, params: LinearParams, rows: Rows) -> pa.Array:
        n = rows.shape[0]
        total = np.full(n, _units(params.constant, params.scale), dtype=np.int64)
        invalid = np.zeros(n, dtype=np.bool_)
        for name, coefficient in params.terms.items():
            values = input_column(ctx, name, self.id, rows)
            units, nulls = _column_units(values, params.scale, name, ctx)
            total += coefficient * units
            invalid |= nulls
        low = _units(params.min_offset, params.scale)
        high = _units(params.max_offset, params.scale)
        if high > low:
            total += ctx.stream(self.id, params, "offset").integers(rows, low, high)
        elif low:
            total += low
        if params.min is not None:
            total = np.maximum(total, _units(params.min, params.scale))
        if params.max is not None:
            total = np.minimum(total, _units(params.max, params.scale))
        if params.scale == 0:
            return pa.array(total, mask=invalid if invalid.any() else None)
        return nulls_as(decimals_from_unscaled(np.where(invalid, 0, total), params.scale), invalid)


def _column_units(
    values: pa.Array, scale: int, name: str, ctx: GenContext
) -> tuple[I64, npt.NDArray[np.bool_]]:
    """A numeric column in units of ``10**-scale`` (decimals rescaled, floats rounded)."""
    mask = null_mask(values)
    nulls = mask if mask is not None else np.zeros(len(values), dtype=np.bool_)
    t = values.type
    if pa.types.is_integer(t):
        units = values.cast(pa.int64()).fill_null(0).to_numpy().astype(np.int64)
        return units * np.int64(10**scale), nulls
    if pa.types.is_decimal(t):
        rescaled = pc.cast(values, pa.decimal128(38, scale), safe=False).fill_null(0)
        words = np.frombuffer(rescaled.buffers()[1], dtype=np.int64)
        offset = rescaled.offset
        return words[2 * offset :: 2][: len(values)].copy(), nulls
    if pa.types.is_floating(t):
        floats = values.fill_null(0.0).to_numpy(zero_copy_only=False)
        return np.rint(floats * 10**scale).astype(np.int64), nulls
    raise GenerationError(
        "derive_input_type",
        f"derive.linear needs numeric columns; {name!r} is {t}",
        path=ctx.where,
    )
