"""``primitive.uuid`` and ``primitive.uuid.v4``: version 4 UUIDs, unique by construction."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators._arrow import uuid_text
from datalchemy.generators.base import (
    TEXTUAL,
    ColumnFacts,
    GenContext,
    Generator,
    NoParams,
    Rows,
    as_u64,
)
from datalchemy.generators.primitive._common import (
    MAX_SPACE,
    U64,
    issue,
    mix62,
)
from datalchemy.generators.registry import register

__all__ = ["Uuid", "UuidV4"]


_MASK62 = np.uint64((1 << 62) - 1)
_VERSION_CLEAR = np.uint64(~(0xF << 12) & 0xFFFFFFFFFFFFFFFF)
_VERSION_4 = np.uint64(0x4 << 12)
_VARIANT = np.uint64(0b10 << 62)


def _uuid_strings(hi: U64, lo: U64) -> pa.Array:
    """Canonical text of 128-bit values given as (high, low) words."""
    n = hi.size
    words = np.empty((n, 2), dtype=">u8")
    words[:, 0] = hi
    words[:, 1] = lo
    return uuid_text(words.view(np.uint8).reshape(n, 16))


def _v4(hi: U64, lo: U64) -> tuple[U64, U64]:
    return (hi & _VERSION_CLEAR) | _VERSION_4, (lo & _MASK62) | _VARIANT


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
        x = as_u64(idx)
        if x.size and int(x.max()) >= MAX_SPACE:
            raise ValueError("uuid index out of range [0, 2**62)")
        # the low 62 random bits carry a bijection of the index (distinct indices -> distinct
        # UUIDs); the high word is random so the values still look like any v4 UUID.
        hi, lo = _v4(s.sub("hi").words(x), mix62(x, s.key))
        return _uuid_strings(hi, lo)

    def check(self, params: NoParams, facts: ColumnFacts) -> list[Issue]:
        if facts.family in TEXTUAL and facts.length is not None and facts.length < 36:
            return [
                issue(
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
