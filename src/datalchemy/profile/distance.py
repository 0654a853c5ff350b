"""Distances between distributions known only by safe statistics (quantiles, shares).

Example:
    >>> ks_from_quantiles([0, 1, 2, 3], [0.0, 1.0, 2.0, 3.0])
    0.0
    >>> round(tvd({"a": 0.5, "b": 0.5}, {"a": 0.7, "b": 0.3}), 2)
    0.2
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ks_from_quantiles", "tvd"]


def _mixture_cdf(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """CDF at ``x`` of the distribution that spreads equal mass uniformly between consecutive
    quantile knots (a zero-width step is an atom): what the inverse CDF through the knots
    draws, so source and generated sides are read alike."""
    lo, hi = knots[:-1], knots[1:]
    width = hi - lo
    d = x[:, None] - lo[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(width > 0, np.clip(d / np.where(width > 0, width, 1), 0, 1), d >= 0)
    out: np.ndarray = frac.mean(axis=1)
    return out


def ks_from_quantiles(a: Sequence[float], b: Sequence[float]) -> float:
    """The Kolmogorov-Smirnov distance of two distributions known by quantile knots."""
    qa, qb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(qa) < 2 or len(qb) < 2:
        return 0.0 if len(qa) == len(qb) and np.array_equal(qa, qb) else 1.0
    knots = np.unique(np.concatenate([qa, qb]))
    eps = np.maximum(np.abs(knots), 1.0) * 1e-9
    xs = np.concatenate([knots, knots - eps])
    return round(float(np.max(np.abs(_mixture_cdf(xs, qa) - _mixture_cdf(xs, qb)))), 6)


def tvd(a: dict[str, float], b: dict[str, float]) -> float:
    """Total variation distance of two categorical distributions (shares)."""
    keys = set(a) | set(b)
    return 0.5 * sum(abs(a.get(k, 0.0) - b.get(k, 0.0)) for k in keys)
