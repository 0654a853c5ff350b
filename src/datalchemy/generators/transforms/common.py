"""What the transforms share: their input as text, NULLs kept where they were."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.errors import GenerationError
from datalchemy.generators._arrow import (
    null_mask,
)
from datalchemy.generators.base import (
    GenContext,
)

__all__ = ["constant", "restore_nulls", "text_of"]


def text_of(values: pa.Array, transform_id: str, ctx: GenContext) -> pa.Array:
    """The column as ``string``: text as is; numbers, booleans and temporals cast to their text."""
    t = values.type
    if pa.types.is_string(t):
        return values
    if pa.types.is_large_string(t) or pa.types.is_dictionary(t):
        return values.cast(pa.string())
    if pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_nested(t):
        raise GenerationError(
            "transform_type",
            f"{transform_id} works on text values, not {t}",
            path=ctx.where,
        )
    return pc.cast(values, pa.string())


def restore_nulls(out: pa.Array, original: pa.Array) -> pa.Array:
    """``out`` with NULL wherever ``original`` is NULL."""
    if original.null_count == 0:
        return out
    return pc.if_else(pc.is_null(original), pa.scalar(None, out.type), out)


def constant(text: str, like: pa.Array) -> pa.Array:
    """``text`` on every row of ``like``, NULL where ``like`` is NULL."""
    idx = pa.array(np.zeros(len(like), dtype=np.int64), mask=null_mask(like))
    return pc.take(pa.array([text], pa.string()), idx)
