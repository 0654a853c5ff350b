"""Brazilian places: the states (UF) and 550+ cities weighted by population with their IBGE
code, DDD and CEP ranges (``assets/pt_BR``); ``semantic.br.uf``, ``.city`` and ``.cep``.

:func:`sample_places` draws the city that every member of a row-agreement group shares."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.determinism import Stream
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import take, vocabulary
from datalchemy.generators.base import GenContext, Params, Rows, as_i64
from datalchemy.generators.fixed_text import masked_number
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    UF_CODES,
    BrGenerator,
    UfCode,
    formatted_field,
    group_field,
    max_chars,
    place_stream,
    uf_field,
)
from datalchemy.generators.vocab import WeightedIndex

__all__ = ["Cep", "City", "Places", "Uf", "cep_of_cities", "cep_text", "places", "sample_places"]


I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


def _prefix_ranges(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        lo, hi = part.split("-")
        out.append((int(lo), int(hi)))
    return out


class _Distributions(Mapping[str | None, WeightedIndex]):
    """UF (None: all) -> population distribution over its span, each built when first drawn
    from (a run draws from one or two of the 28)."""

    def __init__(self, population: F64, span: dict[str | None, tuple[int, int]]) -> None:
        self._population = population
        self._span = span
        self._built: dict[str | None, WeightedIndex] = {}

    def __getitem__(self, uf: str | None) -> WeightedIndex:
        dist = self._built.get(uf)
        if dist is None:
            lo, hi = self._span[uf]
            dist = self._built[uf] = WeightedIndex.of(self._population[lo:hi])
        return dist

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._span)

    def __len__(self) -> int:
        return len(self._span)


@dataclass(frozen=True)
class Places:
    """The states and cities of ``assets/pt_BR`` (``ufs.tsv``, ``cities.tsv``), ready to draw.

    The CEP prefixes are assigned when first read (only CEP columns read them)."""

    city: pa.Array  # city names, cities sorted by (UF, name)
    city_uf: pa.Array  # "Campinas - SP"
    city_names: tuple[str, ...]
    uf_of_city: I64  # index into UF_CODES
    population: F64
    ddd: I64
    uf_code: pa.Array
    uf_name: pa.Array
    uf_names: tuple[str, ...]
    uf_ddds: dict[str, tuple[int, ...]]
    span: dict[str | None, tuple[int, int]]  # UF (None: all) -> [lo, hi) of its cities
    dist: Mapping[str | None, WeightedIndex]  # UF -> population distribution over its span
    # per city in order: (name, UF, its own CEP prefix ranges or ""); per UF: its ranges
    cep_sources: tuple[tuple[str, str, str], ...] = field(repr=False)
    uf_cep_ranges: dict[str, tuple[tuple[int, int], ...]] = field(repr=False)

    @property
    def cep_prefix(self) -> I64:
        """5-digit CEP prefixes of every city, concatenated in city order."""
        return self._ceps[0]

    @property
    def cep_first(self) -> I64:
        """Per city: offset of its first prefix in ``cep_prefix``."""
        return self._ceps[1]

    @property
    def cep_count(self) -> I64:
        """Per city: number of prefixes."""
        return self._ceps[2]

    @cached_property
    def _ceps(self) -> tuple[I64, I64, I64]:
        return _cep_prefixes(self.cep_sources, self.uf_cep_ranges)


def _cep_prefixes(
    cities: tuple[tuple[str, str, str], ...], uf_ranges: dict[str, tuple[tuple[int, int], ...]]
) -> tuple[I64, I64, I64]:
    """(prefixes, first, count): a city's own ranges when known, else an equal share of its
    state's free ones."""
    n = len(cities)
    prefixes: list[list[int]] = [[] for _ in range(n)]
    for uf in UF_CODES:
        members = [i for i in range(n) if cities[i][1] == uf]
        taken: set[int] = set()
        for i in members:
            if cities[i][2]:
                for lo, hi in _prefix_ranges(cities[i][2]):
                    prefixes[i].extend(range(lo, hi + 1))
                taken.update(prefixes[i])
        free = [p for lo, hi in uf_ranges[uf] for p in range(lo, hi + 1) if p not in taken]
        unknown = [i for i in members if not cities[i][2]]
        for k, i in enumerate(unknown):
            share = free[k * len(free) // len(unknown) : (k + 1) * len(free) // len(unknown)]
            if not share:
                raise ValueError(f"cities.tsv: no free CEP prefixes left for {cities[i][0]}")
            prefixes[i] = share
    counts = np.asarray([len(p) for p in prefixes], dtype=np.int64)
    first = np.zeros(n, dtype=np.int64)
    first[1:] = np.cumsum(counts)[:-1]
    return np.asarray([p for ps in prefixes for p in ps], dtype=np.int64), first, counts


@cache
def places() -> Places:
    """The places data, loaded once."""
    ufs = assets.rows("pt_BR", "ufs.tsv")
    if tuple(r[0] for r in ufs) != UF_CODES:
        raise ValueError("ufs.tsv must list the 27 UFs in code order")
    uf_ranges = {r[0]: tuple(_prefix_ranges(r[3])) for r in ufs}
    uf_ddds = {r[0]: tuple(int(d) for d in r[4].split(",")) for r in ufs}
    uf_pos = {code: i for i, code in enumerate(UF_CODES)}
    # name, uf, ibge, population, ddd, cep_prefixes (an editor may drop trailing empty fields)
    rows = [[*r, *[""] * (6 - len(r))] for r in assets.rows("pt_BR", "cities.tsv")]
    rows.sort(key=lambda r: (uf_pos[r[1]], r[0]))
    n = len(rows)
    uf_of_city = np.asarray([uf_pos[r[1]] for r in rows], dtype=np.int64)
    population = np.asarray([float(r[3]) for r in rows], dtype=np.float64)
    span: dict[str | None, tuple[int, int]] = {None: (0, n)}
    for k, uf in enumerate(UF_CODES):
        where = np.flatnonzero(uf_of_city == k)
        span[uf] = (int(where[0]), int(where[-1]) + 1)
    names = tuple(r[0] for r in rows)
    return Places(
        city=vocabulary(names),
        city_uf=vocabulary([f"{r[0]} - {r[1]}" for r in rows]),
        city_names=names,
        uf_of_city=uf_of_city,
        population=population,
        ddd=np.asarray([int(r[4]) for r in rows], dtype=np.int64),
        uf_code=vocabulary(UF_CODES),
        uf_name=vocabulary([r[1] for r in ufs]),
        uf_names=tuple(r[1] for r in ufs),
        uf_ddds=uf_ddds,
        span=span,
        dist=_Distributions(population, span),
        cep_sources=tuple((r[0], r[1], r[5]) for r in rows),
        uf_cep_ranges=uf_ranges,
    )


def sample_places(stream: Stream, rows: Rows, uf: str | None = None) -> I64:
    """City indices (into the places table), weighted by population, one per row.

    Columns that pass the same ``stream`` (see :func:`group_stream`) and ``uf`` get the same city
    for each row. ``uf`` restricts the draw to one state's cities.
    """
    table = places()
    lo, _ = table.span[uf]
    return lo + table.dist[uf].draw(stream, rows)


# ---- generators ------------------------------------------------------------------------------


class UfParams(Params):
    full_name: bool = Field(False, description="State name (São Paulo) instead of code (SP).")
    uf: UfCode | None = Field(
        None, description="Always this state; in a group, set it as on the other members."
    )
    group: str | None = group_field()


@register
class Uf(BrGenerator):
    """State (UF) code of a city drawn by population (or the group's place). Example: ``SP``."""

    id = "semantic.br.uf"
    summary = "Brazilian state code (or name), weighted by population; agrees with a group."
    params_model = UfParams
    pii = pii.LOCATION

    def _vocab(self, params: UfParams) -> pa.Array:
        return places().uf_name if params.full_name else places().uf_code

    def generate(self, ctx: GenContext, params: UfParams, rows: Rows) -> pa.Array:
        place = place_stream(ctx, self.id, params, params.group)
        city = sample_places(place, rows, params.uf)
        return take(self._vocab(params), places().uf_of_city[city])

    def value_space(self, ctx: GenContext, params: UfParams) -> int:
        return 1 if params.uf is not None else len(UF_CODES)

    def from_index(self, ctx: GenContext, params: UfParams, idx: Any) -> pa.Array:
        i = as_i64(idx)
        if params.uf is not None:
            i = i + UF_CODES.index(params.uf)
        return take(self._vocab(params), i)

    def _length_bounds(self, params: UfParams) -> tuple[int, int]:
        if params.full_name:
            return 4, max_chars(places().uf_names)
        return 2, 2


class CityParams(Params):
    with_uf: bool = Field(False, description="Append the state: Campinas - SP.")
    uf: UfCode | None = uf_field("cities")
    group: str | None = group_field()


@cache
def _distinct_cities(uf: str | None, with_uf: bool) -> pa.Array:
    table = places()
    lo, hi = table.span[uf]
    vocab = table.city_uf if with_uf else table.city
    return vocabulary(sorted(set(vocab.slice(lo, hi - lo).to_pylist())))


@register
class City(BrGenerator):
    """City weighted by population (550+ cities, all capitals). Example: ``Campinas``."""

    id = "semantic.br.city"
    summary = "Brazilian city weighted by population; agrees with UF, CEP and phone in a group."
    params_model = CityParams
    pii = pii.LOCATION

    def generate(self, ctx: GenContext, params: CityParams, rows: Rows) -> pa.Array:
        place = place_stream(ctx, self.id, params, params.group)
        city = sample_places(place, rows, params.uf)
        return take(places().city_uf if params.with_uf else places().city, city)

    def value_space(self, ctx: GenContext, params: CityParams) -> int:
        return len(_distinct_cities(params.uf, params.with_uf))

    def from_index(self, ctx: GenContext, params: CityParams, idx: Any) -> pa.Array:
        return take(_distinct_cities(params.uf, params.with_uf), as_i64(idx))

    def _length_bounds(self, params: CityParams) -> tuple[int, int]:
        names = places().city_names
        extra = 5 if params.with_uf else 0
        return 3 + extra, max_chars(names) + extra


class CepParams(Params):
    formatted: bool = formatted_field("01310-100", "01310100")
    uf: UfCode | None = uf_field("CEPs")
    group: str | None = group_field()


def cep_of_cities(city: I64, u: F64, suffix: I64) -> I64:
    """A CEP inside each city's prefixes (``u`` picks the prefix, ``suffix`` the last 3 digits)."""
    table = places()
    k = np.minimum((u * table.cep_count[city]).astype(np.int64), table.cep_count[city] - 1)
    return table.cep_prefix[table.cep_first[city] + k] * 1000 + suffix


def cep_text(cep: I64, formatted: bool) -> pa.Array:
    """CEPs as text: ``01310-100`` or ``01310100``."""
    return masked_number(cep, "#####-###" if formatted else "#" * 8)


def _cep_prefix_span(uf: str | None) -> tuple[int, int]:
    table = places()
    lo, hi = table.span[uf]
    return int(table.cep_first[lo]), int(table.cep_first[hi - 1] + table.cep_count[hi - 1])


@register
class Cep(BrGenerator):
    """CEP (postal code) inside the real range of its city and state. Example: ``13024-512``."""

    id = "semantic.br.cep"
    summary = "Brazilian CEP within its city's and state's real prefix ranges."
    params_model = CepParams
    pii = pii.LOCATION

    def generate(self, ctx: GenContext, params: CepParams, rows: Rows) -> pa.Array:
        place = place_stream(ctx, self.id, params, params.group)
        city = sample_places(place, rows, params.uf)
        own = ctx.stream(self.id, params)
        cep = cep_of_cities(
            city, own.sub("prefix").uniform(rows), own.sub("suffix").integers(rows, 0, 999)
        )
        return cep_text(cep, params.formatted)

    def value_space(self, ctx: GenContext, params: CepParams) -> int:
        lo, hi = _cep_prefix_span(params.uf)
        return (hi - lo) * 1000

    def from_index(self, ctx: GenContext, params: CepParams, idx: Any) -> pa.Array:
        i = as_i64(idx)
        lo, _ = _cep_prefix_span(params.uf)
        cep = places().cep_prefix[lo + i // 1000] * 1000 + i % 1000
        return cep_text(cep, params.formatted)

    def _length_bounds(self, params: CepParams) -> tuple[int, int]:
        n = 9 if params.formatted else 8
        return n, n
