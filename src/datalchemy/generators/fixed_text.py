"""Fixed-width codes (CPF, phones) written as 64-bit words straight into Arrow string data.

A :class:`FixedLayout` is a mask such as ``"(##) #####-####"`` whose ``#`` slots take the ASCII
digits of fields, in order. Each row is assembled in registers' worth of ``uint64`` words (8
bytes each, little-endian: the first character is the lowest byte) with shifts and ORs, and the
words are stored with strided unaligned views into the rows of one buffer, which becomes the
strings' data without a copy. Digits come from a table of every 4-digit group, so a field costs
one gather per 4 digits instead of a division per digit and a byte matrix per step.

Example:
    >>> import numpy as np
    >>> FixedLayout("###.###.###-##", (3, 3, 3, 2)).render(
    ...     [ascii_number(np.array([v], dtype=np.uint64), w) for v, w in
    ...      [(529, 3), (982, 3), (247, 3), (25, 2)]]
    ... ).to_pylist()
    ['529.982.247-25']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

__all__ = ["FixedLayout", "ascii_number"]

U64 = npt.NDArray[np.uint64]

#: Every 4-digit group 0000-9999 as ASCII packed little-endian in the low 4 bytes of a word.
_DIGITS4: U64 = np.frombuffer(
    "".join(f"{v:04d}" for v in range(10_000)).encode("ascii"), dtype="<u4"
).astype(np.uint64)
_E4 = np.uint64(10_000)


def _shl(word: U64, nbytes: int) -> U64:
    return word << np.uint64(8 * nbytes) if nbytes else word


def _shr(word: U64, nbytes: int) -> U64:
    return word >> np.uint64(8 * nbytes) if nbytes else word


def ascii_number(values: npt.NDArray[np.integer], width: int) -> U64:
    """Zero-padded ASCII digits of integers in ``[0, 10**width)`` (``width`` <= 8), one word each:
    the first digit in the lowest byte, bytes past ``width`` zero."""
    if not 1 <= width <= 8:
        raise ValueError("width must be 1-8 digits")
    v = values.astype(np.uint64, copy=False)
    if width <= 4:
        return _shr(_DIGITS4[v.view(np.int64)], 4 - width)
    high = v // _E4  # uint64 division by a scalar is fast in NumPy; int64 is not
    low = v - high * _E4
    out = _shr(_DIGITS4[high.view(np.int64)], 8 - width)
    out |= _shl(_DIGITS4[low.view(np.int64)], width - 4)
    return out


@dataclass(frozen=True)
class _Run:
    """Bytes ``[first, first + length)`` of a field's ASCII word go to row position ``at``."""

    field: int
    first: int
    length: int
    at: int


class FixedLayout:
    """A mask whose ``#`` slots take, in order, the digits of fields of the given widths."""

    def __init__(self, mask: str, widths: Sequence[int]) -> None:
        slots = [i for i, ch in enumerate(mask) if ch == "#"]
        if sum(widths) != len(slots):
            raise ValueError("the field widths do not fill the mask's # slots")
        if len(mask) < 8:
            raise ValueError("fixed layouts are at least 8 characters wide")
        self.width = len(mask)
        self.widths = tuple(widths)
        runs: list[_Run] = []
        slot = 0
        for f, w in enumerate(widths):
            first = 0
            while first < w:  # a field splits where the mask puts a literal between its digits
                length = 1
                while first + length < w and slots[slot + length] == slots[slot] + length:
                    length += 1
                runs.append(_Run(f, first, length, slots[slot]))
                first += length
                slot += length
        self.runs = tuple(runs)
        literal = np.frombuffer(mask.replace("#", "\0").encode("ascii"), dtype=np.uint8)
        padded = np.zeros(-(-self.width // 8) * 8, dtype=np.uint8)
        padded[: self.width] = literal
        self.literal_words = padded.view("<u8").astype(np.uint64)

    def render(self, fields: Sequence[U64]) -> pa.StringArray:
        """The strings of rows whose fields are these :func:`ascii_number` words."""
        if len(fields) != len(self.widths):
            raise ValueError("one word array per field")
        n = fields[0].shape[0]
        words = [np.full(n, lit, dtype=np.uint64) for lit in self.literal_words]
        for run in self.runs:
            word = _shr(fields[run.field], run.first)
            if run.first + run.length < self.widths[run.field]:  # drop the field's later bytes
                word = word & np.uint64((1 << (8 * run.length)) - 1)
            index, shift = divmod(run.at, 8)
            words[index] |= _shl(word, shift)
            if shift + run.length > 8:  # the run crosses into the next word
                words[index + 1] |= _shr(word, 8 - shift)
        return self._store(words, n)

    def _store(self, words: list[U64], n: int) -> pa.StringArray:
        if n == 0:  # no rows to view the empty buffer with
            return pa.array([], pa.string())
        data = np.empty(n * self.width, dtype=np.uint8)
        full, tail = divmod(self.width, 8)
        for i in range(full):
            np.ndarray((n,), "<u8", data, 8 * i, (self.width,))[:] = words[i]
        if tail:  # the last 8 bytes of the row, overlapping the previous word's (same bytes)
            last = _shr(words[full - 1], tail) | _shl(words[full], 8 - tail)
            np.ndarray((n,), "<u8", data, self.width - 8, (self.width,))[:] = last
        offsets = np.arange(0, (n + 1) * self.width, self.width, dtype=np.int32)
        return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))
