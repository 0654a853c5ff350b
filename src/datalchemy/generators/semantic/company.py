"""``semantic.company.*``: company names, suffixes, catch phrases, business-speak, industries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from datalchemy.determinism import Stream
from datalchemy.generators._arrow import (
    join,
)
from datalchemy.generators.base import GenContext, Rows
from datalchemy.generators.semantic.alias import (
    Alias,
    Build,
    Kind,
    declare,
    kind,
    vocab_kind,
)
from datalchemy.generators.semantic.helpers import (
    choose,
    weighted,
)
from datalchemy.generators.semantic.locale_data import LocaleData
from datalchemy.generators.vocab import Vocab

__all__: list[str] = []


def _b_company(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
    l1, l2, l3 = (d.last.pick(s.sub(f"l{i}"), rows) for i in (1, 2, 3))
    suffix = d.company_suffix.pick(s.sub("suf"), rows)
    if d.lang == "pt":  # Faker pt_BR's formats, with fewer bare surnames
        arrays = [join([l1, " ", suffix]), join([l1, " ", l2, " ", suffix]), l1]
        weights: tuple[float, ...] = (0.45, 0.35, 0.2)
    else:
        arrays = [join([l1, " ", suffix]), join([l1, "-", l2]), join([l1, ", ", l2, " and ", l3])]
        weights = (1 / 3, 1 / 3, 1 / 3)
    return choose(weighted(s.sub("fmt"), rows, weights), arrays)


def _three(get: Callable[[LocaleData], tuple[Vocab, Vocab, Vocab]]) -> Build:
    def build(d: LocaleData, ctx: GenContext, p: Any, s: Stream, rows: Rows) -> pa.Array:
        a, b, c = get(d)
        return join(
            [a.pick(s.sub("a"), rows), b.pick(s.sub("b"), rows), c.pick(s.sub("c"), rows)], " "
        )

    return build


declare(
    __name__,
    [
        Alias(
            "semantic.company.name",
            "faker.company.raw.CompanyName",
            Kind("A company name.", build=_b_company),
        ),
        Alias(
            "semantic.company.suffix",
            "faker.company.raw.CompanySuffix",
            kind("A company suffix (Inc, Ltda.).", vocab_kind(lambda d: d.company_suffix)),
        ),
        Alias(
            "semantic.company.catch_phrase",
            "faker.company.raw.CatchPhrase",
            Kind("A company catch phrase.", build=_three(lambda d: d.catch)),
        ),
        Alias(
            "semantic.company.bs",
            "faker.company.raw.Bs",
            Kind("Business-speak: verb, adjective, noun.", build=_three(lambda d: d.bs)),
        ),
        Alias(
            "semantic.company.bs_verb",
            "faker.company.raw.BsVerb",
            kind("A business-speak verb.", vocab_kind(lambda d: d.bs[0])),
        ),
        Alias(
            "semantic.company.bs_adj",
            "faker.company.raw.BsAdj",
            kind("A business-speak adjective.", vocab_kind(lambda d: d.bs[1])),
        ),
        Alias(
            "semantic.company.bs_noun",
            "faker.company.raw.BsNoun",
            kind("A business-speak noun.", vocab_kind(lambda d: d.bs[2])),
        ),
        Alias(
            "semantic.company.buzzword",
            "faker.company.raw.Buzzword",
            kind("A buzzword.", vocab_kind(lambda d: d.buzzword)),
        ),
        Alias(
            "semantic.company.industry",
            "faker.company.raw.Industry",
            kind("An industry name.", vocab_kind(lambda d: d.industry)),
        ),
        Alias(
            "semantic.company.profession",
            "faker.company.raw.Profession",
            kind("A profession (Faker's job list).", vocab_kind(lambda d: d.jobs)),
        ),
    ],
)
