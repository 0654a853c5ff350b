"""``semantic.address.*``: cities, states, countries, postal codes, streets, buildings."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from datalchemy.determinism import Stream, U64Array
from datalchemy.generators import pii
from datalchemy.generators._arrow import (
    int_strings,
    join,
)
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.semantic.alias import (
    Alias,
    Kind,
    Native,
    declare,
    kind,
    vocab_kind,
)
from datalchemy.generators.semantic.helpers import (
    chars,
    choose,
    digit_cols,
    fill,
    optional,
    weighted,
)
from datalchemy.generators.semantic.locale_data import LocaleData, pt_secondary_formats

__all__: list[str] = []


def _b_city(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    last = d.last.pick(s.sub("l"), rows)
    suffix = d.city_suffix.pick(s.sub("suf"), rows)
    if d.lang == "pt":  # Faker pt_BR: 4x {last}, 3x {last} {suffix}, 1x {last} de {last}
        arrays = [
            last,
            join([last, " ", suffix]),
            join([last, " de ", d.last.pick(s.sub("l2"), rows)]),
        ]
        weights: tuple[float, ...] = (4, 3, 1)
    else:
        first = d.first.pick(s.sub("f"), rows)
        prefix = d.city_prefix.pick(s.sub("pre"), rows)
        arrays = [
            join([prefix, " ", first, suffix]),
            join([prefix, " ", first]),
            join([first, suffix]),
            join([last, suffix]),
        ]
        weights = (1, 1, 1, 1)
    return choose(weighted(s.sub("fmt"), rows, weights), arrays)


def _postal(plus4: bool) -> Native:
    def zip5(d: LocaleData) -> tuple[int, int]:
        return (1_000_000, 99_999_999) if d.lang == "pt" else (501, 99_950)

    def fmt(d: LocaleData, v: npt.NDArray[np.int64]) -> pa.Array:
        if d.lang == "pt":
            return fill("#####-###", digit_cols(v, 8))
        return fill("#####", digit_cols(v, 5))

    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        lo, hi = zip5(d)
        base = fmt(d, s.integers(rows, lo, hi))
        if plus4 and d.lang != "pt":
            four = fill("-####", digit_cols(s.sub("p4").integers(rows, 0, 9999), 4))
            return join([base, optional(s.sub("h4").bernoulli(rows, 0.2), four)])
        return base

    def space(d: LocaleData, ctx: GenContext, p: Any) -> int:
        lo, hi = zip5(d)
        return hi - lo + 1

    def index(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
        return fmt(d, idx.astype(np.int64) + zip5(d)[0])

    return Native(build, space, index)


def _b_street(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    kind = d.street_type.pick(s.sub("t"), rows)
    first = d.first.pick(s.sub("f"), rows)
    last = d.last.pick(s.sub("l"), rows)
    fmt = s.sub("fmt").choice(rows, 3 if d.lang == "pt" else 2)
    if d.lang == "pt":  # Faker pt_BR: {type} {last} | {type} {first} {last} | {type} de {last}
        arrays = [
            join([kind, " ", last]),
            join([kind, " ", first, " ", last]),
            join([kind, " de ", last]),
        ]
    else:
        arrays = [join([first, " ", kind]), join([last, " ", kind])]
    return choose(fmt, arrays)


def _building(d: LocaleData) -> tuple[tuple[int, ...], tuple[float, ...]]:
    # widths and their weights, from Faker's formats (en: ###/####/#####; pt: %, %#, %##)
    return ((1, 2, 3), (0.2, 0.6, 0.2)) if d.lang == "pt" else ((3, 4, 5), (1, 1, 1))


def _b_building(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    widths, weights = _building(d)
    w = np.asarray(widths)[weighted(s.sub("w"), rows, weights)]
    lo = 10 ** (w - 1)
    v = lo + (s.words(rows) % (9 * lo).astype(np.uint64)).astype(np.int64)
    return int_strings(v)


def _s_building(d: LocaleData, ctx: GenContext, p: Any) -> int:
    widths, _ = _building(d)
    return int(10 ** max(widths) - 10 ** (min(widths) - 1))


def _i_building(d: LocaleData, ctx: GenContext, p: Any, idx: U64Array) -> pa.Array:
    widths, _ = _building(d)
    return int_strings(idx.astype(np.int64) + 10 ** (min(widths) - 1))


def _pattern(template: str, s: Stream, rows: Rows, letters: str = "ABCDEFGH") -> pa.Array:
    """Faker's bothify, vectorized for ASCII: ``#`` 0-9, ``%`` 1-9, ``?`` one of ``letters``."""
    alphabets = {"#": "0123456789", "%": "123456789", "?": letters}
    holes = [alphabets[ch] for ch in template if ch in alphabets]
    cols = chars(s.words(rows), holes)
    return fill("".join("#" if ch in alphabets else ch for ch in template), cols)


def _b_secondary(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    formats = pt_secondary_formats() if d.lang == "pt" else d.attr("secondary_address_formats")
    arrays = [_pattern(str(f), s.sub(i), rows) for i, f in enumerate(formats)]
    return choose(s.sub("fmt").choice(rows, len(arrays)), arrays)


declare(
    __name__,
    [
        Alias(
            "semantic.address.city",
            "faker.address.raw.CityName",
            Kind("A city name (Faker's patterns).", pii.LOCATION, _b_city),
        ),
        Alias(
            "semantic.address.state",
            "faker.address.raw.StateName",
            kind("A state name.", vocab_kind(lambda d: d.states[0]), pii.LOCATION),
        ),
        Alias(
            "semantic.address.state_abbr",
            "faker.address.raw.StateAbbr",
            kind("A state abbreviation.", vocab_kind(lambda d: d.states[1]), pii.LOCATION),
        ),
        Alias(
            "semantic.address.country",
            "faker.address.raw.CountryName",
            kind("A country name.", vocab_kind(lambda d: d.countries), pii.LOCATION),
        ),
        Alias(
            "semantic.address.country_code",
            "faker.address.raw.CountryCode",
            kind(
                "An ISO 3166 alpha-2 country code.",
                vocab_kind(lambda d: d.country_codes),
                pii.LOCATION,
            ),
        ),
        Alias(
            "semantic.address.postcode",
            "faker.address.raw.PostCode",
            kind("A postal code (CEP 12345-678 in pt_BR).", _postal(True), pii.LOCATION),
        ),
        Alias(
            "semantic.address.zipcode",
            "faker.address.raw.ZipCode",
            kind("A 5-digit ZIP code (CEP in pt_BR).", _postal(False), pii.LOCATION),
        ),
        Alias(
            "semantic.address.street",
            "faker.address.raw.StreetName",
            Kind("A street name (Rua ... in pt_BR).", pii.ADDRESS, _b_street),
        ),
        Alias(
            "semantic.address.street_suffix",
            "faker.address.raw.StreetSuffix",
            kind(
                "A street type (Avenue; Rua, Avenida in pt_BR).",
                vocab_kind(lambda d: d.street_type),
                pii.ADDRESS,
            ),
        ),
        Alias(
            "semantic.address.building_number",
            "faker.address.raw.BuildingNumber",
            Kind("A building number.", pii.ADDRESS, _b_building, _s_building, _i_building),
        ),
        Alias(
            "semantic.address.secondary",
            "faker.address.raw.SecondaryAddress",
            Kind("An apartment or suite (Apt. 123; Apto. 101).", pii.ADDRESS, _b_secondary),
        ),
        Alias(
            "semantic.address.secondary_type",
            "faker.address.raw.SecondaryAddressType",
            kind(
                "A secondary address type (Apt., Suite; Apto., Sala).",
                vocab_kind(lambda d: d.secondary_types),
                pii.ADDRESS,
            ),
        ),
        Alias(
            "semantic.address.timezone",
            "faker.address.raw.TimeZone",
            kind(
                "An IANA time zone (Faker's country weighting).",
                vocab_kind(lambda d: d.timezones),
                pii.LOCATION,
            ),
        ),
    ],
)
