"""determinism: a row's draw is a function of its index alone, whatever the layout of the rows
given (a scalar, a list, a transposed or Fortran-ordered array)."""

from __future__ import annotations

import numpy as np
import pytest

from datalchemy.determinism import FeistelPermutation, Stream, mix64

GRID = np.arange(24, dtype=np.int64).reshape(4, 6) * 7919
LAYOUTS = {
    "c_order": GRID,
    "transposed": GRID.T,
    "fortran": np.asfortranarray(GRID),
    "reversed": GRID[::-1, ::-1],
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_draws_do_not_depend_on_the_layout_of_the_rows(layout: str) -> None:
    rows = LAYOUTS[layout]
    flat = np.ascontiguousarray(rows).reshape(-1)
    s = Stream(12345)
    for draw in (s.words, s.uniform, lambda r: s.integers(r, -5, 5), lambda r: s.bernoulli(r, 0.3)):
        assert np.array_equal(draw(rows), draw(flat).reshape(rows.shape))
    assert np.array_equal(
        mix64(rows.view(np.uint64)), mix64(flat.view(np.uint64)).reshape(rows.shape)
    )
    for size in (4**5, 3 * 4**5 + 1):  # without and with cycle walking
        perm = FeistelPermutation(size, 7)
        assert np.array_equal(perm.apply(rows % size), perm.apply(flat % size).reshape(rows.shape))


@pytest.mark.parametrize("row", [0, 7, np.int64(7), np.uint64(2**64 - 1)])
def test_a_scalar_row_draws_what_it_draws_in_an_array(row: int) -> None:
    s = Stream(99)
    as_array = np.array([row], dtype=np.asarray(row).dtype)
    assert s.words(row) == s.words(as_array)[0]
    assert s.uniform(row) == s.uniform(as_array)[0]
    assert s.integers(row, 0, 10**6) == s.integers(as_array, 0, 10**6)[0]
    assert s.bernoulli(row, 0.5) == s.bernoulli(as_array, 0.5)[0]
    assert mix64(np.uint64(5)) == mix64(np.array([5], np.uint64))[0]
    for size in (4**5, 3 * 4**5 + 1):
        perm = FeistelPermutation(size, 7)
        assert perm.apply(int(row) % size) == perm.apply([int(row) % size])[0]


def _splitmix64(x: int) -> int:
    """SplitMix64's output function on Python integers: the reference the chunked mix must match."""
    mask = 2**64 - 1
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


@pytest.mark.parametrize("n", [1, 32_767, 32_768, 32_769, 100_003])
def test_the_mix_is_the_same_across_its_chunks(n: int) -> None:
    """Arrays are mixed in cache-sized chunks: every value, at every chunk edge, is SplitMix64's."""
    x = (np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(2**63 + 12345)
    edges = (8_191, 8_192, 32_767, 32_768, 65_535, 65_536)  # of chunks old and new
    picks = sorted({0, n // 2, n - 1, *(e for e in edges if e < n)})
    assert [int(v) for v in mix64(x)[picks]] == [_splitmix64(int(x[i])) for i in picks]
