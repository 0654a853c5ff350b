"""Brazilian people: full names, first names and surnames weighted by frequency (``assets/pt_BR``:
first names by sex, surnames with their particles).

:func:`name_parts_from_index` is the unique path of every native Brazilian full name: it also
serves ``semantic.person.name`` in pt_BR, whose vocabulary comes from Faker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
from pydantic import Field

from datalchemy.determinism import Stream
from datalchemy.generators import assets, pii
from datalchemy.generators._arrow import take, vocabulary
from datalchemy.generators.base import GenContext, NoParams, Params, Rows, as_i64
from datalchemy.generators.registry import register
from datalchemy.generators.semantic_br.base import (
    FEMALE_SHARE,
    BrGenerator,
    Sex,
    group_field,
    max_chars,
    person_stream,
    sex_field,
)
from datalchemy.generators.vocab import WeightedIndex, ascii_letters, join_picks

__all__ = [
    "FirstName",
    "LastName",
    "Name",
    "People",
    "draw_first",
    "draw_last",
    "first_range",
    "name_parts_from_index",
    "people",
]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class People:
    """First names and surnames of ``assets/pt_BR``, ready to draw from."""

    first: pa.Array  # female names, then male names
    first_token: pa.Array  # ASCII e-mail token of each first name
    n_female: int
    dist_female: WeightedIndex
    dist_male: WeightedIndex
    dist_any: WeightedIndex  # female and male names together, each sex at its population share
    weights: F64  # per first-name entry, within its sex
    surname: pa.Array
    surname_token: pa.Array
    surname_weight: F64
    dist_surname: WeightedIndex
    has_particle: npt.NDArray[np.bool_]
    last_vocab: pa.Array  # plain surnames, then the same with their particle ("da Silva")
    middle_vocab: pa.Array  # " Silva " ... plus " " (no middle surname) at index len(surname)
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]


@cache
def people() -> People:
    """The people data, loaded once."""
    fem = assets.rows("pt_BR", "first_names_female.tsv")
    mal = assets.rows("pt_BR", "first_names_male.tsv")
    sur = assets.rows("pt_BR", "surnames.tsv")
    first_names = [r[0] for r in fem] + [r[0] for r in mal]
    surnames = [r[0] for r in sur]
    particles = [r[2] if len(r) > 2 else "" for r in sur]
    _check_unambiguous_names(first_names, surnames)
    w_female = np.asarray([float(r[1]) for r in fem], dtype=np.float64)
    w_male = np.asarray([float(r[1]) for r in mal], dtype=np.float64)
    share_any = np.concatenate(
        [w_female * (FEMALE_SHARE / w_female.sum()), w_male * ((1 - FEMALE_SHARE) / w_male.sum())]
    )
    return People(
        first=vocabulary(first_names),
        first_token=vocabulary([ascii_letters(n) for n in first_names]),
        n_female=len(fem),
        dist_female=WeightedIndex.of(w_female),
        dist_male=WeightedIndex.of(w_male),
        dist_any=WeightedIndex.of(share_any),
        weights=np.concatenate([w_female, w_male]),
        surname=vocabulary(surnames),
        surname_token=vocabulary([ascii_letters(s) for s in surnames]),
        surname_weight=np.asarray([float(r[1]) for r in sur], dtype=np.float64),
        dist_surname=WeightedIndex.of([float(r[1]) for r in sur]),
        has_particle=np.asarray([bool(p) for p in particles]),
        last_vocab=vocabulary(
            surnames + [f"{p} {s}" if p else s for s, p in zip(surnames, particles, strict=True)]
        ),
        middle_vocab=vocabulary([f" {s} " for s in surnames] + [" "]),
        first_names=tuple(first_names),
        surnames=tuple(surnames),
    )


def _check_unambiguous_names(first_names: list[str], surnames: list[str]) -> None:
    """Full names must parse back uniquely (``from_index`` of names relies on it)."""
    firsts, surs = set(first_names), set(surnames)
    if any(" " in s for s in surs):
        raise ValueError("surnames.tsv: surnames must be single words")
    for name in firsts:
        if " " in name:
            head, tail = name.rsplit(" ", 1)
            if head in firsts and tail in surs:
                raise ValueError(f"first name {name!r} is also {head!r} + surname {tail!r}")


def first_range(sex: str) -> tuple[int, int]:
    """[lo, hi) of the first names of ``sex`` in :attr:`People.first`."""
    p = people()
    if sex == "female":
        return 0, p.n_female
    if sex == "male":
        return p.n_female, len(p.first_names)
    return 0, len(p.first_names)


@cache
def _distinct_first(sex: str) -> pa.Array:
    lo, hi = first_range(sex)
    return vocabulary(sorted(set(people().first_names[lo:hi])))


def draw_first(person: Stream, rows: Rows, sex: str) -> I64:
    """Index into ``People.first`` (weighted by frequency; ``any``: sex by population share)."""
    p = people()
    stream = person.sub("first")
    if sex == "female":
        return p.dist_female.draw(stream, rows)
    if sex == "male":
        return p.n_female + p.dist_male.draw(stream, rows)
    return p.dist_any.draw(stream, rows)


def draw_last(person: Stream, rows: Rows) -> I64:
    """Index into ``People.surname``, weighted by frequency."""
    return people().dist_surname.draw(person.sub("last"), rows)


def name_parts_from_index(
    idx: I64, n_first: int, n_surnames: int, two_surnames: bool
) -> tuple[I64, I64, I64]:
    """The ``idx``-th (first name, surname, other surname) of a full-name space.

    The space is first x surname (``n_first * n_surnames`` names), or with ``two_surnames``
    first x surname x (no other surname, or one of the ``n_surnames - 1`` others):
    ``n_first * n_surnames**2`` names. The other surname is -1 when there is none, else an index
    different from the surname, so distinct indices give distinct names.

    Example:
        >>> first, surname, other = name_parts_from_index(np.arange(4), 1, 2, True)
        >>> surname.tolist(), other.tolist()
        ([0, 1, 0, 1], [-1, -1, 1, 0])
    """
    first, rest = idx % n_first, idx // n_first
    if not two_surnames:
        return first, rest, np.full(idx.shape[0], -1, dtype=np.int64)
    surname, m = rest % n_surnames, rest // n_surnames  # m = 0: none, 1..S-1: another surname
    other = np.where(m == 0, -1, (m - 1) + ((m - 1) >= surname))
    return first, surname, other


class NameParams(Params):
    sex: Sex = sex_field()
    second_surname: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Probability of a second surname before the last (Ana Oliveira Santos).",
    )
    particles: bool = Field(
        True, description="Sometimes write the last surname with its particle (da Silva)."
    )
    group: str | None = group_field()


@register
class Name(BrGenerator):
    """Full name ``<first> [<surname>] <surname>``. Example: ``Maria Eduarda Souza da Silva``."""

    id = "semantic.br.name"
    summary = "Brazilian full name: weighted first name by sex and one or two surnames."
    params_model = NameParams
    pii = pii.NAME

    def generate(self, ctx: GenContext, params: NameParams, rows: Rows) -> pa.Array:
        p = people()
        person = person_stream(ctx, self.id, params, params.group)
        own = ctx.stream(self.id, params)
        first = draw_first(person, rows, params.sex)
        last = draw_last(person, rows)
        n_sur = len(p.surnames)
        middle = np.full(rows.shape[0], n_sur, dtype=np.int64)
        if params.second_surname > 0:
            mid = p.dist_surname.draw(person.sub("middle"), rows)
            use = person.sub("has_middle").bernoulli(rows, params.second_surname) & (mid != last)
            middle = np.where(use, mid, middle)
        if params.particles:
            particle = own.sub("particle").bernoulli(rows, 0.25) & p.has_particle[last]
            last = last + n_sur * particle
        return join_picks([(p.first, first), (p.middle_vocab, middle), (p.last_vocab, last)])

    def value_space(self, ctx: GenContext, params: NameParams) -> int:
        firsts = len(_distinct_first(params.sex))
        n_sur = len(people().surnames)
        return firsts * n_sur * n_sur if params.second_surname > 0 else firsts * n_sur

    def from_index(self, ctx: GenContext, params: NameParams, idx: Any) -> pa.Array:
        p = people()
        n_sur = len(p.surnames)
        firsts = _distinct_first(params.sex)
        first, last, other = name_parts_from_index(
            as_i64(idx), len(firsts), n_sur, params.second_surname > 0
        )
        middle = np.where(other < 0, n_sur, other)  # the other surname comes before the last
        return join_picks([(firsts, first), (p.middle_vocab, middle), (p.surname, last)])

    def _length_bounds(self, params: NameParams) -> tuple[int, int]:
        p = people()
        longest_sur = max_chars(p.last_vocab.to_pylist())
        mid = max_chars(p.surnames) + 1 if params.second_surname > 0 else 0
        return 5, max_chars(p.first_names) + 1 + mid + longest_sur


class FirstNameParams(Params):
    sex: Sex = sex_field()


@register
class FirstName(BrGenerator):
    """First name weighted by frequency (compound names such as ``Maria Eduarda`` included)."""

    id = "semantic.br.first_name"
    summary = "Brazilian first name, weighted by frequency, by sex."
    params_model = FirstNameParams
    pii = pii.NAME

    def generate(self, ctx: GenContext, params: FirstNameParams, rows: Rows) -> pa.Array:
        return take(people().first, draw_first(ctx.stream(self.id, params), rows, params.sex))

    def value_space(self, ctx: GenContext, params: FirstNameParams) -> int:
        return len(_distinct_first(params.sex))

    def from_index(self, ctx: GenContext, params: FirstNameParams, idx: Any) -> pa.Array:
        return take(_distinct_first(params.sex), as_i64(idx))

    def _length_bounds(self, params: FirstNameParams) -> tuple[int, int]:
        return 2, max_chars(people().first_names)


@register
class LastName(BrGenerator):
    """Surname weighted by frequency. Example: ``Silva``."""

    id = "semantic.br.last_name"
    summary = "Brazilian surname, weighted by frequency."
    params_model = NoParams
    pii = pii.NAME

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        return take(people().surname, draw_last(ctx.stream(self.id, params), rows))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return len(people().surnames)

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(people().surname, as_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 2, max_chars(people().surnames)
