"""The determinism core: keys, counter-based random streams, and keyed bijections.

Every random value datalchemy produces is a pure function of a *key* and a *row index*:

- :func:`derive_key` hashes a key path (plan seed, ``schema.table``, column, generator id,
  canonical params, algorithm version, stream name) with ``hashlib.blake2b`` into 64 bits.
- :class:`Stream` turns (key, row indices) into uniform 64-bit words with the SplitMix64 output
  function applied to ``key + index * golden_gamma``. It is counter-based: the value for row *i*
  does not depend on which other rows are generated, in which block, by which worker. That gives
  prefix stability, worker-count independence, regeneration of single rows (retry streams), and
  recomputation of a parent's key for any parent row index without holding the parent table.
- :class:`FeistelPermutation` is a keyed bijection of ``[0, n)`` (a balanced Feistel network over
  the next power of four, with cycle walking), used to make keys unique by construction.

All functions are vectorized over NumPy ``uint64`` arrays; nothing here loops per row in Python
(cycle walking loops over rounds, on the shrinking subset of rows still out of range).

Example:
    >>> import numpy as np
    >>> s = Stream(derive_key(42, "crm.leads", "score"))
    >>> a = s.integers(np.arange(5), 0, 100)
    >>> b = s.integers(np.array([3, 4]), 0, 100)
    >>> bool((a[3:] == b).all())  # a row's value does not depend on the other rows asked for
    True
    >>> p = FeistelPermutation(1000, derive_key(1, "t", "id"))
    >>> len(set(p.apply(np.arange(1000)).tolist()))
    1000
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "ALGORITHM_VERSION",
    "FeistelPermutation",
    "Stream",
    "U64Array",
    "canonical_json",
    "derive_key",
    "mix64",
]

#: Version of the value algorithms. Bump it (with the golden hashes and a CHANGELOG line) whenever
#: any generator's output for the same key changes.
ALGORITHM_VERSION = "1"

U64Array = npt.NDArray[np.uint64]

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_TWO_POW_53 = float(2**53)
_INV_TWO_POW_53 = 2.0**-53


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same params always hash the same."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def derive_key(*parts: object) -> int:
    """A 64-bit key from a key path, stable across runs, machines and ``PYTHONHASHSEED``.

    Parts are joined unambiguously (each is length-prefixed) before hashing.
    """
    h = hashlib.blake2b(digest_size=8, person=b"datalchemy.v1")
    for part in parts:
        data = (part if isinstance(part, str) else canonical_json(part)).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return int.from_bytes(h.digest(), "little")


def mix64(x: U64Array) -> U64Array:
    """The SplitMix64 output function: a fast bijection of uint64 with full avalanche."""
    return _mixed(x.copy())


#: Rows mixed per step: the chunk and its scratch (256 KiB each) stay in a core's L2 cache, and
#: a 65,536-row block takes two steps of seven NumPy calls. 8,192 rows cost 30 % more per row
#: (the calls' overhead); whole blocks spill the cache. The result does not depend on it.
_MIX_CHUNK = 32768


def _mixed(z: U64Array | np.uint64) -> U64Array:
    """:func:`mix64` of ``z`` (a fresh array the caller gives up), written over it chunk by chunk.

    A NumPy scalar (what a ufunc returns for a scalar row) or an array that is not C-contiguous
    (a ufunc keeps the Fortran order of its input) has no flat view to write through: it is
    mixed as a C-ordered copy, returned as a scalar if it was one.
    """
    scalar = not isinstance(z, np.ndarray)
    out: U64Array = (
        z if isinstance(z, np.ndarray) and z.flags.c_contiguous else np.array(z, order="C")
    )
    flat = out.reshape(-1)  # a view, out being contiguous
    scratch = np.empty(min(flat.shape[0], _MIX_CHUNK), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, flat.shape[0], _MIX_CHUNK):
            c = flat[start : start + _MIX_CHUNK]
            tmp = scratch[: c.shape[0]]
            np.right_shift(c, _S30, out=tmp)
            c ^= tmp
            c *= _M1
            np.right_shift(c, _S27, out=tmp)
            c ^= tmp
            c *= _M2
            np.right_shift(c, _S31, out=tmp)
            c ^= tmp
    return out[()] if scalar else out


def _as_u64(rows: npt.ArrayLike) -> U64Array:
    r = np.asarray(rows)
    if r.dtype == np.int64:  # row indices: reinterpreted (the same bits as a cast), not copied
        return r.view(np.uint64)
    return r.astype(np.uint64, copy=False)


class Stream:
    """Counter-based uniform randomness for one key: ``words(rows)[i]`` depends on ``rows[i]`` only.

    Use :meth:`sub` for independent sub-streams (e.g. the second part of a composite value).
    """

    __slots__ = ("key",)

    def __init__(self, key: int) -> None:
        self.key = key & 0xFFFFFFFFFFFFFFFF

    def sub(self, name: str | int) -> Stream:
        """An independent stream derived from this one."""
        return Stream(derive_key(self.key, "sub", name))

    def words(self, rows: npt.ArrayLike) -> U64Array:
        """Uniform 64-bit words, one per row index."""
        with np.errstate(over="ignore"):
            x = np.multiply(_as_u64(rows), _GAMMA)  # a fresh array: mixed in place below
            x += np.uint64(self.key)
        return _mixed(x)

    def uniform(self, rows: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Uniform floats in ``[0, 1)`` with 53 bits of precision."""
        w = self.words(rows)
        w >>= _S11
        # Below 2**53 the int64 reading is the same number and converts faster; scaling by a
        # power of two is exact, so this equals dividing by 2**53.
        u = w.view(np.int64).astype(np.float64)
        u *= _INV_TWO_POW_53
        return u

    def integers(self, rows: npt.ArrayLike, low: int, high: int) -> npt.NDArray[np.int64]:
        """Uniform integers in ``[low, high]`` (inclusive); bias below ``(high-low+1) / 2**64``."""
        if high < low:
            raise ValueError(f"empty range [{low}, {high}]")
        span = high - low + 1
        w = self.words(rows)
        if span >= 2**64:
            return w.view(np.int64)
        # Wrapping uint64 addition, read back as int64, is exact for any [low, high] in int64.
        # w - (w // span) * span is w % span; NumPy divides uint64 by a scalar much faster than it
        # takes the remainder.
        q = w // np.uint64(span)
        with np.errstate(over="ignore"):
            q *= np.uint64(span)
            w -= q
            w += np.uint64(low & 0xFFFFFFFFFFFFFFFF)
        return w.view(np.int64)

    def choice(self, rows: npt.ArrayLike, n: int) -> npt.NDArray[np.int64]:
        """Uniform indices in ``[0, n)``."""
        return self.integers(rows, 0, n - 1)

    def weighted(self, rows: npt.ArrayLike, weights: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Indices drawn with the given (non-negative, not all zero) weights."""
        w = np.asarray(weights, dtype=np.float64)
        cdf = np.cumsum(w)
        cdf /= cdf[-1]
        idx = np.searchsorted(cdf, self.uniform(rows), side="right")
        return np.minimum(idx, len(w) - 1).astype(np.int64)

    def bernoulli(self, rows: npt.ArrayLike, p: float) -> npt.NDArray[np.bool_]:
        """True with probability ``p``."""
        n = np.shape(rows)
        if not p > 0:  # also NaN: uniform(rows) < p is then never true
            return np.zeros(n, dtype=np.bool_)
        if p >= 1:
            return np.ones(n, dtype=np.bool_)
        # uniform < p  <=>  w >> 11 < ceil(p * 2**53)  <=>  w < ceil(p * 2**53) << 11, exactly
        # (p * 2**53 is exact and below 2**53): the same draws without converting to floats.
        return self.words(rows) < np.uint64(math.ceil(p * _TWO_POW_53) << 11)

    def normal(
        self, rows: npt.ArrayLike, mean: float = 0.0, std: float = 1.0
    ) -> npt.NDArray[np.float64]:
        """Normal variates (Box-Muller over two sub-streams; one variate per row)."""
        u1 = self.sub("bm1").uniform(rows)
        u2 = self.sub("bm2").uniform(rows)
        r = np.sqrt(-2.0 * np.log1p(-u1))  # 1 - u1 is in (0, 1]
        return mean + std * r * np.cos(2.0 * np.pi * u2)

    def exponential(self, rows: npt.ArrayLike, scale: float = 1.0) -> npt.NDArray[np.float64]:
        return -scale * np.log1p(-self.uniform(rows))


class FeistelPermutation:
    """A keyed bijection of ``[0, n)``: distinct inputs give distinct outputs, all below ``n``.

    A 4-round balanced Feistel network over ``2**(2*half_bits) >= n`` (at most ``4 n`` values, so
    cycle walking takes fewer than 4 extra rounds on average), with SplitMix64 as round function.
    """

    ROUNDS = 4

    def __init__(self, n: int, key: int) -> None:
        if n <= 0:
            raise ValueError("a permutation needs n >= 1")
        if n > 2**62:
            raise ValueError("value spaces above 2**62 are not permuted; use a bijective mix")
        self.n = n
        bits = max(2, (n - 1).bit_length())
        self.half_bits = (bits + 1) // 2
        self._mask = np.uint64((1 << self.half_bits) - 1)
        self._shift = np.uint64(self.half_bits)
        self._round_keys = [np.uint64(derive_key(key, "feistel", r)) for r in range(self.ROUNDS)]

    def _once(self, x: U64Array) -> U64Array:
        # Each round in place over three arrays: no temporaries for NumPy to allocate and fault.
        left = x >> self._shift
        right = x & self._mask
        f = np.empty_like(right)
        for rk in self._round_keys:
            with np.errstate(over="ignore"):
                np.add(right, rk, out=f)
            _mixed(f)
            f &= self._mask
            left ^= f
            left, right = right, left
        left <<= self._shift
        left |= right
        return left

    def apply(self, indices: npt.ArrayLike) -> U64Array:
        """Map indices in ``[0, n)`` to their permuted positions in ``[0, n)``."""
        x = _as_u64(indices)
        if x.size and int(x.max()) >= self.n:
            raise ValueError(f"index out of range for a permutation of {self.n}")
        out = self._once(x.reshape(-1))  # cycle walking indexes flat positions
        pending = np.flatnonzero(out >= np.uint64(self.n))
        while pending.size:  # cycle walking: re-apply until the value falls inside [0, n)
            out[pending] = self._once(out[pending])
            pending = pending[out[pending] >= np.uint64(self.n)]
        return out.reshape(x.shape) if x.ndim else out[0]
