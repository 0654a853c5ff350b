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
from pydantic import Field, field_validator

from datalchemy.determinism import Stream
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import concat_rows, vocabulary
from datalchemy.generators.base import GenContext, Params, Rows, as_i64
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    FEMALE_SHARE,
    BrGenerator,
    Sex,
    check_domain,
    group_field,
    person_stream,
    sex_field,
)
from datalchemy.generators.semantic_br.people import draw_first, draw_last, first_range, people
from datalchemy.generators.vocab import ascii_letters

__all__ = ["EmailSafe", "email_from_index", "email_space_size", "email_values"]


I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@cache
def _domains() -> list[str]:
    """The safe example domains of ``assets/pt_BR/email_domains.txt``."""
    return list(assets.words("pt_BR", "email_domains.txt"))


def _at_domains(domain: str | None) -> list[str]:
    return ["@" + d for d in (_domains() if domain is None else [domain])]


def _sections(*sections: Sequence[str]) -> tuple[pa.StringArray, list[int]]:
    """One vocabulary of all ``sections`` (for :func:`concat_rows`) and where each starts."""
    starts = np.cumsum([0, *(len(sec) for sec in sections[:-1])]).tolist()
    return vocabulary([token for sec in sections for token in sec]), starts


#: The unique path writes its number as two vocabulary pieces, the thousands (empty when none)
#: and the last three digits (zero-padded after thousands) fused with "@domain".
_GROUP = 1000


@dataclass(frozen=True)
class _EmailSpace:
    """Weighted bijection for unique e-mails: first-name token x surname token x number x domain.

    First-name token ``f`` owns ``a_f`` consecutive positions of its axis and surname token ``s``
    owns ``b_s`` of its own; the pair's numbers are ``0 .. a_f * b_s - 1``. Per-position lookup
    tables (token piece, offset within the token, ``b_s``) replace a search per row.
    """

    first_piece: I64  # position -> piece of "first." in vocab
    first_rel: I64  # position -> offset within its token
    last_piece: I64
    last_rel: I64
    last_cap: I64  # position -> b_s of its token
    n_dom: int
    vocab: pa.StringArray  # "first." | surname | thousands | "ddd@domain" (see _GROUP)
    high_at: int  # where the thousands start in vocab
    low_at: int  # where the "ddd@domain" pieces start, (padded, ddd, domain) in row-major order

    @property
    def size(self) -> int:
        return len(self.first_piece) * len(self.last_piece) * self.n_dom


#: Target sums of the first-name and surname capacities of the unique e-mail space.
_EMAIL_CAPACITY = 5000


def _capacities(tokens: Sequence[str], weights: F64) -> tuple[list[str], I64]:
    merged: dict[str, float] = {}
    for token, w in zip(tokens, weights.tolist(), strict=True):
        merged[token] = merged.get(token, 0.0) + w
    names = sorted(merged)
    w = np.asarray([merged[n] for n in names], dtype=np.float64)
    caps = np.maximum(1, np.rint(w / w.sum() * _EMAIL_CAPACITY)).astype(np.int64)
    return names, caps


def _positions(caps: I64, base: int) -> tuple[I64, I64]:
    """(piece, offset within the token) of every position of an axis of capacities ``caps``."""
    token = np.repeat(np.arange(len(caps), dtype=np.int64), caps)
    starts = np.cumsum(caps) - caps
    return token + base, np.arange(len(token), dtype=np.int64) - starts[token]


@cache
def _email_space(sex: str, domain: str | None) -> _EmailSpace:
    p = people()
    lo, hi = first_range(sex)
    w = p.weights[lo:hi].copy()
    if sex == "any":  # each sex's weights sum to its share of the population
        w[: p.n_female] *= FEMALE_SHARE / w[: p.n_female].sum()
        w[p.n_female :] *= (1 - FEMALE_SHARE) / w[p.n_female :].sum()
    first, first_caps = _capacities([ascii_letters(n) for n in p.first_names[lo:hi]], w)
    last, last_caps = _capacities([ascii_letters(s) for s in p.surnames], p.surname_weight)
    n_high = (int(first_caps.max()) * int(last_caps.max()) - 1) // _GROUP + 1
    at = _at_domains(domain)
    low = [
        f"{n:03d}{d}" if padded else f"{n or ''}{d}"
        for padded in (False, True)
        for n in range(_GROUP)
        for d in at
    ]
    high = ["", *(str(n) for n in range(1, n_high))]
    vocab, (_, last_at, high_at, low_at) = _sections([f + "." for f in first], last, high, low)
    first_piece, first_rel = _positions(first_caps, 0)
    last_piece, last_rel = _positions(last_caps, last_at)
    return _EmailSpace(
        first_piece,
        first_rel,
        last_piece,
        last_rel,
        last_caps[last_piece - last_at],
        len(at),
        vocab,
        high_at,
        low_at,
    )


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


@cache
def _values_vocab(domain: str | None) -> tuple[pa.StringArray, list[int]]:
    """Pieces of email_values: "first." | surname | numbers below 2010 ("" for 0) | "@domain"."""
    p = people()
    first = [f + "." for f in p.first_token.to_pylist()]
    numbers = ["", *(str(n) for n in range(1, 2010))]
    return _sections(first, p.surname_token.to_pylist(), numbers, _at_domains(domain))


def email_values(person: Stream, own: Stream, rows: Rows, sex: str, domain: str | None) -> pa.Array:
    """E-mails of people drawn from ``person``; numbers and domains from ``own``."""
    vocab, (_, last_at, number_at, domain_at) = _values_vocab(domain)
    first = draw_first(person, rows, sex)
    last = draw_last(person, rows)
    u = own.sub("number").uniform(rows)
    small = own.sub("small").integers(rows, 1, 999)
    year = own.sub("year").integers(rows, 1960, 2009)
    number = np.where(u < 0.45, 0, np.where(u < 0.8, small, year))
    idx = np.empty((len(first), 4), dtype=np.int64)
    idx[:, 0] = first
    idx[:, 1] = last + last_at
    idx[:, 2] = number + number_at
    if domain is None:
        idx[:, 3] = own.sub("domain").choice(rows, len(_domains())) + domain_at
    else:
        idx[:, 3] = domain_at
    return concat_rows(vocab, idx)


def email_from_index(i: I64, sex: str, domain: str | None) -> pa.Array:
    """Distinct e-mails for distinct ``i`` in ``[0, email_space_size(sex, domain))``."""
    space = _email_space(sex, domain)
    r, dom = np.divmod(i, space.n_dom)
    a_pos, b_pos = np.divmod(r, len(space.last_piece))
    last_cap = space.last_cap[b_pos]
    number = space.first_rel[a_pos] * last_cap + space.last_rel[b_pos]
    high, low = np.divmod(number, _GROUP)
    idx = np.empty((len(i), 4), dtype=np.int64)
    idx[:, 0] = space.first_piece[a_pos]
    idx[:, 1] = space.last_piece[b_pos]
    idx[:, 2] = high + space.high_at
    idx[:, 3] = ((high > 0) * _GROUP + low) * space.n_dom + dom + space.low_at
    return concat_rows(space.vocab, idx)


def email_space_size(sex: str, domain: str | None) -> int:
    """How many distinct e-mails :func:`email_from_index` makes."""
    return _email_space(sex, domain).size


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
