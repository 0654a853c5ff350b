"""Vocabularies: word lists with optional weights, drawn from by row, and their ASCII forms.

A :class:`Vocab` holds the values to pick from, their weights (a :class:`WeightedIndex`, or
None for uniform picks) and the distinct values for unique columns (``from_index``). Every
weighted pick of the catalog's word lists goes through :class:`WeightedIndex`.

Example:
    >>> import numpy as np
    >>> from datalchemy.determinism import Stream
    >>> v = Vocab.of(["Rua", "Avenida", "Rua"], [5, 2, 1])
    >>> v.size, v.at(np.array([1])).to_pylist()
    (2, ['Avenida'])
    >>> set(v.pick(Stream(1), np.arange(50)).to_pylist()) == {"Rua", "Avenida"}
    True
    >>> ascii_letters("D'Ávila"), ascii_fold("Indicação"), slug("Café Torrado 500g")
    ('davila', 'Indicacao', 'cafe-torrado-500g')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.determinism import Stream
from datalchemy.generators._arrow import concat_rows, take

__all__ = ["Vocab", "WeightedIndex", "ascii_fold", "ascii_letters", "join_picks", "slug"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class WeightedIndex:
    """A categorical distribution: normalized CDF plus a guide table for fast inversion.

    Bucket ``j`` of the guide holds the draws ``u`` in ``[j / K, (j + 1) / K)``; its entry is the
    first category whose CDF exceeds ``j / K``, bitwise negated (``~``) when a CDF value falls
    inside the bucket. A draw starts at its bucket's category and, in a negated bucket only,
    steps forward past every CDF value ``<= u``. ``K`` is a power of two, so ``j / K <= u`` holds
    exactly and the result equals ``searchsorted(cdf, u, "right")`` (capped at the last
    category), which is what :meth:`Stream.weighted` computes.

    The draw runs on the integer ``m = u * 2**53`` of :meth:`Stream.uniform` (``words >> 11``):
    the bucket is ``words >> (64 - GUIDE_BITS)`` and ``cdf[i] <= u`` is ``limits[i] <= m`` with
    ``limits = ceil(cdf * 2**53)`` (exact: scaling by a power of two), so no float is computed.
    ``limits[-1]`` is ``2**53``, above every ``m``: the last category stops the stepping.
    """

    cdf: F64
    guide: I64
    limits: U64

    GUIDE_BITS: ClassVar[int] = 14

    @classmethod
    def of(cls, weights: npt.ArrayLike) -> WeightedIndex:
        w = np.asarray(weights, dtype=np.float64)
        c = np.cumsum(w)
        cdf: F64 = c / c[-1]
        k = 1 << cls.GUIDE_BITS
        starts = np.arange(k, dtype=np.float64) / k
        first = np.minimum(np.searchsorted(cdf, starts, side="right"), cdf.shape[0] - 1)
        limits = np.ceil(cdf * 2.0**53).astype(np.uint64)
        # The largest m of bucket j is (j + 1) * 2**(53 - GUIDE_BITS) - 1.
        bucket_last = (np.arange(1, k + 1, dtype=np.uint64) << np.uint64(53 - cls.GUIDE_BITS)) - 1
        steps = limits[first] <= bucket_last
        return cls(cdf, np.where(steps, ~first, first).astype(np.int64), limits)

    def draw(self, stream: Stream, rows: npt.ArrayLike) -> I64:
        """One weighted category index per row."""
        w = stream.words(rows)
        idx: I64 = self.guide[(w >> np.uint64(64 - self.GUIDE_BITS)).view(np.int64)]
        pending = np.flatnonzero(idx < 0)
        idx[pending] = ~idx[pending]
        m = w[pending] >> np.uint64(11)
        while pending.size:
            step = self.limits[idx[pending]] <= m
            pending, m = pending[step], m[step]
            idx[pending] += 1
        return idx


@dataclass(frozen=True)
class Vocab:
    """Values to pick from (with optional weights) and their distinct values for ``from_index``."""

    values: pa.Array
    weights: WeightedIndex | None
    unique: pa.Array

    @classmethod
    def of(cls, values: Iterable[str], weights: Iterable[float] | None = None) -> Vocab:
        vals = [str(v) for v in values]
        if not vals:
            raise ValueError("empty vocabulary")
        dist = None if weights is None else WeightedIndex.of(list(weights))
        return cls(
            pa.array(vals, pa.string()), dist, pa.array(list(dict.fromkeys(vals)), pa.string())
        )

    @classmethod
    def from_data(cls, data: Any) -> Vocab:
        """A Faker element collection: an OrderedDict of weights, or a sequence (repeats weigh)."""
        if isinstance(data, Mapping):
            return cls.of(data.keys(), data.values())
        return cls.of(data)

    def __len__(self) -> int:
        return len(self.values)

    def index(self, s: Stream, rows: npt.ArrayLike) -> I64:
        """Indices into ``values``: weighted, or uniform without weights."""
        if self.weights is None:
            return s.choice(rows, len(self.values))
        return self.weights.draw(s, rows)

    def pick(self, s: Stream, rows: npt.ArrayLike) -> pa.Array:
        return take(self.values, self.index(s, rows))

    @property
    def size(self) -> int:
        """Number of distinct values."""
        return len(self.unique)

    def at(self, idx: npt.ArrayLike) -> pa.Array:
        """The distinct values at ``idx`` (injective on ``[0, size)``)."""
        return take(self.unique, idx)


def join_picks(parts: Sequence[tuple[pa.Array, npt.ArrayLike]]) -> pa.StringArray:
    """Row-wise concatenation of picks: row ``i`` is ``vocab[idx[i]]`` of every ``(vocab, idx)``
    (one :func:`~datalchemy.generators._arrow.concat_rows` over the vocabularies end to end).

    Example:
        >>> first, last = pa.array(["Ana ", "Rui "]), pa.array(["Lima", "Sá"])
        >>> join_picks([(first, [1, 0]), (last, [0, 1])]).to_pylist()
        ['Rui Lima', 'Ana Sá']
    """
    n = len(np.asarray(parts[0][1]))
    flat = np.empty((n, len(parts)), dtype=np.int64)
    start = 0
    for j, (vocab, idx) in enumerate(parts):
        np.add(idx, start, out=flat[:, j])
        start += len(vocab)
    return concat_rows(pa.concat_arrays([vocab for vocab, _ in parts]), flat)


def ascii_letters(text: str) -> str:
    """Lower-case ASCII letters only, accents dropped: ``"João Pedro"`` -> ``"joaopedro"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


def ascii_fold(text: str) -> str:
    """Accents dropped, everything else kept: ``"Indicação"`` -> ``"Indicacao"``."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    """URL slug: ``"Café Torrado 500g"`` -> ``"cafe-torrado-500g"``."""
    ascii_text = ascii_fold(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
