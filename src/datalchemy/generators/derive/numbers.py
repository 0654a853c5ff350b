"""Numeric derives: exact money totals and ages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    Field,
)

from datalchemy.contracts.schema import TypeFamily
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
    input_column,
)
from datalchemy.generators.registry import register

__all__ = ["Age", "MoneyTotal"]


I64 = npt.NDArray[np.int64]


class MoneyTotalParams(InputParams):
    input_columns: list[str] = Field(
        ..., min_length=2, max_length=3, description="[price, quantity] or [price, qty, discount]."
    )
    discount: Literal["amount", "percent"] = Field(
        "amount", description="Whether the discount column is an amount or a percentage (0-100)."
    )
    scale: int = Field(2, ge=0, le=18, description="Decimal places of the total.")


def _as_decimal(values: pa.Array, name: str, where: str) -> pa.Array:
    """An exact decimal array with the smallest precision that holds the values."""
    t = values.type
    if pa.types.is_integer(t):
        values = values.cast(pa.decimal128(20, 0))
    elif pa.types.is_floating(t):
        values = pc.cast(values, pa.decimal128(38, 6))  # floats: to the micro-unit
    elif not pa.types.is_decimal(t):
        raise GenerationError(
            "derive_input_type",
            f"derive.money_total needs numeric inputs; {name!r} is {t}",
            path=where,
        )
    scale = values.type.scale
    biggest = pc.max(pc.abs(values)).as_py()
    digits = len(str(int(biggest))) if biggest is not None else 1
    return values.cast(pa.decimal128(min(38, max(1, digits + max(scale, 0))), scale))


def _widen(values: pa.Array, precision: int) -> pa.Array:
    t = values.type
    if precision > 38 and not pa.types.is_decimal256(t):
        return values.cast(pa.decimal256(t.precision, t.scale))
    return values


def _mul(a: pa.Array, b: pa.Array) -> pa.Array:
    p = a.type.precision + b.type.precision + 1
    return pc.multiply(_widen(a, p), _widen(b, p))


@register
class MoneyTotal(Derive[MoneyTotalParams]):
    """``price * quantity - discount`` in exact decimal arithmetic, rounded half away from zero
    to ``scale`` places (``discount: percent`` gives ``price * qty * (100 - pct) / 100``).

    A NULL price or quantity gives NULL; a NULL discount counts as no discount.
    """

    id = "derive.money_total"
    summary = "price * quantity - discount (amount or percent), exact decimal."
    params_model = MoneyTotalParams
    output = TypeFamily.DECIMAL
    fits = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})

    def inputs(self, params: MoneyTotalParams) -> list[str]:
        return list(params.input_columns)

    def generate(self, ctx: GenContext, params: MoneyTotalParams, rows: Rows) -> pa.Array:
        where = ctx.where
        cols = [
            _as_decimal(input_column(ctx, c, self.id, rows), c, where) for c in params.input_columns
        ]
        try:
            total = _mul(cols[0], cols[1])
            if len(cols) == 3:
                disc = pc.coalesce(cols[2], pa.scalar(Decimal(0), cols[2].type))
                if params.discount == "percent":
                    factor = pc.subtract(pa.scalar(Decimal(100), pa.decimal128(3, 0)), disc)
                    total = _shift_scale(_mul(total, factor), 2)
                else:
                    p = max(total.type.precision, disc.type.precision) + 1
                    total = pc.subtract(_widen(total, p), _widen(disc, p))
            if total.type.scale > params.scale:
                total = pc.round(total, params.scale, round_mode="half_towards_infinity")
            return total.cast(pa.decimal128(38, params.scale))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise GenerationError(
                "derive_overflow",
                f"derive.money_total cannot compute the total exactly: {exc}",
                path=where,
                hint="check the magnitude of the inputs and the scale",
            ) from None


def _shift_scale(values: pa.Array, k: int) -> pa.Array:
    """Divide a decimal array by ``10**k`` exactly by reinterpreting its scale."""
    t = values.type
    p = t.precision + k
    typ = pa.decimal128(p, t.scale + k) if p <= 38 else pa.decimal256(p, t.scale + k)
    if p > 38 and pa.types.is_decimal128(t):
        values = values.cast(pa.decimal256(t.precision, t.scale))
    return pa.Array.from_buffers(typ, len(values), values.buffers(), offset=values.offset)


class AgeParams(InputParams):
    pass


@register
class Age(Derive[AgeParams]):
    """Age in whole years at ``ctx.base_date`` from a birth date (or timestamp) column.

    A birthday later in the year than ``base_date`` has not happened yet; 29 February counts as
    reached on 1 March in common years. Birth dates after ``base_date`` give 0; NULL gives NULL.
    """

    id = "derive.age"
    summary = "Age in whole years at base_date from a birth-date column."
    params_model = AgeParams
    output = TypeFamily.INTEGER
    fits = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT})

    def inputs(self, params: AgeParams) -> list[str]:
        return [params.input_columns[0]]

    def generate(self, ctx: GenContext, params: AgeParams, rows: Rows) -> pa.Array:
        born = input_column(ctx, params.input_columns[0], self.id, rows)
        if not (pa.types.is_date(born.type) or pa.types.is_timestamp(born.type)):
            raise GenerationError(
                "derive_input_type",
                f"derive.age needs a date or timestamp column, got {born.type}",
                path=ctx.where,
            )
        mask = null_mask(born)

        def part(fn: Any) -> I64:
            return np.asarray(fn(born).fill_null(0).to_numpy(), dtype=np.int64)

        y, m, d = part(pc.year), part(pc.month), part(pc.day)
        base = ctx.base_date
        age = base.year - y - ((base.month * 100 + base.day) < (m * 100 + d))
        return pa.array(np.maximum(age, 0), mask=mask)
