"""generators.checkdigits against scalar implementations written from the published rules, on
published examples and on random codes."""

from __future__ import annotations

import numpy as np
import pytest

from datalchemy.generators import checkdigits as cd
from datalchemy.generators._arrow import digit_matrix

RNG = np.random.default_rng(2024)


def _digits(text: str) -> np.ndarray:
    return np.array([[int(c, 36) for c in text]], dtype=np.int64)


def _mod11(digits: list[int], weights: list[int]) -> int:
    return (11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11) % 11


def _luhn(digits: list[int]) -> int:
    total = 0
    for pos, d in enumerate(reversed(digits)):
        if pos % 2 == 0:  # the digit next to the check digit is doubled
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return (10 - total % 10) % 10


@pytest.mark.parametrize(
    ("body", "weights", "expected"),
    [
        ("529982247", range(10, 1, -1), 2),  # CPF 529.982.247-25, first digit
        ("5299822472", range(11, 1, -1), 5),  # second digit
        ("112223330001", (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), 8),  # CNPJ 11.222.333/0001-81
        ("1122233300018", (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), 1),
    ],
)
def test_mod11_zero_on_published_documents(body: str, weights: range, expected: int) -> None:
    assert cd.mod11_zero(_digits(body), weights).tolist() == [expected]


def test_mod11_rules_against_the_scalar_rule() -> None:
    for width in (4, 8, 9, 10, 12, 43):
        digits = RNG.integers(0, 10, (2000, width))
        weights = cd.weights_from_right(width)
        expected = [_mod11(list(row), weights) for row in digits.tolist()]
        assert cd.mod11(digits, weights).tolist() == expected
        assert cd.mod11_zero(digits, weights).tolist() == [0 if e == 10 else e for e in expected]
    barcode = RNG.integers(0, 10, (2000, 43))
    expected = [_mod11(list(r), cd.weights_from_right(43)) for r in barcode.tolist()]
    assert cd.boleto_mod11(barcode).tolist() == [1 if e in (0, 10) else e for e in expected]


def test_weighted_sum_is_exact_in_both_paths() -> None:
    digits = RNG.integers(0, 36, (500, 13))
    weights = list(range(2, 15))
    exact = (digits @ np.array(weights)).tolist()
    assert cd.weighted_sum(digits, weights).tolist() == exact  # float32 (BLAS) path
    big = [70_000] * 13  # 255 * sum(weights) >= 2**24: the int64 path
    assert cd.weighted_sum(digits, big).tolist() == (digits @ np.array(big)).tolist()


def test_luhn_ean_s10_isin() -> None:
    assert cd.luhn(digit_matrix([411111111111111], 15)).tolist() == [1]  # 4111 1111 1111 1111
    payloads = RNG.integers(0, 10, (2000, 15))
    assert cd.luhn(payloads).tolist() == [_luhn(list(r)) for r in payloads.tolist()]
    assert cd.ean13(_digits("978030640615")).tolist() == [7]  # ISBN 978-0-306-40615-7
    assert cd.s10(digit_matrix([12472045], 8)).tolist() == [5]  # JT124720455BR
    assert cd.isin(_digits("US037833100")).tolist() == [5]  # Apple Inc., US0378331005
    bodies = RNG.integers(0, 36, (2000, 11))
    for row, got in zip(bodies.tolist(), cd.isin(bodies).tolist(), strict=True):
        expanded = [int(c) for v in row for c in str(v)]
        assert got == _luhn(expanded)


def test_weights_from_right() -> None:
    assert cd.weights_from_right(3) == [4, 3, 2]
    assert cd.weights_from_right(10)[-8:] == [9, 8, 7, 6, 5, 4, 3, 2]
    assert cd.weights_from_right(4, (1, 2)) == [2, 1, 2, 1]
