"""Keyed permutations that keep a value's shape: integers within their digit count, text within
its character classes. Distinct inputs give distinct outputs."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from numpy.lib.stride_tricks import sliding_window_view

from datalchemy.determinism import FeistelPermutation, U64Array, derive_key
from datalchemy.generators._arrow import (
    null_mask,
)

__all__ = [
    "keyed_integers",
    "keyed_text_permutation",
    "permute_within_digit_count",
    "string_buffers",
]


def _digit_buckets(upper: int, lower: int = 0) -> list[tuple[int, int]]:
    """[lo, lo + size) ranges of one digit count in ``[lower, upper)``, each at most 2**62 wide."""
    out: list[tuple[int, int]] = []
    lo, hi = 0, 10
    while lo < upper:
        top, start = min(hi, upper), max(lo, lower)
        while start < top:
            size = min(top - start, 2**62)
            out.append((start, size))
            start += size
        lo, hi = hi, hi * 10
    return out


def permute_within_digit_count(
    values: U64Array, key: int, upper: int = 2**64, *, lower: int = 0
) -> U64Array:
    """A keyed bijection of ``[lower, upper)`` that keeps the number of decimal digits.

    Values with ``k`` digits map to other values with ``k`` digits (a Feistel permutation per
    digit count), so distinct inputs give distinct outputs and no value grows or gains a leading
    zero. Used for e-mail tokens and for ``transform.mask`` keyed integers.

    Example:
        >>> out = permute_within_digit_count(np.arange(1000, dtype=np.uint64), key=7)
        >>> len(set(out.tolist())), int(out[10:100].min()) >= 10, int(out[10:100].max()) < 100
        (1000, True, True)
    """
    x = np.asarray(values, dtype=np.uint64)
    out = x.copy()
    if x.size == 0:
        return out
    buckets = _digit_buckets(upper, lower)
    starts = np.array([lo for lo, _ in buckets], dtype=np.uint64)
    which = np.searchsorted(starts, x, side="right") - 1
    for b in np.unique(which).tolist():
        lo, size = buckets[b]
        sel = np.flatnonzero(which == b)
        perm = FeistelPermutation(size, derive_key(key, "digits", lo))
        out[sel] = perm.apply(x[sel] - np.uint64(lo)) + np.uint64(lo)
    return out


def _substitution_table(alphabet: str) -> npt.NDArray[np.uint8]:
    """SUB[t * 256 + c]: byte ``c`` shifted by ``t`` within its class (others unchanged)."""
    if alphabet == "hex":
        classes = ["0123456789abcdef", "ABCDEF"]
    else:
        classes = ["0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    table = np.tile(np.arange(256, dtype=np.uint8), (256, 1))
    for cls in classes:
        codes = np.frombuffer(cls.encode(), dtype=np.uint8)
        pos = np.arange(len(codes))
        for t in range(256):
            table[t, codes] = codes[(pos + t) % len(codes)]
    return table.reshape(-1)


_SUB = {"text": _substitution_table("text"), "hex": _substitution_table("hex")}
_MULT = np.uint32(0x9E3779B1)


def _keyed_pass(
    matrix: npt.NDArray[np.uint8], key: int, sub: npt.NDArray[np.uint8], reverse: bool
) -> None:
    """One chained substitution pass over a (width, rows) matrix, in place.

    The shift at position ``i`` comes from a state fed with the INPUT bytes before ``i`` (in pass
    order), so the pass can be undone left to right with the key: it is a bijection.
    """
    width, m = matrix.shape
    state = np.full(m, np.uint32(derive_key(key, width, reverse) & 0xFFFFFFFF), dtype=np.uint32)
    order = range(width - 1, -1, -1) if reverse else range(width)
    with np.errstate(over="ignore"):
        for i in order:
            c = matrix[i]
            t = (state >> np.uint32(24)).astype(np.intp)
            matrix[i] = sub[(t << 8) | c]
            state ^= c
            state *= _MULT
            state += np.uint32(i * 2 + 1)


def _bucket_width(lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Padded width for each length: multiples of 8 up to 64, then powers of two."""
    small = np.maximum(8, (lengths + 7) // 8 * 8)
    big = 2 ** np.ceil(np.log2(np.maximum(lengths, 1))).astype(np.int64)
    return np.where(lengths <= 64, small, big)


def string_buffers(arr: pa.Array) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """(offsets from 0, data bytes) of a ``string`` array, whatever its slice offset."""
    n = len(arr)
    offs = np.frombuffer(arr.buffers()[1], np.int32, n + 1, arr.offset * 4).astype(np.int64)
    buf = arr.buffers()[2]
    base, end = int(offs[0]), int(offs[-1])
    data = np.frombuffer(buf, np.uint8)[base:end] if buf is not None else np.zeros(0, np.uint8)
    return offs - base, data


def keyed_text_permutation(values: pa.Array, key: int, alphabet: str = "text") -> pa.Array:
    """A keyed bijection of strings that keeps length and shape (NULL stays NULL).

    ASCII digits, lower-case and upper-case letters are substituted within their class (with
    ``alphabet="hex"``: ``0-9a-f`` and ``A-F``) and everything else is kept. Two chained passes
    (left to right, then right to left) make every output character depend on the whole value.
    Distinct inputs give distinct outputs. The cost is linear in the bytes of the column.

    Example:
        >>> out = keyed_text_permutation(pa.array(["ana@x.com", "ana@x.com", "Ana-42"]), key=1)
        >>> out[0] == out[1], len(out[2].as_py()), out[2].as_py()[3]
        (True, 6, '-')
    """
    n = len(values)
    offs, data_in = string_buffers(values)
    if data_in.size == 0:
        return values
    lengths = np.diff(offs)
    width_of = _bucket_width(lengths)
    widths = np.unique(width_of).tolist()
    padded = np.concatenate([data_in, np.zeros(max(widths), np.uint8)])
    byte_width = np.repeat(width_of.astype(np.int32), lengths)
    data = np.empty_like(data_in)
    sub = _SUB[alphabet]
    for width in widths:
        members = np.flatnonzero(width_of == width)
        # one row per value (bytes past its end zeroed), then one row per position
        rows = sliding_window_view(padded, width)[offs[members]]
        valid = np.arange(width)[None, :] < lengths[members][:, None]
        rows *= valid
        mat = np.ascontiguousarray(rows.T)
        _keyed_pass(mat, key, sub, reverse=False)
        _keyed_pass(mat, key ^ 0x5BD1E995, sub, reverse=True)
        data[byte_width == width] = mat.T[valid]
    nulls = values.null_count
    return pa.StringArray.from_buffers(
        n,
        pa.py_buffer(offs.astype(np.int32).tobytes()),
        pa.py_buffer(data.tobytes()),
        pc.is_valid(values).buffers()[1] if nulls else None,
        nulls,
    )


def keyed_integers(values: pa.Array, key: int) -> pa.Array:
    """Integers through a keyed permutation that keeps sign and digit count within the type."""
    t = values.type
    bits = t.bit_width
    mask = null_mask(values)
    if not pa.types.is_signed_integer(t):
        u = np.asarray(values.cast(pa.uint64()).fill_null(0).to_numpy(), dtype=np.uint64)
        return pa.array(permute_within_digit_count(u, key, 2**bits), mask=mask).cast(t)
    v = np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
    neg = v < 0
    u = v.view(np.uint64)
    with np.errstate(over="ignore"):
        magnitude = np.where(neg, np.uint64(0) - u, u)  # |v|, exact even for the minimum
        out = magnitude.copy()
        top = 2 ** (bits - 1)
        pos_sel, neg_sel = np.flatnonzero(~neg), np.flatnonzero(neg)
        out[pos_sel] = permute_within_digit_count(magnitude[pos_sel], key, top)
        out[neg_sel] = permute_within_digit_count(magnitude[neg_sel], key ^ 1, top + 1, lower=1)
        res = np.where(neg, np.uint64(0) - out, out).view(np.int64)
    return pa.array(res, mask=mask).cast(t)
