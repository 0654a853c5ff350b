"""Vectorized building blocks for text values: no per-row Python anywhere.

Fixed-width codes (CPF, CEP, plates, zero-padded numbers) are built as a ``uint8`` matrix of
ASCII bytes and handed to Arrow without copying; variable text is assembled with Arrow compute
(``take`` from a vocabulary, element-wise joins), which runs in C++.

Example:
    >>> import numpy as np
    >>> m = ascii_digits(np.array([7, 1234]), 5)
    >>> strings_from_matrix(m).to_pylist()
    ['00007', '01234']
    >>> join([pa.array(["ana", "bia"]), "@", pa.array(["x.com", "y.com"])]).to_pylist()
    ['ana@x.com', 'bia@y.com']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "ascii_digits",
    "decimals_from_unscaled",
    "digit_matrix",
    "int_strings",
    "join",
    "strings_from_matrix",
    "take",
    "vocabulary",
]

_ZERO = np.uint8(ord("0"))


def digit_matrix(values: npt.ArrayLike, width: int) -> npt.NDArray[np.uint8]:
    """Decimal digits (0-9) of non-negative integers, most significant first, shape (n, width)."""
    v = np.asarray(values).astype(np.uint64, copy=True)
    out = np.empty((v.shape[0], width), dtype=np.uint8)
    ten = np.uint64(10)
    for col in range(width - 1, -1, -1):
        out[:, col] = (v % ten).astype(np.uint8)
        v //= ten
    return out


def ascii_digits(values: npt.ArrayLike, width: int) -> npt.NDArray[np.uint8]:
    """Zero-padded ASCII digits of non-negative integers, shape (n, width)."""
    return digit_matrix(values, width) + _ZERO


def strings_from_matrix(matrix: npt.NDArray[np.uint8]) -> pa.StringArray:
    """One string per row of an ASCII ``uint8`` matrix (all rows the same width)."""
    m = np.ascontiguousarray(matrix, dtype=np.uint8)
    n, width = m.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(
        n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(m.tobytes())
    )


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
