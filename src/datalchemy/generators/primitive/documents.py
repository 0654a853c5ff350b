"""Small structured literals of PostgreSQL types that read text: ``hstore``
(``"cor"=>"azul"``), ``xml`` (``<item id="12"><text>mar azul</text></item>``), ``tsquery``
(``mar & azul``) and ``tid`` (``(12,5)``).

Words come from the locale's key words (``assets/<lang>/key_nouns.tsv`` and
``key_adjectives.txt``), folded to ASCII, so no value needs escaping in any of these syntaxes.
``tid`` and ``hstore`` have b-tree equality and are unique by construction (a block and an
offset by mixed radix; one numbered pair).

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> ctx = GenContext.for_column(seed=1, table="t", column="attrs", locale="pt_BR")
    >>> gen = get_generator("primitive.hstore")
    >>> gen.generate(ctx, gen.parse_params({"min_pairs": 1, "max_pairs": 1}), np.arange(2)).to_pylist()
    ['"planalto"=>"sonoro"', '"saguao"=>"sincero"']
"""  # noqa: E501

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import Stream
from datalchemy.generators import assets
from datalchemy.generators._arrow import int_strings, join
from datalchemy.generators.base import TEXTUAL, GenContext, Generator, Rows, as_u64
from datalchemy.generators.primitive._common import MAX_SPACE, U64, StrictParams, capped_space
from datalchemy.generators.registry import register

__all__ = ["Hstore", "Tid", "Tsquery", "Xml"]


def _ascii(word: str) -> str:
    text = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@cache
def _words(folder: str) -> tuple[pa.StringArray, pa.StringArray]:
    """(nouns, adjectives) of a language, folded to ASCII."""
    nouns = sorted({_ascii(w) for w in assets.words(folder, "key_nouns.tsv")})
    adjectives = sorted({_ascii(w) for w in assets.words(folder, "key_adjectives.txt")})
    return pa.array(nouns, pa.string()), pa.array(adjectives, pa.string())


def _vocab(ctx: GenContext) -> tuple[pa.StringArray, pa.StringArray]:
    return _words(assets.language_folder(ctx.locale.split("_")[0].lower()))


def _pick(s: Stream, rows: Rows, vocab: pa.StringArray) -> pa.Array:
    return pc.take(vocab, pa.array(s.choice(rows, len(vocab))))


class _CountParams(StrictParams):
    min_pairs: int = Field(1, ge=1, le=50, description="Fewest key/value pairs.")
    max_pairs: int = Field(3, ge=1, le=50, description="Most key/value pairs.")

    @model_validator(mode="after")
    def _ordered(self) -> _CountParams:
        if self.min_pairs > self.max_pairs:
            raise ValueError(f"min_pairs ({self.min_pairs}) must be <= max_pairs")
        return self


def _counted(s: Stream, rows: Rows, lo: int, hi: int, parts: list[pa.Array], sep: str) -> pa.Array:
    """The first ``count`` of ``parts`` of every row joined by ``sep`` (count in [lo, hi])."""
    count = s.sub("count").integers(rows, lo, hi)
    out = parts[0]
    for k in range(1, hi):
        longer = pc.binary_join_element_wise(out, parts[k], sep)
        out = pc.if_else(pa.array(count > k), longer, out)
    return out


class HstoreParams(_CountParams):
    """Pairs of a noun (the key) and an adjective (the value)."""


@register
class Hstore(Generator[HstoreParams]):
    id = "primitive.hstore"
    summary = 'hstore text: min_pairs..max_pairs "key"=>"value" pairs of locale words.'
    params_model = HstoreParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    locales = ("en_US", "pt_BR")

    def generate(self, ctx: GenContext, params: HstoreParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        nouns, adjectives = _vocab(ctx)
        pairs = [
            join(['"', _pick(s.sub(f"k{k}"), rows, nouns), '"=>"',
                  _pick(s.sub(f"v{k}"), rows, adjectives), '"'])
            for k in range(params.max_pairs)
        ]  # fmt: skip
        return _counted(s, rows, params.min_pairs, params.max_pairs, pairs, ", ")

    def value_space(self, ctx: GenContext, params: HstoreParams) -> int | None:
        return MAX_SPACE

    def from_index(self, ctx: GenContext, params: HstoreParams, idx: U64) -> pa.Array:
        """One pair per value: the key is ``nouns[i % N]``, the value an adjective, numbered
        past the first round (``"mar"=>"azul"``, ``"mar"=>"azul-2"``): distinct by construction."""
        nouns, adjectives = _vocab(ctx)
        x = as_u64(idx)
        n, a = np.uint64(len(nouns)), np.uint64(len(adjectives))
        rank = x // n
        value = pc.take(adjectives, pa.array((rank % a).astype(np.int64)))
        round_ = (rank // a).astype(np.int64)
        numbered = join([value, "-", int_strings(round_ + 1)])
        value = pc.if_else(pa.array(round_ == 0), value, numbered)
        key = pc.take(nouns, pa.array((x % n).astype(np.int64)))
        return join(['"', key, '"=>"', value, '"'])


class TsqueryParams(StrictParams):
    min_words: int = Field(1, ge=1, le=20, description="Fewest words.")
    max_words: int = Field(3, ge=1, le=20, description="Most words.")
    operator: str = Field("&", pattern=r"^[&|]$", description="Between words: & (and) or |.")

    @model_validator(mode="after")
    def _ordered(self) -> TsqueryParams:
        if self.min_words > self.max_words:
            raise ValueError(f"min_words ({self.min_words}) must be <= max_words")
        return self


@register
class Tsquery(Generator[TsqueryParams]):
    id = "primitive.tsquery"
    summary = "tsquery text: min_words..max_words locale words joined by & (or |)."
    params_model = TsqueryParams
    output = TypeFamily.TEXT
    fits = TEXTUAL
    locales = ("en_US", "pt_BR")

    def generate(self, ctx: GenContext, params: TsqueryParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        nouns, _ = _vocab(ctx)
        words = [_pick(s.sub(f"w{k}"), rows, nouns) for k in range(params.max_words)]
        sep = f" {params.operator} "
        return _counted(s, rows, params.min_words, params.max_words, words, sep)


class XmlParams(StrictParams):
    root: str = Field(
        "item", pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", description="Root element name."
    )
    field: str = Field(
        "text", pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$", description="Child element name."
    )


@register
class Xml(Generator[XmlParams]):
    id = "primitive.xml"
    summary = 'Well-formed XML documents: <item id="N"><text>words</text></item>.'
    params_model = XmlParams
    output = TypeFamily.XML
    fits = TEXTUAL | {TypeFamily.XML}
    locales = ("en_US", "pt_BR")

    def generate(self, ctx: GenContext, params: XmlParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        nouns, adjectives = _vocab(ctx)
        ident = int_strings(s.sub("id").integers(rows, 1, 99_999))
        parts: list[Any] = [
            f'<{params.root} id="', ident, f'"><{params.field}>',
            _pick(s.sub("noun"), rows, nouns), " ", _pick(s.sub("adj"), rows, adjectives),
            f"</{params.field}></{params.root}>",
        ]  # fmt: skip
        return join(parts)


class TidParams(StrictParams):
    blocks: int = Field(10_000, ge=1, le=2**32, description="Blocks 0..blocks-1.")
    offsets: int = Field(100, ge=1, le=2**16 - 1, description="Item offsets 1..offsets.")


@register
class Tid(Generator[TidParams]):
    id = "primitive.tid"
    summary = "Tuple identifiers (block,offset); unique by construction."
    params_model = TidParams
    output = TypeFamily.TEXT
    fits = TEXTUAL

    def _text(self, block: Any, offset: Any) -> pa.Array:
        return join(["(", int_strings(block), ",", int_strings(offset), ")"])

    def generate(self, ctx: GenContext, params: TidParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        block = s.sub("block").integers(rows, 0, params.blocks - 1)
        return self._text(block, s.sub("offset").integers(rows, 1, params.offsets))

    def value_space(self, ctx: GenContext, params: TidParams) -> int | None:
        return capped_space(params.blocks * params.offsets)

    def from_index(self, ctx: GenContext, params: TidParams, idx: U64) -> pa.Array:
        x = as_u64(idx)
        off = np.uint64(params.offsets)
        return self._text((x // off).astype(np.int64), (x % off).astype(np.int64) + 1)
