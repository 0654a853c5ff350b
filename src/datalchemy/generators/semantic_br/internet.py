"""Network values: IPv4 addresses and page URLs with Portuguese slugs on safe domains."""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field, field_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import (
    join,
    take,
    vocabulary,
)
from datalchemy.generators.base import TEXTUAL, GenContext, NoParams, Params, Rows, as_i64
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    BrGenerator,
    check_domain,
    numbers_vocab,
)
from datalchemy.generators.vocab import slug

__all__ = ["Ip", "Url"]


I64 = npt.NDArray[np.int64]


@register
class Ip(BrGenerator):
    """IPv4 address with every octet in 1..254. Example: ``187.34.201.9``."""

    id = "semantic.br.ip"
    summary = "IPv4 address (octets 1-254)."
    params_model = NoParams
    output = TypeFamily.NETWORK
    fits = TEXTUAL | {TypeFamily.NETWORK}
    pii = pii.NETWORK
    locales = None

    def _render(self, i: I64) -> pa.Array:
        vocab = numbers_vocab(255)
        octets: list[pa.Array | str] = []
        for shift in (3, 2, 1, 0):
            if octets:
                octets.append(".")
            octets.append(take(vocab, (i // 254**shift) % 254 + 1))
        return join(octets)

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        return self._render(ctx.stream(self.id, params).integers(rows, 0, 254**4 - 1))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return 254**4

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return self._render(as_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 7, 15


class UrlParams(Params):
    domain: str | None = Field(
        None, description="Host name (default: safe example domains such as exemplo.example)."
    )

    @field_validator("domain")
    @classmethod
    def _valid_domain(cls, value: str | None) -> str | None:
        return check_domain(value)


_URL_DOMAINS = ("exemplo.example", "example.com", "example.org", "example.net")


@cache
def _sections() -> pa.Array:
    return vocabulary(assets.words("pt_BR", "url_sections.txt"))


@cache
def _url_slugs() -> pa.Array:
    return vocabulary(sorted({slug(p) for p in assets.words("pt_BR", "products.tsv")}))


@register
class Url(BrGenerator):
    """Page URL on a safe domain. Example: ``https://www.exemplo.example/produtos/cafe-500g-12``."""

    id = "semantic.br.url"
    summary = "Web page URL on a safe example domain with a Portuguese slug."
    params_model = UrlParams
    pii = pii.NETWORK
    locales = None

    def _radices(self, params: UrlParams) -> tuple[int, int, int, int]:
        n_dom = 1 if params.domain else len(_URL_DOMAINS)
        return n_dom, len(_sections()), len(_url_slugs()), 9999

    def _render(self, params: UrlParams, i: I64) -> pa.Array:
        n_dom, n_sec, n_slug, n_page = self._radices(params)
        page, i = i % n_page + 1, i // n_page
        slug_idx, i = i % n_slug, i // n_slug
        section, dom = i % n_sec, i // n_sec
        host: pa.Array | str = params.domain or take(vocabulary(_URL_DOMAINS), dom % n_dom)
        parts: list[pa.Array | str] = ["https://www.", host, "/"]
        parts += [take(_sections(), section), "/", take(_url_slugs(), slug_idx), "-"]
        return join([*parts, take(numbers_vocab(10_000), page)])

    def generate(self, ctx: GenContext, params: UrlParams, rows: Rows) -> pa.Array:
        space = self.value_space(ctx, params)
        return self._render(params, ctx.stream(self.id, params).integers(rows, 0, space - 1))

    def value_space(self, ctx: GenContext, params: UrlParams) -> int:
        return math.prod(self._radices(params))

    def from_index(self, ctx: GenContext, params: UrlParams, idx: Any) -> pa.Array:
        return self._render(params, as_i64(idx))
