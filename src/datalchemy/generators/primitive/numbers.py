"""``primitive.bool``, integers, integer sequences, floats and exact decimals."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from typing import Annotated

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import AfterValidator, Field, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import decimals_from_unscaled
from datalchemy.generators.base import (
    ColumnFacts,
    GenContext,
    Generator,
    Rows,
    as_i64,
    as_u64,
)
from datalchemy.generators.primitive._common import (
    F64,
    INT64_MAX,
    INT64_MIN,
    NUMERIC,
    U64,
    Finite,
    StrictParams,
    capped_space,
    check_int_width,
    int_width,
    issue,
)
from datalchemy.generators.registry import register

__all__ = [
    "Bool",
    "DecimalNumeric",
    "FloatGen",
    "FloatRange",
    "IntGen",
    "IntRange",
    "IntSequenceHint",
]


def _unit_inclusive(stream: Stream, rows: npt.ArrayLike) -> F64:
    """Uniform floats in ``[0, 1]`` (both ends reachable), 53 bits."""
    return (stream.words(rows) >> np.uint64(11)).astype(np.float64) / float(2**53 - 1)


class BoolParams(StrictParams):
    p_true: float = Field(0.5, ge=0, le=1, description="Probability of true (0.5: a fair coin).")


@register
class Bool(Generator[BoolParams]):
    id = "primitive.bool"
    summary = "True or false, true with probability p_true."
    params_model = BoolParams
    output = TypeFamily.BOOLEAN
    fits = frozenset({TypeFamily.BOOLEAN})

    def generate(self, ctx: GenContext, params: BoolParams, rows: Rows) -> pa.Array:
        return pa.array(ctx.stream(self.id, params).bernoulli(rows, params.p_true))

    def value_space(self, ctx: GenContext, params: BoolParams) -> int | None:
        return 2

    def from_index(self, ctx: GenContext, params: BoolParams, idx: U64) -> pa.Array:
        return pa.array(as_u64(idx) == np.uint64(1))


class IntRangeParams(StrictParams):
    min: int = Field(0, ge=INT64_MIN, le=INT64_MAX, description="Smallest value (inclusive).")
    max: int = Field(10000, ge=INT64_MIN, le=INT64_MAX, description="Largest value (inclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> IntRangeParams:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _int_bounds(params: IntRangeParams, facts: ColumnFacts) -> tuple[int, int]:
    """``[min, max]`` kept inside the column's integer width (int2 / int4 never get wider
    values); a range wholly outside it is left as is (the check reports it)."""
    width = int_width(facts)
    if width is None:
        return params.min, params.max
    lo, hi = max(params.min, width[0]), min(params.max, width[1])
    return (lo, hi) if lo <= hi else (params.min, params.max)


class _IntRangeBase(Generator[IntRangeParams]):
    summary = "Uniform integers in [min, max] (default 0..10000), inside the column's width."
    params_model = IntRangeParams
    output = TypeFamily.INTEGER
    fits = NUMERIC

    def generate(self, ctx: GenContext, params: IntRangeParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        lo, hi = _int_bounds(params, ctx.facts)
        return pa.array(s.integers(rows, lo, hi), type=pa.int64())

    def value_space(self, ctx: GenContext, params: IntRangeParams) -> int | None:
        lo, hi = _int_bounds(params, ctx.facts)
        return capped_space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: IntRangeParams, idx: U64) -> pa.Array:
        lo, _ = _int_bounds(params, ctx.facts)
        with np.errstate(over="ignore"):
            v = (as_u64(idx) + np.uint64(lo & 0xFFFFFFFFFFFFFFFF)).view(np.int64)
        return pa.array(v, type=pa.int64())

    def check(self, params: IntRangeParams, facts: ColumnFacts) -> list[Issue]:
        return check_int_width(params.min, params.max, facts)


@register
class IntGen(_IntRangeBase):
    id = "primitive.int"


@register
class IntRange(_IntRangeBase):
    id = "primitive.int.range"


class SequenceParams(StrictParams):
    start: int = Field(1, ge=INT64_MIN, le=INT64_MAX, description="Value of row 0.")
    step: int = Field(
        1, ge=INT64_MIN, le=INT64_MAX, description="Added per row (not 0; may be negative)."
    )
    max: int | None = Field(
        None,
        ge=INT64_MIN,
        le=INT64_MAX,
        description="Cap: values past it (in the step's direction) are held at max.",
    )

    @model_validator(mode="after")
    def _valid(self) -> SequenceParams:
        if self.step == 0:
            raise ValueError("step must not be 0")
        if self.max is not None and (self.max - self.start) * self.step < 0:
            raise ValueError(
                f"max ({self.max}) lies behind start ({self.start}) for step {self.step}"
            )
        return self


@register
class IntSequenceHint(Generator[SequenceParams]):
    id = "primitive.int.sequence_hint"
    summary = "start + row * step, held at max (no randomness; unique below the cap)."
    params_model = SequenceParams
    output = TypeFamily.INTEGER
    fits = NUMERIC

    @staticmethod
    def _last(params: SequenceParams, facts: ColumnFacts | None = None) -> int:
        """Number of steps that stay inside the cap, int64 and the column's integer width."""
        width = int_width(facts) if facts is not None else None
        if params.step > 0:
            limit = params.max if params.max is not None else INT64_MAX
            if width is not None:
                limit = min(limit, width[1])
            return (limit - params.start) // params.step
        limit = params.max if params.max is not None else INT64_MIN
        if width is not None:
            limit = max(limit, width[0])
        return (params.start - limit) // -params.step

    def generate(self, ctx: GenContext, params: SequenceParams, rows: Rows) -> pa.Array:
        r = as_i64(rows)
        last = self._last(params)
        if params.max is None and r.size and int(r.max()) > last:
            raise GenerationError(
                "sequence_overflow",
                f"start + row * step leaves int64 past row {last}",
                path=self.id,
                hint="set max, or a smaller step",
            )
        fits = self._last(params, ctx.facts)
        if params.max is None and r.size and int(r.max()) > fits:
            raise GenerationError(
                "sequence_overflow",
                f"start + row * step leaves the column's {ctx.facts.int_bits}-bit integers past "
                f"row {fits}",
                path=self.id,
                hint="generate fewer rows, or widen the column",
            )
        with np.errstate(over="ignore"):
            v = np.int64(params.start) + r * np.int64(params.step)
        if params.max is not None:
            v = np.where(r > last, np.int64(params.max), v)
        return pa.array(v, type=pa.int64())

    def value_space(self, ctx: GenContext, params: SequenceParams) -> int | None:
        return capped_space(self._last(params, ctx.facts) + 1)

    def from_index(self, ctx: GenContext, params: SequenceParams, idx: U64) -> pa.Array:
        with np.errstate(over="ignore"):
            v = np.int64(params.start) + as_u64(idx).astype(np.int64) * np.int64(params.step)
        return pa.array(v, type=pa.int64())

    def check(self, params: SequenceParams, facts: ColumnFacts) -> list[Issue]:
        end = params.max if params.max is not None else params.start
        return check_int_width(min(params.start, end), max(params.start, end), facts)


class FloatRangeParams(StrictParams):
    min: Finite = Field(0.0, description="Smallest value (inclusive).")
    max: Finite = Field(10000.0, description="Largest value (inclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> FloatRangeParams:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


class _FloatRangeBase(Generator[FloatRangeParams]):
    summary = "Uniform floats in [min, max] (default 0..10000)."
    params_model = FloatRangeParams
    output = TypeFamily.FLOAT
    fits = frozenset({TypeFamily.FLOAT, TypeFamily.DECIMAL})

    def generate(self, ctx: GenContext, params: FloatRangeParams, rows: Rows) -> pa.Array:
        u = _unit_inclusive(ctx.stream(self.id, params), rows)
        v = params.min * (1.0 - u) + params.max * u
        return pa.array(np.clip(v, params.min, params.max), type=pa.float64())


@register
class FloatGen(_FloatRangeBase):
    id = "primitive.float"


@register
class FloatRange(_FloatRangeBase):
    id = "primitive.float.range"


# primitive.decimal.numeric


def _to_decimal(v: float | int | str) -> Decimal:
    try:
        d = Decimal(str(v)) if not isinstance(v, str) else Decimal(v.strip())
    except InvalidOperation:
        raise ValueError(f"not a number: {v!r}") from None
    if not d.is_finite():
        raise ValueError("must be a finite number")
    return d


def _dec_field(v: float | int | str | None) -> float | int | str | None:
    if v is not None:
        _to_decimal(v)
    return v


DecimalInput = Annotated[float | int | str | None, AfterValidator(_dec_field)]


class DecimalParams(StrictParams):
    min: DecimalInput = Field(
        None, description="Smallest value (inclusive; number or decimal string). Default 0."
    )
    max: DecimalInput = Field(
        None,
        description="Largest value (inclusive). Default 10000, or less when numeric(p, s) is "
        "smaller.",
    )
    scale: int | None = Field(
        None, ge=0, le=18, description="Digits after the point (default: the column's, else 2)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> DecimalParams:
        if (
            self.min is not None
            and self.max is not None
            and _to_decimal(self.min) > _to_decimal(self.max)
        ):
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _decimal_plan(params: DecimalParams, facts: ColumnFacts) -> tuple[int, int, int]:
    """(lowest unscaled, highest unscaled, scale): values are ``unscaled / 10**scale``."""
    if params.scale is not None:
        scale = params.scale
    else:
        scale = facts.scale if facts.scale is not None else 2
    q = Decimal(10) ** scale
    lo_d = _to_decimal(params.min) if params.min is not None else Decimal(0)
    if params.max is not None:
        hi_d = _to_decimal(params.max)
    else:
        hi_d = Decimal(10000)
        if facts.precision is not None:
            s_col = facts.scale or 0
            col_max = (Decimal(10) ** (facts.precision - s_col)) - Decimal(1).scaleb(-s_col)
            hi_d = min(hi_d, col_max)
        hi_d = max(hi_d, lo_d)
    lo = int((lo_d * q).to_integral_value(rounding=ROUND_CEILING))
    hi = int((hi_d * q).to_integral_value(rounding=ROUND_FLOOR))
    if lo > hi:
        raise GenerationError(
            "empty_decimal_range",
            f"no value with {scale} decimal places lies in [{lo_d}, {hi_d}]",
            path="primitive.decimal.numeric",
            hint="widen min/max or raise scale",
        )
    if lo < INT64_MIN or hi > INT64_MAX:
        raise GenerationError(
            "decimal_range_too_wide",
            f"[{lo_d}, {hi_d}] at scale {scale} needs more than 18 significant digits",
            path="primitive.decimal.numeric",
            hint="narrow min/max or lower scale",
        )
    return lo, hi, scale


@register
class DecimalNumeric(Generator[DecimalParams]):
    id = "primitive.decimal.numeric"
    summary = "Exact decimals in [min, max] at scale, uniform over the representable values."
    params_model = DecimalParams
    output = TypeFamily.DECIMAL
    fits = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})

    def generate(self, ctx: GenContext, params: DecimalParams, rows: Rows) -> pa.Array:
        lo, hi, scale = _decimal_plan(params, ctx.facts)
        unscaled = ctx.stream(self.id, params).integers(rows, lo, hi)
        return decimals_from_unscaled(unscaled, scale)

    def value_space(self, ctx: GenContext, params: DecimalParams) -> int | None:
        lo, hi, _ = _decimal_plan(params, ctx.facts)
        return capped_space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: DecimalParams, idx: U64) -> pa.Array:
        lo, _, scale = _decimal_plan(params, ctx.facts)
        with np.errstate(over="ignore"):
            v = (as_u64(idx) + np.uint64(lo & 0xFFFFFFFFFFFFFFFF)).view(np.int64)
        return decimals_from_unscaled(v, scale)

    def check(self, params: DecimalParams, facts: ColumnFacts) -> list[Issue]:
        try:
            lo, hi, scale = _decimal_plan(params, facts)
        except GenerationError as exc:
            return [issue("error", exc.code, exc.message, "/max", exc.hint)]
        issues: list[Issue] = []
        if facts.scale is not None and scale > facts.scale:
            issues.append(
                issue(
                    "warning",
                    "scale_exceeds_column",
                    f"scale {scale} is finer than the column's scale {facts.scale}; values "
                    "would be rounded (and may collide in a unique column)",
                    "/scale",
                    hint=f"use scale <= {facts.scale}",
                )
            )
        if facts.precision is not None:
            s_col = facts.scale if facts.scale is not None else 0
            limit = 10 ** (facts.precision - s_col)  # integer digits allowed
            biggest = max(abs(lo), abs(hi)) / 10**scale
            if biggest >= limit:
                issues.append(
                    issue(
                        "error",
                        "value_exceeds_precision",
                        f"values up to {biggest:g} do not fit numeric({facts.precision}, {s_col})",
                        "/max" if abs(hi) >= abs(lo) else "/min",
                        hint=f"keep |values| below {limit}",
                    )
                )
        if facts.int_bits is not None:
            issues.extend(check_int_width(lo // 10**scale, hi // 10**scale, facts))
        return issues
