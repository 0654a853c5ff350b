"""What the ``primitive.*`` modules share: strict params, value-space caps, index casts and
the integer-width check."""

from __future__ import annotations

import math
from typing import Annotated

import numpy as np
import numpy.typing as npt
from pydantic import AfterValidator, ConfigDict

from datalchemy.contracts.common import Issue, Severity
from datalchemy.contracts.schema import TypeFamily
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
    "issue",
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
