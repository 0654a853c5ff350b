"""``domain.finance.card_number``: Luhn-valid card numbers with real IIN prefixes by brand."""

from __future__ import annotations

import itertools
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.generators import checkdigits, pii
from datalchemy.generators._arrow import (
    digit_matrix,
    strings_from_matrix,
)
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.registry import register

__all__ = ["CardNumber", "CardParams"]


U64 = npt.NDArray[np.uint64]
#: Column families an amount fits.


def _ranges(spec: str) -> list[str]:
    """``"51-55 2221"`` → ``["51", ..., "55", "2221"]``."""
    out: list[str] = []
    for span in spec.split():
        lo, _, hi = span.partition("-")
        out += [str(p) for p in range(int(lo), int(hi or lo) + 1)]
    return out


#: Elo IIN ranges outside Visa's 4 (from the published Elo BIN table).
_ELO_IINS = (
    "504175 506699-506778 509000-509999 627780 636297 636368 650031-650033 650035-650051 "
    "650405-650439 650485-650538 650541-650598 650700-650718 650720-650727 650901-650920 "
    "651652-651679 655000-655019 655021-655058"
)


#: Real IIN prefixes by brand: (prefixes, card length). Within a length the prefixes are
#: prefix-free, so distinct (prefix, body) pairs give distinct numbers. Elo's co-branded ranges
#: that start with 4 are left out because they would overlap Visa's ``4``.
_CARD_IINS: dict[str, tuple[list[str], int]] = {
    "visa": (["4"], 16),
    "mastercard": (_ranges("51-55 2221-2720"), 16),
    "elo": (_ranges(_ELO_IINS), 16),
    "amex": (["34", "37"], 15),
}
_BRANDS = ("visa", "mastercard", "elo", "amex")
#: Share of each brand in ``brand: any`` (Brazilian market, roughly).
_BRAND_WEIGHTS = (0.35, 0.45, 0.15, 0.05)


class _IinTable:
    """Prefixes of one or more brands with the cumulative sizes of their number spaces."""

    def __init__(self, brands: tuple[str, ...]) -> None:
        prefixes: list[int] = []
        body_digits: list[int] = []
        lengths: list[int] = []
        for brand in brands:
            plist, length = _CARD_IINS[brand]
            for p in plist:
                prefixes.append(int(p))
                body_digits.append(length - len(p) - 1)
                lengths.append(length)
        self.prefix = np.array(prefixes, dtype=np.uint64)
        self.body_digits = np.array(body_digits, dtype=np.int64)
        self.length = np.array(lengths, dtype=np.int64)
        self.scale = np.array([10**d for d in body_digits], dtype=np.uint64)
        sizes = [10**d for d in body_digits]
        self.starts = np.array([0, *itertools.accumulate(sizes)][:-1], dtype=np.uint64)
        self.size = sum(sizes)

    def numbers(self, idx: U64) -> pa.Array:
        entry = np.searchsorted(self.starts, idx, side="right") - 1
        body = idx - self.starts[entry]
        payload = self.prefix[entry] * self.scale[entry] + body
        digits = np.empty((idx.shape[0], 16), dtype=np.uint8)
        digits[:, :15] = digit_matrix(payload, 15)
        digits[:, 15] = checkdigits.luhn(digits[:, :15])
        digits += np.uint8(48)
        return strings_from_matrix(digits, self.length[entry], align="right")


class CardParams(Params):
    brand: Literal["visa", "mastercard", "elo", "amex", "any"] = Field(
        "any", description="Card brand; `any` mixes them by Brazilian market share."
    )


@register
class CardNumber(Generator[CardParams]):
    """Card numbers valid under Luhn, with real IIN prefixes (Visa 4, Mastercard 51-55 and
    2221-2720, Elo 5067/509/6362/650..., Amex 34/37 with 15 digits).

    Unique by construction: ``from_index`` enumerates (prefix, body) pairs of the brand(s).
    """

    id = "domain.finance.card_number"
    summary = "Credit card number (Luhn-valid, real IIN prefixes by brand)."
    params_model = CardParams
    pii = pii.CARD

    @cached_property
    def _tables(self) -> dict[str, _IinTable]:
        tables = {b: _IinTable((b,)) for b in _BRANDS}
        tables["any"] = _IinTable(_BRANDS)
        return tables

    def generate(self, ctx: GenContext, params: CardParams, rows: Rows) -> pa.Array:
        stream = ctx.stream(self.id, params)
        if params.brand != "any":
            table = self._tables[params.brand]
            return table.numbers(stream.integers(rows, 0, table.size - 1).astype(np.uint64))
        # Pick a brand by market share, then a uniform number of that brand.
        brand = stream.sub("brand").weighted(rows, _BRAND_WEIGHTS)
        words = stream.sub("body").words(rows)
        sizes = np.array([self._tables[b].size for b in _BRANDS], dtype=np.uint64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.uint64)
        idx = offsets[brand] + words % sizes[brand]
        return self._tables["any"].numbers(idx)

    def value_space(self, ctx: GenContext, params: CardParams) -> int | None:
        return int(self._tables[params.brand].size)

    def from_index(self, ctx: GenContext, params: CardParams, idx: U64) -> pa.Array:
        return self._tables[params.brand].numbers(idx.astype(np.uint64))
