"""``semantic.place.*``: places of the world that agree within a row (country, state, city,
postcode, phone, time zone).

About 200 cities of 22 countries (``assets/common/world_places.tsv``: the largest cities of the
United States with their ZIP prefix and area code, and of Canada, Europe, Latin America, Asia,
Oceania and Africa with their postcode format), weighted by population. Every generator of the
family draws a *city*; columns of one table that name the same ``group`` draw the same city in
each row, so ``city``, ``state``, ``postcode``, ``phone`` and ``country`` make sense together.
``country`` keeps to one country (``US``), ``home`` with ``home_share`` makes one country the
usual one (most customers of a Brazilian shop live in Brazil) while others still appear.

Country names follow the locale (``Estados Unidos`` in ``pt_BR``); the rest is as the country
writes it. Postcodes fill the city's pattern (``#`` a digit, ``?`` a letter): ``100##`` gives New
York ZIP codes, ``M5V #?#`` Toronto postal codes.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> rows = np.arange(4)
    >>> def col(gen_id, column):
    ...     gen = get_generator(gen_id)
    ...     ctx = GenContext.for_column(seed=3, table="shop.customer", column=column)
    ...     return gen.generate(ctx, gen.parse_params({"group": "a", "country": "US"}), rows)
    >>> cities = col("semantic.place.city", "city").to_pylist()
    >>> states = col("semantic.place.state_code", "state").to_pylist()
    >>> all(state in {"NY", "CA", "IL", "TX"} or len(state) == 2 for state in states)
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from datalchemy.contracts.common import Issue
from datalchemy.determinism import Stream
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import join, strings_from_matrix, take, vocabulary
from datalchemy.generators.base import ColumnFacts, GenContext, Generator, Params, Rows
from datalchemy.generators.fixed_text import masked_number
from datalchemy.generators.registry import define
from datalchemy.generators.semantic_br.base import group_field, group_stream
from datalchemy.generators.vocab import WeightedIndex

__all__ = ["PlaceParams", "World", "pick_places", "world"]

I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class World:
    """The cities of ``world_places.tsv`` as columns, ready to draw and take from."""

    country: pa.Array
    country_en: pa.Array
    country_pt: pa.Array
    calling: pa.Array
    state_code: pa.Array
    state: pa.Array
    city: pa.Array
    area: pa.Array
    timezone: pa.Array
    countries: tuple[str, ...]
    country_of: tuple[str, ...]
    population: npt.NDArray[np.float64]
    us_style_phone: npt.NDArray[np.bool_]
    pattern: U8  # postcode patterns, one row per city, NUL-padded
    pattern_len: I64
    longest: dict[str, int]


@cache
def world() -> World:
    """The world places, loaded once."""
    rows = assets.rows("common", "world_places.tsv")
    col = list(zip(*rows, strict=True))
    patterns = [r[8].encode("utf-8") for r in rows]
    width = max(len(p) for p in patterns)
    matrix = np.zeros((len(rows), width), dtype=np.uint8)
    for i, p in enumerate(patterns):
        matrix[i, : len(p)] = np.frombuffer(p, dtype=np.uint8)
    return World(
        country=vocabulary(col[0]),
        country_en=vocabulary(col[1]),
        country_pt=vocabulary(col[2]),
        calling=vocabulary(col[3]),
        state_code=vocabulary(col[4]),
        state=vocabulary(col[5]),
        city=vocabulary(col[6]),
        area=vocabulary(col[9]),
        timezone=vocabulary(col[10]),
        countries=tuple(sorted(set(col[0]))),
        country_of=tuple(col[0]),
        population=np.asarray([float(x) for x in col[7]]),
        us_style_phone=np.asarray([c in ("US", "CA") for c in col[0]]),
        pattern=matrix,
        pattern_len=np.asarray([len(p) for p in patterns], dtype=np.int64),
        longest={
            "country": max(len(x) for x in col[1] + col[2]),
            "state": max(len(x) for x in col[5]),
            "state_code": max(len(x) for x in col[4]),
            "city": max(len(x) for x in col[6]),
            "postcode": width,
            "timezone": max(len(x) for x in col[10]),
            "phone": 20,
        },
    )


@cache
def _cities_of(country: str | None) -> tuple[I64, WeightedIndex]:
    w = world()
    idx = np.asarray(
        [i for i, c in enumerate(w.country_of) if country is None or c == country], dtype=np.int64
    )
    return idx, WeightedIndex.of(w.population[idx])


class PlaceParams(Params):
    group: str | None = group_field()
    country: str | None = Field(
        None, description="Only places of this country (ISO 3166 alpha-2 code such as US)."
    )
    home: str | None = Field(
        None, description="The usual country (ISO code): home_share of the rows are there."
    )
    home_share: float = Field(0.8, ge=0, le=1, description="Share of rows in the home country.")

    @field_validator("country", "home")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        if value is not None and value not in world().countries:
            raise ValueError(f"no places of {value!r}; known: {', '.join(world().countries)}")
        return value


def pick_places(stream: Stream, params: PlaceParams, rows: Rows) -> I64:
    """The city (row of ``world_places.tsv``) of each row, by population."""
    idx, dist = _cities_of(params.country)
    picked = idx[dist.draw(stream.sub("city"), rows)]
    if params.home is None or params.country is not None:
        return picked
    home_idx, home_dist = _cities_of(params.home)
    at_home = stream.sub("home").bernoulli(rows, params.home_share)
    return np.where(at_home, home_idx[home_dist.draw(stream.sub("home-city"), rows)], picked)


@cache
def _longest(part: str, country: str | None) -> int:
    """The longest value of ``part`` among the cities that can be drawn."""
    w = world()
    idx, _ = _cities_of(country)
    if part in ("postcode", "phone"):
        return w.longest[part]
    if part == "country":
        names = [*take(w.country_en, idx).to_pylist(), *take(w.country_pt, idx).to_pylist()]
        return max(len(n) for n in names)
    if part == "country_code":
        return 2
    return max(len(v) for v in take(getattr(w, part), idx).to_pylist())


def _city_stream(ctx: GenContext, gen_id: str, params: PlaceParams) -> Stream:
    if params.group is not None:
        return group_stream(ctx, params.group).sub("world-place")
    return ctx.stream(gen_id, params, "place")


def _postcodes(stream: Stream, cities: I64, rows: Rows) -> pa.Array:
    w = world()
    m = w.pattern[cities].copy()
    shifts = (np.arange(m.shape[1], dtype=np.uint64) * np.uint64(4))[None, :]
    digits = stream.sub("digits").words(rows)[:, None] >> shifts
    letters = stream.sub("letters").words(rows)
    letter_codes = np.empty_like(m)
    for j in range(m.shape[1]):  # loops over the pattern width, not over rows
        letter_codes[:, j] = ord("A") + ((letters >> np.uint64((j * 5) % 60)) % np.uint64(26))
    digit_codes = (ord("0") + (digits % np.uint64(10))).astype(np.uint8)
    m = np.where(m == ord("#"), digit_codes, m)
    m = np.where(m == ord("?"), letter_codes, m)
    return strings_from_matrix(m, w.pattern_len[cities])


def _phones(stream: Stream, cities: I64, rows: Rows) -> pa.Array:
    w = world()
    first = stream.sub("exchange").integers(rows, 200, 999)
    line = stream.sub("line").integers(rows, 0, 9999)
    area = take(w.area, cities)
    ex, ln = take(_numbers(1000, 3), first), take(_numbers(10000, 4), line)
    us = join(["(", area, ") ", ex, "-", ln])
    world_style = join(["+", take(w.calling, cities), " ", area, " ", ex, " ", ln])
    return pc.if_else(pa.array(w.us_style_phone[cities]), us, world_style)


@cache
def _numbers(n: int, width: int) -> pa.Array:
    return masked_number(np.arange(n), "#" * width)


class _Place(Generator[PlaceParams]):
    """A part of the row's place; subclasses name the part (``part``)."""

    params_model = PlaceParams
    pii = pii.LOCATION
    part: ClassVar[str] = "city"

    def generate(self, ctx: GenContext, params: PlaceParams, rows: Rows) -> pa.Array:
        stream = _city_stream(ctx, self.id, params)
        cities = pick_places(stream, params, rows)
        w = world()
        own = ctx.stream(self.id, params)
        if self.part == "postcode":
            return _postcodes(own, cities, rows)
        if self.part == "phone":
            return _phones(own, cities, rows)
        if self.part == "country":
            names = w.country_pt if ctx.locale.lower().startswith("pt") else w.country_en
            return take(names, cities)
        if self.part == "country_code":
            return take(w.country, cities)
        column: pa.Array = getattr(w, self.part)
        return take(column, cities)

    def check(self, params: PlaceParams, facts: ColumnFacts) -> list[Issue]:
        longest = _longest(self.part, params.country)
        if facts.length is None or longest <= facts.length:
            return []
        return [
            Issue(
                severity="warning",
                code="value_too_long",
                message=f"{self.id} makes values up to {longest} characters; the column "
                f"holds {facts.length}",
                hint="use a wider column or a shorter part (a code rather than a name)",
            )
        ]


_PARTS: tuple[tuple[str, str, str], ...] = (
    ("city", "City", "A city of the world (or of one country), by population."),
    ("state", "State", "The state, province or region of the row's city."),
    ("state_code", "StateCode", "The state / province code of the row's city (NY, ON)."),
    ("country", "Country", "The country of the row's city, named in the locale's language."),
    ("country_code", "CountryCode", "The ISO 3166 alpha-2 code of the row's country."),
    ("postcode", "Postcode", "A postcode in the format of the row's city (100##, M5V #?#)."),
    ("phone", "Phone", "A phone number with the area code of the row's city."),
    ("timezone", "Timezone", "The IANA time zone of the row's city."),
)

for _part, _name, _summary in _PARTS:
    define(
        _Place,
        f"Place{_name}",
        __name__,
        id=f"semantic.place.{_part}",
        summary=_summary,
        part=_part,
        __doc__=_summary,
    )
