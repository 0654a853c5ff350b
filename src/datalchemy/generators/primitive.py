"""``primitive.*``: booleans, numbers, text, patterns, lorem, UUIDs, dates and times, enums,
distributions, weighted and categorical choices, JSON objects from a template, arrays.

The 19 IDs of the original catalog keep their names and params (``min``/``max``, ``scale``,
``start``/``step``/``max``, ``pattern``, ``min_len``/``max_len``/``charset``/``allow_empty``/
``max_repeat``, ``words``/``min_words``/``max_words``; dates ``YYYY-MM-DD``, times
``HH:MM:SS[.f]``, timestamps RFC 3339 or ``YYYY-MM-DD[T ]HH:MM:SS``), so old plans work. Params are
strict: unknown keys and wrong JSON types are errors.

Every generator here is vectorized (NumPy over the stream's words, Arrow for text) and, where its
value space is finite, builds unique values by construction (``value_space`` / ``from_index``):
integer and decimal ranges, sequences, dates, times and timestamps at their resolution, enum labels,
choice values, fixed-structure patterns (``[A-Z]{3}-\\d{4}``) and UUIDs (2**62 of them).

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> gen = IntRange()
    >>> ctx = GenContext.for_column(seed=1, table="crm.leads", column="score")
    >>> values = gen.generate(ctx, gen.parse_params({"min": 0, "max": 100}), np.arange(5))
    >>> all(0 <= v <= 100 for v in values.to_pylist())
    True
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from datalchemy.contracts.common import Issue, Severity
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.errors import DatalchemyError, GenerationError
from datalchemy.generators import regex_sampler
from datalchemy.generators._arrow import decimals_from_unscaled
from datalchemy.generators.base import (
    ALL_FAMILIES,
    TEXTUAL,
    ColumnFacts,
    GenContext,
    Generator,
    NoParams,
    ParamError,
    Params,
    Rows,
)
from datalchemy.generators.registry import get_generator, register

__all__ = [
    "ORIGINAL_IDS",
    "Array",
    "Bool",
    "Choice",
    "DateGen",
    "DateRange",
    "DecimalNumeric",
    "Enum",
    "Exponential",
    "FloatGen",
    "FloatRange",
    "IntGen",
    "IntRange",
    "IntSequenceHint",
    "JsonTemplate",
    "Lognormal",
    "Normal",
    "Text",
    "TextLorem",
    "TextPattern",
    "TimeGen",
    "TimeRange",
    "TimestampGen",
    "TimestampRange",
    "Uuid",
    "UuidV4",
    "WeightedChoice",
    "Zipf",
]

#: The 19 ``primitive.*`` IDs of the original catalog (all registered here).
ORIGINAL_IDS = (
    "primitive.bool",
    "primitive.date",
    "primitive.date.range",
    "primitive.decimal.numeric",
    "primitive.enum",
    "primitive.float",
    "primitive.float.range",
    "primitive.int",
    "primitive.int.range",
    "primitive.int.sequence_hint",
    "primitive.text",
    "primitive.text.lorem",
    "primitive.text.pattern",
    "primitive.time",
    "primitive.time.range",
    "primitive.timestamp",
    "primitive.timestamp.range",
    "primitive.uuid",
    "primitive.uuid.v4",
)

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
#: Largest value space reported (the engine's keyed permutation works below 2**62).
MAX_SPACE = 2**62

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

_NUMERIC = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT})
_TEXT_FITS = TEXTUAL


class _Strict(Params):
    """Params with the original's strictness: unknown keys and wrong JSON types are errors."""

    model_config = ConfigDict(strict=True)


def _issue(
    severity: Severity, code: str, message: str, path: str | None = None, hint: str | None = None
) -> Issue:
    return Issue(severity=severity, code=code, path=path, message=message, hint=hint)


def _u64(idx: npt.ArrayLike) -> U64:
    return np.asarray(idx).astype(np.uint64, copy=False).ravel()


def _i64(idx: npt.ArrayLike) -> I64:
    return np.asarray(idx).astype(np.int64, copy=False).ravel()


def _space(n: int) -> int:
    """A value space as reported to the engine: exact up to 2**62, then that safe lower bound."""
    return max(0, min(n, MAX_SPACE))


def _unit_inclusive(stream: Stream, rows: npt.ArrayLike) -> F64:
    """Uniform floats in ``[0, 1]`` (both ends reachable), 53 bits."""
    return (stream.words(rows) >> np.uint64(11)).astype(np.float64) / float(2**53 - 1)


def _uniform_ints(stream: Stream, rows: npt.ArrayLike, lo: int, hi: int) -> I64:
    return stream.integers(rows, lo, hi)


# =============================================================================================
# primitive.bool
# =============================================================================================


class BoolParams(_Strict):
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
        return pa.array(_u64(idx) == np.uint64(1))


# =============================================================================================
# Integers
# =============================================================================================


def _check_int_width(lo: int, hi: int, facts: ColumnFacts) -> list[Issue]:
    if facts.int_bits is None:
        return []
    bits = facts.int_bits
    wmin, wmax = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if lo < wmin or hi > wmax:
        return [
            _issue(
                "warning",
                "range_exceeds_int_width",
                f"values in [{lo}, {hi}] do not all fit a {bits}-bit integer column "
                f"([{wmin}, {wmax}])",
                "/max" if hi > wmax else "/min",
                hint=f"keep min/max inside [{wmin}, {wmax}]",
            )
        ]
    return []


class IntRangeParams(_Strict):
    min: int = Field(0, ge=INT64_MIN, le=INT64_MAX, description="Smallest value (inclusive).")
    max: int = Field(10000, ge=INT64_MIN, le=INT64_MAX, description="Largest value (inclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> IntRangeParams:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


class _IntRangeBase(Generator[IntRangeParams]):
    summary = "Uniform integers in [min, max] (default 0..10000)."
    params_model = IntRangeParams
    output = TypeFamily.INTEGER
    fits = _NUMERIC

    def generate(self, ctx: GenContext, params: IntRangeParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        return pa.array(_uniform_ints(s, rows, params.min, params.max), type=pa.int64())

    def value_space(self, ctx: GenContext, params: IntRangeParams) -> int | None:
        return _space(params.max - params.min + 1)

    def from_index(self, ctx: GenContext, params: IntRangeParams, idx: U64) -> pa.Array:
        with np.errstate(over="ignore"):
            v = (_u64(idx) + np.uint64(params.min & 0xFFFFFFFFFFFFFFFF)).view(np.int64)
        return pa.array(v, type=pa.int64())

    def check(self, params: IntRangeParams, facts: ColumnFacts) -> list[Issue]:
        return _check_int_width(params.min, params.max, facts)


@register
class IntGen(_IntRangeBase):
    id = "primitive.int"


@register
class IntRange(_IntRangeBase):
    id = "primitive.int.range"


class SequenceParams(_Strict):
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
    fits = _NUMERIC

    @staticmethod
    def _last(params: SequenceParams) -> int:
        """Number of steps that stay inside the cap / int64."""
        if params.step > 0:
            limit = params.max if params.max is not None else INT64_MAX
            return (limit - params.start) // params.step
        limit = params.max if params.max is not None else INT64_MIN
        return (params.start - limit) // -params.step

    def generate(self, ctx: GenContext, params: SequenceParams, rows: Rows) -> pa.Array:
        r = _i64(rows)
        last = self._last(params)
        if params.max is None and r.size and int(r.max()) > last:
            raise GenerationError(
                "sequence_overflow",
                f"start + row * step leaves int64 past row {last}",
                path=self.id,
                hint="set max, or a smaller step",
            )
        with np.errstate(over="ignore"):
            v = np.int64(params.start) + r * np.int64(params.step)
        if params.max is not None:
            v = np.where(r > last, np.int64(params.max), v)
        return pa.array(v, type=pa.int64())

    def value_space(self, ctx: GenContext, params: SequenceParams) -> int | None:
        return _space(self._last(params) + 1)

    def from_index(self, ctx: GenContext, params: SequenceParams, idx: U64) -> pa.Array:
        with np.errstate(over="ignore"):
            v = np.int64(params.start) + _u64(idx).astype(np.int64) * np.int64(params.step)
        return pa.array(v, type=pa.int64())

    def check(self, params: SequenceParams, facts: ColumnFacts) -> list[Issue]:
        end = params.max if params.max is not None else params.start
        return _check_int_width(min(params.start, end), max(params.start, end), facts)


# =============================================================================================
# Floats
# =============================================================================================


def _finite(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


Finite = Annotated[float, AfterValidator(_finite)]


class FloatRangeParams(_Strict):
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


# =============================================================================================
# primitive.decimal.numeric
# =============================================================================================


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


class DecimalParams(_Strict):
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
        unscaled = _uniform_ints(ctx.stream(self.id, params), rows, lo, hi)
        return decimals_from_unscaled(unscaled, scale)

    def value_space(self, ctx: GenContext, params: DecimalParams) -> int | None:
        lo, hi, _ = _decimal_plan(params, ctx.facts)
        return _space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: DecimalParams, idx: U64) -> pa.Array:
        lo, _, scale = _decimal_plan(params, ctx.facts)
        with np.errstate(over="ignore"):
            v = (_u64(idx) + np.uint64(lo & 0xFFFFFFFFFFFFFFFF)).view(np.int64)
        return decimals_from_unscaled(v, scale)

    def check(self, params: DecimalParams, facts: ColumnFacts) -> list[Issue]:
        try:
            lo, hi, scale = _decimal_plan(params, facts)
        except GenerationError as exc:
            return [_issue("error", exc.code, exc.message, "/max", exc.hint)]
        issues: list[Issue] = []
        if facts.scale is not None and scale > facts.scale:
            issues.append(
                _issue(
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
                    _issue(
                        "error",
                        "value_exceeds_precision",
                        f"values up to {biggest:g} do not fit numeric({facts.precision}, {s_col})",
                        "/max" if abs(hi) >= abs(lo) else "/min",
                        hint=f"keep |values| below {limit}",
                    )
                )
        if facts.int_bits is not None:
            issues.extend(_check_int_width(lo // 10**scale, hi // 10**scale, facts))
        return issues


# =============================================================================================
# Text: charset, pattern, lorem
# =============================================================================================

#: The original's default charset.
DEFAULT_CHARSET = "a-zA-Z0-9"
DEFAULT_MAX_LEN = 32


def _pattern_ok(v: str | None, max_repeat: int = regex_sampler.DEFAULT_MAX_REPEAT) -> None:
    if v is None:
        return
    try:
        regex_sampler.compile_pattern(v, max_repeat)
    except GenerationError as exc:
        raise ValueError(exc.message) from None


class _TextLimits(_Strict):
    min_len: int | None = Field(
        None,
        ge=0,
        le=1_000_000,
        description="Shortest value in characters (default 1, or 0 with allow_empty).",
    )
    max_len: int | None = Field(
        None,
        ge=0,
        le=1_000_000,
        description="Longest value in characters (default: the column's varchar(n), else 32).",
    )
    allow_empty: bool = Field(False, description="Allow the empty string.")

    @model_validator(mode="after")
    def _lengths(self) -> _TextLimits:
        if self.min_len is not None and self.max_len is not None and self.min_len > self.max_len:
            raise ValueError(f"min_len ({self.min_len}) must be <= max_len ({self.max_len})")
        if self.max_len == 0 and not self.allow_empty:
            raise ValueError("max_len 0 only makes empty strings; set allow_empty")
        return self


def _length_bounds(
    limits: _TextLimits, facts: ColumnFacts, default_max: int | None
) -> tuple[int, int | None]:
    """(min chars, max chars or None) from params and the column's varchar(n)."""
    lo = limits.min_len if limits.min_len is not None else (0 if limits.allow_empty else 1)
    if not limits.allow_empty:
        lo = max(lo, 1)
    hi = limits.max_len if limits.max_len is not None else default_max
    if facts.length is not None:
        hi = facts.length if hi is None else min(hi, facts.length)
    return lo, hi


def _length_issues(limits: _TextLimits, facts: ColumnFacts) -> list[Issue]:
    issues: list[Issue] = []
    if facts.length is None:
        return issues
    if limits.max_len is not None and limits.max_len > facts.length:
        issues.append(
            _issue(
                "error",
                "max_len_exceeds_column",
                f"max_len {limits.max_len} exceeds the column length {facts.length}",
                "/max_len",
                hint=f"use max_len <= {facts.length}",
            )
        )
    if limits.min_len is not None and limits.min_len > facts.length:
        issues.append(
            _issue(
                "error",
                "min_len_exceeds_column",
                f"min_len {limits.min_len} exceeds the column length {facts.length}",
                "/min_len",
            )
        )
    return issues


def _pattern_value_space(cp: regex_sampler.CompiledPattern, lo: int, hi: int | None) -> int | None:
    if cp.space is None or cp.min_len < lo or (hi is not None and cp.max_len > hi):
        return None  # the bounds cut the space: no exact count
    return _space(cp.space)


def _pattern_issues(
    cp: regex_sampler.CompiledPattern, limits: _TextLimits, facts: ColumnFacts
) -> list[Issue]:
    issues = _length_issues(limits, facts)
    lo, hi = _length_bounds(limits, facts, None)
    if hi is not None and cp.min_len > hi:
        issues.append(
            _issue(
                "error",
                "pattern_too_long",
                f"pattern {cp.pattern!r} makes at least {cp.min_len} characters, more than "
                f"the limit {hi}",
                "/pattern",
            )
        )
    elif lo > cp.max_len:
        issues.append(
            _issue(
                "error",
                "pattern_too_short",
                f"pattern {cp.pattern!r} makes at most {cp.max_len} characters, fewer than "
                f"min_len {lo}",
                "/min_len",
            )
        )
    elif facts.length is not None and cp.max_len > facts.length:
        issues.append(
            _issue(
                "info",
                "pattern_capped_to_column",
                f"pattern can make {cp.max_len} characters; repeats are capped so values fit "
                f"varchar({facts.length})",
                "/pattern",
            )
        )
    return issues


class TextParams(_TextLimits):
    pattern: str | None = Field(
        None, description="A regex to sample (cannot be combined with charset)."
    )
    charset: str | None = Field(
        None,
        description="Characters and x-y ranges to draw from (default a-zA-Z0-9).",
        min_length=1,
    )
    max_repeat: int | None = Field(
        None, ge=0, le=1000, description="Cap of unbounded regex repeats (pattern only; 32)."
    )

    @model_validator(mode="after")
    def _modes(self) -> TextParams:
        if self.pattern is not None and self.charset is not None:
            raise ValueError("pattern and charset cannot be combined")
        if self.max_repeat is not None and self.pattern is None:
            raise ValueError("max_repeat applies only with pattern")
        if self.charset is not None:
            try:
                regex_sampler.compile_charset(self.charset, 0, 0)
            except ValueError as exc:
                raise ValueError(f"charset: {exc}") from None
        _pattern_ok(self.pattern, self._max_repeat)
        return self

    @property
    def _max_repeat(self) -> int:
        return self.max_repeat if self.max_repeat is not None else regex_sampler.DEFAULT_MAX_REPEAT


def _text_compiled(
    params: TextParams, facts: ColumnFacts
) -> tuple[regex_sampler.CompiledPattern, int, int | None]:
    if params.pattern is not None:
        cp = regex_sampler.compile_pattern(params.pattern, params._max_repeat)
        lo, hi = _length_bounds(params, facts, None)
        return cp, lo, hi
    lo, hi = _length_bounds(params, facts, DEFAULT_MAX_LEN)
    assert hi is not None
    if lo > hi:
        raise GenerationError(
            "text_length_unsatisfiable",
            f"min_len {lo} is above the maximum length {hi}",
            path="primitive.text",
            hint="lower min_len or raise max_len / the column length",
        )
    cp = regex_sampler.compile_charset(params.charset or DEFAULT_CHARSET, lo, hi)
    return cp, lo, hi


@register
class Text(Generator[TextParams]):
    id = "primitive.text"
    summary = "Random characters from charset with a length in [min_len, max_len], or a pattern."
    params_model = TextParams
    output = TypeFamily.TEXT
    fits = _TEXT_FITS

    def generate(self, ctx: GenContext, params: TextParams, rows: Rows) -> pa.Array:
        cp, lo, hi = _text_compiled(params, ctx.facts)
        return cp.sample(ctx.stream(self.id, params), rows, min_len=lo, max_len=hi)

    def value_space(self, ctx: GenContext, params: TextParams) -> int | None:
        cp, lo, hi = _text_compiled(params, ctx.facts)
        return _pattern_value_space(cp, lo, hi)

    def from_index(self, ctx: GenContext, params: TextParams, idx: U64) -> pa.Array:
        cp, _, _ = _text_compiled(params, ctx.facts)
        return cp.from_index(idx, ctx.stream(self.id, params, "from_index"))

    def check(self, params: TextParams, facts: ColumnFacts) -> list[Issue]:
        if params.pattern is not None:
            cp = regex_sampler.compile_pattern(params.pattern, params._max_repeat)
            return _pattern_issues(cp, params, facts)
        issues = _length_issues(params, facts)
        lo, hi = _length_bounds(params, facts, DEFAULT_MAX_LEN)
        if hi is not None and lo > hi and not issues:
            issues.append(
                _issue(
                    "error",
                    "text_length_unsatisfiable",
                    f"min_len {lo} > max length {hi}",
                    "/min_len",
                )
            )
        return issues


class PatternParams(_TextLimits):
    pattern: str = Field(
        description="The regex every value fully matches (`#` is a literal, not a digit mask).",
        min_length=0,
    )
    max_repeat: int = Field(
        regex_sampler.DEFAULT_MAX_REPEAT,
        ge=0,
        le=1000,
        description="Extra iterations allowed to *, + and {m,}.",
    )

    @model_validator(mode="after")
    def _compiles(self) -> PatternParams:
        _pattern_ok(self.pattern, self.max_repeat)
        cp = regex_sampler.compile_pattern(self.pattern, self.max_repeat)
        lo = self.min_len if self.min_len is not None else (0 if self.allow_empty else 1)
        if lo > cp.max_len or (self.max_len is not None and self.max_len < cp.min_len):
            raise ValueError(
                f"pattern makes {cp.min_len}..{cp.max_len} characters, outside "
                f"[{lo}, {self.max_len}]"
            )
        return self


@register
class TextPattern(Generator[PatternParams]):
    id = "primitive.text.pattern"
    example_params: ClassVar[dict[str, Any] | None] = {"pattern": "[A-Z]{3}-\\d{4}"}
    summary = "Strings matching a regex (vectorized; unique when the pattern is enumerable)."
    params_model = PatternParams
    output = TypeFamily.TEXT
    fits = _TEXT_FITS

    def _compiled(self, params: PatternParams) -> regex_sampler.CompiledPattern:
        return regex_sampler.compile_pattern(params.pattern, params.max_repeat)

    def generate(self, ctx: GenContext, params: PatternParams, rows: Rows) -> pa.Array:
        lo, hi = _length_bounds(params, ctx.facts, None)
        return self._compiled(params).sample(
            ctx.stream(self.id, params), rows, min_len=lo, max_len=hi
        )

    def value_space(self, ctx: GenContext, params: PatternParams) -> int | None:
        lo, hi = _length_bounds(params, ctx.facts, None)
        return _pattern_value_space(self._compiled(params), lo, hi)

    def from_index(self, ctx: GenContext, params: PatternParams, idx: U64) -> pa.Array:
        return self._compiled(params).from_index(idx, ctx.stream(self.id, params, "from_index"))

    def check(self, params: PatternParams, facts: ColumnFacts) -> list[Issue]:
        return _pattern_issues(self._compiled(params), params, facts)


#: The original's 19-word lorem list.
LOREM_WORDS = (
    *("lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed"),
    *("do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua"),
)


class _LoremTable:
    """The lorem words sorted by length (so the words of a length range are a slice)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = sorted(words, key=lambda w: (len(w), w))
        self.lens = np.array([len(w) for w in self.words], dtype=np.int64)
        self.shortest = int(self.lens.min())
        self.longest = int(self.lens.max())
        self.vocab = pa.array(self.words, type=pa.string())


_LOREM = _LoremTable(LOREM_WORDS)


class LoremParams(_TextLimits):
    words: int | None = Field(
        None, ge=0, le=1000, description="Exact number of words (overrides min/max_words)."
    )
    min_words: int = Field(3, ge=0, le=1000, description="Fewest words.")
    max_words: int = Field(8, ge=0, le=1000, description="Most words.")

    @model_validator(mode="after")
    def _counts(self) -> LoremParams:
        lo, hi = self.word_bounds
        if lo > hi:
            raise ValueError(f"min_words ({lo}) must be <= max_words ({hi})")
        if lo == 0 and not self.allow_empty:
            raise ValueError("0 words makes an empty string; set allow_empty or min_words >= 1")
        return self

    @property
    def word_bounds(self) -> tuple[int, int]:
        if self.words is not None:
            return self.words, self.words
        return self.min_words, self.max_words


def _lorem_counts(params: LoremParams, facts: ColumnFacts) -> tuple[int, int, int, int | None]:
    """(fewest words, most words, min chars, max chars) that can all be met together."""
    lo_c, hi_c = _length_bounds(params, facts, None)
    wmin, wmax = params.word_bounds
    t = _LOREM
    cmin = max(wmin, -(-(lo_c + 1) // (t.longest + 1)) if lo_c > 0 else wmin)
    cmax = wmax if hi_c is None else min(wmax, (hi_c + 1) // (t.shortest + 1))
    if cmin > cmax or (cmax == 0 and lo_c > 0):
        raise GenerationError(
            "lorem_unsatisfiable",
            f"{wmin}..{wmax} lorem words cannot make a text of {lo_c}..{hi_c} characters",
            path="primitive.text.lorem",
            hint="adjust min_words/max_words or min_len/max_len",
        )
    return cmin, cmax, lo_c, hi_c


@register
class TextLorem(Generator[LoremParams]):
    id = "primitive.text.lorem"
    summary = "Lorem ipsum words joined by spaces, within the length limits by construction."
    params_model = LoremParams
    output = TypeFamily.TEXT
    fits = _TEXT_FITS

    def generate(self, ctx: GenContext, params: LoremParams, rows: Rows) -> pa.Array:
        cmin, cmax, lo_c, hi_c = _lorem_counts(params, ctx.facts)
        t = _LOREM
        s = ctx.stream(self.id, params)
        counters = _u64(rows)
        n = counters.size
        count = (
            np.full(n, cmin, dtype=np.int64)
            if cmin == cmax
            else _uniform_ints(s.sub("count"), counters, cmin, cmax)
        )
        if cmax == 0:
            return pa.array(np.full(n, "", dtype=object), type=pa.string())
        m_key = max(1, params.word_bounds[1])  # counters of word j: row * m_key + j
        picks = np.zeros((n, cmax), dtype=np.int64)
        used = np.zeros(n, dtype=np.int64)  # characters so far (with separators)
        nwords = len(t.words)
        ws = s.sub("word")
        step_min, step_max = t.shortest + 1, t.longest + 1
        loose = (hi_c is None or cmax * step_max - 1 <= hi_c) and lo_c <= cmin * step_min - 1
        for j in range(cmax):
            with np.errstate(over="ignore"):
                u = ws.uniform(counters * np.uint64(m_key) + np.uint64(j))
            if loose:
                picks[:, j] = (u * nwords).astype(np.int64)
            else:
                sep = 1 if j else 0
                rest = np.maximum(count - j - 1, 0)
                lo_w = np.full(n, t.shortest, dtype=np.int64)
                hi_w = np.full(n, t.longest, dtype=np.int64)
                if hi_c is not None:
                    hi_w = np.minimum(hi_w, hi_c - used - sep - rest * step_min)
                if lo_c > 0:
                    lo_w = np.maximum(lo_w, lo_c - used - sep - rest * step_max)
                a = np.searchsorted(t.lens, lo_w, side="left")
                b = np.searchsorted(t.lens, hi_w, side="right")
                empty = b <= a  # a gap in the lengths: prefer fitting the maximum
                a = np.where(empty, np.maximum(b - 1, 0), a)
                b = np.where(empty, np.maximum(b, 1), b)
                picks[:, j] = a + (u * (b - a)).astype(np.int64)
            active = count > j
            used += np.where(active, t.lens[picks[:, j]] + (1 if j else 0), 0)
        if (lo_c > 0 and np.any(used < lo_c)) or (hi_c is not None and np.any(used > hi_c)):
            raise GenerationError(
                "lorem_unsatisfiable",
                f"lorem text cannot meet the length bounds [{lo_c}, {hi_c}] for some rows",
                path=self.id,
                hint="widen min_len/max_len or adjust the word counts",
            )
        return _lorem_strings(picks, count)

    def check(self, params: LoremParams, facts: ColumnFacts) -> list[Issue]:
        issues = _length_issues(params, facts)
        try:
            _lorem_counts(params, facts)
        except GenerationError as exc:
            issues.append(_issue("error", exc.code, exc.message, "/max_words", exc.hint))
        return issues


def _lorem_strings(picks: I64, count: I64) -> pa.Array:
    """Space-joined words: ``picks[r, :count[r]]`` of every row (Arrow's C++ list join)."""
    n, m = picks.shape
    active = np.arange(m)[None, :] < count[:, None]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(count, out=offsets[1:])
    words = pc.take(_LOREM.vocab, pa.array(picks[active]))
    return pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets), words), " ")


# =============================================================================================
# UUIDs
# =============================================================================================

#: Byte -> its two hex digits, as one little-endian uint16 (so a view reads them in order).
_HEX2 = np.array(
    [ord("0123456789abcdef"[b >> 4]) | (ord("0123456789abcdef"[b & 15]) << 8) for b in range(256)],
    dtype="<u2",
)
#: (text slice, hex-digit slice) of the five groups of a UUID.
_UUID_GROUPS = (
    ((0, 8), (0, 8)),
    ((9, 13), (8, 12)),
    ((14, 18), (12, 16)),
    ((19, 23), (16, 20)),
    ((24, 36), (20, 32)),
)
_MASK62 = np.uint64((1 << 62) - 1)
_VERSION_CLEAR = np.uint64(~(0xF << 12) & 0xFFFFFFFFFFFFFFFF)
_VERSION_4 = np.uint64(0x4 << 12)
_VARIANT = np.uint64(0b10 << 62)


def _uuid_strings(hi: U64, lo: U64) -> pa.Array:
    """Canonical 8-4-4-4-12 lower-case hex text of 128-bit values (hi, lo)."""
    n = hi.size
    words = np.empty((n, 2), dtype=">u8")
    words[:, 0] = hi
    words[:, 1] = lo
    hexed = _HEX2[words.view(np.uint8).reshape(n, 16)].view(np.uint8)  # (n, 32) hex digits
    out = np.empty((n, 36), dtype=np.uint8)
    for (a, b), (c, d) in _UUID_GROUPS:
        out[:, a:b] = hexed[:, c:d]
    out[:, [8, 13, 18, 23]] = ord("-")
    offsets = np.arange(0, (n + 1) * 36, 36, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out))


def _v4(hi: U64, lo: U64) -> tuple[U64, U64]:
    return (hi & _VERSION_CLEAR) | _VERSION_4, (lo & _MASK62) | _VARIANT


def _mix62(x: U64, key: int) -> U64:
    """A keyed bijection of [0, 2**62): xor with the key, odd multiplies and xorshifts mod 2**62."""
    k = np.uint64(key & ((1 << 62) - 1))
    with np.errstate(over="ignore"):
        z = (x & _MASK62) ^ k
        z = (z * np.uint64(0xBF58476D1CE4E5B9)) & _MASK62
        z ^= z >> np.uint64(31)
        z = (z * np.uint64(0x94D049BB133111EB)) & _MASK62
        z ^= z >> np.uint64(29)
        z = (z * np.uint64(0x9E3779B97F4A7C15)) & _MASK62
        z ^= z >> np.uint64(32)
    return z


class _UuidBase(Generator[NoParams]):
    summary = "Random RFC 4122 version 4 UUIDs (unique by construction over 2**62)."
    params_model = NoParams
    output = TypeFamily.UUID
    fits = frozenset({TypeFamily.UUID, TypeFamily.TEXT, TypeFamily.UNKNOWN})

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        hi, lo = _v4(s.sub("hi").words(rows), s.sub("lo").words(rows))
        return _uuid_strings(hi, lo)

    def value_space(self, ctx: GenContext, params: NoParams) -> int | None:
        return MAX_SPACE

    def from_index(self, ctx: GenContext, params: NoParams, idx: U64) -> pa.Array:
        s = ctx.stream(self.id, params, "from_index")
        x = _u64(idx)
        if x.size and int(x.max()) >= MAX_SPACE:
            raise ValueError("uuid index out of range [0, 2**62)")
        # the low 62 random bits carry a bijection of the index (distinct indices -> distinct
        # UUIDs); the high word is random so the values still look like any v4 UUID.
        hi, lo = _v4(s.sub("hi").words(x), _mix62(x, s.key))
        return _uuid_strings(hi, lo)

    def check(self, params: NoParams, facts: ColumnFacts) -> list[Issue]:
        if facts.family in TEXTUAL and facts.length is not None and facts.length < 36:
            return [
                _issue(
                    "error",
                    "uuid_too_long",
                    f"a UUID has 36 characters; the column allows {facts.length}",
                )
            ]
        return []


@register
class Uuid(_UuidBase):
    id = "primitive.uuid"


@register
class UuidV4(_UuidBase):
    id = "primitive.uuid.v4"


# =============================================================================================
# Dates, times, timestamps
# =============================================================================================

_EPOCH = date(1970, 1, 1)
_NS_PER_DAY = 86_400 * 10**9
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME_RE = re.compile(r"(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?")
_TS_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)
Resolution = Literal["s", "ms", "us"]
_RES_NS = {"s": 10**9, "ms": 10**6, "us": 10**3}
_RES_US = {"s": 10**6, "ms": 10**3, "us": 1}


def _parse_date(text: str) -> date:
    if not _DATE_RE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None


def _time_ns(text: str) -> int:
    """Nanoseconds after midnight of ``HH:MM:SS[.f]``."""
    m = _TIME_RE.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a time HH:MM:SS[.f]")
    h, mi, s = int(m[1]), int(m[2]), int(m[3])
    if h > 23 or mi > 59 or s > 59:
        raise ValueError(f"{text!r} is not a valid time of day")
    frac = int((m[4] or "").ljust(9, "0"))
    return ((h * 60 + mi) * 60 + s) * 10**9 + frac


def _timestamp_ns(text: str) -> int:
    """Nanoseconds since 1970-01-01 UTC (a naive value is taken as UTC)."""
    m = _TS_RE.fullmatch(text)
    if not m:
        raise ValueError(
            f"{text!r} is not a timestamp (RFC 3339, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS)"
        )
    d = _parse_date(m[1])
    ns = (d - _EPOCH).days * _NS_PER_DAY + (_time_ns(m[2]) if m[2] else 0)
    if m[4]:
        oh, om = int(m[5]), int(m[6])
        if oh > 23 or om > 59:
            raise ValueError(f"{text!r} has an invalid UTC offset")
        offset = (oh * 60 + om) * 60 * 10**9
        ns -= offset if m[4] == "+" else -offset
    return ns


def _validated(parse: Callable[[str], object]) -> Callable[[str | None], str | None]:
    def check(v: str | None) -> str | None:
        if v is not None:
            parse(v)
        return v

    return check


DateStr = Annotated[str | None, AfterValidator(_validated(_parse_date))]
TimeStr = Annotated[str | None, AfterValidator(_validated(_time_ns))]
TimestampStr = Annotated[str | None, AfterValidator(_validated(_timestamp_ns))]


def _unit_bounds(lo_ns: int, hi_ns: int, res_ns: int, what: str) -> tuple[int, int]:
    lo = -(-lo_ns // res_ns)
    hi = hi_ns // res_ns
    if lo > hi:
        raise GenerationError(
            "empty_range",
            f"the {what} range holds no value at this resolution",
            hint="widen min/max or use a finer resolution",
        )
    return lo, hi


class DateParams(_Strict):
    min: DateStr = Field(None, description="First day, YYYY-MM-DD (default: base_date).")
    max: DateStr = Field(None, description="Last day, YYYY-MM-DD (default: base_date + 365 days).")

    @model_validator(mode="after")
    def _ordered(self) -> DateParams:
        if (
            self.min is not None
            and self.max is not None
            and _parse_date(self.min) > _parse_date(self.max)
        ):
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _date_bounds(params: DateParams, ctx: GenContext) -> tuple[int, int]:
    lo = _parse_date(params.min) if params.min is not None else ctx.base_date
    hi = _parse_date(params.max) if params.max is not None else ctx.base_date + timedelta(365)
    if lo > hi:
        raise GenerationError(
            "empty_range",
            f"date range [{lo}, {hi}] is empty (the defaults follow base_date {ctx.base_date})",
            hint="give both min and max",
        )
    return (lo - _EPOCH).days, (hi - _EPOCH).days


class _DateBase(Generator[DateParams]):
    summary = "Uniform days in [min, max] (default base_date .. base_date + 365 days)."
    params_model = DateParams
    output = TypeFamily.DATE
    fits = frozenset({TypeFamily.DATE, TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ})

    def generate(self, ctx: GenContext, params: DateParams, rows: Rows) -> pa.Array:
        lo, hi = _date_bounds(params, ctx)
        days = _uniform_ints(ctx.stream(self.id, params), rows, lo, hi)
        return pa.array(days.astype(np.int32), type=pa.date32())

    def value_space(self, ctx: GenContext, params: DateParams) -> int | None:
        lo, hi = _date_bounds(params, ctx)
        return _space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: DateParams, idx: U64) -> pa.Array:
        lo, _ = _date_bounds(params, ctx)
        return pa.array((_u64(idx).astype(np.int64) + lo).astype(np.int32), type=pa.date32())


@register
class DateGen(_DateBase):
    id = "primitive.date"


@register
class DateRange(_DateBase):
    id = "primitive.date.range"


class TimeParams(_Strict):
    min: TimeStr = Field(None, description="Earliest time HH:MM:SS[.f] (default 00:00:00).")
    max: TimeStr = Field(None, description="Latest time HH:MM:SS[.f] (default 23:59:59).")
    resolution: Resolution = Field("s", description="Granularity of values: s, ms or us.")

    @model_validator(mode="after")
    def _ordered(self) -> TimeParams:
        if (
            self.min is not None
            and self.max is not None
            and _time_ns(self.min) > _time_ns(self.max)
        ):
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _time_bounds(params: TimeParams) -> tuple[int, int]:
    lo_ns = _time_ns(params.min) if params.min is not None else 0
    hi_ns = _time_ns(params.max) if params.max is not None else _time_ns("23:59:59")
    return _unit_bounds(lo_ns, hi_ns, _RES_NS[params.resolution], "time")


def _time_array(units: I64, resolution: str) -> pa.Array:
    return pa.array(units * np.int64(_RES_US[resolution]), type=pa.time64("us"))


class _TimeBase(Generator[TimeParams]):
    summary = "Uniform times of day in [min, max] at the resolution (default whole seconds)."
    params_model = TimeParams
    output = TypeFamily.TIME
    fits = frozenset({TypeFamily.TIME})

    def generate(self, ctx: GenContext, params: TimeParams, rows: Rows) -> pa.Array:
        lo, hi = _time_bounds(params)
        units = _uniform_ints(ctx.stream(self.id, params), rows, lo, hi)
        return _time_array(units, params.resolution)

    def value_space(self, ctx: GenContext, params: TimeParams) -> int | None:
        lo, hi = _time_bounds(params)
        return _space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: TimeParams, idx: U64) -> pa.Array:
        lo, _ = _time_bounds(params)
        return _time_array(_u64(idx).astype(np.int64) + lo, params.resolution)


@register
class TimeGen(_TimeBase):
    id = "primitive.time"


@register
class TimeRange(_TimeBase):
    id = "primitive.time.range"


class TimestampParams(_Strict):
    min: TimestampStr = Field(
        None,
        description="Earliest instant (RFC 3339 or YYYY-MM-DD[T ]HH:MM:SS; default "
        "base_date 00:00:00).",
    )
    max: TimestampStr = Field(
        None, description="Latest instant (default base_date + 365 days, 23:59:59)."
    )
    resolution: Resolution = Field("s", description="Granularity of values: s, ms or us.")

    @model_validator(mode="after")
    def _ordered(self) -> TimestampParams:
        if (
            self.min is not None
            and self.max is not None
            and _timestamp_ns(self.min) > _timestamp_ns(self.max)
        ):
            raise ValueError(f"min ({self.min}) must be <= max ({self.max})")
        return self


def _timestamp_bounds(params: TimestampParams, ctx: GenContext) -> tuple[int, int]:
    base = (ctx.base_date - _EPOCH).days * _NS_PER_DAY
    lo_ns = _timestamp_ns(params.min) if params.min is not None else base
    hi_ns = (
        _timestamp_ns(params.max)
        if params.max is not None
        else base + 365 * _NS_PER_DAY + _time_ns("23:59:59")
    )
    return _unit_bounds(lo_ns, hi_ns, _RES_NS[params.resolution], "timestamp")


def _timestamp_array(units: I64, params: TimestampParams, ctx: GenContext) -> pa.Array:
    tz = "UTC" if ctx.facts.family == TypeFamily.TIMESTAMPTZ else None
    return pa.array(units * np.int64(_RES_US[params.resolution]), type=pa.timestamp("us", tz=tz))


class _TimestampBase(Generator[TimestampParams]):
    summary = (
        "Uniform instants in [min, max] at the resolution (UTC-aware for timestamptz columns)."
    )
    params_model = TimestampParams
    output = TypeFamily.TIMESTAMP
    fits = frozenset({TypeFamily.TIMESTAMP, TypeFamily.TIMESTAMPTZ})

    def generate(self, ctx: GenContext, params: TimestampParams, rows: Rows) -> pa.Array:
        lo, hi = _timestamp_bounds(params, ctx)
        units = _uniform_ints(ctx.stream(self.id, params), rows, lo, hi)
        return _timestamp_array(units, params, ctx)

    def value_space(self, ctx: GenContext, params: TimestampParams) -> int | None:
        lo, hi = _timestamp_bounds(params, ctx)
        return _space(hi - lo + 1)

    def from_index(self, ctx: GenContext, params: TimestampParams, idx: U64) -> pa.Array:
        lo, _ = _timestamp_bounds(params, ctx)
        return _timestamp_array(_u64(idx).astype(np.int64) + lo, params, ctx)


@register
class TimestampGen(_TimestampBase):
    id = "primitive.timestamp"


@register
class TimestampRange(_TimestampBase):
    id = "primitive.timestamp.range"


# =============================================================================================
# primitive.enum
# =============================================================================================


NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class EnumParams(_Strict):
    weights: list[NonNegative] | dict[str, NonNegative] | None = Field(
        None,
        description="Relative weights: a list aligned with the enum's labels, or label -> "
        "weight (missing labels weigh 0). Default: uniform.",
    )

    @field_validator("weights")
    @classmethod
    def _some_weight(
        cls, v: list[float] | dict[str, float] | None
    ) -> list[float] | dict[str, float] | None:
        if v is not None:
            total = sum(v.values()) if isinstance(v, dict) else sum(v)
            if not total > 0:
                raise ValueError("weights must not all be 0")
        return v


def _enum_labels(facts: ColumnFacts) -> tuple[str, ...]:
    if facts.enum_labels is None:
        raise GenerationError(
            "not_an_enum",
            "primitive.enum fills enum columns only, and this column is not an enum",
            hint="use primitive.choice with the values instead",
        )
    if not facts.enum_labels:
        raise GenerationError("enum_without_labels", "the column's enum type has no labels")
    return facts.enum_labels


def _enum_weights(params: EnumParams, labels: tuple[str, ...]) -> F64 | None:
    w = params.weights
    if w is None:
        return None
    if isinstance(w, dict):
        unknown = sorted(set(w) - set(labels))
        if unknown:
            raise GenerationError(
                "unknown_enum_label",
                f"weights name labels the enum does not have: {', '.join(unknown)}",
                hint=f"labels: {', '.join(labels)}",
            )
        arr = np.array([w.get(label, 0.0) for label in labels], dtype=np.float64)
    else:
        if len(w) != len(labels):
            raise GenerationError(
                "weights_length_mismatch",
                f"{len(w)} weights for {len(labels)} enum labels",
                hint="give one weight per label, in the enum's order, or a label -> weight map",
            )
        arr = np.array(w, dtype=np.float64)
    if not arr.sum() > 0:
        raise GenerationError("weights_all_zero", "every enum label has weight 0")
    return arr


@register
class Enum(Generator[EnumParams]):
    id = "primitive.enum"
    summary = "A label of the column's enum type, uniform or weighted."
    params_model = EnumParams
    output = TypeFamily.ENUM
    fits = frozenset({TypeFamily.ENUM})

    def generate(self, ctx: GenContext, params: EnumParams, rows: Rows) -> pa.Array:
        labels = _enum_labels(ctx.facts)
        w = _enum_weights(params, labels)
        s = ctx.stream(self.id, params)
        idx = s.choice(rows, len(labels)) if w is None else s.weighted(rows, w)
        return pc.take(pa.array(labels, type=pa.string()), pa.array(idx))

    def value_space(self, ctx: GenContext, params: EnumParams) -> int | None:
        return len(_enum_labels(ctx.facts))

    def from_index(self, ctx: GenContext, params: EnumParams, idx: U64) -> pa.Array:
        labels = _enum_labels(ctx.facts)
        return pc.take(pa.array(labels, type=pa.string()), pa.array(_u64(idx).astype(np.int64)))

    def check(self, params: EnumParams, facts: ColumnFacts) -> list[Issue]:
        try:
            _enum_weights(params, _enum_labels(facts))
        except GenerationError as exc:
            return [_issue("error", exc.code, exc.message, None, exc.hint)]
        return []


# =============================================================================================
# Distributions
# =============================================================================================


class _ShapeParams(_Strict):
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
            _issue(
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
            _issue(
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
    fits = _NUMERIC

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


class ZipfParams(_Strict):
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
    fits = _NUMERIC

    def generate(self, ctx: GenContext, params: ZipfParams, rows: Rows) -> pa.Array:
        cdf = _zipf_cdf(params.n, params.s)
        u = ctx.stream(self.id, params).uniform(rows)
        k = np.searchsorted(cdf, u, side="right") + 1
        return pa.array(np.minimum(k, params.n).astype(np.int64), type=pa.int64())

    def check(self, params: ZipfParams, facts: ColumnFacts) -> list[Issue]:
        return _check_int_width(1, params.n, facts)


# =============================================================================================
# Choices
# =============================================================================================

Scalar = str | bool | int | float | None


def _scalar_ok(values: list[Scalar]) -> list[Scalar]:
    for v in values:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("values must be finite")
    return values


Values = Annotated[
    list[Scalar], Field(min_length=1, max_length=1_000_000), AfterValidator(_scalar_ok)
]


def _values_type(values: list[Scalar]) -> tuple[TypeFamily, pa.DataType]:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return TypeFamily.BOOLEAN, pa.bool_()
    if (
        present
        and all(isinstance(v, int) and not isinstance(v, bool) for v in present)
        and all(INT64_MIN <= int(v) <= INT64_MAX for v in present if v is not None)
    ):
        return TypeFamily.INTEGER, pa.int64()
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return TypeFamily.FLOAT, pa.float64()
    return TypeFamily.TEXT, pa.string()


def _vocabulary(values: list[Scalar]) -> pa.Array:
    _, typ = _values_type(values)
    if typ == pa.string():
        return pa.array(
            [v if isinstance(v, str) or v is None else json.dumps(v) for v in values],
            type=pa.string(),
        )
    if typ == pa.float64():
        return pa.array([None if v is None else float(v) for v in values], type=typ)
    return pa.array(values, type=typ)


def _distinct(values: list[Scalar]) -> list[Scalar]:
    """Values without repeats (1, 1.0 and true are told apart by their JSON text and type)."""
    seen: set[str] = set()
    out: list[Scalar] = []
    for v in values:
        key = f"{type(v).__name__}:{json.dumps(v)}"
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


class ChoiceParams(_Strict):
    values: Values = Field(description="The values to pick from (JSON scalars; null is NULL).")


class WeightedChoiceParams(_Strict):
    values: Values = Field(description="The values to pick from (JSON scalars; null is NULL).")
    weights: list[NonNegative] = Field(
        description="Relative weight of each value (same length as values; not all 0)."
    )

    @model_validator(mode="after")
    def _aligned(self) -> WeightedChoiceParams:
        if len(self.weights) != len(self.values):
            raise ValueError(
                f"{len(self.weights)} weights for {len(self.values)} values; give one each"
            )
        if not sum(self.weights) > 0:
            raise ValueError("weights must not all be 0")
        return self


class _ChoiceBase(Generator[Any]):
    output = TypeFamily.TEXT
    fits = ALL_FAMILIES

    def output_family(self, params: Any) -> TypeFamily:
        """The family of what these params emit (the values decide: all ints -> INTEGER...)."""
        return _values_type(params.values)[0]

    def _space_values(self, params: Any) -> list[Scalar]:
        return _distinct(list(params.values))

    def value_space(self, ctx: GenContext, params: Any) -> int | None:
        return len(self._space_values(params))

    def from_index(self, ctx: GenContext, params: Any, idx: U64) -> pa.Array:
        distinct = self._space_values(params)
        vocab = _vocabulary(distinct)
        # Same Arrow type as generate(): typed from all the values, not just the distinct ones.
        vocab = vocab.cast(_values_type(params.values)[1])
        return pc.take(vocab, pa.array(_u64(idx).astype(np.int64)))


@register
class Choice(_ChoiceBase):
    id = "primitive.choice"
    summary = "A uniform pick from a list of values (categorical)."
    params_model = ChoiceParams

    def generate(self, ctx: GenContext, params: ChoiceParams, rows: Rows) -> pa.Array:
        idx = ctx.stream(self.id, params).choice(rows, len(params.values))
        return pc.take(_vocabulary(params.values), pa.array(idx))


@register
class WeightedChoice(_ChoiceBase):
    id = "primitive.choice.weighted"
    summary = "A pick from a list of values with relative weights."
    params_model = WeightedChoiceParams

    def generate(self, ctx: GenContext, params: WeightedChoiceParams, rows: Rows) -> pa.Array:
        idx = ctx.stream(self.id, params).weighted(rows, params.weights)
        return pc.take(_vocabulary(params.values), pa.array(idx))

    def _space_values(self, params: Any) -> list[Scalar]:
        return _distinct([v for v, w in zip(params.values, params.weights, strict=True) if w > 0])


# =============================================================================================
# Composites: JSON templates and arrays of another generator
# =============================================================================================

_LOCAL: dict[str, Generator[Any]] = {}


def _local_generators() -> dict[str, Generator[Any]]:
    """This module's generators by ID (no registry import: other families may be absent)."""
    if not _LOCAL:
        stack: list[type[Generator[Any]]] = list(Generator.__subclasses__())
        while stack:
            cls = stack.pop()
            stack.extend(cls.__subclasses__())
            gid = cls.__dict__.get("id")
            if cls.__module__ == __name__ and isinstance(gid, str):
                _LOCAL[gid] = cls()
    return _LOCAL


def _resolve(generator_id: str, path: str) -> Generator[Any]:
    local = _local_generators().get(generator_id)
    if local is not None:
        return local
    try:
        return get_generator(generator_id)
    except ImportError as exc:
        raise GenerationError(
            "generator_unavailable",
            f"{generator_id!r} cannot be loaded: {exc}",
            path=path,
        ) from None


def _parse_leaf(generator_id: str, raw: Any, path: str) -> tuple[Generator[Any], Any]:
    gen = _resolve(generator_id, path)
    try:
        return gen, gen.parse_params(raw)
    except ParamError as exc:
        detail = "; ".join(f"{p or '/'}: {m}" for p, m in exc.problems)
        raise GenerationError(
            "invalid_params", f"invalid params for {generator_id} at {path}: {detail}", path=path
        ) from None


def _sub_context(ctx: GenContext, suffix: str) -> GenContext:
    """The context of a nested generator: its own stream key, no column facts."""
    return dataclasses.replace(ctx, column=f"{ctx.column}{suffix}", facts=ColumnFacts())


# ---- vectorized JSON text --------------------------------------------------------------------

_ESCAPES = {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}


def _json_quote(arr: pa.Array) -> pa.Array:
    """JSON string literals of a string array (escaping done by Arrow kernels)."""
    s = pc.replace_substring(arr, "\\", "\\\\")
    s = pc.replace_substring(s, '"', '\\"')
    if pc.any(pc.match_substring_regex(s, "[\\x00-\\x1f]")).as_py():
        for c in range(32):
            s = pc.replace_substring(s, chr(c), _ESCAPES.get(c, f"\\u{c:04x}"))
    return pc.binary_join_element_wise(pa.scalar('"'), s, pa.scalar('"'), "")


def _json_fragments(arr: pa.Array) -> pa.Array:
    """JSON text of every value of an Arrow array (NULL becomes ``null``); no Python per row."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    if pa.types.is_null(t):
        out = pa.repeat(pa.scalar("null"), len(arr))
    elif pa.types.is_boolean(t):
        out = pc.if_else(arr, "true", "false")
    elif pa.types.is_integer(t) or pa.types.is_decimal(t):
        out = pc.cast(arr, pa.string())
    elif pa.types.is_floating(t):
        out = pc.if_else(pc.is_finite(arr), pc.cast(arr, pa.string()), "null")
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        out = _json_quote(arr.cast(pa.string()))
    elif pa.types.is_list(t) or pa.types.is_large_list(t):
        items = _json_fragments(arr.values)
        lists = type(arr).from_arrays(arr.offsets, items)
        joined = pc.binary_join(lists, ",")
        out = pc.binary_join_element_wise(pa.scalar("["), joined, pa.scalar("]"), "")
        out = pc.if_else(arr.is_null(), pa.scalar(None, pa.string()), out)
    elif pa.types.is_struct(t):
        parts: list[Any] = []
        for k in range(t.num_fields):
            sep = "{" if k == 0 else ","
            parts.append(pa.scalar(sep + json.dumps(t.field(k).name, ensure_ascii=False) + ":"))
            parts.append(_json_fragments(arr.field(k)))
        if not parts:
            return pa.repeat(pa.scalar("{}"), len(arr))
        parts.append(pa.scalar("}"))
        out = pc.binary_join_element_wise(*parts, "")
        out = pc.if_else(arr.is_null(), pa.scalar(None, pa.string()), out)
    else:  # dates, times, timestamps, binary: their text, quoted
        out = _json_quote(pc.cast(arr, pa.string()))
    return pc.fill_null(out, "null")


# ---- templates -------------------------------------------------------------------------------

GEN_KEY = "$gen"


class _Leaf:
    __slots__ = ("generator_id", "params", "path")

    def __init__(self, generator_id: str, params: Any, path: str) -> None:
        self.generator_id, self.params, self.path = generator_id, params, path


def _walk_template(node: Any, path: str) -> Iterator[_Leaf]:
    if isinstance(node, dict):
        if GEN_KEY in node:
            extra = sorted(set(node) - {GEN_KEY, "params"})
            if extra:
                raise ValueError(f"{path or '/'}: a generator leaf has unknown keys {extra}")
            if not isinstance(node[GEN_KEY], str):
                raise ValueError(f"{path or '/'}: $gen must be a generator ID string")
            params = node.get("params")
            if params is not None and not isinstance(params, dict):
                raise ValueError(f"{path or '/'}: params must be an object")
            yield _Leaf(node[GEN_KEY], params, path or "/")
            return
        for k, v in node.items():
            yield from _walk_template(v, f"{path}/{_pointer_escape(str(k))}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_template(v, f"{path}/{i}")
    elif isinstance(node, float) and not math.isfinite(node):
        raise ValueError(f"{path or '/'}: numbers must be finite")


def _pointer_escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


class JsonTemplateParams(_Strict):
    template: dict[str, Any] = Field(
        description='A JSON object; a leaf {"$gen": "<generator id>", "params": {...}} is '
        "filled by that generator, anything else is copied as is."
    )

    @field_validator("template")
    @classmethod
    def _leaves(cls, v: dict[str, Any]) -> dict[str, Any]:
        for _ in _walk_template(v, ""):
            pass
        return v


def _template_parts(
    node: Any, path: str, leaf_value: Callable[[str, str, Any], pa.Array]
) -> list[Any]:
    """The template as a flat list of constant JSON text (str) and per-row fragment arrays."""
    if isinstance(node, dict):
        if GEN_KEY in node:
            return [leaf_value(node[GEN_KEY], path or "/", node.get("params"))]
        parts: list[Any] = ["{"]
        for k, (key, v) in enumerate(node.items()):
            parts.append(("," if k else "") + json.dumps(str(key), ensure_ascii=False) + ":")
            parts.extend(_template_parts(v, f"{path}/{_pointer_escape(str(key))}", leaf_value))
        parts.append("}")
        return parts
    if isinstance(node, list):
        parts = ["["]
        for i, v in enumerate(node):
            if i:
                parts.append(",")
            parts.extend(_template_parts(v, f"{path}/{i}", leaf_value))
        parts.append("]")
        return parts
    return [json.dumps(node, ensure_ascii=False, separators=(",", ":"))]


@register
class JsonTemplate(Generator[JsonTemplateParams]):
    id = "primitive.json.template"
    summary = "JSON objects from a template whose leaves may be other generators."
    params_model = JsonTemplateParams
    output = TypeFamily.JSON
    fits = frozenset({TypeFamily.JSON, TypeFamily.TEXT, TypeFamily.UNKNOWN})

    def generate(self, ctx: GenContext, params: JsonTemplateParams, rows: Rows) -> pa.Array:
        r = _i64(rows)

        def leaf_value(generator_id: str, path: str, raw: Any) -> pa.Array:
            gen, p = _parse_leaf(generator_id, raw, f"{self.id}:{path}")
            values = gen.generate(_sub_context(ctx, f"#{path}"), p, r)
            if gen.output == TypeFamily.JSON and pa.types.is_string(values.type):
                return pc.fill_null(values, "null")  # nested JSON text is embedded, not quoted
            return _json_fragments(values)

        parts = _template_parts(params.template, "", leaf_value)
        merged: list[Any] = []  # adjacent constants joined once
        for part in parts:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] += part
            else:
                merged.append(part)
        if all(isinstance(p, str) for p in merged):
            return pa.repeat(pa.scalar("".join(merged)), r.size)
        cols = [pa.scalar(p) if isinstance(p, str) else p for p in merged]
        return pc.binary_join_element_wise(*cols, "")

    def check(self, params: JsonTemplateParams, facts: ColumnFacts) -> list[Issue]:
        issues: list[Issue] = []
        for leaf in _walk_template(params.template, ""):
            issues.extend(_leaf_issues(leaf.generator_id, leaf.params, f"/template{leaf.path}"))
        return issues


def _leaf_issues(generator_id: str, raw: Any, path: str) -> list[Issue]:
    try:
        _parse_leaf(generator_id, raw, path)
    except DatalchemyError as exc:
        return [_issue("error", exc.code, exc.message, path, exc.hint)]
    return []


class ArrayParams(_Strict):
    element: str = Field(description="Generator ID of the elements (e.g. primitive.int.range).")
    element_params: dict[str, Any] = Field(
        default_factory=dict, description="Params of the element generator."
    )
    min_len: int = Field(0, ge=0, le=100_000, description="Fewest elements per array.")
    max_len: int = Field(5, ge=0, le=100_000, description="Most elements per array.")

    @model_validator(mode="after")
    def _lengths(self) -> ArrayParams:
        if self.min_len > self.max_len:
            raise ValueError(f"min_len ({self.min_len}) must be <= max_len ({self.max_len})")
        return self


@register
class Array(Generator[ArrayParams]):
    id = "primitive.array"
    summary = "Arrays of min_len..max_len values of another generator."
    params_model = ArrayParams
    output = TypeFamily.ARRAY
    fits = frozenset({TypeFamily.ARRAY})

    def generate(self, ctx: GenContext, params: ArrayParams, rows: Rows) -> pa.Array:
        r = _i64(rows)
        gen, p = _parse_leaf(params.element, params.element_params, f"{self.id}:/element")
        if params.min_len == params.max_len:
            lengths = np.full(r.size, params.min_len, dtype=np.int64)
        else:
            lengths = ctx.stream(self.id, params).integers(r, params.min_len, params.max_len)
        offsets = np.zeros(r.size + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        total = int(offsets[-1])
        # element (row, position) is keyed by row * max_len + position
        owner = np.repeat(np.arange(r.size), lengths)
        position = np.arange(total, dtype=np.int64) - offsets[owner]
        m = max(1, params.max_len)
        with np.errstate(over="ignore"):
            keys = r[owner] * np.int64(m) + position
        values = gen.generate(_sub_context(ctx, "[]"), p, keys)
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), values)

    def check(self, params: ArrayParams, facts: ColumnFacts) -> list[Issue]:
        return _leaf_issues(params.element, params.element_params, "/element_params")
