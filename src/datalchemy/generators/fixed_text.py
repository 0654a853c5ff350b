"""Fixed-width text (codes with masks: CPF, CNPJ, CEP, phones, MAC addresses, clock times) written
as 64-bit words straight into Arrow string data. This is the one builder for such text.

A :class:`FixedLayout` is a mask such as ``"##.###.###/####-##"`` whose ``#`` slots take the
characters of fields, in order. A field comes in one of two forms:

* **words** (``uint64``): 8 characters per word, little-endian (the first character is the lowest
  byte), bytes past the field's width zero; shape ``(n,)`` up to 8 characters, else
  ``(n, ceil(width / 8))``. :func:`ascii_number` writes digits in this form from a table of every
  4-digit group: one gather per 4 digits instead of a division per digit.
* **an ASCII matrix** (``uint8``, shape ``(n, width)``), for characters a caller also needs as
  bytes, such as the digits of a check-digit rule. It is read 8 bytes at a time through strided
  views of its rows, without a copy.

Each row is assembled in registers' worth of ``uint64`` words with shifts, ANDs and ORs (no byte
matrix, no fancy indexing), and the words are stored with strided unaligned views into the rows of
one buffer, which becomes the strings' data without a copy.

Example:
    >>> import numpy as np
    >>> FixedLayout("###.###.###-##", (3, 3, 3, 2)).render(
    ...     [ascii_number(np.array([v]), w) for v, w in [(529, 3), (982, 3), (247, 3), (25, 2)]]
    ... ).to_pylist()
    ['529.982.247-25']
    >>> masked_number([1310100, 4567], "#####-###").to_pylist()
    ['01310-100', '00004-567']
    >>> masked(np.frombuffer(b"AB12", dtype=np.uint8).reshape(2, 2), "<#-#>").to_pylist()
    ['<A-B>', '<1-2>']
    >>> FixedLayout.from_parts(["#", 2, "é", 1]).render(
    ...     [ascii_number(np.array([7]), 2), np.array([ord("x")], dtype=np.uint64)]
    ... ).to_pylist()
    ['#07éx']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import cast

import numpy as np
import numpy.typing as npt
import pyarrow as pa

__all__ = [
    "MAX_DIGITS",
    "FixedLayout",
    "ascii_number",
    "fixed_layout",
    "fixed_strings",
    "masked",
    "masked_number",
]

U8 = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]
#: A field's characters: ``uint64`` words or an ASCII ``uint8`` matrix (see the module docstring).
Field = U64 | U8

#: Every 4-digit group 0000-9999 as ASCII packed little-endian in the low 4 bytes of a word.
_DIGITS4: U64 = np.frombuffer(
    "".join(f"{v:04d}" for v in range(10_000)).encode("ascii"), dtype="<u4"
).astype(np.uint64)
_E4 = np.uint64(10_000)
#: Digits of a uint64 (at most 20) written by :func:`ascii_number`.
MAX_DIGITS = 20


def _shl(word: U64, nbytes: int) -> U64:
    return word << np.uint64(8 * nbytes) if nbytes else word


def _shr(word: U64, nbytes: int) -> U64:
    return word >> np.uint64(8 * nbytes) if nbytes else word


def _word(v: U64, width: int) -> U64:
    """The ASCII word of values in ``[0, 10**width)``, ``width`` 1-8."""
    if width <= 4:  # below 10**4 the table's word shifted down keeps the last ``width`` digits
        return _shr(_DIGITS4[v.view(np.int64)], 4 - width)
    high = v // _E4  # uint64 division by a scalar is fast in NumPy; int64 is not
    low = v - high * _E4
    out = _shr(_DIGITS4[high.view(np.int64)], 8 - width)
    out |= _shl(_DIGITS4[low.view(np.int64)], width - 4)
    return out


def ascii_number(values: npt.ArrayLike, width: int) -> U64:
    """Zero-padded ASCII digits of integers in ``[0, 10**width)`` as words: shape ``(n,)`` when
    ``width`` <= 8, else ``(n, ceil(width / 8))`` (``width`` at most 20, a uint64's digits).

    Example:
        >>> w = ascii_number(np.array([12345678901]), 11)
        >>> w.shape, w.view(np.uint8).tobytes()[:11]
        ((1, 2), b'12345678901')
    """
    if not 1 <= width <= MAX_DIGITS:
        raise ValueError(f"width must be 1-{MAX_DIGITS} digits")
    v = np.asarray(values).astype(np.uint64, copy=False)
    if width <= 8:
        return _word(v, width)
    nwords = -(-width // 8)
    digits = [8] * (nwords - 1) + [width - 8 * (nwords - 1)]  # of each word
    out = np.empty((v.shape[0], nwords), dtype=np.uint64)
    for k in range(nwords - 1, 0, -1):  # from the least significant digits up
        scale = np.uint64(10 ** digits[k])
        high = v // scale
        out[:, k] = _word(v - high * scale, digits[k])
        v = high
    out[:, 0] = _word(v, 8)
    return out


def fixed_strings(matrix: U8) -> pa.StringArray:
    """One string per row of a C-contiguous ``uint8`` matrix, which becomes the strings' data
    buffer without a copy (so callers pass a matrix they no longer change)."""
    n, width = matrix.shape
    if width == 0:
        offsets = np.zeros(n + 1, dtype=np.int32)
    else:
        offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(matrix))


@dataclass(frozen=True)
class _Piece:
    """Characters ``[first, first + length)`` of a field go to bytes ``[at, at + length)`` of a
    stored word. The source is the field's word ``source`` (words) or its 8 characters from
    ``source`` on (a matrix of width >= 8), shifted left by ``shift`` bytes (right when negative),
    then ANDed with ``keep`` unless that is None (other bytes of the source may be set)."""

    field: int
    first: int
    length: int
    at: int
    source: int
    shift: int
    keep: int | None


@dataclass(frozen=True)
class _Word:
    """A stored word: it goes to byte ``start`` of every row, ORs ``literal`` with its pieces."""

    start: int
    literal: int
    pieces: tuple[_Piece, ...]


class FixedLayout:
    """A mask whose ``#`` slots take, in order, the characters of fields of the given widths
    (one field of all the slots when ``widths`` is omitted). Literal characters are ASCII; use
    :meth:`from_parts` for any other text or a literal ``#``."""

    def __init__(self, mask: str, widths: Sequence[int] | None = None) -> None:
        slots = [i for i, ch in enumerate(mask) if ch == "#"]
        template = mask.replace("#", "\0").encode("ascii")
        self._setup(template, slots, (len(slots),) if widths is None else tuple(widths))

    @classmethod
    def from_parts(cls, parts: Sequence[str | int]) -> FixedLayout:
        """A layout from literal text (``str``, any UTF-8) and field widths (``int``) in order.

        Example:
            >>> FixedLayout.from_parts(["#", 6]).widths
            (6,)
        """
        layout = cls.__new__(cls)
        template, slots, widths = b"", list[int](), list[int]()
        for part in parts:
            if isinstance(part, str):
                template += part.encode("utf-8")
            else:
                slots += range(len(template), len(template) + part)
                template += b"\0" * part
                widths.append(part)
        layout._setup(template, slots, tuple(widths))
        return layout

    def _setup(self, template: bytes, slots: list[int], widths: tuple[int, ...]) -> None:
        if sum(widths) != len(slots) or min(widths, default=0) < 0:
            raise ValueError("the field widths do not fill the mask's # slots")
        self.width = len(template)
        self.widths = widths
        self._template = template
        # Field f's character j sits at byte _slots[f][j] of the row.
        ends = list(accumulate(widths))
        self._slots = tuple(tuple(slots[e - w : e]) for e, w in zip(ends, widths, strict=True))
        #: One field filling the whole row: an ASCII matrix of it is already the strings' data.
        self._plain = len(widths) == 1 and self._slots[0] == tuple(range(self.width))
        #: Compiled word plans, one per combination of field forms (True: an ASCII matrix).
        self._plans: dict[tuple[bool, ...], tuple[_Word, ...]] = {}

    def render(self, fields: Sequence[Field]) -> pa.StringArray:
        """The strings of rows whose fields are these words or ASCII matrices (see the module
        docstring), one per row."""
        if len(fields) != len(self.widths) or not fields:
            raise ValueError(f"expected {len(self.widths)} fields (at least one)")
        n = fields[0].shape[0]
        forms = tuple(self._check(f, w, n) for f, w in zip(fields, self.widths, strict=True))
        if self._plain and forms[0]:
            return fixed_strings(np.ascontiguousarray(fields[0]))  # the matrix is the text
        data = np.empty((n, self.width), dtype=np.uint8)
        if n == 0 or self.width == 0:  # no row to view with words
            return fixed_strings(data)
        plan = self._plans.get(forms)
        if plan is None:
            plan = self._plans[forms] = self._compile(forms)
        sources = [_sources(f, form) for f, form in zip(fields, forms, strict=True)]
        if self.width < 8:  # one word, then its first bytes
            word = np.ascontiguousarray(np.broadcast_to(_assemble(plan[0], sources), (n,)), "<u8")
            data[:] = word.view(np.uint8).reshape(n, 8)[:, : self.width]
            return fixed_strings(data)
        for w in plan:  # the last word (overlapping its neighbour) first: the others overwrite
            view = np.ndarray((n,), "<u8", data, w.start, (self.width,))
            view[:] = _assemble(w, sources)
        return fixed_strings(data)

    @staticmethod
    def _check(field: Field, width: int, n: int) -> bool:
        """Whether ``field`` is an ASCII matrix (else words), after checking its shape."""
        if field.dtype == np.uint8:
            if field.shape != (n, width):
                raise ValueError(f"an ASCII matrix field of width {width} has shape ({n}, {width})")
            return True
        if field.dtype != np.uint64:
            raise ValueError("a field is uint64 words or a uint8 ASCII matrix")
        nwords = -(-width // 8)
        if field.shape != (n, nwords) and not (field.shape == (n,) and nwords <= 1):
            raise ValueError(f"a words field of width {width} has shape ({n}, {nwords})")
        return False

    def _compile(self, forms: tuple[bool, ...]) -> tuple[_Word, ...]:
        """The stored words of a row and where each field character goes in them.

        A row of width W >= 8 is stored as words at bytes 0, 8, ... and, when W is not a multiple
        of 8, one more word at W - 8 that carries only the bytes past the last whole word (it is
        stored first, so the whole words then overwrite the bytes it shares with them).
        """
        full, tail = divmod(self.width, 8)
        spans = [(8 * i, 8 * i, 8 * i + 8) for i in range(full)]  # (start, own from, own to)
        if self.width < 8:
            spans = [(0, 0, self.width)]
        elif tail:
            spans.insert(0, (self.width - 8, 8 * full, self.width))
        # Row byte -> (field, character) for the slots.
        owner = {pos: (f, j) for f, slots in enumerate(self._slots) for j, pos in enumerate(slots)}
        return tuple(self._word(start, lo, hi, owner, forms) for start, lo, hi in spans)

    def _word(
        self,
        start: int,
        lo: int,
        hi: int,
        owner: dict[int, tuple[int, int]],
        forms: tuple[bool, ...],
    ) -> _Word:
        """The word stored at byte ``start`` that writes the row's bytes ``[lo, hi)``."""
        literal = bytearray(8)
        pieces: list[_Piece] = []
        pos = lo
        while pos < hi:
            if pos not in owner:
                literal[pos - start] = self._template[pos]
                pos += 1
                continue
            f, first = owner[pos]
            length = 1  # a run of the field's next characters in the next bytes of this word
            while pos + length < hi and owner.get(pos + length) == (f, first + length):
                if not forms[f] and (first + length) % 8 == 0:
                    break  # words: a piece comes from one source word
                length += 1
            pieces.append(self._piece(f, first, length, pos - start, forms[f]))
            pos += length
        return _Word(start, int.from_bytes(literal, "little"), tuple(pieces))

    def _piece(self, f: int, first: int, length: int, at: int, matrix: bool) -> _Piece:
        """How characters ``[first, first + length)`` of field ``f`` reach byte ``at``."""
        width = self.widths[f]
        if matrix and width >= 8:
            # The 8 characters from `source` on, chosen so the piece needs no shift if it can.
            source = min(max(first - at, 0), width - 8)
            offset, valid = first - source, 8
        else:  # words (a matrix narrower than 8 is ORed into one word)
            source, offset = divmod(first, 8)
            valid = min(8, width - 8 * source)  # bytes past the field's width are zero
        shift = at - offset
        # Bytes that may be set after the shift: keep only the piece's own, unless they are.
        low, high = max(0, shift), min(8, valid + shift)
        exact = at <= low and high <= at + length
        keep = None if exact else ((1 << (8 * length)) - 1) << (8 * at)
        return _Piece(f, first, length, at, source, shift, keep)


def _sources(field: Field, matrix: bool) -> list[U64]:
    """The words a compiled piece reads: a words field's words; a matrix's rows read 8 bytes at
    every offset (strided unaligned views, no copy), or ORed into one word when narrower."""
    if not matrix:
        words = cast(U64, field)
        return [words] if words.ndim == 1 else [words[:, k] for k in range(words.shape[1])]
    n, width = field.shape
    if width < 8:  # its columns ORed into one word: cheaper than a strided copy of short rows
        word = np.zeros(n, dtype=np.uint64)
        for j in range(width):
            word |= _shl(field[:, j].astype(np.uint64), j)
        return [word]
    m = field if field.strides[1] == 1 else np.ascontiguousarray(field)
    return [m[:, o : o + 8].view("<u8")[:, 0] for o in range(width - 7)]


def _assemble(word: _Word, sources: list[list[U64]]) -> U64 | np.uint64:
    """One stored word of every row: its literal bytes ORed with its pieces."""
    acc: U64 | None = None
    owned = False  # whether acc is a temporary this function may change in place
    for p in word.pieces:
        v = sources[p.field][p.source]
        fresh = p.shift != 0
        v = _shl(v, p.shift) if p.shift >= 0 else _shr(v, -p.shift)
        if p.keep is not None:
            v = np.bitwise_and(v, np.uint64(p.keep), out=v if fresh else None)
            fresh = True
        if acc is None:
            acc, owned = v, fresh
        elif owned:
            np.bitwise_or(acc, v, out=acc)
        else:
            acc, owned = acc | v, True
    if acc is None:
        return np.uint64(word.literal)
    if word.literal:
        lit = np.uint64(word.literal)
        acc = np.bitwise_or(acc, lit, out=acc) if owned else acc | lit
    return acc


@cache
def fixed_layout(mask: str, widths: tuple[int, ...] | None = None) -> FixedLayout:
    """:class:`FixedLayout` of ``mask`` and ``widths``, built once per process."""
    return FixedLayout(mask, widths)


def masked(chars: U8, mask: str) -> pa.StringArray:
    """The columns of ``chars`` (an ASCII matrix) placed into the ``#`` slots of ``mask``."""
    if mask.count("#") != chars.shape[1]:
        raise ValueError("mask does not match the number of characters")
    return fixed_layout(mask).render([chars])


def masked_number(values: npt.ArrayLike, mask: str) -> pa.StringArray:
    """The zero-padded digits of integers (below ``10**k`` for the ``k`` slots of ``mask``, at
    most 20) placed into the ``#`` slots of ``mask``."""
    return fixed_layout(mask).render([ascii_number(values, mask.count("#"))])
