"""``semantic.finance.*``: BIC/SWIFT codes, ISINs and currencies."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.determinism import Stream, U64Array
from datalchemy.generators._arrow import (
    join,
    strings_from_matrix,
)
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.semantic.alias import (
    Alias,
    Kind,
    declare,
    kind,
    vocab_kind,
)
from datalchemy.generators.semantic.helpers import (
    chars,
    choose,
    fill,
    weighted,
)
from datalchemy.generators.semantic.locale_data import LocaleData

__all__: list[str] = []


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALNUM = _UPPER + "0123456789"
_BIC_COUNTRY = {"en": "US", "pt": "BR"}
_ISIN_COUNTRIES = (
    "US",
    "BR",
    "GB",
    "DE",
    "FR",
    "JP",
    "CA",
    "CH",
    "NL",
    "AU",
    "LU",
    "IE",
    "KY",
    "HK",
    "SE",
    "IT",
    "ES",
    "KR",
    "CN",
    "IN",
)
_ISIN_SPACE = len(_ISIN_COUNTRIES) * 36**9


def _b_bic(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    cc = _BIC_COUNTRY["pt" if d.lang == "pt" else "en"]
    bank = chars(s.words(rows), [_UPPER] * 4)
    tail = chars(s.sub("t").words(rows), [_ALNUM] * 5)
    country = [np.full(len(rows), ord(c), dtype=np.uint8) for c in cc]
    bic8 = fill("########", bank + country + tail[:2])
    kind = weighted(s.sub("k"), rows, (0.5, 0.2, 0.3))
    return choose(kind, [bic8, join([bic8, "XXX"]), fill("###########", bank + country + tail)])


def _isin(country: npt.NDArray[np.intp], body: U64Array) -> pa.Array:
    """ISINs from a country index and 9 base-36 digits, with the Luhn check digit, vectorized."""
    n = len(body)
    alphabet = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
    cc = np.frombuffer("".join(_ISIN_COUNTRIES).encode(), dtype=np.uint8).reshape(-1, 2)[country]
    vals = np.empty((n, 11), dtype=np.int64)  # character values 0-35
    vals[:, :2] = cc.astype(np.int64) - ord("A") + 10
    b = body.copy()
    for col in range(10, 1, -1):
        vals[:, col] = (b % np.uint64(36)).astype(np.int64)
        b //= np.uint64(36)
    # Expand to decimal digits, right to left; position 0 (rightmost) is doubled.
    total = np.zeros(n, dtype=np.int64)
    pos = np.zeros(n, dtype=np.int64)

    def add(digit: npt.NDArray[np.int64], where: npt.NDArray[np.bool_]) -> None:
        nonlocal total, pos
        doubled = digit * 2
        doubled = np.where(doubled > 9, doubled - 9, doubled)
        contrib = np.where(pos % 2 == 0, doubled, digit)
        total = total + np.where(where, contrib, 0)
        pos = pos + where.astype(np.int64)

    always = np.ones(n, dtype=bool)
    for col in range(10, -1, -1):
        v = vals[:, col]
        add(v % 10, always)
        add(v // 10, v >= 10)
    check = (10 - total % 10) % 10
    chars = alphabet[vals.astype(np.intp)]
    mat = np.empty((n, 12), dtype=np.uint8)
    mat[:, :11] = chars
    mat[:, 11] = (check + ord("0")).astype(np.uint8)
    return strings_from_matrix(mat)


def _i_isin(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    k = np.uint64(len(_ISIN_COUNTRIES))
    return _isin((idx % k).astype(np.intp), idx // k)


def _b_isin(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    return _i_isin(d, ctx, p, s.words(rows) % np.uint64(_ISIN_SPACE))


declare(
    __name__,
    [
        Alias(
            "semantic.finance.bic",
            "faker.finance.raw.Bic",
            Kind("A BIC/SWIFT code of the locale's country.", build=_b_bic),
        ),
        Alias(
            "semantic.finance.isin",
            "faker.finance.raw.Isin",
            Kind(
                "An ISIN with a valid check digit; unique by construction.",
                build=_b_isin,
                space=lambda d, ctx, p: _ISIN_SPACE,
                index=_i_isin,
                locale_free=True,
            ),
        ),
        Alias(
            "semantic.finance.currency_code",
            "faker.currency.raw.CurrencyCode",
            kind("An ISO 4217 code.", vocab_kind(lambda d: d.currencies[0])),
        ),
        Alias(
            "semantic.finance.currency_name",
            "faker.currency.raw.CurrencyName",
            kind("A currency name.", vocab_kind(lambda d: d.currencies[1])),
        ),
        Alias(
            "semantic.finance.currency_symbol",
            "faker.currency.raw.CurrencySymbol",
            Kind("A currency symbol.", build=vocab_kind(lambda d: d.currencies[2])[0]),
        ),
    ],
)
