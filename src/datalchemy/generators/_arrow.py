"""Vectorized building blocks for text values: no per-row Python anywhere.

Characters are made as ``uint8`` matrices of ASCII bytes (digits, hex) and handed to Arrow without
copying; codes with a mask (``###.###.###-##``) are written by :mod:`fixed_text`, whose digit table
also makes the digits here. Variable text is assembled with Arrow compute (``take`` from a
vocabulary, element-wise joins), which runs in C++.

Example:
    >>> import numpy as np
    >>> m = ascii_digits(np.array([7, 1234]), 5)
    >>> strings_from_matrix(m).to_pylist()
    ['00007', '01234']
    >>> hex_digits(np.array([0xBEEF], dtype=np.uint64), 6).tobytes()
    b'00beef'
    >>> join([pa.array(["ana", "bia"]), "@", pa.array(["x.com", "y.com"])]).to_pylist()
    ['ana@x.com', 'bia@y.com']
    >>> uuid_text(np.arange(16, dtype=np.uint8)[None, :]).to_pylist()
    ['00010203-0405-0607-0809-0a0b0c0d0e0f']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.generators.fixed_text import MAX_DIGITS, FixedLayout, ascii_number, fixed_strings

__all__ = [
    "ascii_digits",
    "concat_rows",
    "decimals_from_unscaled",
    "digit_matrix",
    "hex_digits",
    "hex_matrix",
    "int_strings",
    "join",
    "null_mask",
    "strings_from_matrix",
    "take",
    "uuid_text",
    "vocabulary",
]

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]

_ZERO = np.uint8(ord("0"))
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
#: Byte -> its two hex digits as one little-endian uint16, so a uint8 view reads them in order.
_HEX_PAIRS = np.array(
    [_HEX[b >> 4] | (_HEX[b & 15].astype(np.uint16) << 8) for b in range(256)], dtype="<u2"
)
#: The 32 hex digits of a UUID in its five groups.
_UUID = FixedLayout("########-####-####-####-############")


def _digit_rows(values: npt.ArrayLike, width: int) -> U8:
    """Rows holding the last ``width`` ASCII digits of each value first, then zero bytes up to a
    multiple of 8: the words of :func:`fixed_text.ascii_number` (a gather per 4 digits from its
    table, not a division per digit) seen as bytes."""
    v = np.asarray(values).astype(np.uint64)  # a copy of our own: reduced in place below
    n = v.shape[0]
    if width > MAX_DIGITS:  # a uint64 has at most 20 digits: the rest are leading zeros
        out = np.full((n, width), _ZERO, dtype=np.uint8)
        out[:, width - MAX_DIGITS :] = _digit_rows(v, MAX_DIGITS)[:, :MAX_DIGITS]
        return out
    if width == 0:
        return np.empty((n, 0), dtype=np.uint8)
    if width < MAX_DIGITS:
        scale = np.uint64(10**width)
        v -= v // scale * scale  # the last `width` digits (uint64 division by a scalar is fast)
    return ascii_number(v, width).reshape(n, -(-width // 8)).view(np.uint8)


def ascii_digits(values: npt.ArrayLike, width: int) -> U8:
    """Zero-padded ASCII digits of non-negative integers, most significant first, shape
    (n, width); values with more than ``width`` digits keep their last ``width``.

    NOTE: a view of rows padded to a multiple of 8 bytes (C-contiguous only when ``width`` is a
    multiple of 8): :class:`fixed_text.FixedLayout` reads it in place.
    """
    return _digit_rows(values, width)[:, :width]


def digit_matrix(values: npt.ArrayLike, width: int) -> U8:
    """Decimal digits (0-9) of non-negative integers, most significant first, shape (n, width);
    values with more than ``width`` digits keep their last ``width`` (a view, as in
    :func:`ascii_digits`)."""
    # Subtracting over the whole padded rows is one contiguous pass; their padding is dropped.
    return (_digit_rows(values, width) - _ZERO)[:, :width]


def hex_matrix(raw: U8) -> U8:
    """Lower-case hex digits of bytes: shape (n, k) becomes (n, 2k)."""
    n, k = raw.shape
    return _HEX_PAIRS[raw].view(np.uint8).reshape(n, 2 * k)


def hex_digits(values: npt.NDArray[np.uint64], width: int) -> U8:
    """Lower-case hex digits of the low ``4 * width`` bits (``width`` <= 16) of integers, most
    significant first: the low big-endian bytes of each value through :func:`hex_matrix`."""
    nbytes = -(-width // 2)
    raw = values.astype(">u8").view(np.uint8).reshape(values.shape[0], 8)[:, 8 - nbytes :]
    return hex_matrix(raw)[:, 2 * nbytes - width :]


def uuid_text(raw: U8) -> pa.StringArray:
    """Canonical 8-4-4-4-12 text of 16-byte values (bytes in order; version bits as given)."""
    return _UUID.render([hex_matrix(raw)])


def strings_from_matrix(
    matrix: U8, lengths: I64 | None = None, align: Literal["left", "right"] = "left"
) -> pa.StringArray:
    """One string per row of an ASCII ``uint8`` matrix.

    Without ``lengths`` every row is a whole string. With ``lengths`` row ``i`` gives its first
    (``align="left"``) or last (``"right"``) ``lengths[i]`` bytes.

    NOTE: a C-contiguous matrix becomes the strings' data buffer without a copy, so callers pass
    a matrix they no longer change (all of them build it just for this call).
    """
    m = np.ascontiguousarray(matrix, dtype=np.uint8)
    if lengths is None:
        return fixed_strings(m)
    n, width = m.shape
    cols = np.arange(width)[None, :]
    keep = cols < lengths[:, None] if align == "left" else cols >= (width - lengths)[:, None]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(m[keep]))


def null_mask(values: pa.Array) -> npt.NDArray[np.bool_] | None:
    """Where ``values`` is NULL, as a NumPy mask (None when nothing is)."""
    if values.null_count == 0:
        return None
    return np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=np.bool_)


def vocabulary(values: Sequence[str]) -> pa.StringArray:
    """A vocabulary array to :func:`take` from."""
    return pa.array(list(values), type=pa.string())


def take(vocab: pa.Array, idx: npt.ArrayLike) -> pa.Array:
    """``vocab[idx]`` for every index (Arrow's C++ take)."""
    return pc.take(vocab, pa.array(np.asarray(idx, dtype=np.int64)))


def int_strings(values: npt.ArrayLike) -> pa.Array:
    """Integers as their decimal text."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


def join(parts: Sequence[pa.Array | str], sep: str = "") -> pa.Array:
    """Element-wise concatenation of arrays and constant strings (a NULL part gives NULL)."""
    if not any(not isinstance(p, str) for p in parts):
        raise ValueError("join needs at least one array")
    cols = [pa.scalar(p, pa.string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*cols, sep)


def concat_rows(vocab: pa.StringArray, idx: I64) -> pa.StringArray:
    """Row ``i`` is ``vocab[idx[i, 0]] + ... + vocab[idx[i, k - 1]]`` (``vocab`` without NULLs).

    A single take of every piece in row order, whose data buffer already holds the rows back to
    back: the rows are that buffer with every k-th offset, so no element-wise join is needed.

    Example:
        >>> concat_rows(pa.array(["ana", "bia", "@x"]), np.array([[0, 2], [1, 2]])).to_pylist()
        ['ana@x', 'bia@x']
    """
    n, k = idx.shape
    pieces = pc.take(vocab, pa.array(idx.reshape(-1)))
    offsets = np.frombuffer(pieces.buffers()[1], dtype=np.int32, count=n * k + 1)
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(np.ascontiguousarray(offsets[::k])), pieces.buffers()[2]
    )


def decimals_from_unscaled(unscaled: npt.ArrayLike, scale: int, precision: int = 38) -> pa.Array:
    """Decimal values from integer units (``1234`` at scale 2 is ``12.34``), without rounding.

    Example:
        >>> decimals_from_unscaled([1234, -5], 2).to_pylist()
        [Decimal('12.34'), Decimal('-0.05')]
    """
    v = np.asarray(unscaled, dtype=np.int64)
    words = np.empty((v.shape[0], 2), dtype=np.int64)  # 128-bit little endian: low, high word
    words[:, 0] = v
    words[:, 1] = v >> np.int64(63)  # sign extension
    return pa.Array.from_buffers(
        pa.decimal128(precision, scale), v.shape[0], [None, pa.py_buffer(words.tobytes())]
    )
