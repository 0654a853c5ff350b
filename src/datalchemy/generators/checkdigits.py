"""Check digits, vectorized: one function per published rule, each over a matrix of digits.

Digit matrices hold one code per row, most significant digit first (``digit_matrix`` builds
them). The weighted mod-11 rules of Brazilian documents differ only in what they write for the
remainders 0 and 1, so they share :func:`mod11`:

=====================  =========================================  ===========================
rule                   function                                   used by
=====================  =========================================  ===========================
mod 11, 10 -> 0        :func:`mod11_zero`                         CPF, CNPJ, PIS, RENAVAM,
                                                                  bank accounts
mod 11, 10 -> X        :func:`mod11` (10 is written ``X``)        SP RG, ISBN-10, agencies
mod 11, 0 and 10 -> 1  :func:`boleto_mod11`                       boleto barcode digit
UPU S10                :func:`s10`                                Correios tracking codes
Luhn (mod 10)          :func:`luhn`                               cards, boleto fields, ISIN
ISIN                   :func:`isin`                               ISIN (letters as 10-35)
EAN-13                 :func:`ean13`                              ISBN-13
=====================  =========================================  ===========================

Example:
    >>> from datalchemy.generators._arrow import digit_matrix
    >>> cpf = digit_matrix([529982247], 9)
    >>> mod11_zero(cpf, range(10, 1, -1)).tolist()  # 529.982.247-25
    [2]
    >>> luhn(digit_matrix([411111111111111], 15)).tolist()
    [1]
    >>> s10(digit_matrix([12472045], 8)).tolist()  # JT124720455BR
    [5]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

__all__ = [
    "boleto_mod11",
    "ean13",
    "isin",
    "luhn",
    "mod11",
    "mod11_zero",
    "s10",
    "weighted_sum",
    "weights_from_right",
]

I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
Digits = npt.NDArray[np.integer]

#: Luhn: the digit that replaces ``d`` when it is doubled (2d, minus 9 above 9).
_LUHN_DOUBLE = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9], dtype=np.uint8)
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
#: Largest weighted sum that float32 holds exactly.
_FLOAT32_EXACT = 2**24


def weighted_sum(digits: Digits, weights: Iterable[int]) -> I64:
    """Row-wise ``sum(digits[:, j] * weights[j])`` of small non-negative values."""
    w = np.asarray(list(weights), dtype=np.int64)
    if digits.dtype == np.uint8 and 255 * int(np.abs(w).sum()) < _FLOAT32_EXACT:
        # NOTE: a float32 matmul of byte digits runs in BLAS and is exact: every partial sum is
        # an integer below 2**24. Wider integer digits are faster as an int64 matmul.
        total = digits.astype(np.float32) @ w.astype(np.float32)
        return total.astype(np.int64)
    return np.asarray(digits.astype(np.int64, copy=False) @ w, dtype=np.int64)


def weights_from_right(width: int, cycle: Iterable[int] = range(2, 10)) -> list[int]:
    """Weights that repeat ``cycle`` from the rightmost digit leftwards (2, 3, ..., 9, 2, ...).

    Example:
        >>> weights_from_right(10)
        [3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    """
    c = list(cycle)
    return [c[i % len(c)] for i in range(width)][::-1]


def mod11(digits: Digits, weights: Iterable[int]) -> I64:
    """``(11 - weighted sum % 11) % 11``: 0-10, where 10 is the rule's special case."""
    return np.asarray((11 - weighted_sum(digits, weights) % 11) % 11, dtype=np.int64)


def mod11_zero(digits: Digits, weights: Iterable[int]) -> I64:
    """The usual mod-11 digit: 0 when the remainder is 0 or 1, else 11 - remainder."""
    dv = mod11(digits, weights)
    return np.where(dv == 10, 0, dv)


def boleto_mod11(digits: Digits) -> I64:
    """General digit of the 43 other boleto barcode digits (weights 2-9 from the right; 0, 10 and
    11 become 1)."""
    dv = mod11(digits, weights_from_right(digits.shape[1]))
    return np.where((dv == 0) | (dv == 10), 1, dv)


def s10(digits: Digits) -> I64:
    """UPU S10 digit of 8-digit serials (remainder 0 gives 5, 1 gives 0, else 11 - r)."""
    dv = mod11(digits, _S10_WEIGHTS)
    return np.where(dv == 0, 5, np.where(dv == 10, 0, dv))


def ean13(digits: Digits) -> I64:
    """EAN-13 / ISBN-13 digit of 12 digits (weights 1, 3, 1, 3, ...)."""
    return np.asarray((10 - weighted_sum(digits, [1, 3] * 6) % 10) % 10, dtype=np.int64)


def luhn(digits: Digits, present: npt.NDArray[np.bool_] | None = None) -> U8:
    """Luhn digit to append to each row of digits (the rightmost digit is doubled).

    ``present`` marks the slots that hold a digit (others are skipped, not read as 0), for
    codes whose digit strings have different lengths, such as an ISIN's.
    """
    d = np.asarray(digits, dtype=np.uint8)
    if present is None:
        total = _LUHN_DOUBLE[d[:, -1::-2]].sum(axis=1, dtype=np.int64)
        total += d[:, -2::-2].sum(axis=1, dtype=np.int64)
    else:
        rank = np.cumsum(present[:, ::-1], axis=1)[:, ::-1]  # 1 = the rightmost digit
        value = np.where(rank % 2 == 1, _LUHN_DOUBLE[d], d)
        total = np.where(present, value, 0).sum(axis=1, dtype=np.int64)
    return np.asarray((10 - total % 10) % 10, dtype=np.uint8)


def isin(values: Digits) -> U8:
    """ISIN digit of 11 characters given as values 0-35 (``0-9``, then ``A`` = 10 ... ``Z``).

    Each character becomes its decimal digits (``B`` = 11 gives 1, 1), then Luhn.

    Example:
        >>> body = np.array([[int(c, 36) for c in "US037833100"]])  # Apple Inc.
        >>> isin(body).tolist()
        [5]
    """
    v = np.asarray(values, dtype=np.int64)
    n, k = v.shape
    expanded = np.empty((n, 2 * k), dtype=np.uint8)
    expanded[:, 0::2] = v // 10
    expanded[:, 1::2] = v % 10
    present = np.ones((n, 2 * k), dtype=np.bool_)
    present[:, 0::2] = v >= 10
    return luhn(expanded, present)
