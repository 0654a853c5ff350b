"""``primitive.text`` (a charset or a regex) and ``primitive.text.pattern``, within the column's
length; the length params and checks that ``primitive.text.lorem`` shares."""

from __future__ import annotations

from typing import Any, ClassVar

import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.errors import GenerationError
from datalchemy.generators import regex_sampler
from datalchemy.generators.base import (
    TEXTUAL,
    ColumnFacts,
    GenContext,
    Generator,
    Rows,
)
from datalchemy.generators.primitive._common import (
    U64,
    StrictParams,
    capped_space,
    issue,
)
from datalchemy.generators.registry import register

__all__ = ["Text", "TextPattern"]


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


class TextLimits(StrictParams):
    """Length params of text generators (min_len, max_len, allow_empty)."""

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
    def _lengths(self) -> TextLimits:
        if self.min_len is not None and self.max_len is not None and self.min_len > self.max_len:
            raise ValueError(f"min_len ({self.min_len}) must be <= max_len ({self.max_len})")
        if self.max_len == 0 and not self.allow_empty:
            raise ValueError("max_len 0 only makes empty strings; set allow_empty")
        return self


def length_bounds(
    limits: TextLimits, facts: ColumnFacts, default_max: int | None
) -> tuple[int, int | None]:
    """(min chars, max chars or None) from params and the column's varchar(n)."""
    lo = limits.min_len if limits.min_len is not None else (0 if limits.allow_empty else 1)
    if not limits.allow_empty:
        lo = max(lo, 1)
    hi = limits.max_len if limits.max_len is not None else default_max
    if facts.length is not None:
        hi = facts.length if hi is None else min(hi, facts.length)
    return lo, hi


def length_issues(limits: TextLimits, facts: ColumnFacts) -> list[Issue]:
    """Errors when min_len or max_len exceed the column length."""
    issues: list[Issue] = []
    if facts.length is None:
        return issues
    if limits.max_len is not None and limits.max_len > facts.length:
        issues.append(
            issue(
                "error",
                "max_len_exceeds_column",
                f"max_len {limits.max_len} exceeds the column length {facts.length}",
                "/max_len",
                hint=f"use max_len <= {facts.length}",
            )
        )
    if limits.min_len is not None and limits.min_len > facts.length:
        issues.append(
            issue(
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
    return capped_space(cp.space)


def _pattern_issues(
    cp: regex_sampler.CompiledPattern, limits: TextLimits, facts: ColumnFacts
) -> list[Issue]:
    issues = length_issues(limits, facts)
    lo, hi = length_bounds(limits, facts, None)
    if hi is not None and cp.min_len > hi:
        issues.append(
            issue(
                "error",
                "pattern_too_long",
                f"pattern {cp.pattern!r} makes at least {cp.min_len} characters, more than "
                f"the limit {hi}",
                "/pattern",
            )
        )
    elif lo > cp.max_len:
        issues.append(
            issue(
                "error",
                "pattern_too_short",
                f"pattern {cp.pattern!r} makes at most {cp.max_len} characters, fewer than "
                f"min_len {lo}",
                "/min_len",
            )
        )
    elif facts.length is not None and cp.max_len > facts.length:
        issues.append(
            issue(
                "info",
                "pattern_capped_to_column",
                f"pattern can make {cp.max_len} characters; repeats are capped so values fit "
                f"varchar({facts.length})",
                "/pattern",
            )
        )
    return issues


class TextParams(TextLimits):
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
        lo, hi = length_bounds(params, facts, None)
        return cp, lo, hi
    lo, hi = length_bounds(params, facts, DEFAULT_MAX_LEN)
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
    fits = TEXTUAL

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
        issues = length_issues(params, facts)
        lo, hi = length_bounds(params, facts, DEFAULT_MAX_LEN)
        if hi is not None and lo > hi and not issues:
            issues.append(
                issue(
                    "error",
                    "text_length_unsatisfiable",
                    f"min_len {lo} > max length {hi}",
                    "/min_len",
                )
            )
        return issues


class PatternParams(TextLimits):
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
    fits = TEXTUAL

    def _compiled(self, params: PatternParams) -> regex_sampler.CompiledPattern:
        return regex_sampler.compile_pattern(params.pattern, params.max_repeat)

    def generate(self, ctx: GenContext, params: PatternParams, rows: Rows) -> pa.Array:
        lo, hi = length_bounds(params, ctx.facts, None)
        return self._compiled(params).sample(
            ctx.stream(self.id, params), rows, min_len=lo, max_len=hi
        )

    def value_space(self, ctx: GenContext, params: PatternParams) -> int | None:
        lo, hi = length_bounds(params, ctx.facts, None)
        return _pattern_value_space(self._compiled(params), lo, hi)

    def from_index(self, ctx: GenContext, params: PatternParams, idx: U64) -> pa.Array:
        return self._compiled(params).from_index(idx, ctx.stream(self.id, params, "from_index"))

    def check(self, params: PatternParams, facts: ColumnFacts) -> list[Issue]:
        return _pattern_issues(self._compiled(params), params, facts)
