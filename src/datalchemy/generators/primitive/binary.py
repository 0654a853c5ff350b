"""``primitive.bytes`` (bytea, BLOB) and ``primitive.bits`` (bit(n), bit varying(n)).

Both draw values of a length in ``[min_len, max_len]`` and are unique by construction: the
values of one length form a tier of ``256**L`` (``2**L``) values, and ``from_index`` runs a
keyed bijection inside the tier, so distinct indices give distinct values that still look
random (never ``00 00 01``). Past 62 bits the first 62 carry the bijection and the rest come
from the stream, keyed by the index.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> gen = Bytes()
    >>> ctx = GenContext.for_column(seed=1, table="t", column="token")
    >>> p = gen.parse_params({"min_len": 4, "max_len": 4})
    >>> gen.value_space(ctx, p)
    4294967296
    >>> [len(v) for v in gen.from_index(ctx, p, np.arange(3, dtype=np.uint64)).to_pylist()]
    [4, 4, 4]
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.generators._arrow import strings_from_matrix
from datalchemy.generators.base import (
    TEXTUAL,
    ColumnFacts,
    GenContext,
    Generator,
    Rows,
    as_u64,
)
from datalchemy.generators.primitive._common import (
    MAX_SPACE,
    U64,
    StrictParams,
    capped_space,
    issue,
    keyed_bijection,
    mix62,
)
from datalchemy.generators.registry import register

__all__ = ["Bits", "Bytes"]

U8 = npt.NDArray[np.uint8]


class _LengthParams(StrictParams):
    min_len: int = Field(16, ge=0, le=1_000_000, description="Shortest value.")
    max_len: int = Field(16, ge=0, le=1_000_000, description="Longest value.")

    @model_validator(mode="after")
    def _ordered(self) -> _LengthParams:
        if self.min_len > self.max_len:
            raise ValueError(f"min_len ({self.min_len}) must be <= max_len ({self.max_len})")
        return self


def _tiers(lo: int, hi: int, bits_per_unit: int) -> list[tuple[int, int]]:
    """(length, values of that length) reachable below 2**62, shortest first."""
    out: list[tuple[int, int]] = []
    total = 0
    for length in range(lo, hi + 1):
        size = 2 ** (bits_per_unit * length)
        out.append((length, size))
        total += size
        if total >= MAX_SPACE:
            break
    return out


def _split(idx: U64, tiers: list[tuple[int, int]]) -> tuple[npt.NDArray[np.intp], U64]:
    """(tier of each index, rank inside its tier)."""
    ends = np.array([min(e, 2**63) for e in accumulate(s for _, s in tiers)], np.uint64)
    if idx.size and int(idx.max()) >= int(ends[-1]):
        raise ValueError(f"index out of range for {int(ends[-1])} values")
    tier = np.searchsorted(ends, idx, side="right")
    starts = np.concatenate([np.zeros(1, np.uint64), ends[:-1]])
    return tier, idx - starts[tier]


def _random_bytes(s: Stream, counters: U64, width: int) -> U8:
    """``width`` random bytes per counter, shape (n, width)."""
    words = -(-width // 8)
    out = np.empty((counters.size, words * 8), dtype=np.uint8)
    for j in range(words):
        word = s.sub(j).words(counters).astype(">u8")
        out[:, 8 * j : 8 * j + 8] = word.view(np.uint8).reshape(-1, 8)
    return out[:, :width]


def _keyed_bytes(rank: U64, length: int, size: int, key: int, s: Stream) -> U8:
    """``length`` bytes per rank, distinct for distinct ranks in ``[0, size)``."""
    n = rank.size
    out = _random_bytes(s, rank, length)
    if length == 0:
        return out
    if size < MAX_SPACE:  # 256**length values, length < 8: a bijection of the whole tier
        v = keyed_bijection(rank, size, key)
        be = v.astype(">u8").view(np.uint8).reshape(n, 8)
        out[:, :] = be[:, 8 - length :]
        return out
    # The first 8 bytes hold a bijection of the rank in their low 62 bits.
    v = mix62(rank, key) | (out[:, 0].astype(np.uint64) >> np.uint64(6) << np.uint64(62))
    out[:, :8] = v.astype(">u8").view(np.uint8).reshape(n, 8)
    return out


def _binary(matrix: U8, lengths: npt.NDArray[np.int64]) -> pa.Array:
    n, width = matrix.shape
    keep = np.arange(width)[None, :] < lengths[:, None]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    data = np.ascontiguousarray(matrix[keep])
    return pa.Array.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def _lengths(s: Stream, rows: U64, lo: int, hi: int) -> npt.NDArray[np.int64]:
    if lo == hi:
        return np.full(rows.size, lo, dtype=np.int64)
    return s.sub("length").integers(rows, lo, hi)


class BytesParams(_LengthParams):
    """Lengths in bytes (default 16: a token)."""


@register
class Bytes(Generator[BytesParams]):
    id = "primitive.bytes"
    summary = (
        "Random-looking bytes of min_len..max_len bytes (bytea, BLOB); unique by construction."
    )
    params_model = BytesParams
    output = TypeFamily.BYTES
    fits = frozenset({TypeFamily.BYTES, TypeFamily.UNKNOWN})

    def generate(self, ctx: GenContext, params: BytesParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        r = as_u64(rows)
        lengths = _lengths(s, r, params.min_len, params.max_len)
        return _binary(_random_bytes(s.sub("bytes"), r, params.max_len), lengths)

    def value_space(self, ctx: GenContext, params: BytesParams) -> int | None:
        return capped_space(sum(size for _, size in _tiers(params.min_len, params.max_len, 8)))

    def from_index(self, ctx: GenContext, params: BytesParams, idx: U64) -> pa.Array:
        s = ctx.stream(self.id, params, "from_index")
        return _from_tiers(as_u64(idx), _tiers(params.min_len, params.max_len, 8), s, _bytes_of)


def _bytes_of(rank: U64, length: int, size: int, s: Stream) -> pa.Array:
    m = _keyed_bytes(rank, length, size, s.key, s.sub(length))
    return _binary(m, np.full(rank.size, length, dtype=np.int64))


def _from_tiers(
    idx: U64,
    tiers: list[tuple[int, int]],
    s: Stream,
    build: Callable[[U64, int, int, Stream], pa.Array],
) -> pa.Array:
    """Values of every index, built tier by tier and put back in the indices' order."""
    tier, rank = _split(idx, tiers)
    pieces, where = [], []
    for k in np.unique(tier):
        rows = np.flatnonzero(tier == k)
        length, size = tiers[int(k)]
        pieces.append(build(rank[rows], length, size, s))
        where.append(rows)
    if len(pieces) == 1:
        return pieces[0]
    order = np.concatenate(where) if where else np.zeros(0, np.int64)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size)
    merged = pa.concat_arrays(pieces) if pieces else pa.array([], pa.binary())
    return merged.take(pa.array(inverse))


class BitsParams(StrictParams):
    min_len: int | None = Field(
        None, ge=1, le=100_000, description="Fewest bits (default: max_len, as for bit(n))."
    )
    max_len: int | None = Field(
        None, ge=1, le=100_000, description="Most bits (default: the column's n, else 8)."
    )

    @model_validator(mode="after")
    def _ordered(self) -> BitsParams:
        if self.min_len is not None and self.max_len is not None and self.min_len > self.max_len:
            raise ValueError(f"min_len ({self.min_len}) must be <= max_len ({self.max_len})")
        return self


def _bit_bounds(params: BitsParams, facts: ColumnFacts) -> tuple[int, int]:
    hi = params.max_len if params.max_len is not None else (facts.length or 8)
    if facts.length is not None:
        hi = min(hi, facts.length)
    lo = params.min_len if params.min_len is not None else hi
    return min(lo, hi), hi


_BIT_CHARS = np.frombuffer(b"01", dtype=np.uint8)


def _bit_text(matrix: U8, lengths: npt.NDArray[np.int64]) -> pa.Array:
    """``'0'``/``'1'`` text of the leading bits of each row's bytes."""
    bits = np.unpackbits(matrix, axis=1)
    return strings_from_matrix(_BIT_CHARS[bits], lengths)


def _bits_of(rank: U64, length: int, size: int, s: Stream) -> pa.Array:
    nbytes = -(-length // 8)
    pad = nbytes * 8 - length
    if size < MAX_SPACE:
        v = keyed_bijection(rank, size, s.key) << np.uint64(pad + 64 - nbytes * 8)
        m = v.astype(">u8").view(np.uint8).reshape(rank.size, 8)[:, :nbytes]
    else:
        m = _keyed_bytes(rank, nbytes, MAX_SPACE, s.key, s.sub(length))
    return _bit_text(np.ascontiguousarray(m), np.full(rank.size, length, dtype=np.int64))


@register
class Bits(Generator[BitsParams]):
    id = "primitive.bits"
    summary = "Bit strings ('0101...') of the column's bit(n) / bit varying(n) length; unique."
    params_model = BitsParams
    output = TypeFamily.BIT
    fits = TEXTUAL | {TypeFamily.BIT}

    def generate(self, ctx: GenContext, params: BitsParams, rows: Rows) -> pa.Array:
        lo, hi = _bit_bounds(params, ctx.facts)
        s = ctx.stream(self.id, params)
        r = as_u64(rows)
        lengths = _lengths(s, r, lo, hi)
        return _bit_text(_random_bytes(s.sub("bits"), r, -(-hi // 8)), lengths)

    def value_space(self, ctx: GenContext, params: BitsParams) -> int | None:
        lo, hi = _bit_bounds(params, ctx.facts)
        return capped_space(sum(size for _, size in _tiers(lo, hi, 1)))

    def from_index(self, ctx: GenContext, params: BitsParams, idx: U64) -> pa.Array:
        lo, hi = _bit_bounds(params, ctx.facts)
        s = ctx.stream(self.id, params, "from_index")
        return _from_tiers(as_u64(idx), _tiers(lo, hi, 1), s, _bits_of)

    def check(self, params: BitsParams, facts: ColumnFacts) -> list[Issue]:
        too_long = params.min_len is not None and params.min_len > (facts.length or 10**6)
        if too_long:
            return [
                issue(
                    "error",
                    "max_len_exceeds_column",
                    f"min_len {params.min_len} exceeds the column's {facts.length} bits",
                    "/min_len",
                )
            ]
        return []
