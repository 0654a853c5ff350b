"""``text.title`` and ``text.paragraph``: titles and short texts in the locale's language.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import ColumnFacts, GenContext
    >>> from datalchemy.generators.registry import get_generator
    >>> gen = get_generator("text.paragraph")
    >>> ctx = GenContext.for_column(seed=2, table="loja.pedidos", column="observacoes",
    ...                             locale="pt_BR", facts=ColumnFacts(length=60))
    >>> notes = gen.generate(ctx, gen.parse_params({"kind": "note"}), np.arange(50)).to_pylist()
    >>> all(len(n) <= 60 and n.endswith(".") for n in notes)
    True
"""

from __future__ import annotations

from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, model_validator

from datalchemy.generators._arrow import join
from datalchemy.generators.base import GenContext, Generator, Params, Rows
from datalchemy.generators.registry import register
from datalchemy.generators.text.templates import fit_length, language, render

__all__ = ["Paragraph", "ParagraphParams", "Title", "TitleParams"]

TitleKind = Literal[
    "article", "book", "campaign", "course", "event", "film", "project", "task"
]  # fmt: skip
ParagraphKind = Literal[
    "generic", "product", "project", "film", "event", "course", "note", "review", "message",
    "task", "bio",
]  # fmt: skip


class TitleParams(Params):
    kind: TitleKind = Field("article", description="What the title names (film, project, ...).")


@register
class Title(Generator[TitleParams]):
    """A title of some kind. Example: ``A Promessa de Helena``, ``Project Orion``."""

    id = "text.title"
    summary = "A title in the locale's language: film, book, project, event, course, article, ..."
    params_model = TitleParams

    def generate(self, ctx: GenContext, params: TitleParams, rows: Rows) -> pa.Array:
        stream = ctx.stream(self.id, params)
        values = render(language(ctx.locale), f"title.{params.kind}", stream, rows)
        return fit_length(values, ctx.facts.length)


class ParagraphParams(Params):
    kind: ParagraphKind = Field("generic", description="What the text describes or says.")
    min_sentences: int = Field(1, ge=1, le=10, description="Fewest sentences.")
    max_sentences: int = Field(2, ge=1, le=10, description="Most sentences.")

    @model_validator(mode="after")
    def _ordered(self) -> ParagraphParams:
        if self.min_sentences > self.max_sentences:
            raise ValueError("min_sentences must be <= max_sentences")
        return self


@register
class Paragraph(Generator[ParagraphParams]):
    """A few sentences of some kind. Example: ``Cliente solicitou entrega no período da manhã.``"""

    id = "text.paragraph"
    summary = "Sentences in the locale's language: descriptions, notes, reviews, messages, bios."
    params_model = ParagraphParams

    def generate(self, ctx: GenContext, params: ParagraphParams, rows: Rows) -> pa.Array:
        lang = language(ctx.locale)
        stream = ctx.stream(self.id, params)
        name = f"sentence.{params.kind}"
        first = render(lang, name, stream.sub(0), rows)
        if params.max_sentences > 1:
            count = stream.sub("count").integers(rows, params.min_sentences, params.max_sentences)
            for i in range(1, params.max_sentences):  # loops over sentence slots, not rows
                more = render(lang, name, stream.sub(i), rows)
                keep = pa.array(count > i)
                first = pc.if_else(keep, join([first, " ", more]), first)
        return fit_length(first, ctx.facts.length)


class SlugParams(Params):
    kind: TitleKind = Field("article", description="The kind of title the slug is made from.")


@register
class Slug(Generator[SlugParams]):
    """A URL slug of a title. Example: ``como-reduzir-os-custos-de-frete``."""

    id = "text.slug"
    summary = "A URL slug made from a title in the locale's language (ASCII, lower case, dashes)."
    params_model = SlugParams

    def generate(self, ctx: GenContext, params: SlugParams, rows: Rows) -> pa.Array:
        titles = render(
            language(ctx.locale), f"title.{params.kind}", ctx.stream(self.id, params), rows
        )
        s = pc.utf8_normalize(titles, "NFKD")
        s = pc.replace_substring_regex(s, r"\p{M}+", "")
        s = pc.utf8_lower(s)
        s = pc.replace_substring_regex(s, r"[^a-z0-9]+", "-")
        s = pc.utf8_trim(s, "-")
        limit = ctx.facts.length
        if limit is not None:
            s = pc.utf8_trim(pc.utf8_slice_codeunits(s, 0, limit), "-")
        return s
