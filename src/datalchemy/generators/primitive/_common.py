"""What the ``primitive.*`` modules share: strict params, value-space caps, keyed bijections,
index casts and the integer-width check and limits."""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
import numpy.typing as npt
from pydantic import AfterValidator, ConfigDict

from datalchemy.contracts.common import Issue, Severity
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import FeistelPermutation
from datalchemy.generators.base import ColumnFacts, Params

__all__ = [
    "F64",
    "I64",
    "INT64_MAX",
    "INT64_MIN",
    "MAX_SPACE",
    "NUMERIC",
    "U64",
    "Finite",
    "StrictParams",
    "capped_space",
    "check_int_width",
    "int_width",
    "issue",
    "keyed_bijection",
    "mix62",
]


INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
#: Largest value space reported (the engine's keyed permutation works below 2**62).
MAX_SPACE = 2**62

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

#: Column families a number can fill.
NUMERIC = frozenset({TypeFamily.INTEGER, TypeFamily.DECIMAL, TypeFamily.FLOAT})


class StrictParams(Params):
    """Params with the original's strictness: unknown keys and wrong JSON types are errors."""

    model_config = ConfigDict(strict=True)


def issue(
    severity: Severity, code: str, message: str, path: str | None = None, hint: str | None = None
) -> Issue:
    """A plan issue about these params."""
    return Issue(severity=severity, code=code, path=path, message=message, hint=hint)


def capped_space(n: int) -> int:
    """A value space as reported to the engine: exact up to 2**62, then that safe lower bound."""
    return max(0, min(n, MAX_SPACE))


_MASK62 = np.uint64((1 << 62) - 1)


def mix62(x: U64, key: int) -> U64:
    """A keyed bijection of [0, 2**62): xor with the key, odd multiplies and xorshifts mod 2**62."""
    k = np.uint64(key & ((1 << 62) - 1))
    with np.errstate(over="ignore"):
        z = (x & _MASK62) ^ k
        z = (z * np.uint64(0xBF58476D1CE4E5B9)) & _MASK62
        z ^= z >> np.uint64(31)
        z = (z * np.uint64(0x94D049BB133111EB)) & _MASK62
        z ^= z >> np.uint64(29)
        z = (z * np.uint64(0x9E3779B97F4A7C15)) & _MASK62
        z ^= z >> np.uint64(32)
    return z


def keyed_bijection(idx: U64, n: int, key: int) -> U64:
    """A keyed bijection of ``[0, n)`` (``n <= 2**62``): distinct in, distinct out, all below n.

    Values built from the result look random even when the indices are 0, 1, 2, ...; a space of
    exactly 2**62 uses :func:`mix62` (no cycle walking needed).
    """
    x = np.asarray(idx).astype(np.uint64, copy=False).ravel()
    if n >= MAX_SPACE:
        return mix62(x, key)
    if n <= 1:
        return np.zeros_like(x)
    return FeistelPermutation(n, key).apply(x)


def int_width(facts: ColumnFacts) -> tuple[int, int] | None:
    """Smallest and largest value of the column's integer width (None: not an integer column)."""
    if facts.int_bits is None:
        return None
    bits = facts.int_bits
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def check_int_width(lo: int, hi: int, facts: ColumnFacts) -> list[Issue]:
    """A warning when ``[lo, hi]`` does not fit the column's integer width."""
    if facts.int_bits is None:
        return []
    bits = facts.int_bits
    wmin, wmax = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if lo < wmin or hi > wmax:
        return [
            issue(
                "warning",
                "range_exceeds_int_width",
                f"values in [{lo}, {hi}] do not all fit a {bits}-bit integer column "
                f"([{wmin}, {wmax}])",
                "/max" if hi > wmax else "/min",
                hint=f"keep min/max inside [{wmin}, {wmax}]",
            )
        ]
    return []


def _finite(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


Finite = Annotated[float, AfterValidator(_finite)]
