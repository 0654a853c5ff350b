"""Values defined by a format: colors, ISBNs, HTTP status codes, markdown and lorem words, and
dates as text (``semantic.color.*``, ``.barcode.*``, ``.http.*``, ``.markdown.*``,
``.lorem.word``, ``.time.*``)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream, U64Array
from datalchemy.generators._arrow import (
    ascii_digits,
    hex_digits,
    int_strings,
    join,
    strings_from_matrix,
    take,
)
from datalchemy.generators.base import TEXTUAL, GenContext, Rows
from datalchemy.generators.fixed_text import FixedLayout
from datalchemy.generators.semantic.alias import (
    Alias,
    Build,
    Kind,
    Native,
    declare,
    kind,
    vocab_kind,
)
from datalchemy.generators.semantic.helpers import word_kind
from datalchemy.generators.semantic.locale_data import LocaleData

__all__: list[str] = []


# ---- colors ----------------------------------------------------------------------------------


_HEX_COLOR = FixedLayout.from_parts(["#", 6])


def _hex_color(v: U64Array) -> pa.Array:
    return _HEX_COLOR.render([hex_digits(v, 6)])


def _rgb(v: U64Array) -> pa.Array:
    r, g, b = ((v >> np.uint64(sh)) & np.uint64(255) for sh in (16, 8, 0))
    return join(
        [
            "rgb(",
            int_strings(r.astype(np.int64)),
            ",",
            int_strings(g.astype(np.int64)),
            ",",
            int_strings(b.astype(np.int64)),
            ")",
        ]
    )


_HSL_SPACE = 360 * 101 * 101


def _hsl(v: U64Array) -> pa.Array:
    h = (v % np.uint64(360)).astype(np.int64)
    r = v // np.uint64(360)
    sat = (r % np.uint64(101)).astype(np.int64)
    lum = (r // np.uint64(101)).astype(np.int64)
    return join(["hsl(", int_strings(h), ", ", int_strings(sat), "%, ", int_strings(lum), "%)"])


# ---- ISBNs -----------------------------------------------------------------------------------

_ISBN_GROUPS = {"en": ("0", "1"), "pt": ("65", "85")}  # English; Brazil


def _isbn_groups(d: LocaleData) -> tuple[str, ...]:
    return _ISBN_GROUPS["pt" if d.lang == "pt" else "en"]


def _registrant_len(first_body_digit: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Registrant length from the first digit after the group (a simplified ISBN range table)."""
    return np.select(
        [first_body_digit <= 1, first_body_digit <= 6, first_body_digit <= 8], [2, 3, 4], 5
    )


def _isbn(d: LocaleData, group: npt.NDArray[np.intp], body: U64Array, thirteen: bool) -> pa.Array:
    groups = _isbn_groups(d)
    glen = len(groups[0])
    blen = 9 - glen
    n = len(body)
    prefix = "978" if thirteen else ""
    head = np.stack([np.frombuffer((prefix + g).encode(), dtype=np.uint8) for g in groups])[group]
    digits = np.concatenate([head - ord("0"), ascii_digits(body, blen) - ord("0")], axis=1).astype(
        np.int64
    )
    if thirteen:
        weights = np.tile([1, 3], 6)
        check = (10 - (digits @ weights) % 10) % 10
        check_char = (check + ord("0")).astype(np.uint8)
    else:
        total = digits @ np.arange(10, 1, -1)
        check = (11 - total % 11) % 11
        check_char = np.where(check == 10, ord("X"), check + ord("0")).astype(np.uint8)
    src = np.empty((n, digits.shape[1] + 2), dtype=np.uint8)
    src[:, :-2] = (digits + ord("0")).astype(np.uint8)
    src[:, -2] = check_char
    src[:, -1] = ord("-")
    hyphen, check_col = src.shape[1] - 1, src.shape[1] - 2
    p = len(prefix)
    layouts = []
    for reg in (2, 3, 4, 5):  # prefix-group-registrant-publication-check
        cols: list[int] = []
        if p:
            cols += [*range(p), hyphen]
        cols += [*range(p, p + glen), hyphen]
        cols += [*range(p + glen, p + glen + reg), hyphen]
        cols += [*range(p + glen + reg, p + glen + blen), hyphen, check_col]
        layouts.append(cols)
    maps = np.asarray(layouts, dtype=np.intp)
    reg_len = _registrant_len(digits[:, p + glen])
    out = np.take_along_axis(src, maps[reg_len - 2], axis=1)
    return strings_from_matrix(out)


def _isbn_kind(thirteen: bool) -> Native:
    def space(d: LocaleData, ctx: GenContext, p: Any) -> int:
        groups = _isbn_groups(d)
        return int(len(groups) * 10 ** (9 - len(groups[0])))

    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        k = np.uint64(len(_isbn_groups(d)))
        return _isbn(d, (idx % k).astype(np.intp), idx // k, thirteen)

    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return index(d, ctx, p, s.words(rows) % np.uint64(space(d, ctx, p)))

    return Native(build, space, index)


# ---- HTTP codes, lorem and markdown words, dates ---------------------------------------------


@functools.cache
def _http_codes() -> pa.Array:
    from faker.providers.internet import Provider

    return pa.array([str(c) for c in Provider.http_assigned_codes], pa.string())


def _b_wrapped(left: str, right: str) -> Build:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        return join([left, d.words.pick(s, rows), right])

    return build


def _b_link(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    text = d.words.pick(s.sub("t"), rows)
    host = d.words.pick(s.sub("h"), rows)
    return join(["[", text, "](https://www.", host, ".", d.tlds.pick(s.sub("tld"), rows), "/)"])


_EPOCH = dt.date(1970, 1, 1)


def _days(ctx: GenContext) -> int:
    return max(0, (ctx.base_date - _EPOCH).days)


def _date_text(days: npt.NDArray[np.int64]) -> pa.Array:
    return pc.cast(pa.array(days.astype(np.int32), pa.date32()), pa.string())


def _datetime_text(seconds: npt.NDArray[np.int64]) -> pa.Array:
    ts = pa.array(seconds, pa.timestamp("s"))
    return pc.strftime(ts, format="%Y-%m-%dT%H:%M:%S")


_TIME_KINDS: dict[str, Native] = {
    "date": Native(
        lambda d, ctx, p, s, rows: _date_text(s.integers(rows, 0, _days(ctx))),
        lambda d, ctx, p: _days(ctx) + 1,
        lambda d, ctx, p, idx: _date_text(idx.astype(np.int64)),
    ),
    "datetime": Native(
        lambda d, ctx, p, s, rows: _datetime_text(s.integers(rows, 0, _days(ctx) * 86400)),
        lambda d, ctx, p: _days(ctx) * 86400 + 1,
        lambda d, ctx, p, idx: _datetime_text(idx.astype(np.int64)),
    ),
}


declare(
    __name__,
    [
        Alias(
            "semantic.color.hex",
            "faker.color.raw.HexColor",
            kind("A #rrggbb color.", word_kind(_hex_color, 2**24), locale_free=True),
        ),
        Alias(
            "semantic.color.rgb",
            "faker.color.raw.RgbColor",
            kind("An rgb(r,g,b) color.", word_kind(_rgb, 2**24), locale_free=True),
        ),
        Alias(
            "semantic.color.hsl",
            "faker.color.raw.HslColor",
            kind("An hsl(h, s%, l%) color.", word_kind(_hsl, _HSL_SPACE), locale_free=True),
        ),
        Alias(
            "semantic.barcode.isbn10",
            "faker.barcode.raw.Isbn10",
            kind("A hyphenated ISBN-10 with a valid check digit.", _isbn_kind(False)),
        ),
        Alias(
            "semantic.barcode.isbn13",
            "faker.barcode.raw.Isbn13",
            kind("A hyphenated ISBN-13 with a valid check digit.", _isbn_kind(True)),
        ),
        Alias(
            "semantic.http.status_code",
            "faker.http.raw.ValidStatusCode",
            Kind(
                "An assigned HTTP status code (200, 404, ...).",
                build=lambda d, ctx, p, s, rows: take(
                    _http_codes(), s.choice(rows, len(_http_codes()))
                ),
                space=lambda d, ctx, p: len(_http_codes()),
                index=lambda d, ctx, p, idx: take(_http_codes(), idx),
                locale_free=True,
                fits=TEXTUAL | {TypeFamily.INTEGER},
            ),
        ),
        Alias(
            "semantic.lorem.word",
            "faker.lorem.raw.Word",
            kind("A lorem word.", vocab_kind(lambda d: d.words)),
        ),
        Alias(
            "semantic.markdown.bold",
            "faker.markdown.raw.BoldWord",
            Kind("A **bold** word.", build=_b_wrapped("**", "**")),
        ),
        Alias(
            "semantic.markdown.italic",
            "faker.markdown.raw.ItalicWord",
            Kind("An *italic* word.", build=_b_wrapped("*", "*")),
        ),
        Alias(
            "semantic.markdown.link",
            "faker.markdown.raw.Link",
            Kind("A [word](https://...) link.", build=_b_link),
        ),
        Alias(
            "semantic.time.date",
            "faker.time.raw.Date",
            kind(
                "A date from 1970-01-01 to base_date (ISO text).",
                _TIME_KINDS["date"],
                locale_free=True,
                fits=TEXTUAL | {TypeFamily.DATE},
            ),
        ),
        Alias(
            "semantic.time.datetime",
            "faker.time.raw.DateTime",
            kind(
                "A UTC datetime from 1970 to base_date (YYYY-MM-DDTHH:MM:SS).",
                _TIME_KINDS["datetime"],
                locale_free=True,
                fits=TEXTUAL | {TypeFamily.TIMESTAMP},
            ),
        ),
    ],
)
