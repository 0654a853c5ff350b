"""Brazilian semantic generators (``semantic.br.*``): people, documents, places and commerce.

Every generator here is vectorized (NumPy on counter-based random words, Arrow ``take`` / ``join``
for text, ``uint8`` matrices for fixed-width codes) and reads its data from ``assets/pt_BR/``,
written for this project: first names by sex and surnames with realistic frequencies, 550+ cities
with their state, IBGE code, population and DDD, the 27 states with their real CEP prefix ranges
and DDDs, streets, neighbourhoods, company-name parts, products and safe e-mail domains.

Documents carry valid check digits (CPF, CNPJ numeric and the alphanumeric format of 2026, PIS,
CNH, RENAVAM, SP RG) and are unique by construction: ``value_space`` is exact and ``from_index``
maps ``[0, value_space)`` injectively onto valid documents, so a UNIQUE column gets distinct CPFs
that look real.

Row agreement (groups)
----------------------
City, UF, CEP, phone and address draw a *place* (a city, weighted by population) with
:func:`sample_places`. By default the draw is keyed by the column, so each column picks its own
place. Give the columns of one table the same ``group`` param and the place stream is keyed by
(seed, table, group) instead, so every column of the group sees the same city in each row: the
CEP lies in that city's range, the phone has its DDD, the UF is its state. Likewise ``group`` on
``semantic.br.name`` and ``semantic.br.email.safe`` makes the e-mail derive from the same person's
name. Members of a group must use the same ``uf`` (places) or ``sex`` (people) param to agree::

    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "nome",
     "generator": {"id": "semantic.br.name", "params": {"group": "cliente"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "email",
     "generator": {"id": "semantic.br.email.safe", "params": {"group": "cliente"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "cidade",
     "generator": {"id": "semantic.br.city", "params": {"group": "endereco"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "uf",
     "generator": {"id": "semantic.br.uf", "params": {"group": "endereco"}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "cep",
     "generator": {"id": "semantic.br.cep", "params": {"group": "endereco", "formatted": true}}},
    {"type": "column_generator", "schema": "crm", "table": "clientes", "column": "telefone",
     "generator": {"id": "semantic.br.phone", "params": {"group": "endereco",
                                                        "format": "national"}}}

gives rows such as ``Ana Oliveira Santos | ana.santos1987@exemplo.example | Campinas | SP |
13024-512 | (19) 99712-3456``. Groups shape the random draws of ``generate``; the unique path
(``from_index``) derives each value from its own index, so a group member that is also a
UNIQUE key does not agree with the others.

Example:
    >>> import numpy as np
    >>> from datalchemy.generators.base import GenContext
    >>> ctx = GenContext.for_column(seed=7, table="crm.clientes", column="cpf")
    >>> gen = Cpf()
    >>> values = gen.generate(ctx, gen.parse_params({"formatted": True}), np.arange(3))
    >>> [len(v) for v in values.to_pylist()]
    [14, 14, 14]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import cache
from importlib import resources
from typing import Any, ClassVar, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import Field, field_validator, model_validator

from datalchemy.contracts.common import Issue
from datalchemy.contracts.schema import TypeFamily
from datalchemy.determinism import ALGORITHM_VERSION, Stream, derive_key, mix64
from datalchemy.generators._arrow import (
    ascii_digits,
    decimals_from_unscaled,
    digit_matrix,
    join,
    strings_from_matrix,
    take,
    vocabulary,
)
from datalchemy.generators.base import (
    TEXTUAL,
    ColumnFacts,
    GenContext,
    Generator,
    NoParams,
    Params,
    Rows,
)
from datalchemy.generators.registry import register

__all__ = [
    "UF_CODES",
    "Address",
    "Cep",
    "City",
    "Cnh",
    "Cnpj",
    "CompanyName",
    "Cpf",
    "EmailSafe",
    "FirstName",
    "Ip",
    "LastName",
    "MoneyBrl",
    "Name",
    "Neighborhood",
    "Phone",
    "Pis",
    "PixKey",
    "Plate",
    "ProductName",
    "Renavam",
    "Rg",
    "Street",
    "Uf",
    "Url",
    "group_stream",
    "sample_places",
]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
U8 = npt.NDArray[np.uint8]

#: The 27 federative units, in alphabetical order of their codes.
UF_CODES: tuple[str, ...] = (
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
)  # fmt: skip
UfCode = Literal[
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
]  # fmt: skip
Sex = Literal["any", "female", "male"]

#: Share of women in the population (IBGE, Censo 2022), used when ``sex`` is ``any``.
FEMALE_SHARE = 0.515

_ZERO = np.uint8(ord("0"))
_ALNUM = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
_UPPER = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


# --------------------------------------------------------------------------------------------
# Small vectorized helpers
# --------------------------------------------------------------------------------------------


def _i64(idx: npt.ArrayLike) -> I64:
    """Indices as int64 (value spaces here stay below 2**62, so this is exact)."""
    out: I64 = np.asarray(idx).astype(np.int64)
    return out


@dataclass(frozen=True)
class _Dist:
    """A categorical distribution: normalized CDF plus a guide table for fast inversion.

    ``guide[j]`` is the first category whose CDF exceeds ``j / K``; a draw ``u`` starts at
    ``guide[floor(u * K)]`` and steps forward past every CDF value ``<= u``. ``K`` is a power of
    two, so ``j / K <= u`` holds exactly and the result equals ``searchsorted(cdf, u, "right")``.
    """

    cdf: F64
    guide: I64

    GUIDE_BITS: ClassVar[int] = 14


def _cdf(weights: npt.ArrayLike) -> _Dist:
    w = np.asarray(weights, dtype=np.float64)
    c = np.cumsum(w)
    cdf: F64 = c / c[-1]
    k = 1 << _Dist.GUIDE_BITS
    starts = np.arange(k, dtype=np.float64) / k
    guide = np.minimum(np.searchsorted(cdf, starts, side="right"), cdf.shape[0] - 1)
    return _Dist(cdf, guide.astype(np.int64))


def _pick(stream: Stream, rows: Rows, dist: _Dist) -> I64:
    """Weighted index draw (inverse CDF through the guide table)."""
    u = stream.uniform(rows)
    idx: I64 = dist.guide[(u * (1 << _Dist.GUIDE_BITS)).astype(np.int64)]
    last = dist.cdf.shape[0] - 1
    pending = np.flatnonzero((dist.cdf[idx] <= u) & (idx < last))
    while pending.size:
        idx[pending] += 1
        pending = pending[(dist.cdf[idx[pending]] <= u[pending]) & (idx[pending] < last)]
    return idx


def _masked(chars: U8, mask: str) -> pa.StringArray:
    """Place the columns of ``chars`` (ASCII) into the ``#`` slots of ``mask``."""
    slots = [i for i, ch in enumerate(mask) if ch == "#"]
    if len(slots) != chars.shape[1]:
        raise ValueError("mask does not match the number of characters")
    if len(slots) == len(mask):
        return strings_from_matrix(chars)
    out = np.empty((chars.shape[0], len(mask)), dtype=np.uint8)
    out[:] = np.frombuffer(mask.encode("ascii"), dtype=np.uint8)
    out[:, slots] = chars
    return strings_from_matrix(out)


def _ragged(matrix: U8, lengths: I64) -> pa.StringArray:
    """One string per row from the first ``lengths[i]`` bytes of row ``i`` (left-aligned)."""
    n, width = matrix.shape
    keep = np.arange(width)[None, :] < lengths[:, None]
    data = np.ascontiguousarray(matrix)[keep]
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))


def _mod11(values: I64, weights: Sequence[int]) -> I64:
    """The usual mod-11 check digit: 0 when the remainder is 0 or 1, else 11 - remainder."""
    r = (values @ np.asarray(weights, dtype=np.int64)) % 11
    return np.where(r < 2, 0, 11 - r).astype(np.int64)


def _skip(idx: I64, excluded: Sequence[int]) -> I64:
    """The ``idx``-th integer not in ``excluded`` (sorted ascending): a bijection onto the rest."""
    out = idx.copy()
    for e in excluded:
        out += out >= e
    return out


def _fold(text: str) -> str:
    """Lowercase ASCII letters only: ``"João Pedro"`` -> ``"joaopedro"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalpha()).lower()


def _slug(text: str) -> str:
    """URL slug: ``"Café Torrado 500g"`` -> ``"cafe-torrado-500g"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if c.isascii()).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _max_utf8_len(values: Sequence[str]) -> int:
    return max((len(v) for v in values), default=0)


def group_stream(ctx: GenContext, group: str) -> Stream:
    """The stream shared by every column of ``ctx.table`` that names ``group``.

    It depends on the seed, table, group name, algorithm version and retry round only (not on the
    column, generator or params), so all members of a group draw the same place or person.
    """
    return Stream(derive_key(ctx.seed, ctx.table, "group", group, ALGORITHM_VERSION, ctx.attempt))


# --------------------------------------------------------------------------------------------
# Assets (loaded lazily, once per process)
# --------------------------------------------------------------------------------------------


def _asset_text(name: str) -> str:
    root = resources.files("datalchemy.generators") / "assets" / "pt_BR" / name
    return root.read_text(encoding="utf-8")


def _asset_rows(name: str) -> list[list[str]]:
    """Non-blank, non-comment lines split on tabs (trailing empty fields kept)."""
    out = []
    for line in _asset_text(name).splitlines():
        line = line.rstrip("\r")
        if line.strip() and not line.startswith("#"):
            out.append([field.strip() for field in line.split("\t")])
    return out


def _prefix_ranges(text: str) -> list[tuple[int, int]]:
    out = []
    for part in text.split(","):
        lo, hi = part.split("-")
        out.append((int(lo), int(hi)))
    return out


@dataclass(frozen=True)
class _People:
    first: pa.Array  # female names, then male names
    first_token: pa.Array  # ASCII e-mail token of each first name
    n_female: int
    dist_female: _Dist
    dist_male: _Dist
    dist_any: _Dist  # female and male names together, each sex at its population share
    weights: F64  # per first-name entry, within its sex
    surname: pa.Array
    surname_token: pa.Array
    surname_weight: F64
    dist_surname: _Dist
    has_particle: npt.NDArray[np.bool_]
    last_vocab: pa.Array  # plain surnames, then the same with their particle ("da Silva")
    middle_vocab: pa.Array  # "Silva " ... plus "" (no middle surname) at index len(surname)
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]


@cache
def _people() -> _People:
    fem = _asset_rows("first_names_female.tsv")
    mal = _asset_rows("first_names_male.tsv")
    sur = _asset_rows("surnames.tsv")
    first_names = [r[0] for r in fem] + [r[0] for r in mal]
    surnames = [r[0] for r in sur]
    particles = [r[2] if len(r) > 2 else "" for r in sur]
    _check_unambiguous_names(first_names, surnames)
    w_female = np.asarray([float(r[1]) for r in fem], dtype=np.float64)
    w_male = np.asarray([float(r[1]) for r in mal], dtype=np.float64)
    return _People(
        first=vocabulary(first_names),
        first_token=vocabulary([_fold(n) for n in first_names]),
        n_female=len(fem),
        dist_female=_cdf(w_female),
        dist_male=_cdf(w_male),
        dist_any=_cdf(
            np.concatenate(
                [
                    w_female * (FEMALE_SHARE / w_female.sum()),
                    w_male * ((1 - FEMALE_SHARE) / w_male.sum()),
                ]
            )
        ),
        weights=np.concatenate([w_female, w_male]),
        surname=vocabulary(surnames),
        surname_token=vocabulary([_fold(s) for s in surnames]),
        surname_weight=np.asarray([float(r[1]) for r in sur], dtype=np.float64),
        dist_surname=_cdf([float(r[1]) for r in sur]),
        has_particle=np.asarray([bool(p) for p in particles]),
        last_vocab=vocabulary(
            surnames + [f"{p} {s}" if p else s for s, p in zip(surnames, particles, strict=True)]
        ),
        middle_vocab=vocabulary([s + " " for s in surnames] + [""]),
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


def _first_range(sex: str) -> tuple[int, int]:
    p = _people()
    if sex == "female":
        return 0, p.n_female
    if sex == "male":
        return p.n_female, len(p.first_names)
    return 0, len(p.first_names)


@cache
def _distinct_first(sex: str) -> pa.Array:
    lo, hi = _first_range(sex)
    return vocabulary(sorted(set(_people().first_names[lo:hi])))


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
    p = _people()
    lo, hi = _first_range(sex)
    w = p.weights[lo:hi].copy()
    if sex == "any":  # each sex's weights sum to its share of the population
        w[: p.n_female] *= FEMALE_SHARE / w[: p.n_female].sum()
        w[p.n_female :] *= (1 - FEMALE_SHARE) / w[p.n_female :].sum()
    first, first_cum = _capacities([_fold(n) for n in p.first_names[lo:hi]], w)
    last, last_cum = _capacities([_fold(s) for s in p.surnames], p.surname_weight)
    return _EmailSpace(vocabulary(first), first_cum, vocabulary(last), last_cum)


@dataclass(frozen=True)
class _Places:
    city: pa.Array  # city names, cities sorted by (UF, name)
    city_uf: pa.Array  # "Campinas - SP"
    city_names: tuple[str, ...]
    uf_of_city: I64  # index into UF_CODES
    population: F64
    ddd: I64
    cep_prefix: I64  # 5-digit CEP prefixes of every city, concatenated in city order
    cep_first: I64  # per city: offset of its first prefix in cep_prefix
    cep_count: I64  # per city: number of prefixes
    uf_code: pa.Array
    uf_name: pa.Array
    uf_names: tuple[str, ...]
    uf_cep_ranges: dict[str, tuple[tuple[int, int], ...]]
    uf_ddds: dict[str, tuple[int, ...]]
    span: dict[str | None, tuple[int, int]]  # UF (None: all) -> [lo, hi) of its cities
    dist: dict[str | None, _Dist]  # UF -> population distribution over its span


@cache
def _places() -> _Places:
    ufs = _asset_rows("ufs.tsv")
    if tuple(r[0] for r in ufs) != UF_CODES:
        raise ValueError("ufs.tsv must list the 27 UFs in code order")
    uf_ranges = {r[0]: tuple(_prefix_ranges(r[3])) for r in ufs}
    uf_ddds = {r[0]: tuple(int(d) for d in r[4].split(",")) for r in ufs}
    uf_pos = {code: i for i, code in enumerate(UF_CODES)}
    # name, uf, ibge, population, ddd, cep_prefixes (an editor may drop trailing empty fields)
    rows = [r + [""] * (6 - len(r)) for r in _asset_rows("cities.tsv")]
    rows.sort(key=lambda r: (uf_pos[r[1]], r[0]))
    n = len(rows)
    # CEP prefixes: a city's own ranges when known, else an equal share of its state's free ones.
    prefixes: list[list[int]] = [[] for _ in range(n)]
    for uf in UF_CODES:
        members = [i for i in range(n) if rows[i][1] == uf]
        taken: set[int] = set()
        for i in members:
            if rows[i][5]:
                for lo, hi in _prefix_ranges(rows[i][5]):
                    prefixes[i].extend(range(lo, hi + 1))
                taken.update(prefixes[i])
        free = [p for lo, hi in uf_ranges[uf] for p in range(lo, hi + 1) if p not in taken]
        unknown = [i for i in members if not rows[i][5]]
        for k, i in enumerate(unknown):
            share = free[k * len(free) // len(unknown) : (k + 1) * len(free) // len(unknown)]
            if not share:
                raise ValueError(f"cities.tsv: no free CEP prefixes left for {rows[i][0]}")
            prefixes[i] = share
    counts = np.asarray([len(p) for p in prefixes], dtype=np.int64)
    first = np.zeros(n, dtype=np.int64)
    first[1:] = np.cumsum(counts)[:-1]
    uf_of_city = np.asarray([uf_pos[r[1]] for r in rows], dtype=np.int64)
    population = np.asarray([float(r[3]) for r in rows], dtype=np.float64)
    span: dict[str | None, tuple[int, int]] = {None: (0, n)}
    for k, uf in enumerate(UF_CODES):
        where = np.flatnonzero(uf_of_city == k)
        span[uf] = (int(where[0]), int(where[-1]) + 1)
    names = tuple(r[0] for r in rows)
    return _Places(
        city=vocabulary(names),
        city_uf=vocabulary([f"{r[0]} - {r[1]}" for r in rows]),
        city_names=names,
        uf_of_city=uf_of_city,
        population=population,
        ddd=np.asarray([int(r[4]) for r in rows], dtype=np.int64),
        cep_prefix=np.asarray([p for ps in prefixes for p in ps], dtype=np.int64),
        cep_first=first,
        cep_count=counts,
        uf_code=vocabulary(UF_CODES),
        uf_name=vocabulary([r[1] for r in ufs]),
        uf_names=tuple(r[1] for r in ufs),
        uf_cep_ranges=uf_ranges,
        uf_ddds=uf_ddds,
        span=span,
        dist={uf: _cdf(population[lo:hi]) for uf, (lo, hi) in span.items()},
    )


def sample_places(stream: Stream, rows: Rows, uf: str | None = None) -> I64:
    """City indices (into the places table), weighted by population, one per row.

    Columns that pass the same ``stream`` (see :func:`group_stream`) and ``uf`` get the same city
    for each row. ``uf`` restricts the draw to one state's cities.
    """
    places = _places()
    lo, _ = places.span[uf]
    return lo + _pick(stream, rows, places.dist[uf])


def _place_stream(ctx: GenContext, gen_id: str, params: Params, group: str | None) -> Stream:
    if group is not None:
        return group_stream(ctx, group).sub("place")
    return ctx.stream(gen_id, params, "place")


def _person_stream(ctx: GenContext, gen_id: str, params: Params, group: str | None) -> Stream:
    if group is not None:
        return group_stream(ctx, group).sub("person")
    return ctx.stream(gen_id, params, "person")


@dataclass(frozen=True)
class _Streets:
    full: pa.Array  # "Rua Sete de Setembro": type-major, len(types) * len(names)
    full_dist: _Dist
    n_names: int
    n_types: int
    max_len: int


@cache
def _streets() -> _Streets:
    names = _asset_rows("streets.tsv")
    types = _asset_rows("street_types.tsv")
    full = [f"{t[0]} {s[0]}" for t in types for s in names]
    w = np.outer([float(t[1]) for t in types], [float(s[1]) for s in names]).ravel()
    return _Streets(vocabulary(full), _cdf(w), len(names), len(types), _max_utf8_len(full))


@cache
def _text_list(name: str) -> tuple[str, ...]:
    return tuple(r[0] for r in _asset_rows(name))


@cache
def _text_vocab(name: str) -> pa.Array:
    return vocabulary(_text_list(name))


@cache
def _complements() -> tuple[pa.Array, _Dist, int]:
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
    return vocabulary(texts), _cdf(weights), _max_utf8_len(texts)


@cache
def _numbers_vocab(n: int, zero: str = "") -> pa.Array:
    """``[zero, "1", "2", ..., str(n - 1)]``: a vocabulary to take small numbers from."""
    return vocabulary([zero] + [str(i) for i in range(1, n)])


def _domains() -> pa.Array:
    return _text_vocab("email_domains.txt")


# --------------------------------------------------------------------------------------------
# Base class and shared params
# --------------------------------------------------------------------------------------------


def _group_field() -> Any:
    return Field(
        None,
        min_length=1,
        max_length=64,
        description=(
            "Row-agreement group: columns of the same table with the same group draw the same "
            "place (city, UF, CEP, phone, address) or person (name, e-mail) in each row."
        ),
    )


def _uf_field(what: str) -> Any:
    return Field(None, description=f"Only {what} of this state (UF code such as SP).")


def _formatted_field(example: str, raw: str) -> Any:
    return Field(False, description=f"Punctuated ({example}) instead of raw ({raw}).")


class _BrGenerator(Generator[Any]):
    """Shared behaviour: pt_BR locale and a length check against ``varchar(n)`` columns."""

    locales: ClassVar[tuple[str, ...] | None] = ("pt_BR",)

    def _length_bounds(self, params: Any) -> tuple[int, int] | None:
        """(shortest, longest) value in characters, when known."""
        return None

    def check(self, params: Any, facts: ColumnFacts) -> list[Issue]:
        bounds = self._length_bounds(params)
        if bounds is None or facts.length is None or bounds[1] <= facts.length:
            return []
        shortest, longest = bounds
        every = shortest > facts.length
        return [
            Issue(
                severity="error" if every else "warning",
                code="value_too_long",
                message=(
                    f"{self.id} makes values of {shortest}-{longest} characters; the column holds "
                    f"{facts.length}"
                ),
                hint="use a wider column, other params (such as formatted: false), or "
                "transform.truncate",
            )
        ]


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------

#: The ninth CPF digit is the fiscal region that issued it.
_CPF_REGION = {
    "DF": 1, "GO": 1, "MS": 1, "MT": 1, "TO": 1, "AC": 2, "AM": 2, "AP": 2, "PA": 2, "RO": 2,
    "RR": 2, "CE": 3, "MA": 3, "PI": 3, "AL": 4, "PB": 4, "PE": 4, "RN": 4, "BA": 5, "SE": 5,
    "MG": 6, "ES": 7, "RJ": 7, "SP": 8, "PR": 9, "SC": 9, "RS": 0,
}  # fmt: skip


class CpfParams(Params):
    formatted: bool = _formatted_field("123.456.789-09", "12345678909")
    uf: UfCode | None = Field(
        None, description="State whose fiscal region issued the CPF (sets the ninth digit)."
    )


def _cpf_space(uf: str | None) -> int:
    # Bases made of one repeated digit (000000000, 111111111, ...) give invalid CPFs.
    return 10**9 - 10 if uf is None else 10**8 - 1


def _cpf_from_index(i: I64, uf: str | None, formatted: bool) -> pa.Array:
    if uf is None:
        base = _skip(i, [r * 111_111_111 for r in range(10)])
    else:
        region = _CPF_REGION[uf]
        base = _skip(i, [region * 11_111_111]) * 10 + region
    d = np.empty((i.shape[0], 11), dtype=np.int64)
    d[:, :9] = digit_matrix(base, 9)
    d[:, 9] = _mod11(d[:, :9], range(10, 1, -1))
    d[:, 10] = _mod11(d[:, :10], range(11, 1, -1))
    chars = d.astype(np.uint8) + _ZERO
    return _masked(chars, "###.###.###-##" if formatted else "#" * 11)


@register
class Cpf(_BrGenerator):
    """CPF with valid mod-11 check digits. Example: ``529.982.247-25`` when formatted."""

    id = "semantic.br.cpf"
    summary = "Brazilian CPF (valid check digits; optional punctuation and issuing region)."
    params_model = CpfParams
    pii = frozenset({"pii.cpf"})

    def generate(self, ctx: GenContext, params: CpfParams, rows: Rows) -> pa.Array:
        space = _cpf_space(params.uf)
        i = ctx.stream(self.id, params).integers(rows, 0, space - 1)
        return _cpf_from_index(i, params.uf, params.formatted)

    def value_space(self, ctx: GenContext, params: CpfParams) -> int:
        return _cpf_space(params.uf)

    def from_index(self, ctx: GenContext, params: CpfParams, idx: Any) -> pa.Array:
        return _cpf_from_index(_i64(idx), params.uf, params.formatted)

    def _length_bounds(self, params: CpfParams) -> tuple[int, int]:
        n = 14 if params.formatted else 11
        return n, n


class CnpjParams(Params):
    formatted: bool = _formatted_field("12.345.678/0001-95", "12345678000195")
    alphanumeric: bool = Field(
        False,
        description=(
            "The alphanumeric CNPJ of 2026: root of 8 characters in [0-9A-Z], numeric check "
            "digits computed from ASCII code - 48."
        ),
    )
    branch: Literal["headquarters", "any"] = Field(
        "headquarters",
        description="headquarters: order number 0001; any: mostly 0001, some branches 0002+ "
        "(the unique path uses 0001-9999).",
    )


_CNPJ_W1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_W2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def _cnpj_roots(alphanumeric: bool) -> int:
    return 36**8 if alphanumeric else 10**8


def _cnpj_render(root: I64, branch: I64, p: CnpjParams) -> pa.Array:
    n = root.shape[0]
    chars = np.empty((n, 14), dtype=np.uint8)
    if p.alphanumeric:
        r = root.copy()
        for col in range(7, -1, -1):
            chars[:, col] = _ALNUM[r % 36]
            r //= 36
    else:
        chars[:, :8] = ascii_digits(root, 8)
    chars[:, 8:12] = ascii_digits(branch, 4)
    values = chars[:, :12].astype(np.int64) - 48
    dv1 = _mod11(values, _CNPJ_W1)
    dv2 = _mod11(np.column_stack([values, dv1]), _CNPJ_W2)
    chars[:, 12] = dv1.astype(np.uint8) + _ZERO
    chars[:, 13] = dv2.astype(np.uint8) + _ZERO
    return _masked(chars, "##.###.###/####-##" if p.formatted else "#" * 14)


@register
class Cnpj(_BrGenerator):
    """CNPJ with valid check digits, numeric or alphanumeric (2026). ``12.ABC.345/0001-xx``."""

    id = "semantic.br.cnpj"
    summary = "Brazilian CNPJ (numeric or the 2026 alphanumeric format, valid check digits)."
    params_model = CnpjParams
    pii = frozenset({"pii.cnpj"})

    def generate(self, ctx: GenContext, params: CnpjParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        root = s.sub("root").integers(rows, 0, _cnpj_roots(params.alphanumeric) - 1)
        branch = np.ones(rows.shape[0], dtype=np.int64)
        if params.branch == "any":
            extra = s.sub("branch")
            other = extra.bernoulli(rows, 0.2)
            branch = np.where(other, extra.sub("n").integers(rows, 2, 40), branch)
        return _cnpj_render(root, branch, params)

    def value_space(self, ctx: GenContext, params: CnpjParams) -> int:
        roots = _cnpj_roots(params.alphanumeric)
        return roots if params.branch == "headquarters" else roots * 9999

    def from_index(self, ctx: GenContext, params: CnpjParams, idx: Any) -> pa.Array:
        i = _i64(idx)
        roots = _cnpj_roots(params.alphanumeric)
        if params.branch == "headquarters":
            return _cnpj_render(i, np.ones_like(i), params)
        return _cnpj_render(i % roots, i // roots + 1, params)

    def _length_bounds(self, params: CnpjParams) -> tuple[int, int]:
        n = 18 if params.formatted else 14
        return n, n


class RgParams(Params):
    formatted: bool = _formatted_field("12.345.678-X", "12345678X")


_RG_LOW, _RG_HIGH = 1_000_000, 100_000_000


def _rg_from_index(i: I64, formatted: bool) -> pa.Array:
    d = digit_matrix(i + _RG_LOW, 8).astype(np.int64)
    dv = (11 - (d @ np.arange(2, 10, dtype=np.int64)) % 11) % 11  # 10 is written X
    chars = np.empty((i.shape[0], 9), dtype=np.uint8)
    chars[:, :8] = d.astype(np.uint8) + _ZERO
    chars[:, 8] = np.where(dv == 10, ord("X"), dv + 48).astype(np.uint8)
    return _masked(chars, "##.###.###-#" if formatted else "#" * 9)


@register
class Rg(_BrGenerator):
    """RG in the São Paulo format: 8 digits and a mod-11 check digit (``X`` for 10)."""

    id = "semantic.br.rg"
    summary = "Brazilian RG (SP algorithm: 8 digits + check digit, X for 10)."
    params_model = RgParams
    pii = frozenset({"pii.rg"})

    def generate(self, ctx: GenContext, params: RgParams, rows: Rows) -> pa.Array:
        i = ctx.stream(self.id, params).integers(rows, 0, _RG_HIGH - _RG_LOW - 1)
        return _rg_from_index(i, params.formatted)

    def value_space(self, ctx: GenContext, params: RgParams) -> int:
        return _RG_HIGH - _RG_LOW

    def from_index(self, ctx: GenContext, params: RgParams, idx: Any) -> pa.Array:
        return _rg_from_index(_i64(idx), params.formatted)

    def _length_bounds(self, params: RgParams) -> tuple[int, int]:
        n = 12 if params.formatted else 9
        return n, n


class PisParams(Params):
    formatted: bool = _formatted_field("120.54321.45-6", "12054321456")


# PIS/PASEP/NIT numbers start with 1 or 2.
_PIS_LOW, _PIS_HIGH = 1_000_000_000, 3_000_000_000


def _pis_from_index(i: I64, formatted: bool) -> pa.Array:
    d = np.empty((i.shape[0], 11), dtype=np.int64)
    d[:, :10] = digit_matrix(i + _PIS_LOW, 10)
    d[:, 10] = _mod11(d[:, :10], (3, 2, 9, 8, 7, 6, 5, 4, 3, 2))
    return _masked(d.astype(np.uint8) + _ZERO, "###.#####.##-#" if formatted else "#" * 11)


@register
class Pis(_BrGenerator):
    """PIS/PASEP/NIT: 10 digits (starting with 1 or 2) and a mod-11 check digit."""

    id = "semantic.br.pis"
    summary = "Brazilian PIS/PASEP/NIT number with a valid check digit."
    params_model = PisParams
    pii = frozenset({"pii.pis"})

    def generate(self, ctx: GenContext, params: PisParams, rows: Rows) -> pa.Array:
        i = ctx.stream(self.id, params).integers(rows, 0, _PIS_HIGH - _PIS_LOW - 1)
        return _pis_from_index(i, params.formatted)

    def value_space(self, ctx: GenContext, params: PisParams) -> int:
        return _PIS_HIGH - _PIS_LOW

    def from_index(self, ctx: GenContext, params: PisParams, idx: Any) -> pa.Array:
        return _pis_from_index(_i64(idx), params.formatted)

    def _length_bounds(self, params: PisParams) -> tuple[int, int]:
        n = 14 if params.formatted else 11
        return n, n


# CNH: the first check digit is sum(d_i * (9..1)) % 11. Validators disagree on what follows when
# that remainder is 10, so we only emit bases whose remainder is 0-9 (the ninth digit is chosen
# among the 9 values that avoid 10), where every common variant agrees. Index j = first8 * 9 +
# pick; the bases of one repeated digit 0-8 (999999999 cannot occur) are skipped.
_CNH_EXCLUDED = [r * 11_111_111 * 9 + r for r in range(9)]
_CNH_SPACE = 10**8 * 9 - 9


def _cnh_from_index(i: I64) -> pa.Array:
    j = _skip(i, _CNH_EXCLUDED)
    first8, pick = j // 9, j % 9
    d = np.empty((i.shape[0], 11), dtype=np.int64)
    d[:, :8] = digit_matrix(first8, 8)
    s8 = (d[:, :8] @ np.arange(9, 1, -1, dtype=np.int64)) % 11
    bad = (10 - s8) % 11  # the ninth digit that would make the remainder 10 (none when 10)
    d[:, 8] = pick + ((bad <= 9) & (pick >= bad))
    d[:, 9] = (s8 + d[:, 8]) % 11
    r2 = (d[:, :9] @ np.arange(1, 10, dtype=np.int64)) % 11
    d[:, 10] = np.where(r2 >= 10, 0, r2)
    return strings_from_matrix(d.astype(np.uint8) + _ZERO)


@register
class Cnh(_BrGenerator):
    """CNH registration number: 9 digits and two check digits (11 digits)."""

    id = "semantic.br.cnh"
    summary = "Brazilian driver's licence (CNH) number with valid check digits."
    params_model = NoParams
    pii = frozenset({"pii.cnh"})

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        return _cnh_from_index(ctx.stream(self.id, params).integers(rows, 0, _CNH_SPACE - 1))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return _CNH_SPACE

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return _cnh_from_index(_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 11, 11


# RENAVAM: 10 digits + check digit ((sum * 10) % 11, 10 -> 0); bases cover current issuance.
_RENAVAM_LOW, _RENAVAM_HIGH = 100_000_000, 1_400_000_000


def _renavam_from_index(i: I64) -> pa.Array:
    d = np.empty((i.shape[0], 11), dtype=np.int64)
    d[:, :10] = digit_matrix(i + _RENAVAM_LOW, 10)
    dv = (d[:, :10] @ np.asarray((3, 2, 9, 8, 7, 6, 5, 4, 3, 2), dtype=np.int64)) * 10 % 11
    d[:, 10] = np.where(dv == 10, 0, dv)
    return strings_from_matrix(d.astype(np.uint8) + _ZERO)


@register
class Renavam(_BrGenerator):
    """RENAVAM vehicle registry number: 11 digits, the last a check digit."""

    id = "semantic.br.renavam"
    summary = "Brazilian RENAVAM (vehicle registry) number with a valid check digit."
    params_model = NoParams
    pii = frozenset({"pii.renavam"})

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        space = _RENAVAM_HIGH - _RENAVAM_LOW
        return _renavam_from_index(ctx.stream(self.id, params).integers(rows, 0, space - 1))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return _RENAVAM_HIGH - _RENAVAM_LOW

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return _renavam_from_index(_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 11, 11


class PlateParams(Params):
    format: Literal["mercosul", "old", "any"] = Field(
        "mercosul", description="mercosul: AAA9A99; old: AAA-9999; any: either."
    )
    formatted: bool = Field(True, description="Hyphen in old plates (AAA-9999 vs AAA9999).")


_PLATE_MERCOSUL = 26**3 * 10 * 26 * 100
_PLATE_OLD = 26**3 * 10**4


def _plate_from_index(i: I64, p: PlateParams) -> pa.Array:
    n = i.shape[0]
    merc = np.ones(n, dtype=bool) if p.format == "mercosul" else np.zeros(n, dtype=bool)
    if p.format == "any":
        merc = i < _PLATE_MERCOSUL
        i = np.where(merc, i, i - _PLATE_MERCOSUL)
    chars = np.empty((n, 8), dtype=np.uint8)
    r = i.copy()
    # Last four: D D (mercosul: D L D D)
    for col in (6, 5):
        chars[:, col] = (r % 10).astype(np.uint8) + _ZERO
        r //= 10
    middle = np.where(merc, r % 26, r % 10)
    r = np.where(merc, r // 26, r // 10)
    chars[:, 4] = np.where(merc, _UPPER[middle % 26], middle.astype(np.uint8) + _ZERO)
    chars[:, 3] = (r % 10).astype(np.uint8) + _ZERO
    r //= 10
    for col in (2, 1, 0):
        chars[:, col] = _UPPER[r % 26]
        r //= 26
    if not p.formatted or p.format == "mercosul":
        return strings_from_matrix(chars[:, :7])
    hyphen = ~merc
    out = chars.copy()  # old plates: AAA-9999 (8 chars); mercosul stay 7
    out[:, 3] = np.where(hyphen, ord("-"), chars[:, 3])
    out[:, 4:8] = np.where(hyphen[:, None], chars[:, 3:7], chars[:, 4:8])
    return _ragged(out, np.where(hyphen, 8, 7).astype(np.int64))


@register
class Plate(_BrGenerator):
    """Vehicle plate: Mercosul ``ABC1D23`` or the old ``ABC-1234``."""

    id = "semantic.br.plate"
    summary = "Brazilian vehicle plate (Mercosul AAA9A99 or old AAA-9999)."
    params_model = PlateParams
    pii = frozenset({"pii.plate"})

    def _space(self, p: PlateParams) -> int:
        return {
            "mercosul": _PLATE_MERCOSUL,
            "old": _PLATE_OLD,
            "any": _PLATE_MERCOSUL + _PLATE_OLD,
        }[p.format]

    def generate(self, ctx: GenContext, params: PlateParams, rows: Rows) -> pa.Array:
        i = ctx.stream(self.id, params).integers(rows, 0, self._space(params) - 1)
        return _plate_from_index(i, params)

    def value_space(self, ctx: GenContext, params: PlateParams) -> int:
        return self._space(params)

    def from_index(self, ctx: GenContext, params: PlateParams, idx: Any) -> pa.Array:
        return _plate_from_index(_i64(idx), params)

    def _length_bounds(self, params: PlateParams) -> tuple[int, int]:
        long = 8 if params.formatted and params.format != "mercosul" else 7
        short = 7 if params.format != "old" else long
        return short, long


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------


def _draw_first(person: Stream, rows: Rows, sex: str) -> I64:
    """Index into ``_People.first`` (weighted by frequency; ``any``: sex by population share)."""
    p = _people()
    stream = person.sub("first")
    if sex == "female":
        return _pick(stream, rows, p.dist_female)
    if sex == "male":
        return p.n_female + _pick(stream, rows, p.dist_male)
    return _pick(stream, rows, p.dist_any)


def _draw_last(person: Stream, rows: Rows) -> I64:
    return _pick(person.sub("last"), rows, _people().dist_surname)


def _sex_field() -> Any:
    return Field("any", description="any (by population share), female or male first names.")


class NameParams(Params):
    sex: Sex = _sex_field()
    second_surname: float = Field(
        0.3,
        ge=0,
        le=1,
        description="Probability of a second surname before the last (Ana Oliveira Santos).",
    )
    particles: bool = Field(
        True, description="Sometimes write the last surname with its particle (da Silva)."
    )
    group: str | None = _group_field()


@register
class Name(_BrGenerator):
    """Full name ``<first> [<surname>] <surname>``. Example: ``Maria Eduarda Souza da Silva``."""

    id = "semantic.br.name"
    summary = "Brazilian full name: weighted first name by sex and one or two surnames."
    params_model = NameParams
    pii = frozenset({"pii.name"})

    def generate(self, ctx: GenContext, params: NameParams, rows: Rows) -> pa.Array:
        p = _people()
        person = _person_stream(ctx, self.id, params, params.group)
        own = ctx.stream(self.id, params)
        first = _draw_first(person, rows, params.sex)
        last = _draw_last(person, rows)
        n_sur = len(p.surnames)
        middle = np.full(rows.shape[0], n_sur, dtype=np.int64)
        if params.second_surname > 0:
            mid = _pick(person.sub("middle"), rows, p.dist_surname)
            use = person.sub("has_middle").bernoulli(rows, params.second_surname) & (mid != last)
            middle = np.where(use, mid, middle)
        if params.particles:
            particle = own.sub("particle").bernoulli(rows, 0.25) & p.has_particle[last]
            last = last + n_sur * particle
        return join(
            [take(p.first, first), " ", take(p.middle_vocab, middle), take(p.last_vocab, last)]
        )

    def value_space(self, ctx: GenContext, params: NameParams) -> int:
        firsts = len(_distinct_first(params.sex))
        n_sur = len(_people().surnames)
        return firsts * n_sur * n_sur if params.second_surname > 0 else firsts * n_sur

    def from_index(self, ctx: GenContext, params: NameParams, idx: Any) -> pa.Array:
        # first x (no middle | middle) x last, with middle != last: F * S * S values.
        p = _people()
        i = _i64(idx)
        n_sur = len(p.surnames)
        firsts = _distinct_first(params.sex)
        first = i % len(firsts)
        rest = i // len(firsts)
        if params.second_surname > 0:
            last = rest % n_sur
            m = rest // n_sur  # 0: none, 1..S-1: a surname other than the last
            middle = np.where(m == 0, n_sur, (m - 1) + ((m - 1) >= last))
        else:
            last = rest
            middle = np.full(i.shape[0], n_sur, dtype=np.int64)
        return join([take(firsts, first), " ", take(p.middle_vocab, middle), take(p.surname, last)])

    def _length_bounds(self, params: NameParams) -> tuple[int, int]:
        p = _people()
        longest_sur = _max_utf8_len(p.last_vocab.to_pylist())
        mid = _max_utf8_len(p.surnames) + 1 if params.second_surname > 0 else 0
        return 5, _max_utf8_len(p.first_names) + 1 + mid + longest_sur


class FirstNameParams(Params):
    sex: Sex = _sex_field()


@register
class FirstName(_BrGenerator):
    """First name weighted by frequency (compound names such as ``Maria Eduarda`` included)."""

    id = "semantic.br.first_name"
    summary = "Brazilian first name, weighted by frequency, by sex."
    params_model = FirstNameParams
    pii = frozenset({"pii.name"})

    def generate(self, ctx: GenContext, params: FirstNameParams, rows: Rows) -> pa.Array:
        return take(_people().first, _draw_first(ctx.stream(self.id, params), rows, params.sex))

    def value_space(self, ctx: GenContext, params: FirstNameParams) -> int:
        return len(_distinct_first(params.sex))

    def from_index(self, ctx: GenContext, params: FirstNameParams, idx: Any) -> pa.Array:
        return take(_distinct_first(params.sex), _i64(idx))

    def _length_bounds(self, params: FirstNameParams) -> tuple[int, int]:
        return 2, _max_utf8_len(_people().first_names)


@register
class LastName(_BrGenerator):
    """Surname weighted by frequency. Example: ``Silva``."""

    id = "semantic.br.last_name"
    summary = "Brazilian surname, weighted by frequency."
    params_model = NoParams
    pii = frozenset({"pii.name"})

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        return take(_people().surname, _draw_last(ctx.stream(self.id, params), rows))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return len(_people().surnames)

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(_people().surname, _i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 2, _max_utf8_len(_people().surnames)


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN_RE = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+$")


def _check_domain(value: str | None) -> str | None:
    if value is not None and not _DOMAIN_RE.match(value):
        raise ValueError("domain must be a lowercase host name such as exemplo.example")
    return value


class EmailParams(Params):
    domain: str | None = Field(
        None,
        description="Domain of every address (default: a mix of safe example domains such as "
        "exemplo.example; never real providers).",
    )
    sex: Sex = _sex_field()
    group: str | None = _group_field()

    @field_validator("domain")
    @classmethod
    def _valid_domain(cls, value: str | None) -> str | None:
        return _check_domain(value)


def _email_values(
    person: Stream, own: Stream, rows: Rows, sex: str, domain: str | None
) -> pa.Array:
    p = _people()
    first = _draw_first(person, rows, sex)
    last = _draw_last(person, rows)
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
    return join([*parts, take(_numbers_vocab(2010), number), "@", dom])


def _email_from_index(i: I64, sex: str, domain: str | None) -> pa.Array:
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


def _email_space_size(sex: str, domain: str | None) -> int:
    return _email_space(sex).size * (1 if domain is not None else len(_domains()))


@register
class EmailSafe(_BrGenerator):
    """E-mail from a Brazilian name on a safe domain. Example: ``ana.silva42@exemplo.example``.

    The unique path is a bijection over (first-name token, surname token, number), each name's
    share of numbers proportional to its frequency, times the domains. With the shipped assets
    and ``sex: any`` that is 5,075 x 5,043 = 25,593,225 addresses per domain, 153,559,350 over the
    6 default domains (``value_space`` gives the exact figure for any params).
    """

    id = "semantic.br.email.safe"
    summary = "E-mail address built from a Brazilian name on a safe example domain."
    params_model = EmailParams
    pii = frozenset({"pii.email"})

    def generate(self, ctx: GenContext, params: EmailParams, rows: Rows) -> pa.Array:
        person = _person_stream(ctx, self.id, params, params.group)
        own = ctx.stream(self.id, params)
        return _email_values(person, own, rows, params.sex, params.domain)

    def value_space(self, ctx: GenContext, params: EmailParams) -> int:
        return _email_space_size(params.sex, params.domain)

    def from_index(self, ctx: GenContext, params: EmailParams, idx: Any) -> pa.Array:
        return _email_from_index(_i64(idx), params.sex, params.domain)


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


class UfParams(Params):
    full_name: bool = Field(False, description="State name (São Paulo) instead of code (SP).")
    uf: UfCode | None = Field(
        None, description="Always this state; in a group, set it as on the other members."
    )
    group: str | None = _group_field()


@register
class Uf(_BrGenerator):
    """State (UF) code of a city drawn by population (or the group's place). Example: ``SP``."""

    id = "semantic.br.uf"
    summary = "Brazilian state code (or name), weighted by population; agrees with a group."
    params_model = UfParams
    pii = frozenset({"pii.location"})

    def _vocab(self, params: UfParams) -> pa.Array:
        return _places().uf_name if params.full_name else _places().uf_code

    def generate(self, ctx: GenContext, params: UfParams, rows: Rows) -> pa.Array:
        place = _place_stream(ctx, self.id, params, params.group)
        city = sample_places(place, rows, params.uf)
        return take(self._vocab(params), _places().uf_of_city[city])

    def value_space(self, ctx: GenContext, params: UfParams) -> int:
        return 1 if params.uf is not None else len(UF_CODES)

    def from_index(self, ctx: GenContext, params: UfParams, idx: Any) -> pa.Array:
        i = _i64(idx)
        if params.uf is not None:
            i = i + UF_CODES.index(params.uf)
        return take(self._vocab(params), i)

    def _length_bounds(self, params: UfParams) -> tuple[int, int]:
        if params.full_name:
            return 4, _max_utf8_len(_places().uf_names)
        return 2, 2


class CityParams(Params):
    with_uf: bool = Field(False, description="Append the state: Campinas - SP.")
    uf: UfCode | None = _uf_field("cities")
    group: str | None = _group_field()


@cache
def _distinct_cities(uf: str | None, with_uf: bool) -> pa.Array:
    places = _places()
    lo, hi = places.span[uf]
    vocab = places.city_uf if with_uf else places.city
    return vocabulary(sorted(set(vocab.slice(lo, hi - lo).to_pylist())))


@register
class City(_BrGenerator):
    """City weighted by population (550+ cities, all capitals). Example: ``Campinas``."""

    id = "semantic.br.city"
    summary = "Brazilian city weighted by population; agrees with UF, CEP and phone in a group."
    params_model = CityParams
    pii = frozenset({"pii.location"})

    def generate(self, ctx: GenContext, params: CityParams, rows: Rows) -> pa.Array:
        place = _place_stream(ctx, self.id, params, params.group)
        city = sample_places(place, rows, params.uf)
        return take(_places().city_uf if params.with_uf else _places().city, city)

    def value_space(self, ctx: GenContext, params: CityParams) -> int:
        return len(_distinct_cities(params.uf, params.with_uf))

    def from_index(self, ctx: GenContext, params: CityParams, idx: Any) -> pa.Array:
        return take(_distinct_cities(params.uf, params.with_uf), _i64(idx))

    def _length_bounds(self, params: CityParams) -> tuple[int, int]:
        names = _places().city_names
        extra = 5 if params.with_uf else 0
        return 3 + extra, _max_utf8_len(names) + extra


class CepParams(Params):
    formatted: bool = _formatted_field("01310-100", "01310100")
    uf: UfCode | None = _uf_field("CEPs")
    group: str | None = _group_field()


def _cep_of_cities(city: I64, u: F64, suffix: I64) -> I64:
    places = _places()
    k = np.minimum((u * places.cep_count[city]).astype(np.int64), places.cep_count[city] - 1)
    return places.cep_prefix[places.cep_first[city] + k] * 1000 + suffix


def _cep_text(cep: I64, formatted: bool) -> pa.Array:
    return _masked(ascii_digits(cep, 8), "#####-###" if formatted else "#" * 8)


def _cep_prefix_span(uf: str | None) -> tuple[int, int]:
    places = _places()
    lo, hi = places.span[uf]
    return int(places.cep_first[lo]), int(places.cep_first[hi - 1] + places.cep_count[hi - 1])


@register
class Cep(_BrGenerator):
    """CEP (postal code) inside the real range of its city and state. Example: ``13024-512``."""

    id = "semantic.br.cep"
    summary = "Brazilian CEP within its city's and state's real prefix ranges."
    params_model = CepParams
    pii = frozenset({"pii.location"})

    def generate(self, ctx: GenContext, params: CepParams, rows: Rows) -> pa.Array:
        place = _place_stream(ctx, self.id, params, params.group)
        city = sample_places(place, rows, params.uf)
        own = ctx.stream(self.id, params)
        cep = _cep_of_cities(
            city, own.sub("prefix").uniform(rows), own.sub("suffix").integers(rows, 0, 999)
        )
        return _cep_text(cep, params.formatted)

    def value_space(self, ctx: GenContext, params: CepParams) -> int:
        lo, hi = _cep_prefix_span(params.uf)
        return (hi - lo) * 1000

    def from_index(self, ctx: GenContext, params: CepParams, idx: Any) -> pa.Array:
        i = _i64(idx)
        lo, _ = _cep_prefix_span(params.uf)
        cep = _places().cep_prefix[lo + i // 1000] * 1000 + i % 1000
        return _cep_text(cep, params.formatted)

    def _length_bounds(self, params: CepParams) -> tuple[int, int]:
        n = 9 if params.formatted else 8
        return n, n


class PhoneParams(Params):
    format: Literal["e164", "national", "digits"] = Field(
        "e164",
        description="e164: +5511912345678; national: (11) 91234-5678; digits: 11912345678.",
    )
    kind: Literal["mobile", "landline", "any"] = Field(
        "mobile",
        description="mobile: 9 digits starting with 9; landline: 8 digits starting with 2-5; "
        "any: 80% mobile.",
    )
    uf: UfCode | None = _uf_field("phones")
    group: str | None = _group_field()


# Local numbers: mobile 9[5-9]XXXXXXX (5e7 per DDD), landline [2-5]XXXXXXX (4e7 per DDD).
_MOBILE_N, _LANDLINE_N = 50_000_000, 40_000_000
_PHONE_MULT = 7_777_777  # coprime with 2, 3 and 5: spreads unique numbers over the local space


def _phone_text(ddd: I64, local: I64, mobile: npt.NDArray[np.bool_], fmt: str) -> pa.Array:
    """``local`` has 9 digits for mobiles and 8 for landlines (written after the DDD)."""
    n = ddd.shape[0]
    head = {"e164": "+55##", "national": "(##) ", "digits": "##"}[fmt]
    pre, hyphen = len(head), fmt == "national"
    width = pre + 9 + hyphen
    out = np.empty((n, width), dtype=np.uint8)
    out[:, :pre] = np.frombuffer(head.encode("ascii"), dtype=np.uint8)
    out[:, [k for k, ch in enumerate(head) if ch == "#"]] = ascii_digits(ddd, 2)
    digits = ascii_digits(local, 9)  # landlines: a leading 0, skipped
    body = out[:, pre:]
    if hyphen:  # 91234-5678 / 3123-4567
        mobile_body = np.column_stack(
            [digits[:, :5], np.full(n, ord("-"), np.uint8), digits[:, 5:]]
        )
        land_body = np.column_stack(
            [digits[:, 1:5], np.full(n, ord("-"), np.uint8), digits[:, 5:], digits[:, :1]]
        )
    else:
        mobile_body = digits
        land_body = np.column_stack([digits[:, 1:], digits[:, :1]])
    body[:] = np.where(mobile[:, None], mobile_body, land_body)
    return _ragged(out, np.where(mobile, width, width - 1).astype(np.int64))


def _phone_values(
    place: Stream, own: Stream, rows: Rows, p: PhoneParams, uf: str | None
) -> pa.Array:
    city = sample_places(place, rows, uf)
    ddd = _places().ddd[city]
    if p.kind == "any":
        mobile = own.sub("kind").bernoulli(rows, 0.8)
    else:
        mobile = np.full(rows.shape[0], p.kind == "mobile")
    mob = 950_000_000 + own.sub("mobile").integers(rows, 0, _MOBILE_N - 1)
    land = 20_000_000 + own.sub("landline").integers(rows, 0, _LANDLINE_N - 1)
    return _phone_text(ddd, np.where(mobile, mob, land), mobile, p.format)


@cache
def _phone_space(uf: str | None, kind: str) -> tuple[I64, I64, int]:
    """(DDDs, cumulative capacities, local space): capacity per DDD follows its population."""
    places = _places()
    lo, hi = places.span[uf]
    ddds = places.ddd[lo:hi]
    unique = np.unique(ddds)
    weight = np.asarray([places.population[lo:hi][ddds == d].sum() for d in unique])
    local = {"mobile": _MOBILE_N, "landline": _LANDLINE_N, "any": _MOBILE_N + _LANDLINE_N}[kind]
    caps = np.maximum(1, np.floor(local * weight / weight.max())).astype(np.int64)
    cum = np.zeros(len(unique) + 1, dtype=np.int64)
    np.cumsum(caps, out=cum[1:])
    return unique.astype(np.int64), cum, local


def _phone_from_index(i: I64, p: PhoneParams, uf: str | None) -> pa.Array:
    ddds, cum, local = _phone_space(uf, p.kind)
    d = np.searchsorted(cum, i, side="right") - 1
    number = (i - cum[d]) * _PHONE_MULT % local
    mobile = number < _MOBILE_N if p.kind != "landline" else np.zeros(i.shape[0], dtype=bool)
    value = np.where(
        mobile, 950_000_000 + number, 20_000_000 + number - _MOBILE_N * (p.kind == "any")
    )
    return _phone_text(ddds[d], value, mobile, p.format)


@register
class Phone(_BrGenerator):
    """Phone with a DDD of the drawn city. Example: ``+5511912345678``, ``(19) 3234-5678``."""

    id = "semantic.br.phone"
    summary = "Brazilian phone: DDD of the city (agrees with a group), mobile 9 digits."
    params_model = PhoneParams
    pii = frozenset({"pii.phone"})

    def generate(self, ctx: GenContext, params: PhoneParams, rows: Rows) -> pa.Array:
        place = _place_stream(ctx, self.id, params, params.group)
        return _phone_values(place, ctx.stream(self.id, params), rows, params, params.uf)

    def value_space(self, ctx: GenContext, params: PhoneParams) -> int:
        return int(_phone_space(params.uf, params.kind)[1][-1])

    def from_index(self, ctx: GenContext, params: PhoneParams, idx: Any) -> pa.Array:
        return _phone_from_index(_i64(idx), params, params.uf)

    def _length_bounds(self, params: PhoneParams) -> tuple[int, int]:
        base = {"e164": 13, "national": 14, "digits": 10}[params.format]
        short = base + (params.kind == "mobile")
        return short, base + (params.kind != "landline")


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
    uf: UfCode | None = _uf_field("addresses")
    group: str | None = _group_field()

    @model_validator(mode="after")
    def _street_first(self) -> AddressParams:
        if "street" not in self.parts:
            raise ValueError("parts must include street")
        if len(set(self.parts)) != len(self.parts):
            raise ValueError("parts must not repeat")
        return self


@register
class Address(_BrGenerator):
    """Street address. Example: ``Avenida Brasil, 1520, Apto 302 - Jardim América``."""

    id = "semantic.br.address"
    summary = "Brazilian street address (type, name, number, complement, neighbourhood, ...)."
    params_model = AddressParams
    pii = frozenset({"pii.address"})

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
            parts += [", ", take(_numbers_vocab(10_000, "s/n"), number)]
        if "complement" in params.parts:
            vocab, dist, _ = _complements()
            comp = _pick(extra.sub("complement"), keys, dist)
            has = extra.sub("has_complement").bernoulli(keys, params.complement_rate)
            parts.append(take(vocab, np.where(has, comp, len(vocab) - 1)))
        if "neighborhood" in params.parts:
            hoods = _text_vocab("neighborhoods.txt")
            parts += [" - ", take(hoods, extra.sub("neighborhood").choice(keys, len(hoods)))]
        if city is not None:
            places = _places()
            if "city" in params.parts:
                parts += [", ", take(places.city, city)]
            if "uf" in params.parts:
                sep = " - " if "city" in params.parts else ", "
                parts += [sep, take(places.uf_code, places.uf_of_city[city])]
            if "cep" in params.parts:
                cep = _cep_of_cities(
                    city, extra.sub("cep").uniform(keys), extra.sub("suffix").integers(keys, 0, 999)
                )
                parts += [", CEP ", _cep_text(cep, True)]
        return join(parts)

    def _needs_place(self, params: AddressParams) -> bool:
        return any(part in params.parts for part in ("city", "uf", "cep"))

    def generate(self, ctx: GenContext, params: AddressParams, rows: Rows) -> pa.Array:
        own = ctx.stream(self.id, params)
        street = _pick(own.sub("street"), rows, _streets().full_dist)
        # House numbers are lognormal (median 250, 95% within 35-1780, at most 9999); 3% "s/n".
        z = own.sub("number").normal(rows, math.log(250), 1.0)
        number = np.clip(np.exp(z), 1, 9999).astype(np.int64)
        number = np.where(own.sub("no_number").bernoulli(rows, 0.03), 0, number)
        city = None
        if self._needs_place(params):
            place = _place_stream(ctx, self.id, params, params.group)
            city = sample_places(place, rows, params.uf)
        return self._render(params, street, number, own, rows, city)

    def value_space(self, ctx: GenContext, params: AddressParams) -> int:
        streets = _streets()
        combos = streets.n_names * streets.n_types
        return combos * 9999 if "number" in params.parts else combos

    def from_index(self, ctx: GenContext, params: AddressParams, idx: Any) -> pa.Array:
        # The (street, number) core is distinct; the other parts are drawn from the index.
        i = _i64(idx)
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
            "neighborhood": 3 + _max_utf8_len(_text_list("neighborhoods.txt")),
            "city": 2 + _max_utf8_len(_places().city_names),
            "uf": 5,
            "cep": 15,
        }
        return 8, longest + sum(v for k, v in extra.items() if k in params.parts)


@register
class Neighborhood(_BrGenerator):
    """Neighbourhood name common across Brazilian cities. Example: ``Jardim América``."""

    id = "semantic.br.neighborhood"
    summary = "Brazilian neighbourhood (bairro) name."
    params_model = NoParams
    pii = frozenset({"pii.location"})

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        hoods = _text_vocab("neighborhoods.txt")
        return take(hoods, ctx.stream(self.id, params).choice(rows, len(hoods)))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return len(_text_list("neighborhoods.txt"))

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(_text_vocab("neighborhoods.txt"), _i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 4, _max_utf8_len(_text_list("neighborhoods.txt"))


@register
class Street(_BrGenerator):
    """Street with its type, weighted. Example: ``Rua Sete de Setembro``."""

    id = "semantic.br.street"
    summary = "Brazilian street name with its type (Rua, Avenida, Travessa, ...)."
    params_model = NoParams
    pii = frozenset({"pii.address"})

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        return take(_streets().full, _pick(ctx.stream(self.id, params), rows, _streets().full_dist))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return _streets().n_names * _streets().n_types

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(_streets().full, _i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 6, _streets().max_len


# --------------------------------------------------------------------------------------------
# Commerce and network
# --------------------------------------------------------------------------------------------


class MoneyParams(Params):
    min: Decimal = Field(Decimal("10.00"), ge=-(10**12), le=10**12, description="Lowest amount.")
    max: Decimal = Field(Decimal("10000.00"), ge=-(10**12), le=10**12, description="Highest.")

    @model_validator(mode="after")
    def _ordered(self) -> MoneyParams:
        if _cents(self.min, ROUND_CEILING) > _cents(self.max, ROUND_FLOOR):
            raise ValueError("min must not exceed max (and the range must hold a whole cent)")
        return self


def _cents(value: Decimal, rounding: str) -> int:
    return int((value * 100).to_integral_value(rounding=rounding))


@register
class MoneyBrl(_BrGenerator):
    """Amount in reais, uniform in [min, max] with cents: ``decimal128(38, 2)``."""

    id = "semantic.br.money.brl"
    summary = "Amount in BRL (decimal, 2 places), uniform in [min, max]."
    params_model = MoneyParams
    output = TypeFamily.DECIMAL
    fits = frozenset({TypeFamily.DECIMAL, TypeFamily.FLOAT, TypeFamily.MONEY})
    locales = None

    def _bounds(self, params: MoneyParams) -> tuple[int, int]:
        return _cents(params.min, ROUND_CEILING), _cents(params.max, ROUND_FLOOR)

    def generate(self, ctx: GenContext, params: MoneyParams, rows: Rows) -> pa.Array:
        lo, hi = self._bounds(params)
        return decimals_from_unscaled(ctx.stream(self.id, params).integers(rows, lo, hi), 2)

    def value_space(self, ctx: GenContext, params: MoneyParams) -> int:
        lo, hi = self._bounds(params)
        return hi - lo + 1

    def from_index(self, ctx: GenContext, params: MoneyParams, idx: Any) -> pa.Array:
        return decimals_from_unscaled(self._bounds(params)[0] + _i64(idx), 2)


@register
class Ip(_BrGenerator):
    """IPv4 address with every octet in 1..254. Example: ``187.34.201.9``."""

    id = "semantic.br.ip"
    summary = "IPv4 address (octets 1-254)."
    params_model = NoParams
    output = TypeFamily.NETWORK
    fits = TEXTUAL | {TypeFamily.NETWORK}
    pii = frozenset({"pii.network"})
    locales = None

    def _render(self, i: I64) -> pa.Array:
        vocab = _numbers_vocab(255)
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
        return self._render(_i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 7, 15


class UrlParams(Params):
    domain: str | None = Field(
        None, description="Host name (default: safe example domains such as exemplo.example)."
    )

    @field_validator("domain")
    @classmethod
    def _valid_domain(cls, value: str | None) -> str | None:
        return _check_domain(value)


_URL_SECTIONS = ("produtos", "categoria", "ofertas", "blog", "noticias", "ajuda", "loja", "p")
_URL_DOMAINS = ("exemplo.example", "example.com", "example.org", "example.net")


@cache
def _url_slugs() -> pa.Array:
    return vocabulary(sorted({_slug(p) for p in _text_list("products.tsv")}))


@register
class Url(_BrGenerator):
    """Page URL on a safe domain. Example: ``https://www.exemplo.example/produtos/cafe-500g-12``."""

    id = "semantic.br.url"
    summary = "Web page URL on a safe example domain with a Portuguese slug."
    params_model = UrlParams
    pii = frozenset({"pii.network"})
    locales = None

    def _radices(self, params: UrlParams) -> tuple[int, int, int, int]:
        n_dom = 1 if params.domain else len(_URL_DOMAINS)
        return n_dom, len(_URL_SECTIONS), len(_url_slugs()), 9999

    def _render(self, params: UrlParams, i: I64) -> pa.Array:
        n_dom, n_sec, n_slug, n_page = self._radices(params)
        page, i = i % n_page + 1, i // n_page
        slug, i = i % n_slug, i // n_slug
        section, dom = i % n_sec, i // n_sec
        host: pa.Array | str = params.domain or take(vocabulary(_URL_DOMAINS), dom % n_dom)
        parts: list[pa.Array | str] = ["https://www.", host, "/"]
        parts += [take(vocabulary(_URL_SECTIONS), section), "/", take(_url_slugs(), slug), "-"]
        return join([*parts, take(_numbers_vocab(10_000), page)])

    def generate(self, ctx: GenContext, params: UrlParams, rows: Rows) -> pa.Array:
        space = self.value_space(ctx, params)
        return self._render(params, ctx.stream(self.id, params).integers(rows, 0, space - 1))

    def value_space(self, ctx: GenContext, params: UrlParams) -> int:
        return math.prod(self._radices(params))

    def from_index(self, ctx: GenContext, params: UrlParams, idx: Any) -> pa.Array:
        return self._render(params, _i64(idx))


class CompanyParams(Params):
    legal_suffix: bool = Field(
        True, description="End with the legal form (Ltda, S.A., ME, EPP, EIRELI)."
    )


_LEGAL = ((" Ltda", 0.55), (" S.A.", 0.1), (" ME", 0.17), (" EPP", 0.12), (" EIRELI", 0.06))


@dataclass(frozen=True)
class _Companies:
    prefix: pa.Array
    activity: pa.Array  # " Engenharia" ... plus "" (none) at the end
    legal: pa.Array
    legal_dist: _Dist
    max_len: int


@cache
def _companies() -> _Companies:
    prefix = _text_list("companies_prefix.txt")
    activity = [" " + a for a in _text_list("companies_suffix.txt")] + [""]
    longest = _max_utf8_len(prefix) + _max_utf8_len(activity) + max(len(s) for s, _ in _LEGAL)
    return _Companies(
        vocabulary(prefix),
        vocabulary(activity),
        vocabulary([s for s, _ in _LEGAL]),
        _cdf([w for _, w in _LEGAL]),
        longest,
    )


@register
class CompanyName(_BrGenerator):
    """Company name. Example: ``Horizonte Engenharia e Construções Ltda``."""

    id = "semantic.br.company.name"
    summary = "Brazilian company name: distinctive part, line of business, legal form."
    params_model = CompanyParams

    def _render(self, params: CompanyParams, prefix: I64, activity: I64, legal: I64) -> pa.Array:
        c = _companies()
        parts: list[pa.Array | str] = [take(c.prefix, prefix), take(c.activity, activity)]
        if params.legal_suffix:
            parts.append(take(c.legal, legal))
        return join(parts)

    def generate(self, ctx: GenContext, params: CompanyParams, rows: Rows) -> pa.Array:
        c = _companies()
        s = ctx.stream(self.id, params)
        prefix = s.sub("prefix").choice(rows, len(c.prefix))
        # One in five names has no line of business ("Alvorada Ltda").
        activity = s.sub("activity").choice(rows, len(c.activity) - 1)
        activity = np.where(s.sub("bare").bernoulli(rows, 0.2), len(c.activity) - 1, activity)
        return self._render(params, prefix, activity, _pick(s.sub("legal"), rows, c.legal_dist))

    def value_space(self, ctx: GenContext, params: CompanyParams) -> int:
        c = _companies()
        return len(c.prefix) * len(c.activity) * (len(c.legal) if params.legal_suffix else 1)

    def from_index(self, ctx: GenContext, params: CompanyParams, idx: Any) -> pa.Array:
        c = _companies()
        i = _i64(idx)
        prefix, rest = i % len(c.prefix), i // len(c.prefix)
        activity, legal = rest % len(c.activity), rest // len(c.activity)
        return self._render(params, prefix, activity, legal)

    def _length_bounds(self, params: CompanyParams) -> tuple[int, int]:
        return 3, _companies().max_len


@register
class ProductName(_BrGenerator):
    """Product name from a catalogue of everyday goods. Example: ``Café Torrado e Moído 500g``."""

    id = "semantic.br.product.name"
    summary = "Product name (groceries, electronics, home, clothing, ...)."
    params_model = NoParams

    def generate(self, ctx: GenContext, params: NoParams, rows: Rows) -> pa.Array:
        names = _text_vocab("products.tsv")
        return take(names, ctx.stream(self.id, params).choice(rows, len(names)))

    def value_space(self, ctx: GenContext, params: NoParams) -> int:
        return len(_text_list("products.tsv"))

    def from_index(self, ctx: GenContext, params: NoParams, idx: Any) -> pa.Array:
        return take(_text_vocab("products.tsv"), _i64(idx))

    def _length_bounds(self, params: NoParams) -> tuple[int, int]:
        return 4, _max_utf8_len(_text_list("products.tsv"))


# --------------------------------------------------------------------------------------------
# PIX keys
# --------------------------------------------------------------------------------------------

PixKind = Literal["cpf", "cnpj", "email", "phone", "random", "mixed"]
_PIX_KINDS: tuple[str, ...] = ("cpf", "phone", "email", "random", "cnpj")
_PIX_WEIGHTS = (0.35, 0.25, 0.2, 0.15, 0.05)
_PIX_DIST = _cdf(_PIX_WEIGHTS)
#: Slots of one block of the unique path for ``mixed`` (proportions of the kinds).
_PIX_SLOTS = (("cpf", 7), ("phone", 5), ("email", 4), ("random", 3), ("cnpj", 1))
_PIX_BLOCK = sum(k for _, k in _PIX_SLOTS)
_CNPJ_RAW = CnpjParams()
_PHONE_E164 = PhoneParams()


class PixParams(Params):
    kind: PixKind = Field(
        "mixed",
        description="cpf / cnpj (digits), email, phone (+55...), random (UUID v4) or mixed "
        "(35% cpf, 25% phone, 20% email, 15% random, 5% cnpj).",
    )


def _uuid_text(hi: npt.NDArray[np.uint64], lo: npt.NDArray[np.uint64]) -> pa.Array:
    n = hi.shape[0]
    raw = np.empty((n, 16), dtype=np.uint8)
    raw[:, :8] = hi.astype("<u8").view(np.uint8).reshape(n, 8)
    raw[:, 8:] = lo.astype("<u8").view(np.uint8).reshape(n, 8)
    return _uuid_bytes_text(raw)


def _uuid_bytes_text(raw: U8) -> pa.Array:
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    hexed = np.empty((raw.shape[0], 32), dtype=np.uint8)
    hexed[:, 0::2] = _HEX[raw >> 4]
    hexed[:, 1::2] = _HEX[raw & 0x0F]
    return _masked(hexed, "########-####-####-####-############")


def _uuid_from_index(i: I64, key: int) -> pa.Array:
    # A bijective mix of the index fills 64 bits that the version and variant never touch.
    word = mix64(i.astype(np.uint64) ^ np.uint64(key & 0xFFFFFFFFFFFFFFFF))
    filler = mix64(word ^ np.uint64(0x5DEECE66D))
    n = i.shape[0]
    w = word.astype("<u8").view(np.uint8).reshape(n, 8)
    raw = np.empty((n, 16), dtype=np.uint8)
    raw[:, 8:] = filler.astype("<u8").view(np.uint8).reshape(n, 8)
    raw[:, 6] = raw[:, 8]
    raw[:, [0, 1, 2, 3, 4, 5, 7, 9]] = w
    return _uuid_bytes_text(raw)


_PIX_SPACES = {
    "cpf": lambda: _cpf_space(None),
    "cnpj": lambda: _cnpj_roots(False),
    "email": lambda: _email_space_size("any", None),
    "phone": lambda: int(_phone_space(None, "mobile")[1][-1]),
    "random": lambda: 2**62,
}


@register
class PixKey(_BrGenerator):
    """PIX key: CPF, CNPJ, e-mail, phone (+55...) or random key (UUID v4), or a realistic mix."""

    id = "semantic.br.pix_key"
    summary = "PIX key of a chosen kind (cpf, cnpj, email, phone, random UUID) or a mix."
    params_model = PixParams
    pii = frozenset({"pii.pix"})

    def _kind_values(self, kind: str, s: Stream, rows: Rows) -> pa.Array:
        sub = s.sub(kind)
        if kind == "cpf":
            return _cpf_from_index(sub.integers(rows, 0, _cpf_space(None) - 1), None, False)
        if kind == "cnpj":
            return _cnpj_render(
                sub.integers(rows, 0, 10**8 - 1), np.ones(rows.shape[0], np.int64), _CNPJ_RAW
            )
        if kind == "email":
            return _email_values(sub.sub("person"), sub, rows, "any", None)
        if kind == "phone":
            return _phone_values(sub.sub("place"), sub, rows, _PHONE_E164, None)
        return _uuid_text(sub.sub("hi").words(rows), sub.sub("lo").words(rows))

    def _kind_from_index(self, kind: str, i: I64, key: int) -> pa.Array:
        if kind == "cpf":
            return _cpf_from_index(i, None, False)
        if kind == "cnpj":
            return _cnpj_render(i, np.ones_like(i), _CNPJ_RAW)
        if kind == "email":
            return _email_from_index(i, "any", None)
        if kind == "phone":
            return _phone_from_index(i, _PHONE_E164, None)
        return _uuid_from_index(i, key)

    @staticmethod
    def _scatter(kind_of_row: I64, values: dict[int, pa.Array]) -> pa.Array:
        """Reassemble per-kind results into row order."""
        order = np.concatenate([np.flatnonzero(kind_of_row == k) for k in sorted(values)])
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.shape[0])
        merged = pa.concat_arrays([values[k] for k in sorted(values)])
        return take(merged, inverse)

    def generate(self, ctx: GenContext, params: PixParams, rows: Rows) -> pa.Array:
        s = ctx.stream(self.id, params)
        if params.kind != "mixed":
            return self._kind_values(params.kind, s, rows)
        kind = _pick(s.sub("kind"), rows, _PIX_DIST)
        values = {
            k: self._kind_values(name, s, rows[kind == k]) for k, name in enumerate(_PIX_KINDS)
        }
        return self._scatter(kind, values)

    def value_space(self, ctx: GenContext, params: PixParams) -> int:
        if params.kind != "mixed":
            return int(_PIX_SPACES[params.kind]())
        return _PIX_BLOCK * min(int(_PIX_SPACES[k]()) // n for k, n in _PIX_SLOTS)

    def from_index(self, ctx: GenContext, params: PixParams, idx: Any) -> pa.Array:
        i = _i64(idx)
        key = derive_key(ctx.seed, ctx.table, ctx.column, self.id, "uuid")
        if params.kind != "mixed":
            return self._kind_from_index(params.kind, i, key)
        # Mixed: blocks of 20 slots, each slot a kind; a kind's k-th value in block b is its
        # (b * slots_of_kind + k)-th value, so kinds never collide (their texts differ anyway).
        block, slot = i // _PIX_BLOCK, i % _PIX_BLOCK
        slot_kind = np.repeat(np.arange(len(_PIX_SLOTS)), [n for _, n in _PIX_SLOTS])
        slot_rank = np.concatenate([np.arange(n) for _, n in _PIX_SLOTS])
        kind = slot_kind[slot]
        values = {}
        for k, (name, n) in enumerate(_PIX_SLOTS):
            mine = kind == k
            values[k] = self._kind_from_index(name, block[mine] * n + slot_rank[slot[mine]], key)
        return self._scatter(kind, values)
