"""Which parent row each child row points to, and unique keys by construction.

Every function here maps row indices to indices and is a pure function of (key, row): a block can
be computed alone, and a child can recompute any parent's key for the parent row it picked.

- :class:`ParentPicker` picks a parent row per child row for one foreign key, following the plan's
  cardinality: ``uniform`` and ``zipf`` draw per row; ``fixed`` and ``range`` (and every FK that is
  part of a composite UNIQUE key) use a *grouped* layout: each parent gets a deterministic number
  of children laid out contiguously, so a row also knows its rank among its siblings.
- :func:`mixed_radix` splits a permuted index over several value spaces (composite keys).

Example:
    >>> import numpy as np
    >>> from datalchemy.contracts.plan import Cardinality
    >>> p = ParentPicker(key=1, parent_rows=3, child_rows=7,
    ...                  cardinality=Cardinality(distribution="range", min=1, max=4))
    >>> parents, ranks = p.pick(np.arange(7))
    >>> bool((np.diff(parents) >= 0).all()), int(ranks[0])
    (True, 0)
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from datalchemy.constraints.keys import MAX_SPACE
from datalchemy.contracts.plan import Cardinality
from datalchemy.determinism import FeistelPermutation, Stream, derive_key
from datalchemy.errors import GenerationError

__all__ = ["MAX_SPACE", "ParentPicker", "grouped_counts", "mixed_radix", "ordered_pair"]

I64 = npt.NDArray[np.int64]


def grouped_counts(key: int, parents: int, total: int, card: Cardinality) -> I64:
    """Children per parent (length ``parents``, summing to ``total``), deterministic in ``key``.

    ``fixed``: ``per_parent`` each (the last parents get fewer when ``total`` is smaller, and the
    request is infeasible when larger); ``range``: uniform in [min, max], rescaled to ``total``;
    ``zipf``: proportional to ``1 / rank**s`` over a keyed order of parents; ``uniform``: as even
    as possible with keyed jitter.
    """
    if parents <= 0:
        if total:
            raise GenerationError(
                "fk_no_parents",
                f"{total} child rows need a parent, but the parent table has no rows",
                hint="give the parent table rows in the plan, or make the FK nullable",
            )
        return np.zeros(0, dtype=np.int64)
    stream = Stream(derive_key(key, "counts"))
    idx = np.arange(parents, dtype=np.int64)
    if card.distribution == "fixed":
        per = int(card.per_parent or 0)
        if per * parents < total:
            raise GenerationError(
                "fk_cardinality_infeasible",
                f"{parents} parents x {per} children each < {total} child rows",
                hint="raise per_parent, add parent rows, or lower the child rows",
            )
        counts = np.full(parents, per, dtype=np.int64)
        return _trim_to(counts, total)
    if card.distribution == "range":
        lo, hi = int(card.min or 0), int(card.max or 0)
        weights = stream.integers(idx, lo, hi).astype(np.float64)
    elif card.distribution == "zipf":
        s = float(card.s or 1.2)
        rank = FeistelPermutation(parents, derive_key(key, "zipf")).apply(idx).astype(np.float64)
        weights = 1.0 / np.power(rank + 1.0, s)
    else:
        weights = 1.0 + 0.5 * stream.uniform(idx)
    return _apportion(weights, total)


def _trim_to(counts: I64, total: int) -> I64:
    """Lower counts from the end so they sum to ``total`` (counts already sum to >= total)."""
    excess = int(counts.sum()) - total
    i = len(counts) - 1
    while excess > 0 and i >= 0:  # loops over parents, bounded by their number, not by rows
        take = min(excess, int(counts[i]))
        counts[i] -= take
        excess -= take
        i -= 1
    return counts


def _apportion(weights: npt.NDArray[np.float64], total: int) -> I64:
    """Integer counts proportional to ``weights`` summing to ``total`` (largest remainder)."""
    if total == 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    if short:
        order = np.lexsort((np.arange(len(weights)), -(exact - counts)))  # stable tie-break
        counts[order[:short]] += 1
    return np.asarray(counts, dtype=np.int64)


class ParentPicker:
    """Parent row (and rank among siblings, when grouped) for every child row of one FK."""

    def __init__(
        self,
        *,
        key: int,
        parent_rows: int,
        child_rows: int,
        cardinality: Cardinality,
        grouped: bool = False,
        one_to_one: bool = False,
    ) -> None:
        self.key = key
        self.parent_rows = parent_rows
        self.child_rows = child_rows
        self.one_to_one = one_to_one
        self.stream = Stream(derive_key(key, "pick"))
        self.grouped = grouped or cardinality.distribution in ("fixed", "range")
        self._starts: I64 | None = None
        self._cdf: npt.NDArray[np.float64] | None = None
        self._perm: FeistelPermutation | None = None
        if parent_rows <= 0 and child_rows > 0:
            grouped_counts(key, parent_rows, child_rows, cardinality)  # raises the clear error
        if one_to_one:
            if child_rows > parent_rows:
                raise GenerationError(
                    "fk_cardinality_infeasible",
                    f"a one-to-one foreign key needs child rows ({child_rows}) <= parent rows "
                    f"({parent_rows})",
                    hint="lower the child rows or raise the parent rows",
                )
            if parent_rows:
                self._perm = FeistelPermutation(parent_rows, derive_key(key, "1:1"))
        elif self.grouped:
            counts = grouped_counts(key, parent_rows, child_rows, cardinality)
            self._starts = np.concatenate(([0], np.cumsum(counts)))[:-1].astype(np.int64)
            self.max_children = int(counts.max()) if len(counts) else 0
        elif cardinality.distribution == "zipf" and parent_rows > 0:
            s = float(cardinality.s or 1.2)
            rank = FeistelPermutation(parent_rows, derive_key(key, "zipf"))
            order = rank.apply(np.arange(parent_rows)).astype(np.float64)
            cdf = np.cumsum(1.0 / np.power(order + 1.0, s))
            self._cdf = cdf / cdf[-1]

    def pick(self, rows: I64) -> tuple[I64, I64]:
        """(parent row, rank among the parent's children; -1 when not grouped) per child row."""
        rows = np.asarray(rows, dtype=np.int64)
        none = np.full(len(rows), -1, dtype=np.int64)
        if self.parent_rows <= 0:
            return none, none
        if self._perm is not None:
            return self._perm.apply(rows).astype(np.int64), np.zeros(len(rows), dtype=np.int64)
        if self._starts is not None:
            parents = np.searchsorted(self._starts, rows, side="right").astype(np.int64) - 1
            return parents, rows - self._starts[parents]
        if self._cdf is not None:
            u = self.stream.uniform(rows)
            parents = np.minimum(np.searchsorted(self._cdf, u, side="right"), self.parent_rows - 1)
            return parents.astype(np.int64), none
        return self.stream.integers(rows, 0, self.parent_rows - 1), none


def mixed_radix(index: npt.NDArray[np.uint64], spaces: list[int]) -> list[npt.NDArray[np.uint64]]:
    """Split ``index`` (< product of ``spaces``) into one digit per space, last space fastest."""
    digits: list[npt.NDArray[np.uint64]] = []
    rest = index.astype(np.uint64, copy=True)
    for space in reversed(spaces):
        s = np.uint64(space)
        digits.append(rest % s)
        rest //= s
    return digits[::-1]


def ordered_pair(index: npt.NDArray[np.uint64], n: int) -> tuple[I64, I64]:
    """The ``index``-th pair ``(i, j)`` with ``0 <= i < j < n`` (lexicographic), for every index
    below ``n * (n - 1) / 2``: a bijection, so distinct indices give distinct pairs.

    Example:
        >>> import numpy as np
        >>> i, j = ordered_pair(np.arange(6, dtype=np.uint64), 4)
        >>> list(zip(i.tolist(), j.tolist()))
        [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    """
    total = n * (n - 1) // 2
    idx = index.astype(np.int64)

    def start(row: I64) -> I64:
        """Pairs before row ``row``: ``total - (n - row)(n - row - 1) / 2``."""
        r = row.astype(np.int64)
        return np.asarray(total - (n - r) * (n - r - 1) // 2, dtype=np.int64)

    # Invert start() with a square root, then correct the float estimate by one either way.
    rest = (total - 1 - idx).astype(np.float64)
    i = n - 2 - np.floor((np.sqrt(8.0 * rest + 1.0) - 1.0) / 2.0).astype(np.int64)
    i = np.clip(i, 0, max(n - 2, 0))
    i = np.where(start(i) > idx, i - 1, i)
    i = np.where(start(i + 1) <= idx, i + 1, i)
    j = idx - start(i) + i + 1
    return i.astype(np.int64), j.astype(np.int64)
