"""Vectorized pieces the ``semantic.*`` kinds share: fixed-width templates, characters drawn from
alphabets, per-row choices between formats, optional parts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.determinism import Stream, U64Array
from datalchemy.generators._arrow import ascii_digits, int_strings
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.fixed_text import masked
from datalchemy.generators.semantic.alias import Native
from datalchemy.generators.semantic.locale_data import LocaleData

__all__ = [
    "chars",
    "choose",
    "digit_cols",
    "fill",
    "int_text",
    "optional",
    "weighted",
    "word_kind",
]

U8 = npt.NDArray[np.uint8]
_EMPTY = pa.scalar("", pa.string())


def fill(template: str, slots: Sequence[U8]) -> pa.Array:
    """Fixed-width ASCII strings: each ``#`` of ``template`` takes the next column of ``slots``."""
    return masked(np.column_stack(slots), template)


def digit_cols(values: npt.ArrayLike, width: int) -> list[U8]:
    """The zero-padded ASCII digits of ``values``, one column per position."""
    mat = ascii_digits(values, width)
    return [mat[:, i] for i in range(width)]


def chars(words: U64Array, alphabets: Sequence[str]) -> list[U8]:
    """One ASCII column per alphabet, drawn from ``words`` by repeated division."""
    w = words.copy()
    cols = []
    for alphabet in alphabets:
        k = np.uint64(len(alphabet))
        table = np.frombuffer(alphabet.encode("ascii"), dtype=np.uint8)
        cols.append(table[(w % k).astype(np.intp)])
        w //= k
    return cols


def choose(fmt: npt.NDArray[np.int64], arrays: Sequence[pa.Array]) -> pa.Array:
    """Per row, the value of ``arrays[fmt[row]]``."""
    if len(arrays) == 1:
        return arrays[0]
    return pc.choose(pa.array(fmt.astype(np.int8)), *arrays)


def weighted(s: Stream, rows: Rows, weights: Sequence[float]) -> npt.NDArray[np.int64]:
    """Per row, an index drawn with ``weights``."""
    return s.weighted(rows, np.asarray(weights, dtype=np.float64))


def optional(mask: npt.NDArray[np.bool_], value: pa.Array) -> pa.Array:
    """``value`` where ``mask``, else the empty string."""
    return pc.if_else(pa.array(mask), value, _EMPTY)


def int_text(s: Stream, rows: Rows, low: int, high: int) -> pa.Array:
    """Uniform integers in ``[low, high]`` as text."""
    return int_strings(s.integers(rows, low, high))


def word_kind(f: Callable[[U64Array], pa.Array], space: int) -> Native:
    """Values that are a function of one number in ``[0, space)``: random, or the index itself."""

    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return f(s.words(rows) % np.uint64(space))

    return Native(build, (lambda d, ctx, p: space), (lambda d, ctx, p, idx: f(idx)))
