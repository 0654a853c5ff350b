"""The fixed-width text builder (fixed_text) and the digit helpers of _arrow built on it, checked
against plain Python formatting (f-strings and string slicing)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pytest

from datalchemy.generators._arrow import ascii_digits, digit_matrix, hex_digits
from datalchemy.generators.fixed_text import (
    FixedLayout,
    ascii_number,
    fixed_layout,
    masked,
    masked_number,
)

U8 = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]


def _fill(mask: str, texts: list[str]) -> str:
    """Reference: the characters of ``texts`` (joined) into the ``#`` slots of ``mask``."""
    chars = iter("".join(texts))
    return "".join(next(chars) if ch == "#" else ch for ch in mask)


def _as_matrix(texts: list[str], width: int) -> U8:
    return np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8).reshape(-1, width)


def _random_mask(rng: np.random.Generator, slots: int) -> str:
    """``slots`` ``#`` with literal runs (possibly empty) between and around them."""
    out = []
    for _ in range(slots):
        out.append("".join(rng.choice(list(".-/ :()X"), rng.integers(0, 3) * rng.integers(0, 2))))
        out.append("#")
    out.append("".join(rng.choice(list(".-/"), rng.integers(0, 3))))
    return "".join(out)


@pytest.mark.parametrize("width", range(1, 21))
def test_ascii_number_is_zero_padded_digits(width: int) -> None:
    rng = np.random.default_rng(width)
    top = 2**64 - 1 if width == 20 else 10**width - 1
    ends = np.array([0, top], dtype=np.uint64)
    values = np.concatenate([rng.integers(0, top, 300, dtype=np.uint64, endpoint=True), ends])
    words = ascii_number(values, width)
    assert words.shape == ((302,) if width <= 8 else (302, -(-width // 8)))
    text = [f"{v:0{width}d}" for v in values.tolist()]
    raw = words.reshape(302, -1).view(np.uint8)
    assert [bytes(r).decode() for r in raw[:, :width]] == text
    assert not raw[:, width:].any()  # bytes past the width are zero
    assert masked_number(values, "#" * width).to_pylist() == text
    assert ascii_digits(values, width).tobytes() == "".join(text).encode()
    assert digit_matrix(values, width).tolist() == [[int(c) for c in t] for t in text]


def test_digit_helpers_keep_the_last_digits_and_take_any_input() -> None:
    values = np.array([123456789, 7, 10**19 + 5], dtype=np.uint64)
    assert [bytes(r).decode() for r in ascii_digits(values, 4)] == ["6789", "0007", "0005"]
    assert digit_matrix(np.array([98765], dtype=np.int64)[::-1], 3).tolist() == [[7, 6, 5]]
    assert ascii_digits([42], 23).tobytes() == b"0" * 21 + b"42"
    assert digit_matrix([42], 0).shape == (1, 0)
    v = np.arange(10, dtype=np.uint64) * np.uint64(0x0123_4567_89AB_CDEF // 9)
    for width in range(1, 17):
        expected = [f"{x:016x}"[-width:] for x in v.tolist()]
        assert [bytes(r).decode() for r in hex_digits(v, width)] == expected


def test_property_random_layouts_against_python() -> None:
    """Random masks and field splits; each field as words or as an ASCII matrix, contiguous or
    not: the text equals the f-string reference."""
    rng = np.random.default_rng(7)
    for case in range(300):
        n = int(rng.choice([1, 2, 3, 17, 300]))
        widths = [int(w) for w in rng.integers(1, 13, rng.integers(1, 5))]
        mask = _random_mask(rng, sum(widths))
        values = [rng.integers(0, 10**w, n, dtype=np.uint64) for w in widths]
        pairs = zip(values, widths, strict=True)
        texts = [[f"{v:0{w}d}" for v in vals.tolist()] for vals, w in pairs]
        fields: list[U64 | U8] = []
        for vals, w, t in zip(values, widths, texts, strict=True):
            form = (case + len(fields)) % 5
            if form == 0:
                fields.append(ascii_number(vals, w))
            elif form == 4:  # words every other row of a larger array
                fields.append(np.repeat(ascii_number(vals, w), 2, axis=0)[::2])
            elif form == 1:  # a matrix
                fields.append(_as_matrix(t, w))
            elif form == 2:  # a matrix inside a wider one (rows strided)
                wide = np.zeros((n, w + 5), dtype=np.uint8)
                wide[:, 2 : w + 2] = _as_matrix(t, w)
                fields.append(wide[:, 2 : w + 2])
            else:  # a Fortran-ordered matrix (columns contiguous)
                fields.append(np.asfortranarray(_as_matrix(t, w)))
        got = FixedLayout(mask, widths).render(fields)
        assert got.type == pa.string()
        expected = [_fill(mask, [t[r] for t in texts]) for r in range(n)]
        assert got.to_pylist() == expected, (mask, widths)


@pytest.mark.parametrize("n", [0, 1, 65_536, 65_537])
@pytest.mark.parametrize("mask", ["##.###.###/####-##", "#" * 14, "#####-###", "#-#", "###"])
def test_masks_over_block_sizes(n: int, mask: str) -> None:
    k = mask.count("#")
    values = (np.arange(n, dtype=np.uint64) * np.uint64(7_919_993)) % np.uint64(10**k)
    got = masked_number(values, mask)
    assert len(got) == n and got.type == pa.string()
    step = max(1, n // 500)  # a sample of rows, the last included
    picks = sorted({*range(0, n, step), n - 1} - {-1})
    assert [got[i].as_py() for i in picks] == [
        _fill(mask, [f"{int(values[i]):0{k}d}"]) for i in picks
    ]
    chars = ascii_digits(values, k)
    assert masked(chars, mask).equals(got)
    assert masked(np.ascontiguousarray(chars), mask).equals(got)


def test_layout_of_literals_only_and_words_made_by_hand() -> None:
    assert masked(np.zeros((3, 0), dtype=np.uint8), "abc").to_pylist() == ["abc"] * 3
    assert masked(np.zeros((2, 0), dtype=np.uint8), "").to_pylist() == ["", ""]
    check = np.array([ord("X"), ord("7")], dtype=np.uint64)  # one character per word
    got = FixedLayout("########-#", (8, 1)).render([ascii_number([1, 2], 8), check])
    assert got.to_pylist() == ["00000001-X", "00000002-7"]
    layout = FixedLayout.from_parts(["#", 6, " ½"])  # a literal # and UTF-8
    hexed = _as_matrix(["00ff10", "abcdef"], 6)
    assert layout.render([hexed]).to_pylist() == ["#00ff10 ½", "#abcdef ½"]


def test_layout_errors() -> None:
    with pytest.raises(ValueError, match="widths"):
        FixedLayout("##-#", (2, 2))
    layout = fixed_layout("##-#", (2, 1))
    assert fixed_layout("##-#", (2, 1)) is layout  # built once
    words = ascii_number([1, 2], 2)
    with pytest.raises(ValueError, match="expected 2 fields"):
        layout.render([words])
    with pytest.raises(ValueError, match="shape"):
        layout.render([words, np.zeros((2, 2), dtype=np.uint8)])
    with pytest.raises(ValueError, match="uint64 words"):
        layout.render([words, np.zeros(2, dtype=np.int64)])
    with pytest.raises(ValueError, match="mask does not match"):
        masked(np.zeros((2, 3), dtype=np.uint8), "##")
    with pytest.raises(ValueError, match="1-20"):
        ascii_number([1], 21)
