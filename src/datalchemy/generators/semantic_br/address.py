"""Brazilian addresses: streets with their type, neighbourhoods, complements, and
``semantic.br.address``, which joins them with a house number, city, UF and CEP."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, model_validator

from datalchemy.determinism import Stream
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import (
    join,
    take,
    vocabulary,
)
from datalchemy.generators.base import GenContext, NoParams, Params, Rows, as_i64
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    BrGenerator,
    UfCode,
    group_field,
    max_chars,
    numbers_vocab,
    place_stream,
    uf_field,
)
from datalchemy.generators.semantic_br.places import cep_of_cities, cep_text, places, sample_places
from datalchemy.generators.vocab import WeightedIndex

__all__ = ["Address", "Neighborhood", "Street"]


I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Streets:
    full: pa.Array  # "Rua Sete de Setembro": type-major, len(types) * len(names)
    full_dist: WeightedIndex
    n_names: int
    n_types: int
    max_len: int


@cache
def _streets() -> _Streets:
    names = assets.rows("pt_BR", "streets.tsv")
    types = assets.rows("pt_BR", "street_types.tsv")
    full = [f"{t[0]} {s[0]}" for t in types for s in names]
    w = np.outer([float(t[1]) for t in types], [float(s[1]) for s in names]).ravel()
    return _Streets(vocabulary(full), WeightedIndex.of(w), len(names), len(types), max_chars(full))


def _hood_names() -> tuple[str, ...]:
    return assets.words("pt_BR", "neighborhoods.txt")


@cache
def _hoods() -> pa.Array:
    return vocabulary(_hood_names())


@cache
def _complements() -> tuple[pa.Array, WeightedIndex, int]:
    """Address complements with their leading separator; the last entry is "" (none)."""
    entries: list[tuple[str, float]] = []
    for floor in range(1, 21):
        for unit in range(1, 9):
            entries.append((f"Apto {floor}{unit:02d}", 6.0 / floor**0.5))
    for block in "ABCDEF":
        for floor in range(1, 11):
            for unit in range(1, 5):
                entries.append((f"Bloco {block} Apto {floor}{unit:02d}", 0.5))
    for house in range(1, 6):
        entries.append((f"Casa {house}", 20.0 / house))
    for floor in range(1, 16):
        for unit in range(1, 11):
            entries.append((f"Sala {floor}{unit:02d}", 0.4))
    for shop in range(1, 11):
        entries.append((f"Loja {shop}", 1.0))
    entries.append(("Fundos", 15.0))
    texts = [", " + e for e, _ in entries] + [""]
    weights = np.asarray([w for _, w in entries], dtype=np.float64)
    return vocabulary(texts), WeightedIndex.of(weights), max_chars(texts)


AddressPart = Literal["street", "number", "complement", "neighborhood", "city", "uf", "cep"]


class AddressParams(Params):
    parts: tuple[AddressPart, ...] = Field(
        ("street", "number", "complement", "neighborhood"),
        description="Parts to include, always written in the order street, number, complement, "
        "neighborhood, city, uf, cep: 'Rua das Flores, 123, Apto 45 - Centro, Campinas - SP, "
        "CEP 13024-512'. street is required.",
    )
    complement_rate: float = Field(
        0.3, ge=0, le=1, description="Share of addresses with a complement (Apto 45)."
    )
    uf: UfCode | None = uf_field("addresses")
    group: str | None = group_field()

    @model_validator(mode="after")
    def _street_first(self) -> AddressParams:
        if "street" not in self.parts:
            raise ValueError("parts must include street")
        if len(set(self.parts)) != len(self.parts):
            raise ValueError("parts must not repeat")
        return self


@register
class Address(BrGenerator):
    """Street address. Example: ``Avenida Brasil, 1520, Apto 302 - Jardim América``."""

    id = "semantic.br.address"
    summary = "Brazilian street address (type, name, number, complement, neighbourhood, ...)."
    params_model = AddressParams
    pii = pii.ADDRESS

    def _render(
        self,
        params: AddressParams,
        street: I64,
        number: I64,
        extra: Stream,
        keys: Rows,
        city: I64 | None,
    ) -> pa.Array:
        parts: list[pa.Array | str] = [take(_streets().full, street)]
        if "number" in params.parts:
            parts += [", ", take(numbers_vocab(10_000, "s/n"), number)]
        if "complement" in params.parts:
            vocab, dist, _ = _complements()
            comp = dist.draw(extra.sub("complement"), keys)
            has = extra.sub("has_complement").bernoulli(keys, params.complement_rate)
            parts.append(take(vocab, np.where(has, comp, len(vocab) - 1)))
        if "neighborhood" in params.parts:
            hoods = _hoods()
            parts += [" - ", take(hoods, extra.sub("neighborhood").choice(keys, len(hoods)))]
        if city is not None:
            table = places()
            if "city" in params.parts:
                parts += [", ", take(table.city, city)]
            if "uf" in params.parts:
                sep = " - " if "city" in params.parts else ", "
                parts += [sep, take(table.uf_code, table.uf_of_city[city])]
            if "cep" in params.parts:
                cep = cep_of_cities(
                    city, extra.sub("cep").uniform(keys), extra.sub("suffix").integers(keys, 0, 999)
                )
                parts += [", CEP ", cep_text(cep, True)]
        return join(parts)

    def _needs_place(self, params: AddressParams) -> bool:
        return any(part in params.parts for part in ("city", "uf", "cep"))

    def generate(self, ctx: GenContext, params: AddressParams, rows: Rows) -> pa.Array:
        own = ctx.stream(self.id, params)
        street = _streets().full_dist.draw(own.sub("street"), rows)
        # House numbers are lognormal (median 250, 95% within 35-1780, at most 9999); 3% "s/n".
        z = own.sub("number").normal(rows, math.log(250), 1.0)
        number = np.clip(np.exp(z), 1, 9999).astype(np.int64)
        number = np.where(own.sub("no_number").bernoulli(rows, 0.03), 0, number)
        city = None
        if self._needs_place(params):
            place = place_stream(ctx, self.id, params, params.group)
            city = sample_places(place, rows, params.uf)
        return self._render(params, street, number, own, rows, city)

    def value_space(self, ctx: GenContext, params: AddressParams) -> int:
        streets = _streets()
        combos = streets.n_names * streets.n_types
        return combos * 9999 if "number" in params.parts else combos

    def from_index(self, ctx: GenContext, params: AddressParams, idx: Any) -> pa.Array:
        # The (street, number) core is distinct; the other parts are drawn from the index.
        i = as_i64(idx)
        combos = _streets().n_names * _streets().n_types
        street, number = i % combos, i // combos + 1
        extra = ctx.stream(self.id, params, "unique")
        city = None
        if self._needs_place(params):
            city = sample_places(extra.sub("place"), i, params.uf)
        return self._render(params, street, number, extra, i, city)

    def _length_bounds(self, params: AddressParams) -> tuple[int, int]:
        longest = _streets().max_len
        extra = {
            "number": 6,
            "complement": _complements()[2],
            "neighborhood": 3 + max_chars(_hood_names()),
            "city": 2 + max_chars(places().city_names),
            "uf": 5,
            "cep": 15,
        }
        return 8, longest + sum(v for k, v in extra.items() if k in params.parts)


@register
class Neighborhood(BrGenerator):
    """Neighbourhood name common across Brazilian cities. Example: ``Jardim América``."""

    id = "semantic.br.neighborhood"
    summary = "Brazilian neighbourhood (bairro) name."
    params_model = NoParams
    pii = pii.LOCATION

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        hoods = _hoods()
        return take(hoods, ctx.stream(self.id, params).choice(rows, len(hoods)))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return len(_hood_names())

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(_hoods(), as_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 4, max_chars(_hood_names())


@register
class Street(BrGenerator):
    """Street with its type, weighted. Example: ``Rua Sete de Setembro``."""

    id = "semantic.br.street"
    summary = "Brazilian street name with its type (Rua, Avenida, Travessa, ...)."
    params_model = NoParams
    pii = pii.ADDRESS

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        streets = _streets()
        return take(streets.full, streets.full_dist.draw(ctx.stream(self.id, params), rows))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return _streets().n_names * _streets().n_types

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(_streets().full, as_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 6, _streets().max_len
