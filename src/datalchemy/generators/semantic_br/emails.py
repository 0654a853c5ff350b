"""``semantic.br.email.safe``: e-mail addresses built from Brazilian names on safe example
domains, unique by construction (a weighted bijection over name tokens and numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator

from datalchemy.determinism import Stream
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import (
    join,
    take,
    vocabulary,
)
from datalchemy.generators.base import GenContext, Params, Rows, as_i64
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    FEMALE_SHARE,
    BrGenerator,
    Sex,
    check_domain,
    group_field,
    numbers_vocab,
    person_stream,
    sex_field,
)
from datalchemy.generators.semantic_br.people import draw_first, draw_last, first_range, people
from datalchemy.generators.vocab import ascii_letters

__all__ = ["EmailSafe", "email_from_index", "email_space_size", "email_values"]


I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@cache
def _domains() -> pa.Array:
    """The safe example domains of ``assets/pt_BR/email_domains.txt``."""
    return vocabulary(assets.words("pt_BR", "email_domains.txt"))


@dataclass(frozen=True)
class _EmailSpace:
    """Weighted bijection for unique e-mails: first-name token x surname token x number."""

    first: pa.Array  # distinct first-name tokens
    first_cum: I64  # cumulative capacities a_f (len F + 1)
    last: pa.Array  # distinct surname tokens
    last_cum: I64  # cumulative capacities b_s (len S + 1)

    @property
    def size(self) -> int:
        return int(self.first_cum[-1]) * int(self.last_cum[-1])


#: Target sums of the first-name and surname capacities of the unique e-mail space.
_EMAIL_CAPACITY = 5000


def _capacities(tokens: Sequence[str], weights: F64) -> tuple[list[str], I64]:
    merged: dict[str, float] = {}
    for token, w in zip(tokens, weights.tolist(), strict=True):
        merged[token] = merged.get(token, 0.0) + w
    names = sorted(merged)
    w = np.asarray([merged[n] for n in names], dtype=np.float64)
    caps = np.maximum(1, np.rint(w / w.sum() * _EMAIL_CAPACITY)).astype(np.int64)
    cum = np.zeros(len(names) + 1, dtype=np.int64)
    np.cumsum(caps, out=cum[1:])
    return names, cum


@cache
def _email_space(sex: str) -> _EmailSpace:
    p = people()
    lo, hi = first_range(sex)
    w = p.weights[lo:hi].copy()
    if sex == "any":  # each sex's weights sum to its share of the population
        w[: p.n_female] *= FEMALE_SHARE / w[: p.n_female].sum()
        w[p.n_female :] *= (1 - FEMALE_SHARE) / w[p.n_female :].sum()
    first, first_cum = _capacities([ascii_letters(n) for n in p.first_names[lo:hi]], w)
    last, last_cum = _capacities([ascii_letters(s) for s in p.surnames], p.surname_weight)
    return _EmailSpace(vocabulary(first), first_cum, vocabulary(last), last_cum)


class EmailParams(Params):
    domain: str | None = Field(
        None,
        description="Domain of every address (default: a mix of safe example domains such as "
        "exemplo.example; never real providers).",
    )
    sex: Sex = sex_field()
    group: str | None = group_field()

    @field_validator("domain")
    @classmethod
    def _valid_domain(cls, value: str | None) -> str | None:
        return check_domain(value)


def email_values(person: Stream, own: Stream, rows: Rows, sex: str, domain: str | None) -> pa.Array:
    """E-mails of people drawn from ``person``; numbers and domains from ``own``."""
    p = people()
    first = draw_first(person, rows, sex)
    last = draw_last(person, rows)
    u = own.sub("number").uniform(rows)
    small = own.sub("small").integers(rows, 1, 999)
    year = own.sub("year").integers(rows, 1960, 2009)
    number = np.where(u < 0.45, 0, np.where(u < 0.8, small, year))
    dom: pa.Array | str
    if domain is None:
        dom = take(_domains(), own.sub("domain").choice(rows, len(_domains())))
    else:
        dom = domain
    parts = [take(p.first_token, first), ".", take(p.surname_token, last)]
    return join([*parts, take(numbers_vocab(2010), number), "@", dom])


def email_from_index(i: I64, sex: str, domain: str | None) -> pa.Array:
    """Distinct e-mails for distinct ``i`` in ``[0, email_space_size(sex, domain))``."""
    space = _email_space(sex)
    n_dom = 1 if domain is not None else len(_domains())
    dom: pa.Array | str = domain if domain is not None else take(_domains(), i % n_dom)
    r = i // n_dom
    b_total = int(space.last_cum[-1])
    a_pos, b_pos = r // b_total, r % b_total
    f = np.searchsorted(space.first_cum, a_pos, side="right") - 1
    s = np.searchsorted(space.last_cum, b_pos, side="right") - 1
    b_s = np.diff(space.last_cum)[s]
    token = (a_pos - space.first_cum[f]) * b_s + (b_pos - space.last_cum[s])
    number = pc.if_else(
        pa.array(token == 0), "", pc.cast(pa.array(token, type=pa.int64()), pa.string())
    )
    return join([take(space.first, f), ".", take(space.last, s), number, "@", dom])


def email_space_size(sex: str, domain: str | None) -> int:
    """How many distinct e-mails :func:`email_from_index` makes."""
    return _email_space(sex).size * (1 if domain is not None else len(_domains()))


@register
class EmailSafe(BrGenerator):
    """E-mail from a Brazilian name on a safe domain. Example: ``ana.silva42@exemplo.example``.

    The unique path is a bijection over (first-name token, surname token, number), each name's
    share of numbers proportional to its frequency, times the domains. With the shipped assets
    and ``sex: any`` that is 5,075 x 5,043 = 25,593,225 addresses per domain, 153,559,350 over the
    6 default domains (``value_space`` gives the exact figure for any params).
    """

    id = "semantic.br.email.safe"
    summary = "E-mail address built from a Brazilian name on a safe example domain."
    params_model = EmailParams
    pii = pii.EMAIL

    def generate(self, ctx: GenContext, params: EmailParams, rows: Rows) -> pa.Array:
        person = person_stream(ctx, self.id, params, params.group)
        own = ctx.stream(self.id, params)
        return email_values(person, own, rows, params.sex, params.domain)

    def value_space(self, ctx: GenContext, params: EmailParams) -> int:
        return email_space_size(params.sex, params.domain)

    def from_index(self, ctx: GenContext, params: EmailParams, idx: Any) -> pa.Array:
        return email_from_index(as_i64(idx), params.sex, params.domain)
