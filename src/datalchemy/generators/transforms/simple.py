"""Simple transforms: ``null_rate``, ``truncate``, ``prefix_suffix``, ``casing`` and
``weighted_choice``."""

from __future__ import annotations

from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from datalchemy.contracts.common import Issue
from datalchemy.generators._arrow import (
    join,
    null_mask,
)
from datalchemy.generators.base import (
    ColumnFacts,
    GenContext,
    Params,
    Rows,
    Transform,
)
from datalchemy.generators.registry import register_transform
from datalchemy.generators.transforms.common import text_of

__all__ = ["Casing", "NullRate", "PrefixSuffix", "Truncate", "WeightedChoice"]


class NullRateParams(Params):
    rate: float = Field(..., ge=0, le=1, description="Probability that a value becomes NULL.")


@register_transform
class NullRate(Transform[NullRateParams]):
    """Replace each value by NULL with probability ``rate`` (drawn per row, deterministic)."""

    id = "transform.null_rate"
    summary = "Replace values by NULL with probability `rate`."
    params_model = NullRateParams

    def apply(
        self, ctx: GenContext, params: NullRateParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        hit = ctx.stream(self.id, params).bernoulli(rows, params.rate)
        if not hit.any():
            return values
        return pc.if_else(pa.array(hit), pa.scalar(None, values.type), values)

    def check(self, params: NullRateParams, facts: ColumnFacts) -> list[Issue]:
        if params.rate > 0 and not facts.nullable:
            return [
                Issue(
                    severity="error",
                    code="null_rate_not_null",
                    message="transform.null_rate with rate > 0 on a NOT NULL column",
                    hint="remove the transform or make the column nullable",
                )
            ]
        return []


class TruncateParams(Params):
    max_len: int = Field(..., ge=0, description="Maximum length in characters (code points).")


@register_transform
class Truncate(Transform[TruncateParams]):
    """Keep the first ``max_len`` characters, never splitting a code point (``ação`` → ``aç``)."""

    id = "transform.truncate"
    summary = "Cut text to `max_len` characters (code points, never bytes)."
    params_model = TruncateParams

    def apply(
        self, ctx: GenContext, params: TruncateParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        return pc.utf8_slice_codeunits(text_of(values, self.id, ctx), 0, params.max_len)


class PrefixSuffixParams(Params):
    prefix: str = Field("", description="Text before the value.")
    suffix: str = Field("", description="Text after the value.")


@register_transform
class PrefixSuffix(Transform[PrefixSuffixParams]):
    """``prefix + value + suffix`` (values cast to text)."""

    id = "transform.prefix_suffix"
    summary = "Add a prefix and/or suffix to text."
    params_model = PrefixSuffixParams

    def apply(
        self, ctx: GenContext, params: PrefixSuffixParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        text = text_of(values, self.id, ctx)
        parts = [p for p in (params.prefix, text, params.suffix) if not isinstance(p, str) or p]
        return text if len(parts) == 1 else join(parts)


class CasingParams(Params):
    mode: Literal["upper", "lower", "title"] = Field(..., description="upper, lower or title.")


@register_transform
class Casing(Transform[CasingParams]):
    """Upper, lower or title case (Unicode-aware: ``ação`` → ``AÇÃO``)."""

    id = "transform.casing"
    summary = "Change case: upper, lower or title."
    params_model = CasingParams

    def apply(
        self, ctx: GenContext, params: CasingParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        text = text_of(values, self.id, ctx)
        if params.mode == "upper":
            return pc.utf8_upper(text)
        if params.mode == "lower":
            return pc.utf8_lower(text)
        return pc.utf8_title(text)


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: StrictStr | StrictInt | StrictFloat | StrictBool = Field(..., description="A value.")
    weight: float = Field(..., gt=0, description="Relative weight (> 0).")


class WeightedChoiceParams(Params):
    choices: list[Choice] = Field(..., min_length=1, description="[{value, weight}, ...]")


@register_transform
class WeightedChoice(Transform[WeightedChoiceParams]):
    """Replace each (non-NULL) value by a weighted pick from ``choices``."""

    id = "transform.weighted_choice"
    summary = "Replace values by a weighted pick from `choices`."
    params_model = WeightedChoiceParams

    def apply(
        self, ctx: GenContext, params: WeightedChoiceParams, values: pa.Array, rows: Rows
    ) -> pa.Array:
        raw = [c.value for c in params.choices]
        try:
            vocab = pa.array(raw)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            vocab = pa.array([str(v).lower() if isinstance(v, bool) else str(v) for v in raw])
        idx = ctx.stream(self.id, params).weighted(rows, [c.weight for c in params.choices])
        return pc.take(vocab, pa.array(idx, mask=null_mask(values)))
