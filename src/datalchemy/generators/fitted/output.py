"""Numbers shaped for their column, and the inverse normal CDF the fitted shapes are built on.

:func:`column_numbers` turns float draws into what the column holds: exact decimals at its scale
(``decimal128``), whole numbers for integer columns, and floats rounded to ``scale`` places so a
``REAL`` prints ``1790.11`` rather than ``1790.1100000000001``. Values are clamped into the
column's precision first, so a ``numeric(5, 2)`` never gets 1000.

Example:
    >>> import numpy as np
    >>> from datalchemy.contracts.schema import TypeFamily
    >>> from datalchemy.generators.base import ColumnFacts
    >>> x = np.array([1790.1100000000001, 3.14159])
    >>> column_numbers(x, ColumnFacts(family=TypeFamily.FLOAT), 2).to_pylist()
    [1790.11, 3.14]
    >>> column_numbers(x, ColumnFacts(family=TypeFamily.DECIMAL, precision=5, scale=2), 2).to_pylist()
    [Decimal('999.99'), Decimal('3.14')]
    >>> [round(float(v), 4) for v in inverse_normal(np.array([0.025, 0.5, 0.975]))]
    [-1.96, 0.0, 1.96]
"""  # noqa: E501

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators._arrow import decimals_from_unscaled
from datalchemy.generators.base import ColumnFacts

__all__ = ["F64", "column_limits", "column_numbers", "inverse_normal", "normal_cdf"]

F64 = npt.NDArray[np.float64]

# Acklam's rational approximation of the inverse normal CDF (relative error below 1.2e-9).
_A = (-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
      -30.66479806614716, 2.506628277459239)  # fmt: skip
_B = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
      -13.28068155288572)  # fmt: skip
_C = (-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
      4.374664141464968, 2.938163982698783)  # fmt: skip
_D = (0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
_LOW = 0.02425


def _poly(coefs: tuple[float, ...], x: F64) -> F64:
    out = np.full_like(x, coefs[0])
    for c in coefs[1:]:
        out = out * x + c
    return out


def inverse_normal(p: F64) -> F64:
    """The standard normal quantile of each probability in ``(0, 1)`` (vectorized)."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-15, 1 - 1e-15)
    out = np.empty_like(p)
    low, high = p < _LOW, p > 1 - _LOW
    mid = ~(low | high)
    q = p[mid] - 0.5
    r = q * q
    out[mid] = _poly(_A, r) * q / (_poly(_B, r) * r + 1.0)
    for mask, sign in ((low, 1.0), (high, -1.0)):
        t = np.sqrt(-2.0 * np.log(np.where(sign > 0, p[mask], 1.0 - p[mask])))
        out[mask] = sign * _poly(_C, t) / (_poly(_D, t) * t + 1.0)
    return out


def normal_cdf(z: float) -> float:
    """The standard normal CDF at ``z``."""
    from math import erf, sqrt

    return 0.5 * (1.0 + erf(z / sqrt(2.0)))


def column_limits(facts: ColumnFacts) -> tuple[float, float]:
    """The smallest and largest number the column holds (integer width, ``numeric(p, s)``)."""
    if facts.family == TypeFamily.INTEGER:
        bits = facts.int_bits or 64
        return -(2.0 ** (bits - 1)), 2.0 ** (bits - 1) - 1
    if facts.family == TypeFamily.DECIMAL and facts.precision is not None:
        scale = facts.scale or 0
        top = 10.0 ** (facts.precision - scale) - 10.0 ** (-scale)
        return -top, top
    return -1e15, 1e15


def column_numbers(values: F64, facts: ColumnFacts, scale: int | None) -> pa.Array:
    """``values`` as the column's numbers: decimals at the column's scale (else ``scale``, else
    2) for decimal and money columns, whole numbers for integers, floats rounded to ``scale``
    places (unrounded when None) otherwise."""
    lo, hi = column_limits(facts)
    x = np.clip(np.asarray(values, dtype=np.float64), lo, hi)
    if facts.family == TypeFamily.INTEGER:
        return pa.array(np.rint(x).astype(np.int64), type=pa.int64())
    if facts.family not in (TypeFamily.DECIMAL, TypeFamily.MONEY):  # floats, or no column
        return pa.array(x if scale is None else np.round(x, scale), type=pa.float64())
    s = facts.scale if facts.scale is not None else (2 if scale is None else scale)
    if scale is not None:
        s = min(s, scale) if facts.scale is not None else scale
    bound = 9e18 / 10.0**s  # the unscaled integers stay inside int64
    unscaled = np.rint(np.clip(x, -bound, bound) * 10.0**s).astype(np.int64)
    if facts.scale is not None and s < facts.scale:  # fewer places than the column shows
        unscaled = unscaled * 10 ** (facts.scale - s)
        s = facts.scale
    return decimals_from_unscaled(unscaled, s)
