"""``text.tags``: a few distinct tags in the locale's language, as a JSON array or a list.

Example:
    >>> import json
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("text.tags")
    >>> ctx = GenContext.for_column(seed=1, table="loja.produtos", column="tags", locale="pt_BR")
    >>> rows = gen.generate(ctx, gen.parse_params(None), np.arange(20)).to_pylist()
    >>> all(len(set(json.loads(r))) == len(json.loads(r)) >= 1 for r in rows)
    True
"""

from __future__ import annotations

import json
from functools import cache
from math import gcd
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets
from datalchemy.generators._arrow import join, take, vocabulary
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.registry import register
from datalchemy.generators.text.templates import language

__all__ = ["Tags", "TagsParams"]


@cache
def _tags(lang: str, quoted: bool) -> pa.Array:
    words = [r[1] for r in assets.rows(lang, "text_words.tsv") if r[0] == "tag"]
    return vocabulary([json.dumps(w, ensure_ascii=False) if quoted else w for w in words])


class TagsParams(Params):
    min_count: int = Field(1, ge=0, le=10, description="Fewest tags.")
    max_count: int = Field(3, ge=0, le=10, description="Most tags.")
    format: Literal["json", "csv"] = Field(
        "json", description='json: ["novo","promoção"]; csv: novo,promoção.'
    )

    @model_validator(mode="after")
    def _ordered(self) -> TagsParams:
        if self.min_count > self.max_count:
            raise ValueError("min_count must be <= max_count")
        return self


@register
class Tags(Generator[TagsParams]):
    """Distinct tags. Example: ``["novo","frete grátis"]``."""

    id = "text.tags"
    summary = "A few distinct tags in the locale's language (JSON array or comma-separated)."
    params_model = TagsParams
    output = TypeFamily.JSON
    fits = frozenset({TypeFamily.JSON, TypeFamily.TEXT, TypeFamily.UNKNOWN})

    def output_family(self, params: TagsParams) -> TypeFamily:
        return TypeFamily.JSON if params.format == "json" else TypeFamily.TEXT

    def generate(self, ctx: GenContext, params: TagsParams, rows: Rows) -> pa.Array:
        vocab = _tags(language(ctx.locale), params.format == "json")
        n = len(vocab)
        s = ctx.stream(self.id, params)
        top = min(params.max_count, n)
        count = s.sub("count").integers(rows, min(params.min_count, top), top)
        first = s.sub("first").choice(rows, n)
        strides = np.asarray([k for k in range(1, n) if gcd(k, n) == 1], dtype=np.int64)
        stride = strides[s.sub("stride").choice(rows, len(strides))]
        out = pa.array([""] * len(rows), pa.string())
        for j in range(top):  # loops over tag positions, not rows
            tag = take(vocab, (first + j * stride) % n)
            sep = "" if j == 0 else ","
            out = pc.if_else(pa.array(count > j), join([out, sep, tag]), out)
        if params.format == "json":
            return join(["[", out, "]"])
        return out
